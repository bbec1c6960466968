"""The commercial invoice / CN23 as an A4 PDF (reportlab), filed in the station's data dir.

``PdfInvoiceMaker`` implements ``ports.InvoiceMaker``: it renders one parcel's invoice in the
destination's language (English, German, French, Italian or Spanish; English labels are kept
next to the others so that every customs office can read it) and writes it atomically to
``<directory>/<invoice id>.pdf``. Rendering runs in a worker thread. The text is set in the
bundled DejaVu Sans (``pdf_fonts``), so every Latin name (Kőszegi, Řehoř, …) prints as written.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import tempfile
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from packstation.adapters.pdf_fonts import pdf_fonts
from packstation.adapters.private_files import private_dir
from packstation.domain.customs_declaration import CommercialInvoice, InvoiceFile
from packstation.domain.shipping import Address

#: Label texts per language; English is the fallback and is printed beside the others.
TEXTS: Mapping[str, Mapping[str, str]] = {
    "title": {
        "en": "Commercial invoice",
        "de": "Handelsrechnung",
        "fr": "Facture commerciale",
        "it": "Fattura commerciale",
        "es": "Factura comercial",
    },
    "subtitle": {
        "en": "Customs declaration CN23 data",
        "de": "Zollinhaltserklärung CN23",
        "fr": "Déclaration en douane CN23",
        "it": "Dichiarazione doganale CN23",
        "es": "Declaración de aduana CN23",
    },
    "invoice_no": {
        "en": "Invoice no.",
        "de": "Rechnungsnr.",
        "fr": "N° de facture",
        "it": "N. fattura",
        "es": "N.º de factura",
    },
    "date": {"en": "Date", "de": "Datum", "fr": "Date", "it": "Data", "es": "Fecha"},
    "order": {"en": "Order", "de": "Bestellung", "fr": "Commande", "it": "Ordine", "es": "Pedido"},
    "tracking": {
        "en": "Tracking no.",
        "de": "Sendungsnr.",
        "fr": "N° de suivi",
        "it": "N. spedizione",
        "es": "N.º de seguimiento",
    },
    "parcel": {"en": "Parcel", "de": "Paket", "fr": "Colis", "it": "Collo", "es": "Bulto"},
    "incoterm": {
        "en": "Incoterm",
        "de": "Lieferbedingung",
        "fr": "Incoterm",
        "it": "Resa",
        "es": "Incoterm",
    },
    "reason": {
        "en": "Reason for export",
        "de": "Ausfuhrgrund",
        "fr": "Motif de l'exportation",
        "it": "Motivo dell'esportazione",
        "es": "Motivo de la exportación",
    },
    "sale": {
        "en": "Sale of goods",
        "de": "Warenverkauf",
        "fr": "Vente de marchandises",
        "it": "Vendita di merci",
        "es": "Venta de mercancías",
    },
    "from": {
        "en": "Departure",
        "de": "Versandland",
        "fr": "Pays de départ",
        "it": "Paese di partenza",
        "es": "País de salida",
    },
    "to": {
        "en": "Destination",
        "de": "Bestimmung",
        "fr": "Destination",
        "it": "Destinazione",
        "es": "Destino",
    },
    "carrier": {
        "en": "Carrier",
        "de": "Versender",
        "fr": "Transporteur",
        "it": "Vettore",
        "es": "Transportista",
    },
    "sender": {
        "en": "Sender / exporter",
        "de": "Absender / Ausführer",
        "fr": "Expéditeur / exportateur",
        "it": "Mittente / esportatore",
        "es": "Remitente / exportador",
    },
    "recipient": {
        "en": "Recipient / importer",
        "de": "Empfänger / Einführer",
        "fr": "Destinataire / importateur",
        "it": "Destinatario / importatore",
        "es": "Destinatario / importador",
    },
    "description": {
        "en": "Description",
        "de": "Warenbezeichnung",
        "fr": "Description",
        "it": "Descrizione",
        "es": "Descripción",
    },
    "sku": {"en": "SKU", "de": "Artikelnr.", "fr": "Réf.", "it": "Cod. art.", "es": "Ref."},
    "hs": {
        "en": "HS code",
        "de": "Zolltarifnr.",
        "fr": "Code SH",
        "it": "Codice SA",
        "es": "Código SA",
    },
    "origin": {"en": "Origin", "de": "Ursprung", "fr": "Origine", "it": "Origine", "es": "Origen"},
    "qty": {"en": "Qty", "de": "Menge", "fr": "Qté", "it": "Q.tà", "es": "Cant."},
    "net_kg": {
        "en": "Net kg",
        "de": "Netto kg",
        "fr": "Net kg",
        "it": "Netto kg",
        "es": "Neto kg",
    },
    "unit_value": {
        "en": "Unit value",
        "de": "Einzelwert",
        "fr": "Valeur unitaire",
        "it": "Valore unitario",
        "es": "Valor unitario",
    },
    "value": {"en": "Value", "de": "Wert", "fr": "Valeur", "it": "Valore", "es": "Valor"},
    "total": {"en": "Total", "de": "Summe", "fr": "Total", "it": "Totale", "es": "Total"},
    "units": {"en": "units", "de": "Stück", "fr": "unités", "it": "pezzi", "es": "unidades"},
    "net_weight": {
        "en": "Total net weight",
        "de": "Gesamtgewicht netto",
        "fr": "Poids net total",
        "it": "Peso netto totale",
        "es": "Peso neto total",
    },
    "gross_weight": {
        "en": "Gross weight (parcel)",
        "de": "Bruttogewicht (Paket)",
        "fr": "Poids brut (colis)",
        "it": "Peso lordo (collo)",
        "es": "Peso bruto (bulto)",
    },
    "total_value": {
        "en": "Total value",
        "de": "Gesamtwert",
        "fr": "Valeur totale",
        "it": "Valore totale",
        "es": "Valor total",
    },
    "declaration": {
        "en": "I certify that the particulars given in this invoice are true and correct and "
        "that the goods are of the origin stated.",
        "de": "Ich versichere, dass die Angaben in dieser Rechnung wahr und richtig sind und die "
        "Waren den angegebenen Ursprung haben.",
        "fr": "Je certifie que les renseignements donnés dans la présente facture sont exacts "
        "et que les marchandises sont de l'origine indiquée.",
        "it": "Certifico che le informazioni riportate nella presente fattura sono veritiere e "
        "corrette e che le merci sono dell'origine indicata.",
        "es": "Certifico que los datos de esta factura son verdaderos y correctos y que las "
        "mercancías son del origen indicado.",
    },
    "signature": {
        "en": "Place, date, signature",
        "de": "Ort, Datum, Unterschrift",
        "fr": "Lieu, date, signature",
        "it": "Luogo, data, firma",
        "es": "Lugar, fecha, firma",
    },
}


def label(key: str, language: str) -> str:
    """The label in ``language``, followed by the English one when they differ."""
    texts = TEXTS[key]
    local = texts.get(language, texts["en"])
    english = texts["en"]
    return local if local == english else f"{local} / {english}"


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def _kg(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.001'), ROUND_HALF_UP)}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _address_lines(address: Address | None) -> list[str]:
    if address is None:
        return ["—"]
    name = " ".join(p for p in (address.first_name, address.last_name) if p)
    lines = [address.company_name, name, address.single_line_street(), address.address_details]
    lines.append(" ".join(p for p in (address.zip, address.city) if p))
    lines += [address.country, address.email, address.phone]
    return [line for line in lines if line and line.strip()]


def render_invoice(invoice: CommercialInvoice) -> bytes:
    """The invoice as PDF bytes (A4, portrait)."""
    page = _InvoicePage(invoice)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{TEXTS['title']['en']} {invoice.invoice_id}",
        author="packstation",
        subject=f"Order {invoice.order_id}, tracking {invoice.tracking_code}",
        initialFontName=page.font,  # not reportlab's Helvetica, not even as the first font
    )
    doc.build(page.story())
    return buffer.getvalue()


class _InvoicePage:
    """The invoice's flowables, block by block, in the invoice's language."""

    def __init__(self, invoice: CommercialInvoice) -> None:
        self.invoice = invoice
        self.lang = invoice.language
        self.font = pdf_fonts().sans  # also the tables' cell font: none of reportlab's Helvetica
        self.base = ParagraphStyle("base", fontName=self.font, fontSize=8.5, leading=10.5)
        self.small = ParagraphStyle("small", parent=self.base, fontSize=7.5, leading=9)
        self.title = ParagraphStyle("title", parent=self.base, fontSize=16, leading=20)
        self.subtitle = ParagraphStyle("subtitle", parent=self.base, fontSize=10, leading=13)

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(_escape(text), style or self.base)

    def lines(self, texts: list[str]) -> Paragraph:
        return Paragraph("<br/>".join(_escape(x) for x in texts), self.base)

    def label(self, key: str) -> str:
        return label(key, self.lang)

    def story(self) -> list[object]:
        return [
            self.p(self.label("title"), self.title),
            self.p(self.label("subtitle"), self.subtitle),
            Spacer(1, 4 * mm),
            self.facts(),
            Spacer(1, 4 * mm),
            self.parties(),
            Spacer(1, 5 * mm),
            self.articles(),
            Spacer(1, 4 * mm),
            self.totals(),
            Spacer(1, 6 * mm),
            *self.closing(),
        ]

    def facts(self) -> Table:
        invoice = self.invoice
        facts = [
            (self.label("invoice_no"), invoice.invoice_id),
            (self.label("date"), invoice.invoice_date.strftime("%Y-%m-%d")),
            (self.label("order"), invoice.order_id),
            (self.label("tracking"), invoice.tracking_code),
            (self.label("parcel"), f"{invoice.parcel_no} / {invoice.parcel_count}"),
            (self.label("incoterm"), invoice.incoterm),
            (self.label("reason"), self.label("sale")),
            (self.label("from"), invoice.departure_country),
            (self.label("to"), invoice.destination),
        ]
        if invoice.carrier:
            facts.append((self.label("carrier"), invoice.carrier))
        table = Table(
            [[self.p(k, self.small), self.p(v)] for k, v in facts],
            colWidths=[55 * mm, 125 * mm],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.font),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def parties(self) -> Table:
        table = Table(
            [
                [
                    self.p(self.label("sender"), self.small),
                    self.p(self.label("recipient"), self.small),
                ],
                [
                    self.lines(_address_lines(self.invoice.sender)),
                    self.lines(_address_lines(self.invoice.recipient)),
                ],
            ],
            colWidths=[90 * mm, 90 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.font),
                    ("BOX", (0, 0), (0, -1), 0.5, colors.grey),
                    ("BOX", (1, 0), (1, -1), 0.5, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    def articles(self) -> Table:
        invoice, p = self.invoice, self.p
        currency = invoice.currency
        header = [
            "#",
            self.label("description"),
            self.label("sku"),
            self.label("hs"),
            self.label("origin"),
            self.label("qty"),
            self.label("net_kg"),
            f"{self.label('unit_value')} ({currency})",
            f"{self.label('value')} ({currency})",
        ]
        rows: list[list[Paragraph]] = [[p(h, self.small) for h in header]]
        for i, a in enumerate(invoice.articles, start=1):
            rows.append(
                [
                    p(str(i)),
                    p(a.description),
                    p(a.sku, self.small),
                    p(a.hs_code),
                    p(a.country_of_origin),
                    p(str(a.quantity)),
                    p(_kg(a.line_weight_kg) if a.line_weight_kg is not None else "—"),
                    p(_money(a.unit_value) if a.unit_value is not None else "—"),
                    p(_money(a.line_value) if a.line_value is not None else "—"),
                ]
            )
        total = ["", self.label("total"), "", "", "", str(invoice.units)]
        total += [_kg(invoice.total_net_weight_kg), "", _money(invoice.total_value)]
        rows.append([p(x) for x in total])
        widths = [7, 39, 27, 20, 19, 13, 16, 20, 19]
        table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.font),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                    ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#EEEEEE")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    def totals(self) -> Table:
        invoice = self.invoice
        totals = [
            (self.label("total_value"), f"{_money(invoice.total_value)} {invoice.currency}"),
            (self.label("net_weight"), f"{_kg(invoice.total_net_weight_kg)} kg"),
        ]
        if invoice.parcel_weight_g is not None:
            gross = Decimal(invoice.parcel_weight_g) / 1000
            totals.append((self.label("gross_weight"), f"{_kg(gross)} kg"))
        table = Table(
            [[self.p(k), self.p(v)] for k, v in totals],
            colWidths=[85 * mm, 40 * mm],
            hAlign="RIGHT",
        )
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.font)]))
        return table

    def closing(self) -> list[object]:
        """Notes, the declaration (also in English when the invoice is not) and the signature."""
        out: list[object] = [self.p(note, self.small) for note in self.invoice.notes]
        out += [
            Spacer(1, 2 * mm),
            self.p(TEXTS["declaration"].get(self.lang, TEXTS["declaration"]["en"])),
        ]
        if self.lang != "en":
            out.append(self.p(TEXTS["declaration"]["en"], self.small))
        out += [Spacer(1, 14 * mm), self.p("_" * 60), self.p(self.label("signature"), self.small)]
        return out


def _file_name(invoice_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", invoice_id).strip("-.") or "invoice"


class PdfInvoiceMaker:
    """Renders commercial invoices and files them in ``directory`` (one PDF per invoice id)."""

    def __init__(self, directory: Path) -> None:
        self._directory = Path(directory)

    @property
    def directory(self) -> Path:
        return self._directory

    async def make(self, invoice: CommercialInvoice) -> InvoiceFile:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._make, invoice)

    def _make(self, invoice: CommercialInvoice) -> InvoiceFile:
        content = render_invoice(invoice)
        private_dir(self._directory)
        target = self._directory / f"{_file_name(invoice.invoice_id)}.pdf"
        fd, tmp = tempfile.mkstemp(dir=self._directory, prefix=".invoice-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return InvoiceFile(path=str(target), content=content)
