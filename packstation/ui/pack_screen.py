"""What the packing screen shows: the display state behind ``PackViewModel``.

``BenchScreen`` holds everything the window draws — banner, notice, the order on the bench
with its item and parcel rows, the station bar, the label preview, the product pictures — and
the signals that carry it. ``PackViewModel`` (``pack_viewmodel``) builds on it with the
packer's intents; the window only ever talks to the view-model.

The banner is kept as a function (``_show``), so a language switch re-words it; every banner
of the bench comes from the wording table (``_say``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from packstation.domain.cycle import CycleStatus, VerificationPolicy
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.services.packing import InFlight, OrderSession, PackingService
from packstation.ui.pack_display import line_rows, live_labels, order_header, parcel_rows
from packstation.ui.pack_preview import LabelPreview, ProductImages
from packstation.ui.pack_station_bar import StationBar
from packstation.ui.pack_views import ActionState, Banner, PackBackend, StationView
from packstation.ui.pack_wording import Say, banner, sound_of
from packstation.ui.tasks import TaskRunner


def utcnow() -> datetime:
    return datetime.now(UTC)


class BenchScreen(QObject):
    """The display state of the packing screen and the signals that carry it.

    Signals:
        banner_changed(Banner): the next action / what just happened.
        notice_changed(str): a second line for things worth knowing (may be empty).
        order_changed(object): ``OrderHeaderView`` of the order on the bench, or None.
        lines_changed(list, int): ``LineView`` rows and the row scanned last (-1: none).
        parcels_changed(list): ``ParcelView`` rows.
        preview_changed(object): ``PreviewView`` of the last label, or None.
        image_ready(str, QImage): a product picture for the SKU arrived.
        station_changed(StationView): the station bar.
        actions_changed(ActionState): which actions make sense now.
        busy_changed(bool): an intent is being carried out.
        resume_offered(list): ``InFlightView`` of cycles left unfinished (after a restart).
        uncertain_print(UncertainPrintView): a label that may have printed before the station
            stopped; the packer is asked whether it came out.
        dialog_requested(BenchDialog): a command barcode asks for a dialog (a reason).
        approval_requested(ApprovalView): a supervisor must approve (badge scan or PIN).
        sound_requested(Sound): play this sound now.
    """

    banner_changed = Signal(object)
    notice_changed = Signal(str)
    order_changed = Signal(object)
    lines_changed = Signal(list, int)
    parcels_changed = Signal(list)
    preview_changed = Signal(object)
    image_ready = Signal(str, QImage)
    station_changed = Signal(object)
    actions_changed = Signal(object)
    busy_changed = Signal(bool)
    resume_offered = Signal(list)
    uncertain_print = Signal(object)
    dialog_requested = Signal(object)
    approval_requested = Signal(object)
    sound_requested = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        clock: Callable[[], datetime] = utcnow,
        station_poll_s: float = 10.0,
        connection_poll_s: float = 60.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._clock = clock
        self._backend: PackBackend | None = None
        self._busy = False
        self._banner_source: Callable[[], Banner] = lambda: banner(Say.STARTING)
        self._notice_source: Callable[[], str] = str
        self._session: OrderSession | None = None
        self._order: MerchantOrder | None = None  # the order shown (None: the header is empty)
        self._highlight = -1
        self._last_order_id: str | None = None
        self._in_flight: list[InFlight] = []
        self._station = StationBar(
            runner,
            self._station_view_changed,
            clock=clock,
            station_poll_s=station_poll_s,
            connection_poll_s=connection_poll_s,
            parent=self,
        )
        self._preview = LabelPreview(self.preview_changed.emit)
        self._images = ProductImages(self.image_ready.emit)

    # ------------------------------------------------------------------ reading state

    @property
    def backend(self) -> PackBackend | None:
        return self._backend

    @property
    def banner(self) -> Banner:
        """The banner as shown now."""
        return self._banner_source()

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def last_order_id(self) -> str | None:
        return self._last_order_id

    def default_reprint_target(self) -> str:
        session = self._current()
        if session is not None and any(a.live for a in session.attempts):
            return session.order_id
        return self._last_order_id or ""

    def voidable_labels(self) -> list[tuple[str, str]]:
        """(tracking code, description) of the live labels of the order on the bench."""
        session = self._current()
        return [] if session is None else live_labels(session)

    def current_parcels(self) -> list[int | None]:
        """The weights (g) of the parcels of the order being packed (empty: none)."""
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            return []
        return [p.weight_g for p in session.parcels]

    def image_for(self, sku: str) -> QImage | None:
        return self._images.get(sku)

    def retranslate(self) -> None:
        """The language changed: say everything again in the new one."""
        self.banner_changed.emit(self._banner_source())
        self.notice_changed.emit(self._notice_source())
        self._emit_order()
        self._emit_lines()
        self._emit_parcels()
        self._station.show()

    # ------------------------------------------------------------------ the order on the bench

    def _take_session(self, session: OrderSession) -> None:
        changed = self._session is not session
        self._session = session
        self._order = session.order
        if changed:
            self._highlight = -1
            self._images.clear(session)
            self._preview.set(None)
            backend = self._backend
            if backend is not None and backend.fetch_image is not None:
                self.runner.start(self._images.load(backend, session), name="product images")
        self._emit_order()
        self._emit_lines()
        self._emit_parcels()

    def _refresh_session(self) -> None:
        current = self._backend.service.current if self._backend else None
        if current is not None and current is not self._session:
            self._take_session(current)

    def _clear_order(self) -> None:
        self._session = None
        self._order = None
        self._images.stop_loading()
        self._highlight = -1
        self.order_changed.emit(None)
        self.lines_changed.emit([], -1)
        self.parcels_changed.emit([])

    def _current(self) -> OrderSession | None:
        if self._backend is None:
            return None
        current = self._backend.service.current
        if current is not None and current is self._session:
            return current
        if (
            current is not None
            and self._session is not None
            and current.cycle_id == self._session.cycle_id
        ):
            self._session = current
            return current
        return self._session if current is None else current

    def _packing_now(self) -> bool:
        """An order is being packed (not finished, not waiting for its labels)."""
        session = self._current()
        return session is not None and session.status is CycleStatus.PACKING

    def _line(self, index: int | None) -> OrderLine | None:
        session = self._current()
        if session is None or index is None or not 0 <= index < len(session.order.lines):
            return None
        return session.order.lines[index]

    def _progress(self) -> tuple[int, int]:
        """(units scanned, units in the order) of the order on the bench."""
        session = self._current()
        if session is None:
            return (0, 0)
        return (session.progress.units_scanned, session.progress.units_total)

    # ------------------------------------------------------------------ emitting

    def _say(
        self, say: Say, head: tuple[object, ...] = (), detail: tuple[object, ...] = ()
    ) -> None:
        """Show the banner of ``say`` (worded by the table) and play its sound."""
        self._show(lambda: banner(say, head, detail))
        sound = sound_of(say)
        if sound is not None:
            self.sound_requested.emit(sound)

    def _show(self, source: Callable[[], Banner]) -> None:
        self._banner_source = source
        self.banner_changed.emit(source())

    def _notice(self, source: Callable[[], str]) -> None:
        self._notice_source = source
        self.notice_changed.emit(source())

    def _ready_banner(self) -> Banner:
        session = self._current()
        if session is None or session.status is not CycleStatus.PACKING:
            service = self._backend.service if self._backend is not None else None
            if service is None or service.packer:
                return banner(Say.SCAN_AN_ORDER)
            if service.policy.require_sign_in:
                return banner(Say.SIGN_IN_FIRST)
            return banner(Say.SCAN_AN_ORDER_NOBODY)
        order = session.order
        who = f"{order.recipient.first_name} {order.recipient.last_name}".strip()
        if self._station.printer_not_ready:
            # never an all-clear while the station bar says the labels cannot print
            printer = self._station.state.view().printer_status
            return banner(
                Say.ORDER_READY_PRINTER_DOWN,
                (printer,),
                (order.order_id, who, order.recipient.city),
            )
        return banner(
            Say.ORDER_READY, self._progress(), (order.order_id, who, order.recipient.city)
        )

    def _emit_order(self) -> None:
        session = self._current()
        if session is None or self._order is None:
            self.order_changed.emit(None)
            return
        carrier = self._service().carrier_for(session.order)
        warn = self._backend.order_age_warning if self._backend else timedelta(hours=24)
        header = order_header(session, carrier.name if carrier else None, self._clock(), warn)
        self.order_changed.emit(header)

    def _emit_lines(self) -> None:
        session = self._current()
        rows = [] if session is None else line_rows(session)
        self.lines_changed.emit(rows, self._highlight if session is not None else -1)

    def refresh_parcels(self) -> None:
        """Redraw the parcels (the boxes panel weighed a box)."""
        self._emit_parcels()

    def _emit_parcels(self) -> None:
        session = self._current()
        self.parcels_changed.emit([] if session is None else parcel_rows(session))
        self._emit_lines()  # the items table's box column follows the boxes

    def _station_view_changed(self, view: StationView) -> None:
        self.station_changed.emit(view)
        self._emit_actions()
        if self._banner_source == self._ready_banner:
            # the ready banner names the printer's state: it follows the bar
            self.banner_changed.emit(self._banner_source())

    def _emit_actions(self) -> None:
        session = self._current()
        packing = session is not None and session.status is CycleStatus.PACKING
        policy = self._backend.service.policy if self._backend else None
        live = session is not None and any(a.live for a in session.attempts)
        self.actions_changed.emit(
            ActionState(
                finish=(session is not None and session.status is not CycleStatus.DONE)
                or bool(self._in_flight),
                print_waiting=self._station.held > 0,
                parcels=packing,
                reprint=bool(self.default_reprint_target()),
                void=live,
                skip=packing
                and policy is not None
                and policy.verification is not VerificationPolicy.REQUIRED
                and session is not None
                and not session.ready_to_finish,
                cancel=packing and not live,
            )
        )

    # ------------------------------------------------------------------ helpers

    def _auto_finish(self) -> bool:
        """The station finishes an order by itself once nothing is left to check."""
        return self._backend is not None and self._backend.service.policy.auto_finish

    def _service(self) -> PackingService:
        return self._require_backend().service

    def _require_backend(self) -> PackBackend:
        if self._backend is None:
            raise RuntimeError("the station is not running")
        return self._backend
