"""Building the bench window once for the process: the view-models, the window with its
packing and settings screens, the sounds, the language switch and the wedge scan filter.

Nothing here opens a station; ``app.BenchApp`` attaches the view-models to each station it
opens and runs the window's life.
"""

from __future__ import annotations

import functools
import mimetypes
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from packstation.composition.bench.shell import Shell, packing_title, wedge_settings
from packstation.settings.model import Settings
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pack_viewmodel import PackViewModel
from packstation.ui.pack_window import PackingScreen
from packstation.ui.scanner import WedgeScanFilter
from packstation.ui.settings_page import SettingsPage
from packstation.ui.settings_viewmodel import SettingsViewModel
from packstation.ui.sounds import SystemSoundPlayer
from packstation.ui.station_window import StationWindow
from packstation.ui.tasks import TaskRunner

__all__ = ["BenchUi", "build_ui", "open_document", "wedge_settings"]


@dataclass(frozen=True, slots=True)
class BenchUi:
    """The window and what it shows, independent of the station behind it."""

    language: LanguageSwitch
    runner: TaskRunner
    sounds: SystemSoundPlayer
    vm: PackViewModel
    settings_vm: SettingsViewModel
    window: StationWindow
    packing: PackingScreen
    settings_page: SettingsPage
    scanner: WedgeScanFilter


def build_ui(app: QApplication, settings: Settings, shell: Shell | None = None) -> BenchUi:
    """The window with its packing (Ctrl+1) and settings (F10) modes, in ``settings.language``.

    With ``shell`` (the window already shown by ``shell.open_shell``) that window, its
    language switch and its scan filter are filled in and kept: a scan half typed goes on.
    """
    language = shell.language if shell is not None else LanguageSwitch(app)
    language.apply(settings.language)
    runner = TaskRunner()
    sounds = SystemSoundPlayer(settings.sound_volume, settings.sound_muted)
    vm = PackViewModel(runner)
    vm.sound_requested.connect(sounds.play)
    settings_vm = SettingsViewModel(runner)
    packing = PackingScreen(vm)
    settings_page = SettingsPage(settings_vm)
    if shell is not None:
        window, scanner = shell.window, shell.scanner
        scanner.settings = wedge_settings(settings)
        first_page = window.remove_mode("packing")
        if first_page is not None:
            first_page.deleteLater()
        window.add_mode("packing", packing_title, packing, "Ctrl+1")
        window.attach_vm(vm)  # the scans kept meanwhile go on to the view-model
    else:
        window = StationWindow(vm)
        window.add_mode("packing", packing_title, packing, "Ctrl+1")
        scanner = WedgeScanFilter(wedge_settings(settings))
        scanner.scanned.connect(window.route_scan)
    window.add_mode("settings", _settings_title, settings_page, "F10")
    scanner.scan_incomplete.connect(window.scan_incomplete)
    return BenchUi(
        language=language,
        runner=runner,
        sounds=sounds,
        vm=vm,
        settings_vm=settings_vm,
        window=window,
        packing=packing,
        settings_page=settings_page,
        scanner=scanner,
    )


# titles are functions: the window asks again after a language switch
def _settings_title() -> str:
    return QCoreApplication.translate("BenchApp", "Settings")


def open_document(path: Path) -> bool:
    """Open a file the station wrote (the command sheet) with the desktop's viewer; False
    when the desktop has no way to show it.

    On Linux Qt hands the file to ``xdg-open`` and says yes once that has started, even when
    no application takes PDFs (xdg-open then fails where nobody sees it, issue 17): so the
    desktop is asked first (``xdg-mime query default``) and no application is a no."""
    if sys.platform.startswith("linux") and not _desktop_has_viewer(path):
        return False
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def _desktop_has_viewer(path: Path) -> bool:
    query = shutil.which("xdg-mime")
    if query is None:  # not a freedesktop desktop: Qt's own answer stands
        return True
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return _desktop_has_application(query, kind)


@functools.lru_cache(maxsize=8)
def _desktop_has_application(query: str, kind: str) -> bool:
    """Asked once per kind of file and bench run, as it runs on the GUI thread; a desktop that
    does not answer within 2 s (or cannot be asked) leaves it to Qt's own answer."""
    try:
        answer = subprocess.run(
            [query, "query", "default", kind],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(answer.stdout.strip())
