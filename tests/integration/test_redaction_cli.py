"""Secrets echoed by 7S never reach any output channel or file (issue 13 item 6).

A small loopback proxy stands between a real ``packstation pack`` process and the real
sandbox. It passes everything through, except that it refuses the label purchase and the
order states with field-level violations that echo the access key and the bearer token the
station sent. Afterwards stderr, the ``--json`` stdout, ``journal --json``, the log file, the
journal database and every other file the station wrote are searched for both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from tests.hostile_http import UNTIL_DROPPED, ForwardingProxy, echoing_violations
from tests.integration.conftest import cli_environ, packstation

ACCESS_KEY = "test-access-key"  # the sandbox's demo key: what the station sends
ECHOED = ("POST /v2/labels", "POST /v2/order_states")


@pytest.fixture
def proxy(sandbox: SandboxServer) -> Iterator[ForwardingProxy]:
    """Forwards to the sandbox; answers ``ECHOED`` requests with violations echoing secrets."""
    with ForwardingProxy(sandbox.root_url) as running:
        for call in ECHOED:
            method, path = call.split(" ")
            echo = echoing_violations(422, access_key=ACCESS_KEY)
            running.instead(method, path, echo, count=UNTIL_DROPPED, exact=True)
        yield running


def every_file(home: Path) -> Iterator[Path]:
    yield from (p for p in home.rglob("*") if p.is_file())


@pytest.mark.parametrize("verbose", [False, True])
def test_echoed_secrets_reach_no_output_and_no_file(
    sandbox: SandboxServer, proxy: ForwardingProxy, tmp_path: Path, verbose: bool
) -> None:
    env = {**cli_environ(sandbox, tmp_path), "PACKSTATION_API_URL": f"{proxy.url}/v2"}
    flags = ["-v"] if verbose else []
    packed = packstation(*flags, "pack", "A100", "--skip-verify", "--json", env=env)
    journal = packstation(*flags, "journal", "--json", env=env)

    echoed = sum(rule.hits for rule in proxy.rules)
    assert echoed >= 1, packed.stderr  # the label purchase was refused with the echo
    assert proxy.tokens, "the station sent no bearer token"
    assert packed.returncode != 0
    assert "Seven Senders refused" in packed.stderr
    assert "Traceback" not in packed.stderr
    assert journal.returncode == 0, journal.stderr
    logs = [p for p in every_file(tmp_path) if p.suffix == ".log"]
    assert logs, "the station wrote no log file"
    assert any((tmp_path / "data").rglob("journal.sqlite3*"))

    secrets = [ACCESS_KEY, *proxy.tokens]
    outputs = {
        "pack stderr": packed.stderr,
        "pack --json stdout": packed.stdout,
        "journal stderr": journal.stderr,
        "journal --json stdout": journal.stdout,
    }
    for name, text in outputs.items():
        for secret in secrets:
            assert secret not in text, f"{name} holds a secret"
    for path in every_file(tmp_path):
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"{path.relative_to(tmp_path)} holds a secret"
