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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Annotated, Any, Final

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from packstation.adapters.order_source_fields import (
    Amount,
    CarrierKey,
    CountryCode,
    Currency,
    Ean,
    Email,
    FreeText,
    HsCode,
    Language,
    OptionalCountryCode,
    OptionalText,
    OrderDate,
    PackBarcode,
    PackUnits,
    Parcels,
    Quantity,
    RequiredText,
    ServiceLevel,
    Tags,
    Url,
    WeightGrams,
    describe,
    item_list,
    json_object,
    pack_list,
    refuse,
)
from packstation.domain.orders import (
    MerchantOrder,
    OrderLine,
    OrderListing,
    OrderSourceError,
    PackCode,
)
from packstation.domain.shipping import Address, CarrierService

#: ``$id`` of the published schema (docs/order-schema.json).
SCHEMA_ID: Final = "https://packstation.example/schemas/merchant-order.json"


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
        BeforeValidator(pack_list),
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
                raise refuse(
                    f"pack barcode {pack.barcode!r} is the item's own EAN; a pack needs its own "
                    "barcode"
                )
            if key in seen:
                raise refuse(f"pack barcode {pack.barcode!r} is listed twice")
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
    recipient: Annotated[RecipientDocument, BeforeValidator(json_object)]
    items: Annotated[
        list[OrderItemDocument],
        BeforeValidator(item_list),
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
