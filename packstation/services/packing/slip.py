"""The packing slip (delivery note) at finish: made, filed and printed per the station's rule.

After the labels and follow-ups, ``StationPolicy.packing_slip`` decides (``never``,
``always``, ``multi_box``: only orders in more than one box, ``order_asks``: only when the
order's tag ``packing_slip`` says yes) whether the order's slip is made. It lists each box's
items (the cycle's boxes, as journalled), is filed as a PDF in the data directory and printed
on the document printer when the station has one. A slip that cannot be made or printed never
stops the order: the packer is told, the journal says why, and ``reprint`` makes it again from
the journal (``PackingService.reprint_slip``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from packstation.domain.boxes import Box, single_box
from packstation.domain.cycle import CycleRecord, JournalKind
from packstation.domain.notes import Note, NoteKind
from packstation.domain.packing_slip import SlipPolicy, packing_slip, slip_wanted
from packstation.domain.printing import PrinterError
from packstation.domain.refusals import Refusal, RefusalKind
from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.services.packing.context import CycleContext


@dataclass(frozen=True, slots=True)
class SlipOutcome:
    """What became of one order's packing slip."""

    order_id: str
    path: str | None
    printed: bool
    message: Note  # for the log and the command line, in English; its kind for the window
    printer: str | None = None  # the document printer it went to (None: the station has none)
    #: why it was not made or did not print (the window words it by its type and facts)
    error: Exception | None = None


class SlipNotReady(LookupError):
    """The order has no packing slip to print again: it is not finished (or was given up)."""


class PackingSlips:
    """Makes, files and prints packing slips (no slip maker: none is made)."""

    def __init__(self, ctx: CycleContext) -> None:
        self._ctx = ctx

    def wanted(self, record: CycleRecord) -> bool:
        policy = self._ctx.policy.packing_slip
        if policy is SlipPolicy.NEVER or self._ctx.ports.slips is None or record.order is None:
            return False
        return slip_wanted(policy, record.order, _boxes(record))

    async def at_finish(self, record: CycleRecord) -> SlipOutcome | None:
        """The slip of a finished cycle when the station's rule asks for one (once a cycle)."""
        if not self.wanted(record):
            return None
        done = await self._ctx.journal.events(order_id=record.order_id)
        if any(e.kind is JournalKind.PACKING_SLIP and e.cycle_id == record.cycle_id for e in done):
            return None  # made before a crash or a resume
        return await self.make(record, "finish")

    async def make(self, record: CycleRecord, why: str) -> SlipOutcome:
        """Make, file and print the slip of ``record``'s order; journalled, never raises for a
        printer or a slip problem (the outcome says it)."""
        ctx = self._ctx
        order = record.order
        maker = ctx.ports.slips
        if order is None or maker is None:
            none = Refusal(RefusalKind.NO_SLIPS, "No packing slip: this station makes none.")
            said = Note(NoteKind.SLIP_NOT_MADE, none.message, none, order_id=record.order_id)
            return SlipOutcome(record.order_id, None, False, said, error=none)
        boxes = _boxes(record)
        path: str | None = None
        printed = False
        outcome, detail = "filed", ""
        error: Exception | None = None
        try:
            slip = packing_slip(
                order,
                boxes,
                merchant_name=ctx.policy.merchant_name or ctx.policy.station_name,
                merchant_address=ctx.policy.sender,
                return_portal=ctx.policy.return_portal_pro,
                packed_at=record.updated_at,
                page_size=ctx.policy.packing_slip_size,
            )
            made = await maker.make(slip)
        except (ValueError, OSError) as exc:
            outcome, detail, error = "failed", str(exc), exc
        else:
            path = made.path
            printer = ctx.ports.document_printer
            if printer is not None:
                try:
                    result = await printer.print_document(
                        LabelDocument(made.content, made.content_type, LabelFormat.PDF),
                        f"packing slip {order.order_id}",
                    )
                except PrinterError as exc:
                    outcome, detail, error = "failed", exc.message, exc
                else:
                    printed = result.printed
                    outcome, detail = result.outcome.value, result.detail
        printer = ctx.ports.document_printer
        uri = printer.uri if printer else None
        reported = detail if path is None else detail or outcome
        message = _slip_note(record.order_id, path, uri, printed, reported, error)
        await ctx.note(
            JournalKind.PACKING_SLIP,
            order_id=record.order_id,
            cycle_id=record.cycle_id,
            detail={
                "why": why,
                "path": path,
                "printer": printer.uri if printer else None,
                "printed": printed,
                "outcome": outcome,
                "detail": detail,
                "boxes": len(boxes),
            },
        )
        return SlipOutcome(
            record.order_id, path, printed, message, printer.uri if printer else None, error
        )


def _slip_note(
    order_id: str,
    path: str | None,
    printer: str | None,
    printed: bool,
    why: str,
    error: Exception | None,
) -> Note:
    """What became of the slip: the English sentence with its kind and facts."""
    if path is None:
        return Note(
            NoteKind.SLIP_NOT_MADE,
            f"The packing slip of {order_id} could not be made: {why}",
            error,
            order_id=order_id,
        )
    if printer is None:
        return Note(
            NoteKind.SLIP_FILED,
            f"Packing slip of {order_id} filed at {path} (no document printer).",
            order_id=order_id,
            path=path,
        )
    if printed:
        return Note(
            NoteKind.SLIP_PRINTED,
            f"Packing slip of {order_id} printed on {printer}.",
            order_id=order_id,
            printer=printer,
        )
    return Note(
        NoteKind.SLIP_NOT_PRINTED,
        f"The packing slip of {order_id} did NOT print on {printer} ({why}); it is filed at "
        f"{path}: print it from there or with `packstation slip {order_id}`.",
        error,
        order_id=order_id,
        printer=printer,
        path=path,
    )


def _boxes(record: CycleRecord) -> Sequence[Box]:
    """The cycle's boxes, as journalled; an order in one parcel without boxes is one box."""
    plan = record.plan
    if plan is not None and plan.boxes:
        return plan.boxes
    if record.order is not None and (plan is None or len(plan.parcels) <= 1):
        return single_box(record.order)
    return ()  # several parcels whose contents are not known: the slip says so (refused)
