"""The packing screen's view-model: what the bench shows and says, driven by the packing service.

``PackViewModel`` owns the display state (banner, order, lines, parcels, label preview,
station bar) and turns every packer intent — a scan, a command barcode, an F-key — into a call
of ``PackingService``. It adds no packing rules: the service decides, the view-model words the
outcome in the packer's language, picks the sound and says what to do next.

Intents run one after the other on the qasync loop (``TaskRunner``): a scan typed while a
label is being bought waits in the queue and is handled next, never lost. The busy state is
reset on every path (``finally``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from packstation.domain.barcodes import CodeKind, display_code
from packstation.domain.commands import SHEET, BenchCommand, command_code, parse_command
from packstation.domain.cycle import (
    LABEL_BOUGHT,
    LABEL_INTENT,
    LABEL_STORED,
    AttemptStatus,
    CycleInterrupted,
    CycleStatus,
    LabelAttempt,
    LabelFileMissing,
    VerificationPolicy,
)
from packstation.domain.errors import ShippingApiError
from packstation.domain.orders import MerchantOrder
from packstation.domain.packing import ScanOutcome, ScanResult
from packstation.domain.print_jobs import PrintJobState
from packstation.domain.printing import PrinterError
from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.domain.zpl import DocumentKind, check_zpl, detect_kind
from packstation.services.packing import (
    CycleReport,
    FinishRefused,
    InFlight,
    ItemScanned,
    LabelPrinted,
    Notice,
    NoticeLevel,
    OpenOutcome,
    OpenResult,
    OrderSession,
    PackingEvent,
    PackingService,
    StepReached,
)
from packstation.services.print_queue import PrintQueue
from packstation.ui import texts
from packstation.ui.sounds import Sound
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------- what the screen shows


@dataclass(frozen=True, slots=True)
class Banner:
    """The big line at the top: the next action, in the tone's colour."""

    tone: Tone
    headline: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class OrderHeaderView:
    order_id: str
    age: str
    late: bool
    recipient: str
    city: str
    country_code: str
    country_name: str
    carrier: str
    service: str
    pudo: str
    customs: bool
    state: str  # what 7S says about the order ("new", "in_preparation", …) or ""


@dataclass(frozen=True, slots=True)
class LineView:
    index: int
    sku: str
    ean: str
    name: str
    ordered: int
    scanned: int
    state: str  # "open", "partial", "done"
    state_text: str


@dataclass(frozen=True, slots=True)
class ParcelView:
    number: int
    count: int
    weight: str
    tracking_code: str
    status: str


@dataclass(frozen=True, slots=True)
class PreviewView:
    """The last label: a rendered PDF page, or ZPL source with its check results."""

    title: str
    image: QImage | None = None
    source: str = ""
    checks: tuple[tuple[bool, str], ...] = ()  # (fine, text)


@dataclass(frozen=True, slots=True)
class StationView:
    environment: str
    connection: str
    connected: bool | None
    printer: str
    printer_status: str
    printer_ok: bool | None
    outbox: str
    outbox_ok: bool
    held: int
    packer: str
    station: str
    shift: str


@dataclass(frozen=True, slots=True)
class InFlightView:
    cycle_id: str
    order_id: str
    what: str
    waiting_for_packer: bool
    has_labels: bool


@dataclass(frozen=True, slots=True)
class ActionState:
    """Which bench actions make sense right now (the window enables its buttons by it)."""

    finish: bool = False
    print_waiting: bool = False
    parcels: bool = False
    reprint: bool = False
    void: bool = False
    skip: bool = False
    cancel: bool = False


class RenderedImage(Protocol):
    """RGBA pixels as the label renderer returns them."""

    @property
    def pixels(self) -> bytes: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def stride(self) -> int: ...


@dataclass
class PackBackend:
    """What the composition root hands the packing screen: the service and a few helpers.

    Attributes:
        service: the packing service (the only thing that decides anything).
        environment: "demo", "sandbox", "uat", "production" or "custom".
        print_queue: held labels (counted in the station bar, sent again with F5).
        check_connection: a cheap 7S call; raises ``ShippingApiError`` when 7S is not there.
        fetch_image: product picture bytes by URL (None when there is none).
        load_label: a bought label's file from the archive.
        render_pdf: first page of a PDF as RGBA pixels (blocking: run in a worker thread).
        packed_since: orders packed at this station since a time.
        write_command_sheet: writes the command sheet PDF (heading, entries, footer).
        open_document: shows a file to the user (the command sheet); None in tests.
    """

    service: PackingService
    environment: str
    station_name: str = ""
    packer_name: str = ""
    print_queue: PrintQueue | None = None
    check_connection: Callable[[], Awaitable[object]] | None = None
    fetch_image: Callable[[str], Awaitable[bytes | None]] | None = None
    load_label: Callable[[LabelAttempt], Awaitable[LabelDocument]] | None = None
    render_pdf: Callable[[bytes, int, int], RenderedImage] | None = None
    packed_since: Callable[[datetime], Awaitable[int]] | None = None
    write_command_sheet: (
        Callable[[str, list[tuple[str, str, str]], str], Awaitable[Path]] | None
    ) = None
    open_document: Callable[[Path], None] | None = None
    command_prefix: str = "PS-CMD:"
    order_age_warning: timedelta = timedelta(hours=24)
    auto_finish: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


_GF_DATA = re.compile(r"(\^GF[ABC],\d+,\d+,\d+,)([^\^~]{40,})", re.IGNORECASE)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class PackViewModel(QObject):
    """State and intents of the packing screen.

    Signals:
        banner_changed(Banner): the next action / what just happened.
        notice_changed(str): a second line for things worth knowing (may be empty).
        order_changed(object): ``OrderHeaderView`` of the order on the bench, or None.
        lines_changed(list, int): ``LineView`` rows and the row scanned last (-1: none).
        parcels_changed(list): ``ParcelView`` rows.
        preview_changed(object): ``PreviewView`` of the last label, or None.
        image_ready(str, QImage): a product picture for the SKU arrived.
        station_changed(StationView): the station bar.
        actions_changed(ActionState): which actions make sense now.
        busy_changed(bool): an intent is being carried out.
        resume_offered(list): ``InFlightView`` of cycles left unfinished (after a restart).
        dialog_requested(str): a command barcode asks for a dialog ("reprint", "void",
            "cancel", "skip", "parcels").
        sound_requested(Sound): play this sound now.
    """

    banner_changed = Signal(object)
    notice_changed = Signal(str)
    order_changed = Signal(object)
    lines_changed = Signal(list, int)
    parcels_changed = Signal(list)
    preview_changed = Signal(object)
    image_ready = Signal(str, QImage)
    station_changed = Signal(object)
    actions_changed = Signal(object)
    busy_changed = Signal(bool)
    resume_offered = Signal(list)
    dialog_requested = Signal(str)
    sound_requested = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        clock: Callable[[], datetime] = _utcnow,
        station_poll_s: float = 10.0,
        connection_poll_s: float = 60.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._clock = clock
        self._backend: PackBackend | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._queue: deque[tuple[str, Callable[[], Coroutine[Any, Any, None]]]] = deque()
        self._pumping = False
        self._idle_event = asyncio.Event()
        self._idle_event.set()
        self._ready_event = asyncio.Event()
        self._accepting = True
        self._ready = False
        self._ready_event.clear()
        self._busy = False
        self._finishing = False
        self._banner_source: Callable[[], Banner] = self._starting_banner
        self._notice_source: Callable[[], str] = str
        self._order: MerchantOrder | None = None
        self._session: OrderSession | None = None
        self._highlight = -1
        self._last_order_id: str | None = None
        self._tracking_codes: list[str] = []
        self._images: dict[str, QImage] = {}
        self._in_flight: list[InFlight] = []
        self._shift_start = clock()
        self._station = _StationState()
        self._preview: PreviewView | None = None
        self._refreshing_station = False
        self._refreshing_connection = False
        self._station_timer = QTimer(self)
        self._station_timer.setInterval(max(50, int(station_poll_s * 1000)))
        self._station_timer.timeout.connect(self._on_station_timer)
        self._connection_timer = QTimer(self)
        self._connection_timer.setInterval(max(50, int(connection_poll_s * 1000)))
        self._connection_timer.timeout.connect(self._on_connection_timer)

    # ------------------------------------------------------------------ attaching

    @property
    def backend(self) -> PackBackend | None:
        return self._backend

    def attach(self, backend: PackBackend) -> None:
        """Drive ``backend.service`` from now on (after start-up or a settings change)."""
        self.detach()
        self._backend = backend
        self._accepting = True
        self._ready = False
        self._ready_event.clear()
        self._unsubscribe = backend.service.subscribe(self._on_event)
        self._station = _StationState(
            environment=backend.environment,
            printer=backend.service.printer.uri,
            packer=backend.packer_name,
            station=backend.station_name,
        )
        self._show(self._ready_banner)
        self._emit_station()
        self._station_timer.start()
        self._connection_timer.start()
        self.runner.start(self._after_attach(), name="station start")
        if self._queue and not self._pumping:
            self._start_pump()

    def detach(self) -> None:
        """Stop driving the service (before the station is closed or rebuilt)."""
        self._station_timer.stop()
        self._connection_timer.stop()
        if self._unsubscribe is not None:
            with contextlib.suppress(ValueError):
                self._unsubscribe()
        self._unsubscribe = None
        self._backend = None
        self._session = None

    def show_problem(self, headline: str, detail: str) -> None:
        """The station could not start (settings, key, printer): say so and what to do."""
        self._show(lambda: Banner(Tone.ERROR, headline, detail))
        self.sound_requested.emit(Sound.ATTENTION)

    def show_starting(self) -> None:
        self._show(self._starting_banner)

    async def _after_attach(self) -> None:
        try:
            await asyncio.gather(
                self._check_in_flight(), self._refresh_station(), self._refresh_connection()
            )
        finally:
            self._ready = True
            self._ready_event.set()

    def ready(self) -> bool:
        """Attached, and what was left in flight is known (tests and the smoke test wait)."""
        return self._backend is not None and self._ready

    async def wait_ready(self) -> None:
        await self._ready_event.wait()

    def stop_accepting(self) -> None:
        """Finish the intent at hand, start no other (before the station closes)."""
        self._accepting = False

    def report(self, tone: Tone, headline: str, detail: str) -> None:
        """Something outside the bench's intents (a scanner, the station) needs saying."""
        self._show(lambda: Banner(tone, headline, detail))
        if tone in (Tone.ERROR, Tone.WARNING):
            self.sound_requested.emit(Sound.ATTENTION)

    @property
    def banner(self) -> Banner:
        """The banner as shown now."""
        return self._banner_source()

    # ------------------------------------------------------------------ intents

    def submit_scan(self, code: str) -> None:
        """A scan from any source (wedge, serial scanner, manual entry)."""
        code = code.strip()
        if code:
            self._enqueue("scan", lambda: self._scan(code))

    def finish(self) -> None:
        self._enqueue("finish", self._finish)

    def print_waiting(self) -> None:
        self._enqueue("print", self._print_waiting)

    def next_parcel(self) -> None:
        self._enqueue("next parcel", self._next_parcel)

    def set_parcels(self, count: int, weights_g: list[int] | None) -> None:
        self._enqueue("parcels", lambda: self._set_parcels(count, weights_g))

    def skip_verification(self, reason: str) -> None:
        self._enqueue("skip", lambda: self._skip(reason))

    def cancel_order(self, reason: str) -> None:
        self._enqueue("cancel", lambda: self._cancel(reason))

    def reprint(self, query: str, reason: str) -> None:
        self._enqueue("reprint", lambda: self._reprint(query, reason))

    def void(self, tracking_code: str, reason: str, replace_label: bool) -> None:
        self._enqueue("void", lambda: self._void(tracking_code, reason, replace_label))

    def resume(self, cycle_id: str | None = None) -> None:
        self._enqueue("resume", lambda: self._resume(cycle_id))

    def abandon(self, cycle_id: str, reason: str) -> None:
        self._enqueue("abandon", lambda: self._abandon(cycle_id, reason))

    def make_command_sheet(self) -> None:
        self._enqueue("command sheet", self._command_sheet)

    def retranslate(self) -> None:
        """The language changed: say everything again in the new one."""
        self.banner_changed.emit(self._banner_source())
        self.notice_changed.emit(self._notice_source())
        self._emit_order()
        self._emit_lines()
        self._emit_parcels()
        self._emit_station()

    # ------------------------------------------------------------------ reading state

    @property
    def busy(self) -> bool:
        return self._busy

    def idle(self) -> bool:
        """Nothing queued and nothing being done (tests wait for this)."""
        return not self._queue and not self._pumping

    async def wait_idle(self) -> None:
        """Until the intent being handled is done (queued ones may remain if not accepting)."""
        await self._idle_event.wait()

    @property
    def last_order_id(self) -> str | None:
        return self._last_order_id

    def default_reprint_target(self) -> str:
        session = self._current()
        if session is not None and any(a.live for a in session.attempts):
            return session.order_id
        return self._last_order_id or ""

    def voidable_labels(self) -> list[tuple[str, str]]:
        """(tracking code, description) of the live labels of the order on the bench."""
        session = self._current()
        if session is None:
            return []
        out = []
        for attempt in sorted(session.attempts, key=lambda a: a.parcel_no):
            if attempt.live and attempt.tracking_code:
                what = self.tr("Order {0}, parcel {1} of {2}").format(
                    attempt.order_id, attempt.parcel_no, attempt.parcel_count
                )
                out.append((attempt.tracking_code, what))
        return out

    def current_parcels(self) -> list[int | None]:
        """The weights (g) of the parcels of the order being packed (empty: none)."""
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            return []
        return [p.weight_g for p in session.parcels]

    def command_sheet_entries(self) -> list[tuple[str, str, str]]:
        """(barcode, title, hint) of every command, in the window's language."""
        prefix = self._backend.command_prefix if self._backend else "PS-CMD:"
        keys = {
            BenchCommand.FINISH: "F2",
            BenchCommand.PRINT: "F5",
            BenchCommand.NEXT_PARCEL: "F4",
            BenchCommand.REPRINT: "F6",
            BenchCommand.VOID: "F7",
            BenchCommand.CANCEL: "F9",
            BenchCommand.SKIP: "F8",
        }
        out = []
        for command, argument in SHEET:
            hint = self.tr("Same as {0} on the keyboard").format(keys[command])
            out.append(
                (
                    command_code(command, prefix, argument),
                    texts.command_title(command, argument),
                    hint,
                )
            )
        return out

    # ------------------------------------------------------------------ the queue

    def _enqueue(self, name: str, factory: Callable[[], Coroutine[Any, Any, None]]) -> None:
        self._queue.append((name, factory))
        if self._backend is None:
            if name == "scan":
                self._notice(
                    lambda: self.tr(
                        "The station is starting: your scans are kept and handled next."
                    )
                )
            return
        if not self._accepting:
            return
        if self._pumping:
            waiting = len(self._queue)
            self._notice(lambda: self.tr("Waiting to be handled: {0}").format(waiting))
            return
        self._start_pump()

    def _start_pump(self) -> None:
        self._pumping = True
        self._idle_event.clear()
        self.runner.start(self._pump(), name="packing bench")

    async def _pump(self) -> None:
        self._set_busy(True)
        try:
            while self._queue and self._backend is not None and self._accepting:
                name, factory = self._queue.popleft()
                try:
                    await factory()
                except asyncio.CancelledError:
                    raise
                except ShippingApiError as exc:
                    log.warning("%s: Seven Senders problem: %s", name, exc)
                    self._fail(
                        self.tr("Seven Senders did not answer as expected"),
                        self.tr("Nothing is lost; try again in a moment.") + f" ({exc})",
                    )
                except Exception as exc:
                    log.exception("%s failed", name)
                    self._fail(self.tr("Something went wrong"), str(exc))
                finally:
                    if not self._queue:
                        self._notice(self._idle_notice)
                    self._emit_actions()
        finally:
            self._pumping = False
            self._idle_event.set()
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    # ------------------------------------------------------------------ scans

    async def _scan(self, code: str) -> None:
        service = self._service()
        reply = await service.scan(code)
        shown = display_code(reply.scan.value or code)
        if reply.command is not None:
            await self._command(reply.command, shown)
        elif reply.opened is not None:
            await self._opened(reply.opened)
        elif reply.item is not None:
            await self._item(reply.item)
        elif reply.tracking_code is not None:
            await self._tracking_code(reply.tracking_code)
        else:
            session = self._current()
            if (
                reply.scan.kind is CodeKind.ORDER
                and session is not None
                and session.order_id == reply.scan.order_id
            ):
                self._show(self._ready_banner)
                return
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Scan an order first"),
                    self.tr("Scanned: {0} — that is not an order barcode.").format(shown),
                )
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)

    async def _command(self, word: str, shown: str) -> None:
        parsed = parse_command(word)
        if parsed is None:
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Unknown command barcode"),
                    self.tr("Scanned: {0}. Print a new command sheet with F11.").format(shown),
                )
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)
            return
        command = parsed.command
        if command is BenchCommand.FINISH:
            await self._finish()
        elif command is BenchCommand.PRINT:
            await self._print_waiting()
        elif command is BenchCommand.NEXT_PARCEL:
            await self._next_parcel()
        elif command is BenchCommand.SKIP and parsed.argument:
            reason = texts.SKIP_REASON_RECORD.get(parsed.argument, parsed.argument.lower())
            await self._skip(reason)
        else:
            names = {
                BenchCommand.REPRINT: "reprint",
                BenchCommand.VOID: "void",
                BenchCommand.CANCEL: "cancel",
                BenchCommand.SKIP: "skip",
            }
            self.dialog_requested.emit(names[command])

    async def _opened(self, result: OpenResult) -> None:
        outcome = result.outcome
        order_id = result.order_id or ""
        if outcome in (OpenOutcome.OPENED, OpenOutcome.CONTINUED) and result.session is not None:
            session = result.session
            self._take_session(session)
            self.sound_requested.emit(Sound.ACCEPTED)
            if session.warnings:
                warnings = list(session.warnings)
                self._notice(lambda: " ".join(warnings))
            if session.status is not CycleStatus.PACKING:
                await self._finish()  # its labels are due: finish what was started
            elif session.ready_to_finish and self._auto_finish():
                await self._finish()
            elif outcome is OpenOutcome.CONTINUED:
                self._show(
                    lambda: Banner(
                        Tone.READY,
                        self._items_headline(),
                        self.tr("Order {0} was left unfinished: continue with its items.").format(
                            order_id
                        ),
                    )
                )
            else:
                self._show(self._ready_banner)
            return
        self._clear_order()
        if outcome is OpenOutcome.ALREADY_PACKED:
            self._last_order_id = order_id
            codes = ", ".join(a.tracking_code or "?" for a in result.labels)
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Order {0} is already packed").format(order_id),
                    self.tr(
                        "Its labels: {0}. F6 prints them again; a second label is never bought."
                    ).format(codes or "—"),
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
        elif outcome is OpenOutcome.NOT_PACKABLE:
            reason = result.reason
            self._show(
                lambda: Banner(
                    Tone.ERROR,
                    texts.not_packable_text(order_id, reason),
                    self.tr("Put the order aside and tell the shift lead."),
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
        elif outcome is OpenOutcome.SOURCE_PROBLEM:
            message = result.message
            self._show(
                lambda: Banner(
                    Tone.ERROR,
                    self.tr("The shop's data for order {0} cannot be read").format(order_id),
                    message,
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
        else:
            self._show(lambda: Banner(Tone.WARNING, self.tr("Scan an order first"), result.message))
            self.sound_requested.emit(Sound.WRONG_ITEM)

    async def _item(self, result: ScanResult) -> None:
        outcome = result.outcome
        session = self._current()
        self._refresh_session()
        code = result.code
        if outcome in (ScanOutcome.ACCEPTED, ScanOutcome.LINE_COMPLETE, ScanOutcome.ORDER_COMPLETE):
            self._highlight = result.line_index if result.line_index is not None else -1
            self._emit_lines()
            self.sound_requested.emit(Sound.ACCEPTED)
            line = self._line(result.line_index)
            if outcome is ScanOutcome.ORDER_COMPLETE:
                if self._auto_finish():
                    await self._finish()
                    return
                self._show(
                    lambda: Banner(
                        Tone.SUCCESS,
                        self.tr("All items are in the box"),
                        self.tr("Press F2 or scan FINISH to print the label."),
                    )
                )
                return
            detail = ""
            if line is not None:
                index = result.line_index or 0
                count = session.progress.scanned[index] if session else 0
                detail = self.tr("✓ {0} — {1} of {2}").format(line.name, count, line.quantity)
            self._show(lambda: Banner(Tone.READY, self._items_headline(), detail))
            return
        self._highlight = result.line_index if result.line_index is not None else -1
        self._emit_lines()
        expected = self._expected_text()
        if outcome is ScanOutcome.WRONG_ITEM:
            order_id = result.order_id
            self._show(
                lambda: Banner(
                    Tone.ERROR,
                    self.tr("Wrong item: {0}").format(code),
                    self.tr("It is not in order {0}. Expected: {1}").format(order_id, expected),
                )
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)
        elif outcome is ScanOutcome.OVER_SCAN:
            line = self._line(result.line_index)
            name = line.name if line is not None else (result.sku or code)
            ordered = line.quantity if line is not None else 0
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("One too many: {0}").format(name),
                    self.tr(
                        "Scanned {0}: the order has {1} and all are packed. Take it out of the "
                        "box. Still expected: {2}"
                    ).format(code, ordered, expected),
                )
            )
            self.sound_requested.emit(Sound.OVER_SCAN)
        elif outcome is ScanOutcome.NOT_PACKABLE:
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Scan an order first"),
                    self.tr("Scanned: {0} — no order is being packed.").format(code),
                )
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)
        else:
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Unknown code: {0}").format(code),
                    self.tr("It is not an item of this order. Expected: {0}").format(expected),
                )
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)

    async def _tracking_code(self, code: str) -> None:
        session = self._current()
        if session is None:
            return
        if code not in self._tracking_codes:
            self._tracking_codes.append(code)
        self.sound_requested.emit(Sound.ACCEPTED)
        await self._finish()

    # ------------------------------------------------------------------ finishing

    async def _finish(self) -> None:
        service = self._service()
        session = self._current()
        if session is None:
            if self._in_flight:
                await self._resume(None)
                return
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("No order on the bench"),
                    self.tr("Scan an order barcode first."),
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        if session.status is CycleStatus.DONE:
            order_id = session.order_id
            self._show(
                lambda: Banner(
                    Tone.SUCCESS,
                    self.tr("Order {0} is done").format(order_id),
                    self.tr("Scan the next order."),
                )
            )
            return
        own_label = service.policy.own_label or session.own_label
        parcels = len(session.parcels) or 1
        if (
            own_label
            and session.status is CycleStatus.PACKING
            and session.ready_to_finish
            and len(self._tracking_codes) < parcels
        ):
            number = len(self._tracking_codes) + 1
            self._show(
                lambda: Banner(
                    Tone.READY,
                    self.tr("Scan the carrier label of parcel {0} of {1}").format(number, parcels),
                    self.tr("Its tracking barcode registers the parcel at Seven Senders."),
                )
            )
            return
        codes = list(self._tracking_codes) if own_label else None
        self._finishing = True
        self._show(
            lambda: Banner(
                Tone.WORKING,
                self.tr("Buying label 1 of {0}…").format(parcels),
                self.tr("Order {0}").format(session.order_id),
            )
        )
        try:
            result = await service.finish(codes)
        except CycleInterrupted as exc:
            message = exc.message
            order_id = session.order_id
            self._show(
                lambda: Banner(
                    Tone.ERROR,
                    self.tr("No label yet for order {0}").format(order_id),
                    message + " " + self.tr("Nothing is lost: F2 tries again."),
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        finally:
            self._finishing = False
            self._refresh_session()
            self._emit_parcels()
        if isinstance(result, FinishRefused):
            self._refused(result)
            return
        self._tracking_codes = []
        await self._finished(result)

    def _refused(self, result: FinishRefused) -> None:
        if result.tracking_code:
            code = result.tracking_code
            with contextlib.suppress(ValueError):
                self._tracking_codes.remove(code)
            message = result.message
            self._show(
                lambda: Banner(
                    Tone.ERROR,
                    self.tr("Tracking code {0} cannot be used").format(code),
                    message,
                )
            )
        elif result.remaining:
            missing = sum(left for _, left in result.remaining)
            names = self._expected_text()
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Items missing: {0}").format(missing),
                    self.tr("Still expected: {0}. Scan them, or skip the check with F8.").format(
                        names
                    ),
                )
            )
        else:
            message = result.message
            self._show(
                lambda: Banner(Tone.WARNING, self.tr("The label cannot be made yet"), message)
            )
        self.sound_requested.emit(Sound.ATTENTION)

    async def _finished(self, report: CycleReport) -> None:
        self._last_order_id = report.order_id
        order_id = report.order_id
        labels = len(report.parcels)
        codes = ", ".join(p.tracking_code or "?" for p in report.parcels)
        if report.warnings:
            warnings = list(report.warnings)
            self._notice(lambda: " ".join(warnings))
        if report.printed:
            self._show(
                lambda: Banner(
                    Tone.SUCCESS,
                    self.tr("Done — next order"),
                    self.tr("Order {0}: labels printed: {1} ({2}).").format(
                        order_id, labels, codes
                    ),
                )
            )
            self.sound_requested.emit(Sound.COMPLETE)
        else:
            await self._printer_problem(order_id)
        self.runner.start(self._refresh_station(), name="station figures")

    async def _printer_problem(self, order_id: str) -> None:
        service = self._service()
        why = texts.faults_text(())
        try:
            status = await asyncio.wait_for(service.printer.status(), timeout=5)
        except (PrinterError, OSError, TimeoutError) as exc:
            log.info("printer status unavailable: %s", exc)
        else:
            if status.faults:
                why = texts.faults_text(status.faults)
            self._station.set_printer(status)
            self._emit_station()
        self._show(
            lambda: Banner(
                Tone.ERROR,
                self.tr("The label did not print: {0}").format(why),
                self.tr(
                    "Order {0}: the label is bought and kept. Fix the printer: the label prints "
                    "as soon as it is ready (F5 prints now)."
                ).format(order_id),
            )
        )
        self.sound_requested.emit(Sound.ATTENTION)

    async def _print_waiting(self) -> None:
        backend = self._require_backend()
        queue = backend.print_queue
        held = await queue.pending() if queue is not None else []
        if not held:
            self._show(
                lambda: Banner(
                    Tone.READY,
                    self.tr("No label is waiting to be printed"),
                    self.tr("To print a label again, press F6 (reprint)."),
                )
            )
            return
        assert queue is not None
        self._show(lambda: Banner(Tone.WORKING, self.tr("Printing the waiting labels…"), ""))
        results = await queue.retry_held(force=True)
        await asyncio.sleep(0)  # let the service mark the labels printed
        still = [r for r in results if r.job.state is not PrintJobState.PRINTED]
        if still or not results:
            session = self._current()
            await self._printer_problem(session.order_id if session else "")
        else:
            count = len(results)
            self._show(
                lambda: Banner(
                    Tone.SUCCESS,
                    self.tr("Done — next order"),
                    self.tr("Waiting labels printed: {0}.").format(count),
                )
            )
            self.sound_requested.emit(Sound.COMPLETE)
        await self._refresh_station()

    # ------------------------------------------------------------------ parcels, skip, cancel

    async def _next_parcel(self) -> None:
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            self._not_packing()
            return
        await self._set_parcels(len(session.parcels) + 1, None)

    async def _set_parcels(self, count: int, weights_g: list[int] | None) -> None:
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            self._not_packing()
            return
        try:
            parcels = await self._service().set_parcels(count, weights_g)
        except ValueError as exc:
            message = str(exc)
            self._show(lambda: Banner(Tone.WARNING, self.tr("The parcels cannot be set"), message))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self._emit_parcels()
        weights = ", ".join(texts.weight_text(p.weight_g) for p in parcels)
        self.sound_requested.emit(Sound.ACCEPTED)
        self._show(
            lambda: Banner(
                Tone.READY,
                self._items_headline(),
                self.tr("Parcels: {0} ({1})").format(len(parcels), weights),
            )
        )

    async def _skip(self, reason: str) -> None:
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            self._not_packing()
            return
        try:
            await self._service().skip_verification(reason)
        except ValueError:
            if self._service().policy.verification is VerificationPolicy.REQUIRED:
                text = self.tr("This station requires every item to be scanned.")
            else:
                text = self.tr("A reason is needed to skip the item check.")
            self._show(lambda: Banner(Tone.WARNING, self.tr("The item check stays on"), text))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self._refresh_session()
        self._emit_lines()
        if self._auto_finish():
            await self._finish()
        else:
            self._show(
                lambda: Banner(
                    Tone.SUCCESS,
                    self.tr("Item check skipped"),
                    self.tr("Press F2 or scan FINISH to print the label."),
                )
            )

    async def _cancel(self, reason: str) -> None:
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            self._not_packing()
            return
        order_id = session.order_id
        try:
            await self._service().cancel(reason)
        except ValueError as exc:
            message = str(exc)
            self._show(
                lambda: Banner(
                    Tone.WARNING, self.tr("Order {0} stays on the bench").format(order_id), message
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self._clear_order()
        self._show(
            lambda: Banner(
                Tone.READY,
                self.tr("Order {0} taken off the bench").format(order_id),
                self.tr("Nothing was bought. Scan the next order."),
            )
        )

    def _not_packing(self) -> None:
        self._show(
            lambda: Banner(
                Tone.WARNING,
                self.tr("No order is being packed"),
                self.tr("Scan an order barcode first."),
            )
        )
        self.sound_requested.emit(Sound.ATTENTION)

    # ------------------------------------------------------------------ reprint, void

    async def _reprint(self, query: str, reason: str) -> None:
        target = query.strip() or self.default_reprint_target()
        if not target:
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Nothing to reprint"),
                    self.tr("Scan or type the order or tracking code to reprint."),
                )
            )
            return
        report = await self._service().reprint(target, reason=reason)
        if not report.items:
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("No label of {0} to reprint").format(target),
                    self.tr("Only labels bought at this station can be printed again."),
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
        elif report.printed:
            count = len(report.items)
            self._show(
                lambda: Banner(
                    Tone.SUCCESS,
                    self.tr("Printed again: {0}").format(target),
                    self.tr("Labels: {0} (the same labels, none bought).").format(count),
                )
            )
            self.sound_requested.emit(Sound.COMPLETE)
        else:
            await self._printer_problem(target)
        await self._refresh_station()

    async def _void(self, tracking_code: str, reason: str, replace_label: bool) -> None:
        code = tracking_code.strip()
        try:
            report = await self._service().void(code, reason, replace_label=replace_label)
        except (ValueError, LookupError) as exc:
            message = str(exc)
            self._show(
                lambda: Banner(Tone.WARNING, self.tr("Label {0} not voided").format(code), message)
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self._refresh_session()
        self._emit_parcels()
        if report.replacement is not None:
            new = report.replacement.tracking_code or "?"
            printed = report.replacement.printed
            self._show(
                lambda: Banner(
                    Tone.SUCCESS if printed else Tone.WARNING,
                    self.tr("Label {0} voided").format(code),
                    self.tr("New label {0} printed.").format(new)
                    if printed
                    else self.tr("New label {0} bought, but it did not print (F5).").format(new),
                )
            )
            self.sound_requested.emit(Sound.COMPLETE if printed else Sound.ATTENTION)
        else:
            already = report.already_voided
            self._show(
                lambda: Banner(
                    Tone.SUCCESS,
                    self.tr("Label {0} voided").format(code),
                    self.tr("It was already void.")
                    if already
                    else self.tr("Seven Senders cancelled it; the reason is recorded."),
                )
            )
            self.sound_requested.emit(Sound.ACCEPTED)

    # ------------------------------------------------------------------ resume after restart

    async def _check_in_flight(self) -> None:
        backend = self._backend
        if backend is None:
            return
        items = await backend.service.in_flight()
        self._in_flight = items
        if not items:
            return
        views = [self._in_flight_view(i) for i in items]
        orders = ", ".join(v.order_id for v in views)
        count = len(views)
        self._show(
            lambda: Banner(
                Tone.WARNING,
                self.tr("Unfinished from before: {0}").format(orders),
                self.tr(
                    "Orders left in flight: {0}. F2 finishes them; or abandon one with a reason."
                ).format(count),
            )
        )
        self.sound_requested.emit(Sound.ATTENTION)
        self.resume_offered.emit(views)
        self._emit_actions()

    def _in_flight_view(self, item: InFlight) -> InFlightView:
        left = {
            "items still to be scanned": self.tr("items still to be scanned"),
            "items checked, labels not bought yet": self.tr("items checked, no label bought yet"),
            "labels bought and stored, not all printed": self.tr("labels bought, not all printed"),
            "labels to buy, store and print": self.tr("labels to buy and print"),
            "follow-ups to queue": self.tr("Seven Senders updates to send"),
        }.get(item.what_is_left, item.what_is_left)
        return InFlightView(
            cycle_id=item.cycle.cycle_id,
            order_id=item.cycle.order_id,
            what=left,
            waiting_for_packer=item.waiting_for_packer,
            has_labels=any(a.live or a.status is AttemptStatus.INTENT for a in item.labels),
        )

    async def _resume(self, cycle_id: str | None) -> None:
        service = self._service()
        self._show(lambda: Banner(Tone.WORKING, self.tr("Finishing what was left…"), ""))
        results = await service.resume(cycle_id)
        done = [r for r in results if r.report is not None and r.report.printed]
        waiting = [r for r in results if r.waiting_for_packer]
        problems = [r for r in results if r.report is None and not r.waiting_for_packer]
        unprinted = [r for r in results if r.report is not None and not r.report.printed]
        self._in_flight = await service.in_flight()
        if problems:
            first = problems[0]
            self._show(
                lambda: Banner(
                    Tone.ERROR,
                    self.tr("Order {0} could not be finished yet").format(first.order_id),
                    first.problem,
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
        elif unprinted:
            await self._printer_problem(unprinted[0].order_id)
        elif waiting:
            orders = ", ".join(r.order_id for r in waiting)
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Scan again to continue: {0}").format(orders),
                    self.tr("Their items were not all checked; scan the order to go on."),
                )
            )
        else:
            orders = ", ".join(r.order_id for r in done)
            self._show(
                lambda: Banner(
                    Tone.SUCCESS,
                    self.tr("Finished: {0}").format(orders or "—"),
                    self.tr("Scan the next order."),
                )
            )
            if done:
                self.sound_requested.emit(Sound.COMPLETE)
                self._last_order_id = done[-1].order_id
        await self._refresh_station()

    async def _abandon(self, cycle_id: str, reason: str) -> None:
        service = self._service()
        order_id = next(
            (i.cycle.order_id for i in self._in_flight if i.cycle.cycle_id == cycle_id), ""
        )
        try:
            await service.abandon(cycle_id, reason)
        except (ValueError, LookupError):
            self._show(
                lambda: Banner(
                    Tone.WARNING,
                    self.tr("Order {0} cannot be abandoned").format(order_id),
                    self.tr("It has labels: finish it (F2), or void its labels first."),
                )
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self._in_flight = await service.in_flight()
        session = self._current()
        if session is not None and session.cycle_id == cycle_id:
            self._clear_order()
        self._show(
            lambda: Banner(
                Tone.READY,
                self.tr("Order {0} abandoned").format(order_id),
                self.tr("The reason is recorded. Scan the next order."),
            )
        )

    # ------------------------------------------------------------------ command sheet

    async def _command_sheet(self) -> None:
        backend = self._require_backend()
        if backend.write_command_sheet is None:
            return
        path = await backend.write_command_sheet(
            self.tr("packstation command sheet"),
            self.command_sheet_entries(),
            self.tr("Scan a barcode instead of pressing the key. Station: {0}").format(
                backend.station_name
            ),
        )
        if backend.open_document is not None:
            backend.open_document(path)
        shown = str(path)
        self._show(
            lambda: Banner(
                Tone.READY,
                self.tr("Command sheet ready"),
                self.tr("Saved as {0}; print it and keep it at the bench.").format(shown),
            )
        )

    # ------------------------------------------------------------------ service events

    def _on_event(self, event: PackingEvent) -> None:
        if isinstance(event, StepReached):
            self._on_step(event)
        elif isinstance(event, LabelPrinted):
            self._on_label_printed(event)
        elif isinstance(event, Notice):
            message = event.message
            self._notice(lambda: message)
            if event.level is NoticeLevel.ERROR:
                self._station.connected = None
        elif isinstance(event, ItemScanned):
            pass  # the scan's own reply updates the lines

    def _on_step(self, event: StepReached) -> None:
        session = self._current()
        if session is None or session.cycle_id != event.cycle_id:
            return
        if event.step == "loaded":
            self._emit_order()
            return
        number, count = event.parcel or 1, event.parcels or 1
        if event.step == LABEL_INTENT:
            self._show(
                lambda: Banner(
                    Tone.WORKING,
                    self.tr("Buying label {0} of {1}…").format(number, count),
                    self.tr("Order {0}").format(event.order_id),
                )
            )
        elif event.step == LABEL_BOUGHT:
            self._show(
                lambda: Banner(
                    Tone.WORKING,
                    self.tr("Downloading label {0} of {1}…").format(number, count),
                    self.tr("Order {0}").format(event.order_id),
                )
            )
        elif event.step == LABEL_STORED:
            self._show(
                lambda: Banner(
                    Tone.WORKING,
                    self.tr("Printing label {0} of {1}…").format(number, count),
                    self.tr("Order {0}").format(event.order_id),
                )
            )
        self._emit_parcels()

    def _on_label_printed(self, event: LabelPrinted) -> None:
        self._emit_parcels()
        session = self._current()
        attempt = None
        if session is not None and session.order_id == event.order_id:
            attempt = session.latest_attempt(event.parcel)
        if attempt is not None and self._backend is not None and self._backend.load_label:
            self.runner.start(self._load_preview(attempt), name="label preview")
        self.runner.start(self._refresh_printer(), name="printer status")
        if event.printed and not self._finishing and not event.reprint and not self._busy:
            # a held label printed by the print queue once the printer was ready again
            order_id = event.order_id
            self._show(
                lambda: Banner(
                    Tone.SUCCESS,
                    self.tr("Done — next order"),
                    self.tr("The waiting label of order {0} printed.").format(order_id),
                )
            )
            self.sound_requested.emit(Sound.COMPLETE)
            self.runner.start(self._refresh_station(), name="station figures")

    # ------------------------------------------------------------------ label preview, images

    async def _load_preview(self, attempt: LabelAttempt) -> None:
        backend = self._backend
        if backend is None or backend.load_label is None:
            return
        try:
            document = await backend.load_label(attempt)
        except (LabelFileMissing, OSError, ValueError) as exc:
            log.info("no preview of %s: %s", attempt.tracking_code, exc)
            return
        title = self.tr("Label {0} of {1} · {2}").format(
            attempt.parcel_no, attempt.parcel_count, attempt.tracking_code or ""
        )
        kind = detect_kind(document.content)
        if kind is DocumentKind.PDF and backend.render_pdf is not None:
            loop = asyncio.get_running_loop()
            render = backend.render_pdf
            try:
                page = await loop.run_in_executor(None, render, document.content, 560, 840)
            except (ValueError, OSError) as exc:
                log.info("label preview not rendered: %s", exc)
                return
            image = QImage(
                page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBA8888
            ).copy()
            self._set_preview(PreviewView(title=title, image=image))
            return
        text = document.content.decode("utf-8", errors="replace")
        source = _GF_DATA.sub(lambda m: f"{m.group(1)}…({len(m.group(2))} bytes)…", text)
        profile = self._service().printer.profile
        report = check_zpl(document.content, profile, attempt.label_format)
        checks: list[tuple[bool, str]] = []
        if report.print_width and report.label_length:
            dpi = 300 if attempt.label_format is LabelFormat.ZPL300 else 203
            checks.append(
                (
                    True,
                    self.tr("ZPL, {0} dpi: {1} × {2} mm, labels in the file: {3}").format(
                        dpi,
                        round(report.print_width / dpi * 25.4),
                        round(report.label_length / dpi * 25.4),
                        report.labels,
                    ),
                )
            )
        else:
            checks.append((True, self.tr("ZPL labels in the file: {0}").format(report.labels)))
        for problem in report.problems:
            checks.append((not problem.refuse, texts.zpl_issue_text(problem.issue)))
        if not report.problems:
            checks.append((True, self.tr("Fits the printer's labels and resolution.")))
        self._set_preview(PreviewView(title=title, source=source, checks=tuple(checks)))

    def _set_preview(self, preview: PreviewView | None) -> None:
        self._preview = preview
        self.preview_changed.emit(preview)

    async def _load_images(self, session: OrderSession) -> None:
        backend = self._backend
        if backend is None or backend.fetch_image is None:
            return
        fetch = backend.fetch_image
        urls = {line.sku: line.image_url for line in session.order.lines if line.image_url}
        if session.extras_task is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(session.extras_task)
        for sku, product in list(session.products.items()):
            if product.image_url and sku not in urls:
                urls[sku] = product.image_url
        loop = asyncio.get_running_loop()

        async def one(sku: str, url: str) -> None:
            data = await fetch(url)
            if not data:
                return
            image = await loop.run_in_executor(None, _thumbnail, data)
            if image is None or self._session is not session:
                return
            self._images[sku] = image
            self.image_ready.emit(sku, image)

        await asyncio.gather(*(one(sku, url) for sku, url in urls.items() if url))

    def image_for(self, sku: str) -> QImage | None:
        return self._images.get(sku)

    # ------------------------------------------------------------------ station bar

    def _on_station_timer(self) -> None:
        if self._backend is not None and not self._refreshing_station:
            self.runner.start(self._refresh_station(), name="station figures")

    def _on_connection_timer(self) -> None:
        if self._backend is not None and not self._refreshing_connection:
            self.runner.start(self._refresh_connection(), name="connection check")

    async def _refresh_station(self) -> None:
        backend = self._backend
        if backend is None or self._refreshing_station:
            return
        self._refreshing_station = True
        try:
            counts = await backend.service.outbox_counts()
            self._station.outbox_pending, self._station.outbox_failed = (
                counts.pending,
                counts.failed,
            )
            if backend.print_queue is not None:
                held = await backend.print_queue.pending()
                self._station.held = len(held)
            if backend.packed_since is not None:
                now = self._clock()
                self._station.packed = await backend.packed_since(self._shift_start)
                self._station.last_hour = await backend.packed_since(now - timedelta(hours=1))
                self._station.shift_hours = (now - self._shift_start).total_seconds() / 3600
            await self._refresh_printer()
        except Exception as exc:  # noqa: BLE001 - figures are informative; the bench goes on
            log.info("station figures not refreshed: %s", exc)
        finally:
            self._refreshing_station = False
        self._emit_station()
        self._emit_actions()

    async def _refresh_printer(self) -> None:
        backend = self._backend
        if backend is None:
            return
        try:
            status = await asyncio.wait_for(backend.service.printer.status(), timeout=5)
        except (PrinterError, OSError, TimeoutError) as exc:
            log.info("printer status unavailable: %s", exc)
            self._station.printer_ok = False
            self._station.printer_faults = None
            self._emit_station()
            return
        was_ok = self._station.printer_ok
        self._station.set_printer(status)
        self._emit_station()
        if (
            status.ready
            and was_ok is False
            and backend.print_queue is not None
            and self._station.held
        ):
            backend.print_queue.wake()  # the printer is back: held labels go out now

    async def _refresh_connection(self) -> None:
        backend = self._backend
        if backend is None or backend.check_connection is None or self._refreshing_connection:
            return
        self._refreshing_connection = True
        try:
            await backend.check_connection()
        except ShippingApiError as exc:
            self._station.connected = False
            self._station.connection_detail = str(exc)
        except OSError as exc:
            log.info("connection check failed: %s", exc)
            self._station.connected = False
            self._station.connection_detail = str(exc)
        else:
            self._station.connected = True
            self._station.connection_detail = ""
        finally:
            self._refreshing_connection = False
        self._emit_station()

    # ------------------------------------------------------------------ emitting

    def _show(self, source: Callable[[], Banner]) -> None:
        self._banner_source = source
        self.banner_changed.emit(source())

    def _notice(self, source: Callable[[], str]) -> None:
        self._notice_source = source
        self.notice_changed.emit(source())

    def _idle_notice(self) -> str:
        return ""

    def _fail(self, headline: str, detail: str) -> None:
        self._show(lambda: Banner(Tone.ERROR, headline, detail))
        self.sound_requested.emit(Sound.ATTENTION)

    def _starting_banner(self) -> Banner:
        return Banner(Tone.WORKING, self.tr("Starting the station…"), "")

    def _ready_banner(self) -> Banner:
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            return Banner(
                Tone.READY,
                self.tr("Scan an order"),
                self.tr("Scan the order barcode on the pick list."),
            )
        order = session.order
        who = f"{order.recipient.first_name} {order.recipient.last_name}".strip()
        return Banner(
            Tone.READY,
            self._items_headline(),
            self.tr("Order {0} for {1}, {2}").format(order.order_id, who, order.recipient.city),
        )

    def _items_headline(self) -> str:
        session = self._current()
        if session is None:
            return self.tr("Scan an order")
        progress = session.progress
        return self.tr("Scan the items: {0} of {1}").format(
            progress.units_scanned, progress.units_total
        )

    def _expected_text(self) -> str:
        session = self._current()
        if session is None:
            return "—"
        parts = [
            self.tr("{0} ({1}) ×{2}").format(line.name, line.ean or line.sku, left)
            for line, left in session.progress.remaining
        ]
        return "; ".join(parts) if parts else self.tr("nothing more")

    def _take_session(self, session: OrderSession) -> None:
        changed = self._session is not session
        self._session = session
        self._order = session.order
        if changed:
            self._highlight = -1
            self._tracking_codes = []
            self._images = {}
            self._set_preview(None)
            if self._backend is not None and self._backend.fetch_image is not None:
                self.runner.start(self._load_images(session), name="product images")
        self._emit_order()
        self._emit_lines()
        self._emit_parcels()

    def _refresh_session(self) -> None:
        current = self._backend.service.current if self._backend else None
        if current is not None and current is not self._session:
            self._take_session(current)

    def _clear_order(self) -> None:
        self._session = None
        self._order = None
        self._highlight = -1
        self._tracking_codes = []
        self.order_changed.emit(None)
        self.lines_changed.emit([], -1)
        self.parcels_changed.emit([])

    def _current(self) -> OrderSession | None:
        if self._backend is None:
            return None
        current = self._backend.service.current
        if current is not None and current is self._session:
            return current
        if (
            current is not None
            and self._session is not None
            and current.cycle_id == self._session.cycle_id
        ):
            self._session = current
            return current
        return self._session if current is None else current

    def _line(self, index: int | None) -> Any:
        session = self._current()
        if session is None or index is None or not 0 <= index < len(session.order.lines):
            return None
        return session.order.lines[index]

    def _emit_order(self) -> None:
        session = self._current()
        if session is None or self._order is None:
            self.order_changed.emit(None)
            return
        order = session.order
        service = self._service()
        carrier = service.carrier_for(order)
        age = self._clock() - order.order_date
        warn = self._backend.order_age_warning if self._backend else timedelta(hours=24)
        point = session.collection_point
        pudo = ""
        if point is not None:
            pudo = " ".join(p for p in (point.pudo_id, point.name1 or "", point.city or "") if p)
        elif order.pudo_id:
            pudo = order.pudo_id
        self.order_changed.emit(
            OrderHeaderView(
                order_id=order.order_id,
                age=texts.age_text(age),
                late=age > warn,
                recipient=" ".join(
                    p
                    for p in (
                        order.recipient.first_name,
                        order.recipient.last_name,
                        f"({order.recipient.company_name})" if order.recipient.company_name else "",
                    )
                    if p
                ),
                city=f"{order.recipient.zip} {order.recipient.city}".strip(),
                country_code=order.recipient.country,
                country_name=texts.country_name(order.recipient.country),
                carrier=carrier.name.upper() if carrier else self.tr("none set"),
                service=order.carrier_service.value,
                pudo=pudo,
                customs=session.customs_needed,
                state=session.seven_senders_state or "",
            )
        )

    def _emit_lines(self) -> None:
        session = self._current()
        if session is None:
            self.lines_changed.emit([], -1)
            return
        words = {"open": self.tr("open"), "partial": self.tr("partly"), "done": self.tr("complete")}
        skipped = session.skip_reason is not None
        rows = []
        for index, line in enumerate(session.order.lines):
            state = session.progress.line_state(index)
            word = words[state]
            if skipped and state == "done":
                word = self.tr("not scanned (skipped)")
            rows.append(
                LineView(
                    index=index,
                    sku=line.sku,
                    ean=line.ean or "",
                    name=line.name,
                    ordered=line.quantity,
                    scanned=session.progress.scanned[index],
                    state=state,
                    state_text=word,
                )
            )
        self.lines_changed.emit(rows, self._highlight)

    def _emit_parcels(self) -> None:
        session = self._current()
        if session is None:
            self.parcels_changed.emit([])
            return
        rows = []
        count = len(session.parcels)
        for parcel in session.parcels:
            attempt = session.latest_attempt(parcel.number)
            status = self.tr("no label yet")
            code = ""
            if attempt is not None:
                code = attempt.tracking_code or ""
                status = {
                    AttemptStatus.INTENT: self.tr("buying…"),
                    AttemptStatus.BOUGHT: self.tr("bought"),
                    AttemptStatus.STORED: self.tr("waiting for the printer")
                    if attempt.print_outcome
                    else self.tr("printing…"),
                    AttemptStatus.PRINTED: self.tr("printed"),
                    AttemptStatus.VOIDED: self.tr("voided"),
                    AttemptStatus.ABANDONED: self.tr("given up"),
                }.get(attempt.status, attempt.status.value)
            rows.append(
                ParcelView(
                    number=parcel.number,
                    count=count,
                    weight=texts.weight_text(parcel.weight_g),
                    tracking_code=code,
                    status=status,
                )
            )
        self.parcels_changed.emit(rows)

    def _emit_station(self) -> None:
        s = self._station
        self.station_changed.emit(s.view(self))

    def _emit_actions(self) -> None:
        session = self._current()
        packing = session is not None and session.status is CycleStatus.PACKING
        policy = self._backend.service.policy if self._backend else None
        live = session is not None and any(a.live for a in session.attempts)
        self.actions_changed.emit(
            ActionState(
                finish=(session is not None and session.status is not CycleStatus.DONE)
                or bool(self._in_flight),
                print_waiting=self._station.held > 0,
                parcels=packing,
                reprint=bool(self.default_reprint_target()),
                void=live,
                skip=packing
                and policy is not None
                and policy.verification is not VerificationPolicy.REQUIRED
                and session is not None
                and not session.ready_to_finish,
                cancel=packing and not live,
            )
        )

    # ------------------------------------------------------------------ helpers

    def _auto_finish(self) -> bool:
        return self._backend is not None and self._backend.auto_finish

    def _service(self) -> PackingService:
        return self._require_backend().service

    def _require_backend(self) -> PackBackend:
        if self._backend is None:
            raise RuntimeError("the station is not running")
        return self._backend


@dataclass
class _StationState:
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

    def set_printer(self, status: Any) -> None:
        self.printer_ok = bool(status.ready)
        self.printer_faults = tuple(status.faults)
        self.printer_known = bool(status.known)

    def view(self, vm: PackViewModel) -> StationView:
        if self.connected is None:
            connection = QCoreApplication.translate("PackViewModel", "checking…")
        elif self.connected:
            connection = QCoreApplication.translate("PackViewModel", "connected")
        else:
            connection = QCoreApplication.translate("PackViewModel", "offline")
        if self.printer_ok is None:
            printer_status = QCoreApplication.translate("PackViewModel", "checking…")
        elif self.printer_ok:
            printer_status = (
                QCoreApplication.translate("PackViewModel", "ready")
                if self.printer_known
                else QCoreApplication.translate("PackViewModel", "ready (no status)")
            )
        else:
            printer_status = texts.faults_text(self.printer_faults or ())
        outbox = QCoreApplication.translate("PackViewModel", "{0} waiting").format(
            self.outbox_pending
        )
        if self.outbox_failed:
            outbox += " · " + QCoreApplication.translate("PackViewModel", "{0} failed").format(
                self.outbox_failed
            )
        shift = QCoreApplication.translate(
            "PackViewModel", "{0} this shift · {1} in the last hour"
        ).format(self.packed, self.last_hour)
        return StationView(
            environment=texts.environment_text(self.environment),
            connection=connection,
            connected=self.connected,
            printer=_short_uri(self.printer),
            printer_status=printer_status,
            printer_ok=self.printer_ok,
            outbox=outbox,
            outbox_ok=self.outbox_failed == 0,
            held=self.held,
            packer=self.packer or QCoreApplication.translate("PackViewModel", "(no name)"),
            station=self.station,
            shift=shift,
        )


def _short_uri(uri: str) -> str:
    if uri.startswith("file://"):
        return "…/" + "/".join(uri.rstrip("/").split("/")[-2:])
    return uri if len(uri) <= 40 else uri[:37] + "…"


def _thumbnail(data: bytes) -> QImage | None:
    """Decode and shrink a product picture (runs in a worker thread; QImage is reentrant)."""
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return image.scaled(
        96,
        96,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
