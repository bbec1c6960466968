"""Label documents: a 4×6 in PDF (reportlab) or ZPL II text at 203 or 300 dpi.

Both carry the carrier, "Parcel n of N", sender and recipient blocks, the chosen PUDO point,
a Code128 barcode of the tracking code with the code in clear text, and the order id.
"""

from __future__ import annotations

import io
import unicodedata

from reportlab.graphics.barcode import code128
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas

from packstation.sandbox.state import Label, PudoPoint

PDF_CONTENT_TYPE = "application/pdf"
ZPL_CONTENT_TYPE = "text/plain; charset=utf-8"
PAGE_WIDTH = 4 * inch  # 288 pt
PAGE_HEIGHT = 6 * inch  # 432 pt
#: (print width, label length) in dots per format
ZPL_SIZES = {"zpl": (812, 1218), "zpl300": (1218, 1827)}


def content_type(fmt: str) -> str:
    return PDF_CONTENT_TYPE if fmt == "pdf" else ZPL_CONTENT_TYPE


def render(label: Label, carrier_name: str, pudo: PudoPoint | None) -> bytes:
    lines = _Lines.of(label, carrier_name, pudo)
    if label.format == "pdf":
        return _pdf(label, lines)
    return _zpl(label, lines).encode("utf-8")


class _Lines:
    """The text of a label, shared by both renderers."""

    def __init__(self) -> None:
        self.header = ""
        self.service = ""
        self.parcel = ""
        self.sender: list[str] = []
        self.recipient: list[str] = []
        self.pudo: list[str] = []
        self.footer: list[str] = []

    @classmethod
    def of(cls, label: Label, carrier_name: str, pudo: PudoPoint | None) -> _Lines:
        out = cls()
        out.header = carrier_name
        service = f"{label.carrier_service.upper()} · hub {label.carrier_country}"
        out.service = f"RETURN · {service}" if label.return_parcel else service
        out.parcel = f"Parcel {label.package_no} of {label.package_count}"
        out.sender = _address(label.sender)
        out.recipient = _address(label.recipient)
        if pudo is not None:
            a = pudo.address
            out.pudo = [
                f"PUDO {pudo.carrier_name} {pudo.location_id}: {a.get('name', '')}",
                f"{a.get('address_line', '')}, {a.get('zip', '')} {a.get('city', '')}",
            ]
        elif label.pudo_id:
            out.pudo = [f"PUDO {label.pudo_id}"]
        footer = f"Order: {label.order_id}"
        if label.reference_number:
            footer += f"   Ref: {label.reference_number}"
        out.footer = [footer]
        extra = f"Label {label.id}   {label.created_at[:10]}"
        if label.weight_kg is not None:
            extra = f"Weight: {label.weight_kg:g} kg   {extra}"
        out.footer.append(extra)
        return out


def _address(parts: dict[str, str]) -> list[str]:
    name = " ".join(p for p in (parts.get("first_name", ""), parts.get("last_name", "")) if p)
    street = " ".join(p for p in (parts.get("street", ""), parts.get("house_no", "")) if p)
    city = " ".join(p for p in (parts.get("zip", ""), parts.get("city", "")) if p)
    lines = [
        name,
        parts.get("company_name", ""),
        street,
        parts.get("address_details", ""),
        city,
        parts.get("country", ""),
    ]
    return [line for line in lines if line]


# ---------------------------------------------------------------- PDF
def _latin(text: str) -> str:
    """Text the standard PDF fonts can show (WinAnsi); others are approximated or '?'."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


def _pdf(label: Label, lines: _Lines) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    c.setTitle(f"Label {label.tracking_code}")
    c.setAuthor("packstation sandbox")
    margin = 14.0
    right = PAGE_WIDTH - margin
    y = PAGE_HEIGHT - margin - 18

    c.setFont("Helvetica-Bold", 20)
    c.drawString(margin, y, _latin(lines.header))
    c.setFont("Helvetica-Bold", 12)
    c.drawRightString(right, y + 4, lines.parcel)
    y -= 14
    c.setFont("Helvetica", 8)
    c.drawString(margin, y, _latin(lines.service))
    y -= 8
    c.line(margin, y, right, y)

    y -= 11
    c.setFont("Helvetica", 7)
    c.drawString(margin, y, "From:")
    for line in lines.sender[:5]:
        c.drawString(margin + 24, y, _latin(line))
        y -= 8.5
    y -= 6
    c.setFont("Helvetica-Bold", 9)
    c.drawString(margin, y, "To:")
    y -= 15
    for i, line in enumerate(lines.recipient):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 13 if i == 0 else 12)
        c.drawString(margin + 8, y, _latin(line))
        y -= 15
    if lines.pudo:
        y -= 4
        c.setFont("Helvetica-Bold", 8)
        for line in lines.pudo:
            c.drawString(margin, y, _latin(line))
            y -= 10

    barcode = code128.Code128(label.tracking_code, barHeight=70, barWidth=1.0, quiet=False)
    scale = min(1.4, (PAGE_WIDTH - 2 * margin) / barcode.width)
    barcode = code128.Code128(label.tracking_code, barHeight=70, barWidth=scale, quiet=False)
    bar_y = 92.0
    barcode.drawOn(c, (PAGE_WIDTH - barcode.width) / 2, bar_y)
    c.setFont("Helvetica-Bold", 12)
    c.drawCentredString(PAGE_WIDTH / 2, bar_y - 15, label.tracking_code)

    c.line(margin, 56, right, 56)
    c.setFont("Helvetica", 9)
    fy = 42.0
    for line in lines.footer:
        c.drawString(margin, fy, _latin(line))
        fy -= 12
    c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- ZPL
def _fd(text: str) -> str:
    """A ZPL field with ``^FH\\`` hex escapes for the characters ZPL treats specially."""
    escaped = text.replace("\\", "\\5C").replace("^", "\\5E").replace("~", "\\7E")
    return f"^FH\\^FD{escaped}^FS"


def _zpl(label: Label, lines: _Lines) -> str:
    width, length = ZPL_SIZES[label.format]
    k = width / 812  # 1 at 203 dpi, 1.5 at 300 dpi

    def at(x: float, y: float) -> str:
        return f"^FO{round(x * k)},{round(y * k)}"

    def font(size: float) -> str:
        return f"^A0N,{round(size * k)},{round(size * k)}"

    out = ["^XA", "^CI28", f"^PW{width}", f"^LL{length}", "^LH0,0"]
    out.append(f"{at(30, 30)}{font(56)}{_fd(lines.header)}")
    out.append(f"{at(470, 40)}{font(40)}{_fd(lines.parcel)}")
    out.append(f"{at(30, 95)}{font(24)}{_fd(lines.service)}")
    out.append(f"{at(30, 128)}^GB{round(752 * k)},{max(1, round(3 * k))},{max(1, round(3 * k))}^FS")
    y = 145.0
    out.append(f"{at(30, y)}{font(22)}{_fd('From:')}")
    for line in lines.sender[:5]:
        out.append(f"{at(110, y)}{font(22)}{_fd(line)}")
        y += 26
    y = max(y + 14, 290)
    out.append(f"{at(30, y)}{font(28)}{_fd('To:')}")
    y += 38
    for i, line in enumerate(lines.recipient):
        size = 44 if i == 0 else 38
        out.append(f"{at(50, y)}{font(size)}{_fd(line)}")
        y += size + 10
    if lines.pudo:
        y += 10
        for line in lines.pudo:
            out.append(f"{at(30, y)}{font(26)}{_fd(line)}")
            y += 32
    module = 3 if label.format == "zpl" else 4
    out.append(f"{at(60, 780)}^BY{module}^BCN,{round(200 * k)},Y,N,N,A^FD{label.tracking_code}^FS")
    out.append(
        f"{at(30, 1090)}^GB{round(752 * k)},{max(1, round(3 * k))},{max(1, round(3 * k))}^FS"
    )
    fy = 1110.0
    for line in lines.footer:
        out.append(f"{at(30, fy)}{font(30)}{_fd(line)}")
        fy += 40
    out.append("^XZ")
    return "\n".join(out) + "\n"
