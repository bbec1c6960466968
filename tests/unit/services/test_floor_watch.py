"""FloorWatch (the shift view's refresh, issue 15) with hand-written fakes of the store: a read
after each notification but never more than one per ``min_interval_s``, a read every
``safety_s`` while listening, polling while it cannot listen, and listening again later."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import pytest

from packstation.domain.warehouse import WarehouseUnavailable
from packstation.services.floor_watch import FloorWatch, WatchPolicy


class FakeStore:
    """Counts reads; ``listen`` fails ``failures`` times, then listens until told to drop."""

    def __init__(self, failures: int = 0) -> None:
        self.reads = 0
        self.failures = failures
        self.changed: Callable[[], None] | None = None
        self.drop = asyncio.Event()

    async def read(self) -> int:
        self.reads += 1
        return self.reads

    async def listen(self, changed: Callable[[], None], ready: Callable[[], None]) -> None:
        if self.failures:
            self.failures -= 1
            raise WarehouseUnavailable("the store cannot be listened to")
        self.changed = changed
        ready()
        await self.drop.wait()
        self.drop.clear()
        self.changed = None
        raise WarehouseUnavailable("connection lost")


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.005)


@contextlib.asynccontextmanager
async def running(watch: FloorWatch[int]) -> AsyncIterator[None]:
    task = asyncio.ensure_future(watch.run())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.mark.asyncio
async def test_without_listening_it_polls() -> None:
    store = FakeStore()
    shown: list[int] = []
    watch = FloorWatch(store.read, shown.append, None, WatchPolicy(poll_s=0.01))
    async with running(watch):
        await until(lambda: len(shown) >= 5)
    assert shown[:5] == [1, 2, 3, 4, 5]
    assert not watch.listening


@pytest.mark.asyncio
async def test_a_notification_brings_a_read_and_a_busy_floor_is_read_once_per_interval() -> None:
    store = FakeStore()
    shown: list[int] = []
    policy = WatchPolicy(poll_s=3600, safety_s=3600, min_interval_s=0.25, retry_s=3600)
    watch = FloorWatch(store.read, shown.append, store.listen, policy)
    async with running(watch):
        await until(lambda: watch.listening and len(shown) == 2)  # at start, and once listening
        assert store.changed is not None
        store.changed()
        await until(lambda: len(shown) == 3)  # no poll for an hour: the notification did it
        loop = asyncio.get_running_loop()
        started = loop.time()
        before = store.reads
        while loop.time() - started < 0.5:  # a notification every 5 ms for half a second
            store.changed()
            await asyncio.sleep(0.005)
        elapsed = loop.time() - started
        # about a hundred notifications, a read per 0.25 s at most (one in flight at the start)
        assert store.reads - before <= elapsed / 0.25 + 2
        assert watch.notifications > 50


@pytest.mark.asyncio
async def test_it_polls_while_it_cannot_listen_and_listens_again_later() -> None:
    store = FakeStore(failures=2)
    shown: list[int] = []
    policy = WatchPolicy(poll_s=0.01, safety_s=3600, min_interval_s=0.0, retry_s=0.05)
    watch = FloorWatch(store.read, shown.append, store.listen, policy)
    async with running(watch):
        await until(lambda: watch.listening)  # after two failures, polling meanwhile
        assert store.reads >= 2
        await asyncio.sleep(0.05)
        reads = store.reads
        await asyncio.sleep(0.1)
        assert store.reads <= reads + 1  # listening: no more polling (the safety read is hours)
        store.drop.set()  # the connection is lost: polling again, then listening again
        await until(lambda: not watch.listening)
        reads = store.reads
        await until(lambda: store.reads >= reads + 3 or watch.listening)
        await until(lambda: watch.listening)


@pytest.mark.asyncio
async def test_listening_a_failed_read_is_tried_again_after_the_poll_interval() -> None:
    store = FakeStore()
    answers = [None, None, 7]  # the store recovering: two reads fail, then figures
    shown: list[int | None] = []

    async def read() -> int | None:
        store.reads += 1
        return answers.pop(0) if answers else 8

    policy = WatchPolicy(poll_s=0.01, safety_s=3600, min_interval_s=0.0, retry_s=3600)
    watch: FloorWatch[int | None] = FloorWatch(read, shown.append, store.listen, policy)
    task = asyncio.ensure_future(watch.run())
    try:
        await until(lambda: 7 in shown)  # no notification came: the failures were read again
        assert watch.listening
        reads = store.reads
        await asyncio.sleep(0.1)
        assert store.reads <= reads + 1  # figures again: back to waiting for notifications
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.mark.asyncio
async def test_it_says_whether_it_has_tried_to_listen_yet() -> None:
    """Before the listener's first attempt ends, "not listening" is not yet "cannot listen"."""
    attempt = asyncio.Event()
    failures: list[str] = []

    async def listen(changed: Callable[[], None], ready: Callable[[], None]) -> None:
        await attempt.wait()
        failures.append("refused")
        raise WarehouseUnavailable("the store cannot be listened to")

    store = FakeStore()
    seen: list[tuple[bool, bool]] = []
    policy = WatchPolicy(poll_s=0.01, safety_s=3600, min_interval_s=0.0, retry_s=3600)
    watch = FloorWatch(
        store.read, lambda _: seen.append((watch.listening, watch.tried_listening)), listen, policy
    )
    async with running(watch):
        await until(lambda: len(seen) >= 2)
        assert seen[0] == (False, False)  # read first, while the listener connects
        attempt.set()
        await until(lambda: failures == ["refused"] and seen[-1] == (False, True))
    listening = FloorWatch(store.read, lambda _: None, FakeStore().listen, policy)
    async with running(listening):
        await until(lambda: listening.listening)
        assert listening.tried_listening
