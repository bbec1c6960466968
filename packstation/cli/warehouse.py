"""``warehouse``: the shared warehouse store (PostgreSQL) — its state, its schema, order claims.

``status`` says whether the store answers and what it holds; ``migrate`` applies the schema
(run once with the owner role, see docs/warehouse.md); ``claims`` lists which bench holds which
order; ``release`` is the shift lead's: it frees an order another bench holds, with a reason.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.guard import guarded
from packstation.cli.output import CommandFailed, Output

if TYPE_CHECKING:
    from packstation.adapters.warehouse_pg import PostgresWarehouse
    from packstation.domain.warehouse import Claim, ManifestDue, ShiftFigures, TokenRenewal
    from packstation.settings.model import Settings

log = logging.getLogger(__name__)

COMMANDS = frozenset({"warehouse", "shift"})

NOT_CONFIGURED = (
    "No warehouse store is configured: set warehouse_db (PACKSTATION_WAREHOUSE_DB) to the "
    "postgresql:// address of the warehouse database (docs/warehouse.md)."
)

WATCH_HELP = (
    "keep showing it: again whenever the floor changes (the store announces changes), and every "
    "S seconds while the store cannot be listened to"
)


def add_parsers(sub: Any) -> None:
    shift = sub.add_parser(
        "shift",
        help="the floor at a glance for the shift lead (needs warehouse_db)",
        description="Every bench of the warehouse from the shared store: online or not, packer, "
        "orders packed (this shift, last hour), labels, pack time, outbox backlog, held labels, "
        "customs pending; which orders are claimed, and which are claimed but idle; the next "
        "customs manifest due. --serve shows it as a read-only web page for a wall screen.",
    )
    shift.add_argument(
        "--hours", type=float, default=8.0, metavar="H", help="the shift began H hours ago"
    )
    shift.add_argument(
        "--idle-min",
        type=float,
        default=10.0,
        metavar="M",
        help="a claimed order with no activity for M minutes is idle (default 10)",
    )
    shift.add_argument("--watch", type=float, default=0.0, metavar="S", help=WATCH_HELP)
    shift.add_argument(
        "--serve",
        type=_port,
        default=None,
        metavar="PORT",
        help="serve the wall-screen page on PORT (0: a free port) until stopped: read-only, "
        "refreshed live (docs/warehouse.md)",
    )
    shift.add_argument(
        "--bind",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="with --serve: the address to listen on (default 127.0.0.1, this computer only; "
        "0.0.0.0 for a wall screen elsewhere on the network)",
    )
    shift.add_argument(
        "--refresh",
        type=float,
        default=2.0,
        metavar="S",
        help="with --serve: the page asks for the figures every S seconds (default 2)",
    )
    shift.add_argument("--json", action="store_true", help="machine-readable output")
    warehouse = sub.add_parser(
        "warehouse",
        help="the shared warehouse store: status, schema, order claims",
        description="The warehouse store (PostgreSQL, setting warehouse_db) that benches share: "
        "whether it answers, its schema, and which bench holds which order.",
    )
    verbs = warehouse.add_subparsers(dest="verb", metavar="VERB", required=True)
    status = verbs.add_parser("status", help="does the store answer; benches and claims")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    migrate = verbs.add_parser("migrate", help="apply the schema (the owner role)")
    migrate.add_argument("--json", action="store_true", help="machine-readable output")
    claims = verbs.add_parser("claims", help="which bench holds which order")
    claims.add_argument("--json", action="store_true", help="machine-readable output")
    release = verbs.add_parser(
        "release", help="free an order another bench holds (the shift lead's, with a reason)"
    )
    release.add_argument("order", metavar="ORDER")
    release.add_argument("--reason", required=True, help="why (kept in the warehouse store)")
    release.add_argument("--json", action="store_true", help="machine-readable output")
    up = verbs.add_parser(
        "up",
        help="try a warehouse on this computer: private PostgreSQL, sandbox, N benches",
        description="Start a private PostgreSQL server (Debian's package) in a temporary "
        "folder, the sandbox and N headless benches that pack the demo orders against each "
        "other; print what each did; remove everything at the end (docs/warehouse.md).",
    )
    up.add_argument("--benches", type=int, default=3, metavar="N", help="benches (default 3)")
    up.add_argument(
        "--orders", type=int, default=10, metavar="N", help="demo orders to pack (up to 10)"
    )
    up.add_argument("--keep", action="store_true", help="stay up until Ctrl+C")
    up.add_argument("--json", action="store_true", help="machine-readable output")


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 … 65535; 0: a free one)")
    return int(text)


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    if getattr(args, "verb", None) == "up":
        from packstation.cli.warehouse_up import run_up

        return run_up(args.benches, args.keep, out, args.orders)
    return asyncio.run(guarded(out, args.command, _run(settings, args, out)))


async def _shift(
    store: PostgresWarehouse, settings: Settings, args: argparse.Namespace, out: Output
) -> ExitCode:
    """The shift view, once, kept on screen (``--watch``), or kept fresh for the wall-screen
    page (``--serve``)."""
    read = _shift_reader(store, settings, args)
    if args.serve is not None:
        return await _serve(store, read, args, out, settings.language)
    if args.watch > 0:
        return await _watch(store, read, args.watch, out)
    data = await read()
    if out.json:
        out.emit({"ok": True, "exit_code": ExitCode.OK, **data})
    else:
        show_shift(data)
    return ExitCode.OK


def _listener(
    store: PostgresWarehouse,
) -> Callable[[Callable[[], None], Callable[[], None]], Awaitable[None]]:
    """``FloorWatch``'s ``listen``: the store's announcements of changes of the floor."""

    async def listen(changed: Callable[[], None], ready: Callable[[], None]) -> None:
        await store.listen(changed, ready=ready)

    return listen


async def _watch(
    store: PostgresWarehouse,
    read: Callable[[], Awaitable[dict[str, Any]]],
    poll_s: float,
    out: Output,
) -> ExitCode:
    """``shift --watch S`` until stopped: shown again whenever the store announces a change of
    the floor (at most every 2 s, or S if less; every 30 s anyway), polled every S s while it
    cannot be listened to. A store that does not answer at first fails the command; later it is said
    once per outage and the view goes on."""
    from packstation.domain.warehouse import WarehouseUnavailable
    from packstation.services.floor_watch import FloorWatch, WatchPolicy

    down: list[str] = []  # the reason said for the current outage (said once)
    shown: list[bool] = []

    async def figures() -> dict[str, Any] | str:
        try:
            found = await read()
        except WarehouseUnavailable as exc:
            if not shown:
                raise  # never read: the command fails, saying why
            return str(exc)
        shown[:] = [True]
        return found

    def show(result: dict[str, Any] | str) -> None:
        live = watch.listening
        if isinstance(result, str):
            if not down:  # once per outage, however its reason changes (lost, then refused)
                down[:] = [result]
                _say_down(out, result, poll_s)
            return
        down.clear()
        if out.json:
            out.emit({"ok": True, "exit_code": ExitCode.OK, "live": live, **result})
        else:
            show_shift(result)
            at = datetime.now().strftime("%H:%M:%S")
            if live:
                said = "live: shown again when the floor changes"
            elif not watch.tried_listening:
                said = "starting to listen to the store for changes"
            else:
                said = f"polling every {poll_s:g} s: the store cannot be listened to"
            out.line(f"Read at {at}, {said} (Ctrl+C stops).")
        sys.stdout.flush()

    watch = FloorWatch(
        figures,
        show,
        _listener(store),
        WatchPolicy(poll_s=poll_s, min_interval_s=min(poll_s, WatchPolicy().min_interval_s)),
        ok=lambda result: not isinstance(result, str),
    )
    await watch.run()
    return ExitCode.OK  # pragma: no cover - runs until stopped


def _say_down(out: Output, reason: str, poll_s: float) -> None:
    """Once per outage of ``shift --watch``: the store does not answer, tried again."""
    if out.json:
        out.emit(
            {
                "ok": False,
                "exit_code": ExitCode.API,
                "error": reason,
                "warehouse": {"online": False},
                "live": False,
            }
        )
        sys.stdout.flush()
    else:
        out.note(f"{reason}. Trying again every {poll_s:g} s.")


def _shift_reader(
    store: PostgresWarehouse, settings: Settings, args: argparse.Namespace
) -> Callable[[], Awaitable[dict[str, Any]]]:
    """Reads the shift view as ``--json`` shows it (with the next manifest due from the
    station's pick-up times)."""
    from zoneinfo import ZoneInfo

    from packstation.domain.dispatch import PickupSchedule
    from packstation.domain.warehouse import with_manifest_due

    pickups = PickupSchedule.parse(settings.pickup_schedule)
    tz = ZoneInfo(settings.pickup_timezone) if settings.pickup_timezone else None

    async def read() -> dict[str, Any]:
        now = datetime.now(UTC)
        figures = await store.shift(
            now - timedelta(hours=max(0.0, args.hours)),
            online_s=max(30.0, settings.warehouse_lease_s / 2),
            idle_s=max(0.0, args.idle_min) * 60,
        )
        return shift_json(with_manifest_due(figures, pickups, now, tz), now, tz)

    return read


async def _serve(
    store: PostgresWarehouse,
    read: Callable[[], Awaitable[dict[str, Any]]],
    args: argparse.Namespace,
    out: Output,
    language: str | None,
) -> ExitCode:
    """The wall-screen page until stopped: the figures read again whenever the store announces
    a change (or polled every ``--watch`` s, default 2, while it cannot be listened to)."""
    from packstation.adapters.wall_screen import OFFLINE, UNREADABLE, WallScreen
    from packstation.domain.warehouse import WarehouseUnavailable
    from packstation.services.floor_watch import FloorWatch, WatchPolicy

    screen = WallScreen(refresh_s=args.refresh, language=language or "en")

    down: list[str] = []  # the last reason logged while the figures cannot be read

    async def figures() -> tuple[dict[str, Any] | None, str]:
        """The figures, or None and the page's state; the reason goes to the log only (it
        names the store's host and role), once per outage or change of reason."""
        try:
            found = await read()
        except WarehouseUnavailable as exc:
            if down != [str(exc)]:
                log.warning("the wall screen cannot read the figures: %s", exc)
                down[:] = [str(exc)]
            return None, OFFLINE
        except Exception:  # the page stays up and says so; the next read tries again
            log.exception("the shift view could not be read")
            down[:] = ["unreadable"]
            return None, UNREADABLE
        if down:
            log.warning("the wall screen reads the figures again")
            down.clear()
        return found, ""

    watch = FloorWatch(
        figures,
        lambda result: screen.publish(*result),
        _listener(store),
        WatchPolicy(poll_s=args.watch if args.watch > 0 else 2.0),
        ok=lambda result: result[0] is not None,
    )
    try:
        host, port = await screen.start(args.bind, args.serve)
    except OSError as exc:
        raise CommandFailed(
            f"The wall screen cannot be served on {args.bind}:{args.serve}: {exc.strerror or exc}.",
            ExitCode.CONFIG,
        ) from None
    url = f"http://{host}:{port}/"
    if out.json:
        out.emit({"ok": True, "exit_code": ExitCode.OK, "serving": url})
    else:
        out.line(f"Wall screen: {url} (read-only; Ctrl+C stops it)")
    sys.stdout.flush()
    try:
        await watch.run()
    finally:
        await screen.close()
    return ExitCode.OK  # pragma: no cover - runs until stopped


def shift_json(figures: ShiftFigures, now: datetime, tz: tzinfo | None = None) -> dict[str, Any]:
    return {
        "since": figures.since.isoformat(),
        "orders_packed": figures.orders_packed,
        "orders_last_hour": figures.orders_per_hour,
        "benches_online": sum(b.online for b in figures.benches),
        "benches": [
            {
                "bench": b.name,
                "packer": b.packer,
                "online": b.online,
                "seen_at": b.seen_at.isoformat(),
                "orders_packed": b.orders_packed,
                "orders_last_hour": b.last_hour,
                "labels": b.labels,
                "pack_time_p50_s": b.pack_time_p50_s,
                "outbox_pending": b.outbox_pending,
                "outbox_failed": b.outbox_failed,
                "held_labels": b.held_labels,
                "customs_pending": b.customs_pending,
            }
            for b in figures.benches
        ],
        "claims": [claim_json(c, now) for c in figures.claims],
        "idle_claims": [claim_json(c, now) for c in figures.idle_claims],
        # live (idle) claims beyond the lists, which hold at most 200
        "claims_more": figures.claims_more,
        "idle_claims_more": figures.idle_more,
        "next_manifest_due": due_json(figures.next_manifest, tz),
    }


def due_json(due: ManifestDue | None, tz: tzinfo | None = None) -> dict[str, Any] | None:
    """The next customs manifest the warehouse owes (None: no pick-up known, nothing waits)."""
    if due is None:
        return None
    local = due.pickup.astimezone(tz) if tz is not None else due.pickup.astimezone()
    return {
        "pickup": local.isoformat(),
        "customs_shipments": due.shipments,
        "benches": list(due.benches),
        "overdue": due.overdue,
        "being_posted": due.posting.describe(tz) if due.posting is not None else None,
    }


def due_line(due: dict[str, Any] | None) -> str:
    """``Next manifest due: pick-up 2026-12-07 16:00, 4 customs shipments (bench-01, …)``."""
    if due is None:
        return "Next manifest due: none (no pick-up times configured, no customs shipment waits)"
    when = f"{due['pickup'][:10]} {due['pickup'][11:16]}"
    where = f" ({', '.join(due['benches'])})" if due["benches"] else ""
    line = f"Next manifest due: pick-up {when}, {due['customs_shipments']} customs shipments{where}"
    if due["overdue"]:
        line += " — OVERDUE: the pick-up time has passed"
    if due["being_posted"]:
        line += f"; {due['being_posted']}"
    return line


def show_shift(data: dict[str, Any]) -> None:
    benches = data["benches"]
    print(
        f"Since {data['since'][11:16]} UTC: {data['orders_packed']} orders packed, "
        f"{data['orders_last_hour']} in the last hour; {data['benches_online']} of "
        f"{len(benches)} benches online"
    )
    print(due_line(data.get("next_manifest_due")))
    for b in benches:
        p50 = f"{b['pack_time_p50_s']:.0f} s" if b["pack_time_p50_s"] is not None else "—"
        state = "online " if b["online"] else "OFFLINE"
        print(
            f"  {b['bench']:<14} {state} {b['packer'] or '(no name)':<14} "
            f"packed {b['orders_packed']} ({b['orders_last_hour']} last hour), "
            f"labels {b['labels']}, pack time {p50}, outbox {b['outbox_pending']}"
            f"/{b['outbox_failed']} failed, held {b['held_labels']}, "
            f"customs {b['customs_pending']}"
        )
    for c in data["claims"]:
        print(f"  claimed: {c['order_id']} at {c['bench']} since {c['claimed_at'][11:16]} UTC")
    if data["claims_more"]:
        print(f"  claimed: +{data['claims_more']} more")
    for c in data["idle_claims"]:
        print(f"  IDLE: {c['order_id']} at {c['bench']}: claimed, nothing done with it lately")
    if data["idle_claims_more"]:
        print(f"  IDLE: +{data['idle_claims_more']} more")


def token_json(token: TokenRenewal) -> dict[str, Any]:
    """A shared 7S token as the store knows it (never the token, never the access key)."""
    return {
        "key": token.key,
        "renewed_at": token.renewed_at.isoformat(),
        "renewed_by": token.renewed_by,
        "expires_at": token.expires_at.isoformat(),
        "renewals": token.renewals,
    }


def claim_json(claim: Claim, now: datetime) -> dict[str, Any]:
    return {
        "order_id": claim.order_id,
        "bench": claim.bench_name,
        "packer": claim.packer,
        "claimed_at": claim.claimed_at.isoformat(),
        "heartbeat_at": claim.heartbeat_at.isoformat(),
        "expires_at": claim.expires_at.isoformat(),
        "expired": claim.expires_at < now,
    }


async def _run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.adapters.warehouse_pg import PostgresWarehouse
    from packstation.domain.warehouse import WarehouseUnavailable

    if not settings.warehouse_db:
        raise CommandFailed(NOT_CONFIGURED, ExitCode.CONFIG)
    store = PostgresWarehouse(
        settings.warehouse_db, application_name=f"packstation {settings.station_name} cli"
    )
    try:
        if args.command == "shift":
            return await _shift(store, settings, args, out)
        return await _verb(store, settings, args, out)
    except WarehouseUnavailable as exc:
        raise CommandFailed(str(exc), ExitCode.API, warehouse={"online": False}) from None
    finally:
        await store.close()


async def _verb(
    store: PostgresWarehouse, settings: Settings, args: argparse.Namespace, out: Output
) -> ExitCode:
    now = datetime.now(UTC)
    if args.verb == "migrate":
        versions = await store.migrate()
        if out.json:
            out.emit({"ok": True, "exit_code": ExitCode.OK, "schema": versions})
        else:
            out.line(f"The warehouse database {store.where} is at schema {max(versions)}.")
        return ExitCode.OK
    if args.verb == "release":
        who = settings.packer_name or settings.station_name
        holder = next((c for c in await store.claims() if c.order_id == args.order), None)
        released = await store.release(args.order, None, by=who, reason=args.reason.strip())
        if not released or holder is None:
            raise CommandFailed(
                f"No bench holds order {args.order}.", ExitCode.NOT_FOUND, order_id=args.order
            )
        if out.json:
            out.emit(
                {
                    "ok": True,
                    "exit_code": ExitCode.OK,
                    "released": claim_json(holder, now),
                    "by": who,
                    "reason": args.reason.strip(),
                }
            )
        else:
            out.line(f"Order {args.order} released (it was held by {holder.bench_name}).")
        return ExitCode.OK
    claims = await store.claims()
    rows = [claim_json(claim, now) for claim in claims]
    if out.json:
        data: dict[str, Any] = {"ok": True, "exit_code": ExitCode.OK, "claims": rows}
        if args.verb == "status":
            data["warehouse"] = {"online": True, "database": store.where}
            data["shared_tokens"] = [token_json(t) for t in await store.token_renewals()]
        out.emit(data)
        return ExitCode.OK
    if args.verb == "status":
        out.line(f"The warehouse database {store.where} answers.")
        for t in await store.token_renewals():
            out.line(
                f"Shared 7S token (key {t.key}…): renewed {t.renewed_at:%Y-%m-%d %H:%M} by "
                f"{t.renewed_by}, valid until {t.expires_at:%H:%M}, {t.renewals} renewals"
            )
    if not rows:
        out.line("No bench holds an order.")
    for row in rows:
        state = " (expired: free)" if row["expired"] else ""
        packer = f" ({row['packer']})" if row["packer"] else ""
        out.line(f"{row['order_id']}: {row['bench']}{packer} since {row['claimed_at']}{state}")
    return ExitCode.OK
