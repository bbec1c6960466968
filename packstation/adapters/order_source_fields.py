"""The merchant order document's field rules: one plain-worded check per kind of value.

Each rule takes the raw value (``None`` for JSON null or an empty CSV cell) and returns the
normalised value or raises ``refuse`` with a message for the person who fixes the export. The
annotated types at the end bind a rule to its published JSON schema; the models in
``order_source_wire`` are built from them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final

from pydantic import (
    BeforeValidator,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from packstation.domain.shipping import Carrier, CarrierService

#: ``$id`` of the published schema (docs/order-schema.json).


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ISO 3166-1 alpha-2, plus XK (Kosovo), which carriers use.
COUNTRIES: Final = _words(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT
    ZA ZM ZW
    """
)

# ISO 4217 currencies in use (funds codes included; precious metals and test codes left out).
CURRENCIES: Final = _words(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN
    BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK
    JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
    MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
    PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB
    TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD
    XCG XOF XPF YER ZAR ZMW ZWG ZWL
    """
)

MAX_PARCELS: Final = 99
#: Most units one outer pack may hold.
MAX_PACK_UNITS: Final = 10_000

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
_DIGITS = re.compile(r"^\d+$")
_CARRIER_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


# --------------------------------------------------------------------------- messages


def refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError("order_field", "{reason}", {"reason": message})


def describe(value: Any) -> str:
    """A value as a message shows it: ``'two'``, ``the number 10435``, ``nothing``."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, Sequence):
        return "a list"
    return type(value).__name__


def _is_text_mode(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("text"))


def _local_zone(info: ValidationInfo) -> tzinfo | None:
    zone = info.context.get("local_zone") if info.context else None
    return zone if isinstance(zone, tzinfo) else None


# --------------------------------------------------------------------------- field rules
# Each rule takes the raw value (``None`` for JSON null or an empty CSV cell) and returns the
# normalised value or raises ``refuse``. Optional fields go through ``_optional`` first.


def _text(value: Any, what: str = "text") -> str:
    if not isinstance(value, str):
        raise refuse(f"must be {what} (in quotes), got {describe(value)}")
    return value.strip()


def _required_text(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise refuse("is required and must not be empty")
    return _text(value)


def _optional(rule: Callable[[Any, ValidationInfo], Any]) -> Callable[[Any, ValidationInfo], Any]:
    """Absent, null and blank text all mean "not given" (``None``)."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return rule(value, info)

    return check


def _free_text(value: Any, info: ValidationInfo) -> str:
    """Optional contact text (company, phone, ...): blank is fine and stays ``""``."""
    if value is None:
        return ""
    return _text(value)


def _whole_number(value: Any, info: ValidationInfo, *, minimum: int, maximum: int | None) -> int:
    bounds = f"between {minimum} and {maximum}" if maximum is not None else f"of at least {minimum}"
    message = f"must be a whole number {bounds}, got {describe(value)}"
    number: int
    if isinstance(value, bool):
        raise refuse(message)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _is_text_mode(info) and _DIGITS.match(value.strip()):
        number = int(value.strip())
    else:
        raise refuse(message)
    if number < minimum or (maximum is not None and number > maximum):
        raise refuse(message)
    return number


def _quantity(value: Any, info: ValidationInfo) -> int:
    return _whole_number(value, info, minimum=1, maximum=None)


def _weight(value: Any, info: ValidationInfo) -> int:
    return _whole_number(value, info, minimum=0, maximum=None)


def _parcels(value: Any, info: ValidationInfo) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 1
    return _whole_number(value, info, minimum=1, maximum=MAX_PARCELS)


def _amount(value: Any, info: ValidationInfo) -> Decimal:
    message = f"must be an amount of at least 0 like '19.90', got {describe(value)}"
    if isinstance(value, bool):
        raise refuse(message)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise refuse(message)
        amount = Decimal(repr(value))  # 19.9 -> Decimal("19.9"), not its binary expansion
    elif isinstance(value, str):
        text = value.strip()
        if _is_text_mode(info) and _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")  # a spreadsheet's decimal comma: "19,90"
        if not _DECIMAL.match(text):
            raise refuse(message)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise refuse(message) from None
    else:
        raise refuse(message)
    if amount < 0:
        raise refuse(message)
    return amount


def _order_date(value: Any, info: ValidationInfo) -> datetime:
    example = "like '2026-11-20T09:15:00+01:00'"
    if value is None or (isinstance(value, str) and not value.strip()):
        raise refuse(f"is required: the date and time of the order {example}")
    text = _text(value, "an ISO 8601 date and time")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise refuse(
            f"must be an ISO 8601 date and time {example}, got {describe(value)}"
        ) from None
    if when.tzinfo is None:
        zone = _local_zone(info)
        when = when.replace(tzinfo=zone) if zone is not None else when.astimezone()
    return when


def _country(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "a country code").upper()
    if text not in COUNTRIES:
        raise refuse(f"must be a two-letter ISO 3166 country code like 'DE', got {describe(value)}")
    return text


def _required_country(value: Any, info: ValidationInfo) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise refuse("is required: a two-letter ISO 3166 country code like 'DE'")
    return _country(value, info)


def _currency(value: Any, info: ValidationInfo) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "EUR"
    text = _text(value, "a currency code").upper()
    if text not in CURRENCIES:
        raise refuse(
            f"must be a three-letter ISO 4217 currency code like 'EUR', got {describe(value)}"
        )
    return text


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for ``body`` (the code without its last digit)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def _ean(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "text of digits")
    if not _DIGITS.match(text) or len(text) not in (8, 12, 13, 14):
        raise refuse(
            f"must be an EAN/GTIN of 8, 12, 13 or 14 digits like '4006381333931', "
            f"got {describe(value)}"
        )
    expected = gtin_check_digit(text[:-1])
    if int(text[-1]) != expected:
        raise refuse(
            f"has a wrong check digit: {text!r} should end in {expected} "
            "(a typing error, or not an EAN)"
        )
    return text


def _pack_barcode(value: Any, info: ValidationInfo) -> str:
    text = _required_text(value)
    if _DIGITS.match(text) and len(text) in (8, 12, 13, 14):
        expected = gtin_check_digit(text[:-1])
        if int(text[-1]) != expected:
            raise refuse(
                f"has a wrong check digit: {text!r} should end in {expected} "
                "(a typing error, or not an EAN/GTIN)"
            )
    return text


def _pack_units(value: Any, info: ValidationInfo) -> int:
    return _whole_number(value, info, minimum=2, maximum=MAX_PACK_UNITS)


def pack_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise refuse(
            f'must be a list of packs like [{{"barcode": "14006381333938", "units": 6}}], '
            f"got {describe(value)}"
        )
    for pack in value:
        if not isinstance(pack, Mapping):
            raise refuse(f"must be a list of pack objects, but one is {describe(pack)}")
    return value


def _hs_code(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "text of digits")
    digits = text.replace(" ", "").replace(".", "")
    if not _DIGITS.match(digits) or not 6 <= len(digits) <= 10:
        raise refuse(
            "must be a customs tariff number of 6 to 10 digits like '610910', "
            f"got {describe(value)}"
        )
    return digits


def _url(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "a web address")
    if not _URL.match(text):
        raise refuse(
            f"must be a web address starting with https:// or http://, got {describe(value)}"
        )
    return text


def _carrier(value: Any, info: ValidationInfo) -> Carrier:
    text = _text(value, "text like 'dhl:DE'")
    message = (
        f"must be a carrier name and the country of its hub like 'dhl:DE', got {describe(value)}"
    )
    try:
        carrier = Carrier.parse(text)
    except ValueError:
        raise refuse(message) from None
    if not _CARRIER_NAME.match(carrier.name) or carrier.country not in COUNTRIES:
        raise refuse(message)
    return carrier


def _carrier_service(value: Any, info: ValidationInfo) -> CarrierService:
    if value is None or (isinstance(value, str) and not value.strip()):
        return CarrierService.STANDARD
    text = _text(value).lower()
    try:
        return CarrierService(text)
    except ValueError:
        choices = ", ".join(repr(s.value) for s in CarrierService)
        raise refuse(f"must be one of {choices}, got {describe(value)}") from None


def _language(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "a language code")
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise refuse(
            f"must be a two-letter ISO 639-1 language code like 'de', got {describe(value)}"
        )
    return text.lower()


def _email(value: Any, info: ValidationInfo) -> str:
    if value is None:
        return ""
    text = _text(value)
    if text and not _EMAIL.match(text):
        raise refuse(f"must be an e-mail address like 'anna@example.de', got {describe(value)}")
    return text


def _tags(value: Any, info: ValidationInfo) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise refuse(f'must be an object of texts like {{"channel": "web"}}, got {describe(value)}')
    tags: dict[str, str] = {}
    for key, tag in value.items():
        if not isinstance(tag, str):
            raise refuse(f"must hold only texts, but {key!r} is {describe(tag)}")
        tags[str(key)] = tag
    return tags


def json_object(value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise refuse(f"must be an object {{...}}, got {describe(value)}")
    return value


def item_list(value: Any) -> Any:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise refuse(f"must be a list of items [...], got {describe(value)}")
    if not value:
        raise refuse("must list at least one item")
    for item in value:
        if not isinstance(item, Mapping):
            raise refuse(f"must be a list of item objects, but one is {describe(item)}")
    return value


# --------------------------------------------------------------------------- field types

_STRING: dict[str, Any] = {"type": "string"}
_NULL: dict[str, Any] = {"type": "null"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, _NULL]}


RequiredText = Annotated[
    str, BeforeValidator(_required_text), WithJsonSchema({"type": "string", "minLength": 1})
]
FreeText = Annotated[str, BeforeValidator(_free_text), WithJsonSchema(_nullable(_STRING))]
OptionalText = Annotated[
    str | None,
    BeforeValidator(_optional(lambda v, _: _text(v))),
    WithJsonSchema(_nullable(_STRING)),
]
CountryCode = Annotated[
    str,
    BeforeValidator(_required_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$"}),
]
OptionalCountryCode = Annotated[
    str | None,
    BeforeValidator(_optional(_country)),
    WithJsonSchema(_nullable({"type": "string", "pattern": "^[A-Za-z]{2}$"})),
]
Quantity = Annotated[
    int, BeforeValidator(_quantity), WithJsonSchema({"type": "integer", "minimum": 1})
]
WeightGrams = Annotated[
    int | None,
    BeforeValidator(_optional(_weight)),
    WithJsonSchema(_nullable({"type": "integer", "minimum": 0})),
]
Amount = Annotated[
    Decimal | None,
    BeforeValidator(_optional(_amount)),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*$"},
                {"type": "number", "minimum": 0},
                _NULL,
            ]
        }
    ),
]
Currency = Annotated[
    str,
    BeforeValidator(_currency),
    WithJsonSchema(_nullable({"type": "string", "pattern": "^[A-Za-z]{3}$"})),
]
Ean = Annotated[
    str | None,
    BeforeValidator(_optional(_ean)),
    WithJsonSchema(_nullable({"type": "string", "pattern": r"^\s*(\d{8}|\d{12,14})\s*$"})),
]
PackBarcode = Annotated[
    str,
    BeforeValidator(_pack_barcode),
    WithJsonSchema({"type": "string", "minLength": 1}),
]
PackUnits = Annotated[
    int,
    BeforeValidator(_pack_units),
    WithJsonSchema({"type": "integer", "minimum": 2, "maximum": MAX_PACK_UNITS}),
]
HsCode = Annotated[
    str | None,
    BeforeValidator(_optional(_hs_code)),
    WithJsonSchema(_nullable({"type": "string", "pattern": r"^[0-9 .]+$"})),
]
Url = Annotated[
    str | None,
    BeforeValidator(_optional(_url)),
    WithJsonSchema(
        _nullable({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"})
    ),
]
OrderDate = Annotated[
    datetime,
    BeforeValidator(_order_date),
    WithJsonSchema({"type": "string", "minLength": 1}),
]
CarrierKey = Annotated[
    Carrier | None,
    BeforeValidator(_optional(_carrier)),
    WithJsonSchema(
        _nullable({"type": "string", "pattern": r"^\s*[A-Za-z0-9][A-Za-z0-9_.-]*:[A-Za-z]{2}\s*$"})
    ),
]
ServiceLevel = Annotated[
    CarrierService,
    BeforeValidator(_carrier_service),
    WithJsonSchema(_nullable({"type": "string", "enum": [s.value for s in CarrierService]})),
]
Parcels = Annotated[
    int,
    BeforeValidator(_parcels),
    WithJsonSchema(_nullable({"type": "integer", "minimum": 1, "maximum": MAX_PARCELS})),
]
Language = Annotated[
    str | None,
    BeforeValidator(_optional(_language)),
    WithJsonSchema(_nullable({"type": "string", "pattern": "^[A-Za-z]{2}$"})),
]
Email = Annotated[str, BeforeValidator(_email), WithJsonSchema(_nullable(_STRING))]
Tags = Annotated[
    dict[str, str],
    BeforeValidator(_tags),
    WithJsonSchema(_nullable({"type": "object", "additionalProperties": {"type": "string"}})),
]
