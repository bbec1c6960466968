"""A scan typed while the bench window draws its first frame is kept (issue 17).

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
from pathlib import Path

from tests.integration.test_real_window import ROOT, display, pytestmark  # noqa: F401

CHILD = Path(__file__).with_name("first_frame_keys_child.py")


def test_a_scan_typed_before_the_first_frame_is_drawn_is_taken_as_a_scan(
    display: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, str(CHILD)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got == {"scans": ["A105"], "typed": []}
