"""PDF labels for printers that cannot print PDF: ZPL ``^GF`` graphics and rendered rasters."""

from __future__ import annotations

import pytest

from packstation.adapters.printers import open_printer
from packstation.adapters.printers.raster import (
    PdfUnreadable,
    dot_rows,
    pdf_to_zpl,
    rasterize_pdf,
)
from packstation.domain.notes import Note, NoteKind
from packstation.domain.printing import PrinterLanguage, PrinterProfile, PrintOutcome
from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.domain.zpl import GraphicEncoding, check_zpl, graphic_label
from packstation.sandbox.printer import VirtualPrinter
from tests.zpl_graphics import read_graphic


@pytest.mark.parametrize(("dpi", "width", "length"), [(203, 812, 1218), (300, 1200, 1800)])
def test_a_sandbox_pdf_becomes_a_well_formed_gf_label_of_the_printers_width(
    sandbox_labels: dict[LabelFormat, LabelDocument], dpi: int, width: int, length: int
) -> None:
    profile = PrinterProfile(language=PrinterLanguage.ZPL, dpi=dpi)

    zpl, warnings = pdf_to_zpl(sandbox_labels[LabelFormat.PDF].content, profile)

    assert warnings == ()
    assert zpl.startswith(f"^XA^PW{width}^LL{length}".encode())
    assert zpl.rstrip().endswith(b"^FS^PQ1^XZ")
    report = check_zpl(zpl, profile)
    assert report.labels == 1
    assert report.problems == ()
    graphic = read_graphic(zpl)
    assert graphic.bytes_per_row == width // 8 + (1 if width % 8 else 0)
    assert len(graphic.rows) == length
    assert graphic.total_bytes == graphic.field_count == graphic.bytes_per_row * length
    # the decoded dots are exactly the rendered label
    page = rasterize_pdf(
        sandbox_labels[LabelFormat.PDF].content, dpi, max_width=width, max_height=length
    ).pages[0]
    assert graphic.rows == dot_rows(page)[0]
    black = sum(bin(byte).count("1") for row in graphic.rows for byte in row)
    assert 0.02 < black / (width * length) < 0.5  # text and a barcode, not blank, not solid


@pytest.mark.parametrize("dpi", [203, 300])
def test_the_compression_pays_off(
    sandbox_labels: dict[LabelFormat, LabelDocument], dpi: int
) -> None:
    profile = PrinterProfile(language=PrinterLanguage.ZPL, dpi=dpi)
    raster = rasterize_pdf(
        sandbox_labels[LabelFormat.PDF].content,
        dpi,
        max_width=profile.width_dots,
        max_height=profile.height_dots,
    )
    rows, bytes_per_row = dot_rows(raster.pages[0])

    zpl, _ = pdf_to_zpl(sandbox_labels[LabelFormat.PDF].content, profile)

    assert b":Z64:" in zpl
    ascii_label = graphic_label(
        rows,
        bytes_per_row,
        width=profile.width_dots,
        length=len(rows),
        encoding=GraphicEncoding.ASCII,
    )
    assert read_graphic(ascii_label).rows == read_graphic(zpl).rows == rows
    # Z64 is less than half of Zebra's ASCII compression, itself far below raw hex
    assert len(zpl) * 2 < len(ascii_label) < bytes_per_row * len(rows) * 2 / 3


@pytest.mark.asyncio
async def test_the_virtual_printer_takes_a_z64_label_and_it_decodes_to_the_rendered_page(
    virtual_printer: VirtualPrinter, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    profile = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203)
    printer = open_printer(virtual_printer.uri, profile)

    result = await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label A100")

    assert result.outcome is PrintOutcome.CONFIRMED
    assert virtual_printer.wait_for_jobs(1, printed=True)
    [job] = virtual_printer.printed()
    assert job.kind == "zpl"
    assert job.labels == 1
    page = rasterize_pdf(
        sandbox_labels[LabelFormat.PDF].content, 203, max_width=812, max_height=1218
    ).pages[0]
    assert read_graphic(job.data).rows == dot_rows(page)[0]


def test_a_landscape_page_is_turned_for_portrait_labels(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    landscape = PrinterProfile(
        language=PrinterLanguage.ZPL, dpi=203, width_mm=152.4, height_mm=101.6
    )

    raster = rasterize_pdf(
        sandbox_labels[LabelFormat.PDF].content,
        203,
        max_width=landscape.width_dots,
        max_height=landscape.height_dots,
    )

    assert raster.pages[0].size == (1218, 812)
    assert raster.warnings == ()


def test_a_page_larger_than_the_labels_is_shrunk_with_a_warning(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    small = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203, width_mm=50.8, height_mm=76.2)

    zpl, warnings = pdf_to_zpl(sandbox_labels[LabelFormat.PDF].content, small)

    assert read_graphic(zpl).bytes_per_row * 8 <= small.width_dots + 7
    assert len(warnings) == 1
    assert "shrunk to 50%" in warnings[0]
    (shrunk,) = warnings  # typed: the window words it (the cycle adds the label's code)
    assert isinstance(shrunk, Note)
    assert shrunk.kind is NoteKind.LABEL_SHRUNK
    assert dict(shrunk.facts) == {"page": "102 × 152", "percent": 50}


def test_a_damaged_pdf_is_unreadable() -> None:
    with pytest.raises(PdfUnreadable):
        rasterize_pdf(b"%PDF-1.4\nthis is not a pdf", 203)
