"""The settings screen's view-model: load, check, save; the access key; printers; sounds.

The composition root gives it a ``SettingsBackend`` of plain callables (it alone may read and
write the settings file and the keyring); the view-model words every result for the person at
the screen. Saved settings take effect at once where they can (language, sounds) and by a
restart of the station's connections otherwise — the screen says which.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from packstation.domain.errors import ShippingApiError
from packstation.domain.printing import PrinterError, PrinterStatus, PrintResult
from packstation.ui import texts
from packstation.ui.service_words import describe
from packstation.ui.setting_words import outcome_text
from packstation.ui.sounds import Sound
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone

log = logging.getLogger(__name__)

# Settings that apply without restarting the station.
LIVE_KEYS = frozenset({"language", "sound_volume", "sound_muted"})


@dataclass
class SettingsBackend:
    """What the settings screen may do, as given by the composition root.

    Attributes:
        values: the settings in force, as plain values keyed by setting name.
        save: writes changed settings to the file, returns its path; ``ValueError`` with a
            sentence when they are not valid (nothing written).
        apply: the saved changes (name → value) take effect: live ones at once, the rest by a
            restart of the station.
        key_state: for an environment: True (a key is stored), False (none), None (no keyring).
        store_key: keeps the access key in the OS keyring; ``ValueError`` with a sentence when
            there is no keyring.
        list_printers: (uri, name, detail, accepting) of printers the computer knows (detail:
            its device, driver or port; accepting: False when its queue refuses jobs).
        test_print: prints a test label on the printer the values describe.
        printer_status: asks that printer how it is.
        list_carriers: (key, name) of the account's carriers, e.g. ("dhl:DE", "DHL").
        play: plays a sound at a volume (0..1) for trying the settings.
        config_path: where the file is (shown on the screen).
        demo: the station runs on the embedded sandbox (demo/training).
    """

    values: Callable[[], dict[str, Any]]
    save: Callable[[dict[str, Any]], str]
    apply: Callable[[dict[str, Any]], None]
    key_state: Callable[[str], bool | None]
    store_key: Callable[[str, str], None]
    list_printers: Callable[[], Awaitable[list[tuple[str, str, str, bool]]]]
    test_print: Callable[[dict[str, Any]], Awaitable[PrintResult]]
    printer_status: Callable[[dict[str, Any]], Awaitable[PrinterStatus]]
    list_carriers: Callable[[], Awaitable[list[tuple[str, str]]]] | None = None
    play: Callable[[Sound, float], None] | None = None
    config_path: str = ""
    demo: bool = False


class SettingsViewModel(QObject):
    """Signals:
    values_loaded(dict): the settings to show (name → value).
    message_changed(str, object): a sentence and its ``Tone``.
    key_state_changed(str): what the screen says about the stored access key.
    printers_found(list): (uri, name, detail, accepting) tuples.
    printer_checked(str, bool): the printer's answer, and whether it is good news.
    carriers_found(list): (key, name) tuples.
    busy_changed(bool): something is being tried (test print, search).
    """

    values_loaded = Signal(dict)
    message_changed = Signal(str, object)
    key_state_changed = Signal(str)
    printers_found = Signal(list)
    printer_checked = Signal(str, bool)
    carriers_found = Signal(list)
    busy_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.backend: SettingsBackend | None = None
        self.loaded: dict[str, Any] = {}
        self._busy = 0

    def attach(self, backend: SettingsBackend) -> None:
        self.backend = backend
        self.reload()

    def reload(self) -> None:
        backend = self.backend
        if backend is None:
            return
        self.loaded = dict(backend.values())
        self.values_loaded.emit(dict(self.loaded))
        self.check_key(str(self.loaded.get("environment", "sandbox")))
        if backend.list_carriers is not None:
            self.runner.start(self._carriers(), name="list carriers")

    # ------------------------------------------------------------------ saving

    def save(self, values: dict[str, Any]) -> None:
        """Save what differs from the loaded settings and make it take effect."""
        backend = self.backend
        if backend is None:
            return
        changes = {k: v for k, v in values.items() if self.loaded.get(k) != v}
        if not changes:
            self.message_changed.emit(self.tr("Nothing changed."), Tone.READY)
            return
        try:
            path = backend.save(changes)
        except ValueError as exc:
            self.message_changed.emit(self.tr("Not saved: {0}").format(describe(exc)), Tone.ERROR)
            return
        self.loaded.update(changes)
        restart = not set(changes) <= LIVE_KEYS
        # first in force, then said: a language just saved words its own message
        backend.apply(changes)
        if backend.demo:  # demo mode is hermetic: it writes no settings file
            text = (
                self.tr(
                    "Kept for this demo only: nothing is written to the settings file. The "
                    "demo keeps running on the sandbox."
                )
                if restart
                else self.tr("Kept for this demo only: nothing is written to the settings file.")
            )
        elif restart:
            text = self.tr(
                "Saved to {0}. The station now restarts its connection and printer to use them."
            ).format(path)
        else:
            text = self.tr("Saved to {0}. In force now.").format(path)
        self.message_changed.emit(text, Tone.SUCCESS)

    # ------------------------------------------------------------------ access key

    def check_key(self, environment: str) -> None:
        backend = self.backend
        if backend is None:
            return
        if environment == "sandbox":
            self.key_state_changed.emit(self.tr("The sandbox needs no key (it uses the demo key)."))
            return
        try:
            state = backend.key_state(environment)
        except ValueError as exc:
            state = None
            log.info("keyring: %s", exc)
        if state is None:
            text = self.tr(
                "This computer has no secure password store (OS keyring). Set the key in the "
                "PACKSTATION_ACCESS_KEY variable of the station's service instead; it is never "
                "written to a file."
            )
        elif state:
            text = self.tr("An access key for {0} is stored in the OS keyring.").format(
                texts.environment_text(environment)
            )
        else:
            text = self.tr("No access key for {0} is stored yet: enter it and press Store.").format(
                texts.environment_text(environment)
            )
        self.key_state_changed.emit(text)

    def store_key(self, environment: str, key: str) -> None:
        backend = self.backend
        if backend is None:
            return
        if environment == "sandbox":
            self.check_key(environment)
            return
        if not key.strip():
            self.message_changed.emit(self.tr("Enter the access key first."), Tone.WARNING)
            return
        try:
            backend.store_key(environment, key.strip())
        except ValueError as exc:
            self.message_changed.emit(describe(exc), Tone.ERROR)
            self.check_key(environment)
            return
        self.message_changed.emit(
            self.tr("The access key is stored in the OS keyring (never in the settings file)."),
            Tone.SUCCESS,
        )
        self.check_key(environment)
        if backend.apply is not None:
            backend.apply({"access_key": "(keyring)"})

    # ------------------------------------------------------------------ printers, carriers

    def find_printers(self) -> None:
        self.runner.start(self._printers(), name="list printers")

    def test_print(self, values: dict[str, Any]) -> None:
        self.runner.start(self._test_print(values), name="test print")

    def check_printer(self, values: dict[str, Any]) -> None:
        self.runner.start(self._printer_status(values), name="printer status")

    def play(self, volume: float) -> None:
        backend = self.backend
        if backend is not None and backend.play is not None:
            backend.play(Sound.COMPLETE, volume)

    async def _printers(self) -> None:
        backend = self.backend
        if backend is None:
            return
        self._set_busy(1)
        try:
            found = await backend.list_printers()
        except OSError as exc:
            log.info("printers not listed: %s", exc)
            found = []
        finally:
            self._set_busy(-1)
        self.printers_found.emit(found)
        if found:
            self.message_changed.emit(
                self.tr("Printers found: {0}.").format(len(found)), Tone.READY
            )
        else:
            self.message_changed.emit(
                self.tr(
                    "No printers found. Type the printer's address, e.g. tcp://192.168.1.50:9100."
                ),
                Tone.WARNING,
            )

    async def _test_print(self, values: dict[str, Any]) -> None:
        backend = self.backend
        if backend is None:
            return
        self._set_busy(1)
        try:
            result = await backend.test_print(values)
        except (PrinterError, ValueError) as exc:
            message = describe(exc)  # a printer's fault, or an address that is not one
            self.printer_checked.emit(self.tr("Test label not printed: {0}").format(message), False)
            return
        finally:
            self._set_busy(-1)
        if result.printed:
            self.printer_checked.emit(
                self.tr("Test label sent ({0}). Did it come out?").format(
                    outcome_text(result.outcome)
                ),
                True,
            )
        else:
            self.printer_checked.emit(
                # by its outcome in the window's words (the printer's detail is English)
                self.tr("Test label not printed: {0}").format(outcome_text(result.outcome)),
                False,
            )

    async def _printer_status(self, values: dict[str, Any]) -> None:
        backend = self.backend
        if backend is None:
            return
        self._set_busy(1)
        try:
            status = await backend.printer_status(values)
        except (PrinterError, ValueError) as exc:
            message = describe(exc)  # a printer's fault, or an address that is not one
            self.printer_checked.emit(
                self.tr("The printer does not answer: {0}").format(message), False
            )
            return
        finally:
            self._set_busy(-1)
        if status.ready and status.known:
            self.printer_checked.emit(self.tr("The printer is ready."), True)
        elif status.ready:
            self.printer_checked.emit(
                self.tr("The printer takes jobs (it cannot report its state)."), True
            )
        else:
            self.printer_checked.emit(
                self.tr("The printer is not ready: {0}").format(texts.faults_text(status.faults)),
                False,
            )

    async def _carriers(self) -> None:
        backend = self.backend
        if backend is None or backend.list_carriers is None:
            return
        try:
            carriers = await backend.list_carriers()
        except ShippingApiError as exc:
            log.info("carriers not listed: %s", exc)
            return
        self.carriers_found.emit(carriers)

    def _set_busy(self, delta: int) -> None:
        before = self._busy > 0
        self._busy += delta
        if (self._busy > 0) != before:
            self.busy_changed.emit(self._busy > 0)
