"""Helpers for the contract tests: domain requests built from the sandbox's demo documents,
a recording ``sleep`` and request-log queries."""

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.shipping import (
    Address,
    Carrier,
    CollectionPoint,
    CustomsArticle,
    CustomsShipmentRequest,
    Label,
    LabelFormat,
    LabelRequest,
    NewOrder,
)
from packstation.sandbox import Dialect, SandboxServer
from packstation.sandbox.faults import LoggedRequest

#: A planned pick-up for customs data (any moment works for the sandbox).
PICKUP = datetime.fromisoformat("2026-12-01T15:00:00+01:00")


class Sleeps:
    """An injectable ``sleep`` that records every requested delay and waits at most 10 ms."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(min(delay, 0.01))


def names_api(sandbox: SandboxServer, http: httpx.AsyncClient, names: ApiNames) -> HttpShippingApi:
    """A client on ``http`` that calls the sandbox with ``names`` (the wire names and answer
    keys of ``api_names``), as a station configured with them would."""
    return HttpShippingApi(
        http, sandbox.base_url, sandbox.access_key, names=names, sleep=Sleeps(), rand=lambda: 0
    )


# ---------------------------------------------------------------- ids
def seven_id(sandbox: SandboxServer, order_id: str) -> int:
    """7S's id of an order the sandbox holds (item URLs take nothing else)."""
    order = sandbox.state.order_by_order_id(order_id)
    assert order is not None, order_id
    return order.id


# ---------------------------------------------------------------- demo documents
def merchant_doc(sandbox: SandboxServer, order_id: str) -> Mapping[str, Any]:
    doc: Mapping[str, Any] = sandbox.state.merchant_orders[order_id]
    return doc


def address_of(doc: Mapping[str, Any]) -> Address:
    """The recipient of a merchant order document as a domain ``Address``."""
    r = doc["recipient"]
    return Address(
        first_name=r["first_name"],
        last_name=r["last_name"],
        street=r["street"],
        house_no=r.get("house_no", ""),
        address_details=r.get("address_details", ""),
        zip=r["zip"],
        city=r["city"],
        country=r["country"],
        email=r.get("email", ""),
        phone=r.get("phone", ""),
        company_name=r.get("company_name", ""),
    )


def label_request(
    sandbox: SandboxServer,
    order_id: str = "A100",
    *,
    reference: str | None = None,
    fmt: LabelFormat = LabelFormat.PDF,
    include_return_label: bool = False,
    collection_point: CollectionPoint | None = None,
    package_no: int | None = None,
    package_count: int | None = None,
    weight_g: int | None = None,
) -> LabelRequest:
    """A label request for a demo order, addressed as its merchant document says."""
    doc = merchant_doc(sandbox, order_id)
    return LabelRequest(
        order_id=order_id,
        carrier=Carrier.parse(doc["carrier"]),
        recipient=address_of(doc),
        reference_number=reference or f"{order_id}-P1",
        format=fmt,
        include_return_label=include_return_label,
        collection_point=collection_point,
        package_no=package_no,
        package_count=package_count,
        weight_g=weight_g,
    )


def new_order(order_id: str, **tags: str) -> NewOrder:
    return NewOrder(
        order_id=order_id,
        order_date=datetime.fromisoformat("2026-11-30T10:00:00+01:00"),
        order_url=f"https://shop.example/orders/{order_id}",
        language="en",
        tags=tags,
    )


def customs_articles(doc: Mapping[str, Any]) -> tuple[CustomsArticle, ...]:
    """The customs lines of a merchant order document's items."""
    return tuple(
        CustomsArticle(
            sku=item["sku"],
            description=item["name"],
            hs_code=item["hs_code"],
            quantity=item["quantity"],
            unit_value=Decimal(item["unit_value"]),
            currency=item["currency"],
            net_weight_kg=Decimal(item["weight_g"]) / 1000,
            country_of_origin=item["origin_country"],
        )
        for item in doc["items"]
    )


def customs_request(
    sandbox: SandboxServer, label: Label, *, tracking_code: str | None = None
) -> CustomsShipmentRequest:
    """Customs data for the parcel of ``label`` (leaving from DE, DAP)."""
    return CustomsShipmentRequest(
        shipment_id=label.shipment_id,
        order_id=label.order_id,
        incoterm="DAP",
        tracking_code=tracking_code or label.tracking_code,
        planned_pickup=PICKUP,
        departure_country="DE",
        articles=customs_articles(merchant_doc(sandbox, label.order_id)),
        invoice_id=f"INV-{label.order_id}",
    )


# ---------------------------------------------------------------- request log
def logged(
    sandbox: SandboxServer, method: str | None = None, path: str | None = None
) -> list[LoggedRequest]:
    """The sandbox's request log, optionally only ``method`` and/or exactly ``path``."""
    return [
        r
        for r in sandbox.control.requests()
        if (method is None or r.method == method) and (path is None or r.path == path)
    ]


def token_requests(sandbox: SandboxServer) -> int:
    return len(logged(sandbox, "POST", "/v2/token"))


# ---------------------------------------------------------------- images
def png_bytes(size: int = 4) -> bytes:
    """A small valid PNG (a grey square)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


#: The start of a JFIF file and its end marker: enough for a magic-number check.
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


# ---------------------------------------------------------------- other wire names
#: A sandbox spelling every open name differently (docs/sandbox.md, "Other wire names")...
OTHER_DIALECT = Dialect(
    paths={
        "/v2/orders": "/v2/order",
        "/v2/label-download": "/label-download",
        "/v2/pudo/locations": "/v2/pudo-locations",
    },
    query={"order_id": "shop_order_id"},
    label_keys={"tracking_code": "tracking_number"},
    list_key="items",
    iri_only=True,
    label_envelope="label",
    inline_label_key="label_data",
    request_keys={
        "/v2/token": {"access_key": "api_key"},
        "/v2/orders": {"order_id": "shop_order_id"},
        "/v2/order_states": {"datetime": "occurred_at"},
        "/v2/order_items": {"sku": "item_sku"},
        "/v2/labels": {"recipient_zip": "recipient_zip_code"},
        "/v2/products": {"sku": "product_sku"},
    },
    record_keys={
        "/v2/token": {"token": "access_token"},
        "/v2/carriers": {"code": "carrier_code"},
        "/v2/order_items": {"ean": "ean_code"},
        "/v2/products": {"customs_origin_country_iso2": "origin_country_iso2"},
        # an image upload answers with the product: spelled as the product's own answers
        "/v2/product_images": {"customs_origin_country_iso2": "origin_country_iso2"},
    },
)
#: ...and the station's api_names that speak it (what `packstation probe` must suggest).
OTHER_API_NAMES = {
    "paths.orders": "order",
    "paths.label_download": "/label-download",
    "paths.pudo_locations": "pudo-locations",
    "query.order_id": "shop_order_id",
    "label.tracking_code": "tracking_number",
    "label.envelope": "label",
    "label.document": "label_data",
    "answers.list_key": "items",
    "token_request.access_key": "api_key",
    "token.token": "access_token",
    "carrier.code": "carrier_code",
    "order_request.order_id": "shop_order_id",
    "order_state_request.datetime": "occurred_at",
    "order_item_request.sku": "item_sku",
    "order_item.ean": "ean_code",
    "label_request.recipient_zip": "recipient_zip_code",
    "product_request.sku": "product_sku",
    "product.customs_origin_country_iso2": "origin_country_iso2",
}
