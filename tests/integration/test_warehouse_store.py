"""The warehouse store on a real PostgreSQL (a private server started by the tests): claims with
lease and heartbeat, versioned migrations, the journal copy, and a bench that goes on when the
server goes away and catches up when it is back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.adapters.warehouse_pg import PostgresWarehouse, check_dsn, describe_dsn
from packstation.adapters.warehouse_schema import MIGRATIONS
from packstation.domain.cycle import JournalEvent, JournalKind
from packstation.domain.warehouse import (
    BenchId,
    ClaimOutcome,
    WarehouseUnavailable,
    held_elsewhere_message,
)
from packstation.sandbox.postgres import PrivatePostgres
from packstation.services.warehouse import WarehouseLink, WarehousePolicy

ONE = BenchId("bench-1-aaaa", "bench-1")
TWO = BenchId("bench-2-bbbb", "bench-2")


def sql(dsn: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cursor = conn.execute(query)
        return cursor.fetchall() if cursor.description else []


@pytest.mark.asyncio
async def test_a_claimed_order_is_refused_to_a_second_bench_until_released(
    warehouse_db: str,
) -> None:
    first, second = PostgresWarehouse(warehouse_db), PostgresWarehouse(warehouse_db)
    try:
        mine = await first.claim("A100", ONE, "Anna", 60)
        assert mine.outcome is ClaimOutcome.GRANTED
        assert mine.claim is not None
        again = await first.claim("A100", ONE, "Anna", 60)  # the same bench: still its own
        assert again.outcome is ClaimOutcome.GRANTED
        assert again.claim is not None
        assert again.claim.claimed_at == mine.claim.claimed_at
        refused = await second.claim("A100", TWO, "Ben", 60)
        assert refused.outcome is ClaimOutcome.HELD_ELSEWHERE
        assert refused.claim is not None
        assert (refused.claim.bench_name, refused.claim.packer) == ("bench-1", "Anna")
        text = held_elsewhere_message(refused.claim)
        assert text.startswith("Order A100 is being packed at bench-1 by Anna since ")
        assert await second.release("A100", TWO) is False  # not its claim to release
        assert await first.release("A100", ONE) is True
        taken = await second.claim("A100", TWO, "Ben", 60)
        assert taken.outcome is ClaimOutcome.GRANTED
        assert [c.bench_name for c in await first.claims()] == ["bench-2"]
    finally:
        await first.close()
        await second.close()


@pytest.mark.asyncio
async def test_a_lease_not_renewed_is_taken_over_and_the_shift_lead_can_release(
    warehouse_db: str,
) -> None:
    store = PostgresWarehouse(warehouse_db)
    try:
        await store.claim("A100", ONE, "Anna", 60)
        await store.claim("A101", ONE, "Anna", 60)
        # the heartbeat keeps A100 alive; A101's lease ran out (the bench stopped renewing it)
        sql(warehouse_db, "UPDATE order_claims SET expires_at = now() - interval '1 second'")
        await store.heartbeat(ONE, "Anna", ["A100"], 60)
        assert (await store.claim("A100", TWO, "Ben", 60)).outcome is ClaimOutcome.HELD_ELSEWHERE
        taken = await store.claim("A101", TWO, "Ben", 60)
        assert taken.outcome is ClaimOutcome.GRANTED
        assert taken.claim is not None
        assert taken.claim.bench_name == "bench-2"
        # the shift lead frees A100 with a reason, which is kept
        assert await store.release("A100", None, by="Lead", reason="bench-1 broke down")
        assert sql(
            warehouse_db, "SELECT order_id, bench_name, released_by, reason FROM claim_releases"
        ) == [("A100", "bench-1", "Lead", "bench-1 broke down")]
        assert (await store.claim("A100", TWO, "Ben", 60)).outcome is ClaimOutcome.GRANTED
        assert await store.release("A999", None, by="Lead", reason="typo") is False
        # and a takeover ignores a living lease
        forced = await store.claim("A101", ONE, "Anna", 60, takeover=True)
        assert forced.outcome is ClaimOutcome.GRANTED
        benches = sql(warehouse_db, "SELECT name, packer FROM benches")
        assert benches == [("bench-1", "Anna")]
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_benches_starting_together_migrate_once_and_versions_are_recorded(
    warehouse_db: str,
) -> None:
    stores = [PostgresWarehouse(warehouse_db) for _ in range(4)]
    try:
        versions = await asyncio.gather(*(s.migrate() for s in stores))
        expected = [m.version for m in MIGRATIONS]
        assert versions == [expected] * 4
        assert sql(warehouse_db, "SELECT version, name FROM packstation_schema ORDER BY 1") == [
            (m.version, m.name) for m in MIGRATIONS
        ]
    finally:
        for s in stores:
            await s.close()


def test_the_address_is_checked_and_named_without_its_password() -> None:
    assert check_dsn("postgresql://bench@db.example:5433/warehouse") is None
    assert "must not contain a password" in (check_dsn("postgresql://u:secret@db/w") or "")
    assert "postgresql://" in (check_dsn("mysql://db/w") or "")
    assert describe_dsn("postgresql://bench@db.example:5433/warehouse") == (
        "db.example:5433/warehouse"
    )


async def _journal_with(path: Path, count: int, order_id: str = "A100") -> SqliteJournal:
    journal = SqliteJournal(path)
    for n in range(count):
        await journal.append(JournalEvent(JournalKind.SCAN, order_id, None, {"n": n}))
    return journal


@pytest.mark.asyncio
async def test_the_journal_is_copied_once_and_resumes_where_it_stopped(
    warehouse_db: str, tmp_path: Path
) -> None:
    journal = await _journal_with(tmp_path / "j.sqlite3", 7)
    store = PostgresWarehouse(warehouse_db)
    link = WarehouseLink(store, journal, ONE, policy=WarehousePolicy(copy_batch=3))
    try:
        assert await link.copy_once() == 7
        assert await link.copy_once() == 0
        assert link.status().copy_lag == 0
        await journal.append(JournalEvent(JournalKind.LABEL_BOUGHT, "A100", "c1", {"x": 1}))
        # a new bench process (a restart) starts from what the store holds
        again = WarehouseLink(PostgresWarehouse(warehouse_db), journal, ONE)
        assert await again.copy_once() == 1
        await again.store.close()
        rows = sql(
            warehouse_db,
            "SELECT event_id, kind, order_id, detail->>'n' FROM journal_events ORDER BY event_id",
        )
        assert [r[0] for r in rows] == list(range(1, 9))
        assert rows[0][1:] == ("scan", "A100", "0")
        assert rows[-1][1] == "label_bought"
        found = await store.packed_at("A100")
        assert found is not None
        assert found[0] == "bench-1-aaaa"  # no heartbeat yet: the bench key stands in
    finally:
        await store.close()
        await journal.close()


@pytest.mark.asyncio
async def test_the_bench_goes_on_while_postgres_is_down_and_catches_up_after(
    tmp_path: Path,
) -> None:
    # a server of its own: this test stops it
    with PrivatePostgres() as server:
        data = server.data
        journal = await _journal_with(tmp_path / "j.sqlite3", 2)
        store = PostgresWarehouse(server.dsn, retry_after_s=0.0, call_timeout_s=2.0)
        link = WarehouseLink(store, journal, ONE, packer="Anna")
        try:
            assert (await link.claim("A100")).outcome is ClaimOutcome.GRANTED
            assert await link.copy_once() == 2
            assert link.status().online is True

            server.stop_now()
            assert server.pid is None
            offline = await link.claim("A101")
            assert offline.outcome is ClaimOutcome.OFFLINE
            assert "cannot be used" in offline.detail
            assert server.dsn.split("@")[1] in offline.detail or "127.0.0.1" in offline.detail
            await link.release("A100")  # remembered, sent when the server is back
            for n in range(3):
                await journal.append(JournalEvent(JournalKind.SCAN, "A101", None, {"n": n}))
            assert await link.copy_once() == 0
            status = link.status()
            assert status.online is False
            assert status.copy_lag == 3
            assert "127.0.0.1" in status.detail

            server.start_again()
            await link.heartbeat()
            assert await link.copy_once() == 3
            status = link.status()
            assert (status.online, status.copy_lag) == (True, 0)
            assert await store.claims() == []  # the release went out with the heartbeat
            with pytest.raises(WarehouseUnavailable):
                await PostgresWarehouse(
                    server.dsn.replace(str(server.port), str(server.port + 1)),
                    connect_timeout_s=2,
                ).claims()
        finally:
            await store.close()
            await journal.close()
    assert not data.exists()  # stopped by its pid and removed


def test_events_keep_their_time_and_detail(warehouse_db: str, tmp_path: Path) -> None:
    async def scenario() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        at = datetime(2026, 12, 7, 10, 42, tzinfo=UTC)
        await journal.append(
            JournalEvent(JournalKind.PRINTED, "A100", "c1", {"printer": "tcp://p", "ok": True}, at)
        )
        store = PostgresWarehouse(warehouse_db)
        link = WarehouseLink(store, journal, TWO)
        try:
            assert await link.copy_once() == 1
        finally:
            await store.close()
            await journal.close()

    asyncio.run(scenario())
    ((at, detail),) = sql(warehouse_db, "SELECT at, detail FROM journal_events")
    assert at == datetime(2026, 12, 7, 10, 42, tzinfo=UTC)
    assert detail == {"printer": "tcp://p", "ok": True}
