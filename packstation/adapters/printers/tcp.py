"""Raw socket printing (JetDirect, TCP 9100), with the Zebra ``~HS`` status before and after.

For a ZPL printer the adapter asks ``~HS`` on the job's connection before sending: a fault
(paper out, head open, paused, ribbon out, buffer full, head too hot) means nothing is sent
and ``PrinterNotReady`` names the fault. It then reads the printer's lifetime label counter
(Set-Get-Do ``odometer.total_label_count``, where the printer has one) and sends the job.
After sending it asks ``~HS`` again until:

* the printer has no format waiting and no label left in the batch, and its label counter
  (if it has one) moved by the job's labels → ``CONFIRMED``, the only outcome called printed;
* it reports a fault, or falls silent (current Zebra firmware does not answer ``~HS`` while the
  media or ribbon is out or the head is open) → ``HELD`` with ``in_printer``: the printer has
  the job in its buffer and may print it once the fault is fixed, so the print queue checks
  the counter and the buffer before it sends the job again;
* the connection is reset → ``PrintInterrupted`` (held and resent), unless a fresh
  connection shows the counter moved (then it printed);
* the confirmation time runs out → ``DELIVERED``: sent, unconfirmed.

A printer that never answers ``~HS`` (a print server, a ZPL emulation; ``status=none``) gets
the job, then the end of the connection, and the adapter waits for the printer to close its
side: a reset there (or a short write) is ``PrintInterrupted``; otherwise the job is
``DELIVERED`` — sent, unconfirmed — because nothing can say it printed. With
``status=zebra`` a printer that does not answer ``~HS`` is treated as faulted: nothing is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging

from packstation.adapters.printers.prepare import Payload, PayloadKind, prepare
from packstation.adapters.printers.uri import StatusMode
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
from packstation.domain.zpl import (
    HOST_STATUS_QUERY,
    LABEL_COUNT_QUERY,
    HostStatus,
    HostStatusError,
    describe_faults,
    host_status_complete,
    label_count_complete,
    labels_in_job,
    parse_host_status,
    parse_label_count,
)

log = logging.getLogger(__name__)


#: The most read of an answer to ``~HS`` or to the label-count query (a Zebra's is about 100
#: bytes): a device that keeps talking is not listened to until the status timeout.
MAX_STATUS_ANSWER = 16 * 1024


class _NoAnswer(Exception):
    """The printer did not answer ``~HS`` in time."""


class RawSocketPrinter:
    """A printer on a raw TCP port. Implements ``ports.LabelPrinter``."""

    def __init__(
        self,
        host: str,
        port: int,
        profile: PrinterProfile,
        *,
        uri: str | None = None,
        timeout: float = 10.0,
        status_mode: StatusMode = "auto",
        status_timeout: float = 2.0,
        confirm_timeout: float = 5.0,
        poll_interval: float = 0.2,
    ) -> None:
        self._host = host
        self._port = port
        self._profile = profile
        self._uri = uri or f"tcp://{host}:{port}"
        self._timeout = timeout
        self._status_mode = status_mode
        self._status_timeout = min(status_timeout, timeout)
        self._confirm_timeout = confirm_timeout
        self._poll_interval = poll_interval
        #: None until the first ~HS query; then whether this printer answers it
        self._answers_status: bool | None = None
        #: None until first asked; then whether this printer reports its label counter
        self._has_counter: bool | None = None

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def profile(self) -> PrinterProfile:
        return self._profile

    @property
    def _where(self) -> str:
        return f"{self._host}:{self._port}"

    @property
    def _asks_status(self) -> bool:
        if self._status_mode == "none":
            return False
        return self._status_mode == "zebra" or self._profile.language is PrinterLanguage.ZPL

    # ------------------------------------------------------------ connection
    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            async with asyncio.timeout(self._timeout):
                return await asyncio.open_connection(self._host, self._port)
        except (OSError, TimeoutError) as exc:
            status = PrinterStatus(
                ready=False,
                faults=(PrinterFault.OFFLINE,),
                detail=f"no connection to {self._where}: {_reason(exc)}",
            )
            raise PrinterNotReady(
                f"The printer at {self._where} cannot be reached ({_reason(exc)}). Check that "
                "it is switched on and connected to the network.",
                status,
                printer=self._uri,
            ) from exc

    async def _close(self, writer: asyncio.StreamWriter) -> None:
        writer.close()
        with contextlib.suppress(OSError, TimeoutError):
            async with asyncio.timeout(self._timeout):
                await writer.wait_closed()

    async def _ask(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> HostStatus:
        writer.write(HOST_STATUS_QUERY)
        answer = b""
        try:
            async with asyncio.timeout(self._status_timeout):
                await writer.drain()
                while not host_status_complete(answer) and len(answer) <= MAX_STATUS_ANSWER:
                    chunk = await reader.read(1024)
                    if not chunk:
                        break
                    answer += chunk
        except TimeoutError:
            pass
        if not host_status_complete(answer):
            if len(answer) > MAX_STATUS_ANSWER:
                log.warning(
                    "%s sent more than %d bytes that are no ~HS answer; not read further",
                    self._where,
                    MAX_STATUS_ANSWER,
                )
            raise _NoAnswer
        try:
            status = parse_host_status(answer)
        except HostStatusError as exc:
            log.warning("%s sent an unreadable ~HS answer: %s", self._where, exc)
            raise _NoAnswer from exc
        self._answers_status = True
        return status

    async def _ask_count(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> int | None:
        """The printer's lifetime label counter; None when it has none (or did not answer)."""
        if self._has_counter is False:
            return None
        writer.write(LABEL_COUNT_QUERY)
        answer = b""
        try:
            async with asyncio.timeout(self._status_timeout):
                await writer.drain()
                while not label_count_complete(answer) and len(answer) <= MAX_STATUS_ANSWER:
                    chunk = await reader.read(256)
                    if not chunk:
                        break
                    answer += chunk
        except TimeoutError:
            pass
        count = parse_label_count(answer)
        if count is None and self._has_counter is None:
            log.info("%s reports no label counter; prints are confirmed by ~HS alone", self._where)
            self._has_counter = False
        elif count is not None:
            self._has_counter = True
        return count

    def _silence(self) -> PrinterStatus | None:
        """What a missing ``~HS`` answer means; None when the printer never answers it."""
        if self._answers_status or self._status_mode == "zebra":
            return PrinterStatus(
                ready=False,
                faults=(PrinterFault.OTHER,),
                detail="the printer did not answer its status query; Zebra printers stay "
                "silent while the labels or ribbon are out or the head is open",
                known=False,
            )
        self._answers_status = False
        return None

    # ------------------------------------------------------------ LabelPrinter
    async def status(self) -> PrinterStatus:
        try:
            reader, writer = await self._connect()
        except PrinterNotReady as exc:
            return exc.status
        try:
            if not self._asks_status:
                return PrinterStatus(
                    ready=True,
                    known=False,
                    detail=f"{self._where} accepts connections; this printer does not report "
                    "its state",
                )
            try:
                status = (await self._ask(reader, writer)).to_printer_status()
                count = await self._ask_count(reader, writer)
            except _NoAnswer:
                silent = self._silence()
                return silent or PrinterStatus(
                    ready=True,
                    known=False,
                    detail=f"{self._where} accepts connections but does not answer ~HS",
                )
            except (OSError, ConnectionError) as exc:
                return PrinterStatus(
                    ready=False, faults=(PrinterFault.OFFLINE,), detail=_reason(exc)
                )
            if count is not None:
                status = dataclasses.replace(status, label_count=count)
            return status
        finally:
            await self._close(writer)

    async def label_count(self) -> int | None:
        """The printer's lifetime label counter (``ports.CountingPrinter``); None when it has
        none, does not answer status, or cannot be reached."""
        if not self._asks_status or self._has_counter is False or self._answers_status is False:
            return None
        try:
            reader, writer = await self._connect()
        except PrinterNotReady:
            return None
        try:
            return await self._ask_count(reader, writer)
        except (OSError, ConnectionError):
            return None
        finally:
            await self._close(writer)

    def labels_in(self, document: LabelDocument) -> int:
        if document.format in (LabelFormat.ZPL, LabelFormat.ZPL300):
            return labels_in_job(document.content)
        return 1  # a PDF becomes one ^GF label

    async def print_document(self, document: LabelDocument, job_name: str) -> PrintResult:
        payload = await prepare(document, self._profile, self._uri)
        if payload.kind is PayloadKind.IMAGES:
            raise DocumentNotPrintable(
                "This printer is set up for ESC/POS: use an escpos+tcp:// address for it.",
                printer=self._uri,
            )
        reader, writer = await self._connect()
        try:
            return await self._send(reader, writer, payload, job_name)
        finally:
            await self._close(writer)

    async def _send(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        payload: Payload,
        job_name: str,
    ) -> PrintResult:
        asks = self._asks_status
        if asks:
            try:
                before = await self._ask(reader, writer)
            except _NoAnswer:
                silent = self._silence()
                if silent is not None:
                    raise PrinterNotReady(
                        f"The printer at {self._where} does not answer: {silent.detail}. "
                        "Check the printer's display.",
                        silent,
                        printer=self._uri,
                    ) from None
                asks = False  # it never answers: print without status
            except (OSError, ConnectionError) as exc:
                raise self._not_ready_from(exc) from exc
            else:
                if before.faults:
                    status = before.to_printer_status()
                    raise PrinterNotReady(
                        f"The printer at {self._where} is not ready: "
                        f"{describe_faults(before.faults)}. Nothing was sent.",
                        status,
                        printer=self._uri,
                    )
        target: int | None = None
        if asks:
            try:
                count_before = await self._ask_count(reader, writer)
            except (OSError, ConnectionError) as exc:
                raise self._not_ready_from(exc) from exc
            if count_before is not None:
                target = count_before + labels_in_job(payload.data)
        try:
            async with asyncio.timeout(self._timeout + len(payload.data) / 100_000):
                writer.write(payload.data)
                await writer.drain()
        except (OSError, ConnectionError, TimeoutError) as exc:
            raise self._interrupted(job_name, exc) from exc
        log.info("sent %s (%d bytes) to %s", job_name, len(payload.data), self._where)
        if not asks:
            return await self._finish_unconfirmed(reader, writer, payload, job_name)
        return await self._confirm(reader, writer, payload, job_name, target)

    def _interrupted(self, job_name: str, exc: BaseException) -> PrintInterrupted:
        return PrintInterrupted(
            f"Sending '{job_name}' to {self._where} broke off ({_reason(exc)}): the printer "
            "did not take the whole label. It is held and sent again; if part of it came "
            "out, throw that away.",
            printer=self._uri,
        )

    async def _finish_unconfirmed(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        payload: Payload,
        job_name: str,
    ) -> PrintResult:
        """No status: end the job, wait for the printer to close its side. A reset means the
        job did not arrive whole; anything else is sent, unconfirmed."""
        closed = False
        try:
            if writer.can_write_eof():
                writer.write_eof()
            async with asyncio.timeout(self._confirm_timeout):
                while await reader.read(4096):
                    pass  # a printer without status has nothing to say; it closes when done
            closed = True
        except TimeoutError:
            pass
        except (OSError, ConnectionError) as exc:
            raise self._interrupted(job_name, exc) from exc
        reason = (
            "it does not answer status queries (~HS), so printing cannot be confirmed"
            if self._asks_status
            else "this kind of printer cannot confirm printing"
        )
        if not closed:
            reason += "; it did not close the connection after the job either"
        return PrintResult(
            PrintOutcome.DELIVERED,
            self._uri,
            detail=f"Sent to {self._where}, unconfirmed: {reason}. Check that the label came out.",
            warnings=payload.warnings,
        )

    async def _confirm(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        payload: Payload,
        job_name: str,
        target: int | None,
    ) -> PrintResult:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._confirm_timeout
        last: HostStatus | None = None
        count: int | None = None
        while True:
            try:
                last = await self._ask(reader, writer)
            except _NoAnswer:
                return self._held_in_printer(None, target, payload)
            except (OSError, ConnectionError) as exc:
                return await self._after_reset(job_name, exc, target, payload)
            if last.faults:
                if target is not None:
                    count = await self._count_quietly(reader, writer)
                    if count is not None and count >= target:
                        return self._confirmed(last, payload, count)
                return self._held_in_printer(last, target, payload)
            if last.idle:
                if target is None:
                    return self._confirmed(last, payload, None)
                count = await self._count_quietly(reader, writer)
                if count is None or count >= target:
                    return self._confirmed(last, payload, count)
                # idle, but the counter has not moved (yet): keep asking until the deadline
            if loop.time() + self._poll_interval > deadline:
                break
            await asyncio.sleep(self._poll_interval)
        if last is not None and last.idle and count is not None and target is not None:
            detail = (
                f"Sent to {self._where}, unconfirmed: the printer's buffer is empty but its "
                f"label counter did not move ({count}, expected {target}). Check that the "
                "label came out."
            )
        else:
            detail = (
                f"Sent to {self._where}, unconfirmed: the printer has not reported it printed "
                "yet. Check that the label came out."
            )
        return PrintResult(
            PrintOutcome.DELIVERED,
            self._uri,
            detail=detail,
            status_after=last.to_printer_status() if last else None,
            warnings=payload.warnings,
            printed_at_count=target,
        )

    async def _count_quietly(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> int | None:
        try:
            return await self._ask_count(reader, writer)
        except (OSError, ConnectionError):
            return None

    def _confirmed(self, last: HostStatus, payload: Payload, count: int | None) -> PrintResult:
        status = last.to_printer_status()
        if count is not None:
            status = dataclasses.replace(status, label_count=count)
        detail = f"Printed on {self._where}."
        if last.faults:
            detail += f" The printer now reports: {describe_faults(last.faults)}."
        return PrintResult(
            PrintOutcome.CONFIRMED,
            self._uri,
            detail=detail,
            status_after=status,
            warnings=payload.warnings,
            printed_at_count=count,
        )

    def _held_in_printer(
        self, last: HostStatus | None, target: int | None, payload: Payload
    ) -> PrintResult:
        if last is not None:
            status = last.to_printer_status()
            what = f"then reported: {describe_faults(last.faults)}"
        else:
            silent = self._silence()
            assert silent is not None  # it answered before the job
            status = silent
            what = "then stopped answering (Zebras fall silent while the head is open or the "
            what += "labels or ribbon are out)"
        return PrintResult(
            PrintOutcome.HELD,
            self._uri,
            detail=f"The printer at {self._where} took the label but {what}. The label is "
            "held: fix the printer; the station checks whether it printed before sending it "
            "again.",
            status_after=status,
            warnings=payload.warnings,
            in_printer=True,
            printed_at_count=target,
        )

    async def _after_reset(
        self, job_name: str, exc: BaseException, target: int | None, payload: Payload
    ) -> PrintResult:
        """The connection broke after the job was sent: did the printer print it anyway?"""
        if target is not None:
            status = await self.status()
            if status.label_count is not None and status.label_count >= target:
                return PrintResult(
                    PrintOutcome.CONFIRMED,
                    self._uri,
                    detail=f"Printed on {self._where} (the connection broke off afterwards).",
                    status_after=status,
                    warnings=payload.warnings,
                    printed_at_count=status.label_count,
                )
        raise self._interrupted(job_name, exc) from exc

    def _not_ready_from(self, exc: BaseException) -> PrinterNotReady:
        status = PrinterStatus(ready=False, faults=(PrinterFault.OFFLINE,), detail=_reason(exc))
        return PrinterNotReady(
            f"The connection to the printer at {self._where} broke off ({_reason(exc)}). "
            "Nothing was sent.",
            status,
            printer=self._uri,
        )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text)
