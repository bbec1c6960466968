"""Dialogs never larger than the window they open over (bench screens start at 1024×768)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

#: Room left around a dialog inside its window.
MARGIN = 16


def fit_in_window(dialog: QWidget, preferred: QSize) -> None:
    """Size ``dialog`` to ``preferred``, but at most its window's size less a margin (the
    screen's when it has no window); its layout then shares out the room it has."""
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None
    if window is not None and window.isVisible():
        room = window.size()
    else:
        room = dialog.screen().availableGeometry().size()
    room = QSize(max(320, room.width() - MARGIN), max(240, room.height() - MARGIN))
    dialog.setMaximumSize(room)
    dialog.setMinimumSize(
        min(dialog.minimumWidth(), room.width()), min(dialog.minimumHeight(), room.height())
    )
    dialog.resize(preferred.boundedTo(room))
