"""Weights as a scale reports them: value, unit and whether the scale called it stable.

Scales speak grams, kilograms, pounds or ounces; the station thinks in whole grams (the
weights of order lines, parcels and box types are grams). A `Weight` keeps the scale's own
value and unit exactly (a Decimal) and converts on demand. `StableDetector` decides when a
series of readings has settled: N readings in a row, all within a tolerance of each other,
inside a time window, none of them flagged as moving by the scale. `ScaleError` carries a
plain sentence for the packer and a `ScaleProblem` for the screen to word.

Standard library only; no I/O, no clock (times are passed in).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum


class WeightUnit(StrEnum):
    """The units the bench scales report in."""

    G = "g"
    KG = "kg"
    LB = "lb"
    OZ = "oz"


#: Grams in one unit (the pound and the ounce are the international avoirdupois ones, exact).
GRAMS_PER_UNIT: dict[WeightUnit, Decimal] = {
    WeightUnit.G: Decimal(1),
    WeightUnit.KG: Decimal(1000),
    WeightUnit.LB: Decimal("453.59237"),
    WeightUnit.OZ: Decimal("28.349523125"),
}

_UNIT_NAMES: dict[str, WeightUnit] = {
    "g": WeightUnit.G,
    "gr": WeightUnit.G,
    "gram": WeightUnit.G,
    "grams": WeightUnit.G,
    "kg": WeightUnit.KG,
    "kgs": WeightUnit.KG,
    "kilogram": WeightUnit.KG,
    "kilograms": WeightUnit.KG,
    "lb": WeightUnit.LB,
    "lbs": WeightUnit.LB,
    "pound": WeightUnit.LB,
    "pounds": WeightUnit.LB,
    "oz": WeightUnit.OZ,
    "ounce": WeightUnit.OZ,
    "ounces": WeightUnit.OZ,
}


def parse_unit(text: str) -> WeightUnit:
    """The unit named by ``text`` ("g", "KG", "lbs", "oz" …); ValueError in plain words."""
    unit = _UNIT_NAMES.get(text.strip().lower())
    if unit is None:
        raise ValueError(f"{text.strip()!r} is not a weight unit (g, kg, lb or oz).")
    return unit


def _decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a weight.")  # noqa: TRY004 (bad input, in words)
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValueError(f"{value!r} is not a weight.") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a weight.")
    return number


@dataclass(frozen=True, slots=True)
class Weight:
    """One reading: ``value`` in ``unit``; ``stable`` is the scale's own word on it.

    Negative values are readings below zero (after a tare, or a scale that drifted).
    """

    value: Decimal
    unit: WeightUnit = WeightUnit.G
    stable: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _decimal(self.value))
        object.__setattr__(self, "unit", WeightUnit(self.unit))

    @classmethod
    def of(
        cls, value: Decimal | int | str, unit: WeightUnit | str = "g", *, stable: bool = True
    ) -> Weight:
        """``Weight.of("1.234", "kg")``; the unit may be any name `parse_unit` knows."""
        chosen = unit if isinstance(unit, WeightUnit) else parse_unit(unit)
        return cls(_decimal(value), chosen, stable)

    @classmethod
    def grams_of(cls, grams: int | Decimal, *, stable: bool = True) -> Weight:
        return cls(_decimal(grams), WeightUnit.G, stable)

    @property
    def grams(self) -> Decimal:
        """The exact weight in grams."""
        return self.value * GRAMS_PER_UNIT[self.unit]

    @property
    def whole_grams(self) -> int:
        """The weight rounded to whole grams (half up), as parcels and orders count."""
        return int(self.grams.quantize(Decimal(1), ROUND_HALF_UP))

    def to(self, unit: WeightUnit | str, places: int | None = None) -> Weight:
        """The same weight in ``unit``, rounded to ``places`` decimals when given."""
        target = unit if isinstance(unit, WeightUnit) else parse_unit(unit)
        value = self.grams / GRAMS_PER_UNIT[target]
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return Weight(value, target, self.stable)

    def minus(self, grams: Decimal | int) -> Weight:
        """This reading less ``grams`` (a tare), in the same unit."""
        return Weight(
            (self.grams - _decimal(grams)) / GRAMS_PER_UNIT[self.unit], self.unit, self.stable
        )

    def __str__(self) -> str:
        return format_weight(self)


def format_weight(weight: Weight) -> str:
    """ "1.234 kg", "340 g", "2.5 lb": the value as the scale gave it, without noise digits."""
    value = weight.value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return f"{value:f} {weight.unit.value}"


def grams_text(grams: int) -> str:
    """ "340 g" below a kilogram, "1.826 kg" from one kilogram on."""
    if abs(grams) < 1000:
        return f"{grams} g"
    return f"{Decimal(grams) / 1000:.3f} kg"


# --------------------------------------------------------------------------- problems


class ScaleProblem(StrEnum):
    """What went wrong with a scale, for the screen to word."""

    UNPLUGGED = "unplugged"  # cannot be opened, or stopped answering
    UNSTABLE = "unstable"  # did not settle in time
    OVERLOAD = "overload"  # above the scale's range
    UNDERLOAD = "underload"  # below zero / below the scale's range
    NOT_READY = "not_ready"  # busy, or needs zeroing/calibration
    REFUSED = "refused"  # the scale refused a command (zero out of range …)
    GARBLED = "garbled"  # an answer the station cannot read
    NOT_SUPPORTED = "not_supported"  # this scale cannot do that over its cable


class ScaleError(Exception):
    """A scale problem; ``message`` is a plain sentence for the packer."""

    def __init__(self, problem: ScaleProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message


# --------------------------------------------------------------------------- stability


@dataclass(frozen=True, slots=True)
class StabilityRule:
    """When readings count as settled.

    ``readings`` in a row, all flagged stable by the scale, whose highest and lowest differ by
    at most ``tolerance_g``, taken within ``window_s`` seconds.
    """

    readings: int = 3
    tolerance_g: Decimal = Decimal(2)
    window_s: float = 2.0

    def __post_init__(self) -> None:
        if not isinstance(self.readings, int) or self.readings < 1:
            raise ValueError(f"Stable weighing needs at least 1 reading, not {self.readings!r}.")
        tolerance = _decimal(self.tolerance_g)
        if tolerance < 0:
            raise ValueError(f"The stability tolerance cannot be negative ({tolerance} g).")
        object.__setattr__(self, "tolerance_g", tolerance)
        if not self.window_s > 0:
            raise ValueError(f"The stability window must be longer than 0 s, not {self.window_s}.")


class StableDetector:
    """Feeds readings in, tells when they have settled (see `StabilityRule`)."""

    def __init__(self, rule: StabilityRule | None = None) -> None:
        self.rule = rule or StabilityRule()
        self._recent: deque[tuple[float, Weight]] = deque(maxlen=self.rule.readings)

    def reset(self) -> None:
        self._recent.clear()

    def add(self, reading: Weight, at: float) -> Weight | None:
        """Add the reading taken at ``at`` (seconds, any monotonic clock).

        Returns the settled weight (the latest reading) once the last readings agree, else
        None. A reading the scale flags as moving starts the count again.
        """
        if not reading.stable:
            self._recent.clear()
            return None
        self._recent.append((at, reading))
        if len(self._recent) < self.rule.readings:
            return None
        first_at = self._recent[0][0]
        if at - first_at > self.rule.window_s:
            return None
        grams = [w.grams for _, w in self._recent]
        if max(grams) - min(grams) > self.rule.tolerance_g:
            return None
        return reading

    @property
    def spread(self) -> tuple[Weight, Weight] | None:
        """The lightest and heaviest of the recent readings (for an 'unstable' message)."""
        if not self._recent:
            return None
        weights = [w for _, w in self._recent]
        return min(weights, key=lambda w: w.grams), max(weights, key=lambda w: w.grams)


def unstable_message(detector: StableDetector, timeout_s: float) -> str:
    """The sentence for a scale that did not settle within ``timeout_s``."""
    spread = detector.spread
    seen = ""
    if spread is not None and spread[0] != spread[1]:
        seen = f" (it moved between {spread[0]} and {spread[1]})"
    return (
        f"The scale did not settle within {timeout_s:g} s{seen}: keep the parcel still, "
        "away from the edge, and weigh again."
    )
