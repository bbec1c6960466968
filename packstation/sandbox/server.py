"""Running the sandbox: ``SandboxServer`` (background thread, for tests and demo mode) and
``run_forever`` (foreground, for ``packstation sandbox``)."""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from types import TracebackType

import uvicorn

from packstation.sandbox.app import build_app
from packstation.sandbox.control import Control
from packstation.sandbox.demo import Seed, orders_dir
from packstation.sandbox.dialect import Dialect
from packstation.sandbox.printer import VirtualPrinter
from packstation.sandbox.state import DEMO_ACCESS_KEY, AccountSettings, State

DEFAULT_HOST = "127.0.0.1"
logger = logging.getLogger(__name__)


def _bind(host: str, port: int) -> socket.socket:
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP,
    # and without it every response waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def _server(control: Control) -> uvicorn.Server:
    config = uvicorn.Config(
        build_app(control),
        http="h11",  # drop-next relies on h11's RequestResponseCycle (see faults.py)
        loop="asyncio",
        ws="none",
        lifespan="off",
        interface="asgi3",
        log_config=None,
        log_level="warning",
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


class SandboxServer:
    """The sandbox on 127.0.0.1 in a background thread with its own event loop.

    ``with SandboxServer() as sb:`` starts it on a free port and stops it on exit.
    ``sb.state`` is the live store (hold ``sb.state.lock`` for compound reads) and
    ``sb.control`` offers the ``/__mock`` hooks as thread-safe methods.
    """

    def __init__(
        self,
        *,
        host: str = DEFAULT_HOST,
        port: int = 0,
        seed: Seed = "demo",
        token_ttl: float = 3600.0,
        flex: bool = False,
        startup_timeout: float = 10.0,
        merchant_keys_in_paths: bool = False,
        dialect: Dialect | None = None,
    ) -> None:
        self.host = host
        self._requested_port = port
        self._startup_timeout = startup_timeout
        settings = AccountSettings(
            token_ttl=token_ttl, flex=flex, merchant_keys_in_paths=merchant_keys_in_paths
        )
        self.control = Control(seed, settings, dialect)
        self._sock: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.port = 0

    # ------------------------------------------------------------ URLs and state
    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v2"

    @property
    def merchant_feed_url(self) -> str:
        return f"{self.root_url}/merchant/orders"

    @property
    def state(self) -> State:
        return self.control.state

    @property
    def access_key(self) -> str:
        return DEMO_ACCESS_KEY

    # ------------------------------------------------------------ life cycle
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the sandbox is already running")
        self._sock = _bind(self.host, self._requested_port)
        self.port = int(self._sock.getsockname()[1])
        self._server = _server(self.control)
        self._thread = threading.Thread(target=self._run, name="sandbox-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + self._startup_timeout
        while not self._server.started:
            if self._error is not None or not self._thread.is_alive():
                self.stop()
                raise RuntimeError("the sandbox server failed to start") from self._error
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("the sandbox server did not start in time")
            time.sleep(0.005)

    def _run(self) -> None:
        assert self._server is not None
        assert self._sock is not None
        try:
            self._server.run(sockets=[self._sock])
        except (Exception, SystemExit) as exc:
            logger.exception("the sandbox server stopped with an error")
            self._error = exc  # start() reports it when it happens during startup

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def run_forever(
    host: str = DEFAULT_HOST,
    port: int = 8765,
    seed: Seed = "demo",
    token_ttl: float = 3600.0,
    flex: bool = False,
    printer_port: int | None = None,
    merchant_keys_in_paths: bool = False,
) -> None:
    """Serve in the foreground until Ctrl+C (``packstation sandbox``).

    With ``printer_port`` (0: a free port) the virtual label printer runs beside the API.
    """
    settings = AccountSettings(
        token_ttl=token_ttl, flex=flex, merchant_keys_in_paths=merchant_keys_in_paths
    )
    control = Control(seed, settings)
    printer: VirtualPrinter | None = None
    if printer_port is not None:
        printer = VirtualPrinter(host, printer_port)
        printer.start()
    try:
        sock = _bind(host, port)
    except OSError:
        if printer is not None:
            printer.stop()
        raise
    bound = int(sock.getsockname()[1])
    root = f"http://{host}:{bound}"
    out = sys.stdout
    out.write(f"Seven Senders sandbox (seed: {seed}{', Flex account' if flex else ''})\n")
    out.write(f"  base URL:       {root}/v2\n")
    out.write(f"  access key:     {DEMO_ACCESS_KEY}\n")
    out.write(f"  merchant feed:  {root}/merchant/orders\n")
    out.write(f"  export folder:  {orders_dir()}\n")
    out.write(f"  test hooks:     {root}/__mock/...\n")
    if printer is not None:
        out.write(f"  virtual printer: {printer.uri}  (ZPL, answers ~HS)\n")
    out.write("Press Ctrl+C to stop.\n")
    out.flush()
    try:
        _server(control).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        if printer is not None:
            printer.stop()
