"""One order's pack cycle as the journal keeps it: steps, label attempts, outbox entries.

Plain records and pure rules (standard library only). The packing service drives a cycle from
step to step; the journal stores these records so that a crash, a closed window or a network
cut never costs a label and never leaves an order half-done without saying so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from packstation.domain.boxes import Box
from packstation.domain.orders import MerchantOrder
from packstation.domain.printing import PrintOutcome
from packstation.domain.shipping import Carrier, LabelFormat


class CycleStep(StrEnum):
    """The steps of one pack cycle, in order. A cycle only ever moves forward."""

    SCANNED = "scanned"  # the order barcode was read; the cycle exists
    LOADED = "loaded"  # merchant order read, 7S order present, in_preparation queued
    ITEMS_VERIFIED = "items_verified"  # every unit scanned, or skipped by policy with a reason
    PARCELS_SET = "parcels_set"  # parcel count and weights fixed: the packer is done
    LABELS = "labels"  # every parcel has its label: bought, stored, printing attempted
    FOLLOW_UPS = "follow_ups"  # order items, boarding_complete, customs queued in the outbox
    DONE = "done"


class LabelStep(StrEnum):
    """The per-parcel steps reported to ``on_step`` observers besides the ``CycleStep`` s."""

    INTENT = "label_intent"  # reference number journalled, POST not yet sent
    BOUGHT = "label_bought"  # 7S answered (or the lookup found it): label id journalled
    STORED = "label_stored"  # label file downloaded, hashed and stored
    PRINTED = "printed"  # handed to the printer (or held by the print queue)


#: The old names of the label steps (``LabelStep`` members; kept for existing imports).
LABEL_INTENT = LabelStep.INTENT
LABEL_BOUGHT = LabelStep.BOUGHT
LABEL_STORED = LabelStep.STORED
LABEL_PRINTED = LabelStep.PRINTED

STEP_ORDER: tuple[CycleStep, ...] = tuple(CycleStep)


def step_reached(current: CycleStep, wanted: CycleStep) -> bool:
    """True when a cycle at ``current`` has done ``wanted`` already."""
    return STEP_ORDER.index(current) >= STEP_ORDER.index(wanted)


class CycleStatus(StrEnum):
    """Where a cycle stands as a whole."""

    PACKING = "packing"  # the packer is scanning; only the packer can move it on (finish)
    FINISHING = "finishing"  # the packer is done: the station finishes it (resume may)
    NEEDS_PRINT = "needs_print"  # every label is bought and stored, not every one printed
    DONE = "done"
    ABANDONED = "abandoned"  # given up on purpose, with a reason

    @property
    def in_flight(self) -> bool:
        return self in (CycleStatus.PACKING, CycleStatus.FINISHING, CycleStatus.NEEDS_PRINT)


class VerificationPolicy(StrEnum):
    """How a station checks the items of an order before it buys a label."""

    REQUIRED = "required"  # every unit must be scanned
    SKIPPABLE = "skippable"  # scanning is expected; a packer may skip it with a reason
    OFF = "off"  # the station never asks for item scans (reason: station policy)


class AttemptStatus(StrEnum):
    """A label attempt: one reference number for one parcel."""

    INTENT = "intent"  # journalled before the POST; the outcome is not known yet
    BOUGHT = "bought"  # 7S has the label; the file is not stored yet
    STORED = "stored"  # the file is on disk (content-hashed); not printed yet
    PRINTED = "printed"  # the printer has it (or the print queue holds it)
    VOIDED = "voided"  # deleted at 7S with a reason; the parcel's next attempt gets gen + 1
    ABANDONED = "abandoned"  # never bought (the lookup proved it) and given up


@dataclass(frozen=True, slots=True)
class ParcelPlan:
    """A parcel of the cycle: number n of count, with its weight when known."""

    number: int
    count: int
    weight_g: int | None = None


@dataclass(frozen=True, slots=True)
class CyclePlan:
    """What the packer decided when finishing: parcels, label format, carrier."""

    parcels: tuple[ParcelPlan, ...]
    label_format: LabelFormat
    carrier: Carrier
    skip_reason: str | None = None  # item verification skipped, and why
    own_label: bool = False  # labels come from elsewhere: shipments are registered instead
    #: what the packer put in each parcel (box n is parcel n); empty when only a number of
    #: parcels was given (the contents of each are then not known)
    boxes: tuple[Box, ...] = ()
    #: the packer pressed finish with exactly this plan (any later change makes a new plan
    #: without it): a cycle still ``PACKING`` is finished by ``resume`` only when it is set
    finish_pressed: bool = False


@dataclass(frozen=True, slots=True)
class CycleRecord:
    """One pack cycle as journalled."""

    cycle_id: str
    order_id: str
    station: str
    status: CycleStatus
    step: CycleStep
    created_at: datetime
    updated_at: datetime
    order: MerchantOrder | None = None  # the merchant order as it was read (for resume)
    plan: CyclePlan | None = None  # provisional while packing, final from PARCELS_SET on
    sevensenders_id: int | None = None
    note: str = ""  # the last problem, in plain words
    scanned: tuple[int, ...] = ()  # units scanned per order line
    skip_reason: str | None = None  # item verification skipped, and why


@dataclass(frozen=True, slots=True)
class LabelAttempt:
    """One attempt to get a label for one parcel, keyed by its reference number."""

    reference_number: str
    cycle_id: str
    order_id: str
    parcel_no: int
    parcel_count: int
    generation: int
    status: AttemptStatus
    label_format: LabelFormat
    carrier: Carrier
    weight_g: int | None = None
    label_id: str | None = None
    shipment_id: str | None = None
    tracking_code: str | None = None
    download_url: str | None = None
    file_path: str | None = None
    sha256: str | None = None
    print_outcome: PrintOutcome | None = None  # OWN_LABEL: registered, printed elsewhere
    print_started: bool = False
    printed_at: datetime | None = None
    void_reason: str | None = None
    updated_at: datetime | None = None

    @property
    def live(self) -> bool:
        """A label that exists at 7S (bought and not voided)."""
        return self.status in (AttemptStatus.BOUGHT, AttemptStatus.STORED, AttemptStatus.PRINTED)

    @property
    def own_label(self) -> bool:
        """A carrier label printed elsewhere and registered as a 7S shipment (no 7S label)."""
        return self.print_outcome is PrintOutcome.OWN_LABEL and self.label_id is None

    def stored(self) -> StoredLabel:
        """Where the label's file is kept (the attempt must have reached ``STORED``)."""
        if self.file_path is None or self.sha256 is None:
            raise ValueError(f"the label {self.tracking_code or self.reference_number} has no file")
        return StoredLabel(
            path=self.file_path,
            sha256=self.sha256,
            label_format=self.label_format,
            content_type=self.label_format.content_type,
            size=0,
        )


_UNSAFE = re.compile(r"[^A-Za-z0-9_.]+")

#: The account part of reference numbers when the setting ``account_name`` is empty.
DEFAULT_ACCOUNT_KEY = "PS"


def station_key(station_name: str, station_uid: str) -> str:
    """The station's readable name plus its persistent id (the old references' prefix).

    The id is random, made once per data directory and kept in the journal. References are
    made per account now (``reference_number``); labels bought with the old per-station
    references keep them in the journal, and ``parse_reference`` reads both.
    """
    slug = _UNSAFE.sub("-", station_name).strip("-")[:16] or "station"
    return f"{slug}-{station_uid}"


def account_key(account_name: str) -> str:
    """The account's part of every reference number: the same on every bench of the account."""
    return _UNSAFE.sub("-", account_name).strip("-")[:24] or DEFAULT_ACCOUNT_KEY


def reference_number(account: str, order_id: str, parcel_no: int, generation: int) -> str:
    """The reference number of one parcel attempt: one per parcel of an order, whatever bench.

    ``{account key}-{order id}-P{parcel}-V{void generation}``. Deterministic, so a retry, a
    resume or a lost journal write sends the very same number (and 7S answers "already used"
    instead of selling a second label); the same at every bench of the account, so a second
    bench packing the same order is refused by 7S's uniqueness instead of buying a second
    label; unique, because the order id is unique per account and the generation goes up with
    every void.
    """
    if parcel_no < 1 or generation < 0:
        raise ValueError("parcel numbers start at 1, generations at 0")
    return f"{account}-{order_id}-P{parcel_no}-V{generation}"


def legacy_reference_number(key: str, order_id: str, parcel_no: int, generation: int) -> str:
    """The old per-bench reference ``{station key}-{order}-P{n}-V{g}`` (``station_key``).

    Labels bought before references were made per account carry it; lookups of a parcel try
    it after the account's (``reference_candidates``).
    """
    return reference_number(key, order_id, parcel_no, generation)


def reference_candidates(
    account: str, station: str, order_id: str, parcel_no: int, generation: int
) -> tuple[str, str]:
    """The references a parcel attempt may carry at 7S: the account's, then the old bench's."""
    return (
        reference_number(account, order_id, parcel_no, generation),
        legacy_reference_number(station, order_id, parcel_no, generation),
    )


@dataclass(frozen=True, slots=True)
class ReferenceParts:
    """What a reference number of ours says: who made it, which parcel, which generation."""

    prefix: str  # the account key (or, for old labels, the station key)
    parcel_no: int
    generation: int


def parse_reference(reference: str | None, order_id: str) -> ReferenceParts | None:
    """The parts of ``reference`` when it is one of ours for ``order_id`` (either scheme)."""
    if not reference:
        return None
    match = re.fullmatch(rf"(.+)-{re.escape(order_id)}-P(\d+)-V(\d+)", reference)
    if match is None:
        return None
    return ReferenceParts(match.group(1), int(match.group(2)), int(match.group(3)))


class OutboxKind(StrEnum):
    """Calls to 7S that may wait: delivered in order per order, with backoff."""

    ORDER_STATE = "order_state"  # payload: {"state": ...}
    BOARDING_COMPLETE = "boarding_complete"  # payload: {"sevensenders_id": 7S's order id}
    ORDER_ITEMS = "order_items"  # payload: {"shipment_id": ..., "lines": [{sku, name, qty, ean}]}
    CUSTOMS = "customs"  # payload: {"shipment_id", "parcel", "request"} (services/customs.py)


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # refused for good: needs attention, never retried by itself
    #: an order state 7S refused because the order is already further along: it did NOT
    #: reach 7S (never reported as posted), and there is nothing left to do about it
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class NewOutboxEntry:
    order_id: str
    kind: OutboxKind
    payload: Mapping[str, Any] = field(default_factory=dict)
    cycle_id: str | None = None


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    order_id: str
    kind: OutboxKind
    payload: Mapping[str, Any]
    status: OutboxStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    cycle_id: str | None = None
    last_error: str = ""
    delivered_at: datetime | None = None

    def describe(self) -> str:
        if self.kind is OutboxKind.ORDER_STATE:
            return f"{self.order_id}: order state {self.payload.get('state', '?')}"
        if self.kind is OutboxKind.BOARDING_COMPLETE:
            return f"{self.order_id}: boarding complete"
        if self.kind is OutboxKind.ORDER_ITEMS:
            shipment = self.payload.get("shipment_id")
            return f"{self.order_id}: link order items to shipment {shipment}"
        if self.kind is OutboxKind.CUSTOMS and self.payload.get("shipment_id"):
            parcel = self.payload.get("parcel", "?")
            shipment = self.payload.get("shipment_id")
            return f"{self.order_id}: customs shipment of parcel {parcel} (shipment {shipment})"
        return f"{self.order_id}: {self.kind.value}"


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    pending: int = 0
    failed: int = 0


class JournalKind(StrEnum):
    """What a journal line records. The value is the text stored in the journal file.

    A text no member has (written by a newer or an older station) still reads: it becomes
    a member of its own with that value, so a journal never stops being readable.
    """

    # packing: scans and the cycle
    SCAN = "scan"
    CYCLE_OPENED = "cycle_opened"
    CYCLE_CONTINUED = "cycle_continued"
    CYCLE_STEP = "cycle_step"
    FINISH_PRESSED = "finish_pressed"  # the packer is done: these boxes are confirmed
    CYCLE_INTERRUPTED = "cycle_interrupted"
    CYCLE_ABANDONED = "cycle_abandoned"
    ALREADY_PACKED = "already_packed"
    PACKED_ELSEWHERE = "packed_elsewhere"  # its labels were bought at another bench
    CLAIMED_ELSEWHERE = "claimed_elsewhere"  # another bench holds the order (warehouse claim)
    CLAIM_OFFLINE = "claim_offline"  # the warehouse store could not be asked: packed anyway
    CLAIM_RELEASED = "claim_released"  # the shift lead released another bench's claim
    NOT_PACKABLE = "not_packable"
    ORDER_SOURCE_PROBLEM = "order_source_problem"
    VERIFICATION_SKIPPED = "verification_skipped"
    APPROVAL_REFUSED = "approval_refused"  # a badge or PIN that is no supervisor's
    PACKER_SIGNED_IN = "packer_signed_in"
    PACKER_SIGNED_OUT = "packer_signed_out"
    PARCELS = "parcels"
    BOXES = "boxes"  # a box opened, typed, chosen, weighed, units moved, or all set at once
    WEIGHT_CHECK = "weight_check"  # the weight gate's verdict on a box and the packer's decision
    PACKING_SLIP = "packing_slip"  # the order's packing slip made, filed, printed (or why not)
    API_INTENT = "api_intent"
    API_OUTCOME = "api_outcome"
    # packing: labels
    LABEL_INTENT = "label_intent"
    LABEL_LOOKUP = "label_lookup"
    LABEL_BOUGHT = "label_bought"
    LABEL_STORED = "label_stored"
    PRINTED = "printed"
    PRINT_FAILED = "print_failed"
    REPRINT = "reprint"
    LABEL_VOID_INTENT = "label_void_intent"
    LABEL_VOIDED = "label_voided"
    LABEL_REPLACED = "label_replaced"
    # packing: own-label shipments
    OWN_LABEL_CODES = "own_label_codes"
    SHIPMENT_INTENT = "shipment_intent"
    SHIPMENT_LOOKUP = "shipment_lookup"
    SHIPMENT_REGISTERED = "shipment_registered"
    SHIPMENT_REFUSED = "shipment_refused"
    # the outbox
    OUTBOX_DELIVERED = "outbox_delivered"
    OUTBOX_RETRY = "outbox_retry"
    OUTBOX_FAILED = "outbox_failed"
    OUTBOX_SUPERSEDED = "outbox_superseded"
    # the other desks
    CUSTOMS_DECISION = "customs_decision"
    CUSTOMS_WITHDRAWN = "customs_withdrawn"
    CUSTOMS_ACCEPTED = "customs_accepted"
    CUSTOMS_REFUSED = "customs_refused"
    CUSTOMS_DECLARATION = "customs_declaration"
    CUSTOMS_INVOICE = "customs_invoice"
    PUDO_CHOSEN = "pudo_chosen"
    PUDO_CHOICE_DROPPED = "pudo_choice_dropped"
    RETURN_LOOKUP = "return_lookup"
    RETURN_RECEIVED = "return_received"
    RETURN_REFUNDED = "return_refunded"
    MANIFEST_INTENT = "manifest_intent"
    MANIFEST_POSTED = "manifest_posted"
    MANIFEST_REFUSED = "manifest_refused"
    ORDERS_IMPORTED = "orders_imported"
    CATALOG_SYNC = "catalog_sync"

    @classmethod
    def _missing_(cls, value: object) -> JournalKind | None:
        if not isinstance(value, str) or not value:
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = value.upper()
        unknown._value_ = value
        return unknown


@dataclass(frozen=True, slots=True)
class JournalEvent:
    """One line of the journal: what happened, to which order, with plain details.

    ``detail`` holds only plain values (str, int, float, bool, None, lists and dicts of them)
    and never a secret: the service writes what it did, never a token or an access key.
    """

    kind: JournalKind
    order_id: str | None = None
    cycle_id: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class StoredLabel:
    """A label file kept on disk: where, its SHA-256, and what it is."""

    path: str
    sha256: str
    label_format: LabelFormat
    content_type: str
    size: int


class LabelFileMissing(Exception):
    """A stored label file is gone or no longer matches its hash."""


class CycleInterrupted(Exception):
    """A cycle cannot go on right now; it stays in flight and ``resume`` finishes it later.

    Attributes:
        message: a plain sentence for the packer.
        unresolved: True when a label purchase may have happened and could not be checked:
            the station will not buy again before a lookup has answered.
        bought: the tracking codes of labels that are bought (paid) but not finished
            (downloaded, stored, printed, journalled); the message names them.
    """

    def __init__(
        self, message: str, *, unresolved: bool = False, bought: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.unresolved = unresolved
        self.bought = bought

    def with_bought(self, *tracking_codes: str) -> CycleInterrupted:
        """The same interruption (and cause), also naming these bought labels."""
        codes = tuple(dict.fromkeys((*self.bought, *(c for c in tracking_codes if c))))
        same = CycleInterrupted(self.message, unresolved=self.unresolved, bought=codes)
        same.__cause__ = self.__cause__  # what stopped it, for the window's words
        return same


def packed_elsewhere_message(
    order_id: str,
    tracking_codes: Sequence[str],
    bench: str | None = None,
    at: datetime | None = None,
) -> str:
    """What the packer is told when the order's labels were bought at another bench."""
    where = f"at {bench}" if bench else "at another bench"
    when = f" at {at.astimezone().strftime('%H:%M')}" if at is not None else ""
    codes = ", ".join(tracking_codes) or "its labels"
    return (
        f"Order {order_id} is already packed {where}{when}: Seven Senders holds its label(s) "
        f"{codes}. Nothing was bought here. Reprint them here only with a reason "
        f"(`packstation reprint {order_id} --reason ...`)."
    )


class PackedElsewhere(CycleInterrupted):
    """The order's labels were bought at another bench: this bench buys none.

    Attributes:
        order_id: the order.
        tracking_codes: its labels at 7S (outbound), as far as they are known.
        bench, at: where and when it was packed, when the warehouse store knows.
    """

    def __init__(
        self,
        order_id: str,
        tracking_codes: Sequence[str],
        bench: str | None = None,
        at: datetime | None = None,
    ) -> None:
        super().__init__(packed_elsewhere_message(order_id, tracking_codes, bench, at))
        self.order_id = order_id
        self.tracking_codes = tuple(tracking_codes)
        self.bench = bench
        self.at = at
