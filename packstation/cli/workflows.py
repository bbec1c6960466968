"""The command line of the other workflows: ``pudo``, ``return``/``returns``, ``catalog``,
``orders`` and ``stats`` (their parsers and how each is run).

They drive the same services as the window's modes (built by
``composition.workflows.open_workflows``) and differ only in how they ask and show; ``--json``
prints one machine-readable object on stdout. The commands themselves: ``pudo.py``,
``returns.py``, ``intake.py`` (catalog, orders, stats).

Exit codes (see ``exits.py``): 6 nothing found (no pick-up point, no such order or label, no
such point for the order) · 11 refused as asked (a pick-up point of another carrier, more
units than ordered, a tracking code already used) · 12 done, but some rows, products or orders
failed (the summary names each with its reason).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.guard import guarded, require_connection
from packstation.cli.options import parse_since
from packstation.cli.output import CommandFailed, Output

if TYPE_CHECKING:
    from packstation.settings.model import Settings

#: The commands this module answers.
COMMANDS = frozenset({"pudo", "return", "returns", "catalog", "orders", "stats"})

JSON_HELP = "machine-readable output"


# ---------------------------------------------------------------------- parsers


def add_parsers(sub: Any) -> None:
    """Register the workflow commands on the main parser's sub-parsers."""
    _add_pudo(sub)
    _add_returns(sub)
    _add_catalog(sub)
    _add_orders(sub)
    stats = sub.add_parser(
        "stats",
        help="packed per hour, order age at packing, pack time",
        description="Packing figures from the journal: orders packed (per hour), the median "
        "order age at packing, received → packed, and pack time per order. With no journal "
        "yet, all are zero.",
    )
    stats.add_argument("--since", metavar="DATE", help="YYYY-MM-DD[THH:MM] (default: all)")
    stats.add_argument(
        "--by-packer",
        action="store_true",
        help="the figures of each packer (who was signed in when an order's labels were done)",
    )
    stats.add_argument("--json", action="store_true", help=JSON_HELP)


def _add_pudo(sub: Any) -> None:
    pudo = sub.add_parser(
        "pudo",
        help="pick-up points: search, choose one for an order, show",
        description="Pick-up points (PUDO) through Seven Senders: search near a position or "
        "an address, choose one for an order (its label then names it), show or forget it.",
    )
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
    search.add_argument("--json", action="store_true", help=JSON_HELP)

    choose = pudo_sub.add_parser("choose", help="keep a pick-up point for an order's label")
    choose.add_argument("order", metavar="ORDER")
    choose.add_argument("location_id", metavar="LOCATION_ID")
    choose.add_argument("--carrier", metavar="X", help="the point's carrier (default: order's)")
    choose.add_argument("--country", metavar="CC", help="the point's country (default: order's)")
    choose.add_argument("--json", action="store_true", help=JSON_HELP)

    show = pudo_sub.add_parser("show", help="the pick-up point an order's label will name")
    show.add_argument("order", metavar="ORDER")
    show.add_argument("--json", action="store_true", help=JSON_HELP)

    forget = pudo_sub.add_parser("forget", help="drop the point chosen for an order")
    forget.add_argument("order", metavar="ORDER")


def _add_returns(sub: Any) -> None:
    ret = sub.add_parser(
        "return",
        help="returns desk: mark a returned parcel received/refunded",
        description="The returns desk: find a returned order (by order barcode or tracking "
        "code) and mark it, or some of its lines, received or refunded; the state goes to "
        "Seven Senders.",
    )
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
    ret.add_argument("--json", action="store_true", help=JSON_HELP)

    returns = sub.add_parser(
        "returns",
        help="the returns of a shift",
        description="The returns marked at this station since a time: a summary, or a CSV "
        "file for the shift lead.",
    )
    returns_sub = returns.add_subparsers(dest="returns_action", metavar="ACTION", required=True)
    export = returns_sub.add_parser("export", help="write the returns summary as CSV")
    export.add_argument("--since", required=True, metavar="DATE", help="YYYY-MM-DD[THH:MM]")
    export.add_argument("file", type=Path, metavar="FILE.csv")
    summary = returns_sub.add_parser("summary", help="print the returns summary")
    summary.add_argument("--since", metavar="DATE", help="YYYY-MM-DD[THH:MM] (default: today)")
    summary.add_argument("--json", action="store_true", help=JSON_HELP)


def _add_catalog(sub: Any) -> None:
    catalog = sub.add_parser(
        "catalog",
        help="Return Portal Pro product catalog",
        description="The Return Portal Pro product catalog: make the products at Seven "
        "Senders match the merchant's product export (created, updated, deleted, images). "
        "See docs/catalog.md.",
    )
    catalog_sub = catalog.add_subparsers(dest="catalog_action", metavar="ACTION", required=True)
    sync = catalog_sub.add_parser("sync", help="make the 7S products match the merchant's export")
    sync.add_argument("file", type=Path, metavar="FILE", help="product export (.csv or .json)")
    sync.add_argument("--images", type=Path, metavar="DIR", help="folder of the image files")
    sync.add_argument("--dry-run", action="store_true", help="show what would be sent")
    sync.add_argument("--json", action="store_true", help=JSON_HELP)


def _add_orders(sub: Any) -> None:
    orders = sub.add_parser(
        "orders",
        help="create 7S orders early, from the merchant's files",
        description="Create the orders at Seven Senders early, from the merchant's export "
        "files (docs/order-schema.md): one file, or a folder watched for new files.",
    )
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
        parser.add_argument("--json", action="store_true", help=JSON_HELP)


# ---------------------------------------------------------------------- running


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    """Run one workflow command; returns the exit code."""
    return asyncio.run(guarded(out, args.command, _run(settings, args, out)))


async def _run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.cli import intake, pudo, returns
    from packstation.composition.workflows import open_workflows

    try:
        since = parse_since(getattr(args, "since", None))
    except ValueError as exc:
        raise CommandFailed(str(exc), ExitCode.USAGE) from None
    if args.command == "stats":
        return await intake.stats(settings, since, out, by_packer=bool(args.by_packer))
    if args.command == "returns":
        return await returns.shift_summary(settings, args, since, out)
    connection = require_connection(settings)
    if args.command == "return":
        return await returns.mark(settings, connection, args, out)
    async with open_workflows(settings, connection, with_orders=args.command == "pudo") as wf:
        if args.command == "pudo":
            return await pudo.run(wf, args, out)
        if args.command == "catalog":
            return await intake.catalog(settings, wf, args, out)
        return await intake.orders(settings, wf, args, out)
