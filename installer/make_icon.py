"""Draw the packstation icon: a parcel with a shipping label and its barcode.

Writes the SVG (the drawing itself, text), PNGs rendered from it with Qt's SVG renderer and a
Windows .ico holding PNG images, to ``installer/icons/`` (the bundle, the Inno Setup installer,
the Linux .desktop entry) and ``packstation/resources/icons/`` (the window icon):

    python installer/make_icon.py          # (re)write the files
    python installer/make_icon.py --check  # exit 1 when a file is missing or its SVG is stale

The PNGs depend on the Qt version's rasteriser, so ``--check`` compares the SVG text exactly
and the PNGs only by their pixel size.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER_ICONS = ROOT / "installer" / "icons"
RESOURCE_ICONS = ROOT / "packstation" / "resources" / "icons"
NAME = "packstation"
#: PNG sizes: 256 and 48 for the desktop and the window, the rest only inside the .ico.
PNG_SIZES = (256, 48)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

# Bar widths of the barcode on the label (units of the 256-unit drawing), bar/space alternating.
_BARS = (4, 2, 2, 2, 6, 2, 2, 4, 4, 2, 2, 2, 6, 2, 4, 2, 4)


def svg() -> str:
    """The icon as SVG text (256 × 256 units): a parcel seen from the front-left, taped, with
    a white label carrying a barcode on its front face."""
    bars = []
    x = 104.0
    for i, width in enumerate(_BARS):
        if i % 2 == 0:
            bars.append(f'<rect x="{x:g}" y="150" width="{width}" height="44" fill="#1A1A1A"/>')
        x += width
    return "\n".join(
        [
            '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
            'viewBox="0 0 256 256">',
            "<title>packstation</title>",
            # shadow
            '<ellipse cx="128" cy="232" rx="104" ry="12" fill="#000000" fill-opacity="0.18"/>',
            # top, left side and front of the box
            '<path d="M24 76 L80 40 L232 40 L176 76 Z" fill="#E3A766"/>',
            '<path d="M24 76 L176 76 L176 224 L24 224 Z" fill="#C98A4B"/>',
            '<path d="M176 76 L232 40 L232 188 L176 224 Z" fill="#A86D35"/>',
            # packing tape over the top and down the front
            '<path d="M92 76 L148 40 L172 40 L116 76 Z" fill="#F2D19C"/>',
            '<rect x="92" y="76" width="24" height="40" fill="#F2D19C"/>',
            # the shipping label with its barcode and two lines of address
            '<rect x="96" y="120" width="68" height="92" rx="4" fill="#FFFFFF" '
            'stroke="#7A4E22" stroke-width="2"/>',
            '<rect x="104" y="128" width="40" height="6" fill="#1F4E8C"/>',
            '<rect x="104" y="138" width="28" height="5" fill="#8A96A3"/>',
            *bars,
            '<rect x="104" y="198" width="52" height="5" fill="#8A96A3"/>',
            # outlines so it reads at 16 px
            '<path d="M24 76 L80 40 L232 40 L232 188 L176 224 L24 224 Z" fill="none" '
            'stroke="#6B4219" stroke-width="4" stroke-linejoin="round"/>',
            '<path d="M24 76 L176 76 L232 40 M176 76 L176 224" fill="none" '
            'stroke="#6B4219" stroke-width="3" stroke-linejoin="round"/>',
            "</svg>",
            "",
        ]
    )


def render_png(svg_text: str, size: int) -> bytes:
    """The SVG rendered to a ``size`` × ``size`` PNG with a transparent background."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(QByteArray(svg_text.encode()))
    if not renderer.isValid():
        raise ValueError("the icon SVG does not parse")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    del _app
    return bytes(buffer.data().data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose images are PNGs (Windows Vista and later read these)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries = b""
    data = b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        data += png
    return header + entries + data


def png_size(png: bytes) -> tuple[int, int]:
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    text = svg()
    stale: list[str] = []
    for folder in (INSTALLER_ICONS, RESOURCE_ICONS):
        path = folder / f"{NAME}.svg"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(str(path.relative_to(ROOT)))
        for size in PNG_SIZES:
            png_path = folder / f"{NAME}-{size}.png"
            if not png_path.exists() or png_size(png_path.read_bytes()) != (size, size):
                stale.append(str(png_path.relative_to(ROOT)))
    ico_path = INSTALLER_ICONS / f"{NAME}.ico"
    if not ico_path.exists():
        stale.append(str(ico_path.relative_to(ROOT)))
    if check:
        if stale:
            sys.stderr.write(f"out of date: {', '.join(stale)} (run installer/make_icon.py)\n")
            return 1
        return 0
    pngs = {size: render_png(text, size) for size in ICO_SIZES}
    for folder in (INSTALLER_ICONS, RESOURCE_ICONS):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{NAME}.svg").write_text(text, encoding="utf-8")
        for size in PNG_SIZES:
            (folder / f"{NAME}-{size}.png").write_bytes(pngs[size])
    ico_path.write_bytes(ico(pngs))
    sys.stdout.write(f"icons written to {INSTALLER_ICONS} and {RESOURCE_ICONS}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
