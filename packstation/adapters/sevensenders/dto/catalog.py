"""Products of the catalog: the answer and the request body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packstation.adapters.sevensenders.dto.fields import (
    JsonObject,
    NonEmpty,
    OptionalDecimal,
    OptionalId,
    WireModel,
    compact,
    money,
    renamed,
    sent,
)
from packstation.adapters.sevensenders_names import DEFAULT_NAMES, ProductKeys, ProductRequestKeys
from packstation.domain.shipping import Product


class ProductBody(WireModel):
    id: OptionalId = None
    sku: NonEmpty
    customs_description: str | None = None
    customs_item_value: OptionalDecimal = None
    customs_tariff_code_sending_country: str | None = None
    customs_tariff_code_receiving_country: str | None = None
    customs_origin_country_iso2: str | None = None
    image_url: str | None = None

    def to_domain(self) -> Product:
        return Product(
            id=self.id,
            sku=self.sku,
            customs_description=self.customs_description,
            customs_item_value=self.customs_item_value,
            tariff_code_sending=self.customs_tariff_code_sending_country,
            tariff_code_receiving=self.customs_tariff_code_receiving_country,
            origin_country=self.customs_origin_country_iso2,
            image_url=self.image_url,
        )


def product_body(
    product: Product,
    *,
    include_sku: bool = True,
    keys: ProductRequestKeys = DEFAULT_NAMES.product_request,
) -> JsonObject:
    body = compact(
        {
            "sku": product.sku if include_sku else None,
            "customs_description": product.customs_description,
            "customs_item_value": (
                money(product.customs_item_value)
                if product.customs_item_value is not None
                else None
            ),
            "customs_tariff_code_sending_country": product.tariff_code_sending,
            "customs_tariff_code_receiving_country": product.tariff_code_receiving,
            "customs_origin_country_iso2": product.origin_country,
        }
    )
    return sent(body, keys)


def parse_product(raw: Mapping[str, Any], keys: ProductKeys) -> Product:
    """Validate one product whose keys are spelled as ``keys`` says."""
    return ProductBody.model_validate(renamed(raw, keys)).to_domain()
