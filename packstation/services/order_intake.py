"""Early order creation: create 7S orders from the merchant's files as soon as they arrive.

Seven Senders measures warehouse performance from the time an order was created to its
dispatch, so the station creates each order (``POST /orders`` with order date, URL, language
and tags) when the merchant's export has it, not when it is packed. Idempotent: an order the
station created before with the same data is not sent again; an order that exists at 7S is
left alone, or brought up to date (URL, language, tags) when the merchant's data changed.
Optional initial state (``paid``), never backwards. Bounded concurrency, progress after every
order, a summary at the end; a bad row or a refused order never stops the others.

The journal records when the station first saw each order (``OrderReceipt``); together with
the pack cycles that gives the figures of ``stats`` (packed per hour, median order age at
packing, median pack time).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from packstation.domain.cycle import JournalEvent, JournalKind
from packstation.domain.errors import (
    NotFound,
    OutcomeUnknown,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.intake import (
    ImportOutcome,
    ImportProblem,
    ImportProgress,
    ImportSummary,
    OrderAge,
    OrderReceipt,
    PackingStats,
    describe_order_age,
    new_order,
    order_hash,
    packing_stats,
)
from packstation.domain.orders import MerchantOrder, OrderListing
from packstation.domain.shipping import OrderState, OrderUpdate, SevenSendersOrder, is_before
from packstation.ports import Journal, OrderIntakeStore, ShippingApi

log = logging.getLogger(__name__)

ImportListener = Callable[[ImportProgress], None]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class _Run:
    receipts: dict[str, OrderReceipt]
    pending: list[OrderReceipt]
    outcomes: dict[str, ImportOutcome]
    problems: list[ImportProblem]
    states: list[str]
    done: int = 0


class OrderIntake:
    """Creates 7S orders ahead of packing (``packstation orders import|watch``) and reads the
    warehouse figures (``packstation stats``; the pack screen's order age).

    Args:
        api: Seven Senders.
        store: receipts (first seen, data hash) and the packing figures of the journal.
        journal: one event per import run.
        concurrency: orders sent at once (setting ``import_concurrency``).
        order_age_warning: an order older than this is shown as late on the pack screen.
    """

    def __init__(
        self,
        api: ShippingApi,
        store: OrderIntakeStore,
        journal: Journal,
        *,
        concurrency: int = 8,
        order_age_warning: timedelta = timedelta(hours=24),
        clock: Callable[[], datetime] = _now,
        batch_size: int = 100,
    ) -> None:
        self._api = api
        self._store = store
        self._journal = journal
        self._concurrency = max(1, concurrency)
        self._warn = order_age_warning
        self._clock = clock
        self._batch = max(1, batch_size)
        self._save_lock = asyncio.Lock()

    # ------------------------------------------------------------------ import

    async def import_listing(
        self,
        listing: OrderListing,
        *,
        source: str = "",
        initial_state: OrderState | None = None,
        on_progress: ImportListener | None = None,
    ) -> ImportSummary:
        """Create (or update) the listing's orders at 7S; the listing's problems are reported."""
        started = time.perf_counter()
        orders = listing.orders
        run = _Run(
            receipts=await self._store.receipts([o.order_id for o in orders]),
            pending=[],
            outcomes={},
            problems=[ImportProblem(p.message, p.location) for p in listing.problems],
            states=[],
        )
        total = len(orders)
        gate = asyncio.Semaphore(self._concurrency)

        async def one(order: MerchantOrder) -> None:
            async with gate:
                try:
                    outcome, message = await self._one(order, run, source, initial_state)
                except Exception as exc:  # a bug: report it for this order, go on with the rest
                    log.exception("importing order %s failed unexpectedly", order.order_id)
                    outcome, message = ImportOutcome.FAILED, f"unexpected error: {exc}"
                    run.problems.append(ImportProblem(message, source, order.order_id))
            run.outcomes[order.order_id] = outcome
            run.done += 1
            if len(run.pending) >= self._batch:
                await self._flush(run)
            if on_progress is not None:
                try:
                    on_progress(ImportProgress(run.done, total, order.order_id, outcome, message))
                except Exception:
                    log.exception("an import progress listener failed")

        await asyncio.gather(*(one(order) for order in orders))
        await self._flush(run)
        by: dict[ImportOutcome, list[str]] = {o: [] for o in ImportOutcome}
        for order_id, outcome in run.outcomes.items():
            by[outcome].append(order_id)
        summary = ImportSummary(
            source=source,
            total=total + sum(1 for p in listing.problems),
            created=tuple(sorted(by[ImportOutcome.CREATED])),
            updated=tuple(sorted(by[ImportOutcome.UPDATED])),
            existing=tuple(sorted(by[ImportOutcome.EXISTING])),
            unchanged=tuple(sorted(by[ImportOutcome.UNCHANGED])),
            failed=tuple(run.problems),
            states_posted=tuple(sorted(run.states)),
            seconds=round(time.perf_counter() - started, 3),
        )
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.ORDERS_IMPORTED,
                detail={
                    "source": source,
                    "initial_state": initial_state.value if initial_state else None,
                    **summary.counts(),
                    "seconds": summary.seconds,
                },
            )
        )
        return summary

    async def watch(
        self,
        read: Callable[[], Awaitable[OrderListing]],
        *,
        source: str = "",
        interval_s: float = 5.0,
        once: bool = False,
        initial_state: OrderState | None = None,
        on_pass: Callable[[ImportSummary], None] | None = None,
        on_progress: ImportListener | None = None,
    ) -> ImportSummary:
        """Import whatever ``read`` returns, again every ``interval_s`` until cancelled.

        Each pass costs no 7S call for orders imported before with the same data. Problems
        are reported in every pass's summary. Returns the last summary (``once``: the only).
        """
        while True:
            listing = await read()
            summary = await self.import_listing(
                listing, source=source, initial_state=initial_state, on_progress=on_progress
            )
            if on_pass is not None:
                on_pass(summary)
            if once:
                return summary
            await asyncio.sleep(interval_s)

    async def _one(
        self,
        order: MerchantOrder,
        run: _Run,
        source: str,
        initial_state: OrderState | None,
    ) -> tuple[ImportOutcome, str]:
        data_hash = order_hash(order)
        receipt = run.receipts.get(order.order_id)
        wanted_state = initial_state.value if initial_state else ""
        if (
            receipt is not None
            and receipt.data_hash == data_hash
            and (not wanted_state or receipt.state == wanted_state)
        ):
            return ImportOutcome.UNCHANGED, ""
        seven: SevenSendersOrder | None
        try:
            if receipt is None:
                outcome, seven = await self._create(order)
            else:
                outcome, seven = await self._refresh(order, receipt, data_hash)
        except ShippingApiError as exc:
            run.problems.append(ImportProblem(str(exc), source, order.order_id))
            return ImportOutcome.FAILED, str(exc)
        state = receipt.state if receipt else ""
        message = ""
        if initial_state is not None and seven is not None:
            if is_before(seven.state, initial_state):
                try:
                    await self._api.post_order_state(order.order_id, initial_state)
                    state = initial_state.value
                    run.states.append(order.order_id)
                except ShippingApiError as exc:
                    message = f"the state {initial_state.value} was not set: {exc}"
                    run.problems.append(ImportProblem(message, source, order.order_id))
            else:
                state = initial_state.value  # already there or further: nothing to send
        now = self._clock()
        run.pending.append(
            OrderReceipt(
                order_id=order.order_id,
                order_date=order.order_date,
                received_at=receipt.received_at if receipt else now,
                data_hash=data_hash,
                sevensenders_id=seven.id if seven else None,
                state=state,
                source=source,
                updated_at=now,
            )
        )
        return outcome, message

    async def _create(self, order: MerchantOrder) -> tuple[ImportOutcome, SevenSendersOrder | None]:
        # after an unknown outcome or any refusal, the order looked up by its order id
        # decides (a duplicate in whatever words), never the wording of the answer
        try:
            return ImportOutcome.CREATED, await self._api.create_order(new_order(order))
        except ValidationFailed:
            found = await self._api.find_order(order.order_id)
            if found is None:
                raise
            if _differs(order, found):
                updated = await self._api.update_order(found.id, _update(order))
                return ImportOutcome.UPDATED, updated
            return ImportOutcome.EXISTING, found
        except OutcomeUnknown:
            found = await self._api.find_order(order.order_id)
            if found is not None:
                return ImportOutcome.CREATED, found
        try:
            return ImportOutcome.CREATED, await self._api.create_order(new_order(order))
        except (ValidationFailed, OutcomeUnknown):
            found = await self._api.find_order(order.order_id)
            if found is None:
                raise
            return ImportOutcome.CREATED, found

    async def _refresh(
        self, order: MerchantOrder, receipt: OrderReceipt, data_hash: str
    ) -> tuple[ImportOutcome, SevenSendersOrder | None]:
        if receipt.data_hash == data_hash:  # only the initial state is missing
            found = await self._api.find_order(order.order_id)
            if found is None:
                return await self._create(order)
            return ImportOutcome.EXISTING, found
        ref = receipt.sevensenders_id
        if ref is None:  # received before its 7S id was kept: look it up by order_id
            found = await self._api.find_order(order.order_id)
            if found is None:
                return await self._create(order)
            ref = found.id
        try:
            updated = await self._api.update_order(ref, _update(order))
        except NotFound:
            return await self._create(order)
        return ImportOutcome.UPDATED, updated

    async def _flush(self, run: _Run) -> None:
        async with self._save_lock:
            if not run.pending:
                return
            batch, run.pending = run.pending, []
            await self._store.save_receipts(batch)

    # ------------------------------------------------------------------ figures

    async def stats(self, since: datetime | None = None) -> PackingStats:
        """Packed per hour, median order age at packing, median pack time (from the journal)."""
        return packing_stats(await self._store.packed_orders(since), since)

    def order_age(self, order_date: datetime) -> OrderAge:
        """The order's age for the pack screen (``level`` LATE past the station's warning age)."""
        return describe_order_age(order_date, self._clock(), self._warn)

    async def receipt(self, order_id: str) -> OrderReceipt | None:
        """When the station first saw the order (None: not imported ahead of packing)."""
        return (await self._store.receipts([order_id])).get(order_id)


def _update(order: MerchantOrder) -> OrderUpdate:
    return OrderUpdate(order_url=order.order_url, language=order.language, tags=dict(order.tags))


def _differs(order: MerchantOrder, found: SevenSendersOrder) -> bool:
    def norm(tags: Mapping[str, str]) -> dict[str, str]:
        return {str(k): str(v) for k, v in tags.items()}

    return (
        (order.order_url is not None and order.order_url != found.order_url)
        or (order.language is not None and order.language != found.language)
        or (bool(order.tags) and norm(order.tags) != norm(found.tags))
    )
