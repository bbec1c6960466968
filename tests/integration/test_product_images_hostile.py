"""Product pictures from hostile servers over loopback: a drip, a flood or a gzip stream that
inflates without end ends in no picture, and memory is not spent on it."""

from __future__ import annotations

import gzip
import tracemalloc

import httpx
import pytest

from packstation.adapters.http_body import PIECE
from packstation.adapters.product_images import MAX_IMAGE_BYTES, ProductImageFetcher
from tests.hostile_http import MB, HostileServer, drip, endless, gzip_flood, status

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


@pytest.mark.asyncio
async def test_a_gzip_picture_is_inflated_only_up_to_the_cap() -> None:
    zipped = {"Content-Encoding": "gzip", "Content-Type": "image/png"}
    routes = {
        "GET /bomb.png": gzip_flood(),
        "GET /ok.png": status(200, raw=gzip.compress(PNG), extra=zipped),
    }
    with HostileServer(routes) as server:
        async with httpx.AsyncClient() as http:
            fetcher = ProductImageFetcher(http, deadline_s=60.0)
            tracemalloc.start()
            before, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            try:
                assert await fetcher.fetch(f"{server.url}/bomb.png") is None
                peak = tracemalloc.get_traced_memory()[1] - before
            finally:
                tracemalloc.stop()
            assert await fetcher.fetch(f"{server.url}/ok.png") == PNG
        bomb, _ = server.record.finished(2)
    assert bomb.client_hung_up
    # the capped picture and the piece that went over it, with room for the rest of the call
    assert peak < MAX_IMAGE_BYTES + PIECE + 2 * MB, f"{peak / MB:.1f} MB held"
