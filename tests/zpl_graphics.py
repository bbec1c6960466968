"""Reading ``^GFA`` graphics back (Z64 or Zebra ASCII compression), to check what the station
sends. Written from the ZPL II guide's description, independently of the encoder."""

from __future__ import annotations

import base64
import re
import zlib
from dataclasses import dataclass

_GF = re.compile(r"\^GFA,(\d+),(\d+),(\d+),([^\^~]*)")


@dataclass(frozen=True)
class Graphic:
    total_bytes: int
    field_count: int
    bytes_per_row: int
    rows: list[bytes]

    @property
    def width_dots(self) -> int:
        return self.bytes_per_row * 8


def _count(char: str) -> int:
    if "G" <= char <= "Y":
        return ord(char) - ord("G") + 1
    if "g" <= char <= "z":
        return (ord(char) - ord("g") + 1) * 20
    raise ValueError(char)


def decode_rows(data: str, bytes_per_row: int) -> list[bytes]:
    """Undo the ASCII compression: count letters, ',' (zeros), '!' (ones), ':' (repeat row)."""
    digits_per_row = bytes_per_row * 2
    rows: list[str] = []
    current: list[str] = []
    repeat = 0
    for char in data.strip():
        if char in "\r\n ":
            continue
        if char == ":":
            if current:
                raise ValueError("':' in the middle of a row")
            rows.append(rows[-1])
            continue
        if char in ",!":
            fill = "0" if char == "," else "F"
            current.extend(fill * (digits_per_row - len(current)))
        elif char.isalpha() and not ("A" <= char <= "F"):
            repeat += _count(char)
            continue
        else:
            current.extend(char * (repeat or 1))
            repeat = 0
        if len(current) > digits_per_row:
            raise ValueError("a row is longer than bytes_per_row")
        if len(current) == digits_per_row:
            rows.append("".join(current))
            current = []
    if current or repeat:
        raise ValueError("the data ends inside a row")
    return [bytes.fromhex(row) for row in rows]


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT, polynomial 0x1021, start 0, bit by bit (the Z64 check value)."""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def decode_z64(data: str, bytes_per_row: int) -> list[bytes]:
    """``:Z64:base64:crc`` → rows; the CRC over the base64 text must match."""
    match = re.fullmatch(r":Z64:([A-Za-z0-9+/=]+):([0-9A-Fa-f]{4})", data.strip())
    if match is None:
        raise ValueError("not :Z64:data:crc")
    text, crc = match.groups()
    if crc16_ccitt(text.encode("ascii")) != int(crc, 16):
        raise ValueError("Z64 CRC mismatch")
    raw = zlib.decompress(base64.b64decode(text, validate=True))
    if len(raw) % bytes_per_row:
        raise ValueError("the bitmap is not a whole number of rows")
    return [raw[i : i + bytes_per_row] for i in range(0, len(raw), bytes_per_row)]


def read_graphic(zpl: bytes) -> Graphic:
    match = _GF.search(zpl.decode("ascii"))
    if match is None:
        raise ValueError("no ^GFA field")
    total, count, per_row, data = match.groups()
    if data.startswith(":Z64:"):
        rows = decode_z64(data, int(per_row))
    else:
        rows = decode_rows(data, int(per_row))
    return Graphic(int(total), int(count), int(per_row), rows)
