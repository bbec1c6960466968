"""Finding 1: a ``Retry-After`` far beyond the cap never freezes a cycle — on any call of it.

The label purchase alone is covered by ``tests/integration/test_packing_cli.py``; here the
sandbox answers ``429 Retry-After: 100000`` (28 hours) on each of the other calls a pack cycle
makes (the log-in, the order look-up, the label download, the order states). ``pack`` must end
at once (the subprocess timeout only guards against a hang of the test), tell the packer when
7S takes requests again, and a later ``resume`` must leave exactly one label per parcel at 7S,
printed exactly once, with the order states delivered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import (
    Ledger,
    assert_printed_once_or_told,
    labels_per_parcel,
    run,
    zebra_environ,
)
from tests.sandbox_queries import live_labels

A_DAY_AND_MORE = 100_000

CALLS = [
    pytest.param("POST", "/v2/token", id="log-in"),
    pytest.param("GET", "/v2/label-download", id="label-download"),
    pytest.param("POST", "/v2/order_states", id="order-states"),
]


@pytest.mark.parametrize(("method", "path"), CALLS)
def test_a_day_long_retry_after_on_any_call_ends_the_cycle_at_once(
    sandbox: SandboxServer, zebra: VirtualPrinter, tmp_path: Path, method: str, path: str
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra)
    sandbox.control.fail_next(path, method=method, status=429, retry_after=A_DAY_AND_MORE, count=50)
    ledger = Ledger()

    packed = run("pack", "A100", "--skip-verify", env=env, timeout=60)
    ledger.note(packed)

    asked = [e for e in sandbox.control.requests() if e.path.startswith(path)]
    # each caller of the cycle (order, merchant data, products) may meet it once; none retries
    assert [e.status for e in asked].count(429) <= 5, asked
    bought = live_labels(sandbox, "A100")
    if packed.code != 0:
        assert "Try again after" in packed.stderr, packed.stderr
        assert "Try again after" in packed.data["error"]
        if bought:  # the label is paid: the packer gets its tracking code
            assert bought[0].tracking_code in packed.stderr
        else:
            assert not zebra.jobs()

    sandbox.control.faults.clear()
    resumed = run("resume", env=env, timeout=60)
    ledger.note(resumed)

    assert resumed.code == 0, resumed.stderr
    assert labels_per_parcel(sandbox, "A100") == {1: 1}
    prints = assert_printed_once_or_told(sandbox, zebra, "A100", ledger)
    assert list(prints.values()) == [1]
    order = sandbox.state.order_by_order_id("A100")
    assert order is not None
    if path == "/v2/order_states":
        # 7S asked for a day's pause on the states: the outbox keeps them, and says so
        assert resumed.data["outbox"] == {"pending": 2, "failed": 0}, resumed.data
        assert order.boarding_complete is None
        return
    assert order.boarding_complete is True
    assert "in_preparation" in [entry.state for entry in order.states_history]
