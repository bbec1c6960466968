"""CUPS queues through the command-line tools (``lp``, ``lpstat``, ``cancel``).

pycups would need compiling on every station; the tools come with the ``cups-client`` package
and are run as asyncio subprocesses in the C locale (their output is parsed). ZPL and ESC/POS
go as raw jobs (``lp -o raw``); a PDF goes as a normal job, so the queue's driver renders it.

Before a job the queue's state is read (``lpstat -l -p``, ``lpstat -a``): a stopped queue, one
that refuses jobs, or a printer reporting media empty, cover open, jam … means nothing is sent
and ``PrinterNotReady`` says why. After ``lp`` the job is followed until CUPS reports it
completed (``CONFIRMED``: the spooler finished it), cancelled or aborted (``FAILED``), or the
wait runs out (``DELIVERED``: CUPS has it, it has not finished yet). A job still waiting when
the queue gets stopped is cancelled again and reported as ``PrinterNotReady``, so the station's
print queue holds it instead of CUPS (it never prints twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from packstation.adapters.printers.escpos_printer import escpos_bytes
from packstation.adapters.printers.prepare import Payload, PayloadKind, prepare
from packstation.domain.printing import (
    PrinterError,
    PrinterFault,
    PrinterNotReady,
    PrinterProfile,
    PrinterStatus,
    PrintInterrupted,
    PrintOutcome,
    PrintResult,
)
from packstation.domain.shipping import LabelDocument
from packstation.domain.zpl import describe_faults

log = logging.getLogger(__name__)

_COMMAND_TIMEOUT = 15.0
_REQUEST_ID = re.compile(r"request id is (\S+)")
_HEADER = re.compile(r"^printer (\S+) (?:(is idle)|now printing (\S+)|(disabled))")
_JOB_LINE = re.compile(r"^(\S+-\d+)\s")
_KEY_LINE = re.compile(r"^\t[A-Z][A-Za-z ]*:")

# printer-state-reasons (RFC 8011 / PWG 5100.x keywords, without -error/-warning/-report)
_REASON_FAULTS = {
    "media-empty": PrinterFault.PAPER_OUT,
    "media-needed": PrinterFault.PAPER_OUT,
    "media-jam": PrinterFault.JAMMED,
    "cover-open": PrinterFault.HEAD_OPEN,
    "door-open": PrinterFault.HEAD_OPEN,
    "interlock-open": PrinterFault.HEAD_OPEN,
    "marker-supply-empty": PrinterFault.RIBBON_OUT,
    "toner-empty": PrinterFault.RIBBON_OUT,
    "paused": PrinterFault.PAUSED,
    "offline": PrinterFault.OFFLINE,
    "shutdown": PrinterFault.OFFLINE,
}
_FAILED_JOB_REASONS = (
    "job-canceled",
    "aborted-by-system",
    "job-aborted",
    "job-completed-with-errors",
    "document-format-error",
    "document-unprintable-error",
    "unsupported-document-format",
)


class CupsUnavailable(Exception):
    """The CUPS tools are missing or the scheduler does not answer."""


@dataclass(frozen=True, slots=True)
class QueueState:
    """What ``lpstat`` says about a queue."""

    exists: bool
    enabled: bool = True
    accepting: bool = True
    printing_job: str | None = None
    message: str = ""
    reasons: tuple[str, ...] = ()
    reject_reason: str = ""


def parse_printer_state(long_status: str) -> QueueState:
    """Read ``LC_ALL=C lpstat -l -p QUEUE``."""
    lines = long_status.splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith("printer ")), None)
    if header is None:
        return QueueState(exists=False)
    match = _HEADER.match(lines[header])
    enabled = not (match and match.group(4))
    printing = match.group(3).rstrip(".") if match and match.group(3) else None
    body: list[str] = []
    for line in lines[header + 1 :]:
        if line.startswith("printer "):
            break
        body.append(line)
    reasons: tuple[str, ...] = ()
    for line in body:
        if line.startswith("\tAlerts:"):
            words = (w.strip(",") for w in line.partition(":")[2].split())
            reasons = tuple(w for w in words if w and w != "none")
    # the state message comes before the first "Key:" line of the long listing
    message: list[str] = []
    for line in body:
        if _KEY_LINE.match(line):
            break
        if line.strip() and line.strip() != "reason unknown":  # lpstat's filler text
            message.append(line.strip())
    return QueueState(
        exists=True,
        enabled=enabled,
        printing_job=printing,
        message=" ".join(message),
        reasons=reasons,
    )


def parse_accepting(text: str, queue: str) -> tuple[bool, str]:
    """Read ``LC_ALL=C lpstat -a QUEUE``: (accepting, reason when not)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{queue} "):
            if " not accepting" in line:
                reason = lines[i + 1].strip() if i + 1 < len(lines) else ""
                return False, reason
            return True, ""
    return True, ""


@dataclass(frozen=True, slots=True)
class JobInfo:
    job_id: str
    status: str = ""
    reasons: tuple[str, ...] = ()


def parse_jobs(text: str) -> dict[str, JobInfo]:
    """Read ``LC_ALL=C lpstat [-W completed] -l -o QUEUE`` into job id → status and reasons."""
    jobs: dict[str, JobInfo] = {}
    current: str | None = None
    status = ""
    reasons: tuple[str, ...] = ()

    def flush() -> None:
        if current is not None:
            jobs[current] = JobInfo(current, status, reasons)

    for line in text.splitlines():
        match = _JOB_LINE.match(line)
        if match:
            flush()
            current, status, reasons = match.group(1), "", ()
        elif line.startswith("\tStatus:"):
            status = line.partition(":")[2].strip()
        elif line.startswith("\tAlerts:"):
            reasons = tuple(line.partition(":")[2].split())
    flush()
    return jobs


def status_from_state(state: QueueState, queue: str) -> PrinterStatus:
    if not state.exists:
        return PrinterStatus(
            ready=False,
            faults=(PrinterFault.OFFLINE,),
            detail=f"there is no CUPS queue named {queue!r} ('lpstat -e' lists them)",
        )
    faults: list[PrinterFault] = []
    notes: list[str] = []
    for reason in state.reasons:
        base = re.sub(r"-(error|warning|report)$", "", reason)
        severe = not reason.endswith(("-warning", "-report")) or reason == "offline-report"
        fault = _REASON_FAULTS.get(base)
        if fault is not None and severe:
            if fault not in faults:
                faults.append(fault)
        elif reason.endswith("-error"):
            faults.append(PrinterFault.OTHER)
            notes.append(reason)
    if not state.enabled:
        if PrinterFault.PAUSED not in faults:
            faults.append(PrinterFault.PAUSED)
        notes.append(f"the CUPS queue is stopped (resume it with 'cupsenable {queue}')")
    if not state.accepting:
        faults.append(PrinterFault.OFFLINE)
        notes.append(
            f"the CUPS queue does not accept jobs ({state.reject_reason or 'no reason given'}; "
            f"'cupsaccept {queue}' re-opens it)"
        )
    if state.message:
        notes.append(state.message)
    return PrinterStatus(ready=not faults, faults=tuple(faults), detail="; ".join(notes))


class CupsPrinter:
    """A CUPS queue. Implements ``ports.LabelPrinter``."""

    def __init__(
        self,
        queue: str,
        profile: PrinterProfile,
        *,
        uri: str | None = None,
        server: str | None = None,
        wait: float = 15.0,
        poll_interval: float = 0.2,
        cut: bool = True,
    ) -> None:
        self._queue = queue
        self._profile = profile
        self._uri = uri or f"cups://{queue}"
        self._server = server
        self._wait = wait
        self._poll_interval = poll_interval
        self._cut = cut

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def profile(self) -> PrinterProfile:
        return self._profile

    # ------------------------------------------------------------ commands
    async def _run(self, *args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        return await run_cups_command(args, stdin=stdin, server=self._server)

    async def _state(self) -> QueueState:
        code, out, err = await self._run("lpstat", "-l", "-p", self._queue)
        if code != 0:
            if not _unknown_destination(err):
                raise CupsUnavailable(_first_line(err) or f"lpstat ended with code {code}")
            # lpstat says "invalid destination" also when it cannot reach the scheduler
            _, running, _ = await self._run("lpstat", "-r")
            if "not running" in running:
                raise CupsUnavailable("the CUPS scheduler is not running")
            return QueueState(exists=False)
        state = parse_printer_state(out)
        if not state.exists:
            return state
        code, out, err = await self._run("lpstat", "-a", self._queue)
        accepting, why = parse_accepting(out, self._queue) if code == 0 else (True, "")
        return QueueState(
            exists=True,
            enabled=state.enabled,
            accepting=accepting,
            printing_job=state.printing_job,
            message=state.message,
            reasons=state.reasons,
            reject_reason=why,
        )

    def _unavailable(self, exc: CupsUnavailable) -> PrinterStatus:
        return PrinterStatus(
            ready=False,
            faults=(PrinterFault.OFFLINE,),
            detail=f"the print service (CUPS) does not answer: {exc}",
        )

    # ------------------------------------------------------------ LabelPrinter
    async def status(self) -> PrinterStatus:
        try:
            return status_from_state(await self._state(), self._queue)
        except CupsUnavailable as exc:
            return self._unavailable(exc)

    async def print_document(self, document: LabelDocument, job_name: str) -> PrintResult:
        payload = await prepare(document, self._profile, self._uri)
        try:
            state = await self._state()
        except CupsUnavailable as exc:
            status = self._unavailable(exc)
            raise PrinterNotReady(
                f"The print service (CUPS) does not answer ({exc}). Nothing was sent.",
                status,
                printer=self._uri,
            ) from exc
        status = status_from_state(state, self._queue)
        if not status.ready:
            raise PrinterNotReady(
                f"The CUPS printer {self._queue} is not ready: {describe_faults(status.faults)}"
                f"{' (' + status.detail + ')' if status.detail else ''}. Nothing was sent.",
                status,
                printer=self._uri,
            )
        data = await self._bytes(payload)
        args = ["lp", "-d", self._queue, "-t", job_name[:255] or "label"]
        if payload.kind is not PayloadKind.PDF:
            args += ["-o", "raw"]
        code, out, err = await self._run(*args, "-", stdin=data)
        match = _REQUEST_ID.search(out)
        if code != 0 or match is None:
            reason = _first_line(err) or _first_line(out) or f"lp ended with code {code}"
            raise PrinterNotReady(
                f"CUPS did not take the job for {self._queue}: {reason}. Nothing was sent.",
                PrinterStatus(ready=False, faults=(PrinterFault.OTHER,), detail=reason),
                printer=self._uri,
            )
        job_id = match.group(1)
        log.info("CUPS job %s for %s (%d bytes)", job_id, job_name, len(data))
        return await self._follow(job_id, payload)

    async def _bytes(self, payload: Payload) -> bytes:
        if payload.kind is not PayloadKind.IMAGES:
            return payload.data
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            None, escpos_bytes, payload.images, self._profile, self._cut
        )

    async def _follow(self, job_id: str, payload: Payload) -> PrintResult:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait
        info: JobInfo | None = None
        while True:
            try:
                code, out, _ = await self._run("lpstat", "-l", "-o", self._queue)
                pending = parse_jobs(out) if code == 0 else {}
                info = pending.get(job_id, info)
                if job_id not in pending:
                    code, out, _ = await self._run(
                        "lpstat", "-W", "completed", "-l", "-o", self._queue
                    )
                    done = parse_jobs(out).get(job_id) if code == 0 else None
                    return self._finished(job_id, done, payload)
                state = await self._state()
            except CupsUnavailable as exc:
                return PrintResult(
                    PrintOutcome.DELIVERED,
                    self._uri,
                    detail=f"CUPS took the job as {job_id} but stopped answering ({exc}).",
                    job_id=job_id,
                    warnings=payload.warnings,
                )
            if not state.enabled and state.printing_job != job_id:
                await self._withdraw(job_id)
                status = status_from_state(state, self._queue)
                raise PrinterNotReady(
                    f"The CUPS queue {self._queue} stopped before printing the label "
                    f"({status.detail}); the job was taken back from CUPS.",
                    status,
                    printer=self._uri,
                )
            if loop.time() + self._poll_interval > deadline:
                break
            await asyncio.sleep(self._poll_interval)
        message = (info.status if info else "") or state.message
        return PrintResult(
            PrintOutcome.DELIVERED,
            self._uri,
            detail=f"CUPS has the job as {job_id} but has not finished it"
            f"{': ' + message if message else ''}.",
            job_id=job_id,
            status_after=status_from_state(state, self._queue),
            warnings=payload.warnings,
        )

    def _finished(self, job_id: str, info: JobInfo | None, payload: Payload) -> PrintResult:
        if info is None:
            return PrintResult(
                PrintOutcome.DELIVERED,
                self._uri,
                detail=f"CUPS no longer lists job {job_id}; it cannot say whether it printed.",
                job_id=job_id,
                warnings=payload.warnings,
            )
        failed = [r for r in info.reasons if r.startswith(_FAILED_JOB_REASONS)]
        if failed:
            why = info.status or ", ".join(failed)
            return PrintResult(
                PrintOutcome.FAILED,
                self._uri,
                detail=f"CUPS did not print job {job_id}: {why}.",
                job_id=job_id,
                warnings=payload.warnings,
            )
        return PrintResult(
            PrintOutcome.CONFIRMED,
            self._uri,
            detail=f"CUPS finished job {job_id} on {self._queue}.",
            job_id=job_id,
            warnings=payload.warnings,
        )

    async def _withdraw(self, job_id: str) -> None:
        try:
            code, _, err = await self._run("cancel", job_id)
        except CupsUnavailable as exc:
            err, code = str(exc), 1
        if code != 0:
            raise PrintInterrupted(
                f"The CUPS queue {self._queue} stopped with the label waiting in it, and the "
                f"job {job_id} could not be taken back ({_first_line(err)}): it may print when "
                "the queue is resumed.",
                printer=self._uri,
            )

    async def cancel(self, job_id: str) -> None:
        """Cancel a CUPS job of this queue (``PrinterError`` if CUPS refuses)."""
        code, _, err = await self._run("cancel", job_id)
        if code != 0:
            raise PrinterError(f"CUPS could not cancel {job_id}: {_first_line(err)}")


async def run_cups_command(
    args: Sequence[str],
    *,
    stdin: bytes | None = None,
    server: str | None = None,
    limit_s: float = _COMMAND_TIMEOUT,
    env: Mapping[str, str] | None = None,
) -> tuple[int, str, str]:
    """Run a CUPS tool in the C locale: (exit code, stdout, stderr), or ``CupsUnavailable``."""
    environment = dict(os.environ if env is None else env)
    environment.update(LC_ALL="C", LANG="C")
    if server:
        environment["CUPS_SERVER"] = server
    try:
        proc = await asyncio.create_subprocess_exec(
            *args,
            stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
    except FileNotFoundError as exc:
        raise CupsUnavailable(
            f"the CUPS command '{args[0]}' is not installed (Debian/Ubuntu: "
            "apt-get install cups-client)"
        ) from exc
    try:
        async with asyncio.timeout(limit_s):
            out, err = await proc.communicate(stdin)
    except TimeoutError as exc:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()
        raise CupsUnavailable(f"'{args[0]}' did not finish within {limit_s:.0f} s") from exc
    text_err = err.decode("utf-8", "replace")
    if proc.returncode and _scheduler_down(text_err):
        raise CupsUnavailable(_first_line(text_err))
    return proc.returncode or 0, out.decode("utf-8", "replace"), text_err


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _unknown_destination(err: str) -> bool:
    lowered = err.lower()
    return any(
        phrase in lowered
        for phrase in ("invalid destination", "does not exist", "unknown destination")
    )


def _scheduler_down(err: str) -> bool:
    lowered = err.lower()
    return any(
        phrase in lowered
        for phrase in (
            "scheduler is not running",
            "no such file or directory",
            "connection refused",
            "bad file descriptor",
            "unable to connect",
        )
    )
