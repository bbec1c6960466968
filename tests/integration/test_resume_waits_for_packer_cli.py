"""`packstation resume` never finishes an order whose finish the packer did not press, as real
processes against the sandbox: its items are checked, but its boxes may not all be entered
yet, and nothing was bought for it. (A cycle whose finish was pressed is still finished by
`resume`: `test_packing_cli.test_sigkill_after_each_step_then_resume`.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from tests.integration.conftest import cli_environ, packstation, run_json
from tests.integration.test_packing_cli import A102_BOXES, items_of, printed
from tests.sandbox_queries import live_labels


@pytest.fixture
def env(sandbox: SandboxServer, tmp_path: Path) -> dict[str, str]:
    return cli_environ(sandbox, tmp_path)


def test_resume_leaves_a_checked_order_whose_finish_was_never_pressed_to_its_packer(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path
) -> None:
    # every item of A102 is scanned (all in box 1), then the command stops before finishing:
    # its box options do not fit (two weights for three boxes), so the split is never entered
    code, _, stderr = run_json(
        "pack",
        "A102",
        "--verify",
        *items_of(sandbox, "A102"),
        *A102_BOXES,
        "--weight-g",
        "1500",
        "2100",
        env=env,
    )
    assert code == 2, stderr
    assert "Only 2 weights were given for 3 boxes" in stderr

    code, resumed, stderr = run_json("resume", env=env)
    assert code == 9, stderr
    assert resumed["exit_code"] == 9
    (row,) = resumed["cycles"]
    assert row["order_id"] == "A102"
    assert row["finished"] is False
    assert row["waiting_for_packer"] is True
    assert row["tracking_codes"] == []
    assert "its items are checked, but finish was never pressed" in row["problem"]
    assert "Nothing was bought" in row["problem"]
    assert "check its boxes and finish it" in row["problem"]
    assert live_labels(sandbox, "A102") == []  # not one parcel with everything in it
    assert printed(tmp_path) == []

    plain = packstation("resume", env=env)  # the same in plain words, with the same exit code
    assert plain.returncode == 9, plain.stderr
    assert "Order A102: not finished" in plain.stderr
    assert "It waits for its packer" in plain.stderr
    assert "Traceback" not in plain.stderr

    code, journal, _ = run_json("journal", "--pending", env=env)  # still open, for the bench
    assert [cycle["order_id"] for cycle in journal["cycles"]] == ["A102"]

    # the packer goes on at the bench: the items stay checked, the three boxes are entered
    code, packed, stderr = run_json("pack", "A102", *A102_BOXES, env=env)
    assert code == 0, stderr
    assert len(packed["parcels"]) == 3
    labels = live_labels(sandbox, "A102")
    assert len(labels) == 3
    assert len(printed(tmp_path)) == 3
    code, again, stderr = run_json("resume", env=env)
    assert code == 0, stderr
    assert again["cycles"] == []
