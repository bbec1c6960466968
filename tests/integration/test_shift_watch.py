"""``packstation shift --watch`` (issue 15) as a subprocess on a private PostgreSQL that the test
stops and starts again: live (the store's LISTEN/NOTIFY) while the store can be listened to,
polling while it cannot, saying so once per outage, and live again by itself afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import psycopg
import pytest

from packstation.adapters.warehouse_pg import PostgresWarehouse
from packstation.cli.exits import ExitCode
from packstation.domain.warehouse import BenchId
from packstation.sandbox.postgres import PrivatePostgres, free_port
from tests.integration.conftest import packstation, station_environ

ONE = BenchId("watch-1-key", "bench-1")


class Lines:
    """What a running command prints, line by line, read by a thread of its own (the test never
    blocks on the pipe, and waits for a line with a deadline)."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def until(self, wanted: Callable[[str], bool], timeout: float = 20.0) -> str:
        """The next line for which ``wanted`` holds (lines before it are passed over)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"the command ended; its last lines: {self.seen[-5:]}")
            self.seen.append(line)
            if wanted(line):
                return line
        raise AssertionError(f"no such line within {timeout} s; the last ones: {self.seen[-5:]}")

    def json_until(self, wanted: Callable[[dict[str, Any]], bool], timeout: float = 20.0) -> Any:
        line = self.until(lambda text: bool(text.strip()) and wanted(json.loads(text)), timeout)
        return json.loads(line)


@contextlib.contextmanager
def watching(env: dict[str, str], *args: str) -> Iterator[tuple[Lines, subprocess.Popen[str]]]:
    """``packstation shift --watch 1 ARGS``, running; its lines (stdout) and process."""
    process = subprocess.Popen(
        [sys.executable, "-m", "packstation", "shift", "--watch", "1", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield Lines(process.stdout), process
    finally:
        process.terminate()  # our own child, by its pid
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def claim(dsn: str, order_id: str) -> None:
    async def go() -> None:
        store = PostgresWarehouse(dsn)
        try:
            await store.claim(order_id, ONE, "Anna", 600)
        finally:
            await store.close()

    asyncio.run(go())


def claimed(data: dict[str, Any]) -> list[str]:
    return [c["order_id"] for c in data["claims"]]


def test_shift_watch_is_live_polls_while_the_store_is_down_and_listens_again(
    tmp_path: Path,
) -> None:
    with PrivatePostgres() as server:  # a server of its own: this test stops it
        env = station_environ(
            tmp_path,
            PACKSTATION_DATA_DIR=str(tmp_path / "data"),
            PACKSTATION_WAREHOUSE_DB=server.dsn,
            PACKSTATION_STATION_NAME="lead",
        )
        with watching(env, "--json") as (lines, process):
            first = lines.json_until(lambda d: d["ok"] and d["live"], timeout=60)  # started
            assert claimed(first) == []
            # listening, the view reads again after a notification, or after 30 s anyway (not
            # within this wait): with nothing to announce it, A100 would not be shown yet
            claim(server.dsn, "A100")
            seen = lines.json_until(lambda d: claimed(d) == ["A100"])
            assert seen["live"] is True

            with psycopg.connect(server.dsn, autocommit=True) as conn:
                conn.execute("CHECKPOINT")  # A100 on disk: the test server commits async
            server.stop_now()
            down = lines.json_until(lambda d: not d["ok"])
            assert down["exit_code"] == ExitCode.API
            assert "cannot be used" in down["error"]
            assert (down["live"], down["warehouse"]["online"]) == (False, False)
            assert process.poll() is None  # the view goes on

            server.start_again()
            back = lines.json_until(lambda d: d["ok"], timeout=30)  # polled every second
            assert claimed(back) == ["A100"]
            # said once per outage: no second error between the first and the figures again
            assert sum(not json.loads(line)["ok"] for line in lines.seen if line.strip()) == 1
            lines.json_until(lambda d: d["ok"] and d["live"], timeout=60)  # listens again
            claim(server.dsn, "A101")
            again = lines.json_until(lambda d: "A101" in claimed(d))
            assert (claimed(again), again["live"]) == (["A100", "A101"], True)

        with watching(env) as (lines, process):  # for people: which way it refreshes
            lines.until(lambda text: text.startswith("Since "), timeout=60)
            lines.until(lambda text: "live: shown again when the floor changes" in text)
            claim(server.dsn, "A102")
            lines.until(lambda text: text.startswith("  claimed: A102 at bench-1 since "))


@pytest.mark.parametrize("output", [(), ("--json",)], ids=["text", "json"])
def test_shift_watch_fails_at_once_when_the_store_does_not_answer_at_first(
    tmp_path: Path, output: tuple[str, ...]
) -> None:
    env = station_environ(
        tmp_path,
        PACKSTATION_DATA_DIR=str(tmp_path / "data"),
        PACKSTATION_WAREHOUSE_DB=f"postgresql://nobody@127.0.0.1:{free_port()}/none",
    )
    result = packstation("shift", "--watch", "1", *output, env=env)
    assert result.returncode == ExitCode.API, result.stderr
    assert "cannot be used" in result.stderr
    assert "Traceback" not in result.stderr
    if output:
        answer = json.loads(result.stdout.splitlines()[-1])
        assert (answer["ok"], answer["warehouse"]["online"]) == (False, False)
