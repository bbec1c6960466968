"""Fixtures for tests that run the real `packstation` command as a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from packstation.sandbox import SandboxServer
from tests.pg_support import postgres_server, warehouse_db  # noqa: F401  (warehouse tests)


def station_environ(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a station subprocess: temp dirs, offscreen Qt, no real config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        PACKSTATION_CONFIG=str(home / "packstation.toml"),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def packstation(
    *args: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "packstation", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def sandbox_process(tmp_path: Path) -> Iterator[str]:
    """`packstation sandbox --port 0` as a real process; yields its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "packstation", "sandbox", "--port", "0", "--token-ttl", "60"],
        env=station_environ(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base_url = None
        for _ in range(20):
            line = proc.stdout.readline()
            match = re.search(r"base URL:\s+(\S+)", line)
            if match:
                base_url = match.group(1)
                break
        assert base_url, "the sandbox did not print its base URL"
        assert "test-access-key" in proc.stdout.readline()
        yield base_url
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[SandboxServer]:
    """One sandbox per test module (starting one per test costs time)."""
    with SandboxServer(seed="demo") as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The module's sandbox with fresh demo state, faults, request log and tokens."""
    sandbox_server.control.reset("demo")
    return sandbox_server


def cli_environ(sandbox: SandboxServer, home: Path, **extra: str) -> dict[str, str]:
    """A station subprocess on ``sandbox``: its feed, a folder printer, short retry delays."""
    (home / "printed").mkdir(exist_ok=True)
    return station_environ(
        home,
        PACKSTATION_ENVIRONMENT="custom",
        PACKSTATION_API_URL=sandbox.base_url,
        PACKSTATION_ACCESS_KEY="test-access-key",
        PACKSTATION_ORDER_SOURCE=sandbox.merchant_feed_url,
        PACKSTATION_DATA_DIR=str(home / "data"),
        PACKSTATION_PRINTER=(home / "printed").as_uri(),
        PACKSTATION_API_RETRY_DELAY_S="0.02",
        PACKSTATION_LABEL_RETRY_DELAY_S="0.05",
        PACKSTATION_OUTBOX_RETRY_DELAY_S="0.05",
        PACKSTATION_OUTBOX_RETRY_MAX_S="0.2",
        PACKSTATION_OUTBOX_DRAIN_S="5",
        **extra,
    )


def run_json(*args: str, env: dict[str, str]) -> tuple[int, dict[str, Any], str]:
    """Run ``packstation ARGS --json``; (exit code, the last JSON line, stderr)."""
    result = packstation(*args, "--json", env=env)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines, (result.returncode, result.stderr)
    return result.returncode, json.loads(lines[-1]), result.stderr
