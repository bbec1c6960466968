"""The PUDO locator: search pick-up points, choose one for an order, describe an order's point.

Three searches, as the 7S PUDO locator offers them: near a position (coordinates), near an
address (postcode, optionally city and street), or every point of one carrier in a country
(bulk; not every carrier supports it). Results come sorted by distance with today's opening
hours, parcel sizes and temporary closures. A point chosen for an order is kept in the journal
and overrides the order's own ``pudo_id`` when the label is bought (the packing session reads
it through the same ``PudoChoices`` port).

Searches that 7S refuses (unknown postcode, a carrier without bulk search, an unknown carrier)
and searches without a result come back as values with a plain message; only malformed
queries (``PudoQueryError``) and trouble reaching 7S (``ShippingApiError``) raise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from packstation.domain.cycle import JournalEvent, JournalKind
from packstation.domain.errors import ShippingApiError, ValidationFailed
from packstation.domain.notes import Note, NoteKind
from packstation.domain.orders import MerchantOrder, OrderSourceError
from packstation.domain.pudo import (
    CHOSEN_AT_STATION,
    FROM_ORDER,
    MAX_RESULTS,
    PickupPointView,
    PointToday,
    PudoChoice,
    address_lines,
    format_distance,
    point_today,
)
from packstation.domain.shipping import Carrier, PudoLocation, PudoSearch
from packstation.ports import Journal, OrderSource, PudoChoices, ShippingApi

log = logging.getLogger(__name__)


class SearchMode(StrEnum):
    COORDINATES = "coordinates"
    ADDRESS = "address"
    ALL = "all"  # every point of one carrier in a country (bulk)


class PudoQueryError(ValueError):
    """The search cannot be sent as asked (no carrier, no position, too many results, …)."""


class PudoRefusal(StrEnum):
    """Why a pick-up point cannot be chosen for an order."""

    MISSING_INPUT = "missing_input"  # no order, no location id, no carrier or country to go by
    WRONG_CARRIER = "wrong_carrier"  # the order ships with another carrier than the point's
    UNKNOWN_POINT = "unknown_point"  # Seven Senders knows no such point


class PudoChoiceRefused(Exception):
    """The point cannot be chosen for the order; ``message`` says why in plain words,
    ``reason`` for a program."""

    def __init__(self, message: str, reason: PudoRefusal = PudoRefusal.MISSING_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PudoQuery:
    """A search as the dialog or the command line asks it.

    Exactly one mode: ``latitude`` + ``longitude``, or ``zip`` (with optional ``city`` and
    ``street``), or ``all_points`` with exactly one carrier. ``carriers`` empty: the order's
    carrier, else the station's.
    """

    country: str
    carriers: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    zip: str | None = None
    city: str | None = None
    street: str | None = None
    all_points: bool = False
    max_distance_m: int | None = None
    max_results: int | None = None
    opening_days: int | None = None

    @property
    def mode(self) -> SearchMode:
        if self.all_points:
            return SearchMode.ALL
        if self.latitude is not None or self.longitude is not None:
            return SearchMode.COORDINATES
        return SearchMode.ADDRESS


@dataclass(frozen=True, slots=True)
class PudoPoint:
    """One search result as the list and the map show it."""

    location: PudoLocation
    today: PointToday
    distance: str  # "350 m", "1.2 km" ("" in bulk lists)
    address: tuple[str, ...]

    @property
    def location_id(self) -> str:
        return self.location.location_id


@dataclass(frozen=True, slots=True)
class PudoSearchResult:
    """What a search found (sorted by distance), or why it found nothing.

    ``problem`` is set when 7S refused the search (unknown postcode, no bulk search for the
    carrier, unknown carrier); ``message`` is always a sentence for the screen.
    ``origin`` is the position searched around when it is known (coordinates mode), for a map.
    """

    query: PudoQuery
    search: PudoSearch
    points: tuple[PudoPoint, ...]
    message: Note  # English (log, command line), with its kind and facts for the window
    problem: Note | None = None
    origin: tuple[float, float] | None = None

    @property
    def found(self) -> bool:
        return bool(self.points)


@dataclass(frozen=True, slots=True)
class PudoDefaults:
    """The station's search defaults (settings ``pudo_*``)."""

    max_results: int = 20
    max_distance_m: int | None = None
    opening_days: int | None = None


def _now() -> datetime:
    return datetime.now(UTC)


class PudoService:
    """Searches pick-up points, keeps the point chosen per order, describes an order's point.

    Args:
        api: Seven Senders.
        choices: where chosen points are kept (the journal).
        journal: the station journal (events for every choice).
        orders: the merchant's order source (to look an order's country, postcode and carrier
            up when a point is chosen by id); optional.
        default_carrier: the station's carrier for orders that name none.
        station_name: journalled with each choice.
        defaults: search defaults.
        today: the bench's local date (opening hours "today").
    """

    def __init__(
        self,
        api: ShippingApi,
        choices: PudoChoices,
        journal: Journal,
        *,
        orders: OrderSource | None = None,
        default_carrier: Carrier | None = None,
        station_name: str = "",
        defaults: PudoDefaults | None = None,
        today: Callable[[], date] = date.today,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._api = api
        self._choices = choices
        self._journal = journal
        self._orders = orders
        self._default_carrier = default_carrier
        self._station = station_name
        self._defaults = defaults or PudoDefaults()
        self._today = today
        self._clock = clock
        self._described: dict[tuple[str, str], PudoLocation] = {}

    # ------------------------------------------------------------------ searching

    def query_for_order(self, order: MerchantOrder) -> PudoQuery:
        """The dialog's starting search: near the recipient's address, with the order's carrier."""
        carrier = order.carrier or self._default_carrier
        return PudoQuery(
            country=order.recipient.country,
            carriers=(carrier.name,) if carrier else (),
            zip=order.recipient.zip,
            city=order.recipient.city or None,
            street=order.recipient.single_line_street() or None,
            max_results=self._defaults.max_results,
            max_distance_m=self._defaults.max_distance_m,
            opening_days=self._defaults.opening_days,
        )

    def build_search(self, query: PudoQuery) -> PudoSearch:
        """Check the query and turn it into the 7S search (``PudoQueryError`` if it cannot be)."""
        country = (query.country or "").strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise PudoQueryError("Give the country as a two-letter code such as FR or DE.")
        carriers = tuple(dict.fromkeys(c.strip().lower() for c in query.carriers if c.strip()))
        if not carriers and self._default_carrier is not None:
            carriers = (self._default_carrier.name,)
        if not carriers:
            raise PudoQueryError("Choose a carrier to search pick-up points for.")
        max_results = query.max_results
        if max_results is None and query.mode is not SearchMode.ALL:
            max_results = self._defaults.max_results
        if max_results is not None and not 1 <= max_results <= MAX_RESULTS:
            raise PudoQueryError(f"Ask for 1 to {MAX_RESULTS} results (Seven Senders' limit).")
        max_distance = query.max_distance_m
        if max_distance is None and query.mode is not SearchMode.ALL:
            max_distance = self._defaults.max_distance_m
        if max_distance is not None and max_distance < 1:
            raise PudoQueryError("The maximum distance is in metres and must be at least 1.")
        opening_days = query.opening_days
        if opening_days is None and query.mode is not SearchMode.ALL:
            opening_days = self._defaults.opening_days
        if opening_days is not None and not 1 <= opening_days <= 7:
            raise PudoQueryError("Opening days must be between 1 and 7.")
        mode = query.mode
        if mode is SearchMode.ALL:
            if len(carriers) != 1:
                raise PudoQueryError("List all points of one carrier at a time.")
            if query.zip or query.latitude is not None or query.longitude is not None:
                raise PudoQueryError(
                    "Either list all points, or search near a position or a postcode."
                )
            search = PudoSearch.all_points(carriers[0], country)
            return replace(
                search,
                max_results=max_results,
                max_distance_m=None,
                opening_days=opening_days,
            )
        if mode is SearchMode.COORDINATES:
            lat, lon = query.latitude, query.longitude
            if lat is None or lon is None:
                raise PudoQueryError("Give both latitude and longitude.")
            if not -90 <= lat <= 90 or not -180 <= lon <= 180:
                raise PudoQueryError("Latitude is -90…90 and longitude -180…180 degrees.")
            if query.zip:
                raise PudoQueryError("Search near a position or near a postcode, not both.")
            return PudoSearch.by_coordinates(
                carriers,
                country,
                lat,
                lon,
                max_distance_m=max_distance,
                max_results=max_results,
                opening_days=opening_days,
            )
        zip_code = (query.zip or "").strip()
        if not zip_code:
            raise PudoQueryError(
                "Give a postcode (with city and street if you know them), a position, or "
                "ask for all points of a carrier."
            )
        return PudoSearch.by_address(
            carriers,
            country,
            zip_code,
            (query.city or "").strip() or None,
            (query.street or "").strip() or None,
            max_distance_m=max_distance,
            max_results=max_results,
            opening_days=opening_days,
        )

    async def _known_carriers(self, exc: ValidationFailed) -> frozenset[str] | None:
        """The account's carriers (codes and names, lower case) when a refusal names the
        carrier: whether 7S knows it is looked up, not read from the refusal's wording."""
        if not any(v.field.startswith("carrier_name") for v in exc.violations):
            return None
        try:
            carriers = await self._api.list_carriers()
        except ShippingApiError:
            return None
        return frozenset(n.strip().lower() for c in carriers for n in (c.code, c.name))

    async def search(self, query: PudoQuery) -> PudoSearchResult:
        """Search pick-up points; raises ``PudoQueryError`` or ``ShippingApiError`` only."""
        search = self.build_search(query)
        origin = (
            (search.latitude, search.longitude)
            if search.latitude is not None and search.longitude is not None
            else None
        )
        try:
            found = await self._api.search_pudo(search)
        except ValidationFailed as exc:
            problem = _refusal(search, exc, await self._known_carriers(exc))
            return PudoSearchResult(query, search, (), problem, problem, origin)
        today = self._today()
        ordered = sorted(
            found,
            key=lambda loc: (
                loc.distance_m is None,
                loc.distance_m if loc.distance_m is not None else 0.0,
                loc.location_id,
            ),
        )
        if search.max_results is not None:
            ordered = ordered[: search.max_results]
        for location in ordered:
            self._described[(location.carrier_name, location.location_id)] = location
        points = tuple(
            PudoPoint(
                location=loc,
                today=point_today(loc, today),
                distance="" if search.bulk else format_distance(loc.distance_m),
                address=address_lines(loc),
            )
            for loc in ordered
        )
        return PudoSearchResult(
            query, search, points, _found_message(search, len(points)), None, origin
        )

    # ------------------------------------------------------------------ choosing

    async def chosen(self, order_id: str) -> PudoChoice | None:
        """The point chosen at the station for this order, if any."""
        return await self._choices.choice(order_id)

    async def choose(
        self, order_id: str, location: PudoLocation, *, note: str = "", check_carrier: bool = True
    ) -> PudoChoice:
        """Keep ``location`` (a search result) as the order's pick-up point.

        Refused (``PudoChoiceRefused``) when the order ships with another carrier than the
        point's: 7S only takes a point of the label's carrier.
        """
        order_id = order_id.strip()
        if not order_id:
            raise PudoChoiceRefused("Name the order the pick-up point is for.")
        if check_carrier:
            order = await self._order(order_id)
            carrier = (order.carrier if order else None) or self._default_carrier
            if carrier is not None and carrier.name != location.carrier_name:
                raise PudoChoiceRefused(
                    f"Order {order_id} ships with {carrier.name}; {location.location_id} "
                    f"({location.name}) is a {location.carrier_name} point. Choose a "
                    f"{carrier.name} point.",
                    PudoRefusal.WRONG_CARRIER,
                )
        choice = PudoChoice(
            order_id=order_id,
            location=location,
            chosen_at=self._clock(),
            station=self._station,
            note=" ".join(note.split()),
        )
        await self._choices.save_choice(
            choice,
            JournalEvent(
                kind=JournalKind.PUDO_CHOSEN,
                order_id=order_id,
                detail={
                    "location_id": location.location_id,
                    "carrier": location.carrier_name,
                    "name": location.name,
                    "zip": location.zip,
                    "city": location.city,
                    "country": location.country,
                    "station": self._station,
                    "note": choice.note,
                },
            ),
        )
        self._described[(location.carrier_name, location.location_id)] = location
        return choice

    async def choose_by_id(
        self,
        order_id: str,
        location_id: str,
        *,
        carrier: str | None = None,
        country: str | None = None,
        note: str = "",
    ) -> PudoChoice:
        """Choose a point by its location id (the command line): the point is looked up first.

        The carrier is the one given, else the order's, else the station's; the country the
        one given, else the order's recipient country. The point is searched near the
        recipient's postcode, then in the carrier's full list (where 7S offers one).
        """
        order = await self._order(order_id)
        wanted = location_id.strip()
        if not wanted:
            raise PudoChoiceRefused("Name the location id of the pick-up point.")
        order_carrier = (order.carrier if order else None) or self._default_carrier
        name = (carrier or (order_carrier.name if order_carrier else "")).strip().lower()
        if not name:
            raise PudoChoiceRefused(
                f"Order {order_id} names no carrier and the station has none: give --carrier."
            )
        if order_carrier is not None and order_carrier.name != name:
            raise PudoChoiceRefused(
                f"Order {order_id} ships with {order_carrier.name}, not {name}: its label can "
                f"only name a {order_carrier.name} point.",
                PudoRefusal.WRONG_CARRIER,
            )
        cc = (country or (order.recipient.country if order else "")).strip().upper()
        if not cc:
            raise PudoChoiceRefused(
                f"Order {order_id} is not in the merchant's order data: give --country."
            )
        location = self._described.get((name, wanted))
        if location is None:
            location = await self._locate(name, cc, wanted, order)
        if location is None:
            raise PudoChoiceRefused(
                f"Seven Senders knows no {name} pick-up point {wanted} in {cc} (searched near "
                "the recipient and, where the carrier allows it, its full list).",
                PudoRefusal.UNKNOWN_POINT,
            )
        return await self.choose(order_id, location, note=note, check_carrier=False)

    async def forget(self, order_id: str) -> bool:
        """Drop the station's choice: the order's own point (if any) applies again."""
        return await self._choices.forget_choice(
            order_id, JournalEvent(kind=JournalKind.PUDO_CHOICE_DROPPED, order_id=order_id)
        )

    # ------------------------------------------------------------------ the pack screen

    async def describe_pickup_point(self, order: MerchantOrder) -> PickupPointView | None:
        """The order's pick-up point for the pack screen (None: the order goes to the door).

        A point chosen at the station wins over the order's own ``pudo_id``. Never raises for
        7S trouble: the view then carries the id only, with a warning.
        """
        today = self._today()
        choice = await self._choices.choice(order.order_id)
        carrier = order.carrier or self._default_carrier
        warnings: list[Note] = []
        if choice is not None:
            chosen = choice.location
            if carrier is not None and carrier.name != chosen.carrier_name:
                warnings.append(
                    Note(
                        NoteKind.POINT_OTHER_CARRIER,
                        f"The chosen point is a {chosen.carrier_name} point but the order ships "
                        f"with {carrier.name}.",
                        point_carrier=chosen.carrier_name,
                        carrier=carrier.name,
                    )
                )
            return _view(order.order_id, CHOSEN_AT_STATION, chosen, today, warnings)
        if not order.pudo_id:
            return None
        location: PudoLocation | None = None
        if carrier is not None:
            location = self._described.get((carrier.name, order.pudo_id))
            if location is None:
                try:
                    location = await self._locate(
                        carrier.name, order.recipient.country, order.pudo_id, order, bulk=False
                    )
                except ShippingApiError as exc:
                    warnings.append(
                        Note(
                            NoteKind.POINT_NOT_ASKED,
                            f"Seven Senders could not be asked about the point ({exc}).",
                            exc,
                            point=order.pudo_id,
                        )
                    )
        if location is None:
            if not warnings:
                warnings.append(
                    Note(
                        NoteKind.POINT_NOT_DESCRIBED,
                        f"Seven Senders did not describe pick-up point {order.pudo_id} near the "
                        "recipient; the label carries its id only.",
                        point=order.pudo_id,
                    )
                )
            return PickupPointView(
                order_id=order.order_id,
                location_id=order.pudo_id,
                carrier=carrier.name if carrier else "",
                source=FROM_ORDER,
                name="",
                address=(),
                today=None,
                warnings=tuple(warnings),
            )
        return _view(order.order_id, FROM_ORDER, location, today, warnings)

    # ------------------------------------------------------------------ helpers

    async def _order(self, order_id: str) -> MerchantOrder | None:
        if self._orders is not None:
            try:
                return await self._orders.get_order(order_id)
            except OrderSourceError as exc:  # unknown there, or unreadable: try the journal
                log.info("order %s could not be read from the order source: %s", order_id, exc)
        cycle = await self._journal.latest_cycle(order_id)
        return cycle.order if cycle is not None else None

    async def _locate(
        self,
        carrier: str,
        country: str,
        location_id: str,
        order: MerchantOrder | None,
        *,
        bulk: bool = True,
    ) -> PudoLocation | None:
        if order is not None and order.recipient.zip and order.recipient.country == country:
            try:
                near = await self._api.search_pudo(
                    PudoSearch.by_address(
                        (carrier,), country, order.recipient.zip, max_results=MAX_RESULTS
                    )
                )
            except ValidationFailed:
                near = []
            for location in near:
                self._described[(location.carrier_name, location.location_id)] = location
                if location.location_id == location_id:
                    return location
        if not bulk:
            return None
        try:
            everything = await self._api.search_pudo(PudoSearch.all_points(carrier, country))
        except ValidationFailed:
            return None
        for location in everything:
            if location.location_id == location_id:
                self._described[(location.carrier_name, location.location_id)] = location
                return location
        return None


def _view(
    order_id: str, source: str, location: PudoLocation, today: date, warnings: list[Note]
) -> PickupPointView:
    state = point_today(location, today)
    return PickupPointView(
        order_id=order_id,
        location_id=location.location_id,
        carrier=location.carrier_name,
        source=source,
        name=location.name,
        address=address_lines(location),
        today=state,
        location=location,
        warnings=tuple(warnings) + state.warnings,
    )


def _where(search: PudoSearch) -> str:
    if search.latitude is not None and search.longitude is not None:
        return f"{search.latitude:.5f}, {search.longitude:.5f} ({search.country})"
    parts = [search.street, search.zip, search.city]
    return f"{' '.join(p for p in parts if p)} ({search.country})"


def _found_message(search: PudoSearch, count: int) -> Note:
    carriers = ", ".join(search.carriers)
    where = search.country if search.bulk else _where(search)
    if count:
        found = (
            f"{count} {carriers} pick-up point(s) in {search.country}."
            if search.bulk
            else f"{count} {carriers} pick-up point(s) near {where}, nearest first."
        )
        return Note(NoteKind.PUDO_FOUND, found, count=count, carriers=carriers, where=where)
    if search.bulk:
        return Note(
            NoteKind.PUDO_NONE_IN_COUNTRY,
            f"{carriers} has no pick-up points in {search.country}.",
            carriers=carriers,
            country=search.country,
        )
    hints = []
    if search.max_distance_m is not None:
        hints.append(f"widen the distance (now {format_distance(search.max_distance_m)})")
    if search.opening_days is not None:
        hints.append(f"ask for fewer opening days (now {search.opening_days})")
    hints.append("try another carrier")
    return Note(
        NoteKind.PUDO_NONE_NEAR,
        f"No {carriers} pick-up points near {where}"
        + (f" within {format_distance(search.max_distance_m)}" if search.max_distance_m else "")
        + f": {', or '.join(hints)}.",
        carriers=carriers,
        where=where,
    )


def _refusal(
    search: PudoSearch, exc: ValidationFailed, known_carriers: frozenset[str] | None
) -> Note:
    """A plain sentence for a search 7S refused (by the field it names; whether a carrier is
    unknown is decided by the account's carriers list, never by the refusal's wording)."""
    for violation in exc.violations:
        field_name = violation.field
        if field_name == "zip":
            if search.zip:
                return Note(
                    NoteKind.PUDO_UNKNOWN_ZIP,
                    f"Seven Senders does not know the postcode {search.zip} in "
                    f"{search.country}. Check the postcode and the country.",
                    zip=search.zip,
                    country=search.country,
                )
            return Note(NoteKind.PUDO_PLACE_NEEDED, "Give a postcode or a position to search near.")
        if field_name == "carrier_name":
            carrier = search.carriers[0]
            if known_carriers is None:
                break  # the carriers could not be looked up: say what 7S said
            if carrier.strip().lower() not in known_carriers:
                return Note(
                    NoteKind.PUDO_UNKNOWN_CARRIER,
                    f"Seven Senders does not know the carrier {carrier}.",
                    carrier=carrier,
                )
            return Note(
                NoteKind.PUDO_NO_BULK,
                f"{carrier} does not offer a list of all its points (bulk search); "
                "search near an address or a position instead.",
                carrier=carrier,
            )
        if field_name.startswith("carrier_names"):
            named = _carrier_named(field_name, search.carriers)
            return Note(
                NoteKind.PUDO_UNKNOWN_CARRIER,
                f"Seven Senders does not know the carrier {named}.",
                carrier=named,
            )
        if field_name == "country":
            return Note(
                NoteKind.PUDO_COUNTRY_REFUSED,
                f"Seven Senders does not accept the country {search.country}.",
                country=search.country,
            )
    return Note(NoteKind.PUDO_REFUSED, f"Seven Senders refused the search: {exc.message}", exc)


def _carrier_named(field_name: str, carriers: tuple[str, ...]) -> str:
    start, end = field_name.find("["), field_name.find("]")
    if start != -1 and end > start and field_name[start + 1 : end].isdigit():
        index = int(field_name[start + 1 : end])
        if index < len(carriers):
            return carriers[index]
    return ", ".join(carriers)
