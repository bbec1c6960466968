"""A private PostgreSQL server in a temporary folder, for tests and the local warehouse.

Like the private cupsd of the printing tests: the server is made with the distribution's own
``initdb`` (Debian: package ``postgresql``) in a folder of its own, listens on 127.0.0.1 on a
free port (no Unix socket in a shared place), trusts local connections, and is stopped — its
own process only, by the pid it wrote — and removed afterwards. Run as root, the server runs
as the ``postgres`` system user (PostgreSQL refuses to run as root).

The server is not left behind by a process that dies without cleaning up (a test run killed
with SIGKILL, a crash): it is started, not through ``pg_ctl`` (which detaches it), but as the
child of a small watchdog (``postgres_watchdog.py``, in a session of its own) that stops it
with a fast shutdown as soon as the process that started it is gone.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType


class PostgresNotInstalled(RuntimeError):
    """No PostgreSQL server programs were found on this machine."""


def find_postgres_bin() -> Path | None:
    """The folder of ``initdb``/``pg_ctl``: on PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivatePostgres:
    """``with PrivatePostgres() as pg: pg.dsn`` — a throw-away server with one database.

    ``root``: where it lives (default: a new folder under the system's temporary folder, removed
    at the end). Run as root, every folder above ``root`` must be open to the ``postgres`` user.

    ``stop_now``/``start_again`` take the server down and back (the data stays), for tests of
    a bench whose warehouse database goes away.
    """

    def __init__(
        self, root: Path | None = None, *, database: str = "packstation", user: str = "packstation"
    ) -> None:
        self.bin = find_postgres_bin()
        if self.bin is None:
            raise PostgresNotInstalled(
                "PostgreSQL is not installed: no initdb on PATH or under /usr/lib/postgresql "
                "(Debian/Ubuntu: apt-get install postgresql)"
            )
        self._own_root = root is None
        self.root = Path(tempfile.mkdtemp(prefix="packstation-pg-")) if root is None else root
        self.root.mkdir(parents=True, exist_ok=True)
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.database = database
        self.user = user
        self.port = 0
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._run_as: str | None = None
        if os.geteuid() == 0:
            self._run_as = "postgres"
            try:
                entry = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresNotInstalled(
                    "running as root needs the 'postgres' system user (Debian's package makes it)"
                ) from None
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
            self.root.chmod(0o700)

    @property
    def dsn(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{self.database}"

    def _tool(self, name: str, *args: str, timeout: float = 60) -> None:
        assert self.bin is not None
        result = subprocess.run(
            [str(self.bin / name), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            user=self._run_as,
            cwd=self.root,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{name} failed ({result.returncode}): {result.stderr.strip() or result.stdout}"
            )

    def start(self) -> PrivatePostgres:
        if not (self.data / "PG_VERSION").exists():
            self._tool(
                "initdb",
                "-D", str(self.data),
                "-U", self.user,
                "--auth=trust",
                "-E", "UTF8",
                "--locale=C",
                "--no-sync",
            )  # fmt: skip
        self.start_again()
        assert self.bin is not None
        result = subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
             "-U", self.user, self.database],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
        if result.returncode != 0 and "already exists" not in result.stderr:
            raise RuntimeError(f"createdb failed: {result.stderr.strip()}")
        return self

    def start_again(self) -> None:
        """Start the server (again, on the same port once it had one); return once it takes
        connections. It runs under a watchdog that stops it when this process is gone."""
        self.port = self.port or free_port()
        self._end_watchdog()
        assert self.bin is not None
        command = [
            str(self.bin / "postgres"), "-D", str(self.data),
            "-c", "listen_addresses=127.0.0.1", "-p", str(self.port),
            "-c", "unix_socket_directories=",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        ]  # fmt: skip
        watchdog = Path(__file__).with_name("postgres_watchdog.py")
        with self.log.open("ab") as log:
            self._watchdog = subprocess.Popen(
                [sys.executable, "-I", str(watchdog), str(os.getpid()), self._run_as or "",
                 *command],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                cwd=self.root, start_new_session=True,
            )  # fmt: skip
        assert self._watchdog.stdout is not None
        with self._watchdog.stdout as said:
            line = said.readline().strip()
        if not line.isdigit():
            self._end_watchdog()
            raise RuntimeError(f"postgres did not start: {self._log_tail()}")
        self._wait_ready(int(line))

    def _wait_ready(self, pid: int, timeout: float = 60) -> None:
        """Until the server ``pid`` says it is ready in its ``postmaster.pid``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._watchdog is not None
            if self._watchdog.poll() is not None:
                raise RuntimeError(f"postgres did not start: {self._log_tail()}")
            if self.pid == pid and self._status() == "ready":
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"postgres was not ready within {timeout:g} s: {self._log_tail()}")

    def _status(self) -> str:
        """The server's state in its ``postmaster.pid`` (``starting``, ``ready``, ``stopping``)."""
        try:
            lines = (self.data / "postmaster.pid").read_text().splitlines()
        except OSError:
            return ""
        return lines[7].strip() if len(lines) > 7 else ""

    def _log_tail(self) -> str:
        try:
            return " ".join(self.log.read_text(errors="replace").splitlines()[-5:])
        except OSError:
            return "(no server log)"

    def _end_watchdog(self) -> None:
        """The watchdog of a server that was stopped: waited for (it ends with its server)."""
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is None:
            return
        try:
            watchdog.wait(timeout=15)
        except subprocess.TimeoutExpired:
            watchdog.terminate()  # it stops its server (fast shutdown), then ends
            try:
                watchdog.wait(timeout=75)
            except subprocess.TimeoutExpired:
                watchdog.kill()
                watchdog.wait()

    @property
    def pid(self) -> int | None:
        """The postmaster's pid, from the file it wrote (None when it is not running)."""
        try:
            first = (self.data / "postmaster.pid").read_text().splitlines()[0]
        except (OSError, IndexError):
            return None
        return int(first) if first.strip().isdigit() else None

    def stop_now(self) -> None:
        """Take the server down at once (immediate shutdown: as if it crashed)."""
        pid = self.pid
        if pid is None:
            self._end_watchdog()
            return
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._tool("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=30)
        self._wait_gone(pid)
        self._end_watchdog()

    def stop(self) -> None:
        pid = self.pid
        if pid is None:
            self._end_watchdog()
            return
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._tool("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=30)
        self._wait_gone(pid)
        self._end_watchdog()

    @staticmethod
    def _wait_gone(pid: int) -> None:
        """Our own postmaster only, by its pid: gone, else killed."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def __enter__(self) -> PrivatePostgres:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.stop()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
