"""Products and product images (served under ``/media/``).

Every function expects the caller to hold ``state.lock``.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from packstation.sandbox.errors import BAD_IMAGE, NotFound, duplicate, invalid
from packstation.sandbox.state import MediaFile, Product, State
from packstation.sandbox.validation import Fields, Query

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
MAX_IMAGE_BYTES = 10 * 1024 * 1024

_TEXT_FIELDS = (
    "customs_description",
    "customs_tariff_code_sending_country",
    "customs_tariff_code_receiving_country",
)


def image_url(product: Product, root: str) -> str | None:
    return f"{root}/media/{product.image}" if product.image else None


def product_json(product: Product, root: str) -> dict[str, Any]:
    return {
        "id": product.id,
        "iri": f"/v2/products/{product.id}",
        "sku": product.sku,
        "customs_description": product.customs_description,
        "customs_item_value": product.customs_item_value,
        "customs_tariff_code_sending_country": product.customs_tariff_code_sending_country,
        "customs_tariff_code_receiving_country": product.customs_tariff_code_receiving_country,
        "customs_origin_country_iso2": product.customs_origin_country_iso2,
        "image_url": image_url(product, root),
    }


def _read_fields(f: Fields) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        if f.has(name):
            values[name] = f.string(name)
    if f.has("customs_item_value"):
        values["customs_item_value"] = f.decimal("customs_item_value")
    if f.has("customs_origin_country_iso2"):
        values["customs_origin_country_iso2"] = f.country("customs_origin_country_iso2")
    return values


def create_product(state: State, body: Any) -> Product:
    f = Fields(body)
    sku = f.path_key("sku", required=True)
    values = _read_fields(f)
    f.check()
    assert sku is not None
    if sku in state.products:
        raise duplicate("sku")
    return add_product(state, sku, values)


def add_product(state: State, sku: str, values: dict[str, Any]) -> Product:
    product = Product(id=state.new_id("product"), sku=sku)
    for name, value in values.items():
        setattr(product, name, value)
    state.products[sku] = product
    return product


def get_product(state: State, key: str) -> Product:
    product = state.find_product(key)
    if product is None:
        raise NotFound(f'Product "{key}" not found.')
    return product


def list_products(state: State, q: Query) -> list[Product]:
    sku = q.get("sku")
    return [
        p
        for p in sorted(state.products.values(), key=lambda p: p.id)
        if sku is None or p.sku == sku
    ]


def update_product(product: Product, body: Any) -> Product:
    f = Fields(body)
    values = _read_fields(f)
    f.check()
    for name, value in values.items():
        setattr(product, name, value)
    return product


def delete_product(state: State, product: Product) -> None:
    _drop_image(state, product)
    del state.products[product.sku]


def _drop_image(state: State, product: Product) -> None:
    if product.image:
        state.media.pop(product.image, None)
        product.image = None


def image_type(content: bytes) -> str | None:
    """``png``/``jpg`` from the magic bytes, ``None`` for anything else."""
    if content.startswith(PNG_MAGIC):
        return "png"
    if content.startswith(JPEG_MAGIC):
        return "jpg"
    return None


def store_image(state: State, product: Product, content: bytes) -> None:
    """Replace the product's image by ``content`` (already checked to be PNG or JPEG)."""
    kind = image_type(content)
    assert kind is not None
    _drop_image(state, product)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", product.sku)
    name = f"{safe}-{state.new_id('media')}.{kind}"
    content_type = "image/png" if kind == "png" else "image/jpeg"
    state.media[name] = MediaFile(name, content, content_type)
    product.image = name


def put_image(state: State, body: Any) -> Product:
    f = Fields(body)
    sku = f.string("sku", required=True)
    attachment = f.string("attachment", required=True, max_length=MAX_IMAGE_BYTES * 2)
    f.string("filename", required=True)
    f.check()
    assert sku is not None
    assert attachment is not None
    product = state.product_by_sku(sku)
    if product is None:
        raise NotFound(f'Product "{sku}" not found.')
    if attachment.startswith("data:") and "," in attachment:
        attachment = attachment.split(",", 1)[1]
    try:
        content = base64.b64decode("".join(attachment.split()), validate=True)
    except (binascii.Error, ValueError):
        raise invalid("attachment", "This value is not valid base64.", BAD_IMAGE) from None
    if image_type(content) is None:
        raise invalid("attachment", "The attachment must be a PNG or JPEG image.", BAD_IMAGE)
    if len(content) > MAX_IMAGE_BYTES:
        raise invalid("attachment", "The image is larger than 10 MB.", BAD_IMAGE)
    store_image(state, product, content)
    return product


def delete_image(state: State, key: str) -> None:
    _drop_image(state, get_product(state, key))
