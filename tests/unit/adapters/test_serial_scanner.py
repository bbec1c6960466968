"""Serial (COM) scanners: codes from a real pseudo-terminal pair, as pyserial reads a port."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator

import pytest

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


@pytest.mark.asyncio
async def test_a_missing_port_says_which() -> None:
    scanner = SerialScanner("/dev/does-not-exist-packstation", 9600)
    with pytest.raises(ScannerUnavailable, match="does-not-exist-packstation"):
        await collect(scanner, 1)
