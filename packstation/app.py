"""Composition root: settings → adapters → services → view-models → windows, on one qasync loop.

The only module (with the command line) that builds concrete adapters and that may start the
embedded sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx

from packstation.adapters.sevensenders_http import HttpShippingApi, base_url_for
from packstation.adapters.sevensenders_names import ApiNames
from packstation.config import Environment, Settings
from packstation.secret_store import get_access_key

log = logging.getLogger(__name__)

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
    base_url = base_url_for(settings.environment.value, settings.api_url)
    key = settings.access_key.get_secret_value() if settings.access_key else None
    key = key or get_access_key(settings.environment.value)
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
    async with httpx.AsyncClient() as http:
        yield HttpShippingApi(
            http,
            base_url=connection.base_url,
            access_key=connection.access_key,
            names=names,
            timeout=httpx.Timeout(read, connect=connect, pool=connect),
            download_timeout=httpx.Timeout(max(read, 60.0), connect=connect, pool=connect),
        )


def has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal", "windows", "cocoa")
        or sys.platform in ("win32", "darwin")
    )


def run_demo_gui(settings: Settings, smoke_test: bool = False) -> int:
    """Open the demo window on the embedded sandbox; returns the process exit code."""
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("packstation")
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with sandbox_connection() as connection, loop:
        code: int = loop.run_until_complete(_demo(app, settings, connection, smoke_test))
    return code


async def _demo(app: object, settings: Settings, connection: Connection, smoke_test: bool) -> int:
    from PySide6.QtWidgets import QApplication

    from packstation.ui.demo_window import DemoInfo, DemoViewModel, DemoWindow
    from packstation.ui.tasks import TaskRunner

    assert isinstance(app, QApplication)
    async with shipping_api(settings, connection) as api:
        runner = TaskRunner()
        vm = DemoViewModel(api, runner)
        window = DemoWindow(
            vm,
            DemoInfo(
                api_url=connection.base_url,
                access_key_hint=connection.access_key,
                feed_url=connection.feed_url or "",
            ),
        )
        done = asyncio.Event()
        app.lastWindowClosed.connect(done.set)
        if smoke_test:
            # finish as soon as the first load ended, whichever way it went
            vm.busy_changed.connect(lambda busy: None if busy else done.set())
        window.show()
        vm.refresh()
        if smoke_test:
            await asyncio.wait_for(done.wait(), timeout=60)
        else:
            await done.wait()
        await runner.cancel_all()
        window.close()
        if smoke_test:
            loaded = len(vm.orders)
            sys.stdout.write(f"demo ok: {loaded} orders loaded from {connection.base_url}\n")
            return 0 if vm.orders else 1
    return 0
