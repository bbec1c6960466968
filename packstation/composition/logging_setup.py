"""Logging: a rotating file in the platform log dir plus the console; nothing secret goes in."""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path

from packstation.adapters.private_files import private_dir, private_file
from packstation.settings.paths import default_log_dir


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log holds order ids, names and addresses: each file it opens is 0600 on POSIX."""

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def configure_logging(verbose: bool = False, log_dir: Path | None = None) -> Path | None:
    """Set up the root logger; returns the log file path (None when it cannot be written)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(fmt)
    root.addHandler(console)
    # httpx logs full URLs at INFO; our adapter logs what matters without query strings
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    directory = log_dir or default_log_dir()
    try:
        private_dir(directory)
        path = directory / "packstation.log"
        file_handler = _PrivateRotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        root.warning("cannot write the log file in %s; logging to the console only", directory)
        return None
    file_handler.setFormatter(fmt)
    root.addHandler(file_handler)
    return path
