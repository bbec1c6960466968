"""HttpOrderSource against httpx.MockTransport: answers, retries and plain error messages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import pytest_asyncio

from packstation.adapters.http_policy import RetryPolicy
from packstation.adapters.order_source_http import HttpOrderSource, display_url
from packstation.domain.orders import OrderNotInSource, OrderSourceError
from tests.order_documents import a_document

BASE = "https://shop.example/api/orders"
Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class Shop:
    """A scripted merchant endpoint: answers are taken from ``script`` in turn."""

    script: list[Handler | httpx.Response] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    slept: list[float] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.script.pop(0)
        return step(request) if callable(step) else step

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


@dataclass
class Harness:
    shop: Shop
    source: HttpOrderSource


@pytest_asyncio.fixture
async def harness() -> AsyncIterator[Harness]:
    shop = Shop()
    async with httpx.AsyncClient(transport=httpx.MockTransport(shop)) as client:
        source = HttpOrderSource(
            client,
            BASE + "/",
            headers={"X-Api-Key": "k1"},
            policy=RetryPolicy(max_retries=2, base_delay=0.25, max_delay=2.0, retry_after_cap=5.0),
            sleep=shop.sleep,
            rand=lambda: 1.0,
        )
        yield Harness(shop, source)


def ok(payload: Any) -> httpx.Response:
    return httpx.Response(200, json=payload)


def refuse(exc: type[httpx.TransportError]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("boom", request=request)

    return handler


@pytest.mark.asyncio
async def test_get_order(harness: Harness) -> None:
    harness.shop.script = [ok(a_document("A/1"))]
    order = await harness.source.get_order("A/1")
    assert order.order_id == "A/1"
    [request] = harness.shop.requests
    assert request.method == "GET"
    assert request.url.raw_path == b"/api/orders/A%2F1"
    assert request.headers["X-Api-Key"] == "k1"
    assert request.headers["Accept"] == "application/json"


@pytest.mark.asyncio
async def test_unknown_order_is_not_in_source(harness: Harness) -> None:
    harness.shop.script = [httpx.Response(404, json={"error": "not found"})]
    with pytest.raises(OrderNotInSource) as caught:
        await harness.source.get_order("A9")
    assert caught.value.location == f"{BASE}/A9"
    assert caught.value.message == "Order A9 is not in the merchant's order system"


@pytest.mark.asyncio
async def test_5xx_and_transport_errors_are_retried(harness: Harness) -> None:
    harness.shop.script = [
        httpx.Response(503),
        refuse(httpx.ConnectError),
        ok(a_document("A1")),
    ]
    assert (await harness.source.get_order("A1")).order_id == "A1"
    assert harness.shop.slept == [0.25, 0.5]


@pytest.mark.asyncio
async def test_retry_after_is_honoured_up_to_its_cap(harness: Harness) -> None:
    harness.shop.script = [httpx.Response(429, headers={"Retry-After": "3"}), ok([])]
    assert (await harness.source.list_orders()).orders == ()
    assert harness.shop.slept == [3.0]
    harness.shop.script = [httpx.Response(429, headers={"Retry-After": "60"})]
    with pytest.raises(OrderSourceError) as caught:
        await harness.source.list_orders()
    assert caught.value.message == (
        "The merchant's order system at shop.example is busy (HTTP 429 Too Many Requests; "
        "1 attempt); try again in a moment"
    )


@pytest.mark.asyncio
async def test_gives_up_with_a_plain_message(harness: Harness) -> None:
    harness.shop.script = [httpx.Response(503)] * 3
    with pytest.raises(OrderSourceError) as caught:
        await harness.source.get_order("A1")
    assert str(caught.value) == (
        f"{BASE}/A1: The merchant's order system at shop.example did not answer "
        "(HTTP 503 Service Unavailable; 3 attempts)"
    )
    harness.shop.script = [refuse(httpx.ReadTimeout)] * 3
    with pytest.raises(OrderSourceError) as caught:
        await harness.source.get_order("A1")
    assert caught.value.message == (
        "The merchant's order system at shop.example did not answer "
        "(no answer within the time limit; 3 attempts)"
    )
    assert len(harness.shop.requests) == 6


@pytest.mark.asyncio
async def test_refusals_are_not_retried(harness: Harness) -> None:
    harness.shop.script = [httpx.Response(401)]
    with pytest.raises(OrderSourceError) as caught:
        await harness.source.get_order("A1")
    assert caught.value.message == (
        "The merchant's order system at shop.example refused the station "
        "(HTTP 401 Unauthorized); check the credentials it sends"
    )
    assert harness.shop.slept == []


@pytest.mark.asyncio
async def test_bad_answers(harness: Harness) -> None:
    harness.shop.script = [httpx.Response(200, text="<html>login</html>")]
    with pytest.raises(OrderSourceError) as caught:
        await harness.source.get_order("A1")
    assert caught.value.message == (
        "The merchant's order system answered with something that is not JSON "
        "(Expecting value at line 1 column 1)"
    )
    bad = a_document("A1")
    bad["items"][0]["quantity"] = "two"
    harness.shop.script = [ok(bad)]
    with pytest.raises(OrderSourceError) as caught:
        await harness.source.get_order("A1")
    assert str(caught.value) == (
        f"{BASE}/A1: items[0].quantity: must be a whole number of at least 1, got 'two'"
    )
    harness.shop.script = [ok(a_document("B7"))]
    with pytest.raises(OrderSourceError, match=r"asked for order A1, .* answered order B7"):
        await harness.source.get_order("A1")


@pytest.mark.asyncio
async def test_an_order_answered_as_a_list(harness: Harness) -> None:
    harness.shop.script = [ok({"orders": [a_document("A1")]}), ok([])]
    assert (await harness.source.get_order("A1")).order_id == "A1"
    with pytest.raises(OrderNotInSource):
        await harness.source.get_order("A1")


@pytest.mark.asyncio
async def test_listing_keeps_good_orders_and_reports_bad_ones(harness: Harness) -> None:
    bad = a_document("A2")
    del bad["recipient"]["zip"]
    harness.shop.script = [ok({"orders": [a_document("A1"), bad, a_document("A3")]})]
    listing = await harness.source.list_orders()
    assert [o.order_id for o in listing.orders] == ["A1", "A3"]
    assert [str(p) for p in listing.problems] == [f"{BASE}: orders[1].recipient.zip: is required"]
    assert harness.shop.requests[0].url == BASE


def test_shown_urls_hide_secrets() -> None:
    assert (
        display_url("https://u:pw@shop.example:8443/o?token=x#f") == "https://shop.example:8443/o"
    )
