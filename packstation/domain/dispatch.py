"""Dispatch: the station's carrier pick-up schedule and customs manifest ids.

A manifest lists every customs shipment that leaves with one pick-up (sevensenders-api.md
§8.3). Its id must be unique across all 7S customers (so it starts with the company's prefix)
and may not contain '/'. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class PickupSlot:
    """A weekly pick-up: weekday (0 = Monday) and local time."""

    weekday: int
    at: time


@dataclass(frozen=True, slots=True)
class PickupSchedule:
    """When the carrier collects at this station, e.g. ``["Mon-Fri 16:00", "Sat 11:00"]``.

    Each entry is ``<days> <times>``: days as ``Mon-Fri``, ``Mon,Wed,Fri`` or ``Sat``; times as
    ``16:00`` or ``10:30,16:00``. Times are wall-clock times of the station's time zone.
    """

    slots: tuple[PickupSlot, ...]

    @classmethod
    def parse(cls, entries: str | Iterable[str]) -> PickupSchedule:
        """Parse the setting; ``ValueError`` with a plain message when an entry is wrong."""
        if isinstance(entries, str):
            entries = [part for part in re.split(r"[;\n]+", entries)]
        slots: set[PickupSlot] = set()
        for raw in entries:
            entry = raw.strip()
            if not entry:
                continue
            parts = entry.split()
            if len(parts) != 2:
                raise ValueError(
                    f"pick-up entry {entry!r} must look like 'Mon-Fri 16:00' (days, then times)"
                )
            days = _parse_days(parts[0], entry)
            times = _parse_times(parts[1], entry)
            slots.update(PickupSlot(d, t) for d in days for t in times)
        return cls(tuple(sorted(slots, key=lambda s: (s.weekday, s.at))))

    def describe(self) -> str:
        return ", ".join(f"{_DAYS[s.weekday].title()} {s.at:%H:%M}" for s in self.slots) or "none"

    def next_pickup(self, after: datetime, tz: tzinfo | None = None) -> datetime | None:
        """The first pick-up at or after ``after`` (an aware datetime), in the station's zone.

        None when the schedule is empty.
        """
        if not self.slots:
            return None
        local = after.astimezone(tz) if tz is not None else after.astimezone()
        zone = tz  # None: the computer's own zone rules (summer time included)
        for offset in range(0, 8):
            day = local.date() + timedelta(days=offset)
            for slot in self.slots:
                if slot.weekday != day.weekday():
                    continue
                candidate = _local(day, slot.at, zone)
                if candidate >= local:
                    return candidate
        return None  # pragma: no cover - a non-empty weekly schedule always has a next slot


def _local(day: date, at: time, zone: tzinfo | None) -> datetime:
    naive = datetime.combine(day, at)
    if zone is None:
        return naive.astimezone()
    # zoneinfo zones resolve the offset for the date (summer/winter time) on replace()
    return naive.replace(tzinfo=zone)


def _parse_days(text: str, entry: str) -> list[int]:
    days: list[int] = []
    for part in text.lower().split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first, entry), _day(last, entry)
            if b < a:
                raise ValueError(f"pick-up entry {entry!r}: {part} runs backwards")
            days.extend(range(a, b + 1))
        else:
            days.append(_day(part, entry))
    return days


def _day(text: str, entry: str) -> int:
    key = text.strip()[:3]
    if key not in _DAYS or len(text.strip()) < 2:
        raise ValueError(f"pick-up entry {entry!r}: {text!r} is not a weekday (Mon … Sun)")
    return _DAYS.index(key)


def _parse_times(text: str, entry: str) -> list[time]:
    out = []
    for part in text.split(","):
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", part.strip())
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValueError(f"pick-up entry {entry!r}: {part!r} is not a time like 16:00")
        out.append(time(int(match.group(1)), int(match.group(2))))
    return out


# ---------------------------------------------------------------------- manifest ids

#: A company prefix: letters, digits, '_' and '-', starting with a letter or digit.
PREFIX_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]{0,29}"


def manifest_prefix(text: str) -> str:
    """A company prefix made safe for manifest ids (upper case; '/' and spaces become '-')."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip()).strip("-_").upper()
    return cleaned[:30]


def manifest_id(prefix: str, day: date, sequence: int) -> str:
    """``{PREFIX}_M{YYYYMMDD}_{NN}``: company prefix + pick-up date + sequence, never a '/'."""
    if not re.fullmatch(PREFIX_PATTERN, prefix):
        raise ValueError(
            f"the manifest prefix {prefix!r} may only hold letters, digits, '_' and '-'"
        )
    if sequence < 1:
        raise ValueError("manifest sequences start at 1")
    return f"{prefix}_M{day:%Y%m%d}_{sequence:02d}"


def manifest_id_problem(text: str) -> str | None:
    """Why ``text`` cannot be a manifest id, or None."""
    if not text.strip():
        return "a manifest id cannot be empty"
    if "/" in text:
        return "a manifest id may not contain '/'"
    if text != text.strip() or len(text) > 64:
        return "a manifest id has at most 64 characters and no surrounding spaces"
    if not re.fullmatch(r"[\x21-\x7e]+", text):
        return "a manifest id may only hold printable ASCII characters without spaces"
    return None


def next_sequence(prefix: str, day: date, taken: Iterable[str]) -> int:
    """The next free sequence number for ``prefix`` and ``day`` among the ids ``taken``."""
    pattern = re.compile(re.escape(f"{prefix}_M{day:%Y%m%d}_") + r"(\d+)")
    used = [int(m.group(1)) for t in taken if (m := pattern.fullmatch(t))]
    return max(used, default=0) + 1


@dataclass(frozen=True, slots=True)
class PickupKey:
    """How a shift lead names a pick-up: a date (every pick-up that day) or a date and time."""

    day: date
    at: time | None = None

    @classmethod
    def parse(cls, text: str) -> PickupKey:
        value = text.strip().replace(" ", "T")
        try:
            if "T" in value:
                moment = datetime.fromisoformat(value)
                return cls(moment.date(), moment.time().replace(second=0, microsecond=0))
            return cls(date.fromisoformat(value))
        except ValueError:
            raise ValueError(
                f"{text!r} is not a pick-up date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM)"
            ) from None

    def matches(self, pickup: datetime, tz: tzinfo | None = None) -> bool:
        """The pick-up falls on this day (and time) in ``tz`` (None: the computer's zone)."""
        # an aware pick-up (as stored: UTC) is compared in the station's local time, the same
        # zone the shift lead reads and types the pick-up in (``DispatchService.local``)
        local = pickup.astimezone(tz) if tz is not None else pickup.astimezone()
        if local.date() != self.day:
            return False
        return self.at is None or local.time().replace(second=0, microsecond=0) == self.at


def earliest(pickups: Sequence[datetime]) -> datetime | None:
    return min(pickups) if pickups else None
