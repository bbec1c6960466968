"""Customs shipments and manifests, including 7S Flex."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from packstation.sandbox import SandboxServer

Check400 = Callable[[httpx.Response], dict[str, str]]
LabelBody = Callable[..., dict[str, Any]]
UNIQUE = "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"

ARTICLE = {
    "sku": "SKU-HOODIE-M",
    "description": "Hoodie M, grey",
    "hs_code": "6110200000",
    "quantity": 1,
    "unit_value": "49.90",
    "currency": "EUR",
    "net_weight_kg": 0.52,
    "country_of_origin": "TR",
}


def customs_body(label: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "shipment_id": str(label["shipment_id"]),
        "order_id": label["order_id"],
        "incoterm": "DDP",
        "tracking_code": label["tracking_code"],
        "planned_pickup_datetime": "2026-11-30T12:00:00+01:00",
        "departure_country": "DE",
        "invoice_id": "INV-1",
        "articles": [ARTICLE],
        **extra,
    }


def buy(client: httpx.Client, label_body: LabelBody, order_id: str, n: int = 1) -> dict[str, Any]:
    r = client.post("/labels", json=label_body(order_id, reference_number=f"{order_id}-P{n}"))
    assert r.status_code == 201, r.text
    label: dict[str, Any] = r.json()
    return label


def test_customs_shipment_for_a_ch_order(client: httpx.Client, label_body: LabelBody) -> None:
    label = buy(client, label_body, "A101")
    r = client.post("/customs/shipments", json=customs_body(label))
    assert r.status_code == 201
    record = r.json()
    assert record["iri"] == f"/v2/customs/shipments/{record['id']}"
    assert record["status"] == "received"
    assert record["manifest_id"] is None
    assert record["type"] == "outbound"
    assert record["shipment_id"] == label["shipment_id"]
    assert record["articles"][0]["hs_code"] == "6110200000"
    listed = client.get("/customs/shipments", params={"order_id": "A101"}).json()
    assert [c["id"] for c in listed] == [record["id"]]
    assert client.get("/customs/shipments", params={"types[]": "return"}).json() == []


def test_customs_rules(client: httpx.Client, label_body: LabelBody, check_400: Check400) -> None:
    label = buy(client, label_body, "A101")
    wrong_code = customs_body(label, tracking_code="X")
    assert check_400(client.post("/customs/shipments", json=wrong_code)) == {
        "tracking_code": "7a3c1d1e-0000-4000-8000-000000000003"
    }
    assert "order_id" in check_400(
        client.post("/customs/shipments", json=customs_body(label, order_id="A100"))
    )
    assert "shipment_id" in check_400(
        client.post("/customs/shipments", json=customs_body(label, shipment_id=1))
    )
    assert client.post("/customs/shipments", json=customs_body(label)).status_code == 201
    assert check_400(client.post("/customs/shipments", json=customs_body(label))) == {
        "shipment_id": UNIQUE
    }


def test_customs_validation(client: httpx.Client, check_400: Check400) -> None:
    bad_article = {**ARTICLE, "hs_code": "12", "quantity": 0}
    found = check_400(
        client.post("/customs/shipments", json={"incoterm": "XYZ", "articles": [bad_article]})
    )
    assert {
        "shipment_id",
        "order_id",
        "incoterm",
        "tracking_code",
        "planned_pickup_datetime",
        "departure_country",
        "articles[0].hs_code",
        "articles[0].quantity",
    } <= set(found)


def test_recipient_country_must_be_a_customs_country(
    sandbox: SandboxServer, client: httpx.Client, label_body: LabelBody, check_400: Check400
) -> None:
    label = buy(client, label_body, "A100")  # DE
    assert "shipment_id" in check_400(client.post("/customs/shipments", json=customs_body(label)))
    sandbox.control.config(enforce_customs_countries=False)
    assert client.post("/customs/shipments", json=customs_body(label)).status_code == 201


def test_manifest(client: httpx.Client, label_body: LabelBody) -> None:
    labels = [buy(client, label_body, "A101"), buy(client, label_body, "A107")]
    records = [client.post("/customs/shipments", json=customs_body(x)).json() for x in labels]
    body = {
        "manifest_id": "ACME_M1",
        "shipment_ids": [str(x["shipment_id"]) for x in labels],
        "pieces": 1,
        "reference": "truck 1",
    }
    r = client.post("/customs/manifests", json=body)
    assert r.status_code == 201
    manifest = r.json()
    assert manifest["status"] == "submitted"
    assert manifest["iri"] == f"/v2/customs/manifests/{manifest['id']}"
    assert manifest["shipment_ids"] == [x["shipment_id"] for x in labels]
    for record in records:
        assert client.get(f"/customs/shipments/{record['id']}").json()["manifest_id"] == "ACME_M1"
    assert client.get("/customs/manifests/ACME_M1").status_code == 404  # strict: 7S's id
    assert client.get("/customs/manifests", params={"manifest_id": "ACME_M1"}).json() == [manifest]
    assert client.get("/customs/manifests", params={"manifest_id": "ACME_M2"}).json() == []
    assert client.get(f"/customs/manifests/{manifest['id']}").json() == manifest
    assert len(client.get("/customs/shipments", params={"manifest_id": "ACME_M1"}).json()) == 2


def test_manifests_are_immutable_and_lock_their_shipments(
    client: httpx.Client, label_body: LabelBody, check_400: Check400
) -> None:
    label = buy(client, label_body, "A101")
    record = client.post("/customs/shipments", json=customs_body(label)).json()
    assert (
        client.put(f"/customs/shipments/{record['id']}", json={"incoterm": "DAP"}).status_code
        == 200
    )
    body = {"manifest_id": "ACME_M2", "shipment_ids": [label["shipment_id"]], "pieces": 2}
    manifest = client.post("/customs/manifests", json=body).json()
    r = client.put(f"/customs/manifests/{manifest['id']}", json=body)
    assert r.status_code == 405
    assert r.json()["title"] == "Method Not Allowed"
    assert "manifest_id" in check_400(
        client.put(f"/customs/shipments/{record['id']}", json={"incoterm": "DDP"})
    )
    assert "manifest_id" in check_400(client.delete(f"/customs/shipments/{record['id']}"))
    again = {**body, "manifest_id": "ACME_M3"}
    assert "shipment_ids[0]" in check_400(client.post("/customs/manifests", json=again))
    assert check_400(client.post("/customs/manifests", json=body))["manifest_id"] == UNIQUE


def test_manifest_validation(client: httpx.Client, check_400: Check400) -> None:
    body = {"manifest_id": "ACME/1", "shipment_ids": [5857001, "abc"], "pieces": 0}
    found = check_400(client.post("/customs/manifests", json=body))
    assert {"manifest_id", "shipment_ids[0]", "shipment_ids[1]", "pieces"} <= set(found)
    assert "shipment_ids" in check_400(
        client.post(
            "/customs/manifests", json={"manifest_id": "M", "shipment_ids": [], "pieces": 1}
        )
    )


def test_flex_account_gets_no_manifests(
    sandbox: SandboxServer, client: httpx.Client, flex_client: httpx.Client
) -> None:
    body = {"manifest_id": "FLEX_1", "shipment_ids": [1], "pieces": 1}
    r = flex_client.post("/customs/manifests", json=body)
    assert r.status_code == 400
    assert r.json()["detail"] == "manifests are not used for Seven Senders Flex accounts"
    assert client.post("/customs/manifests", json=body).json()["detail"] != r.json()["detail"]
    sandbox.control.config(flex=True)
    assert client.post("/customs/manifests", json=body).json()["detail"] == r.json()["detail"]
