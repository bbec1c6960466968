"""Fault injection (fail-next, drop-next, latency) and the request log, as raw ASGI middleware.

The middleware is the outermost layer, so it sees uvicorn's own ``send`` callable (needed to
drop a connection) and every request, including 404s. ``/__mock/*`` requests are neither
logged nor subject to faults. The log never records bodies or headers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import struct
import threading
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from packstation.sandbox.validation import now_iso

logger = logging.getLogger(__name__)

MOCK_PREFIX = "/__mock"
LOG_SIZE = 10_000


@dataclass(slots=True)
class Rule:
    path: str
    method: str | None
    remaining: int
    status: int = 500
    retry_after: int | None = None

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path) and (self.method is None or self.method == method)


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request as the log keeps it: no body, no headers. ``status`` is None if dropped."""

    method: str
    path: str
    query: str
    status: int | None
    at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Faults:
    """Thread-safe fault rules, latency and request log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fails: list[Rule] = []
        self._drops: list[Rule] = []
        self._latency: tuple[float, str | None] = (0.0, None)
        self._log: deque[LoggedRequest] = deque(maxlen=LOG_SIZE)
        self._plain_duplicates = False

    def clear(self) -> None:
        with self._lock:
            self._fails.clear()
            self._drops.clear()
            self._latency = (0.0, None)
            self._log.clear()
            self._plain_duplicates = False

    def fail_next(
        self,
        path: str,
        method: str | None = None,
        status: int = 500,
        count: int = 1,
        retry_after: int | None = None,
    ) -> None:
        rule = Rule(path, method.upper() if method else None, count, status, retry_after)
        with self._lock:
            self._fails.append(rule)

    def drop_next(self, path: str, method: str | None = None, count: int = 1) -> None:
        with self._lock:
            self._drops.append(Rule(path, method.upper() if method else None, count))

    def set_latency(self, seconds: float, path: str | None = None) -> None:
        with self._lock:
            self._latency = (max(0.0, seconds), path)

    def set_plain_duplicates(self, on: bool) -> None:
        with self._lock:
            self._plain_duplicates = on

    @property
    def plain_duplicates(self) -> bool:
        with self._lock:
            return self._plain_duplicates

    def latency(self) -> tuple[float, str | None]:
        with self._lock:
            return self._latency

    def delay_for(self, path: str) -> float:
        with self._lock:
            seconds, prefix = self._latency
        return seconds if prefix is None or path.startswith(prefix) else 0.0

    def _take(self, rules: list[Rule], method: str, path: str) -> Rule | None:
        with self._lock:
            for rule in rules:
                if rule.matches(method, path):
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        rules.remove(rule)
                    return rule
        return None

    def take_fail(self, method: str, path: str) -> Rule | None:
        return self._take(self._fails, method, path)

    def take_drop(self, method: str, path: str) -> bool:
        return self._take(self._drops, method, path) is not None

    def record(self, method: str, path: str, query: str, status: int | None) -> None:
        with self._lock:
            self._log.append(LoggedRequest(method, path, query, status, now_iso()))

    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)


class FaultMiddleware:
    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(MOCK_PREFIX):
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        path: str = scope["path"]
        query = bytes(scope.get("query_string", b"")).decode("latin-1")
        delay = self.faults.delay_for(path)
        if delay > 0:
            await asyncio.sleep(delay)

        rule = self.faults.take_fail(method, path)
        if rule is not None:
            self.faults.record(method, path, query, rule.status)
            await _send_injected(send, rule, method, path)
            return

        if self.faults.take_drop(method, path):
            await self.app(scope, receive, _swallow)
            self.faults.record(method, path, query, None)
            await _reset_connection(send)
            return

        async def logging_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                # log before the answer leaves, so a client that got it also finds it logged
                self.faults.record(method, path, query, int(message["status"]))
            await send(message)

        await self.app(scope, receive, logging_send)


async def _swallow(message: Message) -> None:
    """A ``send`` that throws the response away (the request is still carried out)."""


async def _send_injected(send: Send, rule: Rule, method: str, path: str) -> None:
    body = b""
    if rule.status not in (204, 304) and rule.status >= 200:
        detail = f"Injected {rule.status} for {method} {path}"
        body = json.dumps({"title": "Injected failure", "detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if rule.retry_after is not None:
        headers.append((b"retry-after", str(rule.retry_after).encode()))
    await send({"type": "http.response.start", "status": rule.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _reset_connection(send: Send) -> None:
    """Reset the TCP connection of the current request without answering it.

    # WORKAROUND: ASGI has no way to abort a connection. Under uvicorn's h11 protocol the
    # ``send`` callable handed to the outermost app is the bound method
    # ``RequestResponseCycle.send``, whose ``__self__`` carries the asyncio ``transport``
    # (and a ``disconnected`` flag). We set SO_LINGER to (on, 0 s) so closing sends an RST,
    # abort the transport, and yield until uvicorn's ``connection_lost`` marked the cycle
    # disconnected — otherwise uvicorn would answer "500 ASGI callable returned without
    # starting response" on the dying connection. Checked with uvicorn 0.54 (http="h11").
    # Under a server without that attribute we raise instead, which (for uvicorn) closes the
    # connection after a 500 — not a silent drop, hence the warning.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if not isinstance(transport, asyncio.Transport):
        logger.warning("drop-next: cannot reach the transport; closing with an error instead")
        raise ConnectionAbortedError("drop-next")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):  # a platform without SO_LINGER just closes
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    for _ in range(100):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0)
