"""The fallback chain of the label lookup (issue 14): label lookup → shipments of the order →
stop and tell the packer. Unit tests of the core with the hand-written fake 7S; the same chain
against the strict sandbox with its label list switched off is in
tests/integration/test_label_lookup_chain.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from packstation.domain.cycle import CycleInterrupted, CycleStatus, JournalKind
from packstation.domain.errors import NotFound, OutcomeUnknown, ServiceUnavailable
from packstation.domain.shipping import Carrier, LabelFormat, Shipment, ShipmentFilter
from packstation.services.packing.label_lookup import (
    VIA_SHIPMENTS,
    LabelLookupFailed,
    label_of_shipment,
    labels_by_reference,
)
from tests.unit.services.conftest import Bench
from tests.unit.services.test_reconcile_labels import pack

NO_ROUTE = NotFound('No route found for "GET /v2/labels".', status=404)


def no_label_lookup(bench: Bench, times: int = 20) -> None:
    """The label lookup does not exist at this 7S (every call: 404)."""
    bench.api.fail("find_labels", NO_ROUTE, times=times)
    bench.api.fail("order_labels", NO_ROUTE, times=times)


@pytest.mark.asyncio
async def test_an_unknown_outcome_is_resolved_by_the_shipments_of_the_order(bench: Bench) -> None:
    # the POST went through, its answer was lost; the label lookup is a 404: the order's
    # shipments show the label (its id, tracking code, reference): it is adopted, not bought
    no_label_lookup(bench)
    bench.api.commit_then_fail("create_label", OutcomeUnknown("dropped"))
    report = await pack(bench)
    assert report.status is CycleStatus.DONE
    (live,) = bench.api.live_labels("A100")
    assert report.parcels[0].tracking_code == live.label.tracking_code
    assert bench.api.calls.count("create_label") == 1
    assert "list_shipments" in bench.api.calls
    assert len(bench.printer.printed) == 1
    lookups = [
        e for e in await bench.journal.events(order_id="A100") if e.kind is JournalKind.LABEL_LOOKUP
    ]
    assert [e.detail["via"] for e in lookups] == [VIA_SHIPMENTS]
    assert lookups[0].detail["found"] == [live.label.tracking_code]


@pytest.mark.asyncio
async def test_no_shipment_of_the_reference_means_not_bought(bench: Bench) -> None:
    # the POST failed before 7S carried it out; the label lookup is a 404 and the order's
    # shipments show nothing with the reference: the same reference is sent again, one label
    no_label_lookup(bench)
    bench.api.fail("create_label", OutcomeUnknown("dropped before the commit"))
    report = await pack(bench)
    assert report.status is CycleStatus.DONE
    assert len(bench.api.live_labels("A100")) == 1
    assert bench.api.calls.count("create_label") == 2


@pytest.mark.asyncio
async def test_neither_link_answers_stop_and_tell_the_packer(bench: Bench) -> None:
    no_label_lookup(bench)
    bench.api.fail("list_shipments", ServiceUnavailable("down", status=503), times=20)
    bench.api.commit_then_fail("create_label", OutcomeUnknown("dropped"))
    await bench.service.open_order("A100")
    await bench.service.skip_verification("test")
    with pytest.raises(CycleInterrupted) as caught:
        await bench.service.finish()
    assert caught.value.unresolved
    text = str(caught.value)
    assert "neither the label lookup" in text
    assert "shipments" in text
    assert "never a label blind" in text
    assert bench.api.calls.count("create_label") == 1  # nothing bought blind


@pytest.mark.asyncio
async def test_a_shipment_of_the_reference_without_a_label_id_is_not_bought_over(
    bench: Bench,
) -> None:
    # 7S's shipments show the reference but name no label: something exists that the
    # station cannot take, so it buys nothing and says so
    no_label_lookup(bench)
    bench.api.commit_then_fail("create_label", OutcomeUnknown("dropped"))
    real = bench.api.list_shipments

    async def without_label_ids(flt: ShipmentFilter) -> list[Shipment]:
        return [replace(s, label_id=None) for s in await real(flt)]

    bench.api.list_shipments = without_label_ids  # type: ignore[method-assign]
    await bench.service.open_order("A100")
    await bench.service.skip_verification("test")
    with pytest.raises(CycleInterrupted, match="names no label for it") as caught:
        await bench.service.finish()
    assert caught.value.unresolved
    assert bench.api.calls.count("create_label") == 1


@pytest.mark.asyncio
async def test_only_exact_shipments_are_taken(bench: Bench) -> None:
    no_label_lookup(bench)
    report = await pack(bench)
    (live,) = bench.api.live_labels("A100")
    reference = live.label.reference_number
    assert reference is not None
    found = await labels_by_reference(bench.api, "A100", reference, LabelFormat.ZPL)
    assert found.via == VIA_SHIPMENTS
    assert [lb.tracking_code for lb in found.labels] == [report.parcels[0].tracking_code]
    assert found.labels[0].format is LabelFormat.ZPL  # a shipment does not say: as asked
    assert found.labels[0].download_url == ""  # fetched by its id
    assert (
        await labels_by_reference(bench.api, "A100", reference + "-X", LabelFormat.PDF)
    ).labels == []
    assert (await labels_by_reference(bench.api, "A101", reference, LabelFormat.PDF)).labels == []


def test_a_shipment_without_label_id_or_tracking_code_is_no_label() -> None:
    shipment = Shipment("5", "A100", Carrier("dhl", "DE"), "TC1", "REF", "new", label_id="9")
    label = label_of_shipment(shipment, LabelFormat.PDF)
    assert label is not None
    assert (label.id, label.shipment_id) == ("9", "5")
    assert label_of_shipment(replace(shipment, label_id=None), LabelFormat.PDF) is None
    assert label_of_shipment(replace(shipment, tracking_code=None), LabelFormat.PDF) is None


@pytest.mark.asyncio
async def test_the_failure_names_both_links(bench: Bench) -> None:
    no_label_lookup(bench)
    bench.api.fail("list_shipments", ServiceUnavailable("gateway down", status=503))
    with pytest.raises(LabelLookupFailed) as caught:
        await labels_by_reference(bench.api, "A100", "REF", LabelFormat.PDF)
    assert caught.value.labels_error is not None
    assert isinstance(caught.value.shipments_error, ServiceUnavailable)
    assert "gateway down" in str(caught.value)
