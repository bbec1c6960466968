"""Issue 14 item 8: every request-body key and the last fixed answer keys (order items, products,
carriers, the token answer) are overridable in ``api_names``.

The sandbox is started with other keys (``KEYED_DIALECT``): the request bodies must use them
(a body with the sandbox's own name for a renamed key is read without it), and the answers
carry them. The client with the same names (``KEYED_NAMES``) does every call; with the defaults
it fails plainly, naming the key.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import httpx
import pytest

from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.errors import AuthenticationFailed, MalformedResponse, ValidationFailed
from packstation.domain.shipping import (
    Carrier,
    CustomsShipmentUpdate,
    ManifestRequest,
    NewOrderItem,
    OrderState,
    OrderUpdate,
    Product,
    ProductImage,
    ShipmentRequest,
)
from packstation.sandbox import SandboxServer
from packstation.sandbox.dialect import Dialect
from tests.contract.support import (
    address_of,
    customs_request,
    label_request,
    merchant_doc,
    names_api,
    new_order,
    png_bytes,
)

KEYED_DIALECT = Dialect(
    request_keys={
        "/v2/token": {"access_key": "api_key"},
        "/v2/orders": {"order_id": "merchant_order_id", "order_date": "ordered_at"},
        "/v2/order_states": {"state": "status", "datetime": "state_datetime"},
        "/v2/order_items": {"sku": "item_sku", "quantity": "qty"},
        "/v2/labels": {"recipient_zip": "recipient_postcode", "reference_number": "reference"},
        "/v2/shipments": {"tracking_code": "tracking_number"},
        "/v2/customs/shipments": {"incoterm": "incoterms", "planned_pickup_datetime": "pickup_at"},
        "/v2/customs/manifests": {"pieces": "piece_count", "shipment_ids": "shipments"},
        "/v2/products": {"customs_description": "description"},
        "/v2/product_images": {"attachment": "file_base64"},
    },
    record_keys={
        "/v2/token": {"token": "access_token"},
        "/v2/carriers": {"code": "carrier_code", "countries": "country_codes"},
        "/v2/order_items": {"sku": "item_sku", "quantity": "qty"},
        "/v2/products": {"customs_description": "description"},
        "/v2/product_images": {"customs_description": "description"},
    },
)
KEYED_NAMES = {
    "token_request.access_key": "api_key",
    "order_request": {"order_id": "merchant_order_id", "order_date": "ordered_at"},
    "order_state_request": {"state": "status", "datetime": "state_datetime"},
    "order_item_request": {"sku": "item_sku", "quantity": "qty"},
    "label_request": {"recipient_zip": "recipient_postcode", "reference_number": "reference"},
    "shipment_request.tracking_code": "tracking_number",
    "customs_shipment_request": {"incoterm": "incoterms", "planned_pickup_datetime": "pickup_at"},
    "manifest_request": {"pieces": "piece_count", "shipment_ids": "shipments"},
    "product_request.customs_description": "description",
    "product_image_request.attachment": "file_base64",
    "token.token": "access_token",
    "carrier": {"code": "carrier_code", "countries": "country_codes"},
    "order_item": {"sku": "item_sku", "quantity": "qty"},
    "product.customs_description": "description",
}
#: what ``dialect_sandbox`` speaks in this module
DIALECT = KEYED_DIALECT


@pytest.mark.asyncio
async def test_every_call_works_with_the_same_names(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = names_api(dialect_sandbox, http, ApiNames.with_overrides(KEYED_NAMES))

    await api.authenticate()  # the key under api_key, the token read from access_token
    carriers = await api.list_carriers()
    dhl = next(c for c in carriers if c.code == "dhl")
    assert "DE" in dhl.countries

    created = await api.create_order(new_order("K300"))
    assert created.order_id == "K300"
    assert created.order_date == datetime.fromisoformat("2026-11-30T10:00:00+01:00")
    updated = await api.update_order(created.id, OrderUpdate(language="de"))
    assert updated.language == "de"
    at = datetime.fromisoformat("2026-11-30T11:00:00+01:00")
    await api.post_order_state("K300", OrderState.PAID, at)
    history = (await api.get_order(created.id)).states_history
    assert [(s.state, s.at) for s in history][-1] == ("paid", at)

    item = await api.create_order_item(NewOrderItem("A101", "SKU-MUG", 3, "Mug"))
    assert (item.sku, item.quantity) == ("SKU-MUG", 3)
    assert item in await api.list_order_items("A101")

    (label,) = await api.create_label(label_request(dialect_sandbox, "A101", reference="A101-KEYS"))
    assert label.reference_number == "A101-KEYS"
    with dialect_sandbox.state.lock:
        stored = dialect_sandbox.state.labels[int(label.id)]
        assert stored.reference_number == "A101-KEYS"
    linked = await api.link_order_item(item.id, label.shipment_id, quantity=2)
    assert (linked.shipment_id, linked.quantity) == (label.shipment_id, 2)

    doc = merchant_doc(dialect_sandbox, "A100")
    own = await api.create_shipment(
        ShipmentRequest(
            order_id="A100",
            carrier=Carrier.parse(doc["carrier"]),
            recipient=address_of(doc),
            tracking_code="OWN-REQ-1",
        )
    )
    assert own.tracking_code == "OWN-REQ-1"

    customs = await api.create_customs_shipment(customs_request(dialect_sandbox, label))
    assert customs.incoterm == "DAP"
    changed = await api.update_customs_shipment(customs.id, CustomsShipmentUpdate(incoterm="DDP"))
    assert changed.incoterm == "DDP"
    manifest = await api.create_manifest(
        ManifestRequest(manifest_id="M-REQ", shipment_ids=(customs.shipment_id,), pieces=2)
    )
    assert (manifest.pieces, manifest.shipment_ids) == (2, (customs.shipment_id,))

    product = await api.create_product(
        Product("SKU-KEYS", customs_description="Mug, ceramic", customs_item_value=Decimal("4"))
    )
    assert product.customs_description == "Mug, ceramic"
    assert (await api.get_product("SKU-KEYS")).customs_description == "Mug, ceramic"
    with_image = await api.upload_product_image(ProductImage("SKU-KEYS", "mug.png", png_bytes()))
    assert with_image.image_url
    assert with_image.customs_description == "Mug, ceramic"


@pytest.mark.asyncio
async def test_the_default_names_fail_plainly_naming_the_key(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    # the sign-in body: the access key under the sandbox's name is not read
    with pytest.raises((AuthenticationFailed, ValidationFailed), match="api_key"):
        await names_api(dialect_sandbox, http, ApiNames()).authenticate()
    # the token answer under another key: read with the defaults, it fails naming "token"
    only_token_request = ApiNames.with_overrides({"token_request.access_key": "api_key"})
    with pytest.raises(MalformedResponse, match="token"):
        await names_api(dialect_sandbox, http, only_token_request).authenticate()

    # signed in with the right names for the sign-in only: every other call fails plainly
    signed_in = {k: v for k, v in KEYED_NAMES.items() if k.startswith("token")}
    api = names_api(dialect_sandbox, http, ApiNames.with_overrides(signed_in))
    with pytest.raises(MalformedResponse, match="code: missing"):
        await api.list_carriers()
    with pytest.raises(ValidationFailed, match="merchant_order_id"):
        await api.create_order(new_order("K301"))
    with pytest.raises(ValidationFailed, match="status"):
        await api.post_order_state("A100", OrderState.IN_PREPARATION)
    with pytest.raises(ValidationFailed, match="item_sku"):
        await api.create_order_item(NewOrderItem("A100", "SKU-MUG", 1))
    with pytest.raises(ValidationFailed, match="recipient_postcode"):
        await api.create_label(label_request(dialect_sandbox, "A101"))
    doc = merchant_doc(dialect_sandbox, "A100")
    with pytest.raises(ValidationFailed, match="tracking_number"):
        await api.create_shipment(
            ShipmentRequest(
                order_id="A100",
                carrier=Carrier.parse(doc["carrier"]),
                recipient=address_of(doc),
                tracking_code="OWN-REQ-2",
            )
        )
    with pytest.raises(ValidationFailed, match="file_base64"):
        await api.upload_product_image(ProductImage("SKU-MUG", "mug.png", png_bytes()))

    keyed_api = names_api(dialect_sandbox, http, ApiNames.with_overrides(KEYED_NAMES))
    (label,) = await keyed_api.create_label(label_request(dialect_sandbox, "A101"))
    with pytest.raises(ValidationFailed, match="incoterms"):
        await api.create_customs_shipment(customs_request(dialect_sandbox, label))
    customs = await keyed_api.create_customs_shipment(customs_request(dialect_sandbox, label))
    with pytest.raises(ValidationFailed, match=r"piece_count|shipments"):
        await api.create_manifest(
            ManifestRequest(manifest_id="M-REQ-2", shipment_ids=(customs.shipment_id,), pieces=1)
        )
    item = await keyed_api.create_order_item(NewOrderItem("A100", "SKU-MUG", 1, "Mug"))
    with pytest.raises(MalformedResponse, match="sku: missing"):
        await api.list_order_items("A100")
    assert item.sku == "SKU-MUG"
