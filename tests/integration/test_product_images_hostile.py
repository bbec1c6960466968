"""Product pictures from hostile servers over loopback: a drip or a flood ends in no picture."""

from __future__ import annotations

import httpx
import pytest

from packstation.adapters.product_images import MAX_IMAGE_BYTES, ProductImageFetcher
from tests.hostile_http import MB, HostileServer, drip, endless, status

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.mark.asyncio
async def test_a_dripping_picture_ends_at_the_deadline() -> None:
    body = PNG + b"\0" * 2000
    with HostileServer({"GET /a.png": drip(body, every=0.05)}) as server:
        async with httpx.AsyncClient() as http:
            fetcher = ProductImageFetcher(http, timeout_s=5.0, deadline_s=1.0)
            assert await fetcher.fetch(f"{server.url}/a.png") is None
        (seen,) = server.record.finished(1)
    assert seen.sent < len(body)
    assert seen.client_hung_up


@pytest.mark.asyncio
async def test_an_endless_picture_is_cut_off_and_a_good_one_arrives() -> None:
    routes = {"GET /big.png": endless(), "GET /ok.png": status(200, raw=PNG)}
    with HostileServer(routes) as server:
        async with httpx.AsyncClient() as http:
            fetcher = ProductImageFetcher(http, deadline_s=60.0)
            assert await fetcher.fetch(f"{server.url}/big.png") is None
            assert await fetcher.fetch(f"{server.url}/ok.png") == PNG
        big, _ = server.record.finished(2)
    assert big.sent < MAX_IMAGE_BYTES + 64 * MB
