"""Outer packs: a pack barcode counts its units; over-scan rules hold for whole packs."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from packstation.domain.barcodes import (
    GS,
    BarcodeConfig,
    gs1_check_digit,
    packaging_indicator,
    parse_scan,
    unit_gtin,
)
from packstation.domain.catalog import CATALOG_COLUMNS, check_row
from packstation.domain.orders import MerchantOrder, OrderLine, PackCode
from packstation.domain.packing import PackingProgress, ScanOutcome, ScanResult
from packstation.domain.shipping import Address

CONFIG = BarcodeConfig()
RECIPIENT = Address(
    first_name="Erika", last_name="Mustermann", street="Hauptstr.", zip="10115", city="Berlin",
    country="DE",
)  # fmt: skip


def with_check(body: str) -> str:
    return body + str(gs1_check_digit(body))


MUG_EAN = "4006381333931"
MUG_CASE_6 = with_check("1400638133393")  # GTIN-14, packaging indicator 1
MUG_CASE_24 = with_check("3400638133393")  # indicator 3, not declared by the order
MUG_SIXPACK_EAN = with_check("400638133394")  # an EAN-13 of its own on a shrink-wrapped 6-pack


def an_order(*lines: OrderLine) -> MerchantOrder:
    return MerchantOrder(
        order_id="A100", order_date=datetime(2026, 5, 1), recipient=RECIPIENT, lines=lines
    )


def mug(quantity: int, *packs: PackCode) -> OrderLine:
    return OrderLine(sku="MUG-1", name="Mug", quantity=quantity, ean=MUG_EAN, packs=packs)


def run(progress: PackingProgress, *codes: str) -> tuple[PackingProgress, list[ScanResult]]:
    results = []
    for code in codes:
        progress, result = progress.apply(parse_scan(code, CONFIG))
        results.append(result)
    return progress, results


def test_packaging_indicators() -> None:
    assert packaging_indicator(MUG_CASE_6) == 1
    assert packaging_indicator("0" + MUG_EAN) is None  # the unit itself
    assert packaging_indicator(with_check("9400638133393")) is None  # variable measure
    wrong_check = MUG_CASE_6[:-1] + str((int(MUG_CASE_6[-1]) + 1) % 10)
    assert packaging_indicator(wrong_check) is None
    assert unit_gtin(MUG_CASE_6) == "0" + MUG_EAN
    assert unit_gtin(MUG_CASE_24) == "0" + MUG_EAN
    assert unit_gtin("0" + MUG_EAN) is None


def test_a_case_counts_its_units_and_a_second_case_is_refused_whole() -> None:
    progress = PackingProgress.start(an_order(mug(8, PackCode(MUG_CASE_6, 6))))
    progress, [first] = run(progress, MUG_CASE_6)
    assert (first.outcome, first.units, first.pack_units) == (ScanOutcome.ACCEPTED, 6, 6)
    assert first.message == "MUG-1 accepted (pack of 6; 6 of 8)."
    assert progress.scanned == (6,)
    progress, [again] = run(progress, MUG_CASE_6)
    assert (again.outcome, again.units, again.pack_units) == (ScanOutcome.OVER_SCAN, 0, 6)
    assert "only 2 are still open in order A100: open the pack" in again.message
    assert progress.scanned == (6,)
    progress, results = run(progress, MUG_EAN, MUG_EAN)
    assert [r.outcome for r in results] == [ScanOutcome.ACCEPTED, ScanOutcome.ORDER_COMPLETE]
    _, [late] = run(progress, MUG_CASE_6)
    assert late.outcome is ScanOutcome.OVER_SCAN
    assert late.message == "A pack of 6 MUG-1 is too many: order A100 has 8 and all are packed."


def test_packs_by_ean13_and_by_text() -> None:
    line = mug(12, PackCode(MUG_SIXPACK_EAN, 6), PackCode("MUG-BOX-6", 6))
    progress = PackingProgress.start(an_order(line))
    progress, results = run(progress, MUG_SIXPACK_EAN, "mug-box-6")
    assert [r.outcome for r in results] == [ScanOutcome.ACCEPTED, ScanOutcome.ORDER_COMPLETE]
    assert results[1].message == "MUG-1 packed (pack of 6; 12 of 12); order A100 is complete."
    assert progress.complete


def test_a_pack_fills_the_products_lines_in_order() -> None:
    order = an_order(mug(4, PackCode(MUG_CASE_6, 6)), mug(2, PackCode(MUG_CASE_6, 6)))
    progress, [result] = run(PackingProgress.start(order), MUG_CASE_6)
    assert progress.scanned == (4, 2)
    assert (result.outcome, result.line_index) == (ScanOutcome.ORDER_COMPLETE, 1)


def test_a_pack_that_completes_a_line() -> None:
    other = OrderLine(sku="PLATE", name="Plate", quantity=1, ean="036000291452")
    order = an_order(mug(6, PackCode(MUG_CASE_6, 6)), other)
    _, [result] = run(PackingProgress.start(order), MUG_CASE_6)
    assert (result.outcome, result.line_index, result.expected) == (
        ScanOutcome.LINE_COMPLETE,
        0,
        ("PLATE",),
    )


def test_an_undeclared_case_is_refused_with_what_to_do() -> None:
    progress = PackingProgress.start(an_order(mug(30, PackCode(MUG_CASE_6, 6))))
    after, [result] = run(progress, MUG_CASE_24)
    assert after == progress
    assert (result.outcome, result.sku, result.units) == (ScanOutcome.WRONG_ITEM, "MUG-1", 0)
    assert "outer pack of MUG-1 (packaging indicator 3)" in result.message
    assert "add the pack barcode with its number of units" in result.message


def test_a_gs1_label_with_contents_and_count_is_a_pack() -> None:
    label = f"]C102{'0' + MUG_EAN}37{6}"
    progress, [result] = run(PackingProgress.start(an_order(mug(10))), label)
    assert (result.outcome, result.units) == (ScanOutcome.ACCEPTED, 6)
    assert progress.scanned == (6,)
    bigger = f"]C100{with_check('0' * 17)}02{'0' + MUG_EAN}3712{GS}"
    _, [refused] = run(progress, bigger)
    assert (refused.outcome, refused.pack_units) == (ScanOutcome.OVER_SCAN, 12)


def test_single_units_still_count_one_by_one() -> None:
    progress = PackingProgress.start(an_order(mug(2, PackCode(MUG_CASE_6, 6))))
    progress, [result] = run(progress, MUG_EAN)
    assert (result.outcome, result.units, result.pack_units) == (ScanOutcome.ACCEPTED, 1, None)


@pytest.mark.parametrize(
    ("barcode", "units", "words"),
    [("", 6, "must not be empty"), ("X", 1, "at least 2 units"), ("X", True, "at least 2")],
)
def test_bad_packs_are_refused(barcode: str, units: int, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        PackCode(barcode, units)


@settings(deadline=None)  # busy shared machines: no per-example time limit
@given(
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=2, max_value=12),
    st.lists(st.sampled_from(["unit", "pack", "gs1", "case24"]), max_size=30),
)
def test_packs_never_pack_more_than_ordered(quantity: int, size: int, scans: list[str]) -> None:
    order = an_order(mug(quantity, PackCode(MUG_CASE_6, size)))
    codes = {
        "unit": MUG_EAN,
        "pack": MUG_CASE_6,
        "gs1": f"]C102{'0' + MUG_EAN}37{size}",
        "case24": MUG_CASE_24,
    }
    progress = PackingProgress.start(order)
    total = 0
    for name in scans:
        before = progress.units_scanned
        progress, result = progress.apply(parse_scan(codes[name], CONFIG))
        assert progress.units_scanned == before + result.units
        assert progress.units_scanned <= quantity
        if name in ("pack", "gs1"):
            assert result.counted == (before + size <= quantity)
        total += result.units
    assert progress.units_scanned == total


# --------------------------------------------------------------------------- catalog


def test_the_catalog_carries_a_pack_per_product() -> None:
    product = check_row(
        {"sku": "MUG-1", "ean": MUG_EAN, "pack_barcode": MUG_CASE_6, "pack_units": "6"},
        "products.csv line 2",
    )
    assert not isinstance(product, list)
    assert product.pack == PackCode(MUG_CASE_6, 6)
    plain = check_row({"sku": "MUG-1", "pack_barcode": " ", "pack_units": ""}, "line 3")
    assert not isinstance(plain, list)
    assert plain.pack is None
    assert "pack_barcode" in CATALOG_COLUMNS
    assert "pack_units" in CATALOG_COLUMNS


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ({"pack_barcode": MUG_CASE_6}, "pack_units is required when pack_barcode is given"),
        ({"pack_units": "6"}, "pack_barcode is required when pack_units is given"),
        ({"pack_barcode": MUG_CASE_6, "pack_units": "1"}, "2 or more, got '1'"),
        ({"pack_barcode": MUG_CASE_6, "pack_units": "six"}, "2 or more, got 'six'"),
        ({"pack_barcode": MUG_CASE_6[:-1] + "0", "pack_units": "6"}, "pack_barcode has a wrong"),
        ({"ean": MUG_EAN, "pack_barcode": "0" + MUG_EAN, "pack_units": "6"}, "product's own ean"),
    ],
)
def test_bad_catalog_packs_are_named(row: dict[str, str], words: str) -> None:
    checked = check_row({"sku": "MUG-1", **row}, "line 4")
    assert isinstance(checked, list)
    assert any(words in problem.message for problem in checked), checked
    assert all(problem.sku == "MUG-1" for problem in checked)
