"""Uncaught exceptions go into the rotating log file (the windowed build has no stderr)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType

import pytest

from packstation.composition.logging_setup import CRASH_LOGGER, install_crash_logging

Hooked = tuple[type[BaseException], BaseException, TracebackType | None]


def _fail(error: Exception) -> None:
    raise error


def _raised(error: Exception) -> Exception:
    """``error`` with a traceback, as a slot would have raised it."""
    try:
        _fail(error)
    except Exception as exc:
        return exc
    raise AssertionError("not raised")


def test_an_uncaught_exception_is_logged_and_still_shown(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[Hooked] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: shown.append(args))
    monkeypatch.setattr(threading, "excepthook", lambda args: None)
    install_crash_logging()
    install_crash_logging()  # twice: still one record per crash
    error = _raised(RuntimeError("a slot failed"))
    with caplog.at_level(logging.INFO, logger=CRASH_LOGGER):
        sys.excepthook(RuntimeError, error, error.__traceback__)
    (record,) = [r for r in caplog.records if r.name == CRASH_LOGGER]
    assert record.levelno == logging.CRITICAL
    assert record.exc_info is not None
    assert record.exc_info[1] is error
    assert [s[1] for s in shown] == [error]  # the previous hook still runs


def test_ctrl_c_is_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sys, "excepthook", lambda *args: None)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)
    install_crash_logging()
    with caplog.at_level(logging.INFO, logger=CRASH_LOGGER):
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert not [r for r in caplog.records if r.name == CRASH_LOGGER]


def test_an_uncaught_exception_in_a_thread_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: None)
    monkeypatch.setattr(threading, "excepthook", seen.append)
    install_crash_logging()

    def work() -> None:
        raise ValueError("a worker failed")

    with caplog.at_level(logging.INFO, logger=CRASH_LOGGER):
        worker = threading.Thread(target=work, name="label-worker")
        worker.start()
        worker.join()
    (record,) = [r for r in caplog.records if r.name == CRASH_LOGGER]
    assert "label-worker" in record.getMessage()
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ValueError)
    assert len(seen) == 1


def test_a_crash_lands_in_the_log_file_of_a_real_process(tmp_path: Path) -> None:
    script = (
        "from pathlib import Path\n"
        "from packstation.composition.logging_setup import configure_logging, "
        "install_crash_logging\n"
        f"configure_logging(log_dir=Path({str(tmp_path)!r}))\n"
        "install_crash_logging()\n"
        "raise RuntimeError('nobody caught this')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    log = (tmp_path / "packstation.log").read_text(encoding="utf-8")
    assert "CRITICAL packstation.crash: uncaught RuntimeError" in log
    assert "RuntimeError: nobody caught this" in log
    assert "Traceback" in log
