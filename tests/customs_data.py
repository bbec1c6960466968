"""A customs declaration to test with: one parcel of an order to Switzerland, with its note."""

from __future__ import annotations

from datetime import UTC, datetime

from packstation.domain.customs import CustomsKind
from packstation.domain.customs_declaration import (
    CustomsDeclaration,
    CustomsDraft,
    DeclarationStatus,
)


def declaration(
    note: str,
    status: DeclarationStatus,
    *,
    order_id: str = "A101",
    parcel_no: int = 1,
    parcel_count: int = 2,
    shipment_id: str = "S1",
) -> CustomsDeclaration:
    """Parcel ``parcel_no`` of ``parcel_count`` of ``order_id``, in ``status``, noting ``note``
    (a ``Note`` with its kind, or an older version's plain text)."""
    draft = CustomsDraft(
        order_id=order_id,
        parcel_no=parcel_no,
        parcel_count=parcel_count,
        shipment_id=shipment_id,
        tracking_code="T1",
        kind=CustomsKind.SEVEN_SENDERS_CUSTOMS,
        destination_country="CH",
        incoterm="DAP",
        invoice_id=f"{order_id}-P{parcel_no}",
        invoice_date=datetime(2026, 12, 7, tzinfo=UTC),
        planned_pickup=None,
        departure_country="DE",
        articles=(),
    )
    return CustomsDeclaration(
        shipment_id=shipment_id,
        order_id=order_id,
        parcel_no=parcel_no,
        parcel_count=parcel_count,
        cycle_id="c1",
        kind=draft.kind,
        status=status,
        draft=draft,
        note=note,
    )
