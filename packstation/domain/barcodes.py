"""What a scanner typed: classify one scan as an order, a product, a GS1 string or a command.

Barcode scanners at a packing bench act as keyboards. What arrives is a line of text that
may carry a configured prefix or suffix, an AIM symbology identifier (``]C1``, ``]E0``,
``]d2`` …), FNC1 as the ASCII group separator ``\\x1d``, or rubbish from a misread. This module
turns such a line into a `Scan` value and never raises for bad input: a scan that cannot be
used is a `Scan` of kind `CodeKind.INVALID` with a sentence in ``error``.

Standard library only. GS1 element strings are split by a `Gs1Decoder`; the station injects
the biip-backed decoder from ``adapters/gs1_biip.py``, and `StdlibGs1Decoder` here covers the
application identifiers the bench needs when none is injected.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

from packstation.domain.orders import OrderLine, PackCode

#: The ASCII group separator that scanners send for FNC1 inside GS1 barcodes.
GS = "\x1d"

# AIM symbology identifiers (ISO/IEC 15424): "]" + symbology letter + modifier character.
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
#: AIM identifiers announcing GS1 data (GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR, DotCode).
GS1_SYMBOLOGIES = frozenset({"]C1", "]e0", "]d2", "]Q3", "]J1"})
#: AIM identifiers of EAN/UPC symbols (EAN-13/UPC-A, add-ons, EAN-8).
EAN_UPC_SYMBOLOGIES = frozenset({"]E0", "]E1", "]E2", "]E3", "]E4"})

_DIGITS = re.compile(r"[0-9]+")
#: Lengths of all-digit scans taken for a GTIN (EAN-8, UPC-A, EAN-13, GTIN-14).
GTIN_LENGTHS = frozenset({8, 12, 13, 14})
# Human-readable GS1 form printed under barcodes: "(01)04006381333931(10)ABC".
_HRI = re.compile(r"(?:\(\d{2,4}\)[^()]+)+")
_HRI_PART = re.compile(r"\((\d{2,4})\)([^()]+)")
# Leading and trailing characters that are line terminators or padding, not data. Note that
# str.strip() without arguments would also remove GS (Python counts it as whitespace).
_PADDING = " \t\r\n"


@dataclass(frozen=True, slots=True)
class BarcodeConfig:
    """How this station's scanners and order barcodes look.

    ``order_patterns`` are regular expressions that must match the whole scan; the named group
    ``order`` is the order id (without it, the whole match is). Plain ids (``A100``) and
    prefixed forms (``ORD-(?P<order>[A-Z]\\d{3,})``) are both usual. GS1-128 order barcodes
    (AI 400) are recognised without a pattern (a pattern matching the AI 400 value extracts
    the id from it). ``scanner_prefix``/``scanner_suffix`` are removed when present;
    ``max_length`` counts the cleaned text; an empty ``command_prefix`` turns commands off.
    """

    order_patterns: tuple[str, ...] = (r"(?P<order>[A-Z]\d{3,})",)
    scanner_prefix: str = ""
    scanner_suffix: str = ""
    max_length: int = 100
    command_prefix: str = "PS-CMD:"

    def __post_init__(self) -> None:
        if self.max_length < 1:
            raise ValueError(f"max_length must be at least 1, not {self.max_length}.")
        for pattern in self.order_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"Order barcode pattern {pattern!r} is not valid: {exc}.") from exc


class CodeKind(StrEnum):
    """What a scan turned out to be."""

    ORDER = "order"
    PRODUCT = "product"  # a plain GTIN: EAN-8, EAN-13, UPC-A, GTIN-14
    GS1 = "gs1"  # a GS1 element string (GS1-128, GS1 DataMatrix …)
    COMMAND = "command"  # a command sheet barcode such as PS-CMD:FINISH
    TEXT = "text"  # anything else printable, for example a SKU
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class Scan:
    """One classified scan.

    ``raw`` is exactly what arrived; ``value`` is the cleaned text (prefix, suffix and AIM
    identifier removed; GS1 strings in their human-readable form, e.g. ``(01)…(10)…``).
    ``gtin`` is always the 14-digit form. ``error`` is set exactly when ``kind`` is INVALID.
    ``content_gtin`` and ``count`` come from GS1 AI 02 and 37: a logistic unit holding
    ``count`` units of the trade item ``content_gtin``.
    """

    raw: str
    kind: CodeKind
    value: str
    order_id: str | None = None
    gtin: str | None = None
    sscc: str | None = None
    batch: str | None = None
    expiry: date | None = None
    command: str | None = None
    error: str | None = None
    content_gtin: str | None = None
    count: int | None = None

    @property
    def looks_like_product(self) -> bool:
        """True for codes that name a trade item (a GTIN, or a GS1 string with AI 01 or 02)."""
        return (self.gtin is not None or self.content_gtin is not None) and self.kind in (
            CodeKind.PRODUCT,
            CodeKind.GS1,
        )


class Gs1Decoder(Protocol):
    """Splits a GS1 element string into application identifiers and their values."""

    def decode(self, text: str) -> Mapping[str, str]:
        """Return AI → value in the order found; raise ValueError with a readable message."""
        ...


# --------------------------------------------------------------------------- check digits


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


def gs1_check_digit(payload: str) -> int:
    """The GS1 mod-10 check digit for ``payload`` (the digits before the check digit)."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def check_digit_ok(digits: str) -> bool:
    """True when ``digits`` (ASCII digits, at least two) ends in its correct GS1 check digit.

    The same rule serves EAN-8, EAN-13, UPC-A, GTIN-14 and SSCC.
    """
    if len(digits) < 2 or not _is_digits(digits):
        return False
    return gs1_check_digit(digits[:-1]) == int(digits[-1])


def gtin14(code: str) -> str | None:
    """The GTIN-14 form of an EAN-8, UPC-A, EAN-13 or GTIN-14, or None when it is not one.

    Leading zeros may be missing (spreadsheets drop them), so any 8 to 14 digits with a correct
    check digit are accepted and padded: ``4006381333931``, ``04006381333931`` and the UPC-A
    ``012345678905`` / EAN-13 ``0012345678905`` pairs each normalise to one value.
    """
    text = code.strip()
    if not 8 <= len(text) <= 14 or not check_digit_ok(text):
        return None
    padded = text.zfill(14)
    if padded.strip("0") == "":
        return None
    return padded


def gs1_year(two_digits: int, today: date) -> int:
    """The full year for a GS1 two-digit year (GS1 General Specifications §7.12 window)."""
    century = today.year - today.year % 100
    difference = two_digits - today.year % 100
    if 51 <= difference <= 99:
        return century - 100 + two_digits
    if -99 <= difference <= -50:
        return century + 100 + two_digits
    return century + two_digits


def gs1_date(yymmdd: str, today: date) -> date:
    """A GS1 date field (YYMMDD; day 00 means the last day of the month).

    Raises ValueError with a readable message when it is not a date.
    """
    if len(yymmdd) != 6 or not _is_digits(yymmdd):
        raise ValueError(f"{yymmdd!r} is not a date in the form YYMMDD.")
    year = gs1_year(int(yymmdd[:2]), today)
    month, day = int(yymmdd[2:4]), int(yymmdd[4:])
    if not 1 <= month <= 12:
        raise ValueError(f"{yymmdd!r} is not a date: there is no month {month:02d}.")
    if day == 0:
        day = calendar.monthrange(year, month)[1]
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"{yymmdd!r} is not a date: {year}-{month:02d} has no day {day}."
        ) from None


# --------------------------------------------------------------------------- GS1 fallback


@dataclass(frozen=True, slots=True)
class _AiRule:
    pattern: str  # the value's regex (matched from the start, like biip does)
    date: bool = False


# GS1 character set 82 (GS1 General Specifications figure 7.11-1), as biip writes it.
_CSET82 = r"[!%-?A-Z_a-z\x22]"
_GS1_RULES: Mapping[str, _AiRule] = {
    "00": _AiRule(r"\d{18}"),  # SSCC
    "01": _AiRule(r"\d{14}"),  # GTIN
    "02": _AiRule(r"\d{14}"),  # GTIN of contained trade items
    "10": _AiRule(_CSET82 + "{1,20}"),  # batch or lot
    "11": _AiRule(r"\d{6}", date=True),  # production date
    "15": _AiRule(r"\d{6}", date=True),  # best before
    "17": _AiRule(r"\d{6}", date=True),  # expiry
    "21": _AiRule(_CSET82 + "{1,20}"),  # serial number
    "37": _AiRule(r"\d{1,8}"),  # count of trade items
    "400": _AiRule(_CSET82 + "{1,30}"),  # customer's purchase order number
}


class StdlibGs1Decoder:
    """A small GS1 element-string decoder for the identifiers a packing bench meets.

    Knows AI 00 (SSCC), 01 and 02 (GTIN), 10 (batch), 11/15/17 (dates), 21 (serial),
    37 (count) and 400 (customer order number). Fixed-length fields need no separator;
    variable-length ones end at GS, at their maximum length, or at the end. Results agree with
    biip for these identifiers; anything else is refused with ValueError.
    """

    __slots__ = ("_today",)

    def __init__(self, today: date | None = None) -> None:
        self._today = today

    def decode(self, text: str) -> Mapping[str, str]:
        today = self._today or date.today()
        rest = text.strip()
        found: dict[str, str] = {}
        while rest:
            ai = next((rest[:n] for n in (2, 3, 4) if rest[:n] in _GS1_RULES), None)
            if ai is None:
                raise ValueError(
                    f"Unknown or unsupported GS1 application identifier at {_shown(rest[:4])}."
                )
            rule = _GS1_RULES[ai]
            field_text = rest[len(ai) :].split(GS, 1)[0]
            match = re.match(rule.pattern, field_text)
            if match is None:
                raise ValueError(f"GS1 field ({ai}) has no valid value in {_shown(rest)}.")
            value = match.group()
            if rule.date:
                gs1_date(value, today)
            if ai in found and found[ai] != value:
                raise ValueError(f"GS1 field ({ai}) appears twice with different values.")
            found[ai] = value
            rest = rest[len(ai) + len(value) :].lstrip(GS)
        return found


def gs1_hri(fields: Mapping[str, str]) -> str:
    """The human-readable interpretation, e.g. ``(01)04006381333931(10)ABC``."""
    return "".join(f"({ai}){value}" for ai, value in fields.items())


def _hri_to_element_string(text: str) -> str:
    # "(01)…(10)ABC(17)…" → "01…10ABC<GS>17…": a GS after every field is always allowed.
    return GS.join(ai + value for ai, value in _HRI_PART.findall(text))


# --------------------------------------------------------------------------- parsing


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def _shown(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message: control characters escaped, long text shortened."""
    escaped = "".join(
        ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
        for ch in text
    )
    if len(escaped) > limit:
        escaped = escaped[: limit - 1] + "…"
    return f"“{escaped}”"


def display_code(text: str, limit: int = 60) -> str:
    """A scanned code as it may be shown to people or written to a log line."""
    return _shown(text, limit)[1:-1]


def _bad_character(text: str, allow_gs: bool) -> str | None:
    for ch in text:
        if ch == GS and allow_gs:
            continue
        if ch.isprintable():
            continue
        kind = "control" if unicodedata.category(ch) == "Cc" else "non-printable"
        return f"The scan contains a {kind} character (U+{ord(ch):04X}); please scan again."
    return None


def _order_id(text: str, config: BarcodeConfig) -> str | None:
    for pattern in _compiled(config.order_patterns):
        match = pattern.fullmatch(text)
        if match is not None:
            order = match.groupdict().get("order")
            found = order if order is not None else match.group()
            if found:
                return found
    return None


def _invalid(raw: str, value: str, error: str) -> Scan:
    return Scan(raw=raw, kind=CodeKind.INVALID, value=value, error=error)


def _strip_affixes(raw: str, config: BarcodeConfig) -> str:
    text = raw.strip(_PADDING)
    if config.scanner_prefix and text.startswith(config.scanner_prefix):
        text = text[len(config.scanner_prefix) :]
    if config.scanner_suffix and text.endswith(config.scanner_suffix):
        text = text[: -len(config.scanner_suffix)]
    return text.strip(_PADDING)


def parse_scan(
    raw: str,
    config: BarcodeConfig,
    gs1: Gs1Decoder | None = None,
    *,
    today: date | None = None,
) -> Scan:
    """Classify one scan. Never raises for any input text: bad scans come back INVALID
    (provided an injected ``gs1`` decoder keeps to raising only ValueError).

    Order of decisions: cleaning (terminators, scanner prefix/suffix, AIM identifier), empty,
    length, unprintable characters, command sheet barcodes, GS1 strings (announced by an AIM
    GS1 identifier or containing GS), configured order patterns, GTINs (digits of length
    8/12/13/14; a wrong check digit is INVALID), GS1 strings without any marker (all-digit
    starts with AI 00/01, or the bracketed human-readable form), and finally TEXT.

    ``today`` fixes the century of two-digit GS1 years; by default the current date.
    """
    text = _strip_affixes(raw, config)
    symbology = ""
    aim = _AIM.match(text)
    if aim is not None:
        symbology = aim.group()
        text = text[aim.end() :]
    if text.startswith(GS):  # FNC1 in first position, sent by some scanners
        text = text.lstrip(GS)
        symbology = symbology or "]C1"

    if not text:
        return _invalid(raw, text, "The scan was empty; please scan again.")
    if len(text) > config.max_length:
        return _invalid(
            raw,
            text,
            f"The scan is {len(text)} characters long; at most {config.max_length} are "
            "allowed. Was it a misread or several codes at once?",
        )
    problem = _bad_character(text, allow_gs=True)
    if problem is not None:
        return _invalid(raw, text, problem)

    if config.command_prefix and text.startswith(config.command_prefix):
        command = text[len(config.command_prefix) :].strip().upper()
        if not command or GS in command:
            return _invalid(raw, text, f"The command barcode {_shown(text)} names no command.")
        return Scan(raw=raw, kind=CodeKind.COMMAND, value=text, command=command)

    decoder = gs1 if gs1 is not None else StdlibGs1Decoder(today)
    when = today or date.today()
    if symbology in GS1_SYMBOLOGIES or GS in text:
        return _gs1_scan(raw, text, config, decoder, when)

    order = _order_id(text, config)
    if order is not None and symbology not in EAN_UPC_SYMBOLOGIES:
        return Scan(raw=raw, kind=CodeKind.ORDER, value=text, order_id=order)

    if symbology == "]E3" and _is_digits(text) and len(text) in (15, 18):
        text = text[:13]  # EAN-13 with a 2- or 5-digit add-on (periodicals, books): the item
    if _is_digits(text) and (len(text) in GTIN_LENGTHS or symbology in EAN_UPC_SYMBOLOGIES):
        return _gtin_scan(raw, text)
    if symbology in EAN_UPC_SYMBOLOGIES:
        return _invalid(raw, text, f"The EAN/UPC barcode {_shown(text)} is not a valid GTIN.")

    # GS1 data from a scanner that sends no AIM identifier, or typed from the printed text
    if _is_digits(text[:16]) and len(text) >= 16 and text[:2] in ("00", "01"):
        scan = _gs1_scan(raw, text, config, decoder, when)
        if scan.kind is not CodeKind.INVALID:
            return scan
    if _HRI.fullmatch(text):
        scan = _gs1_scan(raw, _hri_to_element_string(text), config, decoder, when)
        if scan.kind is not CodeKind.INVALID:
            return scan

    return Scan(raw=raw, kind=CodeKind.TEXT, value=text)


def _gtin_scan(raw: str, digits: str) -> Scan:
    if len(digits) not in GTIN_LENGTHS:
        return _invalid(
            raw, digits, f"{digits} has {len(digits)} digits; a GTIN has 8, 12, 13 or 14."
        )
    if not check_digit_ok(digits):
        expected = gs1_check_digit(digits[:-1])
        return _invalid(
            raw,
            digits,
            f"The check digit of {digits} is wrong (it should end in {expected}); "
            "the barcode was misread or is damaged.",
        )
    normalised = gtin14(digits)
    if normalised is None:
        return _invalid(raw, digits, f"{digits} is not a GTIN.")
    return Scan(raw=raw, kind=CodeKind.PRODUCT, value=digits, gtin=normalised)


def _gs1_scan(
    raw: str,
    text: str,
    config: BarcodeConfig,
    decoder: Gs1Decoder,
    today: date,
) -> Scan:
    try:
        fields = dict(decoder.decode(text))
    except ValueError as exc:
        return _invalid(raw, text, f"This GS1 barcode cannot be read: {exc}")
    if not fields:
        return _invalid(raw, text, "This GS1 barcode holds no data.")
    hri = gs1_hri(fields)

    gtin = fields.get("01")
    if gtin is not None and not (len(gtin) == 14 and check_digit_ok(gtin)):
        return _invalid(raw, hri, f"The GTIN {gtin} in this GS1 barcode has a wrong check digit.")
    # a logistic unit's contents (AI 02) and count (AI 37): used only when both are sound
    content = fields.get("02")
    if content is not None and not (len(content) == 14 and check_digit_ok(content)):
        content = None
    count_text = fields.get("37", "")
    count = int(count_text) if count_text.isdigit() and int(count_text) >= 1 else None
    sscc = fields.get("00")
    if sscc is not None and not (len(sscc) == 18 and check_digit_ok(sscc)):
        return _invalid(raw, hri, f"The SSCC {sscc} in this GS1 barcode has a wrong check digit.")
    expiry: date | None = None
    if "17" in fields:
        try:
            expiry = gs1_date(fields["17"], today)
        except ValueError as exc:
            return _invalid(raw, hri, f"The expiry date in this GS1 barcode is wrong: {exc}")
    order: str | None = None
    if "400" in fields:
        order = _order_id(fields["400"], config) or fields["400"]

    kind = CodeKind.ORDER if order is not None and gtin is None else CodeKind.GS1
    return Scan(
        raw=raw,
        kind=kind,
        value=hri,
        order_id=order,
        gtin=gtin,
        sscc=sscc,
        batch=fields.get("10"),
        expiry=expiry,
        content_gtin=content,
        count=count,
    )


# --------------------------------------------------------------------------- matching


def _same_text(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def line_gtins(line: OrderLine) -> frozenset[str]:
    """The GTIN-14s an order line answers to (its EAN, and its SKU when that is a GTIN)."""
    found = {gtin14(code) for code in (line.ean, line.sku) if code}
    return frozenset(g for g in found if g is not None)


def same_product(scan: Scan, line: OrderLine) -> bool:
    """True when ``scan`` names the product of ``line``.

    By SKU text (case-insensitive, trimmed) or by GTIN equivalence (EAN-13 with or without
    leading zeros, its GTIN-14, and a UPC-A with the EAN-13 that adds a leading 0 are one
    product). Command scans never name a product.
    """
    if scan.kind is CodeKind.COMMAND:
        return False
    if scan.value and _same_text(scan.value, line.sku):
        return True
    return scan.gtin is not None and scan.gtin in line_gtins(line)


# --------------------------------------------------------------------------- outer packs


def packaging_indicator(gtin: str) -> int | None:
    """The packaging indicator of a GTIN-14 (its first digit) when it marks an outer pack
    (1 to 8), else None (0 is the unit itself, 9 a variable-measure item)."""
    if len(gtin) != 14 or not check_digit_ok(gtin):
        return None
    indicator = int(gtin[0])
    return indicator if 1 <= indicator <= 8 else None


def unit_gtin(gtin: str) -> str | None:
    """The GTIN-14 of the unit inside an outer pack's GTIN-14 (packaging indicator 1 to 8):
    the same item reference with indicator 0 and its own check digit."""
    if packaging_indicator(gtin) is None:
        return None
    body = "0" + gtin[1:13]
    return body + str(gs1_check_digit(body))


def _pack_matches(scan: Scan, pack: PackCode) -> bool:
    if scan.value and _same_text(scan.value, pack.barcode):
        return True
    return scan.gtin is not None and scan.gtin == gtin14(pack.barcode)


def pack_units(scan: Scan, line: OrderLine) -> int | None:
    """How many units of ``line``'s product ``scan`` stands for when it is an outer pack:
    one of the line's declared pack barcodes, or a GS1 logistic label with the line's GTIN as
    contents (AI 02) and a count (AI 37). None when it is no pack of this line."""
    if scan.kind is CodeKind.COMMAND or scan.kind is CodeKind.INVALID:
        return None
    for pack in line.packs:
        if _pack_matches(scan, pack):
            return pack.units
    if (
        scan.content_gtin is not None
        and scan.count is not None
        and scan.gtin is None
        and scan.content_gtin in line_gtins(line)
    ):
        return scan.count
    return None


def undeclared_pack_of(scan: Scan, line: OrderLine) -> int | None:
    """The packaging indicator when ``scan`` is an outer pack (GTIN-14, indicator 1 to 8) of
    ``line``'s product that the order does not declare (its size is unknown), else None."""
    if scan.gtin is None or scan.kind is CodeKind.COMMAND:
        return None
    inner = unit_gtin(scan.gtin)
    if inner is None or inner not in line_gtins(line):
        return None
    return packaging_indicator(scan.gtin)
