"""The About dialog (F1) and the station's icon.

The composition root hands in plain facts (``station_facts``: version, Python and Qt,
where the settings file, data and logs are, the OS keyring) and calls ``install_about`` once
on the main window. The version comes from ``packstation.__version__`` alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from packstation import __version__

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"


def app_icon() -> QIcon:
    """The parcel-with-a-barcode icon (installer/make_icon.py draws it), in every size shipped."""
    icon = QIcon()
    for path in sorted(ICONS_DIR.glob("packstation-*.png")):
        icon.addFile(str(path))
    return icon


class AboutDialog(QDialog):
    """Version, and where this station keeps its things; Esc or Enter closes it."""

    def __init__(self, facts: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About packstation"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        logo = QLabel()
        logo.setPixmap(QPixmap(str(ICONS_DIR / "packstation-48.png")))
        layout.addWidget(logo)
        version = str(facts.get("version") or __version__)
        self.title = QLabel(f"packstation {version}")
        self.title.setStyleSheet("font-size: 24px; font-weight: bold;")
        layout.addWidget(self.title)
        layout.addWidget(QLabel(self.tr("Packing station for Seven Senders")))
        self.details = QLabel(self._details(facts))
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        self.details.setStyleSheet("font-family: monospace; font-size: 13px;")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setDefault(True)
            close.clicked.connect(self.accept)
        layout.addWidget(buttons)

    def _details(self, facts: Mapping[str, Any]) -> str:
        rows = [
            (self.tr("Python / Qt"), f"{facts.get('python', '')} / {facts.get('qt', '')}"),
            (self.tr("Program"), str(facts.get("executable", ""))),
            (self.tr("Settings file"), str(facts.get("config_file", ""))),
            (self.tr("Data (journal, labels)"), str(facts.get("data_dir", ""))),
            (self.tr("Logs"), str(facts.get("log_dir", ""))),
            (
                self.tr("OS keyring"),
                str(facts.get("keyring") or self.tr("none (PACKSTATION_ACCESS_KEY)")),
            ),
        ]
        return "\n".join(f"{name}: {value}" for name, value in rows if value.strip(" /"))


def install_about(window: QWidget, facts: Callable[[], Mapping[str, Any]]) -> QShortcut:
    """F1 on ``window`` opens the About dialog with fresh ``facts``; sets the window icon."""
    window.setWindowIcon(app_icon())
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_F1), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def show() -> None:
        dialog = AboutDialog(facts(), window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # never exec(): a nested loop would stall the qasync loop

    shortcut.activated.connect(show)
    return shortcut
