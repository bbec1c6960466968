"""Secrets echoed by 7S never reach any output channel or file (issue 13 item 6).

A small loopback proxy stands between a real ``packstation pack`` process and the real
sandbox. It passes everything through, except that it refuses the label purchase and the
order states with field-level violations that echo the access key and the bearer token the
station sent. Afterwards stderr, the ``--json`` stdout, ``journal --json``, the log file, the
journal database and every other file the station wrote are searched for both.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from packstation.sandbox import SandboxServer
from tests.integration.conftest import cli_environ, packstation

ACCESS_KEY = "test-access-key"  # the sandbox's demo key: what the station sends
ECHOED = ("POST /v2/labels", "POST /v2/order_states")


class EchoingProxy:
    """Forwards to the sandbox; answers ``ECHOED`` requests with violations echoing secrets."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.tokens: set[str] = set()
        self.echoed = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                proxy.handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def handle(self, req: http.server.BaseHTTPRequestHandler) -> None:
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        bearer = req.headers.get("Authorization", "")
        if bearer:
            self.tokens.add(bearer.split(" ", 1)[1])
        if f"{req.command} {req.path.split('?')[0]}" in ECHOED:
            self.echoed += 1
            said = f"access key {ACCESS_KEY} with {bearer} is not allowed"
            answer = {
                "title": "Unprocessable",
                "detail": "see violations",
                "violations": [
                    {"propertyPath": "reference_number", "message": said, "code": ACCESS_KEY},
                    {"propertyPath": bearer, "message": f"the token {bearer[7:]} expired"},
                ],
            }
            self._reply(req, 422, json.dumps(answer).encode(), "application/json")
            return
        headers = {k: v for k, v in req.headers.items() if k.lower() not in ("host",)}
        upstream = httpx.request(
            req.command, self.upstream + req.path, headers=headers, content=body, timeout=30
        )
        content_type = upstream.headers.get("content-type", "application/octet-stream")
        self._reply(req, upstream.status_code, upstream.content, content_type)

    @staticmethod
    def _reply(
        req: http.server.BaseHTTPRequestHandler, status: int, content: bytes, content_type: str
    ) -> None:
        req.send_response(status)
        req.send_header("Content-Type", content_type)
        req.send_header("Content-Length", str(len(content)))
        req.end_headers()
        req.wfile.write(content)

    def __enter__(self) -> EchoingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(sandbox: SandboxServer) -> Iterator[EchoingProxy]:
    with EchoingProxy(sandbox.root_url) as running:
        yield running


def every_file(home: Path) -> Iterator[Path]:
    yield from (p for p in home.rglob("*") if p.is_file())


@pytest.mark.parametrize("verbose", [False, True])
def test_echoed_secrets_reach_no_output_and_no_file(
    sandbox: SandboxServer, proxy: EchoingProxy, tmp_path: Path, verbose: bool
) -> None:
    env = {**cli_environ(sandbox, tmp_path), "PACKSTATION_API_URL": f"{proxy.url}/v2"}
    flags = ["-v"] if verbose else []
    packed = packstation(*flags, "pack", "A100", "--skip-verify", "--json", env=env)
    journal = packstation(*flags, "journal", "--json", env=env)

    assert proxy.echoed >= 1, packed.stderr  # the label purchase was refused with the echo
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
