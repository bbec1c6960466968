"""Starting the station through the real composition root when its journal cannot be used."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from packstation.composition.bench.app import BenchApp
from packstation.sandbox import SandboxServer
from packstation.ui.pack_viewmodel import Banner
from packstation.ui.theme import Tone
from tests.gui.conftest import RunAsync, wait_until


def test_a_journal_from_a_newer_version_stops_the_start_with_the_reason(
    qapp: QApplication, run_async: RunAsync[Any], station_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = station_env / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "journal.sqlite3")
    conn.execute("CREATE TABLE from_a_newer_packstation (x)")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    (station_env / "printed").mkdir()
    with SandboxServer(seed="demo") as sandbox:
        monkeypatch.setenv("PACKSTATION_ENVIRONMENT", "custom")
        monkeypatch.setenv("PACKSTATION_API_URL", sandbox.base_url)
        monkeypatch.setenv("PACKSTATION_ACCESS_KEY", sandbox.access_key)
        monkeypatch.setenv("PACKSTATION_ORDER_SOURCE", sandbox.merchant_feed_url)
        monkeypatch.setenv("PACKSTATION_PRINTER", (station_env / "printed").as_uri())
        bench = BenchApp(qapp, {"data_dir": data}, demo=False)

        async def start() -> tuple[Banner, int]:
            running = asyncio.ensure_future(bench.run())
            await wait_until(lambda: bench.vm.banner.tone is Tone.ERROR, 30)
            banner = bench.vm.banner
            bench.quit.set()
            return banner, await running

        banner, code = run_async(start())

    assert code == 0
    assert banner.headline == "The station cannot start"
    # the journal's own English sentence, quoted behind words that say it is English
    assert banner.detail.startswith("The reason, in English: “")
    assert "was written by a newer version of packstation" in banner.detail
    assert "database version 999" in banner.detail
    conn = sqlite3.connect(data / "journal.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone() == (999,)
    conn.close()


def test_settings_that_are_not_valid_stop_the_start_named_in_the_windows_words(
    qapp: QApplication, run_async: RunAsync[Any], station_env: Path
) -> None:
    (station_env / "packstation.toml").write_text("printer_dpi = 50\n", encoding="utf-8")
    bench = BenchApp(qapp, {"data_dir": station_env / "data", "language": "de"}, demo=False)
    try:
        assert "printer_dpi" in bench.settings_problem  # the log's English

        async def start() -> tuple[Banner, int]:
            running = asyncio.ensure_future(bench.run())
            await wait_until(lambda: bench.vm.banner.tone is Tone.ERROR, 30)
            banner = bench.vm.banner
            bench.quit.set()
            return banner, await running

        banner, code = run_async(start())
    finally:
        bench.language.apply("en")
    assert code == 0
    assert banner.headline == "Der Packplatz kann nicht starten"
    assert banner.detail.startswith("Auflösung (dpi) muss mindestens 100 sein.")
    assert "Input should" not in banner.detail  # never pydantic's own text


def test_a_serial_scanner_that_cannot_be_opened_is_named_in_the_windows_words(
    qapp: QApplication, run_async: RunAsync[Any], station_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The station starts; its serial scanner's port does not exist: the German window says so
    in German (which port, what to check), never the port's own English error."""
    data = station_env / "data"
    (station_env / "printed").mkdir()
    port = str(station_env / "no-such-tty")
    with SandboxServer(seed="demo") as sandbox:
        monkeypatch.setenv("PACKSTATION_ENVIRONMENT", "custom")
        monkeypatch.setenv("PACKSTATION_API_URL", sandbox.base_url)
        monkeypatch.setenv("PACKSTATION_ACCESS_KEY", sandbox.access_key)
        monkeypatch.setenv("PACKSTATION_ORDER_SOURCE", sandbox.merchant_feed_url)
        monkeypatch.setenv("PACKSTATION_PRINTER", (station_env / "printed").as_uri())
        bench = BenchApp(
            qapp, {"data_dir": data, "language": "de", "scanner_serial_port": port}, demo=False
        )
        try:

            async def start() -> tuple[Banner, int]:
                running = asyncio.ensure_future(bench.run())
                await wait_until(lambda: "serielle Scanner" in bench.vm.banner.headline, 30)
                banner = bench.vm.banner
                bench.quit.set()
                return banner, await running

            banner, code = run_async(start())
        finally:
            bench.language.apply("en")

    assert code == 0
    assert banner.tone is Tone.WARNING
    assert banner.headline == "Der serielle Scanner ist nicht verfügbar"
    assert banner.detail.startswith(f"Port {port} lässt sich nicht öffnen")
    assert banner.detail.endswith("Tastatur-Scanner funktionieren weiterhin.")
    assert "cannot be opened" not in banner.detail  # not the port's English
    assert "Errno" not in banner.detail
