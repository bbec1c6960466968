"""Early order creation and warehouse performance: when orders arrived, how fast they were packed.

Seven Senders recommends creating each order as soon as the merchant has it (decoupled from
the label), so that the time from order to dispatch can be measured. The station records when
it first saw each order (``OrderReceipt``) and, in the journal, when each one was packed; the
figures below are computed from those records. Pure: standard library only.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from packstation.domain.orders import MerchantOrder
from packstation.domain.shipping import NewOrder


def new_order(order: MerchantOrder) -> NewOrder:
    """The 7S order for a merchant order (order date, URL, language, tags)."""
    return NewOrder(
        order_id=order.order_id,
        order_date=order.order_date,
        order_url=order.order_url,
        language=order.language,
        tags=dict(order.tags),
        boarding_complete=False if order.parcels > 1 else None,
    )


def order_hash(order: MerchantOrder) -> str:
    """The content hash of what 7S holds for an order (its data changed when this changes)."""
    data = {
        "order_id": order.order_id,
        "order_date": order.order_date.astimezone(UTC).isoformat(),
        "order_url": order.order_url,
        "language": order.language,
        "tags": dict(sorted(order.tags.items())),
    }
    encoded = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True, slots=True)
class OrderReceipt:
    """The station's record of an order it created (or found) in 7S ahead of packing."""

    order_id: str
    order_date: datetime
    received_at: datetime  # when the station first saw the order in the merchant's data
    data_hash: str
    sevensenders_id: int | None = None
    state: str = ""  # the initial state the station posted, if any
    source: str = ""  # file or folder it came from
    updated_at: datetime | None = None


class ImportOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"  # existed at 7S; its URL, language or tags were brought up to date
    EXISTING = "existing"  # existed at 7S already (created elsewhere); left as it was
    UNCHANGED = "unchanged"  # imported before with the same data: nothing was sent
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """Sent after each order: ``done`` of ``total`` (for a progress bar)."""

    done: int
    total: int
    order_id: str
    outcome: ImportOutcome
    message: str = ""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """An order (or a row of the file) that could not be imported, and why."""

    message: str
    where: str = ""
    order_id: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True, slots=True)
class ImportSummary:
    source: str
    total: int
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    existing: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[ImportProblem, ...] = ()
    states_posted: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def counts(self) -> dict[str, int]:
        return {
            "total": self.total,
            "created": len(self.created),
            "updated": len(self.updated),
            "existing": len(self.existing),
            "unchanged": len(self.unchanged),
            "failed": len(self.failed),
            "states_posted": len(self.states_posted),
        }


# ---------------------------------------------------------------------- order age


def order_age(order_date: datetime, now: datetime) -> timedelta:
    """Time from the order date to ``now`` (never negative)."""
    if order_date.tzinfo is None:
        order_date = order_date.replace(tzinfo=UTC)
    return max(now - order_date, timedelta(0))


def format_duration(span: timedelta) -> str:
    """``45 min``, ``3 h 05 min``, ``2 d 4 h``."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, mins = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {mins:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


class AgeLevel(StrEnum):
    OK = "ok"
    LATE = "late"  # older than the station's warning age


@dataclass(frozen=True, slots=True)
class OrderAge:
    """The order age as the pack screen shows it."""

    age: timedelta
    text: str
    level: AgeLevel


def describe_order_age(order_date: datetime, now: datetime, warn_after: timedelta) -> OrderAge:
    age = order_age(order_date, now)
    level = AgeLevel.LATE if age >= warn_after else AgeLevel.OK
    return OrderAge(age, format_duration(age), level)


# ---------------------------------------------------------------------- statistics


@dataclass(frozen=True, slots=True)
class PackedOrder:
    """One packed order as the journal shows it."""

    order_id: str
    opened_at: datetime  # the order barcode was scanned
    packed_at: datetime  # every label bought (or registered)
    order_date: datetime | None = None
    received_at: datetime | None = None  # first seen by the station (early order creation)
    packer: str | None = None  # who was signed in when its labels were done

    @property
    def pack_time(self) -> timedelta:
        return max(self.packed_at - self.opened_at, timedelta(0))

    @property
    def age_at_packing(self) -> timedelta | None:
        if self.order_date is None:
            return None
        return order_age(self.order_date, self.packed_at)

    @property
    def received_to_packed(self) -> timedelta | None:
        if self.received_at is None:
            return None
        return max(self.packed_at - self.received_at, timedelta(0))


@dataclass(frozen=True, slots=True)
class PackingStats:
    since: datetime | None
    packed: int
    per_hour: tuple[tuple[datetime, int], ...]  # (hour start, orders packed in it)
    median_age_at_packing: timedelta | None
    median_pack_time: timedelta | None
    median_received_to_packed: timedelta | None
    mean_per_hour: float | None  # over the hours in which anything was packed


def _median(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def packing_stats(packed: Sequence[PackedOrder], since: datetime | None = None) -> PackingStats:
    rows = [p for p in packed if since is None or p.packed_at >= since]
    hours = Counter(
        p.packed_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0) for p in rows
    )
    per_hour = tuple(sorted(hours.items()))
    ages = [a for p in rows if (a := p.age_at_packing) is not None]
    received = [r for p in rows if (r := p.received_to_packed) is not None]
    return PackingStats(
        since=since,
        packed=len(rows),
        per_hour=per_hour,
        median_age_at_packing=_median(ages),
        median_pack_time=_median([p.pack_time for p in rows]),
        median_received_to_packed=_median(received),
        mean_per_hour=(len(rows) / len(per_hour)) if per_hour else None,
    )
