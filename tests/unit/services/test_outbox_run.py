"""The outbox's delivery loop stops when the station cancels it, whatever it is waiting on."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.domain.cycle import NewOutboxEntry, OutboxEntry, OutboxKind, OutboxStatus
from packstation.domain.errors import RateLimited
from packstation.services.outbox import OutboxPolicy, OutboxService, Parked, standard_handlers
from tests.unit.services.conftest import Bench


class WatchedJournal(SqliteJournal):
    """The journal, telling when the outbox asked for its next due time (then it waits)."""

    asked = asyncio.Event()

    async def next_attempt_at(self) -> datetime | None:
        found = await super().next_attempt_at()
        WatchedJournal.asked.set()
        return found


@pytest.mark.asyncio
async def test_a_cancel_that_comes_with_a_wake_up_still_stops_the_loop(bench: Bench) -> None:
    journal = WatchedJournal(bench.tmp / "watched.sqlite3")
    bench.journals.append(journal)
    WatchedJournal.asked = asyncio.Event()
    outbox = OutboxService(journal, journal, standard_handlers(bench.api), policy=OutboxPolicy())
    task = asyncio.create_task(outbox.run())
    await WatchedJournal.asked.wait()
    await asyncio.sleep(0)  # into its wait for the next due entry or a wake-up
    outbox.wake()  # the wake-up and the cancel arrive in the same turn of the loop
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=10)  # a bound, so a regression fails
    assert task in done
    assert task.cancelled()


# ---------------------------------------------------------------- boarding_complete by 7S's id


def _boarding(payload: dict[str, object]) -> OutboxEntry:
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    return OutboxEntry(
        id=1,
        order_id="A100",
        kind=OutboxKind.BOARDING_COMPLETE,
        payload=payload,
        status=OutboxStatus.PENDING,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )


@pytest.mark.asyncio
async def test_boarding_complete_puts_to_the_7s_id_in_the_entry(bench: Bench) -> None:
    order = bench.api.add_order("A100")
    deliver = standard_handlers(bench.api)[OutboxKind.BOARDING_COMPLETE]
    await deliver(_boarding({"sevensenders_id": order.id}))
    assert order.boarding_complete is True
    assert "find_order" not in bench.api.calls  # the id was kept: no look-up


@pytest.mark.asyncio
async def test_boarding_complete_of_an_older_entry_looks_the_id_up(bench: Bench) -> None:
    order = bench.api.add_order("A100")
    deliver = standard_handlers(bench.api)[OutboxKind.BOARDING_COMPLETE]
    await deliver(_boarding({}))  # written before the id was kept
    assert order.boarding_complete is True
    assert bench.api.calls[-2:] == ["find_order", "update_order"]
    with pytest.raises(Parked, match="no order A101"):
        await deliver(replace(_boarding({}), order_id="A101"))


class Stuck:
    """An order-state delivery that does not end until ``answer`` is set (7S takes the
    request and does not answer); tells whether it started and whether it was cancelled."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.answer = asyncio.Event()
        self.cancelled = False

    async def deliver(self, entry: OutboxEntry) -> str:
        self.started.set()
        try:
            await self.answer.wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        return ""


def stuck_outbox(bench: Bench) -> tuple[OutboxService, Stuck]:
    stuck = Stuck()
    outbox = OutboxService(bench.journal, bench.journal, {OutboxKind.ORDER_STATE: stuck.deliver})
    return outbox, stuck


async def queue_state(bench: Bench, order_id: str) -> None:
    await bench.journal.enqueue(
        [NewOutboxEntry(order_id, OutboxKind.ORDER_STATE, {"state": "in_preparation"}, None)]
    )


@pytest.mark.asyncio
async def test_flush_before_the_label_is_bounded_while_a_delivery_hangs(bench: Bench) -> None:
    outbox, stuck = stuck_outbox(bench)
    await queue_state(bench, "A100")
    try:
        async with asyncio.timeout(10):  # a bound, so a regression fails instead of hanging
            assert await outbox.flush_order("A100", 0.2, retry_s=0.05) is False
        (entry,) = await outbox.pending_for("A100")  # still queued, for the background loop
        assert entry.status is OutboxStatus.PENDING
    finally:
        await outbox.settle(0)  # shutdown: what is still in flight is cancelled now
    assert stuck.cancelled
    (entry,) = await outbox.pending_for("A100")  # and its entry stays queued
    assert entry.status is OutboxStatus.PENDING


@pytest.mark.asyncio
async def test_the_bound_stops_the_waiting_not_the_delivery_in_flight(bench: Bench) -> None:
    # a request cancelled halfway can leave its connection open and its outcome unknown:
    # at the bound the packer goes on, and the delivery ends on its own in the background
    outbox, stuck = stuck_outbox(bench)
    await queue_state(bench, "A100")
    async with asyncio.timeout(10):
        assert await outbox.flush_order("A100", 0.2, retry_s=0.05) is False
        assert stuck.started.is_set()
        await asyncio.sleep(0.05)
        assert not stuck.cancelled
        stuck.answer.set()  # 7S answers after all
        await outbox.settle(10)
    assert not stuck.cancelled
    assert await outbox.pending_for("A100") == []
    (entry,) = await bench.journal.entries(order_id="A100")
    assert entry.status is OutboxStatus.DELIVERED


@pytest.mark.asyncio
async def test_flush_is_bounded_while_a_background_pass_holds_the_queue(bench: Bench) -> None:
    # the background pass is stuck in a delivery (it holds the outbox's pass lock): the wait
    # before the label must not queue behind it for longer than its own bound
    outbox, stuck = stuck_outbox(bench)
    await queue_state(bench, "A100")
    background = asyncio.create_task(outbox.deliver_due())
    try:
        async with asyncio.timeout(10):
            await stuck.started.wait()
            assert await outbox.flush_order("A100", 0.2) is False
    finally:
        background.cancel()
        await asyncio.gather(background, return_exceptions=True)
        async with asyncio.timeout(10):
            await outbox.settle(10)  # past its bound when it gets the queue: no new attempt
    (entry,) = await outbox.pending_for("A100")
    assert entry.attempts == 0


@pytest.mark.asyncio
async def test_flush_before_the_label_keeps_to_7s_retry_after(bench: Bench) -> None:
    # 7S answers 429 with a Retry-After longer than the wait before the label: the flush
    # stops at once instead of asking again every few milliseconds until its bound
    tries: list[str] = []

    async def refuse(entry: OutboxEntry) -> str:
        tries.append(entry.describe())
        raise RateLimited("Too Many Requests", retry_after=100_000.0)

    outbox = OutboxService(bench.journal, bench.journal, {OutboxKind.ORDER_STATE: refuse})
    await queue_state(bench, "A100")
    async with asyncio.timeout(10):
        assert await outbox.flush_order("A100", 1.0, retry_s=0.01) is False
    assert tries == ["A100: order state in_preparation"]
    (entry,) = await outbox.pending_for("A100")  # still queued, after 7S's pause
    assert entry.status is OutboxStatus.PENDING


@pytest.mark.asyncio
async def test_drain_is_bounded_while_a_delivery_hangs(bench: Bench) -> None:
    outbox, _ = stuck_outbox(bench)
    await queue_state(bench, "A100")
    async with asyncio.timeout(10):
        counts = await outbox.drain(0.2)
    assert counts.pending == 1
