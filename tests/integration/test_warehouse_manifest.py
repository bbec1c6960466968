"""The customs manifest of a pick-up for the whole warehouse: two benches (whole stations) on the
sandbox and a real PostgreSQL pack customs orders; one manifest holds every bench's customs
shipments and is posted once; the other bench sees it was posted and by whom, is refused
while it is being posted, and packs and posts alone when the store is down."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from packstation.adapters.warehouse_pg import PostgresWarehouse
from packstation.domain.customs_declaration import DeclarationStatus
from packstation.domain.notes import Note, NoteKind
from packstation.domain.warehouse import (
    BenchId,
    ManifestState,
    WarehouseCustoms,
    WarehouseManifest,
)
from packstation.sandbox import SandboxServer
from packstation.sandbox.postgres import free_port
from packstation.services.dispatch import ManifestElsewhere, NothingToManifest
from packstation.services.dispatch_warehouse import OFFLINE_TEXT
from tests.integration.conftest import cli_environ, run_json
from tests.integration.test_customs_sandbox import A102_BOXES, pack, station

A102_WEIGHTS = [1500, 2100, 2250]


def rows(dsn: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cursor = conn.execute(query)
        return cursor.fetchall() if cursor.description else []


def manifest_posts(sandbox: SandboxServer) -> int:
    return sum(
        1
        for r in sandbox.control.requests()
        if r.method == "POST" and r.path == "/v2/customs/manifests"
    )


def benches(tmp_path: Path) -> tuple[Path, Path]:
    one, two = tmp_path / "bench-1", tmp_path / "bench-2"
    one.mkdir()
    two.mkdir()
    return one, two


@pytest.mark.asyncio
async def test_one_manifest_holds_every_benchs_customs_shipments_and_is_posted_once(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    one, two = benches(tmp_path)
    async with (
        station(
            sandbox, one, station_name="bench-1", packer_name="Anna", warehouse_db=warehouse_db
        ) as first,
        station(
            sandbox, two, station_name="bench-2", packer_name="Ben", warehouse_db=warehouse_db
        ) as second,
    ):
        assert first.warehouse is not None
        assert second.warehouse is not None
        await pack(first, "A101")  # Switzerland: one customs shipment
        await pack(second, "A102", weights=A102_WEIGHTS, boxes=A102_BOXES)  # GB: three
        await second.warehouse.heartbeat()  # bench-2 tells the warehouse what waits there

        listing = await first.dispatch.listing()
        assert listing.checked
        (group,) = listing.groups
        assert [d.order_id for d in group.declarations] == ["A101"]
        assert [(o.order_id, o.parcel_no, o.bench_name) for o in group.others] == [
            ("A102", 1, "bench-2"),
            ("A102", 2, "bench-2"),
            ("A102", 3, "bench-2"),
        ]
        preview = await first.dispatch.preview()
        assert preview.orders == ("A101", "A102")

        result = await first.dispatch.post_manifest(pieces=2, acknowledge_final=True)
        (manifest,) = sandbox.state.manifests.values()
        assert manifest.manifest_id == result.manifest.manifest_id == preview.manifest_id
        ours = [d.shipment_id for d in await first.customs.declarations("A101")]
        theirs = [d.shipment_id for d in await second.customs.declarations("A102")]
        assert sorted(str(s) for s in manifest.shipment_ids) == sorted(ours + theirs)
        assert rows(warehouse_db, "SELECT state, bench_name, posted_by FROM pickup_manifests") == [
            ("posted", "bench-1", "Anna")
        ]

        # bench-2 learns it with its next heartbeat: its declarations are in the manifest
        await second.warehouse.heartbeat()
        declarations = await second.customs.declarations("A102")
        assert {d.status for d in declarations} == {DeclarationStatus.MANIFESTED}
        assert {d.manifest_id for d in declarations} == {manifest.manifest_id}
        assert "posted at bench-1 by Anna at " in declarations[0].note
        note = declarations[0].note  # kept with its kind and facts: the window words them
        assert isinstance(note, Note)
        assert note.kind is NoteKind.IN_POSTED_MANIFEST
        assert {k: v for k, v in note.facts.items() if k != "at"} == {
            "manifest_id": manifest.manifest_id,
            "bench": "bench-1",
            "by": "Anna",
        }
        assert f" at {note.facts['at']}" in note.message
        later = datetime.now(UTC) + timedelta(days=7)  # long after the pick-up: no reminder
        assert await second.dispatch.reminder(later) is None

        # and its shift lead, trying to post, is told who posted it
        with pytest.raises(NothingToManifest) as caught:
            await second.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        assert (
            f"Manifest {manifest.manifest_id} (4 customs shipments) posted at bench-1 by Anna"
            in (caught.value.message)
        )
    assert manifest_posts(sandbox) == 1
    assert len(sandbox.state.manifests) == 1


@pytest.mark.asyncio
async def test_a_bench_is_refused_while_another_posts_the_pickups_manifest(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = benches(tmp_path)
    async with (
        station(
            sandbox, one, station_name="bench-1", packer_name="Anna", warehouse_db=warehouse_db
        ) as first,
        station(
            sandbox, two, station_name="bench-2", packer_name="Ben", warehouse_db=warehouse_db
        ) as second,
    ):
        await pack(first, "A101")
        await pack(second, "A102", weights=A102_WEIGHTS, boxes=A102_BOXES)
        await second.dispatch.listing()  # publishes bench-2's shipments
        # bench-1's POST waits at a gate the test opens (the real call follows), so bench-2
        # comes while bench-1 holds the pick-up's manifest
        gate, at_gate = asyncio.Event(), asyncio.Event()
        post = first.api.create_manifest

        async def gated(request: Any) -> Any:
            at_gate.set()
            await gate.wait()
            return await post(request)

        monkeypatch.setattr(first.api, "create_manifest", gated)
        posting = asyncio.create_task(
            first.dispatch.post_manifest(pieces=2, acknowledge_final=True)
        )
        await asyncio.wait_for(at_gate.wait(), 60)
        with pytest.raises(ManifestElsewhere) as caught:
            await second.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        assert "being posted at bench-1 by Anna since" in caught.value.message
        gate.set()
        result = await posting
        assert len(result.manifest.shipment_ids) == 4
    assert manifest_posts(sandbox) == 1


@pytest.mark.asyncio
async def test_with_the_store_down_a_bench_posts_its_own_manifest_and_says_so(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    dead = f"postgresql://nobody@127.0.0.1:{free_port()}/packstation"
    async with station(sandbox, tmp_path, station_name="bench-1", warehouse_db=dead) as first:
        await pack(first, "A101")
        listing = await first.dispatch.listing()
        assert OFFLINE_TEXT in listing.problems
        (group,) = listing.groups
        assert group.others == ()
        result = await first.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        assert OFFLINE_TEXT in result.warnings
        assert [d.order_id for d in result.declarations] == ["A101"]
    assert manifest_posts(sandbox) == 1


def test_benches_on_the_command_line_post_one_manifest(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    one, two = benches(tmp_path)

    def env(home: Path, name: str, packer: str) -> dict[str, str]:
        (home / "documents").mkdir()
        return cli_environ(
            sandbox,
            home,
            PACKSTATION_STATION_NAME=name,
            PACKSTATION_PACKER_NAME=packer,
            PACKSTATION_WAREHOUSE_DB=warehouse_db,
            PACKSTATION_DOCUMENT_PRINTER=(home / "documents").as_uri(),
            PACKSTATION_MANIFEST_PREFIX="ACME",
            PACKSTATION_PICKUP_SCHEDULE="Mon-Sun 16:00",
            PACKSTATION_PICKUP_TIMEZONE="Europe/Berlin",
        )

    first, second = env(one, "bench-1", "Anna"), env(two, "bench-2", "Ben")
    code, packed, _ = run_json("pack", "A101", "--skip-verify", env=first)
    assert code == 0, packed
    boxes = [arg for box in A102_BOXES for arg in ("--box", box)]
    weights = [arg for grams in A102_WEIGHTS for arg in ("--weight-g", str(grams))]
    code, packed, _ = run_json("pack", "A102", "--skip-verify", *boxes, *weights, env=second)
    assert code == 0, packed  # ending, bench-2 told the warehouse its customs shipments

    code, pending, _ = run_json("customs", "pending", env=first)
    assert code == 0, pending
    (pickup,) = pending["manifest"]["pickups"]
    assert pickup["orders"] == ["A101", "A102"]
    assert [o["bench"] for o in pickup["other_benches"]] == ["bench-2"] * 3
    # the shift lead sees the manifest due: the pick-up both benches' shipments wait for
    code, shift, _ = run_json("shift", env=second)
    assert code == 0, shift
    due = shift["next_manifest_due"]
    assert (due["customs_shipments"], due["benches"], due["overdue"]) == (
        4,
        ["bench-1", "bench-2"],
        False,
    )
    assert due["pickup"][11:16] == "16:00"
    assert datetime.fromisoformat(due["pickup"]) == datetime.fromisoformat(pickup["pickup"])

    code, posted, _ = run_json("manifest", "--pieces", "3", env=first)
    assert code == 0, posted
    assert len(posted["shipment_ids"]) == 4
    code, shift, _ = run_json("shift", env=second)
    after = shift["next_manifest_due"]  # posted: the next day's pick-up is due, nothing waits
    assert (after["customs_shipments"], after["benches"], after["being_posted"]) == (0, [], None)
    assert datetime.fromisoformat(after["pickup"]) - datetime.fromisoformat(
        due["pickup"]
    ) == timedelta(days=1)

    code, refused, stderr = run_json("manifest", "--pieces", "1", env=second)
    assert code == 6, refused
    assert f"Manifest {posted['manifest_id']} (4 customs shipments) posted at bench-1 by Anna" in (
        stderr
    )
    code, pending, _ = run_json("customs", "pending", env=second)
    assert pending["manifest"]["pickups"] == []
    (shown,) = pending["manifest"]["warehouse_manifests"]
    assert (shown["manifest_id"], shown["bench"], shown["state"]) == (
        posted["manifest_id"],
        "bench-1",
        "posted",
    )
    assert manifest_posts(sandbox) == 1


@pytest.mark.asyncio
async def test_the_store_gives_a_pickups_manifest_to_one_bench_at_a_time(
    warehouse_db: str,
) -> None:
    one, two = BenchId("b1-key", "bench-1"), BenchId("b2-key", "bench-2")
    pickup = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    now = datetime.now(UTC)

    def manifest(mid: str, ids: tuple[str, ...], state: ManifestState) -> WarehouseManifest:
        return WarehouseManifest(mid, pickup, "", "Anna", state, ids, now)

    store = PostgresWarehouse(warehouse_db)
    try:
        waiting = [WarehouseCustoms("s1", "A101", 1, "", pickup)]
        assert await store.publish_customs(one, waiting) == []
        theirs = [WarehouseCustoms(s, "A102", n, "", pickup) for n, s in ((1, "s2"), (2, "s3"))]
        await store.publish_customs(two, theirs)
        assert [c.shipment_id for c in await store.customs_waiting(one)] == ["s2", "s3"]
        # published again without s3 (withdrawn there): it no longer waits
        await store.publish_customs(two, theirs[:1])
        assert [c.shipment_id for c in await store.customs_waiting(one)] == ["s2"]

        first = await store.claim_manifest(
            one, manifest("M1", ("s1", "s2"), ManifestState.POSTING), 60
        )
        assert first.granted
        busy = await store.claim_manifest(
            two, manifest("M2", ("s1", "s2"), ManifestState.POSTING), 60
        )
        assert not busy.granted
        assert busy.holder is not None
        assert (busy.holder.manifest_id, busy.holder.bench_name) == ("M1", "bench-1")
        # bench-1 stopped while posting: its claim lapses with the lease
        rows(warehouse_db, "UPDATE pickup_manifests SET expires_at = now() RETURNING 1")
        taken = await store.claim_manifest(
            two, manifest("M2", ("s1", "s2"), ManifestState.POSTING), 60
        )
        assert taken.granted
        await store.manifest_done(two, manifest("M2", ("s1", "s2"), ManifestState.POSTED))

        # M1's shipments are in M2 now: bench-1 may not post them again, and learns where
        again = await store.claim_manifest(one, manifest("M1", ("s1",), ManifestState.POSTING), 60)
        assert not again.granted
        assert again.holder is not None
        assert (again.holder.manifest_id, again.holder.state) == ("M2", ManifestState.POSTED)
        ((row, held),) = await store.publish_customs(one, waiting)
        assert (row.shipment_id, held.manifest_id, held.bench_name) == ("s1", "M2", "bench-2")
        assert await store.customs_waiting(one) == []
        assert [m.manifest_id for m in await store.manifests_since(pickup)] == ["M2"]
    finally:
        await store.close()
