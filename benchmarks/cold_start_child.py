"""The two children of ``benchmarks/cold_start.py``: a bare PySide6 window and the bench window.

Run by the benchmark as ``python -m benchmarks.cold_start_child app|bare T0``; each prints one
JSON line of figures (seconds since ``T0``, the parent's ``time.monotonic()`` just before the
spawn). This module imports nothing but ``json``, ``sys`` and ``time`` before the child's own
work, so neither child pays for the benchmark's parent (statistics, subprocess, …): the bare
window is timed as bare as it is.
"""

from __future__ import annotations

import json
import sys
import time

#: The demo order the child scans at the first paint.
ORDER = "A100"


def _child_bare(t0: float) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("Scan an order")
    figures: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if watched is label and event.type() == QEvent.Type.Paint and not figures:
                figures["ready_s"] = time.monotonic() - t0
                app.quit()
            return False

    watcher = FirstPaint()
    label.installEventFilter(watcher)
    label.resize(1024, 768)
    label.show()
    app.exec()
    print(json.dumps(figures), flush=True)


def _child_app(t0: float) -> None:
    """``packstation demo`` with a watcher for the window's first paint and the first scan."""
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    # the application the command would create itself (run_gui takes an existing one)
    app = QApplication(sys.argv[:1])
    figures: dict[str, float] = {}

    def type_scan(window: QWidget) -> None:
        from PySide6.QtTest import QTest

        target = QApplication.focusWidget() or window
        QTest.keyClicks(target, ORDER)
        QTest.keyClick(target, Qt.Key.Key_Return)
        poll = QTimer(window)

        def opened() -> None:
            # the view-model comes after the first frame; the order once the station is open
            vm = getattr(window, "_vm", None)
            if vm is not None and getattr(vm, "_order", None) is not None:
                figures["scan_handled_s"] = time.monotonic() - t0
                poll.stop()
                window.close()  # the window's own way out: ordered shutdown, then quit

        poll.timeout.connect(opened)
        poll.start(5)

    class FirstPaint(QObject):
        """Watches the application until the station window's first event, then only the
        window (as the bare child watches only its label): the watcher's own cost does not
        grow with the window's widgets."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if type(watched).__name__ != "StationWindow":
                return False
            if not figures.get("watching_window"):
                figures["watching_window"] = True
                app.removeEventFilter(self)
                watched.installEventFilter(self)
            if event.type() == QEvent.Type.Paint and "ready_s" not in figures:
                figures["ready_s"] = time.monotonic() - t0
                assert isinstance(watched, QWidget)
                QTimer.singleShot(0, lambda: type_scan(watched))
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    from packstation.cli.main import main

    code = main(["demo"])
    figures.pop("watching_window", None)
    figures["exit_code"] = code
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    {"app": _child_app, "bare": _child_bare}[sys.argv[1]](float(sys.argv[2]))
