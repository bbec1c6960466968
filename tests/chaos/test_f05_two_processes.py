"""Finding 5: two ``pack`` processes on one data directory, same order, started together.

Two real processes pack the three-parcel order A102 at the same moment (the second one starts
a seeded few milliseconds later). One of them packs it; the other is refused — told which
process holds the station (exit 9) or, if it came after the first had finished, that the order
is already packed (exit 10). Neither overwrites the other's records: 7S holds exactly one label
per parcel, each printed exactly once, ``reprint`` finds all three, ``resume`` has nothing
left and the journal has nothing pending.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import (
    BOXES,
    IN_FLIGHT,
    Ledger,
    assert_printed_once_or_told,
    finished,
    labels_per_parcel,
    printed_per_label,
    run,
    spawn,
    zebra_environ,
)
from tests.sandbox_queries import live_labels

ALREADY_PACKED = 10


def test_two_packs_of_one_order_at_once_buy_and_print_each_label_once(
    sandbox: SandboxServer, zebra: VirtualPrinter, tmp_path: Path, rng: random.Random
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra)
    ledger = Ledger()

    first = spawn("pack", "A102", "--skip-verify", *BOXES["A102"], "--json", env=env)
    time.sleep(rng.uniform(0.0, 0.3))
    second = spawn("pack", "A102", "--skip-verify", *BOXES["A102"], "--json", env=env)
    one, other = finished(first), finished(second)
    ledger.note(one, other)

    for ran in (one, other):
        assert "Traceback" not in ran.stderr, ran.stderr
    codes = sorted([one.code, other.code])
    assert codes in ([0, IN_FLIGHT], [0, ALREADY_PACKED]), (one.stderr, other.stderr)
    loser = one if one.code != 0 else other
    winner = other if loser is one else one
    if loser.code == IN_FLIGHT:
        assert "process" in loser.stderr, loser.stderr  # who holds the station
        assert "packstation pack A102" in loser.stderr, loser.stderr
    assert labels_per_parcel(sandbox, "A102") == {1: 1, 2: 1, 3: 1}
    codes_at_7s = sorted(label.tracking_code for label in live_labels(sandbox, "A102"))
    assert sorted(winner.data["tracking_codes"]) == codes_at_7s
    assert list(assert_printed_once_or_told(sandbox, zebra, "A102", ledger).values()) == [1] * 3

    reprinted = run("reprint", "A102", env=env)
    resumed = run("resume", env=env)
    journal = run("journal", "--pending", env=env)

    assert reprinted.code == 0, reprinted.stderr  # the labels are there to reprint
    assert set(printed_per_label(zebra, codes_at_7s).values()) == {2}
    assert (resumed.code, resumed.data["cycles"]) == (0, [])
    assert journal.data["cycles"] == []
    assert labels_per_parcel(sandbox, "A102") == {1: 1, 2: 1, 3: 1}
