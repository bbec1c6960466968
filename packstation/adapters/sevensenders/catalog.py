"""The product catalog and its images (``/products``, ``/product_images``)."""

from __future__ import annotations

import base64
from typing import Any

from packstation.adapters.sevensenders import operations as ops
from packstation.adapters.sevensenders.answers import ApiArea
from packstation.adapters.sevensenders.dto import catalog as dto
from packstation.adapters.sevensenders.dto.fields import sent
from packstation.adapters.sevensenders.operations import Op
from packstation.domain.errors import NotFound, ValidationFailed, Violation
from packstation.domain.shipping import Product, ProductImage

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class CatalogApi(ApiArea):
    """Products and product images."""

    async def create_product(self, product: Product) -> Product:
        op = ops.CREATE_PRODUCT
        response = await self._wire.send(
            op,
            "POST",
            self._wire.url(self._paths.products),
            json=dto.product_body(product, keys=self._wire.names.product_request),
        )
        return self._product(op, self._object(op, response))

    async def find_product(self, sku: str) -> Product | None:
        """The product with exactly this SKU (``GET /products?sku=``), or ``None``."""
        op = ops.GET_PRODUCT
        response = await self._wire.send(
            op, "GET", self._wire.url(self._paths.products), params={self._query.sku: sku}
        )
        for row in self._list(op, response):
            product = self._product(op, row)
            if product.sku == sku:
                return product
        return None

    async def get_product(self, sku: str) -> Product:
        """The product with this SKU; ``NotFound`` when 7S has none."""
        product = await self.find_product(sku)
        if product is None:
            raise NotFound(
                f"Seven Senders has no product {sku}.", status=404, operation=ops.GET_PRODUCT.name
            )
        return product

    async def _product_id(self, op: Op, product_id: str | None, sku: str) -> str:
        """7S's id of the product: the one it gave, or looked up by SKU."""
        if product_id:
            return product_id
        found = await self.find_product(sku)
        if found is None or not found.id:
            raise NotFound(f"Seven Senders has no product {sku}.", status=404, operation=op.name)
        return found.id

    async def update_product(self, product: Product) -> Product:
        """Update the product; addressed by its 7S ``id`` (looked up by SKU when unset)."""
        op = ops.UPDATE_PRODUCT
        ref = await self._product_id(op, product.id, product.sku)
        response = await self._wire.send(
            op,
            "PUT",
            self._wire.item_url(op, "products", ref),
            json=dto.product_body(product, keys=self._wire.names.product_request),
        )
        return self._product(op, self._object(op, response))

    async def delete_product(self, sku: str) -> None:
        op = ops.DELETE_PRODUCT
        ref = await self._product_id(op, None, sku)
        await self._wire.send(op, "DELETE", self._wire.item_url(op, "products", ref))

    async def upload_product_image(self, image: ProductImage) -> Product:
        """Upload (or replace) a product's image; only JPEG and PNG files are accepted."""
        op = ops.UPLOAD_IMAGE
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
        response = await self._wire.send(
            op,
            "PUT",
            self._wire.url(self._paths.product_images),
            json=sent(body, self._wire.names.product_image_request),
        )
        return self._product(op, self._object(op, response))

    async def delete_product_image(self, sku: str) -> None:
        op = ops.DELETE_IMAGE
        ref = await self._product_id(op, None, sku)
        await self._wire.send(op, "DELETE", self._wire.item_url(op, "product_images", ref))

    def _product(self, op: Op, raw: Any) -> Product:
        return self._parse(op, lambda: dto.parse_product(raw, self._wire.names.product))
