"""Serial (COM) barcode scanners: codes as an async iterator, read by pyserial in a thread.

Many bench scanners can be switched from keyboard emulation to a serial port (RS-232, or USB
"virtual COM"). Each code arrives as bytes ended by CR, LF or CR LF; a scanner set up without
a terminator is covered by ``idle_flush_s`` (a pause after the last byte ends the code).

pyserial blocks, so one reader thread owns the port and hands each complete code to the event
loop (``call_soon_threadsafe``); ``codes()`` yields them in order. ``close()`` stops the thread
within ``poll_s`` and closes the port.

A barcode is at most a few hundred characters: the reader holds at most ``max_length`` bytes
of one code. A longer run without a terminator (a scanner set to the wrong baud rate, a device
streaming garbage) is not a code: it is dropped up to its next terminator or pause, however long
it is, and said once (``on_overlong``, and the log) until a code is read again; the scanner
keeps reading.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import serial  # type: ignore[import-untyped]

log = logging.getLogger(__name__)

_TERMINATORS = (b"\r", b"\n")
#: The most read from the port at once (what the reader holds besides one code).
_READ_AT_MOST = 4096


class ScannerUnavailable(Exception):
    """The serial port cannot be opened or stopped working; ``message`` says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Overlong:
    """Queue marker: a run longer than ``max_length`` was dropped."""


class _End:
    """Queue marker: the reader stopped (with the error, if any)."""

    def __init__(self, error: ScannerUnavailable | None = None) -> None:
        self.error = error


class SerialScanner:
    """A barcode scanner on a serial port.

    Args:
        port: ``/dev/ttyUSB0``, ``COM3``, or any pyserial URL (``socket://host:port``).
        baudrate: as set on the scanner (9600 is the usual factory setting).
        idle_flush_s: a code without terminator ends after this pause (None: only CR/LF end it).
        max_length: the longest code read; a longer run without terminator is dropped whole.
        on_overlong: called (on the event loop) when a run was dropped as too long, once until
            a code is read again; it gets ``max_length``.
        open_port: builds the pyserial object (tests may inject another).
    """

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        *,
        idle_flush_s: float | None = 0.15,
        max_length: int = 512,
        poll_s: float = 0.05,
        on_overlong: Callable[[int], None] | None = None,
        open_port: Callable[..., Any] = serial.serial_for_url,
    ) -> None:
        self.port = port
        self.baudrate = baudrate
        self._idle_flush_s = idle_flush_s
        self._max_length = max_length
        self._poll_s = poll_s
        self._on_overlong = on_overlong
        self._open_port = open_port
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: Any = None

    async def open(self) -> None:
        """Open the port now (``ScannerUnavailable`` if it cannot be opened)."""
        if self._serial is not None:
            return
        loop = asyncio.get_running_loop()
        try:
            self._serial = await loop.run_in_executor(None, self._open)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise ScannerUnavailable(
                f"The serial scanner port {self.port} cannot be opened: {exc}"
            ) from None

    def _open(self) -> Any:
        return self._open_port(
            self.port, baudrate=self.baudrate, timeout=self._poll_s, exclusive=True
        )

    async def codes(self) -> AsyncIterator[str]:
        """Every code the scanner sends, in order, until ``close()`` (or the port fails)."""
        await self.open()
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str | _Overlong | _End] = asyncio.Queue()

        def deliver(item: str | _Overlong | _End) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(queue.put_nowait, item)

        self._stop.clear()
        self._thread = threading.Thread(
            target=self._read, args=(deliver,), name=f"serial-scanner {self.port}", daemon=True
        )
        self._thread.start()
        try:
            while True:
                item = await queue.get()
                if isinstance(item, _Overlong):
                    self._say_overlong()
                    continue
                if isinstance(item, _End):
                    if item.error is not None:
                        raise item.error
                    return
                yield item
        finally:
            await self.close()

    def _say_overlong(self) -> None:
        log.warning(
            "The serial scanner on %s sent more than %d characters without an end of code; "
            "they were ignored (check the scanner's baud rate and terminator)",
            self.port,
            self._max_length,
        )
        if self._on_overlong is not None:
            self._on_overlong(self._max_length)

    def _read(self, deliver: Callable[[str | _Overlong | _End], None]) -> None:
        run = _Run(self._max_length, deliver)
        idle = 0.0
        port = self._serial
        try:
            while not self._stop.is_set():
                chunk = port.read(min(_READ_AT_MOST, max(1, port.in_waiting or 0)))
                if not chunk:
                    idle += self._poll_s
                    if self._idle_flush_s is not None and idle >= self._idle_flush_s:
                        run.end()
                    continue
                idle = 0.0
                run.take(chunk)
        except (serial.SerialException, OSError) as exc:
            if not self._stop.is_set():
                deliver(
                    _End(ScannerUnavailable(f"The serial scanner on {self.port} failed: {exc}"))
                )
                return
        deliver(_End())

    async def close(self) -> None:
        """Stop reading and close the port (safe to call more than once)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            # every caller waits for the reader: the port is closed only once it is idle
            await asyncio.get_running_loop().run_in_executor(None, thread.join, 5.0)
        self._thread = None
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(Exception):
                port.close()


class _Run:
    """The bytes of the code being read: at most ``max_length``; a longer run is dropped up to
    its end (a terminator or a pause) and said once until a code is read again."""

    def __init__(self, max_length: int, deliver: Callable[[str | _Overlong | _End], None]) -> None:
        self._max_length = max_length
        self._deliver = deliver
        self._buffer = bytearray()
        self._dropping = False  # this run is over ``max_length``: nothing of it is a code
        self._said = False  # an overlong run was said and no code was read since

    def take(self, chunk: bytes) -> None:
        for byte in chunk:
            if bytes((byte,)) in _TERMINATORS:
                self.end()
            elif not self._dropping:
                self._buffer.append(byte)
                if len(self._buffer) > self._max_length:
                    self._drop()

    def end(self) -> None:
        """The run ended (a terminator, or a pause): its code, if it is one."""
        if self._buffer:
            self._emit(bytes(self._buffer))
            self._buffer.clear()
        self._dropping = False

    def _drop(self) -> None:
        self._buffer.clear()
        self._dropping = True
        if not self._said:
            self._said = True
            self._deliver(_Overlong())

    def _emit(self, data: bytes) -> None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        text = text.strip(" \t")
        if text:
            self._said = False
            self._deliver(text)
