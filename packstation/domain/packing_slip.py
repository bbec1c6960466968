"""The packing slip (delivery note): what the recipient finds in each box, in their language.

`packing_slip` builds the slip of one order from its boxes: merchant, order number and date,
recipient, then per box the items with their quantities, and, for merchants with Return Portal
Pro, a return hint carrying the order number as a barcode. The boxes must hold exactly the
order (`check_boxes`), so the slip never lists a unit that is not in the parcel. Rendering is
the adapter's job (``adapters/packing_slip_pdf.py``). Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from packstation.domain.boxes import Box, check_boxes
from packstation.domain.orders import MerchantOrder
from packstation.domain.refusals import Refusal, RefusalKind
from packstation.domain.shipping import Address

#: Languages the slip is written in; any other order language gets English.
SLIP_LANGUAGES = ("en", "de", "fr", "it", "es")


class PageSize(StrEnum):
    A4 = "A4"
    A5 = "A5"


class SlipPolicy(StrEnum):
    """When the station prints a packing slip at finish (a station setting, for the wiring)."""

    NEVER = "never"
    ALWAYS = "always"
    MULTI_BOX = "multi_box"  # only for orders packed in more than one box
    ORDER_ASKS = "order_asks"  # only when the order's tags say so (``packing_slip: yes``)


#: The order tag that asks for a packing slip under `SlipPolicy.ORDER_ASKS`.
SLIP_TAG = "packing_slip"
_YES = frozenset({"1", "yes", "true", "y", "ja", "oui", "si", "sí"})


def slip_wanted(policy: SlipPolicy, order: MerchantOrder, boxes: Sequence[Box]) -> bool:
    """True when ``policy`` asks for a slip for this order packed in these boxes."""
    if policy is SlipPolicy.ALWAYS:
        return True
    if policy is SlipPolicy.MULTI_BOX:
        return len(boxes) > 1
    if policy is SlipPolicy.ORDER_ASKS:
        return order.tags.get(SLIP_TAG, "").strip().lower() in _YES
    return False


def slip_language(language: str | None) -> str:
    """The slip's language for an order language ("de", "de-AT", "FR" …); English otherwise."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in SLIP_LANGUAGES else "en"


@dataclass(frozen=True, slots=True)
class SlipLine:
    """One product in one box."""

    sku: str
    name: str
    quantity: int
    ean: str | None = None


@dataclass(frozen=True, slots=True)
class SlipBox:
    """Box ``number`` of ``count``: its type's name, its items and its weight (grams)."""

    number: int
    count: int
    lines: tuple[SlipLine, ...]
    box_type: str | None = None
    weight_g: int | None = None

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass(frozen=True, slots=True)
class PackingSlip:
    """Everything the slip shows; ``language`` is one of `SLIP_LANGUAGES`."""

    merchant_name: str
    order_id: str
    order_date: datetime
    recipient: Address
    boxes: tuple[SlipBox, ...]
    language: str = "en"
    merchant_address: Address | None = None
    return_hint: bool = False  # the merchant uses Return Portal Pro
    return_url: str | None = None
    packed_at: datetime | None = None
    page_size: PageSize = PageSize.A4

    @property
    def units(self) -> int:
        return sum(box.units for box in self.boxes)


def packing_slip(
    order: MerchantOrder,
    boxes: Sequence[Box],
    *,
    merchant_name: str,
    merchant_address: Address | None = None,
    return_portal: bool = False,
    return_url: str | None = None,
    packed_at: datetime | None = None,
    page_size: PageSize = PageSize.A4,
) -> PackingSlip:
    """The slip of ``order`` packed in ``boxes``; ValueError naming what is wrong with them."""
    problems = check_boxes(order, boxes)
    if problems:
        raise Refusal(
            RefusalKind.BOXES_NOT_THE_ORDER,
            f"No packing slip for order {order.order_id}: " + " ".join(problems),
            order_id=order.order_id,
        )
    if not merchant_name.strip():
        raise Refusal(
            RefusalKind.SLIP_NEEDS_MERCHANT, "The packing slip needs the merchant's name."
        )
    names: dict[str, tuple[str, str | None]] = {}
    for line in order.lines:
        names.setdefault(line.sku, (line.name, line.ean))
    count = len(boxes)
    slip_boxes = tuple(
        SlipBox(
            number=box.number,
            count=count,
            lines=tuple(
                SlipLine(item.sku, names[item.sku][0], item.quantity, names[item.sku][1])
                for item in box.items
            ),
            box_type=box.box_type.name if box.box_type is not None else None,
            weight_g=box.measured_weight_g,
        )
        for box in boxes
    )
    return PackingSlip(
        merchant_name=merchant_name.strip(),
        merchant_address=merchant_address,
        order_id=order.order_id,
        order_date=order.order_date,
        recipient=order.recipient,
        boxes=slip_boxes,
        language=slip_language(order.language),
        return_hint=return_portal,
        return_url=return_url,
        packed_at=packed_at,
        page_size=page_size,
    )


@dataclass(frozen=True, slots=True)
class SlipFile:
    """A rendered packing slip: where it is filed, and its bytes (a PDF)."""

    path: str
    content: bytes
    content_type: str = "application/pdf"
