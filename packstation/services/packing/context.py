"""What every part of the packing cycle shares: ports, rules, time, listeners, the bench.

`CycleContext` is handed to each part (opening, loading, labels, own labels, printing,
finishing, reprint/void). It holds no cycle logic of its own, only the one way each shared
thing is done: a journal line (`note`), a journalled cycle change (`save_cycle`), a journalled
label attempt (`record_attempt`: saved, journalled, kept on the bench and announced in one
place), a step reached (`step`) and an event for the listeners (`emit`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from packstation.domain.approval import Approval, ApprovalNeeded, GuardedAction
from packstation.domain.barcodes import BarcodeConfig, Gs1Decoder, Scan, parse_scan
from packstation.domain.cycle import (
    AttemptStatus,
    CyclePlan,
    CycleRecord,
    CycleStep,
    JournalEvent,
    JournalKind,
    LabelAttempt,
    LabelStep,
    NewOutboxEntry,
    PackedElsewhere,
    ParcelPlan,
    account_key,
    station_key,
)
from packstation.domain.orders import MerchantOrder
from packstation.domain.shipping import Carrier, LabelFormat
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
from packstation.services.customs_step import CustomsPolicy, CustomsStep
from packstation.services.outbox import OutboxService
from packstation.services.packing.events import (
    Listener,
    PackingEvent,
    StationPolicy,
    StepReached,
)
from packstation.services.packing.results import CycleReport, ParcelReport
from packstation.services.packing.session import OrderSession
from packstation.services.print_queue import PrintQueue
from packstation.services.warehouse import WarehouseLink

log = logging.getLogger("packstation.services.packing")


@dataclass(frozen=True, slots=True)
class Ports:
    """The outside world as the cycle reaches it."""

    api: ShippingApi
    orders: OrderSource
    printer: LabelPrinter
    journal: Journal
    archive: LabelArchive
    outbox: OutboxService
    pudo_choices: PudoChoices | None = None
    print_queue: PrintQueue | None = None
    scale: Scale | None = None
    slips: PackingSlipMaker | None = None
    document_printer: LabelPrinter | None = None
    warehouse: WarehouseLink | None = None


class CycleContext:
    """The state and the plumbing the parts of the cycle share (one per ``PackingService``).

    Attributes:
        current: the order on the bench, if any.
        lock: held by every public operation that changes a cycle, so two never interleave.
        packer: who is signed in at the bench (journalled with every cycle step); at first
            the station's ``packer_name``.
    """

    def __init__(
        self,
        ports: Ports,
        *,
        policy: StationPolicy,
        barcodes: BarcodeConfig,
        gs1: Gs1Decoder | None,
        customs_policy: CustomsPolicy,
        customs_step: CustomsStep,
        on_step: Callable[[StepReached], None] | None,
        clock: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self.ports = ports
        self.api = ports.api
        self.journal = ports.journal
        self.policy = policy
        self.barcodes = barcodes
        self.gs1 = gs1
        self.customs_policy = customs_policy
        self.customs_step = customs_step
        self.clock = clock
        self.sleep = sleep
        self.listeners: list[Listener] = []
        self.current: OrderSession | None = None
        self.packer = policy.packer_name
        self.lock = asyncio.Lock()
        self._on_step = on_step
        self._key: str | None = None

    # ------------------------------------------------------------------ rules

    def parse(self, raw: str) -> Scan:
        return parse_scan(raw, self.barcodes, self.gs1)

    async def station_key(self) -> str:
        """This bench's name and id: the prefix of the old per-bench reference numbers."""
        if self._key is None:
            self._key = station_key(self.policy.station_name, await self.journal.station_uid())
        return self._key

    def reference_key(self) -> str:
        """The prefix of every reference number this bench makes: the account's, not its own."""
        return account_key(self.policy.account)

    async def release_claim(self, order_id: str) -> None:
        """The order is finished or given up at this bench: free its warehouse claim."""
        if self.ports.warehouse is not None:
            await self.ports.warehouse.release(order_id)

    async def packed_elsewhere(
        self, order_id: str, tracking_codes: Sequence[str]
    ) -> PackedElsewhere:
        """``PackedElsewhere`` naming the bench and the time when the warehouse store knows."""
        found = None
        if self.ports.warehouse is not None:
            found = await self.ports.warehouse.packed_at(order_id)
        bench, at = found if found is not None else (None, None)
        return PackedElsewhere(order_id, tracking_codes, bench, at)

    def label_format(self) -> LabelFormat:
        """The label format this bench buys: the override, else what the printer prints."""
        return self.policy.label_format or self.ports.printer.profile.label_format()

    def carrier_for(self, order: MerchantOrder) -> Carrier | None:
        """The merchant order's carrier, else the station's."""
        return order.carrier or self.policy.carrier

    def plan(self, session: OrderSession) -> CyclePlan | None:
        """The session's parcels, label format and carrier as a plan (None: no carrier)."""
        carrier = self.carrier_for(session.order)
        if carrier is None:
            return None
        return CyclePlan(
            parcels=tuple(ParcelPlan(p.number, p.count, p.weight_g) for p in session.parcels),
            label_format=self.label_format(),
            carrier=carrier,
            skip_reason=session.record.skip_reason,
            own_label=session.own_label,
            boxes=session.boxes if session.contents_known else (),
        )

    async def approve(
        self,
        action: GuardedAction,
        supervisor_code: str | None,
        *,
        order_id: str | None = None,
        cycle_id: str | None = None,
    ) -> Approval | None:
        """A supervisor's approval of ``action`` when the station's rules want one.

        None: the action needs nobody. Raises ``ApprovalNeeded`` when it does and
        ``supervisor_code`` (a badge scan or PIN) is missing or nobody's; a refused code is
        journalled (the action and the order, never the code). The hashes are checked in a
        worker thread: the check is slow on purpose.
        """
        supervision = self.policy.supervision
        rule = supervision.rule(action)
        if rule is None:
            return None
        if supervisor_code is None or not supervisor_code.strip():
            raise ApprovalNeeded(action, rule, refused=False)
        approval = await asyncio.to_thread(supervision.check, action, supervisor_code)
        if approval is None:
            await self.note(
                JournalKind.APPROVAL_REFUSED,
                order_id=order_id,
                cycle_id=cycle_id,
                detail={"action": action.value, "packer": self.packer},
            )
            raise ApprovalNeeded(action, rule, refused=True)
        return approval

    # ------------------------------------------------------------------ the journal

    async def note(
        self,
        kind: JournalKind,
        *,
        order_id: str | None = None,
        cycle_id: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """One journal line about what happened (no record changes with it)."""
        await self.journal.append(JournalEvent(kind, order_id, cycle_id, detail or {}))

    async def save_cycle(
        self,
        session: OrderSession,
        kind: JournalKind,
        detail: Mapping[str, Any] | None = None,
        enqueue: Sequence[NewOutboxEntry] = (),
    ) -> None:
        """The session's cycle record, its journal line and outbox entries in one transaction."""
        event = JournalEvent(kind, session.order_id, session.cycle_id, detail or {})
        await self.journal.save_cycle(session.record, event, enqueue)

    async def record_attempt(
        self,
        attempt: LabelAttempt,
        kind: JournalKind,
        /,
        *,
        session: OrderSession | None = None,
        reached: LabelStep | None = None,
        **detail: Any,
    ) -> LabelAttempt:
        """Save a label attempt with its journal line, keep it on the bench, announce it.

        ``session``: the cycle being worked on (kept there even when it is not the one on
        the bench); ``reached``: the label step this change reports to the listeners.
        """
        event = JournalEvent(kind, attempt.order_id, attempt.cycle_id, detail)
        await self.journal.save_attempt(attempt, event)
        if session is not None:
            session.keep(attempt)
        self.sync(attempt)
        if reached is not None:
            self._reached(attempt.cycle_id, attempt.order_id, reached, attempt)
        return attempt

    def sync(self, attempt: LabelAttempt) -> None:
        """Keep the session on the bench in step with an attempt changed outside its cycle."""
        if self.current is not None and self.current.cycle_id == attempt.cycle_id:
            self.current.keep(attempt)

    def on_bench(self, record: CycleRecord) -> OrderSession | None:
        """The session on the bench when it is ``record``'s cycle."""
        current = self.current
        return current if current is not None and current.cycle_id == record.cycle_id else None

    # ------------------------------------------------------------------ events

    def step(self, session: OrderSession, step: CycleStep) -> None:
        """A cycle step was journalled: the ``on_step`` hook and the listeners hear it."""
        self._reached(session.cycle_id, session.order_id, step, None)

    def label_step(self, attempt: LabelAttempt, step: LabelStep) -> None:
        """A parcel's label step was journalled (see ``record_attempt``'s ``reached``)."""
        self._reached(attempt.cycle_id, attempt.order_id, step, attempt)

    def _reached(
        self,
        cycle_id: str,
        order_id: str,
        step: CycleStep | LabelStep,
        attempt: LabelAttempt | None,
    ) -> None:
        event = StepReached(
            cycle_id=cycle_id,
            order_id=order_id,
            step=step,
            parcel=attempt.parcel_no if attempt else None,
            parcels=attempt.parcel_count if attempt else None,
        )
        if self._on_step is not None:
            self._on_step(event)
        self.emit(event)

    def emit(self, event: PackingEvent) -> None:
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a packing listener failed on %s", type(event).__name__)

    # ------------------------------------------------------------------ reporting

    def report(self, session: OrderSession) -> CycleReport:
        """Where the session's cycle stands, for the screen, the command line and ``--json``."""
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
            boxes=plan.boxes if plan else (),
            not_verified=session.not_verified,
        )


def parcel_text(attempt: LabelAttempt) -> str:
    """``order A100, parcel 1 of 2``: how messages name a parcel."""
    return f"order {attempt.order_id}, parcel {attempt.parcel_no} of {attempt.parcel_count}"


def consume_exception(task: asyncio.Task[Any]) -> None:
    """Background tasks report through the journal and ``finish``; never "never retrieved"."""
    if not task.cancelled() and task.exception() is not None:
        log.info("background step %s failed: %s", task.get_name(), task.exception())
