"""The PUDO map: pick-up points around the search position, drawn by the app (no online tiles).

Points are projected equirectangularly onto a local plane in metres around the search origin
(good to well under 1 % across the few kilometres a PUDO search covers), north up. The origin
is the searched position; for an address search Seven Senders does not say where the address
is, so ``estimate_origin`` finds the position whose distances to the points best match the
distances 7S reported (least squares). A scale bar in the corner gives the distances.

``PudoMapView`` only draws what ``PudoViewModel`` says and forwards the arrow keys and Enter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QLocale, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

EARTH_RADIUS_M = 6_371_000.0


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One pick-up point on the map."""

    rank: int  # 1 = nearest
    latitude: float
    longitude: float
    name: str
    open_today: bool


@dataclass(frozen=True, slots=True)
class MapView:
    """What the map shows: the points, the origin (None: unknown) and the selection."""

    points: tuple[MapPoint, ...]
    origin: tuple[float, float] | None
    origin_estimated: bool = False
    selected: int = -1


def project(latitude: float, longitude: float, origin: tuple[float, float]) -> tuple[float, float]:
    """Equirectangular projection: metres east (x) and south (y, screen-down) of ``origin``."""
    lat0, lon0 = origin
    x = math.radians(longitude - lon0) * math.cos(math.radians(lat0)) * EARTH_RADIUS_M
    y = -math.radians(latitude - lat0) * EARTH_RADIUS_M
    return x, y


def unproject(x: float, y: float, origin: tuple[float, float]) -> tuple[float, float]:
    lat0, lon0 = origin
    latitude = lat0 - math.degrees(y / EARTH_RADIUS_M)
    longitude = lon0 + math.degrees(x / (EARTH_RADIUS_M * math.cos(math.radians(lat0))))
    return latitude, longitude


def estimate_origin(
    points: Sequence[tuple[float, float, float | None]],
) -> tuple[float, float] | None:
    """The position whose distances to ``(latitude, longitude, distance_m)`` fit best.

    Gauss-Newton on the local plane, started at the distance-weighted centre. With fewer than
    three distances the nearest point stands in for the origin; without any, None.
    """
    known = [(lat, lon, d) for lat, lon, d in points if d is not None]
    if not known:
        return None
    nearest = min(known, key=lambda p: p[2])
    if len(known) < 3:
        return nearest[0], nearest[1]
    centre = (
        sum(p[0] for p in known) / len(known),
        sum(p[1] for p in known) / len(known),
    )
    xy = [(*project(lat, lon, centre), d) for lat, lon, d in known]
    weights = [1.0 / (d + 50.0) for _, _, d in xy]
    total = sum(weights)
    px = sum(w * x for w, (x, _, _) in zip(weights, xy, strict=True)) / total
    py = sum(w * y for w, (_, y, _) in zip(weights, xy, strict=True)) / total
    for _ in range(30):
        # normal equations of the linearised problem (2x2)
        a11 = a12 = a22 = b1 = b2 = 0.0
        for x, y, d in xy:
            dx, dy = px - x, py - y
            r = math.hypot(dx, dy) or 1e-6
            jx, jy = dx / r, dy / r
            residual = r - d
            a11 += jx * jx
            a12 += jx * jy
            a22 += jy * jy
            b1 += jx * residual
            b2 += jy * residual
        det = a11 * a22 - a12 * a12
        if abs(det) < 1e-12:
            break
        step_x = (a22 * b1 - a12 * b2) / det
        step_y = (a11 * b2 - a12 * b1) / det
        px -= step_x
        py -= step_y
        if math.hypot(step_x, step_y) < 0.5:
            break
    return unproject(px, py, centre)


def scale_length(metres_per_pixel: float, target_px: float = 140.0) -> float:
    """A round length (1, 2 or 5 × 10ⁿ metres) close to ``target_px`` pixels on screen."""
    if metres_per_pixel <= 0:
        return 0.0
    raw = metres_per_pixel * target_px
    power = 10 ** math.floor(math.log10(raw))
    for step in (5, 2, 1):
        if step * power <= raw:
            return float(step * power)
    return float(power)


def scale_text(metres: float) -> str:
    """The scale bar's length in the window's number format ("0,5 km" in German)."""
    if metres >= 1000:
        return QLocale().toString(float(metres) / 1000, "g", 6) + " km"
    return QLocale().toString(float(metres), "g", 6) + " m"


_POINT = QColor("#1F4E8C")
_CLOSED = QColor("#8A939C")
_SELECTED = QColor("#F2B200")
_ORIGIN = QColor("#B3261E")


class _PointItem(QGraphicsEllipseItem):
    """A numbered dot that keeps its size on screen whatever the zoom."""

    RADIUS = 13.0

    def __init__(self, point: MapPoint, x: float, y: float) -> None:
        r = self.RADIUS
        super().__init__(-r, -r, 2 * r, 2 * r)
        self.point = point
        self.setPos(x, y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setBrush(QBrush(_POINT if point.open_today else _CLOSED))
        self.setPen(QPen(QColor("white"), 2))
        self.setZValue(2)
        self.number = QGraphicsSimpleTextItem(str(point.rank), self)
        font = QFont()
        font.setPixelSize(13)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setBrush(QBrush(QColor("white")))
        box = self.number.boundingRect()
        self.number.setPos(-box.width() / 2, -box.height() / 2)
        self.plate = QGraphicsRectItem(self)
        self.plate.setBrush(QBrush(QColor(255, 255, 255, 230)))
        self.plate.setPen(QPen(QColor("#1A1A1A"), 1))
        self.label = QGraphicsSimpleTextItem(point.name, self.plate)
        label_font = QFont()
        label_font.setPixelSize(15)
        label_font.setBold(True)
        self.label.setFont(label_font)
        text = self.label.boundingRect()
        self.plate.setRect(0, 0, text.width() + 10, text.height() + 4)
        self.label.setPos(5, 2)
        self.plate.setPos(r + 6, -r)
        self.plate.hide()

    def set_selected(self, selected: bool) -> None:
        r = self.RADIUS * (1.5 if selected else 1.0)
        self.setRect(-r, -r, 2 * r, 2 * r)
        colour = _SELECTED if selected else (_POINT if self.point.open_today else _CLOSED)
        self.setBrush(QBrush(colour))
        self.setPen(QPen(QColor("#1A1A1A" if selected else "white"), 3 if selected else 2))
        self.number.setBrush(QBrush(QColor("#1A1A1A" if selected else "white")))
        self.plate.setPos(r + 6, -self.RADIUS)
        self.plate.setVisible(selected)
        self.setZValue(5 if selected else 2)


class PudoMapView(QGraphicsView):
    """The map beside the results list (see the module docstring).

    Signals:
        step_requested(int): the arrow keys: -1 previous point, +1 next point.
        activated(): Enter: choose the selected point.
        point_clicked(int): a point was clicked (its index in the list).
    """

    step_requested = Signal(int)
    activated = Signal()
    point_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setBackgroundBrush(QBrush(QColor("#EEF2E6")))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(280, 160)
        self.items_: list[_PointItem] = []
        self.origin_item: QGraphicsItem | None = None
        self.view = MapView((), None)
        self._bounds = QRectF()
        self.empty_text = ""

    # ------------------------------------------------------------------ drawing

    def show_map(self, view: MapView) -> None:
        self.view = view
        scene = self.scene()
        scene.clear()
        self.items_ = []
        self.origin_item = None
        if not view.points:
            self._bounds = QRectF()
            self.viewport().update()
            return
        origin = view.origin
        centre = origin or (
            sum(p.latitude for p in view.points) / len(view.points),
            sum(p.longitude for p in view.points) / len(view.points),
        )
        xs: list[float] = []
        ys: list[float] = []
        for point in view.points:
            x, y = project(point.latitude, point.longitude, centre)
            xs.append(x)
            ys.append(y)
            item = _PointItem(point, x, y)
            scene.addItem(item)
            self.items_.append(item)
        if origin is not None:
            self.origin_item = self._origin_marker(view.origin_estimated)
            xs.append(0.0)
            ys.append(0.0)
        span = max(max(xs) - min(xs), max(ys) - min(ys), 200.0)
        margin = span * 0.12
        self._bounds = QRectF(
            min(xs) - margin, min(ys) - margin, max(xs) - min(xs) + 2 * margin,
            max(ys) - min(ys) + 2 * margin,
        )  # fmt: skip
        scene.setSceneRect(self._bounds.adjusted(-span, -span, span, span))
        self._fit()
        self.select(view.selected)

    def _origin_marker(self, estimated: bool) -> QGraphicsItem:
        path = QPainterPath()
        path.moveTo(-12, 0)
        path.lineTo(12, 0)
        path.moveTo(0, -12)
        path.lineTo(0, 12)
        path.addEllipse(QPointF(0, 0), 7, 7)
        marker = self.scene().addPath(path, QPen(_ORIGIN, 3))
        marker.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        marker.setZValue(4)
        marker.setToolTip("search position (estimated)" if estimated else "search position")
        return marker

    def select(self, index: int) -> None:
        for i, item in enumerate(self.items_):
            item.set_selected(i == index)
        if 0 <= index < len(self.items_):
            self.ensureVisible(self.items_[index], 60, 60)
        self.viewport().update()

    def _fit(self) -> None:
        if not self._bounds.isNull():
            self.fitInView(self._bounds, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def metres_per_pixel(self) -> float:
        scale = self.transform().m11()
        return 1.0 / scale if scale > 0 else 0.0

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        painter.save()
        painter.resetTransform()
        height = self.viewport().height()
        if not self.items_:
            if self.empty_text:
                painter.setPen(QColor("#4A5561"))
                font = QFont()
                font.setPixelSize(18)
                painter.setFont(font)
                painter.drawText(
                    self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text
                )
            painter.restore()
            return
        mpp = self.metres_per_pixel()
        metres = scale_length(mpp)
        if metres > 0 and mpp > 0:
            pixels = metres / mpp
            x0, y0 = 16.0, height - 22.0
            painter.fillRect(QRectF(x0 - 8, y0 - 26, pixels + 70, 40), QColor(255, 255, 255, 220))
            pen = QPen(QColor("#1A1A1A"), 3)
            painter.setPen(pen)
            painter.drawLine(QPointF(x0, y0), QPointF(x0 + pixels, y0))
            painter.drawLine(QPointF(x0, y0 - 7), QPointF(x0, y0 + 4))
            painter.drawLine(QPointF(x0 + pixels, y0 - 7), QPointF(x0 + pixels, y0 + 4))
            font = QFont()
            font.setPixelSize(15)
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QPointF(x0 + pixels + 8, y0 + 5), scale_text(metres))
        # north arrow
        w = self.viewport().width()
        font = QFont()
        font.setPixelSize(15)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QPen(QColor("#1A1A1A"), 2))
        painter.drawLine(QPointF(w - 24, 40), QPointF(w - 24, 16))
        painter.drawLine(QPointF(w - 24, 16), QPointF(w - 30, 24))
        painter.drawLine(QPointF(w - 24, 16), QPointF(w - 18, 24))
        painter.drawText(QPointF(w - 29, 56), "N")
        painter.restore()

    # ------------------------------------------------------------------ keys and mouse

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self.step_requested.emit(1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self.step_requested.emit(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for item in self.items(event.position().toPoint()):
            target = item if isinstance(item, _PointItem) else item.parentItem()
            if isinstance(target, _PointItem):
                self.point_clicked.emit(self.items_.index(target))
                return
        super().mousePressEvent(event)
