"""Pure rules of the other workflows: PUDO hours and closures, catalog rows and images, hashes,
order age and packing figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from packstation.domain.catalog import (
    ImageAction,
    ImageKind,
    ImageRejected,
    ProductAction,
    SyncedProduct,
    check_row,
    image_action,
    inspect_image,
    listing_of,
    product_action,
    product_hash,
)
from packstation.domain.intake import (
    PackedOrder,
    describe_order_age,
    format_duration,
    packing_stats,
)
from packstation.domain.pudo import closure_on, collection_point, point_today
from packstation.domain.shipping import Closure, OpeningSpan, PudoLocation
from tests.workflow_data import jpeg_header, png

MONDAY = date(2026, 11, 30)


def a_point(**extra: object) -> PudoLocation:
    values: dict[str, object] = {
        "carrier_name": "mondialrelay",
        "location_type": "SHOP",
        "location_id": "004694",
        "location_code": "x",
        "name": "Paris Telecom",
        "country": "FR",
        "city": "Paris",
        "zip": "75017",
        "address_line": "58 Av. des Ternes",
        "latitude": 48.88,
        "longitude": 2.29,
        "street": "Av. des Ternes",
        "house_no": "58",
        "opening_hours": {
            "monday": (OpeningSpan(9 * 60, 12 * 60 + 30), OpeningSpan(14 * 60, 19 * 60)),
            "sunday": (),
        },
    }
    values.update(extra)
    return PudoLocation(**values)  # type: ignore[arg-type]


def test_point_today_hours_and_closures() -> None:
    point = a_point()
    monday = point_today(point, MONDAY)
    assert (monday.hours, monday.open_today) == ("09:00–12:30, 14:00–19:00", True)
    sunday = point_today(point, MONDAY + timedelta(days=6))
    assert (sunday.hours, sunday.closed_reason) == ("closed", "closed on Sundays")

    closed = a_point(closures=(Closure("2026-11-28", "2026-12-05"),))
    state = point_today(closed, MONDAY)
    assert state.temporarily_closed
    assert not state.open_today
    assert state.closed_reason == "temporarily closed until 5 Dec 2026"
    assert closure_on(closed, date(2026, 12, 6)) is None
    later = point_today(a_point(closures=(Closure("2026-12-24", "2026-12-26"),)), MONDAY)
    assert later.open_today
    assert "will be temporarily closed from 24 Dec 2026" in later.warnings[0]


def test_collection_point_fields() -> None:
    point = collection_point(a_point(alternative_name="4694 Ternes"))
    assert (point.pudo_id, point.name1, point.name2) == ("004694", "Paris Telecom", "4694 Ternes")
    assert (point.street, point.house_no, point.zip, point.city, point.country) == (
        "Av. des Ternes",
        "58",
        "75017",
        "Paris",
        "FR",
    )


def test_catalog_rows_are_checked_field_by_field() -> None:
    good = check_row(
        {
            "sku": "SKU-1",
            "name": "Shirt",
            "ean": "4006381333931",
            "weight_g": "180",
            "customs_value": "19,90",
            "tariff_code_sending": "6109.10",
            "origin_country": "pt",
            "image_file": "shirts/sku-1.png",
        },
        "products.csv line 2",
    )
    assert not isinstance(good, list)
    assert good.customs_value == Decimal("19.90")
    assert good.tariff_code_sending == "610910"
    assert good.origin_country == "PT"
    assert good.to_product().customs_description == "Shirt"  # the name stands in

    bad = check_row(
        {"sku": "SKU/2", "ean": "4006381333932", "weight_g": "-1", "image_file": "../x.png"},
        "line 3",
    )
    assert isinstance(bad, list)
    messages = " ".join(p.message for p in bad)
    for part in ("sku must not contain '/'", "check digit", "weight_g", "image_file"):
        assert part in messages

    listing = listing_of(
        [("line 2", {"sku": "A"}), ("line 3", {"sku": "A"}), ("line 4", {"sku": "B"})]
    )
    assert [p.sku for p in listing.products] == ["B"]
    assert listing.problem_skus == {"A"}


def test_images_are_recognised_by_content() -> None:
    square = inspect_image(png(800, 800))
    assert (square.kind, square.width, square.height, square.warnings) == (
        ImageKind.PNG,
        800,
        800,
        (),
    )
    small = inspect_image(png(640, 480), "a.png")
    assert len(small.warnings) == 2
    jpeg = inspect_image(jpeg_header(1000, 1000))
    assert (jpeg.kind, jpeg.width, jpeg.height) == (ImageKind.JPEG, 1000, 1000)
    with pytest.raises(ImageRejected, match="not a PNG or JPEG"):
        inspect_image(b"GIF89a....", "x.png")
    with pytest.raises(ImageRejected, match="10 MB"):
        inspect_image(b"\x89PNG\r\n\x1a\n" + bytes(10 * 1024 * 1024))


def test_sync_actions_follow_the_hashes() -> None:
    product = check_row({"sku": "S", "customs_description": "Mug"}, "")
    assert not isinstance(product, list)
    wanted = product_hash(product.to_product())
    assert product_action(wanted, None) is ProductAction.CREATE
    synced = SyncedProduct("S", wanted, "img1")
    assert product_action(wanted, synced) is ProductAction.UNCHANGED
    assert product_action("other", synced) is ProductAction.UPDATE
    assert image_action("img1", synced) is ImageAction.UNCHANGED
    assert image_action("img2", synced) is ImageAction.UPLOAD
    assert image_action(None, synced) is ImageAction.DELETE
    assert image_action(None, SyncedProduct("S", wanted)) is ImageAction.NONE


def test_order_age_and_packing_figures() -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    assert format_duration(timedelta(minutes=5)) == "5 min"
    assert format_duration(timedelta(hours=3, minutes=5)) == "3 h 05 min"
    assert format_duration(timedelta(days=3, hours=4)) == "3 d 4 h"
    assert describe_order_age(now - timedelta(hours=30), now, timedelta(hours=24)).level == "late"

    def packed(minute: int, pack_min: int, age_h: int) -> PackedOrder:
        at = now + timedelta(minutes=minute)
        return PackedOrder(
            order_id=f"O{minute}",
            opened_at=at - timedelta(minutes=pack_min),
            packed_at=at,
            order_date=at - timedelta(hours=age_h),
            received_at=at - timedelta(hours=age_h) + timedelta(minutes=1),
        )

    stats = packing_stats([packed(5, 2, 10), packed(20, 4, 20), packed(70, 6, 30)])
    assert stats.packed == 3
    assert [n for _, n in stats.per_hour] == [2, 1]
    assert stats.median_pack_time == timedelta(minutes=4)
    assert stats.median_age_at_packing == timedelta(hours=20)
    assert stats.median_received_to_packed == timedelta(hours=20) - timedelta(minutes=1)
    assert stats.mean_per_hour == 1.5
    assert packing_stats([packed(5, 2, 10)], since=now + timedelta(hours=2)).packed == 0
