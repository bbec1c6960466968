"""The outbox's delivery loop stops when the station cancels it, whatever it is waiting on."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.services.outbox import OutboxPolicy, OutboxService, standard_handlers
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
