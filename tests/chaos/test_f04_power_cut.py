"""Finding 4: a power cut that cost the journal the cycle never loses the paid label.

The station packs one order (so its journal has a history and its station key), and the data
directory is copied as it then is. The next order's ``pack`` buys its label at 7S and dies
(SIGKILL right after the purchase, before the label is stored or printed); then the data
directory is put back as copied — what a power cut does to a journal whose last transactions
never reached the disk. 7S shows the order shipped; the station knows nothing of it.

``pack`` of that order must not buy a second label (7S holds one per parcel), must not refuse
it as "already shipped" with the label unprinted and nothing to reprint: it looks the label up
by its deterministic reference and prints it — by itself, or when asked with ``--recover`` if
its first answer says so. In the end the label is printed exactly once and ``reprint`` finds it.
"""

from __future__ import annotations

import shutil
import signal
import sys
from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import (
    Ledger,
    expect,
    labels_per_parcel,
    printed_per_label,
    run,
    station,
    zebra_environ,
)
from tests.sandbox_queries import live_labels


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_journal_that_lost_the_cycle_still_gets_the_paid_label_printed_once(
    sandbox: SandboxServer, zebra: VirtualPrinter, tmp_path: Path
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra)
    data = Path(env["PACKSTATION_DATA_DIR"])
    assert run("pack", "A106", "--skip-verify", env=env).code == 0
    before = tmp_path / "data-before-the-cycle"
    shutil.copytree(data, before)

    killed = station(
        "pack",
        "A100",
        "--skip-verify",
        env={**env, "PACKSTATION_TEST_KILL_AFTER": "label_bought:1"},
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert labels_per_parcel(sandbox, "A100") == {1: 1}  # paid
    shutil.rmtree(data)
    shutil.copytree(before, data)  # the power cut: the journal never had the cycle
    ledger = Ledger()

    packed = run("pack", "A100", "--skip-verify", env=env)
    ledger.note(packed)
    if packed.code != 0 and "--recover" in packed.stderr:  # the packer is offered the label
        packed = run("pack", "A100", "--recover", "--skip-verify", env=env)
        ledger.note(packed)

    assert labels_per_parcel(sandbox, "A100") == {1: 1}  # never bought twice
    [label] = live_labels(sandbox, "A100")
    expect(packed.code == 0, (packed.code, packed.stderr))
    assert printed_per_label(zebra, [label.tracking_code]) == {label.tracking_code: 1}
    # confirmed, or (a busy machine: the confirmation time ran out) sent and the packer told
    assert ledger.told.get(label.tracking_code) in ("printed", "sent_unconfirmed"), ledger.told
    reprinted = run("reprint", "A100", env=env)
    assert reprinted.code == 0, reprinted.stderr
    assert printed_per_label(zebra, [label.tracking_code]) == {label.tracking_code: 2}
