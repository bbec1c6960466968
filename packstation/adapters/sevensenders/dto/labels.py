"""Labels: the label answer under the wire names ``LabelKeys`` gives, its inline file, the
request body (which may carry the whole order)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator

from packstation.adapters.sevensenders.dto.fields import (
    CarrierField,
    JsonObject,
    NonEmpty,
    OptionalId,
    WireId,
    WireModel,
    carrier_json,
    compact,
    id_from_iri,
    keys_of,
    kg,
    lowered,
    person_fields,
    remap,
    renamed_in,
    sent,
)
from packstation.adapters.sevensenders.dto.orders import order_body
from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    CarrierRefKeys,
    LabelKeys,
    LabelRequestKeys,
    OrderRequestKeys,
)
from packstation.domain.shipping import (
    Label,
    LabelFormat,
    LabelRequest,
)


class LabelBody(WireModel):
    """One label, under canonical names (see ``parse_label`` for the wire names)."""

    id: WireId
    shipment_id: WireId
    order_id: OptionalId = None
    tracking_code: NonEmpty
    carrier: CarrierField
    format: Annotated[LabelFormat | None, BeforeValidator(lowered)] = None
    label_url: str | None = None
    reference_number: str | None = None
    return_parcel: bool | None = False


def parse_label(
    raw: Mapping[str, Any],
    keys: LabelKeys,
    carrier_keys: CarrierRefKeys = DEFAULT_NAMES.carrier_ref,
) -> LabelBody:
    """Validate one label object whose keys are spelled as ``keys`` says (its carrier
    object's as ``carrier_keys`` says)."""
    fields = keys_of(keys)
    for request_only in ("include_return_label", "document", "envelope"):
        fields.pop(request_only, None)
    data = remap(raw, fields)
    renamed_in(data, "carrier", carrier_keys)
    if data.get("id") in (None, ""):
        derived = id_from_iri(raw)
        if derived is not None:
            data["id"] = derived
    return LabelBody.model_validate(data)


def inline_document(raw: Mapping[str, Any], keys: LabelKeys) -> bytes | None:
    """The label file the answer carries inline (base64 under ``keys.document``), if any.

    Raises ``ValueError`` when the key is there but its value is not base64.
    """
    value = raw.get(keys.document)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{keys.document}: should be base64 text")  # noqa: TRY004
    text = value.split(",", 1)[1] if value.startswith("data:") and "," in value else value
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{keys.document}: is not base64") from None


def label_to_domain(
    body: LabelBody,
    *,
    fallback_url: str,
    fallback_order_id: str,
    fallback_format: LabelFormat,
    document: bytes | None = None,
) -> Label:
    return Label(
        document=document,
        id=body.id,
        shipment_id=body.shipment_id,
        order_id=body.order_id or fallback_order_id,
        tracking_code=body.tracking_code,
        carrier=body.carrier.to_domain(),
        format=body.format or fallback_format,
        download_url=body.label_url or fallback_url,
        reference_number=body.reference_number,
        return_parcel=bool(body.return_parcel),
    )


def label_body(
    request: LabelRequest,
    keys: LabelKeys,
    body_keys: LabelRequestKeys = DEFAULT_NAMES.label_request,
    order_keys: OrderRequestKeys = DEFAULT_NAMES.order_request,
    carrier_keys: CarrierRefKeys = DEFAULT_NAMES.carrier_ref,
) -> JsonObject:
    """The ``POST /labels`` body: its keys as ``body_keys`` spells them (an embedded order's
    as ``order_keys``, the carrier object's as ``carrier_keys``); the return-label trigger
    and the dimensions under ``keys``' names."""
    recipient = request.recipient
    body: JsonObject = {
        "format": request.format.value,
        "carrier": carrier_json(request.carrier, carrier_keys),
        "carrier_service": request.carrier_service.value,
        "reference_number": request.reference_number,
        **person_fields("recipient", recipient),
        "recipient_street": recipient.street,
        "recipient_house_no": recipient.house_no,
        "recipient_address_details": recipient.address_details,
        "warehouse": request.warehouse,
        "warehouse_address": request.warehouse_address,
        "return_parcel": request.return_parcel,
        "package_no": request.package_no,
        "package_count": request.package_count,
        "weight": kg(request.weight_g),
    }
    if request.order is not None:
        body["order"] = order_body(request.order, order_keys)
    else:
        body["order_id"] = request.order_id
    if request.sender is not None:
        sender = request.sender
        body |= person_fields("sender", sender)
        body |= {"sender_street": sender.street, "sender_house_no": sender.house_no}
    point = request.collection_point
    if point is not None:
        body |= {
            "pudo_id": point.pudo_id,
            "collection_point_name1": point.name1,
            "collection_point_name2": point.name2,
            "collection_point_name3": point.name3,
            "collection_point_membership_id": point.membership_id,
            "collection_point_street": point.street,
            "collection_point_house_no": point.house_no,
            "collection_point_zip": point.zip,
            "collection_point_city": point.city,
            "collection_point_country": point.country,
        }
    body = sent(body, body_keys)
    if request.include_return_label:
        body[keys.include_return_label] = True
    if request.dimensions_cm is not None:
        names = (keys.length_cm, keys.width_cm, keys.height_cm)
        body |= {n: v for n, v in zip(names, request.dimensions_cm, strict=True) if n}
    return compact(body)
