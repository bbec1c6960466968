"""Returns mode: the returns desk, driven from the scanner and the keyboard.

Layout and wiring only (``ReturnsViewModel`` looks up, marks and counts). Scans look the order
up. Keys: arrow keys choose the whole order or a line · + / − the units of the line ·
F2 received ("Returned to Warehouse") · F3 refunded (a reason is required) · F7 the reason ·
F5 read the delivery states again · F9 export the shift summary as CSV · F12 type a code.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packstation.domain.returns import DeliveryStatus, ReturnAction
from packstation.ui import theme
from packstation.ui.returns_viewmodel import ReturnOrderView, ReturnsViewModel, ShiftView
from packstation.ui.workflow_parts import (
    PROBLEM_STYLE,
    KeyAction,
    MessageBar,
    escape,
    heading,
)

_DELIVERY_COLOURS = {
    DeliveryStatus.SENT: "#1B7A3A",
    DeliveryStatus.NOT_NEEDED: "#1B7A3A",
    DeliveryStatus.WAITING: "#8A4B00",
    DeliveryStatus.NEEDS_ATTENTION: "#B3261E",
}


def returns_title() -> str:
    """The mode's name in the window's language."""
    return QCoreApplication.translate("ReturnsMode", "Returns")


class _LinesTable(QTableWidget):
    """The order's lines under a "whole order" row; + and − change the units to mark."""

    def __init__(self, on_units: Callable[[int], None]) -> None:
        super().__init__(0, 5)
        self._on_units = on_units

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Plus:
            self._on_units(1)
            return
        if event.key() == Qt.Key.Key_Minus:
            self._on_units(-1)
            return
        super().keyPressEvent(event)


class ReturnsMode(QWidget):
    """The returns page of the station window (see the module docstring)."""

    def __init__(self, vm: ReturnsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.dialog: QFileDialog | None = None
        self._view: ReturnOrderView | None = None
        self._units_for: object = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 8)
        root.setSpacing(10)
        self.message = MessageBar()
        root.addWidget(self.message)
        root.addWidget(self._build_order_panel(), 3)
        root.addLayout(self._build_mark_row())
        root.addLayout(self._build_records_and_shift(), 2)
        root.addLayout(self._build_actions())
        self._connect_view_model()
        self._retranslate()
        self.message.show_message(vm.message)
        self.show_order(None)
        self.show_shift(ShiftView(0, 0, 0, 0, 0))

    # ------------------------------------------------------------------ building

    def _build_order_panel(self) -> QFrame:
        """The order's number and details over its lines (+ and − in the lines mark units)."""
        order_panel = QFrame()
        order_panel.setObjectName("Panel")
        order_layout = QVBoxLayout(order_panel)
        self.order_title = QLabel("—")
        self.order_title.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.order_detail = QLabel()
        self.order_detail.setWordWrap(True)
        self.order_detail.setStyleSheet("font-size: 17px; color: #3D4752;")
        order_layout.addWidget(self.order_title)
        order_layout.addWidget(self.order_detail)
        self.lines = _LinesTable(self._on_units_key)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.verticalHeader().setVisible(False)
        self.lines.verticalHeader().setDefaultSectionSize(46)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.lines.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._on_row(row))
        order_layout.addWidget(self.lines, 1)
        return order_panel

    def _build_mark_row(self) -> QHBoxLayout:
        """Units to mark, the reason, and the field to type a code into."""
        mark_row = QHBoxLayout()
        self.units_caption = QLabel()
        self.units_caption.setObjectName("HeaderCaption")
        self.units = QSpinBox()
        self.units.setRange(1, 999)
        self.units.setMinimumWidth(110)
        self.units.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.reason_caption = QLabel()
        self.reason_caption.setObjectName("HeaderCaption")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.setMinimumWidth(420)
        self.reason.setStyleSheet("font-size: 20px;")
        units_box = QVBoxLayout()
        units_box.addWidget(self.units_caption)
        units_box.addWidget(self.units)
        reason_box = QVBoxLayout()
        reason_box.addWidget(self.reason_caption)
        reason_box.addWidget(self.reason)
        entry_box = QVBoxLayout()
        self.entry_caption = QLabel()
        self.entry_caption.setObjectName("HeaderCaption")
        self.entry = QLineEdit()
        self.entry.returnPressed.connect(self._on_entry_return)
        entry_box.addWidget(self.entry_caption)
        entry_box.addWidget(self.entry)
        mark_row.addLayout(units_box)
        mark_row.addLayout(reason_box, 2)
        mark_row.addLayout(entry_box, 1)
        return mark_row

    def _build_records_and_shift(self) -> QHBoxLayout:
        """What was marked for this order, next to the shift's counts."""
        bottom = QHBoxLayout()
        records_panel = QFrame()
        records_panel.setObjectName("Panel")
        records_layout = QVBoxLayout(records_panel)
        self.records_title = heading()
        records_layout.addWidget(self.records_title)
        self.records = QTableWidget(0, 5)
        self.records.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.records.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.records.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.records.verticalHeader().setVisible(False)
        self.records.setStyleSheet("font-size: 17px;")
        records_header = self.records.horizontalHeader()
        records_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        records_header.setStretchLastSection(True)
        records_layout.addWidget(self.records)
        bottom.addWidget(records_panel, 3)
        shift_panel = QFrame()
        shift_panel.setObjectName("Panel")
        shift_layout = QVBoxLayout(shift_panel)
        self.shift_title = heading()
        shift_layout.addWidget(self.shift_title)
        self.shift = QLabel()
        self.shift.setTextFormat(Qt.TextFormat.RichText)
        self.shift.setStyleSheet("font-size: 19px;")
        shift_layout.addWidget(self.shift)
        shift_layout.addStretch(1)
        bottom.addWidget(shift_panel, 1)
        return bottom

    def _build_actions(self) -> QHBoxLayout:
        """The key buttons along the bottom (each key also a shortcut of the window)."""
        actions = QHBoxLayout()
        self.received_action = KeyAction(
            self, "F2", lambda: self._mark(ReturnAction.RECEIVED), primary=True
        )
        self.refunded_action = KeyAction(self, "F3", lambda: self._mark(ReturnAction.REFUNDED))
        self.reason_action = KeyAction(self, "F7", self.focus_reason)
        self.refresh_action = KeyAction(self, "F5", self.vm.refresh)
        self.export_action = KeyAction(self, "F9", self.open_export)
        self.entry_action = KeyAction(self, "F12", self.focus_typing)
        for action in (
            self.received_action,
            self.refunded_action,
            self.reason_action,
            self.refresh_action,
            self.export_action,
            self.entry_action,
        ):
            actions.addWidget(action.button)
        return actions

    def _connect_view_model(self) -> None:
        vm = self.vm
        vm.order_changed.connect(self.show_order)
        vm.shift_changed.connect(self.show_shift)
        vm.message_changed.connect(self.message.show_message)
        vm.reason_needed.connect(self._on_vm_reason_needed)
        vm.busy_changed.connect(self._on_vm_busy)

    # ------------------------------------------------------------------ language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("SKU"),
                self.tr("Item"),
                self.tr("Ordered"),
                self.tr("Received"),
                self.tr("Refunded"),
            ]
        )
        self.records.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Marked"), self.tr("What"), self.tr("Reason"),
             self.tr("Seven Senders")]
        )  # fmt: skip
        self.units_caption.setText(self.tr("UNITS (+ / −)"))
        self.reason_caption.setText(self.tr("REASON (F7; required for refunds)"))
        self.entry_caption.setText(self.tr("TYPE A CODE (F12), Enter looks it up"))
        self.records_title.setText(self.tr("MARKED FOR THIS ORDER"))
        self.shift_title.setText(self.tr("THIS SHIFT"))
        current = self.reason.currentText()
        self.reason.clear()
        self.reason.addItems(
            [
                "",
                self.tr("Customer return"),
                self.tr("Wrong size"),
                self.tr("Damaged in transit"),
                self.tr("Not as described"),
                self.tr("Arrived too late"),
            ]
        )
        self.reason.setCurrentText(current)
        self.received_action.set_title(self.tr("Received"))
        self.refunded_action.set_title(self.tr("Refunded"))
        self.reason_action.set_title(self.tr("Reason"))
        self.refresh_action.set_title(self.tr("Refresh"))
        self.export_action.set_title(self.tr("Export CSV…"))
        self.entry_action.set_title(self.tr("Type a code"))
        if self._view is not None:
            self.show_order(self._view)

    # ------------------------------------------------------------------ view-model

    def show_order(self, view: ReturnOrderView | None) -> None:
        self._view = view
        row = max(0, self.lines.currentRow())
        self.lines.blockSignals(True)
        try:
            if view is None:
                self.order_title.setText(self.tr("No order on the desk"))
                self.order_detail.setText(self.tr("Scan the return label or the order barcode."))
                self.lines.setRowCount(0)
                self.records.setRowCount(0)
                return
            self.order_title.setText(self.tr("Order {0}").format(view.order_id))
            facts = [self.tr("found by its {0}").format(view.found_by)]
            if view.state:
                facts.append(self.tr("Seven Senders state: {0}").format(view.state))
            detail = " · ".join(facts)
            if view.notes:
                detail += "\n⚠ " + "\n⚠ ".join(view.notes)
            self.order_detail.setText(detail)
            self.lines.setRowCount(len(view.lines) + 1)
            ordered = sum(line.ordered for line in view.lines)
            received = sum(line.received for line in view.lines)
            refunded = sum(line.refunded for line in view.lines)
            whole = (
                "",
                self.tr("The whole order"),
                str(ordered),
                str(received),
                str(refunded),
            )
            self._set_row(0, whole, bold=True)
            for r, line in enumerate(view.lines, start=1):
                self._set_row(
                    r,
                    (line.sku, line.name, str(line.ordered), str(line.received),
                     str(line.refunded)),
                    done=line.refunded >= line.ordered,
                )  # fmt: skip
            self.lines.setCurrentCell(min(row, len(view.lines)), 1)
        finally:
            self.lines.blockSignals(False)
        self._on_row(self.lines.currentRow(), keep=True)
        self.records.setRowCount(len(view.records))
        for r, record in enumerate(view.records):
            cells = (record.at, record.action, record.what, record.reason, record.delivery_text)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setForeground(QColor(_DELIVERY_COLOURS[record.delivery]))
                    item.setFont(theme.font(17, bold=True))
                self.records.setItem(r, c, item)

    def _set_row(
        self, row: int, cells: tuple[str, ...], *, bold: bool = False, done: bool = False
    ) -> None:
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setFont(theme.font(16, mono=True))
            elif c == 1:
                item.setFont(theme.font(theme.TABLE_PX, bold=bold))
            else:
                item.setFont(theme.font(24, bold=True))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if done:
                item.setBackground(QColor(theme.LINE_COLOURS["done"][0]))
            self.lines.setItem(row, c, item)

    def show_shift(self, view: ShiftView) -> None:
        waiting_colour = "#8A4B00" if view.waiting else "#1B7A3A"
        attention = (
            f"<br><span style='color:#B3261E'><b>{view.attention}</b> "
            + escape(self.tr("refused by Seven Senders"))
            + "</span>"
            if view.attention
            else ""
        )
        orders, received, refunded = (
            escape(self.tr("orders")),
            escape(self.tr("received")),
            escape(self.tr("refunded")),
        )
        self.shift.setText(
            f"<b>{view.orders}</b> {orders}<br>"
            f"<b>{view.received}</b> {received} · "
            f"<b>{view.refunded}</b> {refunded}<br>"
            f"<span style='color:{waiting_colour}'><b>{view.waiting}</b> "
            + escape(self.tr("waiting for Seven Senders"))
            + "</span>"
            + attention
        )

    def _on_vm_reason_needed(self, needed: bool) -> None:
        self.reason.setStyleSheet("font-size: 20px;" + (PROBLEM_STYLE if needed else ""))
        if needed:
            self.focus_reason()

    def _on_vm_busy(self, busy: bool) -> None:
        for action in (self.received_action, self.refunded_action, self.export_action):
            action.set_enabled(not busy)

    def _on_row(self, row: int, *, keep: bool = False) -> None:
        """The units field follows the line chosen (``keep``: the same line shown again keeps
        what the clerk set, unless its units changed)."""
        view = self._view
        if view is None or row <= 0 or row > len(view.lines):
            self.units.setEnabled(False)
            self._units_for = None
            return
        line = view.lines[row - 1]
        self.units.setEnabled(True)
        key = (view.order_id, row, line.received, line.refunded)
        if keep and key == self._units_for:
            return
        self._units_for = key
        self.units.setMaximum(max(1, line.ordered))
        # what is still to mark: to receive, or (all received) to refund
        done = line.refunded if line.received >= line.ordered else line.received
        self.units.setValue(max(1, line.ordered - done))

    def _on_units_key(self, delta: int) -> None:
        if self.units.isEnabled():
            self.units.setValue(self.units.value() + delta)

    # ------------------------------------------------------------------ intents

    def _mark(self, action: ReturnAction) -> None:
        self.lines.setFocus()  # back to the lines, unless the reason is missing (it asks)
        self.vm.mark(
            action, max(0, self.lines.currentRow()), self.units.value(), self.reason.currentText()
        )

    def _on_entry_return(self) -> None:
        text = self.entry.text().strip()
        self.entry.clear()
        if text:
            self.vm.lookup(text)
            self.lines.setFocus()

    def open_export(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        dialog = QFileDialog(
            self, self.tr("Export the shift summary"), self.vm.suggested_file(), "CSV (*.csv)"
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.vm.export_csv)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, dialog: QFileDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.lines.setFocus()
        dialog.deleteLater()

    # ------------------------------------------------------------------ focus and scans

    def focus_entry(self) -> None:
        """The mode came to the front."""
        self.lines.setFocus()
        self.vm.start()

    def focus_reason(self) -> None:
        self.reason.setFocus()
        line = self.reason.lineEdit()
        if line is not None:
            line.selectAll()

    def focus_typing(self) -> None:
        self.entry.setFocus()

    def take_scan(self, code: str) -> bool:
        self.vm.lookup(code)
        return True
