"""The packing bench's decisions as pure functions: what a scan is, what opening an order does,
and what a parcel needs next.

The packing service (``services/packing``) asks these functions and acts on their typed
answers; they read values only and never wait, write or call anything. Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from packstation.domain.barcodes import CodeKind, Scan
from packstation.domain.cycle import (
    AttemptStatus,
    CycleRecord,
    CycleStatus,
    CycleStep,
    LabelAttempt,
    parse_reference,
    step_reached,
)
from packstation.domain.shipping import Label

# ---------------------------------------------------------------------- what a scan is


class ScanRoute(StrEnum):
    """Where one scan goes at the bench."""

    COMMAND = "command"  # a command barcode: the caller acts on it (finish, reprint, …)
    OPEN_ORDER = "open_order"  # an order barcode while no order is being packed
    ALREADY_OPEN = "already_open"  # the order being packed, scanned once more
    TRACKING_CODE = "tracking_code"  # own-label mode, items checked: a carrier label's code
    ITEM = "item"  # counted against the order being packed (or refused by it)
    NO_ORDER = "no_order"  # no order is being packed and this is not an order barcode


@dataclass(frozen=True, slots=True)
class BenchState:
    """What the bench holds when a scan arrives.

    Attributes:
        packing: the order whose items are being scanned (None: no order, or it is past
            packing — finishing, done).
        awaiting_tracking_codes: the order is packed with labels printed elsewhere (own-label
            mode) and all its items are checked: the next scans are its tracking codes.
    """

    packing: str | None = None
    awaiting_tracking_codes: bool = False


def tracking_code_of(scan: Scan) -> str:
    """The tracking code a scan of a carrier label carries.

    A GS1-128 parcel label that is only an SSCC (AI 00, as DHL prints it) is the tracking
    code ``00`` + SSCC; anything else is the scan's cleaned text.
    """
    value = (scan.value or scan.raw).strip()
    if (
        scan.kind is CodeKind.GS1
        and scan.sscc
        and value.startswith("(00)")
        and value.count("(") == 1
    ):
        return f"00{scan.sscc}"
    return value


def route_scan(scan: Scan, bench: BenchState) -> ScanRoute:
    """What ``scan`` is at a bench in ``bench``'s state.

    A command is always a command. With no order being packed an order barcode opens it
    (scanning the order being packed again only says so); while an order is being packed
    every other scan is one of its items — except, in own-label mode once the items are
    checked, a carrier label's tracking code.
    """
    if scan.kind is CodeKind.COMMAND:
        return ScanRoute.COMMAND
    if scan.kind is CodeKind.ORDER:
        if bench.packing is None:
            return ScanRoute.OPEN_ORDER
        if scan.order_id == bench.packing:
            return ScanRoute.ALREADY_OPEN
    if bench.packing is None:
        return ScanRoute.NO_ORDER
    if bench.awaiting_tracking_codes and scan.kind is not CodeKind.ORDER and tracking_code_of(scan):
        return ScanRoute.TRACKING_CODE
    return ScanRoute.ITEM


# ---------------------------------------------------------------------- opening an order


class OpenStart(StrEnum):
    """What scanning an order barcode starts, from the order's latest cycle."""

    NEW = "new"  # no cycle yet (or the last one was abandoned): look the order up, start one
    CONTINUE = "continue"  # a cycle left unfinished: pick it up where it stopped
    ALREADY_PACKED = "already_packed"  # its labels exist: offer a reprint, never a new label


def open_start(latest: CycleRecord | None) -> OpenStart:
    """What opening an order does, given its latest cycle in the journal."""
    if latest is None:
        return OpenStart.NEW
    if latest.status is CycleStatus.DONE:
        return OpenStart.ALREADY_PACKED
    if latest.status.in_flight:
        return OpenStart.CONTINUE
    return OpenStart.NEW


@dataclass(frozen=True, slots=True)
class PackedOrder:
    """An order packed before: its live labels, and parcels whose label was voided."""

    order_id: str
    live: tuple[LabelAttempt, ...]
    voided: tuple[int, ...]  # parcel numbers without a live label (voided, not replaced)

    @property
    def message(self) -> str:
        text = (
            f"Order {self.order_id} is already packed ({len(self.live)} label(s)). Reprint its "
            "labels instead; a new label is never bought for a packed order."
        )
        if self.voided:
            text += (
                f" Parcel(s) {', '.join(map(str, self.voided))} had their label voided: void "
                "with a replacement to get a new one."
            )
        return text


def packed_order(record: CycleRecord, attempts: Sequence[LabelAttempt]) -> PackedOrder:
    """The labels of a finished cycle, as offered to the packer who scans its order again."""
    live = tuple(a for a in attempts if a.live)
    parcels = record.plan.parcels if record.plan else ()
    voided = tuple(p.number for p in parcels if not any(a.parcel_no == p.number for a in live))
    return PackedOrder(record.order_id, live, voided)


def own_label_mode(station_own_label: bool, record: CycleRecord) -> bool:
    """Whether a cycle registers labels printed elsewhere instead of buying them.

    Settled once, when the order is opened (or its cycle restored): a cycle whose parcels
    are set keeps the way it started; before that, the station's setting decides (or a
    plan that chose own labels already).
    """
    plan = record.plan
    if plan is not None and step_reached(record.step, CycleStep.PARCELS_SET):
        return plan.own_label
    return station_own_label or (plan is not None and plan.own_label)


# ---------------------------------------------------------------------- after a scan


class AfterScan(StrEnum):
    """What the bench waits for once a scan is taken; on FINISH the order is finished."""

    GO_ON = "go_on"  # items are still to be scanned (or the scan changed nothing)
    PRESS_FINISH = "press_finish"  # every item is in; the packer finishes (auto-finish is off)
    SCAN_CARRIER_LABEL = "scan_carrier_label"  # own labels: a parcel's carrier label is next
    FINISH = "finish"  # finish the order now


@dataclass(frozen=True, slots=True)
class Readiness:
    """How far the order on the bench is from being finished.

    Attributes:
        packing: its items are being scanned (False: a cycle continued past packing, whose
            labels are due).
        ready: every item is checked (or the check was skipped with a reason).
        carrier_labels_missing: own-label mode: parcels whose carrier label's tracking code
            is not scanned yet.
    """

    packing: bool
    ready: bool
    carrier_labels_missing: int = 0


def after_scan(
    readiness: Readiness, *, auto_finish: bool, carrier_label: bool = False
) -> AfterScan:
    """Whether a scan that opened the order, completed it, or read a carrier label finishes it.

    A cycle continued past packing is finished at once (its labels are due). A packed order
    is finished by itself when the bench finishes after the last item (``auto_finish``) or
    when the scan was a carrier label's tracking code (``carrier_label``) — in own-label mode
    only once every parcel's carrier label is scanned.
    """
    if not readiness.packing:
        return AfterScan.FINISH
    if not readiness.ready:
        return AfterScan.GO_ON
    if not (auto_finish or carrier_label):
        return AfterScan.PRESS_FINISH
    if readiness.carrier_labels_missing > 0:
        return AfterScan.SCAN_CARRIER_LABEL
    return AfterScan.FINISH


# ---------------------------------------------------------------------- one parcel


class ParcelAction(StrEnum):
    """What a parcel needs next, from its latest label attempt."""

    NEW = "new"  # no attempt, or the last was voided or given up: a new one (next generation)
    RESOLVE = "resolve"  # an intent whose outcome is unknown: look it up before anything else
    DOWNLOAD = "download"  # bought: download the file and store it
    PRINT = "print"  # stored: print the stored file
    NOTHING = "nothing"  # printed (own-label mode: registered)


@dataclass(frozen=True, slots=True)
class ParcelNext:
    action: ParcelAction
    generation: int  # the void generation of the attempt to act on (NEW: of the new one)


def next_for_parcel(latest: LabelAttempt | None) -> ParcelNext:
    """What to do next for a parcel whose latest attempt is ``latest``."""
    if latest is None:
        return ParcelNext(ParcelAction.NEW, 0)
    status = latest.status
    if status in (AttemptStatus.VOIDED, AttemptStatus.ABANDONED):
        return ParcelNext(ParcelAction.NEW, latest.generation + 1)
    action = {
        AttemptStatus.INTENT: ParcelAction.RESOLVE,
        AttemptStatus.BOUGHT: ParcelAction.DOWNLOAD,
        AttemptStatus.STORED: ParcelAction.PRINT,
        AttemptStatus.PRINTED: ParcelAction.NOTHING,
    }[status]
    return ParcelNext(action, latest.generation)


# ---------------------------------------------------------------------- the order at 7S


@dataclass(frozen=True, slots=True)
class LabelsAt7S:
    """The order's outbound labels Seven Senders holds, read while the packer scans.

    Only labels whose reference is one of ours for the order count (either reference
    scheme: per account, or the old per bench); a return label or a stranger's is ignored.
    """

    order_id: str
    labels: tuple[Label, ...] = ()

    @classmethod
    def of(cls, order_id: str, labels: Sequence[Label]) -> LabelsAt7S:
        ours = tuple(
            label
            for label in labels
            if not label.return_parcel and parse_reference(label.reference_number, order_id)
        )
        return cls(order_id, ours)

    def generation_after(self, parcel_no: int) -> int:
        """The lowest void generation 7S has not seen for the parcel (0 when it has none)."""
        seen = [
            parts.generation
            for label in self.labels
            if (parts := parse_reference(label.reference_number, self.order_id)) is not None
            and parts.parcel_no == parcel_no
        ]
        return max(seen) + 1 if seen else 0

    def foreign(self, own: Sequence[LabelAttempt]) -> tuple[Label, ...]:
        """Labels at 7S that none of ``own`` (this bench's attempts of the order) bought."""
        mine = {a.reference_number for a in own} | {a.label_id for a in own if a.label_id}
        return tuple(
            label
            for label in self.labels
            if label.reference_number not in mine and label.id not in mine
        )


def next_generation(latest: LabelAttempt | None, at_7s: LabelsAt7S | None, parcel_no: int) -> int:
    """The void generation of a parcel's new attempt: past the journal's and past 7S's."""
    local = next_for_parcel(latest).generation
    return max(local, at_7s.generation_after(parcel_no)) if at_7s is not None else local


__all__ = [
    "AfterScan",
    "BenchState",
    "LabelsAt7S",
    "OpenStart",
    "PackedOrder",
    "ParcelAction",
    "ParcelNext",
    "Readiness",
    "ScanRoute",
    "after_scan",
    "next_for_parcel",
    "next_generation",
    "open_start",
    "own_label_mode",
    "packed_order",
    "route_scan",
    "tracking_code_of",
]
