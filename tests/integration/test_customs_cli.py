"""`packstation pack|customs|manifest` for customs, as real processes against the real sandbox.

The sandbox runs in this test process; the command line reaches it over loopback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from packstation.sandbox import SandboxServer
from tests.integration.conftest import cli_environ, packstation, run_json


@pytest.fixture
def env(sandbox: SandboxServer, tmp_path: Path) -> dict[str, str]:
    (tmp_path / "documents").mkdir()
    return cli_environ(
        sandbox,
        tmp_path,
        PACKSTATION_DOCUMENT_PRINTER=(tmp_path / "documents").as_uri(),
        PACKSTATION_MANIFEST_PREFIX="ACME",
        PACKSTATION_PICKUP_SCHEDULE="Mon-Sun 16:00",
        PACKSTATION_PICKUP_TIMEZONE="Europe/Berlin",
    )


def pack(order_id: str, env: dict[str, str]) -> tuple[int, dict[str, Any], str]:
    return run_json("pack", order_id, "--skip-verify", env=env)


def test_switzerland_pack_pending_and_manifest(sandbox: SandboxServer, env: dict[str, str]) -> None:
    code, data, _ = pack("A101", env)
    assert code == 0, data
    (customs,) = data["customs"]
    assert customs["kind"] == "seven_senders_customs"
    assert customs["status"] == "accepted"
    assert customs["incoterm"] == "DDP"
    assert data["customs_ids"] == [customs["customs_id"]]
    assert data["customs_problems"] == []

    code, pending, _ = run_json("customs", "pending", env=env)
    assert code == 0
    assert pending["open"] == []
    (pickup,) = pending["manifest"]["pickups"]
    assert pickup["orders"] == ["A101"]
    assert pending["manifest"]["checked_with_7s"] is True

    code, preview, _ = run_json("manifest", "--pieces", "2", "--dry-run", env=env)
    assert code == 0
    assert preview["dry_run"] is True
    assert preview["manifest_id"].startswith("ACME_M")
    assert sandbox.state.manifests == {}

    code, posted, _ = run_json("manifest", "--pieces", "2", env=env)
    assert code == 0, posted
    assert posted["manifest_id"] == preview["manifest_id"]
    assert posted["orders"] == ["A101"]
    (manifest,) = sandbox.state.manifests.values()
    assert (manifest.manifest_id, manifest.pieces) == (posted["manifest_id"], 2)

    code, nothing, stderr = run_json("manifest", "--pieces", "1", env=env)
    assert code == 6
    assert "No customs shipment of this station is waiting for a manifest" in stderr
    assert nothing["ok"] is False

    text = packstation("customs", "show", "A101", env=env)
    assert text.returncode == 0, text.stderr
    assert "manifested" in text.stdout
    assert "SKU-HOODIE-M" in text.stdout


def test_manifest_id_reused_and_bad_arguments(sandbox: SandboxServer, env: dict[str, str]) -> None:
    assert pack("A101", env)[0] == 0
    code, _, _ = run_json("manifest", "--pieces", "1", "--manifest-id", "ACME_TRUCK_1", env=env)
    assert code == 0
    assert pack("A107", env)[0] == 0
    code, data, stderr = run_json(
        "manifest", "--pieces", "1", "--manifest-id", "ACME_TRUCK_1", env=env
    )
    assert code == 11
    assert "ACME_TRUCK_1 was already used by this station" in stderr
    assert data["error"] == stderr.strip()
    code, _, stderr = run_json("manifest", "--pieces", "1", "--manifest-id", "A/1", env=env)
    assert code == 2
    assert "'/'" in stderr
    code, _, stderr = run_json("manifest", "--pieces", "0", env=env)
    assert code == 2
    assert "--pieces" in stderr
    code, _, stderr = run_json("manifest", "--pieces", "1", "--pickup", "soon", env=env)
    assert code == 2
    assert len(sandbox.state.manifests) == 1


def test_documents_only_invoice_is_printed(
    sandbox: SandboxServer, env: dict[str, str], tmp_path: Path
) -> None:
    code, data, _ = pack("A108", env)
    assert code == 0, data
    (customs,) = data["customs"]
    assert customs["kind"] == "documents_only"
    assert customs["status"] == "documents"
    assert customs["territory"] == "Canary Islands"
    invoice = Path(customs["invoice_path"])
    assert invoice.read_bytes().startswith(b"%PDF")
    printed = [p for p in (tmp_path / "documents").iterdir() if not p.name.startswith(".")]
    assert [p.read_bytes() for p in printed] == [invoice.read_bytes()]
    code, again, _ = run_json("customs", "invoice", "A108", env=env)
    assert code == 0, again
    assert len([p for p in (tmp_path / "documents").iterdir() if not p.name.startswith(".")]) == 2
    # the document printer gone: the invoice is filed, the command says the printer failed (by
    # the note's kind, not its wording)
    gone = dict(env, PACKSTATION_DOCUMENT_PRINTER="tcp://127.0.0.1:9?status=none")
    code, failed, _ = run_json("customs", "invoice", "A108", env=gone)
    assert code == 8, failed  # ExitCode.PRINTER
    (row,) = failed["invoices"]
    assert "did NOT print" in row["note"]
    text = packstation("pack", "A100", "--skip-verify", env=env)
    assert text.returncode == 0, text.stderr
    assert "customs" not in text.stdout


def test_missing_customs_data_fails_with_the_list_then_retry(
    sandbox: SandboxServer, env: dict[str, str]
) -> None:
    doc = dict(sandbox.state.merchant_orders["A107"])
    doc["order_id"] = "C300"
    doc["items"] = [
        {k: v for k, v in item.items() if k not in ("hs_code", "unit_value")} | {"sku": f"N-{i}"}
        for i, item in enumerate(doc["items"])
    ]
    sandbox.control.seed([doc])
    code, data, stderr = pack("C300", env)
    assert code == 13, data
    assert data["parcels"][0]["printed"] is True  # the label is bought and printed
    assert "customs declaration of C300 was NOT sent" in stderr
    assert "packstation customs retry C300" in stderr
    assert "parcel 1/1: articles[0].hs_code: article 1 (N-0): HS code missing" in stderr
    assert "parcel 1/1: articles[1].unit_value: article 2 (N-1): value missing" in stderr
    assert len(data["customs_problems"]) == 4
    code, pending, _ = run_json("customs", "pending", env=env)
    assert [c["status"] for c in pending["open"]] == ["needs_data"]

    code, _, stderr = run_json("customs", "retry", "C300", env=env)
    assert code == 13  # nothing changed yet
    with sandbox.state.lock:  # the merchant fixes the order
        for item in sandbox.state.merchant_orders["C300"]["items"]:
            item["hs_code"] = "620342"
            item["unit_value"] = "10.00"
    code, fixed, stderr = run_json("customs", "retry", "C300", env=env)
    assert code == 0, stderr
    assert [d["status"] for d in fixed["declarations"]] == ["accepted"]
    with sandbox.state.lock:
        (record,) = [c for c in sandbox.state.customs_shipments.values() if c.order_id == "C300"]
    assert {a["hs_code"] for a in record.articles} == {"620342"}


def test_flex_account_has_no_manifest_step(sandbox: SandboxServer, env: dict[str, str]) -> None:
    sandbox.control.config(flex=True)
    flex = {**env, "PACKSTATION_7S_FLEX": "true"}
    code, data, _ = pack("A107", flex)
    assert code == 0, data
    assert [c["status"] for c in data["customs"]] == ["accepted"]
    code, result, stderr = run_json("manifest", "--pieces", "1", env=flex)
    assert code == 14
    assert "not used for Seven Senders Flex accounts" in stderr
    assert result["flex"] is True
    code, pending, _ = run_json("customs", "pending", env=flex)
    assert code == 0
    assert pending["flex"] is True
    assert pending["manifest"] is None
    assert pending["reminder"] is None
    assert sandbox.state.manifests == {}


def test_withdraw_void_replace_and_declare_the_new_parcel(
    sandbox: SandboxServer, env: dict[str, str]
) -> None:
    code, data, _ = pack("A101", env)
    assert code == 0, data
    old_tracking = data["tracking_codes"][0]
    # a customs shipment refers to the shipment: 7S refuses to void its label
    refused = packstation("void", old_tracking, "--reason", "damaged", env=env)
    assert refused.returncode == 5, refused.stderr
    code, withdrawn, stderr = run_json(
        "customs", "withdraw", old_tracking, "--reason", "label damaged", env=env
    )
    assert code == 0, stderr
    assert withdrawn["declaration"]["status"] == "withdrawn"
    with sandbox.state.lock:
        assert not [c for c in sandbox.state.customs_shipments.values() if c.order_id == "A101"]
    code, voided, stderr = run_json(
        "void", old_tracking, "--reason", "damaged", "--replace", env=env
    )
    assert code == 0, stderr
    new_tracking = voided["replacement"]["tracking_code"]
    code, retried, stderr = run_json("customs", "retry", "A101", env=env)
    assert code == 0, stderr
    statuses = {d["tracking_code"]: d["status"] for d in retried["declarations"]}
    assert statuses == {old_tracking: "withdrawn", new_tracking: "accepted"}
    with sandbox.state.lock:
        (record,) = [c for c in sandbox.state.customs_shipments.values() if c.order_id == "A101"]
    assert record.tracking_code == new_tracking
    assert record.invoice_id == "A101-P1-V1"
    code, _, stderr = run_json("customs", "withdraw", "nope", "--reason", "x", env=env)
    assert code == 6
