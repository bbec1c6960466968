"""The bearer token against the sandbox (issue 14 item 7): renewed per attempt when it ran out
during a retry wait, one renewal in flight for the whole process, a token replaced by another
station's sign-in renewed and sent again once, and a repeated 401 worded as what it is."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import httpx
import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import AuthenticationFailed
from packstation.sandbox import SandboxServer
from tests.contract.support import logged, token_requests


class Clock:
    """The client's wall clock, moved on by the test."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def carrier_statuses(sandbox: SandboxServer) -> list[int | None]:
    return [r.status for r in logged(sandbox, "GET", "/v2/carriers")]


@pytest.mark.asyncio
@pytest.mark.parametrize("waits", [1, 2])
async def test_a_token_that_runs_out_during_retry_waits_is_renewed_before_each_attempt(
    sandbox: SandboxServer, http: httpx.AsyncClient, waits: int
) -> None:
    # every retry wait outlasts the token's life: 7S forgets it and the clock moves past it
    clock = Clock()

    async def long_wait(seconds: float) -> None:
        clock.now += 7200.0
        sandbox.control.expire_tokens()

    api = HttpShippingApi(
        http, sandbox.base_url, sandbox.access_key, sleep=long_wait, rand=lambda: 0.0, clock=clock
    )
    sandbox.control.fail_next("/v2/carriers", method="GET", status=503, count=waits)

    assert await api.list_carriers()

    # a fresh token before every attempt: never one sent that had run out
    assert carrier_statuses(sandbox) == [*([503] * waits), 200]
    assert token_requests(sandbox) == 1 + waits


@pytest.mark.asyncio
async def test_clients_of_one_process_share_one_token_and_one_renewal(
    sandbox: SandboxServer,
) -> None:
    # single_token: a new token ends the key's earlier ones, so two clients of one station
    # that signed in separately would keep replacing each other's token
    sandbox.control.config(single_token=True)
    async with httpx.AsyncClient() as one_http, httpx.AsyncClient() as other_http:
        one = HttpShippingApi(one_http, sandbox.base_url, sandbox.access_key)
        other = HttpShippingApi(other_http, sandbox.base_url, sandbox.access_key)
        calls = [client.list_carriers() for _ in range(10) for client in (one, other)]
        await asyncio.gather(*calls)
        await one.list_carriers()
        await other.list_carriers()

        assert token_requests(sandbox) == 1
        assert set(carrier_statuses(sandbox)) == {200}

        sandbox.control.expire_tokens()
        await asyncio.gather(*(client.list_carriers() for client in (one, other, one, other)))
    assert token_requests(sandbox) == 2  # one renewal for both, though both were refused


@pytest.mark.asyncio
async def test_a_token_replaced_by_another_stations_sign_in_is_renewed_and_sent_again(
    sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    sandbox.control.config(single_token=True)
    api = HttpShippingApi(http, sandbox.base_url, sandbox.access_key)
    await api.list_carriers()

    sandbox.control.issue_token()  # another station signs in with the same key

    assert await api.list_carriers()
    assert carrier_statuses(sandbox) == [200, 401, 200]
    assert token_requests(sandbox) == 2  # ours twice (the other station's is not logged)


@pytest.mark.asyncio
async def test_a_token_replaced_again_at_once_is_said_plainly(
    sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    # the renewed token is refused too (another station signs in again in between): renewed
    # once, sent again once, then the packer is told what it is — not "check the access key"
    api = HttpShippingApi(http, sandbox.base_url, sandbox.access_key)
    await api.list_carriers()
    sandbox.control.fail_next("/v2/carriers", method="GET", status=401, count=2)

    with pytest.raises(AuthenticationFailed) as caught:
        await api.list_carriers()

    text = caught.value.message
    assert "same access key" in text
    assert "own access key" in text
    assert "check the access key" not in text.lower()
    assert carrier_statuses(sandbox) == [200, 401, 401]
    assert token_requests(sandbox) == 2


@pytest.mark.asyncio
async def test_a_second_station_process_on_the_same_key(
    sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    # a real second client in another process signs in with the same key between two calls
    sandbox.control.config(single_token=True)
    api = HttpShippingApi(http, sandbox.base_url, sandbox.access_key)
    await api.list_carriers()
    script = (
        "import asyncio, httpx\n"
        "from packstation.adapters.sevensenders import HttpShippingApi\n"
        "async def main():\n"
        "    async with httpx.AsyncClient() as h:\n"
        f"        await HttpShippingApi(h, {sandbox.base_url!r}, {sandbox.access_key!r})"
        ".list_carriers()\n"
        "asyncio.run(main())\n"
    )
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-c", script], env=dict(os.environ), timeout=60
    )
    assert done.returncode == 0

    assert await api.list_carriers()
    assert carrier_statuses(sandbox) == [200, 200, 401, 200]  # ours, theirs, ours twice
    assert token_requests(sandbox) == 3
