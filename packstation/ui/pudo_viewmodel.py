"""PUDO mode's view-model: search pick-up points, pick one with the arrow keys, choose it.

The search runs near an address (postcode, city, street), near a position (latitude and
longitude), or lists every point of one carrier in a country; carriers, maximum distance,
maximum number of results (at most 50) and opening days are optional. Results come from
``PudoService`` sorted by distance, with today's hours, parcel sizes and closures, for the list
and the map. Choosing keeps the point for the order (``PudoService.choose``); its label then
carries the point. The order is the one on the packing bench when the mode opens, or the one
scanned in this mode.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from packstation.domain.errors import ShippingApiError
from packstation.domain.orders import MerchantOrder
from packstation.domain.pudo import MAX_RESULTS
from packstation.services.pudo import (
    PudoChoiceRefused,
    PudoPoint,
    PudoQuery,
    PudoQueryError,
    PudoSearchResult,
    PudoService,
    SearchMode,
)
from packstation.ui import texts
from packstation.ui.pudo_map import MapPoint, MapView, estimate_origin
from packstation.ui.pudo_texts import closed_reason, point_warnings, source_text
from packstation.ui.service_notes import note_text, optional_note_text
from packstation.ui.service_words import describe
from packstation.ui.sounds import Sound
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone
from packstation.ui.workflow_parts import Message, WorkflowViewModel

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PudoForm:
    """The search form's values (0 in a number field: not limited)."""

    mode: SearchMode = SearchMode.ADDRESS
    country: str = ""
    zip: str = ""
    city: str = ""
    street: str = ""
    latitude: str = ""
    longitude: str = ""
    carriers: str = ""  # comma-separated; empty: the order's (or the station's) carrier
    max_distance_m: int = 0
    max_results: int = 20
    opening_days: int = 0


@dataclass(frozen=True, slots=True)
class PointRow:
    """One result as the list shows it."""

    rank: int
    location_id: str
    carrier: str
    name: str
    distance: str
    address: str
    hours_today: str
    open_today: bool
    temporarily_closed: bool
    closed_reason: str
    parcel_sizes: str
    cautions: tuple[str, ...]  # closures, worded (ui/pudo_texts.py)


@dataclass(frozen=True, slots=True)
class TargetView:
    """The order the point is chosen for."""

    order_id: str
    recipient: str
    carrier: str
    current_point: str


class PudoViewModel(WorkflowViewModel):
    """State and intents of PUDO mode.

    Signals:
        form_changed(PudoForm): the form is filled in (from the order, or cleared).
        target_changed(object): ``TargetView`` of the order, or None.
        results_changed(list, MapView): ``PointRow`` rows and the map.
        selection_changed(int): the selected result (-1: none).
        message_changed(Message): what the mode says now.
        busy_changed(bool): Seven Senders is being asked.
        point_chosen(str): a point was chosen (or dropped) for this order id.
        sound_requested(Sound): play this sound.
    """

    form_changed = Signal(object)
    target_changed = Signal(object)
    results_changed = Signal(list, object)
    selection_changed = Signal(int)
    point_chosen = Signal(str)

    def __init__(
        self,
        service: PudoService,
        runner: TaskRunner,
        *,
        bench_order: Callable[[], MerchantOrder | None] | None = None,
        find_order: Callable[[str], Awaitable[MerchantOrder | None]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._bench_order = bench_order
        self._find_order = find_order
        self._order: MerchantOrder | None = None
        self._order_id = ""
        self._form = PudoForm()
        self._result: PudoSearchResult | None = None
        self._selected = -1
        self._message = Message(
            Tone.READY,
            self.tr("Search pick-up points"),
            self.tr("Scan an order, or fill in the search and press Enter."),
        )

    # ------------------------------------------------------------------ reading state

    @property
    def form(self) -> PudoForm:
        return self._form

    @property
    def order_id(self) -> str:
        return self._order_id

    @property
    def selected(self) -> int:
        return self._selected

    def points(self) -> tuple[PudoPoint, ...]:
        return self._result.points if self._result is not None else ()

    # ------------------------------------------------------------------ the order

    def take_bench_order(self) -> None:
        """The mode came to the front: the order on the bench is the one to choose for."""
        order = self._bench_order() if self._bench_order is not None else None
        if order is not None and order.order_id != self._order_id:
            self._use_order(order)

    def take_scan(self, code: str) -> None:
        """A scan in this mode: an order barcode makes that order the one to choose for."""
        self.runner.start(self._scan(code), name="pudo order")

    async def _scan(self, code: str) -> None:
        order = await self._find_order(code) if self._find_order is not None else None
        if order is None:
            self._say(
                Tone.WARNING,
                self.tr("Not an order: {0}").format(code),
                self.tr("Scan the order barcode to choose its pick-up point."),
            )
            self.sound_requested.emit(Sound.WRONG_ITEM)
            return
        self.sound_requested.emit(Sound.ACCEPTED)
        self._use_order(order)

    def set_order_id(self, order_id: str) -> None:
        """The order id typed in the form (the order's data is looked up when possible)."""
        order_id = order_id.strip()
        if order_id == self._order_id:
            return
        self._order_id = order_id
        self._order = None
        if order_id and self._find_order is not None:
            self.runner.start(self._lookup(order_id), name="pudo order")
        else:
            self.target_changed.emit(TargetView(order_id, "", "", "") if order_id else None)

    async def _lookup(self, order_id: str) -> None:
        order = await self._find_order(order_id) if self._find_order is not None else None
        if order is not None and order.order_id == self._order_id:
            self._order = order
            self.runner.start(self._show_target(order), name="pudo target")
        elif self._order_id == order_id:
            self.target_changed.emit(TargetView(order_id, "", "", ""))

    def _use_order(self, order: MerchantOrder) -> None:
        self._order = order
        self._order_id = order.order_id
        query = self._service.query_for_order(order)
        self._form = PudoForm(
            mode=SearchMode.ADDRESS,
            country=query.country,
            zip=query.zip or "",
            city=query.city or "",
            street=query.street or "",
            carriers=", ".join(query.carriers),
            max_distance_m=query.max_distance_m or 0,
            max_results=query.max_results or 20,
            opening_days=query.opening_days or 0,
        )
        self.form_changed.emit(self._form)
        self.runner.start(self._show_target(order), name="pudo target")
        self.search(self._form)

    async def _show_target(self, order: MerchantOrder) -> None:
        current = ""
        try:
            view = await self._service.describe_pickup_point(order)
        except ShippingApiError as exc:  # the service words 7S trouble itself; belt and braces
            log.info("pick-up point of %s not described: %s", order.order_id, exc)
            view = None
        if view is not None:
            current = " · ".join(
                p for p in (view.location_id, view.name, source_text(view.source)) if p
            )
        recipient = order.recipient
        who = " ".join(p for p in (recipient.first_name, recipient.last_name) if p)
        where = " ".join(p for p in (recipient.zip, recipient.city) if p)
        carrier = order.carrier.name if order.carrier else ""
        self.target_changed.emit(
            TargetView(
                order_id=order.order_id,
                recipient=f"{who}, {recipient.single_line_street()}, {where} ({recipient.country})",
                carrier=carrier,
                current_point=current,
            )
        )

    # ------------------------------------------------------------------ searching

    def search(self, form: PudoForm) -> None:
        """Search with the form's values."""
        self._form = form
        if self._busy:
            return
        try:
            query = self._query(form)
        except ValueError as exc:
            self._say(Tone.WARNING, self.tr("The search cannot be sent"), describe(exc))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self._set_busy(True)  # now, not when the task first runs: an Enter in between waits
        self.runner.start(self._search(query), name="pudo search")

    def _query(self, form: PudoForm) -> PudoQuery:
        carriers = tuple(c.strip() for c in form.carriers.replace(";", ",").split(",") if c.strip())
        base = PudoQuery(
            country=form.country.strip().upper(),
            carriers=carriers,
            max_distance_m=form.max_distance_m or None,
            max_results=min(form.max_results, MAX_RESULTS) if form.max_results else None,
            opening_days=form.opening_days or None,
        )
        if form.mode is SearchMode.COORDINATES:
            try:
                lat = float(form.latitude.replace(",", "."))
                lon = float(form.longitude.replace(",", "."))
            except ValueError:
                raise ValueError(
                    self.tr("Latitude and longitude are numbers such as 48.8848 and 2.3062.")
                ) from None
            return replace(base, latitude=lat, longitude=lon)
        if form.mode is SearchMode.ALL:
            return replace(base, all_points=True, max_distance_m=None)
        return replace(
            base,
            zip=form.zip.strip() or None,
            city=form.city.strip() or None,
            street=form.street.strip() or None,
        )

    async def _search(self, query: PudoQuery) -> None:
        self._say(Tone.WORKING, self.tr("Searching pick-up points…"))
        try:
            result = await self._service.search(query)
        except PudoQueryError as exc:
            self._say(Tone.WARNING, self.tr("The search cannot be sent"), describe(exc))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        except ShippingApiError as exc:
            self._say(Tone.ERROR, self.tr("Seven Senders could not be asked"), describe(exc))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        finally:
            self._set_busy(False)
        self._result = result
        self._selected = 0 if result.points else -1
        self.results_changed.emit(self._rows(result), self._map(result))
        self.selection_changed.emit(self._selected)
        refused = optional_note_text(result.problem)  # worded by kind, never the English
        if refused:
            self._say(Tone.WARNING, self.tr("Seven Senders refused the search"), refused)
            self.sound_requested.emit(Sound.ATTENTION)
        elif not result.points:
            self._say(Tone.WARNING, self.tr("No pick-up point found"), note_text(result.message))
        else:
            count = len(result.points)
            self._say(
                Tone.READY,
                self.tr("{0} pick-up point(s) found, nearest first").format(count)
                if not result.search.bulk
                else self.tr("{0} pick-up point(s) found").format(count),
                self.tr("Arrow keys choose, Enter keeps the point for order {0}.").format(
                    self._order_id
                )
                if self._order_id
                else self.tr("Scan or type the order to choose a point for it."),
            )

    # ------------------------------------------------------------------ selecting, choosing

    def select(self, index: int) -> None:
        points = self.points()
        if not points:
            return
        index = max(0, min(index, len(points) - 1))
        if index != self._selected:
            self._selected = index
            self.selection_changed.emit(index)

    def step(self, delta: int) -> None:
        self.select(self._selected + delta)

    def choose(self) -> None:
        """Keep the selected point for the order."""
        points = self.points()
        if self._busy:  # a search (its results may still change) or a choice is under way
            self._say(
                Tone.WARNING,
                self.tr("Not chosen yet: Seven Senders is still being asked"),
                self.tr("Press Enter again once the answer is shown."),
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        if not 0 <= self._selected < len(points):
            return
        if not self._order_id:
            self._say(
                Tone.WARNING,
                self.tr("Which order is it for?"),
                self.tr("Scan the order barcode or type the order id, then press Enter again."),
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self._set_busy(True)  # now: a second Enter before the task runs chooses nothing twice
        self.runner.start(self._choose(self._order_id, points[self._selected]), name="pudo choose")

    async def _choose(self, order_id: str, point: PudoPoint) -> None:
        try:
            choice = await self._service.choose(order_id, point.location)
        except PudoChoiceRefused as exc:
            self._say(Tone.ERROR, self.tr("This point cannot be chosen"), describe(exc))
            self.sound_requested.emit(Sound.WRONG_ITEM)
            return
        except ShippingApiError as exc:
            self._say(Tone.ERROR, self.tr("Seven Senders could not be asked"), describe(exc))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        finally:
            self._set_busy(False)
        self._say(
            Tone.SUCCESS,
            self.tr("{0} chosen for order {1}").format(choice.location.name, order_id),
            self.tr("Its label will name this pick-up point ({0}).").format(choice.location_id),
        )
        self.sound_requested.emit(Sound.COMPLETE)
        self.point_chosen.emit(order_id)
        if self._order is not None:
            await self._show_target(self._order)

    def forget(self) -> None:
        """Drop the station's choice: the order's own point (if any) applies again."""
        if self._busy or not self._order_id:
            return
        self._set_busy(True)
        self.runner.start(self._forget(self._order_id), name="pudo forget")

    async def _forget(self, order_id: str) -> None:
        try:
            dropped = await self._service.forget(order_id)
        finally:
            self._set_busy(False)
        if dropped:
            self._say(
                Tone.SUCCESS,
                self.tr("Choice dropped for order {0}").format(order_id),
                self.tr("The order's own pick-up point (if any) applies again."),
            )
            self.point_chosen.emit(order_id)
        else:
            self._say(
                Tone.READY, self.tr("No point was chosen here for order {0}").format(order_id)
            )
        if self._order is not None:
            await self._show_target(self._order)

    # ------------------------------------------------------------------ views

    def _rows(self, result: PudoSearchResult) -> list[PointRow]:
        rows = []
        for rank, point in enumerate(result.points, start=1):
            today = point.today
            location = point.location
            warnings = point_warnings(location, today.day)
            rows.append(
                PointRow(
                    rank=rank,
                    location_id=point.location_id,
                    carrier=location.carrier_name,
                    name=location.name,
                    # in the window's number format ("1,2 km"); none for a bulk listing
                    distance=texts.distance_text(location.distance_m) if point.distance else "",
                    address=", ".join(point.address),
                    hours_today=today.hours if today.hours != "closed" else self.tr("closed"),
                    open_today=today.open_today,
                    temporarily_closed=today.temporarily_closed,
                    closed_reason=closed_reason(location, today),
                    parcel_sizes=", ".join(location.parcel_sizes),
                    cautions=tuple(warnings),
                )
            )
        return rows

    def _map(self, result: PudoSearchResult) -> MapView:
        points = tuple(
            MapPoint(
                rank=rank,
                latitude=p.location.latitude,
                longitude=p.location.longitude,
                name=p.location.name,
                open_today=p.today.open_today,
            )
            for rank, p in enumerate(result.points, start=1)
        )
        origin = result.origin
        estimated = False
        if origin is None and not result.search.bulk:
            origin = estimate_origin(
                [
                    (p.location.latitude, p.location.longitude, p.location.distance_m)
                    for p in result.points
                ]
            )
            estimated = origin is not None
        return MapView(points, origin, estimated, 0 if points else -1)

    def country_name(self) -> str:
        return texts.country_name(self._form.country) if self._form.country else ""
