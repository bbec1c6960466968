"""Finishing a cycle: items_verified → parcels_set → labels → follow_ups → done.

The packer is done (``finish``): the parcels are fixed, every parcel gets its label (or its
own-label shipment), and the follow-ups — order items linked (Return Portal Pro),
``boarding_complete`` after the last parcel, and the customs step — are queued in the outbox
in one transaction. A cycle left in flight (a crash, a closed window, a network cut) is
finished by ``resume`` the same way, never buying twice and printing once; or given up on
purpose with a reason (``abandon``, ``cancel``) as long as no label exists.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from packstation.domain.boxes import boxes_to_plain, line_units_by_box
from packstation.domain.cycle import (
    AttemptStatus,
    CycleInterrupted,
    CyclePlan,
    CycleRecord,
    CycleStatus,
    CycleStep,
    JournalEvent,
    JournalKind,
    LabelAttempt,
    NewOutboxEntry,
    OutboxKind,
    OutboxStatus,
    PackedElsewhere,
    step_reached,
)
from packstation.domain.notes import Note, NoteKind
from packstation.domain.refusals import Missing, Refusal, RefusalKind
from packstation.services.packing.boxing import (
    box_record,
    boxes_problem,
    lighter_than_goods,
    sync_parcels,
)
from packstation.services.packing.context import CycleContext
from packstation.services.packing.events import Notice, NoticeLevel
from packstation.services.packing.gate import WeightGate
from packstation.services.packing.labels import LabelBuying
from packstation.services.packing.loading import OrderLoading, stop
from packstation.services.packing.opening import OrderOpening
from packstation.services.packing.own_label import OwnLabelShipments
from packstation.services.packing.results import (
    CycleReport,
    FinishOutcome,
    FinishRefused,
    InFlight,
    Interrupted,
    ResumeResult,
)
from packstation.services.packing.session import OrderSession
from packstation.services.packing.slip import PackingSlips

log = logging.getLogger(__name__)


class Finishing:
    """Takes a packed order from the bench to done (or to "needs print")."""

    def __init__(
        self,
        ctx: CycleContext,
        opening: OrderOpening,
        loading: OrderLoading,
        labels: LabelBuying,
        own_label: OwnLabelShipments,
        gate: WeightGate,
        slips: PackingSlips,
    ) -> None:
        self._ctx = ctx
        self._gate = gate
        self._slips = slips
        self._opening = opening
        self._loading = loading
        self._labels = labels
        self._own_label = own_label

    async def finish(self, tracking_codes: Sequence[str] | None) -> CycleReport | FinishRefused:
        """The packer is done: see ``PackingService.finish``."""
        async with self._ctx.lock:
            session = self._ctx.current
            if session is None:
                raise Missing(RefusalKind.NO_ORDER_ON_BENCH, "no order is on the bench")
            if session.status is CycleStatus.PACKING and not session.ready_to_finish:
                remaining = tuple((line.sku, left) for line, left in session.progress.remaining)
                missing = sum(left for _, left in remaining)
                lines = ", ".join(f"{sku} ×{left}" for sku, left in remaining)
                refusal = Refusal(
                    RefusalKind.ITEMS_NOT_SCANNED,
                    f"{missing} item(s) of order {session.order_id} are not scanned yet: {lines}",
                    order_id=session.order_id,
                    missing=missing,
                    lines=lines,
                )
                return FinishRefused(session.order_id, refusal, remaining)
            if session.status is CycleStatus.PACKING:
                problem = boxes_problem(session)
                if problem is not None:
                    return FinishRefused(session.order_id, problem, (), boxes=True)
                problem = await self._gate.problem(session)
                if problem is not None:
                    return FinishRefused(session.order_id, problem, (), boxes=True, weight=True)
            if tracking_codes is None and session.own_label:
                tracking_codes = list(session.carrier_codes)  # scanned at the bench
            if tracking_codes is not None:
                refused = await self._own_label.take_codes(session, tracking_codes)
                if refused is not None:
                    if refused.tracking_code in session.carrier_codes:
                        session.carrier_codes.remove(refused.tracking_code)
                    return refused
            await self._pressed(session)
            report = await self.run(session)
            session.carrier_codes.clear()
            return report

    async def _pressed(self, session: OrderSession) -> None:
        """Journal that the packer pressed finish with these boxes, before anything else is
        done: a crash from here on is finished by ``resume`` with them (before it, the cycle
        waits for its packer: boxes still being entered are never shipped as they stand)."""
        ctx = self._ctx
        plan = session.record.plan
        if session.status is not CycleStatus.PACKING or (plan is not None and plan.finish_pressed):
            return  # finishing already, or pressed before with these very boxes
        sync_parcels(session)
        pressed = ctx.plan(session)
        if pressed is None:
            return  # no carrier: finishing stops with that (nothing is bought)
        session.record = replace(
            session.record, plan=replace(pressed, finish_pressed=True), updated_at=ctx.clock()
        )
        await ctx.save_cycle(
            session, JournalKind.FINISH_PRESSED, {"packer": ctx.packer, **box_record(session)}
        )

    async def finish_outcome(self) -> FinishOutcome:
        """``finish`` with the scanned carrier labels, an interruption as a value."""
        session = self._ctx.current
        try:
            return await self.finish(None)
        except CycleInterrupted as exc:
            return Interrupted.of(session.order_id if session is not None else "", exc)

    async def run(self, session: OrderSession) -> CycleReport:
        """Finish the session's cycle from wherever it stopped (the lock is held)."""
        ctx = self._ctx
        ctx.current = session
        try:
            report = await self._steps(session)
        except PackedElsewhere as exc:
            await self._packed_elsewhere(session, exc)
            await ctx.release_claim(session.order_id)
            raise
        except CycleInterrupted as exc:
            interrupted = exc.with_bought(*_bought(session))
        except Exception as exc:
            bought = _bought(session)
            if not bought:
                raise  # nothing is bought: the caller's error is the whole story
            # a label is paid for: whatever went wrong, it is "bought, not finished"
            log.info(
                "cycle %s stopped after its labels were bought: %r",
                session.cycle_id,
                exc,
            )
            interrupted = CycleInterrupted(
                f"The labels of order {session.order_id} are bought ({', '.join(bought)}) but "
                f"the order could not be finished: {str(exc).rstrip('.') or type(exc).__name__}."
                " Run `packstation resume` (or scan the order again) to finish it; nothing is "
                "bought again.",
                bought=bought,
            )
            interrupted.__cause__ = exc  # what stopped it, for the window's words
        else:
            await ctx.release_claim(session.order_id)  # its labels are bought: nobody needs it
            return report
        session.record = replace(session.record, note=interrupted.message, updated_at=ctx.clock())
        try:
            await ctx.save_cycle(
                session,
                JournalKind.CYCLE_INTERRUPTED,
                {
                    "problem": interrupted.message,
                    "unresolved": interrupted.unresolved,
                    "bought": list(interrupted.bought),
                },
            )
        except Exception as failure:  # noqa: BLE001 - the journal itself may be what failed
            log.info(
                "the interruption of cycle %s is not journalled: %r", session.cycle_id, failure
            )
        ctx.emit(Notice(NoticeLevel.ERROR, interrupted.message, session.order_id, interrupted))
        raise interrupted

    async def _packed_elsewhere(self, session: OrderSession, exc: PackedElsewhere) -> None:
        """Another bench bought the order's labels: this cycle ends here, abandoned.

        It buys nothing more (``resume`` leaves an abandoned cycle alone); a label this bench
        did buy in a split race stays in the journal, for a reprint or a void.
        """
        ctx = self._ctx
        ctx.current = None if ctx.current is session else ctx.current
        session.record = replace(
            session.record,
            status=CycleStatus.ABANDONED,
            note=exc.message,
            updated_at=ctx.clock(),
        )
        own = [a.tracking_code for a in session.attempts if a.live]
        await ctx.save_cycle(
            session,
            JournalKind.PACKED_ELSEWHERE,
            {
                "labels": list(exc.tracking_codes),
                "bench": exc.bench,
                "own_labels": own,
                "packer": ctx.policy.packer_name,
            },
        )
        ctx.emit(Notice(NoticeLevel.WARNING, exc.message, session.order_id, exc))

    async def _steps(self, session: OrderSession) -> CycleReport:
        await self._loading.loaded(session)
        await self._loading.station_point(session)  # a point chosen while on the bench
        if not step_reached(session.step, CycleStep.ITEMS_VERIFIED):
            progress = session.progress
            await self.advance(
                session,
                CycleStep.ITEMS_VERIFIED,
                {
                    "scanned": progress.units_scanned,
                    "units": progress.units_total,
                    "skip_reason": session.record.skip_reason,
                    "not_verified": [{"sku": sku, "units": n} for sku, n in session.not_verified],
                },
            )
        plan = await self._parcels_set(session)
        if not step_reached(session.step, CycleStep.LABELS):
            await self._before_labels(session)
            await self._labels.labels(session, plan)
            await self.advance(session, CycleStep.LABELS, {"parcels": len(plan.parcels)})
        else:  # labels were bought earlier: only prints may be missing (voided ones stay so)
            for parcel in plan.parcels:
                latest = session.latest_attempt(parcel.number)
                if latest is None or latest.status is not AttemptStatus.VOIDED:
                    await self._labels.parcel(session, parcel, plan)
        if not step_reached(session.step, CycleStep.FOLLOW_UPS):
            await self._follow_ups(session, plan)
        if session.step is not CycleStep.DONE:
            slip = await self._slips.at_finish(session.record)
            if slip is not None:
                level = NoticeLevel.INFO if slip.printed else NoticeLevel.WARNING
                if not slip.printed:
                    session.warnings.append(slip.message)
                self._ctx.emit(Notice(level, slip.message, session.order_id, note=slip.message))
        all_printed = all(
            (a := session.latest_attempt(p.number)) is not None
            and a.status is AttemptStatus.PRINTED
            for p in plan.parcels
        )
        status = CycleStatus.DONE if all_printed else CycleStatus.NEEDS_PRINT
        if session.step is not CycleStep.DONE or session.status is not status:
            session.record = replace(session.record, status=status, note="")
            await self.advance(session, CycleStep.DONE, {"status": status.value}, force=True)
        return self._ctx.report(session)

    async def _parcels_set(self, session: OrderSession) -> CyclePlan:
        """The final plan: fixed now (the packer is done), or as fixed before."""
        if not step_reached(session.step, CycleStep.PARCELS_SET):
            sync_parcels(session)  # the boxes' final weights
            session.warnings.extend(lighter_than_goods(session))
            plan = self._ctx.plan(session)
            if plan is None:
                raise CycleInterrupted(
                    f"Order {session.order_id} names no carrier and the station has none "
                    "configured (setting carrier, e.g. dhl:DE)."
                )
            session.record = replace(session.record, plan=plan, status=CycleStatus.FINISHING)
            await self.advance(
                session,
                CycleStep.PARCELS_SET,
                {
                    "parcels": len(plan.parcels),
                    "format": plan.label_format.value,
                    "carrier": str(plan.carrier),
                    "contents_known": bool(plan.boxes),
                    "boxes": boxes_to_plain(plan.boxes),
                },
            )
        final = session.record.plan
        assert final is not None
        return final

    async def advance(
        self,
        session: OrderSession,
        step: CycleStep,
        detail: Mapping[str, Any],
        enqueue: Sequence[NewOutboxEntry] = (),
        *,
        force: bool = False,
    ) -> None:
        """Journal the cycle's next step (never backwards unless ``force``) and announce it."""
        ctx = self._ctx
        if step_reached(session.step, step) and not force:
            return
        session.record = replace(session.record, step=step, updated_at=ctx.clock())
        await ctx.save_cycle(
            session,
            JournalKind.CYCLE_STEP,
            {"step": step.value, "packer": ctx.packer, **detail},
            enqueue,
        )
        ctx.step(session, step)

    async def _before_labels(self, session: OrderSession) -> None:
        """``in_preparation`` must reach 7S before the label moves the order to shipped.

        Normally it went out while the items were scanned. If it is still queued, it is
        tried again now (real retries, for at most ``in_preparation_wait_s``); if 7S still
        has not taken it, the packer is told, and it stays queued (never reported as posted).
        """
        ctx = self._ctx
        outbox = ctx.ports.outbox
        queued = [
            e
            for e in await outbox.pending_for(session.order_id)
            if e.kind is OutboxKind.ORDER_STATE
        ]
        if not queued:
            return
        await outbox.flush_order(
            session.order_id,
            ctx.policy.in_preparation_wait_s,
            retry_s=ctx.policy.in_preparation_retry_s,
        )
        now = {e.id: e for e in await outbox.entries_of(session.order_id)}
        for entry in queued:
            after = now.get(entry.id, entry)
            if after.status is OutboxStatus.DELIVERED:
                continue
            state = str(entry.payload.get("state", "the order state"))
            why = f" ({after.last_error})" if after.last_error else ""
            pending = after.status is OutboxStatus.PENDING
            text = Note(
                NoteKind.STATE_PENDING if pending else NoteKind.STATE_NOT_TAKEN,
                f"Seven Senders has NOT confirmed '{state}' for {session.order_id}{why}. The "
                "label is bought anyway; the state "
                + (
                    "is sent when Seven Senders answers again, but 7S may refuse it once "
                    "the order is shipped."
                    if pending
                    else "was not taken (see `packstation journal --pending`)."
                ),
                order_id=session.order_id,
                state=state,
            )
            session.warnings.append(text)
            ctx.emit(Notice(NoticeLevel.WARNING, text, session.order_id, note=text))

    async def _follow_ups(self, session: OrderSession, plan: CyclePlan) -> None:
        ctx = self._ctx
        live = [a for p in plan.parcels if (a := session.latest_attempt(p.number)) is not None]
        entries: list[NewOutboxEntry] = []
        if ctx.policy.return_portal_pro:
            entries.extend(order_items_entries(session, plan, live))
        seven_id = session.record.sevensenders_id
        boarding = {} if seven_id is None else {"sevensenders_id": seven_id}
        entries.append(
            NewOutboxEntry(
                session.order_id, OutboxKind.BOARDING_COMPLETE, boarding, session.cycle_id
            )
        )
        notes: tuple[Note, ...] = ()
        if session.customs_needed:
            customs = await ctx.customs_step.plan(session.order, live, session.cycle_id)
            entries.extend(customs.entries)
            notes = customs.notes
            session.warnings.extend(notes)
        await self.advance(
            session,
            CycleStep.FOLLOW_UPS,
            {
                "queued": [e.kind.value for e in entries],
                "customs_needed": session.customs_needed,
                "customs_notes": list(notes),
            },
            entries,
        )
        ctx.ports.outbox.wake()

    # ------------------------------------------------------------------ in flight, resume

    async def in_flight(self) -> list[InFlight]:
        """Cycles left unfinished, oldest first, with what is left to do."""
        journal = self._ctx.journal
        found: list[InFlight] = []
        for record in reversed(await journal.cycles(in_flight_only=True, limit=500)):
            attempts = tuple(await journal.attempts(record.cycle_id))
            waiting = record.status is CycleStatus.PACKING and not (
                _verified(record) and _finish_pressed(record)
            )
            found.append(InFlight(record, attempts, _what_is_left(record, attempts), waiting))
        return found

    async def resume(self, cycle_id: str | None) -> list[ResumeResult]:
        """Finish cycles left in flight (all, or one): see ``PackingService.resume``."""
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
                        problem=_waits_for_packer(record, item.what_is_left),
                        waiting_for_packer=True,
                    )
                )
                continue
            async with self._ctx.lock:
                try:
                    session = await self._opening.restore(record)
                    report = await self.run(session)
                except CycleInterrupted as exc:
                    results.append(
                        ResumeResult(
                            record.cycle_id,
                            record.order_id,
                            problem=exc.message,
                            unresolved=exc.unresolved,
                            bought=exc.bought,
                            error=exc,
                        )
                    )
                    continue
            results.append(ResumeResult(record.cycle_id, record.order_id, report=report))
        return results

    # ------------------------------------------------------------------ giving up

    async def cancel(self, reason: str) -> None:
        """Take the order off the bench unfinished (only before any label was bought)."""
        ctx = self._ctx
        async with ctx.lock:
            session = ctx.current
            if session is None:
                return
            # the background load must not write the cycle back as "packing" afterwards
            await stop(session.load_task, session.extras_task)
            await self._abandon(session.record, reason)
            ctx.current = None
            await ctx.release_claim(session.order_id)

    async def abandon(self, cycle_id: str, reason: str) -> None:
        """Give up an unfinished cycle on purpose (refused once a label exists: void it first)."""
        ctx = self._ctx
        async with ctx.lock:
            record = await ctx.journal.cycle(cycle_id)
            if record is None:
                raise Missing(RefusalKind.NO_SUCH_CYCLE, f"no cycle {cycle_id}")
            await self._abandon(record, reason)
            if ctx.current is not None and ctx.current.cycle_id == cycle_id:
                ctx.current = None
            await ctx.release_claim(record.order_id)

    async def _abandon(self, record: CycleRecord, reason: str) -> None:
        ctx = self._ctx
        text = " ".join(reason.split())
        if not text:
            raise Refusal(RefusalKind.REASON_NEEDED, "a reason is needed to abandon an order")
        attempts = await ctx.journal.attempts(record.cycle_id)
        if any(a.live or a.status is AttemptStatus.INTENT for a in attempts):
            raise Refusal(
                RefusalKind.ORDER_HAS_LABELS,
                f"Order {record.order_id} has labels (or a label purchase in doubt): finish "
                "it with `resume`, or void its labels first.",
                order_id=record.order_id,
            )
        await ctx.journal.save_cycle(
            replace(record, status=CycleStatus.ABANDONED, note=text, updated_at=ctx.clock()),
            JournalEvent(
                JournalKind.CYCLE_ABANDONED,
                record.order_id,
                record.cycle_id,
                {"reason": text, "packer": ctx.packer},
            ),
        )


def order_items_entries(
    session: OrderSession, plan: CyclePlan, live: Sequence[LabelAttempt]
) -> list[NewOutboxEntry]:
    """The outbox entries that link the order's items to the shipment of the box they are in
    (Return Portal Pro): one per parcel; without known contents, all to the first parcel."""
    if not plan.boxes:
        first = live[0] if live else None
        if first is None or not first.shipment_id:
            return []
        return [order_items_entry(session, first.shipment_id)]
    entries: list[NewOutboxEntry] = []
    for attempt in live:
        if attempt.shipment_id:
            entries.append(order_items_entry(session, attempt.shipment_id, attempt.parcel_no))
    return entries


def order_items_entry(
    session: OrderSession,
    shipment_id: str,
    parcel_no: int | None = None,
    replaces: str | None = None,
) -> NewOutboxEntry:
    """The outbox entry that links order items to a shipment (Return Portal Pro).

    With ``parcel_no`` (and boxes in the cycle's plan): the items in that box, with the units
    in it; without: every item of the order (a cycle whose parcels' contents are not known).
    ``replaces``: the shipment of a voided label whose items move to this one.
    """
    order = session.order
    plan = session.record.plan
    quantities = {i: line.quantity for i, line in enumerate(order.lines)}
    if parcel_no is not None and plan is not None and plan.boxes:
        quantities = line_units_by_box(order, plan.boxes).get(parcel_no, {})
    lines: dict[str, dict[str, Any]] = {}
    for index, quantity in sorted(quantities.items()):
        line = order.lines[index]
        if quantity <= 0:
            continue
        if line.sku in lines:
            lines[line.sku]["quantity"] += quantity
        else:
            lines[line.sku] = {
                "sku": line.sku,
                "name": line.name,
                "quantity": quantity,
                "ean": line.ean,
            }
    payload: dict[str, Any] = {"shipment_id": shipment_id, "lines": list(lines.values())}
    if parcel_no is not None and plan is not None and plan.boxes:
        payload["parcel"] = parcel_no
        payload["replaces"] = replaces
    return NewOutboxEntry(session.order_id, OutboxKind.ORDER_ITEMS, payload, session.cycle_id)


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


def _finish_pressed(record: CycleRecord) -> bool:
    """The packer pressed finish with the boxes the cycle holds (none changed since)."""
    return record.plan is not None and record.plan.finish_pressed


def _waits_for_packer(record: CycleRecord, what_is_left: str) -> str:
    """Why ``resume`` leaves a cycle for its packer, in plain words."""
    if not _verified(record):
        return (
            f"Order {record.order_id}: {what_is_left}; scan the order again to continue packing it."
        )
    return (
        f"Order {record.order_id}: its items are checked, but finish was never pressed, so "
        "its boxes are not confirmed (a split into boxes may not be entered yet). Nothing was "
        "bought. It waits for its packer: scan the order again at the bench, check its boxes "
        "and finish it."
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


def _bought(session: OrderSession) -> tuple[str, ...]:
    """The tracking codes of the session's labels that are bought at 7S (paid, not voided)."""
    return tuple(
        a.tracking_code
        for a in sorted(session.attempts, key=lambda a: (a.parcel_no, a.generation))
        if a.live and not a.own_label and a.tracking_code
    )
