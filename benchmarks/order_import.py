"""Early order creation benchmark: 1,000 orders from one export file into the sandbox.

Run: ``.venv/bin/python -m benchmarks.order_import [--orders N] [--concurrency C]
[--latency-ms MS] [--output PATH]``. Prints the figures and writes them as JSON (default
``benchmarks/results/order_import.json``). Nothing is asserted; the goal (issue #7) is a
1,000-order import under 10 s.

The sandbox (the fake 7S, empty seed) runs in a child process so that its work does not share
this process's interpreter lock, as a real 7S would not. In this process, with a fresh journal:

(a) **service**: ``OrderIntake.import_listing`` on the parsed export, exactly as
    ``packstation orders import`` runs it (``open_workflows``): one ``POST /orders`` per
    order with bounded concurrency, receipts written to the journal in batches;
(b) **rerun**: the same import again — every order unchanged, nothing sent;
(c) **cli**: ``packstation orders import FILE`` as a process on a second, fresh sandbox state
    (interpreter start, settings, parsing, the import and the summary: what an operator waits
    for).

The export holds a few bad rows (``tests/workflow_data.BAD_ORDER_ROWS``), reported, not sent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

import httpx

from packstation.adapters.order_source_folder import read_export_file
from packstation.adapters.order_source_wire import OrderIndex
from packstation.composition.connection import Connection
from packstation.composition.workflows import open_workflows
from packstation.settings.model import load_settings
from tests.workflow_data import order_export, write_order_export

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "order_import.json"


def _serve(pipe: Pipe) -> None:
    from packstation.sandbox import SandboxServer

    with SandboxServer(seed="empty") as sandbox:
        pipe.send({"root_url": sandbox.root_url, "base_url": sandbox.base_url})
        while pipe.recv() != "stop":
            pass


async def _hook(root_url: str, name: str, body: Any) -> Any:
    async with httpx.AsyncClient() as http:
        answer = await http.post(f"{root_url}/__mock/{name}", json=body)
        answer.raise_for_status()
        return answer.json()


async def _requests(root_url: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient() as http:
        answer = await http.get(f"{root_url}/__mock/requests")
        answer.raise_for_status()
        rows: list[dict[str, Any]] = answer.json()
        return rows


async def _service_run(
    base_url: str, root_url: str, export: Path, data_dir: Path, concurrency: int
) -> dict[str, Any]:
    settings = load_settings(
        data_dir=data_dir, import_concurrency=concurrency, api_retry_delay_s=0.05
    )
    connection = Connection(base_url=base_url, access_key="test-access-key", is_sandbox=True)
    figures: dict[str, Any] = {}
    async with open_workflows(settings, connection, with_orders=False) as wf:
        for run in ("first", "rerun"):
            before = len(await _requests(root_url))
            started = time.perf_counter()
            data = await asyncio.get_running_loop().run_in_executor(None, export.read_bytes)
            parsed = read_export_file(data, export.name)
            index = OrderIndex()
            for entry in parsed.entries:
                index.add(parsed.name, entry)
            index.problems.extend(parsed.problems)
            listing = index.listing()
            parse_s = time.perf_counter() - started
            summary = await wf.intake.import_listing(listing, source=str(export))
            total_s = time.perf_counter() - started
            log = (await _requests(root_url))[before:]
            figures[run] = {
                "seconds": round(total_s, 3),
                "parse_seconds": round(parse_s, 3),
                "orders_per_second": round(len(listing.orders) / total_s, 1) if total_s else None,
                "counts": summary.counts(),
                "order_requests": sum(1 for r in log if r["path"].startswith("/v2/orders")),
            }
    return figures


def _cli_run(base_url: str, export: Path, data_dir: Path, concurrency: int) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")}
    env.update(
        PACKSTATION_CONFIG=str(data_dir / "none.toml"),
        PACKSTATION_ENVIRONMENT="custom",
        PACKSTATION_API_URL=base_url,
        PACKSTATION_ACCESS_KEY="test-access-key",
        PACKSTATION_DATA_DIR=str(data_dir),
        PACKSTATION_IMPORT_CONCURRENCY=str(concurrency),
        QT_QPA_PLATFORM="offscreen",
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "packstation", "orders", "import", str(export), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    wall = time.perf_counter() - started
    data = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}
    return {
        "seconds": round(wall, 3),
        "exit_code": result.returncode,
        "counts": data.get("counts"),
        "import_seconds": data.get("seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every request")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file")
    args = parser.parse_args(argv)

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(child,), daemon=True)
    server.start()
    try:
        world = parent.recv()
        root_url, base_url = world["root_url"], world["base_url"]
        with tempfile.TemporaryDirectory(prefix="order-import-") as tmp:
            folder = Path(tmp)
            export = write_order_export(folder / "orders.json", order_export(args.orders))
            if args.latency_ms:
                asyncio.run(_hook(root_url, "latency", {"seconds": args.latency_ms / 1000}))
            service = asyncio.run(
                _service_run(base_url, root_url, export, folder / "data-a", args.concurrency)
            )
            asyncio.run(_hook(root_url, "reset", {"seed": "empty"}))
            if args.latency_ms:
                asyncio.run(_hook(root_url, "latency", {"seconds": args.latency_ms / 1000}))
            cli = _cli_run(base_url, export, folder / "data-b", args.concurrency)
    finally:
        parent.send("stop")
        server.join(timeout=10)

    report = {
        "benchmark": "order_import",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "orders": args.orders,
        "concurrency": args.concurrency,
        "latency_ms": args.latency_ms,
        "goal_seconds": 10.0,
        "results": {"service": service, "cli": cli},
    }
    first, rerun = service["first"], service["rerun"]
    print(f"order import of {args.orders} orders (concurrency {args.concurrency}):")
    print(
        f"  service, first run: {first['seconds']:.2f} s ({first['orders_per_second']}/s), "
        f"{first['order_requests']} order requests, counts {first['counts']}"
    )
    print(
        f"  service, rerun:     {rerun['seconds']:.2f} s, {rerun['order_requests']} order "
        f"requests, counts {rerun['counts']}"
    )
    print(f"  cli process:        {cli['seconds']:.2f} s (exit {cli['exit_code']})")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
