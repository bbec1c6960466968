"""The ``loaded`` step, done in the background while the packer scans the items.

The 7S order exists (looked up; created if absent; on "already exists" or an unknown outcome
looked up again), ``in_preparation`` is queued in the outbox when the order is still before
it (never backwards), the pick-up point's name and address are found for the label, and
product data (images) is fetched for the screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace

from packstation.domain.bench import LabelsAt7S
from packstation.domain.cycle import (
    CycleInterrupted,
    CycleStep,
    JournalKind,
    NewOutboxEntry,
    OutboxKind,
)
from packstation.domain.errors import OutcomeUnknown, ShippingApiError, ValidationFailed
from packstation.domain.orders import MerchantOrder
from packstation.domain.pudo import collection_point
from packstation.domain.shipping import (
    CollectionPoint,
    NewOrder,
    OrderState,
    PudoSearch,
    SevenSendersOrder,
    is_before,
)
from packstation.services.packing.context import CycleContext, consume_exception
from packstation.services.packing.label_lookup import labels_of_order
from packstation.services.packing.session import OrderSession

log = logging.getLogger(__name__)


class OrderLoading:
    """Gets an opened order ready at 7S while its items are scanned."""

    def __init__(self, ctx: CycleContext) -> None:
        self._ctx = ctx

    def start(self, session: OrderSession) -> None:
        """Start the background load (and product data) of a session still packing."""
        if not session.loaded:
            session.load_task = asyncio.create_task(
                self._load(session), name=f"load {session.order_id}"
            )
            session.load_task.add_done_callback(consume_exception)
        if self._ctx.policy.load_products and session.extras_task is None:
            session.extras_task = asyncio.create_task(
                self._load_products(session), name=f"products {session.order_id}"
            )
            session.extras_task.add_done_callback(consume_exception)

    async def loaded(self, session: OrderSession) -> None:
        """Make sure the ``loaded`` step is done: await the background load, or redo it."""
        task = session.load_task
        if task is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(task)
        if not session.loaded:
            try:
                await self._load(session)
            except ShippingApiError as exc:
                raise CycleInterrupted(
                    f"Order {session.order_id} could not be prepared at Seven Senders: {exc}"
                ) from exc
        elif session.order.pudo_id and session.collection_point is None:
            session.collection_point = await self._collection_point(session.order)

    async def station_point(self, session: OrderSession) -> None:
        """A pick-up point chosen at the station overrides the order's own ``pudo_id``."""
        choices = self._ctx.ports.pudo_choices
        if choices is None:
            return
        choice = await choices.choice(session.order_id)
        if choice is not None:
            session.collection_point = collection_point(choice.location)

    async def _load(self, session: OrderSession) -> None:
        ctx = self._ctx
        seven, _ = await asyncio.gather(
            self._ensure_order(session.order), self._labels_at_7s(session)
        )
        session.sevensenders = seven
        enqueue: list[NewOutboxEntry] = []
        if is_before(seven.state, OrderState.IN_PREPARATION):
            enqueue.append(
                NewOutboxEntry(
                    session.order_id,
                    OutboxKind.ORDER_STATE,
                    {"state": OrderState.IN_PREPARATION.value},
                    session.cycle_id,
                )
            )
        await self.station_point(session)
        if session.order.pudo_id and session.collection_point is None:
            session.collection_point = await self._collection_point(session.order)
        if session.loaded:
            return
        session.record = replace(
            session.record,
            step=CycleStep.LOADED,
            sevensenders_id=seven.id,
            updated_at=ctx.clock(),
        )
        detail = {
            "step": CycleStep.LOADED.value,
            "packer": ctx.packer,
            "sevensenders_id": seven.id,
            "sevensenders_state": seven.state,
            "queued": [e.payload.get("state") for e in enqueue],
        }
        await ctx.save_cycle(session, JournalKind.CYCLE_STEP, detail, enqueue)
        if enqueue:
            ctx.ports.outbox.wake()
        ctx.step(session, CycleStep.LOADED)

    async def _labels_at_7s(self, session: OrderSession) -> None:
        """The order's labels at 7S, whoever bought them: their void generations and whether
        another bench bought them already. Read while the packer scans; a failure only means
        the purchase relies on 7S's reference uniqueness alone."""
        if session.labels_at_7s is not None:
            return
        try:
            labels = (
                await labels_of_order(self._ctx.api, session.order_id, self._ctx.label_format())
            ).labels
        except ShippingApiError as exc:
            log.info("labels of %s at 7S not read (%s)", session.order_id, exc)
            return
        except RuntimeError as exc:  # the station shut its 7S client under this lookup
            log.info(
                "labels of %s at 7S not read: the connection was closed (%s)", session.order_id, exc
            )
            return
        session.labels_at_7s = LabelsAt7S.of(session.order_id, labels)

    async def _ensure_order(self, order: MerchantOrder) -> SevenSendersOrder:
        """The 7S order: looked up, created if absent (idempotent: looked up again on doubt)."""
        ctx = self._ctx
        found = await ctx.api.find_order(order.order_id)
        if found is not None:
            return found
        new = NewOrder(
            order_id=order.order_id,
            order_date=order.order_date,
            order_url=order.order_url,
            language=order.language,
            tags=order.tags,
            boarding_complete=False if order.parcels > 1 else None,
        )
        call = {"call": "create order"}
        await ctx.note(JournalKind.API_INTENT, order_id=order.order_id, detail=call)
        try:
            created = await ctx.api.create_order(new)
        except (ValidationFailed, OutcomeUnknown) as exc:
            # an unknown outcome or any refusal (a duplicate in whatever words): the order
            # looked up by its order id decides, never the wording of the answer
            found = await ctx.api.find_order(order.order_id)
            outcome = {**call, "outcome": type(exc).__name__, "found": found is not None}
            await ctx.note(JournalKind.API_OUTCOME, order_id=order.order_id, detail=outcome)
            if found is None:
                raise
            return found
        outcome = {**call, "outcome": "created", "id": created.id}
        await ctx.note(JournalKind.API_OUTCOME, order_id=order.order_id, detail=outcome)
        return created

    async def _collection_point(self, order: MerchantOrder) -> CollectionPoint | None:
        """The order's PUDO point with its name and address for the label (id only if unknown)."""
        assert order.pudo_id is not None
        point = CollectionPoint(pudo_id=order.pudo_id)
        carrier = self._ctx.carrier_for(order)
        if carrier is None:
            return point
        try:
            found = await self._ctx.api.search_pudo(
                PudoSearch.by_address(
                    (carrier.name,),
                    order.recipient.country,
                    order.recipient.zip,
                    max_results=50,
                )
            )
        except ShippingApiError as exc:
            log.info("PUDO details of %s not found (%s); sending its id only", order.pudo_id, exc)
            return point
        for location in found:
            if location.location_id == order.pudo_id:
                return CollectionPoint(
                    pudo_id=order.pudo_id,
                    name1=location.name,
                    name2=location.alternative_name,
                    street=location.street or location.address_line,
                    house_no=location.house_no,
                    zip=location.zip,
                    city=location.city,
                    country=location.country,
                )
        return point

    async def _load_products(self, session: OrderSession) -> None:
        async def one(sku: str) -> None:
            try:
                session.products[sku] = await self._ctx.api.get_product(sku)
            except ShippingApiError as exc:
                log.info("no product data for %s: %s", sku, exc)
            except RuntimeError as exc:  # the station shut its 7S client under this fetch
                log.info("no product data for %s: the connection was closed (%s)", sku, exc)

        await asyncio.gather(*(one(line.sku) for line in session.order.lines))


async def stop(*tasks: asyncio.Task[None] | None) -> None:
    """Cancel background tasks and wait until they are gone."""
    running = [t for t in tasks if t is not None and not t.done()]
    for task in running:
        task.cancel()
    if running:
        await asyncio.gather(*running, return_exceptions=True)
