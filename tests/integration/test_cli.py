"""The `packstation` command line, run as real processes against a real sandbox process."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest

from tests.integration.conftest import packstation, run_json, station_environ


def test_carriers_against_a_standalone_sandbox(sandbox_process: str, tmp_path: Path) -> None:
    env = station_environ(
        tmp_path,
        PACKSTATION_ENVIRONMENT="custom",
        PACKSTATION_API_URL=sandbox_process,
        PACKSTATION_ACCESS_KEY="test-access-key",
    )
    result = packstation("carriers", "--json", env=env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    codes = {c["code"] for c in answer["carriers"]}
    assert {"dhl", "mondialrelay"} <= codes
    assert answer["api_url"] == sandbox_process

    plain = packstation("carriers", env=env)
    assert plain.returncode == 0
    assert "Mondial Relay" in plain.stdout


def test_revoked_key_exit_code_and_no_secret_in_output(
    sandbox_process: str, tmp_path: Path
) -> None:
    env = station_environ(
        tmp_path,
        PACKSTATION_ENVIRONMENT="custom",
        PACKSTATION_API_URL=sandbox_process,
        PACKSTATION_ACCESS_KEY="revoked-access-key",
    )
    result = packstation("carriers", env=env)
    assert result.returncode == 4
    assert "access key" in result.stderr.lower()
    assert "revoked-access-key" not in result.stderr + result.stdout
    log = (tmp_path / "state" / "packstation" / "log" / "packstation.log").read_text()
    assert "revoked-access-key" not in log


def test_unreachable_api_exit_code(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = station_environ(
        tmp_path,
        PACKSTATION_ENVIRONMENT="custom",
        PACKSTATION_API_URL=f"http://127.0.0.1:{port}/v2",
        PACKSTATION_ACCESS_KEY="test-access-key",
        PACKSTATION_CONNECT_TIMEOUT_S="1",
    )
    result = packstation("carriers", env=env)
    assert result.returncode == 5, result.stderr
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr


def test_bad_settings_exit_code(tmp_path: Path) -> None:
    (tmp_path / "packstation.toml").write_text('environment = "moon"\n')
    result = packstation("carriers", env=station_environ(tmp_path))
    assert result.returncode == 3
    assert "environment" in result.stderr


def test_sandbox_environment_needs_a_url_for_carriers(tmp_path: Path) -> None:
    result = packstation("carriers", env=station_environ(tmp_path))
    assert result.returncode == 3
    assert "PACKSTATION_API_URL" in result.stderr


def test_demo_smoke_test_opens_the_window_on_the_embedded_sandbox(tmp_path: Path) -> None:
    result = packstation("demo", "--smoke-test", env=station_environ(tmp_path), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "demo ok: " in result.stdout
    loaded = int(result.stdout.split("demo ok: ")[1].split()[0])
    assert loaded >= 12


def test_access_key_without_keyring_is_explained(tmp_path: Path) -> None:
    env = station_environ(
        tmp_path,
        PACKSTATION_ENVIRONMENT="uat",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    result = packstation("access-key", "clear", env=env)
    assert result.returncode == 3
    assert "no secure password store" in result.stderr


def test_unknown_api_name_override_is_a_settings_error(tmp_path: Path) -> None:
    env = station_environ(
        tmp_path,
        PACKSTATION_ENVIRONMENT="custom",
        PACKSTATION_API_URL="http://127.0.0.1:9/v2",
        PACKSTATION_ACCESS_KEY="test-access-key",
        PACKSTATION_API_NAMES='{"lable.tracking_code": "tracking_number"}',
    )
    result = packstation("carriers", env=env)
    assert result.returncode == 3
    assert "lable.tracking_code" in result.stderr


@pytest.mark.parametrize("command", ["journal", "stats"])
def test_a_journal_from_a_newer_version_is_refused_in_plain_words(
    tmp_path: Path, command: str
) -> None:
    data = tmp_path / "data-dir"
    data.mkdir()
    conn = sqlite3.connect(data / "journal.sqlite3")
    conn.execute("CREATE TABLE from_a_newer_packstation (x)")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    env = station_environ(tmp_path, PACKSTATION_DATA_DIR=str(data))

    code, answer, stderr = run_json(command, env=env)

    assert code == 1
    assert answer["ok"] is False
    assert "was written by a newer version of packstation" in answer["error"]
    assert "database version 999" in answer["error"]
    assert "The file was not changed" in stderr
    conn = sqlite3.connect(data / "journal.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone() == (999,)
    conn.close()
