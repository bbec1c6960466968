"""The pick-up point of the order on the bench: a strip under the packing screen's order header.

``PickupPointViewModel`` follows the order on the bench (the packing view-model's
``order_changed``) and asks ``PudoService.describe_pickup_point`` where the parcel goes: the
point chosen at the station, else the order's own ``pudo_id``, with its name, address, opening
hours today and closure warnings. ``PickupPointStrip`` shows it, and hides for door delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from packstation.domain.orders import MerchantOrder
from packstation.domain.pudo import CHOSEN_AT_STATION, PickupPointView
from packstation.ui.pudo_texts import closed_reason
from packstation.ui.service_notes import notes_lines
from packstation.ui.tasks import TaskRunner
from packstation.ui.workflow_parts import escape

log = logging.getLogger(__name__)

Describe = Callable[[MerchantOrder], Awaitable[PickupPointView | None]]


@dataclass(frozen=True, slots=True)
class PickupStripView:
    """The pick-up point as the strip shows it."""

    order_id: str
    name: str
    location: str  # "020145 · mondialrelay"
    address: str
    hours_today: str
    open_today: bool | None
    chosen_here: bool
    cautions: tuple[str, ...]  # worded (ui/service_notes.py)


class PickupPointViewModel(QObject):
    """Where the order on the bench goes when it goes to a pick-up point.

    Signals:
        point_changed(object): ``PickupStripView``, or None (door delivery, no order).
    """

    point_changed = Signal(object)

    def __init__(
        self,
        describe: Describe,
        bench_order: Callable[[], MerchantOrder | None],
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._describe = describe
        self._bench_order = bench_order
        self.runner = runner
        self._order_id = ""
        self.view: PickupStripView | None = None

    def on_order_changed(self, header: object) -> None:
        """The packing screen's order changed (an ``OrderHeaderView`` or None)."""
        order_id = str(getattr(header, "order_id", "") or "")
        if order_id == self._order_id:
            return
        self._order_id = order_id
        self.refresh()

    def on_point_chosen(self, order_id: str) -> None:
        """A point was chosen (or dropped) for ``order_id`` in PUDO mode."""
        if order_id == self._order_id:
            self.refresh()

    def refresh(self) -> None:
        order = self._bench_order()
        if not self._order_id or order is None or order.order_id != self._order_id:
            self._show(None)
            return
        self.runner.start(self._load(order), name="pick-up point")

    async def _load(self, order: MerchantOrder) -> None:
        view = await self._describe(order)
        if order.order_id != self._order_id:
            return  # another order came to the bench meanwhile
        if view is None:
            self._show(None)
            return
        today = view.today
        location = view.location
        hours = ""
        if today is not None and location is not None:
            if today.open_today:
                hours = self.tr("open today {0}").format(today.hours)
            else:  # "closed on Sundays", "temporarily closed until 27.12.2026"
                hours = closed_reason(location, today)
        self._show(
            PickupStripView(
                order_id=order.order_id,
                name=view.name or view.location_id,
                location=" · ".join(p for p in (view.location_id, view.carrier) if p),
                address=", ".join(view.address),
                hours_today=hours,
                open_today=view.open_today,
                chosen_here=view.source == CHOSEN_AT_STATION,
                cautions=notes_lines(view.warnings),  # closures and 7S trouble, by kind
            )
        )

    def _show(self, view: PickupStripView | None) -> None:
        self.view = view
        self.point_changed.emit(view)


class PickupPointStrip(QFrame):
    """A slim panel: the pick-up point's name, address, hours today and warnings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.setSpacing(18)
        self.caption = QLabel()
        self.caption.setObjectName("HeaderCaption")
        layout.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignTop)
        body = QVBoxLayout()
        body.setSpacing(0)
        self.line = QLabel()
        self.line.setTextFormat(Qt.TextFormat.RichText)
        self.line.setWordWrap(True)
        self.line.setStyleSheet("font-size: 18px;")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("font-size: 17px; font-weight: bold; color: #B3261E;")
        body.addWidget(self.line)
        body.addWidget(self.warning)
        layout.addLayout(body, 1)
        self.view: PickupStripView | None = None
        self._retranslate()
        self.show_point(None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.caption.setText(self.tr("PICK-UP POINT"))
        if self.view is not None:
            self.show_point(self.view)

    def show_point(self, view: PickupStripView | None) -> None:
        self.view = view
        if view is None:
            self.hide()
            return
        colour = "#1B7A3A" if view.open_today else "#B3261E"
        source = self.tr("chosen at this station") if view.chosen_here else self.tr("from the shop")
        self.line.setText(
            f"<b style='font-size:21px'>{escape(view.name)}</b> "
            f"<span style='color:#4A5561'>({escape(view.location)} · {escape(source)})</span>"
            f"<br>{escape(view.address)}"
            + (
                f" · <b style='color:{colour}'>{escape(view.hours_today)}</b>"
                if view.hours_today
                else ""
            )
        )
        self.warning.setText("\n".join("⚠ " + w for w in view.cautions))
        self.warning.setVisible(bool(view.cautions))
        self.show()
