"""The returns desk: parcels coming back, what was received and refunded, per order or line.

Seven Senders keeps order states per order ("Returned to Warehouse" is the state ``returned`` by
default, "Refunded" is ``refunded``); the station keeps the detail (which line, how many, why,
who) in its journal, and the shift summary is built from those records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ReturnAction(StrEnum):
    RECEIVED = "received"  # the parcel (or a line of it) is back in the warehouse
    REFUNDED = "refunded"  # the refund is done


#: What the clerk sees for each action, and the 7S order state it means by default.
ACTION_LABELS = {
    ReturnAction.RECEIVED: "Returned to Warehouse",
    ReturnAction.REFUNDED: "Refunded",
}


class LookupVia(StrEnum):
    ORDER = "order"  # the order barcode or order id
    OUTBOUND_LABEL = "outbound_label"  # the tracking code of a label bought at this station
    RETURN_LABEL = "return_label"  # the tracking code of a return shipment at 7S
    SHIPMENT = "shipment"  # the tracking code of another 7S shipment of the order


@dataclass(frozen=True, slots=True)
class ReturnLine:
    """One line of the order as the returns desk shows it."""

    sku: str
    name: str
    quantity: int  # ordered
    ean: str | None = None
    received: int = 0  # units already marked received at this station
    refunded: int = 0  # units already marked refunded at this station


@dataclass(frozen=True, slots=True)
class ReturnMark:
    """A line (or the whole order, ``sku`` None) to mark, with how many units."""

    sku: str | None = None
    quantity: int | None = None  # None: every unit of the line (or of the order)


@dataclass(frozen=True, slots=True)
class ReturnRecord:
    """One thing the clerk marked: received or refunded, for the order or one line."""

    id: int | None
    order_id: str
    action: ReturnAction
    at: datetime
    sku: str | None = None  # None: the whole order
    quantity: int | None = None
    reason: str = ""
    tracking_code: str = ""  # the return label scanned, if any
    station: str = ""
    clerk: str = ""
    state: str = ""  # the 7S order state queued for it ("" when none was needed)
    state_queued: bool = False  # this record queued the state (the first of its kind)


class DeliveryStatus(StrEnum):
    """Whether the order state of a return record reached 7S."""

    SENT = "sent"
    WAITING = "waiting"  # in the outbox (7S unreachable or busy)
    NEEDS_ATTENTION = "needs_attention"  # refused by 7S; see the reason
    NOT_NEEDED = "not_needed"  # the same state was sent for the order before


@dataclass(frozen=True, slots=True)
class ReturnSummaryRow:
    """One line of the shift summary (and of the CSV export)."""

    record: ReturnRecord
    delivery: DeliveryStatus
    delivery_note: str = ""


#: The CSV export's columns, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "at",
    "order_id",
    "action",
    "sku",
    "quantity",
    "reason",
    "tracking_code",
    "station",
    "clerk",
    "sevensenders_state",
    "delivery",
    "delivery_note",
)


def csv_row(row: ReturnSummaryRow) -> dict[str, str]:
    r = row.record
    return {
        "at": r.at.isoformat(timespec="seconds"),
        "order_id": r.order_id,
        "action": r.action.value,
        "sku": r.sku or "",
        "quantity": "" if r.quantity is None else str(r.quantity),
        "reason": r.reason,
        "tracking_code": r.tracking_code,
        "station": r.station,
        "clerk": r.clerk,
        "sevensenders_state": r.state,
        "delivery": row.delivery.value,
        "delivery_note": row.delivery_note,
    }


def clean_reason(text: str | None) -> str:
    """A reason on one line, without surrounding blanks."""
    return " ".join((text or "").split())
