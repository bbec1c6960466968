"""What the settings screen (and the first-run set-up) runs on: the values it shows, saving
them to the settings file, the access key in the keyring, printers, test prints, carriers."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication

from packstation.domain.printing import PrinterLanguage, PrinterProfile, PrinterStatus, PrintResult
from packstation.domain.settings_problems import (
    KeyNotStored,
    KeyStoreProblem,
    PrinterAddressRefused,
    SettingsRefused,
)
from packstation.settings.access_key import NoSecureStore, get_access_key, set_access_key
from packstation.settings.file import save_settings
from packstation.settings.model import SettingsError
from packstation.settings.paths import default_config_file
from packstation.ui.settings_viewmodel import SettingsBackend
from packstation.ui.sounds import Sound, SystemSoundPlayer

if TYPE_CHECKING:
    from packstation.composition.bench.demo import SandboxWorld
    from packstation.composition.station import Station
    from packstation.ports import LabelPrinter
    from packstation.settings.model import Settings


class RunningStation(Protocol):
    station: Station
    settings: Settings


class Bench(Protocol):
    """What the settings screen reads of the bench it belongs to (``app.BenchApp``)."""

    demo: bool
    settings: Settings
    world: SandboxWorld | None

    @property
    def sounds(self) -> SystemSoundPlayer: ...

    @property
    def running(self) -> RunningStation | None: ...

    def apply_settings(self, changes: dict[str, Any]) -> None: ...

    def keep_demo_changes(self, changes: dict[str, Any]) -> None: ...


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


class SettingsScreen:
    """The settings screen's backend over the bench it belongs to (its settings, its running
    station, its sandbox world)."""

    def __init__(self, bench: Bench) -> None:
        self._bench = bench

    def backend(self) -> SettingsBackend:
        bench = self._bench
        return SettingsBackend(
            values=self.values,
            save=self.save,
            apply=bench.apply_settings,
            key_state=key_state,
            store_key=refuse_key if bench.demo else store_key,
            list_printers=self.list_printers,
            test_print=self.test_print,
            printer_status=self.printer_status,
            list_carriers=self.list_carriers if bench.running is not None else None,
            play=self.play,
            config_path=str(default_config_file()),
            demo=bench.demo,
        )

    def values(self) -> dict[str, Any]:
        """What the screen shows: in demo mode what the demo really runs on (the sandbox, its
        printer and data folder), else the station's settings."""
        bench = self._bench
        running = bench.running
        s = running.settings if bench.demo and running is not None else bench.settings
        out: dict[str, Any] = {}
        for key in SCREEN_KEYS:
            value = getattr(s, key)
            if value is None:
                value = ""
            elif isinstance(value, Enum):
                value = value.value
            out[key] = value
        return out

    def save(self, changes: dict[str, Any]) -> str:
        """Write ``changes`` to the settings file (in demo mode: keep them in memory only)."""
        plain: dict[str, Any] = {}
        for key, value in changes.items():
            if key in OPTIONAL_KEYS and value in ("", None):
                plain[key] = None
            else:
                plain[key] = value
        if self._bench.demo:  # demo mode never writes the real settings file
            self._bench.keep_demo_changes(plain)
            return ""
        try:
            return str(save_settings(plain))
        except SettingsError as exc:  # typed, so the screen names the setting in its words
            raise SettingsRefused(str(exc), exc.problems, exc.file) from None

    def play(self, sound: Sound, volume: float) -> None:
        """The settings screen tries a volume: play ``sound`` at it, muted or not (with the
        window's player, whose folder goes when the window does)."""
        player = self._bench.sounds
        before = player.volume, player.muted
        player.volume, player.muted = volume, False
        try:
            player.play(sound)
        finally:
            player.volume, player.muted = before

    async def list_printers(self) -> list[tuple[str, str, str, bool]]:
        bench = self._bench
        recent = [uri for uri in (bench.settings.printer,) if uri]
        if bench.world is not None and bench.world.printer is not None:
            recent.append(bench.world.printer.uri)
        from packstation.adapters.printers import list_printers  # not needed to show the window

        found = await list_printers(recent)
        return [(c.uri, c.name, c.detail, c.accepting) for c in found]

    def _printer_uri(self, values: dict[str, Any]) -> str:
        uri = str(values.get("printer") or "")
        if uri:
            return uri
        if self._bench.running is not None:
            return self._bench.running.station.printer.uri
        raise PrinterAddressRefused("No printer is set.")

    def _open_printer(self, values: dict[str, Any]) -> LabelPrinter:
        from packstation.adapters.printers import PrinterUriError, open_printer

        uri = self._printer_uri(values)
        try:
            return open_printer(uri, _profile(values))
        except PrinterUriError as exc:
            raise PrinterAddressRefused(str(exc), uri) from None

    async def test_print(self, values: dict[str, Any]) -> PrintResult:
        from packstation.adapters.station_documents import printer_test_label

        profile = _profile(values)
        printer = self._open_printer(values)
        when = datetime.now().strftime("%Y-%m-%d %H:%M")
        document = printer_test_label(
            profile,
            [
                "packstation",
                QCoreApplication.translate("BenchApp", "Test label"),
                f"{self._bench.settings.station_name} · {when}",
                f"{profile.language.value.upper()} · {profile.dpi} dpi · "
                f"{profile.width_mm:g} × {profile.height_mm:g} mm",
            ],
        )
        return await printer.print_document(document, "packstation test label")

    async def printer_status(self, values: dict[str, Any]) -> PrinterStatus:
        return await self._open_printer(values).status()

    async def list_carriers(self) -> list[tuple[str, str]]:
        running = self._bench.running
        if running is None:
            return []
        carriers = await running.station.api.list_carriers()
        hub = self._bench.settings.customs_departure_country
        return [(f"{c.code}:{hub}", c.name) for c in carriers]


def _profile(values: dict[str, Any]) -> PrinterProfile:
    return PrinterProfile(
        language=PrinterLanguage(values.get("printer_language") or "zpl"),
        dpi=int(values.get("printer_dpi") or 203),
        width_mm=float(values.get("label_width_mm") or 101.6),
        height_mm=float(values.get("label_height_mm") or 152.4),
    )


def key_state(environment: str) -> bool | None:
    """Is an access key stored for ``environment`` (None: there is no keyring)."""
    try:
        return bool(get_access_key(environment))
    except NoSecureStore:
        return None


def refuse_key(environment: str, key: str) -> None:
    """Demo mode keeps no access key (the OS keyring is the real station's)."""
    raise KeyNotStored(
        "Demo mode stores no access key: the sandbox needs none.", KeyStoreProblem.DEMO
    )


def store_key(environment: str, key: str) -> None:
    try:
        set_access_key(environment, key)
    except NoSecureStore as exc:
        raise KeyNotStored(str(exc), KeyStoreProblem.NO_KEYRING) from None
