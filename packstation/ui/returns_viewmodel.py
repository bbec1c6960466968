"""The returns desk's view-model: find the order of a returned parcel, mark received and refunded.

A scan (order barcode, outbound or return label) looks the order up (``ReturnsService.lookup``);
its lines show with the units already received and refunded here. The clerk marks the whole
order or one line — "Returned to Warehouse" (received) or "Refunded", the latter always with a
reason. Each record shows whether its Seven Senders state arrived or still waits in the outbox
(checked again on a timer while something waits). The shift's summary counts the records since
the mode started and exports them as CSV.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from packstation.domain.errors import ShippingApiError
from packstation.domain.returns import (
    DeliveryStatus,
    LookupVia,
    ReturnAction,
    ReturnMark,
    ReturnSummaryRow,
)
from packstation.services.returns import ReturnLookup, ReturnRefused, ReturnsService
from packstation.ui.service_notes import note_text, notes_lines
from packstation.ui.service_words import describe
from packstation.ui.sounds import Sound
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone
from packstation.ui.workflow_parts import Message, WorkflowViewModel

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReturnLineRow:
    sku: str
    name: str
    ordered: int
    received: int
    refunded: int


@dataclass(frozen=True, slots=True)
class RecordRow:
    at: str
    action: str
    what: str
    reason: str
    delivery: DeliveryStatus
    delivery_text: str


@dataclass(frozen=True, slots=True)
class ReturnOrderView:
    """The order on the returns desk."""

    order_id: str
    found_by: str
    state: str  # Seven Senders' order state ("" when it could not be asked)
    lines: tuple[ReturnLineRow, ...]
    records: tuple[RecordRow, ...]
    notes: tuple[str, ...]  # what could not be asked, worded (ui/service_notes.py)


@dataclass(frozen=True, slots=True)
class ShiftView:
    orders: int
    received: int
    refunded: int
    waiting: int
    attention: int


def _now() -> datetime:
    return datetime.now(UTC)


class ReturnsViewModel(WorkflowViewModel):
    """State and intents of the returns desk.

    Signals:
        order_changed(object): ``ReturnOrderView`` of the order on the desk, or None.
        shift_changed(ShiftView): the shift's counts.
        message_changed(Message): what the desk says now.
        reason_needed(bool): the reason field must be filled in (refunds).
        busy_changed(bool): Seven Senders or the journal is being asked.
        sound_requested(Sound): play this sound.
    """

    order_changed = Signal(object)
    shift_changed = Signal(object)
    reason_needed = Signal(bool)

    def __init__(
        self,
        service: ReturnsService,
        runner: TaskRunner,
        *,
        poll_s: float = 5.0,
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._clock = clock
        self._shift_start = clock()
        self._lookup: ReturnLookup | None = None
        self._rows: tuple[ReturnSummaryRow, ...] = ()
        self._working = 0
        self._refreshing = False
        self._message = Message(
            Tone.READY,
            self.tr("Scan the return label or the order barcode"),
            self.tr("The order and its items appear here."),
        )
        self._poll = QTimer(self)
        self._poll.setInterval(max(50, int(poll_s * 1000)))
        self._poll.timeout.connect(self._on_poll_timer)

    # ------------------------------------------------------------------ reading state

    @property
    def order_id(self) -> str | None:
        return self._lookup.order_id if self._lookup is not None else None

    @property
    def shift_start(self) -> datetime:
        return self._shift_start

    def lines(self) -> tuple[ReturnLineRow, ...]:
        if self._lookup is None:
            return ()
        return tuple(
            ReturnLineRow(ln.sku, ln.name, ln.quantity, ln.received, ln.refunded)
            for ln in self._lookup.lines
        )

    def waiting(self) -> int:
        """Records whose state still waits for Seven Senders (this order and the shift)."""
        return sum(1 for r in self._rows if r.delivery is DeliveryStatus.WAITING)

    # ------------------------------------------------------------------ intents

    def start(self) -> None:
        """The mode is on screen: the shift's counts (and delivery states) are read."""
        self.refresh()

    def stop(self) -> None:
        """No more polling (the station is closing)."""
        self._poll.stop()

    def lookup(self, code: str) -> None:
        code = code.strip()
        if code:  # never dropped, even while a mark is being kept
            self.runner.start(self._find(code), name="return lookup")

    def mark(self, action: ReturnAction, row: int, quantity: int, reason: str) -> None:
        """Mark the whole order (``row`` 0) or line ``row - 1`` (``quantity`` units)."""
        lookup = self._lookup
        if self._busy or lookup is None or not lookup.order_id:
            self._say(
                Tone.WARNING,
                self.tr("Scan the return first"),
                self.tr("Scan the return label or the order barcode."),
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        text = " ".join(reason.split())
        if action is ReturnAction.REFUNDED and not text:
            self.reason_needed.emit(True)
            self._say(
                Tone.WARNING,
                self.tr("A refund needs a reason"),
                self.tr("Choose or type the reason (F7), then press F3 again."),
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self.reason_needed.emit(False)
        marks: list[ReturnMark] = []
        if row > 0:
            lines = lookup.lines
            if row - 1 >= len(lines):
                return
            line = lines[row - 1]
            marks.append(ReturnMark(line.sku, max(1, quantity)))
        self.runner.start(self._mark(lookup, action, marks, text), name=f"return {action.value}")

    def refresh(self) -> None:
        """Read the delivery states and the shift's counts again."""
        if not self._refreshing:
            self.runner.start(self._refresh(), name="returns summary")

    def export_csv(self, path: str) -> None:
        if path and not self._busy:
            self.runner.start(self._export(Path(path)), name="returns export")

    def suggested_file(self) -> str:
        return f"returns-{self._clock().astimezone():%Y-%m-%d-%H%M}.csv"

    # ------------------------------------------------------------------ work

    async def _find(self, code: str) -> None:
        self._set_busy(True)
        try:
            await self._look_up(code)
        finally:
            self._set_busy(False)

    async def _look_up(self, code: str) -> None:
        self._say(Tone.WORKING, self.tr("Looking up {0}…").format(code))
        try:
            found = await self._service.lookup(code)
        except ShippingApiError as exc:
            self._say(Tone.ERROR, self.tr("Seven Senders could not be asked"), describe(exc))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        if not found.found:
            self._say(
                Tone.WARNING, self.tr("Not found: {0}").format(code), note_text(found.message)
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)
            return
        self._lookup = found
        self.sound_requested.emit(Sound.ACCEPTED)
        await self._refresh()
        order_id = found.order_id or ""
        if found.fully_refunded:
            headline = self.tr("Order {0}: refunded already").format(order_id)
        elif found.fully_received:
            headline = self.tr("Order {0}: received already").format(order_id)
        else:
            headline = self.tr("Order {0}").format(order_id)
        self._say(
            Tone.READY,
            headline,
            self.tr("F2 received · F3 refunded — for the whole order or the line chosen."),
        )

    async def _mark(
        self, lookup: ReturnLookup, action: ReturnAction, marks: list[ReturnMark], reason: str
    ) -> None:
        order_id = lookup.order_id or ""
        self._set_busy(True)
        try:
            try:
                result = await self._service.mark(
                    order_id, action, marks, reason=reason, tracking_code=lookup.tracking_code
                )
            except ReturnRefused as exc:
                self._say(Tone.WARNING, self.tr("Not marked"), describe(exc))
                self.sound_requested.emit(Sound.WRONG_ITEM)
                return
            what = (
                self.tr("the whole order")
                if not marks
                else ", ".join(f"{m.sku} ×{m.quantity}" for m in marks)
            )
            label = (
                self.tr("Returned to Warehouse")
                if action is ReturnAction.RECEIVED
                else self.tr("Refunded")
            )
            if result.state_queued:
                tail = self.tr("Seven Senders gets the state {0}.").format(result.state)
            else:
                tail = self.tr("Seven Senders has this order's state already.")
            self.sound_requested.emit(Sound.COMPLETE)
            await self._reload(lookup)
            self._say(Tone.SUCCESS, self.tr("{0}: {1}").format(label, what), tail)
        finally:
            self._set_busy(False)

    async def _reload(self, before: ReturnLookup) -> None:
        """The order again (units and records), keeping how it was found."""
        order_id = before.order_id or ""
        try:
            again = await self._service.lookup(order_id)
        except ShippingApiError as exc:
            log.info("return %s not looked up again: %s", order_id, exc)
            again = before
        if again.found and again.order_id == order_id:
            # how it was found stays; units, records, state and notes are the new ones
            self._lookup = replace(
                again, query=before.query, via=before.via, tracking_code=before.tracking_code
            )
        await self._refresh()

    async def _refresh(self) -> None:
        self._refreshing = True
        try:
            summary = await self._service.summary(None)
        finally:
            self._refreshing = False
        self._rows = summary.rows
        self._emit_order()
        shift = [r for r in summary.rows if r.record.at >= self._shift_start]
        self.shift_changed.emit(
            ShiftView(
                orders=len({r.record.order_id for r in shift}),
                received=sum(1 for r in shift if r.record.action is ReturnAction.RECEIVED),
                refunded=sum(1 for r in shift if r.record.action is ReturnAction.REFUNDED),
                waiting=sum(1 for r in shift if r.delivery is DeliveryStatus.WAITING),
                attention=sum(1 for r in shift if r.delivery is DeliveryStatus.NEEDS_ATTENTION),
            )
        )
        if self.waiting():
            self._poll.start()
        else:
            self._poll.stop()

    async def _export(self, path: Path) -> None:
        self._set_busy(True)
        try:
            summary = await self._service.export_csv(path, self._shift_start)
        except OSError as exc:
            self._say(Tone.ERROR, self.tr("The summary was not saved"), describe(exc))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        finally:
            self._set_busy(False)
        self._say(
            Tone.SUCCESS,
            self.tr("Shift summary saved: {0} record(s)").format(len(summary.rows)),
            str(path),
        )

    def _on_poll_timer(self) -> None:
        self.refresh()

    # ------------------------------------------------------------------ views and words

    def _emit_order(self) -> None:
        lookup = self._lookup
        if lookup is None or not lookup.order_id:
            self.order_changed.emit(None)
            return
        via = {
            LookupVia.ORDER: self.tr("order barcode"),
            LookupVia.OUTBOUND_LABEL: self.tr("label {0}").format(lookup.tracking_code),
            LookupVia.RETURN_LABEL: self.tr("return label {0}").format(lookup.tracking_code),
            LookupVia.SHIPMENT: self.tr("shipment {0}").format(lookup.tracking_code),
        }.get(lookup.via or LookupVia.ORDER, "")
        mine = [r for r in self._rows if r.record.order_id == lookup.order_id]
        records = tuple(self._record_row(r) for r in sorted(mine, key=lambda r: r.record.at))
        self.order_changed.emit(
            ReturnOrderView(
                order_id=lookup.order_id,
                found_by=via,
                state=lookup.sevensenders_state or "",
                lines=self.lines(),
                records=records,
                notes=notes_lines(lookup.warnings),
            )
        )

    def _record_row(self, row: ReturnSummaryRow) -> RecordRow:
        r = row.record
        action = (
            self.tr("Returned to Warehouse")
            if r.action is ReturnAction.RECEIVED
            else self.tr("Refunded")
        )
        if r.sku is None:
            what = self.tr("whole order")
        elif r.quantity is None:
            what = self.tr("{0} (all units)").format(r.sku)
        else:
            what = f"{r.sku} ×{r.quantity}"
        delivery = {
            DeliveryStatus.SENT: self.tr("sent to Seven Senders ✓"),
            DeliveryStatus.WAITING: self.tr("waiting to be sent to Seven Senders"),
            DeliveryStatus.NEEDS_ATTENTION: self.tr("refused by Seven Senders: {0}").format(
                row.delivery_note
            ),
            DeliveryStatus.NOT_NEEDED: self.tr("state sent before ✓"),
        }[row.delivery]
        return RecordRow(
            at=f"{r.at.astimezone():%H:%M}",
            action=action,
            what=what,
            reason=r.reason,
            delivery=row.delivery,
            delivery_text=delivery,
        )

    def _set_busy(self, busy: bool) -> None:
        self._working += 1 if busy else -1
        now = self._working > 0
        if now != self._busy:
            self._busy = now
            self.busy_changed.emit(now)
