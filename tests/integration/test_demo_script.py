"""``scripts/demo.sh`` run as a new user runs it, on a machine without a display.

The window cannot open there: the script says so in plain words, names what to do and exits
non-zero before setting anything up, unless ``--smoke-test`` is asked for, which then runs
offscreen on its own.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import station_environ

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scripts" / "demo.sh"

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or shutil.which("bash") is None,
    reason="scripts/demo.sh is for Linux desktops (bash)",
)


def _headless_environ(home: Path, venv: Path) -> dict[str, str]:
    env = station_environ(home, PACKSTATION_VENV=str(venv))
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    return env


def _demo_sh(*args: str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(DEMO), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _set_up_venv(home: Path) -> Path:
    """The state demo.sh's first run leaves, made of the environment running these tests."""
    venv = home / "venv"
    (venv / "bin").mkdir(parents=True)
    here = Path(sys.executable).parent
    os.symlink(sys.executable, venv / "bin" / "python")
    os.symlink(here / "packstation", venv / "bin" / "packstation")
    # scripts/bootstrap.sh's stamp: the installed dependency list is current
    stamp = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (venv / ".packstation-installed-app").write_text(stamp + "\n")
    return venv


def test_without_a_display_it_says_so_and_what_to_do_and_sets_nothing_up(
    tmp_path: Path,
) -> None:
    venv = tmp_path / "not-yet-created-venv"
    result = _demo_sh(env=_headless_environ(tmp_path, venv), timeout=60)

    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    lines = [line.removeprefix("[packstation] ") for line in result.stderr.splitlines()]
    assert lines == [
        "There is no display here: DISPLAY and WAYLAND_DISPLAY are unset, so the packing window "
        "cannot open.",
        "Run scripts/demo.sh in a desktop session (or over ssh -X), or check the station "
        "without a window:",
        "  QT_QPA_PLATFORM=offscreen scripts/demo.sh --smoke-test",
    ]
    assert not venv.exists()  # it stopped before any set-up (no virtual environment made)
    assert not (tmp_path / "packstation.toml").exists()


def test_the_smoke_test_needs_no_display_it_runs_offscreen(tmp_path: Path) -> None:
    result = _demo_sh(
        "--smoke-test", env=_headless_environ(tmp_path, _set_up_venv(tmp_path)), timeout=180
    )

    assert result.returncode == 0, result.stderr
    assert "runs offscreen (QT_QPA_PLATFORM=offscreen)" in result.stderr
    assert "There is no display" not in result.stderr
    assert "demo ok: " in result.stdout
    assert "packed A100" in result.stdout
