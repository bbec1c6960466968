"""``PackingService``: the one public face of the packing cycle (the parts do the work)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from packstation.domain.barcodes import BarcodeConfig, Gs1Decoder
from packstation.domain.boxes import Box, BoxType
from packstation.domain.cycle import CycleStatus, OutboxCounts
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.domain.packers import sign_in
from packstation.domain.packing import Parcel, ScanResult
from packstation.domain.refusals import Missing, RefusalKind
from packstation.domain.shipping import Carrier, LabelFormat
from packstation.domain.weighing import Weight
from packstation.domain.weight_gate import WeightCheck, WeightDecision
from packstation.ports import (
    Journal,
    LabelArchive,
    LabelPrinter,
    OrderSource,
    PackingSlipMaker,
    PudoChoices,
    Scale,
    ShippingApi,
)
from packstation.services.customs_step import (
    CountryCustomsPolicy,
    CustomsPolicy,
    CustomsStep,
    RecordOnlyCustomsStep,
)
from packstation.services.outbox import OutboxService
from packstation.services.packing.boxing import Boxing
from packstation.services.packing.context import CycleContext, Ports
from packstation.services.packing.events import Listener, StationPolicy, StepReached
from packstation.services.packing.finishing import Finishing
from packstation.services.packing.gate import WeightGate
from packstation.services.packing.labels import LabelBuying
from packstation.services.packing.loading import OrderLoading
from packstation.services.packing.lookup import ItemLookup
from packstation.services.packing.opening import OrderOpening
from packstation.services.packing.own_label import OwnLabelShipments
from packstation.services.packing.printing import LabelPrinting
from packstation.services.packing.recovery import LabelRecovery, RecoveryRefused
from packstation.services.packing.reprint import ReprintAndVoid
from packstation.services.packing.results import (
    CycleReport,
    FinishRefused,
    InFlight,
    OpenResult,
    ReprintReport,
    ResumeResult,
    ScanAnswer,
    VoidReport,
)
from packstation.services.packing.scanning import Scanning
from packstation.services.packing.session import OrderSession
from packstation.services.packing.slip import PackingSlips, SlipNotReady, SlipOutcome
from packstation.services.print_queue import PrintQueue
from packstation.services.warehouse import WarehouseLink


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
        scale: the bench scale (the weight gate and the live weight read it).
        slips, document_printer: packing slips are made by ``slips`` and printed there.
        warehouse: the bench's link to the warehouse store (optional): an order is claimed
            when scanned and released when finished or given up; another bench's claim
            refuses it (``OpenOutcome.CLAIMED_ELSEWHERE``).
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
        scale: Scale | None = None,
        slips: PackingSlipMaker | None = None,
        document_printer: LabelPrinter | None = None,
        warehouse: WarehouseLink | None = None,
    ) -> None:
        ports = Ports(
            api,
            orders,
            printer,
            journal,
            archive,
            outbox,
            pudo_choices,
            print_queue,
            scale,
            slips,
            document_printer,
            warehouse,
        )
        self._ctx = ctx = CycleContext(
            ports,
            policy=policy or StationPolicy(),
            barcodes=barcodes or BarcodeConfig(),
            gs1=gs1,
            customs_policy=customs_policy or CountryCustomsPolicy.of(),
            customs_step=customs_step or RecordOnlyCustomsStep(),
            on_step=on_step,
            clock=clock,
            sleep=sleep,
        )
        loading = OrderLoading(ctx)
        self._opening = OrderOpening(ctx, loading)
        self._printing = LabelPrinting(ctx)
        own_label = OwnLabelShipments(ctx)
        labels = LabelBuying(ctx, self._printing, own_label)
        self._boxing = Boxing(ctx)
        self._gate = WeightGate(ctx, self._boxing)
        self._slips = PackingSlips(ctx)
        self._finishing = Finishing(
            ctx, self._opening, loading, labels, own_label, self._gate, self._slips
        )
        self._scanning = Scanning(ctx, self._opening, self._finishing, self._boxing)
        self._reprint = ReprintAndVoid(ctx, self._opening, labels, self._printing)
        self._recovery = LabelRecovery(ctx, self._opening, self._finishing)
        self._lookup = ItemLookup(ctx)
        if print_queue is not None:
            print_queue.subscribe(self._printing.on_print_job)

    # ------------------------------------------------------------------ observing

    @property
    def current(self) -> OrderSession | None:
        """The order on the bench, if any."""
        return self._ctx.current

    @property
    def packer(self) -> str:
        """Who is signed in at the bench ("" nobody)."""
        return self._ctx.packer

    @property
    def outbox(self) -> OutboxService:
        return self._ctx.ports.outbox

    @property
    def policy(self) -> StationPolicy:
        return self._ctx.policy

    @property
    def printer(self) -> LabelPrinter:
        return self._ctx.ports.printer

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Receive every ``PackingEvent``; returns a function that unsubscribes."""
        listeners = self._ctx.listeners
        listeners.append(listener)
        return lambda: listeners.remove(listener)

    async def outbox_counts(self) -> OutboxCounts:
        return await self._ctx.ports.outbox.counts()

    def label_format(self, order: MerchantOrder | None = None) -> LabelFormat:
        """The label format this bench buys: the override, else what the printer prints."""
        return self._ctx.label_format()

    def carrier_for(self, order: MerchantOrder) -> Carrier | None:
        """The merchant order's carrier, else the station's."""
        return self._ctx.carrier_for(order)

    async def wait_for_queued_prints(self) -> None:
        """Wait until labels the print queue printed in the background are journalled."""
        while self._printing.tasks:
            await asyncio.gather(*self._printing.tasks, return_exceptions=True)

    # ------------------------------------------------------------------ scanning

    async def scan(self, raw: str, supervisor_code: str | None = None) -> ScanAnswer:
        """One scan of any kind: opens an order, counts an item, or hands back a command.

        With no order on the bench (or the last one finished) an order barcode opens it;
        with an order being packed every other scan is an item of it. A command barcode is
        returned for the caller to act on (finish, reprint, …). The service decides when a
        scan finishes the order (the last item with ``StationPolicy.auto_finish``, the last
        carrier label in own-label mode, a cycle continued past packing); the answer then
        says how finishing ended (``finished``).

        ``supervisor_code``: a supervisor's badge scan or PIN, for an order barcode that takes
        over an order another bench started (``ApprovalNeeded`` without it, when the rules
        want one).
        """
        return await self._scanning.scan(raw, supervisor_code)

    async def sign_in(self, name_or_badge: str) -> str:
        """Sign a packer in by a badge code (the ``packers`` roster) or a typed name.

        Every cycle step from now on is journalled with this packer; returns the name. Raises
        ValueError with a plain sentence for a name that cannot sign in (empty, too long).
        """
        who = sign_in(name_or_badge, self._ctx.policy.packers)
        await self._scanning.sign_in(who)
        return who.name

    async def sign_out(self) -> str:
        """Nobody is signed in any more; returns who was."""
        return await self._scanning.sign_out()

    async def open_order(self, barcode: str, supervisor_code: str | None = None) -> OpenResult:
        """Read an order barcode and put the order on the bench (see ``OpenOutcome``).

        Taking over an order another bench started may need ``supervisor_code``
        (``ApprovalNeeded``).
        """
        return await self._opening.open(self._ctx.parse(barcode), barcode, supervisor_code)

    async def scan_item(self, code: str) -> ScanResult:
        """Count one item scan against the order on the bench."""
        return await self._scanning.count(self._ctx.parse(code), code)

    async def identify_item(self, code: str) -> OrderLine | None:
        """The order line of the product ``code`` names — the bench's order first, then the
        merchant's other orders — to name a wrong item and show its picture; None: unknown."""
        return await self._lookup.identify(code)

    async def skip_verification(self, reason: str, supervisor_code: str | None = None) -> None:
        """Let the order go without scanning its items, with the packer's reason.

        Refused (ValueError) when the policy requires every item; ``ApprovalNeeded`` when the
        station's rules want a supervisor's badge or PIN and ``supervisor_code`` is none.
        Units not scanned are *not verified* (``CycleReport.not_verified``), never scanned.
        """
        await self._scanning.skip_verification(reason, supervisor_code)

    async def set_parcels(
        self, count: int, weights_g: Sequence[int] | None = None
    ) -> tuple[Parcel, ...]:
        """Set the parcels of the order on the bench (raises ValueError with a plain message)."""
        return await self._scanning.set_parcels(count, weights_g)

    # ------------------------------------------------------------------ boxes

    async def next_box(self, box_type: BoxType | None = None) -> Box:
        """Open the next box (F4, NEXT-PARCEL), or give the current, still empty box a type;
        the next scans go into it (ValueError in plain words when the current box is empty)."""
        return await self._boxing.next_box(box_type)

    async def select_box(self, number: int) -> Box:
        """Make box ``number`` the one the next scans go into."""
        return await self._boxing.select_box(number)

    async def move_units(
        self, sku: str, source: int, target: int, quantity: int = 1
    ) -> tuple[Box, ...]:
        """Move units of ``sku`` between boxes before finishing (the next number: a new box)."""
        return await self._boxing.move(sku, source, target, quantity)

    async def set_boxes(self, boxes: Sequence[Box]) -> tuple[Box, ...]:
        """Say at once what is in each box (``--box``): every unit of the order in exactly one
        box, with the measured weights when given; ValueError in plain words otherwise."""
        return await self._boxing.set_boxes(boxes)

    async def weigh_box(self, number: int, grams: int | None) -> Box:
        """Record box ``number``'s weight on the scale (None: not weighed)."""
        return await self._boxing.weigh(number, grams)

    @property
    def has_scale(self) -> bool:
        return self._ctx.ports.scale is not None

    async def read_scale(self) -> Weight | None:
        """What the scale shows now, stable or not (None: no scale; ``ScaleError`` in words)."""
        return await self._gate.live()

    async def weigh(
        self, number: int | None = None, grams: int | None = None, timeout_s: float = 5.0
    ) -> WeightCheck:
        """Weigh a box (default: the current one) from the scale, or with ``grams``; the
        weight gate's verdict, journalled (``ScaleError`` when the scale cannot give a stable
        weight, ``LookupError`` when there is no scale and no ``grams``)."""
        return await self._gate.weigh(number, grams, timeout_s)

    async def confirm_weight(self, number: int) -> Box:
        """The packer keeps box ``number`` as it is, though the gate found it off."""
        return await self._gate.decide(number, WeightDecision.CONFIRMED)

    async def recheck_weight(self, number: int) -> Box:
        """The packer opens box ``number`` to check it; its weight is forgotten."""
        return await self._gate.decide(number, WeightDecision.RECHECKED)

    async def confirm_weights(self) -> list[int]:
        """Confirm every box the gate found off (``pack --confirm-weight``)."""
        return await self._gate.confirm_all()

    async def reprint_slip(self, order_id: str) -> SlipOutcome:
        """Make and print the packing slip of the order's latest cycle again, from the
        journal (its order snapshot and boxes); LookupError when the order was never packed,
        ``SlipNotReady`` while it is still being packed (or was given up)."""
        record = await self._ctx.journal.latest_cycle(order_id)
        if record is None or record.order is None:
            raise Missing(
                RefusalKind.NOT_PACKED_HERE,
                f"Order {order_id} has not been packed at this station.",
                order_id=order_id,
            )
        if record.status in (CycleStatus.PACKING, CycleStatus.ABANDONED):
            raise SlipNotReady(
                f"Order {order_id} is not finished: its packing slip is made when it is "
                "(the boxes may still change)."
            )
        return await self._slips.make(record, "reprint")

    # ------------------------------------------------------------------ finishing

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
        return await self._finishing.finish(tracking_codes)

    async def cancel(self, reason: str) -> None:
        """Take the order off the bench unfinished (only before any label was bought)."""
        await self._finishing.cancel(reason)

    async def in_flight(self) -> list[InFlight]:
        """Cycles left unfinished, oldest first, with what is left to do."""
        return await self._finishing.in_flight()

    async def resume(
        self, cycle_id: str | None = None, *, reprint_uncertain: bool = False
    ) -> list[ResumeResult]:
        """Finish cycles left in flight (all, or one): never buying twice, printing once.

        A cycle whose finish the packer never pressed waits for the packer (scan the order
        again): its items may not all be checked, or its boxes not all entered, and nothing
        is bought for it yet. A cycle whose finish was pressed is finished with the boxes it
        was pressed with (a label purchase may be in flight).
        A label that may have printed before a crash (the printer cannot tell) is held and
        reported, unless ``reprint_uncertain`` (the packer checked: it did not print).
        """
        self._printing.reprint_uncertain = reprint_uncertain
        try:
            return await self._finishing.resume(cycle_id)
        finally:
            self._printing.reprint_uncertain = False

    async def recover(self, order_id: str) -> CycleReport | RecoveryRefused:
        """An order 7S shows shipped whose labels the journal lost (a power cut): its labels
        are looked up at 7S by their references and printed once; nothing is ever bought."""
        return await self._recovery.recover(order_id)

    async def abandon(self, cycle_id: str, reason: str) -> None:
        """Give up an unfinished cycle on purpose (refused once a label exists: void it first)."""
        await self._finishing.abandon(cycle_id, reason)

    async def report(self, cycle_id: str) -> CycleReport:
        record = await self._ctx.journal.cycle(cycle_id)
        if record is None:
            raise Missing(RefusalKind.NO_SUCH_CYCLE, f"no cycle {cycle_id}")
        session = await self._opening.restore(record, start_loading=False)
        return self._ctx.report(session)

    # ------------------------------------------------------------------ reprint and void

    async def reprint(
        self, order_or_tracking: str, reason: str = "", supervisor_code: str | None = None
    ) -> ReprintReport:
        """Print stored labels again (an order's, or one tracking code's): never a new label.

        ``reason`` (the packer's, from the bench window) is journalled with each reprint. A
        label that was reprinted before needs ``supervisor_code`` when the station's rules
        want one (``ApprovalNeeded``).
        """
        return await self._reprint.reprint(order_or_tracking, reason, supervisor_code)

    async def void(
        self,
        tracking_code: str,
        reason: str,
        *,
        replace_label: bool = False,
        supervisor_code: str | None = None,
    ) -> VoidReport:
        """Cancel a label at 7S with a reason; ``replace_label`` buys and prints the next one.

        The parcel's next label gets the next void generation in its reference number.
        ``ApprovalNeeded`` when the station's rules want a supervisor's badge or PIN and
        ``supervisor_code`` is none (checked before anything is sent).
        """
        return await self._reprint.void(
            tracking_code, reason, replace_label=replace_label, supervisor_code=supervisor_code
        )


__all__ = ["PackingService"]
