"""A serial scanner streaming garbage, through the real composition root (demo mode): the bench
says once, in the window's words, that something unreadable was ignored, and the scanner keeps
working — the next code opens its order."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from packstation.composition.bench.app import BenchApp
from packstation.ui.pack_viewmodel import Banner
from packstation.ui.pack_views import OrderHeaderView
from packstation.ui.theme import Tone
from tests.gui.conftest import RunAsync, wait_until

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="pseudo-terminals (os.openpty) exist on POSIX only"
)


@pytest.fixture(autouse=True)
def _app_keeps_running(qapp: QApplication) -> Iterator[None]:
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    """(the scanner's end to write to, the port name the station opens)."""
    scanner_end, station_end = os.openpty()
    try:
        yield scanner_end, os.ttyname(station_end)
    finally:
        os.close(scanner_end)
        os.close(station_end)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[:4096]) :]


def test_a_garbage_stream_is_said_once_and_the_next_code_opens_its_order(
    qapp: QApplication, run_async: RunAsync[Any], pty_pair: tuple[int, str]
) -> None:
    write_end, port = pty_pair
    overrides = {"scanner_serial_port": port, "scanner_baudrate": 115200}
    bench = BenchApp(qapp, overrides, demo=True)
    opened: list[str] = []
    warnings: list[tuple[str, str]] = []

    def on_order(view: OrderHeaderView | None) -> None:
        if view is not None:
            opened.append(view.order_id)

    bench.vm.order_changed.connect(on_order)

    def on_banner(banner: Banner) -> None:
        if banner.tone is Tone.WARNING:
            warnings.append((banner.headline, banner.detail))

    bench.vm.banner_changed.connect(on_banner)

    async def start() -> int:
        running = asyncio.ensure_future(bench.run())
        await wait_until(lambda: bench.vm.ready() and bench.vm.idle(), 60)
        # 128 KB without an end of code, twice, then a real code
        garbage = b"\x1b[garbage]" * (128 * 1024 // 10)
        await asyncio.to_thread(write_all, write_end, garbage + b"\r" + garbage + b"\rA105\r")
        await wait_until(lambda: "A105" in opened, 60)
        await wait_until(lambda: bench.vm.ready() and bench.vm.idle(), 60)
        bench.quit.set()
        return await running

    try:
        assert run_async(start()) == 0
    finally:
        if Shiboken.isValid(bench.window):
            bench.window.hide()
            bench.window.deleteLater()
    said = [w for w in warnings if w[0] == "The serial scanner sent something unreadable"]
    assert len(said) == 1, warnings
    assert said[0][1].startswith("It sent more than 512 characters without the end of a code")
    assert set(opened) == {"A105"}  # nothing of the garbage was taken for a scan
