"""Fakes for the print queue: a scripted printer and an in-memory job store."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterFault,
    PrinterLanguage,
    PrinterNotReady,
    PrinterProfile,
    PrinterStatus,
    PrintInterrupted,
    PrintOutcome,
    PrintResult,
)
from packstation.domain.shipping import LabelDocument, LabelFormat

ZPL_LABEL = LabelDocument(b"^XA^FO50,50^FDA100^FS^XZ\n", "text/plain", LabelFormat.ZPL)


@dataclass
class ScriptedPrinter:
    """A printer whose answers are set by the test.

    ``faults`` non-empty: it refuses with ``PrinterNotReady`` (nothing printed). Otherwise the
    next entry of ``script`` decides ("confirm", "deliver", "interrupt", "unprintable"), and
    "confirm" once the script is used up. ``printed`` lists the job names it printed.
    """

    uri: str = "fake://zebra"
    profile: PrinterProfile = field(default_factory=lambda: PrinterProfile(PrinterLanguage.ZPL))
    faults: tuple[PrinterFault, ...] = ()
    script: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)
    attempts: int = 0
    delay: float = 0.0
    active: int = 0  # jobs being printed right now
    most_active: int = 0  # the most jobs it was ever given at the same time

    async def status(self) -> PrinterStatus:
        return PrinterStatus(ready=not self.faults, faults=self.faults)

    async def print_document(self, document: LabelDocument, job_name: str) -> PrintResult:
        self.attempts += 1
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        try:
            return await self._print(job_name)
        finally:
            self.active -= 1

    async def _print(self, job_name: str) -> PrintResult:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.faults:
            status = PrinterStatus(ready=False, faults=self.faults)
            raise PrinterNotReady(
                f"{self.uri} is not ready: {', '.join(f.value for f in self.faults)}",
                status,
                printer=self.uri,
            )
        step = self.script.pop(0) if self.script else "confirm"
        if step == "interrupt":
            raise PrintInterrupted("sending broke off", printer=self.uri)
        if step == "unprintable":
            raise DocumentNotPrintable("ZPL for a PDF printer", printer=self.uri)
        self.printed.append(job_name)
        outcome = PrintOutcome.CONFIRMED if step == "confirm" else PrintOutcome.DELIVERED
        return PrintResult(outcome, self.uri, detail=step, job_id=str(len(self.printed)))


class MemoryPrintJobStore:
    """``PrintJobStore`` in a dict, for service tests."""

    def __init__(self) -> None:
        self.jobs: dict[str, PrintJob] = {}
        self.saves = 0

    async def save(self, job: PrintJob) -> None:
        self.saves += 1
        self.jobs[job.id] = job

    async def get(self, job_id: str) -> PrintJob | None:
        return self.jobs.get(job_id)

    async def list_jobs(
        self,
        *,
        states: Collection[PrintJobState] = (),
        printer_uri: str | None = None,
        limit: int | None = None,
    ) -> list[PrintJob]:
        found = [
            j
            for j in sorted(self.jobs.values(), key=lambda j: j.created_at)
            if (not states or j.state in states)
            and (printer_uri is None or j.printer_uri == printer_uri)
        ]
        return found[-limit:] if limit else found

    async def prune(self, finished_before: datetime) -> int:
        old = [
            j.id
            for j in self.jobs.values()
            if j.updated_at < finished_before and not j.state.pending
        ]
        for job_id in old:
            del self.jobs[job_id]
        return len(old)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now
