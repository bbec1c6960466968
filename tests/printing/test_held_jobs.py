"""Held jobs end to end: print queue + SQLite store + the virtual Zebra over loopback TCP."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from packstation.adapters.print_jobs_sqlite import SqlitePrintJobStore
from packstation.adapters.printers import open_printer
from packstation.domain.print_jobs import PrintJobState
from packstation.domain.printing import PrinterFault, PrinterLanguage, PrinterProfile, PrintOutcome
from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.ports import LabelPrinter
from packstation.sandbox.printer import VirtualPrinter
from packstation.services.print_queue import PrintQueue

ZPL_203 = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203)


def _opener(uri: str) -> LabelPrinter:
    return open_printer(uri, ZPL_203)


@pytest.mark.asyncio
async def test_paper_out_holds_the_job_and_it_prints_exactly_once_after_recovery(
    tmp_path: Path,
    virtual_printer: VirtualPrinter,
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    label = sandbox_labels[LabelFormat.ZPL]
    database = tmp_path / "station.sqlite3"
    virtual_printer.set_faults(paper_out=True)

    async with SqlitePrintJobStore(database) as store:
        queue = PrintQueue(store, _opener, retry_base=0.01)
        held = await queue.submit(label, "Label A100", virtual_printer.uri, reference="A100")

        assert held.outcome is PrintOutcome.HELD
        assert held.job.state is PrintJobState.HELD
        assert held.job.faults == (PrinterFault.PAPER_OUT,)
        assert "the labels have run out" in held.result.detail
        assert [j.id for j in await queue.pending()] == [held.job.id]
        assert virtual_printer.jobs() == []
        # still out of paper: the retry holds it again, nothing reaches the printer
        again = await queue.retry_held(force=True)
        assert [r.outcome for r in again] == [PrintOutcome.HELD]
        assert virtual_printer.jobs() == []

    # the station restarts; the packer loads labels
    virtual_printer.set_faults(paper_out=False)
    async with SqlitePrintJobStore(database) as store:
        queue = PrintQueue(store, _opener)
        [pending] = await queue.pending()
        assert pending.id == held.job.id
        assert pending.document == label  # the label file itself was kept

        delivered = await queue.retry_held(force=True)
        twice = await queue.retry_held(force=True)

        assert [r.outcome for r in delivered] == [PrintOutcome.CONFIRMED]
        assert twice == []
        assert await queue.pending() == []
        done = await queue.job(held.job.id)
        assert done.state is PrintJobState.PRINTED
        assert done.attempts == 3
    assert virtual_printer.wait_for_jobs(1)
    assert [j.data for j in virtual_printer.printed()] == [label.content]


@pytest.mark.asyncio
async def test_the_background_retry_prints_a_held_job_when_the_printer_recovers(
    tmp_path: Path,
    virtual_printer: VirtualPrinter,
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    virtual_printer.set_faults(head_open=True)
    async with SqlitePrintJobStore(tmp_path / "station.sqlite3") as store:
        queue = PrintQueue(store, _opener, retry_base=0.05, retry_max=0.1)
        held = await queue.submit(
            sandbox_labels[LabelFormat.ZPL], "Label A101", virtual_printer.uri
        )
        assert held.outcome is PrintOutcome.HELD
        runner = asyncio.create_task(queue.run(interval=0.1))
        try:
            await asyncio.sleep(0.2)
            virtual_printer.set_faults(head_open=False)
            async with asyncio.timeout(5):
                while (await queue.job(held.job.id)).state is not PrintJobState.PRINTED:
                    await asyncio.sleep(0.02)
        finally:
            runner.cancel()
            with pytest.raises(asyncio.CancelledError):
                await runner
    assert virtual_printer.wait_for_jobs(1, printed=True)
    assert len(virtual_printer.jobs()) == 1


@pytest.mark.asyncio
async def test_a_held_job_goes_to_the_printer_the_packer_picks(
    tmp_path: Path, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    with VirtualPrinter() as broken, VirtualPrinter() as spare:
        broken.set_faults(paper_out=True)
        async with SqlitePrintJobStore(tmp_path / "station.sqlite3") as store:
            queue = PrintQueue(store, _opener)
            held = await queue.submit(sandbox_labels[LabelFormat.ZPL], "Label A102", broken.uri)

            moved = await queue.move(held.job.id, spare.uri)
            broken.set_faults(paper_out=False)
            later = await queue.retry_held(force=True)

        assert moved.outcome is PrintOutcome.CONFIRMED
        assert moved.job.printer_uri == spare.uri
        assert later == []  # it is not held for the first printer any more
        assert spare.wait_for_jobs(1)
        assert len(spare.jobs()) == 1
        assert broken.jobs() == []
