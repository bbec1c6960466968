"""The console on the bench shows plain lines: an exception logged by the catch-all keeps its
traceback in the log file only (``-v`` shows it), and a log file that cannot be written
(disk full) is said once in plain words instead of logging's ``--- Logging error ---``
traceback for every message (issue 13, item 7). The file starts afresh at 5 MB and keeps
five older ones."""

from __future__ import annotations

import errno
import io
import logging
import os
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


def test_the_log_file_starts_afresh_at_its_limit_and_keeps_five_older_ones_private(
    root_logger: logging.Logger, tmp_path: Path
) -> None:
    path = configure_logging(log_dir=tmp_path)
    assert path is not None
    [handler] = [h for h in root_logger.handlers if isinstance(h, logging.FileHandler)]
    handler.max_bytes = 2_000  # type: ignore[attr-defined]  # 5 MB in use; the same rule
    log = logging.getLogger("packstation.test")
    for n in range(400):  # about 60 bytes a line: some twelve files' worth
        log.warning("order A%03d packed", n)
    handler.flush()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["packstation.log", *(f"packstation.log.{n}" for n in range(1, 6))]
    for name in names:
        file = tmp_path / name
        assert 0 < file.stat().st_size <= 2_000, name
        if os.name == "posix":
            assert file.stat().st_mode & 0o777 == 0o600, name
    # the newest lines in the current file, the ones before it in .1, nothing lost between
    newest = path.read_text(encoding="utf-8").splitlines()
    before = (tmp_path / "packstation.log.1").read_text(encoding="utf-8").splitlines()
    assert newest[-1].endswith("order A399 packed")
    numbers = [int(line.rsplit("A", 1)[1].split()[0]) for line in before + newest]
    assert numbers == list(range(numbers[0], 400))
