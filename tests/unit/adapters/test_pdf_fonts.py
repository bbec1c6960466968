"""Every PDF the station makes is set in the bundled DejaVu fonts: Hungarian, Czech and Polish
names come out as written (read back from the PDF with pypdf), the fonts are embedded, and the
font files travel with the package and the desktop bundle together with their licence."""

from __future__ import annotations

import io
import re
import tomllib
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from packstation.adapters import pdf_fonts as fonts_module
from packstation.adapters.invoice_pdf import render_invoice
from packstation.adapters.packing_slip_pdf import render_packing_slip
from packstation.adapters.pdf_fonts import font_folder, pdf_fonts
from packstation.adapters.station_documents import (
    SheetEntry,
    command_sheet_pdf,
    printer_test_label,
)
from packstation.domain.boxes import Box, BoxItem
from packstation.domain.customs_declaration import CommercialInvoice, DraftArticle
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.domain.packing_slip import packing_slip
from packstation.domain.printing import PrinterLanguage, PrinterProfile
from packstation.domain.shipping import Address

ROOT = Path(__file__).resolve().parents[3]
NAMES = ("Kőszegi Ödön", "Řehořová", "Dvořákova", "Łódź", "Şişli", "Ærøskøbing")


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(BaseFont, embedded) of every font the pages use."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(font["/BaseFont"]), embedded))
    return out


def _assert_dejavu_only(pdf: bytes) -> None:
    used = _fonts(pdf)
    assert used
    for name, embedded in used:
        assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold|Mono)?", name), name  # a subset
        assert embedded, name


def test_the_bundled_font_has_every_letter_of_the_names() -> None:
    for file_name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"):
        face = TTFont("probe", str(font_folder() / file_name)).face
        missing = {c for c in "".join(NAMES) if c != " " and ord(c) not in face.charToGlyph}
        assert missing == set(), file_name


def test_a_hungarian_and_czech_recipient_prints_as_written_on_the_cn23() -> None:
    invoice = CommercialInvoice(
        invoice_id="A200-P1",
        invoice_date=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
        order_id="A200",
        language="en",
        recipient=Address(
            "Ödön", "Kőszegi-Řehořová", "Dvořákova", "60200", "Brno", "CZ", house_no="12"
        ),
        sender=Address(
            "Lager",
            "Team",
            "Kochhannstr.",
            "10247",
            "Berlin",
            "DE",
            house_no="38",
            company_name="Demo Shop GmbH",
        ),
        incoterm="DAP",
        tracking_code="ZG000000000002",
        parcel_no=1,
        parcel_count=1,
        departure_country="DE",
        destination="Czechia",
        articles=(
            DraftArticle(
                "SKU-1",
                "Kefe, sárga – Łódź",
                "960390",
                1,
                Decimal("9.50"),
                "EUR",
                Decimal("0.100"),
                "PL",
            ),
        ),
        currency="EUR",
    )

    pdf = render_invoice(invoice)

    text = _text(pdf)
    for written in ("Ödön Kőszegi-Řehořová", "Dvořákova 12", "Kefe, sárga – Łódź"):
        assert written in text
    _assert_dejavu_only(pdf)


def test_the_command_sheet_and_the_test_label_print_any_latin_name() -> None:
    sheet = command_sheet_pdf(
        "Příkazový list",
        [SheetEntry("PS-CMD:FINISH", "Befejezés – Kőszegi", "Řehořová")],
        footer="Ærøskøbing",
        station="Şişli-1",
    )
    label = printer_test_label(PrinterProfile(language=PrinterLanguage.PDF), list(NAMES))

    sheet_text = _text(sheet)
    for written in ("Příkazový list", "Befejezés – Kőszegi", "Řehořová", "Ærøskøbing", "Şişli-1"):
        assert written in sheet_text
    assert "PS-CMD:FINISH" in sheet_text
    label_text = _text(label.content)
    for name in NAMES:
        assert name in label_text
    _assert_dejavu_only(sheet)
    _assert_dejavu_only(label.content)


def test_the_packing_slip_prints_any_latin_name() -> None:
    order = MerchantOrder(
        order_id="A300",
        order_date=datetime(2026, 12, 7, 9, 0),
        recipient=Address("Ödön", "Kőszegi-Řehořová", "Dvořákova", "60200", "Brno", "CZ"),
        lines=(OrderLine(sku="SKU-1", name="Kefe, sárga – Łódź", quantity=1),),
        language="en",
    )
    slip = packing_slip(
        order,
        (Box(1, (BoxItem("SKU-1", 1),)),),
        merchant_name="Ærøskøbing Şişli s.r.o.",
        return_portal=True,
    )

    pdf = render_packing_slip(slip)

    text = _text(pdf)
    for written in ("Ödön Kőszegi-Řehořová", "Dvořákova", "Kefe, sárga – Łódź", "Ærøskøbing"):
        assert written in text
    _assert_dejavu_only(pdf)


def test_a_missing_font_file_is_named_not_replaced(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts_module, "font_folder", lambda: tmp_path)
    monkeypatch.setitem(fonts_module._FILES, "PackstationProbeFont", "Probe.ttf")

    with pytest.raises(FileNotFoundError, match=r"Probe\.ttf is missing"):
        pdf_fonts()


def test_the_fonts_and_their_licence_ship_with_the_package_and_the_bundle() -> None:
    folder = font_folder()
    assert {p.name for p in folder.glob("*.ttf")} == set(fonts_module._FILES.values())
    licence = (folder / "LICENSE-DejaVu.txt").read_text("utf-8")
    assert "Bitstream" in licence
    assert "Permission is hereby granted" in licence
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["packstation"]
    assert "resources/fonts/*" in package_data
    assert '"resources/fonts/*"' in (ROOT / "installer" / "packstation.spec").read_text("utf-8")
