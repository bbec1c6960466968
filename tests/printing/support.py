"""Loopback helpers for printer tests: a TCP listener that records every connection's bytes."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from types import TracebackType

Responder = Callable[[bytes], bytes]


class RecordingListener:
    """A plain TCP server on 127.0.0.1 that stores what each connection sent, byte for byte.

    ``responder`` (optional) sees each chunk as it arrives and may return bytes to answer.
    """

    def __init__(self, responder: Responder | None = None) -> None:
        self._responder = responder
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self._lock = threading.Condition()
        self._received: list[bytes] = []
        self._running = True
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, name="recording-listener", daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> RecordingListener:
        self._accept.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._running = False
        self._accept.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)
        self._sock.close()

    def _serve(self) -> None:
        while self._running:
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._read, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _read(self, conn: socket.socket) -> None:
        data = bytearray()
        conn.settimeout(0.2)
        with conn:
            while self._running:
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
                if self._responder is not None:
                    answer = self._responder(chunk)
                    if answer:
                        conn.sendall(answer)
        with self._lock:
            self._received.append(bytes(data))
            self._lock.notify_all()

    def connections(self, count: int = 1, timeout: float = 5.0) -> list[bytes]:
        """Wait until ``count`` connections have closed; return every one's bytes so far."""
        with self._lock:
            self._lock.wait_for(lambda: len(self._received) >= count, timeout)
            return list(self._received)
