"""The packing session: one order's life at the bench, as an explicit, journalled state machine.

    scanned → loaded → items_verified → parcels_set → labels → follow_ups → done

* **scanned**: the order barcode was read, the merchant order and the 7S order were looked up
  (at the same time) and the order may be packed. The cycle is journalled with a snapshot of
  the merchant order, so a resume never depends on the order source again.
* **loaded** (in the background, while the packer scans items): the 7S order exists (looked
  up; created if absent; on "already exists" or an unknown outcome looked up again), and
  ``in_preparation`` is queued in the outbox when the order is still before it — never
  backwards. PUDO details and product data are fetched too.
* **items_verified**: every unit scanned, or skipped by the station's policy with a reason.
* **parcels_set**: parcel count and weights fixed; the packer is done (``finish``).
* **labels**: for each parcel, only the unavoidable: journal the intent (a deterministic
  reference number) → POST the label → journal its id → download → store (content-hashed)
  → print. An unknown outcome is resolved by looking the reference up before any new POST.
* **follow_ups**: order items linked (Return Portal Pro), ``boarding_complete`` after the last
  parcel, and the customs step — all queued in the outbox in one transaction.
* **done** (or *needs print* when a label is bought and stored but did not print).

The GUI and the command line share this service and differ only in how they ask and show:
methods return values (expected outcomes are values, not exceptions), and listeners receive
events (``StepReached``, ``ItemScanned``, ``LabelPrinted``, ``Notice``). Nothing here prints,
touches Qt or speaks HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from packstation.domain.barcodes import (
    BarcodeConfig,
    CodeKind,
    Gs1Decoder,
    Scan,
    display_code,
    parse_scan,
)
from packstation.domain.cycle import (
    LABEL_BOUGHT,
    LABEL_INTENT,
    LABEL_PRINTED,
    LABEL_STORED,
    AttemptStatus,
    CycleInterrupted,
    CyclePlan,
    CycleRecord,
    CycleStatus,
    CycleStep,
    JournalEvent,
    LabelAttempt,
    LabelFileMissing,
    NewOutboxEntry,
    OutboxCounts,
    OutboxKind,
    ParcelPlan,
    StoredLabel,
    VerificationPolicy,
    reference_number,
    station_key,
    step_reached,
)
from packstation.domain.errors import (
    AuthenticationFailed,
    Duplicate,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.orders import MerchantOrder, OrderNotInSource, OrderSourceError
from packstation.domain.packing import (
    NotPackableReason,
    PackingProgress,
    Parcel,
    ScanOutcome,
    ScanResult,
    not_packable_message,
    packability,
    plan_parcels,
)
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import PrinterError, PrintInterrupted, PrintOutcome, PrintResult
from packstation.domain.pudo import collection_point
from packstation.domain.shipping import (
    Address,
    Carrier,
    CollectionPoint,
    Label,
    LabelDocument,
    LabelFormat,
    LabelRequest,
    NewOrder,
    OrderState,
    Product,
    PudoSearch,
    SevenSendersOrder,
    Shipment,
    ShipmentFilter,
    ShipmentRequest,
    is_before,
)
from packstation.ports import (
    Journal,
    LabelArchive,
    LabelPrinter,
    OrderSource,
    PudoChoices,
    ShippingApi,
)
from packstation.services.customs_step import (
    CountryCustomsPolicy,
    CustomsPolicy,
    CustomsStep,
    RecordOnlyCustomsStep,
)
from packstation.services.outbox import OutboxService
from packstation.services.print_queue import JobBusy, JobNotFound, PrintQueue

log = logging.getLogger(__name__)

T = TypeVar("T")


# ---------------------------------------------------------------------- settings and events


@dataclass(frozen=True, slots=True)
class StationPolicy:
    """How this bench packs: plain values the composition root takes from the settings.

    Attributes:
        station_name: the bench's name (journalled, part of every reference number).
        packer_name: who packs (journalled).
        carrier: the carrier when the merchant order names none.
        label_format: forces a label format; by default the printer profile decides.
        verification: whether items must be scanned, may be skipped with a reason, or not.
        return_portal_pro: link order items to their shipment (Return Portal Pro).
        sender, warehouse, warehouse_address: printed on the label as the parcel's origin.
        label_post_attempts: label POSTs per parcel while 7S proves it sold none.
        retry_delay_s: the first wait between two such attempts (doubled each time).
        load_products: fetch product data (images) for the screen while items are scanned.
        in_preparation_wait_s: at most this long is spent, before buying a label, on an
            ``in_preparation`` that is still queued (normally it went out long before).
        own_label: the carrier labels are produced elsewhere: after the items are checked the
            packer scans each parcel's tracking barcode and the station registers the
            shipment at 7S (``POST /shipments``) instead of buying a label.
    """

    station_name: str = "station-1"
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
    load_products: bool = True
    in_preparation_wait_s: float = 2.0
    own_label: bool = False


class NoticeLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class StepReached:
    """A cycle step is journalled (label steps carry the parcel number)."""

    cycle_id: str
    order_id: str
    step: str
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
    outcome: str
    detail: str = ""
    reprint: bool = False


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the packer or shift lead should know."""

    level: NoticeLevel
    message: str
    order_id: str | None = None


PackingEvent = StepReached | ItemScanned | LabelPrinted | Notice
Listener = Callable[[PackingEvent], None]


# ---------------------------------------------------------------------- results


class OpenOutcome(StrEnum):
    OPENED = "opened"  # a new cycle: scan the items next
    CONTINUED = "continued"  # an unfinished cycle of this order was picked up again
    ALREADY_PACKED = "already_packed"  # its labels exist: offer a reprint, never a new label
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


@dataclass(frozen=True, slots=True)
class FinishRefused:
    """``finish`` was asked too early: items are still missing (nothing was bought)."""

    order_id: str
    message: str
    remaining: tuple[tuple[str, int], ...]  # (sku, units still to scan)
    tracking_code: str | None = None  # own-label mode: the tracking code that was refused


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
    print_outcome: str | None = None


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
    warnings: tuple[str, ...] = ()

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


@dataclass(frozen=True, slots=True)
class ReprintItem:
    order_id: str
    parcel: int
    parcels: int
    tracking_code: str
    printed: bool
    outcome: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ReprintReport:
    query: str
    items: tuple[ReprintItem, ...]
    message: str = ""

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
class ScanReply:
    """What one scan did, whatever it was (the GUI's single entry point for scans)."""

    scan: Scan
    opened: OpenResult | None = None
    item: ScanResult | None = None
    command: str | None = None  # a command barcode: the caller acts on it
    tracking_code: str | None = None  # own-label mode: a carrier label's tracking barcode
    message: str = ""


# ---------------------------------------------------------------------- the session


class OrderSession:
    """The order on the bench, as the screen shows it (read-only outside the service)."""

    def __init__(self, record: CycleRecord, order: MerchantOrder, progress: PackingProgress):
        self.record = record
        self.order = order
        self.progress = progress
        self.parcels: tuple[Parcel, ...] = ()
        self.sevensenders: SevenSendersOrder | None = None
        self.products: dict[str, Product] = {}
        self.collection_point: CollectionPoint | None = None
        self.customs_needed = False
        self.attempts: list[LabelAttempt] = []
        self.documents: dict[str, LabelDocument] = {}  # reference → file, while printing
        self.warnings: list[str] = []
        self.customs_ids: list[str] = []
        self.load_task: asyncio.Task[None] | None = None
        self.extras_task: asyncio.Task[None] | None = None
        #: labels stored by this very run: their print is fresh, not one left by a crash
        self.stored_now: set[str] = set()
        self.own_label = record.plan.own_label if record.plan is not None else False
        self.own_label_codes: dict[int, str] = {}  # parcel number → tracking code scanned

    @property
    def cycle_id(self) -> str:
        return self.record.cycle_id

    @property
    def order_id(self) -> str:
        return self.record.order_id

    @property
    def status(self) -> CycleStatus:
        return self.record.status

    @property
    def step(self) -> CycleStep:
        return self.record.step

    @property
    def skip_reason(self) -> str | None:
        return self.record.skip_reason

    @property
    def loaded(self) -> bool:
        return step_reached(self.record.step, CycleStep.LOADED)

    @property
    def seven_senders_state(self) -> str | None:
        return self.sevensenders.state if self.sevensenders else None

    @property
    def ready_to_finish(self) -> bool:
        return self.progress.complete or self.record.skip_reason is not None

    def latest_attempt(self, parcel_no: int) -> LabelAttempt | None:
        mine = [a for a in self.attempts if a.parcel_no == parcel_no]
        return max(mine, key=lambda a: a.generation) if mine else None

    def _keep(self, attempt: LabelAttempt) -> None:
        self.attempts = [
            a for a in self.attempts if a.reference_number != attempt.reference_number
        ] + [attempt]


def _now() -> datetime:
    return datetime.now(UTC)


class PackingService:
    """Packs orders: the one service behind the packing screen and ``packstation pack``.

    Args:
        api: Seven Senders.
        orders: the merchant's order source.
        printer: the bench printer.
        journal: the durable record (cycles, label attempts, events).
        archive: where label files are kept for reprints.
        outbox: delivers deferred calls; the service only enqueues (through the journal,
            atomically with the step that makes them due) and wakes it.
        barcodes, gs1: how scans are read.
        policy: the bench's packing rules.
        customs_policy, customs_step: the customs seam (default: CH, GB, NO; record only).
        on_step: called after each step is journalled (the test kill hook uses it).
        clock, sleep: injectable time.
        print_queue: when given, labels go to the printer through it: a label the printer
            cannot take now is *held* there and printed when the printer recovers (the
            cycle is "needs print" until then); without it they go to ``printer`` directly.
    """

    def __init__(
        self,
        *,
        api: ShippingApi,
        orders: OrderSource,
        printer: LabelPrinter,
        journal: Journal,
        archive: LabelArchive,
        outbox: OutboxService,
        barcodes: BarcodeConfig | None = None,
        gs1: Gs1Decoder | None = None,
        policy: StationPolicy | None = None,
        customs_policy: CustomsPolicy | None = None,
        customs_step: CustomsStep | None = None,
        on_step: Callable[[StepReached], None] | None = None,
        clock: Callable[[], datetime] = _now,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        pudo_choices: PudoChoices | None = None,
        print_queue: PrintQueue | None = None,
    ) -> None:
        self._api = api
        self._queue = print_queue
        self._inline_prints: set[str] = set()  # references printed by the cycle itself
        self._print_tasks: set[asyncio.Task[None]] = set()
        if print_queue is not None:
            print_queue.subscribe(self._on_print_job)
        self._pudo_choices = pudo_choices
        self._orders = orders
        self._printer = printer
        self._journal = journal
        self._archive = archive
        self._outbox = outbox
        self._barcodes = barcodes or BarcodeConfig()
        self._gs1 = gs1
        self._policy = policy or StationPolicy()
        self._customs_policy: CustomsPolicy = customs_policy or CountryCustomsPolicy.of()
        self._customs_step: CustomsStep = customs_step or RecordOnlyCustomsStep()
        self._on_step = on_step
        self._clock = clock
        self._sleep = sleep
        self._listeners: list[Listener] = []
        self._current: OrderSession | None = None
        self._lock = asyncio.Lock()
        self._key: str | None = None

    # ------------------------------------------------------------------ observing

    @property
    def current(self) -> OrderSession | None:
        """The order on the bench, if any."""
        return self._current

    @property
    def outbox(self) -> OutboxService:
        return self._outbox

    @property
    def policy(self) -> StationPolicy:
        return self._policy

    @property
    def printer(self) -> LabelPrinter:
        return self._printer

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Receive every ``PackingEvent``; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def outbox_counts(self) -> OutboxCounts:
        return await self._outbox.counts()

    def label_format(self, order: MerchantOrder | None = None) -> LabelFormat:
        """The label format this bench buys: the override, else what the printer prints."""
        return self._policy.label_format or self._printer.profile.label_format()

    def carrier_for(self, order: MerchantOrder) -> Carrier | None:
        """The merchant order's carrier, else the station's."""
        return order.carrier or self._policy.carrier

    # ------------------------------------------------------------------ scanning

    async def scan(self, raw: str) -> ScanReply:
        """One scan of any kind: opens an order, counts an item, or hands back a command.

        With no order on the bench (or the last one finished) an order barcode opens it;
        with an order being packed every other scan is an item of it. A command barcode is
        returned for the caller to act on (finish, reprint, …).
        """
        scan = self._parse(raw)
        if scan.kind is CodeKind.COMMAND:
            await self._journal.append(
                JournalEvent(
                    kind="scan",
                    order_id=self._current.order_id if self._current else None,
                    detail={"code": display_code(scan.value), "kind": "command"},
                )
            )
            return ScanReply(scan=scan, command=scan.command)
        session = self._current
        packing = session is not None and session.status is CycleStatus.PACKING
        if scan.kind is CodeKind.ORDER and (
            not packing or (session is not None and scan.order_id == session.order_id)
        ):
            if session is not None and packing and scan.order_id == session.order_id:
                return ScanReply(
                    scan=scan,
                    message=f"Order {session.order_id} is already open: scan its items.",
                )
            opened = await self.open_order(raw)
            return ScanReply(scan=scan, opened=opened, message=opened.message)
        if (
            session is not None
            and packing
            and (self._policy.own_label or session.own_label)
            and session.ready_to_finish
            and scan.kind is not CodeKind.ORDER
            and tracking_code_of(scan)
        ):
            code = tracking_code_of(scan)
            await self._journal.append(
                JournalEvent(
                    kind="scan",
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={"code": display_code(code), "kind": "tracking_code"},
                )
            )
            return ScanReply(
                scan=scan,
                tracking_code=code,
                message=f"Tracking code {display_code(code)} read: finish to register the "
                "shipment with it.",
            )
        if session is None or not packing:
            message = scan.error or f"{display_code(scan.value or raw)} is not an order barcode."
            await self._journal.append(
                JournalEvent(
                    kind="scan",
                    detail={"code": display_code(scan.value or raw), "kind": scan.kind.value},
                )
            )
            return ScanReply(scan=scan, message=f"Scan an order first. {message}")
        result = await self.scan_item(raw)
        return ScanReply(scan=scan, item=result, message=result.message)

    async def open_order(self, barcode: str) -> OpenResult:
        """Read an order barcode and put the order on the bench (see ``OpenOutcome``)."""
        scan = self._parse(barcode)
        await self._journal.append(
            JournalEvent(
                kind="scan",
                order_id=scan.order_id,
                detail={"code": display_code(scan.value or barcode), "kind": scan.kind.value},
            )
        )
        if scan.kind is not CodeKind.ORDER or not scan.order_id:
            text = scan.error or f"{display_code(scan.value or barcode)} is not an order barcode."
            return OpenResult(OpenOutcome.NOT_AN_ORDER, None, text)
        async with self._lock:
            return await self._open(scan.order_id)

    async def scan_item(self, code: str) -> ScanResult:
        """Count one item scan against the order on the bench."""
        scan = self._parse(code)
        async with self._lock:
            session = self._current
            if session is None or session.status is not CycleStatus.PACKING:
                order_id = session.order_id if session else ""
                result = ScanResult(
                    outcome=ScanOutcome.NOT_PACKABLE,
                    code=display_code(scan.value or code),
                    order_id=order_id,
                    message="No order is being packed: scan an order first.",
                )
                await self._journal.append(
                    JournalEvent(
                        kind="scan",
                        order_id=order_id or None,
                        detail={"code": result.code, "outcome": result.outcome.value},
                    )
                )
                return result
            progress, result = session.progress.apply(scan)
            event = JournalEvent(
                kind="scan",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={
                    "code": result.code,
                    "kind": scan.kind.value,
                    "outcome": result.outcome.value,
                    "sku": result.sku,
                    "message": result.message,
                },
            )
            session.progress = progress
            if result.counted:
                session.record = replace(
                    session.record, scanned=progress.scanned, updated_at=self._clock()
                )
                await self._journal.save_cycle(session.record, event)
            else:
                await self._journal.append(event)
            self._emit(
                ItemScanned(
                    order_id=session.order_id,
                    result=result,
                    units_scanned=progress.units_scanned,
                    units_total=progress.units_total,
                )
            )
            return result

    async def skip_verification(self, reason: str) -> None:
        """Count every item without scanning, with the packer's reason (if the policy allows)."""
        text = " ".join(reason.split())
        if not text:
            raise ValueError("a reason is needed to skip the item check")
        if self._policy.verification is VerificationPolicy.REQUIRED:
            raise ValueError("this station's policy requires every item to be scanned")
        async with self._lock:
            session = self._require_packing()
            session.progress = session.progress.skip_all()
            session.record = replace(session.record, skip_reason=text, updated_at=self._clock())
            await self._journal.save_cycle(
                session.record,
                JournalEvent(
                    kind="verification_skipped",
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={"reason": text, "packer": self._policy.packer_name},
                ),
            )

    async def set_parcels(
        self, count: int, weights_g: Sequence[int] | None = None
    ) -> tuple[Parcel, ...]:
        """Set the parcels of the order on the bench (raises ValueError with a plain message)."""
        async with self._lock:
            session = self._require_packing()
            total = session.order.weight_g if weights_g is None else None
            try:
                parcels = plan_parcels(count, weights_g, total)
            except ValueError:
                if weights_g is not None:
                    raise
                parcels = plan_parcels(count)  # the order's weight does not split: no weights
            session.parcels = parcels
            session.record = replace(
                session.record, plan=self._plan(session), updated_at=self._clock()
            )
            await self._journal.save_cycle(
                session.record,
                JournalEvent(
                    kind="parcels",
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={"parcels": [[p.number, p.count, p.weight_g] for p in parcels]},
                ),
            )
            return parcels

    async def finish(
        self, tracking_codes: Sequence[str] | None = None
    ) -> CycleReport | FinishRefused:
        """The packer is done: buy, store and print one label per parcel, queue the rest.

        Own-label mode (the station setting, or ``tracking_codes`` given): one tracking code
        per parcel, as scanned from the carrier labels printed elsewhere; the station
        registers each parcel as a 7S shipment instead of buying a label. A tracking code
        used before (here or at 7S) is refused (``FinishRefused.tracking_code``).

        Raises ``CycleInterrupted`` when 7S cannot be reached or refuses the label; the cycle
        stays in flight and ``resume`` (or scanning the order again) finishes it.
        """
        async with self._lock:
            session = self._current
            if session is None:
                raise LookupError("no order is on the bench")
            if session.status is CycleStatus.PACKING and not session.ready_to_finish:
                remaining = tuple((line.sku, left) for line, left in session.progress.remaining)
                missing = sum(left for _, left in remaining)
                return FinishRefused(
                    session.order_id,
                    f"{missing} item(s) of order {session.order_id} are not scanned yet: "
                    + ", ".join(f"{sku} ×{left}" for sku, left in remaining),
                    remaining,
                )
            if tracking_codes is not None or self._policy.own_label or session.own_label:
                refused = await self._own_label_codes(session, tracking_codes or ())
                if refused is not None:
                    return refused
            return await self._finish(session)

    async def cancel(self, reason: str) -> None:
        """Take the order off the bench unfinished (only before any label was bought)."""
        async with self._lock:
            session = self._current
            if session is None:
                return
            # the background load must not write the cycle back as "packing" afterwards
            await _stop(session.load_task, session.extras_task)
            await self._abandon(session.record, reason)
            self._current = None

    # ------------------------------------------------------------------ in flight, resume

    async def in_flight(self) -> list[InFlight]:
        """Cycles left unfinished, oldest first, with what is left to do."""
        found: list[InFlight] = []
        for record in reversed(await self._journal.cycles(in_flight_only=True, limit=500)):
            attempts = tuple(await self._journal.attempts(record.cycle_id))
            waiting = record.status is CycleStatus.PACKING and not _verified(record)
            found.append(InFlight(record, attempts, _what_is_left(record, attempts), waiting))
        return found

    async def resume(self, cycle_id: str | None = None) -> list[ResumeResult]:
        """Finish cycles left in flight (all, or one): never buying twice, printing once.

        Cycles whose items were not all checked wait for the packer (scan the order again).
        """
        results: list[ResumeResult] = []
        for item in await self.in_flight():
            record = item.cycle
            if cycle_id is not None and record.cycle_id != cycle_id:
                continue
            if item.waiting_for_packer:
                results.append(
                    ResumeResult(
                        record.cycle_id,
                        record.order_id,
                        problem=f"Order {record.order_id}: {item.what_is_left}; scan the order "
                        "again to continue packing it.",
                        waiting_for_packer=True,
                    )
                )
                continue
            async with self._lock:
                try:
                    session = await self._restore(record)
                    report = await self._finish(session)
                except CycleInterrupted as exc:
                    results.append(
                        ResumeResult(
                            record.cycle_id,
                            record.order_id,
                            problem=exc.message,
                            unresolved=exc.unresolved,
                        )
                    )
                    continue
            results.append(ResumeResult(record.cycle_id, record.order_id, report=report))
        return results

    async def abandon(self, cycle_id: str, reason: str) -> None:
        """Give up an unfinished cycle on purpose (refused once a label exists: void it first)."""
        async with self._lock:
            record = await self._journal.cycle(cycle_id)
            if record is None:
                raise LookupError(f"no cycle {cycle_id}")
            await self._abandon(record, reason)
            if self._current is not None and self._current.cycle_id == cycle_id:
                self._current = None

    async def report(self, cycle_id: str) -> CycleReport:
        record = await self._journal.cycle(cycle_id)
        if record is None:
            raise LookupError(f"no cycle {cycle_id}")
        session = await self._restore(record, start_loading=False)
        return self._report(session)

    # ------------------------------------------------------------------ reprint and void

    async def reprint(self, order_or_tracking: str, reason: str = "") -> ReprintReport:
        """Print stored labels again (an order's, or one tracking code's): never a new label.

        ``reason`` (the packer's, from the bench window) is journalled with each reprint.
        """
        query = order_or_tracking.strip()
        async with self._lock:
            attempts = await self._journal.find_attempts(query)
            live = [a for a in attempts if a.live]
            if any(a.tracking_code == query for a in live):
                live = [a for a in live if a.tracking_code == query]
            elif live:
                newest = live[0].cycle_id
                live = [a for a in live if a.cycle_id == newest]
            if not live:
                return ReprintReport(
                    query, (), f"There is no label of {query} to reprint at this station."
                )
            items: list[ReprintItem] = []
            for attempt in sorted(live, key=lambda a: a.parcel_no):
                items.append(await self._reprint_one(attempt, reason))
            return ReprintReport(query, tuple(items))

    async def void(
        self, tracking_code: str, reason: str, *, replace_label: bool = False
    ) -> VoidReport:
        """Cancel a label at 7S with a reason; ``replace_label`` buys and prints the next one.

        The parcel's next label gets the next void generation in its reference number.
        """
        text = " ".join(reason.split())
        if not text:
            raise ValueError("a reason is needed to void a label")
        code = tracking_code.strip()
        async with self._lock:
            attempt = next(
                (a for a in await self._journal.find_attempts(code) if a.tracking_code == code),
                None,
            )
            if attempt is None:
                raise LookupError(f"no label with tracking code {code} was bought at this station")
            if attempt.status is AttemptStatus.VOIDED:
                return VoidReport(code, attempt.order_id, attempt.parcel_no, text, True)
            own = attempt.print_outcome == OWN_LABEL and attempt.label_id is None
            if own and replace_label:
                raise ValueError(
                    f"{code} was printed outside the station: void it without a replacement "
                    "and register the new label's tracking code."
                )
            if attempt.label_id is None and not (own and attempt.shipment_id):
                raise LookupError(f"the label {code} has no 7S label id in the journal")
            await self._journal.append(
                JournalEvent(
                    kind="label_void_intent",
                    order_id=attempt.order_id,
                    cycle_id=attempt.cycle_id,
                    detail={"tracking_code": code, "label_id": attempt.label_id, "reason": text},
                )
            )
            with contextlib.suppress(NotFound):  # already gone at 7S: it is void either way
                if own and attempt.shipment_id:
                    await self._api.delete_shipment(attempt.shipment_id)
                elif attempt.label_id is not None:
                    await self._api.delete_label(attempt.label_id)
            voided = replace(
                attempt, status=AttemptStatus.VOIDED, void_reason=text, updated_at=self._clock()
            )
            await self._journal.save_attempt(
                voided,
                JournalEvent(
                    kind="label_voided",
                    order_id=attempt.order_id,
                    cycle_id=attempt.cycle_id,
                    detail={
                        "tracking_code": code,
                        "label_id": attempt.label_id,
                        "reason": text,
                        "parcel": attempt.parcel_no,
                        "generation": attempt.generation,
                    },
                ),
            )
            self._sync(voided)
            replacement = None
            if replace_label:
                record = await self._journal.cycle(attempt.cycle_id)
                if record is None:
                    raise LookupError(f"the cycle of {code} is not in the journal")
                session = await self._restore(record, start_loading=False)
                report = await self._replace_parcel(session, attempt.parcel_no)
                replacement = next(p for p in report.parcels if p.number == attempt.parcel_no)
            return VoidReport(
                code, attempt.order_id, attempt.parcel_no, text, replacement=replacement
            )

    # ------------------------------------------------------------------ opening

    def _parse(self, raw: str) -> Scan:
        return parse_scan(raw, self._barcodes, self._gs1)

    def _require_packing(self) -> OrderSession:
        session = self._current
        if session is None or session.status is not CycleStatus.PACKING:
            raise LookupError("no order is being packed")
        return session

    async def _station_key(self) -> str:
        if self._key is None:
            self._key = station_key(self._policy.station_name, await self._journal.station_uid())
        return self._key

    async def _open(self, order_id: str) -> OpenResult:
        previous = await self._journal.latest_cycle(order_id)
        if previous is not None and previous.status is CycleStatus.DONE:
            attempts = await self._journal.attempts(previous.cycle_id)
            live = tuple(a for a in attempts if a.live)
            parcels = previous.plan.parcels if previous.plan else ()
            missing = [p.number for p in parcels if not any(a.parcel_no == p.number for a in live)]
            message = (
                f"Order {order_id} is already packed ({len(live)} label(s)). Reprint its "
                "labels instead; a new label is never bought for a packed order."
            )
            if missing:
                message += (
                    f" Parcel(s) {', '.join(map(str, missing))} had their label voided: void "
                    "with a replacement to get a new one."
                )
            await self._journal.append(
                JournalEvent(
                    kind="already_packed",
                    order_id=order_id,
                    cycle_id=previous.cycle_id,
                    detail={"labels": [a.tracking_code for a in live]},
                )
            )
            return OpenResult(OpenOutcome.ALREADY_PACKED, order_id, message, labels=live)

        if previous is not None and previous.status.in_flight:
            session = await self._restore(previous)
            self._current = session
            what = (
                "continue scanning its items"
                if previous.status is CycleStatus.PACKING
                else "its labels are finished next"
            )
            await self._journal.append(
                JournalEvent(kind="cycle_continued", order_id=order_id, cycle_id=previous.cycle_id)
            )
            return OpenResult(
                OpenOutcome.CONTINUED,
                order_id,
                f"Order {order_id} was left unfinished: {what}.",
                session=session,
            )

        merchant_result, seven_result = await asyncio.gather(
            self._orders.get_order(order_id),
            self._api.find_order(order_id),
            return_exceptions=True,
        )
        if isinstance(merchant_result, BaseException):
            return await self._refuse_source(order_id, merchant_result, seven_result)
        merchant = merchant_result
        seven: SevenSendersOrder | None = None
        warnings: list[str] = []
        if isinstance(seven_result, ShippingApiError):
            warnings.append(
                f"Seven Senders could not be asked about order {order_id} yet ({seven_result}); "
                "the station keeps trying while the items are scanned."
            )
        elif isinstance(seven_result, BaseException):
            raise seven_result
        else:
            seven = seven_result
            reason = packability(seven.state if seven else None)
            if reason is not None:
                message = not_packable_message(order_id, reason)
                await self._journal.append(
                    JournalEvent(
                        kind="not_packable",
                        order_id=order_id,
                        detail={"reason": reason.value, "state": seven.state if seven else None},
                    )
                )
                return OpenResult(OpenOutcome.NOT_PACKABLE, order_id, message, reason=reason)

        now = self._clock()
        record = CycleRecord(
            cycle_id=uuid.uuid4().hex,
            order_id=order_id,
            station=self._policy.station_name,
            status=CycleStatus.PACKING,
            step=CycleStep.SCANNED,
            created_at=now,
            updated_at=now,
            order=merchant,
            sevensenders_id=seven.id if seven else None,
            scanned=(0,) * len(merchant.lines),
        )
        if self._policy.verification is VerificationPolicy.OFF:
            record = replace(
                record,
                skip_reason="station policy: items are not scanned",
                scanned=PackingProgress.start(merchant).skip_all().scanned,
            )
        session = OrderSession(record, merchant, PackingProgress(merchant, record.scanned))
        session.sevensenders = seven
        session.warnings.extend(warnings)
        session.parcels = self._default_parcels(merchant)
        session.customs_needed = self._customs_policy(merchant)
        session.record = replace(record, plan=self._plan(session))
        await self._journal.save_cycle(
            session.record,
            JournalEvent(
                kind="cycle_opened",
                order_id=order_id,
                cycle_id=record.cycle_id,
                detail={
                    "station": self._policy.station_name,
                    "packer": self._policy.packer_name,
                    "sevensenders_state": seven.state if seven else None,
                    "units": merchant.units,
                    "customs_needed": session.customs_needed,
                },
            ),
        )
        self._step(session, CycleStep.SCANNED.value)
        for warning in warnings:
            self._emit(Notice(NoticeLevel.WARNING, warning, order_id))
        self._current = session
        self._start_loading(session)
        return OpenResult(
            OpenOutcome.OPENED,
            order_id,
            f"Order {order_id}: scan the items ({merchant.units} unit(s)).",
            session=session,
        )

    async def _refuse_source(
        self, order_id: str, error: BaseException, seven: object
    ) -> OpenResult:
        if isinstance(error, OrderNotInSource):
            reason = NotPackableReason.UNKNOWN_ORDER
            message = not_packable_message(order_id, reason)
            if isinstance(seven, SevenSendersOrder):
                message = (
                    f"Order {order_id} is not in the merchant's order data (Seven Senders knows "
                    "it, but the recipient comes from the merchant); it cannot be packed yet."
                )
            await self._journal.append(
                JournalEvent(kind="not_packable", order_id=order_id, detail={"reason": "unknown"})
            )
            return OpenResult(OpenOutcome.NOT_PACKABLE, order_id, message, reason=reason)
        if isinstance(error, OrderSourceError):
            await self._journal.append(
                JournalEvent(
                    kind="order_source_problem", order_id=order_id, detail={"error": str(error)}
                )
            )
            return OpenResult(
                OpenOutcome.SOURCE_PROBLEM,
                order_id,
                f"The merchant's data for order {order_id} cannot be read: {error}",
            )
        raise error

    def _default_parcels(self, order: MerchantOrder) -> tuple[Parcel, ...]:
        count = max(1, order.parcels)
        try:
            return plan_parcels(count, total_weight_g=order.weight_g)
        except ValueError:
            return plan_parcels(count)

    def _plan(self, session: OrderSession) -> CyclePlan | None:
        carrier = self.carrier_for(session.order)
        if carrier is None:
            return None
        return CyclePlan(
            parcels=tuple(ParcelPlan(p.number, p.count, p.weight_g) for p in session.parcels),
            label_format=self.label_format(session.order),
            carrier=carrier,
            skip_reason=session.record.skip_reason,
            own_label=session.own_label or self._policy.own_label,
        )

    async def _restore(self, record: CycleRecord, *, start_loading: bool = True) -> OrderSession:
        """Rebuild a session from the journal (after a crash, or to finish a cycle)."""
        if self._current is not None and self._current.cycle_id == record.cycle_id:
            return self._current
        if record.order is None:
            raise CycleInterrupted(f"The journal holds no order data for {record.order_id}.")
        order = record.order
        scanned = record.scanned if len(record.scanned) == len(order.lines) else None
        progress = PackingProgress(order, scanned) if scanned else PackingProgress.start(order)
        session = OrderSession(record, order, progress)
        if record.plan is not None:
            session.parcels = tuple(
                Parcel(p.number, p.count, p.weight_g) for p in record.plan.parcels
            )
        else:
            session.parcels = self._default_parcels(order)
        session.customs_needed = self._customs_policy(order)
        session.attempts = await self._journal.attempts(record.cycle_id)
        if start_loading and record.status is CycleStatus.PACKING:
            self._start_loading(session)
        return session

    # ------------------------------------------------------------------ loading (background)

    def _start_loading(self, session: OrderSession) -> None:
        if not session.loaded:
            session.load_task = asyncio.create_task(
                self._load(session), name=f"load {session.order_id}"
            )
            session.load_task.add_done_callback(_consume_exception)
        if self._policy.load_products and session.extras_task is None:
            session.extras_task = asyncio.create_task(
                self._load_products(session), name=f"products {session.order_id}"
            )
            session.extras_task.add_done_callback(_consume_exception)

    async def _loaded(self, session: OrderSession) -> None:
        """Make sure the ``loaded`` step is done: await the background load, or redo it."""
        task = session.load_task
        if task is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(task)
        if not session.loaded:
            try:
                await self._load(session)
            except ShippingApiError as exc:
                raise CycleInterrupted(
                    f"Order {session.order_id} could not be prepared at Seven Senders: {exc}"
                ) from None
        elif session.order.pudo_id and session.collection_point is None:
            session.collection_point = await self._collection_point(session.order)

    async def _load(self, session: OrderSession) -> None:
        seven = await self._ensure_order(session.order)
        session.sevensenders = seven
        enqueue: list[NewOutboxEntry] = []
        if is_before(seven.state, OrderState.IN_PREPARATION):
            enqueue.append(
                NewOutboxEntry(
                    session.order_id,
                    OutboxKind.ORDER_STATE,
                    {"state": OrderState.IN_PREPARATION.value},
                    session.cycle_id,
                )
            )
        await self._station_point(session)
        if session.order.pudo_id and session.collection_point is None:
            session.collection_point = await self._collection_point(session.order)
        if session.loaded:
            return
        session.record = replace(
            session.record,
            step=CycleStep.LOADED,
            sevensenders_id=seven.id,
            updated_at=self._clock(),
        )
        await self._journal.save_cycle(
            session.record,
            JournalEvent(
                kind="cycle_step",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={
                    "step": CycleStep.LOADED.value,
                    "sevensenders_id": seven.id,
                    "sevensenders_state": seven.state,
                    "queued": [e.payload.get("state") for e in enqueue],
                },
            ),
            enqueue,
        )
        if enqueue:
            self._outbox.wake()
        self._step(session, CycleStep.LOADED.value)

    async def _ensure_order(self, order: MerchantOrder) -> SevenSendersOrder:
        """The 7S order: looked up, created if absent (idempotent: looked up again on doubt)."""
        found = await self._api.find_order(order.order_id)
        if found is not None:
            return found
        new = NewOrder(
            order_id=order.order_id,
            order_date=order.order_date,
            order_url=order.order_url,
            language=order.language,
            tags=order.tags,
            boarding_complete=False if order.parcels > 1 else None,
        )
        await self._journal.append(
            JournalEvent(
                kind="api_intent", order_id=order.order_id, detail={"call": "create order"}
            )
        )
        try:
            created = await self._api.create_order(new)
        except (Duplicate, OutcomeUnknown) as exc:
            found = await self._api.find_order(order.order_id)
            await self._journal.append(
                JournalEvent(
                    kind="api_outcome",
                    order_id=order.order_id,
                    detail={
                        "call": "create order",
                        "outcome": type(exc).__name__,
                        "found": found is not None,
                    },
                )
            )
            if found is None:
                raise
            return found
        await self._journal.append(
            JournalEvent(
                kind="api_outcome",
                order_id=order.order_id,
                detail={"call": "create order", "outcome": "created", "id": created.id},
            )
        )
        return created

    async def _collection_point(self, order: MerchantOrder) -> CollectionPoint | None:
        """The order's PUDO point with its name and address for the label (id only if unknown)."""
        assert order.pudo_id is not None
        point = CollectionPoint(pudo_id=order.pudo_id)
        carrier = self.carrier_for(order)
        if carrier is None:
            return point
        try:
            found = await self._api.search_pudo(
                PudoSearch.by_address(
                    (carrier.name,),
                    order.recipient.country,
                    order.recipient.zip,
                    max_results=50,
                )
            )
        except ShippingApiError as exc:
            log.info("PUDO details of %s not found (%s); sending its id only", order.pudo_id, exc)
            return point
        for location in found:
            if location.location_id == order.pudo_id:
                return CollectionPoint(
                    pudo_id=order.pudo_id,
                    name1=location.name,
                    name2=location.alternative_name,
                    street=location.street or location.address_line,
                    house_no=location.house_no,
                    zip=location.zip,
                    city=location.city,
                    country=location.country,
                )
        return point

    async def _station_point(self, session: OrderSession) -> None:
        """A pick-up point chosen at the station overrides the order's own ``pudo_id``."""
        if self._pudo_choices is None:
            return
        choice = await self._pudo_choices.choice(session.order_id)
        if choice is not None:
            session.collection_point = collection_point(choice.location)

    async def _load_products(self, session: OrderSession) -> None:
        async def one(sku: str) -> None:
            try:
                session.products[sku] = await self._api.get_product(sku)
            except ShippingApiError as exc:
                log.info("no product data for %s: %s", sku, exc)

        await asyncio.gather(*(one(line.sku) for line in session.order.lines))

    # ------------------------------------------------------------------ finishing

    async def _finish(self, session: OrderSession) -> CycleReport:
        self._current = session
        try:
            return await self._finish_steps(session)
        except CycleInterrupted as exc:
            session.record = replace(session.record, note=exc.message, updated_at=self._clock())
            await self._journal.save_cycle(
                session.record,
                JournalEvent(
                    kind="cycle_interrupted",
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={"problem": exc.message, "unresolved": exc.unresolved},
                ),
            )
            self._emit(Notice(NoticeLevel.ERROR, exc.message, session.order_id))
            raise

    async def _finish_steps(self, session: OrderSession) -> CycleReport:
        await self._loaded(session)
        await self._station_point(session)  # a point chosen while the order was on the bench
        if not step_reached(session.step, CycleStep.ITEMS_VERIFIED):
            await self._advance(
                session,
                CycleStep.ITEMS_VERIFIED,
                {
                    "scanned": session.progress.units_scanned,
                    "units": session.progress.units_total,
                    "skip_reason": session.record.skip_reason,
                },
            )
        if not step_reached(session.step, CycleStep.PARCELS_SET):
            plan = self._plan(session)
            if plan is None:
                raise CycleInterrupted(
                    f"Order {session.order_id} names no carrier and the station has none "
                    "configured (setting carrier, e.g. dhl:DE)."
                )
            session.record = replace(session.record, plan=plan, status=CycleStatus.FINISHING)
            await self._advance(
                session,
                CycleStep.PARCELS_SET,
                {
                    "parcels": len(plan.parcels),
                    "format": plan.label_format.value,
                    "carrier": str(plan.carrier),
                },
            )
        plan = session.record.plan
        assert plan is not None
        if not step_reached(session.step, CycleStep.LABELS):
            await self._before_labels(session)
            await self._labels(session, plan)
            await self._advance(session, CycleStep.LABELS, {"parcels": len(plan.parcels)})
        else:  # labels were bought earlier: only prints may be missing (voided ones stay so)
            for parcel in plan.parcels:
                latest = session.latest_attempt(parcel.number)
                if latest is None or latest.status is not AttemptStatus.VOIDED:
                    await self._parcel(session, parcel, plan)
        if not step_reached(session.step, CycleStep.FOLLOW_UPS):
            await self._follow_ups(session, plan)
        all_printed = all(
            (a := session.latest_attempt(p.number)) is not None
            and a.status is AttemptStatus.PRINTED
            for p in plan.parcels
        )
        status = CycleStatus.DONE if all_printed else CycleStatus.NEEDS_PRINT
        if session.step is not CycleStep.DONE or session.status is not status:
            session.record = replace(session.record, status=status, note="")
            await self._advance(session, CycleStep.DONE, {"status": status.value}, force=True)
        return self._report(session)

    async def _advance(
        self,
        session: OrderSession,
        step: CycleStep,
        detail: Mapping[str, Any],
        enqueue: Sequence[NewOutboxEntry] = (),
        *,
        force: bool = False,
    ) -> None:
        if step_reached(session.step, step) and not force:
            return
        session.record = replace(session.record, step=step, updated_at=self._clock())
        await self._journal.save_cycle(
            session.record,
            JournalEvent(
                kind="cycle_step",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={"step": step.value, **detail},
            ),
            enqueue,
        )
        self._step(session, step.value)

    async def _before_labels(self, session: OrderSession) -> None:
        """``in_preparation`` should reach 7S before the label moves the order to shipped."""
        if not await self._outbox.pending_for(session.order_id):
            return
        delivered = await self._outbox.flush_order(
            session.order_id, self._policy.in_preparation_wait_s
        )
        if not delivered:
            session.warnings.append(
                f"The order state for {session.order_id} is still waiting in the outbox; it "
                "is sent when Seven Senders answers again."
            )

    # ------------------------------------------------------------------ one parcel

    async def _labels(self, session: OrderSession, plan: CyclePlan) -> None:
        """One label per parcel; several parcels are bought side by side, printed in order.

        Each parcel still goes intent → POST → id → download → store on its own, so a crash
        or an unknown outcome is resolved per parcel exactly as for one. Only the waiting
        overlaps: parcel 2's label is bought while parcel 1's is downloaded and printed.
        """
        if plan.own_label or len(plan.parcels) == 1:
            for parcel in plan.parcels:
                await self._parcel(session, parcel, plan)
            return
        gate = asyncio.Semaphore(LABELS_AT_ONCE)

        async def obtain(parcel: ParcelPlan) -> tuple[LabelAttempt, LabelDocument | None]:
            async with gate:
                return await self._obtain(session, parcel, plan)

        tasks = [
            asyncio.create_task(obtain(parcel), name=f"label {session.order_id} {parcel.number}")
            for parcel in plan.parcels
        ]
        try:
            for task in tasks:  # print in parcel order, as each label arrives
                attempt, document = await task
                if attempt.status is AttemptStatus.STORED:
                    assert document is not None
                    await self._print(session, attempt, document)
        finally:
            # a failed parcel stops the printing; the other purchases still end (and are
            # journalled) before the cycle is reported interrupted
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _parcel(self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan) -> None:
        if plan.own_label:
            await self._own_label_parcel(session, parcel, plan)
            return
        attempt, document = await self._obtain(session, parcel, plan)
        if attempt.status is AttemptStatus.STORED:
            assert document is not None
            await self._print(session, attempt, document)

    async def _obtain(
        self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan
    ) -> tuple[LabelAttempt, LabelDocument | None]:
        """The parcel's label bought and stored (whatever step it had reached), and its file."""
        attempt = session.latest_attempt(parcel.number)
        if attempt is None or attempt.status in (AttemptStatus.VOIDED, AttemptStatus.ABANDONED):
            generation = attempt.generation + 1 if attempt is not None else 0
            attempt = await self._buy(session, parcel, plan, generation)
        elif attempt.status is AttemptStatus.INTENT:
            attempt = await self._resolve_and_buy(session, attempt)
        document = session.documents.pop(attempt.reference_number, None)
        if attempt.status is AttemptStatus.BOUGHT:
            attempt, document = await self._download_and_store(session, attempt)
        elif attempt.status is AttemptStatus.STORED:
            document = await self._stored_document(session, attempt)
        return attempt, document

    async def _buy(
        self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan, generation: int
    ) -> LabelAttempt:
        key = await self._station_key()
        attempt = LabelAttempt(
            reference_number=reference_number(key, session.order_id, parcel.number, generation),
            cycle_id=session.cycle_id,
            order_id=session.order_id,
            parcel_no=parcel.number,
            parcel_count=parcel.count,
            generation=generation,
            status=AttemptStatus.INTENT,
            label_format=plan.label_format,
            carrier=plan.carrier,
            weight_g=parcel.weight_g,
            updated_at=self._clock(),
        )
        # the intent is on disk before the POST: a crash from here on is resolved by lookup
        await self._journal.save_attempt(
            attempt,
            JournalEvent(
                kind="label_intent",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={
                    "reference_number": attempt.reference_number,
                    "parcel": parcel.number,
                    "parcels": parcel.count,
                    "format": plan.label_format.value,
                    "carrier": str(plan.carrier),
                    "weight_g": parcel.weight_g,
                },
            ),
        )
        session._keep(attempt)
        self._step(session, LABEL_INTENT, attempt)
        label = await self._post_label(session, attempt)
        return await self._bought(session, attempt, label)

    async def _resolve_and_buy(self, session: OrderSession, attempt: LabelAttempt) -> LabelAttempt:
        """An intent without an outcome (a crash): look it up; buy only if 7S has none."""
        found = await self._lookup(session, attempt, "resume")
        label = found if found is not None else await self._post_label(session, attempt)
        return await self._bought(session, attempt, label)

    def _label_request(self, session: OrderSession, attempt: LabelAttempt) -> LabelRequest:
        order = session.order
        point = session.collection_point
        if point is None and order.pudo_id:
            point = CollectionPoint(pudo_id=order.pudo_id)
        return LabelRequest(
            order_id=order.order_id,
            carrier=attempt.carrier,
            recipient=order.recipient,
            reference_number=attempt.reference_number,
            format=attempt.label_format,
            sender=self._policy.sender,
            warehouse=self._policy.warehouse,
            warehouse_address=self._policy.warehouse_address,
            collection_point=point,
            carrier_service=order.carrier_service,
            package_no=attempt.parcel_no,
            package_count=attempt.parcel_count,
            weight_g=attempt.weight_g,
        )

    async def _post_label(self, session: OrderSession, attempt: LabelAttempt) -> Label:
        """POST the label; on any doubt look the reference up before sending again."""
        request = self._label_request(session, attempt)
        attempts = max(1, self._policy.label_post_attempts)
        last: ShippingApiError | None = None
        for number in range(1, attempts + 1):
            wait = self._policy.retry_delay_s * 2 ** (number - 1)
            try:
                labels = await self._api.create_label(request)
            except Duplicate:
                # the reference is used: our label exists (an earlier attempt went through)
                found = await self._lookup(session, attempt, "duplicate")
                if found is not None:
                    return found
                raise CycleInterrupted(
                    f"Seven Senders says the reference {attempt.reference_number} is used, but "
                    "shows no label for it. Nothing more was bought; ask Seven Senders.",
                    unresolved=True,
                ) from None
            except OutcomeUnknown as exc:
                await self._journal.append(
                    JournalEvent(
                        kind="api_outcome",
                        order_id=session.order_id,
                        cycle_id=session.cycle_id,
                        detail={
                            "call": "buy label",
                            "reference_number": attempt.reference_number,
                            "outcome": "unknown",
                            "error": str(exc),
                        },
                    )
                )
                found = await self._lookup(session, attempt, "unknown outcome")
                if found is not None:
                    return found
                last = exc  # proven not sold: the same reference may be sent again
            except RateLimited as exc:
                last = exc
                if exc.retry_after is not None:
                    wait = max(wait, exc.retry_after)
            except ServiceUnavailable as exc:
                last = exc
            except (ValidationFailed, AuthenticationFailed) as exc:
                await self._journal.append(
                    JournalEvent(
                        kind="api_outcome",
                        order_id=session.order_id,
                        cycle_id=session.cycle_id,
                        detail={
                            "call": "buy label",
                            "reference_number": attempt.reference_number,
                            "outcome": "refused",
                            "error": str(exc),
                        },
                    )
                )
                raise CycleInterrupted(
                    f"Seven Senders refused the label for {_parcel_text(attempt)}: {exc}"
                ) from None
            else:
                outbound = [label for label in labels if not label.return_parcel] or labels
                return outbound[0]
            if number < attempts:
                await self._sleep(wait)
        raise CycleInterrupted(
            f"No label for {_parcel_text(attempt)}: {last}. Nothing was bought; the order "
            "stays open and is finished by `resume` or by scanning it again."
        )

    # ------------------------------------------------------------------ own-label mode

    async def _own_label_codes(
        self, session: OrderSession, raw_codes: Sequence[str]
    ) -> FinishRefused | None:
        """Check the scanned tracking codes and assign them to the parcels still without one."""
        plan = session.record.plan
        if plan is not None and step_reached(session.step, CycleStep.PARCELS_SET):
            if not plan.own_label:
                return FinishRefused(
                    session.order_id,
                    f"The labels of order {session.order_id} are bought from Seven Senders "
                    "(its cycle started that way); finish it without tracking codes.",
                    (),
                )
            parcels = [p.number for p in plan.parcels]
        else:
            parcels = [p.number for p in session.parcels] or [1]
        open_parcels = [
            n
            for n in parcels
            if (a := session.latest_attempt(n)) is None
            or a.status in (AttemptStatus.VOIDED, AttemptStatus.ABANDONED)
        ]
        codes = [tracking_code_of(self._parse(c)) for c in raw_codes if c.strip()]
        if not open_parcels:
            session.own_label = True
            return None  # every parcel has its shipment (or one in doubt): resume as usual
        if len(codes) != len(open_parcels):
            need = len(open_parcels)
            return FinishRefused(
                session.order_id,
                f"Order {session.order_id} is packed with labels printed elsewhere: scan the "
                f"tracking barcode of {'each' if need > 1 else 'the'} carrier label ({need} "
                f"needed, {len(codes)} given).",
                (),
            )
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                return FinishRefused(
                    session.order_id,
                    f"The tracking code {code} was scanned twice; every parcel has its own.",
                    (),
                    code,
                )
            seen.add(code)
            for attempt in await self._journal.find_attempts(code):
                if attempt.tracking_code == code and (
                    attempt.live or attempt.status is AttemptStatus.INTENT
                ):
                    return FinishRefused(
                        session.order_id,
                        f"The tracking code {code} is already used for order "
                        f"{attempt.order_id} (parcel {attempt.parcel_no}); scan the label of "
                        "this parcel.",
                        (),
                        code,
                    )
            try:
                found = await self._find_shipment(code)
            except ShippingApiError:
                found = None  # 7S will say so when the shipment is posted
            if found is not None:
                return FinishRefused(
                    session.order_id,
                    f"The tracking code {code} is already registered at Seven Senders (order "
                    f"{found.order_id}); scan the label of this parcel.",
                    (),
                    code,
                )
        session.own_label = True
        session.own_label_codes = dict(zip(open_parcels, codes, strict=True))
        await self._journal.append(
            JournalEvent(
                kind="own_label_codes",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={"codes": {str(n): c for n, c in session.own_label_codes.items()}},
            )
        )
        return None

    async def _find_shipment(self, tracking_code: str) -> Shipment | None:
        shipments = await self._api.list_shipments(ShipmentFilter(tracking_code=tracking_code))
        return next((s for s in shipments if s.tracking_code == tracking_code), None)

    async def _own_label_parcel(
        self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan
    ) -> None:
        attempt = session.latest_attempt(parcel.number)
        if attempt is not None and attempt.status is AttemptStatus.PRINTED:
            return  # registered before
        fresh = False
        if attempt is None or attempt.status in (AttemptStatus.VOIDED, AttemptStatus.ABANDONED):
            code = session.own_label_codes.get(parcel.number)
            if not code:
                raise CycleInterrupted(
                    f"Scan the tracking barcode of the carrier label of order "
                    f"{session.order_id}, parcel {parcel.number} of {parcel.count}."
                )
            key = await self._station_key()
            generation = attempt.generation + 1 if attempt is not None else 0
            attempt = LabelAttempt(
                reference_number=reference_number(key, session.order_id, parcel.number, generation),
                cycle_id=session.cycle_id,
                order_id=session.order_id,
                parcel_no=parcel.number,
                parcel_count=parcel.count,
                generation=generation,
                status=AttemptStatus.INTENT,
                label_format=plan.label_format,
                carrier=plan.carrier,
                weight_g=parcel.weight_g,
                tracking_code=code,
                print_outcome=OWN_LABEL,
                updated_at=self._clock(),
            )
            # on disk before the POST: a crash from here on is resolved by a lookup
            await self._journal.save_attempt(
                attempt,
                JournalEvent(
                    kind="shipment_intent",
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={
                        "reference_number": attempt.reference_number,
                        "tracking_code": code,
                        "parcel": parcel.number,
                        "parcels": parcel.count,
                        "carrier": str(plan.carrier),
                    },
                ),
            )
            session._keep(attempt)
            self._step(session, LABEL_INTENT, attempt)
            fresh = True
        shipment = await self._register_shipment(session, attempt, fresh=fresh)
        registered = replace(
            attempt,
            status=AttemptStatus.PRINTED,
            shipment_id=shipment.id,
            print_outcome=OWN_LABEL,
            print_started=False,
            printed_at=self._clock(),
            updated_at=self._clock(),
        )
        await self._journal.save_attempt(
            registered,
            JournalEvent(
                kind="shipment_registered",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={
                    "reference_number": attempt.reference_number,
                    "shipment_id": shipment.id,
                    "tracking_code": attempt.tracking_code,
                },
            ),
        )
        session._keep(registered)
        self._step(session, LABEL_BOUGHT, registered)

    def _shipment_request(self, session: OrderSession, attempt: LabelAttempt) -> ShipmentRequest:
        order = session.order
        values = [line.unit_value * line.quantity for line in order.lines if line.unit_value]
        currencies = {line.currency for line in order.lines if line.unit_value}
        one_currency = len(currencies) == 1 and len(values) == len(order.lines)
        return ShipmentRequest(
            order_id=order.order_id,
            carrier=attempt.carrier,
            recipient=order.recipient,
            tracking_code=attempt.tracking_code,
            reference_number=attempt.reference_number,
            carrier_service=order.carrier_service,
            warehouse=self._policy.warehouse,
            warehouse_address=self._policy.warehouse_address,
            pickup_point_selected=session.collection_point is not None or bool(order.pudo_id),
            goods_value=sum(values, Decimal(0))
            if one_currency and attempt.parcel_count == 1
            else None,
            goods_value_currency=next(iter(currencies))
            if one_currency and attempt.parcel_count == 1
            else None,
            weight_g=attempt.weight_g,
        )

    async def _register_shipment(
        self, session: OrderSession, attempt: LabelAttempt, *, fresh: bool
    ) -> Shipment:
        """POST the shipment once: on any doubt the tracking code is looked up first.

        ``fresh``: the intent was written just now (no earlier POST can have happened).
        """
        code = attempt.tracking_code or ""
        request = self._shipment_request(session, attempt)
        last: ShippingApiError | None = None
        tries = max(1, self._policy.label_post_attempts)
        for number in range(1, tries + 1):
            wait = self._policy.retry_delay_s * 2 ** (number - 1)
            if number > 1 or not fresh:
                found = await self._own_lookup(session, attempt)
                if found is not None:
                    return found
            try:
                return await self._api.create_shipment(request)
            except Duplicate:
                found = await self._own_lookup(session, attempt)
                if found is not None:
                    return found
                await self._refuse_code(
                    session, attempt, f"the tracking code {code} is already used at Seven Senders"
                )
            except OutcomeUnknown as exc:
                last = exc  # looked up before the next try
            except RateLimited as exc:
                last = exc
                if exc.retry_after is not None:
                    wait = max(wait, exc.retry_after)
            except ServiceUnavailable as exc:
                last = exc
            except (ValidationFailed, AuthenticationFailed) as exc:
                await self._refuse_code(session, attempt, str(exc))
            if number < tries:
                await self._sleep(wait)
        found = await self._own_lookup(session, attempt)
        if found is not None:
            return found
        raise CycleInterrupted(
            f"The shipment of {_parcel_text(attempt)} ({code}) could not be registered: {last}. "
            "The order stays open and is finished by `resume` or by scanning it again.",
            unresolved=isinstance(last, OutcomeUnknown),
        )

    async def _own_lookup(self, session: OrderSession, attempt: LabelAttempt) -> Shipment | None:
        """The shipment with this attempt's tracking code, if it is ours (else None).

        Raises ``CycleInterrupted(unresolved=True)`` when 7S cannot be asked, and refuses the
        code when the shipment found belongs to another parcel.
        """
        code = attempt.tracking_code or ""
        problem: ShippingApiError | None = None
        for number in range(3):
            try:
                found = await self._find_shipment(code)
            except ShippingApiError as exc:
                problem = exc
                await self._sleep(self._policy.retry_delay_s * 2**number)
                continue
            await self._journal.append(
                JournalEvent(
                    kind="shipment_lookup",
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={
                        "tracking_code": code,
                        "found": found.id if found is not None else None,
                    },
                )
            )
            if found is None:
                return None
            if found.reference_number == attempt.reference_number or (
                found.reference_number is None and found.order_id == attempt.order_id
            ):
                return found
            await self._refuse_code(
                session,
                attempt,
                f"the tracking code {code} is already registered at Seven Senders for order "
                f"{found.order_id}",
            )
        raise CycleInterrupted(
            f"Whether the shipment of {_parcel_text(attempt)} ({code}) was registered is not "
            f"known yet and Seven Senders cannot be asked ({problem}). Run `packstation "
            "resume` (or scan the order again) later.",
            unresolved=True,
        )

    async def _refuse_code(self, session: OrderSession, attempt: LabelAttempt, why: str) -> None:
        """The code cannot be used: the attempt is given up and the packer scans another."""
        given_up = replace(
            attempt, status=AttemptStatus.ABANDONED, void_reason=why, updated_at=self._clock()
        )
        await self._journal.save_attempt(
            given_up,
            JournalEvent(
                kind="shipment_refused",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={"tracking_code": attempt.tracking_code, "reason": why},
            ),
        )
        session._keep(given_up)
        session.own_label_codes.pop(attempt.parcel_no, None)
        raise CycleInterrupted(
            f"{why[:1].upper()}{why[1:]}; nothing was registered for {_parcel_text(attempt)}. "
            "Scan the tracking barcode of this parcel's own label."
        )

    async def _lookup(self, session: OrderSession, attempt: LabelAttempt, why: str) -> Label | None:
        """The label with this attempt's reference number at 7S, or None when there is none.

        Raises ``CycleInterrupted(unresolved=True)`` when 7S cannot be asked: buying again
        without an answer could sell a second label.
        """
        problem: ShippingApiError | None = None
        for number in range(3):
            try:
                labels = await self._api.find_labels(session.order_id, attempt.reference_number)
            except ShippingApiError as exc:
                problem = exc
                await self._sleep(self._policy.retry_delay_s * 2**number)
                continue
            mine = [
                label
                for label in labels
                if label.reference_number in (None, attempt.reference_number)
                and not label.return_parcel
            ]
            await self._journal.append(
                JournalEvent(
                    kind="label_lookup",
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={
                        "reference_number": attempt.reference_number,
                        "why": why,
                        "found": [label.tracking_code for label in mine],
                    },
                )
            )
            return mine[0] if mine else None
        raise CycleInterrupted(
            f"Whether the label for {_parcel_text(attempt)} was bought is not known yet and "
            f"Seven Senders cannot be asked ({problem}). Nothing more is bought until it "
            "answers: run `packstation resume` (or scan the order again) later.",
            unresolved=True,
        )

    async def _bought(
        self, session: OrderSession, attempt: LabelAttempt, label: Label
    ) -> LabelAttempt:
        bought = replace(
            attempt,
            status=AttemptStatus.BOUGHT,
            label_id=label.id,
            shipment_id=label.shipment_id,
            tracking_code=label.tracking_code,
            download_url=label.download_url,
            updated_at=self._clock(),
        )
        await self._journal.save_attempt(
            bought,
            JournalEvent(
                kind="label_bought",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={
                    "reference_number": attempt.reference_number,
                    "label_id": label.id,
                    "shipment_id": label.shipment_id,
                    "tracking_code": label.tracking_code,
                },
            ),
        )
        session._keep(bought)
        self._step(session, LABEL_BOUGHT, bought)
        return bought

    def _label_of(self, attempt: LabelAttempt) -> Label:
        assert attempt.label_id
        assert attempt.tracking_code
        assert attempt.download_url
        return Label(
            id=attempt.label_id,
            shipment_id=attempt.shipment_id or "",
            order_id=attempt.order_id,
            tracking_code=attempt.tracking_code,
            carrier=attempt.carrier,
            format=attempt.label_format,
            download_url=attempt.download_url,
            reference_number=attempt.reference_number,
        )

    async def _download(self, attempt: LabelAttempt) -> LabelDocument:
        label = self._label_of(attempt)
        try:
            return await self._api.download_label(label)
        except (ServiceUnavailable, RateLimited):
            await self._sleep(self._policy.retry_delay_s)
        try:
            return await self._api.download_label(label)
        except ShippingApiError as exc:
            raise CycleInterrupted(
                f"The label of {_parcel_text(attempt)} is bought ({attempt.tracking_code}) but "
                f"could not be downloaded: {exc}. It is fetched again by `resume`."
            ) from None

    async def _download_and_store(
        self, session: OrderSession, attempt: LabelAttempt
    ) -> tuple[LabelAttempt, LabelDocument]:
        document = await self._download(attempt)
        stored = await self._archive.store(document)
        # print_started is set with the file: the print follows at once, so after a crash
        # from here on the station cannot know whether the printer got it
        new = replace(
            attempt,
            status=AttemptStatus.STORED,
            file_path=stored.path,
            sha256=stored.sha256,
            print_started=True,
            updated_at=self._clock(),
        )
        await self._journal.save_attempt(
            new,
            JournalEvent(
                kind="label_stored",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={
                    "tracking_code": attempt.tracking_code,
                    "path": stored.path,
                    "sha256": stored.sha256,
                    "bytes": stored.size,
                },
            ),
        )
        session._keep(new)
        session.stored_now.add(new.reference_number)
        self._step(session, LABEL_STORED, new)
        return new, document

    async def _stored_document(self, session: OrderSession, attempt: LabelAttempt) -> LabelDocument:
        if attempt.file_path and attempt.sha256:
            try:
                return await self._archive.load(_stored(attempt))
            except LabelFileMissing as exc:
                session.warnings.append(f"{exc} It was downloaded again.")
        document = await self._download(attempt)
        stored = await self._archive.store(document)
        fixed = replace(attempt, file_path=stored.path, sha256=stored.sha256)
        await self._journal.save_attempt(fixed)
        session._keep(fixed)
        return document

    async def _print(
        self, session: OrderSession, attempt: LabelAttempt, document: LabelDocument
    ) -> LabelAttempt:
        job = (
            f"{attempt.order_id} {attempt.parcel_no}/{attempt.parcel_count} {attempt.tracking_code}"
        )
        self._inline_prints.add(attempt.reference_number)
        try:
            resumed = attempt.reference_number not in session.stored_now
            session.stored_now.discard(attempt.reference_number)  # from now on it has a print
            result, detail, started, again = await self._send(
                document, job, attempt, resumed=resumed
            )
        finally:
            self._inline_prints.discard(attempt.reference_number)
        if again:
            session.warnings.append(
                f"The label of {_parcel_text(attempt)} may already have printed before the "
                "interruption; it was printed again (the same label, not a new one)."
            )
        printed = result is not None and result.printed
        outcome = result.outcome.value if result is not None else "failed"
        new = replace(
            attempt,
            status=AttemptStatus.PRINTED if printed else AttemptStatus.STORED,
            print_outcome=outcome,
            print_started=started and not printed,
            printed_at=self._clock() if printed else None,
            updated_at=self._clock(),
        )
        await self._journal.save_attempt(
            new,
            JournalEvent(
                kind="printed" if printed else "print_failed",
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={
                    "tracking_code": attempt.tracking_code,
                    "printer": self._printer.uri,
                    "outcome": outcome,
                    "detail": detail,
                    "job_id": result.job_id if result else None,
                },
            ),
        )
        session._keep(new)
        if result is not None:
            # printers report things the packer should know although the label printed
            session.warnings.extend(getattr(result, "warnings", ()))
        if not printed and outcome == PrintOutcome.HELD.value:
            session.warnings.append(
                f"The label of {_parcel_text(attempt)} ({attempt.tracking_code}) is held: "
                f"{(detail or outcome).rstrip('.')}. It prints as soon as the printer is ready."
            )
        elif not printed:
            session.warnings.append(
                f"The label of {_parcel_text(attempt)} ({attempt.tracking_code}) did not print: "
                f"{(detail or outcome).rstrip('.')}. It is stored; reprint it when the printer "
                "is ready."
            )
        self._emit(
            LabelPrinted(
                order_id=attempt.order_id,
                parcel=attempt.parcel_no,
                parcels=attempt.parcel_count,
                tracking_code=attempt.tracking_code or "",
                printed=printed,
                outcome=outcome,
                detail=detail,
            )
        )
        self._step(session, LABEL_PRINTED, new)
        return new

    async def _send(
        self,
        document: LabelDocument,
        job: str,
        attempt: LabelAttempt,
        *,
        reprint: bool = False,
        resumed: bool = False,
    ) -> tuple[PrintResult | None, str, bool, bool]:
        """Send one label: (result, detail, the printer may have part of it, printed twice?).

        Through the print queue when there is one. An attempt that was being printed when the
        station stopped (``resumed`` and ``print_started``) is not sent as a new job if the
        queue still has its job: that job is sent again (or found printed), so a label prints
        once. A label stored by this run is simply submitted.
        """
        if self._queue is None:
            again = resumed and attempt.print_started and not reprint
            try:
                result = await self._printer.print_document(document, job)
            except PrintInterrupted as exc:
                return None, exc.message, True, again
            except PrinterError as exc:  # not ready, not printable: nothing was sent
                return None, exc.message, False, again
            return result, result.detail, True, again
        queue = self._queue
        if resumed and not reprint and (attempt.print_started or attempt.print_outcome == "held"):
            earlier = await self._queued_job(attempt.reference_number)
            if earlier is not None:
                return await self._resend(queue, earlier, attempt)
        reprint_of = None
        if reprint:
            original = await self._queued_job(attempt.reference_number)
            reprint_of = original.id if original is not None else None
        queued = await queue.submit(
            document,
            job,
            self._printer.uri,
            reference=attempt.reference_number,
            reprint_of=reprint_of,
        )
        return queued.result, queued.result.detail, False, False

    async def _resend(
        self, queue: PrintQueue, job: PrintJob, attempt: LabelAttempt
    ) -> tuple[PrintResult | None, str, bool, bool]:
        """The queue's job for this label: printed already, or sent again now."""
        maybe_twice = attempt.print_started
        if job.state is PrintJobState.PRINTED:
            outcome = job.outcome or PrintOutcome.DELIVERED
            return (
                PrintResult(outcome, job.printer_uri, job.detail, job.id),
                job.detail,
                False,
                False,
            )
        try:
            if job.state in (PrintJobState.HELD, PrintJobState.SENDING):
                queued = await queue.retry(job.id)
            else:  # failed or cancelled: a new job
                queued = await queue.submit(
                    job.document, job.job_name, self._printer.uri, reference=job.reference
                )
        except (JobBusy, JobNotFound):
            done = await self._wait_for_job(queue, job.id)
            if done is not None and done.state is PrintJobState.PRINTED:
                outcome = done.outcome or PrintOutcome.DELIVERED
                result = PrintResult(outcome, done.printer_uri, done.detail, done.id)
                return result, done.detail, False, maybe_twice
            held = PrintResult(PrintOutcome.HELD, job.printer_uri, "held by the print queue")
            return held, held.detail, False, False
        return queued.result, queued.result.detail, False, maybe_twice

    async def _queued_job(self, reference: str) -> PrintJob | None:
        """The print queue's original job for a label (not a reprint), newest first."""
        assert self._queue is not None
        jobs = [*await self._queue.pending(), *await self._queue.history(500)]
        mine = [j for j in jobs if j.reference == reference and j.reprint_of is None]
        return max(mine, key=lambda j: j.created_at) if mine else None

    async def _wait_for_job(self, queue: PrintQueue, job_id: str) -> PrintJob | None:
        """A job another task is sending right now: wait (bounded) until it is through."""
        for _ in range(600):
            try:
                job = await queue.job(job_id)
            except JobNotFound:
                return None
            if job.state is not PrintJobState.SENDING:
                return job
            await asyncio.sleep(0.05)
        return None

    def _on_print_job(self, job: PrintJob) -> None:
        """The queue printed a label it had held: the label's attempt is printed now."""
        if (
            job.state is not PrintJobState.PRINTED
            or not job.reference
            or job.reference in self._inline_prints
        ):
            return
        task = asyncio.get_running_loop().create_task(self._job_printed(job))
        self._print_tasks.add(task)
        task.add_done_callback(self._print_tasks.discard)
        task.add_done_callback(_consume_exception)

    async def _job_printed(self, job: PrintJob) -> None:
        attempt = next(
            (
                a
                for a in await self._journal.find_attempts(job.reference)
                if a.reference_number == job.reference
            ),
            None,
        )
        if attempt is None or attempt.status is not AttemptStatus.STORED:
            return
        outcome = (job.outcome or PrintOutcome.DELIVERED).value
        printed = replace(
            attempt,
            status=AttemptStatus.PRINTED,
            print_outcome=outcome,
            print_started=False,
            printed_at=self._clock(),
            updated_at=self._clock(),
        )
        await self._journal.save_attempt(
            printed,
            JournalEvent(
                kind="printed",
                order_id=attempt.order_id,
                cycle_id=attempt.cycle_id,
                detail={
                    "tracking_code": attempt.tracking_code,
                    "printer": job.printer_uri,
                    "outcome": outcome,
                    "detail": "printed by the print queue after being held",
                    "job_id": job.id,
                },
            ),
        )
        self._sync(printed)
        self._emit(
            LabelPrinted(
                order_id=attempt.order_id,
                parcel=attempt.parcel_no,
                parcels=attempt.parcel_count,
                tracking_code=attempt.tracking_code or "",
                printed=True,
                outcome=outcome,
                detail="printed after being held",
            )
        )
        record = await self._journal.cycle(attempt.cycle_id)
        if record is not None and record.status is CycleStatus.NEEDS_PRINT:
            await self._maybe_done(record)

    # ------------------------------------------------------------------ after the labels

    async def _follow_ups(self, session: OrderSession, plan: CyclePlan) -> None:
        live = [a for p in plan.parcels if (a := session.latest_attempt(p.number)) is not None]
        entries: list[NewOutboxEntry] = []
        if self._policy.return_portal_pro and live and live[0].shipment_id:
            entries.append(self._order_items_entry(session, live[0].shipment_id))
        entries.append(
            NewOutboxEntry(session.order_id, OutboxKind.BOARDING_COMPLETE, {}, session.cycle_id)
        )
        notes: tuple[str, ...] = ()
        if session.customs_needed:
            customs = await self._customs_step.plan(session.order, live, session.cycle_id)
            entries.extend(customs.entries)
            notes = customs.notes
            session.warnings.extend(notes)
        await self._advance(
            session,
            CycleStep.FOLLOW_UPS,
            {
                "queued": [e.kind.value for e in entries],
                "customs_needed": session.customs_needed,
                "customs_notes": list(notes),
            },
            entries,
        )
        self._outbox.wake()

    def _order_items_entry(self, session: OrderSession, shipment_id: str) -> NewOutboxEntry:
        return NewOutboxEntry(
            session.order_id,
            OutboxKind.ORDER_ITEMS,
            {
                "shipment_id": shipment_id,
                "lines": [
                    {"sku": line.sku, "name": line.name, "quantity": line.quantity, "ean": line.ean}
                    for line in session.order.lines
                ],
            },
            session.cycle_id,
        )

    async def _replace_parcel(self, session: OrderSession, parcel_no: int) -> CycleReport:
        plan = session.record.plan
        if plan is None:
            raise CycleInterrupted(f"The journal has no parcel plan for {session.order_id}.")
        parcel = next(p for p in plan.parcels if p.number == parcel_no)
        await self._parcel(session, parcel, plan)
        new = session.latest_attempt(parcel_no)
        if self._policy.return_portal_pro and new is not None and new.shipment_id:
            await self._journal.save_cycle(
                session.record,
                JournalEvent(
                    kind="label_replaced",
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={"parcel": parcel_no, "tracking_code": new.tracking_code},
                ),
                [self._order_items_entry(session, new.shipment_id)],
            )
            self._outbox.wake()
        return self._report(session)

    async def _reprint_one(self, attempt: LabelAttempt, reason: str = "") -> ReprintItem:
        if attempt.print_outcome == OWN_LABEL and not attempt.file_path:
            return ReprintItem(
                attempt.order_id,
                attempt.parcel_no,
                attempt.parcel_count,
                attempt.tracking_code or "",
                False,
                OWN_LABEL,
                "This label was printed outside the station (own-label mode); reprint it "
                "where it was made.",
            )
        record = await self._journal.cycle(attempt.cycle_id)
        session = (
            await self._restore(record, start_loading=False)
            if record is not None and record.order is not None
            else None
        )
        try:
            if session is None:
                document = await self._archive.load(_stored(attempt))
            else:
                document = await self._stored_document(session, attempt)
        except (LabelFileMissing, CycleInterrupted) as exc:
            return ReprintItem(
                attempt.order_id,
                attempt.parcel_no,
                attempt.parcel_count,
                attempt.tracking_code or "",
                False,
                "failed",
                str(exc),
            )
        job = f"reprint {attempt.order_id} {attempt.parcel_no}/{attempt.parcel_count}"
        self._inline_prints.add(attempt.reference_number)
        try:
            result, detail, _, _ = await self._send(document, job, attempt, reprint=True)
        finally:
            self._inline_prints.discard(attempt.reference_number)
        printed = result is not None and result.printed
        outcome = result.outcome.value if result is not None else "failed"
        event = JournalEvent(
            kind="reprint",
            order_id=attempt.order_id,
            cycle_id=attempt.cycle_id,
            detail={
                "tracking_code": attempt.tracking_code,
                "printer": self._printer.uri,
                "outcome": outcome,
                "detail": detail,
                **({"reason": " ".join(reason.split())} if reason.strip() else {}),
            },
        )
        if printed and attempt.status is not AttemptStatus.PRINTED:
            fixed = replace(
                attempt,
                status=AttemptStatus.PRINTED,
                print_outcome=outcome,
                print_started=False,
                printed_at=self._clock(),
            )
            await self._journal.save_attempt(fixed, event)
            self._sync(fixed)
            if record is not None and record.status is CycleStatus.NEEDS_PRINT:
                await self._maybe_done(record)
        else:
            await self._journal.append(event)
        self._emit(
            LabelPrinted(
                order_id=attempt.order_id,
                parcel=attempt.parcel_no,
                parcels=attempt.parcel_count,
                tracking_code=attempt.tracking_code or "",
                printed=printed,
                outcome=outcome,
                detail=detail,
                reprint=True,
            )
        )
        return ReprintItem(
            attempt.order_id,
            attempt.parcel_no,
            attempt.parcel_count,
            attempt.tracking_code or "",
            printed,
            outcome,
            detail,
        )

    async def _maybe_done(self, record: CycleRecord) -> None:
        """A cycle that only waited for prints is done once every live label printed."""
        attempts = await self._journal.attempts(record.cycle_id)
        latest: dict[int, LabelAttempt] = {}
        for a in attempts:
            if a.parcel_no not in latest or a.generation > latest[a.parcel_no].generation:
                latest[a.parcel_no] = a
        if latest and all(a.status is AttemptStatus.PRINTED for a in latest.values()):
            done = replace(record, status=CycleStatus.DONE, note="", updated_at=self._clock())
            await self._journal.save_cycle(
                done,
                JournalEvent(
                    kind="cycle_step",
                    order_id=record.order_id,
                    cycle_id=record.cycle_id,
                    detail={"step": CycleStep.DONE.value, "status": CycleStatus.DONE.value},
                ),
            )
            if self._current is not None and self._current.cycle_id == record.cycle_id:
                self._current.record = done

    async def _abandon(self, record: CycleRecord, reason: str) -> None:
        text = " ".join(reason.split())
        if not text:
            raise ValueError("a reason is needed to abandon an order")
        attempts = await self._journal.attempts(record.cycle_id)
        if any(a.live or a.status is AttemptStatus.INTENT for a in attempts):
            raise ValueError(
                f"Order {record.order_id} has labels (or a label purchase in doubt): finish "
                "it with `resume`, or void its labels first."
            )
        await self._journal.save_cycle(
            replace(record, status=CycleStatus.ABANDONED, note=text, updated_at=self._clock()),
            JournalEvent(
                kind="cycle_abandoned",
                order_id=record.order_id,
                cycle_id=record.cycle_id,
                detail={"reason": text, "packer": self._policy.packer_name},
            ),
        )

    # ------------------------------------------------------------------ reporting

    def _report(self, session: OrderSession) -> CycleReport:
        plan = session.record.plan
        parcels: list[ParcelReport] = []
        numbers = [p.number for p in plan.parcels] if plan else []
        for number in numbers:
            a = session.latest_attempt(number)
            if a is None:
                continue
            parcels.append(
                ParcelReport(
                    number=a.parcel_no,
                    count=a.parcel_count,
                    reference_number=a.reference_number,
                    status=a.status,
                    weight_g=a.weight_g,
                    label_id=a.label_id,
                    shipment_id=a.shipment_id,
                    tracking_code=a.tracking_code,
                    label_path=a.file_path,
                    sha256=a.sha256,
                    printed=a.status is AttemptStatus.PRINTED,
                    print_outcome=a.print_outcome,
                )
            )
        return CycleReport(
            cycle_id=session.cycle_id,
            order_id=session.order_id,
            status=session.status,
            step=session.step,
            parcels=tuple(parcels),
            label_format=plan.label_format if plan else None,
            carrier=plan.carrier if plan else None,
            customs_needed=session.customs_needed,
            customs_ids=tuple(session.customs_ids),
            skip_reason=session.record.skip_reason,
            warnings=tuple(dict.fromkeys(session.warnings)),
        )

    def _sync(self, attempt: LabelAttempt) -> None:
        """Keep the session on the bench in step with an attempt changed outside its cycle."""
        if self._current is not None and self._current.cycle_id == attempt.cycle_id:
            self._current._keep(attempt)

    # ------------------------------------------------------------------ events

    def _step(self, session: OrderSession, step: str, attempt: LabelAttempt | None = None) -> None:
        event = StepReached(
            cycle_id=session.cycle_id,
            order_id=session.order_id,
            step=step,
            parcel=attempt.parcel_no if attempt else None,
            parcels=attempt.parcel_count if attempt else None,
        )
        if self._on_step is not None:
            self._on_step(event)
        self._emit(event)

    def _emit(self, event: PackingEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a packing listener failed on %s", type(event).__name__)


# ---------------------------------------------------------------------- helpers


#: ``print_outcome`` of a parcel whose label was printed elsewhere (own-label mode).
OWN_LABEL = "own_label"


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


#: Labels of one multi-parcel order bought at the same time (7S is asked at most this often).
LABELS_AT_ONCE = 4


async def _stop(*tasks: asyncio.Task[None] | None) -> None:
    """Cancel background tasks and wait until they are gone."""
    running = [t for t in tasks if t is not None and not t.done()]
    for task in running:
        task.cancel()
    if running:
        await asyncio.gather(*running, return_exceptions=True)


def _consume_exception(task: asyncio.Task[Any]) -> None:
    """Background tasks report through the journal and ``finish``; never "never retrieved"."""
    if not task.cancelled() and task.exception() is not None:
        log.info("background step %s failed: %s", task.get_name(), task.exception())


def _stored(attempt: LabelAttempt) -> StoredLabel:
    assert attempt.file_path is not None
    assert attempt.sha256 is not None
    return StoredLabel(
        path=attempt.file_path,
        sha256=attempt.sha256,
        label_format=attempt.label_format,
        content_type="application/pdf" if attempt.label_format is LabelFormat.PDF else "text/plain",
        size=0,
    )


def _parcel_text(attempt: LabelAttempt) -> str:
    return f"order {attempt.order_id}, parcel {attempt.parcel_no} of {attempt.parcel_count}"


def _verified(record: CycleRecord) -> bool:
    if record.skip_reason is not None:
        return True
    order = record.order
    if order is None or len(record.scanned) != len(order.lines):
        return False
    return all(
        count >= max(line.quantity, 0)
        for line, count in zip(order.lines, record.scanned, strict=True)
    )


def _what_is_left(record: CycleRecord, attempts: Sequence[LabelAttempt]) -> str:
    if record.status is CycleStatus.PACKING:
        if not _verified(record):
            return "items still to be scanned"
        return "items checked, labels not bought yet"
    if any(a.status is AttemptStatus.INTENT for a in attempts):
        return "a label purchase whose outcome is not known yet (looked up before buying again)"
    if record.status is CycleStatus.NEEDS_PRINT:
        return "labels bought and stored, not all printed"
    if not step_reached(record.step, CycleStep.LABELS):
        return "labels to buy, store and print"
    return "follow-ups to queue"


__all__ = [
    "OWN_LABEL",
    "CycleReport",
    "FinishRefused",
    "InFlight",
    "ItemScanned",
    "LabelPrinted",
    "Notice",
    "NoticeLevel",
    "OpenOutcome",
    "OpenResult",
    "OrderSession",
    "PackingEvent",
    "PackingService",
    "ParcelReport",
    "ReprintItem",
    "ReprintReport",
    "ResumeResult",
    "ScanReply",
    "StationPolicy",
    "StepReached",
    "VoidReport",
    "tracking_code_of",
]
