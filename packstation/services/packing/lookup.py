"""Naming a scanned product that is not in the order on the bench (a wrong item).

A product scanned at the wrong bench is usually a line of another open order: the merchant's
order source is read (at most once a minute, in the background of a wrong scan) and the line
whose product the scan names gives its name and picture. Nothing here is journalled.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from packstation.domain.errors import ShippingApiError
from packstation.domain.orders import MerchantOrder, OrderLine, OrderSourceError
from packstation.domain.packing import find_line
from packstation.services.packing.context import CycleContext

log = logging.getLogger("packstation.services.packing")

#: How long the order source's listing is used before it is read again.
LISTING_TTL = timedelta(seconds=60)


class ItemLookup:
    """Finds the order line a scanned product belongs to: the bench's order, then the rest."""

    def __init__(self, ctx: CycleContext) -> None:
        self._ctx = ctx
        self._orders: tuple[MerchantOrder, ...] = ()
        self._read_at: datetime | None = None

    async def identify(self, code: str) -> OrderLine | None:
        """The line (name, EAN, picture URL) of the product ``code`` names, if any order has it.

        A line without a picture URL gets the 7S product's picture when 7S has one.
        """
        ctx = self._ctx
        scan = ctx.parse(code)
        session = ctx.current
        line = find_line(scan, session.order.lines) if session is not None else None
        if line is None:
            orders = await self._listing()
            line = find_line(scan, (line for order in orders for line in order.lines))
        if line is None or line.image_url:
            return line
        product = session.products.get(line.sku) if session is not None else None
        if product is None:
            try:
                product = await ctx.api.get_product(line.sku)
            except (ShippingApiError, LookupError) as exc:
                log.info("no product data for %s: %s", line.sku, exc)
                return line
        if product.image_url:
            return replace(line, image_url=product.image_url)
        return line

    async def _listing(self) -> tuple[MerchantOrder, ...]:
        now = self._ctx.clock()
        if self._read_at is not None and now - self._read_at < LISTING_TTL:
            return self._orders
        try:
            listing = await self._ctx.ports.orders.list_orders()
        except (OrderSourceError, OSError, NotImplementedError) as exc:
            log.info("the order source cannot be listed to name an item: %s", exc)
            return self._orders
        self._orders, self._read_at = listing.orders, now
        return self._orders
