"""``demo``, ``gui`` and ``sandbox``: the station window, and the local fake Seven Senders."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.settings.model import Settings

#: The commands this module answers.
COMMANDS = frozenset({"demo", "gui", "sandbox"})


def add_parsers(sub: Any) -> None:
    demo = sub.add_parser(
        "demo",
        help="open the station window on the embedded sandbox (training, nothing bought)",
        description="Open the station window on the embedded sandbox: a local fake of Seven "
        "Senders with demo orders and a virtual label printer, in a throw-away data folder. "
        "Nothing is bought and nothing is left behind.",
    )
    demo.add_argument(
        "--smoke-test",
        action="store_true",
        help="pack demo order A100 from scripted scans, print the result and exit (for checks)",
    )
    sub.add_parser(
        "gui",
        help="open the station window on the configured environment, orders and printer",
        description="Open the station window on the configured environment, order source and "
        "printer (what `packstation` alone does once the station is set up).",
    )
    sandbox = sub.add_parser(
        "sandbox",
        help="run the local fake Seven Senders server",
        description="Run the local fake Seven Senders server (the same API paths, demo orders "
        "and a merchant order feed) until Ctrl+C; point PACKSTATION_API_URL at the URL it "
        "prints. See docs/sandbox.md.",
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    sandbox.add_argument("--seed", choices=("demo", "empty"), default="demo")
    sandbox.add_argument(
        "--token-ttl", type=int, default=3600, metavar="S", help="token lifetime in seconds"
    )
    sandbox.add_argument("--flex", action="store_true", help="act as a 7S Flex account")
    sandbox.add_argument(
        "--merchant-keys-in-paths",
        action="store_true",
        help="item URLs also take the merchant's keys (order id, SKU, manifest id), not only "
        "7S's ids (off: strict, like the real API is assumed to be)",
    )
    sandbox.add_argument(
        "--printer-port",
        type=int,
        metavar="N",
        help="also run the virtual label printer (raw TCP, answers ~HS) on port N (0: a free one)",
    )


def opens_window(args: argparse.Namespace) -> bool:
    """``gui`` and ``demo`` (not its smoke test, which reports bad settings as the other
    commands do): the window, which loads and checks the settings itself."""
    return args.command in ("gui", "demo") and not getattr(args, "smoke_test", False)


def run_window(args: argparse.Namespace, out: Output) -> ExitCode:
    """The window, without settings loaded first (``opens_window``)."""
    overrides: dict[str, Any] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    return _window(overrides, out, demo=args.command == "demo", smoke_test=False)


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    if args.command == "sandbox":
        return _sandbox(args, out)
    overrides: dict[str, Any] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    return _window(
        overrides, out, demo=args.command == "demo", smoke_test=getattr(args, "smoke_test", False)
    )


def _sandbox(args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.sandbox import run_forever

    if args.token_ttl < 1:
        return out.fail("--token-ttl must be at least 1 second", ExitCode.USAGE)
    if args.printer_port is not None and not 0 <= args.printer_port < 65536:
        return out.fail("--printer-port must be a port number (0 picks a free one)", ExitCode.USAGE)
    try:
        run_forever(
            host=args.host,
            port=args.port,
            seed=args.seed,
            token_ttl=args.token_ttl,
            flex=args.flex,
            printer_port=args.printer_port,
            merchant_keys_in_paths=args.merchant_keys_in_paths,
        )
    except OSError as exc:
        return out.fail(f"The sandbox could not start: {exc.strerror or exc}.", ExitCode.UNEXPECTED)
    return ExitCode.OK


def _window(overrides: dict[str, Any], out: Output, *, demo: bool, smoke_test: bool) -> ExitCode:
    from packstation.composition.facts import has_display

    if not has_display():
        out.note(
            "No display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot "
            "open. Starting the sandbox on its own instead; open a desktop session to see the "
            "station."
        )
        from packstation.sandbox import run_forever

        run_forever(host="127.0.0.1", port=0, seed="demo", token_ttl=3600, flex=False)
        return ExitCode.OK
    from packstation.composition.bench.run import run_gui

    return ExitCode(run_gui(overrides, demo=demo, smoke_test=smoke_test))
