"""``supervisor``: enrol, remove and list the supervisors who approve guarded bench actions.

A badge code or PIN is read without echo from the terminal (or, when standard input is not a
terminal, one per line from it) and only its salted hash is written to the settings file
(``domain.approval``). ``read_supervisor_code`` is how ``pack``, ``reprint`` and ``void
--approve`` read a supervisor's code the same way: never from the command line, where the
process list and the shell history would keep it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.settings.model import Settings

#: The commands this module answers.
COMMANDS = frozenset({"supervisor"})

APPROVE_HELP = (
    "a supervisor approves (a guarded action: skipping the item check, voiding, a second "
    "reprint, taking over another bench's order): their badge code or PIN is read without "
    "echo from the terminal, or from the first line of standard input"
)


def add_parsers(sub: Any) -> None:
    parser = sub.add_parser(
        "supervisor",
        help="enrol, remove or list the supervisors who approve guarded actions",
        description="Supervisors approve what a packer may not do alone (the approve_* "
        "settings: skipping the item check, voiding a label, reprinting a label a second "
        "time, taking over an order another bench started) with a badge scan or a PIN. "
        "Badge codes and PINs are read without echo (or one per line from standard input) "
        "and only their salted hashes are kept in the settings file. With nobody enrolled "
        "nothing needs approving.",
    )
    actions = parser.add_subparsers(dest="supervisor_action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="enrol a supervisor (or give one a new badge or PIN)",
        description="Enrol a supervisor by name with a badge, a PIN or both (at least one). "
        "Scan the badge or type the PIN when asked; a PIN is asked twice. An existing name "
        "keeps what is not given anew.",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--badge", action="store_true", help="read a badge code (scan it)")
    add.add_argument("--pin", action="store_true", help="read a PIN (at least 4 digits)")
    remove = actions.add_parser("remove", help="remove a supervisor")
    remove.add_argument("name", metavar="NAME")
    show = actions.add_parser("list", help="the supervisors and the rule of each action")
    show.add_argument("--json", action="store_true", help="machine-readable output")


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.settings.model import SettingsError

    try:
        if args.supervisor_action == "add":
            return _add(settings, args, out)
        if args.supervisor_action == "remove":
            return _remove(args, out)
    except SettingsError as exc:
        return out.fail(str(exc), ExitCode.CONFIG)
    except EOFError:
        return out.fail("Nothing was read: no badge code or PIN was given.", ExitCode.USAGE)
    return _list(settings, out)


def read_secret(prompt: str) -> str:
    """One line without echo from the terminal, else one line of standard input.

    Raises EOFError when standard input has ended.
    """
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def read_supervisor_code() -> str:
    """A supervisor's badge code or PIN for ``--approve`` (never echoed, never logged)."""
    try:
        return read_secret("Supervisor: scan your badge or type your PIN: ")
    except EOFError:
        return ""


def _entries() -> list[dict[str, Any]]:
    from packstation.settings.file import read_settings_file

    found = read_settings_file().get("supervisors", [])
    return [dict(e) for e in found] if isinstance(found, list) else []


def _save(entries: list[dict[str, Any]]) -> None:
    from packstation.settings.file import save_settings

    plain = [{k: v for k, v in e.items() if v is not None} for e in entries]
    save_settings({"supervisors": plain or None})


def _add(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.domain.approval import (
        Credential,
        Supervisor,
        badge_problem,
        hash_secret,
        pin_problem,
        taken_by,
    )

    if not (args.badge or args.pin):
        return out.fail("Give --badge, --pin or both.", ExitCode.USAGE)
    name = " ".join(args.name.split())
    if not name:
        return out.fail("A supervisor needs a name.", ExitCode.USAGE)
    entries = _entries()
    others = [
        Supervisor(str(e.get("name", "")), e.get("badge_hash"), e.get("pin_hash"))
        for e in entries
        if str(e.get("name", "")).casefold() != name.casefold()
    ]
    changes: dict[str, str] = {}
    asks: list[tuple[Credential, str, str, Callable[[str], str | None]]] = []
    if args.badge:
        asks.append((Credential.BADGE, "badge_hash", f"Scan {name}'s badge: ", badge_problem))
    if args.pin:
        asks.append((Credential.PIN, "pin_hash", f"{name}'s new PIN: ", pin_problem))
    for credential, key, prompt, problem_of in asks:
        secret = read_secret(prompt)
        problem = problem_of(secret)
        if problem is not None:
            return out.fail(f"Not enrolled: {problem}.", ExitCode.USAGE)
        again = credential is Credential.PIN and sys.stdin.isatty()
        if again and read_secret("The PIN again: ") != secret:
            return out.fail("Not enrolled: the two PINs differ.", ExitCode.USAGE)
        holder = taken_by(secret, Credential.BADGE, others) or taken_by(
            secret, Credential.PIN, others
        )
        if holder is not None:
            return out.fail(
                f"Not enrolled: that {credential.value} is already {holder}'s; every badge and "
                "PIN must name one supervisor.",
                ExitCode.USAGE,
            )
        changes[key] = hash_secret(secret)
    existing = next(
        (e for e in entries if str(e.get("name", "")).casefold() == name.casefold()), None
    )
    if existing is None:
        entries.append({"name": name, **changes})
    else:
        existing.update(changes)
    _save(entries)
    what = " and ".join(c.value for c, *_ in asks)
    out.line(f"{name} can approve with their {what} (only a hash is kept in the settings).")
    if not settings.supervisors:
        out.line("Supervisor rules are in force from the next start of the station.")
    return ExitCode.OK


def _remove(args: argparse.Namespace, out: Output) -> ExitCode:
    name = " ".join(args.name.split())
    entries = _entries()
    kept = [e for e in entries if str(e.get("name", "")).casefold() != name.casefold()]
    if len(kept) == len(entries):
        return out.fail(f"No supervisor named {name} is enrolled.", ExitCode.NOT_FOUND)
    _save(kept)
    out.line(f"{name} is no longer a supervisor at this station.")
    if not kept:
        out.line("Nobody is enrolled now: no action needs approving.")
    return ExitCode.OK


def _list(settings: Settings, out: Output) -> ExitCode:
    from packstation.domain.approval import GuardedAction

    supervision = settings.supervision
    rules = {
        action.value: {
            "rule": supervision.configured(action).value,
            "in_force": supervision.rule(action) is not None,
        }
        for action in GuardedAction
    }
    people = [
        {"name": s.name, "badge": s.badge_hash is not None, "pin": s.pin_hash is not None}
        for s in supervision.supervisors
    ]
    if out.json:
        out.emit({"supervisors": people, "rules": rules})
        return ExitCode.OK
    if not people:
        out.line(
            "No supervisor is enrolled: no action needs approving (packstation supervisor "
            "add NAME --badge --pin)."
        )
    for p in people:
        ways = [w for w in ("badge", "pin") if p[w]]
        out.line(f"{p['name']}: {' and '.join(ways)}")
    for action in GuardedAction:
        rule = rules[action.value]
        state = "" if rule["in_force"] else "  (not in force)"
        out.line(f"  {action.text}: {str(rule['rule']).replace('_', ' ')}{state}")
    return ExitCode.OK
