"""Pick-up points (PUDO): a location with its address, coordinates, opening hours and
closures (keys from ``PudoLocationKeys``), and the search parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import AliasChoices, Field

from packstation.adapters.sevensenders.dto.fields import (
    NonEmpty,
    OptionalId,
    WireId,
    WireModel,
    keys_of,
    remap,
    renamed,
    renamed_in,
)
from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    ApiNames,
    PudoLocationKeys,
    PudoNames,
)
from packstation.domain.shipping import (
    Closure,
    OpeningSpan,
    PudoLocation,
    PudoSearch,
)


class _ClockTime(WireModel):
    hours: int = Field(ge=0, le=24)
    minutes: int = Field(default=0, ge=0, le=59)

    @property
    def minute_of_day(self) -> int:
        return self.hours * 60 + self.minutes


class _SpanBody(WireModel):
    """One opening span under canonical names (``parse_pudo_location`` renames the wire's)."""

    opens: _ClockTime
    closes: _ClockTime


class _ClosureBody(WireModel):
    start: str
    end: str


class _PudoAddress(WireModel):
    name: str = ""
    alternative_name: str | None = ""
    country: str = ""
    # a pick-up point without its town and postcode cannot be shown to anyone: required,
    # so an address spelled otherwise fails naming the key rather than showing blanks
    city: str
    zip: str
    address_line: str | None = Field(
        default="", validation_alias=AliasChoices("address_line", "provider_address_line")
    )
    street: str | None = ""
    house_no: str | None = ""


class _Coordinates(WireModel):
    latitude: float
    longitude: float


def parse_pudo_location(
    raw: Mapping[str, Any], keys: PudoLocationKeys, nested: ApiNames = DEFAULT_NAMES
) -> PudoLocation:
    """Validate one pick-up point whose keys are spelled as ``keys`` says, and the objects
    inside it as ``nested``'s ``pudo_address``, ``pudo_coordinates``, ``opening_hours`` and
    ``closure`` say."""
    data = remap(raw, keys_of(keys))
    renamed_in(data, "address", nested.pudo_address)
    renamed_in(data, "coordinates", nested.pudo_coordinates)
    renamed_in(data, "temporary_closures", nested.closure, each=True)
    hours = data.get("opening_hours")
    if isinstance(hours, Mapping):
        data["opening_hours"] = {
            day: [_span(s, nested) for s in spans] if isinstance(spans, list) else spans
            for day, spans in hours.items()
        }
    return PudoLocationBody.model_validate(data).to_domain()


def _span(span: Any, nested: ApiNames) -> Any:
    """One opening span with its ends (and their clock times) under canonical names."""
    if not isinstance(span, Mapping):
        return span
    keys = nested.opening_hours
    out = renamed(span, keys)
    clock = {"hours": keys.hours, "minutes": keys.minutes}
    for end in ("opens", "closes"):
        if isinstance(out.get(end), Mapping):
            out[end] = {k: out[end][w] for k, w in clock.items() if w in out[end]}
    return out


class PudoLocationBody(WireModel):
    carrier_name: NonEmpty
    location_type: str = ""
    location_id: WireId
    location_code: OptionalId = None
    address: _PudoAddress
    coordinates: _Coordinates
    opening_hours: dict[str, list[_SpanBody]] = Field(default_factory=dict)
    parcel_sizes: list[str] = Field(default_factory=list)
    distance: float | None = None
    temporary_closures: list[_ClosureBody] = Field(default_factory=list)

    def to_domain(self) -> PudoLocation:
        hours = {
            day.lower(): tuple(
                OpeningSpan(s.opens.minute_of_day, s.closes.minute_of_day) for s in spans
            )
            for day, spans in self.opening_hours.items()
        }
        return PudoLocation(
            carrier_name=self.carrier_name,
            location_type=self.location_type,
            location_id=self.location_id,
            location_code=self.location_code or "",
            name=self.address.name,
            country=self.address.country.upper(),
            city=self.address.city,
            zip=self.address.zip,
            address_line=self.address.address_line or "",
            latitude=self.coordinates.latitude,
            longitude=self.coordinates.longitude,
            distance_m=self.distance,
            alternative_name=self.address.alternative_name or "",
            street=self.address.street or "",
            house_no=self.address.house_no or "",
            opening_hours=hours,
            parcel_sizes=tuple(self.parcel_sizes),
            closures=tuple(Closure(c.start, c.end) for c in self.temporary_closures),
        )


_DEFAULT_PUDONAMES = PudoNames()


def pudo_params(search: PudoSearch, n: PudoNames = _DEFAULT_PUDONAMES) -> list[tuple[str, str]]:
    params: list[tuple[str, str | None]] = [(n.country, search.country)]
    if search.bulk:
        params.append((n.carrier_name, search.carriers[0]))
    else:
        params += [(n.carrier_names, c) for c in search.carriers]
        if search.latitude is not None and search.longitude is not None:
            params += [(n.latitude, str(search.latitude)), (n.longitude, str(search.longitude))]
        params += [(n.zip, search.zip), (n.city, search.city), (n.street, search.street)]
    params += [
        (n.max_distance, _opt_int(search.max_distance_m)),
        (n.max_results, _opt_int(search.max_results)),
        (n.opening_days, _opt_int(search.opening_days)),
    ]
    return [(k, v) for k, v in params if v is not None and v != ""]


def _opt_int(value: int | None) -> str | None:
    return None if value is None else str(value)
