"""The packer's intents, one after the other: a scan typed while a label is bought waits its turn.

``IntentQueue`` runs coroutines in the order they were put, on the qasync loop (through the
``TaskRunner``), one at a time. Intents put while the station is not running yet are kept and
run once it is (``resume``); after ``stop_accepting`` the one at hand finishes and no other
starts. A failing intent is handed to ``on_failure`` and the next one runs; the busy state is
reset on every path.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Coroutine
from enum import Enum, auto
from typing import Any

from packstation.ui.tasks import TaskRunner

Intent = Callable[[], Coroutine[Any, Any, None]]


class Queued(Enum):
    """What became of an intent just put (the caller may say so)."""

    HELD = auto()  # the station is not running yet: kept for later
    PAUSED = auto()  # not accepting (the station is closing)
    WAITING = auto()  # another intent is being carried out: this one is next in line
    STARTED = auto()  # carried out now


class IntentQueue:
    """Runs intents in order, one at a time.

    Args:
        runner: starts the pump on the qasync loop.
        can_run: whether intents may run now (the station is attached).
        on_failure: an intent (by name) raised; the queue goes on with the next.
        after_each: called after every intent with True when the queue is empty.
        on_busy: True when the pump starts, False when it stops.
    """

    def __init__(
        self,
        runner: TaskRunner,
        *,
        can_run: Callable[[], bool],
        on_failure: Callable[[str, Exception], None],
        after_each: Callable[[bool], None],
        on_busy: Callable[[bool], None],
    ) -> None:
        self._runner = runner
        self._can_run = can_run
        self._on_failure = on_failure
        self._after_each = after_each
        self._on_busy = on_busy
        self._queue: deque[tuple[str, Intent]] = deque()
        self._pumping = False
        self._idle_event = asyncio.Event()
        self._idle_event.set()
        self.accepting = True

    def __len__(self) -> int:
        return len(self._queue)

    def put(self, name: str, intent: Intent) -> Queued:
        self._queue.append((name, intent))
        if not self._can_run():
            return Queued.HELD
        if not self.accepting:
            return Queued.PAUSED
        if self._pumping:
            return Queued.WAITING
        self._start_pump()
        return Queued.STARTED

    def resume(self) -> None:
        """The station runs now: carry out what was kept."""
        if self._queue and not self._pumping:
            self._start_pump()

    def idle(self) -> bool:
        """Nothing queued and nothing being done."""
        return not self._queue and not self._pumping

    async def wait_idle(self) -> None:
        """Until the intent being handled is done (queued ones may remain if not accepting)."""
        await self._idle_event.wait()

    def _start_pump(self) -> None:
        self._pumping = True
        self._idle_event.clear()
        self._runner.start(self._pump(), name="packing bench")

    async def _pump(self) -> None:
        self._on_busy(True)
        try:
            while self._queue and self._can_run() and self.accepting:
                name, intent = self._queue.popleft()
                try:
                    await intent()
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # noqa: BLE001 - handed on; the next intent runs
                    self._on_failure(name, exc)
                finally:
                    self._after_each(not self._queue)
        finally:
            self._pumping = False
            self._idle_event.set()
            self._on_busy(False)
