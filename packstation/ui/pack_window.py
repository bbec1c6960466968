"""The packing screen (the station's default mode): layout and wiring only.

Everything it shows comes from ``PackViewModel`` signals; everything the packer does (F-keys,
the manual entry field, dialogs) becomes a view-model call. Scans from the wedge filter or a
serial scanner arrive through ``take_scan``.

Keys (shown on the buttons): F2 finish · F3 parcels · F4 next box · F5 print waiting
labels · F6 reprint · F7 void · F8 skip the item check · F9 cancel the order · Ctrl+G weigh the
box and Ctrl+M move an item to another box (the boxes panel) · Ctrl+P print a finished
order's packing slip again · F11 command sheet · F12 manual entry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt
from PySide6.QtGui import QImage, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from packstation.domain.commands import SkipReason
from packstation.ui import texts
from packstation.ui.bench_frame import StatusBanner
from packstation.ui.box_moves import MoveDialog, move_rows
from packstation.ui.box_strip import BoxesPanel
from packstation.ui.dialogs import (
    ApprovalDialog,
    ParcelsDialog,
    ReasonDialog,
    ReprintDialog,
    ResumeDialog,
    SignInDialog,
    UncertainPrintDialog,
    VoidDialog,
)
from packstation.ui.pack_viewmodel import PackViewModel
from packstation.ui.pack_views import (
    ActionState,
    ApprovalView,
    Banner,
    BenchDialog,
    InFlightView,
    UncertainPrintView,
)
from packstation.ui.pack_widgets import (
    FKeyButton,
    ItemsTable,
    LabelPreviewPanel,
    OrderHeader,
    ParcelsPanel,
)
from packstation.ui.slip_reprint import SlipDialog


class PackingScreen(QWidget):
    """The packing mode: banner, order, items, parcels, last label, manual entry, actions."""

    ACTIONS: tuple[tuple[str, Qt.Key], ...] = (
        ("finish", Qt.Key.Key_F2),
        ("parcels", Qt.Key.Key_F3),
        ("next_parcel", Qt.Key.Key_F4),
        ("print", Qt.Key.Key_F5),
        ("reprint", Qt.Key.Key_F6),
        ("void", Qt.Key.Key_F7),
        ("skip", Qt.Key.Key_F8),
        ("cancel", Qt.Key.Key_F9),
        ("sheet", Qt.Key.Key_F11),
    )

    def __init__(self, vm: PackViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.dialog: QDialog | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 10, 14, 6)
        root.setSpacing(8)

        self.banner = StatusBanner()
        root.addWidget(self.banner)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("font-size: 16px; color: #3D4752;")
        self.notice.hide()
        root.addWidget(self.notice)
        self.header = OrderHeader()
        root.addWidget(self.header)
        root.addWidget(self._build_work_area(), 1)
        root.addLayout(self._build_entry_row())
        root.addLayout(self._build_actions())
        self._connect_view_model()
        self._retranslate()
        self._on_vm_actions(ActionState())

    #: below this height (the packing screen's, at a 1024×768 window about 650 px) the banner
    #: and the items' pictures are compact, so the items table shows more rows
    COMPACT_BELOW = 760

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        compact = self.height() < self.COMPACT_BELOW
        self.banner.set_compact(compact)
        self.items.set_compact(compact)

    # ------------------------------------------------------------------ building

    def _build_work_area(self) -> QSplitter:
        """The items on the left; the boxes, parcels and last label's preview on the right."""
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self.items = ItemsTable()
        split.addWidget(self.items)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = BoxesPanel(self.vm)
        self.parcels = ParcelsPanel()
        self.preview = LabelPreviewPanel()
        side_layout.addWidget(self.boxes)
        side_layout.addWidget(self.parcels)
        side_layout.addWidget(self.preview, 1)
        # on a short screen (1024×768) the side panels scroll instead of making the window
        # taller than the screen; on a tall one they have all the room they want
        scroll = self.side_panels = _UpAndDown()
        scroll.setObjectName("SidePanels")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(side)
        scroll.on_height = self.preview.set_room_height  # the whole label in view
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        return split

    def _build_entry_row(self) -> QHBoxLayout:
        """The manual entry (F12) for a barcode the scanner cannot read."""
        entry_row = QHBoxLayout()
        self.entry_label = QLabel()
        self.entry = QLineEdit()
        self.entry.setObjectName("ManualEntry")
        self.entry.setMinimumWidth(360)
        self.entry.setStyleSheet("font-size: 22px;")
        self.entry.returnPressed.connect(self._on_entry_return)
        entry_row.addWidget(self.entry_label)
        entry_row.addWidget(self.entry, 1)
        return entry_row

    def _build_actions(self) -> QHBoxLayout:
        """One button per F-key action (the key also a shortcut of the window); F12, Ctrl+L."""
        vm = self.vm
        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        handlers: dict[str, Callable[[], None]] = {
            "finish": vm.finish,
            "parcels": self.open_parcels,
            "next_parcel": vm.next_parcel,
            "print": vm.print_waiting,
            "reprint": self.open_reprint,
            "void": self.open_void,
            "skip": self.open_skip,
            "cancel": self.open_cancel,
            "sheet": vm.make_command_sheet,
        }
        self.shortcuts: dict[str, QShortcut] = {}
        for name, key in self.ACTIONS:
            button = FKeyButton()  # the caption wraps: nine keys fit a 1024-pixel screen
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(handlers[name])
            if name == "finish":
                button.setProperty("primary", True)
            actions.addWidget(button)
            self.buttons[name] = button
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(handlers[name])
            self.shortcuts[name] = shortcut
        self.boxes.move_requested.connect(self.open_move)
        move = QShortcut(QKeySequence("Ctrl+M"), self)
        move.setContext(Qt.ShortcutContext.WindowShortcut)
        move.activated.connect(self.open_move)
        self.shortcuts["move"] = move
        slip = QShortcut(QKeySequence("Ctrl+P"), self)
        slip.setContext(Qt.ShortcutContext.WindowShortcut)
        slip.activated.connect(self.open_slip)
        self.shortcuts["slip"] = slip
        entry_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F12), self)
        entry_shortcut.activated.connect(self.focus_entry)
        sign_in = QShortcut(QKeySequence("Ctrl+L"), self)
        sign_in.setContext(Qt.ShortcutContext.WindowShortcut)
        sign_in.activated.connect(self.open_sign_in)
        self.shortcuts["sign_in"] = sign_in
        return actions

    def _connect_view_model(self) -> None:
        vm = self.vm
        vm.banner_changed.connect(self._on_vm_banner)
        vm.notice_changed.connect(self._on_vm_notice)
        vm.order_changed.connect(self.header.show_order)
        vm.lines_changed.connect(self.items.show_lines)
        vm.parcels_changed.connect(self.parcels.show_parcels)
        vm.preview_changed.connect(self.preview.show_preview)
        # a label printed: its preview in view (above it the boxes, done with); none: the top
        vm.preview_changed.connect(
            lambda view: self.side_panels.follow(self.preview if view is not None else None)
        )
        vm.image_ready.connect(self._on_vm_image)
        vm.actions_changed.connect(self._on_vm_actions)
        vm.resume_offered.connect(self.open_resume)
        vm.uncertain_print.connect(self.open_uncertain_print)
        vm.dialog_requested.connect(self._on_vm_dialog_requested)
        vm.approval_requested.connect(self.open_approval)

    # ------------------------------------------------------------------ language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        titles = {
            "finish": self.tr("Finish"),
            "parcels": self.tr("Parcels"),
            "next_parcel": self.tr("+ Parcel"),
            "print": self.tr("Print held"),
            "reprint": self.tr("Reprint"),
            "void": self.tr("Void"),
            "skip": self.tr("Skip check"),
            "cancel": self.tr("Off the bench"),
            "sheet": self.tr("Command sheet"),
        }
        keys = {name: QKeySequence(key).toString() for name, key in self.ACTIONS}
        for name, button in self.buttons.items():
            button.setText(f"{keys[name]}\n{titles[name]}")  # the key above, big and first
        self.entry_label.setText(self.tr("Manual entry (F12):"))
        self.entry.setPlaceholderText(
            self.tr("Type a damaged barcode and press Enter — scanners work anywhere")
        )

    # ------------------------------------------------------------------ scans

    def take_scan(self, code: str) -> bool:
        if self.dialog is not None and self.dialog.isVisible():
            take = getattr(self.dialog, "take_scan", None)
            if take is not None and take(code):
                return True
        self.vm.submit_scan(code)
        return True

    def focus_entry(self) -> None:
        self.entry.setFocus()
        self.entry.selectAll()

    def _on_entry_return(self) -> None:
        text = self.entry.text().strip()
        self.entry.clear()
        if text:
            self.vm.submit_scan(text)

    # ------------------------------------------------------------------ view-model

    def _on_vm_banner(self, banner: Banner) -> None:
        self.banner.show_banner(banner)

    def _on_vm_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _on_vm_image(self, sku: str, image: QImage) -> None:
        self.items.set_image(sku, image)

    def _on_vm_actions(self, state: ActionState) -> None:
        enabled = {
            "finish": state.finish,
            "parcels": state.parcels,
            "next_parcel": state.parcels,
            "print": state.print_waiting,
            "reprint": state.reprint,
            "void": state.void,
            "skip": state.skip,
            "cancel": state.cancel,
            "sheet": True,
        }
        for name, button in self.buttons.items():
            button.setEnabled(enabled[name])

    def _on_vm_dialog_requested(self, dialog: BenchDialog) -> None:
        {
            BenchDialog.REPRINT: self.open_reprint,
            BenchDialog.VOID: self.open_void,
            BenchDialog.CANCEL: self.open_cancel,
            BenchDialog.SKIP: self.open_skip,
            BenchDialog.PARCELS: self.open_parcels,
            BenchDialog.MOVE: self.open_move,
            BenchDialog.SLIP: self.open_slip,
        }[dialog]()

    # ------------------------------------------------------------------ dialogs

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.window().activateWindow()
            self.focus_entry()
        dialog.deleteLater()

    def open_parcels(self) -> None:
        weights = self.vm.current_parcels()
        if not weights:
            self.vm.next_parcel()  # says "no order is being packed"
            return
        dialog = ParcelsDialog(weights, self)
        dialog.parcels_set.connect(
            lambda count, grams: self.vm.set_parcels(count, list(grams) or None)
        )
        self._open(dialog)

    def open_move(self) -> None:
        """Ctrl+M / MOVE: move an item to another box (nothing in a box: the packer is told)."""
        backend = self.vm.backend
        session = backend.service.current if backend is not None else None
        rows = move_rows(session)
        if session is None or not rows:
            self.vm.move_units(None)
            return
        dialog = MoveDialog(rows, len(session.boxes), self)
        dialog.move_asked.connect(self.vm.move_units)
        self._open(dialog)

    def open_slip(self) -> None:
        """Ctrl+P / SLIP: print a finished order's packing slip again (the last one offered)."""
        dialog = SlipDialog(self.vm.last_order_id or "", self)
        dialog.slip_asked.connect(self.vm.reprint_slip)
        self._open(dialog)

    def open_skip(self) -> None:
        presets = [texts.skip_reason_text(r.value) for r in SkipReason]
        dialog = ReasonDialog(
            self.tr("Skip the item check"),
            self.tr("Why are the items not scanned? (recorded with the order)"),
            presets,
            self,
        )
        dialog.reason_given.connect(self.vm.skip_verification)
        self._open(dialog)

    def open_cancel(self) -> None:
        presets = [
            self.tr("Items missing on the shelf"),
            self.tr("Pack it later"),
            self.tr("Wrong order picked"),
            self.tr("The customer cancelled"),
        ]
        dialog = ReasonDialog(
            self.tr("Cancel the order"),
            self.tr("Take the order off the bench without a label. Why?"),
            presets,
            self,
        )
        dialog.reason_given.connect(self.vm.cancel_order)
        self._open(dialog)

    def open_reprint(self) -> None:
        presets = [
            self.tr("Label damaged or smudged"),
            self.tr("Label did not print completely"),
            self.tr("Label lost"),
            self.tr("Printer jammed"),
        ]
        dialog = ReprintDialog(self.vm.default_reprint_target(), presets, self)
        dialog.reprint_asked.connect(self.vm.reprint)
        self._open(dialog)

    def open_void(self) -> None:
        presets = [
            self.tr("Wrong weight or number of parcels"),
            self.tr("Label damaged"),
            self.tr("Order cancelled after labelling"),
            self.tr("Wrong carrier or address"),
        ]
        dialog = VoidDialog(self.vm.voidable_labels(), presets, self)
        dialog.void_asked.connect(self.vm.void)
        self._open(dialog)

    def open_approval(self, view: ApprovalView) -> None:
        """A supervisor approves the intent the view-model holds back (Esc: not done)."""
        dialog = ApprovalDialog(
            self.tr("Supervisor approval"),
            self.tr("{0} needs a supervisor. {1}.").format(
                texts.guarded_action_text(view.action), texts.approval_way_text(view.rule)
            ),
            view.refused,
            self,
        )
        dialog.approved.connect(self.vm.approve)
        dialog.rejected.connect(self.vm.approval_cancelled)
        self._open(dialog)

    def open_sign_in(self) -> None:
        """Ctrl+L: a packer signs in by badge or name (or the one signed in signs out)."""
        dialog = SignInDialog(self.vm.packer(), self)
        dialog.signed_in.connect(self.vm.sign_in)
        dialog.signed_out.connect(self.vm.sign_out)
        self._open(dialog)

    def open_resume(self, items: list[InFlightView]) -> None:
        dialog = ResumeDialog(items, self)
        dialog.finish_all.connect(lambda: self.vm.resume(None))
        dialog.abandon_asked.connect(self._ask_abandon)
        self._open(dialog)

    def open_uncertain_print(self, view: UncertainPrintView) -> None:
        dialog = UncertainPrintDialog(view, self)
        dialog.print_again.connect(self.vm.print_uncertain)
        dialog.it_printed.connect(self.vm.uncertain_printed)
        self._open(dialog)

    def _ask_abandon(self, cycle_id: str, order_id: str) -> None:
        presets = [
            self.tr("Packed elsewhere"),
            self.tr("Items not available"),
            self.tr("Test or training order"),
        ]
        dialog = ReasonDialog(
            self.tr("Abandon order {0}").format(order_id),
            self.tr("Order {0} will not be finished here. Why?").format(order_id),
            presets,
            self,
        )
        dialog.reason_given.connect(lambda reason: self.vm.abandon(cycle_id, reason))
        self._open(dialog)


class _UpAndDown(QScrollArea):
    """A scroll area that scrolls only up and down: as wide as its content needs (the
    window gives it that width), as short as the screen asks; ``follow`` keeps one of its
    panels at the top of the view while the content grows or shrinks; ``on_height`` is told
    the view's height whenever it changes (the label preview fits in it whole)."""

    _followed: QWidget | None = None
    _watching = False
    on_height: Callable[[int], None] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.on_height is not None:
            self.on_height(self.viewport().height())

    def follow(self, panel: QWidget | None) -> None:
        """Keep ``panel``'s top at the top of the view while the content changes; None: back
        to the top once, then follow nothing (the packer scrolls where they like). The
        packer scrolling stops the following too."""
        self._followed = panel
        if panel is None:
            self.verticalScrollBar().setValue(0)
            return
        if not self._watching:
            self._watching = True
            self.verticalScrollBar().actionTriggered.connect(self._stop_following)
        self._scroll_to_followed()

    def _stop_following(self, _action: int) -> None:
        """The packer moved the scroll bar (wheel, drag, keys): the view stays theirs."""
        self._followed = None

    def _scroll_to_followed(self) -> None:
        panel, inner = self._followed, self.widget()
        if panel is not None and inner is not None and inner.isAncestorOf(panel):
            self.verticalScrollBar().setValue(panel.mapTo(inner, QPoint(0, 0)).y())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        handled = super().eventFilter(watched, event)  # the scroll range follows the content
        if (
            self._followed is not None
            and watched is self.widget()
            and event.type() == QEvent.Type.Resize
        ):
            self._scroll_to_followed()
        return handled

    def event(self, event: QEvent) -> bool:
        # the content's least width changed (new parcels, another language): the splitter
        # must ask this area again, or the content is cut at the side
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().event(event)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(inner.minimumSizeHint().width() + bar + 2 * self.frameWidth(), hint.height())
