"""Keyboard-wedge scanner capture that works whatever widget has focus.

A wedge scanner is a USB keyboard: it types its code as very fast key presses ended by Return
(or keypad Enter, or Tab when so configured). For a capital letter or a shifted symbol it
presses Shift, the key, and lets Shift go; for characters that the layout types with AltGr
(``@ \\ {`` on German or French layouts) it presses AltGr, or Ctrl+Alt on Windows; a character
on a dead key arrives as the dead key and the next key, composed by the platform (on X11 the
composed character comes as an input-method commit, not as a key press). ``WedgeScanFilter``
sits on the whole application and sorts every key press into one of four roles
(``key_role``):

* **data**: a key that types a character (printable text, or the GS/RS/FS/EOT separators of
  GS1 and ISO 15434 codes) without a shortcut modifier — Ctrl+Alt counts as AltGr;
* **neutral**: modifiers (Shift, Ctrl, Alt, AltGr, Meta, Caps Lock …), dead keys and compose
  keys: they type nothing, so they never end a scan and are never counted as characters;
* **terminator**: Return, keypad Enter, and Tab when ``tab_terminates``;
* **other**: function keys, arrows, Esc, Backspace, Ctrl+letter shortcuts.

Data keys are held back from the first one on. Then:

* a terminator arriving no later than ``max_gap_s`` after the previous key press ends a
  **scan**: the held characters are emitted together as ``scanned(code)`` — exactly as they
  arrived, auto-repeat flags and all — and no widget ever sees any of its keys;
* a gap longer than ``max_gap_s`` before the next key is a person typing: the held keys are
  handed on to the widget that had focus, unchanged and in order (so typing works as usual);
  so are they when an *other* key arrives, before that key;
* a fast burst of two or more characters (a scanner's) that pauses longer than ``max_gap_s``
  but less than ``hold_s`` and then goes on to a terminator is a scan that came in pieces: it
  is neither emitted (its tail would be a different, wrong code) nor typed, but reported as
  ``scan_incomplete(text)`` so the packer scans it again. So is a burst ending in a
  terminator that began less than ``hold_s`` after keys were handed on as typing (a scan
  whose first character came alone, then a pause). A code is never cut in two.

Gaps are measured between key presses (neutral ones included: Shift's press belongs to the
character after it) by the events' own timestamps where the platform gives them (X11 and
Windows do: a busy GUI thread that delivers a scan's keys late does not split it), else by the
injectable clock, so tests can type at any speed. The hold timer that hands typed keys on after
a pause is re-armed, not fired, when the event loop was blocked: key events still queued behind
the block arrive first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import Shiboken

TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

#: Keys that type nothing by themselves: they never end a scan.
MODIFIER_KEYS = frozenset(
    int(k)
    for k in (
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
        Qt.Key.Key_Mode_switch,
        Qt.Key.Key_Multi_key,
        Qt.Key.Key_Codeinput,
        Qt.Key.Key_Kana_Lock,
        Qt.Key.Key_Kana_Shift,
        Qt.Key.Key_Eisu_Shift,
        Qt.Key.Key_Eisu_toggle,
    )
)
_DEAD_FIRST, _DEAD_LAST = int(Qt.Key.Key_Dead_Grave), int(Qt.Key.Key_Dead_Longsolidusoverlay)
#: Control characters that are data inside codes: GS (FNC1 in GS1), RS, FS, EOT (ISO 15434).
CONTROL_DATA = frozenset({"\x1d", "\x1e", "\x1c", "\x04"})
_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
_META = Qt.KeyboardModifier.MetaModifier


class KeyRole(Enum):
    DATA = "data"  # types a character of a code
    NEUTRAL = "neutral"  # a modifier or dead key: part of whatever it modifies
    TERMINATOR = "terminator"  # ends a scan
    OTHER = "other"  # a command key (F-keys, arrows, Esc, shortcuts)


def key_role(
    key: int, text: str, modifiers: Qt.KeyboardModifier, *, tab_terminates: bool = False
) -> KeyRole:
    """What a key press means to the wedge filter (see the module docstring)."""
    ctrl, alt = bool(modifiers & _CTRL), bool(modifiers & _ALT)
    shortcut = bool(modifiers & _META) or ctrl != alt  # Ctrl+Alt alone is AltGr (Windows)
    if key in TERMINATORS or (tab_terminates and key == Qt.Key.Key_Tab):
        return KeyRole.OTHER if ctrl or alt or modifiers & _META else KeyRole.TERMINATOR
    if key in MODIFIER_KEYS or _DEAD_FIRST <= key <= _DEAD_LAST:
        return KeyRole.NEUTRAL
    if text and all(ch in CONTROL_DATA for ch in text):
        return KeyRole.DATA  # Ctrl+] sends GS: data, whatever the modifiers say
    if not text:
        return KeyRole.NEUTRAL if key in (0, int(Qt.Key.Key_unknown)) else KeyRole.OTHER
    if not text.isprintable() or shortcut:
        return KeyRole.OTHER
    return KeyRole.DATA


@dataclass(frozen=True, slots=True)
class WedgeSettings:
    """How scanner bursts are told from typing.

    Attributes:
        max_gap_s: the longest pause between two key presses of one scan.
        min_length: shorter bursts are treated as typing (a fast double key press).
        tab_terminates: scanners set up to end codes with Tab.
        prefix, suffix: characters the scanner is configured to add; stripped from the code.
        hold_s: how long a fast burst of two or more characters waits for the rest of its
            scan after a pause longer than ``max_gap_s``; a scan interrupted for less than
            this is reported incomplete (never cut in two); typed keys wait at most this long.
    """

    max_gap_s: float = 0.035
    min_length: int = 3
    tab_terminates: bool = False
    prefix: str = ""
    suffix: str = ""
    hold_s: float = 0.3


@dataclass(slots=True)
class _Held:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    autorepeat: bool = False
    commit: bool = False  # an input-method commit (a composed character), not a key press


class WedgeScanFilter(QObject):
    """Application-wide event filter that turns scanner bursts into ``scanned``.

    Signals:
        scanned(str): a complete code from the scanner, prefix/suffix stripped.
        scan_incomplete(str): a scan arrived in pieces (a pause inside it) and was dropped;
            the text is what arrived, for the packer's message.
    """

    scanned = Signal(str)
    scan_incomplete = Signal(str)

    def __init__(
        self,
        settings: WedgeSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or WedgeSettings()
        self._clock = clock
        self._held: list[_Held] = []
        self._target: QObject | None = None
        self._last_ms = 0  # the platform's timestamp of the burst's last key press (0: none)
        self._last_at = 0.0  # the clock at the burst's last key press
        self._broken = False  # the burst paused longer than max_gap_s (a scan in pieces?)
        self._released = False  # the last burst was handed on as typing
        self._replaying = False
        self._timer_started = 0.0
        self._timer_ms = 0
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self._on_timer)

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def remove(self, app: QApplication) -> None:
        app.removeEventFilter(self)
        self._release()

    def hold_s(self) -> float:
        """How long a fast burst waits for the rest of its scan (at least twice the gap)."""
        return max(self.settings.hold_s, 2 * self.settings.max_gap_s)

    def holding(self) -> bool:
        """Keys are held back (a scan may be arriving)."""
        return bool(self._held)

    # ------------------------------------------------------------------ filtering

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._replaying or kind not in (
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.InputMethod,
        ):
            return False
        if not isinstance(watched, QWidget):
            return False
        focus = QApplication.focusWidget()
        # Qt delivers a key event to the focus widget and then to its parents; handle it once
        if focus is not None and watched is not focus:
            return bool(self._held) and kind in (QEvent.Type.KeyPress, QEvent.Type.InputMethod)
        if isinstance(event, QInputMethodEvent):
            return self._on_input_method(watched, event)
        if not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.KeyRelease:
            return bool(self._held)  # releases of held keys are not needed by anyone
        role = key_role(
            event.key(),
            event.text(),
            event.modifiers(),
            tab_terminates=self.settings.tab_terminates,
        )
        if kind == QEvent.Type.ShortcutOverride:
            # Qt asks before a key press may trigger a shortcut (and then never delivers it)
            stamp, now = int(event.timestamp()), self._clock()
            if role is KeyRole.DATA or (
                role is KeyRole.TERMINATOR and self._held and self._ends_scan(stamp, now)
            ):
                event.accept()  # a character or the end of a code never triggers a shortcut
                return True
            if role in (KeyRole.TERMINATOR, KeyRole.OTHER):
                self._key_of_its_own()  # typed text goes in before a shortcut (F2) acts
            return False
        return self._on_key_press(watched, event, role)

    def _ends_scan(self, stamp: int, now: float) -> bool:
        """A terminator now would end the held burst as a scan (or a scan in pieces)."""
        code = "".join(h.text for h in self._held)
        within = self._gap(stamp, now) <= self.settings.max_gap_s
        return within and (self._broken or len(code) >= self.settings.min_length)

    def _key_of_its_own(self) -> None:
        """A command key or a person's Enter: held keys go in first; no scan goes on past it."""
        self._release()
        self._released = False

    def _on_key_press(self, watched: QWidget, event: QKeyEvent, role: KeyRole) -> bool:
        stamp, now = int(event.timestamp()), self._clock()
        if role is KeyRole.DATA:
            held = _Held(event.key(), event.modifiers(), event.text(), event.isAutoRepeat())
            self._take(watched, held, stamp, now)
            return True
        if role is KeyRole.NEUTRAL:
            if not self._held:
                return False  # Shift before a scan's first character, or before typing
            if self._goes_on(self._gap(stamp, now), watched):
                self._touch(stamp, now)
                return True  # Shift, AltGr or a dead key inside a scan: part of the scan
            self._release()
            return False
        if role is KeyRole.TERMINATOR and self._held and self._ends_scan(stamp, now):
            code, broken = "".join(h.text for h in self._held), self._broken
            self._drop()
            if broken:
                self.scan_incomplete.emit(code)
            else:
                self._emit(code)
            return True
        self._key_of_its_own()  # typed by a person (or a command key): held keys first, in order
        return False

    def _on_input_method(self, watched: QWidget, event: QInputMethodEvent) -> bool:
        commit = event.commitString()
        if commit and not event.preeditString() and not event.replacementLength():
            held = _Held(0, Qt.KeyboardModifier.NoModifier, commit, commit=True)
            self._take(watched, held, 0, self._clock())
            return True
        return bool(self._held)  # a composition in progress inside a scan

    def _take(self, watched: QWidget, held: _Held, stamp: int, now: float) -> None:
        """A character: the start of a burst, the next one of it, or the first after a gap."""
        if self._held and not self._goes_on(self._gap(stamp, now), watched):
            self._release()  # the earlier keys were typed by a person
        if not self._held:
            self._target = watched
            # keys handed on as typing only just before: should this burst end in a
            # terminator, it is the tail of a scan whose head went to the widget
            self._broken = self._released and self._gap(stamp, now) <= self.hold_s()
        self._held.append(held)
        self._touch(stamp, now)

    def _goes_on(self, gap: float, watched: QObject) -> bool:
        """Whether a key press ``gap`` seconds after the last one belongs to the held burst.

        Within ``max_gap_s`` it does, even if the focus moved meanwhile (a dialog that opened
        during a scan does not cut it). A scanner's burst (two or more fast characters) that
        pauses for longer but at most ``hold_s`` goes on in the same widget, marked as
        broken: should it end in a terminator, it was a scan in pieces.
        """
        if gap <= self.settings.max_gap_s:
            return True
        if watched is self._target and len(self._held) >= 2 and gap <= self.hold_s():
            self._broken = True
            return True
        return False

    def _gap(self, stamp: int, now: float) -> float:
        if stamp and self._last_ms and stamp >= self._last_ms:
            return (stamp - self._last_ms) / 1000
        return max(0.0, now - self._last_at)

    def _touch(self, stamp: int, now: float) -> None:
        self._last_ms, self._last_at = stamp, now
        s = self.settings
        wait_s = self.hold_s() if len(self._held) >= 2 else s.max_gap_s
        self._start_timer(max(1, int(wait_s * 1000) + 15))

    # ------------------------------------------------------------------ the hold timer

    def _start_timer(self, ms: int) -> None:
        self._timer_ms = ms
        self._timer_started = time.monotonic()
        self._flush_timer.start(ms)

    def _on_timer(self) -> None:
        late = time.monotonic() - self._timer_started - self._timer_ms / 1000
        if late > 0.05 and self._held:
            # the event loop was blocked: key events queued behind the block come first
            self._start_timer(20)
            return
        self._release()

    # ------------------------------------------------------------------ out

    def _emit(self, code: str) -> None:
        s = self.settings
        if s.prefix and code.startswith(s.prefix):
            code = code[len(s.prefix) :]
        if s.suffix and code.endswith(s.suffix):
            code = code[: -len(s.suffix)]
        code = code.strip(" ")
        if code:
            self.scanned.emit(code)

    def _drop(self) -> None:
        self._flush_timer.stop()
        self._held.clear()
        self._broken = False
        self._released = False

    def _release(self) -> None:
        """Hand held keys on to the widget they were meant for, in order."""
        self._flush_timer.stop()
        held, self._held = self._held, []
        self._broken = False
        self._released = bool(held)
        target = self._target
        if target is None or not Shiboken.isValid(target):
            target = QApplication.focusWidget()
        self._target = None
        if not held or target is None:
            return
        self._replaying = True
        try:
            for h in held:
                if h.commit:
                    commit = QInputMethodEvent("", [])
                    commit.setCommitString(h.text)
                    QApplication.sendEvent(target, commit)
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    event = QKeyEvent(kind, h.key, h.modifiers, h.text, h.autorepeat)
                    QApplication.sendEvent(target, event)
        finally:
            self._replaying = False
