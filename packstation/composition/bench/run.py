"""Starting the bench window: ``run_gui`` (``packstation demo``, ``packstation gui`` and
``packstation`` alone) and the first-run test.

The window comes first (``shell.open_shell``: the scan banner, taking scans); the view-models,
the screens (``app``, imported on a worker thread meanwhile) and then the station are loaded
behind it. Only the first-run set-up, which opens instead of the window, waits for them.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

from PySide6.QtWidgets import QApplication

from packstation.composition.bench.qt_messages import install_qt_message_handler
from packstation.composition.bench.shell import Shell, open_shell, wedge_settings
from packstation.settings.first_frame import first_frame_settings
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
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    install_qt_message_handler()  # Qt's warnings into the log file, not a null stderr
    prepare_application(app)
    first_run = not demo and not smoke_test and needs_first_run()
    shell: Shell | None = None
    if not first_run:  # the window first: drawn before the event loop's modules are loaded
        first = first_frame_settings(overrides)
        shell = open_shell(app, first.language, wedge_settings(first))
    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code: int = loop.run_until_complete(
            _start(
                app, dict(overrides or {}), shell, demo=demo, first_run=first_run, smoke=smoke_test
            )
        )
    return code


async def _start(
    app: QApplication,
    overrides: dict[str, Any],
    shell: Shell | None,
    *,
    demo: bool,
    first_run: bool,
    smoke: bool,
) -> int:
    """The rest behind the window (loaded on a worker thread: the window stays live)."""
    import asyncio

    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, importlib.import_module, "packstation.composition.bench.app")
    from packstation.composition.bench.app import BenchApp

    bench = BenchApp(app, overrides, demo=demo, first_run=first_run, shell=shell)
    return await bench.run(smoke_test=smoke)


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
