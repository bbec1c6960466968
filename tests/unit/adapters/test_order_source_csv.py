"""CSV and JSON export files, read from bytes (no folder): lines, columns, agreement, encoding."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from packstation.adapters.order_source_folder import (
    CSV_COLUMNS,
    FileOrders,
    is_export_file,
    read_csv_file,
    read_export_file,
    read_json_file,
)
from packstation.adapters.order_source_wire import validate_order
from packstation.domain.orders import MerchantOrder
from tests.order_documents import a_document, csv_text, documents, order_csv_rows

HEADER = (
    "order_id;order_date;recipient_first_name;recipient_last_name;recipient_street;"
    "recipient_zip;recipient_city;recipient_country;sku;name;quantity;unit_value"
)


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def orders(parsed: FileOrders) -> dict[str, MerchantOrder]:
    return {e.order_id: e.order for e in parsed.entries if e.order_id and e.order}


def errors(parsed: FileOrders) -> list[str]:
    found = [str(p) for p in parsed.problems]
    for entry in parsed.entries:
        found += [str(e) for e in entry.errors]
    return found


def test_rows_of_one_order_become_its_lines_semicolon_and_bom() -> None:
    parsed = read_csv_file(
        csv_bytes(
            HEADER,
            "A100;2026-11-20T09:15:00+01:00;Anna;Müller;Schwedter Str.;10435;Berlin;de;"
            "SKU-1;T-Shirt;2;19,90",
            "A101;2026-11-21T10:00:00+01:00;Ben;Kurz;Hauptstr. 1;1060;Wien;AT;SKU-9;Mug;1;",
            ";;;;;;;;;;;",
            "A100;;;;;;;;SKU-2;Mug, white;1;12.50",
            bom=True,
        ),
        "orders.csv",
    )
    assert errors(parsed) == []
    found = orders(parsed)
    assert set(found) == {"A100", "A101"}
    a100 = found["A100"]
    assert [(line.sku, line.name, line.quantity) for line in a100.lines] == [
        ("SKU-1", "T-Shirt", 2),
        ("SKU-2", "Mug, white", 1),
    ]
    assert [line.unit_value for line in a100.lines] == [Decimal("19.90"), Decimal("12.50")]
    assert a100.recipient.country == "DE"
    assert a100.order_date == datetime(2026, 11, 20, 8, 15, tzinfo=UTC)
    assert [e.where for e in parsed.entries] == ["line 2", "line 3"]


def test_comma_delimiter_with_quotes_and_unknown_columns() -> None:
    parsed = read_csv_file(
        csv_bytes(
            "Order_ID,order_date,recipient_first_name,recipient_last_name,recipient_street,"
            "recipient_zip,recipient_city,recipient_country,sku,name,quantity,shop_notes",
            'A1,2026-11-20,Anna,Müller,"Schwedter Str., Hinterhaus",10435,Berlin,DE,S1,'
            '"Shirt ""Basic""\nsize M",1,"fragile, handle with care"',
            "A2,2026-11-20,Ben,Kurz,Allee 1,10117,Berlin,DE,S2,Mug,3,",
        ),
        "export.CSV",
    )
    assert errors(parsed) == []
    found = orders(parsed)
    assert found["A1"].recipient.street == "Schwedter Str., Hinterhaus"
    assert found["A1"].lines[0].name == 'Shirt "Basic"\nsize M'
    assert [e.where for e in parsed.entries] == ["line 2", "line 4"]  # the quoted newline


def test_a_bad_cell_names_file_line_and_column() -> None:
    rows = [HEADER] + [
        f"A{n};2026-11-20T09:15:00+01:00;Anna;Müller;Str. 1;10435;Berlin;DE;SKU-{n};Item;1;"
        for n in range(1, 6)
    ]
    rows.append("A6;2026-11-20T09:15:00+01:00;Anna;Müller;Str. 1;10435;Berlin;DE;SKU-6;Item;two;")
    parsed = read_csv_file(csv_bytes(*rows), "orders.csv")
    assert errors(parsed) == [
        "orders.csv line 7: quantity: must be a whole number of at least 1, got 'two'"
    ]
    [bad] = [e for e in parsed.entries if e.order is None]
    assert bad.order_id == "A6"
    assert bad.errors[0].location == "orders.csv line 7: quantity"
    assert bad.errors[0].message == "must be a whole number of at least 1, got 'two'"
    assert len(orders(parsed)) == 5


def test_order_level_columns_must_agree_naming_both_lines() -> None:
    parsed = read_csv_file(
        csv_bytes(
            HEADER,
            "A100;2026-11-20T09:15:00+01:00;Anna;Müller;Str. 1;10435;Berlin;DE;SKU-1;Shirt;1;",
            "A100;;;;;;;;SKU-2;Mug;1;",
            "A100;;;;;10437;;;SKU-3;Cap;1;",
        ),
        "orders.csv",
    )
    assert errors(parsed) == [
        "orders.csv lines 2 and 4: recipient_zip: differs between the lines of order A100: "
        "'10435' and '10437'"
    ]
    assert orders(parsed) == {}


def test_missing_values_point_at_the_order_line() -> None:
    parsed = read_csv_file(
        csv_bytes(HEADER, "A100;2026-11-20;Anna;Müller;Str. 1;10435;;DE;SKU-1;;1;"), "o.csv"
    )
    assert errors(parsed) == [
        "o.csv line 2: recipient_city: is required",
        "o.csv line 2: name: is required",
    ]


def test_header_problems_stop_only_this_file() -> None:
    missing = read_csv_file(csv_bytes("order_id;sku;name", "A1;S;N"), "o.csv")
    assert errors(missing) == [
        "o.csv line 1: lacks the required columns order_date, recipient_first_name, "
        "recipient_last_name, recipient_street, recipient_zip, recipient_city, "
        "recipient_country, quantity in its header line"
    ]
    twice = read_csv_file(csv_bytes(HEADER + ";sku"), "o.csv")
    assert errors(twice) == ["o.csv line 1: names the column 'sku' twice"]
    assert errors(read_csv_file(b"\r\n  \r\n", "o.csv")) == ["o.csv: is empty"]


def test_rows_without_order_id_or_with_too_many_values() -> None:
    parsed = read_csv_file(
        csv_bytes(
            HEADER,
            ";2026-11-20;Anna;Müller;Str. 1;10435;Berlin;DE;SKU-1;Shirt;1;",
            "A2;2026-11-20;Anna;Müller;Str. 1;10435;Berlin;DE;SKU-1;Shirt;1;9.90;oops",
            "A3;2026-11-20;Anna;Müller;Str. 1;10435;Berlin;DE;SKU-1;Shirt;1;9.90;",
        ),
        "o.csv",
    )
    assert errors(parsed) == [
        "o.csv line 2: order_id: is required and must not be empty",
        "o.csv line 3: has 13 values but the header (line 1) has 12 columns; a value "
        "containing the delimiter needs quotes",
    ]
    assert set(orders(parsed)) == {"A3"}


def test_text_that_is_not_utf8_is_named() -> None:
    data = csv_bytes(HEADER, "A1;2026-11-20;J;M;Str;1;Wien;AT;S;N;1;").replace(
        b"Wien", "Wörgl".encode("cp1252")
    )
    assert errors(read_csv_file(data, "o.csv")) == [
        "o.csv line 2: is not UTF-8 text (byte 0xF6 cannot be read); "
        "export or save the file as UTF-8"
    ]


def test_json_files() -> None:
    good = read_json_file(json.dumps([a_document("A1"), a_document("A2")]).encode(), "a.json")
    assert set(orders(good)) == {"A1", "A2"}
    bom = read_json_file(b"\xef\xbb\xbf" + json.dumps(a_document("A3")).encode(), "b.json")
    assert set(orders(bom)) == {"A3"}
    broken = read_json_file(b'{"order_id": "A4",\n  "items": [}', "A4.json")
    assert errors(broken) == ["A4.json line 2 column 13: is not valid JSON (Expecting value)"]
    assert errors(read_json_file(b"", "e.json")) == ["e.json: is empty"]
    assert errors(read_json_file(b'"A100"', "s.json")) == [
        's.json: must hold an order object {...}, a list of orders [...] or {"orders": [...]}, '
        "got 'A100'"
    ]


def test_export_file_names() -> None:
    assert is_export_file("A100.json")
    assert is_export_file("ORDERS.CSV")
    assert not is_export_file("~$orders.csv")
    assert not is_export_file(".A100.json")
    assert not is_export_file("readme.txt")
    assert read_export_file(b"", "x.CSV").problems[0].location == "x.CSV"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(documents(with_tags=False), min_size=1, max_size=4, unique_by=lambda d: d["order_id"]),
    st.sampled_from([",", ";"]),
    st.booleans(),
)
def test_orders_round_trip_through_csv(
    docs: list[dict[str, Any]], delimiter: str, bom: bool
) -> None:
    expected = {d["order_id"]: validate_order(d) for d in docs}
    rows = [row for order in expected.values() for row in order_csv_rows(order)]
    text = csv_text(rows, delimiter=delimiter)
    parsed = read_csv_file(("\ufeff" if bom else "").encode() + text.encode(), "o.csv")
    assert errors(parsed) == []
    assert orders(parsed) == expected
    assert len(CSV_COLUMNS) == 31
