"""Helpers for the other workflows' integration tests: settings, environments, CLI runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from packstation.composition.connection import Connection
from packstation.composition.station import Station, open_station
from packstation.composition.workflows import Workflows, open_workflows
from packstation.sandbox import SandboxServer
from packstation.settings.model import Settings, load_settings
from tests.integration.conftest import cli_environ


def connection(sandbox: SandboxServer) -> Connection:
    return Connection(
        base_url=sandbox.base_url,
        access_key=sandbox.access_key,
        feed_url=sandbox.merchant_feed_url,
        is_sandbox=True,
    )


def settings(sandbox: SandboxServer, tmp_path: Path, **extra: Any) -> Settings:
    (tmp_path / "printed").mkdir(exist_ok=True)
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "order_source": sandbox.merchant_feed_url,
        "printer": (tmp_path / "printed").as_uri(),
        "api_retry_delay_s": 0.02,
        "label_retry_delay_s": 0.05,
        "outbox_retry_delay_s": 0.05,
        "outbox_retry_max_s": 0.2,
        "outbox_drain_s": 5.0,
        "read_timeout_s": 5.0,
        "connect_timeout_s": 2.0,
    }
    values.update(extra)
    return load_settings(**values)


def station(
    sandbox: SandboxServer, tmp_path: Path, **extra: Any
) -> AbstractAsyncContextManager[Station]:
    return open_station(settings(sandbox, tmp_path, **extra), connection(sandbox))


@asynccontextmanager
async def bench(
    sandbox: SandboxServer, tmp_path: Path, **extra: Any
) -> AsyncIterator[tuple[Station, Workflows]]:
    """A packing station and the workflows on it (shared journal, client and outbox)."""
    chosen = settings(sandbox, tmp_path, **extra)
    async with (
        open_station(chosen, connection(sandbox)) as st,
        open_workflows(chosen, connection(sandbox), station=st) as wf,
    ):
        yield st, wf


def printed_files(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "printed").iterdir() if not p.name.startswith("."))


#: how the packer boxes the demo's multi-parcel orders (one box per planned parcel)
BOXES = {
    "A102": ["SKU-LAMP-DESK", "SKU-YOGA-MAT,SKU-BACKPACK-20", "SKU-COFFEE-1KG:2"],
    "A109": ["SKU-YOGA-MAT:2", "SKU-LAMP-DESK,SKU-BOTTLE-750:4"],
}


def environ(sandbox: SandboxServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    return cli_environ(sandbox, tmp_path, **extra)
