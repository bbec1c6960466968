"""The pieces of the packing screen: order header, items, parcels, label preview, F-keys.

Layout and display only: each widget shows a view object from ``pack_views`` and holds no
state of its own beyond what is on screen. The banner and the station bar, which the window's
first frame shows, are in ``bench_frame``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packstation.ui import theme
from packstation.ui.box_column import MARKS_ROLE, BoxMarksDelegate, chips_width, marks_text
from packstation.ui.pack_views import (
    LineView,
    OrderHeaderView,
    ParcelView,
    PreviewView,
)


class FKeyButton(QPushButton):
    """An action button: its key on the first line, its caption below, wrapped onto as many
    lines as the width needs (``text()`` stays "F5\\nPrint held"), so nine of them fit a
    1024-pixel bench screen in any language.

    Its ``wraps`` property tells the layout test to measure the caption wrapped.
    """

    PAD = 2  # beyond the style sheet's padding: nine of them fit 1024 px in German too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("wraps", True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def _parts(self) -> tuple[str, str]:
        key, _, caption = self.text().partition("\n")
        return key, caption

    def _text_height(self, width: int) -> int:
        _key, caption = self._parts()
        metrics = self.fontMetrics()
        room = QRect(0, 0, max(1, width), 10_000)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        return metrics.height() + metrics.boundingRect(room, flags, caption).height()

    def _frame(self) -> QSize:
        """The style's margins (padding, border) around the text."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        size = self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, QSize(0, 0), self
        )
        return QSize(size.width() + 2 * self.PAD, size.height() + self.PAD)

    def minimumSizeHint(self) -> QSize:
        key, caption = self._parts()
        metrics = self.fontMetrics()
        words = [*caption.split(), key]
        widest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        frame = self._frame()
        return QSize(widest + frame.width(), self.heightForWidth(widest + frame.width()))

    def sizeHint(self) -> QSize:
        # as narrow as its longest word: the row shares its width out evenly from there
        width = self.minimumSizeHint().width()
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        frame = self._frame()
        return max(58, self._text_height(width - frame.width()) + frame.height())

    def text_room(self) -> QRect:
        """Where the key and caption are drawn (inside padding and border)."""
        frame = self._frame()
        return self.rect().adjusted(
            frame.width() // 2, frame.height() // 2, -(frame.width() // 2), -(frame.height() // 2)
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        key, caption = self._parts()
        room = self.text_room()
        metrics = self.fontMetrics()
        key_rect = QRect(room.x(), room.y(), room.width(), metrics.height())
        body = room.adjusted(0, metrics.height(), 0, 0)
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, QPalette.ColorRole.ButtonText))
        painter.drawText(key_rect, int(Qt.AlignmentFlag.AlignHCenter), key)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        painter.drawText(body, flags | int(Qt.TextFlag.TextWordWrap), caption)


class _Caption(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("HeaderCaption")
        self.setWordWrap(True)  # "PICK-UP POINT" wraps on a narrow screen


class _Value(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("HeaderValue")
        self.setWordWrap(True)  # a long name wraps instead of widening the window
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)


class OrderHeader(QFrame):
    """Order id and age, recipient, destination, carrier, PUDO point and the customs flag."""

    FIELDS = ("order", "recipient", "destination", "carrier", "pudo", "customs")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 6, 16, 6)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(2)
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for column, key in enumerate(self.FIELDS):
            caption, value = _Caption(), _Value()
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
            self.captions[key], self.values[key] = caption, value
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        self._view: OrderHeaderView | None = None
        self._retranslate()
        self.show_order(None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        titles = {
            "order": self.tr("Order"),
            "recipient": self.tr("Recipient"),
            "destination": self.tr("Destination"),
            "carrier": self.tr("Carrier"),
            "pudo": self.tr("Pick-up point"),
            "customs": self.tr("Customs"),
        }
        for key, caption in self.captions.items():
            caption.setText(titles[key].upper())

    def show_order(self, view: OrderHeaderView | None) -> None:
        self._view = view
        v = self.values
        if view is None:
            for label in v.values():
                label.setText("—")
                label.setStyleSheet("")
            return
        age_colour = "#B3261E" if view.late else "#4A5561"
        v["order"].setText(
            f"{view.order_id} <span style='font-size:16px; font-weight:normal; "
            f"color:{age_colour}'>· {view.age}</span>"
        )
        v["recipient"].setText(
            f"{view.recipient}<br><span style='font-size:16px; font-weight:normal'>"
            f"{view.city}</span>"
        )
        v["destination"].setText(f"{view.country_code} · {view.country_name}")
        v["carrier"].setText(f"{view.carrier} · {view.service}")
        v["pudo"].setText(view.pudo or self.tr("none"))
        if view.customs:
            v["customs"].setText(self.tr("needed"))
            v["customs"].setStyleSheet("color: #8A4B00;")
        else:
            v["customs"].setText(self.tr("no"))
            v["customs"].setStyleSheet("")


class ItemsTable(QTableWidget):
    """One row per order line: picture, name, SKU/EAN, ordered, scanned, state, and — once
    the order is in more than one box — the boxes its units are in (``box_column``)."""

    IMAGE_PX = 72
    #: the pictures on a short screen (1024×768: ``set_compact``), so more rows are in view
    COMPACT_IMAGE_PX = 48
    BOX_COLUMN = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 7, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.IMAGE_PX + 12)
        self.setIconSize(QSize(self.IMAGE_PX, self.IMAGE_PX))
        self.setShowGrid(False)
        header = self.horizontalHeader()
        # sized once per order (resizeColumnsToContents), not on every changed cell
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.ResizeToContents)  # "complete"
        header.setSectionResizeMode(self.BOX_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(self.IMAGE_PX + 12)
        # the state's text grows as the lines are packed ("open" → "✓ complete"): the other
        # columns give way again rather than the table scrolling sideways
        header.sectionResized.connect(
            lambda column, _old, _new: self._give_way() if column == 5 else None
        )
        self.box_marks = BoxMarksDelegate(self)
        self.setItemDelegateForColumn(self.BOX_COLUMN, self.box_marks)
        self.setColumnHidden(self.BOX_COLUMN, True)  # one box: no box column
        self.rows: list[LineView] = []
        self.highlighted = -1
        self._images: dict[str, QIcon] = {}  # an icon: drawn at the table's icon size
        self._rows_fit_text = False  # rows as tall as a picture (``_fit_rows``)
        self._retranslate()

    #: Columns that give way when the table is narrow, first to last: SKU/EAN, then the
    #: picture. The name wraps; the counts and the state are never hidden.
    COLLAPSE_FIRST = (2, 0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._give_way()

    def set_compact(self, compact: bool) -> None:
        """Smaller pictures (and rows) on a short screen, the full size on a tall one."""
        px = self.COMPACT_IMAGE_PX if compact else self.IMAGE_PX
        if self.iconSize().height() == px:
            return
        self.setIconSize(QSize(px, px))
        self.verticalHeader().setDefaultSectionSize(px + 12)
        self.horizontalHeader().setMinimumSectionSize(px + 12)
        for r in range(self.rowCount()):  # the names in their type for this size
            cell = self.item(r, 1)
            if cell is not None:
                cell.setFont(theme.font(self._name_px(), bold=r == self.highlighted))
        self._give_way()  # and the rows fitted again

    def _name_px(self) -> int:
        """The item names' type: a size smaller with the small pictures (a short screen), so a
        name takes two lines beside its picture."""
        return (
            theme.TABLE_PX - 2 if self.iconSize().height() < self.IMAGE_PX else theme.TABLE_PX + 2
        )

    def _give_way(self) -> None:
        """Hide the columns that matter least until the rest fits without scrolling."""
        header = self.horizontalHeader()
        for column in self.COLLAPSE_FIRST:
            self.setColumnHidden(column, False)
        room = self.viewport().width()
        name_min = 140  # the name column (stretched) keeps at least this
        for column in self.COLLAPSE_FIRST:
            needed = name_min + sum(
                header.sectionSize(c)
                for c in range(self.columnCount())
                if c != 1 and not header.isSectionHidden(c)
            )
            if needed <= room:
                break
            self.setColumnHidden(column, True)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as a full-size picture on a tall screen; on a short one or without
        the pictures (a narrow table) as tall as their content (a small picture, the name
        wrapped at the column's width, never cut), so more of the order is in view."""
        fit_text = self.isColumnHidden(0) or self.iconSize().height() < self.IMAGE_PX
        if fit_text == self._rows_fit_text:
            return
        self._rows_fit_text = fit_text
        rows = self.verticalHeader()
        if fit_text:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        else:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            for r in range(self.rowCount()):
                self.setRowHeight(r, rows.defaultSectionSize())

    def _retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("Picture"),
                self.tr("Item"),
                self.tr("SKU / EAN"),
                self.tr("Ordered"),
                self.tr("Scanned"),
                self.tr("State"),
                self.tr("Box"),
            ]
        )

    def show_lines(self, rows: list[LineView], highlighted: int) -> None:
        """Show the lines; a new order rebuilds the table, a scan only touches changed rows."""
        same_order = [r.sku for r in rows] == [r.sku for r in self.rows] and bool(rows)
        before, before_highlight = self.rows, self.highlighted
        self.rows, self.highlighted = rows, highlighted
        if not same_order:
            self._images = {}  # another order: its pictures come from the view-model
            self.setUpdatesEnabled(False)
            try:
                self.setRowCount(0)
                self.setRowCount(len(rows))
                for r, line in enumerate(rows):
                    self._fill(r, line, r == highlighted, create=True)
                for column in (0, 2, 3, 4):  # the name takes the rest, the state fits itself
                    self.setColumnHidden(column, False)
                    self.resizeColumnToContents(column)
                self._give_way()
            finally:
                self.setUpdatesEnabled(True)
        else:
            for r, line in enumerate(rows):
                lit = r == highlighted
                if line != before[r] or lit != (r == before_highlight):
                    self._fill(r, line, lit, create=False)
        self._show_box_column(rows)
        if 0 <= highlighted < len(rows):
            item = self.item(highlighted, 1)
            if item is not None:
                self.scrollToItem(item)

    def _show_box_column(self, rows: list[LineView]) -> None:
        """The box column while the order is in more than one box, as wide as its chips."""
        boxed = any(line.boxes for line in rows)
        if boxed:
            header = self.horizontalHeader()
            title = header.fontMetrics().horizontalAdvance(self.tr("Box")) + 16
            width = max(title, *(chips_width(line.boxes) for line in rows))
            header.resizeSection(self.BOX_COLUMN, max(width, header.minimumSectionSize()))
        if boxed == self.isColumnHidden(self.BOX_COLUMN):
            self.setColumnHidden(self.BOX_COLUMN, not boxed)
            self._give_way()

    def _fill(self, r: int, line: LineView, lit: bool, *, create: bool) -> None:
        state = line.state
        background, foreground = theme.LINE_COLOURS[state]
        if lit:
            background = "#D6E8FF"
        texts = [
            "",
            line.name,
            f"{line.sku}\n{line.ean}" if line.ean else line.sku,
            str(line.ordered),
            str(line.scanned),
            {"done": "✓ ", "not_verified": "⚠ "}.get(state, "") + line.state_text,
            marks_text(line.boxes),
        ]
        for c, text in enumerate(texts):
            cell = None if create else self.item(r, c)
            if cell is None:
                cell = QTableWidgetItem()
                if c in (3, 4):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    cell.setFont(theme.font(30, bold=True))
                elif c == 2:
                    cell.setFont(theme.font(15, mono=True))
                elif c == 0 and line.sku in self._images:
                    cell.setData(Qt.ItemDataRole.DecorationRole, self._images[line.sku])
                self.setItem(r, c, cell)
            if c == 1:
                cell.setFont(theme.font(self._name_px(), bold=lit))
            elif c == self.BOX_COLUMN:
                cell.setData(MARKS_ROLE, line.boxes)
                cell.setToolTip(text)
            cell.setText(text)
            cell.setBackground(QColor(background))
            cell.setForeground(QColor(foreground))

    def set_image(self, sku: str, image: QImage) -> None:
        self._images[sku] = QIcon(QPixmap.fromImage(image))
        for r, line in enumerate(self.rows):
            if line.sku == sku:
                item = self.item(r, 0)
                if item is not None:
                    item.setData(Qt.ItemDataRole.DecorationRole, self._images[sku])


class Panel(QFrame):
    """A white card with a small title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 8, 12, 10)
        self.title = QLabel()
        self.title.setObjectName("PanelTitle")
        self.title.setWordWrap(True)  # a long (German) title wraps, never widens the window
        self.body.addWidget(self.title)


class _ParcelsTable(QTableWidget):
    """Every parcel in view, as narrow as its columns allow and never narrower.

    It sits in the side panels' scroll area (``pack_window._UpAndDown``), which scrolls up
    and down and takes its width from this: so the table is as tall as its rows (no
    scrollbar of its own: twelve parcels are all there, the side panels scroll) and its least
    width keeps the number, weight and tracking code whole while the label's state wraps at
    its words. Nothing is cut at the side, no sideways scrollbar (issue 17, 1024×768).
    """

    EMPTY_HEIGHT = 70

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _height(self) -> int:
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().sizeHint().height()
        return max(self.EMPTY_HEIGHT, height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        header = self.horizontalHeader()
        last = self.columnCount() - 1
        width = sum(max(header.sectionSizeHint(c), self.sizeHintForColumn(c)) for c in range(last))
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        words = [
            word
            for r in range(self.rowCount())
            if (item := self.item(r, last)) is not None
            for word in item.text().split()
        ]
        metrics = self.fontMetrics()
        width += max(
            [header.sectionSizeHint(last), *(metrics.horizontalAdvance(w) + margin for w in words)]
        )
        return QSize(width + 2 * self.frameWidth(), self._height())


class ParcelsPanel(Panel):
    """Parcels of the order: number, weight, tracking code and label status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _ParcelsTable(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the label's state takes the rest (a stretched last section would keep 100 px at least)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setStyleSheet(f"font-size: {theme.BAR_PX}px;")
        self.body.addWidget(self.table)
        self.rows: list[ParcelView] = []
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.title.setText(self.tr("PARCELS (F3 change, F4 one more)"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Parcel"), self.tr("Weight"), self.tr("Tracking code"), self.tr("Label")]
        )
        self.table.updateGeometry()

    def show_parcels(self, rows: list[ParcelView]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, parcel in enumerate(rows):
            values = [
                f"{parcel.number}/{parcel.count}",
                parcel.weight,
                parcel.tracking_code,
                parcel.status,
            ]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeRowsToContents()  # a long label state wraps onto a second line
        self.table.updateGeometry()  # its least width may have changed


class LabelPreviewPanel(Panel):
    """The last label: the rendered PDF page, or the ZPL source with its check results.

    A rendered label is as wide as the panel and as tall as its aspect ratio makes it, but no
    taller than the view it is shown in (``set_room_height``: the side panels' view, which
    ``pack_window`` scrolls to this panel once printed) while it stays readable: on a
    1920×1080 screen the whole label is in view, barcode and all. Where the whole label would
    be narrower than ``READABLE_PX`` (a short screen, 1024×768) it keeps the panel's width, its
    top in view, and the side panels scroll to the rest.
    """

    # the picture's least size (an empty or ZPL preview; the panel's width before layout)
    IMAGE_MIN = QSize(120, 100)
    # the narrowest a label is shown whole (below it, as wide as the panel; it scrolls)
    READABLE_PX = 300

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.body.addWidget(self.caption)
        self.stack = QStackedWidget()
        self.image = QLabel()
        self.image.setObjectName("LabelPicture")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(self.IMAGE_MIN)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.source = QPlainTextEdit()
        self.source.setReadOnly(True)
        self.source.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.source.setFont(theme.font(12, mono=True))
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #6B7580;")
        self.empty.setWordWrap(True)
        for widget in (self.empty, self.image, self.source):
            self.stack.addWidget(widget)
        self.body.addWidget(self.stack, 1)
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(self.checks)
        self.view: PreviewView | None = None
        self._pixmap: QPixmap | None = None
        self.room_height = 0  # the view's height the whole panel must fit in (0: no limit)
        self._retranslate()
        self.show_preview(None)

    def set_room_height(self, height: int) -> None:
        """The height of the view this panel is shown in: the label fits in it whole."""
        if height != self.room_height:
            self.room_height = height
            self._scale()

    def _chrome_height(self, width: int) -> int:
        """The panel's height without its picture: margins, title, caption, checks."""
        margins = self.body.contentsMargins()
        height = margins.top() + margins.bottom()
        for label in (self.title, self.caption, self.checks):
            if label.text():
                height += label.heightForWidth(width) + self.body.spacing()
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.title.setText(self.tr("LAST LABEL"))
        self.empty.setText(self.tr("The label appears here once it is printed."))

    def show_preview(self, view: PreviewView | None) -> None:
        self.view = view
        self._pixmap = None
        self.image.clear()
        self._scale()  # back to its least size
        if view is None:
            self.caption.setText("")
            self.checks.setText("")
            self.stack.setCurrentWidget(self.empty)
            return
        self.caption.setText(view.title)
        if view.image is not None:
            self._pixmap = QPixmap.fromImage(view.image)
            self.stack.setCurrentWidget(self.image)
            self._scale()
        else:
            self.source.setPlainText(view.source)
            self.stack.setCurrentWidget(self.source)
        lines = []
        for fine, text in view.checks:
            mark = (
                "<span style='color:#1B7A3A'>✓</span>"
                if fine
                else ("<span style='color:#B3261E'>✗</span>")
            )
            lines.append(f"{mark} {_escape(text)}")
        self.checks.setText("<br>".join(lines))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        """The label as wide as the panel's inside, as tall as its aspect ratio asks."""
        if self._pixmap is None or self._pixmap.isNull():
            self.image.setMinimumSize(self.IMAGE_MIN)
            self.image.setMaximumHeight(_NO_LIMIT)
            return
        margins = self.body.contentsMargins()
        width = max(self.IMAGE_MIN.width(), self.width() - margins.left() - margins.right())
        height = round(width * self._pixmap.height() / self._pixmap.width())
        if self.room_height:  # whole in the view: no taller than it leaves the picture
            room = self.room_height - self._chrome_height(width)
            whole = round(room * self._pixmap.width() / self._pixmap.height())
            if room < height and whole >= self.READABLE_PX:
                height, width = room, whole
        if self.image.height() != height or self.image.minimumHeight() != height:
            self.image.setFixedHeight(height)  # the panel grows; the side panels scroll
        shown = self.image.pixmap()
        if shown is None or shown.isNull() or shown.width() != width:
            self.image.setPixmap(
                self._pixmap.scaled(
                    QSize(width, height),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )


#: no most height (Qt's QWIDGETSIZE_MAX)
_NO_LIMIT = 16777215


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
