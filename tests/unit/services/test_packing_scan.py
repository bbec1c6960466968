"""One scan's answer: a tagged value per kind of scan, and the service finishing the order."""

from __future__ import annotations

import pytest

from packstation.domain.bench import AfterScan
from packstation.domain.cycle import CycleStatus
from packstation.domain.errors import ServiceUnavailable
from packstation.domain.packing import ScanOutcome
from packstation.services.packing import (
    Counted,
    CycleReport,
    Interrupted,
    Opened,
    OpenOutcome,
    Refused,
    RefusedScan,
    StationPolicy,
)
from tests.unit.services.conftest import Bench

EAN = "4006381333931"


@pytest.mark.asyncio
async def test_the_last_item_finishes_the_order_when_the_station_finishes_by_itself(
    bench: Bench,
) -> None:
    opened = await bench.service.scan("A100")
    assert isinstance(opened, Opened)
    assert (opened.result.outcome, opened.then, opened.finished) == (
        OpenOutcome.OPENED,
        AfterScan.GO_ON,
        None,
    )
    first = await bench.service.scan(EAN)
    assert isinstance(first, Counted)
    assert (first.result.outcome, first.then, first.finished) == (
        ScanOutcome.ACCEPTED,
        AfterScan.GO_ON,
        None,
    )
    assert bench.api.live_labels() == []

    last = await bench.service.scan(EAN)
    assert isinstance(last, Counted)
    assert last.result.outcome is ScanOutcome.ORDER_COMPLETE
    assert last.then is AfterScan.FINISH
    assert isinstance(last.finished, CycleReport)
    assert last.finished.status is CycleStatus.DONE
    assert last.finished.printed
    assert len(bench.api.live_labels("A100")) == 1
    assert len(bench.printer.printed) == 1


@pytest.mark.asyncio
async def test_without_auto_finish_the_packer_finishes(bench: Bench) -> None:
    bench.restart(StationPolicy(station_name="bench-1", retry_delay_s=0.0, auto_finish=False))
    await bench.service.scan("A100")
    await bench.service.scan(EAN)
    last = await bench.service.scan(EAN)
    assert isinstance(last, Counted)
    assert last.result.outcome is ScanOutcome.ORDER_COMPLETE
    assert (last.then, last.finished) == (AfterScan.PRESS_FINISH, None)
    assert bench.api.live_labels() == []
    assert bench.service.current is not None
    assert bench.service.current.status is CycleStatus.PACKING

    report = await bench.service.finish()
    assert isinstance(report, CycleReport)
    assert report.status is CycleStatus.DONE


@pytest.mark.asyncio
async def test_an_interrupted_finish_is_a_value_and_scanning_the_order_again_finishes_it(
    bench: Bench,
) -> None:
    bench.api.fail("create_label", ServiceUnavailable("connection refused"), times=3)
    await bench.service.scan("A100")
    await bench.service.scan(EAN)
    last = await bench.service.scan(EAN)
    assert isinstance(last, Counted)
    assert last.then is AfterScan.FINISH
    assert isinstance(last.finished, Interrupted)
    assert last.finished.order_id == "A100"
    assert "No label for order A100, parcel 1 of 1" in last.finished.message
    assert not last.finished.unresolved
    (left,) = await bench.service.in_flight()
    assert left.cycle.status is CycleStatus.FINISHING

    again = await bench.service.scan("A100")  # its labels are due: finished at once
    assert isinstance(again, Opened)
    assert again.result.outcome is OpenOutcome.CONTINUED
    assert again.then is AfterScan.FINISH
    assert isinstance(again.finished, CycleReport)
    assert again.finished.status is CycleStatus.DONE
    assert len(bench.api.live_labels("A100")) == 1
    assert await bench.service.in_flight() == []


@pytest.mark.asyncio
async def test_a_scan_without_an_order_is_refused_and_says_why(bench: Bench) -> None:
    nothing = await bench.service.scan(EAN)
    assert isinstance(nothing, Refused)
    assert nothing.reason is RefusedScan.NO_ORDER
    assert nothing.message.startswith("Scan an order first.")
    assert bench.service.current is None
    await bench.service.scan("A100")
    again = await bench.service.scan("A100")
    assert isinstance(again, Refused)
    assert again.reason is RefusedScan.ALREADY_OPEN
