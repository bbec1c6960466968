"""A label bought but not finished exits 9 and names it, never 5 or 1 (issue 13 item 8).

A real ``packstation pack`` process talks to the real sandbox through a small loopback proxy
that lets the label purchase through at the sandbox and then misbehaves: it garbles the 2xx
answer, holds the journal locked, or makes the disk "full" for the station process (its file
size limit drops to zero, so every write that grows a file fails) before it hands the answer
back. A failing label download comes from the sandbox's own fault injection. Each time the
exit code is 9 ("bought, not finished: `resume` finishes it") with the tracking code (or the
reference it is looked up by) in the message and in ``--json``, and `resume` then finishes
the order with exactly one label per parcel at the sandbox, printed once.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from packstation.sandbox import SandboxServer
from tests.hostile_http import UNTIL_DROPPED, ForwardingProxy, Rule, json_answer
from tests.integration.conftest import cli_environ, run_json
from tests.sandbox_queries import live_labels

EXIT_IN_FLIGHT = 9
LABELS = "POST /v2/labels"


class HostileProxy(ForwardingProxy):
    """Forwards everything to the sandbox; what it does after the first label purchase went
    through there is ``after_purchase`` (set by the test)."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream)
        self.after_purchase = "pass"  # garble | lock | disk_full | pass
        self.station_pid: int | None = None
        self.journal: Path | None = None
        self.purchases = 0
        self.locked = threading.Event()
        self.release = threading.Event()
        self._refusals: list[Rule] = []

    @property
    def refuse_lookups(self) -> bool:
        """Both links of the label lookup chain answer 503: GET /v2/labels (the look-up by
        reference) and GET /v2/shipments (the order's shipments): 7S cannot be asked."""
        return bool(self._refusals)

    @refuse_lookups.setter
    def refuse_lookups(self, refuse: bool) -> None:
        if refuse and not self._refusals:
            unavailable = json_answer(503, {"title": "Service Unavailable"})
            self._refusals = [
                self.instead("GET", path, unavailable, count=UNTIL_DROPPED, exact=True)
                for path in ("/v2/labels", "/v2/shipments")
            ]
        elif not refuse:
            for rule in self._refusals:
                self.drop(rule)
            self._refusals = []

    def relayed(self, method: str, path: str, upstream: httpx.Response) -> bytes:
        content = upstream.content
        if f"{method} {path}" == LABELS and upstream.is_success:
            with self.lock:
                self.purchases += 1
                first = self.purchases == 1
            if first:
                content = self._misbehave(content)
        return content

    def _misbehave(self, content: bytes) -> bytes:
        if self.after_purchase == "garble":
            return content[: len(content) // 2]  # a 2xx whose JSON breaks off
        if self.after_purchase == "lock":
            threading.Thread(target=self._hold_journal, daemon=True).start()
            assert self.locked.wait(10), "the journal could not be locked"
        if self.after_purchase == "disk_full":
            assert self.station_pid is not None
            # the station's files cannot grow any more: every growing write fails
            os_prlimit(self.station_pid, 0)
        return content

    def _hold_journal(self) -> None:
        """Hold the journal locked until the station has given up writing the purchase (its
        log says so; a busy journal makes a writer wait 10 s first), or the station ends."""
        assert self.journal is not None
        conn = sqlite3.connect(self.journal, isolation_level=None, timeout=10)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            self.locked.set()
            while not self.release.wait(0.1) and not self._station_gave_up():
                pass
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    def _station_gave_up(self) -> bool:
        assert self.journal is not None
        home = self.journal.parent.parent
        return any(
            "is bought but could not be finished" in log.read_text(errors="replace")
            for log in home.rglob("packstation.log")
        )

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        super().__exit__(*exc)


def os_prlimit(pid: int, size: int) -> None:
    import resource

    resource.prlimit(pid, resource.RLIMIT_FSIZE, (size, size))


@pytest.fixture
def proxy(sandbox: SandboxServer) -> Iterator[HostileProxy]:
    with HostileProxy(sandbox.root_url) as running:
        yield running


def through(proxy: HostileProxy, sandbox: SandboxServer, home: Path) -> dict[str, str]:
    env = cli_environ(sandbox, home)
    env["PACKSTATION_API_URL"] = proxy.url + "/v2"
    return env


def pack(env: dict[str, str], proxy: HostileProxy, *args: str) -> tuple[int, dict[str, Any], str]:
    """``packstation pack … --json`` as a process the proxy knows the id of."""
    process = subprocess.Popen(
        [sys.executable, "-m", "packstation", "pack", *args, "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proxy.station_pid = process.pid
    try:
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        proxy.release.set()
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert lines, (process.returncode, stderr)
    return process.returncode, json.loads(lines[-1]), stderr


def printed(home: Path) -> list[bytes]:
    """The finished job files: a ``.partial-`` file a killed station left while writing is
    no print (a folder watcher never takes it; the queue writes that job again)."""
    folder = home / "printed"
    return [p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name[0] != "."]


def resume_finishes_with_one_label_printed_once(
    sandbox: SandboxServer, env: dict[str, str], home: Path, order_id: str, parcels: int
) -> None:
    code, resumed, stderr = run_json("resume", env=env)
    assert code == 0, (stderr, resumed)
    labels = live_labels(sandbox, order_id)
    assert len(labels) == parcels  # nothing bought twice
    jobs = printed(home)
    for label in labels:
        assert sum(label.tracking_code.encode() in job for job in jobs) == 1
    assert len(jobs) == parcels
    code, journal, _ = run_json("journal", "--pending", env=env)
    assert journal["cycles"] == []


@pytest.mark.skipif(sys.platform == "win32", reason="a loopback proxy with POSIX limits")
@pytest.mark.parametrize("fault", ["lock", "disk_full"])
def test_a_journal_or_disk_failure_after_the_purchase_exits_9_naming_the_label(
    sandbox: SandboxServer, proxy: HostileProxy, tmp_path: Path, fault: str
) -> None:
    env = through(proxy, sandbox, tmp_path)
    proxy.journal = tmp_path / "data" / "journal.sqlite3"
    proxy.after_purchase = fault

    code, data, stderr = pack(env, proxy, "A100", "--skip-verify")

    [label] = live_labels(sandbox, "A100")
    assert code == EXIT_IN_FLIGHT, (stderr, data)
    assert data["exit_code"] == EXIT_IN_FLIGHT
    assert data["ok"] is False
    assert data["tracking_codes"] == [label.tracking_code]
    assert label.tracking_code in stderr
    assert "bought" in stderr
    assert "resume" in stderr
    assert "nothing was bought" not in stderr.lower()
    assert printed(tmp_path) == []

    resume_finishes_with_one_label_printed_once(sandbox, env, tmp_path, "A100", 1)


def test_a_failed_download_exits_9_naming_the_label(sandbox: SandboxServer, tmp_path: Path) -> None:
    env = cli_environ(sandbox, tmp_path)
    sandbox.control.fail_next("/v2/label-download", method="GET", status=500, count=20)

    code, data, stderr = run_json("pack", "A100", "--skip-verify", env=env)

    [label] = live_labels(sandbox, "A100")
    assert code == EXIT_IN_FLIGHT, (stderr, data)
    assert data["tracking_codes"] == [label.tracking_code]
    assert label.tracking_code in stderr
    assert "nothing was bought" not in stderr.lower()

    sandbox.control.faults.clear()  # 7S serves the download again
    resume_finishes_with_one_label_printed_once(sandbox, env, tmp_path, "A100", 1)


def test_a_garbled_label_answer_is_looked_up_and_finished(
    sandbox: SandboxServer, proxy: HostileProxy, tmp_path: Path
) -> None:
    env = through(proxy, sandbox, tmp_path)
    proxy.after_purchase = "garble"

    boxes = ("--box", "SKU-LAMP-DESK,SKU-YOGA-MAT", "--box", "SKU-BACKPACK-20,SKU-COFFEE-1KG:2")
    code, data, stderr = pack(env, proxy, "A102", "--skip-verify", *boxes)  # two parcels

    labels = live_labels(sandbox, "A102")
    assert code == 0, (stderr, data)
    assert len(labels) == 2  # the garbled purchase was found by its reference, not repeated
    jobs = printed(tmp_path)
    for label in labels:
        assert sum(label.tracking_code.encode() in job for job in jobs) == 1


def test_a_garbled_label_answer_that_cannot_be_looked_up_exits_9(
    sandbox: SandboxServer, proxy: HostileProxy, tmp_path: Path
) -> None:
    env = through(proxy, sandbox, tmp_path)
    proxy.after_purchase = "garble"
    proxy.refuse_lookups = True

    code, data, stderr = pack(env, proxy, "A100", "--skip-verify")

    [label] = live_labels(sandbox, "A100")
    assert code == EXIT_IN_FLIGHT, (stderr, data)
    assert data["unresolved"] is True
    assert label.reference_number in stderr  # what it is looked up by
    assert "nothing was bought" not in stderr.lower()

    proxy.refuse_lookups = False
    resume_finishes_with_one_label_printed_once(sandbox, env, tmp_path, "A100", 1)
