"""The station database's schema: every table of the SQLite file in the data directory
(``journal.sqlite3``), in versioned steps.

The journal and outbox (``journal_sqlite``), the customs declarations (``customs_sqlite``), the
print queue (``print_jobs_sqlite``) and the other workflows' records (``station_records_sqlite``)
share one file, so the file has one version: ``PRAGMA user_version`` is the number of the last
step applied. Each store runs ``migrate_station_db`` when it opens its connection; whichever
comes first brings the file up to date in one transaction, the others find it done. A file
written by a newer packstation (a version above ``LATEST``) is refused with ``SchemaTooNew``
and left untouched.

To change the schema, append a step (never edit a released one): ``SchemaStep(n + 1, what,
statements)`` below, and a test in tests/unit/adapters/test_station_db.py that opens a file of
version n and migrates it.
"""

from __future__ import annotations

import sqlite3

from packstation.adapters.sqlite_worker import SchemaStep, migrate

# ---------------------------------------------------------------- version 1: each store's tables
# (as packstation wrote them before the file had a version; hence IF NOT EXISTS)

_JOURNAL_V1 = """
CREATE TABLE IF NOT EXISTS journal_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS journal_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    order_id TEXT,
    cycle_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS journal_events_order ON journal_events (order_id, id);
CREATE TABLE IF NOT EXISTS journal_cycles (
    cycle_id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    station TEXT NOT NULL,
    status TEXT NOT NULL,
    step TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    merchant_order TEXT,
    plan TEXT,
    sevensenders_id INTEGER,
    note TEXT NOT NULL DEFAULT '',
    scanned TEXT NOT NULL DEFAULT '[]',
    skip_reason TEXT
);
CREATE INDEX IF NOT EXISTS journal_cycles_order ON journal_cycles (order_id, created_at);
CREATE INDEX IF NOT EXISTS journal_cycles_status ON journal_cycles (status);
CREATE TABLE IF NOT EXISTS journal_labels (
    reference_number TEXT PRIMARY KEY,
    cycle_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    parcel_no INTEGER NOT NULL,
    parcel_count INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    status TEXT NOT NULL,
    label_format TEXT NOT NULL,
    carrier TEXT NOT NULL,
    weight_g INTEGER,
    label_id TEXT,
    shipment_id TEXT,
    tracking_code TEXT,
    download_url TEXT,
    file_path TEXT,
    sha256 TEXT,
    print_outcome TEXT,
    print_started INTEGER NOT NULL DEFAULT 0,
    printed_at TEXT,
    void_reason TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS journal_labels_cycle ON journal_labels (cycle_id, parcel_no);
CREATE INDEX IF NOT EXISTS journal_labels_order ON journal_labels (order_id);
CREATE INDEX IF NOT EXISTS journal_labels_tracking ON journal_labels (tracking_code);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    cycle_id TEXT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, order_id, id);
"""

_CUSTOMS_V1 = """
CREATE TABLE IF NOT EXISTS customs_declarations (
    shipment_id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    parcel_no INTEGER NOT NULL,
    parcel_count INTEGER NOT NULL,
    cycle_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    draft TEXT NOT NULL,
    problems TEXT NOT NULL DEFAULT '[]',
    customs_id TEXT,
    manifest_id TEXT,
    invoice_path TEXT,
    note TEXT NOT NULL DEFAULT '',
    planned_pickup TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS customs_declarations_order ON customs_declarations (order_id);
CREATE INDEX IF NOT EXISTS customs_declarations_status
    ON customs_declarations (status, planned_pickup);
CREATE TABLE IF NOT EXISTS customs_manifests (
    manifest_id TEXT PRIMARY KEY,
    pickup TEXT,
    shipment_ids TEXT NOT NULL,
    pieces INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sevensenders_id TEXT,
    reference TEXT,
    comment TEXT,
    note TEXT NOT NULL DEFAULT '',
    posted_at TEXT
);
"""

_PRINT_JOBS_V1 = """
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
    format TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS print_jobs_state ON print_jobs (state, created_at);
"""

_STATION_RECORDS_V1 = """
CREATE TABLE IF NOT EXISTS pudo_choices (
    order_id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL,
    carrier TEXT NOT NULL,
    location TEXT NOT NULL,
    chosen_at TEXT NOT NULL,
    station TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS return_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    sku TEXT,
    quantity INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    tracking_code TEXT NOT NULL DEFAULT '',
    station TEXT NOT NULL DEFAULT '',
    clerk TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    state_queued INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS return_records_order ON return_records (order_id, id);
CREATE INDEX IF NOT EXISTS return_records_at ON return_records (at);
CREATE TABLE IF NOT EXISTS catalog_products (
    sku TEXT PRIMARY KEY,
    product_hash TEXT NOT NULL,
    image_hash TEXT,
    image_file TEXT,
    synced_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS order_receipts (
    order_id TEXT PRIMARY KEY,
    order_date TEXT NOT NULL,
    received_at TEXT NOT NULL,
    data_hash TEXT NOT NULL,
    sevensenders_id INTEGER,
    state TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
"""

STEPS: tuple[SchemaStep, ...] = (
    SchemaStep(
        1,
        "the journal, outbox, customs, print queue and station records tables",
        _JOURNAL_V1 + _CUSTOMS_V1 + _PRINT_JOBS_V1 + _STATION_RECORDS_V1,
    ),
    SchemaStep(
        2,
        "journal: PRAGMA user_version replaces the 'schema' row of journal_meta",
        "DELETE FROM journal_meta WHERE key = 'schema'",
    ),
    SchemaStep(
        3,
        "print queue: whether the printer took the job, and its label counter at printing",
        run=lambda conn: _add_columns(
            conn,
            "print_jobs",
            (("in_printer", "INTEGER NOT NULL DEFAULT 0"), ("printed_at_count", "INTEGER")),
        ),
    ),
    SchemaStep(
        4,
        "print queue: a job a crash left sending that may have printed (the packer decides)",
        run=lambda conn: _add_columns(
            conn, "print_jobs", (("uncertain", "INTEGER NOT NULL DEFAULT 0"),)
        ),
    ),
    SchemaStep(
        5,
        "print queue: whether a job being sent may have reached the printer (a job written by "
        "an older version is taken as reached: it may have printed)",
        run=lambda conn: _add_columns(
            conn, "print_jobs", (("dispatched", "INTEGER NOT NULL DEFAULT 1"),)
        ),
    ),
    SchemaStep(
        6,
        "customs declarations: the kind and facts of the note (a row written by an older "
        "version has only its English text, shown as such)",
        run=lambda conn: _add_columns(
            conn,
            "customs_declarations",
            (
                ("note_kind", "TEXT NOT NULL DEFAULT ''"),
                ("note_facts", "TEXT NOT NULL DEFAULT '{}'"),
            ),
        ),
    ),
)
#: The version this packstation writes.
LATEST = STEPS[-1].version


def _add_columns(
    conn: sqlite3.Connection, table: str, columns: tuple[tuple[str, str], ...]
) -> None:
    """``ALTER TABLE … ADD COLUMN`` for each column the table lacks (a file written between
    releases may have some already)."""
    have = {str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")}
    for name, definition in columns:
        if name not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")


def migrate_station_db(conn: sqlite3.Connection) -> int:
    """Bring the station database on ``conn`` to ``LATEST``; returns the version it had."""
    return migrate(conn, STEPS, what="station database")
