"""Personal data is private on POSIX: the station's data, log and label directories are 0700
and its files (journal with its WAL, print jobs, label files, log) 0600 — real files, real
SQLite, the real log handler."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
from packstation.adapters.label_files import FileLabelArchive
from packstation.adapters.print_jobs_sqlite import SqlitePrintJobStore
from packstation.adapters.private_files import private_dir, private_file
from packstation.composition.logging_setup import configure_logging
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.shipping import LabelDocument, LabelFormat

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

LABEL = LabelDocument(b"^XA^FDMax Mustermann^FS^XZ", "text/plain", LabelFormat.ZPL)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A umask that lets every user read new files (the usual 022 is enough to show it)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("loose_umask")
@pytest.mark.asyncio
async def test_the_journal_and_print_jobs_are_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    database = journal_path(data)
    async with SqliteJournal(database) as journal:
        await journal.station_uid()
    now = datetime.now(UTC)
    job = PrintJob("j1", "tcp://p", "A100", LABEL, PrintJobState.HELD, now, now)
    async with SqlitePrintJobStore(database) as store:
        await store.save(job)
        files = [p for p in data.iterdir() if p.name.startswith(database.name)]
        modes = {p.name: _mode(p) for p in files}

    assert _mode(data) == 0o700
    assert _mode(data.parent) == 0o700  # created by the station too
    assert database in files
    assert len(files) >= 2  # the WAL (and shared memory) while open
    assert modes == {p.name: 0o600 for p in files}


@pytest.mark.usefixtures("loose_umask")
@pytest.mark.asyncio
async def test_an_old_readable_journal_is_tightened_when_opened(tmp_path: Path) -> None:
    tmp_path.joinpath("data").mkdir(mode=0o755)
    database = journal_path(tmp_path / "data")
    database.touch(mode=0o644)
    os.chmod(database, 0o644)

    async with SqliteJournal(database) as journal:
        await journal.station_uid()

    assert _mode(database) == 0o600
    assert _mode(tmp_path / "data") == 0o700


@pytest.mark.usefixtures("loose_umask")
@pytest.mark.asyncio
async def test_label_files_are_private(tmp_path: Path) -> None:
    archive = FileLabelArchive(tmp_path / "data" / "labels")

    stored = await archive.store(LABEL)

    path = Path(stored.path)
    assert await archive.load(stored) == LABEL
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _mode(tmp_path / "data" / "labels") == 0o700
    assert _mode(tmp_path / "data") == 0o700


@pytest.mark.usefixtures("loose_umask")
def test_the_log_directory_and_file_are_private(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = configure_logging(log_dir=tmp_path / "logs")
        assert path is not None
        logging.getLogger("packstation.test").warning("order A100 for Max Mustermann")
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()

    assert "Max Mustermann" in path.read_text(encoding="utf-8")
    assert _mode(path) == 0o600
    assert _mode(tmp_path / "logs") == 0o700


@pytest.mark.usefixtures("loose_umask")
def test_private_dir_and_file_helpers(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    (loose / "f").write_bytes(b"x")
    os.chmod(loose / "f", 0o644)

    private_dir(loose)
    private_file(loose / "f")
    private_file(loose / "new")

    assert _mode(loose) == 0o700
    assert _mode(loose / "f") == 0o600
    assert (loose / "f").read_bytes() == b"x"  # tightened, not truncated
    assert _mode(loose / "new") == 0o600
