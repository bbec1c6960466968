"""The items table's box column: which box each unit of a line is in, the current box lit.

An order packed in one box shows no box column (one box costs the packer nothing). Once a
second box is open, every line shows a chip per box that holds some of its units — the box's
number, and how many units when the line is split over boxes ("1: 2", "3: 1") — and the chip
of the current box (the one the next scans go into) is filled in the highlight colour. The
chips wrap inside the cell, so the column stays narrow on a 1024-pixel bench screen.

``line_box_marks`` is pure (an ``OrderSession`` in, ``BoxMark`` rows out); ``BoxMarksDelegate``
draws them; ``marks_text`` is the same in words (the cell's text, for tests and tooltips).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from packstation.ui import theme
from packstation.ui.pack_views import BoxMark

if TYPE_CHECKING:  # types only: the window's first frame needs none of the services
    from packstation.services.packing import OrderSession

# the item data role that carries a cell's ``BoxMark`` tuple
MARKS_ROLE = Qt.ItemDataRole.UserRole + 1
# chips side by side in a cell before they wrap to the next row
CHIPS_PER_ROW = 3
_CHIP_FONT_PX = 19
_CHIP_HEIGHT = 28
_GAP = 4
_PAD = 8


def line_box_marks(session: OrderSession) -> list[tuple[BoxMark, ...]]:
    """Per order line, the boxes that hold its units (all empty while there is one box).

    Boxes hold SKUs; a SKU on several lines fills its lines in line order, box by box, each
    line up to the units ordered (as the customs declaration does).
    """
    lines = session.order.lines
    if len(session.boxes) <= 1:
        return [() for _ in lines]
    left = {box.number: box.counts() for box in session.boxes}
    marks: list[tuple[BoxMark, ...]] = []
    last_line = {line.sku: index for index, line in enumerate(lines)}
    for index, line in enumerate(lines):
        wanted = line.quantity
        row: list[BoxMark] = []
        for box in session.boxes:
            held: Counter[str] = left[box.number]
            take = held[line.sku] if last_line[line.sku] == index else min(wanted, held[line.sku])
            if take > 0:
                held[line.sku] -= take
                wanted -= take
                row.append(BoxMark(box.number, take, box.number == session.current_box))
        marks.append(tuple(row))
    return marks


def chip_text(marks: tuple[BoxMark, ...], mark: BoxMark) -> str:
    """A chip's text: the box number, with the units when the line is split over boxes."""
    return str(mark.number) if len(marks) == 1 else f"{mark.number}: {mark.quantity}"


def marks_text(marks: tuple[BoxMark, ...]) -> str:
    """The box column in words, e.g. "box 1: 2, box 3: 1 (current)"."""
    parts = []
    for mark in marks:
        text = QCoreApplication.translate("BoxColumn", "box {0}: {1}").format(
            mark.number, mark.quantity
        )
        if mark.current:
            text = QCoreApplication.translate("BoxColumn", "{0} (current)").format(text)
        parts.append(text)
    return ", ".join(parts)


def _chip_widths(marks: tuple[BoxMark, ...]) -> list[int]:
    metrics = QFontMetrics(theme.font(_CHIP_FONT_PX, bold=True))
    return [metrics.horizontalAdvance(chip_text(marks, m)) + 2 * _PAD for m in marks]


def chips_width(marks: tuple[BoxMark, ...]) -> int:
    """The width the widest row of chips needs (no more than ``CHIPS_PER_ROW`` a row)."""
    widths = _chip_widths(marks)
    rows = [widths[i : i + CHIPS_PER_ROW] for i in range(0, len(widths), CHIPS_PER_ROW)]
    return max((sum(r) + _GAP * (len(r) - 1) for r in rows), default=0) + 2 * _GAP


class BoxMarksDelegate(QStyledItemDelegate):
    """Draws a cell's ``BoxMark`` chips over the row's background."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item_option = QStyleOptionViewItem(option)
        self.initStyleOption(item_option, index)
        item_option.text = ""
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item_option, painter, widget)
        marks = index.data(MARKS_ROLE)
        if not marks:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(theme.font(_CHIP_FONT_PX, bold=True))
        cell: QRect = option.rect
        x, y = cell.left() + _GAP, cell.top() + _GAP
        for count, (mark, width) in enumerate(zip(marks, _chip_widths(marks), strict=True)):
            if count and (count % CHIPS_PER_ROW == 0 or x + width > cell.right()):
                x, y = cell.left() + _GAP, y + _CHIP_HEIGHT + _GAP
            chip = QRect(x, y, width, _CHIP_HEIGHT)
            if mark.current:
                painter.setPen(QPen(QColor(theme.HIGHLIGHT), 2))
                painter.setBrush(QColor(theme.HIGHLIGHT))
                text_colour = QColor("#FFFFFF")
            else:
                painter.setPen(QPen(QColor("#8A96A3"), 1))
                painter.setBrush(QColor("#FFFFFF"))
                text_colour = QColor("#1A1A1A")
            painter.drawRoundedRect(chip, 6, 6)
            painter.setPen(text_colour)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, chip_text(marks, mark))
            x += width + _GAP
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        marks = index.data(MARKS_ROLE) or ()
        rows = max(1, -(-len(marks) // CHIPS_PER_ROW))
        return QSize(chips_width(marks), rows * (_CHIP_HEIGHT + _GAP) + _GAP)
