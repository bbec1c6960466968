"""A/B of the scan-to-print benchmark between an earlier commit and the working tree, in one run.

Run: ``.venv/bin/python -m benchmarks.ab_commits [--base REF] [--rounds R] [--cycles N]
[--latency-ms MS] [--parcels P] [--output PATH]``.

A change that should not cost the packer anything (a refactoring, a new layer) is checked by
timing it against the commit before it on the same machine in the same minutes: the machine's
noise then hits both sides alike. The base commit is checked out into a temporary git worktree
(``git worktree add --detach``; removed afterwards) and both trees run their own
``benchmarks/scan_to_print.py`` with this interpreter, alternating base and head for
``--rounds`` rounds (base, head, base, head, …), so drift during the run is shared. Each tree's
own script is used because the station's entry points move between commits; both measure the
same thing (finish → printer took the last label, sandbox + virtual Zebra on loopback).

It prints the median over the rounds of each side's p50 and p95 and the ratios head/base, and
writes the figures as JSON (default ``benchmarks/results/ab_commits.json``). Nothing is
asserted: a ratio within about 1 % is "no regression" only on a quiet machine (look at the
spread between rounds printed beside it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "benchmarks" / "results" / "ab_commits.json"


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def _check_import_root(tree: Path) -> None:
    """The child must import packstation from ``tree``, not from the installed checkout."""
    found = subprocess.run(
        [sys.executable, "-c", "import packstation; print(packstation.__file__)"],
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"packstation is imported from {found}, not from {tree}")


def _one_run(tree: Path, args: argparse.Namespace, out: Path) -> dict[str, float]:
    command = [
        sys.executable,
        "-m",
        "benchmarks.scan_to_print",
        "--cycles",
        str(args.cycles),
        "--latency-ms",
        str(args.latency_ms),
        "--parcels",
        str(args.parcels),
        "--output",
        str(out),
    ]
    subprocess.run(command, cwd=tree, check=True, capture_output=True, text=True)
    app = json.loads(out.read_text(encoding="utf-8"))["app_finish_to_printed"]
    return {"p50_ms": float(app["p50_ms"]), "p95_ms": float(app["p95_ms"])}


def _side(runs: list[dict[str, float]]) -> dict[str, Any]:
    out: dict[str, Any] = {"runs": runs}
    for key in ("p50_ms", "p95_ms"):
        values = [r[key] for r in runs]
        out[key] = round(statistics.median(values), 2)
        out[key.replace("_ms", "_spread_ms")] = round(max(values) - min(values), 2)
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    base_commit = _git("rev-parse", args.base)
    head_commit = _git("rev-parse", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    with tempfile.TemporaryDirectory(prefix="packstation-ab-") as tmp:
        base_tree = Path(tmp) / "base"
        _git("worktree", "add", "--detach", str(base_tree), base_commit)
        try:
            _check_import_root(base_tree)
            _check_import_root(ROOT)
            base_runs: list[dict[str, float]] = []
            head_runs: list[dict[str, float]] = []
            for r in range(args.rounds):
                base_runs.append(_one_run(base_tree, args, Path(tmp) / f"base-{r}.json"))
                head_runs.append(_one_run(ROOT, args, Path(tmp) / f"head-{r}.json"))
                print(
                    f"round {r + 1}/{args.rounds}: base p50 {base_runs[-1]['p50_ms']:.2f} "
                    f"p95 {base_runs[-1]['p95_ms']:.2f} | head p50 {head_runs[-1]['p50_ms']:.2f} "
                    f"p95 {head_runs[-1]['p95_ms']:.2f} ms",
                    flush=True,
                )
        finally:
            _git("worktree", "remove", "--force", str(base_tree))
    base, head = _side(base_runs), _side(head_runs)
    return {
        "benchmark": "ab_commits",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": {"commit": base_commit, **base},
        "head": {"commit": head_commit, "uncommitted_changes": dirty, **head},
        "settings": {
            "rounds": args.rounds,
            "cycles": args.cycles,
            "latency_ms": args.latency_ms,
            "parcels": args.parcels,
        },
        "head_over_base": {
            "p50": round(head["p50_ms"] / base["p50_ms"], 3),
            "p95": round(head["p95_ms"] / base["p95_ms"], 3),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~1", help="the earlier commit (default HEAD~1)")
    parser.add_argument("--rounds", type=int, default=3, help="base/head pairs (default 3)")
    parser.add_argument("--cycles", type=int, default=30, help="cycles per run (default 30)")
    parser.add_argument("--latency-ms", type=float, default=100.0, help="per request")
    parser.add_argument("--parcels", type=int, default=1)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file")
    args = parser.parse_args(argv)
    report = run(args)
    ratio = report["head_over_base"]
    for side in ("base", "head"):
        s = report[side]
        print(
            f"{side} {s['commit'][:9]}: p50 {s['p50_ms']:.2f} ms (spread {s['p50_spread_ms']:.2f})"
            f"  p95 {s['p95_ms']:.2f} ms (spread {s['p95_spread_ms']:.2f})"
        )
    print(f"head/base: p50 {ratio['p50']:.3f}  p95 {ratio['p95']:.3f}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
