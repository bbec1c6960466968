"""The bench window's first frame: the window with its scan banner, before the rest is loaded.

``open_shell`` shows the station window (``StationWindow`` without a view-model yet) with one
page, the packing screen's banner asking for an order, draws it with keys held back, and then
installs the wedge scan filter, so a scan typed at that moment is kept (the window routes it
once the view-model is attached, and the view-model holds it until the station is open). It
imports only what that frame needs; ``run.py`` then loads the view-models, the screens and
the station behind it, and ``ui.build_ui`` fills this same window in (issue 17, "ready in a
blink"; ``benchmarks/cold_start.py`` measures it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from packstation.ui.bench_frame import StatusBanner
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pack_wording import Say, banner
from packstation.ui.scanner import WedgeScanFilter, WedgeSettings
from packstation.ui.station_window import StationWindow

# a bench screen smaller than this gets the window maximised
ROOMY = (1400, 900)


@dataclass(frozen=True, slots=True)
class Shell:
    """The window opened first, its language and its scan filter (``build_ui`` keeps them)."""

    language: LanguageSwitch
    window: StationWindow
    scanner: WedgeScanFilter


class FirstPage(QWidget):
    """What the packing page shows until it is built: its banner, asking for an order."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 6)  # as the packing screen's
        self.banner = StatusBanner()
        self.banner.show_banner(banner(Say.SCAN_AN_ORDER))
        layout.addWidget(self.banner)
        layout.addStretch(1)


def open_shell(app: QApplication, language: str | None, wedge: WedgeSettings) -> Shell:
    """Show the window with its scan banner and take scans from now on."""
    switch = LanguageSwitch(app)
    switch.apply(language)
    window = StationWindow()
    window.add_mode("packing", packing_title, FirstPage(), "Ctrl+1")
    show_window(window)
    # drawn now, before the rest is loaded: the packer sees the banner while it loads. Keys
    # are held back meanwhile (Qt keeps them queued), so the scan filter, installed next,
    # sees every key of a scan typed this early; the first frame's many events do not pass
    # through it (each a call into Python)
    app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    scanner = WedgeScanFilter(wedge)
    scanner.scanned.connect(window.route_scan)
    scanner.install(app)
    return Shell(switch, window, scanner)


class ScannerValues(Protocol):
    """The wedge scanner's settings (``Settings``, or ``FirstFrame`` before they are loaded)."""

    @property
    def scanner_max_gap_ms(self) -> int: ...
    @property
    def scanner_tab_terminates(self) -> bool: ...
    @property
    def scanner_prefix(self) -> str: ...
    @property
    def scanner_suffix(self) -> str: ...


def wedge_settings(settings: ScannerValues) -> WedgeSettings:
    """The wedge scan filter's settings from the station's."""
    return WedgeSettings(
        max_gap_s=settings.scanner_max_gap_ms / 1000,
        tab_terminates=settings.scanner_tab_terminates,
        prefix=settings.scanner_prefix,
        suffix=settings.scanner_suffix,
    )


def show_window(window: QWidget) -> None:
    """Maximised on a small bench screen (use all of it), else at its own size."""
    available = window.screen().availableGeometry()
    if available.width() < ROOMY[0] or available.height() < ROOMY[1]:
        # the screen's size first: without a window manager (a kiosk, Xvfb) nobody maximises
        # the window, and at its own 1400×900 it would reach past a 1024×768 screen
        window.setGeometry(available)
        window.showMaximized()
    else:
        window.show()


def packing_title() -> str:
    return QCoreApplication.translate("BenchApp", "Packing")
