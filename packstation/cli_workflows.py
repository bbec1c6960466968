"""The command line of the other workflows: ``pudo``, ``return``/``returns``, ``catalog``,
``orders`` and ``stats``.

They drive the same services as the window's modes (built by ``app.open_workflows``) and differ
only in how they ask and show; ``--json`` prints one machine-readable object on stdout.

Exit codes (besides those of ``cli.py``: 0 done · 1 unexpected · 2 usage · 3 configuration ·
4 access key refused · 5 Seven Senders unreachable or failing):
    6 nothing found (no pick-up point, no such order or label, no such point for the order) ·
    11 refused as asked (a pick-up point of another carrier, more units than ordered, a
    tracking code already used) · 12 done, but some rows, products or orders failed (the
    summary names each with its reason).
"""

# ruff: noqa: T201 (a command line prints)
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from packstation.app import Connection, Workflows
    from packstation.config import Settings
    from packstation.domain.catalog import CatalogSummary
    from packstation.domain.intake import ImportSummary
    from packstation.services.pudo import PudoPoint

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_AUTH = 4
EXIT_API = 5
EXIT_NOT_FOUND = 6
EXIT_REFUSED = 11
EXIT_PARTIAL = 12

#: The commands this module answers (``cli.main`` hands them over).
WORKFLOW_COMMANDS = frozenset({"pudo", "return", "returns", "catalog", "orders", "stats"})


# ---------------------------------------------------------------------- parsers


def add_parsers(sub: Any) -> None:
    """Register the workflow commands on the main parser's sub-parsers."""
    pudo = sub.add_parser("pudo", help="pick-up points: search, choose one for an order, show")
    pudo_sub = pudo.add_subparsers(dest="pudo_action", metavar="ACTION", required=True)
    search = pudo_sub.add_parser(
        "search", help="search pick-up points near a position, an address, or list all"
    )
    mode = search.add_mutually_exclusive_group(required=True)
    mode.add_argument("--lat", type=float, metavar="DEG", help="latitude (with --lon)")
    mode.add_argument("--zip", metavar="POSTCODE", help="postcode (with --city, --street)")
    mode.add_argument("--all", action="store_true", help="every point of one carrier")
    search.add_argument("--lon", type=float, metavar="DEG", help="longitude (with --lat)")
    search.add_argument("--city")
    search.add_argument("--street")
    search.add_argument("--country", required=True, metavar="CC", help="two-letter country")
    search.add_argument(
        "--carrier",
        action="append",
        default=[],
        metavar="X",
        help="carrier (repeatable; default: the station's carrier)",
    )
    search.add_argument("--max-distance", type=int, metavar="M", help="in metres")
    search.add_argument("--max-results", type=int, metavar="N", help="1 to 50")
    search.add_argument("--opening-days", type=int, metavar="N", help="open on at least N days")
    search.add_argument("--json", action="store_true", help="machine-readable output")

    choose = pudo_sub.add_parser("choose", help="keep a pick-up point for an order's label")
    choose.add_argument("order", metavar="ORDER")
    choose.add_argument("location_id", metavar="LOCATION_ID")
    choose.add_argument("--carrier", metavar="X", help="the point's carrier (default: order's)")
    choose.add_argument("--country", metavar="CC", help="the point's country (default: order's)")
    choose.add_argument("--json", action="store_true", help="machine-readable output")

    show = pudo_sub.add_parser("show", help="the pick-up point an order's label will name")
    show.add_argument("order", metavar="ORDER")
    show.add_argument("--json", action="store_true", help="machine-readable output")

    forget = pudo_sub.add_parser("forget", help="drop the point chosen for an order")
    forget.add_argument("order", metavar="ORDER")

    ret = sub.add_parser("return", help="returns desk: mark a returned parcel received/refunded")
    ret.add_argument("target", metavar="ORDER_OR_LABEL", help="order barcode or tracking code")
    what = ret.add_mutually_exclusive_group(required=True)
    what.add_argument("--received", action="store_true", help='"Returned to Warehouse"')
    what.add_argument("--refunded", action="store_true", help='"Refunded"')
    what.add_argument("--show", action="store_true", help="only show the order and its lines")
    ret.add_argument("--reason", help="why (journalled; in the shift summary)")
    ret.add_argument(
        "--line",
        action="append",
        default=[],
        metavar="SKU[:QTY]",
        help="mark one line (repeatable; default: the whole order)",
    )
    ret.add_argument("--json", action="store_true", help="machine-readable output")

    returns = sub.add_parser("returns", help="the returns of a shift")
    returns_sub = returns.add_subparsers(dest="returns_action", metavar="ACTION", required=True)
    export = returns_sub.add_parser("export", help="write the returns summary as CSV")
    export.add_argument("--since", required=True, metavar="DATE", help="YYYY-MM-DD[THH:MM]")
    export.add_argument("file", type=Path, metavar="FILE.csv")
    summary = returns_sub.add_parser("summary", help="print the returns summary")
    summary.add_argument("--since", metavar="DATE", help="YYYY-MM-DD[THH:MM] (default: today)")
    summary.add_argument("--json", action="store_true", help="machine-readable output")

    catalog = sub.add_parser("catalog", help="Return Portal Pro product catalog")
    catalog_sub = catalog.add_subparsers(dest="catalog_action", metavar="ACTION", required=True)
    sync = catalog_sub.add_parser("sync", help="make the 7S products match the merchant's export")
    sync.add_argument("file", type=Path, metavar="FILE", help="product export (.csv or .json)")
    sync.add_argument("--images", type=Path, metavar="DIR", help="folder of the image files")
    sync.add_argument("--dry-run", action="store_true", help="show what would be sent")
    sync.add_argument("--json", action="store_true", help="machine-readable output")

    orders = sub.add_parser("orders", help="create 7S orders early, from the merchant's files")
    orders_sub = orders.add_subparsers(dest="orders_action", metavar="ACTION", required=True)
    imp = orders_sub.add_parser("import", help="create the orders of one export file")
    imp.add_argument("file", type=Path, metavar="FILE", help=".json or .csv export")
    watch = orders_sub.add_parser("watch", help="create orders as export files arrive")
    watch.add_argument("folder", type=Path, metavar="DIR")
    watch.add_argument("--once", action="store_true", help="one pass, then exit")
    watch.add_argument("--interval", type=float, metavar="S", help="seconds between passes")
    for parser in (imp, watch):
        parser.add_argument(
            "--state",
            choices=("paid", "in_production", "warehouse_handover", "in_preparation"),
            help="initial 7S state (never moves an order backwards)",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    stats = sub.add_parser("stats", help="packed per hour, order age at packing, pack time")
    stats.add_argument("--since", metavar="DATE", help="YYYY-MM-DD[THH:MM] (default: all)")
    stats.add_argument("--json", action="store_true", help="machine-readable output")


# ---------------------------------------------------------------------- running


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run one workflow command; returns the exit code."""
    return asyncio.run(_run(settings, args))


def _fail(message: str, code: int, as_json: bool, **extra: Any) -> int:
    print(message, file=sys.stderr)
    if as_json:
        print(json.dumps({"ok": False, "exit_code": code, "error": message, **extra}))
    return code


def _emit(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


def parse_since(text: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (local midnight), an ISO date-time, ``today`` or ``yesterday``."""
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("today", "yesterday"):
        day = date.today() - timedelta(days=1 if value == "yesterday" else 0)
        return datetime(day.year, day.month, day.day).astimezone()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day).astimezone()
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--since takes a date like 2026-11-29 or 2026-11-29T06:00, got {text!r}"
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from packstation.app import configured_connection, open_workflows
    from packstation.domain.errors import AuthenticationFailed, ShippingApiError
    from packstation.secret_store import NoSecureStore

    as_json = bool(getattr(args, "json", False))
    try:
        since = parse_since(getattr(args, "since", None))
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE, as_json)
    if args.command == "stats":
        return await _stats(settings, since, as_json)
    if args.command == "returns":
        return await _returns_offline(settings, args, since, as_json)
    try:
        connection = configured_connection(settings)
    except (LookupError, NoSecureStore, ValueError) as exc:
        return _fail(str(exc), EXIT_CONFIG, as_json)
    if connection is None:
        return _fail(
            "No Seven Senders environment is configured (environment = sandbox without an "
            "api_url). Set PACKSTATION_ENVIRONMENT=uat|production, or run `packstation "
            "sandbox` and point PACKSTATION_API_URL at it.",
            EXIT_CONFIG,
            as_json,
        )
    dry_run = args.command == "catalog" and bool(args.dry_run)
    try:
        if args.command == "return":
            return await _with_station(settings, connection, args, as_json)
        async with open_workflows(settings, connection, with_orders=args.command == "pudo") as wf:
            if args.command == "pudo":
                return await _pudo(wf, args, as_json)
            if args.command == "catalog":
                return await _catalog(settings, wf, args, dry_run, as_json)
            return await _orders(settings, wf, args, as_json)
    except AuthenticationFailed as exc:
        return _fail(str(exc), EXIT_AUTH, as_json)
    except ShippingApiError as exc:
        return _fail(str(exc), EXIT_API, as_json)
    except ValueError as exc:  # api_names overrides that do not fit
        return _fail(f"The station settings are not valid — {exc}", EXIT_CONFIG, as_json)


async def _with_station(
    settings: Settings, connection: Connection, args: argparse.Namespace, as_json: bool
) -> int:
    """The returns desk shares the packing station's outbox (every handler), so the states it
    queues are delivered now; without a usable station they wait for the next one."""
    from packstation.app import StationConfigError, open_station, open_workflows

    try:
        async with (
            open_station(settings, connection) as station,
            open_workflows(settings, connection, station=station) as wf,
        ):
            return await _return(settings, wf, args, as_json)
    except StationConfigError:
        async with open_workflows(settings, connection) as wf:
            return await _return(settings, wf, args, as_json)


# ---------------------------------------------------------------------- PUDO


def _point_json(point: PudoPoint) -> dict[str, Any]:
    loc = point.location
    return {
        "location_id": loc.location_id,
        "carrier": loc.carrier_name,
        "type": loc.location_type,
        "name": loc.name,
        "alternative_name": loc.alternative_name,
        "address": list(point.address),
        "zip": loc.zip,
        "city": loc.city,
        "country": loc.country,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "distance_m": loc.distance_m,
        "distance": point.distance,
        "hours_today": point.today.hours,
        "open_today": point.today.open_today,
        "closed_today": point.today.closed_reason,
        "temporarily_closed": point.today.temporarily_closed,
        "parcel_sizes": list(loc.parcel_sizes),
        "closures": [{"from": c.start, "to": c.end} for c in loc.closures],
        "warnings": list(point.today.warnings),
    }


async def _pudo(wf: Workflows, args: argparse.Namespace, as_json: bool) -> int:
    from packstation.services.pudo import PudoChoiceRefused, PudoQuery, PudoQueryError

    action = args.pudo_action
    if action == "search":
        if (args.lat is None) != (args.lon is None):
            return _fail("Give --lat and --lon together.", EXIT_USAGE, as_json)
        query = PudoQuery(
            country=args.country,
            carriers=tuple(args.carrier),
            latitude=args.lat,
            longitude=args.lon,
            zip=args.zip,
            city=args.city,
            street=args.street,
            all_points=bool(args.all),
            max_distance_m=args.max_distance,
            max_results=args.max_results,
            opening_days=args.opening_days,
        )
        try:
            result = await wf.pudo.search(query)
        except PudoQueryError as exc:
            return _fail(str(exc), EXIT_USAGE, as_json)
        code = EXIT_OK if result.found else EXIT_NOT_FOUND
        if as_json:
            _emit(
                {
                    "ok": code == EXIT_OK,
                    "exit_code": code,
                    "mode": query.mode.value,
                    "message": result.message,
                    "problem": result.problem,
                    "origin": list(result.origin) if result.origin else None,
                    "points": [_point_json(p) for p in result.points],
                }
            )
        elif not result.found:
            print(result.message, file=sys.stderr)
        else:
            print(result.message)
            for p in result.points:
                loc = p.location
                state = "open" if p.today.open_today else p.today.closed_reason
                print(
                    f"  {loc.location_id:<10} {p.distance:>8}  {loc.name} ({loc.carrier_name}, "
                    f"{loc.location_type.lower() or 'point'})"
                )
                print(f"  {'':<10} {'':>8}  {', '.join(p.address)}")
                sizes = ",".join(loc.parcel_sizes) or "-"
                print(f"  {'':<10} {'':>8}  today: {p.today.hours} ({state}); sizes {sizes}")
                for warning in p.today.warnings:
                    print(f"  {'':<10} {'':>8}  ! {warning}")
        return code
    if action == "choose":
        try:
            choice = await wf.pudo.choose_by_id(
                args.order, args.location_id, carrier=args.carrier, country=args.country
            )
        except PudoChoiceRefused as exc:
            code = EXIT_REFUSED if "ships with" in exc.message else EXIT_NOT_FOUND
            return _fail(exc.message, code, as_json, order_id=args.order)
        loc = choice.location
        from packstation.domain.pudo import point_today

        today = point_today(loc, date.today())
        if as_json:
            _emit(
                {
                    "ok": True,
                    "exit_code": EXIT_OK,
                    "order_id": choice.order_id,
                    "location_id": loc.location_id,
                    "carrier": loc.carrier_name,
                    "name": loc.name,
                    "address": [loc.address_line, f"{loc.zip} {loc.city}", loc.country],
                    "hours_today": today.hours,
                    "open_today": today.open_today,
                    "warnings": list(today.warnings),
                }
            )
        else:
            print(
                f"Order {choice.order_id}: pick-up point {loc.location_id} {loc.name} "
                f"({loc.carrier_name}), {loc.address_line}, {loc.zip} {loc.city}. The label "
                "names it."
            )
            for warning in today.warnings:
                print(f"  ! {warning}")
        return EXIT_OK
    if action == "forget":
        dropped = await wf.pudo.forget(args.order)
        print(
            f"Order {args.order}: the station's pick-up point is dropped."
            if dropped
            else f"Order {args.order} had no pick-up point chosen at the station."
        )
        return EXIT_OK
    # show
    order = None
    if wf.orders is not None:
        from packstation.domain.orders import OrderSourceError

        try:
            order = await wf.orders.get_order(args.order)
        except OrderSourceError:
            order = None
    if order is None:
        cycle = await wf.journal.latest_cycle(args.order)
        order = cycle.order if cycle else None
    if order is None:
        return _fail(
            f"Order {args.order} is not in the merchant's order data.", EXIT_NOT_FOUND, as_json
        )
    view = await wf.pudo.describe_pickup_point(order)
    if view is None:
        if as_json:
            _emit({"ok": True, "exit_code": EXIT_OK, "order_id": order.order_id, "point": None})
        else:
            print(f"Order {order.order_id} goes to the recipient's door (no pick-up point).")
        return EXIT_OK
    if as_json:
        _emit(
            {
                "ok": True,
                "exit_code": EXIT_OK,
                "order_id": view.order_id,
                "point": {
                    "location_id": view.location_id,
                    "carrier": view.carrier,
                    "source": view.source,
                    "name": view.name,
                    "address": list(view.address),
                    "hours_today": view.hours_today,
                    "open_today": view.open_today,
                    "warnings": list(view.warnings),
                },
            }
        )
    else:
        print(f"Order {view.order_id}: pick-up point {view.location_id} ({view.source})")
        if view.name:
            print(f"  {view.name}, {', '.join(view.address)}")
        if view.today is not None:
            closed = "" if view.today.open_today else f" ({view.today.closed_reason})"
            print(f"  today: {view.hours_today}{closed}")
        for warning in view.warnings:
            print(f"  ! {warning}")
    return EXIT_OK


# ---------------------------------------------------------------------- returns


def _lines(specs: list[str]) -> list[Any]:
    from packstation.domain.returns import ReturnMark

    marks = []
    for spec in specs:
        sku, _, qty = spec.partition(":")
        if not sku.strip():
            raise ValueError(f"--line takes SKU or SKU:QTY, got {spec!r}")
        try:
            quantity = int(qty) if qty.strip() else None
        except ValueError:
            raise ValueError(f"--line takes SKU or SKU:QTY, got {spec!r}") from None
        marks.append(ReturnMark(sku.strip(), quantity))
    return marks


async def _return(
    settings: Settings, wf: Workflows, args: argparse.Namespace, as_json: bool
) -> int:
    from packstation.domain.returns import ReturnAction
    from packstation.services.returns import ReturnRefused

    try:
        marks = _lines(args.line)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE, as_json)
    found = await wf.returns.lookup(args.target)
    if not found.found or found.order_id is None:
        return _fail(found.message, EXIT_NOT_FOUND, as_json, warnings=list(found.warnings))
    lines = [
        {
            "sku": line.sku,
            "name": line.name,
            "quantity": line.quantity,
            "received": line.received,
            "refunded": line.refunded,
        }
        for line in found.lines
    ]
    data: dict[str, Any] = {
        "order_id": found.order_id,
        "found_by": found.via.value if found.via else None,
        "tracking_code": found.tracking_code,
        "sevensenders_state": found.sevensenders_state,
        "lines": lines,
        "warnings": list(found.warnings),
    }
    if args.show:
        if as_json:
            _emit({"ok": True, "exit_code": EXIT_OK, **data})
        else:
            print(found.message)
            for line in found.lines:
                print(
                    f"  {line.sku:<20} {line.name:<30} ×{line.quantity}  received "
                    f"{line.received}, refunded {line.refunded}"
                )
            for warning in found.warnings:
                print(f"  note: {warning}")
        return EXIT_OK
    action = ReturnAction.RECEIVED if args.received else ReturnAction.REFUNDED
    try:
        result = await wf.returns.mark(
            found.order_id,
            action,
            marks,
            reason=args.reason or "",
            tracking_code=found.tracking_code,
        )
    except ReturnRefused as exc:
        return _fail(str(exc), EXIT_REFUSED, as_json, order_id=found.order_id)
    from packstation.domain.cycle import OutboxCounts, OutboxStatus

    counts = OutboxCounts()
    if wf.delivers:
        counts = await wf.outbox.drain(min(settings.outbox_drain_s, 10.0))
    ids = {r.id for r in result.records}
    mine = [
        e
        for e in await wf.journal.entries(order_id=found.order_id, limit=1000)
        if e.payload.get("return_record") in ids
    ]
    delivered = bool(mine) and all(e.status is OutboxStatus.DELIVERED for e in mine)
    refused = [e.last_error for e in mine if e.status is OutboxStatus.FAILED]
    if as_json:
        _emit(
            {
                "ok": True,
                "exit_code": EXIT_OK,
                **data,
                "action": action.value,
                "state": result.state,
                "state_queued": result.state_queued,
                "state_sent": delivered,
                "state_refused": refused,
                "records": [r.id for r in result.records],
                "message": result.message,
                "outbox": {"pending": counts.pending, "failed": counts.failed},
            }
        )
    else:
        print(result.message)
        for warning in found.warnings:
            print(f"  note: {warning}")
    for reason in refused:
        print(f"Seven Senders refused the state {result.state}: {reason}", file=sys.stderr)
    if result.state_queued and not delivered and not refused:
        print(
            f"The state {result.state} for {found.order_id} waits in the outbox (Seven Senders "
            "did not answer); the station sends it with the next command or `packstation "
            "resume`.",
            file=sys.stderr,
        )
    return EXIT_OK


async def _returns_offline(
    settings: Settings, args: argparse.Namespace, since: datetime | None, as_json: bool
) -> int:
    from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
    from packstation.adapters.station_records_sqlite import SqliteStationRecords
    from packstation.domain.returns import ReturnAction
    from packstation.services.returns import returns_summary, write_returns_csv

    if args.returns_action == "summary" and since is None:
        since = parse_since("today")
    path = journal_path(settings.data_dir)
    async with SqliteJournal(path) as journal:
        summary = await returns_summary(SqliteStationRecords(journal), journal, since)
    if args.returns_action == "export":
        await write_returns_csv(summary, args.file)
        print(
            f"{len(summary.rows)} return record(s) of {summary.orders} order(s) since "
            f"{since.isoformat(timespec='minutes') if since else 'the start'} written to "
            f"{args.file}."
        )
        return EXIT_OK
    received, refunded = summary.count(ReturnAction.RECEIVED), summary.count(ReturnAction.REFUNDED)
    if as_json:
        from packstation.domain.returns import csv_row

        _emit(
            {
                "ok": True,
                "since": since.isoformat() if since else None,
                "orders": summary.orders,
                "received": received,
                "refunded": refunded,
                "waiting": summary.waiting(),
                "needs_attention": summary.needing_attention(),
                "rows": [csv_row(row) for row in summary.rows],
            }
        )
        return EXIT_OK
    print(
        f"Returns since {since.isoformat(timespec='minutes') if since else 'the start'}: "
        f"{summary.orders} order(s), {received} received, {refunded} refunded; "
        f"{summary.waiting()} waiting for Seven Senders, {summary.needing_attention()} need "
        "attention."
    )
    for row in summary.rows:
        r = row.record
        what = f"{r.sku} ×{r.quantity or 'all'}" if r.sku else "whole order"
        print(
            f"  {r.at.astimezone().strftime('%H:%M')} {r.order_id:<10} {r.action.value:<9} "
            f"{what:<24} {row.delivery.value:<15} {r.reason}"
        )
    return EXIT_OK


# ---------------------------------------------------------------------- catalog


def _progress(label: str) -> Any:
    """A progress printer for stderr: a line at every tenth of the work (and the last)."""
    shown: set[int] = set()

    def show(done: int, total: int) -> None:
        if total <= 0:
            return
        tenth = done * 10 // total
        if tenth in shown and done != total:
            return
        shown.add(tenth)
        print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)

    return show


def _catalog_json(summary: CatalogSummary, code: int) -> dict[str, Any]:
    return {
        "ok": code == EXIT_OK,
        "exit_code": code,
        "source": summary.source,
        "dry_run": summary.dry_run,
        "counts": summary.counts(),
        "created": list(summary.created),
        "updated": list(summary.updated),
        "deleted": list(summary.deleted),
        "unchanged": len(summary.unchanged),
        "images_uploaded": list(summary.images_uploaded),
        "images_deleted": list(summary.images_deleted),
        "failed": [{"sku": f.sku, "reason": f.reason, "where": f.where} for f in summary.failed],
        "warnings": list(summary.warnings),
        "seconds": summary.extra.get("seconds"),
    }


async def _catalog(
    settings: Settings, wf: Workflows, args: argparse.Namespace, dry_run: bool, as_json: bool
) -> int:
    from packstation.adapters.catalog_file import images_folder, load_catalog

    path: Path = args.file
    try:
        listing = await load_catalog(path)
    except OSError as exc:
        return _fail(
            f"The product export {path} cannot be read ({exc.strerror or exc}).",
            EXIT_USAGE,
            as_json,
        )
    images = images_folder(path, args.images or settings.catalog_images_dir)
    show = _progress("catalog")
    summary = await wf.catalog.sync(
        listing, images, dry_run=dry_run, on_progress=lambda p: show(p.done, p.total)
    )
    code = EXIT_OK if summary.ok else EXIT_PARTIAL
    if as_json:
        _emit(_catalog_json(summary, code))
        return code
    c = summary.counts()
    verb = "would be" if dry_run else "were"
    print(
        f"Catalog {summary.source}{' (dry run)' if dry_run else ''}: {c['created']} created, "
        f"{c['updated']} updated, {c['deleted']} deleted, {c['unchanged']} unchanged, "
        f"{c['failed']} failed; {c['images_uploaded']} image(s) {verb} uploaded, "
        f"{c['images_deleted']} deleted."
    )
    for failure in summary.failed:
        where = f" ({failure.where})" if failure.where else ""
        print(f"  failed: {failure.sku or '-'}{where}: {failure.reason}")
    for warning in summary.warnings:
        print(f"  note: {warning}")
    return code


# ---------------------------------------------------------------------- orders and stats


def _import_json(summary: ImportSummary, code: int) -> dict[str, Any]:
    return {
        "ok": code == EXIT_OK,
        "exit_code": code,
        "source": summary.source,
        "counts": summary.counts(),
        "created": list(summary.created),
        "updated": list(summary.updated),
        "existing": list(summary.existing),
        "unchanged": len(summary.unchanged),
        "failed": [
            {"order_id": p.order_id, "where": p.where, "reason": p.message} for p in summary.failed
        ],
        "states_posted": list(summary.states_posted),
        "seconds": summary.seconds,
    }


def _print_import(summary: ImportSummary) -> None:
    c = summary.counts()
    print(
        f"Orders from {summary.source}: {c['created']} created, {c['updated']} updated, "
        f"{c['existing']} already at Seven Senders, {c['unchanged']} unchanged, {c['failed']} "
        f"failed ({summary.seconds:.1f} s)."
    )
    if summary.states_posted:
        print(f"  initial state posted for {len(summary.states_posted)} order(s)")
    for problem in summary.failed:
        who = f"{problem.order_id}: " if problem.order_id else ""
        print(f"  failed: {who}{problem}")


async def _orders(
    settings: Settings, wf: Workflows, args: argparse.Namespace, as_json: bool
) -> int:
    from packstation.adapters.order_source_folder import FolderOrderSource, read_export_file
    from packstation.adapters.order_source_wire import OrderIndex
    from packstation.domain.orders import OrderListing, OrderSourceError
    from packstation.domain.shipping import OrderState

    state = OrderState(args.state) if args.state else None
    show = _progress("orders")
    if args.orders_action == "import":
        path: Path = args.file
        try:
            data = await asyncio.get_running_loop().run_in_executor(None, path.read_bytes)
        except OSError as exc:
            return _fail(
                f"The order file {path} cannot be read ({exc.strerror or exc}).",
                EXIT_USAGE,
                as_json,
            )
        parsed = read_export_file(data, path.name)
        index = OrderIndex()
        for entry in parsed.entries:
            index.add(parsed.name, entry)
        index.problems.extend(parsed.problems)
        listing = index.listing()
        summary = await wf.intake.import_listing(
            listing,
            source=str(path),
            initial_state=state,
            on_progress=lambda p: show(p.done, p.total),
        )
        code = EXIT_OK if summary.ok else EXIT_PARTIAL
        if as_json:
            _emit(_import_json(summary, code))
        else:
            _print_import(summary)
        return code
    folder = FolderOrderSource(args.folder)
    seen: set[str] = set()

    async def read() -> OrderListing:
        try:
            return await folder.list_orders()
        except OrderSourceError as exc:  # the folder is gone for a moment: report, go on
            return OrderListing((), (exc,))

    def on_pass(summary: ImportSummary) -> None:
        if as_json:
            _emit(_import_json(summary, EXIT_OK if summary.ok else EXIT_PARTIAL))
            return
        new_problems = [p for p in summary.failed if str(p) not in seen]
        seen.update(str(p) for p in summary.failed)
        if summary.created or summary.updated or new_problems or args.once:
            _print_import(summary)

    interval = args.interval or settings.orders_watch_interval_s
    if not args.once:
        print(f"Watching {args.folder} every {interval:g} s; Ctrl+C stops.", file=sys.stderr)
    last = await wf.intake.watch(
        read,
        source=str(args.folder),
        interval_s=interval,
        once=bool(args.once),
        initial_state=state,
        on_pass=on_pass,
    )
    return EXIT_OK if last.ok else EXIT_PARTIAL


def _minutes(span: timedelta | None) -> float | None:
    return None if span is None else round(span.total_seconds() / 60, 1)


async def _stats(settings: Settings, since: datetime | None, as_json: bool) -> int:
    from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
    from packstation.adapters.station_records_sqlite import SqliteStationRecords
    from packstation.domain.intake import format_duration, packing_stats

    path = journal_path(settings.data_dir)
    if not path.exists():
        return _fail(f"No journal yet at {path}: nothing was packed here.", EXIT_OK, as_json)
    async with SqliteJournal(path) as journal:
        packed = await SqliteStationRecords(journal).packed_orders(since)
    stats = packing_stats(packed, since)
    if as_json:
        _emit(
            {
                "ok": True,
                "since": since.isoformat() if since else None,
                "packed": stats.packed,
                "per_hour": [{"hour": hour.isoformat(), "packed": n} for hour, n in stats.per_hour],
                "mean_per_hour": stats.mean_per_hour,
                "median_order_age_at_packing_min": _minutes(stats.median_age_at_packing),
                "median_pack_time_min": _minutes(stats.median_pack_time),
                "median_received_to_packed_min": _minutes(stats.median_received_to_packed),
            }
        )
        return EXIT_OK

    def shown(span: timedelta | None) -> str:
        if span is None:
            return "-"
        return format_duration(span) if span >= timedelta(minutes=1) else f"{span.seconds} s"

    print(
        f"Packed since {since.isoformat(timespec='minutes') if since else 'the start'}: "
        f"{stats.packed} order(s)"
    )
    print(f"  median order age at packing:   {shown(stats.median_age_at_packing)}")
    print(f"  median received → packed:      {shown(stats.median_received_to_packed)}")
    print(f"  median pack time per order:    {shown(stats.median_pack_time)}")
    if stats.per_hour:
        print("  packed per hour:")
        for hour, n in stats.per_hour:
            print(f"    {hour.astimezone().strftime('%Y-%m-%d %H:00')}  {n}")
    return EXIT_OK
