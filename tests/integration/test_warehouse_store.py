"""The warehouse store on a real PostgreSQL (a private server started by the tests): claims with
lease and heartbeat, versioned migrations, the journal copy, and a bench that goes on when the
server goes away and catches up when it is back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
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
from tests.pg_support import fresh_database

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

            # on disk before the crash (the test server commits asynchronously, and an
            # immediate stop may lose the last commits: the bench copies them again then)
            sql(server.dsn, "CHECKPOINT")
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


@pytest.mark.asyncio
async def test_events_the_store_lost_while_it_was_down_are_copied_again(
    tmp_path: Path,
) -> None:
    # a store that comes back without events it had taken (a crash with asynchronous commit,
    # a failover, a restore from backup): the bench asks where the store stands again
    with PrivatePostgres() as server:
        journal = await _journal_with(tmp_path / "j.sqlite3", 5)
        store = PostgresWarehouse(server.dsn, retry_after_s=0.0, call_timeout_s=2.0)
        link = WarehouseLink(store, journal, ONE)
        try:
            assert await link.copy_once() == 5
            sql(server.dsn, "DELETE FROM journal_events WHERE event_id > 2")  # lost
            sql(server.dsn, "CHECKPOINT")  # on disk before the crash: exactly 1 and 2 are left
            server.stop_now()
            await journal.append(JournalEvent(JournalKind.SCAN, "A101", None, {"n": 5}))
            assert await link.copy_once() == 0
            assert link.status().online is False

            server.start_again()
            assert await link.copy_once() == 4  # the three lost and the new one
            assert link.status().copy_lag == 0
            rows = sql(server.dsn, "SELECT event_id FROM journal_events ORDER BY event_id")
            assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
        finally:
            await store.close()
            await journal.close()


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


@pytest.mark.asyncio
async def test_the_shift_view_counts_each_benchs_work_and_finds_idle_claims(
    warehouse_db: str,
) -> None:
    store = PostgresWarehouse(warehouse_db)
    now = datetime.now(UTC)
    minutes = [now - timedelta(minutes=m) for m in (90, 80, 30, 29, 5)]

    def event(
        n: int, kind: JournalKind, order: str, cycle: str, at: datetime, **d: str
    ) -> JournalEvent:
        return JournalEvent(kind, order, cycle, d, at, n)

    try:
        await store.heartbeat(ONE, "Anna", [], 60, {"outbox_pending": 2, "held_labels": 1})
        await store.heartbeat(TWO, "Ben", [], 60)
        await store.copy_events(
            ONE,
            [
                event(1, JournalKind.CYCLE_OPENED, "A100", "c1", minutes[0]),
                event(2, JournalKind.LABEL_BOUGHT, "A100", "c1", minutes[1]),
                event(3, JournalKind.CYCLE_STEP, "A100", "c1", minutes[1], step="done"),
                event(4, JournalKind.CYCLE_OPENED, "A101", "c2", minutes[2]),
                event(5, JournalKind.LABEL_BOUGHT, "A101", "c2", minutes[3]),
                event(6, JournalKind.CYCLE_STEP, "A101", "c2", minutes[3], step="done"),
            ],
        )
        await store.claim("A102", TWO, "Ben", 600)
        await store.claim("A103", ONE, "Anna", 600)
        sql(warehouse_db, "UPDATE order_claims SET claimed_at = now() - interval '20 minutes'")
        await store.copy_events(ONE, [event(7, JournalKind.SCAN, "A103", "c3", minutes[4])])
        sql(
            warehouse_db,
            "UPDATE benches SET seen_at = now() - interval '1 hour' WHERE name = 'bench-2'",
        )

        figures = await store.shift(now - timedelta(hours=8), online_s=60, idle_s=600)
        one, two = figures.benches
        assert (one.name, one.packer, one.online) == ("bench-1", "Anna", True)
        assert (one.orders_packed, one.last_hour, one.labels) == (2, 1, 2)
        assert one.pack_time_p50_s == pytest.approx(((90 - 80) * 60 + 60) / 2)
        assert (one.outbox_pending, one.held_labels, one.customs_pending) == (2, 1, None)
        assert (two.name, two.online, two.orders_packed, two.pack_time_p50_s) == (
            "bench-2",
            False,
            0,
            None,
        )
        assert [c.order_id for c in figures.claims] == ["A102", "A103"]
        # A103 was scanned 5 minutes ago; A102 was claimed 20 minutes ago and left alone
        assert [c.order_id for c in figures.idle_claims] == ["A102"]
        assert figures.orders_packed == 2
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_the_shift_view_lists_at_most_200_claims_and_counts_the_rest(
    warehouse_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from packstation.cli.warehouse import shift_json, show_shift

    store = PostgresWarehouse(warehouse_db)
    now = datetime.now(UTC)
    try:
        await store.heartbeat(ONE, "Anna", [], 60)
        sql(  # 230 live claims (claimed 299 to 70 minutes ago, all idle) and 5 expired ones
            warehouse_db,
            "INSERT INTO order_claims (order_id, bench_key, bench_name, claimed_at, expires_at) "
            "SELECT 'B' || lpad(g::text, 4, '0'), 'k1', 'bench-1', "
            "now() - make_interval(mins => 300 - g), "
            "now() + CASE WHEN g > 230 THEN interval '-1 minute' ELSE interval '10 minutes' END "
            "FROM generate_series(1, 235) g",
        )
        sql(  # customs shipments never manifested: 2 for the earlier pick-up, 3 for a later one
            warehouse_db,
            "INSERT INTO customs_shipments (shipment_id, bench_key, bench_name, order_id, "
            "parcel_no, planned_pickup) SELECT 's' || g, 'k1', 'bench-1', 'C' || g, 1, "
            "date_trunc('hour', now()) + CASE WHEN g <= 2 THEN interval '1 day' "
            "ELSE interval '2 days' END FROM generate_series(1, 5) g",
        )
        figures = await store.shift(now - timedelta(hours=8), online_s=60, idle_s=600)
        assert len(figures.claims) == len(figures.idle_claims) == 200
        assert (figures.claims_more, figures.idle_more) == (30, 30)
        assert figures.claims[0].order_id == "B0001"  # the oldest first
        assert figures.claims[-1].order_id == "B0200"
        # only the earliest pick-up's waiting shipments: all the next manifest due needs
        assert sorted(c.order_id for c in figures.customs_waiting) == ["C1", "C2"]
        data = shift_json(figures, now)
        assert (len(data["claims"]), data["claims_more"], data["idle_claims_more"]) == (
            200,
            30,
            30,
        )
        show_shift(data)
        lines = capsys.readouterr().out.splitlines()
        assert "  claimed: +30 more" in lines
        assert "  IDLE: +30 more" in lines
        sql(warehouse_db, "DELETE FROM order_claims WHERE order_id > 'B0150'")
        fewer = await store.shift(now - timedelta(hours=8), online_s=60, idle_s=600)
        assert (len(fewer.claims), fewer.claims_more, fewer.idle_more) == (150, 0, 0)
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_the_least_privileges_of_docs_warehouse_md_are_enough_for_a_bench(
    postgres_server: PrivatePostgres,
) -> None:
    """The roles and grants docs/warehouse.md gives IT: the owner migrates, a bench works with
    its grants alone, and a bench may not migrate (it says who must)."""
    base = f"postgresql://{postgres_server.user}@127.0.0.1:{postgres_server.port}"
    database = fresh_database(postgres_server).rsplit("/", 1)[1]
    owner = f"postgresql://wh_owner_{database}@127.0.0.1:{postgres_server.port}/{database}"
    bench = f"postgresql://wh_bench_{database}@127.0.0.1:{postgres_server.port}/{database}"
    sql(
        f"{base}/postgres",
        f"CREATE ROLE wh_owner_{database} LOGIN; CREATE ROLE wh_bench_{database} LOGIN;"
        f'ALTER DATABASE "{database}" OWNER TO wh_owner_{database}',
    )
    sql(
        f"{base}/{database}",
        f"REVOKE ALL ON SCHEMA public FROM PUBLIC; "
        f"GRANT ALL ON SCHEMA public TO wh_owner_{database}; "
        f"GRANT USAGE ON SCHEMA public TO wh_bench_{database}",
    )
    # before the owner migrated, a bench cannot, and says who must
    early = PostgresWarehouse(bench)
    with pytest.raises(WarehouseUnavailable, match="warehouse migrate"):
        await early.claims()
    await early.close()
    store = PostgresWarehouse(owner)
    assert await store.migrate() == [m.version for m in MIGRATIONS]
    await store.close()
    role = f"wh_bench_{database}"
    sql(
        owner,
        f"GRANT SELECT ON packstation_schema TO {role};"
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON order_claims TO {role};"
        f"GRANT SELECT, INSERT, UPDATE ON benches TO {role};"
        f"GRANT SELECT, INSERT ON journal_events, claim_releases TO {role};"
        f"GRANT USAGE ON SEQUENCE claim_releases_id_seq TO {role};"
        f"GRANT SELECT, INSERT, UPDATE ON api_tokens TO {role}",
    )
    store = PostgresWarehouse(bench)
    try:
        assert (await store.claim("A100", ONE, "Anna", 60)).outcome is ClaimOutcome.GRANTED
        await store.heartbeat(ONE, "Anna", ["A100"], 60)
        await store.copy_events(
            ONE, [JournalEvent(JournalKind.SCAN, "A100", None, {}, datetime.now(UTC), 1)]
        )
        assert await store.copied_up_to(ONE) == 1
        assert await store.packed_at("A100") is None
        assert await store.release("A100", None, by="lead", reason="test") is True
        assert await store.claims() == []

        async def renew() -> tuple[bytes, float]:
            return b"sealed", datetime.now(UTC).timestamp() + 3600

        assert await store.shared_token("k1", lambda _: False, renew) == b"sealed"
        assert await store.shared_token("k1", lambda _: False, renew) == b"sealed"  # renewed
        assert [t.renewals for t in await store.token_renewals()] == [2]
    finally:
        await store.close()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        sql(bench, "DROP TABLE journal_events")
