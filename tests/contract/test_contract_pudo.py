"""Contract: PUDO (pick-up/drop-off) search."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import ValidationFailed
from packstation.domain.shipping import Closure, OpeningSpan, PudoLocation, PudoSearch
from packstation.sandbox import SandboxServer

PARIS_17 = (48.8848, 2.3062)  # the centroid of 75017 in the sandbox's data


def points_of(sandbox: SandboxServer, carrier: str, country: str) -> set[str]:
    with sandbox.state.lock:
        return {
            p.location_id
            for p in sandbox.state.pudo_points
            if p.carrier_name == carrier and p.address["country"] == country
        }


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def distances(found: list[PudoLocation]) -> list[float]:
    out = []
    for p in found:
        assert p.distance_m is not None
        out.append(p.distance_m)
    return out


@pytest.mark.asyncio
async def test_search_by_coordinates_is_sorted_by_distance(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    found = await api.search_pudo(PudoSearch.by_coordinates(("mondialrelay",), "FR", *PARIS_17))

    assert {p.location_id for p in found} == points_of(sandbox, "mondialrelay", "FR")
    assert distances(found) == sorted(distances(found))
    for p in found:
        assert p.carrier_name == "mondialrelay"
        assert p.country == "FR"
        assert p.distance_m == pytest.approx(distance_m(*PARIS_17, p.latitude, p.longitude), abs=5)


@pytest.mark.asyncio
async def test_search_by_address(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    by_zip = await api.search_pudo(PudoSearch.by_address(("dhl",), "DE", "10435", "Berlin"))
    by_coordinates = await api.search_pudo(
        PudoSearch.by_coordinates(("dhl",), "DE", 52.5387, 13.4118)
    )

    assert {p.location_id for p in by_zip} == points_of(sandbox, "dhl", "DE")
    assert by_zip == by_coordinates  # the zip is searched from its centroid
    assert distances(by_zip) == sorted(distances(by_zip))


@pytest.mark.asyncio
async def test_bulk_search_returns_every_point_of_the_carrier(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    found = await api.search_pudo(PudoSearch.all_points("mondialrelay", "FR"))

    assert {p.location_id for p in found} == points_of(sandbox, "mondialrelay", "FR")
    assert len(found) == len(points_of(sandbox, "mondialrelay", "FR"))


@pytest.mark.asyncio
async def test_max_results_caps_the_answer(api: HttpShippingApi) -> None:
    everything = await api.search_pudo(
        PudoSearch.by_coordinates(("mondialrelay",), "FR", *PARIS_17)
    )
    nearest = await api.search_pudo(
        PudoSearch.by_coordinates(("mondialrelay",), "FR", *PARIS_17, max_results=3)
    )

    assert len(everything) > 3
    assert nearest == everything[:3]


@pytest.mark.asyncio
async def test_max_distance_filters_far_points(api: HttpShippingApi) -> None:
    everything = await api.search_pudo(
        PudoSearch.by_coordinates(("mondialrelay",), "FR", *PARIS_17)
    )
    near = await api.search_pudo(
        PudoSearch.by_coordinates(("mondialrelay",), "FR", *PARIS_17, max_distance_m=800)
    )

    assert 0 < len(near) < len(everything)
    assert all(d <= 800 for d in distances(near))
    assert near == [p for p in everything if p.distance_m is not None and p.distance_m <= 800]


@pytest.mark.asyncio
async def test_a_search_without_result_is_empty(api: HttpShippingApi) -> None:
    assert await api.search_pudo(PudoSearch.by_coordinates(("dhl",), "FR", *PARIS_17)) == []


@pytest.mark.asyncio
async def test_unknown_zip_is_refused(api: HttpShippingApi) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.search_pudo(PudoSearch.by_address(("dhl",), "DE", "99999"))

    (violation,) = caught.value.for_field("zip")
    assert "99999" in violation.message


@pytest.mark.asyncio
async def test_bulk_search_for_a_carrier_without_bulk_is_refused(api: HttpShippingApi) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.search_pudo(PudoSearch.all_points("ups", "DE"))

    assert caught.value.for_field("carrier_name")


@pytest.mark.asyncio
async def test_unknown_carrier_is_refused(api: HttpShippingApi) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.search_pudo(PudoSearch.by_address(("nocarrier",), "DE", "10435"))

    assert caught.value.for_field("carrier_names[0]")


@pytest.mark.asyncio
async def test_a_search_without_position_fails_before_sending(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    with pytest.raises(ValidationFailed):
        await api.search_pudo(PudoSearch(country="DE", carriers=("dhl",)))

    assert sandbox.control.requests() == []


@pytest.mark.asyncio
async def test_opening_hours_address_and_closures_are_mapped(api: HttpShippingApi) -> None:
    found = {
        p.location_id: p for p in await api.search_pudo(PudoSearch.all_points("mondialrelay", "FR"))
    }
    today = date.today()

    relay = found["004694"]
    assert relay.opening_hours["monday"] == (OpeningSpan(570, 750), OpeningSpan(840, 1170))
    assert relay.opening_hours["saturday"] == (OpeningSpan(570, 780),)
    assert relay.opening_hours["sunday"] == ()
    assert set(relay.opening_hours) == {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
    assert relay.closures == ()
    assert relay.zip == "75017"
    assert relay.city == "Paris"
    assert relay.name
    assert relay.address_line.startswith(relay.house_no)  # French order: number first
    assert relay.street in relay.address_line
    assert relay.parcel_sizes

    assert found["044610"].closures == (
        Closure((today + timedelta(days=21)).isoformat(), (today + timedelta(days=28)).isoformat()),
    )
    assert found["051193"].closures == (
        Closure((today - timedelta(days=3)).isoformat(), (today + timedelta(days=14)).isoformat()),
    )
    assert found["027781"].opening_hours["sunday"] == (OpeningSpan(0, 23 * 60 + 59),)


@pytest.mark.asyncio
async def test_opening_days_filter(api: HttpShippingApi) -> None:
    every_day = await api.search_pudo(
        PudoSearch.by_coordinates(("mondialrelay",), "FR", *PARIS_17, opening_days=7)
    )

    assert every_day
    assert all(all(p.opening_hours[d] for d in p.opening_hours) for p in every_day)
