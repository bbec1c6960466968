"""The scale's end of a real pseudo-terminal pair: answers commands or streams frames."""

from __future__ import annotations

import contextlib
import os
import select
import threading
from collections.abc import Callable


class PtyScale:
    """Runs a thread on the master end of a pty (the station opens the slave end's name).

    ``respond`` maps each command line the station sends (without CR LF) to the answer line,
    or None for silence. ``frame`` (when set) is written every ``period_s`` seconds.
    """

    def __init__(
        self,
        fd: int,
        respond: Callable[[str], str | None] | None = None,
        *,
        frame: str | None = None,
        period_s: float = 0.01,
    ) -> None:
        self.fd = fd
        self.respond = respond
        self.frame = frame
        self.period_s = period_s
        self.received: list[str] = []
        self._stop = threading.Event()
        self._buffer = b""
        os.set_blocking(fd, False)
        self._thread = threading.Thread(target=self._run, name="pty-scale", daemon=True)
        self._thread.start()

    def _write(self, data: bytes) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self.fd, data)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.fd], [], [], self.period_s)
            except (OSError, ValueError):
                return
            if ready:
                try:
                    self._buffer += os.read(self.fd, 1024)
                except BlockingIOError:
                    pass
                except OSError:
                    return
                while b"\r\n" in self._buffer:
                    line, self._buffer = self._buffer.split(b"\r\n", 1)
                    command = line.decode("ascii")
                    self.received.append(command)
                    answer = self.respond(command) if self.respond is not None else None
                    if answer is not None:
                        self._write(answer.encode("ascii") + b"\r\n")
            frame = self.frame
            if frame is not None:
                self._write(frame.encode("ascii") + b"\r\n")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
