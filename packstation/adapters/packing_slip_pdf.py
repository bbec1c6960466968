"""The packing slip (delivery note) as an A4 or A5 PDF (reportlab), filed in the data dir.

``PdfPackingSlipMaker`` implements ``ports.PackingSlipMaker``: one PDF per order in the
recipient's language (English, German, French, Italian or Spanish): merchant, order number and
date, delivery address, then each box with its items and quantities, and for Return Portal Pro
merchants a return hint with the order number as a Code 128 barcode. Rendering runs in a
worker thread; the file is written atomically to ``<directory>/<order>-packing-slip.pdf``.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from reportlab.graphics.barcode import code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from packstation.adapters.invoice_pdf import _address_lines, _escape
from packstation.adapters.pdf_fonts import pdf_fonts
from packstation.domain.packing_slip import PackingSlip, PageSize, SlipBox, SlipFile

#: The slip's texts per language (English is the fallback).
TEXTS: Mapping[str, Mapping[str, str]] = {
    "title": {
        "en": "Packing slip",
        "de": "Lieferschein",
        "fr": "Bordereau de livraison",
        "it": "Bolla di consegna",
        "es": "Albarán",
    },
    "order": {
        "en": "Order",
        "de": "Bestellung",
        "fr": "Commande",
        "it": "Ordine",
        "es": "Pedido",
    },
    "order_date": {
        "en": "Order date",
        "de": "Bestelldatum",
        "fr": "Date de commande",
        "it": "Data dell'ordine",
        "es": "Fecha del pedido",
    },
    "packed": {
        "en": "Packed",
        "de": "Verpackt am",
        "fr": "Emballé le",
        "it": "Imballato il",
        "es": "Embalado el",
    },
    "recipient": {
        "en": "Delivery address",
        "de": "Lieferadresse",
        "fr": "Adresse de livraison",
        "it": "Indirizzo di consegna",
        "es": "Dirección de entrega",
    },
    "parcel": {
        "en": "Parcel {number} of {count}",
        "de": "Paket {number} von {count}",
        "fr": "Colis {number} sur {count}",
        "it": "Collo {number} di {count}",
        "es": "Bulto {number} de {count}",
    },
    "qty": {"en": "Qty", "de": "Menge", "fr": "Qté", "it": "Q.tà", "es": "Cant."},
    "item": {
        "en": "Item",
        "de": "Artikel",
        "fr": "Article",
        "it": "Articolo",
        "es": "Artículo",
    },
    "sku": {
        "en": "Item no.",
        "de": "Art.-Nr.",
        "fr": "Réf.",
        "it": "Cod. art.",
        "es": "Ref.",
    },
    "total": {
        "en": "{units} items in {count} parcel(s)",
        "de": "{units} Artikel in {count} Paket(en)",
        "fr": "{units} articles dans {count} colis",
        "it": "{units} articoli in {count} collo/i",
        "es": "{units} artículos en {count} bulto(s)",
    },
    "returns": {
        "en": "Returns",
        "de": "Rücksendung",
        "fr": "Retours",
        "it": "Resi",
        "es": "Devoluciones",
    },
    "return_text": {
        "en": "To return an item, register the return online with your order number "
        "{order}{where}. Please keep this packing slip.",
        "de": "Für eine Rücksendung melden Sie diese bitte online mit Ihrer Bestellnummer "
        "{order} an{where}. Bitte bewahren Sie diesen Lieferschein auf.",
        "fr": "Pour retourner un article, enregistrez le retour en ligne avec votre numéro de "
        "commande {order}{where}. Veuillez conserver ce bordereau.",
        "it": "Per restituire un articolo, registra il reso online con il numero d'ordine "
        "{order}{where}. Conserva questa bolla.",
        "es": "Para devolver un artículo, registre la devolución en línea con su número de "
        "pedido {order}{where}. Conserve este albarán.",
    },
    "return_where": {
        "en": " at {url}",
        "de": " unter {url}",
        "fr": " sur {url}",
        "it": " su {url}",
        "es": " en {url}",
    },
}

_DATE_FORMATS = {"en": "%Y-%m-%d", "de": "%d.%m.%Y", "fr": "%d/%m/%Y", "it": "%d/%m/%Y",
                 "es": "%d/%m/%Y"}  # fmt: skip


def text(key: str, language: str, **values: object) -> str:
    """The slip's text ``key`` in ``language`` (English when missing), filled in."""
    texts = TEXTS[key]
    return texts.get(language, texts["en"]).format(**values)


def _date(when: datetime, language: str) -> str:
    return when.strftime(_DATE_FORMATS.get(language, _DATE_FORMATS["en"]))


def _kg(grams: int, language: str) -> str:
    figure = f"{Decimal(grams) / 1000:.3f}"
    return (figure if language == "en" else figure.replace(".", ",")) + " kg"


def box_heading(box: SlipBox, language: str) -> str:
    """ "Paket 2 von 3 · M · 1,828 kg"."""
    parts = [text("parcel", language, number=box.number, count=box.count)]
    if box.box_type:
        parts.append(box.box_type)
    if box.weight_g is not None:
        parts.append(_kg(box.weight_g, language))
    return " · ".join(parts)


@dataclass(frozen=True)
class _Layout:
    """The slip's language, font, measures and paragraph styles (smaller on A5)."""

    language: str
    font: str
    scale: float
    width: float
    base: ParagraphStyle
    small: ParagraphStyle
    strong: ParagraphStyle
    title: ParagraphStyle

    @classmethod
    def of(cls, slip: PackingSlip, font: str, page: tuple[float, float], margin: float) -> _Layout:
        scale = 0.85 if slip.page_size is PageSize.A5 else 1.0
        base = ParagraphStyle("base", fontName=font, fontSize=9.5 * scale, leading=12 * scale)
        return cls(
            language=slip.language,
            font=font,
            scale=scale,
            width=page[0] - 2 * margin,
            base=base,
            small=ParagraphStyle("small", parent=base, fontSize=8 * scale, leading=10 * scale),
            strong=ParagraphStyle("strong", parent=base, fontSize=11 * scale, leading=14 * scale),
            title=ParagraphStyle("title", parent=base, fontSize=18 * scale, leading=22 * scale),
        )

    def text(self, key: str, **values: object) -> str:
        return text(key, self.language, **values)

    def p(self, content: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(_escape(content), style or self.base)

    def lines(self, texts: list[str], style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph("<br/>".join(_escape(x) for x in texts), style or self.base)


def _head(slip: PackingSlip, layout: _Layout) -> Table:
    """The merchant on the left; the title, order number and dates on the right."""
    lang = layout.language
    merchant = [slip.merchant_name]
    if slip.merchant_address is not None:
        merchant += [
            line for line in _address_lines(slip.merchant_address) if line != slip.merchant_name
        ]
    facts = [
        f"{text('order', lang)}: {slip.order_id}",
        f"{text('order_date', lang)}: {_date(slip.order_date, lang)}",
    ]
    if slip.packed_at is not None:
        facts.append(f"{text('packed', lang)}: {_date(slip.packed_at, lang)}")
    width = layout.width
    head = Table(
        [[layout.lines(merchant[:1], layout.strong), layout.p(text("title", lang), layout.title)],
         [layout.lines(merchant[1:], layout.small), layout.lines(facts)]],
        colWidths=[width * 0.5, width * 0.5],
    )  # fmt: skip
    head.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), layout.font), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    return head


def _box(box: SlipBox, layout: _Layout) -> KeepTogether:
    """One box: its heading over a table of its items (kept on one page)."""
    p, small, width = layout.p, layout.small, layout.width
    rows: list[list[Paragraph]] = [
        [p(layout.text("qty"), small), p(layout.text("item"), small), p(layout.text("sku"), small)]
    ]
    for line in box.lines:
        rows.append([p(str(line.quantity)), p(line.name), p(line.sku, small)])
    table = Table(rows, colWidths=[width * 0.12, width * 0.58, width * 0.30], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), layout.font),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    heading = p(box_heading(box, layout.language), layout.strong)
    return KeepTogether([heading, Spacer(1, 1.5 * mm), table])


def _return_hint(slip: PackingSlip, layout: _Layout) -> KeepTogether:
    """How to return an item, with the order number as a Code 128 barcode."""
    where = layout.text("return_where", url=slip.return_url) if slip.return_url else ""
    barcode = code128.Code128(
        slip.order_id,
        barHeight=12 * mm * layout.scale,
        barWidth=0.33 * mm,
        humanReadable=True,
        fontName=layout.font,
    )
    return KeepTogether(
        [
            layout.p(layout.text("returns"), layout.strong),
            layout.p(layout.text("return_text", order=slip.order_id, where=where)),
            Spacer(1, 3 * mm),
            barcode,
        ]
    )


def render_packing_slip(slip: PackingSlip) -> bytes:
    """The slip as PDF bytes (A4 or A5, portrait)."""
    font = pdf_fonts().sans  # the bundled DejaVu Sans, also for table cells and the barcode
    small_page = slip.page_size is PageSize.A5
    page = A5 if small_page else A4
    margin = (10 if small_page else 15) * mm
    layout = _Layout.of(slip, font, page, margin)
    scale = layout.scale
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"{layout.text('title')} {slip.order_id}",
        author="packstation",
        subject=f"{slip.merchant_name}: order {slip.order_id}",
        initialFontName=font,
    )
    story: list[object] = [_head(slip, layout), Spacer(1, 6 * mm * scale)]
    story += [
        layout.p(layout.text("recipient"), layout.small),
        layout.lines(_address_lines(slip.recipient)),
        Spacer(1, 6 * mm * scale),
    ]
    for box in slip.boxes:
        story += [_box(box, layout), Spacer(1, 5 * mm * scale)]
    story.append(layout.p(layout.text("total", units=slip.units, count=len(slip.boxes))))
    if slip.return_hint:
        story += [Spacer(1, 8 * mm * scale), _return_hint(slip, layout)]
    doc.build(story)
    return buffer.getvalue()


def _file_name(order_id: str) -> str:
    return (re.sub(r"[^A-Za-z0-9_.-]+", "-", order_id).strip("-.") or "order") + "-packing-slip"


class PdfPackingSlipMaker:
    """Renders packing slips and files them in ``directory`` (one PDF per order)."""

    def __init__(self, directory: Path) -> None:
        self._directory = Path(directory)

    @property
    def directory(self) -> Path:
        return self._directory

    async def make(self, slip: PackingSlip) -> SlipFile:
        return await asyncio.get_running_loop().run_in_executor(None, self._make, slip)

    def _make(self, slip: PackingSlip) -> SlipFile:
        content = render_packing_slip(slip)
        self._directory.mkdir(parents=True, exist_ok=True)
        target = self._directory / f"{_file_name(slip.order_id)}.pdf"
        fd, tmp = tempfile.mkstemp(dir=self._directory, prefix=".slip-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return SlipFile(path=str(target), content=content)
