"""The merchant's product export (CSV or JSON) and its folder of images, read from disk.

The columns are documented in docs/catalog.md and checked by ``domain.catalog.check_row``;
this module only decodes the file (UTF-8 with or without BOM; CSV with ``,`` or ``;``; JSON as
a list of objects or ``{"products": [...]}``) and reads image files, off the event loop.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from packstation.domain.catalog import (
    CATALOG_COLUMNS,
    CatalogListing,
    CatalogProblem,
    listing_of,
)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(
            f"{name} line {line}: is not UTF-8 text; export or save the file as UTF-8"
        ) from None


def read_catalog_csv(text: str, name: str) -> CatalogListing:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first:
        return CatalogListing((), (CatalogProblem("is empty", name),), name)
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[str, Mapping[str, Any]]] = []
    problems: list[CatalogProblem] = []
    line_end = 0
    try:
        for cells in reader:
            line, line_end = line_end + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().lower() for c in cells]
                if "sku" not in header:
                    return CatalogListing(
                        (),
                        (
                            CatalogProblem(
                                "has no 'sku' column in its header line; the columns are "
                                + ", ".join(CATALOG_COLUMNS),
                                f"{name} line {line}",
                            ),
                        ),
                        name,
                    )
                continue
            where = f"{name} line {line}"
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                sku = cells[header.index("sku")].strip() if "sku" in header else None
                problems.append(
                    CatalogProblem(
                        f"has {len(cells)} values but the header has {len(header)} columns; "
                        "a value containing the delimiter needs quotes",
                        where,
                        sku or None,
                    )
                )
                continue
            padded = cells + [""] * (len(header) - len(cells))
            rows.append((where, dict(zip(header, padded, strict=False))))
    except csv.Error as exc:
        problems.append(CatalogProblem(f"is not valid CSV ({exc})", f"{name} line {line_end}"))
    return listing_of(rows, problems, name)


def read_catalog_json(text: str, name: str) -> CatalogListing:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        return CatalogListing(
            (),
            (CatalogProblem(f"is not valid JSON ({exc.msg})", f"{name} line {exc.lineno}"),),
            name,
        )
    if isinstance(payload, Mapping) and isinstance(payload.get("products"), list):
        items, prefix = payload["products"], "products"
    elif isinstance(payload, list):
        items, prefix = payload, ""
    else:
        return CatalogListing(
            (),
            (CatalogProblem('must hold a list of products [...] or {"products": [...]}', name),),
            name,
        )
    rows: list[tuple[str, Mapping[str, Any]]] = []
    problems: list[CatalogProblem] = []
    for i, item in enumerate(items):
        where = f"{name} {prefix}[{i}]"
        if not isinstance(item, Mapping):
            problems.append(CatalogProblem("must be an object {...}", where))
            continue
        rows.append((where, {str(k).lower(): v for k, v in item.items()}))
    return listing_of(rows, problems, name)


def read_catalog_bytes(data: bytes, name: str) -> CatalogListing:
    """A product export by its extension: ``.json`` is JSON, anything else CSV."""
    try:
        text = _decode(data, name)
    except ValueError as exc:
        return CatalogListing((), (CatalogProblem(str(exc)),), name)
    if name.lower().endswith(".json"):
        return read_catalog_json(text, name)
    return read_catalog_csv(text, name)


async def load_catalog(path: Path) -> CatalogListing:
    """Read a product export file (off the event loop); ``OSError`` if it cannot be read."""
    loop = asyncio.get_running_loop()
    data = await loop.run_in_executor(None, path.read_bytes)
    return read_catalog_bytes(data, path.name)


class FolderImages:
    """``CatalogImages`` from a folder; names are relative to it and never leave it."""

    def __init__(self, folder: Path) -> None:
        self._folder = Path(folder)

    @property
    def location(self) -> str:
        return str(self._folder)

    async def read(self, name: str) -> bytes:
        target = (self._folder / name).resolve()
        root = self._folder.resolve()
        if root != target and root not in target.parents:
            raise FileNotFoundError(f"{name} is outside the images folder {self._folder}")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, target.read_bytes)


def images_folder(catalog: Path, images: Path | None) -> FolderImages:
    """The images folder given, else the folder the export file is in."""
    return FolderImages(images if images is not None else Path(os.fspath(catalog)).parent)
