"""A packing service on fakes of 7S, the order source and the printer, with a real journal."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest_asyncio

from packstation.adapters.journal_sqlite import SqliteJournal
from packstation.adapters.label_files import FileLabelArchive
from packstation.domain.barcodes import BarcodeConfig
from packstation.ports import LabelPrinter, PackingSlipMaker, Scale
from packstation.services.outbox import OutboxPolicy, OutboxService, standard_handlers
from packstation.services.packing import (
    PackingEvent,
    PackingService,
    StationPolicy,
    StepReached,
)
from packstation.services.print_queue import PrintQueue
from tests.fakes import FakeOrderSource, FakePrinter, FakeShippingApi, an_order


async def no_sleep(seconds: float) -> None:
    return None


@dataclass
class Bench:
    """Everything a service test needs, and a way to 'restart the station' on the same disk."""

    tmp: Path
    api: FakeShippingApi
    orders: FakeOrderSource
    printer: FakePrinter
    journal: SqliteJournal
    outbox: OutboxService
    service: PackingService
    steps: list[str] = field(default_factory=list)
    events: list[PackingEvent] = field(default_factory=list)
    journals: list[SqliteJournal] = field(default_factory=list)

    def restart(
        self,
        policy: StationPolicy | None = None,
        on_step: Callable[[StepReached], None] | None = None,
    ) -> PackingService:
        """A new service on the same journal file, as after a crash and a restart."""
        journal = SqliteJournal(self.tmp / "journal.sqlite3")
        self.journals.append(journal)
        self.journal = journal
        self.outbox = OutboxService(
            journal,
            journal,
            standard_handlers(self.api),
            policy=OutboxPolicy(base_delay_s=0.01, max_delay_s=0.05),
        )
        self.service = make_service(self, policy, on_step)
        return self.service


def make_service(
    bench: Bench,
    policy: StationPolicy | None = None,
    on_step: Callable[[StepReached], None] | None = None,
    *,
    sleep: Callable[[float], Awaitable[None]] = no_sleep,
    print_queue: PrintQueue | None = None,
    scale: Scale | None = None,
    slips: PackingSlipMaker | None = None,
    document_printer: LabelPrinter | None = None,
) -> PackingService:
    def record(event: StepReached) -> None:
        bench.steps.append(event.name)
        if on_step is not None:
            on_step(event)

    service = PackingService(
        api=bench.api,
        orders=bench.orders,
        printer=bench.printer,
        journal=bench.journal,
        archive=FileLabelArchive(bench.tmp / "labels"),
        outbox=bench.outbox,
        barcodes=BarcodeConfig(),
        policy=policy or StationPolicy(station_name="bench-1", retry_delay_s=0.0),
        on_step=record,
        sleep=sleep,
        print_queue=print_queue,
        scale=scale,
        slips=slips,
        document_printer=document_printer,
    )
    service.subscribe(bench.events.append)
    return service


@pytest_asyncio.fixture
async def bench(tmp_path: Path) -> AsyncIterator[Bench]:
    api = FakeShippingApi()
    for order_id in ("A100", "A102", "A104", "A107"):
        api.add_order(order_id)
    api.add_order("A103", "shipped")
    orders = FakeOrderSource(
        an_order("A100"),
        an_order(
            "A102",
            lines=(("SKU-A", "4006381333931", 1), ("SKU-B", "9780201379624", 2)),
            country="GB",
            parcels=3,
            carrier="ups:DE",
        ),
        an_order("A103"),
        an_order("A104", country="FR", carrier="mondialrelay:FR", pudo_id="004694"),
        an_order("A105"),  # not at 7S yet
        an_order("A107", country="NO", weight_g=None),
    )
    journal = SqliteJournal(tmp_path / "journal.sqlite3")
    outbox = OutboxService(
        journal,
        journal,
        standard_handlers(api),
        policy=OutboxPolicy(base_delay_s=0.01, max_delay_s=0.05),
    )
    b = Bench(tmp_path, api, orders, FakePrinter(), journal, outbox, None)  # type: ignore[arg-type]
    b.journals.append(journal)
    b.service = make_service(b)
    try:
        yield b
    finally:
        for j in b.journals:
            await j.close()
