"""Fixtures for printer tests over real loopback sockets and a private CUPS scheduler.

``cupsd`` starts the system's ``cupsd -f`` with a configuration of its own in a temporary
folder (its own spool, logs, state, and a domain socket to talk to it): no system service is
used and /etc/cups is never touched. Tests that need it are skipped, with the reason, only
when CUPS is not installed.
"""

from __future__ import annotations

import ctypes
import getpass
import grp
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.sandbox import SandboxServer
from packstation.sandbox.labels import content_type
from packstation.sandbox.printer import VirtualPrinter
from tests.label_samples import download_labels

_SBIN = ("/usr/sbin", "/usr/local/sbin", "/sbin")


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in _SBIN:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return None


@pytest.fixture(scope="session")
def sandbox_labels() -> dict[LabelFormat, LabelDocument]:
    """One label per format, bought from a sandbox over HTTP and downloaded (PDF, ZPL, ZPL300)."""
    with SandboxServer(seed="demo") as sandbox:
        files = download_labels(sandbox)
    return {fmt: LabelDocument(data, content_type(fmt.value), fmt) for fmt, data in files.items()}


@pytest.fixture
def virtual_printer() -> Iterator[VirtualPrinter]:
    with VirtualPrinter() as printer:
        yield printer


@dataclass
class Cups:
    """A private CUPS scheduler: ``server`` is its domain socket (for CUPS_SERVER / ``-h``)."""

    root: Path
    server: str
    process: subprocess.Popen[bytes]
    queues: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(CUPS_SERVER=self.server, LC_ALL="C", LANG="C")
        return env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        tool = _tool(args[0]) or args[0]
        done = subprocess.run(
            [tool, *args[1:]],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {done.stderr or done.stdout}")
        return done

    def add_raw_queue(self, name: str, port: int) -> str:
        """A raw queue (no driver) sending to a socket on 127.0.0.1.

        CUPS 2.4 still makes a raw queue when no model is given; ``-m raw`` is deprecated there
        (it warns) and is only tried when the plain form is refused.
        """
        device = f"socket://127.0.0.1:{port}"
        done = self.run("lpadmin", "-p", name, "-E", "-v", device, check=False)
        if done.returncode != 0:
            self.run("lpadmin", "-p", name, "-E", "-v", device, "-m", "raw")
        self.queues.append(name)
        return name

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace") if path.exists() else ""


def _write_config(root: Path) -> str:
    for sub in ("spool/tmp", "log", "cache", "state", "run", "ppd"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    socket_path = str(root / "run" / "cups.sock")
    files = [
        f"ServerRoot {root}",
        f"RequestRoot {root / 'spool'}",
        f"TempDir {root / 'spool' / 'tmp'}",
        f"CacheDir {root / 'cache'}",
        f"StateDir {root / 'state'}",
        "ServerBin /usr/lib/cups",
        "DataDir /usr/share/cups",
        f"AccessLog {root / 'log' / 'access_log'}",
        f"ErrorLog {root / 'log' / 'error_log'}",
        f"PageLog {root / 'log' / 'page_log'}",
        "FileDevice No",
        # a file of its own: a bare "Printcap" (meaning "none") is refused by cups 2.4.2 on
        # Debian 12 ("Missing value for Printcap"); a path is accepted by every cups 2.x
        f"Printcap {root / 'state' / 'printcap'}",
    ]
    if os.getuid() != 0:  # cupsd cannot switch users: run filters and backends as ourselves
        files.append(f"User {getpass.getuser()}")
        files.append(f"Group {grp.getgrgid(pwd.getpwuid(os.getuid()).pw_gid).gr_name}")
    (root / "cups-files.conf").write_text("\n".join(files) + "\n")
    conf = [
        f"Listen {socket_path}",
        "Browsing Off",
        "WebInterface No",
        "LogLevel info",
        "MaxLogSize 0",
        "PreserveJobHistory Yes",
        "<Location />",
        "  Order allow,deny",
        "  Allow all",
        "</Location>",
        "<Policy default>",
        "  <Limit All>",
        "    Order allow,deny",
        "    Allow all",
        "  </Limit>",
        "</Policy>",
    ]
    (root / "cupsd.conf").write_text("\n".join(conf) + "\n")
    return socket_path


def _check_config(cupsd_path: str, root: Path) -> None:
    """``cupsd -t``: a directive this cups does not accept fails here, naming the line."""
    done = subprocess.run(
        [cupsd_path, "-t", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(
            "this cups refuses the private cupsd's configuration (cupsd -t): "
            f"{(done.stderr or done.stdout).strip()}"
        )


def _die_with_parent() -> None:
    """In the child before exec: end cupsd if the test process dies without tearing down."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@pytest.fixture(scope="session")
def cupsd() -> Iterator[Cups]:
    cupsd_path = _tool("cupsd")
    if cupsd_path is None:
        pytest.skip("CUPS is not installed (no cupsd; Debian/Ubuntu: apt-get install cups)")
    missing = [t for t in ("lp", "lpstat", "lpadmin", "cancel") if _tool(t) is None]
    if missing:
        pytest.skip(
            f"the CUPS client tools are missing ({', '.join(missing)}): install cups-client"
        )
    # a short path of its own: domain socket paths are limited to ~100 characters
    root = Path(tempfile.mkdtemp(prefix="ps-cups-"))
    root.chmod(0o755)  # as root, cupsd runs backends as 'lp', which must reach the spool
    socket_path = _write_config(root)
    _check_config(cupsd_path, root)
    process = subprocess.Popen(
        [cupsd_path, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )
    cups = Cups(root=root, server=socket_path, process=process)
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise AssertionError(f"cupsd exited at start: {output}\n{cups.log()}")
            done = cups.run("lpstat", "-r", check=False)
            if "scheduler is running" in done.stdout:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"cupsd did not come up: {done.stderr}\n{cups.log()}")
            time.sleep(0.05)
        yield cups
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
        shutil.rmtree(root, ignore_errors=True)
