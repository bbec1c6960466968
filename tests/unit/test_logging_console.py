"""The console on the bench shows plain lines: an exception logged by the catch-all keeps its
traceback in the log file only (``-v`` shows it), and a log file that cannot be written
(disk full) is said once in plain words instead of logging's ``--- Logging error ---``
traceback for every message (issue 13, item 7)."""

from __future__ import annotations

import errno
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from packstation.composition.logging_setup import configure_logging


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger as configure_logging leaves it, restored afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    root.handlers = []
    try:
        yield root
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers = handlers
        root.setLevel(level)


def _explode() -> None:
    raise RuntimeError("the printer driver exploded")


def _log_a_failure(name: str) -> None:
    try:
        _explode()
    except RuntimeError:
        logging.getLogger(name).exception("packstation pack failed")


@pytest.mark.parametrize("verbose", [False, True])
def test_a_logged_exception_is_one_line_on_the_console_and_whole_in_the_file(
    root_logger: logging.Logger,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    verbose: bool,
) -> None:
    path = configure_logging(verbose=verbose, log_dir=tmp_path)
    assert path is not None

    _log_a_failure("packstation.cli")

    console = capsys.readouterr().err
    assert "packstation pack failed" in console
    assert ("Traceback" in console) is verbose
    assert ("the printer driver exploded" in console) is verbose
    for handler in root_logger.handlers:
        handler.flush()
    logged = path.read_text(encoding="utf-8")
    assert "Traceback" in logged
    assert "RuntimeError: the printer driver exploded" in logged


class _FullDisk(io.StringIO):
    """A log file on a full disk: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_log_file_that_cannot_be_written_is_said_once_without_a_traceback(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = configure_logging(log_dir=tmp_path)
    [file_handler] = [h for h in root_logger.handlers if isinstance(h, logging.FileHandler)]
    assert file_handler.stream is not None
    file_handler.stream.close()
    file_handler.stream = _FullDisk()  # type: ignore[assignment]

    for n in range(3):
        logging.getLogger("packstation.test").warning("label %d bought", n)

    console = capsys.readouterr().err
    assert "Traceback" not in console
    assert "Logging error" not in console
    assert console.count("cannot be written") == 1
    assert f"{path}" in console
    assert "No space left on device" in console
    assert console.count("label 2 bought") == 1  # the console still gets every message
