"""Command-line conventions, through the real command: the help names the exit codes and the
environment variables, and "nothing packed yet" is an answer, not a failure."""

from __future__ import annotations

from pathlib import Path

from packstation.adapters.journal_sqlite import journal_path
from packstation.cli.exits import MEANINGS
from tests.integration.conftest import packstation, run_json, station_environ


def test_help_lists_every_exit_code_and_the_environment_variables(tmp_path: Path) -> None:
    result = packstation("--help", env=station_environ(tmp_path))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "exit codes:" in text
    for code, meaning in MEANINGS.items():
        assert f"{int(code):>2}  {meaning.split()[0]}" in text, code
    for name in ("PACKSTATION_CONFIG", "PACKSTATION_ACCESS_KEY", "PACKSTATION_ENVIRONMENT"):
        assert name in text


def test_a_command_help_describes_the_command(tmp_path: Path) -> None:
    result = packstation("stats", "--help", env=station_environ(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Packing figures from the journal" in result.stdout


def test_stats_without_a_journal_is_zero_and_ok(tmp_path: Path) -> None:
    env = station_environ(tmp_path, PACKSTATION_DATA_DIR=str(tmp_path / "data"))
    code, answer, stderr = run_json("stats", env=env)
    assert code == 0
    assert answer["ok"] is True
    assert answer["exit_code"] == 0
    assert answer["packed"] == 0
    assert answer["per_hour"] == []
    assert answer["journal_exists"] is False
    assert "No journal yet" in stderr
    assert not journal_path(tmp_path / "data").exists()  # asking made no journal

    plain = packstation("stats", env=env)
    assert plain.returncode == 0
    assert "0 order(s)" in plain.stdout


def test_journal_without_a_journal_is_empty_and_ok(tmp_path: Path) -> None:
    env = station_environ(tmp_path, PACKSTATION_DATA_DIR=str(tmp_path / "data"))
    code, answer, stderr = run_json("journal", env=env)
    assert code == 0
    assert answer["ok"] is True
    assert answer["exit_code"] == 0
    assert (answer["exists"], answer["cycles"], answer["outbox"]) == (False, [], [])
    assert "No journal yet" in stderr


def test_a_failure_with_json_agrees_with_the_exit_status(tmp_path: Path) -> None:
    code, answer, stderr = run_json("carriers", env=station_environ(tmp_path))
    assert code == 3
    assert answer == {"ok": False, "exit_code": 3, "error": stderr.strip()}
    assert "PACKSTATION_API_URL" in stderr
