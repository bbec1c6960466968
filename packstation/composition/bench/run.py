"""Starting the bench window: ``run_gui`` (``packstation demo``, ``packstation gui`` and
``packstation`` alone) and the first-run test."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from PySide6.QtWidgets import QApplication

from packstation.composition.bench.app import BenchApp
from packstation.composition.bench.qt_messages import install_qt_message_handler
from packstation.settings.paths import default_config_file
from packstation.ui.about import app_icon

#: Variables that are not station settings (where the file is; the headless key; tests).
NOT_SETTINGS = frozenset({"PACKSTATION_CONFIG", "PACKSTATION_ACCESS_KEY"})


def run_gui(
    overrides: dict[str, Any] | None = None,
    *,
    demo: bool,
    smoke_test: bool = False,
) -> int:
    """Open the bench window; returns the process exit code.

    ``overrides`` are settings given on the command line (``--data-dir``). ``smoke_test``
    (demo only): pack order A100 from scripted scans, print one line and exit.
    """
    import qasync

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    install_qt_message_handler()  # Qt's warnings into the log file, not a null stderr
    prepare_application(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code: int = loop.run_until_complete(
            BenchApp(
                app,
                dict(overrides or {}),
                demo=demo,
                first_run=not demo and not smoke_test and needs_first_run(),
            ).run(smoke_test=smoke_test)
        )
    return code


def prepare_application(app: QApplication) -> None:
    """Name, icon and desktop entry of the application; the window decides when to quit."""
    app.setApplicationName("packstation")
    app.setApplicationDisplayName("packstation")
    # Wayland matches the window to installer/packstation.desktop by this name (its icon,
    # its task-bar entry); X11 uses StartupWMClass in the same file
    app.setDesktopFileName("packstation")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)


def needs_first_run(environ: dict[str, str] | None = None) -> bool:
    """A station started for the first time: no settings file and no PACKSTATION_* setting
    in its environment (an unattended roll-out sets one or the other and skips the set-up).
    """
    environ = dict(os.environ) if environ is None else environ
    if default_config_file().exists():
        return False
    return not any(
        key.startswith("PACKSTATION_")
        and key not in NOT_SETTINGS
        and not key.startswith("PACKSTATION_TEST_")
        for key in environ
    )
