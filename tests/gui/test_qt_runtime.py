"""Guards against Qt binding bugs that would bring a long-running station down."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def test_void_calls_keep_none_alive(qapp: QApplication) -> None:
    # PySide6 6.12.0 on Python 3.11 decremented None's refcount on every void call and the
    # process aborted after a few thousand (see the pin in pyproject.toml).
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(50_000):
        timer.start(50)
        timer.stop()
    assert sys.getrefcount(None) >= before - 100
