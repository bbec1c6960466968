"""Reprinting stored labels (never a new label) and voiding labels at 7S with a reason.

A voided parcel's next label gets the next void generation in its reference number; with
``replace_label`` it is bought and printed at once (and, with Return Portal Pro, the order's
items are linked to the new shipment).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from packstation.domain.approval import GuardedAction, reprint_needs_approval
from packstation.domain.bench import LabelsAt7S
from packstation.domain.cycle import (
    AttemptStatus,
    CycleInterrupted,
    CycleStatus,
    JournalKind,
    LabelAttempt,
    LabelFileMissing,
    parse_reference,
)
from packstation.domain.errors import NotFound, ShippingApiError
from packstation.domain.printing import PrinterError, PrintOutcome
from packstation.domain.refusals import Missing, Refusal, RefusalKind
from packstation.domain.shipping import ShipmentFilter
from packstation.services.packing.context import CycleContext
from packstation.services.packing.finishing import order_items_entry
from packstation.services.packing.label_lookup import labels_of_order
from packstation.services.packing.labels import LabelBuying
from packstation.services.packing.opening import OrderOpening
from packstation.services.packing.printing import LabelPrinting, Sent, printed_event
from packstation.services.packing.results import (
    CycleReport,
    ReprintItem,
    ReprintReport,
    VoidNotConfirmed,
    VoidReport,
)
from packstation.services.packing.session import OrderSession


class ReprintAndVoid:
    """Prints stored labels again, and cancels labels at 7S (optionally buying the next)."""

    def __init__(
        self,
        ctx: CycleContext,
        opening: OrderOpening,
        labels: LabelBuying,
        printing: LabelPrinting,
    ) -> None:
        self._ctx = ctx
        self._opening = opening
        self._labels = labels
        self._printing = printing

    async def reprint(
        self, order_or_tracking: str, reason: str, supervisor_code: str | None = None
    ) -> ReprintReport:
        """Print stored labels again (an order's, or one tracking code's): never a new label.

        A label reprinted before is reprinted again only with a supervisor's badge or PIN
        when the station's rules want one (``ApprovalNeeded`` otherwise; nothing is printed).
        """
        ctx = self._ctx
        query = order_or_tracking.strip()
        async with ctx.lock:
            attempts = await ctx.journal.find_attempts(query)
            live = [a for a in attempts if a.live]
            if any(a.tracking_code == query for a in live):
                live = [a for a in live if a.tracking_code == query]
            elif live:
                newest = live[0].cycle_id
                live = [a for a in live if a.cycle_id == newest]
            if not live:
                elsewhere = await self._elsewhere(query, reason)
                if elsewhere is not None:
                    return elsewhere
                return ReprintReport(
                    query, (), f"There is no label of {query} to reprint at this station."
                )
            approval = None
            if ctx.policy.supervision.rule(GuardedAction.REPRINT_AGAIN) is not None:
                earlier = await self._earlier_reprints(live)
                if any(reprint_needs_approval(earlier.get(a.tracking_code, 0)) for a in live):
                    approval = await ctx.approve(
                        GuardedAction.REPRINT_AGAIN,
                        supervisor_code,
                        order_id=live[0].order_id,
                        cycle_id=live[0].cycle_id,
                    )
            extra = approval.journal_detail() if approval is not None else {}
            items: list[ReprintItem] = []
            for attempt in sorted(live, key=lambda a: a.parcel_no):
                items.append(await self._reprint_one(attempt, reason, extra))
            return ReprintReport(query, tuple(items))

    async def _earlier_reprints(self, attempts: list[LabelAttempt]) -> dict[str | None, int]:
        """How often each label went to the printer again before (failed tries not counted)."""
        counts: dict[str | None, int] = {}
        codes = {a.tracking_code for a in attempts}
        for order_id in {a.order_id for a in attempts}:
            for event in await self._ctx.journal.events(order_id=order_id, limit=10_000):
                code = event.detail.get("tracking_code")
                went_out = event.detail.get("outcome") in _WENT_OUT
                if event.kind == JournalKind.REPRINT and code in codes and went_out:
                    counts[code] = counts.get(code, 0) + 1
        return counts

    async def _elsewhere(self, order_id: str, reason: str) -> ReprintReport | None:
        """An order packed at another bench: its labels at 7S printed here, only with a reason.

        Never a new label: the files of the labels 7S holds for the order are downloaded and
        printed; the reprint is journalled with the reason. None: 7S has no label of ours.
        """
        ctx = self._ctx
        try:
            found = await labels_of_order(ctx.api, order_id, ctx.label_format())
            labels = LabelsAt7S.of(order_id, found.labels).labels
        except ShippingApiError:
            return None
        if not labels:
            return None
        codes = tuple(label.tracking_code for label in labels)
        text = " ".join(reason.split())
        if not text:
            return ReprintReport(
                order_id,
                (),
                f"The labels of order {order_id} ({', '.join(codes)}) were bought at another "
                "bench. Reprint them here only with a reason (--reason).",
                elsewhere=codes,
            )
        items: list[ReprintItem] = []
        ordered = sorted(
            labels,
            key=lambda label: (
                parts.parcel_no
                if (parts := parse_reference(label.reference_number, order_id))
                else 0
            ),
        )
        for label in ordered:
            parts = parse_reference(label.reference_number, order_id)
            parcel = parts.parcel_no if parts else 0
            try:
                document = await ctx.api.download_label(label)
                result = await ctx.ports.printer.print_document(
                    document, f"reprint {order_id} {parcel} (bought at another bench)"
                )
                sent = Sent(result, result.detail, True)
            except ShippingApiError as exc:
                sent = Sent(None, f"the label file could not be downloaded: {exc}")
            except PrinterError as exc:
                sent = Sent(None, exc.message)
            await ctx.note(
                JournalKind.REPRINT,
                order_id=order_id,
                detail={
                    "tracking_code": label.tracking_code,
                    "reference_number": label.reference_number,
                    "bought_elsewhere": True,
                    "printer": ctx.ports.printer.uri,
                    "outcome": sent.outcome.value,
                    "detail": sent.detail,
                    "reason": text,
                },
            )
            items.append(
                ReprintItem(
                    order_id,
                    parcel,
                    len(labels),
                    label.tracking_code,
                    sent.printed,
                    sent.outcome,
                    sent.detail,
                )
            )
        return ReprintReport(order_id, tuple(items), elsewhere=codes)

    async def _reprint_one(
        self, attempt: LabelAttempt, reason: str, approval: dict[str, str]
    ) -> ReprintItem:
        ctx = self._ctx
        if attempt.print_outcome is PrintOutcome.OWN_LABEL and not attempt.file_path:
            return _item(
                attempt,
                Sent(
                    None,
                    "This label was printed outside the station (own-label mode); "
                    "reprint it where it was made.",
                ),
                PrintOutcome.OWN_LABEL,
            )
        record = await ctx.journal.cycle(attempt.cycle_id)
        session = (
            await self._opening.restore(record, start_loading=False)
            if record is not None and record.order is not None
            else None
        )
        try:
            if session is None:
                document = await ctx.ports.archive.load(attempt.stored())
            else:
                document = await self._labels.stored_document(session, attempt)
        except (LabelFileMissing, CycleInterrupted) as exc:
            return _item(attempt, Sent(None, str(exc)), PrintOutcome.FAILED)
        job = f"reprint {attempt.order_id} {attempt.parcel_no}/{attempt.parcel_count}"
        sent = await self._printing.send(document, job, attempt, reprint=True)
        printed, outcome = sent.printed, sent.outcome
        detail: dict[str, Any] = {
            "tracking_code": attempt.tracking_code,
            "printer": ctx.ports.printer.uri,
            "outcome": outcome.value,
            "detail": sent.detail,
            **({"reason": " ".join(reason.split())} if reason.strip() else {}),
            **approval,
        }
        if printed and attempt.status is not AttemptStatus.PRINTED:
            fixed = replace(
                attempt,
                status=AttemptStatus.PRINTED,
                print_outcome=outcome,
                print_started=False,
                printed_at=ctx.clock(),
            )
            await ctx.record_attempt(fixed, JournalKind.REPRINT, **detail)
            if record is not None and record.status is CycleStatus.NEEDS_PRINT:
                await self._printing.maybe_done(record)
        else:
            await ctx.note(
                JournalKind.REPRINT,
                order_id=attempt.order_id,
                cycle_id=attempt.cycle_id,
                detail=detail,
            )
        ctx.emit(printed_event(attempt, printed, outcome, sent.detail, reprint=True))
        return _item(attempt, sent, outcome)

    async def void(
        self,
        tracking_code: str,
        reason: str,
        *,
        replace_label: bool,
        supervisor_code: str | None = None,
    ) -> VoidReport:
        """Cancel a label at 7S with a reason: see ``PackingService.void``."""
        ctx = self._ctx
        text = " ".join(reason.split())
        if not text:
            raise Refusal(RefusalKind.REASON_NEEDED, "a reason is needed to void a label")
        code = tracking_code.strip()
        async with ctx.lock:
            attempt = await self._voidable(code, replace_label)
            if attempt.status is AttemptStatus.VOIDED:
                return VoidReport(code, attempt.order_id, attempt.parcel_no, text, True)
            approval = await ctx.approve(
                GuardedAction.VOID,
                supervisor_code,
                order_id=attempt.order_id,
                cycle_id=attempt.cycle_id,
            )
            approved: dict[str, Any] = approval.journal_detail() if approval is not None else {}
            await ctx.note(
                JournalKind.LABEL_VOID_INTENT,
                order_id=attempt.order_id,
                cycle_id=attempt.cycle_id,
                detail={
                    "tracking_code": code,
                    "label_id": attempt.label_id,
                    "reason": text,
                    **approved,
                },
            )
            await self._cancel_confirmed(attempt, code)
            await ctx.record_attempt(
                replace(
                    attempt,
                    status=AttemptStatus.VOIDED,
                    void_reason=text,
                    updated_at=ctx.clock(),
                ),
                JournalKind.LABEL_VOIDED,
                tracking_code=code,
                label_id=attempt.label_id,
                reason=text,
                parcel=attempt.parcel_no,
                generation=attempt.generation,
                **approved,
            )
            replacement = None
            if replace_label:
                record = await ctx.journal.cycle(attempt.cycle_id)
                if record is None:
                    raise Missing(
                        RefusalKind.LABEL_NOT_IN_JOURNAL,
                        f"the cycle of {code} is not in the journal",
                        code=code,
                    )
                session = await self._opening.restore(record, start_loading=False)
                report = await self._replace_parcel(session, attempt.parcel_no)
                replacement = next(p for p in report.parcels if p.number == attempt.parcel_no)
            return VoidReport(
                code, attempt.order_id, attempt.parcel_no, text, replacement=replacement
            )

    async def _voidable(self, code: str, replace_label: bool) -> LabelAttempt:
        """The label ``code`` bought here, if it can be voided as asked (``Refusal`` if not)."""
        attempt = next(
            (a for a in await self._ctx.journal.find_attempts(code) if a.tracking_code == code),
            None,
        )
        if attempt is None:
            raise Missing(
                RefusalKind.NO_SUCH_LABEL,
                f"no label with tracking code {code} was bought at this station",
                code=code,
            )
        if attempt.status is AttemptStatus.VOIDED:
            return attempt
        own = attempt.own_label
        if own and replace_label:
            raise Refusal(
                RefusalKind.OWN_LABEL_NOT_REPLACED,
                f"{code} was printed outside the station: void it without a replacement "
                "and register the new label's tracking code.",
                code=code,
            )
        if attempt.label_id is None and not (own and attempt.shipment_id):
            raise Missing(
                RefusalKind.LABEL_NOT_IN_JOURNAL,
                f"the label {code} has no 7S label id in the journal",
                code=code,
            )
        return attempt

    async def _cancel_confirmed(self, attempt: LabelAttempt, code: str) -> None:
        """DELETE the label (an own label's shipment) at 7S, then confirm by a lookup.

        A 404 on the DELETE is not taken at its word (a wrong path or id also answers 404):
        the label counts as void only when a lookup shows it gone. Raises ``VoidNotConfirmed``
        (nothing is marked void) when the lookup still finds it or cannot tell.
        """
        ctx = self._ctx
        said_missing = False
        try:
            if attempt.own_label and attempt.shipment_id:
                await ctx.api.delete_shipment(attempt.shipment_id)
            elif attempt.label_id is not None:
                await ctx.api.delete_label(attempt.label_id)
        except NotFound:
            said_missing = True
        gone = await self._gone_at_7s(attempt)
        if gone is True:
            return
        await ctx.note(
            JournalKind.LABEL_VOID_INTENT,
            order_id=attempt.order_id,
            cycle_id=attempt.cycle_id,
            detail={
                "tracking_code": code,
                "label_id": attempt.label_id,
                "unconfirmed": "still at 7S" if gone is False else "lookup failed",
            },
        )
        answer = "answered that it does not know the label" if said_missing else "took the cancel"
        if gone is False:
            raise VoidNotConfirmed(
                f"{code} is NOT void: Seven Senders {answer}, but it still lists the label. "
                "It may still be billed; try again, or ask Seven Senders support."
            )
        raise VoidNotConfirmed(
            f"{code} is NOT marked void: Seven Senders {answer}, but the station could not "
            "look the label up to confirm it is gone. Try again later."
        )

    async def _gone_at_7s(self, attempt: LabelAttempt) -> bool | None:
        """Whether 7S no longer has the label: ``True`` gone, ``False`` still there, ``None``
        when no lookup answered.

        The fallback chain: the label lookup by reference number, then the order's shipments.
        Only exact matches count as the label (its label id, tracking code, shipment id or
        reference number); a row of another order or without those is not this label.
        """
        api = self._ctx.api
        code = attempt.tracking_code
        if not attempt.own_label and attempt.reference_number:
            try:
                rows = await api.find_labels(attempt.order_id, attempt.reference_number)
            except ShippingApiError:
                pass
            else:
                return not any(
                    row.order_id == attempt.order_id
                    and (
                        (attempt.label_id is not None and row.id == attempt.label_id)
                        or (code is not None and row.tracking_code == code)
                        or row.reference_number == attempt.reference_number
                    )
                    for row in rows
                )
        try:
            shipments = await api.list_shipments(ShipmentFilter(order_id=attempt.order_id))
        except ShippingApiError:
            return None
        return not any(
            (attempt.shipment_id is not None and s.id == attempt.shipment_id)
            or (code is not None and s.tracking_code == code)
            for s in shipments
        )

    async def _replace_parcel(self, session: OrderSession, parcel_no: int) -> CycleReport:
        ctx = self._ctx
        plan = session.record.plan
        if plan is None:
            raise CycleInterrupted(f"The journal has no parcel plan for {session.order_id}.")
        parcel = next(p for p in plan.parcels if p.number == parcel_no)
        voided = session.latest_attempt(parcel_no)
        await self._labels.parcel(session, parcel, plan)
        new = session.latest_attempt(parcel_no)
        if ctx.policy.return_portal_pro and new is not None and new.shipment_id:
            await ctx.save_cycle(
                session,
                JournalKind.LABEL_REPLACED,
                {"parcel": parcel_no, "tracking_code": new.tracking_code},
                [
                    order_items_entry(
                        session,
                        new.shipment_id,
                        parcel_no,
                        replaces=voided.shipment_id if voided else None,
                    )
                ],
            )
            ctx.ports.outbox.wake()
        return ctx.report(session)


#: reprint outcomes that sent the label to the printer (a failed or held try is no reprint)
_WENT_OUT = frozenset({PrintOutcome.CONFIRMED.value, PrintOutcome.DELIVERED.value})


def _item(attempt: LabelAttempt, sent: Sent, outcome: PrintOutcome) -> ReprintItem:
    return ReprintItem(
        attempt.order_id,
        attempt.parcel_no,
        attempt.parcel_count,
        attempt.tracking_code or "",
        sent.printed,
        outcome,
        sent.detail,
    )
