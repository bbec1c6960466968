"""Own-label mode against the sandbox: the shipment is registered (POST /shipments) with the
scanned tracking code, never twice, and a tracking code used before is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from packstation.domain.bench import AfterScan
from packstation.domain.cycle import AttemptStatus, CycleStatus
from packstation.sandbox import SandboxServer
from packstation.services.packing import (
    OWN_LABEL,
    CycleReport,
    FinishRefused,
    Opened,
    OpenOutcome,
    TrackingCodeRead,
)
from tests.integration.conftest import packstation, run_json
from tests.integration.workflow_support import bench, environ


def shipments(sandbox: SandboxServer, order_id: str) -> list[Any]:
    with sandbox.state.lock:
        return [s for s in sandbox.state.shipments.values() if s.order_id == order_id]


def labels(sandbox: SandboxServer, order_id: str) -> list[Any]:
    with sandbox.state.lock:
        return [label for label in sandbox.state.labels.values() if label.order_id == order_id]


def test_own_label_on_the_command_line(sandbox: SandboxServer, tmp_path: Path) -> None:
    env = environ(sandbox, tmp_path, PACKSTATION_WAREHOUSE="Primary Warehouse")
    code, data, _ = run_json("pack", "A106", "--skip-verify", "--own-label", "OWN-A106-1", env=env)
    assert code == 0, data
    assert data["tracking_codes"] == ["OWN-A106-1"]
    (shipment,) = shipments(sandbox, "A106")
    assert labels(sandbox, "A106") == []  # nothing was bought
    assert shipment.tracking_code == "OWN-A106-1"
    assert shipment.reference_number == data["parcels"][0]["reference_number"]
    assert data["shipment_ids"] == [str(shipment.id)]
    assert (shipment.carrier_name, shipment.carrier_country) == ("dpd", "DE")
    assert shipment.fields["recipient_zip"] == "1016 GV"
    assert shipment.fields["recipient_country"] == "NL"
    assert shipment.fields["warehouse"] == "Primary Warehouse"
    order = sandbox.state.order_by_order_id("A106")
    assert order is not None
    assert (order.state, order.boarding_complete) == ("shipped", True)

    again = packstation("pack", "A105", "--skip-verify", "--own-label", "OWN-A106-1", env=env)
    assert again.returncode == 11, again.stderr
    assert "OWN-A106-1 is already used for order A106" in again.stderr
    elsewhere = packstation(
        "pack", "A105", "--skip-verify", "--own-label", "00340434161094042557", env=env
    )
    assert elsewhere.returncode == 11, elsewhere.stderr
    assert "already registered at Seven Senders (order A103)" in elsewhere.stderr
    assert shipments(sandbox, "A105") == []


@pytest.mark.asyncio
async def test_unknown_outcome_is_looked_up_never_two_shipments(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with bench(sandbox, tmp_path, own_label=True, return_portal_pro=True) as (st, wf):
        opened = await st.service.open_order("A100")
        assert opened.outcome is OpenOutcome.OPENED
        await st.service.skip_verification("integration test")

        refused = await st.service.finish()  # own-label station: the tracking code is needed
        assert isinstance(refused, FinishRefused)
        assert "scan the tracking barcode" in refused.message

        sandbox.control.drop_next("/v2/shipments", method="POST")  # done, but no answer
        reply = await st.service.scan("OWN-A100-1")  # the last carrier label: finished
        assert isinstance(reply, TrackingCodeRead)
        assert reply.code == "OWN-A100-1"
        assert reply.then is AfterScan.FINISH
        report = reply.finished
        assert isinstance(report, CycleReport), report
        assert report.status is CycleStatus.DONE
        (parcel,) = report.parcels
        assert (parcel.tracking_code, parcel.status) == ("OWN-A100-1", AttemptStatus.PRINTED)
        assert parcel.print_outcome == OWN_LABEL
        (shipment,) = shipments(sandbox, "A100")
        assert parcel.shipment_id == str(shipment.id)

        counts = await st.outbox.drain(5)
        assert (counts.pending, counts.failed) == (0, 0)
        with sandbox.state.lock:  # Return Portal Pro: the items are linked to the shipment
            items = [i for i in sandbox.state.order_items.values() if i.order_id == "A100"]
        assert items
        assert {i.shipment_id for i in items} == {shipment.id}

        reprint = await st.service.reprint("A100")
        assert not reprint.printed
        assert "printed outside the station" in reprint.items[0].detail
        stats = await wf.intake.stats()
        assert stats.packed == 1


@pytest.mark.asyncio
async def test_each_parcels_carrier_label_is_scanned_and_the_last_one_finishes(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with bench(sandbox, tmp_path, own_label=True) as (st, _):
        opened = await st.service.scan("A106")
        assert isinstance(opened, Opened)
        assert opened.result.outcome is OpenOutcome.OPENED
        await st.service.set_parcels(2)
        await st.service.skip_verification("integration test")

        first = await st.service.scan("OWN-A106-1")
        assert isinstance(first, TrackingCodeRead)
        assert (first.then, first.finished) == (AfterScan.SCAN_CARRIER_LABEL, None)
        assert shipments(sandbox, "A106") == []

        # a code registered for another order: refused, and taken off the scanned codes
        elsewhere = await st.service.scan("00340434161094042557")
        assert isinstance(elsewhere, TrackingCodeRead)
        assert elsewhere.then is AfterScan.FINISH
        refused = elsewhere.finished
        assert isinstance(refused, FinishRefused)
        assert refused.tracking_code == "00340434161094042557"
        assert "already registered at Seven Senders (order A103)" in refused.message
        assert shipments(sandbox, "A106") == []

        last = await st.service.scan("OWN-A106-2")
        assert isinstance(last, TrackingCodeRead)
        assert last.then is AfterScan.FINISH
        report = last.finished
        assert isinstance(report, CycleReport), report
        assert report.status is CycleStatus.DONE
        assert [p.tracking_code for p in report.parcels] == ["OWN-A106-1", "OWN-A106-2"]
        assert sorted(s.tracking_code for s in shipments(sandbox, "A106")) == [
            "OWN-A106-1",
            "OWN-A106-2",
        ]
        assert labels(sandbox, "A106") == []  # nothing was bought
