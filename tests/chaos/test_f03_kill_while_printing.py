"""Finding 3: a station killed in the print phase prints every label once after ``resume`` —
also when two ``resume`` processes start at the same moment.

``tests/integration/test_packing_cli.py`` kills ``pack`` after each journalled step, printing to
a folder. Here the printer is the virtual Zebra over TCP (``~HS`` and a label counter) and the
kill lands *inside* the print phase, at an exact point of the station's conversation with the
printer: the virtual printer calls the test as a query arrives, and the test sends SIGKILL
while the station waits for the answer. For each label the station asks, in this order: the
counter (the mark stored with the job), ``~HS`` (ready?), the counter again, then sends the job,
``~HS`` and the counter (did it print?). The three-parcel order A102 is packed by a real
process killed at one such query; then ``resume`` runs (in the second test twice at once). 7S
must hold exactly one label per parcel and the printer must have printed each exactly once: the
counter tells the station what happened, so nothing is left to the packer.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import (
    BOXES,
    IN_FLIGHT,
    Ledger,
    assert_plain,
    assert_printed_once_or_told,
    finished,
    labels_per_parcel,
    run,
    spawn,
    zebra_environ,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

#: (query kind, its number in the run) → where the station is when it dies
KILL_POINTS = [
    # claimed, before the counter mark: nothing was sent, and resume sends it once (the
    # print queue stores "dispatched" with the mark before anything goes out)
    pytest.param(("counter", 4), id="label-2-counter-mark"),
    pytest.param(("status", 3), id="label-2-before-the-job"),
    pytest.param(("status", 4), id="label-2-printed-not-heard"),
    pytest.param(("counter", 9), id="label-3-printed-last-count"),
]


def _killed_at(
    env: dict[str, str], zebra: VirtualPrinter, point: tuple[str, int]
) -> tuple[int, Ledger]:
    """``pack A102`` killed when the printer receives query ``point``; its exit code."""
    ledger = Ledger()
    process = spawn("pack", "A102", "--skip-verify", *BOXES["A102"], "--json", env=env)

    def kill(kind: str, number: int) -> None:
        if (kind, number) == point and process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)

    zebra.on_query(kill)
    packed = finished(process)
    ledger.note(packed)
    return packed.code, ledger


@pytest.mark.parametrize("point", KILL_POINTS)
def test_killed_at_a_point_of_printing_resume_prints_each_label_once(
    sandbox: SandboxServer, zebra: VirtualPrinter, tmp_path: Path, point: tuple[str, int]
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra)

    code, ledger = _killed_at(env, zebra, point)

    assert code == -signal.SIGKILL, code
    resumed = run("resume", env=env)
    ledger.note(resumed)

    assert resumed.code == 0, resumed.stderr
    assert labels_per_parcel(sandbox, "A102") == {1: 1, 2: 1, 3: 1}
    prints = assert_printed_once_or_told(sandbox, zebra, "A102", ledger)
    assert list(prints.values()) == [1, 1, 1], (prints, ledger.told)
    assert zebra.label_count == 5003  # nothing else printed


def test_two_resumes_at_once_after_a_kill_print_each_label_once(
    sandbox: SandboxServer, zebra: VirtualPrinter, tmp_path: Path, rng: random.Random
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra)
    # killed once the printer printed a label, before the station heard it (a seeded one)
    label = rng.randint(1, 3)
    code, ledger = _killed_at(env, zebra, ("status", 2 * label))
    assert code == -signal.SIGKILL

    both: list[subprocess.Popen[str]] = [spawn("resume", "--json", env=env) for _ in range(2)]
    one, other = (finished(process) for process in both)
    ledger.note(one, other)

    for ran in (one, other):
        assert_plain(ran)
    # the second either waited its turn and found nothing left, or was told who works
    assert sorted([one.code, other.code]) in ([0, 0], [0, IN_FLIGHT]), (one.stderr, other.stderr)
    for ran in (one, other):
        if ran.code == IN_FLIGHT:
            assert "packstation resume" in ran.stderr, ran.stderr
    assert labels_per_parcel(sandbox, "A102") == {1: 1, 2: 1, 3: 1}
    prints = assert_printed_once_or_told(sandbox, zebra, "A102", ledger)
    assert list(prints.values()) == [1, 1, 1], (label, prints, ledger.told)
    assert zebra.label_count == 5003
