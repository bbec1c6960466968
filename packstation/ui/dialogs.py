"""The bench's dialogs: parcels, reasons (skip, cancel, abandon), reprint, void, resume,
whether a label that may have printed before a crash came out, and a supervisor's approval.

All of them work from the keyboard alone: Enter accepts, Esc closes, arrow keys pick a preset
reason, and a scan while the dialog is open goes into it (``take_scan``) — a tracking code
picks the label to void, an order barcode fills the reprint field. They are opened with
``open()`` (never ``exec()``: a nested loop would stall the qasync loop) and report through
signals.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from packstation.domain.packing import MAX_PARCEL_WEIGHT_G, MAX_PARCELS
from packstation.ui.fit import fit_in_window
from packstation.ui.pack_views import InFlightView, UncertainPrintView


class _BenchDialog(QDialog):
    """Window-modal, large type, Enter accepts when the input is complete."""

    def showEvent(self, event: QShowEvent) -> None:
        fit_in_window(self, self.sizeHint())  # never larger than the window
        super().showEvent(event)

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(640)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(12)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.layout_.addWidget(self.prompt)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.buttons)
        self._update_ok()

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def complete(self) -> bool:
        return True

    def _update_ok(self) -> None:
        self.ok_button().setEnabled(self.complete())

    def _try_accept(self) -> None:
        if self.isVisible() and self.complete():  # once: Enter may arrive twice
            self.accept()

    def take_scan(self, code: str) -> bool:
        """A scan arrived while the dialog is open; True when the dialog used it."""
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._try_accept()
            return
        super().keyPressEvent(event)


class _ReasonPicker(QWidget):
    """Preset reasons in a list plus a free-text line, which keeps the focus.

    Nothing is chosen at first: Up/Down in the text line pick a preset, typing gives a reason
    of one's own (and clears the preset). So Enter alone never records a reason by accident.
    """

    def __init__(self, presets: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setStyleSheet("font-size: 20px;")
        for text in presets:
            QListWidgetItem(text, self.list)
        self.list.setMaximumHeight(44 * max(1, len(presets)) + 8)
        self.list.setCurrentRow(-1)
        self.other = QLineEdit()
        self.other.installEventFilter(self)
        layout.addWidget(self.list)
        layout.addWidget(self.other)
        self.other.textEdited.connect(lambda _t: self.list.setCurrentRow(-1))
        if not presets:
            self.list.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.other and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            count = self.list.count()
            if count and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow()
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = (row + step) % count if row >= 0 else (0 if step > 0 else count - 1)
                self.list.setCurrentRow(row)
                self.other.clear()
                return True
        return super().eventFilter(watched, event)

    def focus(self) -> None:
        self.other.setFocus()

    def reason(self) -> str:
        typed = " ".join(self.other.text().split())
        if typed:
            return typed
        item = self.list.currentItem()
        return item.text() if item is not None and self.list.currentRow() >= 0 else ""


class ReasonDialog(_BenchDialog):
    """Asks why (skip the item check, cancel an order, abandon a cycle).

    Signals:
        reason_given(str): the packer's reason, never empty.
    """

    reason_given = Signal(str)

    def __init__(
        self, title: str, prompt: str, presets: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.prompt.setText(prompt)
        self.picker = _ReasonPicker(presets)
        self.picker.other.setPlaceholderText(self.tr("↑ ↓ picks a reason above — or type your own"))
        self.layout_.addWidget(self.picker)
        self.picker.list.currentRowChanged.connect(lambda _r: self._update_ok())
        self.picker.other.textChanged.connect(lambda _t: self._update_ok())
        self.accepted.connect(lambda: self.reason_given.emit(self.picker.reason()))
        self.finish_layout()
        self.picker.focus()

    def complete(self) -> bool:
        return bool(self.picker.reason())

    def take_scan(self, code: str) -> bool:
        self.picker.other.setText(code)
        return True


class ApprovalDialog(_BenchDialog):
    """A supervisor approves: a badge scan (taken as it arrives) or a PIN typed and Enter.

    What is typed is never shown; the code goes to the view-model once and is not kept here.

    Signals:
        approved(str): the badge code or PIN, never empty.
    """

    approved = Signal(str)

    def __init__(
        self, title: str, prompt: str, refused: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.prompt.setText(prompt)
        self.refused = QLabel(self.tr("That was not a supervisor's badge or PIN. Try again."))
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("font-size: 18px; color: #7A1A14;")
        self.refused.setVisible(refused)
        self.layout_.addWidget(self.refused)
        self.code = QLineEdit()
        self.code.setObjectName("SupervisorCode")
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code.setStyleSheet("font-size: 26px;")
        self.code.setPlaceholderText(self.tr("Badge scan or PIN"))
        self.layout_.addWidget(self.code)
        self.code.textChanged.connect(lambda _t: self._update_ok())
        self.accepted.connect(self._on_accepted)
        self.finish_layout()
        self.code.setFocus()

    def complete(self) -> bool:
        return bool(self.code.text().strip())

    def take_scan(self, code: str) -> bool:
        self.code.setText(code)
        self._try_accept()
        return True

    def _on_accepted(self) -> None:
        code = self.code.text()
        self.code.clear()
        self.approved.emit(code)


class SignInDialog(_BenchDialog):
    """A packer signs in: a badge scan signs in at once, a typed name with Enter.

    Signals:
        signed_in(str): the badge code or name, never empty.
        signed_out(): the packer signs out (the shift ended).
    """

    signed_in = Signal(str)
    signed_out = Signal()

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in"))
        self.prompt.setText(self.tr("Scan your badge, or type your name and press Enter"))
        self.current = QLabel(
            self.tr("Signed in now: {0}").format(current)
            if current
            else self.tr("Nobody is signed in.")
        )
        self.current.setStyleSheet("font-size: 18px;")
        self.layout_.addWidget(self.current)
        self.name = QLineEdit()
        self.name.setObjectName("PackerName")
        self.name.setStyleSheet("font-size: 24px;")
        self.name.setMaxLength(60)
        self.name.setPlaceholderText(self.tr("Badge or name"))
        self.layout_.addWidget(self.name)
        self.sign_out = self.buttons.addButton(
            self.tr("Sign out"), QDialogButtonBox.ButtonRole.ActionRole
        )
        assert self.sign_out is not None
        self.sign_out.setEnabled(bool(current))
        self.sign_out.clicked.connect(self._on_sign_out)
        self.name.textChanged.connect(lambda _t: self._update_ok())
        self.accepted.connect(lambda: self.signed_in.emit(self.name.text().strip()))
        self.finish_layout()
        self.name.setFocus()

    def complete(self) -> bool:
        return bool(self.name.text().strip())

    def take_scan(self, code: str) -> bool:
        self.name.setText(code)
        self._try_accept()
        return True

    def _on_sign_out(self) -> None:
        self.signed_out.emit()
        self.reject()


class ReprintDialog(_BenchDialog):
    """Which labels to print again (order or tracking code) and why.

    Signals:
        reprint_asked(str, str): target, reason.
    """

    reprint_asked = Signal(str, str)

    def __init__(self, target: str, presets: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reprint"))
        self.prompt.setText(self.tr("Print labels again (the same labels, nothing is bought)"))
        form = QFormLayout()
        self.target = QLineEdit(target)
        self.target.setPlaceholderText(self.tr("Order number or tracking code"))
        form.addRow(self.tr("Order or tracking code"), self.target)
        self.layout_.addLayout(form)
        self.layout_.addWidget(QLabel(self.tr("Why?")))
        self.picker = _ReasonPicker(presets)
        self.picker.other.setPlaceholderText(self.tr("↑ ↓ picks a reason above — or type your own"))
        self.layout_.addWidget(self.picker)
        for signal in (self.target.textChanged, self.picker.other.textChanged):
            signal.connect(lambda _t: self._update_ok())
        self.picker.list.currentRowChanged.connect(lambda _r: self._update_ok())
        self.accepted.connect(
            lambda: self.reprint_asked.emit(self.target.text().strip(), self.picker.reason())
        )
        self.finish_layout()
        self.picker.focus()

    def complete(self) -> bool:
        return bool(self.target.text().strip()) and bool(self.picker.reason())

    def take_scan(self, code: str) -> bool:
        self.target.setText(code)
        return True


class VoidDialog(_BenchDialog):
    """Which label to void, why, and whether to buy its replacement.

    Signals:
        void_asked(str, str, bool): tracking code, reason, buy a replacement.
    """

    void_asked = Signal(str, str, bool)

    def __init__(
        self,
        labels: list[tuple[str, str]],
        presets: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Void a label"))
        self.prompt.setText(
            self.tr("Cancel a label at Seven Senders (it must not be used any more)")
        )
        self.labels = QListWidget()
        self.labels.setStyleSheet("font-size: 20px;")
        for code, what in labels:
            item = QListWidgetItem(f"{code}  ·  {what}", self.labels)
            item.setData(Qt.ItemDataRole.UserRole, code)
        self.labels.setMaximumHeight(44 * max(1, len(labels)) + 8)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("…or scan or type the tracking code"))
        self.layout_.addWidget(self.labels)
        self.layout_.addWidget(self.code)
        self.layout_.addWidget(QLabel(self.tr("Why?")))
        self.picker = _ReasonPicker(presets)
        self.picker.other.setPlaceholderText(self.tr("↑ ↓ picks a reason above — or type your own"))
        self.layout_.addWidget(self.picker)
        self.replace = QCheckBox(self.tr("Buy and print a new label for this parcel"))
        self.layout_.addWidget(self.replace)
        if not labels:
            self.labels.hide()
        else:
            self.labels.setCurrentRow(0)
        for signal in (self.code.textChanged, self.picker.other.textChanged):
            signal.connect(lambda _t: self._update_ok())
        self.picker.list.currentRowChanged.connect(lambda _r: self._update_ok())
        self.labels.currentRowChanged.connect(lambda _r: self._update_ok())
        self.accepted.connect(
            lambda: self.void_asked.emit(
                self.tracking_code(), self.picker.reason(), self.replace.isChecked()
            )
        )
        self.finish_layout()
        (self.picker.other if labels else self.code).setFocus()

    def tracking_code(self) -> str:
        typed = self.code.text().strip()
        if typed:
            return typed
        item = self.labels.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def complete(self) -> bool:
        return bool(self.tracking_code()) and bool(self.picker.reason())

    def take_scan(self, code: str) -> bool:
        for row in range(self.labels.count()):
            item = self.labels.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == code:
                self.labels.setCurrentRow(row)
                self.code.clear()
                return True
        self.code.setText(code)
        return True


class ParcelsDialog(_BenchDialog):
    """How many parcels, and what each weighs (kg; Tab moves between the fields).

    Typing a count ("12") changes the rows once it is complete (Enter, Tab or the arrows), and
    weights typed before are kept for their parcels whatever the count went through. The rows
    scroll inside the dialog, so OK and Cancel stay on screen, and the dialog shrinks back with
    fewer rows. A line under the rows says why OK is greyed out.

    Signals:
        parcels_set(int, list): count and weights in grams (an empty list: split the order's).
    """

    parcels_set = Signal(int, list)

    #: the spin boxes big enough for gloves: large type, wide arrows
    SPIN_STYLE = (
        "QAbstractSpinBox { font-size: 24px; min-height: 46px; padding-right: 52px; }"
        "QAbstractSpinBox::up-button, QAbstractSpinBox::down-button { width: 48px; }"
    )

    def __init__(self, weights_g: list[int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Parcels"))
        self.prompt.setText(self.tr("How many parcels, and what does each weigh?"))
        head = QFormLayout()
        self.count = QSpinBox()
        self.count.setRange(1, MAX_PARCELS)
        self.count.setValue(max(1, len(weights_g)))
        self.count.setKeyboardTracking(False)  # "12" is one change, not "1" then "12"
        self.count.setStyleSheet(self.SPIN_STYLE)
        head.addRow(self.tr("Parcels"), self.count)
        self.layout_.addLayout(head)
        self.hint = QLabel(self.tr("Weights in kg. Leave all at 0 to split the order's weight."))
        self.hint.setWordWrap(True)
        self.layout_.addWidget(self.hint)
        self.rows = QWidget()
        self.form = QFormLayout(self.rows)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.rows_area = QScrollArea()
        self.rows_area.setWidget(self.rows)
        self.rows_area.setWidgetResizable(True)
        self.rows_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_area.setFrameShape(QFrame.Shape.NoFrame)
        self.layout_.addWidget(self.rows_area, 1)
        self.why = QLabel()
        self.why.setObjectName("WhyNotOk")
        self.why.setWordWrap(True)
        self.why.setStyleSheet("font-size: 18px; color: #7A1A14;")
        self.layout_.addWidget(self.why)
        self.weights: list[QDoubleSpinBox] = []
        #: kg per parcel number as last typed (or as the order planned): survives any count
        self._typed: dict[int, float] = {
            n: (w or 0) / 1000 for n, w in enumerate(weights_g, start=1) if w
        }
        self.count.valueChanged.connect(self._rows)
        self.accepted.connect(self._emit)
        self.finish_layout()
        self._rows(self.count.value())
        self.count.setFocus()
        self.count.selectAll()

    def _rows(self, count: int) -> None:
        while len(self.weights) > count:
            box = self.weights.pop()
            self.form.removeRow(box)
        while len(self.weights) < count:
            number = len(self.weights) + 1
            box = QDoubleSpinBox()
            box.setDecimals(2)
            box.setRange(0.0, MAX_PARCEL_WEIGHT_G / 1000)
            box.setSingleStep(0.1)
            box.setSuffix(" kg")
            box.setStyleSheet(self.SPIN_STYLE)
            box.setValue(self._typed.get(number, 0.0))
            box.valueChanged.connect(lambda value, n=number: self._weight_changed(n, value))
            self.form.addRow(self.tr("Parcel {0}").format(number), box)
            self.weights.append(box)
        self._chain_tabs()
        self._fit()
        self._update_ok()

    def _weight_changed(self, number: int, kg: float) -> None:
        self._typed[number] = kg
        self._update_ok()

    def _chain_tabs(self) -> None:
        """Parcels → parcel 1 … n → OK → Cancel, wherever the rows were added."""
        chain: list[QWidget] = [self.count, *self.weights]
        chain += [b for b in self.buttons.buttons() if b is not None]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _fit(self) -> None:
        """The rows take the room they need, up to what the window (or screen) leaves."""
        self.rows_area.setFixedHeight(self._row_height() * len(self.weights) + 4)
        # once the layout has let go of rows just removed: as small as the rows allow, never
        # taller than the window (the rows scroll instead)
        QTimer.singleShot(0, self._shrink)

    def _row_height(self) -> int:
        if not self.weights:
            return 0
        return self.weights[0].sizeHint().height() + max(0, self.form.verticalSpacing())

    def _room(self) -> int:
        """The height the dialog may take: the bench window's, at most the screen's."""
        parent = self.parentWidget()
        screen = self.screen()
        heights = [parent.window().height()] if parent is not None else []
        if screen is not None:
            heights.append(screen.availableGeometry().height())
        return min(heights) if heights else 720

    def _shrink(self) -> None:
        self.layout_.activate()
        over = self.sizeHint().height() - (self._room() - 24)
        if over > 0:
            least = self._row_height() * min(3, len(self.weights))
            self.rows_area.setFixedHeight(max(least, self.rows_area.height() - over))
            self.layout_.activate()
        self.resize(self.width(), min(self.sizeHint().height(), self._room() - 24))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()  # the rows' real height is known once they are styled and shown

    def weights_g(self) -> list[int]:
        grams = [round(box.value() * 1000) for box in self.weights]
        return [] if all(g == 0 for g in grams) else grams

    def missing(self) -> list[int]:
        """Parcels without a weight while others have one (OK waits for them)."""
        grams = self.weights_g()
        return [n for n, g in enumerate(grams, start=1) if g == 0] if grams else []

    def complete(self) -> bool:
        return not self.missing()

    def _update_ok(self) -> None:
        super()._update_ok()
        missing = self.missing()
        if hasattr(self, "why"):
            self.why.setText(
                self.tr(
                    "OK waits: parcel {0} has no weight. Enter it, or set every weight to 0 "
                    "to split the order's weight."
                ).format(", ".join(map(str, missing)))
                if missing
                else ""
            )
            self.why.setVisible(bool(missing))

    def _emit(self) -> None:
        self.parcels_set.emit(self.count.value(), self.weights_g())


class ResumeDialog(_BenchDialog):
    """What was left in flight when the station stopped: finish it, or abandon one with a reason.

    Signals:
        finish_all(): finish every cycle that can be finished.
        abandon_asked(str, str): cycle id and order id of the one to abandon.
    """

    finish_all = Signal()
    abandon_asked = Signal(str, str)

    def __init__(self, items: list[InFlightView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unfinished orders"))
        self.prompt.setText(self.tr("These orders were left unfinished when the station stopped:"))
        self.list = QListWidget()
        self.list.setStyleSheet("font-size: 20px;")
        for view in items:
            text = f"{view.order_id}  ·  {view.what}"
            if view.waiting_for_packer:
                text += "  ·  " + self.tr("scan the order to go on")
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, (view.cycle_id, view.order_id))
        self.list.setCurrentRow(0)
        self.layout_.addWidget(self.list)
        self.layout_.addWidget(
            QLabel(
                self.tr(
                    "Enter: finish them now (labels already bought are never bought again). "
                    "Delete: abandon the selected one (a reason is asked). Esc: later."
                )
            )
        )
        ok = self.ok_button()
        ok.setText(self.tr("Finish now"))
        self.abandon_button = self.buttons.addButton(
            self.tr("Abandon…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.abandon_button.clicked.connect(self._abandon)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(self.tr("Later"))
        self.accepted.connect(self.finish_all.emit)
        self.finish_layout()
        self.list.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._abandon()
            return
        super().keyPressEvent(event)

    def _abandon(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        cycle_id, order_id = item.data(Qt.ItemDataRole.UserRole)
        self.reject()
        self.abandon_asked.emit(cycle_id, order_id)


class UncertainPrintDialog(_BenchDialog):
    """A label the station was sending when it stopped, on a printer that cannot tell whether
    it printed: the packer looks at the printer and answers.

    Enter (or P) prints it again — a second copy of the same label is harmless, a missing one
    is not; D says it did come out (recorded as printed, not printed again); Esc decides later
    (the label waits; F5 prints it).

    Signals:
        print_again(str): the job id; the label did not come out.
        it_printed(str): the job id; the label did come out.
    """

    print_again = Signal(str)
    it_printed = Signal(str)

    def __init__(self, view: UncertainPrintView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(self.tr("Did the label come out?"))
        self.prompt.setText(self.tr("Did this label come out of the printer?"))
        label = QLabel(view.label)
        label.setStyleSheet("font-size: 26px;")
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        self.layout_.addWidget(
            QLabel(
                self.tr(
                    "The station stopped while sending it, and the printer cannot tell whether "
                    "it printed. Look at the printer. Enter or P: it did not come out, print it "
                    "again. D: it came out. Esc: later (F5 prints it)."
                )
            )
        )
        ok = self.ok_button()
        ok.setText(self.tr("Print it again"))
        self.printed_button = self.buttons.addButton(
            self.tr("It came out"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.printed_button.clicked.connect(self._printed)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(self.tr("Later"))
        self.accepted.connect(lambda: self.print_again.emit(self.view.job_id))
        self.finish_layout()
        ok.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_P:
            self._try_accept()
            return
        if event.key() == Qt.Key.Key_D:
            self._printed()
            return
        super().keyPressEvent(event)

    def _printed(self) -> None:
        if not self.isVisible():
            return  # once
        self.reject()
        self.it_printed.emit(self.view.job_id)
