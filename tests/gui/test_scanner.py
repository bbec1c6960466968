"""Wedge scanner capture: bursts become scans wherever focus is; typing reaches its field."""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from packstation.domain.barcodes import GS
from packstation.ui.dialogs import ReasonDialog, ReprintDialog, VoidDialog
from packstation.ui.pack_widgets import ItemsTable
from packstation.ui.scanner import KeyRole, WedgeScanFilter, WedgeSettings, key_role
from tests.gui.keyboard import (
    ALT,
    CTRL,
    DE_ALTGR,
    DE_DEAD,
    GROUP,
    NO,
    SHIFT,
    Layout,
    Stroke,
    WedgeScanner,
    code_strokes,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def bench(
    qtbot: QtBot, qapp: QApplication
) -> Iterator[tuple[WedgeScanFilter, QLineEdit, FakeClock, list[str]]]:
    window = QWidget()
    layout = QVBoxLayout(window)
    manual = QLineEdit()
    other = QLineEdit()
    layout.addWidget(manual)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.show()
    other.setFocus()
    clock = FakeClock()
    scanner = WedgeScanFilter(WedgeSettings(), clock=clock)
    scanner.install(qapp)
    codes: list[str] = []
    scanner.scanned.connect(codes.append)
    try:
        yield scanner, other, clock, codes
    finally:
        scanner.remove(qapp)


def type_burst(widget: QWidget, code: str) -> None:
    QTest.keyClicks(widget, code)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_ten_thousand_zero_delay_codes_arrive_intact_and_in_order(
    bench: tuple[WedgeScanFilter, QLineEdit, FakeClock, list[str]],
) -> None:
    _scanner, other, _clock, codes = bench
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + "-./:+"
    sent = ["".join(rng.choices(alphabet, k=rng.randint(3, 40))) for _ in range(10_000)]
    for code in sent:
        type_burst(other, code)
    assert codes == sent
    assert other.text() == ""  # nothing leaked into the focused widget


def test_a_hundred_character_code_arrives_intact(
    bench: tuple[WedgeScanFilter, QLineEdit, FakeClock, list[str]],
) -> None:
    _scanner, other, _clock, codes = bench
    code = "]C1" + "0" * 60 + "ABCDEFGHIJ" * 3 + "1234567"
    assert len(code) == 100
    type_burst(other, code)
    assert codes == [code]


def test_keypad_enter_and_tab_terminators(
    qapp: QApplication, bench: tuple[WedgeScanFilter, QLineEdit, FakeClock, list[str]]
) -> None:
    scanner, other, _clock, codes = bench
    QTest.keyClicks(other, "4006381333931")
    QTest.keyClick(other, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    scanner.settings = WedgeSettings(tab_terminates=True, prefix="#", suffix="*")
    QTest.keyClicks(other, "#A100*")
    QTest.keyClick(other, Qt.Key.Key_Tab)
    assert codes == ["4006381333931", "A100"]
    assert other.text() == ""


def test_slow_typing_is_not_a_scan(
    qtbot: QtBot, bench: tuple[WedgeScanFilter, QLineEdit, FakeClock, list[str]]
) -> None:
    _scanner, other, clock, codes = bench
    entered: list[str] = []
    other.returnPressed.connect(lambda: entered.append(other.text()))
    for ch in "A100":
        clock.now += 0.25  # a person: a quarter of a second per key
        QTest.keyClicks(other, ch)
    clock.now += 0.25
    QTest.keyClick(other, Qt.Key.Key_Return)
    assert codes == []
    assert other.text() == "A100"
    assert entered == ["A100"]


def test_a_pause_after_typing_hands_the_keys_on(
    qtbot: QtBot, bench: tuple[WedgeScanFilter, QLineEdit, FakeClock, list[str]]
) -> None:
    _scanner, other, _clock, codes = bench
    QTest.keyClicks(other, "x")  # held for a moment: it could be the start of a scan
    qtbot.waitUntil(lambda: other.text() == "x", timeout=2000)
    assert codes == []


def test_shortcut_keys_pass_through(
    bench: tuple[WedgeScanFilter, QLineEdit, FakeClock, list[str]],
) -> None:
    _scanner, other, _clock, codes = bench
    other.setText("abc")
    other.selectAll()
    QTest.keyClick(other, Qt.Key.Key_Backspace)
    assert other.text() == ""
    assert codes == []


# ---------------------------------------------------------------------- real key sequences
# A wedge scanner sends Shift / AltGr (Ctrl+Alt on Windows) presses and releases around its
# characters, dead keys for ^ and `, auto-repeat flags on doubled characters, Ctrl+] for GS
# (tests/gui/keyboard.py). Issue 18: the filter ended a scan at the first Shift press.

#: One of each kind of code the station reads through the wedge.
CODE_CLASSES = {
    "order": "A100",
    "order with prefix": "ORD-A105",
    "ean": "4006381333931",
    "ups tracking": "1Z7S161094040014",
    "dhl tracking": "JJD0003900078812",
    "code 128 sku": "SKU-TSHIRT-M",
    "sku with doubled letters": "ZZ-404-AAB",
    "gs1 with letters": "]C10104006381333931" + GS + "10BATCH-7a" + GS + "17270131",
    "command": "PS-CMD:SKIP:UNREADABLE",
    "command with digits": "PS-CMD:NEXT-PARCEL",
    "shifted symbols": "X+Y%Z$1/2.3:4",
    "altgr symbols": "A@B\\C{1}[2]~|",
    "dead keys": "R^2`3",
    "spaces inside": "LOT 42 / BOX 7",
}
GAPS = {"0 ms": (0, 0), "2-8 ms": (2, 8)}


def advance(clock: FakeClock) -> Callable[[float], None]:
    def move(seconds: float) -> None:
        clock.now += seconds

    return move


def layouts_for(code: str) -> list[Layout]:
    """The layouts that can type ``code`` (dead keys and AltGr: the German layouts)."""
    if any(ch in DE_ALTGR or ch in DE_DEAD for ch in code):
        return [Layout.DE_X11, Layout.DE_WINDOWS]
    return list(Layout)


@pytest.fixture
def wedge(
    qtbot: QtBot, qapp: QApplication
) -> Iterator[tuple[WedgeScanFilter, FakeClock, list[str], list[str]]]:
    clock = FakeClock()
    scanner = WedgeScanFilter(WedgeSettings(), clock=clock)
    scanner.install(qapp)
    codes: list[str] = []
    incomplete: list[str] = []
    scanner.scanned.connect(codes.append)
    scanner.scan_incomplete.connect(incomplete.append)
    try:
        yield scanner, clock, codes, incomplete
    finally:
        scanner.remove(qapp)


def focus_on(qtbot: QtBot, widget: QWidget) -> None:
    window = widget.window()
    window.show()
    window.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def focused_entry(qtbot: QtBot) -> QLineEdit:
    """A text field in a window of its own, shown and holding the keyboard focus."""
    entry = QLineEdit()
    qtbot.addWidget(entry)
    focus_on(qtbot, entry)
    return entry


def widget_kinds(qtbot: QtBot, window: QWidget) -> dict[str, tuple[QWidget, Callable[[], object]]]:
    """Each kind of widget a scan can find the focus in (in ``window``), and its state."""
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    entry = QLineEdit()
    table = ItemsTable()
    table.setRowCount(3)
    for row, name in enumerate(("Sweater", "T-Shirt", "Zip hoodie")):
        table.setItem(row, 1, QTableWidgetItem(name))
    layout.addWidget(entry)
    layout.addWidget(table)
    window.resize(800, 600)
    reason = ReasonDialog("Skip", "Why?", ["Label damaged"], window)
    void = VoidDialog([], ["Label damaged"], window)
    reprint = ReprintDialog("", ["Label damaged"], window)
    return {
        "manual entry": (entry, entry.text),
        "items table": (table, lambda: (table.currentRow(), table.currentColumn())),
        "reason dialog": (reason.picker.other, reason.picker.other.text),
        "void dialog": (void.code, void.code.text),
        "reprint dialog": (reprint.target, reprint.target.text),
    }


@pytest.mark.parametrize("gap", list(GAPS), ids=list(GAPS))
@pytest.mark.parametrize(
    "kind", ["manual entry", "items table", "reason dialog", "void dialog", "reprint dialog"]
)
def test_every_code_class_arrives_whole_wherever_the_focus_is(
    qtbot: QtBot,
    wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]],
    kind: str,
    gap: str,
) -> None:
    scanner, clock, codes, incomplete = wedge
    window = QWidget()
    widget, state = widget_kinds(qtbot, window)[kind]
    dialog = widget.window()
    if isinstance(dialog, QDialog):
        dialog.open()
    focus_on(qtbot, widget)
    before = state()
    device = WedgeScanner(advance(clock), GAPS[gap])
    sent = []
    for code in CODE_CLASSES.values():
        for layout in layouts_for(code):
            device.scan(code, layout)
            sent.append(code)
    assert codes == sent
    assert incomplete == []
    assert not scanner.holding()
    assert QApplication.focusWidget() is widget
    assert state() == before  # not one key reached the widget


def test_ten_thousand_random_mixed_codes_with_modifiers_arrive_intact(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    scanner, clock, codes, incomplete = wedge
    entry = focused_entry(qtbot)
    rng = random.Random(18)
    inner = string.ascii_letters + string.digits + "-:/.+%$ "
    edge = string.ascii_letters + string.digits + "-:/.+%$"
    sent = []
    # the ShortcutOverride events are left out here for speed (tested with the code classes)
    device = WedgeScanner(advance(clock), (0, 0), seed=18, shortcut_override=False)
    layouts = list(Layout)
    for number in range(10_000):
        length = rng.randint(3, 30)
        code = rng.choice(edge) + "".join(rng.choices(inner, k=length - 2)) + rng.choice(edge)
        device.gap_ms = (0, 0) if number % 2 else (2, 8)
        device.scan(code, layouts[number % len(layouts)])
        sent.append(code)
    assert codes == sent
    assert incomplete == []
    assert entry.text() == ""
    assert not scanner.holding()


def test_random_codes_with_altgr_and_dead_keys_arrive_intact(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    _scanner, clock, codes, _incomplete = wedge
    entry = focused_entry(qtbot)
    rng = random.Random(81)
    alphabet = string.ascii_letters + string.digits + "-:/.+%$@\\{}[]~|^`" + GS
    device = WedgeScanner(advance(clock), (2, 8), seed=81)
    sent = []
    for number in range(1_000):
        code = "X" + "".join(rng.choices(alphabet, k=rng.randint(2, 30))) + "9"
        device.scan(code, (Layout.DE_X11, Layout.DE_WINDOWS)[number % 2])
        sent.append(code)
    assert codes == sent
    assert entry.text() == ""


def test_platform_timestamps_keep_a_scan_whole_when_the_gui_thread_was_busy(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    """The keys came 3 ms apart (their timestamps say so) but were handled 200 ms apart."""
    _scanner, clock, codes, _incomplete = wedge
    entry = focused_entry(qtbot)
    device = WedgeScanner(advance(clock), (3, 3))
    strokes = code_strokes("1Z7S161094040014", Layout.US_X11)
    for number, stroke in enumerate(strokes):
        if number == len(strokes) // 2:
            clock.now += 0.2  # the GUI thread was busy between two events
        device.send(stroke)
    device.send(Stroke("press", int(Qt.Key.Key_Return), "\r"))
    assert codes == ["1Z7S161094040014"]
    assert entry.text() == ""


def test_a_blocked_event_loop_does_not_release_half_a_scan(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    """The hold timer fires late, before the keys queued behind the block: it waits again."""
    scanner, clock, codes, _incomplete = wedge
    entry = focused_entry(qtbot)
    device = WedgeScanner(advance(clock), (2, 2))
    strokes = code_strokes("SKU-TSHIRT-M", Layout.US_X11)
    for stroke in strokes[:9]:
        device.send(stroke)
    time.sleep(0.5)  # the GUI thread is blocked past the hold time
    QApplication.processEvents()  # the hold timer fires first, late
    assert scanner.holding()
    for stroke in strokes[9:]:
        device.send(stroke)
    device.send(Stroke("press", int(Qt.Key.Key_Return), "\r"))
    assert codes == ["SKU-TSHIRT-M"]
    qtbot.wait(100)
    assert entry.text() == ""


def test_a_scan_in_pieces_is_reported_not_cut(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    """A pause inside a scan: its tail would be a different, wrong code; nothing is used."""
    scanner, clock, codes, incomplete = wedge
    entry = focused_entry(qtbot)
    device = WedgeScanner(advance(clock), (2, 4))
    strokes = code_strokes("1Z7S161094040014", Layout.US_X11)
    for number, stroke in enumerate(strokes):
        if number == 6:
            device.now_ms += 120  # the scanner paused (a radio link, a USB hiccup)
            clock.now += 0.12
        device.send(stroke)
    device.send(Stroke("press", int(Qt.Key.Key_Return), "\r"))
    assert codes == []
    assert incomplete == ["1Z7S161094040014"]
    assert entry.text() == ""
    assert not scanner.holding()


def test_a_person_typing_with_shift_gets_the_text_in_the_field(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    _scanner, clock, codes, _incomplete = wedge
    entry = focused_entry(qtbot)
    entered: list[str] = []
    entry.returnPressed.connect(lambda: entered.append(entry.text()))
    person = WedgeScanner(advance(clock), (120, 220), seed=3)  # a person: 0.12-0.22 s a key
    person.scan("Box Was Wet: 2 @ Gate", Layout.DE_X11)
    assert codes == []
    assert entered == ["Box Was Wet: 2 @ Gate"]


def test_a_scan_never_triggers_a_single_key_shortcut(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    """QTest runs Qt's shortcut map: the scan's characters are not taken by shortcuts."""
    _scanner, _clock, codes, _incomplete = wedge
    window = QWidget()
    qtbot.addWidget(window)
    entry = QLineEdit(window)
    fired: list[str] = []
    for key in ("Z", "-", "Shift+S"):
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.activated.connect(lambda key=key: fired.append(key))
    quit_key = QShortcut(QKeySequence("Ctrl+Q"), window)
    quit_key.activated.connect(lambda: fired.append("Ctrl+Q"))
    focus_on(qtbot, entry)
    QTest.keyClicks(entry, "SKU-ZZ")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert codes == ["SKU-ZZ"]
    assert fired == []
    QTest.keyClick(entry, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["Ctrl+Q"]  # shortcuts with Ctrl still work


@pytest.mark.parametrize(
    ("key", "text", "modifiers", "role"),
    [
        (Qt.Key.Key_A, "a", NO, KeyRole.DATA),
        (Qt.Key.Key_Z, "Z", SHIFT, KeyRole.DATA),
        (Qt.Key.Key_At, "@", CTRL | ALT, KeyRole.DATA),  # AltGr on Windows
        (Qt.Key.Key_At, "@", GROUP, KeyRole.DATA),  # AltGr on X11
        (Qt.Key.Key_BracketRight, GS, CTRL, KeyRole.DATA),  # FNC1 as Ctrl+]
        (Qt.Key.Key_Space, " ", NO, KeyRole.DATA),
        (Qt.Key.Key_Shift, "", SHIFT, KeyRole.NEUTRAL),
        (Qt.Key.Key_AltGr, "", NO, KeyRole.NEUTRAL),
        (Qt.Key.Key_Control, "", CTRL, KeyRole.NEUTRAL),
        (Qt.Key.Key_Alt, "", CTRL | ALT, KeyRole.NEUTRAL),
        (Qt.Key.Key_Dead_Circumflex, "", NO, KeyRole.NEUTRAL),
        (Qt.Key.Key_CapsLock, "", NO, KeyRole.NEUTRAL),
        (Qt.Key.Key_Return, "\r", NO, KeyRole.TERMINATOR),
        (Qt.Key.Key_Enter, "\r", Qt.KeyboardModifier.KeypadModifier, KeyRole.TERMINATOR),
        (Qt.Key.Key_Return, "\r", CTRL, KeyRole.OTHER),  # Ctrl+Enter: a shortcut
        (Qt.Key.Key_Tab, "\t", NO, KeyRole.OTHER),
        (Qt.Key.Key_Q, "\x11", CTRL, KeyRole.OTHER),
        (Qt.Key.Key_D, "d", ALT, KeyRole.OTHER),  # Alt+D: a mnemonic
        (Qt.Key.Key_1, "1", CTRL, KeyRole.OTHER),
        (Qt.Key.Key_F2, "", NO, KeyRole.OTHER),
        (Qt.Key.Key_Backspace, "\x08", NO, KeyRole.OTHER),
    ],
)
def test_key_roles(key: Qt.Key, text: str, modifiers: Qt.KeyboardModifier, role: KeyRole) -> None:
    assert key_role(int(key), text, modifiers) is role
    assert key_role(int(Qt.Key.Key_Tab), "\t", NO, tab_terminates=True) is KeyRole.TERMINATOR


def test_the_tail_of_a_scan_whose_first_character_came_alone_is_not_a_code(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    """'A', a pause, '100'+Return: '100' would be a different code; it is reported instead."""
    scanner, clock, codes, incomplete = wedge
    entry = focused_entry(qtbot)
    device = WedgeScanner(advance(clock), (2, 4))
    strokes = code_strokes("A100", Layout.US_X11)
    for number, stroke in enumerate(strokes):
        if number == 4:  # after the A (Shift, A, their releases)
            device.now_ms += 90
            clock.now += 0.09
        device.send(stroke)
    device.send(Stroke("press", int(Qt.Key.Key_Return), "\r"))
    assert codes == []
    assert incomplete == ["100"]
    assert entry.text() == "A"  # handed on as typing before the rest arrived
    assert not scanner.holding()
    # the next scan, whole, is a scan again
    device.scan("A100")
    assert codes == ["A100"]


def test_a_short_burst_then_enter_keeps_the_enter_shortcut(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    """Space (tick a box) then Enter at once: not a scan, so Enter does what it always does."""
    _scanner, _clock, codes, _incomplete = wedge
    window = QWidget()
    qtbot.addWidget(window)
    entry = QLineEdit(window)
    fired: list[str] = []
    enter = QShortcut(QKeySequence(Qt.Key.Key_Return), window)
    enter.activated.connect(lambda: fired.append(entry.text()))
    focus_on(qtbot, entry)
    QTest.keyClick(entry, Qt.Key.Key_Space)
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert fired == [" "]
    assert codes == []


def test_a_scan_right_after_typing_and_enter_is_a_scan(
    qtbot: QtBot, wedge: tuple[WedgeScanFilter, FakeClock, list[str], list[str]]
) -> None:
    """A person's Enter ends the typing: a scan 0.1 s later is not the tail of anything."""
    _scanner, clock, codes, incomplete = wedge
    entry = focused_entry(qtbot)
    person = WedgeScanner(advance(clock), (60, 60), seed=5)
    person.type("Paris", Layout.US_X11)
    person.send(Stroke("press", int(Qt.Key.Key_Return), "\r"))
    assert entry.text() == "Paris"
    scanner = WedgeScanner(advance(clock), (2, 2), seed=6)
    scanner.now_ms = person.now_ms + 100
    clock.now += 0.1
    scanner.scan("A104")
    assert codes == ["A104"]
    assert incomplete == []
