"""The command line's shared plumbing: the parser, the exit-code ladder, the output object."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from packstation.cli.exits import ExitCode
from packstation.cli.guard import NO_ENVIRONMENT, guarded, require_connection
from packstation.cli.main import build_parser, command_modules, window_args
from packstation.cli.output import CommandFailed, Output
from packstation.composition.station import StationConfigError
from packstation.domain.environment import Environment
from packstation.domain.errors import AuthenticationFailed, ShippingApiError
from packstation.settings.model import load_settings


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def test_every_command_has_a_description_and_a_module() -> None:
    commands = _subcommands(build_parser())
    assert commands
    for name, sub in commands.items():
        assert sub.description, f"`packstation {name}` has no description"
        assert sum(name in m.COMMANDS for m in command_modules()) == 1, name
    assert set().union(*(m.COMMANDS for m in command_modules())) == set(commands)


def test_the_top_level_help_has_the_exit_codes_and_environment() -> None:
    text = build_parser().format_help()
    for code in ExitCode:
        assert f"\n  {int(code):>2}  " in text
    assert "PACKSTATION_CONFIG" in text
    assert "PACKSTATION_ACCESS_KEY" in text


async def _run(body: BaseException, out: Output) -> ExitCode:
    async def fails() -> ExitCode:
        raise body

    return await guarded(out, "test", fails())


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (CommandFailed("no such order", ExitCode.NOT_FOUND), ExitCode.NOT_FOUND),
        (StationConfigError("no order source"), ExitCode.CONFIG),
        (AuthenticationFailed("the access key was refused"), ExitCode.AUTH),
        (ShippingApiError("Seven Senders answered 503"), ExitCode.API),
        (ValueError("api_names: unknown name"), ExitCode.CONFIG),
        (OSError("disk full"), ExitCode.UNEXPECTED),
        (sqlite3.OperationalError("database is locked"), ExitCode.UNEXPECTED),
        (RuntimeError("a bug"), ExitCode.UNEXPECTED),
    ],
)
@pytest.mark.asyncio
async def test_one_ladder_turns_each_failure_into_its_exit_code(
    error: Exception, code: ExitCode, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await _run(error, Output(json=True)) is code
    captured = capsys.readouterr()
    answer = json.loads(captured.out)
    assert answer["ok"] is False
    assert answer["exit_code"] == int(code)
    assert answer["error"] == captured.err.strip()
    assert "Traceback" not in captured.err


@pytest.mark.asyncio
async def test_command_failed_carries_its_details_into_the_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    await _run(CommandFailed("refused", ExitCode.REFUSED, order_id="A100"), Output(json=True))
    answer = json.loads(capsys.readouterr().out)
    assert answer == {"ok": False, "exit_code": 11, "error": "refused", "order_id": "A100"}


@pytest.mark.asyncio
async def test_without_json_a_failure_is_only_words_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _run(ShippingApiError("unreachable"), Output()) is ExitCode.API
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unreachable" in captured.err


def test_a_failure_never_claims_exit_code_zero() -> None:
    with pytest.raises(ValueError, match="other than 0"):
        Output(json=True).fail("nothing", ExitCode.OK)


def test_the_connection_check_names_what_is_missing() -> None:
    with pytest.raises(CommandFailed) as sandbox:
        require_connection(load_settings(environment=Environment.SANDBOX))
    assert (sandbox.value.code, sandbox.value.message) == (ExitCode.CONFIG, NO_ENVIRONMENT)
    with pytest.raises(CommandFailed) as custom:
        require_connection(load_settings(environment=Environment.CUSTOM))
    assert custom.value.code is ExitCode.CONFIG
    assert "PACKSTATION_API_URL" in custom.value.message


@pytest.mark.parametrize(
    ("argv", "command", "verbose", "data_dir"),
    [
        ([], None, False, None),
        (["demo"], "demo", False, None),
        (["-v", "--data-dir", "/tmp/d", "gui"], "gui", True, "/tmp/d"),
        (["--data-dir=/tmp/d"], None, False, "/tmp/d"),
    ],
)
def test_the_window_commands_are_read_without_the_whole_parser(
    argv: list[str], command: str | None, verbose: bool, data_dir: str | None
) -> None:
    args = window_args(argv)
    assert args is not None
    assert (args.command, args.verbose) == (command, verbose)
    assert args.data_dir == (Path(data_dir) if data_dir else None)
    # the whole parser reads them the same
    full = build_parser().parse_args(argv)
    assert (full.command, full.verbose, full.data_dir) == (command, verbose, args.data_dir)


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["demo", "--smoke-test"],
        ["demo", "gui"],
        ["pack", "A100"],
        ["--data-dir"],
        ["gui", "-v"],
        ["--version"],
    ],
)
def test_everything_else_goes_to_the_whole_parser(argv: list[str]) -> None:
    assert window_args(argv) is None
