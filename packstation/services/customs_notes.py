"""What the customs service notes on a declaration, typed (``domain/notes.py``): what became of
its commercial invoice and why Seven Senders refused it. The declaration keeps the note (the
store keeps its kind and facts), and the window words it in its own language."""

from __future__ import annotations

from packstation.domain.errors import NotFound, ValidationFailed
from packstation.domain.notes import Note, NoteKind


def invoice_note(order_id: str, path: str, printer: str | None, printed: bool, why: str) -> Note:
    """What became of a commercial invoice (its facts: the path and the printer)."""
    if printer is None:
        return Note(
            NoteKind.INVOICE_FILED,
            f"filed at {path} (no document printer is configured)",
            path=path,
        )
    if printed:
        return Note(
            NoteKind.INVOICE_PRINTED, f"printed on {printer}, filed at {path}", printer=printer
        )
    return Note(
        NoteKind.INVOICE_NOT_PRINTED,
        f"did NOT print on {printer} ({why}); it is filed at {path}: print it from there or "
        f"with `packstation customs invoice {order_id}`",
        printer=printer,
        path=path,
    )


def refusal_note(exc: ValidationFailed | NotFound, shipment_id: object) -> Note:
    """Why Seven Senders refused a customs shipment, as the declaration keeps it: its own words
    on the fields (untranslated: they are Seven Senders'), or that it has no such shipment."""
    if isinstance(exc, NotFound):
        return Note(NoteKind.CUSTOMS_SHIPMENT_UNKNOWN, str(exc), shipment=str(shipment_id))
    said = exc.said  # 7S's own words, read from its answer once (``status_error``)
    if not said:
        return Note(NoteKind.CUSTOMS_REFUSED_UNSAID, str(exc))
    return Note(NoteKind.CUSTOMS_REFUSED, str(exc), said=said)
