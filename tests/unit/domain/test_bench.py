"""The bench's decisions: what a scan is, what opening an order does, what a parcel needs next."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from packstation.domain.barcodes import BarcodeConfig, CodeKind, Scan, parse_scan
from packstation.domain.bench import (
    AfterScan,
    BenchState,
    OpenStart,
    ParcelAction,
    Readiness,
    ScanRoute,
    after_scan,
    next_for_parcel,
    open_start,
    own_label_mode,
    packed_order,
    route_scan,
    tracking_code_of,
)
from packstation.domain.cycle import (
    AttemptStatus,
    CyclePlan,
    CycleRecord,
    CycleStatus,
    CycleStep,
    JournalKind,
    LabelAttempt,
    LabelStep,
    ParcelPlan,
)
from packstation.domain.shipping import Carrier, LabelFormat

CONFIG = BarcodeConfig()
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DHL = Carrier("dhl", "DE")
EAN = "4006381333931"
SSCC_LABEL = "]C1" + "00" + "340123450000000017"  # GS1-128 with only AI 00


def scan(raw: str) -> Scan:
    return parse_scan(raw, CONFIG)


def a_record(
    status: CycleStatus = CycleStatus.PACKING,
    step: CycleStep = CycleStep.SCANNED,
    *,
    parcels: int = 1,
    own_label: bool | None = None,
) -> CycleRecord:
    plan = None
    if own_label is not None:
        plan = CyclePlan(
            tuple(ParcelPlan(n, parcels) for n in range(1, parcels + 1)),
            LabelFormat.ZPL,
            DHL,
            own_label=own_label,
        )
    return CycleRecord("c1", "A100", "bench-1", status, step, NOW, NOW, plan=plan)


def an_attempt(parcel: int, status: AttemptStatus, generation: int = 0) -> LabelAttempt:
    return LabelAttempt(
        reference_number=f"bench-1-x-A100-P{parcel}-V{generation}",
        cycle_id="c1",
        order_id="A100",
        parcel_no=parcel,
        parcel_count=2,
        generation=generation,
        status=status,
        label_format=LabelFormat.ZPL,
        carrier=DHL,
        tracking_code=f"T{parcel}{generation}",
    )


# ---------------------------------------------------------------------- what a scan is


def test_a_command_is_a_command_whatever_the_bench_holds() -> None:
    command = scan("PS-CMD:FINISH")
    assert command.kind is CodeKind.COMMAND
    assert route_scan(command, BenchState()) is ScanRoute.COMMAND
    assert route_scan(command, BenchState("A100")) is ScanRoute.COMMAND
    assert route_scan(command, BenchState("A100", awaiting_tracking_codes=True)) is (
        ScanRoute.COMMAND
    )


def test_an_order_barcode_opens_only_when_no_order_is_being_packed() -> None:
    assert route_scan(scan("A100"), BenchState()) is ScanRoute.OPEN_ORDER
    assert route_scan(scan("A100"), BenchState("A100")) is ScanRoute.ALREADY_OPEN
    # another order's barcode while A100 is packed is refused by A100 as an item
    assert route_scan(scan("A102"), BenchState("A100")) is ScanRoute.ITEM
    assert route_scan(scan("A102"), BenchState("A100", True)) is ScanRoute.ITEM


def test_anything_else_needs_an_order_first() -> None:
    assert route_scan(scan(EAN), BenchState()) is ScanRoute.NO_ORDER
    assert route_scan(scan("???"), BenchState()) is ScanRoute.NO_ORDER
    assert route_scan(scan(EAN), BenchState("A100")) is ScanRoute.ITEM


def test_a_carrier_label_is_a_tracking_code_once_an_own_label_order_is_checked() -> None:
    label = scan(SSCC_LABEL)
    assert route_scan(label, BenchState("A100", awaiting_tracking_codes=True)) is (
        ScanRoute.TRACKING_CODE
    )
    assert route_scan(label, BenchState("A100")) is ScanRoute.ITEM
    assert tracking_code_of(label) == "00340123450000000017"
    assert tracking_code_of(scan("JJD0001234567")) == "JJD0001234567"


# ---------------------------------------------------------------------- opening an order


@pytest.mark.parametrize(
    ("status", "start"),
    [
        (CycleStatus.DONE, OpenStart.ALREADY_PACKED),
        (CycleStatus.PACKING, OpenStart.CONTINUE),
        (CycleStatus.FINISHING, OpenStart.CONTINUE),
        (CycleStatus.NEEDS_PRINT, OpenStart.CONTINUE),
        (CycleStatus.ABANDONED, OpenStart.NEW),
    ],
)
def test_what_opening_starts_follows_the_latest_cycle(
    status: CycleStatus, start: OpenStart
) -> None:
    assert open_start(a_record(status)) is start


def test_an_order_never_packed_starts_a_new_cycle() -> None:
    assert open_start(None) is OpenStart.NEW


def test_a_packed_order_lists_its_live_labels_and_the_voided_parcels() -> None:
    record = a_record(CycleStatus.DONE, CycleStep.DONE, parcels=2, own_label=False)
    attempts = [
        an_attempt(1, AttemptStatus.PRINTED),
        an_attempt(2, AttemptStatus.VOIDED),
    ]
    packed = packed_order(record, attempts)
    assert [a.parcel_no for a in packed.live] == [1]
    assert packed.voided == (2,)
    assert "already packed (1 label(s))" in packed.message
    assert "Parcel(s) 2 had their label voided" in packed.message
    whole = packed_order(
        record, [an_attempt(1, AttemptStatus.PRINTED), an_attempt(2, AttemptStatus.STORED)]
    )
    assert whole.voided == ()
    assert "voided" not in whole.message


def test_own_label_mode_is_the_stations_until_the_parcels_are_set() -> None:
    assert own_label_mode(True, a_record()) is True
    assert own_label_mode(False, a_record()) is False
    assert own_label_mode(False, a_record(own_label=True)) is True
    set_own = a_record(CycleStatus.FINISHING, CycleStep.PARCELS_SET, own_label=True)
    set_bought = a_record(CycleStatus.FINISHING, CycleStep.LABELS, own_label=False)
    assert own_label_mode(False, set_own) is True
    assert own_label_mode(True, set_bought) is False  # started buying labels: stays so


# ---------------------------------------------------------------------- one parcel


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (AttemptStatus.INTENT, ParcelAction.RESOLVE),
        (AttemptStatus.BOUGHT, ParcelAction.DOWNLOAD),
        (AttemptStatus.STORED, ParcelAction.PRINT),
        (AttemptStatus.PRINTED, ParcelAction.NOTHING),
    ],
)
def test_a_parcel_goes_on_from_where_its_attempt_stopped(
    status: AttemptStatus, action: ParcelAction
) -> None:
    step = next_for_parcel(an_attempt(1, status, generation=2))
    assert (step.action, step.generation) == (action, 2)


@pytest.mark.parametrize("status", [AttemptStatus.VOIDED, AttemptStatus.ABANDONED])
def test_a_voided_or_given_up_attempt_is_followed_by_the_next_generation(
    status: AttemptStatus,
) -> None:
    step = next_for_parcel(an_attempt(1, status, generation=1))
    assert (step.action, step.generation) == (ParcelAction.NEW, 2)


def test_a_parcel_without_an_attempt_starts_at_generation_zero() -> None:
    step = next_for_parcel(None)
    assert (step.action, step.generation) == (ParcelAction.NEW, 0)


# ---------------------------------------------------------------------- the types at the seams


def test_journal_kinds_are_their_stored_text_and_unknown_text_still_reads() -> None:
    assert JournalKind("label_bought") is JournalKind.LABEL_BOUGHT
    assert str(JournalKind.PRINTED) == "printed"  # what the journal file holds
    written_elsewhere = JournalKind("written_by_a_newer_station")
    assert written_elsewhere == "written_by_a_newer_station"
    assert isinstance(written_elsewhere, JournalKind)
    with pytest.raises(ValueError, match="is not a valid JournalKind"):
        JournalKind("")


def test_label_steps_keep_the_names_observers_match() -> None:
    assert [s.value for s in LabelStep] == [
        "label_intent",
        "label_bought",
        "label_stored",
        "printed",
    ]
    assert f"{LabelStep.BOUGHT}:2" == "label_bought:2"


def test_a_label_format_knows_its_resolution_and_media_type() -> None:
    assert [f.dpi for f in LabelFormat] == [None, 203, 300]
    assert LabelFormat.PDF.content_type == "application/pdf"
    assert LabelFormat.ZPL.content_type == LabelFormat.ZPL300.content_type == "text/plain"
    assert LabelFormat.zpl_for(203) is LabelFormat.ZPL
    assert LabelFormat.zpl_for(300) is LabelFormat.ZPL300
    assert LabelFormat.zpl_for(600) is LabelFormat.ZPL300


def test_a_stored_attempt_names_its_file_and_a_bought_one_has_none() -> None:
    stored = replace(
        an_attempt(1, AttemptStatus.STORED), file_path="labels/ab.zpl", sha256="ab" * 32
    )
    assert stored.stored().content_type == "text/plain"
    assert stored.stored().path == "labels/ab.zpl"
    with pytest.raises(ValueError, match="has no file"):
        an_attempt(1, AttemptStatus.BOUGHT).stored()


# ---------------------------------------------------------------------- after a scan


@pytest.mark.parametrize("auto_finish", [True, False])
def test_a_cycle_continued_past_packing_is_finished_at_once(auto_finish: bool) -> None:
    due = Readiness(packing=False, ready=True)
    assert after_scan(due, auto_finish=auto_finish) is AfterScan.FINISH


def test_items_still_to_scan_go_on_whatever_the_bench_finishes() -> None:
    open_items = Readiness(packing=True, ready=False)
    assert after_scan(open_items, auto_finish=True) is AfterScan.GO_ON
    assert after_scan(open_items, auto_finish=True, carrier_label=True) is AfterScan.GO_ON


def test_the_last_item_finishes_only_when_the_bench_finishes_by_itself() -> None:
    packed = Readiness(packing=True, ready=True)
    assert after_scan(packed, auto_finish=True) is AfterScan.FINISH
    assert after_scan(packed, auto_finish=False) is AfterScan.PRESS_FINISH


def test_own_labels_finish_once_every_carrier_label_is_scanned() -> None:
    one_missing = Readiness(packing=True, ready=True, carrier_labels_missing=1)
    none_missing = Readiness(packing=True, ready=True, carrier_labels_missing=0)
    assert after_scan(one_missing, auto_finish=True) is AfterScan.SCAN_CARRIER_LABEL
    assert after_scan(one_missing, auto_finish=False) is AfterScan.PRESS_FINISH
    assert after_scan(one_missing, auto_finish=False, carrier_label=True) is (
        AfterScan.SCAN_CARRIER_LABEL
    )
    # a carrier label is the packer's "done" even when the bench does not finish by itself
    assert after_scan(none_missing, auto_finish=False, carrier_label=True) is AfterScan.FINISH
