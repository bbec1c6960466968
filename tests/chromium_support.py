"""Headless Chromium for page tests, driven over the DevTools protocol (standard library only).

``HeadlessChromium`` starts Debian's ``chromium`` with a private profile in a temporary folder
and a DevTools port of its own, connects to its blank page over a WebSocket (a few lines of
RFC 6455: text frames, masked from the client) and offers ``navigate`` and ``evaluate``
(JavaScript in the page, the value returned as JSON). The process is ended by its pid.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlparse

NOT_INSTALLED = (
    "chromium is not installed (Debian package `chromium`; scripts/check.sh installs it as root)"
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class WebSocket:
    """A client WebSocket for JSON text messages (enough for the DevTools protocol)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        parts = urlparse(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {parts.path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("the DevTools socket closed during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.split(b"\r\n", 1)[0].decode(errors="replace"))
        self._buffer = head.split(b"\r\n\r\n", 1)[1]

    def send(self, message: dict[str, Any]) -> None:
        payload = json.dumps(message).encode()
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x81, 0x80 | size)
        elif size < 1 << 16:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, size)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, size)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _read(self, count: int) -> bytes:
        while len(self._buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the DevTools socket closed")
            self._buffer += chunk
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def receive(self) -> dict[str, Any]:
        message = b""
        while True:
            first, second = self._read(2)
            size = second & 0x7F
            if size == 126:
                (size,) = struct.unpack("!H", self._read(2))
            elif size == 127:
                (size,) = struct.unpack("!Q", self._read(8))
            payload = self._read(size)  # a server never masks
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionError("the DevTools socket was closed by chromium")
            if opcode in (0x9, 0xA):  # ping, pong: nothing to do here
                continue
            message += payload
            if first & 0x80:  # FIN
                found: dict[str, Any] = json.loads(message)
                return found

    def close(self) -> None:
        self.sock.close()


class HeadlessChromium:
    """``with HeadlessChromium() as browser: browser.navigate(url); browser.evaluate("…")``."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.profile = Path(tempfile.mkdtemp(prefix="packstation-chromium-"))
        self.process: subprocess.Popen[bytes] | None = None
        self.log = self.profile / "chromium.log"
        self.socket: WebSocket | None = None
        self._id = 0

    def __enter__(self) -> HeadlessChromium:
        try:
            self._start()
        except BaseException:  # no chromium or temporary profile left behind
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        with self.log.open("wb") as log:  # a file: chromium never blocks on a full pipe
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--headless",
                    "--no-sandbox",  # root in a container has no user namespace for the sandbox
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-extensions",
                    "--remote-debugging-port=0",
                    f"--user-data-dir={self.profile}",
                    "about:blank",
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        port = self._devtools_port()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as answer:
            targets = json.load(answer)
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            raise RuntimeError(f"chromium offers no page to drive: {targets!r}")
        self.socket = WebSocket(pages[0]["webSocketDebuggerUrl"])

    def _devtools_port(self) -> int:
        assert self.process is not None
        deadline = time.monotonic() + 60
        text = ""
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            match = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", text)
            if match:
                return int(match.group(1))
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port:\n" + text[-3000:])

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.socket is not None:
            self.socket.close()
            self.socket = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # our own child, by its pid
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self.socket is not None
        self._id += 1
        self.socket.send({"id": self._id, "method": method, "params": params})
        while True:
            message = self.socket.receive()
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def navigate(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the page (JSON-serialisable)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        """Evaluate until the value is truthy; that value (TimeoutError with the last one)."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(f"{expression} stayed {value!r}")
