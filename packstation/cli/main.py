"""The ``packstation`` command: the main parser, settings and logging, and the hand-over to
the module that answers the command.

Without a command: the station window (the set-up first when the station has no settings).
Each command module has ``COMMANDS``, ``add_parsers(sub)`` and ``run(settings, args, out)``;
they share the output (``output.py``), the exit codes (``exits.py``) and the connection check
and exception ladder (``guard.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from packstation import __version__
from packstation.cli import launch
from packstation.cli.exits import MEANINGS, ExitCode
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.settings.model import Settings


class CommandModule(Protocol):
    COMMANDS: frozenset[str]

    def add_parsers(self, sub: Any) -> None: ...

    def run(self, settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode: ...


def command_modules() -> tuple[CommandModule, ...]:
    """Every command's module, in the order ``--help`` lists them (imported when the parser
    is built: the window's start, ``window_args``, needs none of them)."""
    from packstation.cli import (
        admin,
        customs,
        journal,
        packing,
        probe,
        supervisors,
        warehouse,
        workflows,
    )

    return (launch, packing, journal, warehouse, workflows, customs, supervisors, admin, probe)


#: The global options ``window_args`` recognises before a window command.
_FLAGS = frozenset({"-v", "--verbose"})

#: Variables the command line reads (every setting also has one: docs/settings.md).
ENVIRONMENT = {
    "PACKSTATION_CONFIG": "the settings file (default: the platform's config folder)",
    "PACKSTATION_ACCESS_KEY": "the 7S access key for headless use (else the OS keyring)",
    "PACKSTATION_ENVIRONMENT": "sandbox, uat, production or custom",
    "PACKSTATION_API_URL": "the 7S base URL (custom environment, standalone sandbox)",
    "PACKSTATION_ORDER_SOURCE": "folder or URL of the merchant's orders",
    "PACKSTATION_PRINTER": "printer URI (tcp://, cups://, escpos+…://, file:///DIR, win32://)",
    "PACKSTATION_DATA_DIR": "where the journal and label files live (like --data-dir)",
    "PACKSTATION_<SETTING>": "any other setting by its name in capitals",
}


def epilog() -> str:
    codes = "\n".join(f"  {int(code):>2}  {text}" for code, text in MEANINGS.items())
    names = "\n".join(f"  {name:<25} {text}" for name, text in ENVIRONMENT.items())
    return (
        f"exit codes:\n{codes}\n\nenvironment variables:\n{names}\n\n"
        "`packstation COMMAND --help` explains each command; docs/settings.md every setting."
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="packstation",
        description="Packing-bench station for Seven Senders. Without a command: the station "
        "window (the set-up first when the station has no settings; demo mode is one key "
        "away there).",
        epilog=epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    for module in command_modules():
        module.add_parsers(sub)
    return parser


def window_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """``argv`` when it opens the window: ``[-v] [--data-dir DIR] [gui|demo]`` and nothing
    else (no ``--help``, no other option). It skips building the whole parser and importing
    every command's module, so the window shows sooner (issue 17); anything else → None."""
    verbose, data_dir, command = False, None, None
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word in _FLAGS and command is None:
            verbose = True
        elif word == "--data-dir" and command is None and rest and not rest[0].startswith("-"):
            data_dir = Path(rest.pop(0))
        elif word.startswith("--data-dir=") and command is None and len(word) > 11:
            data_dir = Path(word.split("=", 1)[1])
        elif word in ("gui", "demo") and command is None:
            command = word
        else:
            return None
    return argparse.Namespace(command=command, verbose=verbose, data_dir=data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    args = window_args(sys.argv[1:] if argv is None else argv) or build_parser().parse_args(argv)
    from packstation.composition.logging_setup import configure_logging, install_crash_logging
    from packstation.settings.paths import migrate_config_file

    # ``packstation`` alone (the installed shortcut) is the station window; on its first
    # start it opens the set-up (``composition.bench.run.needs_first_run``)
    args.command = args.command or "gui"
    out = Output(json=bool(getattr(args, "json", False)))
    overrides: dict[str, Any] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    configure_logging(verbose=args.verbose)
    install_crash_logging()
    migrate_config_file()  # a settings file where an earlier version kept it
    if launch.opens_window(args):
        # the window loads the settings itself, behind its first frame, and says what is
        # wrong with them there (F10 fixes it): not loaded twice before the window shows
        return launch.run_window(args, out)
    from packstation.settings.model import SettingsError, load_settings

    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        return out.fail(str(exc), ExitCode.CONFIG)
    module = next((m for m in command_modules() if args.command in m.COMMANDS), None)
    if module is None:
        return out.fail(f"unknown command {args.command!r}", ExitCode.USAGE)
    try:
        return module.run(settings, args, out)
    except KeyboardInterrupt:
        return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
