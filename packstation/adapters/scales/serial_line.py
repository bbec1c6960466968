"""A scale's serial port, line by line (pyserial, blocking: call it from a worker thread).

Scales end each answer or frame with CR LF (some with CR or LF alone); empty lines are
skipped. Every failure becomes a ``ScaleError`` in plain words naming the port.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

import serial  # type: ignore[import-untyped]

from packstation.domain.weighing import ScaleError, ScaleProblem

_READ_S = 0.05

try:  # POSIX ports raise termios.error (not an OSError) when the other end is gone
    from termios import error as _TermiosError
except ImportError:  # Windows
    _TermiosError = OSError  # type: ignore[assignment,misc]

_PORT_ERRORS = (serial.SerialException, OSError, _TermiosError)


class SerialLine:
    """One serial port; ``read_line`` keeps what follows a line for the next call."""

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        *,
        open_port: Callable[..., Any] = serial.serial_for_url,
    ) -> None:
        self.port = port
        self.baudrate = baudrate
        self._open_port = open_port
        self._serial: Any = None
        self._buffer = bytearray()

    @property
    def is_open(self) -> bool:
        return self._serial is not None

    def open(self) -> None:
        if self._serial is not None:
            return
        try:
            self._serial = self._open_port(
                self.port, baudrate=self.baudrate, timeout=_READ_S, exclusive=True
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise ScaleError(
                ScaleProblem.UNPLUGGED,
                f"The scale port {self.port} cannot be opened ({exc}): is the scale plugged "
                "in and switched on, and is the port right?",
            ) from None
        self._buffer.clear()

    def _failed(self, exc: Exception) -> ScaleError:
        self.close()
        return ScaleError(
            ScaleProblem.UNPLUGGED,
            f"The scale on {self.port} stopped answering ({exc}): is it still plugged in?",
        )

    def discard_input(self) -> None:
        """Forget everything received so far (old frames, late answers)."""
        self.open()
        self._buffer.clear()
        try:
            self._serial.reset_input_buffer()
        except _PORT_ERRORS as exc:
            raise self._failed(exc) from None

    def send(self, data: bytes) -> None:
        self.open()
        try:
            self._serial.write(data)
            self._serial.flush()
        except _PORT_ERRORS as exc:
            raise self._failed(exc) from None

    def read_line(self, timeout_s: float) -> str | None:
        """The next non-empty line (without its terminator), or None after ``timeout_s``."""
        self.open()
        deadline = time.monotonic() + timeout_s
        while True:
            line = self._take_line()
            if line is not None:
                return line
            if time.monotonic() >= deadline:
                return None
            try:
                chunk = self._serial.read(max(1, self._serial.in_waiting or 0))
            except _PORT_ERRORS as exc:
                raise self._failed(exc) from None
            self._buffer += chunk

    def _take_line(self) -> str | None:
        while True:
            ends = [i for i in (self._buffer.find(b"\r"), self._buffer.find(b"\n")) if i >= 0]
            if not ends:
                return None
            end = min(ends)
            raw = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            text = raw.decode("ascii", errors="replace").strip()
            if text:
                return text

    def close(self) -> None:
        port, self._serial = self._serial, None
        self._buffer.clear()
        if port is not None:
            with contextlib.suppress(Exception):
                port.close()
