"""The layout check itself (``layout_check.problems``) finds what it is meant to find.

Small windows built to fail one way each: content cut at the side of a scroll area, a
sideways scrollbar, a table inside a scroll area that scrolls sideways, cut text inside a
scroll area, a widget outside the window. Content below a scroll area's fold is no fault.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.layout_check import problems


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication) -> QWidget:
    top = QWidget()
    top.resize(400, 300)
    qtbot.addWidget(top)
    return top


def _scroll_area(top: QWidget, content: QWidget, *, sideways: bool) -> QScrollArea:
    area = QScrollArea(top)
    area.setObjectName("Side")
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(
        Qt.ScrollBarPolicy.ScrollBarAsNeeded if sideways else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    )
    area.setWidget(content)
    QVBoxLayout(top).addWidget(area)
    return area


def _shown(qtbot: QtBot, top: QWidget) -> list[str]:
    top.show()
    qtbot.waitExposed(top)
    QApplication.processEvents()
    return problems(top)


def test_content_cut_at_the_side_of_a_scroll_area_is_found(qtbot: QtBot, window: QWidget) -> None:
    content = QWidget()
    wide = QLabel("wide", content)
    wide.setObjectName("Wide")
    content.setMinimumWidth(700)  # wider than the 400-pixel window
    wide.setGeometry(600, 10, 80, 20)
    _scroll_area(window, content, sideways=False)
    found = _shown(qtbot, window)
    assert any("Side: content 700px wide" in p and "cut by" in p for p in found), found
    assert any(p.startswith("Wide 'wide' reaches") and "cut at the side" in p for p in found), found


def test_a_sideways_scrollbar_in_a_scroll_area_is_found(qtbot: QtBot, window: QWidget) -> None:
    content = QWidget()
    content.setMinimumWidth(700)
    _scroll_area(window, content, sideways=True)
    found = _shown(qtbot, window)
    assert any("Side: content 700px wide" in p and "sideways scrollbar" in p for p in found)


def test_content_below_the_fold_is_no_fault(qtbot: QtBot, window: QWidget) -> None:
    content = QWidget()
    column = QVBoxLayout(content)
    for n in range(40):  # far taller than the window: it scrolls up and down
        column.addWidget(QLabel(f"line {n}"))
    _scroll_area(window, content, sideways=False)
    assert _shown(qtbot, window) == []


def test_a_table_and_cut_text_inside_a_scroll_area_are_checked(
    qtbot: QtBot, window: QWidget
) -> None:
    content = QWidget()
    column = QVBoxLayout(content)
    table = QTableWidget(1, 3)
    table.setObjectName("Parcels")
    for c in range(3):
        table.setItem(0, c, QTableWidgetItem("x"))
        table.setColumnWidth(c, 200)  # 600 pixels of columns in a narrower table
    column.addWidget(table)
    cut = QLabel("a caption much longer than its label")
    cut.setObjectName("Caption")
    cut.setFixedWidth(60)
    column.addWidget(cut)
    _scroll_area(window, content, sideways=False)
    found = _shown(qtbot, window)
    assert "Parcels: columns wider than the table (a horizontal scrollbar)" in found, found
    assert any(p.startswith("Caption 'a caption much longer") and " cut: " in p for p in found)


def test_a_widget_outside_the_window_is_found(qtbot: QtBot, window: QWidget) -> None:
    stray = QLabel("beyond", window)
    stray.setObjectName("Stray")
    stray.setGeometry(390, 10, 80, 20)  # reaches past the right edge of the 400-pixel window
    found = _shown(qtbot, window)
    assert any(p.startswith("Stray 'beyond' outside the window") for p in found), found
