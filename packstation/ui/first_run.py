"""First start of a station that has no settings yet: a short set-up, or demo mode.

Five steps, each one screen, all by keyboard (Enter: next, Esc: back, Alt+D: demo mode from
anywhere): Seven Senders (environment, and the access key into the OS keyring — a computer
without a keyring is told so and pointed at ``PACKSTATION_ACCESS_KEY``), orders (where the
merchant's orders come from, and the station's name), the label printer (find, choose, test
print), the scanner (scan the test barcode of the command sheet: does the scanner use the
PC's keyboard layout? ``show_scanner_check``; Alt+C makes the sheet through
``command_sheet_requested``), and a summary that saves. A scan during the set-up fills the
text field being edited (never the access key); anything else is not used. It drives the
settings screen's ``SettingsViewModel``, so saving, the keyring, printers and the test print
work and are worded exactly as there; the composition root gives it the same
``SettingsBackend``.

Opened with ``open()`` (never ``exec()``); it reports with ``setup_done`` or ``demo_chosen``,
or ``rejected`` when closed without either. ``ask_first_run`` awaits that choice.
"""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from packstation.domain.barcodes import BarcodeConfig
from packstation.domain.keyboard_layouts import LayoutCheck, scanner_test_code
from packstation.ui import theme
from packstation.ui.about import app_icon
from packstation.ui.scanner_check import ScannerCheck
from packstation.ui.setting_words import printer_choice_text
from packstation.ui.settings_viewmodel import SettingsViewModel
from packstation.ui.theme import Tone

#: The environments a real station is set up for (the sandbox is the demo button).
ENVIRONMENTS = ("production", "uat", "custom")
PRINTER_LANGUAGES = ("zpl", "escpos", "pdf")
DPIS = (203, 300, 600)


class Step(int, Enum):
    WELCOME = 0
    SEVEN_SENDERS = 1
    ORDERS = 2
    PRINTER = 3
    SCANNER = 4
    SUMMARY = 5


class FirstRunChoice(Enum):
    SET_UP = "set up"  # the settings are saved: start the station on them
    DEMO = "demo"  # start demo mode (training on the sandbox)
    CANCELLED = "cancelled"  # closed: quit


class FirstRunWizard(QDialog):
    """The set-up of a new station.

    Signals:
        setup_done(str): the settings were saved; the sentence that says where.
        demo_chosen(): the person wants demo mode (training).
        command_sheet_requested(): make the command sheet (with the scanner test barcode)
            and open it to print; the answer comes back through ``show_command_sheet``.
    """

    setup_done = Signal(str)
    demo_chosen = Signal()
    command_sheet_requested = Signal()

    def __init__(self, vm: SettingsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self._saving = False
        self._chosen = False
        self._no_keyring_seen = False
        self.setWindowTitle(self.tr("Set up packstation"))
        self.setWindowIcon(app_icon())
        self.setStyleSheet(theme.STYLE_SHEET)
        self.setMinimumSize(820, 560)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(14)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 28px; font-weight: bold; color: #1F4E8C;")
        outer.addWidget(self.heading)
        self.step_label = QLabel()
        self.step_label.setStyleSheet("font-size: 15px; color: #4A5561;")
        outer.addWidget(self.step_label)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)

        buttons = QHBoxLayout()
        # the mnemonic makes Alt+D choose demo mode from every step
        self.demo_button = QPushButton(self.tr("&Demo mode (training)"))
        self.back_button = QPushButton(self.tr("Back (Esc)"))
        self.next_button = QPushButton()
        self.next_button.setProperty("primary", True)
        for button in (self.demo_button, self.back_button, self.next_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        outer.addLayout(buttons)

        self._build_welcome()
        self._build_seven_senders()
        self._build_orders()
        self._build_printer()
        self._build_scanner()
        self._build_summary()

        self.demo_button.clicked.connect(self.choose_demo)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)

        vm.values_loaded.connect(self.show_values)
        vm.message_changed.connect(self._on_message)
        vm.key_state_changed.connect(self.key_state.setText)
        vm.printers_found.connect(self._on_printers)
        vm.printer_checked.connect(self._on_printer_checked)
        vm.busy_changed.connect(self._on_busy)
        self.show_values(dict(vm.loaded))
        self.go(Step.WELCOME)

    # ------------------------------------------------------------------ pages

    def _page(self, text: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        intro = QLabel(text)
        intro.setWordWrap(True)
        intro.setStyleSheet("font-size: 18px;")
        layout.addWidget(intro)
        self.pages.addWidget(page)
        return page, layout

    def _build_welcome(self) -> None:
        _page, layout = self._page(
            self.tr(
                "This station has no settings yet. Five short steps connect it to Seven "
                "Senders, the merchant's orders, the label printer and the scanner.\n\n"
                "Enter: set up this station.   Alt+D: demo mode — training on a built-in "
                "practice system; nothing is bought, nothing is saved."
            )
        )
        layout.addStretch(1)

    def _build_seven_senders(self) -> None:
        _page, layout = self._page(
            self.tr(
                "Which Seven Senders system does this station work with? The access key is "
                "kept in the computer's password store (OS keyring), never in a file."
            )
        )
        form = QFormLayout()
        self.environment = QComboBox()
        for env in ENVIRONMENTS:
            self.environment.addItem(env, env)
        self.environment.setItemText(0, self.tr("Production (real labels)"))
        self.environment.setItemText(1, self.tr("UAT (Seven Senders test system)"))
        self.environment.setItemText(2, self.tr("Custom URL"))
        self.api_url = QLineEdit()
        self.api_url.setPlaceholderText("https://…/v2")
        self.access_key = QLineEdit()
        self.access_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.access_key.setPlaceholderText(self.tr("Paste the key from Seven Senders"))
        self.key_state = QLabel()
        self.key_state.setWordWrap(True)
        # the settings screen's words (the key state says "press Store"); Enter stores it too
        self.store_key = QPushButton(QCoreApplication.translate("SettingsPage", "Store in keyring"))
        self.store_key.setAutoDefault(False)
        key_row = QHBoxLayout()
        key_row.addWidget(self.access_key, 1)
        key_row.addWidget(self.store_key)
        form.addRow(self.tr("Environment"), self.environment)
        form.addRow(self.tr("Custom API URL"), self.api_url)
        form.addRow(self.tr("Access key"), key_row)
        form.addRow("", self.key_state)
        layout.addLayout(form)
        layout.addStretch(1)
        self.environment.currentIndexChanged.connect(self._on_environment)
        self.store_key.clicked.connect(self._store_key)

    def _build_orders(self) -> None:
        _page, layout = self._page(
            self.tr(
                "Where do the merchant's orders come from? A folder of exported order files "
                "(JSON or CSV) or the shop's order URL. The station name appears in every "
                "label's reference: give each bench its own."
            )
        )
        form = QFormLayout()
        row = QHBoxLayout()
        self.order_source = QLineEdit()
        self.order_source.setPlaceholderText(self.tr("e.g. \\\\server\\orders or https://…"))
        self.browse = QPushButton(self.tr("&Browse…"))
        self.browse.setAutoDefault(False)
        row.addWidget(self.order_source, 1)
        row.addWidget(self.browse)
        self.station_name = QLineEdit()
        form.addRow(self.tr("Order source"), row)
        form.addRow(self.tr("Station name"), self.station_name)
        layout.addLayout(form)
        layout.addStretch(1)
        self.browse.clicked.connect(self._browse)

    def _build_printer(self) -> None:
        _page, layout = self._page(
            self.tr(
                "The label printer: pick one found on this computer or type its address, "
                "then print a test label (Alt+T). Empty: labels are only saved as files."
            )
        )
        form = QFormLayout()
        self.printer = QComboBox()
        self.printer.setEditable(True)
        self.printer.setMinimumWidth(360)
        line = self.printer.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("e.g. tcp://192.168.1.50:9100"))
        self.printer_language = QComboBox()
        for lang in PRINTER_LANGUAGES:
            self.printer_language.addItem(lang.upper(), lang)
        self.printer_dpi = QComboBox()
        for dpi in DPIS:
            self.printer_dpi.addItem(f"{dpi} dpi", dpi)
        self.find_printers = QPushButton(self.tr("&Find printers"))
        self.test_print = QPushButton(self.tr("&Test print"))
        row = QHBoxLayout()
        for button in (self.find_printers, self.test_print):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        self.printer_state = QLabel()
        self.printer_state.setWordWrap(True)
        form.addRow(self.tr("Printer"), self.printer)
        form.addRow(self.tr("Printer language"), self.printer_language)
        form.addRow(self.tr("Resolution"), self.printer_dpi)
        form.addRow("", row)
        form.addRow("", self.printer_state)
        layout.addLayout(form)
        layout.addStretch(1)
        self.find_printers.clicked.connect(self.vm.find_printers)
        self.test_print.clicked.connect(lambda: self.vm.test_print(self.values()))

    def _build_scanner(self) -> None:
        _page, layout = self._page(
            self.tr(
                "The scanner: scan the scanner test barcode, the last one on the command "
                "sheet (Alt+C saves the sheet and opens it to print). It tells whether the "
                "scanner and this PC use the same keyboard layout — otherwise codes arrive "
                "altered. No scanner at hand? Enter goes on; the test barcode can be scanned "
                "on the packing screen at any time."
            )
        )
        self.make_sheet = QPushButton(self.tr("&Command sheet (PDF)"))
        self.make_sheet.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.make_sheet)
        row.addStretch(1)
        layout.addLayout(row)
        self.sheet_state = QLabel()
        self.sheet_state.setWordWrap(True)
        layout.addWidget(self.sheet_state)
        self.scanner_state = QLabel()
        self.scanner_state.setWordWrap(True)
        self.scanner_state.setStyleSheet("font-size: 18px;")
        layout.addWidget(self.scanner_state)
        layout.addStretch(1)
        self._scanner_verdict = ""
        self._scanner_waiting()
        self.make_sheet.clicked.connect(self.command_sheet_requested.emit)

    def _scanner_waiting(self) -> None:
        self.scanner_state.setStyleSheet("font-size: 18px;")
        self.scanner_state.setText(
            self.tr("Waiting for the test barcode ({0}).").format(
                scanner_test_code(BarcodeConfig().command_prefix)
            )
        )

    def _build_summary(self) -> None:
        _page, layout = self._page(
            self.tr("Ready. Enter saves the settings and starts the station.")
        )
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet("font-size: 18px;")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    # ------------------------------------------------------------------ navigation

    def step(self) -> Step:
        return Step(self.pages.currentIndex())

    def go(self, step: Step) -> None:
        self.pages.setCurrentIndex(step.value)
        headings = {
            Step.WELCOME: self.tr("Welcome to packstation"),
            Step.SEVEN_SENDERS: self.tr("Seven Senders"),
            Step.ORDERS: self.tr("Orders"),
            Step.PRINTER: self.tr("Label printer"),
            Step.SCANNER: self.tr("Scanner"),
            Step.SUMMARY: self.tr("Summary"),
        }
        self.heading.setText(headings[step])
        self.step_label.setText(
            self.tr("Step {0} of {1}").format(step.value, len(Step) - 1)
            if step is not Step.WELCOME
            else ""
        )
        self.back_button.setEnabled(step is not Step.WELCOME)
        next_texts = {
            Step.WELCOME: self.tr("Set up this station (Enter)"),
            Step.SUMMARY: self.tr("Save and start (Enter)"),
        }
        self.next_button.setText(next_texts.get(step, self.tr("Next (Enter)")))
        self._show_message("", Tone.READY)
        focus: dict[Step, QWidget] = {
            Step.WELCOME: self.next_button,
            Step.SEVEN_SENDERS: self.environment,
            Step.ORDERS: self.order_source,
            Step.PRINTER: self.printer,
            Step.SCANNER: self.next_button,
            Step.SUMMARY: self.next_button,
        }
        if step is Step.SEVEN_SENDERS:
            self._on_environment()
        if step is Step.SUMMARY:
            self.summary.setText(self._summary_text())
        focus[step].setFocus()

    def next(self) -> None:
        """Enter: check this step, then go on (the last step saves)."""
        step = self.step()
        if step is Step.SEVEN_SENDERS and not self._seven_senders_ok():
            return
        if step is Step.ORDERS and not self.order_source.text().strip():
            self._show_message(
                self.tr("Enter where the orders come from (a folder or a URL)."), Tone.WARNING
            )
            self.order_source.setFocus()
            return
        if step is Step.ORDERS and not self.station_name.text().strip():
            self._show_message(self.tr("Give the station a name."), Tone.WARNING)
            self.station_name.setFocus()
            return
        if step is Step.SUMMARY:
            self._saving = True
            self.vm.save(self.values())
            self._saving = False
            return
        self.go(Step(step.value + 1))

    def back(self) -> None:
        step = self.step()
        if step is not Step.WELCOME:
            self.go(Step(step.value - 1))

    def choose_demo(self) -> None:
        self._chosen = True
        self.demo_chosen.emit()
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused is not self.next_button:
                focused.click()  # a focused button (Find printers, Test print) does its job
            else:
                self.next()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.back()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ values

    def show_values(self, values: dict[str, Any]) -> None:
        env = str(values.get("environment") or "")
        index = self.environment.findData(env if env in ENVIRONMENTS else "production")
        self.environment.setCurrentIndex(max(0, index))
        self.api_url.setText(str(values.get("api_url") or ""))
        self.order_source.setText(str(values.get("order_source") or ""))
        self.station_name.setText(str(values.get("station_name") or ""))
        self.printer.setEditText(str(values.get("printer") or ""))
        language = self.printer_language.findData(values.get("printer_language") or "zpl")
        self.printer_language.setCurrentIndex(max(0, language))
        dpi = self.printer_dpi.findData(int(values.get("printer_dpi") or 203))
        self.printer_dpi.setCurrentIndex(max(0, dpi))

    def values(self) -> dict[str, Any]:
        """The settings this set-up writes (the settings screen's names)."""
        env = self._environment()
        return {
            "environment": env,
            "api_url": self.api_url.text().strip() if env == "custom" else "",
            "order_source": self.order_source.text().strip(),
            "station_name": self.station_name.text().strip(),
            "printer": self._printer_uri(),
            "printer_language": str(self.printer_language.currentData()),
            "printer_dpi": int(self.printer_dpi.currentData()),
        }

    def _environment(self) -> str:
        return str(self.environment.currentData() or "production")

    def _printer_uri(self) -> str:
        text = self.printer.currentText().strip()
        index = self.printer.findText(text)
        data = self.printer.itemData(index) if index >= 0 else None
        return str(data) if data else text

    def _summary_text(self) -> str:
        v = self.values()
        env = self.environment.currentText()
        if v["api_url"]:
            env += f" — {v['api_url']}"
        key = self.key_state.text()
        printer = v["printer"] or self.tr("(none: labels saved as files)")
        return "\n".join(
            [
                self.tr("Seven Senders: {0}").format(env),
                self.tr("Access key: {0}").format(key),
                self.tr("Orders: {0}").format(v["order_source"]),
                self.tr("Station name: {0}").format(v["station_name"]),
                self.tr("Printer: {0} ({1}, {2} dpi)").format(
                    printer, v["printer_language"].upper(), v["printer_dpi"]
                ),
                self.tr("Scanner: {0}").format(
                    self._scanner_verdict or self.tr("not checked yet (scan the test barcode)")
                ),
            ]
        )

    # ------------------------------------------------------------------ scanner

    def show_scanner_check(self, check: LayoutCheck, words: ScannerCheck) -> None:
        """The scanner test barcode (or a layout-altered command barcode) was scanned."""
        tone, headline, detail = words.words(check)
        background, colour = theme.TONE_COLOURS[tone]
        self.scanner_state.setStyleSheet(
            f"background: {background}; color: {colour}; padding: 10px; border-radius: 6px;"
            "font-size: 16px;"
        )
        self.scanner_state.setText(f"{headline}\n{detail}")
        self._scanner_verdict = headline
        if self.step() is not Step.SCANNER:
            self._show_message(headline, tone)

    def show_command_sheet(self, text: str, good: bool) -> None:
        """Where the command sheet was saved (or why it was not)."""
        colour = "#1B7A3A" if good else "#B3261E"
        self.sheet_state.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.sheet_state.setText(text)

    def take_scan(self, code: str) -> bool:
        """A scan during the set-up: into the text field being edited, never the access key."""
        focused = self.focusWidget()
        if isinstance(focused, QLineEdit) and focused is not self.access_key:
            focused.setText(code)
        else:
            self._show_message(
                self.tr(
                    "Scanned {0}: during the set-up a scan only fills a text field, or checks "
                    "the scanner with its test barcode."
                ).format(code),
                Tone.WARNING,
            )
        return True

    # ------------------------------------------------------------------ checks

    def _seven_senders_ok(self) -> bool:
        env = self._environment()
        if env == "custom" and not self.api_url.text().strip().startswith(("http://", "https://")):
            self._show_message(
                self.tr("Enter the custom API URL (it starts with https://)."), Tone.WARNING
            )
            self.api_url.setFocus()
            return False
        typed = self.access_key.text().strip()
        if typed:
            self.vm.store_key(env, typed)  # words the outcome in the message line
            self.access_key.clear()
        state = self._key_state(env)
        if state is None:  # no keyring: the message says what to do; the key comes from env
            self._show_message(
                self.tr(
                    "This computer has no secure password store (OS keyring). The station "
                    "takes the key from the PACKSTATION_ACCESS_KEY variable of its service "
                    "instead (ask IT); it is never written to a file. Enter again to go on."
                ),
                Tone.WARNING,
            )
            if not self._no_keyring_seen:
                self._no_keyring_seen = True
                return False
            return True
        if not state:
            self._show_message(self.tr("Enter the access key from Seven Senders."), Tone.WARNING)
            self.access_key.setFocus()
            return False
        return True

    def _store_key(self) -> None:
        typed = self.access_key.text().strip()
        self.vm.store_key(self._environment(), typed)  # words the outcome in the message line
        if typed and self._key_state(self._environment()):
            self.access_key.clear()
            self.next_button.setFocus()  # Enter goes on

    def _key_state(self, environment: str) -> bool | None:
        backend = self.vm.backend
        if backend is None:
            return None
        try:
            return backend.key_state(environment)
        except ValueError:
            return None

    # ------------------------------------------------------------------ view-model

    def _on_environment(self) -> None:
        env = self._environment()
        self.api_url.setEnabled(env == "custom")
        self.vm.check_key(env)

    def _on_message(self, text: str, tone: Tone) -> None:
        self._show_message(text, tone)
        if self._saving and tone is Tone.SUCCESS and not self._chosen:
            self._chosen = True
            self.setup_done.emit(text)
            self.accept()

    def _show_message(self, text: str, tone: Tone) -> None:
        background, colour = theme.TONE_COLOURS[tone]
        self.message.setStyleSheet(
            f"background: {background}; color: {colour}; padding: 10px; border-radius: 6px;"
            "font-size: 16px;"
        )
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_printers(self, printers: list[tuple[str, str, str, bool]]) -> None:
        current = self.printer.currentText()
        self.printer.clear()
        for uri, name, detail, accepting in printers:
            self.printer.addItem(printer_choice_text(uri, name, detail, accepting), uri)
        self.printer.setEditText(current or (printers[0][0] if printers else ""))

    def _on_printer_checked(self, text: str, good: bool) -> None:
        colour = "#1B7A3A" if good else "#B3261E"
        self.printer_state.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.printer_state.setText(text)

    def _on_busy(self, busy: bool) -> None:
        for button in (self.find_printers, self.test_print):
            button.setEnabled(not busy)

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Folder of the order files"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.order_source.setText)
        dialog.open()  # never exec(): a nested loop would stall the qasync loop


async def ask_first_run(wizard: FirstRunWizard) -> FirstRunChoice:
    """Show the set-up and wait for the person's choice."""
    loop = asyncio.get_running_loop()
    choice: asyncio.Future[FirstRunChoice] = loop.create_future()

    def settle(value: FirstRunChoice) -> None:
        if not choice.done():
            choice.set_result(value)

    wizard.setup_done.connect(lambda _text: settle(FirstRunChoice.SET_UP))
    wizard.demo_chosen.connect(lambda: settle(FirstRunChoice.DEMO))
    wizard.rejected.connect(lambda: settle(FirstRunChoice.CANCELLED))
    wizard.open()
    return await choice
