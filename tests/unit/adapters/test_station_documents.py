"""The command sheet and the printer test label the station makes for itself."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from packstation.adapters.pdf_fonts import pdf_fonts
from packstation.adapters.station_documents import (
    SheetEntry,
    command_labels_pdf,
    command_sheet_pdf,
    printer_test_label,
    sheet_barcode,
    title_lines,
    write_command_sheet,
)
from packstation.domain.commands import SHEET, command_code
from packstation.domain.keyboard_layouts import scanner_test_code
from packstation.domain.printing import PrinterLanguage, PrinterProfile
from packstation.domain.shipping import LabelFormat
from packstation.domain.zpl import check_zpl
from tests.barcode_reading import barcodes, blank, pdf_pages


def entries() -> list[SheetEntry]:
    return [
        SheetEntry(command_code(command, "PS-CMD:", argument), f"Title {n}", "Same as F2")
        for n, (command, argument) in enumerate(SHEET)
    ]


def test_every_command_is_on_the_sheet_as_text_and_barcode(tmp_path: Path) -> None:
    path = tmp_path / "sheet.pdf"
    written = write_command_sheet(path, "Befehlsblatt", entries(), "Fußzeile")
    assert path.read_bytes() == written  # what is printed is what was saved
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


# the German sheet's titles, the longest the window has (two lines each on a card)
GERMAN = {
    "FINISH": "Abschließen: Label kaufen und drucken",
    "CANCEL": "Auftrag am Packplatz abbrechen",
    "SKIP": "Artikelprüfung überspringen: die Artikel haben keinen Barcode",
}


def full_sheet(german: bool) -> list[SheetEntry]:
    """The real sheet: every command and the scanner test, with short or long titles."""
    sheet = []
    for command, argument in SHEET:
        title = GERMAN.get(command.name, "Letzte Labels nachdrucken") if german else "Finish"
        hint = "Wie F8 auf der Tastatur" if german else "Same as F8"
        sheet.append(SheetEntry(command_code(command, "PS-CMD:", argument), title, hint))
    return [*sheet, SheetEntry(scanner_test_code("PS-CMD:"), "Scanner-Test", "Scannen")]


@pytest.mark.parametrize("german", [False, True])
def test_every_barcode_reads_back_inside_its_card_with_clear_quiet_zones(german: bool) -> None:
    sheet = full_sheet(german)
    pdf = command_sheet_pdf("Befehlsblatt", sheet, "Fußzeile", "bench-07")
    pages = pdf_pages(pdf, dpi=200)
    per_page = [barcodes(page) for page in pages]
    assert max(map(len, per_page)) - min(map(len, per_page)) <= 1  # never one card alone
    assert sorted(f.text for found in per_page for f in found) == sorted(e.code for e in sheet)
    px = 200 / 25.4  # pixels per mm
    quiet = round(6.0 * px)  # a quiet zone is at least 6.35 mm (and ten bars) wide
    for page, found in zip(pages, per_page, strict=True):
        middle = page.width // 2
        for code in found:
            assert code.right < middle - 2 * px or code.left > middle + 2 * px, code
            bottom = max(code.bottom, code.top + 2)
            assert blank(page, (code.left - quiet, code.top, code.left - 2, bottom)), code
            assert blank(page, (code.right + 2, code.top, code.right + quiet, bottom)), code
        # no title runs into the next card or off the page: the gutter between the two
        # columns of cards and the right margin stay blank from the first card to the footer
        first_card, footer = round(38 * px), page.height - round(12 * px)
        gutter = (round(middle - 1.5 * px), first_card, round(middle + 1.5 * px), footer)
        assert blank(page, gutter)
        assert blank(page, (page.width - round(13 * px), 0, page.width, page.height))


def test_a_long_sheet_is_spread_evenly_over_its_pages() -> None:
    cards = full_sheet(True)[:10]  # ten cards fit one page
    assert len(PdfReader(io.BytesIO(command_sheet_pdf("Commands", cards))).pages) == 1
    many = full_sheet(True) + full_sheet(False)[:9]  # 21 cards, ten to a full page
    pages = pdf_pages(command_sheet_pdf("Commands", many), dpi=200)
    per_page = [len(barcodes(page)) for page in pages]
    assert per_page == [7, 7, 7]
    assert len(PdfReader(io.BytesIO(command_sheet_pdf("Commands", many[:11]))).pages) == 2


def test_a_title_takes_two_lines_before_it_gets_smaller_and_never_runs_wider() -> None:
    bold = pdf_fonts().bold
    room = 74 * mm  # a card's text width on A4
    size, lines = title_lines(GERMAN["FINISH"], bold, room)
    assert (size, len(lines)) == (13.0, 2)
    assert " ".join(lines) == GERMAN["FINISH"]
    size, lines = title_lines(GERMAN["SKIP"], bold, room)  # three lines at 13 pt
    assert (size, len(lines)) == (11.0, 2)
    assert " ".join(lines) == GERMAN["SKIP"]
    size, lines = title_lines("Kurz", bold, room)
    assert (size, lines) == (13.0, ["Kurz"])
    size, lines = title_lines("Sehr lange Überschrift " * 8, bold, room)
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert all(stringWidth(line, bold, size) <= room for line in lines)


def test_the_command_labels_carry_the_same_cards_in_order_and_read_back() -> None:
    sheet = full_sheet(True)
    pages = pdf_pages(command_labels_pdf(100, 150, "Befehlsblatt", sheet), dpi=203)
    assert len(pages) == -(-len(sheet) // 3)  # three cards to a 100 × 150 mm label
    assert [f.text for page in pages for f in barcodes(page)] == [e.code for e in sheet]
    with pytest.raises(ValueError, match="57 × 32 mm are too small for the command sheet"):
        command_labels_pdf(57, 32, "Befehlsblatt", sheet)


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
