"""What the packing service answers: values for expected outcomes, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from packstation.domain.barcodes import Scan
from packstation.domain.bench import AfterScan
from packstation.domain.boxes import Box
from packstation.domain.commands import BenchCommand
from packstation.domain.cycle import (
    AttemptStatus,
    CycleInterrupted,
    CycleRecord,
    CycleStatus,
    CycleStep,
    LabelAttempt,
    PackedElsewhere,
)
from packstation.domain.label_data import LabelDataProblem
from packstation.domain.notes import Note
from packstation.domain.orders import OrderSourceError
from packstation.domain.packing import NotPackableReason, ScanResult
from packstation.domain.printing import PrintOutcome
from packstation.domain.refusals import Refusal
from packstation.domain.shipping import Carrier, LabelFormat
from packstation.domain.warehouse import Claim

if TYPE_CHECKING:
    from packstation.services.packing.session import OrderSession


class OpenOutcome(StrEnum):
    OPENED = "opened"  # a new cycle: scan the items next
    CONTINUED = "continued"  # an unfinished cycle of this order was picked up again
    ALREADY_PACKED = "already_packed"  # its labels exist: offer a reprint, never a new label
    PACKED_ELSEWHERE = "packed_elsewhere"  # another bench bought its labels: reprint, with a reason
    CLAIMED_ELSEWHERE = "claimed_elsewhere"  # another bench is packing it (warehouse claim)
    NOT_PACKABLE = "not_packable"  # shipped, cancelled, unknown, …
    NOT_AN_ORDER = "not_an_order"  # the scan is not an order barcode
    SOURCE_PROBLEM = "source_problem"  # the merchant's order data cannot be read


@dataclass(frozen=True, slots=True)
class OpenResult:
    outcome: OpenOutcome
    order_id: str | None
    message: str
    session: OrderSession | None = None
    reason: NotPackableReason | None = None
    labels: tuple[LabelAttempt, ...] = ()  # ALREADY_PACKED: the order's live labels
    tracking_codes: tuple[str, ...] = ()  # PACKED_ELSEWHERE: its labels at 7S
    bench: str | None = None  # PACKED_ELSEWHERE: where, when the warehouse store knows
    claim: Claim | None = None  # CLAIMED_ELSEWHERE: who holds the order
    packed_at: datetime | None = None  # PACKED_ELSEWHERE: when, when the warehouse store knows
    #: SOURCE_PROBLEM: what the order lacks for a label, or why its data cannot be read
    problems: tuple[LabelDataProblem, ...] = ()
    error: OrderSourceError | None = None


@dataclass(frozen=True, slots=True)
class FinishRefused:
    """``finish`` was refused (nothing was bought): items are still missing, a carrier label's
    code was refused (own-label mode), or the boxes cannot ship as they are (``boxes``)."""

    order_id: str
    #: why, as a kind with its facts (the window words it; its ``message`` is the English)
    refusal: Refusal
    remaining: tuple[tuple[str, int], ...]  # (sku, units still to scan)
    tracking_code: str | None = None  # own-label mode: the tracking code that was refused
    boxes: bool = False  # the boxes do not hold the order as it may ship (``refusal`` says why)
    weight: bool = False  # the weight gate holds a box: not weighed, or off without a word

    @property
    def message(self) -> str:
        """The English sentence (log, command line)."""
        return self.refusal.message


@dataclass(frozen=True, slots=True)
class ParcelReport:
    number: int
    count: int
    reference_number: str
    status: AttemptStatus
    weight_g: int | None = None
    label_id: str | None = None
    shipment_id: str | None = None
    tracking_code: str | None = None
    label_path: str | None = None
    sha256: str | None = None
    printed: bool = False
    print_outcome: PrintOutcome | None = None


@dataclass(frozen=True, slots=True)
class CycleReport:
    """Where one order's cycle ended, for the screen, the command line and ``--json``."""

    cycle_id: str
    order_id: str
    status: CycleStatus
    step: CycleStep
    parcels: tuple[ParcelReport, ...]
    label_format: LabelFormat | None
    carrier: Carrier | None
    customs_needed: bool
    customs_ids: tuple[str, ...] = ()
    skip_reason: str | None = None
    warnings: tuple[Note, ...] = ()  # English sentences with their kinds and facts
    boxes: tuple[Box, ...] = ()  # what is in each parcel (empty: not known)
    #: the check was skipped: (SKU, units) packed without being scanned, in line order
    not_verified: tuple[tuple[str, int], ...] = ()

    @property
    def printed(self) -> bool:
        return bool(self.parcels) and all(p.printed for p in self.parcels)


@dataclass(frozen=True, slots=True)
class InFlight:
    """A cycle left unfinished (a crash, a closed window, a network cut)."""

    cycle: CycleRecord
    labels: tuple[LabelAttempt, ...]
    what_is_left: str
    waiting_for_packer: bool


@dataclass(frozen=True, slots=True)
class ResumeResult:
    cycle_id: str
    order_id: str
    report: CycleReport | None = None
    problem: str = ""
    unresolved: bool = False
    waiting_for_packer: bool = False
    #: what stopped it (None: waiting for the packer, or finished)
    error: CycleInterrupted | None = None
    #: labels of the cycle that are bought (paid) although it did not finish
    bought: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReprintItem:
    order_id: str
    parcel: int
    parcels: int
    tracking_code: str
    printed: bool
    outcome: PrintOutcome
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ReprintReport:
    query: str
    items: tuple[ReprintItem, ...]
    message: str = ""
    elsewhere: tuple[str, ...] = ()  # the labels were bought at another bench (7S's codes)

    @property
    def printed(self) -> bool:
        return bool(self.items) and all(i.printed for i in self.items)


@dataclass(frozen=True, slots=True)
class VoidReport:
    tracking_code: str
    order_id: str
    parcel: int
    reason: str
    already_voided: bool = False
    replacement: ParcelReport | None = None


@dataclass(frozen=True, slots=True)
class Interrupted:
    """Finishing stopped (7S unreachable, a label refused): the cycle stays in flight.

    The value of a ``CycleInterrupted`` raised while a scan finished the order; ``resume``
    (or scanning the order again) finishes it later. ``packed_elsewhere``: another bench
    bought the order's labels; this cycle was given up and buys nothing.
    """

    order_id: str
    message: str
    unresolved: bool = False
    #: labels bought (paid) but not finished: the packer is told, never "no label"
    bought: tuple[str, ...] = ()
    packed_elsewhere: bool = False
    #: what stopped it, for the window's words (``message`` is the English sentence)
    error: CycleInterrupted | None = None

    @classmethod
    def of(cls, order_id: str, exc: CycleInterrupted) -> Interrupted:
        """The value of ``exc``, raised while finishing ``order_id``."""
        return cls(
            order_id,
            exc.message,
            exc.unresolved,
            exc.bought,
            packed_elsewhere=isinstance(exc, PackedElsewhere),
            error=exc,
        )


#: How finishing an order ended: done (or needs print), refused, or interrupted.
FinishOutcome = CycleReport | FinishRefused | Interrupted


# ---------------------------------------------------------------------- one scan's answer


@dataclass(frozen=True, slots=True)
class Opened:
    """An order barcode: the order was opened, continued, or refused (``result.outcome``).

    ``then`` says what the bench waits for next; ``FINISH``: the order was finished at once
    (a cycle continued past packing, or nothing is left to scan and the bench finishes by
    itself) and ``finished`` is how that ended.
    """

    scan: Scan
    result: OpenResult
    then: AfterScan = AfterScan.GO_ON
    finished: FinishOutcome | None = None


@dataclass(frozen=True, slots=True)
class Counted:
    """An item scan, counted against the order on the bench or refused (``result.outcome``).

    The last item finishes the order when the bench finishes by itself (``then`` FINISH,
    ``finished`` how it ended).
    """

    scan: Scan
    result: ScanResult
    then: AfterScan = AfterScan.GO_ON
    finished: FinishOutcome | None = None


@dataclass(frozen=True, slots=True)
class CommandRead:
    """A command barcode, parsed once; ``command`` None: a word this station does not know."""

    scan: Scan
    command: BenchCommand | None
    argument: str = ""  # SKIP: the reason code carried in the barcode
    message: str = ""


@dataclass(frozen=True, slots=True)
class TrackingCodeRead:
    """Own-label mode: a carrier label's tracking code for the order on the bench.

    Once every parcel's carrier label is scanned the order is finished (``then`` FINISH);
    before, ``then`` is SCAN_CARRIER_LABEL.
    """

    scan: Scan
    code: str
    then: AfterScan
    finished: FinishOutcome | None = None


class RefusedScan(StrEnum):
    ALREADY_OPEN = "already_open"  # the order being packed, scanned again
    NO_ORDER = "no_order"  # not an order barcode, and no order is being packed
    SIGN_IN_FIRST = "sign_in_first"  # an order barcode while nobody is signed in (required)
    SUPERVISOR_BADGE = "supervisor_badge"  # a supervisor's badge while nothing asked for one


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A packer's badge: the packer is signed in at the bench from now on."""

    scan: Scan
    packer: str


@dataclass(frozen=True, slots=True)
class Refused:
    """A scan that changed nothing (see ``reason``), with a sentence for the packer."""

    scan: Scan
    reason: RefusedScan
    message: str


#: What the service answers to one scan, whatever it was (the GUI's single entry for scans).
@dataclass(frozen=True, slots=True)
class BoxOpened:
    """A box type's barcode: box ``box.number`` of that type is open now (the next scans go
    into it); ``message`` says so in plain words."""

    scan: Scan
    box: Box
    message: str


ScanAnswer = Opened | Counted | CommandRead | TrackingCodeRead | BoxOpened | SignedIn | Refused


class VoidNotConfirmed(LookupError):
    """7S did not confirm that a cancelled label is gone: nothing was marked void."""
