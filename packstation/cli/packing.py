"""The packing commands: ``pack``, ``resume``, ``reprint``, ``slip`` and ``void``.

They drive the same ``PackingService`` as the packing screen (on a station opened by
``composition.station.open_station``); they differ only in how they ask and show.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from typing import TYPE_CHECKING, Any

from packstation.cli.cycle_report import confirmed, cycle_json, print_cycle, report_cycle
from packstation.cli.exits import ExitCode
from packstation.cli.guard import guarded, require_connection
from packstation.cli.output import CommandFailed, Output
from packstation.cli.supervisors import APPROVE_HELP, read_supervisor_code
from packstation.domain.printing import print_state

if TYPE_CHECKING:
    from packstation.composition.station import Station
    from packstation.domain.boxes import Box
    from packstation.domain.cycle import CycleInterrupted
    from packstation.services.packing import OpenResult, OrderSession
    from packstation.settings.model import Settings

log = logging.getLogger(__name__)

#: The commands this module answers.
COMMANDS = frozenset({"pack", "resume", "reprint", "void", "slip"})


def add_parsers(sub: Any) -> None:
    """Register the packing commands on the main parser's sub-parsers."""
    _add_pack(sub)
    _add_resume(sub)
    _add_reprint(sub)
    _add_slip(sub)
    _add_void(sub)


def _add_pack(sub: Any) -> None:
    pack = sub.add_parser(
        "pack",
        help="pack one order headless: check items, buy and print labels",
        description="Pack one order without the window, as the packing screen would: open it, "
        "check the items (--verify, or --skip-verify with a --reason), set the parcels, buy "
        "and print the labels (or register labels printed elsewhere with --own-label), and "
        "send the order's states to Seven Senders.",
    )
    pack.add_argument("order", metavar="ORDER_BARCODE", help="the order barcode (or order id)")
    checks = pack.add_mutually_exclusive_group()
    checks.add_argument(
        "--verify",
        nargs="+",
        action="extend",
        default=[],
        metavar="CODE",
        help="item codes as scanned (EAN/GTIN, GS1 or SKU), one per unit",
    )
    checks.add_argument(
        "--skip-verify", action="store_true", help="do not check the items (needs a reason)"
    )
    pack.add_argument("--reason", help="why the item check is skipped (journalled)")
    _add_parcel_options(pack)
    pack.add_argument("--format", choices=("pdf", "zpl", "zpl300"), help="label format")
    pack.add_argument("--printer", metavar="URI", help="printer URI for this run")
    pack.add_argument(
        "--own-label",
        nargs="+",
        metavar="TRACKING",
        help="the carrier labels were printed elsewhere: their tracking codes, one per parcel "
        "(the shipment is registered at Seven Senders instead of buying a label)",
    )
    pack.add_argument(
        "--recover",
        action="store_true",
        help="the order is shipped at Seven Senders but this station lost the record of its "
        "labels (a power cut, a lost journal): look them up there by their references and "
        "print them once (never buys a label)",
    )
    pack.add_argument(
        "--packer",
        metavar="NAME_OR_BADGE",
        help="who packs (a name, or a badge code of the packers roster; default: the "
        "packer_name setting); journalled with every step of the order",
    )
    pack.add_argument("--approve", action="store_true", help=APPROVE_HELP)
    pack.add_argument("--json", action="store_true", help="one machine-readable result")


def _add_parcel_options(pack: Any) -> None:
    """How the order is split into parcels and what each weighs."""
    pack.add_argument(
        "--box",
        action="append",
        default=[],
        metavar="SKU[:QTY][,SKU[:QTY]...]",
        help="what is in one box (one --box per parcel, in order), e.g. --box LAMP-01 --box "
        "MAT-02:2,COF-03; every unit of the order in exactly one box",
    )
    pack.add_argument(
        "--parcels",
        type=int,
        metavar="N",
        help="number of parcels, without saying what is in each (not with --box)",
    )
    pack.add_argument(
        "--weight-g",
        type=int,
        nargs="+",
        action="extend",
        metavar="G",
        help="weight of each parcel in grams (one value per parcel or --box, in the same "
        "order; with --parcels, one value for several parcels is their total)",
    )
    pack.add_argument(
        "--confirm-weight",
        action="store_true",
        help="the weight gate (setting weight_gate) found a box off: keep it as it is "
        "(journalled as confirmed)",
    )


def _add_resume(sub: Any) -> None:
    resume = sub.add_parser(
        "resume",
        help="finish what was left in flight (crash, closed window)",
        description="Finish what was left in flight: label purchases whose outcome was not "
        "known (looked up first, never bought twice), labels not printed, calls waiting in "
        "the outbox. An order whose finish the packer never pressed is not finished here "
        "(nothing was bought for it; its boxes may not all be entered): it is named, and it "
        "waits for its packer to scan it at the bench, check its boxes and finish it (exit 9).",
    )
    resume.add_argument(
        "--reprint-uncertain",
        action="store_true",
        help="also print labels that may have printed before a crash (the printer cannot "
        "tell); without it they are reported as 'may have printed' and held",
    )
    resume.add_argument(
        "--uncertain-printed",
        action="store_true",
        help="the labels reported as 'may have printed' did print: mark them printed",
    )
    resume.add_argument("--json", action="store_true", help="machine-readable output")


def _add_reprint(sub: Any) -> None:
    reprint = sub.add_parser(
        "reprint",
        help="print stored labels again (never a new label)",
        description="Print an order's stored labels again (by order or tracking code); "
        "never buys a new label. An order packed at another bench: its labels at Seven "
        "Senders are printed here only with --reason.",
    )
    reprint.add_argument("target", metavar="ORDER_OR_TRACKING")
    reprint.add_argument(
        "--reason", default="", help="why (journalled; needed for labels bought at another bench)"
    )
    reprint.add_argument("--printer", metavar="URI", help="printer URI for this run")
    reprint.add_argument("--approve", action="store_true", help=APPROVE_HELP)
    reprint.add_argument("--json", action="store_true", help="machine-readable output")


def _add_slip(sub: Any) -> None:
    slip = sub.add_parser(
        "slip",
        help="print an order's packing slip again, from the journal",
        description="Make the packing slip (delivery note) of a packed order again from the "
        "journal (its order data and boxes), file it and print it on the document printer.",
    )
    slip.add_argument("order", metavar="ORDER")
    slip.add_argument("--json", action="store_true", help="machine-readable output")


def _add_void(sub: Any) -> None:
    void = sub.add_parser(
        "void",
        help="cancel a label at Seven Senders, with a reason",
        description="Cancel a label at Seven Senders, with a reason (journalled); --replace "
        "buys and prints a new label for that parcel.",
    )
    void.add_argument("tracking", metavar="TRACKING")
    void.add_argument("--reason", required=True, help="why (journalled)")
    void.add_argument(
        "--replace", action="store_true", help="buy and print a new label for that parcel"
    )
    void.add_argument("--printer", metavar="URI", help="printer URI for the replacement")
    void.add_argument("--approve", action="store_true", help=APPROVE_HELP)
    void.add_argument("--json", action="store_true", help="machine-readable output")


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    # read before the station opens: a terminal prompt never waits inside the event loop
    args.supervisor_code = read_supervisor_code() if getattr(args, "approve", False) else None
    return asyncio.run(guarded(out, args.command, _on_station(settings, args, out)))


async def _on_station(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.composition.station import StationOptions, open_station
    from packstation.domain.shipping import LabelFormat

    connection = require_connection(settings)
    label_format = LabelFormat(args.format) if getattr(args, "format", None) else None
    options = StationOptions(
        printer_uri=getattr(args, "printer", None),
        label_format=label_format,
        run_print_queue=False,
    )
    async with open_station(settings, connection, options) as station:
        if args.command == "pack":
            return await _pack(settings, station, args, out)
        if args.command == "resume":
            if args.reprint_uncertain and args.uncertain_printed:
                return out.fail(
                    "Choose one: --reprint-uncertain (they did not print) or "
                    "--uncertain-printed (they did).",
                    ExitCode.USAGE,
                )
            return await _resume(
                settings,
                station,
                out,
                reprint_uncertain=args.reprint_uncertain,
                uncertain_printed=args.uncertain_printed,
            )
        if args.command == "reprint":
            return await _reprint(station, args, out)
        if args.command == "slip":
            return await _slip(station, args.order, out)
        return await _void(settings, station, args, out)


async def _pack(
    settings: Settings, station: Station, args: argparse.Namespace, out: Output
) -> ExitCode:
    from packstation.domain.cycle import CycleInterrupted, CycleStatus, PackedElsewhere
    from packstation.services.packing import FinishRefused, OpenOutcome

    service = station.service
    if args.recover:
        return await _recover(settings, station, args, out)
    if args.skip_verify and not (args.reason or "").strip():
        args.reason = "item check skipped on the command line"
    if args.reason and not args.skip_verify:
        return out.fail("--reason goes with --skip-verify.", ExitCode.USAGE)
    if args.packer is not None:
        try:
            await service.sign_in(args.packer)
        except ValueError as exc:
            return out.fail(f"--packer: {exc}.", ExitCode.USAGE)
    if settings.require_sign_in and not service.packer:
        return out.fail(
            "This station packs only with a packer signed in (require_sign_in): give "
            "--packer NAME_OR_BADGE.",
            ExitCode.USAGE,
        )
    opened = await service.open_order(args.order, args.supervisor_code)
    session = _packable(opened)
    warnings = [opened.message] if opened.outcome is OpenOutcome.CONTINUED else []
    if session.status is CycleStatus.PACKING:
        await _check_items(station, args, session.order_id)
    try:
        result = await service.finish(tracking_codes=args.own_label)
    except PackedElsewhere as exc:
        return out.fail(
            exc.message,
            ExitCode.ALREADY_PACKED,
            order_id=session.order_id,
            packed_elsewhere=True,
            tracking_codes=list(exc.tracking_codes),
            bench=exc.bench,
        )
    except CycleInterrupted as exc:
        return await _interrupted(settings, station, out, exc, session.order_id)
    if isinstance(result, FinishRefused) and result.boxes:
        hint = ""
        if result.weight:
            hint = (
                " Give each box's weight with --weight-g; --confirm-weight keeps a box the "
                "weight gate found off as it is."
            )
        return out.fail(
            f"Nothing was bought. {result.message}{hint}",
            ExitCode.REFUSED,
            order_id=result.order_id,
            refusal=result.refusal.kind.value,
        )
    if isinstance(result, FinishRefused) and not result.remaining:
        return out.fail(
            f"Nothing was registered. {result.message}",
            ExitCode.REFUSED,
            order_id=result.order_id,
            refusal=result.refusal.kind.value,
            tracking_code=result.tracking_code,
        )
    if isinstance(result, FinishRefused):
        return out.fail(
            f"The item check is not complete; nothing was bought. {result.message}",
            ExitCode.ITEMS,
            order_id=result.order_id,
            refusal=result.refusal.kind.value,
            missing=[{"sku": sku, "units": n} for sku, n in result.remaining],
        )
    return await report_cycle(settings, station, result, out, warnings)


async def _interrupted(
    settings: Settings, station: Station, out: Output, exc: CycleInterrupted, order_id: str
) -> ExitCode:
    try:
        pending: int | None = (
            await station.outbox.drain(min(settings.outbox_drain_s, 2.0))
        ).pending
    except Exception as failure:  # noqa: BLE001 - the journal may be what failed; the cycle is kept
        log.info("the outbox was not drained after the interruption: %r", failure)
        pending = None
    # a bought label is never "nothing was bought": 9, and `resume` finishes it
    return out.fail(
        exc.message,
        ExitCode.IN_FLIGHT if exc.unresolved or exc.bought else ExitCode.API,
        order_id=order_id,
        unresolved=exc.unresolved,
        tracking_codes=list(exc.bought),
        outbox_pending=pending,
    )


async def _recover(
    settings: Settings, station: Station, args: argparse.Namespace, out: Output
) -> ExitCode:
    """``pack --recover``: the order's labels at 7S that the journal lost, printed once."""
    from packstation.domain.cycle import CycleInterrupted
    from packstation.services.packing import RecoveryRefused

    try:
        result = await station.service.recover(args.order)
    except CycleInterrupted as exc:
        return await _interrupted(settings, station, out, exc, args.order)
    if isinstance(result, RecoveryRefused):
        return out.fail(
            result.message,
            ExitCode.ALREADY_PACKED if result.packed else ExitCode.NOT_PACKABLE,
            order_id=result.order_id,
            tracking_codes=list(result.tracking_codes),
        )
    return await report_cycle(settings, station, result, out, [])


#: Said of a shipped order whose labels this station has no record of.
_RECOVER_HINT = (
    " If this station bought its labels and lost the record of them (a power cut), "
    "`packstation pack {order} --recover` looks them up at Seven Senders and prints them."
)


def _packable(opened: OpenResult) -> OrderSession:
    """The opened order's session, or ``CommandFailed`` when it cannot be packed here."""
    from packstation.domain.packing import NotPackableReason
    from packstation.services.packing import OpenOutcome

    if opened.outcome is OpenOutcome.ALREADY_PACKED:
        raise CommandFailed(
            opened.message,
            ExitCode.ALREADY_PACKED,
            order_id=opened.order_id,
            tracking_codes=[a.tracking_code for a in opened.labels],
        )
    if opened.outcome is OpenOutcome.CLAIMED_ELSEWHERE:
        holder = opened.claim
        raise CommandFailed(
            opened.message,
            ExitCode.IN_FLIGHT,
            order_id=opened.order_id,
            claimed_by={
                "bench": holder.bench_name if holder else None,
                "packer": holder.packer if holder else None,
                "since": holder.claimed_at.isoformat() if holder else None,
            },
        )
    if opened.outcome is OpenOutcome.PACKED_ELSEWHERE:
        message = opened.message
        if opened.bench is None:  # nobody knows where: it may be this bench's lost record
            message += _RECOVER_HINT.format(order=opened.order_id)
        raise CommandFailed(
            message,
            ExitCode.ALREADY_PACKED,
            order_id=opened.order_id,
            packed_elsewhere=True,
            tracking_codes=list(opened.tracking_codes),
            bench=opened.bench,
        )
    if opened.outcome in (
        OpenOutcome.NOT_AN_ORDER,
        OpenOutcome.NOT_PACKABLE,
        OpenOutcome.SOURCE_PROBLEM,
    ):
        reason = opened.reason.value if opened.reason else opened.outcome.value
        message = opened.message
        if opened.reason is NotPackableReason.ALREADY_SHIPPED:
            message += _RECOVER_HINT.format(order=opened.order_id)
        raise CommandFailed(message, ExitCode.NOT_PACKABLE, order_id=opened.order_id, reason=reason)
    assert opened.session is not None
    return opened.session


async def _check_items(station: Station, args: argparse.Namespace, order_id: str) -> None:
    """The item check and the parcels as the options give them; ``CommandFailed`` when an
    item is wrong (nothing is bought) or an option does not fit the order."""
    from packstation.domain.packing import plan_parcels

    service = station.service
    problems: list[str] = []
    try:
        if args.skip_verify:
            await service.skip_verification(args.reason, args.supervisor_code)
        for code in args.verify:
            scanned = await service.scan_item(code)
            if not scanned.counted:
                problems.append(f"{scanned.outcome.value}: {scanned.message}")
        if args.box:
            await service.set_boxes(_boxes(args.box, args.parcels, args.weight_g))
        if args.confirm_weight:
            await service.confirm_weights()
        elif args.parcels is not None or args.weight_g:
            count = args.parcels or (len(args.weight_g) if args.weight_g else 1)
            weights = args.weight_g or None
            if weights is not None and len(weights) == 1 and count > 1:
                split = plan_parcels(count, total_weight_g=weights[0])
                weights = [p.weight_g or 0 for p in split]
            await service.set_parcels(count, weights)
    except ValueError as exc:
        raise CommandFailed(str(exc), ExitCode.USAGE, order_id=order_id) from None
    if problems:
        raise CommandFailed(
            "The item check failed; nothing was bought:\n  " + "\n  ".join(problems),
            ExitCode.ITEMS,
            order_id=order_id,
            problems=problems,
        )


def _boxes(specs: list[str], parcels: int | None, weights: list[int] | None) -> tuple[Box, ...]:
    """The boxes of ``--box`` (and ``--weight-g``, one per box in order); ValueError in words."""
    from packstation.domain.boxes import boxes_from_specs

    if parcels is not None and parcels != len(specs):
        raise ValueError(
            f"--parcels {parcels} does not match the {len(specs)} --box given: with --box, "
            "each box is a parcel (leave --parcels out)."
        )
    if weights and len(weights) > len(specs):
        raise ValueError(
            f"{len(weights)} weights were given for {len(specs)} boxes: give one --weight-g "
            "value per box, in the order of the --box options."
        )
    if weights and len(weights) < len(specs):
        raise ValueError(
            f"Only {len(weights)} weights were given for {len(specs)} boxes: give one "
            "--weight-g value per box, in the order of the --box options (or none)."
        )
    return boxes_from_specs(specs, weights or None)


async def _slip(station: Station, order_id: str, out: Output) -> ExitCode:
    try:
        made = await station.service.reprint_slip(order_id)
    except LookupError as exc:
        return out.fail(str(exc), ExitCode.NOT_FOUND, order_id=order_id)
    data = {"ok": made.path is not None, "order_id": order_id, "path": made.path}
    if made.path is None:
        return out.fail(made.message, ExitCode.UNEXPECTED, **data)
    if out.json:
        out.emit({**data, "printed": made.printed, "message": made.message})
    else:
        out.line(made.message)
    return ExitCode.OK


async def _resume(
    settings: Settings,
    station: Station,
    out: Output,
    *,
    reprint_uncertain: bool = False,
    uncertain_printed: bool = False,
) -> ExitCode:
    if uncertain_printed:
        for job in await station.print_queue.pending():
            if job.uncertain:
                await station.print_queue.settle_uncertain(job.id)
    results = await station.service.resume(reprint_uncertain=reprint_uncertain)
    code = ExitCode.OK
    rows: list[dict[str, Any]] = []
    for result in results:
        if result.report is not None:
            row = await cycle_json(station, result.report)
            if not result.report.printed:
                code = max(code, ExitCode.PRINTER)
            rows.append({"finished": True, **row})
        else:
            code = ExitCode.IN_FLIGHT
            rows.append(
                {
                    "finished": False,
                    "order_id": result.order_id,
                    "cycle_id": result.cycle_id,
                    "problem": result.problem,
                    "unresolved": result.unresolved,
                    "tracking_codes": list(result.bought),
                    "waiting_for_packer": result.waiting_for_packer,
                }
            )
    counts = await station.outbox.drain(settings.outbox_drain_s)
    if out.json:
        print(
            json.dumps(
                {
                    "ok": code == ExitCode.OK,
                    "exit_code": code,
                    "cycles": rows,
                    "outbox": {"pending": counts.pending, "failed": counts.failed},
                },
                ensure_ascii=False,
            )
        )
    else:
        if not rows:
            print("Nothing was left in flight.")
        for row in rows:
            if row["finished"]:
                print_cycle(row)
            else:
                print(f"Order {row['order_id']}: not finished — {row['problem']}", file=sys.stderr)
        print(f"Outbox: {counts.pending} waiting, {counts.failed} need attention.")
    maybe = [
        f"{row['order_id']} parcel {p['parcel']}/{p['of']} ({p['tracking_code']})"
        for row in rows
        if row["finished"]
        for p in row["parcels"]
        if p["may_have_printed"]
    ]
    if maybe:
        print(
            "These labels may have printed before the station stopped, and the printer cannot "
            "tell: " + ", ".join(maybe) + ". Check the printer, then run `packstation resume "
            "--reprint-uncertain` if they did not print, or `packstation resume "
            "--uncertain-printed` if they did.",
            file=sys.stderr,
        )
    return code


async def _reprint(station: Station, args: argparse.Namespace, out: Output) -> ExitCode:
    target = args.target
    report = await station.service.reprint(target, args.reason, args.supervisor_code)
    if not report.items and report.elsewhere:
        return out.fail(
            report.message, ExitCode.REFUSED, packed_elsewhere=True, tracking_codes=report.elsewhere
        )
    if not report.items:
        return out.fail(report.message, ExitCode.NOT_PACKABLE)
    code = ExitCode.OK if report.printed else ExitCode.PRINTER
    if out.json:
        print(
            json.dumps(
                {
                    "ok": code == ExitCode.OK,
                    "exit_code": code,
                    "query": target,
                    "printer": station.printer.uri,
                    "labels": [
                        {
                            "order_id": i.order_id,
                            "parcel": i.parcel,
                            "of": i.parcels,
                            "tracking_code": i.tracking_code,
                            "printed": confirmed(i.printed, i.outcome),
                            "print_state": print_state(i.printed, i.outcome),
                            "print_outcome": i.outcome,
                            "detail": i.detail,
                        }
                        for i in report.items
                    ],
                }
            )
        )
    else:
        for i in report.items:
            state = "printed" if i.printed else f"NOT printed: {i.detail or i.outcome}"
            if print_state(i.printed, i.outcome) == "sent_unconfirmed":
                state = f"sent, unconfirmed: {i.detail or 'check that the label came out'}"
            print(f"{i.order_id} parcel {i.parcel}/{i.parcels} {i.tracking_code}: {state}")
    return code


async def _void(
    settings: Settings, station: Station, args: argparse.Namespace, out: Output
) -> ExitCode:
    try:
        report = await station.service.void(
            args.tracking,
            args.reason,
            replace_label=args.replace,
            supervisor_code=args.supervisor_code,
        )
    except LookupError as exc:
        return out.fail(str(exc).strip("'\""), ExitCode.NOT_PACKABLE)
    except ValueError as exc:
        return out.fail(str(exc), ExitCode.USAGE)
    code = ExitCode.OK
    replacement = report.replacement
    if replacement is not None and not replacement.printed:
        code = ExitCode.PRINTER
    counts = await station.outbox.drain(settings.outbox_drain_s)
    data: dict[str, Any] = {
        "ok": code == ExitCode.OK,
        "exit_code": code,
        "tracking_code": report.tracking_code,
        "order_id": report.order_id,
        "parcel": report.parcel,
        "reason": report.reason,
        "already_voided": report.already_voided,
        "replacement": None
        if replacement is None
        else {
            "reference_number": replacement.reference_number,
            "tracking_code": replacement.tracking_code,
            "shipment_id": replacement.shipment_id,
            "label_path": replacement.label_path,
            "printed": confirmed(replacement.printed, replacement.print_outcome),
            "print_state": print_state(replacement.printed, replacement.print_outcome),
        },
        "outbox": {"pending": counts.pending, "failed": counts.failed},
    }
    if out.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        word = "was already void" if report.already_voided else "is void"
        print(f"Label {report.tracking_code} (order {report.order_id}) {word}: {report.reason}")
        if replacement is not None:
            print(
                f"New label for parcel {replacement.number}: {replacement.tracking_code} "
                f"({'printed' if replacement.printed else 'NOT printed'})"
            )
    return code
