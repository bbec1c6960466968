"""Dispatch mode: pick-ups with their customs shipments, and posting the manifest of one.

Layout and wiring only (``DispatchViewModel`` decides and words everything). Keys: arrow keys
choose the pick-up · F3 the pieces field · F2 post the manifest (a confirmation dialog follows:
Space ticks "final", Enter posts, Esc goes back) · F5 ask Seven Senders again · F6 the list of
declarations waiting for the packer (Enter opens the customs dialog).

``ReminderLabel`` is the station bar's reminder of a passed pick-up without a manifest.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packstation.ui import theme
from packstation.ui.dispatch_viewmodel import (
    DispatchView,
    DispatchViewModel,
    ManifestView,
    ShipmentRow,
)
from packstation.ui.workflow_parts import KeyAction, MessageBar, escape, heading


def dispatch_title() -> str:
    """The mode's name in the window's language."""
    return QCoreApplication.translate("DispatchMode", "Dispatch")


class DispatchMode(QWidget):
    """The dispatch page of the station window (see the module docstring)."""

    def __init__(self, vm: DispatchViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.dialog: ManifestConfirmDialog | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 8)
        root.setSpacing(10)
        self.message = MessageBar()
        root.addWidget(self.message)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self._build_pickups_panel(), 2)
        top.addWidget(self._build_shipments_panel(), 3)
        root.addLayout(top, 3)
        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self._build_waiting_panel(), 1)
        bottom.addWidget(self._build_confirm_panel(), 1)
        root.addLayout(bottom, 2)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("font-size: 16px; color: #7A1A14;")
        root.addWidget(self.problems)
        root.addLayout(self._build_actions())
        vm.view_changed.connect(self.show_view)
        vm.manifest_changed.connect(self.show_manifest)
        vm.message_changed.connect(self.message.show_message)
        vm.busy_changed.connect(self._on_vm_busy)
        vm.confirm_requested.connect(self.open_confirmation)
        self._retranslate()

    # ------------------------------------------------------------------ building

    def _build_pickups_panel(self) -> QFrame:
        """The pick-ups waiting for a manifest (the arrow keys choose one)."""
        left = QFrame()
        left.setObjectName("Panel")
        left_layout = QVBoxLayout(left)
        self.pickups_title = heading()
        left_layout.addWidget(self.pickups_title)
        self.pickups = QListWidget()
        self.pickups.setStyleSheet("font-size: 22px;")
        self.pickups.setWordWrap(True)  # a long line wraps instead of scrolling sideways
        self.pickups.currentRowChanged.connect(self._on_pickup_row)
        left_layout.addWidget(self.pickups, 1)
        return left

    def _build_shipments_panel(self) -> QFrame:
        """The chosen pick-up's customs shipments over its pieces and manifest id."""
        right = QFrame()
        right.setObjectName("Panel")
        right_layout = QVBoxLayout(right)
        self.shipments_title = heading()
        right_layout.addWidget(self.shipments_title)
        self.shipments = _table(4)
        right_layout.addWidget(self.shipments, 1)
        manifest = QGridLayout()
        manifest.setHorizontalSpacing(20)
        self.pieces_caption = QLabel()
        self.pieces_caption.setObjectName("HeaderCaption")
        self.pieces = QSpinBox()
        self.pieces.setRange(0, 999)
        self.pieces.setValue(1)
        self.pieces.setMinimumWidth(140)
        self.pieces.setStyleSheet("font-size: 28px; font-weight: bold;")
        self.pieces.valueChanged.connect(self.vm.set_pieces)
        self.manifest_caption = QLabel()
        self.manifest_caption.setObjectName("HeaderCaption")
        self.manifest_id = QLabel("—")
        self.manifest_id.setStyleSheet(
            "font-size: 30px; font-weight: bold;"
            "font-family: 'DejaVu Sans Mono', Consolas, monospace;"
        )
        self.manifest_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        manifest.addWidget(self.pieces_caption, 0, 0)
        manifest.addWidget(self.manifest_caption, 0, 1)
        manifest.addWidget(self.pieces, 1, 0)
        manifest.addWidget(self.manifest_id, 1, 1)
        manifest.setColumnStretch(1, 1)
        right_layout.addLayout(manifest)
        return right

    def _build_waiting_panel(self) -> QFrame:
        """Shipments Seven Senders has not put in a manifest yet."""
        waiting = QFrame()
        waiting.setObjectName("Panel")
        waiting_layout = QVBoxLayout(waiting)
        self.waiting_title = heading()
        waiting_layout.addWidget(self.waiting_title)
        self.waiting = _table(4)
        waiting_layout.addWidget(self.waiting)
        return waiting

    def _build_confirm_panel(self) -> QFrame:
        """Declarations waiting for the packer (Enter opens the customs dialog)."""
        confirm = QFrame()
        confirm.setObjectName("Panel")
        confirm_layout = QVBoxLayout(confirm)
        self.confirm_title = heading()
        confirm_layout.addWidget(self.confirm_title)
        self.to_confirm = _table(4)
        self.to_confirm.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.to_confirm.activated.connect(lambda index: self.vm.open_customs(index.row()))
        confirm_layout.addWidget(self.to_confirm)
        return confirm

    def _build_actions(self) -> QHBoxLayout:
        """The key buttons along the bottom (each key also a shortcut of the window)."""
        actions = QHBoxLayout()
        self.post_action = KeyAction(self, "F2", self.vm.post, primary=True)
        self.pieces_action = KeyAction(self, "F3", self.focus_pieces)
        self.refresh_action = KeyAction(self, "F5", self.vm.refresh)
        self.confirm_action = KeyAction(self, "F6", self.focus_to_confirm)
        for action in (self.post_action, self.pieces_action, self.refresh_action):
            actions.addWidget(action.button)
        actions.addWidget(self.confirm_action.button)
        return actions

    # ------------------------------------------------------------------ language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.pickups_title.setText(self.tr("PICK-UPS WAITING FOR A MANIFEST (arrow keys)"))
        self.shipments_title.setText(self.tr("CUSTOMS SHIPMENTS OF THE PICK-UP"))
        self.waiting_title.setText(self.tr("WAITING FOR SEVEN SENDERS (not in a manifest yet)"))
        self.confirm_title.setText(
            self.tr("WAITING FOR THE PACKER (F6, Enter opens the customs dialog)")
        )
        self.pieces_caption.setText(self.tr("PIECES (F3) · PALLETS, CAGES, BOXES"))
        self.manifest_caption.setText(self.tr("MANIFEST ID (GENERATED)"))
        headers = [self.tr("Order"), self.tr("Parcel"), self.tr("Tracking code"), self.tr("State")]
        for table in (self.shipments, self.waiting, self.to_confirm):
            table.setHorizontalHeaderLabels(headers)
        self.post_action.set_title(self.tr("Post manifest…"))
        self.pieces_action.set_title(self.tr("Pieces"))
        self.refresh_action.set_title(self.tr("Ask Seven Senders again"))
        self.confirm_action.set_title(self.tr("Declarations to confirm"))
        if self.pickups.count() == 0:
            self.manifest_id.setText("—")

    # ------------------------------------------------------------------ view-model

    def show_view(self, view: DispatchView) -> None:
        self.pickups.blockSignals(True)
        try:
            self.pickups.clear()
            for row in view.pickups:
                text = self.tr("{0} · {1} shipment(s)").format(row.when, row.shipments)
                if row.overdue:
                    text = "⚠ " + text + " · " + self.tr("passed")
                item = QListWidgetItem(text + "\n" + row.orders)
                if row.overdue:
                    item.setForeground(theme.colour(theme.Tone.ERROR)[0])
                self.pickups.addItem(item)
            if view.selected >= 0:
                self.pickups.setCurrentRow(view.selected)
        finally:
            self.pickups.blockSignals(False)
        if not view.pickups:
            QListWidgetItem(self.tr("No pick-up waits for a manifest."), self.pickups)
        _fill(self.shipments, view.shipments)
        _fill(self.waiting, view.waiting)
        _fill(self.to_confirm, view.to_confirm)
        self.problems.setText("\n".join(view.problems))
        self.problems.setVisible(bool(view.problems))

    def show_manifest(self, view: ManifestView | None) -> None:
        self.manifest_id.setText(view.manifest_id if view is not None else "—")
        if view is not None and self.pieces.value() != view.pieces:
            self.pieces.blockSignals(True)
            self.pieces.setValue(view.pieces)
            self.pieces.blockSignals(False)

    def _on_vm_busy(self, busy: bool) -> None:
        self.post_action.set_enabled(not busy)
        self.refresh_action.set_enabled(not busy)

    def _on_pickup_row(self, row: int) -> None:
        self.vm.select(row)

    # ------------------------------------------------------------------ focus and scans

    def focus_entry(self) -> None:
        """The mode came to the front: list the pick-ups again and put the cursor on them."""
        self.pickups.setFocus()
        self.vm.refresh()

    def focus_pieces(self) -> None:
        self.pieces.setFocus()
        self.pieces.selectAll()

    def focus_to_confirm(self) -> None:
        self.to_confirm.setFocus()
        if self.to_confirm.rowCount() and self.to_confirm.currentRow() < 0:
            self.to_confirm.setCurrentCell(0, 0)

    def take_scan(self, code: str) -> bool:
        """Scans are for packing: dispatch takes none."""
        del code
        return False

    # ------------------------------------------------------------------ confirmation

    def open_confirmation(self, view: ManifestView) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        dialog = ManifestConfirmDialog(view, self)
        self.dialog = dialog
        dialog.confirmed.connect(self.vm.post_confirmed)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: ManifestConfirmDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.pickups.setFocus()
        dialog.deleteLater()


class ManifestConfirmDialog(QDialog):
    """ "This manifest is final": ticked with Space, posted with Enter, Esc goes back.

    Signals:
        confirmed(str): the manifest id the shift lead confirmed.
    """

    confirmed = Signal(str)

    def __init__(self, view: ManifestView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(900)
        self.setWindowTitle(self.tr("Post the manifest"))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        title = QLabel(self.tr("Post manifest {0}?").format(escape(view.manifest_id)))
        title.setStyleSheet("font-size: 28px; font-weight: bold;")
        layout.addWidget(title)
        facts = QLabel(
            self.tr(
                "Pick-up: <b>{0}</b><br>Customs shipments: <b>{1}</b> ({2})<br>Pieces: <b>{3}</b>"
            ).format(escape(view.pickup), view.shipments, escape(view.orders), view.pieces)
        )
        facts.setTextFormat(Qt.TextFormat.RichText)
        facts.setWordWrap(True)
        facts.setStyleSheet("font-size: 21px;")
        layout.addWidget(facts)
        if view.left_out:
            left_out = QLabel(
                self.tr(
                    "{0} customs shipment(s) of this pick-up are not accepted by Seven Senders "
                    "yet and stay out of this manifest."
                ).format(view.left_out)
            )
            left_out.setWordWrap(True)
            left_out.setStyleSheet("font-size: 18px; color: #8A4B00;")
            layout.addWidget(left_out)
        warning = QLabel(
            self.tr(
                "A posted manifest can never be changed. Mistakes can only be corrected by "
                "your Seven Senders contact."
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(
            "font-size: 20px; font-weight: bold; color: white; background: #B3261E;"
            "padding: 10px; border-radius: 6px;"
        )
        layout.addWidget(warning)
        self.final = QCheckBox(
            self.tr("Space: this manifest is final (pick-up, shipments, pieces checked)")
        )
        self.final.setStyleSheet("font-size: 20px;")
        layout.addWidget(self.final)
        buttons = QHBoxLayout()
        self.post = QPushButton(self.tr("Enter  Post manifest (cannot be changed)"))
        self.post.setProperty("primary", True)
        self.post.setAutoDefault(False)
        self.post.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.post.setEnabled(False)
        self.post.setMinimumHeight(52)
        self.post.clicked.connect(self._post)
        back = QPushButton(self.tr("Esc  Back"))
        back.setAutoDefault(False)
        back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        back.setMinimumHeight(52)
        back.clicked.connect(self.reject)
        buttons.addWidget(self.post, 2)
        buttons.addWidget(back, 1)
        layout.addLayout(buttons)
        self.final.toggled.connect(self.post.setEnabled)
        self.final.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._post()
            return
        super().keyPressEvent(event)

    def _post(self) -> None:
        if self.final.isChecked():
            self.confirmed.emit(self.view.manifest_id)
            self.accept()

    def take_scan(self, code: str) -> bool:
        del code
        return True  # nothing is scanned while a manifest is being confirmed


class ReminderLabel(QLabel):
    """The station bar's reminder (hidden when there is none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(
            "background: #F2B200; color: #1A1A1A; font-weight: bold; padding: 2px 10px;"
            "border-radius: 4px;"
        )
        self.hide()

    def show_reminder(self, text: str) -> None:
        self.setText("⚠ " + text if text else "")
        self.setVisible(bool(text))


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.verticalHeader().setVisible(False)
    table.setStyleSheet("font-size: 18px;")
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: tuple[ShipmentRow, ...]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate((row.order_id, row.parcel, row.tracking_code, row.detail)):
            item = QTableWidgetItem(text)
            if c == 2:
                item.setFont(theme.font(16, mono=True))
            table.setItem(r, c, item)
