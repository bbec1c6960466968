"""Contract: products, product images and order items."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import Duplicate, NotFound, ValidationFailed
from packstation.domain.shipping import NewOrderItem, Product, ProductImage
from packstation.sandbox import SandboxServer
from tests.contract.support import JPEG_BYTES, label_request, merchant_doc, png_bytes, seven_id

NEW_PRODUCT = Product(
    sku="SKU-KETTLE",
    customs_description="Electric kettle, 1.7 l",
    customs_item_value=Decimal("34.95"),
    tariff_code_sending="851671",
    tariff_code_receiving="8516710000",
    origin_country="CN",
)


# ---------------------------------------------------------------- products
@pytest.mark.asyncio
async def test_create_get_update_delete_product(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    created = await api.create_product(NEW_PRODUCT)

    assert created == NEW_PRODUCT
    with sandbox.state.lock:
        stored = sandbox.state.products["SKU-KETTLE"]
        assert stored.customs_item_value == "34.95"
        assert stored.customs_tariff_code_receiving_country == "8516710000"
        assert stored.customs_origin_country_iso2 == "CN"
    assert await api.get_product("SKU-KETTLE") == created

    changed = Product(
        sku="SKU-KETTLE", customs_description="Kettle, steel", customs_item_value=Decimal("39")
    )
    updated = await api.update_product(changed)

    assert updated.customs_description == "Kettle, steel"
    assert updated.customs_item_value == Decimal("39")
    assert updated.origin_country == "CN"  # not sent, so left as it was
    assert sandbox.state.products["SKU-KETTLE"].customs_description == "Kettle, steel"

    await api.delete_product("SKU-KETTLE")

    assert "SKU-KETTLE" not in sandbox.state.products
    with pytest.raises(NotFound) as caught:
        await api.get_product("SKU-KETTLE")
    assert caught.value.operation == "get product"


@pytest.mark.asyncio
async def test_demo_product_from_the_seed(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    product = await api.get_product("SKU-TSHIRT-M")

    assert product.customs_description == "T-Shirt M, organic cotton"
    assert product.customs_item_value == Decimal("19.90")
    assert product.origin_country == "PT"
    assert product.image_url is not None
    assert product.image_url.startswith(f"{sandbox.root_url}/media/")


@pytest.mark.asyncio
async def test_duplicate_sku_is_duplicate(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    with pytest.raises(Duplicate) as caught:
        await api.create_product(Product(sku="SKU-TSHIRT-M"))

    assert caught.value.for_field("sku")


@pytest.mark.asyncio
async def test_unknown_product_is_not_found(api: HttpShippingApi) -> None:
    with pytest.raises(NotFound):
        await api.get_product("SKU-NOPE")
    with pytest.raises(NotFound):
        await api.update_product(Product(sku="SKU-NOPE", customs_description="x"))
    with pytest.raises(NotFound):
        await api.delete_product("SKU-NOPE")
    with pytest.raises(NotFound):
        await api.delete_product_image("SKU-NOPE")


@pytest.mark.asyncio
async def test_product_violations_name_the_field(api: HttpShippingApi) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.create_product(Product(sku="SKU-BAD", origin_country="XX"))

    assert caught.value.for_field("customs_origin_country_iso2")


# ---------------------------------------------------------------- images
@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("content", "media_type"), [(png_bytes(), "image/png"), (JPEG_BYTES, "image/jpeg")]
)
async def test_upload_image_is_served_at_its_url(
    sandbox: SandboxServer, api: HttpShippingApi, content: bytes, media_type: str
) -> None:
    await api.create_product(NEW_PRODUCT)

    product = await api.upload_product_image(ProductImage("SKU-KETTLE", "kettle.img", content))

    assert product.sku == "SKU-KETTLE"
    assert product.image_url is not None
    assert product.image_url.startswith(f"{sandbox.root_url}/media/")
    assert (await api.get_product("SKU-KETTLE")).image_url == product.image_url
    async with httpx.AsyncClient() as anyone:
        served = await anyone.get(product.image_url)
    assert served.status_code == 200
    assert served.headers["content-type"] == media_type
    assert served.content == content


@pytest.mark.asyncio
async def test_a_new_image_replaces_the_old_one(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    first = await api.upload_product_image(ProductImage("SKU-MUG-WHT", "a.png", png_bytes()))
    second = await api.upload_product_image(ProductImage("SKU-MUG-WHT", "b.jpg", JPEG_BYTES))

    assert first.image_url is not None
    assert second.image_url is not None
    assert first.image_url != second.image_url
    async with httpx.AsyncClient() as anyone:
        assert (await anyone.get(first.image_url)).status_code == 404
        assert (await anyone.get(second.image_url)).content == JPEG_BYTES


@pytest.mark.asyncio
async def test_non_image_bytes_are_refused_before_sending(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.upload_product_image(
            ProductImage("SKU-TSHIRT-M", "notes.txt", b"GIF89a not a png or jpeg")
        )

    assert caught.value.for_field("attachment")
    assert "notes.txt" in caught.value.message
    assert sandbox.control.requests() == []  # not even a token request


@pytest.mark.asyncio
async def test_image_for_unknown_product_is_not_found(api: HttpShippingApi) -> None:
    with pytest.raises(NotFound):
        await api.upload_product_image(ProductImage("SKU-NOPE", "a.png", png_bytes()))


@pytest.mark.asyncio
async def test_delete_image(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    before = await api.get_product("SKU-TSHIRT-M")
    assert before.image_url is not None

    await api.delete_product_image("SKU-TSHIRT-M")

    after = await api.get_product("SKU-TSHIRT-M")
    assert after.image_url is None
    assert after.customs_description == before.customs_description
    assert sandbox.state.products["SKU-TSHIRT-M"].image is None
    async with httpx.AsyncClient() as anyone:
        assert (await anyone.get(before.image_url)).status_code == 404
    items = await api.list_order_items("A100")
    assert next(i for i in items if i.sku == "SKU-TSHIRT-M").image_url is None


# ---------------------------------------------------------------- order items
@pytest.mark.asyncio
async def test_list_order_items(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    items = await api.list_order_items("A100")

    doc = merchant_doc(sandbox, "A100")
    assert [(i.sku, i.name, i.quantity, i.ean) for i in items] == [
        (d["sku"], d["name"], d["quantity"], d["ean"]) for d in doc["items"]
    ]
    assert {i.order_id for i in items} == {"A100"}
    assert all(i.shipment_id is None for i in items)
    tshirt = next(i for i in items if i.sku == "SKU-TSHIRT-M")
    assert tshirt.image_url == (await api.get_product("SKU-TSHIRT-M")).image_url
    assert await api.list_order_items("NOPE-1") == []


@pytest.mark.asyncio
async def test_items_of_a_shipped_demo_order_are_linked(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    items = await api.list_order_items("A103")
    order = await api.get_order(seven_id(sandbox, "A103"))

    assert {i.shipment_id for i in items} == set(order.shipment_ids)


@pytest.mark.asyncio
async def test_create_link_and_unlink_an_order_item(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    item = await api.create_order_item(
        NewOrderItem(order_id="A100", sku="SKU-GIFT-WRAP", quantity=1, name="Gift wrap")
    )
    assert (item.order_id, item.sku, item.quantity, item.name) == (
        "A100",
        "SKU-GIFT-WRAP",
        1,
        "Gift wrap",
    )
    assert item.shipment_id is None
    assert item.image_url is None  # no such product
    assert sandbox.state.order_items[int(item.id)].sku == "SKU-GIFT-WRAP"
    (label,) = await api.create_label(label_request(sandbox, "A100"))

    linked = await api.link_order_item(item.id, label.shipment_id)

    assert linked.shipment_id == label.shipment_id
    assert sandbox.state.order_items[int(item.id)].shipment_id == int(label.shipment_id)

    unlinked = await api.link_order_item(item.id, None)

    assert unlinked.shipment_id is None
    assert sandbox.state.order_items[int(item.id)].shipment_id is None
    assert len(await api.list_order_items("A100")) == 3


@pytest.mark.asyncio
async def test_create_an_order_item_already_linked(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A100"))

    item = await api.create_order_item(
        NewOrderItem(
            order_id="A100",
            sku="SKU-MUG-WHT",
            quantity=2,
            name="Mug",
            ean="4006381333931",
            shipment_id=label.shipment_id,
        )
    )

    assert item.shipment_id == label.shipment_id
    assert item.ean == "4006381333931"
    assert item.image_url is not None


@pytest.mark.asyncio
async def test_linking_to_another_orders_shipment_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A101"))
    item = (await api.list_order_items("A100"))[0]

    with pytest.raises(ValidationFailed) as caught:
        await api.link_order_item(item.id, label.shipment_id)

    assert caught.value.for_field("shipment_id")
    assert sandbox.state.order_items[int(item.id)].shipment_id is None


@pytest.mark.asyncio
async def test_order_item_errors(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.create_order_item(NewOrderItem(order_id="NOPE-1", sku="X", quantity=0, name="X"))
    assert {v.field for v in caught.value.violations} == {"order_id", "quantity"}

    with pytest.raises(NotFound):
        await api.link_order_item("30999", None)
