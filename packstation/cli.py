"""The `packstation` command line: demo window, standalone sandbox, and headless tools.

Exit codes (also in the README):
    0 done · 2 usage error · 3 configuration problem · 4 Seven Senders refused the access key ·
    5 Seven Senders unreachable or answered with an error · 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from packstation import __version__
from packstation.cli_customs import CUSTOMS_COMMANDS
from packstation.cli_customs import add_parsers as add_customs_parsers
from packstation.cli_customs import run as run_customs_command
from packstation.cli_workflows import WORKFLOW_COMMANDS
from packstation.cli_workflows import add_parsers as add_workflow_parsers
from packstation.cli_workflows import run as run_workflow_command

if TYPE_CHECKING:
    from packstation.config import Settings

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_AUTH = 4
EXIT_API = 5


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="packstation",
        description="Packing-bench station for Seven Senders. Without a command: demo mode.",
    )
    parser.add_argument("--version", action="version", version=f"packstation {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="open the station on the embedded sandbox (training)")
    demo.add_argument(
        "--smoke-test",
        action="store_true",
        help="load the demo orders once, print the result and exit (for checks)",
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

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(verbose=args.verbose)
    command = args.command or "demo"
    try:
        if command in WORKFLOW_COMMANDS:
            return run_workflow_command(settings, args)
        if command in CUSTOMS_COMMANDS:
            return run_customs_command(settings, args)
        if command == "sandbox":
            return _sandbox(args)
        if command == "demo":
            return _demo(settings, smoke_test=getattr(args, "smoke_test", False))
        if command == "about":
            return _about(settings, as_json=args.json)
        if command == "carriers":
            return asyncio.run(_carriers(settings, as_json=args.json))
        if command == "access-key":
            return _access_key(settings, args)
    except KeyboardInterrupt:
        return EXIT_OK
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


def _demo(settings: Settings, smoke_test: bool) -> int:
    from packstation.app import has_display, run_demo_gui

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
    return run_demo_gui(settings, smoke_test=smoke_test)


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
