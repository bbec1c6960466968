"""Wedge scanner capture: bursts become scans wherever focus is; typing reaches its field."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from packstation.ui.scanner import WedgeScanFilter, WedgeSettings


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
