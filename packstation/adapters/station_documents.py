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
from reportlab.pdfbase.pdfmetrics import stringWidth
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


#: The A4 sheet: two columns of cards; a card is never lower than _MIN_CELL (its barcode
#: would get too short to scan in one sweep) nor higher than _MAX_CELL.
_COLUMNS = 2
_MARGIN = 15 * mm
_HEAD = 22 * mm  # the heading above the cards
_MIN_CELL, _MAX_CELL = 46 * mm, 52 * mm
_TITLE_SIZES = (13.0, 11.0)  # points: a title takes two lines before it gets smaller
_CARD_PAD = 6 * mm  # the text's distance from the card's left and right edges
_MIN_LABEL_WIDTH = 80 * mm  # narrower labels cannot hold the longest command barcode


def command_sheet_pdf(
    heading: str, entries: Sequence[SheetEntry], footer: str = "", station: str = ""
) -> bytes:
    """The command sheet as PDF bytes: two columns of cards, each with its title, hint and
    barcode inside the card's border. All cards go on one A4 page when they can; a longer
    sheet is spread evenly over its pages (never one card alone on the last)."""
    out = io.BytesIO()
    fonts = pdf_fonts()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1, initialFontName=fonts.sans)
    pdf.setTitle(heading)
    pdf.setAuthor("packstation")
    width, height = A4
    cell_w = (width - 2 * _MARGIN) / _COLUMNS
    counts, cell_h = sheet_pages(len(entries), height - 2 * _MARGIN - _HEAD)
    made = datetime.now().strftime("%Y-%m-%d %H:%M")
    first = 0
    for count in counts or [0]:
        pdf.setFont(fonts.bold, 20)
        pdf.drawString(
            _MARGIN, height - _MARGIN - 8 * mm, _fit_width(heading, fonts.bold, 20, 120 * mm)
        )
        pdf.setFont(fonts.sans, 9)
        pdf.drawRightString(
            width - _MARGIN, height - _MARGIN - 8 * mm, f"{station}  {made}".strip()
        )
        if footer:
            pdf.drawString(
                _MARGIN, _MARGIN - 6 * mm, _fit_width(footer, fonts.sans, 9, width - 2 * _MARGIN)
            )
        for slot, entry in enumerate(entries[first : first + count]):
            row, col = divmod(slot, _COLUMNS)
            x = _MARGIN + col * cell_w
            top = height - _MARGIN - _HEAD + 2 * mm - row * cell_h
            _draw_card(pdf, entry, x, top, cell_w, cell_h)
        first += count
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def command_labels_pdf(
    width_mm: float, height_mm: float, heading: str, entries: Sequence[SheetEntry]
) -> bytes:
    """The command sheet for a label printer: the same cards, as many to a label as fit, one
    label per page of ``width_mm`` × ``height_mm`` (the printer converts it to its language).
    ``ValueError`` when the labels are too small to carry a card a scanner reads."""
    width, height = width_mm * mm, height_mm * mm
    head = 7 * mm
    if width < _MIN_LABEL_WIDTH or height - head - 2 * mm < _MIN_CELL:
        raise ValueError(
            f"Labels of {width_mm:.0f} × {height_mm:.0f} mm are too small for the command sheet "
            f"(it needs at least {_MIN_LABEL_WIDTH / mm:.0f} × "
            f"{(_MIN_CELL + head + 2 * mm) / mm:.0f} mm)."
        )
    fonts = pdf_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width, height), initialFontName=fonts.sans)
    pdf.setTitle(heading)
    per_label = max(1, int((height - head - 2 * mm) // _MIN_CELL))
    cell_h = min(_MAX_CELL, (height - head - 2 * mm) / per_label)
    labels = [entries[n : n + per_label] for n in range(0, len(entries), per_label)]
    for number, cards in enumerate(labels, start=1):
        pdf.setFont(fonts.bold, 10)
        title = _fit_width(heading, fonts.bold, 10, width - 20 * mm)
        pdf.drawString(4 * mm, height - 5 * mm, title)
        pdf.setFont(fonts.sans, 8)
        pdf.drawRightString(width - 4 * mm, height - 5 * mm, f"{number}/{len(labels)}")
        for slot, entry in enumerate(cards):
            _draw_card(pdf, entry, 0.0, height - head - slot * cell_h, width, cell_h)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def sheet_pages(count: int, room: float) -> tuple[list[int], float]:
    """How many cards go on each page, and the cards' height, for ``count`` cards in ``room``
    (points of page height for cards). One page when the cards fit at their smallest height;
    otherwise full pages of the smallest cards, spread so the pages differ by at most a row."""
    rows = -(-count // _COLUMNS)
    if rows and room / rows >= _MIN_CELL:
        return ([count] if count else []), min(_MAX_CELL, room / rows)
    per_page = int(room // _MIN_CELL) * _COLUMNS
    pages = -(-count // per_page)
    base, extra = divmod(count, pages)
    counts = [base + (1 if n < extra else 0) for n in range(pages)]
    return counts, _MIN_CELL


def _draw_card(
    pdf: canvas.Canvas, entry: SheetEntry, x: float, top: float, cell_w: float, cell_h: float
) -> None:
    """One card: border, title (up to two lines), hint, barcode with its quiet zones, code."""
    fonts = pdf_fonts()
    text_w = cell_w - 4 * mm - 2 * _CARD_PAD
    bottom = top - cell_h + 4 * mm
    pdf.setStrokeGray(0.75)
    pdf.roundRect(x + 2 * mm, bottom, cell_w - 4 * mm, cell_h - 6 * mm, 3 * mm)
    size, lines = title_lines(entry.title, fonts.bold, text_w)
    y = top - 8 * mm
    pdf.setFont(fonts.bold, size)
    for line in lines:
        pdf.drawString(x + 2 * mm + _CARD_PAD, y, line)
        y -= size * 1.15
    if entry.hint:
        pdf.setFont(fonts.sans, 9)
        pdf.drawString(x + 2 * mm + _CARD_PAD, y, _fit_width(entry.hint, fonts.sans, 9, text_w))
        y -= 9 * 1.2
    code_y = bottom + 4 * mm  # the code in plain text, under the bars
    bars_bottom = code_y + 9 * 1.2
    bar_height = min(18 * mm, y - 2 * mm - bars_bottom)
    barcode = sheet_barcode(entry.code, cell_w - 8 * mm, bar_height)
    barcode.drawOn(pdf, x + (cell_w - barcode.width) / 2, bars_bottom)
    pdf.setFont(fonts.mono, 9)
    pdf.drawCentredString(x + cell_w / 2, code_y, _fit_width(entry.code, fonts.mono, 9, text_w))


def title_lines(text: str, font: str, room: float) -> tuple[float, list[str]]:
    """A card title as (font size, lines): one or two lines of at most ``room`` points, at the
    largest size that holds it; a title too long even then is cut with an ellipsis."""
    for size in _TITLE_SIZES:
        lines = _wrap(text, font, size, room)
        if len(lines) <= 2:
            return size, lines
    size = _TITLE_SIZES[-1]
    lines = _wrap(text, font, size, room)
    return size, [lines[0], _fit_width(" ".join(lines[1:]), font, size, room)]


def _wrap(text: str, font: str, size: float, room: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(_fit_width(word, font, size, room))
    return lines or [""]


def _fit_width(text: str, font: str, size: float, room: float) -> str:
    """``text`` cut with an ellipsis so that it is at most ``room`` points wide."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def sheet_barcode(code: str, room: float, bar_height: float = 18 * mm) -> code128.Code128:
    """The Code 128 of ``code``, 0.38 mm bars, thinner for a long code so it fits ``room``
    together with its quiet zones (at least ten bars' width and 6.35 mm on each side)."""
    bar = 0.38 * mm
    barcode = code128.Code128(code, barHeight=bar_height, barWidth=bar, quiet=True)
    while barcode.width > room:  # the scanner test barcode: thinner bars, same cell
        bar *= 0.97 * room / barcode.width  # the quiet zones do not shrink with the bars
        barcode = code128.Code128(code, barHeight=bar_height, barWidth=bar, quiet=True)
    return barcode


def write_command_sheet(
    path: Path, heading: str, entries: Sequence[SheetEntry], footer: str = "", station: str = ""
) -> bytes:
    """Write the command sheet atomically to ``path`` (blocking); returns the PDF written."""
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
    return data


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
