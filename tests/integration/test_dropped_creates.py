"""Issue 14, re-audited resource by resource: a create whose answer is lost after 7S carried it
out ends with exactly one record at 7S, for everything the station creates.

The sandbox answers every "already exists" in another shape per resource
(``Control.plain_duplicates``), so nothing can rest on a 409 or on an answer's words. Where each
create is covered at the station (at the client, every create: ``tests/contract/
test_contract_dropped_creates.py``):

========================  ==========================================================
order (pack)              here: ``test_pack_creates_a_missing_order_once``
order (orders import)     test_reconcile_by_lookup: ``test_orders_import_with_a_dropped…``
order state               test_reconcile_by_lookup: ``test_a_dropped_create…[order state]``
label                     test_reconcile_by_lookup: ``test_a_dropped_create…[label]``;
                          test_label_lookup_chain (lookup fallbacks)
own-label shipment        here: ``test_an_own_label_parcel_is_registered_once``;
                          test_workflow_own_label (bench, no plain duplicates)
order items               here: ``test_order_items_are_created_once``
customs shipment          test_reconcile_by_lookup: ``test_pack_with_a_dropped_customs…``
customs manifest          test_reconcile_by_lookup: ``test_a_dropped_manifest_answer…``
product                   test_reconcile_by_lookup: ``test_catalog_sync_with_a_dropped…``
product image             here: ``test_a_product_image_is_uploaded_once``
========================  ==========================================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from packstation.sandbox import SandboxServer
from packstation.sandbox.errors import NOT_UNIQUE
from packstation.sandbox.orders import delete_order
from tests.integration.conftest import run_json
from tests.integration.workflow_support import environ
from tests.workflow_data import catalog_rows, write_catalog, write_images


def requests_to(sandbox: SandboxServer, method: str, path: str) -> list[int | None]:
    return [r.status for r in sandbox.control.requests() if r.method == method and r.path == path]


def forget_at_7s(sandbox: SandboxServer, order_id: str) -> None:
    """7S no longer has the order (nor its items): the station must create it."""
    with sandbox.state.lock:
        order = sandbox.state.order_by_order_id(order_id)
        assert order is not None
        delete_order(sandbox.state, order)


def orders_at_7s(sandbox: SandboxServer, order_id: str) -> list[Any]:
    with sandbox.state.lock:
        return [o for o in sandbox.state.orders.values() if o.order_id == order_id]


def test_each_resource_says_already_exists_in_its_own_shape(sandbox: SandboxServer) -> None:
    sandbox.control.plain_duplicates()
    token = sandbox.control.issue_token()
    headers = {"Authorization": f"Bearer {token}"}
    with sandbox.state.lock:
        sku = next(iter(sandbox.state.products))
        a103 = next(s for s in sandbox.state.shipments.values() if s.order_id == "A103")
    label = {
        "order_id": "A109",
        "carrier": {"name": "dhl", "country": "DE"},
        "reference_number": "A109-DUP",
        "recipient_first_name": "Ada",
        "recipient_last_name": "Muster",
        "recipient_street": "Hauptstr.",
        "recipient_house_no": "1",
        "recipient_zip": "10115",
        "recipient_city": "Berlin",
        "recipient_country": "DE",
        "recipient_email": "ada@example.com",
    }
    shipment = {
        "order_id": "A100",
        "carrier": {"name": "dhl", "country": "DE"},
        "tracking_code": a103.tracking_code,
        "recipient_first_name": "Ada",
        "recipient_last_name": "Muster",
        "recipient_address": "Hauptstr. 1",
        "recipient_email": "ada@example.com",
        "recipient_zip": "10115",
        "recipient_city": "Berlin",
        "recipient_country": "DE",
    }
    with httpx.Client(base_url=sandbox.base_url + "/", headers=headers) as http:
        assert http.post("labels", json=label).status_code == 201
        answers = {
            "order": http.post(
                "orders", json={"order_id": "A100", "order_date": "2026-11-20T09:15:00+01:00"}
            ),
            "label": http.post("labels", json=label),
            "shipment": http.post("shipments", json=shipment),
            "product": http.post("products", json={"sku": sku}),
        }
    shapes = {what: (a.status_code, a.json()) for what, a in answers.items()}
    assert shapes["order"] == (400, {"detail": "order already exists for order", "violations": []})
    assert shapes["label"][0] == 422
    assert set(shapes["label"][1]) == {"message"}
    assert set(shapes["shipment"][1]) == {"error"}
    assert shapes["product"] == (400, {"errors": {"sku": ["has already been taken"]}})
    # no two alike, no 409, no uniqueness code anywhere
    assert len({str(body) for _, body in shapes.values()}) == len(shapes)
    assert all(status != 409 and NOT_UNIQUE not in str(body) for status, body in shapes.values())


def test_pack_creates_a_missing_order_once(sandbox: SandboxServer, tmp_path: Path) -> None:
    forget_at_7s(sandbox, "A105")
    sandbox.control.plain_duplicates()
    sandbox.control.drop_next("/v2/orders", method="POST")  # carried out, the answer lost
    code, data, stderr = run_json(
        "pack", "A105", "--skip-verify", "--reason", "test", env=environ(sandbox, tmp_path)
    )
    assert code == 0, (data, stderr)
    assert data["outbox_failed"] == []
    assert len(orders_at_7s(sandbox, "A105")) == 1
    assert requests_to(sandbox, "POST", "/v2/orders") == [None]  # then looked up, not re-sent
    with sandbox.state.lock:
        labels = [lb for lb in sandbox.state.labels.values() if lb.order_id == "A105"]
    assert len(labels) == 1


def test_an_own_label_parcel_is_registered_once(sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.control.plain_duplicates()
    sandbox.control.drop_next("/v2/shipments", method="POST")
    env = environ(sandbox, tmp_path)
    code, data, stderr = run_json(
        "pack", "A106", "--skip-verify", "--reason", "test", "--own-label", "OWN-A106-D", env=env
    )
    assert code == 0, (data, stderr)
    assert data["tracking_codes"] == ["OWN-A106-D"]
    with sandbox.state.lock:
        made = [s for s in sandbox.state.shipments.values() if s.order_id == "A106"]
    assert [s.tracking_code for s in made] == ["OWN-A106-D"]
    assert data["shipment_ids"] == [str(made[0].id)]
    assert requests_to(sandbox, "POST", "/v2/shipments")[0] is None


def test_order_items_are_created_once(sandbox: SandboxServer, tmp_path: Path) -> None:
    forget_at_7s(sandbox, "A102")  # its items go with it: the station creates them
    sandbox.control.plain_duplicates()
    sandbox.control.drop_next("/v2/order_items", method="POST")
    env = environ(sandbox, tmp_path, PACKSTATION_RETURN_PORTAL_PRO="true")
    code, data, stderr = run_json("pack", "A102", "--skip-verify", "--reason", "test", env=env)
    assert code == 0, (data, stderr)
    assert data["outbox_failed"] == [], data
    with sandbox.state.lock:
        items = [i for i in sandbox.state.order_items.values() if i.order_id == "A102"]
        lines = sandbox.state.merchant_orders["A102"]["items"]
    assert sorted(i.sku for i in items) == sorted(line["sku"] for line in lines)
    (shipment_id,) = data["shipment_ids"]
    assert {str(i.shipment_id) for i in items} == {shipment_id}
    assert requests_to(sandbox, "POST", "/v2/order_items")[0] is None


def test_a_product_image_is_uploaded_once(sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.control.plain_duplicates()
    rows = catalog_rows(2)
    export = write_catalog(tmp_path, rows)
    images = tmp_path / "images"
    write_images(images, rows)
    sandbox.control.drop_next("/v2/product_images", method="PUT")
    code, data, _ = run_json(
        "catalog", "sync", str(export), "--images", str(images), env=environ(sandbox, tmp_path)
    )
    assert code == 0, data
    assert data["counts"]["images_uploaded"] == 2, data
    with sandbox.state.lock:
        made = {s: p for s, p in sandbox.state.products.items() if s.startswith("CAT-")}
        assert len(made) == 2
        assert all(p.image for p in made.values())
        assert len({p.image for p in made.values()}) == 2  # one image each
    puts = requests_to(sandbox, "PUT", "/v2/product_images")
    assert puts[0] is None  # carried out, the answer lost; the same upload sent again
    assert puts.count(200) == 2
