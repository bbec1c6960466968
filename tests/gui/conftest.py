"""GUI fixtures: a qasync loop so coroutines and Qt events both progress (style.md §7), and
the sandbox and virtual printer a test module's window talks to (``world``)."""

from __future__ import annotations

import asyncio
import gc
import warnings
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from packstation.sandbox import SandboxServer, VirtualPrinter
from packstation.ui.i18n import LanguageSwitch

T = TypeVar("T")
RunAsync = Callable[[Coroutine[Any, Any, T]], T]


def _close_the_threads_idle_loop() -> None:
    """Close the event loop left set for this thread, which run_async is about to replace.

    pytest-asyncio before 1.0 sets a fresh loop after each of its tests and closes it only at
    its next one; replaced by ours and forgotten, it was garbage-collected unclosed during a
    later GUI test (its self-pipe an unraisable ResourceWarning: "unclosed <socket.socket …
    family=1>"). Asking for the loop creates one when none was ever set: closed all the same.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            left = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:  # none set
            return
    if not left.is_running():
        left.close()


@pytest.fixture
def run_async(qapp: QApplication) -> Iterator[RunAsync[Any]]:
    # Never call loop.stop() here: inside pytest-qt it breaks every later qtbot.wait (style §9.1).
    _close_the_threads_idle_loop()
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)

    def run(coro: Coroutine[Any, Any, T], _loop: Any = loop) -> T:
        result: T = _loop.run_until_complete(asyncio.wait_for(coro, timeout=20))
        return result

    try:
        yield run
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        del loop, run
        # Qt objects caught in reference cycles (the loop's timers, view-models) must die on
        # this, the GUI thread: left to the garbage collector they may be freed later in a
        # worker thread of another test, where Qt warns and can crash.
        gc.collect()


@pytest.fixture
def language(qapp: QApplication) -> Iterator[LanguageSwitch]:
    """The window's language switch (``apply("de")``); English again after the test."""
    switch = LanguageSwitch(qapp)
    yield switch
    switch.apply("en")


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[SandboxServer]:
    """One sandbox per test module (starting one costs time); ``world`` resets it."""
    with SandboxServer(seed="demo") as server:
        yield server


@pytest.fixture(scope="module")
def printer_server() -> Iterator[VirtualPrinter]:
    """One virtual printer per test module; ``world`` clears it."""
    with VirtualPrinter() as printer:
        yield printer


@pytest.fixture
def world(
    sandbox_server: SandboxServer, printer_server: VirtualPrinter
) -> tuple[SandboxServer, VirtualPrinter]:
    """The module's sandbox with fresh demo data (no faults, log or tokens) and its printer
    with no faults and no jobs."""
    sandbox_server.control.reset("demo")
    printer_server.set_faults(paper_out=False, head_open=False, paused=False, ribbon_out=False)
    printer_server.clear_jobs()
    return sandbox_server, printer_server


async def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_the_gui_thread() -> Iterator[None]:
    yield
    gc.collect()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Collect once more after pytest let go of the test's fixture values.

    pytest keeps every fixture value (``run_async`` holds the qasync loop, its timers and
    signaller) until the whole teardown is over, so the collection in the fixture above cannot
    free them. Freed later by the garbage collector in a worker thread of another test (an
    executor reading files), Qt warns "Timers cannot be stopped from another thread" and can
    crash the test process.
    """
    try:
        return (yield)
    finally:
        gc.collect()
