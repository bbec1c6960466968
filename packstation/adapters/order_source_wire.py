"""The merchant order document: its pydantic wire model, its rules and its published schema.

A merchant order document is what a shop exports for the station (docs/order-schema.md): one
JSON object per order, validated here and mapped at once onto ``domain.orders.MerchantOrder``.
Nothing pydantic leaves ``adapters/``.

Validation is strict about the documented fields and ignores everything else: a merchant may
export more than the station reads, but a quantity of ``"two"`` or a zip code sent as a number
(leading zeros lost) is refused with a plain message instead of guessed at. Every message is
written for the person who fixes the export, e.g. ``must be a whole number of at least 1,
got 'two'``; the location (file, line, field) is added by the reader that knows it.

Documents come in two flavours: JSON (numbers are JSON numbers) and text, for CSV cells, where
every value is a string and ``"2"`` is read as 2 (``text=True``). A date and time without a
zone is read as the station's local time (``local_zone``, default: the system's zone).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from packstation.domain.orders import (
    MerchantOrder,
    OrderLine,
    OrderListing,
    OrderSourceError,
    PackCode,
)
from packstation.domain.shipping import Address, Carrier, CarrierService

#: ``$id`` of the published schema (docs/order-schema.json).
SCHEMA_ID: Final = "https://packstation.example/schemas/merchant-order.json"


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


def _fail(message: str) -> PydanticCustomError:
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
# normalised value or raises ``_fail``. Optional fields go through ``_optional`` first.


def _text(value: Any, what: str = "text") -> str:
    if not isinstance(value, str):
        raise _fail(f"must be {what} (in quotes), got {describe(value)}")
    return value.strip()


def _required_text(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _fail("is required and must not be empty")
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
        raise _fail(message)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _is_text_mode(info) and _DIGITS.match(value.strip()):
        number = int(value.strip())
    else:
        raise _fail(message)
    if number < minimum or (maximum is not None and number > maximum):
        raise _fail(message)
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
        raise _fail(message)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _fail(message)
        amount = Decimal(repr(value))  # 19.9 -> Decimal("19.9"), not its binary expansion
    elif isinstance(value, str):
        text = value.strip()
        if _is_text_mode(info) and _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")  # a spreadsheet's decimal comma: "19,90"
        if not _DECIMAL.match(text):
            raise _fail(message)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise _fail(message) from None
    else:
        raise _fail(message)
    if amount < 0:
        raise _fail(message)
    return amount


def _order_date(value: Any, info: ValidationInfo) -> datetime:
    example = "like '2026-11-20T09:15:00+01:00'"
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _fail(f"is required: the date and time of the order {example}")
    text = _text(value, "an ISO 8601 date and time")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise _fail(f"must be an ISO 8601 date and time {example}, got {describe(value)}") from None
    if when.tzinfo is None:
        zone = _local_zone(info)
        when = when.replace(tzinfo=zone) if zone is not None else when.astimezone()
    return when


def _country(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "a country code").upper()
    if text not in COUNTRIES:
        raise _fail(f"must be a two-letter ISO 3166 country code like 'DE', got {describe(value)}")
    return text


def _required_country(value: Any, info: ValidationInfo) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _fail("is required: a two-letter ISO 3166 country code like 'DE'")
    return _country(value, info)


def _currency(value: Any, info: ValidationInfo) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "EUR"
    text = _text(value, "a currency code").upper()
    if text not in CURRENCIES:
        raise _fail(
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
        raise _fail(
            f"must be an EAN/GTIN of 8, 12, 13 or 14 digits like '4006381333931', "
            f"got {describe(value)}"
        )
    expected = gtin_check_digit(text[:-1])
    if int(text[-1]) != expected:
        raise _fail(
            f"has a wrong check digit: {text!r} should end in {expected} "
            "(a typing error, or not an EAN)"
        )
    return text


def _pack_barcode(value: Any, info: ValidationInfo) -> str:
    text = _required_text(value)
    if _DIGITS.match(text) and len(text) in (8, 12, 13, 14):
        expected = gtin_check_digit(text[:-1])
        if int(text[-1]) != expected:
            raise _fail(
                f"has a wrong check digit: {text!r} should end in {expected} "
                "(a typing error, or not an EAN/GTIN)"
            )
    return text


def _pack_units(value: Any, info: ValidationInfo) -> int:
    return _whole_number(value, info, minimum=2, maximum=MAX_PACK_UNITS)


def _packs(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise _fail(
            f'must be a list of packs like [{{"barcode": "14006381333938", "units": 6}}], '
            f"got {describe(value)}"
        )
    for pack in value:
        if not isinstance(pack, Mapping):
            raise _fail(f"must be a list of pack objects, but one is {describe(pack)}")
    return value


def _hs_code(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "text of digits")
    digits = text.replace(" ", "").replace(".", "")
    if not _DIGITS.match(digits) or not 6 <= len(digits) <= 10:
        raise _fail(
            "must be a customs tariff number of 6 to 10 digits like '610910', "
            f"got {describe(value)}"
        )
    return digits


def _url(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "a web address")
    if not _URL.match(text):
        raise _fail(
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
        raise _fail(message) from None
    if not _CARRIER_NAME.match(carrier.name) or carrier.country not in COUNTRIES:
        raise _fail(message)
    return carrier


def _carrier_service(value: Any, info: ValidationInfo) -> CarrierService:
    if value is None or (isinstance(value, str) and not value.strip()):
        return CarrierService.STANDARD
    text = _text(value).lower()
    try:
        return CarrierService(text)
    except ValueError:
        choices = ", ".join(repr(s.value) for s in CarrierService)
        raise _fail(f"must be one of {choices}, got {describe(value)}") from None


def _language(value: Any, info: ValidationInfo) -> str:
    text = _text(value, "a language code")
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise _fail(
            f"must be a two-letter ISO 639-1 language code like 'de', got {describe(value)}"
        )
    return text.lower()


def _email(value: Any, info: ValidationInfo) -> str:
    if value is None:
        return ""
    text = _text(value)
    if text and not _EMAIL.match(text):
        raise _fail(f"must be an e-mail address like 'anna@example.de', got {describe(value)}")
    return text


def _tags(value: Any, info: ValidationInfo) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _fail(f'must be an object of texts like {{"channel": "web"}}, got {describe(value)}')
    tags: dict[str, str] = {}
    for key, tag in value.items():
        if not isinstance(tag, str):
            raise _fail(f"must hold only texts, but {key!r} is {describe(tag)}")
        tags[str(key)] = tag
    return tags


def _object(value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise _fail(f"must be an object {{...}}, got {describe(value)}")
    return value


def _items(value: Any) -> Any:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise _fail(f"must be a list of items [...], got {describe(value)}")
    if not value:
        raise _fail("must list at least one item")
    for item in value:
        if not isinstance(item, Mapping):
            raise _fail(f"must be a list of item objects, but one is {describe(item)}")
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


# --------------------------------------------------------------------------- the models


class _Document(BaseModel):
    # Unknown fields are ignored (an export may carry more than the station reads).
    model_config = ConfigDict(
        extra="ignore",
        frozen=True,
        arbitrary_types_allowed=True,
        field_title_generator=lambda name, _info: name,
    )


class RecipientDocument(_Document):
    """Who receives the parcel."""

    model_config = ConfigDict(title="Recipient")

    first_name: Annotated[RequiredText, Field(examples=["Anna"])]
    last_name: Annotated[RequiredText, Field(examples=["Müller"])]
    company_name: Annotated[FreeText, Field(description="Company, for business addresses.")] = ""
    email: Annotated[Email, Field(description="For the carrier's delivery notices.")] = ""
    phone: Annotated[FreeText, Field(examples=["+49 30 1234567"])] = ""
    street: Annotated[RequiredText, Field(examples=["Schwedter Str."])]
    house_no: Annotated[FreeText, Field(examples=["36A"])] = ""
    address_details: Annotated[
        FreeText, Field(description="Floor, door, c/o ...", examples=["Top 12"])
    ] = ""
    zip: Annotated[
        RequiredText,
        Field(description="Postal code, as text (leading zeros matter).", examples=["10435"]),
    ]
    city: Annotated[RequiredText, Field(examples=["Berlin"])]
    country: Annotated[
        CountryCode,
        Field(description="ISO 3166-1 alpha-2; read in capitals.", examples=["DE"]),
    ]


class PackDocument(_Document):
    """An outer pack of the item: scanning its barcode counts its units at once."""

    model_config = ConfigDict(title="Pack")

    barcode: Annotated[
        PackBarcode,
        Field(
            description="The barcode printed on the pack: an EAN/GTIN (often a GTIN-14 with "
            "packaging indicator 1 to 8; the check digit is verified) or other text.",
            examples=["14006381333938"],
        ),
    ]
    units: Annotated[
        PackUnits, Field(description="Units of the item in the pack, at least 2.", examples=[6])
    ]


class OrderItemDocument(_Document):
    """One order line: a product and how many of it."""

    model_config = ConfigDict(title="Item")

    sku: Annotated[RequiredText, Field(description="The merchant's article number.")]
    name: Annotated[RequiredText, Field(description="What the packer sees on screen.")]
    quantity: Annotated[Quantity, Field(description="Units ordered, at least 1.")]
    ean: Annotated[
        Ean,
        Field(
            description="EAN-8, UPC-A, EAN-13 or GTIN-14 printed on the product; the check "
            "digit is verified. The station accepts a scan of it as this item.",
            examples=["4006381333931"],
        ),
    ] = None
    weight_g: Annotated[WeightGrams, Field(description="Weight of one unit in grams.")] = None
    unit_value: Annotated[
        Amount,
        Field(
            description="Value of one unit (customs), a decimal string or a number.",
            examples=["19.90"],
        ),
    ] = None
    currency: Annotated[
        Currency, Field(description="ISO 4217 code of unit_value; EUR when absent.")
    ] = "EUR"
    hs_code: Annotated[
        HsCode,
        Field(
            description="Customs tariff number, 6 to 10 digits (spaces and dots are ignored).",
            examples=["610910"],
        ),
    ] = None
    origin_country: Annotated[
        OptionalCountryCode, Field(description="Country of origin, ISO 3166-1 alpha-2.")
    ] = None
    image_url: Annotated[Url, Field(description="Product picture for the packing screen.")] = None
    packs: Annotated[
        list[PackDocument],
        BeforeValidator(_packs),
        Field(
            default_factory=list,
            description="Outer packs of the item (a 6-pack, a case): scanning one counts its "
            "units; a pack holding more than are still open is refused as a whole.",
        ),
    ]

    @model_validator(mode="after")
    def _packs_differ(self) -> OrderItemDocument:
        seen: set[str] = set()
        own = {self.ean.lstrip("0")} if self.ean else set()
        for pack in self.packs:
            key = pack.barcode.lstrip("0") if pack.barcode.isdigit() else pack.barcode.casefold()
            if key in own:
                raise _fail(
                    f"pack barcode {pack.barcode!r} is the item's own EAN; a pack needs its own "
                    "barcode"
                )
            if key in seen:
                raise _fail(f"pack barcode {pack.barcode!r} is listed twice")
            seen.add(key)
        return self


class MerchantOrderDocument(_Document):
    """One merchant order as the station reads it."""

    model_config = ConfigDict(
        title="Merchant order",
        json_schema_extra={
            "description": (
                "One order exported by the merchant for the packstation (docs/order-schema.md). "
                "Fields not listed here are ignored."
            )
        },
    )

    order_id: Annotated[
        RequiredText,
        Field(description="The shop's order number, also the order barcode.", examples=["A100"]),
    ]
    order_date: Annotated[
        OrderDate,
        Field(
            description="ISO 8601 date and time; without a zone it is read as the station's "
            "local time, a bare date as local midnight.",
            examples=["2026-11-20T09:15:00+01:00"],
        ),
    ]
    order_url: Annotated[Url, Field(description="Link to the order in the shop's back office.")] = (
        None
    )
    language: Annotated[
        Language, Field(description="ISO 639-1 language of the recipient.", examples=["de"])
    ] = None
    carrier: Annotated[
        CarrierKey,
        Field(
            description="Carrier and the country of its hub, 'name:CC'; when absent the "
            "station's configured carrier is used.",
            examples=["dhl:DE"],
        ),
    ] = None
    carrier_service: Annotated[ServiceLevel, Field(description="Service level.")] = (
        CarrierService.STANDARD
    )
    pudo_id: Annotated[
        OptionalText,
        Field(description="Pick-up/drop-off point chosen by the recipient.", examples=["004694"]),
    ] = None
    parcels: Annotated[Parcels, Field(description="Number of parcels, 1 to 99.")] = 1
    tags: Annotated[Tags, Field(default_factory=dict, description="Free labels, texts only.")]
    recipient: Annotated[RecipientDocument, BeforeValidator(_object)]
    items: Annotated[
        list[OrderItemDocument],
        BeforeValidator(_items),
        Field(description="The order lines, at least one.", min_length=1),
    ]

    def to_domain(self) -> MerchantOrder:
        r = self.recipient
        return MerchantOrder(
            order_id=self.order_id,
            order_date=self.order_date,
            recipient=Address(
                first_name=r.first_name,
                last_name=r.last_name,
                street=r.street,
                zip=r.zip,
                city=r.city,
                country=r.country,
                house_no=r.house_no,
                address_details=r.address_details,
                email=r.email,
                phone=r.phone,
                company_name=r.company_name,
            ),
            lines=tuple(
                OrderLine(
                    sku=i.sku,
                    name=i.name,
                    quantity=i.quantity,
                    ean=i.ean,
                    weight_g=i.weight_g,
                    unit_value=i.unit_value,
                    currency=i.currency,
                    hs_code=i.hs_code,
                    origin_country=i.origin_country,
                    image_url=i.image_url,
                    packs=tuple(PackCode(p.barcode, p.units) for p in i.packs),
                )
                for i in self.items
            ),
            order_url=self.order_url,
            language=self.language,
            carrier=self.carrier,
            carrier_service=self.carrier_service,
            pudo_id=self.pudo_id,
            parcels=self.parcels,
            tags=dict(self.tags),
        )


# --------------------------------------------------------------------------- validation

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem in one document: where (a path of keys and indexes) and what."""

    path: FieldPath
    message: str


class DocumentInvalid(Exception):
    """A document broke the rules; ``problems`` lists every field that did."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__("; ".join(f"{dotted(p.path)}: {p.message}" for p in problems))
        self.problems = tuple(problems)


def dotted(path: FieldPath, prefix: str = "") -> str:
    """``("items", 1, "quantity")`` → ``items[1].quantity`` (indexes count from 0, as in jq)."""
    text = prefix
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _plain(error: Mapping[str, Any]) -> str:
    kind = error.get("type")
    if kind == "order_field":
        return str(error["ctx"]["reason"])
    if kind == "missing":
        return "is required"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be an object {{...}}, got {describe(error.get('input'))}"
    return str(error.get("msg", "is not valid"))


def validate_order(
    data: Any, *, text: bool = False, local_zone: tzinfo | None = None
) -> MerchantOrder:
    """Check one document and map it to the domain; raises ``DocumentInvalid`` (all problems)."""
    if not isinstance(data, Mapping):
        raise DocumentInvalid(
            [FieldProblem((), f"must be an order object {{...}}, got {describe(data)}")]
        )
    try:
        document = MerchantOrderDocument.model_validate(
            data, context={"text": text, "local_zone": local_zone}
        )
    except ValidationError as exc:
        raise DocumentInvalid(
            [FieldProblem(tuple(e["loc"]), _plain(e)) for e in exc.errors(include_url=False)]
        ) from None
    return document.to_domain()


def order_id_of(data: Any) -> str | None:
    """The order id a (possibly invalid) document claims, if it names one."""
    if isinstance(data, Mapping):
        value = data.get("order_id")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


# --------------------------------------------------------------------------- payloads


@dataclass(frozen=True, slots=True)
class PayloadEntry:
    """One order of a payload: the order, or the errors of its document.

    ``order_id`` is what the document claims (``None`` if it names none); ``where`` says where
    in its file or answer it is (``"[3]"``, ``"line 7"``; ``""`` for the whole of it).
    """

    order_id: str | None
    order: MerchantOrder | None
    errors: tuple[OrderSourceError, ...] = ()
    where: str = ""


def orders_in_payload(
    payload: Any, source: str, *, local_zone: tzinfo | None = None
) -> list[PayloadEntry]:
    """Read a JSON payload: one order object, a list of orders, or ``{"orders": [...]}``.

    ``source`` names where it came from (a file name or URL) and starts every location.
    Raises ``OrderSourceError`` only when the payload as a whole is of the wrong shape.
    """
    documents: list[tuple[str, Any]]
    if isinstance(payload, list):
        documents = [(f"[{i}]", d) for i, d in enumerate(payload)]
    elif isinstance(payload, Mapping) and "orders" in payload and "order_id" not in payload:
        inner = payload["orders"]
        if not isinstance(inner, list):
            raise OrderSourceError(
                f"must be a list of orders, got {describe(inner)}", f"{source}: orders"
            )
        documents = [(f"orders[{i}]", d) for i, d in enumerate(inner)]
    elif isinstance(payload, Mapping):
        documents = [("", payload)]
    else:
        raise OrderSourceError(
            'must hold an order object {...}, a list of orders [...] or {"orders": [...]}, '
            f"got {describe(payload)}",
            source,
        )
    entries: list[PayloadEntry] = []
    for prefix, data in documents:
        order_id = order_id_of(data)
        try:
            order = validate_order(data, local_zone=local_zone)
        except DocumentInvalid as exc:
            errors = tuple(
                OrderSourceError(p.message, f"{source}: {dotted(p.path, prefix) or '(the order)'}")
                for p in exc.problems
            )
            entries.append(PayloadEntry(order_id, None, errors, prefix))
        else:
            entries.append(PayloadEntry(order.order_id, order, (), prefix))
    return entries


class OrderIndex:
    """The orders of one source (every file of a folder, or one feed answer) by order id.

    An order id found in more than one place is an error naming every place: the station
    cannot tell which one is right. ``problems`` are the source's problems that belong to no
    order (an unreadable file, a CSV line without an order id).
    """

    def __init__(self) -> None:
        self._by_id: dict[str, list[tuple[str, PayloadEntry]]] = {}
        self.problems: list[OrderSourceError] = []

    def add(self, source: str, entry: PayloadEntry) -> None:
        if entry.order_id is None:
            self.problems.extend(entry.errors)
            return
        place = f"{source} {entry.where}" if entry.where else source
        self._by_id.setdefault(entry.order_id, []).append((place, entry))

    def __contains__(self, order_id: object) -> bool:
        return order_id in self._by_id

    def lookup(self, order_id: str) -> MerchantOrder | OrderSourceError | None:
        """The order, the error that stands for it, or ``None`` when no document names it."""
        found = self._by_id.get(order_id)
        if not found:
            return None
        if len(found) > 1:
            return self._duplicate(order_id, found)
        entry = found[0][1]
        if entry.order is not None:
            return entry.order
        return entry.errors[0]

    def listing(self) -> OrderListing:
        orders: list[MerchantOrder] = []
        problems = list(self.problems)
        for order_id in sorted(self._by_id):
            found = self._by_id[order_id]
            if len(found) > 1:
                problems.append(self._duplicate(order_id, found))
            elif found[0][1].order is not None:
                orders.append(found[0][1].order)
            else:
                problems.extend(found[0][1].errors)
        return OrderListing(tuple(orders), tuple(problems))

    @staticmethod
    def _duplicate(order_id: str, found: list[tuple[str, PayloadEntry]]) -> OrderSourceError:
        places = " and ".join(place for place, _ in found)
        return OrderSourceError(
            f"order {order_id} is there {len(found)} times; it must be in one place only",
            places,
        )


def json_error_message(exc: json.JSONDecodeError) -> tuple[str, str]:
    """``(location suffix, message)`` for a JSON syntax error, e.g. ``line 5 column 3``."""
    return f"line {exc.lineno} column {exc.colno}", f"is not valid JSON ({exc.msg})"


# --------------------------------------------------------------------------- back to a document


def order_to_document(order: MerchantOrder) -> dict[str, Any]:
    """The document that reads back as ``order`` (examples, tests, a feed of our own)."""
    r = order.recipient
    return {
        "order_id": order.order_id,
        "order_date": order.order_date.isoformat(),
        "order_url": order.order_url,
        "language": order.language,
        "carrier": str(order.carrier) if order.carrier else None,
        "carrier_service": order.carrier_service.value,
        "pudo_id": order.pudo_id,
        "parcels": order.parcels,
        "tags": dict(order.tags),
        "recipient": {
            "first_name": r.first_name,
            "last_name": r.last_name,
            "company_name": r.company_name,
            "email": r.email,
            "phone": r.phone,
            "street": r.street,
            "house_no": r.house_no,
            "address_details": r.address_details,
            "zip": r.zip,
            "city": r.city,
            "country": r.country,
        },
        "items": [
            {
                "sku": line.sku,
                "ean": line.ean,
                "name": line.name,
                "quantity": line.quantity,
                "weight_g": line.weight_g,
                "unit_value": str(line.unit_value) if line.unit_value is not None else None,
                "currency": line.currency,
                "hs_code": line.hs_code,
                "origin_country": line.origin_country,
                "image_url": line.image_url,
            }
            | (
                {"packs": [{"barcode": p.barcode, "units": p.units} for p in line.packs]}
                if line.packs
                else {}
            )
            for line in order.lines
        ],
    }


# --------------------------------------------------------------------------- the schema


def order_schema() -> dict[str, Any]:
    """The published JSON Schema of one merchant order document (docs/order-schema.json)."""
    schema = MerchantOrderDocument.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def order_schema_json() -> str:
    """``order_schema()`` as the committed file holds it (stable key order, final newline)."""
    return json.dumps(order_schema(), indent=2, ensure_ascii=False) + "\n"
