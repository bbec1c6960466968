"""``file:///DIR``: one file per job, written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest

from packstation.adapters.printers import FolderPrinter, open_printer
from packstation.domain.printing import (
    PrinterFault,
    PrinterLanguage,
    PrinterNotReady,
    PrinterProfile,
    PrintOutcome,
)
from packstation.domain.shipping import LabelDocument, LabelFormat

ZPL_203 = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


@pytest.mark.asyncio
async def test_each_job_is_one_complete_file(
    tmp_path: Path, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    printer = open_printer(tmp_path.as_uri(), ZPL_203)
    assert isinstance(printer, FolderPrinter)

    first = await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100 1/2")
    second = await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100 2/2")

    files = _files(tmp_path)
    assert [f.name for f in files] == sorted([first.job_id or "", second.job_id or ""])
    assert all(f.suffix == ".zpl" for f in files)
    assert all(f.read_bytes() == sandbox_labels[LabelFormat.ZPL].content for f in files)
    assert "Label-A100-1-2" in (first.job_id or "")
    assert first.outcome is PrintOutcome.CONFIRMED  # the file is the job: written and flushed
    assert first.confirmed
    assert (await printer.status()).ready


@pytest.mark.asyncio
async def test_pdf_and_escpos_files(
    tmp_path: Path, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    pdf_dir, escpos_dir = tmp_path / "pdf", tmp_path / "escpos"
    pdf_dir.mkdir()
    escpos_dir.mkdir()
    pdf = sandbox_labels[LabelFormat.PDF]

    await open_printer(pdf_dir.as_uri(), PrinterProfile()).print_document(pdf, "A100")
    escpos = PrinterProfile(language=PrinterLanguage.ESCPOS, width_mm=72)
    await open_printer(escpos_dir.as_uri(), escpos).print_document(pdf, "A100")

    [pdf_file] = _files(pdf_dir)
    [escpos_file] = _files(escpos_dir)
    assert pdf_file.suffix == ".pdf"
    assert pdf_file.read_bytes() == pdf.content
    assert escpos_file.suffix == ".bin"
    assert b"\x1dv0" in escpos_file.read_bytes()


@pytest.mark.asyncio
async def test_a_missing_folder_is_not_ready_and_nothing_is_written(
    tmp_path: Path, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    printer = open_printer((tmp_path / "gone").as_uri(), ZPL_203)

    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(sandbox_labels[LabelFormat.ZPL], "A100")

    assert refused.value.status.faults == (PrinterFault.OFFLINE,)
    assert "gone" in refused.value.message
    assert _files(tmp_path) == []
