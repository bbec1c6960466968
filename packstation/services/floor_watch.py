"""Keeping the shift view fresh: LISTEN/NOTIFY on the warehouse store, polling as the fallback.

``FloorWatch`` reads the shift figures once, then again whenever the store announces a change
(the schema's triggers NOTIFY on every change of benches, claims, the journal copy, customs
shipments and manifests) — at most once per ``min_interval_s``, so a busy floor costs the store
a bounded number of reads per view — and every ``safety_s`` anyway (a bench that stops sends no
notification: it goes offline by the clock). While the store cannot be listened to (down, or a
schema before migration 5) it polls every ``poll_s`` and tries to listen again every
``retry_s``. The choice and its figures (40 benches, 8 hours of journal, 3 views): a change is
on screen after 1.1 s at the median and never more than 2 s late, against 4.8 s and three in
ten short claims never shown polling every 10 s; on a busy floor it costs what polling every
2 s costs, on a quiet one nearly nothing (``benchmarks/shift_refresh.py``, docs/warehouse.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from packstation.domain.warehouse import WarehouseUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

#: ``WarehouseLink.listen``: calls ``changed`` per notification, ``ready`` once listening.
Listen = Callable[[Callable[[], None], Callable[[], None]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class WatchPolicy:
    """How often the figures are read.

    Attributes:
        poll_s: between reads while the store cannot be listened to (polling).
        safety_s: between reads while listening and nothing changes (benches going offline,
            figures of the last hour moving on).
        min_interval_s: the least time between two reads however busy the floor is.
        retry_s: how soon listening is tried again after it failed.
    """

    poll_s: float = 2.0
    safety_s: float = 30.0
    min_interval_s: float = 2.0
    retry_s: float = 15.0


class FloorWatch(Generic[T]):
    """Reads ``read()`` when the floor changes and hands the result to ``show`` (see module)."""

    def __init__(
        self,
        read: Callable[[], Awaitable[T]],
        show: Callable[[T], None],
        listen: Listen | None = None,
        policy: WatchPolicy = WatchPolicy(),
        clock: Callable[[], float] = time.monotonic,
        ok: Callable[[T], bool] = lambda result: result is not None,
    ) -> None:
        """``ok``: whether a read got the figures; after one that did not, the next comes after
        ``poll_s`` even while listening (the store may be back without a word)."""
        self._read = read
        self._ok = ok
        self._show = show
        self._listen = listen
        self.policy = policy
        self._clock = clock
        self._wake = asyncio.Event()
        self._last_read = float("-inf")
        self.listening = False
        self.tried_listening = False  # the listener's first attempt has ended (or it listens)
        self.reads = 0  # how often the figures were read (for the benchmark and tests)
        self.notifications = 0

    def poke(self) -> None:
        """Read again soon (a notification, or the shift lead's F5)."""
        self._wake.set()

    def _changed(self) -> None:
        self.notifications += 1
        self._wake.set()

    def _ready(self) -> None:
        self.listening = True
        self.tried_listening = True
        self._wake.set()  # read once more: a change just before LISTEN is not missed

    async def run(self) -> None:
        """Until cancelled."""
        listener = asyncio.ensure_future(self._keep_listening()) if self._listen else None
        try:
            while True:
                self._wake.clear()
                self._last_read = self._clock()
                self.reads += 1
                result = await self._read()
                self._show(result)
                listened = self.listening and self._ok(result)
                interval = self.policy.safety_s if listened else self.policy.poll_s
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(interval):
                        await self._wake.wait()
                gap = self._last_read + self.policy.min_interval_s - self._clock()
                if gap > 0:
                    await asyncio.sleep(gap)
        finally:
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await listener

    async def _keep_listening(self) -> None:
        assert self._listen is not None
        while True:
            try:
                await self._listen(self._changed, self._ready)
            except WarehouseUnavailable as exc:
                log.info("the shift view polls: %s", exc)
            except Exception:  # the view polls on whatever the listener did
                log.exception("listening to the warehouse store failed")
            self.tried_listening = True
            if self.listening:
                self.listening = False
                self._wake.set()  # from now on: poll
            await asyncio.sleep(self.policy.retry_s)
