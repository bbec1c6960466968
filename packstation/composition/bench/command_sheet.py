"""The command sheet's way to paper, without depending on a PDF viewer.

The A4 sheet is always written to the data folder. Then, in order, the first that works:
the document printer (the A4 sheet), the desktop's PDF viewer (the packer prints from there),
the label printer (the same cards, as many to a label as fit; the printer adapter converts the
PDF to the printer's language), or only the file — and the window says which it was.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from packstation.adapters.station_documents import (
    SheetEntry,
    command_labels_pdf,
    write_command_sheet,
)
from packstation.domain.printing import PrinterError
from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.ports import LabelPrinter
from packstation.ui.pack_views import SheetDelivery, SheetOutcome

log = logging.getLogger(__name__)

_JOB = "packstation command sheet"


async def deliver_command_sheet(
    path: Path,
    heading: str,
    entries: Sequence[tuple[str, str, str]],
    footer: str,
    station_name: str,
    *,
    document_printer: LabelPrinter | None,
    label_printer: LabelPrinter | None,
    open_document: Callable[[Path], bool] | None,
) -> SheetOutcome:
    """Write the sheet to ``path`` and bring it to paper the first way that works.

    ``OSError`` when the file cannot be written (the caller says so); a printer that refuses
    is logged and the next way is tried.
    """
    sheet = [SheetEntry(code, title, hint) for code, title, hint in entries]
    loop = asyncio.get_running_loop()
    pdf = await loop.run_in_executor(
        None, write_command_sheet, path, heading, sheet, footer, station_name
    )
    refused: list[SheetDelivery] = []
    if document_printer is not None:
        if await _print(document_printer, pdf, "document"):
            return SheetOutcome(path, SheetDelivery.DOCUMENT_PRINTER)
        refused.append(SheetDelivery.DOCUMENT_PRINTER)
    if open_document is not None and open_document(path):
        return SheetOutcome(path, SheetDelivery.OPENED, tuple(refused))
    if label_printer is not None:
        profile = label_printer.profile
        try:
            labels = await loop.run_in_executor(
                None, command_labels_pdf, profile.width_mm, profile.height_mm, heading, sheet
            )
        except ValueError as exc:  # labels too small for a card
            log.warning("command sheet not sent to the label printer: %s", exc)
        else:
            if await _print(label_printer, labels, "label"):
                return SheetOutcome(path, SheetDelivery.LABEL_PRINTER, tuple(refused))
        refused.append(SheetDelivery.LABEL_PRINTER)
    return SheetOutcome(path, SheetDelivery.SAVED, tuple(refused))


async def _print(printer: LabelPrinter, pdf: bytes, which: str) -> bool:
    """Send a PDF; True when the printer took it (printed or delivered)."""
    try:
        result = await printer.print_document(
            LabelDocument(pdf, "application/pdf", LabelFormat.PDF), _JOB
        )
    except PrinterError as exc:
        log.warning("command sheet not printed on the %s printer: %s", which, exc)
        return False
    if not result.printed:
        log.warning("command sheet not printed on the %s printer: %s", which, result.detail)
    return result.printed
