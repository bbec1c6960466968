"""A real PostgreSQL for the warehouse tests: one private server per test session (initdb in a
temporary folder, a free port on 127.0.0.1, stopped by its own pid afterwards) and a fresh
database per test. Skipped, saying why, only where PostgreSQL is not installed."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import psycopg
import pytest

from packstation.sandbox.postgres import PostgresNotInstalled, PrivatePostgres

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PrivatePostgres]:
    try:
        server = PrivatePostgres()
    except PostgresNotInstalled as exc:
        pytest.skip(f"{exc}; scripts/check.sh installs it as root")
    with server:
        yield server


def fresh_database(server: PrivatePostgres) -> str:
    """A new, empty database on the server; its postgresql:// address."""
    name = f"wh_{next(_numbers)}"
    with psycopg.connect(
        f"postgresql://{server.user}@127.0.0.1:{server.port}/postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://{server.user}@127.0.0.1:{server.port}/{name}"


@pytest.fixture
def warehouse_db(postgres_server: PrivatePostgres) -> str:
    """A fresh database on the session's server (the server must be running)."""
    if postgres_server.pid is None:
        postgres_server.start_again()
    return fresh_database(postgres_server)
