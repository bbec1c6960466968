"""Serial (COM) scanners: codes from a real pseudo-terminal pair, as pyserial reads a port."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator

import pytest

from packstation.adapters import serial_scanner
from packstation.adapters.serial_scanner import ScannerUnavailable, SerialScanner

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="pseudo-terminals (os.openpty) exist on POSIX only"
)


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    """(the scanner's end to write to, the port name the station opens)."""
    scanner_end, station_end = os.openpty()
    try:
        yield scanner_end, os.ttyname(station_end)
    finally:
        os.close(scanner_end)
        os.close(station_end)


async def collect(scanner: SerialScanner, count: int) -> list[str]:
    codes: list[str] = []
    async with asyncio.timeout(5):
        async for code in scanner.codes():
            codes.append(code)
            if len(codes) == count:
                break
    return codes


@pytest.mark.asyncio
async def test_codes_arrive_in_order_whatever_the_terminator(pty_pair: tuple[int, str]) -> None:
    write_end, port = pty_pair
    scanner = SerialScanner(port, 9600, idle_flush_s=None)
    sent = ["A100", "4006381333931", "]C1010400638133393110ABC", "PS-CMD:FINISH", "x" * 100]
    await scanner.open()  # opening a port clears what was sent before
    # CR, LF and CR LF terminators, and several codes in one read
    os.write(write_end, b"A100\r4006381333931\n]C1010400638133393110ABC\r\n")
    os.write(write_end, b"PS-CMD:FINISH\r" + b"x" * 100 + b"\r")
    assert await collect(scanner, len(sent)) == sent
    await scanner.close()


@pytest.mark.asyncio
async def test_a_scanner_without_terminator_is_read_after_a_pause(
    pty_pair: tuple[int, str],
) -> None:
    write_end, port = pty_pair
    scanner = SerialScanner(port, 115200, idle_flush_s=0.1)
    await scanner.open()

    async def scan() -> None:
        await asyncio.sleep(0.05)
        os.write(write_end, b"4260123450052")

    task = asyncio.create_task(scan())
    assert await collect(scanner, 1) == ["4260123450052"]
    await task


@pytest.mark.asyncio
async def test_many_codes_at_full_speed(pty_pair: tuple[int, str]) -> None:
    write_end, port = pty_pair
    scanner = SerialScanner(port, 115200, idle_flush_s=None)
    sent = [f"CODE{n:05d}" for n in range(500)]
    await scanner.open()

    async def scan() -> None:
        data = b"".join(code.encode() + b"\r" for code in sent)
        for start in range(0, len(data), 512):
            os.write(write_end, data[start : start + 512])
            await asyncio.sleep(0)

    task = asyncio.create_task(scan())
    assert await collect(scanner, len(sent)) == sent
    await task


def write_all(fd: int, data: bytes) -> None:
    """Everything of ``data`` to the pty (blocks while the station's end is full)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[:4096]) :]


@pytest.mark.asyncio
async def test_a_garbage_stream_is_dropped_said_once_and_the_scanner_keeps_working(
    pty_pair: tuple[int, str],
) -> None:
    write_end, port = pty_pair
    said: list[int] = []
    scanner = SerialScanner(port, 115200, idle_flush_s=None, on_overlong=said.append)
    garbage = b"garbage!" * (256 * 1024 // 8)  # 256 KB without an end of code
    await scanner.open()
    stream = (
        b"A100\r"
        + garbage  # said once ...
        + b"\r"
        + b"x" * 1000  # ... and not again, no code was read in between
        + b"\rB200\r"
        + b"y" * 513  # one over the longest code: said again after a good code
        + b"\r"
        + b"z" * 512  # the longest code is still one
        + b"\rC300\r"
    )
    writer = asyncio.create_task(asyncio.to_thread(write_all, write_end, stream))
    codes: list[str] = []
    async with asyncio.timeout(60):  # a condition, not a pace: 256 KB over a pty
        async for code in scanner.codes():
            codes.append(code)
            if code == "C300":
                break
        await writer
    assert codes == ["A100", "B200", "z" * 512, "C300"]
    assert said == [512, 512]


def test_what_the_reader_holds_stays_within_the_longest_code() -> None:
    delivered: list[object] = []
    run = serial_scanner._Run(512, delivered.append)
    held: list[int] = []
    for _ in range(1024):  # 4 MB of garbage, 4 KB at a time (a read's most)
        run.take(b"\x00\xff" * 2048)
        held.append(len(run._buffer))
    run.take(b"\rA100\r")
    assert max(held) <= 512
    assert [type(item).__name__ for item in delivered] == ["_Overlong", "str"]
    assert delivered[-1] == "A100"


def test_a_garbage_run_ended_by_a_pause_is_not_a_code() -> None:
    delivered: list[object] = []
    run = serial_scanner._Run(64, delivered.append)
    run.take(b"q" * 1000)
    run.end()  # the idle pause: the garbage run is over, nothing of it is a code
    run.take(b"D400")
    run.end()  # a scanner without terminator: the pause ends the code
    run.take(b"r" * 65)
    run.end()
    assert [type(item).__name__ for item in delivered] == ["_Overlong", "str", "_Overlong"]
    assert delivered[1] == "D400"


@pytest.mark.asyncio
async def test_a_missing_port_says_which() -> None:
    scanner = SerialScanner("/dev/does-not-exist-packstation", 9600)
    with pytest.raises(ScannerUnavailable, match="does-not-exist-packstation"):
        await collect(scanner, 1)
