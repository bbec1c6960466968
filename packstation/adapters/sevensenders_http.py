"""``HttpShippingApi``: the Seven Senders API v2 over one shared ``httpx.AsyncClient``.

One private ``_request`` does everything every call needs: the bearer token (only ever sent
to the configured API host), the timeout, the retry policy of ``http_policy``, the mapping
of failures onto ``packstation.domain.errors`` and one log line per attempt. The public
methods only build a request, pick the answer apart with ``sevensenders_dto`` and return
domain objects. Uncertain wire names come from ``ApiNames`` (``sevensenders_names``).

The access key and tokens never appear in log records, exception messages or reprs: they
are ``Secret`` values, server texts quoted in messages are scrubbed of them, and httpx
exceptions (whose request carries the ``Authorization`` header) are never chained.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import ValidationError

from packstation import __version__
from packstation.adapters import sevensenders_dto as dto
from packstation.adapters.http_policy import (
    API_TIMEOUT,
    DEFAULT_POLICY,
    DOWNLOAD_TIMEOUT,
    RetryPolicy,
    TransportFailure,
    classify_transport_error,
    is_idempotent,
    outcome_unknown_after_status,
    outcome_unknown_after_transport,
    parse_retry_after,
    retry_delay,
)
from packstation.adapters.sevensenders_auth import Secret, TokenManager
from packstation.adapters.sevensenders_names import DEFAULT_NAMES, ApiNames
from packstation.domain.errors import (
    AuthenticationFailed,
    Duplicate,
    MalformedResponse,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ShippingApiError,
    ValidationFailed,
    Violation,
)
from packstation.domain.shipping import (
    AccountGrant,
    CarrierInfo,
    CustomsShipment,
    CustomsShipmentFilter,
    CustomsShipmentRequest,
    CustomsShipmentUpdate,
    Label,
    LabelDocument,
    LabelFormat,
    LabelRequest,
    Manifest,
    ManifestRequest,
    NewOrder,
    NewOrderItem,
    OrderFilter,
    OrderItem,
    OrderState,
    OrderUpdate,
    PostedState,
    Product,
    ProductImage,
    PudoLocation,
    PudoSearch,
    SevenSendersOrder,
    Shipment,
    ShipmentFilter,
    ShipmentRequest,
)

_log = logging.getLogger(__name__)

T = TypeVar("T")

# --------------------------------------------------------------------------- environments


class Environment(StrEnum):
    """Where the station talks to: the local sandbox, 7S UAT, or 7S production."""

    SANDBOX = "sandbox"
    UAT = "uat"
    PRODUCTION = "production"


ENVIRONMENT_URLS: Mapping[Environment, str] = {
    Environment.UAT: "https://api-uat.sevensenders.com/v2",
    Environment.PRODUCTION: "https://api.sevensenders.com/v2",
}


def base_url_for(environment: Environment | str, base_url: str | None = None) -> str:
    """The API base URL: an explicit ``base_url`` wins, else the environment's address.

    The sandbox has no fixed address, so it needs ``base_url`` (e.g. ``http://127.0.0.1:8000/v2``).
    """
    if base_url:
        return base_url
    try:
        env = Environment(str(environment).strip().lower())
    except ValueError:
        known = ", ".join(e.value for e in Environment)
        raise ValueError(
            f"unknown Seven Senders environment {environment!r}; use one of {known}"
        ) from None
    if env not in ENVIRONMENT_URLS:
        raise ValueError(f"the {env.value} environment needs a base URL")
    return ENVIRONMENT_URLS[env]


# --------------------------------------------------------------------------- operations


@dataclass(frozen=True, slots=True)
class _Op:
    """What the station is doing, for messages: ``name`` becomes ``error.operation``."""

    name: str
    doing: str
    thing: str
    done: str = "created"


_LOGIN = _Op("log in", "logging in to Seven Senders", "the login")
_CARRIERS = _Op("list carriers", "loading the carriers", "the carriers")
_CREATE_ORDER = _Op("create order", "creating the order", "the order")
_LIST_ORDERS = _Op("list orders", "looking up orders", "the orders")
_FIND_ORDER = _Op("find order", "looking up the order", "the order")
_GET_ORDER = _Op("get order", "loading the order", "the order")
_UPDATE_ORDER = _Op("update order", "updating the order", "the order")
_DELETE_ORDER = _Op("delete order", "deleting the order", "the order")
_POST_STATE = _Op("post order state", "setting the order state", "the order state", "recorded")
_CREATE_ITEM = _Op("create order item", "registering the order item", "the order item")
_LIST_ITEMS = _Op("list order items", "loading the order items", "the order items")
_LINK_ITEM = _Op("link order item", "linking the order item to its parcel", "the order item")
_CREATE_SHIPMENT = _Op("register shipment", "registering the parcel", "the parcel", "registered")
_GET_SHIPMENT = _Op("get shipment", "loading the parcel", "the parcel")
_LIST_SHIPMENTS = _Op("list shipments", "looking up parcels", "the parcels")
_DELETE_SHIPMENT = _Op("delete shipment", "cancelling the parcel", "the parcel")
_BUY_LABEL = _Op("buy label", "buying the label", "the label", "bought")
_FIND_LABELS = _Op("find labels", "looking up the label", "the label")
_DOWNLOAD_LABEL = _Op("download label", "downloading the label file", "the label file")
_DELETE_LABEL = _Op("cancel label", "cancelling the label", "the label")
_CREATE_CUSTOMS = _Op(
    "send customs data", "sending the customs data", "the customs data", "received"
)
_LIST_CUSTOMS = _Op("list customs data", "looking up customs data", "the customs data")
_GET_CUSTOMS = _Op("get customs data", "loading the customs data", "the customs data")
_UPDATE_CUSTOMS = _Op("update customs data", "updating the customs data", "the customs data")
_DELETE_CUSTOMS = _Op("delete customs data", "deleting the customs data", "the customs data")
_CREATE_MANIFEST = _Op("send manifest", "sending the customs manifest", "the manifest", "received")
_GET_MANIFEST = _Op("get manifest", "loading the customs manifest", "the manifest")
_SEARCH_PUDO = _Op("search pick-up points", "searching pick-up points", "the pick-up points")
_CREATE_PRODUCT = _Op("create product", "creating the product", "the product")
_GET_PRODUCT = _Op("get product", "loading the product", "the product")
_UPDATE_PRODUCT = _Op("update product", "updating the product", "the product")
_DELETE_PRODUCT = _Op("delete product", "deleting the product", "the product")
_UPLOAD_IMAGE = _Op("upload product image", "uploading the product image", "the product image")
_DELETE_IMAGE = _Op("delete product image", "deleting the product image", "the product image")

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_MAX_QUOTED = 200  # characters of a server message quoted to the packer
_MAX_LOGGED = 2000  # characters of a raw answer logged at DEBUG
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host.lower(), url.port or _DEFAULT_PORTS.get(url.scheme))


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


class HttpShippingApi:
    """``ShippingApi`` over HTTP, for the sandbox, 7S UAT or 7S production.

    Args:
        client: the shared ``httpx.AsyncClient``; the composition root opens and closes it.
            Its own ``base_url``, ``timeout`` and ``auth`` are not used.
        base_url: the API root, e.g. ``https://api.sevensenders.com/v2`` (see
            ``base_url_for``); with or without a trailing slash.
        access_key: the permanent 7S access key.
        names: uncertain wire names (paths, keys, content types), see ``ApiNames``.
        policy: retry counts and delays.
        timeout: timeouts of ordinary calls; ``download_timeout`` for label files.
        sleep: awaited between retries (tests pass a recorder instead of ``asyncio.sleep``).
        rand: random source in [0, 1) for backoff jitter.
        clock: wall clock in seconds, for token expiry and ``Retry-After`` dates.
        user_agent: the ``User-Agent`` header.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        access_key: Secret | str,
        *,
        names: ApiNames = DEFAULT_NAMES,
        policy: RetryPolicy = DEFAULT_POLICY,
        timeout: httpx.Timeout = API_TIMEOUT,
        download_timeout: httpx.Timeout = DOWNLOAD_TIMEOUT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
        user_agent: str = f"packstation/{__version__}",
    ) -> None:
        base = httpx.URL(base_url.strip().rstrip("/") + "/")
        if base.scheme not in ("http", "https") or not base.host:
            raise ValueError(f"the Seven Senders base URL must be an http(s) address: {base_url!r}")
        self._client = client
        self._base = base
        self._access_key = access_key if isinstance(access_key, Secret) else Secret(access_key)
        self._names = names
        self._policy = policy
        self._timeout = timeout
        self._download_timeout = download_timeout
        self._sleep = sleep
        self._rand = rand
        self._clock = clock
        self._user_agent = user_agent
        self._tokens = TokenManager(self._fetch_token, clock=clock)

    def __repr__(self) -> str:
        return f"HttpShippingApi(base_url={str(self._base)!r})"

    @property
    def base_url(self) -> str:
        return str(self._base)

    @property
    def names(self) -> ApiNames:
        return self._names

    # ------------------------------------------------------------------ auth

    async def authenticate(self) -> AccountGrant:
        """Fetch a fresh token now (checks the access key) and say what the account may do."""
        return (await self._tokens.refresh(None)).grant

    async def _fetch_token(self) -> tuple[Secret, AccountGrant]:
        if not self._access_key.reveal().strip():
            raise AuthenticationFailed(
                "No Seven Senders access key is set up for this station. Enter it in the settings.",
                operation=_LOGIN.name,
            )
        response = await self._request(
            _LOGIN,
            "POST",
            self._url(self._names.paths.token),
            json={"access_key": self._access_key.reveal()},
            auth=False,
            idempotent=True,
            secret_answer=True,
        )
        raw = self._object(_LOGIN, response, secret_answer=True)
        body = self._parse(_LOGIN, lambda: dto.TokenBody.model_validate(raw))
        return Secret(body.token), body.grant()

    # ------------------------------------------------------------------ carriers

    async def list_carriers(self) -> list[CarrierInfo]:
        response = await self._request(_CARRIERS, "GET", self._url(self._names.paths.carriers))
        rows = self._list(_CARRIERS, response)
        return self._parse(
            _CARRIERS, lambda: [dto.CarrierBody.model_validate(r).to_domain() for r in rows]
        )

    # ------------------------------------------------------------------ orders

    async def create_order(self, order: NewOrder) -> SevenSendersOrder:
        op = _CREATE_ORDER
        response = await self._request(
            op, "POST", self._url(self._names.paths.orders), json=dto.order_body(order)
        )
        return self._order(op, self._object(op, response))

    async def list_orders(self, flt: OrderFilter) -> list[SevenSendersOrder]:
        return await self._list_orders(_LIST_ORDERS, flt)

    async def find_order(self, order_id: str) -> SevenSendersOrder | None:
        """The order with exactly this ``order_id``, or ``None`` when 7S does not have it."""
        for order in await self._list_orders(_FIND_ORDER, OrderFilter(order_id=order_id)):
            if order.order_id == order_id:
                return order
        return None

    async def _list_orders(self, op: _Op, flt: OrderFilter) -> list[SevenSendersOrder]:
        response = await self._request(
            op, "GET", self._url(self._names.paths.orders), params=dto.order_params(flt)
        )
        return [self._order(op, row) for row in self._list(op, response)]

    async def get_order(self, order_ref: str | int) -> SevenSendersOrder:
        op = _GET_ORDER
        response = await self._request(op, "GET", self._item_url(op, "orders", order_ref))
        return self._order(op, self._object(op, response))

    async def update_order(self, order_ref: str | int, update: OrderUpdate) -> SevenSendersOrder:
        op = _UPDATE_ORDER
        response = await self._request(
            op, "PUT", self._item_url(op, "orders", order_ref), json=dto.order_update_body(update)
        )
        return self._order(op, self._object(op, response))

    async def delete_order(self, order_ref: str | int) -> None:
        await self._request(
            _DELETE_ORDER, "DELETE", self._item_url(_DELETE_ORDER, "orders", order_ref)
        )

    async def post_order_state(
        self, order_id: str, state: OrderState, at: datetime | None = None
    ) -> PostedState:
        op = _POST_STATE
        when = at if at is not None else datetime.fromtimestamp(self._clock(), UTC)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        body = {
            "order_id": order_id,
            "state": OrderState(state).value,
            "datetime": when.isoformat(),
        }
        response = await self._request(
            op, "POST", self._url(self._names.paths.order_states), json=body
        )
        raw = self._object(op, response)
        return self._parse(op, lambda: dto.PostedStateBody.model_validate(raw).to_domain())

    def _order(self, op: _Op, raw: Any) -> SevenSendersOrder:
        return self._parse(op, lambda: dto.OrderBody.model_validate(raw).to_domain())

    # ------------------------------------------------------------------ order items

    async def create_order_item(self, item: NewOrderItem) -> OrderItem:
        op = _CREATE_ITEM
        response = await self._request(
            op, "POST", self._url(self._names.paths.order_items), json=dto.order_item_body(item)
        )
        return self._order_item(op, self._object(op, response))

    async def list_order_items(self, order_id: str) -> list[OrderItem]:
        op = _LIST_ITEMS
        response = await self._request(
            op, "GET", self._url(self._names.paths.order_items), params={"order_id": order_id}
        )
        return [self._order_item(op, row) for row in self._list(op, response)]

    async def link_order_item(self, item_id: str, shipment_id: str | None) -> OrderItem:
        op = _LINK_ITEM
        response = await self._request(
            op, "PUT", self._item_url(op, "order_items", item_id), json={"shipment_id": shipment_id}
        )
        return self._order_item(op, self._object(op, response))

    def _order_item(self, op: _Op, raw: Any) -> OrderItem:
        return self._parse(op, lambda: dto.OrderItemBody.model_validate(raw).to_domain())

    # ------------------------------------------------------------------ shipments

    async def create_shipment(self, request: ShipmentRequest) -> Shipment:
        op = _CREATE_SHIPMENT
        response = await self._request(
            op, "POST", self._url(self._names.paths.shipments), json=dto.shipment_body(request)
        )
        return self._shipment(op, self._object(op, response))

    async def get_shipment(self, shipment_id: str) -> Shipment:
        op = _GET_SHIPMENT
        response = await self._request(op, "GET", self._item_url(op, "shipments", shipment_id))
        return self._shipment(op, self._object(op, response))

    async def list_shipments(self, flt: ShipmentFilter) -> list[Shipment]:
        op = _LIST_SHIPMENTS
        response = await self._request(
            op, "GET", self._url(self._names.paths.shipments), params=dto.shipment_params(flt)
        )
        return [self._shipment(op, row) for row in self._list(op, response)]

    async def delete_shipment(self, shipment_id: str) -> None:
        op = _DELETE_SHIPMENT
        await self._request(op, "DELETE", self._item_url(op, "shipments", shipment_id))

    def _shipment(self, op: _Op, raw: Any) -> Shipment:
        return self._parse(op, lambda: dto.ShipmentBody.model_validate(raw).to_domain())

    # ------------------------------------------------------------------ labels

    async def create_label(self, request: LabelRequest) -> list[Label]:
        """Buy one label (two with ``include_return_label``: outbound first, then return).

        Raises ``OutcomeUnknown`` when the purchase may have happened without an answer:
        resolve it with ``find_labels(order_id, reference_number)`` before buying again.
        """
        op = _BUY_LABEL
        response = await self._request(
            op,
            "POST",
            self._url(self._names.paths.labels),
            json=dto.label_body(request, self._names.label),
        )
        data = self._json(op, response)
        rows: list[Any] = data if isinstance(data, list) else [data]
        if not rows:
            raise self._malformed(op, "the answer contains no label", response)
        return [self._label(op, row, response, request.order_id, request.format) for row in rows]

    async def find_labels(self, order_id: str, reference_number: str) -> list[Label]:
        op = _FIND_LABELS
        response = await self._request(
            op,
            "GET",
            self._url(self._names.paths.labels),
            params={"order_id": order_id, "reference_number": reference_number},
        )
        return [
            self._label(op, row, response, order_id, LabelFormat.PDF)
            for row in self._list(op, response)
        ]

    def _label(
        self,
        op: _Op,
        row: Any,
        response: httpx.Response,
        order_id: str,
        label_format: LabelFormat,
    ) -> Label:
        if not isinstance(row, Mapping):
            raise self._malformed(op, "a label entry is not a record", response)
        body = self._parse(op, lambda: dto.parse_label(row, self._names.label))
        return dto.label_to_domain(
            body,
            fallback_url=f"{self._names.paths.label_download}/{quote(body.id, safe='')}",
            fallback_order_id=order_id,
            fallback_format=label_format,
        )

    async def download_label(self, label: Label) -> LabelDocument:
        """Fetch the label file from the label's URL (relative URLs are taken from the base).

        The bearer token goes only to the API host; a label stored elsewhere (a CDN) is
        fetched without it. The file must match ``label.format``: a PDF starts with ``%PDF``,
        ZPL contains ``^XA``.
        """
        op = _DOWNLOAD_LABEL
        url = self._base.join(label.download_url.strip())
        response = await self._request(
            op,
            "GET",
            url,
            timeouts=self._download_timeout,
            follow_redirects=True,
            accept="*/*",
        )
        content_type = response.headers.get("content-type", "")
        media_type = _media_type(content_type)
        expected = label.format.value.upper().replace("ZPL300", "ZPL")
        if media_type and not self._names.accepts_content_type(label.format.value, content_type):
            raise self._malformed(
                op, f"the label file came as {media_type} instead of {expected}", response
            )
        content = response.content
        if not content:
            raise self._malformed(op, "the label file is empty", response)
        if label.format is LabelFormat.PDF:
            valid = content.lstrip().startswith(b"%PDF")
        else:
            valid = b"^XA" in content.upper()
        if not valid:
            raise self._malformed(op, f"the label file is not a {expected} file", response)
        return LabelDocument(
            content=content,
            content_type=media_type
            or ("application/pdf" if label.format is LabelFormat.PDF else "text/plain"),
            format=label.format,
        )

    async def delete_label(self, label_id: str) -> None:
        op = _DELETE_LABEL
        await self._request(op, "DELETE", self._item_url(op, "labels", label_id))

    # ------------------------------------------------------------------ customs

    async def create_customs_shipment(self, request: CustomsShipmentRequest) -> CustomsShipment:
        op = _CREATE_CUSTOMS
        response = await self._request(
            op,
            "POST",
            self._url(self._names.paths.customs_shipments),
            json=dto.customs_body(request, self._names.customs_article),
        )
        return self._customs(op, self._object(op, response))

    async def list_customs_shipments(self, flt: CustomsShipmentFilter) -> list[CustomsShipment]:
        op = _LIST_CUSTOMS
        response = await self._request(
            op,
            "GET",
            self._url(self._names.paths.customs_shipments),
            params=dto.customs_params(flt),
        )
        return [self._customs(op, row) for row in self._list(op, response)]

    async def get_customs_shipment(self, customs_id: str) -> CustomsShipment:
        op = _GET_CUSTOMS
        url = self._item_url(op, "customs_shipments", customs_id)
        response = await self._request(op, "GET", url)
        return self._customs(op, self._object(op, response))

    async def update_customs_shipment(
        self, customs_id: str, update: CustomsShipmentUpdate
    ) -> CustomsShipment:
        op = _UPDATE_CUSTOMS
        response = await self._request(
            op,
            "PUT",
            self._item_url(op, "customs_shipments", customs_id),
            json=dto.customs_update_body(update, self._names.customs_article),
        )
        return self._customs(op, self._object(op, response))

    async def delete_customs_shipment(self, customs_id: str) -> None:
        op = _DELETE_CUSTOMS
        await self._request(op, "DELETE", self._item_url(op, "customs_shipments", customs_id))

    def _customs(self, op: _Op, raw: Any) -> CustomsShipment:
        if not isinstance(raw, Mapping):
            text = self._malformed_text(op, "an entry is not a record")
            raise MalformedResponse(text, operation=op.name)
        return self._parse(op, lambda: dto.parse_customs_shipment(raw, self._names.customs_article))

    async def create_manifest(self, request: ManifestRequest) -> Manifest:
        op = _CREATE_MANIFEST
        response = await self._request(
            op,
            "POST",
            self._url(self._names.paths.customs_manifests),
            json=dto.manifest_body(request),
        )
        return self._manifest(op, self._object(op, response))

    async def get_manifest(self, manifest_ref: str) -> Manifest:
        op = _GET_MANIFEST
        response = await self._request(
            op, "GET", self._item_url(op, "customs_manifests", manifest_ref)
        )
        return self._manifest(op, self._object(op, response))

    def _manifest(self, op: _Op, raw: Any) -> Manifest:
        return self._parse(op, lambda: dto.ManifestBody.model_validate(raw).to_domain())

    # ------------------------------------------------------------------ PUDO

    async def search_pudo(self, search: PudoSearch) -> list[PudoLocation]:
        op = _SEARCH_PUDO
        if not search.carriers or not all(c.strip() for c in search.carriers):
            raise ValidationFailed(
                "Choose a carrier to search pick-up points for.",
                (Violation("carrier_names", "Choose at least one carrier."),),
                operation=op.name,
            )
        has_position = search.latitude is not None and search.longitude is not None
        if not search.bulk and not has_position and not (search.zip or "").strip():
            raise ValidationFailed(
                "Give a position or a postcode to search pick-up points near it.",
                (Violation("zip", "Give a postcode or coordinates."),),
                operation=op.name,
            )
        response = await self._request(
            op, "GET", self._url(self._names.paths.pudo_locations), params=dto.pudo_params(search)
        )
        rows = self._list(op, response)
        return self._parse(
            op, lambda: [dto.PudoLocationBody.model_validate(r).to_domain() for r in rows]
        )

    # ------------------------------------------------------------------ products

    async def create_product(self, product: Product) -> Product:
        op = _CREATE_PRODUCT
        response = await self._request(
            op, "POST", self._url(self._names.paths.products), json=dto.product_body(product)
        )
        return self._product(op, self._object(op, response))

    async def get_product(self, sku: str) -> Product:
        op = _GET_PRODUCT
        response = await self._request(op, "GET", self._item_url(op, "products", sku))
        return self._product(op, self._object(op, response))

    async def update_product(self, product: Product) -> Product:
        op = _UPDATE_PRODUCT
        response = await self._request(
            op, "PUT", self._item_url(op, "products", product.sku), json=dto.product_body(product)
        )
        return self._product(op, self._object(op, response))

    async def delete_product(self, sku: str) -> None:
        await self._request(
            _DELETE_PRODUCT, "DELETE", self._item_url(_DELETE_PRODUCT, "products", sku)
        )

    async def upload_product_image(self, image: ProductImage) -> Product:
        """Upload (or replace) a product's image; only JPEG and PNG files are accepted."""
        op = _UPLOAD_IMAGE
        if not image.content.startswith((_JPEG_MAGIC, _PNG_MAGIC)):
            raise ValidationFailed(
                f"The image {image.filename!r} for {image.sku} is not a JPEG or PNG file. "
                "Seven Senders accepts only JPEG and PNG product images.",
                (Violation("attachment", "The file must be a JPEG or PNG image."),),
                operation=op.name,
            )
        body = {
            "sku": image.sku,
            "attachment": base64.b64encode(image.content).decode("ascii"),
            "filename": image.filename,
        }
        response = await self._request(
            op, "PUT", self._url(self._names.paths.product_images), json=body
        )
        return self._product(op, self._object(op, response))

    async def delete_product_image(self, sku: str) -> None:
        op = _DELETE_IMAGE
        await self._request(op, "DELETE", self._item_url(op, "product_images", sku))

    def _product(self, op: _Op, raw: Any) -> Product:
        return self._parse(op, lambda: dto.ProductBody.model_validate(raw).to_domain())

    # ------------------------------------------------------------------ plumbing: URLs

    def _url(self, path: str) -> httpx.URL:
        return self._base.join(path.strip().strip("/"))

    def _item_url(self, op: _Op, resource: str, ref: str | int) -> httpx.URL:
        text = str(ref).strip()
        if not text:
            raise ValidationFailed(f"No id was given for {op.thing}.", operation=op.name)
        segment = quote(text, safe="")
        if segment in (".", ".."):
            segment = segment.replace(".", "%2E")
        collection: str = getattr(self._names.paths, resource)
        return self._url(f"{collection.strip('/')}/{segment}")

    # ------------------------------------------------------------------ plumbing: request

    async def _request(
        self,
        op: _Op,
        method: str,
        url: httpx.URL,
        *,
        params: Iterable[tuple[str, str]] | Mapping[str, str] | None = None,
        json: Any = None,
        auth: bool = True,
        idempotent: bool | None = None,
        timeouts: httpx.Timeout | None = None,
        follow_redirects: bool = False,
        accept: str = "application/json",
        secret_answer: bool = False,
    ) -> httpx.Response:
        """Send one logical request: token, retries, logging, and failures as domain errors.

        Returns only 2xx responses, except for a DELETE that may already have been carried
        out by an earlier attempt (dropped connection, 5xx): its 404 on a retry means the
        resource is gone, as asked, and is returned too. ``secret_answer`` keeps the body out
        of the logs.
        """
        idempotent = is_idempotent(method) if idempotent is None else idempotent
        query: httpx.QueryParams | None = None
        if params is not None:
            query = httpx.QueryParams(
                tuple(params.items()) if isinstance(params, Mapping) else tuple(params)
            )
        send_token = auth and _origin(url) == _origin(self._base)
        token = await self._tokens.token() if send_token else None
        log_target = self._log_target(url, query)
        refreshed = False
        retry_number = 0
        attempt = 0
        deleting = method.upper() == "DELETE"
        maybe_done = False  # an earlier attempt of this DELETE may have been carried out
        while True:
            attempt += 1
            headers = {"Accept": accept, "User-Agent": self._user_agent}
            if token is not None:
                headers["Authorization"] = f"Bearer {token.reveal()}"
            request = self._client.build_request(
                method,
                url,
                params=query,
                json=json,
                headers=headers,
                timeout=timeouts or self._timeout,
            )
            started = time.perf_counter()
            failure: TransportFailure | None = None
            error_name = ""
            try:
                response = await self._client.send(request, follow_redirects=follow_redirects)
            except httpx.TransportError as exc:
                # Only the class name survives: the exception's request carries the token.
                failure = classify_transport_error(exc)
                error_name = type(exc).__name__
            elapsed_ms = (time.perf_counter() - started) * 1000

            if failure is not None:
                _log.info(
                    "%s %s -> %s after %.0f ms (attempt %d)",
                    method,
                    log_target,
                    error_name,
                    elapsed_ms,
                    attempt,
                )
                maybe_done |= outcome_unknown_after_transport(failure, idempotent=False)
                retry_number += 1
                delay = retry_delay(
                    self._policy,
                    idempotent=idempotent,
                    retry_number=retry_number,
                    rand=self._rand,
                    failure=failure,
                )
                if delay is not None:
                    await self._sleep(delay)
                    continue
                raise self._transport_error(op, failure, idempotent=idempotent)

            status = response.status_code
            _log.info(
                "%s %s -> %d in %.0f ms (attempt %d)",
                method,
                log_target,
                status,
                elapsed_ms,
                attempt,
            )
            if 200 <= status < 300:
                return response
            if deleting and maybe_done and status == 404:
                _log.info("%s %s: already gone after an unanswered attempt", method, log_target)
                return response
            maybe_done |= outcome_unknown_after_status(status, idempotent=False)
            if not secret_answer:
                self._log_body(op, response)
            if status == 401 and token is not None and not refreshed:
                # The token is checked before anything is done, so resending is safe even
                # for a request that creates something.
                refreshed = True
                token = (await self._tokens.refresh(token)).token
                continue
            retry_after = parse_retry_after(
                response.headers.get("retry-after"),
                now=datetime.fromtimestamp(self._clock(), UTC),
            )
            retry_number += 1
            delay = retry_delay(
                self._policy,
                idempotent=idempotent,
                retry_number=retry_number,
                rand=self._rand,
                status=status,
                retry_after=retry_after,
            )
            if delay is not None:
                await self._sleep(delay)
                continue
            raise self._status_error(op, response, idempotent=idempotent, retry_after=retry_after)

    def _log_target(self, url: httpx.URL, query: httpx.QueryParams | None) -> str:
        if _origin(url) != _origin(self._base):
            return f"{url.scheme}://{url.host}{url.path}"  # no query: it may hold a signature
        return f"{url.path}?{query}" if query else url.path

    def _log_body(self, op: _Op, response: httpx.Response) -> None:
        if _log.isEnabledFor(logging.DEBUG):
            text = self._redact(response.content.decode("utf-8", errors="replace"))
            _log.debug(
                "%s: answer %d body (%d bytes, truncated): %s",
                op.name,
                response.status_code,
                len(response.content),
                text[:_MAX_LOGGED],
            )

    def _redact(self, text: str) -> str:
        secrets = [self._access_key.reveal()]
        issued = self._tokens.current
        if issued is not None:
            secrets.append(issued.token.reveal())
        for secret in secrets:
            if secret:
                text = text.replace(secret, "********")
        return text

    # ------------------------------------------------------------------ plumbing: failures

    def _transport_error(
        self, op: _Op, failure: TransportFailure, *, idempotent: bool
    ) -> ShippingApiError:
        if outcome_unknown_after_transport(failure, idempotent=idempotent):
            return OutcomeUnknown(_unknown_text(op), operation=op.name)
        if failure is TransportFailure.UNSENDABLE:
            return ServiceUnavailable(
                f"The station could not send the request while {op.doing}: the Seven Senders "
                "address in the settings looks wrong.",
                operation=op.name,
            )
        if failure is TransportFailure.NOT_SENT:
            text = (
                f"Seven Senders could not be reached while {op.doing}; nothing was sent. "
                "Check the network connection and try again."
            )
        else:
            text = (
                f"Seven Senders did not answer while {op.doing}. "
                "Check the network connection and try again."
            )
        return ServiceUnavailable(text, operation=op.name)

    def _status_error(
        self,
        op: _Op,
        response: httpx.Response,
        *,
        idempotent: bool,
        retry_after: float | None,
    ) -> ShippingApiError:
        status = response.status_code
        body = self._error_body(response)
        violations = body.domain_violations() if body else ()
        said = self._server_text(body)
        quoted = f" Seven Senders says: {said}" if said else ""
        name = op.name

        if op is _LOGIN and status in (400, 401, 403):
            return AuthenticationFailed(
                "The access key was refused by Seven Senders. Check that it is the key for "
                "this environment (UAT or production) and that it has not been revoked.",
                status=status,
                operation=name,
            )
        if status == 401:
            return AuthenticationFailed(
                f"Seven Senders refused the station's login while {op.doing}, even with a "
                "fresh token. Check the access key in the settings.",
                status=status,
                operation=name,
            )
        if status == 403:
            return AuthenticationFailed(
                f"This Seven Senders account is not allowed to do this ({op.doing}). Ask your "
                f"Seven Senders contact to enable it.{quoted}",
                status=status,
                operation=name,
            )
        if status == 404:
            return NotFound(
                f"Seven Senders has no record of {op.thing}.{quoted}", status=status, operation=name
            )
        if status == 405:
            return ValidationFailed(
                f"Seven Senders does not allow {op.doing} here.{quoted}",
                violations,
                status=status,
                operation=name,
            )
        reasons = "; ".join(str(v) for v in violations[:5])
        if status == 409 or any(v.code == self._names.unique_violation_code for v in violations):
            return Duplicate(
                _sentence(
                    f"Seven Senders already has {op.thing}: {reasons or said or 'it exists'}"
                ),
                violations,
                status=status,
                operation=name,
            )
        if status in (400, 422):
            return ValidationFailed(
                _sentence(
                    f"Seven Senders refused the data while {op.doing}: "
                    f"{reasons or said or 'no reason given'}"
                ),
                violations,
                status=status,
                operation=name,
            )
        if status == 429:
            wait = f"in {retry_after:.0f} seconds" if retry_after is not None else "in a minute"
            return RateLimited(
                f"Seven Senders is busy and asked the station to slow down while {op.doing}. "
                f"Try again {wait}.",
                retry_after,
                status=status,
                operation=name,
            )
        if status == 408 or status >= 500:
            if outcome_unknown_after_status(status, idempotent=idempotent):
                return OutcomeUnknown(_unknown_text(op), status=status, operation=name)
            return ServiceUnavailable(
                f"Seven Senders is not working properly right now (error {status}) while "
                f"{op.doing}. Try again in a minute.",
                status=status,
                operation=name,
            )
        if 400 <= status < 500:
            return ShippingApiError(
                f"Seven Senders refused {op.doing} (error {status}).{quoted}",
                status=status,
                operation=name,
            )
        return MalformedResponse(
            f"Seven Senders gave an unexpected answer (status {status}) while {op.doing}.",
            status=status,
            operation=name,
        )

    def _error_body(self, response: httpx.Response) -> dto.ErrorBody | None:
        try:
            raw = json.loads(response.content)
        except ValueError:  # not JSON (an HTML error page, empty): no details to show
            return None
        try:
            return dto.parse_error(raw, self._names.error)
        except ValidationError:
            return None

    def _server_text(self, body: dto.ErrorBody | None) -> str:
        if body is None:
            return ""
        text = body.detail or body.title or ""
        text = " ".join(self._redact(text).split())
        if len(text) > _MAX_QUOTED:
            text = text[: _MAX_QUOTED - 1] + "…"
        return text

    # ------------------------------------------------------------------ plumbing: answers

    def _json(self, op: _Op, response: httpx.Response, *, secret_answer: bool = False) -> Any:
        if not response.content.strip():
            raise self._malformed(op, "the answer is empty", response, secret_answer)
        try:
            return json.loads(response.content)
        except ValueError:
            pass
        if "html" in _media_type(response.headers.get("content-type", "")) or (
            response.content.lstrip()[:1] == b"<"
        ):
            problem = "the answer is a web page, not data"
        else:
            problem = "the answer is not JSON"
        raise self._malformed(op, problem, response, secret_answer)

    def _object(
        self, op: _Op, response: httpx.Response, *, secret_answer: bool = False
    ) -> Mapping[str, Any]:
        data = self._json(op, response, secret_answer=secret_answer)
        if not isinstance(data, Mapping):
            what = "a list" if isinstance(data, list) else "a bare value"
            raise self._malformed(
                op, f"the answer is {what} where one record was expected", response, secret_answer
            )
        return data

    def _list(self, op: _Op, response: httpx.Response) -> list[Any]:
        data = self._json(op, response)
        if isinstance(data, Mapping) and isinstance(data.get("hydra:member"), list):
            data = data["hydra:member"]  # an API Platform collection page
        if not isinstance(data, list):
            raise self._malformed(op, "the answer is not a list", response)
        return data

    def _parse(self, op: _Op, build: Callable[[], T]) -> T:
        try:
            return build()
        except ValidationError as err:
            problem = _describe(err)
        # Raised outside the except block: the pydantic error holds the raw input.
        raise MalformedResponse(self._malformed_text(op, problem), operation=op.name)

    def _malformed(
        self,
        op: _Op,
        problem: str,
        response: httpx.Response,
        secret_answer: bool = False,
    ) -> MalformedResponse:
        if not secret_answer:
            self._log_body(op, response)
        return MalformedResponse(
            self._malformed_text(op, problem), status=response.status_code, operation=op.name
        )

    def _malformed_text(self, op: _Op, problem: str) -> str:
        text = (
            f"Seven Senders answered while {op.doing}, but the station does not "
            f"understand the answer ({problem})."
        )
        if op in _CREATING_OPS:
            return (
                f"{text} {op.thing[0].upper()}{op.thing[1:]} was probably {op.done}: "
                "the station will look it up before trying again."
            )
        return f"{text} Try again; if it keeps happening, tell your supervisor."


_CREATING_OPS = frozenset(
    {
        _CREATE_ORDER,
        _POST_STATE,
        _CREATE_ITEM,
        _CREATE_SHIPMENT,
        _BUY_LABEL,
        _CREATE_CUSTOMS,
        _CREATE_MANIFEST,
        _CREATE_PRODUCT,
    }
)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _unknown_text(op: _Op) -> str:
    return (
        f"No answer from Seven Senders while {op.doing} — {op.thing} may or may not have "
        f"been {op.done}. The station will look it up before trying again."
    )


_PLAIN_ERRORS = {
    "missing": "missing",
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "decimal_parsing": "should be a number",
    "decimal_type": "should be a number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "model_type": "should be a record",
    "dict_type": "should be a record",
    "list_type": "should be a list",
    "too_short": "is empty",
    "datetime_type": "should be a date and time",
    "datetime_parsing": "should be a date and time",
    "datetime_from_date_parsing": "should be a date and time",
    "enum": "has an unknown value",
}


def _describe(err: ValidationError) -> str:
    """Which fields were wrong, without the values (they may be long or sensitive)."""
    parts = []
    for item in err.errors(include_input=False, include_url=False)[:3]:
        where = ".".join(str(p) for p in item["loc"]) or "the record"
        message = _PLAIN_ERRORS.get(item["type"], item["msg"])
        parts.append(f"{where}: {message}")
    if err.error_count() > 3:
        parts.append(f"and {err.error_count() - 3} more")
    return "; ".join(parts)
