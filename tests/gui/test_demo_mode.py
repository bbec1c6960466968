"""Demo mode as `packstation demo` composes it: sandbox, virtual printer, PDF labels, practice.

The whole composition root runs (``BenchApp.run``); scans are typed as key events into the
window and go through its wedge filter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from packstation.composition.bench.app import BenchApp
from packstation.settings.paths import default_config_file
from packstation.ui.theme import Tone
from tests.conftest import MemoryKeyring
from tests.gui.conftest import RunAsync, wait_until


@pytest.fixture(autouse=True)
def _app_keeps_running(qapp: QApplication) -> Iterator[None]:
    """As in run_gui: the window closing at the end must not quit the test's application."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


def focused(bench: BenchApp) -> QWidget:
    widget = QApplication.focusWidget()
    return widget if widget is not None else bench.packing.entry


def scan(bench: BenchApp, code: str) -> None:
    QTest.keyClicks(focused(bench), code)
    QTest.keyClick(focused(bench), Qt.Key.Key_Return)


def press(bench: BenchApp, key: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> None:
    QTest.keyClick(focused(bench), key, modifiers or Qt.KeyboardModifier.NoModifier)


async def settled(bench: BenchApp) -> Tone:
    await wait_until(lambda: bench.vm.idle() and bench.vm.banner.tone is not Tone.WORKING, 20)
    return bench.vm.banner.tone


def test_demo_packs_with_pdf_labels_and_lets_a_trainee_practise_a_printer_fault(
    qapp: QApplication, qtbot: QtBot, run_async: RunAsync[Any]
) -> None:
    bench = BenchApp(qapp, {}, demo=True)

    async def demo() -> int:
        running = asyncio.ensure_future(bench.run())
        await wait_until(lambda: bench.window.isVisible() and bench.vm.ready(), 30)
        assert bench.window.demo_badge.isVisible()
        scan(bench, "A105")
        scan(bench, "4260123450106")  # its only item: the label is bought and printed
        assert await settled(bench) is Tone.SUCCESS, bench.vm.banner
        await wait_until(lambda: bench.packing.preview.view is not None, 10)
        preview = bench.packing.preview.view
        assert preview is not None
        assert preview.image is not None  # the PDF label, rendered
        assert preview.image.width() > 100

        press(
            bench,
            Qt.Key.Key_P,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert bench.vm.banner.headline == "Practice: the printer is out of labels"
        scan(bench, "A100")
        for code in ("4006381333931", "4006381333931", "4260123450052"):
            scan(bench, code)
        assert await settled(bench) is Tone.ERROR
        assert bench.vm.banner.headline == "The label did not print: the labels have run out"

        press(
            bench,
            Qt.Key.Key_P,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        press(bench, Qt.Key.Key_F5)
        assert await settled(bench) is Tone.SUCCESS, bench.vm.banner
        assert bench.vm.banner.headline == "Done — next order"
        bench.quit.set()
        return await running

    assert run_async(demo()) == 0


def test_demo_mode_writes_no_settings_file_and_no_key_and_shows_what_it_runs_on(
    qapp: QApplication,
    qtbot: QtBot,
    run_async: RunAsync[Any],
    station_env: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    bench = BenchApp(qapp, {}, demo=True)
    messages: list[tuple[str, Any]] = []
    bench.settings_vm.message_changed.connect(lambda text, tone: messages.append((text, tone)))

    async def demo() -> int:
        running = asyncio.ensure_future(bench.run())
        await wait_until(lambda: bench.window.isVisible() and bench.vm.ready(), 30)
        world = bench.world
        assert world is not None
        assert world.printer is not None
        shown = bench.settings_screen.values()  # what the settings page shows
        assert shown["printer"] == f"{world.printer.uri}?status=zebra"
        assert shown["printer_language"] == "pdf"
        assert shown["order_source"] == world.sandbox.merchant_feed_url

        bench.settings_vm.store_key("uat", "real-uat-key")
        assert messages[-1][1] is Tone.ERROR
        assert "stores no access key" in messages[-1][0]

        values = bench.settings_page.values()
        values["sound_volume"] = 7.0  # not valid: refused, nothing kept
        bench.settings_vm.save(values)
        assert messages[-1][1] is Tone.ERROR
        assert messages[-1][0] == "Not saved: Sound volume may be at most 1."
        assert bench.settings.sound_volume != 7.0

        values = bench.settings_page.values()
        values["language"] = "de"
        values["sound_volume"] = 0.25
        try:
            bench.settings_vm.save(values)
            text, tone = messages[-1]
            assert tone is Tone.SUCCESS, text
            # the language just saved words the message, the badge and the key's state
            # (issue 17: these stayed English in a German window)
            assert "In die Einstellungsdatei wird nichts geschrieben" in text
            assert bench.window.demo_badge.text() == "DEMO · keine echten Labels"
            key_state = bench.settings_page.key_state.text
            # the window re-words itself on Qt's LanguageChange, delivered by the event loop
            await wait_until(lambda: key_state().startswith("Die Sandbox braucht keinen"))
            assert bench.settings.language == "de"
            assert bench.settings.sound_volume == 0.25
            assert not bench.restart.is_set()  # live settings: the demo station keeps running
        finally:
            bench.language.apply("en")  # the next test reads English
        bench.quit.set()
        return await running

    assert run_async(demo()) == 0
    assert not default_config_file().exists()  # the real settings file was never written
    assert not (station_env / "packstation.toml").exists()
    assert memory_keyring.secrets == {}  # nor the keyring
    assert not any((station_env / "xdg_data_home").glob("**/journal.sqlite3"))  # nor data
