"""Customs shipments and manifests.

Every function expects the caller to hold ``state.lock``.
"""

from __future__ import annotations

from typing import Any

from packstation.sandbox.errors import (
    FLEX_ACCOUNT,
    INVALID_TYPE,
    LOCKED,
    MISMATCH,
    NOT_CUSTOMS_COUNTRY,
    NOT_FOUND_REF,
    REGEX_FAILED,
    Invalid,
    NotFound,
    Violation,
    duplicate,
    invalid,
)
from packstation.sandbox.state import CustomsShipment, Manifest, State
from packstation.sandbox.validation import Fields, Query, now_iso

INCOTERMS = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
TYPES = ("outbound", "undeliverable", "return")
FLEX_MESSAGE = "manifests are not used for Seven Senders Flex accounts"


def customs_json(c: CustomsShipment) -> dict[str, Any]:
    return {
        "id": c.id,
        "iri": f"/v2/customs/shipments/{c.id}",
        "shipment_id": c.shipment_id,
        "order_id": c.order_id,
        "incoterm": c.incoterm,
        "tracking_code": c.tracking_code,
        "planned_pickup_datetime": c.planned_pickup_datetime,
        "departure_country": c.departure_country,
        "invoice_id": c.invoice_id,
        "invoice_date": c.invoice_date,
        "return_tracking_code": c.return_tracking_code,
        "articles": [dict(a) for a in c.articles],
        "status": c.status,
        "manifest_id": c.manifest_id,
        "type": c.type,
        "return_inspected": False,
        "created_at": c.created_at,
    }


def _read_articles(f: Fields, *, required: bool) -> list[dict[str, Any]] | None:
    raw = f.array("articles", required=required, min_items=1)
    if raw is None:
        return None
    articles: list[dict[str, Any]] = []
    for i, value in enumerate(raw):
        a = f.item("articles", i, value)
        if a is None:
            continue
        articles.append(
            {
                "sku": a.string("sku", required=True),
                "description": a.string("description", required=True),
                "hs_code": a.pattern("hs_code", r"\d{6,10}", required=True),
                "quantity": a.integer("quantity", required=True, minimum=1),
                "unit_value": a.decimal("unit_value", required=True),
                "currency": a.pattern("currency", r"[A-Z]{3}", required=True),
                "net_weight_kg": a.number("net_weight_kg", required=True, positive=True),
                "country_of_origin": a.country("country_of_origin", required=True),
            }
        )
    return articles


def create_customs_shipment(state: State, body: Any) -> CustomsShipment:
    f = Fields(body)
    shipment_id = f.identifier("shipment_id", required=True)
    order_id = f.string("order_id", required=True)
    incoterm = f.choice("incoterm", INCOTERMS, required=True)
    tracking_code = f.string("tracking_code", required=True)
    pickup = f.datetime("planned_pickup_datetime", required=True)
    departure = f.country("departure_country", required=True)
    invoice_id = f.string("invoice_id")
    invoice_date = f.datetime("invoice_date")
    return_tracking = f.string("return_tracking_code")
    articles = _read_articles(f, required=True)
    f.check()
    assert shipment_id is not None
    assert order_id is not None
    assert incoterm is not None
    assert tracking_code is not None
    assert pickup is not None
    assert departure is not None
    assert articles is not None

    shipment = state.shipments.get(shipment_id)
    if shipment is None:
        raise invalid("shipment_id", f'Shipment "{shipment_id}" not found.', NOT_FOUND_REF)
    if any(c.shipment_id == shipment_id for c in state.customs_shipments.values()):
        raise duplicate("shipment_id")
    problems: list[Violation] = []
    if shipment.order_id != order_id:
        problems.append(
            Violation("order_id", "The shipment does not belong to this order.", MISMATCH)
        )
    if shipment.tracking_code != tracking_code:
        problems.append(
            Violation("tracking_code", "This is not the shipment's tracking code.", MISMATCH)
        )
    country = str(shipment.fields.get("recipient_country") or "")
    settings = state.settings
    if settings.enforce_customs_countries and country not in settings.customs_countries:
        allowed = ", ".join(settings.customs_countries)
        problems.append(
            Violation(
                "shipment_id",
                f'The recipient country "{country}" is not a customs country ({allowed}).',
                NOT_CUSTOMS_COUNTRY,
            )
        )
    if problems:
        raise Invalid(problems)
    record = CustomsShipment(
        id=state.new_id("customs_shipment"),
        shipment_id=shipment_id,
        order_id=order_id,
        incoterm=incoterm,
        tracking_code=tracking_code,
        planned_pickup_datetime=pickup,
        departure_country=departure,
        created_at=now_iso(),
        invoice_id=invoice_id,
        invoice_date=invoice_date,
        return_tracking_code=return_tracking,
        articles=articles,
    )
    state.customs_shipments[record.id] = record
    return record


def get_customs_shipment(state: State, key: str) -> CustomsShipment:
    record = state.customs_shipments.get(int(key)) if key.isdigit() else None
    if record is None:
        raise NotFound(f'Customs shipment "{key}" not found.')
    return record


def list_customs_shipments(state: State, q: Query) -> list[CustomsShipment]:
    manifest_id = q.get("manifest_id")
    shipment_id = q.integer("shipment_id")
    order_id = q.get("order_id")
    pickup_date = q.get("planned_pickup_date")
    types = q.get_all("types[]", "types", "type")
    inspected = q.boolean("return_inspected")
    status = q.get("status")
    q.check()
    out = []
    for c in sorted(state.customs_shipments.values(), key=lambda c: c.id):
        if manifest_id is not None and c.manifest_id != manifest_id:
            continue
        if shipment_id is not None and c.shipment_id != shipment_id:
            continue
        if order_id is not None and c.order_id != order_id:
            continue
        if pickup_date and not c.planned_pickup_datetime.startswith(pickup_date):
            continue
        if types and c.type not in types:
            continue
        if inspected is True or (status is not None and c.status != status):
            continue
        out.append(c)
    return out


def _check_not_manifested(c: CustomsShipment) -> None:
    if c.manifest_id is not None:
        raise invalid(
            "manifest_id",
            f'The customs shipment is in manifest "{c.manifest_id}" and can no longer change.',
            LOCKED,
        )


def update_customs_shipment(c: CustomsShipment, body: Any) -> CustomsShipment:
    _check_not_manifested(c)
    f = Fields(body)
    values: dict[str, Any] = {}
    if f.has("incoterm"):
        values["incoterm"] = f.choice("incoterm", INCOTERMS, required=True)
    if f.has("planned_pickup_datetime"):
        values["planned_pickup_datetime"] = f.datetime("planned_pickup_datetime", required=True)
    if f.has("departure_country"):
        values["departure_country"] = f.country("departure_country", required=True)
    for name in ("invoice_id", "return_tracking_code"):
        if f.has(name):
            values[name] = f.string(name)
    if f.has("invoice_date"):
        values["invoice_date"] = f.datetime("invoice_date")
    if f.has("articles"):
        values["articles"] = _read_articles(f, required=True)
    for name in ("shipment_id", "order_id", "tracking_code"):
        if (
            f.has(name)
            and f.raw(name) != getattr(c, name)
            and str(f.raw(name)) != str(getattr(c, name))
        ):
            f.add(name, "This value cannot be changed.", MISMATCH)
    f.check()
    for name, value in values.items():
        setattr(c, name, value)
    return c


def delete_customs_shipment(state: State, c: CustomsShipment) -> None:
    _check_not_manifested(c)
    del state.customs_shipments[c.id]


# ---------------------------------------------------------------- manifests
def manifest_json(m: Manifest) -> dict[str, Any]:
    return {
        "id": m.id,
        "iri": f"/v2/customs/manifests/{m.id}",
        "manifest_id": m.manifest_id,
        "shipment_ids": list(m.shipment_ids),
        "pieces": m.pieces,
        "reference": m.reference,
        "comment": m.comment,
        "consignment_id": m.consignment_id,
        "status": m.status,
        "created_at": m.created_at,
    }


def create_manifest(state: State, body: Any, *, flex: bool) -> Manifest:
    if flex:
        raise Invalid([Violation("", FLEX_MESSAGE, FLEX_ACCOUNT)], FLEX_MESSAGE)
    f = Fields(body)
    manifest_id = f.string("manifest_id", required=True)
    if manifest_id is not None and "/" in manifest_id:
        f.add("manifest_id", 'This value must not contain "/".', REGEX_FAILED)
    raw_ids = f.array("shipment_ids", required=True, min_items=1) or []
    pieces = f.integer("pieces", required=True, minimum=1)
    reference = f.string("reference")
    comment = f.string("comment", max_length=2000)
    consignment_id = f.string("consignment_id")
    if manifest_id and any(m.manifest_id == manifest_id for m in state.manifests.values()):
        f.violations.extend(duplicate("manifest_id").violations)
    by_shipment = {c.shipment_id: c for c in state.customs_shipments.values()}
    ids: list[int] = []
    for i, raw in enumerate(raw_ids):
        path = f"shipment_ids[{i}]"
        sid = int(raw) if isinstance(raw, str) and raw.isdigit() else raw
        if isinstance(sid, bool) or not isinstance(sid, int):
            f.add(path, "This value should be of type int.", INVALID_TYPE)
            continue
        record = by_shipment.get(sid)
        if record is None:
            f.add(path, f'No customs shipment for shipment "{sid}".', NOT_FOUND_REF)
        elif record.manifest_id is not None:
            f.add(path, f'Already in manifest "{record.manifest_id}".', LOCKED)
        elif sid in ids:
            f.violations.extend(duplicate(path).violations)
        ids.append(sid)
    f.check()
    assert manifest_id is not None
    assert pieces is not None
    manifest = Manifest(
        id=state.new_id("manifest"),
        manifest_id=manifest_id,
        shipment_ids=ids,
        pieces=pieces,
        created_at=now_iso(),
        reference=reference,
        comment=comment,
        consignment_id=consignment_id,
    )
    for sid in ids:
        by_shipment[sid].manifest_id = manifest_id
    state.manifests[manifest.id] = manifest
    return manifest


def get_manifest(state: State, key: str) -> Manifest:
    """``key`` is the numeric id; with ``merchant_keys_in_paths`` also the ``manifest_id``
    (the numeric id wins)."""
    if key.isdigit() and int(key) in state.manifests:
        return state.manifests[int(key)]
    if state.settings.merchant_keys_in_paths:
        for m in state.manifests.values():
            if m.manifest_id == key:
                return m
    raise NotFound(f'Manifest "{key}" not found.')


def list_manifests(state: State, q: Query | None = None) -> list[Manifest]:
    """All manifests, or those whose ``manifest_id`` is the query's ``manifest_id``."""
    wanted = q.get("manifest_id") if q is not None else None
    if q is not None:
        q.check()
    return [
        m
        for m in sorted(state.manifests.values(), key=lambda m: m.id)
        if wanted is None or m.manifest_id == wanted
    ]
