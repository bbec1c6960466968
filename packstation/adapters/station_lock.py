"""One station process per data directory: two processes never work on the same cycles.

``DataDirLock`` holds an exclusive lock on ``<data_dir>/station.lock`` for as long as a station
runs (``open_station``): the window, ``pack``, ``resume``, ``reprint``, ``void``. The file also
says who holds it (process id, command, since when), so a second process is told in plain words
instead of printing a label twice. The operating system drops the lock when the process ends,
however it ends (a crash or SIGKILL leaves no stale lock behind).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from packstation.adapters.private_files import PRIVATE_FILE_MODE, private_dir

LOCK_FILE = "station.lock"
_WINDOWS_LOCK_OFFSET = 0x7FFF_FFF0  # a byte beyond the text, so the text stays readable


class DataDirBusy(RuntimeError):
    """Another process works on this data directory; ``str()`` says which."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)


def _command() -> str:
    args = [a for a in sys.argv[1:4] if not a.startswith("-")]
    return " ".join(["packstation", *args])


class DataDirLock:
    """The exclusive lock of one data directory (``async with DataDirLock(dir):``)."""

    def __init__(self, directory: Path, *, wait: float = 3.0) -> None:
        self._directory = Path(directory)
        self._wait = wait
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        return self._directory / LOCK_FILE

    async def acquire(self) -> None:
        """Take the lock, waiting up to ``wait`` seconds; ``DataDirBusy`` names the holder."""
        private_dir(self._directory)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait
        while not _try_lock(fd):
            if loop.time() >= deadline:
                holder = self._holder(fd)
                os.close(fd)
                raise DataDirBusy(
                    f"The data directory {self._directory} is in use by {holder}. Two "
                    "processes must not work on the same orders: wait until it has finished "
                    "(or close the station window), then run this again."
                )
            await asyncio.sleep(0.1)
        self._fd = fd
        info = {"pid": os.getpid(), "command": _command(), "since": datetime.now(UTC).isoformat()}
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode("utf-8"))

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        _unlock(fd)
        os.close(fd)

    def _holder(self, fd: int) -> str:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            info = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        except (OSError, ValueError):
            info = {}
        if not isinstance(info, dict) or "pid" not in info:
            return "another station process"
        since = str(info.get("since", ""))[:19].replace("T", " ")
        return f"process {info['pid']} ({info.get('command', 'packstation')}, since {since} UTC)"

    async def __aenter__(self) -> DataDirLock:
        await self.acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()
