"""Uncertain wire names live in ``ApiNames`` and can be overridden from configuration."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    UNIQUE_VIOLATION_CODE,
    ApiNames,
    UnknownApiName,
)
from packstation.domain.errors import Duplicate, MalformedResponse, ValidationFailed
from packstation.domain.shipping import (
    Carrier,
    CustomsArticle,
    CustomsShipmentRequest,
    Label,
    LabelFormat,
    OrderFilter,
    OrderState,
    PudoSearch,
)
from tests.unit.adapters.sevensenders_mock import (
    Harness,
    a_label_request,
    body_of,
    label_json,
    order_json,
    reply,
)


def test_defaults_match_the_sandbox_contract() -> None:
    names = DEFAULT_NAMES
    assert names.paths.order_states == "order_states"
    assert names.paths.label_download == "label-download"
    assert names.paths.pudo_locations == "pudo/locations"
    assert names.paths.product_images == "product_images"
    assert names.label.label_url == "label_url"
    assert names.customs_article.articles == "articles"
    assert names.error.property_path == "propertyPath"
    assert names.unique_violation_code == UNIQUE_VIOLATION_CODE
    assert names.accepts_content_type("zpl", "text/plain; charset=utf-8")
    assert names.accepts_content_type("pdf", "Application/PDF")
    assert not names.accepts_content_type("pdf", "text/html")
    assert not names.accepts_content_type("webp", "image/webp")


def test_overrides_nested_and_dotted() -> None:
    names = ApiNames.with_overrides(
        {
            "paths": {
                "pudo_locations": "pudo-locations/",
                "orders": "order",
                "label_download": "/label-download/",
            },
            "label.tracking_code": "tracking_number",
            "download_content_types": {"zpl": "application/zpl, text/x-zpl"},
            "download_content_types.pdf": ["application/pdf"],
            "unique_violation_code": "dup",
        }
    )
    assert names.paths.pudo_locations == "pudo-locations"  # a trailing slash goes
    assert names.paths.label_download == "/label-download"  # root-relative: kept
    assert names.paths.orders == "order"
    assert names.paths.labels == "labels"  # untouched
    assert names.label.tracking_code == "tracking_number"
    assert names.download_content_types["zpl"] == ("application/zpl", "text/x-zpl")
    assert names.download_content_types["pdf"] == ("application/pdf",)
    assert names.unique_violation_code == "dup"
    assert DEFAULT_NAMES.paths.orders == "orders"  # the defaults are not changed
    # layered overrides keep earlier ones
    layered = names.overridden({"paths.orders": "orders2"})
    assert layered.paths.orders == "orders2"
    assert layered.paths.pudo_locations == "pudo-locations"
    assert ApiNames.with_overrides(None) == ApiNames.with_overrides({})


def test_the_names_item_8_asks_for_are_all_overridable() -> None:
    names = ApiNames.with_overrides(
        {
            "query": {"order_id": "shop_order_id", "page_size": "itemsPerPage"},
            "pudo.carrier_names": "carrier_names",
            "pudo_location.location_id": "id",
            "answers.list_key": "items",
            "label.envelope": "label",
            "label.document": "label_data",
        }
    )
    assert names.query.order_id == "shop_order_id"
    assert names.query.page_size == "itemsPerPage"
    assert names.query.page == "page"
    assert names.pudo.carrier_names == "carrier_names"
    assert names.pudo_location.location_id == "id"
    assert names.answers.list_key == "items"
    assert names.label.envelope == "label"
    assert names.label.document == "label_data"
    assert DEFAULT_NAMES.label.envelope == ""  # by default a label is the answer itself
    with pytest.raises(UnknownApiName, match="must name a path"):
        ApiNames.with_overrides({"paths.orders": "/"})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pathz": {"orders": "x"}}, "unknown Seven Senders name override 'pathz'"),
        ({"paths": {"order": "x"}}, "'paths.order'; known names in 'paths': token, carriers"),
        ({"label.trackingcode": "x"}, "'label.trackingcode'"),
        ({"paths": "orders"}, "must be a mapping"),
        ({"paths": {"orders": ""}}, "must be a non-empty string"),
        ({"paths": {"orders": 5}}, "must be a non-empty string"),
        ({"download_content_types": {"pdf": []}}, "at least one media type"),
        ({"download_content_types": {"pdf": 3}}, "list of media types"),
        ({"unique_violation_code.x": "y"}, "unknown Seven Senders name override"),
    ],
)
def test_unknown_or_bad_overrides_are_refused_clearly(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(UnknownApiName, match=message.replace("(", r"\(").replace(")", r"\)")):
        ApiNames.with_overrides(overrides)
    assert issubclass(UnknownApiName, ValueError)


@pytest.mark.asyncio
async def test_overridden_paths_and_label_keys_are_used(harness: Harness) -> None:
    names = ApiNames.with_overrides(
        {
            "paths": {"labels": "shipping-labels", "pudo_locations": "pudo"},
            "label": {"tracking_code": "tracking_number", "label_url": "download"},
        }
    )
    api = harness.build(names=names)
    harness.router.add(
        "POST",
        "/v2/shipping-labels",
        reply(
            201,
            {
                "id": 1,
                "shipment_id": 2,
                "tracking_number": "TN-1",
                "tracking_code": "ignored",
                "carrier": "dhl:DE",
                "download": "/files/1.pdf",
            },
        ),
    )
    harness.router.add("GET", "/v2/pudo", reply(200, []))
    [label] = await api.create_label(a_label_request())
    assert label.tracking_code == "TN-1"
    assert label.download_url == "/files/1.pdf"
    assert label.carrier == Carrier("dhl", "DE")
    assert label.format is LabelFormat.PDF  # the requested one, since the answer had none
    await api.search_pudo(PudoSearch.all_points("dhl", "DE"))


@pytest.mark.asyncio
async def test_overridden_customs_article_keys_are_used(harness: Harness) -> None:
    names = ApiNames.with_overrides(
        {"customs_article": {"articles": "items", "hs_code": "tariff_code"}}
    )
    api = harness.build(names=names)
    wire_article = {
        "sku": "S",
        "description": "d",
        "tariff_code": "610910",
        "quantity": 1,
        "unit_value": "5.00",
        "currency": "EUR",
        "net_weight_kg": 0.1,
        "country_of_origin": "DE",
    }
    harness.router.add(
        "POST",
        "/v2/customs/shipments",
        reply(
            201,
            {
                "id": 1,
                "shipment_id": 2,
                "order_id": "A",
                "status": "received",
                "items": [wire_article],
            },
        ),
    )
    article = CustomsArticle("S", "d", "610910", 1, Decimal("5.00"), "EUR", Decimal("0.1"), "DE")
    created = await api.create_customs_shipment(
        CustomsShipmentRequest(
            "2", "A", "DDP", "T", datetime(2026, 1, 1, tzinfo=UTC), "DE", articles=(article,)
        )
    )
    body = body_of(harness.router.last("POST", "/v2/customs/shipments"))
    assert body["items"] == [wire_article]
    assert "articles" not in body
    assert created.articles == (article,)


@pytest.mark.asyncio
async def test_overridden_error_keys_and_unique_code_are_used(harness: Harness) -> None:
    names = ApiNames.with_overrides(
        {
            "error": {"violations": "errors", "property_path": "field", "code": "type"},
            "unique_violation_code": "already_exists",
        }
    )
    api = harness.build(names=names)
    harness.router.add(
        "POST",
        "/v2/labels",
        reply(
            400,
            {
                "errors": [
                    {"field": "reference_number", "message": "taken", "type": "already_exists"}
                ]
            },
        ),
        reply(400, {"errors": [{"field": "recipient_zip", "message": "blank"}]}),
    )
    with pytest.raises(Duplicate) as dup:
        await api.create_label(a_label_request())
    assert dup.value.for_field("reference_number")[0].message == "taken"
    with pytest.raises(ValidationFailed) as invalid:
        await api.create_label(a_label_request())
    assert not isinstance(invalid.value, Duplicate)
    assert invalid.value.for_field("recipient_zip")


@pytest.mark.asyncio
async def test_overridden_content_types_are_used(harness: Harness) -> None:
    names = ApiNames.with_overrides({"download_content_types": {"zpl": ["application/zpl"]}})
    api = harness.build(names=names)
    harness.router.add(
        "GET",
        "/v2/label-download/1",
        reply(200, content=b"^XA^XZ", headers={"content-type": "application/zpl"}),
        reply(200, content=b"^XA^XZ", headers={"content-type": "text/plain"}),
    )
    label = Label("1", "2", "A", "T", Carrier("dhl", "DE"), LabelFormat.ZPL, "label-download/1")
    assert (await api.download_label(label)).content == b"^XA^XZ"
    from packstation.domain.errors import MalformedResponse

    with pytest.raises(MalformedResponse, match="came as text/plain instead of ZPL"):
        await api.download_label(label)


# --------------------------------------------------------------------------- item 8: the rest


@pytest.mark.asyncio
async def test_root_relative_paths_keep_their_slash(harness: Harness) -> None:
    api = harness.build(names=ApiNames.with_overrides({"paths.label_download": "/label-download"}))
    content = b"%PDF-1.4 test"
    harness.router.add(
        "GET",
        "/label-download/501",
        reply(200, content=content, headers={"content-type": "application/pdf"}),
    )
    no_url = {k: v for k, v in label_json().items() if k != "label_url"}
    harness.router.add("POST", "/v2/labels", reply(201, no_url))
    [label] = await api.create_label(a_label_request())
    assert label.download_url == "/label-download/501"  # from the root-relative path name
    document = await api.download_label(label)
    assert document.content == content
    assert harness.router.last("GET", "/label-download/501").url.host == "api.test"


@pytest.mark.asyncio
async def test_query_names_and_pages_follow_the_overrides(harness: Harness) -> None:
    api = harness.build(
        names=ApiNames.with_overrides(
            {"query": {"order_id": "shop_order_id", "page": "p", "page_size": "itemsPerPage"}}
        )
    )
    harness.router.add("GET", "/v2/orders", reply(200, [order_json()]))
    harness.router.add("GET", "/v2/labels", reply(200, []))
    assert await api.find_order("A100") is not None
    params = harness.router.last("GET", "/v2/orders").url.params
    assert (params["shop_order_id"], params["p"], params["itemsPerPage"]) == ("A100", "1", "100")
    assert "order_id" not in params
    await api.find_labels("A100", "A100-1")
    assert harness.router.last("GET", "/v2/labels").url.params["shop_order_id"] == "A100"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "envelope",
    [
        lambda rows: rows,
        lambda rows: {"hydra:member": rows, "hydra:totalItems": len(rows)},
        lambda rows: {"member": rows, "totalItems": len(rows)},
    ],
    ids=["plain", "hydra:member", "member"],
)
async def test_every_list_envelope_is_read_without_configuration(
    harness: Harness, envelope: Any
) -> None:
    harness.router.add("GET", "/v2/orders", reply(200, envelope([order_json()])))
    assert [o.id for o in await harness.api.list_orders(OrderFilter())] == [4711]


@pytest.mark.asyncio
async def test_another_list_key_needs_the_override(harness: Harness) -> None:
    harness.router.add("GET", "/v2/carriers", reply(200, {"items": [{"code": "dhl"}]}))
    with pytest.raises(MalformedResponse, match="not a list"):
        await harness.api.list_carriers()
    api = harness.build(names=ApiNames.with_overrides({"answers.list_key": "items"}))
    assert [c.code for c in await api.list_carriers()] == ["dhl"]


@pytest.mark.asyncio
async def test_a_nested_label_with_its_file_inline(harness: Harness) -> None:
    zpl = b"^XA^FO50,50^FDprobe^FS^XZ"
    names = ApiNames.with_overrides({"label.envelope": "label", "label.document": "label_data"})
    api = harness.build(names=names)
    inner = {k: v for k, v in label_json(format="zpl").items() if k != "id"}
    inner |= {"iri": "/v2/labels/777", "label_data": base64.b64encode(zpl).decode()}
    harness.router.add("POST", "/v2/labels", reply(201, {"label": inner}))
    harness.router.add("GET", "/v2/labels", reply(200, {"member": [{"label": inner}]}))
    [label] = await api.create_label(a_label_request(format=LabelFormat.ZPL))
    assert label.id == "777"
    assert label.document == zpl
    document = await api.download_label(label)
    assert document.content == zpl  # from the answer: nothing was downloaded
    assert not [r for r in harness.router.requests if r.method == "GET"]
    [found] = await api.find_labels("A100", "A100-1")
    assert found.document == zpl
    broken = inner | {"label_data": "%%% not base64"}
    harness.router.add("POST", "/v2/labels", reply(201, {"label": broken}))
    with pytest.raises(MalformedResponse, match="inline label file"):
        await api.create_label(a_label_request(format=LabelFormat.ZPL))


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "answer",
    [reply(204), reply(200, content=b"OK"), reply(201, {"@id": "/v2/order_states/12"})],
    ids=["204 empty", "200 text", "201 json-ld"],
)
async def test_any_2xx_order_state_answer_is_success(harness: Harness, answer: Any) -> None:
    harness.router.add("POST", "/v2/order_states", answer)
    posted = await harness.api.post_order_state("A100", OrderState.IN_PREPARATION)
    assert (posted.order_id, posted.state) == ("A100", "in_preparation")
    assert posted.id in (None, 12)


@pytest.mark.asyncio
async def test_box_dimensions_go_with_the_label_only_where_a_name_is_given(
    harness: Harness,
) -> None:
    """7S's names for a parcel's dimensions are not established: by default none is sent;
    a deployment that knows them names them and the box's cm go out under those keys."""
    label = {
        "id": 1,
        "shipment_id": 2,
        "tracking_code": "T",
        "carrier": "dhl:DE",
        "label_url": "/f/1.pdf",
    }
    harness.router.add("POST", "/v2/labels", reply(201, label))
    request = a_label_request(dimensions_cm=(25, 18, 10), weight_g=1450)
    await harness.build().create_label(request)
    body = body_of(harness.router.last("POST", "/v2/labels"))
    assert body["weight"] == 1.45
    assert not {"length", "width", "height", "length_cm", ""} & set(body)

    names = ApiNames.with_overrides(
        {"label": {"length_cm": "length", "width_cm": "width", "height_cm": "height"}}
    )
    await harness.build(names=names).create_label(request)
    body = body_of(harness.router.last("POST", "/v2/labels"))
    assert (body["length"], body["width"], body["height"]) == (25, 18, 10)
    await harness.build(names=names).create_label(a_label_request())  # no box type: none sent
    body = body_of(harness.router.last("POST", "/v2/labels"))
    assert not {"length", "width", "height"} & set(body)
