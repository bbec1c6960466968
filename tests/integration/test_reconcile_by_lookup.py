"""Reconcile by lookup, never by error text (issue 14), against the sandbox over loopback.

The sandbox answers every "already exists" in other words than its usual ones
(``Control.plain_duplicates``: ``400 {"detail": "customs shipment already exists for
shipment", "violations": []}``, no 409, no uniqueness code), and the answer of a create is
dropped after 7S carried it out. Each case must end as done with exactly one record at 7S: the
station looks the resource up by its natural key before it decides.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from packstation.domain.customs_declaration import DeclarationStatus
from packstation.domain.cycle import CycleStatus, OutboxKind, OutboxStatus
from packstation.sandbox import SandboxServer
from tests.integration.conftest import run_json
from tests.integration.test_customs_sandbox import customs_at_7s, customs_posts
from tests.integration.test_customs_sandbox import pack as pack_customs
from tests.integration.test_customs_sandbox import station as customs_station
from tests.integration.workflow_support import environ
from tests.workflow_data import (
    catalog_rows,
    ean13,
    order_export,
    write_catalog,
    write_order_export,
)


def posts(sandbox: SandboxServer, path: str) -> list[int | None]:
    return [r.status for r in sandbox.control.requests() if r.method == "POST" and r.path == path]


def labels_of(sandbox: SandboxServer, order_id: str) -> list[Any]:
    with sandbox.state.lock:
        return [lb for lb in sandbox.state.labels.values() if lb.order_id == order_id]


def test_the_plain_duplicate_body_is_what_the_issue_describes(sandbox: SandboxServer) -> None:
    sandbox.control.plain_duplicates()
    token = sandbox.control.issue_token()
    with httpx.Client(base_url=sandbox.base_url + "/") as http:
        answer = http.post(
            "orders",
            json={"order_id": "A100", "order_date": "2026-11-20T09:15:00+01:00"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 400
    assert answer.json() == {"detail": "order already exists for order", "violations": []}


def test_pack_with_a_dropped_customs_answer_and_other_duplicate_words_is_done(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.control.plain_duplicates()
    sandbox.control.drop_next("/v2/customs/shipments", method="POST")
    env = environ(sandbox, tmp_path)
    code, data, stderr = run_json("pack", "A101", "--skip-verify", "--reason", "test", env=env)
    assert code == 0, (data, stderr)
    assert data["outbox_failed"] == []
    assert len(customs_at_7s(sandbox, "A101")) == 1
    assert posts(sandbox, "/v2/customs/shipments")[0] is None  # carried out, answer lost
    assert len(labels_of(sandbox, "A101")) == 1


@pytest.mark.asyncio
async def test_customs_sent_again_and_refused_in_other_words_counts_as_done(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    # the same customs entry delivered afresh (a second station, a restored backup): 7S
    # refuses it with a sentence only; the lookup by shipment id shows it is there
    sandbox.control.plain_duplicates()
    async with customs_station(sandbox, tmp_path) as st:
        await pack_customs(st, "A101")
        (entry,) = [
            e for e in await st.journal.entries(order_id="A101") if e.kind is OutboxKind.CUSTOMS
        ]
        note = await st.customs.deliver(replace(entry, attempts=0))
        assert "already at Seven Senders" in note
        (declaration,) = await st.customs.declarations("A101")
        assert declaration.status is DeclarationStatus.ACCEPTED
    assert [r.status for r in customs_posts(sandbox)] == [201, 400]
    assert len(customs_at_7s(sandbox, "A101")) == 1


CREATES = [
    ("/v2/labels", "A101", "label"),
    ("/v2/order_states", "A100", "order state"),  # A101 is in preparation already
    ("/v2/customs/shipments", "A101", "customs shipment"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("path", "order_id"), [c[:2] for c in CREATES], ids=[c[2] for c in CREATES]
)
async def test_a_dropped_create_while_packing_ends_with_one_at_7s(
    sandbox: SandboxServer, tmp_path: Path, path: str, order_id: str
) -> None:
    sandbox.control.plain_duplicates()
    sandbox.control.drop_next(path, method="POST")
    async with customs_station(sandbox, tmp_path) as st:
        report = await pack_customs(st, order_id)  # drains the outbox: nothing pending, failed
        assert report.status is CycleStatus.DONE
        entries = await st.journal.entries(order_id=order_id)
    assert all(e.status is OutboxStatus.DELIVERED for e in entries)
    assert posts(sandbox, path)[0] is None  # the create was carried out, its answer lost
    assert len(labels_of(sandbox, order_id)) == 1
    assert len(customs_at_7s(sandbox, order_id)) == (1 if order_id == "A101" else 0)
    with sandbox.state.lock:
        order = sandbox.state.order_by_order_id(order_id)
        assert order is not None
        states = [h.state for h in order.states_history]
    assert states.count("shipped") == 1
    assert states.count("in_preparation") == 1


@pytest.mark.asyncio
async def test_a_dropped_manifest_answer_in_other_words_is_posted_once(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.control.plain_duplicates()
    async with customs_station(sandbox, tmp_path) as st:
        await pack_customs(st, "A101")
        sandbox.control.drop_next("/v2/customs/manifests", method="POST")
        result = await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        assert result.already_posted
    with sandbox.state.lock:
        assert len(sandbox.state.manifests) == 1
    assert posts(sandbox, "/v2/customs/manifests") == [None]


def test_orders_import_with_a_dropped_create_and_other_duplicate_words(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.control.plain_duplicates()
    env = environ(sandbox, tmp_path)
    export = write_order_export(tmp_path / "orders.json", order_export(3))
    sandbox.control.drop_next("/v2/orders", method="POST")  # the first create: answer lost
    code, data, _ = run_json("orders", "import", str(export), env=env)
    assert code == 0, data
    assert data["counts"]["created"] == 3, data
    with sandbox.state.lock:
        made = [o.order_id for o in sandbox.state.orders.values() if o.order_id.startswith("IMP")]
    assert len(made) == len(set(made)) == 3
    assert posts(sandbox, "/v2/orders")[0] is None

    # an order at 7S already, new to this station: refused in other words, found by lookup
    with sandbox.state.lock:
        demo = dict(sandbox.state.merchant_orders["A100"])
    export = write_order_export(tmp_path / "more.json", [demo])
    sandbox.control.faults.clear()  # the request log
    sandbox.control.plain_duplicates()
    code, data, _ = run_json("orders", "import", str(export), env=env)
    assert code == 0, data
    assert data["existing"] == ["A100"], data
    assert posts(sandbox, "/v2/orders") == [400]  # refused in other words, then looked up


def test_catalog_sync_with_a_dropped_create_and_other_duplicate_words(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.control.plain_duplicates()
    rows = [{**row, "image_file": ""} for row in catalog_rows(3)]
    with sandbox.state.lock:
        demo_sku = next(iter(sandbox.state.products))
    rows.append(
        {**rows[0], "sku": demo_sku, "ean": ean13(99), "image_file": ""}
    )  # at 7S already, unknown to this station
    export = write_catalog(tmp_path, rows)
    sandbox.control.drop_next("/v2/products", method="POST")  # the first create: answer lost
    code, data, _ = run_json("catalog", "sync", str(export), env=environ(sandbox, tmp_path))
    assert code == 0, (data.get("failed"), data.get("warnings"))
    assert data["counts"]["created"] == 3, data
    assert data["updated"] == [demo_sku], data
    assert posts(sandbox, "/v2/products")[0] is None
    assert 400 in posts(sandbox, "/v2/products")  # the demo SKU, refused in other words
