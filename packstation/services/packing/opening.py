"""Opening an order: the ``scanned`` step, and rebuilding a cycle from the journal.

The merchant order and the 7S order are looked up at the same time; the cycle is journalled
with a snapshot of the merchant order, so a resume never depends on the order source again.
What opening does is the domain's decision (``domain.bench.open_start``): a packed order
offers its labels for a reprint, an unfinished one is continued, anything else starts anew.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace

from packstation.domain.approval import Approval, GuardedAction, TakeOver, take_over
from packstation.domain.barcodes import CodeKind, Scan, display_code
from packstation.domain.bench import (
    LabelsAt7S,
    OpenStart,
    open_start,
    own_label_mode,
    packed_order,
)
from packstation.domain.cycle import (
    CycleInterrupted,
    CycleRecord,
    CycleStatus,
    CycleStep,
    JournalKind,
    VerificationPolicy,
    step_reached,
)
from packstation.domain.errors import ShippingApiError
from packstation.domain.label_data import label_data_problems
from packstation.domain.notes import Note, NoteKind
from packstation.domain.orders import MerchantOrder, OrderNotInSource, OrderSourceError
from packstation.domain.packing import (
    NotPackableReason,
    PackingProgress,
    Parcel,
    not_packable_message,
    packability,
)
from packstation.domain.shipping import SevenSendersOrder
from packstation.domain.warehouse import ClaimOutcome, held_elsewhere_message
from packstation.services.packing.boxing import fill_current_box, sync_parcels
from packstation.services.packing.context import CycleContext
from packstation.services.packing.events import Notice, NoticeLevel
from packstation.services.packing.label_lookup import labels_of_order
from packstation.services.packing.loading import OrderLoading
from packstation.services.packing.results import OpenOutcome, OpenResult
from packstation.services.packing.session import OrderSession


class OrderOpening:
    """Puts an order on the bench, and restores cycles from the journal."""

    def __init__(self, ctx: CycleContext, loading: OrderLoading) -> None:
        self._ctx = ctx
        self._loading = loading

    async def open(self, scan: Scan, raw: str, supervisor_code: str | None = None) -> OpenResult:
        """An order barcode (already parsed) puts its order on the bench (see ``OpenOutcome``).

        An order another bench started is taken over only with a supervisor's badge or PIN
        when the station's rules want one (``ApprovalNeeded`` otherwise; nothing changes).
        """
        ctx = self._ctx
        shown = display_code(scan.value or raw)
        await ctx.note(
            JournalKind.SCAN,
            order_id=scan.order_id,
            detail={"code": shown, "kind": scan.kind.value},
        )
        if scan.kind is not CodeKind.ORDER or not scan.order_id:
            text = scan.error or f"{shown} is not an order barcode."
            return OpenResult(OpenOutcome.NOT_AN_ORDER, None, text)
        async with ctx.lock:
            return await self._open(scan.order_id, supervisor_code)

    async def _open(self, order_id: str, supervisor_code: str | None) -> OpenResult:
        ctx = self._ctx
        previous = await ctx.journal.latest_cycle(order_id)
        start = open_start(previous)
        if start is OpenStart.ALREADY_PACKED:
            assert previous is not None
            packed = packed_order(previous, await ctx.journal.attempts(previous.cycle_id))
            await ctx.note(
                JournalKind.ALREADY_PACKED,
                order_id=order_id,
                cycle_id=previous.cycle_id,
                detail={"labels": [a.tracking_code for a in packed.live]},
            )
            return OpenResult(
                OpenOutcome.ALREADY_PACKED, order_id, packed.message, labels=packed.live
            )
        refused = await self._claim(order_id)
        if refused is not None:
            return refused
        try:
            opened = await self._claimed(order_id, start, previous, supervisor_code)
        except Exception:  # refused (no approval, …): nothing waits for the order here
            await ctx.release_claim(order_id)
            raise
        if opened.outcome not in (OpenOutcome.OPENED, OpenOutcome.CONTINUED):
            await ctx.release_claim(order_id)  # not packed here: nobody waits for it
        return opened

    async def _claimed(
        self,
        order_id: str,
        start: OpenStart,
        previous: CycleRecord | None,
        supervisor_code: str | None,
    ) -> OpenResult:
        """The order is this bench's (claimed, or no store): continue or start its cycle."""
        ctx = self._ctx
        if start is OpenStart.CONTINUE:
            assert previous is not None
            taking = take_over(order_id, previous, ctx.policy.station_name, None)
            approval = None
            if taking is not None:
                approval = await ctx.approve(
                    GuardedAction.TAKE_OVER,
                    supervisor_code,
                    order_id=order_id,
                    cycle_id=previous.cycle_id,
                )
                previous = replace(previous, station=ctx.policy.station_name)
            session = await self.restore(previous)
            ctx.current = session
            what = (
                "continue scanning its items"
                if previous.status is CycleStatus.PACKING
                else "its labels are finished next"
            )
            if taking is None:
                await ctx.note(
                    JournalKind.CYCLE_CONTINUED, order_id=order_id, cycle_id=previous.cycle_id
                )
            else:
                await ctx.save_cycle(
                    session,
                    JournalKind.CYCLE_CONTINUED,
                    _taken_over(taking, approval, ctx.packer),
                )
            return OpenResult(
                OpenOutcome.CONTINUED,
                order_id,
                f"Order {order_id} was left unfinished: {what}.",
                session=session,
            )
        return await self._start(order_id, previous, supervisor_code)

    async def _claim(self, order_id: str) -> OpenResult | None:
        """Claim the order in the warehouse store; the refusal when another bench holds it.

        Without a store, or with the store down, the bench goes on (7S's reference uniqueness
        still stops a second purchase).
        """
        ctx = self._ctx
        link = ctx.ports.warehouse
        if link is None:
            return None
        answer = await link.claim(order_id, packer=ctx.packer)
        if answer.outcome is ClaimOutcome.OFFLINE:
            await ctx.note(
                JournalKind.CLAIM_OFFLINE, order_id=order_id, detail={"problem": answer.detail}
            )
            return None
        if answer.outcome is ClaimOutcome.GRANTED or answer.claim is None:
            return None
        holder = answer.claim
        await ctx.note(
            JournalKind.CLAIMED_ELSEWHERE,
            order_id=order_id,
            detail={
                "bench": holder.bench_name,
                "packer": holder.packer,
                "since": holder.claimed_at.isoformat(),
            },
        )
        return OpenResult(
            OpenOutcome.CLAIMED_ELSEWHERE,
            order_id,
            held_elsewhere_message(holder),
            claim=holder,
        )

    async def _start(
        self, order_id: str, previous: CycleRecord | None, supervisor_code: str | None
    ) -> OpenResult:
        """A new cycle: both orders looked up at once, the cycle journalled, loading started."""
        ctx = self._ctx
        merchant_result, seven_result = await asyncio.gather(
            ctx.ports.orders.get_order(order_id),
            ctx.api.find_order(order_id),
            return_exceptions=True,
        )
        if isinstance(merchant_result, BaseException):
            return await self._refuse_source(order_id, merchant_result, seven_result)
        merchant = merchant_result
        seven: SevenSendersOrder | None = None
        warnings: list[Note] = []
        if isinstance(seven_result, ShippingApiError):
            warnings.append(
                Note(
                    NoteKind.NOT_ASKED_YET,
                    f"Seven Senders could not be asked about order {order_id} yet "
                    f"({seven_result}); the station keeps trying while the items are scanned.",
                    seven_result,
                    order_id=order_id,
                )
            )
        elif isinstance(seven_result, BaseException):
            raise seven_result
        else:
            seven = seven_result
            reason = packability(seven.state if seven else None)
            if reason is NotPackableReason.ALREADY_SHIPPED:
                elsewhere = await self._packed_elsewhere(order_id)
                if elsewhere is not None:
                    return elsewhere
            if reason is not None:
                await ctx.note(
                    JournalKind.NOT_PACKABLE,
                    order_id=order_id,
                    detail={"reason": reason.value, "state": seven.state if seven else None},
                )
                message = not_packable_message(order_id, reason)
                return OpenResult(OpenOutcome.NOT_PACKABLE, order_id, message, reason=reason)
        refused = await self._check_label_data(merchant, warnings)
        if refused is not None:
            return refused
        taken: dict[str, str] = {}
        taking = take_over(
            order_id, previous, ctx.policy.station_name, seven.state if seven else None
        )
        if taking is not None:
            approval = await ctx.approve(
                GuardedAction.TAKE_OVER, supervisor_code, order_id=order_id
            )
            if approval is not None:  # without a rule, another bench's order is opened as ever
                taken = _taken_over(taking, approval, ctx.packer)
        session = await self._new_cycle(merchant, seven, warnings, taken)
        self._loading.start(session)
        return OpenResult(
            OpenOutcome.OPENED,
            order_id,
            f"Order {order_id}: scan the items ({merchant.units} unit(s)).",
            session=session,
        )

    async def _check_label_data(
        self, merchant: MerchantOrder, warnings: list[Note]
    ) -> OpenResult | None:
        """Everything 7S needs for a label, checked before any money is spent.

        A missing recipient field refuses the order (naming the field); items without a
        weight only warn, since the parcel weights may be given when finishing.
        """
        ctx = self._ctx
        problems = label_data_problems(merchant, ctx.carrier_for(merchant), ctx.policy.label_data)
        blocking = [p for p in problems if not p.field.startswith("items[")]
        if ctx.policy.own_label:  # the label is made elsewhere: 7S needs no weight for it
            problems = tuple(blocking)
        warnings.extend(
            Note(
                NoteKind.ITEM_DATA_MISSING,
                f"Order {merchant.order_id}: {p}",
                order_id=merchant.order_id,
                field=p.field,
            )
            for p in problems
            if p.field.startswith("items[")
        )
        if not blocking:
            return None
        order_id = merchant.order_id
        await ctx.note(
            JournalKind.NOT_PACKABLE,
            order_id=order_id,
            detail={"reason": "label_data", "fields": [p.field for p in blocking]},
        )
        return OpenResult(
            OpenOutcome.SOURCE_PROBLEM,
            order_id,
            f"Order {order_id} cannot get a label; fix the merchant's data first (nothing "
            "was bought): " + "; ".join(str(p) for p in blocking),
            problems=tuple(blocking),
        )

    async def _packed_elsewhere(self, order_id: str) -> OpenResult | None:
        """A shipped order whose labels another bench bought: say so (None: no label of ours)."""
        ctx = self._ctx
        try:
            found = await labels_of_order(ctx.api, order_id, ctx.label_format())
            labels = LabelsAt7S.of(order_id, found.labels).labels
        except ShippingApiError:
            return None
        if not labels:
            return None
        codes = [label.tracking_code for label in labels]
        where = await ctx.packed_elsewhere(order_id, codes)
        await ctx.note(
            JournalKind.PACKED_ELSEWHERE,
            order_id=order_id,
            detail={"labels": codes, "bench": where.bench},
        )
        return OpenResult(
            OpenOutcome.PACKED_ELSEWHERE,
            order_id,
            where.message,
            reason=NotPackableReason.ALREADY_SHIPPED,
            tracking_codes=tuple(codes),
            bench=where.bench,
            packed_at=where.at,
        )

    async def _new_cycle(
        self,
        merchant: MerchantOrder,
        seven: SevenSendersOrder | None,
        warnings: list[Note],
        taken_over: dict[str, str],
    ) -> OrderSession:
        ctx = self._ctx
        now = ctx.clock()
        record = CycleRecord(
            cycle_id=uuid.uuid4().hex,
            order_id=merchant.order_id,
            station=ctx.policy.station_name,
            status=CycleStatus.PACKING,
            step=CycleStep.SCANNED,
            created_at=now,
            updated_at=now,
            order=merchant,
            sevensenders_id=seven.id if seven else None,
            scanned=(0,) * len(merchant.lines),
        )
        if ctx.policy.verification is VerificationPolicy.OFF:
            record = replace(
                record,
                skip_reason="station policy: items are not scanned",
            )
        session = OrderSession(
            record,
            merchant,
            PackingProgress(merchant, record.scanned),
            own_label=own_label_mode(ctx.policy.own_label, record),
        )
        session.sevensenders = seven
        session.warnings.extend(warnings)
        fill_current_box(session)  # an order opened with its check off is boxed at once
        sync_parcels(session)
        session.customs_needed = ctx.customs_policy(merchant)
        session.record = replace(record, plan=ctx.plan(session))
        detail = {
            "station": ctx.policy.station_name,
            "packer": ctx.packer,
            "sevensenders_state": seven.state if seven else None,
            "units": merchant.units,
            "customs_needed": session.customs_needed,
            **taken_over,
        }
        await ctx.save_cycle(session, JournalKind.CYCLE_OPENED, detail)
        ctx.step(session, CycleStep.SCANNED)
        for warning in warnings:
            ctx.emit(Notice(NoticeLevel.WARNING, warning, merchant.order_id, note=warning))
        if merchant.parcels > 1:  # the shop's plan: a hint, the packer's boxes decide
            hint = Note(
                NoteKind.PARCELS_PLANNED,
                f"The shop planned {merchant.parcels} parcels for order {merchant.order_id}: "
                "put what goes together in one box; F4 opens the next box.",
                order_id=merchant.order_id,
                parcels=merchant.parcels,
            )
            ctx.emit(Notice(NoticeLevel.INFO, hint, merchant.order_id, note=hint))
        ctx.current = session
        return session

    async def _refuse_source(
        self, order_id: str, error: BaseException, seven: object
    ) -> OpenResult:
        ctx = self._ctx
        if isinstance(error, OrderNotInSource):
            reason = NotPackableReason.UNKNOWN_ORDER
            message = not_packable_message(order_id, reason)
            if isinstance(seven, SevenSendersOrder):
                message = (
                    f"Order {order_id} is not in the merchant's order data (Seven Senders knows "
                    "it, but the recipient comes from the merchant); it cannot be packed yet."
                )
            await ctx.note(
                JournalKind.NOT_PACKABLE, order_id=order_id, detail={"reason": "unknown"}
            )
            return OpenResult(OpenOutcome.NOT_PACKABLE, order_id, message, reason=reason)
        if isinstance(error, OrderSourceError):
            await ctx.note(
                JournalKind.ORDER_SOURCE_PROBLEM, order_id=order_id, detail={"error": str(error)}
            )
            return OpenResult(
                OpenOutcome.SOURCE_PROBLEM,
                order_id,
                f"The merchant's data for order {order_id} cannot be read: {error}",
                error=error,
            )
        raise error

    async def restore(self, record: CycleRecord, *, start_loading: bool = True) -> OrderSession:
        """Rebuild a session from the journal (after a crash, or to finish a cycle)."""
        ctx = self._ctx
        on_bench = ctx.on_bench(record)
        if on_bench is not None:
            return on_bench
        if record.order is None:
            raise CycleInterrupted(f"The journal holds no order data for {record.order_id}.")
        order = record.order
        scanned = record.scanned if len(record.scanned) == len(order.lines) else None
        progress = PackingProgress(order, scanned) if scanned else PackingProgress.start(order)
        own_label = own_label_mode(ctx.policy.own_label, record)
        session = OrderSession(record, order, progress, own_label=own_label)
        session.customs_needed = ctx.customs_policy(order)
        plan = record.plan
        if plan is not None and plan.boxes:
            session.boxes = plan.boxes
            session.current_box = len(plan.boxes)
        elif plan is not None and len(plan.parcels) > 1:  # a number of parcels, no contents
            session.parcels_only = tuple(
                Parcel(p.number, p.count, p.weight_g) for p in plan.parcels
            )
        fill_current_box(session)  # a journal from before boxes: all counted units in box 1
        sync_parcels(session)
        if plan is not None and step_reached(record.step, CycleStep.PARCELS_SET):
            session.parcels = tuple(  # fixed when the packer finished
                Parcel(p.number, p.count, p.weight_g) for p in plan.parcels
            )
        session.attempts = await ctx.journal.attempts(record.cycle_id)
        if start_loading and record.status is CycleStatus.PACKING:
            self._loading.start(session)
        return session


def _taken_over(taking: TakeOver, approval: Approval | None, packer: str) -> dict[str, str]:
    """The journal's record of a take-over: from where, by whom, approved by whom."""
    return {
        "taken_over_from": taking.bench or "another bench",
        "packer": packer,
        **(approval.journal_detail() if approval is not None else {}),
    }
