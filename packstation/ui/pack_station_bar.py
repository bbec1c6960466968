"""The station bar of the packing screen: connection, printer, outbox, held labels, shift figures.

``StationBar`` keeps what the bar shows (``StationState``), refreshes it on two timers (the
figures every few seconds, the 7S connection once a minute) and after the bench's intents, and
hands every new ``StationView`` to the view-model. A printer that becomes ready again wakes the
print queue, so held labels go out by themselves.

The bar never lags the banner: a label that printed says at once that the printer works (and a
held one that it is no longer waiting), and a refresh asked for while one is running runs again
once it ends, so figures read before the change are never the last word.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from packstation.domain.errors import ShippingApiError
from packstation.domain.printing import PrinterError
from packstation.ui import texts
from packstation.ui.pack_views import PackBackend, StationView
from packstation.ui.pack_wording import QT_TRANSLATE_NOOP, translated
from packstation.ui.service_words import describe
from packstation.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from packstation.domain.warehouse import WarehouseStatus

log = logging.getLogger(__name__)

# the station bar's words (translated in the packing screen's context, "PackWording")
CHECKING = QT_TRANSLATE_NOOP("PackWording", "checking…")
CONNECTED = QT_TRANSLATE_NOOP("PackWording", "connected")
OFFLINE = QT_TRANSLATE_NOOP("PackWording", "offline")
PRINTER_READY = QT_TRANSLATE_NOOP("PackWording", "ready")
PRINTER_READY_UNKNOWN = QT_TRANSLATE_NOOP("PackWording", "ready (no status)")
OUTBOX_WAITING = QT_TRANSLATE_NOOP("PackWording", "{0} waiting")
OUTBOX_FAILED = QT_TRANSLATE_NOOP("PackWording", "{0} failed")
SHIFT = QT_TRANSLATE_NOOP("PackWording", "{0} this shift · {1} in the last hour")
SHIFT_SHORT = QT_TRANSLATE_NOOP("PackWording", "{0} · {1}/h")
NO_NAME = QT_TRANSLATE_NOOP("PackWording", "nobody signed in (Ctrl+L)")
WAREHOUSE_ONLINE = QT_TRANSLATE_NOOP("PackWording", "online")
WAREHOUSE_OFFLINE = QT_TRANSLATE_NOOP("PackWording", "offline — packing alone")
WAREHOUSE_OFFLINE_DETAIL = QT_TRANSLATE_NOOP(
    "PackWording",
    "The warehouse store does not answer: this bench packs alone. Seven Senders still refuses "
    "a second label for an order packed elsewhere.",
)
WAREHOUSE_LAG = QT_TRANSLATE_NOOP("PackWording", "{0} journal entries to copy")


@dataclass
class StationState:
    """What the station bar knows (raw values; `view` words them)."""

    environment: str = ""
    connected: bool | None = None
    connection_detail: str = ""
    printer: str = ""
    printer_ok: bool | None = None
    printer_faults: tuple[Any, ...] | None = ()
    printer_known: bool = True
    outbox_pending: int = 0
    outbox_failed: int = 0
    held: int = 0
    packer: str = ""
    station: str = ""
    packed: int = 0
    last_hour: int = 0
    shift_hours: float = 0.0
    warehouse: WarehouseStatus | None = None  # None: no warehouse store configured

    def set_printer(self, status: Any) -> None:
        self.printer_ok = bool(status.ready)
        self.printer_faults = tuple(status.faults)
        self.printer_known = bool(status.known)

    def view(self) -> StationView:
        if self.connected is None:
            connection = translated(CHECKING)
        else:
            connection = translated(CONNECTED if self.connected else OFFLINE)
        if self.printer_ok is None:
            printer_status = translated(CHECKING)
        elif self.printer_ok:
            printer_status = translated(
                PRINTER_READY if self.printer_known else PRINTER_READY_UNKNOWN
            )
        else:
            printer_status = texts.faults_text(self.printer_faults or ())
        outbox = translated(OUTBOX_WAITING).format(self.outbox_pending)
        if self.outbox_failed:
            outbox += " · " + translated(OUTBOX_FAILED).format(self.outbox_failed)
        warehouse, warehouse_ok = "", None
        if self.warehouse is not None:
            warehouse_ok = self.warehouse.online
            if warehouse_ok is None:
                warehouse = translated(CHECKING)
            else:
                warehouse = translated(WAREHOUSE_ONLINE if warehouse_ok else WAREHOUSE_OFFLINE)
            if self.warehouse.copy_lag:
                warehouse += " · " + translated(WAREHOUSE_LAG).format(self.warehouse.copy_lag)
        return StationView(
            environment=texts.environment_text(self.environment),
            connection=connection,
            connected=self.connected,
            printer=short_uri(self.printer),
            printer_status=printer_status,
            printer_ok=self.printer_ok,
            outbox=outbox,
            outbox_ok=self.outbox_failed == 0,
            held=self.held,
            packer=self.packer or translated(NO_NAME),
            station=self.station,
            shift=translated(SHIFT_SHORT).format(self.packed, self.last_hour),
            shift_detail=translated(SHIFT).format(self.packed, self.last_hour),
            warehouse_detail=(
                translated(WAREHOUSE_OFFLINE_DETAIL) if warehouse_ok is False else ""
            ),
            warehouse=warehouse,
            warehouse_ok=warehouse_ok,
        )


class StationBar(QObject):
    """Keeps the station bar current; ``on_change`` receives every new view."""

    def __init__(
        self,
        runner: TaskRunner,
        on_change: Callable[[StationView], None],
        *,
        clock: Callable[[], datetime],
        station_poll_s: float,
        connection_poll_s: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._on_change = on_change
        self._clock = clock
        self._backend: PackBackend | None = None
        self._shift_start = clock()
        self.state = StationState()
        self._refreshing_station = False
        self._refresh_again = False
        self._refreshing_connection = False
        self._station_timer = QTimer(self)
        self._station_timer.setInterval(max(50, int(station_poll_s * 1000)))
        self._station_timer.timeout.connect(self._on_station_timer)
        self._connection_timer = QTimer(self)
        self._connection_timer.setInterval(max(50, int(connection_poll_s * 1000)))
        self._connection_timer.timeout.connect(self._on_connection_timer)

    def start(self, backend: PackBackend) -> None:
        self._backend = backend
        self.state = StationState(
            environment=backend.environment,
            printer=backend.service.printer.uri,
            packer=backend.service.packer,
            station=backend.station_name,
        )
        self.show()
        self._station_timer.start()
        self._connection_timer.start()

    def stop(self) -> None:
        self._station_timer.stop()
        self._connection_timer.stop()
        self._backend = None

    @property
    def held(self) -> int:
        return self.state.held

    def show(self) -> None:
        self._on_change(self.state.view())

    def connection_unknown(self) -> None:
        """Something went wrong talking to 7S: the bar says "checking…" until the next check."""
        self.state.connected = None

    def set_packer(self, name: str) -> None:
        """A packer signed in (or out: ""): the bar names them at once."""
        self.state.packer = name
        self.show()

    def printer_seen(self, status: Any) -> None:
        """A printer status read elsewhere (after a failed print) updates the bar too."""
        self.state.set_printer(status)
        self.show()

    @property
    def printer_not_ready(self) -> bool:
        """The bar says the printer is not ready (a fault, or no answer)."""
        return self.state.printer_ok is False

    def label_printed(self, *, was_held: bool) -> None:
        """A label printed on the station's printer: the bar says at once that the printer
        works and, for a label that was waiting, that one fewer waits; the exact figures
        follow (``refresh``)."""
        self.state.printer_ok = True
        self.state.printer_faults = ()
        if was_held and self.state.held > 0:
            self.state.held -= 1
        self.show()
        self.refresh_soon()

    def refresh_soon(self) -> None:
        self._runner.start(self.refresh(), name="station figures")

    def refresh_printer_soon(self) -> None:
        self._runner.start(self.refresh_printer(), name="printer status")

    def _on_station_timer(self) -> None:
        if self._backend is not None and not self._refreshing_station:
            self.refresh_soon()

    def _on_connection_timer(self) -> None:
        if self._backend is not None and not self._refreshing_connection:
            self._runner.start(self.refresh_connection(), name="connection check")

    async def refresh(self) -> None:
        """Outbox, held labels, orders packed this shift, and the printer.

        Asked for while a refresh runs, it runs once more when that one ends: what changed
        meanwhile (a held label printed) is never left to the next timer.
        """
        backend = self._backend
        if backend is None:
            return
        if self._refreshing_station:
            self._refresh_again = True
            return
        self._refreshing_station = True
        try:
            again = True
            while again:
                self._refresh_again = False
                await self._refresh_figures(backend)
                again = self._refresh_again and self._backend is backend
        finally:
            self._refreshing_station = False

    async def _refresh_figures(self, backend: PackBackend) -> None:
        state = self.state
        try:
            counts = await backend.service.outbox_counts()
            state.outbox_pending, state.outbox_failed = counts.pending, counts.failed
            if backend.print_queue is not None:
                held = await backend.print_queue.pending()
                state.held = len(held)
            if backend.packed_since is not None:
                now = self._clock()
                state.packed = await backend.packed_since(self._shift_start)
                state.last_hour = await backend.packed_since(now - timedelta(hours=1))
                state.shift_hours = (now - self._shift_start).total_seconds() / 3600
            if backend.warehouse_status is not None:
                state.warehouse = backend.warehouse_status()
            await self.refresh_printer()
        except Exception as exc:  # noqa: BLE001 - figures are informative; the bench goes on
            log.info("station figures not refreshed: %s", exc)
        self.show()

    async def refresh_printer(self) -> None:
        backend = self._backend
        if backend is None:
            return
        try:
            status = await asyncio.wait_for(backend.service.printer.status(), timeout=5)
        except (PrinterError, OSError, TimeoutError) as exc:
            log.info("printer status unavailable: %s", exc)
            self.state.printer_ok = False
            self.state.printer_faults = None
            self.show()
            return
        was_ok = self.state.printer_ok
        self.state.set_printer(status)
        self.show()
        if status.ready and was_ok is False and backend.print_queue is not None and self.held:
            backend.print_queue.wake()  # the printer is back: held labels go out now

    async def refresh_connection(self) -> None:
        backend = self._backend
        if backend is None or backend.check_connection is None or self._refreshing_connection:
            return
        self._refreshing_connection = True
        try:
            await backend.check_connection()
        except ShippingApiError as exc:
            self.state.connected = False
            self.state.connection_detail = describe(exc)
        except OSError as exc:
            log.info("connection check failed: %s", exc)
            self.state.connected = False
            self.state.connection_detail = describe(exc)
        else:
            self.state.connected = True
            self.state.connection_detail = ""
        finally:
            self._refreshing_connection = False
        self.show()


def short_uri(uri: str) -> str:
    if uri.startswith("file://"):
        return "…/" + "/".join(uri.rstrip("/").split("/")[-2:])
    return uri if len(uri) <= 40 else uri[:37] + "…"
