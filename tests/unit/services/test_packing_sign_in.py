"""Packers sign in at the bench: a badge scan (never journalled as a scan) or a typed name;
every cycle step names the packer signed in; a station may refuse orders while nobody is."""

from __future__ import annotations

import json

import pytest

from packstation.domain.cycle import JournalKind
from packstation.domain.packers import Packer
from packstation.services.packing import (
    Counted,
    CycleReport,
    Opened,
    Refused,
    RefusedScan,
    SignedIn,
    StationPolicy,
)
from tests.unit.services.conftest import Bench

EAN = "4006381333931"
ROSTER = (Packer("Anna Schmidt", "EMP-00123"), Packer("Jonas Weber", "EMP-00456"))


def with_roster(bench: Bench, *, required: bool = False, packer: str = "") -> None:
    bench.restart(
        StationPolicy(
            station_name="bench-1",
            retry_delay_s=0.0,
            packer_name=packer,
            packers=ROSTER,
            require_sign_in=required,
        )
    )


@pytest.mark.asyncio
async def test_a_badge_scan_signs_in_and_every_step_names_the_packer(bench: Bench) -> None:
    with_roster(bench, packer="Default Name")
    assert bench.service.packer == "Default Name"
    answer = await bench.service.scan("EMP-00123")
    assert answer == SignedIn(answer.scan, "Anna Schmidt")
    assert bench.service.packer == "Anna Schmidt"
    opened = await bench.service.scan("A100")
    assert isinstance(opened, Opened)
    await bench.service.scan(EAN)
    swapped = await bench.service.scan("emp-00456")  # a new packer takes over mid-order
    assert isinstance(swapped, SignedIn)
    counted = await bench.service.scan(EAN)  # the last item finishes the order
    assert isinstance(counted, Counted)
    assert isinstance(counted.finished, CycleReport)

    events = await bench.journal.events(limit=1000)
    signed = [e for e in events if e.kind == JournalKind.PACKER_SIGNED_IN]
    assert [(e.detail["packer"], e.detail["way"]) for e in signed] == [
        ("Anna Schmidt", "badge"),
        ("Jonas Weber", "badge"),
    ]
    assert signed[0].detail["after"] == "Default Name"
    opened_line = next(e for e in events if e.kind == JournalKind.CYCLE_OPENED)
    assert opened_line.detail["packer"] == "Anna Schmidt"
    steps = {e.detail["step"]: e.detail["packer"] for e in events if e.kind == "cycle_step"}
    assert steps["labels"] == "Jonas Weber"
    text = json.dumps([dict(e.detail) for e in events])
    assert "EMP-00123" not in text  # a badge is journalled by its packer's name
    assert "emp-00456" not in text


@pytest.mark.asyncio
async def test_a_typed_name_signs_in_and_sign_out_is_journalled(bench: Bench) -> None:
    with_roster(bench)
    assert await bench.service.sign_in("  Maria  Lopez ") == "Maria Lopez"
    assert await bench.service.sign_in("EMP-00123") == "Anna Schmidt"
    with pytest.raises(ValueError, match="name is needed"):
        await bench.service.sign_in("   ")
    assert bench.service.packer == "Anna Schmidt"
    assert await bench.service.sign_out() == "Anna Schmidt"
    assert bench.service.packer == ""
    events = await bench.journal.events(limit=100)
    kinds = [(e.kind, e.detail.get("packer"), e.detail.get("way")) for e in events]
    assert kinds == [
        ("packer_signed_in", "Maria Lopez", "name"),
        ("packer_signed_in", "Anna Schmidt", "badge"),
        ("packer_signed_out", "Anna Schmidt", None),
    ]


@pytest.mark.asyncio
async def test_a_station_that_requires_sign_in_opens_no_order_for_nobody(bench: Bench) -> None:
    with_roster(bench, required=True)
    refused = await bench.service.scan("A100")
    assert isinstance(refused, Refused)
    assert refused.reason is RefusedScan.SIGN_IN_FIRST
    assert bench.service.current is None
    await bench.service.scan("EMP-00456")
    assert isinstance(await bench.service.scan("A100"), Opened)
