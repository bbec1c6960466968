"""ESC/POS label and receipt printers through python-escpos (network, USB, serial, device file).

python-escpos is blocking, so every job runs in the default executor: open the connection, ask
for the real-time status (``DLE EOT``) where the connection can answer, send the label as
raster images (``GS v 0``) and a cut, close. A PDF label is rendered at the printer's dpi and
never wider than its print width; the library gets a profile with that width, so it neither
warns about unknown widths nor refuses the image.

A printer that does not answer the status queries is printed to without status (asked once,
then not again), and the result says the print cannot be confirmed.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Sequence
from typing import Any

from PIL import Image

from packstation.adapters.printers.prepare import PayloadKind, prepare
from packstation.adapters.printers.uri import EscposAddress
from packstation.domain.escpos_status import (
    QUERY_OFFLINE_CAUSE,
    QUERY_PAPER,
    QUERY_PRINTER,
    parse_realtime_status,
)
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterFault,
    PrinterNotReady,
    PrinterProfile,
    PrinterStatus,
    PrintInterrupted,
    PrintOutcome,
    PrintResult,
)
from packstation.domain.shipping import LabelDocument
from packstation.domain.zpl import describe_faults

log = logging.getLogger(__name__)

_INIT = b"\x1b@"
_STATUS_TIMEOUT = 1.0
_FRAGMENT_HEIGHT = 256  # rows per GS v 0 block: small enough for any printer's buffer


def _escpos_profile(profile: PrinterProfile, model: str | None) -> Any:
    """A python-escpos profile that knows the print width (in dots) and dpi."""
    from escpos.capabilities import Profile, get_profile_class

    base = get_profile_class(model or "default")
    data = copy.deepcopy(base.profile_data)
    media = data.setdefault("media", {})
    media["width"] = {"mm": round(profile.width_mm), "pixels": profile.width_dots}
    media["dpi"] = profile.dpi
    cls = type("PackstationProfile", (Profile,), {"profile_data": data})
    # Profile.__init__ replaces the features with its argument: hand the model's over
    return cls(features=data.get("features", {}))


def _send_images(printer: Any, images: Sequence[Image.Image], cut: bool) -> None:
    printer._raw(_INIT)
    for image in images:
        printer.image(image, impl="bitImageRaster", fragment_height=_FRAGMENT_HEIGHT)
        if cut:
            printer.cut()
        else:
            printer.print_and_feed(3)


def escpos_bytes(images: Sequence[Image.Image], profile: PrinterProfile, cut: bool = True) -> bytes:
    """The ESC/POS commands for the images, without a connection (for CUPS, files, Windows)."""
    from escpos.printer import Dummy

    dummy = Dummy(profile=_escpos_profile(profile, None))
    _send_images(dummy, images, cut)
    output: bytes = dummy.output
    return output


class EscposPrinter:
    """An ESC/POS printer reached through python-escpos. Implements ``ports.LabelPrinter``."""

    def __init__(
        self,
        address: EscposAddress,
        profile: PrinterProfile,
        *,
        uri: str | None = None,
        status_timeout: float = _STATUS_TIMEOUT,
    ) -> None:
        self._address = address
        self._profile = profile
        self._uri = uri or _describe(address)
        self._status_timeout = status_timeout
        self._answers_status: bool | None = None

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def profile(self) -> PrinterProfile:
        return self._profile

    @property
    def _where(self) -> str:
        return _describe(self._address)

    # ------------------------------------------------------------ blocking work
    def _open(self) -> Any:
        from escpos import exceptions as escpos_exceptions
        from escpos import printer as ep

        a = self._address
        profile = _escpos_profile(self._profile, a.model)
        device: Any
        if a.transport == "tcp":
            device = ep.Network(a.host, a.port, timeout=a.timeout, profile=profile)
        elif a.transport == "usb":
            device = ep.Usb(
                a.vendor_id,
                a.product_id,
                timeout=int(a.timeout * 1000),
                in_ep=a.in_ep,
                out_ep=a.out_ep,
                profile=profile,
            )
        elif a.transport == "serial":
            device = ep.Serial(
                a.device, baudrate=a.baudrate, timeout=a.timeout, dsrdtr=False, profile=profile
            )
        else:
            device = ep.File(a.device, profile=profile)
        try:
            device.open()
        except escpos_exceptions.DeviceNotFoundError as exc:
            raise self._not_ready(str(exc)) from exc
        except (OSError, RuntimeError, ValueError) as exc:
            # RuntimeError: pyusb/pyserial missing; ValueError: pyusb has no libusb backend
            raise self._not_ready(str(exc)) from exc
        if device.device is None:
            raise self._not_ready("the connection could not be opened")
        return device

    def _not_ready(self, reason: str) -> PrinterNotReady:
        reason = " ".join(reason.split())
        hint = "Check that it is switched on and connected."
        lowered = reason.lower()
        if "permission" in lowered or "access denied" in lowered:
            hint = (
                "The station may not use the device: add the station's user to the 'lp' "
                "(or 'dialout') group, or install a udev rule for the printer."
            )
        elif "requires a usb library" in lowered or "no backend" in lowered:
            hint = "USB printing needs pyusb and libusb-1.0 on this computer."
        status = PrinterStatus(ready=False, faults=(PrinterFault.OFFLINE,), detail=reason)
        return PrinterNotReady(
            f"The printer {self._where} cannot be opened ({reason}). {hint}",
            status,
            printer=self._uri,
        )

    def _query(self, device: Any) -> PrinterStatus:
        a = self._address
        if not a.status or a.transport == "file" or self._answers_status is False:
            return PrinterStatus(ready=True, known=False, detail="no status from this connection")
        answers: list[int | None] = []
        restore = _shorten_timeout(device, self._status_timeout)
        try:
            for query in (QUERY_PRINTER, QUERY_OFFLINE_CAUSE, QUERY_PAPER):
                device._raw(query)
                try:
                    reply: bytes = device._read()
                except (OSError, NotImplementedError):
                    reply = b""
                if not reply:
                    if not answers:
                        self._answers_status = False
                        log.info("%s does not answer ESC/POS status queries", self._where)
                        return PrinterStatus(
                            ready=True, known=False, detail="the printer does not report its state"
                        )
                    answers.append(None)
                else:
                    answers.append(reply[-1])
        finally:
            restore()
        self._answers_status = True
        return parse_realtime_status(*answers)

    def _status_blocking(self) -> PrinterStatus:
        try:
            device = self._open()
        except PrinterNotReady as exc:
            return exc.status
        try:
            return self._query(device)
        except OSError as exc:
            return PrinterStatus(ready=False, faults=(PrinterFault.OFFLINE,), detail=str(exc))
        finally:
            _close(device)

    def _print_blocking(self, images: Sequence[Image.Image], job_name: str) -> PrintResult:
        device = self._open()
        try:
            try:
                before = self._query(device)
            except OSError as exc:
                raise self._not_ready(str(exc)) from exc
            if not before.ready:
                raise PrinterNotReady(
                    f"The printer {self._where} is not ready: {describe_faults(before.faults)}. "
                    "Nothing was sent.",
                    before,
                    printer=self._uri,
                )
            try:
                _send_images(device, images, self._address.cut)
            except OSError as exc:
                raise PrintInterrupted(
                    f"Sending '{job_name}' to {self._where} broke off ({exc}): part of the "
                    "label may have printed. Check the printer, then reprint.",
                    printer=self._uri,
                ) from exc
            try:
                after = self._query(device) if before.known else None
            except OSError:
                after = None
        finally:
            _close(device)
        if after is not None and after.known and not after.ready:
            return PrintResult(
                PrintOutcome.HELD,
                self._uri,
                detail=f"The printer took the label but now reports: "
                f"{describe_faults(after.faults)}. The label is held: fix the printer; the "
                "station checks it before sending the label again.",
                status_after=after,
                in_printer=True,
            )
        return PrintResult(
            PrintOutcome.DELIVERED,
            self._uri,
            detail=f"Sent to {self._where}, unconfirmed: ESC/POS printers cannot confirm "
            "printing. Check that the label came out.",
            status_after=after,
        )

    # ------------------------------------------------------------ LabelPrinter
    async def status(self) -> PrinterStatus:
        return await asyncio.get_running_loop().run_in_executor(None, self._status_blocking)

    async def print_document(self, document: LabelDocument, job_name: str) -> PrintResult:
        payload = await prepare(document, self._profile, self._uri)
        if payload.kind is not PayloadKind.IMAGES:  # pragma: no cover - profile is ESC/POS
            raise DocumentNotPrintable("This ESC/POS printer needs a PDF label.", printer=self._uri)
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(None, self._print_blocking, payload.images, job_name)
        if payload.warnings:
            result = PrintResult(
                result.outcome,
                result.printer,
                detail=result.detail,
                job_id=result.job_id,
                status_after=result.status_after,
                warnings=payload.warnings,
            )
        return result


def _shorten_timeout(device: Any, seconds: float) -> Any:
    """Use a short read timeout for status queries; returns a function that restores it."""
    handle = getattr(device, "device", None)
    if handle is not None and hasattr(handle, "settimeout") and hasattr(handle, "gettimeout"):
        old = handle.gettimeout()
        handle.settimeout(seconds)
        return lambda: handle.settimeout(old)
    if handle is not None and hasattr(handle, "timeout") and not hasattr(handle, "settimeout"):
        old_timeout = handle.timeout
        try:
            handle.timeout = seconds
        except (AttributeError, ValueError):
            return lambda: None
        return lambda: setattr(handle, "timeout", old_timeout)
    return lambda: None


def _close(device: Any) -> None:
    try:
        device.close()
    except OSError as exc:
        log.info("closing the ESC/POS connection failed: %s", exc)


def _describe(a: EscposAddress) -> str:
    if a.transport == "tcp":
        return f"escpos+tcp://{a.host}:{a.port}"
    if a.transport == "usb":
        return f"escpos+usb://{a.vendor_id:04x}:{a.product_id:04x}"
    if a.transport == "serial":
        sep = "" if a.device.startswith("/") else "/"
        return f"escpos+serial://{sep}{a.device}"
    return f"escpos+file://{a.device}"
