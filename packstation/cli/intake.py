"""``catalog sync`` (the Return Portal Pro product catalog), ``orders import``/``watch``
(creating 7S orders early from the merchant's files) and ``stats`` (packing figures)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.composition.workflows import Workflows
    from packstation.domain.catalog import CatalogSummary
    from packstation.domain.intake import ImportSummary
    from packstation.settings.model import Settings


def _progress(label: str) -> Any:
    """A progress printer for stderr: a line at every tenth of the work (and the last)."""
    shown: set[int] = set()

    def show(done: int, total: int) -> None:
        if total <= 0:
            return
        tenth = done * 10 // total
        if tenth in shown and done != total:
            return
        shown.add(tenth)
        print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)

    return show


def _catalog_json(summary: CatalogSummary, code: ExitCode) -> dict[str, Any]:
    return {
        "ok": code == ExitCode.OK,
        "exit_code": code,
        "source": summary.source,
        "dry_run": summary.dry_run,
        "counts": summary.counts(),
        "created": list(summary.created),
        "updated": list(summary.updated),
        "deleted": list(summary.deleted),
        "unchanged": len(summary.unchanged),
        "images_uploaded": list(summary.images_uploaded),
        "images_deleted": list(summary.images_deleted),
        "failed": [{"sku": f.sku, "reason": f.reason, "where": f.where} for f in summary.failed],
        "warnings": list(summary.warnings),
        "seconds": summary.extra.get("seconds"),
    }


async def catalog(
    settings: Settings, wf: Workflows, args: argparse.Namespace, out: Output
) -> ExitCode:
    from packstation.adapters.catalog_file import images_folder, load_catalog

    dry_run = bool(args.dry_run)
    path: Path = args.file
    try:
        listing = await load_catalog(path)
    except OSError as exc:
        return out.fail(
            f"The product export {path} cannot be read ({exc.strerror or exc}).",
            ExitCode.USAGE,
        )
    images = images_folder(path, args.images or settings.catalog_images_dir)
    show = _progress("catalog")
    summary = await wf.catalog.sync(
        listing, images, dry_run=dry_run, on_progress=lambda p: show(p.done, p.total)
    )
    code = ExitCode.OK if summary.ok else ExitCode.PARTIAL
    if out.json:
        out.emit(_catalog_json(summary, code))
        return code
    c = summary.counts()
    verb = "would be" if dry_run else "were"
    print(
        f"Catalog {summary.source}{' (dry run)' if dry_run else ''}: {c['created']} created, "
        f"{c['updated']} updated, {c['deleted']} deleted, {c['unchanged']} unchanged, "
        f"{c['failed']} failed; {c['images_uploaded']} image(s) {verb} uploaded, "
        f"{c['images_deleted']} deleted."
    )
    for failure in summary.failed:
        where = f" ({failure.where})" if failure.where else ""
        print(f"  failed: {failure.sku or '-'}{where}: {failure.reason}")
    for warning in summary.warnings:
        print(f"  note: {warning}")
    return code


# ---------------------------------------------------------------------- orders and stats


def _import_json(summary: ImportSummary, code: ExitCode) -> dict[str, Any]:
    return {
        "ok": code == ExitCode.OK,
        "exit_code": code,
        "source": summary.source,
        "counts": summary.counts(),
        "created": list(summary.created),
        "updated": list(summary.updated),
        "existing": list(summary.existing),
        "unchanged": len(summary.unchanged),
        "failed": [
            {"order_id": p.order_id, "where": p.where, "reason": p.message} for p in summary.failed
        ],
        "states_posted": list(summary.states_posted),
        "seconds": summary.seconds,
    }


def _print_import(summary: ImportSummary) -> None:
    c = summary.counts()
    print(
        f"Orders from {summary.source}: {c['created']} created, {c['updated']} updated, "
        f"{c['existing']} already at Seven Senders, {c['unchanged']} unchanged, {c['failed']} "
        f"failed ({summary.seconds:.1f} s)."
    )
    if summary.states_posted:
        print(f"  initial state posted for {len(summary.states_posted)} order(s)")
    for problem in summary.failed:
        who = f"{problem.order_id}: " if problem.order_id else ""
        print(f"  failed: {who}{problem}")


async def orders(
    settings: Settings, wf: Workflows, args: argparse.Namespace, out: Output
) -> ExitCode:
    from packstation.adapters.order_source_folder import FolderOrderSource, read_export_file
    from packstation.adapters.order_source_wire import OrderIndex
    from packstation.domain.orders import OrderListing, OrderSourceError
    from packstation.domain.shipping import OrderState

    state = OrderState(args.state) if args.state else None
    show = _progress("orders")
    if args.orders_action == "import":
        path: Path = args.file
        try:
            data = await asyncio.get_running_loop().run_in_executor(None, path.read_bytes)
        except OSError as exc:
            return out.fail(
                f"The order file {path} cannot be read ({exc.strerror or exc}).",
                ExitCode.USAGE,
            )
        parsed = read_export_file(data, path.name)
        index = OrderIndex()
        for entry in parsed.entries:
            index.add(parsed.name, entry)
        index.problems.extend(parsed.problems)
        listing = index.listing()
        summary = await wf.intake.import_listing(
            listing,
            source=str(path),
            initial_state=state,
            on_progress=lambda p: show(p.done, p.total),
        )
        code = ExitCode.OK if summary.ok else ExitCode.PARTIAL
        if out.json:
            out.emit(_import_json(summary, code))
        else:
            _print_import(summary)
        return code
    folder = FolderOrderSource(args.folder)
    seen: set[str] = set()

    async def read() -> OrderListing:
        try:
            return await folder.list_orders()
        except OrderSourceError as exc:  # the folder is gone for a moment: report, go on
            return OrderListing((), (exc,))

    def on_pass(summary: ImportSummary) -> None:
        if out.json:
            out.emit(_import_json(summary, ExitCode.OK if summary.ok else ExitCode.PARTIAL))
            return
        new_problems = [p for p in summary.failed if str(p) not in seen]
        seen.update(str(p) for p in summary.failed)
        if summary.created or summary.updated or new_problems or args.once:
            _print_import(summary)

    interval = args.interval or settings.orders_watch_interval_s
    if not args.once:
        print(f"Watching {args.folder} every {interval:g} s; Ctrl+C stops.", file=sys.stderr)
    last = await wf.intake.watch(
        read,
        source=str(args.folder),
        interval_s=interval,
        once=bool(args.once),
        initial_state=state,
        on_pass=on_pass,
    )
    return ExitCode.OK if last.ok else ExitCode.PARTIAL


def _minutes(span: timedelta | None) -> float | None:
    return None if span is None else round(span.total_seconds() / 60, 1)


async def stats(
    settings: Settings, since: datetime | None, out: Output, *, by_packer: bool = False
) -> ExitCode:
    from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
    from packstation.adapters.station_records_sqlite import SqliteStationRecords
    from packstation.domain.intake import (
        PackedOrder,
        PackingStats,
        format_duration,
        packing_stats,
    )
    from packstation.domain.packers import stats_by_packer

    path = journal_path(settings.data_dir)
    packed: list[PackedOrder] = []
    if path.exists():
        async with SqliteJournal(path) as journal:
            packed = list(await SqliteStationRecords(journal).packed_orders(since))
    else:  # nothing packed here yet: zero, not a failure (and no journal is made for it)
        out.note(f"No journal yet at {path}: nothing was packed here.")
    stats = packing_stats(packed, since)
    packers = stats_by_packer(packed, since) if by_packer else ()

    def figures(s: PackingStats) -> dict[str, Any]:
        return {
            "packed": s.packed,
            "per_hour": [{"hour": hour.isoformat(), "packed": n} for hour, n in s.per_hour],
            "mean_per_hour": s.mean_per_hour,
            "median_order_age_at_packing_min": _minutes(s.median_age_at_packing),
            "median_pack_time_min": _minutes(s.median_pack_time),
            "median_received_to_packed_min": _minutes(s.median_received_to_packed),
        }

    if out.json:
        data: dict[str, Any] = {
            "ok": True,
            "exit_code": ExitCode.OK,
            "journal_exists": path.exists(),
            "since": since.isoformat() if since else None,
            **figures(stats),
        }
        if by_packer:  # "packer": null for orders packed while nobody was signed in
            data["packers"] = [
                {"packer": p.packer or None, **figures(p.stats)} for p in packers if p.stats.packed
            ]
        out.emit(data)
        return ExitCode.OK

    def shown(span: timedelta | None) -> str:
        if span is None:
            return "-"
        return format_duration(span) if span >= timedelta(minutes=1) else f"{span.seconds} s"

    print(
        f"Packed since {since.isoformat(timespec='minutes') if since else 'the start'}: "
        f"{stats.packed} order(s)"
    )
    print(f"  median order age at packing:   {shown(stats.median_age_at_packing)}")
    print(f"  median received → packed:      {shown(stats.median_received_to_packed)}")
    print(f"  median pack time per order:    {shown(stats.median_pack_time)}")
    if stats.per_hour:
        print("  packed per hour:")
        for hour, n in stats.per_hour:
            print(f"    {hour.astimezone().strftime('%Y-%m-%d %H:00')}  {n}")
    if by_packer:
        print("  by packer:")
        for p in packers:
            if not p.stats.packed:
                continue
            rate = f"{p.stats.mean_per_hour:.1f}/h" if p.stats.mean_per_hour else "-"
            print(
                f"    {p.packer or '(nobody signed in)':<28} {p.stats.packed:>5} order(s)  "
                f"{rate:>8}  median pack time {shown(p.stats.median_pack_time)}"
            )
    return ExitCode.OK
