"""The returns desk against the sandbox: marks survive 7S being down and reach it in order when
it answers again; lookups by order, outbound label and return label; the shift CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from packstation.domain.cycle import OutboxStatus
from packstation.domain.returns import DeliveryStatus, LookupVia, ReturnMark
from packstation.domain.shipping import Address, Carrier, ShipmentRequest
from packstation.sandbox import SandboxServer
from packstation.services.packing import CycleReport, OpenOutcome
from packstation.services.returns import ReturnRefused
from tests.integration.conftest import packstation, run_json
from tests.integration.workflow_support import bench, environ


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="demo") as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    sandbox_server.control.reset("demo")
    return sandbox_server


def history(sandbox: SandboxServer, order_id: str) -> list[tuple[str, str]]:
    with sandbox.state.lock:
        order = sandbox.state.order_by_order_id(order_id)
        assert order is not None
        return [(entry.state, entry.datetime) for entry in order.states_history]


@pytest.mark.asyncio
async def test_marks_wait_while_7s_is_down_and_arrive_in_order(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with bench(sandbox, tmp_path) as (st, wf):
        opened = await st.service.open_order("A100")
        assert opened.outcome is OpenOutcome.OPENED
        await st.service.skip_verification("integration test")
        report = await st.service.finish()
        assert isinstance(report, CycleReport)
        tracking = report.parcels[0].tracking_code
        assert tracking
        await st.outbox.drain(5)
        before = [state for state, _ in history(sandbox, "A100")]

        sandbox.control.fail_next("/v2", status=503, count=100_000)  # 7S is down
        found = await wf.returns.lookup(tracking)
        assert found.found, found.message
        assert (found.order_id, found.via) == ("A100", LookupVia.OUTBOUND_LABEL)
        assert [line.sku for line in found.lines] == ["SKU-TSHIRT-M", "SKU-MUG-WHT"]
        assert any("could not be asked" in w for w in found.warnings)

        received = await wf.returns.mark_received(
            "A100", reason="customer return", tracking_code=tracking
        )
        refunded = await wf.returns.mark_refunded(
            "A100", [ReturnMark("SKU-TSHIRT-M", 1)], reason="wrong size"
        )
        assert received.state_queued
        assert refunded.state_queued
        again = await wf.returns.mark_refunded("A100", [ReturnMark("SKU-MUG-WHT")])
        assert not again.state_queued  # refunded is sent once per order
        with pytest.raises(ReturnRefused, match="cannot be"):
            await wf.returns.mark_refunded("A100", [ReturnMark("SKU-TSHIRT-M", 2)])

        counts = await wf.outbox.drain(0.5)
        assert counts.pending == 2, await wf.journal.entries()
        assert [state for state, _ in history(sandbox, "A100")] == before
        waiting = await wf.returns.summary()
        assert [row.delivery for row in waiting.rows] == [
            DeliveryStatus.WAITING,
            DeliveryStatus.WAITING,
            DeliveryStatus.NOT_NEEDED,
        ]

        sandbox.control.faults.clear()  # 7S answers again
        counts = await wf.outbox.drain(5)
        assert (counts.pending, counts.failed) == (0, 0)
        after = history(sandbox, "A100")
        assert [state for state, _ in after] == [*before, "returned", "refunded"]
        # each state carries the time it was marked at the desk, not the time it was sent
        marked = [received.records[0].at, refunded.records[0].at]
        sent = [datetime.fromisoformat(when) for _, when in after[-2:]]
        assert all(abs((a - b).total_seconds()) < 1 for a, b in zip(marked, sent, strict=True))
        done = await wf.returns.summary()
        assert [row.delivery for row in done.rows][:2] == [DeliveryStatus.SENT] * 2
        entries = [
            e for e in await wf.journal.entries(order_id="A100") if "return_record" in e.payload
        ]
        assert [e.payload["state"] for e in entries] == ["returned", "refunded"]
        assert all(e.status is OutboxStatus.DELIVERED for e in entries)

        # a return label registered at 7S finds its order too
        await wf.api.create_shipment(
            ShipmentRequest(
                order_id="A103",
                carrier=Carrier("dhl", "DE"),
                recipient=Address(
                    "Lager",
                    "Retouren",
                    "Kochhannstr. 38",
                    "10247",
                    "Berlin",
                    "DE",
                    email="lager@example.de",
                ),
                tracking_code="RET-A103-1",
                return_parcel=True,
            )
        )
        back = await wf.returns.lookup("RET-A103-1")
        assert (back.order_id, back.via) == ("A103", LookupVia.RETURN_LABEL)
        assert back.lines


def test_return_and_export_on_the_command_line(sandbox: SandboxServer, tmp_path: Path) -> None:
    env = environ(sandbox, tmp_path)
    code, data, _ = run_json("return", "A104", "--received", "--reason", "unopened", env=env)
    assert code == 0, data
    assert (data["order_id"], data["state"], data["state_sent"]) == ("A104", "returned", True)
    assert history(sandbox, "A104")[-1][0] == "returned"

    code, data, stderr = run_json("return", "NOPE-1", "--received", env=env)
    assert code == 6
    assert "neither an order nor the label" in stderr

    target = tmp_path / "shift.csv"
    export = packstation("returns", "export", "--since", "today", str(target), env=env)
    assert export.returncode == 0, export.stderr
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["order_id"], r["action"], r["reason"], r["delivery"]) for r in rows] == [
        ("A104", "received", "unopened", "sent")
    ]
