"""The weight gate in the cycle (the virtual scale as the bench scale) and the packing slip at
finish (rendered PDFs read back, printed on a document printer, reprinted from the journal)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from packstation.adapters.packing_slip_pdf import PdfPackingSlipMaker
from packstation.adapters.scales.virtual import VirtualScale
from packstation.domain.cycle import JournalKind
from packstation.domain.packing_slip import PageSize, SlipPolicy
from packstation.domain.refusals import RefusalKind
from packstation.domain.weighing import ScaleError, ScaleProblem
from packstation.domain.weight_gate import WeightTolerance, WeightVerdict
from packstation.services.packing import (
    CycleReport,
    FinishRefused,
    PackingService,
    SlipNotReady,
    StationPolicy,
)
from tests.fakes import FakePrinter
from tests.unit.services.conftest import Bench, make_service

EAN = "4006381333931"  # A100: SKU-1 ×2, 500 g each
SKU_A = "4006381333931"  # A102: SKU-A ×1, SKU-B ×2, 500 g each
SKU_B = "9780201379624"


def gated(bench: Bench, scale: VirtualScale, **extra: object) -> PackingService:
    policy = StationPolicy(
        station_name="bench-1",
        retry_delay_s=0.0,
        auto_finish=False,
        weight_gate=True,
        weight_tolerance=WeightTolerance(50, Decimal(5)),
        **extra,  # type: ignore[arg-type]
    )
    bench.restart(policy)
    bench.service = make_service(bench, policy, scale=scale)
    return bench.service


def fast_scale() -> VirtualScale:
    return VirtualScale(settle_readings=2, poll_s=0.0)


@pytest.mark.asyncio
async def test_the_gate_holds_a_box_off_its_weight_until_the_packer_rechecks_it(
    bench: Bench,
) -> None:
    scale = fast_scale()
    service = gated(bench, scale)
    await service.open_order("A100")
    for _ in range(2):
        await service.scan_item(EAN)
    refused = await service.finish()
    assert isinstance(refused, FinishRefused)
    assert refused.weight
    assert "Box 1 of order A100 is not weighed yet" in refused.message
    assert refused.refusal.kind is RefusalKind.GATE_NOT_WEIGHED
    assert refused.refusal.facts == {"box": 1, "order_id": "A100"}

    scale.place(1340)  # the box on the pan: 340 g too much
    check = await service.weigh()
    assert (check.expected_g, check.measured_g, check.allowed_g) == (1000, 1340, 50)
    assert check.verdict is WeightVerdict.HEAVIER
    refused = await service.finish()
    assert isinstance(refused, FinishRefused)
    assert refused.message.startswith(
        "Box 1 is 340 g heavier than expected (1.340 kg on the scale, 1.000 kg expected, "
        "±50 g allowed) — check for an extra item."
    )
    assert bench.api.live_labels("A100") == []

    await service.recheck_weight(1)  # the packer opens the box: its weight is forgotten
    session = service.current
    assert session is not None
    assert session.boxes[0].measured_weight_g is None
    scale.place(1012)
    check = await service.weigh()
    assert check.verdict is WeightVerdict.WITHIN
    report = await service.finish()
    assert isinstance(report, CycleReport), report
    assert [p.weight_g for p in report.parcels] == [1012]

    events = await bench.journal.events(order_id="A100")
    gate = [e.detail for e in events if e.kind is JournalKind.WEIGHT_CHECK]
    assert [(g["measured_g"], g["expected_g"], g["decision"]) for g in gate] == [
        (1340, 1000, "pending"),
        (1340, 1000, "rechecked"),
        (1012, 1000, "passed"),
    ]
    assert gate[0]["difference_g"] == 340
    assert "check for an extra item" in gate[0]["message"]


@pytest.mark.asyncio
async def test_a_confirmed_box_goes_and_a_scale_problem_is_said_in_words(bench: Bench) -> None:
    scale = fast_scale()
    service = gated(bench, scale)
    await service.open_order("A100")
    for _ in range(2):
        await service.scan_item(EAN)
    scale.unplug()
    with pytest.raises(ScaleError) as caught:
        await service.weigh()
    assert caught.value.problem is ScaleProblem.UNPLUGGED
    scale.plug_in()
    scale.place(880)
    check = await service.weigh()
    assert check.verdict is WeightVerdict.LIGHTER
    assert (await service.read_scale()) is not None
    await service.confirm_weight(1)
    report = await service.finish()
    assert isinstance(report, CycleReport), report
    events = await bench.journal.events(order_id="A100")
    decisions = [e.detail["decision"] for e in events if e.kind is JournalKind.WEIGHT_CHECK]
    assert decisions == ["pending", "confirmed"]


@pytest.mark.asyncio
async def test_weights_given_by_hand_pass_through_the_gate_at_finish(bench: Bench) -> None:
    service = gated(bench, fast_scale())
    await service.open_order("A100")
    await service.skip_verification("test")
    await service.set_parcels(1, [1700])  # typed in the parcels dialog
    refused = await service.finish()
    assert isinstance(refused, FinishRefused)
    assert "Box 1 is 700 g heavier than expected" in refused.message
    assert refused.refusal.kind is RefusalKind.GATE_HOLDS_BOX
    assert refused.refusal.facts == {"box": 1}
    assert await service.confirm_weights() == [1]
    report = await service.finish()
    assert isinstance(report, CycleReport), report


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.asyncio
async def test_the_packing_slip_lists_each_box_prints_at_finish_and_reprints(
    bench: Bench, tmp_path: Path
) -> None:
    documents = FakePrinter()
    policy = StationPolicy(
        station_name="bench-1",
        retry_delay_s=0.0,
        auto_finish=False,
        packing_slip=SlipPolicy.MULTI_BOX,
        merchant_name="Acme Outdoor",
    )
    bench.restart(policy)
    service = make_service(
        bench,
        policy,
        slips=PdfPackingSlipMaker(tmp_path / "slips"),
        document_printer=documents,
    )
    await service.open_order("A100")  # one box: MULTI_BOX makes no slip
    for _ in range(2):
        await service.scan_item(EAN)
    assert isinstance(await service.finish(), CycleReport)
    assert documents.printed == []

    await service.open_order("A102")
    await service.scan_item(SKU_A)
    await service.next_box()
    await service.scan_item(SKU_B)
    await service.scan_item(SKU_B)
    await service.weigh_box(2, 1040)
    report = await service.finish()
    assert isinstance(report, CycleReport), report
    ((job, document),) = documents.printed
    assert job == "packing slip A102"
    assert document.content.startswith(b"%PDF")
    filed = tmp_path / "slips" / "A102-packing-slip.pdf"
    assert filed.read_bytes() == document.content
    text = pdf_text(filed)
    for expected in ("Acme Outdoor", "A102", "Parcel 1 of 2", "Parcel 2 of 2", "Product SKU-B"):
        assert expected in text, (expected, text)
    assert text.index("Product SKU-A") < text.index("Parcel 2 of 2") < text.index("Product SKU-B")

    again = await service.reprint_slip("A102")
    assert again.printed
    assert len(documents.printed) == 2
    events = await bench.journal.events(order_id="A102")
    slips = [e.detail for e in events if e.kind is JournalKind.PACKING_SLIP]
    assert [(s["why"], s["printed"], s["boxes"]) for s in slips] == [
        ("finish", True, 2),
        ("reprint", True, 2),
    ]
    with pytest.raises(LookupError, match="has not been packed"):
        await service.reprint_slip("A999")


@pytest.mark.asyncio
async def test_the_packing_slip_on_a5_and_no_reprint_before_the_order_is_finished(
    bench: Bench, tmp_path: Path
) -> None:
    policy = StationPolicy(
        station_name="bench-1",
        retry_delay_s=0.0,
        auto_finish=False,
        packing_slip=SlipPolicy.ALWAYS,
        packing_slip_size=PageSize.A5,
        merchant_name="Acme Outdoor",
    )
    bench.restart(policy)
    service = make_service(bench, policy, slips=PdfPackingSlipMaker(tmp_path / "slips"))
    await service.open_order("A100")
    await service.scan_item(EAN)
    with pytest.raises(SlipNotReady, match="Order A100 is not finished"):
        await service.reprint_slip("A100")  # still on the bench: its boxes may change
    await service.scan_item(EAN)
    assert isinstance(await service.finish(), CycleReport)
    filed = tmp_path / "slips" / "A100-packing-slip.pdf"
    for made in (filed.read_bytes(), None):
        if made is None:  # printed again from the journal: A5 as well
            again = await service.reprint_slip("A100")
            assert again.path == str(filed)
            assert (again.printed, again.printer) == (False, None)  # filed: no printer
        (page,) = pypdf.PdfReader(io.BytesIO(filed.read_bytes())).pages
        width_mm = float(page.mediabox.width) * 25.4 / 72
        height_mm = float(page.mediabox.height) * 25.4 / 72
        assert (round(width_mm), round(height_mm)) == (148, 210)  # A5, portrait
        text = pdf_text(filed)
        for expected in ("Acme Outdoor", "Packing slip", "A100", "Parcel 1 of 1", "SKU-1"):
            assert expected in text, (expected, text)
