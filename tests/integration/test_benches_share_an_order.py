"""Two benches of one warehouse (two data directories, two station ids) pack the same order
against one sandbox: references are per order, so 7S sells exactly one label per parcel and
the second bench is told, in-process and as two `packstation pack` processes at once."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from packstation.domain.boxes import boxes_from_specs
from packstation.domain.cycle import CycleStatus, PackedElsewhere
from packstation.sandbox import SandboxServer
from packstation.services.packing import CycleReport, OpenOutcome
from tests.integration.conftest import cli_environ, run_json
from tests.integration.workflow_support import BOXES, printed_files, station
from tests.sandbox_queries import live_labels


def one_label_per_parcel(sandbox: SandboxServer, order_id: str, parcels: int) -> list[Any]:
    labels = live_labels(sandbox, order_id)
    assert sorted(label.package_no for label in labels) == list(range(1, parcels + 1)), [
        label.reference_number for label in labels
    ]
    return labels


@pytest.mark.asyncio
async def test_two_stations_packing_one_order_at_once_buy_one_label_per_parcel(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    one, two = tmp_path / "bench-1", tmp_path / "bench-2"
    one.mkdir()
    two.mkdir()
    async with (
        station(sandbox, one, station_name="bench-1") as first,
        station(sandbox, two, station_name="bench-2") as second,
    ):
        for st in (first, second):
            opened = await st.service.open_order("A102")
            assert opened.outcome is OpenOutcome.OPENED, opened.message
            await st.service.skip_verification("integration test")
            await st.service.set_boxes(boxes_from_specs(BOXES["A102"]))  # three parcels
        results = await asyncio.gather(
            first.service.finish(), second.service.finish(), return_exceptions=True
        )
        done = [r for r in results if isinstance(r, CycleReport)]
        told = [r for r in results if isinstance(r, PackedElsewhere)]
        assert (len(done), len(told)) == (1, 1), results
        assert done[0].status is CycleStatus.DONE
        labels = one_label_per_parcel(sandbox, "A102", 3)
        # what 7S held when the second bench was refused: parcel 1 at least
        assert told[0].tracking_codes
        assert set(told[0].tracking_codes) <= {label.tracking_code for label in labels}
        # the same reference numbers, whichever bench bought them
        assert sorted(label.reference_number for label in labels) == [
            f"PS-A102-P{n}-V0" for n in (1, 2, 3)
        ]
    packed_at = one if results[0] is done[0] else two
    told_at = two if packed_at is one else one
    assert len(printed_files(packed_at)) == 3
    assert printed_files(told_at) == []

    # a third look from the told bench: the order is shipped, and packed elsewhere
    async with station(sandbox, told_at) as again:
        opened = await again.service.open_order("A102")
        assert opened.outcome is OpenOutcome.PACKED_ELSEWHERE
        assert sorted(opened.tracking_codes) == sorted(label.tracking_code for label in labels)
        assert await again.service.resume() == []
    assert len(live_labels(sandbox, "A102")) == 3


def test_two_pack_processes_at_once_one_packs_the_other_is_told(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    for name in ("bench-1", "bench-2"):
        (tmp_path / name).mkdir()
    envs = [
        cli_environ(sandbox, tmp_path / name, PACKSTATION_STATION_NAME=name)
        for name in ("bench-1", "bench-2")
    ]
    args = ["pack", "A109", "--skip-verify", "--reason", "test", "--parcels", "3", "--json"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "packstation", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for env in envs
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    codes = sorted(proc.returncode for proc in procs)
    assert codes == [0, 10], outputs
    labels = one_label_per_parcel(sandbox, "A109", 3)
    (loser,) = [
        json.loads(out.splitlines()[-1])
        for (out, _), p in zip(outputs, procs, strict=True)
        if p.returncode == 10
    ]
    assert loser["packed_elsewhere"] is True
    assert loser["tracking_codes"]
    assert set(loser["tracking_codes"]) <= {label.tracking_code for label in labels}
    assert "already packed at another bench" in loser["error"]

    # the told bench reprints only with a reason; never a new label
    told_env = envs[[p.returncode for p in procs].index(10)]
    code, refused, stderr = run_json("reprint", "A109", env=told_env)
    assert code == 11, refused
    assert "only with a reason" in stderr
    code, reprinted, _ = run_json(
        "reprint", "A109", "--reason", "label of bench 1 torn", env=told_env
    )
    assert code == 0, reprinted
    assert sorted(i["tracking_code"] for i in reprinted["labels"]) == sorted(
        label.tracking_code for label in labels
    )
    assert len(live_labels(sandbox, "A109")) == 3
