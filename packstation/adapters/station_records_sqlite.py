"""The other workflows' records in the station journal: PUDO choices, returns, catalog, intake.

``SqliteStationRecords`` implements ``PudoChoices``, ``ReturnsStore``, ``CatalogStateStore`` and
``OrderIntakeStore``. It keeps its own tables (``pudo_choices``, ``return_records``,
``catalog_products``, ``order_receipts``; created by ``station_db``) in the journal's SQLite file
and works through the journal's own connection and thread (``SqliteJournal.transaction``), so
a return record and the order state it queues in the outbox are one transaction, and every call
keeps its order with the journal's. ``packed_orders`` reads the journal's cycle and event
tables (read-only).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.adapters.sqlite_worker import from_db_time as _dt
from packstation.adapters.sqlite_worker import to_db_time as _ts
from packstation.adapters.sqlite_worker import utc_now as _now
from packstation.domain.catalog import SyncedProduct
from packstation.domain.cycle import JournalEvent, NewOutboxEntry, OutboxKind
from packstation.domain.intake import OrderReceipt, PackedOrder
from packstation.domain.pudo import PudoChoice
from packstation.domain.returns import ReturnAction, ReturnRecord
from packstation.domain.shipping import Closure, OpeningSpan, PudoLocation

T = TypeVar("T")


class SqliteStationRecords:
    """The returns desk's, the PUDO locator's, the catalog's and the intake's records.

    Args:
        journal: the station journal (opened by the caller); its file holds these tables.
    """

    def __init__(self, journal: SqliteJournal) -> None:
        self._journal = journal  # its file has these tables (station_db makes them)

    async def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await self._journal.transaction(work)

    async def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await self._journal.read(work)

    # ------------------------------------------------------------------ PUDO choices

    async def save_choice(self, choice: PudoChoice, event: JournalEvent | None = None) -> None:
        def work(c: sqlite3.Connection) -> None:
            c.execute(
                """INSERT INTO pudo_choices (order_id, location_id, carrier, location,
                       chosen_at, station, note) VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (order_id) DO UPDATE SET location_id = excluded.location_id,
                       carrier = excluded.carrier, location = excluded.location,
                       chosen_at = excluded.chosen_at, station = excluded.station,
                       note = excluded.note""",
                (
                    choice.order_id,
                    choice.location_id,
                    choice.carrier,
                    json.dumps(location_to_json(choice.location), ensure_ascii=False),
                    _ts(choice.chosen_at),
                    choice.station,
                    choice.note,
                ),
            )
            if event is not None:
                self._journal.insert_event(c, event)

        await self._write(work)

    async def choice(self, order_id: str) -> PudoChoice | None:
        row = await self._read(
            lambda c: c.execute(
                "SELECT * FROM pudo_choices WHERE order_id = ?", (order_id,)
            ).fetchone()
        )
        if row is None:
            return None
        chosen = _dt(row["chosen_at"])
        assert chosen is not None
        return PudoChoice(
            order_id=row["order_id"],
            location=location_from_json(json.loads(row["location"])),
            chosen_at=chosen,
            station=row["station"],
            note=row["note"],
        )

    async def forget_choice(self, order_id: str, event: JournalEvent | None = None) -> bool:
        def work(c: sqlite3.Connection) -> bool:
            gone = c.execute("DELETE FROM pudo_choices WHERE order_id = ?", (order_id,)).rowcount
            if gone and event is not None:
                self._journal.insert_event(c, event)
            return bool(gone)

        return bool(await self._write(work))

    # ------------------------------------------------------------------ returns

    async def record_return(
        self, record: ReturnRecord, event: JournalEvent, queue_state: bool
    ) -> ReturnRecord:
        def work(c: sqlite3.Connection) -> int:
            cur = c.execute(
                """INSERT INTO return_records (order_id, action, at, sku, quantity, reason,
                       tracking_code, station, clerk, state, state_queued)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    record.order_id,
                    record.action.value,
                    _ts(record.at),
                    record.sku,
                    record.quantity,
                    record.reason,
                    record.tracking_code,
                    record.station,
                    record.clerk,
                    record.state,
                    int(queue_state),
                ),
            )
            record_id = int(cur.lastrowid or 0)
            detail = {**dict(event.detail), "record": record_id}
            self._journal.insert_event(
                c,
                JournalEvent(
                    kind=event.kind,
                    order_id=event.order_id,
                    cycle_id=event.cycle_id,
                    detail=detail,
                    at=event.at,
                ),
            )
            if queue_state:
                self._journal.insert_outbox(
                    c,
                    [
                        NewOutboxEntry(
                            record.order_id,
                            OutboxKind.ORDER_STATE,
                            {
                                "state": record.state,
                                "at": record.at.isoformat(),
                                "return_record": record_id,
                            },
                        )
                    ],
                )
            return record_id

        record_id = await self._write(work)
        return ReturnRecord(
            id=record_id,
            order_id=record.order_id,
            action=record.action,
            at=record.at,
            sku=record.sku,
            quantity=record.quantity,
            reason=record.reason,
            tracking_code=record.tracking_code,
            station=record.station,
            clerk=record.clerk,
            state=record.state,
            state_queued=queue_state,
        )

    async def return_records(
        self, *, order_id: str | None = None, since: datetime | None = None
    ) -> list[ReturnRecord]:
        clauses: list[str] = []
        params: list[Any] = []
        if order_id is not None:
            clauses.append("order_id = ?")
            params.append(order_id)
        if since is not None:
            clauses.append("at >= ?")
            params.append(_ts(since))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        # only fixed clauses with placeholders are formatted into the statement
        sql = f"SELECT * FROM return_records {where} ORDER BY at, id"
        rows = await self._read(lambda c: c.execute(sql, params).fetchall())
        return [_return_record(row) for row in rows]

    # ------------------------------------------------------------------ catalog

    async def synced_products(self) -> dict[str, SyncedProduct]:
        rows = await self._read(lambda c: c.execute("SELECT * FROM catalog_products").fetchall())
        return {
            row["sku"]: SyncedProduct(
                sku=row["sku"],
                product_hash=row["product_hash"],
                image_hash=row["image_hash"],
                image_file=row["image_file"],
                synced_at=_dt(row["synced_at"]),
            )
            for row in rows
        }

    async def save_synced(self, product: SyncedProduct) -> None:
        await self._write(
            lambda c: c.execute(
                """INSERT INTO catalog_products (sku, product_hash, image_hash, image_file,
                       synced_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (sku) DO UPDATE SET product_hash = excluded.product_hash,
                       image_hash = excluded.image_hash, image_file = excluded.image_file,
                       synced_at = excluded.synced_at""",
                (
                    product.sku,
                    product.product_hash,
                    product.image_hash,
                    product.image_file,
                    _ts(product.synced_at or _now()),
                ),
            )
        )

    async def forget_synced(self, sku: str) -> None:
        await self._write(lambda c: c.execute("DELETE FROM catalog_products WHERE sku = ?", (sku,)))

    # ------------------------------------------------------------------ intake and stats

    async def receipts(self, order_ids: Collection[str] | None = None) -> dict[str, OrderReceipt]:
        def work(c: sqlite3.Connection) -> list[sqlite3.Row]:
            if order_ids is None:
                return c.execute("SELECT * FROM order_receipts").fetchall()
            wanted = list(order_ids)
            found: list[sqlite3.Row] = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" for _ in chunk)  # placeholders only
                found.extend(
                    c.execute(
                        f"SELECT * FROM order_receipts WHERE order_id IN ({marks})", chunk
                    ).fetchall()
                )
            return found

        rows = await self._read(work)
        return {row["order_id"]: _receipt(row) for row in rows}

    async def save_receipts(
        self, receipts: Sequence[OrderReceipt], event: JournalEvent | None = None
    ) -> None:
        def work(c: sqlite3.Connection) -> None:
            c.executemany(
                """INSERT INTO order_receipts (order_id, order_date, received_at, data_hash,
                       sevensenders_id, state, source, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (order_id) DO UPDATE SET order_date = excluded.order_date,
                       data_hash = excluded.data_hash,
                       sevensenders_id = COALESCE(excluded.sevensenders_id, sevensenders_id),
                       state = excluded.state, source = excluded.source,
                       updated_at = excluded.updated_at""",
                [
                    (
                        r.order_id,
                        _ts(r.order_date),
                        _ts(r.received_at),
                        r.data_hash,
                        r.sevensenders_id,
                        r.state,
                        r.source,
                        _ts(r.updated_at or r.received_at),
                    )
                    for r in receipts
                ],
            )
            if event is not None:
                self._journal.insert_event(c, event)

        await self._write(work)

    async def packed_orders(self, since: datetime | None = None) -> list[PackedOrder]:
        bound = _ts(since) if since is not None else None

        def work(c: sqlite3.Connection) -> list[sqlite3.Row]:
            return c.execute(
                """SELECT c.order_id AS order_id, c.created_at AS opened_at,
                          json_extract(c.merchant_order, '$.order_date') AS order_date,
                          MIN(e.at) AS packed_at, r.received_at AS received_at,
                          json_extract(e.detail, '$.packer') AS packer
                   FROM journal_cycles c
                   JOIN journal_events e ON e.cycle_id = c.cycle_id AND e.kind = 'cycle_step'
                        AND json_extract(e.detail, '$.step') = 'labels'
                   LEFT JOIN order_receipts r ON r.order_id = c.order_id
                   GROUP BY c.cycle_id
                   HAVING ? IS NULL OR MIN(e.at) >= ?
                   ORDER BY packed_at""",
                (bound, bound),
            ).fetchall()

        rows = await self._read(work)
        packed: list[PackedOrder] = []
        for row in rows:
            opened, done = _dt(row["opened_at"]), _dt(row["packed_at"])
            assert opened is not None
            assert done is not None
            packed.append(
                PackedOrder(
                    order_id=row["order_id"],
                    opened_at=opened,
                    packed_at=done,
                    order_date=_dt(row["order_date"]),
                    received_at=_dt(row["received_at"]),
                    packer=row["packer"] or None,
                )
            )
        return packed


def _return_record(row: sqlite3.Row) -> ReturnRecord:
    at = _dt(row["at"])
    assert at is not None
    return ReturnRecord(
        id=row["id"],
        order_id=row["order_id"],
        action=ReturnAction(row["action"]),
        at=at,
        sku=row["sku"],
        quantity=row["quantity"],
        reason=row["reason"],
        tracking_code=row["tracking_code"],
        station=row["station"],
        clerk=row["clerk"],
        state=row["state"],
        state_queued=bool(row["state_queued"]),
    )


def _receipt(row: sqlite3.Row) -> OrderReceipt:
    order_date, received = _dt(row["order_date"]), _dt(row["received_at"])
    assert order_date is not None
    assert received is not None
    return OrderReceipt(
        order_id=row["order_id"],
        order_date=order_date,
        received_at=received,
        data_hash=row["data_hash"],
        sevensenders_id=row["sevensenders_id"],
        state=row["state"],
        source=row["source"],
        updated_at=_dt(row["updated_at"]),
    )


# ---------------------------------------------------------------------- PUDO location ↔ JSON


def location_to_json(location: PudoLocation) -> dict[str, Any]:
    return {
        "carrier_name": location.carrier_name,
        "location_type": location.location_type,
        "location_id": location.location_id,
        "location_code": location.location_code,
        "name": location.name,
        "alternative_name": location.alternative_name,
        "country": location.country,
        "city": location.city,
        "zip": location.zip,
        "address_line": location.address_line,
        "street": location.street,
        "house_no": location.house_no,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "distance_m": location.distance_m,
        "opening_hours": {
            day: [[s.opens, s.closes] for s in spans]
            for day, spans in location.opening_hours.items()
        },
        "parcel_sizes": list(location.parcel_sizes),
        "closures": [[c.start, c.end] for c in location.closures],
    }


def location_from_json(data: Mapping[str, Any]) -> PudoLocation:
    return PudoLocation(
        carrier_name=data["carrier_name"],
        location_type=data.get("location_type", ""),
        location_id=data["location_id"],
        location_code=data.get("location_code", ""),
        name=data.get("name", ""),
        alternative_name=data.get("alternative_name", ""),
        country=data.get("country", ""),
        city=data.get("city", ""),
        zip=data.get("zip", ""),
        address_line=data.get("address_line", ""),
        street=data.get("street", ""),
        house_no=data.get("house_no", ""),
        latitude=float(data.get("latitude", 0.0)),
        longitude=float(data.get("longitude", 0.0)),
        distance_m=data.get("distance_m"),
        opening_hours={
            day: tuple(OpeningSpan(int(a), int(b)) for a, b in spans)
            for day, spans in data.get("opening_hours", {}).items()
        },
        parcel_sizes=tuple(data.get("parcel_sizes", ())),
        closures=tuple(Closure(str(a), str(b)) for a, b in data.get("closures", ())),
    )
