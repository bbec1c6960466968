"""The station's HTTP transport: no connection outlives its client.

httpcore's connection pool forgets a connection that is still being opened when the client
closes (or when the request that opened it is given up at the moment the connect succeeds):
the connect then completes, the new socket belongs to nobody and is never closed — an open
connection to 7S left behind, and a ``ResourceWarning: unclosed socket`` at the next garbage
collection. This happens whenever the station shuts its 7S client while a background fetch
(an order's product data, an outbox delivery) is still connecting.

``ClosingTransport`` opens its connections through ``ClosingBackend``, which remembers every
connection it opened until the connection is closed. Closing the transport closes whatever
the pool forgot, and a connect that completes after that is closed at once and fails as a
connect error. Every ``httpx.AsyncClient`` of the station is made by ``station_http_client``
so that all of them use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Any

import httpcore
import httpx

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class _Tracked(httpcore.AsyncNetworkStream):
    """One connection opened by ``ClosingBackend``; forgotten by it once closed.

    The ``timeout`` parameters here and in ``ClosingBackend`` are httpcore's interface.
    """

    def __init__(self, stream: httpcore.AsyncNetworkStream, backend: ClosingBackend) -> None:
        self._stream = stream
        self._backend = backend
        self.closed = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._backend._forget(self)
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
    ) -> httpcore.AsyncNetworkStream:
        secured = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        # the TLS stream owns the socket now: it is what must be closed
        self._backend._forget(self)
        self.closed = True
        return self._backend._adopt(secured)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class ClosingBackend(httpcore.AsyncNetworkBackend):
    """httpcore's default network backend, remembering the connections it opened.

    ``aclose`` closes every connection still open (the pool closed its own already; what is
    left is what it forgot), and from then on a connect that completes is closed at once.
    """

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner if inner is not None else httpcore.AnyIOBackend()
        self._open: set[_Tracked] = set()
        self._closed = False

    @property
    def open_connections(self) -> int:
        """How many connections this backend opened that are not closed yet."""
        return len(self._open)

    def _adopt(self, stream: httpcore.AsyncNetworkStream) -> _Tracked:
        tracked = _Tracked(stream, self)
        self._open.add(tracked)
        return tracked

    def _forget(self, tracked: _Tracked) -> None:
        self._open.discard(tracked)

    async def _opened(self, stream: httpcore.AsyncNetworkStream) -> httpcore.AsyncNetworkStream:
        if self._closed:
            # the client closed while this connect was under way: nobody will use it
            await stream.aclose()
            raise httpcore.ConnectError("the HTTP client was closed while connecting")
        return self._adopt(stream)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(
            host,
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )
        return await self._opened(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options
        )
        return await self._opened(stream)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)

    async def aclose(self) -> None:
        """Close every connection still open; later connects are closed as they complete."""
        self._closed = True
        while self._open:
            await self._open.pop().aclose()


class ClosingTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` whose connections never outlive it (``ClosingBackend``).

    Takes the same arguments as ``httpx.AsyncHTTPTransport``.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.backend = ClosingBackend()
        pool = self._pool
        # httpx builds its httpcore pool without a way to pass a network backend; the pool
        # (direct, HTTP or SOCKS proxy) hands this attribute to each connection it opens
        if not hasattr(pool, "_network_backend"):  # pragma: no cover - a changed httpcore
            raise RuntimeError("this httpcore version cannot take the station's transport")
        pool._network_backend = self.backend

    async def aclose(self) -> None:
        try:
            await super().aclose()
        finally:
            await self.backend.aclose()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        try:
            await super().__aexit__(exc_type, exc_value, traceback)
        finally:
            await self.backend.aclose()


def station_http_client(**kwargs: Any) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` on a ``ClosingTransport``; ``kwargs`` go to the client.

    Every HTTP client of the station is made here (7S, the sign-in, the merchant's order
    feed, product images, the probe), so none of them leaves a connection behind.
    """
    if "transport" in kwargs:
        raise TypeError("station_http_client makes its own transport")
    return httpx.AsyncClient(transport=ClosingTransport(), **kwargs)


__all__ = ["ClosingBackend", "ClosingTransport", "station_http_client"]
