"""Composition root: settings → adapters → services → view-models → windows, on one qasync loop.

The only module (with the command line) that builds concrete adapters and that may start the
embedded sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from packstation.adapters.customs_sqlite import SqliteCustomsStore
from packstation.adapters.gs1_biip import BiipGs1Decoder
from packstation.adapters.http_policy import RetryPolicy
from packstation.adapters.http_retry import AnswerLimits
from packstation.adapters.invoice_pdf import PdfInvoiceMaker
from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
from packstation.adapters.label_files import FileLabelArchive
from packstation.adapters.order_source import open_order_source
from packstation.adapters.print_jobs_sqlite import SqlitePrintJobStore
from packstation.adapters.printers import open_printer
from packstation.adapters.private_files import private_dir
from packstation.adapters.sevensenders import HttpShippingApi, base_url_for
from packstation.adapters.sevensenders_names import ApiNames
from packstation.adapters.station_lock import DataDirBusy, DataDirLock
from packstation.adapters.station_records_sqlite import SqliteStationRecords
from packstation.config import Environment, Settings
from packstation.domain.barcodes import BarcodeConfig
from packstation.domain.cycle import OutboxKind
from packstation.domain.dispatch import PickupSchedule
from packstation.domain.printing import PrinterLanguage, PrinterProfile
from packstation.domain.shipping import Address, LabelFormat
from packstation.ports import LabelPrinter, OrderSource
from packstation.secret_store import get_access_key
from packstation.services.catalog import CatalogSync
from packstation.services.customs import CustomsService, CustomsSettings
from packstation.services.dispatch import DispatchService
from packstation.services.order_intake import OrderIntake
from packstation.services.outbox import OutboxPolicy, OutboxService, standard_handlers
from packstation.services.packing import PackingService, StationPolicy, StepReached
from packstation.services.print_queue import PrintQueue
from packstation.services.pudo import PudoDefaults, PudoService
from packstation.services.returns import ReturnsService

log = logging.getLogger(__name__)

DEMO_ACCESS_KEY = "test-access-key"  # the sandbox's public demo key; not a secret


@dataclass(frozen=True, slots=True)
class Connection:
    """Where the station talks to 7S, and with which key."""

    base_url: str
    access_key: str = field(repr=False)  # never in a repr or a log
    feed_url: str | None = None
    is_sandbox: bool = False


@contextlib.contextmanager
def sandbox_connection() -> Iterator[Connection]:
    """Start the embedded sandbox (demo/training mode) for as long as the block runs."""
    from packstation.sandbox import SandboxServer

    with SandboxServer(seed="demo") as sandbox:
        yield Connection(
            base_url=sandbox.base_url,
            access_key=DEMO_ACCESS_KEY,
            feed_url=f"{sandbox.root_url}/merchant/orders",
            is_sandbox=True,
        )


def configured_connection(settings: Settings) -> Connection | None:
    """The configured 7S connection, or None when the station runs on the sandbox."""
    if settings.environment is Environment.SANDBOX and not settings.api_url:
        return None
    if settings.environment is Environment.CUSTOM and not settings.api_url:
        raise LookupError(
            "The environment is 'custom' but no api_url is set (PACKSTATION_API_URL)."
        )
    base_url = base_url_for(settings.environment.value, settings.api_url)
    if settings.environment is Environment.SANDBOX:
        # a standalone sandbox (`packstation sandbox`): its demo key and its merchant feed
        demo_key = settings.access_key.get_secret_value() if settings.access_key else None
        root = base_url.removesuffix("/").removesuffix("/v2")
        return Connection(
            base_url=base_url,
            access_key=demo_key or DEMO_ACCESS_KEY,
            feed_url=f"{root}/merchant/orders",
            is_sandbox=True,
        )
    key = settings.access_key.get_secret_value() if settings.access_key else None
    key = key or get_access_key(settings.environment.value)
    if not key:
        raise LookupError(
            f"No access key is stored for the {settings.environment.value} environment. "
            "Run `packstation access-key set` or set PACKSTATION_ACCESS_KEY."
        )
    return Connection(base_url=base_url, access_key=key)


@contextlib.asynccontextmanager
async def shipping_api(
    settings: Settings, connection: Connection
) -> AsyncIterator[HttpShippingApi]:
    """One shared HTTP client and the 7S client on top of it, closed on exit.

    Raises ``ValueError`` (before anything is opened) when ``api_names`` overrides are wrong.
    """
    names = ApiNames.with_overrides(settings.api_names)
    connect, read = settings.connect_timeout_s, settings.read_timeout_s
    delay = settings.api_retry_delay_s
    async with httpx.AsyncClient() as http:
        yield HttpShippingApi(
            http,
            base_url=connection.base_url,
            access_key=connection.access_key,
            names=names,
            policy=RetryPolicy(
                base_delay=delay,
                max_delay=max(delay, 8.0),
                retry_after_cap=settings.retry_after_cap_s,
            ),
            timeout=httpx.Timeout(read, connect=connect, pool=connect),
            download_timeout=httpx.Timeout(max(read, 60.0), connect=connect, pool=connect),
            limits=AnswerLimits(
                deadline=settings.api_deadline_s,
                max_bytes=int(settings.max_answer_mb * 1024 * 1024),
            ),
        )


# ---------------------------------------------------------------------- the packing station

#: Test-only: the composition root kills its own process (SIGKILL) right after this step,
#: e.g. ``label_bought`` or ``label_bought:2`` (parcel 2). Read nowhere else.
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
    )


def _kill_hook() -> Callable[[StepReached], None] | None:
    wanted = os.environ.get(TEST_KILL_VARIABLE, "").strip()
    if not wanted:
        return None

    def kill(event: StepReached) -> None:
        if wanted in (event.name, event.step):
            sys.stdout.flush()
            sys.stderr.flush()
            kill_signal = getattr(signal, "SIGKILL", None)
            if kill_signal is None:  # Windows
                os._exit(137)
            os.kill(os.getpid(), kill_signal)

    return kill


@contextlib.asynccontextmanager
async def open_station(
    settings: Settings,
    connection: Connection,
    *,
    printer_uri: str | None = None,
    label_format: LabelFormat | None = None,
    run_outbox: bool = True,
    customs_confirm: bool = False,
    run_print_queue: bool = True,
) -> AsyncIterator[Station]:
    """Build the packing station: 7S client, order source, printer, journal, outbox, service.

    The outbox delivers in the background while the block runs (``run_outbox``), and so
    does the print queue re-send held labels (``run_print_queue``; a one-shot command
    leaves that to ``resume``). Raises
    ``StationConfigError`` before anything is opened when the settings cannot work.
    ``customs_confirm`` (the bench GUI): every customs declaration waits for the packer's
    confirmation in the customs dialog; headless, complete ones are sent straight away.
    """
    source = settings.order_source or connection.feed_url
    if not source:
        raise StationConfigError(
            "No order source is configured: set PACKSTATION_ORDER_SOURCE to the folder or "
            "the URL of the merchant's orders."
        )
    uri = printer_uri or settings.printer
    if not uri:
        private_dir(settings.data_dir / "printed")
        uri = default_printer_uri(settings)
    try:
        printer = open_printer(uri, printer_profile(settings))
    except ValueError as exc:
        raise StationConfigError(f"The printer setting is not usable: {exc}") from None
    document_printer = None
    if settings.document_printer:
        try:
            document_printer = open_printer(settings.document_printer, DOCUMENT_PROFILE)
        except ValueError as exc:
            raise StationConfigError(f"The document_printer setting is not usable: {exc}") from None
    data_dir = settings.data_dir
    lock = DataDirLock(data_dir)  # one station process per data directory
    try:
        await lock.acquire()
    except DataDirBusy as exc:
        raise StationBusy(str(exc)) from None
    journal = SqliteJournal(journal_path(data_dir))
    customs_store = SqliteCustomsStore(journal_path(data_dir))
    print_jobs = SqlitePrintJobStore(journal_path(data_dir))
    profile = printer_profile(settings)
    try:
        await journal.open()
        await customs_store.open()
        await print_jobs.open()
        queue = PrintQueue(
            print_jobs,
            lambda other: printer if other == printer.uri else open_printer(other, profile),
        )
        await queue.recover()  # jobs left "sending" by a stopped station are held again
        async with (
            shipping_api(settings, connection) as api,
            httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0)) as feed_http,
        ):
            try:
                orders = open_order_source(source, feed_http)
            except ValueError as exc:
                raise StationConfigError(f"The order source is not usable: {exc}") from None
            outbox = OutboxService(
                journal,
                journal,
                standard_handlers(api),
                policy=OutboxPolicy(
                    base_delay_s=settings.outbox_retry_delay_s,
                    max_delay_s=settings.outbox_retry_max_s,
                ),
            )
            barcodes = BarcodeConfig(
                order_patterns=tuple(settings.order_barcode_patterns),
                scanner_prefix=settings.scanner_prefix,
                scanner_suffix=settings.scanner_suffix,
            )
            customs = CustomsService(
                api=api,
                store=customs_store,
                journal=journal,
                outbox_store=journal,
                invoices=PdfInvoiceMaker(data_dir / "customs" / "invoices"),
                settings=customs_settings(settings, confirm=customs_confirm),
                document_printer=document_printer,
                orders=orders,
                on_queued=outbox.wake,
            )
            outbox.add_handler(OutboxKind.CUSTOMS, customs.deliver)
            dispatch = DispatchService(
                api=api,
                store=customs_store,
                journal=journal,
                flex=settings.seven_senders_flex,
                prefix=settings.customs_manifest_prefix,
                timezone=_zone(settings.pickup_timezone),
            )
            service = PackingService(
                api=api,
                orders=orders,
                printer=printer,
                journal=journal,
                archive=FileLabelArchive(data_dir / "labels"),
                outbox=outbox,
                barcodes=barcodes,
                gs1=BiipGs1Decoder(),
                policy=station_policy(settings, label_format),
                customs_policy=customs.policy,
                customs_step=customs,
                on_step=_kill_hook(),
                pudo_choices=SqliteStationRecords(journal),
                print_queue=queue,
            )
            runners: list[asyncio.Task[None]] = []
            if run_outbox:
                runners.append(asyncio.create_task(outbox.run(), name="outbox"))
            if run_print_queue:
                runners.append(asyncio.create_task(queue.run(), name="print queue"))
            try:
                yield Station(
                    service,
                    outbox,
                    journal,
                    api,
                    printer,
                    data_dir,
                    source,
                    customs,
                    dispatch,
                    queue,
                )
            finally:
                for runner in runners:
                    runner.cancel()
                for runner in runners:
                    with contextlib.suppress(asyncio.CancelledError):
                        await runner
    finally:
        try:
            await print_jobs.close()
            await customs_store.close()
            await journal.close()
        finally:
            lock.release()


# ---------------------------------------------------------------------- the other workflows


@dataclass(frozen=True, slots=True)
class Workflows:
    """The PUDO locator, returns desk, catalog sync and order intake, built by
    ``open_workflows`` (the command line's ``pudo``, ``return``, ``catalog``, ``orders`` and
    ``stats`` commands, and the window's modes)."""

    pudo: PudoService
    returns: ReturnsService
    catalog: CatalogSync
    intake: OrderIntake
    outbox: OutboxService
    delivers: bool  # the outbox runs (shared with a station): queued states go out now
    journal: SqliteJournal
    records: SqliteStationRecords
    api: HttpShippingApi
    orders: OrderSource | None
    data_dir: Path


def order_source_spec(settings: Settings, connection: Connection | None) -> str | None:
    """The merchant's order source: the setting, else the sandbox's feed."""
    return settings.order_source or (connection.feed_url if connection else None)


@contextlib.asynccontextmanager
async def open_workflows(
    settings: Settings,
    connection: Connection,
    *,
    station: Station | None = None,
    with_orders: bool = True,
) -> AsyncIterator[Workflows]:
    """Build the other workflows' services.

    With ``station`` (the window, ``packstation return``) they share its journal, 7S client and
    outbox, whose background delivery (with every handler: order states, customs, …) sends the
    return states. Without one they open the journal and a 7S client of their own and their
    outbox is never run (its entries wait for the station: nothing is parked by a command that
    does not know how to deliver it). ``with_orders`` opens the merchant's order source when
    one is configured (PUDO choice by id, returns lookup).
    """
    own_journal: SqliteJournal | None = None
    try:
        async with contextlib.AsyncExitStack() as stack:
            if station is not None:
                journal, api, outbox = station.journal, station.api, station.outbox
            else:
                own_journal = journal = SqliteJournal(journal_path(settings.data_dir))
                await journal.open()
                api = await stack.enter_async_context(shipping_api(settings, connection))
                outbox = OutboxService(
                    journal,
                    journal,
                    standard_handlers(api),
                    policy=OutboxPolicy(
                        base_delay_s=settings.outbox_retry_delay_s,
                        max_delay_s=settings.outbox_retry_max_s,
                    ),
                )
            orders: OrderSource | None = None
            source = order_source_spec(settings, connection) if with_orders else None
            if source:
                feed_http = await stack.enter_async_context(
                    httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))
                )
                try:
                    orders = open_order_source(source, feed_http)
                except ValueError as exc:
                    log.info("order source %s not usable here: %s", source, exc)
            records = SqliteStationRecords(journal)
            barcodes = BarcodeConfig(
                order_patterns=tuple(settings.order_barcode_patterns),
                scanner_prefix=settings.scanner_prefix,
                scanner_suffix=settings.scanner_suffix,
            )
            yield Workflows(
                pudo=PudoService(
                    api,
                    records,
                    journal,
                    orders=orders,
                    default_carrier=settings.default_carrier,
                    station_name=settings.station_name,
                    defaults=PudoDefaults(
                        max_results=settings.pudo_max_results,
                        max_distance_m=settings.pudo_max_distance_m,
                        opening_days=settings.pudo_opening_days,
                    ),
                ),
                returns=ReturnsService(
                    api=api,
                    journal=journal,
                    outbox=outbox,
                    outbox_store=journal,
                    store=records,
                    orders=orders,
                    barcodes=barcodes,
                    gs1=BiipGs1Decoder(),
                    received_state=settings.returns_received_state,
                    station_name=settings.station_name,
                    clerk=settings.packer_name,
                ),
                catalog=CatalogSync(
                    api, records, journal, concurrency=settings.catalog_concurrency
                ),
                intake=OrderIntake(
                    api,
                    records,
                    journal,
                    concurrency=settings.import_concurrency,
                    order_age_warning=timedelta(hours=settings.order_age_warning_h),
                ),
                outbox=outbox,
                delivers=station is not None,
                journal=journal,
                records=records,
                api=api,
                orders=orders,
                data_dir=settings.data_dir,
            )
    finally:
        if own_journal is not None:
            await own_journal.close()


def station_facts(settings: Settings) -> dict[str, Any]:
    """Versions and where this station keeps its things (``packstation about``, About dialog)."""
    import platform

    from packstation import __version__
    from packstation.config import default_config_file
    from packstation.logging_setup import default_log_dir
    from packstation.secret_store import keyring_backends

    in_use, found = keyring_backends()
    config_file = default_config_file()
    try:
        from PySide6 import QtCore

        qt = QtCore.qVersion()
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        qt = ""
    return {
        "version": __version__,
        "python": platform.python_version(),
        "qt": qt,
        "platform": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "config_file": str(config_file),
        "config_file_exists": config_file.exists(),
        "data_dir": str(settings.data_dir),
        "log_dir": str(default_log_dir()),
        "environment": settings.environment.value,
        "keyring": in_use,
        "keyring_backends_found": found,
    }


def has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal", "windows", "cocoa")
        or sys.platform in ("win32", "darwin")
    )
