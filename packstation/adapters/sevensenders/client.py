"""``HttpShippingApi``: the whole ``ShippingApi`` port over HTTP, one API area per class.

The areas (orders, shipments, labels, customs, pick-up points, catalog) share one ``Wire``;
this class builds it and adds the login and the carriers list.

Redaction has one choke point: every public coroutine of the client is wrapped (see
``_errors_redacted``) so that any ``ShippingApiError`` leaving it — its message, operation and
every violation — has passed the wire's ``Redactor``; the wire's log lines pass it too.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

from packstation import __version__
from packstation.adapters.http_policy import (
    API_TIMEOUT,
    DEFAULT_POLICY,
    DOWNLOAD_TIMEOUT,
    RetryPolicy,
)
from packstation.adapters.http_retry import DEFAULT_LIMITS, AnswerLimits, RetryingSender
from packstation.adapters.sevensenders import operations as ops
from packstation.adapters.sevensenders.catalog import CatalogApi
from packstation.adapters.sevensenders.customs import CustomsApi
from packstation.adapters.sevensenders.dto import account as dto
from packstation.adapters.sevensenders.dto.fields import sent
from packstation.adapters.sevensenders.labels import LabelsApi
from packstation.adapters.sevensenders.orders import OrdersApi
from packstation.adapters.sevensenders.pudo import PudoApi
from packstation.adapters.sevensenders.shipments import ShipmentsApi
from packstation.adapters.sevensenders.wire import LOGIN_OPTIONS, Wire, WireSettings
from packstation.adapters.sevensenders_auth import Secret, TokenShare
from packstation.adapters.sevensenders_names import DEFAULT_NAMES, ApiNames
from packstation.domain.errors import AuthenticationFailed, ShippingApiError
from packstation.domain.shipping import AccountGrant, CarrierInfo

C = TypeVar("C", bound=type)


def _redacted(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def guarded(self: HttpShippingApi, *args: Any, **kwargs: Any) -> Any:
        try:
            return await method(self, *args, **kwargs)
        except ShippingApiError as err:
            raise self._wire.redactor.error(err) from None

    guarded.__redacted__ = True  # type: ignore[attr-defined]
    return guarded


def _errors_redacted(cls: C) -> C:
    """Wrap every public coroutine of ``cls`` so its errors leave only through the redactor."""
    for name, member in inspect.getmembers(cls, inspect.iscoroutinefunction):
        if not name.startswith("_"):
            setattr(cls, name, _redacted(member))
    return cls


@_errors_redacted
class HttpShippingApi(OrdersApi, ShipmentsApi, LabelsApi, CustomsApi, PudoApi, CatalogApi):
    """``ShippingApi`` over HTTP, for the sandbox, 7S UAT or 7S production.

    Args:
        client: the shared ``httpx.AsyncClient``; the composition root opens and closes it.
            Its own ``base_url``, ``timeout`` and ``auth`` are not used.
        base_url: the API root, e.g. ``https://api.sevensenders.com/v2`` (see
            ``base_url_for``); with or without a trailing slash.
        access_key: the permanent 7S access key.
        names: uncertain wire names (paths, keys, content types), see ``ApiNames``.
        policy: retry counts and delays.
        timeout: timeouts of ordinary calls; ``download_timeout`` for label files.
        sleep: awaited between retries (tests pass a recorder instead of ``asyncio.sleep``).
        rand: random source in [0, 1) for backoff jitter.
        clock: wall clock in seconds, for token expiry and ``Retry-After`` dates.
        user_agent: the ``User-Agent`` header.
        limits: the overall deadline of every call (all attempts and waits included) and
            the largest answer read (label files included).
        token_share: the token shared with the other benches of a warehouse store
            (``shared_token.WarehouseTokenShare``); without it the token is this process's.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        access_key: Secret | str,
        *,
        names: ApiNames = DEFAULT_NAMES,
        policy: RetryPolicy = DEFAULT_POLICY,
        timeout: httpx.Timeout = API_TIMEOUT,
        download_timeout: httpx.Timeout = DOWNLOAD_TIMEOUT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
        user_agent: str = f"packstation/{__version__}",
        limits: AnswerLimits = DEFAULT_LIMITS,
        token_share: TokenShare | None = None,
    ) -> None:
        base = httpx.URL(base_url.strip().rstrip("/") + "/")
        if base.scheme not in ("http", "https") or not base.host:
            raise ValueError(f"the Seven Senders base URL must be an http(s) address: {base_url!r}")
        self._wire = Wire(
            RetryingSender(client, policy, sleep, rand, clock, limits),
            base,
            access_key if isinstance(access_key, Secret) else Secret(access_key),
            WireSettings(names, policy, timeout, download_timeout, user_agent),
            self._fetch_token,
            clock,
            token_share,
        )

    def __repr__(self) -> str:
        return f"HttpShippingApi(base_url={str(self._wire.base)!r})"

    @property
    def base_url(self) -> str:
        return str(self._wire.base)

    @property
    def names(self) -> ApiNames:
        return self._wire.names

    # ------------------------------------------------------------------ auth

    async def authenticate(self) -> AccountGrant:
        """Fetch a fresh token now (checks the access key) and say what the account may do."""
        return (await self._wire.tokens.refresh(None, self._wire.fetch_token)).grant

    async def _fetch_token(self) -> tuple[Secret, AccountGrant]:
        op = ops.LOGIN
        access_key = self._wire.access_key.reveal()
        if not access_key.strip():
            raise AuthenticationFailed(
                "No Seven Senders access key is set up for this station. Enter it in the settings.",
                operation=op.name,
            )
        response = await self._wire.send(
            op,
            "POST",
            self._wire.url(self._paths.token),
            json=sent({"access_key": access_key}, self._wire.names.token_request),
            options=LOGIN_OPTIONS,
        )
        raw = self._object(op, response, secret_answer=True)
        body = self._parse(op, lambda: dto.parse_token(raw, self._wire.names.token))
        token = Secret(body.token)
        self._wire.redactor.remember(token)
        return token, body.grant()

    # ------------------------------------------------------------------ carriers

    async def list_carriers(self) -> list[CarrierInfo]:
        op = ops.CARRIERS
        response = await self._wire.send(op, "GET", self._wire.url(self._paths.carriers))
        rows = self._list(op, response)
        return self._parse(
            op, lambda: [dto.parse_carrier(r, self._wire.names.carrier) for r in rows]
        )
