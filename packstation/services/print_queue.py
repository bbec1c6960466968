"""The print queue: every label goes to a printer through it, and none is lost on the way.

A job is stored (with its label file) before it is sent. Then:

* the printer confirms it or takes it (``CONFIRMED`` / ``DELIVERED``) → the job is *printed*
  (its ``outcome`` tells confirmed from "sent, unconfirmed"; only the first is shown as
  printed);
* the printer is offline or reports a fault (``PrinterNotReady``), or sending broke off
  (``PrintInterrupted``: a reset, a short write) → the job is *held*: shown as pending and sent
  again when the printer recovers (``retry_held``, or ``run`` in the background with backoff),
  or sent to another printer the packer picks (``move``);
* the printer took the job and then reported a fault or fell silent (``HELD`` with
  ``in_printer``) → the job is *held* with the label in the printer's buffer. Before sending it
  again the queue asks the printer: its label counter reached the job's mark → printed, no
  second copy; still faulted, or formats still waiting in its buffer → stays held; otherwise
  it is sent again (without a counter the printer cannot say, and the detail warns that a
  second copy may come out);
* the label cannot be printed on that printer as it is (``DocumentNotPrintable``, e.g. ZPL on
  a PDF printer) → the job *failed*, with the reason; ``move`` can still send it elsewhere.

Any job can be printed again from its stored label file (``reprint``). Right before a job's
bytes leave for a printer, one stored write marks it *dispatched* together with, for a printer
with a label counter (``ports.CountingPrinter``), the counter value it will show once the job
has printed. After a restart, ``recover`` turns jobs that were being sent when the station
stopped into held jobs: not dispatched, they never reached the printer and are simply sent
(due now); with the mark they are held *in the printer* (the counter decides whether they are
sent again, so a label the printer did print is not printed twice); dispatched without a mark
nobody can tell whether they printed: they are held as *uncertain* and not sent again by
themselves (``retry_held`` leaves them) until the packer decides (``retry``, or
``retry_held(include_uncertain=True)``). Before a new job goes to a
printer, the jobs held in that printer are settled first, so the new label cannot be mistaken
for an old one.

The queue never sends one job twice at the same time: a job is claimed (stored as *sending*)
under one lock before it goes out, and each printer gets one job at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from packstation.domain.notes import Note, NoteKind
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterError,
    PrinterFault,
    PrinterNotReady,
    PrinterStatus,
    PrintInterrupted,
    PrintOutcome,
    PrintResult,
)
from packstation.domain.shipping import LabelDocument
from packstation.ports import CountingPrinter, LabelPrinter, PrinterOpener, PrintJobStore

log = logging.getLogger(__name__)

JobListener = Callable[[PrintJob], None]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class QueuedPrint:
    """A job as it stands after an attempt, and the printer's honest answer."""

    job: PrintJob
    result: PrintResult

    @property
    def outcome(self) -> PrintOutcome:
        return self.result.outcome


class JobNotFound(LookupError):
    """No print job with that id."""


class JobBusy(RuntimeError):
    """The job cannot be changed now (it is being sent, or already printed)."""


class PrintQueue:
    """Sends label documents to printers named by URI, holding what cannot be printed yet.

    Args:
        store: where jobs and their label files are kept.
        open_printer: gives the configured printer for a URI (``ValueError`` if unknown).
        clock: the current time (UTC).
        retry_base: seconds before the first retry of a held job; doubled per attempt.
        retry_max: the longest wait between retries.
    """

    def __init__(
        self,
        store: PrintJobStore,
        open_printer: PrinterOpener,
        *,
        clock: Callable[[], datetime] = _utcnow,
        retry_base: float = 2.0,
        retry_max: float = 60.0,
    ) -> None:
        self._store = store
        self._open_printer = open_printer
        self._clock = clock
        self._retry_base = retry_base
        self._retry_max = retry_max
        self._printers: dict[str, LabelPrinter] = {}
        self._printer_locks: dict[str, asyncio.Lock] = {}
        self._claim_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._listeners: list[JobListener] = []
        #: printers that just printed: their held jobs need not wait for the backoff
        self._working: set[str] = set()

    # ------------------------------------------------------------ observers
    def subscribe(self, listener: JobListener) -> Callable[[], None]:
        """Call ``listener`` with every job whose state changed; returns an unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, job: PrintJob) -> None:
        for listener in list(self._listeners):
            try:
                listener(job)
            except Exception:
                log.exception("a print job listener failed")

    async def _save(self, job: PrintJob) -> PrintJob:
        await self._store.save(job)
        self._notify(job)
        return job

    # ------------------------------------------------------------ printers
    def printer(self, uri: str) -> LabelPrinter:
        """The printer for a URI (opened once, then reused); ``ValueError`` if unknown."""
        found = self._printers.get(uri)
        if found is None:
            found = self._open_printer(uri)
            self._printers[uri] = found
        return found

    def _lock_for(self, uri: str) -> asyncio.Lock:
        return self._printer_locks.setdefault(uri, asyncio.Lock())

    def _backoff(self, attempts: int) -> timedelta:
        seconds = min(self._retry_base * 2 ** max(0, attempts - 1), self._retry_max)
        return timedelta(seconds=seconds)

    # ------------------------------------------------------------ printing
    async def submit(
        self,
        document: LabelDocument,
        job_name: str,
        printer_uri: str,
        *,
        reference: str = "",
        reprint_of: str | None = None,
    ) -> QueuedPrint:
        """Store a job and send it now; the answer says printed, held or failed."""
        now = self._clock()
        job = PrintJob(
            id=uuid.uuid4().hex,
            printer_uri=printer_uri,
            job_name=job_name,
            document=document,
            state=PrintJobState.SENDING,
            created_at=now,
            updated_at=now,
            attempts=1,
            reference=reference,
            reprint_of=reprint_of,
        )
        await self._save(job)
        return await self._send(job)

    async def reprint(self, job_id: str, printer_uri: str | None = None) -> QueuedPrint:
        """Print a stored job's label again (on its printer, or on ``printer_uri``)."""
        original = await self._get(job_id)
        return await self.submit(
            original.document,
            original.job_name,
            printer_uri or original.printer_uri,
            reference=original.reference,
            reprint_of=original.id,
        )

    async def move(self, job_id: str, printer_uri: str) -> QueuedPrint:
        """Send a held (or failed) job to another printer, now."""
        job = await self._claim(
            job_id,
            (PrintJobState.HELD, PrintJobState.FAILED),
            printer_uri=printer_uri,
            attempts=0,
        )
        if job.printer_uri != printer_uri or job.in_printer:
            job = replace(job, in_printer=False, printed_at_count=None)  # the packer chose
        return await self._send(job)

    async def retry(self, job_id: str) -> QueuedPrint:
        """Send one held job again now (the packer pressed "retry")."""
        job = await self._claim(job_id, (PrintJobState.HELD,))
        return await self._send(job)

    async def cancel(self, job_id: str) -> PrintJob:
        """Withdraw a held or failed job; it will not be printed."""
        async with self._claim_lock:
            job = await self._get(job_id)
            if job.state not in (PrintJobState.HELD, PrintJobState.FAILED):
                raise JobBusy(f"the print job is {job.state.value} and cannot be withdrawn")
            return await self._save(
                replace(job, state=PrintJobState.CANCELLED, updated_at=self._clock())
            )

    async def settle_uncertain(self, job_id: str) -> PrintJob:
        """The packer saw that an uncertain job did print: it is done, not sent again."""
        async with self._claim_lock:
            job = await self._get(job_id)
            if job.state is not PrintJobState.HELD or not job.uncertain:
                raise JobBusy(f"the print job is {job.state.value}, not waiting for a decision")
            return await self._save(
                replace(
                    job,
                    state=PrintJobState.PRINTED,
                    outcome=PrintOutcome.CONFIRMED,
                    detail="The packer confirmed that it printed before the station stopped.",
                    uncertain=False,
                    updated_at=self._clock(),
                    next_attempt_at=None,
                )
            )

    async def retry_held(
        self, *, force: bool = False, include_uncertain: bool = False
    ) -> list[QueuedPrint]:
        """Send every held job whose retry time has come (all of them with ``force``).

        Jobs go out oldest first; once a printer is still not ready, its later jobs wait for
        the next round. Uncertain jobs (they may have printed) only with ``include_uncertain``.
        """
        now = self._clock()
        working, self._working = self._working, set()
        held = await self._store.list_jobs(states=(PrintJobState.HELD,))
        blocked: set[str] = set()
        results: list[QueuedPrint] = []
        for candidate in held:
            if candidate.printer_uri in blocked:
                continue
            if candidate.uncertain and not include_uncertain:
                continue
            due = (
                force
                or candidate.printer_uri in working
                or candidate.next_attempt_at is None
                or candidate.next_attempt_at <= now
            )
            if not due:
                blocked.add(candidate.printer_uri)  # keep the printer's order
                continue
            try:
                job = await self._claim(candidate.id, (PrintJobState.HELD,))
            except (JobNotFound, JobBusy):
                continue  # moved, cancelled or sent meanwhile
            result = await self._send(job)
            results.append(result)
            if result.job.state is PrintJobState.HELD:
                blocked.add(job.printer_uri)
        return results

    async def recover(self) -> list[PrintJob]:
        """At start-up: jobs left *sending* by a stopped station become held (due now)."""
        recovered = []
        async with self._claim_lock:
            for job in await self._store.list_jobs(states=(PrintJobState.SENDING,)):
                now = self._clock()
                in_printer = job.in_printer or (job.dispatched and job.printed_at_count is not None)
                uncertain = job.dispatched and not in_printer
                if in_printer:
                    detail = (
                        "The station stopped while this label was being sent; the printer's "
                        "label counter shows whether it printed before it is sent again."
                    )
                elif uncertain:
                    detail = (
                        "The station stopped while this label was being sent; it may have "
                        "printed, and the printer cannot tell. Check the printer, then send it "
                        "again or withdraw it."
                    )
                else:
                    detail = (
                        "The station stopped before this label reached the printer; it is "
                        "sent again."
                    )
                recovered.append(
                    await self._save(
                        replace(
                            job,
                            state=PrintJobState.HELD,
                            updated_at=now,
                            next_attempt_at=now,
                            detail=detail,
                            in_printer=in_printer,
                            uncertain=uncertain,
                            dispatched=False,
                        )
                    )
                )
        if recovered:
            self.wake()
        return recovered

    # ------------------------------------------------------------ views
    async def pending(self) -> list[PrintJob]:
        """Held and sending jobs, oldest first (what the packer sees as "waiting")."""
        return await self._store.list_jobs(states=(PrintJobState.SENDING, PrintJobState.HELD))

    async def history(self, limit: int = 50) -> list[PrintJob]:
        """The newest ``limit`` jobs of any state, oldest first."""
        return await self._store.list_jobs(limit=limit)

    async def job(self, job_id: str) -> PrintJob:
        return await self._get(job_id)

    async def prune(self, keep: timedelta = timedelta(days=30)) -> int:
        """Forget finished jobs older than ``keep``; held jobs are always kept."""
        return await self._store.prune(self._clock() - keep)

    # ------------------------------------------------------------ background
    def wake(self) -> None:
        """Make ``run`` look at the held jobs now."""
        self._wake.set()

    async def run(self, *, interval: float = 5.0) -> None:
        """Re-send held jobs as their retry time comes, until cancelled."""
        while True:
            try:
                await self.retry_held()
                delay = await self._next_delay(interval)
            except Exception:
                log.exception("retrying held print jobs failed; trying again later")
                delay = interval
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()

    async def _next_delay(self, interval: float) -> float:
        held = await self._store.list_jobs(states=(PrintJobState.HELD,))
        times = [j.next_attempt_at for j in held if j.next_attempt_at is not None]
        if not times:
            return interval
        wait = (min(times) - self._clock()).total_seconds()
        return max(0.05, min(interval, wait))

    # ------------------------------------------------------------ internals
    async def _get(self, job_id: str) -> PrintJob:
        job = await self._store.get(job_id)
        if job is None:
            raise JobNotFound(f"no print job {job_id!r}")
        return job

    async def _claim(
        self,
        job_id: str,
        allowed: tuple[PrintJobState, ...],
        *,
        printer_uri: str | None = None,
        attempts: int | None = None,
    ) -> PrintJob:
        async with self._claim_lock:
            job = await self._get(job_id)
            if job.state not in allowed:
                raise JobBusy(f"the print job is {job.state.value}")
            return await self._save(
                replace(
                    job,
                    state=PrintJobState.SENDING,
                    printer_uri=printer_uri or job.printer_uri,
                    attempts=(job.attempts if attempts is None else attempts) + 1,
                    updated_at=self._clock(),
                    next_attempt_at=None,
                    uncertain=False,  # sent on purpose now
                    dispatched=False,  # not on its way to the printer yet
                )
            )

    async def _send(self, job: PrintJob) -> QueuedPrint:
        async with self._lock_for(job.printer_uri):
            try:
                printer = self.printer(job.printer_uri)
            except ValueError as exc:
                result = PrintResult(PrintOutcome.FAILED, job.printer_uri, detail=str(exc))
                return await self._finish(job, result, PrintJobState.FAILED)
            blind = job.in_printer and job.printed_at_count is None
            if job.in_printer:
                settled = await self._settle_in_printer(job, printer)
                if settled is not None:
                    return settled
                job = replace(job, in_printer=False, printed_at_count=None)  # gone: resend
            else:
                await self._settle_earlier(job, printer)
            job = await self._dispatch(job, printer)
            try:
                result = await printer.print_document(job.document, job.job_name)
            except PrinterNotReady as exc:
                return await self._hold(job, exc.message, exc.status)
            except PrintInterrupted as exc:
                return await self._hold(job, exc.message, None)
            except DocumentNotPrintable as exc:
                result = PrintResult(PrintOutcome.FAILED, printer.uri, detail=exc.message)
                return await self._finish(job, result, PrintJobState.FAILED)
            except PrinterError as exc:
                return await self._hold(job, exc.message, None)
            except Exception as exc:
                log.exception("printing %s on %s failed unexpectedly", job.id, job.printer_uri)
                return await self._hold(job, f"The printer could not be used ({exc}).", None)
        if blind and result.printed:
            result = replace(
                result,
                warnings=(
                    *result.warnings,
                    Note(
                        NoteKind.LABEL_MAYBE_TWICE,
                        "The printer had this label in its buffer and cannot say whether it "
                        "printed it; it was sent again, so two copies of the same label may have "
                        "come out.",
                    ),
                ),
            )
        if result.outcome is PrintOutcome.HELD:
            return await self._hold(
                job,
                result.detail,
                result.status_after,
                in_printer=result.in_printer,
                printed_at_count=(
                    result.printed_at_count
                    if result.printed_at_count is not None
                    else job.printed_at_count
                ),
            )
        state = (
            PrintJobState.FAILED
            if result.outcome is PrintOutcome.FAILED
            else (PrintJobState.PRINTED)
        )
        return await self._finish(job, result, state)

    async def _dispatch(self, job: PrintJob, printer: LabelPrinter) -> PrintJob:
        """Store, in one write, that the job is about to reach the printer and (for a printer
        with a label counter) the counter value it shows once the job has printed. Nothing
        goes out before that write is committed, so a job a crash left *sending* is either
        not dispatched (it never reached the printer: sent again) or carries its mark (the
        counter decides), or the printer cannot tell (uncertain)."""
        mark = None
        if isinstance(printer, CountingPrinter):
            try:
                count = await printer.label_count()
            except (PrinterError, OSError) as exc:
                log.info("no label count from %s before job %s: %s", job.printer_uri, job.id, exc)
                count = None
            if count is not None:
                mark = count + printer.labels_in(job.document)
        return await self._save(replace(job, dispatched=True, printed_at_count=mark))

    async def _settle_earlier(self, job: PrintJob, printer: LabelPrinter) -> None:
        """Jobs held in this printer's buffer are settled before a new job moves its counter:
        printed ones are done, lost ones lose their mark (a later retry simply resends)."""
        held = await self._store.list_jobs(
            states=(PrintJobState.HELD,), printer_uri=job.printer_uri
        )
        for earlier in held:
            if not earlier.in_printer or earlier.id == job.id:
                continue
            async with self._claim_lock:
                current = await self._store.get(earlier.id)
                if current is None or current.state is not PrintJobState.HELD:
                    continue
                settled = await self._settle_in_printer(current, printer)
                if settled is None:  # gone from the printer: resend it without a mark
                    await self._save(replace(current, in_printer=False, printed_at_count=None))

    async def _settle_in_printer(self, job: PrintJob, printer: LabelPrinter) -> QueuedPrint | None:
        """A job the printer took and then faulted on: printed meanwhile, still waiting in the
        printer, or gone (None: send it again)."""
        try:
            status = await printer.status()
        except (PrinterError, OSError) as exc:
            log.warning("asking %s about held job %s failed: %s", job.printer_uri, job.id, exc)
            return await self._hold(
                job,
                job.detail,
                None,
                in_printer=True,
                printed_at_count=job.printed_at_count,
            )
        mark = job.printed_at_count
        if mark is not None and status.label_count is not None and status.label_count >= mark:
            result = PrintResult(
                PrintOutcome.CONFIRMED,
                printer.uri,
                detail="Printed once the printer's fault was cleared (its label counter "
                f"reached {mark}); not sent again.",
                status_after=status,
                printed_at_count=status.label_count,
            )
            return await self._finish(job, result, PrintJobState.PRINTED)
        if not status.ready or status.formats_waiting:
            where = (
                f"the printer still reports: {status.detail}"
                if not status.ready
                else "the label still waits in the printer's buffer"
            )
            return await self._hold(
                job,
                f"The printer took this label but has not printed it: {where}. Fix the "
                "printer; it is checked again before anything is resent.",
                status,
                in_printer=True,
                printed_at_count=mark,
            )
        if mark is None:
            log.warning(
                "held job %s: %s cannot say whether it printed the label from its buffer; "
                "sending it again (a second copy of the same label may come out)",
                job.id,
                job.printer_uri,
            )
        return None

    async def _finish(
        self, job: PrintJob, result: PrintResult, state: PrintJobState
    ) -> QueuedPrint:
        done = await self._save(
            replace(
                job,
                state=state,
                outcome=result.outcome,
                detail=result.detail,
                faults=result.status_after.faults if result.status_after else (),
                warnings=result.warnings,
                printer_job_id=result.job_id,
                updated_at=self._clock(),
                next_attempt_at=None,
                in_printer=False,
                printed_at_count=result.printed_at_count,
            )
        )
        if state is PrintJobState.PRINTED:
            self._working.add(job.printer_uri)  # the printer works: its held jobs may go now
            self.wake()
        return QueuedPrint(done, result)

    async def _hold(
        self,
        job: PrintJob,
        message: str,
        status: PrinterStatus | None,
        *,
        in_printer: bool = False,
        printed_at_count: int | None = None,
    ) -> QueuedPrint:
        now = self._clock()
        faults = status.faults if status else (PrinterFault.OTHER,)
        held = await self._save(
            replace(
                job,
                state=PrintJobState.HELD,
                outcome=PrintOutcome.HELD,
                detail=message,
                faults=faults,
                updated_at=now,
                next_attempt_at=now + self._backoff(job.attempts),
                in_printer=in_printer,
                printed_at_count=printed_at_count,
            )
        )
        log.info("print job %s held for %s: %s", job.id, job.printer_uri, message)
        result = PrintResult(
            PrintOutcome.HELD, job.printer_uri, detail=message, status_after=status
        )
        return QueuedPrint(held, result)
