"""Scales that send their weight all the time ("continuous output"), on a serial port.

Many shop and parcel scales (CAS, Dibal, A&D and others in their "continuous" or "stream"
mode) send a frame several times a second, for example::

    ST,GS,+  1.234kg      stable, gross
    US,GS,+  1.230kg      unstable (moving)
    ST,NT,+  0.950kg      stable, net (after the scale's own tare)
    OL,GS,+  .    kg      overload

The first field is the state (``ST`` stable, ``US`` unstable, ``OL`` overload), the optional
second one the kind of weight (``GS``/``GR`` gross, ``NT`` net; ``TR``/``TA`` frames report
the tare and are skipped), then sign, digits and unit. `parse_frame` is pure; the scale reads
the newest frame: it forgets what is buffered, drops the next (maybe partial) line and takes
the one after.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import serial  # type: ignore[import-untyped]

from packstation.adapters.scales.base import PollingScale
from packstation.adapters.scales.serial_line import SerialLine
from packstation.domain.weighing import (
    ScaleError,
    ScaleProblem,
    StabilityRule,
    Weight,
    parse_unit,
)

_FRAME = re.compile(
    r"""^\s*(?P<state>ST|US|OL|UL)\s*,
        (?:\s*(?P<kind>GS|GR|NT|TR|TA)\s*,)?
        \s*(?P<sign>[+-])?\s*(?P<number>[0-9]*\.?[0-9]*)\s*(?P<unit>[A-Za-z]+)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)

#: How many unreadable lines in a row end a reading with ``GARBLED``.
MAX_BAD_LINES = 3


def parse_frame(frame: str) -> Weight | None:
    """The weight in one frame; None for a tare frame; ``ScaleError`` for overload or a frame
    that cannot be read."""
    match = _FRAME.match(frame)
    if match is None:
        raise ScaleError(
            ScaleProblem.GARBLED,
            f"The scale sent {frame[:40]!r}, which is not a weight frame: is it set to "
            "continuous output ('ST,GS,+  1.234kg'), and is the baud rate right?",
        )
    state = match["state"].upper()
    if state == "OL":
        raise ScaleError(
            ScaleProblem.OVERLOAD,
            "The parcel is too heavy for the scale (overload): take it off and weigh it on a "
            "larger scale.",
        )
    if state == "UL":
        raise ScaleError(
            ScaleProblem.UNDERLOAD,
            "The scale shows less than its lowest weight: take everything off and zero it.",
        )
    if (match["kind"] or "").upper() in ("TR", "TA"):
        return None
    number, unit_text = match["number"], match["unit"]
    if not number or number == "." or not unit_text:
        raise ScaleError(
            ScaleProblem.GARBLED, f"The scale sent a frame without a weight: {frame[:40]!r}."
        )
    try:
        value = Decimal(number)
        unit = parse_unit(unit_text)
    except InvalidOperation:
        raise ScaleError(
            ScaleProblem.GARBLED, f"The weight in {frame[:40]!r} cannot be read."
        ) from None
    except ValueError:
        raise ScaleError(
            ScaleProblem.NOT_SUPPORTED,
            f"The scale weighs in {unit_text!r}; set it to g, kg, lb or oz.",
        ) from None
    if match["sign"] == "-":
        value = -value
    return Weight(value, unit, stable=state == "ST")


class ContinuousScale(PollingScale):
    """A scale streaming weight frames on a serial port.

    A reading waits at most ``frame_timeout_s`` for each of two frames (the default covers
    scales that send only one frame a second). Zero and tare are the station's own (see
    `PollingScale`), unless ``zero_command`` / ``tare_command`` are given: bytes the scale
    takes to do it itself (for example ``b"Z"`` and ``b"T"`` on scales that listen).
    """

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        *,
        frame_timeout_s: float = 2.5,
        zero_command: bytes | None = None,
        tare_command: bytes | None = None,
        stability: StabilityRule | None = None,
        poll_s: float = 0.1,
        open_port: Callable[..., Any] = serial.serial_for_url,
    ) -> None:
        super().__init__(stability=stability, poll_s=poll_s)
        self._line = SerialLine(port, baudrate, open_port=open_port)
        self._frame_timeout_s = frame_timeout_s
        self._zero_command = zero_command
        self._tare_command = tare_command
        self._lock = asyncio.Lock()

    @property
    def description(self) -> str:
        return f"continuous-output scale on {self._line.port}"

    async def open(self) -> None:
        async with self._lock:
            await asyncio.to_thread(self._line.open)

    async def close(self) -> None:
        async with self._lock:
            await asyncio.to_thread(self._line.close)

    def _newest_blocking(self) -> Weight:
        self._line.discard_input()
        # what follows the discard may be the end of a frame: drop one line
        if self._line.read_line(self._frame_timeout_s) is None:
            raise self._silent()
        bad: list[ScaleError] = []
        while True:
            frame = self._line.read_line(self._frame_timeout_s)
            if frame is None:
                raise self._silent()
            try:
                weight = parse_frame(frame)
            except ScaleError as exc:
                if exc.problem is not ScaleProblem.GARBLED:
                    raise
                bad.append(exc)
                if len(bad) >= MAX_BAD_LINES:
                    raise exc from None
                continue
            if weight is not None:
                return weight

    def _silent(self) -> ScaleError:
        return ScaleError(
            ScaleProblem.UNPLUGGED,
            f"No weight came from the scale on {self._line.port} within "
            f"{self._frame_timeout_s:g} s: is it switched on and set to continuous output at "
            f"{self._line.baudrate} baud?",
        )

    async def _raw(self) -> Weight:
        async with self._lock:
            return await asyncio.to_thread(self._newest_blocking)

    async def _send(self, command: bytes) -> None:
        async with self._lock:
            await asyncio.to_thread(self._line.send, command)

    async def zero(self) -> None:
        if self._zero_command is None:
            await super().zero()
        else:
            await self._send(self._zero_command)

    async def tare(self) -> None:
        if self._tare_command is None:
            await super().tare()
        else:
            await self._send(self._tare_command)
