"""Shift mode (issue 15): the warehouse's benches and claimed orders in the window, read from a
real PostgreSQL (a private server of the test session), refreshed by polling, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.adapters.warehouse_pg import PostgresWarehouse
from packstation.domain.dispatch import PickupSchedule
from packstation.domain.warehouse import BenchId, ShiftFigures, WarehouseCustoms
from packstation.sandbox import SandboxServer, VirtualPrinter
from packstation.sandbox.postgres import free_port
from packstation.services.warehouse import WarehouseLink
from packstation.ui.shift_mode import ShiftMode
from packstation.ui.shift_viewmodel import ShiftViewModel
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.workflow_bench import key, open_workflow_bench
from tests.pg_support import postgres_server, warehouse_db  # noqa: F401  (fixtures)


def cells(mode: ShiftMode, row: int) -> list[str]:
    table = mode.benches
    return [table.item(row, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]


def claims(mode: ShiftMode) -> list[str]:
    return [mode.claims.item(i).text() for i in range(mode.claims.count())]


def test_the_shift_page_shows_the_benches_and_claims_and_refreshes_itself(
    qtbot: QtBot,
    run_async: RunAsync[Any],
    warehouse_db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        one = WarehouseLink(
            PostgresWarehouse(warehouse_db),
            journal,
            BenchId("k1", "bench-1"),
            packer="Anna",
            pickups=PickupSchedule.parse(["Mon-Sun 16:00"]),
        )
        two = WarehouseLink(
            PostgresWarehouse(warehouse_db), journal, BenchId("k2", "bench-2"), packer="Ben"
        )
        dead = WarehouseLink(
            PostgresWarehouse(f"postgresql://x@127.0.0.1:{free_port()}/wh"),
            journal,
            BenchId("k1", "bench-1"),
        )
        store_up = True

        async def source() -> ShiftFigures | None:
            return await (one.shift() if store_up else dead.shift())

        runner = TaskRunner()
        vm = ShiftViewModel(source, runner, poll_s=0.2)
        mode = ShiftMode(vm)
        qtbot.addWidget(mode)
        try:
            await one.heartbeat()
            await two.heartbeat()
            await one.claim("A100")
            mode.show()  # on screen: it asks the store, and again every poll
            await wait_until(lambda: mode.benches.rowCount() == 2 and len(claims(mode)) == 1)
            assert cells(mode, 0)[:3] == ["bench-1", "online", "Anna"]
            assert cells(mode, 1)[:3] == ["bench-2", "online", "Ben"]
            assert cells(mode, 0)[3] == "0 (0 last hour)"
            assert claims(mode)[0].startswith("A100: bench-1 · Anna · since ")
            assert "2 of 2 benches online" in mode.message.headline.text()
            assert mode.manifest.text().startswith("Next manifest due: pick-up ")
            assert " 16:00, 0 customs shipment(s)" in mode.manifest.text()
            # bench-2 has a customs shipment of a pick-up gone by: that manifest is overdue
            late = datetime.now(UTC) - timedelta(hours=1)
            await two.publish_customs([WarehouseCustoms("s1", "A105", 1, "", late)])
            await wait_until(lambda: "OVERDUE" in mode.manifest.text())
            assert (
                f"pick-up {late.astimezone():%Y-%m-%d %H:%M}, 1 customs shipment(s) (bench-2)"
                in (mode.manifest.text())
            )

            await two.claim("A101")  # nothing pressed: the next poll shows it
            await wait_until(lambda: len(claims(mode)) == 2)
            assert claims(mode)[1].startswith("A101: bench-2 · Ben · since ")

            store_up = False  # the store goes away: said so, the last figures stay
            await wait_until(lambda: mode.message.message.tone is Tone.ERROR)
            assert mode.message.headline.text() == "The warehouse store does not answer"
            assert "The figures below are from " in mode.message.detail.text()
            assert mode.benches.rowCount() == 2

            mode.hide()  # off screen: no more polling
            assert not vm.watching
        finally:
            vm.stop()
            await runner.drain(5)
            for link in (one, two, dead):
                await link.store.close()

    run_async(scenario())


def test_beyond_200_held_orders_the_shift_page_counts_the_rest(
    qtbot: QtBot,
    run_async: RunAsync[Any],
    warehouse_db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        link = WarehouseLink(
            PostgresWarehouse(warehouse_db),
            SqliteJournal(tmp_path / "j.sqlite3"),
            BenchId("k1", "bench-1"),
            packer="Anna",
        )
        runner = TaskRunner()
        vm = ShiftViewModel(link.shift, runner, poll_s=0.2)
        mode = ShiftMode(vm)
        qtbot.addWidget(mode)
        try:
            await link.heartbeat()
            with psycopg.connect(warehouse_db, autocommit=True) as conn:  # 205 held orders
                conn.execute(
                    "INSERT INTO order_claims (order_id, bench_key, bench_name, expires_at) "
                    "SELECT 'H' || g, 'k1', 'bench-1', now() + interval '1 hour' "
                    "FROM generate_series(1, 205) g"
                )
            mode.show()
            await wait_until(lambda: len(claims(mode)) == 201)
            assert claims(mode)[-1] == "+5 more"
            assert all(c.startswith("H") for c in claims(mode)[:200])
        finally:
            vm.stop()
            await runner.drain(5)
            await link.store.close()

    run_async(scenario())


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="demo") as server:
        yield server


@pytest.fixture(scope="module")
def printer_server() -> Iterator[VirtualPrinter]:
    with VirtualPrinter() as printer:
        yield printer


def test_a_bench_with_a_warehouse_store_has_the_shift_mode_on_ctrl_6(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    sandbox_server: SandboxServer,
    printer_server: VirtualPrinter,
    warehouse_db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    sandbox_server.control.reset("demo")

    async def scenario() -> None:
        async with open_workflow_bench(
            qapp,
            sandbox_server,
            printer_server,
            tmp_path,
            warehouse_db=warehouse_db,
            station_name="bench-7",
            packer_name="Cleo",
        ) as wb:
            assert wb.modes.shift is not None
            wb.bench.window.activateWindow()
            key(Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
            mode = wb.bench.window.mode_widget("shift")
            assert isinstance(mode, ShiftMode)
            await wait_until(lambda: mode.isVisible() and mode.benches.rowCount() == 1, 15)
            assert cells(mode, 0)[:3] == ["bench-7", "online", "Cleo"]
            # the window's view listens to the store (LISTEN/NOTIFY) rather than polling
            shift = wb.modes.shift
            await wait_until(lambda: shift.watch.listening, 15)

    run_async(scenario())
