"""Qt's own messages (warnings from widgets, plugins, fonts) into the station's log.

Qt writes them to stderr by default, which the windowed Windows build points at the null
device; ``install_qt_message_handler`` sends them to the ``qt`` logger instead (and so into the
rotating log file), at the matching level.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

QT_LOGGER = "qt"

#: Qt's message types as logging levels (a declarative table).
LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def log_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """One Qt message as a log record (with where Qt says it came from, when it says so)."""
    where = ""
    if context.file:
        where = (
            f" ({context.file}:{context.line}{', ' + context.function if context.function else ''})"
        )
    category = context.category or "default"
    logging.getLogger(QT_LOGGER).log(
        LEVELS.get(kind, logging.WARNING), "[%s] %s%s", category, message, where
    )


def install_qt_message_handler() -> Callable[..., Any] | None:
    """Route Qt's messages into the log; returns the handler that was installed before."""
    previous: Callable[..., Any] | None = qInstallMessageHandler(log_qt_message)
    return previous
