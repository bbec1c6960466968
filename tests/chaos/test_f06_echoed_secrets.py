"""Finding 6: secrets that 7S echoes back reach no output channel and no file — on every path.

``tests/integration/test_redaction_cli.py`` covers a refused purchase and refused order states
during ``pack``. Here the fault-injecting proxy echoes the access key and the bearer token
(in violation messages, property paths, codes, the title and the detail) through a whole
troubled day of real processes, all with ``-v``:

* ``pack``: the purchase is carried out at 7S but its answer is lost, and the look-ups of its
  outcome are refused with echoes (exit 9, unresolved);
* ``resume``: the label download is refused once with an echo, the order states for good;
* ``pack`` of another order: ``429`` with a day-long ``Retry-After`` and an echoing body;
* ``void``: refused with an echo; ``carriers``: the log-in refused with an echo;
* ``journal --json`` shows the outbox's refusals.

stdout, stderr, the log file, the journal database and every other file are searched for the
key and for every token the station sent. The label itself must end bought once, printed once.
"""

from __future__ import annotations

from pathlib import Path

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import (
    ACCESS_KEY,
    IN_FLIGHT,
    ChaosProxy,
    Ledger,
    Ran,
    assert_printed_once_or_told,
    every_file,
    labels_per_parcel,
    run,
    zebra_environ,
)
from tests.hostile_http import echoing_violations, hang_up
from tests.sandbox_queries import live_labels

FOREVER = 1000


def test_echoed_secrets_through_a_troubled_day_reach_no_channel_and_no_file(
    sandbox: SandboxServer, zebra: VirtualPrinter, proxy: ChaosProxy, tmp_path: Path
) -> None:
    env = zebra_environ(sandbox, tmp_path, zebra, api_url=proxy.base_url)
    ledger = Ledger()
    said: dict[str, Ran] = {}

    proxy.after("POST", "/v2/labels", hang_up)
    # both links of the label lookup chain echo secrets: the label lookup and the order's
    # shipments (its fallback); neither answers, so the outcome stays unknown
    echoes = [
        proxy.instead("GET", path, echoing_violations(422), count=FOREVER)
        for path in ("/v2/labels", "/v2/shipments")
    ]
    said["pack, outcome unknown"] = run("-v", "pack", "A100", "--skip-verify", env=env)
    assert said["pack, outcome unknown"].code == IN_FLIGHT, said["pack, outcome unknown"].stderr
    assert labels_per_parcel(sandbox, "A100") == {1: 1}  # bought at 7S all the same

    proxy.heal()
    echoes.append(proxy.instead("GET", "/v2/label-download", echoing_violations(403)))
    echoes.append(proxy.instead("POST", "/v2/order_states", echoing_violations(422), count=FOREVER))
    for attempt in range(3):
        said[f"resume {attempt}"] = ran = run("-v", "resume", env=env)
        ledger.note(ran)
        if ran.code == 0:
            break
    assert ran.code == 0, ran.stderr

    too_many = echoing_violations(429, extra={"Retry-After": "100000"})
    echoes.append(proxy.instead("POST", "/v2/labels", too_many, count=FOREVER))
    said["pack, 429"] = run("-v", "pack", "A105", "--skip-verify", env=env)
    echoes.append(proxy.instead("DELETE", "/v2/labels", echoing_violations(422), count=FOREVER))
    [label] = live_labels(sandbox, "A100")
    said["void"] = run("-v", "void", label.tracking_code, "--reason", "damaged", env=env)
    said["journal"] = run("-v", "journal", env=env)
    echoes.append(proxy.instead("POST", "/v2/token", echoing_violations(401), count=FOREVER))
    said["carriers"] = run("-v", "carriers", env=env)

    assert all(rule.hits >= 1 for rule in echoes), [(r.method, r.path) for r in echoes]
    assert said["pack, 429"].code == 5, said["pack, 429"].stderr
    assert "Try again after" in said["pack, 429"].stderr
    assert said["void"].code not in (0, 1), said["void"].stderr
    assert said["carriers"].code == 4, said["carriers"].stderr
    assert said["journal"].data["outbox_failed"] >= 1, said["journal"].data  # the refusals
    assert labels_per_parcel(sandbox, "A100") == {1: 1}
    assert labels_per_parcel(sandbox, "A105") == {}
    assert list(assert_printed_once_or_told(sandbox, zebra, "A100", ledger).values()) == [1]

    secrets = [ACCESS_KEY, *proxy.tokens]
    assert len(secrets) >= 2, "the station sent no bearer token"
    for name, ran in said.items():
        for secret in secrets:
            assert secret not in ran.stdout, f"{name}: stdout holds a secret"
            assert secret not in ran.stderr, f"{name}: stderr holds a secret"
    files = list(every_file(tmp_path))
    assert any(p.suffix == ".log" for p in files), "the station wrote no log file"
    assert any(p.name.startswith("journal.sqlite3") for p in files)
    for path in files:
        content = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, f"{path.relative_to(tmp_path)} holds a secret"
