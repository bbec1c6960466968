"""Shift mode's view-model: the floor at a glance for the shift lead, from the warehouse store.

What ``packstation shift`` shows, read-only: every bench (online by its heartbeat, packer,
orders packed in the shift and the last hour, labels, median pack time, outbox backlog, held
labels, customs pending), the orders claimed and those claimed but idle, and the next customs
manifest due (its pick-up, how many customs shipments of the warehouse wait for it). While the
mode is on screen it reads them again whenever the store announces a change (LISTEN/NOTIFY, at
most every 2 s, and every 30 s anyway), or every ``poll_s`` seconds while the store cannot
be listened to (``services.floor_watch``). When the store does not answer the last figures
stay on screen, marked as old.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from packstation.domain.warehouse import BenchFigures, Claim, ManifestDue, ShiftFigures
from packstation.services.floor_watch import FloorWatch, Listen, WatchPolicy
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone
from packstation.ui.workflow_parts import WorkflowViewModel

log = logging.getLogger(__name__)

# reads the figures (``WarehouseLink.shift``); None when the store does not answer
ShiftSource = Callable[[], Awaitable[ShiftFigures | None]]


@dataclass(frozen=True, slots=True)
class BenchRow:
    """One bench as the table shows it (texts ready to show)."""

    bench: str
    online: bool
    packer: str
    packed: str  # "12 (5 last hour)"
    labels: str
    pack_time: str  # "95 s" or "—"
    outbox: str  # "3 / 1 failed" or "—"
    held: str
    customs: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    order_id: str
    where: str  # "bench-07 · Anna · since 10:42"
    idle: bool


@dataclass(frozen=True, slots=True)
class ShiftView:
    """What shift mode shows."""

    summary: str
    benches: tuple[BenchRow, ...]
    claims: tuple[ClaimRow, ...]
    updated: str  # "10:42:05"
    manifest: str = ""  # "Next manifest due: pick-up 2026-12-07 16:00, 4 customs shipments (…)"
    manifest_overdue: bool = False
    claims_more: int = 0  # held orders beyond ``claims`` (the store lists at most 200)


class ShiftViewModel(WorkflowViewModel):
    """The shift view, kept fresh by a ``FloorWatch`` while on screen (see the module).

    Signals:
        view_changed(ShiftView): new figures.
    """

    view_changed = Signal(object)

    def __init__(
        self,
        source: ShiftSource,
        runner: TaskRunner,
        *,
        poll_s: float = 2.0,
        listen: Listen | None = None,
        policy: WatchPolicy | None = None,
        clock: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        """``listen``: the store's notifications (``WarehouseLink.listen``); without it, or
        while it fails, the view polls every ``poll_s``."""
        super().__init__(runner, parent)
        self._source = source
        self._clock = clock
        self.view: ShiftView | None = None
        self.watch = FloorWatch(self._read, self._show, listen, policy or WatchPolicy(poll_s))
        self._task: asyncio.Task[None] | None = None

    @property
    def watching(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Keep the view fresh while the mode is on screen (and read it now)."""
        if not self.watching:
            self._task = self.runner.start(self.watch.run(), name="shift view")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def refresh(self) -> None:
        """F5: read the figures now."""
        if self.watching:
            self.watch.poke()
        else:
            self.runner.start(self._once(), name="shift view")

    async def _once(self) -> None:
        self._show(await self._read())

    async def _read(self) -> ShiftFigures | None:
        try:
            return await self._source()
        except Exception:  # the view stays; the next read tries again
            log.exception("the shift view could not be read")
            return None

    def _show(self, figures: ShiftFigures | None) -> None:
        now = self._clock()
        if figures is None:
            old = (
                self.tr(" The figures below are from {0}.").format(self.view.updated)
                if self.view
                else ""
            )
            self._say(
                Tone.ERROR,
                self.tr("The warehouse store does not answer"),
                self.tr("Every bench packs on alone; the view is refreshed when it is back.") + old,
            )
            return
        self.view = self._view(figures, now)
        self._say(
            Tone.WARNING if figures.idle_claims else Tone.READY,
            self.view.summary,
            self.tr("{0} order(s) claimed but idle").format(
                len(figures.idle_claims) + figures.idle_more
            )
            if figures.idle_claims
            else "",
        )
        self.view_changed.emit(self.view)

    # ------------------------------------------------------------------ words

    def _view(self, figures: ShiftFigures, now: datetime) -> ShiftView:
        online = sum(b.online for b in figures.benches)
        summary = self.tr(
            "{0} orders packed this shift, {1} in the last hour; {2} of {3} benches online"
        ).format(figures.orders_packed, figures.orders_per_hour, online, len(figures.benches))
        idle = {c.order_id for c in figures.idle_claims}
        due = figures.next_manifest
        return ShiftView(
            summary=summary,
            benches=tuple(self._bench(b) for b in figures.benches),
            claims=tuple(self._claim(c, c.order_id in idle) for c in figures.claims),
            updated=f"{now:%H:%M:%S}",
            manifest=self._due(due),
            manifest_overdue=due is not None and due.overdue and due.shipments > 0,
            claims_more=figures.claims_more,
        )

    def _due(self, due: ManifestDue | None) -> str:
        if due is None:
            return self.tr("Next manifest due: none (no pick-up times, no customs shipment waits)")
        when = due.pickup.astimezone().strftime("%Y-%m-%d %H:%M")
        text = self.tr("Next manifest due: pick-up {0}, {1} customs shipment(s)").format(
            when, due.shipments
        )
        if due.benches:
            text += f" ({', '.join(due.benches)})"
        if due.overdue and due.shipments:
            text += self.tr(" — OVERDUE: the pick-up time has passed")
        if due.posting is not None:
            text += self.tr("; being posted at {0}").format(due.posting.bench_name)
        return text

    def _bench(self, b: BenchFigures) -> BenchRow:
        outbox = "—"
        if b.outbox_pending is not None:
            outbox = str(b.outbox_pending)
            if b.outbox_failed:
                outbox += self.tr(" / {0} failed").format(b.outbox_failed)
        return BenchRow(
            bench=b.name,
            online=b.online,
            packer=b.packer or "—",
            packed=self.tr("{0} ({1} last hour)").format(b.orders_packed, b.last_hour),
            labels=str(b.labels),
            pack_time=f"{b.pack_time_p50_s:.0f} s" if b.pack_time_p50_s is not None else "—",
            outbox=outbox,
            held=_count(b.held_labels),
            customs=_count(b.customs_pending),
        )

    def _claim(self, claim: Claim, idle: bool) -> ClaimRow:
        since = claim.claimed_at.astimezone().strftime("%H:%M")
        who = f" · {claim.packer}" if claim.packer else ""
        return ClaimRow(
            claim.order_id,
            self.tr("{0}{1} · since {2}").format(claim.bench_name, who, since),
            idle,
        )


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)
