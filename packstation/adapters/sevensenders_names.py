"""Every Seven Senders wire name the documentation is unsure about, in one overridable place.

The defaults match docs/sandbox.md (the pinned **[mock-choice]** names). When the real API
turns out to spell something differently, change it here or override it from configuration
with ``ApiNames.with_overrides``; no other module spells these names.

Override mapping, nested or with dotted keys::

    ApiNames.with_overrides({
        "paths": {"pudo_locations": "pudo-locations", "label_download": "/label-download"},
        "label.tracking_code": "tracking_number",
        "order.order_id": "merchant_order_id",
        "order_request.order_id": "merchant_order_id",
        "carrier.code": "carrier_code",
        "carrier_ref.name": "carrier_name",
        "query.order_id": "shop_order_id",
        "answers.list_key": "items",
        "download_content_types": {"zpl": ["application/zpl", "text/plain"]},
        "unique_violation_code": "…",
    })

``packstation probe`` suggests such a mapping from what a real 7S account answers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

#: Symfony's UniqueEntity violation code, as API Platform reports a duplicate.
UNIQUE_VIOLATION_CODE = "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"


@dataclass(frozen=True, slots=True)
class ResourcePaths:
    """Resource paths: relative to the base URL (``labels``), or root-relative with a leading
    slash (``/label-download``: on the API's host, outside ``/v2``)."""

    token: str = "token"
    carriers: str = "carriers"
    orders: str = "orders"
    order_states: str = "order_states"
    order_items: str = "order_items"
    shipments: str = "shipments"
    labels: str = "labels"
    label_download: str = "label-download"
    customs_shipments: str = "customs/shipments"
    customs_manifests: str = "customs/manifests"
    pudo_locations: str = "pudo/locations"
    products: str = "products"
    product_images: str = "product_images"


#: a request key whose 7S name is not known: the value is not sent
NOT_SENT = ""


@dataclass(frozen=True, slots=True)
class LabelKeys:
    """Keys of one label object in the POST/GET /labels answer, plus the return-label trigger."""

    id: str = "id"
    shipment_id: str = "shipment_id"
    order_id: str = "order_id"
    tracking_code: str = "tracking_code"
    label_url: str = "label_url"
    carrier: str = "carrier"
    format: str = "format"
    reference_number: str = "reference_number"
    return_parcel: str = "return_parcel"
    #: request key asking for an outbound and a return label in one call
    include_return_label: str = "include_return_label"
    #: the label file inline in the answer, base64 (then no download is needed)
    document: str = "document"
    #: the key a label answer is nested under (empty: the label is the answer itself)
    envelope: str = ""
    #: request keys of the parcel's dimensions in cm; 7S's names are not established, so
    #: none is sent until a deployment names them (e.g. ``label.length_cm = "length"``)
    length_cm: str = NOT_SENT
    width_cm: str = NOT_SENT
    height_cm: str = NOT_SENT


@dataclass(frozen=True, slots=True)
class OrderKeys:
    """Keys of one order in the answers of ``/orders`` (create, get, update, list)."""

    id: str = "id"
    order_id: str = "order_id"
    state: str = "state"
    order_date: str = "order_date"
    states_history: str = "states_history"
    boarding_complete: str = "boarding_complete"
    order_url: str = "order_url"
    language: str = "language"
    order_tags: str = "order_tags"
    shipments: str = "shipments"


@dataclass(frozen=True, slots=True)
class ShipmentKeys:
    """Keys of one shipment in the answers of ``/shipments``."""

    id: str = "id"
    order_id: str = "order_id"
    carrier: str = "carrier"
    tracking_code: str = "tracking_code"
    reference_number: str = "reference_number"
    status: str = "status"
    carrier_tracking_url: str = "carrier_tracking_url"
    label_id: str = "label_id"
    return_parcel: str = "return_parcel"


@dataclass(frozen=True, slots=True)
class CustomsShipmentKeys:
    """Keys of one customs shipment in the answers of ``/customs/shipments`` (its article
    lines: ``customs_article``)."""

    id: str = "id"
    shipment_id: str = "shipment_id"
    order_id: str = "order_id"
    status: str = "status"
    tracking_code: str = "tracking_code"
    incoterm: str = "incoterm"
    planned_pickup: str = "planned_pickup_datetime"
    departure_country: str = "departure_country"
    manifest_id: str = "manifest_id"
    invoice_id: str = "invoice_id"


@dataclass(frozen=True, slots=True)
class ManifestKeys:
    """Keys of one customs manifest in the answers of ``/customs/manifests``."""

    id: str = "id"
    manifest_id: str = "manifest_id"
    shipment_ids: str = "shipment_ids"
    pieces: str = "pieces"
    status: str = "status"
    reference: str = "reference"
    comment: str = "comment"


@dataclass(frozen=True, slots=True)
class OrderItemKeys:
    """Keys of one order item in the answers of ``/order_items``."""

    id: str = "id"
    order_id: str = "order_id"
    sku: str = "sku"
    quantity: str = "quantity"
    name: str = "name"
    ean: str = "ean"
    shipment_id: str = "shipment_id"
    image_url: str = "image_url"


@dataclass(frozen=True, slots=True)
class ProductKeys:
    """Keys of one product in the answers of ``/products`` (and of an image upload)."""

    id: str = "id"
    sku: str = "sku"
    customs_description: str = "customs_description"
    customs_item_value: str = "customs_item_value"
    customs_tariff_code_sending_country: str = "customs_tariff_code_sending_country"
    customs_tariff_code_receiving_country: str = "customs_tariff_code_receiving_country"
    customs_origin_country_iso2: str = "customs_origin_country_iso2"
    image_url: str = "image_url"


@dataclass(frozen=True, slots=True)
class CarrierKeys:
    """Keys of one carrier in the answer of ``/carriers``."""

    code: str = "code"
    name: str = "name"
    countries: str = "countries"


@dataclass(frozen=True, slots=True)
class TokenKeys:
    """Keys of the sign-in answer (``POST /token``)."""

    token: str = "token"
    allowed_to_track_all_shipments: str = "allowed_to_track_all_shipments"
    allowed_to_send_seven_senders_shipments: str = "allowed_to_send_seven_senders_shipments"


# ------------------------------------------------------------------ nested objects
# Objects inside a record or a request body, with their own keys (the key they sit under is
# in the record's or the body's group: ``label.carrier``, ``order.states_history``, …).


@dataclass(frozen=True, slots=True)
class CarrierRefKeys:
    """The carrier object inside label and shipment bodies and answers (``carrier``)."""

    name: str = "name"
    country: str = "country"


@dataclass(frozen=True, slots=True)
class StateChangeKeys:
    """One entry of an order's ``states_history``."""

    state: str = "state"
    datetime: str = "datetime"


@dataclass(frozen=True, slots=True)
class PudoAddressKeys:
    """The ``address`` object of a pick-up point."""

    name: str = "name"
    alternative_name: str = "alternative_name"
    country: str = "country"
    city: str = "city"
    zip: str = "zip"
    address_line: str = "address_line"
    street: str = "street"
    house_no: str = "house_no"


@dataclass(frozen=True, slots=True)
class PudoCoordinatesKeys:
    """The ``coordinates`` object of a pick-up point."""

    latitude: str = "latitude"
    longitude: str = "longitude"


@dataclass(frozen=True, slots=True)
class OpeningHoursKeys:
    """One opening span in a pick-up point's ``opening_hours`` (weekday → spans), and the
    clock time at each of its ends."""

    opens: str = "from"
    closes: str = "to"
    hours: str = "hours"
    minutes: str = "minutes"


@dataclass(frozen=True, slots=True)
class ClosureKeys:
    """One entry of a pick-up point's ``temporary_closures``."""

    start: str = "from"
    end: str = "to"


# ------------------------------------------------------------------ request bodies
# Each group names the top-level keys of one request body; the field is the sandbox's name
# and its value the name sent. Nested objects have their own groups (``carrier_ref``, the
# customs article lines: ``customs_article``).


@dataclass(frozen=True, slots=True)
class TokenRequestKeys:
    """The sign-in body (``POST /token``)."""

    access_key: str = "access_key"


@dataclass(frozen=True, slots=True)
class OrderRequestKeys:
    """The body of ``POST /orders`` and ``PUT /orders/{id}`` (and a label's embedded order)."""

    order_id: str = "order_id"
    order_date: str = "order_date"
    order_url: str = "order_url"
    language: str = "language"
    boarding_complete: str = "boarding_complete"
    order_tags: str = "order_tags"
    promised_delivery_date: str = "promised_delivery_date"


@dataclass(frozen=True, slots=True)
class OrderStateRequestKeys:
    """The body of ``POST /order_states``."""

    order_id: str = "order_id"
    state: str = "state"
    datetime: str = "datetime"


@dataclass(frozen=True, slots=True)
class OrderItemRequestKeys:
    """The body of ``POST /order_items`` and ``PUT /order_items/{id}``."""

    order_id: str = "order_id"
    sku: str = "sku"
    name: str = "name"
    quantity: str = "quantity"
    ean: str = "ean"
    shipment_id: str = "shipment_id"


@dataclass(frozen=True, slots=True)
class LabelRequestKeys:
    """The body of ``POST /labels`` (the return-label trigger and the parcel's dimensions
    are in ``label``)."""

    order_id: str = "order_id"
    order: str = "order"
    format: str = "format"
    carrier: str = "carrier"
    carrier_service: str = "carrier_service"
    reference_number: str = "reference_number"
    recipient_first_name: str = "recipient_first_name"
    recipient_last_name: str = "recipient_last_name"
    recipient_company_name: str = "recipient_company_name"
    recipient_email: str = "recipient_email"
    recipient_phone: str = "recipient_phone"
    recipient_street: str = "recipient_street"
    recipient_house_no: str = "recipient_house_no"
    recipient_address_details: str = "recipient_address_details"
    recipient_zip: str = "recipient_zip"
    recipient_city: str = "recipient_city"
    recipient_country: str = "recipient_country"
    sender_first_name: str = "sender_first_name"
    sender_last_name: str = "sender_last_name"
    sender_company_name: str = "sender_company_name"
    sender_email: str = "sender_email"
    sender_phone: str = "sender_phone"
    sender_street: str = "sender_street"
    sender_house_no: str = "sender_house_no"
    sender_zip: str = "sender_zip"
    sender_city: str = "sender_city"
    sender_country: str = "sender_country"
    warehouse: str = "warehouse"
    warehouse_address: str = "warehouse_address"
    return_parcel: str = "return_parcel"
    package_no: str = "package_no"
    package_count: str = "package_count"
    weight: str = "weight"
    pudo_id: str = "pudo_id"
    collection_point_name1: str = "collection_point_name1"
    collection_point_name2: str = "collection_point_name2"
    collection_point_name3: str = "collection_point_name3"
    collection_point_membership_id: str = "collection_point_membership_id"
    collection_point_street: str = "collection_point_street"
    collection_point_house_no: str = "collection_point_house_no"
    collection_point_zip: str = "collection_point_zip"
    collection_point_city: str = "collection_point_city"
    collection_point_country: str = "collection_point_country"


@dataclass(frozen=True, slots=True)
class ShipmentRequestKeys:
    """The body of ``POST /shipments`` (a parcel with its own carrier label)."""

    order_id: str = "order_id"
    carrier: str = "carrier"
    carrier_service: str = "carrier_service"
    tracking_code: str = "tracking_code"
    reference_number: str = "reference_number"
    recipient_first_name: str = "recipient_first_name"
    recipient_last_name: str = "recipient_last_name"
    recipient_company_name: str = "recipient_company_name"
    recipient_email: str = "recipient_email"
    recipient_phone: str = "recipient_phone"
    recipient_address: str = "recipient_address"
    recipient_zip: str = "recipient_zip"
    recipient_city: str = "recipient_city"
    recipient_country: str = "recipient_country"
    warehouse: str = "warehouse"
    warehouse_address: str = "warehouse_address"
    planned_pickup_datetime: str = "planned_pickup_datetime"
    return_parcel: str = "return_parcel"
    pickup_point_selected: str = "pickup_point_selected"
    goods_value: str = "goods_value"
    goods_value_currency: str = "goods_value_currency"
    weight: str = "weight"
    comment: str = "comment"


@dataclass(frozen=True, slots=True)
class CustomsShipmentRequestKeys:
    """The body of ``POST``/``PUT /customs/shipments`` (its article lines:
    ``customs_article``)."""

    shipment_id: str = "shipment_id"
    order_id: str = "order_id"
    incoterm: str = "incoterm"
    tracking_code: str = "tracking_code"
    planned_pickup_datetime: str = "planned_pickup_datetime"
    departure_country: str = "departure_country"
    invoice_id: str = "invoice_id"
    invoice_date: str = "invoice_date"
    return_tracking_code: str = "return_tracking_code"


@dataclass(frozen=True, slots=True)
class ManifestRequestKeys:
    """The body of ``POST /customs/manifests``."""

    manifest_id: str = "manifest_id"
    shipment_ids: str = "shipment_ids"
    pieces: str = "pieces"
    reference: str = "reference"
    comment: str = "comment"
    consignment_id: str = "consignment_id"


@dataclass(frozen=True, slots=True)
class ProductRequestKeys:
    """The body of ``POST /products`` and ``PUT /products/{id}``."""

    sku: str = "sku"
    customs_description: str = "customs_description"
    customs_item_value: str = "customs_item_value"
    customs_tariff_code_sending_country: str = "customs_tariff_code_sending_country"
    customs_tariff_code_receiving_country: str = "customs_tariff_code_receiving_country"
    customs_origin_country_iso2: str = "customs_origin_country_iso2"


@dataclass(frozen=True, slots=True)
class ProductImageRequestKeys:
    """The body of ``PUT /product_images``."""

    sku: str = "sku"
    attachment: str = "attachment"
    filename: str = "filename"


RequestKeys = (
    TokenRequestKeys
    | OrderRequestKeys
    | OrderStateRequestKeys
    | OrderItemRequestKeys
    | LabelRequestKeys
    | ShipmentRequestKeys
    | CustomsShipmentRequestKeys
    | ManifestRequestKeys
    | ProductRequestKeys
    | ProductImageRequestKeys
)


@dataclass(frozen=True, slots=True)
class QueryNames:
    """Query-parameter names of the list and look-up calls, and of their pages."""

    order_id: str = "order_id"
    state: str = "state"
    order_date_before: str = "order_date[before]"
    order_date_after: str = "order_date[after]"
    reference_number: str = "reference_number"
    tracking_code: str = "tracking_code"
    shipment_id: str = "shipment_id"
    manifest_id: str = "manifest_id"
    sku: str = "sku"
    #: the customs shipment list's other filters
    planned_pickup_date: str = "planned_pickup_date"
    types: str = "types[]"
    return_inspected: str = "return_inspected"
    status: str = "status"
    page: str = "page"
    page_size: str = "limit"


@dataclass(frozen=True, slots=True)
class PudoNames:
    """The pick-up point search: its query parameters (the path is ``paths.pudo_locations``)."""

    country: str = "country"
    carrier_names: str = "carrier_names[]"
    carrier_name: str = "carrier_name"
    latitude: str = "latitude"
    longitude: str = "longitude"
    zip: str = "zip"
    city: str = "city"
    street: str = "street"
    max_distance: str = "max_distance"
    max_results: str = "max_number_of_results"
    opening_days: str = "opening_days"


@dataclass(frozen=True, slots=True)
class PudoLocationKeys:
    """Keys of one pick-up point in the search answer."""

    carrier_name: str = "carrier_name"
    location_type: str = "location_type"
    location_id: str = "location_id"
    location_code: str = "location_code"
    address: str = "address"
    coordinates: str = "coordinates"
    opening_hours: str = "opening_hours"
    parcel_sizes: str = "parcel_sizes"
    distance: str = "distance"
    temporary_closures: str = "temporary_closures"


@dataclass(frozen=True, slots=True)
class AnswerKeys:
    """How answers are shaped beyond one record.

    A list answer may be a plain array or an object holding the records under
    ``hydra:member`` or ``member`` (API Platform) — all read without configuration — or under
    ``list_key``. A record's own address is under ``iri`` (or JSON-LD's ``@id``); its id is
    the last part of it when the answer has no ``id``.
    """

    list_key: str = "member"
    iri: str = "iri"


@dataclass(frozen=True, slots=True)
class CustomsArticleKeys:
    """The article-line list of a customs shipment and the keys of one line."""

    articles: str = "articles"
    sku: str = "sku"
    description: str = "description"
    hs_code: str = "hs_code"
    quantity: str = "quantity"
    unit_value: str = "unit_value"
    currency: str = "currency"
    net_weight_kg: str = "net_weight_kg"
    country_of_origin: str = "country_of_origin"


@dataclass(frozen=True, slots=True)
class ErrorKeys:
    """Keys of an error body (API-Platform-like: title, detail, violations[])."""

    title: str = "title"
    detail: str = "detail"
    violations: str = "violations"
    property_path: str = "propertyPath"
    message: str = "message"
    code: str = "code"


def _default_content_types() -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType(
        {
            "pdf": ("application/pdf", "application/octet-stream", "binary/octet-stream"),
            "zpl": (
                "text/plain",
                "application/zpl",
                "application/x-zpl",
                "text/zpl",
                "application/octet-stream",
            ),
            "zpl300": (
                "text/plain",
                "application/zpl",
                "application/x-zpl",
                "text/zpl",
                "application/octet-stream",
            ),
        }
    )


_GROUPS: dict[str, type[Any]] = {
    "paths": ResourcePaths,
    "label": LabelKeys,
    "order": OrderKeys,
    "shipment": ShipmentKeys,
    "customs_shipment": CustomsShipmentKeys,
    "manifest": ManifestKeys,
    "query": QueryNames,
    "pudo": PudoNames,
    "pudo_location": PudoLocationKeys,
    "answers": AnswerKeys,
    "customs_article": CustomsArticleKeys,
    "error": ErrorKeys,
    "order_item": OrderItemKeys,
    "product": ProductKeys,
    "carrier": CarrierKeys,
    "token": TokenKeys,
    "carrier_ref": CarrierRefKeys,
    "state_change": StateChangeKeys,
    "pudo_address": PudoAddressKeys,
    "pudo_coordinates": PudoCoordinatesKeys,
    "opening_hours": OpeningHoursKeys,
    "closure": ClosureKeys,
    "token_request": TokenRequestKeys,
    "order_request": OrderRequestKeys,
    "order_state_request": OrderStateRequestKeys,
    "order_item_request": OrderItemRequestKeys,
    "label_request": LabelRequestKeys,
    "shipment_request": ShipmentRequestKeys,
    "customs_shipment_request": CustomsShipmentRequestKeys,
    "manifest_request": ManifestRequestKeys,
    "product_request": ProductRequestKeys,
    "product_image_request": ProductImageRequestKeys,
}


class UnknownApiName(ValueError):
    """An override names something ``ApiNames`` does not have, or gives an unusable value."""


@dataclass(frozen=True, slots=True)
class ApiNames:
    """All uncertain Seven Senders names, grouped.

    Attributes:
        paths: resource paths relative to the base URL (or root-relative with ``/``).
        label: keys of a label object (and its envelope, its inline file).
        order, shipment, customs_shipment, manifest, order_item, product, carrier, token:
            keys of one record in those answers (``token``: the sign-in answer).
        carrier_ref: the carrier object in label and shipment bodies and answers.
        state_change: one entry of an order's states history.
        pudo_address, pudo_coordinates, opening_hours, closure: the objects inside a
            pick-up point (its address, position, opening spans and temporary closures).
        token_request, order_request, order_state_request, order_item_request,
            label_request, shipment_request, customs_shipment_request, manifest_request,
            product_request, product_image_request: the top-level keys of those request
            bodies.
        query: query-parameter names of lists and look-ups, pagination included.
        pudo: query-parameter names of the pick-up point search.
        pudo_location: keys of one pick-up point.
        answers: list envelopes and the IRI key.
        customs_article: keys of customs article lines.
        error: keys of error bodies.
        download_content_types: label format (``pdf``, ``zpl``, ``zpl300``) → accepted
            media types of the downloaded file (compared without parameters, lower case).
        unique_violation_code: the violation code that means "already exists".
    """

    paths: ResourcePaths = field(default_factory=ResourcePaths)
    label: LabelKeys = field(default_factory=LabelKeys)
    order: OrderKeys = field(default_factory=OrderKeys)
    shipment: ShipmentKeys = field(default_factory=ShipmentKeys)
    customs_shipment: CustomsShipmentKeys = field(default_factory=CustomsShipmentKeys)
    manifest: ManifestKeys = field(default_factory=ManifestKeys)
    query: QueryNames = field(default_factory=QueryNames)
    pudo: PudoNames = field(default_factory=PudoNames)
    pudo_location: PudoLocationKeys = field(default_factory=PudoLocationKeys)
    answers: AnswerKeys = field(default_factory=AnswerKeys)
    customs_article: CustomsArticleKeys = field(default_factory=CustomsArticleKeys)
    error: ErrorKeys = field(default_factory=ErrorKeys)
    order_item: OrderItemKeys = field(default_factory=OrderItemKeys)
    product: ProductKeys = field(default_factory=ProductKeys)
    carrier: CarrierKeys = field(default_factory=CarrierKeys)
    token: TokenKeys = field(default_factory=TokenKeys)
    carrier_ref: CarrierRefKeys = field(default_factory=CarrierRefKeys)
    state_change: StateChangeKeys = field(default_factory=StateChangeKeys)
    pudo_address: PudoAddressKeys = field(default_factory=PudoAddressKeys)
    pudo_coordinates: PudoCoordinatesKeys = field(default_factory=PudoCoordinatesKeys)
    opening_hours: OpeningHoursKeys = field(default_factory=OpeningHoursKeys)
    closure: ClosureKeys = field(default_factory=ClosureKeys)
    token_request: TokenRequestKeys = field(default_factory=TokenRequestKeys)
    order_request: OrderRequestKeys = field(default_factory=OrderRequestKeys)
    order_state_request: OrderStateRequestKeys = field(default_factory=OrderStateRequestKeys)
    order_item_request: OrderItemRequestKeys = field(default_factory=OrderItemRequestKeys)
    label_request: LabelRequestKeys = field(default_factory=LabelRequestKeys)
    shipment_request: ShipmentRequestKeys = field(default_factory=ShipmentRequestKeys)
    customs_shipment_request: CustomsShipmentRequestKeys = field(
        default_factory=CustomsShipmentRequestKeys
    )
    manifest_request: ManifestRequestKeys = field(default_factory=ManifestRequestKeys)
    product_request: ProductRequestKeys = field(default_factory=ProductRequestKeys)
    product_image_request: ProductImageRequestKeys = field(default_factory=ProductImageRequestKeys)
    download_content_types: Mapping[str, tuple[str, ...]] = field(
        default_factory=_default_content_types
    )
    unique_violation_code: str = UNIQUE_VIOLATION_CODE

    def accepts_content_type(self, label_format: str, content_type: str) -> bool:
        """Whether a downloaded file of ``content_type`` is acceptable for ``label_format``."""
        media_type = content_type.split(";", 1)[0].strip().lower()
        return media_type in self.download_content_types.get(label_format, ())

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, Any] | None) -> ApiNames:
        """The default names with ``overrides`` applied (see ``overridden``).

        This is what the composition root calls with the configured mapping.
        """
        return cls().overridden(overrides or {})

    def overridden(self, overrides: Mapping[str, Any]) -> ApiNames:
        """A copy with some names replaced; unknown keys raise ``UnknownApiName``.

        Keys are group names (``paths``, ``label``, ``order``, ``shipment``,
        ``customs_shipment``, ``manifest``, ``order_item``, ``product``, ``carrier``,
        ``token``, the nested objects' groups (``carrier_ref``, ``state_change``,
        ``pudo_address``, ``pudo_coordinates``, ``opening_hours``, ``closure``), the
        ``…_request`` groups of the request bodies, ``query``, ``pudo``,
        ``pudo_location``, ``answers``, ``customs_article``, ``error``) mapping
        to ``{name: value}``, dotted keys (``"paths.orders"``), ``download_content_types``
        (format → media type list or comma-separated string) or ``unique_violation_code``.
        """
        groups: dict[str, dict[str, str]] = {}
        content_types = dict(self.download_content_types)
        unique_code = self.unique_violation_code

        for key, value in overrides.items():
            head, dot, tail = str(key).partition(".")
            if head in _GROUPS:
                entries = {tail: value} if dot else _as_mapping(key, value)
                for name, text in entries.items():
                    groups.setdefault(head, {})[name] = _check_name(head, name, text)
            elif head == "download_content_types":
                entries = {tail: value} if dot else _as_mapping(key, value)
                for fmt, types in entries.items():
                    content_types[str(fmt)] = _as_media_types(f"{head}.{fmt}", types)
            elif head == "unique_violation_code" and not dot:
                unique_code = _as_text(key, value)
            else:
                raise UnknownApiName(
                    f"unknown Seven Senders name override {key!r}; known groups: "
                    f"{', '.join([*_GROUPS, 'download_content_types', 'unique_violation_code'])}"
                )

        replaced = {
            head: dataclasses.replace(getattr(self, head), **names)
            for head, names in groups.items()
        }
        return dataclasses.replace(
            self,
            download_content_types=MappingProxyType(content_types),
            unique_violation_code=unique_code,
            **replaced,
        )


def _as_mapping(key: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise UnknownApiName(f"override {key!r} must be a mapping of names, got {value!r}")
    return value


def _as_text(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnknownApiName(f"override {key!r} must be a non-empty string, got {value!r}")
    return value.strip()


def _check_name(group: str, name: str, value: Any) -> str:
    known = [f.name for f in dataclasses.fields(_GROUPS[group])]
    if name not in known:
        raise UnknownApiName(
            f"unknown Seven Senders name override '{group}.{name}'; "
            f"known names in {group!r}: {', '.join(known)}"
        )
    text = _as_text(f"{group}.{name}", value)
    if group == "paths":
        # root-relative paths keep their leading slash; only a trailing one goes
        text = ("/" if text.startswith("/") else "") + text.strip("/")
        if text in ("", "/"):
            raise UnknownApiName(f"override '{group}.{name}' must name a path, got {value!r}")
    return text


def _as_media_types(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items: Sequence[Any] = value.split(",")
    elif isinstance(value, Sequence):
        items = value
    else:
        raise UnknownApiName(f"override {key!r} must be a list of media types, got {value!r}")
    types = tuple(str(item).strip().lower() for item in items if str(item).strip())
    if not types:
        raise UnknownApiName(f"override {key!r} must name at least one media type")
    return types


DEFAULT_NAMES = ApiNames()
