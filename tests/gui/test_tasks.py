"""TaskRunner keeps tasks alive, reports failures once, and cancels on shutdown."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

from pytestqt.qtbot import QtBot

from packstation.ui.tasks import TaskRunner
from tests.gui.conftest import RunAsync, wait_until


def test_tasks_survive_garbage_collection_and_report_idle(
    qtbot: QtBot, run_async: RunAsync[Any]
) -> None:
    runner = TaskRunner()
    done: list[int] = []
    idle: list[bool] = []
    runner.idle_changed.connect(idle.append)

    async def work(n: int) -> None:
        await asyncio.sleep(0.02)
        done.append(n)

    async def scenario() -> None:
        for n in range(5):
            runner.start(work(n), name=f"work {n}")  # no reference kept by the caller
        gc.collect()
        assert not runner.is_idle()
        await wait_until(runner.is_idle)

    run_async(scenario())
    assert sorted(done) == [0, 1, 2, 3, 4]
    assert idle == [False, True]


def test_failures_reach_the_failed_signal(qtbot: QtBot, run_async: RunAsync[Any]) -> None:
    runner = TaskRunner()
    failures: list[tuple[str, object]] = []
    runner.failed.connect(lambda name, exc: failures.append((name, exc)))

    async def boom() -> None:
        raise RuntimeError("printer on fire")

    async def scenario() -> None:
        runner.start(boom(), name="print label")
        await wait_until(runner.is_idle)

    run_async(scenario())
    assert len(failures) == 1
    assert failures[0][0] == "print label"
    assert str(failures[0][1]) == "printer on fire"


def test_cancel_all_stops_pending_work(qtbot: QtBot, run_async: RunAsync[Any]) -> None:
    runner = TaskRunner()
    finished: list[str] = []

    async def slow() -> None:
        await asyncio.sleep(30)
        finished.append("slow")

    async def scenario() -> None:
        runner.start(slow(), name="slow")
        await asyncio.sleep(0)
        await runner.cancel_all()

    run_async(scenario())
    assert runner.is_idle()
    assert finished == []
