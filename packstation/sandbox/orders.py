"""Orders, order states and order items: validation, rules and wire shapes.

Every function expects the caller to hold ``state.lock``.
"""

from __future__ import annotations

from typing import Any

from packstation.sandbox.errors import (
    LOCKED,
    NOT_FOUND_REF,
    STATE_REFUSED,
    Invalid,
    NotFound,
    Violation,
    duplicate,
    invalid,
)
from packstation.sandbox.products import image_url
from packstation.sandbox.state import Order, OrderItem, PostedState, State, StateEntry
from packstation.sandbox.validation import Fields, Query, now_iso, parse_datetime

#: The forward path; a merchant may not move an order backwards along it.
FORWARD = (
    "new",
    "paid",
    "in_production",
    "warehouse_handover",
    "in_preparation",
    "shipped",
    "completed",
)
#: Merchant states outside the path, allowed from any state.
OFF_PATH = ("returned", "refunded", "cancelled")
#: States only Seven Senders sets.
SYSTEM_STATES = ("new", "shipped", "completed")
ALL_STATES = FORWARD + OFF_PATH

DELIVERED = "delivered"


# ---------------------------------------------------------------- orders
def order_json(state: State, order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "iri": f"/v2/orders/{order.id}",
        "order_id": order.order_id,
        "order_date": order.order_date,
        "order_url": order.order_url,
        "language": order.language,
        "boarding_complete": order.boarding_complete,
        "order_tags": order.order_tags,
        "promised_delivery_date": order.promised_delivery_date,
        "state": order.state,
        "states_history": [
            {"state": e.state, "datetime": e.datetime} for e in order.states_history
        ],
        "shipments": sorted(s.id for s in state.shipments_of(order.order_id)),
    }


def read_order_fields(f: Fields, *, creating: bool) -> dict[str, Any]:
    """The order fields of a POST/PUT body (or of an embedded ``order`` object)."""
    values: dict[str, Any] = {}
    if creating or f.has("order_id"):
        values["order_id"] = f.path_key("order_id", required=True)
    if creating or f.has("order_date"):
        values["order_date"] = f.datetime("order_date", required=True)
    for name in ("order_url", "language"):
        if f.has(name):
            values[name] = f.string(name)
    for name in ("boarding_complete", "delivered_with_seven_senders"):
        if f.has(name):
            values[name] = f.boolean(name)
    if f.has("promised_delivery_date"):
        values["promised_delivery_date"] = f.datetime("promised_delivery_date")
    if f.has("order_tags"):
        values["order_tags"] = f.json_value("order_tags", (dict, list))
    return values


def add_order(state: State, values: dict[str, Any], path: str = "order_id") -> Order:
    """Create an order from validated ``values`` (state ``new``)."""
    if state.order_by_order_id(values["order_id"]) is not None:
        raise duplicate(path)
    order = Order(
        id=state.new_id("order"), order_id=values["order_id"], order_date=values["order_date"]
    )
    apply_order_fields(order, values)
    order.states_history.append(StateEntry("new", now_iso()))
    state.orders[order.id] = order
    return order


def apply_order_fields(order: Order, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name != "order_id":
            setattr(order, name, value)


def create_order(state: State, body: Any) -> Order:
    f = Fields(body)
    values = read_order_fields(f, creating=True)
    f.check()
    return add_order(state, values)


def get_order(state: State, key: str) -> Order:
    order = state.find_order(key)
    if order is None:
        raise NotFound(f'Order "{key}" not found.')
    return order


def list_orders(state: State, q: Query) -> list[Order]:
    """The orders the filters select, one page (``page``, ``limit``: 20 by default, at most
    the account's ``list_page_size``)."""
    order_id = q.get("order_id")
    wanted_state = q.get("state")
    before = q.datetime("order_date[before]")
    after = q.datetime("order_date[after]")
    page = q.integer("page", minimum=1) or 1
    limit = min(
        q.integer("limit", minimum=1, maximum=1000) or 20, state.settings.list_page_size or 1000
    )
    q.check()
    out: list[Order] = []
    for order in sorted(state.orders.values(), key=lambda o: o.id):
        if order_id is not None and order.order_id != order_id:
            continue
        if wanted_state is not None and order.state != wanted_state:
            continue
        date = parse_datetime(order.order_date)
        if before is not None and (date is None or date > before):
            continue
        if after is not None and (date is None or date < after):
            continue
        out.append(order)
    return out[(page - 1) * limit : page * limit]


def update_order(state: State, order: Order, body: Any) -> Order:
    f = Fields(body)
    values = read_order_fields(f, creating=False)
    f.check()
    new_id = values.get("order_id")
    if new_id is not None and new_id != order.order_id:
        if state.order_by_order_id(new_id) is not None:
            raise duplicate("order_id")
        _rename_order(state, order.order_id, new_id)
        order.order_id = new_id
    apply_order_fields(order, values)
    recompute_completion(state, order)
    return order


def _rename_order(state: State, old: str, new: str) -> None:
    records: list[Any] = [
        *state.shipments.values(),
        *state.labels.values(),
        *state.order_items.values(),
        *state.order_states.values(),
        *state.customs_shipments.values(),
    ]
    for record in records:
        if record.order_id == old:
            record.order_id = new


def delete_order(state: State, order: Order) -> None:
    """Delete an order and everything hanging off it; refused once customs-manifested."""
    customs = [c for c in state.customs_shipments.values() if c.order_id == order.order_id]
    if any(c.manifest_id for c in customs):
        raise invalid("id", "The order has customs shipments in a manifest.", LOCKED)
    for table in (state.shipments, state.labels, state.order_items, state.customs_shipments):
        for key in [k for k, v in table.items() if v.order_id == order.order_id]:
            del table[key]
    del state.orders[order.id]


def mark_shipped(order: Order) -> None:
    """A first shipment moves an order on the forward path to ``shipped``."""
    if order.state in FORWARD and FORWARD.index(order.state) < FORWARD.index("shipped"):
        order.state = "shipped"
        order.states_history.append(StateEntry("shipped", now_iso()))


def recompute_completion(state: State, order: Order) -> None:
    """``completed`` once boarding is complete (true or unset) and every parcel is delivered."""
    if order.state != "shipped" or order.boarding_complete is False:
        return
    parcels = [s for s in state.shipments_of(order.order_id) if not s.return_parcel]
    if parcels and all(s.status == DELIVERED for s in parcels):
        order.state = "completed"
        order.states_history.append(StateEntry("completed", now_iso()))


# ---------------------------------------------------------------- order states
def posted_state_json(posted: PostedState) -> dict[str, Any]:
    return {
        "id": posted.id,
        "iri": f"/v2/order_states/{posted.id}",
        "order_id": posted.order_id,
        "state": posted.state,
        "datetime": posted.datetime,
    }


def post_state(state: State, body: Any) -> PostedState:
    f = Fields(body)
    order_id = f.string("order_id", required=True)
    target = f.choice("state", ALL_STATES, required=True)
    at = f.datetime("datetime", required=True)
    f.check()
    assert order_id is not None
    assert target is not None
    assert at is not None
    order = state.order_by_order_id(order_id)
    if order is None:
        raise invalid("order_id", f'Order "{order_id}" not found.', NOT_FOUND_REF)
    refusal = state_refusal(order.state, target)
    if refusal:
        raise Invalid([Violation("state", refusal, STATE_REFUSED)])
    if target != order.state:  # the same state again is an idempotent no-op
        order.state = target
        order.states_history.append(StateEntry(target, at))
    posted = PostedState(state.new_id("order_state"), order.order_id, target, at)
    state.order_states[posted.id] = posted
    return posted


def state_refusal(current: str, target: str) -> str | None:
    """Why a merchant may not move an order from ``current`` to ``target`` (None: allowed)."""
    if target in SYSTEM_STATES and target != current:
        return f'The state "{target}" is set by Seven Senders and cannot be posted.'
    if target == current or target in OFF_PATH:
        return None
    if current in OFF_PATH:
        return f'The order is {current}; it cannot move to "{target}".'
    if current in FORWARD and FORWARD.index(target) < FORWARD.index(current):
        return f'The order is already "{current}"; it cannot move back to "{target}".'
    return None


# ---------------------------------------------------------------- order items
def item_json(state: State, item: OrderItem, root: str) -> dict[str, Any]:
    product = state.products.get(item.sku)
    return {
        "id": item.id,
        "iri": f"/v2/order_items/{item.id}",
        "order_id": item.order_id,
        "sku": item.sku,
        "name": item.name,
        "ean": item.ean,
        "quantity": item.quantity,
        "shipment_id": item.shipment_id,
        "image_url": image_url(product, root) if product else None,
    }


def list_items(state: State, q: Query) -> list[OrderItem]:
    order_id = q.get("order_id")
    shipment_id = q.integer("shipment_id")
    q.check()
    return [
        item
        for item in sorted(state.order_items.values(), key=lambda i: i.id)
        if (order_id is None or item.order_id == order_id)
        and (shipment_id is None or item.shipment_id == shipment_id)
    ]


def get_item(state: State, key: str) -> OrderItem:
    item = state.order_items.get(int(key)) if key.isdigit() else None
    if item is None:
        raise NotFound(f'Order item "{key}" not found.')
    return item


def _read_shipment_ref(state: State, f: Fields, order_id: str | None) -> int | None:
    shipment_id = f.identifier("shipment_id")
    if shipment_id is None:
        return None
    shipment = state.shipments.get(shipment_id)
    if shipment is None:
        f.add("shipment_id", f'Shipment "{shipment_id}" not found.', NOT_FOUND_REF)
        return None
    if order_id is not None and shipment.order_id != order_id:
        f.add("shipment_id", "The shipment belongs to another order.", NOT_FOUND_REF)
        return None
    return shipment_id


def create_item(state: State, body: Any) -> OrderItem:
    f = Fields(body)
    order_id = f.string("order_id", required=True)
    sku = f.string("sku", required=True)
    name = f.string("name", required=True)
    quantity = f.integer("quantity", required=True, minimum=1)
    ean = f.pattern("ean", r"\d{8,14}")
    if order_id is not None and state.order_by_order_id(order_id) is None:
        f.add("order_id", f'Order "{order_id}" not found.', NOT_FOUND_REF)
    shipment_id = _read_shipment_ref(state, f, order_id)
    f.check()
    assert order_id is not None
    assert sku is not None
    assert name is not None
    assert quantity is not None
    item = OrderItem(state.new_id("order_item"), order_id, sku, name, quantity, ean, shipment_id)
    state.order_items[item.id] = item
    return item


def add_item(
    state: State, order_id: str, sku: str, name: str, quantity: int, ean: str | None
) -> OrderItem:
    item = OrderItem(state.new_id("order_item"), order_id, sku, name, quantity, ean)
    state.order_items[item.id] = item
    return item


def update_item(state: State, item: OrderItem, body: Any) -> OrderItem:
    f = Fields(body)
    shipment_id = _read_shipment_ref(state, f, item.order_id)
    quantity = f.integer("quantity", minimum=1) if f.has("quantity") else None
    name = f.string("name", required=True) if f.has("name") else None
    f.check()
    if f.has("shipment_id"):
        item.shipment_id = shipment_id
    if quantity is not None:
        item.quantity = quantity
    if name is not None:
        item.name = name
    return item


def delete_item(state: State, item: OrderItem) -> None:
    del state.order_items[item.id]
