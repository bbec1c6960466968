"""Fault benchmark: N pack cycles while a seeded fault schedule hits 7S and the label printer.

Run: ``.venv/bin/python -m benchmarks.chaos [--cycles 60] [--fault-rate 0.5] [--seed 13]
[--parcels-max 2] [--output PATH]``. Prints a table and writes the figures as JSON (default
``benchmarks/results/chaos.json``). Nothing is asserted: it is for comparing machines and
changes — but the first two lines of the table are promises (one label bought per parcel; each
printed once, or not at all with the packer told).

Everything runs on this machine: the sandbox (the fake 7S) and its virtual Zebra (``~HS`` and
a label counter) in a child process, and the station in this one, built exactly as the command
line and the window build it (``open_station``, the print queue and the outbox running). Each
cycle packs a fresh copy of demo order A100 with 1…``--parcels-max`` parcels (seeded). Before
it finishes, with probability ``--fault-rate``, one fault is armed — the kinds in turn, in a
seeded shuffled order, so that each comes up:

* 7S: ``POST /labels`` answers 503 once; is carried out and its connection dropped (outcome
  unknown: the station looks the label up); answers 429 with ``Retry-After: 1``; is slow
  (0.5 s); the label download answers 500 once; every token expires; the order states
  answer 503 twice (the outbox retries);
* the printer: out of labels before the job; resets the connection after a few hundred bytes;
  runs out of labels right after taking the job; never reads; is silent with its head open.

A fault that holds a label is repaired after ``--repair-ms`` (the packer loads labels, closes
the head) and the packer presses F5 (``retry_held``); a cycle that 7S interrupted is resumed
at once (what the window's resume notice does). After the last cycle the printer is healed,
held labels are printed, cycles left in flight are resumed and the outbox is drained. Then it
reports, from the sandbox's and the printer's own records:

* labels bought per parcel (must be 1), labels printed per parcel (1, or 0 with the packer told
  — the station said "sent, unconfirmed", "held" or "may have printed"; "silently lost" must
  be 0), order states delivered (``in_preparation`` and ``boarding_complete`` at 7S);
* cycles per minute, and finish → printed (p50/p95, to the printer's own time stamp of the
  order's last label) over the cycles that printed;
* the same run without faults as the baseline (fresh orders, same parcels).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import platform
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

from benchmarks.percentiles import percentile
from packstation.composition.connection import Connection
from packstation.composition.station import Station, open_station
from packstation.domain.cycle import CycleInterrupted, OutboxKind
from packstation.domain.shipping import LabelFormat
from packstation.services.packing import CycleReport
from packstation.settings.model import load_settings

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "chaos.json"
TEMPLATE_ORDER = "A100"

API_FAULTS = (
    "label_503",
    "label_dropped",
    "label_429",
    "label_slow",
    "download_500",
    "tokens_expired",
    "states_503",
)
PRINTER_FAULTS = (
    "paper_out",
    "reset_mid_job",
    "paper_out_after_job",
    "never_reads",
    "silent_head_open",
)
#: printer faults that hold the label until the packer repairs the printer
HOLDING = frozenset({"paper_out", "reset_mid_job", "paper_out_after_job", "silent_head_open"})
#: what the station may tell the packer about a label that did not (visibly) print
TOLD = frozenset({"delivered", "held", "failed", "uncertain"})


# ---------------------------------------------------------------------- the child: 7S + printer


def _serve(pipe: Pipe) -> None:
    """Child process: the sandbox and the virtual Zebra, answering the parent's requests."""
    from packstation.sandbox import SandboxServer
    from packstation.sandbox.printer import VirtualPrinter

    with SandboxServer(seed="demo") as sandbox, VirtualPrinter() as printer:
        printer.set_label_counter(True, start=0)
        pipe.send(
            {
                "base_url": sandbox.base_url,
                "feed_url": sandbox.merchant_feed_url,
                "access_key": sandbox.access_key,
                "printer_uri": printer.uri,
                "template": sandbox.state.merchant_orders[TEMPLATE_ORDER],
            }
        )
        while (message := pipe.recv()) != "stop":
            kind, name, arguments = message
            if kind == "control":
                if name == "clear_faults":
                    sandbox.control.faults.clear()
                    pipe.send(None)
                else:
                    pipe.send(getattr(sandbox.control, name)(**arguments))
            elif kind == "printer":
                pipe.send(getattr(printer, name)(**arguments))
            elif kind == "seed":
                pipe.send(sandbox.control.seed(orders=arguments["orders"], products=[]))
            elif kind == "labels":  # order id → [(parcel number, tracking code)]
                with sandbox.state.lock:
                    found: dict[str, list[tuple[int, str]]] = {}
                    for label in sandbox.state.labels.values():
                        if label.order_id in arguments and not label.return_parcel:
                            found.setdefault(label.order_id, []).append(
                                (label.package_no, label.tracking_code)
                            )
                pipe.send(found)
            elif kind == "printed":  # tracking code → printer time stamps of printed jobs
                jobs = printer.printed()
                pipe.send(
                    {
                        code: sorted(
                            j.printed_at.timestamp()
                            for j in jobs
                            if j.printed_at is not None and code.encode() in j.data
                        )
                        for code in arguments
                    }
                )
            elif kind == "states":  # order id → (in_preparation posted, boarding_complete)
                with sandbox.state.lock:
                    states = {}
                    for order_id in arguments:
                        order = sandbox.state.order_by_order_id(order_id)
                        history = [e.state for e in order.states_history] if order else []
                        states[order_id] = (
                            "in_preparation" in history,
                            bool(order and order.boarding_complete),
                        )
                pipe.send(states)


@dataclass
class World:
    pipe: Pipe
    base_url: str
    feed_url: str
    access_key: str
    printer_uri: str
    template: dict[str, Any]

    def ask(self, kind: str, name: str = "", arguments: Any = None) -> Any:
        self.pipe.send((kind, name, arguments if arguments is not None else {}))
        return self.pipe.recv()

    def control(self, name: str, **arguments: Any) -> Any:
        return self.ask("control", name, arguments)

    def printer(self, name: str, **arguments: Any) -> Any:
        return self.ask("printer", name, arguments)

    def orders(self, prefix: str, count: int) -> list[str]:
        ids = [f"{prefix}{n:05d}" for n in range(count)]
        docs = [{**self.template, "order_id": order_id, "state": "paid"} for order_id in ids]
        self.ask("seed", arguments={"orders": docs})
        return ids


# ---------------------------------------------------------------------- faults


def _arm(world: World, fault: str, rng: random.Random) -> None:
    """Arm one fault for the next cycle (7S faults are one-shot; printer faults last until
    ``_repair``)."""
    control, printer = world.control, world.printer
    arms: dict[str, Callable[[], Any]] = {
        "label_503": lambda: control("fail_next", path="/v2/labels", method="POST", status=503),
        "label_dropped": lambda: control("drop_next", path="/v2/labels", method="POST"),
        "label_429": lambda: control(
            "fail_next", path="/v2/labels", method="POST", status=429, retry_after=1
        ),
        "label_slow": lambda: control("latency", seconds=0.5, path="/v2/labels"),
        "download_500": lambda: control("fail_next", path="/v2/label-download", status=500),
        "tokens_expired": lambda: control("expire_tokens"),
        "states_503": lambda: control(
            "fail_next", path="/v2/order_states", method="POST", status=503, count=2
        ),
        "paper_out": lambda: printer("set_faults", paper_out=True),
        "reset_mid_job": lambda: printer("reset_after", count=rng.randint(50, 600)),
        "paper_out_after_job": lambda: printer("fault_after_next_job", paper_out=True),
        "never_reads": lambda: printer("never_read", on=True),
        "silent_head_open": lambda: (
            printer("answer_when_faulted", answer=False),
            printer("set_faults", head_open=True),
        ),
    }
    arms[fault]()


def _schedule(rng: random.Random, cycles: int, fault_rate: float) -> list[str | None]:
    """Which cycle meets which fault: about ``fault_rate`` of them, every kind in turn (in a
    shuffled order) so that each kind comes up once there are enough faulted cycles."""
    faulted = [n for n in range(cycles) if rng.random() < fault_rate]
    kinds: list[str] = []
    while len(kinds) < len(faulted):
        batch = list(API_FAULTS + PRINTER_FAULTS)
        rng.shuffle(batch)
        kinds.extend(batch)
    schedule: list[str | None] = [None] * cycles
    for n, kind in zip(faulted, kinds, strict=False):
        schedule[n] = kind
    return schedule


def _repair(world: World) -> None:
    """The packer fixes everything: labels in, head closed, the printer reads again."""
    world.control("latency", seconds=0.0)
    world.control("clear_faults")
    world.printer("never_read", on=False)
    world.printer("reset_after", count=None)
    world.printer("fault_after_next_job")
    world.printer("answer_when_faulted", answer=True)
    world.printer("set_faults", paper_out=False, head_open=False, paused=False, ribbon_out=False)


# ---------------------------------------------------------------------- the run


@dataclass
class Tally:
    """One run's record: what the station told the packer per tracking code, and timings."""

    told: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)  # reference number → tracking code
    started: dict[str, float] = field(default_factory=dict)
    faults: Counter[str] = field(default_factory=Counter)
    interrupted: int = 0
    wall_s: float = 0.0
    outbox: Counter[str] = field(default_factory=Counter)  # the order states' fate

    def note(self, report: CycleReport | None) -> None:
        if report is None:
            return
        for parcel in report.parcels:
            if parcel.tracking_code:
                self.codes[parcel.reference_number] = parcel.tracking_code
                if parcel.printed and parcel.print_outcome is not None:
                    self.told[parcel.tracking_code] = parcel.print_outcome.value
                elif parcel.printed:
                    self.told[parcel.tracking_code] = "confirmed"
                else:
                    self.told[parcel.tracking_code] = (
                        parcel.print_outcome.value if parcel.print_outcome else "not_printed"
                    )


async def _cycles(
    world: World,
    data_dir: Path,
    order_ids: list[str],
    parcels: list[int],
    schedule: list[str | None],
    repair_s: float,
    rng: random.Random,
) -> Tally:
    settings = load_settings(
        data_dir=data_dir,
        order_source=world.feed_url,
        printer=f"{world.printer_uri}?timeout=1&confirm=2",
        label_format=LabelFormat.ZPL,
        api_retry_delay_s=0.05,
        label_retry_delay_s=0.05,
        outbox_retry_delay_s=0.2,
        outbox_retry_max_s=1.0,
    )
    connection = Connection(
        base_url=world.base_url,
        access_key=world.access_key,
        feed_url=world.feed_url,
        is_sandbox=True,
    )
    tally = Tally()
    async with open_station(settings, connection) as station:
        service = station.service
        loop_started = time.perf_counter()
        for order_id, count, fault in zip(order_ids, parcels, schedule, strict=True):
            opened = await service.open_order(order_id)
            if opened.session is None:
                raise RuntimeError(f"{order_id}: {opened.message}")
            await service.skip_verification("benchmark")
            if count > 1:
                await service.set_parcels(count)
            await asyncio.sleep(0.05)  # the packer puts the goods in the box
            if fault is not None:
                tally.faults[fault] += 1
                _arm(world, fault, rng)
            tally.started[order_id] = time.time()
            report: CycleReport | None = None
            try:
                result = await service.finish()
                report = result if isinstance(result, CycleReport) else None
            except CycleInterrupted:
                tally.interrupted += 1
            tally.note(report)
            if fault in HOLDING or fault == "never_reads" or report is None:
                await asyncio.sleep(repair_s if fault in HOLDING else 0.0)
                _repair(world)
            if report is None:  # 7S interrupted it: the packer resumes it at once
                for resumed in await service.resume():
                    tally.note(resumed.report)
            if fault in HOLDING:  # the packer presses F5
                await _print_held(station, tally)
            else:
                _repair(world)
        tally.wall_s = time.perf_counter() - loop_started
        # the end of the shift: everything healed, held labels printed, in-flight resumed
        _repair(world)
        await _print_held(station, tally)
        for resumed in await service.resume():
            tally.note(resumed.report)
        for job in await station.print_queue.pending():  # still waiting: the packer sees it
            if job.reference in tally.codes:
                tally.told[tally.codes[job.reference]] = "uncertain" if job.uncertain else "held"
        await station.outbox.drain(30)
        for order_id in order_ids:
            for entry in await station.journal.entries(order_id=order_id):
                if entry.kind is OutboxKind.ORDER_STATE:
                    superseded = entry.last_error.startswith("superseded")
                    tally.outbox["superseded" if superseded else entry.status.value] += 1
    return tally


async def _print_held(station: Station, tally: Tally) -> None:
    """F5: every held label goes to the printer again; the answer is what the packer sees."""
    for queued in await station.print_queue.retry_held(force=True):
        code = tally.codes.get(queued.job.reference)
        if code is not None:
            tally.told[code] = queued.outcome.value


def _figures(world: World, order_ids: list[str], tally: Tally) -> dict[str, Any]:
    """The run's figures, from the sandbox's and the printer's own records."""
    labels: dict[str, list[tuple[int, str]]] = world.ask("labels", arguments=order_ids)
    per_parcel = Counter(
        (order_id, number) for order_id, found in labels.items() for number, _ in found
    )
    codes = [code for found in labels.values() for _, code in found]
    printed: dict[str, list[float]] = world.ask("printed", arguments=codes)
    states: dict[str, tuple[bool, bool]] = world.ask("states", arguments=order_ids)
    prints = Counter(len(printed[code]) for code in codes)
    unprinted = [code for code in codes if not printed[code]]
    told = [code for code in unprinted if tally.told.get(code) in TOLD]
    to_printed_ms = []
    for order_id, found in labels.items():
        stamps = [printed[code] for _, code in found]
        if found and all(stamps):
            last = max(stamp[0] for stamp in stamps)
            to_printed_ms.append((last - tally.started[order_id]) * 1000)
    cycles = len(order_ids)
    return {
        "cycles": cycles,
        "parcels": sum(len(found) for found in labels.values()),
        "faults": dict(sorted(tally.faults.items())),
        "cycles_interrupted_by_7s": tally.interrupted,
        "labels_bought_per_parcel": {
            "exactly_1": sum(1 for n in per_parcel.values() if n == 1),
            "more_than_1": sum(1 for n in per_parcel.values() if n > 1),
            "max": max(per_parcel.values(), default=0),
            "orders_without_a_label": sum(1 for o in order_ids if not labels.get(o)),
        },
        "labels_printed_per_parcel": {
            "exactly_1": prints.get(1, 0),
            "0_packer_told": len(told),
            "0_silently_lost": len(unprinted) - len(told),
            "more_than_1": sum(n for k, n in prints.items() if k > 1),
        },
        "states_delivered": {
            "in_preparation": sum(1 for a, _ in states.values() if a),
            "boarding_complete": sum(1 for _, b in states.values() if b),
            "of": cycles,
            # in_preparation still queued when the label moved the order to shipped is
            # recorded as superseded (never sent backwards): not lost
            "order_state_calls": dict(sorted(tally.outbox.items())),
        },
        "cycles_per_minute": round(cycles / tally.wall_s * 60, 1) if tally.wall_s else None,
        "finish_to_printed_ms": {
            "cycles": len(to_printed_ms),
            "p50": round(percentile(to_printed_ms, 0.50), 1),
            "p95": round(percentile(to_printed_ms, 0.95), 1),
            "max": round(max(to_printed_ms), 1) if to_printed_ms else float("nan"),
            "mean": round(statistics.fmean(to_printed_ms), 1) if to_printed_ms else float("nan"),
        },
    }


async def run(
    cycles: int, fault_rate: float, seed: int, parcels_max: int, repair_ms: float
) -> dict[str, Any]:
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.get_context("spawn").Process(target=_serve, args=(theirs,))
    child.start()
    try:
        if not ours.poll(60):
            raise RuntimeError("the sandbox did not start")
        world = World(pipe=ours, **ours.recv())
        rng = random.Random(seed)
        parcels = [rng.randint(1, parcels_max) for _ in range(cycles)]
        schedule = _schedule(rng, cycles, fault_rate)
        runs: dict[str, dict[str, Any]] = {}
        quiet: list[str | None] = [None] * cycles
        for name, plan in (("faults", schedule), ("baseline", quiet)):
            order_ids = world.orders("F" if name == "faults" else "N", cycles)
            with tempfile.TemporaryDirectory(prefix=f"chaos-{name}-") as tmp:
                tally = await _cycles(
                    world,
                    Path(tmp),
                    order_ids,
                    parcels,
                    plan,
                    repair_ms / 1000,
                    random.Random(seed + 1),
                )
            runs[name] = _figures(world, order_ids, tally)
        ours.send("stop")
    finally:
        child.join(15)
        if child.is_alive():
            child.kill()
    return {
        "benchmark": "chaos",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "seed": seed,
        "fault_rate": fault_rate,
        "parcels_max": parcels_max,
        "repair_ms": repair_ms,
        **runs,
    }


def _print_table(report: dict[str, Any]) -> None:
    faults, base = report["faults"], report["baseline"]
    print(
        f"chaos: {faults['cycles']} cycles ({faults['parcels']} parcels), seed "
        f"{report['seed']}, fault rate {report['fault_rate']:g}, repair "
        f"{report['repair_ms']:g} ms"
    )
    print("faults armed: " + ", ".join(f"{k} {n}" for k, n in faults["faults"].items()))
    rows = [
        ("labels bought: exactly 1 per parcel", "labels_bought_per_parcel", "exactly_1"),
        ("labels bought: more than 1 (must be 0)", "labels_bought_per_parcel", "more_than_1"),
        ("orders without a label", "labels_bought_per_parcel", "orders_without_a_label"),
        ("labels printed: exactly once", "labels_printed_per_parcel", "exactly_1"),
        ("labels printed: 0, packer told", "labels_printed_per_parcel", "0_packer_told"),
        ("labels printed: 0, silently (must be 0)", "labels_printed_per_parcel", "0_silently_lost"),
        ("labels printed: twice or more", "labels_printed_per_parcel", "more_than_1"),
        ("states delivered: in_preparation", "states_delivered", "in_preparation"),
        ("states delivered: boarding_complete", "states_delivered", "boarding_complete"),
        ("finish → printed p50 ms", "finish_to_printed_ms", "p50"),
        ("finish → printed p95 ms", "finish_to_printed_ms", "p95"),
        ("finish → printed max ms", "finish_to_printed_ms", "max"),
    ]
    print(f"{'':42} {'faults':>10} {'baseline':>10}")
    for title, group, key in rows:
        print(f"{title:42} {faults[group][key]!s:>10} {base[group][key]!s:>10}")
    print(
        f"{'cycles per minute':42} {faults['cycles_per_minute']!s:>10} "
        f"{base['cycles_per_minute']!s:>10}"
    )
    print(f"{'cycles 7S interrupted (resumed)':42} {faults['cycles_interrupted_by_7s']!s:>10}")
    for name in ("faults", "baseline"):
        calls = report[name]["states_delivered"]["order_state_calls"]
        print(f"order-state calls ({name}): " + ", ".join(f"{k} {n}" for k, n in calls.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cycles", type=int, default=60, help="pack cycles per run (60)")
    parser.add_argument(
        "--fault-rate", type=float, default=0.5, help="share of cycles with a fault (0.5)"
    )
    parser.add_argument("--seed", type=int, default=13, help="the fault schedule's seed (13)")
    parser.add_argument("--parcels-max", type=int, default=2, help="parcels per order: 1…N (2)")
    parser.add_argument(
        "--repair-ms", type=float, default=500.0, help="until the packer fixes the printer"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file")
    args = parser.parse_args(argv)
    if args.cycles < 1 or args.parcels_max < 1 or not 0 <= args.fault_rate <= 1:
        parser.error("--cycles and --parcels-max must be at least 1, --fault-rate in 0…1")
    report = asyncio.run(
        run(args.cycles, args.fault_rate, args.seed, args.parcels_max, args.repair_ms)
    )
    _print_table(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
