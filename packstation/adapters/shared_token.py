"""The 7S token shared by the benches of a warehouse store that use one access key.

Legacy 7S documentation says a token stays valid until the next one is requested: benches that
each sign in with the same key end each other's tokens. With a warehouse store they share one:
a bench reads the current token from the store, and when it is stale (about to run out, or
refused with a 401) one bench at a time renews it under a lock in the store while the others
wait and then take the new one. So there is one ``POST /token`` per renewal for the warehouse.

What the store holds (docs/warehouse.md, "The shared 7S token"): never the access key, and never
the token in the clear. The row is found by ``TokenSeal.key_id``, derived from the API address
and the access key with scrypt (slow on purpose: a weak key cannot be guessed from it). The
token, with what the grant said and its lifetime, is sealed with AES-256-GCM under a second key
derived the same way, so only a bench that has the access key can open it; the row's id is
bound into the seal. Whoever reads the database (a backup, a bench's role) learns when the
token was renewed and by which bench, nothing usable.

When the store cannot be used the bench fetches its token itself, as a bench without a store
does (and may then end the others' token once; they renew it through the store).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from packstation.adapters.sevensenders_auth import IssuedToken, Secret
from packstation.domain.shipping import AccountGrant
from packstation.domain.warehouse import WarehouseUnavailable

log = logging.getLogger(__name__)

_NONCE = 12
#: scrypt cost: about 16 MiB and some 50 ms once per process, so a guess costs as much
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024}


class TokenSeal:
    """The row id and the sealing key of one (API address, access key), derived once."""

    __slots__ = ("_aead", "key_id")

    def __init__(self, base_url: str, access_key: Secret) -> None:
        derived = hashlib.scrypt(
            access_key.reveal().encode(),
            salt=b"packstation 7S token v1|" + base_url.encode(),
            dklen=64,
            **_SCRYPT,
        )
        #: where the store keeps this key's token (reveals nothing of the key)
        self.key_id = derived[:16].hex()
        self._aead = AESGCM(derived[32:])

    def __repr__(self) -> str:
        return f"TokenSeal(key_id={self.key_id!r})"

    def seal(self, issued: IssuedToken) -> bytes:
        """The token, its grant and lifetime, encrypted and bound to ``key_id``."""
        grant = issued.grant
        plain = json.dumps(
            {
                "token": issued.token.reveal(),
                "track": grant.may_track_all_shipments,
                "send": grant.may_send_seven_senders_shipments,
                "received_at": issued.received_at,
                "lifetime": issued.lifetime,
            }
        ).encode()
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plain, self.key_id.encode())

    def open(self, sealed: bytes) -> IssuedToken | None:
        """The token sealed by ``seal`` with the same key; ``None`` for anything else."""
        try:
            plain = self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], self.key_id.encode())
            data = json.loads(plain)
            return IssuedToken(
                Secret(str(data["token"])),
                AccountGrant(_flag(data.get("track")), _flag(data.get("send"))),
                float(data["received_at"]),
                float(data["lifetime"]),
            )
        except (InvalidTag, ValueError, KeyError, TypeError):
            return None


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


class SealedTokenStore(Protocol):
    """The store's side (``warehouse_pg.PostgresWarehouse``): opaque sealed tokens by key id."""

    async def shared_token(
        self,
        key_id: str,
        usable: Callable[[bytes], bool],
        renew: Callable[[], Awaitable[tuple[bytes, float]]],
    ) -> bytes:
        """The key's sealed token if ``usable``; else, holding the key's lock (one bench at a
        time), the stored one if it became usable meanwhile, or ``renew()``'s
        ``(sealed, expires_at)`` stored for the others. Raises ``WarehouseUnavailable``."""
        ...


class WarehouseTokenShare:
    """``sevensenders_auth.TokenShare`` through the warehouse store (see the module)."""

    def __init__(
        self,
        store: SealedTokenStore,
        seal: TokenSeal,
        *,
        clock: Callable[[], float],
    ) -> None:
        self._store = store
        self._seal = seal
        self._clock = clock

    def __repr__(self) -> str:
        return f"WarehouseTokenShare({self._seal!r})"

    async def renew(
        self,
        held: IssuedToken | None,
        stale: Secret | None,
        force: bool,
        fetch: Callable[[], Awaitable[IssuedToken]],
    ) -> IssuedToken:
        fetched: list[IssuedToken] = []
        seal = self._seal

        def usable(sealed: bytes) -> bool:
            if force and not fetched:
                return False
            shared = seal.open(sealed)
            # older than the token this bench holds (say, one it got alone while the store was
            # down): that sign-in ended it
            return (
                shared is not None
                and shared.token != stale
                and (held is None or shared.received_at >= held.received_at)
                and self._clock() < shared.renew_at
            )

        async def renew() -> tuple[bytes, float]:
            issued = await fetch()
            fetched.append(issued)
            return seal.seal(issued), issued.expires_at

        try:
            sealed = await self._store.shared_token(seal.key_id, usable, renew)
        except WarehouseUnavailable as exc:
            if fetched:  # fetched, but the store failed before keeping it: ours is good
                return fetched[0]
            log.info("7S token not shared (%s): this bench signs in itself", exc)
            return await fetch()
        if fetched:
            return fetched[0]
        shared = seal.open(sealed)
        if shared is None:  # the store returned what usable() refused: never expected
            return await fetch()
        return shared
