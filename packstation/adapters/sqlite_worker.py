"""One SQLite connection owned by one worker thread: the plumbing the SQLite stores share.

``SqliteWorker`` opens the connection lazily on its thread (WAL, ``busy_timeout``, optionally
``synchronous``), lets the store create its schema, and runs callables on that thread through
``run_in_executor``, so the event loop never waits on the disk and the calls keep their order.
``transaction`` is the ``BEGIN IMMEDIATE``/``COMMIT``/``ROLLBACK`` block the stores write in;
``SqliteStore`` gives a store on a worker its ``path``, ``open``/``close`` and ``async with``.
``migrate`` brings a file's schema to its newest version (``PRAGMA user_version``), and
``to_db_time``/``from_db_time`` are the one way the stores write and read timestamps.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Self, TypeVar

from packstation.adapters.private_files import PRIVATE_FILE_MODE, private_dir, private_file, tighten

T = TypeVar("T")
log = logging.getLogger(__name__)


def to_db_time(value: datetime) -> str:
    """A fixed-width UTC timestamp (a naive time counts as UTC), so that text order is time
    order: every store writes its times with this."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_db_time(value: str | None) -> datetime | None:
    """A time written by ``to_db_time`` (a naive one is read as UTC); ``None`` for NULL/''."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


#: One lock per database file of this process, held while a connection to it is set up: the
#: stores of one station open the same new file at the same moment, and two connections
#: switching a new file to WAL together can deadlock, which SQLite answers at once with
#: SQLITE_BUSY instead of waiting (``busy_timeout`` does not help there).
_OPENING: dict[Path, threading.Lock] = {}
_OPENING_GUARD = threading.Lock()


def _opening_lock(path: Path) -> threading.Lock:
    with _OPENING_GUARD:
        return _OPENING.setdefault(path.resolve(), threading.Lock())


def retry_busy(work: Callable[[], T], *, within_s: float, pause_s: float = 0.01) -> T:
    """``work()``, tried again while SQLite answers SQLITE_BUSY, until ``within_s`` has passed.

    For the statements SQLite refuses at once instead of waiting for the lock (a deadlock it
    detects, e.g. two processes switching one file to WAL): the busy handler never runs for
    them. The error is recognised by its SQLite code (with its extended forms such as
    SQLITE_BUSY_RECOVERY), never by its wording.
    """
    deadline = time.monotonic() + within_s
    while True:
        try:
            return work()
        except sqlite3.OperationalError as error:
            code = getattr(error, "sqlite_errorcode", None)  # the extended code, e.g. 261
            if code is None or code & 0xFF != sqlite3.SQLITE_BUSY:
                raise
            if time.monotonic() >= deadline:
                raise
        time.sleep(pause_s)
        pause_s = min(pause_s * 2, 0.2)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction (``BEGIN IMMEDIATE``), rolled back if the block raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def create_schema(conn: sqlite3.Connection, schema: str) -> None:
    """Run the ``;``-separated statements of ``schema``, without the transaction around them."""
    for statement in schema.split(";"):
        if statement.strip():
            conn.execute(statement)


@dataclass(frozen=True, slots=True)
class SchemaStep:
    """One step of a file's schema, from ``version - 1`` to ``version``: ``;``-separated SQL,
    then ``run`` (for what SQL alone cannot say, e.g. adding a column only where it is
    missing)."""

    version: int
    what: str
    sql: str = ""
    run: Callable[[sqlite3.Connection], None] | None = None


class SchemaTooNew(sqlite3.DatabaseError):
    """The file was written by a newer packstation: its schema version is above ours."""

    def __init__(self, path: str, found: int, known: int) -> None:
        super().__init__(
            f"{path} was written by a newer version of packstation (database version {found}; "
            f"this version knows up to {known}). Update packstation, or move the file away "
            "to start with an empty one. The file was not changed."
        )
        self.found = found
        self.known = known


def _file_of(conn: sqlite3.Connection) -> str:
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return str(row[2])
    return "the database"


def migrate(conn: sqlite3.Connection, steps: Sequence[SchemaStep], *, what: str) -> int:
    """Apply the steps above the file's ``PRAGMA user_version`` in one write transaction and
    set it to the last step's version; returns the version the file had (0: new or older than
    versions). Several connections may race here: the first one migrates, the others find the
    new version once they get the write lock. ``SchemaTooNew`` for a file from a newer version.
    """
    if [step.version for step in steps] != list(range(1, len(steps) + 1)):
        raise ValueError("schema steps must be numbered 1, 2, 3, ...")
    latest = len(steps)
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current == latest:
        return current
    with transaction(conn):
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current > latest:
            raise SchemaTooNew(_file_of(conn), current, latest)
        for step in steps[current:]:
            create_schema(conn, step.sql)
            if step.run is not None:
                step.run(conn)
        if current != latest:
            conn.execute(f"PRAGMA user_version = {latest:d}")
    if current != latest:
        log.info("%s %s: schema version %d → %d", what, _file_of(conn), current, latest)
    return current


#: How long a statement waits for another connection's lock before SQLite gives up.
_BUSY_TIMEOUT_S = 10.0


class SqliteWorker:
    """A SQLite file worked by one dedicated thread that owns the connection.

    Args:
        path: the database file (created with its directory if missing).
        thread_name: the worker thread's name prefix.
        setup: creates the store's schema on the new connection (on the worker thread).
        closed_message: the ``RuntimeError``'s text for calls after ``close``.
        synchronous: the ``PRAGMA synchronous`` value, or ``None`` to leave SQLite's default.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        thread_name: str,
        setup: Callable[[sqlite3.Connection], object],
        closed_message: str,
        synchronous: str | None = None,
    ) -> None:
        self._path = Path(path)
        self._setup = setup
        self._closed_message = closed_message
        self._synchronous = synchronous
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=thread_name)
        self._conn: sqlite3.Connection | None = None  # touched only on the worker thread
        self._closed = False

    @property
    def path(self) -> Path:
        return self._path

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the worker thread with the connection (autocommit)."""
        if self._closed:
            raise RuntimeError(self._closed_message)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: work(self._connection()))

    async def write(self, work: Callable[[sqlite3.Connection], T], *, durable: bool = False) -> T:
        """Run ``work`` on the worker thread inside one write ``transaction``.

        ``durable``: this one transaction is synced to the disk before it returns
        (``synchronous=FULL`` for its commit), so it survives a power cut too, not only a
        crash of the process; the connection's own setting is back right after.
        """

        def in_transaction(conn: sqlite3.Connection) -> T:
            with transaction(conn):
                return work(conn)

        def synced(conn: sqlite3.Connection) -> T:
            conn.execute("PRAGMA synchronous=FULL")
            try:
                return in_transaction(conn)
            finally:
                conn.execute(f"PRAGMA synchronous={self._synchronous or 'NORMAL'}")

        return await self.run(synced if durable else in_transaction)

    async def close(self) -> None:
        """Close the connection on its thread and stop the thread (idempotent)."""
        if self._closed:
            return
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self._close_connection)
        self._executor.shutdown(wait=True)

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            private_dir(self._path.parent)
            private_file(self._path)  # the WAL and shared-memory files take its mode
            for extra in ("-wal", "-shm", "-journal"):
                tighten(self._path.with_name(self._path.name + extra), PRIVATE_FILE_MODE)
            with _opening_lock(self._path):
                self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, isolation_level=None, timeout=_BUSY_TIMEOUT_S)
        try:
            conn.row_factory = sqlite3.Row
            retry_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"), within_s=_BUSY_TIMEOUT_S)
            if self._synchronous is not None:
                conn.execute(f"PRAGMA synchronous={self._synchronous}")
            conn.execute(f"PRAGMA busy_timeout={int(_BUSY_TIMEOUT_S * 1000)}")
            self._setup(conn)
        except BaseException:
            conn.close()  # e.g. SchemaTooNew: nothing is left open on a refused file
            raise
        return conn


class SqliteStore:
    """A store worked by ``self._db``: ``async with Store(path) as store:`` or ``open``/``close``.

    ``open`` is optional (the first call opens the connection and creates the schema too).
    """

    _db: SqliteWorker

    @property
    def path(self) -> Path:
        return self._db.path

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def open(self) -> None:
        """Open the connection and create or upgrade the schema."""
        await self._db.run(lambda conn: None)

    async def close(self) -> None:
        await self._db.close()
