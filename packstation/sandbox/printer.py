"""A virtual Zebra-style label printer on a raw TCP port (9100-style), for demo mode and tests.

It stores every job it receives (the exact bytes of one connection, minus the ``~HS`` status
queries in it) and answers ``~HS`` like a Zebra: three ``<STX>…<ETX><CR><LF>`` strings with the
field layout of the ZPL II Programming Guide. Faults (paper out, head open, paused, ribbon
out) can be switched on and off; while one is on, received jobs wait in the "buffer" (counted
in the ``~HS`` answer) and print when the fault is cleared, as on a real printer. It keeps a
lifetime label counter and answers the Set-Get-Do query ``! U1 getvar
"odometer.total_label_count"`` with it (``"?"`` for anything else), as Link-OS Zebras do.

For tests of the station's honesty it can misbehave on request: answer no status at all (a
print server or an emulation), never read a connection, reset a connection after N bytes of a
job (nothing of that job prints), stay silent while faulted, and fall into a fault right after
taking a job (the job waits in the buffer until the fault is cleared).

``VirtualPrinter`` runs it in a background thread (``with VirtualPrinter() as vp:``);
``PrinterServer`` is the asyncio server itself, for use inside a running loop.

Like the rest of the sandbox it shares no code with the station: the two meet only over TCP.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
_QUERY = b"~HS"
_GETVAR = re.compile(rb'! U1 getvar "([^"\r\n]*)"[ \t]*(\r\n|\r|\n)?', re.IGNORECASE)
_GETVAR_START = b"! U1"
_LABEL_COUNT_VAR = "odometer.total_label_count"
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
    printed: bool  # False while it waits for a fault to be cleared (or never, if interrupted)
    printed_at: datetime | None = None
    #: the connection was reset before the job was complete: nothing of it prints
    interrupted: bool = False

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
    counter_queries: int = 0
    answer_when_faulted: bool = True
    answers_status: bool = True
    never_read: bool = False
    reset_after: int | None = None
    resets_left: int = 0
    fault_after_job: PrinterFaults | None = None
    has_label_counter: bool = True
    base_label_count: int = 0
    ignored_connections: int = 0
    #: connections still open: their complete, unheld formats have printed already
    open_connections: list[_Connection] = field(default_factory=list)
    listeners: list[Callable[[ReceivedJob], None]] = field(default_factory=list)
    query_listeners: list[Callable[[str, int], None]] = field(default_factory=list)
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
        # every open connection's task: asyncio's stream protocol lets go of its task when the
        # client hangs up, so a connection still waiting (one the printer never reads) would
        # otherwise be garbage-collected while pending; stop() cancels and awaits them
        self._connections: set[asyncio.Task[None]] = set()
        self._next_number = 1

    # ------------------------------------------------------------ life cycle
    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            # open connections end with the printer (a cut-off job is stored as received)
            open_connections = list(self._connections)
            for task in open_connections:
                task.cancel()
            await asyncio.gather(*open_connections, return_exceptions=True)
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
        """Forget the received jobs (labels taken off, buffer lost); the label counter keeps
        what has printed."""
        with self._store.lock:
            self._store.base_label_count += sum(j.labels for j in self._store.jobs if j.printed)
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
                for conn in self._store.open_connections:
                    conn.held = False  # a job still arriving prints as well
                for i, job in enumerate(self._store.jobs):
                    if not job.printed and not job.interrupted:
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

    def answer_status(self, answer: bool) -> None:
        """False: never answer ``~HS`` or Set-Get-Do queries (a print server, an emulation)."""
        with self._store.lock:
            self._store.answers_status = answer

    def never_read(self, on: bool) -> None:
        """True: accept connections but never read from them (a hung printer)."""
        with self._store.lock:
            self._store.never_read = on

    def reset_after(self, count: int | None, *, times: int = 1) -> None:
        """Reset (TCP RST) the next ``times`` jobs once ``count`` bytes of them have arrived
        (connections that only ask for status do not count); nothing of such a job prints.
        None switches it off."""
        with self._store.lock:
            self._store.reset_after = count
            self._store.resets_left = times if count is not None else 0

    def fault_after_next_job(
        self,
        *,
        paper_out: bool = False,
        head_open: bool = False,
        paused: bool = False,
        ribbon_out: bool = False,
    ) -> None:
        """The next job is taken into the buffer, and at once these faults come on: the job
        waits there until they are cleared (``set_faults``)."""
        faults = PrinterFaults(
            paper_out=paper_out, head_open=head_open, paused=paused, ribbon_out=ribbon_out
        )
        with self._store.lock:
            self._store.fault_after_job = faults if faults.any else None

    def set_label_counter(self, present: bool = True, *, start: int | None = None) -> None:
        """Whether the printer has a label counter (``False``: it answers ``"?"``), and what
        it stood at before the first job."""
        with self._store.lock:
            self._store.has_label_counter = present
            if start is not None:
                self._store.base_label_count = start

    @property
    def label_count(self) -> int:
        """The lifetime label counter: labels printed (jobs waiting in the buffer not yet)."""
        with self._store.lock:
            return self._label_count_locked()

    def _label_count_locked(self) -> int:
        stored = sum(j.labels for j in self._store.jobs if j.printed)
        arriving = sum(
            _formats_done(bytes(c.data)) for c in self._store.open_connections if not c.held
        )
        return self._store.base_label_count + stored + arriving

    @property
    def counter_queries(self) -> int:
        """How many Set-Get-Do queries arrived so far."""
        with self._store.lock:
            return self._store.counter_queries

    @property
    def ignored_connections(self) -> int:
        """Connections accepted and never read (``never_read``)."""
        with self._store.lock:
            return self._store.ignored_connections

    def on_job(self, listener: Callable[[ReceivedJob], None]) -> None:
        """Call ``listener`` (from the printer's thread) for every job that prints."""
        with self._store.lock:
            self._store.listeners.append(listener)

    def on_query(self, listener: Callable[[str, int], None]) -> None:
        """Call ``listener(kind, number)`` (from the printer's thread) for every query as it
        arrives, before it is answered: ``("status", n)`` for the n-th ``~HS``,
        ``("counter", n)`` for the n-th Set-Get-Do query. The client is waiting for the answer
        then, so a test can stop it at an exact point of its conversation with the printer."""
        with self._store.lock:
            self._store.query_listeners.append(listener)

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
            waiting = [j.labels for j in self._store.jobs if not j.printed and not j.interrupted]
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
        task = asyncio.current_task()
        assert task is not None  # asyncio's stream server runs each connection in a task
        self._connections.add(task)
        try:
            await self._connection(reader, writer)
        except asyncio.CancelledError:
            # the printer stops (stop() cancels every connection and waits for it): the
            # connection ends quietly wherever it was, even while closing (a cancelled task
            # makes asyncio's stream callback report an error)
            pass
        finally:
            self._connections.discard(task)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        conn = _Connection(f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer))
        with self._store.lock:
            ignore = self._store.never_read
            if ignore:
                self._store.ignored_connections += 1
            elif self._store.reset_after is not None and self._store.resets_left > 0:
                conn.reset_after = self._store.reset_after  # counted once it happens
            if not ignore:
                self._store.open_connections.append(conn)
        if ignore:
            # a hung printer: the connection stays open, unread, until the printer stops (its
            # task is in self._connections, which stop() cancels), even if the client hangs up
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.get_running_loop().create_future()
            writer.transport.abort()
            return
        reset = stopping = False
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                conn.pending += chunk
                await self._consume(conn, writer)
        except _Reset:
            log.info("virtual printer: reset the connection from %s mid-job", conn.peer)
            reset = True
        except (ConnectionError, OSError) as exc:
            log.info("virtual printer: connection from %s broke off: %s", conn.peer, exc)
        except asyncio.CancelledError:
            # the printer stops: the connection ends with it, quietly (a cancelled connection
            # task makes asyncio's stream callback report an error at shutdown)
            stopping = True
        finally:
            if reset:
                self._store_job(conn, held=True, interrupted=True)
                _reset(writer)
            else:
                conn.take(len(conn.pending))
                self._store_job(conn, held=conn.held)
                writer.close()
        if not reset and not stopping:
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()  # a stop cancelling this ends in _handle, quietly

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
            getvar = _GETVAR.search(pending)
            if getvar is not None and (index < 0 or getvar.start() < index):
                self._note_data(conn, getvar.start())
                name = getvar.group(1).decode("ascii", "replace")
                del pending[: getvar.end() - getvar.start()]
                await self._answer_getvar(name, writer)
                continue
            if index < 0:
                keep = len(_QUERY) - 1  # "~H" may follow
                start = pending.rfind(_GETVAR_START[:1], max(0, len(pending) - 80))
                if start >= 0 and _could_be_getvar(bytes(pending[start:])):
                    keep = max(keep, len(pending) - start)  # a query split across reads
                self._note_data(conn, max(0, len(pending) - keep))
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
        if conn.reset_after is not None and len(conn.data) >= conn.reset_after:
            with self._store.lock:
                due = self._store.resets_left > 0
                if due:
                    self._store.resets_left -= 1
            if due:
                del conn.data[conn.reset_after :]
                raise _Reset
            conn.reset_after = None
        if conn.data.strip():
            with self._store.lock:
                conn.held = conn.held or self._store.faults.any
                after = self._store.fault_after_job
                if after is not None and not conn.held:
                    # took the job into the buffer, then the fault came: the job waits
                    self._store.fault_after_job = None
                    self._store.faults = after
                    conn.held = True
                    self._store.changed.notify_all()

    async def _answer(self, conn: _Connection, writer: asyncio.StreamWriter) -> None:
        with self._store.lock:
            self._store.status_queries += 1
            number = self._store.status_queries
            silent = not self._store.answers_status or (
                self._store.faults.any and not self._store.answer_when_faulted
            )
            listeners = list(self._store.query_listeners)
        for listener in listeners:
            listener("status", number)
        if silent:
            return
        writer.write(self.host_status(conn))
        await writer.drain()

    async def _answer_getvar(self, name: str, writer: asyncio.StreamWriter) -> None:
        with self._store.lock:
            self._store.counter_queries += 1
            number = self._store.counter_queries
            silent = not self._store.answers_status or (
                self._store.faults.any and not self._store.answer_when_faulted
            )
            known = self._store.has_label_counter and name.strip().lower() == _LABEL_COUNT_VAR
            value = str(self._label_count_locked()) if known else "?"
            listeners = list(self._store.query_listeners)
        for listener in listeners:
            listener("counter", number)
        if silent:
            return
        writer.write(f'"{value}"'.encode("ascii"))
        await writer.drain()

    def _store_job(self, conn: _Connection, *, held: bool, interrupted: bool = False) -> None:
        """The connection is over: its bytes become one stored job (if there were any)."""
        now = datetime.now(UTC)
        data, peer = bytes(conn.data), conn.peer
        with self._store.lock:
            if conn in self._store.open_connections:
                self._store.open_connections.remove(conn)
            if not data:
                return
            job = ReceivedJob(
                number=self._next_number,
                received_at=now,
                data=data,
                peer=peer,
                printed=not held,
                printed_at=None if held else now,
                interrupted=interrupted,
            )
            self._next_number += 1
            self._store.jobs.append(job)
            self._store.changed.notify_all()
            listeners = list(self._store.listeners) if job.printed else []
        log.info("virtual printer: job %d, %d bytes from %s", job.number, len(data), peer)
        for listener in listeners:
            listener(job)


@dataclass(eq=False)
class _Connection:
    """One client connection: the job arriving on it and the bytes not yet looked at."""

    peer: str
    data: bytearray = field(default_factory=bytearray)
    pending: bytearray = field(default_factory=bytearray)
    in_pdf: bool = False
    held: bool = False  # a fault was on while the job arrived: it waits in the buffer
    reset_after: int | None = None  # reset the connection once the job has this many bytes

    def take(self, count: int) -> None:
        self.data += self.pending[:count]
        del self.pending[:count]


def _label_count(data: bytes) -> int:
    return max(1, data.upper().count(b"^XA"))


def _formats_done(data: bytes) -> int:
    """Labels of a job still arriving that have printed already: each complete ZPL format
    (``^XZ``), or a PDF once its ``%%EOF`` arrived (a Zebra with PDF Direct)."""
    if data.lstrip().startswith(_PDF_START):
        return 1 if _PDF_END.search(data) else 0
    return data.upper().count(b"^XZ")


class _Reset(Exception):
    """This connection is to be reset now (the ``reset_after`` misbehaviour)."""


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (linger 0), as a printer that reboots mid-job does."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _could_be_getvar(tail: bytes) -> bool:
    """``tail`` is the start of a Set-Get-Do query that has not fully arrived yet."""
    head = b'! U1 getvar "'
    if len(tail) <= len(head):
        return head.upper().startswith(tail.upper())
    return tail.upper().startswith(head.upper()) and b'"' not in tail[len(head) :]


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

    def answer_status(self, answer: bool) -> None:
        self.server.answer_status(answer)

    def never_read(self, on: bool) -> None:
        self.server.never_read(on)

    def reset_after(self, count: int | None, *, times: int = 1) -> None:
        self.server.reset_after(count, times=times)

    def fault_after_next_job(
        self,
        *,
        paper_out: bool = False,
        head_open: bool = False,
        paused: bool = False,
        ribbon_out: bool = False,
    ) -> None:
        self.server.fault_after_next_job(
            paper_out=paper_out, head_open=head_open, paused=paused, ribbon_out=ribbon_out
        )

    def set_label_counter(self, present: bool = True, *, start: int | None = None) -> None:
        self.server.set_label_counter(present, start=start)

    @property
    def label_count(self) -> int:
        return self.server.label_count

    @property
    def counter_queries(self) -> int:
        return self.server.counter_queries

    @property
    def ignored_connections(self) -> int:
        return self.server.ignored_connections

    def on_job(self, listener: Callable[[ReceivedJob], None]) -> None:
        self.server.on_job(listener)

    def on_query(self, listener: Callable[[str, int], None]) -> None:
        self.server.on_query(listener)

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
            await self.server.stop()  # ends the open connections (their jobs are stored)
            # and whatever else still runs on this loop (a connection accepted as it closed)
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
