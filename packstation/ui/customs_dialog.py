"""The customs dialog: one parcel's pre-filled declaration, fixed and confirmed from the keyboard.

Layout and wiring only: ``CustomsViewModel`` holds the drafts, checks every edit and sends.
Keys: F2 (or Ctrl+Enter) confirm and send · PgDn / PgUp next / previous parcel · F5 read the
shop's data again · Esc later (the declaration waits; dispatch lists it). Arrow keys move in
the articles table and typing replaces a cell. The fields that would be refused are framed in
red and listed at the bottom; Enter on a listed problem jumps to its field.

``CustomsPrompt`` opens the dialog over the station window whenever the view-model asks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packstation.ui import theme
from packstation.ui.customs_viewmodel import (
    ARTICLE_FIELDS,
    DRAFT_FIELDS,
    INCOTERMS,
    CustomsParcelView,
    CustomsViewModel,
    FieldIssue,
)
from packstation.ui.fit import fit_in_window
from packstation.ui.workflow_parts import (
    PROBLEM_BACKGROUND,
    PROBLEM_STYLE,
    PROBLEM_TEXT,
    KeyAction,
    MessageBar,
    heading,
)

_FIELD_STYLE = "font-size: 20px; padding: 6px;"
_READ_ONLY_STYLE = "background: #F3F4F6; color: #3D4752;"


class CustomsDialog(QDialog):
    """The customs declaration of an order, parcel by parcel (see the module docstring)."""

    def __init__(self, vm: CustomsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._filling = False
        self._view: CustomsParcelView | None = None
        self._issues: list[FieldIssue] = []
        root = QVBoxLayout(self)
        root.setContentsMargins(18, 14, 18, 14)
        root.setSpacing(10)

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 26px; font-weight: bold;")
        root.addWidget(self.title)
        self.message = MessageBar()
        root.addWidget(self.message)
        root.addLayout(self._build_parcel_row())
        root.addLayout(self._build_form())
        self.articles_title = heading()
        root.addWidget(self.articles_title)
        root.addWidget(self._build_articles_table(), 1)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-size: 18px; color: #3D4752;")
        root.addWidget(self.totals)
        self.problems_title = heading()
        root.addWidget(self.problems_title)
        self.problems = QListWidget()
        self.problems.setStyleSheet(f"font-size: 18px; color: {PROBLEM_TEXT};")
        self.problems.setMaximumHeight(100)
        self.problems.itemActivated.connect(self._on_problem_activated)
        root.addWidget(self.problems)
        root.addLayout(self._build_buttons())
        self._connect_view_model()
        self._retranslate()
        self.message.show_message(vm.message)

    # ------------------------------------------------------------------ building

    def _build_parcel_row(self) -> QHBoxLayout:
        """The parcel's number, its kind and its declaration's status."""
        parcel_row = QHBoxLayout()
        self.parcel = QLabel()
        self.parcel.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.kind = QLabel()
        self.kind.setStyleSheet("font-size: 18px; color: #4A5561;")
        self.status = QLabel()
        self.status.setStyleSheet("font-size: 20px; font-weight: bold;")
        parcel_row.addWidget(self.parcel)
        parcel_row.addSpacing(16)
        parcel_row.addWidget(self.kind, 1)
        parcel_row.addWidget(self.status)
        return parcel_row

    def _build_form(self) -> QGridLayout:
        """The declaration's fields, four to a row, then the tracking code and the weight."""
        form = QGridLayout()
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(2)
        self.captions: dict[str, QLabel] = {}
        self.edits: dict[str, QWidget] = {}
        for name in (*DRAFT_FIELDS, "tracking_code", "parcel_weight"):
            self.captions[name] = QLabel()
            self.captions[name].setObjectName("HeaderCaption")
            self.captions[name].setWordWrap(True)  # two lines rather than a wider dialog
        for name in DRAFT_FIELDS:
            self.edits[name] = self._draft_field(name)
        self.tracking = QLabel()
        self.tracking.setObjectName("HeaderValue")
        self.tracking.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.weight = QLabel()
        self.weight.setObjectName("HeaderValue")
        order = (*DRAFT_FIELDS, "tracking_code", "parcel_weight")
        for i, name in enumerate(order):
            row, column = divmod(i, 4)
            form.addWidget(self.captions[name], row * 2, column)
            widget: QWidget
            if name == "tracking_code":
                widget = self.tracking
            elif name == "parcel_weight":
                widget = self.weight
            else:
                widget = self.edits[name]
            form.addWidget(widget, row * 2 + 1, column)
        for column in range(4):
            form.setColumnStretch(column, 1)
        return form

    def _draft_field(self, name: str) -> QWidget:
        """The edit of one declaration field (the Incoterm is chosen from a list)."""
        if name == "incoterm":
            combo = QComboBox()
            combo.setEditable(False)
            combo.addItems(list(INCOTERMS))
            combo.setStyleSheet(_FIELD_STYLE)
            combo.currentTextChanged.connect(lambda text, n=name: self._on_field_edited(n, text))
            return combo
        line = QLineEdit()
        line.setStyleSheet(_FIELD_STYLE)
        line.textEdited.connect(lambda text, n=name: self._on_field_edited(n, text))
        if name == "departure_country":
            line.setMaxLength(2)
        return line

    def _build_articles_table(self) -> QTableWidget:
        """The articles; arrow keys move, typing replaces a cell."""
        self.table = QTableWidget(0, len(ARTICLE_FIELDS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.setMinimumHeight(190)
        self.table.itemChanged.connect(self._on_item_changed)
        return self.table

    def _build_buttons(self) -> QHBoxLayout:
        """F2 confirm, PgUp / PgDown the parcels, Esc later; Ctrl+Enter confirms too."""
        vm = self.vm
        buttons = QHBoxLayout()
        self.confirm = KeyAction(self, "F2", vm.submit, primary=True)
        self.previous = KeyAction(self, "PgUp", vm.previous_parcel)
        self.next = KeyAction(self, "PgDown", vm.next_parcel)
        self.later = KeyAction(self, "Esc", self.reject)
        self.later.shortcut.setEnabled(False)  # QDialog handles Esc itself
        for action in (self.confirm, self.previous, self.next, self.later):
            buttons.addWidget(action.button)
        send_too = QShortcut(QKeySequence("Ctrl+Return"), self)
        send_too.activated.connect(vm.submit)
        return buttons

    def _connect_view_model(self) -> None:
        vm = self.vm
        vm.parcel_changed.connect(self.show_parcel)
        vm.problems_changed.connect(self.show_problems)
        vm.totals_changed.connect(self.totals.setText)
        vm.message_changed.connect(self.message.show_message)
        vm.busy_changed.connect(self._on_vm_busy)
        vm.closed.connect(self.accept)
        self.finished.connect(lambda _result: vm.dialog_closed())

    # ------------------------------------------------------------------ language

    #: The size the dialog asks for; on a smaller window it gets the window's (``fit``).
    PREFERRED = QSize(1180, 760)

    def showEvent(self, event: QShowEvent) -> None:
        fit_in_window(self, self.PREFERRED)
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Customs declaration"))
        captions = {
            "invoice_id": self.tr("Invoice id"),
            "invoice_date": self.tr("Invoice date (YYYY-MM-DD)"),
            "incoterm": self.tr("Incoterm"),
            "planned_pickup": self.tr("Planned pick-up (YYYY-MM-DD HH:MM)"),
            "departure_country": self.tr("Departure country"),
            "tracking_code": self.tr("Tracking code (from the label)"),
            "parcel_weight": self.tr("Parcel weight"),
        }
        for name, caption in self.captions.items():
            caption.setText(captions[name].upper())
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Description"),
                self.tr("SKU"),
                self.tr("HS code"),
                self.tr("Origin"),
                self.tr("Qty"),
                self.tr("Unit value"),
                self.tr("Currency"),
                self.tr("Net kg / unit"),
            ]
        )
        self.articles_title.setText(
            self.tr("ARTICLES (arrow keys move, typing replaces a cell, Enter keeps it)")
        )
        self.problems_title.setText(self.tr("TO FIX BEFORE SENDING (Enter jumps to the field)"))
        self.confirm.set_title(self.tr("Confirm and send"))
        self.previous.set_title(self.tr("Previous parcel"))
        self.next.set_title(self.tr("Next parcel"))
        self.later.set_title(self.tr("Later"))
        if self._view is not None:
            self.show_parcel(self._view)

    # ------------------------------------------------------------------ view-model

    def show_parcel(self, view: CustomsParcelView) -> None:
        self._view = view
        self._filling = True
        try:
            self.title.setText(
                self.tr("Customs · order {0} → {1}").format(view.order_id, view.destination)
            )
            self.parcel.setText(
                self.tr("Parcel {0} of {1}").format(view.parcel_no, view.parcel_count)
            )
            self.kind.setText(view.kind)
            colour = "#8A4B00" if view.editable else "#1B7A3A"
            self.status.setText(view.status_text)
            self.status.setStyleSheet(f"font-size: 20px; font-weight: bold; color: {colour};")
            for name, widget in self.edits.items():
                text = view.fields.get(name, "")
                if isinstance(widget, QComboBox):
                    if widget.findText(text) < 0 and text:
                        widget.addItem(text)
                    widget.setCurrentText(text)
                    widget.setEnabled(view.editable)
                elif isinstance(widget, QLineEdit):
                    if widget.text() != text:
                        widget.setText(text)
                    widget.setReadOnly(not view.editable)
            self.tracking.setText(view.tracking_code or "—")
            self.weight.setText(view.parcel_weight)
            self.table.blockSignals(True)
            try:
                self.table.setRowCount(len(view.articles))
                for r, row in enumerate(view.articles):
                    for c, text in enumerate(row.cells):
                        item = QTableWidgetItem(text)
                        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                        if view.editable:
                            flags |= Qt.ItemFlag.ItemIsEditable
                        item.setFlags(flags)
                        if c == 0:
                            item.setFont(theme.font(theme.TABLE_PX, bold=True))
                        elif c in (1, 2):
                            item.setFont(theme.font(18, mono=True))
                        if c in (4, 5, 7):
                            item.setTextAlignment(
                                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                            )
                        self.table.setItem(r, c, item)
            finally:
                self.table.blockSignals(False)
            self.totals.setText(view.totals)
            self.previous.set_enabled(view.position > 0)
            self.next.set_enabled(view.position + 1 < view.declarations)
            self.confirm.set_title(
                self.tr("Confirm and send") if view.editable else self.tr("Close")
            )
            self.later.set_title(self.tr("Later") if view.editable else self.tr("Close"))
        finally:
            self._filling = False

    def show_problems(self, issues: list[FieldIssue]) -> None:
        self._issues = issues
        marked = {i.path for i in issues}
        editable = self._view is not None and self._view.editable
        for name, widget in self.edits.items():
            extra = PROBLEM_STYLE if name in marked else ("" if editable else _READ_ONLY_STYLE)
            widget.setStyleSheet(_FIELD_STYLE + extra)
        if self._view is not None and editable:
            self.status.setText(
                self.tr("to fix: {0}").format(len(issues)) if issues else self._view.status_text
            )
        self.table.blockSignals(True)
        try:
            tips: dict[tuple[int, int], str] = {}
            for issue in issues:
                if issue.article is not None and issue.field in ARTICLE_FIELDS:
                    tips[(issue.article, ARTICLE_FIELDS.index(issue.field))] = issue.text
            weights = any(i.path == "articles" for i in issues)
            weight_column = ARTICLE_FIELDS.index("net_weight_kg")
            for r in range(self.table.rowCount()):
                for c in range(self.table.columnCount()):
                    item = self.table.item(r, c)
                    if item is None:
                        continue
                    bad = (r, c) in tips or (weights and c == weight_column)
                    item.setBackground(QColor(PROBLEM_BACKGROUND if bad else "#FFFFFF"))
                    item.setForeground(QColor(PROBLEM_TEXT if bad else "#1A1A1A"))
                    item.setToolTip(tips.get((r, c), ""))
        finally:
            self.table.blockSignals(False)
        self.problems.clear()
        for issue in issues:
            QListWidgetItem("✗ " + issue.text, self.problems)
        self.problems.setVisible(bool(issues))
        self.problems_title.setVisible(bool(issues))

    def _on_vm_busy(self, busy: bool) -> None:
        self.confirm.set_enabled(not busy)

    # ------------------------------------------------------------------ edits

    def _on_field_edited(self, name: str, text: str) -> None:
        if not self._filling:
            self.vm.set_field(name, text)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling:
            self.vm.set_article(item.row(), ARTICLE_FIELDS[item.column()], item.text())

    def _on_problem_activated(self, item: QListWidgetItem) -> None:
        index = self.problems.row(item)
        if 0 <= index < len(self._issues):
            self.focus_issue(self._issues[index])

    def focus_issue(self, issue: FieldIssue) -> None:
        """Put the cursor on the field of ``issue``."""
        if issue.article is not None and issue.field in ARTICLE_FIELDS:
            self.table.setCurrentCell(issue.article, ARTICLE_FIELDS.index(issue.field))
            self.table.setFocus()
        elif issue.path == "articles":
            self.table.setCurrentCell(0, ARTICLE_FIELDS.index("net_weight_kg"))
            self.table.setFocus()
        elif issue.path in self.edits:
            widget = self.edits[issue.path]
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def focus_first(self) -> None:
        """The first field to fix, else the articles table."""
        if self._issues:
            self.focus_issue(self._issues[0])
            return
        self.table.setFocus()
        if self.table.rowCount():
            self.table.setCurrentCell(0, 0)

    # ------------------------------------------------------------------ keys and scans

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter keeps a cell or field (never closes the dialog); F2 / Ctrl+Enter sends
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def take_scan(self, code: str) -> bool:
        """A scan while the dialog is open: into the field being edited, or a reminder.

        When nothing is left for the packer the dialog closes and the scan goes on to packing.
        """
        if not self.vm.left_for_packer():
            self.accept()
            return False
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and not focus.isReadOnly() and self.isAncestorOf(focus):
            focus.setText(code)
            focus.textEdited.emit(code)
            return True
        self.vm.remind()
        return True


class CustomsPrompt(QObject):
    """Opens ``CustomsDialog`` over ``window`` whenever the view-model asks for the packer."""

    def __init__(self, vm: CustomsViewModel, window: QWidget) -> None:
        super().__init__(window)
        self.vm = vm
        self.window = window
        self.dialog: CustomsDialog | None = None
        vm.prompt_requested.connect(self._on_vm_prompt)

    def _on_vm_prompt(self, _order_id: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        dialog = CustomsDialog(self.vm, self.window)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.vm.refresh_view()
        dialog.open()
        dialog.focus_first()

    def _on_dialog_finished(self, dialog: CustomsDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            # the keyboard goes back to where the packer was (the packing screen's entry)
            self.window.activateWindow()
            last = self.window.focusWidget()
            if last is not None:
                last.setFocus()
        dialog.deleteLater()
