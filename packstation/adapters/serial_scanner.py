"""Serial (COM) barcode scanners: codes as an async iterator, read by pyserial in a thread.

Many bench scanners can be switched from keyboard emulation to a serial port (RS-232, or USB
"virtual COM"). Each code arrives as bytes ended by CR, LF or CR LF; a scanner set up without
a terminator is covered by ``idle_flush_s`` (a pause after the last byte ends the code).

pyserial blocks, so one reader thread owns the port and hands each complete code to the event
loop (``call_soon_threadsafe``); ``codes()`` yields them in order. ``close()`` stops the thread
within ``poll_s`` and closes the port.
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


class ScannerUnavailable(Exception):
    """The serial port cannot be opened or stopped working; ``message`` says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
        max_length: longer runs without terminator are cut (a scanner sending garbage).
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
        open_port: Callable[..., Any] = serial.serial_for_url,
    ) -> None:
        self.port = port
        self.baudrate = baudrate
        self._idle_flush_s = idle_flush_s
        self._max_length = max_length
        self._poll_s = poll_s
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
        queue: asyncio.Queue[str | _End] = asyncio.Queue()

        def deliver(item: str | _End) -> None:
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
                if isinstance(item, _End):
                    if item.error is not None:
                        raise item.error
                    return
                yield item
        finally:
            await self.close()

    def _read(self, deliver: Callable[[str | _End], None]) -> None:
        buffer = bytearray()
        idle = 0.0
        port = self._serial
        try:
            while not self._stop.is_set():
                chunk = port.read(max(1, port.in_waiting or 0))
                if not chunk:
                    idle += self._poll_s
                    if buffer and self._idle_flush_s is not None and idle >= self._idle_flush_s:
                        self._emit(bytes(buffer), deliver)
                        buffer.clear()
                    continue
                idle = 0.0
                for byte in chunk:
                    if bytes((byte,)) in _TERMINATORS:
                        if buffer:
                            self._emit(bytes(buffer), deliver)
                            buffer.clear()
                    else:
                        buffer.append(byte)
                        if len(buffer) >= self._max_length:
                            self._emit(bytes(buffer), deliver)
                            buffer.clear()
        except (serial.SerialException, OSError) as exc:
            if not self._stop.is_set():
                deliver(
                    _End(ScannerUnavailable(f"The serial scanner on {self.port} failed: {exc}"))
                )
                return
        deliver(_End())

    @staticmethod
    def _emit(data: bytes, deliver: Callable[[str | _End], None]) -> None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        text = text.strip(" \t")
        if text:
            deliver(text)

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
