"""What the window's first frame shows: the status banner and the station bar.

The station window opens with these before anything else is loaded (issue 17, "ready in a
blink": ``composition/bench/shell.py``), so this module imports Qt and the theme only: no
view objects of the packing screen (``pack_views``), no domain. ``Banner`` is the banner's
view object; the packing screen's other pieces are in ``pack_widgets``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from packstation.ui import theme
from packstation.ui.theme import Tone

if TYPE_CHECKING:
    from packstation.ui.pack_views import StationView


@dataclass(frozen=True, slots=True)
class Banner:
    """The big line at the top: the next action, in the tone's colour."""

    tone: Tone
    headline: str
    detail: str = ""
    image: QImage | None = None  # the product a wrong-item banner is about, when known


class StatusBanner(QFrame):
    """The next action in very large type, on the tone's colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusBanner")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 10, 24, 10)
        row.setSpacing(16)
        self.picture = QLabel()  # the product a wrong-item banner is about, when known
        self.picture.setObjectName("BannerPicture")
        self.picture.setFixedSize(96, 96)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.hide()
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout()
        layout.setSpacing(4)
        row.addLayout(layout, 1)
        self.headline = QLabel()
        self.headline.setObjectName("BannerHeadline")
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("BannerDetail")
        self.detail.setWordWrap(True)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        self.tone = Tone.WORKING
        self.headline_px = theme.BANNER_HEADLINE_PX
        self.compact = False
        self.show_banner(Banner(Tone.WORKING, ""))

    #: the headline's most lines, and the smallest type it is made to fit them
    HEADLINE_LINES = 2
    HEADLINE_MIN_PX = 30
    #: a compact banner (a short screen: 1024×768): the headline's and detail's type, margins
    COMPACT_HEADLINE_PX = 38
    COMPACT_DETAIL_PX = 18
    COMPACT_MARGIN = 4

    def set_compact(self, compact: bool) -> None:
        """Smaller type and margins on a short screen, so the items table has more rows."""
        if compact == self.compact:
            return
        self.compact = compact
        margin = self.COMPACT_MARGIN if compact else 10
        row = self.layout()
        if row is not None:
            row.setContentsMargins(24, margin, 24, margin)
        self.headline_px = self.COMPACT_HEADLINE_PX if compact else theme.BANNER_HEADLINE_PX
        self._colour(self.tone)
        self._fit_headline()  # a size smaller again, if the headline needs it

    def show_banner(self, banner: Banner) -> None:
        if banner.tone is not self.tone or not self.styleSheet():
            self._colour(banner.tone)
        self.tone = banner.tone
        self.headline.setText(banner.headline)
        self.detail.setText(banner.detail)
        self.detail.setVisible(bool(banner.detail))
        if banner.image is not None and not banner.image.isNull():
            self.picture.setPixmap(QPixmap.fromImage(banner.image))
            self.picture.show()
        else:
            self.picture.clear()
            self.picture.hide()
        self.setAccessibleName(banner.headline)
        self.setAccessibleDescription(banner.detail)
        self._fit_headline()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_headline()

    def _fit_headline(self) -> None:
        """The headline in its full size when it fits two lines, else a size smaller (down to
        ``HEADLINE_MIN_PX``): a long one on a 1024-pixel screen (a German wrong item, named)
        is never cut off at the banner's edge."""
        # the headline's width as the banner's row will give it (the row may not be laid
        # out again yet: a picture just shown or hidden)
        row = self.layout()
        margins = row.contentsMargins() if row is not None else None
        width = self.width() - (margins.left() + margins.right() if margins is not None else 0)
        if not self.picture.isHidden():
            width -= self.picture.width() + (row.spacing() if row is not None else 0)
        text = self.headline.text()
        if width <= 0 or not text:
            return
        px = self.COMPACT_HEADLINE_PX if self.compact else theme.BANNER_HEADLINE_PX
        while px > self.HEADLINE_MIN_PX:
            font = QFont(self.headline.font())
            font.setPixelSize(px)
            font.setBold(True)
            metrics = QFontMetrics(font)
            room = QRect(0, 0, width, 100 * metrics.lineSpacing())
            need = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text).height()
            if need <= self.HEADLINE_LINES * metrics.lineSpacing():
                break
            px -= 4
        if px != self.headline_px:
            self.headline_px = px
            self._colour(self.tone)

    def _colour(self, tone: Tone) -> None:
        """A new style sheet re-polishes the banner: only when the tone (or the headline's
        size) changes."""
        background, text = theme.TONE_COLOURS[tone]
        self.setStyleSheet(
            f"QFrame#StatusBanner {{ background: {background}; border-radius: 10px; }}"
            f"QFrame#StatusBanner QLabel {{ color: {text}; background: transparent; }}"
            f"QLabel#BannerHeadline {{ font-size: {self.headline_px}px; "
            "font-weight: bold; }"
            f"QLabel#BannerDetail {{ font-size: {self._detail_px()}px; }}"
        )

    def _detail_px(self) -> int:
        return self.COMPACT_DETAIL_PX if self.compact else theme.BANNER_DETAIL_PX

    def text(self) -> str:
        return f"{self.headline.text()}\n{self.detail.text()}"


class _Figure(QLabel):
    """A figure of the station bar: it asks for its width on one line (``natural``) and wraps
    only when its line gives it less."""

    natural = 0

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return (
            QSize(max(self.natural, self.minimumWidth()), hint.height()) if self.natural else hint
        )


class StationBar(QWidget):
    """7S connection, printer, outbox, held labels, packer, shift figures: two lines.

    The first line is what the packer acts on (7S reachable, the printer ready, nothing stuck
    in the outbox, labels held); the second who packs and how much. Each figure says its
    state in a few words; the details (the 7S environment, the printer's address, the
    station's name, the shift's figures in a sentence) are its tooltip. A line whose figures
    need more room than the window has lets its last ones wrap (a fault in many words), so the
    bar never widens the window.
    """

    #: the figures of each line, the one the packer must act on first
    LINES: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("environment", "printer", "outbox", "held"),
        ("packer", "shift", "warehouse"),
    )
    SPACING = 24
    #: a figure that must give way keeps at least this width (it wraps)
    NARROWEST_PX = 110
    #: the room of a line on the narrowest screen (1024 pixels less the bar's margins): what
    #: the figures may claim at least, so the window never has to be wider (on a wider
    #: screen they take their whole width and none wraps)
    ROOM_PX = 1024 - 32

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StationBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # the figures in two lines; other modes add their own items (a reminder, …) after
        # them with add_item, so the bar's layout is a row ending in a stretch
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 4, 16, 4)
        row.setSpacing(self.SPACING)
        figures = QWidget()
        lines = QVBoxLayout(figures)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.setSpacing(2)
        # the other modes' items (a passed pick-up's reminder): a line of their own above the
        # figures, as wide as the bar, only while one shows
        self._items = QHBoxLayout()
        self._items.setContentsMargins(0, 0, 0, 0)
        self._items.setSpacing(self.SPACING)
        lines.addLayout(self._items)
        self.labels: dict[str, QLabel] = {}
        self._lines: list[QHBoxLayout] = []
        self._order: list[list[QWidget]] = []
        for keys in self.LINES:
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(self.SPACING)
            order: list[QWidget] = []
            for key in keys:
                label = _Figure()
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setWordWrap(True)  # only when the line has no room (``fit``)
                self.labels[key] = label
                line.addWidget(label)
                order.append(label)
            line.addStretch(1)
            lines.addLayout(line)
            self._lines.append(line)
            self._order.append(order)
        self.labels["warehouse"].setVisible(False)  # only with a warehouse store
        row.addWidget(figures, 1)
        row.addStretch(0)
        self._figures = figures
        self.view: StationView | None = None

    def add_badge(self, widget: QWidget) -> None:
        """Show a badge of the window (sound off) at the end of the second line."""
        line = self._lines[-1]
        line.insertWidget(line.count() - 1, widget)
        self._order[-1].append(widget)
        self.fit()

    def add_item(self, widget: QWidget) -> None:
        """Show ``widget`` (another mode's: a reminder) in the bar, on a line above the
        figures: it never takes their room or widens the window (a long one wraps)."""
        if isinstance(widget, QLabel):
            widget.setWordWrap(True)
        self._items.addWidget(widget, 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.view is not None:
            self.show_station(self.view)
        super().changeEvent(event)

    def fit(self) -> None:
        """Each figure on one line at its natural width while its line fits ``ROOM_PX``; else
        the line's last figures give way first (they may wrap), down to ``NARROWEST_PX``."""
        room = self.ROOM_PX
        for order in self._order:
            shown = [w for w in order if not w.isHidden()]
            natural = []
            for widget in shown:
                if isinstance(widget, _Figure):
                    widget.natural = 0
                    widget.setWordWrap(False)
                    widget.natural = widget.sizeHint().width()
                    widget.setWordWrap(True)
                natural.append(widget.sizeHint().width())
            widths = list(natural)
            excess = sum(widths) + self.SPACING * max(0, len(widths) - 1) - room
            for n in reversed(range(len(widths))):
                if excess <= 0:
                    break
                if not isinstance(shown[n], _Figure):  # a badge keeps its words whole
                    continue
                cut = min(excess, max(0, widths[n] - self.NARROWEST_PX))
                widths[n] -= cut
                excess -= cut
            for widget, width in zip(shown, widths, strict=True):
                widget.setMinimumWidth(width)
                widget.updateGeometry()

    def show_station(self, view: StationView) -> None:
        self.view = view
        dot = {True: "#3DDC84", False: "#FF6B5E", None: "#9AA5B1"}
        printer, outbox, held = self.tr("Printer"), self.tr("Outbox"), self.tr("Held labels")
        packer, orders = self.tr("Packer"), self.tr("Orders")
        warehouse = self.tr("Warehouse")
        labels = self.labels
        labels["environment"].setText(
            f"<b>7S</b> <span style='color:{dot[view.connected]}'>●</span> "
            f"{_escape(view.connection)}"
        )
        labels["environment"].setToolTip(
            self.tr("Seven Senders: {0}").format(view.environment) if view.environment else ""
        )
        labels["printer"].setText(
            f"<b>{_escape(printer)}</b> "
            f"<span style='color:{dot[view.printer_ok]}'>●</span> {_escape(view.printer_status)}"
        )
        labels["printer"].setToolTip(view.printer)
        labels["outbox"].setText(
            f"<b>{_escape(outbox)}</b> "
            f"<span style='color:{dot[True] if view.outbox_ok else dot[False]}'>●</span> "
            f"{_escape(view.outbox)}"
        )
        held_colour = "#F2B200" if view.held else "#E8ECF1"
        labels["held"].setText(
            f"<b>{_escape(held)}</b> <span style='color:{held_colour}'>{view.held}</span>"
        )
        labels["packer"].setText(f"<b>{_escape(packer)}</b> {_escape(view.packer)}")
        labels["packer"].setToolTip(
            self.tr("Station: {0}").format(view.station) if view.station else ""
        )
        labels["shift"].setText(f"<b>{_escape(orders)}</b> {_escape(view.shift)}")
        labels["shift"].setToolTip(view.shift_detail)
        labels["warehouse"].setVisible(bool(view.warehouse))
        labels["warehouse"].setToolTip(view.warehouse_detail)
        if view.warehouse:
            labels["warehouse"].setText(
                f"<b>{_escape(warehouse)}</b> "
                f"<span style='color:{dot[view.warehouse_ok]}'>●</span> "
                f"{_escape(view.warehouse)}"
            )
        self.fit()


#: after these a long value (a printer URI, a folder) may break onto the next line
_BREAK_AFTER = ("/", "?", "&", ":", "-", "_", ".")


def _escape(text: str) -> str:
    """``text`` for rich text, with a break allowed after URI and path separators (a
    zero-width space): a printer URI never makes the bar wider than the window."""
    for separator in _BREAK_AFTER:
        text = text.replace(separator, separator + "\u200b")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
