"""How a packing cycle is shown: one JSON object (``--json``) or lines for people, and the
hints on stderr (what waits in the outbox, customs data to fix, a label to reprint). Shared by
``pack``, ``resume`` and the customs commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from packstation.cli.declarations import customs_failures, declaration_json
from packstation.cli.exits import ExitCode
from packstation.cli.output import Output
from packstation.domain.cycle import OutboxEntry, OutboxKind, OutboxStatus
from packstation.domain.printing import print_state

if TYPE_CHECKING:
    from packstation.composition.station import Station
    from packstation.services.packing import CycleReport, ParcelReport
    from packstation.settings.model import Settings


async def report_cycle(
    settings: Settings,
    station: Station,
    report: CycleReport,
    out: Output,
    warnings: Sequence[str] = (),
) -> ExitCode:
    """Drain the outbox (bounded), then print the cycle's result; returns the exit code."""
    counts = await station.outbox.drain(settings.outbox_drain_s)
    data = await cycle_json(station, report, warnings)
    code = ExitCode.OK if report.printed else ExitCode.PRINTER
    if data["customs_problems"]:
        code = ExitCode.CUSTOMS
    data["exit_code"] = code
    data["ok"] = code == ExitCode.OK
    if station.warehouse is not None:  # the warehouse store: online, or the bench alone
        status = await station.warehouse.flush(2.0)
        data["warehouse"] = status.as_dict()
        if status.online is False:
            print(f"Packed alone: {status.detail}", file=sys.stderr)
    if out.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print_cycle(data)
    if counts.pending:
        print(
            f"{counts.pending} call(s) to Seven Senders are still waiting in the outbox; the "
            "station sends them with the next command (or `packstation resume`).",
            file=sys.stderr,
        )
    if counts.failed:
        print(
            f"{counts.failed} call(s) to Seven Senders were refused and need attention "
            "(`packstation journal --pending`).",
            file=sys.stderr,
        )
    if data["customs_problems"]:
        print(
            f"The customs declaration of {report.order_id} was NOT sent; the label is bought"
            + (" and printed" if report.printed else "")
            + ". Fix the order's data, then run `packstation customs retry "
            + f"{report.order_id}`:\n  "
            + "\n  ".join(data["customs_problems"]),
            file=sys.stderr,
        )
    unconfirmed = [p for p in data["parcels"] if p["print_state"] == "sent_unconfirmed"]
    if unconfirmed:
        print(
            f"{len(unconfirmed)} label(s) of {report.order_id} went to the printer, but it "
            "cannot confirm printing (sent, unconfirmed): check that the label came out; "
            f"if not, `packstation reprint {report.order_id}`.",
            file=sys.stderr,
        )
    maybe = [p for p in data["parcels"] if p["may_have_printed"]]
    if maybe:
        print(
            f"{len(maybe)} label(s) of {report.order_id} may have printed before the station "
            "stopped, and the printer cannot tell: check the printer, then run `packstation "
            "resume --reprint-uncertain` if it did not print, or `packstation resume "
            "--uncertain-printed` if it did.",
            file=sys.stderr,
        )
    elif not report.printed:
        reasons = "".join(
            f"\n  parcel {p['parcel']}/{p['of']}: {p['print_detail']}"
            for p in data["parcels"]
            if p["print_detail"]
        )
        print(
            f"The label of {report.order_id} is bought and stored but did not print; run "
            "`packstation resume` when the printer is ready (a label the printer still holds "
            "is checked first, so it does not print twice), or `packstation reprint "
            f"{report.order_id}` for another copy.{reasons}",
            file=sys.stderr,
        )
    return code


def confirmed(sent: bool, outcome: str | None) -> bool:
    """``printed`` in ``--json``: only a confirmed print (or an own label) counts."""
    return print_state(sent, outcome) in ("printed", "own_label")


async def cycle_json(
    station: Station, report: CycleReport, warnings: Sequence[str] = ()
) -> dict[str, Any]:
    """The cycle's result as ``--json`` shows it: its parcels, what reached Seven Senders
    (and what waits or was refused) and its customs declarations."""
    declarations = await station.customs.declarations(report.order_id)
    calls = _outbox_calls(await station.journal.entries(order_id=report.order_id, limit=200))
    # why a label waits in the print queue (offline, paper out after the job, …)
    queued = await station.print_queue.pending()
    waiting = {j.reference: j.detail for j in queued}
    uncertain = {j.reference for j in queued if j.uncertain}
    return {
        "order_id": report.order_id,
        "cycle_id": report.cycle_id,
        "status": report.status.value,
        "label_format": report.label_format.value if report.label_format else None,
        "carrier": str(report.carrier) if report.carrier else None,
        "printer": station.printer.uri,
        "parcels": [_parcel_json(p, report, waiting, uncertain) for p in report.parcels],
        "shipment_ids": [p.shipment_id for p in report.parcels],
        "tracking_codes": [p.tracking_code for p in report.parcels],
        "label_paths": [p.label_path for p in report.parcels],
        "printed": [confirmed(p.printed, p.print_outcome) for p in report.parcels],
        "states_posted": calls.posted,
        "outbox_pending": calls.pending,
        "outbox_failed": calls.failed,
        "customs_needed": report.customs_needed,
        "customs_ids": [d.customs_id for d in declarations if d.customs_id]
        or list(report.customs_ids),
        "customs": [declaration_json(d) for d in declarations],
        "customs_problems": customs_failures(declarations),
        "skip_reason": report.skip_reason,
        # a skipped check is never reported as scanned: what went without a scan is named
        "items_verified": report.skip_reason is None,
        "not_verified": [{"sku": sku, "units": units} for sku, units in report.not_verified],
        "warnings": [*warnings, *calls.not_taken, *report.warnings],
    }


@dataclass
class _OutboxCalls:
    """The order's calls to Seven Senders by what became of them, each named by its order
    state or its kind."""

    posted: list[str] = field(default_factory=list)  # only what 7S confirmed
    pending: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    not_taken: list[str] = field(default_factory=list)  # refused as a move backwards


def _outbox_calls(entries: Sequence[OutboxEntry]) -> _OutboxCalls:
    calls = _OutboxCalls()
    for entry in entries:
        name = (
            str(entry.payload.get("state"))
            if entry.kind is OutboxKind.ORDER_STATE
            else entry.kind.value
        )
        if entry.status is OutboxStatus.DELIVERED:
            calls.posted.append(name)
        elif entry.status is OutboxStatus.PENDING:
            calls.pending.append(name)
        elif entry.status is OutboxStatus.SUPERSEDED:
            calls.not_taken.append(f"Seven Senders did not take {name}: {entry.last_error}")
        else:
            calls.failed.append({"call": name, "reason": entry.last_error})
    return calls


def _parcel_json(
    p: ParcelReport, report: CycleReport, waiting: Mapping[str, str], uncertain: Set[str]
) -> dict[str, Any]:
    """One parcel of ``--json``: its label, whether it printed (or may have) and its items."""
    may_have_printed = p.reference_number in uncertain and not p.printed
    return {
        "parcel": p.number,
        "of": p.count,
        "reference_number": p.reference_number,
        "status": p.status.value,
        "weight_g": p.weight_g,
        "label_id": p.label_id,
        "shipment_id": p.shipment_id,
        "tracking_code": p.tracking_code,
        "label_path": p.label_path,
        "sha256": p.sha256,
        "printed": confirmed(p.printed, p.print_outcome),
        "print_state": "may_have_printed"
        if may_have_printed
        else print_state(p.printed, p.print_outcome),
        "print_outcome": p.print_outcome,
        "print_detail": waiting.get(p.reference_number, ""),
        "may_have_printed": may_have_printed,
        "items": [
            {"sku": item.sku, "quantity": item.quantity}
            for box in report.boxes
            if box.number == p.number
            for item in box.items
        ]
        if report.boxes
        else None,
    }


def print_cycle(data: dict[str, Any]) -> None:
    print(f"Order {data['order_id']}: {data['status']} ({data['carrier']}, {data['label_format']})")
    for p in data["parcels"]:
        printed = {
            "printed": "printed",
            "sent_unconfirmed": "sent, unconfirmed (check that the label came out)",
        }.get(p["print_state"], f"NOT printed ({p['print_outcome']})")
        where = p["label_path"]
        if p["print_outcome"] == "own_label":  # own-label mode: registered, printed elsewhere
            printed, where = "registered", "(label printed elsewhere)"
        print(
            f"  parcel {p['parcel']}/{p['of']}: {p['tracking_code']}  shipment {p['shipment_id']}"
            f"  {printed}  {where}"
        )
    if not data["items_verified"]:
        units = ", ".join(f"{r['sku']} ×{r['units']}" for r in data["not_verified"]) or "none"
        print(f"  items NOT VERIFIED (check skipped: {data['skip_reason']}); unscanned: {units}")
    if data["states_posted"]:
        print(f"  sent to Seven Senders: {', '.join(data['states_posted'])}")
    if data["outbox_pending"]:
        print(f"  waiting in the outbox: {', '.join(data['outbox_pending'])}")
    for failed in data["outbox_failed"]:
        print(f"  refused by Seven Senders: {failed['call']}: {failed['reason']}")
    for c in data["customs"]:
        where = c["invoice_path"] or c["customs_id"] or ""
        print(
            f"  customs, parcel {c['parcel']}/{c['of']}: {c['kind'].replace('_', ' ')}, "
            f"{c['status'].replace('_', ' ')} {where}".rstrip()
        )
    if data["customs_needed"] and not data["customs"]:
        print("  customs data needed for this destination")
    for warning in data["warnings"]:
        print(f"  note: {warning}")
