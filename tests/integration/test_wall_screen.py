"""The wall-screen page (issue 15): ``packstation shift --serve`` as a subprocess on a real
PostgreSQL (a private server of the test session), loaded in headless Chromium; the test reads
the figures from the page's DOM, changes the floor, and sees the page refresh itself."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from packstation.adapters.warehouse_pg import PostgresWarehouse
from packstation.domain.warehouse import BenchId, WarehouseCustoms
from packstation.sandbox.postgres import free_port
from tests.chromium_support import NOT_INSTALLED, HeadlessChromium, find_chromium
from tests.integration.conftest import packstation, station_environ

SERVE = ("shift", "--serve", "0", "--refresh", "1", "--json")
ONE = BenchId("wall-1-key", "bench-1")
TWO = BenchId("wall-2-key", "bench-2")

ROWS = """[...document.querySelectorAll('#benches tbody tr')].map(
    (r) => [...r.cells].map((c) => c.textContent))"""
CLAIMS = """[...document.querySelectorAll('#claims li[data-order]')].map((li) => li.textContent)"""


@contextlib.contextmanager
def served(dsn: str, tmp_path: Path, **extra: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``shift --serve 0`` on the store at ``dsn``, running; its URL and process."""
    env = station_environ(
        tmp_path,
        PACKSTATION_DATA_DIR=str(tmp_path / "data"),
        PACKSTATION_WAREHOUSE_DB=dsn,
        PACKSTATION_STATION_NAME="wall",
        PACKSTATION_PICKUP_SCHEDULE="Mon-Sun 16:00",
        **extra,
    )
    log = tmp_path / "serve.log"
    with log.open("w") as errors:  # a file: the server never blocks on a full pipe
        process = subprocess.Popen(
            [sys.executable, "-m", "packstation", *SERVE],
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the one line it prints: where it serves
        if not line:
            process.wait(10)
            raise AssertionError(log.read_text())
        yield json.loads(line)["serving"], process
    finally:
        process.terminate()  # our own child, by its pid
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def serving(warehouse_db: str, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with served(warehouse_db, tmp_path) as found:
        yield found


def run(coro: object) -> None:
    asyncio.run(coro)  # type: ignore[arg-type]


def test_the_wall_screen_shows_the_floor_and_refreshes_itself(
    warehouse_db: str, serving: tuple[str, subprocess.Popen[str]]
) -> None:
    binary = find_chromium()
    if binary is None:
        pytest.skip(NOT_INSTALLED)
    url, process = serving

    async def floor(*steps: str) -> None:
        store = PostgresWarehouse(warehouse_db)
        try:
            for step in steps:
                if step == "benches":
                    await store.heartbeat(ONE, "Anna", [], 90, {"outbox_pending": 2})
                    await store.heartbeat(TWO, "Ben", [], 90)
                elif step == "claim":
                    await store.claim("A100", ONE, "Anna", 90)
                elif step == "overdue":
                    late = datetime.now(UTC) - timedelta(hours=2)
                    await store.publish_customs(TWO, [WarehouseCustoms("s1", "A102", 1, "", late)])
        finally:
            await store.close()

    run(floor("benches"))
    with HeadlessChromium(binary) as browser:
        browser.navigate(url)
        browser.wait_for("document.querySelectorAll('#benches tbody tr').length === 2")
        rows = browser.evaluate(ROWS)
        assert [r[:3] for r in rows] == [
            ["bench-1", "online", "Anna"],
            ["bench-2", "online", "Ben"],
        ]
        assert rows[0][7] == "2"  # bench-1's outbox, from its heartbeat
        summary = browser.evaluate("document.getElementById('summary').textContent")
        assert summary.endswith("2 of 2 benches online")
        assert browser.evaluate(CLAIMS) == []
        due = browser.evaluate("document.getElementById('next-manifest').textContent")
        assert due.startswith("Next manifest due: pick-up ")
        assert " 16:00, 0 customs shipment(s)" in due  # the station's pick-up time, its own zone
        refreshes = int(browser.evaluate("document.body.dataset.refreshes"))

        # the floor changes; nothing is reloaded: the page asks again by itself
        run(floor("claim", "overdue"))
        claims = browser.wait_for(f"(() => {{ const c = {CLAIMS}; return c.length && c; }})()")
        assert claims[0].startswith("A100: bench-1 · Anna · since ")
        browser.wait_for("document.getElementById('next-manifest').className === 'overdue'")
        due = browser.evaluate("document.getElementById('next-manifest').textContent")
        assert "1 customs shipment(s) (bench-2) — OVERDUE" in due
        assert int(browser.evaluate("document.body.dataset.refreshes")) > refreshes
        assert "refreshed by itself" in browser.evaluate(
            "document.getElementById('state').textContent"
        )
    assert process.poll() is None  # the server runs on


def test_the_wall_screen_is_read_only_and_answers_plainly(
    serving: tuple[str, subprocess.Popen[str]],
) -> None:
    url, _ = serving
    with urllib.request.urlopen(url + "health", timeout=10) as answer:
        assert answer.read() in (b"ok\n", b"store offline\n")
    with urllib.request.urlopen(url + "shift.json", timeout=10) as answer:
        assert answer.headers["Cache-Control"] == "no-store"
        data = json.load(answer)
    assert set(data) == {"online", "state", "offline_since", "read_at", "figures"}
    for method in ("POST", "DELETE"):
        request = urllib.request.Request(url + "shift.json", data=b"{}", method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        refused.value.close()
        assert refused.value.code == 405
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + "settings", timeout=10)
    missing.value.close()
    assert missing.value.code == 404


def _offline_figures(url: str) -> tuple[bytes, dict[str, Any]]:
    """``shift.json`` once the first read of the figures has failed (raw and parsed)."""
    for _ in range(100):  # the first read may still be on its way
        with urllib.request.urlopen(url + "shift.json", timeout=10) as answer:
            raw = answer.read()
        data = json.loads(raw)
        if data["state"] != "not_read":
            return raw, data
        time.sleep(0.1)
    raise AssertionError(f"the figures were never tried: {data}")


def test_with_the_store_down_the_page_says_so_and_the_server_stays_up(tmp_path: Path) -> None:
    port = free_port()
    dead = f"postgresql://wallrole@127.0.0.1:{port}/walldb"
    with served(dead, tmp_path) as (url, process):
        raw, data = _offline_figures(url)
        assert (data["online"], data["figures"], data["state"]) == (False, None, "offline")
        assert datetime.fromisoformat(data["offline_since"]).tzinfo is not None
        for secret in (b"127.0.0.1", str(port).encode(), b"wallrole", b"walldb"):
            assert secret not in raw  # the page is public: the details go to the log only
        with urllib.request.urlopen(url + "health", timeout=10) as answer:
            assert answer.read() == b"store offline\n"
        assert process.poll() is None
    logged = (tmp_path / "serve.log").read_text()
    assert "the wall screen cannot read the figures" in logged
    assert f"127.0.0.1:{port}" in logged
    assert logged.count("the wall screen cannot read the figures") == 1  # once per outage


def test_with_the_store_down_the_german_page_says_so_in_german(tmp_path: Path) -> None:
    binary = find_chromium()
    if binary is None:
        pytest.skip(NOT_INSTALLED)
    port = free_port()
    dead = f"postgresql://wallrole@127.0.0.1:{port}/walldb"
    with (
        served(dead, tmp_path, PACKSTATION_LANGUAGE="de") as (url, _),
        HeadlessChromium(binary) as browser,
    ):
        _offline_figures(url)
        browser.navigate(url)
        state = browser.wait_for(
            "(() => { const s = document.getElementById('state');"
            " return s && s.className === 'offline' && s.textContent; })()"
        )
        assert state.startswith("Die Lager-Datenbank antwortet nicht (seit "), state
        assert state.endswith(" UTC). Noch keine Zahlen."), state
        page = browser.evaluate("document.body.innerText")
        for secret in ("127.0.0.1", str(port), "wallrole", "walldb", "postgres", "connect"):
            assert secret not in page, page


def test_a_port_in_use_is_refused_in_plain_words(tmp_path: Path) -> None:
    env = station_environ(
        tmp_path,
        PACKSTATION_DATA_DIR=str(tmp_path / "data"),
        PACKSTATION_WAREHOUSE_DB=f"postgresql://packstation@127.0.0.1:{free_port()}/wh",
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = packstation("shift", "--serve", str(port), "--json", env=env)
    assert result.returncode == 3, result.stderr
    assert f"The wall screen cannot be served on 127.0.0.1:{port}: " in result.stderr
    assert json.loads(result.stdout)["ok"] is False


def test_the_wall_screen_speaks_the_stations_language(warehouse_db: str, tmp_path: Path) -> None:
    binary = find_chromium()
    if binary is None:
        pytest.skip(NOT_INSTALLED)

    async def one_bench() -> None:
        store = PostgresWarehouse(warehouse_db)
        try:
            await store.heartbeat(ONE, "Anna", [], 90)
        finally:
            await store.close()
        with psycopg.connect(warehouse_db, autocommit=True) as conn:  # 203 held orders
            conn.execute(
                "INSERT INTO order_claims (order_id, bench_key, bench_name, expires_at) "
                "SELECT 'H' || g, 'wall-1-key', 'bench-1', now() + interval '1 hour' "
                "FROM generate_series(1, 203) g"
            )

    run(one_bench())
    with (
        served(warehouse_db, tmp_path, PACKSTATION_LANGUAGE="de") as (url, _),
        HeadlessChromium(binary) as browser,
    ):
        browser.navigate(url)
        browser.wait_for("document.querySelectorAll('#benches tbody tr').length === 1")
        headers = browser.evaluate(
            "[...document.querySelectorAll('#benches th')].map((h) => h.textContent)"
        )
        assert headers[:4] == ["Packplatz", "Status", "Packer", "Gepackt"]
        assert browser.evaluate(ROWS)[0][:3] == ["bench-1", "verbunden", "Anna"]
        summary = browser.evaluate("document.getElementById('summary').textContent")
        assert summary.endswith("1 von 1 Packplätzen verbunden")
        due = browser.evaluate("document.getElementById('next-manifest').textContent")
        assert due.startswith("Nächstes Manifest fällig: Abholung ")
        assert browser.evaluate("document.documentElement.lang") == "de"
        assert len(browser.evaluate(CLAIMS)) == 200  # the rest counted, in German
        more = browser.evaluate("document.querySelector('#claims li.more').textContent")
        assert more == "+3 weitere"


async def _ask(port: int, request: bytes, *, then_wait: bool = False) -> bytes:
    """Send ``request`` over a real socket to 127.0.0.1:``port``; the whole answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        if not then_wait:
            writer.write_eof()
        async with asyncio.timeout(30):
            return await reader.read()
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


def test_bad_requests_get_a_plain_answer_and_connections_are_bounded(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from packstation.adapters.wall_screen import WallScreen

    async def scenario() -> dict[str, bytes]:
        screen = WallScreen(request_timeout_s=0.5, max_connections=2)
        _, port = await screen.start("127.0.0.1", 0)
        answers: dict[str, bytes] = {}
        try:
            answers["truncated"] = await _ask(port, b"GET /shift.json HTTP/1.1\r\nHost: x\r\n")
            answers["oversized"] = await _ask(
                port, b"GET / HTTP/1.1\r\nX-Filler: " + b"a" * 20_000 + b"\r\n\r\n"
            )
            answers["slow"] = await _ask(port, b"GET / HTTP/1.1\r\n", then_wait=True)
            # two slow clients hold both places; a third is turned away at once
            held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(2)]
            await asyncio.sleep(0.05)  # the server has taken both in
            answers["third"] = await _ask(port, b"GET /health HTTP/1.1\r\n\r\n")
            for _, writer in held:
                writer.close()
            await asyncio.sleep(0.1)  # both places free again
            answers["after"] = await _ask(port, b"GET /health HTTP/1.1\r\n\r\n")
        finally:
            await screen.close()
        return answers

    with caplog.at_level("DEBUG"):
        answers = asyncio.run(scenario())
    assert answers["truncated"].startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert answers["oversized"].startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")
    assert answers["slow"].startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert answers["third"].startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
    assert answers["after"].startswith(b"HTTP/1.1 200 OK\r\n")
    assert answers["after"].endswith(b"\r\n\r\nstore offline\n")
    problems = [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert problems == [], [r.getMessage() for r in problems]


def test_the_documented_paths_are_exactly_those_answered_to_get_and_head() -> None:
    from packstation.adapters.wall_screen import WallScreen

    doc = (Path(__file__).resolve().parents[2] / "docs" / "warehouse.md").read_text("utf-8")
    table = doc.split("| path | answer |", 1)[1].split("\n\n", 1)[0]
    documented = {p for line in table.splitlines()[2:] for p in line.split("|")[1].split("`")[1::2]}
    assert documented == {"/", "/index.html", "/wall.js", "/shift.json", "/health"}

    async def scenario() -> dict[tuple[str, str], bytes]:
        screen = WallScreen()
        _, port = await screen.start("127.0.0.1", 0)
        try:
            return {
                (method, path): await _ask(port, f"{method} {path}?x=1 HTTP/1.1\r\n\r\n".encode())
                for method in ("GET", "HEAD")
                for path in (*sorted(documented), "/shift", "/wall.css")
            }
        finally:
            await screen.close()

    answers = asyncio.run(scenario())
    for path in documented:
        got, head = answers["GET", path], answers["HEAD", path]
        assert got.startswith(b"HTTP/1.1 200 OK\r\n"), path
        header, body = got.split(b"\r\n\r\n", 1)
        assert body
        assert f"Content-Length: {len(body)}\r\n".encode() in header
        assert head.endswith(b"\r\n\r\n"), path  # no body
        # the same header (shift.json's length may differ by its time: read again)
        assert _without_length(head) == _without_length(header + b"\r\n\r\n"), path
    for method in ("GET", "HEAD"):
        for path in ("/shift", "/wall.css"):
            assert answers[method, path].startswith(b"HTTP/1.1 404 Not Found\r\n")


def _without_length(header: bytes) -> list[bytes]:
    return [line for line in header.split(b"\r\n") if not line.startswith(b"Content-Length:")]
