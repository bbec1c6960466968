"""ZPL II, as far as the station needs it: label checks, ``~HS`` answers, ``^GF`` graphics.

Pure functions on bytes and domain types, so every rule is unit-tested without a printer:

* ``check_zpl`` looks at a label before it is sent: balanced ``^XA``/``^XZ``, empty labels, and
  ``^PW``/``^LL`` against the printer profile (a 300-dpi label on a 203-dpi printer is the most
  common sizing fault in the field). It returns problems, each either a warning the packer can
  read or a refusal where the label would certainly come out wrong.
* ``parse_host_status`` reads a Zebra's answer to ``~HS`` (three ``<STX>…<ETX><CR><LF>`` strings,
  field layout as in the ZPL II Programming Guide) into a ``HostStatus`` and a ``PrinterStatus``.
* ``encode_graphic_field`` turns a 1-bit image (rows of packed bytes, 1 = black dot) into a
  ``^GFA`` command, as Z64 (zlib + base64 with a CRC, what the station sends: several times
  smaller) or with Zebra's ASCII compression, and ``graphic_label`` wraps it into a label.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from packstation.domain.notes import Note, NoteKind
from packstation.domain.printing import PrinterFault, PrinterProfile, PrinterStatus
from packstation.domain.shipping import LabelFormat

#: The Zebra "host status" query; the answer is three framed strings.
HOST_STATUS_QUERY = b"~HS"
STX = 0x02
ETX = 0x03

#: 300 dpi / 203 dpi: how much larger a 300-dpi label is in dots.
_DPI_RATIO = 300 / 203


# ---------------------------------------------------------------- document kinds


class DocumentKind(StrEnum):
    PDF = "pdf"
    ZPL = "zpl"


def detect_kind(content: bytes) -> DocumentKind | None:
    """What the bytes really are (a label file's format field can be wrong), or None."""
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if head.startswith(b"%PDF-"):
        return DocumentKind.PDF
    if b"^XA" in content[:65536] or b"^xa" in content[:65536]:
        return DocumentKind.ZPL
    return None


# ---------------------------------------------------------------- ZPL checks


class ZplIssue(StrEnum):
    """What is wrong with a ZPL label; the UI may word each one in the packer's language."""

    NOT_ZPL = "not_zpl"
    UNBALANCED = "unbalanced"  # ^XZ without ^XA, or ^XA inside a label
    CUT_OFF = "cut_off"  # the file ends inside a label (no closing ^XZ)
    EMPTY_LABEL = "empty_label"  # ^XA…^XZ with nothing to print
    DPI_300_ON_203 = "dpi_300_on_203"
    DPI_203_ON_300 = "dpi_203_on_300"
    TOO_WIDE = "too_wide"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class ZplProblem:
    issue: ZplIssue
    #: a sentence for the log (and what the integrator should change); a warning's is a
    #: ``Note`` with its kind and facts, which the window words
    message: str
    refuse: bool  # True: the label would certainly come out wrong, so it is not sent


@dataclass(frozen=True, slots=True)
class ZplReport:
    labels: int
    print_width: int | None  # largest ^PW of the labels, in dots
    label_length: int | None  # largest ^LL of the labels, in dots
    problems: tuple[ZplProblem, ...] = ()

    @property
    def refusal(self) -> ZplProblem | None:
        return next((p for p in self.problems if p.refuse), None)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems if not p.refuse)


# Commands that put something on the label. Field data (^FD, ^FV) covers text and barcodes.
_PRINTING_COMMANDS = frozenset(
    {"FD", "FV", "GB", "GC", "GD", "GE", "GF", "GS", "XG", "IM", "IL", "FR", "SN", "SF"}
)
_COMMAND = re.compile(rb"[\^~]([A-Za-z@][A-Za-z0-9@])")
_GF_HEAD = re.compile(rb"\^GF([ABC]),\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,", re.IGNORECASE)
_NUMBER = re.compile(rb"\s*(\d+)")


def _mm(dots: int, dpi: int) -> str:
    return f"{dots / dpi * 25.4:.0f} mm"


@lru_cache(maxsize=8)
def check_zpl(
    content: bytes, profile: PrinterProfile, declared: LabelFormat | None = None
) -> ZplReport:
    """Check a ZPL label file against the printer profile before it is sent.

    The report is remembered for the last few files: the printer adapter checks a label
    before sending it and the bench's preview shows the same check for the same bytes, so
    one label is checked once.
    """
    scan = _scan(content)
    if scan.labels == 0:
        kind = detect_kind(content)
        what = "a PDF" if kind is DocumentKind.PDF else "not a ZPL label (no ^XA found)"
        problem = ZplProblem(
            ZplIssue.NOT_ZPL, f"The label file is {what}; it cannot be sent as ZPL.", True
        )
        return ZplReport(0, None, None, (problem,))
    width = max(scan.widths) if scan.widths else None
    length = max(scan.lengths) if scan.lengths else None
    problems = _structure_problems(scan) + _size_problems(width, length, profile, declared)
    return ZplReport(scan.labels, width, length, tuple(problems))


@dataclass(slots=True)
class _ZplScan:
    """What one pass over a ZPL file's commands found."""

    labels: int = 0
    widths: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    cut_off: bool = False
    unbalanced: bool = False
    empty_labels: int = 0


def _scan(content: bytes) -> _ZplScan:
    scan = _ZplScan()
    inside = False
    has_content = False
    pos = 0
    while (match := _COMMAND.search(content, pos)) is not None:
        command = match.group(1).upper().decode("ascii")
        pos = match.end()
        if command == "XA":
            scan.unbalanced |= inside
            inside, has_content = True, False
            scan.labels += 1
        elif command == "XZ":
            if not inside:
                scan.unbalanced = True
            elif not has_content:
                scan.empty_labels += 1
            inside = False
        elif command in ("PW", "LL"):
            number = _NUMBER.match(content, pos)
            if number is not None:
                (scan.widths if command == "PW" else scan.lengths).append(int(number.group(1)))
        elif command == "GF":
            has_content = True
            head = _GF_HEAD.match(content, match.start())
            if head is not None and head.group(1).upper() in (b"B", b"C"):
                pos = head.end() + int(head.group(2))  # binary data: skip it unread
        if command in _PRINTING_COMMANDS or (command.startswith("B") and command != "BY"):
            has_content = True  # ^B* are barcodes (their data follows in ^FD)
    scan.cut_off = inside
    return scan


def _structure_problems(scan: _ZplScan) -> list[ZplProblem]:
    problems: list[ZplProblem] = []
    if scan.cut_off:
        problems.append(
            ZplProblem(
                ZplIssue.CUT_OFF,
                "The label file is cut off (it ends without ^XZ): download the label again.",
                True,
            )
        )
    if scan.unbalanced:
        problems.append(
            ZplProblem(
                ZplIssue.UNBALANCED,
                "The label file is damaged: its ^XA and ^XZ do not pair up. Download it again.",
                True,
            )
        )
    if scan.empty_labels:
        problems.append(
            ZplProblem(
                ZplIssue.EMPTY_LABEL,
                "The label is empty (nothing between ^XA and ^XZ would print): "
                "download the label again.",
                True,
            )
        )
    return problems


def _size_problems(
    width: int | None, length: int | None, profile: PrinterProfile, declared: LabelFormat | None
) -> list[ZplProblem]:
    out: list[ZplProblem] = []
    stock_w, stock_h = profile.width_dots, profile.height_dots
    dpi = profile.dpi

    def near(value: int, target: float) -> bool:
        return abs(value - target) <= 0.06 * target

    made_for_300 = declared is LabelFormat.ZPL300 or (
        width is not None and dpi < 300 and near(width, stock_w * _DPI_RATIO)
    )
    made_for_203 = declared is LabelFormat.ZPL or (
        width is not None and dpi >= 300 and near(width, stock_w / _DPI_RATIO)
    )
    if dpi < 300 and made_for_300:
        out.append(
            ZplProblem(
                ZplIssue.DPI_300_ON_203,
                f"This label was made for a 300-dpi printer, but this printer prints {dpi} dpi: "
                "it would come out about 1.5 times too large and be cut off. Set the label "
                "format to 'zpl' (203 dpi) in the station settings, or correct the printer's "
                "resolution if it really is a 300-dpi printer.",
                True,
            )
        )
        return out
    if dpi >= 300 and made_for_203:
        out.append(
            ZplProblem(
                ZplIssue.DPI_203_ON_300,
                Note(
                    NoteKind.LABEL_FOR_LOWER_DPI,
                    f"This label was made for a 203-dpi printer, but this printer prints {dpi} "
                    "dpi: it will come out at two thirds of its size and carriers may not scan "
                    "the barcode. Set the label format to 'zpl300' in the station settings.",
                    dpi=dpi,
                ),
                False,
            )
        )
        return out
    if width is not None and width > stock_w * 1.03 + 8:
        out.append(
            ZplProblem(
                ZplIssue.TOO_WIDE,
                Note(
                    NoteKind.LABEL_TOO_WIDE,
                    f"The label is {_mm(width, dpi)} wide but the printer holds "
                    f"{profile.width_mm:.0f} mm labels: the right edge may be cut off. Check "
                    "the label size in the printer settings.",
                    width_mm=round(width / dpi * 25.4),
                    stock_mm=round(profile.width_mm),
                ),
                False,
            )
        )
    if length is not None and length > stock_h * 1.03 + 8:
        out.append(
            ZplProblem(
                ZplIssue.TOO_LONG,
                Note(
                    NoteKind.LABEL_TOO_LONG,
                    f"The label is {_mm(length, dpi)} long but the printer holds "
                    f"{profile.height_mm:.0f} mm labels: it will run over onto the next label. "
                    "Check the label size in the printer settings.",
                    length_mm=round(length / dpi * 25.4),
                    stock_mm=round(profile.height_mm),
                ),
                False,
            )
        )
    return out


# ---------------------------------------------------------------- ~HS host status


class HostStatusError(ValueError):
    """The bytes are not a complete ``~HS`` answer."""


@dataclass(frozen=True, slots=True)
class HostStatus:
    """The fields of a Zebra ``~HS`` answer that matter at a bench."""

    paper_out: bool
    paused: bool
    label_length: int
    formats_in_buffer: int
    buffer_full: bool
    partial_format: bool
    corrupt_ram: bool
    under_temperature: bool
    over_temperature: bool
    head_up: bool
    ribbon_out: bool
    thermal_transfer: bool
    print_mode: str
    label_waiting: bool
    labels_remaining: int
    graphics_stored: int

    @property
    def faults(self) -> tuple[PrinterFault, ...]:
        faults: list[PrinterFault] = []
        if self.paper_out:
            faults.append(PrinterFault.PAPER_OUT)
        if self.head_up:
            faults.append(PrinterFault.HEAD_OPEN)
        if self.ribbon_out and self.thermal_transfer:
            # in direct-thermal mode there is no ribbon; some models still raise the flag
            faults.append(PrinterFault.RIBBON_OUT)
        if self.paused:
            faults.append(PrinterFault.PAUSED)
        if self.buffer_full:
            faults.append(PrinterFault.BUFFER_FULL)
        if self.over_temperature:
            faults.append(PrinterFault.HEAD_TOO_HOT)
        if self.corrupt_ram:
            faults.append(PrinterFault.OTHER)
        return tuple(faults)

    @property
    def idle(self) -> bool:
        """Nothing left to print: no formats waiting, no labels remaining in the batch."""
        return (
            self.formats_in_buffer == 0 and self.labels_remaining == 0 and not self.partial_format
        )

    def to_printer_status(self) -> PrinterStatus:
        faults = self.faults
        notes = [describe_fault(f) for f in faults]
        if self.under_temperature:
            notes.append("the print head is cold (labels may print faintly)")
        if self.label_waiting:
            notes.append("a label is waiting to be taken off (peel-off mode)")
        if self.formats_in_buffer:
            notes.append(f"{self.formats_in_buffer} label format(s) waiting in the printer")
        return PrinterStatus(
            ready=not faults,
            faults=faults,
            detail="; ".join(notes),
            known=True,
            labels_remaining=self.labels_remaining,
            formats_waiting=self.formats_in_buffer,
        )


_FRAME = re.compile(rb"\x02([^\x02\x03]*)\x03")


def host_status_complete(answer: bytes) -> bool:
    """True once ``answer`` holds three framed strings (the reader can stop waiting)."""
    return len(_FRAME.findall(answer)) >= 3


#: Set-Get-Do query for the printer's lifetime label count (Link-OS Zebras); the answer is the
#: value in double quotes, ``"?"`` when the printer does not know the setting.
LABEL_COUNT_QUERY = b'! U1 getvar "odometer.total_label_count"\r\n'
_SGD_VALUE = re.compile(rb'"([^"\r\n]*)"')
_FORMAT_START = re.compile(rb"\^XA", re.IGNORECASE)
_QUANTITY = re.compile(rb"\^PQ\s*(\d+)", re.IGNORECASE)


def label_count_complete(answer: bytes) -> bool:
    """True once ``answer`` holds a whole quoted Set-Get-Do value."""
    return _SGD_VALUE.search(answer) is not None


def parse_label_count(answer: bytes) -> int | None:
    """The number in a ``getvar "odometer.total_label_count"`` answer; None when the printer
    answered ``"?"`` or anything that is not a count."""
    match = _SGD_VALUE.search(answer)
    if match is None:
        return None
    words = match.group(1).decode("ascii", "replace").split()
    if not words or not words[0].isdigit():
        return None
    return int(words[0])


def labels_in_job(zpl: bytes) -> int:
    """How many labels a ZPL job prints: each ``^XA…^XZ`` format once, or ``^PQ`` times."""
    starts = [m.start() for m in _FORMAT_START.finditer(zpl)]
    if not starts:
        return 1
    total = 0
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(zpl)
        quantity = _QUANTITY.search(zpl, start, end)
        total += max(1, int(quantity.group(1))) if quantity else 1
    return total


def parse_host_status(answer: bytes) -> HostStatus:
    """Parse a ``~HS`` answer: ``<STX>aaa,b,c,dddd,eee,f,g,h,iii,j,k,l<ETX><CR><LF>``,
    ``<STX>mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www<ETX><CR><LF>``, ``<STX>xxxx,y<ETX><CR><LF>``.

    Raises ``HostStatusError`` when the first two strings are missing or malformed.
    """
    frames = [f.decode("ascii", "replace") for f in _FRAME.findall(answer)]
    if len(frames) < 2:
        raise HostStatusError(f"expected three ~HS strings, got {len(frames)}")
    first = [part.strip() for part in frames[0].split(",")]
    second = [part.strip() for part in frames[1].split(",")]
    if len(first) < 12 or len(second) < 11:
        raise HostStatusError(
            f"~HS strings have {len(first)} and {len(second)} fields, expected 12 and 11"
        )

    def flag(value: str) -> bool:
        return value == "1"

    def number(value: str) -> int:
        try:
            return int(value)
        except ValueError as exc:
            raise HostStatusError(f"not a number in a ~HS string: {value!r}") from exc

    return HostStatus(
        paper_out=flag(first[1]),
        paused=flag(first[2]),
        label_length=number(first[3]),
        formats_in_buffer=number(first[4]),
        buffer_full=flag(first[5]),
        partial_format=flag(first[7]),
        corrupt_ram=flag(first[9]),
        under_temperature=flag(first[10]),
        over_temperature=flag(first[11]),
        head_up=flag(second[2]),
        ribbon_out=flag(second[3]),
        thermal_transfer=flag(second[4]),
        print_mode=second[5],
        label_waiting=flag(second[7]),
        labels_remaining=number(second[8]),
        graphics_stored=number(second[10]),
    )


def format_host_status(
    *,
    paper_out: bool = False,
    paused: bool = False,
    head_up: bool = False,
    ribbon_out: bool = False,
    thermal_transfer: bool = False,
    label_length: int = 1218,
    formats_in_buffer: int = 0,
    labels_remaining: int = 0,
    buffer_full: bool = False,
) -> bytes:
    """A ``~HS`` answer with the given flags (the inverse of ``parse_host_status``).

    Used by tests and as the reference layout; the sandbox's virtual printer writes its own.
    """

    def b(v: bool) -> str:
        return "1" if v else "0"

    first = (
        f"030,{b(paper_out)},{b(paused)},{label_length:04d},{formats_in_buffer:03d},"
        f"{b(buffer_full)},0,0,000,0,0,0"
    )
    second = (
        f"001,0,{b(head_up)},{b(ribbon_out)},{b(thermal_transfer)},2,6,0,"
        f"{labels_remaining:08d},1,000"
    )
    third = "1234,0"
    return b"".join(b"\x02" + s.encode("ascii") + b"\x03\r\n" for s in (first, second, third))


_FAULT_TEXT = {
    PrinterFault.OFFLINE: "the printer cannot be reached",
    PrinterFault.PAPER_OUT: "the labels have run out",
    PrinterFault.HEAD_OPEN: "the print head is open",
    PrinterFault.PAUSED: "the printer is paused",
    PrinterFault.RIBBON_OUT: "the ribbon has run out",
    PrinterFault.BUFFER_FULL: "the printer's memory is full",
    PrinterFault.HEAD_TOO_HOT: "the print head is too hot",
    PrinterFault.JAMMED: "the labels are jammed",
    PrinterFault.OTHER: "the printer reports an error",
}


def describe_fault(fault: PrinterFault) -> str:
    """A plain English phrase for a fault ("the labels have run out")."""
    return _FAULT_TEXT.get(fault, fault.value.replace("_", " "))


def describe_faults(faults: Sequence[PrinterFault]) -> str:
    """Faults as one phrase: "the labels have run out and the print head is open"."""
    phrases = [describe_fault(f) for f in faults]
    if not phrases:
        return "the printer is not ready"
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


# ---------------------------------------------------------------- ^GF graphics


def _repeat(count: int, char: str) -> str:
    """Zebra ASCII compression for ``count`` copies of one hex digit.

    G..Y are 1..19, g..z are 20..400 in steps of 20; a count prefix precedes the digit.
    """
    out: list[str] = []
    while count > 0:
        chunk = min(count, 419)
        high, low = divmod(chunk, 20)
        prefix = ""
        if high:
            prefix += chr(ord("g") + high - 1)
        if low:
            prefix += chr(ord("G") + low - 1)
        out.append(prefix + char if chunk > 1 else char)
        count -= chunk
    return "".join(out)


def _compress_row(hex_row: str) -> str:
    stripped = hex_row.rstrip("0")
    if not stripped:
        return ","
    tail = ","
    if len(stripped) == len(hex_row):
        ones = hex_row.rstrip("F")
        if len(ones) < len(hex_row) - 1:
            stripped, tail = ones, "!"
        else:
            tail = ""
    out: list[str] = []
    i = 0
    while i < len(stripped):
        j = i
        while j < len(stripped) and stripped[j] == stripped[i]:
            j += 1
        out.append(_repeat(j - i, stripped[i]))
        i = j
    return "".join(out) + tail


class GraphicEncoding(StrEnum):
    """How ``^GFA`` data is written: ``Z64`` (zlib + base64 + CRC) or ``ASCII`` compression."""

    Z64 = "z64"
    ASCII = "ascii"


def z64_crc(text: str) -> str:
    """The CRC Zebra firmware checks after ``:Z64:data:``: CRC-16/CCITT (polynomial 0x1021,
    start 0) over the base64 text, as four upper-case hex digits."""
    return f"{binascii.crc_hqx(text.encode('ascii'), 0):04X}"


def _z64_data(raw: bytes) -> str:
    text = base64.b64encode(zlib.compress(raw, 9)).decode("ascii")
    return f":Z64:{text}:{z64_crc(text)}"


def _ascii_data(rows: Sequence[bytes]) -> str:
    parts: list[str] = []
    previous: bytes | None = None
    for row in rows:
        if row == previous:
            parts.append(":")
        else:
            parts.append(_compress_row(row.hex().upper()))
        previous = row
    return "".join(parts)


def encode_graphic_field(
    rows: Sequence[bytes],
    bytes_per_row: int,
    encoding: GraphicEncoding = GraphicEncoding.ASCII,
) -> str:
    """``^GFA,total,total,bytes_per_row,data`` for a 1-bit image (1 = black dot).

    Each row must be exactly ``bytes_per_row`` bytes. ``ASCII``: rows compressed with Zebra's
    ASCII scheme (runs as count letters, ``,`` rest of the row white, ``!`` rest of the row
    black, ``:`` same row as before). ``Z64``: ``:Z64:`` + the whole bitmap zlib-compressed and
    base64-encoded + ``:`` + the CRC of the base64 text (see ``z64_crc``).
    """
    if bytes_per_row < 1:
        raise ValueError("bytes_per_row must be at least 1")
    for row in rows:
        if len(row) != bytes_per_row:
            raise ValueError(f"row of {len(row)} bytes, expected {bytes_per_row}")
    total = bytes_per_row * len(rows)
    z64 = encoding is GraphicEncoding.Z64
    data = _z64_data(b"".join(rows)) if z64 else _ascii_data(rows)
    return f"^GFA,{total},{total},{bytes_per_row},{data}"


def graphic_label(
    rows: Sequence[bytes],
    bytes_per_row: int,
    *,
    width: int,
    length: int,
    copies: int = 1,
    encoding: GraphicEncoding = GraphicEncoding.Z64,
) -> bytes:
    """A complete ZPL label printing one graphic at the origin: ``^XA…^GFA…^FS^XZ`` (Z64 data
    unless ``encoding`` says otherwise)."""
    graphic = encode_graphic_field(rows, bytes_per_row, encoding)
    text = f"^XA^PW{width}^LL{length}^LH0,0^FO0,0{graphic}^FS^PQ{copies}^XZ\n"
    return text.encode("ascii")
