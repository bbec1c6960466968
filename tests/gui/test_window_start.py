"""The window comes first (issue 17): its scan banner shows before the rest is loaded, and a
scan typed at that moment is kept and handled once the station is open."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from packstation.composition.bench.app import BenchApp
from packstation.composition.bench.shell import FirstPage, open_shell
from packstation.ui.pack_views import OrderHeaderView
from packstation.ui.scanner import WedgeSettings
from packstation.ui.theme import Tone
from tests.gui.conftest import RunAsync, wait_until


@pytest.fixture(autouse=True)
def _app_keeps_running(qapp: QApplication) -> Iterator[None]:
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


def test_a_scan_typed_at_the_first_frame_opens_its_order_once_the_station_is_open(
    qapp: QApplication, qtbot: QtBot, run_async: RunAsync[Any]
) -> None:
    shell = open_shell(qapp, "en", WedgeSettings())
    window = shell.window
    try:
        assert window.isVisible()
        first = window.mode_widget("packing")
        assert isinstance(first, FirstPage)
        assert first.banner.headline.text() == "Scan an order"
        assert first.banner.tone is Tone.READY
        # typed as a wedge scanner types it, before anything behind the window exists
        target = QApplication.focusWidget() or window
        QTest.keyClicks(target, "A105")
        QTest.keyClick(target, Qt.Key.Key_Return)
        with pytest.raises(RuntimeError):
            _ = window.vm  # no view-model yet: the scan is kept by the window

        bench = BenchApp(qapp, {}, demo=True, shell=shell)
        assert bench.window is window  # the same window, filled in
        assert window.mode_widget("packing") is bench.packing
        assert window.modes() == ["packing", "settings"]
        opened: list[str] = []

        def on_order(view: OrderHeaderView | None) -> None:
            if view is not None:
                opened.append(view.order_id)

        bench.vm.order_changed.connect(on_order)

        async def start() -> int:
            running = asyncio.ensure_future(bench.run())
            await wait_until(lambda: bench.vm.ready() and bench.vm.idle() and "A105" in opened, 30)
            assert bench.vm.banner.headline != "Scan an order"  # the order's items, now
            # no way to play a sound here (no player, no Qt Multimedia): the window says so
            assert bench.window.sound_badge.isVisible() is not bench.sounds.available
            assert bench.window.sound_badge.text() == "Sound off"
            assert "No sound player" in bench.window.sound_badge.toolTip()
            bench.quit.set()
            return await running

        assert run_async(start()) == 0
    finally:
        shell.scanner.remove(qapp)
        if Shiboken.isValid(window):  # the bench's shutdown deletes it
            window.hide()
            window.deleteLater()
