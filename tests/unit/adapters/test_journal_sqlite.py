"""The SQLite journal and outbox store: round trips, order per order, WAL, its own thread."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from packstation.adapters.journal_sqlite import SqliteJournal, order_from_json, order_to_json
from packstation.domain.cycle import (
    AttemptStatus,
    CyclePlan,
    CycleRecord,
    CycleStatus,
    CycleStep,
    JournalEvent,
    JournalKind,
    LabelAttempt,
    NewOutboxEntry,
    OutboxKind,
    OutboxStatus,
    ParcelPlan,
)
from packstation.domain.shipping import Carrier, LabelFormat
from tests.fakes import an_order

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def a_cycle(cycle_id: str = "c1", order_id: str = "A100", **changes: object) -> CycleRecord:
    """A packing cycle of a two-line order, changed by ``changes``."""
    record = CycleRecord(
        cycle_id=cycle_id,
        order_id=order_id,
        station="bench-1",
        status=CycleStatus.PACKING,
        step=CycleStep.SCANNED,
        created_at=T0,
        updated_at=T0,
        order=an_order(order_id, lines=(("SKU-1", "4006381333931", 2), ("SKU-2", "96385074", 1))),
        scanned=(1, 0),
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def test_the_order_snapshot_round_trips() -> None:
    order = an_order("A104", pudo_id="004694", carrier="mondialrelay:FR")
    assert order_from_json(order_to_json(order)) == order


@pytest.mark.asyncio
async def test_cycles_and_attempts_round_trip(tmp_path: Path) -> None:
    async with SqliteJournal(tmp_path / "j.sqlite3") as journal:
        record = a_cycle()
        await journal.save_cycle(
            record, JournalEvent(kind=JournalKind.CYCLE_OPENED, order_id="A100")
        )
        plan = CyclePlan(
            (ParcelPlan(1, 2, 500), ParcelPlan(2, 2, None)), LabelFormat.ZPL, Carrier("dhl", "DE")
        )
        done = a_cycle(status=CycleStatus.DONE, step=CycleStep.DONE, plan=plan, skip_reason="x")
        await journal.save_cycle(done)
        assert await journal.cycle("c1") == done
        assert await journal.latest_cycle("A100") == done
        assert await journal.cycles(in_flight_only=True) == []

        attempt = LabelAttempt(
            reference_number="bench-1-ab12cd34-A100-P1-V0",
            cycle_id="c1",
            order_id="A100",
            parcel_no=1,
            parcel_count=2,
            generation=0,
            status=AttemptStatus.INTENT,
            label_format=LabelFormat.ZPL,
            carrier=Carrier("dhl", "DE"),
            weight_g=500,
            updated_at=T0,
        )
        await journal.save_attempt(attempt)
        bought = replace(
            attempt,
            status=AttemptStatus.BOUGHT,
            tracking_code="00340434000000000001",
            label_id="9100001",
        )
        await journal.save_attempt(
            bought, JournalEvent(kind=JournalKind.LABEL_BOUGHT, order_id="A100")
        )
        assert await journal.attempts("c1") == [bought]
        assert await journal.find_attempts("00340434000000000001") == [bought]
        assert await journal.find_attempts("A100") == [bought]
        kinds = [e.kind for e in await journal.events(order_id="A100")]
        assert kinds == ["cycle_opened", "label_bought"]


@pytest.mark.asyncio
async def test_outbox_delivers_the_head_of_each_order_only(tmp_path: Path) -> None:
    now = [T0]
    async with SqliteJournal(tmp_path / "j.sqlite3", clock=lambda: now[0]) as journal:
        await journal.enqueue(
            [
                NewOutboxEntry("A100", OutboxKind.ORDER_STATE, {"state": "in_preparation"}),
                NewOutboxEntry("A101", OutboxKind.ORDER_STATE, {"state": "in_preparation"}),
                NewOutboxEntry("A100", OutboxKind.BOARDING_COMPLETE),
            ]
        )
        due = await journal.due(T0)
        assert [(e.order_id, e.kind) for e in due] == [
            ("A100", OutboxKind.ORDER_STATE),
            ("A101", OutboxKind.ORDER_STATE),
        ]
        await journal.reschedule(due[0].id, T0 + timedelta(seconds=30), "7S down")
        assert [e.order_id for e in await journal.due(T0)] == ["A101"]  # A100 waits, in order
        assert await journal.next_attempt_at() == T0
        await journal.delivered(due[1].id)
        await journal.park(due[0].id, "refused for good")
        counts = await journal.counts()
        assert (counts.pending, counts.failed) == (1, 1)
        nxt = await journal.due(T0)
        assert [(e.order_id, e.kind) for e in nxt] == [("A100", OutboxKind.BOARDING_COMPLETE)]
        assert await journal.requeue() == 1
        failed_again = await journal.entries(statuses=(OutboxStatus.PENDING,), order_id="A100")
        assert [e.kind for e in failed_again] == [
            OutboxKind.ORDER_STATE,
            OutboxKind.BOARDING_COMPLETE,
        ]
        assert failed_again[0].attempts == 2
        assert failed_again[0].last_error == "refused for good"


@pytest.mark.asyncio
async def test_wal_mode_a_station_id_that_stays_and_work_off_the_loop_thread(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    async with SqliteJournal(path) as journal:
        uid = await journal.station_uid()
        threads = await journal.read(lambda conn: threading.current_thread().name)
        assert threads.startswith("journal")
        assert threads != threading.current_thread().name
    async with SqliteJournal(path) as again:
        assert await again.station_uid() == uid
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.asyncio
async def test_a_closed_journal_refuses_work(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "j.sqlite3")
    await journal.open()
    await journal.close()
    await journal.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        await journal.append(JournalEvent(kind=JournalKind("x")))


@pytest.mark.asyncio
async def test_the_intent_before_a_purchase_is_synced_and_nothing_else_is(tmp_path: Path) -> None:
    """The intent is committed with ``synchronous=FULL`` (it survives a power cut); the other
    writes keep the connection's ``NORMAL``."""
    async with SqliteJournal(tmp_path / "j.sqlite3") as journal:
        statements: list[str] = []
        await journal.read(lambda c: c.set_trace_callback(statements.append))
        intent = LabelAttempt(
            reference_number="PS-A100-P1-V0",
            cycle_id="c1",
            order_id="A100",
            parcel_no=1,
            parcel_count=1,
            generation=0,
            status=AttemptStatus.INTENT,
            label_format=LabelFormat.ZPL,
            carrier=Carrier("dhl", "DE"),
            updated_at=T0,
        )
        await journal.save_attempt(intent)
        during_intent = list(statements)
        statements.clear()
        await journal.save_attempt(replace(intent, status=AttemptStatus.BOUGHT))
        during_bought = list(statements)
        after = await journal.read(lambda c: c.execute("PRAGMA synchronous").fetchone()[0])
        await journal.read(lambda c: c.set_trace_callback(None))

    def position(lines: list[str], start: str) -> int:
        return next(n for n, line in enumerate(lines) if line.strip().startswith(start))

    assert position(during_intent, "PRAGMA synchronous=FULL") < position(
        during_intent, "INSERT INTO journal_labels"
    )
    assert position(during_intent, "COMMIT") < position(during_intent, "PRAGMA synchronous=NORMAL")
    assert not any("synchronous" in line for line in during_bought)
    assert after == 1  # NORMAL again
