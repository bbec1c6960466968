"""``journal``: what the station did (cycles, labels, the outbox), read from its journal."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.guard import guarded
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.adapters.journal_sqlite import SqliteJournal
    from packstation.domain.cycle import OutboxCounts
    from packstation.settings.model import Settings

#: The commands this module answers.
COMMANDS = frozenset({"journal"})


def add_parsers(sub: Any) -> None:
    journal = sub.add_parser(
        "journal",
        help="what the station did: cycles, labels, outbox",
        description="What the station did, from its journal: the latest packing cycles with "
        "their labels, and the calls to Seven Senders in the outbox (waiting, refused).",
    )
    journal.add_argument(
        "--pending", action="store_true", help="only what is unfinished or waiting"
    )
    journal.add_argument("--limit", type=int, default=20, metavar="N", help="cycles to show")
    journal.add_argument("--json", action="store_true", help="machine-readable output")


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    return asyncio.run(guarded(out, args.command, _journal(settings, args, out)))


async def _journal(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
    from packstation.domain.cycle import OutboxCounts

    path = journal_path(settings.data_dir)
    rows: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    counts = OutboxCounts()
    if path.exists():
        async with SqliteJournal(path) as journal:
            rows, entries, counts = await _read(journal, args)
    else:  # nothing packed here yet: an empty journal, not a failure
        out.note(f"No journal yet at {path}: nothing was packed here.")
    if out.json:
        out.emit(
            {
                "ok": True,
                "exit_code": ExitCode.OK,
                "journal": str(path),
                "exists": path.exists(),
                "cycles": rows,
                "outbox": entries,
                "outbox_pending": counts.pending,
                "outbox_failed": counts.failed,
            }
        )
    elif path.exists():
        _show(path, rows, entries, counts, pending_only=args.pending)
    return ExitCode.OK


async def _read(
    journal: SqliteJournal, args: argparse.Namespace
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], OutboxCounts]:
    """The cycles (with their labels) and outbox entries the options ask for, as plain data."""
    from packstation.domain.cycle import OutboxStatus

    cycles = await journal.cycles(in_flight_only=args.pending, limit=max(1, args.limit))
    statuses = (OutboxStatus.PENDING, OutboxStatus.FAILED) if args.pending else ()
    outbox = await journal.entries(statuses=statuses, limit=200)
    counts = await journal.counts()
    rows: list[dict[str, Any]] = []
    for cycle in cycles:
        attempts = await journal.attempts(cycle.cycle_id)
        rows.append(
            {
                "cycle_id": cycle.cycle_id,
                "order_id": cycle.order_id,
                "station": cycle.station,
                "status": cycle.status.value,
                "step": cycle.step.value,
                "updated_at": cycle.updated_at.isoformat(),
                "note": cycle.note,
                "labels": [
                    {
                        "parcel": a.parcel_no,
                        "of": a.parcel_count,
                        "reference_number": a.reference_number,
                        "status": a.status.value,
                        "tracking_code": a.tracking_code,
                        "label_path": a.file_path,
                        "sha256": a.sha256,
                        "print_outcome": a.print_outcome,
                        "void_reason": a.void_reason,
                    }
                    for a in attempts
                ],
            }
        )
    entries = [
        {
            "id": e.id,
            "order_id": e.order_id,
            "call": e.describe(),
            "status": e.status.value,
            "attempts": e.attempts,
            "next_attempt_at": e.next_attempt_at.isoformat(),
            "last_error": e.last_error,
        }
        for e in outbox
    ]
    return rows, entries, counts


def _show(
    path: Path,
    rows: list[dict[str, Any]],
    entries: list[dict[str, Any]],
    counts: OutboxCounts,
    *,
    pending_only: bool,
) -> None:
    title = "In flight" if pending_only else "Recent cycles"
    print(f"{title} ({path}):")
    if not rows:
        print("  none")
    for row in rows:
        print(f"  {row['order_id']:<12} {row['status']:<12} {row['step']:<15} {row['updated_at']}")
        for label in row["labels"]:
            extra = f" void: {label['void_reason']}" if label["void_reason"] else ""
            print(
                f"      parcel {label['parcel']}/{label['of']} {label['status']:<9} "
                f"{label['tracking_code'] or '-':<22} {label['reference_number']}{extra}"
            )
        if row["note"]:
            print(f"      note: {row['note']}")
    print(f"Outbox: {counts.pending} waiting, {counts.failed} need attention.")
    for entry in entries:
        if entry["status"] != "delivered" or not pending_only:
            error = f" — {entry['last_error']}" if entry["last_error"] else ""
            print(f"  [{entry['status']}] {entry['call']} (tries: {entry['attempts']}){error}")
