"""Customs: customs shipments with their article lines (keys from ``CustomsArticleKeys``),
manifests, and their request bodies and search parameters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
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
    keys_of,
    money,
    remap,
    renamed,
    sent,
)
from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    CustomsArticleKeys,
    CustomsShipmentKeys,
    CustomsShipmentRequestKeys,
    ManifestKeys,
    ManifestRequestKeys,
    QueryNames,
)
from packstation.domain.shipping import (
    CustomsArticle,
    CustomsShipment,
    CustomsShipmentFilter,
    CustomsShipmentRequest,
    CustomsShipmentUpdate,
    Manifest,
    ManifestRequest,
)


class CustomsArticleBody(WireModel):
    sku: str = ""
    description: str = ""
    hs_code: str = ""
    quantity: int
    unit_value: Decimal
    currency: str = ""
    net_weight_kg: Decimal = Decimal(0)
    country_of_origin: str = ""

    def to_domain(self) -> CustomsArticle:
        return CustomsArticle(
            sku=self.sku,
            description=self.description,
            hs_code=self.hs_code,
            quantity=self.quantity,
            unit_value=self.unit_value,
            currency=self.currency,
            net_weight_kg=self.net_weight_kg,
            country_of_origin=self.country_of_origin,
        )


class CustomsShipmentBody(WireModel):
    id: WireId
    shipment_id: WireId
    order_id: WireId
    status: str = ""
    tracking_code: str = ""
    incoterm: str = ""
    planned_pickup: datetime | None = Field(
        default=None, validation_alias=AliasChoices("planned_pickup_datetime", "planned_pickup")
    )
    departure_country: str = ""
    manifest_id: OptionalId = None
    invoice_id: OptionalId = None
    articles: list[CustomsArticleBody] = Field(default_factory=list)

    def to_domain(self) -> CustomsShipment:
        return CustomsShipment(
            id=self.id,
            shipment_id=self.shipment_id,
            order_id=self.order_id,
            status=self.status,
            tracking_code=self.tracking_code,
            incoterm=self.incoterm,
            planned_pickup=self.planned_pickup,
            departure_country=self.departure_country,
            manifest_id=self.manifest_id,
            invoice_id=self.invoice_id,
            articles=tuple(a.to_domain() for a in self.articles),
        )


def parse_customs_shipment(
    raw: Mapping[str, Any], keys: CustomsArticleKeys, record_keys: CustomsShipmentKeys
) -> CustomsShipment:
    """Validate a customs shipment whose keys are spelled as ``record_keys`` says and whose
    article lines as ``keys`` says."""
    data = renamed(raw, record_keys)
    data.pop("articles", None)
    lines = raw.get(keys.articles)
    if lines is not None:
        article_keys = keys_of(keys)
        article_keys.pop("articles")
        is_list = isinstance(lines, Sequence) and not isinstance(lines, str)
        data["articles"] = (
            [remap(a, article_keys) if isinstance(a, Mapping) else a for a in lines]
            if is_list
            else lines
        )
    return CustomsShipmentBody.model_validate(data).to_domain()


class ManifestBody(WireModel):
    id: WireId
    manifest_id: NonEmpty
    shipment_ids: list[WireId] = Field(default_factory=list)
    pieces: int
    status: str = ""
    reference: str | None = None
    comment: str | None = None

    def to_domain(self) -> Manifest:
        return Manifest(
            id=self.id,
            manifest_id=self.manifest_id,
            shipment_ids=tuple(self.shipment_ids),
            pieces=self.pieces,
            status=self.status,
            reference=self.reference,
            comment=self.comment,
        )


def _article(article: CustomsArticle, keys: CustomsArticleKeys) -> JsonObject:
    return {
        keys.sku: article.sku,
        keys.description: article.description,
        keys.hs_code: article.hs_code,
        keys.quantity: article.quantity,
        keys.unit_value: money(article.unit_value),
        keys.currency: article.currency,
        keys.net_weight_kg: float(article.net_weight_kg),  # a weight is a JSON number
        keys.country_of_origin: article.country_of_origin,
    }


def customs_body(
    request: CustomsShipmentRequest,
    keys: CustomsArticleKeys,
    body_keys: CustomsShipmentRequestKeys = DEFAULT_NAMES.customs_shipment_request,
) -> JsonObject:
    body = compact(
        {
            "shipment_id": request.shipment_id,
            "order_id": request.order_id,
            "incoterm": request.incoterm,
            "tracking_code": request.tracking_code,
            "planned_pickup_datetime": iso(request.planned_pickup),
            "departure_country": request.departure_country,
            "invoice_id": request.invoice_id,
            "invoice_date": iso(request.invoice_date) if request.invoice_date else None,
            "return_tracking_code": request.return_tracking_code,
        }
    )
    body = sent(body, body_keys)
    body[keys.articles] = [_article(a, keys) for a in request.articles]
    return body


def customs_update_body(
    update: CustomsShipmentUpdate,
    keys: CustomsArticleKeys,
    body_keys: CustomsShipmentRequestKeys = DEFAULT_NAMES.customs_shipment_request,
) -> JsonObject:
    body = compact(
        {
            "incoterm": update.incoterm,
            "planned_pickup_datetime": iso(update.planned_pickup)
            if update.planned_pickup
            else None,
            "invoice_id": update.invoice_id,
            "invoice_date": iso(update.invoice_date) if update.invoice_date else None,
        }
    )
    body = sent(body, body_keys)
    if update.articles is not None:
        body[keys.articles] = [_article(a, keys) for a in update.articles]
    return body


def customs_params(
    flt: CustomsShipmentFilter, q: QueryNames = DEFAULT_QUERY_NAMES
) -> list[tuple[str, str]]:
    inspected = None if flt.return_inspected is None else str(flt.return_inspected).lower()
    params: list[tuple[str, str | None]] = [
        (q.manifest_id, flt.manifest_id),
        (q.shipment_id, flt.shipment_id),
        (q.order_id, flt.order_id),
        (q.planned_pickup_date, flt.planned_pickup_date),
        *((q.types, t) for t in flt.types),
        (q.return_inspected, inspected),
        (q.status, flt.status),
    ]
    return [(k, v) for k, v in params if v is not None]


def manifest_body(
    request: ManifestRequest, keys: ManifestRequestKeys = DEFAULT_NAMES.manifest_request
) -> JsonObject:
    body = compact(
        {
            "manifest_id": request.manifest_id,
            "shipment_ids": list(request.shipment_ids),
            "pieces": request.pieces,
            "reference": request.reference,
            "comment": request.comment,
            "consignment_id": request.consignment_id,
        }
    )
    return sent(body, keys)


def parse_manifest(raw: Mapping[str, Any], keys: ManifestKeys) -> Manifest:
    """Validate one customs manifest whose keys are spelled as ``keys`` says."""
    return ManifestBody.model_validate(renamed(raw, keys)).to_domain()
