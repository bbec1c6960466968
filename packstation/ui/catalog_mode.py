"""Catalog mode: the merchant's product export synced to Return Portal Pro, with progress.

Layout and wiring only (``CatalogViewModel`` runs the sync). Keys: F3 choose the export file ·
F4 choose the images folder · F6 dry run on/off · F2 sync. The file fields can be typed in too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.catalog_viewmodel import CatalogViewModel, ProgressView, SummaryView
from packstation.ui.workflow_parts import PROBLEM_TEXT, KeyAction, MessageBar, heading


def catalog_title() -> str:
    """The mode's name in the window's language."""
    return QCoreApplication.translate("CatalogMode", "Catalog")


class CatalogMode(QWidget):
    """The catalog page of the station window (see the module docstring)."""

    def __init__(self, vm: CatalogViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.dialog: QFileDialog | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 8)
        root.setSpacing(10)
        self.message = MessageBar()
        root.addWidget(self.message)
        root.addWidget(self._build_files_panel())
        root.addWidget(self._build_progress_panel())
        root.addWidget(self._build_summary_panel(), 1)
        root.addLayout(self._build_actions())
        vm.progress_changed.connect(self.show_progress)
        vm.summary_changed.connect(self.show_summary)
        vm.message_changed.connect(self.message.show_message)
        vm.busy_changed.connect(self._on_vm_busy)
        self._retranslate()
        self.message.show_message(vm.message)
        self.show_summary(None)

    # ------------------------------------------------------------------ building

    def _build_files_panel(self) -> QFrame:
        """The export file and the images folder (typed or chosen), and the dry-run switch."""
        files = QFrame()
        files.setObjectName("Panel")
        grid = QGridLayout(files)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(14)
        self.file_caption = QLabel()
        self.file_caption.setObjectName("HeaderCaption")
        self.file = QLineEdit()
        self.file.returnPressed.connect(self.sync)
        self.images_caption = QLabel()
        self.images_caption.setObjectName("HeaderCaption")
        self.images = QLineEdit()
        if self.vm.default_images is not None:
            self.images.setText(str(self.vm.default_images))
        self.images.returnPressed.connect(self.sync)
        self.dry_run = QCheckBox()
        self.dry_run.setStyleSheet("font-size: 20px;")
        grid.addWidget(self.file_caption, 0, 0)
        grid.addWidget(self.file, 1, 0)
        grid.addWidget(self.images_caption, 0, 1)
        grid.addWidget(self.images, 1, 1)
        grid.addWidget(self.dry_run, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        return files

    def _build_progress_panel(self) -> QFrame:
        """The progress bar of the running sync and the product it did last."""
        progress = QFrame()
        progress.setObjectName("Panel")
        progress_layout = QVBoxLayout(progress)
        self.progress_title = heading()
        progress_layout.addWidget(self.progress_title)
        self.bar = QProgressBar()
        self.bar.setMinimumHeight(40)
        self.bar.setTextVisible(True)
        self.bar.setStyleSheet(
            "QProgressBar { font-size: 20px; font-weight: bold; border: 2px solid #9AA5B1;"
            " border-radius: 6px; text-align: center; background: white; }"
            "QProgressBar::chunk { background: #1B7A3A; }"
        )
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.last = QLabel()
        self.last.setStyleSheet("font-size: 17px; color: #3D4752;")
        progress_layout.addWidget(self.bar)
        progress_layout.addWidget(self.last)
        return progress

    def _build_summary_panel(self) -> QFrame:
        """The last sync's counts, the products that failed, and its warnings."""
        summary = QFrame()
        summary.setObjectName("Panel")
        summary_layout = QVBoxLayout(summary)
        self.summary_title = heading()
        summary_layout.addWidget(self.summary_title)
        self.counts = QGridLayout()
        self.counts.setHorizontalSpacing(30)
        self.count_labels: list[tuple[QLabel, QLabel]] = []
        for column in range(7):
            number = QLabel("—")
            number.setStyleSheet("font-size: 34px; font-weight: bold;")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel()
            caption.setObjectName("HeaderCaption")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.counts.addWidget(number, 0, column)
            self.counts.addWidget(caption, 1, column)
            self.count_labels.append((number, caption))
        summary_layout.addLayout(self.counts)
        self.failures = QTableWidget(0, 3)
        self.failures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.failures.verticalHeader().setVisible(False)
        self.failures.setStyleSheet("font-size: 17px;")
        header = self.failures.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        summary_layout.addWidget(self.failures, 1)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("font-size: 16px; color: #8A4B00;")
        summary_layout.addWidget(self.warnings)
        return summary

    def _build_actions(self) -> QHBoxLayout:
        """The key buttons along the bottom (each key also a shortcut of the window)."""
        actions = QHBoxLayout()
        self.sync_action = KeyAction(self, "F2", self.sync, primary=True)
        self.file_action = KeyAction(self, "F3", self.choose_file)
        self.images_action = KeyAction(self, "F4", self.choose_images)
        self.dry_action = KeyAction(self, "F6", self.dry_run.toggle)
        for action in (self.sync_action, self.file_action, self.images_action, self.dry_action):
            actions.addWidget(action.button)
        return actions

    # ------------------------------------------------------------------ language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.file_caption.setText(self.tr("PRODUCT EXPORT (CSV or JSON; F3 chooses)"))
        self.images_caption.setText(self.tr("IMAGES FOLDER (F4; empty: beside the export)"))
        self.dry_run.setText(self.tr("Dry run: send nothing (F6)"))
        self.progress_title.setText(self.tr("PROGRESS"))
        self.summary_title.setText(self.tr("SUMMARY OF THE LAST SYNC"))
        self.failures.setHorizontalHeaderLabels(
            [self.tr("SKU"), self.tr("Where"), self.tr("Why it failed")]
        )
        self.sync_action.set_title(self.tr("Sync"))
        self.file_action.set_title(self.tr("Export file…"))
        self.images_action.set_title(self.tr("Images folder…"))
        self.dry_action.set_title(self.tr("Dry run"))

    # ------------------------------------------------------------------ view-model

    def show_progress(self, view: ProgressView) -> None:
        self.bar.setRange(0, max(1, view.total))
        self.bar.setValue(view.done)
        self.bar.setFormat(f"{view.done} / {view.total}" if view.total else "")
        self.last.setText(view.last)

    def show_summary(self, view: SummaryView | None) -> None:
        if view is None:
            for number, caption in self.count_labels:
                number.setText("—")
                caption.setText("")
            self.failures.setRowCount(0)
            self.warnings.setText("")
            return
        title = self.tr("SUMMARY OF THE LAST SYNC")
        if view.dry_run:
            title = self.tr("SUMMARY OF THE DRY RUN (nothing was sent)")
        self.summary_title.setText(
            f"{title} · {view.source} · "
            + self.tr("{0} s").format(QLocale().toString(view.seconds, "f", 1))
        )
        for (number, caption), (text, count) in zip(self.count_labels, view.counts, strict=True):
            number.setText(str(count))
            caption.setText(text.upper())
            failed = text == view.counts[-1][0] and count > 0
            number.setStyleSheet(
                "font-size: 34px; font-weight: bold;"
                + (f"color: {PROBLEM_TEXT};" if failed else "")
            )
        self.failures.setRowCount(len(view.failures))
        for r, failure in enumerate(view.failures):
            for c, text in enumerate((failure.sku, failure.where, failure.reason)):
                item = QTableWidgetItem(text)
                item.setForeground(QColor(PROBLEM_TEXT))
                self.failures.setItem(r, c, item)
        shown = ["⚠ " + w for w in view.cautions[:5]]
        if len(view.cautions) > 5:
            shown.append(self.tr("… and {0} more warning(s)").format(len(view.cautions) - 5))
        self.warnings.setText("\n".join(shown))

    def _on_vm_busy(self, busy: bool) -> None:
        for action in (self.sync_action, self.file_action, self.images_action, self.dry_action):
            action.set_enabled(not busy)

    # ------------------------------------------------------------------ intents

    def sync(self) -> None:
        self.vm.start_sync(self.file.text(), self.images.text(), self.dry_run.isChecked())

    def choose_file(self) -> None:
        dialog = QFileDialog(
            self,
            self.tr("The product export"),
            self.file.text(),
            self.tr("Product exports (*.csv *.json);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.file.setText)
        self._open(dialog)

    def choose_images(self) -> None:
        dialog = QFileDialog(self, self.tr("The images folder"), self.images.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.images.setText)
        self._open(dialog)

    def _open(self, dialog: QFileDialog) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: QFileDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.file.setFocus()
        dialog.deleteLater()

    # ------------------------------------------------------------------ focus and scans

    def focus_entry(self) -> None:
        self.file.setFocus()

    def take_scan(self, code: str) -> bool:
        """Scans are for packing: the catalog takes none."""
        del code
        return False
