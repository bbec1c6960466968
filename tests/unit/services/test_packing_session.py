"""The packing service's state machine, on fakes of 7S and the printer with a real journal."""

from __future__ import annotations

import sqlite3

import pytest

from packstation.domain.barcodes import CodeKind
from packstation.domain.boxes import boxes_from_specs
from packstation.domain.commands import BenchCommand
from packstation.domain.cycle import (
    AttemptStatus,
    CycleInterrupted,
    CycleStatus,
    CycleStep,
    JournalEvent,
    LabelAttempt,
    OutboxStatus,
    VerificationPolicy,
)
from packstation.domain.errors import (
    Duplicate,
    MalformedResponse,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ValidationFailed,
    Violation,
)
from packstation.domain.packing import NotPackableReason, ScanOutcome
from packstation.domain.shipping import Label, LabelFormat, LabelRequest, PudoLocation
from packstation.services.packing import (
    CommandRead,
    Counted,
    CycleReport,
    FinishRefused,
    ItemScanned,
    LabelPrinted,
    Opened,
    OpenOutcome,
    Refused,
    StationPolicy,
    StepReached,
)
from tests.fakes import tracking_codes_printed
from tests.unit.services.conftest import Bench, make_service

EAN = "4006381333931"


async def pack(bench: Bench, order_id: str = "A100", *codes: str) -> CycleReport:
    opened = await bench.service.open_order(order_id)
    assert opened.outcome is OpenOutcome.OPENED, opened.message
    for code in codes:
        await bench.service.scan_item(code)
    result = await bench.service.finish()
    assert isinstance(result, CycleReport), result
    return result


@pytest.mark.asyncio
async def test_happy_path_walks_every_step_in_order_and_prints_once(bench: Bench) -> None:
    report = await pack(bench, "A100", EAN, EAN)

    assert report.status is CycleStatus.DONE
    assert report.printed
    assert report.warnings == ()
    assert [p.tracking_code for p in report.parcels] == tracking_codes_printed(bench.printer)
    assert len(bench.api.live_labels("A100")) == 1
    assert bench.steps == [
        "scanned",
        "loaded",
        "items_verified",
        "parcels_set",
        "label_intent:1",
        "label_bought:1",
        "label_stored:1",
        "printed:1",
        "labels",
        "follow_ups",
        "done",
    ]
    # the label file is stored, content-hashed
    parcel = report.parcels[0]
    assert parcel.label_path is not None
    assert parcel.sha256 is not None
    assert parcel.sha256 in parcel.label_path
    # the printer profile (ZPL 203 dpi) chose the format
    assert report.label_format is LabelFormat.ZPL
    # in_preparation reached 7S before the label moved the order to shipped; boarding complete
    counts = await bench.outbox.drain(5)
    assert counts.pending == counts.failed == 0
    assert bench.api.orders["A100"].history == ["paid", "in_preparation", "shipped"]
    assert bench.api.orders["A100"].boarding_complete is True
    scans = [e for e in bench.events if isinstance(e, ItemScanned)]
    assert [s.units_scanned for s in scans] == [1, 2]
    assert scans[-1].result.outcome is ScanOutcome.ORDER_COMPLETE


@pytest.mark.asyncio
async def test_reference_numbers_are_deterministic_and_unique_per_parcel(bench: Bench) -> None:
    # three boxes, opened by the packer (the order's three planned parcels are only a hint)
    opened = await bench.service.open_order("A102")
    assert opened.outcome is OpenOutcome.OPENED, opened.message
    await bench.service.scan_item("4006381333931")
    await bench.service.next_box()
    await bench.service.scan_item("9780201379624")
    await bench.service.next_box()
    await bench.service.scan_item("9780201379624")
    result = await bench.service.finish()
    assert isinstance(result, CycleReport), result
    report = result
    refs = [p.reference_number for p in report.parcels]
    uid = await bench.journal.station_uid()
    # per account and order, never per bench: another bench sends the very same numbers
    assert refs == [f"PS-A102-P{n}-V0" for n in (1, 2, 3)]
    assert not any(uid in ref or "bench-1" in ref for ref in refs)
    requests = [r.request for r in bench.api.live_labels("A102")]
    assert [(r.package_no, r.package_count) for r in requests] == [(1, 3), (2, 3), (3, 3)]
    assert report.customs_needed  # GB
    assert any("customs data needed for GB" in w for w in report.warnings)
    assert len(bench.printer.printed) == 3


@pytest.mark.asyncio
async def test_wrong_item_and_over_scan_are_values_and_finish_waits(bench: Bench) -> None:
    await bench.service.open_order("A100")
    wrong = await bench.service.scan_item("9780201379624")
    assert wrong.outcome is ScanOutcome.WRONG_ITEM
    refused = await bench.service.finish()
    assert isinstance(refused, FinishRefused)
    assert refused.remaining == (("SKU-1", 2),)
    await bench.service.scan_item(EAN)
    await bench.service.scan_item(EAN)
    over = await bench.service.scan_item(EAN)
    assert over.outcome is ScanOutcome.OVER_SCAN
    assert not bench.api.live_labels()
    report = await bench.service.finish()
    assert isinstance(report, CycleReport)
    events = await bench.journal.events(order_id="A100")
    outcomes = [e.detail.get("outcome") for e in events if e.kind == "scan"]
    assert outcomes[:5] == [None, "wrong_item", "accepted", "order_complete", "over_scan"]


@pytest.mark.asyncio
async def test_skip_verification_needs_a_reason_and_is_journalled(bench: Bench) -> None:
    await bench.service.open_order("A100")
    with pytest.raises(ValueError, match="reason"):
        await bench.service.skip_verification("  ")
    await bench.service.skip_verification("scanner broken")
    report = await bench.service.finish()
    assert isinstance(report, CycleReport)
    assert report.skip_reason == "scanner broken"


@pytest.mark.asyncio
async def test_required_policy_refuses_skipping(bench: Bench) -> None:
    bench.restart(StationPolicy(verification=VerificationPolicy.REQUIRED))
    await bench.service.open_order("A100")
    with pytest.raises(ValueError, match="policy"):
        await bench.service.skip_verification("hurry")


@pytest.mark.asyncio
async def test_a_second_scan_of_a_packed_order_offers_reprint_never_a_label(bench: Bench) -> None:
    first = await pack(bench, "A100", EAN, EAN)
    again = await bench.service.open_order("A100")
    assert again.outcome is OpenOutcome.ALREADY_PACKED
    assert [a.tracking_code for a in again.labels] == [first.parcels[0].tracking_code]
    assert len(bench.api.live_labels()) == 1

    reprint = await bench.service.reprint("A100")
    assert reprint.printed
    assert len(bench.printer.printed) == 2
    assert bench.printer.printed[0][1] == bench.printer.printed[1][1]  # the same file
    by_tracking = await bench.service.reprint(first.parcels[0].tracking_code or "")
    assert by_tracking.printed
    assert len(bench.api.live_labels()) == 1


@pytest.mark.asyncio
async def test_not_packable_orders(bench: Bench) -> None:
    shipped = await bench.service.open_order("A103")
    assert shipped.outcome is OpenOutcome.NOT_PACKABLE
    assert shipped.reason is NotPackableReason.ALREADY_SHIPPED
    unknown = await bench.service.open_order("A999")
    assert unknown.outcome is OpenOutcome.NOT_PACKABLE
    assert unknown.reason is NotPackableReason.UNKNOWN_ORDER
    garbage = await bench.service.open_order("hello world")
    assert garbage.outcome is OpenOutcome.NOT_AN_ORDER
    bench.orders.broken["A100"] = "line 3: quantity must be a whole number"
    broken = await bench.service.open_order("A100")
    assert broken.outcome is OpenOutcome.SOURCE_PROBLEM
    assert "quantity" in broken.message


@pytest.mark.asyncio
async def test_an_order_missing_at_7s_is_created_even_when_the_answer_is_lost(
    bench: Bench,
) -> None:
    bench.api.commit_then_fail("create_order", OutcomeUnknown("no answer"))
    report = await pack(bench, "A105", EAN, EAN)
    assert report.status is CycleStatus.DONE
    assert "A105" in bench.api.orders
    assert bench.api.calls.count("create_order") == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("method", "error", "commit"),
    [
        ("create_label", OutcomeUnknown("timeout after sending"), True),
        ("create_label", OutcomeUnknown("500 before the commit"), False),
        ("create_label", ServiceUnavailable("connection refused"), False),
        ("create_label", RateLimited("slow down", retry_after=0.01), False),
        ("find_labels", ServiceUnavailable("lookup failed once"), False),
        ("download_label", ServiceUnavailable("download failed once"), False),
    ],
)
async def test_label_faults_end_with_exactly_one_label(
    bench: Bench, method: str, error: Exception, commit: bool
) -> None:
    if method == "find_labels":
        bench.api.commit_then_fail("create_label", OutcomeUnknown("dropped"))
    if commit:
        bench.api.commit_then_fail(method, error)
    else:
        bench.api.fail(method, error)
    report = await pack(bench, "A100", EAN, EAN)
    assert report.status is CycleStatus.DONE
    assert len(bench.api.live_labels("A100")) == 1
    assert len(bench.printer.printed) == 1


@pytest.mark.asyncio
async def test_duplicate_reference_means_it_exists_and_is_looked_up(bench: Bench) -> None:
    bench.api.commit_then_fail("create_label", ServiceUnavailable("lost"))
    bench.restart(StationPolicy(station_name="bench-1", retry_delay_s=0.0))
    # the first POST went through but its answer was lost as "unavailable"; the retry with the
    # same reference is refused as a duplicate and resolved by lookup
    report = await pack(bench, "A100", EAN, EAN)
    assert len(bench.api.live_labels()) == 1
    assert report.parcels[0].tracking_code == bench.api.live_labels()[0].label.tracking_code
    assert "create_label" in bench.api.calls


@pytest.mark.asyncio
async def test_unresolvable_outcome_never_buys_again_until_lookup_answers(bench: Bench) -> None:
    bench.api.commit_then_fail("create_label", OutcomeUnknown("dropped"))
    # the whole chain is down: the label lookup and the order's shipments (label_lookup.py)
    bench.api.fail("find_labels", ServiceUnavailable("down"), times=3)
    bench.api.fail("list_shipments", ServiceUnavailable("down"), times=3)
    await bench.service.open_order("A100")
    await bench.service.skip_verification("test")
    with pytest.raises(CycleInterrupted) as caught:
        await bench.service.finish()
    assert caught.value.unresolved
    assert bench.api.calls.count("create_label") == 1
    in_flight = await bench.service.in_flight()
    assert [f.cycle.order_id for f in in_flight] == ["A100"]
    assert "not known" in in_flight[0].what_is_left

    service = bench.restart()
    results = await service.resume()
    assert results[0].report is not None
    assert results[0].report.status is CycleStatus.DONE
    assert bench.api.calls.count("create_label") == 1
    assert len(bench.api.live_labels()) == 1
    assert len(bench.printer.printed) == 1


@pytest.mark.asyncio
async def test_a_refused_label_interrupts_the_cycle_with_the_reason(bench: Bench) -> None:
    bench.api.fail(
        "create_label",
        ValidationFailed(
            "refused", (Violation("recipient_zip", "This value should not be blank."),)
        ),
    )
    await bench.service.open_order("A100")
    await bench.service.skip_verification("test")
    with pytest.raises(CycleInterrupted, match="refused"):
        await bench.service.finish()
    record = await bench.journal.latest_cycle("A100")
    assert record is not None
    assert record.status is CycleStatus.FINISHING
    assert "refused" in record.note


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after it runs (the subprocess tests do the real thing)."""


CRASH_POINTS = [
    "loaded",
    "items_verified",
    "parcels_set",
    "label_intent:2",
    "label_bought:1",
    "label_bought:2",
    "label_stored:2",
    "printed:1",
    "printed:3",
    "labels",
    "follow_ups",
]


@pytest.mark.asyncio
@pytest.mark.parametrize("point", CRASH_POINTS)
async def test_resume_after_a_crash_at_each_step(bench: Bench, point: str) -> None:
    def kill(event: StepReached) -> None:
        if event.name == point:
            raise Killed(point)

    service = bench.restart(on_step=kill)
    await service.open_order("A102")
    await service.skip_verification("crash test")
    await service.set_boxes(boxes_from_specs(["SKU-A", "SKU-B", "SKU-B"]))  # three boxes
    with pytest.raises(Killed):
        await service.finish()

    restarted = bench.restart()
    in_flight = await restarted.in_flight()
    assert [f.cycle.order_id for f in in_flight] == ["A102"]
    results = await restarted.resume()
    assert len(results) == 1
    assert results[0].report is not None, results[0].problem
    assert results[0].report.status is CycleStatus.DONE
    assert await restarted.in_flight() == []

    live = bench.api.live_labels("A102")
    assert len(live) == 3
    assert len({r.request.reference_number for r in live}) == 3
    printed = tracking_codes_printed(bench.printer)
    assert sorted(printed) == sorted(r.label.tracking_code for r in live)  # each exactly once
    counts = await bench.outbox.drain(5)
    assert counts.pending == counts.failed == 0
    assert bench.api.orders["A102"].boarding_complete is True
    record = await bench.journal.latest_cycle("A102")  # the boxes survived the crash
    assert record is not None
    assert record.plan is not None
    assert [b.counts() for b in record.plan.boxes] == [{"SKU-A": 1}, {"SKU-B": 1}, {"SKU-B": 1}]


@pytest.mark.asyncio
async def test_an_interrupted_packing_waits_for_the_packer_and_continues_on_scan(
    bench: Bench,
) -> None:
    await bench.service.open_order("A100")
    await bench.service.scan_item(EAN)
    restarted = bench.restart()
    results = await restarted.resume()
    assert results[0].waiting_for_packer
    opened = await restarted.open_order("A100")
    assert opened.outcome is OpenOutcome.CONTINUED
    assert opened.session is not None
    assert opened.session.progress.units_scanned == 1
    await restarted.scan_item(EAN)
    report = await restarted.finish()
    assert isinstance(report, CycleReport)
    assert len(bench.api.live_labels()) == 1


@pytest.mark.asyncio
async def test_printer_offline_leaves_the_label_stored_then_reprint_finishes(
    bench: Bench,
) -> None:
    bench.printer.offline = True
    report = await pack(bench, "A100", EAN, EAN)
    assert report.status is CycleStatus.NEEDS_PRINT
    assert not report.printed
    assert any("did not print" in w for w in report.warnings)
    printed_events = [e for e in bench.events if isinstance(e, LabelPrinted)]
    assert [e.printed for e in printed_events] == [False]
    assert [f.cycle.order_id for f in await bench.service.in_flight()] == ["A100"]

    bench.printer.offline = False
    results = await bench.service.resume()
    assert results[0].report is not None
    assert results[0].report.status is CycleStatus.DONE
    assert len(bench.printer.printed) == 1
    assert len(bench.api.live_labels()) == 1


@pytest.mark.asyncio
async def test_void_records_the_reason_and_the_replacement_gets_the_next_generation(
    bench: Bench,
) -> None:
    report = await pack(bench, "A100", EAN, EAN)
    tracking = report.parcels[0].tracking_code
    assert tracking is not None
    with pytest.raises(ValueError, match="reason"):
        await bench.service.void(tracking, "")
    voided = await bench.service.void(tracking, "label damaged", replace_label=True)
    assert voided.replacement is not None
    assert voided.replacement.reference_number.endswith("-A100-P1-V1")
    assert voided.replacement.printed
    live = bench.api.live_labels()
    assert len(live) == 1
    assert live[0].label.tracking_code == voided.replacement.tracking_code
    attempts = await bench.journal.find_attempts("A100")
    reasons = {a.reference_number[-2:]: (a.status, a.void_reason) for a in attempts}
    assert reasons["V0"] == (AttemptStatus.VOIDED, "label damaged")
    again = await bench.service.void(tracking, "twice")
    assert again.already_voided


@pytest.mark.asyncio
async def test_pudo_point_goes_on_the_label(bench: Bench) -> None:
    bench.api.pudo.append(
        PudoLocation(
            carrier_name="mondialrelay",
            location_type="shop",
            location_id="004694",
            location_code="FR-004694",
            name="Paris Telecom",
            country="FR",
            city="Paris",
            zip="75017",
            address_line="14 Rue Bayen",
            latitude=48.88,
            longitude=2.29,
        )
    )
    await pack(bench, "A104", EAN, EAN)
    request = bench.api.live_labels("A104")[0].request
    assert request.collection_point is not None
    assert request.collection_point.pudo_id == "004694"
    assert request.collection_point.name1 == "Paris Telecom"
    assert request.carrier.name == "mondialrelay"


@pytest.mark.asyncio
async def test_return_portal_pro_links_the_items_through_the_outbox(bench: Bench) -> None:
    bench.restart(StationPolicy(return_portal_pro=True, retry_delay_s=0.0))
    report = await pack(bench, "A100", EAN, EAN)
    await bench.outbox.drain(5)
    items = list(bench.api.items.values())
    assert [(i.sku, i.shipment_id) for i in items] == [("SKU-1", report.parcels[0].shipment_id)]


@pytest.mark.asyncio
async def test_outbox_waits_for_7s_while_packing_goes_on(bench: Bench) -> None:
    bench.api.fail("post_order_state", ServiceUnavailable("down"), times=20)
    bench.api.fail("update_order", ServiceUnavailable("down"), times=20)
    bench.restart(StationPolicy(in_preparation_wait_s=0.05, retry_delay_s=0.0))
    report = await pack(bench, "A100", EAN, EAN)
    assert report.status is CycleStatus.DONE
    counts = await bench.outbox.counts()
    assert counts.pending == 2
    # 7S comes back: everything is delivered, in order; the label moved the order on meanwhile
    bench.api._faults.clear()
    counts = await bench.outbox.drain(5)
    assert counts.pending == counts.failed == 0
    delivered = await bench.journal.entries(statuses=(OutboxStatus.DELIVERED,))
    assert [e.kind.value for e in delivered] == ["boarding_complete"]
    (state,) = await bench.journal.entries(statuses=(OutboxStatus.SUPERSEDED,))
    assert state.kind.value == "order_state"  # refused as a move backwards: not delivered
    assert state.last_error.startswith("superseded")
    assert state.delivered_at is None
    assert any("NOT confirmed 'in_preparation'" in w for w in report.warnings)
    assert bench.api.orders["A100"].boarding_complete is True


@pytest.mark.asyncio
async def test_a_refusal_that_will_never_succeed_is_parked_not_retried(bench: Bench) -> None:
    bench.api.fail(
        "update_order",
        ValidationFailed("refused: locked", (Violation("boarding_complete", "locked"),)),
    )
    await pack(bench, "A100", EAN, EAN)
    counts = await bench.outbox.drain(2)
    assert counts.failed == 1
    assert counts.pending == 0
    failed = await bench.journal.entries(statuses=(OutboxStatus.FAILED,))
    assert "locked" in failed[0].last_error
    assert await bench.journal.requeue() == 1
    counts = await bench.outbox.drain(2)
    assert counts.failed == counts.pending == 0


@pytest.mark.asyncio
async def test_scan_dispatches_orders_items_and_commands(bench: Bench) -> None:
    opened = await bench.service.scan("A100")
    assert isinstance(opened, Opened)
    assert opened.result.outcome is OpenOutcome.OPENED
    item = await bench.service.scan(EAN)
    assert isinstance(item, Counted)
    assert item.result.outcome is ScanOutcome.ACCEPTED
    command = await bench.service.scan("PS-CMD:FINISH")
    assert isinstance(command, CommandRead)
    assert command.command == "FINISH"
    same = await bench.service.scan("A100")
    assert isinstance(same, Refused)
    assert "already open" in same.message
    assert bench.service.current is not None
    assert bench.service.current.step in (CycleStep.SCANNED, CycleStep.LOADED)


@pytest.mark.asyncio
async def test_a_command_barcode_is_parsed_once_into_its_command_and_argument(
    bench: Bench,
) -> None:
    skip = await bench.service.scan("PS-CMD:skip:bulk")
    assert isinstance(skip, CommandRead)
    assert skip.command is BenchCommand.SKIP
    assert skip.argument == "BULK"
    parcel = await bench.service.scan("PS-CMD:PARCEL+")
    assert isinstance(parcel, CommandRead)
    assert parcel.command is BenchCommand.NEXT_PARCEL
    assert parcel.argument == ""
    unknown = await bench.service.scan("PS-CMD:LAUNCH")
    assert isinstance(unknown, CommandRead)
    assert unknown.scan.kind is CodeKind.COMMAND
    assert unknown.command is None
    assert "PS-CMD:LAUNCH is not a command of this station" in unknown.message
    assert bench.service.current is None  # a command never opens or counts anything


@pytest.mark.asyncio
async def test_cancel_abandons_an_order_without_labels(bench: Bench) -> None:
    await bench.service.open_order("A100")
    await bench.service.cancel("customer called")
    assert await bench.service.in_flight() == []
    reopened = await bench.service.open_order("A100")
    assert reopened.outcome is OpenOutcome.OPENED


@pytest.mark.asyncio
async def test_rate_limit_waits_at_least_retry_after(bench: Bench) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    bench.api.fail("create_label", RateLimited("busy", retry_after=7.0))
    bench.service = make_service(bench, sleep=sleep)
    await pack(bench, "A100", EAN, EAN)
    assert waits == [7.0]


@pytest.mark.asyncio
async def test_a_retry_after_above_the_cap_stops_the_purchase_at_once(bench: Bench) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    busy = RateLimited("busy; try again after 14:05 on 8 December", retry_after=100000.0)
    bench.api.fail("create_label", busy)
    bench.service = make_service(bench, sleep=sleep)
    await bench.service.open_order("A100")
    await bench.service.skip_verification("test")
    with pytest.raises(CycleInterrupted) as caught:
        await bench.service.finish()
    assert waits == []
    assert not caught.value.unresolved  # nothing was bought: the order stays open
    assert "try again after 14:05 on 8 December" in str(caught.value)
    assert "Nothing was bought" in str(caught.value)
    assert not bench.api.live_labels()


@pytest.mark.asyncio
async def test_duplicate_without_a_label_is_unresolved(bench: Bench) -> None:
    bench.api.fail("create_label", Duplicate("used", (Violation("reference_number", "used"),)))
    await bench.service.open_order("A100")
    await bench.service.skip_verification("test")
    with pytest.raises(CycleInterrupted) as caught:
        await bench.service.finish()
    assert caught.value.unresolved
    assert not bench.api.live_labels()


# ---------------------------------------------------------------------- bought, not finished


@pytest.mark.asyncio
async def test_a_garbled_answer_to_the_purchase_is_looked_up_not_reported_as_nothing_bought(
    bench: Bench,
) -> None:
    bench.api.commit_then_fail(
        "create_label", MalformedResponse("the answer is not JSON", status=201)
    )
    report = await pack(bench, "A100", EAN, EAN)

    [label] = bench.api.live_labels("A100")
    assert report.printed
    assert bench.api.calls.count("create_label") == 1  # found by its reference, not bought again
    assert "find_labels" in bench.api.calls
    assert tracking_codes_printed(bench.printer) == [label.label.tracking_code]


@pytest.mark.asyncio
async def test_a_journal_that_fails_after_the_purchase_interrupts_naming_the_label(
    bench: Bench,
) -> None:
    await bench.service.open_order("A100")
    await bench.service.skip_verification("test")
    real_save = bench.journal.save_attempt

    async def locked(attempt: LabelAttempt, event: JournalEvent | None = None) -> None:
        if attempt.status is AttemptStatus.BOUGHT:
            raise sqlite3.OperationalError("database is locked")
        await real_save(attempt, event)

    bench.journal.save_attempt = locked  # type: ignore[method-assign]
    with pytest.raises(CycleInterrupted) as caught:
        await bench.service.finish()

    [label] = bench.api.live_labels("A100")
    code = label.label.tracking_code
    assert caught.value.bought == (code,)
    assert code in caught.value.message
    assert "database is locked" in caught.value.message
    assert "resume" in caught.value.message
    assert not caught.value.unresolved

    bench.journal.save_attempt = real_save  # type: ignore[method-assign]
    [result] = await bench.restart().resume()
    assert result.report is not None
    assert result.report.printed
    assert len(bench.api.live_labels("A100")) == 1
    assert tracking_codes_printed(bench.printer) == [code]


@pytest.mark.asyncio
async def test_a_refused_second_parcel_still_names_the_first_parcels_bought_label(
    bench: Bench,
) -> None:
    await bench.service.open_order("A102")
    await bench.service.skip_verification("test")
    await bench.service.set_boxes(boxes_from_specs(["SKU-A", "SKU-B", "SKU-B"]))  # three boxes
    calls = 0
    real_create = bench.api.create_label

    async def second_refused(request: LabelRequest) -> list[Label]:
        nonlocal calls
        calls += 1
        if request.package_no == 2:
            raise ValidationFailed("the weight is not valid")
        return await real_create(request)

    bench.api.create_label = second_refused  # type: ignore[method-assign]
    with pytest.raises(CycleInterrupted) as caught:
        await bench.service.finish()

    bought = {r.label.tracking_code for r in bench.api.live_labels("A102")}
    assert bought  # parcels 1 and 3 were bought side by side
    assert set(caught.value.bought) == bought
