"""Carriers, shipments and labels: validation, rules and wire shapes.

Every function expects the caller to hold ``state.lock``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from packstation.sandbox import labels as documents
from packstation.sandbox.errors import (
    INVALID_CHOICE,
    LOCKED,
    NOT_BLANK,
    NOT_FOUND_REF,
    TOO_HIGH,
    Invalid,
    NotFound,
    Violation,
    duplicate,
    invalid,
)
from packstation.sandbox.orders import add_order, mark_shipped, read_order_fields
from packstation.sandbox.state import Carrier, Label, Order, Shipment, State
from packstation.sandbox.validation import Fields, Query, now_iso

FORMATS = ("pdf", "zpl", "zpl300")
CARRIER_SERVICES = ("standard", "express", "other")
SENDER_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "street",
    "house_no",
    "zip",
    "city",
    "country",
    "phone",
    "email",
)
COLLECTION_POINT_FIELDS = (
    "name1",
    "name2",
    "name3",
    "membership_id",
    "street",
    "house_no",
    "zip",
    "city",
    "country",
)
_SHIPMENT_TEXT = (
    "reference_number_2",
    "goods_value_currency",
    "cod_reference",
    "recipient_phone",
    "recipient_company_name",
    "warehouse",
    "warehouse_address",
    "comment",
    *(f"sender_{n}" for n in SENDER_FIELDS),
)
_SHIPMENT_BOOL = (
    "local_delivery",
    "pickup_point_selected",
    "trackable",
    "cod",
    "delivered_with_seven_senders",
)
_SHIPMENT_NUMBER = ("goods_value", "weight", "cod_value")

#: The sender (and return address) on labels whose request names no sender.
DEFAULT_WAREHOUSE = {
    "first_name": "",
    "last_name": "Returns",
    "company_name": "Packstation Demo Warehouse",
    "street": "Kochhannstr.",
    "house_no": "38",
    "address_details": "",
    "zip": "10247",
    "city": "Berlin",
    "country": "DE",
    "email": "returns@warehouse.example",
    "phone": "",
}


# ---------------------------------------------------------------- carriers
def carrier_json(carrier: Carrier) -> dict[str, Any]:
    return {"code": carrier.code, "name": carrier.name, "countries": list(carrier.countries)}


def read_carrier(state: State, f: Fields) -> tuple[str, str] | None:
    c = f.obj("carrier", required=True)
    if c is None:
        return None
    name = c.string("name", required=True)
    country = c.country("country", required=True)
    if name is not None and name not in state.carriers:
        c.add("name", "The value you selected is not a valid choice.", INVALID_CHOICE)
        return None
    if name is None or country is None:
        return None
    return name, country


def tracking_url(state: State, carrier_name: str, tracking_code: str | None) -> str | None:
    carrier = state.carriers.get(carrier_name)
    if carrier is None or not tracking_code:
        return None
    return carrier.tracking_url.format(tracking_code=tracking_code)


def new_tracking_code(state: State, carrier_name: str) -> str:
    carrier = state.carriers[carrier_name]
    taken = {s.tracking_code for s in state.shipments.values()}
    while True:
        code = f"{carrier.tracking_prefix}{161_094_040_000 + state.next_tracking_number():012d}"
        if code not in taken:
            return code


# ---------------------------------------------------------------- shared order handling
def _read_order_ref(state: State, f: Fields) -> tuple[str | None, dict[str, Any] | None]:
    """(existing order_id, None) or (None, embedded order values)."""
    if f.has("order") and f.raw("order") is not None:
        o = f.obj("order")
        if o is None:
            return None, None
        return None, read_order_fields(o, creating=True)
    order_id = f.string("order_id", required=True)
    if order_id is not None and state.order_by_order_id(order_id) is None:
        f.add("order_id", f'Order "{order_id}" not found.', NOT_FOUND_REF)
        return None, None
    return order_id, None


def _resolve_order(state: State, order_id: str | None, embedded: dict[str, Any] | None) -> Order:
    """The order to attach to; an embedded order is created unless its order_id exists."""
    if embedded is not None:
        existing = state.order_by_order_id(embedded["order_id"])
        return existing or add_order(state, embedded, "order.order_id")
    assert order_id is not None
    order = state.order_by_order_id(order_id)
    assert order is not None
    return order


def _check_unique(
    state: State, tracking_code: str | None, reference_number: str | None, exclude: int = 0
) -> None:
    violations: list[Violation] = []
    for shipment in state.shipments.values():
        if shipment.id == exclude:
            continue
        if tracking_code and shipment.tracking_code == tracking_code:
            violations.extend(duplicate("tracking_code").violations)
        if reference_number and shipment.reference_number == reference_number:
            violations.extend(duplicate("reference_number").violations)
    if violations:
        raise Invalid(violations)


# ---------------------------------------------------------------- shipments
def shipment_json(state: State, shipment: Shipment) -> dict[str, Any]:
    return {
        **shipment.fields,
        "id": shipment.id,
        "iri": f"/v2/shipments/{shipment.id}",
        "order_id": shipment.order_id,
        "carrier": {"name": shipment.carrier_name, "country": shipment.carrier_country},
        "carrier_service": shipment.carrier_service,
        "tracking_code": shipment.tracking_code,
        "reference_number": shipment.reference_number,
        "status": shipment.status,
        "carrier_tracking_url": tracking_url(state, shipment.carrier_name, shipment.tracking_code),
        "label_id": shipment.label_id,
        "return_parcel": shipment.return_parcel,
        "created_at": shipment.created_at,
    }


def _read_shipment_extras(f: Fields) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    for name in _SHIPMENT_TEXT:
        if f.has(name):
            extras[name] = f.string(name)
    for name in _SHIPMENT_BOOL:
        if f.has(name):
            extras[name] = f.boolean(name)
    for name in _SHIPMENT_NUMBER:
        if f.has(name):
            extras[name] = f.number(name)
    if f.has("package_no"):
        extras["package_no"] = f.integer("package_no", minimum=1)
    if f.has("planned_pickup_datetime"):
        extras["planned_pickup_datetime"] = f.datetime("planned_pickup_datetime")
    if f.has("shipment_tag"):
        extras["shipment_tag"] = f.json_value("shipment_tag", (dict, list))
    return extras


_RECIPIENT_REQUIRED = ("first_name", "last_name", "address", "zip", "city")


def create_shipment(state: State, body: Any) -> Shipment:
    f = Fields(body)
    order_id, embedded = _read_order_ref(state, f)
    carrier = read_carrier(state, f)
    service = f.choice("carrier_service", CARRIER_SERVICES) or "standard"
    tracking_code = f.string("tracking_code")
    reference_number = f.string("reference_number")
    if not tracking_code and not reference_number:
        f.add("tracking_code", "Either tracking_code or reference_number must be given.", NOT_BLANK)
    recipient = {
        f"recipient_{n}": f.string(f"recipient_{n}", required=True) for n in _RECIPIENT_REQUIRED
    }
    recipient["recipient_email"] = f.email("recipient_email", required=True)
    recipient["recipient_country"] = f.country("recipient_country", required=True)
    extras = _read_shipment_extras(f)
    return_parcel = bool(f.boolean("return_parcel"))
    f.check()
    assert carrier is not None
    _check_unique(state, tracking_code, reference_number)
    order = _resolve_order(state, order_id, embedded)
    if extras.get("local_delivery") and not order.promised_delivery_date:
        raise invalid(
            "local_delivery", "local_delivery needs the order's promised_delivery_date.", NOT_BLANK
        )
    shipment = Shipment(
        id=state.new_id("shipment"),
        order_id=order.order_id,
        carrier_name=carrier[0],
        carrier_country=carrier[1],
        carrier_service=service,
        tracking_code=tracking_code or None,
        reference_number=reference_number or None,
        created_at=now_iso(),
        return_parcel=return_parcel,
        fields={**recipient, **extras},
    )
    state.shipments[shipment.id] = shipment
    if not return_parcel:
        mark_shipped(order)
    return shipment


def get_shipment(state: State, key: str) -> Shipment:
    shipment = state.shipments.get(int(key)) if key.isdigit() else None
    if shipment is None:
        raise NotFound(f'Shipment "{key}" not found.')
    return shipment


def list_shipments(state: State, q: Query) -> list[Shipment]:
    wanted = {n: q.get(n) for n in ("order_id", "reference_number", "tracking_code")}
    return [
        s
        for s in sorted(state.shipments.values(), key=lambda s: s.id)
        if all(v is None or getattr(s, n) == v for n, v in wanted.items())
    ]


def update_shipment(state: State, shipment: Shipment, body: Any) -> Shipment:
    f = Fields(body)
    carrier = read_carrier(state, f) if f.has("carrier") else None
    service = f.choice("carrier_service", CARRIER_SERVICES)
    tracking_code = f.string("tracking_code") if f.has("tracking_code") else None
    reference_number = f.string("reference_number") if f.has("reference_number") else None
    fields: dict[str, Any] = {}
    for name in (*_RECIPIENT_REQUIRED, "email", "country"):
        key = f"recipient_{name}"
        if f.has(key):
            fields[key] = (
                f.country(key, required=True)
                if name == "country"
                else f.email(key, required=True)
                if name == "email"
                else f.string(key, required=True)
            )
    fields.update(_read_shipment_extras(f))
    return_parcel = f.boolean("return_parcel")
    f.check()
    _check_unique(state, tracking_code, reference_number, exclude=shipment.id)
    if carrier is not None:
        shipment.carrier_name, shipment.carrier_country = carrier
    if service is not None:
        shipment.carrier_service = service
    if tracking_code is not None:
        shipment.tracking_code = tracking_code or None
    if reference_number is not None:
        shipment.reference_number = reference_number or None
    if return_parcel is not None:
        shipment.return_parcel = return_parcel
    shipment.fields.update(fields)
    return shipment


def _check_removable(state: State, shipment: Shipment) -> None:
    if shipment.status != "new":
        raise invalid(
            "status", f'The shipment is "{shipment.status}" and can no longer be deleted.', LOCKED
        )
    if any(c.shipment_id == shipment.id for c in state.customs_shipments.values()):
        raise invalid("id", "The shipment has a customs shipment; delete that first.", LOCKED)


def delete_shipment(state: State, shipment: Shipment) -> None:
    _check_removable(state, shipment)
    if shipment.label_id is not None:
        state.labels.pop(shipment.label_id, None)
    for item in state.order_items.values():
        if item.shipment_id == shipment.id:
            item.shipment_id = None
    del state.shipments[shipment.id]


# ---------------------------------------------------------------- labels
def label_json(label: Label, root: str) -> dict[str, Any]:
    return {
        "id": label.id,
        "iri": f"/v2/labels/{label.id}",
        "shipment_id": label.shipment_id,
        "order_id": label.order_id,
        "tracking_code": label.tracking_code,
        "carrier": {"name": label.carrier_name, "country": label.carrier_country},
        "format": label.format,
        "label_url": f"{root}/v2/label-download/{label.id}",
        "reference_number": label.reference_number,
        "return_parcel": label.return_parcel,
    }


@dataclass(frozen=True, slots=True)
class LabelRequest:
    order_id: str | None
    embedded: dict[str, Any] | None
    carrier: tuple[str, str]
    format: str
    service: str
    reference_number: str | None
    return_parcel: bool
    include_return_label: bool
    package_no: int
    package_count: int
    weight_kg: float | None
    recipient: dict[str, str]
    sender: dict[str, str]
    pudo_id: str | None
    extras: dict[str, Any]


def _read_label_request(state: State, body: Any) -> LabelRequest:
    f = Fields(body)
    order_id, embedded = _read_order_ref(state, f)
    carrier = read_carrier(state, f)
    fmt = f.choice("format", FORMATS) or "pdf"
    service = f.choice("carrier_service", CARRIER_SERVICES) or "standard"
    reference_number = f.string("reference_number") or None
    recipient = {
        n: f.string(f"recipient_{n}", required=True) or ""
        for n in ("first_name", "last_name", "street", "zip", "city")
    }
    recipient["email"] = f.email("recipient_email", required=True) or ""
    recipient["country"] = f.country("recipient_country", required=True) or ""
    for n in ("house_no", "address_details", "phone", "company_name"):
        recipient[n] = f.text(f"recipient_{n}")
    sender = {n: f.text(f"sender_{n}") for n in SENDER_FIELDS}
    if sender["country"]:
        sender["country"] = f.country("sender_country") or ""
    if not any(sender.values()):
        sender = dict(DEFAULT_WAREHOUSE)  # a label always shows where the parcel comes from
    package_no = f.integer("package_no", minimum=1) or 1
    package_count = f.integer("package_count", minimum=1) or 1
    if package_no > package_count:
        f.add(
            "package_no", f"This value should be less than or equal to {package_count}.", TOO_HIGH
        )
    weight = f.number("weight", positive=True)
    pudo_id = f.string("pudo_id") or None
    if (
        pudo_id
        and carrier
        and not any(
            p.location_id == pudo_id and p.carrier_name == carrier[0] for p in state.pudo_points
        )
    ):
        f.add("pudo_id", f'PUDO location "{pudo_id}" not found for {carrier[0]}.', NOT_FOUND_REF)
    extras = {
        f"collection_point_{n}": f.text(f"collection_point_{n}") for n in COLLECTION_POINT_FIELDS
    }
    extras["warehouse"] = f.text("warehouse")
    extras["warehouse_address"] = f.text("warehouse_address")
    return_parcel = bool(f.boolean("return_parcel"))
    include_return = bool(f.boolean("include_return_label"))
    f.check()
    assert carrier is not None
    return LabelRequest(
        order_id,
        embedded,
        carrier,
        fmt,
        service,
        reference_number,
        return_parcel,
        include_return,
        package_no,
        package_count,
        weight,
        recipient,
        sender,
        pudo_id,
        extras,
    )


def create_labels(state: State, body: Any) -> list[Label]:
    """POST /labels: one label, or outbound + return when ``include_return_label`` is set."""
    req = _read_label_request(state, body)
    return_ref = f"{req.reference_number}-R" if req.reference_number else None
    _check_unique(state, None, req.reference_number)
    if req.include_return_label:
        _check_unique(state, None, return_ref)
    order = _resolve_order(state, req.order_id, req.embedded)
    made = [
        _make_label(
            state, order, req, req.recipient, req.sender, req.return_parcel, req.reference_number
        )
    ]
    if req.include_return_label:
        # back to the sender as read (the default warehouse when the request names none),
        # never a mix: a blank company or e-mail must not be filled in from the default
        back_to = {**dict.fromkeys(DEFAULT_WAREHOUSE, ""), **req.sender}
        made.append(_make_label(state, order, req, back_to, req.recipient, True, return_ref))
    if not all(label.return_parcel for label in made):
        mark_shipped(order)
    return made


def _make_label(
    state: State,
    order: Order,
    req: LabelRequest,
    recipient: dict[str, str],
    sender: dict[str, str],
    return_parcel: bool,
    reference_number: str | None,
) -> Label:
    tracking_code = new_tracking_code(state, req.carrier[0])
    now = now_iso()
    shipment = Shipment(
        id=state.new_id("shipment"),
        order_id=order.order_id,
        carrier_name=req.carrier[0],
        carrier_country=req.carrier[1],
        carrier_service=req.service,
        tracking_code=tracking_code,
        reference_number=reference_number,
        created_at=now,
        return_parcel=return_parcel,
        fields={
            **{f"recipient_{k}": v for k, v in recipient.items()},
            "recipient_address": " ".join(
                p for p in (recipient.get("street", ""), recipient.get("house_no", "")) if p
            ),
            **{f"sender_{k}": v for k, v in sender.items() if k in SENDER_FIELDS},
            **req.extras,
            "pudo_id": req.pudo_id,
            "package_no": req.package_no,
            "weight": req.weight_kg,
        },
    )
    label = Label(
        id=state.new_id("label"),
        shipment_id=shipment.id,
        order_id=order.order_id,
        tracking_code=tracking_code,
        carrier_name=req.carrier[0],
        carrier_country=req.carrier[1],
        carrier_service=req.service,
        format=req.format,
        reference_number=reference_number,
        return_parcel=return_parcel,
        package_no=req.package_no,
        package_count=req.package_count,
        weight_kg=req.weight_kg,
        recipient=dict(recipient),
        sender=dict(sender),
        pudo_id=None if return_parcel else req.pudo_id,
        created_at=now,
    )
    shipment.label_id = label.id
    state.shipments[shipment.id] = shipment
    state.labels[label.id] = label
    return label


def get_label(state: State, key: str) -> Label:
    label = state.labels.get(int(key)) if key.isdigit() else None
    if label is None:
        raise NotFound(f'Label "{key}" not found.')
    return label


def list_labels(state: State, q: Query) -> list[Label]:
    wanted = {n: q.get(n) for n in ("order_id", "reference_number", "tracking_code")}
    return [
        label
        for label in sorted(state.labels.values(), key=lambda x: x.id)
        if all(v is None or getattr(label, n) == v for n, v in wanted.items())
    ]


def delete_label(state: State, label: Label) -> None:
    shipment = state.shipments.get(label.shipment_id)
    if shipment is not None:
        delete_shipment(state, shipment)
    state.labels.pop(label.id, None)


def label_document(state: State, label: Label) -> tuple[bytes, str]:
    """The printable file and its content type (rendered once, then cached)."""
    if label.document is None:
        carrier = state.carriers.get(label.carrier_name)
        pudo = next(
            (
                p
                for p in state.pudo_points
                if p.location_id == label.pudo_id and p.carrier_name == label.carrier_name
            ),
            None,
        )
        label.document = documents.render(
            label, carrier.name if carrier else label.carrier_name, pudo
        )
    return label.document, documents.content_type(label.format)
