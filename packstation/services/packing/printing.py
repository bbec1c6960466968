"""Printing a stored label: straight to the printer, or through the print queue.

With a print queue a label the printer cannot take now is *held* there and printed when the
printer recovers; the cycle is "needs print" until then and is marked done when the queue
reports the job printed. A label that was being printed when the station stopped is not sent
as a new job while the queue still has its job: that job is sent again (or found printed).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from packstation.domain.cycle import (
    AttemptStatus,
    CycleRecord,
    CycleStatus,
    CycleStep,
    JournalEvent,
    JournalKind,
    LabelAttempt,
    LabelStep,
)
from packstation.domain.notes import Note, NoteKind
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import PrinterError, PrintInterrupted, PrintOutcome, PrintResult
from packstation.domain.shipping import LabelDocument
from packstation.services.packing.context import CycleContext, consume_exception, parcel_text
from packstation.services.packing.events import LabelPrinted
from packstation.services.packing.session import OrderSession
from packstation.services.print_queue import JobBusy, JobNotFound, PrintQueue


@dataclass(frozen=True, slots=True)
class Sent:
    """What sending one label came to.

    Attributes:
        result: the printer's (or the queue's) answer; None when nothing could be sent.
        detail: the answer in words.
        started: the printer may hold part of the job (a resume cannot know it did not print).
        again: the label may have printed before the interruption and was printed again.
    """

    result: PrintResult | None
    detail: str
    started: bool = False
    again: bool = False

    @property
    def printed(self) -> bool:
        return self.result is not None and self.result.printed

    @property
    def outcome(self) -> PrintOutcome:
        return self.result.outcome if self.result is not None else PrintOutcome.FAILED


class LabelPrinting:
    """Sends stored labels to the printer and keeps the journal in step with what printed."""

    def __init__(self, ctx: CycleContext) -> None:
        self._ctx = ctx
        self._inline: set[str] = set()  # references being printed by a cycle or a reprint
        #: resume: send labels that may have printed before a crash (the packer chose so)
        self.reprint_uncertain = False
        #: journal updates for labels the print queue printed in the background
        self.tasks: set[asyncio.Task[None]] = set()

    @property
    def _queue(self) -> PrintQueue | None:
        return self._ctx.ports.print_queue

    async def print(
        self, session: OrderSession, attempt: LabelAttempt, document: LabelDocument
    ) -> LabelAttempt:
        """Print a parcel's stored label in its cycle; journal and announce the outcome."""
        ctx = self._ctx
        job = (
            f"{attempt.order_id} {attempt.parcel_no}/{attempt.parcel_count} {attempt.tracking_code}"
        )
        resumed = attempt.reference_number not in session.stored_now
        session.stored_now.discard(attempt.reference_number)  # from now on it has a print
        sent = await self.send(document, job, attempt, resumed=resumed)
        parcel: dict[str, str | int] = {
            "order_id": attempt.order_id,
            "parcel": attempt.parcel_no,
            "parcels": attempt.parcel_count,
        }
        if sent.again:
            session.warnings.append(
                Note(
                    NoteKind.PRINTED_AGAIN,
                    f"The label of {parcel_text(attempt)} may already have printed before the "
                    "interruption; it was printed again (the same label, not a new one).",
                    **parcel,
                )
            )
        printed, outcome, detail = sent.printed, sent.outcome, sent.detail
        new = await ctx.record_attempt(
            replace(
                attempt,
                status=AttemptStatus.PRINTED if printed else AttemptStatus.STORED,
                print_outcome=outcome,
                print_started=sent.started and not printed,
                printed_at=ctx.clock() if printed else None,
                updated_at=ctx.clock(),
            ),
            JournalKind.PRINTED if printed else JournalKind.PRINT_FAILED,
            session=session,
            tracking_code=attempt.tracking_code,
            printer=ctx.ports.printer.uri,
            outcome=outcome.value,
            detail=detail,
            job_id=sent.result.job_id if sent.result else None,
        )
        if sent.result is not None:
            # printers report things the packer should know although the label printed
            # (typed by the printer adapters; a remark without a kind is named generically)
            code = attempt.tracking_code or "—"
            session.warnings.extend(
                Note(remark.kind, remark.message, remark.error, **remark.facts, code=code)
                if isinstance(remark, Note)
                else Note(NoteKind.PRINTER_REMARK, remark, code=code)
                for remark in getattr(sent.result, "warnings", ())
            )
        if not printed:
            why = (detail or outcome).rstrip(".")
            held = outcome is PrintOutcome.HELD
            status = sent.result.status_after if sent.result is not None else None
            faults = ",".join(f.value for f in status.faults) if status is not None else ""
            session.warnings.append(
                Note(
                    NoteKind.LABEL_HELD if held else NoteKind.LABEL_NOT_PRINTED,
                    f"The label of {parcel_text(attempt)} ({attempt.tracking_code}) is held: "
                    f"{why}. It prints as soon as the printer is ready."
                    if held
                    else f"The label of {parcel_text(attempt)} ({attempt.tracking_code}) did not "
                    f"print: {why}. It is stored; reprint it when the printer is ready.",
                    code=attempt.tracking_code or "—",
                    faults=faults,  # the printer's own reasons, worded by the window
                    **parcel,
                )
            )
        ctx.emit(printed_event(attempt, printed, outcome, detail))
        ctx.label_step(new, LabelStep.PRINTED)
        return new

    async def send(
        self,
        document: LabelDocument,
        job: str,
        attempt: LabelAttempt,
        *,
        reprint: bool = False,
        resumed: bool = False,
    ) -> Sent:
        """Send one label, through the print queue when there is one.

        An attempt that was being printed when the station stopped (``resumed`` and
        ``print_started``) is not sent as a new job if the queue still has its job: that job
        is sent again (or found printed), so a label prints once. A label stored by this run
        is simply submitted.
        """
        self._inline.add(attempt.reference_number)
        try:
            if self._queue is None:
                return await self._direct(document, job, attempt, reprint=reprint, resumed=resumed)
            return await self._queued(document, job, attempt, reprint=reprint, resumed=resumed)
        finally:
            self._inline.discard(attempt.reference_number)

    async def _direct(
        self,
        document: LabelDocument,
        job: str,
        attempt: LabelAttempt,
        *,
        reprint: bool,
        resumed: bool,
    ) -> Sent:
        again = resumed and attempt.print_started and not reprint
        try:
            result = await self._ctx.ports.printer.print_document(document, job)
        except PrintInterrupted as exc:
            return Sent(None, exc.message, True, again)
        except PrinterError as exc:  # not ready, not printable: nothing was sent
            return Sent(None, exc.message, False, again)
        return Sent(result, result.detail, True, again)

    async def _queued(
        self,
        document: LabelDocument,
        job: str,
        attempt: LabelAttempt,
        *,
        reprint: bool,
        resumed: bool,
    ) -> Sent:
        queue = self._queue
        assert queue is not None
        held_before = attempt.print_outcome is PrintOutcome.HELD
        if resumed and not reprint and (attempt.print_started or held_before):
            earlier = await self._queued_job(attempt.reference_number)
            if earlier is not None:
                return await self._resend(queue, earlier, attempt)
        reprint_of = None
        if reprint:
            original = await self._queued_job(attempt.reference_number)
            reprint_of = original.id if original is not None else None
        queued = await queue.submit(
            document,
            job,
            self._ctx.ports.printer.uri,
            reference=attempt.reference_number,
            reprint_of=reprint_of,
        )
        return Sent(queued.result, queued.result.detail)

    async def _resend(self, queue: PrintQueue, job: PrintJob, attempt: LabelAttempt) -> Sent:
        """The queue's job for this label: printed already, or sent again now."""
        # a job with the printer's counter mark is settled exactly: printed or not, not maybe
        maybe_twice = attempt.print_started and not job.in_printer
        if job.uncertain and not self.reprint_uncertain:
            detail = (
                "it may have printed before the station stopped, and the printer cannot tell. "
                "Check the printer: `packstation resume --reprint-uncertain` prints it again, "
                "`--uncertain-printed` records that it did print"
            )
            return Sent(PrintResult(PrintOutcome.HELD, job.printer_uri, detail, job.id), detail)
        if job.state is PrintJobState.PRINTED:
            outcome = job.outcome or PrintOutcome.DELIVERED
            return Sent(PrintResult(outcome, job.printer_uri, job.detail, job.id), job.detail)
        try:
            if job.state in (PrintJobState.HELD, PrintJobState.SENDING):
                queued = await queue.retry(job.id)
            else:  # failed or cancelled: a new job
                queued = await queue.submit(
                    job.document, job.job_name, self._ctx.ports.printer.uri, reference=job.reference
                )
        except (JobBusy, JobNotFound):
            done = await _wait_for_job(queue, job.id)
            if done is not None and done.state is PrintJobState.PRINTED:
                outcome = done.outcome or PrintOutcome.DELIVERED
                result = PrintResult(outcome, done.printer_uri, done.detail, done.id)
                return Sent(result, done.detail, False, maybe_twice)
            held = PrintResult(PrintOutcome.HELD, job.printer_uri, "held by the print queue")
            return Sent(held, held.detail)
        return Sent(queued.result, queued.result.detail, False, maybe_twice)

    async def _queued_job(self, reference: str) -> PrintJob | None:
        """The print queue's original job for a label (not a reprint), newest first."""
        queue = self._queue
        assert queue is not None
        jobs = [*await queue.pending(), *await queue.history(500)]
        mine = [j for j in jobs if j.reference == reference and j.reprint_of is None]
        return max(mine, key=lambda j: j.created_at) if mine else None

    # ------------------------------------------------------------------ held labels

    def on_print_job(self, job: PrintJob) -> None:
        """The queue printed a label it had held: the label's attempt is printed now."""
        if (
            job.state is not PrintJobState.PRINTED
            or not job.reference
            or job.reference in self._inline
        ):
            return
        task = asyncio.get_running_loop().create_task(self._job_printed(job))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        task.add_done_callback(consume_exception)

    async def _job_printed(self, job: PrintJob) -> None:
        ctx = self._ctx
        attempt = next(
            (
                a
                for a in await ctx.journal.find_attempts(job.reference)
                if a.reference_number == job.reference
            ),
            None,
        )
        if attempt is None or attempt.status is not AttemptStatus.STORED:
            return
        outcome = job.outcome or PrintOutcome.DELIVERED
        await ctx.record_attempt(
            replace(
                attempt,
                status=AttemptStatus.PRINTED,
                print_outcome=outcome,
                print_started=False,
                printed_at=ctx.clock(),
                updated_at=ctx.clock(),
            ),
            JournalKind.PRINTED,
            tracking_code=attempt.tracking_code,
            printer=job.printer_uri,
            outcome=outcome.value,
            detail="printed by the print queue after being held",
            job_id=job.id,
        )
        ctx.emit(printed_event(attempt, True, outcome, "printed after being held"))
        record = await ctx.journal.cycle(attempt.cycle_id)
        if record is not None and record.status is CycleStatus.NEEDS_PRINT:
            await self.maybe_done(record)

    async def maybe_done(self, record: CycleRecord) -> None:
        """A cycle that only waited for prints is done once every live label printed."""
        ctx = self._ctx
        attempts = await ctx.journal.attempts(record.cycle_id)
        latest: dict[int, LabelAttempt] = {}
        for a in attempts:
            if a.parcel_no not in latest or a.generation > latest[a.parcel_no].generation:
                latest[a.parcel_no] = a
        if latest and all(a.status is AttemptStatus.PRINTED for a in latest.values()):
            done = replace(record, status=CycleStatus.DONE, note="", updated_at=ctx.clock())
            await ctx.journal.save_cycle(
                done,
                JournalEvent(
                    JournalKind.CYCLE_STEP,
                    record.order_id,
                    record.cycle_id,
                    {
                        "step": CycleStep.DONE.value,
                        "status": CycleStatus.DONE.value,
                        "packer": ctx.packer,
                    },
                ),
            )
            on_bench = ctx.on_bench(record)
            if on_bench is not None:
                on_bench.record = done


def printed_event(
    attempt: LabelAttempt,
    printed: bool,
    outcome: PrintOutcome,
    detail: str,
    *,
    reprint: bool = False,
) -> LabelPrinted:
    return LabelPrinted(
        order_id=attempt.order_id,
        parcel=attempt.parcel_no,
        parcels=attempt.parcel_count,
        tracking_code=attempt.tracking_code or "",
        printed=printed,
        outcome=outcome,
        detail=detail,
        reprint=reprint,
    )


async def _wait_for_job(queue: PrintQueue, job_id: str) -> PrintJob | None:
    """A job another task is sending right now: wait (bounded) until it is through."""
    for _ in range(600):
        try:
            job = await queue.job(job_id)
        except JobNotFound:
            return None
        if job.state is not PrintJobState.SENDING:
            return job
        await asyncio.sleep(0.05)
    return None
