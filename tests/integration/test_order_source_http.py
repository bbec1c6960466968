"""HttpOrderSource against the sandbox's merchant feed over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from packstation.adapters.http_policy import RetryPolicy
from packstation.adapters.order_source import open_order_source
from packstation.adapters.order_source_folder import FolderOrderSource
from packstation.adapters.order_source_http import HttpOrderSource
from packstation.domain.orders import OrderNotInSource, OrderSourceError
from packstation.sandbox import SandboxServer
from packstation.sandbox.demo import orders_dir
from tests.order_documents import a_document

FAST = RetryPolicy(max_retries=2, base_delay=0.01, max_delay=0.05, retry_after_cap=1.0)


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def feed(sandbox: SandboxServer, http: httpx.AsyncClient) -> HttpOrderSource:
    return HttpOrderSource(http, sandbox.merchant_feed_url, policy=FAST, timeout=5.0)


@pytest.mark.asyncio
async def test_the_feed_matches_the_export_folder(
    sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    source = open_order_source(sandbox.merchant_feed_url, http)
    assert isinstance(source, HttpOrderSource)
    listing = await source.list_orders()
    assert listing.problems == ()
    folder = await FolderOrderSource(orders_dir()).list_orders()
    assert listing.orders == folder.orders
    a104 = await source.get_order("A104")
    assert a104.pudo_id == "004694"
    assert a104 == next(o for o in folder.orders if o.order_id == "A104")


@pytest.mark.asyncio
async def test_an_unknown_order_is_not_in_the_source(
    sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    with pytest.raises(OrderNotInSource) as caught:
        await feed(sandbox, http).get_order("NOPE-1")
    assert caught.value.location == f"{sandbox.merchant_feed_url}/NOPE-1"


@pytest.mark.asyncio
async def test_seeded_orders_appear(sandbox: SandboxServer, http: httpx.AsyncClient) -> None:
    sandbox.control.seed([a_document("Z-900")])
    order = await feed(sandbox, http).get_order("Z-900")
    assert order.recipient.city == "Berlin"


@pytest.mark.asyncio
async def test_injected_503s_are_retried(sandbox: SandboxServer, http: httpx.AsyncClient) -> None:
    sandbox.control.fail_next("/merchant", status=503, count=2)
    assert (await feed(sandbox, http).get_order("A100")).order_id == "A100"
    statuses = [r.status for r in sandbox.control.requests() if r.path.startswith("/merchant")]
    assert statuses == [503, 503, 200]


@pytest.mark.asyncio
async def test_a_feed_that_keeps_failing_is_reported_plainly(
    sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    sandbox.control.fail_next("/merchant", status=503, count=3)
    with pytest.raises(OrderSourceError) as caught:
        await feed(sandbox, http).list_orders()
    assert caught.value.message == (
        f"The merchant's order system at 127.0.0.1:{sandbox.port} did not answer "
        "(HTTP 503 Service Unavailable; 3 attempts)"
    )
    assert not isinstance(caught.value, OrderNotInSource)


@pytest.mark.asyncio
async def test_a_dropped_connection_is_retried(
    sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    sandbox.control.drop_next("/merchant/orders/A101", method="GET")
    assert (await feed(sandbox, http).get_order("A101")).recipient.country == "CH"


@pytest.mark.asyncio
async def test_a_feed_that_is_down(http: httpx.AsyncClient) -> None:
    with SandboxServer(seed="empty") as gone:
        url = gone.merchant_feed_url
    source = HttpOrderSource(http, url, policy=FAST, timeout=2.0)
    with pytest.raises(OrderSourceError) as caught:
        await source.get_order("A100")
    assert caught.value.message.startswith("The merchant's order system at 127.0.0.1:")
    assert caught.value.message.endswith("did not answer (the connection failed; 3 attempts)")
