"""The warehouse of benches: who holds an order (claims) and whether the shared store answers.

Plain values (standard library only). The warehouse store (PostgreSQL, optional) keeps order
claims and a copy of every bench's journal; a bench packs on without it, and then only 7S's
reference uniqueness stops a second bench from buying an order's labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from packstation.domain.dispatch import PickupSchedule


class WarehouseUnavailable(Exception):
    """The warehouse store cannot be reached (or did not answer in time); the bench goes on."""


@dataclass(frozen=True, slots=True)
class BenchId:
    """A bench as the warehouse knows it: its unique key and its readable name."""

    key: str  # station name + persistent id: unique even when two benches share a name
    name: str


@dataclass(frozen=True, slots=True)
class Claim:
    """A bench holds an order: nobody else packs it until released or the lease runs out."""

    order_id: str
    bench_key: str
    bench_name: str
    packer: str
    claimed_at: datetime
    heartbeat_at: datetime
    expires_at: datetime


class ClaimOutcome(StrEnum):
    GRANTED = "granted"  # this bench holds the order now (or held it already)
    HELD_ELSEWHERE = "held_elsewhere"  # another bench holds it: do not pack it here
    OFFLINE = "offline"  # the store cannot be asked: packing goes on, 7S stops doubles


@dataclass(frozen=True, slots=True)
class ClaimAnswer:
    outcome: ClaimOutcome
    claim: Claim | None = None  # GRANTED: ours; HELD_ELSEWHERE: the holder's
    detail: str = ""  # OFFLINE: why

    @property
    def refused(self) -> bool:
        return self.outcome is ClaimOutcome.HELD_ELSEWHERE


def held_elsewhere_message(claim: Claim) -> str:
    """What the packer is told when another bench is packing the order."""
    who = f" by {claim.packer}" if claim.packer else ""
    since = claim.claimed_at.astimezone().strftime("%H:%M")
    return (
        f"Order {claim.order_id} is being packed at {claim.bench_name}{who} since {since}. "
        "Put it aside; the shift lead can release it (`packstation claims release "
        f"{claim.order_id} --reason ...`), and it is free by itself when that bench stops "
        "for longer than the lease."
    )


@dataclass(frozen=True, slots=True)
class BenchFigures:
    """One bench in the shift view: alive or not, and what it did in the shift."""

    name: str
    packer: str
    online: bool  # its heartbeat arrived lately
    seen_at: datetime
    orders_packed: int  # cycles done in the shift (distinct orders)
    last_hour: int
    labels: int  # labels bought in the shift
    pack_time_p50_s: float | None  # order scanned → done, median
    outbox_pending: int | None = None  # from its last heartbeat (None: not reported)
    outbox_failed: int | None = None
    held_labels: int | None = None
    customs_pending: int | None = None


@dataclass(frozen=True, slots=True)
class ShiftFigures:
    """The floor at a glance, for the shift lead (``packstation shift``)."""

    since: datetime
    benches: tuple[BenchFigures, ...]
    claims: tuple[Claim, ...]
    idle_claims: tuple[Claim, ...]  # held, but the bench did nothing with the order lately
    #: every bench's customs shipments no posted manifest holds yet
    customs_waiting: tuple[WarehouseCustoms, ...] = ()
    #: the warehouse's manifests of the last days, posted or being posted
    manifests: tuple[WarehouseManifest, ...] = ()
    next_manifest: ManifestDue | None = None  # see ``with_manifest_due``
    #: live claims (idle claims) beyond the lists, which hold at most ``SHIFT_LIST_CAP``
    claims_more: int = 0
    idle_more: int = 0

    @property
    def orders_packed(self) -> int:
        return sum(b.orders_packed for b in self.benches)

    @property
    def orders_per_hour(self) -> float:
        return sum(b.last_hour for b in self.benches)


#: the most claims (and idle claims) a shift view lists; the rest is counted ("+N more")
SHIFT_LIST_CAP = 200


@dataclass(frozen=True, slots=True)
class WarehouseCustoms:
    """A bench's customs shipment accepted by 7S and waiting for the pick-up's manifest, as the
    warehouse store knows it (each bench publishes its own)."""

    shipment_id: str
    order_id: str
    parcel_no: int
    bench_name: str
    planned_pickup: datetime
    manifest_id: str | None = None  # set once a manifest holding it was posted


class ManifestState(StrEnum):
    POSTING = "posting"  # a bench claimed the pick-up's manifest and is posting it
    POSTED = "posted"  # Seven Senders has it
    DROPPED = "dropped"  # refused or given up: its shipments wait for another manifest


@dataclass(frozen=True, slots=True)
class WarehouseManifest:
    """A customs manifest of the warehouse: which bench posts (or posted) it, and when."""

    manifest_id: str
    pickup: datetime
    bench_name: str
    posted_by: str  # the packer or shift lead signed in at that bench
    state: ManifestState
    shipment_ids: tuple[str, ...]
    claimed_at: datetime
    posted_at: datetime | None = None
    sevensenders_id: str | None = None

    def describe(self, tz: tzinfo | None = None) -> str:
        """``ACME_M20261207_01 (4 customs shipments) posted at bench-01 by Anna at 15:02``."""
        who = f" by {self.posted_by}" if self.posted_by else ""
        moment = self.posted_at or self.claimed_at
        at = (moment.astimezone(tz) if tz is not None else moment.astimezone()).strftime("%H:%M")
        what = f"{self.manifest_id} ({len(self.shipment_ids)} customs shipments)"
        if self.state is ManifestState.POSTED:
            return f"{what} posted at {self.bench_name}{who} at {at}"
        return f"{what} being posted at {self.bench_name}{who} since {at}"


@dataclass(frozen=True, slots=True)
class ManifestClaim:
    """The answer to a bench that wants to post a pick-up's manifest."""

    granted: bool
    holder: WarehouseManifest | None = None  # refused: the manifest another bench is posting
    offline: bool = False  # the store could not be asked: the bench posts alone


@dataclass(frozen=True, slots=True)
class TokenRenewal:
    """A shared 7S token as the store shows it: never the token, never the access key."""

    key: str  # the first characters of the key's derived id, to tell keys apart
    renewed_at: datetime
    renewed_by: str  # the renewing bench's connection name ("packstation bench-07")
    expires_at: datetime
    renewals: int


@dataclass(frozen=True, slots=True)
class WarehouseStatus:
    """Whether the warehouse store answers, for the station bar and ``--json``."""

    configured: bool
    online: bool | None = None  # None: not asked yet
    detail: str = ""
    copy_lag: int = 0  # journal events not copied to the store yet
    since: datetime | None = None  # when it went offline (or came back)

    def as_dict(self) -> dict[str, object]:
        return {
            "configured": self.configured,
            "online": self.online,
            "detail": self.detail,
            "journal_copy_lag": self.copy_lag,
            "since": self.since.isoformat() if self.since else None,
        }


@dataclass(frozen=True, slots=True)
class ManifestDue:
    """The next customs manifest the warehouse owes Seven Senders: the pick-up it is for, the
    customs shipments (of every bench) waiting for it, and whether a bench is posting it."""

    pickup: datetime
    shipments: int
    benches: tuple[str, ...]  # where those shipments were packed
    overdue: bool  # the pick-up time has passed and they still wait
    posting: WarehouseManifest | None = None  # a bench is posting it right now


#: how many scheduled pick-ups whose manifests are posted already are stepped over
_LOOK_AHEAD = 50


def next_manifest_due(
    waiting: Sequence[WarehouseCustoms],
    manifests: Sequence[WarehouseManifest],
    schedule: PickupSchedule,
    now: datetime,
    tz: tzinfo | None = None,
) -> ManifestDue | None:
    """The earliest pick-up that still needs a manifest: one whose customs shipments wait (a
    passed one is overdue), else the next scheduled pick-up whose manifest is not posted yet.
    None when nothing waits and the schedule is empty."""
    by_pickup: dict[datetime, list[WarehouseCustoms]] = {}
    for row in waiting:
        if row.manifest_id is None:
            by_pickup.setdefault(row.planned_pickup, []).append(row)
    posted = {m.pickup for m in manifests if m.state is ManifestState.POSTED}
    scheduled = schedule.next_pickup(now, tz)
    for _ in range(_LOOK_AHEAD):
        if scheduled is None or scheduled not in posted or scheduled in by_pickup:
            break
        scheduled = schedule.next_pickup(scheduled + timedelta(minutes=1), tz)
    candidates = set(by_pickup) | ({scheduled} if scheduled is not None else set())
    if not candidates:
        return None
    pickup = min(candidates)
    rows = by_pickup.get(pickup, [])
    posting = next(
        (m for m in manifests if m.pickup == pickup and m.state is ManifestState.POSTING), None
    )
    return ManifestDue(
        pickup=pickup,
        shipments=len(rows),
        benches=tuple(sorted({r.bench_name for r in rows})),
        overdue=pickup <= now,
        posting=posting,
    )


def with_manifest_due(
    figures: ShiftFigures, schedule: PickupSchedule, now: datetime, tz: tzinfo | None = None
) -> ShiftFigures:
    """The shift figures with the next manifest due worked out from the station's pick-ups."""
    due = next_manifest_due(figures.customs_waiting, figures.manifests, schedule, now, tz)
    return replace(figures, next_manifest=due)
