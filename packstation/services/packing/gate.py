"""The weight gate at the bench: does each box weigh what its contents and carton should?

Off by default, on per station (``StationPolicy.weight_gate``). A box is weighed from the
bench scale (the ``Scale`` port: a stable reading) or with a weight the packer gives
(``--weight-g``, the parcels dialog). The gate compares it with the product weights of the
units in the box plus the carton's tare (``domain.weight_gate``); outside the tolerance the
packer confirms the box as it is or re-checks it (the weight is then forgotten and the box
weighed again). Every verdict is journalled (``weight_check``: expected, measured, difference,
allowed, verdict, decision). With the gate on, an order is not finished while a box is not
weighed or is outside the tolerance without the packer's word.
"""

from __future__ import annotations

from decimal import Decimal

from packstation.domain.boxes import Box
from packstation.domain.cycle import CycleStatus, JournalKind
from packstation.domain.refusals import Missing, Refusal, RefusalKind
from packstation.domain.weighing import Weight
from packstation.domain.weight_gate import (
    WeightCheck,
    WeightDecision,
    WeightVerdict,
    check_box_weight,
    journal_detail,
)
from packstation.services.packing.boxing import Boxing
from packstation.services.packing.context import CycleContext
from packstation.services.packing.session import OrderSession


def grams_text(grams: int) -> str:
    """``340 g`` or ``1.250 kg``."""
    return f"{grams} g" if abs(grams) < 1000 else f"{Decimal(grams) / 1000:.3f} kg"


def gate_sentence(number: int, check: WeightCheck) -> str:
    """The gate's verdict on box ``number`` in plain words (for the journal and the command
    line; the window words it itself)."""
    if check.verdict is WeightVerdict.UNKNOWN:
        return (
            f"Box {number} weighs {grams_text(check.measured_g)}; it is not checked: "
            f"{', '.join(check.missing)} has no product weight."
        )
    assert check.expected_g is not None
    assert check.difference_g is not None
    numbers = (
        f"{grams_text(check.measured_g)} on the scale, {grams_text(check.expected_g)} "
        f"expected, ±{grams_text(check.allowed_g or 0)} allowed"
    )
    difference = grams_text(abs(check.difference_g))
    if check.verdict is WeightVerdict.HEAVIER:
        return (
            f"Box {number} is {difference} heavier than expected ({numbers}) — check for an "
            "extra item."
        )
    if check.verdict is WeightVerdict.LIGHTER:
        return (
            f"Box {number} is {difference} lighter than expected ({numbers}) — check for a "
            "missing item."
        )
    return f"Box {number} weighs what it should ({numbers})."


class WeightGate:
    """Weighing the boxes of the order on the bench, and the packer's word on the gate."""

    def __init__(self, ctx: CycleContext, boxing: Boxing) -> None:
        self._ctx = ctx
        self._boxing = boxing

    def _packing(self) -> OrderSession:
        session = self._ctx.current
        if session is None or session.status is not CycleStatus.PACKING:
            raise Missing(RefusalKind.NO_ORDER_PACKED, "no order is being packed")
        return session

    async def live(self) -> Weight | None:
        """What the scale shows now, stable or not (None: no scale); ``ScaleError`` in words."""
        scale = self._ctx.ports.scale
        return None if scale is None else await scale.read()

    async def weigh(
        self, number: int | None = None, grams: int | None = None, timeout_s: float = 5.0
    ) -> WeightCheck:
        """Weigh box ``number`` (default: the current box): ``grams`` as given, else the scale's
        stable reading (``ScaleError`` in plain words when it has none, ``LookupError`` when
        the station has no scale). The gate's verdict is journalled and returned."""
        if grams is None:
            scale = self._ctx.ports.scale
            if scale is None:
                raise Missing(RefusalKind.NO_SCALE, "this station has no scale (setting scale)")
            reading = await scale.read_stable(timeout_s)
            grams = reading.whole_grams
        async with self._ctx.lock:
            session = self._packing()
            box_no = number if number is not None else session.current_box
            box = await self._boxing.weigh_locked(session, box_no, grams)
            return await self._check(session, box)

    async def _check(self, session: OrderSession, box: Box) -> WeightCheck:
        check = check_box_weight(box, session.order, self._ctx.policy.weight_tolerance)
        decision = WeightDecision.PASSED if check.passed else None
        session.gate[box.number] = (check, decision)
        await self._journal(session, box, check, decision)
        return check

    async def _journal(
        self,
        session: OrderSession,
        box: Box,
        check: WeightCheck,
        decision: WeightDecision | None,
    ) -> None:
        if decision is None:
            detail = {**journal_detail(box, check, WeightDecision.PASSED), "decision": "pending"}
        else:
            detail = journal_detail(box, check, decision)
        detail["gate"] = self._ctx.policy.weight_gate
        detail["message"] = gate_sentence(box.number, check)
        await self._ctx.note(
            JournalKind.WEIGHT_CHECK,
            order_id=session.order_id,
            cycle_id=session.cycle_id,
            detail=detail,
        )

    async def decide(self, number: int, decision: WeightDecision) -> Box:
        """The packer's word on a box outside the tolerance: CONFIRMED keeps it as it is;
        RECHECKED forgets its weight (the box is opened, checked and weighed again)."""
        async with self._ctx.lock:
            session = self._packing()
            return await self._decide(session, number, decision)

    async def _decide(self, session: OrderSession, number: int, decision: WeightDecision) -> Box:
        box = next((b for b in session.boxes if b.number == number), None)
        if box is None:
            raise Refusal(RefusalKind.NO_SUCH_BOX, f"There is no box {number}.", box=number)
        if box.measured_weight_g is None:
            raise Refusal(
                RefusalKind.BOX_NOT_WEIGHED, f"Box {number} has not been weighed.", box=number
            )
        check = check_box_weight(box, session.order, self._ctx.policy.weight_tolerance)
        await self._journal(session, box, check, decision)
        if decision is WeightDecision.RECHECKED:
            session.gate.pop(number, None)
            return await self._boxing.weigh_locked(session, number, None)
        session.gate[number] = (check, decision)
        return box

    async def confirm_all(self) -> list[int]:
        """Confirm every weighed box outside the tolerance (``pack --confirm-weight``)."""
        if not self._ctx.policy.weight_gate:
            return []
        async with self._ctx.lock:
            session = self._packing()
            confirmed: list[int] = []
            for box in session.boxes:
                if box.measured_weight_g is None:
                    continue
                check = check_box_weight(box, session.order, self._ctx.policy.weight_tolerance)
                if not check.passed:
                    await self._decide(session, box.number, WeightDecision.CONFIRMED)
                    confirmed.append(box.number)
            return confirmed

    async def problem(self, session: OrderSession) -> Refusal | None:
        """Why the gate holds the order (the lock is held), or None. Boxes weighed without a
        verdict yet (a weight typed or given on the command line) are checked now."""
        if not self._ctx.policy.weight_gate or not session.contents_known:
            return None
        for box in session.boxes:
            if box.measured_weight_g is None:
                return Refusal(
                    RefusalKind.GATE_NOT_WEIGHED,
                    f"Box {box.number} of order {session.order_id} is not weighed yet: this "
                    "station checks every box's weight. Put it on the scale and weigh it.",
                    box=box.number,
                    order_id=session.order_id,
                )
            now = check_box_weight(box, session.order, self._ctx.policy.weight_tolerance)
            known = session.gate.get(box.number)
            if known is None or known[0] != now:  # not checked yet, or weighed or packed anew
                await self._check(session, box)
                known = session.gate[box.number]
            check, decision = known
            if decision is None:
                return Refusal(
                    RefusalKind.GATE_HOLDS_BOX,
                    f"{gate_sentence(box.number, check)} Confirm the box as it is, or open it "
                    "and weigh it again.",
                    box=box.number,
                )
        return None


__all__ = ["WeightGate", "gate_sentence", "grams_text"]
