"""Generated inputs for the other workflows' tests and benchmarks: orders, catalogs, images."""

from __future__ import annotations

import csv
import io
import json
import struct
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from packstation.domain.catalog import CATALOG_COLUMNS, gtin_check_digit

#: Where the bad rows of ``order_export`` are, and why they are bad.
BAD_ORDER_ROWS = {
    17: "recipient zip missing",
    230: "order_date is not a date",
    611: "quantity 0",
}


def order_document(order_id: str, n: int = 0) -> dict[str, Any]:
    """A valid merchant order document (the feed schema)."""
    when = datetime(2026, 11, 28, 8, 0, tzinfo=UTC) + timedelta(minutes=n)
    return {
        "order_id": order_id,
        "order_date": when.isoformat(),
        "order_url": f"https://shop.example/orders/{order_id}",
        "language": "de",
        "carrier": "dhl:DE",
        "parcels": 1,
        "tags": {"channel": "web" if n % 2 else "app"},
        "recipient": {
            "first_name": "Anna",
            "last_name": f"Kundin {n}",
            "email": f"kunde{n}@example.de",
            "street": "Schwedter Str.",
            "house_no": str(1 + n % 90),
            "zip": "10435",
            "city": "Berlin",
            "country": "DE",
        },
        "items": [
            {"sku": "SKU-TSHIRT-M", "name": "T-Shirt M", "quantity": 1 + n % 3, "weight_g": 180}
        ],
    }


def order_export(count: int, prefix: str = "IMP", *, bad: bool = True) -> list[dict[str, Any]]:
    """``count`` order documents; with ``bad`` the rows of ``BAD_ORDER_ROWS`` are broken."""
    docs = [order_document(f"{prefix}{n:05d}", n) for n in range(count)]
    if bad:
        for index in BAD_ORDER_ROWS:
            if index >= count:
                continue
            doc = docs[index]
            if index == 17:
                del doc["recipient"]["zip"]
            elif index == 230:
                doc["order_date"] = "yesterday-ish"
            else:
                doc["items"][0]["quantity"] = 0
    return docs


def write_order_export(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------- images


def png(width: int, height: int, shade: int = 0) -> bytes:
    """A real (grey) PNG of the given size; ``shade`` changes its content."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes([shade % 256]) * width
    raw = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a baseline JPEG (SOI, APP0, SOF0): enough for a size check."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


# ---------------------------------------------------------------------- catalogs


def ean13(n: int) -> str:
    body = f"400{n:09d}"
    return body + str(gtin_check_digit(body))


def catalog_rows(count: int, prefix: str = "CAT") -> list[dict[str, str]]:
    return [
        {
            "sku": f"{prefix}-{n:04d}",
            "name": f"Product {n}",
            "ean": ean13(n),
            "weight_g": str(100 + n),
            "customs_description": f"Cotton shirt {n}",
            "customs_value": f"{10 + n % 50}.90",
            "tariff_code_sending": "610910",
            "tariff_code_receiving": "6109100010",
            "origin_country": "PT",
            "image_file": f"{prefix}-{n:04d}.png",
        }
        for n in range(count)
    ]


def write_catalog(folder: Path, rows: list[dict[str, str]], name: str = "products.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CATALOG_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    path = folder / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_images(folder: Path, rows: list[dict[str, str]], size: int = 800) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n, row in enumerate(rows):
        if row.get("image_file"):
            (folder / row["image_file"]).write_bytes(png(size, size, n))
