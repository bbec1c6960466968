"""Labels the journal lost: an order 7S shows shipped, with labels this station has no record of.

A power cut (or a journal deleted, restored from an old copy, a disk replaced) can leave a
label bought and paid at 7S with nothing about it in the journal: the order is "shipped", so a
new scan is refused, and ``reprint`` has nothing. ``LabelRecovery`` (``packstation pack
--recover``) looks the order's labels up at 7S — by the deterministic references its parcels
get (the account's, and the old per-bench reference of this station for labels bought before
references were per account), then by the references on the order's shipments (which also
finds labels whose reference this station can no longer derive, e.g. an old label after its
journal and with it its station id was lost) — takes them into a new cycle as *bought*, and
finishes that cycle as any other: each label is downloaded, stored and printed once, and the
order's follow-ups are queued. Nothing is ever bought. Run twice, the second run finds the labels in
the journal and refuses (the order is packed: reprint it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from packstation.domain.cycle import (
    AttemptStatus,
    CyclePlan,
    CycleRecord,
    CycleStatus,
    CycleStep,
    JournalEvent,
    JournalKind,
    LabelAttempt,
    ParcelPlan,
    parse_reference,
    reference_candidates,
)
from packstation.domain.orders import MerchantOrder
from packstation.domain.packing import PackingProgress
from packstation.domain.shipping import Label, ShipmentFilter
from packstation.services.packing.context import CycleContext
from packstation.services.packing.finishing import Finishing
from packstation.services.packing.label_lookup import labels_by_reference
from packstation.services.packing.opening import OrderOpening
from packstation.services.packing.results import CycleReport


@dataclass(frozen=True, slots=True)
class RecoveryRefused:
    """Nothing to recover: ``message`` says why; ``packed`` when the journal has the labels."""

    order_id: str
    message: str
    packed: bool = False
    tracking_codes: tuple[str, ...] = ()


def _parcel_of(label: Label, order_id: str) -> tuple[int, int] | None:
    """(parcel, generation) from a reference of ours for this order (the account's or the old
    per-bench scheme: ``parse_reference``), or None for anybody else's."""
    parts = parse_reference(label.reference_number, order_id)
    return None if parts is None else (parts.parcel_no, parts.generation)


class LabelRecovery:
    """Finds an order's labels at 7S that the journal lost, and finishes them (never buys)."""

    def __init__(self, ctx: CycleContext, opening: OrderOpening, finishing: Finishing) -> None:
        self._ctx = ctx
        self._opening = opening
        self._finishing = finishing

    async def recover(self, order_id: str) -> CycleReport | RecoveryRefused:
        """Look the order's labels up at 7S and print them once; see the module docstring.

        Raises ``ShippingApiError`` when 7S cannot be asked, ``OrderSourceError`` when the
        merchant's order cannot be read, ``CycleInterrupted`` when finishing stops.
        """
        ctx = self._ctx
        async with ctx.lock:
            known = [a for a in await ctx.journal.find_attempts(order_id) if a.live]
            if known:
                codes = tuple(a.tracking_code for a in known if a.tracking_code)
                return RecoveryRefused(
                    order_id,
                    f"Order {order_id} has its labels in this station's journal "
                    f"({', '.join(codes)}): nothing to recover; reprint them if needed.",
                    packed=True,
                    tracking_codes=codes,
                )
            merchant = await ctx.ports.orders.get_order(order_id)
            labels = await self._labels_at_7s(order_id, max(1, merchant.parcels))
            if not labels:
                return RecoveryRefused(
                    order_id,
                    f"Seven Senders shows no label of order {order_id}: there is nothing to "
                    "recover (a label is only ever bought by packing the order).",
                )
            await ctx.note(
                JournalKind.LABEL_LOOKUP,
                order_id=order_id,
                detail={
                    "why": "recover",
                    "found": [label.tracking_code for label in labels],
                    "references": [label.reference_number for label in labels],
                },
            )
            session = await self._opening.restore(
                await self._adopt(merchant, labels), start_loading=False
            )
            ctx.current = session
            return await self._finishing.run(session)

    async def _labels_at_7s(self, order_id: str, parcels: int) -> list[Label]:
        """The order's live outbound labels at 7S, one per parcel (the newest generation)."""
        api = self._ctx.ports.api
        account = self._ctx.reference_key()
        station = await self._ctx.station_key()
        fmt = self._ctx.label_format()
        found: dict[str, Label] = {}

        async def look(reference: str) -> bool:
            # the chain: the label lookup, else the order's shipments (label_lookup.py);
            # only exact matches are the order's (issue 14): a row without a reference, or of
            # another order, is never adopted — it could be a label this order does not own
            hits = [
                label
                for label in (await labels_by_reference(api, order_id, reference, fmt)).labels
                if not label.return_parcel
                and label.reference_number == reference
                and label.order_id == order_id
            ]
            for label in hits:
                found.setdefault(label.tracking_code, label)
            return bool(hits)

        # the references the order's parcels get (first generation): the account's, and for a
        # label bought before references were per account, this station's old one …
        for parcel in range(1, parcels + 1):
            for candidate in reference_candidates(account, station, order_id, parcel, 0):
                if await look(candidate):
                    break
        # … then every reference on the order's shipments (voided generations, another id)
        shipments = await api.list_shipments(ShipmentFilter(order_id=order_id))
        seen = {label.reference_number for label in found.values()}
        for shipment in shipments:
            reference = shipment.reference_number
            if shipment.return_parcel or not reference or reference in seen:
                continue
            seen.add(reference)
            await look(reference)
        newest: dict[int, tuple[int, Label]] = {}
        loose: list[Label] = []
        for label in found.values():
            numbers = _parcel_of(label, order_id)
            if numbers is None:
                loose.append(label)
            elif numbers[0] not in newest or numbers[1] > newest[numbers[0]][0]:
                newest[numbers[0]] = (numbers[1], label)
        return [newest[n][1] for n in sorted(newest)] + loose

    async def _adopt(self, merchant: MerchantOrder, labels: list[Label]) -> CycleRecord:
        """A new cycle whose parcels are the labels found, each one *bought*."""
        ctx = self._ctx
        now = ctx.clock()
        count = len(labels)
        cycle_id = uuid.uuid4().hex
        plan = CyclePlan(
            parcels=tuple(ParcelPlan(n, count, None) for n in range(1, count + 1)),
            label_format=labels[0].format,
            carrier=labels[0].carrier,
        )
        record = CycleRecord(
            cycle_id=cycle_id,
            order_id=merchant.order_id,
            station=ctx.policy.station_name,
            status=CycleStatus.FINISHING,
            step=CycleStep.PARCELS_SET,
            created_at=now,
            updated_at=now,
            order=merchant,
            plan=plan,
            scanned=PackingProgress.start(merchant).skip_all().scanned,
            skip_reason="recovered: labels bought before the journal lost them",
        )
        await ctx.journal.save_cycle(
            record,
            JournalEvent(
                JournalKind.CYCLE_OPENED,
                merchant.order_id,
                cycle_id,
                {
                    "station": ctx.policy.station_name,
                    "recovered": [x.tracking_code for x in labels],
                },
            ),
        )
        for number, label in enumerate(labels, start=1):
            parsed = _parcel_of(label, merchant.order_id)
            attempt = LabelAttempt(
                reference_number=label.reference_number or f"{label.tracking_code}-recovered",
                cycle_id=cycle_id,
                order_id=merchant.order_id,
                parcel_no=number,
                parcel_count=count,
                generation=parsed[1] if parsed else 0,
                status=AttemptStatus.BOUGHT,
                label_format=label.format,
                carrier=label.carrier,
                label_id=label.id,
                shipment_id=label.shipment_id,
                tracking_code=label.tracking_code,
                download_url=label.download_url,
                updated_at=now,
            )
            await ctx.record_attempt(
                attempt,
                JournalKind.LABEL_BOUGHT,
                reference_number=attempt.reference_number,
                label_id=label.id,
                shipment_id=label.shipment_id,
                tracking_code=label.tracking_code,
                recovered=True,
            )
        return record
