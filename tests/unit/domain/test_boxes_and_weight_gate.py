"""Boxes of an order, box types from settings, and the weight gate."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from packstation.domain.boxes import (
    Box,
    BoxItem,
    BoxType,
    box_type_for_code,
    box_type_from_mapping,
    box_type_to_mapping,
    boxes_from_plain,
    boxes_from_specs,
    boxes_to_plain,
    check_box_types,
    check_boxes,
    line_units_by_box,
    move_units,
    order_counts,
    parse_box_spec,
    single_box,
)
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.domain.shipping import Address
from packstation.domain.weight_gate import (
    ExpectedWeight,
    WeightDecision,
    WeightTolerance,
    WeightVerdict,
    check_box_weight,
    check_weight,
    expected_box_weight,
    journal_detail,
    parcel_weights,
)

RECIPIENT = Address(
    first_name="Oliver", last_name="Smith", street="High St", zip="SW1A 1AA", city="London",
    country="GB",
)  # fmt: skip
LAMP = OrderLine(sku="LAMP-01", name="Desk lamp", quantity=1, weight_g=1200)
MAT = OrderLine(sku="MAT-02", name="Yoga mat", quantity=2, weight_g=900)
COFFEE = OrderLine(sku="COF-03", name="Coffee", quantity=1, weight_g=250)
SMALL = BoxType("S", barcode="BOX-S", length_mm=250, width_mm=175, height_mm=100, tare_g=120)
LARGE = BoxType("L", barcode="BOX-L", length_mm=601, width_mm=400, height_mm=300, tare_g=480)


def an_order(*lines: OrderLine) -> MerchantOrder:
    return MerchantOrder(
        order_id="A102", order_date=datetime(2026, 12, 1), recipient=RECIPIENT, lines=lines
    )


ORDER = an_order(LAMP, MAT, COFFEE)


# --------------------------------------------------------------------------- box types


def test_box_type_dimensions_in_cm_round_up() -> None:
    assert SMALL.dimensions_mm == (250, 175, 100)
    assert SMALL.dimensions_cm == (25, 18, 10)
    assert LARGE.dimensions_cm == (61, 40, 30)
    assert BoxType("Bag").dimensions_cm is None


def test_box_types_round_trip_through_settings() -> None:
    data = {"name": " S ", "barcode": "BOX-S", "length_mm": "250", "width_mm": 175,
            "height_mm": 100, "tare_g": 120}  # fmt: skip
    box_type = box_type_from_mapping(data)
    assert box_type == SMALL
    assert box_type_from_mapping(box_type_to_mapping(box_type)) == box_type
    assert box_type_from_mapping({"name": "Bag"}) == BoxType("Bag")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"barcode": "X"}, "needs a name"),
        ({"name": "  "}, "needs a name"),
        ({"name": "S", "colour": "brown"}, "unknown field.*colour"),
        ({"name": "S", "length_mm": 10}, "all three inner dimensions"),
        ({"name": "S", "length_mm": 0, "width_mm": 1, "height_mm": 1}, "from 1 to 3000"),
        ({"name": "S", "tare_g": -5}, "from 0 to 70000, not -5"),
        ({"name": "S", "tare_g": 80_000}, "from 0 to 70000"),
        ({"name": "S", "tare_g": "heavy"}, "tare of box type 'S' must be a whole number"),
        ({"name": "S", "barcode": 7}, "must be text"),
    ],
)
def test_bad_box_types_are_refused_in_words(data: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        box_type_from_mapping(data)


def test_box_type_lists_need_unique_names_and_barcodes() -> None:
    assert check_box_types([SMALL, LARGE]) == (SMALL, LARGE)
    with pytest.raises(ValueError, match="Two box types are called 's'"):
        check_box_types([SMALL, BoxType("s")])
    with pytest.raises(ValueError, match="barcode 'box-s'"):
        check_box_types([SMALL, BoxType("M", barcode="box-s")])


def test_a_box_barcode_finds_its_type() -> None:
    assert box_type_for_code([SMALL, LARGE], " box-l ") is LARGE
    assert box_type_for_code([SMALL, LARGE], "BOX-M") is None


# --------------------------------------------------------------------------- boxes


def test_one_box_holds_the_whole_order_by_default() -> None:
    (box,) = single_box(ORDER, SMALL)
    assert box.items == (BoxItem("LAMP-01", 1), BoxItem("MAT-02", 2), BoxItem("COF-03", 1))
    assert (box.number, box.units, box.box_type) == (1, 4, SMALL)
    assert check_boxes(ORDER, (box,)) == []


def test_a_sku_on_two_lines_is_added_up() -> None:
    order = an_order(LAMP, OrderLine(sku="LAMP-01", name="Desk lamp", quantity=2))
    assert order_counts(order) == {"LAMP-01": 3}


def test_the_packer_splits_the_order_into_boxes() -> None:
    boxes = boxes_from_specs(["LAMP-01", "MAT-02:2", "COF-03:1"], [1826, 1828, 400])
    assert [b.items for b in boxes] == [
        (BoxItem("LAMP-01", 1),),
        (BoxItem("MAT-02", 2),),
        (BoxItem("COF-03", 1),),
    ]
    assert [b.measured_weight_g for b in boxes] == [1826, 1828, 400]
    assert check_boxes(ORDER, boxes) == []


def test_units_move_between_boxes() -> None:
    boxes = single_box(ORDER)
    boxes = move_units(boxes, "MAT-02", 1, 2)
    assert [b.quantity("MAT-02") for b in boxes] == [1, 1]
    boxes = move_units(boxes, "MAT-02", 1, 2)
    assert boxes[0].quantity("MAT-02") == 0
    assert boxes[1].items == (BoxItem("MAT-02", 2),)
    assert check_boxes(ORDER, boxes) == []
    with pytest.raises(ValueError, match="Box 1 holds 0 of MAT-02"):
        move_units(boxes, "MAT-02", 1, 2)
    with pytest.raises(ValueError, match="no box 5; the next new box is 3"):
        move_units(boxes, "LAMP-01", 1, 5)
    with pytest.raises(ValueError, match="There is no box 9"):
        move_units(boxes, "LAMP-01", 9, 1)


def test_what_is_wrong_with_boxes_is_said_in_words() -> None:
    boxes = (
        Box(1, (BoxItem("LAMP-01", 1), BoxItem("MAT-02", 3))),
        Box(3, (BoxItem("TOY-9", 1),)),
        Box(2),
    )
    problems = check_boxes(ORDER, boxes)
    assert "The boxes must be numbered 1 to 3 in order, not [1, 3, 2]." in problems
    assert "Box 2 is empty: put something in it or remove it." in problems
    assert "TOY-9 is not in order A102 (box 3)." in problems
    assert "3 of MAT-02 are in the boxes, but order A102 has 2." in problems
    assert "1 of 1 COF-03 are in no box yet." in problems
    assert check_boxes(ORDER, ()) == ["Order A102 has no box."]


@pytest.mark.parametrize(
    ("spec", "items"),
    [
        ("LAMP-01", (BoxItem("LAMP-01", 1),)),
        ("A:1, B:2 ,A:2", (BoxItem("A", 3), BoxItem("B", 2))),
        ("URN:ISBN:9780:2", (BoxItem("URN:ISBN:9780", 2),)),
    ],
)
def test_box_specs(spec: str, items: tuple[BoxItem, ...]) -> None:
    assert parse_box_spec(spec) == items


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("", "at least one SKU"),
        ("A,,B", "empty entry"),
        (":2", "names no SKU"),
        ("A:0", "1 or more"),
        ("A:two", "1 or more"),
    ],
)
def test_bad_box_specs_are_refused_in_words(spec: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_box_spec(spec)


def test_bad_boxes_are_refused() -> None:
    with pytest.raises(ValueError, match="1 to 99"):
        Box(0)
    with pytest.raises(ValueError, match="lists a SKU twice"):
        Box(1, (BoxItem("A", 1), BoxItem("A", 2)))
    with pytest.raises(ValueError, match="at most 70000 g"):
        Box(1, measured_weight_g=70_001)
    with pytest.raises(ValueError, match="at least 1 unit"):
        BoxItem("A", 0)
    with pytest.raises(ValueError, match="2 weights were given for 1 boxes"):
        boxes_from_specs(["A"], [1, 2])


# --------------------------------------------------------------------------- weight gate


def test_expected_weight_is_products_plus_tare() -> None:
    box = Box(1, (BoxItem("MAT-02", 2), BoxItem("COF-03", 1)), SMALL)
    expected = expected_box_weight(box, ORDER)
    assert (expected.goods_g, expected.tare_g, expected.grams) == (2050, 120, 2170)
    assert expected_box_weight(box, ORDER, LARGE).grams == 2530


def test_a_product_without_weight_leaves_the_box_ungated() -> None:
    order = an_order(LAMP, OrderLine(sku="CARD", name="Gift card", quantity=1))
    box = single_box(order)[0]
    expected = expected_box_weight(box, order)
    assert (expected.grams, expected.missing) == (None, ("CARD",))
    check = check_weight(expected, 5000, WeightTolerance())
    assert (check.verdict, check.passed, check.difference_g) == (WeightVerdict.UNKNOWN, True, None)
    assert check.missing == ("CARD",)


def test_heavier_lighter_and_within() -> None:
    tolerance = WeightTolerance(absolute_g=50, percent=Decimal(5))
    box = Box(1, (BoxItem("MAT-02", 2), BoxItem("COF-03", 1)), SMALL, measured_weight_g=2510)
    heavy = check_box_weight(box, ORDER, tolerance)
    assert (heavy.expected_g, heavy.measured_g, heavy.difference_g) == (2170, 2510, 340)
    assert (heavy.allowed_g, heavy.verdict, heavy.passed) == (109, WeightVerdict.HEAVIER, False)
    assert heavy.percent_off == Decimal("15.7")
    light = check_box_weight(box, ORDER, tolerance, measured_g=1270)
    assert (light.verdict, light.difference_g) == (WeightVerdict.LIGHTER, -900)
    assert check_box_weight(box, ORDER, tolerance, measured_g=2279).verdict is WeightVerdict.WITHIN
    assert check_box_weight(box, ORDER, tolerance, measured_g=2280).verdict is WeightVerdict.HEAVIER
    with pytest.raises(ValueError, match="Box 1 has not been weighed"):
        check_box_weight(Box(1, (BoxItem("LAMP-01", 1),)), ORDER, tolerance)


def test_the_absolute_part_holds_for_light_boxes() -> None:
    tolerance = WeightTolerance(absolute_g=30, percent=Decimal(5))
    assert tolerance.allowed_g(100) == 30
    assert tolerance.allowed_g(1000) == 50
    assert tolerance.allowed_g(1001) == 51  # rounded up
    assert WeightTolerance(0, Decimal(0)).allowed_g(1000) == 0


def test_the_journal_gets_expected_measured_and_decision() -> None:
    box = Box(2, (BoxItem("LAMP-01", 1),), measured_weight_g=1540)
    check = check_box_weight(box, ORDER, WeightTolerance())
    assert journal_detail(box, check, WeightDecision.CONFIRMED) == {
        "box": 2,
        "expected_g": 1200,
        "measured_g": 1540,
        "difference_g": 340,
        "allowed_g": 60,
        "verdict": "heavier",
        "decision": "confirmed",
        "missing_weights": [],
    }


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"absolute_g": -1}, "whole grams from 0"),
        ({"absolute_g": 1.5}, "whole grams from 0"),
        ({"percent": Decimal(101)}, "0 to 100"),
        ({"percent": Decimal("NaN")}, "0 to 100"),
    ],
)
def test_bad_tolerances_are_refused(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        WeightTolerance(**kwargs)  # type: ignore[arg-type]


@settings(deadline=None)  # busy shared machines: no per-example time limit
@given(
    expected=st.integers(min_value=0, max_value=70_000),
    measured=st.integers(min_value=1, max_value=70_000),
    absolute=st.integers(min_value=0, max_value=1000),
    percent=st.decimals(min_value=0, max_value=100, places=1),
)
def test_the_gate_passes_exactly_the_weights_inside_the_tolerance(
    expected: int, measured: int, absolute: int, percent: Decimal
) -> None:
    tolerance = WeightTolerance(absolute, percent)
    check = check_weight(expected, measured, tolerance)
    allowed = tolerance.allowed_g(expected)
    assert allowed >= absolute
    assert allowed >= expected * percent / 100
    assert check.difference_g == measured - expected
    assert check.passed == (abs(measured - expected) <= allowed)
    if not check.passed:
        assert check.verdict is (
            WeightVerdict.HEAVIER if measured > expected else WeightVerdict.LIGHTER
        )


@settings(deadline=None)  # busy shared machines: no per-example time limit
@given(
    st.lists(
        st.tuples(st.sampled_from(["LAMP-01", "MAT-02", "COF-03"]), st.integers(1, 5)),
        min_size=1,
        max_size=3,
        unique_by=lambda pair: pair[0],
    ),
    st.integers(min_value=0, max_value=2000),
)
def test_expected_weight_adds_up(pairs: list[tuple[str, int]], tare: int) -> None:
    box = Box(1, tuple(BoxItem(s, q) for s, q in pairs), BoxType("T", tare_g=tare))
    unit = {"LAMP-01": 1200, "MAT-02": 900, "COF-03": 250}
    expected = expected_box_weight(box, ORDER)
    assert expected == ExpectedWeight(sum(unit[s] * q for s, q in pairs), tare)
    assert expected.grams == sum(unit[s] * q for s, q in pairs) + tare


# --------------------------------------------------------------------------- per-box documents


def test_line_units_follow_the_boxes() -> None:
    order = an_order(LAMP, MAT, COFFEE, OrderLine(sku="MAT-02", name="Yoga mat", quantity=1))
    boxes = (
        Box(1, (BoxItem("LAMP-01", 1), BoxItem("MAT-02", 1))),
        Box(2, (BoxItem("MAT-02", 2), BoxItem("COF-03", 1))),
    )
    assert line_units_by_box(order, boxes) == {1: {0: 1, 1: 1}, 2: {1: 1, 2: 1, 3: 1}}
    with pytest.raises(ValueError, match="1 of 1 COF-03 are in no box yet"):
        line_units_by_box(order, (*boxes[:1], Box(2, (BoxItem("MAT-02", 2),))))


@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=6))
@settings(deadline=None)
def test_every_unit_is_declared_in_exactly_one_box(splits: list[int]) -> None:
    # a MAT-02 line of sum(splits) units and a second line of 2, split over len(splits) boxes
    order = an_order(
        OrderLine(sku="MAT-02", name="Yoga mat", quantity=sum(splits)),
        OrderLine(sku="MAT-02", name="Yoga mat", quantity=2),
    )
    boxes = [Box(n, (BoxItem("MAT-02", q),)) for n, q in enumerate(splits, start=1)]
    boxes[-1] = Box(len(splits), (BoxItem("MAT-02", splits[-1] + 2),))
    by_box = line_units_by_box(order, boxes)
    assert [sum(lines.values()) for lines in by_box.values()] == [b.units for b in boxes]
    per_line = [sum(lines.get(i, 0) for lines in by_box.values()) for i in range(2)]
    assert per_line == [sum(splits), 2]


def test_net_never_exceeds_gross_without_a_word() -> None:
    weighed = Box(1, (BoxItem("MAT-02", 2), BoxItem("COF-03", 1)), SMALL, measured_weight_g=2200)
    ok = parcel_weights(weighed, ORDER)
    assert (ok.net_g, ok.gross_g, ok.measured, ok.problem) == (2050, 2200, True, None)
    assert ok.net_within_gross
    light = parcel_weights(Box(2, (BoxItem("MAT-02", 2),), measured_weight_g=1700), ORDER)
    assert not light.net_within_gross
    assert light.problem == (
        "Box 2 weighs 1.700 kg on the scale, but its products weigh 1.800 kg by the product "
        "data: check the product weights, or whether an item is missing from the box."
    )
    computed = parcel_weights(Box(3, (BoxItem("LAMP-01", 1),), LARGE), ORDER)
    assert (computed.net_g, computed.gross_g, computed.measured) == (1200, 1680, False)
    unknown = parcel_weights(
        Box(1, (BoxItem("CARD", 1),)), an_order(OrderLine(sku="CARD", name="Card", quantity=1))
    )
    assert (unknown.net_g, unknown.gross_g, unknown.missing) == (0, None, ("CARD",))


def test_boxes_round_trip_through_the_journal_form() -> None:
    boxes = (
        Box(1, (BoxItem("LAMP-01", 1),), SMALL, measured_weight_g=1826),
        Box(2, (BoxItem("MAT-02", 2), BoxItem("COF-03", 1))),
    )
    plain = boxes_to_plain(boxes)
    assert plain[1] == {
        "number": 2,
        "box_type": None,
        "items": [{"sku": "MAT-02", "quantity": 2}, {"sku": "COF-03", "quantity": 1}],
        "measured_weight_g": None,
    }
    assert boxes_from_plain(json.loads(json.dumps(plain))) == boxes


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"number": 1}, "must be a list"),
        ([{"number": 1}], "needs a number and a list of items"),
        ([{"number": 1, "items": ["LAMP-01"]}], "must be an object with sku and quantity"),
        ([{"number": 1, "items": [{"sku": "A", "quantity": 0}]}], "at least 1 unit"),
        ([{"number": "one", "items": []}], "1 to 99"),
    ],
)
def test_bad_journal_records_are_said_in_words(data: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        boxes_from_plain(data)
