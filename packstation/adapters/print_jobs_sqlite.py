"""The print queue's jobs in SQLite: table ``print_jobs``, its own connection, one worker thread.

``SqlitePrintJobStore`` implements ``ports.PrintJobStore``. The database file may be shared with
the station journal: this module works only on the ``print_jobs`` table; the schema of the whole
file is ``station_db``'s (migrated to its newest version on opening).
Every call is one short transaction on a dedicated thread that owns the connection, so the
event loop never waits on the disk. WAL with ``synchronous=NORMAL``: a committed job survives a
crash of the process.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from typing import Any

from packstation.adapters.sqlite_worker import SqliteStore, SqliteWorker
from packstation.adapters.sqlite_worker import from_db_time as _dt
from packstation.adapters.sqlite_worker import to_db_time as _ts
from packstation.adapters.station_db import migrate_station_db
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import PrinterFault, PrintOutcome
from packstation.domain.shipping import LabelDocument, LabelFormat

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
    "uncertain",
    "dispatched",
    "format",
    "content_type",
    "content",
)
_FINISHED = (PrintJobState.PRINTED, PrintJobState.FAILED, PrintJobState.CANCELLED)


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
        int(job.uncertain),
        int(job.dispatched),
        job.document.format.value,
        job.document.content_type,
        job.document.content,
    )


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
        uncertain=bool(row["uncertain"]),
        dispatched=bool(row["dispatched"]),
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
            setup=migrate_station_db,
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
