"""The commercial invoice PDF: A4, renders, and reads back with its articles and totals."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from packstation.adapters.invoice_pdf import PdfInvoiceMaker, render_invoice
from packstation.domain.customs_declaration import CommercialInvoice, DraftArticle
from packstation.domain.shipping import Address


def invoice(language: str = "en", lines: int = 2) -> CommercialInvoice:
    articles = [
        DraftArticle(
            "SKU-UMBRELLA",
            "Umbrella, compact",
            "660191",
            1,
            Decimal("22.00"),
            "EUR",
            Decimal("0.420"),
            "CN",
        ),
        DraftArticle(
            "SKU-PHONECASE",
            "Phone case, clear",
            "392690",
            2,
            Decimal("19.00"),
            "EUR",
            Decimal("0.060"),
            "CN",
        ),
    ]
    while len(articles) < lines:
        n = len(articles)
        articles.append(
            DraftArticle(
                f"SKU-{n}", f"Item {n}", "392690", 1, Decimal("1.00"), "EUR", Decimal("0.010"), "DE"
            )
        )
    return CommercialInvoice(
        invoice_id="A108-P1",
        invoice_date=datetime(2026, 11, 30, 10, 0, tzinfo=UTC),
        order_id="A108",
        language=language,
        recipient=Address(
            "Carmen", "Rodríguez", "Calle Mayor de Triana", "35001",
            "Las Palmas de Gran Canaria", "ES", house_no="45",
        ),
        sender=Address(
            "Lager", "Team", "Kochhannstr.", "10247", "Berlin", "DE", house_no="38",
            company_name="Demo Shop GmbH",
        ),
        incoterm="DAP",
        tracking_code="ZG000000000001",
        parcel_no=1,
        parcel_count=1,
        departure_country="DE",
        destination="Canary Islands (ES)",
        articles=tuple(articles),
        currency="EUR",
        parcel_weight_g=600,
        carrier="gls:DE",
    )  # fmt: skip


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_invoice_renders_with_articles_and_totals() -> None:
    pdf = render_invoice(invoice("es"))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = text_of(pdf)
    for expected in (
        "Factura comercial / Commercial invoice",
        "A108-P1",
        "ZG000000000001",
        "Umbrella, compact",
        "Phone case, clear",
        "660191",
        "392690",
        "Rodríguez",
        "Canary Islands (ES)",
        "DAP",
        "60.00 EUR",  # 22.00 + 2 x 19.00
        "0.540 kg",  # net: 0.420 + 2 x 0.060
        "0.600 kg",  # gross: the parcel
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Commercial invoice"),
        ("de", "Handelsrechnung / Commercial invoice"),
        ("fr", "Facture commerciale / Commercial invoice"),
        ("it", "Fattura commerciale / Commercial invoice"),
    ],
)
def test_invoice_languages(language: str, title: str) -> None:
    assert title in text_of(render_invoice(invoice(language)))


def test_long_invoices_run_over_pages() -> None:
    pdf = render_invoice(invoice(lines=80))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    assert "Item 79" in text_of(pdf)


@pytest.mark.asyncio
async def test_maker_files_the_pdf_by_invoice_id(tmp_path: Path) -> None:
    maker = PdfInvoiceMaker(tmp_path / "invoices")
    made = await maker.make(invoice())
    assert Path(made.path) == tmp_path / "invoices" / "A108-P1.pdf"
    assert made.content.startswith(b"%PDF")
    assert_filed_alone(Path(made.path), made.content)


def assert_filed_alone(path: Path, content: bytes) -> None:
    assert path.read_bytes() == content
    assert [p.name for p in path.parent.iterdir()] == [path.name]
