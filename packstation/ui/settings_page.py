"""The settings mode (F10): Seven Senders, orders, printer, bench, sounds, scanner, language.

Layout and wiring only (``SettingsViewModel`` loads, checks and saves). Everything is reachable
with Tab; Ctrl+S saves. The access key is typed into a password field and stored in the OS
keyring with its own button — it never goes into the settings file.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from packstation.ui import theme
from packstation.ui.setting_words import printer_choice_text
from packstation.ui.settings_viewmodel import SettingsViewModel
from packstation.ui.theme import Tone

ENVIRONMENTS = ("sandbox", "uat", "production", "custom")
LABEL_FORMATS = ("", "pdf", "zpl", "zpl300")
PRINTER_LANGUAGES = ("zpl", "escpos", "pdf")
LANGUAGES = ("", "en", "de")
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


class SettingsPage(QWidget):
    """The settings form; ``values()`` reads it, ``show_values()`` fills it."""

    def __init__(self, vm: SettingsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 8)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 28px; font-weight: bold;")
        outer.addWidget(self.heading)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        scroll = _Columns(
            (self._build_seven_senders_box(), self._build_orders_box()),
            (self._build_printer_box(), self._build_bench_box()),
        )
        outer.addWidget(scroll, 1)
        outer.addLayout(self._build_button_row())
        self._build_forms()
        self._connect_signals()
        self._retranslate()

    # ------------------------------------------------------------------ building
    # The boxes' fields are made here; ``_build_forms`` puts them into the forms with their
    # labels (in Tab order) once every box exists.

    def _build_seven_senders_box(self) -> QGroupBox:
        """Environment, API URL, access key (stored in the keyring), Flex, carrier, format."""
        self.box_7s = QGroupBox()
        self.form_7s = QFormLayout(self.box_7s)
        self.environment = QComboBox()
        for env in ENVIRONMENTS:
            self.environment.addItem(env, env)
        self.api_url = QLineEdit()
        self.access_key = QLineEdit()
        self.access_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.store_key = QPushButton()
        key_row = QHBoxLayout()
        key_row.addWidget(self.access_key, 1)
        key_row.addWidget(self.store_key)
        self.key_state = QLabel()
        self.key_state.setWordWrap(True)
        self.key_state.setStyleSheet("font-size: 15px; color: #3D4752;")
        self.flex = QCheckBox()
        self.carrier = QComboBox()
        self.carrier.setEditable(True)
        self.label_format = QComboBox()
        for fmt in LABEL_FORMATS:
            self.label_format.addItem(fmt, fmt)
        self.rows_7s: list[tuple[QWidget | QHBoxLayout, str]] = [
            (self.environment, "environment"),
            (self.api_url, "api_url"),
            (key_row, "access_key"),
            (self.key_state, ""),
            (self.flex, "flex"),
            (self.carrier, "carrier"),
            (self.label_format, "label_format"),
        ]
        return self.box_7s

    def _build_orders_box(self) -> QGroupBox:
        """Where the orders come from, and whether the last item prints the label."""
        self.box_orders = QGroupBox()
        self.form_orders = QFormLayout(self.box_orders)
        self.order_source = QLineEdit()
        self.auto_finish = QCheckBox()
        return self.box_orders

    def _build_printer_box(self) -> QGroupBox:
        """The label printer, its language, resolution and label size, and its buttons."""
        self.box_printer = QGroupBox()
        self.form_printer = QFormLayout(self.box_printer)
        self.printer = QComboBox()
        self.printer.setEditable(True)
        self.printer.setMinimumWidth(320)
        self.printer_language = QComboBox()
        for lang in PRINTER_LANGUAGES:
            self.printer_language.addItem(lang.upper(), lang)
        self.printer_dpi = QComboBox()
        for dpi in (203, 300, 600):
            self.printer_dpi.addItem(f"{dpi} dpi", dpi)
        self.label_width = QDoubleSpinBox()
        self.label_width.setRange(20, 300)
        self.label_width.setSuffix(" mm")
        self.label_height = QDoubleSpinBox()
        self.label_height.setRange(20, 600)
        self.label_height.setSuffix(" mm")
        self.find_printers = QPushButton()
        self.test_print = QPushButton()
        self.check_printer = QPushButton()
        self.printer_buttons = QHBoxLayout()
        for button in (self.find_printers, self.test_print, self.check_printer):
            self.printer_buttons.addWidget(button)
        self.printer_state = QLabel()
        self.printer_state.setWordWrap(True)
        return self.box_printer

    def _build_bench_box(self) -> QGroupBox:
        """The station and packer names, the language, the sounds and the serial scanner."""
        self.box_bench = QGroupBox()
        self.form_bench = QFormLayout(self.box_bench)
        self.station_name = QLineEdit()
        self.packer_name = QLineEdit()
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(code, code)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.muted = QCheckBox()
        self.play = QPushButton()
        self.sound_row = QHBoxLayout()
        self.sound_row.addWidget(self.volume, 1)
        self.sound_row.addWidget(self.muted)
        self.sound_row.addWidget(self.play)
        self.serial_port = QLineEdit()
        self.baudrate = QComboBox()
        for rate in BAUD_RATES:
            self.baudrate.addItem(str(rate), rate)
        return self.box_bench

    def _build_button_row(self) -> QHBoxLayout:
        """The settings file's path, then Undo changes and Save."""
        buttons = QHBoxLayout()
        self.path = QLabel()
        self.path.setStyleSheet("font-size: 14px; color: #4A5561;")
        self.path.setWordWrap(True)  # a long path wraps at its folders (``breakable``)
        self.path.setMinimumWidth(200)
        self.save_button = QPushButton()
        self.save_button.setProperty("primary", True)
        self.revert_button = QPushButton()
        buttons.addWidget(self.path, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        return buttons

    def _connect_signals(self) -> None:
        vm = self.vm
        self.save_button.clicked.connect(self._on_save)
        save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        save_shortcut.activated.connect(self._on_save)
        self.revert_button.clicked.connect(vm.reload)
        self.store_key.clicked.connect(
            lambda: vm.store_key(self._environment(), self.access_key.text())
        )
        self.environment.currentIndexChanged.connect(self._on_environment)
        self.find_printers.clicked.connect(vm.find_printers)
        self.test_print.clicked.connect(lambda: vm.test_print(self.values()))
        self.check_printer.clicked.connect(lambda: vm.check_printer(self.values()))
        self.play.clicked.connect(lambda: vm.play(self.volume.value() / 100))
        vm.values_loaded.connect(self.show_values)
        vm.message_changed.connect(self._on_vm_message)
        vm.key_state_changed.connect(self.key_state.setText)
        vm.printers_found.connect(self._on_vm_printers)
        vm.printer_checked.connect(self._on_vm_printer_checked)
        vm.carriers_found.connect(self._on_vm_carriers)
        vm.busy_changed.connect(self._on_vm_busy)

    def _build_forms(self) -> None:
        self._labels: dict[str, QLabel] = {}

        def row(form: QFormLayout, key: str, field: Any) -> None:
            label = QLabel()
            self._labels[key] = label
            form.addRow(label, field)

        for field, key in self.rows_7s:
            if key:
                row(self.form_7s, key, field)
            else:
                self.form_7s.addRow(field)
        row(self.form_orders, "order_source", self.order_source)
        row(self.form_orders, "auto_finish", self.auto_finish)
        row(self.form_printer, "printer", self.printer)
        row(self.form_printer, "printer_language", self.printer_language)
        row(self.form_printer, "printer_dpi", self.printer_dpi)
        row(self.form_printer, "label_width", self.label_width)
        row(self.form_printer, "label_height", self.label_height)
        self.form_printer.addRow(self.printer_buttons)
        self.form_printer.addRow(self.printer_state)
        row(self.form_bench, "station_name", self.station_name)
        row(self.form_bench, "packer_name", self.packer_name)
        row(self.form_bench, "language", self.language)
        row(self.form_bench, "sounds", self.sound_row)
        row(self.form_bench, "serial_port", self.serial_port)
        row(self.form_bench, "baudrate", self.baudrate)

    # ------------------------------------------------------------------ language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.heading.setText(self.tr("Settings"))
        self.box_7s.setTitle(self.tr("Seven Senders"))
        self.box_orders.setTitle(self.tr("Orders"))
        self.box_printer.setTitle(self.tr("Label printer"))
        self.box_bench.setTitle(self.tr("Bench"))
        labels = {
            "environment": self.tr("Environment"),
            "api_url": self.tr("Custom API URL"),
            "access_key": self.tr("Access key"),
            "flex": self.tr("7S Flex account"),
            "carrier": self.tr("Carrier (when the order names none)"),
            "label_format": self.tr("Label format"),
            "order_source": self.tr("Order source (folder or URL)"),
            "auto_finish": self.tr("Print the label after the last item"),
            "printer": self.tr("Printer"),
            "printer_language": self.tr("Printer language"),
            "printer_dpi": self.tr("Resolution"),
            "label_width": self.tr("Label width"),
            "label_height": self.tr("Label height"),
            "station_name": self.tr("Station name"),
            "packer_name": self.tr("Packer"),
            "language": self.tr("Language"),
            "sounds": self.tr("Sound volume"),
            "serial_port": self.tr("Serial scanner port"),
            "baudrate": self.tr("Baud rate"),
        }
        for key, label in self._labels.items():
            label.setText(labels[key])
        env_names = {
            "sandbox": self.tr("Sandbox (demo, no real labels)"),
            "uat": self.tr("UAT (Seven Senders test system)"),
            "production": self.tr("Production"),
            "custom": self.tr("Custom URL"),
        }
        for i, env in enumerate(ENVIRONMENTS):
            self.environment.setItemText(i, env_names[env])
        if self.vm.backend is not None:  # the key's state, said again in the new language
            self.vm.check_key(self._environment())
        formats = {
            "": self.tr("Automatic (what the printer prints)"),
            "pdf": "PDF",
            "zpl": "ZPL 203 dpi",
            "zpl300": "ZPL 300 dpi",
        }
        for i, fmt in enumerate(LABEL_FORMATS):
            self.label_format.setItemText(i, formats[fmt])
        languages = {"": self.tr("The computer's language"), "en": "English", "de": "Deutsch"}
        for i, code in enumerate(LANGUAGES):
            self.language.setItemText(i, languages[code])
        self.access_key.setPlaceholderText(self.tr("Paste the key from Seven Senders"))
        self.store_key.setText(self.tr("Store in keyring"))
        self.flex.setText(self.tr("no customs manifests"))
        self.auto_finish.setText(self.tr("yes"))
        self.serial_port.setPlaceholderText(self.tr("e.g. /dev/ttyACM0 or COM3 (empty: none)"))
        self.order_source.setPlaceholderText(self.tr("empty: the sandbox's demo orders"))
        edit = self.printer.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("e.g. tcp://192.168.1.50:9100"))
        self.find_printers.setText(self.tr("Find printers"))
        self.test_print.setText(self.tr("Test print"))
        self.check_printer.setText(self.tr("Status"))
        self.muted.setText(self.tr("Mute"))
        self.play.setText(self.tr("Try"))
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.revert_button.setText(self.tr("Undo changes"))
        backend = self.vm.backend
        if backend is not None:
            self.path.setText(self.tr("Settings file: {0}").format(breakable(backend.config_path)))

    # ------------------------------------------------------------------ values

    def show_values(self, values: dict[str, Any]) -> None:
        def pick(combo: QComboBox, value: Any) -> None:
            index = combo.findData(value)
            if index < 0 and combo.isEditable():
                combo.setEditText(str(value or ""))
            else:
                combo.setCurrentIndex(max(0, index))

        pick(self.environment, values.get("environment", "sandbox"))
        self.api_url.setText(str(values.get("api_url") or ""))
        self.flex.setChecked(bool(values.get("seven_senders_flex")))
        self.carrier.setEditText(str(values.get("carrier") or ""))
        pick(self.label_format, values.get("label_format") or "")
        self.order_source.setText(str(values.get("order_source") or ""))
        self.auto_finish.setChecked(bool(values.get("auto_finish", True)))
        self.printer.setEditText(str(values.get("printer") or ""))
        pick(self.printer_language, values.get("printer_language", "zpl"))
        pick(self.printer_dpi, int(values.get("printer_dpi", 203)))
        self.label_width.setValue(float(values.get("label_width_mm", 101.6)))
        self.label_height.setValue(float(values.get("label_height_mm", 152.4)))
        self.station_name.setText(str(values.get("station_name") or ""))
        self.packer_name.setText(str(values.get("packer_name") or ""))
        pick(self.language, values.get("language") or "")
        self.volume.setValue(round(float(values.get("sound_volume", 0.8)) * 100))
        self.muted.setChecked(bool(values.get("sound_muted")))
        self.serial_port.setText(str(values.get("scanner_serial_port") or ""))
        pick(self.baudrate, int(values.get("scanner_baudrate", 9600)))
        self._on_environment()
        backend = self.vm.backend
        if backend is not None:
            self.path.setText(self.tr("Settings file: {0}").format(breakable(backend.config_path)))

    def values(self) -> dict[str, Any]:
        return {
            "environment": self._environment(),
            "api_url": self.api_url.text().strip(),
            "seven_senders_flex": self.flex.isChecked(),
            "carrier": self.carrier.currentText().strip(),
            "label_format": str(self.label_format.currentData() or ""),
            "order_source": self.order_source.text().strip(),
            "auto_finish": self.auto_finish.isChecked(),
            "printer": self._printer_uri(),
            "printer_language": str(self.printer_language.currentData()),
            "printer_dpi": int(self.printer_dpi.currentData()),
            "label_width_mm": round(self.label_width.value(), 1),
            "label_height_mm": round(self.label_height.value(), 1),
            "station_name": self.station_name.text().strip(),
            "packer_name": self.packer_name.text().strip(),
            "language": str(self.language.currentData() or ""),
            "sound_volume": round(self.volume.value() / 100, 2),
            "sound_muted": self.muted.isChecked(),
            "scanner_serial_port": self.serial_port.text().strip(),
            "scanner_baudrate": int(self.baudrate.currentData()),
        }

    def _printer_uri(self) -> str:
        text = self.printer.currentText().strip()
        index = self.printer.findText(text)
        data = self.printer.itemData(index) if index >= 0 else None
        return str(data) if data else text

    def _environment(self) -> str:
        return str(self.environment.currentData() or "sandbox")

    def _on_environment(self) -> None:
        env = self._environment()
        self.api_url.setEnabled(env == "custom")
        self.access_key.setEnabled(env != "sandbox")
        self.store_key.setEnabled(env != "sandbox")
        self.vm.check_key(env)

    def _on_save(self) -> None:
        if self.isVisible():
            self.vm.save(self.values())

    # ------------------------------------------------------------------ view-model

    def _on_vm_message(self, text: str, tone: Tone) -> None:
        background, colour = theme.TONE_COLOURS[tone]
        self.message.setStyleSheet(
            f"background: {background}; color: {colour}; padding: 10px; border-radius: 6px;"
            "font-size: 18px;"
        )
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_vm_printers(self, printers: list[tuple[str, str, str, bool]]) -> None:
        current = self.printer.currentText()
        self.printer.clear()
        for uri, name, detail, accepting in printers:
            self.printer.addItem(printer_choice_text(uri, name, detail, accepting), uri)
        self.printer.setEditText(current)

    def _on_vm_printer_checked(self, text: str, good: bool) -> None:
        colour = "#1B7A3A" if good else "#B3261E"
        self.printer_state.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.printer_state.setText(text)

    def _on_vm_carriers(self, carriers: list[tuple[str, str]]) -> None:
        current = self.carrier.currentText()
        self.carrier.clear()
        for key, name in carriers:
            self.carrier.addItem(f"{key}", key)
            self.carrier.setItemData(self.carrier.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.carrier.setEditText(current)

    def _on_vm_busy(self, busy: bool) -> None:
        for button in (self.find_printers, self.test_print, self.check_printer):
            button.setEnabled(not busy)

    def take_scan(self, code: str) -> bool:
        """A scan in the settings goes to the field being edited, if it is a text field."""
        focused = self.focusWidget()
        if isinstance(focused, QLineEdit) and focused is not self.access_key:
            focused.setText(code)
            return True
        return False


def breakable(path: object) -> str:
    """``path`` with a break allowed after each folder separator (a zero-width space), so a
    long path wraps in a narrow window instead of widening it."""
    return str(path).replace("/", "/\u200b").replace("\\", "\\\u200b")


class _Columns(QScrollArea):
    """The settings' group boxes in two columns where they fit side by side, else in one
    (a 1024-pixel screen): it scrolls up and down, never sideways (issue 17)."""

    def __init__(self, left: tuple[QWidget, ...], right: tuple[QWidget, ...]) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns: tuple[tuple[QWidget, ...], ...] = (left, right)
        inner = QWidget()
        self.grid = QGridLayout(inner)
        self.setWidget(inner)
        self.side_by_side: bool | None = None
        self._arrange(side_by_side=True)

    def _needs(self) -> int:
        """The width both columns need side by side."""
        grid = self.grid
        margins = grid.contentsMargins().left() + grid.contentsMargins().right()
        widest = [max(box.minimumSizeHint().width() for box in column) for column in self.columns]
        return sum(widest) + grid.horizontalSpacing() + margins

    def _arrange(self, *, side_by_side: bool) -> None:
        if side_by_side == self.side_by_side:
            return
        self.side_by_side = side_by_side
        for column in self.columns:
            for box in column:
                self.grid.removeWidget(box)
        rows = max(len(column) for column in self.columns)
        for c, column in enumerate(self.columns):
            for r, box in enumerate(column):
                if side_by_side:
                    self.grid.addWidget(box, r, c)
                else:
                    self.grid.addWidget(box, c * rows + r, 0)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if side_by_side or c == 0 else 0)
        self.grid.setRowStretch(2 * rows, 1)  # the boxes at the top, the rest below

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        one_column = max(box.minimumSizeHint().width() for c in self.columns for box in c)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(one_column + bar + 2 * self.frameWidth() + 24, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        bar = self.verticalScrollBar().sizeHint().width()
        self._arrange(side_by_side=self.width() - bar - 2 * self.frameWidth() >= self._needs())
        super().resizeEvent(event)
