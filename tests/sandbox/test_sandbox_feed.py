"""Demo data, the merchant order feed, seeding and the empty seed."""

from __future__ import annotations

import json
from typing import Any

import httpx

from packstation.sandbox import SandboxServer
from packstation.sandbox.demo import orders_dir
from tests.sandbox.conftest import order_url


def ean13_ok(code: str) -> bool:
    digits = [int(d) for d in code]
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return len(code) == 13 and (10 - total % 10) % 10 == digits[12]


def test_feed_serves_the_demo_orders(anon: httpx.Client) -> None:
    docs = anon.get("/merchant/orders").json()
    assert [d["order_id"] for d in docs] == [f"A{n}" for n in range(100, 113)]
    by_id = {d["order_id"]: d for d in docs}
    assert by_id["A101"]["recipient"]["country"] == "CH"
    assert by_id["A102"]["parcels"] == 3
    assert by_id["A104"]["pudo_id"] == "004694"
    assert by_id["A108"]["recipient"]["zip"] == "35001"
    assert by_id["A109"]["parcels"] == 2
    assert len(by_id["A112"]["items"]) == 6
    for doc in docs:
        assert set(doc["recipient"]) >= {
            "first_name",
            "last_name",
            "street",
            "zip",
            "city",
            "country",
            "email",
        }
        for item in doc["items"]:
            assert ean13_ok(item["ean"]), item
            assert 6 <= len(item["hs_code"]) <= 10
            assert item["hs_code"].isdigit()
            assert {
                "sku",
                "name",
                "quantity",
                "weight_g",
                "unit_value",
                "currency",
                "origin_country",
            } <= set(item)
    assert anon.get("/merchant/orders/A100").json() == by_id["A100"]
    assert anon.get("/merchant/orders/NOPE").status_code == 404


def test_export_folder_matches_the_feed(anon: httpx.Client) -> None:
    files = sorted(orders_dir().glob("*.json"))
    assert len(files) == 13
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert anon.get(f"/merchant/orders/{doc['order_id']}").json() == doc


def test_every_demo_sku_has_a_product(client: httpx.Client, anon: httpx.Client) -> None:
    skus = {p["sku"] for p in client.get("/products").json()}
    for doc in anon.get("/merchant/orders").json():
        assert {i["sku"] for i in doc["items"]} <= skus


def test_demo_states(client: httpx.Client) -> None:
    states = {o["order_id"]: o["state"] for o in client.get("/orders", params={"limit": 50}).json()}
    assert states["A100"] == "paid"
    assert states["A101"] == "in_preparation"
    assert states["A103"] == "shipped"
    assert states["A111"] == "cancelled"


def seed_doc(order_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "order_date": "2026-11-29T08:00:00+01:00",
        "carrier": "dhl:DE",
        "parcels": 1,
        "recipient": {
            "first_name": "Eva",
            "last_name": "Test",
            "street": "Teststr.",
            "house_no": "1",
            "zip": "10435",
            "city": "Berlin",
            "country": "DE",
            "email": "eva@example.de",
        },
        "items": [
            {
                "sku": "FIX-1",
                "name": "Fixture",
                "quantity": 2,
                "ean": "4006381333931",
                "hs_code": "610910",
                "unit_value": "5.00",
                "origin_country": "DE",
            }
        ],
        **extra,
    }


def test_seed_hook(sandbox: SandboxServer, client: httpx.Client, anon: httpx.Client) -> None:
    body = {"orders": [seed_doc("F1", state="paid")], "products": [{"sku": "EXTRA-1"}]}
    r = anon.post("/__mock/seed", json=body)
    assert r.status_code == 200
    assert r.json() == {"orders": 1, "products": 2}  # EXTRA-1 and the item's FIX-1
    assert client.get(order_url(client, "F1")).json()["state"] == "paid"
    assert client.get("/order_items", params={"order_id": "F1"}).json()[0]["quantity"] == 2
    fix = client.get("/products", params={"sku": "FIX-1"}).json()[0]
    assert fix["customs_tariff_code_sending_country"] == "610910"
    assert "state" not in anon.get("/merchant/orders/F1").json()
    bad = anon.post("/__mock/seed", json={"orders": [seed_doc("A100"), {"order_id": 5}]})
    assert bad.status_code == 400
    paths = {v["propertyPath"] for v in bad.json()["violations"]}
    assert {"orders[0].order_id", "orders[1].order_id", "orders[1].items"} <= paths


def test_empty_seed_keeps_carriers_and_pudo(sandbox: SandboxServer) -> None:
    sandbox.control.reset("empty")
    token = sandbox.control.issue_token()
    with httpx.Client(base_url=sandbox.base_url, headers={"Authorization": f"Bearer {token}"}) as c:
        assert c.get("/orders").json() == []
        assert c.get("/products").json() == []
        assert httpx.get(f"{sandbox.root_url}/merchant/orders").json() == []
        assert len(c.get("/carriers").json()) == 5
        pudo = c.get("/pudo/locations", params={"carrier_name": "dhl", "country": "DE"}).json()
        assert len(pudo) == 5
