"""SandboxServer life cycle and the foreground runner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx

from packstation.sandbox import SandboxServer


def test_context_manager_on_a_given_port_with_options() -> None:
    with SandboxServer(seed="empty", token_ttl=5, flex=True) as first:
        port = first.port
        assert first.base_url == f"http://127.0.0.1:{port}/v2"
        assert first.root_url == f"http://127.0.0.1:{port}"
        assert first.control.settings.flex is True
        assert first.control.settings.token_ttl == 5
        assert first.state.orders == {}
    # the port is free again and can be asked for explicitly
    with SandboxServer(port=port) as second:
        assert second.port == port
        token = httpx.post(f"{second.base_url}/token", json={"access_key": "test-access-key"})
        assert token.status_code == 200
        assert len(second.state.orders) == 13
    try:
        httpx.get(f"http://127.0.0.1:{port}/v2/carriers", timeout=1)
        reachable = True
    except httpx.TransportError:
        reachable = False
    assert not reachable


def test_run_forever_prints_urls_and_stops_on_ctrl_c() -> None:
    code = (
        "from packstation.sandbox import run_forever;run_forever('127.0.0.1', 0, 'demo', 60, False)"
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        lines = []
        while True:
            line = proc.stdout.readline()
            assert line, "runner exited early"
            lines.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        text = "".join(lines)
        base = next(w for w in text.split() if w.endswith("/v2"))
        assert "test-access-key" in text
        assert "/merchant/orders" in text
        r = httpx.post(f"{base}/token", json={"access_key": "test-access-key"})
        assert r.status_code == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
