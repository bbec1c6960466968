"""Finding 10: personal data is readable by its owner only — after a whole chaos run.

Real processes under the usual umask (022) work in a data directory and a log directory that an
older version left readable by everyone (0755 folders, a 0644 log). They pack an order that
needs a commercial invoice while the printer is out of labels (a held print job), finish it with
``resume`` once the labels are back, and reprint it. Afterwards every folder the station keeps
(data, labels, logs) is 0700 and every file in them — journal, WAL, lock, label files, the
invoice, the log — is 0600.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import (
    every_file,
    labels_per_parcel,
    printed_per_label,
    run,
    zebra_environ,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_the_station_keeps_is_private_after_a_chaos_run(
    sandbox: SandboxServer, zebra: VirtualPrinter, tmp_path: Path
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra)
    data = Path(env["PACKSTATION_DATA_DIR"])
    logs = tmp_path / "state" / "packstation" / "log"
    for folder in (data, logs):
        folder.mkdir(parents=True, mode=0o755)
        os.chmod(folder, 0o755)
    old_log = logs / "packstation.log"
    old_log.write_text("2026-12-01 09:00:00 INFO old: order A099 for Anna Müller\n")
    os.chmod(old_log, 0o644)
    zebra.set_faults(paper_out=True)

    packed = run("pack", "A110", "--skip-verify", env=env)
    zebra.set_faults(paper_out=False)
    resumed = run("resume", env=env)
    reprinted = run("reprint", "A110", env=env)

    assert packed.code == 8, packed.stderr  # held: the labels had run out
    assert (resumed.code, reprinted.code) == (0, 0), (resumed.stderr, reprinted.stderr)
    assert labels_per_parcel(sandbox, "A110") == {1: 1}
    assert list(printed_per_label(zebra, packed.data["tracking_codes"]).values()) == [2]

    kept = [data, logs]
    folders = [p for root in kept for p in (root, *root.rglob("*")) if p.is_dir()]
    files = [p for root in kept for p in root.rglob("*") if p.is_file()]
    assert any(p.suffix == ".zpl" for p in files), files  # the label files
    assert any(p.suffix == ".pdf" for p in files), files  # the commercial invoice
    assert any(p.name.startswith("journal.sqlite3") for p in files), files
    assert old_log in files
    assert {str(p.relative_to(tmp_path)): oct(_mode(p)) for p in folders} == {
        str(p.relative_to(tmp_path)): oct(0o700) for p in folders
    }
    assert {str(p.relative_to(tmp_path)): oct(_mode(p)) for p in files} == {
        str(p.relative_to(tmp_path)): oct(0o600) for p in files
    }
    # no file the station wrote anywhere in its home is readable by others
    for path in every_file(tmp_path):
        if "printed" not in path.parts:  # the folder printer's output folder is the test's
            assert _mode(path) & 0o077 == 0, (path, oct(_mode(path)))
