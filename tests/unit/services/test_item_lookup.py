"""Naming a wrong item: the bench's order first, then the merchant's other orders (read at
most once a minute), with the 7S product's picture when the order line has none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from packstation.domain.orders import OrderListing
from packstation.domain.shipping import Product
from packstation.services.packing import OpenOutcome, StationPolicy
from tests.fakes import FakeOrderSource
from tests.unit.services.conftest import Bench, make_service


class CountingSource(FakeOrderSource):
    def __init__(self, source: FakeOrderSource) -> None:
        super().__init__(*source.orders.values())
        self.listed = 0

    async def list_orders(self) -> OrderListing:
        self.listed += 1
        return await super().list_orders()


@pytest.mark.asyncio
async def test_a_wrong_item_is_named_by_the_order_that_has_it(bench: Bench) -> None:
    now = [datetime(2026, 12, 7, 9, 0, tzinfo=UTC)]
    source = CountingSource(bench.orders)
    bench.orders = source
    service = make_service(bench, StationPolicy(station_name="bench-1", retry_delay_s=0.0))
    service._ctx.clock = lambda: now[0]  # the listing's age is read from the station's clock
    opened = await service.open_order("A100")
    assert opened.outcome is OpenOutcome.OPENED

    bench.api.products["SKU-B"] = Product(sku="SKU-B", image_url="https://img.example/b.png")
    line = await service.identify_item("9780201379624")  # SKU-B of order A102
    assert line is not None
    assert (line.sku, line.ean) == ("SKU-B", "9780201379624")
    assert line.image_url == "https://img.example/b.png"  # the 7S product's picture
    assert await service.identify_item("4006381333931") is not None  # A100's own line
    assert await service.identify_item("4260123450991") is None  # nobody's product
    assert source.listed == 1  # read once for both lookups that needed it

    now[0] += timedelta(seconds=61)
    await service.identify_item("4260123450991")
    assert source.listed == 2  # a minute later it is read again


def test_find_line_names_the_first_line_of_the_product() -> None:
    from packstation.domain.barcodes import BarcodeConfig, parse_scan
    from packstation.domain.packing import find_line
    from tests.fakes import an_order

    lines = an_order(lines=(("MUG-1", "4260123450052", 1), ("SKU-1", "4006381333931", 2))).lines
    assert find_line(parse_scan("4260123450052", BarcodeConfig()), lines) is lines[0]
    assert find_line(parse_scan("04006381333931", BarcodeConfig()), lines) is lines[1]  # GTIN-14
    assert find_line(parse_scan("sku-1", BarcodeConfig()), lines) is lines[1]  # by SKU
    assert find_line(parse_scan("4260123450991", BarcodeConfig()), lines) is None
