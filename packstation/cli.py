"""The `packstation` command line: demo window, standalone sandbox, and headless tools.

The packing commands (``pack``, ``resume``, ``reprint``, ``void``, ``journal``) drive the same
``PackingService`` as the packing screen; they differ only in how they ask and show.

Exit codes (also in the README):
    0 done · 1 anything unexpected · 2 usage error · 3 configuration problem ·
    4 Seven Senders refused the access key · 5 Seven Senders unreachable or answered with an
    error (nothing was bought; the order stays open) · 6 the order cannot be packed (unknown,
    already shipped, cancelled, unreadable merchant data) or there is nothing to reprint/void ·
    7 the item check failed (wrong, unknown or over-scanned items, or items missing) ·
    8 printer problem (the label is bought and stored but did not print: reprint it) ·
    9 left in flight (a label purchase whose outcome is still unknown, or a cycle that could not
    be finished: run `packstation resume` later) · 10 the order is already packed at this
    station (nothing bought; reprint its labels) · 11 refused as asked (own-label mode: a
    tracking code missing or used before; see ``cli_workflows`` for the other workflows) ·
    12 done, but some rows, products or orders failed · 13 customs data incomplete or refused:
    the labels are bought and printed, but the customs declaration was not sent (the list names
    each field; fix the data, then `packstation customs retry ORDER`) · 14 customs manifests are
    not used for Seven Senders Flex accounts (``manifest``).

The other workflows (``pudo``, ``return``, ``returns``, ``catalog``, ``orders``, ``stats``) live
in ``cli_workflows.py``; customs and dispatch (``customs``, ``manifest``) in ``cli_customs.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packstation import __version__
from packstation.cli_customs import CUSTOMS_COMMANDS
from packstation.cli_customs import add_parsers as add_customs_parsers
from packstation.cli_customs import run as run_customs_command
from packstation.cli_workflows import WORKFLOW_COMMANDS
from packstation.cli_workflows import add_parsers as add_workflow_parsers
from packstation.cli_workflows import run as run_workflow_command
from packstation.domain.printing import print_state

if TYPE_CHECKING:
    from packstation.app import Station
    from packstation.config import Settings
    from packstation.services.packing import CycleReport

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_AUTH = 4
EXIT_API = 5
EXIT_NOT_PACKABLE = 6
EXIT_ITEMS = 7
EXIT_PRINTER = 8
EXIT_IN_FLIGHT = 9
EXIT_ALREADY_PACKED = 10
EXIT_REFUSED = 11
EXIT_CUSTOMS = 13


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="packstation",
        description="Packing-bench station for Seven Senders. Without a command: the station "
        "window (demo mode until a settings file exists, then the configured station).",
    )
    parser.add_argument("--version", action="version", version=f"packstation {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where the journal and label files live (default: the platform data dir)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser(
        "demo", help="open the station window on the embedded sandbox (training, nothing bought)"
    )
    demo.add_argument(
        "--smoke-test",
        action="store_true",
        help="pack demo order A100 from scripted scans, print the result and exit (for checks)",
    )
    sub.add_parser(
        "gui", help="open the station window on the configured environment, orders and printer"
    )

    sandbox = sub.add_parser("sandbox", help="run the local fake Seven Senders server")
    sandbox.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    sandbox.add_argument("--seed", choices=("demo", "empty"), default="demo")
    sandbox.add_argument(
        "--token-ttl", type=int, default=3600, metavar="S", help="token lifetime in seconds"
    )
    sandbox.add_argument("--flex", action="store_true", help="act as a 7S Flex account")
    sandbox.add_argument(
        "--printer-port",
        type=int,
        metavar="N",
        help="also run the virtual label printer (raw TCP, answers ~HS) on port N (0: a free one)",
    )

    carriers = sub.add_parser(
        "carriers", help="sign in to the configured 7S environment and list its carriers"
    )
    carriers.add_argument("--json", action="store_true", help="machine-readable output")

    pack = sub.add_parser("pack", help="pack one order headless: check items, buy and print labels")
    pack.add_argument("order", metavar="ORDER_BARCODE", help="the order barcode (or order id)")
    checks = pack.add_mutually_exclusive_group()
    checks.add_argument(
        "--verify",
        nargs="+",
        action="extend",
        default=[],
        metavar="CODE",
        help="item codes as scanned (EAN/GTIN, GS1 or SKU), one per unit",
    )
    checks.add_argument(
        "--skip-verify", action="store_true", help="do not check the items (needs a reason)"
    )
    pack.add_argument("--reason", help="why the item check is skipped (journalled)")
    pack.add_argument("--parcels", type=int, metavar="N", help="number of parcels")
    pack.add_argument(
        "--weight-g",
        type=int,
        nargs="+",
        action="extend",
        metavar="G",
        help="weight of each parcel in grams (one value per parcel; one value for several "
        "parcels is their total)",
    )
    pack.add_argument("--format", choices=("pdf", "zpl", "zpl300"), help="label format")
    pack.add_argument("--printer", metavar="URI", help="printer URI for this run")
    pack.add_argument(
        "--own-label",
        nargs="+",
        metavar="TRACKING",
        help="the carrier labels were printed elsewhere: their tracking codes, one per parcel "
        "(the shipment is registered at Seven Senders instead of buying a label)",
    )
    pack.add_argument("--json", action="store_true", help="one machine-readable result")

    resume = sub.add_parser("resume", help="finish what was left in flight (crash, closed window)")
    resume.add_argument(
        "--reprint-uncertain",
        action="store_true",
        help="also print labels that may have printed before a crash (the printer cannot "
        "tell); without it they are reported as 'may have printed' and held",
    )
    resume.add_argument(
        "--uncertain-printed",
        action="store_true",
        help="the labels reported as 'may have printed' did print: mark them printed",
    )
    resume.add_argument("--json", action="store_true", help="machine-readable output")

    reprint = sub.add_parser("reprint", help="print stored labels again (never a new label)")
    reprint.add_argument("target", metavar="ORDER_OR_TRACKING")
    reprint.add_argument("--printer", metavar="URI", help="printer URI for this run")
    reprint.add_argument("--json", action="store_true", help="machine-readable output")

    void = sub.add_parser("void", help="cancel a label at Seven Senders, with a reason")
    void.add_argument("tracking", metavar="TRACKING")
    void.add_argument("--reason", required=True, help="why (journalled)")
    void.add_argument(
        "--replace", action="store_true", help="buy and print a new label for that parcel"
    )
    void.add_argument("--printer", metavar="URI", help="printer URI for the replacement")
    void.add_argument("--json", action="store_true", help="machine-readable output")

    journal = sub.add_parser("journal", help="what the station did: cycles, labels, outbox")
    journal.add_argument(
        "--pending", action="store_true", help="only what is unfinished or waiting"
    )
    journal.add_argument("--limit", type=int, default=20, metavar="N", help="cycles to show")
    journal.add_argument("--json", action="store_true", help="machine-readable output")

    add_workflow_parsers(sub)
    add_customs_parsers(sub)

    key = sub.add_parser("access-key", help="store or remove the 7S access key in the OS keyring")
    key.add_argument("action", choices=("set", "clear"))
    key.add_argument(
        "--environment",
        choices=("uat", "production", "custom"),
        help="which environment's key (default: the configured one)",
    )
    about = sub.add_parser(
        "about", help="version, and where this station keeps its settings, data and logs"
    )
    about.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from packstation.config import SettingsError, load_settings
    from packstation.logging_setup import configure_logging

    overrides: dict[str, Any] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(verbose=args.verbose)
    command = args.command or _default_window()
    try:
        if command in STATION_COMMANDS:
            return asyncio.run(_station_command(settings, args))
        if command in WORKFLOW_COMMANDS:
            return run_workflow_command(settings, args)
        if command in CUSTOMS_COMMANDS:
            return run_customs_command(settings, args)
        if command == "sandbox":
            return _sandbox(args)
        if command in ("demo", "gui"):
            return _window(
                overrides, demo=command == "demo", smoke_test=getattr(args, "smoke_test", False)
            )
        if command == "about":
            return _about(settings, as_json=args.json)
        if command == "carriers":
            return asyncio.run(_carriers(settings, as_json=args.json))
        if command == "access-key":
            return _access_key(settings, args)
    except KeyboardInterrupt:
        return EXIT_OK
    except sqlite3.Error as exc:  # the journal: written by a newer version, damaged, locked
        message = f"The station's journal cannot be used: {exc}"
        return _fail(message, EXIT_UNEXPECTED, bool(getattr(args, "json", False)))
    print(f"unknown command {command!r}", file=sys.stderr)
    return EXIT_USAGE


def _sandbox(args: argparse.Namespace) -> int:
    from packstation.sandbox import run_forever

    if args.token_ttl < 1:
        print("--token-ttl must be at least 1 second", file=sys.stderr)
        return EXIT_USAGE
    if args.printer_port is not None and not 0 <= args.printer_port < 65536:
        print("--printer-port must be a port number (0 picks a free one)", file=sys.stderr)
        return EXIT_USAGE
    try:
        run_forever(
            host=args.host,
            port=args.port,
            seed=args.seed,
            token_ttl=args.token_ttl,
            flex=args.flex,
            printer_port=args.printer_port,
        )
    except OSError as exc:
        print(f"The sandbox could not start: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_UNEXPECTED
    return EXIT_OK


def _default_window() -> str:
    """``packstation`` alone (the installed shortcut): the station. On its first start, with no
    settings file and no PACKSTATION_* setting, it opens the set-up, where demo mode is one key
    away (``app_gui.needs_first_run``)."""
    return "gui"


def _window(overrides: dict[str, Any], *, demo: bool, smoke_test: bool) -> int:
    from packstation.app import has_display

    if not has_display():
        print(
            "No display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot "
            "open. Starting the sandbox on its own instead; open a desktop session to see the "
            "station.",
            file=sys.stderr,
        )
        from packstation.sandbox import run_forever

        run_forever(host="127.0.0.1", port=0, seed="demo", token_ttl=3600, flex=False)
        return EXIT_OK
    from packstation.app_gui import run_gui

    return run_gui(overrides, demo=demo, smoke_test=smoke_test)


async def _carriers(settings: Settings, as_json: bool) -> int:
    from packstation.app import configured_connection, shipping_api
    from packstation.domain.errors import AuthenticationFailed, ShippingApiError
    from packstation.secret_store import NoSecureStore

    try:
        connection = configured_connection(settings)
    except (LookupError, NoSecureStore, ValueError) as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    if connection is None:
        print(
            "No 7S environment is configured (environment = sandbox). Set "
            "PACKSTATION_ENVIRONMENT=uat|production or PACKSTATION_API_URL, or run "
            "`packstation sandbox` and point PACKSTATION_API_URL at it.",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    try:
        async with shipping_api(settings, connection) as api:
            carriers = await api.list_carriers()
    except AuthenticationFailed as exc:
        print(exc, file=sys.stderr)
        return EXIT_AUTH
    except ValueError as exc:  # api_names overrides that do not fit
        print(f"The station settings are not valid — api_names: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ShippingApiError as exc:
        print(exc, file=sys.stderr)
        return EXIT_API
    if as_json:
        rows = [{"code": c.code, "name": c.name, "countries": list(c.countries)} for c in carriers]
        print(json.dumps({"api_url": connection.base_url, "carriers": rows}))
    else:
        for c in carriers:
            print(f"{c.code:<14} {c.name:<24} {', '.join(c.countries)}")
    return EXIT_OK


def _about(settings: Settings, as_json: bool) -> int:
    from packstation.app import station_facts

    facts = station_facts(settings)
    if as_json:
        print(json.dumps(facts))
        return EXIT_OK
    config_state = "" if facts["config_file_exists"] else "  (not there yet: set-up not done)"
    keyring = facts["keyring"] or "none — the key must come from PACKSTATION_ACCESS_KEY"
    print(f"packstation {facts['version']} (Python {facts['python']}, Qt {facts['qt']})")
    print(f"  program:      {facts['executable']}")
    print(f"  settings:     {facts['config_file']}{config_state}")
    print(f"  data:         {facts['data_dir']}")
    print(f"  logs:         {facts['log_dir']}")
    print(f"  environment:  {facts['environment']}")
    print(f"  OS keyring:   {keyring}")
    return EXIT_OK


def _access_key(settings: Settings, args: argparse.Namespace) -> int:
    from packstation.secret_store import NoSecureStore, clear_access_key, set_access_key

    environment = args.environment or settings.environment.value
    if environment == "sandbox":
        print("The sandbox needs no stored key (it uses the demo key).", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.action == "set":
            key = getpass.getpass(f"Seven Senders access key for {environment}: ")
            set_access_key(environment, key)
            print(f"Stored in the OS keyring for {environment}.")
        elif clear_access_key(environment):
            print(f"Removed the {environment} access key from the OS keyring.")
        else:
            print(f"No {environment} access key was stored.")
    except NoSecureStore as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    except ValueError as exc:
        print(f"Not stored: {exc}.", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


# ---------------------------------------------------------------------- packing commands

STATION_COMMANDS = frozenset({"pack", "resume", "reprint", "void", "journal"})


def _fail(message: str, code: int, as_json: bool, **extra: Any) -> int:
    """An error in plain words on stderr (and one JSON object on stdout with ``--json``)."""
    print(message, file=sys.stderr)
    if as_json:
        print(json.dumps({"ok": False, "exit_code": code, "error": message, **extra}))
    return code


async def _station_command(settings: Settings, args: argparse.Namespace) -> int:
    from packstation.app import (
        StationBusy,
        StationConfigError,
        configured_connection,
        open_station,
    )
    from packstation.domain.errors import AuthenticationFailed, ShippingApiError
    from packstation.domain.shipping import LabelFormat
    from packstation.secret_store import NoSecureStore

    as_json = bool(getattr(args, "json", False))
    if args.command == "journal":
        return await _journal(settings, args)
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
    label_format = LabelFormat(args.format) if getattr(args, "format", None) else None
    try:
        async with open_station(
            settings,
            connection,
            printer_uri=getattr(args, "printer", None),
            label_format=label_format,
            run_print_queue=False,
        ) as station:
            if args.command == "pack":
                return await _pack(settings, station, args)
            if args.command == "resume":
                if args.reprint_uncertain and args.uncertain_printed:
                    return _fail(
                        "Choose one: --reprint-uncertain (they did not print) or "
                        "--uncertain-printed (they did).",
                        EXIT_USAGE,
                        as_json,
                    )
                return await _resume(
                    settings,
                    station,
                    as_json,
                    reprint_uncertain=args.reprint_uncertain,
                    uncertain_printed=args.uncertain_printed,
                )
            if args.command == "reprint":
                return await _reprint(station, args.target, as_json)
            return await _void(settings, station, args)
    except StationBusy as exc:
        return _fail(str(exc), EXIT_IN_FLIGHT, as_json)
    except StationConfigError as exc:
        return _fail(str(exc), EXIT_CONFIG, as_json)
    except AuthenticationFailed as exc:
        return _fail(str(exc), EXIT_AUTH, as_json)
    except ShippingApiError as exc:
        return _fail(str(exc), EXIT_API, as_json)
    except ValueError as exc:  # api_names overrides that do not fit
        return _fail(f"The station settings are not valid — {exc}", EXIT_CONFIG, as_json)
    except (OSError, sqlite3.Error) as exc:
        return _fail(
            f"The station could not use its files or printer ({exc}).", EXIT_UNEXPECTED, as_json
        )
    except Exception as exc:  # never a traceback on the bench: the log file has the details
        logging.getLogger(__name__).exception("packstation %s failed", args.command)
        return _fail(
            f"Something unexpected went wrong ({type(exc).__name__}: {exc}); the details are "
            "in the log file.",
            EXIT_UNEXPECTED,
            as_json,
        )


async def _pack(settings: Settings, station: Station, args: argparse.Namespace) -> int:
    from packstation.domain.cycle import CycleInterrupted, CycleStatus
    from packstation.domain.packing import plan_parcels
    from packstation.services.packing import FinishRefused, OpenOutcome

    as_json = bool(args.json)
    service = station.service
    if args.skip_verify and not (args.reason or "").strip():
        args.reason = "item check skipped on the command line"
    if args.reason and not args.skip_verify:
        return _fail("--reason goes with --skip-verify.", EXIT_USAGE, as_json)
    opened = await service.open_order(args.order)
    if opened.outcome is OpenOutcome.ALREADY_PACKED:
        return _fail(
            opened.message,
            EXIT_ALREADY_PACKED,
            as_json,
            order_id=opened.order_id,
            tracking_codes=[a.tracking_code for a in opened.labels],
        )
    if opened.outcome in (
        OpenOutcome.NOT_AN_ORDER,
        OpenOutcome.NOT_PACKABLE,
        OpenOutcome.SOURCE_PROBLEM,
    ):
        reason = opened.reason.value if opened.reason else opened.outcome.value
        return _fail(
            opened.message, EXIT_NOT_PACKABLE, as_json, order_id=opened.order_id, reason=reason
        )
    session = opened.session
    assert session is not None
    warnings: list[str] = []
    if opened.outcome is OpenOutcome.CONTINUED:
        warnings.append(opened.message)
    problems: list[str] = []
    if session.status is CycleStatus.PACKING:
        try:
            if args.skip_verify:
                await service.skip_verification(args.reason)
            for code in args.verify:
                scanned = await service.scan_item(code)
                if not scanned.counted:
                    problems.append(f"{scanned.outcome.value}: {scanned.message}")
            if args.parcels is not None or args.weight_g:
                count = args.parcels or (len(args.weight_g) if args.weight_g else 1)
                weights = args.weight_g or None
                if weights is not None and len(weights) == 1 and count > 1:
                    split = plan_parcels(count, total_weight_g=weights[0])
                    weights = [p.weight_g or 0 for p in split]
                await service.set_parcels(count, weights)
        except ValueError as exc:
            return _fail(str(exc), EXIT_USAGE, as_json, order_id=session.order_id)
        if problems:
            return _fail(
                "The item check failed; nothing was bought:\n  " + "\n  ".join(problems),
                EXIT_ITEMS,
                as_json,
                order_id=session.order_id,
                problems=problems,
            )
    try:
        result = await service.finish(tracking_codes=args.own_label)
    except CycleInterrupted as exc:
        counts = await station.outbox.drain(min(settings.outbox_drain_s, 2.0))
        return _fail(
            exc.message,
            EXIT_IN_FLIGHT if exc.unresolved else EXIT_API,
            as_json,
            order_id=session.order_id,
            unresolved=exc.unresolved,
            outbox_pending=counts.pending,
        )
    if isinstance(result, FinishRefused) and not result.remaining:
        return _fail(
            f"Nothing was registered. {result.message}",
            EXIT_REFUSED,
            as_json,
            order_id=result.order_id,
            tracking_code=result.tracking_code,
        )
    if isinstance(result, FinishRefused):
        return _fail(
            f"The item check is not complete; nothing was bought. {result.message}",
            EXIT_ITEMS,
            as_json,
            order_id=result.order_id,
            missing=[{"sku": sku, "units": n} for sku, n in result.remaining],
        )
    return await _report_cycle(settings, station, result, as_json, warnings)


async def _report_cycle(
    settings: Settings,
    station: Station,
    report: CycleReport,
    as_json: bool,
    warnings: Sequence[str] = (),
) -> int:
    """Drain the outbox (bounded), then print the cycle's result; returns the exit code."""
    counts = await station.outbox.drain(settings.outbox_drain_s)
    data = await _cycle_json(station, report, warnings)
    code = EXIT_OK if report.printed else EXIT_PRINTER
    if data["customs_problems"]:
        code = EXIT_CUSTOMS
    data["exit_code"] = code
    data["ok"] = code == EXIT_OK
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        _print_cycle(data)
    if counts.pending:
        print(
            f"{counts.pending} call(s) to Seven Senders are still waiting in the outbox; the "
            "station sends them with the next command (or `packstation resume`).",
            file=sys.stderr,
        )
    if counts.failed:
        print(
            f"{counts.failed} call(s) to Seven Senders were refused and need attention "
            "(`packstation journal --pending`).",
            file=sys.stderr,
        )
    if data["customs_problems"]:
        print(
            f"The customs declaration of {report.order_id} was NOT sent; the label is bought"
            + (" and printed" if report.printed else "")
            + ". Fix the order's data, then run `packstation customs retry "
            + f"{report.order_id}`:\n  "
            + "\n  ".join(data["customs_problems"]),
            file=sys.stderr,
        )
    unconfirmed = [p for p in data["parcels"] if p["print_state"] == "sent_unconfirmed"]
    if unconfirmed:
        print(
            f"{len(unconfirmed)} label(s) of {report.order_id} went to the printer, but it "
            "cannot confirm printing (sent, unconfirmed): check that the label came out; "
            f"if not, `packstation reprint {report.order_id}`.",
            file=sys.stderr,
        )
    maybe = [p for p in data["parcels"] if p["may_have_printed"]]
    if maybe:
        print(
            f"{len(maybe)} label(s) of {report.order_id} may have printed before the station "
            "stopped, and the printer cannot tell: check the printer, then run `packstation "
            "resume --reprint-uncertain` if it did not print, or `packstation resume "
            "--uncertain-printed` if it did.",
            file=sys.stderr,
        )
    elif not report.printed:
        reasons = "".join(
            f"\n  parcel {p['parcel']}/{p['of']}: {p['print_detail']}"
            for p in data["parcels"]
            if p["print_detail"]
        )
        print(
            f"The label of {report.order_id} is bought and stored but did not print; run "
            "`packstation resume` when the printer is ready (a label the printer still holds "
            "is checked first, so it does not print twice), or `packstation reprint "
            f"{report.order_id}` for another copy.{reasons}",
            file=sys.stderr,
        )
    return code


def _confirmed(sent: bool, outcome: str | None) -> bool:
    """``printed`` in ``--json``: only a confirmed print (or an own label) counts."""
    return print_state(sent, outcome) in ("printed", "own_label")


async def _cycle_json(
    station: Station, report: CycleReport, warnings: Sequence[str] = ()
) -> dict[str, Any]:
    from packstation.cli_customs import customs_failures, declaration_json
    from packstation.domain.cycle import OutboxKind, OutboxStatus

    declarations = await station.customs.declarations(report.order_id)
    entries = await station.journal.entries(order_id=report.order_id, limit=200)
    posted: list[str] = []
    pending: list[str] = []
    failed: list[dict[str, str]] = []
    for entry in entries:
        name = (
            str(entry.payload.get("state"))
            if entry.kind is OutboxKind.ORDER_STATE
            else entry.kind.value
        )
        if entry.status is OutboxStatus.DELIVERED:
            posted.append(name)
        elif entry.status is OutboxStatus.PENDING:
            pending.append(name)
        else:
            failed.append({"call": name, "reason": entry.last_error})
    # why a label waits in the print queue (offline, paper out after the job, …)
    queued = await station.print_queue.pending()
    waiting = {j.reference: j.detail for j in queued}
    uncertain = {j.reference for j in queued if j.uncertain}
    parcels = [
        {
            "parcel": p.number,
            "of": p.count,
            "reference_number": p.reference_number,
            "status": p.status.value,
            "weight_g": p.weight_g,
            "label_id": p.label_id,
            "shipment_id": p.shipment_id,
            "tracking_code": p.tracking_code,
            "label_path": p.label_path,
            "sha256": p.sha256,
            "printed": _confirmed(p.printed, p.print_outcome),
            "print_state": "may_have_printed"
            if p.reference_number in uncertain and not p.printed
            else print_state(p.printed, p.print_outcome),
            "print_outcome": p.print_outcome,
            "print_detail": waiting.get(p.reference_number, ""),
            "may_have_printed": p.reference_number in uncertain and not p.printed,
        }
        for p in report.parcels
    ]
    return {
        "order_id": report.order_id,
        "cycle_id": report.cycle_id,
        "status": report.status.value,
        "label_format": report.label_format.value if report.label_format else None,
        "carrier": str(report.carrier) if report.carrier else None,
        "printer": station.printer.uri,
        "parcels": parcels,
        "shipment_ids": [p.shipment_id for p in report.parcels],
        "tracking_codes": [p.tracking_code for p in report.parcels],
        "label_paths": [p.label_path for p in report.parcels],
        "printed": [_confirmed(p.printed, p.print_outcome) for p in report.parcels],
        "states_posted": posted,
        "outbox_pending": pending,
        "outbox_failed": failed,
        "customs_needed": report.customs_needed,
        "customs_ids": [d.customs_id for d in declarations if d.customs_id]
        or list(report.customs_ids),
        "customs": [declaration_json(d) for d in declarations],
        "customs_problems": customs_failures(declarations),
        "skip_reason": report.skip_reason,
        "warnings": [*warnings, *report.warnings],
    }


def _print_cycle(data: dict[str, Any]) -> None:
    print(f"Order {data['order_id']}: {data['status']} ({data['carrier']}, {data['label_format']})")
    for p in data["parcels"]:
        printed = {
            "printed": "printed",
            "sent_unconfirmed": "sent, unconfirmed (check that the label came out)",
        }.get(p["print_state"], f"NOT printed ({p['print_outcome']})")
        where = p["label_path"]
        if p["print_outcome"] == "own_label":  # own-label mode: registered, printed elsewhere
            printed, where = "registered", "(label printed elsewhere)"
        print(
            f"  parcel {p['parcel']}/{p['of']}: {p['tracking_code']}  shipment {p['shipment_id']}"
            f"  {printed}  {where}"
        )
    if data["states_posted"]:
        print(f"  sent to Seven Senders: {', '.join(data['states_posted'])}")
    if data["outbox_pending"]:
        print(f"  waiting in the outbox: {', '.join(data['outbox_pending'])}")
    for failed in data["outbox_failed"]:
        print(f"  refused by Seven Senders: {failed['call']}: {failed['reason']}")
    for c in data["customs"]:
        where = c["invoice_path"] or c["customs_id"] or ""
        print(
            f"  customs, parcel {c['parcel']}/{c['of']}: {c['kind'].replace('_', ' ')}, "
            f"{c['status'].replace('_', ' ')} {where}".rstrip()
        )
    if data["customs_needed"] and not data["customs"]:
        print("  customs data needed for this destination")
    for warning in data["warnings"]:
        print(f"  note: {warning}")


async def _resume(
    settings: Settings,
    station: Station,
    as_json: bool,
    *,
    reprint_uncertain: bool = False,
    uncertain_printed: bool = False,
) -> int:
    if uncertain_printed:
        for job in await station.print_queue.pending():
            if job.uncertain:
                await station.print_queue.settle_uncertain(job.id)
    results = await station.service.resume(reprint_uncertain=reprint_uncertain)
    code = EXIT_OK
    rows: list[dict[str, Any]] = []
    for result in results:
        if result.report is not None:
            row = await _cycle_json(station, result.report)
            if not result.report.printed:
                code = max(code, EXIT_PRINTER)
            rows.append({"finished": True, **row})
        else:
            code = EXIT_IN_FLIGHT
            rows.append(
                {
                    "finished": False,
                    "order_id": result.order_id,
                    "cycle_id": result.cycle_id,
                    "problem": result.problem,
                    "unresolved": result.unresolved,
                    "waiting_for_packer": result.waiting_for_packer,
                }
            )
    counts = await station.outbox.drain(settings.outbox_drain_s)
    if as_json:
        print(
            json.dumps(
                {
                    "ok": code == EXIT_OK,
                    "exit_code": code,
                    "cycles": rows,
                    "outbox": {"pending": counts.pending, "failed": counts.failed},
                },
                ensure_ascii=False,
            )
        )
    else:
        if not rows:
            print("Nothing was left in flight.")
        for row in rows:
            if row["finished"]:
                _print_cycle(row)
            else:
                print(f"Order {row['order_id']}: not finished — {row['problem']}", file=sys.stderr)
        print(f"Outbox: {counts.pending} waiting, {counts.failed} need attention.")
    maybe = [
        f"{row['order_id']} parcel {p['parcel']}/{p['of']} ({p['tracking_code']})"
        for row in rows
        if row["finished"]
        for p in row["parcels"]
        if p["may_have_printed"]
    ]
    if maybe:
        print(
            "These labels may have printed before the station stopped, and the printer cannot "
            "tell: " + ", ".join(maybe) + ". Check the printer, then run `packstation resume "
            "--reprint-uncertain` if they did not print, or `packstation resume "
            "--uncertain-printed` if they did.",
            file=sys.stderr,
        )
    return code


async def _reprint(station: Station, target: str, as_json: bool) -> int:
    report = await station.service.reprint(target)
    if not report.items:
        return _fail(report.message, EXIT_NOT_PACKABLE, as_json)
    code = EXIT_OK if report.printed else EXIT_PRINTER
    if as_json:
        print(
            json.dumps(
                {
                    "ok": code == EXIT_OK,
                    "exit_code": code,
                    "query": target,
                    "printer": station.printer.uri,
                    "labels": [
                        {
                            "order_id": i.order_id,
                            "parcel": i.parcel,
                            "of": i.parcels,
                            "tracking_code": i.tracking_code,
                            "printed": _confirmed(i.printed, i.outcome),
                            "print_state": print_state(i.printed, i.outcome),
                            "print_outcome": i.outcome,
                            "detail": i.detail,
                        }
                        for i in report.items
                    ],
                }
            )
        )
    else:
        for i in report.items:
            state = "printed" if i.printed else f"NOT printed: {i.detail or i.outcome}"
            if print_state(i.printed, i.outcome) == "sent_unconfirmed":
                state = f"sent, unconfirmed: {i.detail or 'check that the label came out'}"
            print(f"{i.order_id} parcel {i.parcel}/{i.parcels} {i.tracking_code}: {state}")
    return code


async def _void(settings: Settings, station: Station, args: argparse.Namespace) -> int:
    as_json = bool(args.json)
    try:
        report = await station.service.void(args.tracking, args.reason, replace_label=args.replace)
    except LookupError as exc:
        return _fail(str(exc).strip("'\""), EXIT_NOT_PACKABLE, as_json)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE, as_json)
    code = EXIT_OK
    replacement = report.replacement
    if replacement is not None and not replacement.printed:
        code = EXIT_PRINTER
    counts = await station.outbox.drain(settings.outbox_drain_s)
    data: dict[str, Any] = {
        "ok": code == EXIT_OK,
        "exit_code": code,
        "tracking_code": report.tracking_code,
        "order_id": report.order_id,
        "parcel": report.parcel,
        "reason": report.reason,
        "already_voided": report.already_voided,
        "replacement": None
        if replacement is None
        else {
            "reference_number": replacement.reference_number,
            "tracking_code": replacement.tracking_code,
            "shipment_id": replacement.shipment_id,
            "label_path": replacement.label_path,
            "printed": _confirmed(replacement.printed, replacement.print_outcome),
            "print_state": print_state(replacement.printed, replacement.print_outcome),
        },
        "outbox": {"pending": counts.pending, "failed": counts.failed},
    }
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        word = "was already void" if report.already_voided else "is void"
        print(f"Label {report.tracking_code} (order {report.order_id}) {word}: {report.reason}")
        if replacement is not None:
            print(
                f"New label for parcel {replacement.number}: {replacement.tracking_code} "
                f"({'printed' if replacement.printed else 'NOT printed'})"
            )
    return code


async def _journal(settings: Settings, args: argparse.Namespace) -> int:
    from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
    from packstation.domain.cycle import OutboxStatus

    path = journal_path(settings.data_dir)
    if not path.exists():
        return _fail(f"No journal yet at {path}: nothing was packed here.", EXIT_OK, args.json)
    async with SqliteJournal(path) as journal:
        cycles = await journal.cycles(in_flight_only=args.pending, limit=max(1, args.limit))
        statuses = (OutboxStatus.PENDING, OutboxStatus.FAILED) if args.pending else ()
        outbox = await journal.entries(statuses=statuses, limit=200)
        counts = await journal.counts()
        rows: list[dict[str, Any]] = []
        for cycle in cycles:
            attempts = await journal.attempts(cycle.cycle_id)
            rows.append(
                {
                    "cycle_id": cycle.cycle_id,
                    "order_id": cycle.order_id,
                    "station": cycle.station,
                    "status": cycle.status.value,
                    "step": cycle.step.value,
                    "updated_at": cycle.updated_at.isoformat(),
                    "note": cycle.note,
                    "labels": [
                        {
                            "parcel": a.parcel_no,
                            "of": a.parcel_count,
                            "reference_number": a.reference_number,
                            "status": a.status.value,
                            "tracking_code": a.tracking_code,
                            "label_path": a.file_path,
                            "sha256": a.sha256,
                            "print_outcome": a.print_outcome,
                            "void_reason": a.void_reason,
                        }
                        for a in attempts
                    ],
                }
            )
    entries = [
        {
            "id": e.id,
            "order_id": e.order_id,
            "call": e.describe(),
            "status": e.status.value,
            "attempts": e.attempts,
            "next_attempt_at": e.next_attempt_at.isoformat(),
            "last_error": e.last_error,
        }
        for e in outbox
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "journal": str(path),
                    "cycles": rows,
                    "outbox": entries,
                    "outbox_pending": counts.pending,
                    "outbox_failed": counts.failed,
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    title = "In flight" if args.pending else "Recent cycles"
    print(f"{title} ({path}):")
    if not rows:
        print("  none")
    for row in rows:
        print(f"  {row['order_id']:<12} {row['status']:<12} {row['step']:<15} {row['updated_at']}")
        for label in row["labels"]:
            extra = f" void: {label['void_reason']}" if label["void_reason"] else ""
            print(
                f"      parcel {label['parcel']}/{label['of']} {label['status']:<9} "
                f"{label['tracking_code'] or '-':<22} {label['reference_number']}{extra}"
            )
        if row["note"]:
            print(f"      note: {row['note']}")
    print(f"Outbox: {counts.pending} waiting, {counts.failed} need attention.")
    for entry in entries:
        if entry["status"] != "delivered" or not args.pending:
            error = f" — {entry['last_error']}" if entry["last_error"] else ""
            print(f"  [{entry['status']}] {entry['call']} (tries: {entry['attempts']}){error}")
    return EXIT_OK
