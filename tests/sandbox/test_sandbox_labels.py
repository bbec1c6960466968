"""Labels, label documents (PDF/ZPL), shipments."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import httpx
import pypdf
import pytest

from packstation.sandbox import SandboxServer
from tests.sandbox.conftest import order_url

Check400 = Callable[[httpx.Response], dict[str, str]]
LabelBody = Callable[..., dict[str, Any]]
UNIQUE = "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"


def test_label_creates_shipment_and_ships_the_order(
    sandbox: SandboxServer, client: httpx.Client, label_body: LabelBody
) -> None:
    r = client.post("/labels", json=label_body("A100"))
    assert r.status_code == 201
    label = r.json()
    assert set(label) >= {
        "id",
        "shipment_id",
        "order_id",
        "tracking_code",
        "carrier",
        "format",
        "label_url",
        "reference_number",
        "return_parcel",
    }
    assert isinstance(label["id"], int)
    assert isinstance(label["shipment_id"], int)
    assert label["carrier"] == {"name": "dhl", "country": "DE"}
    assert label["label_url"] == f"{sandbox.base_url}/label-download/{label['id']}"
    assert label["return_parcel"] is False
    assert label["tracking_code"].startswith("00340434")
    order = client.get(order_url(client, "A100")).json()
    assert order["state"] == "shipped"
    assert order["shipments"] == [label["shipment_id"]]
    shipment = client.get(f"/shipments/{label['shipment_id']}").json()
    assert shipment["tracking_code"] == label["tracking_code"]
    assert shipment["label_id"] == label["id"]
    assert shipment["status"] == "new"
    assert shipment["carrier_tracking_url"].endswith(label["tracking_code"])
    with sandbox.state.lock:
        assert sandbox.state.labels[label["id"]].reference_number == "A100-P1"


def test_tracking_codes_are_unique(client: httpx.Client, label_body: LabelBody) -> None:
    codes = {
        client.post("/labels", json=label_body("A109", reference_number=f"R{n}")).json()[
            "tracking_code"
        ]
        for n in range(5)
    }
    assert len(codes) == 5


def test_label_validation(client: httpx.Client, check_400: Check400) -> None:
    found = check_400(client.post("/labels", json={"format": "gif"}))
    assert {
        "order_id",
        "carrier",
        "format",
        "recipient_zip",
        "recipient_street",
        "recipient_email",
        "recipient_country",
    } <= set(found)
    assert found["recipient_zip"] == "c1051bb4-d103-4f74-8988-acbcafc7fdc3"


def test_label_rules(client: httpx.Client, check_400: Check400, label_body: LabelBody) -> None:
    assert "order_id" in check_400(
        client.post("/labels", json={**label_body(), "order_id": "NOPE"})
    )
    bad_carrier = label_body(carrier={"name": "pigeon", "country": "DE"})
    assert "carrier.name" in check_400(client.post("/labels", json=bad_carrier))
    too_far = label_body(package_no=3, package_count=2)
    assert "package_no" in check_400(client.post("/labels", json=too_far))
    bad_pudo = label_body("A104", pudo_id="999999")
    assert "pudo_id" in check_400(client.post("/labels", json=bad_pudo))


def test_duplicate_reference_number(
    client: httpx.Client, check_400: Check400, label_body: LabelBody
) -> None:
    assert client.post("/labels", json=label_body()).status_code == 201
    assert check_400(client.post("/labels", json=label_body())) == {"reference_number": UNIQUE}


def test_embedded_order_creates_the_order(client: httpx.Client, label_body: LabelBody) -> None:
    body = label_body("A100", reference_number="N1")
    del body["order_id"]
    body["order"] = {
        "order_id": "NEW-1",
        "order_date": "2026-11-29T09:00:00+01:00",
        "language": "de",
        "boarding_complete": True,
    }
    r = client.post("/labels", json=body)
    assert r.status_code == 201
    assert r.json()["order_id"] == "NEW-1"
    order = client.get(order_url(client, "NEW-1")).json()
    assert order["state"] == "shipped"
    assert order["boarding_complete"] is True


def test_include_return_label_gives_two_labels(client: httpx.Client, label_body: LabelBody) -> None:
    r = client.post("/labels", json=label_body("A105", include_return_label=True))
    assert r.status_code == 201
    outbound, back = r.json()
    assert outbound["return_parcel"] is False
    assert back["return_parcel"] is True
    assert outbound["tracking_code"] != back["tracking_code"]
    assert back["reference_number"] == "A105-P1-R"
    assert client.get(f"/shipments/{back['shipment_id']}").json()["return_parcel"] is True


def test_list_labels_by_reference(client: httpx.Client, label_body: LabelBody) -> None:
    made = client.post("/labels", json=label_body("A100")).json()
    found = client.get("/labels", params={"reference_number": "A100-P1"}).json()
    assert found == [made]
    assert client.get("/labels", params={"order_id": "A101"}).json() == []
    assert client.get(f"/labels/{made['id']}").json() == made


def test_pdf_label(client: httpx.Client, label_body: LabelBody) -> None:
    body = label_body("A102", package_no=2, package_count=3, weight=1.25)
    label = client.post("/labels", json=body).json()
    r = client.get(label["label_url"])
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(r.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (288.0, 432.0)
    text = reader.pages[0].extract_text()
    for expected in (
        label["tracking_code"],
        "Parcel 2 of 3",
        "A102",
        "Oliver Smith",
        "NW1 6XE",
        "UPS",
    ):
        assert expected in text


@pytest.mark.parametrize(("fmt", "width", "length"), [("zpl", 812, 1218), ("zpl300", 1218, 1827)])
def test_zpl_label(
    client: httpx.Client, label_body: LabelBody, fmt: str, width: int, length: int
) -> None:
    label = client.post("/labels", json=label_body("A104", format=fmt, pudo_id="004694")).json()
    assert label["format"] == fmt
    r = client.get(f"/label-download/{label['id']}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    zpl = r.text
    assert zpl.lstrip().startswith("^XA")
    assert zpl.rstrip().endswith("^XZ")
    assert zpl.count("^XA") == zpl.count("^XZ") == 1
    assert f"^PW{width}" in zpl
    assert f"^LL{length}" in zpl
    assert "^CI28" in zpl
    assert re.search(r"\^BC[^\^]*\^FD" + label["tracking_code"] + r"\^FS", zpl)
    assert "^FDCamille Dubois^FS" in zpl
    assert "Parcel 1 of 1" in zpl
    assert "004694" in zpl  # the PUDO point


def test_label_download_without_v2_prefix(
    sandbox: SandboxServer, client: httpx.Client, label_body: LabelBody
) -> None:
    label = client.post("/labels", json=label_body(format="zpl")).json()
    r = client.get(f"{sandbox.root_url}/label-download/{label['id']}")
    assert r.status_code == 200
    assert r.text.startswith("^XA")
    assert client.get("/label-download/1").status_code == 404


def test_delete_label_removes_its_shipment(
    sandbox: SandboxServer, client: httpx.Client, label_body: LabelBody
) -> None:
    label = client.post("/labels", json=label_body()).json()
    assert client.delete(f"/labels/{label['id']}").status_code == 204
    assert client.get(f"/labels/{label['id']}").status_code == 404
    assert client.get(f"/shipments/{label['shipment_id']}").status_code == 404
    assert label["shipment_id"] not in sandbox.state.shipments
    assert client.delete(f"/labels/{label['id']}").status_code == 404


# ---------------------------------------------------------------- shipments
def shipment_body(order_id: str = "A100", **extra: Any) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "carrier": {"name": "dhl", "country": "DE"},
        "tracking_code": "00340434999999999999",
        "recipient_first_name": "Anna",
        "recipient_last_name": "Müller",
        "recipient_email": "anna@example.de",
        "recipient_address": "Schwedter Str. 36A",
        "recipient_zip": "10435",
        "recipient_city": "Berlin",
        "recipient_country": "DE",
        **extra,
    }


def test_post_shipment_ships_the_order(client: httpx.Client) -> None:
    r = client.post("/shipments", json=shipment_body(warehouse="Main", weight=0))
    assert r.status_code == 201
    shipment = r.json()
    assert shipment["iri"] == f"/v2/shipments/{shipment['id']}"
    assert shipment["carrier_tracking_url"].endswith("00340434999999999999")
    assert shipment["warehouse"] == "Main"
    assert shipment["label_id"] is None
    assert client.get(order_url(client, "A100")).json()["state"] == "shipped"
    listed = client.get("/shipments", params={"tracking_code": "00340434999999999999"}).json()
    assert [s["id"] for s in listed] == [shipment["id"]]


def test_shipment_rules(client: httpx.Client, check_400: Check400) -> None:
    found = check_400(client.post("/shipments", json=shipment_body(tracking_code=None)))
    assert "tracking_code" in found
    taken = shipment_body(tracking_code="00340434161094042557")  # A103's
    assert check_400(client.post("/shipments", json=taken)) == {"tracking_code": UNIQUE}
    missing = check_400(client.post("/shipments", json={"order_id": "A100"}))
    assert {"carrier", "recipient_address", "recipient_zip", "recipient_country"} <= set(missing)


def test_put_and_delete_shipment(
    sandbox: SandboxServer, client: httpx.Client, check_400: Check400
) -> None:
    shipment = client.post("/shipments", json=shipment_body()).json()
    r = client.put(f"/shipments/{shipment['id']}", json={"reference_number": "REF-9"})
    assert r.json()["reference_number"] == "REF-9"
    sandbox.control.deliver(shipment["id"])
    assert "status" in check_400(client.delete(f"/shipments/{shipment['id']}"))
    other = client.post("/shipments", json=shipment_body(tracking_code="X1")).json()
    assert client.delete(f"/shipments/{other['id']}").status_code == 204
    assert client.get(f"/shipments/{other['id']}").status_code == 404
