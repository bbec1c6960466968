"""Does a window fit? Clipped text and widgets outside the window, as a packer would see them.

``problems(top)`` walks the visible widgets of a top-level window (the station window or a
dialog) and reports, in plain words:

- a label or button whose text needs more room than it has (its ``sizeHint`` — for wrapped
  text ``heightForWidth`` at its width — against its geometry);
- a widget reaching outside the window;
- a table whose columns do not fit its viewport (a horizontal scrollbar) or whose header
  text is cut.

Widgets inside an item view or a combo box are left to their container. Widgets inside a
scroll area scroll up and down, so lying below its fold is no fault; but they are checked for
cut text and cut tables like any other, and a scroll area must not cut them at the side:

- content wider than the scroll area's viewport (cut where the sideways scrollbar is off,
  a sideways scrollbar where it is on), and any widget reaching past the viewport's left or
  right edge, are reported.
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
    QScrollArea,
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


def _in_item_view(widget: QWidget, top: QWidget) -> bool:
    """Part of an item view (its cells, header, scrollbars) or of a combo box's list."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, (QAbstractItemView, QComboBox)) or (
            isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QScrollArea)
        ):
            return True
        parent = parent.parentWidget()
    return False


def _scroll_area(widget: QWidget, top: QWidget) -> QScrollArea | None:
    """The innermost scroll area whose content ``widget`` is (None: not scrolled)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def _scroll_area_cut(area: QScrollArea) -> str:
    """Content wider than the viewport: cut at the side, or scrolled sideways."""
    inner = area.widget()
    if inner is None or not inner.isVisible():
        return ""
    room = area.viewport().width()
    if inner.width() <= room + SLACK:
        return ""
    how = (
        "a sideways scrollbar"
        if area.horizontalScrollBar().isVisible()
        else f"cut by {inner.width() - room}px at the side"
    )
    return f"content {inner.width()}px wide in a {room}px wide scroll area ({how})"


def _cut_at_the_side(widget: QWidget, area: QScrollArea) -> str:
    """``widget`` reaching past the left or right edge of its scroll area's viewport."""
    viewport = area.viewport()
    left = widget.mapTo(viewport, QPoint(0, 0)).x() + area.horizontalScrollBar().value()
    right = left + widget.width()
    if left < -SLACK or right > viewport.width() + SLACK:
        return (
            f"reaches {left}…{right}px across a {viewport.width()}px wide scroll area "
            f"({_name(area)}): cut at the side"
        )
    return ""


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
        if not widget.isVisible() or widget.isWindow() or _in_item_view(widget, top):
            continue
        area = _scroll_area(widget, top)
        if area is not None:  # below the fold is fine (it scrolls), cut at the side is not
            # (the area's own content widget: reported as the area's, its children by name)
            side = "" if widget is area.widget() else _cut_at_the_side(widget, area)
            if side and not any(o.isAncestorOf(widget) for o in outside):
                outside.append(widget)
                out.append(f"{_name(widget)} {side}")
        else:
            where = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
            if not window.contains(where) and not any(o.isAncestorOf(widget) for o in outside):
                outside.append(widget)  # the outermost only: its children go with it
                r = where
                out.append(
                    f"{_name(widget)} outside the window: ({r.x()}, {r.y()}) {r.width()}×"
                    f"{r.height()} in {window.width()}×{window.height()}"
                )
        if isinstance(widget, QScrollArea) and (cut := _scroll_area_cut(widget)):
            out.append(f"{_name(widget)}: {cut}")
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
