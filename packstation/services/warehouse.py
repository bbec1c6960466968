"""A bench in the warehouse: its order claims (with heartbeat) and its journal copied out.

``WarehouseLink`` is the bench's side of the optional warehouse store. It claims an order when
it is scanned and releases it when the order is finished or given up; a heartbeat keeps the
claims it holds alive (a bench that stops loses them after the lease). It copies the local
journal to the store in the background: the local journal stays the truth, and when the store
is down the bench packs on (claims answer OFFLINE, so only 7S's reference uniqueness stops a
second bench) and the copy catches up later. ``status`` says which, for the station bar and
``--json``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from packstation.domain.dispatch import PickupSchedule
from packstation.domain.warehouse import (
    BenchId,
    ClaimAnswer,
    ClaimOutcome,
    ManifestClaim,
    ManifestState,
    ShiftFigures,
    WarehouseCustoms,
    WarehouseManifest,
    WarehouseStatus,
    WarehouseUnavailable,
    with_manifest_due,
)
from packstation.ports import JournalFeed, WarehouseStore

log = logging.getLogger(__name__)


#: A bench that knows no pick-up times (the shift view then names only pick-ups waited for).
NO_PICKUPS = PickupSchedule(())


@dataclass(frozen=True, slots=True)
class WarehousePolicy:
    """How long claims live and how often the bench reports.

    Attributes:
        lease_s: a claim not renewed for this long is free for another bench.
        manifest_lease_s: a manifest claim not settled for this long is free again (a bench
            that stopped while posting; 7S refuses a shipment in two manifests anyway).
        heartbeat_s: how often the bench renews its claims (well inside the lease).
        copy_interval_s: how often the journal copy looks for new events when caught up.
        copy_batch: events sent in one go.
    """

    lease_s: float = 90.0
    heartbeat_s: float = 20.0
    copy_interval_s: float = 1.0
    copy_batch: int = 500
    manifest_lease_s: float = 300.0  # a bench posting a pick-up's manifest holds it this long


class WarehouseLink:
    """The bench's side of the warehouse store (see the module)."""

    def __init__(
        self,
        store: WarehouseStore,
        journal: JournalFeed,
        bench: BenchId,
        *,
        packer: str = "",
        policy: WarehousePolicy = WarehousePolicy(),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        bench_status: Callable[[], Awaitable[Mapping[str, int | None]]] | None = None,
        pickups: PickupSchedule = NO_PICKUPS,
        tz: tzinfo | None = None,
    ) -> None:
        """``bench_status``: the bench's outbox, held labels, … sent with every heartbeat for
        the shift view. ``pickups`` (in ``tz``, None: the computer's zone): when the carrier
        collects, for the shift view's next manifest due."""
        self.store = store
        self.bench = bench
        self.packer = packer
        self.policy = policy
        self._journal = journal
        self._clock = clock
        self.held: set[str] = set()
        self._to_release: set[str] = set()
        self._online: bool | None = None
        self._detail = ""
        self._since: datetime | None = None
        self._copied: int | None = None  # the store's cursor for this bench, once known
        # after an outage the cursor is asked again: a store that crashed (asynchronous
        # commit), failed over or was restored may have lost events it had taken
        self._recount = False
        self._last_local = 0
        self._wake = asyncio.Event()
        self._bench_status = bench_status
        self._pickups = pickups
        self._tz = tz
        self._manifests_done: dict[str, WarehouseManifest] = {}  # the store missed them
        #: run with every heartbeat (dispatch: publish the bench's customs shipments)
        self.on_heartbeat: list[Callable[[], Awaitable[object]]] = []

    # ------------------------------------------------------------------ status

    def status(self) -> WarehouseStatus:
        lag = max(0, self._last_local - (self._copied or 0))
        return WarehouseStatus(True, self._online, self._detail, lag, self._since)

    def _up(self) -> None:
        if self._online is not True:
            self._since = self._clock()
            if self._online is False:
                log.info("the warehouse database answers again")
        self._online, self._detail = True, ""

    def _down(self, exc: WarehouseUnavailable) -> None:
        self._recount = self._copied is not None
        if self._online is not False:
            self._since = self._clock()
            log.warning("%s; the bench packs on alone", exc)
        self._online, self._detail = False, str(exc)

    # ------------------------------------------------------------------ claims

    async def claim(
        self, order_id: str, *, takeover: bool = False, packer: str | None = None
    ) -> ClaimAnswer:
        """Claim the order for this bench; OFFLINE (not refused) when the store is down.

        ``packer``: who is signed in at the bench now (named in the claim and the heartbeat).
        """
        if packer:
            self.packer = packer
        try:
            answer = await self.store.claim(
                order_id, self.bench, self.packer, self.policy.lease_s, takeover=takeover
            )
        except WarehouseUnavailable as exc:
            self._down(exc)
            return ClaimAnswer(ClaimOutcome.OFFLINE, detail=str(exc))
        self._up()
        if answer.outcome is ClaimOutcome.GRANTED:
            self.held.add(order_id)
            self._to_release.discard(order_id)
        return answer

    async def release(self, order_id: str) -> None:
        """The order is finished or given up here: free it (later, if the store is down)."""
        self.held.discard(order_id)
        try:
            await self.store.release(order_id, self.bench)
        except WarehouseUnavailable as exc:
            self._down(exc)
            self._to_release.add(order_id)
            return
        self._up()
        self._to_release.discard(order_id)

    async def packed_at(self, order_id: str) -> tuple[str, datetime] | None:
        """Which bench bought the order's labels and when, if the store knows."""
        try:
            found = await self.store.packed_at(order_id)
        except WarehouseUnavailable as exc:
            self._down(exc)
            return None
        self._up()
        return found

    async def heartbeat(self) -> None:
        """Renew this bench's claims (and send the releases the store missed)."""
        try:
            for order_id in sorted(self._to_release):
                await self.store.release(order_id, self.bench)
                self._to_release.discard(order_id)
            for manifest in list(self._manifests_done.values()):
                await self.store.manifest_done(self.bench, manifest)
                self._manifests_done.pop(manifest.manifest_id, None)
            status = await self._status_now()
            await self.store.heartbeat(
                self.bench, self.packer, sorted(self.held), self.policy.lease_s, status
            )
        except WarehouseUnavailable as exc:
            self._down(exc)
            return
        self._up()
        await self._after_beat()

    async def _after_beat(self) -> None:
        for also in self.on_heartbeat:
            try:
                await also()
            except Exception:  # the heartbeat goes on whatever a listener does
                log.exception("a task of the warehouse heartbeat failed")

    async def _status_now(self) -> Mapping[str, int | None] | None:
        if self._bench_status is None:
            return None
        try:
            return await self._bench_status()
        except Exception:  # figures for the shift lead never stop the heartbeat
            log.exception("the bench's status for the shift view could not be read")
            return None

    # ------------------------------------------------------------------ the shift view

    async def shift(self, hours: float = 8.0, idle_min: float = 10.0) -> ShiftFigures | None:
        """The floor for the shift lead: every bench's figures of the last ``hours``; claims
        idle for ``idle_min``; the next manifest due (from the station's pick-up times). None
        when the store is down."""
        now = self._clock()
        since = now - timedelta(hours=max(0.0, hours))
        try:
            figures = await self.store.shift(
                since, online_s=max(30.0, self.policy.lease_s / 2), idle_s=idle_min * 60
            )
        except WarehouseUnavailable as exc:
            self._down(exc)
            return None
        self._up()
        return with_manifest_due(figures, self._pickups, now, self._tz)

    async def listen(
        self, changed: Callable[[], None], ready: Callable[[], None] | None = None
    ) -> None:
        """Call ``changed`` whenever a bench changes what the shift view shows (the store's
        LISTEN/NOTIFY), until cancelled; ``WarehouseUnavailable`` when the store cannot be
        listened to (the view polls meanwhile)."""
        await self.store.listen(changed, ready=ready)

    # ------------------------------------------------------------------ customs manifests

    async def publish_customs(
        self, waiting: Sequence[WarehouseCustoms]
    ) -> list[tuple[WarehouseCustoms, WarehouseManifest]] | None:
        """Tell the warehouse which customs shipments of this bench wait for a manifest; those
        of them a manifest posted elsewhere holds. None when the store is down."""
        try:
            found = await self.store.publish_customs(self.bench, waiting)
        except WarehouseUnavailable as exc:
            self._down(exc)
            return None
        self._up()
        return found

    async def customs_waiting(self) -> list[WarehouseCustoms] | None:
        """The other benches' customs shipments waiting for a manifest (None: store down)."""
        try:
            found = await self.store.customs_waiting(self.bench)
        except WarehouseUnavailable as exc:
            self._down(exc)
            return None
        self._up()
        return found

    async def manifests_since(self, since: datetime) -> list[WarehouseManifest] | None:
        """The warehouse's manifests of pick-ups from ``since`` on (None: store down)."""
        try:
            found = await self.store.manifests_since(since)
        except WarehouseUnavailable as exc:
            self._down(exc)
            return None
        self._up()
        return found

    def manifest(
        self,
        manifest_id: str,
        pickup: datetime,
        shipment_ids: Sequence[str],
        state: ManifestState = ManifestState.POSTING,
        sevensenders_id: str | None = None,
    ) -> WarehouseManifest:
        """A manifest of this bench, as the store keeps it."""
        now = self._clock()
        return WarehouseManifest(
            manifest_id=manifest_id,
            pickup=pickup,
            bench_name=self.bench.name,
            posted_by=self.packer,
            state=state,
            shipment_ids=tuple(shipment_ids),
            claimed_at=now,
            posted_at=now if state is ManifestState.POSTED else None,
            sevensenders_id=sevensenders_id,
        )

    async def claim_manifest(self, manifest: WarehouseManifest) -> ManifestClaim:
        """Claim posting the pick-up's manifest for this bench (``offline``: the store could
        not be asked, the bench posts alone)."""
        try:
            claim = await self.store.claim_manifest(
                self.bench, manifest, self.policy.manifest_lease_s
            )
        except WarehouseUnavailable as exc:
            self._down(exc)
            return ManifestClaim(False, offline=True)
        self._up()
        return claim

    async def manifest_done(self, manifest: WarehouseManifest) -> None:
        """Posted or dropped: tell the warehouse (with the next heartbeat if the store is down)."""
        try:
            await self.store.manifest_done(self.bench, manifest)
        except WarehouseUnavailable as exc:
            self._down(exc)
            self._manifests_done[manifest.manifest_id] = manifest
            return
        self._up()

    # ------------------------------------------------------------------ journal copy

    def wake(self) -> None:
        """New journal events: copy them soon."""
        self._wake.set()

    async def copy_once(self) -> int:
        """Copy what the store does not have yet; the number of events copied."""
        self._last_local = await self._journal.last_event_id()
        copied = 0
        try:
            if self._copied is None or self._recount:
                self._copied = await self.store.copied_up_to(self.bench)
                self._recount = False
            while self._copied < self._last_local:
                events = await self._journal.events_since(self._copied, self.policy.copy_batch)
                if not events:
                    break
                await self.store.copy_events(self.bench, events)
                self._copied = max(e.id or 0 for e in events)
                copied += len(events)
        except WarehouseUnavailable as exc:
            self._down(exc)
            return copied
        self._up()
        return copied

    async def flush(self, timeout_s: float) -> WarehouseStatus:
        """Copy what is left (for a one-shot command before it ends), at most ``timeout_s``."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                await self.copy_once()
                if self._to_release or self._manifests_done:
                    await self.heartbeat()
                elif self._online:
                    await self._after_beat()  # what waits here, before a command ends
        return self.status()

    async def run(self) -> None:
        """Heartbeat and journal copy until cancelled; the store being down never ends it."""
        await asyncio.gather(self._beat(), self._copy())

    async def _beat(self) -> None:
        while True:
            await self.heartbeat()
            await asyncio.sleep(self.policy.heartbeat_s)

    async def _copy(self) -> None:
        while True:
            try:
                await self.copy_once()
            except Exception:  # a journal read failing must not end the copy for good
                log.exception("journal copy to the warehouse failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.policy.copy_interval_s):
                    await self._wake.wait()
