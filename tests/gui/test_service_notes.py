"""The packing bench's warnings and hints, worded by kind (issue 17, item 10): ``ui/service_notes``.

Every ``NoteKind`` has words with a translation in every shipped language; every ``Note`` the
services make carries exactly the facts its words name, and every ``Notice`` carries a note or
an error to word (found by reading the source, so a new one fails here until it does); the words
never hold the services' English, and weights in them are German on a German window.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from packstation.domain.catalog import ImageRejected
from packstation.domain.customs_declaration import CustomsDeclaration, DeclarationStatus
from packstation.domain.errors import ServiceUnavailable
from packstation.domain.notes import Note, NoteKind
from packstation.ui import service_notes
from packstation.ui.customs_notes import declaration_note_text
from packstation.ui.i18n import LANGUAGES, TRANSLATIONS_DIR, LanguageSwitch
from packstation.ui.service_notes import CONTEXT, NOTES, note_text, notes_lines, notes_text
from tests.customs_data import declaration
from tests.gui.test_service_words import noop_texts

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "packstation"
PLACEHOLDER = re.compile(r"\{\w*\}")
ENGLISH = "ENGLISH SENTENCE OF THE SERVICE"
#: the fact dicts handed over whole (``**parcel``): the facts they hold
SPLATS = {"parcel": {"order_id", "parcel", "parcels"}, "size": {"image", "width", "height"}}
#: notes made without the parcel's facts, which the caller adds when it copies them
#: (``CustomsService._invoice`` → ``_take``)
COMPLETED = (
    {
        kind: SPLATS["parcel"]
        for kind in ("INVOICE_FILED", "INVOICE_PRINTED", "INVOICE_NOT_PRINTED", "NO_INVOICE")
    }
    | {  # the printer's remarks get the label's code when the cycle copies them
        kind: {"code"}
        for kind in (
            "LABEL_FOR_LOWER_DPI",
            "LABEL_TOO_WIDE",
            "LABEL_TOO_LONG",
            "LABEL_PAGE_SIZE",
            "LABEL_SHRUNK",
            "LABEL_MAYBE_TWICE",
        )
    }
    | {  # an image's notes get the product's SKU when the catalog sync copies them
        kind: {"sku"} for kind in ("IMAGE_SIZE_UNKNOWN", "IMAGE_SMALL", "IMAGE_NOT_SQUARE")
    }
)


def source_texts() -> list[str]:
    return noop_texts(service_notes)


def calls(name: str) -> Iterator[tuple[str, ast.Call]]:
    for file in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == name
            ):
                yield f"{file.relative_to(ROOT)}:{node.lineno}", node


def kinds_of(node: ast.expr) -> list[str] | None:
    """``NoteKind.X`` → [X]; ``A if c else B`` → both; anything else (a copied kind) → None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return [node.attr] if node.value.id == "NoteKind" else None
    if isinstance(node, ast.IfExp):
        body, orelse = kinds_of(node.body), kinds_of(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def test_every_kind_has_words() -> None:
    assert [k.name for k in NoteKind if k not in NOTES] == []


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_every_text_has_a_translation_with_its_placeholders(qapp: QApplication, code: str) -> None:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / f"packstation_{code}.qm"))
    texts = source_texts()
    assert len(texts) == len(NoteKind)
    said = {t: translator.translate(CONTEXT, t) or "" for t in texts}
    assert [t for t, s in said.items() if not s] == []
    lost = [
        t
        for t, s in said.items()
        if sorted(PLACEHOLDER.findall(t)) != sorted(PLACEHOLDER.findall(s))
    ]
    assert lost == []


def test_the_notes_made_carry_the_facts_their_words_name() -> None:
    made = list(calls("Note"))
    assert len(made) > 20
    wrong, seen = [], set()
    for where, node in made:
        kinds = kinds_of(node.args[0])
        if kinds is None:  # a note copied from another (the invoice's, with the parcel's facts)
            continue
        seen.update(kinds)
        given = {k.arg for k in node.keywords if k.arg}
        for k in node.keywords:
            if k.arg is None:
                assert isinstance(k.value, ast.Name), f"{where}: facts handed over unknown"
                given |= SPLATS[k.value.id]
        for kind in kinds:
            named = {n.strip("{}") for n in PLACEHOLDER.findall(NOTES[NoteKind[kind]])}
            if not named <= given | COMPLETED.get(kind, set()):
                wrong.append(f"{where} {kind}: gives {sorted(given)}, words name {sorted(named)}")
    assert wrong == []
    # the invoice's notes get their facts from _invoice (path, printer) and the parcel's
    assert sorted(k.name for k in NoteKind if k.name not in seen) == []


def test_every_notice_carries_a_note_or_an_error() -> None:
    notices = list(calls("Notice"))
    assert len(notices) >= 5
    bare = [
        where
        for where, node in notices
        if len(node.args) < 4 and not any(k.arg in ("note", "error") for k in node.keywords)
    ]
    assert bare == [], "a notice the window cannot word (give it a Note or the error)"


def test_notes_are_worded_by_kind_with_german_weights(language: LanguageSwitch) -> None:
    language.apply("de")
    light = Note(NoteKind.LIGHTER_THAN_GOODS, ENGLISH, box=1, gross_g=1030, net_g=1250)
    assert note_text(light) == (
        "Karton 1 wiegt auf der Waage 1,03 kg, seine Produkte aber 1,25 kg: die "
        "Produktgewichte prüfen, oder ob ein Artikel im Karton fehlt."
    )
    held = Note(
        NoteKind.LABEL_HELD, ENGLISH, order_id="A1", parcel=1, parcels=2, code="T1", faults=""
    )
    cause = ServiceUnavailable(ENGLISH, operation="buy label")
    slip = Note(NoteKind.SLIP_NOT_MADE, ENGLISH, cause, order_id="A1")
    both = notes_text([held, slip, held])  # each once
    assert both.startswith(
        "Das Label von Paket 1 von 2 (T1) wartet – der Drucker ist nicht bereit: Es druckt von "
        "selbst"
    )
    # the printer's own reasons, by kind ("paper out, head open")
    faulted = Note(
        NoteKind.LABEL_HELD,
        ENGLISH,
        order_id="A1",
        parcel=1,
        parcels=1,
        code="T2",
        faults="paper_out,head_open,from_a_newer_printer",
    )
    assert note_text(faulted) == (
        "Das Label von Paket 1 von 1 (T2) wartet – die Etiketten sind aufgebraucht, der "
        "Druckkopf ist offen: Es druckt von selbst, sobald der Drucker bereit ist."
    )
    assert "Der Lieferschein von Auftrag A1 konnte nicht erstellt werden. Seven Senders ist" in both
    assert both.count("T1") == 1
    image = Note(NoteKind.IMAGE_SMALL, ENGLISH, sku="MUG-1", image="a.png", width=640, height=480)
    assert note_text(image) == (
        "MUG-1: Bild a.png hat 640×480 px, kleiner als die empfohlenen 800×800."
    )
    closed = Note(
        NoteKind.POINT_CLOSED, ENGLISH, point="Tabac", start_day="2026-12-24", end_day="2027-01-02"
    )
    assert note_text(closed) == "Tabac ist vom 24.12.2026 bis 02.01.2027 vorübergehend geschlossen."
    rejected = Note(NoteKind.IMAGE_REJECTED, ENGLISH, ImageRejected(ENGLISH), image="a.gif")
    assert note_text(rejected) == (
        "Bild a.gif: Diese Datei kann kein Produktbild sein: PNG oder JPEG, nicht zu groß."
    )
    column = Note(NoteKind.EXPORT_COLUMN, ENGLISH, column="ean")
    assert note_text(column) == "Die Spalte ean dieser Zeile kann so nicht verwendet werden."
    posted = Note(
        NoteKind.ALREADY_IN_MANIFEST, ENGLISH, order_id="A102", parcel=2, manifest_id="M-7"
    )
    assert notes_lines([posted, posted]) == ("Auftrag A102 Paket 2 ist schon in Manifest M-7.",)
    language.apply("en")
    assert note_text(light).startswith("Box 1 weighs 1.03 kg on the scale")
    for note in (light, held, slip):
        assert ENGLISH not in note_text(note)
        assert note == ENGLISH  # the log's sentence is kept
        assert note.message == ENGLISH


def test_a_declarations_note_is_worded_by_kind_and_an_older_ones_text_is_marked(
    language: LanguageSwitch,
) -> None:
    """The customs dialog and the dispatch rows word a declaration's note by its kind (the
    parcel's facts from the declaration); a note an older version stored as English text is
    quoted behind words saying so."""

    def declared(note: str, status: DeclarationStatus) -> CustomsDeclaration:
        return declaration(note, status, parcel_no=2, parcel_count=3)

    language.apply("de")
    unprinted = Note(NoteKind.INVOICE_NOT_PRINTED, ENGLISH, printer="ipp://docs", path="/x.pdf")
    assert declaration_note_text(declared(unprinted, DeclarationStatus.ACCEPTED)) == (
        "Die Handelsrechnung von Paket 2 von 3 (Auftrag A101) wurde auf ipp://docs NICHT "
        "gedruckt; sie ist unter /x.pdf abgelegt."
    )
    refused = Note(NoteKind.CUSTOMS_REFUSED, ENGLISH, said="hs_code: too short")
    assert declaration_note_text(declared(refused, DeclarationStatus.REFUSED)) == (
        "Seven Senders hat die Zolldaten abgelehnt. Seine Antwort, nicht übersetzt: "
        "„hs_code: too short“"
    )
    # an older version's English (its own sentence around Seven Senders' words): quoted behind
    # the same neutral lead-in, refused or not
    old = "Seven Senders refused the data while sending the customs data: hs_code: too short"
    assert declaration_note_text(declared(old, DeclarationStatus.REFUSED)) == (
        f"Vermerk einer älteren Version des Platzes, auf Englisch: „{old}“"
    )
    assert declaration_note_text(declared("withdrawn: typo", DeclarationStatus.WITHDRAWN)) == (
        "Vermerk einer älteren Version des Platzes, auf Englisch: „withdrawn: typo“"
    )
    assert declaration_note_text(declared("", DeclarationStatus.ACCEPTED)) == ""
    language.apply("en")
    assert declaration_note_text(declared(refused, DeclarationStatus.REFUSED)) == (
        "Seven Senders refused the customs data. Its answer, not translated: “hs_code: too short”"
    )
