"""One label per parcel: journal the intent → POST → journal its id → download → store → print.

The intent (a deterministic reference number) is on disk before the POST, so a crash or an
unknown outcome is resolved by looking the reference up before any new POST: a label is never
bought twice. What a parcel needs next is the domain's decision (``next_for_parcel``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import replace
from typing import TypeVar

from packstation.domain.bench import LabelsAt7S, ParcelAction, next_for_parcel, next_generation
from packstation.domain.cycle import (
    AttemptStatus,
    CycleInterrupted,
    CyclePlan,
    JournalKind,
    LabelAttempt,
    LabelFileMissing,
    LabelStep,
    ParcelPlan,
    reference_number,
)
from packstation.domain.errors import (
    AuthenticationFailed,
    Duplicate,
    MalformedResponse,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.label_data import label_recipient
from packstation.domain.notes import Note, NoteKind
from packstation.domain.shipping import CollectionPoint, Label, LabelDocument, LabelRequest
from packstation.services.packing.context import CycleContext, parcel_text
from packstation.services.packing.label_lookup import labels_by_reference, labels_of_order
from packstation.services.packing.own_label import OwnLabelShipments
from packstation.services.packing.printing import LabelPrinting
from packstation.services.packing.session import OrderSession

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Labels of one multi-parcel order bought at the same time (7S is asked at most this often).
LABELS_AT_ONCE = 4


def _plain(error: BaseException) -> str:
    """An error in a few words (an OS error without its errno and repr noise)."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror} ({error.filename})" if error.filename else error.strerror
    return str(error).rstrip(".") or type(error).__name__


async def after_purchase(attempt: LabelAttempt, tracking_code: str, work: Awaitable[T]) -> T:
    """Work on a label that is bought (paid): whatever fails now — the journal locked, the
    disk full, the download, the printer's bookkeeping — is "bought, not finished", a
    ``CycleInterrupted`` naming the tracking code, never "nothing was bought"."""
    try:
        return await work
    except CycleInterrupted as exc:
        raise exc.with_bought(tracking_code) from exc
    except Exception as exc:
        log.info(
            "label %s (%s) is bought but could not be finished: %r",
            attempt.reference_number,
            tracking_code,
            exc,
        )
        raise CycleInterrupted(
            f"The label of {parcel_text(attempt)} is bought ({tracking_code}) but could not "
            f"be finished: {_plain(exc)}. Run `packstation resume` (or scan the order again) "
            "to finish it: it is looked up by its reference, never bought again.",
            bought=(tracking_code,),
        ) from exc


class LabelBuying:
    """Gets each parcel its label (bought, stored, printed), or its own-label shipment."""

    def __init__(
        self, ctx: CycleContext, printing: LabelPrinting, own_label: OwnLabelShipments
    ) -> None:
        self._ctx = ctx
        self._printing = printing
        self._own_label = own_label

    async def labels(self, session: OrderSession, plan: CyclePlan) -> None:
        """One label per parcel; several parcels are bought side by side, printed in order.

        Each parcel still goes intent → POST → id → download → store on its own, so a crash
        or an unknown outcome is resolved per parcel exactly as for one. Parcel 1's label is
        bought first, alone; after it the waiting overlaps: parcel 2's label is bought while
        parcel 1's is downloaded and printed.
        """
        if plan.own_label or len(plan.parcels) == 1:
            for parcel in plan.parcels:
                await self.parcel(session, parcel, plan)
            return
        gate = asyncio.Semaphore(LABELS_AT_ONCE)

        async def obtain(parcel: ParcelPlan) -> tuple[LabelAttempt, LabelDocument | None]:
            async with gate:
                return await self._obtain(session, parcel, plan)

        # parcel 1's label is bought alone first: its reference is the same at every bench,
        # so at 7S it decides which bench packs the order; a bench racing for it is refused
        # there before it buys any other parcel (no order ends split between two benches)
        await self._buy_first(session, plan.parcels[0], plan)
        tasks = [
            asyncio.create_task(obtain(parcel), name=f"label {session.order_id} {parcel.number}")
            for parcel in plan.parcels
        ]
        try:
            for task in tasks:  # print in parcel order, as each label arrives
                await self._print_stored(session, *(await task))
        finally:
            # a failed parcel stops the printing; the other purchases still end (and are
            # journalled) before the cycle is reported interrupted
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _buy_first(self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan) -> None:
        """Parcel 1's label bought (or its doubtful purchase resolved), nothing more yet."""
        attempt = session.latest_attempt(parcel.number)
        step = next_for_parcel(attempt)
        if step.action is ParcelAction.NEW:
            await self._refuse_if_bought_elsewhere(session)
            generation = next_generation(attempt, session.labels_at_7s, parcel.number)
            await self._buy(session, parcel, plan, generation)
        elif step.action is ParcelAction.RESOLVE:
            assert attempt is not None
            await self._resolve_and_buy(session, attempt)

    async def _print_stored(
        self, session: OrderSession, attempt: LabelAttempt, document: LabelDocument | None
    ) -> None:
        if attempt.status is AttemptStatus.STORED:
            assert document is not None
            await self._print(session, attempt, document)

    async def parcel(self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan) -> None:
        """Whatever the parcel still needs: its label bought, stored and printed."""
        if plan.own_label:
            await self._own_label.parcel(session, parcel, plan)
            return
        attempt, document = await self._obtain(session, parcel, plan)
        if attempt.status is AttemptStatus.STORED:
            assert document is not None
            await self._print(session, attempt, document)

    async def _print(
        self, session: OrderSession, attempt: LabelAttempt, document: LabelDocument
    ) -> None:
        await after_purchase(
            attempt,
            attempt.tracking_code or attempt.reference_number,
            self._printing.print(session, attempt, document),
        )

    async def _obtain(
        self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan
    ) -> tuple[LabelAttempt, LabelDocument | None]:
        """The parcel's label bought and stored (whatever step it had reached), and its file."""
        attempt = session.latest_attempt(parcel.number)
        while True:
            step = next_for_parcel(attempt)
            if step.action is ParcelAction.NEW:
                await self._refuse_if_bought_elsewhere(session)
                generation = next_generation(attempt, session.labels_at_7s, parcel.number)
                attempt = await self._buy(session, parcel, plan, generation)
            elif step.action is ParcelAction.RESOLVE:
                assert attempt is not None
                attempt = await self._resolve_and_buy(session, attempt)
            elif step.action is ParcelAction.DOWNLOAD:
                assert attempt is not None
                return await after_purchase(
                    attempt,
                    attempt.tracking_code or attempt.reference_number,
                    self._download_and_store(session, attempt),
                )
            elif step.action is ParcelAction.PRINT:
                assert attempt is not None
                document = await after_purchase(
                    attempt,
                    attempt.tracking_code or attempt.reference_number,
                    self.stored_document(session, attempt),
                )
                return attempt, document
            else:
                assert attempt is not None
                return attempt, None

    async def _refuse_if_bought_elsewhere(self, session: OrderSession) -> None:
        """Buy nothing for an order whose labels another bench bought (seen at 7S)."""
        at_7s = session.labels_at_7s
        foreign = at_7s.foreign(session.attempts) if at_7s is not None else ()
        if session.bought_elsewhere or foreign:
            session.bought_elsewhere = True
            codes = [label.tracking_code for label in foreign]
            raise await self._ctx.packed_elsewhere(session.order_id, codes)

    async def _buy(
        self, session: OrderSession, parcel: ParcelPlan, plan: CyclePlan, generation: int
    ) -> LabelAttempt:
        ctx = self._ctx
        key = ctx.reference_key()
        attempt = LabelAttempt(
            reference_number=reference_number(key, session.order_id, parcel.number, generation),
            cycle_id=session.cycle_id,
            order_id=session.order_id,
            parcel_no=parcel.number,
            parcel_count=parcel.count,
            generation=generation,
            status=AttemptStatus.INTENT,
            label_format=plan.label_format,
            carrier=plan.carrier,
            weight_g=parcel.weight_g,
            updated_at=ctx.clock(),
        )
        # the intent is on disk before the POST: a crash from here on is resolved by lookup
        await ctx.record_attempt(
            attempt,
            JournalKind.LABEL_INTENT,
            session=session,
            reached=LabelStep.INTENT,
            reference_number=attempt.reference_number,
            parcel=parcel.number,
            parcels=parcel.count,
            format=plan.label_format.value,
            carrier=str(plan.carrier),
            weight_g=parcel.weight_g,
        )
        label = await self._post(session, attempt, fresh=True)
        return await after_purchase(
            attempt, label.tracking_code, self._bought(session, attempt, label)
        )

    async def _resolve_and_buy(self, session: OrderSession, attempt: LabelAttempt) -> LabelAttempt:
        """An intent without an outcome (a crash): look it up; buy only if 7S has none."""
        found = await self._lookup(session, attempt, "resume")
        label = found if found is not None else await self._post(session, attempt, doubt=True)
        return await after_purchase(
            attempt, label.tracking_code, self._bought(session, attempt, label)
        )

    def _request(self, session: OrderSession, attempt: LabelAttempt) -> LabelRequest:
        order = session.order
        policy = self._ctx.policy
        point = session.collection_point
        if point is None and order.pudo_id:
            point = CollectionPoint(pudo_id=order.pudo_id)
        return LabelRequest(
            order_id=order.order_id,
            carrier=attempt.carrier,
            recipient=label_recipient(order.recipient, policy.label_data),
            reference_number=attempt.reference_number,
            format=attempt.label_format,
            sender=policy.sender,
            warehouse=policy.warehouse,
            warehouse_address=policy.warehouse_address,
            collection_point=point,
            carrier_service=order.carrier_service,
            package_no=attempt.parcel_no,
            package_count=attempt.parcel_count,
            weight_g=attempt.weight_g,
            dimensions_cm=_dimensions_cm(session, attempt.parcel_no),
        )

    async def _post(
        self,
        session: OrderSession,
        attempt: LabelAttempt,
        *,
        doubt: bool = False,
        fresh: bool = False,
    ) -> Label:
        """POST the label; on any doubt look the reference up before sending again.

        ``doubt``: an earlier POST of this attempt may have gone through (a resumed intent);
        then a refusal is looked up before it counts, as after an unknown outcome here.
        ``fresh``: the attempt was made just now and never sent before. Until a POST of it may
        have gone through unseen, "already used" means another bench bought the label (the
        reference is the same at every bench): ``PackedElsewhere``, nothing is adopted.
        """
        ctx = self._ctx
        request = self._request(session, attempt)
        attempts = max(1, ctx.policy.label_post_attempts)
        last: ShippingApiError | None = None
        for number in range(1, attempts + 1):
            wait = ctx.policy.retry_delay_s * 2 ** (number - 1)
            try:
                labels = await ctx.api.create_label(request)
            except Duplicate:
                return await self._used(session, attempt, fresh)
            except ValidationFailed as exc:
                if fresh:  # a used reference may be refused in other words: 7S's labels decide
                    await self._bought_elsewhere(session, attempt)
                if doubt:
                    # a refusal after an unknown outcome may mean "that label exists": what
                    # 7S holds decides, never the wording of the answer
                    found = await self._lookup(session, attempt, "refused after doubt")
                    if found is not None:
                        return found
                await self._outcome(session, attempt, "refused", exc)
                raise CycleInterrupted(
                    f"Seven Senders refused the label for {parcel_text(attempt)}: {exc}"
                ) from exc
            except (OutcomeUnknown, MalformedResponse) as exc:
                # no answer, or one the station cannot read (a garbled 2xx is a sale): look
                # the reference up before anything is sent again
                doubt = True
                fresh = False  # it may have gone through: "already used" is ours from now on
                unreadable = isinstance(exc, MalformedResponse)
                await self._outcome(
                    session, attempt, "unreadable" if unreadable else "unknown", exc
                )
                found = await self._lookup(
                    session, attempt, "unreadable answer" if unreadable else "unknown outcome"
                )
                if found is not None:
                    return found
                last = exc  # proven not sold: the same reference may be sent again
            except RateLimited as exc:
                last = exc
                if exc.retry_after is not None:
                    if exc.retry_after > ctx.policy.retry_after_cap_s:
                        break  # longer than the bench may wait: stop now, `last` says until when
                    wait = max(wait, exc.retry_after)
            except ServiceUnavailable as exc:
                fresh = False  # a gateway may have passed it on: treat it as maybe sent
                last = exc
            except AuthenticationFailed as exc:
                await self._outcome(session, attempt, "refused", exc)
                raise CycleInterrupted(
                    f"Seven Senders refused the label for {parcel_text(attempt)}: {exc}"
                ) from exc
            else:
                outbound = [label for label in labels if not label.return_parcel] or labels
                return outbound[0]
            if number < attempts:
                await ctx.sleep(wait)
        raise CycleInterrupted(
            f"No label for {parcel_text(attempt)}: {last}. Nothing was bought; the order "
            "stays open and is finished by `resume` or by scanning it again."
        ) from last

    async def _used(self, session: OrderSession, attempt: LabelAttempt, fresh: bool) -> Label:
        """7S says the reference is used: another bench's label (``fresh``), else ours."""
        if fresh:
            await self._bought_elsewhere(session, attempt)
        # the reference is used: our label exists (an earlier attempt went through)
        found = await self._lookup(session, attempt, "duplicate")
        if found is not None:
            return found
        raise CycleInterrupted(
            f"Seven Senders says the reference {attempt.reference_number} is used, but "
            "shows no label for it. Nothing more was bought; ask Seven Senders.",
            unresolved=True,
        )

    async def _bought_elsewhere(self, session: OrderSession, attempt: LabelAttempt) -> None:
        """7S refused a fresh reference as used: did another bench buy this parcel's label?

        When 7S shows a label with the reference, yes: the intent is given up (it bought
        nothing), no label is adopted, the bench buys nothing more for the order and the
        packer is told which labels exist (``PackedElsewhere``). Otherwise this returns and
        the usual lookup decides.
        """
        ctx = self._ctx
        try:
            found = (await labels_of_order(ctx.api, session.order_id, attempt.label_format)).labels
        except ShippingApiError:
            return
        if not any(label.reference_number == attempt.reference_number for label in found):
            return
        session.bought_elsewhere = True
        mine = {a.reference_number for a in session.attempts if a.live}
        codes = [
            label.tracking_code
            for label in LabelsAt7S.of(session.order_id, found).labels
            if label.reference_number not in mine
        ]
        await ctx.record_attempt(
            replace(
                attempt,
                status=AttemptStatus.ABANDONED,
                void_reason="bought at another bench",
                updated_at=ctx.clock(),
            ),
            JournalKind.API_OUTCOME,
            session=session,
            call="buy label",
            reference_number=attempt.reference_number,
            outcome="bought elsewhere",
            labels=codes,
        )
        raise await ctx.packed_elsewhere(session.order_id, codes)

    async def _outcome(
        self, session: OrderSession, attempt: LabelAttempt, outcome: str, error: Exception
    ) -> None:
        await self._ctx.note(
            JournalKind.API_OUTCOME,
            order_id=session.order_id,
            cycle_id=session.cycle_id,
            detail={
                "call": "buy label",
                "reference_number": attempt.reference_number,
                "outcome": outcome,
                "error": str(error),
            },
        )

    async def _lookup(self, session: OrderSession, attempt: LabelAttempt, why: str) -> Label | None:
        """The label with this attempt's reference number at 7S, or None when there is none.

        Raises ``CycleInterrupted(unresolved=True)`` when 7S cannot be asked: buying again
        without an answer could sell a second label.
        """
        ctx = self._ctx
        problem: ShippingApiError | None = None
        for number in range(3):
            try:
                # the chain: the label lookup, else the order's shipments (label_lookup.py)
                found = await labels_by_reference(
                    ctx.api, session.order_id, attempt.reference_number, attempt.label_format
                )
            except ShippingApiError as exc:
                problem = exc
                await ctx.sleep(ctx.policy.retry_delay_s * 2**number)
                continue
            labels = found.labels
            # only an exact match is ours: a row without our reference, or of another
            # order, is never adopted (it could be a label this parcel does not own)
            mine = [
                label
                for label in labels
                if label.reference_number == attempt.reference_number
                and label.order_id == session.order_id
                and not label.return_parcel
            ]
            await ctx.note(
                JournalKind.LABEL_LOOKUP,
                order_id=session.order_id,
                cycle_id=session.cycle_id,
                detail={
                    "reference_number": attempt.reference_number,
                    "why": why,
                    "via": found.via,
                    "found": [label.tracking_code for label in mine],
                },
            )
            return mine[0] if mine else None
        raise CycleInterrupted(
            f"Whether the label for {parcel_text(attempt)} was bought (reference "
            f"{attempt.reference_number}) is not known yet: {problem}. Nothing more is "
            "bought until Seven Senders answers (never a label blind): run `packstation "
            "resume` (or scan the order again) later.",
            unresolved=True,
        )

    async def _bought(
        self, session: OrderSession, attempt: LabelAttempt, label: Label
    ) -> LabelAttempt:
        return await self._ctx.record_attempt(
            replace(
                attempt,
                status=AttemptStatus.BOUGHT,
                label_id=label.id,
                shipment_id=label.shipment_id,
                tracking_code=label.tracking_code,
                download_url=label.download_url,
                updated_at=self._ctx.clock(),
            ),
            JournalKind.LABEL_BOUGHT,
            session=session,
            reached=LabelStep.BOUGHT,
            reference_number=attempt.reference_number,
            label_id=label.id,
            shipment_id=label.shipment_id,
            tracking_code=label.tracking_code,
        )

    async def _download(self, attempt: LabelAttempt) -> LabelDocument:
        ctx = self._ctx
        label = _label_of(attempt)
        try:
            return await ctx.api.download_label(label)
        except (ServiceUnavailable, RateLimited):
            await ctx.sleep(ctx.policy.retry_delay_s)
        try:
            return await ctx.api.download_label(label)
        except ShippingApiError as exc:
            raise CycleInterrupted(
                f"The label of {parcel_text(attempt)} is bought ({attempt.tracking_code}) but "
                f"could not be downloaded: {str(exc).rstrip('.')}. It is fetched again by "
                "`packstation resume` (or when the order is scanned again).",
                bought=(attempt.tracking_code or attempt.reference_number,),
            ) from exc

    async def _download_and_store(
        self, session: OrderSession, attempt: LabelAttempt
    ) -> tuple[LabelAttempt, LabelDocument]:
        ctx = self._ctx
        document = await self._download(attempt)
        stored = await ctx.ports.archive.store(document)
        # print_started is set with the file: the print follows at once, so after a crash
        # from here on the station cannot know whether the printer got it
        new = replace(
            attempt,
            status=AttemptStatus.STORED,
            file_path=stored.path,
            sha256=stored.sha256,
            print_started=True,
            updated_at=ctx.clock(),
        )
        session.stored_now.add(new.reference_number)
        await ctx.record_attempt(
            new,
            JournalKind.LABEL_STORED,
            session=session,
            reached=LabelStep.STORED,
            tracking_code=attempt.tracking_code,
            path=stored.path,
            sha256=stored.sha256,
            bytes=stored.size,
        )
        return new, document

    async def stored_document(self, session: OrderSession, attempt: LabelAttempt) -> LabelDocument:
        """The label's stored file; downloaded again (and stored anew) when it is gone."""
        ctx = self._ctx
        if attempt.file_path and attempt.sha256:
            try:
                return await ctx.ports.archive.load(attempt.stored())
            except LabelFileMissing as exc:
                session.warnings.append(
                    Note(
                        NoteKind.LABEL_DOWNLOADED_AGAIN,
                        f"{exc} It was downloaded again.",
                        code=attempt.tracking_code or "—",
                    )
                )
        document = await self._download(attempt)
        stored = await ctx.ports.archive.store(document)
        fixed = replace(attempt, file_path=stored.path, sha256=stored.sha256)
        await ctx.journal.save_attempt(fixed)
        session.keep(fixed)
        return document


def _label_of(attempt: LabelAttempt) -> Label:
    assert attempt.label_id
    assert attempt.tracking_code
    return Label(
        id=attempt.label_id,
        shipment_id=attempt.shipment_id or "",
        order_id=attempt.order_id,
        tracking_code=attempt.tracking_code,
        carrier=attempt.carrier,
        format=attempt.label_format,
        # empty when the label was found through its shipment: fetched by its id
        download_url=attempt.download_url or "",
        reference_number=attempt.reference_number,
    )


def _dimensions_cm(session: OrderSession, parcel_no: int) -> tuple[int, int, int] | None:
    """The parcel's box type's inner dimensions in whole cm, when the packer took one."""
    plan = session.record.plan
    box = next((b for b in plan.boxes if b.number == parcel_no), None) if plan else None
    return box.box_type.dimensions_cm if box is not None and box.box_type is not None else None
