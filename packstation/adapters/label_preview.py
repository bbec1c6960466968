"""On-screen label previews: the first page of a label PDF as RGBA pixels (pypdfium2).

Blocking and CPU-bound: the window calls ``render_pdf_page`` through ``run_in_executor``. PDFium
is not thread-safe, so the same process-wide lock as the printers' rasteriser is held.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium

from packstation.adapters.printers.raster import _PDFIUM_LOCK, PdfUnreadable

_POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """Pixels in RGBA order, tightly packed (``stride`` bytes per row), and the page count."""

    pixels: bytes
    width: int
    height: int
    stride: int
    pages: int


def render_pdf_page(content: bytes, max_width: int, max_height: int) -> RenderedPage:
    """The first page scaled to fit ``max_width`` × ``max_height`` pixels (``PdfUnreadable``)."""
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as exc:
            raise PdfUnreadable(f"the PDF cannot be read ({exc})") from exc
        try:
            pages = len(pdf)
            if pages == 0:
                raise PdfUnreadable("the PDF has no pages")
            page = pdf[0]
            try:
                width_pt, height_pt = (float(v) for v in page.get_size())
                scale = min(max_width / width_pt, max_height / height_pt)
                bitmap = page.render(scale=scale, rev_byteorder=True, force_bitmap_format=None)
                try:
                    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
                    mode = bitmap.mode
                    data = bytes(bitmap.buffer)
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            pdf.close()
    if mode == "RGB":  # no alpha: widen to RGBA so the window needs one pixel format
        rows = []
        for y in range(height):
            row = data[y * stride : y * stride + width * 3]
            rgba = bytearray(width * 4)
            rgba[0::4], rgba[1::4], rgba[2::4] = row[0::3], row[1::3], row[2::3]
            rgba[3::4] = b"\xff" * width
            rows.append(bytes(rgba))
        return RenderedPage(b"".join(rows), width, height, width * 4, pages)
    if mode not in ("RGBA", "RGBX"):
        raise PdfUnreadable(f"unexpected pixel format {mode}")
    return RenderedPage(data, width, height, stride, pages)
