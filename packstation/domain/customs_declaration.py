"""A parcel's customs declaration: the editable draft, its validation, and its records.

The station pre-fills one draft per parcel from the merchant order and the product data; the
packer (or the headless command) only confirms or fixes it. ``validate_draft`` points at every
field that would be refused before anything is sent. A valid draft becomes the 7S customs
shipment request (``to_request``) and, where documents are needed, the commercial invoice.

Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from packstation.domain.customs import INCOTERMS_2020, CustomsKind, normalise_country
from packstation.domain.shipping import Address, CustomsArticle, CustomsShipmentRequest

#: ISO 3166-1 alpha-2 (all 249 assigned codes) plus XK (Kosovo, user-assigned, used by the EU).
_ISO_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
    BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
    ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ
    LA LB LC LI LK LR LS LT LU LV LY
    MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA
    RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
    TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ
    VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
"""
ISO_COUNTRIES: frozenset[str] = frozenset(_ISO_CODES.split())

_KG = Decimal("0.001")
_MONEY = Decimal("0.01")


class DeclarationStatus(StrEnum):
    """Where one parcel's customs declaration stands."""

    NEEDS_DATA = "needs_data"  # fields are missing or invalid: fix them, nothing was sent
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # complete; the packer confirms it first
    QUEUED = "queued"  # in the outbox: pending until Seven Senders accepts it
    ACCEPTED = "accepted"  # Seven Senders holds the customs shipment
    REFUSED = "refused"  # Seven Senders refused it for good: fix and submit again
    DOCUMENTS = "documents"  # documents only: the commercial invoice is made (and printed)
    MANIFESTED = "manifested"  # in a posted manifest: can no longer change
    WITHDRAWN = "withdrawn"  # taken back (deleted at 7S) before its label was voided

    @property
    def open(self) -> bool:
        """Something is still to be done by someone (the packer, 7S or the shift lead)."""
        return self in (
            DeclarationStatus.NEEDS_DATA,
            DeclarationStatus.AWAITING_CONFIRMATION,
            DeclarationStatus.QUEUED,
            DeclarationStatus.REFUSED,
        )


@dataclass(frozen=True, slots=True)
class DraftArticle:
    """One line of a declaration; empty strings and None are fields still to fill in."""

    sku: str
    description: str
    hs_code: str
    quantity: int
    unit_value: Decimal | None
    currency: str
    net_weight_kg: Decimal | None  # per unit
    country_of_origin: str

    @property
    def line_value(self) -> Decimal | None:
        return None if self.unit_value is None else self.unit_value * self.quantity

    @property
    def line_weight_kg(self) -> Decimal | None:
        return None if self.net_weight_kg is None else self.net_weight_kg * self.quantity

    def normalised(self) -> DraftArticle:
        """Spaces and dots out of the HS code, upper-case codes, trimmed text."""
        return replace(
            self,
            sku=self.sku.strip(),
            description=" ".join(self.description.split()),
            hs_code=re.sub(r"[\s.]", "", self.hs_code),
            currency=self.currency.strip().upper(),
            country_of_origin=normalise_country(self.country_of_origin),
        )


@dataclass(frozen=True, slots=True)
class CustomsDraft:
    """One parcel's declaration as the dialog shows it and the packer confirms it."""

    order_id: str
    parcel_no: int
    parcel_count: int
    shipment_id: str
    tracking_code: str
    kind: CustomsKind
    destination_country: str
    incoterm: str
    invoice_id: str
    invoice_date: datetime
    planned_pickup: datetime | None
    departure_country: str
    articles: tuple[DraftArticle, ...]
    parcel_weight_g: int | None = None
    territory: str = ""  # e.g. "Canary Islands", for the dialog and the invoice
    reason: str = ""  # the rule's reason text

    @property
    def currency(self) -> str:
        currencies = {a.currency for a in self.articles if a.currency}
        return currencies.pop() if len(currencies) == 1 else ""

    @property
    def total_value(self) -> Decimal:
        return sum((a.line_value or Decimal(0) for a in self.articles), Decimal(0))

    @property
    def total_net_weight_kg(self) -> Decimal:
        return sum((a.line_weight_kg or Decimal(0) for a in self.articles), Decimal(0))

    @property
    def units(self) -> int:
        return sum(a.quantity for a in self.articles)

    def normalised(self) -> CustomsDraft:
        return replace(
            self,
            incoterm=self.incoterm.strip().upper(),
            invoice_id=self.invoice_id.strip(),
            departure_country=normalise_country(self.departure_country),
            destination_country=normalise_country(self.destination_country),
            tracking_code=self.tracking_code.strip(),
            articles=tuple(a.normalised() for a in self.articles),
        )


class DraftIssue(StrEnum):
    """Which problem of the ``articles`` field (the other fields have one problem each)."""

    NO_ARTICLES = "no_articles"
    MIXED_CURRENCIES = "mixed_currencies"
    NET_OVER_PARCEL = "net_over_parcel"  # net_g, parcel_g


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A field that would be refused: ``field`` is a path ("articles[1].hs_code"); ``message``
    the English sentence (log, command line). The window words a field's problem from the field
    and the draft; ``about`` says which problem when one field has several (``articles``), with
    its weights in grams."""

    field: str
    message: str
    about: DraftIssue | None = None
    net_g: int = 0
    parcel_g: int = 0

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def validate_draft(draft: CustomsDraft) -> tuple[FieldProblem, ...]:
    """Every missing or invalid field of a draft (empty when it may be sent)."""
    d = draft.normalised()
    problems: list[FieldProblem] = []

    def add(path: str, message: str) -> None:
        problems.append(FieldProblem(path, message))

    if not d.shipment_id:
        add("shipment_id", "no Seven Senders shipment: the label is not bought yet")
    if not d.tracking_code:
        add("tracking_code", "missing (it comes from the label)")
    if d.incoterm not in INCOTERMS_2020:
        add("incoterm", f"{d.incoterm or 'missing'}: not an Incoterms 2020 code")
    if not d.invoice_id:
        add("invoice_id", "missing")
    elif "/" in d.invoice_id or len(d.invoice_id) > 35:
        add("invoice_id", "at most 35 characters, without '/'")
    if d.departure_country not in ISO_COUNTRIES:
        add("departure_country", f"{d.departure_country or 'missing'}: not a country code")
    if d.kind is CustomsKind.SEVEN_SENDERS_CUSTOMS and d.planned_pickup is None:
        add("planned_pickup", "missing: no pick-up time is configured (setting pickup_schedule)")
    if not d.articles:
        problems.append(
            FieldProblem("articles", "at least one article is needed", DraftIssue.NO_ARTICLES)
        )
    for i, a in enumerate(d.articles):
        where = f"articles[{i}]"
        name = f"article {i + 1} ({a.sku or 'no SKU'})"
        if not a.sku:
            add(f"{where}.sku", f"{name}: SKU missing")
        if not a.description:
            add(f"{where}.description", f"{name}: description of the goods missing")
        if not a.hs_code:
            add(f"{where}.hs_code", f"{name}: HS code missing")
        elif not re.fullmatch(r"\d{6,10}", a.hs_code):
            add(f"{where}.hs_code", f"{name}: HS code {a.hs_code!r} must be 6 to 10 digits")
        if a.quantity < 1:
            add(f"{where}.quantity", f"{name}: quantity must be at least 1")
        if a.unit_value is None:
            add(f"{where}.unit_value", f"{name}: value missing")
        elif a.unit_value <= 0:
            add(f"{where}.unit_value", f"{name}: value must be more than 0")
        if not re.fullmatch(r"[A-Z]{3}", a.currency):
            add(f"{where}.currency", f"{name}: currency {a.currency!r} is not a 3-letter code")
        if a.net_weight_kg is None:
            add(f"{where}.net_weight_kg", f"{name}: net weight missing")
        elif a.net_weight_kg <= 0:
            add(f"{where}.net_weight_kg", f"{name}: net weight must be more than 0")
        if not a.country_of_origin:
            add(f"{where}.country_of_origin", f"{name}: country of origin missing")
        elif a.country_of_origin not in ISO_COUNTRIES:
            add(
                f"{where}.country_of_origin",
                f"{name}: country of origin {a.country_of_origin!r} is not a known country",
            )
    if len({a.currency for a in d.articles if a.currency}) > 1:
        problems.append(
            FieldProblem(
                "articles",
                "all values of one declaration must be in one currency",
                DraftIssue.MIXED_CURRENCIES,
            )
        )
    if d.parcel_weight_g is not None and all(a.net_weight_kg is not None for a in d.articles):
        net_g = d.total_net_weight_kg * 1000
        if net_g > d.parcel_weight_g:
            problems.append(
                FieldProblem(
                    "articles",
                    f"the net weights add up to {_kg(d.total_net_weight_kg)} kg, more than the "
                    f"parcel's weight of {_kg(Decimal(d.parcel_weight_g) / 1000)} kg",
                    DraftIssue.NET_OVER_PARCEL,
                    net_g=int(net_g.to_integral_value(rounding=ROUND_HALF_UP)),
                    parcel_g=d.parcel_weight_g,
                )
            )
    return tuple(problems)


def _kg(value: Decimal) -> str:
    return f"{value.quantize(_KG, rounding=ROUND_HALF_UP)}"


def to_request(draft: CustomsDraft) -> CustomsShipmentRequest:
    """The 7S customs shipment for a valid draft (``ValueError`` naming the problems if not)."""
    problems = validate_draft(draft)
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    d = draft.normalised()
    assert d.planned_pickup is not None or d.kind is not CustomsKind.SEVEN_SENDERS_CUSTOMS
    return CustomsShipmentRequest(
        shipment_id=d.shipment_id,
        order_id=d.order_id,
        incoterm=d.incoterm,
        tracking_code=d.tracking_code,
        planned_pickup=d.planned_pickup or d.invoice_date,
        departure_country=d.departure_country,
        articles=tuple(
            CustomsArticle(
                sku=a.sku,
                description=a.description,
                hs_code=a.hs_code,
                quantity=a.quantity,
                unit_value=(a.unit_value or Decimal(0)).quantize(_MONEY, ROUND_HALF_UP),
                currency=a.currency,
                net_weight_kg=(a.net_weight_kg or Decimal(0)).quantize(_KG, ROUND_HALF_UP),
                country_of_origin=a.country_of_origin,
            )
            for a in d.articles
        ),
        invoice_id=d.invoice_id,
        invoice_date=d.invoice_date,
    )


def invoice_id_for(order_id: str, parcel_no: int, generation: int = 0) -> str:
    """The parcel's invoice id: deterministic, unique within the order, without '/'.

    ``{order id}-P{parcel}`` (plus ``-V{generation}`` for a replacement label), so a retried,
    resumed or re-built declaration always carries the same invoice id.
    """
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", order_id).strip("-") or "order"
    text = f"{base}-P{parcel_no}"
    return f"{text}-V{generation}" if generation else text


# ---------------------------------------------------------------------- articles per parcel


@dataclass(frozen=True, slots=True)
class ParcelSpace:
    """A parcel to fill: its number and its weight in grams (None: not weighed)."""

    number: int
    weight_g: int | None


def allocate_units(
    unit_weights_g: Sequence[tuple[int, int | None]],
    parcels: Sequence[ParcelSpace],
) -> dict[int, dict[int, int]]:
    """Which units of which line go into which parcel: ``{parcel: {line index: quantity}}``.

    ``unit_weights_g`` is ``(quantity, weight per unit)`` per order line. One parcel takes
    everything. For several, the station does not know what the packer put where, so it makes
    a deterministic guess the packer can correct in the dialog: heaviest units first, each into
    the first parcel it still fits (by the parcels' weights), else into the parcel with the
    most room left (or the lightest so far when parcels were not weighed).
    """
    if not parcels:
        return {}
    result: dict[int, dict[int, int]] = {p.number: {} for p in parcels}
    if len(parcels) == 1:
        only = parcels[0].number
        result[only] = {i: q for i, (q, _) in enumerate(unit_weights_g) if q > 0}
        return result
    units = [(w or 0, i) for i, (quantity, w) in enumerate(unit_weights_g) for _ in range(quantity)]
    units.sort(key=lambda u: (-u[0], u[1]))
    filled = {p.number: 0 for p in parcels}
    counts = {p.number: 0 for p in parcels}
    weighed = all(p.weight_g is not None for p in parcels)
    for weight, line in units:
        target: int | None = None
        if weighed and weight > 0:
            for p in parcels:
                assert p.weight_g is not None
                if filled[p.number] + weight <= p.weight_g:
                    target = p.number
                    break
            if target is None:
                target = max(parcels, key=lambda p: (p.weight_g or 0) - filled[p.number]).number
        else:
            target = min(parcels, key=lambda p: (filled[p.number], counts[p.number])).number
        filled[target] += weight
        counts[target] += 1
        result[target][line] = result[target].get(line, 0) + 1
    return result


# ---------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class CustomsDeclaration:
    """One parcel's declaration as the station keeps it (keyed by the 7S shipment id)."""

    shipment_id: str
    order_id: str
    parcel_no: int
    parcel_count: int
    cycle_id: str
    kind: CustomsKind
    status: DeclarationStatus
    draft: CustomsDraft
    problems: tuple[FieldProblem, ...] = ()
    customs_id: str | None = None  # the 7S customs shipment id, once accepted
    manifest_id: str | None = None
    invoice_path: str | None = None
    note: str = ""  # the last refusal or printing problem, in plain words
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def tracking_code(self) -> str:
        return self.draft.tracking_code

    @property
    def planned_pickup(self) -> datetime | None:
        return self.draft.planned_pickup


class ManifestStatus(StrEnum):
    INTENT = "intent"  # journalled before the POST; looked up before any retry
    POSTED = "posted"  # Seven Senders has it: it can no longer change
    REFUSED = "refused"  # Seven Senders refused it; its id was never used there


@dataclass(frozen=True, slots=True)
class ManifestRecord:
    """A customs manifest as the station keeps it."""

    manifest_id: str
    pickup: datetime | None
    shipment_ids: tuple[str, ...]
    pieces: int
    status: ManifestStatus
    created_at: datetime
    sevensenders_id: str | None = None
    reference: str | None = None
    comment: str | None = None
    note: str = ""
    posted_at: datetime | None = None


# ---------------------------------------------------------------------- plain forms


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def draft_to_plain(draft: CustomsDraft) -> dict[str, Any]:
    """The draft as plain JSON values (for the outbox, the store and ``--json``)."""
    return {
        "order_id": draft.order_id,
        "parcel_no": draft.parcel_no,
        "parcel_count": draft.parcel_count,
        "shipment_id": draft.shipment_id,
        "tracking_code": draft.tracking_code,
        "kind": draft.kind.value,
        "destination_country": draft.destination_country,
        "incoterm": draft.incoterm,
        "invoice_id": draft.invoice_id,
        "invoice_date": draft.invoice_date.isoformat(),
        "planned_pickup": draft.planned_pickup.isoformat() if draft.planned_pickup else None,
        "departure_country": draft.departure_country,
        "parcel_weight_g": draft.parcel_weight_g,
        "territory": draft.territory,
        "reason": draft.reason,
        "articles": [
            {
                "sku": a.sku,
                "description": a.description,
                "hs_code": a.hs_code,
                "quantity": a.quantity,
                "unit_value": None if a.unit_value is None else str(a.unit_value),
                "currency": a.currency,
                "net_weight_kg": None if a.net_weight_kg is None else str(a.net_weight_kg),
                "country_of_origin": a.country_of_origin,
            }
            for a in draft.articles
        ],
    }


def draft_from_plain(data: Mapping[str, Any]) -> CustomsDraft:
    pickup = data.get("planned_pickup")
    weight = data.get("parcel_weight_g")
    return CustomsDraft(
        order_id=str(data["order_id"]),
        parcel_no=int(data["parcel_no"]),
        parcel_count=int(data["parcel_count"]),
        shipment_id=str(data.get("shipment_id") or ""),
        tracking_code=str(data.get("tracking_code") or ""),
        kind=CustomsKind(str(data["kind"])),
        destination_country=str(data.get("destination_country") or ""),
        incoterm=str(data.get("incoterm") or ""),
        invoice_id=str(data.get("invoice_id") or ""),
        invoice_date=datetime.fromisoformat(str(data["invoice_date"])),
        planned_pickup=datetime.fromisoformat(str(pickup)) if pickup else None,
        departure_country=str(data.get("departure_country") or ""),
        parcel_weight_g=int(weight) if weight is not None else None,
        territory=str(data.get("territory") or ""),
        reason=str(data.get("reason") or ""),
        articles=tuple(
            DraftArticle(
                sku=str(a.get("sku") or ""),
                description=str(a.get("description") or ""),
                hs_code=str(a.get("hs_code") or ""),
                quantity=int(a.get("quantity") or 0),
                unit_value=_dec(a.get("unit_value")),
                currency=str(a.get("currency") or ""),
                net_weight_kg=_dec(a.get("net_weight_kg")),
                country_of_origin=str(a.get("country_of_origin") or ""),
            )
            for a in data.get("articles", [])
        ),
    )


def request_to_plain(request: CustomsShipmentRequest) -> dict[str, Any]:
    """A customs shipment request as plain JSON values (the outbox payload)."""
    return {
        "shipment_id": request.shipment_id,
        "order_id": request.order_id,
        "incoterm": request.incoterm,
        "tracking_code": request.tracking_code,
        "planned_pickup": request.planned_pickup.isoformat(),
        "departure_country": request.departure_country,
        "invoice_id": request.invoice_id,
        "invoice_date": request.invoice_date.isoformat() if request.invoice_date else None,
        "return_tracking_code": request.return_tracking_code,
        "articles": [
            {
                "sku": a.sku,
                "description": a.description,
                "hs_code": a.hs_code,
                "quantity": a.quantity,
                "unit_value": str(a.unit_value),
                "currency": a.currency,
                "net_weight_kg": str(a.net_weight_kg),
                "country_of_origin": a.country_of_origin,
            }
            for a in request.articles
        ],
    }


def request_from_plain(data: Mapping[str, Any]) -> CustomsShipmentRequest:
    invoice_date = data.get("invoice_date")
    return CustomsShipmentRequest(
        shipment_id=str(data["shipment_id"]),
        order_id=str(data["order_id"]),
        incoterm=str(data["incoterm"]),
        tracking_code=str(data["tracking_code"]),
        planned_pickup=datetime.fromisoformat(str(data["planned_pickup"])),
        departure_country=str(data["departure_country"]),
        invoice_id=str(data["invoice_id"]) if data.get("invoice_id") else None,
        invoice_date=datetime.fromisoformat(str(invoice_date)) if invoice_date else None,
        return_tracking_code=(
            str(data["return_tracking_code"]) if data.get("return_tracking_code") else None
        ),
        articles=tuple(
            CustomsArticle(
                sku=str(a["sku"]),
                description=str(a["description"]),
                hs_code=str(a["hs_code"]),
                quantity=int(a["quantity"]),
                unit_value=Decimal(str(a["unit_value"])),
                currency=str(a["currency"]),
                net_weight_kg=Decimal(str(a["net_weight_kg"])),
                country_of_origin=str(a["country_of_origin"]),
            )
            for a in data.get("articles", [])
        ),
    )


# ---------------------------------------------------------------------- the commercial invoice

#: Languages the commercial invoice is printed in (English is the fallback).
INVOICE_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "it", "es")

#: The languages of destinations, first the default (only those the invoice is printed in).
_COUNTRY_LANGUAGES: Mapping[str, tuple[str, ...]] = {
    "DE": ("de",), "AT": ("de",), "LI": ("de",), "CH": ("de", "fr", "it"),
    "LU": ("fr", "de"), "BE": ("fr", "de"), "FR": ("fr",), "MC": ("fr",),
    "GP": ("fr",), "MQ": ("fr",), "GF": ("fr",), "RE": ("fr",), "YT": ("fr",),
    "MF": ("fr",), "BL": ("fr",), "PM": ("fr",), "NC": ("fr",), "PF": ("fr",),
    "WF": ("fr",), "TF": ("fr",),
    "IT": ("it",), "SM": ("it",), "VA": ("it",),
    "ES": ("es",), "IC": ("es",), "EA": ("es",), "AD": ("es", "fr"), "MX": ("es",),
    "AR": ("es",), "CL": ("es",), "CO": ("es",), "PE": ("es",), "UY": ("es",),
}  # fmt: skip


def invoice_language(country: str, order_language: str | None = None) -> str:
    """The destination's language where the invoice has it, else English.

    In a country with several languages the order's language wins when it is one of them.
    """
    languages = _COUNTRY_LANGUAGES.get(normalise_country(country), ())
    wanted = (order_language or "").strip().lower()[:2]
    if wanted and wanted in languages and wanted in INVOICE_LANGUAGES:
        return wanted
    for language in languages:
        if language in INVOICE_LANGUAGES:
            return language
    return "en"


@dataclass(frozen=True, slots=True)
class CommercialInvoice:
    """Everything the commercial invoice / CN23 shows for one parcel."""

    invoice_id: str
    invoice_date: datetime
    order_id: str
    language: str
    recipient: Address
    sender: Address | None
    incoterm: str
    tracking_code: str
    parcel_no: int
    parcel_count: int
    departure_country: str
    destination: str  # the territory's name
    articles: tuple[DraftArticle, ...]
    currency: str
    parcel_weight_g: int | None = None
    reason_for_export: str = "sale of goods"
    carrier: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total_value(self) -> Decimal:
        return sum((a.line_value or Decimal(0) for a in self.articles), Decimal(0))

    @property
    def total_net_weight_kg(self) -> Decimal:
        return sum((a.line_weight_kg or Decimal(0) for a in self.articles), Decimal(0))

    @property
    def units(self) -> int:
        return sum(a.quantity for a in self.articles)


def merge_articles(articles: Iterable[DraftArticle]) -> tuple[DraftArticle, ...]:
    """Lines of the same SKU, description, HS code, value and origin become one line."""
    merged: dict[tuple[Any, ...], DraftArticle] = {}
    for a in articles:
        key = (a.sku, a.description, a.hs_code, a.unit_value, a.currency, a.country_of_origin)
        if key in merged:
            merged[key] = replace(merged[key], quantity=merged[key].quantity + a.quantity)
        else:
            merged[key] = a
    return tuple(merged.values())


@dataclass(frozen=True, slots=True)
class InvoiceFile:
    """A rendered commercial invoice: where it is filed, and its bytes (a PDF)."""

    path: str
    content: bytes
    content_type: str = "application/pdf"
