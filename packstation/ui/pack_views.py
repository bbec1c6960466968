"""What the packing screen shows: the view objects the view-model emits and the window draws.

Plain frozen values (a ``QImage`` at most): the widgets in ``pack_widgets`` display them and
hold no state of their own. ``PackBackend`` is what the composition root hands the view-model;
``BenchDialog`` names the dialogs the view-model may ask the window to open.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QImage

# the banner's view object lives with the banner (the first frame's module, ``bench_frame``)
from packstation.ui.bench_frame import Banner as Banner

if TYPE_CHECKING:  # types only: the window's first frame needs none of the services
    from packstation.domain.approval import ApprovalRule, GuardedAction
    from packstation.domain.cycle import LabelAttempt
    from packstation.domain.shipping import LabelDocument
    from packstation.domain.warehouse import WarehouseStatus
    from packstation.services.packing import PackingService
    from packstation.services.print_queue import PrintQueue


@dataclass(frozen=True, slots=True)
class OrderHeaderView:
    order_id: str
    age: str
    late: bool
    recipient: str
    city: str
    country_code: str
    country_name: str
    carrier: str
    service: str
    pudo: str
    customs: bool
    state: str  # what 7S says about the order ("new", "in_preparation", …) or ""


@dataclass(frozen=True, slots=True)
class BoxMark:
    """Units of an order line in one box, as the items table's box column shows them."""

    number: int  # the box
    quantity: int  # units of the line in it
    current: bool  # the box the next scans go into


@dataclass(frozen=True, slots=True)
class LineView:
    index: int
    sku: str
    ean: str
    name: str
    ordered: int
    scanned: int
    state: str  # "open", "partial", "done", "not_verified" (the check was skipped)
    state_text: str
    #: which boxes hold the line's units (empty while the order is in one box)
    boxes: tuple[BoxMark, ...] = ()


@dataclass(frozen=True, slots=True)
class ParcelView:
    number: int
    count: int
    weight: str
    tracking_code: str
    status: str


@dataclass(frozen=True, slots=True)
class PreviewView:
    """The last label: a rendered PDF page, or ZPL source with its check results."""

    title: str
    image: QImage | None = None
    source: str = ""
    checks: tuple[tuple[bool, str], ...] = ()  # (fine, text)


@dataclass(frozen=True, slots=True)
class StationView:
    environment: str
    connection: str
    connected: bool | None
    printer: str
    printer_status: str
    printer_ok: bool | None
    outbox: str
    outbox_ok: bool
    held: int
    packer: str
    station: str
    shift: str
    warehouse: str = ""  # empty: no warehouse store configured (the bench works alone)
    warehouse_ok: bool | None = None
    #: the shift's figures in a whole sentence (the bar shows them short, this as its tooltip)
    shift_detail: str = ""
    warehouse_detail: str = ""  # the warehouse's state in a sentence (the tooltip)


@dataclass(frozen=True, slots=True)
class InFlightView:
    cycle_id: str
    order_id: str
    what: str
    waiting_for_packer: bool
    has_labels: bool


@dataclass(frozen=True, slots=True)
class UncertainPrintView:
    """A label the station was sending when it stopped, on a printer that cannot tell whether
    it printed: the packer looks and answers (print it again / it printed)."""

    job_id: str
    label: str  # order, parcel and tracking code, as the print job names it
    printer: str


@dataclass(frozen=True, slots=True)
class ActionState:
    """Which bench actions make sense right now (the window enables its buttons by it)."""

    finish: bool = False
    print_waiting: bool = False
    parcels: bool = False
    reprint: bool = False
    void: bool = False
    skip: bool = False
    cancel: bool = False


class BenchDialog(Enum):
    """A dialog the view-model asks the window to open (a command barcode needs a reason)."""

    REPRINT = "reprint"
    VOID = "void"
    CANCEL = "cancel"
    SKIP = "skip"
    PARCELS = "parcels"
    MOVE = "move"  # move units between the boxes of the order on the bench
    SLIP = "slip"  # print a finished order's packing slip again


@dataclass(frozen=True, slots=True)
class ApprovalView:
    """A supervisor is asked to approve ``action`` (``refused``: the last code was not one)."""

    action: GuardedAction
    rule: ApprovalRule
    refused: bool = False


class RenderedImage(Protocol):
    """RGBA pixels as the label renderer returns them."""

    @property
    def pixels(self) -> bytes: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def stride(self) -> int: ...


class SheetDelivery(Enum):
    """How the command sheet reached paper (or did not)."""

    DOCUMENT_PRINTER = "document printer"  # the A4 sheet went to the document printer
    OPENED = "opened"  # the desktop's PDF viewer shows it: the packer prints it from there
    LABEL_PRINTER = "label printer"  # no viewer: the cards went to the label printer
    SAVED = "saved"  # nothing could print or show it: only the file


@dataclass(frozen=True, slots=True)
class SheetOutcome:
    """The command sheet's file, how it was delivered, and which printers did not take it."""

    path: Path
    delivery: SheetDelivery
    refused_by: tuple[SheetDelivery, ...] = ()  # printers tried first that did not take it


@dataclass
class PackBackend:
    """What the composition root hands the packing screen: the service and a few helpers.

    Attributes:
        service: the packing service (the only thing that decides anything).
        environment: "demo", "sandbox", "uat", "production" or "custom".
        print_queue: held labels (counted in the station bar, sent again with F5).
        check_connection: a cheap 7S call; raises ``ShippingApiError`` when 7S is not there.
        fetch_image: product picture bytes by URL (None when there is none).
        load_label: a bought label's file from the archive.
        render_pdf: first page of a PDF as RGBA pixels (blocking: run in a worker thread).
        packed_since: orders packed at this station since a time.
        write_command_sheet: makes the command sheet (heading, entries, footer) and sends it
            to paper the best way the bench has (``SheetOutcome``).
        warehouse_status: whether the warehouse store answers (None: not configured).
    """

    service: PackingService
    environment: str
    station_name: str = ""
    packer_name: str = ""
    print_queue: PrintQueue | None = None
    check_connection: Callable[[], Awaitable[object]] | None = None
    fetch_image: Callable[[str], Awaitable[bytes | None]] | None = None
    load_label: Callable[[LabelAttempt], Awaitable[LabelDocument]] | None = None
    render_pdf: Callable[[bytes, int, int], RenderedImage] | None = None
    packed_since: Callable[[datetime], Awaitable[int]] | None = None
    write_command_sheet: (
        Callable[[str, list[tuple[str, str, str]], str], Awaitable[SheetOutcome]] | None
    ) = None
    command_prefix: str = "PS-CMD:"
    order_age_warning: timedelta = timedelta(hours=24)
    warehouse_status: Callable[[], WarehouseStatus] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
