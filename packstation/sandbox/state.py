"""The sandbox's live in-memory store: plain records plus one lock, no HTTP and no rules.

The server thread mutates it while holding ``State.lock``; tests read it from their own thread
(hold the lock for anything more than a single attribute read). ``reset`` clears it in place,
so a reference to a ``State`` stays valid for the whole life of a server.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

#: Numeric ids start at different bases per resource, so an id of the wrong kind is a 404
#: instead of silently hitting another record.
ID_BASES = {
    "order": 700_001,
    "order_state": 1_001,
    "order_item": 30_001,
    "product": 101,
    "shipment": 5_857_001,
    "label": 9_100_001,
    "customs_shipment": 8_200_001,
    "manifest": 401,
    "media": 1,
}


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    revoked: bool = False
    flex: bool = False


#: The access keys the sandbox knows (docs/sandbox.md, "Accounts and tokens").
ACCOUNTS: dict[str, Account] = {
    "test-access-key": Account("demo"),
    "revoked-access-key": Account("revoked", revoked=True),
    "flex-access-key": Account("flex", flex=True),
}
DEMO_ACCESS_KEY = "test-access-key"


@dataclass(slots=True)
class AccountSettings:
    """What ``/__mock/config`` changes."""

    token_ttl: float = 3600.0
    flex: bool = False
    customs_countries: list[str] = field(default_factory=lambda: ["CH", "GB", "NO"])
    enforce_customs_countries: bool = True
    #: Item URLs (``/orders/{id}``, ``/products/{id}``, ``/customs/manifests/{id}``) also take
    #: the merchant's key (order_id, SKU, manifest_id). Off by default: the sandbox is strict,
    #: so a client that puts a merchant key where 7S's id belongs gets a 404 in every test.
    merchant_keys_in_paths: bool = False
    #: A new token for an account ends its earlier ones ("valid until the next one is
    #: requested", legacy 7S docs): two clients on one key replace each other's tokens.
    single_token: bool = False
    #: The most rows one page of a list answer carries, whatever ``limit`` asks (API
    #: Platform's page size); ``None``: a list is cut only where the client asks (``page``,
    #: ``limit``). A test setting: with 1, every record of a list sits on a page of its own.
    list_page_size: int | None = None
    #: ``GET /v2/labels`` (the label list and look-up) exists. Off, it answers 404 like a
    #: route the API does not have (a test setting: that look-up is a guess of the docs, and
    #: the station must then fall back to the order's shipments).
    labels_listed: bool = True

    def copy(self) -> AccountSettings:
        return AccountSettings(
            self.token_ttl,
            self.flex,
            list(self.customs_countries),
            self.enforce_customs_countries,
            self.merchant_keys_in_paths,
            single_token=self.single_token,
            list_page_size=self.list_page_size,
            labels_listed=self.labels_listed,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "token_ttl": self.token_ttl,
            "flex": self.flex,
            "customs_countries": list(self.customs_countries),
            "enforce_customs_countries": self.enforce_customs_countries,
            "merchant_keys_in_paths": self.merchant_keys_in_paths,
            "single_token": self.single_token,
            "list_page_size": self.list_page_size,
            "labels_listed": self.labels_listed,
        }


@dataclass(slots=True)
class IssuedToken:
    account: str
    expires_at: float  # time.time() seconds


@dataclass(slots=True)
class StateEntry:
    state: str
    datetime: str


@dataclass(slots=True)
class Order:
    id: int
    order_id: str
    order_date: str
    order_url: str | None = None
    language: str | None = None
    boarding_complete: bool | None = None
    order_tags: Any = None
    promised_delivery_date: str | None = None
    delivered_with_seven_senders: bool | None = None
    state: str = "new"
    states_history: list[StateEntry] = field(default_factory=list)


@dataclass(slots=True)
class PostedState:
    id: int
    order_id: str
    state: str
    datetime: str


@dataclass(slots=True)
class OrderItem:
    id: int
    order_id: str
    sku: str
    name: str
    quantity: int
    ean: str | None = None
    shipment_id: int | None = None


@dataclass(slots=True)
class Product:
    id: int
    sku: str
    customs_description: str | None = None
    customs_item_value: str | None = None
    customs_tariff_code_sending_country: str | None = None
    customs_tariff_code_receiving_country: str | None = None
    customs_origin_country_iso2: str | None = None
    image: str | None = None  # file name under /media/


@dataclass(frozen=True, slots=True)
class MediaFile:
    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name: str
    countries: tuple[str, ...]
    tracking_prefix: str
    tracking_url: str  # template with {tracking_code}
    bulk_pudo: bool = False


@dataclass(slots=True)
class Shipment:
    id: int
    order_id: str
    carrier_name: str
    carrier_country: str
    carrier_service: str
    tracking_code: str | None
    reference_number: str | None
    created_at: str
    status: str = "new"
    label_id: int | None = None
    return_parcel: bool = False
    #: recipient_*, sender_*, warehouse and the other optional fields as posted
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Label:
    id: int
    shipment_id: int
    order_id: str
    tracking_code: str
    carrier_name: str
    carrier_country: str
    carrier_service: str
    format: str  # pdf | zpl | zpl300
    reference_number: str | None
    return_parcel: bool
    package_no: int
    package_count: int
    weight_kg: float | None
    recipient: dict[str, str]
    sender: dict[str, str]
    pudo_id: str | None
    created_at: str
    document: bytes | None = None  # rendered on first download


@dataclass(slots=True)
class CustomsShipment:
    id: int
    shipment_id: int
    order_id: str
    incoterm: str
    tracking_code: str
    planned_pickup_datetime: str
    departure_country: str
    created_at: str
    invoice_id: str | None = None
    invoice_date: str | None = None
    return_tracking_code: str | None = None
    articles: list[dict[str, Any]] = field(default_factory=list)
    status: str = "received"
    manifest_id: str | None = None
    type: str = "outbound"


@dataclass(slots=True)
class Manifest:
    id: int
    manifest_id: str
    shipment_ids: list[int]
    pieces: int
    created_at: str
    reference: str | None = None
    comment: str | None = None
    consignment_id: str | None = None
    status: str = "submitted"


@dataclass(frozen=True, slots=True)
class Closure:
    """A temporary closing period; ``relative`` means the numbers are days from today."""

    start: str | int
    end: str | int
    relative: bool = False


@dataclass(frozen=True, slots=True)
class PudoPoint:
    carrier_name: str
    location_type: str
    location_id: str
    location_code: str
    address: dict[str, str]
    opening_hours: dict[str, list[dict[str, dict[str, int]]]]
    latitude: float
    longitude: float
    parcel_sizes: tuple[str, ...]
    closures: tuple[Closure, ...] = ()


class State:
    """Everything the sandbox knows. Guard compound reads with ``with state.lock:``."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.settings = AccountSettings()
        self.tokens: dict[str, IssuedToken] = {}
        self.orders: dict[int, Order] = {}
        self.order_states: dict[int, PostedState] = {}
        self.order_items: dict[int, OrderItem] = {}
        self.products: dict[str, Product] = {}
        self.media: dict[str, MediaFile] = {}
        self.shipments: dict[int, Shipment] = {}
        self.labels: dict[int, Label] = {}
        self.customs_shipments: dict[int, CustomsShipment] = {}
        self.manifests: dict[int, Manifest] = {}
        self.carriers: dict[str, Carrier] = {}
        self.pudo_points: list[PudoPoint] = []
        #: zip centroids for PUDO address search: (country, normalised zip) → (lat, lon)
        self.zip_centroids: dict[tuple[str, str], tuple[float, float]] = {}
        #: merchant order documents (docs/sandbox.md, "Merchant order feed") by order_id
        self.merchant_orders: dict[str, dict[str, Any]] = {}
        self._next_ids: dict[str, int] = dict(ID_BASES)
        self._tracking_counter = 0

    def clear(self) -> None:
        """Forget everything (tokens included); settings are left to the caller."""
        with self.lock:
            for table in (
                self.tokens,
                self.orders,
                self.order_states,
                self.order_items,
                self.products,
                self.media,
                self.shipments,
                self.labels,
                self.customs_shipments,
                self.manifests,
                self.carriers,
                self.zip_centroids,
                self.merchant_orders,
            ):
                table.clear()
            self.pudo_points.clear()
            self._next_ids = dict(ID_BASES)
            self._tracking_counter = 0

    def new_id(self, kind: str) -> int:
        with self.lock:
            value = self._next_ids[kind]
            self._next_ids[kind] = value + 1
            return value

    def next_tracking_number(self) -> int:
        with self.lock:
            self._tracking_counter += 1
            return self._tracking_counter

    # ------------------------------------------------------------ look-ups
    def order_by_order_id(self, order_id: str) -> Order | None:
        with self.lock:
            return next((o for o in self.orders.values() if o.order_id == order_id), None)

    def find_order(self, key: str) -> Order | None:
        """The order whose 7S id is ``key``; with ``merchant_keys_in_paths`` also the one whose
        merchant ``order_id`` is ``key`` (the numeric id wins)."""
        with self.lock:
            if key.isdigit() and int(key) in self.orders:
                return self.orders[int(key)]
            if self.settings.merchant_keys_in_paths:
                return self.order_by_order_id(key)
            return None

    def find_product(self, key: str) -> Product | None:
        """The product whose 7S id is ``key``; with ``merchant_keys_in_paths`` also the one
        whose SKU is ``key`` (the SKU wins then, as a SKU may be all digits)."""
        with self.lock:
            if self.settings.merchant_keys_in_paths and key in self.products:
                return self.products[key]
            if key.isdigit():
                return next((p for p in self.products.values() if p.id == int(key)), None)
            return None

    def product_by_sku(self, sku: str) -> Product | None:
        with self.lock:
            return self.products.get(sku)

    def shipments_of(self, order_id: str) -> list[Shipment]:
        with self.lock:
            return [s for s in self.shipments.values() if s.order_id == order_id]
