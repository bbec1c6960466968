"""Finding labels at Seven Senders: the documented fallback chain (docs/sandbox.md, "Looking a
label up").

The label lookup (``GET /labels?order_id=&reference_number=``) is a guess of the public
documentation, and "never buy twice" rests on finding a label again. So every lookup goes:

1. **the label lookup** (``find_labels`` by reference, or ``order_labels`` for the order);
2. when 7S does not answer it — the endpoint missing (404), refused, down, or an answer the
   station cannot read — **the shipments of the order** (``GET /shipments?order_id=``): a
   label creates a shipment at 7S, and a shipment that carries a label id *is* that label
   (its file is fetched from the label download path by that id);
3. when neither answers — or a shipment of the reference shows no label id to take — **stop
   and tell the packer** (``LabelLookupFailed``): the caller buys nothing blind.

Only what 7S answered is returned; the callers keep only exact matches (the reference and
the order), as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from packstation.domain.errors import ShippingApiError
from packstation.domain.shipping import Label, LabelFormat, Shipment, ShipmentFilter
from packstation.ports import ShippingApi

log = logging.getLogger(__name__)

#: ``LabelsFound.via``: where the labels came from
VIA_LABELS = "label lookup"
VIA_SHIPMENTS = "shipments of the order"


class LabelLookupFailed(ShippingApiError):
    """Neither the label lookup nor the order's shipments told whether a label exists.

    Attributes:
        labels_error: why the label lookup gave no answer.
        shipments_error: why the order's shipments gave none (``None`` when they answered
            but showed a shipment of the reference without a label to take).
    """

    def __init__(
        self,
        message: str,
        *,
        labels_error: ShippingApiError,
        shipments_error: ShippingApiError | None,
    ) -> None:
        super().__init__(message, status=None, operation="look the label up")
        self.labels_error = labels_error
        self.shipments_error = shipments_error


@dataclass(frozen=True, slots=True)
class LabelsFound:
    """The labels 7S answered with, and which link of the chain answered."""

    labels: list[Label]
    via: str = VIA_LABELS


def label_of_shipment(shipment: Shipment, label_format: LabelFormat) -> Label | None:
    """The label a shipment stands for, when it names one (its label id and tracking code).

    7S's shipment does not say the file's format: ``label_format`` is the one asked for. The
    download address is left empty: the client fetches the file from the label download
    path by the label's id.
    """
    if not shipment.label_id or not shipment.tracking_code:
        return None
    return Label(
        id=shipment.label_id,
        shipment_id=shipment.id,
        order_id=shipment.order_id,
        tracking_code=shipment.tracking_code,
        carrier=shipment.carrier,
        format=label_format,
        download_url="",
        reference_number=shipment.reference_number,
        return_parcel=shipment.return_parcel,
    )


async def labels_by_reference(
    api: ShippingApi, order_id: str, reference: str, label_format: LabelFormat
) -> LabelsFound:
    """The labels of ``order_id`` 7S shows for ``reference``, by the chain (module docstring).

    Raises ``LabelLookupFailed`` when neither link answers, or when a shipment of the
    reference carries no label id (7S has something for it the station cannot take).
    """
    try:
        return LabelsFound(await api.find_labels(order_id, reference))
    except ShippingApiError as exc:
        labels_error = exc
    log.info(
        "label lookup of %s failed (%s): asking for the order's shipments", reference, labels_error
    )
    shipments = await _shipments(api, order_id, labels_error)
    mine = [
        s
        for s in shipments
        if s.order_id == order_id and s.reference_number == reference and not s.return_parcel
    ]
    labels = [lb for lb in (label_of_shipment(s, label_format) for s in mine) if lb is not None]
    if mine and not labels:
        raise LabelLookupFailed(
            f"Seven Senders shows a shipment with the reference {reference} of order "
            f"{order_id} but names no label for it, and the label lookup gave no answer "
            f"({labels_error.message})",
            labels_error=labels_error,
            shipments_error=None,
        )
    return LabelsFound(labels, VIA_SHIPMENTS)


async def labels_of_order(
    api: ShippingApi, order_id: str, label_format: LabelFormat
) -> LabelsFound:
    """Every label 7S shows for ``order_id``, by the chain (module docstring): the order's
    labels, else the labels its shipments name (shipments without a label id — parcels with
    their own carrier label — are not labels).

    Raises ``LabelLookupFailed`` when neither link answers.
    """
    try:
        return LabelsFound(await api.order_labels(order_id))
    except ShippingApiError as exc:
        labels_error = exc
    log.info("labels of %s not listed (%s): asking for its shipments", order_id, labels_error)
    shipments = await _shipments(api, order_id, labels_error)
    labels = [
        label
        for label in (label_of_shipment(s, label_format) for s in shipments)
        if label is not None and label.order_id == order_id
    ]
    return LabelsFound(labels, VIA_SHIPMENTS)


async def _shipments(
    api: ShippingApi, order_id: str, labels_error: ShippingApiError
) -> list[Shipment]:
    try:
        return await api.list_shipments(ShipmentFilter(order_id=order_id))
    except ShippingApiError as exc:
        raise LabelLookupFailed(
            f"Seven Senders answered neither the label lookup ({labels_error.message}) nor "
            f"the list of the order's shipments ({exc.message})",
            labels_error=labels_error,
            shipments_error=exc,
        ) from exc
