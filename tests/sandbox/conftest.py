"""Fixtures for the sandbox tests: one server per session, reset before every test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from packstation.sandbox import SandboxServer

LabelBody = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="demo") as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The session's server with fresh demo state, faults, log and tokens."""
    sandbox_server.control.reset()
    return sandbox_server


def token_for(sandbox: SandboxServer, access_key: str = "test-access-key") -> str:
    response = httpx.post(f"{sandbox.base_url}/token", json={"access_key": access_key})
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    """An httpx client on ``/v2`` with a valid bearer token of the demo account."""
    headers = {"Authorization": f"Bearer {token_for(sandbox)}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=5) as c:
        yield c


@pytest.fixture
def flex_client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {token_for(sandbox, 'flex-access-key')}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=5) as c:
        yield c


@pytest.fixture
def anon(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    """A client on the server root without credentials."""
    with httpx.Client(base_url=sandbox.root_url, timeout=5) as c:
        yield c


@pytest.fixture
def label_body(sandbox: SandboxServer) -> LabelBody:
    """Build a POST /labels body for a demo order from its merchant document."""

    def make(order_id: str = "A100", **overrides: Any) -> dict[str, Any]:
        doc = sandbox.state.merchant_orders[order_id]
        r = doc["recipient"]
        name, _, country = doc["carrier"].partition(":")
        body: dict[str, Any] = {
            "order_id": order_id,
            "carrier": {"name": name, "country": country},
            "format": "pdf",
            "reference_number": f"{order_id}-P1",
            **{f"recipient_{k}": v for k, v in r.items()},
        }
        body.update(overrides)
        return body

    return make


def order_url(client: httpx.Client, order_id: str, collection: str = "/orders") -> str:
    """The item URL of a merchant order: by 7S's id (the strict sandbox takes nothing else)."""
    found = client.get(collection, params={"order_id": order_id, "limit": 1000}).json()
    ids = [o["id"] for o in found if o["order_id"] == order_id]
    assert len(ids) == 1, found
    return f"{collection}/{ids[0]}"


def violations(response: httpx.Response) -> dict[str, str]:
    """propertyPath → code of a 400 answer."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["title"] == "An error occurred"
    return {v["propertyPath"]: v["code"] for v in body["violations"]}


@pytest.fixture
def check_400() -> Callable[[httpx.Response], dict[str, str]]:
    return violations


@pytest.fixture
def get_token(sandbox: SandboxServer) -> Callable[[str], str]:
    """POST /v2/token for an access key and return the token."""

    def get(access_key: str = "test-access-key") -> str:
        return token_for(sandbox, access_key)

    return get
