"""The returns desk: find the order of a returned parcel, mark it received and refunded.

The clerk scans the order barcode or the return label; the order and its lines show, with
what was already marked at this station. Marking the parcel (or single lines, with a reason)
as received queues the configured 7S order state (``returned`` by default: "Returned to
Warehouse"), and marking the refund queues ``refunded``. Records and states go to the journal
and the durable outbox in one transaction, so nothing is lost while 7S is unreachable; the
outbox delivers them in order per order when it answers again.

7S keeps order states per order, not per line: each order gets each state at most once from
this desk (the first record that needs it queues it), and ``returned`` is not sent after
``refunded`` (that would move the order back). The line-level detail stays in the journal and
in the shift summary (CSV).
"""

from __future__ import annotations

import asyncio
import csv
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from packstation.domain.barcodes import BarcodeConfig, CodeKind, Gs1Decoder, parse_scan
from packstation.domain.cycle import JournalEvent, JournalKind, OutboxStatus
from packstation.domain.errors import ShippingApiError
from packstation.domain.notes import Note, NoteKind
from packstation.domain.orders import MerchantOrder, OrderSourceError
from packstation.domain.returns import (
    ACTION_LABELS,
    CSV_COLUMNS,
    DeliveryStatus,
    LookupVia,
    ReturnAction,
    ReturnLine,
    ReturnMark,
    ReturnRecord,
    ReturnSummaryRow,
    clean_reason,
    csv_row,
)
from packstation.domain.shipping import OrderState, Shipment, ShipmentFilter
from packstation.ports import Journal, OrderSource, OutboxStore, ReturnsStore, ShippingApi
from packstation.services.outbox import OutboxService

log = logging.getLogger(__name__)

#: The journal line of each return action.
_RETURN_KINDS = {
    ReturnAction.RECEIVED: JournalKind.RETURN_RECEIVED,
    ReturnAction.REFUNDED: JournalKind.RETURN_REFUNDED,
}


@dataclass(frozen=True, slots=True)
class ReturnLookup:
    """What a scan at the returns desk found.

    ``found`` False: ``message`` says what was tried. ``lines`` may be empty when neither the
    journal, the merchant's data nor 7S could list the order's items (the whole order can
    still be marked). ``warnings`` name what could not be asked.
    """

    query: str
    found: bool
    message: Note  # English (log, command line), with its kind and facts for the window
    order_id: str | None = None
    via: LookupVia | None = None
    tracking_code: str = ""
    lines: tuple[ReturnLine, ...] = ()
    records: tuple[ReturnRecord, ...] = ()
    sevensenders_state: str | None = None
    warnings: tuple[Note, ...] = ()

    @property
    def fully_received(self) -> bool:
        return bool(self.lines) and all(line.received >= line.quantity for line in self.lines)

    @property
    def fully_refunded(self) -> bool:
        return bool(self.lines) and all(line.refunded >= line.quantity for line in self.lines)


class ReturnRefused(ValueError):
    """The mark cannot be made as asked (unknown line, too many units, no reason, …)."""


@dataclass(frozen=True, slots=True)
class MarkResult:
    """What a mark did: the records kept, and whether an order state was queued for 7S."""

    order_id: str
    action: ReturnAction
    records: tuple[ReturnRecord, ...]
    state: str  # the 7S state this action means
    state_queued: bool  # queued now (False: sent before for this order, or not needed)
    message: str


@dataclass(frozen=True, slots=True)
class ReturnsSummary:
    """The returns of a shift (everything marked since ``since``)."""

    since: datetime | None
    rows: tuple[ReturnSummaryRow, ...]

    @property
    def orders(self) -> int:
        return len({row.record.order_id for row in self.rows})

    def count(self, action: ReturnAction) -> int:
        return sum(1 for row in self.rows if row.record.action is action)

    def waiting(self) -> int:
        return sum(1 for row in self.rows if row.delivery is DeliveryStatus.WAITING)

    def needing_attention(self) -> int:
        return sum(1 for row in self.rows if row.delivery is DeliveryStatus.NEEDS_ATTENTION)


def _now() -> datetime:
    return datetime.now(UTC)


class ReturnsService:
    """The returns desk's service (the returns mode of the window, ``packstation return``).

    Args:
        api: Seven Senders (tracking-code lookups, order state and items; never required for
            marking: states go through the outbox).
        journal: the station journal (label attempts, cycles with their order snapshot).
        outbox: delivers the queued states; ``wake``d after each mark.
        outbox_store: the outbox's entries (delivery status of each record).
        store: where the records are kept.
        orders: the merchant's order source (lines of orders not packed here); optional.
        barcodes, gs1: how scans are read (order barcodes).
        received_state: the 7S state for "Returned to Warehouse" (setting; ``returned``).
        refunded_state: the 7S state for "Refunded" (``refunded``).
        station_name, clerk: journalled with each record.
    """

    def __init__(
        self,
        *,
        api: ShippingApi,
        journal: Journal,
        outbox: OutboxService,
        outbox_store: OutboxStore,
        store: ReturnsStore,
        orders: OrderSource | None = None,
        barcodes: BarcodeConfig | None = None,
        gs1: Gs1Decoder | None = None,
        received_state: OrderState = OrderState.RETURNED,
        refunded_state: OrderState = OrderState.REFUNDED,
        station_name: str = "",
        clerk: str = "",
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._api = api
        self._journal = journal
        self._outbox = outbox
        self._outbox_store = outbox_store
        self._store = store
        self._orders = orders
        self._barcodes = barcodes or BarcodeConfig()
        self._gs1 = gs1
        self._states = {
            ReturnAction.RECEIVED: received_state,
            ReturnAction.REFUNDED: refunded_state,
        }
        self._station = station_name
        self._clerk = clerk
        self._clock = clock
        self._lock = asyncio.Lock()

    def state_for(self, action: ReturnAction) -> OrderState:
        """The 7S order state an action is sent as."""
        return self._states[action]

    # ------------------------------------------------------------------ lookup

    async def lookup(self, code: str) -> ReturnLookup:
        """Find the order of a scan: an order barcode, or the tracking code of a label."""
        text = code.strip()
        if not text:
            empty = Note(
                NoteKind.RETURN_SCAN_EMPTY, "The scan was empty; scan the order or the label."
            )
            return ReturnLookup(code, False, empty)
        scan = parse_scan(text, self._barcodes, self._gs1)
        value = (scan.value or text).strip()
        warnings: list[Note] = []
        order_id: str | None = None
        via: LookupVia | None = None
        tracking = ""
        # 1. a label bought at this station (works while 7S is down)
        for candidate in dict.fromkeys((text, value)):
            for attempt in await self._journal.find_attempts(candidate):
                if attempt.tracking_code == candidate:
                    order_id, via, tracking = attempt.order_id, LookupVia.OUTBOUND_LABEL, candidate
                    break
            if order_id:
                break
        # 2. an order barcode
        if order_id is None and scan.kind is CodeKind.ORDER and scan.order_id:
            order_id, via = scan.order_id, LookupVia.ORDER
        # 3. a return label (or another shipment) at 7S
        if order_id is None:
            match = await self._shipment(value, warnings)
            if match is not None:
                order_id, tracking = match.order_id, value
                via = LookupVia.RETURN_LABEL if match.return_parcel else LookupVia.SHIPMENT
        # 4. an order id that is not shaped like an order barcode
        if order_id is None and await self._known_order(value):
            order_id, via = value, LookupVia.ORDER
        if order_id is None:
            message = Note(
                NoteKind.RETURN_NOT_FOUND,
                f"{value} is neither an order nor the label of one known here or at Seven "
                "Senders. Scan the order barcode or the return label.",
                code=value,
            )
            await self._journal.append(
                JournalEvent(kind=JournalKind.RETURN_LOOKUP, detail={"code": value, "found": False})
            )
            return ReturnLookup(code, False, message, warnings=tuple(warnings))
        lines, state, more = await self._order_details(order_id)
        warnings.extend(more)
        records = tuple(await self._store.return_records(order_id=order_id))
        shown = _with_records(lines, records)
        how = {
            LookupVia.ORDER: "order barcode",
            LookupVia.OUTBOUND_LABEL: f"label {tracking}",
            LookupVia.RETURN_LABEL: f"return label {tracking}",
            LookupVia.SHIPMENT: f"shipment {tracking}",
        }[via or LookupVia.ORDER]
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.RETURN_LOOKUP,
                order_id=order_id,
                detail={"code": value, "found": True, "via": (via or LookupVia.ORDER).value},
            )
        )
        return ReturnLookup(
            query=code,
            found=True,
            message=Note(
                NoteKind.RETURN_FOUND, f"Order {order_id} (found by its {how}).", order_id=order_id
            ),
            order_id=order_id,
            via=via,
            tracking_code=tracking,
            lines=shown,
            records=records,
            sevensenders_state=state,
            warnings=tuple(warnings),
        )

    async def _shipment(self, tracking_code: str, warnings: list[Note]) -> Shipment | None:
        """The shipment at 7S with this tracking code (a warning when 7S cannot be asked)."""
        try:
            shipments = await self._api.list_shipments(ShipmentFilter(tracking_code=tracking_code))
        except ShippingApiError as exc:
            warnings.append(
                Note(
                    NoteKind.RETURN_CODE_NOT_ASKED,
                    f"Seven Senders could not be asked about {tracking_code} ({exc}).",
                    exc,
                    code=tracking_code,
                )
            )
            return None
        return next((s for s in shipments if s.tracking_code == tracking_code), None)

    async def _known_order(self, order_id: str) -> bool:
        if await self._journal.latest_cycle(order_id) is not None:
            return True
        if await self._store.return_records(order_id=order_id):
            return True
        if self._orders is not None:
            try:
                await self._orders.get_order(order_id)
            except OrderSourceError as exc:
                log.info("order source lookup of %s failed: %s", order_id, exc)
            else:
                return True
        try:
            return await self._api.find_order(order_id) is not None
        except ShippingApiError:
            return False

    async def _order_details(
        self, order_id: str
    ) -> tuple[tuple[ReturnLine, ...], str | None, list[Note]]:
        warnings: list[Note] = []
        merchant: MerchantOrder | None = None
        cycle = await self._journal.latest_cycle(order_id)
        if cycle is not None and cycle.order is not None:
            merchant = cycle.order
        elif self._orders is not None:
            try:
                merchant = await self._orders.get_order(order_id)
            except OrderSourceError as exc:
                log.info("order source lookup of %s failed: %s", order_id, exc)
        lines: tuple[ReturnLine, ...] = ()
        if merchant is not None:
            lines = tuple(
                ReturnLine(sku=ln.sku, name=ln.name, quantity=ln.quantity, ean=ln.ean)
                for ln in merchant.lines
            )
        state: str | None = None
        try:
            seven = await self._api.find_order(order_id)
            state = seven.state if seven else None
            if not lines:
                items = await self._api.list_order_items(order_id)
                lines = tuple(
                    ReturnLine(sku=i.sku, name=i.name, quantity=i.quantity, ean=i.ean)
                    for i in items
                )
        except ShippingApiError as exc:
            warnings.append(
                Note(
                    NoteKind.RETURN_ORDER_NOT_ASKED,
                    f"Seven Senders could not be asked about order {order_id} ({exc}); marks "
                    "are kept and sent when it answers.",
                    exc,
                    order_id=order_id,
                )
            )
        if not lines:
            warnings.append(
                Note(
                    NoteKind.RETURN_ITEMS_UNKNOWN,
                    f"The items of order {order_id} are not known here.",
                    order_id=order_id,
                )
            )
        return lines, state, warnings

    # ------------------------------------------------------------------ marking

    async def mark_received(
        self,
        order_id: str,
        lines: Sequence[ReturnMark] = (),
        *,
        reason: str = "",
        tracking_code: str = "",
    ) -> MarkResult:
        """The parcel (or these lines) is back in the warehouse: "Returned to Warehouse"."""
        return await self.mark(
            order_id, ReturnAction.RECEIVED, lines, reason=reason, tracking_code=tracking_code
        )

    async def mark_refunded(
        self,
        order_id: str,
        lines: Sequence[ReturnMark] = (),
        *,
        reason: str = "",
        tracking_code: str = "",
    ) -> MarkResult:
        """The refund for the order (or these lines) is done: "Refunded"."""
        return await self.mark(
            order_id, ReturnAction.REFUNDED, lines, reason=reason, tracking_code=tracking_code
        )

    async def mark(
        self,
        order_id: str,
        action: ReturnAction,
        lines: Sequence[ReturnMark] = (),
        *,
        reason: str = "",
        tracking_code: str = "",
    ) -> MarkResult:
        """Record ``action`` for the whole order (no ``lines``) or for single lines.

        Raises ``ReturnRefused`` when a line is not in the order or more units are marked
        than were ordered. Works while 7S is down: the state waits in the outbox.
        """
        order_id = order_id.strip()
        if not order_id:
            raise ReturnRefused("Name the order.")
        text = clean_reason(reason)
        state = self._states[action]
        async with self._lock:
            known, _, _ = await self._order_details_offline(order_id)
            earlier = await self._store.return_records(order_id=order_id)
            marks = list(lines) or [ReturnMark()]
            _check_marks(order_id, action, marks, known, earlier)
            queued_states = {r.state for r in earlier if r.state_queued}
            refunded = self._states[ReturnAction.REFUNDED].value
            made: list[ReturnRecord] = []
            queued_now = False
            for mark in marks:
                queue = (
                    state.value not in queued_states
                    and not queued_now
                    and not (action is ReturnAction.RECEIVED and refunded in queued_states)
                )
                saved = await self._record_mark(order_id, action, mark, text, tracking_code, queue)
                queued_now = queued_now or queue
                made.append(saved)
        if queued_now:
            self._outbox.wake()
        what = "the whole order" if not lines else ", ".join(_mark_text(m) for m in marks)
        return MarkResult(
            order_id=order_id,
            action=action,
            records=tuple(made),
            state=state.value,
            state_queued=queued_now,
            message=f"Order {order_id}: {ACTION_LABELS[action]} — {what}. "
            + _state_tail(action, state.value, queued_now, refunded in queued_states),
        )

    async def _record_mark(
        self,
        order_id: str,
        action: ReturnAction,
        mark: ReturnMark,
        reason: str,
        tracking_code: str,
        queue: bool,
    ) -> ReturnRecord:
        """Saves one mark and its journal event in one step (``queue``: the state goes out)."""
        state = self._states[action].value
        record = ReturnRecord(
            id=None,
            order_id=order_id,
            action=action,
            at=self._clock(),
            sku=mark.sku,
            quantity=mark.quantity,
            reason=reason,
            tracking_code=tracking_code.strip(),
            station=self._station,
            clerk=self._clerk,
            state=state,
        )
        event = JournalEvent(
            kind=_RETURN_KINDS[action],
            order_id=order_id,
            detail={
                "sku": mark.sku,
                "quantity": mark.quantity,
                "reason": reason,
                "tracking_code": record.tracking_code,
                "state": state,
                "state_queued": queue,
                "station": self._station,
                "clerk": self._clerk,
            },
        )
        return await self._store.record_return(record, event, queue)

    async def _order_details_offline(
        self, order_id: str
    ) -> tuple[tuple[ReturnLine, ...], None, list[str]]:
        """The order's lines from the journal or the merchant's data (never asks 7S)."""
        merchant: MerchantOrder | None = None
        cycle = await self._journal.latest_cycle(order_id)
        if cycle is not None and cycle.order is not None:
            merchant = cycle.order
        elif self._orders is not None:
            try:
                merchant = await self._orders.get_order(order_id)
            except OrderSourceError as exc:  # unknown there: the lines cannot be checked
                log.info("order %s not read from the order source: %s", order_id, exc)
        if merchant is None:
            return (), None, []
        return (
            tuple(
                ReturnLine(sku=ln.sku, name=ln.name, quantity=ln.quantity, ean=ln.ean)
                for ln in merchant.lines
            ),
            None,
            [],
        )

    # ------------------------------------------------------------------ the shift

    async def summary(self, since: datetime | None = None) -> ReturnsSummary:
        """Everything marked since ``since``, with whether each state reached 7S."""
        return await returns_summary(self._store, self._outbox_store, since)

    async def export_csv(self, path: Path, since: datetime | None = None) -> ReturnsSummary:
        """Write the shift summary as CSV (UTF-8 with BOM, for spreadsheets); returns it."""
        summary = await self.summary(since)
        await write_returns_csv(summary, path)
        return summary


async def returns_summary(
    store: ReturnsStore, outbox_store: OutboxStore, since: datetime | None = None
) -> ReturnsSummary:
    """The returns marked since ``since`` with their delivery to 7S (reads the journal only)."""
    records = await store.return_records(since=since)
    entries: dict[int, tuple[OutboxStatus, str]] = {}
    for order_id in {r.order_id for r in records if r.state_queued}:
        for entry in await outbox_store.entries(order_id=order_id, limit=1000):
            record_id = entry.payload.get("return_record")
            if isinstance(record_id, int):
                entries[record_id] = (entry.status, entry.last_error)
    rows: list[ReturnSummaryRow] = []
    for record in records:
        if not record.state_queued:
            rows.append(ReturnSummaryRow(record, DeliveryStatus.NOT_NEEDED))
            continue
        status, note = entries.get(record.id or -1, (OutboxStatus.PENDING, ""))
        delivery = {
            OutboxStatus.DELIVERED: DeliveryStatus.SENT,
            OutboxStatus.PENDING: DeliveryStatus.WAITING,
            OutboxStatus.FAILED: DeliveryStatus.NEEDS_ATTENTION,
            OutboxStatus.SUPERSEDED: DeliveryStatus.NEEDS_ATTENTION,
        }[status]
        rows.append(ReturnSummaryRow(record, delivery, note))
    return ReturnsSummary(since, tuple(rows))


async def write_returns_csv(summary: ReturnsSummary, path: Path) -> None:
    """The summary as CSV (UTF-8 with BOM, so spreadsheets read accents right), atomically."""
    rows = [csv_row(row) for row in summary.rows]

    def write() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
        tmp.replace(path)

    await asyncio.get_running_loop().run_in_executor(None, write)


def _mark_text(mark: ReturnMark) -> str:
    if mark.sku is None:
        return "the whole order"
    return f"{mark.sku} ×{mark.quantity}" if mark.quantity else f"{mark.sku} (all units)"


def _units(
    lines: Sequence[ReturnLine], records: Sequence[ReturnRecord], action: ReturnAction, sku: str
) -> int:
    ordered = {line.sku: line.quantity for line in lines}
    total = 0
    for record in records:
        if record.action is not action:
            continue
        if record.sku is None:
            total += ordered.get(sku, 0)
        elif record.sku == sku:
            total += record.quantity if record.quantity is not None else ordered.get(sku, 0)
    return total


def _with_records(
    lines: Sequence[ReturnLine], records: Sequence[ReturnRecord]
) -> tuple[ReturnLine, ...]:
    return tuple(
        ReturnLine(
            sku=line.sku,
            name=line.name,
            quantity=line.quantity,
            ean=line.ean,
            received=min(line.quantity, _units(lines, records, ReturnAction.RECEIVED, line.sku)),
            refunded=min(line.quantity, _units(lines, records, ReturnAction.REFUNDED, line.sku)),
        )
        for line in lines
    )


def _check_marks(
    order_id: str,
    action: ReturnAction,
    marks: Sequence[ReturnMark],
    lines: Sequence[ReturnLine],
    earlier: Sequence[ReturnRecord],
) -> None:
    if len(marks) > 1 and any(m.sku is None for m in marks):
        raise ReturnRefused("Mark either the whole order or single lines, not both.")
    if not lines:
        return  # the order's items are unknown here: the marks cannot be checked
    ordered: dict[str, int] = {}
    for line in lines:
        ordered[line.sku] = ordered.get(line.sku, 0) + line.quantity
    verb = "received" if action is ReturnAction.RECEIVED else "refunded"
    if all(m.sku is None for m in marks) and all(
        _units(lines, earlier, action, sku) >= units for sku, units in ordered.items()
    ):
        raise ReturnRefused(f"Order {order_id} is marked {verb} already (every line).")
    asked: dict[str, int] = {}
    for mark in marks:
        if mark.sku is None:
            continue
        if mark.sku not in ordered:
            raise ReturnRefused(
                f"{mark.sku} is not a line of order {order_id} (lines: {', '.join(ordered)})."
            )
        if mark.quantity is not None and mark.quantity < 1:
            raise ReturnRefused("Mark at least one unit.")
        asked[mark.sku] = asked.get(mark.sku, 0) + (mark.quantity or ordered[mark.sku])
    for sku, units in asked.items():
        before = _units(lines, earlier, action, sku)
        if before + units > ordered[sku]:
            raise ReturnRefused(
                f"Order {order_id} has {ordered[sku]} unit(s) of {sku}; {before} marked {verb} "
                f"already, so {units} more cannot be."
            )


def _state_tail(action: ReturnAction, state: str, queued: bool, refunded_before: bool) -> str:
    """The sentence that says what 7S gets (or had) after a mark."""
    if queued:
        return f"Seven Senders gets the state {state}."
    if action is ReturnAction.RECEIVED and refunded_before:
        return "The order is refunded already; its Seven Senders state stays refunded."
    return f"Seven Senders had the state {state} for this order already."
