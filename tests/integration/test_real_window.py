"""One real window: `packstation demo` on an X server (Xvfb), scans typed with xdotool.

The app runs as a real process on the xcb platform; xdotool types into the focused window
through XTEST, as a keyboard-wedge scanner would (``key Return``, never a typed '\\n', which is
Linefeed). The order is packed, the screenshot taken, and Ctrl+Q closes the station in order.
With ``PACKSTATION_UPDATE_SCREENSHOT=1`` the screenshot replaces docs/screenshot.png.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from packstation.adapters.journal_sqlite import journal_path

ROOT = Path(__file__).resolve().parents[2]
IMPORT = Path("/usr/bin/import")  # ImageMagick's (style guide §9.10: not a stand-in on PATH)
SCREEN = (1400, 900)
# read at import: the suite's fixtures clear every PACKSTATION_* variable before a test runs
UPDATE_SCREENSHOT = os.environ.get("PACKSTATION_UPDATE_SCREENSHOT") == "1"

_missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
if not IMPORT.exists():
    _missing.append(str(IMPORT))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform != "linux" or bool(_missing),
        reason="needs an X server to run the real window: Xvfb, xdotool and ImageMagick "
        f"(missing: {', '.join(_missing) or 'Linux'}; scripts/bootstrap.sh installs them)",
    ),
]


def wait_for(what: str, check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh Xvfb on a display number it picks itself (no clash with other test runs)."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        [
            *("Xvfb", "-displayfd", str(write_end)),
            *("-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"),
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


def xdotool(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=30, check=True
    )
    return result.stdout.strip()


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def cycles(data_dir: Path) -> list[tuple[str, str]]:
    """The station's cycles as its journal has them (read-only, beside the running app)."""
    journal = journal_path(data_dir)
    if not journal.exists():
        return []
    with contextlib.closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True)) as db:
        return list(db.execute("SELECT order_id, status FROM journal_cycles"))


def test_demo_window_takes_a_scan_typed_by_xdotool(display: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACKSTATION_", "QT_"))}
    env.update(
        DISPLAY=display,
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PACKSTATION_CONFIG=str(tmp_path / "packstation.toml"),
        LANG="en_US.UTF-8",
        LC_ALL="en_US.UTF-8",
    )
    data_dir = tmp_path / "station-data"
    app = subprocess.Popen(
        [sys.executable, "-m", "packstation", "--data-dir", str(data_dir), "demo"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = tmp_path / "state" / "packstation" / "log" / "packstation.log"
    try:
        wait_for(
            "the station to be ready",
            lambda: log.exists() and "packing station ready" in log.read_text(),
        )
        window = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "packing station")
        window = window.splitlines()[0]
        xdotool(env, "windowfocus", "--sync", window)

        def scan(code: str) -> None:
            xdotool(env, "type", "--delay", "8", code)
            xdotool(env, "key", "Return")

        scan("A100")
        wait_for("order A100 on the bench", lambda: ("A100", "packing") in cycles(data_dir))
        for code in ("4006381333931", "4006381333931", "4260123450052"):
            scan(code)
        wait_for("the label of A100", lambda: ("A100", "done") in cycles(data_dir))
        time.sleep(1.0)  # the label preview and the station bar settle on screen

        shot = tmp_path / "screenshot.png"
        subprocess.run(
            [str(IMPORT), "-display", display, "-window", "root", str(shot)],
            env=env,
            check=True,
            timeout=30,
        )
        assert png_size(shot) == SCREEN
        assert shot.stat().st_size > 30_000  # a real picture, not a black screen
        if UPDATE_SCREENSHOT:
            shutil.copy(shot, ROOT / "docs" / "screenshot.png")

        xdotool(env, "key", "ctrl+q")  # the window closes and the station shuts down in order
        _out, err = app.communicate(timeout=30)
        assert app.returncode == 0, err
        assert "Traceback" not in err
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate(timeout=10)
