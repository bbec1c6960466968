"""How ``packstation probe`` guesses the names a 7S account uses, from what it answers.

Pure functions, no network: the probe (``sevensenders_probe.py``) hands them an answer's keys
or a refusal's violations, and they say which ``api_names`` entries would fit.

* **Answer keys** (``answer_fixes``): a record that lacks the key a group of ``ApiNames``
  expects, while it carries exactly one unknown key *like* it, gets that key suggested
  (``"carrier.code" = "carrier_code"``).
* **Request keys** (``request_fixes``): a refusal whose violation names a key the station
  did not send (``merchant_order_id: This value should not be blank``) gets it suggested for
  the one key of the body *like* it (``"order_request.order_id" = "merchant_order_id"``).

Two names are *alike* when the words of one are all words of the other (``order_id`` and
``merchant_order_id``; ``reference`` and ``reference_number``; camelCase counts as words), or
when a table of known other spellings says so. Nothing is suggested where two keys would fit.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Any

from packstation.adapters.sevensenders_names import ApiNames

#: Other spellings known from the API notes and API Platform habits (canonical → others).
KEY_CANDIDATES: Mapping[str, tuple[str, ...]] = {
    "access_key": ("api_key", "apiKey", "key", "accessKey"),
    "token": ("jwt", "access_token", "id_token", "bearer"),
    "quantity": ("qty", "amount"),
    "datetime": ("date", "created_at", "occurred_at"),
    "attachment": ("file", "content", "data", "image"),
    "code": ("carrier", "carrier_code", "id"),
}
#: Keys every record may carry besides its fields (never taken for a renamed one).
_RECORD_EXTRAS = frozenset(
    {"iri", "@id", "@type", "@context", "id", "created_at", "updated_at", "totalItems"}
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def words(name: str) -> frozenset[str]:
    """The words of a key: ``merchant_order_id`` and ``merchantOrderId`` → merchant, order,
    id (``carrier_names[]`` → carrier, names)."""
    spaced = _CAMEL.sub("_", name).lower()
    return frozenset(w for w in re.split(r"[^a-z0-9]+", spaced) if w)


def alike(canonical: str, key: str) -> bool:
    """Whether ``key`` may be another spelling of ``canonical`` (see the module docstring)."""
    if key in KEY_CANDIDATES.get(canonical, ()):
        return True
    ours, theirs = words(canonical), words(key)
    return bool(ours) and bool(theirs) and (ours <= theirs or theirs <= ours)


def _fields(names: ApiNames, group: str) -> dict[str, str]:
    keys = getattr(names, group)
    return {f.name: getattr(keys, f.name) for f in dataclasses.fields(keys)}


def answer_fixes(names: ApiNames, group: str, record: Mapping[str, Any]) -> dict[str, str]:
    """``{"<group>.<field>": key}`` for each field of ``group`` whose key ``record`` lacks
    while exactly one unknown key of ``record`` is alike it (one suggestion per key)."""
    expected = _fields(names, group)
    unknown = [
        str(k) for k in record if k not in expected.values() and str(k) not in _RECORD_EXTRAS
    ]
    fixes: dict[str, str] = {}
    for field, wire in expected.items():
        if not wire or wire in record:
            continue
        hits = [k for k in unknown if alike(field, k) or alike(wire, k)]
        if len(hits) == 1:
            fixes[f"{group}.{field}"] = hits[0]
            unknown.remove(hits[0])
    return fixes


def request_fixes(names: ApiNames, group: str, refused: Iterable[str]) -> dict[str, str]:
    """``{"<group>.<field>": key}`` for each refused key (a violation's property path) that
    is not a key the body sends, and is alike exactly one field of ``group``."""
    expected = _fields(names, group)
    sent = set(expected.values())
    fixes: dict[str, str] = {}
    for key in dict.fromkeys(refused):
        top = key.split(".", 1)[0].split("[", 1)[0]
        if not top or top in sent:
            continue
        hits = [
            field
            for field, wire in expected.items()
            if f"{group}.{field}" not in fixes and (alike(field, top) or alike(wire, top))
        ]
        if len(hits) == 1:
            fixes[f"{group}.{hits[0]}"] = top
    return fixes


def violation_fields(data: Any, names: ApiNames) -> list[str]:
    """The property paths of an error answer's violations (``error`` keys of ``names``)."""
    if not isinstance(data, Mapping):
        return []
    keys = names.error
    rows = data.get(keys.violations)
    if not isinstance(rows, list):
        return []
    return [
        str(row[keys.property_path])
        for row in rows
        if isinstance(row, Mapping) and row.get(keys.property_path)
    ]


#: Symfony's code for "This field was not expected." (a Collection constraint's extra key).
NO_SUCH_FIELD_CODE = "7703c766-b5d5-4cef-ace7-ae0dd82304e9"
_NOT_EXPECTED = ("not expected", "is unknown", "unknown field", "extra attribute", "not allowed")
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


def unknown_fields(data: Any, names: ApiNames) -> list[str]:
    """The keys an error answer calls unknown (a violation "This field was not expected.",
    Symfony's code for it, or a detail like ``Extra attributes are not allowed ("x" is
    unknown).``): the API does not know them under that name."""
    if not isinstance(data, Mapping):
        return []
    keys = names.error
    found: list[str] = []
    rows = data.get(keys.violations)
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping) or not row.get(keys.property_path):
            continue
        message = str(row.get(keys.message) or "").lower()
        if row.get(keys.code) == NO_SUCH_FIELD_CODE or any(w in message for w in _NOT_EXPECTED):
            found.append(str(row[keys.property_path]))
    detail = data.get(keys.detail)
    if not found and isinstance(detail, str) and any(w in detail.lower() for w in _NOT_EXPECTED):
        found += _QUOTED.findall(detail)
    return list(dict.fromkeys(found))


def fields_named(names: ApiNames, group: str, wire_keys: Iterable[str]) -> list[str]:
    """The fields of ``group`` whose wire name is one of ``wire_keys`` (top-level keys)."""
    wanted = set(wire_keys)
    return [field for field, wire in _fields(names, group).items() if wire and wire in wanted]


#: Objects nested in records and request bodies: (group, field holding it) → (its group,
#: whether the field holds a list of them).
NESTED_GROUPS: Mapping[tuple[str, str], tuple[str, bool]] = {
    ("label", "carrier"): ("carrier_ref", False),
    ("shipment", "carrier"): ("carrier_ref", False),
    ("label_request", "carrier"): ("carrier_ref", False),
    ("shipment_request", "carrier"): ("carrier_ref", False),
    ("order", "states_history"): ("state_change", True),
    ("pudo_location", "address"): ("pudo_address", False),
    ("pudo_location", "coordinates"): ("pudo_coordinates", False),
    ("pudo_location", "temporary_closures"): ("closure", True),
}


def nested_answer_fixes(names: ApiNames, group: str, record: Mapping[str, Any]) -> dict[str, str]:
    """``answer_fixes`` for the objects nested in a record of ``group`` (its carrier, the
    entries of its states history, a pick-up point's address and coordinates)."""
    fixes: dict[str, str] = {}
    for (outer, field), (nested, each) in NESTED_GROUPS.items():
        if outer != group:
            continue
        value = record.get(getattr(getattr(names, group), field))
        if each and isinstance(value, list):
            value = next((v for v in value if isinstance(v, Mapping)), None)
        if isinstance(value, Mapping):
            fixes |= answer_fixes(names, nested, value)
    if group == "pudo_location":
        fixes |= _opening_hours_fixes(names, record.get(names.pudo_location.opening_hours))
    return fixes


def _opening_hours_fixes(names: ApiNames, hours: Any) -> dict[str, str]:
    """``answer_fixes`` for an opening span (weekday → spans) and the clock time at its ends."""
    spans = hours.values() if isinstance(hours, Mapping) else ()
    span = next(
        (s[0] for s in spans if isinstance(s, list) and s and isinstance(s[0], Mapping)), None
    )
    if span is None:
        return {}
    found = answer_fixes(names, "opening_hours", span)
    fixes = {k: v for k, v in found.items() if k.rsplit(".", 1)[1] in ("opens", "closes")}
    clock = next((v for v in span.values() if isinstance(v, Mapping)), None)
    if clock is not None:
        found = answer_fixes(names, "opening_hours", clock)
        fixes |= {k: v for k, v in found.items() if k.rsplit(".", 1)[1] in ("hours", "minutes")}
    return fixes


def nested_request_fixes(names: ApiNames, group: str, refused: Iterable[str]) -> dict[str, str]:
    """``request_fixes`` for a refusal naming a key inside an object the body sends
    (``carrier.carrier_name`` while the station sent ``carrier.name``)."""
    fixes: dict[str, str] = {}
    outer = _fields(names, group)
    for key in dict.fromkeys(refused):
        top, dot, tail = key.partition(".")
        field = next((f for f, wire in outer.items() if wire and wire == top), None)
        if not dot or field is None or (group, field) not in NESTED_GROUPS:
            continue
        nested, _ = NESTED_GROUPS[(group, field)]
        for name, value in request_fixes(names, nested, [tail]).items():
            fixes.setdefault(name, value)
    return fixes


def unknown_keys_of(names: ApiNames, group: str, unknown: Iterable[str]) -> list[str]:
    """The ``api_names`` keys (``order_request.order_url``, ``carrier_ref.name``) of the keys
    of a ``group`` body a refusal calls unknown, top-level or inside an object it holds."""
    found = [f"{group}.{f}" for f in fields_named(names, group, unknown)]
    outer = _fields(names, group)
    for key in unknown:
        top, dot, tail = key.partition(".")
        field = next((f for f, wire in outer.items() if wire and wire == top), None)
        if dot and field is not None and (group, field) in NESTED_GROUPS:
            nested, _ = NESTED_GROUPS[(group, field)]
            found += [f"{nested}.{f}" for f in fields_named(names, nested, [tail])]
    return list(dict.fromkeys(found))
