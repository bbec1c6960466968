"""One station process per data directory: the lock over real files, and who holds it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from packstation.adapters.station_lock import DataDirBusy, DataDirLock


@pytest.mark.asyncio
async def test_a_second_holder_is_refused_and_told_who_holds_it(tmp_path: Path) -> None:
    async with DataDirLock(tmp_path / "data") as first:
        with pytest.raises(DataDirBusy) as busy:
            await DataDirLock(tmp_path / "data", wait=0.2).acquire()

        assert f"process {os.getpid()}" in str(busy.value)
        assert str(tmp_path / "data") in str(busy.value)
        assert "wait until it has finished" in str(busy.value)
        assert first.path.exists()

    # released: the next one gets it
    async with DataDirLock(tmp_path / "data", wait=0.2):
        pass


@pytest.mark.asyncio
async def test_other_data_directories_are_not_affected(tmp_path: Path) -> None:
    async with DataDirLock(tmp_path / "one"), DataDirLock(tmp_path / "two", wait=0.2):
        pass


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.asyncio
async def test_the_lock_file_is_private(tmp_path: Path) -> None:
    async with DataDirLock(tmp_path / "data") as lock:
        assert lock.path.stat().st_mode & 0o777 == 0o600
