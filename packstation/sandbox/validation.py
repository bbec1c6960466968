"""Reading request bodies and query values into typed values, collecting violations.

A ``Fields`` reader never raises while reading: every problem becomes a ``Violation`` and
``check()`` raises one ``Invalid`` with all of them, as API Platform does.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from packstation.sandbox.errors import (
    INVALID_CHOICE,
    INVALID_COUNTRY,
    INVALID_DATETIME,
    INVALID_EMAIL,
    INVALID_TYPE,
    NOT_BLANK,
    REGEX_FAILED,
    TOO_FEW,
    TOO_HIGH,
    TOO_LOW,
    Invalid,
    Violation,
)

BLANK = "This value should not be blank."

_COUNTRY_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT
    ZA ZM ZW"""
COUNTRIES = frozenset(_COUNTRY_CODES.split())

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def now() -> datetime:
    return datetime.now(UTC)


def now_iso() -> str:
    """The current time as plain ISO-8601 with offset, e.g. ``2026-11-20T09:15:00+00:00``."""
    return now().isoformat(timespec="seconds")


def parse_datetime(text: str) -> datetime | None:
    """Parse ISO-8601; a value without offset is taken as UTC. ``None`` when unparseable."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class Fields:
    """Typed, violation-collecting access to one JSON object (a body or a nested object)."""

    def __init__(
        self,
        data: Any,
        prefix: str = "",
        violations: list[Violation] | None = None,
    ) -> None:
        if not isinstance(data, dict):
            raise Invalid([], "The request body must be a JSON object.")
        self.data: dict[str, Any] = data
        self.prefix = prefix
        self.violations: list[Violation] = [] if violations is None else violations

    # ------------------------------------------------------------ helpers
    def path(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def add(self, name: str, message: str, code: str) -> None:
        self.violations.append(Violation(self.path(name), message, code))

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str) -> Any:
        return self.data.get(name)

    def check(self) -> None:
        if self.violations:
            raise Invalid(self.violations)

    def _present(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None and required:
            self.add(name, BLANK, NOT_BLANK)
        return value

    def _type_error(self, name: str, expected: str) -> None:
        self.add(name, f"This value should be of type {expected}.", INVALID_TYPE)

    # ------------------------------------------------------------ scalar readers
    def string(self, name: str, *, required: bool = False, max_length: int = 255) -> str | None:
        value = self._present(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self._type_error(name, "string")
            return None
        if required and not value.strip():
            self.add(name, BLANK, NOT_BLANK)
            return None
        if len(value) > max_length:
            self.add(
                name,
                f"This value is too long. It should have {max_length} characters or less.",
                "d94b19cc-114f-4f44-9cc4-4138e80a87b9",
            )
            return None
        return value

    def path_key(self, name: str, *, required: bool = False) -> str | None:
        """A string that becomes part of a resource path, so it may not contain '/'."""
        value = self.string(name, required=required)
        if value is not None and "/" in value:
            self.add(name, 'This value must not contain "/".', REGEX_FAILED)
            return None
        return value

    def text(self, name: str) -> str:
        """An optional string, ``""`` when absent."""
        return self.string(name) or ""

    def integer(
        self,
        name: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self._present(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._type_error(name, "int")
            return None
        if minimum is not None and value < minimum:
            self.add(name, f"This value should be greater than or equal to {minimum}.", TOO_LOW)
            return None
        if maximum is not None and value > maximum:
            self.add(name, f"This value should be less than or equal to {maximum}.", TOO_HIGH)
            return None
        return value

    def identifier(self, name: str, *, required: bool = False) -> int | None:
        """A numeric resource id, given as an integer or as a string of digits."""
        value = self._present(name, required)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self._type_error(name, "int")
        return None

    def number(self, name: str, *, required: bool = False, positive: bool = False) -> float | None:
        value = self._present(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._type_error(name, "float")
            return None
        if positive and value <= 0:
            self.add(name, "This value should be positive.", TOO_LOW)
            return None
        return float(value)

    def decimal(self, name: str, *, required: bool = False) -> str | None:
        """A money value, given as a JSON number or a numeric string; returned as a string."""
        value = self._present(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self._type_error(name, "string")
            return None
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            self.add(name, "This value should be a valid number.", INVALID_TYPE)
            return None
        if not amount.is_finite() or amount < 0:
            self.add(name, "This value should be either positive or zero.", TOO_LOW)
            return None
        return str(value).strip()

    def boolean(self, name: str, *, required: bool = False) -> bool | None:
        value = self._present(name, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self._type_error(name, "bool")
            return None
        return value

    def datetime(self, name: str, *, required: bool = False) -> str | None:
        """An ISO-8601 date-time, normalised to ISO-8601 with offset (UTC when none given)."""
        value = self.string(name, required=required)
        if value is None:
            return None
        parsed = parse_datetime(value)
        if parsed is None:
            self.add(name, "This value is not a valid datetime.", INVALID_DATETIME)
            return None
        return parsed.isoformat()

    def choice(self, name: str, choices: Collection[str], *, required: bool = False) -> str | None:
        value = self.string(name, required=required)
        if value is None:
            return None
        if value not in choices:
            self.add(name, "The value you selected is not a valid choice.", INVALID_CHOICE)
            return None
        return value

    def country(self, name: str, *, required: bool = False) -> str | None:
        value = self.string(name, required=required)
        if value is None:
            return None
        if value.upper() not in COUNTRIES:
            self.add(name, "This value is not a valid country.", INVALID_COUNTRY)
            return None
        return value.upper()

    def email(self, name: str, *, required: bool = False) -> str | None:
        value = self.string(name, required=required)
        if value is None or (not required and value == ""):
            return value
        if not _EMAIL.match(value):
            self.add(name, "This value is not a valid email address.", INVALID_EMAIL)
            return None
        return value

    def pattern(self, name: str, regex: str, *, required: bool = False) -> str | None:
        value = self.string(name, required=required)
        if value is None:
            return None
        if not re.fullmatch(regex, value):
            self.add(name, "This value is not valid.", REGEX_FAILED)
            return None
        return value

    # ------------------------------------------------------------ structured readers
    def obj(self, name: str, *, required: bool = False) -> Fields | None:
        value = self._present(name, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._type_error(name, "object")
            return None
        return Fields(value, f"{self.path(name)}.", self.violations)

    def array(self, name: str, *, required: bool = False, min_items: int = 0) -> list[Any] | None:
        value = self._present(name, required)
        if value is None:
            return None
        if not isinstance(value, list):
            self._type_error(name, "array")
            return None
        if len(value) < min_items:
            self.add(
                name,
                f"This collection should contain {min_items} element or more.",
                TOO_FEW,
            )
            return None
        return value

    def item(self, name: str, index: int, value: Any) -> Fields | None:
        """Reader for element ``index`` of array ``name`` (must be an object)."""
        if not isinstance(value, dict):
            self._type_error(f"{name}[{index}]", "object")
            return None
        return Fields(value, f"{self.path(name)}[{index}].", self.violations)

    def json_value(self, name: str, types: tuple[type, ...]) -> Any:
        value = self.data.get(name)
        if value is not None and not isinstance(value, types):
            names: dict[type, str] = {dict: "object", list: "array"}
            self._type_error(name, " or ".join(names.get(t, t.__name__) for t in types))
            return None
        return value


class Query:
    """Typed access to query parameters, collecting violations like ``Fields``."""

    def __init__(self, params: Mapping[str, list[str]]) -> None:
        self.params = params
        self.violations: list[Violation] = []

    def add(self, name: str, message: str, code: str) -> None:
        self.violations.append(Violation(name, message, code))

    def check(self) -> None:
        if self.violations:
            raise Invalid(self.violations)

    def get(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[-1] if values else None

    def get_all(self, *names: str) -> list[str]:
        out: list[str] = []
        for name in names:
            out.extend(self.params.get(name, []))
        return out

    def integer(
        self, name: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        raw = self.get(name)
        if raw is None or raw == "":
            return None
        try:
            value = int(raw)
        except ValueError:
            self.add(name, "This value should be of type int.", INVALID_TYPE)
            return None
        if minimum is not None and value < minimum:
            self.add(name, f"This value should be greater than or equal to {minimum}.", TOO_LOW)
            return None
        if maximum is not None and value > maximum:
            self.add(name, f"This value should be less than or equal to {maximum}.", TOO_HIGH)
            return None
        return value

    def number(self, name: str, *, low: float, high: float, required: bool = False) -> float | None:
        raw = self.get(name)
        if raw is None or raw == "":
            if required:
                self.add(name, BLANK, NOT_BLANK)
            return None
        try:
            value = float(raw)
        except ValueError:
            self.add(name, "This value should be of type float.", INVALID_TYPE)
            return None
        if not low <= value <= high:
            self.add(name, f"This value should be between {low:g} and {high:g}.", TOO_HIGH)
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        raw = self.get(name)
        if raw is None or raw == "":
            return None
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        self.add(name, "This value should be of type bool.", INVALID_TYPE)
        return None

    def datetime(self, name: str) -> datetime | None:
        raw = self.get(name)
        if raw is None or raw == "":
            return None
        parsed = parse_datetime(raw)
        if parsed is None:
            self.add(name, "This value is not a valid datetime.", INVALID_DATETIME)
        return parsed

    def country(self, name: str, *, required: bool = False) -> str | None:
        raw = self.get(name)
        if raw is None or raw.strip() == "":
            if required:
                self.add(name, BLANK, NOT_BLANK)
            return None
        if raw.upper() not in COUNTRIES:
            self.add(name, "This value is not a valid country.", INVALID_COUNTRY)
            return None
        return raw.upper()
