"""The merchant order document: every rule's message and location, mapping, round trips."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from packstation.adapters.order_source_fields import gtin_check_digit
from packstation.adapters.order_source_wire import (
    DocumentInvalid,
    OrderIndex,
    PayloadEntry,
    order_schema_json,
    order_to_document,
    orders_in_payload,
    validate_order,
)
from packstation.domain.orders import OrderSourceError
from packstation.domain.shipping import Carrier, CarrierService
from tests.order_documents import a_document, documents

REPO = Path(__file__).resolve().parents[3]
BERLIN_WINTER = timezone(timedelta(hours=1))


def problems_of(doc: Any, source: str = "order.json") -> list[str]:
    """Every error of a one-order payload as ``location: message``."""
    [entry] = orders_in_payload(doc, source)
    assert entry.order is None, "the document was accepted"
    return [str(e) for e in entry.errors]


def test_a_valid_document_maps_to_the_domain() -> None:
    order = validate_order(a_document())
    assert order.order_id == "A100"
    assert order.order_date == datetime(2026, 11, 20, 8, 15, tzinfo=UTC)
    assert order.recipient.last_name == "Müller"
    assert order.recipient.country == "DE"
    assert order.recipient.single_line_street() == "Schwedter Str. 36A"
    assert order.carrier == Carrier("dhl", "DE")
    assert order.carrier_service is CarrierService.STANDARD
    assert order.tags == {"channel": "web"}
    first, second = order.lines
    assert (first.sku, first.quantity, first.ean) == ("SKU-TSHIRT-M", 2, "4006381333931")
    assert first.unit_value == Decimal("19.90")
    assert (first.hs_code, first.origin_country, first.weight_g) == ("610910", "PT", 180)
    assert (second.ean, second.weight_g, second.unit_value, second.currency) == (
        None,
        None,
        None,
        "EUR",
    )
    assert order.units == 3
    assert order.weight_g is None  # the mug has no weight


def test_unknown_fields_are_ignored_and_defaults_apply() -> None:
    doc = a_document(shop_internal={"x": 1}, tags=None, carrier=None, parcels=None)
    for key in ("order_url", "language", "carrier_service", "pudo_id"):
        doc.pop(key)
    doc["recipient"]["floor_plan"] = [1, 2]
    doc["items"][0]["warehouse_bin"] = "B-12"
    order = validate_order(doc)
    assert order.carrier is None
    assert order.carrier_service is CarrierService.STANDARD
    assert order.parcels == 1
    assert order.tags == {}
    assert (order.language, order.order_url, order.pudo_id) == (None, None, None)


def test_values_are_normalised() -> None:
    doc = a_document(language="DE", carrier=" DHL:de ", carrier_service="Express", pudo_id="  ")
    doc["recipient"].update(country="at", first_name="  Lena ", company_name=None)
    doc["items"][0].update(currency="chf", hs_code="6109.10 00", origin_country="pt", unit_value=7)
    order = validate_order(doc)
    assert order.language == "de"
    assert order.carrier == Carrier("dhl", "DE")
    assert order.carrier_service is CarrierService.EXPRESS
    assert order.pudo_id is None
    assert order.recipient.country == "AT"
    assert order.recipient.first_name == "Lena"
    assert order.recipient.company_name == ""
    line = order.lines[0]
    assert (line.currency, line.hs_code, line.origin_country) == ("CHF", "61091000", "PT")
    assert line.unit_value == Decimal(7)


def test_a_number_for_unit_value_keeps_its_written_digits() -> None:
    doc = a_document()
    doc["items"][0]["unit_value"] = 19.9
    assert validate_order(doc).lines[0].unit_value == Decimal("19.9")


@pytest.mark.parametrize(
    ("written", "zone", "expected"),
    [
        ("2026-11-20T09:15:00+01:00", None, datetime(2026, 11, 20, 8, 15, tzinfo=UTC)),
        ("2026-11-20T08:15:00Z", None, datetime(2026, 11, 20, 8, 15, tzinfo=UTC)),
        ("2026-11-20T09:15:00", BERLIN_WINTER, datetime(2026, 11, 20, 8, 15, tzinfo=UTC)),
        ("2026-11-20 09:15", BERLIN_WINTER, datetime(2026, 11, 20, 8, 15, tzinfo=UTC)),
        ("2026-11-20", BERLIN_WINTER, datetime(2026, 11, 19, 23, 0, tzinfo=UTC)),
    ],
)
def test_order_dates(written: str, zone: timezone | None, expected: datetime) -> None:
    order = validate_order(a_document(order_date=written), local_zone=zone)
    assert order.order_date == expected
    assert order.order_date.tzinfo is not None


def test_a_date_without_zone_defaults_to_the_system_zone() -> None:
    order = validate_order(a_document(order_date="2026-07-01T12:00:00"))
    assert order.order_date == datetime(2026, 7, 1, 12, 0).astimezone()


Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value

    return mutate


_DELETE = object()

CASES: list[tuple[Mutation, str]] = [
    (_set("order_id", _DELETE), "order.json: order_id: is required"),
    (_set("order_id", "  "), "order.json: order_id: is required and must not be empty"),
    (_set("order_id", 100), "order.json: order_id: must be text (in quotes), got the number 100"),
    (
        _set("order_date", "yesterday"),
        "order.json: order_date: must be an ISO 8601 date and time like "
        "'2026-11-20T09:15:00+01:00', got 'yesterday'",
    ),
    (
        _set("order_date", None),
        "order.json: order_date: is required: the date and time of the order like "
        "'2026-11-20T09:15:00+01:00'",
    ),
    (
        _set("order_url", "shop.example/o/1"),
        "order.json: order_url: must be a web address starting with https:// or http://, "
        "got 'shop.example/o/1'",
    ),
    (
        _set("language", "deu"),
        "order.json: language: must be a two-letter ISO 639-1 language code like 'de', got 'deu'",
    ),
    (
        _set("carrier", "dhl"),
        "order.json: carrier: must be a carrier name and the country of its hub like "
        "'dhl:DE', got 'dhl'",
    ),
    (
        _set("carrier", "dhl:XX"),
        "order.json: carrier: must be a carrier name and the country of its hub like "
        "'dhl:DE', got 'dhl:XX'",
    ),
    (
        _set("carrier_service", "overnight"),
        "order.json: carrier_service: must be one of 'standard', 'express', 'other', "
        "got 'overnight'",
    ),
    (_set("pudo_id", 4694), "order.json: pudo_id: must be text (in quotes), got the number 4694"),
    (
        _set("parcels", 0),
        "order.json: parcels: must be a whole number between 1 and 99, got the number 0",
    ),
    (
        _set("parcels", 100),
        "order.json: parcels: must be a whole number between 1 and 99, got the number 100",
    ),
    (
        _set("parcels", "2"),
        "order.json: parcels: must be a whole number between 1 and 99, got '2'",
    ),
    (
        _set("tags", ["web"]),
        'order.json: tags: must be an object of texts like {"channel": "web"}, got a list',
    ),
    (
        _set("tags", {"channel": "web", "prio": 1}),
        "order.json: tags: must hold only texts, but 'prio' is the number 1",
    ),
    (_set("recipient", _DELETE), "order.json: recipient: is required"),
    (_set("recipient", "Anna"), "order.json: recipient: must be an object {...}, got 'Anna'"),
    (_set("recipient.first_name", _DELETE), "order.json: recipient.first_name: is required"),
    (
        _set("recipient.last_name", ""),
        "order.json: recipient.last_name: is required and must not be empty",
    ),
    (
        _set("recipient.street", None),
        "order.json: recipient.street: is required and must not be empty",
    ),
    (
        _set("recipient.zip", 10435),
        "order.json: recipient.zip: must be text (in quotes), got the number 10435",
    ),
    (_set("recipient.city", _DELETE), "order.json: recipient.city: is required"),
    (
        _set("recipient.country", "Germany"),
        "order.json: recipient.country: must be a two-letter ISO 3166 country code like 'DE', "
        "got 'Germany'",
    ),
    (
        _set("recipient.country", ""),
        "order.json: recipient.country: is required: a two-letter ISO 3166 country code like 'DE'",
    ),
    (
        _set("recipient.email", "anna.example.de"),
        "order.json: recipient.email: must be an e-mail address like 'anna@example.de', "
        "got 'anna.example.de'",
    ),
    (_set("items", _DELETE), "order.json: items: is required"),
    (_set("items", []), "order.json: items: must list at least one item"),
    (
        _set("items", {"sku": "X"}),
        "order.json: items: must be a list of items [...], got an object",
    ),
    (
        _set("items", ["SKU-1"]),
        "order.json: items: must be a list of item objects, but one is 'SKU-1'",
    ),
    (_set("items.1.sku", _DELETE), "order.json: items[1].sku: is required"),
    (_set("items.1.name", " "), "order.json: items[1].name: is required and must not be empty"),
    (_set("items.1.quantity", _DELETE), "order.json: items[1].quantity: is required"),
    (
        _set("items.1.quantity", "two"),
        "order.json: items[1].quantity: must be a whole number of at least 1, got 'two'",
    ),
    (
        _set("items.1.quantity", 0),
        "order.json: items[1].quantity: must be a whole number of at least 1, got the number 0",
    ),
    (
        _set("items.1.quantity", 1.5),
        "order.json: items[1].quantity: must be a whole number of at least 1, got the number 1.5",
    ),
    (
        _set("items.1.quantity", True),
        "order.json: items[1].quantity: must be a whole number of at least 1, "
        "got true (a yes/no value)",
    ),
    (
        _set("items.0.ean", "4006381333932"),
        "order.json: items[0].ean: has a wrong check digit: '4006381333932' should end in 1 "
        "(a typing error, or not an EAN)",
    ),
    (
        _set("items.0.ean", "40063813"),
        "order.json: items[0].ean: has a wrong check digit: '40063813' should end in 2 "
        "(a typing error, or not an EAN)",
    ),
    (
        _set("items.0.ean", "ABC123"),
        "order.json: items[0].ean: must be an EAN/GTIN of 8, 12, 13 or 14 digits like "
        "'4006381333931', got 'ABC123'",
    ),
    (
        _set("items.0.ean", 4006381333931),
        "order.json: items[0].ean: must be text of digits (in quotes), "
        "got the number 4006381333931",
    ),
    (
        _set("items.0.weight_g", -1),
        "order.json: items[0].weight_g: must be a whole number of at least 0, got the number -1",
    ),
    (
        _set("items.0.unit_value", "19,90"),
        "order.json: items[0].unit_value: must be an amount of at least 0 like '19.90', "
        "got '19,90'",
    ),
    (
        _set("items.0.unit_value", -2),
        "order.json: items[0].unit_value: must be an amount of at least 0 like '19.90', "
        "got the number -2",
    ),
    (
        _set("items.0.currency", "EURO"),
        "order.json: items[0].currency: must be a three-letter ISO 4217 currency code like "
        "'EUR', got 'EURO'",
    ),
    (
        _set("items.0.hs_code", "61091"),
        "order.json: items[0].hs_code: must be a customs tariff number of 6 to 10 digits like "
        "'610910', got '61091'",
    ),
    (
        _set("items.0.origin_country", "EU"),
        "order.json: items[0].origin_country: must be a two-letter ISO 3166 country code "
        "like 'DE', got 'EU'",
    ),
    (
        _set("items.0.image_url", "ftp://img/x.png"),
        "order.json: items[0].image_url: must be a web address starting with https:// or "
        "http://, got 'ftp://img/x.png'",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), CASES, ids=[c[1].split(":")[1] for c in CASES])
def test_each_rule_names_field_and_problem(mutate: Mutation, expected: str) -> None:
    doc = a_document()
    mutate(doc)
    assert problems_of(doc) == [expected]


def test_every_problem_of_a_document_is_reported() -> None:
    doc = a_document()
    doc["items"][1]["quantity"] = "two"
    doc["recipient"]["zip"] = 10435
    del doc["recipient"]["city"]
    assert problems_of(doc) == [
        "order.json: recipient.zip: must be text (in quotes), got the number 10435",
        "order.json: recipient.city: is required",
        "order.json: items[1].quantity: must be a whole number of at least 1, got 'two'",
    ]


def test_error_keeps_message_and_location_apart() -> None:
    doc = a_document()
    doc["items"][1]["quantity"] = "two"
    [entry] = orders_in_payload(doc, "A100.json")
    [error] = entry.errors
    assert isinstance(error, OrderSourceError)
    assert error.location == "A100.json: items[1].quantity"
    assert error.message == "must be a whole number of at least 1, got 'two'"
    assert entry.order_id == "A100"


def test_text_mode_reads_numbers_written_as_text() -> None:
    doc = a_document(parcels="2")
    doc["items"][0].update(quantity="3", weight_g="180", unit_value="19,90")
    order = validate_order(doc, text=True)
    assert order.parcels == 2
    assert (order.lines[0].quantity, order.lines[0].weight_g) == (3, 180)
    assert order.lines[0].unit_value == Decimal("19.90")
    doc["items"][0]["unit_value"] = "1.000,50"
    with pytest.raises(DocumentInvalid) as caught:
        validate_order(doc, text=True)
    [problem] = caught.value.problems
    assert problem.path == ("items", 0, "unit_value")


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("4006381333931", True),  # EAN-13
        ("96385074", True),  # EAN-8
        ("036000291452", True),  # UPC-A
        ("10012345678902", True),  # GTIN-14
        ("4006381333930", False),
    ],
)
def test_gtin_check_digits(code: str, ok: bool) -> None:
    assert (gtin_check_digit(code[:-1]) == int(code[-1])) is ok


# --------------------------------------------------------------------------- payloads


def test_payload_shapes() -> None:
    one = orders_in_payload(a_document("A1"), "x.json")
    listed = orders_in_payload([a_document("A1"), a_document("A2")], "x.json")
    wrapped = orders_in_payload({"orders": [a_document("A1")], "exported_at": "now"}, "x.json")
    assert [e.order_id for e in one] == ["A1"]
    assert [(e.order_id, e.where) for e in listed] == [("A1", "[0]"), ("A2", "[1]")]
    assert [(e.order_id, e.where) for e in wrapped] == [("A1", "orders[0]")]
    assert all(e.order is not None for e in one + listed + wrapped)


def test_payload_positions_lead_the_location() -> None:
    bad = a_document("A2")
    bad["items"][1]["quantity"] = 0
    entries = orders_in_payload({"orders": [a_document("A1"), bad, "junk"]}, "all.json")
    assert entries[0].order is not None
    assert [str(e) for e in entries[1].errors] == [
        "all.json: orders[1].items[1].quantity: must be a whole number of at least 1, "
        "got the number 0"
    ]
    assert entries[2].order_id is None
    assert [str(e) for e in entries[2].errors] == [
        "all.json: orders[2]: must be an order object {...}, got 'junk'"
    ]


@pytest.mark.parametrize("payload", ["A100", 12, None, {"orders": {"a": 1}}])
def test_payload_of_the_wrong_shape(payload: Any) -> None:
    with pytest.raises(OrderSourceError) as caught:
        orders_in_payload(payload, "x.json")
    assert caught.value.location.startswith("x.json")


def test_index_reports_duplicates_naming_both_places() -> None:
    index = OrderIndex()
    for source, payload in (("a.json", a_document("A1")), ("b.json", [a_document("A1")])):
        for entry in orders_in_payload(payload, source):
            index.add(source, entry)
    index.add("c.json", PayloadEntry(None, None, (OrderSourceError("is empty", "c.json"),)))
    found = index.lookup("A1")
    assert isinstance(found, OrderSourceError)
    assert found.location == "a.json and b.json [0]"
    assert found.message == "order A1 is there 2 times; it must be in one place only"
    listing = index.listing()
    assert listing.orders == ()
    assert [str(p) for p in listing.problems] == ["c.json: is empty", str(found)]
    assert index.lookup("A2") is None


# --------------------------------------------------------------------------- round trips


@settings(max_examples=100, deadline=None)
@given(documents())
def test_valid_documents_round_trip(doc: dict[str, Any]) -> None:
    order = validate_order(json.loads(json.dumps(doc)))
    assert order.order_id == doc["order_id"]
    assert [line.quantity for line in order.lines] == [i["quantity"] for i in doc["items"]]
    again = validate_order(json.loads(json.dumps(order_to_document(order))))
    assert again == order


@settings(max_examples=50, deadline=None)
@given(documents(), st.sampled_from([UTC, BERLIN_WINTER]))
def test_zoneless_dates_take_the_station_zone(doc: dict[str, Any], zone: timezone) -> None:
    naive = datetime.fromisoformat(doc["order_date"]).replace(tzinfo=None)
    doc["order_date"] = naive.isoformat()
    order = validate_order(doc, local_zone=zone)
    assert order.order_date == naive.replace(tzinfo=zone)


# --------------------------------------------------------------------------- the published schema


def test_committed_schema_is_the_generated_one() -> None:
    committed = (REPO / "docs" / "order-schema.json").read_text(encoding="utf-8")
    assert committed == order_schema_json(), "run: .venv/bin/python scripts/gen_order_schema.py"


def test_schema_lists_the_documented_fields() -> None:
    schema = json.loads(order_schema_json())
    assert schema["required"] == ["order_id", "order_date", "recipient", "items"]
    item = schema["$defs"]["OrderItemDocument"]
    recipient = schema["$defs"]["RecipientDocument"]
    assert item["required"] == ["sku", "name", "quantity"]
    assert item["properties"]["quantity"]["minimum"] == 1
    assert set(recipient["required"]) == {
        "first_name",
        "last_name",
        "street",
        "zip",
        "city",
        "country",
    }
    assert schema["properties"]["parcels"]["anyOf"][0]["maximum"] == 99
