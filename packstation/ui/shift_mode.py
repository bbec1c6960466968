"""Shift mode: the warehouse's benches and claimed orders for the shift lead (read-only).

Layout and display only (``ShiftViewModel`` reads the warehouse store). Keys: F5 refresh now.
The page refreshes itself while it is on screen and stops asking when another mode is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.shift_viewmodel import ShiftView, ShiftViewModel
from packstation.ui.workflow_parts import PROBLEM_TEXT, KeyAction, MessageBar, heading

_COLUMNS = 9
_OFFLINE = "#7A1A14"


def shift_title() -> str:
    """The mode's name in the window's language."""
    return QCoreApplication.translate("ShiftMode", "Shift")


class ShiftMode(QWidget):
    """The shift page of the station window (see the module docstring)."""

    def __init__(self, vm: ShiftViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 8)
        root.setSpacing(10)
        self.message = MessageBar()
        root.addWidget(self.message)
        panel = QFrame()
        panel.setObjectName("Panel")
        layout = QVBoxLayout(panel)
        self.benches_title = heading()
        layout.addWidget(self.benches_title)
        self.benches = QTableWidget(0, _COLUMNS)
        self.benches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.benches.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.benches.verticalHeader().setVisible(False)
        self.benches.setStyleSheet("font-size: 17px;")
        header = self.benches.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.benches, 2)
        self.claims_title = heading()
        layout.addWidget(self.claims_title)
        self.claims = QListWidget()
        self.claims.setStyleSheet("font-size: 17px;")
        layout.addWidget(self.claims, 1)
        self.manifest = QLabel()
        self.manifest.setWordWrap(True)
        self.manifest.setStyleSheet("font-size: 17px;")
        layout.addWidget(self.manifest)
        self.updated = QLabel()
        self.updated.setObjectName("HeaderCaption")
        layout.addWidget(self.updated)
        root.addWidget(panel, 1)
        actions = QHBoxLayout()
        self.refresh_action = KeyAction(self, "F5", vm.refresh, primary=True)
        actions.addWidget(self.refresh_action.button)
        root.addLayout(actions)
        vm.view_changed.connect(self.show_view)
        vm.message_changed.connect(self.message.show_message)
        self._retranslate()
        self.message.show_message(vm.message)
        if vm.view is not None:
            self.show_view(vm.view)

    # ------------------------------------------------------------------ on screen

    def showEvent(self, event: QShowEvent) -> None:
        self.vm.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.vm.stop()
        super().hideEvent(event)

    # ------------------------------------------------------------------ language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.benches_title.setText(self.tr("BENCHES"))
        self.claims_title.setText(self.tr("ORDERS CLAIMED AT A BENCH"))
        self.benches.setHorizontalHeaderLabels(
            [
                self.tr("Bench"),
                self.tr("State"),
                self.tr("Packer"),
                self.tr("Packed"),
                self.tr("Labels"),
                self.tr("Pack time"),
                self.tr("Outbox"),
                self.tr("Held labels"),
                self.tr("Customs pending"),
            ]
        )
        self.refresh_action.set_title(self.tr("Refresh"))

    # ------------------------------------------------------------------ view-model

    def show_view(self, view: ShiftView) -> None:
        self.benches.setRowCount(len(view.benches))
        for r, b in enumerate(view.benches):
            state = self.tr("online") if b.online else self.tr("OFFLINE")
            cells = (b.bench, state, b.packer, b.packed, b.labels, b.pack_time, b.outbox, b.held)
            for c, text in enumerate((*cells, b.customs)):
                item = QTableWidgetItem(text)
                if not b.online:
                    item.setForeground(QColor(_OFFLINE))
                self.benches.setItem(r, c, item)
        self.claims.clear()
        if not view.claims:
            self.claims.addItem(self.tr("No bench holds an order."))
        for claim in view.claims:
            text = f"{claim.order_id}: {claim.where}"
            if claim.idle:
                text = self.tr("IDLE {0} — claimed, nothing done with it lately").format(text)
            row = QListWidgetItem(text)
            if claim.idle:
                row.setForeground(QColor(PROBLEM_TEXT))
            self.claims.addItem(row)
        if view.claims_more:
            self.claims.addItem(self.tr("+{0} more").format(view.claims_more))
        self.manifest.setText(view.manifest)
        self.manifest.setStyleSheet(
            f"font-size: 17px; color: {PROBLEM_TEXT};"
            if view.manifest_overdue
            else "font-size: 17px;"
        )
        self.updated.setText(self.tr("As of {0}; refreshed by itself").format(view.updated))

    # ------------------------------------------------------------------ focus and scans

    def focus_entry(self) -> None:
        self.benches.setFocus()

    def take_scan(self, code: str) -> bool:
        """Scans are for packing: the shift view takes none."""
        del code
        return False
