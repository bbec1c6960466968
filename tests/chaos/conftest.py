"""Fixtures of the chaos suite: one sandbox per module (fresh state per test), a virtual Zebra
per test, the fault-injecting proxy, and a seeded random source per test."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.chaos.support import ChaosProxy

#: Every random choice of the suite comes from this seed (and the test's name): a failure
#: reproduces with the same trials.
SEED = 13


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="demo") as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The module's sandbox with fresh demo state, faults, request log and tokens."""
    sandbox_server.control.reset("demo")
    return sandbox_server


@pytest.fixture
def zebra() -> Iterator[VirtualPrinter]:
    """The virtual Zebra: ``~HS``, a label counter, and the misbehaviours on request."""
    with VirtualPrinter() as printer:
        printer.set_label_counter(True, start=5000)
        yield printer


@pytest.fixture
def proxy(sandbox: SandboxServer) -> Iterator[ChaosProxy]:
    with ChaosProxy(sandbox) as running:
        yield running


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    return random.Random(f"{SEED}:{request.node.name}")
