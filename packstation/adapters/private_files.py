"""Personal data stays with the user who runs the station: on POSIX the station's data, log
and label directories are 0700 and its files (journal, log, label files, print jobs) 0600.

Directories the station creates get 0700 from the start; the leaf directory and files it
opens are tightened too, so an older installation with 0644 files is fixed on its next start.
On Windows nothing is changed: the files live in the user's own AppData, which other users
cannot read.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

_POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create ``path`` (with any missing parents) readable by its owner only; returns it."""
    path = Path(path)
    if not _POSIX:
        path.mkdir(parents=True, exist_ok=True)
        return path
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        directory.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    tighten(path, PRIVATE_DIR_MODE)
    for directory in missing:
        tighten(directory, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists and only its owner can read it (created empty if missing)."""
    path = Path(path)
    if not _POSIX:
        return path
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
    os.close(fd)
    tighten(path, PRIVATE_FILE_MODE)
    return path


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path`` (replacing one) that only its owner can read."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    if _POSIX:
        tighten(path, PRIVATE_FILE_MODE)


def tighten(path: Path, mode: int) -> None:
    """``chmod`` when the mode grants more than ``mode``; quiet when the file is not ours."""
    if not _POSIX:
        return
    with contextlib.suppress(OSError):
        current = os.stat(path).st_mode & 0o777
        if current & ~mode:
            os.chmod(path, current & mode)
