"""HS256 JWTs (``sub``, ``iat``, ``exp``, ``jti``) signed with a per-process secret.

A token is valid while its signature is right *and* its ``jti`` is still in the state's
issued-token table with an expiry in the future: that table is what ``/__mock/expire-tokens``
and ``/__mock/reset`` act on, and it keeps sub-second precision for one-second TTLs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import secrets
import time
from typing import Any

from packstation.sandbox.state import IssuedToken, State

_SECRET = secrets.token_bytes(32)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(signing_input: str) -> str:
    return _b64(hmac.new(_SECRET, signing_input.encode("ascii"), hashlib.sha256).digest())


def issue(state: State, account: str, ttl: float) -> str:
    """Sign a new token for ``account`` valid ``ttl`` seconds and remember it."""
    now = time.time()
    jti = secrets.token_hex(12)
    claims = {"sub": account, "iat": int(now), "exp": math.ceil(now + ttl), "jti": jti}
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}"
    with state.lock:
        if state.settings.single_token:  # the account's earlier tokens end now
            for issued in state.tokens.values():
                if issued.account == account:
                    issued.expires_at = 0.0
        state.tokens[jti] = IssuedToken(account, now + ttl)
    return f"{signing_input}.{_sign(signing_input)}"


def _claims(token: str) -> dict[str, Any] | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    header, payload, signature = parts
    if not hmac.compare_digest(_sign(f"{header}.{payload}"), signature):
        return None
    try:
        claims = json.loads(_unb64(payload))
    except ValueError:
        return None
    return claims if isinstance(claims, dict) else None


def account_for(state: State, authorization: str | None) -> str | None:
    """The account name behind an ``Authorization: Bearer …`` header, or ``None``."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    claims = _claims(token.strip())
    if claims is None or not isinstance(claims.get("jti"), str):
        return None
    with state.lock:
        issued = state.tokens.get(claims["jti"])
    if issued is None or issued.expires_at <= time.time():
        return None
    return issued.account


def expire_all(state: State) -> None:
    with state.lock:
        for issued in state.tokens.values():
            issued.expires_at = 0.0
