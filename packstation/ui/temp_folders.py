"""The station's temporary folders (the sounds at their volume, demo mode's data): each named
after the process that made it, removed when it ends, and swept at the next start when it
could not be (a killed process, a power cut).

A folder is ``<tmp>/packstation-<kind>-<pid>-<random>``. ``sweep_stale`` removes the ones of
this user whose process is gone, and folders of an earlier version (no process id in the name)
once they are a day old; a folder of a station still running is never touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

KINDS = ("sounds", "demo")
#: Folders without a process id (an earlier version) are left this long: their station may run.
LEGACY_AGE_S = 24 * 3600
_NAME = re.compile(r"^packstation-(?P<kind>[a-z]+)-(?:(?P<pid>\d+)-)?[A-Za-z0-9_]+$")


def make(kind: str) -> Path:
    """A new private folder for ``kind`` (``sounds``, ``demo``), named after this process."""
    return Path(tempfile.mkdtemp(prefix=f"packstation-{kind}-{os.getpid()}-"))


def remove(folder: Path | None) -> None:
    """Remove ``folder`` and what is in it (gone already: nothing to do)."""
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_stale(
    kinds: Iterable[str] = KINDS, root: Path | None = None, now: float | None = None
) -> list[Path]:
    """Remove what ended stations left behind in ``root`` (the temp dir); returns them."""
    root = Path(tempfile.gettempdir()) if root is None else root
    now = time.time() if now is None else now
    wanted = set(kinds)
    removed = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if match is None or match["kind"] not in wanted:
            continue
        try:
            info = path.lstat()
        except OSError:
            continue
        if not path.is_dir() or path.is_symlink() or info.st_uid != _uid():
            continue
        pid = match["pid"]
        if pid is not None:
            if _alive(int(pid)):
                continue
        elif now - info.st_mtime < LEGACY_AGE_S:
            continue
        remove(path)
        if not path.exists():
            removed.append(path)
    return removed


def _uid() -> int:
    getuid = getattr(os, "getuid", None)
    return getuid() if getuid is not None else 0


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # no signal 0 on Windows: keep the folder unless the process is gone
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _alive_windows(pid: int) -> bool:
    import ctypes

    synchronize = 0x00100000
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return False
    with contextlib.suppress(OSError):
        kernel32.CloseHandle(handle)
    return True
