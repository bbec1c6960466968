"""The settings mode (keyboard only) through the real composition root, and German on screen."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.composition.bench.app import BenchApp
from packstation.settings.access_key import get_access_key
from packstation.ui.settings_viewmodel import SettingsViewModel
from packstation.ui.theme import Tone
from tests.conftest import MemoryKeyring
from tests.gui.conftest import RunAsync, wait_until


@pytest.fixture
def bench_app(qapp: QApplication, station_env: Path) -> Iterator[BenchApp]:
    bench = BenchApp(qapp, {"data_dir": station_env / "data"}, demo=False)
    bench.language.apply("en")
    bench.window.show()
    try:
        yield bench
    finally:
        bench.language.apply("en")  # the next test reads English
        bench.window.hide()  # never close(): the last window closing would quit the app
        bench.window.deleteLater()


def test_saving_settings_from_the_keyboard_writes_the_file_and_takes_effect(
    qtbot: QtBot, run_async: RunAsync[Any], bench_app: BenchApp, station_env: Path
) -> None:
    page = bench_app.settings_page
    messages: list[tuple[str, Any]] = []
    bench_app.settings_vm.message_changed.connect(lambda text, tone: messages.append((text, tone)))

    async def scenario() -> None:
        QTest.keyClick(bench_app.window, Qt.Key.Key_F10)  # the settings mode
        assert bench_app.window.mode() == "settings"
        page.packer_name.setFocus()
        QTest.keyClicks(page.packer_name, "Jo")
        page.language.setFocus()
        QTest.keyClick(page.language, Qt.Key.Key_End)  # the last language: Deutsch
        QTest.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        await wait_until(lambda: bool(messages))

    run_async(scenario())
    text, tone = messages[-1]
    assert tone is Tone.SUCCESS, text
    assert text.startswith("In "), text  # worded in the language just saved (issue 17)
    assert "gespeichert" in text, text
    data = tomllib.loads((station_env / "packstation.toml").read_text())
    assert data["packer_name"] == "Jo"
    assert data["language"] == "de"
    assert "access_key" not in data
    assert bench_app.restart.is_set()  # the packer name needs the station restarted
    # the language is in force at once: the window speaks German
    assert bench_app.packing.buttons["finish"].text() == "F2\nFertig"
    assert page.save_button.text() == "Speichern (Strg+S)"
    assert bench_app.window.mode_widget("packing") is bench_app.packing


def test_the_access_key_goes_to_the_keyring_and_a_missing_keyring_is_explained(
    qtbot: QtBot,
    run_async: RunAsync[Any],
    bench_app: BenchApp,
    memory_keyring: MemoryKeyring,
) -> None:
    vm = bench_app.settings_vm
    page = bench_app.settings_page
    states: list[str] = []
    messages: list[str] = []
    vm.key_state_changed.connect(states.append)
    vm.message_changed.connect(lambda text, _tone: messages.append(text))
    page.environment.setCurrentIndex(page.environment.findData("uat"))
    assert "No access key for UAT (test) is stored yet" in states[-1]
    page.access_key.setFocus()
    QTest.keyClicks(page.access_key, "uat-key-123")
    vm.store_key("uat", page.access_key.text())
    assert get_access_key("uat") == "uat-key-123"
    assert "stored in the OS keyring" in states[-1]
    assert not any("uat-key-123" in m for m in messages + states)

    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        vm.check_key("production")
        assert "no secure password store" in states[-1]
        vm.store_key("production", "prod-key")
        assert "no secure password store" in messages[-1]
        assert "PACKSTATION_ACCESS_KEY" in messages[-1]
    finally:
        keyring.set_keyring(memory_keyring)


def test_invalid_settings_are_not_saved(
    qtbot: QtBot, bench_app: BenchApp, station_env: Path
) -> None:
    vm: SettingsViewModel = bench_app.settings_vm
    messages: list[tuple[str, Any]] = []
    vm.message_changed.connect(lambda text, tone: messages.append((text, tone)))
    values = bench_app.settings_page.values()
    values["carrier"] = "not a carrier"
    vm.save(values)
    text, tone = messages[-1]
    assert tone is Tone.ERROR
    assert text == (  # the setting by its name and what it allows, not pydantic's text
        "Not saved: Carrier does not take this value. Allowed: a carrier and its country, "
        "e.g. dhl:DE."
    )
    assert not (station_env / "packstation.toml").exists()


def test_invalid_settings_are_named_in_german_with_what_they_allow(
    qtbot: QtBot, bench_app: BenchApp, station_env: Path
) -> None:
    bench_app.language.apply("de")
    vm: SettingsViewModel = bench_app.settings_vm
    messages: list[tuple[str, Any]] = []
    vm.message_changed.connect(lambda text, tone: messages.append((text, tone)))
    values = bench_app.settings_page.values()
    vm.save({**values, "printer_dpi": 50, "scanner_baudrate": 1_000_000})
    text, tone = messages[-1]
    assert tone is Tone.ERROR
    assert text == (
        "Nicht gespeichert: Auflösung (dpi) muss mindestens 100 sein. Baudrate darf höchstens "
        "921.600 sein."
    )
    vm.save({**values, "printer_language": "postscript"})
    assert messages[-1][0] == (
        "Nicht gespeichert: Druckersprache muss einer dieser Werte sein: zpl, escpos, pdf."
    )
    assert not (station_env / "packstation.toml").exists()


def test_the_packing_screen_in_german(qtbot: QtBot, bench_app: BenchApp) -> None:
    bench_app.language.apply("de")
    bench_app.vm.retranslate()
    screen = bench_app.packing
    qtbot.waitUntil(lambda: screen.buttons["skip"].text() == "F8\nOhne Prüfung")
    assert screen.buttons["skip"].text() == "F8\nOhne Prüfung"
    assert screen.items.horizontalHeaderItem(1).text() == "Artikel"  # type: ignore[union-attr]
    assert screen.header.captions["destination"].text() == "ZIEL"
    assert screen.banner.headline.text() == "Packplatz wird gestartet …"
    assert bench_app.window.windowTitle() == "packstation – Packplatz"
    bench_app.language.apply("en")
    qtbot.waitUntil(lambda: screen.buttons["skip"].text() == "F8\nSkip check")
