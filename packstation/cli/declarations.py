"""Customs declarations as plain data (``--json``) and plain lines: shared by ``customs`` and
the packing commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from packstation.domain.customs_declaration import CustomsDeclaration


def declaration_json(d: CustomsDeclaration) -> dict[str, Any]:
    """One declaration for ``--json`` (also used by ``packstation pack``)."""
    from packstation.domain.customs_declaration import draft_to_plain

    return {
        "order_id": d.order_id,
        "parcel": d.parcel_no,
        "of": d.parcel_count,
        "shipment_id": d.shipment_id,
        "tracking_code": d.tracking_code,
        "kind": d.kind.value,
        "status": d.status.value,
        "territory": d.draft.territory,
        "reason": d.draft.reason,
        "incoterm": d.draft.incoterm,
        "invoice_id": d.draft.invoice_id,
        "planned_pickup": d.planned_pickup.isoformat() if d.planned_pickup else None,
        "customs_id": d.customs_id,
        "manifest_id": d.manifest_id,
        "invoice_path": d.invoice_path,
        "problems": [{"field": p.field, "message": p.message} for p in d.problems],
        "note": d.note,
        "draft": draft_to_plain(d.draft),
    }


def customs_failures(declarations: Sequence[CustomsDeclaration]) -> list[str]:
    """Plain lines for every declaration that cannot go out as it is (empty: none)."""
    from packstation.domain.customs_declaration import DeclarationStatus

    lines: list[str] = []
    for d in declarations:
        where = f"parcel {d.parcel_no}/{d.parcel_count}"
        if d.status is DeclarationStatus.NEEDS_DATA:
            lines.extend(f"{where}: {p.field}: {p.message}" for p in d.problems)
        elif d.status is DeclarationStatus.REFUSED:
            lines.append(f"{where}: refused by Seven Senders: {d.note}")
    return lines
