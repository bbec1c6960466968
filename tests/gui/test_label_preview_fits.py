"""The packing screen at the bench's screen sizes (issue 17, item 10 and "a label preview that
uses its panel"): the last label's preview as wide as its panel and in view once it is
printed, in English and German.

A station printing PDF labels (as the demo does) packs a real order from the sandbox; the
rendered label is measured on screen, not its view object.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from packstation.domain.printing import PrinterLanguage
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pack_window import PackingScreen
from tests.gui.bench import open_bench
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.layout_check import save_screenshot

SIZES = [
    pytest.param((1024, 768), "en", id="1024x768-en"),
    pytest.param((1024, 768), "de", id="1024x768-de"),
    pytest.param((1920, 1080), "en", id="1920x1080-en"),
    pytest.param((1920, 1080), "de", id="1920x1080-de"),
]
#: the least share of its panel's width the rendered label takes
PREVIEW_SHARE = 0.8


async def settle() -> None:
    await asyncio.sleep(0.2)  # laid out and drawn (the loop runs Qt's events)


def shot(window: QWidget, name: str) -> None:
    """A screenshot kept in ``$LAYOUT_SCREENSHOTS``, as the layout test keeps its own."""
    folder = os.environ.get("LAYOUT_SCREENSHOTS")
    if folder:
        save_screenshot(window, Path(folder), name)


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
            assert width >= PREVIEW_SHARE * room, (width, room)
            height = drawn.height()
            ratio = view.image.height() / view.image.width()
            assert abs(height / width - ratio) < 0.02  # not distorted
            area = screen.findChild(QScrollArea, "SidePanels")
            assert area is not None
            # in view once printed, from its top (the addresses and the carrier)
            seen = drawn.intersected(area.viewport().rect())
            assert drawn.top() >= -2, drawn
            assert seen.height() >= min(height, area.viewport().height()) // 2, (drawn, seen)

            bench.type_scan("A112")  # the next order: the side panels back at their top
            await bench.settled()
            await settle()
            assert area.verticalScrollBar().value() == 0

    try:
        run_async(scenario())
    finally:
        switch.apply("en")
