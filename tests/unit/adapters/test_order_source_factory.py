"""open_order_source: which setting values name a folder, a URL, or nothing usable."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from packstation.adapters.order_source import (
    OrderSourceSpecError,
    open_order_source,
    parse_order_source_spec,
)
from packstation.adapters.order_source_folder import FolderOrderSource
from packstation.adapters.order_source_http import HttpOrderSource


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("/srv/exports", Path("/srv/exports")),
        ("  relative/dir ", Path("relative/dir")),
        ("file:///srv/exports", Path("/srv/exports")),
        ("file://localhost/srv/my%20exports", Path("/srv/my exports")),
        ("https://shop.example/api/orders", "https://shop.example/api/orders"),
        ("HTTP://shop.example", "HTTP://shop.example"),
    ],
)
def test_order_source_specs(spec: str, expected: Path | str) -> None:
    assert parse_order_source_spec(spec) == expected


def test_home_folder_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert parse_order_source_spec("~/orders") == tmp_path / "orders"


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("", "no order source is set"),
        ("ftp://shop.example/orders", "is not supported (ftp:)"),
        ("s3://bucket/orders", "is not supported (s3:)"),
        ("https:///orders", "has no host name"),
        ("file://fileserver/exports", "names another machine (fileserver)"),
    ],
)
def test_bad_specs_say_what_is_expected(spec: str, words: str) -> None:
    with pytest.raises(OrderSourceSpecError) as caught:
        parse_order_source_spec(spec)
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.asyncio
async def test_open_order_source(tmp_path: Path) -> None:
    (tmp_path / "orders.csv").write_text("order_id\n", encoding="utf-8")
    async with httpx.AsyncClient() as client:
        assert isinstance(open_order_source(str(tmp_path), client), FolderOrderSource)
        assert isinstance(open_order_source(tmp_path.as_uri(), client), FolderOrderSource)
        http = open_order_source("https://shop.example/api/orders/", client)
        assert isinstance(http, HttpOrderSource)
        assert http.base_url == "https://shop.example/api/orders"
        with pytest.raises(OrderSourceSpecError, match=r"is a file; .* names the folder"):
            open_order_source(str(tmp_path / "orders.csv"), client)
