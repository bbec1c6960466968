"""Shift view refresh: LISTEN/NOTIFY against polling, measured on a private PostgreSQL.

Run: ``.venv/bin/python -m benchmarks.shift_refresh [--benches 40] [--views 3] [--seconds 60]
[--order-s 20] [--claim-s 8] [--output PATH]``. Prints a table and writes the figures as JSON
(default ``benchmarks/results/shift_refresh.json``). Nothing is asserted.

A private PostgreSQL server (Debian's package in a temporary folder, as in the tests) with the
warehouse schema. ``--benches`` simulated benches, each on its own connection like a real bench
(``PostgresWarehouse``): every ``--order-s`` seconds (staggered) a bench claims an order, copies
its journal events about once a second while it packs (``--claim-s``), and releases it; each
sends its heartbeat every 22 s (a 90 s lease). ``--views`` shift views (the window's shift
mode, a wall screen, ``shift --watch``) keep their figures fresh with ``FloorWatch``, the code
the window uses, in one of these modes, each for ``--seconds``:

* ``no notify``: no view, and the triggers that announce changes switched off (what the
  announcements cost the benches' writes when nobody listens);
* ``benches only``: no view (the benches' own load on the server, the baseline);
* ``poll 10 s`` and ``poll 2 s``: a read every 10 s (the window before) or 2 s;
* ``listen``: LISTEN/NOTIFY, a read at most once a second after a change, and every 30 s;
* ``listen 2 s``: the same, a read at most every 2 s.

With ``--history-hours`` (default 8) the store first holds that much of a shift's journal for
every bench (an order every 2 minutes, 30 events each), so a read of the shift view costs what
it costs late in a shift.

Per mode: the latency from a bench's claim (committed) to each view showing it (p50/p95/max),
the claims a view never showed (released before its next read), reads per view per minute, the
load on PostgreSQL: CPU seconds of the server's processes per minute and transactions per
second, and what the views add over ``benches only``, and how long a bench's journal copy (one
write) takes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.percentiles import p50_p95

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "shift_refresh.json"
MODES = ("no notify", "benches only", "poll 10 s", "poll 2 s", "listen", "listen 2 s")
#: the tables whose triggers announce changes (migration 5)
NOTIFYING = ("benches", "order_claims", "journal_events", "customs_shipments", "pickup_manifests")


def _server_cpu_s(postmaster: int) -> float:
    """CPU seconds (user + system) of the server: the postmaster and its children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == postmaster or ppid == postmaster:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


@dataclass
class Run:
    """What one mode saw."""

    claimed: dict[str, float] = field(default_factory=dict)  # order → monotonic at commit
    released: dict[str, float] = field(default_factory=dict)
    seen: list[dict[str, float]] = field(default_factory=list)  # per view: order → latency s
    writes: list[tuple[float, float]] = field(default_factory=list)  # (monotonic, ms) per write


async def _bench(
    number: int, dsn: str, run: Run, stop: asyncio.Event, order_s: float, claim_s: float
) -> None:
    from packstation.adapters.warehouse_pg import PostgresWarehouse
    from packstation.domain.cycle import JournalEvent, JournalKind
    from packstation.domain.warehouse import BenchId

    bench = BenchId(f"sim-{number:02d}-key", f"sim-{number:02d}")
    store = PostgresWarehouse(dsn, application_name=f"packstation {bench.name}")
    rng = random.Random(number)
    event_id = time.time_ns() // 1000  # new ids in every mode: each copy inserts a row
    orders = 0
    beat_at = 0.0
    try:
        await asyncio.sleep(rng.uniform(0, order_s))  # staggered
        while not stop.is_set():
            orders += 1
            order_id = f"{bench.name}-{orders:04d}"
            started = time.monotonic()
            await store.claim(order_id, bench, "sim", 90)
            run.claimed[order_id] = time.monotonic()
            while time.monotonic() - started < claim_s and not stop.is_set():
                event_id += 1
                at = datetime.now(UTC)
                kind = JournalKind.CYCLE_OPENED if event_id % 5 == 1 else JournalKind.SCAN
                began = time.monotonic()
                await store.copy_events(
                    bench, [JournalEvent(kind, order_id, f"c-{order_id}", {}, at, event_id)]
                )
                run.writes.append((began, (time.monotonic() - began) * 1000))
                if time.monotonic() - beat_at > 22:
                    beat_at = time.monotonic()
                    await store.heartbeat(bench, "sim", [order_id], 90, {"outbox_pending": 0})
                await asyncio.sleep(1.0)
            await store.release(order_id, bench)
            run.released[order_id] = time.monotonic()
            rest = max(0.0, order_s - (time.monotonic() - started))
            await asyncio.sleep(rest * rng.uniform(0.8, 1.2))
    finally:
        await store.close()


async def _mode(mode: str, dsn: str, pid: int, args: argparse.Namespace) -> dict[str, Any]:
    from packstation.adapters.warehouse_pg import PostgresWarehouse
    from packstation.domain.warehouse import ShiftFigures
    from packstation.services.floor_watch import FloorWatch, WatchPolicy

    run = Run()
    stop = asyncio.Event()
    if mode == "no notify":
        await _triggers(dsn, "DISABLE")
    benches = [
        asyncio.ensure_future(_bench(n, dsn, run, stop, args.order_s, args.claim_s))
        for n in range(1, args.benches + 1)
    ]
    await asyncio.sleep(args.order_s)  # every bench is busy before the clock starts
    views: list[tuple[FloorWatch[Any], PostgresWarehouse]] = []
    tasks = []
    if mode not in ("benches only", "no notify"):
        for number in range(args.views):
            store = PostgresWarehouse(dsn, application_name=f"packstation view {number}")
            seen: dict[str, float] = {}
            run.seen.append(seen)

            def show(figures: ShiftFigures | None, seen: dict[str, float] = seen) -> None:
                now = time.monotonic()
                for claim in figures.claims if figures else ():
                    at = run.claimed.get(claim.order_id)
                    if at is not None and claim.order_id not in seen and at >= counting_from:
                        seen[claim.order_id] = now - at

            async def read(store: PostgresWarehouse = store) -> ShiftFigures:
                return await store.shift(
                    datetime.now(UTC) - timedelta(hours=8), online_s=45, idle_s=600
                )

            poll_s = 2.0 if mode == "poll 2 s" else 10.0
            watch: FloorWatch[Any] = FloorWatch(
                read,
                show,
                _listener(store) if mode.startswith("listen") else None,
                WatchPolicy(
                    poll_s=poll_s,
                    safety_s=30.0,
                    min_interval_s=2.0 if mode == "listen 2 s" else 1.0,
                ),
            )
            views.append((watch, store))
    counting_from = time.monotonic()
    cpu0 = _server_cpu_s(pid)
    xact0 = await _commits(dsn)
    tasks = [asyncio.ensure_future(watch.run()) for watch, _ in views]
    await asyncio.sleep(args.seconds)
    cpu1 = _server_cpu_s(pid)
    xact1 = await _commits(dsn)
    ended = time.monotonic()
    for task in tasks:
        task.cancel()
    stop.set()
    await asyncio.gather(*tasks, *benches, return_exceptions=True)
    for _, store in views:
        await store.close()
    if mode == "no notify":
        await _triggers(dsn, "ENABLE")
    minutes = args.seconds / 60
    claims = [o for o, at in run.claimed.items() if counting_from <= at <= ended - 12]
    latencies = [seen[o] * 1000 for seen in run.seen for o in claims if o in seen]
    writes = [ms for at, ms in run.writes if counting_from <= at <= ended]
    missed = sum(1 for seen in run.seen for o in claims if o not in seen)
    return {
        "mode": mode,
        "claims": len(claims),
        "latency_ms": {
            **p50_p95(latencies),
            "max": round(max(latencies), 1) if latencies else None,
        },
        "claims_never_shown": missed,
        "claims_never_shown_share": round(missed / (len(claims) * len(views)), 3)
        if claims and views
        else None,
        "reads_per_view_per_minute": round(sum(w.reads for w, _ in views) / len(views) / minutes, 1)
        if views
        else 0,
        "notifications_per_view_per_minute": round(
            sum(w.notifications for w, _ in views) / len(views) / minutes, 1
        )
        if views
        else 0,
        "journal_copy_write_ms": {
            **p50_p95(writes),
        },
        "server_cpu_s_per_minute": round((cpu1 - cpu0) / minutes, 2),
        "transactions_per_s": round((xact1 - xact0) / args.seconds, 1),
    }


def _listener(store: Any) -> Any:
    """``FloorWatch``'s listen on ``store`` (a view's own ``PostgresWarehouse``)."""

    async def listen(changed: Any, ready: Any) -> None:
        await store.listen(changed, ready=ready)

    return listen


def _history(dsn: str, benches: int, hours: float) -> None:
    """``hours`` of journal for every simulated bench, as late in a shift (event ids below the
    ones the benches send during the run)."""
    import psycopg

    now = datetime.now(UTC)
    orders = int(hours * 30)  # one every 2 minutes
    with psycopg.connect(dsn, autocommit=True) as conn:
        with conn.cursor().copy(
            "COPY journal_events (bench_key, event_id, at, kind, order_id, cycle_id, detail) "
            "FROM STDIN"
        ) as copy:
            for number in range(1, benches + 1):
                key = f"sim-{number:02d}-key"
                for o in range(orders):
                    start = now - timedelta(hours=hours) + timedelta(minutes=2 * o)
                    order = f"H{number:02d}-{o:05d}"
                    for e in range(30):
                        kind, detail = "scan", "{}"
                        if e == 0:
                            kind = "cycle_opened"
                        elif e == 20:
                            kind = "label_bought"
                        elif e == 29:
                            kind, detail = "cycle_step", '{"step": "done"}'
                        event_id = -(o * 30 + e + 1)  # below the run's own ids
                        at = start + timedelta(seconds=3 * e)
                        copy.write_row((key, event_id, at, kind, order, f"c-{order}", detail))
        conn.execute("ANALYZE")


async def _triggers(dsn: str, what: str) -> None:
    import psycopg

    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        for table in NOTIFYING:
            await conn.execute(f"ALTER TABLE {table} {what} TRIGGER floor_changed".encode())


async def _commits(dsn: str) -> int:
    import psycopg

    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        row = await (
            await conn.execute(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
            )
        ).fetchone()
        return int(row[0]) if row else 0


async def _series(args: argparse.Namespace) -> dict[str, Any]:
    from packstation.adapters.warehouse_pg import PostgresWarehouse
    from packstation.sandbox.postgres import PrivatePostgres

    with PrivatePostgres() as pg:
        store = PostgresWarehouse(pg.dsn)
        await store.migrate()
        await store.close()
        _history(pg.dsn, args.benches, args.history_hours)
        pid = pg.pid
        assert pid is not None
        steps = []
        for mode in args.modes:
            print(f"{mode} …", flush=True)
            steps.append(await _mode(mode, pg.dsn, pid, args))
    base = next((s for s in steps if s["mode"] == "benches only"), None)
    for step in steps:
        if base is not None and step is not base and step["mode"] != "no notify":
            step["views_add_server_cpu_s_per_minute"] = round(
                step["server_cpu_s_per_minute"] - base["server_cpu_s_per_minute"], 2
            )
    return {
        "benchmark": "shift_refresh",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "load_average_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "benches": args.benches,
        "views": args.views,
        "seconds": args.seconds,
        "order_s": args.order_s,
        "claim_s": args.claim_s,
        "history_hours": args.history_hours,
        "steps": steps,
    }


def _table(report: dict[str, Any]) -> None:
    rows: list[tuple[str, Any]] = [
        ("claims (counted)", lambda s: s["claims"]),
        (
            "claim → view p50 / p95 / max ms",
            lambda s: "{p50} / {p95} / {max}".format(**s["latency_ms"]),
        ),
        ("claims a view never showed", lambda s: s["claims_never_shown"]),
        ("reads per view per minute", lambda s: s["reads_per_view_per_minute"]),
        ("server CPU s per minute", lambda s: s["server_cpu_s_per_minute"]),
        ("  added by the views", lambda s: s.get("views_add_server_cpu_s_per_minute", "—")),
        ("transactions per s", lambda s: s["transactions_per_s"]),
        (
            "a bench's journal copy p50 / p95 ms",
            lambda s: "{p50} / {p95}".format(**s["journal_copy_write_ms"]),
        ),
    ]
    steps = report["steps"]
    print(f"{'':34}" + "".join(f"{s['mode']:>24}" for s in steps))
    for title, value in rows:
        print(f"{title:34}" + "".join(f"{value(s)!s:>24}" for s in steps))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--benches", type=int, default=40, help="simulated benches (40)")
    parser.add_argument("--views", type=int, default=3, help="shift views (3)")
    parser.add_argument("--seconds", type=float, default=60.0, help="per mode (60)")
    parser.add_argument("--order-s", type=float, default=20.0, help="an order per bench (20 s)")
    parser.add_argument("--claim-s", type=float, default=8.0, help="an order held for (8 s)")
    parser.add_argument(
        "--modes",
        type=lambda text: [m.strip() for m in text.split(",") if m.strip()],
        default=list(MODES),
        help="which, comma-separated (" + ", ".join(MODES) + ")",
    )
    parser.add_argument(
        "--history-hours", type=float, default=8.0, help="journal already in the store (8 h)"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modes if m not in MODES]
    if unknown or args.benches < 1 or args.views < 1 or args.seconds < 15:
        parser.error(f"modes among {', '.join(MODES)}; --benches, --views ≥ 1; --seconds ≥ 15")
    report = asyncio.run(_series(args))
    _table(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
