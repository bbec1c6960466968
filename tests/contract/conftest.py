"""Contract tests: the real ``HttpShippingApi`` against the real sandbox over loopback HTTP.

One sandbox per session (starting one costs time), reset to the demo seed before every test
(state, faults, request log, tokens and account settings). Assertions about what really
happened look at ``sandbox.state`` and ``sandbox.control.requests()``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Protocol

import httpx
import pytest
import pytest_asyncio

from packstation.adapters.http_policy import API_TIMEOUT
from packstation.adapters.sevensenders import HttpShippingApi
from packstation.sandbox import SandboxServer
from tests.contract.support import Sleeps


class MakeApi(Protocol):
    def __call__(
        self, access_key: str | None = None, *, timeout: httpx.Timeout = API_TIMEOUT
    ) -> HttpShippingApi: ...


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="demo") as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The session's sandbox with fresh demo data and no faults, log, tokens or settings."""
    sandbox_server.control.reset("demo")
    return sandbox_server


@pytest.fixture(scope="module")
def dialect_server(request: pytest.FixtureRequest) -> Iterator[SandboxServer]:
    """A sandbox that speaks the test module's ``DIALECT`` (other wire names or answer keys),
    one per module."""
    with SandboxServer(seed="demo", dialect=request.module.DIALECT) as server:
        yield server


@pytest.fixture
def dialect_sandbox(dialect_server: SandboxServer) -> SandboxServer:
    """The module's dialect sandbox with fresh demo data, like ``sandbox``."""
    dialect_server.control.reset("demo")
    return dialect_server


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def make_api(sandbox: SandboxServer, http: httpx.AsyncClient, sleeps: Sleeps) -> MakeApi:
    """Another ``HttpShippingApi`` on the test's client (e.g. with another access key)."""

    def make(
        access_key: str | None = None, *, timeout: httpx.Timeout = API_TIMEOUT
    ) -> HttpShippingApi:
        return HttpShippingApi(
            http,
            sandbox.base_url,
            sandbox.access_key if access_key is None else access_key,
            sleep=sleeps,
            rand=lambda: 0.0,
            timeout=timeout,
        )

    return make


@pytest_asyncio.fixture
async def api(sandbox: SandboxServer, sleeps: Sleeps) -> AsyncIterator[HttpShippingApi]:
    """A fresh client on a fresh ``httpx.AsyncClient`` with the demo access key."""
    async with httpx.AsyncClient() as client:
        yield HttpShippingApi(
            client, sandbox.base_url, sandbox.access_key, sleep=sleeps, rand=lambda: 0.0
        )
