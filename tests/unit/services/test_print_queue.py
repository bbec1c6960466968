"""The print queue with fakes: held jobs, backoff, moving, reprinting, recovery, no double sends."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from packstation.domain.print_jobs import PrintJobState
from packstation.domain.printing import PrinterFault, PrintOutcome
from packstation.ports import LabelPrinter
from packstation.services.print_queue import JobBusy, JobNotFound, PrintQueue
from tests.print_queue_fakes import ZPL_LABEL, Clock, MemoryPrintJobStore, ScriptedPrinter

T0 = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


class Bench:
    def __init__(self, *printers: ScriptedPrinter) -> None:
        self.printers = {p.uri: p for p in printers} or {"fake://zebra": ScriptedPrinter()}
        self.store = MemoryPrintJobStore()
        self.clock = Clock(T0)
        self.queue = PrintQueue(self.store, self.open, clock=self.clock, retry_base=2, retry_max=30)

    def open(self, uri: str) -> LabelPrinter:
        if uri not in self.printers:
            raise ValueError(f"no printer is configured as {uri}")
        return self.printers[uri]

    @property
    def zebra(self) -> ScriptedPrinter:
        return self.printers["fake://zebra"]


@pytest.mark.asyncio
async def test_a_confirmed_print_is_stored_before_and_after() -> None:
    bench = Bench()
    seen: list[tuple[PrintJobState, bool, int]] = []
    bench.queue.subscribe(
        lambda job: seen.append((job.state, job.dispatched, len(bench.zebra.printed)))
    )

    done = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra", reference="A100")

    assert done.outcome is PrintOutcome.CONFIRMED
    assert done.job.state is PrintJobState.PRINTED
    assert done.job.reference == "A100"
    # claimed, then marked dispatched — both stored before the printer had anything
    assert seen == [
        (PrintJobState.SENDING, False, 0),
        (PrintJobState.SENDING, True, 0),
        (PrintJobState.PRINTED, True, 1),
    ]
    assert bench.store.jobs[done.job.id] == done.job
    assert bench.zebra.printed == ["Label A100"]


@pytest.mark.asyncio
async def test_a_delivered_print_stays_honest() -> None:
    bench = Bench(ScriptedPrinter(script=["deliver"]))

    done = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra")

    assert done.outcome is PrintOutcome.DELIVERED
    assert done.job.state is PrintJobState.PRINTED
    assert done.job.outcome is PrintOutcome.DELIVERED


@pytest.mark.asyncio
async def test_a_faulted_printer_holds_the_job_with_backoff_until_it_recovers() -> None:
    bench = Bench(ScriptedPrinter(faults=(PrinterFault.PAPER_OUT,)))
    held = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra")

    assert held.outcome is PrintOutcome.HELD
    assert held.job.faults == (PrinterFault.PAPER_OUT,)
    assert held.job.next_attempt_at == T0 + timedelta(seconds=2)
    assert [j.id for j in await bench.queue.pending()] == [held.job.id]

    assert await bench.queue.retry_held() == []  # not due yet
    bench.clock.now = T0 + timedelta(seconds=2)
    [again] = await bench.queue.retry_held()
    assert again.outcome is PrintOutcome.HELD
    assert again.job.attempts == 2
    assert again.job.next_attempt_at == bench.clock.now + timedelta(seconds=4)  # doubled

    bench.zebra.faults = ()
    bench.clock.now += timedelta(seconds=4)
    [printed] = await bench.queue.retry_held()
    assert printed.outcome is PrintOutcome.CONFIRMED
    assert await bench.queue.retry_held(force=True) == []
    assert bench.zebra.printed == ["Label A100"]
    assert await bench.queue.pending() == []


@pytest.mark.asyncio
async def test_backoff_stops_growing_at_the_maximum() -> None:
    bench = Bench(ScriptedPrinter(faults=(PrinterFault.OFFLINE,)))
    held = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra")
    for _ in range(8):
        [held] = await bench.queue.retry_held(force=True)
    assert held.job.next_attempt_at == bench.clock.now + timedelta(seconds=30)


@pytest.mark.asyncio
async def test_a_printer_still_faulted_keeps_its_later_jobs_waiting_in_order() -> None:
    bench = Bench(ScriptedPrinter(faults=(PrinterFault.HEAD_OPEN,)))
    first = await bench.queue.submit(ZPL_LABEL, "Label 1", "fake://zebra")
    bench.clock.now += timedelta(seconds=1)
    await bench.queue.submit(ZPL_LABEL, "Label 2", "fake://zebra")
    attempts = bench.zebra.attempts

    results = await bench.queue.retry_held(force=True)

    assert [r.job.id for r in results] == [first.job.id]  # the second is not tried this round
    assert bench.zebra.attempts == attempts + 1
    bench.zebra.faults = ()
    results = await bench.queue.retry_held(force=True)
    assert [r.job.job_name for r in results] == ["Label 1", "Label 2"]
    assert bench.zebra.printed == ["Label 1", "Label 2"]


@pytest.mark.asyncio
async def test_a_print_on_a_recovered_printer_releases_its_held_jobs_at_once() -> None:
    bench = Bench(ScriptedPrinter(faults=(PrinterFault.PAPER_OUT,)))
    await bench.queue.submit(ZPL_LABEL, "Label 1", "fake://zebra")
    bench.zebra.faults = ()

    await bench.queue.submit(ZPL_LABEL, "Label 2", "fake://zebra")
    released = await bench.queue.retry_held()  # no force, no time passed

    assert [r.job.job_name for r in released] == ["Label 1"]
    assert bench.zebra.printed == ["Label 2", "Label 1"]


@pytest.mark.asyncio
async def test_an_unprintable_label_fails_with_the_reason_and_can_go_elsewhere() -> None:
    bench = Bench(
        ScriptedPrinter(uri="fake://laser", script=["unprintable"]),
        ScriptedPrinter(uri="fake://zebra"),
    )
    failed = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://laser")
    assert failed.outcome is PrintOutcome.FAILED
    assert failed.job.state is PrintJobState.FAILED
    assert "ZPL for a PDF printer" in failed.job.detail
    assert await bench.queue.retry_held(force=True) == []  # failed jobs are not retried

    moved = await bench.queue.move(failed.job.id, "fake://zebra")

    assert moved.outcome is PrintOutcome.CONFIRMED
    assert moved.job.id == failed.job.id
    assert moved.job.printer_uri == "fake://zebra"
    assert bench.zebra.printed == ["Label A100"]


@pytest.mark.asyncio
async def test_an_interrupted_send_is_held_and_sent_again() -> None:
    bench = Bench(ScriptedPrinter(script=["interrupt"]))

    held = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra")
    [again] = await bench.queue.retry_held(force=True)

    assert held.outcome is PrintOutcome.HELD
    assert "broke off" in held.job.detail
    assert again.outcome is PrintOutcome.CONFIRMED


@pytest.mark.asyncio
async def test_an_unknown_printer_fails_plainly() -> None:
    bench = Bench()

    failed = await bench.queue.submit(ZPL_LABEL, "Label A100", "tcp://nowhere")

    assert failed.outcome is PrintOutcome.FAILED
    assert "no printer is configured as tcp://nowhere" in failed.result.detail


@pytest.mark.asyncio
async def test_reprint_uses_the_stored_label_and_links_the_jobs() -> None:
    bench = Bench()
    first = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra", reference="A100")

    again = await bench.queue.reprint(first.job.id)

    assert again.outcome is PrintOutcome.CONFIRMED
    assert again.job.id != first.job.id
    assert again.job.reprint_of == first.job.id
    assert again.job.document == first.job.document
    assert again.job.reference == "A100"
    assert bench.zebra.printed == ["Label A100", "Label A100"]
    with pytest.raises(JobNotFound):
        await bench.queue.reprint("nope")


@pytest.mark.asyncio
async def test_cancel_withdraws_a_held_job_only() -> None:
    bench = Bench(ScriptedPrinter(faults=(PrinterFault.PAPER_OUT,)))
    held = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra")

    cancelled = await bench.queue.cancel(held.job.id)
    bench.zebra.faults = ()

    assert cancelled.state is PrintJobState.CANCELLED
    assert await bench.queue.retry_held(force=True) == []
    assert bench.zebra.printed == []
    printed = await bench.queue.submit(ZPL_LABEL, "Label A101", "fake://zebra")
    with pytest.raises(JobBusy):
        await bench.queue.cancel(printed.job.id)


@pytest.mark.asyncio
async def test_a_job_left_sending_by_a_crash_is_held_again_at_start() -> None:
    bench = Bench()
    crashed = await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra")
    bench.store.jobs[crashed.job.id] = replace(crashed.job, state=PrintJobState.SENDING)
    restarted = PrintQueue(bench.store, bench.open, clock=bench.clock)

    [recovered] = await restarted.recover()
    # this printer has no label counter: nobody can tell whether it printed, so it waits
    # for the packer instead of going out again by itself
    nothing = await restarted.retry_held(force=True)
    [again] = await restarted.retry_held(include_uncertain=True)

    assert recovered.state is PrintJobState.HELD
    assert recovered.uncertain
    assert "may have printed" in recovered.detail
    assert nothing == []
    assert again.outcome is PrintOutcome.CONFIRMED
    assert not again.job.uncertain
    assert bench.zebra.printed == ["Label A100", "Label A100"]


@pytest.mark.asyncio
async def test_concurrent_retries_never_send_a_job_twice() -> None:
    bench = Bench(ScriptedPrinter(faults=(PrinterFault.PAUSED,)))
    await bench.queue.submit(ZPL_LABEL, "Label A100", "fake://zebra")
    bench.zebra.faults = ()
    bench.zebra.delay = 0.05

    rounds = await asyncio.gather(*(bench.queue.retry_held(force=True) for _ in range(5)))

    assert sum(len(r) for r in rounds) == 1
    assert bench.zebra.printed == ["Label A100"]


@pytest.mark.asyncio
async def test_one_printer_gets_one_job_at_a_time() -> None:
    bench = Bench(ScriptedPrinter(delay=0.02))

    await asyncio.gather(
        *(bench.queue.submit(ZPL_LABEL, f"Label {i}", "fake://zebra") for i in range(4))
    )

    assert bench.zebra.most_active == 1
    assert len(bench.zebra.printed) == 4


@pytest.mark.asyncio
async def test_the_background_loop_delivers_when_the_printer_recovers() -> None:
    store = MemoryPrintJobStore()
    printer = ScriptedPrinter(faults=(PrinterFault.PAPER_OUT,))
    queue = PrintQueue(store, lambda uri: printer, retry_base=0.01, retry_max=0.02)
    held = await queue.submit(ZPL_LABEL, "Label A100", printer.uri)
    runner = asyncio.create_task(queue.run(interval=0.05))
    try:
        await asyncio.sleep(0.05)
        printer.faults = ()
        async with asyncio.timeout(2):
            while (await queue.job(held.job.id)).state is not PrintJobState.PRINTED:
                await asyncio.sleep(0.01)
    finally:
        runner.cancel()
        with pytest.raises(asyncio.CancelledError):
            await runner
    assert printer.printed == ["Label A100"]


@pytest.mark.asyncio
async def test_prune_keeps_pending_jobs() -> None:
    bench = Bench(ScriptedPrinter(faults=(PrinterFault.PAPER_OUT,)))
    held = await bench.queue.submit(ZPL_LABEL, "held", "fake://zebra")
    bench.zebra.faults = ()
    await bench.queue.submit(ZPL_LABEL, "printed", "fake://zebra")
    bench.clock.now += timedelta(days=31)

    assert await bench.queue.prune(timedelta(days=30)) == 1
    assert [j.id for j in await bench.queue.history()] == [held.job.id]
