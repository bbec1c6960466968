"""Fakes of the ports for unit tests of the services (no sockets, no threads of their own).

``FakeShippingApi`` is a small in-memory Seven Senders with scriptable faults: ``fail`` makes
the next calls of a method raise before doing anything, ``commit_then_fail`` carries the call
out and then raises (the "commit then drop" case). ``FakePrinter`` records what it printed.
"""

from __future__ import annotations

import itertools
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

from packstation.domain.errors import Duplicate, NotFound, ValidationFailed, Violation
from packstation.domain.orders import (
    MerchantOrder,
    OrderLine,
    OrderListing,
    OrderNotInSource,
    OrderSourceError,
)
from packstation.domain.printing import (
    PrinterLanguage,
    PrinterNotReady,
    PrinterProfile,
    PrinterStatus,
    PrintOutcome,
    PrintResult,
)
from packstation.domain.shipping import (
    AccountGrant,
    Address,
    Carrier,
    CarrierInfo,
    CustomsShipment,
    CustomsShipmentFilter,
    CustomsShipmentRequest,
    CustomsShipmentUpdate,
    Label,
    LabelDocument,
    LabelFormat,
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
    StateChange,
    is_before,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def an_order(
    order_id: str = "A100",
    *,
    lines: Sequence[tuple[str, str, int]] = (("SKU-1", "4006381333931", 2),),
    country: str = "DE",
    parcels: int = 1,
    carrier: str | None = "dhl:DE",
    pudo_id: str | None = None,
    weight_g: int | None = 500,
) -> MerchantOrder:
    """A merchant order with ``lines`` of (sku, ean, quantity)."""
    return MerchantOrder(
        order_id=order_id,
        order_date=datetime(2026, 11, 30, 10, 0, tzinfo=UTC),
        recipient=Address(
            first_name="Anna",
            last_name="Müller",
            street="Schwedter Str.",
            house_no="36A",
            zip="10435",
            city="Berlin",
            country=country,
            email="anna@example.de",
        ),
        lines=tuple(
            OrderLine(
                sku=sku,
                name=f"Product {sku}",
                quantity=qty,
                ean=ean,
                weight_g=weight_g,
                unit_value=Decimal("9.90"),
            )
            for sku, ean, qty in lines
        ),
        carrier=Carrier.parse(carrier) if carrier else None,
        pudo_id=pudo_id,
        parcels=parcels,
    )


class FakeOrderSource:
    def __init__(self, *orders: MerchantOrder) -> None:
        self.orders = {o.order_id: o for o in orders}
        self.broken: dict[str, str] = {}

    async def get_order(self, order_id: str) -> MerchantOrder:
        if order_id in self.broken:
            raise OrderSourceError(self.broken[order_id], f"{order_id}.json")
        try:
            return self.orders[order_id]
        except KeyError:
            raise OrderNotInSource(f"no order {order_id}") from None

    async def list_orders(self) -> OrderListing:
        return OrderListing(tuple(self.orders.values()))


@dataclass
class _Fault:
    error: Exception
    commit: bool = False


@dataclass
class FakeLabelRecord:
    label: Label
    request: LabelRequest
    deleted: bool = False


@dataclass
class FakeOrder:
    id: int
    order_id: str
    state: str = OrderState.PAID.value
    boarding_complete: bool | None = None
    history: list[str] = field(default_factory=list)


class FakeShippingApi:
    """An in-memory Seven Senders for the packing service's unit tests."""

    def __init__(self) -> None:
        self.orders: dict[str, FakeOrder] = {}
        self.labels: list[FakeLabelRecord] = []
        self.items: dict[str, OrderItem] = {}
        self.products: dict[str, Product] = {}
        self.pudo: list[PudoLocation] = []
        self.calls: list[str] = []
        self._faults: dict[str, deque[_Fault]] = defaultdict(deque)
        self._ids = itertools.count(1)

    # ------------------------------------------------------------ scripting
    def add_order(self, order_id: str, state: str = OrderState.PAID.value) -> FakeOrder:
        order = FakeOrder(next(self._ids) + 700000, order_id, state, history=[state])
        self.orders[order_id] = order
        return order

    def fail(self, method: str, error: Exception, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` raise ``error`` and do nothing."""
        for _ in range(times):
            self._faults[method].append(_Fault(error))

    def commit_then_fail(self, method: str, error: Exception) -> None:
        """The next call of ``method`` is carried out, then raises ``error``."""
        self._faults[method].append(_Fault(error, commit=True))

    def live_labels(self, order_id: str | None = None) -> list[FakeLabelRecord]:
        return [
            r
            for r in self.labels
            if not r.deleted and (order_id is None or r.label.order_id == order_id)
        ]

    def _enter(self, method: str) -> _Fault | None:
        self.calls.append(method)
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue.popleft()
        if not fault.commit:
            raise fault.error
        return fault

    @staticmethod
    def _leave(fault: _Fault | None) -> None:
        if fault is not None:
            raise fault.error

    def _seven(self, order: FakeOrder) -> SevenSendersOrder:
        return SevenSendersOrder(
            id=order.id,
            order_id=order.order_id,
            state=order.state,
            order_date=NOW,
            states_history=tuple(StateChange(s, NOW) for s in order.history),
            boarding_complete=order.boarding_complete,
        )

    # ------------------------------------------------------------ used by the services
    async def authenticate(self) -> AccountGrant:
        return AccountGrant(True, True)

    async def list_carriers(self) -> list[CarrierInfo]:
        return [CarrierInfo("dhl", "DHL", ("DE",))]

    async def create_order(self, order: NewOrder) -> SevenSendersOrder:
        fault = self._enter("create_order")
        if order.order_id in self.orders:
            raise Duplicate("order exists", (Violation("order_id", "used"),), status=400)
        created = self.add_order(order.order_id, OrderState.NEW.value)
        created.boarding_complete = order.boarding_complete
        self._leave(fault)
        return self._seven(created)

    async def list_orders(self, flt: OrderFilter) -> list[SevenSendersOrder]:
        return [self._seven(o) for o in self.orders.values()]

    async def find_order(self, order_id: str) -> SevenSendersOrder | None:
        fault = self._enter("find_order")
        order = self.orders.get(order_id)
        self._leave(fault)
        return self._seven(order) if order else None

    def _by_seven_id(self, order_ref: str | int) -> FakeOrder | None:
        """Item calls take 7S's id only, as the strict sandbox does: a merchant key is a 404."""
        return next((o for o in self.orders.values() if str(o.id) == str(order_ref)), None)

    async def get_order(self, order_ref: str | int) -> SevenSendersOrder:
        order = self._by_seven_id(order_ref)
        if order is None:
            raise NotFound("no order")
        return self._seven(order)

    async def update_order(self, order_ref: str | int, update: OrderUpdate) -> SevenSendersOrder:
        fault = self._enter("update_order")
        order = self._by_seven_id(order_ref)
        if order is None:
            raise NotFound("no order", status=404)
        if update.boarding_complete is not None:
            order.boarding_complete = update.boarding_complete
        self._leave(fault)
        return self._seven(order)

    async def delete_order(self, order_ref: str | int) -> None:
        raise NotImplementedError

    async def post_order_state(
        self, order_id: str, state: OrderState, at: datetime | None = None
    ) -> PostedState:
        fault = self._enter("post_order_state")
        order = self.orders.get(order_id)
        if order is None:
            raise ValidationFailed("no order", (Violation("order_id", "not found"),), status=400)
        off_path = state in (OrderState.RETURNED, OrderState.REFUNDED, OrderState.CANCELLED)
        if order.state != state.value:
            if not off_path and not is_before(order.state, state):
                raise ValidationFailed(
                    "backwards", (Violation("state", "transition refused"),), status=400
                )
            order.state = state.value
            order.history.append(state.value)
        self._leave(fault)
        return PostedState(1, order_id, state.value, NOW)

    async def create_order_item(self, item: NewOrderItem) -> OrderItem:
        fault = self._enter("create_order_item")
        made = OrderItem(
            id=str(next(self._ids) + 30000),
            order_id=item.order_id,
            sku=item.sku,
            quantity=item.quantity,
            name=item.name,
            ean=item.ean,
            shipment_id=item.shipment_id,
        )
        self.items[made.id] = made
        self._leave(fault)
        return made

    async def list_order_items(self, order_id: str) -> list[OrderItem]:
        self._enter("list_order_items")
        return [i for i in self.items.values() if i.order_id == order_id]

    async def link_order_item(
        self, item_id: str, shipment_id: str | None, quantity: int | None = None
    ) -> OrderItem:
        fault = self._enter("link_order_item")
        item = replace(self.items[item_id], shipment_id=shipment_id)
        if quantity is not None:
            item = replace(item, quantity=quantity)
        self.items[item_id] = item
        self._leave(fault)
        return item

    async def create_label(self, request: LabelRequest) -> list[Label]:
        fault = self._enter("create_label")
        if any(r.request.reference_number == request.reference_number for r in self.live_labels()):
            raise Duplicate(
                "used", (Violation("reference_number", "This value is already used."),), status=400
            )
        number = next(self._ids)
        label = Label(
            id=str(9100000 + number),
            shipment_id=str(5857000 + number),
            order_id=request.order_id,
            tracking_code=f"00340434{number:012d}",
            carrier=request.carrier,
            format=request.format,
            download_url=f"label-download/{9100000 + number}",
            reference_number=request.reference_number,
        )
        self.labels.append(FakeLabelRecord(label, request))
        order = self.orders.get(request.order_id)
        if order is not None and is_before(order.state, OrderState.SHIPPED):
            order.state = OrderState.SHIPPED.value
            order.history.append(order.state)
        self._leave(fault)
        return [label]

    async def find_labels(self, order_id: str, reference_number: str) -> list[Label]:
        fault = self._enter("find_labels")
        self._leave(fault)
        return [
            r.label
            for r in self.live_labels(order_id)
            if r.label.reference_number == reference_number
        ]

    async def order_labels(self, order_id: str) -> list[Label]:
        fault = self._enter("order_labels")
        self._leave(fault)
        return [r.label for r in self.live_labels(order_id)]

    async def download_label(self, label: Label) -> LabelDocument:
        fault = self._enter("download_label")
        self._leave(fault)
        if label.format is LabelFormat.PDF:
            return LabelDocument(
                f"%PDF-1.4 {label.tracking_code}".encode(), "application/pdf", label.format
            )
        return LabelDocument(
            f"^XA^FD{label.tracking_code}^FS^XZ".encode(), "text/plain", label.format
        )

    async def delete_label(self, label_id: str) -> None:
        fault = self._enter("delete_label")
        for record in self.labels:
            if record.label.id == label_id and not record.deleted:
                record.deleted = True
                self._leave(fault)
                return
        raise NotFound("no label", status=404)

    async def search_pudo(self, search: PudoSearch) -> list[PudoLocation]:
        self._enter("search_pudo")
        return list(self.pudo)

    async def get_product(self, sku: str) -> Product:
        self._enter("get_product")
        try:
            return self.products[sku]
        except KeyError:
            raise NotFound("no product", status=404) from None

    # ------------------------------------------------------------ not used by the services
    async def create_shipment(self, request: ShipmentRequest) -> Shipment:
        raise NotImplementedError

    async def get_shipment(self, shipment_id: str) -> Shipment:
        raise NotImplementedError

    async def list_shipments(self, flt: ShipmentFilter) -> list[Shipment]:
        """The shipments of the live labels the filter selects (one per label)."""
        fault = self._enter("list_shipments")
        self._leave(fault)
        return [
            Shipment(
                id=r.label.shipment_id,
                order_id=r.label.order_id,
                carrier=r.label.carrier,
                tracking_code=r.label.tracking_code,
                reference_number=r.label.reference_number,
                status="new",
                label_id=r.label.id,
                return_parcel=r.label.return_parcel,
            )
            for r in self.live_labels(flt.order_id)
            if flt.reference_number in (None, r.label.reference_number)
            and flt.tracking_code in (None, r.label.tracking_code)
        ]

    async def delete_shipment(self, shipment_id: str) -> None:
        raise NotImplementedError

    async def create_customs_shipment(self, request: CustomsShipmentRequest) -> CustomsShipment:
        raise NotImplementedError

    async def list_customs_shipments(self, flt: CustomsShipmentFilter) -> list[CustomsShipment]:
        raise NotImplementedError

    async def get_customs_shipment(self, customs_id: str) -> CustomsShipment:
        raise NotImplementedError

    async def update_customs_shipment(
        self, customs_id: str, update: CustomsShipmentUpdate
    ) -> CustomsShipment:
        raise NotImplementedError

    async def delete_customs_shipment(self, customs_id: str) -> None:
        raise NotImplementedError

    async def create_manifest(self, request: ManifestRequest) -> Manifest:
        raise NotImplementedError

    async def find_manifest(self, manifest_id: str) -> Manifest | None:
        raise NotImplementedError

    async def get_manifest(self, manifest_ref: str) -> Manifest:
        raise NotImplementedError

    async def create_product(self, product: Product) -> Product:
        raise NotImplementedError

    async def update_product(self, product: Product) -> Product:
        raise NotImplementedError

    async def delete_product(self, sku: str) -> None:
        raise NotImplementedError

    async def upload_product_image(self, image: ProductImage) -> Product:
        raise NotImplementedError

    async def delete_product_image(self, sku: str) -> None:
        raise NotImplementedError


class FakePrinter:
    """A printer that records every document; ``offline`` makes it refuse (nothing sent)."""

    def __init__(self, language: PrinterLanguage = PrinterLanguage.ZPL, dpi: int = 203) -> None:
        self._profile = PrinterProfile(language=language, dpi=dpi)
        self.printed: list[tuple[str, LabelDocument]] = []
        self.offline = False

    @property
    def uri(self) -> str:
        return "fake://printer"

    @property
    def profile(self) -> PrinterProfile:
        return self._profile

    async def status(self) -> PrinterStatus:
        return PrinterStatus(ready=not self.offline)

    async def print_document(self, document: LabelDocument, job_name: str) -> PrintResult:
        if self.offline:
            raise PrinterNotReady("The printer is offline.", PrinterStatus(ready=False))
        self.printed.append((job_name, document))
        return PrintResult(PrintOutcome.DELIVERED, self.uri, job_id=str(len(self.printed)))


def tracking_codes_printed(printer: FakePrinter) -> list[str]:
    out = []
    for _, doc in printer.printed:
        text = doc.content.decode()
        out.append(text.split("^FD")[1].split("^FS")[0] if "^FD" in text else text.split()[-1])
    return out
