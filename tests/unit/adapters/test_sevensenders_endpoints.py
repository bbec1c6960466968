"""Every endpoint: what goes on the wire and what comes back as domain objects."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from packstation.adapters.sevensenders import HttpShippingApi, base_url_for
from packstation.domain.environment import Environment
from packstation.domain.errors import NotFound, ValidationFailed
from packstation.domain.shipping import (
    Carrier,
    CarrierInfo,
    CollectionPoint,
    CustomsArticle,
    CustomsShipmentFilter,
    CustomsShipmentRequest,
    CustomsShipmentUpdate,
    Label,
    LabelFormat,
    ManifestRequest,
    NewOrder,
    NewOrderItem,
    OpeningSpan,
    OrderFilter,
    OrderState,
    OrderUpdate,
    Product,
    ProductImage,
    PudoSearch,
    ShipmentFilter,
    ShipmentRequest,
)
from packstation.ports import ShippingApi
from tests.unit.adapters.sevensenders_mock import (
    BASE_URL,
    Harness,
    a_label_request,
    an_address,
    body_of,
    label_json,
    order_json,
    reply,
)

WHEN = datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def test_http_api_satisfies_the_port(harness: Harness) -> None:
    api: ShippingApi = harness.api
    assert api is harness.api


# --------------------------------------------------------------------------- environments


@pytest.mark.parametrize(
    ("env", "url"),
    [
        (Environment.UAT, "https://api-uat.sevensenders.com/v2"),
        ("production", "https://api.sevensenders.com/v2"),
        (" UAT ", "https://api-uat.sevensenders.com/v2"),
    ],
)
def test_environment_urls(env: Environment | str, url: str) -> None:
    assert base_url_for(env) == url


def test_explicit_base_url_wins_and_sandbox_needs_one() -> None:
    assert base_url_for("sandbox", "http://127.0.0.1:8123/v2") == "http://127.0.0.1:8123/v2"
    with pytest.raises(ValueError, match="needs a base URL"):
        base_url_for(Environment.SANDBOX)
    with pytest.raises(ValueError, match="unknown Seven Senders environment 'staging'"):
        base_url_for("staging")


@pytest.mark.asyncio
async def test_bad_base_url_is_refused(harness: Harness) -> None:
    with pytest.raises(ValueError, match="http"):
        HttpShippingApi(harness.client, "ftp://example.com/v2", "key")


@pytest.mark.asyncio
@pytest.mark.parametrize("base", ["https://api.test/v2", "https://api.test/v2/"])
async def test_url_joining_with_or_without_trailing_slash(harness: Harness, base: str) -> None:
    harness.router.add("GET", "/v2/carriers", reply(200, []))
    api = harness.build(base_url=base)
    await api.list_carriers()
    assert str(harness.router.last("GET", "/v2/carriers").url) == "https://api.test/v2/carriers"
    assert repr(api) == "HttpShippingApi(base_url='https://api.test/v2/')"


@pytest.mark.asyncio
async def test_ids_are_escaped_in_paths(harness: Harness) -> None:
    harness.router.add("GET", "/v2/orders/A/1 x", reply(200, order_json(order_id="A/1 x")))
    await harness.api.get_order("A/1 x")
    request = harness.router.requests[-1]
    assert request.url.raw_path == b"/v2/orders/A%2F1%20x"
    with pytest.raises(ValidationFailed, match="No id was given"):
        await harness.api.get_order(" ")


@pytest.mark.asyncio
async def test_requests_carry_json_headers(harness: Harness) -> None:
    harness.router.add("GET", "/v2/carriers", reply(200, []))
    await harness.api.list_carriers()
    request = harness.router.last("GET", "/v2/carriers")
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("packstation/")
    assert request.extensions["timeout"] == {
        "connect": 5.0,
        "read": 30.0,
        "write": 30.0,
        "pool": 5.0,
    }


# --------------------------------------------------------------------------- carriers, orders


@pytest.mark.asyncio
async def test_list_carriers(harness: Harness) -> None:
    harness.router.add(
        "GET",
        "/v2/carriers",
        reply(
            200,
            [
                {"code": "dhl", "name": "DHL", "countries": ["de", "AT"], "extra": True},
                {"carrier": "deutschepost", "label": "Deutsche Post", "allowedCountries": ["de"]},
            ],
        ),
    )
    assert await harness.api.list_carriers() == [
        CarrierInfo("dhl", "DHL", ("DE", "AT")),
        CarrierInfo("deutschepost", "Deutsche Post", ("DE",)),
    ]


@pytest.mark.asyncio
async def test_create_order(harness: Harness) -> None:
    harness.router.add("POST", "/v2/orders", reply(201, order_json(id="4711")))
    order = await harness.api.create_order(
        NewOrder(
            "A100",
            WHEN,
            order_url="https://shop.example/orders/A100",
            language="de",
            boarding_complete=False,
            tags={"channel": "web"},
        )
    )
    assert body_of(harness.router.last("POST", "/v2/orders")) == {
        "order_id": "A100",
        "order_date": "2026-11-20T09:15:00+00:00",
        "order_url": "https://shop.example/orders/A100",
        "language": "de",
        "boarding_complete": False,
        "order_tags": {"channel": "web"},
    }
    assert order.id == 4711  # numeric id stays int even when sent as a string
    assert order.order_id == "A100"
    assert order.state == "paid"
    assert [s.state for s in order.states_history] == ["new", "paid"]
    assert order.tags == {"channel": "web"}


@pytest.mark.asyncio
async def test_list_orders_with_every_filter(harness: Harness) -> None:
    harness.router.add(
        "GET", "/v2/orders", reply(200, [order_json(), order_json(id=2, order_id=7)])
    )
    orders = await harness.api.list_orders(
        OrderFilter(
            order_id="A100",
            state="paid",
            order_date_before=WHEN,
            order_date_after=datetime(2026, 11, 1, tzinfo=UTC),
            page=2,
            limit=50,
        )
    )
    assert [o.order_id for o in orders] == ["A100", "7"]
    params = harness.router.last("GET", "/v2/orders").url.params
    assert dict(params) == {
        "order_id": "A100",
        "state": "paid",
        "order_date[before]": "2026-11-20T09:15:00+00:00",
        "order_date[after]": "2026-11-01T00:00:00+00:00",
        "page": "2",
        "limit": "50",
    }


@pytest.mark.asyncio
async def test_list_orders_accepts_a_hydra_collection(harness: Harness) -> None:
    harness.router.add("GET", "/v2/orders", reply(200, {"hydra:member": [order_json()]}))
    assert len(await harness.api.list_orders(OrderFilter())) == 1


@pytest.mark.asyncio
async def test_find_order(harness: Harness) -> None:
    harness.router.add(
        "GET", "/v2/orders", reply(200, [order_json(order_id="A1000")]), reply(200, [])
    )
    assert await harness.api.find_order("A100") is None  # a partial match is not the order
    assert await harness.api.find_order("A100") is None
    assert harness.router.last("GET", "/v2/orders").url.params["order_id"] == "A100"


@pytest.mark.asyncio
async def test_find_order_found(harness: Harness) -> None:
    harness.router.add("GET", "/v2/orders", reply(200, [order_json()]))
    found = await harness.api.find_order("A100")
    assert found is not None
    assert found.id == 4711


@pytest.mark.asyncio
async def test_find_order_reads_every_page(harness: Harness) -> None:
    """An API that ignores the order_id filter: the order is on page 3 of 100 a page."""
    wanted = 250

    def page(request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["page"]), int(request.url.params["limit"])
        rows = [
            order_json(id=n, iri=f"/v2/orders/{n}", order_id=f"B{n}")
            for n in range((number - 1) * size, min(number * size, 260))
        ]
        return httpx.Response(200, json=rows)

    harness.router.add("GET", "/v2/orders", page)
    found = await harness.api.find_order(f"B{wanted}")
    assert found is not None
    assert found.id == wanted
    pages = [int(r.url.params["page"]) for r in harness.router.calls("GET", "/v2/orders")]
    assert pages == [1, 2, 3]
    assert await harness.api.find_order("B999") is None  # stops at the short page 3
    assert len(harness.router.calls("GET", "/v2/orders")) == 6


@pytest.mark.asyncio
async def test_find_order_reads_on_when_the_server_caps_the_page_size(harness: Harness) -> None:
    """Asked for 100 a page, the server gives 30: a short first page is not the last."""

    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        rows = [
            order_json(id=n, order_id=f"B{n}")
            for n in range((number - 1) * 30, min(number * 30, 95))
        ]
        return httpx.Response(200, json=rows)

    harness.router.add("GET", "/v2/orders", page)
    found = await harness.api.find_order("B90")
    assert found is not None
    assert found.id == 90
    assert await harness.api.find_order("B999") is None
    pages = [int(r.url.params["page"]) for r in harness.router.calls("GET", "/v2/orders")]
    assert pages == [1, 2, 3, 4, 1, 2, 3, 4]  # page 4 (5 rows) is shorter: the last


@pytest.mark.asyncio
async def test_find_order_stops_when_the_server_ignores_the_page(harness: Harness) -> None:
    rows = [order_json(id=n, order_id=f"B{n}") for n in range(100)]
    harness.router.add("GET", "/v2/orders", reply(200, rows))
    assert await harness.api.find_order("B999") is None
    assert len(harness.router.calls("GET", "/v2/orders")) == 2


@pytest.mark.asyncio
async def test_ids_are_derived_from_the_iri_when_only_the_iri_comes(harness: Harness) -> None:
    only_iri = {k: v for k, v in order_json(iri="/v2/orders/9001").items() if k != "id"}
    harness.router.add("POST", "/v2/orders", reply(201, only_iri))
    created = await harness.api.create_order(
        NewOrder(order_id="A100", order_date=WHEN, language="de")
    )
    assert created.id == 9001
    label = {k: v for k, v in label_json().items() if k != "id"} | {"iri": "/v2/labels/777"}
    harness.router.add("POST", "/v2/labels", reply(201, label))
    (bought,) = await harness.api.create_label(a_label_request())
    assert bought.id == "777"
    ld = {"@id": "/v2/customs/manifests/12", "manifest_id": "M-1", "pieces": 1}
    harness.router.add("POST", "/v2/customs/manifests", reply(201, ld))
    manifest = await harness.api.create_manifest(
        ManifestRequest(manifest_id="M-1", shipment_ids=("5",), pieces=1)
    )
    assert manifest.id == "12"


@pytest.mark.asyncio
async def test_get_order_by_numeric_id_or_order_id(harness: Harness) -> None:
    harness.router.add("GET", "/v2/orders/4711", reply(200, order_json()))
    harness.router.add("GET", "/v2/orders/A100", reply(200, order_json()))
    assert (await harness.api.get_order(4711)).order_id == "A100"
    assert (await harness.api.get_order("A100")).id == 4711


@pytest.mark.asyncio
async def test_update_and_delete_order(harness: Harness) -> None:
    harness.router.add("PUT", "/v2/orders/4711", reply(200, order_json(boarding_complete=True)))
    harness.router.add("DELETE", "/v2/orders/4711", reply(204))
    order = await harness.api.update_order(4711, OrderUpdate(boarding_complete=True))
    assert order.boarding_complete is True
    assert body_of(harness.router.last("PUT", "/v2/orders/4711")) == {"boarding_complete": True}
    await harness.api.delete_order(4711)
    assert harness.router.calls("DELETE", "/v2/orders/4711")


@pytest.mark.asyncio
async def test_post_order_state(harness: Harness) -> None:
    harness.router.add(
        "POST",
        "/v2/order_states",
        reply(
            201,
            {
                "id": 9,
                "iri": "/v2/order_states/9",
                "order_id": "A100",
                "state": "in_preparation",
                "datetime": "2027-01-15T08:00:00+00:00",
            },
        ),
    )
    posted = await harness.api.post_order_state("A100", OrderState.IN_PREPARATION)
    assert body_of(harness.router.last("POST", "/v2/order_states")) == {
        "order_id": "A100",
        "state": "in_preparation",
        "datetime": "2027-01-15T08:00:00+00:00",  # from the injected clock
    }
    assert posted.id == 9
    assert posted.state == "in_preparation"


# --------------------------------------------------------------------------- order items


@pytest.mark.asyncio
async def test_order_items(harness: Harness) -> None:
    item = {
        "id": 1,
        "order_id": "A100",
        "sku": "SKU-1",
        "name": "T-Shirt",
        "ean": "4006381333931",
        "quantity": 2,
        "shipment_id": None,
        "image_url": "http://127.0.0.1:1/media/SKU-1.png",
    }
    harness.router.add("POST", "/v2/order_items", reply(201, item))
    harness.router.add("GET", "/v2/order_items", reply(200, [item]))
    harness.router.add("PUT", "/v2/order_items/1", reply(200, item | {"shipment_id": 77}))

    created = await harness.api.create_order_item(
        NewOrderItem("A100", "SKU-1", 2, name="T-Shirt", ean="4006381333931")
    )
    assert created.id == "1"
    assert body_of(harness.router.last("POST", "/v2/order_items")) == {
        "order_id": "A100",
        "sku": "SKU-1",
        "name": "T-Shirt",
        "quantity": 2,
        "ean": "4006381333931",
    }
    items = await harness.api.list_order_items("A100")
    assert harness.router.last("GET", "/v2/order_items").url.params["order_id"] == "A100"
    assert items[0].image_url == "http://127.0.0.1:1/media/SKU-1.png"
    linked = await harness.api.link_order_item("1", "77")
    assert linked.shipment_id == "77"
    assert body_of(harness.router.last("PUT", "/v2/order_items/1")) == {"shipment_id": "77"}
    await harness.api.link_order_item("1", None)
    assert body_of(harness.router.last("PUT", "/v2/order_items/1")) == {"shipment_id": None}


# --------------------------------------------------------------------------- shipments


SHIPMENT = {
    "id": 77,
    "iri": "/v2/shipments/77",
    "order_id": "A100",
    "carrier": {"name": "dhl", "country": "DE"},
    "carrier_service": "standard",
    "tracking_code": "0034",
    "reference_number": None,
    "status": "new",
    "carrier_tracking_url": "https://track.example/0034",
    "label_id": None,
    "return_parcel": False,
}


@pytest.mark.asyncio
async def test_shipments(harness: Harness) -> None:
    harness.router.add("POST", "/v2/shipments", reply(201, SHIPMENT))
    harness.router.add("GET", "/v2/shipments/77", reply(200, SHIPMENT))
    harness.router.add("GET", "/v2/shipments", reply(200, [SHIPMENT]))
    harness.router.add("DELETE", "/v2/shipments/77", reply(204))

    shipment = await harness.api.create_shipment(
        ShipmentRequest(
            "A100",
            Carrier("dhl", "DE"),
            an_address(),
            tracking_code="0034",
            warehouse="Main",
            planned_pickup=WHEN,
            goods_value=Decimal("10.50"),
            goods_value_currency="EUR",
            weight_g=1250,
        )
    )
    assert shipment.id == "77"
    assert shipment.carrier == Carrier("dhl", "DE")
    assert body_of(harness.router.last("POST", "/v2/shipments")) == {
        "order_id": "A100",
        "carrier": {"name": "dhl", "country": "DE"},
        "carrier_service": "standard",
        "tracking_code": "0034",
        "recipient_first_name": "Anna",
        "recipient_last_name": "Müller",
        "recipient_email": "anna@example.de",
        "recipient_zip": "10435",
        "recipient_city": "Berlin",
        "recipient_country": "DE",
        "recipient_address": "Schwedter Str. 36A",
        "warehouse": "Main",
        "planned_pickup_datetime": "2026-11-20T09:15:00+00:00",
        "return_parcel": False,
        "pickup_point_selected": False,
        "goods_value": 10.5,
        "goods_value_currency": "EUR",
        "weight": 1.25,
    }
    assert (await harness.api.get_shipment("77")).tracking_code == "0034"
    found = await harness.api.list_shipments(ShipmentFilter(order_id="A100", tracking_code="0034"))
    assert [s.id for s in found] == ["77"]
    assert dict(harness.router.last("GET", "/v2/shipments").url.params) == {
        "order_id": "A100",
        "tracking_code": "0034",
        "page": "1",  # the first page holds it: no more asked for
        "limit": "100",
    }
    await harness.api.delete_shipment("77")


# --------------------------------------------------------------------------- labels


@pytest.mark.asyncio
async def test_create_label_sends_the_documented_fields(harness: Harness) -> None:
    harness.router.add("POST", "/v2/labels", reply(201, label_json(format="zpl")))
    request = a_label_request(
        format=LabelFormat.ZPL,
        sender=an_address(first_name="Lager", last_name="Team", company_name="ACME"),
        warehouse="Main",
        collection_point=CollectionPoint("004694", name1="Paris Telecom", zip="75017"),
        package_no=1,
        package_count=2,
        weight_g=800,
    )
    [label] = await harness.api.create_label(request)
    body = body_of(harness.router.last("POST", "/v2/labels"))
    assert body["order_id"] == "A100"
    assert body["format"] == "zpl"
    assert body["carrier"] == {"name": "dhl", "country": "DE"}
    assert body["reference_number"] == "A100-1"
    assert body["recipient_street"] == "Schwedter Str."
    assert body["recipient_house_no"] == "36A"
    assert body["sender_company_name"] == "ACME"
    assert body["pudo_id"] == "004694"
    assert body["collection_point_zip"] == "75017"
    assert body["package_count"] == 2
    assert body["weight"] == 0.8
    assert "include_return_label" not in body
    assert "collection_point_name2" not in body  # empty strings are left out
    assert label == Label(
        id="501",
        shipment_id="77",
        order_id="A100",
        tracking_code="00340434161094042557",
        carrier=Carrier("dhl", "DE"),
        format=LabelFormat.ZPL,
        download_url=f"{BASE_URL}/label-download/501",
        reference_number="A100-1",
        return_parcel=False,
    )


@pytest.mark.asyncio
async def test_create_label_with_order_and_return_label_answers_a_list(harness: Harness) -> None:
    outbound = label_json(501)
    inbound = label_json(502, return_parcel=True, tracking_code="RET-1", label_url=None)
    harness.router.add("POST", "/v2/labels", reply(201, [outbound, inbound]))
    labels = await harness.api.create_label(
        a_label_request(include_return_label=True, order=NewOrder("A100", WHEN))
    )
    body = body_of(harness.router.last("POST", "/v2/labels"))
    assert body["include_return_label"] is True
    assert body["order"] == {"order_id": "A100", "order_date": "2026-11-20T09:15:00+00:00"}
    assert "order_id" not in body
    assert [(lb.id, lb.return_parcel) for lb in labels] == [("501", False), ("502", True)]
    assert labels[1].download_url == "label-download/502"  # fallback when no URL was given


@pytest.mark.asyncio
async def test_find_and_delete_labels(harness: Harness) -> None:
    harness.router.add("GET", "/v2/labels", reply(200, [label_json()]))
    harness.router.add("DELETE", "/v2/labels/501", reply(204))
    labels = await harness.api.find_labels("A100", "A100-1")
    assert [lb.id for lb in labels] == ["501"]
    assert dict(harness.router.last("GET", "/v2/labels").url.params) == {
        "order_id": "A100",
        "reference_number": "A100-1",
        "page": "1",  # the first page holds it: no more asked for
        "limit": "100",
    }
    await harness.api.delete_label("501")
    assert harness.router.calls("DELETE", "/v2/labels/501")


def _label(url: str, fmt: LabelFormat = LabelFormat.PDF) -> Label:
    return Label("501", "77", "A100", "0034", Carrier("dhl", "DE"), fmt, url)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "url",
    [
        f"{BASE_URL}/label-download/501",
        "/v2/label-download/501",
        "label-download/501",
    ],
)
async def test_download_pdf_from_the_api_host_sends_the_token(harness: Harness, url: str) -> None:
    pdf = b"%PDF-1.7\n..."
    harness.router.add(
        "GET",
        "/v2/label-download/501",
        reply(200, content=pdf, headers={"content-type": "application/pdf"}),
    )
    document = await harness.api.download_label(_label(url))
    assert document.content == pdf
    assert document.content_type == "application/pdf"
    assert document.format is LabelFormat.PDF
    request = harness.router.last("GET", "/v2/label-download/501")
    assert request.headers["authorization"].startswith("Bearer ")
    assert request.extensions["timeout"]["read"] == 60.0


@pytest.mark.asyncio
async def test_download_zpl(harness: Harness) -> None:
    zpl = b"^XA^PW812^LL1218^FO50,50^BCN,100^FD0034^FS^XZ"
    harness.router.add(
        "GET",
        "/v2/label-download/501",
        reply(200, content=zpl, headers={"content-type": "text/plain; charset=utf-8"}),
    )
    document = await harness.api.download_label(_label("label-download/501", LabelFormat.ZPL))
    assert document.content == zpl
    assert document.content_type == "text/plain"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.example/labels/501.pdf?sig=abc",
        "http://api.test/v2/label-download/501",  # another scheme is another origin
        "https://api.test:8443/v2/label-download/501",
    ],
)
async def test_download_from_another_host_goes_without_the_token(
    harness: Harness, url: str
) -> None:
    path = httpx.URL(url).path
    harness.router.add(
        "GET", path, reply(200, content=b"%PDF-1.4", headers={"content-type": "application/pdf"})
    )
    await harness.api.download_label(_label(url))
    request = harness.router.requests[-1]
    assert "authorization" not in request.headers
    assert harness.token_requests() == 0


@pytest.mark.asyncio
async def test_download_follows_a_redirect_without_leaking_the_token(harness: Harness) -> None:
    harness.router.add(
        "GET",
        "/v2/label-download/501",
        reply(302, headers={"location": "https://cdn.example/l/501.pdf"}),
    )
    harness.router.add(
        "GET",
        "/l/501.pdf",
        reply(200, content=b"%PDF-1.4", headers={"content-type": "application/octet-stream"}),
    )
    document = await harness.api.download_label(_label("label-download/501"))
    assert document.content == b"%PDF-1.4"
    assert "authorization" not in harness.router.last("GET", "/l/501.pdf").headers


# --------------------------------------------------------------------------- customs


CUSTOMS = {
    "id": 31,
    "iri": "/v2/customs/shipments/31",
    "shipment_id": 77,
    "order_id": "A101",
    "incoterm": "DDP",
    "tracking_code": "0034",
    "planned_pickup_datetime": "2026-11-21T12:00:00+01:00",
    "departure_country": "DE",
    "invoice_id": "INV-1",
    "articles": [
        {
            "sku": "SKU-1",
            "description": "T-Shirt",
            "hs_code": "610910",
            "quantity": 2,
            "unit_value": "19.90",
            "currency": "EUR",
            "net_weight_kg": 0.18,
            "country_of_origin": "PT",
        }
    ],
    "status": "received",
    "manifest_id": None,
    "type": "outbound",
}
ARTICLE = CustomsArticle(
    "SKU-1", "T-Shirt", "610910", 2, Decimal("19.90"), "EUR", Decimal("0.18"), "PT"
)


@pytest.mark.asyncio
async def test_customs_shipments(harness: Harness) -> None:
    harness.router.add("POST", "/v2/customs/shipments", reply(201, CUSTOMS))
    harness.router.add("GET", "/v2/customs/shipments", reply(200, [CUSTOMS]))
    harness.router.add("GET", "/v2/customs/shipments/31", reply(200, CUSTOMS))
    harness.router.add("PUT", "/v2/customs/shipments/31", reply(200, CUSTOMS | {"incoterm": "DAP"}))
    harness.router.add("DELETE", "/v2/customs/shipments/31", reply(204))

    created = await harness.api.create_customs_shipment(
        CustomsShipmentRequest(
            shipment_id="77",
            order_id="A101",
            incoterm="DDP",
            tracking_code="0034",
            planned_pickup=WHEN,
            departure_country="DE",
            articles=(ARTICLE,),
            invoice_id="INV-1",
        )
    )
    assert created.id == "31"
    assert created.shipment_id == "77"
    assert created.articles == (ARTICLE,)
    assert body_of(harness.router.last("POST", "/v2/customs/shipments")) == {
        "shipment_id": "77",
        "order_id": "A101",
        "incoterm": "DDP",
        "tracking_code": "0034",
        "planned_pickup_datetime": "2026-11-20T09:15:00+00:00",
        "departure_country": "DE",
        "invoice_id": "INV-1",
        "articles": [
            {
                "sku": "SKU-1",
                "description": "T-Shirt",
                "hs_code": "610910",
                "quantity": 2,
                "unit_value": "19.90",
                "currency": "EUR",
                "net_weight_kg": 0.18,
                "country_of_origin": "PT",
            }
        ],
    }
    listed = await harness.api.list_customs_shipments(
        CustomsShipmentFilter(order_id="A101", types=("outbound", "return"), return_inspected=False)
    )
    assert [c.id for c in listed] == ["31"]
    # the same answer to page 2 (a server without pages) ends the list
    assert harness.router.last("GET", "/v2/customs/shipments").url.params.multi_items() == [
        ("order_id", "A101"),
        ("types[]", "outbound"),
        ("types[]", "return"),
        ("return_inspected", "false"),
        ("page", "2"),
        ("limit", "100"),
    ]
    assert (await harness.api.get_customs_shipment("31")).status == "received"
    updated = await harness.api.update_customs_shipment("31", CustomsShipmentUpdate(incoterm="DAP"))
    assert updated.incoterm == "DAP"
    assert body_of(harness.router.last("PUT", "/v2/customs/shipments/31")) == {"incoterm": "DAP"}
    await harness.api.delete_customs_shipment("31")


@pytest.mark.asyncio
async def test_manifests(harness: Harness) -> None:
    manifest = {
        "id": 3,
        "manifest_id": "ACME_M1",
        "shipment_ids": [31, "32"],
        "pieces": 2,
        "status": "submitted",
        "reference": "ref",
    }
    harness.router.add("POST", "/v2/customs/manifests", reply(201, manifest))
    harness.router.add("GET", "/v2/customs/manifests/ACME_M1", reply(200, manifest))
    created = await harness.api.create_manifest(
        ManifestRequest("ACME_M1", ("31", "32"), 2, reference="ref")
    )
    assert created.shipment_ids == ("31", "32")
    assert body_of(harness.router.last("POST", "/v2/customs/manifests")) == {
        "manifest_id": "ACME_M1",
        "shipment_ids": ["31", "32"],
        "pieces": 2,
        "reference": "ref",
    }
    assert (await harness.api.get_manifest("ACME_M1")).status == "submitted"


# --------------------------------------------------------------------------- PUDO


LOCATION = {
    "carrier_name": "mondialrelay",
    "location_type": "POST_OFFICE",
    "location_id": "004694",
    "location_code": "002318317571238",
    "address": {
        "name": "Paris Telecom",
        "alternative_name": "4694 Ternes",
        "country": "FR",
        "city": "Paris",
        "zip": "75017",
        "address_line": "58 Av. des Ternes",
        "street": "Av. des Ternes",
        "house_no": "58",
    },
    "opening_hours": {
        "monday": [
            {"from": {"hours": 9, "minutes": 0}, "to": {"hours": 12, "minutes": 30}},
            {"from": {"hours": 14, "minutes": 0}, "to": {"hours": 19, "minutes": 0}},
        ],
        "sunday": [],
    },
    "coordinates": {"latitude": 48.87934, "longitude": 2.47934},
    "parcel_sizes": ["L", "XS"],
    "distance": 120,
    "temporary_closures": [{"from": "2026-12-24", "to": "2026-12-26"}],
}


@pytest.mark.asyncio
async def test_pudo_by_coordinates(harness: Harness) -> None:
    harness.router.add("GET", "/v2/pudo/locations", reply(200, [LOCATION]))
    [point] = await harness.api.search_pudo(
        PudoSearch.by_coordinates(
            ("mondialrelay", "dhl"), "FR", 48.87934, 2.47934, max_distance_m=2000, max_results=10
        )
    )
    assert harness.router.last("GET", "/v2/pudo/locations").url.params.multi_items() == [
        ("country", "FR"),
        ("carrier_names[]", "mondialrelay"),
        ("carrier_names[]", "dhl"),
        ("latitude", "48.87934"),
        ("longitude", "2.47934"),
        ("max_distance", "2000"),
        ("max_number_of_results", "10"),
    ]
    assert point.location_id == "004694"
    assert point.address_line == "58 Av. des Ternes"
    assert point.opening_hours["monday"] == (OpeningSpan(540, 750), OpeningSpan(840, 1140))
    assert point.opening_hours["sunday"] == ()
    assert point.distance_m == 120
    assert point.closures[0].start == "2026-12-24"


@pytest.mark.asyncio
async def test_pudo_by_address_and_bulk(harness: Harness) -> None:
    harness.router.add("GET", "/v2/pudo/locations", reply(200, []))
    await harness.api.search_pudo(
        PudoSearch.by_address(
            ("mondialrelay",), "FR", "75017", city="Paris", street="Av. des Ternes", opening_days=7
        )
    )
    assert harness.router.last("GET", "/v2/pudo/locations").url.params.multi_items() == [
        ("country", "FR"),
        ("carrier_names[]", "mondialrelay"),
        ("zip", "75017"),
        ("city", "Paris"),
        ("street", "Av. des Ternes"),
        ("opening_days", "7"),
    ]
    await harness.api.search_pudo(PudoSearch.all_points("dhl", "DE"))
    assert harness.router.last("GET", "/v2/pudo/locations").url.params.multi_items() == [
        ("country", "DE"),
        ("carrier_name", "dhl"),
    ]


@pytest.mark.asyncio
async def test_pudo_search_needs_a_position_or_postcode(harness: Harness) -> None:
    with pytest.raises(ValidationFailed, match="position or a postcode"):
        await harness.api.search_pudo(PudoSearch(country="FR", carriers=("mondialrelay",)))
    with pytest.raises(ValidationFailed, match="Choose a carrier"):
        await harness.api.search_pudo(PudoSearch(country="FR", carriers=(), zip="75017"))
    assert harness.router.requests == []


# --------------------------------------------------------------------------- products


PRODUCT = {
    "sku": "SKU-1",
    "customs_description": "T-Shirt",
    "customs_item_value": "19.90",
    "customs_tariff_code_sending_country": "610910",
    "customs_tariff_code_receiving_country": "6109100000",
    "customs_origin_country_iso2": "PT",
    "image_url": None,
}


@pytest.mark.asyncio
async def test_products(harness: Harness) -> None:
    """Found by SKU (a filtered list); item URLs carry 7S's id, derived from the IRI."""
    at_7s = PRODUCT | {"iri": "/v2/products/77"}
    harness.router.add("POST", "/v2/products", reply(201, at_7s))
    harness.router.add(
        "GET", "/v2/products", reply(200, [PRODUCT | {"sku": "SKU-10", "id": 78}, at_7s])
    )
    harness.router.add("PUT", "/v2/products/77", reply(200, at_7s))
    harness.router.add("DELETE", "/v2/products/77", reply(204))
    product = Product(
        "SKU-1",
        customs_description="T-Shirt",
        customs_item_value=Decimal("19.90"),
        tariff_code_sending="610910",
        tariff_code_receiving="6109100000",
        origin_country="PT",
    )
    assert await harness.api.create_product(product) == product
    assert body_of(harness.router.last("POST", "/v2/products")) == {
        k: v for k, v in PRODUCT.items() if v is not None
    }
    found = await harness.api.get_product("SKU-1")
    assert found == product
    assert found.id == "77"
    assert harness.router.last("GET", "/v2/products").url.params["sku"] == "SKU-1"
    assert await harness.api.update_product(found) == product
    assert len(harness.router.calls("GET", "/v2/products")) == 1  # the id was known
    assert await harness.api.update_product(product) == product  # no id: looked up by SKU
    assert len(harness.router.calls("GET", "/v2/products")) == 2
    await harness.api.delete_product("SKU-1")
    assert harness.router.calls("DELETE", "/v2/products/77")
    with pytest.raises(NotFound, match="no product SKU-2"):
        await harness.api.get_product("SKU-2")


@pytest.mark.asyncio
@pytest.mark.parametrize("content", [PNG, JPEG])
async def test_upload_product_image(harness: Harness, content: bytes) -> None:
    import base64

    harness.router.add(
        "PUT", "/v2/product_images", reply(200, PRODUCT | {"image_url": "http://x/media/1.png"})
    )
    product = await harness.api.upload_product_image(ProductImage("SKU-1", "a.png", content))
    assert product.image_url == "http://x/media/1.png"
    assert body_of(harness.router.last("PUT", "/v2/product_images")) == {
        "sku": "SKU-1",
        "attachment": base64.b64encode(content).decode(),
        "filename": "a.png",
    }


@pytest.mark.asyncio
@pytest.mark.parametrize("content", [b"GIF89a....", b"", b"%PDF-1.4"])
async def test_upload_refuses_non_images_before_sending(harness: Harness, content: bytes) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await harness.api.upload_product_image(ProductImage("SKU-1", "a.gif", content))
    assert "is not a JPEG or PNG file" in caught.value.message
    assert caught.value.for_field("attachment")
    assert harness.router.requests == []


@pytest.mark.asyncio
async def test_delete_product_image(harness: Harness) -> None:
    harness.router.add(
        "GET",
        "/v2/products",
        reply(200, [PRODUCT | {"id": 77}]),
        reply(200, [PRODUCT | {"sku": "SKU-9", "id": 79}]),
        reply(200, []),
    )
    harness.router.add("DELETE", "/v2/product_images/77", reply(204))
    await harness.api.delete_product_image("SKU-1")
    harness.router.add("DELETE", "/v2/product_images/79", reply(404, {"title": "Not Found"}))
    with pytest.raises(NotFound, match="the product image"):
        await harness.api.delete_product_image("SKU-9")
    with pytest.raises(NotFound, match="no product SKU-5"):
        await harness.api.delete_product_image("SKU-5")
