"""The F3 parcels dialog with the keyboard: tab order, counts typed as a whole, weights kept,
rows that scroll so OK and Cancel stay on screen, a dialog that shrinks back, a reason for a
greyed-out OK and spin arrows big enough for gloves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialogButtonBox,
    QStyle,
    QStyleOptionSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from packstation.ui.dialogs import ParcelsDialog


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    bench = QWidget()
    bench.resize(1062, 740)  # the documented smallest window
    qtbot.addWidget(bench)
    bench.show()
    return bench


def opened(qtbot: QtBot, window: QWidget, weights: list[int | None]) -> ParcelsDialog:
    dialog = ParcelsDialog(weights, window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_count(dialog: ParcelsDialog, text: str) -> None:
    dialog.count.setFocus()
    dialog.count.selectAll()
    QTest.keyClicks(dialog.count, text)
    QTest.keyClick(dialog.count, Qt.Key.Key_Tab)  # done typing: the count takes effect


def test_tab_goes_parcels_then_every_weight_then_ok_and_cancel(
    qtbot: QtBot, window: QWidget
) -> None:
    dialog = opened(qtbot, window, [1000, 500])
    type_count(dialog, "3")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    wanted = [dialog.count, *dialog.weights, ok, cancel]
    chain: list[QWidget] = []
    widget: QWidget | None = dialog.count
    while widget is not None and len(chain) < len(wanted):
        if widget in wanted and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is dialog.count:
            break
    assert chain == wanted


def test_typing_12_keeps_the_typed_weights_and_3_again_keeps_them_too(
    qtbot: QtBot, window: QWidget
) -> None:
    dialog = opened(qtbot, window, [None, None, None])
    for box, kg in zip(dialog.weights, (1.2, 0.45, 2.0), strict=True):
        box.setValue(kg)
    type_count(dialog, "12")
    assert len(dialog.weights) == 12
    assert [b.value() for b in dialog.weights[:3]] == [1.2, 0.45, 2.0]
    type_count(dialog, "3")
    assert [b.value() for b in dialog.weights] == [1.2, 0.45, 2.0]


def test_twelve_rows_scroll_and_ok_stays_on_screen_then_the_dialog_shrinks_back(
    qtbot: QtBot, window: QWidget
) -> None:
    dialog = opened(qtbot, window, [1000, 1000, 1000])
    small = dialog.height()
    type_count(dialog, "12")
    qtbot.waitUntil(lambda: len(dialog.weights) == 12)
    QApplication.processEvents()
    assert dialog.height() <= window.height()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    bottom = ok.mapTo(dialog, QPoint(0, ok.height()))
    assert bottom.y() <= dialog.height()
    type_count(dialog, "3")
    QApplication.processEvents()
    assert dialog.height() <= small + 2


def test_a_greyed_out_ok_says_why(qtbot: QtBot, window: QWidget) -> None:
    dialog = opened(qtbot, window, [None, None])
    ok = dialog.ok_button()
    assert ok.isEnabled()  # all at 0: the order's weight is split
    assert not dialog.why.isVisibleTo(dialog)
    dialog.weights[0].setValue(1.5)
    assert not ok.isEnabled()
    assert dialog.why.isVisibleTo(dialog)
    assert "parcel 2 has no weight" in dialog.why.text()
    dialog.weights[1].setValue(0.5)
    assert ok.isEnabled()
    assert not dialog.why.isVisibleTo(dialog)


def test_spin_arrows_are_big_enough_for_gloves(qtbot: QtBot, window: QWidget) -> None:
    dialog = opened(qtbot, window, [1000])
    for box in (dialog.count, dialog.weights[0]):
        option = QStyleOptionSpinBox()
        box.initStyleOption(option)
        up = box.style().subControlRect(
            QStyle.ComplexControl.CC_SpinBox,
            option,
            QStyle.SubControl.SC_SpinBoxUp,
            box,
        )
        assert up.width() >= 40, (type(box).__name__, up)
        assert box.height() >= 44
        assert isinstance(box, QAbstractSpinBox)
