"""The station's main window: a mode switcher over one stacked page per mode, and the station bar.

Modes plug in from the composition root with ``add_mode(key, title, widget, shortcut)``:
packing and settings are built here; the returns desk, dispatch/customs, PUDO lookup and
catalog sync add their own widgets the same way. A mode widget that wants scanner input
implements ``take_scan(code) -> bool``; scans that the current mode does not take go to the
packing screen (which then comes to the front). Where a scan goes while a dialog is open is
listed in the README ("Scanners").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from packstation.domain.keyboard_layouts import LayoutCheck
from packstation.ui import theme
from packstation.ui.bench_frame import StationBar
from packstation.ui.scanner_check import ScannerCheck

if TYPE_CHECKING:  # the window opens before the view-model's modules are loaded
    from packstation.ui.pack_viewmodel import PackViewModel

Title = str | Callable[[], str]


@dataclass
class _Mode:
    key: str
    title: Title
    widget: QWidget
    shortcut: str
    button: QPushButton
    shortcut_object: QShortcut | None


class _ModeStack(QStackedWidget):
    """Sized by the mode shown, not by the largest one (small bench screens)."""

    def sizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()


class _ModeBar(QWidget):
    """The mode bar. When the modes and the demo badge need the room (a 1024-pixel screen),
    first its brand ("packstation") gives way, then the badge wraps onto two lines: the window
    is never made wider than the screen for it."""

    brand: QLabel | None = None
    badges: tuple[QLabel, ...] = ()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        layout, brand = self.layout(), self.brand
        if layout is None or brand is None:
            return
        # the bar's margins and gaps and each part's wish, counted afresh (a badge just shown
        # or a mode just added is not in the layout's remembered wish yet); a badge's wish on
        # one line
        badges = [badge for badge in self.badges if not badge.isHidden()]
        buttons = self.findChildren(QPushButton)
        margins = layout.contentsMargins()
        base = margins.left() + margins.right() + 24 + 4 * (len(buttons) + len(badges) + 1)
        base += sum(button.sizeHint().width() for button in buttons) + 8
        one_line = sum(_one_line_width(badge) for badge in badges)
        room = self.width()
        brand.setHidden(room < base + brand.sizeHint().width() + one_line)
        for badge in badges:
            badge.setWordWrap(room < base + one_line)


def _one_line_width(badge: QLabel) -> int:
    """A badge's width on one line: its text in bold, and its padding."""
    font = QFont(badge.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(badge.text()) + 2 * 10 + 4


def _two_lines_at_most(badge: QLabel) -> None:
    """A wrapping badge no narrower than half its one-line width (nor than its longest word):
    it wraps onto two lines on a small screen, never into a tall column of single words."""
    font = QFont(badge.font())
    font.setBold(True)  # as its style sheet draws it
    metrics = QFontMetrics(font)
    words = badge.text().split()
    if not words:
        badge.setMinimumWidth(0)
        return
    half = metrics.horizontalAdvance(badge.text()) // 2
    longest = max(metrics.horizontalAdvance(word) for word in words)
    badge.setMinimumWidth(max(half, longest) + 2 * 10 + 4)  # its padding, and a little more


class StationWindow(QMainWindow):
    """Mode bar, the current mode's page, and the station bar.

    The window can open before its view-model exists (``vm=None``, then ``attach_vm``): the
    start shows it at once with a page of its own (``add_mode``) and loads the rest behind
    it; scans that arrive meanwhile are kept and routed once the view-model is attached.

    Signals:
        mode_changed(str): the key of the mode now shown.
        close_requested(): the window is being closed (the composition root shuts down).
    """

    mode_changed = Signal(str)
    close_requested = Signal()

    def __init__(self, vm: PackViewModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self._held_scans: list[str] = []
        self.setStyleSheet(theme.STYLE_SHEET)
        body = QWidget()
        body.setObjectName("StationBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self.mode_bar = _ModeBar()
        self.mode_bar.setObjectName("ModeBar")
        self.mode_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar = QHBoxLayout(self.mode_bar)
        bar.setContentsMargins(12, 0, 12, 0)
        bar.setSpacing(4)
        self.brand = self.mode_bar.brand = QLabel("packstation")
        self.brand.setStyleSheet("font-size: 20px; font-weight: bold; color: #1F4E8C;")
        self.brand.setMinimumWidth(1)  # it gives way (``_ModeBar``), it never widens the window
        bar.addWidget(self.brand)
        bar.addSpacing(24)
        self._mode_buttons = QHBoxLayout()
        self._mode_buttons.setSpacing(2)
        bar.addLayout(self._mode_buttons)
        bar.addStretch(1)
        self.demo_badge = QLabel()
        self.demo_badge.setStyleSheet(
            "background: #F2B200; color: #1A1A1A; font-weight: bold; padding: 4px 10px;"
            "border-radius: 4px;"
        )
        self.demo_badge.setWordWrap(True)  # two lines rather than a wider window
        self.demo_badge.hide()
        bar.addWidget(self.demo_badge)
        self.sound_badge = QLabel()  # no way to play sounds here: the packer must look
        self.sound_badge.setObjectName("SoundOff")
        self.sound_badge.setStyleSheet(
            "background: #5A6470; color: #FFFFFF; font-weight: bold; padding: 0px 8px;"
            "border-radius: 4px;"
        )
        self.sound_badge.hide()
        self.mode_bar.badges = (self.demo_badge,)
        layout.addWidget(self.mode_bar)

        self.stack = _ModeStack()
        layout.addWidget(self.stack, 1)
        self.station_bar = StationBar()
        # sound off is the station's state: in its bar, in the row under the figures (the mode
        # bar has no room for it beside six modes and the demo badge at 1024 pixels)
        self.station_bar.add_badge(self.sound_badge)
        layout.addWidget(self.station_bar)
        self.setCentralWidget(body)

        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._modes: dict[str, _Mode] = {}
        self._current = ""
        self.scanner_check = ScannerCheck(self._command_prefix, self._sheet_codes, self)
        if vm is not None:
            vm.station_changed.connect(self.station_bar.show_station)
        quit_shortcut = QShortcut(QKeySequence("Ctrl+Q"), self)
        quit_shortcut.activated.connect(self.close)
        self._retranslate()
        self.resize(1400, 900)

    @property
    def vm(self) -> PackViewModel:
        """The packing view-model (only after ``attach_vm`` when the window opened without)."""
        if self._vm is None:
            raise RuntimeError("the window has no view-model yet")
        return self._vm

    def attach_vm(self, vm: PackViewModel) -> None:
        """The view-model, for a window opened without one; the scans kept meanwhile go on."""
        self._vm = vm
        vm.station_changed.connect(self.station_bar.show_station)
        held, self._held_scans = self._held_scans, []
        for code in held:
            self.route_scan(code)

    def _command_prefix(self) -> str:
        return self._vm.command_prefix() if self._vm is not None else "PS-CMD:"

    def _sheet_codes(self) -> list[str]:
        if self._vm is None:
            return []
        return [code for code, _title, _hint in self._vm.command_sheet_entries()]

    # ------------------------------------------------------------------ modes

    def add_mode(self, key: str, title: Title, widget: QWidget, shortcut: str = "") -> None:
        """Add (or replace) a mode: a button in the mode bar, a page, and a key to reach it.

        ``title`` may be a callable returning the (translated) title, so it follows language
        changes. ``shortcut`` is a ``QKeySequence`` string such as ``"Ctrl+3"`` or ``"F10"``.
        """
        if key in self._modes:
            self.remove_mode(key)
        button = QPushButton()
        button.setObjectName("ModeButton")
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.set_mode(key))
        self._group.addButton(button)
        self._mode_buttons.addWidget(button)
        self.stack.addWidget(widget)
        shortcut_object = None
        if shortcut:
            shortcut_object = QShortcut(QKeySequence(shortcut), self)
            shortcut_object.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut_object.activated.connect(lambda: self.set_mode(key))
        self._modes[key] = _Mode(key, title, widget, shortcut, button, shortcut_object)
        self._title_button(self._modes[key])
        self.mode_bar.fit()
        if not self._current:
            self.set_mode(key)

    def remove_mode(self, key: str) -> QWidget | None:
        """Take a mode out (e.g. to rebuild it after a settings change); returns its widget."""
        mode = self._modes.pop(key, None)
        if mode is None:
            return None
        self._group.removeButton(mode.button)
        mode.button.deleteLater()
        if mode.shortcut_object is not None:
            mode.shortcut_object.setEnabled(False)
            mode.shortcut_object.deleteLater()
        self.stack.removeWidget(mode.widget)
        if self._current == key:
            self._current = ""
            if self._modes:
                self.set_mode(next(iter(self._modes)))
        return mode.widget

    def set_mode(self, key: str) -> None:
        mode = self._modes.get(key)
        if mode is None:
            return
        self.stack.setCurrentWidget(mode.widget)
        self.stack.updateGeometry()
        mode.button.setChecked(True)
        changed = key != self._current
        self._current = key
        focus = getattr(mode.widget, "focus_entry", None)
        if callable(focus):
            focus()
        if changed:
            self.mode_changed.emit(key)

    def mode(self) -> str:
        return self._current

    def modes(self) -> list[str]:
        return list(self._modes)

    def mode_widget(self, key: str) -> QWidget | None:
        mode = self._modes.get(key)
        return mode.widget if mode is not None else None

    # ------------------------------------------------------------------ scans

    def route_scan(self, code: str) -> None:
        """A scan from any scanner: the open dialog, else the current mode, else packing.

        The scanner test barcode, and command barcodes altered by a keyboard-layout mismatch,
        are answered first, wherever the packer is (``show_scanner_check``).
        """
        if self._vm is None:  # still opening: kept for the view-model
            self._held_scans.append(code)
            return
        check = self.scanner_check.check(code)
        if check is not None:
            self.show_scanner_check(check)
            return
        modal = QApplication.activeModalWidget()
        take = getattr(modal, "take_scan", None) if modal is not None else None
        if take is not None and take(code):
            return
        current = self._modes.get(self._current)
        if current is not None:
            take = getattr(current.widget, "take_scan", None)
            if take is not None and take(code):
                return
        packing = self._modes.get("packing")
        if packing is not None:
            self.set_mode("packing")
            take = getattr(packing.widget, "take_scan", None)
            if take is not None:
                take(code)
                return
        self.vm.submit_scan(code)

    def show_scanner_check(self, check: LayoutCheck) -> None:
        """What a scan of the test barcode says: in the set-up, else on the packing screen."""
        modal = QApplication.activeModalWidget()
        show = getattr(modal, "show_scanner_check", None) if modal is not None else None
        if show is not None:
            show(check, self.scanner_check)
            return
        if "packing" in self._modes:
            self.set_mode("packing")
        self.vm.report(*self.scanner_check.words(check))

    def scan_incomplete(self, arrived: str) -> None:
        """A scan came in pieces and was not used (``WedgeScanFilter.scan_incomplete``)."""
        if self._vm is None:
            return
        if "packing" in self._modes and QApplication.activeModalWidget() is None:
            self.set_mode("packing")
        self.vm.report(*self.scanner_check.incomplete_words(arrived))

    # ------------------------------------------------------------------ language, demo, close

    def set_demo(self, text: str) -> None:
        """Show a badge (demo/training) in the mode bar; empty hides it."""
        self.demo_badge.setText(text)
        self.demo_badge.setVisible(bool(text))
        _two_lines_at_most(self.demo_badge)
        self.mode_bar.fit()

    def set_sound_off(self, off: bool) -> None:
        """Say in the station bar that the station cannot make a sound (no player found)."""
        self.sound_badge.setVisible(off)
        self.station_bar.fit()  # the badge takes room on the bar's second line
        self.mode_bar.fit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("packstation — packing station"))
        self.sound_badge.setText(self.tr("Sound off"))  # why: its tooltip
        _two_lines_at_most(self.demo_badge)
        self.sound_badge.setToolTip(
            self.tr("No sound player was found on this computer: watch the banner.")
        )
        for mode in self._modes.values():
            self._title_button(mode)
        self.mode_bar.fit()

    def _title_button(self, mode: _Mode) -> None:
        title = mode.title() if callable(mode.title) else mode.title
        key = QKeySequence(mode.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        mode.button.setText(f"{title}\n{key}" if key else title)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_requested.emit()
        super().closeEvent(event)
