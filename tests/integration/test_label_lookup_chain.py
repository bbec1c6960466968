"""The label lookup's fallback chain against the strict sandbox, whose label list is switched off
(``labels_listed=False``: ``GET /v2/labels`` answers 404, as a 7S without that endpoint would).

The chain (docs/sandbox.md, "Looking a label up"): label lookup → shipments of the order →
stop and tell the packer. ``pack`` and ``resume`` run as subprocesses over loopback HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from packstation.sandbox import SandboxServer
from tests.integration.conftest import cli_environ, run_json
from tests.integration.test_bought_not_finished_cli import (
    EXIT_IN_FLIGHT,
    printed,
    resume_finishes_with_one_label_printed_once,
)
from tests.sandbox_queries import live_labels


@pytest.fixture
def no_label_list(sandbox: SandboxServer) -> Iterator[SandboxServer]:
    sandbox.control.config(labels_listed=False)
    try:
        yield sandbox
    finally:
        sandbox.control.config(labels_listed=True)


def statuses(sandbox: SandboxServer, method: str, path: str) -> list[int | None]:
    return [
        r.status
        for r in sandbox.control.requests()
        if r.method == method and r.path.split("?")[0] == path
    ]


def test_the_switched_off_label_list_is_a_404(no_label_list: SandboxServer) -> None:
    token = no_label_list.control.issue_token()
    with httpx.Client(base_url=no_label_list.base_url + "/") as http:
        auth = {"Authorization": f"Bearer {token}"}
        answer = http.get("labels", params={"order_id": "A100"}, headers=auth)
    assert answer.status_code == 404
    assert no_label_list.control.settings.to_json()["labels_listed"] is False


def test_a_dropped_label_answer_is_found_through_the_orders_shipments(
    no_label_list: SandboxServer, tmp_path: Path
) -> None:
    sandbox = no_label_list
    sandbox.control.drop_next("/v2/labels", method="POST")
    env = cli_environ(sandbox, tmp_path)

    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=env)

    assert code == 0, (data, stderr)
    (label,) = live_labels(sandbox, "A100")  # adopted, never bought a second time
    assert statuses(sandbox, "POST", "/v2/labels") == [None]  # carried out, answer lost
    assert 404 in statuses(sandbox, "GET", "/v2/labels")  # the label lookup is not there
    assert 200 in statuses(sandbox, "GET", "/v2/shipments")  # the shipments answered
    # its file fetched by the label's id from the download path
    assert statuses(sandbox, "GET", f"/v2/label-download/{label.id}") == [200]
    jobs = printed(tmp_path)
    assert len(jobs) == 1
    assert label.tracking_code.encode() in jobs[0]
    assert data["tracking_codes"] == [label.tracking_code]


def test_without_the_label_list_and_the_shipments_the_packer_is_told_then_resume_finishes(
    no_label_list: SandboxServer, tmp_path: Path
) -> None:
    # the old behaviour was exit 9 on every resume without the label list: now only while the
    # shipments cannot be read either; once they answer, resume finishes with the one label
    sandbox = no_label_list
    sandbox.control.drop_next("/v2/labels", method="POST")
    sandbox.control.fail_next("/v2/shipments", method="GET", status=503, count=1000)
    env = cli_environ(sandbox, tmp_path)

    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=env)

    (label,) = live_labels(sandbox, "A100")
    assert code == EXIT_IN_FLIGHT, (data, stderr)
    assert data["unresolved"] is True
    assert label.reference_number in stderr
    assert "neither the label lookup" in stderr
    assert "never a label blind" in stderr
    assert printed(tmp_path) == []

    sandbox.control.faults.clear()  # the shipments answer again; the label list stays off
    resume_finishes_with_one_label_printed_once(sandbox, env, tmp_path, "A100", 1)


def test_an_order_packed_at_another_bench_is_seen_through_its_shipments(
    no_label_list: SandboxServer, tmp_path: Path
) -> None:
    sandbox = no_label_list
    for bench in ("one", "two"):
        (tmp_path / bench).mkdir()
    first = cli_environ(sandbox, tmp_path / "one")
    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=first)
    assert code == 0, (data, stderr)
    (label,) = live_labels(sandbox, "A100")

    other = cli_environ(sandbox, tmp_path / "two")
    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=other)

    assert code != 0
    assert data["packed_elsewhere"] is True, (data, stderr)
    assert data["tracking_codes"] == [label.tracking_code]
    assert len(live_labels(sandbox, "A100")) == 1  # nothing bought at the second bench


def test_recover_finds_the_lost_label_through_the_orders_shipments(
    no_label_list: SandboxServer, tmp_path: Path
) -> None:
    sandbox = no_label_list
    env = cli_environ(sandbox, tmp_path)
    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=env)
    assert code == 0, (data, stderr)
    (label,) = live_labels(sandbox, "A100")
    for journal in (tmp_path / "data").glob("journal.sqlite3*"):
        journal.unlink()  # the journal is lost (a power cut, a disk replaced)

    code, data, stderr = run_json("pack", "A100", "--recover", env=env)

    assert code == 0, (data, stderr)
    assert data["tracking_codes"] == [label.tracking_code]
    assert len(live_labels(sandbox, "A100")) == 1  # nothing bought
    assert sum(label.tracking_code.encode() in job for job in printed(tmp_path)) == 2
