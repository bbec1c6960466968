"""Contract: token life cycle and carriers."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import AuthenticationFailed
from packstation.sandbox import SandboxServer
from tests.contract.conftest import MakeApi
from tests.contract.support import Sleeps, logged, token_requests


@pytest.mark.asyncio
async def test_authenticate_returns_the_grant(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    grant = await api.authenticate()

    assert grant.may_track_all_shipments is True
    assert grant.may_send_seven_senders_shipments is True
    assert [(r.method, r.path, r.status) for r in sandbox.control.requests()] == [
        ("POST", "/v2/token", 200)
    ]
    with sandbox.state.lock:
        assert [t.account for t in sandbox.state.tokens.values()] == ["demo"]


@pytest.mark.asyncio
async def test_a_token_is_fetched_once_and_reused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    await api.list_carriers()
    await api.list_carriers()

    assert token_requests(sandbox) == 1
    assert len(logged(sandbox, "GET", "/v2/carriers")) == 2


@pytest.mark.asyncio
@pytest.mark.parametrize("key", ["wrong-access-key", "revoked-access-key"])
async def test_a_refused_access_key_is_authentication_failed(
    sandbox: SandboxServer, make_api: MakeApi, key: str
) -> None:
    api = make_api(key)

    with pytest.raises(AuthenticationFailed) as caught:
        await api.authenticate()

    err = caught.value
    assert err.status == 401
    assert err.operation == "log in"
    assert "access key was refused" in err.message
    assert key not in str(err)
    # no retries for a refused key, and no token was issued
    assert [(r.method, r.path, r.status) for r in sandbox.control.requests()] == [
        ("POST", "/v2/token", 401)
    ]
    assert not sandbox.state.tokens


@pytest.mark.asyncio
async def test_a_revoked_key_fails_an_ordinary_call_too(
    sandbox: SandboxServer, make_api: MakeApi
) -> None:
    api = make_api("revoked-access-key")

    with pytest.raises(AuthenticationFailed, match="access key"):
        await api.list_carriers()

    assert token_requests(sandbox) == 1
    assert not logged(sandbox, "GET", "/v2/carriers")


@pytest.mark.asyncio
async def test_a_missing_access_key_fails_without_a_request(
    sandbox: SandboxServer, make_api: MakeApi
) -> None:
    with pytest.raises(AuthenticationFailed, match="No Seven Senders access key"):
        await make_api("  ").authenticate()

    assert sandbox.control.requests() == []


@pytest.mark.asyncio
async def test_an_expired_token_is_refreshed_transparently(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    await api.authenticate()
    sandbox.control.expire_tokens()

    carriers = await api.list_carriers()

    assert carriers
    assert [(r.method, r.path, r.status) for r in sandbox.control.requests()] == [
        ("POST", "/v2/token", 200),
        ("GET", "/v2/carriers", 401),
        ("POST", "/v2/token", 200),
        ("GET", "/v2/carriers", 200),
    ]
    with sandbox.state.lock:
        assert len(sandbox.state.tokens) == 2


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_token_that_ran_out_is_renewed_with_one_token_request(sleeps: Sleeps) -> None:
    with SandboxServer(seed="demo", token_ttl=1) as sandbox:
        async with httpx.AsyncClient() as http:
            api = HttpShippingApi(http, sandbox.base_url, sandbox.access_key, sleep=sleeps)
            await api.list_carriers()
            await asyncio.sleep(1.1)  # the only real wait of the suite: the token expires

            assert await api.list_carriers()

        assert token_requests(sandbox) == 2
        carrier_calls = logged(sandbox, "GET", "/v2/carriers")
        assert carrier_calls[-1].status == 200
        # renewed either ahead of time or after one 401, never more than once
        assert [r.status for r in carrier_calls].count(401) <= 1
        with sandbox.state.lock:
            assert len(sandbox.state.tokens) == 2


@pytest.mark.asyncio
async def test_concurrent_calls_after_expiry_share_one_token_request(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    await api.authenticate()
    sandbox.control.expire_tokens()

    results = await asyncio.gather(*(api.list_carriers() for _ in range(20)))

    assert all(r == results[0] for r in results)
    assert token_requests(sandbox) == 2  # the first login plus exactly one renewal
    carrier_calls = logged(sandbox, "GET", "/v2/carriers")
    assert len([r for r in carrier_calls if r.status == 200]) == 20
    # every call went out with the cached token before the first 401 came back
    assert len([r for r in carrier_calls if r.status == 401]) == 20


@pytest.mark.asyncio
async def test_concurrent_first_calls_fetch_one_token(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    await asyncio.gather(*(api.list_carriers() for _ in range(20)))

    assert token_requests(sandbox) == 1
    assert {r.status for r in logged(sandbox, "GET", "/v2/carriers")} == {200}


@pytest.mark.asyncio
async def test_a_401_after_a_fresh_token_is_worded_as_a_replaced_token(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    sandbox.control.fail_next("/v2/carriers", method="GET", status=401, count=2)

    with pytest.raises(AuthenticationFailed, match="same access key replaces") as caught:
        await api.list_carriers()

    assert caught.value.operation == "list carriers"
    assert [(r.method, r.path, r.status) for r in sandbox.control.requests()] == [
        ("POST", "/v2/token", 200),
        ("GET", "/v2/carriers", 401),
        ("POST", "/v2/token", 200),
        ("GET", "/v2/carriers", 401),
    ]


@pytest.mark.asyncio
async def test_list_carriers(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    carriers = await api.list_carriers()

    with sandbox.state.lock:
        expected = {c.code: (c.name, c.countries) for c in sandbox.state.carriers.values()}
    assert {c.code: (c.name, c.countries) for c in carriers} == expected
    dhl = next(c for c in carriers if c.code == "dhl")
    assert {"DE", "CH", "GB", "NO"} <= set(dhl.countries)
