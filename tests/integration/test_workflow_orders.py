"""Early order creation against the sandbox: 1,000 orders from one export with a few bad rows
(reported, the rest created), idempotent re-runs, updates, initial states, the watched folder,
and the packing figures of the journal."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from packstation.domain.intake import AgeLevel
from packstation.sandbox import SandboxServer
from packstation.services.packing import CycleReport
from tests.integration.conftest import run_json
from tests.integration.workflow_support import bench, environ
from tests.workflow_data import BAD_ORDER_ROWS, order_document, order_export, write_order_export


def order_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{r.method} {r.path}" for r in sandbox.control.requests() if "/orders" in r.path]


def test_import_of_1000_orders_with_bad_rows(sandbox: SandboxServer, tmp_path: Path) -> None:
    env = environ(sandbox, tmp_path)
    docs = order_export(1000)
    with sandbox.state.lock:
        demo = dict(sandbox.state.merchant_orders["A100"])
    docs.append(demo)  # exists at 7S already: left alone
    export = write_order_export(tmp_path / "orders.json", docs)

    code, data, _ = run_json("orders", "import", str(export), env=env)
    assert code == 12, data  # done, but some rows failed
    assert data["counts"]["created"] == 1000 - len(BAD_ORDER_ROWS)
    assert data["existing"] == ["A100"]
    assert {f["where"] for f in data["failed"]} == {
        "orders.json: [17].recipient.zip",
        "orders.json: [230].order_date",
        "orders.json: [611].items[0].quantity",
    }
    assert all(f["reason"] for f in data["failed"])
    with sandbox.state.lock:
        made = [o for o in sandbox.state.orders.values() if o.order_id.startswith("IMP")]
        assert len(made) == 1000 - len(BAD_ORDER_ROWS)
        one = sandbox.state.order_by_order_id("IMP00001")
        assert one is not None
        assert one.order_url == "https://shop.example/orders/IMP00001"
        assert one.language == "de"
        assert one.order_tags == {"channel": "web"}
        assert one.order_date.startswith("2026-11-28T08:01:00")

    # the same file again: nothing is sent but for the one order the merchant changed
    sandbox.control.faults.clear()
    docs[1]["language"] = "en"
    write_order_export(export, docs)
    code, again, _ = run_json("orders", "import", str(export), env=env)
    assert code == 12, again
    assert again["updated"] == ["IMP00001"]
    assert again["counts"]["unchanged"] == 1000 - len(BAD_ORDER_ROWS)  # A100 included
    assert one is not None
    assert order_calls(sandbox) == [f"PUT /v2/orders/{one.id}"]  # by 7S's id, kept on import
    with sandbox.state.lock:
        updated = sandbox.state.order_by_order_id("IMP00001")
        assert updated is not None
        assert updated.language == "en"


def test_watch_once_and_figures(sandbox: SandboxServer, tmp_path: Path) -> None:
    env = environ(sandbox, tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "W1.json").write_text(json.dumps(order_document("W0001", 1)), encoding="utf-8")
    (inbox / "broken.json").write_text("{not json", encoding="utf-8")
    (inbox / "A100.json").write_text(
        json.dumps(sandbox.state.merchant_orders["A100"]), encoding="utf-8"
    )
    code, data, _ = run_json("orders", "watch", str(inbox), "--once", "--state", "paid", env=env)
    assert code == 12, data
    assert data["created"] == ["W0001"]
    assert data["existing"] == ["A100"]
    assert data["states_posted"] == ["W0001"]  # A100 is paid already: never re-posted
    assert "not valid JSON" in data["failed"][0]["reason"]
    watched = sandbox.state.order_by_order_id("W0001")
    assert watched is not None
    assert [entry.state for entry in watched.states_history] == ["new", "paid"]

    code, stats, _ = run_json("stats", env=env)
    assert code == 0
    assert stats["packed"] == 0


@pytest.mark.asyncio
async def test_packing_figures_and_order_age(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with bench(sandbox, tmp_path) as (st, wf):
        for order_id in ("A100", "A106"):
            await st.service.open_order(order_id)
            await st.service.skip_verification("integration test")
            report = await st.service.finish()
            assert isinstance(report, CycleReport)
        stats = await wf.intake.stats()
        assert stats.packed == 2
        assert sum(n for _, n in stats.per_hour) == 2
        assert stats.median_pack_time is not None
        assert stats.median_pack_time < timedelta(minutes=1)
        assert stats.median_age_at_packing is not None
        assert stats.median_age_at_packing > timedelta(days=1)  # the demo orders are old
        assert (await wf.intake.stats(datetime.now(UTC) + timedelta(hours=1))).packed == 0

        fresh = wf.intake.order_age(datetime.now(UTC) - timedelta(minutes=90))
        assert (fresh.text, fresh.level) == ("1 h 30 min", AgeLevel.OK)
        late = wf.intake.order_age(datetime.now(UTC) - timedelta(days=3))
        assert late.level is AgeLevel.LATE
