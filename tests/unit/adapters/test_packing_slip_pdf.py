"""The packing slip: built from the boxes, rendered as A4/A5 PDF, read back with pypdf."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pypdf
import pytest

from packstation.adapters.packing_slip_pdf import (
    PdfPackingSlipMaker,
    box_heading,
    render_packing_slip,
    text,
)
from packstation.domain.boxes import Box, BoxItem, BoxType, single_box
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.domain.packing_slip import (
    PackingSlip,
    PageSize,
    SlipPolicy,
    packing_slip,
    slip_language,
    slip_wanted,
)
from packstation.domain.shipping import Address

RECIPIENT = Address(
    first_name="Oliver", last_name="Smith", street="High Street", house_no="12", zip="SW1A 1AA",
    city="London", country="GB",
)  # fmt: skip
MERCHANT = Address(
    first_name="", last_name="", company_name="Lumen & Co GmbH", street="Torstraße",
    house_no="5", zip="10119", city="Berlin", country="DE",
)  # fmt: skip
LINES = (
    OrderLine(sku="LAMP-01", name="Desk lamp “Lumen”", quantity=1, weight_g=1200),
    OrderLine(sku="MAT-02", name="Yoga mat, cork", quantity=2, weight_g=900),
    OrderLine(sku="COF-03", name="Café moulu 250 g", quantity=1, weight_g=250),
)
MEDIUM = BoxType("M", barcode="BOX-M", tare_g=300)


def an_order(language: str | None = "en", **tags: str) -> MerchantOrder:
    return MerchantOrder(
        order_id="A102", order_date=datetime(2026, 12, 1, 9, 30), recipient=RECIPIENT,
        lines=LINES, language=language, tags=tags,
    )  # fmt: skip


BOXES = (
    Box(1, (BoxItem("LAMP-01", 1),), MEDIUM, measured_weight_g=1826),
    Box(2, (BoxItem("MAT-02", 2),), measured_weight_g=1828),
    Box(3, (BoxItem("COF-03", 1),)),
)


def slip(language: str | None = "en", **kwargs: object) -> PackingSlip:
    options: dict[str, object] = {"merchant_name": "Lumen & Co", "merchant_address": MERCHANT}
    options.update(kwargs)
    return packing_slip(an_order(language), BOXES, **options)  # type: ignore[arg-type]


def pdf_text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(content: str) -> str:
    return " ".join(content.split())


def test_each_box_lists_what_is_in_it() -> None:
    made = slip(packed_at=datetime(2026, 12, 2, 14, 0))
    reader, content = pdf_text(render_packing_slip(made))
    assert len(reader.pages) == 1
    words = flat(content)
    assert "Packing slip" in words
    assert "Lumen & Co" in words
    assert "Torstraße 5" in words
    assert "Order: A102" in words
    assert "Order date: 2026-12-01" in words
    assert "Packed: 2026-12-02" in words
    assert "Oliver Smith" in words
    assert "High Street 12" in words
    assert "SW1A 1AA London" in words
    one, two, three = (words.index(f"Parcel {n} of 3") for n in (1, 2, 3))
    assert one < words.index("Desk lamp “Lumen”") < two < words.index("Yoga mat, cork") < three
    assert three < words.index("Café moulu 250 g")
    assert "Parcel 1 of 3 · M · 1.826 kg" in words
    assert "Parcel 2 of 3 · 1.828 kg" in words
    assert "2 Yoga mat, cork MAT-02" in words
    assert "4 items in 3 parcel(s)" in words
    assert "Returns" not in words


def test_return_portal_merchants_get_the_hint_with_the_order_barcode() -> None:
    made = slip(return_portal=True, return_url="https://returns.example/lumen")
    _, content = pdf_text(render_packing_slip(made))
    words = flat(content)
    assert "Returns" in words
    assert "register the return online with your order number A102 at " in words
    assert "https://returns.example/lumen" in words
    assert words.rstrip().endswith("A102")  # the barcode's human-readable line


@pytest.mark.parametrize(
    ("language", "title", "parcel", "returns"),
    [
        (
            "de",
            "Lieferschein",
            "Paket 2 von 3 · 1,828 kg",
            "Bitte bewahren Sie diesen Lieferschein",
        ),
        ("fr", "Bordereau de livraison", "Colis 2 sur 3 · 1,828 kg", "Veuillez conserver"),
        ("it", "Bolla di consegna", "Collo 2 di 3 · 1,828 kg", "Conserva questa bolla"),
        ("es", "Albarán", "Bulto 2 de 3 · 1,828 kg", "Conserve este albarán"),
        ("en", "Packing slip", "Parcel 2 of 3 · 1.828 kg", "Please keep this packing slip"),
        ("pl", "Packing slip", "Parcel 2 of 3 · 1.828 kg", "Please keep this packing slip"),
        (None, "Packing slip", "Parcel 2 of 3", "Please keep this packing slip"),
    ],
)
def test_the_slip_speaks_the_orders_language(
    language: str | None, title: str, parcel: str, returns: str
) -> None:
    _, content = pdf_text(render_packing_slip(slip(language, return_portal=True)))
    words = flat(content)
    assert title in words
    assert parcel in words
    assert returns in words


def test_language_codes() -> None:
    assert slip_language("de-AT") == "de"
    assert slip_language("FR") == "fr"
    assert slip_language("es_ES") == "es"
    assert slip_language("nl") == "en"
    assert slip_language(None) == "en"
    assert text("parcel", "xx", number=1, count=2) == "Parcel 1 of 2"


def test_a5_pages() -> None:
    reader, content = pdf_text(render_packing_slip(slip(page_size=PageSize.A5)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)
    assert "Parcel 3 of 3" in flat(content)
    a4, _ = pdf_text(render_packing_slip(slip()))
    assert round(float(a4.pages[0].mediabox.height)) == 842


def test_many_boxes_flow_over_pages() -> None:
    lines = tuple(OrderLine(sku=f"SKU-{n}", name=f"Item {n}", quantity=3) for n in range(40))
    order = MerchantOrder("B1", datetime(2026, 12, 1), RECIPIENT, lines, language="de")
    boxes = tuple(Box(n + 1, (BoxItem(f"SKU-{n}", 3),)) for n in range(40))
    reader, content = pdf_text(
        render_packing_slip(packing_slip(order, boxes, merchant_name="Shop", page_size=PageSize.A5))
    )
    assert len(reader.pages) > 1
    words = flat(content)
    assert all(f"Paket {n} von 40" in words for n in range(1, 41))
    assert "120 Artikel in 40 Paket(en)" in words


def test_boxes_that_do_not_hold_the_order_make_no_slip() -> None:
    with pytest.raises(ValueError, match="No packing slip for order A102: 1 of 1 COF-03"):
        packing_slip(an_order(), BOXES[:2], merchant_name="Lumen & Co")
    with pytest.raises(ValueError, match="needs the merchant's name"):
        packing_slip(an_order(), BOXES, merchant_name=" ")


def test_box_heading_without_type_or_weight() -> None:
    made = packing_slip(an_order("de"), single_box(an_order()), merchant_name="Lumen")
    assert box_heading(made.boxes[0], "de") == "Paket 1 von 1"
    assert made.units == 4


def test_when_a_slip_is_printed() -> None:
    order = an_order()
    assert not slip_wanted(SlipPolicy.NEVER, order, BOXES)
    assert slip_wanted(SlipPolicy.ALWAYS, order, BOXES[:1])
    assert slip_wanted(SlipPolicy.MULTI_BOX, order, BOXES)
    assert not slip_wanted(SlipPolicy.MULTI_BOX, order, BOXES[:1])
    assert slip_wanted(SlipPolicy.ORDER_ASKS, an_order(packing_slip="Yes"), BOXES)
    assert not slip_wanted(SlipPolicy.ORDER_ASKS, an_order(packing_slip="no"), BOXES)
    assert not slip_wanted(SlipPolicy.ORDER_ASKS, order, BOXES)


@pytest.mark.asyncio
async def test_the_maker_files_the_slip_atomically(tmp_path: Path) -> None:
    maker = PdfPackingSlipMaker(tmp_path / "slips")
    made = await maker.make(slip())
    assert made.path == str(tmp_path / "slips" / "A102-packing-slip.pdf")
    assert made.content.startswith(b"%PDF")
    assert_filed_alone(Path(made.path), made.content)


def assert_filed_alone(path: Path, content: bytes) -> None:
    assert path.read_bytes() == content
    assert [p.name for p in path.parent.iterdir()] == [path.name]
