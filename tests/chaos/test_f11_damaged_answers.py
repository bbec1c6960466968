"""A damaged compressed answer reaches the packer in plain words, never as zlib's own text.

``tests/contract/test_contract_hostile.py`` checks the client against a gzip label file whose
check sum is wrong. Here a real ``pack`` process meets it after the label was bought at 7S:
it ends with the documented "label bought, not finished" exit, says the answer was damaged
(its compression broken) without zlib's words or a traceback, and ``resume`` downloads the
real file and prints it once.
"""

from __future__ import annotations

from pathlib import Path

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import (
    IN_FLIGHT,
    ChaosProxy,
    Ledger,
    assert_printed_once_or_told,
    labels_per_parcel,
    run,
    zebra_environ,
)
from tests.hostile_http import damaged_gzip
from tests.sandbox_queries import live_labels


def test_a_damaged_gzip_label_file_is_told_plainly_and_resume_prints_once(
    sandbox: SandboxServer,
    zebra: VirtualPrinter,
    proxy: ChaosProxy,
    tmp_path: Path,
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra, api_url=proxy.base_url)
    rule = proxy.instead("GET", "/v2/label-download", damaged_gzip())
    ledger = Ledger()

    packed = run("pack", "A100", "--skip-verify", env=env)  # no traceback, a documented exit
    ledger.note(packed)
    proxy.drop(rule)
    resumed = run("resume", env=env)
    ledger.note(resumed)

    said = packed.stdout + packed.stderr
    assert packed.code == IN_FLIGHT, (packed.code, packed.stderr)
    assert "was damaged (its compression is broken)" in said, said
    assert "Error -3" not in said, said
    assert "incorrect data check" not in said, said
    [label] = live_labels(sandbox, "A100")
    assert label.tracking_code in packed.stderr, packed.stderr
    assert resumed.code == 0, resumed.stderr
    assert labels_per_parcel(sandbox, "A100") == {1: 1}
    assert list(assert_printed_once_or_told(sandbox, zebra, "A100", ledger).values()) == [1]
