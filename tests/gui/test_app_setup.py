"""What the window's start sets up on the application: its desktop identity, and Qt's own
messages into the station's log."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from packstation.composition.bench.qt_messages import QT_LOGGER, install_qt_message_handler
from packstation.composition.bench.run import prepare_application


@pytest.fixture
def restored(qapp: QApplication) -> Iterator[QApplication]:
    """The test application as it was (other tests share it)."""
    saved = (
        qapp.applicationName(),
        qapp.applicationDisplayName(),
        QGuiApplication.desktopFileName(),
        qapp.quitOnLastWindowClosed(),
        qapp.windowIcon(),
    )
    try:
        yield qapp
    finally:
        qapp.setApplicationName(saved[0])
        qapp.setApplicationDisplayName(saved[1])
        QGuiApplication.setDesktopFileName(saved[2])
        qapp.setQuitOnLastWindowClosed(saved[3])
        qapp.setWindowIcon(saved[4])


def test_the_application_is_packstation_to_the_desktop(restored: QApplication) -> None:
    QGuiApplication.setDesktopFileName("")
    prepare_application(restored)
    assert QGuiApplication.desktopFileName() == "packstation"
    assert restored.applicationName() == "packstation"
    assert not restored.windowIcon().isNull()
    assert restored.quitOnLastWindowClosed() is False


def test_qt_warnings_go_into_the_log(caplog: pytest.LogCaptureFixture) -> None:
    previous = install_qt_message_handler()
    try:
        with caplog.at_level(logging.DEBUG, logger=QT_LOGGER):
            qWarning("a font is missing")
    finally:
        qInstallMessageHandler(previous)  # pytest-qt's own capture again
    records = [r for r in caplog.records if r.name == QT_LOGGER]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert "a font is missing" in records[0].getMessage()
