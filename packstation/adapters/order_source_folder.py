"""``FolderOrderSource``: merchant orders from a folder of exported JSON and CSV files.

The folder is what a shop's export job fills (docs/order-schema.md): ``*.json`` files holding
one order object, a list of orders or ``{"orders": [...]}``, and ``*.csv`` files with one row
per order line. Sub-folders, hidden files, Excel lock files (``~$...``) and other file types
are left alone.

Every call looks at the folder again, so a new export is seen at once, but a file is read and
validated only when its size or modification time changed since the last look: a folder of
thousands of files costs one ``stat`` per file per scan. The blocking file work runs in the
loop's default executor, never on the event loop.

A bad file never stops the others: ``list_orders`` answers the good orders plus one problem
per bad field, file or duplicate; ``get_order`` raises the problem of the order asked for.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any, Final

from packstation.adapters.order_source_wire import (
    DocumentInvalid,
    OrderIndex,
    PayloadEntry,
    json_error_message,
    orders_in_payload,
    validate_order,
)
from packstation.domain.orders import (
    MerchantOrder,
    OrderListing,
    OrderNotInSource,
    OrderSourceError,
)

#: Order-level CSV columns: the same for every line of an order (a blank cell repeats it).
ORDER_COLUMNS: Final = (
    "order_id",
    "order_date",
    "order_url",
    "language",
    "carrier",
    "carrier_service",
    "pudo_id",
    "parcels",
    "recipient_first_name",
    "recipient_last_name",
    "recipient_company_name",
    "recipient_email",
    "recipient_phone",
    "recipient_street",
    "recipient_house_no",
    "recipient_address_details",
    "recipient_zip",
    "recipient_city",
    "recipient_country",
)
#: Line-level CSV columns: one order line per row.
LINE_COLUMNS: Final = (
    "sku",
    "ean",
    "name",
    "quantity",
    "weight_g",
    "unit_value",
    "currency",
    "hs_code",
    "origin_country",
    "image_url",
)
#: Line-level CSV columns of one outer pack of the line's product (the ``packs`` of JSON).
PACK_COLUMNS: Final = ("pack_barcode", "pack_units")
CSV_COLUMNS: Final = ORDER_COLUMNS + LINE_COLUMNS + PACK_COLUMNS
REQUIRED_CSV_COLUMNS: Final = (
    "order_id",
    "order_date",
    "recipient_first_name",
    "recipient_last_name",
    "recipient_street",
    "recipient_zip",
    "recipient_city",
    "recipient_country",
    "sku",
    "name",
    "quantity",
)

_RECIPIENT = "recipient_"


# --------------------------------------------------------------------------- one file


@dataclass(frozen=True, slots=True)
class FileOrders:
    """What one export file holds: its orders (or their errors) and its own problems."""

    name: str
    entries: tuple[PayloadEntry, ...] = ()
    problems: tuple[OrderSourceError, ...] = ()


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise OrderSourceError(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X} cannot be read); "
            "export or save the file as UTF-8",
            f"{name} line {line}",
        ) from None


def read_json_file(data: bytes, name: str, *, local_zone: tzinfo | None = None) -> FileOrders:
    """Read a JSON export: one order object, a list of orders, or ``{"orders": [...]}``."""
    try:
        text = _decode(data, name)
    except OrderSourceError as exc:
        return FileOrders(name, (), (exc,))
    if not text.strip():
        return FileOrders(name, (), (OrderSourceError("is empty", name),))
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        where, message = json_error_message(exc)
        return FileOrders(name, (), (OrderSourceError(message, f"{name} {where}"),))
    except RecursionError:
        return FileOrders(name, (), (OrderSourceError("is nested too deeply to read", name),))
    try:
        entries = orders_in_payload(payload, name, local_zone=local_zone)
    except OrderSourceError as exc:
        return FileOrders(name, (), (exc,))
    except RecursionError:
        return FileOrders(name, (), (OrderSourceError("is nested too deeply to read", name),))
    return FileOrders(name, tuple(entries))


def _sniff_delimiter(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


@dataclass(slots=True)
class _Row:
    line: int
    cells: dict[str, str]
    problem: OrderSourceError | None = None


def read_csv_file(data: bytes, name: str, *, local_zone: tzinfo | None = None) -> FileOrders:
    """Read a CSV export: one row per order line; rows with the same order_id are one order.

    UTF-8 with or without BOM; the delimiter (``,`` or ``;``) is taken from the header line.
    Unknown columns are ignored; a blank order-level cell repeats the order's value.
    """
    try:
        text = _decode(data, name)
    except OrderSourceError as exc:
        return FileOrders(name, (), (exc,))
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first_line:
        return FileOrders(name, (), (OrderSourceError("is empty", name),))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    problems: list[OrderSourceError] = []
    header: list[str] | None = None
    header_line = 0
    rows: list[_Row] = []
    previous_end = 0
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header, header_line = [c.strip().lower() for c in cells], line
                bad = _header_problem(header)
                if bad:
                    return FileOrders(name, (), (OrderSourceError(bad, f"{name} line {line}"),))
                continue
            padded = cells + [""] * (len(header) - len(cells))
            row = _Row(line, {h: c.strip() for h, c in zip(header, padded, strict=False)})
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                row.problem = OrderSourceError(
                    f"has {len(cells)} values but the header (line {header_line}) has "
                    f"{len(header)} columns; a value containing the delimiter needs quotes",
                    f"{name} line {line}",
                )
            rows.append(row)
    except csv.Error as exc:
        problems.append(
            OrderSourceError(f"is not valid CSV ({exc})", f"{name} line {previous_end}")
        )
        return FileOrders(name, (), tuple(problems))

    groups: dict[str, list[_Row]] = {}
    for row in rows:
        order_id = row.cells.get("order_id", "")
        if not order_id:
            problems.append(
                row.problem
                or OrderSourceError(
                    "is required and must not be empty", f"{name} line {row.line}: order_id"
                )
            )
            continue
        groups.setdefault(order_id, []).append(row)
    entries = [_csv_order(name, order_id, group, local_zone) for order_id, group in groups.items()]
    return FileOrders(name, tuple(entries), tuple(problems))


def _header_problem(header: list[str]) -> str | None:
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
            return f"names the column {column!r} twice"
        seen.add(column)
    missing = [c for c in REQUIRED_CSV_COLUMNS if c not in seen]
    if missing:
        return (
            f"lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            "in its header line"
        )
    return None


def _csv_order(
    name: str, order_id: str, rows: list[_Row], local_zone: tzinfo | None
) -> PayloadEntry:
    first = rows[0].line
    errors = [row.problem for row in rows if row.problem is not None]
    if errors:  # its cells are out of step with the header: nothing more can be said
        return PayloadEntry(order_id, None, tuple(errors), f"line {first}")
    value_line: dict[str, int] = {}
    values: dict[str, str] = {}
    for column in ORDER_COLUMNS:
        for row in rows:
            cell = row.cells.get(column, "")
            if not cell:
                continue
            if column not in values:
                values[column], value_line[column] = cell, row.line
            elif cell != values[column]:
                errors.append(
                    OrderSourceError(
                        f"differs between the lines of order {order_id}: "
                        f"{values[column]!r} and {cell!r}",
                        f"{name} lines {value_line[column]} and {row.line}: {column}",
                    )
                )
    document: dict[str, Any] = {
        column: value for column, value in values.items() if not column.startswith(_RECIPIENT)
    }
    document["recipient"] = {
        column.removeprefix(_RECIPIENT): value
        for column, value in values.items()
        if column.startswith(_RECIPIENT)
    }
    document["items"] = [_csv_item(row) for row in rows]
    order: MerchantOrder | None = None
    try:
        order = validate_order(document, text=True, local_zone=local_zone)
    except DocumentInvalid as exc:
        for problem in exc.problems:
            line, column = _csv_place(problem.path, rows, value_line, first)
            errors.append(OrderSourceError(problem.message, f"{name} line {line}: {column}"))
    if errors:
        return PayloadEntry(order_id, None, tuple(errors), f"line {first}")
    return PayloadEntry(order_id, order, (), f"line {first}")


def _csv_item(row: _Row) -> dict[str, Any]:
    item: dict[str, Any] = {
        column: row.cells[column] for column in LINE_COLUMNS if row.cells.get(column)
    }
    pack = {
        column.removeprefix("pack_"): row.cells[column]
        for column in PACK_COLUMNS
        if row.cells.get(column)
    }
    if pack:
        item["packs"] = [pack]
    return item


def _csv_place(
    path: tuple[str | int, ...], rows: list[_Row], value_line: Mapping[str, int], first: int
) -> tuple[int, str]:
    """The line and column of a document path: ``("items", 2, "quantity")`` → (line, quantity)."""
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        line = rows[path[1]].line
        if len(path) > 2 and path[2] == "packs":
            return line, f"pack_{path[4]}" if len(path) > 4 else "pack_barcode"
        return line, str(path[2]) if len(path) > 2 else "(the line)"
    if len(path) >= 2 and path[0] == "recipient":
        column = f"{_RECIPIENT}{path[1]}"
    elif path:
        column = str(path[0])
    else:
        return first, "(the order)"
    return value_line.get(column, first), column


def read_export_file(data: bytes, name: str, *, local_zone: tzinfo | None = None) -> FileOrders:
    """Read one export file by its extension (``.json`` or ``.csv``, any case)."""
    if name.lower().endswith(".csv"):
        return read_csv_file(data, name, local_zone=local_zone)
    return read_json_file(data, name, local_zone=local_zone)


def is_export_file(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".json", ".csv")) and not name.startswith((".", "~$"))


# --------------------------------------------------------------------------- the folder

_Key = tuple[int, int, int, int]  # mtime_ns, ctime_ns, size, inode


@dataclass(frozen=True, slots=True)
class _Scan:
    index: OrderIndex
    file_problems: dict[str, tuple[OrderSourceError, ...]]  # by file name


class FolderOrderSource:
    """An ``OrderSource`` reading a folder of exported ``*.json`` and ``*.csv`` files.

    Args:
        path: the export folder (not searched recursively).
        local_zone: zone of order dates written without one; default: the system's zone.
    """

    def __init__(self, path: str | os.PathLike[str], *, local_zone: tzinfo | None = None) -> None:
        self._path = Path(path)
        self._local_zone = local_zone
        self._lock = threading.Lock()  # one scan at a time; guards the caches below
        self._files: dict[str, tuple[_Key, FileOrders]] = {}
        self._signature: tuple[tuple[str, _Key], ...] | None = None
        self._scan: _Scan | None = None
        #: how many files were read and parsed (not answered from the cache); for tests
        self.files_read = 0

    @property
    def path(self) -> Path:
        return self._path

    def __repr__(self) -> str:
        return f"FolderOrderSource({str(self._path)!r})"

    async def get_order(self, order_id: str) -> MerchantOrder:
        scan = await self._current()
        found = scan.index.lookup(order_id)
        if isinstance(found, MerchantOrder):
            return found
        if isinstance(found, OrderSourceError):
            raise found
        # No document names it. A broken file called after the order is most likely its file.
        for file_name, problems in scan.file_problems.items():
            if problems and Path(file_name).stem.casefold() == order_id.casefold():
                raise problems[0]
        message = f"Order {order_id} is not in the export folder"
        unreadable = sorted(n for n, p in scan.file_problems.items() if p)
        if unreadable:
            shown = ", ".join(unreadable[:5]) + (", ..." if len(unreadable) > 5 else "")
            message += (
                f" ({len(unreadable)} file{'s' if len(unreadable) > 1 else ''} there could not"
                f" be read: {shown})"
            )
        raise OrderNotInSource(message, str(self._path))

    async def list_orders(self) -> OrderListing:
        scan = await self._current()
        return scan.index.listing()

    async def _current(self) -> _Scan:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._rescan)

    # ------------------------------------------------------------ blocking part

    def _rescan(self) -> _Scan:
        with self._lock:
            listing = self._list_folder()
            signature = tuple((name, key) for name, key, _ in listing)
            if self._scan is not None and signature == self._signature:
                return self._scan
            files: dict[str, tuple[_Key, FileOrders]] = {}
            for name, key, path in listing:
                cached = self._files.get(name)
                if cached is not None and cached[0] == key:
                    files[name] = cached
                    continue
                parsed = self._read(path, name)
                if parsed is not None:
                    files[name] = (key, parsed)
            self._files = files
            self._signature = signature
            self._scan = _build_scan(parsed for _, parsed in files.values())
            return self._scan

    def _list_folder(self) -> list[tuple[str, _Key, Path]]:
        where = str(self._path)
        try:
            with os.scandir(self._path) as it:
                found: list[tuple[str, _Key, Path]] = []
                for entry in it:
                    if not is_export_file(entry.name):
                        continue
                    try:
                        if not entry.is_file():
                            continue
                        st = entry.stat()
                    except FileNotFoundError:
                        continue  # removed while we looked
                    key = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
                    found.append((entry.name, key, Path(entry.path)))
        except FileNotFoundError:
            raise OrderSourceError(
                "The order folder does not exist (or its network drive is not connected)", where
            ) from None
        except NotADirectoryError:
            raise OrderSourceError(
                "The order source is a file, not a folder; name the folder that holds the "
                "export files",
                where,
            ) from None
        except PermissionError:
            raise OrderSourceError(
                "The order folder cannot be read (permission denied)", where
            ) from None
        except OSError as exc:
            raise OrderSourceError(
                f"The order folder cannot be read ({exc.strerror or exc})", where
            ) from None
        found.sort()
        return found

    def _read(self, path: Path, name: str) -> FileOrders | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return FileOrders(name, (), (OrderSourceError(f"could not be read ({reason})", name),))
        self.files_read += 1
        return read_export_file(data, name, local_zone=self._local_zone)


def _build_scan(files: Iterable[FileOrders]) -> _Scan:
    index = OrderIndex()
    file_problems: dict[str, tuple[OrderSourceError, ...]] = {}
    for parsed in files:
        for entry in parsed.entries:
            index.add(parsed.name, entry)
        index.problems.extend(parsed.problems)
        file_problems[parsed.name] = parsed.problems
    return _Scan(index, file_problems)
