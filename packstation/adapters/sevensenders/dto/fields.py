"""What every Seven Senders wire format shares: id fields, the tolerant base model, JSON helpers.

Ids may arrive as numbers or strings (and relation ids as IRIs such as ``/v2/shipments/5``) and
become ``str``; a record that gives only its IRI gets its ``id`` from it (``with_id``). Unknown
fields are ignored. Names the documentation is unsure about come from ``ApiNames`` and are
mapped onto the canonical field names before validation (``remap``, ``keys_of``). Out, request
bodies are plain JSON dicts without empty values (``compact``), moments in ISO-8601 with offset
(``iso``) and money as numeric strings (``money``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    CarrierKeys,
    CarrierRefKeys,
    ClosureKeys,
    CustomsArticleKeys,
    CustomsShipmentKeys,
    ErrorKeys,
    LabelKeys,
    ManifestKeys,
    OpeningHoursKeys,
    OrderItemKeys,
    OrderKeys,
    ProductKeys,
    PudoAddressKeys,
    PudoCoordinatesKeys,
    PudoLocationKeys,
    QueryNames,
    RequestKeys,
    ShipmentKeys,
    StateChangeKeys,
    TokenKeys,
)
from packstation.domain.shipping import Address, Carrier

# --------------------------------------------------------------------------- field types


def _id_text(value: Any) -> Any:
    """Ints and strings become a stripped str; an IRI (``/v2/x/5``) becomes its last part."""
    if isinstance(value, bool):
        return value  # let str validation reject it
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("/") and "/" in text[1:]:
            text = text.rstrip("/").rsplit("/", 1)[-1]
        return text
    if isinstance(value, Mapping) and "id" in value:  # an embedded object
        return _id_text(value["id"])
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _optional_id(value: Any) -> Any:
    return _id_text(_blank_to_none(value))


def lowered(value: Any) -> Any:
    """A text stripped and in lower case (``" PDF "`` → ``"pdf"``); anything else as it is."""
    return value.strip().lower() if isinstance(value, str) else value


WireId = Annotated[str, BeforeValidator(_id_text), Field(min_length=1)]
OptionalId = Annotated[str | None, BeforeValidator(_optional_id)]
NonEmpty = Annotated[str, Field(min_length=1)]
OptionalDecimal = Annotated[Decimal | None, BeforeValidator(_blank_to_none)]


#: Keys an answer may carry its own address under (API Platform: ``iri``; JSON-LD: ``@id``).
IRI_KEYS = ("iri", "@id")


def id_from_iri(raw: Mapping[str, Any]) -> Any:
    """The record's id from its IRI (``/v2/orders/700001`` → ``700001``), or ``None``."""
    for key in IRI_KEYS:
        value = raw.get(key)
        if isinstance(value, str) and value.strip().rstrip("/"):
            return value.strip().rstrip("/").rsplit("/", 1)[-1] or None
    return None


def with_id(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    """``raw`` with ``id`` derived from its IRI when the answer gives only the IRI."""
    if raw.get("id") not in (None, ""):
        return raw
    derived = id_from_iri(raw)
    return raw if derived is None else {**raw, "id": derived}


class WireModel(BaseModel):
    """The base of every answer model: unknown fields ignored, frozen, ``id`` from the IRI."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def derive_id_from_iri(cls, data: Any) -> Any:
        if "id" in cls.model_fields and isinstance(data, Mapping):
            return with_id(data)
        return data


def remap(raw: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Copy ``raw[wire]`` to ``out[canonical]`` for every ``canonical → wire`` pair present."""
    return {canonical: raw[wire] for canonical, wire in names.items() if wire in raw}


RecordKeys = (
    OrderKeys
    | ShipmentKeys
    | CustomsShipmentKeys
    | ManifestKeys
    | OrderItemKeys
    | ProductKeys
    | CarrierKeys
    | TokenKeys
)
NestedKeys = (
    CarrierRefKeys
    | StateChangeKeys
    | PudoAddressKeys
    | PudoCoordinatesKeys
    | OpeningHoursKeys
    | ClosureKeys
)


def keys_of(
    obj: LabelKeys
    | CustomsArticleKeys
    | ErrorKeys
    | PudoLocationKeys
    | RecordKeys
    | RequestKeys
    | NestedKeys,
) -> dict[str, str]:
    """Canonical name → wire name, for every field of a ``…Keys`` value (for ``remap``)."""
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def renamed(raw: Mapping[str, Any], keys: RecordKeys | NestedKeys) -> dict[str, Any]:
    """``raw`` with the keys ``keys`` renames under their canonical names (the others, the
    ``iri`` among them, stay as they are; a canonical key the answer has while the renamed
    one is missing is kept, as a sandbox answer would carry it)."""
    moved = {canonical: wire for canonical, wire in keys_of(keys).items() if wire != canonical}
    if not moved:
        return dict(raw)
    wires = set(moved.values())
    data = {k: v for k, v in raw.items() if k not in wires}
    for canonical, wire in moved.items():
        if wire in raw:
            data[canonical] = raw[wire]
    return data


def renamed_in(data: dict[str, Any], key: str, keys: NestedKeys, *, each: bool = False) -> None:
    """Rename the keys of the object under ``data[key]`` (``each``: of every object in the
    list there) as ``renamed`` does; anything else there is left for validation to judge."""
    value = data.get(key)
    if each and isinstance(value, list):
        data[key] = [renamed(v, keys) if isinstance(v, Mapping) else v for v in value]
    elif not each and isinstance(value, Mapping):
        data[key] = renamed(value, keys)


# --------------------------------------------------------------------------- carriers


def _carrier_in(value: Any) -> Any:
    """Accept ``{"name","country"}``, ``"dhl:DE"`` or a bare ``"dhl"``."""
    if isinstance(value, str):
        name, _, country = value.partition(":")
        return {"name": name, "country": country}
    return value


class CarrierRef(WireModel):
    name: NonEmpty
    country: str = ""

    def to_domain(self) -> Carrier:
        return Carrier(self.name, self.country.upper())


CarrierField = Annotated[CarrierRef, BeforeValidator(_carrier_in)]


# --------------------------------------------------------------------------- request bodies

JsonObject = dict[str, Any]
DEFAULT_QUERY_NAMES = QueryNames()


def iso(moment: datetime) -> str:
    """ISO-8601 with offset; a naive datetime is taken as the station's local time."""
    return (moment if moment.tzinfo else moment.astimezone()).isoformat()


def money(value: Decimal) -> str:
    """Money goes as a numeric string, so no cent is lost to binary floating point."""
    return format(value, "f")


def compact(data: JsonObject) -> JsonObject:
    """Drop ``None`` and empty-string values (7S treats absent and empty differently)."""
    return {k: v for k, v in data.items() if v is not None and v != ""}


def sent(body: JsonObject, keys: RequestKeys) -> JsonObject:
    """A request body written with the sandbox's names, each top-level key as ``keys`` spells
    it on the wire (``ApiNames``' ``…_request`` groups); a key ``keys`` does not name goes as
    it is, and one it names ``NOT_SENT`` (empty; only ``packstation probe`` does that, for a
    key 7S refused as unknown) is left out."""
    names = keys_of(keys)
    return {names.get(key, key): value for key, value in body.items() if names.get(key, key)}


def carrier_json(carrier: Carrier, keys: CarrierRefKeys = DEFAULT_NAMES.carrier_ref) -> JsonObject:
    """A carrier as the request bodies name it (its keys as ``keys`` spells them; one named
    ``NOT_SENT`` is left out, see ``sent``)."""
    return {k: v for k, v in ((keys.name, carrier.name), (keys.country, carrier.country)) if k}


def person_fields(prefix: str, address: Address) -> JsonObject:
    """A person's name and contact fields, each name starting with ``prefix``."""
    return {
        f"{prefix}_first_name": address.first_name,
        f"{prefix}_last_name": address.last_name,
        f"{prefix}_company_name": address.company_name,
        f"{prefix}_email": address.email,
        f"{prefix}_phone": address.phone,
        f"{prefix}_zip": address.zip,
        f"{prefix}_city": address.city,
        f"{prefix}_country": address.country,
    }


def kg(weight_g: int | None) -> float | None:
    """Grams as the kilograms the bodies carry."""
    return None if weight_g is None else weight_g / 1000
