"""The packing screen's view-model: what the bench shows and says, driven by the packing service.

``PackViewModel`` is the one object the window talks to. It turns every packer intent — a
scan, a command barcode, an F-key — into a call of ``PackingService`` and words the outcome.
It adds no packing rules: the service decides; the view-model picks the outcome's entry in
the wording table and says what to do next. Its parts, one concern each:

- ``pack_screen.BenchScreen``: the display state and its signals (its base);
- ``pack_printing.PrintingScreen``: how finishing ended, printer faults, held labels, labels
  that may have printed, cycles left in flight after a restart (its base, on ``BenchScreen``);
- ``intent_queue.IntentQueue``: intents one after the other, none lost while busy;
- ``pack_approvals.ApprovalGate``: the intent that waits for a supervisor's badge or PIN;
- ``pack_commands``: the bench commands' keys and dialogs, the command sheet's entries;
- ``pack_wording``: outcome → words, tone and sound (one English source, one translation);
- ``pack_display``: the order on the bench as header, item and parcel rows;
- ``pack_station_bar.StationBar``: the station bar and its timers;
- ``pack_preview``: the last label's preview and the product thumbnails;
- ``pack_views``: the view objects it emits.

A scan's reply is handled in one place (``_scan`` and the handlers right below it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject

from packstation.domain.approval import ApprovalNeeded
from packstation.domain.barcodes import CodeKind, Scan, display_code
from packstation.domain.bench import AfterScan
from packstation.domain.commands import BenchCommand
from packstation.domain.cycle import (
    CycleInterrupted,
    CycleStatus,
    CycleStep,
    LabelStep,
    VerificationPolicy,
)
from packstation.domain.errors import ShippingApiError
from packstation.domain.packing import ScanOutcome, ScanResult
from packstation.services.packing import (
    BoxOpened,
    CommandRead,
    Counted,
    FinishOutcome,
    Interrupted,
    ItemScanned,
    LabelPrinted,
    Notice,
    NoticeLevel,
    Opened,
    OpenOutcome,
    OpenResult,
    OrderSession,
    PackingEvent,
    Refused,
    RefusedScan,
    SignedIn,
    StepReached,
    TrackingCodeRead,
)
from packstation.ui import texts
from packstation.ui.box_moves import BoxMove, carry_out
from packstation.ui.intent_queue import Intent, IntentQueue, Queued
from packstation.ui.pack_approvals import ApprovalGate
from packstation.ui.pack_commands import (
    DIALOGS,
    SHEET_DOCUMENT_PRINTER_REFUSED,
    SHEET_FOOTER,
    SHEET_HEADING,
    SHEET_SAYS,
    sheet_entries,
)
from packstation.ui.pack_display import expected_text
from packstation.ui.pack_preview import thumbnail
from packstation.ui.pack_printing import PrintingScreen
from packstation.ui.pack_screen import utcnow
from packstation.ui.pack_views import (
    ActionState,
    Banner,
    BenchDialog,
    InFlightView,
    LineView,
    OrderHeaderView,
    PackBackend,
    ParcelView,
    PreviewView,
    RenderedImage,
    SheetDelivery,
    StationView,
)
from packstation.ui.pack_wording import (
    NOTICE_STARTING,
    NOTICE_WAITING,
    SIGNED_IN_NOTICE,
    Say,
    banner,
    translated,
)
from packstation.ui.service_notes import note_text, noted
from packstation.ui.service_words import (
    claimed_elsewhere_text,
    described,
    packed_elsewhere_text,
    source_problem_text,
)
from packstation.ui.slip_reprint import reprint_slip
from packstation.ui.sounds import Sound
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone

__all__ = [
    "ActionState",
    "Banner",
    "BenchDialog",
    "InFlightView",
    "LineView",
    "OrderHeaderView",
    "PackBackend",
    "PackViewModel",
    "ParcelView",
    "PreviewView",
    "RenderedImage",
    "StationView",
]

log = logging.getLogger(__name__)

# a label step reached while finishing → the working banner that says so
_STEPS = {
    LabelStep.INTENT: Say.BUYING,
    LabelStep.BOUGHT: Say.DOWNLOADING,
    LabelStep.STORED: Say.PRINTING,
}


class PackViewModel(PrintingScreen):
    """State and intents of the packing screen (its signals: see ``BenchScreen``)."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        clock: Callable[[], datetime] = utcnow,
        station_poll_s: float = 10.0,
        connection_poll_s: float = 60.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            runner,
            clock=clock,
            station_poll_s=station_poll_s,
            connection_poll_s=connection_poll_s,
            parent=parent,
        )
        self._unsubscribe: Callable[[], None] | None = None
        self._queue_notice: Callable[[], str] | None = None  # the queue's own notice line
        self._intents = IntentQueue(
            runner,
            can_run=lambda: self._backend is not None,
            on_failure=self._intent_failed,
            after_each=self._after_intent,
            on_busy=self._set_busy,
        )
        self._ready_event = asyncio.Event()
        self._ready = False
        #: the intent a supervisor must approve: it runs again with their badge or PIN
        self._approvals = ApprovalGate(self.approval_requested.emit, self._say)

    # ------------------------------------------------------------------ attaching

    def attach(self, backend: PackBackend) -> None:
        """Drive ``backend.service`` from now on (after start-up or a settings change)."""
        self.detach()
        self._backend = backend
        self._intents.accepting = True
        self._ready = False
        self._ready_event.clear()
        self._unsubscribe = backend.service.subscribe(self._on_event)
        self._station.start(backend)
        self._show(self._ready_banner)
        self.runner.start(self._after_attach(), name="station start")
        self._intents.resume()

    def detach(self) -> None:
        """Stop driving the service (before the station is closed or rebuilt)."""
        self._station.stop()
        if self._unsubscribe is not None:
            with contextlib.suppress(ValueError):
                self._unsubscribe()
        self._unsubscribe = None
        self._backend = None
        self._session = None
        self._images.stop_loading()

    def show_problem(self, headline: str, detail: str) -> None:
        """The station could not start (settings, key, printer): say so and what to do."""
        self._show(lambda: Banner(Tone.ERROR, headline, detail))
        self.sound_requested.emit(Sound.ATTENTION)

    def show_starting(self) -> None:
        self._say(Say.STARTING)

    def show_scan_first(self) -> None:
        """The window has just opened: ask for an order at once, while the station opens
        behind it (scans are kept and handled as soon as it is open)."""
        self._show(lambda: banner(Say.SCAN_AN_ORDER))

    async def _after_attach(self) -> None:
        try:
            await asyncio.gather(
                self._check_in_flight(), self._station.refresh(), self._station.refresh_connection()
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
        self._intents.accepting = False

    def report(self, tone: Tone, headline: str, detail: str) -> None:
        """Something outside the bench's intents (a scanner, the station) needs saying."""
        self._show(lambda: Banner(tone, headline, detail))
        if tone in (Tone.ERROR, Tone.WARNING):
            self.sound_requested.emit(Sound.ATTENTION)

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

    def move_units(self, move: BoxMove | None) -> None:
        """Move units between the boxes (Ctrl+M; None: nothing to move, the packer is told why)."""
        self._enqueue("move", lambda: self._move(move))

    def reprint_slip(self, order_id: str) -> None:
        """Print a finished order's packing slip again, from the journal (Ctrl+P, SLIP)."""
        self._enqueue("packing slip", lambda: self._reprint_slip(order_id))

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

    def print_uncertain(self, job_id: str) -> None:
        """The packer looked: the label that may have printed did not come out — print it."""
        self._enqueue("print uncertain", lambda: self._print_uncertain(job_id))

    def uncertain_printed(self, job_id: str) -> None:
        """The packer looked: the label that may have printed did come out — record it."""
        self._enqueue("uncertain printed", lambda: self._uncertain_printed(job_id))

    def make_command_sheet(self) -> None:
        self._enqueue("command sheet", self._command_sheet)

    def sign_in(self, name_or_badge: str) -> None:
        """A packer signs in with a typed name or a badge scanned into the sign-in dialog."""
        self._enqueue("sign in", lambda: self._sign_in(name_or_badge))

    def sign_out(self) -> None:
        self._enqueue("sign out", self._sign_out)

    def packer(self) -> str:
        """Who is signed in ("" nobody)."""
        return self._backend.service.packer if self._backend is not None else ""

    def approve(self, supervisor_code: str) -> None:
        """A supervisor's badge scan or PIN for the intent waiting for approval."""
        pending = self._approvals.take()
        if pending is not None:
            self._enqueue("approval", lambda: pending(supervisor_code))

    def approval_cancelled(self) -> None:
        """No supervisor approved (Esc): the waiting intent is dropped, nothing was done."""
        self._approvals.cancel()

    # ------------------------------------------------------------------ reading state

    def idle(self) -> bool:
        """Nothing queued and nothing being done (tests wait for this)."""
        return self._intents.idle()

    async def wait_idle(self) -> None:
        """Until the intent being handled is done (queued ones may remain if not accepting)."""
        await self._intents.wait_idle()

    def command_prefix(self) -> str:
        """What command barcodes start with (``PS-CMD:``)."""
        return self._backend.command_prefix if self._backend else "PS-CMD:"

    def command_sheet_entries(self) -> list[tuple[str, str, str]]:
        """(barcode, title, hint) of every command and the scanner test, translated."""
        return sheet_entries(self.command_prefix())

    # ------------------------------------------------------------------ the queue

    def _enqueue(self, name: str, intent: Intent) -> None:
        queued = self._intents.put(name, intent)
        if queued is Queued.HELD and name == "scan":
            self._notice(lambda: translated(NOTICE_STARTING))
            self._queue_notice = self._notice_source
        elif queued is Queued.WAITING:
            waiting = len(self._intents)
            self._notice(lambda: translated(NOTICE_WAITING).format(waiting))
            self._queue_notice = self._notice_source

    def _intent_failed(self, name: str, exc: Exception) -> None:
        if isinstance(exc, ShippingApiError):
            log.warning("%s: Seven Senders problem: %s", name, exc)
            self._say(Say.SERVICE_PROBLEM, detail=(described(exc),))
        else:
            log.exception("%s failed", name)
            self._say(Say.FAILED, detail=(described(exc),))

    def _after_intent(self, queue_empty: bool) -> None:
        if queue_empty and self._notice_source is self._queue_notice:
            self._notice(str)  # the queue's own line goes; a service's warning stays
        self._emit_actions()

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    # ------------------------------------------------------------------ scans

    async def _scan(self, code: str, supervisor_code: str | None = None) -> None:
        """One scan, whatever it was: the service's answer decides what is said.

        The service also finishes the order when the scan makes it due (the last item with
        auto-finish, the last carrier label, a cycle continued past packing); the answer
        then carries how that ended. An order barcode that takes over another bench's order
        may need a supervisor first.
        """
        try:
            answer = await self._service().scan(code, supervisor_code)
        except ApprovalNeeded as needed:
            self._approvals.ask(needed, lambda c: self._scan(code, c))
            return
        match answer:
            case CommandRead():
                await self._command(answer)
            case Opened(result=result, then=then, finished=finished):
                await self._opened(result, then)
                await self._after_finish(finished)
            case Counted(result=result, scan=scan, then=then, finished=finished):
                await self._item(result, scan, then)
                await self._after_finish(finished)
            case BoxOpened():
                self.sound_requested.emit(Sound.ACCEPTED)
                self._box_opened()
            case SignedIn(packer=name):
                self._signed_in(name)
            case TrackingCodeRead(then=then, finished=finished):
                self.sound_requested.emit(Sound.ACCEPTED)
                if then is AfterScan.SCAN_CARRIER_LABEL:
                    self._say_carrier_label()
                await self._after_finish(finished)
            case Refused(reason=RefusedScan.SUPERVISOR_BADGE):
                self._say(Say.SUPERVISOR_BADGE)
            case Refused(reason=RefusedScan.SIGN_IN_FIRST):
                self._say(Say.SIGN_IN_FIRST)
            case Refused(reason=RefusedScan.ALREADY_OPEN):
                self._show(self._ready_banner)  # the order on the bench, scanned again
            case Refused(scan=scan):
                self._say(Say.NOT_AN_ORDER, detail=(display_code(scan.value or code),))

    async def _sign_in(self, name_or_badge: str) -> None:
        try:
            name = await self._service().sign_in(name_or_badge)
        except ValueError:
            self._say(Say.SIGN_IN_REFUSED)
            return
        self._signed_in(name)

    def _signed_in(self, name: str) -> None:
        self._station.set_packer(name)
        if self._packing_now():
            # mid-order: the banner keeps the order's next step
            self._notice(lambda: translated(SIGNED_IN_NOTICE).format(name))
            self.sound_requested.emit(Sound.ACCEPTED)
        else:
            self._say(Say.SIGNED_IN, (name,))

    async def _sign_out(self) -> None:
        name = await self._service().sign_out()
        self._station.set_packer("")
        if name:
            self._say(Say.SIGNED_OUT, (name,))
        else:
            self._show(self._ready_banner)

    async def _command(self, reply: CommandRead) -> None:
        command = reply.command
        if command is None:
            shown = display_code(reply.scan.value or reply.scan.raw)
            self._say(Say.UNKNOWN_COMMAND, detail=(shown,))
        elif command is BenchCommand.FINISH:
            await self._finish()
        elif command is BenchCommand.PRINT:
            await self._print_waiting()
        elif command is BenchCommand.NEXT_PARCEL:
            await self._next_parcel()
        elif command is BenchCommand.SKIP and reply.argument:
            argument = reply.argument
            await self._skip(texts.SKIP_REASON_RECORD.get(argument, argument.lower()))
        else:
            self.dialog_requested.emit(DIALOGS[command])

    async def _opened(self, result: OpenResult, then: AfterScan) -> None:
        outcome = result.outcome
        order_id = result.order_id or ""
        if outcome in (OpenOutcome.OPENED, OpenOutcome.CONTINUED) and result.session is not None:
            session = result.session
            self._held_printed = None
            if self._station.printer_not_ready:
                # the bar said the printer is not ready: ask it now, so the banner that
                # accepts the order and the bar agree on what is true
                await self._station.refresh_printer()
            self._take_session(session)
            self.sound_requested.emit(Sound.ACCEPTED)
            # the order's own warnings, worded by kind (never the English); the last order's go
            self._notice(noted(session.warnings))
            if then is AfterScan.FINISH:
                pass  # finished by the service: see _after_finish
            elif then is AfterScan.SCAN_CARRIER_LABEL:
                self._say_carrier_label()
            elif outcome is OpenOutcome.CONTINUED:
                self._say(Say.ORDER_CONTINUED, self._progress(), (order_id,))
            else:
                self._show(self._ready_banner)
            return
        self._clear_order()
        if outcome is OpenOutcome.ALREADY_PACKED:
            self._last_order_id = order_id
            codes = ", ".join(a.tracking_code or "?" for a in result.labels)
            self._say(Say.ALREADY_PACKED, (order_id,), (codes or "—",))
        elif outcome is OpenOutcome.CLAIMED_ELSEWHERE and result.claim is not None:
            claim = result.claim
            held = (lambda: claimed_elsewhere_text(claim),)
            self._say(Say.CLAIMED_ELSEWHERE, (order_id, claim.bench_name), held)
        elif outcome is OpenOutcome.PACKED_ELSEWHERE:
            self._last_order_id = order_id
            held_by, bench, at = result.tracking_codes, result.bench, result.packed_at
            where = (lambda: packed_elsewhere_text(order_id, held_by, bench, at),)
            self._say(Say.PACKED_ELSEWHERE, (order_id,), where)
        elif outcome is OpenOutcome.NOT_PACKABLE:
            reason = result.reason
            self._say(Say.NOT_PACKABLE, (lambda: texts.not_packable_text(order_id, reason),))
        elif outcome is OpenOutcome.SOURCE_PROBLEM:
            problems, error = result.problems, result.error
            why = (lambda: source_problem_text(problems, error),)
            self._say(Say.SOURCE_PROBLEM, (order_id,), why)
        else:
            self._say(Say.NOT_AN_ORDER, detail=(order_id or "—",))  # not an order barcode

    async def _item(self, result: ScanResult, scan: Scan, then: AfterScan) -> None:
        outcome = result.outcome
        session = self._current()
        self._refresh_session()
        code = result.code
        self._highlight = result.line_index if result.line_index is not None else -1
        self._emit_lines()
        line = self._line(result.line_index)
        if result.counted:
            self.sound_requested.emit(Sound.ACCEPTED)
            if outcome is ScanOutcome.ORDER_COMPLETE:
                if then is AfterScan.SCAN_CARRIER_LABEL:
                    self._say_carrier_label()
                elif then is not AfterScan.FINISH:  # finished by the service otherwise
                    self._say(Say.ALL_ITEMS_IN)
            elif line is not None:
                count = session.progress.scanned[result.line_index or 0] if session else 0
                self._say(Say.ITEM_COUNTED, self._progress(), (line.name, count, line.quantity))
            else:
                self._say(Say.SCAN_THE_ITEMS, self._progress())
            return
        expected = expected_text(self._current())
        if outcome is ScanOutcome.WRONG_ITEM:
            self._say(Say.WRONG_ITEM, (result.order_id,), (code, expected))
            # name it (and show it) once the order source says which product it is
            self.runner.start(
                self._name_wrong_item(code, result.order_id, expected, self._banner_source),
                name="name the wrong item",
            )
        elif outcome is ScanOutcome.OVER_SCAN:
            name = line.name if line is not None else (result.sku or code)
            ordered = line.quantity if line is not None else 0
            self._say(Say.OVER_SCAN, (name,), (code, ordered, expected))
        elif outcome is ScanOutcome.NOT_PACKABLE:
            self._say(Say.NO_ORDER_FOR_ITEM, detail=(code,))
        elif scan.kind is CodeKind.ORDER and scan.order_id and scan.order_id != result.order_id:
            self._say(Say.OTHER_ORDER, (scan.order_id,), (result.order_id,))
        else:
            self._say(Say.UNKNOWN_CODE, (code,), (expected,))

    async def _name_wrong_item(
        self, code: str, order_id: str, expected: str, shown: Callable[[], Banner]
    ) -> None:
        """The wrong-item banner names the product and shows its picture when it is known."""
        backend = self._backend
        if backend is None:
            return
        try:
            line = await asyncio.wait_for(backend.service.identify_item(code), timeout=3)
        except (TimeoutError, ShippingApiError, OSError) as exc:
            log.info("the wrong item %s could not be named: %s", code, exc)
            return
        if line is None or self._banner_source is not shown:
            return  # unknown, or the bench moved on meanwhile
        name = line.name or line.sku
        image = None
        if line.image_url and backend.fetch_image is not None:
            with contextlib.suppress(Exception):
                data = await asyncio.wait_for(backend.fetch_image(line.image_url), timeout=3)
                if data:
                    loop = asyncio.get_running_loop()
                    image = await loop.run_in_executor(None, thumbnail, data)
        if self._banner_source is not shown:
            return

        def named() -> Banner:
            said = banner(Say.WRONG_ITEM_NAMED, (name, order_id), (code, expected))
            return replace(said, image=image)

        self._show(named)

    def _say_carrier_label(self) -> None:
        """Own-label mode: the next parcel's carrier label is to be scanned."""
        session = self._current()
        if session is not None:
            scanned, parcels = len(session.carrier_codes), len(session.parcels) or 1
            self._say(Say.SCAN_CARRIER_LABEL, (scanned + 1, parcels))

    # ------------------------------------------------------------------ finishing

    async def _finish(self) -> None:
        service = self._service()
        session = self._current()
        if session is None:
            if self._in_flight:
                await self._resume(None)
            else:
                self._say(Say.NO_ORDER_ON_BENCH)
            return
        if session.status is CycleStatus.DONE:
            self._say(Say.ORDER_DONE, (session.order_id,))
            return
        readiness = session.readiness
        if readiness.packing and readiness.ready and readiness.carrier_labels_missing:
            self._say_carrier_label()
            return
        self._finishing = True
        self._say(Say.BUYING, (1, len(session.parcels) or 1), (session.order_id,))
        result: FinishOutcome
        try:
            result = await service.finish()  # own labels: with the carrier labels scanned
        except CycleInterrupted as exc:
            result = Interrupted.of(session.order_id, exc)
        finally:
            self._finishing = False
        await self._after_finish(result)

    # ------------------------------------------------------------------ parcels, skip, cancel

    async def _next_parcel(self) -> None:
        """F4 / NEXT-PARCEL: the next box is opened; the following scans go into it."""
        if self._packing() is None:
            return
        try:
            await self._service().next_box()
        except ValueError as exc:
            self._say(Say.PARCELS_REFUSED, detail=(described(exc),))
            return
        self._box_opened()

    def _box_opened(self) -> None:
        session = self._packing()
        if session is None:
            return
        self._emit_parcels()
        current = texts.box_open_text(session.current_box)
        self._say(Say.PARCELS_SET, self._progress(), (len(session.parcels), current))

    async def _set_parcels(self, count: int, weights_g: list[int] | None) -> None:
        if self._packing() is None:
            return
        try:
            parcels = await self._service().set_parcels(count, weights_g)
        except ValueError as exc:
            self._say(Say.PARCELS_REFUSED, detail=(described(exc),))
            return
        self._emit_parcels()
        weights = ", ".join(texts.weight_text(p.weight_g) for p in parcels)
        self._say(Say.PARCELS_SET, self._progress(), (len(parcels), weights))

    async def _move(self, move: BoxMove | None) -> None:
        self._say(*await carry_out(self._service(), move))
        self._emit_parcels()

    async def _reprint_slip(self, order_id: str) -> None:
        self._say(*await reprint_slip(self._service(), order_id))

    async def _skip(self, reason: str, supervisor_code: str | None = None) -> None:
        if self._packing() is None:
            return
        try:
            await self._service().skip_verification(reason, supervisor_code)
        except ApprovalNeeded as needed:
            self._approvals.ask(needed, lambda c: self._skip(reason, c))
            return
        except ValueError:
            required = self._service().policy.verification is VerificationPolicy.REQUIRED
            self._say(Say.SKIP_REQUIRED if required else Say.SKIP_NEEDS_REASON)
            return
        self._refresh_session()
        self._emit_lines()
        if self._auto_finish():
            await self._finish()
        else:
            self._say(Say.SKIPPED)

    async def _cancel(self, reason: str) -> None:
        session = self._packing()
        if session is None:
            return
        order_id = session.order_id
        try:
            await self._service().cancel(reason)
        except ValueError as exc:
            self._say(Say.CANCEL_REFUSED, (order_id,), (described(exc),))
            return
        self._clear_order()
        self._say(Say.CANCELLED, (order_id,))

    def _packing(self) -> OrderSession | None:
        """The order being packed; None (and the packer is told) when there is none."""
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            self._say(Say.NOT_PACKING)
            return None
        return session

    # ------------------------------------------------------------------ reprint, void

    async def _reprint(self, query: str, reason: str, supervisor_code: str | None = None) -> None:
        target = query.strip() or self.default_reprint_target()
        if not target:
            self._say(Say.NOTHING_TO_REPRINT)
            return
        try:
            report = await self._service().reprint(target, reason, supervisor_code)
        except ApprovalNeeded as needed:
            self._approvals.ask(needed, lambda c: self._reprint(target, reason, c))
            return
        if not report.items:
            self._say(Say.NO_LABEL_TO_REPRINT, (target,))
        elif report.printed:
            self._say(Say.REPRINTED, (target,), (len(report.items),))
        else:
            await self._printer_problem(target)
        await self._station.refresh()

    async def _void(
        self,
        tracking_code: str,
        reason: str,
        replace_label: bool,
        supervisor_code: str | None = None,
    ) -> None:
        code = tracking_code.strip()
        try:
            report = await self._service().void(
                code, reason, replace_label=replace_label, supervisor_code=supervisor_code
            )
        except ApprovalNeeded as needed:
            self._approvals.ask(needed, lambda c: self._void(code, reason, replace_label, c))
            return
        except (ValueError, LookupError) as exc:
            self._say(Say.VOID_REFUSED, (code,), (described(exc),))
            return
        self._refresh_session()
        self._emit_parcels()
        replacement = report.replacement
        if replacement is not None:
            printed = replacement.printed
            said = Say.VOIDED_REPLACED if printed else Say.VOIDED_REPLACEMENT_HELD
            self._say(said, (code,), (replacement.tracking_code or "?",))
        else:
            self._say(Say.VOIDED_ALREADY if report.already_voided else Say.VOIDED, (code,))

    # ------------------------------------------------------------------ command sheet

    async def _command_sheet(self) -> None:
        backend = self._require_backend()
        if backend.write_command_sheet is None:
            return
        outcome = await backend.write_command_sheet(
            translated(SHEET_HEADING),
            self.command_sheet_entries(),
            translated(SHEET_FOOTER).format(backend.station_name),
        )
        refused = SheetDelivery.DOCUMENT_PRINTER in outcome.refused_by

        def note() -> str:
            return translated(SHEET_DOCUMENT_PRINTER_REFUSED) if refused else ""

        self._say(SHEET_SAYS[outcome.delivery], detail=(outcome.path, note))

    # ------------------------------------------------------------------ service events

    def _on_event(self, event: PackingEvent) -> None:
        if isinstance(event, StepReached):
            self._on_step(event)
        elif isinstance(event, LabelPrinted):
            self._on_label_printed(event)
        elif isinstance(event, Notice) and event.error is not None:
            self._notice(described(event.error))  # worded by its type, never its English
            if event.level is NoticeLevel.ERROR:
                self._station.connection_unknown()
        elif isinstance(event, Notice) and event.note is not None:
            note = event.note
            self._notice(lambda: note_text(note))  # worded by its kind, never its English
            if event.level is NoticeLevel.ERROR:
                self._station.connection_unknown()
        elif isinstance(event, ItemScanned):
            pass  # the scan's own reply updates the lines

    def _on_step(self, event: StepReached) -> None:
        session = self._current()
        if session is None or session.cycle_id != event.cycle_id:
            return
        if event.step is CycleStep.LOADED:
            self._emit_order()
            return
        said = _STEPS.get(event.step) if isinstance(event.step, LabelStep) else None
        if said is not None:
            self._say(said, (event.parcel or 1, event.parcels or 1), (event.order_id,))
        self._emit_parcels()
