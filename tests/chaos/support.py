"""What the chaos tests share: a fault-injecting proxy in front of the sandbox, the station as a
real process, and the checks every scenario ends with (labels per parcel at 7S, jobs the
virtual printer printed, what the packer was told).

The proxy is ``tests.hostile_http.ForwardingProxy``, a real loopback HTTP server. By default it
forwards each request to the sandbox and returns the sandbox's answer; a ``Rule`` makes the next
matching requests misbehave: answered without reaching the sandbox (``instead``), or carried out
at the sandbox and then answered with something else (``after``: a garbled, dripping, endless,
nested or secret-echoing answer to a purchase that *did* happen). The sandbox sees the proxy's
Host header, so the label URLs it hands out point back at the proxy and downloads pass it too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packstation.sandbox import SandboxServer
from packstation.sandbox.printer import VirtualPrinter
from tests.hostile_http import SANDBOX_ACCESS_KEY, ForwardingProxy
from tests.integration.conftest import cli_environ
from tests.sandbox_queries import live_labels

#: Exit codes of the README's table that the chaos scenarios may end with.
DOCUMENTED_EXITS = frozenset({0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14})
#: Exit code 9: left in flight (for a bought label: ``resume`` finishes it).
IN_FLIGHT = 9
#: how the packer boxes the demo's three-parcel order A102: one ``--box`` per parcel
BOXES: dict[str, tuple[str, ...]] = {
    "A102": (
        "--box",
        "SKU-LAMP-DESK",
        "--box",
        "SKU-YOGA-MAT,SKU-BACKPACK-20",
        "--box",
        "SKU-COFFEE-1KG:2",
    ),
}
ACCESS_KEY = SANDBOX_ACCESS_KEY


# ---------------------------------------------------------------------- the proxy


class ChaosProxy(ForwardingProxy):
    """The fault-injecting proxy in front of ``sandbox`` (``tests.hostile_http``)."""

    def __init__(self, sandbox: SandboxServer) -> None:
        super().__init__(sandbox.root_url)

    @property
    def base_url(self) -> str:
        return f"{self.url}/v2"


# ---------------------------------------------------------------------- the station


def zebra_environ(
    sandbox: SandboxServer,
    home: Path,
    zebra: VirtualPrinter,
    *,
    api_url: str | None = None,
    **uri: str,
) -> dict[str, str]:
    """A station subprocess on ``sandbox`` (or the proxy at ``api_url``) printing ZPL to the
    virtual Zebra; ``uri`` adds printer URI options (``status``, ``confirm``, ``timeout``)."""
    options = "&".join(f"{k}={v}" for k, v in {"timeout": "1", "confirm": "2", **uri}.items())
    env = cli_environ(
        sandbox,
        home,
        PACKSTATION_PRINTER_LANGUAGE="zpl",
        PACKSTATION_PRINTER_DPI="203",
        PACKSTATION_LABEL_FORMAT="zpl",
    )
    env["PACKSTATION_PRINTER"] = f"{zebra.uri}?{options}"
    if api_url is not None:
        env["PACKSTATION_API_URL"] = api_url
    return env


def station(
    *args: str, env: dict[str, str], timeout: float = 90, umask: int = 0o022
) -> subprocess.CompletedProcess[str]:
    """``packstation ARGS`` as a real process (``timeout`` only guards against a hang), with
    the usual umask that lets every user read new files unless the station says otherwise."""
    return subprocess.run(
        [sys.executable, "-m", "packstation", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        umask=umask,
    )


def spawn(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "packstation", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        umask=0o022,
    )


@dataclass
class Ran:
    """A finished station process: its exit code, the last JSON line of stdout, stderr."""

    code: int
    data: dict[str, Any]
    stdout: str
    stderr: str


def finished(process: subprocess.Popen[str], timeout: float = 90) -> Ran:
    stdout, stderr = process.communicate(timeout=timeout)
    return Ran(process.returncode, last_json(stdout), stdout, stderr)


def run(*args: str, env: dict[str, str], timeout: float = 90, plain: bool = True) -> Ran:
    """``packstation ARGS --json``; nothing the station says may be a traceback (unless
    ``plain`` is False: the caller checks)."""
    result = station(*args, "--json", env=env, timeout=timeout)
    ran = Ran(result.returncode, last_json(result.stdout), result.stdout, result.stderr)
    if plain:
        assert_plain(ran)
    return ran


def last_json(stdout: str) -> dict[str, Any]:
    lines = [line for line in stdout.splitlines() if line.strip().startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def assert_plain(ran: Ran, *, unexpected: bool = False) -> None:
    """A plain message and a documented exit code: no traceback, and no exit 1 ("anything
    unexpected") unless ``unexpected`` allows it."""
    assert "Traceback" not in ran.stderr, ran.stderr
    assert "Traceback" not in ran.stdout, ran.stdout
    allowed = DOCUMENTED_EXITS | ({1} if unexpected else set())
    assert ran.code in allowed, (ran.code, ran.stderr)


class KnownDefect(AssertionError):
    """A check that fails while a defect named in an ``xfail(raises=KnownDefect)`` is open;
    any other failed assertion of the same test still fails it."""


def expect(condition: object, message: object = "") -> None:
    """``assert condition`` for the part of a test an open defect breaks."""
    if not condition:
        raise KnownDefect(message)


# ---------------------------------------------------------------------- what happened


def labels_per_parcel(sandbox: SandboxServer, order_id: str) -> dict[int, int]:
    """How many live labels 7S holds for each parcel number of the order."""
    return dict(Counter(label.package_no for label in live_labels(sandbox, order_id)))


def printed_per_label(zebra: VirtualPrinter, tracking_codes: Sequence[str]) -> dict[str, int]:
    """How many printed jobs of the virtual printer carry each tracking code."""
    jobs = zebra.printed()
    return {code: sum(code.encode() in job.data for job in jobs) for code in tracking_codes}


def parcels_told(data: dict[str, Any]) -> dict[str, str]:
    """Tracking code → ``print_state`` from a ``pack``/``resume`` ``--json`` answer."""
    rows: list[dict[str, Any]] = []
    if "parcels" in data:
        rows.extend(data["parcels"])
    for cycle in data.get("cycles", []):
        rows.extend(cycle.get("parcels", []))
    return {row["tracking_code"]: row["print_state"] for row in rows if row.get("tracking_code")}


#: What the packer is told about a label that did not (visibly) print.
TOLD_NOT_PRINTED = frozenset({"sent_unconfirmed", "may_have_printed", "held", "failed"})


@dataclass
class Ledger:
    """What the packer was told about each label over a scenario (the last word counts)."""

    told: dict[str, str] = field(default_factory=dict)

    def note(self, *answers: Ran) -> None:
        for ran in answers:
            self.told.update(parcels_told(ran.data))


def assert_printed_once_or_told(
    sandbox: SandboxServer, zebra: VirtualPrinter, order_id: str, ledger: Ledger
) -> dict[str, int]:
    """Every label of the order printed exactly once — or not at all, and then the packer
    was told it is not known to have printed. Returns the prints per tracking code."""
    codes = [label.tracking_code for label in live_labels(sandbox, order_id)]
    prints = printed_per_label(zebra, codes)
    for code, count in prints.items():
        assert count <= 1, f"{code} printed {count} times"
        if count == 0:
            assert ledger.told.get(code) in TOLD_NOT_PRINTED, (code, ledger.told)
    return prints


def every_file(root: Path) -> Iterator[Path]:
    yield from (p for p in root.rglob("*") if p.is_file())


#: Runs ``argv[2:]`` as a fresh process and writes its peak resident memory (bytes) and its
#: wait status to the file ``argv[1]``. ``ru_maxrss`` from ``wait4`` also counts the memory a
#: process had before its ``exec``: a child the test runner starts itself reports at least the
#: runner's own memory (its high-water mark, as ``subprocess`` starts children with ``vfork``),
#: which grows with every test before it — 256 MB in a whole-suite run, whatever the station
#: did. This small launcher (no ``site``: about 10 MB) forks the station instead, so the figure
#: is the station's own (and that of any process it waited for), never the test runner's.
_MEASURING_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as figures:
    figures.write(f"{usage.ru_maxrss * 1024} {status}")
"""


@dataclass
class Measured:
    """A finished process run by ``measured``: exit code, output and peak memory in bytes."""

    code: int
    stdout: str
    stderr: str
    peak: int


def measured(
    args: Sequence[str], *, env: dict[str, str], home: Path, timeout: float = 90
) -> Measured:
    """``python ARGS`` as a fresh process (see ``_MEASURING_LAUNCHER``), its output kept in
    files under ``home`` (no pipe to fill), and its peak resident memory (Linux). ``timeout``
    only guards against a hang."""
    out, err, figures = home / "measured.stdout", home / "measured.stderr", home / "measured.peak"
    figures.unlink(missing_ok=True)
    with out.open("w") as stdout, err.open("w") as stderr:
        launcher = subprocess.Popen(
            [sys.executable, "-S", "-c", _MEASURING_LAUNCHER, str(figures), *args],
            env=env,
            stdout=stdout,
            stderr=stderr,
            text=True,
            umask=0o022,
            start_new_session=True,  # its own group: a hung process is ended with the launcher
        )
        try:
            launcher.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
            raise
    assert launcher.returncode == 0, err.read_text()
    peak, status = (int(figure) for figure in figures.read_text().split())
    code = os.waitstatus_to_exitcode(status)
    return Measured(code, out.read_text(), err.read_text(), peak)


def run_measured(*args: str, env: dict[str, str], home: Path) -> tuple[Ran, int]:
    """``packstation ARGS --json`` and the station process's own peak resident memory in
    bytes (``measured``)."""
    result = measured(["-m", "packstation", *args, "--json"], env=env, home=home)
    ran = Ran(result.code, last_json(result.stdout), result.stdout, result.stderr)
    return ran, result.peak
