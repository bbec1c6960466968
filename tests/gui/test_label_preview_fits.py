"""The packing screen at the bench's screen sizes (issue 17, item 10 and "a label preview that
uses its panel"): the last label's preview as wide as its panel and in view once it is
printed, and the items of a six-line order in view with their pictures at 1024×768 — in
English and German.

A station printing PDF labels (as the demo does) packs a real order from the sandbox; the
rendered label is measured on screen, not its view object.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractSlider, QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from packstation.domain.printing import PrinterLanguage
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pack_window import PackingScreen
from tests.gui.bench import open_bench, order_codes
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.layout_check import save_screenshot

SIZES = [
    pytest.param((1024, 768), "en", id="1024x768-en"),
    pytest.param((1024, 768), "de", id="1024x768-de"),
    pytest.param((1920, 1080), "en", id="1920x1080-en"),
    pytest.param((1920, 1080), "de", id="1920x1080-de"),
]
#: the least share of its panel's width the rendered label takes on a short screen
PREVIEW_SHARE = 0.8
#: whole item rows of a six-line order in view at 1024×768, with the demo's bars at their
#: fullest (3 in English, 2-3 in German and no pictures before issue 17's fix)
ROWS_AT_1024 = 5


async def settle() -> None:
    await asyncio.sleep(0.2)  # laid out and drawn (the loop runs Qt's events)


def shot(window: QWidget, name: str) -> None:
    """A screenshot kept in ``$LAYOUT_SCREENSHOTS``, as the layout test keeps its own."""
    folder = os.environ.get("LAYOUT_SCREENSHOTS")
    if folder:
        save_screenshot(window, Path(folder), name)


def whole_rows(screen: PackingScreen) -> int:
    table = screen.items
    room = table.viewport().rect()
    return sum(
        1
        for r in range(table.rowCount())
        if room.contains(table.visualRect(table.model().index(r, 1)))
    )


def pictures(screen: PackingScreen) -> int:
    """Rows of the items table with a product picture."""
    table = screen.items
    return sum(
        1
        for r in range(table.rowCount())
        if (cell := table.item(r, 0)) is not None
        and cell.data(Qt.ItemDataRole.DecorationRole) is not None
    )


def preview_on_screen(screen: PackingScreen) -> tuple[int, int, QRect]:
    """(pixmap width, panel content width, the pixmap's rectangle in the side panels'
    viewport)."""
    panel = screen.preview
    pixmap = panel.image.pixmap()
    assert pixmap is not None, "no rendered label on screen"
    assert not pixmap.isNull(), "no rendered label on screen"
    margins = panel.body.contentsMargins()
    room = panel.contentsRect().width() - margins.left() - margins.right()
    area = screen.findChild(QScrollArea, "SidePanels")
    assert area is not None
    top_left = panel.image.mapTo(area.viewport(), QPoint(0, 0))
    # the pixmap is centred in its label
    drawn = QRect(
        top_left.x() + (panel.image.width() - pixmap.width()) // 2,
        top_left.y() + (panel.image.height() - pixmap.height()) // 2,
        pixmap.width(),
        pixmap.height(),
    )
    return pixmap.width(), room, drawn


@pytest.mark.parametrize(("size", "language"), SIZES)
def test_the_label_preview_fills_its_panel_and_comes_into_view(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    world: Any,
    tmp_path: Path,
    size: tuple[int, int],
    language: str,
) -> None:
    sandbox, printer = world
    switch = LanguageSwitch(qapp)

    async def scenario() -> None:
        async with open_bench(
            qapp, sandbox, printer, tmp_path, printer_language=PrinterLanguage.PDF
        ) as bench:
            switch.apply(language)
            bench.vm.retranslate()
            bench.window.resize(*size)
            screen = bench.screen
            bench.type_scan("A105")
            bench.type_scan("4260123450106")  # its only item: the label is bought and printed
            await bench.settled()
            await wait_until(lambda: screen.preview.view is not None, 15)
            view = screen.preview.view
            assert view is not None, bench.banner()
            assert view.image is not None, "not rendered"
            await settle()
            shot(bench.window, f"{size[0]}x{size[1]}-{language}-label-preview")
            width, room, drawn = preview_on_screen(screen)
            height = drawn.height()
            ratio = view.image.height() / view.image.width()
            assert abs(height / width - ratio) < 0.02  # not distorted
            area = screen.findChild(QScrollArea, "SidePanels")
            assert area is not None
            seen = area.viewport().rect()
            # in view once printed, from its top (the addresses and the carrier)
            assert drawn.top() >= -2, drawn
            if size[1] >= 1080:
                # whole, barcode and all, where the screen has the room for a readable label
                # (the panel's width made it taller than the view before)
                assert seen.adjusted(0, 0, 0, 2).contains(drawn), (drawn, seen)
                assert width >= screen.preview.READABLE_PX
                assert height >= seen.height() - 120, (height, seen)  # as tall as the view
            else:
                # a short screen: whole, it would be too small to read; as wide as its panel
                assert width >= PREVIEW_SHARE * room, (width, room)
                visible = drawn.intersected(seen)
                assert visible.height() >= min(height, seen.height()) // 2, (drawn, seen)

            bench.type_scan("A112")  # the next order: the side panels back at their top
            await bench.settled()
            await settle()
            assert area.verticalScrollBar().value() == 0

    try:
        run_async(scenario())
    finally:
        switch.apply("en")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_six_line_order_shows_its_items_with_pictures_at_1024x768(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    world: Any,
    tmp_path: Path,
    language: str,
) -> None:
    sandbox, printer = world
    switch = LanguageSwitch(qapp)

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            switch.apply(language)
            bench.vm.retranslate()
            # the bars at their fullest: a demo station with no sound player (both badges)
            bench.window.set_demo(QCoreApplication.translate("BenchApp", "DEMO · no real labels"))
            bench.window.set_sound_off(True)
            bench.window.resize(1024, 768)
            screen = bench.screen
            bench.type_scan("A112")  # six lines
            await bench.settled()
            await wait_until(lambda: pictures(screen) == 4, 10)  # A112's four pictures
            await settle()
            shot(bench.window, f"1024x768-{language}-six-lines")
            rows = whole_rows(screen)
            assert rows >= ROWS_AT_1024, rows
            assert not screen.items.isColumnHidden(0), "the pictures are hidden"
            table = screen.items
            assert not table.horizontalScrollBar().isVisible()
            for r in range(table.rowCount()):  # no name cut: each row as tall as it needs
                assert table.rowHeight(r) >= table.sizeHintForRow(r), r

            for code in order_codes(sandbox, "A112"):  # every state "complete": wider
                bench.type_scan(code)
            await bench.settled()
            await settle()
            assert not table.horizontalScrollBar().isVisible()
            assert not table.isColumnHidden(5)

    try:
        run_async(scenario())
    finally:
        switch.apply("en")


def test_the_side_panels_stay_where_the_packer_scrolled_when_the_boxes_change(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    world: Any,
    tmp_path: Path,
) -> None:
    """At 1024×768 the side panels scroll. A packer who scrolled down to the boxes was pulled
    back to the top on every change of a box; now the view stays where the packer put it
    (only a printed label is followed, until the packer scrolls)."""
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path, auto_finish=False) as bench:
            bench.window.resize(1024, 768)
            screen = bench.screen
            area = screen.findChild(QScrollArea, "SidePanels")
            assert area is not None
            bar = area.verticalScrollBar()
            bench.type_scan("A102")
            await bench.settled()
            codes = order_codes(sandbox, "A102")
            for code in codes[:2]:  # two boxes with an item each: the panels grow
                bench.type_scan(code)
                await bench.settled()
                bench.key(Qt.Key.Key_F4)
                await bench.settled()
            await wait_until(lambda: bar.maximum() > 20, 10)
            bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)  # the packer
            kept = bar.value()
            assert kept > 0
            bench.type_scan(codes[2])  # into the current box: its card changes
            await bench.settled()
            bench.key(Qt.Key.Key_F4)  # and another box: the panels' content changes
            await bench.settled()
            await settle()
            shot(bench.window, "1024x768-en-side-panels-kept")
            assert bar.value() >= min(kept, bar.maximum()) > 0  # not pulled to the top

    run_async(scenario())
