"""``warehouse up``: a whole warehouse on one computer, to try it (docs/warehouse.md).

A private PostgreSQL server in a temporary folder (Debian's package; see
``sandbox/postgres.py``), the sandbox, and N headless benches — ``packstation pack`` processes,
each with its own data directory and station id — that pack the demo orders, every bench trying
every order (from a different starting point), so they race for them. It prints what each bench
did and what Seven Senders and the store hold, then removes everything (``--keep``: stays up for
your own ``packstation`` windows until Ctrl+C, and prints the settings to use).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from packstation.cli.exits import ExitCode
from packstation.cli.output import Output

#: Demo orders that can be packed with the item check skipped (no customs data asked for).
DEMO_ORDERS = ("A100", "A101", "A102", "A104", "A105", "A106", "A107", "A108", "A109", "A110")


def bench_environment(
    home: Path, name: str, *, api_url: str, access_key: str, feed: str, dsn: str
) -> dict[str, str]:
    """A headless bench's environment: its own folders, the sandbox, the store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")}
    (home / "printed").mkdir(parents=True, exist_ok=True)
    env.update(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        QT_QPA_PLATFORM="offscreen",
        PACKSTATION_CONFIG=str(home / "packstation.toml"),
        PACKSTATION_ENVIRONMENT="custom",
        PACKSTATION_API_URL=api_url,
        PACKSTATION_ACCESS_KEY=access_key,
        PACKSTATION_ORDER_SOURCE=feed,
        PACKSTATION_DATA_DIR=str(home / "station"),
        PACKSTATION_PRINTER=(home / "printed").as_uri(),
        PACKSTATION_STATION_NAME=name,
        PACKSTATION_PACKER_NAME=f"packer {name.rsplit('-', 1)[-1]}",
        PACKSTATION_ACCOUNT_NAME="demo",
        PACKSTATION_WAREHOUSE_DB=dsn,
        PACKSTATION_OUTBOX_DRAIN_S="2",
    )
    return env


def _bench(env: dict[str, str], orders: list[str], results: list[dict[str, Any]]) -> None:
    for order in orders:
        done = subprocess.run(
            [sys.executable, "-m", "packstation", "pack", order, "--skip-verify", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        data = json.loads(lines[-1]) if lines else {}
        results.append({"order_id": order, "exit_code": done.returncode, **data})


def run_up(benches: int, keep: bool, out: Output, orders: int = len(DEMO_ORDERS)) -> ExitCode:
    from packstation.sandbox import SandboxServer
    from packstation.sandbox.postgres import PostgresNotInstalled, PrivatePostgres

    root = Path(tempfile.mkdtemp(prefix="packstation-warehouse-"))
    try:
        try:
            server = PrivatePostgres()
        except PostgresNotInstalled as exc:
            return out.fail(str(exc), ExitCode.CONFIG)
        with server as pg, SandboxServer(seed="demo") as sandbox:
            out.note(f"PostgreSQL (private, {pg.root}): {pg.dsn}")
            out.note(f"Sandbox: {sandbox.base_url}")
            names = [f"bench-{n:02d}" for n in range(1, max(1, benches) + 1)]
            pool = DEMO_ORDERS[: max(1, orders)]
            envs = {
                name: bench_environment(
                    root / name,
                    name,
                    api_url=sandbox.base_url,
                    access_key=sandbox.access_key,
                    feed=sandbox.merchant_feed_url,
                    dsn=pg.dsn,
                )
                for name in names
            }
            results: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
            threads = []
            for index, name in enumerate(names):
                shift = index * len(pool) // len(names)
                mine = list(pool[shift:] + pool[:shift])
                thread = threading.Thread(target=_bench, args=(envs[name], mine, results[name]))
                threads.append(thread)
                thread.start()
            for thread in threads:
                thread.join()
            summary = _summary(sandbox, pg.dsn, results)
            if out.json:
                out.emit({"ok": True, "exit_code": ExitCode.OK, **summary})
            else:
                _show(summary)
            if keep:
                _wait(pg.dsn, sandbox.base_url, sandbox.merchant_feed_url)
        return ExitCode.OK
    finally:
        shutil.rmtree(root, ignore_errors=True)


WORDS = {0: "packed", 9: "held by another bench", 10: "packed elsewhere", 7: "items missing"}


def _summary(sandbox: Any, dsn: str, results: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    import psycopg

    with sandbox.state.lock:
        labels = [label for label in sandbox.state.labels.values() if not label.return_parcel]
    per_parcel = Counter((label.order_id, label.package_no) for label in labels)
    with psycopg.connect(dsn, autocommit=True) as conn:
        copied: dict[str, int] = dict(
            conn.execute(
                "SELECT b.name, count(*) FROM journal_events e JOIN benches b USING (bench_key) "
                "GROUP BY b.name ORDER BY b.name"
            ).fetchall()
        )
    return {
        "benches": {
            name: {
                "outcomes": dict(
                    Counter(WORDS.get(r["exit_code"], str(r["exit_code"])) for r in rows)
                ),
                "journal_events_copied": copied.get(name, 0),
            }
            for name, rows in results.items()
        },
        "labels": len(labels),
        "parcels_with_more_than_one_label": sorted(
            f"{order}/{parcel}" for (order, parcel), n in per_parcel.items() if n > 1
        ),
    }


def _show(summary: dict[str, Any]) -> None:
    for name, bench in summary["benches"].items():
        outcomes = ", ".join(f"{n} {what}" for what, n in sorted(bench["outcomes"].items()))
        print(f"{name}: {outcomes}; {bench['journal_events_copied']} journal events in the store")
    doubles = summary["parcels_with_more_than_one_label"]
    print(
        f"Seven Senders holds {summary['labels']} labels; parcels with more than one: "
        + (", ".join(doubles) if doubles else "none")
    )


def _wait(dsn: str, api_url: str, feed: str) -> None:
    print(
        "\nThe warehouse stays up until Ctrl+C. A bench window on it:\n"
        f"  PACKSTATION_ENVIRONMENT=custom PACKSTATION_API_URL={api_url} "
        f"PACKSTATION_ACCESS_KEY=test-access-key PACKSTATION_ORDER_SOURCE={feed} "
        f"PACKSTATION_WAREHOUSE_DB={dsn} PACKSTATION_ACCOUNT_NAME=demo "
        "PACKSTATION_STATION_NAME=my-bench packstation gui",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("Stopping the warehouse.", file=sys.stderr)
