"""Keyboard-wedge scanner capture that works whatever widget has focus.

A wedge scanner types its code as very fast key presses ended by Return (or keypad Enter, or
Tab when so configured). ``WedgeScanFilter`` sits on the whole application: it holds printable
key presses back for a moment, and

* when a terminator arrives and every key of the burst came faster than ``max_gap_s`` apart,
  the burst is a scan: it is emitted as ``scanned(code)`` and never reaches any widget;
* when the next key is slow (a person typing), the held keys are handed on to the widget that
  has focus, unchanged and in order, so typing in a text field works as usual.

The clock is injectable so tests can type at any speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True, slots=True)
class WedgeSettings:
    """How scanner bursts are told from typing.

    Attributes:
        max_gap_s: the longest pause between two keys of one scan.
        min_length: shorter bursts are treated as typing (a fast double key press).
        tab_terminates: scanners set up to end codes with Tab.
        prefix, suffix: characters the scanner is configured to add; stripped from the code.
    """

    max_gap_s: float = 0.035
    min_length: int = 3
    tab_terminates: bool = False
    prefix: str = ""
    suffix: str = ""


@dataclass(slots=True)
class _HeldKey:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at: float


class WedgeScanFilter(QObject):
    """Application-wide event filter that turns scanner bursts into ``scanned``.

    Signals:
        scanned(str): a complete code from the scanner, prefix/suffix stripped.
    """

    scanned = Signal(str)

    def __init__(
        self,
        settings: WedgeSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or WedgeSettings()
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._target: QObject | None = None
        self._replaying = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self._release)

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def remove(self, app: QApplication) -> None:
        app.removeEventFilter(self)
        self._release()

    # ------------------------------------------------------------------ filtering

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        # Qt delivers a key event to the focus widget and then to its parents; handle it once
        if watched is not QApplication.focusWidget() and QApplication.focusWidget() is not None:
            return bool(self._held) and event.type() == QEvent.Type.KeyPress
        if event.type() == QEvent.Type.KeyRelease:
            return bool(self._held)  # releases of held keys are not needed by anyone
        return self._on_key_press(watched, event)

    def _on_key_press(self, watched: QWidget, event: QKeyEvent) -> bool:
        now = self._clock()
        key = event.key()
        terminator = key in TERMINATORS or (self.settings.tab_terminates and key == Qt.Key.Key_Tab)
        text = event.text()
        printable = bool(text) and text.isprintable() and not terminator
        gap_ok = not self._held or now - self._held[-1].at <= self.settings.max_gap_s
        if self._held and not gap_ok:
            self._release()  # the earlier keys were typed by a person
        if printable and not (
            event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            if not self._held:
                self._target = watched
            self._held.append(_HeldKey(key, event.modifiers(), text, now))
            self._flush_timer.start(max(1, int(self.settings.max_gap_s * 1000) + 15))
            return True
        if terminator and self._held and gap_ok:
            code = "".join(h.text for h in self._held)
            if len(code) >= self.settings.min_length:
                self._held.clear()
                self._flush_timer.stop()
                self._emit(code)
                return True
        if self._held:
            self._release()
        return False

    def _emit(self, code: str) -> None:
        s = self.settings
        if s.prefix and code.startswith(s.prefix):
            code = code[len(s.prefix) :]
        if s.suffix and code.endswith(s.suffix):
            code = code[: -len(s.suffix)]
        code = code.strip()
        if code:
            self.scanned.emit(code)

    def _release(self) -> None:
        """Hand held keys on to the widget they were meant for, in order."""
        self._flush_timer.stop()
        held, self._held = self._held, []
        target = self._target if self._target is not None else QApplication.focusWidget()
        if not held or target is None:
            return
        self._replaying = True
        try:
            for h in held:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, h.key, h.modifiers, h.text))
        finally:
            self._replaying = False
