"""The weight gate: does a box weigh what its contents and carton should?

Expected weight of a box = the product weights of the units in it + the box type's tare. A
measured weight outside the tolerance means a unit too many, one missing, or the wrong
product: the packer confirms or re-checks. The tolerance has an absolute part (grams) and a
percent part (of the expected weight); the larger of the two applies, so light parcels are
not held for a scale's last digit and heavy ones scale with their weight.

The outcome is a value with the numbers (expected, measured, difference, allowed); wording
it ("340 g heavier than expected — check for an extra item") is the screen's job.
Standard library only; every function is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from packstation.domain.boxes import Box, BoxType
from packstation.domain.orders import MerchantOrder
from packstation.domain.packing import MAX_PARCEL_WEIGHT_G

#: Most a percent tolerance may be (a gate that lets double the weight through is no gate).
MAX_PERCENT = Decimal(100)


@dataclass(frozen=True, slots=True)
class WeightTolerance:
    """How far a measured weight may be from the expected one: the larger of the two parts."""

    absolute_g: int = 50
    percent: Decimal = Decimal(5)

    def __post_init__(self) -> None:
        if (
            not isinstance(self.absolute_g, int)
            or isinstance(self.absolute_g, bool)
            or not 0 <= self.absolute_g <= MAX_PARCEL_WEIGHT_G
        ):
            raise ValueError(
                f"The weight tolerance must be whole grams from 0 to {MAX_PARCEL_WEIGHT_G}, "
                f"not {self.absolute_g!r}."
            )
        percent = Decimal(self.percent)
        if not percent.is_finite() or not 0 <= percent <= MAX_PERCENT:
            raise ValueError(
                f"The weight tolerance in percent must be 0 to {MAX_PERCENT}, not {percent}."
            )
        object.__setattr__(self, "percent", percent)

    def allowed_g(self, expected_g: int) -> int:
        """The grams a box expected to weigh ``expected_g`` may be off (rounded up)."""
        share = (Decimal(abs(expected_g)) * self.percent / 100).to_integral_value(ROUND_CEILING)
        return max(self.absolute_g, int(share))


@dataclass(frozen=True, slots=True)
class ExpectedWeight:
    """What a box should weigh: goods + tare, or None when a unit's weight is unknown."""

    goods_g: int  # the units whose weight is known
    tare_g: int
    missing: tuple[str, ...] = ()  # SKUs in the box without a product weight

    @property
    def grams(self) -> int | None:
        return None if self.missing else self.goods_g + self.tare_g


def unit_weights(order: MerchantOrder) -> dict[str, int]:
    """The weight of one unit per SKU, from the first order line of that SKU that has one."""
    weights: dict[str, int] = {}
    for line in order.lines:
        if line.weight_g is not None and line.sku not in weights:
            weights[line.sku] = line.weight_g
    return weights


def expected_box_weight(
    box: Box, order: MerchantOrder, box_type: BoxType | None = None
) -> ExpectedWeight:
    """Product weights of the box's units + the tare of ``box_type`` (default: the box's)."""
    weights = unit_weights(order)
    chosen = box_type if box_type is not None else box.box_type
    goods = 0
    missing: list[str] = []
    for item in box.items:
        weight = weights.get(item.sku)
        if weight is None:
            missing.append(item.sku)
        else:
            goods += weight * item.quantity
    return ExpectedWeight(
        goods_g=goods, tare_g=chosen.tare_g if chosen is not None else 0, missing=tuple(missing)
    )


class WeightVerdict(StrEnum):
    """What the gate says about one box."""

    WITHIN = "within"  # inside the tolerance
    HEAVIER = "heavier"  # more than allowed above: an extra item?
    LIGHTER = "lighter"  # more than allowed below: a missing item?
    UNKNOWN = "unknown"  # no expected weight (a product without weight): not gated


@dataclass(frozen=True, slots=True)
class WeightCheck:
    """The gate's outcome for one box, with the numbers for the screen and the journal."""

    measured_g: int
    expected_g: int | None
    allowed_g: int | None
    verdict: WeightVerdict
    missing: tuple[str, ...] = ()

    @property
    def difference_g(self) -> int | None:
        """Measured less expected: positive when heavier."""
        return None if self.expected_g is None else self.measured_g - self.expected_g

    @property
    def percent_off(self) -> Decimal | None:
        """The difference in percent of the expected weight, one decimal."""
        if self.expected_g is None or self.expected_g == 0 or self.difference_g is None:
            return None
        return (Decimal(self.difference_g) * 100 / self.expected_g).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    @property
    def passed(self) -> bool:
        """True when the box may go on without the packer's word."""
        return self.verdict in (WeightVerdict.WITHIN, WeightVerdict.UNKNOWN)


def check_weight(
    expected: ExpectedWeight | int | None, measured_g: int, tolerance: WeightTolerance
) -> WeightCheck:
    """Compare ``measured_g`` with what was expected."""
    if isinstance(measured_g, bool) or not isinstance(measured_g, int):
        raise ValueError(f"The measured weight must be whole grams, not {measured_g!r}.")  # noqa: TRY004
    missing: tuple[str, ...] = ()
    if isinstance(expected, ExpectedWeight):
        missing = expected.missing
        expected_g = expected.grams
    else:
        expected_g = expected
    if expected_g is None:
        return WeightCheck(measured_g, None, None, WeightVerdict.UNKNOWN, missing)
    allowed = tolerance.allowed_g(expected_g)
    difference = measured_g - expected_g
    if difference > allowed:
        verdict = WeightVerdict.HEAVIER
    elif difference < -allowed:
        verdict = WeightVerdict.LIGHTER
    else:
        verdict = WeightVerdict.WITHIN
    return WeightCheck(measured_g, expected_g, allowed, verdict, missing)


def check_box_weight(
    box: Box,
    order: MerchantOrder,
    tolerance: WeightTolerance,
    measured_g: int | None = None,
) -> WeightCheck:
    """The gate for ``box``: its measured weight (or ``measured_g``) against its contents."""
    measured = measured_g if measured_g is not None else box.measured_weight_g
    if measured is None:
        raise ValueError(f"Box {box.number} has not been weighed.")
    return check_weight(expected_box_weight(box, order), measured, tolerance)


class WeightDecision(StrEnum):
    """What happened at the gate, for the journal."""

    PASSED = "passed"  # within the tolerance (or not gated)
    CONFIRMED = "confirmed"  # outside, the packer confirmed the box as it is
    RECHECKED = "rechecked"  # outside, the packer opened the box to check


def journal_detail(box: Box, check: WeightCheck, decision: WeightDecision) -> dict[str, Any]:
    """The journal's record of the gate for one box (expected, measured and the decision)."""
    return {
        "box": box.number,
        "expected_g": check.expected_g,
        "measured_g": check.measured_g,
        "difference_g": check.difference_g,
        "allowed_g": check.allowed_g,
        "verdict": check.verdict.value,
        "decision": decision.value,
        "missing_weights": list(check.missing),
    }


# --------------------------------------------------------------------------- net and gross


@dataclass(frozen=True, slots=True)
class ParcelWeights:
    """What a box's customs declaration and label may state.

    ``net_g`` is the goods by product data (units without a weight count 0 and are named in
    ``missing``); ``gross_g`` is the measured weight, or goods + tare when not weighed.
    ``problem`` is set when the scale weighed less than the goods' product weights: a
    declaration would then state a net weight above the gross weight.
    """

    box: int
    net_g: int
    gross_g: int | None
    measured: bool
    missing: tuple[str, ...] = ()
    problem: str | None = None

    @property
    def net_within_gross(self) -> bool:
        return self.gross_g is None or self.net_g <= self.gross_g


def parcel_weights(box: Box, order: MerchantOrder) -> ParcelWeights:
    """Net and gross weight of ``box`` (see `ParcelWeights`)."""
    expected = expected_box_weight(box, order)
    net = expected.goods_g
    if box.measured_weight_g is not None:
        gross = box.measured_weight_g
        problem = None
        if net > gross:
            problem = (
                f"Box {box.number} weighs {_grams(gross)} on the scale, but its products weigh "
                f"{_grams(net)} by the product data: check the product weights, or whether an "
                "item is missing from the box."
            )
        return ParcelWeights(box.number, net, gross, True, expected.missing, problem)
    gross_computed = net + expected.tare_g if net or expected.tare_g else None
    return ParcelWeights(box.number, net, gross_computed, False, expected.missing)


def _grams(grams: int) -> str:
    return f"{grams} g" if grams < 1000 else f"{Decimal(grams) / 1000:.3f} kg"
