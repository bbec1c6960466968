"""PUDO points as the bench shows them: hours today, closures, the point chosen for an order.

Pure rules on ``PudoLocation`` (standard library only): which spans a point is open on a given
day, whether a temporary closure covers that day, and the plain sentences the pack screen, the
PUDO dialog and ``packstation pudo`` print. Times are the point's local times as 7S gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from packstation.domain.notes import Note, NoteKind
from packstation.domain.shipping import Closure, CollectionPoint, OpeningSpan, PudoLocation

WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

#: 7S answers at most this many points per search (served from its own database).
MAX_RESULTS = 50


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def spans_on(location: PudoLocation, day: date) -> tuple[OpeningSpan, ...]:
    """The regular opening spans of ``day``'s weekday (empty: closed that weekday)."""
    return tuple(location.opening_hours.get(weekday_name(day), ()))


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def closure_on(location: PudoLocation, day: date) -> Closure | None:
    """The temporary closure that covers ``day`` (dates inclusive), if any."""
    for closure in location.closures:
        start, end = _parse_day(closure.start), _parse_day(closure.end)
        if start is None and end is None:
            continue
        if (start is None or start <= day) and (end is None or day <= end):
            return closure
    return None


def upcoming_closures(location: PudoLocation, day: date) -> tuple[Closure, ...]:
    """Closures that start after ``day`` (announced ahead: the packer may want another point)."""
    found = []
    for closure in location.closures:
        start = _parse_day(closure.start)
        if start is not None and start > day:
            found.append(closure)
    return tuple(found)


def open_days(location: PudoLocation) -> int:
    """On how many weekdays the point opens at all."""
    return sum(1 for day in WEEKDAYS if location.opening_hours.get(day))


def format_minutes(minutes: int) -> str:
    hours, mins = divmod(max(0, minutes), 60)
    return f"{hours:02d}:{mins:02d}"


def format_spans(spans: tuple[OpeningSpan, ...]) -> str:
    """``"09:00–12:30, 14:00–19:00"``, or ``"closed"``."""
    if not spans:
        return "closed"
    return ", ".join(f"{format_minutes(s.opens)}–{format_minutes(s.closes)}" for s in spans)


def format_distance(distance_m: float | None) -> str:
    if distance_m is None:
        return ""
    if distance_m < 1000:
        return f"{round(distance_m)} m"
    return f"{distance_m / 1000:.1f} km"


def format_day(text: str) -> str:
    """A closure date as ``12 Dec 2026`` (the text itself when it is not a date)."""
    day = _parse_day(text)
    return day.strftime("%d %b %Y").lstrip("0") if day else text


def closure_text(closure: Closure) -> str:
    return f"temporarily closed from {format_day(closure.start)} until {format_day(closure.end)}"


@dataclass(frozen=True, slots=True)
class PointToday:
    """How a point stands on one day: its hours, whether it is closed, and why."""

    day: date
    hours: str  # "09:00–19:00" or "closed"
    open_today: bool
    closed_reason: str  # "" when open; "closed on Sundays" / "temporarily closed until …"
    temporarily_closed: bool
    warnings: tuple[Note, ...] = ()  # English, with kinds and facts for the window


def point_today(location: PudoLocation, day: date) -> PointToday:
    """Today's hours and closure warnings of a point (``day`` is the bench's local date)."""
    spans = spans_on(location, day)
    closure = closure_on(location, day)
    warnings: list[Note] = []
    point = location.name
    if closure is not None:
        reason = f"temporarily closed until {format_day(closure.end)}"
        warnings.append(
            Note(
                NoteKind.POINT_CLOSED,
                f"{point} is {closure_text(closure)}.",
                point=point,
                start_day=closure.start,
                end_day=closure.end,
            )
        )
    elif not spans:
        reason = f"closed on {weekday_name(day).capitalize()}s"
    else:
        reason = ""
    for later in upcoming_closures(location, day):
        warnings.append(
            Note(
                NoteKind.POINT_CLOSING,
                f"{point} will be {closure_text(later)}.",
                point=point,
                start_day=later.start,
                end_day=later.end,
            )
        )
    if open_days(location) == 0:
        warnings.append(
            Note(NoteKind.POINT_NO_HOURS, f"{point} lists no opening hours at all.", point=point)
        )
    return PointToday(
        day=day,
        hours=format_spans(spans),
        open_today=closure is None and bool(spans),
        closed_reason=reason,
        temporarily_closed=closure is not None,
        warnings=tuple(warnings),
    )


def address_lines(location: PudoLocation) -> tuple[str, ...]:
    """Street line and ``zip city, country`` line, as printed on the screen."""
    street = location.address_line or " ".join(
        part for part in (location.street, location.house_no) if part
    )
    town = " ".join(part for part in (location.zip, location.city) if part)
    lines = [street] if street else []
    lines.append(f"{town}, {location.country}" if town else location.country)
    return tuple(lines)


def collection_point(location: PudoLocation) -> CollectionPoint:
    """The ``pudo_id`` and ``collection_point_*`` fields of a label request for this point."""
    return CollectionPoint(
        pudo_id=location.location_id,
        name1=location.name,
        name2=location.alternative_name,
        street=location.street or location.address_line,
        house_no=location.house_no if location.street else "",
        zip=location.zip,
        city=location.city,
        country=location.country,
    )


@dataclass(frozen=True, slots=True)
class PudoChoice:
    """A pick-up point chosen at the station for an order (kept in the journal).

    It overrides the order's own ``pudo_id`` when the label is bought. ``location`` is the point
    as 7S described it when it was chosen (name, address, hours), so the label and the pack
    screen need no second search.
    """

    order_id: str
    location: PudoLocation
    chosen_at: datetime
    station: str = ""
    note: str = ""

    @property
    def location_id(self) -> str:
        return self.location.location_id

    @property
    def carrier(self) -> str:
        return self.location.carrier_name


#: Where the order's pick-up point comes from (``PickupPointView.source``).
CHOSEN_AT_STATION = "chosen at the station"
FROM_ORDER = "from the merchant's order"


@dataclass(frozen=True, slots=True)
class PickupPointView:
    """Everything the pack screen shows about an order's pick-up point.

    ``location`` is None when 7S could not describe the point (only its id is known); the
    screen then shows ``location_id`` and ``warnings`` say why.
    """

    order_id: str
    location_id: str
    carrier: str
    source: str  # CHOSEN_AT_STATION or FROM_ORDER
    name: str
    address: tuple[str, ...]
    today: PointToday | None
    location: PudoLocation | None = None
    warnings: tuple[Note, ...] = ()  # English, with kinds and facts for the window

    @property
    def hours_today(self) -> str:
        return self.today.hours if self.today else ""

    @property
    def open_today(self) -> bool | None:
        return self.today.open_today if self.today else None
