"""What is wrong with typed settings, in the window's language: the setting and what it allows.

The settings layer hands the screen typed problems (``domain/settings_problems.py``): which
setting, which issue, and the limit or the allowed values. This module names the setting as the
settings screen does and says what is allowed, never pydantic's own text. Numbers are written
in the window's language ("0,5"). The English texts are the translation sources (context
"SettingWords"); ``tests/gui/test_setting_words.py`` checks every issue has words in every
shipped language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from packstation.domain.printing import PrintOutcome
from packstation.domain.settings_problems import (
    KeyNotStored,
    KeyStoreProblem,
    PrinterAddressRefused,
    SettingIssue,
    SettingProblem,
    SettingsRefused,
)

CONTEXT = "SettingWords"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` as a source text of ``context`` for ``pyside6-lupdate``; returns it."""
    del context
    return text


def translated(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


#: the settings' names as the settings screen shows them (others go by their field name)
SETTING_NAMES: dict[str, str] = {
    "environment": QT_TRANSLATE_NOOP("SettingWords", "Environment"),
    "api_url": QT_TRANSLATE_NOOP("SettingWords", "Custom API URL"),
    "seven_senders_flex": QT_TRANSLATE_NOOP("SettingWords", "7S Flex account"),
    "carrier": QT_TRANSLATE_NOOP("SettingWords", "Carrier"),
    "label_format": QT_TRANSLATE_NOOP("SettingWords", "Label format"),
    "order_source": QT_TRANSLATE_NOOP("SettingWords", "Order source"),
    "auto_finish": QT_TRANSLATE_NOOP("SettingWords", "Print the label after the last item"),
    "printer": QT_TRANSLATE_NOOP("SettingWords", "Printer"),
    "printer_language": QT_TRANSLATE_NOOP("SettingWords", "Printer language"),
    "printer_dpi": QT_TRANSLATE_NOOP("SettingWords", "Resolution (dpi)"),
    "label_width_mm": QT_TRANSLATE_NOOP("SettingWords", "Label width (mm)"),
    "label_height_mm": QT_TRANSLATE_NOOP("SettingWords", "Label height (mm)"),
    "station_name": QT_TRANSLATE_NOOP("SettingWords", "Station name"),
    "packer_name": QT_TRANSLATE_NOOP("SettingWords", "Packer"),
    "language": QT_TRANSLATE_NOOP("SettingWords", "Language"),
    "sound_volume": QT_TRANSLATE_NOOP("SettingWords", "Sound volume"),
    "sound_muted": QT_TRANSLATE_NOOP("SettingWords", "Sound off"),
    "scanner_serial_port": QT_TRANSLATE_NOOP("SettingWords", "Serial scanner port"),
    "scanner_baudrate": QT_TRANSLATE_NOOP("SettingWords", "Baud rate"),
}

#: what a setting with a check of its own allows (said when that check refuses a value)
ALLOWED: dict[str, str] = {
    "language": QT_TRANSLATE_NOOP(
        "SettingWords", "en (English) or de (German); empty for the computer's language"
    ),
    "carrier": QT_TRANSLATE_NOOP("SettingWords", "a carrier and its country, e.g. dhl:DE"),
    "api_url": QT_TRANSLATE_NOOP("SettingWords", "an address starting with https:// or http://"),
    "departure_country": QT_TRANSLATE_NOOP("SettingWords", "a two-letter country code, e.g. DE"),
    "customs_countries": QT_TRANSLATE_NOOP(
        "SettingWords", "two-letter country codes, e.g. GB, CH, NO"
    ),
    "incoterm_default": QT_TRANSLATE_NOOP(
        "SettingWords", "an Incoterms 2020 code, e.g. DAP or DDP"
    ),
    "packing_slip_size": QT_TRANSLATE_NOOP("SettingWords", "A4 or A5"),
}

#: ``SettingIssue`` → words: {0} the setting, {1} its limit or allowed values
ISSUES: dict[SettingIssue, str] = {
    SettingIssue.MISSING: QT_TRANSLATE_NOOP("SettingWords", "{0} needs a value."),
    SettingIssue.NOT_WHOLE_NUMBER: QT_TRANSLATE_NOOP("SettingWords", "{0} must be a whole number."),
    SettingIssue.NOT_NUMBER: QT_TRANSLATE_NOOP("SettingWords", "{0} must be a number."),
    SettingIssue.NOT_YES_NO: QT_TRANSLATE_NOOP("SettingWords", "{0} must be yes or no."),
    SettingIssue.NOT_TEXT: QT_TRANSLATE_NOOP("SettingWords", "{0} must be text."),
    SettingIssue.AT_LEAST: QT_TRANSLATE_NOOP("SettingWords", "{0} must be at least {1}."),
    SettingIssue.MORE_THAN: QT_TRANSLATE_NOOP("SettingWords", "{0} must be more than {1}."),
    SettingIssue.AT_MOST: QT_TRANSLATE_NOOP("SettingWords", "{0} may be at most {1}."),
    SettingIssue.LESS_THAN: QT_TRANSLATE_NOOP("SettingWords", "{0} must be less than {1}."),
    SettingIssue.TOO_SHORT: QT_TRANSLATE_NOOP(
        "SettingWords", "{0} needs at least {1} character(s)."
    ),
    SettingIssue.TOO_LONG: QT_TRANSLATE_NOOP(
        "SettingWords", "{0} may have at most {1} characters."
    ),
    SettingIssue.ONE_OF: QT_TRANSLATE_NOOP("SettingWords", "{0} must be one of: {1}."),
    SettingIssue.NOT_ACCEPTED: QT_TRANSLATE_NOOP(
        "SettingWords", "{0} does not take this value. Allowed: {1}."
    ),
    SettingIssue.UNKNOWN_SETTING: QT_TRANSLATE_NOOP(
        "SettingWords", "There is no setting called {0}."
    ),
}

_SEE_THE_REFERENCE = QT_TRANSLATE_NOOP(
    "SettingWords", "what the settings reference (docs/settings.md) describes"
)
_THE_SETTINGS = QT_TRANSLATE_NOOP("SettingWords", "The settings")
_FILE_UNREADABLE = QT_TRANSLATE_NOOP(
    "SettingWords",
    "The settings file {0} cannot be read: correct it by hand or remove it; nothing was saved.",
)
_NOT_WRITABLE = QT_TRANSLATE_NOOP("SettingWords", "A value cannot be written to the settings file.")
_NO_PRINTER = QT_TRANSLATE_NOOP(
    "SettingWords", "No printer is set: choose one with Find printers, or type its address."
)
_NOT_AN_ADDRESS = QT_TRANSLATE_NOOP(
    "SettingWords",
    "“{0}” is not a printer address the station knows: e.g. tcp://192.168.1.50:9100, "
    "cups://QUEUE, escpos+tcp://HOST:9100, file:///FOLDER or win32://NAME.",
)
#: what became of a test label (``PrintResult.outcome``), never the printer's own detail
OUTCOMES: dict[PrintOutcome, str] = {
    PrintOutcome.CONFIRMED: QT_TRANSLATE_NOOP("SettingWords", "the printer confirmed it"),
    PrintOutcome.DELIVERED: QT_TRANSLATE_NOOP(
        "SettingWords", "sent; the printer cannot confirm it printed"
    ),
    PrintOutcome.HELD: QT_TRANSLATE_NOOP(
        "SettingWords", "the printer is not ready (see the station bar)"
    ),
    PrintOutcome.FAILED: QT_TRANSLATE_NOOP(
        "SettingWords",
        "the printer cannot print it as it is: check the printer language and the label size",
    ),
    PrintOutcome.OWN_LABEL: QT_TRANSLATE_NOOP("SettingWords", "printed elsewhere"),
}

KEY_PROBLEMS: dict[KeyStoreProblem, str] = {
    KeyStoreProblem.NO_KEYRING: QT_TRANSLATE_NOOP(
        "SettingWords",
        "This computer has no secure password store (OS keyring) for the access key: the "
        "administrator sets PACKSTATION_ACCESS_KEY for the station's service instead.",
    ),
    KeyStoreProblem.DEMO: QT_TRANSLATE_NOOP(
        "SettingWords", "Demo mode stores no access key: the sandbox needs none."
    ),
}


def setting_name(setting: str) -> str:
    """The setting as the settings screen names it (else its field name, as in the docs)."""
    caption = SETTING_NAMES.get(setting)
    return translated(caption) if caption is not None else (setting or translated(_THE_SETTINGS))


def limit_text(limit: str) -> str:
    """A limit in the window's language ("0,5"); the allowed values as they are."""
    try:
        number = float(limit)
    except ValueError:
        return limit
    if number.is_integer():
        return QLocale().toString(int(number))
    return QLocale().toString(number, "g", 12)


def problem_text(problem: SettingProblem) -> str:
    """One problem: the setting by its name, and what it allows."""
    if problem.issue is SettingIssue.NOT_ACCEPTED:
        allowed = ALLOWED.get(problem.setting.split(".")[-1], _SEE_THE_REFERENCE)
        return translated(ISSUES[problem.issue]).format(
            setting_name(problem.setting), translated(allowed)
        )
    return translated(ISSUES[problem.issue]).format(
        setting_name(problem.setting), limit_text(problem.limit)
    )


def settings_refused_text(exc: SettingsRefused) -> str:
    """Why the settings were not saved, setting by setting."""
    if exc.file:
        return translated(_FILE_UNREADABLE).format(exc.file)
    if not exc.problems:
        return translated(_NOT_WRITABLE)
    return " ".join(problem_text(p) for p in exc.problems)


def printer_address_text(exc: PrinterAddressRefused) -> str:
    if not exc.address:
        return translated(_NO_PRINTER)
    return translated(_NOT_AN_ADDRESS).format(exc.address)


def outcome_text(outcome: PrintOutcome) -> str:
    """What became of a test label, in the window's language."""
    return translated(OUTCOMES[outcome])


def key_not_stored_text(exc: KeyNotStored) -> str:
    return translated(KEY_PROBLEMS[exc.reason])


_NOT_ACCEPTING = QT_TRANSLATE_NOOP("SettingWords", "not accepting jobs")


def printer_choice_text(uri: str, name: str, detail: str, accepting: bool) -> str:
    """A printer in the settings' list: its address, its name and device (names, as the
    computer gives them) and, in the window's language, that its queue refuses jobs."""
    about = [] if name == uri else [f"{name} {detail}".strip()]
    if not accepting:
        about.append(translated(_NOT_ACCEPTING))
    return f"{uri}  ({' · '.join(about)})" if about else uri
