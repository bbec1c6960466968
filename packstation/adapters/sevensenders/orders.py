"""Orders, their states and their items at Seven Senders (``/orders``, ``/order_states``,
``/order_items``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from packstation.adapters.sevensenders import operations as ops
from packstation.adapters.sevensenders.answers import ApiArea
from packstation.adapters.sevensenders.dto import orders as dto
from packstation.adapters.sevensenders.dto.fields import sent, with_id
from packstation.adapters.sevensenders.operations import Op
from packstation.domain.shipping import (
    NewOrder,
    NewOrderItem,
    OrderFilter,
    OrderItem,
    OrderState,
    OrderUpdate,
    PostedState,
    SevenSendersOrder,
)


def _answer_id(response: httpx.Response) -> int | None:
    """The numeric id of an answer (its ``id``, or the end of its ``iri``), if it has one."""
    try:
        data = json.loads(response.content) if response.content.strip() else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, Mapping):
        return None
    value = with_id(data).get("id")
    text = str(value).strip() if isinstance(value, int | str) else ""
    return int(text) if text.isdigit() else None


class OrdersApi(ApiArea):
    """Orders, order states and order items."""

    async def create_order(self, order: NewOrder) -> SevenSendersOrder:
        op = ops.CREATE_ORDER
        response = await self._wire.send(
            op,
            "POST",
            self._wire.url(self._paths.orders),
            json=dto.order_body(order, self._wire.names.order_request),
        )
        return self._order(op, self._object(op, response))

    async def list_orders(self, flt: OrderFilter) -> list[SevenSendersOrder]:
        return await self._list_orders(ops.LIST_ORDERS, flt)

    async def find_order(self, order_id: str) -> SevenSendersOrder | None:
        """The order with exactly this ``order_id``, or ``None`` when 7S does not have it.

        Reads page after page until the order turns up (``ApiArea._pages``), so an API that
        ignores the ``order_id`` filter still finds it.
        """
        op = ops.FIND_ORDER
        rows = await self._pages(
            op,
            self._wire.url(self._paths.orders),
            dto.order_params(OrderFilter(order_id=order_id), self._query, paged=False),
            lambda row, _answer: self._order(op, row),
            lambda order: order.id,
            enough=lambda order: order.order_id == order_id,
        )
        return next((order for order in rows if order.order_id == order_id), None)

    async def _list_orders(self, op: Op, flt: OrderFilter) -> list[SevenSendersOrder]:
        response = await self._wire.send(
            op, "GET", self._wire.url(self._paths.orders), params=dto.order_params(flt, self._query)
        )
        return [self._order(op, row) for row in self._list(op, response)]

    async def get_order(self, order_ref: str | int) -> SevenSendersOrder:
        """The order whose 7S id is ``order_ref`` (``SevenSendersOrder.id``, never the
        merchant's ``order_id``: look that up with ``find_order``)."""
        op = ops.GET_ORDER
        response = await self._wire.send(op, "GET", self._wire.item_url(op, "orders", order_ref))
        return self._order(op, self._object(op, response))

    async def update_order(self, order_ref: str | int, update: OrderUpdate) -> SevenSendersOrder:
        op = ops.UPDATE_ORDER
        response = await self._wire.send(
            op,
            "PUT",
            self._wire.item_url(op, "orders", order_ref),
            json=dto.order_update_body(update, self._wire.names.order_request),
        )
        return self._order(op, self._object(op, response))

    async def delete_order(self, order_ref: str | int) -> None:
        op = ops.DELETE_ORDER
        await self._wire.send(op, "DELETE", self._wire.item_url(op, "orders", order_ref))

    async def post_order_state(
        self, order_id: str, state: OrderState, at: datetime | None = None
    ) -> PostedState:
        op = ops.POST_STATE
        when = at if at is not None else datetime.fromtimestamp(self._wire.clock(), UTC)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        body = sent(
            {"order_id": order_id, "state": OrderState(state).value, "datetime": when.isoformat()},
            self._wire.names.order_state_request,
        )
        response = await self._wire.send(
            op, "POST", self._wire.url(self._paths.order_states), json=body
        )
        # Any 2xx means 7S took the state (as in the public clients); no source documents
        # the answer's fields, so none is required: an id is kept when there is one.
        return PostedState(
            id=_answer_id(response), order_id=order_id, state=OrderState(state).value, at=when
        )

    def _order(self, op: Op, raw: Any) -> SevenSendersOrder:
        names = self._wire.names
        return self._parse(op, lambda: dto.parse_order(raw, names.order, names.state_change))

    # ------------------------------------------------------------------ order items

    async def create_order_item(self, item: NewOrderItem) -> OrderItem:
        op = ops.CREATE_ITEM
        response = await self._wire.send(
            op,
            "POST",
            self._wire.url(self._paths.order_items),
            json=dto.order_item_body(item, self._wire.names.order_item_request),
        )
        return self._order_item(op, self._object(op, response))

    async def list_order_items(self, order_id: str) -> list[OrderItem]:
        op = ops.LIST_ITEMS
        return await self._pages(
            op,
            self._wire.url(self._paths.order_items),
            [(self._query.order_id, order_id)],
            lambda row, _answer: self._order_item(op, row),
            lambda item: item.id,
        )

    async def link_order_item(
        self, item_id: str, shipment_id: str | None, quantity: int | None = None
    ) -> OrderItem:
        op = ops.LINK_ITEM
        body: dict[str, Any] = {"shipment_id": shipment_id}
        if quantity is not None:
            body["quantity"] = quantity
        response = await self._wire.send(
            op,
            "PUT",
            self._wire.item_url(op, "order_items", item_id),
            json=sent(body, self._wire.names.order_item_request),
        )
        return self._order_item(op, self._object(op, response))

    def _order_item(self, op: Op, raw: Any) -> OrderItem:
        return self._parse(op, lambda: dto.parse_order_item(raw, self._wire.names.order_item))
