"""Box by box at the bench: scans go into the current box, boxes open, units move, and
everything after follows the boxes (parcels, label weights, Return Portal Pro links)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from packstation.domain.boxes import BoxType
from packstation.domain.cycle import (
    CycleRecord,
    CycleStatus,
    JournalEvent,
    JournalKind,
    VerificationPolicy,
)
from packstation.domain.refusals import RefusalKind
from packstation.services.packing import (
    BoxOpened,
    CycleReport,
    FinishRefused,
    Notice,
    OpenOutcome,
    PackingService,
    StationPolicy,
)
from tests.unit.services.conftest import Bench

SKU_A = "4006381333931"  # A102: SKU-A ×1, SKU-B ×2, 500 g each, to GB
SKU_B = "9780201379624"
SMALL = BoxType("S", barcode="BOX-S", length_mm=250, width_mm=175, height_mm=95, tare_g=120)
MEDIUM = BoxType("M", barcode="BOX-M", length_mm=400, width_mm=300, height_mm=200, tare_g=300)


def boxing_policy(**extra: object) -> StationPolicy:
    return StationPolicy(
        station_name="bench-1",
        retry_delay_s=0.0,
        box_types=(SMALL, MEDIUM),
        auto_finish=False,  # the packer finishes: units may move after the last scan
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.asyncio
async def test_scans_fill_the_current_box_and_the_boxes_become_the_parcels(bench: Bench) -> None:
    service = bench.restart(boxing_policy(return_portal_pro=True))
    opened = await service.open_order("A102")
    assert opened.outcome is OpenOutcome.OPENED
    session = service.current
    assert session is not None
    assert [b.number for b in session.boxes] == [1]  # one box, nothing to do for it
    hints = [e.message for e in bench.events if isinstance(e, Notice)]
    assert "The shop planned 3 parcels for order A102" in " ".join(hints)

    typed = await service.scan("box-s")  # a box type's barcode: the empty box 1 becomes an S
    assert isinstance(typed, BoxOpened)
    assert (typed.box.number, typed.box.box_type) == (1, SMALL)
    await service.scan(SKU_A)
    opened_box = await service.scan("BOX-M")  # box 1 holds the lamp: box 2 opens, an M
    assert isinstance(opened_box, BoxOpened)
    assert (opened_box.box.number, opened_box.box.box_type) == (2, MEDIUM)
    with pytest.raises(ValueError, match="Box 2 is still empty"):
        await service.next_box()
    await service.scan(SKU_B)
    await service.scan(SKU_B)
    assert [dict(b.counts()) for b in session.boxes] == [{"SKU-A": 1}, {"SKU-B": 2}]
    moved = await service.move_units("SKU-B", 2, 3)  # the next number: a new box
    assert [dict(b.counts()) for b in moved] == [{"SKU-A": 1}, {"SKU-B": 1}, {"SKU-B": 1}]
    assert [(p.number, p.count, p.weight_g) for p in session.parcels] == [
        (1, 3, 620),  # 500 g of goods + the S carton's 120 g
        (2, 3, 800),
        (3, 3, 500),
    ]
    await service.weigh_box(3, 540)

    # a restart finds the boxes in the journal
    restarted = bench.restart(boxing_policy(return_portal_pro=True))
    again = await restarted.open_order("A102")
    assert again.outcome is OpenOutcome.CONTINUED
    assert again.session is not None
    assert [dict(b.counts()) for b in again.session.boxes] == [
        {"SKU-A": 1},
        {"SKU-B": 1},
        {"SKU-B": 1},
    ]
    assert [b.box_type for b in again.session.boxes] == [SMALL, MEDIUM, None]
    report = await restarted.finish()
    assert isinstance(report, CycleReport), report
    assert [p.weight_g for p in report.parcels] == [620, 800, 540]
    assert [dict(b.counts()) for b in report.boxes] == [
        {"SKU-A": 1},
        {"SKU-B": 1},
        {"SKU-B": 1},
    ]
    requests = sorted(
        (r.request for r in bench.api.live_labels("A102")), key=lambda r: r.package_no or 0
    )
    assert [(r.package_no, r.package_count, r.weight_g) for r in requests] == [
        (1, 3, 620),
        (2, 3, 800),
        (3, 3, 540),
    ]
    assert [r.dimensions_cm for r in requests] == [(25, 18, 10), (40, 30, 20), None]

    counts = await bench.outbox.drain(5)
    assert counts.pending == counts.failed == 0
    shipments = {p.number: p.shipment_id for p in report.parcels}
    linked = sorted((i.sku, i.quantity, i.shipment_id) for i in bench.api.items.values())
    assert linked == sorted(
        [("SKU-A", 1, shipments[1]), ("SKU-B", 1, shipments[2]), ("SKU-B", 1, shipments[3])]
    )
    events = await bench.journal.events(order_id="A102")
    actions = [e.detail.get("action") for e in events if e.kind is JournalKind.BOXES]
    assert actions == ["box_type", "opened", "moved", "weighed"]
    (parcels_set,) = [e for e in events if e.detail.get("step") == "parcels_set"]
    assert [b["items"] for b in parcels_set.detail["boxes"]] == [
        [{"sku": "SKU-A", "quantity": 1}],
        [{"sku": "SKU-B", "quantity": 1}],
        [{"sku": "SKU-B", "quantity": 1}],
    ]


@pytest.mark.asyncio
async def test_an_empty_box_or_a_bare_parcel_count_for_customs_is_refused(bench: Bench) -> None:
    service = bench.restart(boxing_policy())
    await service.open_order("A102")
    for code in (SKU_A, SKU_B, SKU_B):
        await service.scan_item(code)
    await service.next_box()
    await service.move_units("SKU-A", 1, 2)
    await service.move_units("SKU-B", 1, 2, 2)
    refused = await service.finish()
    assert isinstance(refused, FinishRefused)
    assert refused.boxes
    assert refused.message == "Box 1 is empty: put something in it or remove it."
    assert refused.refusal.kind is RefusalKind.BOX_LEFT_EMPTY
    assert refused.refusal.facts == {"box": 1}
    assert bench.api.live_labels("A102") == []
    with pytest.raises(ValueError, match="packed in 2 boxes"):
        await service.set_parcels(3)
    with pytest.raises(ValueError, match="holds 0 of SKU-A"):
        await service.move_units("SKU-A", 1, 2)
    await service.move_units("SKU-A", 2, 1)
    report = await service.finish()
    assert isinstance(report, CycleReport), report
    assert [dict(b.counts()) for b in report.boxes] == [{"SKU-A": 1}, {"SKU-B": 2}]


@pytest.mark.asyncio
async def test_a_bare_number_of_parcels_ships_without_contents_where_no_customs_is_needed(
    bench: Bench,
) -> None:
    service = bench.restart(boxing_policy(verification=VerificationPolicy.OFF))
    opened = await service.open_order("A100")  # DE: no customs; the check is off
    assert opened.session is not None
    assert [dict(b.counts()) for b in opened.session.boxes] == [{"SKU-1": 2}]
    await service.set_parcels(2, [300, 400])
    report = await service.finish()
    assert isinstance(report, CycleReport), report
    assert [p.weight_g for p in report.parcels] == [300, 400]
    assert report.boxes == ()  # what is in each is not known

    await service.open_order("A102")  # GB: customs, per parcel
    await service.set_parcels(2)
    refused = await service.finish()
    assert isinstance(refused, FinishRefused)
    assert "needs a customs declaration per parcel" in refused.message
    assert refused.refusal.kind is RefusalKind.CUSTOMS_NEEDS_BOXES
    assert refused.refusal.facts == {"order_id": "A102"}
    await service.next_box()  # boxes again: the units are in box 1, box 2 opens
    await service.move_units("SKU-B", 1, 2, 2)
    report = await service.finish()
    assert isinstance(report, CycleReport), report
    assert [p.count for p in report.parcels] == [2, 2]


@pytest.mark.asyncio
async def test_the_last_box_emptied_by_a_move_is_put_away(bench: Bench) -> None:
    service = bench.restart(boxing_policy())
    await service.open_order("A102")
    for code in (SKU_A, SKU_B):
        await service.scan_item(code)
    await service.next_box()
    await service.scan_item(SKU_B)
    session = service.current
    assert session is not None
    assert session.current_box == 2
    await service.weigh_box(2, 640)
    moved = await service.move_units("SKU-B", 2, 1)  # box 2 is left empty: put away
    assert [dict(b.counts()) for b in moved] == [{"SKU-A": 1, "SKU-B": 2}]
    assert session.current_box == 1  # the next scans go into the box that is left
    assert [p.number for p in session.parcels] == [1]
    await service.next_box()
    await service.move_units("SKU-A", 1, 2)
    moved = await service.move_units("SKU-A", 2, 3)  # a new box 3; box 2, emptied, stays
    assert [dict(b.counts()) for b in moved] == [{"SKU-B": 2}, {}, {"SKU-A": 1}]
    refused = await service.finish()
    assert isinstance(refused, FinishRefused)
    assert refused.message == "Box 2 is empty: put something in it or remove it."
    assert refused.refusal.facts == {"box": 2}
    await service.move_units("SKU-A", 3, 2)  # box 3, emptied, is the last: put away
    report = await service.finish()
    assert isinstance(report, CycleReport), report
    assert [dict(b.counts()) for b in report.boxes] == [{"SKU-B": 2}, {"SKU-A": 1}]
    events = await bench.journal.events(order_id="A102")
    closed = [
        e.detail["closed"]
        for e in events
        if e.kind is JournalKind.BOXES and e.detail.get("action") == "moved"
    ]
    assert closed == [2, None, None, 3]


# ---------------------------------------------------------------------- resume and the boxes


async def checked_in_one_box(bench: Bench) -> PackingService:
    """A102's items all scanned into box 1: the packer has not entered the split yet."""
    service = bench.restart(boxing_policy())
    await service.open_order("A102")
    for code in (SKU_A, SKU_B, SKU_B):
        await service.scan_item(code)
    return service


@pytest.mark.asyncio
async def test_resume_leaves_checked_items_whose_finish_was_never_pressed_to_the_packer(
    bench: Bench,
) -> None:
    await checked_in_one_box(bench)
    restarted = bench.restart(boxing_policy())
    [item] = await restarted.in_flight()
    assert item.waiting_for_packer
    [result] = await restarted.resume()
    assert result.waiting_for_packer
    assert result.report is None
    assert result.problem.startswith("Order A102: its items are checked, but finish was never")
    assert "Nothing was bought" in result.problem
    assert "create_label" not in bench.api.calls  # not one parcel with everything in it
    record = await bench.journal.latest_cycle("A102")
    assert record is not None
    assert record.status is CycleStatus.PACKING

    again = await restarted.open_order("A102")  # the packer goes on: the items stay checked
    assert again.outcome is OpenOutcome.CONTINUED
    await restarted.move_units("SKU-B", 1, 2, 2)
    report = await restarted.finish()
    assert isinstance(report, CycleReport), report
    assert [dict(b.counts()) for b in report.boxes] == [{"SKU-A": 1}, {"SKU-B": 2}]
    assert len(bench.api.live_labels("A102")) == 2


@pytest.mark.asyncio
async def test_a_refused_finish_is_no_pressed_finish_for_resume(bench: Bench) -> None:
    service = await checked_in_one_box(bench)
    await service.next_box()
    await service.move_units("SKU-A", 1, 2)
    await service.move_units("SKU-B", 1, 2, 2)
    refused = await service.finish()  # box 1 is left empty
    assert isinstance(refused, FinishRefused)
    [result] = await bench.restart(boxing_policy()).resume()
    assert result.waiting_for_packer
    assert "create_label" not in bench.api.calls
    assert not any(e.kind is JournalKind.FINISH_PRESSED for e in await bench.journal.events())


async def pressed_then_stopped(bench: Bench) -> PackingService:
    """A102 in two boxes, finish pressed; the journal fails at the first step after the press
    (nothing is bought), so the cycle stays ``packing`` with its press journalled."""
    service = await checked_in_one_box(bench)
    await service.move_units("SKU-B", 1, 2, 2)
    journal = bench.journal
    real_save = journal.save_cycle

    async def locked(
        cycle: CycleRecord, event: JournalEvent | None = None, enqueue: Any = ()
    ) -> None:
        if event is not None and event.detail.get("step") == "items_verified":
            raise sqlite3.OperationalError("database is locked")
        await real_save(cycle, event, enqueue)

    journal.save_cycle = locked  # type: ignore[method-assign]
    with pytest.raises(sqlite3.OperationalError):
        await service.finish()
    journal.save_cycle = real_save  # type: ignore[method-assign]
    record = await journal.latest_cycle("A102")
    assert record is not None
    assert record.status is CycleStatus.PACKING
    assert record.plan is not None
    assert record.plan.finish_pressed
    return service


@pytest.mark.asyncio
async def test_resume_finishes_a_pressed_finish_with_the_boxes_it_was_pressed_with(
    bench: Bench,
) -> None:
    await pressed_then_stopped(bench)
    restarted = bench.restart(boxing_policy())
    [item] = await restarted.in_flight()
    assert not item.waiting_for_packer
    [result] = await restarted.resume()
    assert result.report is not None, result.problem
    assert [dict(b.counts()) for b in result.report.boxes] == [{"SKU-A": 1}, {"SKU-B": 2}]
    assert len(bench.api.live_labels("A102")) == 2
    pressed = [e for e in await bench.journal.events() if e.kind is JournalKind.FINISH_PRESSED]
    [boxes] = [e.detail["boxes"] for e in pressed]
    assert [[(i["sku"], i["quantity"]) for i in b["items"]] for b in boxes] == [
        [("SKU-A", 1)],
        [("SKU-B", 2)],
    ]


@pytest.mark.asyncio
async def test_a_box_changed_after_the_press_waits_for_the_packer_again(bench: Bench) -> None:
    service = await pressed_then_stopped(bench)
    await service.move_units("SKU-B", 2, 3)  # the packer splits again: not pressed with this
    [result] = await bench.restart(boxing_policy()).resume()
    assert result.waiting_for_packer
    assert "create_label" not in bench.api.calls
