"""HttpOrderSource against hostile merchant systems over loopback HTTP (issue 13 items 7, 9).

The shop's endpoint drips its answer, never stops, or nests its JSON 100,000 deep: the packer
gets a plain ``OrderSourceError`` within the bounds, never a traceback or a frozen bench.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from packstation.adapters.http_policy import RetryPolicy
from packstation.adapters.http_retry import AnswerLimits
from packstation.adapters.order_source_http import HttpOrderSource
from packstation.domain.orders import OrderNotInSource, OrderSourceError
from tests.hostile_http import (
    MB,
    Answer,
    HostileServer,
    damaged_gzip,
    deep_json,
    drip,
    endless,
    status,
)

FAST = RetryPolicy(max_retries=2, base_delay=0.01, max_delay=0.05, retry_after_cap=1.0)


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def shop(http: httpx.AsyncClient, server: HostileServer, limits: AnswerLimits) -> HttpOrderSource:
    return HttpOrderSource(http, f"{server.url}/orders", policy=FAST, timeout=5.0, limits=limits)


async def refusal(source: HttpOrderSource, order_id: str | None) -> OrderSourceError:
    call = source.list_orders() if order_id is None else source.get_order(order_id)
    with pytest.raises(OrderSourceError) as caught:
        await call
    return caught.value


@pytest.mark.asyncio
async def test_a_dripping_shop_ends_at_the_deadline(http: httpx.AsyncClient) -> None:
    body = b'{"order_id": "A100"' + b" " * 2000 + b"}"
    routes: dict[str, Answer] = {"GET /orders/A100": drip(body, every=0.05)}
    with HostileServer(routes) as server:
        error = await refusal(shop(http, server, AnswerLimits(deadline=1.0)), "A100")
        (seen,) = server.record.finished(1)
    assert error.message.endswith(
        "did not answer (no complete answer within the time limit; 1 attempt)"
    )
    assert seen.sent < len(body)
    assert seen.client_hung_up


@pytest.mark.asyncio
async def test_an_endless_order_list_is_cut_off(http: httpx.AsyncClient) -> None:
    with HostileServer({"GET /orders": endless()}) as server:
        limits = AnswerLimits(deadline=60.0, max_bytes=1 * MB)
        error = await refusal(shop(http, server, limits), None)
        (seen,) = server.record.finished(1)
    assert error.message == (
        "The merchant's order system answered with more than 1 MB, more than the station reads"
    )
    assert seen.client_hung_up
    assert seen.sent < 64 * MB


@pytest.mark.asyncio
async def test_a_damaged_gzip_answer_from_the_shop_is_a_plain_error(
    http: httpx.AsyncClient,
) -> None:
    routes: dict[str, Answer] = {"GET /orders/A100": damaged_gzip("application/json")}
    with HostileServer(routes) as server:
        error = await refusal(shop(http, server, AnswerLimits(deadline=60.0)), "A100")
    assert error.message == (
        "The merchant's order system sent a damaged answer (its compression is broken)"
    )


@pytest.mark.asyncio
async def test_a_404_with_a_damaged_body_still_says_the_order_is_not_there(
    http: httpx.AsyncClient,
) -> None:
    # the status says what happened; the body of a refusal only adds words
    routes: dict[str, Answer] = {"GET /orders/A999": damaged_gzip("text/html", "404 Not Found")}
    with HostileServer(routes) as server:
        error = await refusal(shop(http, server, AnswerLimits(deadline=60.0)), "A999")
    assert isinstance(error, OrderNotInSource)
    assert error.message == "Order A999 is not in the merchant's order system"


@pytest.mark.asyncio
@pytest.mark.parametrize("order_id", ["A100", None])
async def test_deeply_nested_json_from_the_shop_is_a_plain_error(
    http: httpx.AsyncClient, order_id: str | None
) -> None:
    routes: dict[str, Answer] = {
        "GET /orders/A100": status(200, raw=deep_json()),
        "GET /orders": status(200, raw=b'{"orders": ' + deep_json() + b"}"),
    }
    with HostileServer(routes) as server:
        error = await refusal(shop(http, server, AnswerLimits(deadline=60.0)), order_id)
    assert error.message == (
        "The merchant's order system answered with data nested too deeply to read"
    )
