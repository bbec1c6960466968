"""The private PostgreSQL server of the tests and of ``warehouse up`` does not outlive the
process that started it, even when that process is killed with SIGKILL (no clean-up runs):
its watchdog stops the server (fast shutdown) and ends too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from packstation.sandbox.postgres import PostgresNotInstalled, find_postgres_bin

pytestmark = pytest.mark.skipif(
    find_postgres_bin() is None, reason=str(PostgresNotInstalled("no initdb"))
)

#: A process that starts a private server, says its pids and folder, and waits to be killed.
STARTER = """
import sys
from packstation.sandbox.postgres import PrivatePostgres
pg = PrivatePostgres().start()
print(pg.pid, pg._watchdog.pid, pg.root, flush=True)
sys.stdin.read()
"""


def gone(pid: int) -> bool:
    """No such process, or only its exit status is left (a zombie nobody has reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def wait_until_gone(pids: list[int], timeout: float) -> list[int]:
    """The pids still running after ``timeout`` seconds (none once all are gone)."""
    end = time.monotonic() + timeout
    while True:
        left = [pid for pid in pids if not gone(pid)]
        if not left or time.monotonic() > end:
            return left
        time.sleep(0.1)


def test_a_server_whose_starter_is_killed_with_sigkill_is_stopped(tmp_path: Path) -> None:
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    root: str | None = None
    try:
        assert starter.stdout is not None
        line = starter.stdout.readline()  # once the server takes connections
        if not line:
            assert starter.stderr is not None
            pytest.fail(f"the starter said nothing: {starter.stderr.read()}")
        server, watchdog, root = line.split()
        pids = [int(server), int(watchdog)]
        assert wait_until_gone(pids, 0) == pids  # both running
        os.kill(starter.pid, 9)
        starter.wait(timeout=30)
        # a fast shutdown takes a moment; a loaded machine may take many
        assert wait_until_gone(pids, 90) == []
        log = (Path(root) / "server.log").read_text(errors="replace")
        assert "received fast shutdown request" in log, log[-2000:]
    finally:
        if starter.poll() is None:
            starter.kill()
            starter.wait(timeout=30)
        for pipe in (starter.stdin, starter.stdout, starter.stderr):
            if pipe is not None:
                pipe.close()
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)
