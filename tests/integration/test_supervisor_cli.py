"""Supervisor rules on the command line, as real processes against the real sandbox.

`packstation supervisor add` enrols a supervisor (the badge and PIN read from standard input,
only hashes written); `pack --skip-verify`, a second `reprint` and `void` then exit 15 unless
`--approve` reads a supervisor's badge or PIN; the journal names who approved; no badge code
or PIN is ever written in clear anywhere in the station's files.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from packstation.sandbox import SandboxServer
from tests.integration.conftest import cli_environ

PIN, BADGE = "958173", "SUPERVISOR-BADGE-7Q2X"
APPROVAL = 15


@pytest.fixture
def env(sandbox: SandboxServer, tmp_path: Path) -> dict[str, str]:
    return cli_environ(sandbox, tmp_path)


def run(*args: str, env: dict[str, str], stdin: str = "") -> tuple[int, dict[str, Any] | None, str]:
    """``packstation ARGS`` with ``stdin``; (exit code, the last JSON line if any, stderr)."""
    result = subprocess.run(
        [sys.executable, "-m", "packstation", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip().startswith("{")]
    return result.returncode, json.loads(lines[-1]) if lines else None, result.stderr


def enrol(env: dict[str, str]) -> None:
    code, _, stderr = run(
        "supervisor", "add", "Maria Lopez", "--badge", "--pin", env=env, stdin=f"{BADGE}\n{PIN}\n"
    )
    assert code == 0, stderr


def journal(tmp_path: Path, kind: str) -> list[dict[str, Any]]:
    with sqlite3.connect(tmp_path / "data" / "journal.sqlite3") as db:
        rows = db.execute(
            "SELECT detail FROM journal_events WHERE kind = ? ORDER BY id", (kind,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def no_secret_in_clear(tmp_path: Path) -> None:
    """Neither the badge code nor the PIN is in any file the station wrote."""
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert BADGE.encode() not in data, path
            assert PIN.encode() not in data, path


def test_enrolling_keeps_only_hashes_and_refuses_weak_or_shared_codes(
    env: dict[str, str], tmp_path: Path
) -> None:
    code, listed, _ = run("supervisor", "list", "--json", env=env)
    assert code == 0
    assert listed == {
        "supervisors": [],
        "rules": {
            action: {"rule": "badge_or_pin", "in_force": False}
            for action in ("skip_check", "void", "reprint_again", "take_over")
        },
    }
    enrol(env)
    text = (tmp_path / "packstation.toml").read_text()
    assert "Maria Lopez" in text
    assert "pbkdf2-sha256$" in text
    no_secret_in_clear(tmp_path)

    code, _, stderr = run("supervisor", "add", "Jonas", "--pin", env=env, stdin=f"{PIN}\n")
    assert code == 2
    assert "already Maria Lopez's" in stderr
    code, _, stderr = run("supervisor", "add", "Jonas", "--pin", env=env, stdin="12\n")
    assert code == 2
    assert "at least 4 digits" in stderr
    code, _, stderr = run("supervisor", "add", "Jonas", "--pin", env=env)
    assert code == 2
    assert "Nothing was read" in stderr

    code, listed, _ = run("supervisor", "list", "--json", env=env)
    assert listed is not None
    assert listed["supervisors"] == [{"name": "Maria Lopez", "badge": True, "pin": True}]
    assert all(rule["in_force"] for rule in listed["rules"].values())
    code, _, _ = run("supervisor", "remove", "Maria Lopez", env=env)
    assert code == 0
    code, listed, _ = run("supervisor", "list", "--json", env=env)
    assert listed is not None
    assert listed["supervisors"] == []


def test_a_clear_pin_in_the_settings_file_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "packstation.toml").write_text(
        '[[supervisors]]\nname = "Maria"\npin_hash = "4711"\n'
    )
    code, _, stderr = run("supervisor", "list", env=env)
    assert code == 3
    assert "never kept in clear" in stderr


def test_skip_reprint_and_void_need_approve_and_the_journal_names_who(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path
) -> None:
    enrol(env)
    args = ("pack", "A100", "--skip-verify", "--reason", "bulky", "--json")
    code, data, stderr = run(*args, env=env)
    assert code == APPROVAL, stderr
    assert data is not None
    assert data["approval_needed"] == "skip_check"
    assert not data["approval_refused"]
    assert "--approve" in stderr
    with sandbox.state.lock:
        assert not sandbox.state.labels  # nothing was bought

    code, data, stderr = run(*args, "--approve", env=env, stdin="000111\n")
    assert code == APPROVAL
    assert data is not None
    assert data["approval_refused"]

    code, data, stderr = run(*args, "--approve", env=env, stdin=f"{PIN}\n")
    assert code == 0, stderr
    assert data is not None
    assert data["items_verified"] is False
    assert data["skip_reason"] == "bulky"
    assert data["not_verified"] == [
        {"sku": sku, "units": units} for sku, units in _lines(sandbox, "A100")
    ]
    (skipped,) = journal(tmp_path, "verification_skipped")
    assert skipped["approved_by"] == "Maria Lopez"
    assert skipped["approved_with"] == "pin"
    assert len(journal(tmp_path, "approval_refused")) == 1

    tracking = data["tracking_codes"][0]
    code, _, stderr = run("reprint", "A100", "--json", env=env)
    assert code == 0, stderr  # the first reprint is the packer's own call
    code, data, stderr = run("reprint", "A100", "--json", env=env)
    assert code == APPROVAL
    assert data is not None
    assert data["approval_needed"] == "reprint_again"
    code, _, stderr = run("reprint", "A100", "--approve", "--json", env=env, stdin=f"{BADGE}\n")
    assert code == 0, stderr
    reprints = journal(tmp_path, "reprint")
    assert [r.get("approved_by") for r in reprints] == [None, "Maria Lopez"]

    code, data, stderr = run("void", tracking, "--reason", "damaged", "--json", env=env)
    assert code == APPROVAL
    with sandbox.state.lock:
        assert [lb for lb in sandbox.state.labels.values() if lb.tracking_code == tracking]
    code, data, stderr = run(
        "void", tracking, "--reason", "damaged", "--approve", "--json", env=env, stdin=f"{BADGE}\n"
    )
    assert code == 0, stderr
    (voided,) = journal(tmp_path, "label_voided")
    assert voided["approved_by"] == "Maria Lopez"
    assert voided["approved_with"] == "badge"
    no_secret_in_clear(tmp_path)


def test_without_supervisors_nothing_asks(sandbox: SandboxServer, env: dict[str, str]) -> None:
    code, data, stderr = run("pack", "A100", "--skip-verify", "--json", env=env)
    assert code == 0, stderr
    assert data is not None
    assert data["items_verified"] is False
    assert data["not_verified"]


def _lines(sandbox: SandboxServer, order_id: str) -> list[tuple[str, int]]:
    with sandbox.state.lock:
        doc = sandbox.state.merchant_orders[order_id]
    return [(item["sku"], item["quantity"]) for item in doc["items"]]
