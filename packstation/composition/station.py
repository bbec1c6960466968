"""Composition of the packing station: settings → adapters → services (``open_station``).

With ``connection.py`` (where 7S is) and ``workflows.py`` (the other workflows) the only
modules that build concrete adapters; the command line and the window (``bench/``) open a
station here and differ only in the ``StationOptions`` they pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import tzinfo
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from packstation.adapters.customs_sqlite import SqliteCustomsStore
from packstation.adapters.gs1_biip import BiipGs1Decoder
from packstation.adapters.http_transport import station_http_client
from packstation.adapters.invoice_pdf import PdfInvoiceMaker
from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
from packstation.adapters.label_files import FileLabelArchive
from packstation.adapters.order_source import open_order_source
from packstation.adapters.packing_slip_pdf import PdfPackingSlipMaker
from packstation.adapters.print_jobs_sqlite import SqlitePrintJobStore
from packstation.adapters.printers import FolderPrinter, open_printer
from packstation.adapters.private_files import private_dir
from packstation.adapters.scales import scale_from_setting
from packstation.adapters.scales.virtual import VirtualScale
from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.station_lock import DataDirBusy, DataDirLock
from packstation.adapters.station_records_sqlite import SqliteStationRecords
from packstation.composition.connection import Connection, shipping_api
from packstation.domain.barcodes import BarcodeConfig
from packstation.domain.boxes import box_type_from_mapping
from packstation.domain.customs_declaration import DeclarationStatus
from packstation.domain.cycle import OutboxKind, station_key
from packstation.domain.dispatch import PickupSchedule
from packstation.domain.environment import Environment
from packstation.domain.label_data import LabelDataPolicy, carriers_from
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import PrinterLanguage, PrinterProfile
from packstation.domain.shipping import Address, LabelFormat
from packstation.domain.warehouse import BenchId
from packstation.domain.weighing import ScaleError
from packstation.domain.weight_gate import WeightTolerance, expected_box_weight
from packstation.ports import LabelPrinter, OrderSource, Scale
from packstation.services.customs import CustomsService, CustomsSettings
from packstation.services.dispatch import DispatchService
from packstation.services.outbox import OutboxPolicy, OutboxService, standard_handlers
from packstation.services.packing import (
    ItemScanned,
    PackingEvent,
    PackingService,
    StationPolicy,
    StepReached,
)
from packstation.services.print_queue import PrintQueue
from packstation.services.warehouse import WarehouseLink, WarehousePolicy
from packstation.settings.model import Settings

log = logging.getLogger(__name__)

#: Test-only: the composition root kills its own process (SIGKILL) right after this step,
#: e.g. ``label_bought`` or ``label_bought:2`` (parcel 2), or right after the print queue
#: stored its N-th job as claimed (``print_claimed:N``: *sending*, nothing sent yet) or as
#: dispatched (``print_dispatched:N``: its counter mark stored, the bytes about to leave), or,
#: for a folder printer, while its N-th job file is written under its temporary name and not
#: yet renamed into place (``print_partial:N``: the job is not in the folder yet).
#: Read nowhere else.
TEST_KILL_VARIABLE = "PACKSTATION_TEST_KILL_AFTER"


@dataclass(frozen=True, slots=True)
class Station:
    """Everything a packing bench runs on, built by ``open_station``."""

    service: PackingService
    outbox: OutboxService
    journal: SqliteJournal
    api: HttpShippingApi
    printer: LabelPrinter
    data_dir: Path
    order_source: str
    customs: CustomsService
    dispatch: DispatchService
    print_queue: PrintQueue
    scale: Scale | None = None
    warehouse: WarehouseLink | None = None  # the warehouse store (setting warehouse_db)


class StationConfigError(Exception):
    """The settings do not describe a usable station (no order source, a bad printer URI, …)."""


class StationBusy(StationConfigError):
    """Another process runs a station on this data directory (the message names it)."""


def printer_profile(settings: Settings) -> PrinterProfile:
    return PrinterProfile(
        language=settings.printer_language,
        dpi=settings.printer_dpi,
        width_mm=settings.label_width_mm,
        height_mm=settings.label_height_mm,
    )


def default_printer_uri(settings: Settings) -> str:
    """Demo and headless default: one file per label in ``<data dir>/printed``."""
    return (settings.data_dir / "printed").resolve().as_uri()


#: The document printer prints A4 PDFs (commercial invoices).
#: How long shutdown waits for an order-state delivery still in flight (see OutboxService.settle).
_SETTLE_S = 10.0

DOCUMENT_PROFILE = PrinterProfile(language=PrinterLanguage.PDF, width_mm=210.0, height_mm=297.0)


def _zone(name: str | None) -> tzinfo | None:
    return ZoneInfo(name) if name else None


def customs_settings(settings: Settings, *, confirm: bool = False) -> CustomsSettings:
    """The customs step's plain values (the pick-up schedule was checked when loading)."""
    return CustomsSettings(
        departure_country=settings.customs_departure_country,
        seven_senders_countries=frozenset(settings.customs_countries),
        incoterm_default=settings.incoterm_default,
        incoterms=dict(settings.incoterms),
        pickup_schedule=PickupSchedule.parse(settings.pickup_schedule),
        timezone=_zone(settings.pickup_timezone),
        invoice_carriers=frozenset(settings.invoice_carriers),
        confirm_before_sending=confirm,
        sender=station_policy(settings).sender,
    )


def station_policy(settings: Settings, label_format: LabelFormat | None = None) -> StationPolicy:
    sender = None
    if settings.sender is not None:
        s = settings.sender
        sender = Address(
            first_name=s.first_name,
            last_name=s.last_name,
            street=s.street,
            house_no=s.house_no,
            zip=s.zip,
            city=s.city,
            country=s.country,
            email=s.email,
            phone=s.phone,
            company_name=s.company_name,
        )
    return StationPolicy(
        station_name=settings.station_name,
        account=settings.account_name,
        packer_name=settings.packer_name,
        carrier=settings.default_carrier,
        label_format=label_format or settings.label_format,
        verification=settings.verification,
        return_portal_pro=settings.return_portal_pro,
        sender=sender,
        warehouse=settings.warehouse,
        warehouse_address=settings.warehouse_address,
        retry_delay_s=settings.label_retry_delay_s,
        retry_after_cap_s=settings.retry_after_cap_s,
        own_label=settings.own_label,
        auto_finish=settings.auto_finish,
        box_types=tuple(box_type_from_mapping(t) for t in settings.box_types),
        weight_gate=settings.weight_gate,
        weight_tolerance=WeightTolerance(
            settings.weight_tolerance_g, Decimal(str(settings.weight_tolerance_percent))
        ),
        packing_slip=settings.packing_slip,
        merchant_name=settings.merchant_name,
        packing_slip_size=settings.packing_slip_size,
        supervision=settings.supervision,
        packers=settings.packer_roster,
        require_sign_in=settings.require_sign_in,
        in_preparation_wait_s=settings.in_preparation_wait_s,
        in_preparation_retry_s=settings.in_preparation_retry_s,
        label_data=LabelDataPolicy(
            fallback_recipient_email=settings.fallback_recipient_email,
            phone_required_carriers=carriers_from(settings.phone_required_carriers),
        ),
    )


def scale_follows_the_box(service: PackingService, scale: VirtualScale) -> None:
    """Demo and sandbox: after each item scan the virtual scale carries the current box as
    it would weigh (its goods and carton), so the live weight and the gate have something to
    show without a scale on the bench."""

    def place(event: PackingEvent) -> None:
        session = service.current
        if not isinstance(event, ItemScanned) or session is None:
            return
        box = next((b for b in session.boxes if b.number == session.current_box), None)
        if box is not None:
            scale.place(expected_box_weight(box, session.order).grams or 0)

    service.subscribe(place)


def bench_scale(settings: Settings) -> Scale | None:
    """The bench scale the ``scale`` setting names (the virtual one on the sandbox when
    none is set), or ``StationConfigError`` in plain words."""
    setting = settings.scale
    if setting is None and settings.environment is Environment.SANDBOX:
        setting = "virtual"
    if not setting or setting.strip().lower() == "none":
        return None
    try:
        return scale_from_setting(setting)
    except ValueError as exc:
        raise StationConfigError(f"The scale setting is not usable: {exc}") from None


def _kill_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    kill_signal = getattr(signal, "SIGKILL", None)
    if kill_signal is None:  # Windows
        os._exit(137)
    os.kill(os.getpid(), kill_signal)


def _kill_hook() -> Callable[[StepReached], None] | None:
    wanted = os.environ.get(TEST_KILL_VARIABLE, "").strip()
    if not wanted:
        return None

    def kill(event: StepReached) -> None:
        if wanted in (event.name, event.step):
            _kill_now()

    return kill


def _print_kill_hook() -> Callable[[PrintJob], None] | None:
    wanted = os.environ.get(TEST_KILL_VARIABLE, "").strip()
    if not wanted.startswith("print_"):
        return None
    seen = {"print_claimed": 0, "print_dispatched": 0}

    def kill(job: PrintJob) -> None:
        if job.state is not PrintJobState.SENDING:
            return
        moment = "print_dispatched" if job.dispatched else "print_claimed"
        seen[moment] += 1
        if wanted in (moment, f"{moment}:{seen[moment]}"):
            _kill_now()

    return kill


def _arm_partial_kill(printer: LabelPrinter) -> None:
    """``print_partial:N``: a folder printer kills the station mid-write of its N-th file."""
    wanted = os.environ.get(TEST_KILL_VARIABLE, "").strip()
    if not wanted.startswith("print_partial") or not isinstance(printer, FolderPrinter):
        return
    seen = 0

    def kill(_temp: Path) -> None:
        nonlocal seen
        seen += 1
        if wanted in ("print_partial", f"print_partial:{seen}"):
            _kill_now()

    printer.before_rename = kill


@dataclass(frozen=True, slots=True)
class StationOptions:
    """How a caller wants its station; the defaults are a headless command's.

    ``printer_uri`` / ``label_format``: this run's printer and label format instead of the
    settings'. ``run_outbox``: deliver the outbox in the background while the block runs.
    ``run_print_queue``: re-send held labels in the background (a one-shot command leaves that
    to ``resume``). ``customs_confirm`` (the bench window): every customs declaration waits for
    the packer's confirmation in the customs dialog; headless, complete ones are sent at once.
    """

    printer_uri: str | None = None
    label_format: LabelFormat | None = None
    run_outbox: bool = True
    run_print_queue: bool = True
    customs_confirm: bool = False


#: The bench window's station: background delivery, held labels re-sent, customs confirmed.
WINDOW_OPTIONS = StationOptions(customs_confirm=True)


def barcode_config(settings: Settings) -> BarcodeConfig:
    return BarcodeConfig(
        order_patterns=tuple(settings.order_barcode_patterns),
        scanner_prefix=settings.scanner_prefix,
        scanner_suffix=settings.scanner_suffix,
    )


def outbox_service(
    settings: Settings, journal: SqliteJournal, api: HttpShippingApi
) -> OutboxService:
    """The outbox over the journal with the standard handlers (order states, …)."""
    return OutboxService(
        journal,
        journal,
        standard_handlers(api),
        policy=OutboxPolicy(
            base_delay_s=settings.outbox_retry_delay_s,
            max_delay_s=settings.outbox_retry_max_s,
        ),
    )


@dataclass(frozen=True, slots=True)
class _Printers:
    label: LabelPrinter
    document: LabelPrinter | None
    profile: PrinterProfile


def _printers(settings: Settings, options: StationOptions) -> _Printers:
    """The label printer (and the document printer), or ``StationConfigError``."""
    uri = options.printer_uri or settings.printer
    if not uri:
        private_dir(settings.data_dir / "printed")
        uri = default_printer_uri(settings)
    profile = printer_profile(settings)
    try:
        printer = open_printer(uri, profile)
    except ValueError as exc:
        raise StationConfigError(f"The printer setting is not usable: {exc}") from None
    document_printer = None
    if settings.document_printer:
        try:
            document_printer = open_printer(settings.document_printer, DOCUMENT_PROFILE)
        except ValueError as exc:
            raise StationConfigError(f"The document_printer setting is not usable: {exc}") from None
    return _Printers(printer, document_printer, profile)


@dataclass(frozen=True, slots=True)
class _Stores:
    """The station's SQLite stores; they share one file, the journal."""

    journal: SqliteJournal
    customs: SqliteCustomsStore
    print_jobs: SqlitePrintJobStore

    @classmethod
    def at(cls, data_dir: Path) -> _Stores:
        path = journal_path(data_dir)
        return cls(SqliteJournal(path), SqliteCustomsStore(path), SqlitePrintJobStore(path))

    async def open(self) -> None:
        await self.journal.open()
        await self.customs.open()
        await self.print_jobs.open()

    async def close(self) -> None:
        await self.print_jobs.close()
        await self.customs.close()
        await self.journal.close()


#: Customs declarations the shift lead sees as pending: not yet accepted or manifested.
CUSTOMS_PENDING = (
    DeclarationStatus.NEEDS_DATA,
    DeclarationStatus.AWAITING_CONFIRMATION,
    DeclarationStatus.QUEUED,
    DeclarationStatus.REFUSED,
)


def warehouse_link(
    settings: Settings, stores: _Stores, uid: str, queue: PrintQueue | None = None
) -> WarehouseLink | None:
    """The bench's link to the warehouse store, when ``warehouse_db`` is set (else None)."""
    if not settings.warehouse_db:
        return None
    # imported here: a bench without a warehouse store never loads the PostgreSQL driver
    from packstation.adapters.warehouse_pg import PostgresWarehouse

    name = settings.station_name
    store = PostgresWarehouse(settings.warehouse_db, application_name=f"packstation {name}")
    lease = settings.warehouse_lease_s
    journal = stores.journal

    async def bench_status() -> dict[str, int | None]:
        """What the shift view shows of this bench besides its journal."""
        counts = await journal.counts()
        held = len(await queue.pending()) if queue is not None else None
        pending = await stores.customs.declarations(statuses=CUSTOMS_PENDING)
        return {
            "outbox_pending": counts.pending,
            "outbox_failed": counts.failed,
            "held_labels": held,
            "customs_pending": len(pending),
        }

    return WarehouseLink(
        store,
        journal,
        BenchId(station_key(name, uid), name),
        packer=settings.packer_name,
        policy=WarehousePolicy(lease_s=lease, heartbeat_s=max(1.0, lease / 4)),
        bench_status=bench_status,
        pickups=PickupSchedule.parse(settings.pickup_schedule),
        tz=_zone(settings.pickup_timezone),
    )


@contextlib.asynccontextmanager
async def _warehouse(link: WarehouseLink | None) -> AsyncIterator[None]:
    """The heartbeat and the journal copy while the block runs; what is left copied after."""
    if link is None:
        yield
        return
    runner = asyncio.create_task(link.run(), name="warehouse")
    try:
        yield
    finally:
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
        await link.flush(2.0)
        await link.store.close()


@contextlib.asynccontextmanager
async def _in_background(
    outbox: OutboxService, queue: PrintQueue, options: StationOptions
) -> AsyncIterator[None]:
    """Run the outbox and the print queue while the block runs (as the options ask)."""
    runners: list[asyncio.Task[None]] = []
    if options.run_outbox:
        runners.append(asyncio.create_task(outbox.run(), name="outbox"))
    if options.run_print_queue:
        runners.append(asyncio.create_task(queue.run(), name="print queue"))
    try:
        yield
    finally:
        for runner in runners:
            runner.cancel()
        for runner in runners:
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        # a delivery flush_order stopped waiting for ends before the API client closes
        await outbox.settle(_SETTLE_S)


@contextlib.asynccontextmanager
async def open_station(
    settings: Settings,
    connection: Connection,
    options: StationOptions = StationOptions(),
) -> AsyncIterator[Station]:
    """Build the packing station: 7S client, order source, printer, journal, outbox, service.

    Raises ``StationConfigError`` before anything is opened when the settings cannot work;
    ``options`` says what runs in the background and what this run overrides.
    """
    source = settings.order_source or connection.feed_url
    if not source:
        raise StationConfigError(
            "No order source is configured: set PACKSTATION_ORDER_SOURCE to the folder or "
            "the URL of the merchant's orders."
        )
    printers = _printers(settings, options)
    scale = bench_scale(settings)
    lock = DataDirLock(settings.data_dir)  # one station process per data directory
    try:
        await lock.acquire()
    except DataDirBusy as exc:
        raise StationBusy(str(exc)) from None
    stores = _Stores.at(settings.data_dir)
    try:
        await stores.open()
        label_printer = printers.label
        _arm_partial_kill(label_printer)
        queue = PrintQueue(
            stores.print_jobs,
            lambda other: (
                label_printer
                if other == label_printer.uri
                else open_printer(other, printers.profile)
            ),
        )
        await queue.recover()  # jobs left "sending" by a stopped station are held again
        print_kill = _print_kill_hook()
        if print_kill is not None:
            queue.subscribe(print_kill)
        async with (
            shipping_api(settings, connection) as api,
            station_http_client(timeout=httpx.Timeout(15.0, connect=5.0)) as feed_http,
        ):
            try:
                orders = open_order_source(source, feed_http)
            except ValueError as exc:
                raise StationConfigError(f"The order source is not usable: {exc}") from None
            link = warehouse_link(settings, stores, await stores.journal.station_uid(), queue)
            station = _assemble(
                settings, options, api, orders, printers, stores, queue, source, scale, link
            )
            async with _warehouse(link), _in_background(station.outbox, queue, options):
                yield station
    finally:
        try:
            if scale is not None:
                with contextlib.suppress(ScaleError):
                    await scale.close()
            await stores.close()
        finally:
            lock.release()


def _assemble(
    settings: Settings,
    options: StationOptions,
    api: HttpShippingApi,
    orders: OrderSource,
    printers: _Printers,
    stores: _Stores,
    queue: PrintQueue,
    source: str,
    scale: Scale | None = None,
    link: WarehouseLink | None = None,
) -> Station:
    """The services over the open adapters (nothing runs yet)."""
    data_dir = settings.data_dir
    journal = stores.journal
    outbox = outbox_service(settings, journal, api)
    customs = CustomsService(
        api=api,
        store=stores.customs,
        journal=journal,
        outbox_store=journal,
        invoices=PdfInvoiceMaker(data_dir / "customs" / "invoices"),
        settings=customs_settings(settings, confirm=options.customs_confirm),
        document_printer=printers.document,
        orders=orders,
        on_queued=outbox.wake,
    )
    outbox.add_handler(OutboxKind.CUSTOMS, customs.deliver)
    dispatch = DispatchService(
        api=api,
        store=stores.customs,
        journal=journal,
        flex=settings.seven_senders_flex,
        prefix=settings.customs_manifest_prefix,
        timezone=_zone(settings.pickup_timezone),
        warehouse=link,
    )
    if link is not None:  # the other benches learn which customs shipments wait here
        link.on_heartbeat.append(dispatch.sync_warehouse)
    service = PackingService(
        api=api,
        orders=orders,
        printer=printers.label,
        journal=journal,
        archive=FileLabelArchive(data_dir / "labels"),
        outbox=outbox,
        barcodes=barcode_config(settings),
        gs1=BiipGs1Decoder(),
        policy=station_policy(settings, options.label_format),
        customs_policy=customs.policy,
        customs_step=customs,
        on_step=_kill_hook(),
        pudo_choices=SqliteStationRecords(journal),
        print_queue=queue,
        scale=scale,
        slips=PdfPackingSlipMaker(data_dir / "packing-slips"),
        document_printer=printers.document,
        warehouse=link,
    )
    if isinstance(scale, VirtualScale):
        scale_follows_the_box(service, scale)
    return Station(
        service=service,
        outbox=outbox,
        journal=journal,
        api=api,
        printer=printers.label,
        data_dir=data_dir,
        order_source=source,
        customs=customs,
        dispatch=dispatch,
        print_queue=queue,
        scale=scale,
        warehouse=link,
    )
