"""The boxes of the order on the bench at a glance, and the weight live from the scale.

One card per box, side by side: its number and type, what is in it, what it should weigh
(goods and carton) and what it weighed; the current box — the one the next scans go into — is
framed. Under the cards, the scale's live reading next to the current box's expected weight,
and, when the weight gate holds a box, an amber line naming the difference with the packer's
two choices: keep the box as it is, or open it and weigh it again. Ctrl+G weighs the current
box.

The panel reads the order on the bench from the packing service (read-only) whenever the
view-model redraws items or parcels, and polls the scale while an order is being packed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QMouseEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from packstation.domain.cycle import CycleStatus
from packstation.domain.weighing import ScaleError
from packstation.domain.weight_gate import (
    WeightCheck,
    expected_box_weight,
)
from packstation.services.packing import OrderSession, PackingService
from packstation.ui import theme
from packstation.ui.gate_words import gate_line
from packstation.ui.pack_viewmodel import PackViewModel
from packstation.ui.pack_widgets import Panel
from packstation.ui.service_words import describe

log = logging.getLogger(__name__)

# How often the live weight is read while an order is being packed (ms).
SCALE_POLL_MS = 500


@dataclass(frozen=True, slots=True)
class BoxView:
    """One box as its card shows it (texts not yet worded: numbers and names)."""

    number: int
    box_type: str | None
    items: tuple[tuple[int, str], ...]  # (quantity, name)
    expected_g: int | None
    measured_g: int | None
    current: bool
    gate: WeightCheck | None = None  # the gate's verdict waiting for the packer's word


def box_views(session: OrderSession | None) -> list[BoxView]:
    """The cards of the order being packed (none when nothing is being packed)."""
    if session is None or session.status is not CycleStatus.PACKING:
        return []
    names: dict[str, str] = {}
    for line in session.order.lines:
        names.setdefault(line.sku, line.name or line.sku)
    views = []
    for box in session.boxes:
        pending = session.gate.get(box.number)
        views.append(
            BoxView(
                number=box.number,
                box_type=box.box_type.name if box.box_type else None,
                items=tuple((i.quantity, names.get(i.sku, i.sku)) for i in box.items),
                expected_g=expected_box_weight(box, session.order).grams,
                measured_g=box.measured_weight_g,
                current=box.number == session.current_box,
                gate=pending[0] if pending is not None and pending[1] is None else None,
            )
        )
    return views


def kg(grams: int) -> str:
    return QLocale().toString(grams / 1000, "f", 3) + " kg"


#: A box card's least width.
CARD_MIN_WIDTH = 150


class _CardArea(QScrollArea):
    """The cards' area: it scrolls up and down only; the cards wrap into as many columns as
    fit its width (``BoxesPanel.arrange``), so none is cut at the side (issue 17)."""

    def __init__(self, arrange: Callable[[], None]) -> None:
        super().__init__()
        self._arrange = arrange
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()


class BoxCard(QFrame):
    """One box: number and type, its items, expected and measured weight. A click makes it
    the current box (the next scans go into it)."""

    def __init__(
        self,
        view: BoxView,
        on_click: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._on_click = on_click
        self.setObjectName("BoxCard")
        frame = theme.HIGHLIGHT if view.current else "#D0D5DB"
        width = 3 if view.current else 1
        fill = "#EAF2FD" if view.current else "#FFFFFF"
        self.setStyleSheet(
            f"QFrame#BoxCard {{ border: {width}px solid {frame}; border-radius: 6px; "
            f"background: {fill}; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        title = self.tr("Box {0}").format(view.number)
        if view.box_type:
            title = f"{title} · {view.box_type}"
        self.heading = QLabel(title)
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout.addWidget(self.heading)
        lines = [f"{quantity} × {name}" for quantity, name in view.items] or [self.tr("empty")]
        self.contents = QLabel("\n".join(lines))
        self.contents.setWordWrap(True)
        self.contents.setStyleSheet("font-size: 15px;")
        layout.addWidget(self.contents)
        weights = []
        if view.expected_g is not None:
            weights.append(self.tr("expected {0}").format(kg(view.expected_g)))
        if view.measured_g is not None:
            weights.append(self.tr("weighed {0}").format(kg(view.measured_g)))
        self.weights = QLabel("\n".join(weights))
        self.weights.setStyleSheet("font-size: 14px; color: #3D4752;")
        layout.addWidget(self.weights)
        layout.addStretch(1)

    def minimumSizeHint(self) -> QSize:
        """At least 150 px wide, and never narrower than its weights' line needs (a fixed
        minimum width would let the layout cut "expected 3,030 kg")."""
        hint = super().minimumSizeHint()
        return QSize(max(CARD_MIN_WIDTH, hint.width()), hint.height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._on_click is not None and event.button() is Qt.MouseButton.LeftButton:
            self._on_click(self.view.number)
        super().mousePressEvent(event)


class BoxesPanel(Panel):
    """The strip of boxes, the live weight and the weight gate's question.

    Signals:
        move_requested(): the packer wants to move an item to another box (Ctrl+M's button).
    """

    move_requested = Signal()

    def __init__(self, vm: PackViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.cards: list[BoxCard] = []
        self.views: list[BoxView] = []
        strip_host = QWidget()
        self.strip = QGridLayout(strip_host)
        self.strip.setContentsMargins(0, 0, 0, 0)
        self.strip.setSpacing(8)
        self.strip.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.columns = 0
        scroll = self.area = _CardArea(self.arrange)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans keep going to the entry
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(strip_host)
        scroll.setMinimumHeight(120)
        scroll.setMaximumHeight(190)
        self.weigh_button = QPushButton()
        self.weigh_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.weigh_button.clicked.connect(self.weigh)
        self.move_button = QPushButton()  # Ctrl+M: the window opens the move dialog
        self.move_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.move_button.clicked.connect(self.move_requested)
        self.confirm_button = QPushButton()
        self.recheck_button = QPushButton()
        for button in (self.confirm_button, self.recheck_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.confirm)
        self.recheck_button.clicked.connect(self.recheck)
        # the buttons beside the cards, one above the other: no height taken from the window;
        # while the weight gate asks, its two answers stand in for Weigh and Move
        buttons = QVBoxLayout()
        for button in (
            self.weigh_button,
            self.move_button,
            self.confirm_button,
            self.recheck_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(scroll, 1)
        top.addLayout(buttons)
        self.body.addLayout(top)

        # under the cards, the full width of the panel: the scale's reading, or — while the
        # gate asks — the amber line (two lines' room each, so the panel does not jump)
        two_lines = 2 * QFontMetrics(theme.font(18)).lineSpacing()
        self.scale_label = QLabel()
        self.scale_label.setStyleSheet("font-size: 18px;")
        self.scale_label.setWordWrap(True)  # wraps rather than widening the panel
        self.scale_label.setMinimumHeight(two_lines + 4)
        self.body.addWidget(self.scale_label)
        self.gate_label = QLabel()
        self.gate_label.setWordWrap(True)
        self.gate_label.setStyleSheet(
            "font-size: 18px; background: #F2B200; color: #1A1A1A; padding: 6px;"
        )
        self.gate_label.setMinimumHeight(two_lines + 12)
        self.body.addWidget(self.gate_label)

        self.shortcut = QShortcut(QKeySequence("Ctrl+G"), self)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.weigh)
        self.live_text = ""
        self._reading = False
        self.timer = QTimer(self)
        self.timer.setInterval(SCALE_POLL_MS)
        self.timer.timeout.connect(self._poll)
        vm.lines_changed.connect(lambda *_: self.refresh())
        vm.parcels_changed.connect(lambda *_: self.refresh())
        self._retranslate()
        self.refresh()

    # ------------------------------------------------------------------ language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.views = []  # the cards are worded again
            self.refresh()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.title.setText(self.tr("BOXES (F4 next box, Ctrl+G weigh)"))
        self.weigh_button.setText(self.tr("Weigh (Ctrl+G)"))
        self.move_button.setText(self.tr("Move (Ctrl+M)"))
        self.confirm_button.setText(self.tr("Keep the box as it is"))
        self.recheck_button.setText(self.tr("Open and weigh again"))

    # ------------------------------------------------------------------ drawing

    def _service(self) -> PackingService | None:
        backend = self.vm.backend
        return backend.service if backend is not None else None

    def refresh(self) -> None:
        """Redraw the cards from the order on the bench."""
        service = self._service()
        views = box_views(service.current if service is not None else None)
        if views != self.views or len(self.cards) != len(views):
            self.views = views
            for card in self.cards:
                self.strip.removeWidget(card)
                card.deleteLater()
            self.cards = [BoxCard(view, self.select) for view in self.views]
            self.columns = 0
            self.arrange()
        packing = bool(self.views)
        # no order being packed, no boxes: the panel gives its room to the label preview
        self.setVisible(packing)
        has_scale = service is not None and service.has_scale
        self.weigh_button.setEnabled(packing)
        self.move_button.setEnabled(packing)
        if packing and has_scale and not self.timer.isActive():
            self.timer.start()
        elif not (packing and has_scale):
            self.timer.stop()
            self.live_text = ""
        self._show_scale()
        pending = next((v for v in self.views if v.gate is not None), None)
        asking = pending is not None
        for widget in (self.gate_label, self.confirm_button, self.recheck_button):
            widget.setVisible(asking)
        for widget in (self.scale_label, self.weigh_button, self.move_button):
            widget.setVisible(not asking)
        if pending is not None and pending.gate is not None:
            self.gate_label.setText(gate_line(pending.number, pending.gate))

    def _show_scale(self) -> None:
        current = next((v for v in self.views if v.current), None)
        if current is None:
            self.scale_label.setText("")
            return
        expected = (
            kg(current.expected_g) if current.expected_g is not None else self.tr("not known")
        )
        service = self._service()
        if service is None or not service.has_scale:
            self.scale_label.setText(
                self.tr("Box {0} should weigh {1} (no scale)").format(current.number, expected)
            )
            return
        self.scale_label.setText(
            self.tr("Scale: {0} · box {1} should weigh {2}").format(
                self.live_text or "…", current.number, expected
            )
        )

    def arrange(self) -> None:
        """The cards in rows of as many as fit the area's width (at least one); the current
        box scrolled into view."""
        if not self.cards:
            return
        room = self.area.viewport().width()
        widest = max(card.minimumSizeHint().width() for card in self.cards)
        spacing = self.strip.horizontalSpacing()
        columns = max(1, (room + spacing) // (widest + spacing))
        if columns != self.columns:
            self.columns = columns
            for card in self.cards:
                self.strip.removeWidget(card)
            for index, card in enumerate(self.cards):
                self.strip.addWidget(card, index // columns, index % columns)
        current = next((c for c in self.cards if c.view.current), None)
        if current is not None:
            self.area.ensureWidgetVisible(current, 0, 0)

    # ------------------------------------------------------------------ the scale

    def _poll(self) -> None:
        service = self._service()
        if service is None or self._reading:
            return
        self._reading = True
        self.vm.runner.start(self._read(service), "read the scale")

    async def _read(self, service: PackingService) -> None:
        try:
            weight = await service.read_scale()
        except ScaleError as exc:
            self.live_text = describe(exc)
        else:
            if weight is None:
                self.live_text = ""
            else:
                text = kg(weight.whole_grams)
                self.live_text = text if weight.stable else self.tr("{0} (moving)").format(text)
        finally:
            self._reading = False
        self._show_scale()

    # ------------------------------------------------------------------ the packer's word

    def weigh(self) -> None:
        """Ctrl+G: weigh the current box on the scale (the gate's verdict follows)."""
        service = self._service()
        if service is None or not self.views:
            return
        self.vm.runner.start(self._weigh(service), "weigh the box")

    async def _weigh(self, service: PackingService) -> None:
        try:
            await service.weigh()
        except (ScaleError, LookupError, ValueError) as exc:
            self.live_text = describe(exc)
            self._show_scale()
            return
        self._redrawn()

    def select(self, number: int) -> None:
        """A card was clicked: that box takes the next scans."""
        service = self._service()
        if service is not None and self.views:
            self.vm.runner.start(self._decide(service.select_box(number)), "choose a box")

    def confirm(self) -> None:
        pending = next((v for v in self.views if v.gate is not None), None)
        service = self._service()
        if pending is not None and service is not None:
            self.vm.runner.start(self._decide(service.confirm_weight(pending.number)), "keep")

    def recheck(self) -> None:
        pending = next((v for v in self.views if v.gate is not None), None)
        service = self._service()
        if pending is not None and service is not None:
            self.vm.runner.start(self._decide(service.recheck_weight(pending.number)), "recheck")

    async def _decide(self, decision: Awaitable[object]) -> None:
        try:
            await decision
        except (LookupError, ValueError) as exc:
            log.info("the weight decision was not taken: %s", exc)
        self._redrawn()

    def _redrawn(self) -> None:
        self.vm.refresh_parcels()
        self.refresh()
