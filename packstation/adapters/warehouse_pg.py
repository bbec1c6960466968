"""The warehouse store on PostgreSQL (psycopg 3, async): order claims, the journal copy and the
benches' shared 7S token (sealed, see ``shared_token``).

One connection per bench, opened lazily and again after a failure (never more often than the
backoff allows, so a bench whose server is down does not wait on every scan). Every call has a
deadline; a failure of any kind becomes ``WarehouseUnavailable`` with a plain sentence that
names the server (never its password) and the bench goes on alone. The schema is migrated on
the first connection (``warehouse_schema``), under an advisory lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import DictRow, dict_row
from psycopg.types.json import Jsonb

from packstation.adapters.warehouse_schema import (
    ADVISORY_LOCK,
    FLOOR_CHANNEL,
    MANIFEST_LOCK,
    MIGRATIONS,
    TOKEN_LOCK,
)
from packstation.domain.cycle import JournalEvent
from packstation.domain.warehouse import (
    SHIFT_LIST_CAP,
    BenchFigures,
    BenchId,
    Claim,
    ClaimAnswer,
    ClaimOutcome,
    ManifestClaim,
    ManifestState,
    ShiftFigures,
    TokenRenewal,
    WarehouseCustoms,
    WarehouseManifest,
    WarehouseUnavailable,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
Conn = psycopg.AsyncConnection[DictRow]


def describe_dsn(dsn: str) -> str:
    """``host:port/dbname`` of a connection string, for messages (never the password)."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "the warehouse database (its address is not valid)"
    host = str(parts.get("host") or "localhost")
    port = str(parts.get("port") or "5432")
    return f"{host}:{port}/{parts.get('dbname') or parts.get('user') or ''}"


def check_dsn(dsn: str) -> str | None:
    """A plain sentence when ``dsn`` is not a usable PostgreSQL address, else None."""
    if not dsn.startswith(("postgresql://", "postgres://")):
        return "must start with postgresql://"
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        return f"is not a PostgreSQL address ({str(exc).splitlines()[0]})"
    if parts.get("password"):
        return (
            "must not contain a password: put it in the bench user's ~/.pgpass (pgpass.conf on "
            "Windows) or PGPASSWORD, or use a client certificate"
        )
    return None


class PostgresWarehouse:
    """``ports.WarehouseStore`` on PostgreSQL."""

    def __init__(
        self,
        dsn: str,
        *,
        call_timeout_s: float = 3.0,
        connect_timeout_s: float = 3.0,
        retry_after_s: float = 5.0,
        application_name: str = "packstation",
        renew_timeout_s: float = 60.0,
    ) -> None:
        """``renew_timeout_s``: how long a token renewal may hold (or wait for) the key's lock:
        longer than one ``POST /token`` with its retries may take."""
        self._dsn = dsn
        self.where = describe_dsn(dsn)
        self._call_timeout = call_timeout_s
        self._connect_timeout = connect_timeout_s
        self._retry_after = retry_after_s
        self._application_name = application_name[:63]
        self._renew_timeout = renew_timeout_s
        self._conn: Conn | None = None
        self._lock = asyncio.Lock()
        self._next_try = 0.0
        self._problem = ""

    # ------------------------------------------------------------------ connection

    async def close(self) -> None:
        async with self._lock:
            await self._drop()

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await conn.close()

    async def _connection(self) -> Conn:
        if self._conn is not None and not self._conn.closed:
            return self._conn
        if time.monotonic() < self._next_try:
            raise WarehouseUnavailable(self._problem)
        try:
            async with asyncio.timeout(self._connect_timeout + 2):
                conn = await psycopg.AsyncConnection.connect(
                    self._dsn,
                    autocommit=True,
                    row_factory=dict_row,
                    connect_timeout=max(2, int(self._connect_timeout)),
                    application_name=self._application_name,
                )
                try:
                    await self._migrate(conn)
                except BaseException:
                    await conn.close()
                    raise
        except (psycopg.Error, OSError, TimeoutError) as exc:
            self._problem = self._words(exc)
            self._next_try = time.monotonic() + self._retry_after
            raise WarehouseUnavailable(self._problem) from None
        self._conn = conn
        self._problem = ""
        return conn

    def _words(self, exc: BaseException) -> str:
        if isinstance(exc, TimeoutError):
            why = "it did not answer in time"
        elif isinstance(exc, psycopg.errors.InsufficientPrivilege):
            why = (
                "the bench's role may not do this; migrations need the owner role "
                f"(`packstation warehouse migrate`): {str(exc).splitlines()[0]}"
            )
        else:
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            why = (lines[0] if lines else "").removeprefix("FATAL:").strip()
            why = why or type(exc).__name__
        return f"The warehouse database {self.where} cannot be used: {why}"

    async def _run(self, op: Callable[[Conn], Awaitable[T]], timeout_s: float | None = None) -> T:
        async with self._lock:
            conn = await self._connection()
            try:
                async with asyncio.timeout(timeout_s or self._call_timeout):
                    return await op(conn)
            except (psycopg.OperationalError, psycopg.InterfaceError, OSError, TimeoutError) as exc:
                self._problem = self._words(exc)
                self._next_try = time.monotonic() + min(self._retry_after, 1.0)
                await self._drop()
                raise WarehouseUnavailable(self._problem) from None
            except psycopg.Error as exc:
                raise WarehouseUnavailable(self._words(exc)) from None

    @staticmethod
    async def _migrate(conn: Conn) -> None:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK,))
            exists = await (
                await conn.execute("SELECT to_regclass('packstation_schema') AS t")
            ).fetchone()
            if exists is None or exists["t"] is None:
                await conn.execute(
                    """CREATE TABLE packstation_schema (
                           version    integer PRIMARY KEY,
                           name       text NOT NULL,
                           applied_at timestamptz NOT NULL DEFAULT now())"""
                )
            rows = await (await conn.execute("SELECT version FROM packstation_schema")).fetchall()
            done = {int(row["version"]) for row in rows}
            for migration in MIGRATIONS:
                if migration.version in done:
                    continue
                log.info("warehouse schema: migration %d (%s)", migration.version, migration.name)
                await conn.execute(migration.sql.encode())
                await conn.execute(
                    "INSERT INTO packstation_schema (version, name) VALUES (%s, %s)",
                    (migration.version, migration.name),
                )

    async def migrate(self) -> list[int]:
        """Apply missing migrations now (the owner role's command); the versions present."""

        async def op(conn: Conn) -> list[int]:
            rows = await (
                await conn.execute("SELECT version FROM packstation_schema ORDER BY version")
            ).fetchall()
            return [int(row["version"]) for row in rows]

        return await self._run(op)

    # ------------------------------------------------------------------ claims

    async def claim(
        self, order_id: str, bench: BenchId, packer: str, lease_s: float, *, takeover: bool = False
    ) -> ClaimAnswer:
        params = {
            "order": order_id,
            "key": bench.key,
            "name": bench.name,
            "packer": packer,
            "lease": float(lease_s),
            "takeover": takeover,
        }

        async def op(conn: Conn) -> ClaimAnswer:
            for _ in range(3):  # the holder may release between the two statements
                row = await (
                    await conn.execute(
                        """
                        INSERT INTO order_claims AS c
                            (order_id, bench_key, bench_name, packer, expires_at)
                        VALUES (%(order)s, %(key)s, %(name)s, %(packer)s,
                                now() + make_interval(secs => %(lease)s))
                        ON CONFLICT (order_id) DO UPDATE SET
                            bench_key = EXCLUDED.bench_key,
                            bench_name = EXCLUDED.bench_name,
                            packer = EXCLUDED.packer,
                            claimed_at = CASE WHEN c.bench_key = EXCLUDED.bench_key
                                              THEN c.claimed_at ELSE now() END,
                            heartbeat_at = now(),
                            expires_at = EXCLUDED.expires_at
                        WHERE c.bench_key = EXCLUDED.bench_key
                           OR c.expires_at < now()
                           OR %(takeover)s
                        RETURNING *
                        """,
                        params,
                    )
                ).fetchone()
                if row is not None:
                    return ClaimAnswer(ClaimOutcome.GRANTED, _claim(row))
                holder = await (
                    await conn.execute(
                        "SELECT * FROM order_claims WHERE order_id = %s", (order_id,)
                    )
                ).fetchone()
                if holder is not None:
                    return ClaimAnswer(ClaimOutcome.HELD_ELSEWHERE, _claim(holder))
            raise WarehouseUnavailable(f"The claim on {order_id} kept changing hands.")

        return await self._run(op)

    async def heartbeat(
        self,
        bench: BenchId,
        packer: str,
        order_ids: Sequence[str],
        lease_s: float,
        status: Mapping[str, int | None] | None = None,
    ) -> None:
        async def op(conn: Conn) -> None:
            async with conn.transaction():
                await conn.execute(
                    """
                    INSERT INTO benches (bench_key, name, packer, status) VALUES (%s, %s, %s, %s)
                    ON CONFLICT (bench_key) DO UPDATE
                        SET name = EXCLUDED.name, packer = EXCLUDED.packer, seen_at = now(),
                            status = EXCLUDED.status
                    """,
                    (bench.key, bench.name, packer, Jsonb(dict(status or {}))),
                )
                if order_ids:
                    await conn.execute(
                        """
                        UPDATE order_claims
                           SET heartbeat_at = now(),
                               expires_at = now() + make_interval(secs => %s)
                         WHERE bench_key = %s AND order_id = ANY(%s)
                        """,
                        (float(lease_s), bench.key, list(order_ids)),
                    )

        await self._run(op)

    async def release(
        self, order_id: str, bench: BenchId | None, *, by: str = "", reason: str = ""
    ) -> bool:
        async def op(conn: Conn) -> bool:
            if bench is not None:
                cursor = await conn.execute(
                    "DELETE FROM order_claims WHERE order_id = %s AND bench_key = %s "
                    "RETURNING order_id",
                    (order_id, bench.key),
                )
                return await cursor.fetchone() is not None
            async with conn.transaction():
                row = await (
                    await conn.execute(
                        "DELETE FROM order_claims WHERE order_id = %s RETURNING *", (order_id,)
                    )
                ).fetchone()
                if row is None:
                    return False
                await conn.execute(
                    """INSERT INTO claim_releases
                           (order_id, bench_name, packer, released_by, reason)
                       VALUES (%s, %s, %s, %s, %s)""",
                    (order_id, row["bench_name"], row["packer"], by, reason),
                )
                return True

        return await self._run(op)

    async def claims(self) -> list[Claim]:
        async def op(conn: Conn) -> list[Claim]:
            rows = await (
                await conn.execute("SELECT * FROM order_claims ORDER BY claimed_at, order_id")
            ).fetchall()
            return [_claim(row) for row in rows]

        return await self._run(op)

    async def packed_at(self, order_id: str) -> tuple[str, datetime] | None:
        async def op(conn: Conn) -> tuple[str, datetime] | None:
            row = await (
                await conn.execute(
                    """
                    SELECT COALESCE(b.name, e.bench_key) AS bench, e.at
                      FROM journal_events e LEFT JOIN benches b USING (bench_key)
                     WHERE e.order_id = %s AND e.kind = 'label_bought'
                     ORDER BY e.at, e.event_id LIMIT 1
                    """,
                    (order_id,),
                )
            ).fetchone()
            return (str(row["bench"]), row["at"]) if row else None

        return await self._run(op)

    async def shift(self, since: datetime, *, online_s: float, idle_s: float) -> ShiftFigures:
        params = {
            "since": since,
            "online": float(online_s),
            "idle": float(idle_s),
            "cap": SHIFT_LIST_CAP,
        }

        async def op(conn: Conn) -> ShiftFigures:
            async def rows(query: str) -> list[dict[str, Any]]:
                cursor = await conn.execute(query, params if "%(" in query else None)
                return await cursor.fetchall()

            claims, idle = await rows(_SHIFT_CLAIMS), await rows(_SHIFT_IDLE)
            return ShiftFigures(
                since=since,
                benches=tuple(_figures(row) for row in await rows(_SHIFT_BENCHES)),
                claims=tuple(_claim(row) for row in claims),
                idle_claims=tuple(_claim(row) for row in idle),
                claims_more=_beyond(claims),
                idle_more=_beyond(idle),
                customs_waiting=tuple(_customs(row) for row in await rows(_SHIFT_WAITING)),
                manifests=tuple(_manifest(row) for row in await rows(_SHIFT_MANIFESTS)),
            )

        return await self._run(op)

    async def listen(
        self,
        changed: Callable[[], None],
        *,
        probe_s: float = 30.0,
        ready: Callable[[], None] | None = None,
    ) -> None:
        """Call ``changed`` whenever another connection commits a change of what the shift view
        shows (LISTEN on its own connection; the schema's triggers NOTIFY), until cancelled.

        ``ready`` is called once the connection listens (autocommit: LISTEN is in force). With
        no notification for ``probe_s`` the connection is checked (a server gone without a word
        is noticed); what arrives meanwhile psycopg keeps for the next wait (from 3.2.4). Raises
        ``WarehouseUnavailable`` when it cannot listen or the connection is lost: the caller
        polls instead (and may listen again later).
        """
        try:
            async with asyncio.timeout(self._connect_timeout + 2):
                conn = await psycopg.AsyncConnection.connect(
                    self._dsn,
                    autocommit=True,
                    connect_timeout=max(2, int(self._connect_timeout)),
                    application_name=f"{self._application_name[:56]} listen",
                )
        except (psycopg.Error, OSError, TimeoutError) as exc:
            raise WarehouseUnavailable(self._words(exc)) from None
        try:
            async with asyncio.timeout(self._call_timeout):
                found = await (
                    await conn.execute("SELECT to_regproc('packstation_floor_changed') AS f")
                ).fetchone()
                if found is None or found[0] is None:
                    raise WarehouseUnavailable(
                        f"The warehouse database {self.where} does not announce changes yet "
                        "(schema older than 5: `packstation warehouse migrate`)"
                    )
                await conn.execute(f"LISTEN {FLOOR_CHANNEL}")
            if ready is not None:
                ready()
            while True:
                async for _ in conn.notifies(timeout=probe_s):
                    changed()
                async with asyncio.timeout(self._call_timeout):
                    await conn.execute("SELECT 1")
        except (psycopg.Error, OSError, TimeoutError) as exc:
            raise WarehouseUnavailable(self._words(exc)) from None
        finally:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await conn.close()

    # ------------------------------------------------------------------ the shared 7S token

    async def shared_token(
        self,
        key_id: str,
        usable: Callable[[bytes], bool],
        renew: Callable[[], Awaitable[tuple[bytes, float]]],
    ) -> bytes:
        """``shared_token.SealedTokenStore``: the key's sealed token, renewed by one bench at a
        time under a transaction-level advisory lock on the key (freed if the bench dies)."""
        select = "SELECT sealed FROM api_tokens WHERE key_id = %s"

        async def read(conn: Conn) -> bytes | None:
            row = await (await conn.execute(select, (key_id,))).fetchone()
            return bytes(row["sealed"]) if row is not None else None

        current = await self._run(read)
        if current is not None and usable(current):
            return current

        async def locked(conn: Conn) -> bytes:
            async with conn.transaction():
                await conn.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (TOKEN_LOCK, key_id)
                )
                found = await read(conn)
                if found is not None and usable(found):
                    return found  # another bench renewed it while this one waited
                sealed, expires_at = await renew()
                await conn.execute(
                    """
                    INSERT INTO api_tokens AS t (key_id, sealed, expires_at, renewed_by)
                    VALUES (%s, %s, to_timestamp(%s), current_setting('application_name'))
                    ON CONFLICT (key_id) DO UPDATE SET
                        sealed = EXCLUDED.sealed, expires_at = EXCLUDED.expires_at,
                        renewed_at = now(), renewed_by = EXCLUDED.renewed_by,
                        renewals = t.renewals + 1
                    """,
                    (key_id, sealed, expires_at),
                )
                return sealed

        return await self._run(locked, self._renew_timeout)

    async def token_renewals(self) -> list[TokenRenewal]:
        """When each shared token was renewed, by whom, until when (no token, no key)."""

        async def op(conn: Conn) -> list[TokenRenewal]:
            rows = await (
                await conn.execute(
                    "SELECT key_id, renewed_at, renewed_by, expires_at, renewals "
                    "FROM api_tokens ORDER BY renewed_at"
                )
            ).fetchall()
            return [
                TokenRenewal(
                    key=str(r["key_id"])[:8],
                    renewed_at=r["renewed_at"],
                    renewed_by=str(r["renewed_by"]),
                    expires_at=r["expires_at"],
                    renewals=int(r["renewals"]),
                )
                for r in rows
            ]

        return await self._run(op)

    # ------------------------------------------------------------------ customs manifests

    async def publish_customs(
        self, bench: BenchId, waiting: Sequence[WarehouseCustoms]
    ) -> list[tuple[WarehouseCustoms, WarehouseManifest]]:
        """The bench's customs shipments waiting for a manifest, replacing what it published
        before; returns those of them that a posted manifest holds (with that manifest)."""
        ids = [c.shipment_id for c in waiting]
        rows = [
            (c.shipment_id, bench.key, bench.name, c.order_id, c.parcel_no, c.planned_pickup)
            for c in waiting
        ]

        async def op(conn: Conn) -> list[tuple[WarehouseCustoms, WarehouseManifest]]:
            async with conn.transaction():
                await conn.execute(
                    "DELETE FROM customs_shipments WHERE bench_key = %s "
                    "AND manifest_id IS NULL AND NOT (shipment_id = ANY(%s))",
                    (bench.key, ids),
                )
                if rows:
                    async with conn.cursor() as cursor:
                        await cursor.executemany(
                            """
                            INSERT INTO customs_shipments AS c (shipment_id, bench_key,
                                bench_name, order_id, parcel_no, planned_pickup)
                            VALUES (%s, %s, %s, %s, %s, %s)
                            ON CONFLICT (shipment_id) DO UPDATE SET
                                bench_key = EXCLUDED.bench_key,
                                bench_name = EXCLUDED.bench_name,
                                order_id = EXCLUDED.order_id,
                                parcel_no = EXCLUDED.parcel_no,
                                planned_pickup = EXCLUDED.planned_pickup,
                                updated_at = now()
                            """,
                            rows,
                        )
                found = await (
                    await conn.execute(
                        """
                        SELECT c.shipment_id, c.order_id, c.parcel_no, c.planned_pickup,
                               c.bench_name AS owner, m.*
                          FROM customs_shipments c
                          JOIN pickup_manifests m ON m.manifest_id = c.manifest_id
                         WHERE c.shipment_id = ANY(%s) AND m.state = 'posted'
                        """,
                        (ids,),
                    )
                ).fetchall()
            return [(_customs(r, bench_name=str(r["owner"])), _manifest(r)) for r in found]

        return await self._run(op)

    async def customs_waiting(self, bench: BenchId) -> list[WarehouseCustoms]:
        """The other benches' customs shipments that no posted manifest holds yet."""

        async def op(conn: Conn) -> list[WarehouseCustoms]:
            rows = await (
                await conn.execute(
                    """
                    SELECT * FROM customs_shipments
                     WHERE manifest_id IS NULL AND bench_key <> %s
                     ORDER BY planned_pickup, order_id, parcel_no
                    """,
                    (bench.key,),
                )
            ).fetchall()
            return [_customs(r) for r in rows]

        return await self._run(op)

    async def claim_manifest(
        self, bench: BenchId, manifest: WarehouseManifest, lease_s: float
    ) -> ManifestClaim:
        """Claim posting ``manifest`` for its pick-up, under the pick-up's lock: refused while
        another bench is posting that pick-up's manifest (lease not run out), when a posted
        manifest already holds one of its shipments, or when another bench has its id."""
        pickup_key = manifest.pickup.astimezone(UTC).isoformat()
        params = {
            "id": manifest.manifest_id,
            "pickup": manifest.pickup,
            "key": bench.key,
            "name": bench.name,
            "by": manifest.posted_by,
            "ids": list(manifest.shipment_ids),
            "lease": float(lease_s),
        }

        async def op(conn: Conn) -> ManifestClaim:
            async with conn.transaction():
                await conn.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (MANIFEST_LOCK, pickup_key)
                )
                holder = await (
                    await conn.execute(
                        """
                        SELECT * FROM pickup_manifests
                         WHERE manifest_id <> %(id)s AND (
                               (pickup = %(pickup)s AND state = 'posting'
                                AND expires_at > now() AND bench_key <> %(key)s)
                            OR (state = 'posted' AND shipment_ids && %(ids)s::text[]))
                         ORDER BY state = 'posted' DESC, claimed_at LIMIT 1
                        """,
                        params,
                    )
                ).fetchone()
                if holder is not None:
                    return ManifestClaim(False, _manifest(holder))
                row = await (
                    await conn.execute(
                        """
                        INSERT INTO pickup_manifests AS m (manifest_id, pickup, bench_key,
                            bench_name, posted_by, state, shipment_ids, expires_at)
                        VALUES (%(id)s, %(pickup)s, %(key)s, %(name)s, %(by)s, 'posting',
                                %(ids)s, now() + make_interval(secs => %(lease)s))
                        ON CONFLICT (manifest_id) DO UPDATE SET
                            pickup = EXCLUDED.pickup, posted_by = EXCLUDED.posted_by,
                            state = 'posting', shipment_ids = EXCLUDED.shipment_ids,
                            claimed_at = now(), expires_at = EXCLUDED.expires_at
                        WHERE m.bench_key = EXCLUDED.bench_key AND m.state <> 'posted'
                        RETURNING *
                        """,
                        params,
                    )
                ).fetchone()
                if row is not None:
                    return ManifestClaim(True, _manifest(row))
                taken = await (
                    await conn.execute(
                        "SELECT * FROM pickup_manifests WHERE manifest_id = %(id)s", params
                    )
                ).fetchone()
                return ManifestClaim(False, _manifest(taken) if taken else None)

        return await self._run(op)

    async def manifest_done(self, bench: BenchId, manifest: WarehouseManifest) -> None:
        """The manifest was posted (its shipments are in it from now on) or dropped."""
        params = {
            "id": manifest.manifest_id,
            "pickup": manifest.pickup,
            "key": bench.key,
            "name": bench.name,
            "by": manifest.posted_by,
            "state": str(manifest.state),
            "ids": list(manifest.shipment_ids),
            "ss_id": manifest.sevensenders_id,
            "posted": manifest.state is ManifestState.POSTED,
        }

        async def op(conn: Conn) -> None:
            async with conn.transaction():
                await conn.execute(
                    """
                    INSERT INTO pickup_manifests AS m (manifest_id, pickup, bench_key,
                        bench_name, posted_by, state, shipment_ids, expires_at, posted_at,
                        sevensenders_id)
                    VALUES (%(id)s, %(pickup)s, %(key)s, %(name)s, %(by)s, %(state)s, %(ids)s,
                            now(), CASE WHEN %(posted)s THEN now() END, %(ss_id)s)
                    ON CONFLICT (manifest_id) DO UPDATE SET
                        state = EXCLUDED.state, posted_at = EXCLUDED.posted_at,
                        sevensenders_id = EXCLUDED.sevensenders_id, expires_at = now()
                    WHERE m.state <> 'posted'
                    """,
                    params,
                )
                if params["posted"]:
                    await conn.execute(
                        "UPDATE customs_shipments SET manifest_id = %(id)s, updated_at = now() "
                        "WHERE shipment_id = ANY(%(ids)s)",
                        params,
                    )

        await self._run(op)

    async def manifests_since(self, since: datetime) -> list[WarehouseManifest]:
        """The warehouse's manifests posted or being posted for pick-ups from ``since`` on."""

        async def op(conn: Conn) -> list[WarehouseManifest]:
            rows = await (
                await conn.execute(
                    """
                    SELECT * FROM pickup_manifests
                     WHERE pickup >= %s AND (state = 'posted'
                           OR (state = 'posting' AND expires_at > now()))
                     ORDER BY pickup, claimed_at
                    """,
                    (since,),
                )
            ).fetchall()
            return [_manifest(r) for r in rows]

        return await self._run(op)

    # ------------------------------------------------------------------ journal copy

    async def copied_up_to(self, bench: BenchId) -> int:
        async def op(conn: Conn) -> int:
            row = await (
                await conn.execute(
                    "SELECT COALESCE(MAX(event_id), 0) AS n FROM journal_events "
                    "WHERE bench_key = %s",
                    (bench.key,),
                )
            ).fetchone()
            return int(row["n"]) if row else 0

        return await self._run(op)

    async def copy_events(self, bench: BenchId, events: Sequence[JournalEvent]) -> None:
        rows = [
            (
                bench.key,
                event.id,
                event.at,
                str(event.kind),
                event.order_id,
                event.cycle_id,
                Jsonb(dict(event.detail)),
            )
            for event in events
            if event.id is not None and event.at is not None
        ]
        if not rows:
            return

        async def op(conn: Conn) -> None:
            async with conn.transaction(), conn.cursor() as cursor:
                await cursor.executemany(
                    """
                    INSERT INTO journal_events
                        (bench_key, event_id, at, kind, order_id, cycle_id, detail)
                    VALUES (%s, %s, %s, %s, %s, %s, %s)
                    ON CONFLICT (bench_key, event_id) DO NOTHING
                    """,
                    rows,
                )

        await self._run(op)


# ---------------------------------------------------------------------- the shift view's queries

#: Every bench with its figures since %(since)s: one pass per bench over three small indexes
#: (migration 6), not a scan per bench and figure.
_SHIFT_BENCHES = """
    WITH done AS (
        SELECT bench_key, cycle_id, order_id, at FROM journal_events
         WHERE kind = 'cycle_step' AND detail->>'step' = 'done'
           AND at >= %(since)s),
    opened AS (
        SELECT bench_key, cycle_id, min(at) AS at FROM journal_events
         WHERE kind = 'cycle_opened' AND at >= %(since)s - interval '1 day'
         GROUP BY bench_key, cycle_id),
    packed AS (  -- one pass per bench, not a scan per bench and figure
        SELECT d.bench_key,
               count(DISTINCT d.order_id) AS packed,
               count(DISTINCT d.order_id)
                   FILTER (WHERE d.at >= now() - interval '1 hour') AS last_hour,
               -- cycles without their opening are left out (nulls are ignored)
               percentile_cont(0.5) WITHIN GROUP
                   (ORDER BY extract(epoch FROM d.at - o.at)) AS pack_p50
          FROM done d LEFT JOIN opened o USING (bench_key, cycle_id)
         GROUP BY d.bench_key),
    labels AS (
        SELECT bench_key, count(*) AS labels FROM journal_events
         WHERE kind = 'label_bought' AND at >= %(since)s
         GROUP BY bench_key)
    SELECT b.name, b.packer, b.seen_at, b.status,
           b.seen_at > now() - make_interval(secs => %(online)s) AS online,
           COALESCE(p.packed, 0) AS packed,
           COALESCE(p.last_hour, 0) AS last_hour,
           COALESCE(l.labels, 0) AS labels,
           p.pack_p50
      FROM benches b
      LEFT JOIN packed p USING (bench_key)
      LEFT JOIN labels l USING (bench_key)
     ORDER BY b.name
"""
#: The live claims, the first %(cap)s of them (``total``: how many there are).
_SHIFT_CLAIMS = """
    SELECT *, count(*) OVER () AS total FROM order_claims WHERE expires_at > now()
     ORDER BY claimed_at, order_id LIMIT %(cap)s
"""
#: Claimed longer than %(idle)s seconds ago, and nothing of the holder about it since.
_SHIFT_IDLE = """
    SELECT c.*, count(*) OVER () AS total FROM order_claims c
     WHERE c.expires_at > now()
       AND c.claimed_at < now() - make_interval(secs => %(idle)s)
       AND NOT EXISTS (
           SELECT 1 FROM journal_events e
            WHERE e.bench_key = c.bench_key AND e.order_id = c.order_id
              AND e.at > now() - make_interval(secs => %(idle)s))
     ORDER BY c.claimed_at, c.order_id LIMIT %(cap)s
"""
#: The customs shipments of the earliest pick-up any still wait for: all that the next manifest
#: due needs (a later pick-up's never decides it), not every day's that were never manifested.
_SHIFT_WAITING = """
    SELECT * FROM customs_shipments
     WHERE manifest_id IS NULL AND planned_pickup = (
           SELECT min(planned_pickup) FROM customs_shipments WHERE manifest_id IS NULL)
     ORDER BY order_id, parcel_no
"""
#: The manifests of the last week's pick-ups, posted or being posted.
_SHIFT_MANIFESTS = """
    SELECT * FROM pickup_manifests
     WHERE pickup >= now() - interval '7 days' AND (state = 'posted'
           OR (state = 'posting' AND expires_at > now()))
     ORDER BY pickup, claimed_at
"""


def _figures(row: dict[str, Any]) -> BenchFigures:
    status = row["status"] if isinstance(row["status"], dict) else {}

    def reported(name: str) -> int | None:
        value = status.get(name)
        return int(value) if isinstance(value, int) else None

    p50 = row["pack_p50"]
    return BenchFigures(
        name=str(row["name"]),
        packer=str(row["packer"]),
        online=bool(row["online"]),
        seen_at=row["seen_at"],
        orders_packed=int(row["packed"]),
        last_hour=int(row["last_hour"]),
        labels=int(row["labels"]),
        pack_time_p50_s=float(p50) if p50 is not None else None,
        outbox_pending=reported("outbox_pending"),
        outbox_failed=reported("outbox_failed"),
        held_labels=reported("held_labels"),
        customs_pending=reported("customs_pending"),
    )


def _beyond(rows: list[dict[str, Any]]) -> int:
    """How many rows the query's LIMIT left out (each row carries the ``total``)."""
    return int(rows[0]["total"]) - len(rows) if rows else 0


def _claim(row: dict[str, Any]) -> Claim:
    def ts(name: str) -> datetime:
        value = row[name]
        assert isinstance(value, datetime)
        return value

    return Claim(
        order_id=str(row["order_id"]),
        bench_key=str(row["bench_key"]),
        bench_name=str(row["bench_name"]),
        packer=str(row["packer"]),
        claimed_at=ts("claimed_at"),
        heartbeat_at=ts("heartbeat_at"),
        expires_at=ts("expires_at"),
    )


def _customs(row: dict[str, Any], *, bench_name: str | None = None) -> WarehouseCustoms:
    """A row of ``customs_shipments`` (``bench_name``: when the query names the owner apart)."""
    manifest_id = row["manifest_id"]
    return WarehouseCustoms(
        shipment_id=str(row["shipment_id"]),
        order_id=str(row["order_id"]),
        parcel_no=int(row["parcel_no"]),
        bench_name=bench_name if bench_name is not None else str(row["bench_name"]),
        planned_pickup=row["planned_pickup"],
        manifest_id=str(manifest_id) if manifest_id is not None else None,
    )


def _manifest(row: dict[str, Any]) -> WarehouseManifest:
    ss_id = row["sevensenders_id"]
    return WarehouseManifest(
        manifest_id=str(row["manifest_id"]),
        pickup=row["pickup"],
        bench_name=str(row["bench_name"]),
        posted_by=str(row["posted_by"]),
        state=ManifestState(str(row["state"])),
        shipment_ids=tuple(str(s) for s in row["shipment_ids"]),
        claimed_at=row["claimed_at"],
        posted_at=row["posted_at"],
        sevensenders_id=str(ss_id) if ss_id is not None else None,
    )
