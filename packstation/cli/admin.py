"""``carriers``, ``access-key`` and ``about``: setting a station up and checking it."""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.guard import guarded, require_connection
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.settings.model import Settings

#: The commands this module answers.
COMMANDS = frozenset({"carriers", "access-key", "about"})


def add_parsers(sub: Any) -> None:
    carriers = sub.add_parser(
        "carriers",
        help="sign in to the configured 7S environment and list its carriers",
        description="Sign in to the configured Seven Senders environment with the stored "
        "access key and list its carriers: the quickest check that the key, the URL and the "
        "network work.",
    )
    carriers.add_argument("--json", action="store_true", help="machine-readable output")
    key = sub.add_parser(
        "access-key",
        help="store or remove the 7S access key in the OS keyring",
        description="Store (asked for without echo) or remove the Seven Senders access key "
        "in the OS keyring. It is never written to a file; without a keyring, set "
        "PACKSTATION_ACCESS_KEY in the station's environment instead.",
    )
    key.add_argument("action", choices=("set", "clear"))
    key.add_argument(
        "--environment",
        choices=("uat", "production", "custom"),
        help="which environment's key (default: the configured one)",
    )
    about = sub.add_parser(
        "about",
        help="version, and where this station keeps its settings, data and logs",
        description="The version, and where this station keeps its settings file, data and "
        "logs, which environment it uses and which OS keyring holds its key.",
    )
    about.add_argument("--json", action="store_true", help="machine-readable output")


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    import asyncio

    if args.command == "carriers":
        return asyncio.run(guarded(out, args.command, _carriers(settings, out)))
    if args.command == "about":
        return _about(settings, out)
    return _access_key(settings, args, out)


async def _carriers(settings: Settings, out: Output) -> ExitCode:
    from packstation.composition.connection import shipping_api

    connection = require_connection(settings)
    async with shipping_api(settings, connection) as api:
        carriers = await api.list_carriers()
    if out.json:
        rows = [{"code": c.code, "name": c.name, "countries": list(c.countries)} for c in carriers]
        out.emit({"api_url": connection.base_url, "carriers": rows})
    else:
        for c in carriers:
            out.line(f"{c.code:<14} {c.name:<24} {', '.join(c.countries)}")
    return ExitCode.OK


def _about(settings: Settings, out: Output) -> ExitCode:
    from packstation.composition.facts import station_facts

    facts = station_facts(settings)
    if out.json:
        out.emit(facts)
        return ExitCode.OK
    config_state = "" if facts["config_file_exists"] else "  (not there yet: set-up not done)"
    keyring = facts["keyring"] or "none — the key must come from PACKSTATION_ACCESS_KEY"
    out.line(f"packstation {facts['version']} (Python {facts['python']}, Qt {facts['qt']})")
    out.line(f"  program:      {facts['executable']}")
    out.line(f"  settings:     {facts['config_file']}{config_state}")
    out.line(f"  data:         {facts['data_dir']}")
    out.line(f"  logs:         {facts['log_dir']}")
    out.line(f"  environment:  {facts['environment']}")
    out.line(f"  OS keyring:   {keyring}")
    return ExitCode.OK


def _access_key(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.domain.environment import Environment
    from packstation.settings.access_key import NoSecureStore, clear_access_key, set_access_key

    environment = Environment(args.environment or settings.environment)
    if not environment.needs_access_key:
        return out.fail("The sandbox needs no stored key (it uses the demo key).", ExitCode.USAGE)
    try:
        if args.action == "set":
            key = getpass.getpass(f"Seven Senders access key for {environment}: ")
            set_access_key(environment, key)
            out.line(f"Stored in the OS keyring for {environment}.")
        elif clear_access_key(environment):
            out.line(f"Removed the {environment} access key from the OS keyring.")
        else:
            out.line(f"No {environment} access key was stored.")
    except NoSecureStore as exc:
        return out.fail(str(exc), ExitCode.CONFIG)
    except ValueError as exc:
        return out.fail(f"Not stored: {exc}.", ExitCode.USAGE)
    return ExitCode.OK
