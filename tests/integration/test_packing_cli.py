"""`packstation pack|resume|reprint|void|journal` as real processes against the real sandbox.

The sandbox runs in this test process; the command line reaches it over loopback. Crash
safety: a `pack` process is killed with SIGKILL right after a chosen step (the composition
root's test-only hook ``PACKSTATION_TEST_KILL_AFTER``), then `resume` must finish the order
with no duplicate label, no lost state, and every label printed exactly once.
"""

from __future__ import annotations

import io
import json
import signal
import sqlite3
import sys
from pathlib import Path

import pypdf
import pytest

from packstation.sandbox import SandboxServer
from tests.integration.conftest import cli_environ, packstation, run_json
from tests.sandbox_queries import live_labels


@pytest.fixture
def env(sandbox: SandboxServer, tmp_path: Path) -> dict[str, str]:
    return cli_environ(sandbox, tmp_path)


def printed(tmp_path: Path) -> list[bytes]:
    """The finished job files: a ``.partial-`` file a killed station left while writing is
    no print (a folder watcher never takes it; the queue writes that job again)."""
    folder = tmp_path / "printed"
    return [p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name[0] != "."]


def items_of(sandbox: SandboxServer, order_id: str) -> list[str]:
    doc = sandbox.state.merchant_orders[order_id]
    return [item["ean"] for item in doc["items"] for _ in range(item["quantity"])]


# ---------------------------------------------------------------------- the commands


def test_pack_with_item_scans_json_result(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path
) -> None:
    code, data, _ = run_json("pack", "A100", "--verify", *items_of(sandbox, "A100"), env=env)
    assert code == 0, data
    assert data["order_id"] == "A100"
    assert data["status"] == "done"
    (label,) = live_labels(sandbox, "A100")
    assert data["tracking_codes"] == [label.tracking_code]
    assert data["shipment_ids"] == [str(label.shipment_id)]
    assert data["printed"] == [True]
    assert Path(data["label_paths"][0]).read_bytes() == printed(tmp_path)[0]
    assert data["states_posted"] == ["in_preparation", "boarding_complete"]
    assert data["customs_needed"] is False
    assert data["customs_ids"] == []
    assert data["warnings"] == []

    again, refused, stderr = run_json("pack", "A100", "--skip-verify", env=env)
    assert again == 10
    assert "already packed" in stderr
    assert refused["tracking_codes"] == [label.tracking_code]

    reprint = packstation("reprint", label.tracking_code, env=env)
    assert reprint.returncode == 0, reprint.stderr
    assert len(printed(tmp_path)) == 2
    assert len(live_labels(sandbox, "A100")) == 1


def test_multi_parcel_with_weights(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path
) -> None:
    code, data, _ = run_json(
        "pack",
        "A109",
        "--skip-verify",
        "--reason",
        "bulky",
        "--parcels",
        "2",
        "--weight-g",
        "1200",
        "2300",
        "--format",
        "pdf",
        env=env,
    )
    assert code == 0, data
    assert [p["weight_g"] for p in data["parcels"]] == [1200, 2300]
    labels = sorted(live_labels(sandbox, "A109"), key=lambda label: label.package_no)
    assert [label.weight_kg for label in labels] == [1.2, 2.3]
    assert [label.format for label in labels] == ["pdf", "pdf"]
    assert all(Path(path).read_bytes().startswith(b"%PDF") for path in data["label_paths"])
    assert len(printed(tmp_path)) == 2  # the ZPL printer gets them converted
    assert data["skip_reason"] == "bulky"


def test_pack_box_by_box_with_weights_and_plain_errors(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path
) -> None:
    """`--box` says what is in each parcel; bad boxes or weights are refused in words and
    nothing is bought; the good split is what the parcels hold."""
    base = ("pack", "A102", "--skip-verify")
    bad = [
        (
            ("--box", "SKU-LAMP-DESK", "--box", "SKU-NOPE,SKU-YOGA-MAT"),
            ["SKU-NOPE is not in order A102 (box 2).", "2 of 2 SKU-COFFEE-1KG are in no box yet."],
        ),
        (
            ("--box", "SKU-LAMP-DESK,SKU-YOGA-MAT,SKU-BACKPACK-20,SKU-COFFEE-1KG:3"),
            ["3 of SKU-COFFEE-1KG are in the boxes, but order A102 has 2."],
        ),
        (
            (*A102_BOXES, "--weight-g", "1500", "2100", "2250", "900"),
            ["4 weights were given for 3 boxes"],
        ),
        (("--box", "SKU-LAMP-DESK:0"), ["the quantity after the colon must be 1 or more"]),
        ((*A102_BOXES, "--parcels", "2"), ["--parcels 2 does not match the 3 --box given"]),
    ]
    for options, expected in bad:
        code, data, stderr = run_json(*base, *options, env=env)
        assert code == 2, (options, stderr)
        assert data["ok"] is False
        for text in expected:
            assert text in stderr, (options, stderr)
        assert "Traceback" not in stderr
    assert live_labels(sandbox, "A102") == []

    code, data, stderr = run_json(*base, *A102_BOXES, "--weight-g", "1500", "2100", "2250", env=env)
    assert code == 0, stderr
    assert [p["weight_g"] for p in data["parcels"]] == [1500, 2100, 2250]
    assert [p["items"] for p in data["parcels"]] == [
        [{"sku": "SKU-LAMP-DESK", "quantity": 1}],
        [{"sku": "SKU-YOGA-MAT", "quantity": 1}, {"sku": "SKU-BACKPACK-20", "quantity": 1}],
        [{"sku": "SKU-COFFEE-1KG", "quantity": 2}],
    ]
    labels = sorted(live_labels(sandbox, "A102"), key=lambda label: label.package_no)
    assert [(label.package_no, label.package_count) for label in labels] == [
        (1, 3),
        (2, 3),
        (3, 3),
    ]
    # the journal records each box's contents when the parcels are set
    with sqlite3.connect(Path(env["PACKSTATION_DATA_DIR"]) / "journal.sqlite3") as db:
        rows = db.execute(
            "SELECT detail FROM journal_events WHERE order_id = 'A102' AND kind = 'cycle_step'"
        ).fetchall()
    (parcels_set,) = [d for (t,) in rows if (d := json.loads(t))["step"] == "parcels_set"]
    assert [[i["sku"] for i in b["items"]] for b in parcels_set["boxes"]] == [
        ["SKU-LAMP-DESK"],
        ["SKU-YOGA-MAT", "SKU-BACKPACK-20"],
        ["SKU-COFFEE-1KG"],
    ]
    assert [b["measured_weight_g"] for b in parcels_set["boxes"]] == [1500, 2100, 2250]


def test_weight_gate_and_packing_slip_on_the_command_line(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path
) -> None:
    """With the gate on, a box off its weight stops `pack` (nothing bought) until it is
    confirmed; the packing slip of a multi-box order prints on the document printer at finish
    and `packstation slip` prints it again from the journal."""
    documents = tmp_path / "documents"
    documents.mkdir()
    env = {
        **env,
        "PACKSTATION_WEIGHT_GATE": "true",
        "PACKSTATION_WEIGHT_TOLERANCE_G": "60",
        "PACKSTATION_PACKING_SLIP": "multi_box",
        "PACKSTATION_MERCHANT_NAME": "Acme Outdoor",
        "PACKSTATION_DOCUMENT_PRINTER": documents.as_uri(),
        "PACKSTATION_BOX_TYPES": json.dumps(
            [
                {
                    "name": "M",
                    "barcode": "BOX-M",
                    "length_mm": 400,
                    "width_mm": 300,
                    "height_mm": 200,
                    "tare_g": 300,
                }
            ]
        ),
    }
    code, data, stderr = run_json("pack", "A102", "--skip-verify", *A102_BOXES, env=env)
    assert code == 11, stderr
    assert "Box 1 of order A102 is not weighed yet" in stderr
    assert "--weight-g" in stderr
    weights = ("--weight-g", "1420", "2330", "2100")  # box 2: 350 g more than its goods
    code, data, stderr = run_json("pack", "A102", "--skip-verify", *A102_BOXES, *weights, env=env)
    assert code == 11, stderr
    assert "Box 2 is 350 g heavier than expected (2.330 kg on the scale, 1.980 kg expected" in (
        stderr
    )
    assert "check for an extra item" in stderr
    assert live_labels(sandbox, "A102") == []
    code, data, stderr = run_json(
        "pack", "A102", "--skip-verify", *A102_BOXES, *weights, "--confirm-weight", env=env
    )
    assert code == 0, stderr
    assert [p["weight_g"] for p in data["parcels"]] == [1420, 2330, 2100]
    (slip,) = sorted(documents.iterdir())
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(slip.read_bytes())).pages
    )
    for expected in ("Acme Outdoor", "Parcel 1 of 3", "Parcel 3 of 3", "Coffee beans, 1 kg"):
        assert expected in text, (expected, text)
    assert text.index("Desk lamp") < text.index("Parcel 2 of 3") < text.index("Yoga mat")

    code, again, stderr = run_json("slip", "A102", env=env)
    assert code == 0, stderr
    assert again["printed"] is True
    assert len(list(documents.iterdir())) == 2
    code, _, stderr = run_json("slip", "A999", env=env)
    assert code == 6
    assert "has not been packed at this station" in stderr


def test_item_problems_and_not_packable_exit_codes(
    sandbox: SandboxServer, env: dict[str, str]
) -> None:
    wrong = items_of(sandbox, "A100")[:1] + items_of(sandbox, "A104")[:1]
    code, data, stderr = run_json("pack", "A100", "--verify", *wrong, env=env)
    assert code == 7
    assert "wrong_item" in stderr
    assert data["ok"] is False
    over = items_of(sandbox, "A104") + items_of(sandbox, "A104")[:1]
    code, data, stderr = run_json("pack", "A104", "--verify", *over, env=env)
    assert code == 7
    assert "over_scan" in stderr
    code, data, stderr = run_json("pack", "A100", env=env)
    assert code == 7  # continued from the journal, still items short: nothing bought
    assert data["missing"]
    assert data["refusal"] == "items_not_scanned"  # the kind the window words
    code, data, stderr = run_json("pack", "A104", env=env)
    assert code == 0, stderr  # every item was counted by the earlier run: it finishes
    assert len(live_labels(sandbox, "A104")) == 1
    code, data, stderr = run_json("pack", "A103", "--skip-verify", env=env)
    assert code == 6
    assert data["reason"] == "already_shipped"
    assert not live_labels(sandbox, "A100")
    assert not live_labels(sandbox, "A103")  # its seeded shipment has no 7S label


def test_void_and_journal(sandbox: SandboxServer, env: dict[str, str], tmp_path: Path) -> None:
    code, data, _ = run_json("pack", "A106", "--skip-verify", env=env)
    assert code == 0
    old = data["tracking_codes"][0]
    code, voided, _ = run_json("void", old, "--reason", "damaged", "--replace", env=env)
    assert code == 0, voided
    new = voided["replacement"]["tracking_code"]
    assert [label.tracking_code for label in live_labels(sandbox, "A106")] == [new]
    assert voided["replacement"]["reference_number"].endswith("-A106-P1-V1")
    code, journal, _ = run_json("journal", env=env)
    assert code == 0
    (cycle,) = journal["cycles"]
    assert [label["status"] for label in cycle["labels"]] == ["voided", "printed"]
    assert cycle["labels"][0]["void_reason"] == "damaged"
    code, pending, _ = run_json("journal", "--pending", env=env)
    assert pending["cycles"] == []
    assert pending["outbox_pending"] == 0


def test_unreachable_7s_keeps_the_order_for_resume(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path
) -> None:
    sandbox.control.fail_next("/v2/labels", method="POST", status=503, count=20)
    code, failed, stderr = run_json("pack", "A100", "--skip-verify", env=env)
    assert code == 5, stderr
    assert failed["unresolved"] is False
    assert "resume" in stderr
    assert not live_labels(sandbox, "A100")
    sandbox.control.faults.clear()
    code, resumed, _ = run_json("resume", env=env)
    assert code == 0, resumed
    assert resumed["cycles"][0]["order_id"] == "A100"
    assert len(live_labels(sandbox, "A100")) == 1
    assert len(printed(tmp_path)) == 1


def test_a_retry_after_of_100000_seconds_ends_pack_at_once(
    sandbox: SandboxServer, env: dict[str, str]
) -> None:
    sandbox.control.fail_next("/v2/labels", method="POST", status=429, retry_after=100000)
    code, failed, stderr = run_json("pack", "A100", "--skip-verify", env=env)
    assert code == 5, stderr
    assert failed["unresolved"] is False
    assert "Try again after" in stderr
    assert "Nothing was bought" in stderr
    assert not live_labels(sandbox, "A100")
    calls = [e for e in sandbox.control.requests() if e.path == "/v2/labels"]
    # one POST, never repeated; besides it only the read of the order's labels at 7S (the
    # bench learns their void generations while the packer scans)
    assert [(e.method, e.status) for e in calls if e.method == "POST"] == [("POST", 429)]
    assert {e.method for e in calls} <= {"POST", "GET"}


# ---------------------------------------------------------------------- crash safety

CRASH_POINTS = [
    "scanned",
    "loaded",
    "items_verified",
    "parcels_set",
    "label_intent:1",
    "label_bought:1",
    "label_stored:2",
    "print_claimed:1",  # a job stored as sending, before its counter mark (nothing sent)
    "print_dispatched:2",  # the mark stored, the label about to be written
    "print_partial:1",  # the label written under its temporary name, not yet in the folder
    "printed:1",
    "label_intent:3",
    "labels",
    "follow_ups",
]


#: the packer's three boxes for the demo's three-parcel order A102
A102_BOXES = (
    "--box",
    "SKU-LAMP-DESK",
    "--box",
    "SKU-YOGA-MAT,SKU-BACKPACK-20",
    "--box",
    "SKU-COFFEE-1KG:2",
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("step", CRASH_POINTS)
def test_sigkill_after_each_step_then_resume(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path, step: str
) -> None:
    killed = packstation(
        "pack",
        "A102",
        "--skip-verify",
        *A102_BOXES,
        env={**env, "PACKSTATION_TEST_KILL_AFTER": step},
    )
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)

    code, resumed, stderr = run_json("resume", env=env)
    if code == 9:  # killed while the packer was still at work: it waits for the packer
        (row,) = resumed["cycles"]
        assert row["waiting_for_packer"], row
        code, _, stderr = run_json("pack", "A102", "--skip-verify", *A102_BOXES, env=env)
    assert code == 0, stderr

    labels = live_labels(sandbox, "A102")
    assert len(labels) == 3
    assert len({label.reference_number for label in labels}) == 3
    jobs = printed(tmp_path)
    for label in labels:  # each label printed exactly once, nothing else printed
        assert sum(label.tracking_code.encode() in job for job in jobs) == 1
    assert len(jobs) == 3
    if step.startswith("print_partial"):  # the killed write left its temporary file behind
        left = [p.name for p in (tmp_path / "printed").iterdir() if p.name[0] == "."]
        assert [name.startswith(".partial-") for name in left] == [True], left
    order = sandbox.state.order_by_order_id("A102")
    assert order is not None
    assert order.boarding_complete is True
    assert "in_preparation" in [entry.state for entry in order.states_history]
    code, journal, _ = run_json("journal", "--pending", env=env)
    assert journal["cycles"] == []
    assert (journal["outbox_pending"], journal["outbox_failed"]) == (0, 0)


def test_states_posted_lists_only_states_7s_confirmed(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    # in_preparation fails until the label is bought; the retry after it is refused as a
    # move backwards: pack --json must not list it as posted
    sandbox.control.fail_next("/v2/order_states", method="POST", status=503, count=6)
    env = cli_environ(
        sandbox,
        tmp_path,
        PACKSTATION_IN_PREPARATION_WAIT_S="0.2",
        PACKSTATION_IN_PREPARATION_RETRY_S="0.1",
    )
    code, data, stderr = run_json("pack", "A100", "--skip-verify", "--reason", "test", env=env)
    assert code == 0, stderr
    assert data["states_posted"] == ["boarding_complete"]
    assert data["outbox_pending"] == []
    assert any("in_preparation" in w and "NOT confirmed" in w for w in data["warnings"])
    assert any("did not take in_preparation" in w for w in data["warnings"])
    order = sandbox.state.order_by_order_id("A100")
    assert order is not None
    assert [h.state for h in order.states_history] == ["new", "paid", "shipped"]
