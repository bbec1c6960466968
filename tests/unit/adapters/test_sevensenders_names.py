"""Uncertain wire names live in ``ApiNames`` and can be overridden from configuration."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    UNIQUE_VIOLATION_CODE,
    ApiNames,
    UnknownApiName,
)
from packstation.domain.errors import Duplicate, ValidationFailed
from packstation.domain.shipping import (
    Carrier,
    CustomsArticle,
    CustomsShipmentRequest,
    Label,
    LabelFormat,
    PudoSearch,
)
from tests.unit.adapters.sevensenders_mock import Harness, a_label_request, body_of, reply


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
            "paths": {"pudo_locations": "/pudo-locations/", "orders": "order"},
            "label.tracking_code": "tracking_number",
            "download_content_types": {"zpl": "application/zpl, text/x-zpl"},
            "download_content_types.pdf": ["application/pdf"],
            "unique_violation_code": "dup",
        }
    )
    assert names.paths.pudo_locations == "pudo-locations"
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
