"""Numbers, money and carriers as the window writes them, in English and German (issue 17)."""

from __future__ import annotations

import pytest

from packstation.ui import texts
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.pudo_map import scale_text


def test_german_numbers_and_money_side_by_side(language: LanguageSwitch) -> None:
    language.apply("de")
    assert texts.weight_text(1030) == "1,03 kg"
    assert texts.kg_text(0.25) == "0,250 kg"
    assert texts.money_text(119.7, "EUR") == "119,70\xa0€"
    assert texts.money_text(1234.5, "chf") == "1.234,50 CHF"
    assert texts.distance_text(1234.0) == "1,2 km"
    assert texts.distance_text(850.4) == "850 m"
    assert scale_text(500) == "500 m"
    assert scale_text(2500) == "2,5 km"
    language.apply("en")
    assert texts.distance_text(1234.0) == "1.2 km"
    assert texts.distance_text(None) == ""
    assert texts.weight_text(1030) == "1.03 kg"
    assert texts.money_text(119.7, "EUR") == "€119.70"
    assert texts.money_text(84.6, "CHF") == "84.60 CHF"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("mondialrelay", "Mondial Relay"),
        ("MONDIALRELAY", "Mondial Relay"),
        ("gls", "GLS"),
        ("Mondial Relay", "Mondial Relay"),
        ("poste_italiane", "Poste Italiane"),
        ("acme", "ACME"),
        ("fastparcel_express", "Fastparcel Express"),
        ("SwissPost", "SwissPost"),
    ],
)
def test_carriers_are_written_as_they_write_themselves(given: str, shown: str) -> None:
    assert texts.carrier_name(given) == shown
