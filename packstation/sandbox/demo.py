"""Seed data: carriers, PUDO points, demo orders (merchant documents + 7S-side state), products.

Files live in ``packstation/sandbox/data/``. ``data/orders/*.json`` are merchant order
documents (docs/sandbox.md, "Merchant order feed") and double as an export folder;
``data/sevensenders.json`` holds the 7S-side state of those orders (state history, shipments).
Product images are small PNGs drawn here from a colour in ``data/products.json``.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from packstation.sandbox.errors import INVALID_TYPE, Invalid, Violation, duplicate
from packstation.sandbox.orders import ALL_STATES, add_item, add_order
from packstation.sandbox.products import add_product, store_image
from packstation.sandbox.pudo import normalise_zip
from packstation.sandbox.state import (
    Carrier,
    Closure,
    Order,
    PudoPoint,
    Shipment,
    State,
    StateEntry,
)
from packstation.sandbox.validation import Fields

Seed = Literal["demo", "empty"]
SEEDS: tuple[Seed, ...] = ("demo", "empty")


def data_dir() -> Path:
    """The folder of the shipped seed files."""
    return Path(str(resources.files("packstation.sandbox") / "data"))


def orders_dir() -> Path:
    """The merchant order documents as an export folder (one JSON file per order)."""
    return data_dir() / "orders"


def _load(name: str) -> Any:
    return json.loads((data_dir() / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- entry point
def seed_state(state: State, seed: Seed) -> None:
    """Fill a cleared ``state``: carriers and PUDO points always, demo orders for "demo"."""
    with state.lock:
        load_carriers(state)
        load_pudo(state)
        if seed == "demo":
            documents = [
                json.loads(p.read_text(encoding="utf-8"))
                for p in sorted(orders_dir().glob("*.json"))
            ]
            seed_documents(state, documents, _load("products.json"), _load("sevensenders.json"))


def load_carriers(state: State) -> None:
    for c in _load("carriers.json"):
        state.carriers[c["code"]] = Carrier(
            code=c["code"],
            name=c["name"],
            countries=tuple(c["countries"]),
            tracking_prefix=c["tracking_prefix"],
            tracking_url=c["tracking_url"],
            bulk_pudo=bool(c.get("bulk_pudo")),
        )


def _spans(text: str) -> list[dict[str, dict[str, int]]]:
    spans = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        start, end = part.split("-")
        (h1, m1), (h2, m2) = (map(int, start.split(":")), map(int, end.split(":")))
        spans.append({"from": {"hours": h1, "minutes": m1}, "to": {"hours": h2, "minutes": m2}})
    return spans


def load_pudo(state: State) -> None:
    doc = _load("pudo.json")
    for country, zips in doc["zip_centroids"].items():
        for zip_code, (lat, lon) in zips.items():
            state.zip_centroids[(country, normalise_zip(zip_code))] = (lat, lon)
    for p in doc["points"]:
        line = (
            f"{p['house_no']} {p['street']}"
            if p["country"] == "FR"
            else (f"{p['street']} {p['house_no']}")
        )
        state.pudo_points.append(
            PudoPoint(
                carrier_name=p["carrier_name"],
                location_type=p["location_type"],
                location_id=p["location_id"],
                location_code=p["location_code"],
                address={
                    "name": p["name"],
                    "alternative_name": p["alternative_name"],
                    "country": p["country"],
                    "city": p["city"],
                    "zip": p["zip"],
                    "address_line": line,
                    "street": p["street"],
                    "house_no": p["house_no"],
                },
                opening_hours={day: _spans(text) for day, text in p["hours"].items()},
                latitude=p["latitude"],
                longitude=p["longitude"],
                parcel_sizes=tuple(p["parcel_sizes"]),
                closures=tuple(
                    Closure(c["from_days"], c["to_days"], relative=True) for c in p["closures"]
                ),
            )
        )


# ---------------------------------------------------------------- documents
def seed_documents(
    state: State,
    orders: Sequence[Any],
    products: Sequence[Any] = (),
    seven_senders: dict[str, Any] | None = None,
) -> tuple[int, int]:
    """Add merchant order documents (+ items) and products; returns (orders, products) added.

    Validates everything first, so a bad document adds nothing. A document may carry an extra
    ``"state"`` (the 7S order state to start in; default ``new``), which is not stored in the
    merchant feed. Products missing for an item SKU are created from the item.
    """
    problems: list[Violation] = []
    docs = [_read_document(state, i, d, orders, problems) for i, d in enumerate(orders)]
    product_docs = [_read_product(i, p, problems) for i, p in enumerate(products)]
    if problems:
        raise Invalid(problems)
    with state.lock:
        before = len(state.products)
        for values, image in product_docs:
            product = state.products.get(values["sku"]) or add_product(state, values["sku"], {})
            for name, value in values.items():
                if value is not None:
                    setattr(product, name, value)
            if image:
                store_image(state, product, image)
        for doc, start_state in docs:
            extra = (seven_senders or {}).get(doc["order_id"], {})
            _seed_order(state, doc, start_state, extra)
        return len(docs), len(state.products) - before


def _reader(raw: Any, prefix: str, problems: list[Violation]) -> Fields:
    if not isinstance(raw, dict):
        problems.append(
            Violation(prefix.rstrip("."), "This value should be of type object.", INVALID_TYPE)
        )
        return Fields({}, prefix, [])
    return Fields(raw, prefix, problems)


def _read_product(
    index: int, raw: Any, problems: list[Violation]
) -> tuple[dict[str, Any], bytes | None]:
    f = _reader(raw, f"products[{index}].", problems)
    values: dict[str, Any] = {"sku": f.string("sku", required=True)}
    for name in (
        "customs_description",
        "customs_tariff_code_sending_country",
        "customs_tariff_code_receiving_country",
    ):
        values[name] = f.string(name)
    values["customs_item_value"] = f.decimal("customs_item_value")
    values["customs_origin_country_iso2"] = f.country("customs_origin_country_iso2")
    colour = f.pattern("image_colour", r"#[0-9A-Fa-f]{6}")
    return values, (product_png(colour) if colour else None)


def _read_document(
    state: State, index: int, raw: Any, all_docs: Sequence[Any], problems: list[Violation]
) -> tuple[dict[str, Any], str]:
    f = _reader(raw, f"orders[{index}].", problems)
    order_id = f.string("order_id", required=True)
    f.datetime("order_date", required=True)
    f.string("order_url")
    f.string("language")
    f.string("carrier")
    f.string("pudo_id")
    f.integer("parcels", minimum=1)
    start = f.choice("state", ALL_STATES) or "new"
    r = f.obj("recipient", required=True)
    if r is not None:
        for name in ("first_name", "last_name", "street", "zip", "city"):
            r.string(name, required=True)
        r.country("country", required=True)
    items = f.array("items", required=True) or []
    for i, value in enumerate(items):
        item = f.item("items", i, value)
        if item is None:
            continue
        item.string("sku", required=True)
        item.string("name", required=True)
        item.integer("quantity", required=True, minimum=1)
        item.pattern("ean", r"\d{8,14}")
        item.integer("weight_g", minimum=0)
        item.decimal("unit_value")
        item.pattern("hs_code", r"\d{6,10}")
        item.country("origin_country")
    if order_id is not None:
        same = [d for d in all_docs if isinstance(d, dict) and d.get("order_id") == order_id]
        if len(same) > 1 or state.order_by_order_id(order_id) is not None:
            f.violations.extend(duplicate(f.path("order_id")).violations)
    doc = {k: v for k, v in f.data.items() if k != "state"}
    return doc, start


def _seed_order(state: State, doc: dict[str, Any], start: str, extra: dict[str, Any]) -> Order:
    order = add_order(
        state,
        {
            "order_id": doc["order_id"],
            "order_date": doc["order_date"],
            "order_url": doc.get("order_url"),
            "language": doc.get("language"),
            "order_tags": doc.get("tags"),
            "boarding_complete": extra.get("boarding_complete"),
        },
    )
    history = extra.get("history")
    if history:
        order.states_history = [StateEntry(s, at) for s, at in history]
    else:
        order.states_history = [StateEntry("new", doc["order_date"])]
        if start != "new":
            order.states_history.append(StateEntry(start, doc["order_date"]))
    order.state = order.states_history[-1].state
    state.merchant_orders[order.order_id] = doc

    items = [
        add_item(state, order.order_id, i["sku"], i["name"], i["quantity"], i.get("ean"))
        for i in doc["items"]
    ]
    for item in doc["items"]:
        if item["sku"] not in state.products:
            add_product(state, item["sku"], _product_from_item(item))
    for s in extra.get("shipments", []):
        shipment = _seed_shipment(state, order, doc, s)
        for item in items:
            item.shipment_id = shipment.id
    return order


def _product_from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "customs_description": item.get("name"),
        "customs_item_value": item.get("unit_value"),
        "customs_tariff_code_sending_country": item.get("hs_code"),
        "customs_tariff_code_receiving_country": item.get("hs_code"),
        "customs_origin_country_iso2": item.get("origin_country"),
    }


def _seed_shipment(state: State, order: Order, doc: dict[str, Any], s: dict[str, Any]) -> Shipment:
    r = doc["recipient"]
    name, _, country = s["carrier"].partition(":")
    street = " ".join(p for p in (r.get("street", ""), r.get("house_no", "")) if p)
    shipment = Shipment(
        id=state.new_id("shipment"),
        order_id=order.order_id,
        carrier_name=name,
        carrier_country=country,
        carrier_service="standard",
        tracking_code=s.get("tracking_code"),
        reference_number=s.get("reference_number"),
        created_at=s.get("created_at", order.order_date),
        status=s.get("status", "new"),
        fields={
            "recipient_first_name": r.get("first_name", ""),
            "recipient_last_name": r.get("last_name", ""),
            "recipient_email": r.get("email", ""),
            "recipient_address": street,
            "recipient_zip": r.get("zip", ""),
            "recipient_city": r.get("city", ""),
            "recipient_country": r.get("country", ""),
        },
    )
    state.shipments[shipment.id] = shipment
    return shipment


# ---------------------------------------------------------------- images
def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def product_png(colour: str, size: int = 64) -> bytes:
    """A small valid PNG: a tile of ``colour`` with a lighter inner square."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    light = tuple(min(255, c + (255 - c) // 2) for c in (r, g, b))
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(size):
            inner = size // 4 <= x < 3 * size // 4 and size // 4 <= y < 3 * size // 4
            row.extend(bytes(light) if inner else bytes((r, g, b)))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
