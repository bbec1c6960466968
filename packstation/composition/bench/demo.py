"""The embedded sandbox world of demo mode (or of a station set to the sandbox without a URL):
the fake Seven Senders with its merchant feed, the virtual label printer, a throw-away data
folder; the settings demo mode runs on; printer fault practice; the smoke test."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from packstation.composition.connection import Connection
from packstation.domain.environment import Environment
from packstation.domain.printing import PrinterLanguage
from packstation.settings.model import Settings
from packstation.ui import temp_folders
from packstation.ui.pack_viewmodel import PackViewModel
from packstation.ui.station_window import StationWindow
from packstation.ui.theme import Tone


@dataclass
class SandboxWorld:
    """The sandbox, the virtual printer (demo mode only) and demo mode's data folder."""

    sandbox: Any
    printer: Any | None
    data_dir: Path | None
    _temp: Path | None = field(default=None, repr=False)

    @classmethod
    def start(cls, *, with_printer: bool, temp_data_dir: bool) -> SandboxWorld:
        from packstation.sandbox import SandboxServer, VirtualPrinter

        sandbox = SandboxServer(seed="demo")
        sandbox.start()
        printer = None
        if with_printer:
            printer = VirtualPrinter()
            printer.start()
        # named after this process: removed by stop(), else swept at the next start
        temp = temp_folders.make("demo") if temp_data_dir else None
        return cls(sandbox, printer, temp, temp)

    @property
    def connection(self) -> Connection:
        return Connection(
            base_url=self.sandbox.base_url,
            access_key=self.sandbox.access_key,
            feed_url=self.sandbox.merchant_feed_url,
            is_sandbox=True,
        )

    def stop(self) -> None:
        if self.printer is not None:
            self.printer.stop()
        self.sandbox.stop()
        temp_folders.remove(self._temp)
        self._temp = None

    def settings(self, settings: Settings) -> Settings:
        """``settings`` as demo mode runs on them: this world's 7S, feed, printer and data."""
        values: dict[str, Any] = {
            "environment": Environment.SANDBOX,
            "api_url": None,
            "order_source": self.sandbox.merchant_feed_url,
        }
        if self.printer is not None:
            # PDF labels, so a trainee sees the label itself in the preview; the virtual
            # Zebra is still asked ~HS, so printer faults can be practised (set them in the
            # sandbox and watch the station hold the label until the fault is cleared)
            values["printer"] = f"{self.printer.uri}?status=zebra"
            values["printer_language"] = PrinterLanguage.PDF
            values["printer_dpi"] = 203
        if self.data_dir is not None:
            values["data_dir"] = self.data_dir
        return settings.model_copy(update=values)


def install_fault_practice(window: QWidget, vm: PackViewModel, printer: Any) -> QShortcut:
    """Demo: Ctrl+Shift+P takes the virtual printer's labels out and puts them back."""
    shortcut = QShortcut(QKeySequence("Ctrl+Shift+P"), window)

    def toggle() -> None:
        out = not printer.faults.paper_out
        printer.set_faults(paper_out=out)
        if out:
            vm.report(
                Tone.WARNING,
                QCoreApplication.translate("BenchApp", "Practice: the printer is out of labels"),
                QCoreApplication.translate(
                    "BenchApp",
                    "Pack an order: its label is kept. Ctrl+Shift+P puts the labels back; "
                    "then F5 prints it (or it prints by itself shortly).",
                ),
            )
        else:
            vm.report(
                Tone.READY,
                QCoreApplication.translate("BenchApp", "Practice: labels are back in"),
                QCoreApplication.translate("BenchApp", "F5 prints the held labels now."),
            )

    shortcut.activated.connect(toggle)
    return shortcut


async def smoke_test(world: SandboxWorld, window: StationWindow, vm: PackViewModel) -> int:
    """Pack demo order A100 from scripted scans, as a packer would (``demo --smoke-test``)."""
    await _until(lambda: vm.ready(), 30)
    with world.sandbox.state.lock:
        feed = dict(world.sandbox.state.merchant_orders)
    document = feed["A100"]
    scans = ["A100"] + [
        item["ean"] for item in document["items"] for _ in range(int(item["quantity"]))
    ]
    for code in scans:
        window.route_scan(code)
    await _until(lambda: vm.idle() and vm.banner.tone is not Tone.WORKING, 60)
    banner = vm.banner
    printed = world.printer.jobs() if world.printer is not None else []
    if banner.tone is not Tone.SUCCESS or not printed:
        sys.stderr.write(f"demo failed: {banner.headline} — {banner.detail}\n")
        return 1
    sys.stdout.write(
        f"demo ok: {len(feed)} orders in the sandbox's merchant feed; packed A100 from "
        f"{len(scans)} scans, {len(printed)} label(s) on the virtual printer "
        f"{world.printer.uri if world.printer is not None else ''}\n"
    )
    sys.stdout.flush()
    return 0


async def _until(predicate: Callable[[], bool], limit_s: float) -> None:
    """Poll ``predicate`` (state spread over Qt objects; for the smoke test only)."""
    async with asyncio.timeout(limit_s):
        while not predicate():  # noqa: ASYNC110 - no single event covers these conditions
            await asyncio.sleep(0.02)
