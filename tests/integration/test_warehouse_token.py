"""Benches sharing one 7S access key through the warehouse store (a real private PostgreSQL) on
the sandbox with ``single_token`` (a new token ends the key's earlier ones, as legacy 7S docs
say): two bench processes never end each other's token, one ``POST /token`` per renewal for the
warehouse; the store holds neither the key nor the token in the clear; with the store down
each bench signs in itself and keeps working."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from packstation.adapters.http_transport import station_http_client
from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.sevensenders_auth import Secret
from packstation.adapters.shared_token import TokenSeal, WarehouseTokenShare
from packstation.adapters.warehouse_pg import PostgresWarehouse
from packstation.composition.connection import Connection, shipping_api
from packstation.sandbox import SandboxServer
from packstation.sandbox.postgres import PrivatePostgres, free_port
from packstation.settings.model import load_settings
from tests.contract.support import logged, token_requests
from tests.integration.conftest import run_json, station_environ

TTL = 3.0  # seconds a sandbox token lives: several renewals while the benches work
WORK = 9.0  # seconds each bench calls 7S

#: One bench: loads its settings like a station (environment), calls 7S for a while through
#: the composition's client, and prints what happened as JSON.
BENCH = """
import asyncio, json, sys, time
from packstation.composition.connection import Connection, shipping_api
from packstation.domain.errors import ShippingApiError
from packstation.settings.model import load_settings

async def main(base, key, seconds):
    settings = load_settings()
    calls, failures = 0, []
    async with shipping_api(settings, Connection(base_url=base, access_key=key)) as api:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                await api.list_carriers()
            except ShippingApiError as exc:
                failures.append(exc.message)
            calls += 1
            await asyncio.sleep(0.05)
    print(json.dumps({"calls": calls, "failures": failures}))

asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
"""


def rows(dsn: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cursor = conn.execute(query)
        return cursor.fetchall() if cursor.description else []


def bench_process(
    sandbox: SandboxServer, home: Path, name: str, warehouse_db: str
) -> subprocess.Popen[str]:
    home.mkdir()
    env = station_environ(
        home,
        PACKSTATION_STATION_NAME=name,
        PACKSTATION_WAREHOUSE_DB=warehouse_db,
        PACKSTATION_DATA_DIR=str(home / "data"),
        PACKSTATION_API_RETRY_DELAY_S="0.02",
    )
    return subprocess.Popen(
        [sys.executable, "-c", BENCH, sandbox.base_url, sandbox.access_key, str(WORK)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_bench_processes_on_one_key_share_the_token(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    sandbox.control.config(single_token=True, token_ttl=TTL)
    benches = [
        bench_process(sandbox, tmp_path / name, name, warehouse_db)
        for name in ("bench-1", "bench-2")
    ]
    results = []
    for proc in benches:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "Traceback" not in err, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    for result in results:
        assert result["failures"] == []  # never "check the access key", never refused twice
        assert result["calls"] > 10
    statuses = [r.status for r in logged(sandbox, "GET", "/v2/carriers")]
    assert statuses.count(200) == sum(r["calls"] for r in results)

    # one POST /token per renewal of the shared token, whichever bench made it
    ((renewals, by),) = rows(warehouse_db, "SELECT renewals, renewed_by FROM api_tokens")
    assert token_requests(sandbox) == renewals
    assert by in ("packstation bench-1", "packstation bench-2")
    # renewed about once per token life for both benches together (their start may differ by
    # seconds on a busy machine), not on every call as when they end each other's tokens
    assert 2 <= renewals <= 2 * WORK / (0.9 * TTL - 1.0) + 2
    # a 401 only where a token ran out between the bench's check and 7S's: never ping-pong
    assert statuses.count(401) <= 2 * renewals

    # the IT person sees the shared token's renewals, never the token
    env = station_environ(tmp_path, PACKSTATION_WAREHOUSE_DB=warehouse_db)
    code, status, _ = run_json("warehouse", "status", env=env)
    assert code == 0
    (shown,) = status["shared_tokens"]
    assert (shown["renewals"], shown["renewed_by"]) == (renewals, by)
    assert len(shown["key"]) == 8
    assert sandbox.access_key not in json.dumps(status)


@pytest.mark.asyncio
async def test_the_store_keeps_neither_the_key_nor_the_token(
    sandbox: SandboxServer, tmp_path: Path, warehouse_db: str
) -> None:
    settings = load_settings(
        warehouse_db=warehouse_db, station_name="bench-1", data_dir=tmp_path / "data"
    )
    connection = Connection(base_url=sandbox.base_url, access_key=sandbox.access_key)
    async with shipping_api(settings, connection) as api:
        await api.list_carriers()
        # the token the bench sends is the one 7S issued: take it from the client's manager
        token = (await api._wire.tokens.token()).reveal()

    ((key_id, sealed, by, renewals),) = rows(
        warehouse_db, "SELECT key_id, sealed, renewed_by, renewals FROM api_tokens"
    )
    assert (by, renewals) == ("packstation bench-1", 1)
    everything = f"{key_id} {by}".encode() + bytes(sealed)
    assert sandbox.access_key.encode() not in everything
    assert token.encode() not in everything
    assert token.split(".")[1].encode() not in everything  # not even the JWT's claims
    seal = TokenSeal(str(api._wire.base), Secret(sandbox.access_key))
    assert key_id == seal.key_id
    opened = seal.open(bytes(sealed))
    assert opened is not None
    assert opened.token.reveal() == token


@pytest.mark.asyncio
async def test_with_the_store_down_a_bench_signs_in_itself_and_shares_again_after(
    sandbox: SandboxServer,
) -> None:
    sandbox.control.config(single_token=True)
    with PrivatePostgres() as server:  # a server of its own: this test stops it
        store = PostgresWarehouse(server.dsn, retry_after_s=0.0, call_timeout_s=2.0)
        seal = TokenSeal(sandbox.base_url.rstrip("/") + "/", Secret(sandbox.access_key))
        share = WarehouseTokenShare(store, seal, clock=time.time)
        try:
            async with station_http_client() as http:
                api = HttpShippingApi(http, sandbox.base_url, sandbox.access_key, token_share=share)
                await api.list_carriers()
                assert rows(server.dsn, "SELECT renewals FROM api_tokens") == [(1,)]

                rows(server.dsn, "CHECKPOINT")
                server.stop_now()
                sandbox.control.expire_tokens()
                assert await api.list_carriers()  # refused, renewed alone, sent again
                assert token_requests(sandbox) == 2

                server.start_again()
                sandbox.control.expire_tokens()
                assert await api.list_carriers()
                assert token_requests(sandbox) == 3
                # shared again: the renewal after the outage is in the store
                assert rows(server.dsn, "SELECT renewals FROM api_tokens") == [(2,)]
        finally:
            await store.close()


@pytest.mark.asyncio
async def test_a_bench_whose_store_cannot_be_reached_makes_its_calls_alone(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    # nothing listens on the address: the bench signs in itself at once, as without a store
    dead = f"postgresql://nobody@127.0.0.1:{free_port()}/packstation"
    settings = load_settings(warehouse_db=dead, station_name="bench-9", data_dir=tmp_path)
    connection = Connection(base_url=sandbox.base_url, access_key=sandbox.access_key)
    async with shipping_api(settings, connection) as api:
        assert await api.list_carriers()
        assert await api.list_carriers()
    assert token_requests(sandbox) == 1
