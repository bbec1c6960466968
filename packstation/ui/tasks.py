"""TaskRunner: the one way the UI starts coroutines on the qasync loop.

WORKAROUND: qasync 0.28.0's ``@asyncSlot`` keeps no strong reference to the task it creates, so a
task can be garbage-collected mid-flight (qasync issue #98, fixed after that release). The runner
keeps every task until it finishes, reports failures through one signal, and answers ``is_idle``
for tests and ``cancel_all`` for an orderly shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """Starts coroutines, keeps them alive, and routes their failures.

    Signals:
        failed(str, object): a task named by the first argument raised the exception given.
        idle_changed(bool): True when the last running task finished, False when one starts.
    """

    failed = Signal(str, object)
    idle_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self, coro: Coroutine[Any, Any, Any], name: str = "task") -> asyncio.Task[Any]:
        was_idle = not self._tasks
        task = asyncio.ensure_future(coro)
        task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        if was_idle:
            self.idle_changed.emit(False)
        return task

    def is_idle(self) -> bool:
        return not self._tasks

    async def drain(self, within_s: float) -> None:
        """Let the running tasks finish for up to ``within_s`` seconds, then cancel the rest.

        For shutdown: a printer status query or a journal write is better finished than cut
        off mid-way (a cancelled connect can leave its socket open).
        """
        tasks = list(self._tasks)
        if tasks:
            await asyncio.wait(tasks, timeout=within_s)
        await self.cancel_all()

    async def cancel_all(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled():
            exc = task.exception()
            if exc is not None:
                log.error("%s failed: %s", task.get_name(), exc)
                self.failed.emit(task.get_name(), exc)
        if not self._tasks:
            self.idle_changed.emit(True)
