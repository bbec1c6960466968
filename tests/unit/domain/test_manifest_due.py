"""Which pick-up's customs manifest is due next (the shift view, issue 15): plain values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from packstation.domain.dispatch import PickupSchedule
from packstation.domain.warehouse import (
    ManifestState,
    WarehouseCustoms,
    WarehouseManifest,
    next_manifest_due,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # a Monday, 13:00 in Berlin


def waiting(shipment: str, pickup: datetime, bench: str = "bench-1") -> WarehouseCustoms:
    return WarehouseCustoms(shipment, "A1" + shipment, 1, bench, pickup)


def test_nothing_is_due_without_pickup_times_and_without_waiting_shipments() -> None:
    assert next_manifest_due([], [], PickupSchedule(()), NOW, BERLIN) is None


def test_the_next_scheduled_pickup_in_the_stations_zone_is_due_when_nothing_waits() -> None:
    schedule = PickupSchedule.parse(["Mon-Fri 16:00"])
    due = next_manifest_due([], [], schedule, NOW, BERLIN)
    assert due is not None
    assert due.pickup == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)  # 16:00 in Berlin
    assert (due.shipments, due.benches, due.overdue, due.posting) == (0, (), False, None)


def test_shipments_of_a_passed_pickup_make_its_manifest_due_and_overdue() -> None:
    schedule = PickupSchedule.parse(["Mon-Fri 16:00"])
    friday = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    rows = [waiting("s1", friday, "bench-2"), waiting("s2", friday), waiting("s3", NOW)]
    due = next_manifest_due(rows, [], schedule, NOW, BERLIN)
    assert due is not None
    assert (due.pickup, due.shipments, due.benches, due.overdue) == (
        friday,
        2,
        ("bench-1", "bench-2"),
        True,
    )
    # shipments already in a manifest do not wait
    manifested = [WarehouseCustoms("s1", "A1", 1, "bench-2", friday, manifest_id="M1")]
    due = next_manifest_due(manifested, [], schedule, NOW, BERLIN)
    assert due is not None
    assert due.pickup == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def test_a_pickup_whose_manifest_is_posted_is_stepped_over_unless_shipments_wait() -> None:
    schedule = PickupSchedule.parse(["Mon-Fri 16:00"])
    today = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    posted = WarehouseManifest("M1", today, "bench-1", "Anna", ManifestState.POSTED, ("s1",), NOW)
    due = next_manifest_due([], [posted], schedule, NOW, BERLIN)
    assert due is not None
    assert due.pickup == today + timedelta(days=1)
    # a shipment packed after the manifest was posted still waits for today's pick-up
    due = next_manifest_due([waiting("s9", today)], [posted], schedule, NOW, BERLIN)
    assert due is not None
    assert (due.pickup, due.shipments) == (today, 1)
