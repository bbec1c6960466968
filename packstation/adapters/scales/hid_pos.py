"""USB postal scales of the HID point-of-sale class (usage page 0x8D: Dymo, Stamps.com …).

These scales need no driver: they are HID devices that send a 6-byte input report whenever
they measure, in the layout of the HID Point of Sale usage tables (report id 3):

====  ==============================================================
byte  meaning
====  ==============================================================
0     report id, 3 ("scale data report")
1     status: 1 fault, 2 stable at zero, 3 in motion, 4 stable, 5 under zero,
      6 over the limit, 7 needs calibration, 8 needs re-zeroing
2     unit: 1 mg, 2 g, 3 kg, 11 oz, 12 lb (others are refused)
3     exponent, a signed byte: the weight is the 16-bit value × 10^exponent
4, 5  weight, least significant byte first
====  ==============================================================

`parse_report` is pure. `HidPosScale` reads the device through the ``hid`` package (ctypes
bindings to the hidapi library; ``pip install 'packstation[scales]'``), imported only when a
USB scale is opened, so the station runs without it. The scales take no commands: zero and
tare are the station's own (see `PollingScale`).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from packstation.adapters.scales.base import PollingScale
from packstation.domain.weighing import ScaleError, ScaleProblem, StabilityRule, Weight, WeightUnit

#: The HID usage page of point-of-sale devices, scales among them.
POS_USAGE_PAGE = 0x8D
#: The report id of the scale data report.
SCALE_DATA_REPORT = 3
#: USB postal scales known to send the scale data report (vendor id, product id) → name.
KNOWN_SCALES: Mapping[tuple[int, int], str] = {
    (0x0922, 0x8003): "Dymo M10",
    (0x0922, 0x8004): "Dymo M25",
    (0x0922, 0x8009): "Dymo S100",
    (0x1446, 0x6A73): "Stamps.com scale",
    (0x1446, 0x6A74): "Stamps.com scale",
}

# unit code → (unit, factor to that unit)
_UNITS: Mapping[int, tuple[WeightUnit, Decimal]] = {
    1: (WeightUnit.G, Decimal("0.001")),
    2: (WeightUnit.G, Decimal(1)),
    3: (WeightUnit.KG, Decimal(1)),
    11: (WeightUnit.OZ, Decimal(1)),
    12: (WeightUnit.LB, Decimal(1)),
}
_UNIT_NAMES = {4: "carats", 5: "taels", 6: "grains", 7: "pennyweights", 8: "tonnes", 9: "tons",
               10: "troy ounces"}  # fmt: skip

_STATUS_ERRORS: Mapping[int, tuple[ScaleProblem, str]] = {
    1: (ScaleProblem.NOT_READY, "The scale reports a fault: switch it off and on again."),
    5: (
        ScaleProblem.UNDERLOAD,
        "The scale shows less than zero: take everything off and press its ZERO key.",
    ),
    6: (
        ScaleProblem.OVERLOAD,
        "The parcel is too heavy for the scale (over its limit): weigh it on a larger scale.",
    ),
    7: (ScaleProblem.NOT_READY, "The scale needs calibrating before it can weigh."),
    8: (
        ScaleProblem.NOT_READY,
        "The scale needs zeroing: take everything off and press its ZERO key.",
    ),
}


def parse_report(report: bytes) -> Weight | None:
    """The weight in one input report; None for a report that is not scale data (another
    report id); ``ScaleError`` for a fault, under zero, overload or a short report."""
    if not report or report[0] != SCALE_DATA_REPORT:
        return None
    if len(report) < 6:
        raise ScaleError(
            ScaleProblem.GARBLED,
            f"The USB scale sent a report of {len(report)} bytes; 6 were expected.",
        )
    status, unit_code, exponent_byte = report[1], report[2], report[3]
    if status in _STATUS_ERRORS:
        problem, message = _STATUS_ERRORS[status]
        raise ScaleError(problem, message)
    if status not in (2, 3, 4):
        raise ScaleError(ScaleProblem.GARBLED, f"The USB scale sent an unknown status {status}.")
    raw = report[4] | report[5] << 8
    if status == 2:
        raw = 0  # stable at zero
    if unit_code not in _UNITS:
        name = _UNIT_NAMES.get(unit_code, f"unit {unit_code}")
        raise ScaleError(
            ScaleProblem.NOT_SUPPORTED,
            f"The USB scale weighs in {name}; set it to g, kg, lb or oz.",
        )
    unit, factor = _UNITS[unit_code]
    exponent = exponent_byte - 256 if exponent_byte > 127 else exponent_byte
    value = Decimal(raw).scaleb(exponent) * factor
    return Weight(value, unit, stable=status in (2, 4))


class HidReports(Protocol):
    """An open HID device, as far as the scale needs it."""

    def read_report(self, timeout_ms: int) -> bytes:
        """The next input report, or b"" when none came within ``timeout_ms``."""
        ...

    def close(self) -> None: ...


def _missing_library(exc: BaseException) -> ScaleError:
    return ScaleError(
        ScaleProblem.NOT_SUPPORTED,
        "USB scales need the hidapi library and the 'hid' Python package "
        f"(pip install 'packstation[scales]'; on Linux also libhidapi-hidraw0): {exc}",
    )


def _hid_module() -> Any:
    try:
        return importlib.import_module("hid")
    except (ImportError, OSError) as exc:  # the package, or the C library it loads
        raise _missing_library(exc) from None


class _HidDevice:
    """`HidReports` over the ``hid`` package's ``Device``."""

    def __init__(self, device: Any) -> None:
        self._device = device

    def read_report(self, timeout_ms: int) -> bytes:
        return bytes(self._device.read(64, timeout_ms))

    def close(self) -> None:
        self._device.close()


def find_scales(hid: Any) -> list[Mapping[str, Any]]:
    """The attached HID devices that are scales: usage page 0x8D, or a known postal scale."""
    found = []
    for info in hid.enumerate(0, 0):
        key = (info.get("vendor_id"), info.get("product_id"))
        if info.get("usage_page") == POS_USAGE_PAGE or key in KNOWN_SCALES:
            found.append(info)
    return found


def open_hid_scale(vendor_id: int | None, product_id: int | None) -> HidReports:
    """Open the first attached USB scale (matching the ids when given)."""
    hid = _hid_module()
    candidates = [
        info
        for info in find_scales(hid)
        if (vendor_id is None or info.get("vendor_id") == vendor_id)
        and (product_id is None or info.get("product_id") == product_id)
    ]
    wanted = "" if vendor_id is None else f" {vendor_id:04x}:{(product_id or 0):04x}"
    if not candidates:
        raise ScaleError(
            ScaleProblem.UNPLUGGED,
            f"No USB scale{wanted} is plugged in (or it is switched off; postal scales switch "
            "themselves off after a few minutes).",
        )
    try:
        return _HidDevice(hid.Device(path=candidates[0]["path"]))
    except Exception as exc:  # noqa: BLE001 - hid raises its own HIDException
        raise ScaleError(
            ScaleProblem.UNPLUGGED,
            f"The USB scale{wanted} cannot be opened ({exc}): on Linux the station needs "
            "read access to its /dev/hidraw device (a udev rule).",
        ) from None


class HidPosScale(PollingScale):
    """A USB postal scale (HID POS). ``open_device`` may be swapped (tests replay reports)."""

    def __init__(
        self,
        vendor_id: int | None = None,
        product_id: int | None = None,
        *,
        read_timeout_ms: int = 500,
        stability: StabilityRule | None = None,
        poll_s: float = 0.1,
        open_device: Callable[[int | None, int | None], HidReports] = open_hid_scale,
    ) -> None:
        super().__init__(stability=stability, poll_s=poll_s)
        self._vendor_id = vendor_id
        self._product_id = product_id
        self._read_timeout_ms = read_timeout_ms
        self._open_device = open_device
        self._device: HidReports | None = None
        self._lock = asyncio.Lock()

    @property
    def description(self) -> str:
        name = KNOWN_SCALES.get((self._vendor_id or 0, self._product_id or 0), "USB scale")
        if self._vendor_id is None:
            return name
        return f"{name} {self._vendor_id:04x}:{(self._product_id or 0):04x}"

    async def open(self) -> None:
        async with self._lock:
            await self._open_locked()

    async def _open_locked(self) -> HidReports:
        if self._device is None:
            self._device = await asyncio.to_thread(
                self._open_device, self._vendor_id, self._product_id
            )
        return self._device

    async def close(self) -> None:
        async with self._lock:
            device, self._device = self._device, None
            if device is not None:
                await asyncio.to_thread(device.close)

    def _newest_blocking(self, device: HidReports) -> Weight:
        newest: Weight | None = None
        # the device queues reports: take what is waiting, keep the newest
        for _ in range(64):
            report = device.read_report(0)
            if not report:
                break
            newest = parse_report(report) or newest
        while newest is None:
            report = device.read_report(self._read_timeout_ms)
            if not report:
                raise ScaleError(
                    ScaleProblem.UNPLUGGED,
                    f"The {self.description} sent no weight within "
                    f"{self._read_timeout_ms / 1000:g} s: is it switched on?",
                )
            newest = parse_report(report)
        return newest

    async def _raw(self) -> Weight:
        async with self._lock:
            device = await self._open_locked()
            try:
                return await asyncio.to_thread(self._newest_blocking, device)
            except ScaleError:
                raise
            except Exception as exc:  # noqa: BLE001 - the device vanished (HIDException, OSError)
                self._device = None
                with contextlib.suppress(Exception):
                    await asyncio.to_thread(device.close)
                raise ScaleError(
                    ScaleProblem.UNPLUGGED,
                    f"The {self.description} stopped answering ({exc}): is it still plugged in?",
                ) from None
