"""Fixtures for tests that run the real `packstation` command as a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


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
