"""Weights from scales: units, conversions, formatting and stable-weight detection."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from packstation.domain.weighing import (
    ScaleError,
    ScaleProblem,
    StabilityRule,
    StableDetector,
    Weight,
    WeightUnit,
    format_weight,
    grams_text,
    parse_unit,
    unstable_message,
)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("g", WeightUnit.G), (" KG ", WeightUnit.KG), ("lbs", WeightUnit.LB), ("Oz", WeightUnit.OZ)],
)
def test_unit_names(text: str, unit: WeightUnit) -> None:
    assert parse_unit(text) is unit


def test_an_unknown_unit_is_named() -> None:
    with pytest.raises(ValueError, match="'st' is not a weight unit"):
        parse_unit("st")


def test_conversions_are_exact() -> None:
    assert Weight.of("1.234", "kg").grams == Decimal("1234.000")
    assert Weight.of(1, "lb").grams == Decimal("453.59237")
    assert Weight.of(16, "oz").grams == Weight.of(1, "lb").grams
    assert Weight.of("2.5", "lb").whole_grams == 1134
    assert Weight.of(1, "kg").to("lb", places=3).value == Decimal("2.205")
    assert Weight.of(500, "g").to(WeightUnit.KG).value == Decimal("0.5")
    assert Weight.of("30.0", "oz").whole_grams == 850


def test_formatting_keeps_the_scales_value() -> None:
    assert format_weight(Weight.of("1.2340", "kg")) == "1.234 kg"
    assert str(Weight.of("340", "g")) == "340 g"
    assert str(Weight.of("1E+3", "g")) == "1000 g"
    assert grams_text(340) == "340 g"
    assert grams_text(-340) == "-340 g"
    assert grams_text(1826) == "1.826 kg"


def test_a_tare_is_taken_off_in_the_readings_unit() -> None:
    net = Weight.of("1.500", "kg").minus(120)
    assert (net.unit, net.grams) == (WeightUnit.KG, Decimal("1380.000"))


@pytest.mark.parametrize("bad", ["heavy", "NaN", "Infinity", True])
def test_bad_values_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="is not a weight"):
        Weight.of(bad, "g")  # type: ignore[arg-type]


@settings(deadline=None)  # busy shared machines: no per-example time limit
@given(
    st.decimals(min_value=-100_000, max_value=100_000, places=3, allow_nan=False),
    st.sampled_from(list(WeightUnit)),
    st.sampled_from(list(WeightUnit)),
)
def test_converting_there_and_back_keeps_the_grams(
    value: Decimal, start: WeightUnit, via: WeightUnit
) -> None:
    weight = Weight.of(value, start)
    back = weight.to(via).to(start)
    assert abs(back.grams - weight.grams) < Decimal("1E-12")


# --------------------------------------------------------------------------- stability


def test_three_equal_readings_settle() -> None:
    detector = StableDetector(StabilityRule(readings=3, tolerance_g=Decimal(2), window_s=2))
    assert detector.add(Weight.of(1000), 0.0) is None
    assert detector.add(Weight.of(1001), 0.2) is None
    settled = detector.add(Weight.of(1002), 0.4)
    assert settled == Weight.of(1002)


def test_a_moving_reading_starts_the_count_again() -> None:
    detector = StableDetector(StabilityRule(readings=2))
    assert detector.add(Weight.of(1000), 0.0) is None
    assert detector.add(Weight.of(1000, stable=False), 0.1) is None
    assert detector.add(Weight.of(1000), 0.2) is None
    assert detector.add(Weight.of(1000), 0.3) == Weight.of(1000)


def test_readings_too_far_apart_or_too_slow_do_not_settle() -> None:
    detector = StableDetector(StabilityRule(readings=3, tolerance_g=Decimal(2), window_s=1))
    for at, grams in enumerate([1000, 1005, 1000]):
        assert detector.add(Weight.of(grams), at / 10) is None
    slow = StableDetector(StabilityRule(readings=2, window_s=1))
    assert slow.add(Weight.of(500), 0.0) is None
    assert slow.add(Weight.of(500), 5.0) is None
    assert slow.add(Weight.of(500), 5.5) == Weight.of(500)


def test_units_are_compared_in_grams() -> None:
    detector = StableDetector(StabilityRule(readings=2, tolerance_g=Decimal(1)))
    assert detector.add(Weight.of("1.000", "kg"), 0) is None
    assert detector.add(Weight.of("1000.4", "g"), 0.1) == Weight.of("1000.4", "g")


def test_the_unstable_message_names_the_spread() -> None:
    detector = StableDetector(StabilityRule(readings=3, tolerance_g=Decimal(1)))
    detector.add(Weight.of("1.230", "kg"), 0)
    detector.add(Weight.of("1.260", "kg"), 0.1)
    text = unstable_message(detector, 5)
    assert "did not settle within 5 s" in text
    assert "between 1.23 kg and 1.26 kg" in text
    assert "between" not in unstable_message(StableDetector(), 3)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"readings": 0}, "at least 1 reading"),
        ({"tolerance_g": Decimal(-1)}, "cannot be negative"),
        ({"window_s": 0}, "longer than 0 s"),
    ],
)
def test_bad_stability_rules_are_refused(rule: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        StabilityRule(**rule)  # type: ignore[arg-type]


@settings(deadline=None)  # busy shared machines: no per-example time limit
@given(
    st.lists(st.integers(min_value=0, max_value=30_000), min_size=1, max_size=30),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=0, max_value=10),
)
def test_a_settled_weight_is_always_backed_by_agreeing_readings(
    grams: list[int], readings: int, tolerance: int
) -> None:
    detector = StableDetector(StabilityRule(readings=readings, tolerance_g=Decimal(tolerance)))
    for index, value in enumerate(grams):
        settled = detector.add(Weight.of(value), index * 0.1)
        last = grams[max(0, index - readings + 1) : index + 1]
        agree = len(last) == readings and max(last) - min(last) <= tolerance
        assert (settled is not None) == agree
        if settled is not None:
            assert settled.grams == value


def test_scale_errors_carry_a_problem_and_words() -> None:
    error = ScaleError(ScaleProblem.OVERLOAD, "Too heavy for the scale.")
    assert (error.problem, error.message, str(error)) == (
        ScaleProblem.OVERLOAD,
        "Too heavy for the scale.",
        "Too heavy for the scale.",
    )
