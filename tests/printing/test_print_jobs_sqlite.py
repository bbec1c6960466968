"""The print queue's SQLite store: its own table, WAL, jobs survive reopening."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.adapters.print_jobs_sqlite import SqlitePrintJobStore
from packstation.adapters.station_db import LATEST
from packstation.domain.cycle import JournalEvent, JournalKind
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import PrinterFault, PrintOutcome
from packstation.domain.shipping import LabelDocument, LabelFormat

T0 = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
DOCUMENT = LabelDocument(b"^XA^FDx^FS^XZ", "text/plain", LabelFormat.ZPL)


def a_job(job_id: str, state: PrintJobState, minutes: int = 0, **extra: Any) -> PrintJob:
    at = T0 + timedelta(minutes=minutes)
    job = PrintJob(
        id=job_id,
        printer_uri="tcp://10.0.0.5:9100",
        job_name=f"Label {job_id}",
        document=DOCUMENT,
        state=state,
        created_at=at,
        updated_at=at,
    )
    return replace(job, **extra)


@pytest.mark.asyncio
async def test_a_job_round_trips_with_every_field(tmp_path: Path) -> None:
    job = a_job(
        "j1",
        PrintJobState.HELD,
        attempts=2,
        outcome=PrintOutcome.HELD,
        detail="the labels have run out",
        faults=(PrinterFault.PAPER_OUT, PrinterFault.HEAD_OPEN),
        warnings=("made for 203 dpi",),
        next_attempt_at=T0 + timedelta(seconds=4),
        printer_job_id="Q-12",
        reference="A100",
        reprint_of="j0",
        moved_to=None,
    )
    async with SqlitePrintJobStore(tmp_path / "station.sqlite3") as store:
        await store.save(job)
    async with SqlitePrintJobStore(tmp_path / "station.sqlite3") as store:
        assert await store.get("j1") == job
        assert await store.get("nope") is None


@pytest.mark.asyncio
async def test_listing_filters_orders_and_limits(tmp_path: Path) -> None:
    async with SqlitePrintJobStore(tmp_path / "station.sqlite3") as store:
        for i, state in enumerate(
            [PrintJobState.PRINTED, PrintJobState.HELD, PrintJobState.SENDING, PrintJobState.HELD]
        ):
            await store.save(a_job(f"j{i}", state, minutes=i))
        await store.save(a_job("j1", PrintJobState.HELD, minutes=1, attempts=5))  # an update

        held = await store.list_jobs(states=(PrintJobState.HELD,))
        newest_two = await store.list_jobs(limit=2)
        everything = await store.list_jobs()
        other_printer = await store.list_jobs(printer_uri="cups://Zebra")

    assert [j.id for j in held] == ["j1", "j3"]
    assert held[0].attempts == 5
    assert [j.id for j in newest_two] == ["j2", "j3"]
    assert [j.id for j in everything] == ["j0", "j1", "j2", "j3"]
    assert other_printer == []


@pytest.mark.asyncio
async def test_prune_forgets_old_finished_jobs_and_keeps_held_ones(tmp_path: Path) -> None:
    async with SqlitePrintJobStore(tmp_path / "station.sqlite3") as store:
        await store.save(a_job("old-printed", PrintJobState.PRINTED))
        await store.save(a_job("old-held", PrintJobState.HELD))
        await store.save(a_job("new-printed", PrintJobState.PRINTED, minutes=90))

        removed = await store.prune(T0 + timedelta(minutes=60))
        left = [j.id for j in await store.list_jobs()]

    assert removed == 1
    assert left == ["old-held", "new-printed"]


@pytest.mark.asyncio
async def test_it_shares_the_database_file_and_touches_only_its_table(tmp_path: Path) -> None:
    database = tmp_path / "station.sqlite3"
    async with SqliteJournal(database) as journal:  # another store of the station, same file
        await journal.append(JournalEvent(JournalKind.SCAN, order_id="A100", at=T0))

    def other_rows() -> dict[str, list[tuple[Any, ...]]]:
        with sqlite3.connect(database) as conn:
            names = [
                r[0]
                for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                if r[0] != "print_jobs"
            ]
            rows = {name: sorted(conn.execute(f"SELECT * FROM {name}")) for name in names}
        conn.close()
        return rows

    before = other_rows()
    async with SqlitePrintJobStore(database) as store:
        await store.save(a_job("j1", PrintJobState.PRINTED))

    with sqlite3.connect(database) as check:
        tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        mode = check.execute("PRAGMA journal_mode").fetchone()[0]
        version = check.execute("PRAGMA user_version").fetchone()[0]
        events = check.execute("SELECT kind, order_id FROM journal_events").fetchall()
        jobs = check.execute("SELECT id FROM print_jobs").fetchall()
    check.close()
    assert {"journal_events", "print_jobs"} <= tables
    assert mode == "wal"
    assert version == LATEST  # one schema version for the whole station file
    assert events == [("scan", "A100")]
    assert jobs == [("j1",)]
    assert other_rows() == before  # the print queue wrote no row of any other table


@pytest.mark.asyncio
async def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = SqlitePrintJobStore(tmp_path / "station.sqlite3")
    await store.open()
    await store.close()
    with pytest.raises(RuntimeError, match="closed"):
        await store.get("j1")
