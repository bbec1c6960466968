"""Two benches, one 7S account: references per order, so the second bench buys nothing.

Both benches are packing services with their own journal (their own station id) on one
``FakeShippingApi``, which refuses a used reference as 7S does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.domain.cycle import (
    AttemptStatus,
    CycleStatus,
    JournalKind,
    PackedElsewhere,
)
from packstation.domain.errors import Duplicate, ValidationFailed
from packstation.domain.shipping import Label, LabelRequest
from packstation.services.outbox import OutboxPolicy, OutboxService, standard_handlers
from packstation.services.packing import CycleReport, OpenOutcome, StationPolicy
from tests.fakes import FakePrinter
from tests.unit.services.conftest import Bench, make_service

EAN = "4006381333931"
A102_CODES = ("4006381333931", "9780201379624", "9780201379624")


def second_bench(first: Bench, tmp: Path, name: str = "bench-2") -> Bench:
    """Another bench of the same warehouse: its own disk and station id, the same 7S."""
    tmp.mkdir()
    journal = SqliteJournal(tmp / "journal.sqlite3")
    outbox = OutboxService(
        journal,
        journal,
        standard_handlers(first.api),
        policy=OutboxPolicy(base_delay_s=0.01, max_delay_s=0.05),
    )
    other = Bench(tmp, first.api, first.orders, FakePrinter(), journal, outbox, None)  # type: ignore[arg-type]
    other.journals.append(journal)
    other.service = make_service(other, StationPolicy(station_name=name, retry_delay_s=0.0))
    return other


@pytest_asyncio.fixture
async def two(bench: Bench, tmp_path: Path) -> AsyncIterator[tuple[Bench, Bench]]:
    other = second_bench(bench, tmp_path / "bench-2")
    try:
        yield bench, other
    finally:
        for journal in other.journals:
            await journal.close()


async def open_and_scan(bench: Bench, order_id: str, *codes: str, boxed: bool = False) -> None:
    """Open the order and scan ``codes``; ``boxed``: each unit into a box of its own (one
    parcel per unit: the boxes decide the parcels)."""
    opened = await bench.service.open_order(order_id)
    assert opened.outcome is OpenOutcome.OPENED, opened.message
    for number, code in enumerate(codes):
        if boxed and number:
            await bench.service.next_box()
        await bench.service.scan_item(code)


@pytest.mark.asyncio
async def test_second_bench_packing_at_the_same_time_buys_nothing_and_is_told(
    two: tuple[Bench, Bench],
) -> None:
    first, second = two
    # both benches have the order open and scanned before either buys
    await open_and_scan(first, "A102", *A102_CODES, boxed=True)
    await open_and_scan(second, "A102", *A102_CODES, boxed=True)
    report = await first.service.finish()
    assert isinstance(report, CycleReport)
    assert report.status is CycleStatus.DONE

    with pytest.raises(PackedElsewhere) as told:
        await second.service.finish()
    codes = sorted(label.label.tracking_code for label in first.api.live_labels("A102"))
    assert len(codes) == 3  # one label per parcel at 7S, whoever asked
    assert sorted(told.value.tracking_codes) == codes
    assert "already packed at another bench" in told.value.message
    assert "--reason" in told.value.message
    assert second.printer.printed == []
    # the second bench's cycle is given up (resume buys nothing), its intent too
    (record,) = await second.journal.cycles()
    assert record.status is CycleStatus.ABANDONED
    assert "already packed at another bench" in record.note
    attempts = await second.journal.attempts(record.cycle_id)
    assert attempts
    assert {a.status for a in attempts} == {AttemptStatus.ABANDONED}
    assert await second.service.resume() == []
    assert len(first.api.live_labels("A102")) == 3
    kinds = [e.kind for e in await second.journal.events(order_id="A102")]
    assert JournalKind.PACKED_ELSEWHERE in kinds


@pytest.mark.asyncio
async def test_labels_seen_at_7s_while_scanning_stop_the_purchase_before_any_post(
    two: tuple[Bench, Bench],
) -> None:
    first, second = two
    await open_and_scan(first, "A100", EAN, EAN)
    report = await first.service.finish()
    assert isinstance(report, CycleReport)
    # 7S still shows the order before shipped (a late state): the bench opens it, but the
    # background lookup finds its label and nothing is posted
    first.api.orders["A100"].state = "paid"
    await open_and_scan(second, "A100", EAN, EAN)
    posts = first.api.calls.count("create_label")
    with pytest.raises(PackedElsewhere) as told:
        await second.service.finish()
    assert first.api.calls.count("create_label") == posts
    assert told.value.tracking_codes == (report.parcels[0].tracking_code,)
    assert len(first.api.live_labels("A100")) == 1


@pytest.mark.asyncio
async def test_a_shipped_order_packed_elsewhere_is_named_and_reprinted_only_with_a_reason(
    two: tuple[Bench, Bench],
) -> None:
    first, second = two
    await open_and_scan(first, "A100", EAN, EAN)
    report = await first.service.finish()
    assert isinstance(report, CycleReport)
    code = report.parcels[0].tracking_code
    assert code is not None

    opened = await second.service.open_order("A100")
    assert opened.outcome is OpenOutcome.PACKED_ELSEWHERE
    assert opened.tracking_codes == (code,)
    assert "already packed at another bench" in opened.message

    refused = await second.service.reprint("A100")
    assert refused.items == ()
    assert refused.elsewhere == (code,)
    assert "only with a reason" in refused.message
    assert second.printer.printed == []

    done = await second.service.reprint("A100", "  the first label   got wet ")
    assert [(i.tracking_code, i.printed) for i in done.items] == [(code, True)]
    assert len(second.printer.printed) == 1
    assert len(first.api.live_labels("A100")) == 1  # never a new label
    reprints = [
        e for e in await second.journal.events(order_id="A100") if e.kind is JournalKind.REPRINT
    ]
    assert reprints[0].detail["reason"] == "the first label got wet"
    assert reprints[0].detail["bought_elsewhere"] is True


@pytest.mark.asyncio
async def test_both_benches_finishing_at_once_buy_one_label_per_parcel(
    two: tuple[Bench, Bench],
) -> None:
    first, second = two
    await open_and_scan(first, "A102", *A102_CODES, boxed=True)
    await open_and_scan(second, "A102", *A102_CODES, boxed=True)
    results = await asyncio.gather(
        first.service.finish(), second.service.finish(), return_exceptions=True
    )
    labels = first.api.live_labels("A102")
    assert sorted(r.request.package_no or 0 for r in labels) == [1, 2, 3]
    assert len({r.request.reference_number for r in labels}) == 3
    # parcel 1 decides at 7S: one bench packs the whole order, the other is told
    done = [r for r in results if isinstance(r, CycleReport)]
    told = [r for r in results if isinstance(r, PackedElsewhere)]
    assert (len(done), len(told)) == (1, 1), results
    assert [p.status for p in done[0].parcels] == [AttemptStatus.PRINTED] * 3


@pytest.mark.asyncio
async def test_a_used_reference_refused_in_other_words_is_still_packed_elsewhere(
    two: tuple[Bench, Bench],
) -> None:
    first, second = two
    # 7S answers a used reference as a plain 400 (no "already used" violation): the bench
    # looks the order's labels up instead of reading the words
    real_create = first.api.create_label

    async def plain(request: LabelRequest) -> list[Label]:
        try:
            return await real_create(request)
        except Duplicate:
            raise ValidationFailed("Invalid request.", status=400) from None

    first.api.create_label = plain  # type: ignore[method-assign]
    await open_and_scan(first, "A102", *A102_CODES, boxed=True)
    await open_and_scan(second, "A102", *A102_CODES, boxed=True)
    report = await first.service.finish()
    assert isinstance(report, CycleReport)

    with pytest.raises(PackedElsewhere) as told:
        await second.service.finish()
    codes = sorted(label.label.tracking_code for label in first.api.live_labels("A102"))
    assert len(codes) == 3
    assert sorted(told.value.tracking_codes) == codes
    assert second.printer.printed == []
