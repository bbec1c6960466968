"""Orders, order states (state rules), order items, boarding_complete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from packstation.sandbox import SandboxServer
from tests.sandbox.conftest import order_url

Check400 = Callable[[httpx.Response], dict[str, str]]
NOT_BLANK = "c1051bb4-d103-4f74-8988-acbcafc7fdc3"
UNIQUE = "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"


def new_order(order_id: str = "B1", **extra: Any) -> dict[str, Any]:
    return {"order_id": order_id, "order_date": "2026-11-28T10:00:00+01:00", **extra}


def post_state(client: httpx.Client, order_id: str, state: str) -> httpx.Response:
    body = {"order_id": order_id, "state": state, "datetime": "2026-11-29T10:00:00+01:00"}
    return client.post("/order_states", json=body)


def test_create_order(client: httpx.Client) -> None:
    r = client.post("/orders", json=new_order(order_tags={"a": "b"}, language="de"))
    assert r.status_code == 201
    order = r.json()
    assert order["iri"] == f"/v2/orders/{order['id']}"
    assert isinstance(order["id"], int)
    assert order["state"] == "new"
    assert [e["state"] for e in order["states_history"]] == ["new"]
    assert order["shipments"] == []
    assert order["order_tags"] == {"a": "b"}


def test_singular_path_alias(client: httpx.Client) -> None:
    assert client.post("/order", json=new_order("B2")).status_code == 201
    assert client.get(order_url(client, "B2", "/order")).json()["order_id"] == "B2"


def test_duplicate_order_id_is_400_with_unique_code(
    client: httpx.Client, check_400: Check400
) -> None:
    r = client.post("/orders", json=new_order("A100"))
    assert check_400(r) == {"order_id": UNIQUE}
    assert r.json()["violations"][0]["message"] == "This value is already used."


def test_validation_lists_every_violation(client: httpx.Client, check_400: Check400) -> None:
    r = client.post("/orders", json={"order_date": "yesterday", "boarding_complete": "yes"})
    found = check_400(r)
    assert found["order_id"] == NOT_BLANK
    assert found["order_date"] == "1a9da513-2640-4f84-9b6a-4d99dcddc628"
    assert found["boarding_complete"] == "ba785a8c-82cb-4283-967c-3cf342181b40"
    assert "order_id: This value should not be blank." in r.json()["detail"]


def test_bad_json_and_non_object_bodies_are_400(client: httpx.Client) -> None:
    r = client.post("/orders", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert client.post("/orders", json=[1, 2]).status_code == 400


def test_item_urls_take_only_the_7s_id_unless_relaxed(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    numeric = sandbox.state.order_by_order_id("A101")
    assert numeric is not None
    assert client.get(f"/orders/{numeric.id}").json()["order_id"] == "A101"
    # strict by default: the merchant's order_id in an item URL is a 404, for every method
    assert client.get("/orders/A101").status_code == 404
    assert client.put("/orders/A101", json={"language": "en"}).status_code == 404
    assert client.delete("/orders/A101").status_code == 404
    assert sandbox.control.settings.merchant_keys_in_paths is False
    missing = client.get("/orders/NOPE")
    assert missing.status_code == 404
    assert missing.json()["title"] == "Not Found"
    # relaxed (a sandbox setting): the merchant key is taken too, the numeric id still wins
    hook = httpx.post(f"{sandbox.root_url}/__mock/config", json={"merchant_keys_in_paths": True})
    assert hook.json()["merchant_keys_in_paths"] is True
    by_order_id = client.get("/orders/A101").json()
    assert by_order_id["state"] == "in_preparation"
    assert by_order_id["id"] == numeric.id
    sandbox.control.reset()  # restores the start settings: strict (and forgets tokens)
    assert sandbox.control.settings.merchant_keys_in_paths is False


def test_list_filters_and_pagination(client: httpx.Client) -> None:
    everything = client.get("/orders", params={"limit": 100}).json()
    assert len(everything) == 13
    assert len(client.get("/orders").json()) == 13  # default limit 20
    assert [o["order_id"] for o in client.get("/orders", params={"order_id": "A103"}).json()] == [
        "A103"
    ]
    cancelled = client.get("/orders", params={"state": "cancelled"}).json()
    assert [o["order_id"] for o in cancelled] == ["A111"]
    page2 = client.get("/orders", params={"limit": 5, "page": 2}).json()
    assert [o["order_id"] for o in page2] == [o["order_id"] for o in everything[5:10]]
    after = client.get("/orders", params={"order_date[after]": "2026-11-26T00:00:00+01:00"})
    assert {o["order_id"] for o in after.json()} == {"A109", "A110", "A112"}
    before = client.get("/orders", params={"order_date[before]": "2026-11-19T00:00:00+01:00"})
    assert {o["order_id"] for o in before.json()} == {"A103"}


def test_put_and_delete(client: httpx.Client) -> None:
    r = client.put(order_url(client, "A102"), json={"boarding_complete": True, "language": "en"})
    assert r.status_code == 200
    assert r.json()["boarding_complete"] is True
    url = order_url(client, "A100")
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert client.get("/order_items", params={"order_id": "A100"}).json() == []


def test_demo_state_of_a103_is_shipped_with_a_shipment(client: httpx.Client) -> None:
    order = client.get(order_url(client, "A103")).json()
    assert order["state"] == "shipped"
    assert len(order["shipments"]) == 1
    shipment = client.get(f"/shipments/{order['shipments'][0]}").json()
    assert shipment["tracking_code"] == "00340434161094042557"


# ---------------------------------------------------------------- order states
def test_forward_moves_are_accepted(client: httpx.Client) -> None:
    r = post_state(client, "A100", "in_preparation")
    assert r.status_code == 201
    body = r.json()
    assert body["iri"] == f"/v2/order_states/{body['id']}"
    assert body["state"] == "in_preparation"
    order = client.get(order_url(client, "A100")).json()
    assert order["state"] == "in_preparation"
    assert order["states_history"][-1] == {
        "state": "in_preparation",
        "datetime": "2026-11-29T10:00:00+01:00",
    }


def test_hyphen_alias(client: httpx.Client) -> None:
    body = {"order_id": "A100", "state": "in_production", "datetime": "2026-11-29T10:00:00Z"}
    assert client.post("/order-states", json=body).status_code == 201


@pytest.mark.parametrize("state", ["new", "shipped", "completed"])
def test_system_states_are_refused(client: httpx.Client, check_400: Check400, state: str) -> None:
    assert "state" in check_400(post_state(client, "A100", state))


def test_moving_backwards_is_refused(client: httpx.Client, check_400: Check400) -> None:
    assert "state" in check_400(post_state(client, "A103", "in_preparation"))
    assert "state" in check_400(post_state(client, "A101", "paid"))
    assert client.get(order_url(client, "A101")).json()["state"] == "in_preparation"


def test_same_state_again_is_an_idempotent_no_op(client: httpx.Client) -> None:
    before = client.get(order_url(client, "A101")).json()["states_history"]
    assert post_state(client, "A101", "in_preparation").status_code == 201
    assert client.get(order_url(client, "A101")).json()["states_history"] == before


def test_off_path_states_are_allowed_from_anywhere_and_end_the_path(
    client: httpx.Client, check_400: Check400
) -> None:
    assert post_state(client, "A103", "returned").status_code == 201
    assert post_state(client, "A100", "cancelled").status_code == 201
    assert post_state(client, "A100", "refunded").status_code == 201
    assert "state" in check_400(post_state(client, "A111", "in_preparation"))


def test_unknown_state_and_unknown_order(client: httpx.Client, check_400: Check400) -> None:
    assert "state" in check_400(post_state(client, "A100", "teleported"))
    assert "order_id" in check_400(post_state(client, "NOPE", "paid"))


# ---------------------------------------------------------------- boarding_complete
def test_order_completes_only_when_boarding_is_complete_and_all_delivered(
    sandbox: SandboxServer, client: httpx.Client, label_body: Callable[..., dict[str, Any]]
) -> None:
    ids = []
    for n in (1, 2):
        body = label_body("A109", reference_number=f"A109-P{n}", package_no=n, package_count=2)
        ids.append(client.post("/labels", json=body).json()["shipment_id"])
    assert client.get(order_url(client, "A109")).json()["state"] == "shipped"
    for shipment_id in ids:
        sandbox.control.deliver(shipment_id)
    assert (
        client.get(order_url(client, "A109")).json()["state"] == "shipped"
    )  # boarding_complete false
    r = client.put(order_url(client, "A109"), json={"boarding_complete": True})
    assert r.json()["state"] == "completed"
    assert r.json()["states_history"][-1]["state"] == "completed"


def test_unset_boarding_complete_completes_on_delivery(
    client: httpx.Client, anon: httpx.Client, label_body: Callable[..., dict[str, Any]]
) -> None:
    shipment_id = client.post("/labels", json=label_body("A100")).json()["shipment_id"]
    r = anon.post("/__mock/deliver", json={"shipment_id": shipment_id})
    assert r.json()["order_state"] == "completed"


# ---------------------------------------------------------------- order items
def test_items_of_a_demo_order_with_image_urls(
    client: httpx.Client, sandbox: SandboxServer
) -> None:
    items = client.get("/order_items", params={"order_id": "A100"}).json()
    assert [(i["sku"], i["quantity"]) for i in items] == [("SKU-TSHIRT-M", 2), ("SKU-MUG-WHT", 1)]
    assert items[0]["iri"] == f"/v2/order_items/{items[0]['id']}"
    assert items[0]["ean"] == "4006381333931"
    assert items[0]["shipment_id"] is None
    assert items[0]["image_url"].startswith(f"{sandbox.root_url}/media/")
    six = client.get("/order_items", params={"order_id": "A112"}).json()
    assert len(six) == 6


def test_create_and_assign_items(
    client: httpx.Client, check_400: Check400, label_body: Callable[..., dict[str, Any]]
) -> None:
    body = {"order_id": "A100", "sku": "SKU-CAP-BLK", "name": "Cap", "quantity": 1}
    item = client.post("/order_items", json=body)
    assert item.status_code == 201
    assert item.json()["image_url"] is None  # that product has no image
    shipment_id = client.post("/labels", json=label_body("A100")).json()["shipment_id"]
    r = client.put(f"/order_items/{item.json()['id']}", json={"shipment_id": shipment_id})
    assert r.json()["shipment_id"] == shipment_id
    other = client.get(order_url(client, "A103")).json()["shipments"][0]
    assert "shipment_id" in check_400(
        client.put(f"/order_items/{item.json()['id']}", json={"shipment_id": other})
    )
    bad = client.post("/order_items", json={"order_id": "NOPE", "sku": "", "quantity": 0})
    assert set(check_400(bad)) == {"order_id", "sku", "name", "quantity"}


def test_slash_in_order_id_or_sku_is_refused(client: httpx.Client, check_400: Check400) -> None:
    # such ids could never be read back: they become part of the resource path
    assert "order_id" in check_400(client.post("/orders", json=new_order("2026/17")))
    assert "sku" in check_400(client.post("/products", json={"sku": "A/B"}))
