"""The benchmarks' percentile, written once: the q-quantile of the samples, interpolated
linearly between the two nearest ranks (``numpy.percentile``'s default "linear" method).

``percentile`` is NaN without samples (a figure that is a float in the report);
``percentile_or_none`` rounds it and gives ``None`` (JSON ``null``) without samples;
``p50_p95`` is the pair most reports give.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(samples: Iterable[float], q: float) -> float:
    """The ``q`` quantile (0 … 1) of ``samples``; NaN when there are none."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def percentile_or_none(samples: Iterable[float], q: float, digits: int = 1) -> float | None:
    """``percentile`` rounded to ``digits``; None when there are no samples."""
    value = percentile(samples, q)
    return None if math.isnan(value) else round(value, digits)


def p50_p95(samples: Iterable[float]) -> dict[str, float | None]:
    """The usual pair of a report: ``{"p50": …, "p95": …}``, rounded to 0.1 (None: no samples)."""
    ordered = sorted(samples)
    return {"p50": percentile_or_none(ordered, 0.5), "p95": percentile_or_none(ordered, 0.95)}
