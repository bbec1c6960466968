"""What goes to the printer: the label as it is, or converted to the printer's language.

============  ================  ==========================================================
label         printer speaks    sent as
============  ================  ==========================================================
ZPL           ZPL               as it is, after the checks in ``domain.zpl.check_zpl``
ZPL           ESC/POS or PDF    refused: the integrator must switch the label format
PDF           PDF               as it is (a page-size mismatch is a warning)
PDF           ZPL               rendered at the printer's dpi, as Z64 ``^GFA`` graphics
PDF           ESC/POS           rendered at the printer's dpi, sent as ESC/POS raster images
============  ================  ==========================================================
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image

from packstation.adapters.printers import raster
from packstation.domain.notes import Note, NoteKind
from packstation.domain.printing import DocumentNotPrintable, PrinterLanguage, PrinterProfile
from packstation.domain.shipping import LabelDocument
from packstation.domain.zpl import DocumentKind, check_zpl, detect_kind


class PayloadKind(StrEnum):
    ZPL = "zpl"
    PDF = "pdf"
    IMAGES = "images"  # for ESC/POS: the printer adapter turns them into raster commands


@dataclass(frozen=True, slots=True)
class Payload:
    kind: PayloadKind
    data: bytes = b""
    images: tuple[Image.Image, ...] = ()
    warnings: tuple[str, ...] = ()
    converted: bool = False  # True when the label was rendered for this printer

    @property
    def extension(self) -> str:
        return {PayloadKind.ZPL: "zpl", PayloadKind.PDF: "pdf"}.get(self.kind, "bin")


def _kind_of(document: LabelDocument, printer: str) -> DocumentKind:
    if not document.content.strip():
        raise DocumentNotPrintable(
            "The label file is empty: download the label again.", printer=printer
        )
    kind = detect_kind(document.content)
    if kind is None:
        raise DocumentNotPrintable(
            f"The label file is neither a PDF nor a ZPL label (declared as "
            f"{document.format.value}): download the label again.",
            printer=printer,
        )
    return kind


def _language_name(language: PrinterLanguage) -> str:
    return {
        PrinterLanguage.ZPL: "ZPL",
        PrinterLanguage.ESCPOS: "ESC/POS",
        PrinterLanguage.PDF: "PDF",
    }[language]


async def prepare(document: LabelDocument, profile: PrinterProfile, printer: str) -> Payload:
    """The payload for this printer, or ``DocumentNotPrintable`` saying what to change."""
    kind = _kind_of(document, printer)
    if kind is DocumentKind.ZPL:
        if profile.language is not PrinterLanguage.ZPL:
            raise DocumentNotPrintable(
                f"This label is ZPL, but the printer is set up for "
                f"{_language_name(profile.language)} and cannot print ZPL. Switch the label "
                "format to PDF in the station settings (or, if this is a Zebra printer, set "
                "its language to ZPL).",
                printer=printer,
            )
        report = check_zpl(document.content, profile, document.format)
        refusal = report.refusal
        if refusal is not None:
            raise DocumentNotPrintable(refusal.message, printer=printer)
        return Payload(PayloadKind.ZPL, data=document.content, warnings=report.warnings)

    loop = asyncio.get_running_loop()
    try:
        if profile.language is PrinterLanguage.PDF:
            sizes = await loop.run_in_executor(None, raster.page_sizes, document.content)
            return Payload(
                PayloadKind.PDF,
                data=document.content,
                warnings=_page_size_warnings(sizes, profile),
            )
        if profile.language is PrinterLanguage.ZPL:
            data, warnings = await loop.run_in_executor(
                None, raster.pdf_to_zpl, document.content, profile
            )
            return Payload(PayloadKind.ZPL, data=data, warnings=warnings, converted=True)
        rendered = await loop.run_in_executor(None, _render_for_escpos, document.content, profile)
    except raster.PdfUnreadable as exc:
        raise DocumentNotPrintable(
            f"The label PDF is damaged and cannot be printed ({exc}): download it again.",
            printer=printer,
        ) from exc
    return Payload(
        PayloadKind.IMAGES, images=rendered.pages, warnings=rendered.warnings, converted=True
    )


def _render_for_escpos(content: bytes, profile: PrinterProfile) -> raster.Raster:
    # receipt-style printers feed continuously: only the width limits the image
    return raster.rasterize_pdf(content, profile.dpi, max_width=profile.width_dots)


def _page_size_warnings(sizes: list[raster.PageSize], profile: PrinterProfile) -> tuple[str, ...]:
    page = sizes[0]
    w, h = sorted((page.width_mm, page.height_mm))
    sw, sh = sorted((profile.width_mm, profile.height_mm))
    if abs(w - sw) > 0.05 * sw or abs(h - sh) > 0.05 * sh:
        return (
            Note(
                NoteKind.LABEL_PAGE_SIZE,
                f"The label PDF is {page.width_mm:.0f} × {page.height_mm:.0f} mm but the printer "
                f"holds {profile.width_mm:.0f} × {profile.height_mm:.0f} mm labels: it may print "
                "shrunk or cut off. Check the label size in the printer settings.",
                page=f"{page.width_mm:.0f} × {page.height_mm:.0f}",
                stock=f"{profile.width_mm:.0f} × {profile.height_mm:.0f}",
            ),
        )
    return ()
