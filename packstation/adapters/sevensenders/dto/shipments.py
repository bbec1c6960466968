"""Shipments: the answer, the request body and the search parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packstation.adapters.sevensenders.dto.fields import (
    DEFAULT_QUERY_NAMES,
    CarrierField,
    JsonObject,
    OptionalId,
    WireId,
    WireModel,
    carrier_json,
    compact,
    iso,
    kg,
    person_fields,
    renamed,
    renamed_in,
    sent,
)
from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    CarrierRefKeys,
    QueryNames,
    ShipmentKeys,
    ShipmentRequestKeys,
)
from packstation.domain.shipping import (
    Shipment,
    ShipmentFilter,
    ShipmentRequest,
)


class ShipmentBody(WireModel):
    id: WireId
    order_id: WireId
    carrier: CarrierField
    tracking_code: str | None = None
    reference_number: str | None = None
    status: str = ""
    carrier_tracking_url: str | None = None
    label_id: OptionalId = None
    return_parcel: bool | None = False

    def to_domain(self) -> Shipment:
        return Shipment(
            id=self.id,
            order_id=self.order_id,
            carrier=self.carrier.to_domain(),
            tracking_code=self.tracking_code,
            reference_number=self.reference_number,
            status=self.status,
            carrier_tracking_url=self.carrier_tracking_url,
            label_id=self.label_id,
            return_parcel=bool(self.return_parcel),
        )


def shipment_body(
    request: ShipmentRequest,
    keys: ShipmentRequestKeys = DEFAULT_NAMES.shipment_request,
    carrier_keys: CarrierRefKeys = DEFAULT_NAMES.carrier_ref,
) -> JsonObject:
    body = compact(
        {
            "order_id": request.order_id,
            "carrier": carrier_json(request.carrier, carrier_keys),
            "carrier_service": request.carrier_service.value,
            "tracking_code": request.tracking_code,
            "reference_number": request.reference_number,
            **person_fields("recipient", request.recipient),
            "recipient_address": request.recipient.single_line_street(),
            "warehouse": request.warehouse,
            "warehouse_address": request.warehouse_address,
            "planned_pickup_datetime": iso(request.planned_pickup)
            if request.planned_pickup
            else None,
            "return_parcel": request.return_parcel,
            "pickup_point_selected": request.pickup_point_selected,
            "goods_value": float(request.goods_value) if request.goods_value is not None else None,
            "goods_value_currency": request.goods_value_currency,
            "weight": kg(request.weight_g),
            "comment": request.comment,
        }
    )
    return sent(body, keys)


def shipment_params(
    flt: ShipmentFilter, q: QueryNames = DEFAULT_QUERY_NAMES
) -> list[tuple[str, str]]:
    params = [
        (q.order_id, flt.order_id),
        (q.reference_number, flt.reference_number),
        (q.tracking_code, flt.tracking_code),
    ]
    return [(k, v) for k, v in params if v is not None]


def parse_shipment(
    raw: Mapping[str, Any],
    keys: ShipmentKeys,
    carrier_keys: CarrierRefKeys = DEFAULT_NAMES.carrier_ref,
) -> Shipment:
    """Validate one shipment whose keys are spelled as ``keys`` says (its carrier object's
    as ``carrier_keys`` says)."""
    data = renamed(raw, keys)
    renamed_in(data, "carrier", carrier_keys)
    return ShipmentBody.model_validate(data).to_domain()
