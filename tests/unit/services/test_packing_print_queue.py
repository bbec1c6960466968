"""Labels through the print queue: held while the printer is down, printed once when it is back."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from packstation.adapters.print_jobs_sqlite import SqlitePrintJobStore
from packstation.domain.cycle import AttemptStatus, CycleStatus
from packstation.domain.print_jobs import PrintJobState
from packstation.services.packing import (
    CycleReport,
    LabelPrinted,
    PackingService,
    StationPolicy,
)
from packstation.services.print_queue import PrintQueue
from tests.fakes import FakePrinter
from tests.unit.services.conftest import Bench, make_service

EAN = "4006381333931"


@pytest_asyncio.fixture
async def store(bench: Bench) -> AsyncIterator[SqlitePrintJobStore]:
    jobs = SqlitePrintJobStore(bench.tmp / "journal.sqlite3")  # the journal's file, its own table
    await jobs.open()
    yield jobs
    await jobs.close()


def with_queue(bench: Bench, store: SqlitePrintJobStore) -> tuple[PackingService, PrintQueue]:
    printer = bench.printer
    queue = PrintQueue(store, lambda uri: printer, retry_base=0.01, retry_max=0.05)
    bench.restart(StationPolicy(station_name="bench-1", retry_delay_s=0.0))
    service = make_service(bench, print_queue=queue)
    bench.service = service
    return service, queue


async def pack(service: PackingService) -> CycleReport:
    await service.open_order("A100")
    await service.scan_item(EAN)
    await service.scan_item(EAN)
    report = await service.finish()
    assert isinstance(report, CycleReport)
    return report


@pytest.mark.asyncio
async def test_a_held_label_prints_once_when_the_printer_is_back(
    bench: Bench, store: SqlitePrintJobStore
) -> None:
    service, queue = with_queue(bench, store)
    bench.printer.offline = True
    report = await pack(service)
    assert report.status is CycleStatus.NEEDS_PRINT
    assert report.parcels[0].print_outcome == "held"
    assert any("is held" in w for w in report.warnings)
    assert [j.state for j in await queue.pending()] == [PrintJobState.HELD]

    # resuming in the same process must not add a second job beside the held one
    bench.printer.offline = True
    again = await service.resume()
    assert again[0].report is not None
    assert len(await queue.history()) == 1

    bench.printer.offline = False
    await queue.retry_held(force=True)
    await service.wait_for_queued_prints()
    assert len(bench.printer.printed) == 1
    record = await bench.journal.latest_cycle("A100")
    assert record is not None
    assert record.status is CycleStatus.DONE
    (attempt,) = await bench.journal.attempts(record.cycle_id)
    assert attempt.status is AttemptStatus.PRINTED
    printed = [e for e in bench.events if isinstance(e, LabelPrinted)]
    assert [e.printed for e in printed] == [False, False, True]  # held, still held, printed


@pytest.mark.asyncio
async def test_resume_sends_the_held_job_again_instead_of_a_new_one(
    bench: Bench, store: SqlitePrintJobStore
) -> None:
    service, _ = with_queue(bench, store)
    bench.printer.offline = True
    await pack(service)

    # the station restarts; the printer is back; resume finishes the cycle
    bench.printer = FakePrinter()
    service, queue = with_queue(bench, store)
    results = await service.resume()
    assert results[0].report is not None
    assert results[0].report.status is CycleStatus.DONE
    assert len(bench.printer.printed) == 1
    history = await queue.history()
    assert [(j.state, j.reprint_of) for j in history] == [(PrintJobState.PRINTED, None)]
    assert len(bench.api.live_labels()) == 1


@pytest.mark.asyncio
async def test_reprint_goes_through_the_queue_as_a_reprint(
    bench: Bench, store: SqlitePrintJobStore
) -> None:
    service, queue = with_queue(bench, store)
    report = await pack(service)
    assert report.printed
    reprint = await service.reprint("A100")
    assert reprint.printed
    history = await queue.history()
    assert len(history) == 2
    assert history[1].reprint_of == history[0].id
    assert len(bench.printer.printed) == 2
