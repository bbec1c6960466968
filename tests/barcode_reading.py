"""Reading printed barcodes back the way a scanner would: render the page (PDF through PDFium,
ZPL graphics through ``zpl_graphics``) and decode it with zxing-cpp."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from tests.zpl_graphics import read_graphic


@dataclass(frozen=True)
class Found:
    """One decoded barcode and its box on the page image (pixels)."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


def pdf_pages(pdf: bytes, dpi: int = 200) -> list[Image.Image]:
    """Every page of ``pdf`` as a greyscale image at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()


def zpl_labels(zpl: bytes) -> list[Image.Image]:
    """Every label of a ZPL job made of ``^GFA`` graphics, as a greyscale image."""
    images = []
    for label in zpl.split(b"^XZ"):
        if b"^GFA" not in label:
            continue
        graphic = read_graphic(label + b"^XZ")
        size = (graphic.width_dots, len(graphic.rows))
        dots = Image.frombytes("1", size, b"".join(graphic.rows))  # 1 = a printed dot
        images.append(Image.eval(dots.convert("L"), lambda v: 255 - v))
    return images


def barcodes(image: Image.Image) -> list[Found]:
    """The Code 128 barcodes zxing-cpp reads on ``image``, top to bottom, left to right."""
    found = []
    for code in zxingcpp.read_barcodes(image):
        if code.format != zxingcpp.BarcodeFormat.Code128:
            continue
        p = code.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        found.append(Found(code.text, min(xs), min(ys), max(xs), max(ys)))
    return sorted(found, key=lambda f: (f.top // 50, f.left))


def blank(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Whether nothing is printed in ``box`` (left, top, right, bottom) of ``image``."""
    left, top, right, bottom = box
    region = image.crop((max(0, left), max(0, top), right, bottom))
    extrema = region.getextrema()  # (lowest, highest) of a greyscale image
    assert isinstance(extrema, tuple)
    assert isinstance(extrema[0], int | float)
    return extrema[0] >= 200
