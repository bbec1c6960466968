"""The customs rule table: every row with an address inside it and one just outside."""

from __future__ import annotations

import pytest

from packstation.domain.customs import (
    TERRITORY_RULES,
    CustomsKind,
    decide_customs,
    incoterm_for,
    normalise_postcode,
    territory_of,
)

SEVEN_S = ("CH", "GB", "NO")
DOCS = CustomsKind.DOCUMENTS_ONLY
NONE = CustomsKind.NONE
SEVEN = CustomsKind.SEVEN_SENDERS_CUSTOMS

# (country, postcode inside, territory, kind from DE) and (country, postcode just outside)
ROWS: list[tuple[str, str, str, CustomsKind, str, str]] = [
    ("DE", "27498", "Heligoland", DOCS, "DE", "27499"),
    ("DE", "78266", "Büsingen am Hochrhein", DOCS, "DE", "78267"),
    ("ES", "51001", "Ceuta", DOCS, "ES", "50001"),
    ("ES", "52006", "Melilla", DOCS, "ES", "53001"),
    ("EA", "51001", "Ceuta and Melilla", DOCS, "ES", "28001"),
    ("IT", "23041", "Livigno", DOCS, "IT", "23040"),
    ("FO", "100", "Faroe Islands", DOCS, "DK", "1000"),
    ("DK", "FO-100", "Faroe Islands", DOCS, "DK", "2100"),
    ("GL", "3900", "Greenland", DOCS, "DK", "3800"),
    ("DK", "3900", "Greenland", DOCS, "DK", "4000"),
    ("FR", "97133", "Saint-Barthélemy", DOCS, "FR", "97134"),  # Guadeloupe
    ("BL", "97133", "Saint-Barthélemy", DOCS, "FR", "75001"),
    ("FR", "97500", "Saint-Pierre-et-Miquelon", DOCS, "FR", "97700"),
    ("PM", "97500", "Saint-Pierre-et-Miquelon", DOCS, "FR", "75001"),
    ("FR", "98600", "Wallis and Futuna", DOCS, "FR", "98500"),
    ("FR", "98714", "French Polynesia", DOCS, "FR", "98000"),
    ("FR", "98800", "New Caledonia", DOCS, "FR", "98900"),
    ("WF", "98600", "Wallis and Futuna", DOCS, "FR", "69001"),
    ("PF", "98714", "French Polynesia", DOCS, "FR", "69001"),
    ("NC", "98800", "New Caledonia", DOCS, "FR", "69001"),
    ("TF", "", "French Southern and Antarctic Lands", DOCS, "FR", "69001"),
    ("AW", "", "Aruba", DOCS, "NL", "1012AB"),
    ("CW", "", "Curaçao", DOCS, "NL", "1012AB"),
    ("SX", "", "Sint Maarten", DOCS, "NL", "1012AB"),
    ("BQ", "", "Bonaire, Sint Eustatius and Saba", DOCS, "NL", "1012AB"),
    ("ES", "35001", "Canary Islands", DOCS, "ES", "36001"),
    ("ES", "38001", "Canary Islands", DOCS, "ES", "39001"),
    ("IC", "35001", "Canary Islands", DOCS, "ES", "34001"),
    ("FR", "97150", "Saint-Martin", DOCS, "FR", "97151"),  # Guadeloupe
    ("MF", "97150", "Saint-Martin", DOCS, "FR", "75001"),
    ("FR", "97110", "Guadeloupe", DOCS, "FR", "97010"),
    ("FR", "97200", "Martinique", DOCS, "FR", "97020"),
    ("FR", "97300", "French Guiana", DOCS, "FR", "97030"),
    ("FR", "97400", "Réunion", DOCS, "FR", "97040"),
    ("FR", "97600", "Mayotte", DOCS, "FR", "97060"),
    ("GP", "97110", "Guadeloupe", DOCS, "FR", "75001"),
    ("MQ", "97200", "Martinique", DOCS, "FR", "75001"),
    ("GF", "97300", "French Guiana", DOCS, "FR", "75001"),
    ("RE", "97400", "Réunion", DOCS, "FR", "75001"),
    ("YT", "97600", "Mayotte", DOCS, "FR", "75001"),
    ("GR", "630 86", "Mount Athos", DOCS, "GR", "63085"),
    ("FI", "22100", "Åland Islands", DOCS, "FI", "23100"),
    ("AX", "22100", "Åland Islands", DOCS, "FI", "21100"),
    ("IT", "22061", "Campione d'Italia", DOCS, "IT", "22060"),
    ("GB", "JE2 3AB", "Jersey", DOCS, "DE", "10115"),
    ("JE", "JE2 3AB", "Jersey", DOCS, "DE", "10115"),
    ("GB", "GY1 1AA", "Guernsey", DOCS, "DE", "10115"),
    ("GG", "GY1 1AA", "Guernsey", DOCS, "DE", "10115"),
    ("GB", "BT1 1AA", "Northern Ireland", NONE, "GB", "B1 1AA"),
    ("NO", "9170", "Svalbard", DOCS, "NO", "9180"),
    ("SJ", "9170", "Svalbard", DOCS, "NO", "0150"),
    ("IT", "47890", "San Marino", DOCS, "IT", "47880"),
    ("IT", "00120", "Vatican City", DOCS, "IT", "00121"),
    ("MC", "98000", "Monaco", NONE, "FR", "75001"),
]


def test_every_row_of_the_table_is_tested() -> None:
    tested = {name for _, _, name, *_ in ROWS}
    assert {rule.name for rule in TERRITORY_RULES} <= tested


@pytest.mark.parametrize(
    ("country", "inside", "name", "kind", "out_country", "outside"),
    ROWS,
    ids=[f"{r[2]}-{r[0]}{r[1]}" for r in ROWS],
)
def test_row_inside_and_just_outside(
    country: str, inside: str, name: str, kind: CustomsKind, out_country: str, outside: str
) -> None:
    territory = territory_of(country, inside)
    assert territory.special
    assert territory.name == name
    decision = decide_customs("DE", country, inside, SEVEN_S)
    assert decision.kind is kind, decision.reason
    assert decision.territory == name
    assert territory.basis in decision.reason or kind is NONE
    plain = territory_of(out_country, outside)
    assert plain.name != name, (out_country, outside, plain)


@pytest.mark.parametrize(
    ("country", "postcode", "kind"),
    [
        ("DE", "10435", NONE),
        ("AT", "1010", NONE),
        ("FR", "75017", NONE),
        ("ES", "28001", NONE),
        ("PT", "9000-018", NONE),  # Madeira is inside the VAT area
        ("CH", "8001", SEVEN),
        ("GB", "NW1 6XE", SEVEN),
        ("NO", "0155", SEVEN),
        ("US", "10118", DOCS),
        ("LI", "9490", DOCS),  # Swiss customs area, but not enabled for 7S
        ("TR", "34000", DOCS),  # customs union, still an export
        ("GB", "IM1 1AA", SEVEN),  # Isle of Man: inside the UK customs and VAT area
    ],
)
def test_countries(country: str, postcode: str, kind: CustomsKind) -> None:
    decision = decide_customs("DE", country, postcode, SEVEN_S)
    assert decision.kind is kind, decision.reason


def test_seven_senders_only_for_enabled_countries() -> None:
    assert decide_customs("DE", "CH", "8001", ("GB",)).kind is DOCS
    assert decide_customs("DE", "US", "10118", ("US",)).kind is SEVEN
    decision = decide_customs("DE", "CH", "8001", ("ch",))
    assert decision.kind is SEVEN
    assert decision.through_seven_senders
    assert "enabled" in decision.reason


def test_departure_matters() -> None:
    # a Swiss warehouse shipping to Büsingen stays inside the Swiss customs and VAT area
    assert decide_customs("CH", "DE", "78266").kind is NONE
    assert decide_customs("CH", "CH", "3000").kind is NONE
    # ... and needs documents for Germany; 7S customs only covers exports from the EU
    assert decide_customs("CH", "DE", "10115").kind is DOCS
    # Canary Islands to Canary Islands: one VAT area
    assert decide_customs("IC", "ES", "38001").kind is NONE


def test_reasons_are_plain() -> None:
    canary = decide_customs("DE", "ES", "35001")
    assert canary.kind is DOCS
    assert "Canary Islands" in canary.reason
    assert "VAT Directive art. 6(1)" in canary.reason
    assert "commercial invoice" in canary.reason
    heligoland = decide_customs("DE", "DE", "27498")
    assert "Union Customs Code art. 4" in heligoland.reason
    assert decide_customs("DE", "DE", "10115").reason.endswith("no customs declaration")
    assert not decide_customs("DE", "FR", "75001").needed


def test_greece_and_uk_aliases() -> None:
    assert territory_of("EL", "63086").name == "Mount Athos"
    assert decide_customs("DE", "UK", "SW1A 1AA").kind is SEVEN


def test_postcode_normalisation() -> None:
    assert normalise_postcode("FI", "AX-22 100") == "22100"
    assert normalise_postcode("GB", "je2 3ab") == "JE23AB"
    assert normalise_postcode("GR", "630.86") == "63086"
    assert normalise_postcode("NL", "1012 AB") == "1012AB"


def test_incoterms() -> None:
    assert incoterm_for("CH") == "DDP"
    assert incoterm_for("GB") == "DAP"
    assert incoterm_for("uk") == "DAP"
    assert incoterm_for("NO", {"no": "dap"}, "DDP") == "DAP"
    assert incoterm_for("US", {}, "dap") == "DAP"
