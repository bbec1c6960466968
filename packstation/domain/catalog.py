"""The merchant's product catalog for Return Portal Pro: rows, checks, images and sync plans.

Pure rules (standard library only): a catalog row is checked field by field (a bad row never
stops the others), an image is recognised by its content (PNG or JPEG magic bytes, dimensions
from the file's own header), and a product or image is sent to Seven Senders only when its
content hash differs from the one the journal kept after the last successful sync.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from packstation.domain.notes import Note, NoteKind
from packstation.domain.orders import PackCode
from packstation.domain.shipping import Product

#: The columns of the product export (CSV header or JSON keys); docs/catalog.md explains each.
CATALOG_COLUMNS: tuple[str, ...] = (
    "sku",
    "name",
    "ean",
    "weight_g",
    "customs_description",
    "customs_value",
    "tariff_code_sending",
    "tariff_code_receiving",
    "origin_country",
    "image_file",
    "pack_barcode",
    "pack_units",
)

MAX_IMAGE_BYTES = 10 * 1024 * 1024
RECOMMENDED_MIN_SIDE = 800
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

_DIGITS = re.compile(r"^[0-9]+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class CatalogProduct:
    """One product of the merchant's export, checked."""

    sku: str
    name: str = ""
    ean: str | None = None
    weight_g: int | None = None
    customs_description: str | None = None
    customs_value: Decimal | None = None
    tariff_code_sending: str | None = None
    tariff_code_receiving: str | None = None
    origin_country: str | None = None
    image_file: str | None = None
    pack_barcode: str | None = None  # an outer pack (6-pack, case) of the product …
    pack_units: int | None = None  # … and the units it holds
    where: str = ""  # "products.csv line 7", for messages

    @property
    def pack(self) -> PackCode | None:
        """The product's outer pack, when the export names one."""
        if self.pack_barcode is None or self.pack_units is None:
            return None
        return PackCode(self.pack_barcode, self.pack_units)

    def to_product(self) -> Product:
        """The 7S product: the customs description falls back to the product name."""
        return Product(
            sku=self.sku,
            customs_description=self.customs_description or (self.name or None),
            customs_item_value=self.customs_value,
            tariff_code_sending=self.tariff_code_sending,
            tariff_code_receiving=self.tariff_code_receiving,
            origin_country=self.origin_country,
        )


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """A row (or the file) that cannot be used; ``sku`` when the row named one."""

    message: str
    where: str = ""
    sku: str | None = None
    column: str = ""  # the column that cannot be used (for the window's words)
    places: str = ""  # a SKU in several rows: where each is

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True, slots=True)
class CatalogListing:
    """What a product export holds: the good rows and the problems met."""

    products: tuple[CatalogProduct, ...]
    problems: tuple[CatalogProblem, ...] = ()
    source: str = ""

    @property
    def problem_skus(self) -> frozenset[str]:
        return frozenset(p.sku for p in self.problems if p.sku)


def gtin_check_digit(body: str) -> int:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"must be text, got {value!r}")  # noqa: TRY004 (a field problem)
    return value.strip()


def _sku(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError("is required")
    if len(text) > 100:
        raise ValueError("is longer than 100 characters")
    if "/" in text or _CONTROL.search(text):
        raise ValueError(f"must not contain '/' or control characters, got {text!r}")
    return text


def _ean(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    if not _DIGITS.match(text) or len(text) not in (8, 12, 13, 14):
        raise ValueError(f"must be an EAN/GTIN of 8, 12, 13 or 14 digits, got {text!r}")
    expected = gtin_check_digit(text[:-1])
    if int(text[-1]) != expected:
        raise ValueError(f"has a wrong check digit: {text!r} should end in {expected}")
    return text


def _weight(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"must be a whole number of grams, got {text!r}") from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"must be a whole number of grams (0 or more), got {text!r}")
    return int(number)


def _money(value: Any) -> Decimal | None:
    text = _text(value)
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 19,90 as exported by European spreadsheets
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"must be an amount like 19.90, got {text!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"must be an amount of 0 or more, got {text!r}")
    return amount.quantize(Decimal("0.01"))


def _tariff(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    digits = text.replace(" ", "").replace(".", "")
    if not _DIGITS.match(digits) or not 6 <= len(digits) <= 10:
        raise ValueError(f"must be a customs tariff number of 6 to 10 digits, got {text!r}")
    return digits


def _country(value: Any) -> str | None:
    text = _text(value).upper()
    if not text:
        return None
    if not _COUNTRY.match(text):
        raise ValueError(f"must be a two-letter country code like 'DE', got {text!r}")
    return text


def _image_file(value: Any) -> str | None:
    text = _text(value).replace("\\", "/")
    if not text:
        return None
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text) or ".." in parts or not parts:
        raise ValueError(
            f"must be a file name inside the images folder (no absolute path, no '..'), "
            f"got {text!r}"
        )
    return "/".join(parts)


def _optional_text(value: Any, limit: int = 255) -> str | None:
    text = " ".join(_text(value).split())
    if not text:
        return None
    if len(text) > limit:
        raise ValueError(f"is longer than {limit} characters")
    return text


def _pack(barcode_value: Any, units_value: Any, ean: str | None) -> tuple[str | None, int | None]:
    barcode = " ".join(_text(barcode_value).split()) or None
    units_text = _text(units_value)
    if barcode is None and not units_text:
        return None, None
    if barcode is None:
        raise ValueError("pack_barcode is required when pack_units is given")
    if not units_text:
        raise ValueError("pack_units is required when pack_barcode is given")
    if not _DIGITS.match(units_text) or int(units_text) < 2:
        raise ValueError(f"pack_units must be a whole number of 2 or more, got {units_text!r}")
    if _DIGITS.match(barcode) and len(barcode) in (8, 12, 13, 14):
        try:
            _ean(barcode)
        except ValueError as exc:
            raise ValueError(f"pack_barcode {exc}") from None
    if ean is not None and barcode.lstrip("0") == ean.lstrip("0"):
        raise ValueError(f"pack_barcode {barcode!r} is the product's own ean; a pack needs its own")
    return barcode, int(units_text)


_RULES = {
    "ean": _ean,
    "weight_g": _weight,
    "customs_description": _optional_text,
    "customs_value": _money,
    "tariff_code_sending": _tariff,
    "tariff_code_receiving": _tariff,
    "origin_country": _country,
    "image_file": _image_file,
}


def check_row(row: Mapping[str, Any], where: str) -> CatalogProduct | list[CatalogProblem]:
    """Check one row of the export: the product, or one problem per bad field."""
    problems: list[CatalogProblem] = []
    sku: str | None = None
    try:
        sku = _sku(row.get("sku"))
    except ValueError as exc:
        problems.append(CatalogProblem(f"sku {exc}", where, column="sku"))
    values: dict[str, Any] = {}
    try:
        values["name"] = _optional_text(row.get("name")) or ""
    except ValueError as exc:
        problems.append(CatalogProblem(f"name {exc}", where, sku, column="name"))
    for column, rule in _RULES.items():
        try:
            values[column] = rule(row.get(column))
        except ValueError as exc:
            problems.append(CatalogProblem(f"{column} {exc}", where, sku, column=column))
    try:
        values["pack_barcode"], values["pack_units"] = _pack(
            row.get("pack_barcode"), row.get("pack_units"), values.get("ean")
        )
    except ValueError as exc:
        problems.append(CatalogProblem(str(exc), where, sku, column="pack_barcode"))
    if problems:
        return [replace(p, sku=sku) for p in problems]
    assert sku is not None
    return CatalogProduct(sku=sku, where=where, **values)


def listing_of(
    rows: list[tuple[str, Mapping[str, Any]]],
    problems: list[CatalogProblem] | None = None,
    source: str = "",
) -> CatalogListing:
    """Check every row; a SKU found in more than one row is a problem naming each place."""
    found: dict[str, list[CatalogProduct]] = {}
    all_problems = list(problems or [])
    for where, row in rows:
        checked = check_row(row, where)
        if isinstance(checked, list):
            all_problems.extend(checked)
        else:
            found.setdefault(checked.sku, []).append(checked)
    products: list[CatalogProduct] = []
    for sku, same in found.items():
        if len(same) > 1:
            places = " and ".join(p.where for p in same)
            all_problems.append(
                CatalogProblem(
                    f"SKU {sku} is there {len(same)} times ({places})",
                    same[0].where,
                    sku,
                    places=places,
                )
            )
        else:
            products.append(same[0])
    return CatalogListing(tuple(products), tuple(all_problems), source)


# ---------------------------------------------------------------------- images


class ImageKind(StrEnum):
    PNG = "png"
    JPEG = "jpeg"


@dataclass(frozen=True, slots=True)
class ImageInfo:
    kind: ImageKind
    size: int
    width: int | None
    height: int | None
    warnings: tuple[Note, ...] = ()  # English, with kinds and facts for the window

    @property
    def extension(self) -> str:
        return "png" if self.kind is ImageKind.PNG else "jpg"


class ImageRejected(ValueError):
    """The file cannot be a 7S product image (not PNG/JPEG by content, or too large)."""


def _png_size(content: bytes) -> tuple[int, int] | None:
    if len(content) >= 24 and content[12:16] == b"IHDR":
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    return None


_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    i = 2
    n = len(content)
    while i + 4 <= n:
        if content[i] != 0xFF:
            return None
        marker = content[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            i += 2
            continue
        if marker == 0xD9:  # end of image
            return None
        (length,) = struct.unpack(">H", content[i + 2 : i + 4])
        if marker in _SOF_MARKERS and i + 9 <= n:
            height, width = struct.unpack(">HH", content[i + 5 : i + 9])
            return int(width), int(height)
        if length < 2:
            return None
        i += 2 + length
    return None


def inspect_image(content: bytes, name: str = "") -> ImageInfo:
    """Recognise a PNG or JPEG by its bytes and read its dimensions from its header.

    Raises ``ImageRejected`` for anything else or a file over 10 MB. Warnings (not errors):
    smaller than 800×800 pixels, not square, or dimensions unreadable.
    """
    shown = f"{name} " if name else ""
    if content.startswith(PNG_MAGIC):
        kind, dims = ImageKind.PNG, _png_size(content)
    elif content.startswith(JPEG_MAGIC):
        kind, dims = ImageKind.JPEG, _jpeg_size(content)
    else:
        raise ImageRejected(
            f"{shown}is not a PNG or JPEG image (checked by its content, not its name)".strip()
        )
    if len(content) > MAX_IMAGE_BYTES:
        megabytes = len(content) / 1024 / 1024
        raise ImageRejected(
            f"{shown}is {megabytes:.1f} MB; Seven Senders takes at most 10 MB".strip()
        )
    warnings: list[Note] = []
    width = height = None
    image = name or "—"
    if dims is None:
        warnings.append(
            Note(
                NoteKind.IMAGE_SIZE_UNKNOWN,
                f"{shown}: its dimensions could not be read".strip(": "),
                image=image,
            )
        )
    else:
        width, height = dims
        size: dict[str, str | int] = {"image": image, "width": width, "height": height}
        if width < RECOMMENDED_MIN_SIDE or height < RECOMMENDED_MIN_SIDE:
            warnings.append(
                Note(
                    NoteKind.IMAGE_SMALL,
                    f"{shown}is {width}×{height} px, smaller than the recommended 800×800".strip(),
                    **size,
                )
            )
        if width != height:
            warnings.append(
                Note(
                    NoteKind.IMAGE_NOT_SQUARE,
                    f"{shown}is {width}×{height} px, not square".strip(),
                    **size,
                )
            )
    return ImageInfo(kind, len(content), width, height, tuple(warnings))


# ---------------------------------------------------------------------- hashes and plans


def product_hash(product: Product) -> str:
    """The content hash of what 7S holds for a product (the fields the station sends)."""
    data = {
        "sku": product.sku,
        "customs_description": product.customs_description,
        "customs_item_value": None
        if product.customs_item_value is None
        else str(product.customs_item_value),
        "tariff_code_sending": product.tariff_code_sending,
        "tariff_code_receiving": product.tariff_code_receiving,
        "origin_country": product.origin_country,
    }
    encoded = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True, slots=True)
class SyncedProduct:
    """What the journal remembers of a product after its last successful sync."""

    sku: str
    product_hash: str
    image_hash: str | None = None
    image_file: str | None = None
    synced_at: datetime | None = None


class ProductAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    UNCHANGED = "unchanged"


class ImageAction(StrEnum):
    UPLOAD = "upload"
    DELETE = "delete"
    UNCHANGED = "unchanged"
    NONE = "none"  # the product has no image and had none


def product_action(wanted_hash: str, synced: SyncedProduct | None) -> ProductAction:
    if synced is None:
        return ProductAction.CREATE
    if synced.product_hash != wanted_hash:
        return ProductAction.UPDATE
    return ProductAction.UNCHANGED


def image_action(wanted: str | None, synced: SyncedProduct | None) -> ImageAction:
    had = synced.image_hash if synced is not None else None
    if wanted is None:
        return ImageAction.DELETE if had is not None else ImageAction.NONE
    if wanted != had:
        return ImageAction.UPLOAD
    return ImageAction.UNCHANGED


@dataclass(frozen=True, slots=True)
class CatalogFailure:
    """A product that failed: ``reason`` in English (log, command line); the window words
    ``note`` (what failed, by kind) or ``error`` (a 7S failure, by its type)."""

    sku: str
    reason: str
    where: str = ""
    note: Note | None = None
    error: Exception | None = None


@dataclass(frozen=True, slots=True)
class CatalogSummary:
    """The end of a sync: what changed at 7S, what was left alone, what failed and why."""

    source: str
    dry_run: bool
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    images_uploaded: tuple[str, ...] = ()
    images_deleted: tuple[str, ...] = ()
    failed: tuple[CatalogFailure, ...] = ()
    warnings: tuple[Note, ...] = ()  # English, with kinds and facts for the window
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
            "unchanged": len(self.unchanged),
            "images_uploaded": len(self.images_uploaded),
            "images_deleted": len(self.images_deleted),
            "failed": len(self.failed),
            "warnings": len(self.warnings),
        }
