"""Pick-up schedule and manifest ids."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from packstation.domain.dispatch import (
    PickupKey,
    PickupSchedule,
    manifest_id,
    manifest_id_problem,
    manifest_prefix,
    next_sequence,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_schedule_parsing() -> None:
    schedule = PickupSchedule.parse("Mon-Fri 16:00; Sat 10:30,13:00")
    assert len(schedule.slots) == 7
    assert schedule.describe().startswith("Mon 16:00")
    assert PickupSchedule.parse(["mon,wed,fri 09:00"]).describe() == (
        "Mon 09:00, Wed 09:00, Fri 09:00"
    )
    assert PickupSchedule.parse("").slots == ()


@pytest.mark.parametrize("bad", ["Mon-Fri", "Fri-Mon 16:00", "Xyz 16:00", "Mon 24:00", "Mon 4pm"])
def test_schedule_errors_are_plain(bad: str) -> None:
    with pytest.raises(ValueError, match="pick-up entry"):
        PickupSchedule.parse(bad)


def test_next_pickup() -> None:
    schedule = PickupSchedule.parse("Mon-Fri 16:00")
    friday_morning = datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)
    assert schedule.next_pickup(friday_morning, BERLIN) == datetime(
        2026, 11, 27, 16, 0, tzinfo=BERLIN
    )
    friday_evening = datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN)
    assert schedule.next_pickup(friday_evening, BERLIN) == datetime(
        2026, 11, 30, 16, 0, tzinfo=BERLIN
    )
    exactly = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # 16:00 in Berlin
    assert schedule.next_pickup(exactly, BERLIN) == exactly
    assert PickupSchedule(()).next_pickup(exactly, BERLIN) is None


def test_next_pickup_across_summer_time() -> None:
    schedule = PickupSchedule.parse("Mon 16:00")
    before = datetime(2026, 3, 27, 12, 0, tzinfo=BERLIN)  # Friday; summer time from Sunday
    nxt = schedule.next_pickup(before, BERLIN)
    assert nxt is not None
    assert nxt.utcoffset() == timedelta(hours=2)
    assert nxt.time() == time(16, 0)


def test_next_pickup_in_the_computers_zone() -> None:
    schedule = PickupSchedule.parse("Mon-Sun 12:00")
    moment = datetime(2026, 11, 27, 0, 0, tzinfo=UTC)
    nxt = schedule.next_pickup(moment)
    assert nxt is not None
    assert nxt >= moment
    assert nxt.astimezone().time() == time(12, 0)


def test_manifest_ids() -> None:
    day = date(2026, 11, 30)
    assert manifest_id("ACME", day, 1) == "ACME_M20261130_01"
    assert manifest_prefix("Müller & Söhne GmbH/Lager") == "M-LLER-S-HNE-GMBH-LAGER"
    assert "/" not in manifest_prefix("a/b")
    with pytest.raises(ValueError, match="prefix"):
        manifest_id("A/B", day, 1)
    taken = ["ACME_M20261130_01", "ACME_M20261130_03", "OTHER_M20261130_09", "ACME_M20261129_07"]
    assert next_sequence("ACME", day, taken) == 4
    assert next_sequence("ACME", date(2026, 12, 1), taken) == 1


def test_manifest_id_problems() -> None:
    assert manifest_id_problem("ACME_M1") is None
    assert manifest_id_problem("ACME/M1") is not None
    assert manifest_id_problem("") is not None
    assert manifest_id_problem("with space") is not None


def test_pickup_keys() -> None:
    key = PickupKey.parse("2026-11-30")
    pickup = datetime(2026, 11, 30, 16, 0, tzinfo=BERLIN)
    assert key.matches(pickup, BERLIN)
    assert PickupKey.parse("2026-11-30T16:00").matches(pickup, BERLIN)
    assert PickupKey.parse("2026-11-30 16:00").matches(pickup, BERLIN)
    assert not PickupKey.parse("2026-11-30T10:30").matches(pickup, BERLIN)
    assert not PickupKey.parse("2026-12-01").matches(pickup, BERLIN)
    with pytest.raises(ValueError, match="not a pick-up date"):
        PickupKey.parse("tomorrow")


def test_pickup_keys_without_a_zone_use_the_computers_local_time() -> None:
    stored = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # as the customs store returns it
    local = stored.astimezone()
    assert PickupKey(local.date(), local.time()).matches(stored)
