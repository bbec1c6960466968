"""Pieces shared by the workflow modes (customs, dispatch, PUDO, returns, catalog).

A ``Message`` is what a mode says about the last thing done (tone, headline, detail);
``MessageBar`` shows it in the bench's tone colours, smaller than the packing banner.
``KeyAction`` is a button that shows its key and a window shortcut that works while its mode
is on screen (Qt ignores shortcuts of hidden pages, so modes may reuse the F-keys of the
packing screen). ``WorkflowViewModel`` is the view-models' common part: the busy flag, the
message and the sound signal. Otherwise layout and display only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from packstation.ui import theme
from packstation.ui.pack_widgets import FKeyButton
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone

#: Style of a field the packer has to fix (red frame, light red background).
PROBLEM_STYLE = "border: 3px solid #B3261E; background: #FBE0DE;"
PROBLEM_BACKGROUND = "#FBE0DE"
PROBLEM_TEXT = "#7A1A14"


@dataclass(frozen=True, slots=True)
class Message:
    """What a mode says now: a headline in the tone's colour and an optional detail."""

    tone: Tone
    headline: str
    detail: str = ""


class WorkflowViewModel(QObject):
    """What every mode's view-model has: a busy flag, a message and sounds, work on ``runner``.

    Signals:
        message_changed(Message): what the mode says now.
        busy_changed(bool): the mode waits for its work (set in ``try``/``finally``).
        sound_requested(Sound): play this sound.
    """

    message_changed = Signal(object)
    busy_changed = Signal(bool)
    sound_requested = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._busy = False
        self._message = Message(Tone.READY, "")

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def message(self) -> Message:
        return self._message

    def _say(self, tone: Tone, headline: str, detail: str = "") -> None:
        self._message = Message(tone, headline, detail)
        self.message_changed.emit(self._message)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)


class MessageBar(QFrame):
    """The mode's message in its tone's colour (read from a distance, like the banner)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.setSpacing(2)
        self.headline = QLabel()
        self.headline.setObjectName("MessageHeadline")
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("MessageDetail")
        self.detail.setWordWrap(True)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        self.message = Message(Tone.READY, "")
        self.show_message(self.message)

    def show_message(self, message: Message) -> None:
        self.message = message
        background, text = theme.TONE_COLOURS[message.tone]
        self.setStyleSheet(
            f"QFrame#MessageBar {{ background: {background}; border-radius: 8px; }}"
            f"QFrame#MessageBar QLabel {{ color: {text}; background: transparent; }}"
            "QLabel#MessageHeadline { font-size: 28px; font-weight: bold; }"
            "QLabel#MessageDetail { font-size: 19px; }"
        )
        self.headline.setText(message.headline)
        self.detail.setText(message.detail)
        self.detail.setVisible(bool(message.detail))
        self.setAccessibleName(message.headline)
        self.setAccessibleDescription(message.detail)

    def text(self) -> str:
        return f"{self.message.headline}\n{self.message.detail}"


class KeyAction:
    """A button labelled with its key, and the key as a shortcut of ``owner``'s window.

    The button takes no focus (the keyboard stays where the packer works); ``set_title``
    re-labels it after a language change.
    """

    def __init__(
        self,
        owner: QWidget,
        key: str,
        handler: Callable[[], None],
        *,
        primary: bool = False,
    ) -> None:
        self.key = key
        # the key above its caption, the caption wrapped: a row of them fits 1024 pixels
        self.button = FKeyButton()
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setAutoDefault(False)
        if primary:
            self.button.setProperty("primary", True)
        self.button.clicked.connect(lambda _checked=False: self._fire(handler))
        self.shortcut = QShortcut(QKeySequence(key), owner)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(lambda: self._fire(handler))

    def _fire(self, handler: Callable[[], None]) -> None:
        if self.button.isEnabled():
            handler()

    def set_title(self, title: str) -> None:
        shown = QKeySequence(self.key).toString(QKeySequence.SequenceFormat.NativeText)
        self.button.setText(f"{shown}\n{title}")

    def set_enabled(self, enabled: bool) -> None:
        self.button.setEnabled(enabled)


def heading(text: str = "") -> QLabel:
    """A mode's or a panel's title."""
    label = QLabel(text)
    label.setObjectName("PanelTitle")
    label.setWordWrap(True)  # a long title takes two lines instead of widening the window
    return label


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
