"""Parcels registered at Seven Senders without a label bought there (``/shipments``)."""

from __future__ import annotations

from typing import Any

from packstation.adapters.sevensenders import operations as ops
from packstation.adapters.sevensenders.answers import ApiArea
from packstation.adapters.sevensenders.dto import shipments as dto
from packstation.adapters.sevensenders.operations import Op
from packstation.domain.shipping import Shipment, ShipmentFilter, ShipmentRequest


class ShipmentsApi(ApiArea):
    """Shipments: register, look up, list, cancel."""

    async def create_shipment(self, request: ShipmentRequest) -> Shipment:
        op = ops.CREATE_SHIPMENT
        response = await self._wire.send(
            op, "POST", self._wire.url(self._paths.shipments), json=dto.shipment_body(request)
        )
        return self._shipment(op, self._object(op, response))

    async def get_shipment(self, shipment_id: str) -> Shipment:
        op = ops.GET_SHIPMENT
        url = self._wire.item_url(op, "shipments", shipment_id)
        response = await self._wire.send(op, "GET", url)
        return self._shipment(op, self._object(op, response))

    async def list_shipments(self, flt: ShipmentFilter) -> list[Shipment]:
        op = ops.LIST_SHIPMENTS
        response = await self._wire.send(
            op,
            "GET",
            self._wire.url(self._paths.shipments),
            params=dto.shipment_params(flt, self._query),
        )
        return [self._shipment(op, row) for row in self._list(op, response)]

    async def delete_shipment(self, shipment_id: str) -> None:
        op = ops.DELETE_SHIPMENT
        await self._wire.send(op, "DELETE", self._wire.item_url(op, "shipments", shipment_id))

    def _shipment(self, op: Op, raw: Any) -> Shipment:
        return self._parse(op, lambda: dto.ShipmentBody.model_validate(raw).to_domain())
