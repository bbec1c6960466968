"""``win32://PRINTER NAME``: a Windows printer through the print spooler (pywin32).

What the printer gets depends on its profile's language:

* ZPL and ESC/POS printers get a RAW job (``win32print``): the spooler passes the bytes to the
  printer untouched, so a Zebra gets ZPL and a receipt printer its ESC/POS commands.
* A PDF printer is a printer with a Windows driver (an office printer, a label printer with its
  driver): it cannot take PDF bytes RAW, so every page is rendered with pypdfium2 at the
  device's resolution (``GetDeviceCaps``), fitted to its printable area, and drawn through GDI
  (``win32ui`` device context + Pillow's ``ImageWin.Dib``) as one spooler document.

The spooler's printer status is read first (nothing is sent to a printer that is not ready),
and the job's status after: ``CONFIRMED`` once the spooler reports it printed (or finished and
gone). pywin32 is imported only when a Windows printer is used on Windows; the tests hand in
fakes of ``win32print``, ``win32ui`` and the DIB with the same calls. The GDI path has been
tested only against those fakes, not yet on a real Windows printer.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from PIL import Image, ImageWin

from packstation.adapters.printers.escpos_printer import escpos_bytes
from packstation.adapters.printers.prepare import Payload, PayloadKind, prepare
from packstation.adapters.printers.raster import PdfUnreadable, rasterize_pdf
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterError,
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

# PRINTER_STATUS_* bits (winspool.h) → faults
_STATUS_FAULTS = (
    (0x00000001, PrinterFault.PAUSED),  # PAUSED
    (0x00000008, PrinterFault.JAMMED),  # PAPER_JAM
    (0x00000010, PrinterFault.PAPER_OUT),  # PAPER_OUT
    (0x00000040, PrinterFault.PAPER_OUT),  # PAPER_PROBLEM
    (0x00000080, PrinterFault.OFFLINE),  # OFFLINE
    (0x00001000, PrinterFault.OFFLINE),  # NOT_AVAILABLE
    (0x00040000, PrinterFault.RIBBON_OUT),  # NO_TONER
    (0x00200000, PrinterFault.BUFFER_FULL),  # OUT_OF_MEMORY
    (0x00400000, PrinterFault.HEAD_OPEN),  # DOOR_OPEN
    (0x00100000, PrinterFault.OTHER),  # USER_INTERVENTION
    (0x00000002, PrinterFault.OTHER),  # ERROR
)
_ATTRIBUTE_WORK_OFFLINE = 0x00000400
# JOB_STATUS_* bits
_JOB_ERROR = 0x0002
_JOB_DELETING = 0x0004
_JOB_OFFLINE = 0x0020
_JOB_PAPEROUT = 0x0040
_JOB_PRINTED = 0x0080
_JOB_DELETED = 0x0100
_JOB_USER_INTERVENTION = 0x0400
_JOB_COMPLETE = 0x1000
PRINTER_ENUM_LOCAL = 0x2
PRINTER_ENUM_CONNECTIONS = 0x4
# GetDeviceCaps indexes (wingdi.h): printable area in device pixels, device pixels per inch
HORZRES = 8
VERTRES = 10
LOGPIXELSX = 88
LOGPIXELSY = 90


def load_win32print() -> Any:
    """pywin32's ``win32print``, imported only on Windows (``PrinterError`` elsewhere)."""
    if sys.platform != "win32":
        raise PrinterError("Windows printers (win32://) can only be used on Windows.")
    try:
        return importlib.import_module("win32print")
    except ImportError as exc:
        raise PrinterError(
            "Windows printing needs the pywin32 package (pip install pywin32)."
        ) from exc


def load_win32ui() -> Any:
    """pywin32's ``win32ui`` (GDI device contexts), imported only on Windows."""
    if sys.platform != "win32":
        raise PrinterError("Windows printers (win32://) can only be used on Windows.")
    try:
        return importlib.import_module("win32ui")
    except ImportError as exc:
        raise PrinterError(
            "Windows printing needs the pywin32 package (pip install pywin32)."
        ) from exc


def status_from_spooler(status_bits: int, attributes: int = 0, queued: int = 0) -> PrinterStatus:
    faults: list[PrinterFault] = []
    for bit, fault in _STATUS_FAULTS:
        if status_bits & bit and fault not in faults:
            faults.append(fault)
    notes: list[str] = []
    if attributes & _ATTRIBUTE_WORK_OFFLINE:
        if PrinterFault.OFFLINE not in faults:
            faults.append(PrinterFault.OFFLINE)
        notes.append("the printer is set to 'Use printer offline' in Windows")
    if queued:
        notes.append(f"{queued} job(s) waiting in the Windows queue")
    return PrinterStatus(ready=not faults, faults=tuple(faults), detail="; ".join(notes))


class Win32Printer:
    """A Windows printer: RAW jobs for ZPL/ESC/POS, GDI pages for driver (PDF) printers.
    Implements ``ports.LabelPrinter``.

    ``win32print``, ``win32ui`` and ``dib`` (Pillow's ``ImageWin.Dib``) are pywin32's and
    Pillow's unless given (tests give fakes).
    """

    def __init__(
        self,
        name: str,
        profile: PrinterProfile,
        *,
        uri: str | None = None,
        win32print: Any | None = None,
        win32ui: Any | None = None,
        dib: Callable[[Image.Image], Any] | None = None,
        wait: float = 10.0,
        poll_interval: float = 0.2,
        cut: bool = True,
    ) -> None:
        self._name = name
        self._profile = profile
        self._uri = uri or f"win32://{name}"
        self._module = win32print
        self._ui_module = win32ui
        self._dib = dib or ImageWin.Dib
        self._wait = wait
        self._poll_interval = poll_interval
        self._cut = cut

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def profile(self) -> PrinterProfile:
        return self._profile

    def _win32(self) -> Any:
        if self._module is None:
            self._module = load_win32print()
        return self._module

    def _ui(self) -> Any:
        if self._ui_module is None:
            self._ui_module = load_win32ui()
        return self._ui_module

    def _error_type(self) -> type[BaseException]:
        return _error_of(self._win32())

    # ------------------------------------------------------------ blocking work
    def _open(self) -> Any:
        w = self._win32()
        try:
            return w.OpenPrinter(self._name)
        except self._error_type() as exc:
            status = PrinterStatus(
                ready=False, faults=(PrinterFault.OFFLINE,), detail=_win_reason(exc)
            )
            raise PrinterNotReady(
                f"Windows has no printer named {self._name!r} or cannot open it "
                f"({_win_reason(exc)}). Check the name in Settings → Printers.",
                status,
                printer=self._uri,
            ) from exc

    def _status_of(self, handle: Any) -> PrinterStatus:
        info = self._win32().GetPrinter(handle, 2)
        return status_from_spooler(
            int(info.get("Status", 0) or 0),
            int(info.get("Attributes", 0) or 0),
            int(info.get("cJobs", 0) or 0),
        )

    def _status_blocking(self) -> PrinterStatus:
        try:
            handle = self._open()
        except PrinterNotReady as exc:
            return exc.status
        try:
            return self._status_of(handle)
        except self._error_type() as exc:
            return PrinterStatus(ready=False, faults=(PrinterFault.OTHER,), detail=_win_reason(exc))
        finally:
            self._win32().ClosePrinter(handle)

    def _check_ready(self, handle: Any) -> None:
        try:
            before = self._status_of(handle)
        except self._error_type() as exc:
            before = PrinterStatus(ready=True, known=False, detail=_win_reason(exc))
        if not before.ready:
            raise PrinterNotReady(
                f"The printer {self._name!r} is not ready: {describe_faults(before.faults)}"
                f"{' (' + before.detail + ')' if before.detail else ''}. Nothing was sent.",
                before,
                printer=self._uri,
            )

    def _print_blocking(self, data: bytes, job_name: str) -> tuple[PrintOutcome, str, str]:
        w = self._win32()
        error = self._error_type()
        handle = self._open()
        try:
            self._check_ready(handle)
            try:
                job_id = int(w.StartDocPrinter(handle, 1, (job_name[:127] or "label", None, "RAW")))
            except error as exc:
                raise PrinterNotReady(
                    f"Windows refused the job for {self._name!r} ({_win_reason(exc)}). "
                    "Nothing was sent.",
                    PrinterStatus(ready=False, faults=(PrinterFault.OTHER,), detail=str(exc)),
                    printer=self._uri,
                ) from exc
            try:
                w.StartPagePrinter(handle)
                written = w.WritePrinter(handle, data)
                w.EndPagePrinter(handle)
                w.EndDocPrinter(handle)
            except error as exc:
                raise PrintInterrupted(
                    f"Sending '{job_name}' to {self._name!r} broke off ({_win_reason(exc)}): "
                    "check the Windows print queue, then reprint.",
                    printer=self._uri,
                ) from exc
            if written is not None and int(written) != len(data):
                raise PrintInterrupted(
                    f"Windows took only {written} of {len(data)} bytes of '{job_name}': "
                    "check the printer, then reprint.",
                    printer=self._uri,
                )
            outcome, detail = self._follow(handle, job_id)
            return outcome, detail, str(job_id)
        finally:
            w.ClosePrinter(handle)

    def _print_gdi_blocking(
        self, content: bytes, job_name: str
    ) -> tuple[PrintOutcome, str, str, tuple[str, ...]]:
        """Render the PDF's pages at the device's resolution and draw them through GDI as one
        spooler document; returns (outcome, detail, job id, warnings)."""
        ui = self._ui()
        ui_error = _error_of(ui)
        handle = self._open()
        try:
            self._check_ready(handle)
            dc = ui.CreateDC()
            try:
                try:
                    dc.CreatePrinterDC(self._name)
                    dpi_x, dpi_y = dc.GetDeviceCaps(LOGPIXELSX), dc.GetDeviceCaps(LOGPIXELSY)
                    area = (dc.GetDeviceCaps(HORZRES), dc.GetDeviceCaps(VERTRES))
                except ui_error as exc:
                    raise PrinterNotReady(
                        f"Windows cannot draw on {self._name!r} ({_win_reason(exc)}). "
                        "Nothing was sent.",
                        PrinterStatus(ready=False, faults=(PrinterFault.OTHER,), detail=str(exc)),
                        printer=self._uri,
                    ) from exc
                dpi = max(50, min(int(dpi_x), int(dpi_y), 1200))
                try:  # rendered before the job starts: a PDF that fails sends nothing
                    raster = rasterize_pdf(
                        content,
                        dpi,
                        max_width=round(int(area[0]) * dpi / int(dpi_x)),
                        max_height=round(int(area[1]) * dpi / int(dpi_y)),
                    )
                except PdfUnreadable as exc:
                    raise DocumentNotPrintable(
                        f"The PDF cannot be printed ({exc}): download it again.",
                        printer=self._uri,
                    ) from exc
                document = job_name[:127] or "document"
                started = dc.StartDoc(document)
                try:
                    for page in raster.pages:
                        dc.StartPage()
                        box = (
                            0,
                            0,
                            round(page.width * int(dpi_x) / dpi),
                            round(page.height * int(dpi_y) / dpi),
                        )
                        self._dib(page).draw(dc.GetHandleOutput(), box)
                        dc.EndPage()
                    dc.EndDoc()
                except ui_error as exc:
                    with contextlib.suppress(ui_error):
                        dc.AbortDoc()
                    raise PrintInterrupted(
                        f"Drawing '{job_name}' for {self._name!r} broke off "
                        f"({_win_reason(exc)}): check the Windows print queue, then reprint.",
                        printer=self._uri,
                    ) from exc
            finally:
                dc.DeleteDC()
            job_id = started if isinstance(started, int) and started > 0 else None
            if job_id is None:
                job_id = self._find_job(handle, document)
            if job_id is None:
                return (
                    PrintOutcome.CONFIRMED,
                    f"The Windows spooler finished '{document}'.",
                    "",
                    raster.warnings,
                )
            outcome, detail = self._follow(handle, job_id)
            return outcome, detail, str(job_id), raster.warnings
        finally:
            self._win32().ClosePrinter(handle)

    def _find_job(self, handle: Any, document: str) -> int | None:
        """The newest queued job of ours by its document name (when StartDoc gave no id)."""
        try:
            jobs = self._win32().EnumJobs(handle, 0, 999, 1)
        except self._error_type():
            return None
        ids = [int(j.get("JobId", 0)) for j in jobs if j.get("pDocument") == document]
        return max(ids) if ids else None

    def _follow(self, handle: Any, job_id: int) -> tuple[PrintOutcome, str]:
        w = self._win32()
        error = self._error_type()
        deadline = time.monotonic() + self._wait
        while True:
            try:
                info = w.GetJob(handle, job_id, 1)
            except error:
                return PrintOutcome.CONFIRMED, f"The Windows spooler finished job {job_id}."
            bits = int(info.get("Status", 0) or 0)
            if bits & (_JOB_PRINTED | _JOB_COMPLETE):
                return PrintOutcome.CONFIRMED, f"Windows printed job {job_id}."
            if bits & (_JOB_DELETED | _JOB_DELETING):
                return PrintOutcome.FAILED, f"Job {job_id} was deleted from the Windows queue."
            if bits & (_JOB_ERROR | _JOB_OFFLINE | _JOB_PAPEROUT | _JOB_USER_INTERVENTION):
                text = info.get("pStatus") or "the printer reports a problem"
                return PrintOutcome.DELIVERED, f"Job {job_id} waits in Windows: {text}."
            if time.monotonic() + self._poll_interval > deadline:
                return (
                    PrintOutcome.DELIVERED,
                    f"Job {job_id} is in the Windows queue, not done yet.",
                )
            time.sleep(self._poll_interval)

    # ------------------------------------------------------------ LabelPrinter
    async def status(self) -> PrinterStatus:
        try:
            self._win32()
        except PrinterError as exc:
            return PrinterStatus(ready=False, faults=(PrinterFault.OFFLINE,), detail=exc.message)
        return await asyncio.get_running_loop().run_in_executor(None, self._status_blocking)

    async def print_document(self, document: LabelDocument, job_name: str) -> PrintResult:
        try:
            self._win32()
        except PrinterError as exc:
            status = PrinterStatus(ready=False, faults=(PrinterFault.OFFLINE,), detail=exc.message)
            raise PrinterNotReady(exc.message, status, printer=self._uri) from exc
        payload = await prepare(document, self._profile, self._uri)
        loop = asyncio.get_running_loop()
        if payload.kind is PayloadKind.PDF:  # a driver printer: GDI pages, never RAW PDF
            try:
                self._ui()
            except PrinterError as exc:
                status = PrinterStatus(
                    ready=False, faults=(PrinterFault.OTHER,), detail=exc.message
                )
                raise PrinterNotReady(exc.message, status, printer=self._uri) from exc
            outcome, detail, job_id, drawn = await loop.run_in_executor(
                None, self._print_gdi_blocking, payload.data, job_name
            )
            return PrintResult(
                outcome,
                self._uri,
                detail=detail,
                job_id=job_id,
                warnings=tuple(dict.fromkeys(payload.warnings + drawn)),
            )
        data = await loop.run_in_executor(None, self._bytes, payload)
        outcome, detail, job_id = await loop.run_in_executor(
            None, self._print_blocking, data, job_name
        )
        return PrintResult(
            outcome, self._uri, detail=detail, job_id=job_id, warnings=payload.warnings
        )

    def _bytes(self, payload: Payload) -> bytes:
        if payload.kind is PayloadKind.IMAGES:
            return escpos_bytes(payload.images, self._profile, self._cut)
        return payload.data


def list_windows_printers(win32print: Any | None = None) -> list[tuple[str, str]]:
    """(name, port or description) of the local and connected Windows printers; [] elsewhere."""
    if win32print is None:
        if sys.platform != "win32":
            return []
        try:
            win32print = load_win32print()
        except PrinterError as exc:
            log.info("no Windows printer list: %s", exc.message)
            return []
    flags = PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS
    out: list[tuple[str, str]] = []
    for entry in win32print.EnumPrinters(flags, None, 2):
        name = str(entry.get("pPrinterName", ""))
        if name:
            port = str(entry.get("pPortName", "") or "")
            driver = str(entry.get("pDriverName", "") or "")
            out.append((name, " · ".join(p for p in (driver, port) if p)))
    return out


def _error_of(module: Any) -> type[BaseException]:
    """The module's ``error`` exception type (pywin32 modules have one), else ``OSError``."""
    error = getattr(module, "error", None)
    if isinstance(error, type) and issubclass(error, BaseException):
        return error
    return OSError


def _win_reason(exc: BaseException) -> str:
    args: tuple[object, ...] = exc.args
    if len(args) >= 3 and isinstance(args[2], str):  # pywintypes.error(code, function, text)
        return args[2]
    return str(exc) or type(exc).__name__
