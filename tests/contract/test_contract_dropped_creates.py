"""Issue 14, every create at the client: 7S carries it out, the answer is lost.

The client never sends a creating request twice on its own (one POST, then ``OutcomeUnknown``);
the natural key finds exactly the one record 7S holds; and creating it again is refused in the
resource's own "already exists" shape (``Control.plain_duplicates``) as a ``ShippingApiError``
(never a crash, never a second record). A repeated ``PUT`` (the product image) is sent again
by the client itself, and 7S still holds one image. The services decide by these look-ups
(``tests/integration/test_dropped_creates.py`` walks the station's side).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import OutcomeUnknown, ShippingApiError
from packstation.domain.shipping import (
    Carrier,
    CustomsShipmentFilter,
    ManifestRequest,
    NewOrderItem,
    OrderState,
    Product,
    ProductImage,
    ShipmentFilter,
    ShipmentRequest,
)
from packstation.sandbox import SandboxServer
from tests.contract.support import (
    address_of,
    customs_request,
    label_request,
    logged,
    merchant_doc,
    new_order,
    png_bytes,
)

Make = Callable[[HttpShippingApi], Awaitable[Any]]
Count = Callable[[HttpShippingApi], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class Create:
    """One create: its collection, a set-up (returns the call), and the look-up by its
    natural key that counts what 7S holds."""

    path: str
    prepare: Callable[[SandboxServer, HttpShippingApi], Awaitable[tuple[Make, Count]]]
    refused_again: bool = True


async def _order(sandbox: SandboxServer, api: HttpShippingApi) -> tuple[Make, Count]:
    async def count(a: HttpShippingApi) -> int:
        return 0 if await a.find_order("D500") is None else 1

    return (lambda a: a.create_order(new_order("D500"))), count


async def _order_state(sandbox: SandboxServer, api: HttpShippingApi) -> tuple[Make, Count]:
    seven = await api.find_order("A100")
    assert seven is not None

    async def count(a: HttpShippingApi) -> int:
        history = (await a.get_order(seven.id)).states_history
        return sum(1 for change in history if change.state == "in_preparation")

    return (lambda a: a.post_order_state("A100", OrderState.IN_PREPARATION)), count


async def _order_item(sandbox: SandboxServer, api: HttpShippingApi) -> tuple[Make, Count]:
    (label,) = await api.create_label(label_request(sandbox, "A100", reference="A100-ITEM"))
    item = NewOrderItem("A100", "SKU-DROP", 1, "Dropped", shipment_id=label.shipment_id)

    async def count(a: HttpShippingApi) -> int:
        items = await a.list_order_items("A100")
        return sum(1 for i in items if i.sku == "SKU-DROP" and i.shipment_id == label.shipment_id)

    return (lambda a: a.create_order_item(item)), count


async def _label(sandbox: SandboxServer, api: HttpShippingApi) -> tuple[Make, Count]:
    request = label_request(sandbox, "A100", reference="A100-DROP")

    async def count(a: HttpShippingApi) -> int:
        return len(await a.find_labels("A100", "A100-DROP"))

    return (lambda a: a.create_label(request)), count


async def _shipment(sandbox: SandboxServer, api: HttpShippingApi) -> tuple[Make, Count]:
    doc = merchant_doc(sandbox, "A100")
    request = ShipmentRequest(
        order_id="A100",
        carrier=Carrier.parse(doc["carrier"]),
        recipient=address_of(doc),
        tracking_code="OWN-DROP-1",
        reference_number="A100-OWN-DROP",
    )

    async def count(a: HttpShippingApi) -> int:
        return len(await a.list_shipments(ShipmentFilter(tracking_code="OWN-DROP-1")))

    return (lambda a: a.create_shipment(request)), count


async def _customs(sandbox: SandboxServer, api: HttpShippingApi) -> tuple[Make, Count]:
    (label,) = await api.create_label(label_request(sandbox, "A101", reference="A101-DROP"))
    request = customs_request(sandbox, label)

    async def count(a: HttpShippingApi) -> int:
        found = await a.list_customs_shipments(CustomsShipmentFilter(shipment_id=label.shipment_id))
        return len(found)

    return (lambda a: a.create_customs_shipment(request)), count


async def _manifest(sandbox: SandboxServer, api: HttpShippingApi) -> tuple[Make, Count]:
    (label,) = await api.create_label(label_request(sandbox, "A101", reference="A101-MDROP"))
    customs = await api.create_customs_shipment(customs_request(sandbox, label))
    request = ManifestRequest("M-DROP", (customs.shipment_id,), pieces=1)

    async def count(a: HttpShippingApi) -> int:
        return 0 if await a.find_manifest("M-DROP") is None else 1

    return (lambda a: a.create_manifest(request)), count


async def _product(sandbox: SandboxServer, api: HttpShippingApi) -> tuple[Make, Count]:
    product = Product("SKU-DROP-P", customs_description="Dropped", customs_item_value=Decimal(2))

    async def count(a: HttpShippingApi) -> int:
        return 0 if await a.find_product("SKU-DROP-P") is None else 1

    return (lambda a: a.create_product(product)), count


CREATES = {
    "order": Create("/v2/orders", _order),
    "order state": Create("/v2/order_states", _order_state, refused_again=False),
    "order item": Create("/v2/order_items", _order_item, refused_again=False),
    "label": Create("/v2/labels", _label),
    "shipment": Create("/v2/shipments", _shipment),
    "customs shipment": Create("/v2/customs/shipments", _customs),
    "manifest": Create("/v2/customs/manifests", _manifest),
    "product": Create("/v2/products", _product),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("what", list(CREATES))
async def test_a_create_whose_answer_is_lost_is_found_once_and_refused_again(
    sandbox: SandboxServer, api: HttpShippingApi, what: str
) -> None:
    create = CREATES[what]
    make, count = await create.prepare(sandbox, api)
    assert await count(api) == 0
    sandbox.control.plain_duplicates()
    sandbox.control.drop_next(create.path, method="POST")

    with pytest.raises(OutcomeUnknown):
        await make(api)

    # carried out once, never sent again by the client itself
    assert [r.status for r in logged(sandbox, "POST", create.path)] == [None]
    assert await count(api) == 1
    if create.refused_again:
        with pytest.raises(ShippingApiError):
            await make(api)
        assert await count(api) == 1


@pytest.mark.asyncio
async def test_a_product_image_whose_answer_is_lost_is_sent_again_and_held_once(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    await api.create_product(Product("SKU-DROP-I", customs_description="Image"))
    sandbox.control.plain_duplicates()
    sandbox.control.drop_next("/v2/product_images", method="PUT")

    product = await api.upload_product_image(ProductImage("SKU-DROP-I", "i.png", png_bytes()))

    assert [r.status for r in logged(sandbox, "PUT", "/v2/product_images")] == [None, 200]
    assert product.image_url
    with sandbox.state.lock:
        assert sandbox.state.products["SKU-DROP-I"].image
    assert (await api.get_product("SKU-DROP-I")).image_url == product.image_url
