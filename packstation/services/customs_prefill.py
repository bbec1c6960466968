"""Pre-filling customs declarations: what is in each parcel, what it weighs, its articles.

Each parcel declares exactly what the packer put in its box (the cycle's plan carries the
boxes): the units of each order line in it (``domain.boxes.line_units_by_box``), the net
weights from product data and, as gross weight, the box's measured weight — or, not weighed,
its goods plus the carton's tare, so the net never exceeds the gross. Cycles without boxes
(journalled before boxes existed, or finished with only a number of parcels where no customs
data was needed) keep the older estimate: the units spread over the parcels by weight
(``customs_declaration.allocate_units``), the gross weight left out when the weights are only
the station's even split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from packstation.domain.boxes import Box, line_units_by_box
from packstation.domain.customs_declaration import (
    CustomsDeclaration,
    DraftArticle,
    ParcelSpace,
    allocate_units,
)
from packstation.domain.cycle import AttemptStatus, LabelAttempt
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.domain.packing import plan_parcels
from packstation.domain.shipping import Carrier, LabelFormat, Product
from packstation.domain.weight_gate import parcel_weights

_GRAM = Decimal("0.001")


@dataclass(frozen=True, slots=True)
class ParcelContents:
    """Per parcel number: the units of each order line in it, and its gross weight (grams)."""

    lines: Mapping[int, Mapping[int, int]]
    gross_g: Mapping[int, int | None]
    from_boxes: bool


def parcel_contents(
    order: MerchantOrder, labels: Sequence[LabelAttempt], boxes: Sequence[Box]
) -> ParcelContents:
    """What each parcel holds and weighs: the packer's boxes when the cycle has them."""
    if boxes:
        gross = {box.number: parcel_weights(box, order).gross_g for box in boxes}
        return ParcelContents(line_units_by_box(order, boxes), gross, True)
    weighed = not estimated_weights(order, labels)
    spaces = [ParcelSpace(a.parcel_no, a.weight_g if weighed else None) for a in labels]
    weights = [(line.quantity, line.weight_g) for line in order.lines]
    split = allocate_units(weights, spaces)
    gross_g = {a.parcel_no: a.weight_g if weighed else None for a in labels}
    return ParcelContents(split, gross_g, False)


def estimated_weights(order: MerchantOrder, labels: Sequence[LabelAttempt]) -> bool:
    """True when several parcels carry only the station's even split of the order's weight.

    Such weights say nothing about what is in which parcel, so the declarations leave the
    parcels' gross weight out (and do not check the articles against it) rather than declare
    a parcel lighter than the goods the station guessed into it.
    """
    if len(labels) < 2 or order.weight_g is None:
        return False
    count = labels[0].parcel_count
    try:
        split = plan_parcels(count, total_weight_g=order.weight_g)
    except ValueError:
        return False
    even = {p.number: p.weight_g for p in split}
    return all(a.weight_g == even.get(a.parcel_no) for a in labels)


def article_of(line: OrderLine, product: Product | None) -> DraftArticle:
    """One article from the order line, the product's customs data filling the gaps."""
    description = line.name
    if product is not None and product.customs_description:
        description = product.customs_description
    hs_code = line.hs_code or (product.tariff_code_sending if product else None) or ""
    origin = line.origin_country or (product.origin_country if product else None) or ""
    value = line.unit_value
    if value is None and product is not None:
        value = product.customs_item_value
    weight = None
    if line.weight_g is not None:
        weight = (Decimal(line.weight_g) / 1000).quantize(_GRAM)
    return DraftArticle(
        sku=line.sku,
        description=description,
        hs_code=hs_code,
        quantity=line.quantity,
        unit_value=value,
        currency=line.currency or "EUR",
        net_weight_kg=weight,
        country_of_origin=origin,
    )


def attempt_of(declaration: CustomsDeclaration) -> LabelAttempt:
    """The label facts a declaration keeps, in the form the pre-filling takes."""
    draft = declaration.draft
    generation = 0
    tail = draft.invoice_id.rsplit("-V", 1)
    if len(tail) == 2 and tail[1].isdigit():
        generation = int(tail[1])
    return LabelAttempt(
        reference_number="",
        cycle_id=declaration.cycle_id,
        order_id=declaration.order_id,
        parcel_no=declaration.parcel_no,
        parcel_count=declaration.parcel_count,
        generation=generation,
        status=AttemptStatus.STORED,
        label_format=LabelFormat.PDF,
        carrier=Carrier("", ""),
        weight_g=draft.parcel_weight_g,
        shipment_id=declaration.shipment_id,
        tracking_code=draft.tracking_code,
    )
