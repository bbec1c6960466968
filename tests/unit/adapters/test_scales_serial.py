"""Serial scales (MT-SICS and continuous output) over a real pseudo-terminal pair."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from decimal import Decimal

import pytest

from packstation.adapters.scales import (
    ContinuousScale,
    HidPosScale,
    MtSicsScale,
    VirtualScale,
    scale_from_setting,
)
from packstation.adapters.scales.continuous import parse_frame
from packstation.adapters.scales.mtsics import parse_ack, parse_weight_answer
from packstation.domain.weighing import ScaleError, ScaleProblem, StabilityRule, Weight
from tests.unit.adapters.scale_pty import PtyScale

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="pseudo-terminals (os.openpty) exist on POSIX only"
)


class Pty:
    def __init__(self) -> None:
        self.scale_end, self.station_end = os.openpty()
        self.port = os.ttyname(self.station_end)
        self.scale: PtyScale | None = None

    def close_scale_end(self) -> None:
        if self.scale is not None:
            self.scale.stop()
        if self.scale_end >= 0:
            os.close(self.scale_end)
            self.scale_end = -1


@pytest.fixture
def pty() -> Iterator[Pty]:
    pair = Pty()
    try:
        yield pair
    finally:
        pair.close_scale_end()
        os.close(pair.station_end)


# --------------------------------------------------------------------------- MT-SICS, pure


@pytest.mark.parametrize(
    ("answer", "weight"),
    [
        ("S S      1.234 kg", Weight.of("1.234", "kg")),
        ("S S     100.00 g", Weight.of("100.00", "g")),
        ("S D      1.230 kg", Weight.of("1.230", "kg", stable=False)),
        ("S S     -12.5 g", Weight.of("-12.5", "g")),
        ("S S      2.205 lb", Weight.of("2.205", "lb")),
    ],
)
def test_mtsics_weight_answers(answer: str, weight: Weight) -> None:
    assert parse_weight_answer(answer) == weight


@pytest.mark.parametrize(
    ("answer", "command", "problem", "words"),
    [
        ("S +", "SI", ScaleProblem.OVERLOAD, "too heavy"),
        ("S -", "SI", ScaleProblem.UNDERLOAD, "underload"),
        ("S I", "S", ScaleProblem.UNSTABLE, "no stable weight"),
        ("S I", "SI", ScaleProblem.NOT_READY, "busy"),
        ("ES", "SI", ScaleProblem.GARBLED, "set to the MT-SICS protocol"),
        ("ET", "SI", ScaleProblem.GARBLED, "baud rate"),
        ("EL", "SI", ScaleProblem.REFUSED, "cannot carry out SI"),
        ("S S 1.2", "SI", ScaleProblem.GARBLED, "cannot be read"),
        ("S S abc g", "SI", ScaleProblem.GARBLED, "cannot be read"),
        ("S S 1.2 ct", "SI", ScaleProblem.NOT_SUPPORTED, "'ct'"),
        ("X S 1.2 g", "SI", ScaleProblem.GARBLED, "cannot be read"),
    ],
)
def test_mtsics_problem_answers(
    answer: str, command: str, problem: ScaleProblem, words: str
) -> None:
    with pytest.raises(ScaleError, match=words) as caught:
        parse_weight_answer(answer, command)
    assert caught.value.problem is problem


def test_mtsics_acknowledgements() -> None:
    assert parse_ack("Z A", "Z") is None
    assert parse_ack("TAC A", "TAC") is None
    assert parse_ack("T S     0.120 kg", "T") == Weight.of("0.120", "kg")
    with pytest.raises(ScaleError, match="could not zero: the load is above") as caught:
        parse_ack("Z +", "Z")
    assert caught.value.problem is ScaleProblem.REFUSED
    with pytest.raises(ScaleError, match="could not tare now") as caught:
        parse_ack("T I", "T")
    assert caught.value.problem is ScaleProblem.NOT_READY


# --------------------------------------------------------------------------- MT-SICS, pty


def balance(answers: dict[str, str]) -> object:
    def respond(command: str) -> str | None:
        return answers.get(command)

    return respond


@pytest.mark.asyncio
async def test_mtsics_reads_sets_zero_and_tares_over_the_port(pty: Pty) -> None:
    answers = {"SI": "S D      1.230 kg", "S": "S S      1.234 kg", "Z": "Z A",
               "T": "T S      0.120 kg", "TAC": "TAC A"}  # fmt: skip
    pty.scale = PtyScale(pty.scale_end, answers.get)
    scale = MtSicsScale(pty.port, 9600, answer_timeout_s=FRAME_S)
    await scale.open()
    assert scale.description == f"MT-SICS scale on {pty.port}"
    assert await scale.read() == Weight.of("1.230", "kg", stable=False)
    assert await scale.read_stable(FRAME_S) == Weight.of("1.234", "kg")
    await scale.zero()
    await scale.tare()
    await scale.clear_tare()
    await scale.close()
    assert pty.scale.received == ["SI", "S", "Z", "T", "TAC"]


@pytest.mark.asyncio
async def test_mtsics_overload_and_unstable_are_said_in_words(pty: Pty) -> None:
    answers = {"SI": "S +", "S": "S I"}
    pty.scale = PtyScale(pty.scale_end, answers.get)
    scale = MtSicsScale(pty.port, answer_timeout_s=FRAME_S)
    with pytest.raises(ScaleError, match="too heavy for the scale") as caught:
        await scale.read()
    assert caught.value.problem is ScaleProblem.OVERLOAD
    with pytest.raises(ScaleError, match="no stable weight") as caught:
        await scale.read_stable(FRAME_S)
    assert caught.value.problem is ScaleProblem.UNSTABLE
    await scale.close()


@pytest.mark.asyncio
async def test_mtsics_without_a_stable_answer_in_time_says_what_it_shows(pty: Pty) -> None:
    answers = {"SI": "S D      0.870 kg"}  # never answers S
    pty.scale = PtyScale(pty.scale_end, answers.get)
    scale = MtSicsScale(pty.port, answer_timeout_s=FRAME_S)
    with pytest.raises(ScaleError, match=r"did not settle within 0.2 s \(it shows 0.87 kg\)"):
        await scale.read_stable(0.2)
    await scale.close()


@pytest.mark.asyncio
async def test_a_silent_scale_is_reported_unplugged(pty: Pty) -> None:
    pty.scale = PtyScale(pty.scale_end, lambda command: None)
    scale = MtSicsScale(pty.port, 4800, answer_timeout_s=0.2)
    with pytest.raises(ScaleError, match=r"did not answer SI within 0.2 s.*MT-SICS at 4800 baud"):
        await scale.read()
    await scale.close()


@pytest.mark.asyncio
async def test_a_scale_pulled_out_mid_way_is_reported_unplugged(pty: Pty) -> None:
    pty.scale = PtyScale(pty.scale_end, {"SI": "S S      1.000 kg"}.get)
    scale = MtSicsScale(pty.port, answer_timeout_s=FRAME_S)
    assert await scale.read() == Weight.of("1.000", "kg")
    pty.close_scale_end()  # the other end is gone: reads fail as on a pulled USB adapter
    with pytest.raises(ScaleError) as caught:
        await scale.read()
    assert caught.value.problem is ScaleProblem.UNPLUGGED
    await scale.close()


@pytest.mark.asyncio
async def test_a_missing_port_says_which() -> None:
    scale = MtSicsScale("/dev/does-not-exist-packstation-scale")
    with pytest.raises(ScaleError, match="does-not-exist-packstation-scale cannot be opened"):
        await scale.read()


# --------------------------------------------------------------------------- continuous, pure


@pytest.mark.parametrize(
    ("frame", "weight"),
    [
        ("ST,GS,+  1.234kg", Weight.of("1.234", "kg")),
        ("US,GS,+  1.230kg", Weight.of("1.230", "kg", stable=False)),
        ("ST,NT,+000950 g", Weight.of("950", "g")),
        ("ST,GS,-  0.012kg", Weight.of("-0.012", "kg")),
        ("st,gs,+ 2.50 lb", Weight.of("2.50", "lb")),
        ("ST,+00123.45  g", Weight.of("123.45", "g")),
        ("ST,TR,+  0.120kg", None),
    ],
)
def test_continuous_frames(frame: str, weight: Weight | None) -> None:
    assert parse_frame(frame) == weight


@pytest.mark.parametrize(
    ("frame", "problem"),
    [
        ("OL,GS,+  .    kg", ScaleProblem.OVERLOAD),
        ("UL,GS,-  .    kg", ScaleProblem.UNDERLOAD),
        ("hello", ScaleProblem.GARBLED),
        ("ST,GS,+      kg", ScaleProblem.GARBLED),
        ("ST,GS,+  1.234", ScaleProblem.GARBLED),
        ("ST,GS,+  1.234ct", ScaleProblem.NOT_SUPPORTED),
    ],
)
def test_continuous_problem_frames(frame: str, problem: ScaleProblem) -> None:
    with pytest.raises(ScaleError) as caught:
        parse_frame(frame)
    assert caught.value.problem is problem


# --------------------------------------------------------------------------- continuous, pty

FAST = StabilityRule(readings=3, tolerance_g=Decimal(1), window_s=30)
#: Generous: the tests run on busy machines; a frame comes every 10 ms.
FRAME_S = 5.0


@pytest.mark.asyncio
async def test_continuous_scale_reads_the_newest_frame_and_settles(pty: Pty) -> None:
    pty.scale = PtyScale(pty.scale_end, frame="US,GS,+  1.230kg")
    scale = ContinuousScale(pty.port, 9600, frame_timeout_s=FRAME_S, stability=FAST, poll_s=0.01)
    assert await scale.read() == Weight.of("1.230", "kg", stable=False)
    pty.scale.frame = "ST,GS,+  1.234kg"
    assert await scale.read_stable(30) == Weight.of("1.234", "kg")
    await scale.close()


@pytest.mark.asyncio
async def test_continuous_scale_tares_in_the_station(pty: Pty) -> None:
    pty.scale = PtyScale(pty.scale_end, frame="ST,GS,+  0.120kg")
    scale = ContinuousScale(pty.port, frame_timeout_s=FRAME_S, stability=FAST, poll_s=0.01)
    await scale.tare()
    assert scale.tare_g == Decimal("120.000")
    pty.scale.frame = "ST,GS,+  1.354kg"
    net = await scale.read_stable(30)
    assert (net.grams, net.stable) == (Decimal("1234.000"), True)
    await scale.clear_tare()
    assert (await scale.read()).grams == Decimal("1354.000")
    await scale.close()


@pytest.mark.asyncio
async def test_continuous_scale_refuses_to_zero_a_parcel_away(pty: Pty) -> None:
    pty.scale = PtyScale(pty.scale_end, frame="ST,GS,+  1.354kg")
    scale = ContinuousScale(pty.port, frame_timeout_s=FRAME_S, stability=FAST, poll_s=0.01)
    with pytest.raises(ScaleError, match=r"shows 1.354 kg: take everything off"):
        await scale.zero()
    pty.scale.frame = "ST,GS,+  0.004kg"
    await scale.zero()
    pty.scale.frame = "ST,GS,+  1.004kg"
    assert (await scale.read()).grams == Decimal("1000.000")
    await scale.close()


@pytest.mark.asyncio
async def test_continuous_scale_sends_its_own_zero_command(pty: Pty) -> None:
    pty.scale = PtyScale(pty.scale_end, lambda command: None, frame="ST,GS,+  0.000kg")
    scale = ContinuousScale(
        pty.port, frame_timeout_s=FRAME_S, zero_command=b"Z\r\n", tare_command=b"T\r\n"
    )
    await scale.zero()
    await scale.tare()
    await scale.read()  # the scale end has read the commands by the time frames come back
    assert pty.scale.received[:2] == ["Z", "T"]
    await scale.close()


@pytest.mark.asyncio
async def test_continuous_overload_and_garbage(pty: Pty) -> None:
    pty.scale = PtyScale(pty.scale_end, frame="OL,GS,+  .    kg")
    scale = ContinuousScale(pty.port, frame_timeout_s=FRAME_S)
    with pytest.raises(ScaleError, match="overload") as caught:
        await scale.read()
    assert caught.value.problem is ScaleProblem.OVERLOAD
    pty.scale.frame = "\x15garbage"
    with pytest.raises(ScaleError, match="set to continuous output") as caught:
        await scale.read()
    assert caught.value.problem is ScaleProblem.GARBLED
    await scale.close()


@pytest.mark.asyncio
async def test_continuous_scale_never_settling_times_out(pty: Pty) -> None:
    pty.scale = PtyScale(pty.scale_end, frame="US,GS,+  1.230kg")
    scale = ContinuousScale(pty.port, frame_timeout_s=FRAME_S, stability=FAST, poll_s=0.01)
    with pytest.raises(ScaleError, match=r"did not settle within 0.3 s") as caught:
        await scale.read_stable(0.3)
    assert caught.value.problem is ScaleProblem.UNSTABLE
    await scale.close()


@pytest.mark.asyncio
async def test_a_silent_continuous_scale_is_reported(pty: Pty) -> None:
    scale = ContinuousScale(pty.port, 19200, frame_timeout_s=0.2)
    with pytest.raises(ScaleError, match=r"No weight came.*continuous output at 19200 baud"):
        await scale.read()
    await scale.close()


# --------------------------------------------------------------------------- settings


def test_scales_from_settings() -> None:
    mt = scale_from_setting("mtsics:COM3@19200")
    assert isinstance(mt, MtSicsScale)
    assert mt.description == "MT-SICS scale on COM3"
    cont = scale_from_setting("continuous:/dev/ttyUSB0")
    assert isinstance(cont, ContinuousScale)
    assert cont.description == "continuous-output scale on /dev/ttyUSB0"
    hid = scale_from_setting("hid:0922:8003")
    assert isinstance(hid, HidPosScale)
    assert hid.description == "Dymo M10 0922:8003"
    assert isinstance(scale_from_setting("hid"), HidPosScale)
    assert isinstance(scale_from_setting(" virtual "), VirtualScale)


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("mtsics:", "names no port"),
        ("mtsics:COM3@9601", "baud rate '9601'"),
        ("hid:dymo", "USB ids in hex"),
        ("scale", "is not known"),
    ],
)
def test_bad_scale_settings_are_said_in_words(setting: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        scale_from_setting(setting)
