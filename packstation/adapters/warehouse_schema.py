"""The warehouse store's schema as numbered migrations, applied in order, each once.

A migration is never edited once released: a change is a new migration with the next number.
``packstation_schema`` records what was applied (and when); benches starting at the same time
take a transaction-level advisory lock, so only one applies a migration.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


#: Taken by every bench while it migrates (an arbitrary constant, "PSWH").
ADVISORY_LOCK = 0x50535748
#: With the key id's hash: taken by the bench renewing that key's shared 7S token ("PSTK").
TOKEN_LOCK = 0x5053544B
#: With the pick-up's hash: taken by the bench claiming that pick-up's customs manifest ("PSMF").
MANIFEST_LOCK = 0x50534D46
#: The channel every change of what the shift view shows is announced on (LISTEN/NOTIFY).
FLOOR_CHANNEL = "packstation_floor"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "benches, order claims, journal copy",
        """
        CREATE TABLE benches (
            bench_key   text PRIMARY KEY,
            name        text NOT NULL,
            packer      text NOT NULL DEFAULT '',
            first_seen  timestamptz NOT NULL DEFAULT now(),
            seen_at     timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE order_claims (
            order_id     text PRIMARY KEY,
            bench_key    text NOT NULL,
            bench_name   text NOT NULL,
            packer       text NOT NULL DEFAULT '',
            claimed_at   timestamptz NOT NULL DEFAULT now(),
            heartbeat_at timestamptz NOT NULL DEFAULT now(),
            expires_at   timestamptz NOT NULL
        );
        CREATE INDEX order_claims_bench ON order_claims (bench_key);
        CREATE TABLE journal_events (
            bench_key  text NOT NULL,
            event_id   bigint NOT NULL,
            at         timestamptz NOT NULL,
            kind       text NOT NULL,
            order_id   text,
            cycle_id   text,
            detail     jsonb NOT NULL DEFAULT '{}'::jsonb,
            copied_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (bench_key, event_id)
        );
        CREATE INDEX journal_events_order ON journal_events (order_id);
        CREATE INDEX journal_events_kind_at ON journal_events (kind, at);
        CREATE TABLE claim_releases (
            id          bigserial PRIMARY KEY,
            order_id    text NOT NULL,
            bench_name  text NOT NULL,
            packer      text NOT NULL DEFAULT '',
            released_by text NOT NULL,
            reason      text NOT NULL,
            at          timestamptz NOT NULL DEFAULT now()
        );
        """,
    ),
    Migration(
        2,
        "bench status for the shift view",
        """
        ALTER TABLE benches ADD COLUMN status jsonb NOT NULL DEFAULT '{}'::jsonb;
        """,
    ),
    Migration(
        3,
        "the benches' shared 7S token per access key (sealed)",
        """
        CREATE TABLE api_tokens (
            key_id     text PRIMARY KEY,   -- derived from API address + access key (scrypt)
            sealed     bytea NOT NULL,     -- AES-256-GCM, key derived from the access key
            expires_at timestamptz NOT NULL,
            renewed_at timestamptz NOT NULL DEFAULT now(),
            renewed_by text NOT NULL,
            renewals   bigint NOT NULL DEFAULT 1
        );
        """,
    ),
    Migration(
        4,
        "the warehouse's customs shipments and manifests per pick-up",
        """
        CREATE TABLE customs_shipments (
            shipment_id    text PRIMARY KEY,   -- 7S shipment id (unique across the account)
            bench_key      text NOT NULL,
            bench_name     text NOT NULL,
            order_id       text NOT NULL,
            parcel_no      integer NOT NULL,
            planned_pickup timestamptz NOT NULL,
            manifest_id    text,               -- set when a manifest holding it was posted
            updated_at     timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX customs_shipments_waiting ON customs_shipments (planned_pickup)
            WHERE manifest_id IS NULL;
        CREATE TABLE pickup_manifests (
            manifest_id     text PRIMARY KEY,
            pickup          timestamptz NOT NULL,
            bench_key       text NOT NULL,
            bench_name      text NOT NULL,
            posted_by       text NOT NULL DEFAULT '',
            state           text NOT NULL,     -- posting | posted | dropped
            shipment_ids    text[] NOT NULL,
            claimed_at      timestamptz NOT NULL DEFAULT now(),
            expires_at      timestamptz NOT NULL,
            posted_at       timestamptz,
            sevensenders_id text
        );
        CREATE INDEX pickup_manifests_pickup ON pickup_manifests (pickup);
        """,
    ),
    Migration(
        5,
        "announce changes of the floor (NOTIFY packstation_floor) for live shift views",
        """
        CREATE FUNCTION packstation_floor_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            -- one notification per table and transaction (PostgreSQL folds equal ones)
            PERFORM pg_notify('packstation_floor', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER floor_changed AFTER INSERT OR UPDATE OR DELETE ON benches
            FOR EACH STATEMENT EXECUTE FUNCTION packstation_floor_changed();
        CREATE TRIGGER floor_changed AFTER INSERT OR UPDATE OR DELETE ON order_claims
            FOR EACH STATEMENT EXECUTE FUNCTION packstation_floor_changed();
        CREATE TRIGGER floor_changed AFTER INSERT ON journal_events
            FOR EACH STATEMENT EXECUTE FUNCTION packstation_floor_changed();
        CREATE TRIGGER floor_changed AFTER INSERT OR UPDATE OR DELETE ON customs_shipments
            FOR EACH STATEMENT EXECUTE FUNCTION packstation_floor_changed();
        CREATE TRIGGER floor_changed AFTER INSERT OR UPDATE OR DELETE ON pickup_manifests
            FOR EACH STATEMENT EXECUTE FUNCTION packstation_floor_changed();
        """,
    ),
    Migration(
        6,
        "the shift view's figures read from small indexes (live views read them often)",
        """
        CREATE INDEX journal_events_done ON journal_events (at)
            INCLUDE (bench_key, cycle_id, order_id)
            WHERE kind = 'cycle_step' AND detail->>'step' = 'done';
        CREATE INDEX journal_events_opened ON journal_events (at)
            INCLUDE (bench_key, cycle_id) WHERE kind = 'cycle_opened';
        CREATE INDEX journal_events_labels ON journal_events (at)
            INCLUDE (bench_key) WHERE kind = 'label_bought';
        """,
    ),
)
