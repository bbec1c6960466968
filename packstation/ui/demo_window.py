"""The demo-mode window: what the sandbox holds and what a user can try with it.

A stand-in until the packing window lands: it shows the embedded sandbox's address and demo
access key, lists the 7S orders the sandbox holds (fetched over real HTTP through the same
client a production station uses) and names the commands to try.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packstation.domain.errors import ShippingApiError
from packstation.domain.shipping import OrderFilter, SevenSendersOrder
from packstation.ports import ShippingApi
from packstation.ui.tasks import TaskRunner


@dataclass(frozen=True, slots=True)
class DemoInfo:
    """Plain facts about the running sandbox, shown to the user."""

    api_url: str
    access_key_hint: str
    feed_url: str


class DemoViewModel(QObject):
    """Loads the sandbox's orders for the demo window.

    Signals:
        orders_changed(list): the orders (``SevenSendersOrder``) now known.
        status_changed(str): a line for the status bar.
        busy_changed(bool): a request is in flight.
    """

    orders_changed = Signal(list)
    status_changed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, api: ShippingApi, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self.runner = runner
        self.orders: list[SevenSendersOrder] = []

    def refresh(self) -> None:
        self.runner.start(self._refresh(), name="load demo orders")

    async def _refresh(self) -> None:
        self.busy_changed.emit(True)
        self.status_changed.emit(self.tr("Loading orders from Seven Senders…"))
        try:
            orders: list[SevenSendersOrder] = []
            page = 1
            while True:
                batch = await self._api.list_orders(OrderFilter(page=page, limit=50))
                orders.extend(batch)
                if len(batch) < 50:
                    break
                page += 1
        except ShippingApiError as exc:
            self.status_changed.emit(self.tr("Could not load orders: {0}").format(exc))
        else:
            self.orders = orders
            self.orders_changed.emit(orders)
            self.status_changed.emit(self.tr("{0} orders in the sandbox").format(len(orders)))
        finally:
            self.busy_changed.emit(False)


class DemoWindow(QMainWindow):
    """Demo-mode main window (layout and wiring only)."""

    def __init__(self, vm: DemoViewModel, info: DemoInfo) -> None:
        super().__init__()
        self.vm = vm
        self.setWindowTitle(self.tr("packstation — demo mode"))
        body = QWidget()
        layout = QVBoxLayout(body)

        title = QLabel(self.tr("Demo mode: a local Seven Senders sandbox, no real labels bought"))
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        self.info_label = QLabel(
            self.tr(
                "7S API: {0}\nAccess key: {1}\nMerchant order feed: {2}\n\n"
                "Try it from a terminal while this window is open:\n"
                "  packstation sandbox --port 8700     (a standalone sandbox)\n"
                "The packing screen, printing and customs arrive in the next releases."
            ).format(info.api_url, info.access_key_hint, info.feed_url)
        )
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.info_label)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Order"), self.tr("State"), self.tr("Date")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)

        self.refresh_button = QPushButton(self.tr("Reload orders (F5)"))
        self.refresh_button.clicked.connect(vm.refresh)
        layout.addWidget(self.refresh_button)
        reload_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        reload_shortcut.activated.connect(vm.refresh)

        self.setCentralWidget(body)
        vm.orders_changed.connect(self._on_vm_orders_changed)
        vm.status_changed.connect(self.statusBar().showMessage)
        vm.busy_changed.connect(self._on_vm_busy_changed)
        self.resize(900, 600)

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.refresh_button.setEnabled(not busy)

    def _on_vm_orders_changed(self, orders: list[SevenSendersOrder]) -> None:
        self.table.setRowCount(len(orders))
        for row, order in enumerate(orders):
            date = order.order_date.strftime("%Y-%m-%d %H:%M") if order.order_date else ""
            for col, text in enumerate((order.order_id, order.state, date)):
                self.table.setItem(row, col, QTableWidgetItem(text))
