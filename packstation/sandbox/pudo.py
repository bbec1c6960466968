"""PUDO (pick-up/drop-off) search: by coordinates, by address (zip centroid) or bulk.

Every function expects the caller to hold ``state.lock``.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from packstation.sandbox.errors import INVALID_CHOICE, NOT_BLANK, NOT_FOUND_REF, UNSUPPORTED
from packstation.sandbox.state import Closure, PudoPoint, State
from packstation.sandbox.validation import BLANK, Query

MAX_RESULTS = 50
DEFAULT_RESULTS = 20
EARTH_RADIUS_M = 6_371_008.8
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def normalise_zip(value: str) -> str:
    return "".join(value.split()).upper()


def closure_dates(closure: Closure, today: date) -> dict[str, str]:
    if closure.relative:
        assert isinstance(closure.start, int)
        assert isinstance(closure.end, int)
        start = today + timedelta(days=closure.start)
        end = today + timedelta(days=closure.end)
        return {"from": start.isoformat(), "to": end.isoformat()}
    return {"from": str(closure.start), "to": str(closure.end)}


def location_json(point: PudoPoint, distance: float, today: date) -> dict[str, Any]:
    return {
        "carrier_name": point.carrier_name,
        "location_type": point.location_type,
        "location_id": point.location_id,
        "location_code": point.location_code,
        "address": dict(point.address),
        "opening_hours": {day: list(point.opening_hours.get(day, [])) for day in WEEKDAYS},
        "coordinates": {"latitude": point.latitude, "longitude": point.longitude},
        "parcel_sizes": list(point.parcel_sizes),
        "distance": round(distance),
        "temporary_closures": [closure_dates(c, today) for c in point.closures],
    }


def search(state: State, q: Query, today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    country = q.country("country", required=True)
    names = q.get_all("carrier_names[]", "carrier_names")
    bulk_carrier = q.get("carrier_name")
    max_distance = q.integer("max_distance", minimum=1)
    max_results = q.integer("max_number_of_results", minimum=1)
    opening_days = q.integer("opening_days", minimum=1, maximum=7)
    origin: tuple[float, float] | None = None

    if bulk_carrier is not None and not names:
        carrier = state.carriers.get(bulk_carrier)
        if carrier is None:
            q.add("carrier_name", "The value you selected is not a valid choice.", INVALID_CHOICE)
        elif not carrier.bulk_pudo:
            q.add("carrier_name", f"Bulk search is not supported for {bulk_carrier}.", UNSUPPORTED)
        names = [bulk_carrier]
        limit = min(max_results, MAX_RESULTS) if max_results else len(state.pudo_points)
    else:
        if not names:
            q.add("carrier_names", BLANK, NOT_BLANK)
        for i, name in enumerate(names):
            if name not in state.carriers:
                q.add(
                    f"carrier_names[{i}]",
                    "The value you selected is not a valid choice.",
                    INVALID_CHOICE,
                )
        origin = _origin(state, q, country)
        limit = min(max_results or DEFAULT_RESULTS, MAX_RESULTS)
    q.check()

    found: list[tuple[float, PudoPoint]] = []
    for point in state.pudo_points:
        if point.carrier_name not in names or point.address.get("country") != country:
            continue
        if opening_days and _open_days(point) < opening_days:
            continue
        distance = haversine_m(*origin, point.latitude, point.longitude) if origin else 0.0
        if max_distance is not None and distance > max_distance:
            continue
        found.append((distance, point))
    found.sort(key=lambda pair: (round(pair[0]), pair[1].location_id))
    return [location_json(point, distance, today) for distance, point in found[:limit]]


def _origin(state: State, q: Query, country: str | None) -> tuple[float, float] | None:
    has_lat = q.get("latitude") not in (None, "")
    has_lon = q.get("longitude") not in (None, "")
    if has_lat or has_lon:
        lat = q.number("latitude", low=-90, high=90, required=True)
        lon = q.number("longitude", low=-180, high=180, required=True)
        return (lat, lon) if lat is not None and lon is not None else None
    zip_code = q.get("zip")
    if not zip_code or not zip_code.strip():
        q.add("zip", "Either latitude and longitude or zip must be given.", NOT_BLANK)
        return None
    if country is None:
        return None
    centroid = state.zip_centroids.get((country, normalise_zip(zip_code)))
    if centroid is None:
        q.add("zip", f'Unknown zip "{zip_code}" for {country}.', NOT_FOUND_REF)
    return centroid


def _open_days(point: PudoPoint) -> int:
    return sum(1 for day in WEEKDAYS if point.opening_hours.get(day))
