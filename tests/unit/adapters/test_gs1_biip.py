"""The biip GS1 decoder agrees with the domain's stdlib fallback, and fails only with ValueError."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.adapters.gs1_biip import BiipGs1Decoder
from packstation.domain.barcodes import GS, BarcodeConfig, Gs1Decoder, StdlibGs1Decoder, parse_scan
from tests.unit.domain.gs1_strategies import CSET82, element_strings

BIIP = BiipGs1Decoder()
TODAY = date.today()  # biip takes the century window from the current year
FALLBACK = StdlibGs1Decoder(TODAY)
CONFIG = BarcodeConfig()


def test_is_a_gs1_decoder() -> None:
    decoder: Gs1Decoder = BIIP
    assert decoder.decode("0104006381333931" + "10AB" + GS + "400A100") == {
        "01": "04006381333931",
        "10": "AB",
        "400": "A100",
    }


@pytest.mark.parametrize("text", ["17261331", "0104006381", "XX", "10" + GS, "17260231"])
def test_errors_are_value_errors(text: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        BIIP.decode(text)
    with pytest.raises(ValueError, match=r"\S"):
        FALLBACK.decode(text)


def test_biip_knows_more_identifiers_than_the_fallback() -> None:
    text = "0104006381333931" + "3103000250"  # net weight 0.250 kg
    assert BIIP.decode(text)["3103"] == "000250"
    with pytest.raises(ValueError, match="unsupported"):
        FALLBACK.decode(text)
    assert parse_scan("]C1" + text, CONFIG, BIIP).gtin == "04006381333931"


@given(element_strings())
def test_same_answers_on_generated_element_strings(generated: tuple[str, dict[str, str]]) -> None:
    text, fields = generated
    assert dict(BIIP.decode(text)) == dict(FALLBACK.decode(text)) == fields
    with_biip = parse_scan("]C1" + text, CONFIG, BIIP, today=TODAY)
    with_fallback = parse_scan("]C1" + text, CONFIG, today=TODAY)
    assert with_biip == with_fallback


GS1ISH = st.text(st.sampled_from([*"0123456789", *CSET82[:12], GS]), max_size=40)


@given(GS1ISH)
def test_whatever_the_fallback_reads_biip_reads_the_same(text: str) -> None:
    try:
        expected = dict(FALLBACK.decode(text))
    except ValueError:
        return
    assert dict(BIIP.decode(text)) == expected


@given(st.text() | GS1ISH)
def test_parse_scan_with_biip_never_raises(raw: str) -> None:
    result = parse_scan(raw, CONFIG, BIIP)
    assert (result.error is None) != (result.kind == "invalid")
    result = parse_scan("]C1" + raw, CONFIG, BIIP)
    assert (result.error is None) != (result.kind == "invalid")
