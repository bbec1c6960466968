"""Composition root of the bench window: settings → station → view-models → window, on qasync.

``run_gui(demo=True)`` (``packstation demo``, and ``packstation`` without a settings file)
opens the window on the embedded sandbox: a local fake of Seven Senders, its merchant order
feed, and the virtual label printer, with a fresh data directory in a temporary folder —
training that buys nothing and leaves nothing behind. ``run_gui(demo=False)``
(``packstation gui``, and ``packstation`` once a settings file exists) opens it on the
configured environment, order source and printer.

The window outlives the station: when the settings change, the station (7S client, journal,
printer, outbox, print queue) is closed and opened again and the view-models are attached to
the new one; the window says so. Shutdown is ordered (style guide, principle 15): stop taking
scans → let the intent being handled finish (bounded), cancel the rest → close the station
(outbox, print queue, HTTP clients, journal) → stop the sandbox → quit.

Other modes (returns desk, dispatch/customs, PUDO lookup, catalog sync) plug in with
``StationWindow.add_mode`` in ``install_workflow_modes`` below.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from packstation import app_modes
from packstation.adapters.label_files import FileLabelArchive
from packstation.adapters.label_preview import render_pdf_page
from packstation.adapters.printers import list_printers, open_printer
from packstation.adapters.product_images import ProductImageFetcher
from packstation.adapters.serial_scanner import ScannerUnavailable, SerialScanner
from packstation.adapters.station_documents import (
    SheetEntry,
    printer_test_label,
    write_command_sheet,
)
from packstation.adapters.station_records_sqlite import SqliteStationRecords
from packstation.app import (
    Connection,
    Station,
    StationConfigError,
    Workflows,
    configured_connection,
    open_station,
    open_workflows,
    station_facts,
)
from packstation.config import (
    Environment,
    Settings,
    SettingsError,
    default_config_file,
    load_settings,
)
from packstation.domain.cycle import LabelAttempt, StoredLabel
from packstation.domain.printing import (
    PrinterLanguage,
    PrinterProfile,
    PrinterStatus,
    PrintResult,
)
from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.secret_store import NoSecureStore, get_access_key, set_access_key
from packstation.settings_file import save_settings
from packstation.ui.about import app_icon, install_about
from packstation.ui.first_run import FirstRunChoice, FirstRunWizard, ask_first_run
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pack_viewmodel import PackBackend, PackViewModel
from packstation.ui.pack_window import PackingScreen
from packstation.ui.pack_wording import SHEET_HEADING, translated
from packstation.ui.scanner import WedgeScanFilter, WedgeSettings
from packstation.ui.settings_page import SettingsPage
from packstation.ui.settings_viewmodel import LIVE_KEYS, SettingsBackend, SettingsViewModel
from packstation.ui.sounds import Sound, SystemSoundPlayer
from packstation.ui.station_window import StationWindow
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone

log = logging.getLogger(__name__)

# Settings the settings screen shows and saves (the rest of the file is kept as it is).
SCREEN_KEYS = (
    "environment",
    "api_url",
    "seven_senders_flex",
    "carrier",
    "label_format",
    "order_source",
    "auto_finish",
    "printer",
    "printer_language",
    "printer_dpi",
    "label_width_mm",
    "label_height_mm",
    "station_name",
    "packer_name",
    "language",
    "sound_volume",
    "sound_muted",
    "scanner_serial_port",
    "scanner_baudrate",
)
# Optional settings: an empty field removes them from the file.
OPTIONAL_KEYS = frozenset(
    {"api_url", "carrier", "label_format", "order_source", "printer", "language"}
    | {"scanner_serial_port"}
)
# How long shutdown waits for the intent being handled (a label purchase) to end.
DRAIN_S = 10.0


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
    app.setApplicationName("packstation")
    app.setApplicationDisplayName("packstation")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
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


@dataclass
class _Demo:
    """The embedded sandbox world of demo mode (or of a station set to the sandbox)."""

    sandbox: Any
    printer: Any | None
    data_dir: Path | None

    @property
    def connection(self) -> Connection:
        return Connection(
            base_url=self.sandbox.base_url,
            access_key=self.sandbox.access_key,
            feed_url=self.sandbox.merchant_feed_url,
            is_sandbox=True,
        )


@dataclass
class _Running:
    station: Station
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
    ) -> None:
        self.app = app
        self.overrides = overrides
        self.demo = demo
        self.first_run = first_run
        self.settings_problem = ""
        self.settings = self._load_settings()
        self.language = LanguageSwitch(app)
        self.language.apply(self.settings.language)
        self.runner = TaskRunner()
        self.runner.failed.connect(self._on_task_failed)
        self.sounds = SystemSoundPlayer(self.settings.sound_volume, self.settings.sound_muted)
        self.vm = PackViewModel(self.runner)
        self.vm.sound_requested.connect(self._on_sound)
        self.settings_vm = SettingsViewModel(self.runner)
        self.window = StationWindow(self.vm)
        install_about(self.window, lambda: station_facts(self.settings))
        self.packing = PackingScreen(self.vm)
        self.settings_page = SettingsPage(self.settings_vm)
        self.window.add_mode("packing", self._packing_title, self.packing, "Ctrl+1")
        self.window.add_mode("settings", self._settings_title, self.settings_page, "F10")
        self.scanner = WedgeScanFilter(self._wedge_settings(self.settings))
        self.scanner.scanned.connect(self.window.route_scan)
        self.scanner.scan_incomplete.connect(self.window.scan_incomplete)
        self.quit = asyncio.Event()
        self.restart = asyncio.Event()
        self.window.close_requested.connect(self.quit.set)
        app.aboutToQuit.connect(self.quit.set)
        self._world: _Demo | None = None
        self._fault_key: QShortcut | None = None
        self._running: _Running | None = None
        self._demo_dir: tempfile.TemporaryDirectory[str] | None = None
        self.settings_vm.attach(self._settings_backend())

    async def _first_run(self) -> bool:
        """No settings yet: the set-up (ui/first_run.py) on the settings screen's backend.

        Saving writes the settings file, so the station then starts on it; demo mode runs
        this window on the sandbox. False when the set-up was closed.
        """
        vm = SettingsViewModel(self.runner)
        vm.attach(self._settings_backend())
        wizard = FirstRunWizard(vm)
        wizard.command_sheet_requested.connect(
            lambda: self.runner.start(self._set_up_sheet(wizard), name="command sheet")
        )
        choice = await ask_first_run(wizard)
        wizard.deleteLater()
        if choice is FirstRunChoice.DEMO:
            self.demo = True
            self.settings_vm.attach(self._settings_backend())
        self.settings = self._load_settings()
        self.settings_vm.reload()
        return choice is not FirstRunChoice.CANCELLED

    async def _set_up_sheet(self, wizard: FirstRunWizard) -> None:
        """The set-up's scanner step: the command sheet (with the scanner test) to print."""
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
        _open_document(path)
        text = QCoreApplication.translate(
            "BenchApp", "Saved as {0} and opened: print it, then scan its last barcode."
        )
        wizard.show_command_sheet(text.format(path), True)

    # ------------------------------------------------------------------ titles (translated)

    def _packing_title(self) -> str:
        return QCoreApplication.translate("BenchApp", "Packing")

    def _settings_title(self) -> str:
        return QCoreApplication.translate("BenchApp", "Settings")

    # ------------------------------------------------------------------ life

    async def run(self, *, smoke_test: bool = False) -> int:
        self.scanner.install(self.app)  # the set-up asks for the scanner test barcode too
        if self.first_run and not await self._first_run():
            self.scanner.remove(self.app)
            return 0  # the set-up was closed: nothing to start
        if self.demo:
            self.window.set_demo(QCoreApplication.translate("BenchApp", "DEMO · no real labels"))
        available = self.window.screen().availableGeometry()
        if available.width() < 1400 or available.height() < 900:
            self.window.showMaximized()  # a small bench screen: use all of it
        else:
            self.window.show()
        self.vm.show_starting()
        code = 0
        try:
            while not self.quit.is_set():
                self.restart.clear()
                code = await self._one_station(smoke_test)
                if smoke_test:
                    break
                if not self.quit.is_set():
                    self.settings = self._load_settings()
                    self.scanner.settings = self._wedge_settings(self.settings)
                    self.vm.show_starting()
        finally:
            await self._shutdown()
        return code

    async def _one_station(self, smoke_test: bool) -> int:
        """Open the station, attach the window to it, and wait for quit or restart."""
        if self.settings_problem:
            return await self._cannot_start(self.settings_problem, smoke_test)
        try:
            async with self._station() as running:
                self._running = running
                self.vm.attach(self._pack_backend(running))
                self.settings_vm.attach(self._settings_backend())
                install_workflow_modes(
                    self.window, running.station, self._workflows, running.settings
                )
                self.runner.start(self._announce_ready(running), name="station ready")
                self._install_fault_practice()
                if smoke_test:
                    return await self._smoke(running)
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
            return await self._cannot_start(str(exc), smoke_test)
        finally:
            self.vm.detach()
            self._running = None
            await self.runner.drain(2)
        return 0

    def _install_fault_practice(self) -> None:
        """Demo: Ctrl+Shift+P takes the virtual printer's labels out and puts them back."""
        world = self._world
        if not self.demo or world is None or world.printer is None or self._fault_key:
            return
        printer = world.printer
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+P"), self.window)

        def toggle() -> None:
            out = not printer.faults.paper_out
            printer.set_faults(paper_out=out)
            if out:
                self.vm.report(
                    Tone.WARNING,
                    QCoreApplication.translate(
                        "BenchApp", "Practice: the printer is out of labels"
                    ),
                    QCoreApplication.translate(
                        "BenchApp",
                        "Pack an order: its label is kept. Ctrl+Shift+P puts the labels back; "
                        "then F5 prints it (or it prints by itself shortly).",
                    ),
                )
            else:
                self.vm.report(
                    Tone.READY,
                    QCoreApplication.translate("BenchApp", "Practice: labels are back in"),
                    QCoreApplication.translate("BenchApp", "F5 prints the held labels now."),
                )

        shortcut.activated.connect(toggle)
        self._fault_key = shortcut

    async def _announce_ready(self, running: _Running) -> None:
        """One line in the log when the bench takes scans (support reads it; so do tests)."""
        await self.vm.wait_ready()
        log.info(
            "packing station ready: %s, printer %s, data in %s",
            "demo" if self.demo else running.settings.environment.value,
            running.station.printer.uri,
            running.settings.data_dir,
        )

    async def _cannot_start(self, problem: str, smoke_test: bool) -> int:
        """Say why the station cannot start, show the settings, wait for a fix (or quit)."""
        self.vm.detach()
        self.vm.show_problem(
            QCoreApplication.translate("BenchApp", "The station cannot start"),
            problem + " " + QCoreApplication.translate("BenchApp", "Fix it in the settings (F10)."),
        )
        self.window.set_mode("settings")
        if smoke_test:
            sys.stderr.write(f"demo failed: {problem}\n")
            return 1
        await _first(self.quit, self.restart)
        return 0

    @contextlib.asynccontextmanager
    async def _station(self) -> AsyncIterator[_Running]:
        settings = self.settings
        async with contextlib.AsyncExitStack() as stack:
            connection = await self._connection(settings)
            if self.demo:
                settings = self._demo_settings(settings)
            station = await stack.enter_async_context(
                open_station(settings, connection, customs_confirm=True)
            )
            workflows = await stack.enter_async_context(
                open_workflows(settings, connection, station=station)
            )
            http = await stack.enter_async_context(
                httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0))
            )
            running = _Running(station, settings)
            self._images = ProductImageFetcher(http)
            self._workflows: Workflows | None = workflows
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
                self._workflows = None

    async def _connection(self, settings: Settings) -> Connection:
        if self.demo:
            return self._sandbox_world(with_printer=True).connection
        connection = configured_connection(settings)
        if connection is None:  # environment "sandbox" without a URL: the embedded one
            return self._sandbox_world(with_printer=False).connection
        return connection

    def _sandbox_world(self, *, with_printer: bool) -> _Demo:
        if self._world is None:
            from packstation.sandbox import SandboxServer, VirtualPrinter

            sandbox = SandboxServer(seed="demo")
            sandbox.start()
            printer = None
            if with_printer:
                printer = VirtualPrinter()
                printer.start()
            data_dir = None
            if self.demo and "data_dir" not in self.overrides:
                self._demo_dir = tempfile.TemporaryDirectory(prefix="packstation-demo-")
                data_dir = Path(self._demo_dir.name)
            self._world = _Demo(sandbox, printer, data_dir)
        return self._world

    def _demo_settings(self, settings: Settings) -> Settings:
        world = self._world
        assert world is not None
        values: dict[str, Any] = {
            "environment": Environment.SANDBOX,
            "api_url": None,
            "order_source": world.sandbox.merchant_feed_url,
        }
        if world.printer is not None:
            # PDF labels, so a trainee sees the label itself in the preview; the virtual
            # Zebra is still asked ~HS, so printer faults can be practised (set them in the
            # sandbox and watch the station hold the label until the fault is cleared)
            values["printer"] = f"{world.printer.uri}?status=zebra"
            values["printer_language"] = PrinterLanguage.PDF
            values["printer_dpi"] = 203
        if world.data_dir is not None:
            values["data_dir"] = world.data_dir
        return settings.model_copy(update=values)

    async def _drain(self) -> None:
        """Let the intent being handled (a label purchase, a print) end, within DRAIN_S."""
        self.vm.stop_accepting()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.vm.wait_idle(), DRAIN_S)

    async def _shutdown(self) -> None:
        # 1. no more scans
        self.scanner.remove(self.app)
        # 2. in-flight tasks (the station block has drained and closed by now)
        await self.runner.cancel_all()
        # 3. the station was closed by its context; 4. the sandbox world
        world, self._world = self._world, None
        if world is not None:
            if world.printer is not None:
                world.printer.stop()
            world.sandbox.stop()
        if self._demo_dir is not None:
            with contextlib.suppress(OSError):
                self._demo_dir.cleanup()
        self.window.hide()
        self.window.deleteLater()

    # ------------------------------------------------------------------ the packing screen

    def _pack_backend(self, running: _Running) -> PackBackend:
        return pack_backend(
            running.station,
            running.settings,
            environment="demo" if self.demo else running.settings.environment.value,
            fetch_image=self._images.fetch,
            open_document=_open_document,
        )

    async def _serial(self, settings: Settings) -> None:
        assert settings.scanner_serial_port
        scanner = SerialScanner(settings.scanner_serial_port, settings.scanner_baudrate)
        try:
            async for code in scanner.codes():
                self.window.route_scan(code)
        except ScannerUnavailable as exc:
            self.vm.report(
                Tone.WARNING,
                QCoreApplication.translate("BenchApp", "The serial scanner is not available"),
                exc.message
                + " "
                + QCoreApplication.translate("BenchApp", "Keyboard scanners still work."),
            )
        finally:
            await scanner.close()

    # ------------------------------------------------------------------ the settings screen

    def _settings_backend(self) -> SettingsBackend:
        return SettingsBackend(
            values=self._screen_values,
            save=self._save,
            apply=self._apply,
            key_state=_key_state,
            store_key=_store_key,
            list_printers=self._list_printers,
            test_print=self._test_print,
            printer_status=self._printer_status,
            list_carriers=self._list_carriers if self._running is not None else None,
            play=self._play,
            config_path=str(default_config_file()),
            demo=self.demo,
        )

    def _screen_values(self) -> dict[str, Any]:
        s = self.settings
        out: dict[str, Any] = {}
        for key in SCREEN_KEYS:
            value = getattr(s, key)
            if value is None:
                value = ""
            elif isinstance(value, Enum):
                value = value.value
            out[key] = value
        return out

    def _save(self, changes: dict[str, Any]) -> str:
        plain: dict[str, Any] = {}
        for key, value in changes.items():
            if key in OPTIONAL_KEYS and value in ("", None):
                plain[key] = None
            else:
                plain[key] = value
        try:
            return str(save_settings(plain))
        except SettingsError as exc:
            raise ValueError(str(exc)) from None

    def _apply(self, changes: dict[str, Any]) -> None:
        self.settings = self._load_settings()
        if "language" in changes:
            self.language.apply(self.settings.language)
            self.vm.retranslate()
        if {"sound_volume", "sound_muted"} & set(changes):
            self.sounds.volume = self.settings.sound_volume
            self.sounds.muted = self.settings.sound_muted
        if not set(changes) <= LIVE_KEYS:
            self.restart.set()

    async def _list_printers(self) -> list[tuple[str, str, str]]:
        recent = [uri for uri in (self.settings.printer,) if uri]
        if self._world is not None and self._world.printer is not None:
            recent.append(self._world.printer.uri)
        found = await list_printers(recent)
        return [(c.uri, c.name, c.detail) for c in found]

    def _profile(self, values: dict[str, Any]) -> PrinterProfile:
        return PrinterProfile(
            language=PrinterLanguage(values.get("printer_language") or "zpl"),
            dpi=int(values.get("printer_dpi") or 203),
            width_mm=float(values.get("label_width_mm") or 101.6),
            height_mm=float(values.get("label_height_mm") or 152.4),
        )

    def _printer_uri(self, values: dict[str, Any]) -> str:
        uri = str(values.get("printer") or "")
        if uri:
            return uri
        if self._running is not None:
            return self._running.station.printer.uri
        raise ValueError(QCoreApplication.translate("BenchApp", "No printer is set."))

    async def _test_print(self, values: dict[str, Any]) -> PrintResult:
        profile = self._profile(values)
        printer = open_printer(self._printer_uri(values), profile)
        when = datetime.now().strftime("%Y-%m-%d %H:%M")
        document = printer_test_label(
            profile,
            [
                "packstation",
                QCoreApplication.translate("BenchApp", "Test label"),
                f"{self.settings.station_name} · {when}",
                f"{profile.language.value.upper()} · {profile.dpi} dpi · "
                f"{profile.width_mm:g} × {profile.height_mm:g} mm",
            ],
        )
        return await printer.print_document(document, "packstation test label")

    async def _printer_status(self, values: dict[str, Any]) -> PrinterStatus:
        printer = open_printer(self._printer_uri(values), self._profile(values))
        return await printer.status()

    async def _list_carriers(self) -> list[tuple[str, str]]:
        if self._running is None:
            return []
        carriers = await self._running.station.api.list_carriers()
        hub = self.settings.customs_departure_country
        return [(f"{c.code}:{hub}", c.name) for c in carriers]

    def _play(self, sound: Sound, volume: float) -> None:
        player = SystemSoundPlayer(volume=volume, muted=False)
        player.play(sound)

    # ------------------------------------------------------------------ helpers

    def _load_settings(self) -> Settings:
        """The settings; when the file is not valid, the defaults (and the problem is kept)."""
        try:
            settings = load_settings(**self.overrides)
        except SettingsError as exc:
            log.warning("settings not valid, using the defaults: %s", exc)
            self.settings_problem = str(exc)
            return Settings.model_construct(**self.overrides)
        self.settings_problem = ""
        return settings

    @staticmethod
    def _wedge_settings(settings: Settings) -> WedgeSettings:
        return WedgeSettings(
            max_gap_s=settings.scanner_max_gap_ms / 1000,
            tab_terminates=settings.scanner_tab_terminates,
            prefix=settings.scanner_prefix,
            suffix=settings.scanner_suffix,
        )

    def _on_sound(self, sound: Sound) -> None:
        self.sounds.play(sound)

    def _on_task_failed(self, name: str, exc: object) -> None:
        log.error("background task %s failed: %s", name, exc)

    # ------------------------------------------------------------------ smoke test

    async def _smoke(self, running: _Running) -> int:
        """Pack demo order A100 from scripted scans, as a packer would (``demo --smoke-test``)."""
        world = self._world
        assert world is not None
        await _until(lambda: self.vm.ready(), 30)
        with world.sandbox.state.lock:
            feed = dict(world.sandbox.state.merchant_orders)
        document = feed["A100"]
        scans = ["A100"] + [
            item["ean"] for item in document["items"] for _ in range(int(item["quantity"]))
        ]
        for code in scans:
            self.window.route_scan(code)
        await _until(lambda: self.vm.idle() and self.vm.banner.tone is not Tone.WORKING, 60)
        banner = self.vm.banner
        printed = world.printer.jobs() if world.printer is not None else []
        if banner.tone is not Tone.SUCCESS or not printed:
            sys.stderr.write(f"demo failed: {banner.headline} — {banner.detail}\n")
            return 1
        sys.stdout.write(
            f"demo ok: {len(feed)} orders in the sandbox's merchant feed; packed A100 from "
            f"{len(scans)} scans, {len(printed)} label(s) on the virtual printer "
            f"{world.printer.uri if world.printer is not None else ''}\n"
        )
        sys.stdout.flush()
        return 0


def pack_backend(
    station: Station,
    settings: Settings,
    *,
    environment: str,
    fetch_image: Callable[[str], Awaitable[bytes | None]] | None = None,
    open_document: Callable[[Path], None] | None = None,
) -> PackBackend:
    """What the packing screen runs on, built from an open station (tests use it too)."""
    archive = FileLabelArchive(settings.data_dir / "labels")
    records = SqliteStationRecords(station.journal)

    async def load_label(attempt: LabelAttempt) -> LabelDocument:
        if not attempt.file_path or not attempt.sha256:
            raise ValueError("the label has no stored file")
        stored = StoredLabel(
            path=attempt.file_path,
            sha256=attempt.sha256,
            label_format=attempt.label_format,
            content_type="application/pdf"
            if attempt.label_format is LabelFormat.PDF
            else "text/plain",
            size=0,
        )
        return await archive.load(stored)

    async def packed_since(since: datetime) -> int:
        return len(await records.packed_orders(since))

    async def check_connection() -> object:
        return await station.api.list_carriers()

    async def command_sheet(heading: str, entries: list[tuple[str, str, str]], footer: str) -> Path:
        path = settings.data_dir / "command-sheet.pdf"
        sheet = [SheetEntry(code, title, hint) for code, title, hint in entries]
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            None, write_command_sheet, path, heading, sheet, footer, settings.station_name
        )

    return PackBackend(
        service=station.service,
        environment=environment,
        station_name=settings.station_name,
        packer_name=settings.packer_name,
        print_queue=station.print_queue,
        check_connection=check_connection,
        fetch_image=fetch_image,
        load_label=load_label,
        render_pdf=render_pdf_page,
        packed_since=packed_since,
        write_command_sheet=command_sheet,
        open_document=open_document,
        order_age_warning=timedelta(hours=settings.order_age_warning_h),
    )


#: Variables that are not station settings (where the file is; the headless key; tests).
NOT_SETTINGS = frozenset({"PACKSTATION_CONFIG", "PACKSTATION_ACCESS_KEY"})


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


def install_workflow_modes(
    window: StationWindow,
    station: Station,
    workflows: Workflows | None,
    settings: Settings | None = None,
) -> None:
    """Where the other workflows' modes plug into the window.

    Each adds its widget with ``window.add_mode(key, title, widget, shortcut)``; a widget that
    wants scans implements ``take_scan(code) -> bool``. Keys and shortcuts in use: "packing"
    (Ctrl+1) and "settings" (F10); the others: "returns" (Ctrl+2), "dispatch" (Ctrl+3),
    "pudo" (Ctrl+4), "catalog" (Ctrl+5), plus the customs dialog, the pick-up point strip and
    the manifest reminder (``app_modes``). Adding a mode again replaces it, so this runs after
    every station (re)start with the new station's services.
    """
    app_modes.install_workflow_modes(window, station, workflows, settings)


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


async def _until(predicate: Callable[[], bool], limit_s: float) -> None:
    """Poll ``predicate`` (state spread over Qt objects; for the smoke test only)."""
    async with asyncio.timeout(limit_s):
        while not predicate():  # noqa: ASYNC110 - no single event covers these conditions
            await asyncio.sleep(0.02)


def _open_document(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _key_state(environment: str) -> bool | None:
    try:
        return bool(get_access_key(environment))
    except NoSecureStore:
        return None


def _store_key(environment: str, key: str) -> None:
    try:
        set_access_key(environment, key)
    except NoSecureStore as exc:
        raise ValueError(str(exc)) from None


__all__ = ["BenchApp", "install_workflow_modes", "run_gui"]
