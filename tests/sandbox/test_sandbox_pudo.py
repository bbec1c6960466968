"""PUDO search: coordinates, address, bulk, limits, errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest

from packstation.sandbox.pudo import haversine_m

Check400 = Callable[[httpx.Response], dict[str, str]]
PARIS_17 = {"carrier_names[]": "mondialrelay", "country": "FR"}


def search(client: httpx.Client, **params: Any) -> httpx.Response:
    return client.get("/pudo/locations", params=params)


def test_search_by_coordinates_sorted_by_distance(client: httpx.Client) -> None:
    r = search(client, **PARIS_17, latitude=48.87934, longitude=2.2958)
    assert r.status_code == 200
    found = r.json()
    assert len(found) >= 10
    assert found[0]["location_id"] == "004694"
    assert found[0]["distance"] == 0
    distances = [p["distance"] for p in found]
    assert distances == sorted(distances)
    point = found[0]
    assert set(point) >= {
        "carrier_name",
        "location_type",
        "location_id",
        "location_code",
        "address",
        "opening_hours",
        "coordinates",
        "parcel_sizes",
        "distance",
        "temporary_closures",
    }
    assert set(point["address"]) == {
        "name",
        "alternative_name",
        "country",
        "city",
        "zip",
        "address_line",
        "street",
        "house_no",
    }
    assert list(point["opening_hours"]) == [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    span = point["opening_hours"]["monday"][0]
    assert set(span) == {"from", "to"}
    assert set(span["from"]) == {"hours", "minutes"}


def test_distance_is_haversine_metres(client: httpx.Client) -> None:
    found = search(client, **PARIS_17, latitude=48.8848, longitude=2.3062).json()
    for p in found:
        c = p["coordinates"]
        assert p["distance"] == round(haversine_m(48.8848, 2.3062, c["latitude"], c["longitude"]))
    # one degree of latitude is about 111.2 km
    assert haversine_m(48.0, 2.0, 49.0, 2.0) == pytest.approx(111_195, rel=1e-3)


def test_search_by_address(client: httpx.Client) -> None:
    found = search(client, **PARIS_17, zip="75017", city="Paris", street="Rue Bayen").json()
    assert 1 <= len(found) <= 20
    dhl = search(client, **{"carrier_names[]": "dhl"}, country="DE", zip="10435").json()
    assert len(dhl) == 5
    assert {p["carrier_name"] for p in dhl} == {"dhl"}


def test_several_carriers(client: httpx.Client) -> None:
    params: list[tuple[str, str | int | float | bool | None]] = [
        ("carrier_names[]", "mondialrelay"),
        ("carrier_names[]", "dhl"),
        ("country", "FR"),
        ("zip", "75017"),
    ]
    found = client.get("/pudo/locations", params=params).json()
    assert {p["carrier_name"] for p in found} == {"mondialrelay"}  # no DHL points in FR


def test_limits(client: httpx.Client) -> None:
    assert len(search(client, **PARIS_17, zip="75017", max_number_of_results=3).json()) == 3
    assert len(search(client, **PARIS_17, zip="75017", max_number_of_results=500).json()) <= 50
    near = search(client, **PARIS_17, zip="75017", max_distance=500).json()
    assert near
    assert all(p["distance"] <= 500 for p in near)
    everyday = search(client, **PARIS_17, zip="75017", opening_days=7).json()
    assert everyday
    assert all(all(p["opening_hours"][d] for d in p["opening_hours"]) for p in everyday)


def test_bulk(client: httpx.Client, check_400: Check400) -> None:
    found = search(client, carrier_name="mondialrelay", country="FR").json()
    assert len(found) == 11
    assert {p["carrier_name"] for p in found} == {"mondialrelay"}
    assert "carrier_name" in check_400(search(client, carrier_name="ups", country="DE"))
    assert "carrier_name" in check_400(search(client, carrier_name="pigeon", country="DE"))


def test_no_result_is_an_empty_list(client: httpx.Client) -> None:
    r = search(client, **{"carrier_names[]": "ups"}, country="AT", zip="1060")
    assert r.status_code == 200
    assert r.json() == []
    assert search(client, **PARIS_17, zip="75017", max_distance=1).json() == []


def test_errors(client: httpx.Client, check_400: Check400) -> None:
    assert "zip" in check_400(search(client, **PARIS_17, zip="99999"))
    assert "zip" in check_400(search(client, **PARIS_17))
    assert "country" in check_400(search(client, **{"carrier_names[]": "dhl"}, zip="10435"))
    assert "carrier_names" in check_400(search(client, country="DE", zip="10435"))
    assert "longitude" in check_400(search(client, **PARIS_17, latitude=48.8))
    assert "latitude" in check_400(search(client, **PARIS_17, latitude=123, longitude=2))


def test_one_point_is_closed_today(client: httpx.Client) -> None:
    today = date.today().isoformat()
    found = search(client, carrier_name="mondialrelay", country="FR").json()
    closed = [
        p["location_id"]
        for p in found
        if any(c["from"] <= today <= c["to"] for c in p["temporary_closures"])
    ]
    assert closed == ["051193"]
    assert any(p["temporary_closures"] and p["location_id"] != "051193" for p in found)
