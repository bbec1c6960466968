"""A virtual Zebra-style label printer on a raw TCP port (9100-style), for demo mode and tests.

It stores every job it receives (the exact bytes of one connection, minus the ``~HS`` status
queries in it) and answers ``~HS`` like a Zebra: three ``<STX>…<ETX><CR><LF>`` strings with the
field layout of the ZPL II Programming Guide. Faults (paper out, head open, paused, ribbon
out) can be switched on and off; while one is on, received jobs wait in the "buffer" (counted
in the ``~HS`` answer) and print when the fault is cleared, as on a real printer.

``VirtualPrinter`` runs it in a background thread (``with VirtualPrinter() as vp:``);
``PrinterServer`` is the asyncio server itself, for use inside a running loop.

Like the rest of the sandbox it shares no code with the station: the two meet only over TCP.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
_QUERY = b"~HS"
_PDF_START = b"%PDF"
_PDF_END = re.compile(rb"%%EOF[\r\n]*")


@dataclass(frozen=True, slots=True)
class PrinterFaults:
    paper_out: bool = False
    head_open: bool = False
    paused: bool = False
    ribbon_out: bool = False

    @property
    def any(self) -> bool:
        return self.paper_out or self.head_open or self.paused or self.ribbon_out


@dataclass(frozen=True, slots=True)
class ReceivedJob:
    """One job as the virtual printer received it."""

    number: int
    received_at: datetime
    data: bytes
    peer: str
    printed: bool  # False while it waits for a fault to be cleared
    printed_at: datetime | None = None

    @property
    def kind(self) -> str:
        """``pdf``, ``zpl`` or ``raw`` (anything else, e.g. ESC/POS)."""
        head = self.data.lstrip()[:8]
        if head.startswith(_PDF_START):
            return "pdf"
        if b"^XA" in self.data.upper():
            return "zpl"
        return "raw"

    @property
    def labels(self) -> int:
        """How many labels the job prints (``^XA`` count for ZPL, 1 otherwise)."""
        return _label_count(self.data) if self.kind == "zpl" else 1


@dataclass
class _Store:
    lock: threading.Lock = field(default_factory=threading.Lock)
    jobs: list[ReceivedJob] = field(default_factory=list)
    faults: PrinterFaults = field(default_factory=PrinterFaults)
    status_queries: int = 0
    answer_when_faulted: bool = True
    listeners: list[Callable[[ReceivedJob], None]] = field(default_factory=list)
    changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)


class PrinterServer:
    """The virtual printer as an asyncio server (start it inside a running loop)."""

    def __init__(
        self, host: str = DEFAULT_HOST, port: int = 0, *, label_length: int = 1218
    ) -> None:
        self.host = host
        self.port = port
        self.label_length = label_length
        self._store = _Store()
        self._server: asyncio.Server | None = None
        self._next_number = 1

    # ------------------------------------------------------------ life cycle
    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(2):
                    await self._server.wait_closed()
            self._server = None

    @property
    def uri(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    # ------------------------------------------------------------ control (thread-safe)
    def jobs(self) -> list[ReceivedJob]:
        """Every job received so far, oldest first."""
        with self._store.lock:
            return list(self._store.jobs)

    def printed(self) -> list[ReceivedJob]:
        """Jobs that have printed (not waiting for a fault to clear)."""
        return [j for j in self.jobs() if j.printed]

    def clear_jobs(self) -> None:
        with self._store.lock:
            self._store.jobs.clear()
            self._store.status_queries = 0

    @property
    def faults(self) -> PrinterFaults:
        with self._store.lock:
            return self._store.faults

    @property
    def status_queries(self) -> int:
        """How many ``~HS`` queries were answered (or ignored) so far."""
        with self._store.lock:
            return self._store.status_queries

    def set_faults(
        self,
        *,
        paper_out: bool | None = None,
        head_open: bool | None = None,
        paused: bool | None = None,
        ribbon_out: bool | None = None,
    ) -> PrinterFaults:
        """Switch faults on or off (None leaves one as it is); clearing the last fault prints
        the jobs waiting in the buffer. Returns the faults now in force."""
        with self._store.lock:
            f = self._store.faults
            f = PrinterFaults(
                paper_out=f.paper_out if paper_out is None else paper_out,
                head_open=f.head_open if head_open is None else head_open,
                paused=f.paused if paused is None else paused,
                ribbon_out=f.ribbon_out if ribbon_out is None else ribbon_out,
            )
            self._store.faults = f
            printed: list[ReceivedJob] = []
            if not f.any:
                now = datetime.now(UTC)
                for i, job in enumerate(self._store.jobs):
                    if not job.printed:
                        self._store.jobs[i] = replace(job, printed=True, printed_at=now)
                        printed.append(self._store.jobs[i])
            self._store.changed.notify_all()
            listeners = list(self._store.listeners)
        for job in printed:
            for listener in listeners:
                listener(job)
        return f

    def answer_when_faulted(self, answer: bool) -> None:
        """False: stay silent to ``~HS`` while a fault is on (as current Zebra firmware does
        for media out, ribbon out and head open)."""
        with self._store.lock:
            self._store.answer_when_faulted = answer

    def on_job(self, listener: Callable[[ReceivedJob], None]) -> None:
        """Call ``listener`` (from the printer's thread) for every job that prints."""
        with self._store.lock:
            self._store.listeners.append(listener)

    def wait_for_jobs(self, count: int, timeout: float = 5.0, *, printed: bool = False) -> bool:
        """Block until ``count`` jobs (printed ones, if asked) arrived; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._store.changed:
            while True:
                jobs = self._store.jobs
                have = sum(1 for j in jobs if j.printed) if printed else len(jobs)
                if have >= count:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._store.changed.wait(remaining)

    # ------------------------------------------------------------ host status
    def host_status(self, unstored: _Connection | None = None) -> bytes:
        """The ``~HS`` answer for the current state (``unstored``: a job still arriving)."""
        with self._store.lock:
            f = self._store.faults
            waiting = [j.labels for j in self._store.jobs if not j.printed]
        if unstored is not None and unstored.data.strip() and unstored.held:
            waiting.append(_label_count(bytes(unstored.data)))
        formats = min(len(waiting), 999)
        remaining = min(sum(waiting), 99_999_999)

        def b(flag: bool) -> str:
            return "1" if flag else "0"

        # aaa,b,c,dddd,eee,f,g,h,iii,j,k,l
        line1 = (
            f"030,{b(f.paper_out)},{b(f.paused)},{self.label_length:04d},{formats:03d},"
            "0,0,0,000,0,0,0"
        )
        # mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www: a thermal-transfer printer (q=1) in tear-off mode
        line2 = f"001,0,{b(f.head_open)},{b(f.ribbon_out)},1,2,6,0,{remaining:08d},1,000"
        line3 = "1234,0"  # xxxx,y
        return b"".join(b"\x02" + s.encode("ascii") + b"\x03\r\n" for s in (line1, line2, line3))

    # ------------------------------------------------------------ connections
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        conn = _Connection(f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer))
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                conn.pending += chunk
                await self._consume(conn, writer)
        except (ConnectionError, OSError) as exc:
            log.info("virtual printer: connection from %s broke off: %s", conn.peer, exc)
        finally:
            conn.take(len(conn.pending))
            if conn.data:
                self._store_job(bytes(conn.data), conn.peer, held=conn.held)
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def _consume(self, conn: _Connection, writer: asyncio.StreamWriter) -> None:
        """Move pending bytes into the job, answering ``~HS`` queries outside PDF data."""
        pending = conn.pending
        while pending:
            if conn.in_pdf:
                end = _PDF_END.search(pending)
                if end is None:
                    self._note_data(conn, max(0, len(pending) - 6))  # %%EOF split across reads
                    return
                self._note_data(conn, end.end())
                conn.in_pdf = False
                continue
            if not conn.data.strip():
                head = bytes(pending).lstrip()
                if head.startswith(_PDF_START):
                    conn.in_pdf = True
                    continue
                if head and _PDF_START.startswith(head):
                    return  # "%PD": wait for more before deciding
            index = pending.find(_QUERY)
            if index < 0:
                self._note_data(conn, max(0, len(pending) - (len(_QUERY) - 1)))  # "~H" may follow
                return
            self._note_data(conn, index)
            del pending[: len(_QUERY)]
            await self._answer(conn, writer)

    def _note_data(self, conn: _Connection, count: int) -> None:
        """Take ``count`` pending bytes into the job; a job arriving while a fault is on waits
        in the buffer, one arriving on a ready printer prints at once."""
        if count <= 0:
            return
        conn.take(count)
        if conn.data.strip():
            with self._store.lock:
                conn.held = conn.held or self._store.faults.any

    async def _answer(self, conn: _Connection, writer: asyncio.StreamWriter) -> None:
        with self._store.lock:
            self._store.status_queries += 1
            silent = self._store.faults.any and not self._store.answer_when_faulted
        if silent:
            return
        writer.write(self.host_status(conn))
        await writer.drain()

    def _store_job(self, data: bytes, peer: str, *, held: bool) -> None:
        now = datetime.now(UTC)
        with self._store.lock:
            job = ReceivedJob(
                number=self._next_number,
                received_at=now,
                data=data,
                peer=peer,
                printed=not held,
                printed_at=None if held else now,
            )
            self._next_number += 1
            self._store.jobs.append(job)
            self._store.changed.notify_all()
            listeners = list(self._store.listeners) if job.printed else []
        log.info("virtual printer: job %d, %d bytes from %s", job.number, len(data), peer)
        for listener in listeners:
            listener(job)


@dataclass
class _Connection:
    """One client connection: the job arriving on it and the bytes not yet looked at."""

    peer: str
    data: bytearray = field(default_factory=bytearray)
    pending: bytearray = field(default_factory=bytearray)
    in_pdf: bool = False
    held: bool = False  # a fault was on while the job arrived: it waits in the buffer

    def take(self, count: int) -> None:
        self.data += self.pending[:count]
        del self.pending[:count]


def _label_count(data: bytes) -> int:
    return max(1, data.upper().count(b"^XA"))


class VirtualPrinter:
    """The virtual printer in a background thread with its own event loop.

    ``with VirtualPrinter() as vp:`` starts it on a free port of 127.0.0.1; ``vp.uri`` is the
    address to print to (``tcp://127.0.0.1:PORT``); ``vp.jobs()``, ``vp.set_faults(...)`` and
    ``vp.wait_for_jobs(n)`` are safe to call from any thread.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = 0,
        *,
        label_length: int = 1218,
        startup_timeout: float = 5.0,
    ) -> None:
        self.server = PrinterServer(host, port, label_length=label_length)
        self._startup_timeout = startup_timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def uri(self) -> str:
        return self.server.uri

    # thread-safe control, delegated to the server
    def jobs(self) -> list[ReceivedJob]:
        return self.server.jobs()

    def printed(self) -> list[ReceivedJob]:
        return self.server.printed()

    def clear_jobs(self) -> None:
        self.server.clear_jobs()

    @property
    def faults(self) -> PrinterFaults:
        return self.server.faults

    @property
    def status_queries(self) -> int:
        return self.server.status_queries

    def set_faults(
        self,
        *,
        paper_out: bool | None = None,
        head_open: bool | None = None,
        paused: bool | None = None,
        ribbon_out: bool | None = None,
    ) -> PrinterFaults:
        return self.server.set_faults(
            paper_out=paper_out, head_open=head_open, paused=paused, ribbon_out=ribbon_out
        )

    def answer_when_faulted(self, answer: bool) -> None:
        self.server.answer_when_faulted(answer)

    def on_job(self, listener: Callable[[ReceivedJob], None]) -> None:
        self.server.on_job(listener)

    def wait_for_jobs(self, count: int, timeout: float = 5.0, *, printed: bool = False) -> bool:
        return self.server.wait_for_jobs(count, timeout, printed=printed)

    # ------------------------------------------------------------ life cycle
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the virtual printer is already running")
        self._started.clear()
        self._thread = threading.Thread(target=self._run, name="virtual-printer", daemon=True)
        self._thread.start()
        if not self._started.wait(self._startup_timeout):
            self.stop()
            raise TimeoutError("the virtual printer did not start in time")
        if self._error is not None:
            error = self._error
            self.stop()
            raise error  # the OSError of binding the port (e.g. address already in use)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        finally:
            loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        try:
            await self.server.start()
        except OSError as exc:
            self._error = exc
            self._started.set()
            return
        self._started.set()
        try:
            await self._stop.wait()
        finally:
            await self.server.stop()
            # let open connections finish storing their jobs
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._thread = None
        self._loop = None
        self._stop = None

    def __enter__(self) -> VirtualPrinter:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
