"""Supervisor rules in the packing service: nothing guarded happens without an approval, the
journal names who approved (never the badge or PIN), and a skipped check is never 'scanned'."""

from __future__ import annotations

import json

import pytest

from packstation.domain.approval import (
    ApprovalNeeded,
    ApprovalRule,
    GuardedAction,
    Supervision,
    Supervisor,
    hash_secret,
)
from packstation.domain.cycle import JournalKind
from packstation.services.packing import (
    Counted,
    CycleReport,
    OpenOutcome,
    Refused,
    RefusedScan,
    StationPolicy,
)
from tests.fakes import an_order
from tests.unit.services.conftest import Bench

EAN = "4006381333931"
PIN, BADGE = "4711", "SUP-BADGE-0042"
MARIA = Supervisor(
    "Maria", badge_hash=hash_secret(BADGE, rounds=1_000), pin_hash=hash_secret(PIN, rounds=1_000)
)


def guarded(bench: Bench, station: str = "bench-1", **rules: ApprovalRule) -> None:
    supervision = Supervision(supervisors=(MARIA,), **rules)
    bench.restart(StationPolicy(station_name=station, retry_delay_s=0.0, supervision=supervision))


async def all_journal_text(bench: Bench) -> str:
    return json.dumps([(e.kind, dict(e.detail)) for e in await bench.journal.events(limit=1000)])


@pytest.mark.asyncio
async def test_skipping_needs_a_supervisor_and_the_journal_names_who(bench: Bench) -> None:
    guarded(bench)
    await bench.service.open_order("A100")
    await bench.service.scan_item(EAN)  # one of two scanned
    with pytest.raises(ApprovalNeeded) as needed:
        await bench.service.skip_verification("scanner broken")
    assert needed.value.action is GuardedAction.SKIP_CHECK
    assert not needed.value.refused
    with pytest.raises(ApprovalNeeded) as wrong:
        await bench.service.skip_verification("scanner broken", "9999")
    assert wrong.value.refused
    session = bench.service.current
    assert session is not None
    assert session.skip_reason is None
    await bench.service.skip_verification("scanner broken", BADGE)
    report = await bench.service.finish()
    assert isinstance(report, CycleReport)
    assert report.skip_reason == "scanner broken"
    assert report.not_verified == (("SKU-1", 1),)  # the scanned unit stays scanned
    events = await bench.journal.events(order_id="A100", limit=1000)
    skipped = [e for e in events if e.kind == JournalKind.VERIFICATION_SKIPPED]
    assert skipped[0].detail["approved_by"] == "Maria"
    assert skipped[0].detail["approved_with"] == "badge"
    assert skipped[0].detail["not_verified"] == [{"sku": "SKU-1", "units": 1}]
    refused = [e for e in events if e.kind == JournalKind.APPROVAL_REFUSED]
    assert [e.detail["action"] for e in refused] == ["skip_check"]
    verified = [e for e in events if e.detail.get("step") == "items_verified"]
    assert verified
    assert verified[0].detail["scanned"] == 1
    text = await all_journal_text(bench)
    assert BADGE not in text
    assert "9999" not in text


@pytest.mark.asyncio
async def test_without_supervisors_or_with_rule_none_nothing_is_asked(bench: Bench) -> None:
    await bench.service.open_order("A100")
    await bench.service.skip_verification("no supervisors enrolled")
    report = await bench.service.finish()
    assert isinstance(report, CycleReport)
    assert report.not_verified == (("SKU-1", 2),)
    guarded(bench, skip_check=ApprovalRule.NONE)
    await bench.service.open_order("A102")
    await bench.service.skip_verification("rule none")
    events = await bench.journal.events(order_id="A102")
    skipped = next(e for e in events if e.kind == JournalKind.VERIFICATION_SKIPPED)
    assert "approved_by" not in skipped.detail


@pytest.mark.asyncio
async def test_a_pin_rule_refuses_a_badge(bench: Bench) -> None:
    guarded(bench, skip_check=ApprovalRule.PIN)
    await bench.service.open_order("A100")
    with pytest.raises(ApprovalNeeded) as wrong:
        await bench.service.skip_verification("bulk", BADGE)
    assert wrong.value.refused
    assert wrong.value.rule is ApprovalRule.PIN
    await bench.service.skip_verification("bulk", PIN)


@pytest.mark.asyncio
async def test_voiding_needs_a_supervisor_before_7s_is_asked(bench: Bench) -> None:
    report = await _packed(bench)
    code = report.parcels[0].tracking_code or ""
    guarded(bench)
    with pytest.raises(ApprovalNeeded):
        await bench.service.void(code, "label damaged")
    assert bench.api.live_labels()  # nothing was cancelled
    voided = await bench.service.void(code, "label damaged", supervisor_code=PIN)
    assert not voided.already_voided
    events = await bench.journal.events(order_id="A100", limit=1000)
    void = next(e for e in events if e.kind == JournalKind.LABEL_VOIDED)
    assert (void.detail["approved_by"], void.detail["approved_with"]) == ("Maria", "pin")
    intent = next(e for e in events if e.kind == JournalKind.LABEL_VOID_INTENT)
    assert intent.detail["approved_by"] == "Maria"
    assert PIN not in await all_journal_text(bench)


@pytest.mark.asyncio
async def test_the_first_reprint_is_free_the_second_needs_a_supervisor(bench: Bench) -> None:
    await _packed(bench)
    guarded(bench)
    first = await bench.service.reprint("A100", "smudged")
    assert first.printed
    printed = len(bench.printer.printed)
    with pytest.raises(ApprovalNeeded) as needed:
        await bench.service.reprint("A100", "smudged again")
    assert needed.value.action is GuardedAction.REPRINT_AGAIN
    assert len(bench.printer.printed) == printed  # nothing printed
    second = await bench.service.reprint("A100", "smudged again", BADGE)
    assert second.printed
    events = await bench.journal.events(order_id="A100", limit=1000)
    reprints = [e for e in events if e.kind == JournalKind.REPRINT]
    assert "approved_by" not in reprints[0].detail
    assert reprints[1].detail["approved_by"] == "Maria"


@pytest.mark.asyncio
async def test_a_failed_reprint_does_not_count_as_one(bench: Bench) -> None:
    await _packed(bench)
    guarded(bench)
    bench.printer.offline = True
    failed = await bench.service.reprint("A100")
    assert not failed.printed
    bench.printer.offline = False
    assert (await bench.service.reprint("A100")).printed  # still the first real reprint


@pytest.mark.asyncio
async def test_taking_over_another_benchs_unfinished_order(bench: Bench) -> None:
    guarded(bench, station="bench-2")
    opened = await bench.service.open_order("A100")  # bench-2 starts it, then leaves it
    assert opened.outcome is OpenOutcome.OPENED
    await bench.service.scan_item(EAN)
    guarded(bench, station="bench-1")  # the same journal, another bench's name
    with pytest.raises(ApprovalNeeded) as needed:
        await bench.service.open_order("A100")
    assert needed.value.action is GuardedAction.TAKE_OVER
    assert bench.service.current is None
    taken = await bench.service.open_order("A100", PIN)
    assert taken.outcome is OpenOutcome.CONTINUED
    assert taken.session is not None
    assert taken.session.progress.units_scanned == 1  # nothing lost
    record = await bench.journal.cycle(taken.session.cycle_id)
    assert record is not None
    assert record.station == "bench-1"
    events = await bench.journal.events(order_id="A100", limit=1000)
    continued = next(e for e in events if e.kind == JournalKind.CYCLE_CONTINUED)
    assert continued.detail["taken_over_from"] == "bench-2"
    assert continued.detail["approved_by"] == "Maria"
    guarded(bench, station="bench-1")
    again = await bench.service.open_order("A100")  # its own now: no approval
    assert again.outcome is OpenOutcome.CONTINUED


@pytest.mark.asyncio
async def test_an_order_7s_has_in_preparation_is_taken_over_with_approval(bench: Bench) -> None:
    bench.api.add_order("A108", "in_preparation")
    bench.orders.orders["A108"] = an_order("A108")
    guarded(bench)
    with pytest.raises(ApprovalNeeded):
        await bench.service.open_order("A108")
    opened = await bench.service.open_order("A108", BADGE)
    assert opened.outcome is OpenOutcome.OPENED
    events = await bench.journal.events(order_id="A108", limit=1000)
    started = next(e for e in events if e.kind == JournalKind.CYCLE_OPENED)
    assert started.detail["taken_over_from"] == "another bench"
    assert started.detail["approved_by"] == "Maria"


async def _packed(bench: Bench) -> CycleReport:
    opened = await bench.service.open_order("A100")
    assert opened.outcome is OpenOutcome.OPENED
    await bench.service.scan_item(EAN)
    await bench.service.scan_item(EAN)
    report = await bench.service.finish()
    assert isinstance(report, CycleReport)
    assert report.printed
    return report


@pytest.mark.asyncio
async def test_a_supervisor_badge_scanned_out_of_turn_is_never_journalled(bench: Bench) -> None:
    guarded(bench)
    nothing = await bench.service.scan(BADGE)  # no order on the bench
    assert isinstance(nothing, Refused)
    assert nothing.reason is RefusedScan.SUPERVISOR_BADGE
    await bench.service.open_order("A100")
    during = await bench.service.scan(BADGE)  # while packing: not an item, not counted
    assert isinstance(during, Refused)
    assert during.reason is RefusedScan.SUPERVISOR_BADGE
    session = bench.service.current
    assert session is not None
    assert session.progress.units_scanned == 0
    other = await bench.service.scan("NOT-A-BADGE")  # any other text is an unknown item
    assert isinstance(other, Counted)
    scans = [e for e in await bench.journal.events(limit=1000) if e.kind == JournalKind.SCAN]
    assert [e.detail.get("kind") for e in scans].count("supervisor_badge") == 2
    text = await all_journal_text(bench)
    assert BADGE not in text
    assert "NOT-A-BADGE" in text  # only badges are kept out
