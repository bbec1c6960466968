"""The outbox: 7S calls that may wait, delivered in order per order, with backoff.

Order states, ``boarding_complete``, order items (Return Portal Pro) and, later, customs
shipments do not have to happen while the packer waits. The packing service writes them to
the durable outbox (in the same transaction as the cycle step that made them due) and this
service delivers them in the background:

* **in order per order**: only the oldest pending entry of an order is tried; the next one
  waits until it is delivered or parked. Different orders do not wait for each other.
* **backoff** when 7S is unreachable, busy (429: its ``Retry-After`` is honoured) or failing;
  packing goes on meanwhile and the pending count is visible (``counts()``, listeners).
* **parked, not retried forever**: an answer that will never succeed (400 validation, 404) is
  kept as *failed, needs attention* with the reason; ``requeue`` puts it back after a fix.
* An order state refused because the order is already further along (the label was bought
  first and 7S moved the order to ``shipped``) is not retried: it is recorded as
  *superseded* — never as delivered, since 7S does not have it.

Assumption, documented in docs/settings.md: posting the state an order already has is accepted
by 7S as a no-op (the sandbox does so), so an order state whose outcome is unknown (timeout,
dropped connection, 5xx) is simply sent again. ``boarding_complete`` is a PUT and the order
items step looks before it creates, so all three are safe to resend.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from packstation.domain.cycle import (
    JournalEvent,
    JournalKind,
    OutboxCounts,
    OutboxEntry,
    OutboxKind,
    OutboxStatus,
)
from packstation.domain.errors import (
    AuthenticationFailed,
    MalformedResponse,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.shipping import (
    FORWARD_PATH,
    NewOrderItem,
    OrderState,
    OrderUpdate,
    is_before,
)
from packstation.ports import Journal, OutboxStore, ShippingApi

log = logging.getLogger(__name__)

#: Delivers one entry; returns a note for the journal ("" when there is nothing to say).
Deliver = Callable[[OutboxEntry], Awaitable[str]]


class Parked(Exception):
    """Raised by a delivery handler: this entry will never succeed as it is."""


class Superseded(Exception):
    """Raised by a delivery handler: 7S refused the entry because the order is already
    further along. It is not delivered (7S does not have it) and not retried."""


@dataclass(frozen=True, slots=True)
class OutboxPolicy:
    """How patiently the outbox retries.

    Attributes:
        base_delay_s: the first wait after a failure; doubled on every further one.
        max_delay_s: the longest wait between two attempts.
        concurrency: how many orders are worked on at once.
    """

    base_delay_s: float = 2.0
    max_delay_s: float = 300.0
    concurrency: int = 4

    def delay(self, attempts: int, rand: Callable[[], float]) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt (75–100 % jitter)."""
        base = min(self.base_delay_s * 2.0 ** min(max(attempts - 1, 0), 32), self.max_delay_s)
        return base * (0.75 + 0.25 * min(max(rand(), 0.0), 1.0))


def _now() -> datetime:
    return datetime.now(UTC)


class OutboxService:
    """Delivers the outbox in the background (``run``) or on demand (``drain``).

    Args:
        store: the durable queue.
        journal: where each delivery, retry and parking is recorded.
        handlers: how to deliver each kind (see ``standard_handlers``); a kind without a
            handler is parked with a plain reason.
        policy: backoff.
        on_change: called with the new counts whenever they may have changed.
    """

    def __init__(
        self,
        store: OutboxStore,
        journal: Journal,
        handlers: Mapping[OutboxKind, Deliver],
        *,
        policy: OutboxPolicy = OutboxPolicy(),
        clock: Callable[[], datetime] = _now,
        rand: Callable[[], float] = random.random,
        on_change: Callable[[OutboxCounts], None] | None = None,
    ) -> None:
        self._store = store
        self._journal = journal
        self._handlers = dict(handlers)
        self._policy = policy
        self._clock = clock
        self._rand = rand
        self._listeners: list[Callable[[OutboxCounts], None]] = []
        if on_change is not None:
            self._listeners.append(on_change)
        self._wake = asyncio.Event()
        self._pass_lock = asyncio.Lock()
        self._counts = OutboxCounts()
        self._background: set[asyncio.Task[bool]] = set()  # flushes no one waits for any more

    # ------------------------------------------------------------------ public

    @property
    def last_counts(self) -> OutboxCounts:
        """The counts as of the last change (no disk access)."""
        return self._counts

    def subscribe(self, listener: Callable[[OutboxCounts], None]) -> Callable[[], None]:
        """Call ``listener`` with the counts whenever they change; returns an unsubscriber."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def add_handler(self, kind: OutboxKind, deliver: Deliver) -> None:
        """Deliver ``kind`` with ``deliver`` (the customs step registers itself here)."""
        self._handlers[kind] = deliver

    def wake(self) -> None:
        """Something was enqueued: look at the queue now rather than at the next due time."""
        self._wake.set()

    async def counts(self) -> OutboxCounts:
        counts = await self._store.counts()
        self._publish(counts)
        return counts

    async def run(self) -> None:
        """Deliver forever (until cancelled): whatever is due, then sleep until the next."""
        while True:
            try:
                await self.deliver_due()
                wait = await self._seconds_to_next()
            except asyncio.CancelledError:
                raise
            except Exception:  # a broken journal must not kill the loop silently
                log.exception("the outbox pass failed; trying again in a while")
                wait = self._policy.max_delay_s
            self._wake.clear()
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel
            # that arrives as the event is set, and the station's shutdown then waits forever
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()

    async def drain(self, within_s: float) -> OutboxCounts:
        """Deliver until nothing is pending or ``within_s`` seconds passed; returns the counts.

        Bounded: a delivery still running when the time is up is cancelled (its entry stays
        pending and is looked up or sent again later; every handler is safe to repeat).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within_s
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout_at(deadline):
                    await self.deliver_due()
            counts = await self.counts()
            if counts.pending == 0:
                return counts
            left = deadline - loop.time()
            if left <= 0:
                return counts
            wait = min(await self._seconds_to_next(), left)
            self._wake.clear()
            # asyncio.timeout, not wait_for (see ``run``)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(wait, 0.0)):
                    await self._wake.wait()

    async def flush_order(self, order_id: str, within_s: float, *, retry_s: float = 0.25) -> bool:
        """Deliver the pending entries of one order now; True if none is left pending.

        Used before buying a label, so that ``in_preparation`` reaches 7S before the label
        moves the order to ``shipped`` — normally it was delivered long before. An entry that
        fails is tried again (ignoring the outbox's backoff) after ``retry_s``, doubled each
        time; an entry refused for good (parked) ends the wait at once. Everything — waiting
        for a background pass to finish, the deliveries and the pauses — takes at most
        ``within_s`` seconds in all. Whatever is still pending afterwards stays in the outbox.

        Only the waiting is bounded: a delivery still in flight at the bound is not cancelled
        (a request cancelled halfway can leave its connection open and its outcome unknown).
        It ends on its own (the API client's own limits) in the background and is recorded
        as usual; no new attempt starts after the bound. ``settle`` waits for it at shutdown.
        """
        if not await self.pending_for(order_id):
            return True  # the usual case: nothing to wait for, and no lock to queue behind
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(within_s, 0.0)
        flush = asyncio.create_task(
            self._flush(order_id, deadline, max(retry_s, 0.01)), name=f"flush {order_id}"
        )
        self._background.add(flush)
        flush.add_done_callback(self._finished_in_background)
        # asyncio.wait never cancels what it waits for (unlike a timeout around the flush)
        done, _ = await asyncio.wait({flush}, timeout=max(deadline - loop.time(), 0.0))
        if flush in done:
            return flush.result()
        return not await self.pending_for(order_id)

    async def _flush(self, order_id: str, deadline: float, pause: float) -> bool:
        loop = asyncio.get_running_loop()
        async with self._pass_lock:
            while True:
                pending = await self.pending_for(order_id)
                if not pending:
                    return True
                if loop.time() >= deadline:  # the waiting is over: no new attempt
                    return False
                before = pending[0]
                asked = await self._deliver_one(before)
                after = await self.pending_for(order_id)
                if after and after[0].id == before.id:  # it failed and was rescheduled
                    # 7S's Retry-After is respected: no new attempt before it has passed
                    wait = max(pause, asked or 0.0)
                    if deadline - loop.time() <= wait:
                        return False
                    await asyncio.sleep(wait)
                    pause *= 2

    def _finished_in_background(self, task: asyncio.Task[bool]) -> None:
        self._background.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("delivering an order's outbox entries failed", exc_info=error)

    async def settle(self, within_s: float) -> None:
        """Let deliveries still in flight after ``flush_order`` stopped waiting end (at most
        ``within_s`` seconds; then they are cancelled, their entries stay pending).

        Called at shutdown before the API client and the journal close.
        """
        running = set(self._background)
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=max(within_s, 0.0))
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late)

    async def entries_of(self, order_id: str) -> list[OutboxEntry]:
        """Every entry of one order, whatever its status, oldest first."""
        return await self._store.entries(order_id=order_id, limit=1000)

    async def pending_for(self, order_id: str) -> list[OutboxEntry]:
        """The entries of one order still waiting, oldest first."""
        return await self._store.entries(
            statuses=(OutboxStatus.PENDING,), order_id=order_id, limit=1000
        )

    async def deliver_due(self) -> int:
        """One pass: try the due head entry of every order; returns how many were tried."""
        async with self._pass_lock:
            due = await self._store.due(self._clock())
            if not due:
                return 0
            gate = asyncio.Semaphore(max(1, self._policy.concurrency))

            async def one(entry: OutboxEntry) -> None:
                async with gate:
                    await self._deliver_one(entry)

            await asyncio.gather(*(one(entry) for entry in due))
            await self.counts()
            return len(due)

    # ------------------------------------------------------------------ delivery

    async def _deliver_one(self, entry: OutboxEntry) -> float | None:
        """Try one entry and record the outcome; returns the seconds 7S asked to wait before
        the next request (its ``Retry-After``), if it said so."""
        handler = self._handlers.get(entry.kind)
        if handler is None:
            await self._park(entry, f"the station has no way to deliver {entry.kind.value} entries")
            return None
        try:
            note = await handler(entry)
        except Parked as exc:
            await self._park(entry, str(exc))
        except Superseded as exc:
            await self._superseded(entry, str(exc))
        except RateLimited as exc:
            wait = self._policy.delay(entry.attempts + 1, self._rand)
            if exc.retry_after is not None:
                wait = max(wait, exc.retry_after)
            await self._retry(entry, wait, str(exc))
            return exc.retry_after
        except (ServiceUnavailable, OutcomeUnknown, AuthenticationFailed, MalformedResponse) as exc:
            # unreachable, unknown outcome (all entries are safe to resend), a login problem
            # that a fixed key will cure, or an answer we could not read: try again later
            await self._retry(entry, self._policy.delay(entry.attempts + 1, self._rand), str(exc))
        except (ValidationFailed, NotFound) as exc:
            await self._park(entry, str(exc))
        except ShippingApiError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                await self._park(entry, str(exc))
            else:
                await self._retry(
                    entry, self._policy.delay(entry.attempts + 1, self._rand), str(exc)
                )
        except Exception as exc:  # a bug: park it visibly instead of retrying a crash forever
            log.exception("delivering outbox entry %s failed unexpectedly", entry.id)
            await self._park(entry, f"unexpected error: {type(exc).__name__}: {exc}")
        else:
            await self._delivered(entry, note)
        return None

    async def _delivered(self, entry: OutboxEntry, note: str) -> None:
        await self._store.delivered(entry.id, note)
        await self._record(
            entry,
            JournalKind.OUTBOX_DELIVERED,
            payload=dict(entry.payload),
            attempts=entry.attempts + 1,
            note=note,
        )

    async def _retry(self, entry: OutboxEntry, wait: float, error: str) -> None:
        when = self._clock() + timedelta(seconds=wait)
        await self._store.reschedule(entry.id, when, error)
        await self._record(
            entry,
            JournalKind.OUTBOX_RETRY,
            attempts=entry.attempts + 1,
            wait_s=round(wait, 3),
            error=error,
        )

    async def _superseded(self, entry: OutboxEntry, reason: str) -> None:
        log.warning("outbox entry %s (%s) was not taken: %s", entry.id, entry.describe(), reason)
        await self._store.superseded(entry.id, reason)
        await self._record(
            entry, JournalKind.OUTBOX_SUPERSEDED, payload=dict(entry.payload), reason=reason
        )

    async def _park(self, entry: OutboxEntry, reason: str) -> None:
        log.warning("outbox entry %s (%s) needs attention: %s", entry.id, entry.describe(), reason)
        await self._store.park(entry.id, reason)
        await self._record(entry, JournalKind.OUTBOX_FAILED, reason=reason)

    async def _record(self, entry: OutboxEntry, kind: JournalKind, **detail: object) -> None:
        """Journal what became of ``entry``: which entry and what it is, and ``detail``."""
        await self._journal.append(
            JournalEvent(
                kind=kind,
                order_id=entry.order_id,
                cycle_id=entry.cycle_id,
                detail={"entry": entry.id, "what": entry.kind.value, **detail},
            )
        )

    async def _seconds_to_next(self) -> float:
        nxt = await self._store.next_attempt_at()
        if nxt is None:
            return self._policy.max_delay_s
        return max(0.0, (nxt - self._clock()).total_seconds())

    def _publish(self, counts: OutboxCounts) -> None:
        if counts == self._counts:
            return
        self._counts = counts
        for listener in list(self._listeners):
            try:
                listener(counts)
            except Exception:
                log.exception("an outbox listener failed")


# ---------------------------------------------------------------------- standard handlers


def standard_handlers(api: ShippingApi) -> dict[OutboxKind, Deliver]:
    """Delivery of order states, boarding_complete and order items over the shipping API."""
    deliveries = _Deliveries(api)
    return {
        OutboxKind.ORDER_STATE: deliveries.order_state,
        OutboxKind.BOARDING_COMPLETE: deliveries.boarding_complete,
        OutboxKind.ORDER_ITEMS: deliveries.order_items,
    }


class _Deliveries:
    """The standard handlers: each delivers one outbox entry over ``api``."""

    def __init__(self, api: ShippingApi) -> None:
        self._api = api

    async def order_state(self, entry: OutboxEntry) -> str:
        api = self._api
        state = OrderState(str(entry.payload["state"]))
        # when it happened (returns desk): 7S gets that time, not the time of delivery
        at_text = entry.payload.get("at")
        at = datetime.fromisoformat(str(at_text)) if at_text else None
        try:
            await api.post_order_state(entry.order_id, state, at)
        except ValidationFailed as refused:
            # refused: decided by what 7S holds, never by the wording of the refusal.
            # 7S has the state already (an earlier attempt went through, its answer was
            # lost)? Then it is delivered. The order further along (never backwards; only
            # states of the forward path)? Then it is superseded.
            order = await api.find_order(entry.order_id)
            if order is not None:
                had = any(change.state == state.value for change in order.states_history)
                if had and (state in FORWARD_PATH or entry.attempts > 0):
                    return f"already at Seven Senders: the order's history has {state.value}"
                if state in FORWARD_PATH and not is_before(order.state, state):
                    raise Superseded(
                        f"superseded: the order is already {order.state}, so Seven Senders "
                        f"did not take {state.value}"
                    ) from None
            raise Parked(str(refused)) from None
        return ""

    async def boarding_complete(self, entry: OutboxEntry) -> str:
        # 7S's id of the order, kept when the order was opened (older entries: looked up)
        ref = entry.payload.get("sevensenders_id")
        if ref in (None, ""):
            order = await self._api.find_order(entry.order_id)
            if order is None:
                raise Parked(f"Seven Senders has no order {entry.order_id}")
            ref = order.id
        await self._api.update_order(str(ref), OrderUpdate(boarding_complete=True))
        return ""

    async def order_items(self, entry: OutboxEntry) -> str:
        shipment_id = str(entry.payload["shipment_id"])
        lines: Sequence[Mapping[str, object]] = entry.payload.get("lines", [])
        if "parcel" in entry.payload:
            return await self._box_items(entry, shipment_id, lines)
        existing = {item.sku: item for item in await self._api.list_order_items(entry.order_id)}
        linked = created = 0
        for line in lines:
            sku = str(line["sku"])
            item = existing.get(sku)
            if item is None:
                quantity = int(str(line.get("quantity", 1)))
                await self._create_item(entry, shipment_id, line, quantity)
                created += 1
            elif item.shipment_id != shipment_id:
                await self._api.link_order_item(item.id, shipment_id)
                linked += 1
        return f"{linked} linked, {created} created"

    async def _box_items(
        self, entry: OutboxEntry, shipment_id: str, lines: Sequence[Mapping[str, object]]
    ) -> str:
        """The items of one box linked to its parcel's shipment: an item already linked to
        it stays (a retry), one not linked yet (or linked to the voided label this one
        ``replaces``) is linked — taking this box's units when it has more —, otherwise the
        box's units are created as an item of their own: a SKU split over two boxes is two
        items, one per parcel."""
        replaces = entry.payload.get("replaces")
        items = await self._api.list_order_items(entry.order_id)
        linked = created = 0
        for line in lines:
            sku = str(line["sku"])
            quantity = int(str(line.get("quantity", 1)))
            if any(i.sku == sku and i.shipment_id == shipment_id for i in items):
                continue
            free = [
                i
                for i in items
                if i.sku == sku and (i.shipment_id is None or i.shipment_id == replaces)
            ]
            same = next((i for i in free if i.quantity == quantity), None)
            if same is None:  # a SKU split over boxes: the item takes this box's units
                same = next((i for i in free if i.quantity > quantity), None)
            if same is not None:
                await self._api.link_order_item(
                    same.id, shipment_id, None if same.quantity == quantity else quantity
                )
                items = [i for i in items if i.id != same.id]
                linked += 1
                continue
            await self._create_item(entry, shipment_id, line, quantity)
            created += 1
        return f"{linked} linked, {created} created"

    async def _create_item(
        self,
        entry: OutboxEntry,
        shipment_id: str,
        line: Mapping[str, object],
        quantity: int,
    ) -> None:
        """The order item of ``line`` (``quantity`` units) created, linked to the shipment."""
        ean = line.get("ean")
        await self._api.create_order_item(
            NewOrderItem(
                order_id=entry.order_id,
                sku=str(line["sku"]),
                quantity=quantity,
                name=str(line.get("name") or ""),
                ean=str(ean) if ean else None,
                shipment_id=shipment_id,
            )
        )
