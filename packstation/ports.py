"""Ports: the interfaces the station's services need from the outside world."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from packstation.domain.catalog import SyncedProduct
from packstation.domain.customs_declaration import (
    CommercialInvoice,
    CustomsDeclaration,
    DeclarationStatus,
    InvoiceFile,
    ManifestRecord,
    ManifestStatus,
)
from packstation.domain.cycle import (
    CycleRecord,
    JournalEvent,
    LabelAttempt,
    NewOutboxEntry,
    OutboxCounts,
    OutboxEntry,
    OutboxStatus,
    StoredLabel,
)
from packstation.domain.intake import OrderReceipt, PackedOrder
from packstation.domain.orders import MerchantOrder, OrderListing
from packstation.domain.packing_slip import PackingSlip, SlipFile
from packstation.domain.print_jobs import PrintJob, PrintJobState
from packstation.domain.printing import PrinterProfile, PrinterStatus, PrintResult
from packstation.domain.pudo import PudoChoice
from packstation.domain.returns import ReturnRecord
from packstation.domain.shipping import (
    AccountGrant,
    CarrierInfo,
    CustomsShipment,
    CustomsShipmentFilter,
    CustomsShipmentRequest,
    CustomsShipmentUpdate,
    Label,
    LabelDocument,
    LabelRequest,
    Manifest,
    ManifestRequest,
    NewOrder,
    NewOrderItem,
    OrderFilter,
    OrderItem,
    OrderState,
    OrderUpdate,
    PostedState,
    Product,
    ProductImage,
    PudoLocation,
    PudoSearch,
    SevenSendersOrder,
    Shipment,
    ShipmentFilter,
    ShipmentRequest,
)
from packstation.domain.warehouse import (
    BenchId,
    Claim,
    ClaimAnswer,
    ManifestClaim,
    ShiftFigures,
    WarehouseCustoms,
    WarehouseManifest,
)
from packstation.domain.weighing import Weight


class ShippingApi(Protocol):
    """Seven Senders API v2, in the station's own terms.

    Every method raises a subclass of ``packstation.domain.errors.ShippingApiError`` on
    failure. Methods that create something raise ``OutcomeUnknown`` when the request may have
    been carried out but no answer arrived; the caller resolves that by looking it up.
    """

    async def authenticate(self) -> AccountGrant: ...

    async def list_carriers(self) -> list[CarrierInfo]: ...

    # orders
    async def create_order(self, order: NewOrder) -> SevenSendersOrder: ...
    async def list_orders(self, flt: OrderFilter) -> list[SevenSendersOrder]: ...
    async def find_order(self, order_id: str) -> SevenSendersOrder | None: ...
    # item calls take 7S's id (``SevenSendersOrder.id``), never the merchant's order_id
    async def get_order(self, order_ref: str | int) -> SevenSendersOrder: ...
    async def update_order(
        self, order_ref: str | int, update: OrderUpdate
    ) -> SevenSendersOrder: ...
    async def delete_order(self, order_ref: str | int) -> None: ...
    async def post_order_state(
        self, order_id: str, state: OrderState, at: datetime | None = None
    ) -> PostedState:
        """Post an order state; ``at`` is when it happened (default: now)."""
        ...

    # order items (Return Portal Pro)
    async def create_order_item(self, item: NewOrderItem) -> OrderItem: ...
    async def list_order_items(self, order_id: str) -> list[OrderItem]: ...
    async def link_order_item(
        self, item_id: str, shipment_id: str | None, quantity: int | None = None
    ) -> OrderItem:
        """Link an order item to a shipment; ``quantity``: its units become that many (the
        rest of a SKU split over several boxes is an item of its own)."""
        ...

    # shipments (own label)
    async def create_shipment(self, request: ShipmentRequest) -> Shipment: ...
    async def get_shipment(self, shipment_id: str) -> Shipment: ...
    async def list_shipments(self, flt: ShipmentFilter) -> list[Shipment]: ...
    async def delete_shipment(self, shipment_id: str) -> None: ...

    # labels
    async def create_label(self, request: LabelRequest) -> list[Label]: ...
    async def find_labels(self, order_id: str, reference_number: str) -> list[Label]: ...
    async def order_labels(self, order_id: str) -> list[Label]:
        """Every label 7S holds for the order (``GET /labels?order_id=``), whoever bought it."""
        ...

    async def download_label(self, label: Label) -> LabelDocument: ...
    async def delete_label(self, label_id: str) -> None: ...

    # customs
    async def create_customs_shipment(self, request: CustomsShipmentRequest) -> CustomsShipment: ...
    async def list_customs_shipments(self, flt: CustomsShipmentFilter) -> list[CustomsShipment]: ...
    async def get_customs_shipment(self, customs_id: str) -> CustomsShipment: ...
    async def update_customs_shipment(
        self, customs_id: str, update: CustomsShipmentUpdate
    ) -> CustomsShipment: ...
    async def delete_customs_shipment(self, customs_id: str) -> None: ...
    async def create_manifest(self, request: ManifestRequest) -> Manifest: ...
    async def find_manifest(self, manifest_id: str) -> Manifest | None:
        """The manifest with this ``manifest_id`` (the station's key), or ``None``."""
        ...

    async def get_manifest(self, manifest_ref: str) -> Manifest:
        """The manifest whose 7S id (``Manifest.id``) is ``manifest_ref``."""
        ...

    # PUDO
    async def search_pudo(self, search: PudoSearch) -> list[PudoLocation]: ...

    # products (Return Portal Pro)
    async def create_product(self, product: Product) -> Product: ...
    # products are found by SKU; item calls use 7S's id (``Product.id``, looked up when unset)
    async def get_product(self, sku: str) -> Product: ...
    async def update_product(self, product: Product) -> Product: ...
    async def delete_product(self, sku: str) -> None: ...
    async def upload_product_image(self, image: ProductImage) -> Product: ...
    async def delete_product_image(self, sku: str) -> None: ...


class OrderSource(Protocol):
    """Where the merchant's order details (recipient, lines, carrier) come from."""

    async def get_order(self, order_id: str) -> MerchantOrder:
        """The order, or ``OrderNotInSource`` / ``OrderSourceError`` (naming file and field)."""
        ...

    async def list_orders(self) -> OrderListing:
        """Every readable order, plus the problems met (bad files never stop the others)."""
        ...


class LabelPrinter(Protocol):
    """A bench printer.

    ``print_document`` raises ``PrinterNotReady`` (nothing sent: offline or faulted),
    ``DocumentNotPrintable`` (wrong language/size for this printer) or ``PrintInterrupted``
    (sending broke off midway); otherwise it says honestly whether the job is confirmed
    printed or only delivered.
    """

    @property
    def uri(self) -> str: ...

    @property
    def profile(self) -> PrinterProfile: ...

    async def status(self) -> PrinterStatus: ...

    async def print_document(self, document: LabelDocument, job_name: str) -> PrintResult: ...


@runtime_checkable
class CountingPrinter(Protocol):
    """A printer that keeps a lifetime label counter (a Zebra's odometer). The print queue
    records the counter before a job goes out, so after a crash the printer can say whether
    the job printed."""

    async def label_count(self) -> int | None:
        """The counter now; None when the printer has none or cannot be asked."""
        ...

    def labels_in(self, document: LabelDocument) -> int:
        """How many labels ``document`` prints on this printer."""
        ...


class Journal(Protocol):
    """The station's durable record: every scan, API intent and outcome, label and print.

    Each method is one small transaction that is on disk when it returns (so a record made
    before a label purchase survives a crash during it); a label attempt's intent (saved
    before the purchase) is synced so that it survives a power cut as well. Implementations
    never block the event loop. Nothing secret is ever passed in: no access key, no token.
    """

    async def station_uid(self) -> str:
        """A random id made once per journal, part of every reference number it issues."""
        ...

    async def append(self, event: JournalEvent) -> None:
        """Record one event (a scan, an API call and its outcome, a print, a warning)."""
        ...

    async def save_cycle(
        self,
        cycle: CycleRecord,
        event: JournalEvent | None = None,
        enqueue: Sequence[NewOutboxEntry] = (),
    ) -> None:
        """Insert or update a cycle, with its event and outbox entries, in one transaction."""
        ...

    async def cycle(self, cycle_id: str) -> CycleRecord | None: ...

    async def latest_cycle(self, order_id: str) -> CycleRecord | None:
        """The newest cycle of this order that was not abandoned, if any."""
        ...

    async def cycles(self, *, in_flight_only: bool = False, limit: int = 50) -> list[CycleRecord]:
        """Newest first; ``in_flight_only`` keeps the cycles left unfinished."""
        ...

    async def save_attempt(self, attempt: LabelAttempt, event: JournalEvent | None = None) -> None:
        """Insert or update one label attempt (keyed by its reference number)."""
        ...

    async def attempts(self, cycle_id: str) -> list[LabelAttempt]:
        """Every label attempt of a cycle, by parcel and generation."""
        ...

    async def find_attempts(self, order_or_tracking: str) -> list[LabelAttempt]:
        """Label attempts of an order id or with a tracking code, newest cycle first."""
        ...

    async def events(self, *, order_id: str | None = None, limit: int = 100) -> list[JournalEvent]:
        """The newest events (of one order), oldest first."""
        ...


class OutboxStore(Protocol):
    """Durable queue of deferrable 7S calls, delivered in order per order."""

    async def enqueue(self, entries: Sequence[NewOutboxEntry]) -> None: ...

    async def due(self, now: datetime) -> list[OutboxEntry]:
        """The first pending entry of every order whose next attempt is due by ``now``."""
        ...

    async def next_attempt_at(self) -> datetime | None:
        """When the earliest pending entry is due (None when nothing is pending)."""
        ...

    async def delivered(self, entry_id: int, note: str = "") -> None: ...

    async def superseded(self, entry_id: int, note: str) -> None:
        """The entry will never be taken (an order state behind the order's): not delivered."""
        ...

    async def reschedule(self, entry_id: int, next_attempt_at: datetime, error: str) -> None:
        """Count a failed attempt; try again at ``next_attempt_at``."""
        ...

    async def park(self, entry_id: int, reason: str) -> None:
        """Refused for good: keep it as failed (needs attention), never retried by itself."""
        ...

    async def requeue(self, entry_id: int | None = None) -> int:
        """Put parked entries (one, or all) back in the queue; returns how many."""
        ...

    async def counts(self) -> OutboxCounts: ...

    async def entries(
        self,
        *,
        statuses: Sequence[OutboxStatus] = (),
        order_id: str | None = None,
        limit: int = 100,
    ) -> list[OutboxEntry]:
        """Entries (all statuses when none given), oldest first."""
        ...


class LabelArchive(Protocol):
    """Label files kept on disk by content hash, for reprints without buying again."""

    async def store(self, document: LabelDocument) -> StoredLabel:
        """Write the file (atomically); the same content always lands at the same path."""
        ...

    async def load(self, stored: StoredLabel) -> LabelDocument:
        """Read a stored file back; ``LabelFileMissing`` if it is gone or its hash differs."""
        ...


class CustomsStore(Protocol):
    """The station's customs declarations (one per parcel, keyed by the 7S shipment id) and
    the manifests it posted. Each call is one transaction, on disk when it returns."""

    async def save_declaration(self, declaration: CustomsDeclaration) -> None:
        """Insert or replace the declaration of ``declaration.shipment_id``."""
        ...

    async def declaration(self, shipment_id: str) -> CustomsDeclaration | None: ...

    async def declarations(
        self,
        *,
        order_id: str | None = None,
        statuses: Collection[DeclarationStatus] = (),
        limit: int = 1000,
    ) -> list[CustomsDeclaration]:
        """Declarations (all statuses when none given), oldest first."""
        ...

    async def save_manifest(self, manifest: ManifestRecord) -> None: ...

    async def manifest(self, manifest_id: str) -> ManifestRecord | None: ...

    async def manifests(
        self, *, statuses: Collection[ManifestStatus] = (), limit: int = 200
    ) -> list[ManifestRecord]:
        """Manifests, newest first."""
        ...


class InvoiceMaker(Protocol):
    """Renders a commercial invoice / CN23 and files it where the shift lead finds it."""

    async def make(self, invoice: CommercialInvoice) -> InvoiceFile: ...


#: Opens the configured printer for a URI (the composition root knows each printer's profile);
#: raises ``ValueError`` for a URI that is malformed or not configured.
PrinterOpener = Callable[[str], LabelPrinter]


class PrintJobStore(Protocol):
    """Where the print queue keeps its jobs (with their label files) across restarts."""

    async def save(self, job: PrintJob) -> None:
        """Insert the job, or replace the stored job with the same id."""
        ...

    async def get(self, job_id: str) -> PrintJob | None: ...

    async def list_jobs(
        self,
        *,
        states: Collection[PrintJobState] = (),
        printer_uri: str | None = None,
        limit: int | None = None,
    ) -> list[PrintJob]:
        """Jobs (all states when ``states`` is empty), oldest first; ``limit`` keeps the
        newest ``limit`` of them."""
        ...

    async def prune(self, finished_before: datetime) -> int:
        """Delete printed, failed and cancelled jobs last updated before the given time;
        held and sending jobs are never pruned. Returns how many were deleted."""
        ...


# ---------------------------------------------------------------------- the other workflows


class PudoChoices(Protocol):
    """Pick-up points chosen at the station, one per order, kept in the journal."""

    async def save_choice(self, choice: PudoChoice, event: JournalEvent | None = None) -> None:
        """Keep ``choice`` for its order (replacing an earlier one), with its journal event."""
        ...

    async def choice(self, order_id: str) -> PudoChoice | None: ...

    async def forget_choice(self, order_id: str, event: JournalEvent | None = None) -> bool:
        """Drop the station's choice (the order's own point applies again); True if one was."""
        ...


class ReturnsStore(Protocol):
    """The returns desk's records, written atomically with the order state they queue."""

    async def record_return(
        self, record: ReturnRecord, event: JournalEvent, queue_state: bool
    ) -> ReturnRecord:
        """Insert the record (and, with ``queue_state``, an ``order_state`` outbox entry for
        ``record.state`` whose payload names the record) in one transaction; returns it with
        its id."""
        ...

    async def return_records(
        self, *, order_id: str | None = None, since: datetime | None = None
    ) -> list[ReturnRecord]:
        """Records oldest first (of one order, or made since a time)."""
        ...


class CatalogStateStore(Protocol):
    """What the last successful catalog sync left at 7S: per SKU, content hashes."""

    async def synced_products(self) -> dict[str, SyncedProduct]: ...

    async def save_synced(self, product: SyncedProduct) -> None: ...

    async def forget_synced(self, sku: str) -> None: ...


class CatalogImages(Protocol):
    """Where the product export's image files are."""

    @property
    def location(self) -> str: ...

    async def read(self, name: str) -> bytes:
        """The file's bytes; ``FileNotFoundError`` / ``OSError`` when it cannot be read."""
        ...


class OrderIntakeStore(Protocol):
    """Orders created in 7S ahead of packing, and the packing figures of the journal."""

    async def receipts(self, order_ids: Collection[str] | None = None) -> dict[str, OrderReceipt]:
        """The receipts of these orders (all when None), by order id."""
        ...

    async def save_receipts(
        self, receipts: Sequence[OrderReceipt], event: JournalEvent | None = None
    ) -> None: ...

    async def packed_orders(self, since: datetime | None = None) -> list[PackedOrder]:
        """Orders whose labels were all bought (or registered) since ``since``, from the
        journal, with their order date and (when known) the time the station received them."""
        ...


class Scale(Protocol):
    """A bench scale. Every method raises ``domain.weighing.ScaleError`` with plain words
    (unplugged, unstable, overload …) when the scale cannot give what was asked."""

    @property
    def description(self) -> str:
        """What and where, e.g. "MT-SICS scale on /dev/ttyUSB0"."""
        ...

    async def open(self) -> None:
        """Connect now (``ScaleError`` UNPLUGGED when it cannot be reached)."""
        ...

    async def read(self) -> Weight:
        """The weight shown right now, stable or not (after the station's tare)."""
        ...

    async def read_stable(self, timeout_s: float = 5.0) -> Weight:
        """The weight once it has settled; ``ScaleError`` UNSTABLE after ``timeout_s``."""
        ...

    async def zero(self) -> None:
        """Set zero with the pan empty."""
        ...

    async def tare(self) -> None:
        """Take what is on the pan (an empty box) off the following readings."""
        ...

    async def close(self) -> None: ...


class PackingSlipMaker(Protocol):
    """Renders an order's packing slip (delivery note) and files it; the file can be printed on
    the document printer or reprinted later."""

    async def make(self, slip: PackingSlip) -> SlipFile: ...


class JournalFeed(Protocol):
    """The journal read in order, for copying it elsewhere (the warehouse store)."""

    async def events_since(self, after_id: int, limit: int = 500) -> list[JournalEvent]:
        """Events with an id above ``after_id``, oldest first (each with its ``id``)."""
        ...

    async def last_event_id(self) -> int:
        """The id of the newest event (0 when the journal is empty)."""
        ...


class WarehouseStore(Protocol):
    """The warehouse's shared store: order claims and a copy of every bench's journal.

    Optional: a bench without one packs alone. Every method raises
    ``domain.warehouse.WarehouseUnavailable`` when the store cannot be reached or does not
    answer in time; the local journal stays the truth on the bench either way.
    """

    async def claim(
        self, order_id: str, bench: BenchId, packer: str, lease_s: float, *, takeover: bool = False
    ) -> ClaimAnswer:
        """Claim the order for ``bench`` (GRANTED), unless another bench holds an unexpired
        lease (HELD_ELSEWHERE, with the holder). ``takeover``: the shift lead's, whatever."""
        ...

    async def heartbeat(
        self,
        bench: BenchId,
        packer: str,
        order_ids: Sequence[str],
        lease_s: float,
        status: Mapping[str, int | None] | None = None,
    ) -> None:
        """The bench is alive: its claims on ``order_ids`` are extended by ``lease_s``;
        ``status``: its outbox, held labels, … for the shift view."""
        ...

    async def shift(self, since: datetime, *, online_s: float, idle_s: float) -> ShiftFigures:
        """Every bench's figures since ``since``; online: a heartbeat within ``online_s``;
        idle claims: no journal event of the holder about the order within ``idle_s``."""
        ...

    async def listen(
        self,
        changed: Callable[[], None],
        *,
        probe_s: float = 30.0,
        ready: Callable[[], None] | None = None,
    ) -> None:
        """Call ``changed`` whenever a change of what the shift view shows is committed, until
        cancelled (``ready``: listening now); ``WarehouseUnavailable`` when it cannot listen."""
        ...

    async def release(
        self, order_id: str, bench: BenchId | None, *, by: str = "", reason: str = ""
    ) -> bool:
        """Drop the claim. ``bench`` None: whoever holds it — the shift lead's release, kept
        with ``by`` and ``reason``. False when there was no such claim."""
        ...

    async def claims(self) -> list[Claim]:
        """Every claim, expired ones included, oldest first."""
        ...

    async def packed_at(self, order_id: str) -> tuple[str, datetime] | None:
        """The bench (its name) that bought the order's first label, and when (copied events)."""
        ...

    async def copied_up_to(self, bench: BenchId) -> int:
        """The newest journal event id of ``bench`` the store holds (0: none)."""
        ...

    async def copy_events(self, bench: BenchId, events: Sequence[JournalEvent]) -> None:
        """Store copies of ``bench``'s journal events (an event copied twice is kept once)."""
        ...

    async def publish_customs(
        self, bench: BenchId, waiting: Sequence[WarehouseCustoms]
    ) -> list[tuple[WarehouseCustoms, WarehouseManifest]]:
        """``bench``'s customs shipments waiting for a manifest (replacing what it published
        before); returns those of them a posted manifest holds, with that manifest."""
        ...

    async def customs_waiting(self, bench: BenchId) -> list[WarehouseCustoms]:
        """The other benches' customs shipments that no posted manifest holds yet."""
        ...

    async def claim_manifest(
        self, bench: BenchId, manifest: WarehouseManifest, lease_s: float
    ) -> ManifestClaim:
        """Claim posting ``manifest`` (one bench at a time per pick-up): refused, naming the
        holder, while another bench posts that pick-up's manifest or when a posted manifest
        holds one of its shipments."""
        ...

    async def manifest_done(self, bench: BenchId, manifest: WarehouseManifest) -> None:
        """``manifest`` was posted (its shipments are in it for every bench) or dropped."""
        ...

    async def manifests_since(self, since: datetime) -> list[WarehouseManifest]:
        """Manifests posted (or being posted) for pick-ups from ``since`` on."""
        ...

    async def close(self) -> None: ...
