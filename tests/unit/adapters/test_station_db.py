"""The station database's schema versions (``PRAGMA user_version``) on real SQLite files: a
journal from the previous packstation is migrated with its data, a file from a newer one is
refused and left as it was, the runner applies each step once and all or nothing, and the
stores write and read times one way."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from packstation.adapters.customs_sqlite import SqliteCustomsStore
from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.adapters.print_jobs_sqlite import SqlitePrintJobStore
from packstation.adapters.sqlite_worker import (
    SchemaStep,
    SchemaTooNew,
    from_db_time,
    migrate,
    retry_busy,
    to_db_time,
)
from packstation.adapters.station_db import LATEST, STEPS
from packstation.adapters.station_records_sqlite import SqliteStationRecords
from packstation.domain.customs_declaration import DeclarationStatus, draft_to_plain
from packstation.domain.notes import Note, NoteKind
from packstation.domain.print_jobs import PrintJobState
from tests.customs_data import declaration

# What packstation wrote before the file had a version (user_version 0; the journal's own
# journal_meta row said schema=1). A frozen copy: it must not follow station_db's changes.
PREVIOUS_VERSION = """
CREATE TABLE journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE journal_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
    order_id TEXT, cycle_id TEXT, detail TEXT NOT NULL DEFAULT '{}');
CREATE INDEX journal_events_order ON journal_events (order_id, id);
CREATE TABLE journal_cycles (
    cycle_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, station TEXT NOT NULL,
    status TEXT NOT NULL, step TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    merchant_order TEXT, plan TEXT, sevensenders_id INTEGER, note TEXT NOT NULL DEFAULT '',
    scanned TEXT NOT NULL DEFAULT '[]', skip_reason TEXT);
CREATE INDEX journal_cycles_order ON journal_cycles (order_id, created_at);
CREATE INDEX journal_cycles_status ON journal_cycles (status);
CREATE TABLE journal_labels (
    reference_number TEXT PRIMARY KEY, cycle_id TEXT NOT NULL, order_id TEXT NOT NULL,
    parcel_no INTEGER NOT NULL, parcel_count INTEGER NOT NULL, generation INTEGER NOT NULL,
    status TEXT NOT NULL, label_format TEXT NOT NULL, carrier TEXT NOT NULL, weight_g INTEGER,
    label_id TEXT, shipment_id TEXT, tracking_code TEXT, download_url TEXT, file_path TEXT,
    sha256 TEXT, print_outcome TEXT, print_started INTEGER NOT NULL DEFAULT 0, printed_at TEXT,
    void_reason TEXT, updated_at TEXT NOT NULL);
CREATE INDEX journal_labels_cycle ON journal_labels (cycle_id, parcel_no);
CREATE INDEX journal_labels_order ON journal_labels (order_id);
CREATE INDEX journal_labels_tracking ON journal_labels (tracking_code);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, cycle_id TEXT,
    kind TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL, last_error TEXT NOT NULL DEFAULT '', delivered_at TEXT);
CREATE INDEX outbox_pending ON outbox (status, order_id, id);
CREATE TABLE print_jobs (
    id TEXT PRIMARY KEY, printer_uri TEXT NOT NULL, job_name TEXT NOT NULL,
    state TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, outcome TEXT, detail TEXT NOT NULL DEFAULT '',
    faults TEXT NOT NULL DEFAULT '', warnings TEXT NOT NULL DEFAULT '[]', next_attempt_at TEXT,
    printer_job_id TEXT, reference TEXT NOT NULL DEFAULT '', reprint_of TEXT, moved_to TEXT,
    format TEXT NOT NULL, content_type TEXT NOT NULL, content BLOB NOT NULL);
CREATE INDEX print_jobs_state ON print_jobs (state, created_at);
INSERT INTO journal_meta VALUES ('schema', '1'), ('station_uid', 'c0ffee42');
INSERT INTO journal_events (at, kind, order_id, detail)
    VALUES ('2026-11-30T08:00:00.000000+00:00', 'label_printed', 'A100', '{"parcel": 1}');
INSERT INTO outbox (order_id, kind, payload, status, created_at, next_attempt_at)
    VALUES ('A100', 'order_state', '{"state": "shipped"}', 'pending',
            '2026-11-30T08:00:00.000000+00:00', '2026-11-30T08:00:00.000000+00:00');
INSERT INTO print_jobs (id, printer_uri, job_name, state, created_at, updated_at, format,
                        content_type, content)
    VALUES ('j1', 'tcp://127.0.0.1:9100', 'Label A100', 'held',
            '2026-11-30T08:00:00.000000+00:00', '2026-11-30T08:01:00.000000+00:00', 'zpl',
            'text/plain', X'5E58415E585A');
"""
ALL_TABLES = {
    "journal_meta",
    "journal_events",
    "journal_cycles",
    "journal_labels",
    "outbox",
    "customs_declarations",
    "customs_manifests",
    "print_jobs",
    "pudo_choices",
    "return_records",
    "catalog_products",
    "order_receipts",
}


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def _tables(path: Path) -> set[str]:
    rows = _query(path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(r[0]) for r in rows} - {"sqlite_sequence"}


def _version(path: Path) -> int:
    return int(str(_query(path, "PRAGMA user_version")[0][0]))


def _previous_version_file(path: Path) -> Path:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(PREVIOUS_VERSION)
    finally:
        conn.close()
    return path


@pytest.mark.asyncio
async def test_a_journal_from_the_previous_version_is_migrated_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    path = _previous_version_file(tmp_path / "journal.sqlite3")
    assert _version(path) == 0

    async with SqliteJournal(path) as journal:
        events = await journal.events(order_id="A100")
        uid = await journal.station_uid()
        counts = await journal.counts()
        packed = await SqliteStationRecords(journal).packed_orders(None)
    async with SqlitePrintJobStore(path) as jobs:
        job = await jobs.get("j1")

    assert _version(path) == LATEST
    assert [(e.kind, e.order_id, dict(e.detail)) for e in events] == [
        ("label_printed", "A100", {"parcel": 1})
    ]
    assert events[0].at == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert uid == "c0ffee42"  # the station keeps its identity
    assert counts.pending == 1
    assert packed == []
    assert job is not None
    assert job.state is PrintJobState.HELD
    assert job.document.content == b"^XA^XZ"
    assert job.in_printer is False  # step 3's new column, with its default
    assert job.printed_at_count is None
    assert job.uncertain is False  # step 4's new column, with its default
    # step 5's: a job an older version left may have reached the printer (never resent blindly)
    assert job.dispatched is True
    # the tables the old version made lazily (or never) are there now
    assert _tables(path) == ALL_TABLES
    # step 2: the version lives in PRAGMA user_version only
    assert _query(path, "SELECT key FROM journal_meta ORDER BY key") == [("station_uid",)]


@pytest.mark.asyncio
async def test_a_file_that_already_has_the_print_queue_columns_migrates_too(
    tmp_path: Path,
) -> None:
    """Between releases the print queue added its columns itself (version 0 with them)."""
    path = _previous_version_file(tmp_path / "journal.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE print_jobs ADD COLUMN in_printer INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE print_jobs ADD COLUMN printed_at_count INTEGER")
    conn.execute("UPDATE print_jobs SET in_printer = 1, printed_at_count = 41")
    conn.commit()
    conn.close()

    async with SqlitePrintJobStore(path) as jobs:
        job = await jobs.get("j1")

    assert _version(path) == LATEST
    assert job is not None
    assert (job.in_printer, job.printed_at_count) == (True, 41)


@pytest.mark.asyncio
@pytest.mark.parametrize("store", [SqliteJournal, SqliteCustomsStore, SqlitePrintJobStore])
async def test_any_store_makes_a_new_file_at_the_latest_version(
    tmp_path: Path, store: type[SqliteJournal | SqliteCustomsStore | SqlitePrintJobStore]
) -> None:
    path = tmp_path / "data" / "journal.sqlite3"

    async with store(path):
        pass
    async with store(path):  # opening again changes nothing
        pass

    assert _version(path) == LATEST == len(STEPS)
    assert _tables(path) == ALL_TABLES


@pytest.mark.asyncio
async def test_the_stores_opening_one_new_file_together_agree(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    stores = (SqliteJournal(path), SqliteCustomsStore(path), SqlitePrintJobStore(path))

    await asyncio.gather(*(s.open() for s in stores))
    await asyncio.gather(*(s.close() for s in stores))

    assert _version(path) == LATEST
    assert _tables(path) == ALL_TABLES


@pytest.mark.asyncio
@pytest.mark.parametrize("store", [SqliteJournal, SqliteCustomsStore, SqlitePrintJobStore])
async def test_a_file_from_a_newer_version_is_refused_in_plain_words_and_left_alone(
    tmp_path: Path, store: type[SqliteJournal | SqliteCustomsStore | SqlitePrintJobStore]
) -> None:
    path = tmp_path / "journal.sqlite3"
    async with SqliteJournal(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE from_the_future (x)")
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()

    opened = store(path)
    with pytest.raises(SchemaTooNew) as refused:
        await opened.open()
    await opened.close()

    message = str(refused.value)
    assert str(path) in message
    assert "newer version of packstation" in message
    assert f"database version {LATEST + 1}" in message
    assert f"knows up to {LATEST}" in message
    assert isinstance(refused.value, sqlite3.DatabaseError)  # the CLI reports it as a file error
    assert _version(path) == LATEST + 1
    assert "from_the_future" in _tables(path)


def _steps(third: str) -> list[SchemaStep]:
    return [
        SchemaStep(1, "a table", "CREATE TABLE t (n INTEGER)"),
        SchemaStep(2, "a row", "INSERT INTO t VALUES (1)"),
        SchemaStep(3, "another table", third),
    ]


def test_the_runner_applies_each_step_once_and_a_failing_step_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "steps.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrate(
                conn,
                _steps("CREATE TABLE u (n INTEGER); INSERT INTO nowhere VALUES (1)"),
                what="test",
            )
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []

        assert migrate(conn, _steps("CREATE TABLE u (n INTEGER)"), what="test") == 0
        assert migrate(conn, _steps("CREATE TABLE u (n INTEGER)"), what="test") == 3

        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert conn.execute("SELECT n FROM t").fetchall() == [(1,)]  # step 2 ran once
        assert not conn.in_transaction
    finally:
        conn.close()


def test_a_file_at_an_older_version_gets_only_the_missing_steps(tmp_path: Path) -> None:
    path = tmp_path / "steps.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(conn, _steps("CREATE TABLE u (n INTEGER)")[:2], what="test")
        conn.execute("INSERT INTO t VALUES (2)")

        assert migrate(conn, _steps("CREATE TABLE u (n INTEGER)"), what="test") == 2

        assert conn.execute("SELECT n FROM t ORDER BY n").fetchall() == [(1,), (2,)]
        assert conn.execute("SELECT count(*) FROM u").fetchone() == (0,)
    finally:
        conn.close()


def test_steps_must_be_numbered_from_one_without_gaps(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "steps.sqlite3", isolation_level=None)
    try:
        with pytest.raises(ValueError, match="numbered"):
            migrate(
                conn, [SchemaStep(1, "a", "SELECT 1"), SchemaStep(3, "b", "SELECT 1")], what="test"
            )
    finally:
        conn.close()


def test_times_are_written_fixed_width_in_utc_and_read_back() -> None:
    cet = timezone(timedelta(hours=1))
    local = datetime(2026, 12, 7, 10, 0, tzinfo=cet)
    naive = datetime(2026, 12, 7, 9, 0, 0, 5)

    assert to_db_time(local) == "2026-12-07T09:00:00.000000+00:00"
    assert to_db_time(naive) == "2026-12-07T09:00:00.000005+00:00"  # naive counts as UTC
    assert sorted([to_db_time(naive), to_db_time(local)]) == [
        to_db_time(local),
        to_db_time(naive),
    ]  # text order is time order
    assert from_db_time(to_db_time(local)) == local
    assert from_db_time("2026-12-07T09:00:00") == datetime(2026, 12, 7, 9, tzinfo=UTC)
    assert from_db_time(None) is None
    assert from_db_time("") is None


def _held_exclusively(path: Path) -> sqlite3.Connection:
    """Another connection holding ``path`` with an exclusive lock (a new file: not yet WAL)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_statement_sqlite_refuses_at_once_as_busy_is_tried_again_until_the_lock_is_free(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    holder = _held_exclusively(path)
    opener = sqlite3.connect(path, isolation_level=None, timeout=0)  # BUSY at once, no waiting
    with pytest.raises(sqlite3.OperationalError) as refused:
        opener.execute("PRAGMA journal_mode=WAL")
    assert refused.value.sqlite_errorcode == sqlite3.SQLITE_BUSY
    tries: list[int] = []

    def switch() -> str:
        tries.append(1)
        if len(tries) == 3:
            holder.execute("COMMIT")  # the other connection lets go while we retry
        return str(opener.execute("PRAGMA journal_mode=WAL").fetchone()[0])

    assert retry_busy(switch, within_s=30) == "wal"
    assert len(tries) == 3
    holder.close()
    opener.close()


def test_busy_past_the_deadline_and_other_errors_are_raised(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    holder = _held_exclusively(path)
    opener = sqlite3.connect(path, isolation_level=None, timeout=0)
    tries: list[int] = []

    def switch() -> object:
        tries.append(1)
        return opener.execute("PRAGMA journal_mode=WAL")

    with pytest.raises(sqlite3.OperationalError) as busy:
        retry_busy(switch, within_s=0.05)
    assert busy.value.sqlite_errorcode == sqlite3.SQLITE_BUSY
    assert len(tries) >= 2  # tried again before giving up
    holder.execute("COMMIT")
    tries.clear()

    def misspelt() -> object:
        tries.append(1)
        return opener.execute("SELEC 1")

    with pytest.raises(sqlite3.OperationalError) as wrong:
        retry_busy(misspelt, within_s=30)
    assert wrong.value.sqlite_errorcode != sqlite3.SQLITE_BUSY
    assert tries == [1]  # not tried again
    holder.close()
    opener.close()


@pytest.mark.asyncio
async def test_a_declarations_note_keeps_its_kind_and_an_older_rows_note_stays_text(
    tmp_path: Path,
) -> None:
    """Step 6: a declaration's note is stored with its kind and facts; a row written at
    version 5 (its note only English text) is migrated and reads back as that text."""
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, STEPS[:5], what="test") == 0
        old = declaration("refused: hs_code: must be 6 to 10 digits", DeclarationStatus.REFUSED)
        conn.execute(
            """INSERT INTO customs_declarations (shipment_id, order_id, parcel_no, parcel_count,
                   cycle_id, kind, status, draft, note, created_at, updated_at)
               VALUES ('S1', 'A101', 1, 2, 'c1', ?, 'refused', ?, ?, ?, ?)""",
            (
                old.kind.value,
                json.dumps(draft_to_plain(old.draft)),
                old.note,
                to_db_time(datetime(2026, 12, 7, tzinfo=UTC)),
                to_db_time(datetime(2026, 12, 7, tzinfo=UTC)),
            ),
        )
    finally:
        conn.close()

    async with SqliteCustomsStore(path) as store:
        found = await store.declaration("S1")
        assert found is not None
        assert found.note == "refused: hs_code: must be 6 to 10 digits"
        assert not isinstance(found.note, Note)  # no kind: shown as an older version's text
        assert _version(path) == LATEST

        refused = Note(NoteKind.CUSTOMS_REFUSED, "English sentence", said="hs_code: too short")
        await store.save_declaration(declaration(refused, DeclarationStatus.REFUSED))
        typed = await store.declaration("S1")
        assert typed is not None
        assert isinstance(typed.note, Note)
        assert typed.note.kind is NoteKind.CUSTOMS_REFUSED
        assert dict(typed.note.facts) == {"said": "hs_code: too short"}
        assert typed.note.message == "English sentence"

        plain = declaration("", DeclarationStatus.ACCEPTED)  # no note: no kind left behind
        await store.save_declaration(plain)
        assert _query(path, "SELECT note, note_kind, note_facts FROM customs_declarations") == [
            ("", "", "{}")
        ]
    # a kind this version does not know (a newer one wrote it) reads as its text
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE customs_declarations SET note = 'later', note_kind = 'from_later'")
    finally:
        conn.close()
    async with SqliteCustomsStore(path) as store:
        later = await store.declaration("S1")
        assert later is not None
        assert later.note == "later"
        assert not isinstance(later.note, Note)


def test_the_extended_busy_codes_are_tried_again_too() -> None:
    # what SQLite reports while another connection recovers a WAL file (SQLITE_BUSY_RECOVERY)
    recovering = sqlite3.OperationalError("database is locked")
    recovering.sqlite_errorcode = sqlite3.SQLITE_BUSY | (1 << 8)
    answers: list[sqlite3.OperationalError | str] = [recovering, "wal"]

    def switch() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert retry_busy(switch, within_s=30) == "wal"
    assert answers == []
