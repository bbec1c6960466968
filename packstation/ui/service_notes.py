"""The packing bench's warnings and hints in the window's language: ``Note`` kind → words.

The services hand the window ``Note`` values (``domain/notes.py``): the English sentence for
the log and the command line, with a ``NoteKind``, its facts and, sometimes, the error that
caused it. The window words the kind and its facts here, never the sentence; a fact named
``…_g`` is a weight in grams written in the window's language ("1,03 kg"). The English texts
are the translation sources (context "ServiceNotes"); ``tests/gui/test_service_notes.py`` checks
that every kind has words, every text a translation, and that the notes made carry the facts
their words name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication

from packstation.domain.notes import Note, NoteKind
from packstation.domain.printing import PrinterFault
from packstation.ui import texts

CONTEXT = "ServiceNotes"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` as a source text of ``context`` for ``pyside6-lupdate``; returns it."""
    del context
    return text


#: ``Note.kind`` → words; ``{name}`` is the note's fact of that name
NOTES: dict[NoteKind, str] = {
    NoteKind.NOT_ASKED_YET: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders could not be asked about order {order_id} yet: the station keeps "
        "trying while the items are scanned.",
    ),
    NoteKind.ITEM_DATA_MISSING: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Order {order_id}: the merchant's data lacks {field}; the parcel weight is needed when "
        "finishing (weigh it, or F3).",
    ),
    NoteKind.PARCELS_PLANNED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The shop planned {parcels} parcels for order {order_id}: put what goes together in "
        "one box; F4 opens the next box.",
    ),
    NoteKind.PRINTED_AGAIN: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The label of parcel {parcel} of {parcels} (order {order_id}) may have printed before "
        "the interruption; it was printed again (the same label, not a new one). Use only one.",
    ),
    NoteKind.LABEL_HELD: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The label of parcel {parcel} of {parcels} ({code}) is held — {faults}: it prints by "
        "itself as soon as the printer is ready.",
    ),
    NoteKind.LABEL_NOT_PRINTED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The label of parcel {parcel} of {parcels} ({code}) did not print. It is stored: "
        "reprint it (F6) when the printer is ready.",
    ),
    NoteKind.PRINTER_REMARK: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The printer warned about label {code} (the log has its words): check that the label "
        "came out whole and scans before it goes on the parcel.",
    ),
    NoteKind.LABEL_FOR_LOWER_DPI: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Label {code} was made for a 203-dpi printer, but this one prints {dpi} dpi: it came out "
        "at two thirds of its size and may not scan. Set the label format to “zpl300” in the "
        "settings.",
    ),
    NoteKind.LABEL_TOO_WIDE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Label {code} is {width_mm} mm wide, the labels in the printer {stock_mm} mm: check that "
        "its right edge is whole, and the label size in the printer settings.",
    ),
    NoteKind.LABEL_TOO_LONG: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Label {code} is {length_mm} mm long, the labels in the printer {stock_mm} mm: it may run "
        "onto the next label. Check the label size in the printer settings.",
    ),
    NoteKind.LABEL_PAGE_SIZE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Label {code} is {page} mm, the labels in the printer {stock} mm: check that it came out "
        "whole and scans, and the label size in the printer settings.",
    ),
    NoteKind.LABEL_SHRUNK: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Label {code} ({page} mm) is larger than the labels in the printer: it was printed at "
        "{percent} % of its size. Check that its barcode scans, and the label size in the "
        "printer settings.",
    ),
    NoteKind.LABEL_MAYBE_TWICE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Label {code} was sent again (the printer could not say whether it had printed it): two "
        "copies may have come out. Put only one on the parcel.",
    ),
    NoteKind.LABEL_DOWNLOADED_AGAIN: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The stored file of label {code} was gone or changed; it was downloaded again.",
    ),
    NoteKind.LIGHTER_THAN_GOODS: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Box {box} weighs {gross_g} on the scale, but its products weigh {net_g}: check the "
        "product weights, or whether an item is missing from the box.",
    ),
    NoteKind.STATE_PENDING: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders has not confirmed the state “{state}” of order {order_id}; the label is "
        "bought anyway. The state is sent when Seven Senders answers again.",
    ),
    NoteKind.STATE_NOT_TAKEN: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders did not take the state “{state}” of order {order_id}; the label is "
        "bought anyway. Tell your supervisor (it is in the journal).",
    ),
    NoteKind.SLIP_PRINTED: QT_TRANSLATE_NOOP(
        "ServiceNotes", "The packing slip of order {order_id} is printed on {printer}."
    ),
    NoteKind.SLIP_FILED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The packing slip of order {order_id} is filed at {path} (this station has no document "
        "printer).",
    ),
    NoteKind.SLIP_NOT_PRINTED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The packing slip of order {order_id} did NOT print on {printer}; it is filed at {path}: "
        "print it again with Ctrl+P.",
    ),
    NoteKind.SLIP_NOT_MADE: QT_TRANSLATE_NOOP(
        "ServiceNotes", "The packing slip of order {order_id} could not be made."
    ),
    NoteKind.CUSTOMS_NEEDED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Order {order_id} needs a customs declaration: {departure} → {territory} ({destination}).",
    ),
    NoteKind.CUSTOMS_NOT_PREPARED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Order {order_id} needs customs data; nothing is prepared until its label is bought.",
    ),
    NoteKind.CUSTOMS_NOT_FILED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Order {order_id} needs customs data for {country} ({parcels} parcel(s)); this station "
        "does not file it.",
    ),
    NoteKind.CUSTOMS_INCOMPLETE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The customs data of parcel {parcel} of {parcels} (order {order_id}) is incomplete; "
        "nothing was sent: complete it in the customs dialog.",
    ),
    NoteKind.CUSTOMS_TO_CONFIRM: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The customs data of parcel {parcel} of {parcels} (order {order_id}) is ready: confirm "
        "it in the customs dialog.",
    ),
    NoteKind.CUSTOMS_REFUSED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders refused the customs data. Its answer, not translated: “{said}”",
    ),
    NoteKind.CUSTOMS_REFUSED_UNSAID: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders refused the customs data without saying why: check the marked fields, "
        "or ask your Seven Senders contact.",
    ),
    NoteKind.CUSTOMS_SHIPMENT_UNKNOWN: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders has no record of shipment {shipment}, so it took no customs data for it.",
    ),
    NoteKind.CUSTOMS_SENT_BEFORE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders had it already (sent by an earlier attempt): counted as done.",
    ),
    NoteKind.CUSTOMS_WITHDRAWN: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Withdrawn. The reason given: “{reason}”"
    ),
    NoteKind.IN_POSTED_MANIFEST: QT_TRANSLATE_NOOP(
        "ServiceNotes", "In manifest {manifest_id}, posted at {bench} by {by} at {at}."
    ),
    NoteKind.INVOICE_FILED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The commercial invoice of parcel {parcel} of {parcels} (order {order_id}) is filed at "
        "{path} (no document printer).",
    ),
    NoteKind.INVOICE_PRINTED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The commercial invoice of parcel {parcel} of {parcels} (order {order_id}) is printed "
        "on {printer}.",
    ),
    NoteKind.INVOICE_NOT_PRINTED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The commercial invoice of parcel {parcel} of {parcels} (order {order_id}) did NOT "
        "print on {printer}; it is filed at {path}.",
    ),
    NoteKind.NO_INVOICE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "No commercial invoice for parcel {parcel} of {parcels} (order {order_id}): its "
        "recipient is not known at this station.",
    ),
    NoteKind.RETURN_SCAN_EMPTY: QT_TRANSLATE_NOOP(
        "ServiceNotes", "The scan was empty: scan the order barcode or the label."
    ),
    NoteKind.RETURN_NOT_FOUND: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "{code} is neither an order nor the label of one known here or at Seven Senders. Scan "
        "the order barcode or the return label.",
    ),
    NoteKind.RETURN_FOUND: QT_TRANSLATE_NOOP("ServiceNotes", "Order {order_id} found."),
    NoteKind.RETURN_CODE_NOT_ASKED: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Seven Senders could not be asked about {code}."
    ),
    NoteKind.RETURN_ORDER_NOT_ASKED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders could not be asked about order {order_id}: marks are kept and sent when "
        "it answers.",
    ),
    NoteKind.RETURN_ITEMS_UNKNOWN: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The items of order {order_id} are not known here: the whole order can still be marked.",
    ),
    NoteKind.POINT_CLOSED: QT_TRANSLATE_NOOP(
        "ServiceNotes", "{point} is temporarily closed from {start_day} until {end_day}."
    ),
    NoteKind.POINT_CLOSING: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Soon: {point} is temporarily closed from {start_day} until {end_day}."
    ),
    NoteKind.POINT_NO_HOURS: QT_TRANSLATE_NOOP(
        "ServiceNotes", "{point} lists no opening hours at all."
    ),
    NoteKind.POINT_OTHER_CARRIER: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The chosen point is a {point_carrier} point, but the order ships with {carrier}: "
        "choose another point.",
    ),
    NoteKind.POINT_NOT_ASKED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders could not be asked about pick-up point {point}: the label carries its id.",
    ),
    NoteKind.POINT_NOT_DESCRIBED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders did not describe pick-up point {point} near the recipient; the label "
        "carries its id only.",
    ),
    NoteKind.PUDO_FOUND: QT_TRANSLATE_NOOP(
        "ServiceNotes", "{count} {carriers} pick-up point(s) found ({where})."
    ),
    NoteKind.PUDO_NONE_NEAR: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "No {carriers} pick-up points near {where}: widen the distance, ask for fewer opening "
        "days, or try another carrier.",
    ),
    NoteKind.PUDO_NONE_IN_COUNTRY: QT_TRANSLATE_NOOP(
        "ServiceNotes", "{carriers} has no pick-up points in {country}."
    ),
    NoteKind.PUDO_UNKNOWN_ZIP: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders does not know the postcode {zip} in {country}. Check the postcode and "
        "the country.",
    ),
    NoteKind.PUDO_PLACE_NEEDED: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Give a postcode or a position to search near."
    ),
    NoteKind.PUDO_UNKNOWN_CARRIER: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Seven Senders does not know the carrier {carrier}."
    ),
    NoteKind.PUDO_NO_BULK: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "{carrier} does not offer a list of all its points: search near an address or a "
        "position instead.",
    ),
    NoteKind.PUDO_COUNTRY_REFUSED: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Seven Senders does not accept the country {country}."
    ),
    NoteKind.PUDO_REFUSED: QT_TRANSLATE_NOOP("ServiceNotes", "Seven Senders refused the search."),
    NoteKind.IMAGE_SIZE_UNKNOWN: QT_TRANSLATE_NOOP(
        "ServiceNotes", "{sku}: the size of image {image} cannot be read."
    ),
    NoteKind.IMAGE_SMALL: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "{sku}: image {image} is {width}×{height} px, smaller than the recommended 800×800.",
    ),
    NoteKind.IMAGE_NOT_SQUARE: QT_TRANSLATE_NOOP(
        "ServiceNotes", "{sku}: image {image} is {width}×{height} px, not square."
    ),
    NoteKind.PRODUCT_TAKEN_OVER: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "{sku} existed at Seven Senders already: it was updated and is now kept in step with "
        "the export by this station.",
    ),
    NoteKind.NOT_DELETED_UNREADABLE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "{count} product(s) synced before are missing from the export but were not deleted, "
        "because {rows} row(s) of the export could not be read. Fix the export and sync again.",
    ),
    NoteKind.NOT_DELETED_EMPTY: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "{count} product(s) synced before are missing from the export but were not deleted, "
        "because the export holds no product. Fix the export and sync again.",
    ),
    NoteKind.EXPORT_COLUMN: QT_TRANSLATE_NOOP(
        "ServiceNotes", "The column {column} of this row cannot be used as it is."
    ),
    NoteKind.EXPORT_DUPLICATE: QT_TRANSLATE_NOOP(
        "ServiceNotes", "The SKU is in the export more than once ({places}): keep one row."
    ),
    NoteKind.EXPORT_UNREADABLE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "This part of the export cannot be read (`packstation catalog` on the command line says "
        "why).",
    ),
    NoteKind.IMAGE_NO_FOLDER: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Image {image}: no images folder was given."
    ),
    NoteKind.IMAGE_REJECTED: QT_TRANSLATE_NOOP("ServiceNotes", "Image {image}:"),
    NoteKind.IMAGE_UNREADABLE: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Image {image} cannot be read from the images folder."
    ),
    NoteKind.PRODUCT_NOT_SENT: QT_TRANSLATE_NOOP("ServiceNotes", "The product was not sent."),
    NoteKind.PRODUCT_IMAGE_NOT_SENT: QT_TRANSLATE_NOOP(
        "ServiceNotes", "The product's image was not sent."
    ),
    NoteKind.PRODUCT_NOT_DELETED: QT_TRANSLATE_NOOP("ServiceNotes", "The product was not deleted."),
    NoteKind.PRODUCT_FAILED: QT_TRANSLATE_NOOP("ServiceNotes", "The product was not synced."),
    NoteKind.MANIFEST_RECOVERED: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Manifest {manifest_id} from an earlier attempt is posted."
    ),
    NoteKind.SHIPMENTS_WAITING: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "{count} customs shipment(s) of this pick-up are not accepted by Seven Senders yet and "
        "are not in this manifest: {shipments}.",
    ),
    NoteKind.WAREHOUSE_OFFLINE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "The warehouse store does not answer: only this bench's customs shipments are listed, "
        "and a manifest posted now holds only them (the other benches' go into a later one).",
    ),
    NoteKind.CUSTOMS_NOT_CHECKED: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Seven Senders could not be asked just now: the list is not checked against it.",
    ),
    NoteKind.NO_PLANNED_PICKUP: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Order {order_id} parcel {parcel}: no planned pick-up."
    ),
    NoteKind.CUSTOMS_GONE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Order {order_id} parcel {parcel} (shipment {shipment}): Seven Senders has no customs "
        "shipment for it any more; it is left out of the manifest (send it again in the "
        "customs dialog).",
    ),
    NoteKind.OTHER_BENCH_CUSTOMS_GONE: QT_TRANSLATE_NOOP(
        "ServiceNotes",
        "Order {order_id} parcel {parcel} of {bench}: Seven Senders has no customs shipment for "
        "it; it is left out (that bench sends it again).",
    ),
    NoteKind.ALREADY_IN_MANIFEST: QT_TRANSLATE_NOOP(
        "ServiceNotes", "Order {order_id} parcel {parcel} is already in manifest {manifest_id}."
    ),
}

#: notes whose cause is worth saying after them (by its type, from ``service_words``)
WITH_CAUSE = frozenset(
    {
        NoteKind.SLIP_NOT_MADE,
        NoteKind.PUDO_REFUSED,
        NoteKind.IMAGE_REJECTED,
        NoteKind.IMAGE_UNREADABLE,
        NoteKind.PRODUCT_NOT_SENT,
        NoteKind.PRODUCT_IMAGE_NOT_SENT,
        NoteKind.PRODUCT_NOT_DELETED,
        NoteKind.PRODUCT_FAILED,
    }
)


def _fact(name: str, value: str | int) -> str | int:
    """A fact as the window writes it: ``…_g`` a weight ("1,03 kg"), ``…_day`` a date,
    ``faults`` the printer's faults ("the labels have run out, the print head is open")."""
    if name == "faults" and isinstance(value, str):
        known = {f.value: f for f in PrinterFault}
        return texts.faults_text(tuple(known[v] for v in value.split(",") if v in known))
    if name.endswith("_g") and isinstance(value, int):
        return texts.weight_text(value)
    if name.endswith("_day") and isinstance(value, str):
        try:
            return f"{date.fromisoformat(value.strip()[:10]):%d.%m.%Y}"
        except ValueError:
            return value
    return value


def note_text(note: Note) -> str:
    """One note in the window's language, from its kind and facts (never its sentence)."""
    facts = {name: _fact(name, value) for name, value in note.facts.items()}
    said = QCoreApplication.translate(CONTEXT, NOTES[note.kind]).format(**facts)
    if note.kind in WITH_CAUSE and note.error is not None:
        from packstation.ui.service_words import describe  # the table of errors words it

        return f"{said} {describe(note.error)}"
    return said


def notes_text(notes: Sequence[Note]) -> str:
    """Several notes, each once, as one paragraph."""
    return " ".join(dict.fromkeys(note_text(n) for n in notes))


def notes_lines(notes: Sequence[Note]) -> tuple[str, ...]:
    """Each note once, worded, one per line."""
    return tuple(dict.fromkeys(note_text(n) for n in notes))


def optional_note_text(note: Note | None) -> str:
    """``note_text``, or "" when there is no note."""
    return note_text(note) if note is not None else ""


def noted(notes: Sequence[Note]) -> Callable[[], str]:
    """``notes_text`` of the notes as they are now, when drawn: a banner line that follows a
    language switch."""
    kept = tuple(notes)
    return lambda: notes_text(kept)
