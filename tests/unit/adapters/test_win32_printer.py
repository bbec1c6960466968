"""The Windows spooler adapter against a fake ``win32print`` (pywin32 is never imported here)."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from packstation.adapters.printers import list_printers, open_printer
from packstation.adapters.printers.win32 import Win32Printer, load_win32print
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
from packstation.domain.shipping import LabelFormat
from tests.label_samples import sandbox_label

ZPL = PrinterProfile(language=PrinterLanguage.ZPL)
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
