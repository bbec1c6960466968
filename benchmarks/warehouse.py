"""Warehouse benchmark: N headless benches packing one pool of orders, shared on PostgreSQL.

Run: ``.venv/bin/python -m benchmarks.warehouse [--benches 1,2,4] [--orders-per-bench 6]
[--doubles 0.25] [--latency-ms 50] [--bench-kills 1] [--pg-kills 1] [--seed 15]
[--many-tokens] [--output PATH]``. The issue's full series is ``--benches 1,4,16,32`` (about
2.5 minutes in all on the 2-vCPU development VM, where N=32 loads it to 17-23 and measures the
machine more than the benches; the last run's figures are in ``benchmarks/figures/``). Prints
a table and writes the figures as JSON (default ``benchmarks/results/warehouse.json``).
Nothing is asserted, but two lines are promises: labels per parcel exactly 1, double-packed
orders 0.

The benches share one access key and the sandbox ends a key's earlier tokens when it issues a
new one (legacy 7S, ``single_token``), so they must share the token through the store; the
report counts the sign-ins (``POST /token``). ``--many-tokens`` lets a key hold many tokens.

Per N, on this machine: a private PostgreSQL server (Debian's package, in a temporary folder,
as in the tests), the sandbox (the fake 7S) with ``--latency-ms`` on every request, and N bench
*processes*, each a station built by ``open_station`` as the command line and the window build
it (its own data folder, SQLite journal and station id; ``warehouse_db`` the private server;
one account name, so references are per order), printing to a folder. The pool holds
``N × --orders-per-bench`` fresh orders (copies of demo orders A100, one parcel, and A109, two
boxes), dealt to the benches in turn; a seeded share ``--doubles`` of them is also dealt to a
second bench at the same position of its list, so two benches scan it at about the same moment.
Each bench opens, skips the item check, boxes and finishes its orders one after another.

While they pack, a seeded schedule (by progress, so the same seed kills at the same points)
kills benches with SIGKILL — each comes back a second later on the same data folder, finishes
what was in flight (``resume``) and packs on — and takes PostgreSQL down (immediate shutdown)
for ``--pg-down-s`` and starts it again; the benches pack on alone meanwhile (7S's reference
uniqueness is the guard) and the journal copy catches up afterwards.

It reports, from the sandbox's own records, the benches' journals and the store: orders packed
(every parcel has its label at 7S), labels per parcel (must be exactly 1), double-packed orders
(an order whose labels two benches bought, or that two benches report packed: must be 0), claim
latency p50/p95 (the bench's claim call while the store answers), claims the store could not
answer (it was down), what each scan came to (packed, packed elsewhere, claimed elsewhere,
finished by resume after a kill, …), pack time (open → finished) p50/p95, throughput (orders per
minute, per bench, and per bench against the first N: how the cost grows), and the journal-copy
lag (an event's time on its bench → its copy in the store: p50/p95/max over all events, which
the outages dominate, and p50/p95 of the events copied before the first kill; events still not
copied at the end), the 7S sign-ins, and the machine's load average while it ran.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import platform
import random
import shutil
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.percentiles import p50_p95

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "warehouse.json"
#: (template demo order, what is in each box): one parcel, and two
TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("A100", ()),
    ("A109", ("SKU-YOGA-MAT:2", "SKU-LAMP-DESK,SKU-BOTTLE-750:4")),
)
ACCOUNT = "bench-test"


# ---------------------------------------------------------------------- one bench (a process)


@dataclass(frozen=True)
class BenchPlan:
    name: str
    home: str
    api_url: str
    feed_url: str
    access_key: str
    dsn: str
    orders: tuple[tuple[str, tuple[str, ...]], ...]  # (order id, box specs)
    lease_s: float


def _write(out: Any, record: dict[str, Any]) -> None:
    out.write(json.dumps(record) + "\n")
    out.flush()


def bench_main(plan: BenchPlan) -> None:
    """A bench process: pack the plan's orders not yet recorded, one after another."""
    asyncio.run(_bench(plan))


async def _bench(plan: BenchPlan) -> None:
    from packstation.composition.connection import Connection
    from packstation.composition.station import open_station
    from packstation.settings.model import load_settings

    home = Path(plan.home)
    results = home / "results.jsonl"
    done = {r["order"] for r in _records(results) if "order" in r}
    settings = load_settings(
        data_dir=home / "data",
        order_source=plan.feed_url,
        printer=(home / "printed").as_uri(),
        station_name=plan.name,
        packer_name=f"packer {plan.name[-2:]}",
        account_name=ACCOUNT,
        warehouse_db=plan.dsn,
        warehouse_lease_s=plan.lease_s,
        api_retry_delay_s=0.05,
        label_retry_delay_s=0.05,
        outbox_retry_delay_s=0.2,
        outbox_retry_max_s=1.0,
        outbox_drain_s=2.0,
    )
    connection = Connection(
        base_url=plan.api_url, access_key=plan.access_key, feed_url=plan.feed_url, is_sandbox=True
    )
    with results.open("a", encoding="utf-8") as out:
        async with open_station(settings, connection) as station:
            link = station.warehouse
            assert link is not None
            claims: list[tuple[float, str]] = []
            claim = link.claim

            async def timed_claim(order_id: str, **options: Any) -> Any:
                started = time.perf_counter()
                answer = await claim(order_id, **options)
                claims.append(((time.perf_counter() - started) * 1000, answer.outcome.value))
                return answer

            link.claim = timed_claim  # type: ignore[method-assign]
            _write(out, {"event": "started", "t": time.time()})
            for resumed in await station.service.resume():
                report = resumed.report
                if report is not None:
                    _write(out, {"resumed": report.order_id, "t": time.time()})
            for order_id, boxes in plan.orders:
                if order_id in done:
                    continue
                claims.clear()
                started = time.perf_counter()
                record: dict[str, Any] = {"order": order_id}
                try:
                    record.update(await _pack_one(station, order_id, boxes))
                except Exception as exc:  # noqa: BLE001 - counted and shown, the bench goes on
                    record["outcome"] = "error"
                    record["problem"] = f"{type(exc).__name__}: {exc}"
                record["ms"] = round((time.perf_counter() - started) * 1000, 1)
                record["claims"] = [{"ms": round(ms, 2), "outcome": what} for ms, what in claims]
                record["t"] = time.time()
                _write(out, record)
            # a bench stays up: the journal copy catches up (PostgreSQL may be down just now)
            for _ in range(60):
                if not (await link.flush(5)).copy_lag:
                    break
                await asyncio.sleep(1.0)
            _write(out, {"event": "finished", "t": time.time()})


async def _pack_one(station: Any, order_id: str, boxes: tuple[str, ...]) -> dict[str, Any]:
    """Open, skip the item check, box and finish one order; what it came to."""
    from packstation.domain.boxes import boxes_from_specs
    from packstation.domain.cycle import CycleInterrupted, PackedElsewhere
    from packstation.services.packing import CycleReport, OpenOutcome

    opened = await station.service.open_order(order_id)
    if opened.outcome not in (OpenOutcome.OPENED, OpenOutcome.CONTINUED):
        return {"outcome": opened.outcome.value}
    # a bench killed before ``finish`` is not finished by ``resume`` (its boxes were never
    # confirmed: it waits, and the loop above packs the order on here with its boxes); once
    # finish is pressed, ``resume`` finishes it with them (before that rule a bench killed
    # between the item check and the boxes shipped one parcel: the "7 == 8" flake)
    if boxes:
        await station.service.set_boxes(boxes_from_specs(list(boxes)))
    await station.service.skip_verification("warehouse benchmark")
    try:
        finished = await station.service.finish()
    except PackedElsewhere:
        return {"outcome": "packed_elsewhere"}
    except CycleInterrupted as exc:
        return {"outcome": "interrupted", "problem": exc.message}
    if isinstance(finished, CycleReport):
        return {"outcome": "packed", "tracking_codes": [p.tracking_code for p in finished.parcels]}
    return {"outcome": "refused", "problem": finished.message}


def _records(path: Path) -> list[dict[str, Any]]:
    """A bench's results (a line a kill cut short is skipped)."""
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return found


# ---------------------------------------------------------------------- one N


@dataclass
class Floor:
    """The running benches of one N (the processes this benchmark started)."""

    plans: dict[str, BenchPlan]
    procs: dict[str, Any] = field(default_factory=dict)
    kills: list[dict[str, Any]] = field(default_factory=list)
    first_kill: float | None = None  # time.time() of the first kill of either kind
    loads: list[float] = field(default_factory=list)  # 1-minute load average, once a second
    _load_at: float = 0.0

    def sample_load(self) -> None:
        now = time.monotonic()
        if now - self._load_at >= 1.0 and hasattr(os, "getloadavg"):
            self._load_at = now
            self.loads.append(os.getloadavg()[0])

    def note(self, started: float, **what: Any) -> None:
        self.kills.append({**what, "at_s": round(time.perf_counter() - started, 1)})

    def start(self, name: str) -> None:
        proc = multiprocessing.get_context("spawn").Process(
            target=bench_main, args=(self.plans[name],), name=name
        )
        proc.start()
        self.procs[name] = proc

    def progress(self) -> int:
        return sum(
            1
            for plan in self.plans.values()
            for r in _records(Path(plan.home) / "results.jsonl")
            if "order" in r
        )

    def note_exits(self, started: float) -> None:
        """Benches that ended with an error by themselves (not killed here): said, not hidden."""
        for name, proc in self.procs.items():
            if not proc.is_alive() and proc.exitcode not in (0, None, -9):
                self.note(started, what=f"{name} ended by itself (exit code {proc.exitcode})")

    def alive(self) -> list[str]:
        return [name for name, proc in self.procs.items() if proc.is_alive()]


def _deal(
    names: list[str],
    order_ids: list[tuple[str, tuple[str, ...]]],
    doubles: float,
    rng: random.Random,
) -> tuple[dict[str, list[tuple[str, tuple[str, ...]]]], list[str]]:
    """Each order to one bench in turn; a share also to another bench at the same position."""
    lists: dict[str, list[tuple[str, tuple[str, ...]]]] = {name: [] for name in names}
    twice: list[str] = []
    for index, order in enumerate(order_ids):
        lists[names[index % len(names)]].append(order)
    if len(names) > 1 and doubles > 0:
        count = max(1, round(doubles * len(order_ids)))
        for index in sorted(rng.sample(range(len(order_ids)), min(count, len(order_ids)))):
            order = order_ids[index]
            home = names[index % len(names)]
            other = rng.choice([n for n in names if n != home])
            position = min(index // len(names), len(lists[other]))
            lists[other].insert(position, order)
            twice.append(order[0])
    return lists, twice


def run_one(
    n: int,
    *,
    orders_per_bench: int,
    doubles: float,
    latency_ms: float,
    bench_kills: int,
    pg_kills: int,
    pg_down_s: float,
    lease_s: float,
    seed: int,
    single_token: bool = True,
) -> dict[str, Any]:
    import psycopg

    from packstation.sandbox import SandboxServer
    from packstation.sandbox.postgres import PrivatePostgres

    # a bench killed in the middle of a request is the point here, not the sandbox's error
    logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)
    rng = random.Random(seed * 1000 + n)
    root = Path(tempfile.mkdtemp(prefix=f"packstation-warehouse-bench-{n}-"))
    os.chmod(root, 0o755)
    try:
        with PrivatePostgres() as pg, SandboxServer(seed="demo") as sandbox:
            sandbox.control.latency(latency_ms / 1000)
            # legacy 7S: a new token ends the key's earlier ones; the benches share one key,
            # so without the token share in the store they would end each other's tokens
            sandbox.control.config(single_token=single_token)
            total = n * orders_per_bench
            pool: list[tuple[str, tuple[str, ...]]] = []
            documents = []
            for number in range(total):
                template, boxes = TEMPLATES[1 if number % 3 == 2 else 0]  # a third: 2 boxes
                order_id = f"W{n:02d}{number:04d}"
                document = {**sandbox.state.merchant_orders[template], "order_id": order_id}
                documents.append({**document, "state": "paid"})
                pool.append((order_id, boxes))
            sandbox.control.seed(orders=documents, products=[])
            names = [f"bench-{i:02d}" for i in range(1, n + 1)]
            lists, twice = _deal(names, pool, doubles, rng)
            plans = {}
            for name in names:
                home = root / name
                (home / "printed").mkdir(parents=True)
                plans[name] = BenchPlan(
                    name=name,
                    home=str(home),
                    api_url=sandbox.base_url,
                    feed_url=sandbox.merchant_feed_url,
                    access_key=sandbox.access_key,
                    dsn=pg.dsn,
                    orders=tuple(lists[name]),
                    lease_s=lease_s,
                )
            floor = Floor(plans)
            expected = sum(len(p.orders) for p in plans.values())
            # kills at seeded points of the run's progress
            schedule = sorted(
                [(rng.uniform(0.15, 0.8), "bench") for _ in range(bench_kills)]
                + [(rng.uniform(0.2, 0.7), "pg") for _ in range(pg_kills)]
            )
            started = time.perf_counter()
            for name in names:
                floor.start(name)
            pg_back_at: float | None = None
            deadline = started + 60 + expected * 20
            while floor.alive() and time.perf_counter() < deadline:
                time.sleep(0.1)
                floor.sample_load()
                now = time.perf_counter()
                if pg_back_at is not None and now >= pg_back_at:
                    pg.start_again()
                    floor.note(started, what="postgresql started again")
                    pg_back_at = None
                while schedule and floor.progress() >= schedule[0][0] * expected:
                    _, what = schedule.pop(0)
                    floor.first_kill = floor.first_kill or time.time()
                    if what == "pg" and pg_back_at is None:
                        pg.stop_now()
                        floor.note(started, what="postgresql stopped (immediate)")
                        pg_back_at = time.perf_counter() + pg_down_s
                    elif what == "bench":
                        victims = floor.alive()
                        if victims:
                            victim = rng.choice(victims)
                            floor.procs[victim].kill()  # SIGKILL, our own child
                            floor.procs[victim].join(10)
                            floor.note(started, what=f"{victim} killed (SIGKILL)")
                            time.sleep(1.0)
                            floor.start(victim)
            if pg_back_at is not None:
                pg.start_again()
                floor.note(started, what="postgresql started again")
            floor.note_exits(started)
            for name in floor.alive():  # over the deadline: stopped, and said so
                floor.procs[name].kill()
                floor.procs[name].join(10)
                floor.note(started, what=f"{name} killed at the deadline")
            elapsed = time.perf_counter() - started
            return _figures(n, sandbox, pg.dsn, plans, floor, twice, pool, elapsed, psycopg)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _figures(
    n: int,
    sandbox: Any,
    dsn: str,
    plans: dict[str, BenchPlan],
    floor: Floor,
    twice: list[str],
    pool: list[tuple[str, tuple[str, ...]]],
    elapsed: float,
    psycopg: Any,
) -> dict[str, Any]:
    ids = {order_id for order_id, _ in pool}
    with sandbox.state.lock:
        sign_ins = len(sandbox.state.tokens)  # every POST /token the sandbox answered
        single_token = sandbox.state.settings.single_token
    parcels_of = {order_id: max(1, len(boxes)) for order_id, boxes in pool}
    with sandbox.state.lock:
        labels = [
            label
            for label in sandbox.state.labels.values()
            if label.order_id in ids and not label.return_parcel
        ]
    per_parcel = Counter((label.order_id, label.package_no) for label in labels)
    complete = [
        order_id
        for order_id in ids
        if all(per_parcel.get((order_id, p), 0) >= 1 for p in range(1, parcels_of[order_id] + 1))
    ]
    records = {name: _records(Path(plan.home) / "results.jsonl") for name, plan in plans.items()}
    packed_at: dict[str, set[str]] = defaultdict(set)
    outcomes: Counter[str] = Counter()
    pack_ms: list[float] = []
    claim_ms: list[float] = []
    claim_outcomes: Counter[str] = Counter()
    per_bench: dict[str, int] = {}
    for name, rows in records.items():
        mine = 0
        for row in rows:
            if "resumed" in row:
                packed_at[row["resumed"]].add(name)
                outcomes["finished by resume after a kill"] += 1
                mine += 1
                continue
            if "order" not in row:
                continue
            outcomes[row["outcome"]] += 1
            for c in row.get("claims", []):
                claim_outcomes[c["outcome"]] += 1
                if c["outcome"] != "offline":
                    claim_ms.append(c["ms"])
            if row["outcome"] == "packed":
                packed_at[row["order"]].add(name)
                pack_ms.append(row["ms"])
                mine += 1
        per_bench[name] = mine
    # where each order's labels were bought or taken (its journal: a live label with a code)
    bought_at: dict[str, set[str]] = defaultdict(set)
    for name, plan in plans.items():
        db = Path(plan.home) / "data" / "journal.sqlite3"
        if not db.exists():
            continue
        with closing(sqlite3.connect(db)) as journal:
            for (order_id,) in journal.execute(
                "SELECT DISTINCT order_id FROM journal_labels WHERE tracking_code IS NOT NULL "
                "AND status NOT IN ('voided', 'abandoned')"
            ):
                bought_at[order_id].add(name)
    double = sorted(
        order_id
        for order_id in ids
        if len(packed_at.get(order_id, set()) | bought_at.get(order_id, set())) > 1
    )
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT extract(epoch FROM copied_at - at), extract(epoch FROM copied_at) "
            "FROM journal_events"
        ).fetchall()
    lags = [float(lag) * 1000 for lag, _ in rows]
    calm = floor.first_kill or float("inf")
    quiet = [float(lag) * 1000 for lag, copied in rows if float(copied) < calm]
    local = 0
    for plan in plans.values():
        db = Path(plan.home) / "data" / "journal.sqlite3"
        if db.exists():
            with closing(sqlite3.connect(db)) as journal:
                local += journal.execute("SELECT count(*) FROM journal_events").fetchone()[0]
    minutes = elapsed / 60
    packed_orders = len(complete)
    return {
        "benches": n,
        "orders": len(ids),
        "orders_scanned_at_two_benches": len(twice),
        "seconds": round(elapsed, 1),
        "kills": floor.kills,
        "orders_packed": packed_orders,
        "labels_per_parcel": {
            "exactly_1": sum(1 for c in per_parcel.values() if c == 1),
            "more_than_1": sum(1 for c in per_parcel.values() if c > 1),
            "parcels": sum(parcels_of.values()),
        },
        "double_packed_orders": len(double),
        "double_packed": double,
        "outcomes": dict(outcomes),
        "claims": dict(claim_outcomes),
        "claim_latency_ms": p50_p95(claim_ms),
        "pack_ms": p50_p95(pack_ms),
        "orders_per_minute": round(packed_orders / minutes, 1) if minutes else None,
        "orders_per_bench_per_minute": round(packed_orders / minutes / n, 2) if minutes else None,
        "packed_per_bench": per_bench,
        "journal_copy_lag_ms": {
            **p50_p95(lags),
            "max": round(max(lags), 1) if lags else None,
        },
        "journal_copy_lag_copied_before_the_first_kill_ms": p50_p95(quiet),
        "token_sign_ins": sign_ins,
        "single_token": single_token,
        "load_average_1min": {
            "mean": round(sum(floor.loads) / len(floor.loads), 2) if floor.loads else None,
            "max": round(max(floor.loads), 2) if floor.loads else None,
        },
        "journal_events": {"local": local, "copied": len(lags), "not_copied": local - len(lags)},
        "not_packed": {
            order_id: {
                name: [
                    r.get("outcome", "resumed")
                    for r in rows
                    if order_id in (r.get("order"), r.get("resumed"))
                ]
                for name, rows in records.items()
            }
            for order_id in sorted(ids - set(complete))
        },
    }


# ---------------------------------------------------------------------- the series


def run(args: argparse.Namespace) -> dict[str, Any]:
    load_at_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    steps = []
    for n in args.benches:
        print(f"N={n}: {n} benches, {n * args.orders_per_bench} orders …", flush=True)
        steps.append(
            run_one(
                n,
                orders_per_bench=args.orders_per_bench,
                doubles=args.doubles,
                latency_ms=args.latency_ms,
                bench_kills=args.bench_kills,
                pg_kills=args.pg_kills,
                pg_down_s=args.pg_down_s,
                lease_s=args.lease_s,
                seed=args.seed,
                single_token=not args.many_tokens,
            )
        )
    base = steps[0]["orders_per_bench_per_minute"] if steps else None
    for step in steps:
        rate = step["orders_per_bench_per_minute"]
        step["per_bench_vs_first"] = round(rate / base, 2) if base and rate else None
    return {
        "benchmark": "warehouse",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "load_average_at_start": load_at_start,
        "seed": args.seed,
        "latency_ms": args.latency_ms,
        "orders_per_bench": args.orders_per_bench,
        "doubles": args.doubles,
        "bench_kills": args.bench_kills,
        "pg_kills": args.pg_kills,
        "pg_down_s": args.pg_down_s,
        "single_token": not args.many_tokens,
        "steps": steps,
    }


def _table(report: dict[str, Any]) -> None:
    rows: list[tuple[str, Any]] = [
        (
            "orders (scanned at two benches)",
            lambda s: f"{s['orders']} ({s['orders_scanned_at_two_benches']})",
        ),
        ("orders packed", lambda s: s["orders_packed"]),
        ("labels per parcel: exactly 1", lambda s: s["labels_per_parcel"]["exactly_1"]),
        ("labels per parcel: more (must be 0)", lambda s: s["labels_per_parcel"]["more_than_1"]),
        ("double-packed orders (must be 0)", lambda s: s["double_packed_orders"]),
        (
            "claim latency p50 / p95 ms",
            lambda s: f"{s['claim_latency_ms']['p50']} / {s['claim_latency_ms']['p95']}",
        ),
        ("claims unanswered (store down)", lambda s: s["claims"].get("offline", 0)),
        ("pack time p50 / p95 ms", lambda s: f"{s['pack_ms']['p50']} / {s['pack_ms']['p95']}"),
        ("orders per minute", lambda s: s["orders_per_minute"]),
        ("per bench per minute", lambda s: s["orders_per_bench_per_minute"]),
        ("per bench vs first N", lambda s: s["per_bench_vs_first"]),
        (
            "journal copy lag p50 / p95 / max ms",
            lambda s: "{p50} / {p95} / {max}".format(**s["journal_copy_lag_ms"]),
        ),
        (
            "  copied before the first kill p50/p95",
            lambda s: "{p50} / {p95}".format(
                **s["journal_copy_lag_copied_before_the_first_kill_ms"]
            ),
        ),
        ("journal events not copied", lambda s: s["journal_events"]["not_copied"]),
        ("7S sign-ins (POST /token)", lambda s: s["token_sign_ins"]),
        (
            "load average mean / max",
            lambda s: "{mean} / {max}".format(**s["load_average_1min"]),
        ),
        (
            "benches killed, PostgreSQL stops",
            lambda s: "{} / {}".format(
                sum("SIGKILL" in k["what"] for k in s["kills"]),
                sum("stopped" in k["what"] for k in s["kills"]),
            ),
        ),
        ("seconds", lambda s: s["seconds"]),
    ]
    steps = report["steps"]
    print(f"{'N':38}" + "".join(f"{s['benches']:>26}" for s in steps))
    for title, value in rows:
        print(f"{title:38}" + "".join(f"{value(s)!s:>26}" for s in steps))
    for step in steps:
        for order_id, where in step["not_packed"].items():
            print(f"N={step['benches']}: {order_id} not packed: {where}")
        print(
            f"N={step['benches']} outcomes: "
            + ", ".join(f"{k} {v}" for k, v in sorted(step["outcomes"].items()))
        )


def _counts(text: str) -> list[int]:
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("a list of bench counts, e.g. 1,4,16,32")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--benches", type=_counts, default=[1, 2, 4], help="N per step (1,2,4)")
    parser.add_argument(
        "--orders-per-bench", type=int, default=6, help="orders in the pool per bench (6)"
    )
    parser.add_argument(
        "--doubles", type=float, default=0.25, help="share of orders dealt to two benches (0.25)"
    )
    parser.add_argument(
        "--latency-ms", type=float, default=50.0, help="added to every 7S request (50)"
    )
    parser.add_argument("--bench-kills", type=int, default=1, help="benches SIGKILLed per step (1)")
    parser.add_argument("--pg-kills", type=int, default=1, help="PostgreSQL shutdowns per step (1)")
    parser.add_argument("--pg-down-s", type=float, default=3.0, help="PostgreSQL down for (3 s)")
    parser.add_argument("--lease-s", type=float, default=30.0, help="claim lease (30 s)")
    parser.add_argument("--seed", type=int, default=15, help="the schedule's seed (15)")
    parser.add_argument(
        "--many-tokens",
        action="store_true",
        help="the sandbox lets a key hold many tokens (default: a new token ends the earlier "
        "ones, as legacy 7S documents, so the benches must share it through the store)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file")
    args = parser.parse_args(argv)
    if args.orders_per_bench < 1 or not 0 <= args.doubles <= 1:
        parser.error("--orders-per-bench must be at least 1, --doubles in 0…1")
    report = run(args)
    _table(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
