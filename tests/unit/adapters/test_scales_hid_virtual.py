"""USB HID postal scales (reports in the HID POS scale layout) and the virtual scale."""

from __future__ import annotations

import sys
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from packstation.adapters.scales import HidPosScale, VirtualScale
from packstation.adapters.scales.hid_pos import find_scales, open_hid_scale, parse_report
from packstation.domain.weighing import ScaleError, ScaleProblem, StabilityRule, Weight

# Scale data reports (report id 3) as Dymo and Stamps.com scales send them:
# id, status, unit, exponent, weight LSB, weight MSB.
EMPTY_PAN_G = bytes.fromhex("030202000000")
STABLE_1000_G = bytes.fromhex("03040200e803")
MOVING_378_G = bytes.fromhex("030302007a01")
STABLE_30_OZ = bytes.fromhex("03040bff2c01")  # 300 × 10^-1 oz
STABLE_1_234_KG = bytes.fromhex("030403fdd204")  # 1234 × 10^-3 kg
STABLE_2_5_LB = bytes.fromhex("03040cfefa00")  # 250 × 10^-2 lb
UNDER_ZERO = bytes.fromhex("030502000a00")
OVER_LIMIT = bytes.fromhex("030602000000")
FAULT = bytes.fromhex("030102000000")
NEEDS_ZERO = bytes.fromhex("030802000000")
CARATS = bytes.fromhex("030404000a00")
OTHER_REPORT = bytes.fromhex("0501000000")


@pytest.mark.parametrize(
    ("report", "weight"),
    [
        (EMPTY_PAN_G, Weight.of(0, "g")),
        (STABLE_1000_G, Weight.of(1000, "g")),
        (MOVING_378_G, Weight.of(378, "g", stable=False)),
        (STABLE_30_OZ, Weight.of("30.0", "oz")),
        (STABLE_1_234_KG, Weight.of("1.234", "kg")),
        (STABLE_2_5_LB, Weight.of("2.50", "lb")),
        (OTHER_REPORT, None),
        (b"", None),
    ],
)
def test_scale_data_reports(report: bytes, weight: Weight | None) -> None:
    assert parse_report(report) == weight


def test_thirty_ounces_are_850_grams() -> None:
    weight = parse_report(STABLE_30_OZ)
    assert weight is not None
    assert weight.whole_grams == 850


@pytest.mark.parametrize(
    ("report", "problem", "words"),
    [
        (UNDER_ZERO, ScaleProblem.UNDERLOAD, "less than zero"),
        (OVER_LIMIT, ScaleProblem.OVERLOAD, "too heavy"),
        (FAULT, ScaleProblem.NOT_READY, "fault"),
        (NEEDS_ZERO, ScaleProblem.NOT_READY, "needs zeroing"),
        (CARATS, ScaleProblem.NOT_SUPPORTED, "weighs in carats"),
        (bytes.fromhex("030402"), ScaleProblem.GARBLED, "report of 3 bytes"),
        (bytes.fromhex("030902000000"), ScaleProblem.GARBLED, "unknown status 9"),
    ],
)
def test_problem_reports(report: bytes, problem: ScaleProblem, words: str) -> None:
    with pytest.raises(ScaleError, match=words) as caught:
        parse_report(report)
    assert caught.value.problem is problem


class Replay:
    """An open HID device that hands out recorded reports, then times out.

    ``None`` in the list is a moment when no report is waiting (the scale read stops there).
    """

    def __init__(self, *reports: bytes | Exception | None) -> None:
        self.reports = list(reports)
        self.closed = False
        self.timeouts: list[int] = []

    def read_report(self, timeout_ms: int) -> bytes:
        self.timeouts.append(timeout_ms)
        if not self.reports:
            return b""
        report = self.reports.pop(0)
        if isinstance(report, Exception):
            raise report
        return report or b""

    def close(self) -> None:
        self.closed = True


def opener(*devices: Replay) -> Any:
    queue = list(devices)
    calls: list[tuple[int | None, int | None]] = []

    def open_device(vendor_id: int | None, product_id: int | None) -> Replay:
        calls.append((vendor_id, product_id))
        return queue.pop(0)

    open_device.calls = calls  # type: ignore[attr-defined]
    return open_device


FAST = StabilityRule(readings=2, tolerance_g=Decimal(1), window_s=5)


@pytest.mark.asyncio
async def test_the_newest_waiting_report_is_the_reading() -> None:
    device = Replay(MOVING_378_G, OTHER_REPORT, STABLE_1000_G)
    scale = HidPosScale(0x0922, 0x8003, open_device=opener(device))
    assert await scale.read() == Weight.of(1000, "g")
    assert device.timeouts[:3] == [0, 0, 0]  # the queue is drained without waiting
    await scale.close()
    assert device.closed


@pytest.mark.asyncio
async def test_stable_weight_and_tare_in_the_station() -> None:
    device = Replay(MOVING_378_G, None, MOVING_378_G, None, STABLE_1000_G, None, STABLE_1000_G)
    scale = HidPosScale(open_device=opener(device), stability=FAST, poll_s=0)
    assert (await scale.read()).stable is False
    assert await scale.read_stable(5) == Weight.of(1000, "g")
    assert device.reports == []
    device.reports = [STABLE_1000_G, None, STABLE_1000_G]
    await scale.tare()
    assert scale.tare_g == Decimal(1000)
    device.reports = [STABLE_30_OZ]
    net = await scale.read()
    assert (net.unit.value, round(net.grams, 3)) == ("oz", Decimal("-149.514"))
    await scale.close()


@pytest.mark.asyncio
async def test_a_scale_that_sends_nothing_is_reported() -> None:
    scale = HidPosScale(0x0922, 0x8003, read_timeout_ms=200, open_device=opener(Replay()))
    with pytest.raises(ScaleError, match=r"Dymo M10 0922:8003 sent no weight within 0.2 s"):
        await scale.read()
    await scale.close()


@pytest.mark.asyncio
async def test_a_scale_pulled_out_is_reopened_on_the_next_reading() -> None:
    first = Replay(STABLE_1000_G, None, OSError("read error"))
    second = Replay(STABLE_30_OZ)
    open_device = opener(first, second)
    scale = HidPosScale(0x1446, 0x6A73, open_device=open_device)
    assert await scale.read() == Weight.of(1000, "g")
    with pytest.raises(ScaleError, match=r"Stamps.com scale 1446:6a73 stopped answering") as caught:
        await scale.read()
    assert caught.value.problem is ScaleProblem.UNPLUGGED
    assert first.closed
    assert await scale.read() == Weight.of("30.0", "oz")
    assert open_device.calls == [(0x1446, 0x6A73), (0x1446, 0x6A73)]
    await scale.close()


def test_without_the_hid_package_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "hid", None)  # import hid now raises ImportError
    with pytest.raises(ScaleError, match=r"pip install 'packstation\[scales\]'") as caught:
        open_hid_scale(None, None)
    assert caught.value.problem is ScaleProblem.NOT_SUPPORTED


def test_scales_are_found_by_usage_page_or_known_ids() -> None:
    devices = [
        {"vendor_id": 0x046D, "product_id": 0xC52B, "usage_page": 0x01, "path": b"mouse"},
        {"vendor_id": 0x0922, "product_id": 0x8003, "usage_page": 0x00, "path": b"dymo"},
        {"vendor_id": 0x1234, "product_id": 0x0001, "usage_page": 0x8D, "path": b"pos"},
    ]
    hid = SimpleNamespace(enumerate=lambda vid, pid: devices)
    assert [d["path"] for d in find_scales(hid)] == [b"dymo", b"pos"]


def test_no_scale_plugged_in_is_said_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    hid = SimpleNamespace(enumerate=lambda vid, pid: [])
    monkeypatch.setitem(sys.modules, "hid", hid)
    with pytest.raises(ScaleError, match="No USB scale 0922:8003 is plugged in") as caught:
        open_hid_scale(0x0922, 0x8003)
    assert caught.value.problem is ScaleProblem.UNPLUGGED


# --------------------------------------------------------------------------- virtual


@pytest.mark.asyncio
async def test_the_virtual_scale_wobbles_then_settles() -> None:
    scale = VirtualScale(settle_readings=3, stability=FAST, poll_s=0)
    assert await scale.read() == Weight.of(0, "g")
    scale.place(1826)
    first = await scale.read()
    assert (first.stable, first.grams != 1826) == (False, True)
    assert await scale.read_stable(5) == Weight.of(1826, "g")


@pytest.mark.asyncio
async def test_the_virtual_scale_practises_the_problems() -> None:
    scale = VirtualScale(capacity_g=5000, settle_readings=0, stability=FAST, poll_s=0)
    scale.place(6000)
    with pytest.raises(ScaleError, match="over 5000 g") as caught:
        await scale.read()
    assert caught.value.problem is ScaleProblem.OVERLOAD
    scale.unplug()
    with pytest.raises(ScaleError, match="unplugged") as caught:
        await scale.read()
    assert caught.value.problem is ScaleProblem.UNPLUGGED
    scale.plug_in()
    scale.place(120)
    await scale.tare()
    scale.place(1500)
    assert (await scale.read_stable(5)).grams == Decimal(1380)
    with pytest.raises(ScaleError, match="take everything off"):
        await scale.zero()
    scale.take_off()
    await scale.zero()  # clears the tare, the empty pan is zero
    assert (await scale.read_stable(5)).grams == 0


@pytest.mark.asyncio
async def test_tare_with_nothing_on_the_scale_is_refused() -> None:
    scale = VirtualScale(settle_readings=0, stability=FAST, poll_s=0)
    with pytest.raises(ScaleError, match="put the empty box on it first"):
        await scale.tare()


@pytest.mark.asyncio
async def test_a_scale_that_never_settles_times_out_in_words() -> None:
    scale = VirtualScale(settle_readings=10**9, poll_s=0.01)
    scale.place(900)
    with pytest.raises(ScaleError, match=r"did not settle within 0.1 s") as caught:
        await scale.read_stable(0.1)
    assert caught.value.problem is ScaleProblem.UNSTABLE
