"""Raw socket printing (JetDirect, TCP 9100), with the Zebra ``~HS`` status before and after.

For a ZPL printer the adapter asks ``~HS`` on the job's connection before sending: a fault
(paper out, head open, paused, ribbon out, buffer full, head too hot) means nothing is sent
and ``PrinterNotReady`` names the fault. After sending it asks again until the printer has no
format waiting and no label left in the batch (``CONFIRMED``), reports a fault, or the
confirmation time runs out (``DELIVERED``: the bytes are there, the print is not proven).

A printer that never answers ``~HS`` (a print server, a ZPL emulation) is printed to without
status, and the result says so. One that answered before but falls silent is treated as
faulted: current Zebra firmware does not answer ``~HS`` while the media or ribbon is out, the
head is open or too hot.
"""

from __future__ import annotations

import asyncio
import contextlib
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
from packstation.domain.shipping import LabelDocument
from packstation.domain.zpl import (
    HOST_STATUS_QUERY,
    HostStatus,
    HostStatusError,
    describe_faults,
    host_status_complete,
    parse_host_status,
)

log = logging.getLogger(__name__)


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
                while not host_status_complete(answer):
                    chunk = await reader.read(1024)
                    if not chunk:
                        break
                    answer += chunk
        except TimeoutError:
            pass
        if not host_status_complete(answer):
            raise _NoAnswer
        try:
            status = parse_host_status(answer)
        except HostStatusError as exc:
            log.warning("%s sent an unreadable ~HS answer: %s", self._where, exc)
            raise _NoAnswer from exc
        self._answers_status = True
        return status

    def _silence(self) -> PrinterStatus | None:
        """What a missing ``~HS`` answer means; None when the printer never answers it."""
        if self._answers_status:
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
                return (await self._ask(reader, writer)).to_printer_status()
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
        finally:
            await self._close(writer)

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
        try:
            async with asyncio.timeout(self._timeout + len(payload.data) / 100_000):
                writer.write(payload.data)
                await writer.drain()
        except (OSError, ConnectionError, TimeoutError) as exc:
            raise PrintInterrupted(
                f"Sending '{job_name}' to {self._where} broke off ({_reason(exc)}): part of "
                "the label may have printed. Check the printer, then reprint.",
                printer=self._uri,
            ) from exc
        log.info("sent %s (%d bytes) to %s", job_name, len(payload.data), self._where)
        if not asks:
            reason = (
                "it does not answer status queries (~HS), so printing cannot be confirmed"
                if self._asks_status
                else "this kind of printer cannot confirm printing"
            )
            return PrintResult(
                PrintOutcome.DELIVERED,
                self._uri,
                detail=f"Sent to {self._where}; {reason}.",
                warnings=payload.warnings,
            )
        return await self._confirm(reader, writer, payload)

    async def _confirm(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, payload: Payload
    ) -> PrintResult:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._confirm_timeout
        last: HostStatus | None = None
        while True:
            try:
                last = await self._ask(reader, writer)
            except (_NoAnswer, OSError, ConnectionError):
                break
            if last.faults:
                return PrintResult(
                    PrintOutcome.DELIVERED,
                    self._uri,
                    detail=f"The printer took the label but now reports: "
                    f"{describe_faults(last.faults)}. It prints once that is fixed.",
                    status_after=last.to_printer_status(),
                    warnings=payload.warnings,
                )
            if last.idle:
                return PrintResult(
                    PrintOutcome.CONFIRMED,
                    self._uri,
                    detail=f"Printed on {self._where}.",
                    status_after=last.to_printer_status(),
                    warnings=payload.warnings,
                )
            if loop.time() + self._poll_interval > deadline:
                break
            await asyncio.sleep(self._poll_interval)
        return PrintResult(
            PrintOutcome.DELIVERED,
            self._uri,
            detail=f"Sent to {self._where}; the printer has not reported it printed yet.",
            status_after=last.to_printer_status() if last else None,
            warnings=payload.warnings,
        )

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
