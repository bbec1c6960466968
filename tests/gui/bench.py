"""A packing bench for GUI tests: the real window on the real station, the sandbox over loopback.

The station is built by ``open_station`` and the screen's backend by ``pack_backend``
— the same composition as the application — with the virtual printer as the bench printer and
the wedge filter installed on the application. Scans are typed as key events (``type_scan``),
so they take the scanner's path: wedge filter → window → view-model → service.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from packstation.adapters.product_images import ProductImageFetcher
from packstation.composition.bench.pack_backend import pack_backend
from packstation.composition.connection import Connection
from packstation.composition.station import Station, StationOptions, open_station
from packstation.sandbox import SandboxServer, VirtualPrinter
from packstation.settings.model import Settings, load_settings
from packstation.ui.pack_viewmodel import PackViewModel
from packstation.ui.pack_window import PackingScreen
from packstation.ui.scanner import WedgeScanFilter
from packstation.ui.sounds import Sound
from packstation.ui.station_window import StationWindow
from packstation.ui.tasks import TaskRunner
from tests.gui.conftest import wait_until


@dataclass
class Bench:
    window: StationWindow
    screen: PackingScreen
    vm: PackViewModel
    runner: TaskRunner
    scanner: WedgeScanFilter
    station: Station
    settings: Settings
    sandbox: SandboxServer
    printer: VirtualPrinter
    sounds: list[Sound] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)
    viewer: bool = True  # whether the desktop has a PDF viewer (open_document)

    def open_document(self, path: Path) -> bool:
        """The desktop's viewer as the test sets it: records the file, says if it showed it."""
        self.opened.append(path)
        return self.viewer

    def type_scan(self, code: str, widget: QWidget | None = None) -> None:
        """A wedge scanner's burst: every key at once, then Return."""
        target = widget or QApplication.focusWidget() or self.screen.entry
        QTest.keyClicks(target, code)
        QTest.keyClick(target, Qt.Key.Key_Return)

    def key(self, key: Qt.Key, widget: QWidget | None = None) -> None:
        QTest.keyClick(widget or QApplication.focusWidget() or self.screen.entry, key)

    def banner(self) -> str:
        return self.screen.banner.text()

    async def settled(self) -> None:
        """Until every scan and action typed so far is handled."""
        await wait_until(self.vm.idle, timeout=15)


def order_codes(sandbox: SandboxServer, order_id: str) -> list[str]:
    """The EAN of every unit of a demo order, as a packer scans them."""
    with sandbox.state.lock:
        document = sandbox.state.merchant_orders[order_id]
    return [item["ean"] for item in document["items"] for _ in range(int(item["quantity"]))]


def bench_settings(
    sandbox: SandboxServer, printer: VirtualPrinter, data_dir: Path, **extra: Any
) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "order_source": sandbox.merchant_feed_url,
        "printer": printer.uri,
        "api_retry_delay_s": 0.02,
        "label_retry_delay_s": 0.05,
        "outbox_retry_delay_s": 0.05,
        "outbox_retry_max_s": 0.2,
        "read_timeout_s": 5.0,
        "connect_timeout_s": 2.0,
        "packer_name": "Test Packer",
    }
    values.update(extra)
    return load_settings(**values)


@contextlib.asynccontextmanager
async def open_bench(
    qapp: QApplication,
    sandbox: SandboxServer,
    printer: VirtualPrinter,
    data_dir: Path,
    printer_uri: str | None = None,
    viewer: bool = True,
    **extra: Any,
) -> AsyncIterator[Bench]:
    settings = bench_settings(sandbox, printer, data_dir, **extra)
    if printer_uri is not None:  # the virtual printer reached another way (URI options)
        settings = settings.model_copy(update={"printer": printer_uri})
    connection = Connection(
        base_url=sandbox.base_url,
        access_key=sandbox.access_key,
        feed_url=sandbox.merchant_feed_url,
        is_sandbox=True,
    )
    async with (
        open_station(settings, connection, StationOptions(customs_confirm=True)) as station,
        httpx.AsyncClient() as http,
    ):
        runner = TaskRunner()
        vm = PackViewModel(runner, station_poll_s=30, connection_poll_s=60)
        window = StationWindow(vm)
        screen = PackingScreen(vm)
        window.add_mode("packing", "Packing", screen, "Ctrl+1")
        scanner = WedgeScanFilter()
        scanner.install(qapp)
        scanner.scanned.connect(window.route_scan)
        scanner.scan_incomplete.connect(window.scan_incomplete)
        bench = Bench(window, screen, vm, runner, scanner, station, settings, sandbox, printer)
        bench.viewer = viewer
        vm.sound_requested.connect(bench.sounds.append)
        window.show()
        screen.focus_entry()
        vm.attach(
            pack_backend(
                station,
                settings,
                environment="sandbox",
                fetch_image=ProductImageFetcher(http).fetch,
                open_document=bench.open_document,
            )
        )
        try:
            await wait_until(vm.ready, timeout=10)
            yield bench
        finally:
            scanner.remove(qapp)
            vm.stop_accepting()
            await vm.wait_idle()
            vm.detach()
            await runner.drain(5)
            # hide, never close: closing the last window quits the application, which stops
            # the qasync loop under the test (style guide §9.1)
            window.hide()
            window.deleteLater()
