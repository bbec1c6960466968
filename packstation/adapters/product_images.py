"""Product pictures for the packing screen: fetched over HTTP(S) or read from a file URL.

The window never waits for them: it asks in the background and shows the row without a picture
until one arrives. Sizes are capped and every fetch has an overall deadline (a server that
drips bytes cannot keep it alive); failures return None and are logged at INFO (a missing
picture is not the packer's problem).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

from packstation.adapters.http_body import read_at_most

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 5 * 1024 * 1024


class ProductImageFetcher:
    """Fetches image bytes by URL with one shared HTTP client (owned by the caller)."""

    def __init__(
        self, http: httpx.AsyncClient, *, timeout_s: float = 10.0, deadline_s: float = 20.0
    ) -> None:
        self._http = http
        self._timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0))
        self._deadline_s = deadline_s
        self._cache: dict[str, bytes | None] = {}

    async def fetch(self, url: str) -> bytes | None:
        """The image's bytes, or None when it cannot be had (cached per URL)."""
        if url in self._cache:
            return self._cache[url]
        data = await self._fetch(url)
        self._cache[url] = data
        return data

    async def _fetch(self, url: str) -> bytes | None:
        parsed = urlparse(url)
        try:
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path))
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(None, _read_capped, path)
            if parsed.scheme not in ("http", "https"):
                log.info("product image %s: unsupported address", url)
                return None
            async with asyncio.timeout(self._deadline_s):
                return await self._download(url)
        except TimeoutError:
            log.info("product image %s: no complete answer within %g s", url, self._deadline_s)
            return None
        except (httpx.HTTPError, OSError) as exc:
            log.info("product image %s not fetched: %s", url, exc)
            return None

    async def _download(self, url: str) -> bytes | None:
        async with self._http.stream("GET", url, timeout=self._timeout) as response:
            if response.status_code != 200:
                log.info("product image %s: HTTP %s", url, response.status_code)
                return None
            # counted as it is inflated: a small gzip answer cannot become a huge picture
            data = await read_at_most(response, MAX_IMAGE_BYTES)
            if data is None:
                log.info("product image %s is larger than %d bytes", url, MAX_IMAGE_BYTES)
            return data


def _read_capped(path: Path) -> bytes | None:
    if path.stat().st_size > MAX_IMAGE_BYTES:
        return None
    return path.read_bytes()
