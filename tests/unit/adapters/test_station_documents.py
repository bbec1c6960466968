"""The command sheet and the printer test label the station makes for itself."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from packstation.adapters.station_documents import (
    SheetEntry,
    command_sheet_pdf,
    printer_test_label,
    sheet_barcode,
    write_command_sheet,
)
from packstation.domain.commands import SHEET, command_code
from packstation.domain.keyboard_layouts import scanner_test_code
from packstation.domain.printing import PrinterLanguage, PrinterProfile
from packstation.domain.shipping import LabelFormat
from packstation.domain.zpl import check_zpl


def entries() -> list[SheetEntry]:
    return [
        SheetEntry(command_code(command, "PS-CMD:", argument), f"Title {n}", "Same as F2")
        for n, (command, argument) in enumerate(SHEET)
    ]


def test_every_command_is_on_the_sheet_as_text_and_barcode(tmp_path: Path) -> None:
    path = write_command_sheet(tmp_path / "sheet.pdf", "Befehlsblatt", entries(), "Fußzeile")
    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages)
    for entry in entries():
        assert entry.code in text
        assert entry.title in text
    assert "Befehlsblatt" in text
    assert "Fußzeile" in text
    assert not list(tmp_path.glob(".sheet-*"))  # written atomically


def test_the_scanner_test_barcode_fits_its_cell_with_bars_a_scanner_reads() -> None:
    test = scanner_test_code("PS-CMD:")
    room = (A4[0] - 30 * mm) / 2 - 8 * mm
    barcode = sheet_barcode(test, room)
    assert barcode.width <= room
    assert barcode.barWidth >= 0.25 * mm  # still read by an ordinary bench scanner
    assert sheet_barcode("PS-CMD:FINISH", room).barWidth == 0.38 * mm  # short codes: as before
    sheet = command_sheet_pdf("Commands", [*entries(), SheetEntry(test, "Scanner test")])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet)).pages)
    assert test in text


def test_a_long_sheet_goes_on_to_more_pages() -> None:
    many = entries() * 3
    reader = PdfReader(io.BytesIO(command_sheet_pdf("Commands", many)))
    assert len(reader.pages) >= 2


def test_zpl_test_label_passes_the_printer_checks() -> None:
    for dpi, fmt in ((203, LabelFormat.ZPL), (300, LabelFormat.ZPL300)):
        profile = PrinterProfile(language=PrinterLanguage.ZPL, dpi=dpi)
        label = printer_test_label(profile, ["packstation", "Test label", "bench ^1 ~2"])
        assert label.format is fmt
        report = check_zpl(label.content, profile, fmt)
        assert report.labels == 1
        assert report.problems == ()
        assert b"^1" not in label.content  # field data cannot start a command


def test_pdf_test_label_has_the_label_size() -> None:
    profile = PrinterProfile(language=PrinterLanguage.PDF, width_mm=100.0, height_mm=150.0)
    label = printer_test_label(profile, ["packstation", "Test label"])
    assert label.format is LabelFormat.PDF
    page = PdfReader(io.BytesIO(label.content)).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert (round(width_mm), round(height_mm)) == (100, 150)
