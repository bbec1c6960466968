"""The bench's packing rules and the events the packing service reports to its listeners."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from packstation.domain.approval import Supervision
from packstation.domain.boxes import BoxType
from packstation.domain.cycle import CycleStep, LabelStep, VerificationPolicy
from packstation.domain.label_data import LabelDataPolicy
from packstation.domain.notes import Note
from packstation.domain.packers import Packer
from packstation.domain.packing import ScanResult
from packstation.domain.packing_slip import PageSize, SlipPolicy
from packstation.domain.printing import PrintOutcome
from packstation.domain.shipping import Address, Carrier, LabelFormat
from packstation.domain.weight_gate import WeightTolerance


@dataclass(frozen=True, slots=True)
class StationPolicy:
    """How this bench packs: plain values the composition root takes from the settings.

    Attributes:
        station_name: the bench's name (journalled).
        account: the 7S account's name, the same at every bench of the warehouse: the first
            part of every reference number (``domain.cycle.reference_number``).
        packer_name: who packs (journalled).
        carrier: the carrier when the merchant order names none.
        label_format: forces a label format; by default the printer profile decides.
        verification: whether items must be scanned, may be skipped with a reason, or not.
        return_portal_pro: link order items to their shipment (Return Portal Pro).
        sender, warehouse, warehouse_address: printed on the label as the parcel's origin.
        label_post_attempts: label POSTs per parcel while 7S proves it sold none.
        retry_delay_s: the first wait between two such attempts (doubled each time).
        retry_after_cap_s: the longest ``Retry-After`` of 7S a purchase waits for; a longer
            one ends the attempts at once and the packer is told when 7S takes requests again.
        load_products: fetch product data (images) for the screen while items are scanned.
        in_preparation_wait_s: at most this long is spent, before buying a label, on an
            ``in_preparation`` that is still queued (normally it went out long before),
            trying it again and again.
        label_data: what 7S needs on a label (fallback e-mail, carriers that need a phone),
            checked when the order opens.
        in_preparation_retry_s: the first pause between two of those tries (doubled each
            time).
        own_label: the carrier labels are produced elsewhere: after the items are checked the
            packer scans each parcel's tracking barcode and the station registers the
            shipment at 7S (``POST /shipments``) instead of buying a label.
        auto_finish: a scan that leaves nothing to check (the last item; an order opened
            with its check skipped) finishes the order at once; otherwise the packer does.
        box_types: the cartons the bench stocks; scanning one's barcode opens a box of it.
        weight_gate, weight_tolerance: every box is weighed and compared with its contents
            and carton; outside the tolerance the packer confirms or re-checks it.
        packing_slip: when the packing slip is printed at finish (never, always, only for
            orders in several boxes, only when the order asks); merchant_name heads it;
            packing_slip_size: its paper, A4 or A5.
        supervision: which actions need a supervisor's badge or PIN, and who may approve
            (``domain.approval``; by default nothing, as nobody is enrolled).
        packers: the packers' badges: scanning one signs its packer in (``domain.packers``).
        require_sign_in: no order is opened while nobody is signed in.
    """

    station_name: str = "station-1"
    account: str = ""
    packer_name: str = ""
    carrier: Carrier | None = None
    label_format: LabelFormat | None = None
    verification: VerificationPolicy = VerificationPolicy.SKIPPABLE
    return_portal_pro: bool = False
    sender: Address | None = None
    warehouse: str = ""
    warehouse_address: str = ""
    label_post_attempts: int = 3
    retry_delay_s: float = 1.0
    retry_after_cap_s: float = 30.0
    load_products: bool = True
    in_preparation_wait_s: float = 5.0
    in_preparation_retry_s: float = 0.25
    label_data: LabelDataPolicy = field(default_factory=LabelDataPolicy)
    own_label: bool = False
    auto_finish: bool = True
    box_types: tuple[BoxType, ...] = ()
    weight_gate: bool = False
    weight_tolerance: WeightTolerance = field(default_factory=WeightTolerance)
    packing_slip: SlipPolicy = SlipPolicy.NEVER
    merchant_name: str = ""
    packing_slip_size: PageSize = PageSize.A4
    supervision: Supervision = field(default_factory=Supervision)
    packers: tuple[Packer, ...] = ()
    require_sign_in: bool = False


class NoticeLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class StepReached:
    """A cycle step is journalled (label steps carry the parcel number)."""

    cycle_id: str
    order_id: str
    step: CycleStep | LabelStep
    parcel: int | None = None
    parcels: int | None = None

    @property
    def name(self) -> str:
        """``"loaded"``, or ``"label_bought:2"`` for parcel 2."""
        return f"{self.step}:{self.parcel}" if self.parcel is not None else self.step


@dataclass(frozen=True, slots=True)
class ItemScanned:
    """An item scan was counted against the order (or refused: see ``result.outcome``)."""

    order_id: str
    result: ScanResult
    units_scanned: int
    units_total: int


@dataclass(frozen=True, slots=True)
class LabelPrinted:
    """A label went to the printer (``printed`` False: held or failed, see ``detail``)."""

    order_id: str
    parcel: int
    parcels: int
    tracking_code: str
    printed: bool
    outcome: PrintOutcome
    detail: str = ""
    reprint: bool = False


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the packer or shift lead should know."""

    level: NoticeLevel
    message: str
    order_id: str | None = None
    #: the error it reports, if any: the window words it by its type (``message`` is English)
    error: Exception | None = None
    #: what it says as a kind with facts: the window words that (``message`` is English)
    note: Note | None = None


PackingEvent = StepReached | ItemScanned | LabelPrinted | Notice
Listener = Callable[[PackingEvent], None]
