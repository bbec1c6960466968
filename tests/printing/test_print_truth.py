"""Printed means printed: the raw TCP adapter and the print queue against a misbehaving virtual
Zebra over real loopback sockets (never reads, resets mid-job, silent head-open, fault right
after the job, with and without a label counter)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from packstation.adapters.print_jobs_sqlite import SqlitePrintJobStore
from packstation.adapters.printers import RawSocketPrinter, open_printer
from packstation.domain.notes import Note, NoteKind
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import (
    PrinterFault,
    PrinterLanguage,
    PrinterNotReady,
    PrinterProfile,
    PrintInterrupted,
    PrintOutcome,
)
from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.domain.zpl import labels_in_job, parse_label_count
from packstation.ports import LabelPrinter
from packstation.sandbox.printer import VirtualPrinter
from packstation.services.print_queue import PrintQueue, QueuedPrint

ZPL_203 = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203)
PDF_PRINTER = PrinterProfile(language=PrinterLanguage.PDF)


def _zebra(vp: VirtualPrinter, **options: float) -> RawSocketPrinter:
    return RawSocketPrinter(
        "127.0.0.1",
        vp.port,
        ZPL_203,
        timeout=options.get("timeout", 5.0),
        status_timeout=options.get("status_timeout", 0.5),
        confirm_timeout=options.get("confirm_timeout", 3.0),
        poll_interval=0.05,
    )


@pytest.fixture
def zpl(sandbox_labels: dict[LabelFormat, LabelDocument]) -> LabelDocument:
    """The sandbox's 203 dpi ZPL label, as the station downloads it."""
    return sandbox_labels[LabelFormat.ZPL]


def test_label_counts_of_zpl_jobs_and_counter_answers() -> None:
    assert labels_in_job(b"^XA^FDone^FS^XZ") == 1
    assert labels_in_job(b"^XA^FDa^XZ^XA^PQ3^FDb^XZ") == 4
    assert labels_in_job(b"no zpl") == 1
    assert parse_label_count(b'"1234"') == 1234
    assert parse_label_count(b'"?"') is None
    assert parse_label_count(b'"12 LABELS"') == 12
    assert parse_label_count(b"") is None


# ------------------------------------------------------------------ the adapter


@pytest.mark.asyncio
async def test_a_confirmed_print_moved_the_printers_label_counter(
    virtual_printer: VirtualPrinter, zpl: LabelDocument
) -> None:
    virtual_printer.set_label_counter(True, start=500)
    printer = _zebra(virtual_printer)

    before = await printer.status()
    result = await printer.print_document(zpl, "Label A100")

    assert before.label_count == 500
    assert result.outcome is PrintOutcome.CONFIRMED
    assert result.confirmed
    assert result.state_text == "printed"
    assert result.printed_at_count == 501 == virtual_printer.label_count
    assert virtual_printer.counter_queries >= 3  # status(), before and after the job
    assert virtual_printer.wait_for_jobs(1)
    [job] = virtual_printer.jobs()
    assert job.printed


@pytest.mark.asyncio
async def test_a_zebra_without_a_counter_is_confirmed_by_its_status_alone(
    virtual_printer: VirtualPrinter, zpl: LabelDocument
) -> None:
    virtual_printer.set_label_counter(False)
    printer = _zebra(virtual_printer)

    result = await printer.print_document(zpl, "Label A100")
    again = await printer.print_document(zpl, "Label A101")

    assert result.outcome is again.outcome is PrintOutcome.CONFIRMED
    assert result.printed_at_count is None
    assert virtual_printer.counter_queries == 1  # asked once, then known to have none
    assert virtual_printer.wait_for_jobs(2, printed=True)
    assert len(virtual_printer.printed()) == 2


@pytest.mark.asyncio
async def test_a_printer_that_never_reads_is_sent_unconfirmed_never_printed(
    virtual_printer: VirtualPrinter, zpl: LabelDocument
) -> None:
    virtual_printer.never_read(True)
    printer = _zebra(virtual_printer, status_timeout=0.3, confirm_timeout=0.5)

    result = await printer.print_document(zpl, "Label A100")

    assert result.outcome is PrintOutcome.DELIVERED
    assert not result.confirmed
    assert result.unconfirmed
    assert result.state_text == "sent_unconfirmed"
    assert "unconfirmed" in result.detail
    assert "did not close the connection" in result.detail
    assert virtual_printer.ignored_connections == 1
    assert virtual_printer.jobs() == []  # nothing was ever read, nothing printed


@pytest.mark.parametrize("status", ["none", "auto"])
@pytest.mark.asyncio
async def test_a_reset_mid_job_is_an_interrupted_job_not_a_print(
    virtual_printer: VirtualPrinter,
    zpl: LabelDocument,
    status: str,
) -> None:
    virtual_printer.reset_after(100)
    printer = open_printer(f"{virtual_printer.uri}?status={status}&confirm=2", ZPL_203)

    with pytest.raises(PrintInterrupted) as broke:
        await printer.print_document(zpl, "Label A100")

    assert "held and sent again" in broke.value.message
    assert virtual_printer.wait_for_jobs(1)
    [job] = virtual_printer.jobs()
    assert job.interrupted
    assert not job.printed
    assert len(job.data) == 100
    assert virtual_printer.label_count == 0


@pytest.mark.asyncio
async def test_a_silent_head_open_zebra_never_asked_before_gets_the_job_unconfirmed(
    virtual_printer: VirtualPrinter, zpl: LabelDocument
) -> None:
    virtual_printer.answer_when_faulted(False)
    virtual_printer.set_faults(head_open=True)
    printer = _zebra(virtual_printer, status_timeout=0.3, confirm_timeout=1.0)

    result = await printer.print_document(zpl, "Label A100")

    assert result.outcome is PrintOutcome.DELIVERED  # it cannot be told from a print server
    assert not result.confirmed
    assert "does not answer status queries" in result.detail
    assert virtual_printer.wait_for_jobs(1)
    [job] = virtual_printer.jobs()
    assert not job.printed  # waits in the buffer under the open head
    virtual_printer.set_faults(head_open=False)
    assert virtual_printer.wait_for_jobs(1, printed=True)


@pytest.mark.asyncio
async def test_a_silent_printer_set_up_as_a_zebra_gets_nothing(
    virtual_printer: VirtualPrinter, zpl: LabelDocument
) -> None:
    virtual_printer.answer_when_faulted(False)
    virtual_printer.set_faults(head_open=True)
    printer = open_printer(f"{virtual_printer.uri}?status=zebra", ZPL_203)

    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(zpl, "Label A100")

    assert "does not answer" in refused.value.message
    assert virtual_printer.jobs() == []


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("paper_out", PrinterFault.PAPER_OUT),
        ("head_open", PrinterFault.HEAD_OPEN),
        ("paused", PrinterFault.PAUSED),
    ],
)
@pytest.mark.asyncio
async def test_a_fault_right_after_the_job_holds_it_in_the_printer(
    virtual_printer: VirtualPrinter,
    zpl: LabelDocument,
    fault: str,
    expected: PrinterFault,
) -> None:
    virtual_printer.set_label_counter(True, start=40)
    virtual_printer.fault_after_next_job(**{fault: True})
    printer = _zebra(virtual_printer)

    result = await printer.print_document(zpl, "Label A100")

    assert result.outcome is PrintOutcome.HELD
    assert not result.printed
    assert result.in_printer
    assert result.printed_at_count == 41
    assert result.status_after is not None
    assert result.status_after.faults == (expected,)
    assert "took the label but then reported" in result.detail
    assert virtual_printer.wait_for_jobs(1)
    [job] = virtual_printer.jobs()
    assert not job.printed
    assert virtual_printer.label_count == 40


@pytest.mark.asyncio
async def test_a_zebra_falling_silent_right_after_the_job_holds_it_in_the_printer(
    virtual_printer: VirtualPrinter, zpl: LabelDocument
) -> None:
    virtual_printer.answer_when_faulted(False)
    virtual_printer.fault_after_next_job(head_open=True)
    printer = _zebra(virtual_printer)

    result = await printer.print_document(zpl, "Label A100")

    assert result.outcome is PrintOutcome.HELD
    assert result.in_printer
    assert "stopped answering" in result.detail
    assert result.printed_at_count == 1


@pytest.mark.asyncio
async def test_a_pdf_printer_without_status_closing_after_the_job_is_sent_unconfirmed(
    virtual_printer: VirtualPrinter, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    printer = open_printer(virtual_printer.uri, PDF_PRINTER)

    result = await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label A100")

    assert result.outcome is PrintOutcome.DELIVERED
    assert "did not close" not in result.detail  # it closed: the whole job arrived
    assert virtual_printer.wait_for_jobs(1)
    assert virtual_printer.jobs()[0].data == sandbox_labels[LabelFormat.PDF].content


# ------------------------------------------------------------------ the print queue


def _opener(uri: str) -> LabelPrinter:
    return open_printer(f"{uri}?confirm=3", ZPL_203)


@dataclass
class Station:
    """A station's print queue on the virtual Zebra. Its jobs live in one SQLite file that
    outlives ``open()``: opened again, it is the station after a restart or a crash."""

    database: Path
    printer: VirtualPrinter
    label: LabelDocument
    _store: SqlitePrintJobStore | None = field(default=None, init=False)

    @asynccontextmanager
    async def open(self, *, retry_base: float = 2.0) -> AsyncIterator[PrintQueue]:
        async with SqlitePrintJobStore(self.database) as store:
            self._store = store
            try:
                yield PrintQueue(store, _opener, retry_base=retry_base)
            finally:
                self._store = None

    @property
    def store(self) -> SqlitePrintJobStore:
        """The open job store (to play a crash: a job written back as the station left it)."""
        assert self._store is not None, "the station is not open"
        return self._store

    async def submit(self, queue: PrintQueue, order: str = "A100") -> QueuedPrint:
        """The label of ``order`` (the sandbox's ZPL label) to the virtual Zebra."""
        return await queue.submit(self.label, f"Label {order}", self.printer.uri, reference=order)


@pytest.fixture
def station(tmp_path: Path, virtual_printer: VirtualPrinter, zpl: LabelDocument) -> Station:
    return Station(tmp_path / "jobs.sqlite3", virtual_printer, zpl)


@pytest.mark.asyncio
async def test_a_reset_job_is_held_and_resent_and_prints_once(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    virtual_printer.reset_after(100)
    async with station.open(retry_base=0.01) as queue:
        first = await station.submit(queue)
        assert first.job.state is PrintJobState.HELD
        assert first.outcome is PrintOutcome.HELD
        assert not first.job.in_printer

        [again] = await queue.retry_held(force=True)

        assert again.job.state is PrintJobState.PRINTED
        assert again.outcome is PrintOutcome.CONFIRMED
    assert virtual_printer.wait_for_jobs(2)
    jobs = virtual_printer.jobs()
    assert [j.interrupted for j in jobs] == [True, False]
    assert [j.printed for j in jobs] == [False, True]
    assert virtual_printer.label_count == 1


@pytest.mark.asyncio
async def test_a_job_held_in_the_printer_is_not_sent_twice_once_the_fault_is_cleared(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    virtual_printer.fault_after_next_job(paper_out=True)
    async with station.open(retry_base=0.01) as queue:
        held = await station.submit(queue)
        assert held.job.state is PrintJobState.HELD
        assert held.job.in_printer
        assert held.job.printed_at_count == 1
        assert held.job.faults == (PrinterFault.PAPER_OUT,)

        # still out of paper: asked, not resent
        [still] = await queue.retry_held(force=True)
        assert still.job.state is PrintJobState.HELD
        assert still.job.in_printer
        assert "has not printed it" in still.job.detail
        assert len(virtual_printer.jobs()) == 1

    virtual_printer.set_faults(paper_out=False)  # the packer loads labels: the buffer prints
    async with station.open(retry_base=0.01) as queue:  # after a restart, too
        [done] = await queue.retry_held(force=True)

        assert done.job.state is PrintJobState.PRINTED
        assert done.outcome is PrintOutcome.CONFIRMED
        assert "not sent again" in done.job.detail
        assert not done.job.in_printer
    assert virtual_printer.wait_for_jobs(1)
    assert len(virtual_printer.jobs()) == 1  # one job, printed once
    assert virtual_printer.label_count == 1


@pytest.mark.asyncio
async def test_a_job_lost_from_the_printers_buffer_is_sent_again(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    virtual_printer.fault_after_next_job(head_open=True)
    async with station.open(retry_base=0.01) as queue:
        held = await station.submit(queue)
        assert held.job.in_printer

        assert virtual_printer.wait_for_jobs(1)
        virtual_printer.clear_jobs()  # switched off and on: the buffer is gone
        virtual_printer.set_faults(head_open=False)
        [resent] = await queue.retry_held(force=True)

        assert resent.job.state is PrintJobState.PRINTED
        assert resent.outcome is PrintOutcome.CONFIRMED
    assert virtual_printer.wait_for_jobs(1)
    [job] = virtual_printer.jobs()
    assert job.printed
    assert virtual_printer.label_count == 1


@pytest.mark.asyncio
async def test_without_a_counter_a_job_from_an_emptied_buffer_is_resent_with_a_warning(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    virtual_printer.set_label_counter(False)
    virtual_printer.fault_after_next_job(paused=True)
    async with station.open(retry_base=0.01) as queue:
        held = await station.submit(queue)
        assert held.job.in_printer
        assert held.job.printed_at_count is None

        assert virtual_printer.wait_for_jobs(1)
        virtual_printer.set_faults(paused=False)  # the buffered label prints
        [resent] = await queue.retry_held(force=True)

    assert resent.job.state is PrintJobState.PRINTED
    assert any("two copies" in w for w in resent.job.warnings)
    assert [w.kind for w in resent.result.warnings if isinstance(w, Note)] == [
        NoteKind.LABEL_MAYBE_TWICE
    ]
    assert virtual_printer.wait_for_jobs(2, printed=True)  # it could not tell: said so
    assert len(virtual_printer.printed()) == 2


def test_the_virtual_printers_label_counter_survives_taking_the_labels_out(
    virtual_printer: VirtualPrinter,
) -> None:
    virtual_printer.set_label_counter(True, start=7)
    assert virtual_printer.label_count == 7
    virtual_printer.clear_jobs()
    assert virtual_printer.label_count == 7


def test_every_outcome_has_a_print_state() -> None:
    from packstation.domain.printing import PRINT_STATE_TEXT, PrintResult

    assert set(PRINT_STATE_TEXT) == set(PrintOutcome)
    states = {PrintResult(o, "tcp://p").state_text for o in PrintOutcome}
    assert {"printed", "sent_unconfirmed", "held", "failed"} <= states


# ------------------------------------------------------------------ after a crash


@pytest.mark.asyncio
async def test_the_counter_mark_is_stored_before_the_job_goes_out(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    virtual_printer.set_label_counter(True, start=10)
    seen: list[tuple[PrintJobState, int | None, int]] = []
    async with station.open() as queue:
        queue.subscribe(
            lambda job: seen.append((job.state, job.printed_at_count, len(virtual_printer.jobs())))
        )

        done = await station.submit(queue)

    assert done.job.state is PrintJobState.PRINTED
    assert done.job.printed_at_count == 11
    # stored as sending with its mark before the printer had anything
    assert (PrintJobState.SENDING, 11, 0) in seen


@pytest.mark.asyncio
async def test_a_label_printed_before_a_crash_is_not_printed_again(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    async with station.open() as queue:
        done = await station.submit(queue)
        # the station died after the printer printed, before it recorded the outcome
        await station.store.save(replace(done.job, state=PrintJobState.SENDING, outcome=None))
    assert virtual_printer.wait_for_jobs(1, printed=True)

    async with station.open() as queue:
        [recovered] = await queue.recover()
        assert recovered.state is PrintJobState.HELD
        assert recovered.in_printer
        assert "label counter" in recovered.detail

        [settled] = await queue.retry_held(force=True)

    assert settled.job.state is PrintJobState.PRINTED
    assert settled.outcome is PrintOutcome.CONFIRMED
    assert "not sent again" in settled.job.detail
    assert len(virtual_printer.jobs()) == 1
    assert virtual_printer.label_count == 1


@pytest.mark.asyncio
async def test_a_label_the_crash_kept_from_the_printer_is_sent_once(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    async with station.open() as queue:
        task: asyncio.Task[object] | None = None

        def crash(job: PrintJob) -> None:
            # the station dies right after storing the job with its mark, before sending
            if job.state is PrintJobState.SENDING and job.printed_at_count is not None:
                assert task is not None
                task.cancel()

        queue.subscribe(crash)
        task = asyncio.ensure_future(station.submit(queue))
        with pytest.raises(asyncio.CancelledError):
            await task
    assert virtual_printer.jobs() == []

    async with station.open() as queue:
        [recovered] = await queue.recover()
        assert recovered.in_printer
        [sent] = await queue.retry_held(force=True)

    assert sent.job.state is PrintJobState.PRINTED
    assert sent.outcome is PrintOutcome.CONFIRMED
    assert not any("two copies" in w for w in sent.job.warnings)
    assert virtual_printer.wait_for_jobs(1, printed=True)
    assert virtual_printer.label_count == 1
    assert len(virtual_printer.jobs()) == 1


@pytest.mark.parametrize("counter", [True, False], ids=["counter", "no-counter"])
@pytest.mark.asyncio
async def test_a_job_the_crash_stopped_before_it_reached_the_printer_is_simply_sent(
    virtual_printer: VirtualPrinter,
    station: Station,
    counter: bool,
) -> None:
    """Claimed (stored as sending) but not dispatched: nothing went out, so after the crash
    the job is sent once by itself, even on a printer that cannot count labels."""
    virtual_printer.set_label_counter(counter)
    async with station.open() as queue:
        task: asyncio.Task[object] | None = None
        stored: list[PrintJob] = []

        def crash(job: PrintJob) -> None:
            stored.append(job)
            # the station dies right after the claim, before the counter mark
            if job.state is PrintJobState.SENDING and not job.dispatched:
                assert task is not None
                task.cancel()

        queue.subscribe(crash)
        task = asyncio.ensure_future(station.submit(queue))
        with pytest.raises(asyncio.CancelledError):
            await task
        left = await station.store.get(stored[0].id)
    assert left is not None
    assert (left.state, left.dispatched, left.printed_at_count) == (
        PrintJobState.SENDING,
        False,
        None,
    )
    assert virtual_printer.jobs() == []

    async with station.open() as queue:
        [recovered] = await queue.recover()
        assert recovered.state is PrintJobState.HELD
        assert not recovered.uncertain
        assert not recovered.in_printer
        assert "before this label reached the printer" in recovered.detail
        [sent] = await queue.retry_held()  # due now, without the packer

    assert sent.job.state is PrintJobState.PRINTED
    assert not any("two copies" in w for w in sent.job.warnings)
    assert virtual_printer.wait_for_jobs(1, printed=True)
    assert len(virtual_printer.jobs()) == 1


@pytest.mark.asyncio
async def test_a_job_is_dispatched_with_its_mark_in_one_write_before_the_printer_has_it(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    virtual_printer.set_label_counter(True, start=10)
    seen: list[tuple[PrintJobState, bool, int | None, int]] = []
    async with station.open() as queue:
        queue.subscribe(
            lambda job: seen.append(
                (job.state, job.dispatched, job.printed_at_count, len(virtual_printer.jobs()))
            )
        )
        await station.submit(queue)

    sending = [entry for entry in seen if entry[0] is PrintJobState.SENDING]
    # claimed without a mark, then dispatched with it: never dispatched without the mark, and
    # the printer had nothing before either write
    assert sending == [
        (PrintJobState.SENDING, False, None, 0),
        (PrintJobState.SENDING, True, 11, 0),
    ]


@pytest.mark.asyncio
async def test_a_held_job_in_the_printer_is_settled_before_a_new_label_moves_the_counter(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    virtual_printer.fault_after_next_job(head_open=True)
    async with station.open(retry_base=60) as queue:
        first = await station.submit(queue)
        assert first.job.in_printer
        assert virtual_printer.wait_for_jobs(1)
        virtual_printer.clear_jobs()  # power cycled: the buffer is gone
        virtual_printer.set_faults(head_open=False)

        second = await station.submit(queue, "A101")
        earlier = await queue.job(first.job.id)

        assert second.job.state is PrintJobState.PRINTED
        # the new label moved the counter past the old mark, yet the old job is not taken for
        # printed: it was settled (lost) first and will be sent again
        assert earlier.state is PrintJobState.HELD
        assert not earlier.in_printer
        [resent] = await queue.retry_held(force=True)
        assert resent.job.state is PrintJobState.PRINTED
    assert virtual_printer.label_count == 2


@pytest.mark.asyncio
async def test_a_job_a_crash_left_sending_without_a_counter_waits_for_the_packer(
    virtual_printer: VirtualPrinter,
    station: Station,
) -> None:
    virtual_printer.set_label_counter(False)
    async with station.open() as queue:
        done = await station.submit(queue)
        assert done.job.printed_at_count is None  # no counter: no mark
        # the station died after sending, before it recorded the outcome
        await station.store.save(replace(done.job, state=PrintJobState.SENDING, outcome=None))

    async with station.open() as queue:
        [recovered] = await queue.recover()
        assert recovered.state is PrintJobState.HELD
        assert recovered.uncertain
        assert not recovered.in_printer
        assert "may have printed" in recovered.detail
        # not resent by itself, not even when forced
        assert await queue.retry_held(force=True) == []
        assert (await queue.job(recovered.id)).uncertain

        [sent] = await queue.retry_held(force=True, include_uncertain=True)  # the packer chose

        assert sent.job.state is PrintJobState.PRINTED
        assert not sent.job.uncertain
    assert virtual_printer.wait_for_jobs(2, printed=True)


@pytest.mark.asyncio
async def test_a_pdf_on_a_zebra_asked_for_status_is_confirmed_by_its_counter(
    virtual_printer: VirtualPrinter, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    # the demo's set-up: PDF labels, the Zebra still asked ~HS and its label counter
    printer = open_printer(f"{virtual_printer.uri}?status=zebra", PDF_PRINTER)

    result = await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label A100")

    assert result.outcome is PrintOutcome.CONFIRMED
    assert result.printed_at_count == 1 == virtual_printer.label_count
