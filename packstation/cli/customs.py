"""The command line of customs and dispatch: ``customs`` and ``manifest``.

They drive the same services as the window's customs dialog and dispatch mode (built by
``composition.station.open_station``) and differ only in how they ask and show; ``--json``
prints one machine-readable object on stdout.

    packstation customs pending [--json]         what waits: data to fix, 7S to accept, manifests
    packstation customs show ORDER [--json]      an order's declarations as the dialog shows them
    packstation customs retry ORDER [--json]     pre-fill again from fresh data, send if complete
    packstation customs invoice ORDER [--json]   make and print the commercial invoices again
    packstation customs withdraw TRACKING --reason TEXT [--json]   before voiding a label
    packstation manifest --pieces N [--pickup DATE] [--manifest-id ID] [--dry-run] [--yes] [--json]

Exit codes (``exits.py``; 5 also when Seven Senders refused the manifest, nothing was
created): 6 nothing to do (no customs declaration of that order, no customs shipment waiting
for a manifest) · 8 an invoice did not print (it is filed) · 9 the manifest's outcome is not
known yet (run the command again: it is looked up first, never posted twice) · 11 the manifest
id was used before (by this station or at Seven Senders), or a declaration cannot be withdrawn
(in a manifest, or still on its way) · 13 customs data incomplete or
refused (the list names each field) · 14 customs manifests are not used for Seven Senders Flex
accounts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from packstation.cli.declarations import customs_failures, declaration_json
from packstation.cli.exits import ExitCode
from packstation.cli.guard import guarded, require_connection
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.composition.station import Station
    from packstation.domain.customs_declaration import CustomsDeclaration
    from packstation.services.dispatch import DispatchService
    from packstation.settings.model import Settings

#: The commands this module answers .
COMMANDS = frozenset({"customs", "manifest"})


def add_parsers(sub: Any) -> None:
    """Register ``customs`` and ``manifest`` on the main parser's sub-parsers."""
    customs = sub.add_parser(
        "customs",
        help="customs declarations: pending, show, retry, invoice",
        description="Customs declarations of parcels to non-EU countries: what waits, an "
        "order's declarations, sending them again from fresh data, printing the commercial "
        "invoices again, withdrawing one before its label is voided.",
    )
    actions = customs.add_subparsers(dest="customs_action", metavar="ACTION", required=True)
    pending = actions.add_parser(
        "pending",
        help="what waits: data to fix, Seven Senders to accept, a manifest (by pick-up)",
    )
    pending.add_argument("--json", action="store_true", help="machine-readable output")
    show = actions.add_parser("show", help="an order's declarations, as the dialog shows them")
    show.add_argument("order", metavar="ORDER")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    retry = actions.add_parser(
        "retry", help="pre-fill an order's open declarations again from fresh data and send them"
    )
    retry.add_argument("order", metavar="ORDER")
    retry.add_argument("--json", action="store_true", help="machine-readable output")
    invoice = actions.add_parser("invoice", help="make and print an order's invoices again")
    invoice.add_argument("order", metavar="ORDER")
    invoice.add_argument("--json", action="store_true", help="machine-readable output")
    withdraw = actions.add_parser(
        "withdraw",
        help="withdraw a parcel's declaration (deleted at 7S) before its label is voided",
    )
    withdraw.add_argument("target", metavar="TRACKING_OR_SHIPMENT")
    withdraw.add_argument("--reason", required=True, help="why (journalled)")
    withdraw.add_argument("--json", action="store_true", help="machine-readable output")

    manifest = sub.add_parser(
        "manifest",
        help="post the customs manifest of a pick-up (not used for Seven Senders Flex accounts)",
        description="Post the customs manifest of one pick-up: the customs shipments handed "
        "to the carrier and the number of outer containers. A posted manifest can never "
        "change; --dry-run shows it first. Not used for Seven Senders Flex accounts.",
    )
    manifest.add_argument(
        "--pieces",
        type=int,
        required=True,
        metavar="N",
        help="outer containers handed to the carrier (pallets, cages, boxes)",
    )
    manifest.add_argument(
        "--pickup",
        metavar="DATE",
        help="the pick-up: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: the earliest waiting)",
    )
    manifest.add_argument(
        "--manifest-id", metavar="ID", help="use this id (default: PREFIX_MYYYYMMDD_NN)"
    )
    manifest.add_argument("--reference", metavar="TEXT", help="your reference (optional)")
    manifest.add_argument("--comment", metavar="TEXT", help="a comment for 7S (optional)")
    manifest.add_argument(
        "--dry-run", action="store_true", help="show what would be posted; post nothing"
    )
    manifest.add_argument(
        "--yes", action="store_true", help="do not ask (a posted manifest can never change)"
    )
    manifest.add_argument("--json", action="store_true", help="machine-readable output")


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    """Run ``customs …`` or ``manifest``; returns the exit code."""
    return asyncio.run(guarded(out, args.command, _run(settings, args, out)))


async def _run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.composition.station import open_station
    from packstation.services.dispatch import FLEX_TEXT

    if args.command == "manifest":
        if settings.seven_senders_flex:  # the step does not exist: no network, no journal
            return out.fail(FLEX_TEXT, ExitCode.FLEX, flex=True)
        if args.pieces < 1:
            return out.fail(
                "--pieces must be at least 1 (the outer containers: pallets, cages, boxes).",
                ExitCode.USAGE,
            )
    connection = require_connection(settings)
    async with open_station(settings, connection) as station:
        # customs shipments still queued go out first (the manifest needs them accepted)
        await station.outbox.drain(min(settings.outbox_drain_s, 5.0))
        if args.command == "manifest":
            return await _manifest(station, args, out)
        action = args.customs_action
        if action == "pending":
            return await _pending(settings, station, out)
        if action == "show":
            return await _show(station, args.order, out)
        if action == "retry":
            return await _retry(settings, station, args.order, out)
        if action == "withdraw":
            return await _withdraw(station, args.target, args.reason, out)
        return await _invoice(station, args.order, out)


def _describe(d: CustomsDeclaration) -> str:
    status = d.status.value.replace("_", " ")
    extra = ""
    if d.manifest_id:
        extra = f" manifest {d.manifest_id}"
    elif d.invoice_path:
        extra = f" invoice {d.invoice_path}"
    return (
        f"{d.order_id:<10} parcel {d.parcel_no}/{d.parcel_count}  {d.kind.value:<21} "
        f"{status:<21} {d.tracking_code}{extra}"
    )


# ---------------------------------------------------------------------- customs


async def _pending(settings: Settings, station: Station, out: Output) -> ExitCode:
    from packstation.domain.customs_declaration import DeclarationStatus

    dispatch = station.dispatch
    open_ones = [
        d
        for d in await station.customs.declarations()
        if d.status
        in (
            DeclarationStatus.NEEDS_DATA,
            DeclarationStatus.AWAITING_CONFIRMATION,
            DeclarationStatus.REFUSED,
            DeclarationStatus.QUEUED,
        )
    ]
    listing = await dispatch.listing() if dispatch.manifests_used else None
    reminder = await dispatch.reminder()
    if out.json:
        out.emit(
            {
                "ok": True,
                "exit_code": ExitCode.OK,
                "flex": not dispatch.manifests_used,
                "open": [declaration_json(d) for d in open_ones],
                "manifest": None
                if listing is None
                else {
                    "checked_with_7s": listing.checked,
                    "problems": list(listing.problems),
                    "pickups": [
                        {
                            "pickup": g.pickup.isoformat(),
                            "overdue": g.overdue,
                            "orders": list(g.orders),
                            "shipment_ids": list(g.shipment_ids),
                            "customs_shipments": [declaration_json(d) for d in g.declarations],
                            "other_benches": [_other_json(o) for o in g.others],
                        }
                        for g in listing.groups
                    ],
                    "warehouse_manifests": [
                        _warehouse_manifest_json(m) for m in listing.warehouse_manifests
                    ],
                },
                "reminder": reminder.message if reminder else None,
            }
        )
        return ExitCode.OK
    print("Customs declarations that need something:")
    if not open_ones:
        print("  none")
    for d in open_ones:
        print(f"  {_describe(d)}")
        for p in d.problems:
            print(f"      {p.field}: {p.message}")
        if d.status is DeclarationStatus.REFUSED and d.note:
            print(f"      {d.note}")
    if listing is None:
        print("Customs manifests are not used for Seven Senders Flex accounts.")
        return ExitCode.OK
    check = "checked with Seven Senders" if listing.checked else "NOT checked with Seven Senders"
    print(f"Waiting for a manifest ({check}):")
    if not listing.groups:
        print("  none")
    for g in listing.groups:
        late = "  (pick-up time passed)" if g.overdue else ""
        print(f"  pick-up {dispatch.local(g.pickup):%a %Y-%m-%d %H:%M}{late}:")
        for d in g.declarations:
            print(f"    {_describe(d)}")
        for o in g.others:
            print(f"    {o.order_id} parcel {o.parcel_no}: at {o.bench_name}")
    for m in listing.warehouse_manifests:
        print(f"  manifest {m.describe(dispatch.local(m.pickup).tzinfo)}")
    for problem in listing.problems:
        print(f"  note: {problem}")
    if reminder is not None:
        print(reminder.message)
    return ExitCode.OK


async def _show(station: Station, order_id: str, out: Output) -> ExitCode:
    drafts = await station.customs.draft(order_id)
    if not drafts.declarations:
        return out.fail(
            f"No customs declaration of order {order_id} is at this station.",
            ExitCode.NOTHING,
            order_id=order_id,
        )
    if out.json:
        out.emit(
            {
                "ok": True,
                "exit_code": ExitCode.OK,
                "order_id": order_id,
                "complete": drafts.complete,
                "declarations": [declaration_json(d) for d in drafts.declarations],
            }
        )
        return ExitCode.OK
    for d in drafts.declarations:
        draft = d.draft
        print(_describe(d))
        print(f"  {draft.reason}")
        pickup = (
            f"{station.dispatch.local(draft.planned_pickup):%Y-%m-%d %H:%M}"
            if draft.planned_pickup
            else "-"
        )
        print(
            f"  invoice {draft.invoice_id} of {draft.invoice_date:%Y-%m-%d}, incoterm "
            f"{draft.incoterm}, from {draft.departure_country}, pick-up {pickup}"
        )
        for a in draft.articles:
            value = a.unit_value if a.unit_value is not None else "?"
            weight = a.net_weight_kg if a.net_weight_kg is not None else "?"
            print(
                f"    {a.quantity} x {a.sku:<16} {a.description[:30]:<30} "
                f"HS {a.hs_code or '?':<10} {a.country_of_origin or '?':<2} "
                f"{value} {a.currency}  {weight} kg"
            )
        for p in d.problems:
            print(f"  problem: {p.field}: {p.message}")
        if d.note:
            print(f"  note: {d.note}")
    return ExitCode.OK


async def _retry(settings: Settings, station: Station, order_id: str, out: Output) -> ExitCode:
    try:
        await station.customs.rebuild(order_id)
    except LookupError as exc:
        return out.fail(str(exc).strip("'\""), ExitCode.NOTHING, order_id=order_id)
    await station.outbox.drain(settings.outbox_drain_s)
    declarations = await station.customs.declarations(order_id)
    failures = customs_failures(declarations)
    code = ExitCode.CUSTOMS if failures else ExitCode.OK
    if out.json:
        out.emit(
            {
                "ok": code == ExitCode.OK,
                "exit_code": code,
                "order_id": order_id,
                "problems": failures,
                "declarations": [declaration_json(d) for d in declarations],
            }
        )
    else:
        for d in declarations:
            print(_describe(d))
    if failures:
        print(
            f"The customs declaration of {order_id} still cannot be sent:\n  "
            + "\n  ".join(failures),
            file=sys.stderr,
        )
    return code


async def _invoice(station: Station, order_id: str, out: Output) -> ExitCode:
    from packstation.domain.notes import Note, NoteKind

    try:
        declarations = await station.customs.print_invoices(order_id)
    except LookupError as exc:
        return out.fail(str(exc).strip("'\""), ExitCode.NOTHING, order_id=order_id)
    failures = customs_failures(declarations)
    not_printed = [  # by the note's kind, never its wording
        d
        for d in declarations
        if isinstance(d.note, Note) and d.note.kind is NoteKind.INVOICE_NOT_PRINTED
    ]
    code = ExitCode.CUSTOMS if failures else ExitCode.PRINTER if not_printed else ExitCode.OK
    if out.json:
        out.emit(
            {
                "ok": code == ExitCode.OK,
                "exit_code": code,
                "order_id": order_id,
                "invoices": [
                    {"parcel": d.parcel_no, "invoice_path": d.invoice_path, "note": d.note}
                    for d in declarations
                ],
                "problems": failures,
            }
        )
    else:
        for d in declarations:
            print(f"{d.order_id} parcel {d.parcel_no}/{d.parcel_count}: {d.note or '-'}")
    if failures:
        print("No invoice for incomplete data:\n  " + "\n  ".join(failures), file=sys.stderr)
    return code


async def _withdraw(station: Station, target: str, reason: str, out: Output) -> ExitCode:
    try:
        d = await station.customs.withdraw(target, reason)
    except LookupError as exc:
        return out.fail(str(exc).strip("'\""), ExitCode.NOTHING)
    except ValueError as exc:
        return out.fail(str(exc), ExitCode.ID_TAKEN)
    if out.json:
        out.emit({"ok": True, "exit_code": ExitCode.OK, "declaration": declaration_json(d)})
    else:
        print(
            f"The customs declaration of {d.order_id} parcel {d.parcel_no}/{d.parcel_count} "
            f"({d.tracking_code}) is withdrawn. Void the label now; after a replacement label, "
            f"`packstation customs retry {d.order_id}` declares the new parcel."
        )
    return ExitCode.OK


# ---------------------------------------------------------------------- manifest


async def _manifest(station: Station, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.domain.dispatch import PickupKey
    from packstation.services.dispatch import (
        ManifestElsewhere,
        ManifestIdTaken,
        ManifestNotUsed,
        ManifestRefused,
        ManifestUncertain,
        NothingToManifest,
    )

    dispatch = station.dispatch
    try:
        pickup = PickupKey.parse(args.pickup) if args.pickup else None
    except ValueError as exc:
        return out.fail(str(exc), ExitCode.USAGE)
    try:
        preview = await dispatch.preview(pickup, args.manifest_id)
        if args.dry_run:
            _print_preview(dispatch, preview, args.pieces, out, dry_run=True)
            return ExitCode.OK
        if not args.yes and not out.json and sys.stdin.isatty():
            _print_preview(dispatch, preview, args.pieces, out, dry_run=False)
            answer = await asyncio.to_thread(
                input, "Post it? A posted manifest can never be changed. [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                print("Nothing was posted.")
                return ExitCode.OK
        result = await dispatch.post_manifest(
            pieces=args.pieces,
            pickup=pickup,
            manifest_ref=preview.manifest_id,
            acknowledge_final=True,
            reference=args.reference,
            comment=args.comment,
        )
    except ManifestNotUsed as exc:
        return out.fail(exc.message, ExitCode.FLEX, flex=True)
    except NothingToManifest as exc:
        return out.fail(exc.message, ExitCode.NOTHING)
    except ManifestElsewhere as exc:
        return out.fail(exc.message, ExitCode.POSTED_ELSEWHERE)
    except ManifestIdTaken as exc:
        return out.fail(exc.message, ExitCode.ID_TAKEN, manifest_id=args.manifest_id)
    except ManifestUncertain as exc:
        return out.fail(exc.message, ExitCode.UNKNOWN)
    except ManifestRefused as exc:
        return out.fail(exc.message, ExitCode.API)
    except ValueError as exc:
        return out.fail(str(exc), ExitCode.USAGE)
    m = result.manifest
    if out.json:
        out.emit(
            {
                "ok": True,
                "exit_code": ExitCode.OK,
                "manifest_id": m.manifest_id,
                "sevensenders_id": m.sevensenders_id,
                "pickup": m.pickup.isoformat() if m.pickup else None,
                "pieces": m.pieces,
                "shipment_ids": list(m.shipment_ids),
                "orders": list(dict.fromkeys(d.order_id for d in result.declarations)),
                "already_posted": result.already_posted,
                "warnings": list(result.warnings),
            }
        )
    else:
        when = f"{dispatch.local(m.pickup):%Y-%m-%d %H:%M}" if m.pickup else "-"
        print(
            f"Manifest {m.manifest_id} posted: {len(m.shipment_ids)} customs shipment(s), "
            f"{m.pieces} piece(s), pick-up {when}. It cannot be changed any more; report "
            "mistakes to your Seven Senders contact."
        )
        for d in result.declarations:
            print(f"  {_describe(d)}")
    for warning in result.warnings:
        print(f"note: {warning}", file=sys.stderr)
    return ExitCode.OK


def _print_preview(
    dispatch: DispatchService, preview: Any, pieces: int, out: Output, *, dry_run: bool
) -> None:
    if out.json:
        out.emit(
            {
                "ok": True,
                "exit_code": ExitCode.OK,
                "dry_run": dry_run,
                "manifest_id": preview.manifest_id,
                "pickup": preview.pickup.isoformat(),
                "pieces": pieces,
                "shipment_ids": list(preview.shipment_ids),
                "orders": list(preview.orders),
                "other_benches": [_other_json(o) for o in preview.others],
                "left_out": [declaration_json(d) for d in preview.waiting],
                "other_pickups": [p.isoformat() for p in preview.other_pickups],
                "problems": list(preview.problems),
            }
        )
        return
    when = dispatch.local(preview.pickup)
    print(
        f"Manifest {preview.manifest_id}: pick-up {when:%Y-%m-%d %H:%M}, "
        f"{len(preview.shipment_ids)} customs shipment(s), {pieces} piece(s)"
    )
    for d in preview.declarations:
        print(f"  {_describe(d)}")
    for o in preview.others:
        print(f"  {o.order_id} parcel {o.parcel_no}: at {o.bench_name}")
    for d in preview.waiting:
        print(f"  left out (not accepted by Seven Senders yet): {_describe(d)}")
    for problem in preview.problems:
        print(f"  note: {problem}")
    if dry_run:
        print("Dry run: nothing was posted.")


def _other_json(o: Any) -> dict[str, Any]:
    """Another bench's customs shipment in the warehouse's manifest."""
    return {
        "shipment_id": o.shipment_id,
        "order_id": o.order_id,
        "parcel": o.parcel_no,
        "bench": o.bench_name,
        "planned_pickup": o.planned_pickup.isoformat(),
    }


def _warehouse_manifest_json(m: Any) -> dict[str, Any]:
    """A manifest of the warehouse: who posted it (or posts it now), when."""
    return {
        "manifest_id": m.manifest_id,
        "pickup": m.pickup.isoformat(),
        "state": str(m.state),
        "bench": m.bench_name,
        "posted_by": m.posted_by,
        "shipment_ids": list(m.shipment_ids),
        "claimed_at": m.claimed_at.isoformat(),
        "posted_at": m.posted_at.isoformat() if m.posted_at else None,
    }
