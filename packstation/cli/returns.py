"""``return`` (the returns desk: mark a returned order received or refunded) and
``returns`` (the shift's returns: summary, CSV)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.options import parse_since
from packstation.cli.output import CommandFailed, Output

if TYPE_CHECKING:
    from packstation.composition.connection import Connection
    from packstation.composition.workflows import Workflows
    from packstation.domain.returns import ReturnMark
    from packstation.services.returns import ReturnLookup
    from packstation.settings.model import Settings


async def mark(
    settings: Settings, connection: Connection, args: argparse.Namespace, out: Output
) -> ExitCode:
    """The returns desk shares the packing station's outbox (every handler), so the states it
    queues are delivered now; without a usable station they wait for the next one."""
    from packstation.composition.station import StationConfigError, open_station
    from packstation.composition.workflows import open_workflows

    try:
        async with (
            open_station(settings, connection) as station,
            open_workflows(settings, connection, station=station) as wf,
        ):
            return await _return(settings, wf, args, out)
    except StationConfigError:
        async with open_workflows(settings, connection) as wf:
            return await _return(settings, wf, args, out)


def _lines(specs: list[str]) -> list[ReturnMark]:
    from packstation.domain.returns import ReturnMark

    marks = []
    for spec in specs:
        sku, _, qty = spec.partition(":")
        if not sku.strip():
            raise ValueError(f"--line takes SKU or SKU:QTY, got {spec!r}")
        try:
            quantity = int(qty) if qty.strip() else None
        except ValueError:
            raise ValueError(f"--line takes SKU or SKU:QTY, got {spec!r}") from None
        marks.append(ReturnMark(sku.strip(), quantity))
    return marks


async def _return(
    settings: Settings, wf: Workflows, args: argparse.Namespace, out: Output
) -> ExitCode:
    from packstation.domain.returns import ReturnAction
    from packstation.services.returns import ReturnRefused

    try:
        marks = _lines(args.line)
    except ValueError as exc:
        return out.fail(str(exc), ExitCode.USAGE)
    found = await wf.returns.lookup(args.target)
    if not found.found or found.order_id is None:
        return out.fail(found.message, ExitCode.NOT_FOUND, warnings=list(found.warnings))
    data = _found_json(found)
    if args.show:
        _show(found, data, out)
        return ExitCode.OK
    action = ReturnAction.RECEIVED if args.received else ReturnAction.REFUNDED
    try:
        result = await wf.returns.mark(
            found.order_id,
            action,
            marks,
            reason=args.reason or "",
            tracking_code=found.tracking_code,
        )
    except ReturnRefused as exc:
        raise CommandFailed(str(exc), ExitCode.REFUSED, order_id=found.order_id) from None
    from packstation.domain.cycle import OutboxCounts, OutboxStatus

    counts = OutboxCounts()
    if wf.delivers:
        counts = await wf.outbox.drain(min(settings.outbox_drain_s, 10.0))
    ids = {r.id for r in result.records}
    mine = [
        e
        for e in await wf.journal.entries(order_id=found.order_id, limit=1000)
        if e.payload.get("return_record") in ids
    ]
    delivered = bool(mine) and all(e.status is OutboxStatus.DELIVERED for e in mine)
    refused = [e.last_error for e in mine if e.status is OutboxStatus.FAILED]
    if out.json:
        out.emit(
            {
                "ok": True,
                "exit_code": ExitCode.OK,
                **data,
                "action": action.value,
                "state": result.state,
                "state_queued": result.state_queued,
                "state_sent": delivered,
                "state_refused": refused,
                "records": [r.id for r in result.records],
                "message": result.message,
                "outbox": {"pending": counts.pending, "failed": counts.failed},
            }
        )
    else:
        print(result.message)
        for warning in found.warnings:
            print(f"  note: {warning}")
    for reason in refused:
        print(f"Seven Senders refused the state {result.state}: {reason}", file=sys.stderr)
    if result.state_queued and not delivered and not refused:
        print(
            f"The state {result.state} for {found.order_id} waits in the outbox (Seven Senders "
            "did not answer); the station sends it with the next command or `packstation "
            "resume`.",
            file=sys.stderr,
        )
    return ExitCode.OK


def _found_json(found: ReturnLookup) -> dict[str, Any]:
    lines = [
        {
            "sku": line.sku,
            "name": line.name,
            "quantity": line.quantity,
            "received": line.received,
            "refunded": line.refunded,
        }
        for line in found.lines
    ]
    return {
        "order_id": found.order_id,
        "found_by": found.via.value if found.via else None,
        "tracking_code": found.tracking_code,
        "sevensenders_state": found.sevensenders_state,
        "lines": lines,
        "warnings": list(found.warnings),
    }


def _show(found: ReturnLookup, data: dict[str, Any], out: Output) -> None:
    if out.json:
        out.emit({"ok": True, "exit_code": ExitCode.OK, **data})
        return
    print(found.message)
    for line in found.lines:
        print(
            f"  {line.sku:<20} {line.name:<30} ×{line.quantity}  received "
            f"{line.received}, refunded {line.refunded}"
        )
    for warning in found.warnings:
        print(f"  note: {warning}")


async def shift_summary(
    settings: Settings, args: argparse.Namespace, since: datetime | None, out: Output
) -> ExitCode:
    from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
    from packstation.adapters.station_records_sqlite import SqliteStationRecords
    from packstation.domain.returns import ReturnAction
    from packstation.services.returns import returns_summary, write_returns_csv

    if args.returns_action == "summary" and since is None:
        since = parse_since("today")
    path = journal_path(settings.data_dir)
    async with SqliteJournal(path) as journal:
        summary = await returns_summary(SqliteStationRecords(journal), journal, since)
    if args.returns_action == "export":
        await write_returns_csv(summary, args.file)
        print(
            f"{len(summary.rows)} return record(s) of {summary.orders} order(s) since "
            f"{since.isoformat(timespec='minutes') if since else 'the start'} written to "
            f"{args.file}."
        )
        return ExitCode.OK
    received, refunded = summary.count(ReturnAction.RECEIVED), summary.count(ReturnAction.REFUNDED)
    if out.json:
        from packstation.domain.returns import csv_row

        out.emit(
            {
                "ok": True,
                "since": since.isoformat() if since else None,
                "orders": summary.orders,
                "received": received,
                "refunded": refunded,
                "waiting": summary.waiting(),
                "needs_attention": summary.needing_attention(),
                "rows": [csv_row(row) for row in summary.rows],
            }
        )
        return ExitCode.OK
    print(
        f"Returns since {since.isoformat(timespec='minutes') if since else 'the start'}: "
        f"{summary.orders} order(s), {received} received, {refunded} refunded; "
        f"{summary.waiting()} waiting for Seven Senders, {summary.needing_attention()} need "
        "attention."
    )
    for row in summary.rows:
        r = row.record
        what = f"{r.sku} ×{r.quantity or 'all'}" if r.sku else "whole order"
        print(
            f"  {r.at.astimezone().strftime('%H:%M')} {r.order_id:<10} {r.action.value:<9} "
            f"{what:<24} {row.delivery.value:<15} {r.reason}"
        )
    return ExitCode.OK
