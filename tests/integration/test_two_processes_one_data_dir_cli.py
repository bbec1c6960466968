"""Two `packstation pack` processes on one data directory, same order (issue 13 item 5).

The first process buys the order's labels and hangs on a printer that never reads. The second
`pack` of the same order is refused by the data directory's lock (exit 9, told which process
holds it) before it makes a single call to Seven Senders, and the first process's label rows
in the journal are untouched. After the first process dies, `resume` finishes the order: one
label per parcel at 7S, each printed once, and `reprint` finds every one of them.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.integration.conftest import cli_environ, run_json
from tests.sandbox_queries import live_labels

EXIT_OK, EXIT_IN_FLIGHT = 0, 9


@pytest.fixture
def zebra() -> Iterator[VirtualPrinter]:
    with VirtualPrinter() as printer:
        yield printer


def label_rows(journal: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT reference_number, status, label_id, tracking_code, updated_at "
            "FROM journal_labels ORDER BY reference_number"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_second_pack_of_the_same_order_stops_before_any_7s_call(
    sandbox: SandboxServer, tmp_path: Path, zebra: VirtualPrinter
) -> None:
    zebra.never_read(True)
    env = cli_environ(
        sandbox, tmp_path, PACKSTATION_PRINTER_LANGUAGE="zpl", PACKSTATION_PRINTER_DPI="203"
    )
    env["PACKSTATION_PRINTER"] = f"{zebra.uri}?status=none&timeout=1&confirm=60"
    journal = tmp_path / "data" / "journal.sqlite3"
    first = subprocess.Popen(
        [sys.executable, "-m", "packstation", "pack", "A102", "--skip-verify", "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while zebra.ignored_connections < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert zebra.ignored_connections == 1, "the first process never reached the printer"
        bought = live_labels(sandbox, "A102")
        assert bought
        while len(label_rows(journal)) < len(bought) and time.monotonic() < deadline:
            time.sleep(0.05)
        rows_before = label_rows(journal)
        calls_before = len(sandbox.control.requests())

        code, data, stderr = run_json("pack", "A102", "--skip-verify", env=env)

        assert code == EXIT_IN_FLIGHT, data
        assert data["ok"] is False
        assert f"process {first.pid}" in stderr
        assert "packstation pack A102" in stderr
        assert len(sandbox.control.requests()) == calls_before  # not one call to 7S
        assert label_rows(journal) == rows_before  # the winner's rows are untouched
        assert zebra.ignored_connections == 1  # and it printed nothing
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    zebra.never_read(False)

    code, data, stderr = run_json("resume", "--reprint-uncertain", env=env)
    assert code == EXIT_OK, (stderr, data)
    labels = live_labels(sandbox, "A102")
    assert len(labels) == len({label.reference_number for label in labels})
    assert len(labels) == len(bought)  # nothing bought by the second process or the resume
    assert zebra.wait_for_jobs(len(labels))
    for label in labels:
        assert sum(label.tracking_code.encode() in job.data for job in zebra.jobs()) == 1
    code, reprinted, _ = run_json("reprint", "A102", env=env)
    assert code == EXIT_OK, reprinted
    assert sorted(item["tracking_code"] for item in reprinted["labels"]) == sorted(
        label.tracking_code for label in labels
    )
