"""Packing rules: item scans against an order, packability, and properties over random orders."""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.domain.barcodes import BarcodeConfig, CodeKind, Scan, parse_scan
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.domain.packing import (
    NotPackableReason,
    PackingProgress,
    ScanOutcome,
    ScanResult,
    not_packable_message,
    packability,
)
from packstation.domain.shipping import Address, OrderState
from tests.unit.domain.gs1_strategies import gtin13s

CONFIG = BarcodeConfig()
RECIPIENT = Address(
    first_name="Erika", last_name="Mustermann", street="Hauptstr.", zip="10115", city="Berlin",
    country="DE",
)  # fmt: skip


def an_order(*lines: OrderLine, order_id: str = "A100") -> MerchantOrder:
    return MerchantOrder(
        order_id=order_id, order_date=datetime(2026, 5, 1), recipient=RECIPIENT, lines=lines
    )


def scan(raw: str) -> Scan:
    return parse_scan(raw, CONFIG)


MUG = OrderLine(sku="SKU-1", name="Mug", quantity=2, ean="4006381333931")
PLATE = OrderLine(sku="SKU-2", name="Plate", quantity=1, ean="036000291452")


def run(progress: PackingProgress, *codes: str) -> tuple[PackingProgress, list[ScanResult]]:
    results = []
    for code in codes:
        progress, result = progress.apply(scan(code))
        results.append(result)
    return progress, results


# --------------------------------------------------------------------------- examples


def test_scanning_every_unit_completes_the_order() -> None:
    start = PackingProgress.start(an_order(MUG, PLATE))
    assert (start.units_total, start.units_scanned, start.complete) == (3, 0, False)
    assert start.line_state(0) == "open"

    end, results = run(start, "4006381333931", "sku-1", "]E00036000291452")
    assert [r.outcome for r in results] == [
        ScanOutcome.ACCEPTED,
        ScanOutcome.LINE_COMPLETE,
        ScanOutcome.ORDER_COMPLETE,
    ]
    assert [r.line_index for r in results] == [0, 0, 1]
    assert [r.sku for r in results] == ["SKU-1", "SKU-1", "SKU-2"]
    assert results[0].expected == ("SKU-1", "SKU-2")
    assert results[1].expected == ("SKU-2",)
    assert results[2].expected == ()
    assert "order A100 is complete" in results[2].message
    assert end.complete
    assert end.remaining == ()
    assert end.units_scanned == 3


def test_partial_state_and_remaining() -> None:
    progress, _ = run(PackingProgress.start(an_order(MUG, PLATE)), "SKU-1")
    assert progress.line_state(0) == "partial"
    assert progress.line_state(1) == "open"
    assert progress.remaining == ((MUG, 1), (PLATE, 1))


def test_apply_returns_a_new_progress() -> None:
    start = PackingProgress.start(an_order(MUG))
    after, _ = start.apply(scan("SKU-1"))
    assert (start.units_scanned, after.units_scanned) == (0, 1)


def test_wrong_item_names_code_order_and_what_is_expected() -> None:
    progress = PackingProgress.start(an_order(MUG, PLATE))
    after, result = progress.apply(scan("5901234123457"))
    assert after is progress
    assert result.outcome is ScanOutcome.WRONG_ITEM
    assert result.message == "5901234123457 is not in order A100 (expected: SKU-1, SKU-2)."
    assert result.code == "5901234123457"
    assert result.order_id == "A100"


def test_over_scan_leaves_progress_alone() -> None:
    progress, results = run(PackingProgress.start(an_order(PLATE, MUG)), "SKU-2", "SKU-2")
    assert results[1].outcome is ScanOutcome.OVER_SCAN
    assert results[1].line_index == 0
    assert results[1].sku == "SKU-2"
    assert "One SKU-2 too many" in results[1].message
    assert progress.units_scanned == 1


def test_over_scan_after_order_complete() -> None:
    _, results = run(PackingProgress.start(an_order(PLATE)), "SKU-2", "SKU-2", "SKU-9")
    assert [r.outcome for r in results] == [
        ScanOutcome.ORDER_COMPLETE,
        ScanOutcome.OVER_SCAN,
        ScanOutcome.UNKNOWN_CODE,
    ]
    assert "nothing left to pack" in results[2].message


def test_first_open_matching_line_wins() -> None:
    first = OrderLine(sku="SKU-1", name="Mug red", quantity=1, ean="4006381333931")
    second = OrderLine(sku="SKU-1B", name="Mug red (gift)", quantity=1, ean="4006381333931")
    progress, results = run(PackingProgress.start(an_order(first, second)), *["4006381333931"] * 3)
    assert [r.line_index for r in results] == [0, 1, 0]
    assert [r.outcome for r in results] == [
        ScanOutcome.LINE_COMPLETE,
        ScanOutcome.ORDER_COMPLETE,
        ScanOutcome.OVER_SCAN,
    ]
    assert progress.complete


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("A101", "order barcode"),
        ("PS-CMD:FINISH", "command"),
        ("4006381333932", "check digit"),
        ("a\x07b", "control character"),
        ("SKU-9", "not an item of order A100"),
        ("]C100376104250021234569", "not an item"),  # an SSCC names no product
    ],
)
def test_codes_that_are_not_items(raw: str, words: str) -> None:
    progress = PackingProgress.start(an_order(MUG))
    after, result = progress.apply(scan(raw))
    assert after is progress
    assert result.outcome is ScanOutcome.UNKNOWN_CODE
    assert words in result.message
    assert "\x07" not in result.code


def test_sku_that_looks_like_an_order_id_or_a_bad_gtin_still_counts() -> None:
    odd = OrderLine(sku="B1234", name="Bolt", quantity=1)
    numeric = OrderLine(sku="12345678", name="Nut", quantity=1)  # not a valid EAN-8
    progress = PackingProgress.start(an_order(odd, numeric))
    assert scan("B1234").kind is CodeKind.ORDER
    assert scan("12345678").kind is CodeKind.INVALID
    _, results = run(progress, "B1234", "12345678")
    assert [r.outcome for r in results] == [ScanOutcome.LINE_COMPLETE, ScanOutcome.ORDER_COMPLETE]


def test_skip_all() -> None:
    progress = PackingProgress.start(an_order(MUG, PLATE)).skip_all()
    assert progress.complete
    assert progress.units_scanned == progress.units_total == 3
    assert progress.apply(scan("SKU-1"))[1].outcome is ScanOutcome.OVER_SCAN


def test_inconsistent_progress_is_refused() -> None:
    with pytest.raises(ValueError, match="counts for 1 lines"):
        PackingProgress(order=an_order(MUG), scanned=(0, 0))
    with pytest.raises(ValueError, match="outside"):
        PackingProgress(order=an_order(MUG), scanned=(3,))


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        ("shipped", NotPackableReason.ALREADY_SHIPPED),
        ("completed", NotPackableReason.COMPLETED),
        ("cancelled", NotPackableReason.CANCELLED),
        ("returned", NotPackableReason.RETURNED),
        (" Refunded ", NotPackableReason.REFUNDED),
        ("new", None),
        ("paid", None),
        ("in_production", None),
        ("warehouse_handover", None),
        ("in_preparation", None),
        ("something_7s_adds_later", None),
        (None, None),
    ],
)
def test_packability(state: str | None, reason: NotPackableReason | None) -> None:
    assert packability(state) is reason


def test_every_order_state_is_decided() -> None:
    packable = {s for s in OrderState if packability(s.value) is None}
    assert packable == {
        OrderState.NEW,
        OrderState.PAID,
        OrderState.IN_PRODUCTION,
        OrderState.WAREHOUSE_HANDOVER,
        OrderState.IN_PREPARATION,
    }


@pytest.mark.parametrize("reason", list(NotPackableReason))
def test_not_packable_message(reason: NotPackableReason) -> None:
    message = not_packable_message("A100", reason)
    assert message.startswith("Order A100 ")
    assert message.endswith(".")


# --------------------------------------------------------------------------- properties


@st.composite
def orders(draw: st.DrawFn) -> MerchantOrder:
    count = draw(st.integers(1, 5))
    lines = []
    for i in range(count):
        ean = draw(st.none() | gtin13s)
        sku = draw(st.sampled_from([f"SKU-{i}", "SKU-0", f"sku-{i}"]))  # duplicates happen
        lines.append(
            OrderLine(sku=sku, name=f"item {i}", quantity=draw(st.integers(1, 4)), ean=ean)
        )
    return an_order(*lines)


def codes_for(order: MerchantOrder) -> st.SearchStrategy[str]:
    own: list[str] = []
    for line in order.lines:
        own.append(line.sku)
        own.append(line.sku.lower())
        if line.ean:
            own += [line.ean, "0" + line.ean, "]E0" + line.ean, "]C101" + "0" + line.ean]
    others = ["A101", "PS-CMD:FINISH", "SKU-99", "5901234123457", "4006381333932", "\x07", ""]
    return st.sampled_from(own) | st.sampled_from(others) | gtin13s | st.text(max_size=12)


@st.composite
def orders_and_scans(draw: st.DrawFn) -> tuple[MerchantOrder, list[str]]:
    order = draw(orders())
    return order, draw(st.lists(codes_for(order), max_size=30))


@given(orders_and_scans())
def test_packing_invariants(case: tuple[MerchantOrder, list[str]]) -> None:
    order, codes = case
    progress = PackingProgress.start(order)
    completions = 0
    for code in codes:
        before = progress
        progress, result = progress.apply(scan(code))
        assert progress.units_scanned <= progress.units_total
        assert all(
            0 <= n <= line.quantity for n, line in zip(progress.scanned, order.lines, strict=True)
        )
        if result.counted:
            assert progress.units_scanned == before.units_scanned + 1
            assert result.line_index is not None
            assert result.sku == order.lines[result.line_index].sku
        else:
            assert progress == before  # over-scans, wrong items, unknown codes change nothing
        if result.outcome is ScanOutcome.ORDER_COMPLETE:
            completions += 1
            assert progress.complete
            assert not before.complete
            assert all(progress.line_state(i) == "done" for i in range(len(order.lines)))
        assert result.expected == progress.expected
        assert result.message
    assert completions == (1 if progress.complete else 0)


@given(orders_and_scans())
def test_packing_is_deterministic(case: tuple[MerchantOrder, list[str]]) -> None:
    order, codes = case
    first, first_results = run(PackingProgress.start(order), *codes)
    second, second_results = run(PackingProgress.start(order), *codes)
    assert first == second
    assert first_results == second_results


@given(orders(), st.randoms(use_true_random=False))
def test_every_unit_in_any_order_completes(order: MerchantOrder, rnd: random.Random) -> None:
    units = [line.sku for line in order.lines for _ in range(line.quantity)]
    rnd.shuffle(units)
    progress, results = run(PackingProgress.start(order), *units)
    assert progress.complete
    assert all(r.counted for r in results)
    assert [r.outcome for r in results].count(ScanOutcome.ORDER_COMPLETE) == 1
    assert results[-1].outcome is ScanOutcome.ORDER_COMPLETE
