"""Documents the station makes for itself: the command sheet (A4 PDF) and a printer test label.

The command sheet carries one Code 128 barcode per bench command (``PS-CMD:FINISH`` …) with its
title and a hint in the packer's language, so a packer with a scanner in one hand never needs
the keyboard. The texts come from the window (already translated); this module only lays out.
Rendering is blocking: ``write_command_sheet`` is called through ``run_in_executor``. Text is
set in the bundled DejaVu fonts (``pdf_fonts``), so any Latin letter prints as written.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from packstation.adapters.pdf_fonts import pdf_fonts
from packstation.domain.printing import PrinterLanguage, PrinterProfile
from packstation.domain.shipping import LabelDocument, LabelFormat


@dataclass(frozen=True, slots=True)
class SheetEntry:
    """One barcode of the command sheet: what it encodes and what it says."""

    code: str  # the barcode's content, e.g. "PS-CMD:FINISH"
    title: str  # e.g. "Finish: buy and print the label"
    hint: str = ""  # e.g. "Same as F2"


def command_sheet_pdf(
    heading: str, entries: Sequence[SheetEntry], footer: str = "", station: str = ""
) -> bytes:
    """The command sheet as PDF bytes: two columns of barcodes on as many A4 pages as needed."""
    out = io.BytesIO()
    fonts = pdf_fonts()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1, initialFontName=fonts.sans)
    pdf.setTitle(heading)
    pdf.setAuthor("packstation")
    width, height = A4
    margin = 15 * mm
    columns, cell_h = 2, 52 * mm
    cell_w = (width - 2 * margin) / columns
    rows_per_page = int((height - 2 * margin - 22 * mm) // cell_h)

    def page_head() -> None:
        pdf.setFont(fonts.bold, 20)
        pdf.drawString(margin, height - margin - 8 * mm, heading)
        pdf.setFont(fonts.sans, 9)
        made = datetime.now().strftime("%Y-%m-%d %H:%M")
        pdf.drawRightString(width - margin, height - margin - 8 * mm, f"{station}  {made}".strip())
        if footer:
            pdf.drawString(margin, margin - 6 * mm, footer)

    page_head()
    per_page = rows_per_page * columns
    for index, entry in enumerate(entries):
        slot = index % per_page
        if index and slot == 0:
            pdf.showPage()
            page_head()
        row, col = divmod(slot, columns)
        x = margin + col * cell_w
        top = height - margin - 20 * mm - row * cell_h
        pdf.setStrokeGray(0.75)
        pdf.roundRect(x + 2 * mm, top - cell_h + 4 * mm, cell_w - 4 * mm, cell_h - 6 * mm, 3 * mm)
        pdf.setFont(fonts.bold, 13)
        pdf.drawString(x + 6 * mm, top - 8 * mm, _fit(entry.title, 44))
        if entry.hint:
            pdf.setFont(fonts.sans, 9)
            pdf.drawString(x + 6 * mm, top - 13 * mm, _fit(entry.hint, 70))
        barcode = sheet_barcode(entry.code, cell_w - 8 * mm)
        bx = x + (cell_w - barcode.width) / 2
        barcode.drawOn(pdf, bx, top - 36 * mm)
        pdf.setFont(fonts.mono, 9)
        pdf.drawCentredString(x + cell_w / 2, top - 41 * mm, entry.code)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def sheet_barcode(code: str, room: float) -> code128.Code128:
    """The Code 128 of ``code``, 0.38 mm bars, thinner for a long code so it fits ``room``."""
    bar = 0.38 * mm
    barcode = code128.Code128(code, barHeight=18 * mm, barWidth=bar, quiet=True)
    while barcode.width > room:  # the scanner test barcode: thinner bars, same cell
        bar *= 0.97 * room / barcode.width  # the quiet zones do not shrink with the bars
        barcode = code128.Code128(code, barHeight=18 * mm, barWidth=bar, quiet=True)
    return barcode


def write_command_sheet(
    path: Path, heading: str, entries: Sequence[SheetEntry], footer: str = "", station: str = ""
) -> Path:
    """Write the command sheet atomically to ``path`` (blocking) and return it."""
    data = command_sheet_pdf(heading, entries, footer, station)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sheet-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------- test label


def printer_test_label(profile: PrinterProfile, lines: Sequence[str]) -> LabelDocument:
    """A label that proves the printer works: ZPL for ZPL printers, else a PDF of label size."""
    if profile.language is PrinterLanguage.ZPL:
        fmt = LabelFormat.zpl_for(profile.dpi)
        dot = profile.dpi / 25.4
        body = [f"^XA^CI28^PW{profile.width_dots}^LL{profile.height_dots}"]
        body.append(
            f"^FO{round(8 * dot)},{round(8 * dot)}^GB{profile.width_dots - round(16 * dot)}"
        )
        body[-1] += f",{profile.height_dots - round(16 * dot)},{max(2, round(dot / 2))}^FS"
        y = round(16 * dot)
        for number, line in enumerate(lines):
            size = round((7 if number == 0 else 4) * dot)
            body.append(f"^FO{round(14 * dot)},{y}^A0N,{size},{size}^FD{_zpl_text(line)}^FS")
            y += size + round(3 * dot)
        body.append(f"^FO{round(14 * dot)},{y + round(4 * dot)}^BY3^BCN,{round(18 * dot)},Y,N,N")
        body.append("^FDPACKSTATION-TEST^FS^XZ")
        return LabelDocument("".join(body).encode("utf-8"), "text/plain; charset=utf-8", fmt)
    fonts = pdf_fonts()
    out = io.BytesIO()
    page = (profile.width_mm * mm, profile.height_mm * mm)
    pdf = canvas.Canvas(out, pagesize=page, initialFontName=fonts.sans)
    pdf.rect(5 * mm, 5 * mm, page[0] - 10 * mm, page[1] - 10 * mm)
    y = page[1] - 18 * mm
    for number, line in enumerate(lines):
        pdf.setFont(fonts.bold if number == 0 else fonts.sans, 18 if number == 0 else 10)
        pdf.drawString(9 * mm, y, line)
        y -= 10 * mm if number == 0 else 6 * mm
    barcode = code128.Code128("PACKSTATION-TEST", barHeight=15 * mm, barWidth=0.35 * mm)
    barcode.drawOn(pdf, 9 * mm, max(10 * mm, y - 20 * mm))
    pdf.showPage()
    pdf.save()
    return LabelDocument(out.getvalue(), "application/pdf", LabelFormat.PDF)


def _zpl_text(text: str) -> str:
    # ^ and ~ start ZPL commands; field data must not contain them
    return text.replace("^", " ").replace("~", " ")
