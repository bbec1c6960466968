"""The bench window's life (``BenchApp``), for the life of the process.

``run_gui(demo=True)`` (``packstation demo``) opens the window on the embedded sandbox
(``demo.SandboxWorld``): training that buys nothing and leaves nothing behind.
``run_gui(demo=False)`` (``packstation gui``, and ``packstation`` once a settings file exists)
opens it on the configured environment, order source and printer; with no settings at all the
first-run set-up comes first.

The window (built once by ``ui.build_ui``) outlives the station: when the settings change, the
station (7S client, journal, printer, outbox, print queue) is closed and opened again and the
view-models are attached to the new one; the window says so. Shutdown is ordered (style guide,
principle 15): stop taking scans → let the intent being handled finish (bounded), cancel the
rest → close the station (outbox, print queue, HTTP clients, journal) → stop the sandbox → quit.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication

from packstation.composition.bench.settings_screen import SettingsScreen
from packstation.composition.bench.shell import Shell, show_window
from packstation.composition.bench.ui import BenchUi, build_ui, open_document, wedge_settings
from packstation.domain.settings_problems import SettingsRefused
from packstation.settings.model import Settings, SettingsError, load_settings
from packstation.ui import temp_folders
from packstation.ui.about import install_about
from packstation.ui.first_run import FirstRunChoice, FirstRunWizard, ask_first_run
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pack_commands import SHEET_HEADING
from packstation.ui.pack_viewmodel import PackBackend, PackViewModel
from packstation.ui.pack_window import PackingScreen
from packstation.ui.pack_wording import translated
from packstation.ui.service_words import describe
from packstation.ui.settings_page import SettingsPage
from packstation.ui.settings_viewmodel import LIVE_KEYS, SettingsViewModel
from packstation.ui.sounds import SystemSoundPlayer
from packstation.ui.station_window import StationWindow
from packstation.ui.theme import Tone

if TYPE_CHECKING:
    from packstation.adapters.product_images import ProductImageFetcher
    from packstation.composition.bench.demo import SandboxWorld
    from packstation.composition.connection import Connection
    from packstation.composition.station import Station
    from packstation.composition.workflows import Workflows

log = logging.getLogger(__name__)

# How long shutdown waits for the intent being handled (a label purchase) to end.
DRAIN_S = 10.0

# What the station needs and the window does not: imported behind the shown window, on a
# worker thread, so the window takes scans (held until the station is open) within a blink
# of the process start (issue 17; benchmarks/cold_start.py). Their users import them again
# where they are used, which is then only a look-up.
STATION_MODULES = (
    "httpx",
    "packstation.composition.station",
    "packstation.composition.connection",
    "packstation.composition.workflows",
    "packstation.composition.bench.pack_backend",
    "packstation.composition.bench.modes",
    "packstation.adapters.product_images",
    "packstation.adapters.station_documents",
)
# demo mode (and a station on the embedded sandbox) also needs these
SANDBOX_MODULES = ("packstation.composition.bench.demo", "packstation.sandbox")


def import_modules(names: tuple[str, ...]) -> None:
    """Import ``names`` (on a worker thread: the GUI thread keeps drawing and taking keys)."""
    for name in names:
        importlib.import_module(name)


@dataclass
class Running:
    """The station the window is attached to, with the settings it was opened on."""

    station: Station
    workflows: Workflows
    settings: Settings
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


class BenchApp:
    """The bench window and what it runs on, for the life of the process."""

    def __init__(
        self,
        app: QApplication,
        overrides: dict[str, Any],
        *,
        demo: bool,
        first_run: bool = False,
        shell: Shell | None = None,
    ) -> None:
        self.app = app
        self.overrides = overrides
        self.demo = demo
        self.first_run = first_run
        self.settings_problem = ""
        self.settings_refused: SettingsRefused | None = None  # the same, typed for the screen
        # demo mode's settings changes: kept in memory, never written (demo is hermetic)
        self.demo_changes: dict[str, Any] = {}
        self.settings = self._load_settings()
        self.ui: BenchUi = build_ui(app, self.settings, shell)
        self.ui.runner.failed.connect(self._on_task_failed)
        install_about(self.window, self._facts)
        self.quit = asyncio.Event()
        self.restart = asyncio.Event()
        self.window.close_requested.connect(self.quit.set)
        app.aboutToQuit.connect(self.quit.set)
        self.world: SandboxWorld | None = None
        self.running: Running | None = None
        self._fault_key: QShortcut | None = None
        self._images: ProductImageFetcher | None = None
        self.settings_screen = SettingsScreen(self)
        self.settings_vm.attach(self.settings_screen.backend())

    def _facts(self) -> dict[str, Any]:
        from packstation.composition.facts import station_facts

        return station_facts(self.settings)

    # ------------------------------------------------------------------ the window's parts

    @property
    def window(self) -> StationWindow:
        return self.ui.window

    @property
    def vm(self) -> PackViewModel:
        return self.ui.vm

    @property
    def settings_vm(self) -> SettingsViewModel:
        return self.ui.settings_vm

    @property
    def packing(self) -> PackingScreen:
        return self.ui.packing

    @property
    def settings_page(self) -> SettingsPage:
        return self.ui.settings_page

    @property
    def language(self) -> LanguageSwitch:
        return self.ui.language

    @property
    def sounds(self) -> SystemSoundPlayer:
        return self.ui.sounds

    # ------------------------------------------------------------------ life

    async def run(self, *, smoke_test: bool = False) -> int:
        # what stations that ended without cleaning up left (a killed demo, a power cut)
        temp_folders.sweep_stale()
        self.ui.scanner.install(self.app)  # the set-up asks for the scanner test barcode too
        if self.first_run and not await self._first_run():
            self.ui.scanner.remove(self.app)
            return 0  # the set-up was closed: nothing to start
        self._show_demo_badge()
        self.window.set_sound_off(not self.ui.sounds.available)
        if not self.window.isVisible():  # else open since the first frame (shell.py)
            show_window(self.window)
        # the scan banner first: scans are held (and said to be) until the station is open
        self.vm.show_scan_first()
        code = 0
        try:
            while not self.quit.is_set():
                self.restart.clear()
                code = await self._one_station(smoke_test)
                if smoke_test:
                    break
                if not self.quit.is_set():
                    self.settings = self._load_settings()
                    self.ui.scanner.settings = wedge_settings(self.settings)
                    self.vm.show_starting()
        finally:
            await self._shutdown()
        return code

    async def _first_run(self) -> bool:
        """No settings yet: the set-up (ui/first_run.py) on the settings screen's backend.

        Saving writes the settings file, so the station then starts on it; demo mode runs
        this window on the sandbox. False when the set-up was closed.
        """
        vm = SettingsViewModel(self.ui.runner)
        vm.attach(self.settings_screen.backend())
        wizard = FirstRunWizard(vm)
        wizard.command_sheet_requested.connect(
            lambda: self.ui.runner.start(self._set_up_sheet(wizard), name="command sheet")
        )
        choice = await ask_first_run(wizard)
        wizard.deleteLater()
        if choice is FirstRunChoice.DEMO:
            self.demo = True
            self.settings_vm.attach(self.settings_screen.backend())
        self.settings = self._load_settings()
        self.settings_vm.reload()
        return choice is not FirstRunChoice.CANCELLED

    async def _set_up_sheet(self, wizard: FirstRunWizard) -> None:
        """The set-up's scanner step: the command sheet (with the scanner test) to print."""
        from packstation.adapters.station_documents import SheetEntry, write_command_sheet

        path = self.settings.data_dir / "command-sheet.pdf"
        sheet = [
            SheetEntry(code, title, hint) for code, title, hint in self.vm.command_sheet_entries()
        ]
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(
                None,
                write_command_sheet,
                path,
                translated(SHEET_HEADING),
                sheet,
                "",
                self.settings.station_name,
            )
        except OSError as exc:
            text = QCoreApplication.translate(
                "BenchApp", "The command sheet could not be saved as {0}: {1}"
            )
            wizard.show_command_sheet(text.format(path, exc.strerror or exc), False)
            return
        if open_document(path):
            text = QCoreApplication.translate(
                "BenchApp", "Saved as {0} and opened: print it, then scan its last barcode."
            )
        else:
            text = QCoreApplication.translate(
                "BenchApp",
                "Saved as {0}. No PDF viewer could show it: print it from a computer with a "
                "printer, then scan its last barcode.",
            )
        wizard.show_command_sheet(text.format(path), True)

    async def _one_station(self, smoke_test: bool) -> int:
        """Open the station, attach the window to it, and wait for quit or restart."""
        if self.settings_problem:
            refused = self.settings_refused
            return await self._cannot_start(self.settings_problem, smoke_test, refused)
        # behind the shown window: the station's modules, then (demo) the sandbox
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, import_modules, STATION_MODULES)
        from packstation.composition.bench import demo as demo_world
        from packstation.composition.bench import modes
        from packstation.composition.station import StationConfigError
        from packstation.settings.access_key import NoSecureStore

        try:
            async with self._station() as running:
                self.running = running
                self.vm.attach(self._pack_backend(running))
                self.settings_vm.attach(self.settings_screen.backend())
                modes.install_workflow_modes(
                    self.window, running.station, running.workflows, running.settings
                )
                self.ui.runner.start(self._announce_ready(running), name="station ready")
                self._install_fault_practice()
                if smoke_test:
                    assert self.world is not None
                    return await demo_world.smoke_test(self.world, self.window, self.vm)
                await _first(self.quit, self.restart)
                await self._drain()
        except (
            StationConfigError,
            SettingsError,
            LookupError,
            NoSecureStore,
            ValueError,
            sqlite3.Error,  # the journal: written by a newer version, damaged
        ) as exc:
            log.warning("the station could not start: %s", exc)
            refused = (
                SettingsRefused(str(exc), exc.problems, exc.file)
                if isinstance(exc, SettingsError)
                else None
            )
            return await self._cannot_start(str(exc), smoke_test, refused)
        finally:
            self.vm.detach()
            self.running = None
            await self.ui.runner.drain(2)
        return 0

    def _install_fault_practice(self) -> None:
        """Demo: Ctrl+Shift+P takes the virtual printer's labels out and puts them back."""
        world = self.world
        if not self.demo or world is None or world.printer is None or self._fault_key:
            return
        from packstation.composition.bench import demo as demo_world

        self._fault_key = demo_world.install_fault_practice(self.window, self.vm, world.printer)

    async def _announce_ready(self, running: Running) -> None:
        """One line in the log when the bench takes scans (support reads it; so do tests)."""
        await self.vm.wait_ready()
        log.info(
            "packing station ready: %s, printer %s, data in %s",
            "demo" if self.demo else running.settings.environment.value,
            running.station.printer.uri,
            running.settings.data_dir,
        )

    async def _cannot_start(
        self, problem: str, smoke_test: bool, refused: SettingsRefused | None = None
    ) -> int:
        """Say why the station cannot start, show the settings, wait for a fix (or quit).
        Settings refused are named setting by setting in the window's words (``describe``)."""
        self.vm.detach()
        # settings are worded setting by setting; anything else has only its English sentence,
        # quoted behind words in the window's language that say so
        shown = (
            describe(refused)
            if refused is not None
            else QCoreApplication.translate("BenchApp", "The reason, in English: “{0}”").format(
                problem
            )
        )
        self.vm.show_problem(
            QCoreApplication.translate("BenchApp", "The station cannot start"),
            shown + " " + QCoreApplication.translate("BenchApp", "Fix it in the settings (F10)."),
        )
        self.window.set_mode("settings")
        if smoke_test:
            sys.stderr.write(f"demo failed: {problem}\n")
            return 1
        await _first(self.quit, self.restart)
        return 0

    @contextlib.asynccontextmanager
    async def _station(self) -> AsyncIterator[Running]:
        """The station on the current settings, its workflow modes, and its serial scanner."""
        import httpx

        from packstation.adapters.http_transport import station_http_client
        from packstation.adapters.product_images import ProductImageFetcher
        from packstation.composition.station import WINDOW_OPTIONS, open_station
        from packstation.composition.workflows import open_workflows

        settings = self.settings
        async with contextlib.AsyncExitStack() as stack:
            connection = await self._connection(settings)
            if self.demo:
                assert self.world is not None
                settings = self.world.settings(settings)
            station = await stack.enter_async_context(
                open_station(settings, connection, WINDOW_OPTIONS)
            )
            workflows = await stack.enter_async_context(
                open_workflows(settings, connection, station=station)
            )
            http = await stack.enter_async_context(
                station_http_client(timeout=httpx.Timeout(10.0, connect=5.0))
            )
            running = Running(station, workflows, settings)
            self._images = ProductImageFetcher(http)
            if settings.scanner_serial_port:
                running.tasks.append(
                    asyncio.create_task(self._serial(settings), name="serial scanner")
                )
            try:
                yield running
            finally:
                for task in running.tasks:
                    task.cancel()
                await asyncio.gather(*running.tasks, return_exceptions=True)

    async def _connection(self, settings: Settings) -> Connection:
        from packstation.composition.connection import configured_connection

        if self.demo:
            return (await self._sandbox_world(with_printer=True)).connection
        connection = configured_connection(settings)
        if connection is None:  # environment "sandbox" without a URL: the embedded one
            return (await self._sandbox_world(with_printer=False)).connection
        return connection

    async def _sandbox_world(self, *, with_printer: bool) -> SandboxWorld:
        """The embedded sandbox, started off the GUI thread (the window keeps taking keys)."""
        if self.world is None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, import_modules, SANDBOX_MODULES)
            from packstation.composition.bench.demo import SandboxWorld

            self.world = await loop.run_in_executor(
                None,
                lambda: SandboxWorld.start(
                    with_printer=with_printer,
                    temp_data_dir=self.demo and "data_dir" not in self.overrides,
                ),
            )
        return self.world

    async def _drain(self) -> None:
        """Let the intent being handled (a label purchase, a print) end, within DRAIN_S."""
        self.vm.stop_accepting()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.vm.wait_idle(), DRAIN_S)

    async def _shutdown(self) -> None:
        # 1. no more scans
        self.ui.scanner.remove(self.app)
        # 2. in-flight tasks (the station block has drained and closed by now)
        await self.ui.runner.cancel_all()
        # 3. the station was closed by its context; 4. the sandbox world
        world, self.world = self.world, None
        if world is not None:
            world.stop()
        self.ui.sounds.close()  # and its temporary folder
        self.window.hide()
        self.window.deleteLater()

    # ------------------------------------------------------------------ the screens

    def _pack_backend(self, running: Running) -> PackBackend:
        from packstation.composition.bench.pack_backend import pack_backend

        assert self._images is not None
        return pack_backend(
            running.station,
            running.settings,
            environment="demo" if self.demo else running.settings.environment.value,
            fetch_image=self._images.fetch,
            open_document=open_document,
        )

    async def _serial(self, settings: Settings) -> None:
        from packstation.adapters.serial_scanner import ScannerUnavailable, SerialScanner

        assert settings.scanner_serial_port
        scanner = SerialScanner(
            settings.scanner_serial_port,
            settings.scanner_baudrate,
            on_overlong=self._serial_overlong,
        )
        try:
            async for code in scanner.codes():
                self.window.route_scan(code)
        except ScannerUnavailable as exc:
            log.warning("%s", exc.message)  # the port's own error, for the log
            self.vm.report(
                Tone.WARNING,
                QCoreApplication.translate("BenchApp", "The serial scanner is not available"),
                QCoreApplication.translate(
                    "BenchApp",
                    "Port {0} cannot be opened or stopped answering (the log says why): check "
                    "the scanner's cable and the port in the settings (F10).",
                ).format(settings.scanner_serial_port)
                + " "
                + QCoreApplication.translate("BenchApp", "Keyboard scanners still work."),
            )
        finally:
            await scanner.close()

    def _serial_overlong(self, max_length: int) -> None:
        self.vm.report(
            Tone.WARNING,
            QCoreApplication.translate("BenchApp", "The serial scanner sent something unreadable"),
            QCoreApplication.translate(
                "BenchApp",
                "It sent more than {0} characters without the end of a code: that was ignored, "
                "the scanner keeps working. If it happens again, check the scanner's baud rate "
                "and end-of-code setting.",
            ).format(max_length),
        )

    def apply_settings(self, changes: dict[str, Any]) -> None:
        """The settings screen saved ``changes``: take them in, live or by a station restart."""
        self.settings = self._load_settings()
        if "language" in changes:
            self.language.apply(self.settings.language)
            self.vm.retranslate()
            self._show_demo_badge()  # set as text: worded again in the new language
        if {"sound_volume", "sound_muted"} & set(changes):
            self.ui.sounds.volume = self.settings.sound_volume
            self.ui.sounds.muted = self.settings.sound_muted
        if not set(changes) <= LIVE_KEYS:
            self.restart.set()

    def _show_demo_badge(self) -> None:
        if self.demo:
            self.window.set_demo(QCoreApplication.translate("BenchApp", "DEMO · no real labels"))

    def keep_demo_changes(self, changes: dict[str, Any]) -> None:
        """Demo mode: take ``changes`` for this run only (``ValueError`` when not valid)."""
        merged = {**self.demo_changes, **changes}
        try:
            load_settings(**{**merged, **self.overrides})
        except SettingsError as exc:  # typed: the screen names the setting in its words
            raise SettingsRefused(str(exc), exc.problems, exc.file) from None
        self.demo_changes = merged

    def _load_settings(self) -> Settings:
        """The settings; when the file is not valid, the defaults (and the problem is kept)."""
        values = {**self.demo_changes, **self.overrides} if self.demo else self.overrides
        try:
            settings = load_settings(**values)
        except SettingsError as exc:
            log.warning("settings not valid, using the defaults: %s", exc)
            self.settings_problem = str(exc)
            self.settings_refused = SettingsRefused(str(exc), exc.problems, exc.file)
            return Settings.model_construct(**self.overrides)
        self.settings_problem = ""
        self.settings_refused = None
        return settings

    def _on_task_failed(self, name: str, exc: object) -> None:
        log.error("background task %s failed: %s", name, exc)


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
