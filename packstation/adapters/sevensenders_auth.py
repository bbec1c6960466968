"""Seven Senders credentials: a masked secret type and the bearer-token life cycle.

A token is valid for 60 minutes (sevensenders-api.md §2). ``TokenManager`` caches it, renews
it shortly before it runs out (``refresh_margin``), renews it once when the API answers 401,
and makes concurrent callers share one renewal, so twenty simultaneous requests cause a single
``POST /token``. How the token is fetched (the HTTP call) is injected; this module has no I/O.

Legacy 7S documentation says a token stays valid until the next one is requested, so two
clients signing in with one key may invalidate each other's tokens. ``shared_tokens`` therefore
gives every client of one process that uses the same API and key (on the same event loop) the
same ``TokenManager``: one token, one renewal in flight, whoever asks. Benches of a warehouse
store share it across processes and machines through a ``TokenShare`` (``shared_token.py``:
the token kept sealed in the store, renewed by one bench at a time); without one each station
needs its own access key (docs/settings.md).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import copy
import hashlib
import hmac
import json
import math
import os
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from packstation.domain.errors import ShippingApiError
from packstation.domain.shipping import AccountGrant

#: Token lifetime assumed when the token's own ``exp`` claim cannot be read (§2: 60 min).
DEFAULT_TOKEN_LIFETIME = 3600.0
#: Renew this long before expiry at most; shorter lifetimes renew at 90 % of their life.
MAX_REFRESH_MARGIN = 300.0

_MASK = "********"


class Secret:
    """A string that never shows itself: ``str``, ``repr`` and f-strings print a mask.

    Call ``reveal()`` at the single place the real value is needed (a request header or body).
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("a Secret holds a str")
        self._value = value

    def reveal(self) -> str:
        """The real value. Never log or format it."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    def __str__(self) -> str:
        return _MASK

    def __format__(self, format_spec: str) -> str:
        return format(_MASK, format_spec)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)


def _jwt_claims(token: str) -> dict[str, object] | None:
    """The claims of a JWT, or ``None`` if it is not one (signature is not checked)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error, RecursionError):
        return None
    return claims if isinstance(claims, dict) else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def token_lifetime(token: str, received_at: float) -> float:
    """Seconds the token stays valid from ``received_at`` (a ``time.time()`` value).

    Uses ``exp - iat`` when both claims are there (immune to clock skew between station and
    server), else ``exp - received_at``; falls back to ``DEFAULT_TOKEN_LIFETIME`` when the
    token is not a readable JWT or the claims make no sense.
    """
    claims = _jwt_claims(token)
    if claims is None:
        return DEFAULT_TOKEN_LIFETIME
    exp = _number(claims.get("exp"))
    iat = _number(claims.get("iat"))
    if exp is None:
        return DEFAULT_TOKEN_LIFETIME
    lifetime = exp - iat if iat is not None else exp - received_at
    return lifetime if lifetime > 0 else DEFAULT_TOKEN_LIFETIME


def refresh_margin(lifetime: float) -> float:
    """How long before expiry to renew: 5 minutes, or 10 % of a shorter lifetime."""
    return min(MAX_REFRESH_MARGIN, 0.1 * lifetime)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A bearer token with what the grant said about the account and when to renew it."""

    token: Secret
    grant: AccountGrant
    received_at: float
    lifetime: float

    @property
    def expires_at(self) -> float:
        return self.received_at + self.lifetime

    @property
    def renew_at(self) -> float:
        return self.expires_at - refresh_margin(self.lifetime)


#: Fetches a fresh token: ``(token, grant)``; raises a ``ShippingApiError`` on failure.
TokenFetcher = Callable[[], Awaitable[tuple[Secret, AccountGrant]]]


class TokenShare(Protocol):
    """Where the benches sharing one access key keep its one current token (``shared_token``).

    ``renew``: the shared token, unless it is ``stale``, older than the one this process
    ``held``, or about to expire (or ``force``); then one bench at a time calls ``fetch`` and
    shares what it got. Never fails for the share's own sake: when the share cannot be used,
    ``fetch`` is called as if there were none.
    """

    async def renew(
        self,
        held: IssuedToken | None,
        stale: Secret | None,
        force: bool,
        fetch: Callable[[], Awaitable[IssuedToken]],
    ) -> IssuedToken: ...


class TokenManager:
    """Caches the bearer token and renews it before expiry or after a 401.

    Args:
        fetch: coroutine function doing ``POST /token``; returns ``(token, grant)``.
        clock: wall clock in seconds (``time.time``); injectable for tests.

    Concurrent callers that find the token missing or stale share one renewal: the first
    fetches under an ``asyncio.Lock`` and the others reuse its token, or its error.
    """

    def __init__(
        self,
        fetch: TokenFetcher,
        *,
        clock: Callable[[], float] = time.time,
        share: TokenShare | None = None,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        #: the warehouse's shared token for this key (other benches), if there is one
        self.share = share
        self._lock = asyncio.Lock()
        self._issued: IssuedToken | None = None
        self._generation = 0
        self._failure: ShippingApiError | None = None

    def __repr__(self) -> str:
        state = "no token" if self._issued is None else "token cached"
        return f"TokenManager({state})"

    @property
    def current(self) -> IssuedToken | None:
        """The cached token, fresh or not."""
        return self._issued

    async def token(self, fetch: TokenFetcher | None = None) -> Secret:
        """A token that is not about to expire; fetched only when needed.

        ``fetch``: how to sign in for this caller (its own HTTP client), when the manager is
        shared (``shared_tokens``); the manager's own by default.
        """
        issued = self._issued
        if issued is not None and self._clock() < issued.renew_at:
            return issued.token
        return (await self._renew(stale=issued.token if issued else None, fetch=fetch)).token

    async def refresh(
        self, refused: Secret | None, fetch: TokenFetcher | None = None
    ) -> IssuedToken:
        """Renew after the API refused ``refused`` (or force a renewal with ``None``).

        If another caller already replaced ``refused`` meanwhile, that newer token is used.
        """
        return await self._renew(stale=refused, force=refused is None, fetch=fetch)

    def invalidate(self) -> None:
        """Forget the cached token (e.g. after the access key changed)."""
        self._issued = None

    async def _renew(
        self, *, stale: Secret | None, force: bool = False, fetch: TokenFetcher | None = None
    ) -> IssuedToken:
        generation = self._generation
        async with self._lock:
            if self._generation != generation and self._failure is not None:
                # Someone tried while we waited, and failed: share the failure instead of
                # sending one more request per waiting caller.
                raise copy.copy(self._failure)
            current = self._issued
            if (
                current is not None
                and not (force and self._generation == generation)
                and current.token != stale
                and self._clock() < current.renew_at
            ):
                return current

            async def fetch_issued() -> IssuedToken:
                received_at = self._clock()
                token, grant = await (fetch or self._fetch)()
                lifetime = token_lifetime(token.reveal(), received_at)
                return IssuedToken(token, grant, received_at, lifetime)

            try:
                if self.share is None:
                    self._issued = await fetch_issued()
                else:
                    self._issued = await self.share.renew(current, stale, force, fetch_issued)
            except ShippingApiError as err:
                self._failure = err
                self._generation += 1
                raise
            self._failure = None
            self._generation += 1
            return self._issued


#: One ``TokenManager`` per (event loop, API address, access key) in this process.
_SHARED: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, str], TokenManager]]
_SHARED = weakref.WeakKeyDictionary()
#: Keys the access key's digest, so the registry never holds the key itself.
_SALT = os.urandom(16)


def shared_tokens(
    base_url: str,
    access_key: Secret,
    fetch: TokenFetcher,
    *,
    clock: Callable[[], float] = time.time,
    share: TokenShare | None = None,
) -> TokenManager:
    """The process's token manager for this API address and key on the running event loop.

    Every client of the same API with the same key shares one cached token and one renewal
    (single-flight across the process), so two parts of one station never sign in twice and
    never replace each other's token. Outside a running loop a private manager is returned.
    ``share``: the warehouse's shared token (other benches), taken by the manager that has none.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return TokenManager(fetch, clock=clock, share=share)
    digest = hashlib.blake2b(access_key.reveal().encode(), key=_SALT, digest_size=16).hexdigest()
    managers = _SHARED.setdefault(loop, {})
    key = (base_url, digest)
    manager = managers.get(key)
    if manager is None or manager._clock is not clock:
        manager = TokenManager(fetch, clock=clock, share=share)
        managers[key] = manager
    elif manager.share is None and share is not None:
        manager.share = share
    return manager
