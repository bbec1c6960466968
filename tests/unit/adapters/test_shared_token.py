"""The 7S token shared through the warehouse store: what is stored (sealed, never the key or the
token in the clear), and when a bench takes the shared token, renews it, or signs in itself.
The store here is a small in-memory stand-in; tests/integration/test_warehouse_token.py runs
the same against a real PostgreSQL and the sandbox."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from packstation.adapters.sevensenders_auth import IssuedToken, Secret, TokenManager
from packstation.adapters.shared_token import TokenSeal, WarehouseTokenShare
from packstation.domain.errors import AuthenticationFailed
from packstation.domain.shipping import AccountGrant
from packstation.domain.warehouse import WarehouseUnavailable

BASE = "https://api.example/v2/"
KEY = Secret("the-permanent-access-key-0123456789")
GRANT = AccountGrant(True, False)


def issued(token: str, at: float = 1000.0, lifetime: float = 3600.0) -> IssuedToken:
    return IssuedToken(Secret(token), GRANT, at, lifetime)


# --------------------------------------------------------------------------- the seal
def test_the_sealed_token_opens_only_with_the_same_key_and_address() -> None:
    seal = TokenSeal(BASE, KEY)
    sealed = seal.seal(issued("eyJ.secret-token.sig"))

    assert b"secret-token" not in sealed
    assert KEY.reveal().encode() not in sealed
    opened = seal.open(sealed)
    assert opened is not None
    assert opened.token.reveal() == "eyJ.secret-token.sig"
    assert (opened.grant, opened.received_at, opened.lifetime) == (GRANT, 1000.0, 3600.0)

    assert TokenSeal(BASE, Secret("another-key")).open(sealed) is None
    assert TokenSeal("https://api-uat.example/v2/", KEY).open(sealed) is None
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    assert seal.open(bytes(tampered)) is None
    assert seal.open(b"short") is None


def test_the_row_id_tells_keys_and_addresses_apart_and_hides_the_key() -> None:
    one = TokenSeal(BASE, KEY)
    assert one.key_id == TokenSeal(BASE, Secret(KEY.reveal())).key_id  # every bench finds it
    assert one.key_id != TokenSeal(BASE, Secret("another-key")).key_id
    assert one.key_id != TokenSeal("https://api-uat.example/v2/", KEY).key_id
    assert KEY.reveal() not in one.key_id
    assert KEY.reveal() not in repr(one)
    assert len(one.key_id) == 32


# --------------------------------------------------------------------------- the share
class MemoryStore:
    """The store's contract in memory: one sealed token per key, renewed under a lock."""

    def __init__(self) -> None:
        self.rows: dict[str, bytes] = {}
        self.lock = asyncio.Lock()
        self.down = False
        self.fail_after_renew = False
        self.renewals = 0

    async def shared_token(
        self,
        key_id: str,
        usable: Callable[[bytes], bool],
        renew: Callable[[], Awaitable[tuple[bytes, float]]],
    ) -> bytes:
        if self.down:
            raise WarehouseUnavailable("The warehouse database db:5432/wh cannot be used: down")
        current = self.rows.get(key_id)
        if current is not None and usable(current):
            return current
        async with self.lock:
            current = self.rows.get(key_id)
            if current is not None and usable(current):
                return current
            sealed, _ = await renew()
            if self.fail_after_renew:
                raise WarehouseUnavailable("The warehouse database went away")
            self.rows[key_id] = sealed
            self.renewals += 1
            return sealed


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class SignIn:
    """``POST /token`` of one bench: counts and numbers the tokens it gets."""

    def __init__(self, counter: list[str], name: str) -> None:
        self.counter = counter
        self.name = name

    async def __call__(self) -> tuple[Secret, AccountGrant]:
        await asyncio.sleep(0.01)  # others arrive while it signs in
        self.counter.append(self.name)
        return Secret(f"token-{len(self.counter)}"), GRANT


def fresh() -> tuple[MemoryStore, Clock, list[str]]:
    """A store, a clock, and the names of the benches that signed in, in order."""
    return MemoryStore(), Clock(), []


def bench(
    store: MemoryStore, clock: Clock, counter: list[str], name: str
) -> tuple[TokenManager, SignIn]:
    sign_in = SignIn(counter, name)
    share = WarehouseTokenShare(store, TokenSeal(BASE, KEY), clock=clock)
    return TokenManager(sign_in, clock=clock, share=share), sign_in


@pytest.mark.asyncio
async def test_benches_take_the_shared_token_and_one_renews_it_for_all() -> None:
    store, clock, signed = fresh()
    benches = [bench(store, clock, signed, f"bench-{n}")[0] for n in range(4)]

    tokens = await asyncio.gather(*(b.token() for b in benches))
    assert {t.reveal() for t in tokens} == {"token-1"}
    assert len(signed) == 1

    clock.now += 3600.0 - 200.0  # inside the renewal margin: every bench renews at once
    tokens = await asyncio.gather(*(b.token() for b in benches))
    assert {t.reveal() for t in tokens} == {"token-2"}
    assert len(signed) == 2
    assert store.renewals == 2


@pytest.mark.asyncio
async def test_a_token_refused_after_another_benchs_renewal_is_replaced_by_the_shared_one() -> None:
    store, clock, signed = fresh()
    first, _ = bench(store, clock, signed, "bench-1")
    second, _ = bench(store, clock, signed, "bench-2")
    old = await first.token()
    assert (await second.token()) == old

    renewed = await first.refresh(old)  # 7S refused it at bench-1: bench-1 renews
    assert renewed.token.reveal() == "token-2"
    again = await second.refresh(old)  # then at bench-2: it takes bench-1's new token
    assert again.token == renewed.token
    assert signed == ["bench-1", "bench-1"]
    # the second bench keeps the shared token's own times, not the moment it took it
    assert again.received_at == renewed.received_at


@pytest.mark.asyncio
async def test_forced_renewal_signs_in_even_with_a_fresh_shared_token() -> None:
    store, clock, signed = fresh()
    first, _ = bench(store, clock, signed, "bench-1")
    await first.token()
    forced = await first.refresh(None)  # `authenticate`: check the key now
    assert forced.token.reveal() == "token-2"
    second, _ = bench(store, clock, signed, "bench-2")
    assert (await second.token()).reveal() == "token-2"
    assert len(signed) == 2


@pytest.mark.asyncio
async def test_with_the_store_down_each_bench_signs_in_itself() -> None:
    store, clock, signed = fresh()
    store.down = True
    first, _ = bench(store, clock, signed, "bench-1")
    assert (await first.token()).reveal() == "token-1"
    assert (await first.token()).reveal() == "token-1"  # cached as without a store
    assert signed == ["bench-1"]

    store.down = False
    second, _ = bench(store, clock, signed, "bench-2")
    assert (await second.token()).reveal() == "token-2"  # nothing shared yet: it signs in
    assert store.renewals == 1


@pytest.mark.asyncio
async def test_a_token_fetched_before_the_store_failed_is_used_not_fetched_again() -> None:
    store, clock, signed = fresh()
    store.fail_after_renew = True
    first, _ = bench(store, clock, signed, "bench-1")
    assert (await first.token()).reveal() == "token-1"
    assert signed == ["bench-1"]


@pytest.mark.asyncio
async def test_a_refused_sign_in_is_the_benchs_error_and_nothing_is_shared() -> None:
    store, clock = MemoryStore(), Clock()

    async def refused() -> tuple[Secret, AccountGrant]:
        raise AuthenticationFailed("The access key was refused.", operation="login")

    share = WarehouseTokenShare(store, TokenSeal(BASE, KEY), clock=clock)
    manager = TokenManager(refused, clock=clock, share=share)
    with pytest.raises(AuthenticationFailed):
        await manager.token()
    assert store.rows == {}


@pytest.mark.asyncio
async def test_a_shared_token_older_than_one_the_bench_got_alone_is_not_taken() -> None:
    store, clock, signed = fresh()
    first, _ = bench(store, clock, signed, "bench-1")
    shared = await first.token()  # token-1, in the store
    store.down = True
    clock.now += 10.0
    alone = await first.refresh(shared)  # refused while the store is down: signed in alone
    assert alone.token.reveal() == "token-2"

    store.down = False
    # token-2 refused later: the store's token-1 is still "fresh" by its time, but older than
    # token-2, whose sign-in ended it; a new one is fetched and shared
    renewed = await first.refresh(alone.token)
    assert renewed.token.reveal() == "token-3"
    second, _ = bench(store, clock, signed, "bench-2")
    assert (await second.token()).reveal() == "token-3"
    assert len(signed) == 3
