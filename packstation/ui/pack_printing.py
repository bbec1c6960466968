"""The packing screen's labels side: how finishing ended, printing, cycles left in flight.

``PrintingScreen`` builds on ``BenchScreen`` (the display state) and is the base of
``PackViewModel``. It words what happens to an order's labels once it is finished: printed,
sent but unconfirmed, not printed and why (the printer's faults), F5 printing the held ones, a
held label that printed by itself once the printer was ready again (banner and station bar
say so at the same moment), a label that may have printed before the station stopped (the
packer is asked whether it came out), and cycles a restart left unfinished (resume, abandon).
Every printed label's preview is loaded here too.
"""

from __future__ import annotations

import asyncio
import logging

from packstation.domain.cycle import CycleInterrupted, LabelAttempt
from packstation.domain.print_jobs import PrintJobState
from packstation.domain.printing import PrinterError, PrintOutcome
from packstation.services.packing import (
    CycleReport,
    FinishOutcome,
    FinishRefused,
    Interrupted,
    LabelPrinted,
)
from packstation.services.print_queue import JobBusy, JobNotFound
from packstation.ui import texts
from packstation.ui.gate_words import gate_refusal
from packstation.ui.pack_display import expected_text, in_flight_view
from packstation.ui.pack_screen import BenchScreen
from packstation.ui.pack_views import UncertainPrintView
from packstation.ui.pack_wording import HELD_LABEL_NOTICE, Say, translated
from packstation.ui.service_notes import noted
from packstation.ui.service_words import describe, refusal_text

log = logging.getLogger(__name__)


class PrintingScreen(BenchScreen):
    """What the bench says about an order's labels (the base of ``PackViewModel``)."""

    #: an order is being finished by the packer (a label printed now is not a held one)
    _finishing = False
    #: the order whose held label printed by itself last (F5 then has nothing to print)
    _held_printed: str | None = None

    async def _printer_problem(self, order_id: str) -> None:
        """The order's labels did not print: say why, as far as the printer can tell."""
        why = texts.faults_text(())
        try:
            status = await asyncio.wait_for(self._service().printer.status(), timeout=5)
        except (PrinterError, OSError, TimeoutError) as exc:
            log.info("printer status unavailable: %s", exc)
        else:
            if status.faults:
                why = texts.faults_text(status.faults)
            self._station.printer_seen(status)
        self._say(Say.NOT_PRINTED, (why,), (order_id,))

    async def _print_waiting(self) -> None:
        """F5 / PRINT: print the held labels (and those that may have printed before a crash)."""
        queue = self._require_backend().print_queue
        if queue is None or not await queue.pending():
            if self._held_printed is not None and not self._packing_now():
                # it printed by itself meanwhile: the green banner stays green
                self._say(Say.HELD_ALREADY_PRINTED, (self._held_printed,))
            else:
                self._say(Say.NOTHING_HELD)
            return
        self._held_printed = None
        self._say(Say.PRINTING_HELD)
        # the packer asked for them: labels that may have printed before a crash go too
        results = await queue.retry_held(force=True, include_uncertain=True)
        await asyncio.sleep(0)  # let the service mark the labels printed
        still = [r for r in results if r.job.state is not PrintJobState.PRINTED]
        if still or not results:
            session = self._current()
            await self._printer_problem(session.order_id if session else "")
        else:
            self._say(Say.HELD_PRINTED, detail=(len(results),))
        await self._station.refresh()

    async def _ask_uncertain(self) -> bool:
        """A label that may have printed before the station stopped (the printer cannot tell):
        ask the packer whether it came out, one label at a time. False when there is none."""
        queue = self._require_backend().print_queue
        if queue is None:
            return False
        waiting = [job for job in await queue.pending() if job.uncertain]
        if not waiting:
            return False
        job = waiting[0]
        self._say(Say.MAY_HAVE_PRINTED, (job.job_name,), (len(waiting),))
        self.uncertain_print.emit(UncertainPrintView(job.id, job.job_name, job.printer_uri))
        return True

    async def _print_uncertain(self, job_id: str) -> None:
        queue = self._require_backend().print_queue
        if queue is None:
            return
        try:
            result = await queue.retry(job_id)
        except (JobBusy, JobNotFound):
            result = None  # decided meanwhile (F5, another answer)
        await asyncio.sleep(0)  # let the service mark the label printed
        if result is not None and result.job.state is not PrintJobState.PRINTED:
            await self._printer_problem(result.job.job_name.partition(" ")[0])
        elif not await self._ask_uncertain():
            self._say(Say.HELD_PRINTED, detail=(1,))
        await self._station.refresh()

    async def _uncertain_printed(self, job_id: str) -> None:
        queue = self._require_backend().print_queue
        if queue is None:
            return
        try:
            job = await queue.settle_uncertain(job_id)
        except (JobBusy, JobNotFound):
            job = None  # decided meanwhile
        await asyncio.sleep(0)  # let the service mark the label printed
        if not await self._ask_uncertain():
            self._say(Say.UNCERTAIN_SETTLED, detail=(job.job_name if job else "",))
        await self._station.refresh()

    def _on_label_printed(self, event: LabelPrinted) -> None:
        """The service sent a label to the printer (or failed to): preview, bar and banner."""
        self._emit_parcels()
        session = self._current()
        attempt = None
        if session is not None and session.order_id == event.order_id:
            attempt = session.latest_attempt(event.parcel)
        if attempt is not None:
            self._load_preview(attempt)
        if not event.printed:
            self._station.refresh_printer_soon()
            return
        held = not self._finishing and not event.reprint and not self._busy
        # the bar says what the banner says, at the same moment
        self._station.label_printed(was_held=held)
        if held:
            # a held label printed by the print queue once the printer was ready again
            order_id = self._held_printed = event.order_id
            if self._packing_now():
                # another order is on the bench: its banner stays, a line says so
                self._notice(lambda: translated(HELD_LABEL_NOTICE).format(order_id))
            else:
                self._say(Say.HELD_LABEL_PRINTED, detail=(order_id,))

    def _load_preview(self, attempt: LabelAttempt) -> None:
        backend = self._backend
        if backend is not None and backend.load_label is not None:
            self.runner.start(self._preview.load(backend, attempt), name="label preview")

    # ------------------------------------------------------------------ how finishing ended

    async def _after_finish(self, result: FinishOutcome | None) -> None:
        """Say how finishing the order ended (None: it was not finished)."""
        if result is None:
            return
        if isinstance(result, Interrupted):
            self._interrupted(result)
        self._refresh_session()
        self._emit_parcels()
        if isinstance(result, FinishRefused):
            self._refused(result)
        elif isinstance(result, CycleReport):
            await self._finished(result)

    def _interrupted(self, result: Interrupted) -> None:
        """Finishing stopped: what stopped it, in the window's words (never 7S's English)."""
        error = result.error if result.error is not None else CycleInterrupted("")
        why = (lambda: describe(error),)
        if result.packed_elsewhere:
            self._say(Say.PACKED_ELSEWHERE, (result.order_id,), why)
        elif result.bought:
            self._say(Say.BOUGHT_NOT_FINISHED, (", ".join(result.bought),), why)
        else:
            self._say(Say.NO_LABEL_YET, (result.order_id,), why)

    def _refused(self, result: FinishRefused) -> None:
        if result.tracking_code:
            code = result.tracking_code
            why = result.refusal
            self._say(Say.TRACKING_CODE_REFUSED, (code,), (lambda: refusal_text(why),))
        elif result.remaining:
            missing = sum(left for _, left in result.remaining)
            self._say(Say.ITEMS_MISSING, (missing,), (expected_text(self._current()),))
        elif result.weight and (gate := gate_refusal(self._current())) is not None:
            self._say(*gate)  # the weight gate, in the window's language
        else:
            refusal = result.refusal
            self._say(Say.LABEL_NOT_YET, detail=(lambda: refusal_text(refusal),))

    async def _finished(self, report: CycleReport) -> None:
        self._last_order_id = report.order_id
        self._notice(noted(report.warnings))  # worded by kind, never the English; or none
        unconfirmed = [p for p in report.parcels if p.print_outcome is PrintOutcome.DELIVERED]
        if report.printed and unconfirmed:
            # sent, unconfirmed: never called printed (docs/printing.md)
            codes = ", ".join(p.tracking_code or "?" for p in unconfirmed)
            self._say(Say.SENT_UNCONFIRMED, detail=(report.order_id, len(unconfirmed), codes))
        elif report.printed and report.skip_reason is not None:
            codes = ", ".join(p.tracking_code or "?" for p in report.parcels)
            units = sum(n for _, n in report.not_verified)
            unscanned = ", ".join(f"{sku} ×{n}" for sku, n in report.not_verified) or "—"
            self._say(
                Say.PRINTED_NOT_VERIFIED,
                (units,),
                (report.order_id, len(report.parcels), codes, unscanned),
            )
        elif report.printed:
            codes = ", ".join(p.tracking_code or "?" for p in report.parcels)
            self._say(Say.PRINTED, detail=(report.order_id, len(report.parcels), codes))
        else:
            await self._printer_problem(report.order_id)
        self._station.refresh_soon()

    # ------------------------------------------------------------------ resume after restart

    async def _check_in_flight(self) -> None:
        backend = self._backend
        if backend is None:
            return
        items = await backend.service.in_flight()
        self._in_flight = items
        if not items:
            return
        views = [in_flight_view(i) for i in items]
        orders = ", ".join(v.order_id for v in views)
        self._say(Say.IN_FLIGHT, (orders,), (len(views),))
        self.resume_offered.emit(views)
        self._emit_actions()

    async def _resume(self, cycle_id: str | None) -> None:
        service = self._service()
        self._say(Say.RESUMING)
        results = await service.resume(cycle_id)
        done = [r for r in results if r.report is not None and r.report.printed]
        waiting = [r for r in results if r.waiting_for_packer]
        problems = [r for r in results if r.report is None and not r.waiting_for_packer]
        unprinted = [r for r in results if r.report is not None and not r.report.printed]
        self._in_flight = await service.in_flight()
        if problems:
            first = problems[0]
            error = first.error if first.error is not None else CycleInterrupted("")
            self._say(Say.RESUME_PROBLEM, (first.order_id,), (lambda: describe(error),))
        elif await self._ask_uncertain():
            pass  # the packer is asked whether the label came out
        elif unprinted:
            await self._printer_problem(unprinted[0].order_id)
        elif waiting:
            self._say(Say.RESUME_WAITING, (", ".join(r.order_id for r in waiting),))
        elif done:
            self._say(Say.RESUMED, (", ".join(r.order_id for r in done),))
            self._last_order_id = done[-1].order_id
        else:
            self._say(Say.RESUMED_NOTHING, ("—",))
        await self._station.refresh()

    async def _abandon(self, cycle_id: str, reason: str) -> None:
        service = self._service()
        order_id = next(
            (i.cycle.order_id for i in self._in_flight if i.cycle.cycle_id == cycle_id), ""
        )
        try:
            await service.abandon(cycle_id, reason)
        except (ValueError, LookupError):
            self._say(Say.ABANDON_REFUSED, (order_id,))
            return
        self._in_flight = await service.in_flight()
        session = self._current()
        if session is not None and session.cycle_id == cycle_id:
            self._clear_order()
        self._say(Say.ABANDONED, (order_id,))
