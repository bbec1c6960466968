"""The merchant's view of an order: recipient, lines and shipping choices.

Seven Senders holds no recipient address, so the station reads these details from the
merchant's order source (an export folder or an HTTP endpoint). The published JSON Schema of
this document is generated from the order source's wire model (docs/order-schema.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from packstation.domain.shipping import Address, Carrier, CarrierService


@dataclass(frozen=True, slots=True)
class PackCode:
    """An outer pack of a product (a 6-pack, a case): its barcode and the units it holds.

    The barcode is an EAN/GTIN (often a GTIN-14 whose first digit, the packaging indicator, is
    1 to 8) or any other text the pack carries. Scanning it counts ``units`` units at once.
    """

    barcode: str
    units: int

    def __post_init__(self) -> None:
        if not isinstance(self.barcode, str) or not self.barcode.strip():
            raise ValueError("A pack barcode must not be empty.")
        if isinstance(self.units, bool) or not isinstance(self.units, int) or self.units < 2:
            raise ValueError(
                f"The pack {self.barcode} must hold at least 2 units, not {self.units!r}."
            )


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One line of a merchant order: a product and how many of it.

    ``packs`` are the product's outer packs: scanning one counts its units.
    """

    sku: str
    name: str
    quantity: int
    ean: str | None = None
    weight_g: int | None = None
    unit_value: Decimal | None = None
    currency: str = "EUR"
    hs_code: str | None = None
    origin_country: str | None = None
    image_url: str | None = None
    packs: tuple[PackCode, ...] = ()


@dataclass(frozen=True, slots=True)
class MerchantOrder:
    """An order as the merchant exported it."""

    order_id: str
    order_date: datetime
    recipient: Address
    lines: tuple[OrderLine, ...]
    order_url: str | None = None
    language: str | None = None
    carrier: Carrier | None = None
    carrier_service: CarrierService = CarrierService.STANDARD
    pudo_id: str | None = None
    parcels: int = 1
    tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def weight_g(self) -> int | None:
        """Total weight of the goods, or None when a line has no weight."""
        if any(line.weight_g is None for line in self.lines):
            return None
        return sum((line.weight_g or 0) * line.quantity for line in self.lines)


class OrderSourceError(Exception):
    """The merchant's order data could not be read; ``location`` names file, line or field."""

    def __init__(self, message: str, location: str = "") -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.message = message
        self.location = location


class OrderNotInSource(OrderSourceError):
    """The merchant's order source has no order with this id."""


@dataclass(frozen=True, slots=True)
class OrderListing:
    """What an order source holds: the readable orders and the problems it met."""

    orders: tuple[MerchantOrder, ...]
    problems: tuple[OrderSourceError, ...] = ()
