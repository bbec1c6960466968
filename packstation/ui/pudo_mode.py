"""PUDO mode: search pick-up points, see them in a list and on a map, choose one for an order.

Layout and wiring only (``PudoViewModel`` searches and chooses). Keys: F3 the search form
(Enter in any field searches) · F4 the results · arrow keys move the selection in the list and
on the map · Enter (or F2) chooses the selected point for the order · F5 searches again ·
F8 drops the station's choice (the order's own point applies again) · Esc back to packing.
A scanned order barcode makes that order the one to choose for and searches near its address.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from packstation.domain.pudo import MAX_RESULTS
from packstation.services.pudo import SearchMode
from packstation.ui.pudo_map import MapView, PudoMapView
from packstation.ui.pudo_viewmodel import PointRow, PudoForm, PudoViewModel, TargetView
from packstation.ui.workflow_parts import KeyAction, MessageBar, heading


def pudo_title() -> str:
    """The mode's name in the window's language."""
    return QCoreApplication.translate("PudoMode", "Pick-up points")


class _ResultsList(QListWidget):
    """The results; Enter chooses (the arrow keys move as in any list)."""

    def __init__(self, on_enter: Callable[[], None]) -> None:
        super().__init__()
        self._on_enter = on_enter

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter()
            return
        super().keyPressEvent(event)


class PudoMode(QWidget):
    """The PUDO page of the station window (see the module docstring).

    Signals:
        back_requested(): Esc: back to the packing screen.
    """

    back_requested = Signal()

    MODES: tuple[SearchMode, ...] = (SearchMode.ADDRESS, SearchMode.COORDINATES, SearchMode.ALL)

    def __init__(self, vm: PudoViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self._filling = False
        self.captions: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 8)
        root.setSpacing(10)
        self.message = MessageBar()
        root.addWidget(self.message)
        root.addWidget(self._build_search_form())
        root.addWidget(self._build_results_and_map(), 1)
        root.addLayout(self._build_actions())
        self._connect_view_model()
        self._retranslate()
        self.message.show_message(vm.message)
        self._show_mode_fields()

    # ------------------------------------------------------------------ building

    def _caption(self, name: str) -> QLabel:
        """A field's caption above it, re-labelled by ``_retranslate``."""
        label = QLabel()
        label.setObjectName("HeaderCaption")
        label.setWordWrap(True)  # two lines on a narrow screen, never a wider window
        self.captions[name] = label
        return label

    def _build_search_form(self) -> QFrame:
        """The panel on top: the order and its target, the search mode and the search fields."""
        form_panel = QFrame()
        form_panel.setObjectName("Panel")
        form = QGridLayout(form_panel)
        form.setContentsMargins(14, 10, 14, 10)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(2)
        self._build_order_row(form)
        self._build_search_fields()
        layout_rows = (
            ("country", 2, 0),
            ("zip", 2, 1),
            ("city", 2, 2),
            ("street", 2, 3),
            ("latitude", 2, 4),
            ("longitude", 2, 5),
            ("carriers", 4, 0),
            ("max_distance_m", 4, 1),
            ("max_results", 4, 2),
            ("opening_days", 4, 3),
        )
        for name, row, column in layout_rows:
            form.addWidget(self._caption(name), row, column)
            form.addWidget(self.fields[name], row + 1, column)
        form.setColumnStretch(3, 2)
        return form_panel

    def _build_order_row(self, form: QGridLayout) -> None:
        """The form's first row: the order field, what it is sent to, the search mode."""
        self.order = QLineEdit()
        self.order.setMaximumWidth(220)
        self.order.returnPressed.connect(self._on_order_entered)
        self.target = QLabel()
        self.target.setWordWrap(True)
        self.target.setStyleSheet("font-size: 17px;")
        self.mode = QComboBox()
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        form.addWidget(self._caption("order"), 0, 0)
        form.addWidget(self.order, 1, 0)
        form.addWidget(self._caption("target"), 0, 1, 1, 4)
        form.addWidget(self.target, 1, 1, 1, 4)
        form.addWidget(self._caption("mode"), 0, 5)
        form.addWidget(self.mode, 1, 5)

    def _build_search_fields(self) -> None:
        """The search's text fields (Enter searches) and number fields, into ``self.fields``."""
        texts_ = ("country", "zip", "city", "street", "latitude", "longitude", "carriers")
        for name in texts_:
            edit = QLineEdit()
            edit.returnPressed.connect(self.search)
            self.fields[name] = edit
        country = self.fields["country"]
        assert isinstance(country, QLineEdit)
        country.setMaxLength(2)
        country.setMaximumWidth(80)
        for name, low, high in (
            ("max_distance_m", 0, 100_000),
            ("max_results", 1, MAX_RESULTS),
            ("opening_days", 0, 7),
        ):
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setMinimumWidth(96)
            if name == "max_distance_m":
                spin.setSingleStep(500)
            self.fields[name] = spin
        spin_results = self.fields["max_results"]
        assert isinstance(spin_results, QSpinBox)
        spin_results.setValue(20)

    def _build_results_and_map(self) -> QSplitter:
        """The results list on the left, the map of the same points on the right."""
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        results_panel = QFrame()
        results_panel.setObjectName("Panel")
        results_layout = QVBoxLayout(results_panel)
        self.results_title = heading()
        results_layout.addWidget(self.results_title)
        self.results = _ResultsList(self.vm.choose)
        self.results.setStyleSheet("font-size: 18px;")
        self.results.setSpacing(2)
        self.results.currentRowChanged.connect(self._on_result_row)
        results_layout.addWidget(self.results, 1)
        split.addWidget(results_panel)
        map_panel = QFrame()
        map_panel.setObjectName("Panel")
        map_layout = QVBoxLayout(map_panel)
        self.map_title = heading()
        map_layout.addWidget(self.map_title)
        self.map = PudoMapView()
        self.map.step_requested.connect(self.vm.step)
        self.map.activated.connect(self.vm.choose)
        self.map.point_clicked.connect(self.vm.select)
        map_layout.addWidget(self.map, 1)
        split.addWidget(map_panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        return split

    def _build_actions(self) -> QHBoxLayout:
        """The key buttons along the bottom (each key also a shortcut of the window)."""
        vm = self.vm
        actions = QHBoxLayout()
        self.choose_action = KeyAction(self, "F2", vm.choose, primary=True)
        self.form_action = KeyAction(self, "F3", self.focus_form)
        self.results_action = KeyAction(self, "F4", self.focus_results)
        self.search_action = KeyAction(self, "F5", self.search)
        self.forget_action = KeyAction(self, "F8", vm.forget)
        self.back_action = KeyAction(self, "Esc", self.back_requested.emit)
        for action in (
            self.choose_action,
            self.form_action,
            self.results_action,
            self.search_action,
            self.forget_action,
            self.back_action,
        ):
            actions.addWidget(action.button)
        return actions

    def _connect_view_model(self) -> None:
        vm = self.vm
        vm.form_changed.connect(self.show_form)
        vm.target_changed.connect(self.show_target)
        vm.results_changed.connect(self.show_results)
        vm.selection_changed.connect(self.show_selection)
        vm.message_changed.connect(self.message.show_message)
        vm.busy_changed.connect(self._on_vm_busy)

    # ------------------------------------------------------------------ language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        captions = {
            "order": self.tr("Order (scan or type)"),
            "target": self.tr("Recipient · carrier · pick-up point now"),
            "mode": self.tr("Search"),
            "country": self.tr("Country"),
            "zip": self.tr("Postcode"),
            "city": self.tr("City"),
            "street": self.tr("Street"),
            "latitude": self.tr("Latitude"),
            "longitude": self.tr("Longitude"),
            "carriers": self.tr("Carriers (empty: the order's)"),
            "max_distance_m": self.tr("Max. distance m (0: any)"),
            "max_results": self.tr("Max. results (≤ 50)"),
            "opening_days": self.tr("Open days/week (0: any)"),
        }
        for name, label in self.captions.items():
            label.setText(captions[name].upper())
        self._filling = True
        try:
            current = self.mode.currentIndex()
            self.mode.clear()
            self.mode.addItems(
                [
                    self.tr("near an address"),
                    self.tr("near a position"),
                    self.tr("all points of a carrier"),
                ]
            )
            self.mode.setCurrentIndex(max(0, current))
        finally:
            self._filling = False
        self.results_title.setText(self.tr("RESULTS, NEAREST FIRST (arrow keys, Enter chooses)"))
        self.map_title.setText(self.tr("MAP (+ search position, numbers as in the list)"))
        self.map.empty_text = self.tr("The points found appear here.")
        self.choose_action.set_title(self.tr("Choose for the order"))
        self.form_action.set_title(self.tr("Search form"))
        self.results_action.set_title(self.tr("Results"))
        self.search_action.set_title(self.tr("Search"))
        self.forget_action.set_title(self.tr("Order's own point"))
        self.back_action.set_title(self.tr("Back to packing"))

    # ------------------------------------------------------------------ form

    def form(self) -> PudoForm:
        """The form's values as typed."""

        def text(name: str) -> str:
            widget = self.fields[name]
            return widget.text() if isinstance(widget, QLineEdit) else ""

        def number(name: str) -> int:
            widget = self.fields[name]
            return widget.value() if isinstance(widget, QSpinBox) else 0

        return PudoForm(
            mode=self.MODES[max(0, self.mode.currentIndex())],
            country=text("country"),
            zip=text("zip"),
            city=text("city"),
            street=text("street"),
            latitude=text("latitude"),
            longitude=text("longitude"),
            carriers=text("carriers"),
            max_distance_m=number("max_distance_m"),
            max_results=number("max_results"),
            opening_days=number("opening_days"),
        )

    def show_form(self, form: PudoForm) -> None:
        self._filling = True
        try:
            self.mode.setCurrentIndex(self.MODES.index(form.mode))
            for name in ("country", "zip", "city", "street", "latitude", "longitude", "carriers"):
                widget = self.fields[name]
                if isinstance(widget, QLineEdit):
                    widget.setText(str(getattr(form, name)))
            for name in ("max_distance_m", "max_results", "opening_days"):
                widget = self.fields[name]
                if isinstance(widget, QSpinBox):
                    widget.setValue(int(getattr(form, name)))
        finally:
            self._filling = False
        self._show_mode_fields()

    def _on_mode_changed(self, _index: int) -> None:
        self._show_mode_fields()

    def _show_mode_fields(self) -> None:
        mode = self.MODES[max(0, self.mode.currentIndex())]
        visible = {
            "zip": mode is SearchMode.ADDRESS,
            "city": mode is SearchMode.ADDRESS,
            "street": mode is SearchMode.ADDRESS,
            "latitude": mode is SearchMode.COORDINATES,
            "longitude": mode is SearchMode.COORDINATES,
            "max_distance_m": mode is not SearchMode.ALL,
        }
        for name, shown in visible.items():
            self.fields[name].setVisible(shown)
            self.captions[name].setVisible(shown)

    def _on_order_entered(self) -> None:
        self.vm.set_order_id(self.order.text())
        self.focus_results()

    def search(self) -> None:
        self.vm.set_order_id(self.order.text())
        self.vm.search(self.form())
        self.focus_results()

    def show_target(self, target: TargetView | None) -> None:
        if target is None:
            self.order.clear()
            self.target.setText("—")
            return
        if self.order.text().strip() != target.order_id:
            self.order.setText(target.order_id)
        parts = [p for p in (target.recipient, target.carrier.upper()) if p]
        point = target.current_point or self.tr("no pick-up point (door delivery)")
        self.target.setText(" · ".join(parts) + ("\n" if parts else "") + "➜ " + point)

    # ------------------------------------------------------------------ results

    def show_results(self, rows: list[PointRow], map_view: MapView) -> None:
        self.results.blockSignals(True)
        try:
            self.results.clear()
            for row in rows:
                first = f"{row.rank}.  {row.name}"
                if row.distance:
                    first += f"  ·  {row.distance}"
                first += f"   [{row.carrier} {row.location_id}]"
                hours = self.tr("today {0}").format(row.hours_today)
                if not row.open_today and row.closed_reason:
                    hours = self.tr("today: {0}").format(row.closed_reason)
                third = hours
                if row.parcel_sizes:
                    third += " · " + self.tr("parcel sizes {0}").format(row.parcel_sizes)
                lines = [first, "     " + row.address, "     " + third]
                lines += ["     ⚠ " + w for w in row.cautions]
                item = QListWidgetItem("\n".join(lines))
                if row.temporarily_closed:
                    item.setForeground(QBrush(QColor("#7A1A14")))  # closed for a while
                elif not row.open_today:
                    item.setForeground(QBrush(QColor("#5A636D")))  # closed today only
                item.setSizeHint(QSize(0, 30 * len(lines) + 10))
                self.results.addItem(item)
        finally:
            self.results.blockSignals(False)
        self.map.show_map(map_view)

    def show_selection(self, index: int) -> None:
        if self.results.currentRow() != index:
            self.results.blockSignals(True)
            self.results.setCurrentRow(index)
            self.results.blockSignals(False)
        self.map.select(index)

    def _on_result_row(self, row: int) -> None:
        self.vm.select(row)

    def _on_vm_busy(self, busy: bool) -> None:
        for action in (self.choose_action, self.search_action, self.forget_action):
            action.set_enabled(not busy)

    # ------------------------------------------------------------------ focus and scans

    def focus_entry(self) -> None:
        """The mode came to the front: the bench's order, and the cursor where work is."""
        self.vm.take_bench_order()
        if self.results.count() or self.vm.order_id:
            self.focus_results()
        else:
            self.focus_form()

    def focus_form(self) -> None:
        widget = self.fields["zip"] if self.fields["zip"].isVisible() else self.fields["country"]
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def focus_results(self) -> None:
        self.results.setFocus()

    def take_scan(self, code: str) -> bool:
        self.vm.take_scan(code)
        return True
