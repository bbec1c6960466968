"""Fixtures for the Seven Senders adapter tests: a MockTransport-backed API, no sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from tests.unit.adapters.sevensenders_mock import FakeClock, Harness, Router


@pytest_asyncio.fixture
async def harness() -> AsyncIterator[Harness]:
    """An API whose POST /token works; add the routes a test needs to ``harness.router``."""
    router = Router()
    async with httpx.AsyncClient(transport=httpx.MockTransport(router)) as client:
        h = Harness(router=router, client=client, clock=FakeClock())
        h.serve_tokens()
        yield h
