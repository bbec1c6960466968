"""The one retry loop of the station's HTTP calls (Seven Senders and the merchant's orders).

``http_policy`` decides (pure functions); this module follows the decisions with real I/O:
send, classify what came back, wait, send again, or give up. What differs between callers is
handed in as a ``Call``: how a request is built (a fresh one per attempt, so a renewed token
is used), which answers end the call, whether an answer is worth one immediate resend (a
refused token, after renewing it) and how an attempt is logged. When no answer is accepted
the loop returns ``GaveUp`` and the caller turns it into its own error in plain words.

Every call is bounded twice (``AnswerLimits``): an overall deadline covers all attempts, the
answers and the waits between them (httpx's timeouts only bound each read), and an answer's
body is streamed and cut off past a size limit, counted as it is inflated (``http_body``), so
a dripping, an endless or a compressed-bomb answer can hold neither the bench nor its
memory. A wait that would end after the deadline is not started.

The transport error kept in ``GaveUp.error`` holds the request, headers included: callers
that send credentials must never chain it into an error or a log record.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import httpx

from packstation.adapters.http_body import read_at_most
from packstation.adapters.http_policy import (
    RetryPolicy,
    TransportFailure,
    classify_transport_error,
    outcome_unknown_after_status,
    outcome_unknown_after_transport,
    parse_retry_after,
    retry_delay,
)

#: Headers that describe the body as it came over the wire, not as it was read (decoded).
_WIRE_BODY_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@dataclass(frozen=True, slots=True)
class AnswerLimits:
    """How long one call may take and how much of an answer is read.

    Attributes:
        deadline: seconds for the whole call (every attempt, its answer and the waits between
            attempts); ``None``: no overall bound.
        max_bytes: the largest answer body read (after decompression); ``None``: no bound.
    """

    deadline: float | None = 90.0
    max_bytes: int | None = 16 * 1024 * 1024


DEFAULT_LIMITS = AnswerLimits()


class DeadlineExceeded(httpx.TimeoutException):
    """The call's overall deadline passed before a complete answer arrived.

    A timeout after the request may have been sent, so it counts as an ambiguous failure: a
    creating request may have been carried out.
    """


@dataclass(frozen=True, slots=True)
class AttemptReport:
    """What one attempt did, for the caller's log line."""

    number: int  # 1 for the first attempt
    elapsed_ms: float
    status: int | None  # None: no answer arrived
    error_name: str = ""  # the transport error's class name when no answer arrived


@dataclass(frozen=True, slots=True)
class GaveUp:
    """No accepted answer: what the last attempt got and what the attempts proved.

    Attributes:
        attempts: how many requests were sent.
        response: the last answer, or ``None`` when the last attempt got none.
        failure: why the last attempt got no answer (``None`` when it got one).
        error: the last attempt's transport error (holds the request: never chain or log it).
        retry_after: the last answer's ``Retry-After`` hint in seconds, if it gave one.
        maybe_done: an earlier attempt may have been carried out (it went unanswered or got
            a 5xx), as far as a creating request is concerned.
        over_limit: the accepted answer's body was larger than this many bytes and was cut
            off (``response`` then has the status and headers but no body).
        damaged: the accepted answer's body could not be decompressed (its gzip or deflate
            data is broken); ``response`` then has the status and headers but no body.
    """

    attempts: int
    response: httpx.Response | None
    failure: TransportFailure | None
    error: httpx.TransportError | None
    retry_after: float | None
    maybe_done: bool
    over_limit: int | None = None
    damaged: bool = False


def accept_success(response: httpx.Response, maybe_done: bool) -> bool:
    """The usual rule: only a 2xx answer ends the call."""
    return 200 <= response.status_code < 300


def _observe_nothing(report: AttemptReport) -> None:
    return None


async def _never_resend(response: httpx.Response) -> bool:
    return False


async def _nothing_to_prepare() -> None:
    return None


@dataclass(frozen=True, slots=True)
class Call:
    """One logical request, as the retry loop needs to know it.

    Attributes:
        build: a fresh request per attempt (its headers may change between attempts).
        idempotent: whether sending it twice is harmless (see ``http_policy``).
        follow_redirects: passed to ``httpx.AsyncClient.send``.
        accept: ``(answer, maybe_done)`` → True when this answer ends the call successfully.
        resend_now: awaited for every answer that is not accepted; True sends the request
            again at once, without counting a retry (a refused token that was just renewed).
        observe: called after every attempt (the caller's log line).
        prepare: awaited before every attempt, before ``build`` (a bearer token that ran out
            during a retry wait is renewed here, per attempt).
    """

    build: Callable[[], httpx.Request]
    idempotent: bool
    follow_redirects: bool = False
    accept: Callable[[httpx.Response, bool], bool] = accept_success
    resend_now: Callable[[httpx.Response], Awaitable[bool]] = _never_resend
    observe: Callable[[AttemptReport], None] = _observe_nothing
    prepare: Callable[[], Awaitable[None]] = _nothing_to_prepare


@dataclass(frozen=True, slots=True)
class RetryingSender:
    """Sends ``Call``s through one ``httpx.AsyncClient`` following a ``RetryPolicy``.

    Attributes:
        client: the shared client (the caller owns and closes it).
        policy: retry counts, delays and the ``Retry-After`` cap.
        sleep: awaited between attempts (tests pass a recorder instead of ``asyncio.sleep``).
        rand: random source in [0, 1) for backoff jitter.
        clock: wall clock in seconds, for ``Retry-After`` dates.
        limits: the overall deadline of a call and the largest answer read.
    """

    client: httpx.AsyncClient
    policy: RetryPolicy
    sleep: Callable[[float], Awaitable[None]]
    rand: Callable[[], float]
    clock: Callable[[], float] = time.time
    limits: AnswerLimits = DEFAULT_LIMITS

    async def send(self, call: Call) -> httpx.Response | GaveUp:
        """Send until an answer is accepted (returned) or the policy says stop (``GaveUp``)."""
        loop = asyncio.get_running_loop()
        deadline = self.limits.deadline
        end = None if deadline is None else loop.time() + deadline
        attempt = 0
        retry_number = 0
        maybe_done = False
        while True:
            attempt += 1
            await call.prepare()
            request = call.build()
            started = time.perf_counter()
            try:
                response, body = await self._exchange(request, call, end)
            except httpx.TransportError as exc:
                failure = classify_transport_error(exc)
                elapsed_ms = (time.perf_counter() - started) * 1000
                call.observe(AttemptReport(attempt, elapsed_ms, None, type(exc).__name__))
                maybe_done |= outcome_unknown_after_transport(failure, idempotent=False)
                retry_number += 1
                delay = retry_delay(
                    self.policy,
                    idempotent=call.idempotent,
                    retry_number=retry_number,
                    rand=self.rand,
                    failure=failure,
                )
                if delay is None or _too_late(loop, end, delay):
                    return GaveUp(attempt, None, failure, exc, None, maybe_done)
                await self.sleep(delay)
                continue

            elapsed_ms = (time.perf_counter() - started) * 1000
            call.observe(AttemptReport(attempt, elapsed_ms, response.status_code))
            if call.accept(response, maybe_done):
                if body is _Body.CUT_OFF:
                    return GaveUp(
                        attempt, response, None, None, None, maybe_done, self.limits.max_bytes
                    )
                if body is _Body.DAMAGED and response.is_success:
                    # a refusal's body only adds words: its status says what happened
                    return GaveUp(attempt, response, None, None, None, maybe_done, damaged=True)
                return response
            maybe_done |= outcome_unknown_after_status(response.status_code, idempotent=False)
            if await call.resend_now(response):
                continue
            retry_after = parse_retry_after(
                response.headers.get("retry-after"),
                now=datetime.fromtimestamp(self.clock(), UTC),
            )
            retry_number += 1
            delay = retry_delay(
                self.policy,
                idempotent=call.idempotent,
                retry_number=retry_number,
                rand=self.rand,
                status=response.status_code,
                retry_after=retry_after,
            )
            if delay is None or _too_late(loop, end, delay):
                return GaveUp(attempt, response, None, None, retry_after, maybe_done)
            await self.sleep(delay)

    async def _exchange(
        self, request: httpx.Request, call: Call, end: float | None
    ) -> tuple[httpx.Response, _Body]:
        """One attempt: the answer with its body read, and whether the body was whole.

        A cut-off or damaged answer keeps its status and headers but has an empty body.
        """
        try:
            async with asyncio.timeout_at(end) as bound:
                streamed = await self.client.send(
                    request, stream=True, follow_redirects=call.follow_redirects
                )
                try:
                    body = await read_at_most(streamed, self.limits.max_bytes)
                except httpx.DecodingError:  # broken gzip or deflate data: zlib's words stay here
                    return _with_body(streamed, b""), _Body.DAMAGED
                finally:
                    await streamed.aclose()
        except TimeoutError:
            if not bound.expired():
                raise
            raise DeadlineExceeded(
                f"no complete answer within {self.limits.deadline:g} s", request=request
            ) from None
        return _with_body(streamed, body or b""), _Body.CUT_OFF if body is None else _Body.WHOLE


class _Body(Enum):
    """What became of an answer's body."""

    WHOLE = "whole"
    CUT_OFF = "cut off"  # longer than ``AnswerLimits.max_bytes``
    DAMAGED = "damaged"  # its compression is broken


def _too_late(loop: asyncio.AbstractEventLoop, end: float | None, delay: float) -> bool:
    """True when waiting ``delay`` seconds would end after the call's deadline."""
    return end is not None and loop.time() + delay >= end


def _with_body(streamed: httpx.Response, body: bytes) -> httpx.Response:
    """A complete response with ``body`` as its content (already decoded)."""
    headers = [
        (name, value)
        for name, value in streamed.headers.multi_items()
        if name.lower() not in _WIRE_BODY_HEADERS
    ]
    extensions: dict[str, Any] = {
        key: streamed.extensions[key]
        for key in ("http_version", "reason_phrase")
        if key in streamed.extensions
    }
    return httpx.Response(
        streamed.status_code,
        headers=headers,
        content=body,
        request=streamed.request,
        extensions=extensions,
    )
