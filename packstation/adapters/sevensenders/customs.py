"""Customs data per parcel and the customs manifests that start clearance
(``/customs_shipments``, ``/customs_manifests``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packstation.adapters.sevensenders import operations as ops
from packstation.adapters.sevensenders.answers import ApiArea
from packstation.adapters.sevensenders.dto import customs as dto
from packstation.adapters.sevensenders.failures import malformed_text
from packstation.adapters.sevensenders.operations import Op
from packstation.domain.errors import MalformedResponse
from packstation.domain.shipping import (
    CustomsShipment,
    CustomsShipmentFilter,
    CustomsShipmentRequest,
    CustomsShipmentUpdate,
    Manifest,
    ManifestRequest,
)


class CustomsApi(ApiArea):
    """Customs shipments and manifests."""

    async def create_customs_shipment(self, request: CustomsShipmentRequest) -> CustomsShipment:
        op = ops.CREATE_CUSTOMS
        response = await self._wire.send(
            op,
            "POST",
            self._wire.url(self._paths.customs_shipments),
            json=dto.customs_body(
                request,
                self._wire.names.customs_article,
                self._wire.names.customs_shipment_request,
            ),
        )
        return self._customs(op, self._object(op, response))

    async def list_customs_shipments(self, flt: CustomsShipmentFilter) -> list[CustomsShipment]:
        """Every customs shipment the filter selects, page after page (``ApiArea._pages``);
        a look-up by shipment id stops at the page that holds it."""
        op = ops.LIST_CUSTOMS
        return await self._pages(
            op,
            self._wire.url(self._paths.customs_shipments),
            dto.customs_params(flt, self._query),
            lambda row, _answer: self._customs(op, row),
            lambda record: record.id,
            enough=lambda record: (
                flt.shipment_id is not None and record.shipment_id == flt.shipment_id
            ),
        )

    async def get_customs_shipment(self, customs_id: str) -> CustomsShipment:
        op = ops.GET_CUSTOMS
        url = self._wire.item_url(op, "customs_shipments", customs_id)
        response = await self._wire.send(op, "GET", url)
        return self._customs(op, self._object(op, response))

    async def update_customs_shipment(
        self, customs_id: str, update: CustomsShipmentUpdate
    ) -> CustomsShipment:
        op = ops.UPDATE_CUSTOMS
        response = await self._wire.send(
            op,
            "PUT",
            self._wire.item_url(op, "customs_shipments", customs_id),
            json=dto.customs_update_body(
                update,
                self._wire.names.customs_article,
                self._wire.names.customs_shipment_request,
            ),
        )
        return self._customs(op, self._object(op, response))

    async def delete_customs_shipment(self, customs_id: str) -> None:
        op = ops.DELETE_CUSTOMS
        url = self._wire.item_url(op, "customs_shipments", customs_id)
        await self._wire.send(op, "DELETE", url)

    def _customs(self, op: Op, raw: Any) -> CustomsShipment:
        if not isinstance(raw, Mapping):
            raise MalformedResponse(
                malformed_text(op, "an entry is not a record"), operation=op.name
            )
        names = self._wire.names
        return self._parse(
            op,
            lambda: dto.parse_customs_shipment(raw, names.customs_article, names.customs_shipment),
        )

    # ------------------------------------------------------------------ manifests

    async def create_manifest(self, request: ManifestRequest) -> Manifest:
        op = ops.CREATE_MANIFEST
        response = await self._wire.send(
            op,
            "POST",
            self._wire.url(self._paths.customs_manifests),
            json=dto.manifest_body(request, self._wire.names.manifest_request),
        )
        return self._manifest(op, self._object(op, response))

    async def find_manifest(self, manifest_id: str) -> Manifest | None:
        """The manifest with exactly this ``manifest_id`` (the station's key), or ``None``."""
        op = ops.GET_MANIFEST
        rows = await self._pages(
            op,
            self._wire.url(self._paths.customs_manifests),
            [(self._query.manifest_id, manifest_id)],
            lambda row, _answer: self._manifest(op, row),
            lambda manifest: manifest.id,
            enough=lambda manifest: manifest.manifest_id == manifest_id,
        )
        return next((m for m in rows if m.manifest_id == manifest_id), None)

    async def get_manifest(self, manifest_ref: str) -> Manifest:
        """The manifest whose 7S id is ``manifest_ref`` (``Manifest.id``)."""
        op = ops.GET_MANIFEST
        url = self._wire.item_url(op, "customs_manifests", manifest_ref)
        response = await self._wire.send(op, "GET", url)
        return self._manifest(op, self._object(op, response))

    def _manifest(self, op: Op, raw: Any) -> Manifest:
        return self._parse(op, lambda: dto.parse_manifest(raw, self._wire.names.manifest))
