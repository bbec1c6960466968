"""Orders: the order, its state history, posted states and order items, in and out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import AliasChoices, Field

from packstation.adapters.sevensenders.dto.fields import (
    DEFAULT_QUERY_NAMES,
    JsonObject,
    NonEmpty,
    OptionalId,
    WireId,
    WireModel,
    compact,
    iso,
    renamed,
    renamed_in,
    sent,
)
from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    OrderItemKeys,
    OrderItemRequestKeys,
    OrderKeys,
    OrderRequestKeys,
    QueryNames,
    StateChangeKeys,
)
from packstation.domain.shipping import (
    NewOrder,
    NewOrderItem,
    OrderFilter,
    OrderItem,
    OrderUpdate,
    PostedState,
    SevenSendersOrder,
    StateChange,
)


class StateChangeBody(WireModel):
    state: str
    at: datetime = Field(validation_alias=AliasChoices("datetime", "date", "created_at"))


def _tags(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(k): "" if v is None else str(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return {str(v): "" for v in value}
    return {}


class OrderBody(WireModel):
    id: int
    order_id: WireId
    state: str = ""
    order_date: datetime | None = None
    states_history: list[StateChangeBody] = Field(default_factory=list)
    boarding_complete: bool | None = None
    order_url: str | None = None
    language: str | None = None
    order_tags: dict[str, Any] | list[Any] | None = None
    shipments: list[WireId] = Field(default_factory=list)

    def to_domain(self) -> SevenSendersOrder:
        return SevenSendersOrder(
            id=self.id,
            order_id=self.order_id,
            state=self.state,
            order_date=self.order_date,
            states_history=tuple(StateChange(s.state, s.at) for s in self.states_history),
            boarding_complete=self.boarding_complete,
            order_url=self.order_url,
            language=self.language,
            tags=_tags(self.order_tags),
            shipment_ids=tuple(self.shipments),
        )


class PostedStateBody(WireModel):
    id: int
    order_id: WireId
    state: str
    at: datetime = Field(validation_alias=AliasChoices("datetime", "date", "created_at"))

    def to_domain(self) -> PostedState:
        return PostedState(id=self.id, order_id=self.order_id, state=self.state, at=self.at)


class OrderItemBody(WireModel):
    id: WireId
    order_id: WireId
    sku: NonEmpty
    quantity: int
    name: str | None = ""
    ean: str | None = None
    shipment_id: OptionalId = None
    image_url: str | None = None

    def to_domain(self) -> OrderItem:
        return OrderItem(
            id=self.id,
            order_id=self.order_id,
            sku=self.sku,
            quantity=self.quantity,
            name=self.name or "",
            ean=self.ean,
            shipment_id=self.shipment_id,
            image_url=self.image_url,
        )


def order_body(order: NewOrder, keys: OrderRequestKeys = DEFAULT_NAMES.order_request) -> JsonObject:
    body = compact(
        {
            "order_id": order.order_id,
            "order_date": iso(order.order_date),
            "order_url": order.order_url,
            "language": order.language,
            "boarding_complete": order.boarding_complete,
            "order_tags": dict(order.tags) if order.tags else None,
            "promised_delivery_date": (
                iso(order.promised_delivery_date) if order.promised_delivery_date else None
            ),
        }
    )
    return sent(body, keys)


def order_update_body(
    update: OrderUpdate, keys: OrderRequestKeys = DEFAULT_NAMES.order_request
) -> JsonObject:
    body = compact(
        {
            "boarding_complete": update.boarding_complete,
            "order_url": update.order_url,
            "language": update.language,
            "order_tags": dict(update.tags) if update.tags is not None else None,
            "promised_delivery_date": (
                iso(update.promised_delivery_date) if update.promised_delivery_date else None
            ),
        }
    )
    return sent(body, keys)


def order_params(
    flt: OrderFilter, q: QueryNames = DEFAULT_QUERY_NAMES, *, paged: bool = True
) -> list[tuple[str, str]]:
    """The query of an order list; ``paged=False`` leaves the page out (the caller pages)."""
    params = [
        (q.order_id, flt.order_id),
        (q.state, flt.state),
        (q.order_date_before, iso(flt.order_date_before) if flt.order_date_before else None),
        (q.order_date_after, iso(flt.order_date_after) if flt.order_date_after else None),
    ]
    if paged:
        params += [(q.page, str(flt.page)), (q.page_size, str(flt.limit))]
    return [(k, v) for k, v in params if v is not None]


def order_item_body(
    item: NewOrderItem, keys: OrderItemRequestKeys = DEFAULT_NAMES.order_item_request
) -> JsonObject:
    body = compact(
        {
            "order_id": item.order_id,
            "sku": item.sku,
            "name": item.name,
            "quantity": item.quantity,
            "ean": item.ean,
            "shipment_id": item.shipment_id,
        }
    )
    return sent(body, keys)


def parse_order(
    raw: Mapping[str, Any],
    keys: OrderKeys,
    entry_keys: StateChangeKeys = DEFAULT_NAMES.state_change,
) -> SevenSendersOrder:
    """Validate one order whose keys are spelled as ``keys`` says (the entries of its states
    history as ``entry_keys`` says)."""
    data = renamed(raw, keys)
    renamed_in(data, "states_history", entry_keys, each=True)
    return OrderBody.model_validate(data).to_domain()


def parse_order_item(raw: Mapping[str, Any], keys: OrderItemKeys) -> OrderItem:
    """Validate one order item whose keys are spelled as ``keys`` says."""
    return OrderItemBody.model_validate(renamed(raw, keys)).to_domain()
