"""Token life cycle: cached, renewed before expiry and after a 401, one renewal for many."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.sevensenders_auth import (
    DEFAULT_TOKEN_LIFETIME,
    Secret,
    TokenManager,
    refresh_margin,
    token_lifetime,
)
from packstation.domain.errors import AuthenticationFailed, MalformedResponse, ServiceUnavailable
from packstation.domain.shipping import AccountGrant
from tests.unit.adapters.sevensenders_mock import (
    ACCESS_KEY,
    START,
    FakeClock,
    Harness,
    a_label_request,
    body_of,
    label_json,
    make_jwt,
    reply,
)

GRANT = AccountGrant(may_track_all_shipments=True, may_send_seven_senders_shipments=True)


# --------------------------------------------------------------------------- Secret


def test_secret_never_shows_its_value() -> None:
    secret = Secret(ACCESS_KEY)
    for text in (str(secret), repr(secret), f"{secret}", f"{secret!r}", f"{secret:>20}"):
        assert ACCESS_KEY not in text
        assert "****" in text
    assert repr([secret]) == "[Secret('********')]"
    assert secret.reveal() == ACCESS_KEY


def test_secret_compares_by_value() -> None:
    assert Secret("a") == Secret("a")
    assert Secret("a") != Secret("b")
    assert Secret("a") != "a"
    assert len({Secret("a"), Secret("a")}) == 1
    assert not Secret("")


# --------------------------------------------------------------------------- lifetime


def test_lifetime_from_exp_and_iat() -> None:
    token = make_jwt(iat=1000, exp=1000 + 3600)
    assert token_lifetime(token, received_at=99_999) == 3600  # immune to clock skew


def test_lifetime_from_exp_alone() -> None:
    assert token_lifetime(make_jwt(iat=None, exp=START + 120), received_at=START) == 120


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        "a.b.c",
        "a.!!!.c",
        make_jwt(iat=None, exp=None),
        make_jwt(iat=None, exp=START - 10),  # already expired by our clock: fall back
    ],
)
def test_lifetime_falls_back_to_an_hour(token: str) -> None:
    assert token_lifetime(token, received_at=START) == DEFAULT_TOKEN_LIFETIME


@pytest.mark.parametrize(("lifetime", "margin"), [(3600, 300), (600, 60), (10, 1), (7200, 300)])
def test_refresh_margin(lifetime: float, margin: float) -> None:
    assert refresh_margin(lifetime) == pytest.approx(margin)


# --------------------------------------------------------------------------- TokenManager


class CountingFetch:
    def __init__(self, clock: FakeClock, lifetime: float = 3600) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.calls = 0
        self.error: Exception | None = None

    async def __call__(self) -> tuple[Secret, AccountGrant]:
        self.calls += 1
        await asyncio.sleep(0)  # let other callers pile up
        if self.error is not None:
            raise self.error
        token = make_jwt(
            iat=self.clock.now, exp=self.clock.now + self.lifetime, marker=f"t{self.calls}"
        )
        return Secret(token), GRANT


@pytest.mark.asyncio
async def test_manager_caches_until_shortly_before_expiry() -> None:
    clock = FakeClock()
    fetch = CountingFetch(clock, lifetime=60)  # margin: 6 s
    tokens = TokenManager(fetch, clock=clock)
    first = await tokens.token()
    clock.now += 53
    assert await tokens.token() == first
    assert fetch.calls == 1
    clock.now += 1.5  # 54.5 s: inside the margin
    assert await tokens.token() != first
    assert fetch.calls == 2
    assert "t1" not in repr(tokens)
    assert "t2" not in repr(tokens)


@pytest.mark.asyncio
async def test_manager_shares_one_renewal_among_concurrent_callers() -> None:
    clock = FakeClock()
    fetch = CountingFetch(clock)
    tokens = TokenManager(fetch, clock=clock)
    results = await asyncio.gather(*(tokens.token() for _ in range(20)))
    assert fetch.calls == 1
    assert len(set(results)) == 1


@pytest.mark.asyncio
async def test_manager_shares_a_failure_too() -> None:
    clock = FakeClock()
    fetch = CountingFetch(clock)
    fetch.error = ServiceUnavailable("down", operation="log in")
    tokens = TokenManager(fetch, clock=clock)
    results = await asyncio.gather(*(tokens.token() for _ in range(5)), return_exceptions=True)
    assert fetch.calls == 1
    assert all(isinstance(r, ServiceUnavailable) for r in results)
    # the next call later tries again
    fetch.error = None
    await tokens.token()
    assert fetch.calls == 2


@pytest.mark.asyncio
async def test_refresh_after_401_reuses_a_token_someone_else_already_renewed() -> None:
    clock = FakeClock()
    fetch = CountingFetch(clock)
    tokens = TokenManager(fetch, clock=clock)
    refused = await tokens.token()
    renewed = await asyncio.gather(*(tokens.refresh(refused) for _ in range(5)))
    assert fetch.calls == 2
    assert len({r.token for r in renewed}) == 1
    assert renewed[0].token != refused


# --------------------------------------------------------------------------- over HTTP


@pytest.mark.asyncio
async def test_token_request_sends_the_access_key_and_reads_the_grant(harness: Harness) -> None:
    grant = await harness.api.authenticate()
    assert grant == AccountGrant(
        may_track_all_shipments=True, may_send_seven_senders_shipments=False
    )
    request = harness.router.last("POST", "/v2/token")
    assert body_of(request) == {"access_key": ACCESS_KEY}
    assert "authorization" not in request.headers


@pytest.mark.asyncio
async def test_token_is_cached_across_calls(harness: Harness) -> None:
    harness.router.add("GET", "/v2/carriers", reply(200, []))
    for _ in range(3):
        await harness.api.list_carriers()
    assert harness.token_requests() == 1
    tokens = {r.headers["authorization"] for r in harness.router.calls("GET", "/v2/carriers")}
    assert len(tokens) == 1
    assert tokens.pop().startswith("Bearer ")


@pytest.mark.asyncio
async def test_token_is_renewed_about_five_minutes_before_expiry(harness: Harness) -> None:
    harness.router.add("GET", "/v2/carriers", reply(200, []))
    await harness.api.list_carriers()
    harness.clock.now += 3600 - 301
    await harness.api.list_carriers()
    assert harness.token_requests() == 1
    harness.clock.now += 2  # 299 s left
    await harness.api.list_carriers()
    assert harness.token_requests() == 2


@pytest.mark.asyncio
async def test_a_401_renews_the_token_once_and_resends(harness: Harness) -> None:
    unauthorized = reply(401, {"title": "Unauthorized", "detail": "Invalid or expired token"})
    harness.router.add("GET", "/v2/carriers", unauthorized, reply(200, []))
    assert await harness.api.list_carriers() == []
    assert harness.token_requests() == 2
    first, second = harness.router.calls("GET", "/v2/carriers")
    assert first.headers["authorization"] != second.headers["authorization"]
    assert harness.sleeps == []


@pytest.mark.asyncio
async def test_a_second_401_gives_up(harness: Harness) -> None:
    unauthorized = reply(401, {"title": "Unauthorized", "detail": "Invalid or expired token"})
    harness.router.add("GET", "/v2/carriers", unauthorized)
    with pytest.raises(AuthenticationFailed) as caught:
        await harness.api.list_carriers()
    assert harness.token_requests() == 2
    assert len(harness.router.calls("GET", "/v2/carriers")) == 2
    assert caught.value.status == 401
    assert caught.value.operation == "list carriers"
    assert "access key" in caught.value.message


@pytest.mark.asyncio
async def test_a_401_on_a_label_purchase_is_resent_once(harness: Harness) -> None:
    harness.router.add(
        "POST",
        "/v2/labels",
        reply(401, {"title": "Unauthorized"}),
        reply(201, label_json()),
    )
    labels = await harness.api.create_label(a_label_request())
    assert len(labels) == 1
    assert len(harness.router.calls("POST", "/v2/labels")) == 2


@pytest.mark.asyncio
async def test_refused_access_key(harness: Harness) -> None:
    harness.router.add("POST", "/v2/token", reply(401, {"title": "Unauthorized"}))
    harness.router.add("GET", "/v2/carriers", reply(200, []))
    with pytest.raises(AuthenticationFailed) as caught:
        await harness.api.list_carriers()
    assert caught.value.message.startswith("The access key was refused")
    assert caught.value.operation == "log in"
    assert harness.router.calls("GET", "/v2/carriers") == []


@pytest.mark.asyncio
async def test_empty_access_key_fails_without_a_request(harness: Harness) -> None:
    api = HttpShippingApi(harness.client, "https://api.test/v2", "  ")
    with pytest.raises(AuthenticationFailed, match="No Seven Senders access key"):
        await api.authenticate()
    assert harness.router.requests == []


@pytest.mark.asyncio
async def test_twenty_concurrent_calls_fetch_one_token(harness: Harness) -> None:
    async def slow_token(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)
        token = make_jwt(iat=harness.clock.now, exp=harness.clock.now + 3600)
        return httpx.Response(200, json={"token": token})

    harness.router.add("POST", "/v2/token", slow_token)
    harness.router.add("GET", "/v2/carriers", reply(200, []))
    await asyncio.gather(*(harness.api.list_carriers() for _ in range(20)))
    assert harness.token_requests() == 1
    assert len(harness.router.calls("GET", "/v2/carriers")) == 20


@pytest.mark.asyncio
async def test_token_endpoint_is_retried_when_unavailable(harness: Harness) -> None:
    token = make_jwt(iat=START, exp=START + 3600)
    harness.router.add("POST", "/v2/token", reply(503), reply(200, {"token": token}))
    await harness.api.authenticate()
    assert harness.token_requests() == 2
    assert len(harness.sleeps) == 1


@pytest.mark.asyncio
async def test_token_answer_without_token_is_malformed(harness: Harness) -> None:
    harness.router.add("POST", "/v2/token", reply(200, {"allowed_to_track_all_shipments": True}))
    with pytest.raises(MalformedResponse, match="token: missing"):
        await harness.api.authenticate()
