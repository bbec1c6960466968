"""The first-start set-up, driven by the keyboard alone, on a fake settings backend.

The wizard uses the settings screen's view-model; the backend here keeps the file, the keyring
and the printer in memory, the way the composition root's would write them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from packstation.composition.bench.app import BenchApp
from packstation.composition.bench.run import needs_first_run
from packstation.domain.keyboard_layouts import KeyboardLayout, retype, scanner_test_code
from packstation.domain.printing import (
    PrinterStatus,
    PrintOutcome,
    PrintResult,
)
from packstation.domain.settings_problems import KeyNotStored, KeyStoreProblem
from packstation.sandbox import SandboxServer, VirtualPrinter
from packstation.settings.paths import default_config_file
from packstation.ui.first_run import FirstRunChoice, FirstRunWizard, Step, ask_first_run
from packstation.ui.settings_viewmodel import SettingsBackend, SettingsViewModel
from packstation.ui.tasks import TaskRunner
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.keyboard import Layout, WedgeScanner

DEFAULTS: dict[str, Any] = {
    "environment": "sandbox",
    "api_url": "",
    "order_source": "",
    "printer": "",
    "printer_language": "zpl",
    "printer_dpi": 203,
    "station_name": "station-1",
}


@dataclass
class FakeStation:
    """The composition root's side: a settings file, a keyring, one printer on the network."""

    keyring: dict[str, str] | None = field(default_factory=dict)  # None: no keyring
    saved: dict[str, Any] = field(default_factory=dict)
    test_prints: list[dict[str, Any]] = field(default_factory=list)

    def backend(self) -> SettingsBackend:
        def save(changes: dict[str, Any]) -> str:
            self.saved.update(changes)
            return "/etc/packstation.toml"

        def key_state(environment: str) -> bool | None:
            return None if self.keyring is None else environment in self.keyring

        def store_key(environment: str, key: str) -> None:
            if self.keyring is None:
                raise KeyNotStored("no keyring", KeyStoreProblem.NO_KEYRING)  # as the root does
            self.keyring[environment] = key

        async def list_printers() -> list[tuple[str, str, str, bool]]:
            return [("tcp://10.0.0.7:9100", "Zebra ZD421", "203 dpi", True)]

        async def test_print(values: dict[str, Any]) -> PrintResult:
            self.test_prints.append(dict(values))
            return PrintResult(PrintOutcome.CONFIRMED, values["printer"])

        async def status(values: dict[str, Any]) -> PrinterStatus:
            return PrinterStatus(ready=True, known=True)

        return SettingsBackend(
            values=lambda: dict(DEFAULTS),
            save=save,
            apply=lambda changes: None,
            key_state=key_state,
            store_key=store_key,
            list_printers=list_printers,
            test_print=test_print,
            printer_status=status,
            config_path="/etc/packstation.toml",
        )


@pytest.fixture(autouse=True)
def _app_keeps_running(qapp: QApplication) -> Iterator[None]:
    """As in the station (run_gui): closing the set-up must not quit the application."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


def open_wizard(qtbot: QtBot, station: FakeStation) -> FirstRunWizard:
    vm = SettingsViewModel(TaskRunner())
    vm.attach(station.backend())
    wizard = FirstRunWizard(vm)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.next_button)
    return wizard


def key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, modifier)


def type_text(text: str) -> None:
    target = QApplication.focusWidget()
    assert isinstance(target, QWidget)
    QTest.keyClicks(target, text)


def test_a_station_is_set_up_with_the_keyboard_alone(
    qtbot: QtBot, run_async: RunAsync[Any]
) -> None:
    station = FakeStation()
    wizard = open_wizard(qtbot, station)
    assert wizard.step() is Step.WELCOME

    async def walk() -> None:
        with qtbot.waitSignal(wizard.setup_done, timeout=5000):
            key(Qt.Key.Key_Return)  # set up this station
            assert wizard.step() is Step.SEVEN_SENDERS
            assert wizard.focusWidget() is wizard.environment
            key(Qt.Key.Key_Down)  # production → UAT
            key(Qt.Key.Key_Return)  # no key typed yet: refused, focus on the key field
            assert wizard.step() is Step.SEVEN_SENDERS
            assert "access key" in wizard.message.text()
            assert wizard.focusWidget() is wizard.access_key
            type_text("uat-secret-key")
            key(Qt.Key.Key_Tab)  # the store button
            assert wizard.focusWidget() is wizard.store_key
            key(Qt.Key.Key_Return)  # stored in the keyring
            assert station.keyring == {"uat": "uat-secret-key"}
            assert "is stored" in wizard.key_state.text()
            assert wizard.step() is Step.SEVEN_SENDERS
            key(Qt.Key.Key_Return)  # on to the orders
            assert wizard.step() is Step.ORDERS
            type_text("/srv/orders")
            key(Qt.Key.Key_Tab)  # Browse…
            key(Qt.Key.Key_Tab)  # station name
            QTest.keyClick(wizard.station_name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_text("bench-3")
            key(Qt.Key.Key_Return)
            assert wizard.step() is Step.PRINTER
            key(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # find printers
            await wait_until(lambda: wizard.printer.count() == 1)
            assert wizard.printer.currentText() == "tcp://10.0.0.7:9100"
            key(Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # test print
            await wait_until(lambda: bool(station.test_prints))
            await wait_until(lambda: "Test label sent" in wizard.printer_state.text())
            assert station.test_prints[0]["printer"] == "tcp://10.0.0.7:9100"
            key(Qt.Key.Key_Return)
            assert wizard.step() is Step.SCANNER
            assert "PS-CMD:TEST:Zy-/Aq1." in wizard.scanner_state.text()  # waiting for it
            with qtbot.waitSignal(wizard.command_sheet_requested, timeout=1000):
                key(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # the sheet to print
            key(Qt.Key.Key_Return)  # no scanner at hand: on without the check
            assert wizard.step() is Step.SUMMARY
            assert "Scanner: not checked yet" in wizard.summary.text()
            assert "bench-3" in wizard.summary.text()
            assert "/srv/orders" in wizard.summary.text()
            key(Qt.Key.Key_Return)  # save and start

    run_async(walk())
    assert station.saved == {
        "environment": "uat",
        "order_source": "/srv/orders",
        "station_name": "bench-3",
        "printer": "tcp://10.0.0.7:9100",
    }
    assert "uat-secret-key" not in repr(station.saved)  # the key is never a setting
    assert wizard.result() == FirstRunWizard.DialogCode.Accepted


def test_escape_goes_back_and_demo_mode_is_one_key_away(
    qtbot: QtBot, run_async: RunAsync[Any]
) -> None:
    station = FakeStation()
    wizard = open_wizard(qtbot, station)

    async def choose() -> FirstRunChoice:
        pending = asyncio.ensure_future(ask_first_run(wizard))
        await asyncio.sleep(0)
        key(Qt.Key.Key_Return)
        assert wizard.step() is Step.SEVEN_SENDERS
        key(Qt.Key.Key_Escape)
        assert wizard.step() is Step.WELCOME
        key(Qt.Key.Key_Escape)  # the first step stays: Esc never throws the set-up away
        assert wizard.isVisible()
        key(Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        return await pending

    assert run_async(choose()) is FirstRunChoice.DEMO
    assert station.saved == {}


def test_a_computer_without_a_keyring_is_told_where_the_key_goes(
    qtbot: QtBot, run_async: RunAsync[Any]
) -> None:
    station = FakeStation(keyring=None)
    wizard = open_wizard(qtbot, station)
    key(Qt.Key.Key_Return)
    assert "no secure password store" in wizard.key_state.text()
    QTest.keyClick(wizard.access_key, Qt.Key.Key_X)
    wizard.access_key.setFocus()
    key(Qt.Key.Key_Return)
    assert wizard.step() is Step.SEVEN_SENDERS
    assert "PACKSTATION_ACCESS_KEY" in wizard.message.text()
    key(Qt.Key.Key_Return)  # understood: go on without a stored key
    assert wizard.step() is Step.ORDERS


def test_closing_the_set_up_is_a_choice_too(qtbot: QtBot, run_async: RunAsync[Any]) -> None:
    wizard = open_wizard(qtbot, FakeStation())

    async def close() -> FirstRunChoice:
        pending = asyncio.ensure_future(ask_first_run(wizard))
        await asyncio.sleep(0)
        wizard.reject()
        return await pending

    assert run_async(close()) is FirstRunChoice.CANCELLED


@pytest.mark.parametrize("env", ["custom"])
def test_a_custom_environment_needs_its_url(
    qtbot: QtBot, run_async: RunAsync[Any], env: str
) -> None:
    station = FakeStation(keyring={"custom": "k"})
    wizard = open_wizard(qtbot, station)
    key(Qt.Key.Key_Return)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    assert wizard.values()["environment"] == env
    key(Qt.Key.Key_Return)
    assert wizard.step() is Step.SEVEN_SENDERS
    assert wizard.focusWidget() is wizard.api_url
    type_text("https://7s.example/v2")
    key(Qt.Key.Key_Return)
    assert wizard.step() is Step.ORDERS
    assert wizard.values()["api_url"] == "https://7s.example/v2"


# ---------------------------------------------------------------------- the composition root


def test_only_a_station_without_any_settings_needs_the_set_up(station_env: Path) -> None:
    assert needs_first_run({})
    assert needs_first_run({"PACKSTATION_ACCESS_KEY": "k", "PACKSTATION_CONFIG": "x"})
    assert not needs_first_run({"PACKSTATION_ENVIRONMENT": "uat"})  # unattended roll-out
    (station_env / "packstation.toml").write_text('environment = "uat"\n', encoding="utf-8")
    assert not needs_first_run({})


def test_the_first_start_opens_the_set_up_and_demo_mode_runs_the_station(
    qapp: QApplication, qtbot: QtBot, run_async: RunAsync[Any]
) -> None:
    """``packstation`` on a new station: the set-up, Alt+D, and the bench runs on the sandbox."""
    bench = BenchApp(qapp, {}, demo=False, first_run=True)

    async def start() -> int:
        running = asyncio.ensure_future(bench.run())
        await wait_until(lambda: isinstance(qapp.activeModalWidget(), FirstRunWizard), 10)
        wizard = qapp.activeModalWidget()
        assert isinstance(wizard, FirstRunWizard)
        assert not bench.window.isVisible()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.next_button)
        key(Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        await wait_until(lambda: bench.window.isVisible() and bench.vm.ready(), 30)
        assert bench.demo
        assert bench.window.demo_badge.isVisible()
        assert not default_config_file().exists()  # demo mode writes no settings
        bench.quit.set()
        return await running

    assert run_async(start()) == 0


def test_the_set_up_saves_and_the_station_starts_on_what_was_entered(
    qapp: QApplication,
    qtbot: QtBot,
    run_async: RunAsync[Any],
    memory_keyring: Any,
    station_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 'custom' 7S (a sandbox here), the key into the keyring, its order feed, its printer,
    and the scanner test barcode scanned through the station's own wedge filter."""
    opened: list[Path] = []
    monkeypatch.setattr("packstation.composition.bench.app.open_document", opened.append)
    device = WedgeScanner(lambda _s: None, (2, 8))
    with SandboxServer(seed="demo") as sandbox, VirtualPrinter() as printer:
        bench = BenchApp(qapp, {"data_dir": station_env / "data"}, demo=False, first_run=True)

        async def set_up() -> int:
            running = asyncio.ensure_future(bench.run())
            await wait_until(lambda: isinstance(qapp.activeModalWidget(), FirstRunWizard), 10)
            wizard = qapp.activeModalWidget()
            assert isinstance(wizard, FirstRunWizard)
            qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.next_button)
            key(Qt.Key.Key_Return)
            wizard.environment.setCurrentIndex(wizard.environment.findData("custom"))
            wizard.api_url.setText(sandbox.base_url)
            wizard.access_key.setText(sandbox.access_key)
            key(Qt.Key.Key_Return)
            assert wizard.step() is Step.ORDERS, wizard.message.text()
            # the order feed's address scanned from a QR code: Shift for ':', into the field
            device.scan(sandbox.merchant_feed_url)
            assert wizard.order_source.text() == sandbox.merchant_feed_url
            key(Qt.Key.Key_Return)
            wizard.printer.setEditText(printer.uri)
            key(Qt.Key.Key_Return)
            assert wizard.step() is Step.SCANNER
            key(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # the command sheet
            await wait_until(lambda: "Saved as" in wizard.sheet_state.text(), 10)
            sheet = station_env / "data" / "command-sheet.pdf"
            assert opened == [sheet]
            text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
            assert scanner_test_code("PS-CMD:") in text
            # a US-layout scanner on a German-layout PC: told plainly, in the set-up
            altered = retype(scanner_test_code("PS-CMD:"), KeyboardLayout.US, KeyboardLayout.DE)
            assert altered is not None
            device.scan(altered)
            assert "different keyboard layouts" in wizard.scanner_state.text()
            assert "Z arrives as Y" in wizard.scanner_state.text()
            device.scan(scanner_test_code("PS-CMD:"), Layout.DE_X11)  # the scanner was set
            assert "Scanner test passed" in wizard.scanner_state.text()
            key(Qt.Key.Key_Return)
            assert "Scanner: Scanner test passed" in wizard.summary.text()
            key(Qt.Key.Key_Return)  # save and start
            await wait_until(lambda: bench.window.isVisible() and bench.vm.ready(), 30)
            assert not bench.demo
            assert bench.settings.environment.value == "custom"
            assert bench.settings.printer == printer.uri
            bench.quit.set()
            return await running

        assert run_async(set_up()) == 0
    saved = (station_env / "packstation.toml").read_text(encoding="utf-8")
    assert 'environment = "custom"' in saved
    assert sandbox.access_key not in saved
    assert memory_keyring.secrets == {("packstation", "access-key:custom"): sandbox.access_key}
