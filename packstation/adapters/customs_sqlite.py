"""Customs declarations and manifests in SQLite: their own tables, connection and worker thread.

``SqliteCustomsStore`` implements ``ports.CustomsStore``. The database file is normally the
station journal's (``journal_path(data_dir)``): this module works only on the
``customs_declarations`` and ``customs_manifests`` tables; the schema of the whole file is
``station_db``'s (migrated to its newest version on opening). Every call is one short
transaction on a dedicated thread that owns the connection, so the event loop never waits on
the disk.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection
from datetime import datetime
from pathlib import Path

from packstation.adapters.sqlite_worker import SqliteStore, SqliteWorker, utc_now
from packstation.adapters.sqlite_worker import from_db_time as _dt
from packstation.adapters.sqlite_worker import to_db_time as _ts
from packstation.adapters.station_db import migrate_station_db
from packstation.domain.customs import CustomsKind
from packstation.domain.customs_declaration import (
    CustomsDeclaration,
    DeclarationStatus,
    FieldProblem,
    ManifestRecord,
    ManifestStatus,
    draft_from_plain,
    draft_to_plain,
)
from packstation.domain.notes import Note, NoteKind


def _declaration(row: sqlite3.Row) -> CustomsDeclaration:
    return CustomsDeclaration(
        shipment_id=row["shipment_id"],
        order_id=row["order_id"],
        parcel_no=row["parcel_no"],
        parcel_count=row["parcel_count"],
        cycle_id=row["cycle_id"],
        kind=CustomsKind(row["kind"]),
        status=DeclarationStatus(row["status"]),
        draft=draft_from_plain(json.loads(row["draft"])),
        problems=tuple(FieldProblem(p[0], p[1]) for p in json.loads(row["problems"])),
        customs_id=row["customs_id"],
        manifest_id=row["manifest_id"],
        invoice_path=row["invoice_path"],
        note=_note(row["note"], row["note_kind"], row["note_facts"]),
        created_at=_dt(row["created_at"]),
        updated_at=_dt(row["updated_at"]),
    )


def _note(text: str, kind: str, facts: str) -> str:
    """A declaration's note: typed when its row has the kind (a row of an older version, or a
    kind this version does not know, keeps only the English text)."""
    if kind not in _NOTE_KINDS:
        return text
    return Note(NoteKind(kind), text, **json.loads(facts))


def _note_columns(note: str) -> tuple[str, str]:
    """The kind and the facts (JSON) of a note, ``("", "{}")`` for a plain text."""
    if isinstance(note, Note):
        return note.kind.value, json.dumps(dict(note.facts), ensure_ascii=False)
    return "", "{}"


_NOTE_KINDS = frozenset(k.value for k in NoteKind)


def _manifest(row: sqlite3.Row) -> ManifestRecord:
    created = _dt(row["created_at"])
    assert created is not None
    return ManifestRecord(
        manifest_id=row["manifest_id"],
        pickup=_dt(row["pickup"]),
        shipment_ids=tuple(json.loads(row["shipment_ids"])),
        pieces=row["pieces"],
        status=ManifestStatus(row["status"]),
        created_at=created,
        sevensenders_id=row["sevensenders_id"],
        reference=row["reference"],
        comment=row["comment"],
        note=row["note"],
        posted_at=_dt(row["posted_at"]),
    )


class SqliteCustomsStore(SqliteStore):
    """``CustomsStore`` on SQLite, off the event loop.

    Use ``async with SqliteCustomsStore(path) as store:`` or ``await store.close()``.
    """

    def __init__(self, path: Path, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = SqliteWorker(
            path,
            thread_name="customs",
            setup=migrate_station_db,
            closed_message="the customs store is closed",
        )
        self._clock = clock

    # ------------------------------------------------------------------ declarations

    async def save_declaration(self, declaration: CustomsDeclaration) -> None:
        d = declaration
        now = _ts(self._clock())
        pickup = d.draft.planned_pickup

        def work(c: sqlite3.Connection) -> None:
            c.execute(
                """INSERT INTO customs_declarations (shipment_id, order_id, parcel_no,
                       parcel_count, cycle_id, kind, status, draft, problems, customs_id,
                       manifest_id, invoice_path, note, note_kind, note_facts, planned_pickup,
                       created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (shipment_id) DO UPDATE SET
                       order_id = excluded.order_id, parcel_no = excluded.parcel_no,
                       parcel_count = excluded.parcel_count, cycle_id = excluded.cycle_id,
                       kind = excluded.kind, status = excluded.status, draft = excluded.draft,
                       problems = excluded.problems, customs_id = excluded.customs_id,
                       manifest_id = excluded.manifest_id, invoice_path = excluded.invoice_path,
                       note = excluded.note, note_kind = excluded.note_kind,
                       note_facts = excluded.note_facts, planned_pickup = excluded.planned_pickup,
                       updated_at = excluded.updated_at""",
                (
                    d.shipment_id,
                    d.order_id,
                    d.parcel_no,
                    d.parcel_count,
                    d.cycle_id,
                    d.kind.value,
                    d.status.value,
                    json.dumps(draft_to_plain(d.draft), ensure_ascii=False),
                    json.dumps([[p.field, p.message] for p in d.problems], ensure_ascii=False),
                    d.customs_id,
                    d.manifest_id,
                    d.invoice_path,
                    d.note,
                    *_note_columns(d.note),
                    _ts(pickup) if pickup else None,
                    _ts(d.created_at) if d.created_at else now,
                    now,
                ),
            )

        await self._db.write(work)

    async def declaration(self, shipment_id: str) -> CustomsDeclaration | None:
        row = await self._db.run(
            lambda c: c.execute(
                "SELECT * FROM customs_declarations WHERE shipment_id = ?", (shipment_id,)
            ).fetchone()
        )
        return _declaration(row) if row is not None else None

    async def declarations(
        self,
        *,
        order_id: str | None = None,
        statuses: Collection[DeclarationStatus] = (),
        limit: int = 1000,
    ) -> list[CustomsDeclaration]:
        sql = "SELECT * FROM customs_declarations WHERE 1 = 1"
        params: list[object] = []
        if order_id is not None:
            sql += " AND order_id = ?"
            params.append(order_id)
        if statuses:
            sql += f" AND status IN ({', '.join('?' for _ in statuses)})"
            params.extend(s.value for s in statuses)
        sql += " ORDER BY created_at, order_id, parcel_no LIMIT ?"
        params.append(max(1, limit))
        rows = await self._db.run(lambda c: c.execute(sql, params).fetchall())
        return [_declaration(r) for r in rows]

    # ------------------------------------------------------------------ manifests

    async def save_manifest(self, manifest: ManifestRecord) -> None:
        m = manifest

        def work(c: sqlite3.Connection) -> None:
            c.execute(
                """INSERT INTO customs_manifests (manifest_id, pickup, shipment_ids, pieces,
                       status, created_at, sevensenders_id, reference, comment, note, posted_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (manifest_id) DO UPDATE SET
                       pickup = excluded.pickup, shipment_ids = excluded.shipment_ids,
                       pieces = excluded.pieces, status = excluded.status,
                       sevensenders_id = excluded.sevensenders_id,
                       reference = excluded.reference, comment = excluded.comment,
                       note = excluded.note, posted_at = excluded.posted_at""",
                (
                    m.manifest_id,
                    _ts(m.pickup) if m.pickup else None,
                    json.dumps(list(m.shipment_ids)),
                    m.pieces,
                    m.status.value,
                    _ts(m.created_at),
                    m.sevensenders_id,
                    m.reference,
                    m.comment,
                    m.note,
                    _ts(m.posted_at) if m.posted_at else None,
                ),
            )

        await self._db.write(work)

    async def manifest(self, manifest_id: str) -> ManifestRecord | None:
        row = await self._db.run(
            lambda c: c.execute(
                "SELECT * FROM customs_manifests WHERE manifest_id = ?", (manifest_id,)
            ).fetchone()
        )
        return _manifest(row) if row is not None else None

    async def manifests(
        self, *, statuses: Collection[ManifestStatus] = (), limit: int = 200
    ) -> list[ManifestRecord]:
        sql = "SELECT * FROM customs_manifests"
        params: list[object] = []
        if statuses:
            sql += f" WHERE status IN ({', '.join('?' for _ in statuses)})"
            params.extend(s.value for s in statuses)
        sql += " ORDER BY created_at DESC LIMIT ?"
        params.append(max(1, limit))
        rows = await self._db.run(lambda c: c.execute(sql, params).fetchall())
        return [_manifest(r) for r in rows]
