"""Mettler Toledo scales over MT-SICS (the Standard Interface Command Set), on a serial port.

The station sends a command ended by CR LF and reads one answer line:

- ``SI`` — the weight now: ``S S     1.234 kg`` (stable) or ``S D     1.230 kg`` (moving);
- ``S`` — the next stable weight (the scale's own filter decides): ``S S …`` or ``S I``;
- ``Z`` — zero: ``Z A``; ``T`` — tare: ``T S   0.120 kg``; ``TAC`` — clear the tare: ``TAC A``.

Status ``I`` means the scale cannot carry the command out now (busy, or still moving), ``+`` /
``-`` above or below its range (or the zero/tare range for ``Z``/``T``). ``ES`` (syntax), ``ET``
(transmission) and ``EL`` (logical) are the scale's errors. `parse_weight_answer` and
`parse_ack` are pure; `MtSicsScale` talks to the port from a worker thread.
"""

from __future__ import annotations

import asyncio
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

_ERRORS = {
    "ES": (
        ScaleProblem.GARBLED,
        "The scale did not understand {command}: is it set to the MT-SICS protocol?",
    ),
    "ET": (
        ScaleProblem.GARBLED,
        "The scale received {command} garbled: check the cable and that the baud rate, "
        "parity and data bits match the scale's settings.",
    ),
    "EL": (ScaleProblem.REFUSED, "The scale cannot carry out {command} (it answered EL)."),
}


def _scale_error(answer: str, command: str) -> ScaleError | None:
    tokens = answer.split()
    if len(tokens) == 1 and tokens[0] in _ERRORS:
        problem, text = _ERRORS[tokens[0]]
        return ScaleError(problem, text.format(command=command))
    return None


def _garbled(answer: str, command: str) -> ScaleError:
    return ScaleError(
        ScaleProblem.GARBLED,
        f"The scale's answer to {command} cannot be read: {answer[:40]!r}.",
    )


def _weight(tokens: list[str], answer: str, command: str, *, stable: bool) -> Weight:
    if len(tokens) < 4:
        raise _garbled(answer, command)
    try:
        value = Decimal(tokens[2])
    except InvalidOperation:
        raise _garbled(answer, command) from None
    if not value.is_finite():
        raise _garbled(answer, command)
    try:
        unit = parse_unit(tokens[3])
    except ValueError:
        raise ScaleError(
            ScaleProblem.NOT_SUPPORTED,
            f"The scale weighs in {tokens[3]!r}; set it to g, kg, lb or oz.",
        ) from None
    return Weight(value, unit, stable)


def parse_weight_answer(answer: str, command: str = "SI") -> Weight:
    """The weight in an answer to ``S`` or ``SI``; ``ScaleError`` for every other answer."""
    error = _scale_error(answer, command)
    if error is not None:
        raise error
    tokens = answer.split()
    if len(tokens) < 2 or tokens[0] != "S":
        raise _garbled(answer, command)
    status = tokens[1]
    if status == "S":
        return _weight(tokens, answer, command, stable=True)
    if status == "D":
        return _weight(tokens, answer, command, stable=False)
    if status == "+":
        raise ScaleError(
            ScaleProblem.OVERLOAD,
            "The parcel is too heavy for the scale (overload): take it off and weigh it on a "
            "larger scale.",
        )
    if status == "-":
        raise ScaleError(
            ScaleProblem.UNDERLOAD,
            "The scale shows less than its lowest weight (underload): is the weighing pan in "
            "place? Take everything off and zero the scale.",
        )
    if status == "I":
        raise ScaleError(
            ScaleProblem.UNSTABLE if command == "S" else ScaleProblem.NOT_READY,
            "The scale gave no stable weight: keep the parcel still and weigh again."
            if command == "S"
            else "The scale is busy and gave no weight; try again in a moment.",
        )
    raise _garbled(answer, command)


def parse_ack(answer: str, command: str) -> Weight | None:
    """The answer to ``Z``, ``T`` or ``TAC``: None (done), the tare weight for ``T``, or
    ``ScaleError``."""
    error = _scale_error(answer, command)
    if error is not None:
        raise error
    tokens = answer.split()
    if len(tokens) < 2 or tokens[0] != command:
        raise _garbled(answer, command)
    status = tokens[1]
    what = {"Z": "zero", "T": "tare", "TAC": "clear the tare of"}.get(command, command)
    if status == "A":
        return None
    if command == "T" and status == "S":
        return _weight(tokens, answer, command, stable=True)
    if status == "I":
        raise ScaleError(
            ScaleProblem.NOT_READY,
            f"The scale could not {what} now (still moving or busy): keep the pan still "
            "and try again.",
        )
    if status in ("+", "-"):
        where = "above" if status == "+" else "below"
        raise ScaleError(
            ScaleProblem.REFUSED,
            f"The scale could not {what}: the load is {where} the range it allows for that. "
            + ("Take everything off first." if command == "Z" else "Check what is on the pan."),
        )
    raise _garbled(answer, command)


class MtSicsScale(PollingScale):
    """A Mettler Toledo (or MT-SICS compatible) scale on a serial port.

    ``read()`` sends ``SI``; ``read_stable()`` sends ``S`` and waits for the scale's own stable
    weight; ``zero()``/``tare()``/``clear_tare()`` are done by the scale (``Z``/``T``/``TAC``).
    """

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        *,
        answer_timeout_s: float = 2.0,
        stability: StabilityRule | None = None,
        poll_s: float = 0.1,
        open_port: Callable[..., Any] = serial.serial_for_url,
    ) -> None:
        super().__init__(stability=stability, poll_s=poll_s)
        self._line = SerialLine(port, baudrate, open_port=open_port)
        self._answer_timeout_s = answer_timeout_s
        self._lock = asyncio.Lock()

    @property
    def description(self) -> str:
        return f"MT-SICS scale on {self._line.port}"

    async def open(self) -> None:
        async with self._lock:
            await asyncio.to_thread(self._line.open)

    async def close(self) -> None:
        async with self._lock:
            await asyncio.to_thread(self._line.close)

    def _exchange_blocking(self, command: str, timeout_s: float) -> str | None:
        self._line.discard_input()
        self._line.send(command.encode("ascii") + b"\r\n")
        return self._line.read_line(timeout_s)

    async def _exchange(self, command: str, timeout_s: float | None = None) -> str:
        wait = self._answer_timeout_s if timeout_s is None else timeout_s
        async with self._lock:
            answer = await asyncio.to_thread(self._exchange_blocking, command, wait)
        if answer is None:
            raise self._silent(command, wait)
        return answer

    def _silent(self, command: str, wait: float) -> ScaleError:
        return ScaleError(
            ScaleProblem.UNPLUGGED,
            f"The scale on {self._line.port} did not answer {command} within {wait:g} s: is "
            f"it switched on and set to MT-SICS at {self._line.baudrate} baud?",
        )

    async def _raw(self) -> Weight:
        return parse_weight_answer(await self._exchange("SI"), "SI")

    async def read_stable(self, timeout_s: float = 5.0) -> Weight:
        async with self._lock:
            answer = await asyncio.to_thread(self._exchange_blocking, "S", timeout_s)
        if answer is None:
            # no stable weight in time, or no scale at all: SI tells which
            moving = await self.read()
            raise ScaleError(
                ScaleProblem.UNSTABLE,
                f"The scale did not settle within {timeout_s:g} s (it shows {moving}): keep "
                "the parcel still, away from the edge, and weigh again.",
            )
        return parse_weight_answer(answer, "S")

    async def zero(self) -> None:
        parse_ack(await self._exchange("Z", max(self._answer_timeout_s, 10.0)), "Z")

    async def tare(self) -> None:
        parse_ack(await self._exchange("T", max(self._answer_timeout_s, 10.0)), "T")

    async def clear_tare(self) -> None:
        parse_ack(await self._exchange("TAC"), "TAC")
