"""A scripted Seven Senders for ``httpx.MockTransport``: serves known routes, fails on others."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.shipping import Address, Carrier, LabelFormat, LabelRequest

BASE_URL = "https://api.test/v2"
#: Distinctive values that must never show up in logs, messages or reprs.
ACCESS_KEY = "AK-7f3a9e-VERY-SECRET-ACCESS-KEY"
TOKEN_MARKER = "TKN-b41d-VERY-SECRET-TOKEN"
START = 1_800_000_000.0  # the fake wall clock's start (2027-01-15)

Reply = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


def make_jwt(*, iat: float | None, exp: float | None, marker: str = TOKEN_MARKER) -> str:
    """An unsigned JWT carrying ``marker`` in its signature part (so it appears verbatim)."""

    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    claims: dict[str, Any] = {"sub": "station"}
    if iat is not None:
        claims["iat"] = int(iat)
    if exp is not None:
        claims["exp"] = int(exp)
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{marker}"


def reply(
    status: int = 200,
    body: Any = None,
    *,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """A fresh response per request (httpx responses must not be reused)."""

    def build(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content, headers=headers)
        if body is None:
            return httpx.Response(status, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return build


def fail(exc_type: type[httpx.TransportError]) -> Reply:
    """Raise a transport error as if the network failed."""

    def build(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated network failure", request=request)

    return build


class Router:
    """Routes ``(method, path)`` to scripted replies; a reply list is used in order and its
    last entry repeats. Any other request fails the test (githubkit style)."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[httpx.Request] = []

    def add(self, method: str, path: str, *replies: Reply) -> Router:
        if not replies:
            raise ValueError("give at least one reply")
        self.routes[(method.upper(), path)] = list(replies)
        return self

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.method, request.url.path)
        if key not in self.routes:
            raise AssertionError(f"unexpected request: {request.method} {request.url}")
        replies = self.routes[key]
        handler = replies.pop(0) if len(replies) > 1 else replies[0]
        result = handler(request)
        if not isinstance(result, httpx.Response):
            result = await result
        return result

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    def last(self, method: str, path: str) -> httpx.Request:
        found = self.calls(method, path)
        assert found, f"no {method} {path} was sent"
        return found[-1]


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


@dataclass
class FakeClock:
    now: float = START

    def __call__(self) -> float:
        return self.now


@dataclass
class Harness:
    """An ``HttpShippingApi`` wired to a ``Router``, a fake clock and a recording sleeper."""

    router: Router
    client: httpx.AsyncClient
    clock: FakeClock
    sleeps: list[float] = field(default_factory=list)
    api: HttpShippingApi = field(init=False)
    names: ApiNames = field(default_factory=ApiNames)

    def __post_init__(self) -> None:
        self.api = self.build()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def build(self, *, base_url: str = BASE_URL, names: ApiNames | None = None) -> HttpShippingApi:
        return HttpShippingApi(
            self.client,
            base_url,
            ACCESS_KEY,
            names=names or self.names,
            sleep=self.sleep,
            rand=lambda: 0.5,
            clock=self.clock,
        )

    def token_path(self) -> str:
        return "/v2/token"

    def serve_tokens(self, lifetime: float = 3600.0) -> None:
        """POST /token answers a JWT valid for ``lifetime`` seconds from the fake clock."""

        def issue(request: httpx.Request) -> httpx.Response:
            serial = self.token_requests()
            token = make_jwt(
                iat=self.clock.now,
                exp=self.clock.now + lifetime,
                marker=f"{TOKEN_MARKER}-{serial}",
            )
            return httpx.Response(
                200,
                json={
                    "token": token,
                    "allowed_to_track_all_shipments": True,
                    "allowed_to_send_seven_senders_shipments": False,
                },
            )

        self.router.add("POST", "/v2/token", issue)

    def token_requests(self) -> int:
        return len(self.router.calls("POST", "/v2/token"))


def label_json(label_id: int = 501, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": label_id,
        "shipment_id": 77,
        "order_id": "A100",
        "tracking_code": "00340434161094042557",
        "carrier": {"name": "dhl", "country": "DE"},
        "format": "pdf",
        "label_url": f"{BASE_URL}/label-download/{label_id}",
        "reference_number": "A100-1",
        "return_parcel": False,
    }
    data.update(overrides)
    return data


def order_json(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": 4711,
        "iri": "/v2/orders/4711",
        "order_id": "A100",
        "order_date": "2026-11-20T09:15:00+01:00",
        "order_url": "https://shop.example/orders/A100",
        "language": "de",
        "boarding_complete": False,
        "order_tags": {"channel": "web"},
        "state": "paid",
        "states_history": [
            {"state": "new", "datetime": "2026-11-20T09:15:00+01:00"},
            {"state": "paid", "datetime": "2026-11-20T09:20:00+01:00"},
        ],
        "shipments": [],
    }
    data.update(overrides)
    return data


def an_address(**overrides: Any) -> Address:
    data: dict[str, Any] = {
        "first_name": "Anna",
        "last_name": "Müller",
        "street": "Schwedter Str.",
        "house_no": "36A",
        "zip": "10435",
        "city": "Berlin",
        "country": "DE",
        "email": "anna@example.de",
    }
    data.update(overrides)
    return Address(**data)


def a_label_request(**overrides: Any) -> LabelRequest:
    data: dict[str, Any] = {
        "order_id": "A100",
        "carrier": Carrier("dhl", "DE"),
        "recipient": an_address(),
        "reference_number": "A100-1",
        "format": LabelFormat.PDF,
    }
    data.update(overrides)
    return LabelRequest(**data)
