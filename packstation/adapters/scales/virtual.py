"""A scale without hardware, for demo and training mode and for tests of the bench.

The trainer (or the demo) puts a weight on it with `place`; the next ``settle_readings``
readings wobble around it (flagged as moving, a few grams off), then it reads the weight,
stable. `unplug` and `place` of more than the capacity practise the scale's problems.
"""

from __future__ import annotations

from decimal import Decimal

from packstation.adapters.scales.base import PollingScale
from packstation.domain.weighing import ScaleError, ScaleProblem, StabilityRule, Weight

_WOBBLE_G = (7, -4, 3, -2, 1)


class VirtualScale(PollingScale):
    """A scale in memory; weights in grams."""

    def __init__(
        self,
        *,
        capacity_g: int = 30_000,
        settle_readings: int = 3,
        stability: StabilityRule | None = None,
        poll_s: float = 0.05,
    ) -> None:
        super().__init__(stability=stability, poll_s=poll_s)
        self.capacity_g = capacity_g
        self._settle_readings = settle_readings
        self._load_g = Decimal(0)
        self._wobble = 0
        self._plugged = True

    @property
    def description(self) -> str:
        return "virtual scale (demo)"

    @property
    def load_g(self) -> Decimal:
        """What lies on the pan, in grams."""
        return self._load_g

    def place(self, grams: int | Decimal) -> None:
        """Put ``grams`` on the pan (replacing what was there); it wobbles, then settles."""
        self._load_g = Decimal(grams)
        self._wobble = self._settle_readings

    def take_off(self) -> None:
        self.place(0)

    def unplug(self) -> None:
        self._plugged = False

    def plug_in(self) -> None:
        self._plugged = True

    async def _raw(self) -> Weight:
        if not self._plugged:
            raise ScaleError(
                ScaleProblem.UNPLUGGED,
                "The virtual scale is unplugged (demo: plug it in again to weigh).",
            )
        shown = self._load_g
        if self._load_g > self.capacity_g:
            raise ScaleError(
                ScaleProblem.OVERLOAD,
                f"The parcel is too heavy for the scale (over {self.capacity_g} g): weigh it "
                "on a larger scale.",
            )
        if self._wobble > 0:
            offset = _WOBBLE_G[(self._settle_readings - self._wobble) % len(_WOBBLE_G)]
            self._wobble -= 1
            return Weight(shown + offset, stable=False)
        return Weight(shown, stable=True)
