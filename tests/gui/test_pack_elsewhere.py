"""The window tells the packer when another bench packed the order (references per order)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.composition.connection import Connection
from packstation.composition.station import open_station
from packstation.sandbox import SandboxServer, VirtualPrinter
from packstation.sandbox.postgres import PostgresNotInstalled, PrivatePostgres
from packstation.services.packing import CycleReport, OpenOutcome
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, bench_settings, open_bench, order_codes
from tests.gui.conftest import RunAsync
from tests.sandbox_queries import live_labels


def tone(bench: Bench) -> Tone:
    return bench.screen.banner.tone


def test_an_order_packed_at_another_bench_is_named_and_nothing_is_bought(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    sandbox_server: SandboxServer,
    printer_server: VirtualPrinter,
    tmp_path: Path,
) -> None:
    sandbox, printer = sandbox_server, printer_server
    sandbox.control.reset("demo")
    printer.clear_jobs()

    async def scenario() -> None:
        # bench-1 (headless, its own data directory) packs A100 first
        other = bench_settings(sandbox, printer, tmp_path / "bench-1", station_name="bench-1")
        connection = Connection(
            base_url=sandbox.base_url,
            access_key=sandbox.access_key,
            feed_url=sandbox.merchant_feed_url,
            is_sandbox=True,
        )
        async with open_station(other, connection) as first:
            opened = await first.service.open_order("A100")
            assert opened.outcome is OpenOutcome.OPENED
            await first.service.skip_verification("packed by the other bench")
            report = await first.service.finish()
            assert isinstance(report, CycleReport)
        (label,) = live_labels(sandbox, "A100")
        jobs = len(printer.jobs())

        async with open_bench(
            qapp, sandbox, printer, tmp_path / "bench-2", station_name="bench-2"
        ) as bench:
            bench.type_scan("A100")
            await bench.settled()
            headline = bench.screen.banner.headline.text()
            assert headline == "Order A100 is already packed at another bench"
            assert bench.screen.banner.tone is Tone.WARNING
            assert label.tracking_code in bench.banner()
            assert "Reprint them with F6 and a reason" in bench.banner()  # the bench's way
            assert "packstation reprint" not in bench.banner()  # never the command line's words
            for code in order_codes(sandbox, "A100"):  # no order on the bench: nothing counts
                bench.type_scan(code)
                await bench.settled()
        assert len(live_labels(sandbox, "A100")) == 1
        assert len(printer.jobs()) == jobs

    run_async(scenario())


def test_the_window_names_the_bench_holding_the_order_and_shows_the_warehouse_state(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    sandbox_server: SandboxServer,
    printer_server: VirtualPrinter,
    tmp_path: Path,
) -> None:
    try:
        server = PrivatePostgres()
    except PostgresNotInstalled as exc:
        pytest.skip(f"{exc}; scripts/check.sh installs it as root")
    sandbox, printer = sandbox_server, printer_server
    sandbox.control.reset("demo")
    printer.clear_jobs()

    async def scenario() -> None:
        other = bench_settings(
            sandbox,
            printer,
            tmp_path / "bench-1",
            station_name="bench-1",
            packer_name="Anna",
            warehouse_db=server.dsn,
        )
        connection = Connection(
            base_url=sandbox.base_url,
            access_key=sandbox.access_key,
            feed_url=sandbox.merchant_feed_url,
            is_sandbox=True,
        )
        async with (
            open_station(other, connection) as first,
            open_bench(
                qapp,
                sandbox,
                printer,
                tmp_path / "bench-2",
                station_name="bench-2",
                warehouse_db=server.dsn,
            ) as bench,
        ):
            assert (await first.service.open_order("A100")).outcome is OpenOutcome.OPENED
            bench.type_scan("A100")
            await bench.settled()
            assert bench.screen.banner.headline.text() == "Order A100 is being packed at bench-1"
            assert "by Anna since" in bench.banner()
            assert bench.screen.banner.tone is Tone.WARNING
            assert bench.vm._current() is None

            bar = bench.window.station_bar
            await bench.vm._station.refresh()
            assert bar.labels["warehouse"].isVisibleTo(bench.window)
            assert "online" in bar.labels["warehouse"].text()

            server.stop_now()
            await first.service.cancel("bench-1 stops")  # its release waits for the server
            bench.type_scan("A100")  # the store is down: the bench packs alone
            await bench.settled()
            assert bench.vm._current() is not None
            await bench.vm._station.refresh()
            assert "offline — packing alone" in bar.labels["warehouse"].text()
            for code in order_codes(sandbox, "A100"):
                bench.type_scan(code)
                await bench.settled()
            assert tone(bench) is Tone.SUCCESS, bench.banner()
        assert len(live_labels(sandbox, "A100")) == 1

    with server:
        run_async(scenario())
