"""The warehouse benchmark's simulation, small: two bench processes on a private PostgreSQL and
the sandbox, every other order scanned at both, one bench killed and PostgreSQL stopped on the
seeded schedule. Its promises hold however the timing falls: one label per parcel, no order
packed at two benches, every journal event copied to the store in the end. (The figures are the
benchmark's business; nothing here is timed.)"""

from __future__ import annotations

import pytest

from benchmarks.warehouse import run_one
from packstation.sandbox.postgres import find_postgres_bin


@pytest.mark.skipif(
    find_postgres_bin() is None,
    reason="PostgreSQL is not installed (scripts/check.sh installs it as root)",
)
def test_two_benches_with_a_kill_and_an_outage_keep_one_label_per_parcel() -> None:
    step = run_one(
        2,
        orders_per_bench=3,
        doubles=0.5,
        latency_ms=10,
        bench_kills=1,
        pg_kills=1,
        pg_down_s=1.0,
        lease_s=30,
        seed=15,
    )

    assert step["orders"] == 6
    assert step["orders_scanned_at_two_benches"] == 3
    parcels = step["labels_per_parcel"]
    assert parcels["more_than_1"] == 0, step
    assert step["double_packed_orders"] == 0, step
    assert parcels["exactly_1"] == parcels["parcels"] == 8, step  # every order packed
    assert step["orders_packed"] == 6
    assert step["journal_events"]["not_copied"] == 0, step
    assert step["journal_events"]["copied"] > 0
    whats = [kill["what"] for kill in step["kills"]]
    assert sum("SIGKILL" in what for what in whats) == 1, whats
    assert not [what for what in whats if "ended by itself" in what]
    assert "postgresql stopped (immediate)" in whats
    assert "postgresql started again" in whats
