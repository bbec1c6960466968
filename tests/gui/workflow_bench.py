"""The packing bench with the workflow modes installed, as the bench composition root does it.

``open_workflow_bench`` opens the test bench of ``tests/gui/bench.py`` (the real window on the
real station, the sandbox over loopback), builds the workflows on the same station
(``open_workflows``) and installs the modes with ``modes.install_workflow_modes``; polling
is fast so tests wait on side effects, not on timers.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from packstation.composition.bench.modes import WorkflowModes, install_workflow_modes
from packstation.composition.connection import Connection
from packstation.composition.workflows import Workflows, open_workflows
from packstation.sandbox import SandboxServer, VirtualPrinter
from tests.gui.bench import Bench, open_bench


@dataclass
class WorkflowBench:
    bench: Bench
    modes: WorkflowModes
    workflows: Workflows

    def mode_widget(self, key: str) -> Any:
        widget = self.bench.window.mode_widget(key)
        assert widget is not None, f"no {key} mode"
        return widget


async def type_text(text: str, widget: QWidget | None = None, *, enter: bool = True) -> None:
    """Typed by a person: the keys, a pause (the wedge filter hands them on), then Return."""
    target = widget or QApplication.focusWidget()
    assert target is not None
    QTest.keyClicks(target, text)
    await asyncio.sleep(0.12)
    if enter:
        QTest.keyClick(QApplication.focusWidget() or target, Qt.Key.Key_Return)
        await asyncio.sleep(0)


async def type_slowly(text: str) -> None:
    """One key at a time into whatever has focus (a table cell's editor opens on the first)."""
    for char in text:
        focus = QApplication.focusWidget()
        assert focus is not None
        QTest.keyClicks(focus, char)
        await asyncio.sleep(0.08)


def key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget() or QApplication.activeWindow()
    assert focus is not None
    QTest.keyClick(focus, key, modifier)


@contextlib.asynccontextmanager
async def open_workflow_bench(
    qapp: QApplication,
    sandbox: SandboxServer,
    printer: VirtualPrinter,
    data_dir: Path,
    **extra: Any,
) -> AsyncIterator[WorkflowBench]:
    async with open_bench(qapp, sandbox, printer, data_dir, **extra) as bench:
        connection = Connection(
            base_url=sandbox.base_url,
            access_key=sandbox.access_key,
            feed_url=sandbox.merchant_feed_url,
            is_sandbox=True,
        )
        async with open_workflows(bench.settings, connection, station=bench.station) as wf:
            modes = install_workflow_modes(
                bench.window,
                bench.station,
                wf,
                bench.settings,
                reminder_poll_s=0.1,
                status_poll_s=0.1,
            )
            try:
                yield WorkflowBench(bench, modes, wf)
            finally:
                modes.stop()
                await bench.runner.drain(5)
                modes.close()
