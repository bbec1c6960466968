"""Customs drafts: validation, the 7S request, plain forms, articles per parcel, languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from packstation.domain.customs import CustomsKind
from packstation.domain.customs_declaration import (
    CustomsDraft,
    DraftArticle,
    DraftIssue,
    ParcelSpace,
    allocate_units,
    draft_from_plain,
    draft_to_plain,
    invoice_id_for,
    invoice_language,
    request_from_plain,
    request_to_plain,
    to_request,
    validate_draft,
)

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def article(**changes: object) -> DraftArticle:
    base = DraftArticle(
        sku="SKU-HOODIE-M",
        description="Hoodie M, grey",
        hs_code="6110200000",
        quantity=1,
        unit_value=Decimal("49.90"),
        currency="EUR",
        net_weight_kg=Decimal("0.520"),
        country_of_origin="TR",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def draft(*articles: DraftArticle, **changes: object) -> CustomsDraft:
    base = CustomsDraft(
        order_id="A101",
        parcel_no=1,
        parcel_count=1,
        shipment_id="5857001",
        tracking_code="00340434000000000001",
        kind=CustomsKind.SEVEN_SENDERS_CUSTOMS,
        destination_country="CH",
        incoterm="DDP",
        invoice_id="A101-P1",
        invoice_date=NOW,
        planned_pickup=datetime(2026, 11, 30, 16, 0, tzinfo=UTC),
        departure_country="DE",
        articles=articles or (article(),),
        parcel_weight_g=900,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def fields(d: CustomsDraft) -> list[str]:
    return [p.field for p in validate_draft(d)]


def test_a_complete_draft_has_no_problems() -> None:
    assert validate_draft(draft()) == ()
    request = to_request(draft(article(hs_code="6110.20 0000", country_of_origin="tr")))
    assert request.articles[0].hs_code == "6110200000"
    assert request.articles[0].country_of_origin == "TR"
    assert request.articles[0].net_weight_kg == Decimal("0.520")
    assert request.invoice_id == "A101-P1"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hs_code": ""}, "articles[0].hs_code"),
        ({"hs_code": "61102"}, "articles[0].hs_code"),  # 5 digits
        ({"hs_code": "61102000001"}, "articles[0].hs_code"),  # 11 digits
        ({"hs_code": "6110AB"}, "articles[0].hs_code"),
        ({"unit_value": Decimal(0)}, "articles[0].unit_value"),
        ({"unit_value": Decimal("-1")}, "articles[0].unit_value"),
        ({"unit_value": None}, "articles[0].unit_value"),
        ({"country_of_origin": "XX"}, "articles[0].country_of_origin"),
        ({"country_of_origin": ""}, "articles[0].country_of_origin"),
        ({"quantity": 0}, "articles[0].quantity"),
        ({"description": "  "}, "articles[0].description"),
        ({"net_weight_kg": None}, "articles[0].net_weight_kg"),
        ({"net_weight_kg": Decimal(0)}, "articles[0].net_weight_kg"),
        ({"currency": "euro"}, "articles[0].currency"),
    ],
)
def test_invalid_article_fields_are_pointed_at(change: dict[str, object], field: str) -> None:
    problems = validate_draft(draft(article(**change)))
    assert field in [p.field for p in problems]
    with pytest.raises(ValueError, match="article 1"):
        to_request(draft(article(**change)))


def test_header_fields() -> None:
    assert fields(draft(incoterm="XYZ")) == ["incoterm"]
    assert fields(draft(departure_country="QQ")) == ["departure_country"]
    assert fields(draft(planned_pickup=None)) == ["planned_pickup"]
    # a pick-up time is only needed for 7S
    assert fields(draft(planned_pickup=None, kind=CustomsKind.DOCUMENTS_ONLY)) == []
    assert fields(draft(tracking_code="")) == ["tracking_code"]
    assert fields(draft(invoice_id="A/1")) == ["invoice_id"]


def test_no_articles_and_mixed_currencies() -> None:
    assert "articles" in fields(replace(draft(), articles=()))
    mixed = draft(article(), article(sku="B", currency="CHF"), parcel_weight_g=5000)
    assert fields(mixed) == ["articles"]
    assert [p.about for p in validate_draft(mixed)] == [DraftIssue.MIXED_CURRENCIES]
    none = validate_draft(replace(draft(), articles=()))
    assert DraftIssue.NO_ARTICLES in [p.about for p in none]


def test_net_weights_must_fit_the_parcel() -> None:
    heavy = draft(article(quantity=2), parcel_weight_g=1000)  # 1.04 kg net in a 1 kg parcel
    problems = validate_draft(heavy)
    assert [p.field for p in problems] == ["articles"]
    assert "1.040 kg" in problems[0].message
    assert "1.000 kg" in problems[0].message
    # the window words it from these, never from the sentence
    assert (problems[0].about, problems[0].net_g, problems[0].parcel_g) == (
        DraftIssue.NET_OVER_PARCEL,
        1040,
        1000,
    )
    assert validate_draft(draft(article(quantity=2), parcel_weight_g=1040)) == ()
    assert validate_draft(draft(article(quantity=2), parcel_weight_g=None)) == ()


def test_plain_round_trips() -> None:
    d = draft(article(), article(sku="SKU-CAP", unit_value=None, net_weight_kg=None))
    assert draft_from_plain(draft_to_plain(d)) == d
    request = to_request(draft())
    assert request_from_plain(request_to_plain(request)) == request


def test_invoice_ids_are_deterministic() -> None:
    assert invoice_id_for("A101", 1) == "A101-P1"
    assert invoice_id_for("A101", 2, 1) == "A101-P2-V1"
    assert "/" not in invoice_id_for("2026/A 7", 1)


def test_one_parcel_takes_everything() -> None:
    split = allocate_units([(2, 180), (1, 350)], [ParcelSpace(1, 710)])
    assert split == {1: {0: 2, 1: 1}}


def test_units_go_where_they_fit() -> None:
    # A102: lamp 1400, yoga mat 1200, backpack 780, coffee 2 x 1050 in three weighed parcels
    lines = [(1, 1400), (1, 1200), (1, 780), (2, 1050)]
    parcels = [ParcelSpace(1, 1900), ParcelSpace(2, 2300), ParcelSpace(3, 2200)]
    split = allocate_units(lines, parcels)
    weights = {n: sum(lines[i][1] * q for i, q in content.items()) for n, content in split.items()}
    assert all(weights[p.number] <= (p.weight_g or 0) for p in parcels), weights
    assert sum(q for content in split.values() for q in content.values()) == 5


def test_unweighed_parcels_are_balanced() -> None:
    split = allocate_units([(4, None)], [ParcelSpace(1, None), ParcelSpace(2, None)])
    assert split == {1: {0: 2}, 2: {0: 2}}


@pytest.mark.parametrize(
    ("country", "language", "expected"),
    [
        ("CH", "de", "de"),
        ("CH", "fr", "fr"),
        ("CH", "en", "de"),
        ("GB", "en", "en"),
        ("ES", "es", "es"),
        ("ES", None, "es"),
        ("NO", "no", "en"),
        ("US", "en", "en"),
        ("FR", "de", "fr"),
        ("AT", None, "de"),
    ],
)
def test_invoice_language(country: str, language: str | None, expected: str) -> None:
    assert invoice_language(country, language) == expected
