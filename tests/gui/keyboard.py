"""A keyboard-wedge scanner for GUI tests: the key events a real one makes, layout by layout.

A wedge scanner is a USB keyboard. For every character it sends what a person's keyboard
would: Shift down, the key, Shift up for a capital or a shifted symbol; AltGr (Ctrl+Alt on
Windows) around the characters the layout types on the third level; a dead key and Space for
``^`` and ``` ` ```, which the platform composes (X11's compose input context consumes both
presses and hands the character to the focus widget as an input-method commit; Windows gives
the composed character as the text of the Space press). Repeated characters can arrive
flagged as auto-repeat (Qt on X11 flags a release and press with the same timestamp so).

``WedgeScanner.scan(code)`` sends the strokes of ``code`` and Return to whatever widget has
focus, as the platform delivers them: a ShortcutOverride before each press, then the press or
release with a platform timestamp. ``gap_ms`` is the pause before each HID report (0, or a
range such as (2, 8) drawn per report); the test's clock moves by the same amount.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
GROUP = Qt.KeyboardModifier.GroupSwitchModifier

US_SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')
DE_SHIFTED = set("°!\"§$%&/()=?`*'>;:_")
DE_ALTGR = set("@\\{}[]~|€²³µ")
DE_DEAD = {"^": Qt.Key.Key_Dead_Circumflex, "`": Qt.Key.Key_Dead_Grave, "´": Qt.Key.Key_Dead_Acute}


class Layout(Enum):
    """How the keyboard (scanner) and PC type characters."""

    US_X11 = "us on X11"  # Shift only
    DE_X11 = "de on X11"  # Shift, AltGr (ISO_Level3_Shift), dead keys composed by the IM
    DE_WINDOWS = "de on Windows"  # Shift, AltGr as Ctrl+Alt, dead keys composed by the OS


@dataclass(frozen=True, slots=True)
class Stroke:
    kind: str  # "press", "release", "commit"; "hidden" presses are consumed by the platform
    key: int = 0
    text: str = ""
    modifiers: Qt.KeyboardModifier = NO
    autorepeat: bool = False
    report: bool = True  # a new HID report: the scanner's gap comes before it


def key_of(ch: str) -> int:
    if ch == "\x1d":
        return int(Qt.Key.Key_BracketRight)
    return ord(ch.upper()) if ch.isascii() and ch.isalpha() else ord(ch)


def _plain(ch: str, modifiers: Qt.KeyboardModifier = NO) -> list[Stroke]:
    key = key_of(ch)
    return [Stroke("press", key, ch, modifiers), Stroke("release", key, ch, modifiers)]


def _around(
    downs: list[tuple[Qt.Key, Qt.KeyboardModifier]], ch: str, mods: Qt.KeyboardModifier
) -> list[Stroke]:
    """Modifier keys down, the character, the modifiers up (in the order xdotool uses)."""
    out = [Stroke("press", int(k), "", m) for k, m in downs]
    out.append(Stroke("press", key_of(ch), ch, mods))
    out += [Stroke("release", int(k), "", NO, report=False) for k, _m in reversed(downs)]
    out.append(Stroke("release", key_of(ch), ch.lower(), NO, report=False))
    return out


def strokes(ch: str, layout: Layout) -> list[Stroke]:
    """The key events one character makes on ``layout``."""
    if ch == "\x1d":  # GS (FNC1): Ctrl+]
        return _around([(Qt.Key.Key_Control, CTRL)], ch, CTRL)
    if layout is Layout.US_X11:
        if ch.isupper() or ch in US_SHIFTED:
            return _around([(Qt.Key.Key_Shift, SHIFT)], ch, SHIFT)
        return _plain(ch)
    if ch in DE_DEAD:
        dead = int(DE_DEAD[ch])
        shift = ch == "`"
        downs = [Stroke("press", int(Qt.Key.Key_Shift), "", SHIFT)] if shift else []
        ups = [Stroke("release", int(Qt.Key.Key_Shift), "", NO)] if shift else []
        if layout is Layout.DE_X11:  # the compose input context eats both presses
            return [
                *downs,
                Stroke("hidden", dead, "", SHIFT if shift else NO),
                *ups,
                Stroke("release", dead, "", NO),
                Stroke("hidden", int(Qt.Key.Key_Space), " ", NO),
                Stroke("commit", text=ch, report=False),
                Stroke("release", int(Qt.Key.Key_Space), " ", NO),
            ]
        return [  # Windows: the dead key types nothing; Space brings the character
            *downs,
            Stroke("press", dead, "", SHIFT if shift else NO),
            *ups,
            Stroke("release", dead, "", NO),
            Stroke("press", int(Qt.Key.Key_Space), ch, NO),
            Stroke("release", int(Qt.Key.Key_Space), ch, NO),
        ]
    if ch in DE_ALTGR:
        if layout is Layout.DE_X11:
            return _around([(Qt.Key.Key_AltGr, GROUP)], ch, GROUP)
        return _around([(Qt.Key.Key_Control, CTRL), (Qt.Key.Key_Alt, CTRL | ALT)], ch, CTRL | ALT)
    if ch.isupper() or ch in DE_SHIFTED:
        return _around([(Qt.Key.Key_Shift, SHIFT)], ch, SHIFT)
    return _plain(ch)


def code_strokes(code: str, layout: Layout, *, autorepeat: bool = True) -> list[Stroke]:
    """All strokes of ``code``; a character typed again at once is flagged auto-repeat."""
    out: list[Stroke] = []
    previous = ""
    for ch in code:
        these = strokes(ch, layout)
        if autorepeat and ch == previous and len(these) == 2 and out:
            # Qt on X11: a release and press of the same key at one timestamp = auto-repeat
            last = out[-1]
            out[-1] = Stroke(last.kind, last.key, last.text, last.modifiers, True, last.report)
            first = these[0]
            these = [Stroke("press", first.key, first.text, first.modifiers, True), these[1]]
        out += these
        previous = ch
    return out


class WedgeScanner:
    """Sends strokes to the focus widget as the platform would, with timestamps."""

    def __init__(
        self,
        advance_clock: Callable[[float], None],
        gap_ms: tuple[int, int] = (0, 0),
        seed: int = 1,
        timestamps: bool = True,
        shortcut_override: bool = True,
    ) -> None:
        self.advance_clock = advance_clock
        self.gap_ms = gap_ms
        self.rng = random.Random(seed)
        self.timestamps = timestamps
        self.shortcut_override = shortcut_override
        self.now_ms = 5_000_000

    def target(self) -> QWidget:
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        assert widget is not None, "nothing has the keyboard"
        return widget

    def send(self, stroke: Stroke) -> None:
        if stroke.report:
            low, high = self.gap_ms
            gap = self.rng.randint(low, high) if high else 0
            self.now_ms += gap
            self.advance_clock(gap / 1000)
        target = self.target()
        if stroke.kind == "hidden":
            return
        if stroke.kind == "commit":
            event = QInputMethodEvent("", [])
            event.setCommitString(stroke.text)
            QApplication.sendEvent(target, event)
            return
        kinds = [QEvent.Type.KeyRelease]
        if stroke.kind == "press":
            kinds = [QEvent.Type.KeyPress]
            if self.shortcut_override:
                kinds.insert(0, QEvent.Type.ShortcutOverride)
        for kind in kinds:
            key_event = QKeyEvent(
                kind, stroke.key, stroke.modifiers, stroke.text, stroke.autorepeat
            )
            if self.timestamps:
                key_event.setTimestamp(self.now_ms)
            if kind == QEvent.Type.ShortcutOverride:
                key_event.ignore()
            QApplication.sendEvent(target, key_event)

    def type(self, text: str, layout: Layout = Layout.US_X11) -> None:
        for stroke in code_strokes(text, layout):
            self.send(stroke)

    def scan(self, code: str, layout: Layout = Layout.US_X11) -> None:
        self.type(code, layout)
        self.send(Stroke("press", int(Qt.Key.Key_Return), "\r"))
        self.send(Stroke("release", int(Qt.Key.Key_Return), "\r", report=False))
