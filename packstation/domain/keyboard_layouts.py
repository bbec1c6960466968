"""Keyboard layouts of wedge scanners: what a scan turns into when scanner and PC disagree.

A keyboard-wedge scanner does not send characters; it sends key presses, chosen for the
keyboard layout it is set to. The PC turns them into characters with *its* layout. When the
two differ, codes arrive altered: a scanner set to US English on a PC with the German layout
types ``Y`` for ``Z``, ``z`` for ``y``, ``ß`` for ``-`` and ``Ö`` for ``:`` — so
``PS-CMD:FINISH`` arrives as ``PSßCMDÖFINISH``. The station expects scanner and PC on the same
layout; this module recognises the usual mismatches from a known code (the scanner test
barcode of the command sheet, or any command barcode) so the packer can be told plainly.

Layouts are described by physical key: each key position (named as in XKB: ``AE01`` is the
``1`` key, ``AD01`` the key right of Tab, ``AB01`` the key right of the left Shift …) has the
characters of its levels (plain, Shift, AltGr). Dead keys are marked and never predicted.

Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

#: Marks a dead key in the tables below (it types nothing by itself).
DEAD = "\0"

_ROWS = (
    ["TLDE"],
    [f"AE{n:02d}" for n in range(1, 13)],
    [f"AD{n:02d}" for n in range(1, 13)],
    [f"AC{n:02d}" for n in range(1, 12)] + ["BKSL"],
    ["LSGT"] + [f"AB{n:02d}" for n in range(1, 11)],
)


class KeyboardLayout(StrEnum):
    """The layouts the station can recognise (a scanner's or a PC's)."""

    US = "us"  # US English, QWERTY
    DE = "de"  # German, QWERTZ
    FR = "fr"  # French, AZERTY


# Per row: the keys' levels as "plain Shift AltGr" triples; "·" = nothing, "∂x" = dead key x.
_TABLES: dict[KeyboardLayout, tuple[str, ...]] = {
    KeyboardLayout.US: (
        "`~·",
        "1!· 2@· 3#· 4$· 5%· 6^· 7&· 8*· 9(· 0)· -_· =+·",
        "qQ· wW· eE· rR· tT· yY· uU· iI· oO· pP· [{· ]}·",
        "aA· sS· dD· fF· gG· hH· jJ· kK· lL· ;:· '\"· \\|·",
        "zZ· xX· cC· vV· bB· nN· mM· ,<· .>· /?·",
    ),
    KeyboardLayout.DE: (
        "∂°·",
        '1!· 2"² 3§³ 4$· 5%· 6&· 7/{ 8([ 9)] 0=} ß?\\ ∂∂·',
        "qQ@ wW· eE€ rR· tT· zZ· uU· iI· oO· pP· üÜ· +*~",
        "aA· sS· dD· fF· gG· hH· jJ· kK· lL· öÖ· äÄ· #'·",
        "<>| yY· xX· cC· vV· bB· nN· mMµ ,;· .:· -_·",
    ),
    KeyboardLayout.FR: (
        "²··",
        "&1· é2∂ \"3# '4{ (5[ -6| è7∂ _8\\ ç9^ à0@ )°] =+}",
        "aA· zZ· eE€ rR· tT· yY· uU· iI· oO· pP· ∂∂· $£¤",
        "qQ· sS· dD· fF· gG· hH· jJ· kK· lL· mM· ù%· *µ·",
        "<>· wW· xX· cC· vV· bB· nN· ,?· ;.· :/· !§·",
    ),
}


def _levels(cell: str) -> tuple[str, ...]:
    """ "qQ@" → ("q", "Q", "@"); "∂" stands for a dead key, "·" for nothing."""
    out: list[str] = []
    for ch in cell:
        out.append(DEAD if ch == "∂" else "" if ch == "·" else ch)
    return tuple(out)


@cache
def _keys(layout: KeyboardLayout) -> dict[str, tuple[str, ...]]:
    """Key position → its characters by level (plain, Shift, AltGr)."""
    table: dict[str, tuple[str, ...]] = {"SPCE": (" ", " ", "")}
    for names, row in zip(_ROWS, _TABLES[layout], strict=True):
        cells = row.split(" ")
        if len(cells) != len(names):  # the US row without the ISO key left of Z
            names = names[len(names) - len(cells) :] if names[0] == "LSGT" else names
        for name, cell in zip(names, cells, strict=True):
            table[name] = _levels(cell)
    return table


@cache
def _strokes(layout: KeyboardLayout) -> dict[str, tuple[str, int]]:
    """Character → (key position, level) of the way ``layout`` types it (lowest level first)."""
    out: dict[str, tuple[str, int]] = {}
    for level in range(3):
        for name, levels in _keys(layout).items():
            if level < len(levels) and levels[level] and levels[level] != DEAD:
                out.setdefault(levels[level], (name, level))
    return out


def retype(text: str, scanner: KeyboardLayout, pc: KeyboardLayout) -> str | None:
    """What ``text`` arrives as when a scanner set to ``scanner`` types it on a ``pc`` PC.

    None when it cannot be told: a character the scanner's layout has no key for, or one
    that lands on a dead key or an empty level of the PC's layout.
    """
    strokes, keys = _strokes(scanner), _keys(pc)
    out: list[str] = []
    for ch in text:
        stroke = strokes.get(ch)
        if stroke is None:
            return None
        name, level = stroke
        levels = keys.get(name, ())
        typed = levels[level] if level < len(levels) else ""
        if not typed or typed == DEAD:
            return None
        out.append(typed)
    return "".join(out)


class LayoutVerdict(StrEnum):
    MATCH = "match"  # the code arrived exactly as printed
    MISMATCH = "mismatch"  # scanner and PC are set to different keyboard layouts
    CAPS_LOCK = "caps lock"  # upper and lower case swapped: Caps Lock is on
    ALTERED = "altered"  # characters changed in a way no known layout pair explains


@dataclass(frozen=True, slots=True)
class LayoutCheck:
    """What a known code's scan says about the scanner's and the PC's keyboard layouts.

    ``changes`` lists (printed, arrived) for each character that changed, once each, in
    order: ``(("Z", "Y"), ("-", "ß"))``.
    """

    verdict: LayoutVerdict
    expected: str
    arrived: str
    scanner: KeyboardLayout | None = None
    pc: KeyboardLayout | None = None
    changes: tuple[tuple[str, str], ...] = ()


def changed_characters(expected: str, arrived: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for printed, got in zip(expected, arrived, strict=False):
        if printed != got and (printed, got) not in out:
            out.append((printed, got))
    return tuple(out)


#: What the scanner test barcode says after the command prefix: the characters that differ
#: between the US, German and French layouts (Z/Y/A/Q, '-', '/', ':', digits) and none that
#: sit on a dead key in any of them.
SCANNER_TEST_WORD = "TEST:Zy-/Aq1."


def scanner_test_code(command_prefix: str) -> str:
    """The scanner test barcode of the command sheet (``PS-CMD:TEST:Zy-/Aq1.``)."""
    return f"{command_prefix}{SCANNER_TEST_WORD}"


class LayoutDetector:
    """Recognises known codes (the test barcode, command barcodes) arriving altered.

    ``check(scan)`` gives a `LayoutCheck` when ``scan`` is the test code (as printed, or
    altered by a layout mismatch, Caps Lock or otherwise) or a known code altered by a layout
    mismatch; None for every other scan, which goes its usual way.
    """

    def __init__(self, test_code: str, known_codes: Iterable[str] = ()) -> None:
        self.test_code = test_code
        self._altered: dict[str, tuple[str, KeyboardLayout, KeyboardLayout]] = {}
        for code in (test_code, *known_codes):
            for scanner in KeyboardLayout:
                for pc in KeyboardLayout:
                    if scanner is pc:
                        continue
                    arrived = retype(code, scanner, pc)
                    if arrived is not None and arrived != code:
                        self._altered.setdefault(arrived, (code, scanner, pc))

    def check(self, scan: str) -> LayoutCheck | None:
        test = self.test_code
        if scan == test:
            return LayoutCheck(LayoutVerdict.MATCH, test, scan)
        known = self._altered.get(scan)
        if known is not None:
            code, scanner, pc = known
            changes = changed_characters(code, scan)
            return LayoutCheck(LayoutVerdict.MISMATCH, code, scan, scanner, pc, changes)
        if scan.swapcase() == test:
            changes = changed_characters(test, scan)
            return LayoutCheck(LayoutVerdict.CAPS_LOCK, test, scan, changes=changes)
        if _resembles(scan, test):
            return LayoutCheck(
                LayoutVerdict.ALTERED, test, scan, changes=changed_characters(test, scan)
            )
        return None


def _resembles(scan: str, code: Sequence[str]) -> bool:
    """Same length and mostly the same characters: the test code, altered."""
    if len(scan) != len(code) or not code:
        return False
    same = sum(1 for a, b in zip(scan, code, strict=True) if a == b)
    return same * 2 >= len(code)
