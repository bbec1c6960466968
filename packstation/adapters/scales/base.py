"""What every scale adapter shares: the station's own zero/tare, and waiting for a stable weight.

Scales that take no commands over their cable (USB postal scales, many continuous-output
scales) are zeroed and tared by the station: it remembers the offsets and takes them off every
reading. A stable weight is found by polling ``_raw()`` and feeding the readings to a
`StableDetector` until they agree, or until the time is up (``ScaleError`` UNSTABLE).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from decimal import Decimal

from packstation.domain.weighing import (
    ScaleError,
    ScaleProblem,
    StabilityRule,
    StableDetector,
    Weight,
    grams_text,
    unstable_message,
)

#: Heaviest reading the station zeroes away by itself (more is a parcel left on the pan).
DEFAULT_ZERO_RANGE_G = 200


class PollingScale:
    """Base of the adapters: ``_raw()`` gives one reading; the rest is done here."""

    def __init__(
        self,
        *,
        stability: StabilityRule | None = None,
        poll_s: float = 0.1,
        zero_range_g: int = DEFAULT_ZERO_RANGE_G,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stability = stability or StabilityRule()
        self._poll_s = poll_s
        self._zero_range_g = zero_range_g
        self._clock = clock
        self._zero_g = Decimal(0)
        self._tare_g = Decimal(0)

    @property
    def description(self) -> str:
        return "scale"

    @property
    def tare_g(self) -> Decimal:
        """The station's tare in grams (0 when none is set)."""
        return self._tare_g

    async def open(self) -> None:
        """Connect now; nothing to do for scales without a connection."""

    async def close(self) -> None:
        """Disconnect; nothing to do for scales without a connection."""

    async def _raw(self) -> Weight:
        raise NotImplementedError

    async def read(self) -> Weight:
        raw = await self._raw()
        offset = self._zero_g + self._tare_g
        return raw.minus(offset) if offset else raw

    async def read_stable(self, timeout_s: float = 5.0) -> Weight:
        detector = StableDetector(self._stability)
        deadline = self._clock() + timeout_s
        while True:
            reading = await self.read()
            settled = detector.add(reading, self._clock())
            if settled is not None:
                return settled
            if self._clock() >= deadline:
                raise ScaleError(ScaleProblem.UNSTABLE, unstable_message(detector, timeout_s))
            await asyncio.sleep(self._poll_s)

    async def _gross(self, timeout_s: float) -> Decimal:
        """The settled weight without the station's tare (with its zero)."""
        return (await self.read_stable(timeout_s)).grams + self._tare_g

    async def zero(self) -> None:
        """The station's zero: the empty pan's reading becomes 0 (the tare is cleared)."""
        self._tare_g = Decimal(0)
        shown = await self._gross(5.0)
        if abs(shown) > self._zero_range_g:
            raise ScaleError(
                ScaleProblem.REFUSED,
                f"The scale shows {grams_text(round(shown))}: take everything off the scale "
                "before zeroing it.",
            )
        self._zero_g += shown

    async def tare(self) -> None:
        """The station's tare: what is on the pan now is taken off the following readings."""
        shown = await self._gross(5.0)
        if shown <= 0:
            raise ScaleError(
                ScaleProblem.REFUSED,
                "Nothing is on the scale to tare: put the empty box on it first.",
            )
        self._tare_g = shown

    async def clear_tare(self) -> None:
        self._tare_g = Decimal(0)
