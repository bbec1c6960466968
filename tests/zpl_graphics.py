"""Reading ``^GFA`` graphics back (Zebra ASCII compression), to check what the station sends."""

from __future__ import annotations

import re
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


def read_graphic(zpl: bytes) -> Graphic:
    match = _GF.search(zpl.decode("ascii"))
    if match is None:
        raise ValueError("no ^GFA field")
    total, count, per_row, data = match.groups()
    rows = decode_rows(data, int(per_row))
    return Graphic(int(total), int(count), int(per_row), rows)
