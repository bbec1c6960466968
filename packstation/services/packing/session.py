"""The order on the bench, as the packing service holds it and the screen reads it."""

from __future__ import annotations

import asyncio

from packstation.domain.bench import LabelsAt7S, Readiness
from packstation.domain.boxes import Box
from packstation.domain.cycle import CycleRecord, CycleStatus, CycleStep, LabelAttempt, step_reached
from packstation.domain.notes import Note
from packstation.domain.orders import MerchantOrder
from packstation.domain.packing import PackingProgress, Parcel
from packstation.domain.shipping import CollectionPoint, Product, SevenSendersOrder
from packstation.domain.weight_gate import WeightCheck, WeightDecision


class OrderSession:
    """The order on the bench, as the screen shows it (read-only outside the service)."""

    def __init__(
        self,
        record: CycleRecord,
        order: MerchantOrder,
        progress: PackingProgress,
        *,
        own_label: bool = False,
    ) -> None:
        self.record = record
        self.order = order
        self.progress = progress
        self.parcels: tuple[Parcel, ...] = ()
        #: what the packer put in which box (box n is parcel n); scans go into ``current_box``
        self.boxes: tuple[Box, ...] = (Box(1),)
        self.current_box = 1
        #: a number of parcels given without saying what is in each (``set_parcels`` with a
        #: count other than the boxes'): then the parcels, not the boxes, are shipped
        self.parcels_only: tuple[Parcel, ...] | None = None
        #: the weight gate's verdict per box number and the packer's word (None: not given)
        self.gate: dict[int, tuple[WeightCheck, WeightDecision | None]] = {}
        self.sevensenders: SevenSendersOrder | None = None
        self.products: dict[str, Product] = {}
        self.collection_point: CollectionPoint | None = None
        self.customs_needed = False
        self.attempts: list[LabelAttempt] = []
        self.warnings: list[Note] = []  # English sentences with their kinds and facts
        self.customs_ids: list[str] = []
        self.load_task: asyncio.Task[None] | None = None
        self.extras_task: asyncio.Task[None] | None = None
        #: labels stored by this very run: their print is fresh, not one left by a crash
        self.stored_now: set[str] = set()
        #: own-label mode (labels printed elsewhere, shipments registered): settled when the
        #: order is opened or its cycle restored (``domain.bench.own_label_mode``)
        self.own_label = own_label
        self.own_label_codes: dict[int, str] = {}  # parcel number → tracking code assigned
        #: own-label mode: carrier labels' tracking codes scanned at the bench, not used yet
        self.carrier_codes: list[str] = []
        #: the order's labels at 7S, read in the background while the items are scanned
        #: (None: not read, or 7S could not be asked — its reference uniqueness still holds)
        self.labels_at_7s: LabelsAt7S | None = None
        #: set when a parcel's label turned out to be bought at another bench: no more buying
        self.bought_elsewhere = False

    @property
    def cycle_id(self) -> str:
        return self.record.cycle_id

    @property
    def order_id(self) -> str:
        return self.record.order_id

    @property
    def status(self) -> CycleStatus:
        return self.record.status

    @property
    def step(self) -> CycleStep:
        return self.record.step

    @property
    def skip_reason(self) -> str | None:
        return self.record.skip_reason

    @property
    def contents_known(self) -> bool:
        """True when the parcels are the packer's boxes (what is in each is known)."""
        return self.parcels_only is None

    @property
    def loaded(self) -> bool:
        return step_reached(self.record.step, CycleStep.LOADED)

    @property
    def seven_senders_state(self) -> str | None:
        return self.sevensenders.state if self.sevensenders else None

    @property
    def not_verified(self) -> tuple[tuple[str, int], ...]:
        """The check was skipped: (SKU, units) packed without being scanned, in line order."""
        if self.record.skip_reason is None:
            return ()
        return tuple((line.sku, left) for line, left in self.progress.remaining)

    @property
    def ready_to_finish(self) -> bool:
        return self.progress.complete or self.record.skip_reason is not None

    @property
    def readiness(self) -> Readiness:
        """How far the order is from being finished (see ``domain.bench.after_scan``)."""
        packing = self.status is CycleStatus.PACKING
        missing = 0
        if self.own_label and packing:
            missing = max(0, (len(self.parcels) or 1) - len(self.carrier_codes))
        return Readiness(packing, self.ready_to_finish, missing)

    def latest_attempt(self, parcel_no: int) -> LabelAttempt | None:
        mine = [a for a in self.attempts if a.parcel_no == parcel_no]
        return max(mine, key=lambda a: a.generation) if mine else None

    def keep(self, attempt: LabelAttempt) -> None:
        """Hold ``attempt`` as the latest state of its reference number."""
        self.attempts = [
            a for a in self.attempts if a.reference_number != attempt.reference_number
        ] + [attempt]
