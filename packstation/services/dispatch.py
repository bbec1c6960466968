"""Dispatch mode: this station's customs shipments not yet in a manifest, and the manifest.

A customs manifest (sevensenders-api.md §8.3) lists every customs shipment that leaves with one
pick-up; posting it starts customs clearance and it can never be changed afterwards. The shift
lead picks a pick-up, enters the number of pieces (outer containers), sees the generated
manifest id, confirms that it is final, and posts it.

* ``listing()``: accepted customs shipments of this station (the journal), cross-checked against
  GET customs shipments (one already in a manifest is marked so; one 7S does not know is left
  out with a problem), grouped by planned pick-up; plus those still waiting for 7S.
* ``preview()`` / ``post_manifest()``: the manifest id is the company prefix + the pick-up date
  + a sequence (``ACME_M20261130_01``), never with '/', unique among this station's manifests
  and at 7S. The intent is journalled before the POST; an unknown outcome is looked up before
  anything is sent again, so a manifest is never posted twice.
* ``reminder()``: a pick-up time passed with customs shipments not in a manifest (for the
  station bar; reads the journal only, never the network).

With a warehouse store (``warehouse``) the listing and the manifest are the whole warehouse's:
every bench's customs shipments of a pick-up go into one manifest, posted once by the bench
that claims the pick-up (``dispatch_warehouse``).

For Seven Senders Flex accounts there are no manifests: ``manifests_used`` is False,
``post_manifest`` raises ``ManifestNotUsed`` and there is never a reminder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo

from packstation.domain.customs import CustomsKind
from packstation.domain.customs_declaration import (
    CustomsDeclaration,
    DeclarationStatus,
    ManifestRecord,
    ManifestStatus,
)
from packstation.domain.cycle import JournalEvent, JournalKind
from packstation.domain.dispatch import (
    PickupKey,
    manifest_id,
    manifest_id_problem,
    next_sequence,
)
from packstation.domain.errors import (
    Duplicate,
    OutcomeUnknown,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.notes import Note, NoteKind
from packstation.domain.refusals import Refusal, RefusalKind
from packstation.domain.shipping import (
    CustomsShipment,
    CustomsShipmentFilter,
    Manifest,
    ManifestRequest,
)
from packstation.domain.warehouse import ManifestState, WarehouseCustoms, WarehouseManifest
from packstation.ports import CustomsStore, Journal, ShippingApi
from packstation.services import dispatch_warehouse
from packstation.services.warehouse import WarehouseLink

FLEX_TEXT = (
    "Customs manifests are not used for Seven Senders Flex accounts: Seven Senders builds the "
    "consignments itself, so there is nothing to post."
)


def _now() -> datetime:
    return datetime.now(UTC)


class ManifestError(Exception):
    """A manifest could not be posted; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ManifestNotUsed(ManifestError):
    """The account is a 7S Flex account: the manifest step does not exist."""


class ManifestIdTaken(ManifestError):
    """The manifest id was used before (by this station or at Seven Senders)."""


class NothingToManifest(ManifestError):
    """No customs shipment of the chosen pick-up is waiting for a manifest."""


class ManifestRefused(ManifestError):
    """Seven Senders refused the manifest; nothing was created there."""


class ManifestUncertain(ManifestError):
    """The POST may have been carried out; the next attempt looks it up first."""


class ManifestElsewhere(ManifestError):
    """Another bench of the warehouse posts (or posted) this pick-up's manifest: ``holder``
    (None: another bench holds the manifest id itself)."""

    def __init__(self, message: str, holder: WarehouseManifest | None = None) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True, slots=True)
class PickupGroup:
    """The customs shipments that leave with one pick-up."""

    pickup: datetime
    declarations: tuple[CustomsDeclaration, ...]
    overdue: bool
    others: tuple[WarehouseCustoms, ...] = ()  # the other benches' (warehouse store)

    @property
    def shipment_ids(self) -> tuple[str, ...]:
        return tuple(d.shipment_id for d in self.declarations) + tuple(
            o.shipment_id for o in self.others
        )

    @property
    def orders(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                [*(d.order_id for d in self.declarations), *(o.order_id for o in self.others)]
            )
        )


@dataclass(frozen=True, slots=True)
class DispatchListing:
    """What dispatch mode shows."""

    groups: tuple[PickupGroup, ...]  # accepted by 7S, not in a manifest: ready
    waiting: tuple[CustomsDeclaration, ...]  # queued, not accepted by 7S yet
    problems: tuple[Note, ...] = ()  # English, with kinds and facts for the window
    checked: bool = False  # cross-checked with Seven Senders just now
    manifests_used: bool = True
    #: the warehouse's manifests of the last day, posted or being posted (warehouse store)
    warehouse_manifests: tuple[WarehouseManifest, ...] = ()


@dataclass(frozen=True, slots=True)
class ManifestPreview:
    """What would be posted: the shift lead confirms this (it cannot change afterwards)."""

    manifest_id: str
    pickup: datetime
    declarations: tuple[CustomsDeclaration, ...]
    waiting: tuple[CustomsDeclaration, ...]  # same pick-up, not accepted yet: left out
    other_pickups: tuple[datetime, ...]
    problems: tuple[Note, ...] = ()
    others: tuple[WarehouseCustoms, ...] = ()  # the other benches' shipments of the pick-up

    @property
    def shipment_ids(self) -> tuple[str, ...]:
        return tuple(d.shipment_id for d in self.declarations) + tuple(
            o.shipment_id for o in self.others
        )

    @property
    def orders(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                [*(d.order_id for d in self.declarations), *(o.order_id for o in self.others)]
            )
        )


@dataclass(frozen=True, slots=True)
class ManifestResult:
    manifest: ManifestRecord
    declarations: tuple[CustomsDeclaration, ...]
    already_posted: bool = False  # found at 7S from an earlier attempt: not posted again
    warnings: tuple[Note, ...] = ()  # English, with kinds and facts for the window


@dataclass(frozen=True, slots=True)
class ManifestReminder:
    """For the station bar: a pick-up passed with customs shipments not in a manifest."""

    pickup: datetime
    shipments: int
    orders: tuple[str, ...]
    message: str


class DispatchService:
    """Lists, previews and posts this station's customs manifests.

    Args:
        api: Seven Senders.
        store: the station's customs declarations and manifests.
        journal: where each manifest step is recorded.
        flex: the account is a 7S Flex account (no manifests).
        prefix: the company prefix of manifest ids (letters, digits, '_', '-').
        timezone: the station's time zone (pick-up dates and times); None: the computer's.
        warehouse: the bench's link to the warehouse store: one manifest per pick-up for
            every bench's customs shipments (None: this station's own).
    """

    def __init__(
        self,
        *,
        api: ShippingApi,
        store: CustomsStore,
        journal: Journal,
        flex: bool,
        prefix: str,
        timezone: tzinfo | None = None,
        clock: Callable[[], datetime] = _now,
        warehouse: WarehouseLink | None = None,
    ) -> None:
        self._api = api
        self._warehouse = warehouse
        self._store = store
        self._journal = journal
        self._flex = flex
        self._prefix = prefix
        self._tz = timezone
        self._clock = clock

    @property
    def manifests_used(self) -> bool:
        return not self._flex

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._tz) if self._tz is not None else moment.astimezone()

    # ------------------------------------------------------------------ listing

    async def listing(self, *, check: bool = True) -> DispatchListing:
        """Customs shipments not in a manifest, by pick-up (cross-checked with 7S by default)."""
        mine = [
            d
            for d in await self._store.declarations(
                statuses=(DeclarationStatus.ACCEPTED, DeclarationStatus.QUEUED), limit=10_000
            )
            if d.kind is CustomsKind.SEVEN_SENDERS_CUSTOMS and d.manifest_id is None
        ]
        waiting = tuple(d for d in mine if d.status is DeclarationStatus.QUEUED)
        ready = [d for d in mine if d.status is DeclarationStatus.ACCEPTED]
        now = self._clock()
        warehouse = dispatch_warehouse.WarehouseView(tuple(ready))
        if self._warehouse is not None and not self._flex:
            warehouse = await dispatch_warehouse.view(
                self._warehouse, self._store, ready, self._tz, now
            )
            ready = list(warehouse.ready)
        problems: list[Note] = list(warehouse.problems)
        others = warehouse.others
        checked = False
        if check and (ready or others):
            try:
                ready, found_problems = await self._cross_check(ready)
                others, other_problems = await dispatch_warehouse.cross_check(
                    self._api, others, self._tz
                )
            except ShippingApiError as exc:
                problems.append(
                    Note(
                        NoteKind.CUSTOMS_NOT_CHECKED,
                        f"Seven Senders could not be asked just now ({exc}).",
                        exc,
                    )
                )
            else:
                problems.extend([*found_problems, *other_problems])
                checked = True
        by_pickup: dict[datetime, list[CustomsDeclaration]] = {}
        for d in ready:
            if d.planned_pickup is None:
                problems.append(
                    Note(
                        NoteKind.NO_PLANNED_PICKUP,
                        f"{d.order_id} parcel {d.parcel_no}: no planned pick-up",
                        order_id=d.order_id,
                        parcel=d.parcel_no,
                    )
                )
                continue
            by_pickup.setdefault(d.planned_pickup, []).append(d)
        theirs: dict[datetime, list[WarehouseCustoms]] = {}
        for o in others:
            theirs.setdefault(o.planned_pickup, []).append(o)
        groups = tuple(
            PickupGroup(
                pickup,
                tuple(by_pickup.get(pickup, ())),
                pickup <= now,
                tuple(theirs.get(pickup, ())),
            )
            for pickup in sorted(by_pickup.keys() | theirs.keys())
        )
        return DispatchListing(
            groups,
            waiting,
            tuple(problems),
            checked,
            not self._flex,
            warehouse.manifests,
        )

    async def sync_warehouse(self) -> None:
        """Publish this bench's customs shipments to the warehouse store and take in those a
        manifest posted at another bench holds (with every heartbeat)."""
        if self._warehouse is None or self._flex:
            return
        ready = [
            d
            for d in await self._store.declarations(
                statuses=(DeclarationStatus.ACCEPTED,), limit=10_000
            )
            if d.kind is CustomsKind.SEVEN_SENDERS_CUSTOMS and d.manifest_id is None
        ]
        await dispatch_warehouse.sync(self._warehouse, self._store, ready, self._tz)

    async def _cross_check(
        self, ready: Sequence[CustomsDeclaration]
    ) -> tuple[list[CustomsDeclaration], list[Note]]:
        """Keep what 7S holds and has not manifested; mark what it manifested; flag the rest."""
        seen: dict[str, CustomsShipment] = {}
        days = sorted({self.local(d.planned_pickup).date() for d in ready if d.planned_pickup})
        for day in days:
            for found in await self._api.list_customs_shipments(
                CustomsShipmentFilter(planned_pickup_date=day.isoformat())
            ):
                seen.setdefault(str(found.shipment_id), found)
        kept: list[CustomsDeclaration] = []
        problems: list[Note] = []
        for d in ready:
            row: CustomsShipment | None = seen.get(d.shipment_id)
            if row is None:  # another date at 7S, or gone: ask for this one shipment
                rows = await self._api.list_customs_shipments(
                    CustomsShipmentFilter(shipment_id=d.shipment_id)
                )
                row = next((r for r in rows if str(r.shipment_id) == d.shipment_id), None)
            if row is None:
                text = (
                    f"{d.order_id} parcel {d.parcel_no} (shipment {d.shipment_id}): Seven "
                    "Senders has no customs shipment for it any more; left out of the manifest "
                    f"(send it again with `packstation customs retry {d.order_id}`)."
                )
                gone = Note(
                    NoteKind.CUSTOMS_GONE,
                    text,
                    order_id=d.order_id,
                    parcel=d.parcel_no,
                    shipment=d.shipment_id,
                )
                await self._store.save_declaration(
                    replace(d, status=DeclarationStatus.REFUSED, customs_id=None, note=gone)
                )
                problems.append(gone)
                continue
            if row.manifest_id:
                await self._store.save_declaration(
                    replace(
                        d,
                        status=DeclarationStatus.MANIFESTED,
                        manifest_id=row.manifest_id,
                        customs_id=d.customs_id or row.id,
                        note=Note(
                            NoteKind.ALREADY_IN_MANIFEST,
                            f"in manifest {row.manifest_id} (found at Seven Senders)",
                            order_id=d.order_id,
                            parcel=d.parcel_no,
                            manifest_id=row.manifest_id,
                        ),
                    )
                )
                problems.append(
                    Note(
                        NoteKind.ALREADY_IN_MANIFEST,
                        f"{d.order_id} parcel {d.parcel_no} is already in manifest "
                        f"{row.manifest_id}.",
                        order_id=d.order_id,
                        parcel=d.parcel_no,
                        manifest_id=row.manifest_id,
                    )
                )
                continue
            kept.append(d)
        return kept, problems

    # ------------------------------------------------------------------ the manifest

    async def preview(
        self, pickup: PickupKey | None = None, manifest_ref: str | None = None
    ) -> ManifestPreview:
        """The manifest that ``post_manifest`` would post (nothing is sent)."""
        self._require_manifests()
        await self._recover_intents()
        listing = await self.listing(check=True)
        group = self._choose(listing, pickup)
        waiting = tuple(
            d
            for d in listing.waiting
            if d.planned_pickup is not None and d.planned_pickup == group.pickup
        )
        known = [m.manifest_id for m in listing.warehouse_manifests]
        chosen = await self._manifest_id(group, manifest_ref, known)
        return ManifestPreview(
            manifest_id=chosen,
            pickup=group.pickup,
            declarations=group.declarations,
            waiting=waiting,
            other_pickups=tuple(g.pickup for g in listing.groups if g.pickup != group.pickup),
            problems=listing.problems,
            others=group.others,
        )

    async def post_manifest(
        self,
        *,
        pieces: int,
        pickup: PickupKey | None = None,
        manifest_ref: str | None = None,
        acknowledge_final: bool = False,
        reference: str | None = None,
        comment: str | None = None,
    ) -> ManifestResult:
        """Post the manifest of one pick-up (the earliest unless ``pickup`` says otherwise).

        ``acknowledge_final`` must be True: a posted manifest can never be changed (errors go
        to the 7S contact). Raises a ``ManifestError`` subclass with a plain message.
        """
        self._require_manifests()
        if pieces < 1:
            raise Refusal(
                RefusalKind.PIECES_NEEDED,
                "pieces (outer containers: pallets, cages, boxes) must be at least 1",
            )
        if not acknowledge_final:
            raise Refusal(
                RefusalKind.MANIFEST_NOT_CONFIRMED,
                "a manifest cannot be changed once posted: confirm that it is final first",
            )
        recovered = await self._recover_intents()
        preview = await self.preview(pickup, manifest_ref)
        warnings = [
            Note(
                NoteKind.MANIFEST_RECOVERED,
                f"Manifest {m.manifest_id} from an earlier attempt is posted.",
                manifest_id=m.manifest_id,
            )
            for m in recovered
        ]
        warnings += list(preview.problems)
        if preview.waiting:
            shipments = ", ".join(f"{d.order_id}/{d.parcel_no}" for d in preview.waiting)
            warnings.append(
                Note(
                    NoteKind.SHIPMENTS_WAITING,
                    f"{len(preview.waiting)} customs shipment(s) of this pick-up are not "
                    f"accepted by Seven Senders yet and are not in this manifest: {shipments}",
                    count=len(preview.waiting),
                    shipments=shipments,
                )
            )
        warnings += await self._claim(preview)
        record = ManifestRecord(
            manifest_id=preview.manifest_id,
            pickup=preview.pickup,
            shipment_ids=preview.shipment_ids,
            pieces=pieces,
            status=ManifestStatus.INTENT,
            created_at=self._clock(),
            reference=reference,
            comment=comment,
        )
        await self._store.save_manifest(record)
        await self._event(JournalKind.MANIFEST_INTENT, record)
        return await self._send(record, tuple(warnings))

    async def _send(self, record: ManifestRecord, warnings: tuple[Note, ...]) -> ManifestResult:
        """POST the manifest ``record`` describes (saved as an intent before).

        After a duplicate, an unknown outcome or a refusal, the manifest looked up by its id
        decides: ours (the same shipments) counts as posted, never posted twice.
        """
        request = ManifestRequest(
            manifest_id=record.manifest_id,
            shipment_ids=record.shipment_ids,
            pieces=record.pieces,
            reference=record.reference,
            comment=record.comment,
        )
        already = False
        posted: Manifest | None
        try:
            posted = await self._api.create_manifest(request)
        except Duplicate:
            posted = await self._ours_at_7s(record)
            if posted is None:
                raise await self._id_taken(record) from None
            already = True
        except OutcomeUnknown as exc:
            posted = await self._ours_at_7s(record)
            if posted is None:
                raise ManifestUncertain(
                    f"It is not known whether Seven Senders received manifest "
                    f"{record.manifest_id} ({exc}). Run the command again: the station looks it "
                    "up first and never posts it twice."
                ) from None
            already = True
        except ValidationFailed as exc:
            posted = await self._ours_after_refusal(record, exc)
            already = True
        except ShippingApiError as exc:  # unreachable, auth: nothing was created
            await self._give_up(record, str(exc))
            raise ManifestRefused(
                f"Manifest {record.manifest_id} was not posted: {exc}. Nothing changed; try "
                "again when Seven Senders answers."
            ) from None
        assert posted is not None
        return await self._posted(record, posted, already, warnings)

    async def _ours_after_refusal(self, record: ManifestRecord, exc: ValidationFailed) -> Manifest:
        """Our manifest when 7S has it after all; otherwise the refusal as a ``ManifestError``.

        A refusal (a duplicate in whatever words): the manifest looked up by its id decides
        first — ours (same shipments) is posted, never by the answer's wording.
        """
        posted = await self._ours_at_7s(record)
        if posted is not None:
            return posted
        if await self._taken_at_7s(record.manifest_id):  # the id, with other shipments
            raise await self._id_taken(record) from None
        if exc.violations and all(not v.field for v in exc.violations):
            # refused for the account, not for any field of the manifest: the way 7S
            # refuses manifests of a Flex account (decided by what the refusal names,
            # never by its wording)
            await self._give_up(record, f"refused for this account: {exc.message}")
            raise ManifestNotUsed(
                f"{FLEX_TEXT} Seven Senders refused the manifest for this account, not for "
                f"any of its data ({exc.message}): if it is a Flex account, set "
                "PACKSTATION_7S_FLEX=true."
            ) from None
        await self._give_up(record, str(exc))
        raise ManifestRefused(self._refusal_text(record, exc)) from None

    async def _id_taken(self, record: ManifestRecord) -> ManifestIdTaken:
        """Give the manifest up: its id is used at 7S for other shipments; the error to raise."""
        await self._give_up(record, "the manifest id is already used at Seven Senders")
        return ManifestIdTaken(
            f"The manifest id {record.manifest_id} is already used at Seven Senders "
            "(manifest ids are unique across all its customers). Nothing was posted; "
            "choose another with --manifest-id, or leave it out to get a new one."
        )

    async def _claim(self, preview: ManifestPreview) -> list[Note]:
        """Claim the pick-up's manifest in the warehouse store (one bench posts it); warnings.

        Raises ``ManifestElsewhere`` when another bench posts it or posted its shipments."""
        link = self._warehouse
        if link is None:
            return []
        claim = await link.claim_manifest(
            link.manifest(preview.manifest_id, preview.pickup, preview.shipment_ids)
        )
        if claim.offline:
            return [dispatch_warehouse.OFFLINE_TEXT]
        if not claim.granted:
            raise ManifestElsewhere(
                dispatch_warehouse.refused_text(claim, preview.manifest_id, self._tz),
                claim.holder,
            )
        return []

    async def _tell_warehouse(self, record: ManifestRecord, state: ManifestState) -> None:
        if self._warehouse is None or record.pickup is None:
            return
        await self._warehouse.manifest_done(
            self._warehouse.manifest(
                record.manifest_id,
                record.pickup,
                record.shipment_ids,
                state,
                record.sevensenders_id,
            )
        )

    async def _posted(
        self, record: ManifestRecord, posted: Manifest, already: bool, warnings: tuple[Note, ...]
    ) -> ManifestResult:
        done = replace(
            record,
            status=ManifestStatus.POSTED,
            sevensenders_id=posted.id,
            posted_at=self._clock(),
            note="found at Seven Senders after an unknown outcome" if already else "",
        )
        await self._store.save_manifest(done)
        declarations: list[CustomsDeclaration] = []
        for shipment_id in done.shipment_ids:
            d = await self._store.declaration(shipment_id)
            if d is None:
                continue
            d = replace(d, status=DeclarationStatus.MANIFESTED, manifest_id=done.manifest_id)
            await self._store.save_declaration(d)
            declarations.append(d)
        await self._event(JournalKind.MANIFEST_POSTED, done, {"already_posted": already})
        await self._tell_warehouse(done, ManifestState.POSTED)
        return ManifestResult(done, tuple(declarations), already, warnings)

    async def _ours_at_7s(self, record: ManifestRecord) -> Manifest | None:
        """The manifest at 7S when it is the one this record describes (same shipments)."""
        found = await self._api.find_manifest(record.manifest_id)
        if found is None:
            return None
        if {str(s) for s in found.shipment_ids} == {str(s) for s in record.shipment_ids}:
            return found
        return None

    async def _give_up(self, record: ManifestRecord, reason: str) -> None:
        refused = replace(record, status=ManifestStatus.REFUSED, note=reason)
        await self._store.save_manifest(refused)
        await self._event(JournalKind.MANIFEST_REFUSED, refused, {"reason": reason})
        await self._tell_warehouse(refused, ManifestState.DROPPED)

    async def _recover_intents(self) -> list[ManifestRecord]:
        """Settle manifests whose POST had an unknown outcome: posted (found) or not."""
        recovered: list[ManifestRecord] = []
        for record in await self._store.manifests(statuses=(ManifestStatus.INTENT,)):
            try:
                found = await self._ours_at_7s(record)
            except ShippingApiError:
                continue  # still unknown: looked up again next time
            if found is not None:
                result = await self._posted(record, found, True, ())
                recovered.append(result.manifest)
            else:
                await self._give_up(record, "not found at Seven Senders: it was never posted")
        return recovered

    def _refusal_text(self, record: ManifestRecord, exc: ValidationFailed) -> str:
        lines = []
        for v in exc.violations:
            where = v.field
            if v.field.startswith("shipment_ids[") and v.field.endswith("]"):
                try:
                    index = int(v.field[len("shipment_ids[") : -1])
                    where = f"shipment {record.shipment_ids[index]}"
                except (ValueError, IndexError):
                    pass
            lines.append(f"{where}: {v.message}" if where else v.message)
        detail = "; ".join(lines) or exc.message
        return f"Seven Senders refused manifest {record.manifest_id}; nothing was created: {detail}"

    async def _manifest_id(
        self, group: PickupGroup, wanted: str | None, known: Sequence[str] = ()
    ) -> str:
        """The given id (checked) or the next free generated one (``known``: the warehouse's
        manifests of other benches are taken too)."""
        posted = await self._store.manifests(
            statuses=(ManifestStatus.POSTED, ManifestStatus.INTENT), limit=10_000
        )
        if wanted is not None:
            problem = manifest_id_problem(wanted)
            if problem:
                raise Refusal(RefusalKind.MANIFEST_ID_INVALID, problem, manifest_id=wanted)
            for m in posted:
                if m.manifest_id == wanted:
                    raise ManifestIdTaken(
                        f"The manifest id {wanted} was already used by this station (posted "
                        f"{self.local(m.posted_at or m.created_at):%Y-%m-%d %H:%M}); a manifest "
                        "id can be used only once. Choose another, or leave --manifest-id out."
                    )
            if await self._taken_at_7s(wanted):
                raise ManifestIdTaken(
                    f"The manifest id {wanted} is already used at Seven Senders (manifest ids are "
                    "unique across all its customers). Choose another, or leave --manifest-id out."
                )
            return wanted
        day = self.local(group.pickup).date()
        taken = [m.manifest_id for m in posted] + list(known)
        sequence = next_sequence(self._prefix, day, taken)
        for _ in range(100):
            candidate = manifest_id(self._prefix, day, sequence)
            if not await self._taken_at_7s(candidate):
                return candidate
            sequence += 1
        raise ManifestError(f"No free manifest id for {day} after 100 tries.")

    async def _taken_at_7s(self, candidate: str) -> bool:
        return await self._api.find_manifest(candidate) is not None

    def _choose(self, listing: DispatchListing, pickup: PickupKey | None) -> PickupGroup:
        if not listing.groups:
            waiting = (
                f" {len(listing.waiting)} are still waiting to be accepted by Seven Senders."
                if listing.waiting
                else ""
            )
            raise NothingToManifest(
                "No customs shipment of this station is waiting for a manifest."
                + waiting
                + dispatch_warehouse.posted_elsewhere_text(listing.warehouse_manifests, self._tz)
            )
        if pickup is None:
            return listing.groups[0]
        matching = [g for g in listing.groups if pickup.matches(g.pickup, self._tz)]
        if not matching:
            known = ", ".join(f"{self.local(g.pickup):%Y-%m-%d %H:%M}" for g in listing.groups)
            raise NothingToManifest(
                f"No customs shipment waits for a pick-up on {pickup.day}"
                + (f" at {pickup.at:%H:%M}" if pickup.at else "")
                + f". Pick-ups waiting for a manifest: {known}."
            )
        if len(matching) > 1:
            times = ", ".join(f"{self.local(g.pickup):%H:%M}" for g in matching)
            raise Refusal(
                RefusalKind.PICKUP_AMBIGUOUS,
                f"{pickup.day} has several pick-ups ({times}): give the time too, e.g. "
                f"{pickup.day}T{self.local(matching[0].pickup):%H:%M}.",
                day=str(pickup.day),
                times=times,
            )
        return matching[0]

    def _require_manifests(self) -> None:
        if self._flex:
            raise ManifestNotUsed(FLEX_TEXT)

    async def _event(
        self, kind: JournalKind, record: ManifestRecord, extra: dict[str, object] | None = None
    ) -> None:
        await self._journal.append(
            JournalEvent(
                kind=kind,
                detail={
                    "manifest_id": record.manifest_id,
                    "pickup": record.pickup.isoformat() if record.pickup else None,
                    "shipment_ids": list(record.shipment_ids),
                    "pieces": record.pieces,
                    "sevensenders_id": record.sevensenders_id,
                    **(extra or {}),
                },
            )
        )

    # ------------------------------------------------------------------ the reminder

    async def reminder(self, now: datetime | None = None) -> ManifestReminder | None:
        """A reminder when a pick-up time has passed with customs shipments not manifested.

        Reads the station's journal only (cheap enough for a station bar to call every
        minute). Never for Flex accounts.
        """
        if self._flex:
            return None
        moment = now or self._clock()
        late = [
            d
            for d in await self._store.declarations(
                statuses=(DeclarationStatus.ACCEPTED, DeclarationStatus.QUEUED), limit=10_000
            )
            if d.kind is CustomsKind.SEVEN_SENDERS_CUSTOMS
            and d.manifest_id is None
            and d.planned_pickup is not None
            and d.planned_pickup <= moment
        ]
        if not late:
            return None
        first = min(d.planned_pickup for d in late if d.planned_pickup is not None)
        orders = tuple(dict.fromkeys(d.order_id for d in late))
        when = self.local(first)
        return ManifestReminder(
            pickup=first,
            shipments=len(late),
            orders=orders,
            message=(
                f"The pick-up of {when:%a %d.%m. %H:%M} has passed and {len(late)} customs "
                "shipment(s) are not in a manifest yet: post the manifest (dispatch)."
            ),
        )


__all__ = [
    "FLEX_TEXT",
    "DispatchListing",
    "DispatchService",
    "ManifestElsewhere",
    "ManifestError",
    "ManifestIdTaken",
    "ManifestNotUsed",
    "ManifestPreview",
    "ManifestRefused",
    "ManifestReminder",
    "ManifestResult",
    "ManifestUncertain",
    "NothingToManifest",
    "PickupGroup",
]
