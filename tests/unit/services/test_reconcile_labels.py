"""Labels are reconciled by lookup, never by the wording of an answer: a refusal that follows an
unknown outcome is looked up by the reference before it counts, and only an exact match (our
reference, our order) is ever adopted."""

from __future__ import annotations

import pytest

from packstation.domain.cycle import CycleInterrupted, CycleStatus
from packstation.domain.errors import OutcomeUnknown, ValidationFailed
from packstation.domain.shipping import Carrier, Label, LabelFormat
from packstation.services.packing import CycleReport, OpenOutcome
from tests.unit.services.conftest import Bench

EAN = "4006381333931"
#: a duplicate in other words: a 400 with a sentence only, no violation, no uniqueness code
PLAIN_DUPLICATE = ValidationFailed("label already exists for reference number", status=400)


async def pack(bench: Bench, order_id: str = "A100") -> CycleReport:
    opened = await bench.service.open_order(order_id)
    assert opened.outcome is OpenOutcome.OPENED, opened.message
    for code in (EAN, EAN):
        await bench.service.scan_item(code)
    result = await bench.service.finish()
    assert isinstance(result, CycleReport), result
    return result


@pytest.mark.asyncio
async def test_a_refusal_after_an_unknown_outcome_is_looked_up_and_adopted(bench: Bench) -> None:
    # the first POST has an unknown outcome and 7S shows nothing yet; the retry is refused
    # in words the station does not know, but 7S holds the label now: it is ours
    bench.api.fail("create_label", OutcomeUnknown("dropped before the commit"))
    bench.api.commit_then_fail("create_label", PLAIN_DUPLICATE)
    report = await pack(bench)
    assert report.status is CycleStatus.DONE
    (live,) = bench.api.live_labels("A100")
    assert report.parcels[0].tracking_code == live.label.tracking_code
    assert bench.api.calls.count("create_label") == 2
    assert len(bench.printer.printed) == 1


@pytest.mark.asyncio
async def test_a_refusal_without_doubt_is_a_refusal(bench: Bench) -> None:
    bench.api.fail("create_label", PLAIN_DUPLICATE)
    await bench.service.open_order("A100")
    for code in (EAN, EAN):
        await bench.service.scan_item(code)
    with pytest.raises(CycleInterrupted, match="refused the label"):
        await bench.service.finish()
    assert bench.api.live_labels("A100") == []


def foreign_label(order_id: str, reference_number: str | None) -> Label:
    return Label(
        id="9999",
        shipment_id="9999",
        order_id=order_id,
        tracking_code="FOREIGN0001",
        carrier=Carrier("dhl", "DE"),
        format=LabelFormat.PDF,
        download_url="/v2/label-download/9999",
        reference_number=reference_number,
    )


@pytest.mark.asyncio
@pytest.mark.parametrize("which", ["no reference", "other order"])
async def test_a_lookup_that_is_not_exact_is_never_adopted(bench: Bench, which: str) -> None:
    # after an unknown outcome the lookup answers a row that is not exactly ours (no
    # reference number, or our reference on another order): it must not be taken as this
    # parcel's label; the station buys its own (the POST never went through)
    real = bench.api.find_labels

    async def find_labels(order_id: str, reference_number: str) -> list[Label]:
        rows = await real(order_id, reference_number)
        if which == "no reference":
            return [foreign_label(order_id, None), *rows]
        return [foreign_label("A999", reference_number), *rows]

    bench.api.find_labels = find_labels  # type: ignore[method-assign]
    bench.api.fail("create_label", OutcomeUnknown("dropped before the commit"))
    report = await pack(bench, "A100")
    assert report.status is CycleStatus.DONE
    (mine,) = bench.api.live_labels("A100")
    assert report.parcels[0].tracking_code == mine.label.tracking_code != "FOREIGN0001"
    assert bench.api.calls.count("create_label") == 2


@pytest.mark.asyncio
@pytest.mark.parametrize("which", ["no reference", "other order"])
async def test_recover_never_adopts_a_label_that_is_not_exactly_the_orders(
    bench: Bench, which: str
) -> None:
    # the journal is lost after the label was bought; the lookups of `recover` also answer a
    # row that is not exactly the order's (no reference, or another order's): only the
    # order's own label is printed again
    packed = await pack(bench, "A100")
    (mine,) = bench.api.live_labels("A100")
    for journal in bench.journals:
        await journal.close()
    for leftover in bench.tmp.glob("journal.sqlite3*"):
        leftover.unlink()
    bench.restart()
    real = bench.api.find_labels

    async def find_labels(order_id: str, reference_number: str) -> list[Label]:
        rows = await real(order_id, reference_number)
        if which == "no reference":
            return [foreign_label(order_id, None), *rows]
        return [foreign_label("A999", reference_number), *rows]

    bench.api.find_labels = find_labels  # type: ignore[method-assign]
    report = await bench.service.recover("A100")
    assert isinstance(report, CycleReport), report
    assert [p.tracking_code for p in report.parcels] == [mine.label.tracking_code]
    assert packed.parcels[0].tracking_code == mine.label.tracking_code
    assert bench.api.calls.count("create_label") == 1  # nothing bought
