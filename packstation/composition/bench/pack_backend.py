"""What the packing screen runs on, built from an open station (the window and tests)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path

from packstation.adapters.label_files import FileLabelArchive
from packstation.adapters.label_preview import render_pdf_page
from packstation.adapters.station_records_sqlite import SqliteStationRecords
from packstation.composition.bench.command_sheet import deliver_command_sheet
from packstation.composition.station import Station
from packstation.domain.cycle import LabelAttempt
from packstation.domain.shipping import LabelDocument
from packstation.settings.model import Settings
from packstation.ui.pack_viewmodel import PackBackend
from packstation.ui.pack_views import SheetOutcome


def pack_backend(
    station: Station,
    settings: Settings,
    *,
    environment: str,
    fetch_image: Callable[[str], Awaitable[bytes | None]] | None = None,
    open_document: Callable[[Path], bool] | None = None,
) -> PackBackend:
    """What the packing screen runs on, built from an open station (tests use it too)."""
    archive = FileLabelArchive(settings.data_dir / "labels")
    records = SqliteStationRecords(station.journal)

    async def load_label(attempt: LabelAttempt) -> LabelDocument:
        return await archive.load(attempt.stored())  # ValueError: the label has no file

    async def packed_since(since: datetime) -> int:
        return len(await records.packed_orders(since))

    async def check_connection() -> object:
        return await station.api.list_carriers()

    async def command_sheet(
        heading: str, entries: list[tuple[str, str, str]], footer: str
    ) -> SheetOutcome:
        return await deliver_command_sheet(
            settings.data_dir / "command-sheet.pdf",
            heading,
            entries,
            footer,
            settings.station_name,
            document_printer=station.customs.document_printer,
            label_printer=station.printer,
            open_document=open_document,
        )

    return PackBackend(
        service=station.service,
        environment=environment,
        station_name=settings.station_name,
        packer_name=settings.packer_name,
        print_queue=station.print_queue,
        check_connection=check_connection,
        fetch_image=fetch_image,
        load_label=load_label,
        render_pdf=render_pdf_page,
        packed_since=packed_since,
        warehouse_status=station.warehouse.status if station.warehouse is not None else None,
        write_command_sheet=command_sheet,
        order_age_warning=timedelta(hours=settings.order_age_warning_h),
    )
