"""A scan typed while the bench window draws its first frame is kept, and that frame fits a
small screen without a window manager (issue 17).

The window's first frame is drawn with user input held back (Qt keeps the keys queued), and
the wedge scan filter is installed right after: the first frame's many events do not pass
through it, and no key is lost. Checked on a real X server (Xvfb) with keys typed by xdotool
at the worst moment: window shown and focused, frame not drawn, filter not installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_real_window import ROOT, display, pytestmark, xvfb_display  # noqa: F401

CHILD = Path(__file__).with_name("first_frame_keys_child.py")


def _child_env(x_display: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")}
    env.update(
        DISPLAY=x_display,
        QT_QPA_PLATFORM="xcb",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
def small_display() -> Iterator[str]:
    """A 1024×768 X server of its own, with no window manager (a kiosk bench)."""
    with xvfb_display(1024, 768) as name:
        yield name


def test_the_first_frame_fills_a_small_screen_that_has_no_window_manager(
    small_display: str, tmp_path: Path
) -> None:
    code = (
        "import json, time\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from packstation.composition.bench.shell import open_shell\n"
        "from packstation.ui.scanner import WedgeSettings\n"
        "app = QApplication([])\n"
        "window = open_shell(app, 'en', WedgeSettings()).window\n"
        "for _ in range(20):\n"
        "    app.processEvents()\n"
        "    time.sleep(0.02)\n"
        "g = window.frameGeometry()\n"
        "print(json.dumps([g.x(), g.y(), g.width(), g.height()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=_child_env(small_display, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    x, y, width, height = json.loads(done.stdout.strip().splitlines()[-1])
    assert (x, y) == (0, 0)
    assert (width, height) == (1024, 768)  # not its own 1400×900, reaching past the screen


def test_a_scan_typed_before_the_first_frame_is_drawn_is_taken_as_a_scan(
    display: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, str(CHILD)],
        env=_child_env(display, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got == {"scans": ["A105"], "typed": []}
