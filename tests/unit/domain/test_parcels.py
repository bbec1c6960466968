"""Parcels: count, weight per parcel, "parcel n of N"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.domain.packing import (
    MAX_PARCEL_WEIGHT_G,
    MAX_PARCELS,
    Parcel,
    parcel_text,
    plan_parcels,
)


def test_one_parcel_without_weight() -> None:
    assert plan_parcels(1) == (Parcel(number=1, count=1, weight_g=None),)


def test_explicit_weights() -> None:
    parcels = plan_parcels(3, weights_g=[1200, 800, 70_000])
    assert [p.weight_g for p in parcels] == [1200, 800, 70_000]
    assert [p.number for p in parcels] == [1, 2, 3]
    assert all(p.count == 3 for p in parcels)
    assert [p.is_last for p in parcels] == [False, False, True]


def test_explicit_weights_win_over_a_total() -> None:
    assert [p.weight_g for p in plan_parcels(2, [100, 200], total_weight_g=5000)] == [100, 200]


def test_total_is_split_evenly_with_the_remainder_on_the_last() -> None:
    assert [p.weight_g for p in plan_parcels(3, total_weight_g=1000)] == [333, 333, 334]
    assert [p.weight_g for p in plan_parcels(2, total_weight_g=2)] == [1, 1]


def test_parcel_text() -> None:
    assert parcel_text(2, 3) == "parcel 2 of 3"
    assert plan_parcels(3)[1].text == "parcel 2 of 3"


@pytest.mark.parametrize(
    ("count", "weights", "total", "words"),
    [
        (0, None, None, "1 to 99"),
        (100, None, None, "1 to 99"),
        (-1, None, None, "1 to 99"),
        (2, [100], None, "1 weights were given for 2 parcels"),
        (2, [100, 0], None, "Parcel 2 must weigh more than 0 g"),
        (1, [-5], None, "more than 0 g"),
        (1, [70_001], None, "at most 70000 g"),
        (3, None, 2, "cannot be split into 3 parcels"),
        (1, None, 0, "cannot be split"),
        (2, None, 140_002, "at most 70000 g"),
    ],
)
def test_bad_plans_are_refused_with_a_message(
    count: int, weights: list[int] | None, total: int | None, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        plan_parcels(count, weights, total)


def test_bool_is_not_a_count() -> None:
    with pytest.raises(ValueError, match="1 to 99"):
        plan_parcels(True)


def test_parcel_checks_itself() -> None:
    with pytest.raises(ValueError, match="outside 1…2"):
        Parcel(number=3, count=2, weight_g=None)
    with pytest.raises(ValueError, match="more than 0 g"):
        Parcel(number=1, count=1, weight_g=0)


@given(
    st.integers(1, MAX_PARCELS).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(n, n * MAX_PARCEL_WEIGHT_G))
    )
)
def test_split_keeps_the_total(case: tuple[int, int]) -> None:
    count, total = case
    share, rest = divmod(total, count)
    if share + rest > MAX_PARCEL_WEIGHT_G:  # the remainder would push the last parcel over
        with pytest.raises(ValueError, match="at most 70000 g"):
            plan_parcels(count, total_weight_g=total)
        return
    parcels = plan_parcels(count, total_weight_g=total)
    weights = [p.weight_g or 0 for p in parcels]
    assert sum(weights) == total
    assert len(parcels) == count
    assert weights[:-1] == [share] * (count - 1)
    assert weights[-1] == share + rest
