"""Scan-to-print benchmark: what the packer waits for between "finish" and the label printing.

Run: ``.venv/bin/python -m benchmarks.scan_to_print [--cycles N] [--latency-ms MS]
[--parcels P] [--format zpl|pdf] [--output PATH]``. Prints a table and writes the figures as
JSON (default ``benchmarks/results/scan_to_print.json``). Nothing is asserted: it is for
comparing machines and changes.

Everything runs on this machine: the sandbox (the fake 7S) with ``--latency-ms`` injected into
*every* request, the sandbox's virtual Zebra on a loopback TCP port as the printer
(``status=none``: the raw transfer, no ``~HS`` round trips), and a real journal in a temporary
data directory. In the same run it measures:

(a) **app**: N pack cycles through the station exactly as the command line and the GUI build it
    (``open_station``). The order is opened and the items checked first (the background
    work — merchant order, 7S order, ``in_preparation``, product data — finishes meanwhile, as
    it does while a packer scans); then the clock runs from ``finish()`` to the moment the
    printer took the last parcel's label.
(b) **floor**: the same label POST + download + printer transfer issued raw, with httpx and a
    socket, one after the other — the unavoidable minimum.
(c) **naive**: every call of the cycle issued one after the other after "finish" (order lookup,
    merchant order, ``in_preparation``, product data, label POST, download, printer transfer,
    ``boarding_complete``), as a station without a background phase and an outbox would.

It reports p50/p95 of each (ms), the ratios a/b and a/c, the app's overhead over the floor, the
cost of one journal transaction (the intent written before every label POST, synced to the
disk, beside the next write of the same row, which only the WAL keeps), and the
process's resident memory before and after the app cycles (growth per 1,000 cycles).
Targets (issue #3 §6): a/b ≤ 1.05 and ≤ 20 ms above the floor at p95; a/c clearly below 1 at
100 ms latency; RSS growth under 5 MB per 1,000 cycles.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

import httpx

from benchmarks.percentiles import percentile
from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.composition.connection import Connection
from packstation.composition.station import open_station
from packstation.domain.cycle import (
    AttemptStatus,
    JournalEvent,
    JournalKind,
    LabelAttempt,
)
from packstation.domain.shipping import Carrier, LabelFormat
from packstation.services.packing import CycleReport, LabelPrinted, PackingEvent
from packstation.settings.model import load_settings

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "scan_to_print.json"
TEMPLATE_ORDER = "A100"  # DE, two lines, DHL: copied for every cycle


# ---------------------------------------------------------------------- helpers


def _rss_bytes() -> int:
    """The resident set size now (Linux: /proc; elsewhere the peak, which only grows)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "runs": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
        "min_ms": round(min(ms), 2) if ms else float("nan"),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
    }


def _serve(pipe: Pipe) -> None:
    """Child process: the sandbox and the virtual printer, so their memory is not the app's."""
    from packstation.sandbox import SandboxServer
    from packstation.sandbox.printer import VirtualPrinter

    with SandboxServer(seed="demo") as sandbox, VirtualPrinter() as printer:
        pipe.send(
            {
                "root_url": sandbox.root_url,
                "base_url": sandbox.base_url,
                "feed_url": sandbox.merchant_feed_url,
                "access_key": sandbox.access_key,
                "printer_host": printer.host,
                "printer_port": printer.port,
                "printer_uri": printer.uri,
            }
        )
        while (message := pipe.recv()) != "stop":
            if message == "jobs":
                pipe.send(len(printer.jobs()))


@dataclass(frozen=True, slots=True)
class World:
    """Where the sandbox and the printer listen (in the child process)."""

    root_url: str
    base_url: str
    feed_url: str
    access_key: str
    printer_host: str
    printer_port: int
    printer_uri: str
    pipe: Pipe

    async def hook(self, http: httpx.AsyncClient, name: str, body: Any) -> None:
        answer = await http.post(f"{self.root_url}/__mock/{name}", json=body)
        answer.raise_for_status()

    async def latency(self, http: httpx.AsyncClient, seconds: float) -> None:
        await self.hook(http, "latency", {"seconds": seconds})

    async def orders(self, http: httpx.AsyncClient, prefix: str, count: int) -> list[str]:
        """``count`` fresh merchant orders (copies of A100) in the feed and the 7S store."""
        answer = await http.get(f"{self.feed_url}/{TEMPLATE_ORDER}")
        answer.raise_for_status()
        template = answer.json()
        ids = [f"{prefix}{n:05d}" for n in range(count)]
        docs = [{**template, "order_id": order_id, "state": "paid"} for order_id in ids]
        await self.hook(http, "seed", {"orders": docs})
        return ids


async def _wait_for(predicate: Callable[[], Awaitable[bool]], within_s: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    while not await predicate():
        if loop.time() > deadline:
            raise TimeoutError("the station did not get ready in time")
        await asyncio.sleep(0.005)


# ---------------------------------------------------------------------- (a) the app


async def _app_cycles(
    world: World,
    http: httpx.AsyncClient,
    printer_uri: str,
    data_dir: Path,
    order_ids: list[str],
    warmup: int,
    latency: float,
    label_format: LabelFormat,
    parcels: int,
) -> tuple[list[float], tuple[int, int, int], tuple[list[float], list[float]]]:
    settings = load_settings(
        data_dir=data_dir,
        order_source=world.feed_url,
        printer=printer_uri,
        label_format=label_format,
        outbox_retry_delay_s=0.2,
        outbox_retry_max_s=1.0,
    )
    connection = Connection(
        base_url=world.base_url,
        access_key=world.access_key,
        feed_url=world.feed_url,
        is_sandbox=True,
    )
    samples: list[float] = []
    rss_before = rss_half = rss_after = 0
    async with open_station(settings, connection) as station:
        service = station.service
        printed_at: list[float] = []

        def on_event(event: PackingEvent) -> None:
            if isinstance(event, LabelPrinted) and event.parcel == event.parcels:
                printed_at.append(time.perf_counter())

        service.subscribe(on_event)
        for index, order_id in enumerate(order_ids):
            if index == warmup:
                await world.latency(http, latency)
                gc.collect()
                rss_before = _rss_bytes()
            if index == warmup + (len(order_ids) - warmup) // 2:
                gc.collect()
                rss_half = _rss_bytes()
            opened = await service.open_order(order_id)
            if opened.session is None:
                raise RuntimeError(f"{order_id}: {opened.message}")
            await service.skip_verification("benchmark")
            if parcels > 1:
                await service.set_parcels(parcels)

            async def ready(oid: str = order_id) -> bool:
                # the background phase is over: in_preparation queued and delivered
                states = [
                    e
                    for e in await station.journal.entries(order_id=oid)
                    if e.kind == "order_state"
                ]
                return bool(states) and all(e.status.value == "delivered" for e in states)

            await _wait_for(ready)  # the packer is still scanning
            printed_at.clear()
            started = time.perf_counter()
            report = await service.finish()
            if not isinstance(report, CycleReport) or not report.printed or not printed_at:
                raise RuntimeError(f"{order_id}: the cycle did not print: {report}")
            if index >= warmup:
                samples.append(printed_at[-1] - started)
        await station.outbox.drain(30)
        gc.collect()
        rss_after = _rss_bytes()
    journal_ms = await _journal_cost(data_dir / "journal-bench.sqlite3")
    return samples, (rss_before, rss_half, rss_after), journal_ms


async def _journal_cost(path: Path, runs: int = 200) -> tuple[list[float], list[float]]:
    """One label intent, as written before every POST: a single small transaction, synced to
    the disk (``synchronous=FULL``); and, for comparison, the same row's next write ("bought"),
    which only the WAL keeps (``synchronous=NORMAL``)."""
    samples: list[float] = []
    unsynced: list[float] = []
    async with SqliteJournal(path) as journal:
        base = LabelAttempt(
            reference_number="",
            cycle_id="bench",
            order_id="B0",
            parcel_no=1,
            parcel_count=1,
            generation=0,
            status=AttemptStatus.INTENT,
            label_format=LabelFormat.ZPL,
            carrier=Carrier("dhl", "DE"),
        )
        for n in range(runs):
            attempt = replace(base, reference_number=f"bench-{n}")
            event = JournalEvent(kind=JournalKind.LABEL_INTENT, order_id="B0", detail={"n": n})
            started = time.perf_counter()
            await journal.save_attempt(attempt, event)
            samples.append(time.perf_counter() - started)
            bought = replace(attempt, status=AttemptStatus.BOUGHT, tracking_code=f"T{n}")
            started = time.perf_counter()
            await journal.save_attempt(bought, event)
            unsynced.append(time.perf_counter() - started)
    return samples, unsynced


# ---------------------------------------------------------------------- (b) and (c) raw


class _Raw:
    """The same calls with nothing in between: httpx for 7S, a socket for the printer."""

    def __init__(self, http: httpx.AsyncClient, world: World):
        self._http = http
        self._base = world.base_url.rstrip("/")
        self._feed = world.feed_url.rstrip("/")
        self._printer = (world.printer_host, world.printer_port)
        self._headers: dict[str, str] = {}
        self._access_key = world.access_key

    async def login(self) -> None:
        answer = await self._http.post(f"{self._base}/token", json={"access_key": self._access_key})
        answer.raise_for_status()
        self._headers = {"Authorization": f"Bearer {answer.json()['token']}"}

    async def get(self, url: str, **params: str) -> Any:
        answer = await self._http.get(url, params=params, headers=self._headers)
        answer.raise_for_status()
        return answer.json()

    async def label(
        self, order: dict[str, Any], reference: str, label_format: str, number: int, count: int
    ) -> bytes:
        r = order["recipient"]
        carrier, _, country = str(order["carrier"]).partition(":")
        body = {
            "order_id": order["order_id"],
            "format": label_format,
            "carrier": {"name": carrier, "country": country},
            "carrier_service": "standard",
            "reference_number": reference,
            "recipient_first_name": r["first_name"],
            "recipient_last_name": r["last_name"],
            "recipient_email": r["email"],
            "recipient_street": r["street"],
            "recipient_house_no": r["house_no"],
            "recipient_zip": r["zip"],
            "recipient_city": r["city"],
            "recipient_country": r["country"],
            "package_no": number,
            "package_count": count,
        }
        answer = await self._http.post(f"{self._base}/labels", json=body, headers=self._headers)
        answer.raise_for_status()
        download = await self._http.get(answer.json()["label_url"], headers=self._headers)
        download.raise_for_status()
        return download.content

    async def print(self, data: bytes) -> None:
        _, writer = await asyncio.open_connection(*self._printer)
        writer.write(data)
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    async def post_state(self, order_id: str, state: str) -> None:
        answer = await self._http.post(
            f"{self._base}/order_states",
            json={"order_id": order_id, "state": state, "datetime": datetime.now(UTC).isoformat()},
            headers=self._headers,
        )
        answer.raise_for_status()

    async def boarding_complete(self, order_id: str) -> None:
        answer = await self._http.put(
            f"{self._base}/orders/{order_id}",
            json={"boarding_complete": True},
            headers=self._headers,
        )
        answer.raise_for_status()


def _first(answer: Any) -> dict[str, Any]:
    """The first row of a list answer (a plain array or an API Platform collection)."""
    rows = answer
    if isinstance(answer, dict):
        rows = answer.get("hydra:member", answer.get("member", []))
    if not rows:
        raise RuntimeError("7S does not know the order")
    first: dict[str, Any] = rows[0]
    return first


async def _raw_cycles(
    world: World,
    floor_ids: list[str],
    naive_ids: list[str],
    latency: float,
    label_format: LabelFormat,
    parcels: int,
) -> tuple[list[float], list[float]]:
    floor: list[float] = []
    naive: list[float] = []
    async with httpx.AsyncClient(timeout=30.0) as http:
        raw = _Raw(http, world)
        await world.latency(http, 0.0)
        await raw.login()
        orders = {o: await raw.get(f"{raw._feed}/{o}") for o in floor_ids}
        await world.latency(http, latency)
        for order_id in floor_ids:
            order = orders[order_id]
            started = time.perf_counter()
            for n in range(1, parcels + 1):
                data = await raw.label(
                    order, f"floor-{order_id}-{n}", label_format.value, n, parcels
                )
                await raw.print(data)
            floor.append(time.perf_counter() - started)
        for order_id in naive_ids:
            started = time.perf_counter()
            found = _first(await raw.get(f"{raw._base}/orders", order_id=order_id))
            order = await raw.get(f"{raw._feed}/{order_id}")
            await raw.post_state(order_id, "in_preparation")
            for item in order["items"]:
                await raw.get(f"{raw._base}/products", sku=item["sku"])
            for n in range(1, parcels + 1):
                data = await raw.label(
                    order, f"naive-{order_id}-{n}", label_format.value, n, parcels
                )
                await raw.print(data)
            await raw.boarding_complete(str(found["id"]))  # item URLs take 7S's id
            naive.append(time.perf_counter() - started)
        await world.latency(http, 0.0)
    return floor, naive


# ---------------------------------------------------------------------- main


async def run(
    cycles: int, latency_ms: float, warmup: int, label_format: LabelFormat, parcels: int
) -> dict[str, Any]:
    latency = latency_ms / 1000
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_serve, args=(theirs,), name="sandbox+printer", daemon=True)
    child.start()
    try:
        if not ours.poll(60):
            raise RuntimeError("the sandbox did not start")
        world = World(pipe=ours, **ours.recv())
        with tempfile.TemporaryDirectory(prefix="scan-to-print-") as tmp:
            async with httpx.AsyncClient(timeout=60.0) as http:
                app_ids = await world.orders(http, "B", cycles + warmup)
                floor_ids = await world.orders(http, "C", cycles)
                naive_ids = await world.orders(http, "D", cycles)
                printer_uri = f"{world.printer_uri}?status=none"
                a, rss, journal = await _app_cycles(
                    world,
                    http,
                    printer_uri,
                    Path(tmp),
                    app_ids,
                    warmup,
                    latency,
                    label_format,
                    parcels,
                )
                await world.latency(http, 0.0)
            b, c = await _raw_cycles(world, floor_ids, naive_ids, latency, label_format, parcels)
        ours.send("jobs")
        jobs = int(ours.recv())
        ours.send("stop")
    finally:
        child.join(10)
        if child.is_alive():
            child.kill()
    app, fl, nv = _summary(a), _summary(b), _summary(c)
    rss_before, rss_half, rss_after = rss
    growth = rss_after - rss_before
    # the first cycles fill caches that then stay (SQLite's page cache, connection pools,
    # allocator arenas); the second half shows whether memory keeps growing
    steady = rss_after - rss_half
    steady_cycles = cycles - cycles // 2
    return {
        "benchmark": "scan_to_print",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "cycles": cycles,
        "warmup": warmup,
        "parcels_per_order": parcels,
        "latency_ms_per_request": latency_ms,
        "label_format": label_format.value,
        "printer_jobs": jobs,
        "app_finish_to_printed": app,
        "floor_post_download_print": fl,
        "naive_every_call_in_sequence": nv,
        "ratio_a_over_b": {
            "p50": round(app["p50_ms"] / fl["p50_ms"], 3),
            "p95": round(app["p95_ms"] / fl["p95_ms"], 3),
        },
        "ratio_a_over_c": {
            "p50": round(app["p50_ms"] / nv["p50_ms"], 3),
            "p95": round(app["p95_ms"] / nv["p95_ms"], 3),
        },
        "app_above_floor_ms": {
            "p50": round(app["p50_ms"] - fl["p50_ms"], 2),
            "p95": round(app["p95_ms"] - fl["p95_ms"], 2),
        },
        "journal_transaction": _summary(journal[0]),
        "journal_transaction_unsynced": _summary(journal[1]),
        "rss_mb": {
            "before": round(rss_before / 2**20, 2),
            "after": round(rss_after / 2**20, 2),
            "half": round(rss_half / 2**20, 2),
            "growth": round(growth / 2**20, 3),
            "growth_per_1000_cycles": round(growth / 2**20 / max(cycles, 1) * 1000, 2),
            "second_half_growth_per_1000_cycles": round(
                steady / 2**20 / max(steady_cycles, 1) * 1000, 2
            ),
        },
    }


def _print_table(report: dict[str, Any]) -> None:
    rows = [
        ("(a) app: finish → printed", report["app_finish_to_printed"]),
        ("(b) floor: POST + download + print", report["floor_post_download_print"]),
        ("(c) naive: every call in sequence", report["naive_every_call_in_sequence"]),
        ("journal transaction (intent, synced)", report["journal_transaction"]),
        ("journal transaction (bought, WAL)", report["journal_transaction_unsynced"]),
    ]
    print(
        f"scan-to-print: {report['cycles']} cycles, {report['latency_ms_per_request']:g} ms "
        f"latency per request, {report['parcels_per_order']} parcel(s), "
        f"{report['label_format']}"
    )
    print(f"{'':38} {'p50 ms':>9} {'p95 ms':>9} {'mean':>9} {'max':>9}")
    for name, s in rows:
        cells = " ".join(f"{s[k]:9.2f}" for k in ("p50_ms", "p95_ms", "mean_ms", "max_ms"))
        print(f"{name:38} {cells}")
    ab, ac, above = report["ratio_a_over_b"], report["ratio_a_over_c"], report["app_above_floor_ms"]
    rss = report["rss_mb"]
    print(f"a/b: p50 {ab['p50']:.3f}  p95 {ab['p95']:.3f}   (target ≤ 1.05)")
    print(f"a − b: p50 {above['p50']:.2f} ms  p95 {above['p95']:.2f} ms   (target ≤ 20 ms at p95)")
    print(f"a/c: p50 {ac['p50']:.3f}  p95 {ac['p95']:.3f}   (target clearly below 1)")
    print(
        f"RSS: {rss['before']} MB → {rss['half']} MB → {rss['after']} MB: "
        f"{rss['growth_per_1000_cycles']} MB per 1,000 cycles over the run, "
        f"{rss['second_half_growth_per_1000_cycles']} MB over its second half (target < 5)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cycles", type=int, default=50, help="measured cycles (default 50)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured first cycles")
    parser.add_argument(
        "--latency-ms", type=float, default=100.0, help="injected per request (default 100)"
    )
    parser.add_argument("--parcels", type=int, default=1, help="parcels per order (default 1)")
    parser.add_argument("--format", choices=("zpl", "zpl300", "pdf"), default="zpl")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file")
    args = parser.parse_args(argv)
    if args.cycles < 1 or args.warmup < 0 or args.parcels < 1:
        parser.error("--cycles and --parcels must be at least 1, --warmup at least 0")
    report = asyncio.run(
        run(args.cycles, args.latency_ms, args.warmup, LabelFormat(args.format), args.parcels)
    )
    _print_table(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
