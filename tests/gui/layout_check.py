"""Does a window fit? Clipped text and widgets outside the window, as a packer would see them.

``problems(top)`` walks the visible widgets of a top-level window (the station window or a
dialog) and reports, in plain words:

- a label or button whose text needs more room than it has (its ``sizeHint`` — for wrapped
  text ``heightForWidth`` at its width — against its geometry);
- a widget reaching outside the window;
- a table whose columns do not fit its viewport (a horizontal scrollbar) or whose header
  text is cut.

Widgets inside a scroll area's viewport or an item view are left to their container (they
scroll, they are not cut); the container itself is checked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QWidget,
)

#: Pixels of slack before text counts as cut (anti-aliasing, rounding of style sheets).
SLACK = 2


def _name(widget: QWidget) -> str:
    label = widget.objectName() or type(widget).__name__
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text().replace("\n", "⏎")[:50]
    return f"{label} {text!r}" if text else label


def _scrolled(widget: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport or an item view (its content scrolls)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, (QAbstractScrollArea, QComboBox)):
            return True
        parent = parent.parentWidget()
    return False


def _label_cut(label: QLabel) -> str:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return ""
    size = label.size()
    if label.wordWrap():
        need = label.heightForWidth(size.width())
        if need > size.height() + SLACK:
            return f"needs {need}px high at {size.width()}px, has {size.height()}"
        return ""
    hint = label.sizeHint()
    if hint.width() > size.width() + SLACK or hint.height() > size.height() + SLACK:
        return f"needs {hint.width()}×{hint.height()}, has {size.width()}×{size.height()}"
    return ""


def _button_cut(button: QAbstractButton) -> str:
    if not button.text():
        return ""
    if button.property("wraps"):  # the caption wraps (FKeyButton): measured wrapped
        need_h = button.heightForWidth(button.width())
        need_w = button.minimumSizeHint().width()
        if need_h > button.height() + SLACK or need_w > button.width() + SLACK:
            return f"needs {need_w}×{need_h}, has {button.width()}×{button.height()}"
        return ""
    metrics = button.fontMetrics()
    lines = button.text().split("\n")
    need_w = max(metrics.horizontalAdvance(line) for line in lines)
    need_h = metrics.height() * len(lines)
    room = button.contentsRect()
    if need_w > room.width() + SLACK or need_h > room.height() + SLACK:
        return f"text needs {need_w}×{need_h}, has {room.width()}×{room.height()}"
    return ""


def _table_cut(table: QTableWidget) -> list[str]:
    out = []
    if table.horizontalScrollBar().isVisible():
        out.append("columns wider than the table (a horizontal scrollbar)")
    header: QHeaderView = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(table.columnCount()):
        if header.isSectionHidden(column):
            continue
        item = table.horizontalHeaderItem(column)
        text = item.text() if item is not None else ""
        if text and metrics.horizontalAdvance(text) + 8 > header.sectionSize(column) + SLACK:
            out.append(f"header {text!r} cut ({header.sectionSize(column)}px)")
    return out


def problems(top: QWidget, screen: QSize | None = None) -> list[str]:
    """What does not fit in ``top`` (empty: everything fits; laid out and drawn already).

    ``screen``: the size the window must fit (a window that made itself larger than the bench
    screen is reported, and what lies beyond the screen is outside).
    """
    out: list[str] = []
    window = top.rect()
    if screen is not None:
        if top.width() > screen.width() or top.height() > screen.height():
            out.append(
                f"{_name(top)} is {top.width()}×{top.height()}, larger than the screen "
                f"({screen.width()}×{screen.height()}): its minimum size"
            )
        window = window.intersected(QRect(QPoint(0, 0), screen))
    outside: list[QWidget] = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or _scrolled(widget, top):
            continue
        where = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        if not window.contains(where) and not any(o.isAncestorOf(widget) for o in outside):
            outside.append(widget)  # the outermost only: its children go with it
            r = where
            out.append(
                f"{_name(widget)} outside the window: ({r.x()}, {r.y()}) {r.width()}×"
                f"{r.height()} in {window.width()}×{window.height()}"
            )
        if isinstance(widget, QLabel):
            cut = _label_cut(widget)
        elif isinstance(widget, QAbstractButton):
            cut = _button_cut(widget)
        else:
            cut = ""
        if cut:
            out.append(f"{_name(widget)} cut: {cut}")
        if isinstance(widget, QTableWidget) and widget.rowCount():
            out.extend(f"{_name(widget)}: {p}" for p in _table_cut(widget))
        if isinstance(widget, QAbstractItemView):
            continue
    return out


def save_screenshot(top: QWidget, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    top.grab().save(str(path))
    return path
