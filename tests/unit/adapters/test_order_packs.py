"""Pack barcodes in the merchant order document: JSON ``packs``, CSV pack columns, schema."""

from __future__ import annotations

from typing import Any

import pytest

from packstation.adapters.gs1_biip import BiipGs1Decoder
from packstation.adapters.order_source_folder import read_csv_file
from packstation.adapters.order_source_wire import (
    order_schema,
    order_to_document,
    orders_in_payload,
    validate_order,
)
from packstation.domain.barcodes import BarcodeConfig, gs1_check_digit, parse_scan
from packstation.domain.orders import PackCode
from packstation.domain.packing import PackingProgress, ScanOutcome
from tests.order_documents import a_document

CASE_6 = "14006381333938"
assert gs1_check_digit(CASE_6[:-1]) == int(CASE_6[-1])


def with_packs(packs: Any) -> dict[str, Any]:
    doc = a_document()
    doc["items"][0]["packs"] = packs
    return doc


def problems_of(doc: Any) -> list[str]:
    [entry] = orders_in_payload(doc, "order.json")
    assert entry.order is None, "the document was accepted"
    return [str(e) for e in entry.errors]


def test_packs_map_to_the_order_line_and_back() -> None:
    doc = with_packs([{"barcode": CASE_6, "units": 6}, {"barcode": " TSHIRT-BOX-10 ", "units": 10}])
    order = validate_order(doc)
    assert order.lines[0].packs == (PackCode(CASE_6, 6), PackCode("TSHIRT-BOX-10", 10))
    assert order.lines[1].packs == ()
    assert validate_order(order_to_document(order)) == order
    assert "packs" not in order_to_document(order)["items"][1]


def test_no_packs_is_the_default() -> None:
    assert validate_order(with_packs(None)).lines[0].packs == ()
    assert validate_order(a_document()).lines[0].packs == ()


@pytest.mark.parametrize(
    ("packs", "expected"),
    [
        ("CASE", "items[0].packs: must be a list of packs like"),
        (["CASE"], "items[0].packs: must be a list of pack objects, but one is 'CASE'"),
        ([{"barcode": CASE_6}], "items[0].packs[0].units: is required"),
        ([{"barcode": CASE_6, "units": 1}], "units: must be a whole number between 2 and 10000"),
        ([{"barcode": "14006381333939", "units": 6}], "barcode: has a wrong check digit"),
        ([{"barcode": " ", "units": 6}], "barcode: is required and must not be empty"),
        ([{"barcode": "4006381333931", "units": 6}], "is the item's own EAN"),
        (
            [{"barcode": CASE_6, "units": 6}, {"barcode": "0" + CASE_6, "units": 12}],
            f"pack barcode '0{CASE_6}' is listed twice",
        ),
    ],
)
def test_bad_packs_are_named(packs: Any, expected: str) -> None:
    found = problems_of(with_packs(packs))
    assert any(expected in problem for problem in found), found


def test_the_schema_describes_packs() -> None:
    schema = order_schema()
    pack = schema["$defs"]["PackDocument"]
    assert (pack["title"], pack["required"]) == ("Pack", ["barcode", "units"])
    assert pack["properties"]["units"]["minimum"] == 2
    item = schema["$defs"]["OrderItemDocument"]["properties"]["packs"]
    assert item["items"] == {"$ref": "#/$defs/PackDocument"}


HEADER = (
    "order_id,order_date,recipient_first_name,recipient_last_name,recipient_street,"
    "recipient_zip,recipient_city,recipient_country,sku,ean,name,quantity,pack_barcode,pack_units"
)


def test_csv_pack_columns() -> None:
    text = "\n".join(
        [
            HEADER,
            f"A1,2026-11-24,Anna,Berg,Main St 1,10115,Berlin,DE,MUG,4006381333931,Mug,8,{CASE_6},6",
            "A1,,,,,,,,PLATE,,Plate,1,,",
        ]
    )
    parsed = read_csv_file(text.encode(), "orders.csv")
    [first, second] = parsed.entries[0].order.lines  # type: ignore[union-attr]
    assert first.packs == (PackCode(CASE_6, 6),)
    assert second.packs == ()


def test_csv_pack_problems_name_the_column() -> None:
    text = "\n".join(
        [
            HEADER,
            f"A1,2026-11-24,Anna,Berg,Main St 1,10115,Berlin,DE,MUG,4006381333931,Mug,8,{CASE_6},",
            "A2,2026-11-24,Anna,Berg,Main St 1,10115,Berlin,DE,MUG,,Mug,8,X,one",
        ]
    )
    parsed = read_csv_file(text.encode(), "orders.csv")
    found = [str(e) for entry in parsed.entries for e in entry.errors]
    assert "orders.csv line 2: pack_units: is required" in found
    assert any(f.startswith("orders.csv line 3: pack_units: must be a whole number") for f in found)


def test_the_stations_gs1_decoder_reads_a_logistic_label_as_a_pack() -> None:
    decoder = BiipGs1Decoder()
    config = BarcodeConfig()
    label = parse_scan("]C100000000000000000017020400638133393137" + "12\x1d", config, decoder)
    assert (label.content_gtin, label.count, label.gtin) == ("04006381333931", 12, None)
    order = validate_order(a_document())  # SKU-TSHIRT-M: EAN 4006381333931, 2 ordered
    progress = PackingProgress.start(order)
    _, refused = progress.apply(label)
    assert (refused.outcome, refused.pack_units) == (ScanOutcome.OVER_SCAN, 12)
    pair = parse_scan("]C10204006381333931372", config, decoder)
    after, counted = progress.apply(pair)
    assert (counted.outcome, counted.units, after.scanned[0]) == (ScanOutcome.LINE_COMPLETE, 2, 2)
