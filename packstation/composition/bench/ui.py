"""Building the bench window once for the process: the view-models, the window with its
packing and settings screens, the sounds, the language switch and the wedge scan filter.

Nothing here opens a station; ``app.BenchApp`` attaches the view-models to each station it
opens and runs the window's life.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from packstation.settings.model import Settings
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pack_viewmodel import PackViewModel
from packstation.ui.pack_window import PackingScreen
from packstation.ui.scanner import WedgeScanFilter, WedgeSettings
from packstation.ui.settings_page import SettingsPage
from packstation.ui.settings_viewmodel import SettingsViewModel
from packstation.ui.sounds import SystemSoundPlayer
from packstation.ui.station_window import StationWindow
from packstation.ui.tasks import TaskRunner


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


def build_ui(app: QApplication, settings: Settings) -> BenchUi:
    """The window with its packing (Ctrl+1) and settings (F10) modes, in ``settings.language``."""
    language = LanguageSwitch(app)
    language.apply(settings.language)
    runner = TaskRunner()
    sounds = SystemSoundPlayer(settings.sound_volume, settings.sound_muted)
    vm = PackViewModel(runner)
    vm.sound_requested.connect(sounds.play)
    settings_vm = SettingsViewModel(runner)
    window = StationWindow(vm)
    packing = PackingScreen(vm)
    settings_page = SettingsPage(settings_vm)
    window.add_mode("packing", _packing_title, packing, "Ctrl+1")
    window.add_mode("settings", _settings_title, settings_page, "F10")
    scanner = WedgeScanFilter(wedge_settings(settings))
    scanner.scanned.connect(window.route_scan)
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


def wedge_settings(settings: Settings) -> WedgeSettings:
    return WedgeSettings(
        max_gap_s=settings.scanner_max_gap_ms / 1000,
        tab_terminates=settings.scanner_tab_terminates,
        prefix=settings.scanner_prefix,
        suffix=settings.scanner_suffix,
    )


# titles are functions: the window asks again after a language switch
def _packing_title() -> str:
    return QCoreApplication.translate("BenchApp", "Packing")


def _settings_title() -> str:
    return QCoreApplication.translate("BenchApp", "Settings")
