"""What the packing bench tells the packer besides refusals: warnings and hints, typed.

A ``Note`` is the English sentence for the log and the command line (it is that ``str``, so
code that joins, prints or searches warnings keeps working) and carries what it says as a
``NoteKind`` with its facts (order number, parcel, tracking code, weights …) and, when an error
is the cause, that error. The window never shows the sentence: it words the kind and its facts in
its own language (``ui/service_notes.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class NoteKind(StrEnum):
    """Which warning or hint; the facts each carries are named beside it."""

    # opening an order
    NOT_ASKED_YET = "not_asked_yet"  # order_id (error: why 7S could not be asked)
    ITEM_DATA_MISSING = "item_data_missing"  # order_id, field: an item lacks e.g. its weight
    PARCELS_PLANNED = "parcels_planned"  # order_id, parcels: the shop's plan, a hint
    # printing
    PRINTED_AGAIN = "printed_again"  # order_id, parcel, parcels: may have printed before
    #: order_id, parcel, parcels, code, faults (the printer's, comma-separated values of
    #: ``PrinterFault``; "" when it did not say): prints when the printer is ready
    LABEL_HELD = "label_held"
    LABEL_NOT_PRINTED = "label_not_printed"  # order_id, parcel, parcels, code: stored
    PRINTER_REMARK = "printer_remark"  # code: the printer warned (its words are in the log)
    # what the printer (or the station preparing its job) noticed about a label that printed;
    # made without the label's code, which the cycle adds when it copies them
    LABEL_FOR_LOWER_DPI = "label_for_lower_dpi"  # code, dpi: made for 203 dpi, prints smaller
    LABEL_TOO_WIDE = "label_too_wide"  # code, width_mm, stock_mm: the right edge may be cut
    LABEL_TOO_LONG = "label_too_long"  # code, length_mm, stock_mm: runs onto the next label
    LABEL_PAGE_SIZE = "label_page_size"  # code, page, stock ("100 × 150", mm): may not fit
    LABEL_SHRUNK = "label_shrunk"  # code, page, percent: shrunk to fit, barcodes may not scan
    LABEL_MAYBE_TWICE = "label_maybe_twice"  # code: resent from the buffer, two copies maybe
    LABEL_DOWNLOADED_AGAIN = "label_downloaded_again"  # code: the stored file was gone
    # finishing
    LIGHTER_THAN_GOODS = "lighter_than_goods"  # box, gross_g, net_g
    STATE_PENDING = "state_pending"  # order_id, state: sent when 7S answers again
    STATE_NOT_TAKEN = "state_not_taken"  # order_id, state: 7S did not take it
    SLIP_PRINTED = "slip_printed"  # order_id, printer
    SLIP_FILED = "slip_filed"  # order_id, path: no document printer
    SLIP_NOT_PRINTED = "slip_not_printed"  # order_id, printer, path
    SLIP_NOT_MADE = "slip_not_made"  # order_id (error: why)
    # customs
    CUSTOMS_NEEDED = "customs_needed"  # order_id, departure, destination, territory
    CUSTOMS_NOT_PREPARED = "customs_not_prepared"  # order_id: no label bought yet
    CUSTOMS_NOT_FILED = "customs_not_filed"  # order_id, country, parcels: not filed here
    CUSTOMS_INCOMPLETE = "customs_incomplete"  # order_id, parcel, parcels: nothing sent
    CUSTOMS_TO_CONFIRM = "customs_to_confirm"  # order_id, parcel, parcels
    CUSTOMS_REFUSED = "customs_refused"  # said: Seven Senders' own words (as it wrote them)
    CUSTOMS_REFUSED_UNSAID = "customs_refused_unsaid"  # refused without saying why
    CUSTOMS_SHIPMENT_UNKNOWN = "customs_shipment_unknown"  # shipment: 7S has no record of it
    CUSTOMS_SENT_BEFORE = "customs_sent_before"  # found at 7S: an earlier attempt sent it
    CUSTOMS_WITHDRAWN = "customs_withdrawn"  # reason: the words given when withdrawing it
    IN_POSTED_MANIFEST = "in_posted_manifest"  # manifest_id, bench, by, at: posted at another bench
    INVOICE_FILED = "invoice_filed"  # order_id, parcel, parcels, path: no document printer
    INVOICE_PRINTED = "invoice_printed"  # order_id, parcel, parcels, printer
    INVOICE_NOT_PRINTED = "invoice_not_printed"  # order_id, parcel, parcels, printer, path
    NO_INVOICE = "no_invoice"  # order_id, parcel, parcels: the recipient is not known here
    # the returns desk
    RETURN_SCAN_EMPTY = "return_scan_empty"
    RETURN_NOT_FOUND = "return_not_found"  # code: neither an order nor a known label
    RETURN_FOUND = "return_found"  # order_id
    RETURN_CODE_NOT_ASKED = "return_code_not_asked"  # code (error: why 7S was not asked)
    RETURN_ORDER_NOT_ASKED = "return_order_not_asked"  # order_id (error): marks are kept
    RETURN_ITEMS_UNKNOWN = "return_items_unknown"  # order_id
    # pick-up points
    POINT_CLOSED = "point_closed"  # point, start_day, end_day: closed for a while, today too
    POINT_CLOSING = "point_closing"  # point, start_day, end_day: a closure ahead
    POINT_NO_HOURS = "point_no_hours"  # point: lists no opening hours at all
    POINT_OTHER_CARRIER = "point_other_carrier"  # point_carrier, carrier: the order's
    POINT_NOT_ASKED = "point_not_asked"  # point (error: why 7S was not asked)
    POINT_NOT_DESCRIBED = "point_not_described"  # point: 7S did not describe it
    PUDO_FOUND = "pudo_found"  # count, carriers, where
    PUDO_NONE_NEAR = "pudo_none_near"  # carriers, where
    PUDO_NONE_IN_COUNTRY = "pudo_none_in_country"  # carriers, country
    PUDO_UNKNOWN_ZIP = "pudo_unknown_zip"  # zip, country
    PUDO_PLACE_NEEDED = "pudo_place_needed"  # no postcode and no position
    PUDO_UNKNOWN_CARRIER = "pudo_unknown_carrier"  # carrier
    PUDO_NO_BULK = "pudo_no_bulk"  # carrier: no list of all its points
    PUDO_COUNTRY_REFUSED = "pudo_country_refused"  # country
    PUDO_REFUSED = "pudo_refused"  # (error: what 7S refused)
    # the catalog sync
    IMAGE_SIZE_UNKNOWN = "image_size_unknown"  # image (sku when synced)
    IMAGE_SMALL = "image_small"  # image, width, height (sku)
    IMAGE_NOT_SQUARE = "image_not_square"  # image, width, height (sku)
    PRODUCT_TAKEN_OVER = "product_taken_over"  # sku: existed at 7S, now kept in step
    NOT_DELETED_UNREADABLE = "not_deleted_unreadable"  # count, rows: the export is unreadable
    NOT_DELETED_EMPTY = "not_deleted_empty"  # count: the export holds no product
    EXPORT_COLUMN = "export_column"  # column: a row's column cannot be used
    EXPORT_DUPLICATE = "export_duplicate"  # places: a SKU in several rows
    EXPORT_UNREADABLE = "export_unreadable"  # the file or a part of it cannot be read
    IMAGE_NO_FOLDER = "image_no_folder"  # image: no images folder was given
    IMAGE_REJECTED = "image_rejected"  # image (error: why it cannot be an image)
    IMAGE_UNREADABLE = "image_unreadable"  # image (error: the file could not be read)
    PRODUCT_NOT_SENT = "product_not_sent"  # (error: what 7S said)
    PRODUCT_IMAGE_NOT_SENT = "product_image_not_sent"  # (error)
    PRODUCT_NOT_DELETED = "product_not_deleted"  # (error)
    PRODUCT_FAILED = "product_failed"  # (error: unexpected)
    # dispatch
    MANIFEST_RECOVERED = "manifest_recovered"  # manifest_id: posted by an earlier attempt
    SHIPMENTS_WAITING = "shipments_waiting"  # count, shipments: not accepted, left out
    WAREHOUSE_OFFLINE = "warehouse_offline"  # only this bench's shipments are listed
    CUSTOMS_NOT_CHECKED = "customs_not_checked"  # (error: why 7S could not be asked)
    NO_PLANNED_PICKUP = "no_planned_pickup"  # order_id, parcel
    CUSTOMS_GONE = "customs_gone"  # order_id, parcel, shipment: left out, send it again
    OTHER_BENCH_CUSTOMS_GONE = "other_bench_customs_gone"  # order_id, parcel, bench
    ALREADY_IN_MANIFEST = "already_in_manifest"  # order_id, parcel, manifest_id


class Note(str):
    """A warning or hint: the English sentence, with its kind, facts and cause.

    Attributes:
        kind: which note.
        facts: the values its words name (see ``NoteKind``).
        error: the error that caused it, if any (worded by its type).
    """

    kind: NoteKind
    facts: Mapping[str, str | int]
    error: Exception | None

    def __new__(
        cls,
        kind: NoteKind,
        message: str,
        error: Exception | None = None,
        /,
        **facts: str | int,
    ) -> Note:
        note = super().__new__(cls, message)
        note.kind = kind
        note.facts = dict(facts)
        note.error = error
        return note

    def __getnewargs_ex__(self) -> tuple[tuple[object, ...], dict[str, str | int]]:
        """Copies and pickles keep the kind, the facts and the cause."""
        return (self.kind, self.message, self.error), dict(self.facts)

    @property
    def message(self) -> str:
        """The English sentence (log, command line)."""
        return str.__str__(self)
