"""Benches sharing a warehouse store (a real private PostgreSQL) and one sandbox: an order
scanned at a second bench is refused with who has it; finished, it is released and named as
packed there; the journal reaches the store; with the store down the bench packs on alone and
says so, and catches up when it is back."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from packstation.composition.station import Station
from packstation.domain.boxes import boxes_from_specs
from packstation.domain.cycle import PackedElsewhere
from packstation.sandbox import SandboxServer
from packstation.sandbox.postgres import PrivatePostgres
from packstation.services.packing import CycleReport, OpenOutcome
from tests.integration.conftest import cli_environ, packstation, run_json, station_environ
from tests.integration.workflow_support import BOXES, station
from tests.sandbox_queries import live_labels


def rows(dsn: str, query: str, *params: object) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(query, params).fetchall()


@contextlib.asynccontextmanager
async def two_benches(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str, **packers: str
) -> AsyncIterator[tuple[Station, Station]]:
    """bench-1 and bench-2, whole stations sharing the store (``packers``: name per bench)."""
    one, two = tmp_path / "bench-1", tmp_path / "bench-2"
    one.mkdir()
    two.mkdir()

    def options(name: str) -> dict[str, Any]:
        extra: dict[str, Any] = {"station_name": name, "warehouse_db": warehouse_db}
        if name in packers:
            extra["packer_name"] = packers[name]
        return extra

    async with (
        station(sandbox, one, **options("bench-1")) as first,
        station(sandbox, two, **options("bench-2")) as second,
    ):
        yield first, second


@pytest.mark.asyncio
async def test_a_second_bench_is_told_who_has_the_order_then_where_it_was_packed(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    benches = two_benches(sandbox, tmp_path, warehouse_db, **{"bench-1": "Anna", "bench-2": "Ben"})
    async with benches as (first, second):
        opened = await first.service.open_order("A102")
        assert opened.outcome is OpenOutcome.OPENED, opened.message
        refused = await second.service.open_order("A102")
        assert refused.outcome is OpenOutcome.CLAIMED_ELSEWHERE
        assert refused.claim is not None
        assert (refused.claim.bench_name, refused.claim.packer) == ("bench-1", "Anna")
        assert refused.message.startswith("Order A102 is being packed at bench-1 by Anna since")
        assert second.service.current is None

        await first.service.skip_verification("integration test")
        await first.service.set_boxes(boxes_from_specs(BOXES["A102"]))  # three parcels
        report = await first.service.finish()
        assert isinstance(report, CycleReport)
        assert rows(warehouse_db, "SELECT order_id FROM order_claims") == []  # released
        assert first.warehouse is not None
        await first.warehouse.flush(5)

        again = await second.service.open_order("A102")
        assert again.outcome is OpenOutcome.PACKED_ELSEWHERE
        assert "already packed at bench-1 at " in again.message
        assert len(live_labels(sandbox, "A102")) == 3

        # bench-1's journal reached the store, the bench on its row
        assert first.warehouse.status().copy_lag == 0
        kinds = [
            r[0]
            for r in rows(
                warehouse_db,
                "SELECT e.kind FROM journal_events e JOIN benches b USING (bench_key) "
                "WHERE b.name = 'bench-1' AND e.order_id = 'A102' ORDER BY e.event_id",
            )
        ]
        assert kinds.count("label_bought") == 3
        assert "cycle_opened" in kinds
        assert kinds.count("printed") == 3


@pytest.mark.asyncio
async def test_cancel_releases_the_claim_and_a_racing_bench_named_at_finish(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    async with two_benches(sandbox, tmp_path, warehouse_db) as (first, second):
        assert (await first.service.open_order("A100")).outcome is OpenOutcome.OPENED
        await first.service.cancel("wrong box")
        assert rows(warehouse_db, "SELECT order_id FROM order_claims") == []
        assert (await second.service.open_order("A100")).outcome is OpenOutcome.OPENED
        # the shift lead takes the order over for bench-1 while bench-2 still has it open
        assert first.warehouse is not None
        await first.warehouse.claim("A100", takeover=True)
        assert (await first.service.open_order("A100")).outcome is OpenOutcome.OPENED
        await first.service.skip_verification("test")
        assert isinstance(await first.service.finish(), CycleReport)
        await first.warehouse.flush(5)
        await second.service.skip_verification("test")
        with pytest.raises(PackedElsewhere) as told:
            await second.service.finish()
        assert told.value.bench == "bench-1"
        assert "already packed at bench-1 at " in told.value.message
    assert len(live_labels(sandbox, "A100")) == 1


def test_cli_pack_refused_while_another_bench_holds_the_order_and_the_lead_releases_it(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    homes = [tmp_path / "bench-1", tmp_path / "bench-2"]
    for home in homes:
        home.mkdir()
    envs = [
        cli_environ(
            sandbox,
            home,
            PACKSTATION_STATION_NAME=home.name,
            PACKSTATION_PACKER_NAME=f"packer of {home.name}",
            PACKSTATION_WAREHOUSE_DB=warehouse_db,
        )
        for home in homes
    ]
    # bench-1 leaves A100 open (items missing): its claim stays
    code, data, _ = run_json("pack", "A100", env=envs[0])
    assert code == 7, data
    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=envs[1])
    assert code == 9, data
    assert data["claimed_by"]["bench"] == "bench-1"
    assert data["claimed_by"]["packer"] == "packer of bench-1"
    assert "is being packed at bench-1" in stderr
    assert live_labels(sandbox, "A100") == []

    code, listed, _ = run_json("warehouse", "claims", env=envs[1])
    assert code == 0
    assert [(c["order_id"], c["bench"]) for c in listed["claims"]] == [("A100", "bench-1")]
    code, released, _ = run_json(
        "warehouse", "release", "A100", "--reason", "bench-1 is closed today", env=envs[1]
    )
    assert code == 0, released
    assert released["released"]["bench"] == "bench-1"
    code, data, _ = run_json("pack", "A100", "--skip-verify", env=envs[1])
    assert code == 0, data
    assert data["warehouse"]["online"] is True
    assert data["warehouse"]["journal_copy_lag"] == 0
    assert len(live_labels(sandbox, "A100")) == 1
    code, status, _ = run_json("warehouse", "status", env=envs[0])
    assert code == 0
    assert status["warehouse"]["online"] is True
    code, shift, _ = run_json("shift", env=envs[0])
    assert code == 0, shift
    by_name = {b["bench"]: b for b in shift["benches"]}
    assert by_name["bench-2"]["orders_packed"] == 1
    assert by_name["bench-2"]["labels"] == 1
    assert by_name["bench-2"]["outbox_failed"] == 0
    assert by_name["bench-1"]["orders_packed"] == 0
    assert shift["orders_packed"] == 1
    # no customs order packed: the next pick-up's manifest is due, nothing waits for it yet
    due = shift["next_manifest_due"]
    assert (due["customs_shipments"], due["overdue"], due["being_posted"]) == (0, False, None)
    text = packstation("shift", env=envs[0])
    assert text.returncode == 0, text.stderr
    assert "1 orders packed" in text.stdout
    assert f"Next manifest due: pick-up {due['pickup'][:10]} {due['pickup'][11:16]}, 0 " in (
        text.stdout
    )


def test_cli_packs_alone_while_postgres_is_down_says_so_and_catches_up(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    with PrivatePostgres() as server:
        (tmp_path / "bench").mkdir()
        env = cli_environ(
            sandbox,
            tmp_path / "bench",
            PACKSTATION_STATION_NAME="bench-9",
            PACKSTATION_WAREHOUSE_DB=server.dsn,
        )
        server.stop_now()
        code, data, stderr = run_json("pack", "A100", "--skip-verify", env=env)
        assert code == 0, (data, stderr)
        assert data["warehouse"]["online"] is False
        assert data["warehouse"]["journal_copy_lag"] > 0
        assert "Packed alone: The warehouse database 127.0.0.1:" in stderr
        assert len(live_labels(sandbox, "A100")) == 1
        code, status, err = run_json("warehouse", "status", env=env)
        assert code == 5
        assert status["warehouse"]["online"] is False
        assert "cannot be used" in err

        server.start_again()
        code, data, _ = run_json("pack", "A104", "--skip-verify", env=env)
        assert code == 0, data
        assert data["warehouse"] == {**data["warehouse"], "online": True, "journal_copy_lag": 0}
        counted = rows(
            server.dsn,
            "SELECT count(*) FROM journal_events WHERE order_id = 'A100' AND kind = 'label_bought'",
        )
        assert counted == [(1,)]  # bench-9's journal of A100 arrived after the outage


def test_the_warehouse_commands_need_the_setting(sandbox: SandboxServer, tmp_path: Path) -> None:
    env = cli_environ(sandbox, tmp_path)
    result = packstation("warehouse", "claims", "--json", env=env)
    assert result.returncode == 3
    assert json.loads(result.stdout.splitlines()[-1])["exit_code"] == 3
    assert "warehouse_db" in result.stderr
    bad = packstation(
        "warehouse",
        "status",
        env={**env, "PACKSTATION_WAREHOUSE_DB": "postgresql://bench:secret@db/warehouse"},
    )
    assert bad.returncode == 3
    assert "must not contain a password" in bad.stderr
    assert "secret" not in bad.stderr


def test_warehouse_up_runs_benches_against_each_other_with_one_label_per_parcel(
    tmp_path: Path,
) -> None:
    env = station_environ(tmp_path)
    result = packstation(
        "warehouse", "up", "--benches", "2", "--orders", "2", "--json", env=env, timeout=300
    )
    assert result.returncode in (0, 3), result.stderr
    if result.returncode == 3:
        pytest.skip(result.stderr.strip())
    data = json.loads(result.stdout.splitlines()[-1])
    assert data["parcels_with_more_than_one_label"] == []
    outcomes = [b["outcomes"] for b in data["benches"].values()]
    assert sum(o.get("packed", 0) for o in outcomes) == 2  # each order packed once
    assert all(b["journal_events_copied"] > 0 for b in data["benches"].values())
    assert "private" in result.stderr


@pytest.mark.asyncio
async def test_an_order_that_is_not_packed_here_keeps_no_claim(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    (tmp_path / "bench-1").mkdir()
    async with station(sandbox, tmp_path / "bench-1", warehouse_db=warehouse_db) as first:
        refused = await first.service.open_order("A103")  # shipped already: not packable
        assert refused.outcome is OpenOutcome.NOT_PACKABLE
        assert rows(warehouse_db, "SELECT order_id FROM order_claims") == []
        assert first.warehouse is not None
        assert first.warehouse.held == set()


@pytest.mark.asyncio
async def test_the_claim_names_the_packer_signed_in_at_the_bench(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    async with two_benches(sandbox, tmp_path, warehouse_db) as (first, second):
        await first.service.sign_in("Berta Keller")
        opened = await first.service.open_order("A100")
        assert opened.outcome is OpenOutcome.OPENED, opened.message
        assert rows(warehouse_db, "SELECT order_id, packer FROM order_claims") == [
            ("A100", "Berta Keller")
        ]
        refused = await second.service.open_order("A100")
        assert refused.outcome is OpenOutcome.CLAIMED_ELSEWHERE
        assert "at bench-1 by Berta Keller" in refused.message
