"""The customs step behind the packing session's seam, and what the customs dialog needs.

After the labels of an order are bought, the packing service asks ``RuleCustomsPolicy`` whether
the destination needs customs (the rule table in ``domain/customs.py``) and hands the order and
its labels to ``CustomsService.plan``. For each parcel the service pre-fills a declaration from
the order and the product data (articles, invoice id and date, incoterm, the next pick-up of
the station's schedule, departure country, tracking code) and validates it:

* **7S customs shipment**: a valid declaration is queued in the outbox (atomically with the
  cycle's follow-ups) and is *pending* until Seven Senders accepts it. 7S accepts each shipment
  id once, so a "duplicate" answer to a resent POST means it is there already: done.
* **documents only**: the commercial invoice / CN23 is rendered, filed in the data dir and
  printed on the document printer (when one is configured).
* a declaration with missing or invalid fields is kept as *needs data* with the list of
  problems; nothing is sent. Headless, ``packstation pack`` fails with that list; at the bench
  the customs dialog shows it.

The dialog's API: ``draft(order_id)`` returns the pre-filled drafts with their problems,
``check(draft)`` validates an edited draft without keeping it, ``submit(draft)`` keeps and
sends (or prints) it, ``rebuild(order_id)`` pre-fills again from fresh merchant and product
data. With ``confirm_before_sending`` (the GUI) even a complete declaration waits for the
packer's confirmation. Nothing here touches Qt or speaks HTTP.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo

from packstation.domain.customs import (
    DEFAULT_INCOTERM,
    DEFAULT_INCOTERMS,
    DEFAULT_SEVEN_SENDERS_COUNTRIES,
    CustomsDecision,
    CustomsKind,
    decide_customs,
    incoterm_for,
)
from packstation.domain.customs_declaration import (
    CommercialInvoice,
    CustomsDeclaration,
    CustomsDraft,
    DeclarationStatus,
    FieldProblem,
    invoice_id_for,
    invoice_language,
    request_from_plain,
    request_to_plain,
    to_request,
    validate_draft,
)
from packstation.domain.cycle import (
    JournalEvent,
    JournalKind,
    LabelAttempt,
    NewOutboxEntry,
    OutboxEntry,
    OutboxKind,
    OutboxStatus,
)
from packstation.domain.dispatch import PickupSchedule
from packstation.domain.errors import (
    Duplicate,
    NotFound,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.notes import Note, NoteKind
from packstation.domain.orders import MerchantOrder, OrderLine, OrderSourceError
from packstation.domain.printing import PrinterError
from packstation.domain.shipping import (
    Address,
    CustomsShipment,
    CustomsShipmentFilter,
    LabelDocument,
    LabelFormat,
    Product,
)
from packstation.ports import (
    CustomsStore,
    InvoiceMaker,
    Journal,
    LabelPrinter,
    OrderSource,
    OutboxStore,
    ShippingApi,
)
from packstation.services.customs_notes import invoice_note, refusal_note
from packstation.services.customs_prefill import article_of, attempt_of, parcel_contents
from packstation.services.customs_step import CustomsPlan
from packstation.services.outbox import Parked

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class CustomsSettings:
    """The station's customs settings, as plain values from the composition root.

    Attributes:
        departure_country: where parcels leave from (the warehouse's country, not the goods').
        seven_senders_countries: destinations enabled for the account's 7S customs service.
        incoterm_default, incoterms: DDP unless a destination says otherwise (GB: DAP).
        pickup_schedule, timezone: when the carrier collects (the planned pick-up).
        invoice_carriers: carriers that always need a printed commercial invoice ("ups" or
            "ups:DE"), even when 7S does the customs.
        confirm_before_sending: the packer confirms every declaration in the dialog first
            (the bench GUI); headless, a complete declaration is sent straight away.
        sender: the exporter printed on the invoice.
    """

    departure_country: str = "DE"
    seven_senders_countries: frozenset[str] = frozenset(DEFAULT_SEVEN_SENDERS_COUNTRIES)
    incoterm_default: str = DEFAULT_INCOTERM
    incoterms: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_INCOTERMS))
    pickup_schedule: PickupSchedule = field(default_factory=lambda: PickupSchedule(()))
    timezone: tzinfo | None = None
    invoice_carriers: frozenset[str] = frozenset()
    confirm_before_sending: bool = False
    sender: Address | None = None


class RuleCustomsPolicy:
    """``CustomsPolicy`` from the rule table: customs is needed unless the decision is none."""

    def __init__(self, settings: CustomsSettings) -> None:
        self._settings = settings

    def decision(self, order: MerchantOrder) -> CustomsDecision:
        return decide_customs(
            self._settings.departure_country,
            order.recipient.country,
            order.recipient.zip,
            self._settings.seven_senders_countries,
        )

    def __call__(self, order: MerchantOrder) -> bool:
        return self.decision(order).needed


@dataclass(frozen=True, slots=True)
class DraftSet:
    """An order's customs declarations, one per parcel, as the dialog shows them."""

    order_id: str
    decision: CustomsDecision | None
    declarations: tuple[CustomsDeclaration, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        """Every problem, prefixed with its parcel ("parcel 1/2: articles[0].hs_code: …")."""
        return tuple(
            f"parcel {d.parcel_no}/{d.parcel_count}: {p}"
            for d in self.declarations
            for p in d.problems
        )

    @property
    def complete(self) -> bool:
        return all(not d.problems for d in self.declarations)


@dataclass(frozen=True, slots=True)
class SubmitResult:
    """What ``submit`` did: nothing (``problems``), queued for 7S, or made the invoice."""

    declaration: CustomsDeclaration
    problems: tuple[FieldProblem, ...] = ()
    message: str = ""

    @property
    def accepted(self) -> bool:
        """The declaration was taken (queued or documented); False: fix ``problems``."""
        return not self.problems


class CustomsService:
    """Prepares, checks and files the customs declarations of the station's parcels.

    Args:
        api: Seven Senders.
        store: where declarations are kept.
        journal: where each step is recorded.
        outbox_store: the durable queue (for declarations submitted from the dialog).
        invoices: renders and files the commercial invoice.
        settings: departure country, enabled countries, incoterms, pick-up schedule, …
        document_printer: where invoices are printed (None: they are filed only).
        orders: the merchant's order source, for ``rebuild`` with fresh data.
        on_queued: called when something was put in the outbox (wakes the outbox).
    """

    def __init__(
        self,
        *,
        api: ShippingApi,
        store: CustomsStore,
        journal: Journal,
        outbox_store: OutboxStore,
        invoices: InvoiceMaker,
        settings: CustomsSettings | None = None,
        document_printer: LabelPrinter | None = None,
        orders: OrderSource | None = None,
        on_queued: Callable[[], None] | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._api = api
        self._store = store
        self._journal = journal
        self._outbox_store = outbox_store
        self._invoices = invoices
        self._settings = settings or CustomsSettings()
        self._printer = document_printer
        self._orders = orders
        self._on_queued = on_queued
        self._clock = clock
        self._policy = RuleCustomsPolicy(self._settings)

    @property
    def settings(self) -> CustomsSettings:
        return self._settings

    @property
    def policy(self) -> RuleCustomsPolicy:
        """The packing session's ``customs_policy``."""
        return self._policy

    @property
    def document_printer(self) -> LabelPrinter | None:
        return self._printer

    def decision(self, order: MerchantOrder) -> CustomsDecision:
        return self._policy.decision(order)

    # ------------------------------------------------------------------ the seam

    async def plan(
        self, order: MerchantOrder, labels: Sequence[LabelAttempt], cycle_id: str
    ) -> CustomsPlan:
        """Prepare every parcel's declaration (``CustomsStep``): queue, print or hold it."""
        decision = self.decision(order)
        if not decision.needed:
            return CustomsPlan(needed=False)
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.CUSTOMS_DECISION,
                order_id=order.order_id,
                cycle_id=cycle_id,
                detail={
                    "kind": decision.kind.value,
                    "territory": decision.territory,
                    "reason": decision.reason,
                },
            )
        )
        live = [a for a in labels if a.shipment_id and a.live]
        if not live:
            none = Note(
                NoteKind.CUSTOMS_NOT_PREPARED,
                f"Customs: {decision.reason}; no label is bought yet, nothing prepared.",
                order_id=order.order_id,
            )
            return CustomsPlan(needed=True, notes=(none,))
        existing = {
            d.shipment_id: d for d in await self._store.declarations(order_id=order.order_id)
        }
        drafts = await self._build_drafts(order, live, decision, existing)
        queued_ids = await self._queued_shipment_ids(order.order_id)
        entries: list[NewOutboxEntry] = []
        notes: list[Note] = [
            Note(
                NoteKind.CUSTOMS_NEEDED,
                f"Customs: {decision.reason}.",
                order_id=order.order_id,
                departure=decision.departure,
                destination=decision.destination,
                territory=decision.territory or decision.destination,
            )
        ]
        for attempt, draft in zip(live, drafts, strict=True):
            before = existing.get(draft.shipment_id)
            if before is not None and before.status in (
                DeclarationStatus.ACCEPTED,
                DeclarationStatus.MANIFESTED,
                DeclarationStatus.DOCUMENTS,
                DeclarationStatus.WITHDRAWN,
            ):
                continue  # done (or taken back) in an earlier run of this cycle
            if before is not None and before.status is DeclarationStatus.QUEUED:
                if before.shipment_id not in queued_ids:  # the follow-ups were not saved
                    entries.append(self._entry(before, cycle_id))
                continue
            if before is not None and before.status is not DeclarationStatus.REFUSED:
                draft = before.draft  # the packer's edits (or the earlier pre-fill) stand
            declaration = CustomsDeclaration(
                shipment_id=draft.shipment_id,
                order_id=order.order_id,
                parcel_no=attempt.parcel_no,
                parcel_count=attempt.parcel_count,
                cycle_id=cycle_id,
                kind=decision.kind,
                status=DeclarationStatus.NEEDS_DATA,
                draft=draft,
                created_at=before.created_at if before else None,
            )
            outcome = await self._take(declaration, order, confirmed=False)
            if outcome.entry is not None:
                entries.append(outcome.entry)
            notes.extend(outcome.notes)
        return CustomsPlan(needed=True, entries=tuple(entries), notes=tuple(notes))

    # ------------------------------------------------------------------ the dialog

    async def draft(self, order_id: str) -> DraftSet:
        """The order's declarations with their problems, pre-filled (for the dialog)."""
        declarations = await self._store.declarations(order_id=order_id)
        decision = None
        if declarations:
            first = declarations[0].draft
            decision = CustomsDecision(
                declarations[0].kind,
                first.reason,
                first.territory,
                first.departure_country,
                first.destination_country,
            )
        return DraftSet(order_id, decision, tuple(declarations))

    def check(self, draft: CustomsDraft) -> tuple[FieldProblem, ...]:
        """The problems of an edited draft, without keeping or sending anything."""
        return validate_draft(draft)

    async def submit(self, draft: CustomsDraft) -> SubmitResult:
        """Keep an edited draft and, when it is complete, send it (or print its invoice).

        The parcel's identity (shipment, tracking code, order, kind) always comes from the
        label, whatever the draft says. Refused (``ValueError``) once Seven Senders has the
        declaration or it is on its way; ``LookupError`` for a parcel the station does not know.
        """
        before = await self._store.declaration(draft.shipment_id)
        if before is None:
            raise LookupError(
                f"No customs declaration is prepared for shipment {draft.shipment_id} at this "
                "station."
            )
        if before.status in (
            DeclarationStatus.QUEUED,
            DeclarationStatus.ACCEPTED,
            DeclarationStatus.MANIFESTED,
        ):
            raise ValueError(
                f"The customs declaration of {before.order_id} parcel {before.parcel_no} is "
                f"already {before.status.value.replace('_', ' ')}; it cannot be changed here."
            )
        fixed = replace(
            draft,
            order_id=before.order_id,
            shipment_id=before.shipment_id,
            tracking_code=before.draft.tracking_code,
            parcel_no=before.parcel_no,
            parcel_count=before.parcel_count,
            kind=before.kind,
            destination_country=before.draft.destination_country,
            territory=before.draft.territory,
            reason=before.draft.reason,
        )
        order = await self._order_for(before)
        outcome = await self._take(replace(before, draft=fixed), order, confirmed=True)
        if outcome.entry is not None:
            await self._outbox_store.enqueue([outcome.entry])
            self._queued()
        return SubmitResult(outcome.declaration, outcome.declaration.problems, outcome.message)

    async def rebuild(self, order_id: str) -> DraftSet:
        """Pre-fill the order's open declarations again from fresh merchant and product data,
        then send (or print) the complete ones — ``packstation customs retry``.

        A parcel whose label was replaced (void with a replacement) gets its declaration here:
        the parcels are the cycle's live labels, and the articles are spread over all of them.
        """
        declarations = await self._store.declarations(order_id=order_id)
        if not declarations:
            raise LookupError(f"No customs declaration of order {order_id} is at this station.")
        latest = declarations[-1]
        order = await self._order_for(latest, fresh=True)
        if order is None:
            raise LookupError(f"The merchant's data of order {order_id} cannot be read.")
        decision = self.decision(order)
        by_shipment = {d.shipment_id: d for d in declarations}
        attempts = [
            a for a in await self._journal.attempts(latest.cycle_id) if a.live and a.shipment_id
        ]
        if not attempts:  # the journal no longer has the labels: the declarations' own facts
            attempts = [
                attempt_of(d) for d in declarations if d.status is not DeclarationStatus.WITHDRAWN
            ]
        drafts = await self._build_drafts(order, attempts, decision, by_shipment)
        queued_ids = await self._queued_shipment_ids(order_id)
        entries: list[NewOutboxEntry] = []
        for attempt, draft in zip(attempts, drafts, strict=True):
            before = by_shipment.get(draft.shipment_id)
            if before is not None and before.status is DeclarationStatus.QUEUED:
                if before.shipment_id not in queued_ids:
                    entries.append(self._entry(before, before.cycle_id))
                continue
            if before is not None and not before.status.open:
                continue  # accepted, manifested, documented or withdrawn: left as it is
            declaration = before or CustomsDeclaration(
                shipment_id=draft.shipment_id,
                order_id=order_id,
                parcel_no=attempt.parcel_no,
                parcel_count=attempt.parcel_count,
                cycle_id=attempt.cycle_id,
                kind=decision.kind,
                status=DeclarationStatus.NEEDS_DATA,
                draft=draft,
            )
            outcome = await self._take(replace(declaration, draft=draft), order, confirmed=True)
            if outcome.entry is not None:
                entries.append(outcome.entry)
        if entries:
            await self._outbox_store.enqueue(entries)
            self._queued()
        return await self.draft(order_id)

    async def withdraw(self, tracking_or_shipment: str, reason: str) -> CustomsDeclaration:
        """Withdraw a parcel's declaration (before its label is voided): deleted at 7S when it
        was accepted there. Refused (``ValueError``) once it is in a manifest or while it is
        still on its way; ``LookupError`` when the station has no declaration for it.
        """
        text = " ".join(reason.split())
        if not text:
            raise ValueError("a reason is needed to withdraw a customs declaration")
        key = tracking_or_shipment.strip()
        found = await self._store.declaration(key)
        if found is None:
            found = next(
                (d for d in await self._store.declarations() if d.tracking_code == key), None
            )
        if found is None:
            raise LookupError(f"No customs declaration for {key} is at this station.")
        d = found
        if d.status is DeclarationStatus.WITHDRAWN:
            return d
        if d.status is DeclarationStatus.MANIFESTED:
            raise ValueError(
                f"The customs shipment of {d.order_id} parcel {d.parcel_no} is in manifest "
                f"{d.manifest_id}, which can no longer change: ask your Seven Senders contact."
            )
        if d.status is DeclarationStatus.QUEUED:
            raise ValueError(
                f"The customs shipment of {d.order_id} parcel {d.parcel_no} is still on its way "
                "to Seven Senders; withdraw it once it is accepted."
            )
        if d.status is DeclarationStatus.ACCEPTED and d.customs_id:
            with contextlib.suppress(NotFound):  # gone at 7S already: withdrawn either way
                await self._api.delete_customs_shipment(d.customs_id)
        note = Note(NoteKind.CUSTOMS_WITHDRAWN, f"withdrawn: {text}", reason=text)
        withdrawn = replace(d, status=DeclarationStatus.WITHDRAWN, note=note)
        await self._store.save_declaration(withdrawn)
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.CUSTOMS_WITHDRAWN,
                order_id=d.order_id,
                cycle_id=d.cycle_id,
                detail={
                    "shipment_id": d.shipment_id,
                    "customs_id": d.customs_id,
                    "previous_status": d.status.value,
                    "reason": text,
                },
            )
        )
        return withdrawn

    async def declarations(
        self,
        order_id: str | None = None,
        *,
        statuses: Iterable[DeclarationStatus] = (),
    ) -> list[CustomsDeclaration]:
        """The station's declarations (of one order), oldest first."""
        return await self._store.declarations(order_id=order_id, statuses=tuple(statuses))

    async def print_invoices(self, order_id: str) -> list[CustomsDeclaration]:
        """Render and print the order's commercial invoices again (complete drafts only)."""
        declarations = await self._store.declarations(order_id=order_id)
        if not declarations:
            raise LookupError(f"No customs declaration of order {order_id} is at this station.")
        order = await self._order_for(declarations[0])
        out: list[CustomsDeclaration] = []
        for d in declarations:
            if validate_draft(d.draft):
                out.append(d)
                continue
            path, note = await self._invoice(d, order)
            updated = replace(d, invoice_path=path, note=note)
            await self._store.save_declaration(updated)
            out.append(updated)
        return out

    # ------------------------------------------------------------------ outbox delivery

    async def deliver(self, entry: OutboxEntry) -> str:
        """Deliver one customs entry of the outbox (the ``OutboxKind.CUSTOMS`` handler).

        Reconciled by lookup, never by the wording of an answer: an entry tried before (its
        outcome was unknown) is looked up by its shipment id first, and any refusal is looked
        up before it counts — a customs shipment for this shipment at 7S is ours (7S keeps
        one per shipment), so it is done; otherwise the refusal stands.
        """
        request = request_from_plain(entry.payload["request"])
        already = Note(
            NoteKind.CUSTOMS_SENT_BEFORE, "already at Seven Senders (sent before): counted as done"
        )
        if entry.attempts > 0:
            found = await self._find(request.shipment_id)
            if found is not None:
                await self._accepted(request.shipment_id, found, already, entry)
                return already
        try:
            created = await self._api.create_customs_shipment(request)
        except (ValidationFailed, NotFound) as exc:
            found = await self._find(request.shipment_id)
            if found is None:
                if isinstance(exc, Duplicate):
                    raise Parked(
                        f"Seven Senders reports a customs shipment for shipment "
                        f"{request.shipment_id} already, but none can be found"
                    ) from None
                refused = refusal_note(exc, request.shipment_id)
                await self._refused(request.shipment_id, refused, entry)
                raise Parked(str(exc)) from None
            await self._accepted(request.shipment_id, found, already, entry)
            return already
        await self._accepted(request.shipment_id, created, "", entry)
        return f"customs shipment {created.id}"

    async def _find(self, shipment_id: str) -> CustomsShipment | None:
        """The customs shipment of exactly this shipment at 7S (its natural key), or None."""
        rows = await self._api.list_customs_shipments(
            CustomsShipmentFilter(shipment_id=shipment_id)
        )
        return next((r for r in rows if str(r.shipment_id) == str(shipment_id)), None)

    async def _accepted(
        self, shipment_id: str, created: CustomsShipment, note: str, entry: OutboxEntry
    ) -> None:
        before = await self._store.declaration(shipment_id)
        if before is not None and before.status is not DeclarationStatus.MANIFESTED:
            await self._store.save_declaration(
                replace(
                    before,
                    status=(
                        DeclarationStatus.MANIFESTED
                        if created.manifest_id
                        else DeclarationStatus.ACCEPTED
                    ),
                    customs_id=created.id,
                    manifest_id=created.manifest_id,
                    note=note,
                )
            )
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.CUSTOMS_ACCEPTED,
                order_id=entry.order_id,
                cycle_id=entry.cycle_id,
                detail={
                    "shipment_id": shipment_id,
                    "customs_id": created.id,
                    "status": created.status,
                    "note": note,
                },
            )
        )

    async def _refused(self, shipment_id: str, reason: Note, entry: OutboxEntry) -> None:
        before = await self._store.declaration(shipment_id)
        if before is not None:
            await self._store.save_declaration(
                replace(before, status=DeclarationStatus.REFUSED, note=reason)
            )
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.CUSTOMS_REFUSED,
                order_id=entry.order_id,
                cycle_id=entry.cycle_id,
                detail={"shipment_id": shipment_id, "reason": reason},
            )
        )

    # ------------------------------------------------------------------ taking a draft

    @dataclass(frozen=True, slots=True)
    class _Outcome:
        declaration: CustomsDeclaration
        entry: NewOutboxEntry | None = None
        notes: tuple[Note, ...] = ()
        message: str = ""

    async def _take(
        self, declaration: CustomsDeclaration, order: MerchantOrder | None, *, confirmed: bool
    ) -> CustomsService._Outcome:
        """Validate and then hold, queue or document one declaration; saved and journalled."""
        d = declaration
        draft = d.draft.normalised()
        problems = validate_draft(draft)
        where = f"{d.order_id} parcel {d.parcel_no}/{d.parcel_count}"
        parcel: dict[str, str | int] = {
            "order_id": d.order_id,
            "parcel": d.parcel_no,
            "parcels": d.parcel_count,
        }
        entry: NewOutboxEntry | None = None
        notes: list[Note] = []
        if problems:
            status = DeclarationStatus.NEEDS_DATA
            message = f"Customs data of {where} is incomplete; nothing was sent: " + "; ".join(
                p.message for p in problems
            )
            notes.append(Note(NoteKind.CUSTOMS_INCOMPLETE, message, **parcel))
        elif self._settings.confirm_before_sending and not confirmed:
            status = DeclarationStatus.AWAITING_CONFIRMATION
            message = f"Customs data of {where} is ready: confirm it in the customs dialog."
            notes.append(Note(NoteKind.CUSTOMS_TO_CONFIRM, message, **parcel))
        elif d.kind is CustomsKind.SEVEN_SENDERS_CUSTOMS:
            status = DeclarationStatus.QUEUED
            message = f"Customs shipment of {where} queued for Seven Senders."
        else:
            status = DeclarationStatus.DOCUMENTS
            message = f"Customs documents of {where} made."
        updated = replace(d, draft=draft, status=status, problems=problems, note="")
        if status is DeclarationStatus.QUEUED:
            entry = self._entry(updated, d.cycle_id)
        if status in (DeclarationStatus.QUEUED, DeclarationStatus.DOCUMENTS) and (
            status is DeclarationStatus.DOCUMENTS or self._carrier_needs_invoice(d, order)
        ):
            path, note = await self._invoice(updated, order)
            updated = replace(updated, invoice_path=path, note=note)
            message += f" {note}"
            if status is DeclarationStatus.DOCUMENTS:
                said = f"Commercial invoice of {where}: {note}"
                notes.append(Note(note.kind, said, note.error, **parcel, **note.facts))
        await self._store.save_declaration(updated)
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.CUSTOMS_DECLARATION,
                order_id=d.order_id,
                cycle_id=d.cycle_id,
                detail={
                    "shipment_id": d.shipment_id,
                    "parcel": d.parcel_no,
                    "kind": d.kind.value,
                    "status": status.value,
                    "invoice_id": draft.invoice_id,
                    "incoterm": draft.incoterm,
                    "planned_pickup": (
                        draft.planned_pickup.isoformat() if draft.planned_pickup else None
                    ),
                    "problems": [str(p) for p in problems],
                    "invoice_path": updated.invoice_path,
                },
            )
        )
        return CustomsService._Outcome(updated, entry, tuple(notes), message)

    def _entry(self, declaration: CustomsDeclaration, cycle_id: str) -> NewOutboxEntry:
        request = to_request(declaration.draft)
        return NewOutboxEntry(
            declaration.order_id,
            OutboxKind.CUSTOMS,
            {
                "shipment_id": declaration.shipment_id,
                "parcel": declaration.parcel_no,
                "request": request_to_plain(request),
            },
            cycle_id,
        )

    async def _queued_shipment_ids(self, order_id: str) -> set[str]:
        entries = await self._outbox_store.entries(
            statuses=(OutboxStatus.PENDING, OutboxStatus.DELIVERED), order_id=order_id, limit=1000
        )
        return {
            str(e.payload.get("shipment_id"))
            for e in entries
            if e.kind is OutboxKind.CUSTOMS and e.payload.get("shipment_id") is not None
        }

    def _queued(self) -> None:
        if self._on_queued is not None:
            self._on_queued()

    def _carrier_needs_invoice(
        self, declaration: CustomsDeclaration, order: MerchantOrder | None
    ) -> bool:
        wanted = self._settings.invoice_carriers
        carrier = order.carrier if order is not None else None
        if not wanted or carrier is None:
            return False
        return carrier.name in wanted or str(carrier) in wanted

    # ------------------------------------------------------------------ the invoice

    async def _invoice(
        self, declaration: CustomsDeclaration, order: MerchantOrder | None
    ) -> tuple[str | None, Note]:
        """Render, file and print the invoice; returns its path and a note for the packer
        (its facts: the path and the printer; the caller adds the parcel's)."""
        draft = declaration.draft
        if order is None:
            return None, Note(
                NoteKind.NO_INVOICE,
                "no invoice: the order's recipient is not known at this station",
            )
        invoice = CommercialInvoice(
            invoice_id=draft.invoice_id,
            invoice_date=draft.invoice_date,
            order_id=draft.order_id,
            language=invoice_language(order.recipient.country, order.language),
            recipient=order.recipient,
            sender=self._settings.sender,
            incoterm=draft.incoterm,
            tracking_code=draft.tracking_code,
            parcel_no=draft.parcel_no,
            parcel_count=draft.parcel_count,
            departure_country=draft.departure_country,
            destination=(
                f"{draft.territory} ({draft.destination_country})"
                if draft.territory and draft.territory != draft.destination_country
                else draft.destination_country
            ),
            articles=draft.articles,
            currency=draft.currency,
            parcel_weight_g=draft.parcel_weight_g,
            carrier=str(order.carrier) if order.carrier else "",
        )
        made = await self._invoices.make(invoice)
        printed = False
        outcome = "filed"
        detail = ""
        if self._printer is not None:
            try:
                result = await self._printer.print_document(
                    LabelDocument(made.content, made.content_type, LabelFormat.PDF),
                    f"invoice {draft.invoice_id}",
                )
            except PrinterError as exc:
                outcome, detail = "failed", exc.message
            else:
                printed = result.printed
                outcome, detail = result.outcome.value, result.detail
        uri = self._printer.uri if self._printer else None
        note = invoice_note(draft.order_id, made.path, uri, printed, detail or outcome)
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.CUSTOMS_INVOICE,
                order_id=draft.order_id,
                cycle_id=declaration.cycle_id,
                detail={
                    "invoice_id": draft.invoice_id,
                    "path": made.path,
                    "language": invoice.language,
                    "printer": self._printer.uri if self._printer else None,
                    "printed": printed,
                    "outcome": outcome,
                    "detail": detail,
                },
            )
        )
        return made.path, note

    # ------------------------------------------------------------------ pre-filling

    async def _order_for(
        self, declaration: CustomsDeclaration, *, fresh: bool = False
    ) -> MerchantOrder | None:
        """The merchant order: fresh from the source (``fresh``), else the cycle's snapshot."""
        if fresh and self._orders is not None:
            try:
                return await self._orders.get_order(declaration.order_id)
            except OrderSourceError as exc:
                log.info("order %s not re-read: %s", declaration.order_id, exc)
        record = await self._journal.cycle(declaration.cycle_id)
        if record is not None and record.order is not None:
            return record.order
        if self._orders is not None:
            try:
                return await self._orders.get_order(declaration.order_id)
            except OrderSourceError as exc:
                log.info("order %s not readable: %s", declaration.order_id, exc)
        return None

    async def _products(self, lines: Sequence[OrderLine]) -> dict[str, Product]:
        """Product data for the lines whose own customs fields are incomplete."""
        out: dict[str, Product] = {}
        for line in lines:
            if line.sku in out or (line.hs_code and line.origin_country and line.unit_value):
                continue
            try:
                out[line.sku] = await self._api.get_product(line.sku)
            except ShippingApiError as exc:
                log.info("no product data for %s: %s", line.sku, exc)
        return out

    async def _build_drafts(
        self,
        order: MerchantOrder,
        labels: Sequence[LabelAttempt],
        decision: CustomsDecision,
        existing: Mapping[str, CustomsDeclaration],
    ) -> list[CustomsDraft]:
        """One pre-filled draft per label, articles split over the parcels by weight."""
        products = await self._products(order.lines)
        articles = [article_of(line, products.get(line.sku)) for line in order.lines]
        record = await self._journal.cycle(labels[0].cycle_id) if labels else None
        boxes = record.plan.boxes if record is not None and record.plan is not None else ()
        contents = parcel_contents(order, labels, boxes)
        now = self._clock()
        pickup = self._settings.pickup_schedule.next_pickup(now, self._settings.timezone)
        incoterm = incoterm_for(
            order.recipient.country, self._settings.incoterms, self._settings.incoterm_default
        )
        drafts: list[CustomsDraft] = []
        for attempt in labels:
            before = existing.get(attempt.shipment_id or "")
            lines = contents.lines.get(attempt.parcel_no, {})
            parcel_articles = tuple(
                replace(articles[i], quantity=qty) for i, qty in sorted(lines.items()) if qty > 0
            )
            drafts.append(
                CustomsDraft(
                    order_id=order.order_id,
                    parcel_no=attempt.parcel_no,
                    parcel_count=attempt.parcel_count,
                    shipment_id=attempt.shipment_id or "",
                    tracking_code=attempt.tracking_code or "",
                    kind=decision.kind,
                    destination_country=decision.destination,
                    incoterm=incoterm,
                    invoice_id=invoice_id_for(
                        order.order_id, attempt.parcel_no, attempt.generation
                    ),
                    invoice_date=before.draft.invoice_date if before else now,
                    planned_pickup=(
                        before.draft.planned_pickup
                        if before is not None
                        and before.draft.planned_pickup is not None
                        and before.draft.planned_pickup >= now
                        else pickup
                    ),
                    departure_country=self._settings.departure_country,
                    articles=parcel_articles,
                    parcel_weight_g=contents.gross_g.get(attempt.parcel_no),
                    territory=decision.territory,
                    reason=decision.reason,
                )
            )
        return drafts


__all__ = [
    "CustomsService",
    "CustomsSettings",
    "DraftSet",
    "RuleCustomsPolicy",
    "SubmitResult",
]
