"""``HttpOrderSource``: merchant orders from the shop's HTTP endpoint (JSON).

``GET {base}/{order_id}`` answers one order document (404: no such order) and ``GET {base}``
the listing (a list of documents or ``{"orders": [...]}``), in the schema of
docs/order-schema.md. Both are reads, so failed attempts (transport errors, 408, 429, 5xx) are
retried a few times by the shared loop of ``http_retry``, following ``http_policy`` (backoff
with jitter, ``Retry-After`` honoured up to a cap). The packer is waiting, so the default
policy gives up within a few seconds and says plainly that the merchant's system did not answer.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import tzinfo
from typing import Any, Final
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

from packstation.adapters.http_policy import RetryPolicy, TransportFailure
from packstation.adapters.http_retry import AnswerLimits, Call, DeadlineExceeded, RetryingSender
from packstation.adapters.order_source_wire import (
    DocumentInvalid,
    OrderIndex,
    dotted,
    json_error_message,
    orders_in_payload,
    validate_order,
)
from packstation.domain.orders import (
    MerchantOrder,
    OrderListing,
    OrderNotInSource,
    OrderSourceError,
)

#: The packer waits for this: connect quickly, allow a slow shop a few seconds to answer.
ORDER_SOURCE_TIMEOUT: Final = httpx.Timeout(connect=3.0, read=10.0, write=10.0, pool=3.0)
#: Two retries, at most ~2 s apart; a Retry-After above 5 s ends the retries.
ORDER_SOURCE_POLICY: Final = RetryPolicy(
    max_retries=2, base_delay=0.25, max_delay=2.0, retry_after_cap=5.0
)
#: The whole call (attempts and waits) within 20 s; an order list of at most 64 MB.
ORDER_SOURCE_LIMITS: Final = AnswerLimits(deadline=20.0, max_bytes=64 * 1024 * 1024)

_TRANSPORT_WORDS: Final[dict[type[httpx.TransportError], str]] = {
    DeadlineExceeded: "no complete answer within the time limit",
    httpx.ConnectTimeout: "the connection timed out",
    httpx.ConnectError: "the connection failed",
    httpx.ReadTimeout: "no answer within the time limit",
    httpx.WriteTimeout: "sending the request timed out",
    httpx.PoolTimeout: "no free connection within the time limit",
    httpx.RemoteProtocolError: "the connection was closed without an answer",
    httpx.ReadError: "the connection broke off",
    httpx.WriteError: "the connection broke off",
    httpx.ProxyError: "the proxy failed",
    httpx.UnsupportedProtocol: "the address is not an http(s) URL",
}


def display_url(url: str) -> str:
    """``url`` without credentials, query or fragment, safe to show and to log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class HttpOrderSource:
    """An ``OrderSource`` reading the merchant's order endpoint.

    Args:
        client: the shared ``httpx.AsyncClient`` (the caller owns and closes it).
        base_url: the collection URL, e.g. ``https://shop.example/api/packstation/orders``.
        headers: sent with every request (an API key of the shop, say).
        timeout: per request.
        policy: retry counts and delays (``http_policy.RetryPolicy``).
        limits: the overall deadline of a call and the largest answer read.
        sleep: awaited between retries (tests pass a recorder).
        rand: random source in [0, 1) for backoff jitter.
        local_zone: zone of order dates written without one; default: the system's zone.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float = ORDER_SOURCE_TIMEOUT,
        policy: RetryPolicy = ORDER_SOURCE_POLICY,
        limits: AnswerLimits = ORDER_SOURCE_LIMITS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        local_zone: tzinfo | None = None,
    ) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self._headers = dict(headers or {})
        self._timeout = timeout
        self._sender = RetryingSender(client, policy, sleep, rand, limits=limits)
        self._local_zone = local_zone

    @property
    def base_url(self) -> str:
        return self._base

    def __repr__(self) -> str:
        return f"HttpOrderSource({display_url(self._base)!r})"

    async def get_order(self, order_id: str) -> MerchantOrder:
        url = f"{self._base}/{quote(order_id, safe='')}"
        shown = display_url(url)
        response = await self._get(url)
        if response.status_code == 404:
            raise OrderNotInSource(f"Order {order_id} is not in the merchant's order system", shown)
        try:
            return self._order(order_id, self._json(response, shown), shown)
        except RecursionError:
            raise _too_deep(shown) from None

    def _order(self, order_id: str, payload: Any, shown: str) -> MerchantOrder:
        if isinstance(payload, list) or (
            isinstance(payload, Mapping) and "orders" in payload and "order_id" not in payload
        ):
            return self._pick(order_id, payload, shown)
        try:
            order = validate_order(payload, local_zone=self._local_zone)
        except DocumentInvalid as exc:
            problem = exc.problems[0]
            raise OrderSourceError(
                problem.message, f"{shown}: {dotted(problem.path) or '(the order)'}"
            ) from None
        if order.order_id != order_id:
            raise OrderSourceError(
                f"asked for order {order_id}, the merchant's order system answered order "
                f"{order.order_id}",
                shown,
            )
        return order

    async def list_orders(self) -> OrderListing:
        shown = display_url(self._base)
        response = await self._get(self._base)
        if response.status_code == 404:
            raise OrderSourceError(
                "The merchant's order system has no order list at this address (HTTP 404)",
                shown,
            )
        try:
            return self._index(self._json(response, shown), shown).listing()
        except RecursionError:
            raise _too_deep(shown) from None

    # ------------------------------------------------------------ helpers

    def _index(self, payload: Any, shown: str) -> OrderIndex:
        index = OrderIndex()
        for entry in orders_in_payload(payload, shown, local_zone=self._local_zone):
            index.add(shown, entry)
        return index

    def _pick(self, order_id: str, payload: Any, shown: str) -> MerchantOrder:
        """An endpoint that answers a list for one order: take the order asked for."""
        index = self._index(payload, shown)
        found = index.lookup(order_id)
        if isinstance(found, MerchantOrder):
            return found
        if isinstance(found, OrderSourceError):
            raise found
        if index.problems:
            raise index.problems[0]
        raise OrderNotInSource(f"Order {order_id} is not in the merchant's order system", shown)

    @staticmethod
    def _json(response: httpx.Response, shown: str) -> Any:
        try:
            return json.loads(response.content.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise OrderSourceError(
                "The merchant's order system answered with something that is not UTF-8 text",
                shown,
            ) from None
        except json.JSONDecodeError as exc:
            where, _ = json_error_message(exc)
            raise OrderSourceError(
                f"The merchant's order system answered with something that is not JSON "
                f"({exc.msg} at {where})",
                shown,
            ) from None

    async def _get(self, url: str) -> httpx.Response:
        """GET with bounded retries; any answer but a 2xx or 404 becomes ``OrderSourceError``."""
        shown = display_url(url)
        headers = {"Accept": "application/json", **self._headers}

        def build() -> httpx.Request:
            return self._client.build_request("GET", url, headers=headers, timeout=self._timeout)

        result = await self._sender.send(
            Call(build, idempotent=True, follow_redirects=True, accept=_found_or_missing)
        )
        if isinstance(result, httpx.Response):
            return result
        if result.over_limit is not None:
            raise OrderSourceError(
                f"The merchant's order system answered with more than "
                f"{_size(result.over_limit)}, more than the station reads",
                shown,
            )
        if result.damaged:
            raise OrderSourceError(
                "The merchant's order system sent a damaged answer (its compression is broken)",
                shown,
            )
        if result.response is not None:
            raise OrderSourceError(
                self._status_message(result.response, url, result.attempts), shown
            )
        assert result.error is not None
        assert result.failure is not None
        raise OrderSourceError(
            self._transport_message(result.error, result.failure, url, result.attempts), shown
        ) from result.error

    @staticmethod
    def _transport_message(
        exc: httpx.TransportError, failure: TransportFailure, url: str, attempts: int
    ) -> str:
        reason = next(
            (words for kind, words in _TRANSPORT_WORDS.items() if isinstance(exc, kind)),
            "the connection failed",
        )
        system = f"The merchant's order system at {_host(url)}"
        if failure is TransportFailure.UNSENDABLE:
            return f"{system} cannot be asked: {reason}"
        return f"{system} did not answer ({reason}; {_attempts(attempts)})"

    @staticmethod
    def _status_message(response: httpx.Response, url: str, attempts: int) -> str:
        status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
        system = f"The merchant's order system at {_host(url)}"
        if response.status_code in (401, 403):
            return f"{system} refused the station ({status}); check the credentials it sends"
        if response.status_code == 429:
            return f"{system} is busy ({status}; {_attempts(attempts)}); try again in a moment"
        if response.status_code >= 500:
            return f"{system} did not answer ({status}; {_attempts(attempts)})"
        return f"{system} refused the request ({status})"


def _size(limit: int) -> str:
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit} bytes"


def _too_deep(shown: str) -> OrderSourceError:
    return OrderSourceError(
        "The merchant's order system answered with data nested too deeply to read", shown
    )


def _found_or_missing(response: httpx.Response, maybe_done: bool) -> bool:
    """A 404 is an answer too: the order is not in the merchant's system."""
    return 200 <= response.status_code < 300 or response.status_code == 404


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname or url)


def _attempts(n: int) -> str:
    return "1 attempt" if n == 1 else f"{n} attempts"
