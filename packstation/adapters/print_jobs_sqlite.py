"""The print queue's jobs in SQLite: table ``print_jobs``, its own connection, one worker thread.

``SqlitePrintJobStore`` implements ``ports.PrintJobStore``. The database file may be shared with
the station journal: this module creates and touches only the ``print_jobs`` table (and its
index) and never changes database-wide settings other than WAL mode, which both agree on.
Every call is one short transaction on a dedicated thread that owns the connection, so the
event loop never waits on the disk. WAL with ``synchronous=NORMAL``: a committed job survives a
crash of the process.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from packstation.adapters.sqlite_worker import SqliteStore, SqliteWorker
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import PrinterFault, PrintOutcome
from packstation.domain.shipping import LabelDocument, LabelFormat

_SCHEMA = """
CREATE TABLE IF NOT EXISTS print_jobs (
    id TEXT PRIMARY KEY,
    printer_uri TEXT NOT NULL,
    job_name TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    detail TEXT NOT NULL DEFAULT '',
    faults TEXT NOT NULL DEFAULT '',
    warnings TEXT NOT NULL DEFAULT '[]',
    next_attempt_at TEXT,
    printer_job_id TEXT,
    reference TEXT NOT NULL DEFAULT '',
    reprint_of TEXT,
    moved_to TEXT,
    in_printer INTEGER NOT NULL DEFAULT 0,
    printed_at_count INTEGER,
    format TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS print_jobs_state ON print_jobs (state, created_at);
"""
_COLUMNS = (
    "id",
    "printer_uri",
    "job_name",
    "state",
    "created_at",
    "updated_at",
    "attempts",
    "outcome",
    "detail",
    "faults",
    "warnings",
    "next_attempt_at",
    "printer_job_id",
    "reference",
    "reprint_of",
    "moved_to",
    "in_printer",
    "printed_at_count",
    "format",
    "content_type",
    "content",
)
_FINISHED = (PrintJobState.PRINTED, PrintJobState.FAILED, PrintJobState.CANCELLED)


def _ts(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _row(job: PrintJob) -> tuple[Any, ...]:
    return (
        job.id,
        job.printer_uri,
        job.job_name,
        job.state.value,
        _ts(job.created_at),
        _ts(job.updated_at),
        job.attempts,
        job.outcome.value if job.outcome else None,
        job.detail,
        ",".join(f.value for f in job.faults),
        json.dumps(list(job.warnings)),
        _ts(job.next_attempt_at) if job.next_attempt_at else None,
        job.printer_job_id,
        job.reference,
        job.reprint_of,
        job.moved_to,
        int(job.in_printer),
        job.printed_at_count,
        job.document.format.value,
        job.document.content_type,
        job.document.content,
    )


#: columns added after the first release: (name, definition) for ``ALTER TABLE … ADD``
_ADDED_COLUMNS = (
    ("in_printer", "INTEGER NOT NULL DEFAULT 0"),
    ("printed_at_count", "INTEGER"),
)


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(_SCHEMA)
    have = {str(row[1]) for row in conn.execute("PRAGMA table_info(print_jobs)")}
    for name, definition in _ADDED_COLUMNS:
        if name not in have:
            conn.execute(f"ALTER TABLE print_jobs ADD COLUMN {name} {definition}")


def _fault(text: str) -> PrinterFault:
    try:
        return PrinterFault(text)
    except ValueError:
        return PrinterFault.OTHER


def _job(row: sqlite3.Row) -> PrintJob:
    created = _dt(row["created_at"])
    updated = _dt(row["updated_at"])
    assert created is not None
    assert updated is not None
    return PrintJob(
        id=row["id"],
        printer_uri=row["printer_uri"],
        job_name=row["job_name"],
        document=LabelDocument(
            content=bytes(row["content"]),
            content_type=row["content_type"],
            format=LabelFormat(row["format"]),
        ),
        state=PrintJobState(row["state"]),
        created_at=created,
        updated_at=updated,
        attempts=int(row["attempts"]),
        outcome=PrintOutcome(row["outcome"]) if row["outcome"] else None,
        detail=row["detail"],
        faults=tuple(_fault(f) for f in row["faults"].split(",") if f),
        warnings=tuple(str(w) for w in json.loads(row["warnings"] or "[]")),
        next_attempt_at=_dt(row["next_attempt_at"]),
        printer_job_id=row["printer_job_id"],
        reference=row["reference"],
        reprint_of=row["reprint_of"],
        moved_to=row["moved_to"],
        in_printer=bool(row["in_printer"]),
        printed_at_count=row["printed_at_count"],
    )


class SqlitePrintJobStore(SqliteStore):
    """Print jobs with their label files in the ``print_jobs`` table of a SQLite file.

    Use ``async with SqlitePrintJobStore(path) as store:`` (or ``open``/``close``); the
    connection is also opened by the first call.
    """

    def __init__(self, path: Path | str) -> None:
        self._db = SqliteWorker(
            path,
            thread_name="print-jobs",
            setup=_create_schema,
            closed_message="the print job store is closed",
            synchronous="NORMAL",
        )

    # ------------------------------------------------------------ PrintJobStore
    async def save(self, job: PrintJob) -> None:
        placeholders = ", ".join("?" for _ in _COLUMNS)
        sql = f"INSERT OR REPLACE INTO print_jobs ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
        row = _row(job)

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(sql, row)  # autocommit: one statement, one transaction

        await self._db.run(work)

    async def get(self, job_id: str) -> PrintJob | None:
        def work(conn: sqlite3.Connection) -> PrintJob | None:
            found = conn.execute("SELECT * FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
            return _job(found) if found else None

        return await self._db.run(work)

    async def list_jobs(
        self,
        *,
        states: Collection[PrintJobState] = (),
        printer_uri: str | None = None,
        limit: int | None = None,
    ) -> list[PrintJob]:
        where: list[str] = []
        args: list[Any] = []
        if states:
            where.append(f"state IN ({', '.join('?' for _ in states)})")
            args.extend(s.value for s in states)
        if printer_uri is not None:
            where.append("printer_uri = ?")
            args.append(printer_uri)
        sql = "SELECT * FROM print_jobs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(max(0, limit))

        def work(conn: sqlite3.Connection) -> list[PrintJob]:
            rows = conn.execute(sql, args).fetchall()
            return [_job(r) for r in reversed(rows)]

        return await self._db.run(work)

    async def prune(self, finished_before: datetime) -> int:
        cutoff = _ts(finished_before)
        states = [s.value for s in _FINISHED]

        def work(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "DELETE FROM print_jobs WHERE updated_at < ? AND state IN (?, ?, ?)",
                (cutoff, *states),
            )
            return int(cursor.rowcount)

        return await self._db.run(work)
