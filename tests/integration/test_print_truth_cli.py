"""`packstation pack` against the virtual Zebra over loopback TCP, with the printer misbehaving:
the exit code, `--json` (`printed`, `print_state`) and the printer's own record of what it got
and printed agree — a label is "printed" only when the printer confirmed it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.integration.conftest import cli_environ, run_json

EXIT_OK, EXIT_PRINTER = 0, 8


@pytest.fixture
def zebra() -> Iterator[VirtualPrinter]:
    with VirtualPrinter() as printer:
        yield printer


def _env(sandbox: SandboxServer, home: Path, zebra: VirtualPrinter, **uri: str) -> dict[str, str]:
    options = "&".join(f"{k}={v}" for k, v in {"timeout": "1", "confirm": "2", **uri}.items())
    env = cli_environ(
        sandbox, home, PACKSTATION_PRINTER_LANGUAGE="zpl", PACKSTATION_PRINTER_DPI="203"
    )
    env["PACKSTATION_PRINTER"] = f"{zebra.uri}?{options}"
    return env


def test_a_confirmed_print_is_printed(
    sandbox: SandboxServer, tmp_path: Path, zebra: VirtualPrinter
) -> None:
    zebra.set_label_counter(True, start=1000)

    code, data, _ = run_json("pack", "A100", "--skip-verify", env=_env(sandbox, tmp_path, zebra))

    assert code == EXIT_OK, data
    [parcel] = data["parcels"]
    assert parcel["printed"] is True
    assert parcel["print_state"] == "printed"
    assert data["printed"] == [True]
    assert zebra.wait_for_jobs(1, printed=True)
    assert zebra.label_count == 1001


def test_a_printer_that_never_reads_is_sent_unconfirmed_not_printed(
    sandbox: SandboxServer, tmp_path: Path, zebra: VirtualPrinter
) -> None:
    zebra.never_read(True)

    code, data, stderr = run_json(
        "pack", "A100", "--skip-verify", env=_env(sandbox, tmp_path, zebra)
    )

    assert code == EXIT_OK, data  # the label went out; nothing more the station can do
    [parcel] = data["parcels"]
    assert parcel["printed"] is False
    assert parcel["print_state"] == "sent_unconfirmed"
    assert data["printed"] == [False]
    assert "unconfirmed" in stderr
    assert zebra.ignored_connections >= 1
    assert zebra.jobs() == []


def test_a_silent_head_open_zebra_is_sent_unconfirmed(
    sandbox: SandboxServer, tmp_path: Path, zebra: VirtualPrinter
) -> None:
    zebra.answer_when_faulted(False)
    zebra.set_faults(head_open=True)

    code, data, stderr = run_json(
        "pack", "A100", "--skip-verify", env=_env(sandbox, tmp_path, zebra)
    )

    assert code == EXIT_OK, data
    assert data["parcels"][0]["print_state"] == "sent_unconfirmed"
    assert data["printed"] == [False]
    assert "check that the label came out" in stderr.lower()
    assert zebra.wait_for_jobs(1)
    assert zebra.printed() == []  # it waits under the open head


def test_a_reset_mid_job_is_held_and_resume_prints_it_once(
    sandbox: SandboxServer, tmp_path: Path, zebra: VirtualPrinter
) -> None:
    zebra.reset_after(100)
    env = _env(sandbox, tmp_path, zebra)

    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=env)

    assert code == EXIT_PRINTER, data
    assert data["parcels"][0]["print_state"] == "held"
    assert data["printed"] == [False]
    assert "did not print" in stderr
    assert zebra.wait_for_jobs(1)
    [broken] = zebra.jobs()
    assert broken.interrupted
    assert not broken.printed

    code, resumed, _ = run_json("resume", env=env)

    assert code == EXIT_OK, resumed
    assert zebra.wait_for_jobs(2)
    assert [(j.interrupted, j.printed) for j in zebra.jobs()] == [(True, False), (False, True)]
    assert zebra.label_count == 1


def test_paper_out_right_after_the_job_is_held_and_not_printed_twice(
    sandbox: SandboxServer, tmp_path: Path, zebra: VirtualPrinter
) -> None:
    zebra.fault_after_next_job(paper_out=True)
    env = _env(sandbox, tmp_path, zebra)

    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=env)

    assert code == EXIT_PRINTER, data
    assert data["parcels"][0]["print_state"] == "held"
    assert "the labels have run out" in stderr
    assert zebra.wait_for_jobs(1)
    assert zebra.printed() == []

    zebra.set_faults(paper_out=False)  # labels loaded: the buffered label prints
    assert zebra.wait_for_jobs(1, printed=True)
    code, resumed, _ = run_json("resume", env=env)

    assert code == EXIT_OK, resumed
    assert len(zebra.jobs()) == 1  # the station saw it printed: not sent again
    assert zebra.label_count == 1


@pytest.mark.parametrize("it_printed", [False, True])
def test_killed_while_printing_resume_reports_may_have_printed_and_the_packer_chooses(
    sandbox: SandboxServer, tmp_path: Path, zebra: VirtualPrinter, it_printed: bool
) -> None:
    # a printer without status that never reads: the job is on its way when the station dies
    zebra.never_read(True)
    env = _env(sandbox, tmp_path, zebra, status="none", confirm="60")
    process = subprocess.Popen(
        [sys.executable, "-m", "packstation", "pack", "A100", "--skip-verify", "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while zebra.ignored_connections < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert zebra.ignored_connections == 1, "the station never connected to the printer"
        time.sleep(1.0)  # the job is written and the station waits for the printer
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    zebra.never_read(False)

    code, data, stderr = run_json("resume", env=env)

    assert code == EXIT_PRINTER, data
    [row] = data["cycles"]
    [parcel] = row["parcels"]
    assert parcel["may_have_printed"] is True
    assert parcel["print_state"] == "may_have_printed"
    assert parcel["printed"] is False
    assert "may have printed" in stderr
    assert "--reprint-uncertain" in stderr
    assert zebra.jobs() == []  # nothing was sent again

    if it_printed:  # the packer found the label in the printer
        code, data, _ = run_json("resume", "--uncertain-printed", env=env)

        assert code == EXIT_OK, data
        [row] = data["cycles"]
        assert row["parcels"][0]["print_state"] == "printed"
        assert zebra.jobs() == []  # nothing sent again
        again, data, _ = run_json("resume", env=env)
        assert (again, data["cycles"]) == (EXIT_OK, [])  # nothing left in flight
        return

    code, data, _ = run_json("resume", "--reprint-uncertain", env=env)

    assert code == EXIT_OK, data
    [row] = data["cycles"]
    assert row["parcels"][0]["print_state"] == "sent_unconfirmed"  # status=none: no proof
    assert zebra.wait_for_jobs(1)
    assert len(zebra.jobs()) == 1


def test_a_second_process_on_the_same_data_directory_is_told_who_holds_it(
    sandbox: SandboxServer, tmp_path: Path, zebra: VirtualPrinter
) -> None:
    # `pack` hangs on a printer that never reads; `resume` must not touch its cycle meanwhile
    zebra.never_read(True)
    env = _env(sandbox, tmp_path, zebra, status="none", confirm="60")
    process = subprocess.Popen(
        [sys.executable, "-m", "packstation", "pack", "A100", "--skip-verify", "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while zebra.ignored_connections < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert zebra.ignored_connections == 1

        code, data, stderr = run_json("resume", env=env)

        assert code == 9, data
        assert data["ok"] is False
        assert f"process {process.pid}" in stderr
        assert "packstation pack A100" in stderr
        assert zebra.ignored_connections == 1  # the second process printed nothing
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    # the killed holder leaves no stale lock: the next process works
    zebra.never_read(False)
    code, data, _ = run_json("resume", "--reprint-uncertain", env=env)
    assert code == EXIT_OK, data
