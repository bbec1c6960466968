"""Seven Senders resources as the station sees them: plain frozen dataclasses, no wire details.

The HTTP adapter maps the wire (whatever the real field names turn out to be) onto these
types, so services and the UI never see a ``dict`` from the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class OrderState(StrEnum):
    """Order states of the 7S order life cycle (sevensenders-api.md §3.5)."""

    NEW = "new"
    PAID = "paid"
    IN_PRODUCTION = "in_production"
    WAREHOUSE_HANDOVER = "warehouse_handover"
    IN_PREPARATION = "in_preparation"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    RETURNED = "returned"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"


#: The forward path of an order; a merchant may never move an order backwards along it.
FORWARD_PATH: tuple[OrderState, ...] = (
    OrderState.NEW,
    OrderState.PAID,
    OrderState.IN_PRODUCTION,
    OrderState.WAREHOUSE_HANDOVER,
    OrderState.IN_PREPARATION,
    OrderState.SHIPPED,
    OrderState.COMPLETED,
)

#: States only Seven Senders sets; the merchant cannot post them.
SYSTEM_STATES = frozenset({OrderState.NEW, OrderState.SHIPPED, OrderState.COMPLETED})


def is_before(current: str, target: OrderState) -> bool:
    """True when ``target`` lies strictly ahead of ``current`` on the forward path.

    Unknown or off-path states (returned, refunded, cancelled, anything new from the server)
    are never "before" anything, and nothing is "before" an off-path target, so the station
    does not try to push them forward.
    """
    path = [s.value for s in FORWARD_PATH]
    if current not in path or target.value not in path:
        return False
    return path.index(current) < path.index(target.value)


class LabelFormat(StrEnum):
    """Label file formats 7S can produce."""

    PDF = "pdf"
    ZPL = "zpl"  # 203 dpi
    ZPL300 = "zpl300"  # 300 dpi

    @property
    def dpi(self) -> int | None:
        """The printer resolution a ZPL file is made for (None for PDF, which scales)."""
        return {LabelFormat.ZPL: 203, LabelFormat.ZPL300: 300}.get(self)

    @property
    def content_type(self) -> str:
        """The media type of a file of this format, as the label archive keeps it."""
        return "application/pdf" if self is LabelFormat.PDF else "text/plain"

    @staticmethod
    def zpl_for(dpi: int) -> LabelFormat:
        """The ZPL format for a printer of ``dpi`` (300 dpi and finer: ZPL300)."""
        return LabelFormat.ZPL300 if dpi >= 300 else LabelFormat.ZPL


class CarrierService(StrEnum):
    STANDARD = "standard"
    EXPRESS = "express"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Carrier:
    """A carrier key: carrier name plus the country of its injection hub (e.g. dhl/DE)."""

    name: str
    country: str

    def __str__(self) -> str:
        return f"{self.name}:{self.country}"

    @classmethod
    def parse(cls, text: str) -> Carrier:
        """Parse ``"dhl:DE"`` (the form used in settings and on the command line)."""
        name, sep, country = text.partition(":")
        if not sep or not name.strip() or len(country.strip()) != 2:
            raise ValueError(f"carrier must look like 'dhl:DE', got {text!r}")
        return cls(name.strip().lower(), country.strip().upper())


@dataclass(frozen=True, slots=True)
class CarrierInfo:
    """A carrier configured for the account, with the countries it may deliver to."""

    code: str
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StateChange:
    state: str
    at: datetime


@dataclass(frozen=True, slots=True)
class NewOrder:
    """What the station sends to create an order in 7S."""

    order_id: str
    order_date: datetime
    order_url: str | None = None
    language: str | None = None
    boarding_complete: bool | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    promised_delivery_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class OrderUpdate:
    """A partial update of a 7S order; ``None`` fields are left unchanged."""

    boarding_complete: bool | None = None
    order_url: str | None = None
    language: str | None = None
    tags: Mapping[str, str] | None = None
    promised_delivery_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class SevenSendersOrder:
    """An order as 7S holds it (no recipient address: that comes from the merchant)."""

    id: int
    order_id: str
    state: str
    order_date: datetime | None
    states_history: tuple[StateChange, ...] = ()
    boarding_complete: bool | None = None
    order_url: str | None = None
    language: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    shipment_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderFilter:
    order_id: str | None = None
    state: str | None = None
    order_date_before: datetime | None = None
    order_date_after: datetime | None = None
    page: int = 1
    limit: int = 20


@dataclass(frozen=True, slots=True)
class PostedState:
    """An order state 7S took (any 2xx answer); ``id`` only when the answer named one."""

    id: int | None
    order_id: str
    state: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address with a contact, for the recipient or the sender of a parcel."""

    first_name: str
    last_name: str
    street: str
    zip: str
    city: str
    country: str
    house_no: str = ""
    address_details: str = ""
    email: str = ""
    phone: str = ""
    company_name: str = ""

    def single_line_street(self) -> str:
        """Street and house number on one line (the shipments resource wants it so)."""
        return " ".join(part for part in (self.street, self.house_no) if part).strip()


@dataclass(frozen=True, slots=True)
class CollectionPoint:
    """A chosen PUDO point to put on the label request."""

    pudo_id: str
    name1: str = ""
    name2: str = ""
    name3: str = ""
    membership_id: str = ""
    street: str = ""
    house_no: str = ""
    zip: str = ""
    city: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class LabelRequest:
    """Everything needed to buy one label for one parcel.

    ``reference_number`` must be globally unique per parcel attempt: it is how the station
    finds the label again when the outcome of the purchase is unknown.
    """

    order_id: str
    carrier: Carrier
    recipient: Address
    reference_number: str
    format: LabelFormat = LabelFormat.PDF
    order: NewOrder | None = None  # create the order together with the label
    sender: Address | None = None
    warehouse: str = ""
    warehouse_address: str = ""
    collection_point: CollectionPoint | None = None
    carrier_service: CarrierService = CarrierService.STANDARD
    return_parcel: bool = False
    include_return_label: bool = False
    package_no: int | None = None
    package_count: int | None = None
    weight_g: int | None = None
    #: the box's length, width and height in whole cm (sent where ``ApiNames`` names them)
    dimensions_cm: tuple[int, int, int] | None = None


@dataclass(frozen=True, slots=True)
class Label:
    """A bought label: the tracking code and where to download the file."""

    id: str
    shipment_id: str
    order_id: str
    tracking_code: str
    carrier: Carrier
    format: LabelFormat
    download_url: str
    reference_number: str | None = None
    return_parcel: bool = False
    #: the label file when 7S sent it inline with the answer (then no download is needed)
    document: bytes | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class LabelDocument:
    """A downloaded label file."""

    content: bytes
    content_type: str
    format: LabelFormat


@dataclass(frozen=True, slots=True)
class ShipmentRequest:
    """Register a parcel whose carrier label was produced elsewhere (own-label mode)."""

    order_id: str
    carrier: Carrier
    recipient: Address
    tracking_code: str | None = None
    reference_number: str | None = None
    carrier_service: CarrierService = CarrierService.STANDARD
    warehouse: str = ""
    warehouse_address: str = ""
    planned_pickup: datetime | None = None
    return_parcel: bool = False
    pickup_point_selected: bool = False
    goods_value: Decimal | None = None
    goods_value_currency: str | None = None
    weight_g: int | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Shipment:
    id: str
    order_id: str
    carrier: Carrier
    tracking_code: str | None
    reference_number: str | None
    status: str
    carrier_tracking_url: str | None = None
    label_id: str | None = None
    return_parcel: bool = False


@dataclass(frozen=True, slots=True)
class ShipmentFilter:
    order_id: str | None = None
    reference_number: str | None = None
    tracking_code: str | None = None


@dataclass(frozen=True, slots=True)
class CustomsArticle:
    sku: str
    description: str
    hs_code: str
    quantity: int
    unit_value: Decimal
    currency: str
    net_weight_kg: Decimal
    country_of_origin: str


@dataclass(frozen=True, slots=True)
class CustomsShipmentRequest:
    shipment_id: str
    order_id: str
    incoterm: str
    tracking_code: str
    planned_pickup: datetime
    departure_country: str
    articles: tuple[CustomsArticle, ...] = ()
    invoice_id: str | None = None
    invoice_date: datetime | None = None
    return_tracking_code: str | None = None


@dataclass(frozen=True, slots=True)
class CustomsShipmentUpdate:
    incoterm: str | None = None
    planned_pickup: datetime | None = None
    invoice_id: str | None = None
    invoice_date: datetime | None = None
    articles: tuple[CustomsArticle, ...] | None = None


@dataclass(frozen=True, slots=True)
class CustomsShipment:
    id: str
    shipment_id: str
    order_id: str
    status: str
    tracking_code: str
    incoterm: str
    planned_pickup: datetime | None
    departure_country: str
    manifest_id: str | None = None
    invoice_id: str | None = None
    articles: tuple[CustomsArticle, ...] = ()


@dataclass(frozen=True, slots=True)
class CustomsShipmentFilter:
    manifest_id: str | None = None
    shipment_id: str | None = None
    order_id: str | None = None
    planned_pickup_date: str | None = None  # YYYY-MM-DD
    types: tuple[str, ...] = ()
    return_inspected: bool | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class ManifestRequest:
    """A customs manifest: every customs shipment leaving with one pick-up.

    ``shipment_ids`` are 7S *shipment* ids (``CustomsShipment.shipment_id``) of customs
    shipments posted before, not the ids of the customs records themselves.
    """

    manifest_id: str
    shipment_ids: tuple[str, ...]
    pieces: int
    reference: str | None = None
    comment: str | None = None
    consignment_id: str | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    id: str
    manifest_id: str
    shipment_ids: tuple[str, ...]
    pieces: int
    status: str
    reference: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class PudoSearch:
    """A PUDO search: by coordinates, by address, or all points of one carrier (bulk).

    Use the class methods to build one; they enforce the combinations 7S accepts.
    """

    country: str
    carriers: tuple[str, ...]
    latitude: float | None = None
    longitude: float | None = None
    zip: str | None = None
    city: str | None = None
    street: str | None = None
    bulk: bool = False
    max_distance_m: int | None = None
    max_results: int | None = None
    opening_days: int | None = None

    @classmethod
    def by_coordinates(
        cls,
        carriers: tuple[str, ...],
        country: str,
        latitude: float,
        longitude: float,
        *,
        max_distance_m: int | None = None,
        max_results: int | None = None,
        opening_days: int | None = None,
    ) -> PudoSearch:
        return cls(
            country=country,
            carriers=carriers,
            latitude=latitude,
            longitude=longitude,
            max_distance_m=max_distance_m,
            max_results=max_results,
            opening_days=opening_days,
        )

    @classmethod
    def by_address(
        cls,
        carriers: tuple[str, ...],
        country: str,
        zip: str,
        city: str | None = None,
        street: str | None = None,
        *,
        max_distance_m: int | None = None,
        max_results: int | None = None,
        opening_days: int | None = None,
    ) -> PudoSearch:
        return cls(
            country=country,
            carriers=carriers,
            zip=zip,
            city=city,
            street=street,
            max_distance_m=max_distance_m,
            max_results=max_results,
            opening_days=opening_days,
        )

    @classmethod
    def all_points(cls, carrier: str, country: str) -> PudoSearch:
        return cls(country=country, carriers=(carrier,), bulk=True)


@dataclass(frozen=True, slots=True)
class OpeningSpan:
    """One opening period of a day, as minutes after midnight."""

    opens: int
    closes: int


@dataclass(frozen=True, slots=True)
class Closure:
    """A temporary closing period of a PUDO point (dates, inclusive)."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class PudoLocation:
    carrier_name: str
    location_type: str
    location_id: str
    location_code: str
    name: str
    country: str
    city: str
    zip: str
    address_line: str
    latitude: float
    longitude: float
    distance_m: float | None = None
    alternative_name: str = ""
    street: str = ""
    house_no: str = ""
    #: weekday name ("monday" … "sunday") → opening spans; an empty tuple means closed that day
    opening_hours: Mapping[str, tuple[OpeningSpan, ...]] = field(default_factory=dict)
    parcel_sizes: tuple[str, ...] = ()
    closures: tuple[Closure, ...] = ()


@dataclass(frozen=True, slots=True)
class Product:
    """A product at 7S. ``id`` is 7S's own id (its item URLs take it); the station's key is
    ``sku``, so ``id`` takes no part in comparisons."""

    sku: str
    customs_description: str | None = None
    customs_item_value: Decimal | None = None
    tariff_code_sending: str | None = None
    tariff_code_receiving: str | None = None
    origin_country: str | None = None
    image_url: str | None = None
    id: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class ProductImage:
    sku: str
    filename: str
    content: bytes


@dataclass(frozen=True, slots=True)
class NewOrderItem:
    order_id: str
    sku: str
    quantity: int
    name: str = ""
    ean: str | None = None
    shipment_id: str | None = None


@dataclass(frozen=True, slots=True)
class OrderItem:
    id: str
    order_id: str
    sku: str
    quantity: int
    name: str = ""
    ean: str | None = None
    shipment_id: str | None = None
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class AccountGrant:
    """What a token grant tells about the account."""

    may_track_all_shipments: bool | None
    may_send_seven_senders_shipments: bool | None
