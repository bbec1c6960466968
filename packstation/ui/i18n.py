"""The window's language: Qt translators for packstation's own texts and Qt's standard ones.

``packstation_de.qm`` is compiled from ``resources/translations/packstation_de.ts`` by
``scripts/update_translations.py``; English is the source language and needs no file. Qt's
own strings (OK/Cancel buttons, context menus) come from the ``qtbase_*.qm`` Qt ships.
Installing a translator sends ``LanguageChange`` to every widget, which re-word themselves.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = ("en", "de")


def system_language() -> str:
    """The computer's language if the station speaks it, else English."""
    name = QLocale.system().name()[:2].lower()
    return name if name in LANGUAGES else "en"


class LanguageSwitch:
    """Installs and swaps the translators of one application."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.language = "en"

    def apply(self, code: str | None) -> str:
        """Switch to ``code`` (None: the computer's language); returns the language in force."""
        language = (code or system_language()).lower()
        if language not in LANGUAGES:
            language = "en"
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        if language != "en":
            own = QTranslator(self._app)
            if own.load(str(TRANSLATIONS_DIR / f"packstation_{language}.qm")):
                self._translators.append(own)
            else:
                log.warning("no translation file for %s in %s", language, TRANSLATIONS_DIR)
            qt = QTranslator(self._app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{language}", qt_dir):
                self._translators.append(qt)
        for translator in self._translators:
            self._app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        self.language = language
        return language
