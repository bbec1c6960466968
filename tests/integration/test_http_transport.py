"""The station's HTTP transport leaves no connection behind (real loopback sockets).

A request still connecting when its client closes, or given up (cancelled) at any moment of
its connect, must not leave a socket open: with plain ``httpx.AsyncClient`` the pool forgets
a connection that completes after the client closed, and the socket is only found by the
garbage collector (``ResourceWarning: unclosed socket``, an error under our pytest settings,
reported in whatever test happens to run the collection next).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import re
import sys
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

import packstation
from packstation.adapters.http_transport import ClosingTransport, station_http_client
from packstation.adapters.sevensenders_probe import Probe
from packstation.composition.connection import Connection, shipping_api
from packstation.settings.model import Settings

#: loop iterations swept: a loopback connect takes a few; the answer comes after them
STEPS = 24
#: requests started together (several connections opening at once)
WIDTH = 3


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


@pytest_asyncio.fixture
async def server_url() -> AsyncIterator[str]:
    server = await asyncio.start_server(_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the garbage collector could not close quietly (ResourceWarning as an error)."""
    found: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: found.append(repr(u.exc_value)))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        yield found


async def _settle(tasks: list[asyncio.Future[list[httpx.Response]]]) -> None:
    for task in tasks:
        # given up, refused by the closed client, or cut off: all fine here
        with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError, RuntimeError):
            await task


async def _steps(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


@pytest.mark.asyncio
@pytest.mark.parametrize("how", ["client closed", "cancelled", "cancelled, then closed"])
async def test_no_socket_is_left_open_whenever_a_connect_is_cut_short(
    server_url: str, unraisable: list[str], how: str
) -> None:
    # every moment of the connect is hit: k loop iterations after the requests started
    for _round in range(3):
        for k in range(STEPS):
            client = station_http_client()
            transport = client._transport
            assert isinstance(transport, ClosingTransport)
            task = asyncio.gather(*(client.get(server_url) for _ in range(WIDTH)))
            await _steps(k)
            if how != "client closed":
                task.cancel()
            if how == "cancelled":
                await _settle([task])
                await client.aclose()
            else:
                await client.aclose()
                await _settle([task])
            assert transport.backend.open_connections == 0
        gc.collect()
    await asyncio.sleep(0.01)  # let the loop finish closing what was closed
    gc.collect()
    assert unraisable == []


@pytest.mark.asyncio
async def test_the_client_still_answers_and_keeps_its_connection(server_url: str) -> None:
    async with station_http_client() as client:
        first = await client.get(server_url)
        second = await client.get(server_url)
        transport = client._transport
        assert isinstance(transport, ClosingTransport)
        assert (first.text, second.text) == ("ok", "ok")
        assert transport.backend.open_connections == 1  # kept alive and reused
    assert transport.backend.open_connections == 0


@pytest.mark.asyncio
async def test_the_7s_client_uses_the_transport(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    connection = Connection(base_url="http://127.0.0.1:9/v2", access_key="k", is_sandbox=True)
    async with shipping_api(settings, connection) as api:
        assert isinstance(api._wire.client._transport, ClosingTransport)  # sign-in too


def test_every_http_client_of_the_station_is_made_by_station_http_client() -> None:
    root = Path(packstation.__file__).parent
    made_elsewhere = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "http_transport.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"httpx\.(AsyncClient|Client|AsyncHTTPTransport|HTTPTransport)\(", line)
        and "transport=" not in line  # a client on a transport of its own (the probe's)
    ]
    assert made_elsewhere == []


def test_the_probe_records_through_the_transport() -> None:
    probe = Probe("http://127.0.0.1:9/v2", "k")
    assert isinstance(probe._recorder._inner, ClosingTransport)
