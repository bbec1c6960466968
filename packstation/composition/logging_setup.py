"""Logging: a rotating file in the platform log dir plus the console; nothing secret goes in.

Uncaught exceptions (``install_crash_logging``) and Qt's own messages
(``bench.qt_messages``) go into the same file: the windowed Windows build has no console, so
stderr alone would lose them.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from packstation.adapters.private_files import private_dir, private_file
from packstation.settings.paths import default_log_dir

LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingFileHandler(logging.FileHandler):
    """The log file, started afresh at ``max_bytes``: the full file becomes ``.1``, the older
    ones move up to ``.{backups}`` and the oldest goes (as the standard library's rotating
    handler does; that module is not loaded before the window's first frame, issue 17).

    The log holds order ids, names and addresses: each file it opens is 0600 on POSIX.

    A log file that cannot be written (the disk is full, the folder was removed) is said once
    on stderr in plain words; logging's own ``--- Logging error ---`` report would print a
    traceback on the bench for every message."""

    _told = False

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
        except (OSError, ValueError):  # the folder is gone, the disk is full
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None or self.max_bytes <= 0:
            return False
        line = f"{self.format(record)}{self.terminator}".encode(self.encoding or "utf-8")
        self.stream.seek(0, io.SEEK_END)
        return self.stream.tell() > 0 and self.stream.tell() + len(line) > self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = Path(self.baseFilename)
        for n in range(self.backups - 1, 0, -1):
            older = base.with_name(f"{base.name}.{n}")
            if older.exists():
                older.replace(base.with_name(f"{base.name}.{n + 1}"))
        if self.backups > 0:
            base.replace(base.with_name(f"{base.name}.1"))
        else:
            base.unlink(missing_ok=True)
        self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        if self._told:
            return
        self._told = True
        error = sys.exc_info()[1]
        with contextlib.suppress(Exception):
            sys.stderr.write(
                f"packstation: the log file {self.baseFilename} cannot be written ({error}); "
                "messages go to the console only.\n"
            )


class _ConsoleFormatter(logging.Formatter):
    """The console's lines without tracebacks (they stay in the log file; ``-v`` shows them):
    an unexpected error is one plain line on the bench, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def configure_logging(verbose: bool = False, log_dir: Path | None = None) -> Path | None:
    """Set up the root logger; returns the log file path (None when it cannot be written)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter(LINE_FORMAT)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(fmt if verbose else _ConsoleFormatter(LINE_FORMAT))
    root.addHandler(console)
    # httpx logs full URLs at INFO; our adapter logs what matters without query strings
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    directory = log_dir or default_log_dir()
    try:
        private_dir(directory)
        path = directory / "packstation.log"
        file_handler = _PrivateRotatingFileHandler(path, max_bytes=5_000_000, backups=5)
    except OSError:
        root.warning("cannot write the log file in %s; logging to the console only", directory)
        return None
    file_handler.setFormatter(fmt)
    root.addHandler(file_handler)
    return path


# ---------------------------------------------------------------------- crashes


CRASH_LOGGER = "packstation.crash"


def install_crash_logging() -> None:
    """Uncaught exceptions (the main thread and every other thread) go into the log file.

    The windowed Windows build points stderr at the null device, so without this a traceback
    in a Qt slot or a worker thread would be lost. The previous hooks still run afterwards
    (a console still shows the traceback); Ctrl+C is left alone. Installing twice changes
    nothing.
    """
    if getattr(sys.excepthook, "packstation", False):
        return
    previous = sys.excepthook
    previous_thread = threading.excepthook

    def excepthook(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            logging.getLogger(CRASH_LOGGER).critical(
                "uncaught %s", kind.__name__, exc_info=(kind, error, tb)
            )
        previous(kind, error, tb)

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            name = args.thread.name if args.thread is not None else "?"
            logging.getLogger(CRASH_LOGGER).critical(
                "uncaught %s in thread %s",
                args.exc_type.__name__,
                name,
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        previous_thread(args)

    excepthook.packstation = True  # type: ignore[attr-defined]
    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
