"""Moving units between the boxes of the order on the bench, before it is finished.

Ctrl+M (or the MOVE command barcode) opens ``MoveDialog``: one row per item in a box ("Box 2 ·
1 × Yoga mat"). The packer scans the item (its row is picked, the current box's first; the
same item scanned again picks its row in the next box) or picks it with the arrow keys, types
the box it goes to (a digit picks it at once; the next number opens a new box) and presses
Enter — gloves and a keyboard are enough. The view-model hands the move to ``carry_out``,
which asks the packing service (``move_units``: the journal records every move with the boxes
after it) and says how it went through the wording table.

A move that cannot be done is said in plain words before the service is asked: no order on
the bench, the order already finished, a box that does not exist or is empty, fewer units in
the box than asked, the same box. Emptying the last box puts it away (the service closes it);
emptying another box is allowed but said, as the order cannot be finished with an empty box.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QListWidget, QListWidgetItem, QSpinBox, QWidget

from packstation.domain.cycle import CycleStatus
from packstation.domain.packing import MAX_PARCELS
from packstation.ui.dialogs import ParcelsDialog, _BenchDialog
from packstation.ui.pack_wording import Say
from packstation.ui.service_words import described

if TYPE_CHECKING:  # types only: the window's first frame needs none of the services
    from packstation.services.packing import OrderSession, PackingService


@dataclass(frozen=True, slots=True)
class MoveRow:
    """Units of one SKU in one box, as the move dialog lists them."""

    box: int
    sku: str
    name: str
    quantity: int
    codes: tuple[str, ...]  # the barcodes that name the item (EAN, SKU, pack barcodes)
    current: bool  # in the box the next scans go into


@dataclass(frozen=True, slots=True)
class BoxMove:
    """The packer's move: ``quantity`` units of ``sku`` from box ``source`` to ``target``."""

    sku: str
    source: int
    target: int
    quantity: int = 1


# what the view-model says: (wording, headline values, detail values)
Said = tuple[Say, tuple[object, ...], tuple[object, ...]]


def move_rows(session: OrderSession | None) -> list[MoveRow]:
    """The items in the boxes of the order being packed, box by box (none: nothing to move)."""
    if session is None or session.status is not CycleStatus.PACKING:
        return []
    names: dict[str, str] = {}
    codes: dict[str, list[str]] = {}
    for line in session.order.lines:
        names.setdefault(line.sku, line.name or line.sku)
        known = codes.setdefault(line.sku, [line.sku])
        known += [c for c in (line.ean, *(p.barcode for p in line.packs)) if c]
    return [
        MoveRow(
            box.number,
            item.sku,
            names.get(item.sku, item.sku),
            item.quantity,
            tuple(codes.get(item.sku, [item.sku])),
            box.number == session.current_box,
        )
        for box in session.boxes
        for item in box.items
    ]


def refusal(session: OrderSession | None, move: BoxMove | None) -> Said | None:
    """Why ``move`` cannot be done on the order on the bench (None: it can be tried)."""
    if session is None:
        return (Say.NOT_PACKING, (), ())
    if session.status is not CycleStatus.PACKING:
        return (Say.MOVE_ORDER_DONE, (session.order_id,), ())
    if move is None:  # the window found nothing in any box
        return (Say.MOVE_BOX_EMPTY, (session.current_box,), ())
    numbers = [box.number for box in session.boxes]
    last = max(numbers)
    missing = move.source if move.source not in numbers else move.target
    if missing not in numbers and (missing == move.source or missing != last + 1):
        following = min(last + 1, MAX_PARCELS)
        return (Say.MOVE_NO_BOX, (missing,), (session.order_id, last, following))
    source = next(box for box in session.boxes if box.number == move.source)
    if source.empty:
        return (Say.MOVE_BOX_EMPTY, (move.source,), ())
    if move.target == move.source:
        return (Say.MOVE_SAME_BOX, (_name(session, move.sku), move.source), ())
    held = source.quantity(move.sku)
    if not 0 < move.quantity <= held:
        name = _name(session, move.sku)
        return (Say.MOVE_NOT_IN_BOX, (move.source, held, name), (f"{move.quantity} × {name}",))
    return None


def _name(session: OrderSession, sku: str) -> str:
    return next((line.name for line in session.order.lines if line.sku == sku and line.name), sku)


async def carry_out(service: PackingService, move: BoxMove | None) -> Said:
    """Move the units (the service journals it) and say how it went."""
    session = service.current
    refused = refusal(session, move)
    if refused is not None or move is None or session is None:
        return refused or (Say.NOT_PACKING, (), ())
    try:
        boxes = await service.move_units(move.sku, move.source, move.target, move.quantity)
    except (ValueError, LookupError) as exc:
        return (Say.MOVE_REFUSED, (), (described(exc),))  # worded by its type, never English
    name = _name(session, move.sku)
    head = (move.target, move.quantity, name)
    units = {box.number: box.units for box in boxes}
    if move.source not in units:
        return (Say.BOX_MOVED_CLOSED, head, (move.source, len(boxes)))
    if units[move.source] == 0:
        return (Say.BOX_MOVED_EMPTY, head, (move.source,))
    return (Say.BOX_MOVED, head, (move.source, units[move.source], move.target, units[move.target]))


class MoveDialog(_BenchDialog):
    """Which item goes into which box: scan it or pick it, type the box, Enter.

    Signals:
        move_asked(BoxMove): the packer's move (checked and done by the view-model).
    """

    move_asked = Signal(object)

    def __init__(self, rows: list[MoveRow], boxes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.boxes = boxes
        self.setWindowTitle(self.tr("Move to another box"))
        self.prompt.setText(
            self.tr(
                "Scan the item or pick it with the arrow keys, type the box it goes to, "
                "then press Enter."
            )
        )
        self.items = QListWidget()
        self.items.setStyleSheet(
            "QListWidget { font-size: 22px; } QListWidget::item { min-height: 44px; }"
        )
        for row in rows:
            text = self.tr("Box {0} · {1} × {2}").format(row.box, row.quantity, row.name)
            self.items.addItem(QListWidgetItem(f"{text}  ({row.sku})"))
        self.items.installEventFilter(self)
        self.layout_.addWidget(self.items, 1)
        form = QFormLayout()
        self.target = QSpinBox()
        self.target.setRange(1, min(boxes + 1, MAX_PARCELS))
        self.target.setStyleSheet(ParcelsDialog.SPIN_STYLE)
        self.quantity = QSpinBox()
        self.quantity.setStyleSheet(ParcelsDialog.SPIN_STYLE)
        form.addRow(self.tr("To box"), self.target)
        form.addRow(self.tr("Units"), self.quantity)
        self.layout_.addLayout(form)
        self.why = QLabel()
        self.why.setObjectName("WhyNotOk")
        self.why.setWordWrap(True)
        self.why.setStyleSheet("font-size: 18px; color: #3D4752;")
        self.layout_.addWidget(self.why)
        self.items.currentRowChanged.connect(self._picked)
        self.target.valueChanged.connect(self._explain)
        self.accepted.connect(self._emit)
        self.finish_layout()
        chain: list[QWidget] = [self.items, self.target, self.quantity]
        chain += [b for b in self.buttons.buttons() if b is not None]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        start = next((i for i, r in enumerate(rows) if r.current), 0)
        self.items.setCurrentRow(start)
        self.items.setFocus()

    def row(self) -> MoveRow | None:
        index = self.items.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def complete(self) -> bool:
        row = self.row()
        return row is not None and self.target.value() != row.box

    def _picked(self, _index: int) -> None:
        row = self.row()
        if row is None:
            return
        self.quantity.setRange(1, row.quantity)
        self.quantity.setValue(1)
        if self.target.value() == row.box:
            # another box: the current one if the item is not in it, else the next one
            current = next((r.box for r in self.rows if r.current), row.box)
            other = current if current != row.box else row.box % (self.boxes + 1) + 1
            self.target.setValue(min(other, self.target.maximum()))
        self._explain()

    def _explain(self) -> None:
        row = self.row()
        target = self.target.value()
        if row is not None and target == row.box:
            self.why.setText(self.tr("It is in box {0} already: type another box.").format(target))
        elif target > self.boxes:
            self.why.setText(self.tr("Box {0} is a new box.").format(target))
        else:
            self.why.setText("")
        self._update_ok()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the list, a digit picks the box it goes to (Up/Down still pick the item)."""
        if watched is self.items and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            text = event.text()
            if text.isdigit() and 1 <= int(text) <= self.target.maximum():
                self.target.setValue(int(text))
                return True
        return super().eventFilter(watched, event)

    def take_scan(self, code: str) -> bool:
        """A scan picks the item's row (in the current box first; scanned again, in its next
        box); a box number picks the box."""
        wanted = code.strip().casefold()
        matches = [i for i, r in enumerate(self.rows) if wanted in (c.casefold() for c in r.codes)]
        if matches:
            # the current box's first; the same item scanned again: its next box
            matches.sort(key=lambda i: not self.rows[i].current)
            at = self.items.currentRow()
            following = matches[(matches.index(at) + 1) % len(matches)] if at in matches else None
            self.items.setCurrentRow(matches[0] if following is None else following)
        elif wanted.isdigit() and 1 <= int(wanted) <= self.target.maximum():
            self.target.setValue(int(wanted))
        else:
            self.why.setText(self.tr("{0} is in none of the boxes.").format(code.strip()))
        return True

    def _emit(self) -> None:
        row = self.row()
        if row is not None:
            self.move_asked.emit(
                BoxMove(row.sku, row.box, self.target.value(), self.quantity.value())
            )


__all__ = ["BoxMove", "MoveDialog", "MoveRow", "carry_out", "move_rows", "refusal"]
