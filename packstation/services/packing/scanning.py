"""Scans at the bench: each parsed once and routed by the domain (``domain.bench.route_scan``);
the items counted against the order, skipped with a reason, and its parcels set.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from packstation.domain.approval import GuardedAction
from packstation.domain.barcodes import CodeKind, Scan, display_code
from packstation.domain.bench import (
    AfterScan,
    BenchState,
    ScanRoute,
    after_scan,
    route_scan,
    tracking_code_of,
)
from packstation.domain.boxes import box_type_for_code
from packstation.domain.commands import parse_command
from packstation.domain.cycle import CycleStatus, JournalKind, VerificationPolicy
from packstation.domain.packers import SignIn, SignInWay, packer_for_badge
from packstation.domain.packing import (
    Parcel,
    ScanOutcome,
    ScanResult,
    find_line,
    plan_parcels,
)
from packstation.domain.refusals import Missing, Refusal, RefusalKind
from packstation.services.packing.boxing import Boxing, box_record, fill_current_box, sync_parcels
from packstation.services.packing.context import CycleContext
from packstation.services.packing.events import ItemScanned
from packstation.services.packing.finishing import Finishing
from packstation.services.packing.opening import OrderOpening
from packstation.services.packing.results import (
    BoxOpened,
    CommandRead,
    Counted,
    FinishOutcome,
    Opened,
    Refused,
    RefusedScan,
    ScanAnswer,
    SignedIn,
    TrackingCodeRead,
)
from packstation.services.packing.session import OrderSession


class Scanning:
    """What the packer does with the order on the bench before it is finished."""

    def __init__(
        self, ctx: CycleContext, opening: OrderOpening, finishing: Finishing, boxing: Boxing
    ) -> None:
        self._ctx = ctx
        self._boxing = boxing
        self._opening = opening
        self._finishing = finishing

    def bench(self) -> BenchState:
        session = self._ctx.current
        if session is None or session.status is not CycleStatus.PACKING:
            return BenchState()
        return BenchState(
            packing=session.order_id,
            awaiting_tracking_codes=session.own_label and session.ready_to_finish,
        )

    async def scan(self, raw: str, supervisor_code: str | None = None) -> ScanAnswer:
        """One scan of any kind: opens an order, counts an item, or hands back a command.

        The service also decides whether the scan finishes the order (``domain.bench.
        after_scan``): an order continued past packing, the last item when the station
        finishes by itself (``StationPolicy.auto_finish``), or the last carrier label in
        own-label mode; the answer then carries how finishing ended.
        """
        ctx = self._ctx
        scan = ctx.parse(raw)
        session = ctx.current
        badge = packer_for_badge(raw, ctx.policy.packers) or packer_for_badge(
            scan.value or "", ctx.policy.packers
        )
        if badge is not None:  # a packer's badge: journalled by name, never as a scan
            await self.sign_in(SignIn(badge.name, SignInWay.BADGE))
            return SignedIn(scan, badge.name)
        route = route_scan(scan, self.bench())
        if self._may_be_badge(scan, route) and await self._supervisor_badge(raw):
            # never journalled or shown in clear: a badge is a supervisor's credential
            await ctx.note(
                JournalKind.SCAN,
                order_id=session.order_id if session else None,
                detail={"kind": "supervisor_badge"},
            )
            text = "That is a supervisor's badge: it approves only when the station asks for it."
            return Refused(scan, RefusedScan.SUPERVISOR_BADGE, text)
        match route:
            case ScanRoute.COMMAND:
                return await self._command(scan)
            case ScanRoute.ALREADY_OPEN:
                text = f"Order {scan.order_id} is already open: scan its items."
                return Refused(scan, RefusedScan.ALREADY_OPEN, text)
            case ScanRoute.OPEN_ORDER if ctx.policy.require_sign_in and not ctx.packer:
                await ctx.note(JournalKind.SCAN, detail={"code": display_code(scan.value)})
                text = "Sign in first: scan your badge (or type your name), then the order."
                return Refused(scan, RefusedScan.SIGN_IN_FIRST, text)
            case ScanRoute.OPEN_ORDER:
                opened = await self._opening.open(scan, raw, supervisor_code)
                if opened.session is None:
                    return Opened(scan, opened)
                then, finished = await self._then(opened.session)
                return Opened(scan, opened, then, finished)
            case ScanRoute.TRACKING_CODE:
                assert session is not None
                code = tracking_code_of(scan)
                await ctx.note(
                    JournalKind.SCAN,
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail={"code": display_code(code), "kind": "tracking_code"},
                )
                if code not in session.carrier_codes:
                    session.carrier_codes.append(code)
                then, finished = await self._then(session, carrier_label=True)
                return TrackingCodeRead(scan, code, then, finished)
            case ScanRoute.NO_ORDER:
                shown = display_code(scan.value or raw)
                message = scan.error or f"{shown} is not an order barcode."
                await ctx.note(JournalKind.SCAN, detail={"code": shown, "kind": scan.kind.value})
                return Refused(scan, RefusedScan.NO_ORDER, f"Scan an order first. {message}")
            case ScanRoute.ITEM:
                box_type = box_type_for_code(ctx.policy.box_types, scan.value or raw)
                if box_type is not None:
                    box = await self._boxing.next_box(box_type)
                    text = f"Box {box.number} ({box_type.name}) is open: scan what goes into it."
                    return BoxOpened(scan, box, text)
                result = await self.count(scan, raw)
                current = ctx.current
                if result.outcome is not ScanOutcome.ORDER_COMPLETE or current is None:
                    return Counted(scan, result)
                then, finished = await self._then(current)
                return Counted(scan, result, then, finished)

    def _may_be_badge(self, scan: Scan, route: ScanRoute) -> bool:
        """A scan that is no order, item of the order, box type, command or product may be a
        supervisor's badge scanned out of turn (checked only then: the check is slow on
        purpose)."""
        supervision = self._ctx.policy.supervision
        if not any(s.badge_hash for s in supervision.supervisors):
            return False
        if scan.kind not in (CodeKind.TEXT, CodeKind.INVALID):
            return False
        if route is ScanRoute.NO_ORDER:
            return True
        session = self._ctx.current
        return (
            route is ScanRoute.ITEM
            and session is not None
            and find_line(scan, session.order.lines) is None
            and box_type_for_code(self._ctx.policy.box_types, scan.value or "") is None
        )

    async def _supervisor_badge(self, raw: str) -> bool:
        supervision = self._ctx.policy.supervision
        return await asyncio.to_thread(supervision.is_badge, raw)

    async def _command(self, scan: Scan) -> CommandRead:
        session = self._ctx.current
        await self._ctx.note(
            JournalKind.SCAN,
            order_id=session.order_id if session else None,
            detail={"code": display_code(scan.value), "kind": "command"},
        )
        parsed = parse_command(scan.command or "")
        if parsed is None:
            text = f"{display_code(scan.value)} is not a command of this station."
            return CommandRead(scan, None, message=text)
        return CommandRead(scan, parsed.command, parsed.argument)

    async def _then(
        self, session: OrderSession, *, carrier_label: bool = False
    ) -> tuple[AfterScan, FinishOutcome | None]:
        """What the bench waits for after this scan; the order finished when it is due."""
        then = after_scan(
            session.readiness,
            auto_finish=self._ctx.policy.auto_finish,
            carrier_label=carrier_label,
        )
        if then is not AfterScan.FINISH:
            return then, None
        return then, await self._finishing.finish_outcome()

    async def count(self, scan: Scan, raw: str) -> ScanResult:
        """Count one item scan (already parsed) against the order on the bench."""
        ctx = self._ctx
        async with ctx.lock:
            session = ctx.current
            if session is None or session.status is not CycleStatus.PACKING:
                order_id = session.order_id if session else ""
                result = ScanResult(
                    outcome=ScanOutcome.NOT_PACKABLE,
                    code=display_code(scan.value or raw),
                    order_id=order_id,
                    message="No order is being packed: scan an order first.",
                )
                await ctx.note(
                    JournalKind.SCAN,
                    order_id=order_id or None,
                    detail={"code": result.code, "outcome": result.outcome.value},
                )
                return result
            progress, result = session.progress.apply(scan)
            detail: dict[str, object] = {
                "code": result.code,
                "kind": scan.kind.value,
                "outcome": result.outcome.value,
                "sku": result.sku,
                "message": result.message,
            }
            session.progress = progress
            if result.counted:
                added = fill_current_box(session)
                sync_parcels(session)
                if added:
                    detail["box"] = session.current_box
                session.record = replace(
                    session.record,
                    scanned=progress.scanned,
                    plan=ctx.plan(session),
                    updated_at=ctx.clock(),
                )
                await ctx.save_cycle(session, JournalKind.SCAN, detail)
            else:
                await ctx.note(
                    JournalKind.SCAN,
                    order_id=session.order_id,
                    cycle_id=session.cycle_id,
                    detail=detail,
                )
            ctx.emit(
                ItemScanned(
                    order_id=session.order_id,
                    result=result,
                    units_scanned=progress.units_scanned,
                    units_total=progress.units_total,
                )
            )
            return result

    async def sign_in(self, who: SignIn) -> None:
        """``who`` packs at this bench from now on (journalled: name and how, never a code)."""
        ctx = self._ctx
        previous, ctx.packer = ctx.packer, who.name
        detail = {"packer": who.name, "way": who.way.value, "station": ctx.policy.station_name}
        if previous and previous != who.name:
            detail["after"] = previous
        await ctx.note(JournalKind.PACKER_SIGNED_IN, detail=detail)

    async def sign_out(self) -> str:
        """Nobody packs at this bench any more (the shift ended); the packer who left."""
        ctx = self._ctx
        previous, ctx.packer = ctx.packer, ""
        if previous:
            await ctx.note(
                JournalKind.PACKER_SIGNED_OUT,
                detail={"packer": previous, "station": ctx.policy.station_name},
            )
        return previous

    async def skip_verification(self, reason: str, supervisor_code: str | None = None) -> None:
        """Let the order go without scanning the rest of its items, with the packer's reason.

        If the policy allows it, and with a supervisor's badge or PIN when the station's
        rules want one (``ApprovalNeeded`` otherwise; nothing changes). The units scanned so
        far stay counted; the others are *not verified* — journalled, reported and shown as
        such, never as scanned.
        """
        ctx = self._ctx
        text = " ".join(reason.split())
        if not text:
            raise Refusal(RefusalKind.REASON_NEEDED, "a reason is needed to skip the item check")
        if ctx.policy.verification is VerificationPolicy.REQUIRED:
            raise Refusal(
                RefusalKind.CHECK_REQUIRED,
                "this station's policy requires every item to be scanned",
            )
        session = self.packing()
        approval = await ctx.approve(
            GuardedAction.SKIP_CHECK,
            supervisor_code,
            order_id=session.order_id,
            cycle_id=session.cycle_id,
        )
        async with ctx.lock:
            session = self.packing()
            session.record = replace(session.record, skip_reason=text)
            fill_current_box(session)  # the units not verified go into the current box
            sync_parcels(session)
            session.record = replace(session.record, plan=ctx.plan(session), updated_at=ctx.clock())
            detail = {
                "reason": text,
                "packer": ctx.packer,
                "not_verified": [{"sku": sku, "units": n} for sku, n in session.not_verified],
                **box_record(session),
                **(approval.journal_detail() if approval is not None else {}),
            }
            await ctx.save_cycle(session, JournalKind.VERIFICATION_SKIPPED, detail)

    async def set_parcels(
        self, count: int, weights_g: Sequence[int] | None = None
    ) -> tuple[Parcel, ...]:
        """Set the parcels of the order on the bench (raises ValueError with a plain message).

        With as many parcels as the packer has boxes, ``weights_g`` are the boxes' measured
        weights (None: not weighed). Another number of parcels is the older way, without
        contents: allowed while everything is in one box, its parcels then being shipped
        without knowing what is in each (refused at finish when the order needs customs).
        """
        ctx = self._ctx
        async with ctx.lock:
            session = self.packing()
            if count == len(session.boxes):
                plan_parcels(count, weights_g)  # the same plain words for bad weights
                session.boxes = tuple(
                    replace(box, measured_weight_g=weights_g[i] if weights_g else None)
                    for i, box in enumerate(session.boxes)
                )
                session.parcels_only = None
            elif len(session.boxes) > 1:
                raise Refusal(
                    RefusalKind.BOXES_ARE_PARCELS,
                    f"Order {session.order_id} is packed in {len(session.boxes)} boxes, and the "
                    "boxes are its parcels: open a box or move units between boxes instead of "
                    f"giving {count} parcels.",
                    order_id=session.order_id,
                    boxes=len(session.boxes),
                    count=count,
                )
            else:
                total = session.order.weight_g if weights_g is None else None
                try:
                    session.parcels_only = plan_parcels(count, weights_g, total)
                except ValueError:
                    if weights_g is not None:
                        raise
                    session.parcels_only = plan_parcels(count)  # the weight does not split
            sync_parcels(session)
            parcels = session.parcels
            session.record = replace(session.record, plan=ctx.plan(session), updated_at=ctx.clock())
            await ctx.save_cycle(
                session,
                JournalKind.PARCELS,
                {
                    "parcels": [[p.number, p.count, p.weight_g] for p in parcels],
                    **box_record(session),
                },
            )
            return parcels

    def packing(self) -> OrderSession:
        session = self._ctx.current
        if session is None or session.status is not CycleStatus.PACKING:
            raise Missing(RefusalKind.NO_ORDER_PACKED, "no order is being packed")
        return session
