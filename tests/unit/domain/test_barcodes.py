"""Barcode parsing: real codes in tables, and properties over generated ones."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.domain.barcodes import (
    GS,
    BarcodeConfig,
    CodeKind,
    Scan,
    StdlibGs1Decoder,
    check_digit_ok,
    gs1_date,
    gtin14,
    parse_scan,
    same_product,
)
from packstation.domain.orders import OrderLine
from tests.unit.domain.gs1_strategies import element_strings, gtin13s

TODAY = date(2026, 5, 1)
CONFIG = BarcodeConfig(
    order_patterns=(r"(?P<order>[A-Z]\d{3,})", r"ORD-(?P<order>\d{5})"),
)


def scan(raw: str, config: BarcodeConfig = CONFIG) -> Scan:
    return parse_scan(raw, config, today=TODAY)


# --------------------------------------------------------------------------- GTINs

VALID_GTINS = [
    ("4006381333931", "04006381333931"),  # EAN-13
    ("5901234123457", "05901234123457"),  # EAN-13
    ("9780201379624", "09780201379624"),  # EAN-13 (ISBN)
    ("96385074", "00000096385074"),  # EAN-8
    ("73513537", "00000073513537"),  # EAN-8
    ("036000291452", "00036000291452"),  # UPC-A
    ("042100005264", "00042100005264"),  # UPC-A
    ("10012345678902", "10012345678902"),  # GTIN-14 (case of 012345678905)
    ("00012345678905", "00012345678905"),  # GTIN-14 with the indicator 0
]


@pytest.mark.parametrize(("code", "normalised"), VALID_GTINS)
def test_valid_gtins_are_products(code: str, normalised: str) -> None:
    assert check_digit_ok(code)
    assert gtin14(code) == normalised
    result = scan(code)
    assert result.kind is CodeKind.PRODUCT
    assert result.gtin == normalised
    assert result.value == code
    assert result.error is None


@pytest.mark.parametrize(
    "code", ["4006381333932", "5901234123450", "96385075", "036000291453", "10012345678903"]
)
def test_wrong_check_digit_is_invalid_with_a_message(code: str) -> None:
    assert not check_digit_ok(code)
    assert gtin14(code) is None
    result = scan(code)
    assert result.kind is CodeKind.INVALID
    assert result.error is not None
    assert "check digit" in result.error
    assert code in result.error


@pytest.mark.parametrize("code", ["", "1", "abc", "4006381333931x", "٤٠٠٦٣٨١٣٣٣٩٣١", "00000000"])
def test_gtin14_refuses_non_gtins(code: str) -> None:
    assert gtin14(code) is None


def test_gtin14_accepts_dropped_leading_zeros() -> None:
    # spreadsheets turn 0012345678905 into 12345678905
    assert gtin14("12345678905") == gtin14("012345678905") == "00012345678905"


def test_upc_a_equals_ean13_with_leading_zero() -> None:
    assert gtin14("036000291452") == gtin14("0036000291452") == gtin14("00036000291452")


def test_other_digit_lengths_are_text() -> None:
    assert scan("123456").kind is CodeKind.TEXT
    assert scan("1234567890").kind is CodeKind.TEXT


# --------------------------------------------------------------------------- GS1


def test_gs1_128_with_aim_and_fnc1() -> None:
    raw = "]C1" + "0104006381333931" + "17261231" + "10LOT42" + GS + "21SN9"
    result = scan(raw)
    assert result.kind is CodeKind.GS1
    assert result.gtin == "04006381333931"
    assert result.expiry == date(2026, 12, 31)
    assert result.batch == "LOT42"
    assert result.sscc is None
    assert result.order_id is None
    assert result.value == "(01)04006381333931(17)261231(10)LOT42(21)SN9"


def test_gs1_datamatrix_with_day_zero_expiry() -> None:
    result = scan("]d2" + "0104006381333931" + "10ABC-1" + GS + "17270200")
    assert result.kind is CodeKind.GS1
    assert result.expiry == date(2027, 2, 28)  # day 00 is the last day of the month
    assert result.batch == "ABC-1"


def test_gs1_with_leading_fnc1_and_no_aim() -> None:
    result = scan(GS + "0104006381333931" + "10B7")
    assert result.kind is CodeKind.GS1
    assert result.gtin == "04006381333931"
    assert result.batch == "B7"


def test_gs1_without_any_marker_when_it_starts_with_ai_01() -> None:
    # scanners configured without AIM identifiers send GS1-128 as bare digits
    result = scan("0104006381333931" + "17261231")
    assert result.kind is CodeKind.GS1
    assert result.gtin == "04006381333931"


def test_gs1_human_readable_form() -> None:
    result = scan("(01)04006381333931(10)L1(17)260115")
    assert result.kind is CodeKind.GS1
    assert (result.gtin, result.batch, result.expiry) == ("04006381333931", "L1", date(2026, 1, 15))


def test_sscc() -> None:
    result = scan("]C1" + "00376104250021234569")
    assert result.kind is CodeKind.GS1
    assert result.sscc == "376104250021234569"
    assert not result.looks_like_product


def test_gs1_order_number_is_an_order() -> None:
    result = scan("]C1400A100")
    assert result.kind is CodeKind.ORDER
    assert result.order_id == "A100"
    assert result.value == "(400)A100"


def test_gs1_order_number_goes_through_the_order_patterns() -> None:
    assert scan("]C1400ORD-12345").order_id == "12345"
    # an order number no pattern knows is still the order number
    assert scan("]C1400X-99").order_id == "X-99"


def test_gs1_with_gtin_and_order_stays_a_product_scan() -> None:
    result = scan("]C1" + "0104006381333931" + "400A100")
    assert result.kind is CodeKind.GS1
    assert result.order_id == "A100"
    assert result.gtin == "04006381333931"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("]C1" + "0104006381333932", "check digit"),  # GTIN in AI 01
        ("]C1" + "00376104250021234560", "check digit"),  # SSCC
        ("]C1" + "17261331", "GS1"),  # month 13
        ("]C1" + "17260231", "GS1"),  # 31 February
        ("]C1" + "0104006381", "GS1"),  # too short
        ("]C1" + "99XYZ", "GS1"),  # not an identifier the fallback knows
        ("]d2", "empty"),
        ("A1" + GS + "00", "GS1"),  # a GS outside a GS1 string
    ],
)
def test_bad_gs1_is_invalid(raw: str, problem: str) -> None:
    result = scan(raw)
    assert result.kind is CodeKind.INVALID
    assert result.error is not None
    assert problem in result.error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("261231", date(2026, 12, 31)),
        ("750101", date(2075, 1, 1)),  # within 49 years ahead
        ("800101", date(1980, 1, 1)),  # more than 50 years ahead means the last century
        ("240200", date(2024, 2, 29)),  # leap year, day 00
        ("250200", date(2025, 2, 28)),
    ],
)
def test_gs1_dates(text: str, expected: date) -> None:
    assert gs1_date(text, TODAY) == expected


def test_gs1_century_window_follows_today() -> None:
    assert gs1_date("010101", date(2096, 1, 1)) == date(2101, 1, 1)


# --------------------------------------------------------------------------- orders, commands, text


@pytest.mark.parametrize(
    ("raw", "order_id"),
    [("A100", "A100"), ("B123456", "B123456"), ("ORD-12345", "12345"), ("]C0A100", "A100")],
)
def test_order_barcodes(raw: str, order_id: str) -> None:
    result = scan(raw)
    assert result.kind is CodeKind.ORDER
    assert result.order_id == order_id


def test_order_pattern_without_named_group_uses_the_whole_match() -> None:
    config = BarcodeConfig(order_patterns=(r"\d{6}",))
    assert scan("123456", config).order_id == "123456"


def test_ean_symbology_is_never_an_order() -> None:
    config = BarcodeConfig(order_patterns=(r"\d{13}",))
    assert scan("4006381333931", config).kind is CodeKind.ORDER
    assert scan("]E04006381333931", config).kind is CodeKind.PRODUCT


def test_bad_order_pattern_is_refused_with_the_pattern_named() -> None:
    with pytest.raises(ValueError, match=r"ORD-\(\?P<order"):
        BarcodeConfig(order_patterns=("ORD-(?P<order>[",))


@pytest.mark.parametrize(
    ("raw", "command"), [("PS-CMD:FINISH", "FINISH"), ("PS-CMD: skip ", "SKIP")]
)
def test_command_barcodes(raw: str, command: str) -> None:
    result = scan(raw)
    assert result.kind is CodeKind.COMMAND
    assert result.command == command


def test_command_without_name_is_invalid() -> None:
    assert scan("PS-CMD:").kind is CodeKind.INVALID


@pytest.mark.parametrize("raw", ["SKU-1", "mug blue L", "Müsli 500g", "123-456"])
def test_other_printable_text_is_text(raw: str) -> None:
    result = scan(raw)
    assert result.kind is CodeKind.TEXT
    assert result.value == raw


# --------------------------------------------------------------------------- cleaning and rejecting


def test_scanner_prefix_suffix_and_terminators_are_stripped() -> None:
    config = BarcodeConfig(scanner_prefix="@@", scanner_suffix="##")
    assert scan("@@A100##\r\n", config).order_id == "A100"
    assert scan("@@]E04006381333931##\r", config).gtin == "04006381333931"
    # typed by hand without the scanner's affixes: still fine
    assert scan("A100\n", config).order_id == "A100"


@pytest.mark.parametrize(
    "raw", ["]E04006381333931", "]I14006381333931", "]E3400638133393112", "]E3400638133393154321"]
)
def test_aim_identifiers_are_stripped(raw: str) -> None:
    assert scan(raw).value == "4006381333931"


def test_aim_ean8() -> None:
    assert scan("]E496385074").gtin == "00000096385074"


@pytest.mark.parametrize(
    ("raw", "character"),
    [
        ("\x00A100", "U+0000"),
        ("A1\x0700", "U+0007"),
        ("SKU\t1", "U+0009"),
        ("\x1b[A", "U+001B"),
        ("SKU\u200b1", "U+200B"),  # zero-width space
    ],
)
def test_control_characters_are_refused(raw: str, character: str) -> None:
    result = scan(raw)
    assert result.kind is CodeKind.INVALID
    assert result.error is not None
    assert character in result.error
    assert "character" in result.error


def test_too_long_input_is_refused() -> None:
    assert scan("x" * 100).kind is CodeKind.TEXT
    result = scan("x" * 101)
    assert result.kind is CodeKind.INVALID
    assert result.error is not None
    assert "101 characters" in result.error
    assert "100" in result.error


@pytest.mark.parametrize("raw", ["", "   ", "\r\n", "]C1", GS])
def test_empty_scans_are_invalid(raw: str) -> None:
    result = scan(raw)
    assert result.kind is CodeKind.INVALID
    assert result.error is not None
    assert "empty" in result.error


def test_default_today_is_used_when_none_is_given() -> None:
    year = datetime.now().year % 100  # the local calendar, as parse_scan uses
    result = parse_scan(f"]C117{year:02d}0101", BarcodeConfig())
    assert result.expiry is not None
    assert result.expiry.year % 100 == year


# --------------------------------------------------------------------------- same_product


def line(sku: str = "SKU-1", ean: str | None = None) -> OrderLine:
    return OrderLine(sku=sku, name="thing", quantity=1, ean=ean)


@pytest.mark.parametrize(
    ("raw", "item", "expected"),
    [
        ("sku-1", line("SKU-1"), True),
        (" SKU-1 ", line("SKU-1 "), True),
        ("SKU-2", line("SKU-1"), False),
        ("4006381333931", line(ean="4006381333931"), True),
        ("04006381333931", line(ean="4006381333931"), True),
        ("4006381333931", line(ean="04006381333931"), True),
        ("036000291452", line(ean="0036000291452"), True),
        ("0036000291452", line(ean="036000291452"), True),
        ("]C10104006381333931", line(ean="4006381333931"), True),
        ("4006381333931", line(sku="4006381333931"), True),  # the SKU is the EAN
        ("14006381333938", line(ean="4006381333931"), False),  # a case of them is not one
        ("5901234123457", line(ean="4006381333931"), False),
        ("PS-CMD:SKU-1", line("PS-CMD:SKU-1"), False),
    ],
)
def test_same_product(raw: str, item: OrderLine, expected: bool) -> None:
    assert same_product(scan(raw), item) is expected


# --------------------------------------------------------------------------- properties


@given(gtin13s)
def test_any_valid_gtin13_round_trips(code: str) -> None:
    normalised = gtin14(code)
    assert normalised == "0" + code
    assert gtin14(normalised) == normalised
    result = scan(code)
    assert result.kind is CodeKind.PRODUCT
    assert result.gtin == normalised
    assert same_product(result, line(ean=code))
    assert same_product(result, line(ean=normalised))
    assert same_product(scan(normalised), line(ean=code))
    if code.startswith("0"):  # a UPC-A is the EAN-13 without its leading 0
        assert same_product(scan(code[1:]), line(ean=code))
    assert not same_product(result, line(ean=None))


@given(st.text())
def test_parse_scan_never_raises_on_any_text(raw: str) -> None:
    result = parse_scan(raw, CONFIG, today=TODAY)
    assert result.raw == raw
    assert (result.kind is CodeKind.INVALID) == (result.error is not None)
    if result.error is not None:
        assert result.error.endswith((".", "?"))


SCANNERISH = st.text(
    st.sampled_from([*"0123456789]CdEQ1234()ABZ-:PS", GS, "\x07", "\r", " "]), max_size=40
)


@given(SCANNERISH)
def test_parse_scan_never_raises_on_scanner_like_text(raw: str) -> None:
    result = parse_scan(raw, CONFIG, today=TODAY)
    assert (result.kind is CodeKind.INVALID) == (result.error is not None)
    assert result.kind is not CodeKind.PRODUCT or result.gtin is not None


@given(element_strings())
def test_generated_element_strings_decode_to_their_fields(
    generated: tuple[str, dict[str, str]],
) -> None:
    text, fields = generated
    assert dict(StdlibGs1Decoder(TODAY).decode(text)) == fields
    result = scan("]C1" + text)
    assert result.kind in (CodeKind.GS1, CodeKind.ORDER)
    assert result.gtin == fields.get("01")
    assert result.sscc == fields.get("00")
    assert result.batch == fields.get("10")
    assert (result.expiry is None) == ("17" not in fields)
