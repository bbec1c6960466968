"""Dispatch across the warehouse: one customs manifest per pick-up for all benches.

With a warehouse store every bench publishes its customs shipments that wait for a manifest
(with each heartbeat and whenever dispatch lists them). The bench whose shift lead posts the
pick-up's manifest takes every bench's shipments of that pick-up into it, after claiming the
pick-up in the store (one bench at a time; ``WarehouseLink.claim_manifest``); once posted, the
other benches see their shipments in it ("in manifest ACME_M20261207_01 (4 customs shipments)
posted at bench-01 by Anna at 15:02") and stop reminding. Without the store (or while it is
down) each bench lists and posts its own shipments, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from packstation.domain.customs_declaration import CustomsDeclaration, DeclarationStatus
from packstation.domain.notes import Note, NoteKind
from packstation.domain.shipping import CustomsShipment, CustomsShipmentFilter
from packstation.domain.warehouse import (
    ManifestClaim,
    ManifestState,
    WarehouseCustoms,
    WarehouseManifest,
)
from packstation.ports import CustomsStore, ShippingApi
from packstation.services.warehouse import WarehouseLink

#: What the listing says while the warehouse store cannot be asked.
OFFLINE_TEXT = Note(
    NoteKind.WAREHOUSE_OFFLINE,
    "The warehouse store does not answer: only this bench's customs shipments are listed, and "
    "a manifest posted now holds only them (the other benches' go into a later one).",
)


@dataclass(frozen=True, slots=True)
class WarehouseView:
    """What the warehouse adds to a bench's dispatch listing."""

    ready: tuple[CustomsDeclaration, ...]  # this bench's, less those posted elsewhere
    others: tuple[WarehouseCustoms, ...] = ()  # the other benches' waiting shipments
    manifests: tuple[WarehouseManifest, ...] = ()  # posted or being posted lately
    problems: tuple[Note, ...] = ()
    online: bool = True


def published(d: CustomsDeclaration) -> WarehouseCustoms | None:
    """A declaration as the bench publishes it (None without a planned pick-up)."""
    if d.planned_pickup is None:
        return None
    return WarehouseCustoms(d.shipment_id, d.order_id, d.parcel_no, "", d.planned_pickup)


async def sync(
    link: WarehouseLink,
    store: CustomsStore,
    ready: Sequence[CustomsDeclaration],
    tz: tzinfo | None,
) -> tuple[CustomsDeclaration, ...] | None:
    """Publish this bench's waiting customs shipments; mark those a manifest posted at another
    bench holds as manifested here. The ones still waiting; None while the store is down."""
    rows = [row for row in (published(d) for d in ready) if row is not None]
    found = await link.publish_customs(rows)
    if found is None:
        return None
    taken = {row.shipment_id: manifest for row, manifest in found}
    kept: list[CustomsDeclaration] = []
    for d in ready:
        manifest = taken.get(d.shipment_id)
        if manifest is None:
            kept.append(d)
            continue
        await store.save_declaration(
            replace(
                d,
                status=DeclarationStatus.MANIFESTED,
                manifest_id=manifest.manifest_id,
                note=Note(
                    NoteKind.IN_POSTED_MANIFEST,
                    f"in manifest {manifest.describe(tz)}",
                    manifest_id=manifest.manifest_id,
                    bench=manifest.bench_name,
                    by=manifest.posted_by or "—",
                    at=f"{_local(manifest.posted_at or manifest.claimed_at, tz):%H:%M}",
                ),
            )
        )
    return tuple(kept)


async def view(
    link: WarehouseLink,
    store: CustomsStore,
    ready: Sequence[CustomsDeclaration],
    tz: tzinfo | None,
    now: datetime,
) -> WarehouseView:
    """The warehouse's part of the listing (see ``WarehouseView``)."""
    kept = await sync(link, store, ready, tz)
    if kept is None:
        return WarehouseView(tuple(ready), problems=(OFFLINE_TEXT,), online=False)
    others = await link.customs_waiting()
    manifests = await link.manifests_since(now - timedelta(days=1))
    if others is None or manifests is None:
        return WarehouseView(kept, problems=(OFFLINE_TEXT,), online=False)
    mine = {d.shipment_id for d in kept}
    return WarehouseView(
        kept, tuple(o for o in others if o.shipment_id not in mine), tuple(manifests)
    )


async def cross_check(
    api: ShippingApi, others: Sequence[WarehouseCustoms], tz: tzinfo | None
) -> tuple[tuple[WarehouseCustoms, ...], tuple[Note, ...]]:
    """Keep the other benches' shipments that 7S holds and has not manifested."""
    seen: dict[str, CustomsShipment] = {}
    days = sorted({_local(o.planned_pickup, tz).date() for o in others})
    for day in days:
        for row in await api.list_customs_shipments(
            CustomsShipmentFilter(planned_pickup_date=day.isoformat())
        ):
            seen.setdefault(str(row.shipment_id), row)
    kept: list[WarehouseCustoms] = []
    problems: list[Note] = []
    for o in others:
        found = seen.get(o.shipment_id)
        if found is None:  # another date at 7S, or gone: ask for this one shipment
            rows = await api.list_customs_shipments(
                CustomsShipmentFilter(shipment_id=o.shipment_id)
            )
            found = next((r for r in rows if str(r.shipment_id) == o.shipment_id), None)
        where = f"{o.order_id} parcel {o.parcel_no} of {o.bench_name}"
        parcel: dict[str, str | int] = {"order_id": o.order_id, "parcel": o.parcel_no}
        if found is None:
            problems.append(
                Note(
                    NoteKind.OTHER_BENCH_CUSTOMS_GONE,
                    f"{where}: Seven Senders has no customs shipment for it; left out (that "
                    "bench sends it again).",
                    bench=o.bench_name,
                    **parcel,
                )
            )
        elif found.manifest_id:
            problems.append(
                Note(
                    NoteKind.ALREADY_IN_MANIFEST,
                    f"{where} is already in manifest {found.manifest_id}.",
                    manifest_id=found.manifest_id,
                    **parcel,
                )
            )
        else:
            kept.append(o)
    return tuple(kept), tuple(problems)


def refused_text(claim: ManifestClaim, manifest_id: str, tz: tzinfo | None) -> str:
    """Why this bench may not post the pick-up's manifest now, in plain words."""
    holder = claim.holder
    if holder is None:
        return (
            f"The manifest id {manifest_id} is being used by another bench. Nothing was posted; "
            "try again in a moment (the next free id is taken then)."
        )
    if holder.state is ManifestState.POSTED:
        return (
            f"Manifest {holder.describe(tz)}, and it already holds customs shipments of this "
            "pick-up. Nothing was posted here; list the pick-ups again to see what still waits."
        )
    return (
        f"The manifest of this pick-up is being posted at another bench now: "
        f"{holder.describe(tz)}. Nothing was posted here; every bench's customs shipments go "
        "into that one manifest."
    )


def posted_elsewhere_text(manifests: Sequence[WarehouseManifest], tz: tzinfo | None) -> str:
    """For 'nothing to manifest': the warehouse's manifests of the last day, by whom."""
    done = [m for m in manifests if m.state is ManifestState.POSTED]
    busy = [m for m in manifests if m.state is ManifestState.POSTING]
    parts = [f"Manifest {m.describe(tz)}." for m in done[-3:]]
    parts += [f"Manifest {m.describe(tz)}." for m in busy]
    return (" " + " ".join(parts)) if parts else ""


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()
