"""Own-label mode: the carrier labels are printed elsewhere; the station registers shipments.

After the items are checked the packer scans each parcel's tracking barcode; the codes are
checked (not scanned twice, not used here or at 7S before) and each parcel is registered as a
7S shipment (``POST /shipments``) instead of buying a label. As with labels, the intent is
journalled before the POST and any doubt is resolved by looking the tracking code up first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import NoReturn

from packstation.domain.bench import ParcelAction, next_for_parcel, tracking_code_of
from packstation.domain.cycle import (
    AttemptStatus,
    CycleInterrupted,
    CyclePlan,
    CycleStep,
    JournalKind,
    LabelAttempt,
    LabelStep,
    ParcelPlan,
    reference_number,
    step_reached,
)
from packstation.domain.errors import (
    AuthenticationFailed,
    Duplicate,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.label_data import label_recipient
from packstation.domain.printing import PrintOutcome
from packstation.domain.refusals import Refusal, RefusalKind
from packstation.domain.shipping import Shipment, ShipmentFilter, ShipmentRequest
from packstation.services.packing.context import CycleContext, parcel_text
from packstation.services.packing.results import FinishRefused
from packstation.services.packing.session import OrderSession


class OwnLabelShipments:
    """Checks the scanned tracking codes and registers each parcel as a 7S shipment."""

    def __init__(self, ctx: CycleContext) -> None:
        self._ctx = ctx

    async def take_codes(
        self, session: OrderSession, raw_codes: Sequence[str]
    ) -> FinishRefused | None:
        """Check the scanned tracking codes and assign them to the parcels still without one."""
        plan = session.record.plan
        if plan is not None and step_reached(session.step, CycleStep.PARCELS_SET):
            if not plan.own_label:
                refusal = Refusal(
                    RefusalKind.LABELS_FROM_7S,
                    f"The labels of order {session.order_id} are bought from Seven Senders "
                    "(its cycle started that way); finish it without tracking codes.",
                    order_id=session.order_id,
                )
                return FinishRefused(session.order_id, refusal, ())
            parcels = [p.number for p in plan.parcels]
        else:
            parcels = [p.number for p in session.parcels] or [1]
        open_parcels = [
            n
            for n in parcels
            if next_for_parcel(session.latest_attempt(n)).action is ParcelAction.NEW
        ]
        codes = [tracking_code_of(self._ctx.parse(c)) for c in raw_codes if c.strip()]
        if not open_parcels:
            session.own_label = True
            return None  # every parcel has its shipment (or one in doubt): resume as usual
        if len(codes) != len(open_parcels):
            need = len(open_parcels)
            refusal = Refusal(
                RefusalKind.CARRIER_LABELS_NEEDED,
                f"Order {session.order_id} is packed with labels printed elsewhere: scan the "
                f"tracking barcode of {'each' if need > 1 else 'the'} carrier label ({need} "
                f"needed, {len(codes)} given).",
                order_id=session.order_id,
                need=need,
                given=len(codes),
            )
            return FinishRefused(session.order_id, refusal, ())
        seen: set[str] = set()
        for code in codes:
            refused = await self._refused_code(session, code, seen)
            if refused is not None:
                return refused
            seen.add(code)
        session.own_label = True
        session.own_label_codes = dict(zip(open_parcels, codes, strict=True))
        await self._ctx.note(
            JournalKind.OWN_LABEL_CODES,
            order_id=session.order_id,
            cycle_id=session.cycle_id,
            detail={"codes": {str(n): c for n, c in session.own_label_codes.items()}},
        )
        return None

    async def _refused_code(
        self, session: OrderSession, code: str, seen: set[str]
    ) -> FinishRefused | None:
        """Why ``code`` cannot be this parcel's (scanned twice, used here or at 7S), or None."""
        if code in seen:
            refusal = Refusal(
                RefusalKind.CODE_SCANNED_TWICE,
                f"The tracking code {code} was scanned twice; every parcel has its own.",
                code=code,
            )
            return FinishRefused(session.order_id, refusal, (), code)
        for attempt in await self._ctx.journal.find_attempts(code):
            if attempt.tracking_code == code and (
                attempt.live or attempt.status is AttemptStatus.INTENT
            ):
                refusal = Refusal(
                    RefusalKind.CODE_USED_HERE,
                    f"The tracking code {code} is already used for order "
                    f"{attempt.order_id} (parcel {attempt.parcel_no}); scan the label of "
                    "this parcel.",
                    code=code,
                    order_id=attempt.order_id,
                    parcel=attempt.parcel_no,
                )
                return FinishRefused(session.order_id, refusal, (), code)
        try:
            found = await self._find_shipment(code)
        except ShippingApiError:
            found = None  # 7S will say so when the shipment is posted
        if found is not None:
            refusal = Refusal(
                RefusalKind.CODE_USED_AT_7S,
                f"The tracking code {code} is already registered at Seven Senders (order "
                f"{found.order_id}); scan the label of this parcel.",
                code=code,
                order_id=found.order_id or "—",
            )
            return FinishRefused(session.order_id, refusal, (), code)
        return None

    async def _find_shipment(self, tracking_code: str) -> Shipment | None:
        shipments = await self._ctx.api.list_shipments(ShipmentFilter(tracking_code=tracking_code))
        return next((s for s in shipments if s.tracking_code == tracking_code), None)

    async def parcel(self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan) -> None:
        """Register the parcel's shipment (once: an intent in doubt is looked up first)."""
        ctx = self._ctx
        attempt = session.latest_attempt(parcel.number)
        step = next_for_parcel(attempt)
        if step.action is ParcelAction.NOTHING:
            return  # registered before
        fresh = step.action is ParcelAction.NEW
        if attempt is None or fresh:
            attempt = await self._intent(session, parcel, plan, step.generation)
        shipment = await self._register(session, attempt, fresh=fresh)
        await ctx.record_attempt(
            replace(
                attempt,
                status=AttemptStatus.PRINTED,
                shipment_id=shipment.id,
                print_outcome=PrintOutcome.OWN_LABEL,
                print_started=False,
                printed_at=ctx.clock(),
                updated_at=ctx.clock(),
            ),
            JournalKind.SHIPMENT_REGISTERED,
            session=session,
            reached=LabelStep.BOUGHT,
            reference_number=attempt.reference_number,
            shipment_id=shipment.id,
            tracking_code=attempt.tracking_code,
        )

    async def _intent(
        self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan, generation: int
    ) -> LabelAttempt:
        """The parcel's shipment intent with its scanned code, on disk before the POST."""
        ctx = self._ctx
        code = session.own_label_codes.get(parcel.number)
        if not code:
            raise CycleInterrupted(
                f"Scan the tracking barcode of the carrier label of order "
                f"{session.order_id}, parcel {parcel.number} of {parcel.count}."
            )
        key = ctx.reference_key()
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
            print_outcome=PrintOutcome.OWN_LABEL,
            updated_at=ctx.clock(),
        )
        # on disk before the POST: a crash from here on is resolved by a lookup
        return await ctx.record_attempt(
            attempt,
            JournalKind.SHIPMENT_INTENT,
            session=session,
            reached=LabelStep.INTENT,
            reference_number=attempt.reference_number,
            tracking_code=code,
            parcel=parcel.number,
            parcels=parcel.count,
            carrier=str(plan.carrier),
        )

    def _request(self, session: OrderSession, attempt: LabelAttempt) -> ShipmentRequest:
        order = session.order
        values = [line.unit_value * line.quantity for line in order.lines if line.unit_value]
        currencies = {line.currency for line in order.lines if line.unit_value}
        # the goods' value only when it is known for every line, in one currency, one parcel
        known = len(currencies) == 1 and len(values) == len(order.lines)
        whole = known and attempt.parcel_count == 1
        return ShipmentRequest(
            order_id=order.order_id,
            carrier=attempt.carrier,
            recipient=label_recipient(order.recipient, self._ctx.policy.label_data),
            tracking_code=attempt.tracking_code,
            reference_number=attempt.reference_number,
            carrier_service=order.carrier_service,
            warehouse=self._ctx.policy.warehouse,
            warehouse_address=self._ctx.policy.warehouse_address,
            pickup_point_selected=session.collection_point is not None or bool(order.pudo_id),
            goods_value=sum(values, Decimal(0)) if whole else None,
            goods_value_currency=next(iter(currencies)) if whole else None,
            weight_g=attempt.weight_g,
        )

    async def _register(
        self, session: OrderSession, attempt: LabelAttempt, *, fresh: bool
    ) -> Shipment:
        """POST the shipment once: on any doubt the tracking code is looked up first.

        ``fresh``: the intent was written just now (no earlier POST can have happened).
        """
        ctx = self._ctx
        code = attempt.tracking_code or ""
        request = self._request(session, attempt)
        last: ShippingApiError | None = None
        tries = max(1, ctx.policy.label_post_attempts)
        for number in range(1, tries + 1):
            wait = ctx.policy.retry_delay_s * 2 ** (number - 1)
            if number > 1 or not fresh:
                found = await self._lookup(session, attempt)
                if found is not None:
                    return found
            try:
                return await ctx.api.create_shipment(request)
            except Duplicate:
                found = await self._lookup(session, attempt)
                if found is not None:
                    return found
                await self._refuse(
                    session, attempt, f"the tracking code {code} is already used at Seven Senders"
                )
            except OutcomeUnknown as exc:
                last = exc  # looked up before the next try
            except RateLimited as exc:
                last = exc
                if exc.retry_after is not None:
                    if exc.retry_after > ctx.policy.retry_after_cap_s:
                        break  # longer than the bench may wait: stop now, `last` says until when
                    wait = max(wait, exc.retry_after)
            except ServiceUnavailable as exc:
                last = exc
            except ValidationFailed as exc:
                if number > 1 or not fresh:
                    # a refusal after a try with an unknown outcome: what 7S holds decides,
                    # never the wording of the answer
                    found = await self._lookup(session, attempt)
                    if found is not None:
                        return found
                await self._refuse(session, attempt, str(exc))
            except AuthenticationFailed as exc:
                await self._refuse(session, attempt, str(exc))
            if number < tries:
                await ctx.sleep(wait)
        found = await self._lookup(session, attempt)
        if found is not None:
            return found
        raise CycleInterrupted(
            f"The shipment of {parcel_text(attempt)} ({code}) could not be registered: {last}. "
            "The order stays open and is finished by `resume` or by scanning it again.",
            unresolved=isinstance(last, OutcomeUnknown),
        ) from last

    async def _lookup(self, session: OrderSession, attempt: LabelAttempt) -> Shipment | None:
        """The shipment with this attempt's tracking code, if it is ours (else None).

        Raises ``CycleInterrupted(unresolved=True)`` when 7S cannot be asked, and refuses the
        code when the shipment found belongs to another parcel.
        """
        ctx = self._ctx
        code = attempt.tracking_code or ""
        problem: ShippingApiError | None = None
        for number in range(3):
            try:
                found = await self._find_shipment(code)
            except ShippingApiError as exc:
                problem = exc
                await ctx.sleep(ctx.policy.retry_delay_s * 2**number)
                continue
            await ctx.note(
                JournalKind.SHIPMENT_LOOKUP,
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={"tracking_code": code, "found": found.id if found is not None else None},
            )
            if found is None:
                return None
            if found.reference_number == attempt.reference_number or (
                found.reference_number is None and found.order_id == attempt.order_id
            ):
                return found
            await self._refuse(
                session,
                attempt,
                f"the tracking code {code} is already registered at Seven Senders for order "
                f"{found.order_id}",
            )
        raise CycleInterrupted(
            f"Whether the shipment of {parcel_text(attempt)} ({code}) was registered is not "
            f"known yet and Seven Senders cannot be asked ({problem}). Run `packstation "
            "resume` (or scan the order again) later.",
            unresolved=True,
        )

    async def _refuse(self, session: OrderSession, attempt: LabelAttempt, why: str) -> NoReturn:
        """The code cannot be used: the attempt is given up and the packer scans another."""
        ctx = self._ctx
        await ctx.record_attempt(
            replace(
                attempt, status=AttemptStatus.ABANDONED, void_reason=why, updated_at=ctx.clock()
            ),
            JournalKind.SHIPMENT_REFUSED,
            session=session,
            tracking_code=attempt.tracking_code,
            reason=why,
        )
        session.own_label_codes.pop(attempt.parcel_no, None)
        raise CycleInterrupted(
            f"{why[:1].upper()}{why[1:]}; nothing was registered for {parcel_text(attempt)}. "
            "Scan the tracking barcode of this parcel's own label."
        )
