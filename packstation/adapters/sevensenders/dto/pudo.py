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
)
from packstation.adapters.sevensenders_names import (
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
    opens: _ClockTime = Field(validation_alias="from")
    closes: _ClockTime = Field(validation_alias="to")


class _ClosureBody(WireModel):
    start: str = Field(validation_alias="from")
    end: str = Field(validation_alias="to")


class _PudoAddress(WireModel):
    name: str = ""
    alternative_name: str | None = ""
    country: str = ""
    city: str = ""
    zip: str = ""
    address_line: str | None = Field(
        default="", validation_alias=AliasChoices("address_line", "provider_address_line")
    )
    street: str | None = ""
    house_no: str | None = ""


class _Coordinates(WireModel):
    latitude: float
    longitude: float


def parse_pudo_location(raw: Mapping[str, Any], keys: PudoLocationKeys) -> PudoLocation:
    """Validate one pick-up point whose keys are spelled as ``keys`` says."""
    return PudoLocationBody.model_validate(remap(raw, keys_of(keys))).to_domain()


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
