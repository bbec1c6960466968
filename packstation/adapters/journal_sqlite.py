"""The journal and the outbox in one SQLite file (WAL), worked by one dedicated thread.

``SqliteJournal`` implements the ``Journal`` and ``OutboxStore`` ports. Every call is one
short transaction run on a single worker thread that owns the connection, so the event loop
(the GUI's, under qasync) never waits on the disk and the calls keep their order.

Durability: WAL with ``synchronous=NORMAL``. A committed transaction survives a crash of the
process (it is in the WAL file before ``COMMIT`` returns); a power cut may lose the last few
transactions, never corrupt the file. The one write that comes before money — a label
attempt's intent, written before ``POST /labels`` — is synced (``synchronous=FULL`` for that
transaction), so a power cut never loses a purchase's intent. Whatever else a power cut takes
is found again because reference numbers are deterministic: a lost "label bought" record is
found by looking the reference up at 7S, and a lost intent is re-created with the same number
(7S answers "already used").

The database file is shared with other stores of the station (the print queue keeps its jobs
in its own table and connection); this module only touches its own tables. The file's schema
and its versions (``PRAGMA user_version``) are ``station_db``'s.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from packstation.adapters.sqlite_worker import (
    SqliteStore,
    SqliteWorker,
    transaction,
    utc_now,
)
from packstation.adapters.sqlite_worker import from_db_time as _dt
from packstation.adapters.sqlite_worker import to_db_time as _ts
from packstation.adapters.station_db import migrate_station_db
from packstation.domain.boxes import boxes_from_plain, boxes_to_plain
from packstation.domain.cycle import (
    AttemptStatus,
    CyclePlan,
    CycleRecord,
    CycleStatus,
    CycleStep,
    JournalEvent,
    JournalKind,
    LabelAttempt,
    NewOutboxEntry,
    OutboxCounts,
    OutboxEntry,
    OutboxKind,
    OutboxStatus,
    ParcelPlan,
)
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.domain.printing import PrintOutcome
from packstation.domain.shipping import Address, Carrier, CarrierService, LabelFormat

T = TypeVar("T")

#: The journal's file name inside the data directory.
JOURNAL_FILE = "journal.sqlite3"


def _create_schema(conn: sqlite3.Connection) -> None:
    migrate_station_db(conn)
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO journal_meta (key, value) VALUES ('station_uid', ?)",
            (secrets.token_hex(4),),
        )


class SqliteJournal(SqliteStore):
    """``Journal`` + ``OutboxStore`` on SQLite, off the event loop.

    Args:
        path: the database file (created with its directory if missing).
        clock: the current time (tests pass a fixed one).

    Use ``async with SqliteJournal(path) as journal:`` or ``await journal.close()``.
    """

    def __init__(self, path: Path, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = SqliteWorker(
            path,
            thread_name="journal",
            setup=_create_schema,
            closed_message="the journal is closed",
            synchronous="NORMAL",
        )
        self._clock = clock
        self._uid: str | None = None

    # ------------------------------------------------------------------ plumbing

    async def transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in one write transaction on the journal's thread (for stores that keep
        their own tables in this file and must write atomically with events or the outbox)."""
        return await self._db.write(work)

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` (reads only) on the journal's thread."""
        return await self._db.run(work)

    def insert_event(self, conn: sqlite3.Connection, event: JournalEvent) -> None:
        """Add an event inside a ``transaction``."""
        self._insert_event(conn, event)

    def insert_outbox(self, conn: sqlite3.Connection, entries: Sequence[NewOutboxEntry]) -> None:
        """Add outbox entries inside a ``transaction``."""
        self._insert_outbox(conn, entries)

    # ------------------------------------------------------------------ Journal

    async def station_uid(self) -> str:
        if self._uid is None:
            row = await self._db.run(
                lambda c: c.execute(
                    "SELECT value FROM journal_meta WHERE key = 'station_uid'"
                ).fetchone()
            )
            self._uid = str(row["value"])
        return self._uid

    async def append(self, event: JournalEvent) -> None:
        await self._db.write(lambda c: self._insert_event(c, event))

    async def save_cycle(
        self,
        cycle: CycleRecord,
        event: JournalEvent | None = None,
        enqueue: Sequence[NewOutboxEntry] = (),
    ) -> None:
        def work(c: sqlite3.Connection) -> None:
            c.execute(
                """INSERT INTO journal_cycles (cycle_id, order_id, station, status, step,
                       created_at, updated_at, merchant_order, plan, sevensenders_id, note,
                       scanned, skip_reason)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (cycle_id) DO UPDATE SET
                       station = excluded.station,
                       status = excluded.status, step = excluded.step,
                       updated_at = excluded.updated_at,
                       merchant_order = excluded.merchant_order, plan = excluded.plan,
                       sevensenders_id = excluded.sevensenders_id, note = excluded.note,
                       scanned = excluded.scanned, skip_reason = excluded.skip_reason""",
                (
                    cycle.cycle_id,
                    cycle.order_id,
                    cycle.station,
                    cycle.status.value,
                    cycle.step.value,
                    _ts(cycle.created_at),
                    _ts(cycle.updated_at),
                    _dump(order_to_json(cycle.order)) if cycle.order else None,
                    _dump(plan_to_json(cycle.plan)) if cycle.plan else None,
                    cycle.sevensenders_id,
                    cycle.note,
                    json.dumps(list(cycle.scanned)),
                    cycle.skip_reason,
                ),
            )
            if event is not None:
                self._insert_event(c, event)
            self._insert_outbox(c, enqueue)

        await self._db.write(work)

    async def cycle(self, cycle_id: str) -> CycleRecord | None:
        row = await self._db.run(
            lambda c: c.execute(
                "SELECT * FROM journal_cycles WHERE cycle_id = ?", (cycle_id,)
            ).fetchone()
        )
        return _cycle(row) if row else None

    async def latest_cycle(self, order_id: str) -> CycleRecord | None:
        row = await self._db.run(
            lambda c: c.execute(
                """SELECT * FROM journal_cycles WHERE order_id = ? AND status != ?
                   ORDER BY created_at DESC, rowid DESC LIMIT 1""",
                (order_id, CycleStatus.ABANDONED.value),
            ).fetchone()
        )
        return _cycle(row) if row else None

    async def cycles(self, *, in_flight_only: bool = False, limit: int = 50) -> list[CycleRecord]:
        if in_flight_only:
            wanted = [s.value for s in CycleStatus if s.in_flight]
            sql = (
                "SELECT * FROM journal_cycles WHERE status IN (?, ?, ?) "
                "ORDER BY created_at DESC, rowid DESC LIMIT ?"
            )
            params: tuple[Any, ...] = (*wanted, limit)
        else:
            sql = "SELECT * FROM journal_cycles ORDER BY created_at DESC, rowid DESC LIMIT ?"
            params = (limit,)
        rows = await self._db.run(lambda c: c.execute(sql, params).fetchall())
        return [_cycle(row) for row in rows]

    async def save_attempt(self, attempt: LabelAttempt, event: JournalEvent | None = None) -> None:
        def work(c: sqlite3.Connection) -> None:
            a = attempt
            c.execute(
                """INSERT INTO journal_labels (reference_number, cycle_id, order_id, parcel_no,
                       parcel_count, generation, status, label_format, carrier, weight_g,
                       label_id, shipment_id, tracking_code, download_url, file_path, sha256,
                       print_outcome, print_started, printed_at, void_reason, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (reference_number) DO UPDATE SET
                       status = excluded.status, label_id = excluded.label_id,
                       shipment_id = excluded.shipment_id,
                       tracking_code = excluded.tracking_code,
                       download_url = excluded.download_url, file_path = excluded.file_path,
                       sha256 = excluded.sha256, print_outcome = excluded.print_outcome,
                       print_started = excluded.print_started,
                       printed_at = excluded.printed_at, void_reason = excluded.void_reason,
                       weight_g = excluded.weight_g, updated_at = excluded.updated_at""",
                (
                    a.reference_number,
                    a.cycle_id,
                    a.order_id,
                    a.parcel_no,
                    a.parcel_count,
                    a.generation,
                    a.status.value,
                    a.label_format.value,
                    str(a.carrier),
                    a.weight_g,
                    a.label_id,
                    a.shipment_id,
                    a.tracking_code,
                    a.download_url,
                    a.file_path,
                    a.sha256,
                    a.print_outcome,
                    int(a.print_started),
                    _ts(a.printed_at) if a.printed_at else None,
                    a.void_reason,
                    _ts(a.updated_at or self._clock()),
                ),
            )
            if event is not None:
                self._insert_event(c, event)

        # the intent comes before money: on the disk before the POST, power cut or not
        await self._db.write(work, durable=attempt.status is AttemptStatus.INTENT)

    async def attempts(self, cycle_id: str) -> list[LabelAttempt]:
        rows = await self._db.run(
            lambda c: c.execute(
                """SELECT * FROM journal_labels WHERE cycle_id = ?
                   ORDER BY parcel_no, generation""",
                (cycle_id,),
            ).fetchall()
        )
        return [_attempt(row) for row in rows]

    async def find_attempts(self, order_or_tracking: str) -> list[LabelAttempt]:
        text = order_or_tracking.strip()
        rows = await self._db.run(
            lambda c: c.execute(
                """SELECT l.* FROM journal_labels l
                   JOIN journal_cycles c ON c.cycle_id = l.cycle_id
                   WHERE l.order_id = ? OR l.tracking_code = ? OR l.reference_number = ?
                   ORDER BY c.created_at DESC, l.parcel_no, l.generation""",
                (text, text, text),
            ).fetchall()
        )
        return [_attempt(row) for row in rows]

    async def events(self, *, order_id: str | None = None, limit: int = 100) -> list[JournalEvent]:
        if order_id is None:
            sql = "SELECT * FROM journal_events ORDER BY id DESC LIMIT ?"
            params: tuple[Any, ...] = (limit,)
        else:
            sql = "SELECT * FROM journal_events WHERE order_id = ? ORDER BY id DESC LIMIT ?"
            params = (order_id, limit)
        rows = await self._db.run(lambda c: c.execute(sql, params).fetchall())
        return [_event(row) for row in reversed(rows)]

    async def events_since(self, after_id: int, limit: int = 500) -> list[JournalEvent]:
        """``JournalFeed``: events with an id above ``after_id``, oldest first."""
        sql = "SELECT * FROM journal_events WHERE id > ? ORDER BY id LIMIT ?"
        rows = await self._db.run(lambda c: c.execute(sql, (after_id, limit)).fetchall())
        return [_event(row) for row in rows]

    async def last_event_id(self) -> int:
        sql = "SELECT COALESCE(MAX(id), 0) FROM journal_events"
        row = await self._db.run(lambda c: c.execute(sql).fetchone())
        return int(row[0]) if row else 0

    def _insert_event(self, c: sqlite3.Connection, event: JournalEvent) -> None:
        c.execute(
            """INSERT INTO journal_events (at, kind, order_id, cycle_id, detail)
               VALUES (?, ?, ?, ?, ?)""",
            (
                _ts(event.at or self._clock()),
                event.kind,
                event.order_id,
                event.cycle_id,
                _dump(dict(event.detail)),
            ),
        )

    # ------------------------------------------------------------------ OutboxStore

    def _insert_outbox(self, c: sqlite3.Connection, entries: Sequence[NewOutboxEntry]) -> None:
        now = _ts(self._clock())
        for entry in entries:
            c.execute(
                """INSERT INTO outbox (order_id, cycle_id, kind, payload, status, attempts,
                       created_at, next_attempt_at)
                   VALUES (?, ?, ?, ?, ?, 0, ?, ?)""",
                (
                    entry.order_id,
                    entry.cycle_id,
                    entry.kind.value,
                    _dump(dict(entry.payload)),
                    OutboxStatus.PENDING.value,
                    now,
                    now,
                ),
            )

    async def enqueue(self, entries: Sequence[NewOutboxEntry]) -> None:
        await self._db.write(lambda c: self._insert_outbox(c, entries))

    async def due(self, now: datetime) -> list[OutboxEntry]:
        rows = await self._db.run(
            lambda c: c.execute(
                """SELECT o.* FROM outbox o
                   WHERE o.status = 'pending' AND o.next_attempt_at <= ?
                     AND o.id = (SELECT MIN(p.id) FROM outbox p
                                 WHERE p.status = 'pending' AND p.order_id = o.order_id)
                   ORDER BY o.id""",
                (_ts(now),),
            ).fetchall()
        )
        return [_outbox(row) for row in rows]

    async def next_attempt_at(self) -> datetime | None:
        row = await self._db.run(
            lambda c: c.execute(
                "SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending'"
            ).fetchone()
        )
        return _dt(row["at"]) if row else None

    async def delivered(self, entry_id: int, note: str = "") -> None:
        await self._db.write(
            lambda c: c.execute(
                """UPDATE outbox SET status = 'delivered', attempts = attempts + 1,
                       delivered_at = ?, last_error = ? WHERE id = ?""",
                (_ts(self._clock()), note, entry_id),
            )
        )

    async def superseded(self, entry_id: int, note: str) -> None:
        await self._db.write(
            lambda c: c.execute(
                """UPDATE outbox SET status = 'superseded', attempts = attempts + 1,
                       last_error = ? WHERE id = ?""",
                (note, entry_id),
            )
        )

    async def reschedule(self, entry_id: int, next_attempt_at: datetime, error: str) -> None:
        await self._db.write(
            lambda c: c.execute(
                """UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
                   WHERE id = ? AND status = 'pending'""",
                (_ts(next_attempt_at), error, entry_id),
            )
        )

    async def park(self, entry_id: int, reason: str) -> None:
        await self._db.write(
            lambda c: c.execute(
                """UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?
                   WHERE id = ?""",
                (reason, entry_id),
            )
        )

    async def requeue(self, entry_id: int | None = None) -> int:
        now = _ts(self._clock())

        def work(c: sqlite3.Connection) -> int:
            if entry_id is None:
                cur = c.execute(
                    """UPDATE outbox SET status = 'pending', next_attempt_at = ?
                       WHERE status = 'failed'""",
                    (now,),
                )
            else:
                cur = c.execute(
                    """UPDATE outbox SET status = 'pending', next_attempt_at = ?
                       WHERE status = 'failed' AND id = ?""",
                    (now, entry_id),
                )
            return cur.rowcount

        return await self._db.write(work)

    async def counts(self) -> OutboxCounts:
        rows = await self._db.run(
            lambda c: c.execute(
                """SELECT status, COUNT(*) AS n FROM outbox
                   WHERE status IN ('pending', 'failed') GROUP BY status"""
            ).fetchall()
        )
        found = {row["status"]: int(row["n"]) for row in rows}
        return OutboxCounts(pending=found.get("pending", 0), failed=found.get("failed", 0))

    async def entries(
        self,
        *,
        statuses: Sequence[OutboxStatus] = (),
        order_id: str | None = None,
        limit: int = 100,
    ) -> list[OutboxEntry]:
        clauses: list[str] = []
        params: list[Any] = []
        if statuses:
            clauses.append(f"status IN ({', '.join('?' for _ in statuses)})")
            params.extend(s.value for s in statuses)
        if order_id is not None:
            clauses.append("order_id = ?")
            params.append(order_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        # only placeholders are formatted into the statement, never a value
        sql = f"SELECT * FROM outbox {where} ORDER BY id DESC LIMIT ?"
        params.append(limit)
        rows = await self._db.run(lambda c: c.execute(sql, params).fetchall())
        return [_outbox(row) for row in reversed(rows)]


# ---------------------------------------------------------------------- rows → records


def _dump(value: Mapping[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot journal a {type(value).__name__}")


def _cycle(row: sqlite3.Row) -> CycleRecord:
    created = _dt(row["created_at"])
    updated = _dt(row["updated_at"])
    assert created is not None
    assert updated is not None
    return CycleRecord(
        cycle_id=row["cycle_id"],
        order_id=row["order_id"],
        station=row["station"],
        status=CycleStatus(row["status"]),
        step=CycleStep(row["step"]),
        created_at=created,
        updated_at=updated,
        order=order_from_json(json.loads(row["merchant_order"])) if row["merchant_order"] else None,
        plan=plan_from_json(json.loads(row["plan"])) if row["plan"] else None,
        sevensenders_id=row["sevensenders_id"],
        note=row["note"],
        scanned=tuple(json.loads(row["scanned"])),
        skip_reason=row["skip_reason"],
    )


def _attempt(row: sqlite3.Row) -> LabelAttempt:
    return LabelAttempt(
        reference_number=row["reference_number"],
        cycle_id=row["cycle_id"],
        order_id=row["order_id"],
        parcel_no=row["parcel_no"],
        parcel_count=row["parcel_count"],
        generation=row["generation"],
        status=AttemptStatus(row["status"]),
        label_format=LabelFormat(row["label_format"]),
        carrier=Carrier.parse(row["carrier"]),
        weight_g=row["weight_g"],
        label_id=row["label_id"],
        shipment_id=row["shipment_id"],
        tracking_code=row["tracking_code"],
        download_url=row["download_url"],
        file_path=row["file_path"],
        sha256=row["sha256"],
        print_outcome=PrintOutcome(row["print_outcome"]) if row["print_outcome"] else None,
        print_started=bool(row["print_started"]),
        printed_at=_dt(row["printed_at"]),
        void_reason=row["void_reason"],
        updated_at=_dt(row["updated_at"]),
    )


def _event(row: sqlite3.Row) -> JournalEvent:
    return JournalEvent(
        id=row["id"],
        at=_dt(row["at"]),
        kind=JournalKind(row["kind"]),
        order_id=row["order_id"],
        cycle_id=row["cycle_id"],
        detail=json.loads(row["detail"]),
    )


def _outbox(row: sqlite3.Row) -> OutboxEntry:
    created = _dt(row["created_at"])
    due = _dt(row["next_attempt_at"])
    assert created is not None
    assert due is not None
    return OutboxEntry(
        id=row["id"],
        order_id=row["order_id"],
        cycle_id=row["cycle_id"],
        kind=OutboxKind(row["kind"]),
        payload=json.loads(row["payload"]),
        status=OutboxStatus(row["status"]),
        attempts=row["attempts"],
        created_at=created,
        next_attempt_at=due,
        last_error=row["last_error"],
        delivered_at=_dt(row["delivered_at"]),
    )


# ---------------------------------------------------------------------- domain ↔ JSON

_ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "street",
    "zip",
    "city",
    "country",
    "house_no",
    "address_details",
    "email",
    "phone",
    "company_name",
)


def order_to_json(order: MerchantOrder) -> dict[str, Any]:
    """The merchant order as plain JSON values (the snapshot a cycle is resumed from)."""
    return {
        "order_id": order.order_id,
        "order_date": order.order_date.isoformat(),
        "recipient": {n: getattr(order.recipient, n) for n in _ADDRESS_FIELDS},
        "lines": [
            {
                "sku": line.sku,
                "name": line.name,
                "quantity": line.quantity,
                "ean": line.ean,
                "weight_g": line.weight_g,
                "unit_value": str(line.unit_value) if line.unit_value is not None else None,
                "currency": line.currency,
                "hs_code": line.hs_code,
                "origin_country": line.origin_country,
                "image_url": line.image_url,
            }
            for line in order.lines
        ],
        "order_url": order.order_url,
        "language": order.language,
        "carrier": str(order.carrier) if order.carrier else None,
        "carrier_service": order.carrier_service.value,
        "pudo_id": order.pudo_id,
        "parcels": order.parcels,
        "tags": dict(order.tags),
    }


def order_from_json(data: Mapping[str, Any]) -> MerchantOrder:
    recipient = data["recipient"]
    return MerchantOrder(
        order_id=data["order_id"],
        order_date=datetime.fromisoformat(data["order_date"]),
        recipient=Address(**{n: recipient.get(n, "") for n in _ADDRESS_FIELDS}),
        lines=tuple(
            OrderLine(
                sku=line["sku"],
                name=line["name"],
                quantity=line["quantity"],
                ean=line.get("ean"),
                weight_g=line.get("weight_g"),
                unit_value=Decimal(line["unit_value"])
                if line.get("unit_value") is not None
                else None,
                currency=line.get("currency", "EUR"),
                hs_code=line.get("hs_code"),
                origin_country=line.get("origin_country"),
                image_url=line.get("image_url"),
            )
            for line in data["lines"]
        ),
        order_url=data.get("order_url"),
        language=data.get("language"),
        carrier=Carrier.parse(data["carrier"]) if data.get("carrier") else None,
        carrier_service=CarrierService(data.get("carrier_service", "standard")),
        pudo_id=data.get("pudo_id"),
        parcels=data.get("parcels", 1),
        tags=dict(data.get("tags", {})),
    )


def plan_to_json(plan: CyclePlan) -> dict[str, Any]:
    return {
        "parcels": [[p.number, p.count, p.weight_g] for p in plan.parcels],
        "label_format": plan.label_format.value,
        "carrier": str(plan.carrier),
        "skip_reason": plan.skip_reason,
        "own_label": plan.own_label,
        "boxes": boxes_to_plain(plan.boxes),
        "finish_pressed": plan.finish_pressed,
    }


def plan_from_json(data: Mapping[str, Any]) -> CyclePlan:
    return CyclePlan(
        parcels=tuple(ParcelPlan(number=n, count=c, weight_g=w) for n, c, w in data["parcels"]),
        label_format=LabelFormat(data["label_format"]),
        carrier=Carrier.parse(data["carrier"]),
        skip_reason=data.get("skip_reason"),
        own_label=bool(data.get("own_label", False)),
        boxes=boxes_from_plain(data.get("boxes") or []),
        finish_pressed=bool(data.get("finish_pressed", False)),
    )


def journal_path(data_dir: Path) -> Path:
    """Where a station's journal lives inside its data directory."""
    return Path(os.fspath(data_dir)) / JOURNAL_FILE
