"""`pack --recover` finds labels bought before references were per account (issue 15 item 1).

A label bought with the old per-bench reference (``<station>-<id>-<order>-P<n>-V<g>``) whose
journal rows a power cut took must still be found at 7S by its reference and printed once;
nothing is bought. The old label is made the way an old bench made it: the same station packs
the order with its own station key as the reference prefix (``account_name``), then the order's
journal rows are lost and the station, now on the per-account scheme, recovers it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from packstation.domain.cycle import (
    AttemptStatus,
    CycleStatus,
    legacy_reference_number,
    parse_reference,
    reference_number,
    station_key,
)
from packstation.sandbox import SandboxServer
from packstation.services.packing import CycleReport, OpenOutcome
from tests.integration.workflow_support import printed_files, station
from tests.sandbox_queries import live_labels


def lose_order_rows(journal: Path, order_id: str) -> None:
    """The order's rows are gone from the journal (the WAL's tail a power cut took)."""
    conn = sqlite3.connect(journal)
    try:
        for table in ("journal_labels", "journal_cycles", "journal_events", "print_jobs"):
            column = "reference" if table == "print_jobs" else "order_id"
            conn.execute(f"DELETE FROM {table} WHERE {column} LIKE ?", (f"%{order_id}%",))
        conn.commit()
    finally:
        conn.close()


@pytest.mark.asyncio
async def test_recover_finds_a_label_bought_with_the_old_per_bench_reference(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with station(sandbox, tmp_path, station_name="bench-1") as old:
        key = station_key("bench-1", await old.journal.station_uid())
    old_reference = legacy_reference_number(key, "A100", 1, 0)
    # the old bench: its station key was the prefix of its references
    async with station(sandbox, tmp_path, station_name="bench-1", account_name=key) as bench:
        opened = await bench.service.open_order("A100")
        assert opened.outcome is OpenOutcome.OPENED, opened.message
        await bench.service.skip_verification("integration test")
        report = await bench.service.finish()
        assert isinstance(report, CycleReport), report
    (bought,) = live_labels(sandbox, "A100")
    assert bought.reference_number == old_reference
    lose_order_rows(tmp_path / "data" / "journal.sqlite3", "A100")
    printed_before = len(printed_files(tmp_path))

    # the same bench after the update: references per account now
    async with station(sandbox, tmp_path, station_name="bench-1") as bench:
        start = len(sandbox.control.requests())
        recovered = await bench.service.recover("A100")
        assert isinstance(recovered, CycleReport), recovered
        assert recovered.status is CycleStatus.DONE
        (attempt,) = [a for a in await bench.journal.find_attempts("A100") if a.live]
        cycle_id = recovered.cycle_id

    # found by its old reference (tried after the account's), never bought again
    calls = sandbox.control.requests()[start:]
    lookups = [
        parse_qs(e.query).get("reference_number")
        for e in calls
        if e.method == "GET" and e.path == "/v2/labels"
    ]
    assert lookups[:2] == [[reference_number("PS", "A100", 1, 0)], [old_reference]]
    assert not [e for e in calls if e.method == "POST" and e.path == "/v2/labels"]
    assert [label.tracking_code for label in live_labels(sandbox, "A100")] == [bought.tracking_code]
    assert attempt.cycle_id == cycle_id
    assert attempt.reference_number == old_reference
    assert attempt.status is AttemptStatus.PRINTED
    parts = parse_reference(attempt.reference_number, "A100")
    assert parts is not None
    assert (parts.prefix, parts.parcel_no, parts.generation) == (key, 1, 0)
    assert len(printed_files(tmp_path)) == printed_before + 1
