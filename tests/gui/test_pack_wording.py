"""The packing screen's wording table: every outcome has words, and they follow the language."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from packstation.domain.cycle import AttemptStatus
from packstation.ui.i18n import TRANSLATIONS_DIR
from packstation.ui.pack_wording import (
    AS_GIVEN,
    WORDING,
    Say,
    banner,
    label_state_text,
    sound_of,
)
from packstation.ui.sounds import Sound
from packstation.ui.theme import Tone

PLACEHOLDER = re.compile(r"\{(\d+)\}")


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "packstation_de.qm"))
    qapp.installTranslator(translator)
    try:
        yield
    finally:
        qapp.removeTranslator(translator)


def _arguments(source: str) -> tuple[str, ...]:
    count = max((int(n) + 1 for n in PLACEHOLDER.findall(source)), default=0)
    return tuple(f"<{n}>" for n in range(count))


def test_every_outcome_has_words_and_every_placeholder_is_filled(qapp: QApplication) -> None:
    assert set(WORDING) == set(Say)
    for say, wording in WORDING.items():
        head, detail = _arguments(wording.headline), _arguments(wording.detail)
        shown = banner(say, head, detail)
        assert shown.tone is wording.tone
        assert shown.headline, say
        for text in (shown.headline, shown.detail):
            assert not PLACEHOLDER.search(text), (say, text)
        assert all(value in shown.headline for value in head), say
        assert all(value in shown.detail for value in detail), say


def test_a_line_as_given_shows_the_callers_text_and_a_function_is_worded_when_drawn(
    qapp: QApplication,
) -> None:
    assert WORDING[Say.FAILED].detail == AS_GIVEN
    failed = banner(Say.FAILED, detail=(ValueError("disk {0} full"),))
    assert failed.detail == "disk {0} full"
    words = iter(["first", "second"])
    source = (lambda: next(words),)
    assert banner(Say.NOT_PACKABLE, source).headline == "first"
    assert banner(Say.NOT_PACKABLE, source).headline == "second"


def test_the_sounds_come_from_the_table(qapp: QApplication) -> None:
    assert sound_of(Say.WRONG_ITEM) is Sound.WRONG_ITEM
    assert sound_of(Say.OVER_SCAN) is Sound.OVER_SCAN
    assert sound_of(Say.PRINTED) is Sound.COMPLETE
    assert sound_of(Say.OTHER_ORDER) is Sound.WRONG_ITEM
    assert sound_of(Say.BUYING) is None
    assert WORDING[Say.NOT_PRINTED].tone is Tone.ERROR
    assert WORDING[Say.SENT_UNCONFIRMED].tone is Tone.WARNING  # never a success
    assert sound_of(Say.SENT_UNCONFIRMED) is Sound.ATTENTION


def test_the_banners_speak_german_with_the_german_translation(
    qapp: QApplication, german: None
) -> None:
    other = banner(Say.OTHER_ORDER, ("A105",), ("A100",))
    assert other.headline == "Das ist Auftrag A105"
    assert other.detail == "Zuerst Auftrag A100 abschließen oder ihn mit F9 vom Packplatz nehmen."
    items = banner(Say.ITEM_COUNTED, (1, 3), ("Becher", 1, 1))
    assert items.headline == "Artikel scannen: 1 von 3"
    assert banner(Say.NO_LABEL_YET, ("A100",), ("timeout",)).detail.startswith("timeout ")


def test_every_label_state_is_worded_in_english_and_german(qapp: QApplication) -> None:
    """The label states are keyed by the status's value (the window's first frame loads no
    domain module): every status still finds its own words, never its raw value."""
    english = {status: label_state_text(status, print_tried=False) for status in AttemptStatus}
    assert english == {
        AttemptStatus.INTENT: "buying…",
        AttemptStatus.BOUGHT: "bought",
        AttemptStatus.STORED: "printing…",
        AttemptStatus.PRINTED: "printed",
        AttemptStatus.VOIDED: "voided",
        AttemptStatus.ABANDONED: "given up",
    }
    assert label_state_text(AttemptStatus.STORED, print_tried=True) == "waiting for the printer"
    assert label_state_text(AttemptStatus.PRINTED, True, unconfirmed=True) == "sent, unconfirmed"
    assert label_state_text(None, print_tried=False) == "no label yet"
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "packstation_de.qm"))
    qapp.installTranslator(translator)
    try:
        german = {status: label_state_text(status, print_tried=False) for status in AttemptStatus}
    finally:
        qapp.removeTranslator(translator)
    for status, words in german.items():
        assert words != english[status], status  # translated, not left in English
        assert words != status.value, status
