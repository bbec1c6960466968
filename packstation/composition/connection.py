"""Where the station talks to Seven Senders: the configured environment or a sandbox, the
access key, and the 7S client on one shared HTTP client."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx

from packstation.adapters.http_policy import RetryPolicy
from packstation.adapters.http_retry import AnswerLimits
from packstation.adapters.http_transport import station_http_client
from packstation.adapters.sevensenders import HttpShippingApi, base_url_for
from packstation.adapters.sevensenders_auth import Secret, TokenShare
from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.environment import Environment
from packstation.settings.access_key import get_access_key
from packstation.settings.model import Settings

DEMO_ACCESS_KEY = "test-access-key"  # the sandbox's public demo key; not a secret


@dataclass(frozen=True, slots=True)
class Connection:
    """Where the station talks to 7S, and with which key."""

    base_url: str
    access_key: str = field(repr=False)  # never in a repr or a log
    feed_url: str | None = None
    is_sandbox: bool = False


@contextlib.contextmanager
def sandbox_connection() -> Iterator[Connection]:
    """Start the embedded sandbox (demo/training mode) for as long as the block runs."""
    from packstation.sandbox import SandboxServer

    with SandboxServer(seed="demo") as sandbox:
        yield Connection(
            base_url=sandbox.base_url,
            access_key=DEMO_ACCESS_KEY,
            feed_url=f"{sandbox.root_url}/merchant/orders",
            is_sandbox=True,
        )


def configured_connection(settings: Settings) -> Connection | None:
    """The configured 7S connection, or None when the station runs on the sandbox."""
    if settings.environment is Environment.SANDBOX and not settings.api_url:
        return None
    if settings.environment is Environment.CUSTOM and not settings.api_url:
        raise LookupError(
            "The environment is 'custom' but no api_url is set (PACKSTATION_API_URL)."
        )
    base_url = base_url_for(settings.environment, settings.api_url)
    if settings.environment is Environment.SANDBOX:
        # a standalone sandbox (`packstation sandbox`): its demo key and its merchant feed
        demo_key = settings.access_key.get_secret_value() if settings.access_key else None
        root = base_url.removesuffix("/").removesuffix("/v2")
        return Connection(
            base_url=base_url,
            access_key=demo_key or DEMO_ACCESS_KEY,
            feed_url=f"{root}/merchant/orders",
            is_sandbox=True,
        )
    key = settings.access_key.get_secret_value() if settings.access_key else None
    key = key or get_access_key(settings.environment)
    if not key:
        raise LookupError(
            f"No access key is stored for the {settings.environment.value} environment. "
            "Run `packstation access-key set` or set PACKSTATION_ACCESS_KEY."
        )
    return Connection(base_url=base_url, access_key=key)


@contextlib.asynccontextmanager
async def shipping_api(
    settings: Settings, connection: Connection
) -> AsyncIterator[HttpShippingApi]:
    """One shared HTTP client and the 7S client on top of it, closed on exit.

    Raises ``ValueError`` (before anything is opened) when ``api_names`` overrides are wrong.
    """
    names = ApiNames.with_overrides(settings.api_names)
    connect, read = settings.connect_timeout_s, settings.read_timeout_s
    delay = settings.api_retry_delay_s
    async with (
        station_http_client() as http,
        _token_share(settings, connection) as share,
    ):
        yield HttpShippingApi(
            http,
            base_url=connection.base_url,
            access_key=connection.access_key,
            names=names,
            policy=RetryPolicy(
                base_delay=delay,
                max_delay=max(delay, 8.0),
                retry_after_cap=settings.retry_after_cap_s,
            ),
            timeout=httpx.Timeout(read, connect=connect, pool=connect),
            download_timeout=httpx.Timeout(max(read, 60.0), connect=connect, pool=connect),
            limits=AnswerLimits(
                deadline=settings.api_deadline_s,
                max_bytes=int(settings.max_answer_mb * 1024 * 1024),
            ),
            token_share=share,
        )


@contextlib.asynccontextmanager
async def _token_share(
    settings: Settings, connection: Connection
) -> AsyncIterator[TokenShare | None]:
    """The 7S token shared through the warehouse store, when there is one (else None).

    Its own connection to the store: a renewal holds the key's lock while it signs in, and the
    bench's claims and heartbeat must not wait for that.
    """
    if not settings.warehouse_db:
        yield None
        return
    # imported here: a bench without a warehouse store never loads the PostgreSQL driver
    from packstation.adapters.shared_token import TokenSeal, WarehouseTokenShare
    from packstation.adapters.warehouse_pg import PostgresWarehouse

    store = PostgresWarehouse(
        settings.warehouse_db,
        application_name=f"packstation {settings.station_name}",
        renew_timeout_s=settings.api_deadline_s + 10.0,
    )
    base = connection.base_url.strip().rstrip("/") + "/"  # as the client writes it
    seal = TokenSeal(base, Secret(connection.access_key))
    try:
        yield WarehouseTokenShare(store, seal, clock=time.time)
    finally:
        await store.close()
