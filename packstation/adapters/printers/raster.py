"""Label PDFs to printer dots: pypdfium2 renders (no QApplication needed), Pillow thresholds.

Everything here is blocking and CPU-bound: callers run it through ``run_in_executor``. PDFium is
not thread-safe, so one lock serialises every use of it in the process.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from packstation.domain.notes import Note, NoteKind
from packstation.domain.printing import PrinterProfile
from packstation.domain.zpl import graphic_label

_PDFIUM_LOCK = threading.Lock()
_POINTS_PER_INCH = 72.0
_THRESHOLD = 128  # grey levels below this become a printed dot


class PdfUnreadable(ValueError):
    """PDFium could not open the document (damaged, encrypted, or not a PDF)."""


@dataclass(frozen=True, slots=True)
class PageSize:
    width_pt: float
    height_pt: float

    @property
    def width_mm(self) -> float:
        return self.width_pt / _POINTS_PER_INCH * 25.4

    @property
    def height_mm(self) -> float:
        return self.height_pt / _POINTS_PER_INCH * 25.4


@dataclass(frozen=True, slots=True)
class Raster:
    """Rendered pages as black-and-white images (mode "1", black = 0), plus notes."""

    pages: tuple[Image.Image, ...]
    warnings: tuple[str, ...] = ()


def page_sizes(content: bytes) -> list[PageSize]:
    """The size of every page, or ``PdfUnreadable`` (also for a PDF without pages)."""
    with _PDFIUM_LOCK:
        pdf = _open(content)
        sizes = []
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    width, height = page.get_size()
                    sizes.append(PageSize(float(width), float(height)))
                finally:
                    page.close()
        finally:
            pdf.close()
    if not sizes:
        raise PdfUnreadable("the PDF has no pages")
    return sizes


def _open(content: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        raise PdfUnreadable(f"the PDF cannot be read ({exc})") from exc


def rasterize_pdf(
    content: bytes,
    dpi: int,
    *,
    max_width: int | None = None,
    max_height: int | None = None,
) -> Raster:
    """Render every page at ``dpi`` as a 1-bit image no larger than ``max_width`` ×
    ``max_height`` dots.

    A landscape page for portrait labels (or the other way round) is turned a quarter; a page
    larger than the labels is shrunk to fit, with a warning (barcodes may no longer scan).
    """
    if dpi < 50 or dpi > 1200:
        raise ValueError(f"dpi must be between 50 and 1200, got {dpi}")
    images: list[Image.Image] = []
    warnings: list[str] = []
    with _PDFIUM_LOCK:
        pdf = _open(content)
        try:
            if len(pdf) == 0:
                raise PdfUnreadable("the PDF has no pages")
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    image, note = _render_page(page, dpi, max_width, max_height)
                finally:
                    page.close()
                images.append(image)
                if note and note not in warnings:
                    warnings.append(note)
        finally:
            pdf.close()
    return Raster(tuple(images), tuple(warnings))


def _render_page(
    page: pdfium.PdfPage, dpi: int, max_width: int | None, max_height: int | None
) -> tuple[Image.Image, str]:
    width_pt, height_pt = (float(v) for v in page.get_size())
    scale = dpi / _POINTS_PER_INCH
    rotation = 0
    if max_width is not None and max_height is not None:
        page_portrait = height_pt >= width_pt
        stock_portrait = max_height >= max_width
        if page_portrait != stock_portrait:
            rotation = 90
    w_pt, h_pt = (height_pt, width_pt) if rotation else (width_pt, height_pt)
    fit = 1.0
    if max_width is not None:
        fit = min(fit, max_width / (w_pt * scale))
    if max_height is not None:
        fit = min(fit, max_height / (h_pt * scale))
    note: str = ""
    if fit < 0.97:
        size = PageSize(width_pt, height_pt)
        note = Note(
            NoteKind.LABEL_SHRUNK,
            f"The label PDF ({size.width_mm:.0f} × {size.height_mm:.0f} mm) is larger than the "
            f"labels in the printer: it was shrunk to {fit:.0%} to fit, so barcodes may not scan. "
            "Check the label size in the printer settings.",
            page=f"{size.width_mm:.0f} × {size.height_mm:.0f}",
            percent=round(fit * 100),
        )
    bitmap = page.render(
        scale=scale * min(fit, 1.0),
        rotation=rotation,
        grayscale=True,
        may_draw_forms=False,
        no_smoothtext=True,
        no_smoothpath=True,
        no_smoothimage=True,
    )
    try:
        grey = bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
    if max_width is not None and grey.width > max_width:  # rounding up by a dot
        grey = grey.crop((0, 0, max_width, grey.height))
    if max_height is not None and grey.height > max_height:
        grey = grey.crop((0, 0, grey.width, max_height))
    black_white = grey.point(lambda v: 0 if v < _THRESHOLD else 255, mode="1")
    return black_white, note


def dot_rows(image: Image.Image) -> tuple[list[bytes], int]:
    """An image's rows as packed bytes with 1 = black dot (what ``^GF`` wants)."""
    inverted = ImageOps.invert(image.convert("L")).convert("1")
    bytes_per_row = math.ceil(inverted.width / 8)
    data = inverted.tobytes()
    rows = [data[i : i + bytes_per_row] for i in range(0, len(data), bytes_per_row)]
    return rows, bytes_per_row


def pdf_to_zpl(content: bytes, profile: PrinterProfile) -> tuple[bytes, tuple[str, ...]]:
    """A ZPL label per PDF page, each one Z64 ``^GFA`` graphic at the printer's dpi and width."""
    raster = rasterize_pdf(
        content, profile.dpi, max_width=profile.width_dots, max_height=profile.height_dots
    )
    labels = []
    for page in raster.pages:
        rows, bytes_per_row = dot_rows(page)
        labels.append(
            graphic_label(
                rows,
                bytes_per_row,
                width=profile.width_dots,
                length=max(page.height, profile.height_dots),
            )
        )
    return b"".join(labels), raster.warnings
