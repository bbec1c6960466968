"""The settings screen's words for refused settings (issue 17, item 10): ``ui/setting_words.py``.

Every issue and key-store problem has words with a translation in every shipped language (its
placeholders kept); a problem names the setting as the screen does and what it allows, with
numbers in the window's language, never the settings model's own English.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from packstation.domain.printing import PrintOutcome
from packstation.domain.settings_problems import (
    KeyNotStored,
    KeyStoreProblem,
    PrinterAddressRefused,
    SettingIssue,
    SettingProblem,
    SettingsRefused,
)
from packstation.ui import setting_words
from packstation.ui.i18n import LANGUAGES, TRANSLATIONS_DIR, LanguageSwitch
from packstation.ui.service_words import describe
from packstation.ui.setting_words import (
    CONTEXT,
    ISSUES,
    KEY_PROBLEMS,
    OUTCOMES,
    limit_text,
    outcome_text,
    printer_choice_text,
    problem_text,
)
from tests.gui.test_service_words import noop_texts

PLACEHOLDER = re.compile(r"\{\w*\}")
ENGLISH = "ENGLISH SENTENCE OF THE SETTINGS MODEL"


def source_texts() -> list[str]:
    return noop_texts(setting_words)


def test_every_issue_and_key_problem_has_words() -> None:
    assert [i.name for i in SettingIssue if i not in ISSUES] == []
    assert [p.name for p in KeyStoreProblem if p not in KEY_PROBLEMS] == []
    assert [o.name for o in PrintOutcome if o not in OUTCOMES] == []


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_every_text_has_a_translation_with_its_placeholders(qapp: QApplication, code: str) -> None:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / f"packstation_{code}.qm"))
    texts = source_texts()
    assert len(texts) > 40
    said = {t: translator.translate(CONTEXT, t) or "" for t in texts}
    assert [t for t, s in said.items() if not s] == []
    lost = [
        t
        for t, s in said.items()
        if sorted(PLACEHOLDER.findall(t)) != sorted(PLACEHOLDER.findall(s))
    ]
    assert lost == []


def test_refused_settings_name_the_setting_and_what_it_allows_in_german(
    language: LanguageSwitch,
) -> None:
    language.apply("de")
    assert limit_text("0.5") == "0,5"
    assert limit_text("921600") == "921.600"
    assert limit_text("zpl, escpos, pdf") == "zpl, escpos, pdf"
    refused = SettingsRefused(
        ENGLISH,
        (
            SettingProblem("printer_dpi", SettingIssue.AT_LEAST, "100"),
            SettingProblem("language", SettingIssue.NOT_ACCEPTED),
            SettingProblem("warehouse_lease_s", SettingIssue.AT_LEAST, "10.5"),
        ),
    )
    assert describe(refused) == (
        "Auflösung (dpi) muss mindestens 100 sein. Sprache nimmt diesen Wert nicht an. Erlaubt: "
        "en (Englisch) oder de (Deutsch); leer für die Sprache des Computers. "
        "warehouse_lease_s muss mindestens 10,5 sein."
    )
    assert describe(SettingsRefused(ENGLISH, file="/etc/p.toml")).startswith(
        "Die Einstellungsdatei /etc/p.toml kann nicht gelesen werden"
    )
    assert describe(PrinterAddressRefused(ENGLISH)).startswith("Kein Drucker eingestellt")
    assert describe(PrinterAddressRefused(ENGLISH, "lpt1")).startswith(
        "„lpt1“ ist keine Druckeradresse"
    )
    no_keyring = KeyNotStored(ENGLISH, KeyStoreProblem.NO_KEYRING)
    assert "PACKSTATION_ACCESS_KEY" in describe(no_keyring)
    assert outcome_text(PrintOutcome.HELD) == "der Drucker ist nicht bereit (siehe Statusleiste)"
    language.apply("en")
    unknown = SettingProblem("colour", SettingIssue.UNKNOWN_SETTING)
    assert problem_text(unknown) == "There is no setting called colour."
    for exc in (refused, no_keyring, PrinterAddressRefused(ENGLISH, "lpt1")):
        assert ENGLISH not in describe(exc)


def test_a_printer_refusing_jobs_is_listed_in_the_windows_language(
    language: LanguageSwitch,
) -> None:
    """The printer list's words are the window's: a CUPS queue that refuses jobs says so in
    German; its name and device are shown as the computer gives them."""
    language.apply("de")
    assert printer_choice_text("cups://Zebra", "Zebra", "socket://10.0.0.5:9100", False) == (
        "cups://Zebra  (Zebra socket://10.0.0.5:9100 · nimmt keine Aufträge an)"
    )
    assert printer_choice_text("cups://Zebra", "Zebra", "usb://Zebra", True) == (
        "cups://Zebra  (Zebra usb://Zebra)"
    )
    assert printer_choice_text("tcp://10.0.0.5:9100", "tcp://10.0.0.5:9100", "", True) == (
        "tcp://10.0.0.5:9100"
    )
    language.apply("en")
    assert printer_choice_text("cups://Q", "Q", "", False) == "cups://Q  (Q · not accepting jobs)"
