"""The benchmarks' one percentile (``benchmarks/percentiles.py``): linear between the two
nearest ranks, as ``statistics.quantiles(method="inclusive")`` computes it; no samples are NaN
or None, never an error (a benchmark step may measure nothing)."""

from __future__ import annotations

import math
import statistics

import pytest

from benchmarks.percentiles import p50_p95, percentile, percentile_or_none

SAMPLES = [12.0, 3.5, 7.25, 40.0, 9.0, 1.0, 18.5]


@pytest.mark.parametrize("q", [0.05, 0.25, 0.5, 0.75, 0.95])
def test_linear_between_the_nearest_ranks(q: float) -> None:
    cuts = statistics.quantiles(SAMPLES, n=100, method="inclusive")
    assert percentile(SAMPLES, q) == pytest.approx(cuts[round(q * 100) - 1])


def test_the_ends_and_one_sample() -> None:
    assert percentile(SAMPLES, 0.0) == 1.0
    assert percentile(SAMPLES, 1.0) == 40.0
    assert percentile([5.0], 0.95) == 5.0
    assert percentile([1.0, 2.0], 0.5) == 1.5


def test_no_samples_are_nan_or_none() -> None:
    assert math.isnan(percentile([], 0.5))
    assert percentile_or_none([], 0.5) is None
    assert p50_p95([]) == {"p50": None, "p95": None}


def test_rounded_figures_of_a_report() -> None:
    assert percentile_or_none(SAMPLES, 0.5) == 9.0
    assert percentile_or_none([1.0, 2.0, 2.0, 10.0], 0.95, digits=2) == 8.8
    assert p50_p95(iter([100.0, 0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0])) == {
        "p50": 50.0,
        "p95": 95.0,
    }
