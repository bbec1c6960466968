"""The demo window lists the sandbox's orders, fetched over real loopback HTTP."""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from packstation.adapters.sevensenders_http import HttpShippingApi
from packstation.sandbox import SandboxServer
from packstation.ui.demo_window import DemoInfo, DemoViewModel, DemoWindow
from packstation.ui.tasks import TaskRunner
from tests.gui.conftest import RunAsync, wait_until

INFO = DemoInfo(api_url="http://sandbox/v2", access_key_hint="test-access-key", feed_url="x")


def test_orders_load_and_reload_with_f5(qtbot: QtBot, run_async: RunAsync[Any]) -> None:
    with SandboxServer(seed="demo") as sandbox:

        async def scenario() -> None:
            async with httpx.AsyncClient() as http:
                api = HttpShippingApi(http, sandbox.base_url, sandbox.access_key)
                vm = DemoViewModel(api, TaskRunner())
                window = DemoWindow(vm, INFO)
                qtbot.addWidget(window)
                window.show()
                vm.refresh()
                await wait_until(lambda: window.table.rowCount() > 0)
                await wait_until(vm.runner.is_idle)
                cells = [window.table.item(r, 0) for r in range(window.table.rowCount())]
                ids = {cell.text() for cell in cells if cell is not None}
                assert {"A100", "A101", "A104"} <= ids
                assert window.refresh_button.isEnabled()

                sandbox.control.reset("empty")
                QTest.keyClick(window, Qt.Key.Key_F5)
                await wait_until(lambda: window.table.rowCount() == 0)
                await wait_until(vm.runner.is_idle)
                assert "0 orders" in window.statusBar().currentMessage()

        run_async(scenario())


def test_unreachable_api_is_reported_and_button_comes_back(
    qtbot: QtBot, run_async: RunAsync[Any]
) -> None:
    with SandboxServer(seed="demo") as sandbox:
        sandbox.control.fail_next("/v2/orders", status=503, count=10)

        async def scenario() -> None:
            async with httpx.AsyncClient() as http:

                async def no_wait(_delay: float) -> None:
                    return None

                api = HttpShippingApi(http, sandbox.base_url, sandbox.access_key, sleep=no_wait)
                vm = DemoViewModel(api, TaskRunner())
                window = DemoWindow(vm, INFO)
                qtbot.addWidget(window)
                vm.refresh()
                await wait_until(vm.runner.is_idle)
                assert "Could not load orders" in window.statusBar().currentMessage()
                assert window.refresh_button.isEnabled()
                assert window.table.rowCount() == 0

        run_async(scenario())
