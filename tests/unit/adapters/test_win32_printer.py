"""The Windows spooler adapter against fakes of ``win32print``, ``win32ui`` and Pillow's DIB
(pywin32 is never imported here): RAW jobs for ZPL/ESC/POS, GDI pages for driver printers."""

from __future__ import annotations

import sys
from typing import Any, ClassVar

import pytest

from packstation.adapters.printers import list_printers, open_printer
from packstation.adapters.printers.raster import rasterize_pdf
from packstation.adapters.printers.win32 import (
    HORZRES,
    LOGPIXELSX,
    LOGPIXELSY,
    VERTRES,
    Win32Printer,
    load_win32print,
    load_win32ui,
)
from packstation.adapters.station_documents import SheetEntry, command_sheet_pdf
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterError,
    PrinterFault,
    PrinterLanguage,
    PrinterNotReady,
    PrinterProfile,
    PrintInterrupted,
    PrintOutcome,
)
from packstation.domain.shipping import LabelDocument, LabelFormat
from tests.label_samples import sandbox_label

ZPL = PrinterProfile(language=PrinterLanguage.ZPL)
DRIVER = PrinterProfile(language=PrinterLanguage.PDF, dpi=300)  # a printer with a Windows driver
PAPER_OUT = 0x10
JOB_PRINTED = 0x80


class FakeWinError(Exception):
    """Like ``pywintypes.error``: (code, function, text)."""


class FakeWin32Print:
    """The handful of ``win32print`` functions the adapter uses (with pywin32's names),
    recording the calls."""

    error = FakeWinError

    def __init__(self, printers: dict[str, dict[str, Any]] | None = None) -> None:
        self.printers = printers if printers is not None else {"ZDesigner ZD421": {"Status": 0}}
        self.calls: list[tuple[str, Any]] = []
        self.written: list[bytes] = []
        self.jobs: dict[int, dict[str, Any]] = {}
        self.job_status_after_write = JOB_PRINTED
        self.fail_write = False
        self.finish_at_once = False  # the spooler is done (and forgets the job) on write
        self.open_handles = 0

    def OpenPrinter(self, name: str) -> str:
        self.calls.append(("OpenPrinter", name))
        if name not in self.printers:
            raise FakeWinError(1801, "OpenPrinter", "The printer name is invalid.")
        self.open_handles += 1
        return f"handle:{name}"

    def ClosePrinter(self, handle: str) -> None:
        self.calls.append(("ClosePrinter", handle))
        self.open_handles -= 1

    def GetPrinter(self, handle: str, level: int) -> dict[str, Any]:
        name = handle.removeprefix("handle:")
        return {"pPrinterName": name, "Attributes": 0, "cJobs": 0, **self.printers[name]}

    def StartDocPrinter(self, handle: str, level: int, info: tuple[str, None, str]) -> int:
        self.calls.append(("StartDocPrinter", info))
        job_id = len(self.jobs) + 7
        self.jobs[job_id] = {"Status": 0x10}  # printing
        return job_id

    def StartPagePrinter(self, handle: str) -> None:
        self.calls.append(("StartPagePrinter", handle))

    def WritePrinter(self, handle: str, data: bytes) -> int:
        if self.fail_write:
            raise FakeWinError(67, "WritePrinter", "The network name cannot be found.")
        self.written.append(data)
        if self.finish_at_once:
            self.jobs.clear()
        for job in self.jobs.values():
            job["Status"] = self.job_status_after_write
        return len(data)

    def EndPagePrinter(self, handle: str) -> None:
        self.calls.append(("EndPagePrinter", handle))

    def EndDocPrinter(self, handle: str) -> None:
        self.calls.append(("EndDocPrinter", handle))

    def GetJob(self, handle: str, job_id: int, level: int) -> dict[str, Any]:
        if job_id not in self.jobs:
            raise FakeWinError(87, "GetJob", "The parameter is incorrect.")
        return {"JobId": job_id, "pStatus": None, **self.jobs[job_id]}

    def EnumJobs(self, handle: str, first: int, count: int, level: int) -> list[dict[str, Any]]:
        return [{"JobId": k, "pDocument": v.get("document", "")} for k, v in self.jobs.items()]

    def EnumPrinters(self, flags: int, name: None, level: int) -> list[dict[str, Any]]:
        return [
            {"pPrinterName": n, "pPortName": "USB001", "pDriverName": "ZDesigner ZD421-203dpi"}
            for n in self.printers
        ]


@pytest.mark.asyncio
async def test_a_zpl_label_goes_as_a_raw_job_and_is_confirmed() -> None:
    fake = FakeWin32Print()
    printer = open_printer("win32://ZDesigner ZD421", ZPL, win32print=fake)
    zpl = sandbox_label(LabelFormat.ZPL)

    result = await printer.print_document(zpl, "Label A100")

    assert result.outcome is PrintOutcome.CONFIRMED
    assert result.job_id == "7"
    assert fake.written == [zpl.content]
    assert ("StartDocPrinter", ("Label A100", None, "RAW")) in fake.calls
    assert [c[0] for c in fake.calls if c[0].startswith(("Start", "End"))] == [
        "StartDocPrinter",
        "StartPagePrinter",
        "EndPagePrinter",
        "EndDocPrinter",
    ]
    assert fake.open_handles == 0


@pytest.mark.asyncio
async def test_a_job_that_leaves_the_queue_counts_as_finished() -> None:
    fake = FakeWin32Print()
    fake.job_status_after_write = 0x10
    printer = Win32Printer("ZDesigner ZD421", ZPL, win32print=fake, wait=0.2, poll_interval=0.05)

    result = await printer.print_document(sandbox_label(LabelFormat.ZPL), "A100")
    assert result.outcome is PrintOutcome.DELIVERED  # still printing when the wait ran out

    fake.finish_at_once = True
    result = await printer.print_document(sandbox_label(LabelFormat.ZPL), "A101")
    assert result.outcome is PrintOutcome.CONFIRMED


@pytest.mark.asyncio
async def test_a_printer_out_of_paper_gets_nothing() -> None:
    fake = FakeWin32Print({"ZDesigner ZD421": {"Status": PAPER_OUT}})
    printer = Win32Printer("ZDesigner ZD421", ZPL, win32print=fake)

    status = await printer.status()
    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(sandbox_label(LabelFormat.ZPL), "A100")

    assert status.faults == (PrinterFault.PAPER_OUT,)
    assert "the labels have run out" in refused.value.message
    assert fake.written == []
    assert fake.open_handles == 0


@pytest.mark.asyncio
async def test_an_offline_printer_in_windows_is_not_ready() -> None:
    fake = FakeWin32Print({"ZDesigner ZD421": {"Status": 0, "Attributes": 0x400}})
    status = await Win32Printer("ZDesigner ZD421", ZPL, win32print=fake).status()
    assert status.faults == (PrinterFault.OFFLINE,)
    assert "Use printer offline" in status.detail


@pytest.mark.asyncio
async def test_an_unknown_printer_name_is_reported() -> None:
    printer = Win32Printer("Zebra (copy 2)", ZPL, win32print=FakeWin32Print())

    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(sandbox_label(LabelFormat.ZPL), "A100")

    assert "Windows has no printer named 'Zebra (copy 2)'" in refused.value.message
    assert "The printer name is invalid." in refused.value.message


@pytest.mark.asyncio
async def test_a_write_that_fails_is_an_interruption() -> None:
    fake = FakeWin32Print()
    fake.fail_write = True
    printer = Win32Printer("ZDesigner ZD421", ZPL, win32print=fake)

    with pytest.raises(PrintInterrupted, match="network name cannot be found"):
        await printer.print_document(sandbox_label(LabelFormat.ZPL), "A100")
    assert fake.open_handles == 0


@pytest.mark.asyncio
async def test_zpl_for_a_pdf_printer_is_refused_before_windows_sees_it() -> None:
    fake = FakeWin32Print()
    printer = Win32Printer("ZDesigner ZD421", PrinterProfile(), win32print=fake)

    with pytest.raises(DocumentNotPrintable):
        await printer.print_document(sandbox_label(LabelFormat.ZPL), "A100")
    assert fake.calls == []


@pytest.mark.asyncio
async def test_windows_printers_are_listed_for_the_settings() -> None:
    choices = await list_printers(win32print=FakeWin32Print(), cups_server="/nonexistent.sock")

    [choice] = [c for c in choices if c.source == "windows"]
    assert choice.uri == "win32://ZDesigner ZD421"
    assert "USB001" in choice.detail


@pytest.mark.skipif(sys.platform == "win32", reason="checks the behaviour off Windows")
@pytest.mark.asyncio
async def test_off_windows_pywin32_is_never_imported() -> None:
    printer = open_printer("win32://ZDesigner ZD421", ZPL)

    status = await printer.status()
    with pytest.raises(PrinterNotReady, match="only be used on Windows"):
        await printer.print_document(sandbox_label(), "A100")
    with pytest.raises(PrinterError, match="only be used on Windows"):
        load_win32print()

    assert not status.ready
    assert "win32print" not in sys.modules


# ---------------------------------------------------------------- GDI (driver printers)


class FakeUiError(Exception):
    """Like ``win32ui.error``."""


class FakeDC:
    """The ``win32ui`` printer device context calls the adapter makes, recorded in order."""

    def __init__(self, ui: FakeWin32Ui) -> None:
        self.ui = ui

    def _call(self, name: str, *args: Any) -> None:
        self.ui.calls.append((name, *args))
        if name == self.ui.fail_on:
            raise FakeUiError(1, name, f"{name} failed (the driver said no)")

    def CreatePrinterDC(self, name: str) -> None:
        self._call("CreatePrinterDC", name)

    def GetDeviceCaps(self, index: int) -> int:
        return self.ui.caps[index]

    def StartDoc(self, name: str) -> int | None:
        self._call("StartDoc", name)
        job_id = 40 + len(self.ui.spooler.jobs)
        self.ui.spooler.jobs[job_id] = {"Status": 0x10, "document": name}
        return job_id if self.ui.start_doc_returns_id else None

    def StartPage(self) -> None:
        self._call("StartPage")

    def GetHandleOutput(self) -> str:
        return "hdc:printer"

    def EndPage(self) -> None:
        self.ui.pages_ended += 1
        if self.ui.fail_on == "EndPage" and self.ui.pages_ended < self.ui.fail_after_pages:
            self.ui.calls.append(("EndPage",))
            return
        self._call("EndPage")

    def EndDoc(self) -> None:
        self._call("EndDoc")
        for job in self.ui.spooler.jobs.values():
            job["Status"] = JOB_PRINTED

    def AbortDoc(self) -> None:
        self._call("AbortDoc")

    def DeleteDC(self) -> None:
        self._call("DeleteDC")


class FakeWin32Ui:
    """``win32ui.CreateDC`` for a printer with the given device capabilities."""

    error = FakeUiError

    def __init__(self, spooler: FakeWin32Print, dpi: tuple[int, int], area: tuple[int, int]):
        self.spooler = spooler
        self.caps = {LOGPIXELSX: dpi[0], LOGPIXELSY: dpi[1], HORZRES: area[0], VERTRES: area[1]}
        self.calls: list[tuple[Any, ...]] = []
        self.fail_on = ""
        self.fail_after_pages = 1
        self.pages_ended = 0
        self.start_doc_returns_id = True

    def CreateDC(self) -> FakeDC:
        self.calls.append(("CreateDC",))
        return FakeDC(self)


class FakeDib:
    """Pillow's ``ImageWin.Dib``: keeps the image and records where it is drawn."""

    drawn: ClassVar[list[tuple[bytes, tuple[int, int], str, tuple[int, int, int, int]]]] = []

    def __init__(self, image: Any) -> None:
        self.image = image

    def draw(self, hdc: str, box: tuple[int, int, int, int]) -> None:
        FakeDib.drawn.append((self.image.tobytes(), self.image.size, hdc, box))


@pytest.fixture
def dib() -> type[FakeDib]:
    FakeDib.drawn = []
    return FakeDib


def driver_printer(
    fake: FakeWin32Print, ui: FakeWin32Ui, dib: type[FakeDib], profile: PrinterProfile = DRIVER
) -> Win32Printer:
    return Win32Printer(
        "ZDesigner ZD421",
        profile,
        win32print=fake,
        win32ui=ui,
        dib=dib,
        wait=0.5,
        poll_interval=0.05,
    )


@pytest.mark.asyncio
async def test_a_pdf_for_a_driver_printer_is_drawn_through_gdi_never_sent_raw(
    dib: type[FakeDib],
) -> None:
    fake = FakeWin32Print()
    ui = FakeWin32Ui(fake, dpi=(300, 300), area=(1200, 1800))  # 4 × 6 in at 300 dpi
    label = sandbox_label(LabelFormat.PDF)

    result = await driver_printer(fake, ui, dib).print_document(label, "Label A100")

    assert result.outcome is PrintOutcome.CONFIRMED
    assert result.job_id == "40"
    assert fake.written == []  # nothing RAW
    assert not [c for c in fake.calls if c[0] == "StartDocPrinter"]
    assert [c[0] for c in ui.calls] == [
        "CreateDC",
        "CreatePrinterDC",
        "StartDoc",
        "StartPage",
        "EndPage",
        "EndDoc",
        "DeleteDC",
    ]
    assert ("StartDoc", "Label A100") in ui.calls
    # the page, rendered at the device's resolution, is drawn 1:1 into the printable area
    expected = rasterize_pdf(label.content, 300, max_width=1200, max_height=1800).pages[0]
    [(pixels, size, hdc, box)] = dib.drawn
    assert (size, hdc, box) == (expected.size, "hdc:printer", (0, 0, *expected.size))
    assert pixels == expected.tobytes()
    assert size == (1200, 1800)
    assert fake.open_handles == 0


@pytest.mark.asyncio
async def test_every_page_of_a_document_is_one_gdi_page_scaled_to_the_device(
    dib: type[FakeDib],
) -> None:
    fake = FakeWin32Print({"Office laser": {"Status": 0}})
    # an office printer with different resolutions across and along: A4 printable area
    ui = FakeWin32Ui(fake, dpi=(600, 300), area=(4760, 3408))
    entries = [SheetEntry(f"PS-CMD:X{n}", f"Command {n}") for n in range(14)]
    sheet = LabelDocument(
        command_sheet_pdf("Commands", entries), "application/pdf", LabelFormat.PDF
    )
    a4 = PrinterProfile(language=PrinterLanguage.PDF, dpi=300, width_mm=210, height_mm=297)
    printer = Win32Printer("Office laser", a4, win32print=fake, win32ui=ui, dib=dib)

    result = await printer.print_document(sheet, "Command sheet")

    pages = rasterize_pdf(sheet.content, 300, max_width=2380, max_height=3408).pages
    assert len(pages) == 2
    assert [c[0] for c in ui.calls].count("StartPage") == 2
    assert [c[0] for c in ui.calls].count("EndPage") == 2
    assert [(size, box) for _, size, _, box in dib.drawn] == [
        (page.size, (0, 0, page.width * 2, page.height)) for page in pages
    ]
    assert result.outcome is PrintOutcome.CONFIRMED


@pytest.mark.asyncio
async def test_without_a_job_id_from_startdoc_the_job_is_found_by_its_name(
    dib: type[FakeDib],
) -> None:
    fake = FakeWin32Print()
    ui = FakeWin32Ui(fake, dpi=(203, 203), area=(812, 1218))
    ui.start_doc_returns_id = False

    result = await driver_printer(fake, ui, dib).print_document(sandbox_label(), "Label A100")

    assert result.job_id == "40"
    assert result.outcome is PrintOutcome.CONFIRMED


@pytest.mark.asyncio
async def test_a_driver_printer_that_is_not_ready_gets_no_gdi_document(
    dib: type[FakeDib],
) -> None:
    fake = FakeWin32Print({"ZDesigner ZD421": {"Status": PAPER_OUT}})
    ui = FakeWin32Ui(fake, dpi=(300, 300), area=(1200, 1800))

    with pytest.raises(PrinterNotReady, match="the labels have run out"):
        await driver_printer(fake, ui, dib).print_document(sandbox_label(), "Label A100")

    assert ui.calls == []
    assert fake.open_handles == 0


@pytest.mark.asyncio
async def test_a_device_context_windows_refuses_is_reported_and_nothing_starts(
    dib: type[FakeDib],
) -> None:
    fake = FakeWin32Print()
    ui = FakeWin32Ui(fake, dpi=(300, 300), area=(1200, 1800))
    ui.fail_on = "CreatePrinterDC"

    with pytest.raises(PrinterNotReady) as refused:
        await driver_printer(fake, ui, dib).print_document(sandbox_label(), "Label A100")

    assert "Windows cannot draw on 'ZDesigner ZD421'" in refused.value.message
    assert "Nothing was sent" in refused.value.message
    assert [c[0] for c in ui.calls] == ["CreateDC", "CreatePrinterDC", "DeleteDC"]
    assert dib.drawn == []
    assert fake.open_handles == 0


@pytest.mark.asyncio
async def test_a_page_that_fails_aborts_the_document(dib: type[FakeDib]) -> None:
    fake = FakeWin32Print({"Office laser": {"Status": 0}})
    ui = FakeWin32Ui(fake, dpi=(300, 300), area=(2380, 3408))
    ui.fail_on, ui.fail_after_pages = "EndPage", 2  # the second page breaks
    entries = [SheetEntry(f"PS-CMD:X{n}", f"Command {n}") for n in range(14)]
    sheet = LabelDocument(
        command_sheet_pdf("Commands", entries), "application/pdf", LabelFormat.PDF
    )
    a4 = PrinterProfile(language=PrinterLanguage.PDF, dpi=300, width_mm=210, height_mm=297)
    printer = Win32Printer("Office laser", a4, win32print=fake, win32ui=ui, dib=dib)

    with pytest.raises(PrintInterrupted, match="EndPage failed"):
        await printer.print_document(sheet, "Command sheet")

    names = [c[0] for c in ui.calls]
    assert names[-2:] == ["AbortDoc", "DeleteDC"]
    assert "EndDoc" not in names
    assert fake.open_handles == 0


@pytest.mark.asyncio
async def test_a_pdf_for_an_escpos_printer_still_goes_raw(dib: type[FakeDib]) -> None:
    fake = FakeWin32Print({"TM-T20": {"Status": 0}})
    ui = FakeWin32Ui(fake, dpi=(203, 203), area=(576, 4000))
    escpos = PrinterProfile(language=PrinterLanguage.ESCPOS, dpi=203, width_mm=72, height_mm=200)
    printer = Win32Printer("TM-T20", escpos, win32print=fake, win32ui=ui, dib=dib)

    result = await printer.print_document(sandbox_label(), "Label A100")

    assert result.outcome is PrintOutcome.CONFIRMED
    assert ("StartDocPrinter", ("Label A100", None, "RAW")) in fake.calls
    assert len(fake.written) == 1
    assert fake.written[0].startswith(b"\x1b@")  # ESC @: ESC/POS commands
    assert ui.calls == []
    assert dib.drawn == []


@pytest.mark.skipif(sys.platform == "win32", reason="checks the behaviour off Windows")
def test_off_windows_win32ui_is_never_imported() -> None:
    with pytest.raises(PrinterError, match="only be used on Windows"):
        load_win32ui()
    assert "win32ui" not in sys.modules
