"""The fonts of every PDF the station makes, shipped with the package (no system font needed).

DejaVu Sans (regular and bold) and DejaVu Sans Mono from ``packstation/resources/fonts`` (taken
from Debian's fonts-dejavu-core; their licence is beside them). They cover every Latin letter
of a European address (ő, ř, ł, ş, …), which reportlab's built-in Helvetica and its Vera do
not. ``pdf_fonts()`` registers them with reportlab once (thread-safe: documents are rendered
on worker threads) and returns their names; a bold/regular family is registered too, so that
``<b>`` in a Paragraph picks the bold face. A font missing from the installation is an error
naming the file, never a silent fallback to a font without the letters.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


@dataclass(frozen=True, slots=True)
class PdfFonts:
    """reportlab font names: ``sans`` for text, ``bold`` for headings, ``mono`` for codes."""

    sans: str = "DejaVuSans"
    bold: str = "DejaVuSans-Bold"
    mono: str = "DejaVuSansMono"


_FILES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
}
_LOCK = threading.Lock()
_FONTS = PdfFonts()


def font_folder() -> Path:
    """The folder of the bundled font files (inside the installed package)."""
    return Path(str(resources.files("packstation.resources") / "fonts"))


def pdf_fonts() -> PdfFonts:
    """Register the bundled fonts with reportlab (once) and return their names."""
    with _LOCK:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, file_name in _FILES.items():
            if name in registered:
                continue
            path = font_folder() / file_name
            if not path.is_file():
                raise FileNotFoundError(
                    f"The PDF font {file_name} is missing from the installation ({path}); "
                    "reinstall packstation."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            _FONTS.sans,
            normal=_FONTS.sans,
            bold=_FONTS.bold,
            italic=_FONTS.sans,
            boldItalic=_FONTS.bold,
        )
    return _FONTS
