"""Outer packs at the bench: `packstation pack` as a real process, orders from a real folder,
labels from the real sandbox. A case counts its units; a case more than is open is refused
whole, and the count survives into the next run (journal)."""

from __future__ import annotations

import json
from pathlib import Path

from packstation.domain.barcodes import gs1_check_digit
from packstation.sandbox import SandboxServer
from tests.integration.conftest import cli_environ, run_json
from tests.order_documents import a_document

MUG_EAN = "4006381333931"
CASE_6 = "1400638133393" + str(gs1_check_digit("1400638133393"))


def test_a_case_of_six_counts_six_and_a_second_is_refused(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    folder = tmp_path / "orders"
    folder.mkdir()
    doc = a_document("P100")
    doc["items"] = [
        {"sku": "MUG-1", "ean": MUG_EAN, "name": "Mug", "quantity": 8, "weight_g": 350,
         "packs": [{"barcode": CASE_6, "units": 6}]},
    ]  # fmt: skip
    (folder / "P100.json").write_text(json.dumps(doc), encoding="utf-8")
    env = cli_environ(sandbox, tmp_path)
    env["PACKSTATION_ORDER_SOURCE"] = str(folder)

    code, data, stderr = run_json("pack", "P100", "--verify", CASE_6, CASE_6, env=env)
    assert code != 0, data
    assert "nothing was bought" in stderr
    assert any("only 2 are still open" in problem for problem in data["problems"]), data

    code, data, stderr = run_json("pack", "P100", "--verify", MUG_EAN, MUG_EAN, env=env)
    assert code == 0, (data, stderr)
    assert data["status"] == "done"
    assert len(data["tracking_codes"]) == 1
