"""Issue 14 item 8: every request-body key goes through ``ApiNames`` (the ``…_request``
groups), and the probe's guesses of other names (``sevensenders_probe_names``)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

import pytest

from packstation.adapters.sevensenders.dto.catalog import product_body
from packstation.adapters.sevensenders.dto.customs import customs_body, manifest_body
from packstation.adapters.sevensenders.dto.labels import label_body
from packstation.adapters.sevensenders.dto.orders import (
    order_body,
    order_item_body,
    order_update_body,
)
from packstation.adapters.sevensenders.dto.shipments import shipment_body
from packstation.adapters.sevensenders_names import ApiNames, UnknownApiName
from packstation.adapters.sevensenders_probe_names import (
    alike,
    answer_fixes,
    fields_named,
    nested_answer_fixes,
    nested_request_fixes,
    request_fixes,
    unknown_fields,
    unknown_keys_of,
    violation_fields,
    words,
)
from packstation.domain.shipping import (
    Address,
    Carrier,
    CollectionPoint,
    CustomsArticle,
    CustomsShipmentRequest,
    LabelRequest,
    ManifestRequest,
    NewOrder,
    NewOrderItem,
    OrderUpdate,
    Product,
    ShipmentRequest,
)

WHEN = datetime.fromisoformat("2026-12-01T15:00:00+01:00")
EVERYWHERE = Address(
    first_name="A",
    last_name="B",
    street="Street",
    house_no="1",
    address_details="back",
    zip="10435",
    city="Berlin",
    country="DE",
    email="a@example.com",
    phone="+49",
    company_name="C",
)
POINT = CollectionPoint("P1", "n1", "n2", "n3", "m", "s", "1", "75017", "Paris", "FR")
NAMES = ApiNames()


def every_field(group: str) -> set[str]:
    return {f.name for f in dataclasses.fields(getattr(NAMES, group))}


def bodies() -> list[tuple[str, dict[str, object]]]:
    """Each request body with every field it can carry filled in, and its group."""
    order = NewOrder("A1", WHEN, "https://x", "en", True, {"a": "b"}, WHEN)
    label = LabelRequest(
        order_id="A1",
        carrier=Carrier("dhl", "DE"),
        recipient=EVERYWHERE,
        reference_number="R",
        sender=EVERYWHERE,
        warehouse="W",
        warehouse_address="WA",
        collection_point=POINT,
        return_parcel=True,
        package_no=1,
        package_count=2,
        weight_g=500,
    )
    article = CustomsArticle("S", "d", "1234", 1, Decimal(1), "EUR", Decimal(1), "DE")
    customs = CustomsShipmentRequest(
        "5", "A1", "DAP", "T", WHEN, "DE", (article,), "I", WHEN, return_tracking_code="RT"
    )
    shipment = ShipmentRequest(
        order_id="A1",
        carrier=Carrier("dhl", "DE"),
        recipient=EVERYWHERE,
        tracking_code="T",
        reference_number="R",
        warehouse="W",
        warehouse_address="WA",
        planned_pickup=WHEN,
        return_parcel=True,
        pickup_point_selected=True,
        goods_value=Decimal(3),
        goods_value_currency="EUR",
        weight_g=100,
        comment="c",
    )
    return [
        ("order_request", order_body(order)),
        ("order_request", order_update_body(OrderUpdate(True, "u", "en", {"a": "b"}, WHEN))),
        ("order_item_request", order_item_body(NewOrderItem("A1", "S", 1, "n", "12345678", "5"))),
        ("label_request", label_body(label, NAMES.label)),
        ("shipment_request", shipment_body(shipment)),
        ("customs_shipment_request", customs_body(customs, NAMES.customs_article)),
        ("manifest_request", manifest_body(ManifestRequest("M", ("5",), 1, "r", "c", "k"))),
        ("product_request", product_body(Product("S", "d", Decimal(1), "1", "2", "DE"))),
    ]


@pytest.mark.parametrize(("group", "body"), bodies(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_key_a_body_sends_is_named_in_its_group(group: str, body: dict[str, object]) -> None:
    # the label's return trigger and the article list are named in their own groups
    own = {"articles"} if group == "customs_shipment_request" else set()
    assert set(body) - own <= every_field(group), set(body) - own - every_field(group)


def test_a_renamed_request_key_is_sent_under_its_new_name() -> None:
    names = ApiNames.with_overrides(
        {"order_request.order_id": "shop_order_id", "label_request.recipient_zip": "zip_code"}
    )
    body = order_body(NewOrder("A1", WHEN), names.order_request)
    assert body["shop_order_id"] == "A1"
    assert "order_id" not in body
    label = LabelRequest("A1", Carrier("dhl", "DE"), EVERYWHERE, "R")
    sent = label_body(label, names.label, names.label_request, names.order_request)
    assert sent["zip_code"] == "10435"
    assert "recipient_zip" not in sent


def test_an_unknown_request_key_override_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(UnknownApiName, match="known names in 'order_request': order_id"):
        ApiNames.with_overrides({"order_request.ordr_id": "x"})


def test_words_and_alike() -> None:
    assert words("merchantOrderId") == {"merchant", "order", "id"}
    assert words("carrier_names[]") == {"carrier", "names"}
    assert alike("order_id", "shop_order_id")
    assert alike("reference_number", "reference")
    assert alike("access_key", "api_key")  # a known other spelling
    assert not alike("code", "country_codes")
    assert not alike("datetime", "state")


def test_answer_fixes_take_only_a_single_alike_key() -> None:
    assert answer_fixes(NAMES, "carrier", {"carrier_code": "dhl", "name": "DHL"}) == {
        "carrier.code": "carrier_code"
    }
    # two keys would fit: nothing is suggested
    assert (
        answer_fixes(NAMES, "carrier", {"carrier_code": "x", "code_value": "y", "name": "n"}) == {}
    )
    # an answer in the default names: nothing to suggest
    assert answer_fixes(NAMES, "carrier", {"code": "dhl", "name": "DHL", "countries": []}) == {}


def test_request_fixes_from_refused_keys() -> None:
    assert request_fixes(NAMES, "order_request", ["shop_order_id"]) == {
        "order_request.order_id": "shop_order_id"
    }
    # a refusal of a key the body sends (a bad value) is no name to change
    assert request_fixes(NAMES, "order_request", ["order_id"]) == {}
    # the refused key fits two fields: nothing
    assert request_fixes(NAMES, "order_state_request", ["state_datetime"]) == {}
    answer = {"violations": [{"propertyPath": "api_key", "message": "blank"}, {"x": 1}]}
    assert violation_fields(answer, NAMES) == ["api_key"]
    assert request_fixes(NAMES, "token_request", violation_fields(answer, NAMES)) == {
        "token_request.access_key": "api_key"
    }


def test_unknown_fields_from_a_strict_refusal() -> None:
    by_violation = {
        "violations": [
            {"propertyPath": "order_url", "message": "This field was not expected."},
            {"propertyPath": "order_id", "message": "This value should not be blank."},
            {"propertyPath": "language", "code": "7703c766-b5d5-4cef-ace7-ae0dd82304e9"},
        ]
    }
    assert unknown_fields(by_violation, NAMES) == ["order_url", "language"]
    by_detail = {"detail": 'Extra attributes are not allowed ("order_url" is unknown).'}
    assert unknown_fields(by_detail, NAMES) == ["order_url"]
    assert unknown_fields({"detail": "order_id: This value should not be blank."}, NAMES) == []
    assert unknown_fields(None, NAMES) == []
    assert fields_named(NAMES, "order_request", ["order_url", "nope"]) == ["order_url"]


def test_a_key_named_not_sent_is_left_out_of_the_body() -> None:
    names = dataclasses.replace(
        NAMES, order_request=dataclasses.replace(NAMES.order_request, order_url="")
    )
    order = NewOrder(
        order_id="A1",
        order_date=datetime.fromisoformat("2026-11-30T10:00:00+01:00"),
        order_url="https://shop.example/A1",
        language="en",
    )
    assert "order_url" in order_body(order, NAMES.order_request)
    body = order_body(order, names.order_request)
    assert "order_url" not in body
    assert "" not in body
    assert body["order_id"] == "A1"


def test_nested_fixes_look_inside_the_objects_a_body_or_record_holds() -> None:
    refused = ["carrier.carrier_name", "carrier.country", "recipient_zip"]
    assert nested_request_fixes(NAMES, "label_request", refused) == {
        "carrier_ref.name": "carrier_name"
    }
    assert nested_request_fixes(NAMES, "order_request", refused) == {}
    order = {"order_id": "A1", "states_history": [{"current_state": "new", "occurred_at": "x"}]}
    assert nested_answer_fixes(NAMES, "order", order) == {
        "state_change.state": "current_state",
        "state_change.datetime": "occurred_at",
    }
    point = {"address": {"zip_code": "1", "city": "X"}, "coordinates": {"latitude": 1.0}}
    assert nested_answer_fixes(NAMES, "pudo_location", point) == {"pudo_address.zip": "zip_code"}
    assert nested_answer_fixes(NAMES, "label", {"carrier": "dhl:DE"}) == {}


def test_unknown_keys_are_named_by_their_api_names_key() -> None:
    unknown = ["carrier.name", "reference_number", "nope", "carrier.nope"]
    assert unknown_keys_of(NAMES, "label_request", unknown) == [
        "label_request.reference_number",
        "carrier_ref.name",
    ]


def test_nested_fixes_read_opening_spans_and_closures() -> None:
    point = {
        "opening_hours": {
            "sunday": [],
            "monday": [{"opens_at": {"hours_24": 9, "minutes": 0}, "closes_at": {"hours_24": 12}}],
        },
        "temporary_closures": [{"start_date": "2026-12-24", "end_date": "2026-12-26"}],
    }
    assert nested_answer_fixes(NAMES, "pudo_location", point) == {
        "closure.start": "start_date",
        "closure.end": "end_date",
        "opening_hours.opens": "opens_at",
        "opening_hours.closes": "closes_at",
        "opening_hours.hours": "hours_24",
    }
