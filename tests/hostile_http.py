"""Small hostile HTTP servers on loopback: they drip, flood, nest and echo.

Each server is a real TCP listener on 127.0.0.1 (a thread per connection) that reads one
request and answers it with a scripted misbehaviour, recording what it managed to send before
the client hung up. Tests use them where the sandbox has no such fault.

``ForwardingProxy`` puts one in front of a real server (the sandbox): it passes every request
on and the answer back, except where a ``Rule`` makes the next matching requests misbehave.
The chaos suite and the command-line tests of a bought-but-unfinished label and of echoed
secrets all stand it between a real ``packstation`` process and the sandbox.
"""

from __future__ import annotations

import gzip
import json
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

import httpx

MB = 1024 * 1024
#: the sandbox's demo access key: what a station on the sandbox sends, and what echoes repeat
SANDBOX_ACCESS_KEY = "test-access-key"


@dataclass
class Seen:
    """What one connection received and what the server got out before it ended."""

    request_line: str
    headers: dict[str, str]
    body: bytes
    sent: int = 0
    client_hung_up: bool = False
    done: threading.Event = field(default_factory=threading.Event)


@dataclass
class Record:
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seen: Seen) -> None:
        with self.lock:
            self.seen.append(seen)

    def finished(self, count: int = 1, timeout: float = 20.0) -> list[Seen]:
        """The first ``count`` requests, once the server is done with each of them."""
        end = time.monotonic() + timeout
        while True:
            with self.lock:
                first = list(self.seen[:count])
            if len(first) == count and all(
                s.done.wait(max(0.0, end - time.monotonic())) for s in first
            ):
                return first
            if time.monotonic() >= end:
                raise AssertionError(f"the server did not finish {count} requests")
            time.sleep(0.02)


#: ``(connection, seen) -> None``: writes the answer with ``send`` below.
Answer = Callable[[socket.socket, Seen], None]


def send(conn: socket.socket, seen: Seen, data: bytes) -> None:
    """Send ``data``; a client that hung up raises ``ConnectionError`` after it is noted."""
    try:
        conn.sendall(data)
    except OSError:
        seen.client_hung_up = True
        raise ConnectionError("the client hung up") from None
    seen.sent += len(data)


def head(status: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


def drip(body: bytes, every: float) -> Answer:
    """200 with the right Content-Length, then one byte every ``every`` seconds."""

    def answer(conn: socket.socket, seen: Seen) -> None:
        send(conn, seen, head("200 OK", _json_headers(len(body))))
        for byte in body:
            send(conn, seen, bytes([byte]))
            time.sleep(every)

    return answer


def endless(chunk: int = 64 * 1024, *, limit: int = 2048 * MB) -> Answer:
    """200, chunked, a JSON-looking body that never ends (until ``limit`` or a hang-up)."""

    def answer(conn: socket.socket, seen: Seen) -> None:
        send(
            conn,
            seen,
            head("200 OK", {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}),
        )
        piece = b"[" + b" " * (chunk - 1)
        frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
        while seen.sent < limit:
            send(conn, seen, frame)

    return answer


def declared_huge(size: int = 1536 * MB, content_type: str = "application/pdf") -> Answer:
    """200 announcing a ``size``-byte body, then sending it slowly in small pieces."""

    def answer(conn: socket.socket, seen: Seen) -> None:
        send(
            conn, seen, head("200 OK", {"Content-Type": content_type, "Content-Length": str(size)})
        )
        send(conn, seen, b"%PDF-1.4\n")
        for _ in range(size // 4096):
            send(conn, seen, b"0" * 4096)

    return answer


def gzip_bomb(decoded: int = 64 * MB, content_type: str = "application/pdf") -> Answer:
    """200 with a small gzip body that inflates to ``decoded`` bytes."""
    packed = gzip.compress(b"%PDF-1.4\n" + b"\0" * decoded, compresslevel=9)

    def answer(conn: socket.socket, seen: Seen) -> None:
        headers = {
            "Content-Type": content_type,
            "Content-Encoding": "gzip",
            "Content-Length": str(len(packed)),
        }
        send(conn, seen, head("200 OK", headers) + packed)

    return answer


def damaged_gzip(content_type: str = "application/pdf", code: str = "200 OK") -> Answer:
    """``code`` (200) with a gzip body whose check sum is wrong: zlib says "incorrect data
    check"."""
    packed = bytearray(gzip.compress(b"%PDF-1.4\n" + bytes(range(256)) * 64))
    packed[-8] ^= 0xFF  # the CRC-32 of the trailer

    def answer(conn: socket.socket, seen: Seen) -> None:
        headers = {
            "Content-Type": content_type,
            "Content-Encoding": "gzip",
            "Content-Length": str(len(packed)),
        }
        send(conn, seen, head(code, headers) + bytes(packed))

    return answer


def gzip_flood(*, limit: int = 2048 * MB) -> Answer:
    """200, chunked and gzip-compressed: zeros without end (until ``limit`` bytes are sent, or
    a hang-up). Each MB inflated costs about 1 KB on the wire, so what one read of the client
    takes (64 KB) inflates to some 64 MB: far more than any answer limit."""
    zeros = b"\0" * MB
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    first = packer.compress(b"%PDF-1.4\n" + zeros[: 64 * 1024]) + packer.flush(zlib.Z_SYNC_FLUSH)
    # with the window (32 KB) full of zeros, a MB of zeros compresses to the same block each time
    again = packer.compress(zeros) + packer.flush(zlib.Z_SYNC_FLUSH)
    blocks = 16

    def answer(conn: socket.socket, seen: Seen) -> None:
        headers = {
            "Content-Type": "application/pdf",
            "Content-Encoding": "gzip",
            "Transfer-Encoding": "chunked",
        }
        send(conn, seen, head("200 OK", headers))
        send(conn, seen, f"{len(first):x}\r\n".encode() + first + b"\r\n")
        piece = again * blocks
        frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
        while seen.sent < limit:
            send(conn, seen, frame)

    return answer


def status(
    code: int, body: Any = None, *, extra: dict[str, str] | None = None, raw: bytes | None = None
) -> Answer:
    """A complete answer: ``code`` with ``body`` as JSON (or ``raw`` bytes)."""
    content = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())

    def answer(conn: socket.socket, seen: Seen) -> None:
        headers = _json_headers(len(content))
        headers.update(extra or {})
        reason = {200: "OK", 201: "Created", 400: "Bad Request", 429: "Too Many Requests"}
        send(conn, seen, head(f"{code} {reason.get(code, 'Whatever')}", headers) + content)

    return answer


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def _json_headers(length: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Content-Length": str(length),
        "Connection": "close",
    }


class HostileServer:
    """A loopback HTTP server whose routes answer with scripted misbehaviour.

    ``routes`` maps ``"METHOD /path"`` to an ``Answer``; ``"*"`` catches the rest. Use as a
    context manager; ``url`` is its root (``http://127.0.0.1:PORT``).
    """

    def __init__(self, routes: dict[str, Answer]) -> None:
        self.routes = routes
        self.record = Record()
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        seen = _read_request(conn)
        if seen is None:
            return
        self.record.add(seen)
        method, path = seen.request_line.split(" ")[:2]
        answer = self.routes.get(f"{method} {path.split('?')[0]}", self.routes.get("*"))
        if answer is None:
            answer = status(404, {"title": "Not Found"})
        try:
            answer(conn, seen)
        except ConnectionError:
            pass
        finally:
            seen.client_hung_up = seen.client_hung_up or _peer_closed(conn)
            conn.close()
            seen.done.set()


def _read_request(conn: socket.socket) -> Seen | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    header_part, body = data.split(b"\r\n\r\n", 1)
    lines = header_part.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return Seen(lines[0], headers, body)


def _peer_closed(conn: socket.socket) -> bool:
    try:
        conn.setblocking(False)
        return conn.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


# ---------------------------------------------------------------------- answers for a proxy


def json_answer(code: int, body: Any, extra: dict[str, str] | None = None) -> Answer:
    """A complete answer with ``body`` as JSON (``bytes`` are sent as they are)."""
    content = body if isinstance(body, bytes) else json.dumps(body).encode()

    def answer(conn: socket.socket, seen: Seen) -> None:
        headers = {**_json_headers(len(content)), **(extra or {})}
        send(conn, seen, head(f"{code} Whatever", headers) + content)

    return answer


def echoing_violations(
    code: int = 422, extra: dict[str, str] | None = None, *, access_key: str = SANDBOX_ACCESS_KEY
) -> Answer:
    """A refusal whose field-level violations (property paths, messages, codes), title and
    detail echo the access key and the bearer token the client sent with this very request."""

    def answer(conn: socket.socket, seen: Seen) -> None:
        bearer = seen.headers.get("authorization", "Bearer none")
        token = bearer.split(" ", 1)[-1]
        said = f"access key {access_key} with {bearer} is not allowed"
        body = {
            "title": f"Refused for {access_key}",
            "detail": f"token {token}",
            "violations": [
                {"propertyPath": "reference_number", "message": said, "code": access_key},
                {"propertyPath": bearer, "message": f"the token {token} expired"},
            ],
        }
        json_answer(code, body, extra)(conn, seen)

    return answer


def hang_up(conn: socket.socket, seen: Seen) -> None:
    """No answer at all: the connection is reset (after the upstream carried the request out,
    with ``ForwardingProxy.after``, the client cannot know what happened)."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


# ---------------------------------------------------------------------- the proxy

#: a rule's ``count`` for "until the rule is dropped"
UNTIL_DROPPED = 1 << 30


@dataclass
class Rule:
    """The next ``count`` requests whose method and path match misbehave. The path matches as
    a prefix (``/v2/labels`` also takes ``/v2/labels/…``), or only as itself with ``exact``."""

    method: str
    path: str
    answer: Answer
    forward_first: bool = False  # True: the upstream carries the request out first
    relay: bool = False  # True: after ``answer``, the upstream's own answer goes back
    count: int = 1
    exact: bool = False
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if method != self.method or self.hits >= self.count:
            return False
        return path == self.path if self.exact else path.startswith(self.path)


class ForwardingProxy:
    """A loopback proxy in front of ``upstream`` (a root URL such as the sandbox's) that passes
    requests on and answers back, and injects the faults the upstream lacks (``Rule``).

    The upstream sees the proxy's Host header, so the URLs it hands out (a label file's) point
    back at the proxy and later requests to them pass it too. Every bearer token the client
    sent is kept in ``tokens``. ``relayed`` may change a relayed answer's body (subclasses).
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.rules: list[Rule] = []
        self.tokens: set[str] = set()
        self.lock = threading.Lock()
        self.server = HostileServer({"*": self._serve})

    @property
    def url(self) -> str:
        return self.server.url

    def instead(
        self, method: str, path: str, answer: Answer, count: int = 1, *, exact: bool = False
    ) -> Rule:
        """Answer the next ``count`` matching requests with ``answer``; the upstream never
        sees them."""
        return self._add(Rule(method, path, answer, count=count, exact=exact))

    def after(self, method: str, path: str, answer: Answer, count: int = 1) -> Rule:
        """Carry the next ``count`` matching requests out upstream, then answer them with
        ``answer`` instead of the upstream's answer."""
        return self._add(Rule(method, path, answer, forward_first=True, count=count))

    def during(self, method: str, path: str, action: Callable[[], None], count: int = 1) -> Rule:
        """Carry the next ``count`` matching requests out upstream, run ``action`` (the client
        waits for its answer meanwhile), then pass the upstream's answer on."""

        def act(conn: socket.socket, seen: Seen) -> None:
            action()

        return self._add(Rule(method, path, act, forward_first=True, relay=True, count=count))

    def drop(self, rule: Rule) -> None:
        """The rule no longer applies (requests it would have taken pass through)."""
        with self.lock:
            if rule in self.rules:
                self.rules.remove(rule)

    def heal(self) -> None:
        with self.lock:
            self.rules.clear()

    def relayed(self, method: str, path: str, upstream: httpx.Response) -> bytes:
        """The body that goes back for a relayed upstream answer: its own, unless a subclass
        says otherwise (it goes back with a Content-Length of what is returned here)."""
        return upstream.content

    def _add(self, rule: Rule) -> Rule:
        with self.lock:
            self.rules.append(rule)
        return rule

    def __enter__(self) -> Self:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)

    # one request per connection (HostileServer), answered with Connection: close
    def _serve(self, conn: socket.socket, seen: Seen) -> None:
        method, target = seen.request_line.split(" ")[:2]
        path = target.split("?")[0]
        bearer = seen.headers.get("authorization", "")
        if bearer.lower().startswith("bearer "):
            with self.lock:
                self.tokens.add(bearer[7:])
        with self.lock:
            rule = next((r for r in self.rules if r.matches(method, path)), None)
            if rule is not None:
                rule.hits += 1
        if rule is not None and not rule.forward_first:
            rule.answer(conn, seen)
            return
        upstream = self._forward(method, target, seen)
        if rule is not None:
            rule.answer(conn, seen)
            if not rule.relay:
                return
        content = self.relayed(method, path, upstream)
        headers = {"Content-Length": str(len(content)), "Connection": "close"}
        for name in ("content-type", "retry-after", "www-authenticate", "content-disposition"):
            if name in upstream.headers:
                headers[name.title()] = upstream.headers[name]
        status = f"{upstream.status_code} {upstream.reason_phrase or 'Whatever'}"
        send(conn, seen, head(status, headers) + content)

    def _forward(self, method: str, target: str, seen: Seen) -> httpx.Response:
        skip = {"content-length", "connection", "accept-encoding", "transfer-encoding"}
        headers = {k: v for k, v in seen.headers.items() if k not in skip}
        headers["host"] = self.url.removeprefix("http://")
        return httpx.request(
            method, self.upstream + target, headers=headers, content=seen.body, timeout=30
        )
