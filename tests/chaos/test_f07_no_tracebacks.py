"""Finding 7: no traceback reaches the bench — hostile answers on every path, a broken journal.

``tests/contract/test_contract_hostile.py`` checks the client against deeply nested JSON call by
call. Here real ``pack`` processes meet it on the paths of a cycle in one troubled morning —
the order look-up at 7S, the product data fetched in the background, the merchant's feed, and
the label purchase (carried out at 7S, its answer nested 100,000 levels deep) — and then one
``resume`` finishes what can be finished. Every command ends with a plain message and a
documented exit code; every bought label is printed exactly once; the order whose merchant
data cannot be read is not bought at all.

Then the journal itself breaks: overwritten with seeded garbage, or a folder where the file
should be. ``journal``, ``pack`` and ``resume`` each say so in plain words (exit 1, "anything
unexpected", is the documented code for a journal the station cannot use) and buy nothing.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import (
    ChaosProxy,
    Ledger,
    assert_plain,
    assert_printed_once_or_told,
    labels_per_parcel,
    run,
    zebra_environ,
)
from tests.hostile_http import deep_json, json_answer

FOREVER = 1000
NOT_PACKABLE = 6


def test_deeply_nested_answers_on_every_path_end_plainly_and_resume_finishes(
    sandbox: SandboxServer, zebra: VirtualPrinter, proxy: ChaosProxy, tmp_path: Path
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra, api_url=proxy.base_url)
    env["PACKSTATION_ORDER_SOURCE"] = f"{proxy.url}/merchant/orders"
    nested = json_answer(200, deep_json())
    ledger = Ledger()
    said = {}

    for order, method, path in [
        ("A100", "GET", "/v2/orders"),
        ("A105", "GET", "/v2/products"),
        ("A106", "GET", "/merchant/orders"),
        ("A104", "POST", "/v2/labels"),
    ]:
        proxy.heal()
        if path == "/v2/labels":
            rule = proxy.after(method, path, nested)  # bought at 7S, the answer unreadable
        else:
            rule = proxy.instead(method, path, nested, count=FOREVER)
        said[order] = run("pack", order, "--skip-verify", env=env)  # plain: no traceback
        ledger.note(said[order])
        assert rule.hits >= 1, (order, path)
    proxy.heal()
    resumed = run("resume", env=env)
    ledger.note(resumed)

    assert said["A105"].code == 0, said["A105"].stderr  # product data is not needed to pack
    assert said["A106"].code == NOT_PACKABLE, said["A106"].stderr
    assert "cannot be read" in said["A106"].stderr
    assert "nested too deeply" in said["A100"].stderr, said["A100"].stderr
    assert resumed.code == 0, resumed.stderr
    for order in ("A100", "A105", "A104"):
        assert labels_per_parcel(sandbox, order) == {1: 1}, order
        prints = assert_printed_once_or_told(sandbox, zebra, order, ledger)
        assert list(prints.values()) == [1], (order, prints)
    assert labels_per_parcel(sandbox, "A106") == {}


@pytest.mark.parametrize("damage", ["garbage", "a-folder"])
def test_a_broken_journal_is_a_plain_error_for_every_command_and_nothing_is_bought(
    sandbox: SandboxServer,
    zebra: VirtualPrinter,
    tmp_path: Path,
    rng: random.Random,
    damage: str,
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra)
    journal = Path(env["PACKSTATION_DATA_DIR"]) / "journal.sqlite3"
    journal.parent.mkdir(parents=True)
    if damage == "garbage":
        journal.write_bytes(rng.randbytes(64 * 1024))
    else:
        journal.mkdir()

    said = [
        run("journal", env=env, plain=False),
        run("pack", "A100", "--skip-verify", env=env, plain=False),
        run("resume", env=env, plain=False),
    ]

    for ran in said:
        assert_plain(ran, unexpected=True)
        assert ran.code == 1, ran.stderr
        # it names the journal: "the station's journal cannot be used", or its file's path
        assert "journal" in ran.stderr, ran.stderr
        assert ran.data["ok"] is False
    assert labels_per_parcel(sandbox, "A100") == {}
    assert zebra.jobs() == []
