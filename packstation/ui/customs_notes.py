"""A customs declaration's note in the window's language (customs dialog, dispatch rows).

The store keeps a declaration's note with its kind and facts (``domain/notes.py``): it is
worded by kind like every other note (``ui/service_notes.py``), with the parcel's facts taken
from the declaration. A row written by an older packstation has only the English text: it is
shown quoted behind a lead-in in the window's language that says so.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from packstation.domain.customs_declaration import CustomsDeclaration
from packstation.domain.notes import Note
from packstation.ui.service_notes import note_text


def declaration_note_text(declaration: CustomsDeclaration) -> str:
    """The declaration's note, worded ("" when it has none)."""
    note = declaration.note
    if not note:
        return ""
    if isinstance(note, Note):
        facts = {
            "order_id": declaration.order_id,
            "parcel": declaration.parcel_no,
            "parcels": declaration.parcel_count,
            **note.facts,
        }
        return note_text(Note(note.kind, "", note.error, **facts))  # worded, never its sentence
    # an older version kept only English, the station's own or Seven Senders' words within it:
    # quoted whole behind words that say so, whatever the declaration's state
    lead = QCoreApplication.translate(
        "CustomsNotes", "Noted by an older version of the station, in English: “{0}”"
    )
    return lead.format(str(note))
