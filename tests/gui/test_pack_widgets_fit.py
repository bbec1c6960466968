"""The packing screen's parts give way on a narrow bench screen instead of widening the window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from packstation.ui.bench_frame import Banner, StatusBanner
from packstation.ui.pack_views import LineView
from packstation.ui.pack_widgets import FKeyButton, ItemsTable
from packstation.ui.theme import Tone
from tests.gui.layout_check import problems


def lines() -> list[LineView]:
    names = ["Coffee beans, 1 kg, whole, dark roast", "Ceramic mug, white", "Socks, 3-pack"]
    return [
        LineView(
            i, f"SKU-LONG-NAME-{i:04d}", f"42601234500{i:02d}", name, 2, 1, "partial", "1 of 2"
        )
        for i, name in enumerate(names)
    ]


def test_the_items_table_hides_sku_then_picture_and_never_the_counts(qtbot: QtBot) -> None:
    table = ItemsTable()
    qtbot.addWidget(table)
    table.resize(1400, 400)
    table.show()
    table.show_lines(lines(), 0)
    QApplication.processEvents()
    assert [table.isColumnHidden(c) for c in range(6)] == [False] * 6
    assert not table.horizontalScrollBar().isVisible()

    table.resize(520, 400)
    QApplication.processEvents()
    assert table.isColumnHidden(2)  # SKU / EAN first
    assert not any(table.isColumnHidden(c) for c in (1, 3, 4, 5))  # name, counts, state
    assert not table.horizontalScrollBar().isVisible()

    table.resize(1400, 400)
    QApplication.processEvents()
    assert [table.isColumnHidden(c) for c in range(6)] == [False] * 6  # back when there is room


def test_an_f_key_caption_wraps_under_its_key_and_keeps_its_text(qtbot: QtBot) -> None:
    button = FKeyButton()
    qtbot.addWidget(button)
    button.setText("F5\nPrint the held labels")
    assert button.text() == "F5\nPrint the held labels"
    button.setStyleSheet("font-size: 20px;")
    holder = QWidget()
    qtbot.addWidget(holder)
    button.setParent(holder)
    holder.resize(400, 300)
    holder.show()
    QApplication.processEvents()  # polished: the style sheet's font is in force
    wide, narrow = button.heightForWidth(600), button.heightForWidth(90)
    assert narrow > wide  # more lines when narrow
    assert button.minimumSizeHint().width() < button.fontMetrics().horizontalAdvance(
        "Print the held labels"
    )
    button.setGeometry(0, 0, 90, narrow)
    assert problems(holder) == []  # nothing cut at that size
    button.setGeometry(0, 0, 90, wide)
    assert problems(holder) != []  # the layout test sees a caption that does not fit


def test_the_banner_and_the_items_are_compact_on_a_short_screen_and_full_on_a_tall_one(
    qtbot: QtBot,
) -> None:
    banner = StatusBanner()
    qtbot.addWidget(banner)
    banner.resize(1000, 200)
    banner.show_banner(Banner(Tone.WORKING, "Scan the items: 0 of 9", "Order A112 for Sophie"))
    full = banner.headline_px, banner.sizeHint().height()
    banner.set_compact(True)
    compact = banner.headline_px, banner.sizeHint().height()
    assert compact[0] < full[0]
    assert compact[1] < full[1]
    banner.set_compact(False)
    assert (banner.headline_px, banner.sizeHint().height()) == full

    table = ItemsTable()
    qtbot.addWidget(table)
    table.resize(1400, 600)
    table.show()
    table.show_lines(lines(), 0)
    QApplication.processEvents()
    tall = [table.rowHeight(r) for r in range(table.rowCount())]
    table.set_compact(True)
    QApplication.processEvents()
    assert table.iconSize().height() < ItemsTable.IMAGE_PX
    short = [table.rowHeight(r) for r in range(table.rowCount())]
    assert all(s < t for s, t in zip(short, tall, strict=True))
    assert all(table.rowHeight(r) >= table.sizeHintForRow(r) for r in range(table.rowCount()))
    table.set_compact(False)
    QApplication.processEvents()
    assert [table.rowHeight(r) for r in range(table.rowCount())] == tall
