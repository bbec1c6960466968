"""Merchant order documents for tests: a valid example, a CSV writer and hypothesis strategies."""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from packstation.adapters.order_source_fields import COUNTRIES, CURRENCIES, gtin_check_digit
from packstation.adapters.order_source_folder import CSV_COLUMNS
from packstation.domain.orders import MerchantOrder
from packstation.domain.shipping import CarrierService

_DOCUMENT: dict[str, Any] = {
    "order_id": "A100",
    "order_date": "2026-11-20T09:15:00+01:00",
    "order_url": "https://shop.example/orders/A100",
    "language": "de",
    "carrier": "dhl:DE",
    "carrier_service": "standard",
    "pudo_id": None,
    "parcels": 1,
    "tags": {"channel": "web"},
    "recipient": {
        "first_name": "Anna",
        "last_name": "Müller",
        "company_name": "",
        "email": "anna@example.de",
        "phone": "",
        "street": "Schwedter Str.",
        "house_no": "36A",
        "address_details": "",
        "zip": "10435",
        "city": "Berlin",
        "country": "DE",
    },
    "items": [
        {
            "sku": "SKU-TSHIRT-M",
            "ean": "4006381333931",
            "name": "T-Shirt M",
            "quantity": 2,
            "weight_g": 180,
            "unit_value": "19.90",
            "currency": "EUR",
            "hs_code": "610910",
            "origin_country": "PT",
        },
        {"sku": "SKU-MUG-WHT", "name": "Ceramic mug, white", "quantity": 1},
    ],
}


def a_document(order_id: str = "A100", **overrides: Any) -> dict[str, Any]:
    """A fresh, valid merchant order document (deep copy), with top-level ``overrides``."""
    doc = copy.deepcopy(_DOCUMENT)
    doc["order_id"] = order_id
    doc.update(overrides)
    return doc


# --------------------------------------------------------------------------- CSV


def order_csv_rows(order: MerchantOrder) -> list[dict[str, str]]:
    """One CSV row per order line, every column filled as an export would."""
    r = order.recipient
    head = {
        "order_id": order.order_id,
        "order_date": order.order_date.isoformat(),
        "order_url": order.order_url or "",
        "language": order.language or "",
        "carrier": str(order.carrier) if order.carrier else "",
        "carrier_service": order.carrier_service.value,
        "pudo_id": order.pudo_id or "",
        "parcels": str(order.parcels),
        "recipient_first_name": r.first_name,
        "recipient_last_name": r.last_name,
        "recipient_company_name": r.company_name,
        "recipient_email": r.email,
        "recipient_phone": r.phone,
        "recipient_street": r.street,
        "recipient_house_no": r.house_no,
        "recipient_address_details": r.address_details,
        "recipient_zip": r.zip,
        "recipient_city": r.city,
        "recipient_country": r.country,
    }
    rows = []
    for line in order.lines:
        rows.append(
            {
                **head,
                "sku": line.sku,
                "ean": line.ean or "",
                "name": line.name,
                "quantity": str(line.quantity),
                "weight_g": "" if line.weight_g is None else str(line.weight_g),
                "unit_value": "" if line.unit_value is None else format(line.unit_value, "f"),
                "currency": line.currency,
                "hs_code": line.hs_code or "",
                "origin_country": line.origin_country or "",
                "image_url": line.image_url or "",
            }
        )
    return rows


def csv_text(
    rows: Sequence[dict[str, str]], *, delimiter: str = ",", columns: Sequence[str] = CSV_COLUMNS
) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(columns), delimiter=delimiter, lineterminator="\r\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# --------------------------------------------------------------------------- strategies

_LETTERS = st.characters(
    categories=("L", "N", "Zs", "Pd", "Po"), exclude_characters="\x85\xa0\u2028\u2029"
)


def _clean_text(max_size: int = 30) -> st.SearchStrategy[str]:
    return (
        st.text(_LETTERS, min_size=1, max_size=max_size)
        .map(lambda s: " ".join(s.split()))
        .filter(bool)
    )


@st.composite
def eans(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from([8, 12, 13, 14]))
    body = draw(st.text("0123456789", min_size=length - 1, max_size=length - 1))
    return body + str(gtin_check_digit(body))


_ZONES = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))])


@st.composite
def items(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {
        "sku": draw(st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,15}", fullmatch=True)),
        "name": draw(_clean_text()),
        "quantity": draw(st.integers(1, 500)),
    }
    optional: dict[str, st.SearchStrategy[Any]] = {
        "ean": eans(),
        "weight_g": st.integers(0, 40_000),
        "unit_value": st.decimals(min_value=0, max_value=100_000, places=2).map(
            lambda d: format(d, "f")
        )
        | st.integers(0, 5000),
        "currency": st.sampled_from(sorted(CURRENCIES)),
        "hs_code": st.from_regex(r"[0-9]{6,10}", fullmatch=True),
        "origin_country": st.sampled_from(sorted(COUNTRIES)),
        "image_url": st.from_regex(r"https://img\.example/[a-z0-9]{1,10}\.png", fullmatch=True),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            item[key] = draw(strategy)
    return item


@st.composite
def documents(draw: st.DrawFn, *, with_tags: bool = True) -> dict[str, Any]:
    """Valid merchant order documents, as JSON would carry them."""
    when = draw(
        st.datetimes(
            min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=_ZONES
        )
    )
    doc: dict[str, Any] = {
        "order_id": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,19}", fullmatch=True)),
        "order_date": when.isoformat(),
        "recipient": {
            "first_name": draw(_clean_text()),
            "last_name": draw(_clean_text()),
            "street": draw(_clean_text()),
            "zip": draw(st.from_regex(r"[0-9A-Z][0-9A-Z -]{1,8}[0-9A-Z]", fullmatch=True)),
            "city": draw(_clean_text()),
            "country": draw(st.sampled_from(sorted(COUNTRIES))),
        },
        "items": draw(st.lists(items(), min_size=1, max_size=4)),
    }
    optional: dict[str, st.SearchStrategy[Any]] = {
        "order_url": st.from_regex(r"https://shop\.example/o/[0-9]{1,8}", fullmatch=True),
        "language": st.sampled_from(["de", "en", "fr", "NL"]),
        "carrier": st.sampled_from(["dhl:DE", "ups:DE", "mondialrelay:FR", "gls:de"]),
        "carrier_service": st.sampled_from([s.value for s in CarrierService]),
        "pudo_id": st.from_regex(r"[0-9]{6}", fullmatch=True),
        "parcels": st.integers(1, 99),
    }
    if with_tags:
        optional["tags"] = st.dictionaries(_clean_text(10), _clean_text(), max_size=3)
    for key, strategy in optional.items():
        if draw(st.booleans()):
            doc[key] = draw(strategy)
    recipient_optional = {
        "company_name": _clean_text(),
        "email": st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(de|com)", fullmatch=True),
        "phone": st.from_regex(r"\+[0-9]{6,12}", fullmatch=True),
        "house_no": st.from_regex(r"[0-9]{1,3}[A-Z]?", fullmatch=True),
        "address_details": _clean_text(),
    }
    for key, strategy in recipient_optional.items():
        if draw(st.booleans()):
            doc["recipient"][key] = draw(strategy)
    return doc
