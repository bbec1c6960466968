"""The other workflows' services (PUDO locator, returns desk, catalog sync, order intake), for
the command line's ``pudo``, ``return``, ``catalog``, ``orders`` and ``stats`` and the window's
modes."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx

from packstation.adapters.gs1_biip import BiipGs1Decoder
from packstation.adapters.http_transport import station_http_client
from packstation.adapters.journal_sqlite import SqliteJournal, journal_path
from packstation.adapters.order_source import open_order_source
from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.station_records_sqlite import SqliteStationRecords
from packstation.composition.connection import Connection, shipping_api
from packstation.composition.station import Station, barcode_config, outbox_service
from packstation.ports import OrderSource
from packstation.services.catalog import CatalogSync
from packstation.services.order_intake import OrderIntake
from packstation.services.outbox import OutboxService
from packstation.services.pudo import PudoDefaults, PudoService
from packstation.services.returns import ReturnsService
from packstation.settings.model import Settings

log = logging.getLogger(__name__)


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
                outbox = outbox_service(settings, journal, api)
            orders: OrderSource | None = None
            source = order_source_spec(settings, connection) if with_orders else None
            if source:
                feed_http = await stack.enter_async_context(
                    station_http_client(timeout=httpx.Timeout(15.0, connect=5.0))
                )
                try:
                    orders = open_order_source(source, feed_http)
                except ValueError as exc:
                    log.info("order source %s not usable here: %s", source, exc)
            yield _assemble(settings, journal, api, outbox, orders, delivers=station is not None)
    finally:
        if own_journal is not None:
            await own_journal.close()


def _assemble(
    settings: Settings,
    journal: SqliteJournal,
    api: HttpShippingApi,
    outbox: OutboxService,
    orders: OrderSource | None,
    *,
    delivers: bool,
) -> Workflows:
    records = SqliteStationRecords(journal)
    return Workflows(
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
            barcodes=barcode_config(settings),
            gs1=BiipGs1Decoder(),
            received_state=settings.returns_received_state,
            station_name=settings.station_name,
            clerk=settings.packer_name,
        ),
        catalog=CatalogSync(api, records, journal, concurrency=settings.catalog_concurrency),
        intake=OrderIntake(
            api,
            records,
            journal,
            concurrency=settings.import_concurrency,
            order_age_warning=timedelta(hours=settings.order_age_warning_h),
        ),
        outbox=outbox,
        delivers=delivers,
        journal=journal,
        records=records,
        api=api,
        orders=orders,
        data_dir=settings.data_dir,
    )
