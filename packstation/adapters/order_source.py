"""Opening the configured order source (the setting ``order_source``).

The setting names a folder (``/srv/exports/orders``, ``C:\\Exports``, ``~/orders``), a
``file://`` URL of a folder, or an ``http(s)://`` URL of the merchant's order endpoint.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import httpx

from packstation.adapters.order_source_folder import FolderOrderSource
from packstation.adapters.order_source_http import HttpOrderSource
from packstation.ports import OrderSource

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_HELP = (
    "the order source must be a folder (/srv/exports/orders), a file:// URL of a folder "
    "or an http(s):// URL of the merchant's order endpoint"
)


class OrderSourceSpecError(ValueError):
    """The order source setting names nothing the station can read orders from."""


def parse_order_source_spec(spec: str) -> Path | str:
    """The folder (a ``Path``) or the endpoint URL (a ``str``) that ``spec`` names.

    Pure: nothing is opened, so it suits a settings validator. A folder that does not exist
    is not an error here (a network drive may come later); reading it reports that.
    Raises ``OrderSourceSpecError`` with a plain message otherwise.
    """
    text = spec.strip()
    if not text:
        raise OrderSourceSpecError(f"no order source is set: {_HELP}")
    scheme = _SCHEME.match(text)
    if scheme is None:  # a plain path (a Windows drive letter is a one-letter "scheme")
        return Path(text).expanduser()
    kind = scheme.group(1).lower()
    if kind in ("http", "https"):
        parts = urlsplit(text)
        if not parts.hostname:
            raise OrderSourceSpecError(f"{text!r} has no host name: {_HELP}")
        return text
    if kind == "file":
        parts = urlsplit(text)
        if parts.netloc not in ("", "localhost"):
            raise OrderSourceSpecError(
                f"{text!r} names another machine ({parts.netloc}); mount the share and name "
                "the folder instead"
            )
        if not parts.path:
            raise OrderSourceSpecError(f"{text!r} names no folder: {_HELP}")
        return Path(url2pathname(unquote(parts.path)) if parts.path else "")
    raise OrderSourceSpecError(f"{text!r} is not supported ({kind}:): {_HELP}")


def open_order_source(
    spec: str, http: httpx.AsyncClient, *, local_zone: tzinfo | None = None
) -> OrderSource:
    """The order source that ``spec`` names, reading over ``http`` when it is a URL."""
    target = parse_order_source_spec(spec)
    if isinstance(target, Path):
        if target.is_file():
            raise OrderSourceSpecError(
                f"{spec.strip()!r} is a file; the order source names the folder that holds "
                f"the export files ({target.parent})"
            )
        return FolderOrderSource(target, local_zone=local_zone)
    return HttpOrderSource(http, target, local_zone=local_zone)
