"""Start-up benchmark: process start → a bench window that takes scans, against a bare window.

Run: ``.venv/bin/python -m benchmarks.cold_start [--runs N] [--cold-runs N] [--output PATH]``.
Prints a table and writes the figures as JSON (default ``benchmarks/results/cold_start.json``).
Nothing is asserted: it is for comparing machines and changes. Goal (issue #17): the bench
window ready at most 2× as late as a bare PySide6 window, and below 0.6 s warm.

Each figure is a whole new process, timed from just before it is spawned (``time.monotonic``,
one clock for every process on Linux):

- **app**: ``packstation demo`` as the installed command runs it (``cli.main.main``), in a
  throw-away settings, data and log folder. *ready* is the first paint of the station window
  (its scan banner showing). At that moment the child types an order number as a keyboard-wedge
  scanner does (key events through the application, where the wedge filter listens); *scan
  handled* is when that order is open on the bench: the scan typed at the first paint was
  kept and handled, not lost.
- **bare**: ``QApplication`` + one ``QLabel`` ("Scan an order"); *ready* is its first paint.

Both children are ``benchmarks/cold_start_child.py``, which imports only what it times. They
run with bytecode caches, as an installed station does (``PYTHONDONTWRITEBYTECODE`` is taken
out of their environment; the first, uncounted start writes the caches).

*warm*: the files are in the page cache (after one start that is not counted). *cold*: before
each run the page cache is dropped for the files a start reads (the interpreter and its
standard library, the virtual environment, packstation) with ``posix_fadvise(DONTNEED)``, which
needs no root; pages another running process has mapped stay, so on a shared machine cold is
a lower bound of a start after boot. App and bare runs alternate, so drift hits both alike.

The platform is ``QT_QPA_PLATFORM`` (``offscreen`` when unset; ``xcb`` under Xvfb or a desktop).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "cold_start.json"
GOAL_RATIO = 2.0
GOAL_WARM_S = 0.6
#: How long one child may take before it is counted as failed.
CHILD_TIMEOUT_S = 120.0


# ---------------------------------------------------------------------------- cold


def _files_read_at_start() -> Iterator[Path]:
    roots = {
        Path(sysconfig.get_paths()["stdlib"]),
        Path(sysconfig.get_paths()["platstdlib"]),
        Path(sysconfig.get_paths()["purelib"]),
        Path(sysconfig.get_paths()["platlib"]),
        Path(__file__).resolve().parent.parent / "packstation",
    }
    for root in roots:
        if root.is_dir():
            for dirpath, _dirs, files in os.walk(root):
                for name in files:
                    yield Path(dirpath) / name
    yield Path(sys.executable).resolve()
    libdir = sysconfig.get_config_var("LIBDIR")
    if libdir and Path(libdir).is_dir():
        yield from Path(libdir).glob("libpython*")


def drop_page_cache() -> int:
    """Ask the kernel to forget the cached pages of the files a start reads; how many files."""
    dropped = 0
    for path in _files_read_at_start():
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            dropped += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return dropped


# ---------------------------------------------------------------------------- the parent


def _environment(home: Path) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE left out: an installed station starts from compiled bytecode
    # (pip compiles it); with the variable set every start would compile packstation again
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PACKSTATION_")
        and not k.startswith("XDG_")
        and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        (home / name.lower()).mkdir(exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env["PACKSTATION_CONFIG"] = str(home / "config" / "settings.toml")
    return env


def run_child(kind: str, env: dict[str, str]) -> dict[str, float]:
    t0 = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.cold_start_child", kind, repr(t0)],
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} start failed ({done.returncode}): {done.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(lines[-1])
    if kind == "app" and "scan_handled_s" not in figures:
        raise RuntimeError(f"the scan typed at the first paint was not handled: {figures}")
    return figures


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def measure(runs: int, cold_runs: int) -> dict[str, Any]:
    figures: dict[str, dict[str, list[float]]] = {
        "warm": {"app": [], "bare": [], "app_scan": []},
        "cold": {"app": [], "bare": [], "app_scan": []},
    }
    with tempfile.TemporaryDirectory(prefix="packstation-bench-") as home:
        env = _environment(Path(home))
        for kind in ("bare", "app"):  # one start each that is not counted: fills the caches
            run_child(kind, env)
        for mode, count in (("cold", cold_runs), ("warm", runs)):
            for _ in range(count):
                for kind in ("app", "bare"):
                    if mode == "cold":
                        drop_page_cache()
                    got = run_child(kind, env)
                    figures[mode][kind].append(got["ready_s"])
                    if kind == "app":
                        figures[mode]["app_scan"].append(got["scan_handled_s"])
    result: dict[str, Any] = {}
    for mode, kinds in figures.items():
        if not kinds["app"]:
            continue
        ratios = [a / b for a, b in zip(kinds["app"], kinds["bare"], strict=True)]
        result[mode] = {
            "app_ready_s": _summary(kinds["app"]),
            "app_scan_handled_s": _summary(kinds["app_scan"]),
            "bare_ready_s": _summary(kinds["bare"]),
            "ratio_app_to_bare": _summary(ratios),
        }
    return result


def report(result: dict[str, Any]) -> str:
    rows = [f"{'':6} {'figure':<22} {'median':>8} {'min':>8} {'max':>8}"]
    for mode in ("warm", "cold"):
        if mode not in result:
            continue
        for name, label in (
            ("bare_ready_s", "bare window ready (s)"),
            ("app_ready_s", "bench window ready (s)"),
            ("app_scan_handled_s", "first scan handled (s)"),
            ("ratio_app_to_bare", "ready: bench / bare"),
        ):
            f = result[mode][name]
            rows.append(f"{mode:6} {label:<22} {f['median']:8.3f} {f['min']:8.3f} {f['max']:8.3f}")
    warm = result["warm"]
    rows.append(
        f"goal: ready ≤ {GOAL_RATIO:g}× bare (median {warm['ratio_app_to_bare']['median']:.2f}×) "
        f"and < {GOAL_WARM_S:g} s warm (median {warm['app_ready_s']['median']:.3f} s)"
    )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="warm runs of each (default 7)")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold runs of each (default 3)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    result = measure(max(1, args.runs), max(0, args.cold_runs))
    text = report(result)
    print(text)
    document = {
        "benchmark": "cold_start",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "system": platform.platform(),
            "cpus": os.cpu_count(),
            "load_1min": os.getloadavg()[0],
            "qpa_platform": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        },
        "goal": {"ratio": GOAL_RATIO, "warm_s": GOAL_WARM_S},
        "results": result,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
