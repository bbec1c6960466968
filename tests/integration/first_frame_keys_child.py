"""Child of ``test_first_frame_keys``: the bench window's first frame on a real X server, with
a scan typed by xdotool into the shown window before that frame is drawn.

``shell.open_shell`` shows the window, draws its first frame with user input held back, and
only then installs the wedge scan filter. Here the keys are typed at the worst moment: the
window is mapped and focused, its first frame not yet drawn, the filter not yet there. It
prints the scans the filter handed on, and the keys that reached the window as typing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QApplication, QWidget

from packstation.composition.bench import shell
from packstation.ui.scanner import WedgeSettings

HELD = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents


def main() -> None:
    app = QApplication(sys.argv[:1])
    show = shell.show_window

    def show_then_type(window: QWidget) -> None:
        show(window)
        deadline = time.monotonic() + 20
        while window.windowHandle() is None or not window.windowHandle().isExposed():
            app.processEvents(HELD)
            if time.monotonic() > deadline:
                raise SystemExit("the window was never shown")
        winid = str(int(window.winId()))
        subprocess.run(["xdotool", "windowfocus", "--sync", winid], check=True, timeout=30)
        app.processEvents(HELD)
        subprocess.run(["xdotool", "type", "--delay", "8", "A105"], check=True, timeout=30)
        subprocess.run(["xdotool", "key", "Return"], check=True, timeout=30)
        time.sleep(0.5)  # sent by the X server, queued by Qt: not yet handled

    typed: list[str] = []

    class Typing(QObject):
        """Keys that reach the window itself (the filter handed them on as typing)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.KeyPress and type(watched).__name__ == "StationWindow":
                text = getattr(event, "text", lambda: "")()
                if text:  # Shift around a capital reaches the window: no character
                    typed.append(text)
            return False

    watcher = Typing()
    app.installEventFilter(watcher)  # before the scan filter: it sees what that hands on
    shell.show_window = show_then_type
    scans: list[str] = []
    # a slow machine may type slowly: the gap allowed is wide, this is about held keys
    opened = shell.open_shell(app, "en", WedgeSettings(max_gap_s=0.5, hold_s=1.0))
    opened.scanner.scanned.connect(scans.append)
    opened.window.route_scan = lambda code: None  # type: ignore[method-assign]
    deadline = time.monotonic() + 10
    while not scans and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    print(json.dumps({"scans": scans, "typed": typed}), flush=True)


if __name__ == "__main__":
    main()
