"""Timeouts and retry policy for Seven Senders calls: pure decisions, no I/O.

Everything here is a constant or a pure function, so each decision is unit-tested on its own
and the shared loop of ``http_retry`` only has to follow it.

Which failures are retried
--------------------------
A request is *idempotent* when sending it twice has the same effect as sending it once:
GET, PUT, DELETE, and POST /token (it only hands out a token). Idempotent requests are
retried transparently on 408, 429, 500, 502, 503, 504 and on every transport error (failed
connection, timeout, dropped connection), up to ``RetryPolicy.max_retries`` times. When the
retries run out the caller gets ``ServiceUnavailable`` (``RateLimited`` for a 429).

Every other POST *creates* something: a label costs money, a customs record may be posted
only once per parcel, a manifest starts customs clearance. Such a request is retried only
when the failure **proves** that Seven Senders did not process it:

* connect-phase transport errors (``ConnectError``, ``ConnectTimeout``, ``PoolTimeout``,
  ``ProxyError``): no byte of the request reached Seven Senders;
* ``429 Too Many Requests`` and ``408 Request Timeout``: the server turned the request away
  before processing it;
* ``401`` (handled by the HTTP adapter, not here): the token is checked before anything is
  done, so the adapter fetches a new token once and sends the request again.

Everything else is ambiguous and is never retried for a creating request:
``ReadTimeout``, ``WriteTimeout``, ``ReadError``, ``WriteError``, ``RemoteProtocolError``
(connection dropped without an answer) and 5xx answers. A 500 can come after the database
commit; a gateway's 502/503/504 says nothing about what the backend behind it did, even with
a ``Retry-After`` header. These become ``OutcomeUnknown``: the caller looks the resource up
(a label by its reference number, an order by its order id) before it tries again. Sending
the request blindly could buy a second label.

How long to wait
----------------
A ``Retry-After`` header (delta-seconds or an HTTP-date) is honoured exactly when it is at
most ``retry_after_cap`` seconds; a longer hint ends the retries at once and is handed to the
caller (``RateLimited.retry_after``) instead of freezing the bench. Without a hint the wait
is exponential (``base_delay * 2**(n-1)``, at most ``max_delay``) with jitter that keeps
between 75 % and 100 % of it; the random source is injectable.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import Enum

import httpx

#: Connect, read, write, pool timeouts for ordinary API calls (seconds).
API_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
#: Label files can be large and rendered on demand: allow a longer read.
DOWNLOAD_TIMEOUT = httpx.Timeout(connect=5.0, read=60.0, write=30.0, pool=5.0)

#: Statuses worth another try for an idempotent request.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
#: Statuses that prove the server did not process the request (safe to resend a create).
UNPROCESSED_STATUSES = frozenset({408, 429})
#: 5xx statuses that say the server *cannot* do it at all, so it certainly did not.
_NOT_IMPLEMENTED = frozenset({501, 505})

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class TransportFailure(Enum):
    """What a transport error says about whether the request reached Seven Senders."""

    #: Failed while connecting: the request was certainly not sent.
    NOT_SENT = "not sent"
    #: Failed after (part of) the request may have been sent: it may have been processed.
    AMBIGUOUS = "ambiguous"
    #: The request cannot be sent at all (bad URL scheme, invalid header): never retry.
    UNSENDABLE = "unsendable"


_CONNECT_PHASE: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
)
_UNSENDABLE: tuple[type[httpx.TransportError], ...] = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


def classify_transport_error(exc: httpx.TransportError) -> TransportFailure:
    """Sort an httpx transport error by what it proves about the request."""
    if isinstance(exc, _UNSENDABLE):
        return TransportFailure.UNSENDABLE
    if isinstance(exc, _CONNECT_PHASE):
        return TransportFailure.NOT_SENT
    return TransportFailure.AMBIGUOUS


def is_idempotent(method: str) -> bool:
    """True for methods whose repetition is harmless (POST /token is handled by the caller)."""
    return method.upper() in IDEMPOTENT_METHODS


def may_retry_status(status: int, *, idempotent: bool) -> bool:
    """Whether an answer with ``status`` may be followed by the same request again."""
    if idempotent:
        return status in RETRY_STATUSES
    return status in UNPROCESSED_STATUSES


def may_retry_transport(failure: TransportFailure, *, idempotent: bool) -> bool:
    """Whether a transport failure may be followed by the same request again."""
    if failure is TransportFailure.UNSENDABLE:
        return False
    return idempotent or failure is TransportFailure.NOT_SENT


def outcome_unknown_after_status(status: int, *, idempotent: bool) -> bool:
    """True when a creating request answered with ``status`` may still have been carried out."""
    return not idempotent and status >= 500 and status not in _NOT_IMPLEMENTED


def outcome_unknown_after_transport(failure: TransportFailure, *, idempotent: bool) -> bool:
    """True when a creating request that failed in transport may still have been carried out."""
    return not idempotent and failure is TransportFailure.AMBIGUOUS


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait according to a ``Retry-After`` header, or ``None`` if absent/invalid.

    Accepts delta-seconds (``"12"``, tolerated: ``"1.5"``) and an HTTP-date
    (``"Wed, 21 Oct 2026 07:28:00 GMT"``). A date in the past means "now" (0 seconds).
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=UTC)
    reference = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry.

    Attributes:
        max_retries: retries after the first attempt (so ``max_retries + 1`` attempts).
        base_delay: the first backoff, in seconds; doubled on every further retry.
        max_delay: upper bound of one backoff, before jitter.
        retry_after_cap: the longest ``Retry-After`` the station waits for; a longer hint
            ends the retries and is reported to the caller.
    """

    max_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    retry_after_cap: float = 30.0

    def backoff(self, retry_number: int, rand: Callable[[], float]) -> float:
        """Exponential backoff for retry ``retry_number`` (1-based), with 75–100 % jitter."""
        exponent = max(0, retry_number - 1)
        base = min(self.base_delay * 2.0 ** min(exponent, 32), self.max_delay)
        jitter = min(max(rand(), 0.0), 1.0)
        return base * (0.75 + 0.25 * jitter)

    def delay(
        self, retry_number: int, retry_after: float | None, rand: Callable[[], float]
    ) -> float | None:
        """Seconds to wait before retry ``retry_number`` (1-based), or ``None``: stop now."""
        if retry_number > self.max_retries:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.retry_after_cap else None
        return self.backoff(retry_number, rand)


DEFAULT_POLICY = RetryPolicy()


def retry_delay(
    policy: RetryPolicy,
    *,
    idempotent: bool,
    retry_number: int,
    rand: Callable[[], float],
    status: int | None = None,
    failure: TransportFailure | None = None,
    retry_after: float | None = None,
) -> float | None:
    """The whole decision: seconds to wait before resending, or ``None`` to give up.

    Exactly one of ``status`` (an answer arrived) and ``failure`` (no answer) is given.
    ``retry_number`` counts the retry about to happen (1 for the first retry).
    """
    if (status is None) == (failure is None):
        raise ValueError("give exactly one of status and failure")
    if status is not None:
        allowed = may_retry_status(status, idempotent=idempotent)
    else:
        assert failure is not None
        allowed = may_retry_transport(failure, idempotent=idempotent)
        retry_after = None  # a transport failure carries no hint
    if not allowed:
        return None
    return policy.delay(retry_number, retry_after, rand)
