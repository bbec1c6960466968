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
            op,
            "POST",
            self._wire.url(self._paths.shipments),
            json=dto.shipment_body(
                request, self._wire.names.shipment_request, self._wire.names.carrier_ref
            ),
        )
        return self._shipment(op, self._object(op, response))

    async def get_shipment(self, shipment_id: str) -> Shipment:
        op = ops.GET_SHIPMENT
        url = self._wire.item_url(op, "shipments", shipment_id)
        response = await self._wire.send(op, "GET", url)
        return self._shipment(op, self._object(op, response))

    async def list_shipments(self, flt: ShipmentFilter) -> list[Shipment]:
        """Every shipment the filter selects, page after page (``ApiArea._pages``); a look-up
        by tracking code or reference stops at the page that holds it."""
        op = ops.LIST_SHIPMENTS

        def exact(shipment: Shipment) -> bool:
            return (
                flt.tracking_code is not None and shipment.tracking_code == flt.tracking_code
            ) or (
                flt.reference_number is not None
                and shipment.reference_number == flt.reference_number
            )

        return await self._pages(
            op,
            self._wire.url(self._paths.shipments),
            dto.shipment_params(flt, self._query),
            lambda row, _answer: self._shipment(op, row),
            lambda shipment: shipment.id,
            enough=exact,
        )

    async def delete_shipment(self, shipment_id: str) -> None:
        op = ops.DELETE_SHIPMENT
        await self._wire.send(op, "DELETE", self._wire.item_url(op, "shipments", shipment_id))

    def _shipment(self, op: Op, raw: Any) -> Shipment:
        names = self._wire.names
        return self._parse(op, lambda: dto.parse_shipment(raw, names.shipment, names.carrier_ref))
