"""Boxes at the bench: which units the packer put in which parcel.

The order on the bench starts with one box (box 1), and every unit counted (scanned, a whole
pack, or counted by a skip) goes into the current box — so a packer who never opens a second
box pays nothing for boxes. Opening the next box (F4, the NEXT-PARCEL command barcode, or a
box type's barcode) makes it current; units can be moved between boxes before finishing;
``set_boxes`` takes the whole split at once (the command line's ``--box``). Every change is
journalled with the cycle (its plan carries the boxes), so a resume finds them again.

The parcels follow the boxes: parcel n is box n, weighing what the scale measured, else its
goods' product weights plus the carton's tare. Only ``set_parcels`` with a number of parcels
other than the boxes' (the older way, without contents) ships parcels whose contents are
not known; an order that needs customs data refuses that at finish.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from packstation.domain.boxes import (
    Box,
    BoxType,
    box_type_to_mapping,
    boxes_to_plain,
    check_boxes,
    move_units,
)
from packstation.domain.cycle import CycleStatus, JournalKind
from packstation.domain.notes import Note, NoteKind
from packstation.domain.packing import MAX_PARCEL_WEIGHT_G, MAX_PARCELS, Parcel
from packstation.domain.refusals import Missing, Refusal, RefusalKind
from packstation.domain.weight_gate import parcel_weights
from packstation.services.packing.context import CycleContext
from packstation.services.packing.session import OrderSession

# --------------------------------------------------------------------------- pure helpers


def boxed_units(boxes: Sequence[Box]) -> Counter[str]:
    """Units per SKU over all boxes."""
    counts: Counter[str] = Counter()
    for box in boxes:
        counts.update(box.counts())
    return counts


def counted_units(session: OrderSession) -> Counter[str]:
    """Units per SKU packed so far: counted by the item check, or let go unchecked.

    Once the check is skipped, the units not scanned are packed too (*not verified*, never
    counted as scanned), so they go into a box like the scanned ones.
    """
    counts: Counter[str] = Counter()
    for line, scanned in zip(session.order.lines, session.progress.scanned, strict=True):
        if scanned:
            counts[line.sku] += scanned
    for sku, units in session.not_verified:
        counts[sku] += units
    return counts


def fill_current_box(session: OrderSession) -> dict[str, int]:
    """Put the units counted but in no box yet into the current box; what was added."""
    boxed = boxed_units(session.boxes)
    added: dict[str, int] = {}
    for sku, count in counted_units(session).items():
        if count > boxed[sku]:
            added[sku] = count - boxed[sku]
    if added:
        session.boxes = tuple(
            _add_all(box, added) if box.number == session.current_box else box
            for box in session.boxes
        )
    return added


def _add_all(box: Box, added: dict[str, int]) -> Box:
    for sku, quantity in added.items():
        box = box.add(sku, quantity)
    return box


def box_gross_g(session: OrderSession, box: Box) -> int | None:
    """What a box weighs: measured, else goods + tare (None when nothing is known)."""
    gross = parcel_weights(box, session.order).gross_g
    if gross is None or not 0 < gross <= MAX_PARCEL_WEIGHT_G:
        return None
    return gross


def sync_parcels(session: OrderSession) -> None:
    """The session's parcels from its boxes (or the number of parcels given without contents)."""
    if session.parcels_only is not None:
        session.parcels = session.parcels_only
        return
    count = len(session.boxes)
    session.parcels = tuple(
        Parcel(box.number, count, box_gross_g(session, box)) for box in session.boxes
    )


def box_record(session: OrderSession) -> dict[str, Any]:
    """The journal's detail for the boxes as they are now."""
    return {"boxes": boxes_to_plain(session.boxes), "current_box": session.current_box}


def boxes_problem(session: OrderSession) -> Refusal | None:
    """Why the order on the bench cannot be finished as boxed (a kind, its facts and the
    English sentence), or None."""
    order_id = session.order_id
    if not session.contents_known:
        if session.customs_needed and len(session.parcels) > 1:
            return Refusal(
                RefusalKind.CUSTOMS_NEEDS_BOXES,
                f"Order {order_id} needs a customs declaration per parcel, so the station must "
                "know what is in each one: pack it box by box (F4 or the NEXT-PARCEL barcode "
                "between boxes, or --box on the command line) instead of giving only a number "
                "of parcels.",
                order_id=order_id,
            )
        return None
    problems = check_boxes(session.order, session.boxes)
    if problems:
        message = " ".join(problems)
        empty = next((box.number for box in session.boxes if box.empty), None)
        if empty is not None:  # the usual case at the bench: a box opened and left empty
            return Refusal(RefusalKind.BOX_LEFT_EMPTY, message, box=empty)
        return Refusal(RefusalKind.BOXES_NOT_THE_ORDER, message, order_id=order_id)
    if session.customs_needed:
        for box in session.boxes:
            weights = parcel_weights(box, session.order)
            if weights.problem and weights.gross_g is not None:
                return Refusal(
                    RefusalKind.NET_OVER_GROSS,
                    f"{weights.problem} A customs declaration never states more net weight "
                    "than the parcel's gross weight: weigh the box again, or correct its weight.",
                    box=box.number,
                    gross_g=weights.gross_g,
                    net_g=weights.net_g,
                )
    return None


def lighter_than_goods(session: OrderSession) -> list[Note]:
    """Boxes the scale weighed lighter than their goods' product weights (a warning)."""
    if not session.contents_known:
        return []
    found = [parcel_weights(box, session.order) for box in session.boxes]
    return [
        Note(NoteKind.LIGHTER_THAN_GOODS, w.problem, box=w.box, gross_g=w.gross_g, net_g=w.net_g)
        for w in found
        if w.problem is not None and w.gross_g is not None
    ]


# --------------------------------------------------------------------------- the service part


class Boxing:
    """The packer's boxes for the order on the bench (every change journalled)."""

    def __init__(self, ctx: CycleContext) -> None:
        self._ctx = ctx

    def _packing(self) -> OrderSession:
        session = self._ctx.current
        if session is None or session.status is not CycleStatus.PACKING:
            raise Missing(RefusalKind.NO_ORDER_PACKED, "no order is being packed")
        return session

    async def save(self, session: OrderSession, action: str, **detail: Any) -> None:
        """Journal the boxes with the cycle (its plan carries them) after a change."""
        ctx = self._ctx
        sync_parcels(session)
        session.record = replace(session.record, plan=ctx.plan(session), updated_at=ctx.clock())
        await ctx.save_cycle(
            session, JournalKind.BOXES, {"action": action, **detail, **box_record(session)}
        )

    async def next_box(self, box_type: BoxType | None = None) -> Box:
        """Open the next box (of ``box_type``), or give the current empty box that type.

        ValueError in plain words when the current box is still empty and no type is given,
        or when the order already has the most boxes an order may have.
        """
        async with self._ctx.lock:
            session = self._packing()
            current = next(b for b in session.boxes if b.number == session.current_box)
            if current.empty and session.contents_known:
                if box_type is None:
                    raise Refusal(
                        RefusalKind.BOX_EMPTY,
                        f"Box {current.number} is still empty: put the items for it in "
                        "before opening the next box.",
                        box=current.number,
                    )
                box = replace(current, box_type=box_type)
                session.boxes = tuple(box if b is current else b for b in session.boxes)
                await self.save(
                    session,
                    "box_type",
                    box=box.number,
                    box_type=box.box_type.name if box.box_type else None,
                )
                return box
            if session.contents_known and len(session.boxes) >= MAX_PARCELS:
                raise Refusal(
                    RefusalKind.TOO_MANY_BOXES,
                    f"An order may have at most {MAX_PARCELS} boxes.",
                    most=MAX_PARCELS,
                )
            if not session.contents_known:  # a number of parcels was given: boxes again
                session.parcels_only = None
            number = len(session.boxes) + 1
            box = Box(number, box_type=box_type)
            session.boxes = (*session.boxes, box)
            session.current_box = number
            await self.save(
                session,
                "opened",
                box=number,
                box_type=box_type_to_mapping(box_type) if box_type else None,
            )
            return box

    async def select_box(self, number: int) -> Box:
        """Make box ``number`` the one the next scans go into."""
        async with self._ctx.lock:
            session = self._packing()
            box = next((b for b in session.boxes if b.number == number), None)
            if box is None:
                raise Refusal(
                    RefusalKind.NO_SUCH_BOX,
                    f"There is no box {number}; order {session.order_id} has boxes 1 to "
                    f"{len(session.boxes)}.",
                    box=number,
                )
            session.current_box = number
            await self.save(session, "selected", box=number)
            return box

    async def move(self, sku: str, source: int, target: int, quantity: int = 1) -> tuple[Box, ...]:
        """Move units of ``sku`` from box ``source`` to box ``target`` (the next number opens a
        new box); ValueError in plain words when they are not there.

        The last box, emptied by the move, is put away (``closed`` in the journal): a box
        opened one too many never holds the order back. Another box emptied stays, and
        finishing says it is empty until something goes into it.
        """
        async with self._ctx.lock:
            session = self._packing()
            session.boxes = move_units(session.boxes, sku, source, target, quantity)
            session.parcels_only = None  # the packer works box by box again
            closed = None
            last = session.boxes[-1]
            if len(session.boxes) > 1 and last.number == source and last.empty:
                session.boxes = session.boxes[:-1]
                session.gate.pop(source, None)
                session.current_box = min(session.current_box, len(session.boxes))
                closed = source
            await self.save(
                session,
                "moved",
                sku=sku,
                source=source,
                target=target,
                quantity=quantity,
                closed=closed,
            )
            return session.boxes

    async def set_boxes(self, boxes: Sequence[Box]) -> tuple[Box, ...]:
        """Take the packer's whole split at once (``--box``): every unit of the order in
        exactly one box; ValueError with the problems in plain words otherwise."""
        async with self._ctx.lock:
            session = self._packing()
            problems = check_boxes(session.order, boxes)
            if problems:
                raise ValueError(" ".join(problems))
            session.boxes = tuple(boxes)
            session.current_box = len(session.boxes)
            session.parcels_only = None
            await self.save(session, "set")
            return session.boxes

    async def weigh(self, number: int, grams: int | None) -> Box:
        """Record what box ``number`` weighs on the scale (None: not weighed)."""
        async with self._ctx.lock:
            session = self._packing()
            return await self.weigh_locked(session, number, grams)

    async def weigh_locked(self, session: OrderSession, number: int, grams: int | None) -> Box:
        box = next((b for b in session.boxes if b.number == number), None)
        if box is None:
            raise Refusal(RefusalKind.NO_SUCH_BOX, f"There is no box {number}.", box=number)
        box = replace(box, measured_weight_g=grams)
        session.boxes = tuple(box if b.number == number else b for b in session.boxes)
        await self.save(session, "weighed", box=number, measured_g=grams)
        return box
