"""Keyboard layouts: what codes turn into when the scanner and the PC use different ones."""

from __future__ import annotations

import pytest

from packstation.domain.commands import SHEET, command_code
from packstation.domain.keyboard_layouts import (
    KeyboardLayout,
    LayoutDetector,
    LayoutVerdict,
    retype,
    scanner_test_code,
)

US, DE, FR = KeyboardLayout.US, KeyboardLayout.DE, KeyboardLayout.FR
TEST = scanner_test_code("PS-CMD:")
SHEET_CODES = [command_code(command, "PS-CMD:", argument) for command, argument in SHEET]


def test_the_classic_mismatch_us_scanner_on_a_german_pc() -> None:
    assert retype("Zy-", US, DE) == "Yzß"
    assert retype("PS-CMD:FINISH", US, DE) == "PSßCMDÖFINISH"
    assert retype("SKU-TSHIRT-M", US, DE) == "SKUßTSHIRTßM"
    assert retype("1Z7S161094040014", US, DE) == "1Y7S161094040014"


def test_the_reverse_german_scanner_on_a_us_pc() -> None:
    assert retype("Zy-/:", DE, US) == "Yz/&>"


def test_azerty_against_qwerty() -> None:
    assert retype("AQZW", US, FR) == "QAWZ"
    assert retype("a1", FR, US) == "q!"
    assert retype("1", US, FR) == "&"


@pytest.mark.parametrize("layout", list(KeyboardLayout))
def test_the_same_layout_changes_nothing(layout: KeyboardLayout) -> None:
    assert retype(TEST, layout, layout) == TEST
    for code in SHEET_CODES:
        assert retype(code, layout, layout) == code


def test_dead_keys_and_unknown_characters_are_not_guessed() -> None:
    assert retype("a+b", US, DE) is None  # US Shift+= is a dead key on a German PC
    assert retype("€", US, DE) is None  # no key for it on a US scanner


@pytest.mark.parametrize(
    ("scanner", "pc"), [(s, p) for s in KeyboardLayout for p in KeyboardLayout if s is not p]
)
def test_the_test_code_tells_every_pair_apart(scanner: KeyboardLayout, pc: KeyboardLayout) -> None:
    arrived = retype(TEST, scanner, pc)
    assert arrived is not None
    assert arrived != TEST
    check = LayoutDetector(TEST).check(arrived)
    assert check is not None
    assert check.verdict is LayoutVerdict.MISMATCH
    assert (check.scanner, check.pc) == (scanner, pc)


def test_the_test_code_as_printed_is_a_match() -> None:
    check = LayoutDetector(TEST, SHEET_CODES).check(TEST)
    assert check is not None
    assert check.verdict is LayoutVerdict.MATCH
    assert check.changes == ()


def test_a_us_scanner_on_a_german_pc_is_named_with_the_characters_it_changes() -> None:
    check = LayoutDetector(TEST, SHEET_CODES).check("PSßCMDÖTESTÖYzß-Aq1.")
    assert check is not None
    assert check.verdict is LayoutVerdict.MISMATCH
    assert (check.scanner, check.pc) == (US, DE)
    assert ("Z", "Y") in check.changes
    assert ("y", "z") in check.changes
    assert ("-", "ß") in check.changes


def test_a_command_barcode_altered_by_the_layouts_is_recognised() -> None:
    detector = LayoutDetector(TEST, SHEET_CODES)
    check = detector.check("PSßCMDÖSKIPÖUNREADABLE")
    assert check is not None
    assert check.verdict is LayoutVerdict.MISMATCH
    assert check.expected == "PS-CMD:SKIP:UNREADABLE"
    assert (check.scanner, check.pc) == (US, DE)


def test_caps_lock_and_other_alterations_of_the_test_code() -> None:
    detector = LayoutDetector(TEST, SHEET_CODES)
    caps = detector.check(TEST.swapcase())
    assert caps is not None
    assert caps.verdict is LayoutVerdict.CAPS_LOCK
    altered = detector.check(TEST.replace("1", "!"))
    assert altered is not None
    assert altered.verdict is LayoutVerdict.ALTERED
    assert altered.changes == (("1", "!"),)


@pytest.mark.parametrize(
    "scan", ["A100", "4006381333931", "1Z7S161094040014", "SKU-TSHIRT-M", "PS-CMD:FINISH"]
)
def test_ordinary_scans_are_left_alone(scan: str) -> None:
    assert LayoutDetector(TEST, SHEET_CODES).check(scan) is None
