"""Seven Senders wire formats: tolerant pydantic models in, plain JSON dicts out.

Answers are validated here and turned into domain objects at once (``to_domain``); nothing
pydantic leaves ``adapters/``. Unknown fields are ignored; ids may arrive as numbers or
strings (and relation ids as IRIs such as ``/v2/shipments/5``) and become ``str``, except an
order's numeric ``id`` which stays ``int``.

Names the documentation is unsure about are not spelled here: label keys, customs article
keys and error-body keys come from ``ApiNames`` and are mapped onto the canonical field
names below before validation (``remap``).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from packstation.adapters.sevensenders_names import (
    CustomsArticleKeys,
    ErrorKeys,
    LabelKeys,
    PudoLocationKeys,
    PudoNames,
    QueryNames,
)
from packstation.domain.errors import Violation
from packstation.domain.shipping import (
    AccountGrant,
    Address,
    Carrier,
    CarrierInfo,
    Closure,
    CustomsArticle,
    CustomsShipment,
    CustomsShipmentFilter,
    CustomsShipmentRequest,
    CustomsShipmentUpdate,
    Label,
    LabelFormat,
    LabelRequest,
    Manifest,
    ManifestRequest,
    NewOrder,
    NewOrderItem,
    OpeningSpan,
    OrderFilter,
    OrderItem,
    OrderUpdate,
    PostedState,
    Product,
    PudoLocation,
    PudoSearch,
    SevenSendersOrder,
    Shipment,
    ShipmentFilter,
    ShipmentRequest,
    StateChange,
)

# --------------------------------------------------------------------------- field types


def _id_text(value: Any) -> Any:
    """Ints and strings become a stripped str; an IRI (``/v2/x/5``) becomes its last part."""
    if isinstance(value, bool):
        return value  # let str validation reject it
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("/") and "/" in text[1:]:
            text = text.rstrip("/").rsplit("/", 1)[-1]
        return text
    if isinstance(value, Mapping) and "id" in value:  # an embedded object
        return _id_text(value["id"])
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _optional_id(value: Any) -> Any:
    return _id_text(_blank_to_none(value))


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


WireId = Annotated[str, BeforeValidator(_id_text), Field(min_length=1)]
OptionalId = Annotated[str | None, BeforeValidator(_optional_id)]
NonEmpty = Annotated[str, Field(min_length=1)]
OptionalDecimal = Annotated[Decimal | None, BeforeValidator(_blank_to_none)]


#: Keys an answer may carry its own address under (API Platform: ``iri``; JSON-LD: ``@id``).
IRI_KEYS = ("iri", "@id")


def id_from_iri(raw: Mapping[str, Any]) -> Any:
    """The record's id from its IRI (``/v2/orders/700001`` → ``700001``), or ``None``."""
    for key in IRI_KEYS:
        value = raw.get(key)
        if isinstance(value, str) and value.strip().rstrip("/"):
            return value.strip().rstrip("/").rsplit("/", 1)[-1] or None
    return None


def with_id(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    """``raw`` with ``id`` derived from its IRI when the answer gives only the IRI."""
    if raw.get("id") not in (None, ""):
        return raw
    derived = id_from_iri(raw)
    return raw if derived is None else {**raw, "id": derived}


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def derive_id_from_iri(cls, data: Any) -> Any:
        if "id" in cls.model_fields and isinstance(data, Mapping):
            return with_id(data)
        return data


def remap(raw: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Copy ``raw[wire]`` to ``out[canonical]`` for every ``canonical → wire`` pair present."""
    return {canonical: raw[wire] for canonical, wire in names.items() if wire in raw}


def _keys(obj: LabelKeys | CustomsArticleKeys | ErrorKeys | PudoLocationKeys) -> dict[str, str]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


# --------------------------------------------------------------------------- token, carriers


class TokenBody(_Wire):
    token: NonEmpty
    allowed_to_track_all_shipments: bool | None = None
    allowed_to_send_seven_senders_shipments: bool | None = None

    def grant(self) -> AccountGrant:
        return AccountGrant(
            may_track_all_shipments=self.allowed_to_track_all_shipments,
            may_send_seven_senders_shipments=self.allowed_to_send_seven_senders_shipments,
        )


class CarrierBody(_Wire):
    code: NonEmpty = Field(validation_alias=AliasChoices("code", "carrier"))
    name: str = Field(default="", validation_alias=AliasChoices("name", "label"))
    countries: list[str] = Field(
        default_factory=list, validation_alias=AliasChoices("countries", "allowedCountries")
    )

    def to_domain(self) -> CarrierInfo:
        return CarrierInfo(
            code=self.code,
            name=self.name or self.code,
            countries=tuple(c.upper() for c in self.countries),
        )


def _carrier_in(value: Any) -> Any:
    """Accept ``{"name","country"}``, ``"dhl:DE"`` or a bare ``"dhl"``."""
    if isinstance(value, str):
        name, _, country = value.partition(":")
        return {"name": name, "country": country}
    return value


class CarrierRef(_Wire):
    name: NonEmpty
    country: str = ""

    def to_domain(self) -> Carrier:
        return Carrier(self.name, self.country.upper())


CarrierField = Annotated[CarrierRef, BeforeValidator(_carrier_in)]


# --------------------------------------------------------------------------- orders


class StateChangeBody(_Wire):
    state: str
    at: datetime = Field(validation_alias=AliasChoices("datetime", "date", "created_at"))


def _tags(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(k): "" if v is None else str(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return {str(v): "" for v in value}
    return {}


class OrderBody(_Wire):
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


class PostedStateBody(_Wire):
    id: int
    order_id: WireId
    state: str
    at: datetime = Field(validation_alias=AliasChoices("datetime", "date", "created_at"))

    def to_domain(self) -> PostedState:
        return PostedState(id=self.id, order_id=self.order_id, state=self.state, at=self.at)


class OrderItemBody(_Wire):
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


# --------------------------------------------------------------------------- shipments, labels


class ShipmentBody(_Wire):
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


class LabelBody(_Wire):
    """One label, under canonical names (see ``parse_label`` for the wire names)."""

    id: WireId
    shipment_id: WireId
    order_id: OptionalId = None
    tracking_code: NonEmpty
    carrier: CarrierField
    format: Annotated[LabelFormat | None, BeforeValidator(_lower)] = None
    label_url: str | None = None
    reference_number: str | None = None
    return_parcel: bool | None = False


def parse_label(raw: Mapping[str, Any], keys: LabelKeys) -> LabelBody:
    """Validate one label object whose keys are spelled as ``keys`` says."""
    fields = _keys(keys)
    for request_only in ("include_return_label", "document", "envelope"):
        fields.pop(request_only, None)
    data = remap(raw, fields)
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


# --------------------------------------------------------------------------- customs


class CustomsArticleBody(_Wire):
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


class CustomsShipmentBody(_Wire):
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


def parse_customs_shipment(raw: Mapping[str, Any], keys: CustomsArticleKeys) -> CustomsShipment:
    """Validate a customs shipment whose article lines are spelled as ``keys`` says."""
    data = dict(raw)
    data.pop("articles", None)
    lines = raw.get(keys.articles)
    if lines is not None:
        article_keys = _keys(keys)
        article_keys.pop("articles")
        is_list = isinstance(lines, Sequence) and not isinstance(lines, str)
        data["articles"] = (
            [remap(a, article_keys) if isinstance(a, Mapping) else a for a in lines]
            if is_list
            else lines
        )
    return CustomsShipmentBody.model_validate(data).to_domain()


class ManifestBody(_Wire):
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


# --------------------------------------------------------------------------- PUDO


class _ClockTime(_Wire):
    hours: int = Field(ge=0, le=24)
    minutes: int = Field(default=0, ge=0, le=59)

    @property
    def minute_of_day(self) -> int:
        return self.hours * 60 + self.minutes


class _SpanBody(_Wire):
    opens: _ClockTime = Field(validation_alias="from")
    closes: _ClockTime = Field(validation_alias="to")


class _ClosureBody(_Wire):
    start: str = Field(validation_alias="from")
    end: str = Field(validation_alias="to")


class _PudoAddress(_Wire):
    name: str = ""
    alternative_name: str | None = ""
    country: str = ""
    city: str = ""
    zip: str = ""
    address_line: str | None = Field(
        default="", validation_alias=AliasChoices("address_line", "provider_address_line")
    )
    street: str | None = ""
    house_no: str | None = ""


class _Coordinates(_Wire):
    latitude: float
    longitude: float


def parse_pudo_location(raw: Mapping[str, Any], keys: PudoLocationKeys) -> PudoLocation:
    """Validate one pick-up point whose keys are spelled as ``keys`` says."""
    return PudoLocationBody.model_validate(remap(raw, _keys(keys))).to_domain()


class PudoLocationBody(_Wire):
    carrier_name: NonEmpty
    location_type: str = ""
    location_id: WireId
    location_code: OptionalId = None
    address: _PudoAddress
    coordinates: _Coordinates
    opening_hours: dict[str, list[_SpanBody]] = Field(default_factory=dict)
    parcel_sizes: list[str] = Field(default_factory=list)
    distance: float | None = None
    temporary_closures: list[_ClosureBody] = Field(default_factory=list)

    def to_domain(self) -> PudoLocation:
        hours = {
            day.lower(): tuple(
                OpeningSpan(s.opens.minute_of_day, s.closes.minute_of_day) for s in spans
            )
            for day, spans in self.opening_hours.items()
        }
        return PudoLocation(
            carrier_name=self.carrier_name,
            location_type=self.location_type,
            location_id=self.location_id,
            location_code=self.location_code or "",
            name=self.address.name,
            country=self.address.country.upper(),
            city=self.address.city,
            zip=self.address.zip,
            address_line=self.address.address_line or "",
            latitude=self.coordinates.latitude,
            longitude=self.coordinates.longitude,
            distance_m=self.distance,
            alternative_name=self.address.alternative_name or "",
            street=self.address.street or "",
            house_no=self.address.house_no or "",
            opening_hours=hours,
            parcel_sizes=tuple(self.parcel_sizes),
            closures=tuple(Closure(c.start, c.end) for c in self.temporary_closures),
        )


# --------------------------------------------------------------------------- products


class ProductBody(_Wire):
    id: OptionalId = None
    sku: NonEmpty
    customs_description: str | None = None
    customs_item_value: OptionalDecimal = None
    customs_tariff_code_sending_country: str | None = None
    customs_tariff_code_receiving_country: str | None = None
    customs_origin_country_iso2: str | None = None
    image_url: str | None = None

    def to_domain(self) -> Product:
        return Product(
            id=self.id,
            sku=self.sku,
            customs_description=self.customs_description,
            customs_item_value=self.customs_item_value,
            tariff_code_sending=self.customs_tariff_code_sending_country,
            tariff_code_receiving=self.customs_tariff_code_receiving_country,
            origin_country=self.customs_origin_country_iso2,
            image_url=self.image_url,
        )


# --------------------------------------------------------------------------- errors


class _ViolationBody(_Wire):
    field: str = ""
    message: str = ""
    code: str | None = None


class ErrorBody(_Wire):
    title: str | None = None
    detail: str | None = None
    violations: list[_ViolationBody] = Field(default_factory=list)

    def domain_violations(self) -> tuple[Violation, ...]:
        return tuple(Violation(v.field, v.message, v.code) for v in self.violations)


def parse_error(raw: Any, keys: ErrorKeys) -> ErrorBody | None:
    """Read an error body (``None`` when it is not one); accepts Hydra's key spellings too."""
    if not isinstance(raw, Mapping):
        return None
    data: dict[str, Any] = {
        "title": raw.get(keys.title, raw.get("hydra:title")),
        "detail": raw.get(keys.detail, raw.get("hydra:description")),
    }
    lines = raw.get(keys.violations)
    if isinstance(lines, Sequence) and not isinstance(lines, str):
        data["violations"] = [
            {
                "field": str(v.get(keys.property_path) or ""),
                "message": str(v.get(keys.message) or ""),
                "code": None if v.get(keys.code) is None else str(v.get(keys.code)),
            }
            for v in lines
            if isinstance(v, Mapping)
        ]
    data = {k: v if v is None or isinstance(v, list) else str(v) for k, v in data.items()}
    return ErrorBody.model_validate(data)


# --------------------------------------------------------------------------- request bodies

JsonObject = dict[str, Any]
_DEFAULT_QUERYNAMES = QueryNames()
_DEFAULT_PUDONAMES = PudoNames()


def iso(moment: datetime) -> str:
    """ISO-8601 with offset; a naive datetime is taken as the station's local time."""
    return (moment if moment.tzinfo else moment.astimezone()).isoformat()


def _money(value: Decimal) -> str:
    """Money goes as a numeric string, so no cent is lost to binary floating point."""
    return format(value, "f")


def _compact(data: JsonObject) -> JsonObject:
    """Drop ``None`` and empty-string values (7S treats absent and empty differently)."""
    return {k: v for k, v in data.items() if v is not None and v != ""}


def order_body(order: NewOrder) -> JsonObject:
    return _compact(
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


def order_update_body(update: OrderUpdate) -> JsonObject:
    return _compact(
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


def order_params(flt: OrderFilter, q: QueryNames = _DEFAULT_QUERYNAMES) -> list[tuple[str, str]]:
    params = [
        (q.order_id, flt.order_id),
        (q.state, flt.state),
        (q.order_date_before, iso(flt.order_date_before) if flt.order_date_before else None),
        (q.order_date_after, iso(flt.order_date_after) if flt.order_date_after else None),
        (q.page, str(flt.page)),
        (q.page_size, str(flt.limit)),
    ]
    return [(k, v) for k, v in params if v is not None]


def order_item_body(item: NewOrderItem) -> JsonObject:
    return _compact(
        {
            "order_id": item.order_id,
            "sku": item.sku,
            "name": item.name,
            "quantity": item.quantity,
            "ean": item.ean,
            "shipment_id": item.shipment_id,
        }
    )


def _carrier(carrier: Carrier) -> JsonObject:
    return {"name": carrier.name, "country": carrier.country}


def _person(prefix: str, address: Address) -> JsonObject:
    return {
        f"{prefix}_first_name": address.first_name,
        f"{prefix}_last_name": address.last_name,
        f"{prefix}_company_name": address.company_name,
        f"{prefix}_email": address.email,
        f"{prefix}_phone": address.phone,
        f"{prefix}_zip": address.zip,
        f"{prefix}_city": address.city,
        f"{prefix}_country": address.country,
    }


def _kg(weight_g: int | None) -> float | None:
    return None if weight_g is None else weight_g / 1000


def shipment_body(request: ShipmentRequest) -> JsonObject:
    return _compact(
        {
            "order_id": request.order_id,
            "carrier": _carrier(request.carrier),
            "carrier_service": request.carrier_service.value,
            "tracking_code": request.tracking_code,
            "reference_number": request.reference_number,
            **_person("recipient", request.recipient),
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
            "weight": _kg(request.weight_g),
            "comment": request.comment,
        }
    )


def shipment_params(
    flt: ShipmentFilter, q: QueryNames = _DEFAULT_QUERYNAMES
) -> list[tuple[str, str]]:
    params = [
        (q.order_id, flt.order_id),
        (q.reference_number, flt.reference_number),
        (q.tracking_code, flt.tracking_code),
    ]
    return [(k, v) for k, v in params if v is not None]


def label_body(request: LabelRequest, keys: LabelKeys) -> JsonObject:
    recipient = request.recipient
    body: JsonObject = {
        "format": request.format.value,
        "carrier": _carrier(request.carrier),
        "carrier_service": request.carrier_service.value,
        "reference_number": request.reference_number,
        **_person("recipient", recipient),
        "recipient_street": recipient.street,
        "recipient_house_no": recipient.house_no,
        "recipient_address_details": recipient.address_details,
        "warehouse": request.warehouse,
        "warehouse_address": request.warehouse_address,
        "return_parcel": request.return_parcel,
        "package_no": request.package_no,
        "package_count": request.package_count,
        "weight": _kg(request.weight_g),
    }
    if request.order is not None:
        body["order"] = order_body(request.order)
    else:
        body["order_id"] = request.order_id
    if request.include_return_label:
        body[keys.include_return_label] = True
    if request.dimensions_cm is not None:
        names = (keys.length_cm, keys.width_cm, keys.height_cm)
        body |= {n: v for n, v in zip(names, request.dimensions_cm, strict=True) if n}
    if request.sender is not None:
        sender = request.sender
        body |= _person("sender", sender)
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
    return _compact(body)


def _article(article: CustomsArticle, keys: CustomsArticleKeys) -> JsonObject:
    return {
        keys.sku: article.sku,
        keys.description: article.description,
        keys.hs_code: article.hs_code,
        keys.quantity: article.quantity,
        keys.unit_value: _money(article.unit_value),
        keys.currency: article.currency,
        keys.net_weight_kg: float(article.net_weight_kg),  # a weight is a JSON number
        keys.country_of_origin: article.country_of_origin,
    }


def customs_body(request: CustomsShipmentRequest, keys: CustomsArticleKeys) -> JsonObject:
    body = _compact(
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
    body[keys.articles] = [_article(a, keys) for a in request.articles]
    return body


def customs_update_body(update: CustomsShipmentUpdate, keys: CustomsArticleKeys) -> JsonObject:
    body = _compact(
        {
            "incoterm": update.incoterm,
            "planned_pickup_datetime": iso(update.planned_pickup)
            if update.planned_pickup
            else None,
            "invoice_id": update.invoice_id,
            "invoice_date": iso(update.invoice_date) if update.invoice_date else None,
        }
    )
    if update.articles is not None:
        body[keys.articles] = [_article(a, keys) for a in update.articles]
    return body


def customs_params(
    flt: CustomsShipmentFilter, q: QueryNames = _DEFAULT_QUERYNAMES
) -> list[tuple[str, str]]:
    inspected = None if flt.return_inspected is None else str(flt.return_inspected).lower()
    params: list[tuple[str, str | None]] = [
        (q.manifest_id, flt.manifest_id),
        (q.shipment_id, flt.shipment_id),
        (q.order_id, flt.order_id),
        ("planned_pickup_date", flt.planned_pickup_date),
        *(("types[]", t) for t in flt.types),
        ("return_inspected", inspected),
        ("status", flt.status),
    ]
    return [(k, v) for k, v in params if v is not None]


def manifest_body(request: ManifestRequest) -> JsonObject:
    return _compact(
        {
            "manifest_id": request.manifest_id,
            "shipment_ids": list(request.shipment_ids),
            "pieces": request.pieces,
            "reference": request.reference,
            "comment": request.comment,
            "consignment_id": request.consignment_id,
        }
    )


def pudo_params(search: PudoSearch, n: PudoNames = _DEFAULT_PUDONAMES) -> list[tuple[str, str]]:
    params: list[tuple[str, str | None]] = [(n.country, search.country)]
    if search.bulk:
        params.append((n.carrier_name, search.carriers[0]))
    else:
        params += [(n.carrier_names, c) for c in search.carriers]
        if search.latitude is not None and search.longitude is not None:
            params += [(n.latitude, str(search.latitude)), (n.longitude, str(search.longitude))]
        params += [(n.zip, search.zip), (n.city, search.city), (n.street, search.street)]
    params += [
        (n.max_distance, _opt_int(search.max_distance_m)),
        (n.max_results, _opt_int(search.max_results)),
        (n.opening_days, _opt_int(search.opening_days)),
    ]
    return [(k, v) for k, v in params if v is not None and v != ""]


def _opt_int(value: int | None) -> str | None:
    return None if value is None else str(value)


def product_body(product: Product, *, include_sku: bool = True) -> JsonObject:
    body = _compact(
        {
            "sku": product.sku if include_sku else None,
            "customs_description": product.customs_description,
            "customs_item_value": (
                _money(product.customs_item_value)
                if product.customs_item_value is not None
                else None
            ),
            "customs_tariff_code_sending_country": product.tariff_code_sending,
            "customs_tariff_code_receiving_country": product.tariff_code_receiving,
            "customs_origin_country_iso2": product.origin_country,
        }
    )
    return body
