"""Composition of the workflow modes in the bench window: customs, dispatch, PUDO, returns, catalog.

``install_workflow_modes`` runs after every station (re)start (the bench composition root,
``bench.app.BenchApp``, calls it with the new station's services). It builds each mode's
view-model over the station's services, adds the pages to the window with their shortcuts, hooks
the customs dialog to the packing service's events, puts the pick-up point strip under the
packing screen's order header and the manifest reminder into the station bar. What an earlier
call installed is taken down first.

Shortcuts: Ctrl+2 returns · Ctrl+3 dispatch (not for Seven Senders Flex accounts: no manifests,
no reminder) · Ctrl+4 pick-up points · Ctrl+5 catalog · Ctrl+6 shift (the warehouse's benches,
only with a warehouse store); packing (Ctrl+1) and settings (F10) are
the window's own. Every view-model's sounds go out through the packing view-model's
``sound_requested`` (one player), and every coroutine through its ``TaskRunner``.

Like the rest of the composition root this module may know adapters (the product export
reader); the widgets never do.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QWidget

from packstation.adapters.catalog_file import images_folder, load_catalog
from packstation.composition.station import Station, barcode_config
from packstation.composition.workflows import Workflows
from packstation.domain.barcodes import BarcodeConfig, CodeKind, parse_scan
from packstation.domain.catalog import CatalogListing
from packstation.domain.cycle import CycleStatus
from packstation.domain.orders import MerchantOrder, OrderSourceError
from packstation.ports import CatalogImages
from packstation.settings.model import Settings
from packstation.ui.catalog_mode import CatalogMode, catalog_title
from packstation.ui.catalog_viewmodel import CatalogViewModel
from packstation.ui.customs_dialog import CustomsPrompt
from packstation.ui.customs_viewmodel import CustomsViewModel
from packstation.ui.dispatch_mode import DispatchMode, ReminderLabel, dispatch_title
from packstation.ui.dispatch_viewmodel import DispatchViewModel, ReminderViewModel
from packstation.ui.pickup_point import PickupPointStrip, PickupPointViewModel
from packstation.ui.pudo_mode import PudoMode, pudo_title
from packstation.ui.pudo_viewmodel import PudoViewModel
from packstation.ui.returns_mode import ReturnsMode, returns_title
from packstation.ui.returns_viewmodel import ReturnsViewModel
from packstation.ui.shift_mode import ShiftMode, shift_title
from packstation.ui.shift_viewmodel import ShiftViewModel
from packstation.ui.station_window import StationWindow

log = logging.getLogger(__name__)

#: (mode key, shortcut) of the workflow modes, in the order of the mode bar.
SHORTCUTS = {
    "returns": "Ctrl+2",
    "dispatch": "Ctrl+3",
    "pudo": "Ctrl+4",
    "catalog": "Ctrl+5",
    "shift": "Ctrl+6",
}


def install_workflow_modes(
    window: StationWindow,
    station: Station,
    workflows: Workflows | None,
    settings: Settings | None = None,
    *,
    reminder_poll_s: float = 60.0,
    status_poll_s: float = 3.0,
    shift_poll_s: float = 2.0,
) -> WorkflowModes:
    """Add (or replace) the workflow modes of ``window`` for ``station``; returns them."""
    for old in window.findChildren(WorkflowModes):
        old.close()
    return WorkflowModes(
        window,
        station,
        workflows,
        settings,
        reminder_poll_s=reminder_poll_s,
        status_poll_s=status_poll_s,
        shift_poll_s=shift_poll_s,
    )


class WorkflowModes(QObject):
    """What ``install_workflow_modes`` put into one window for one station."""

    def __init__(
        self,
        window: StationWindow,
        station: Station,
        workflows: Workflows | None,
        settings: Settings | None,
        *,
        reminder_poll_s: float,
        status_poll_s: float,
        shift_poll_s: float = 2.0,
    ) -> None:
        super().__init__(window)
        self.setObjectName("workflow-modes")
        self.window = window
        self.station = station
        self._keys: list[str] = []
        self._extras: list[QWidget] = []
        self.pudo: PudoViewModel | None = None
        self.returns: ReturnsViewModel | None = None
        self.catalog: CatalogViewModel | None = None
        self.pickup: PickupPointViewModel | None = None
        self.shift: ShiftViewModel | None = None
        self._install_customs(status_poll_s)
        self._install_dispatch(reminder_poll_s)
        if workflows is None:
            for key in ("returns", "pudo", "catalog"):
                _drop(window, key)
            if self.dispatch is not None:
                self._add("dispatch", dispatch_title, DispatchMode(self.dispatch))
        else:
            self._install_workflows(workflows, settings, status_poll_s)
        self._install_shift(shift_poll_s)

    def _install_shift(self, poll_s: float) -> None:
        """The shift view of the warehouse's benches (only with a warehouse store)."""
        link = self.station.warehouse
        if link is None:
            _drop(self.window, "shift")
            return
        self.shift = ShiftViewModel(
            link.shift, self.window.vm.runner, poll_s=poll_s, listen=link.listen, parent=self
        )
        self._add("shift", shift_title, ShiftMode(self.shift))

    def _install_customs(self, status_poll_s: float) -> None:
        """The customs dialog opens when the packing service's follow-ups leave work for the
        packer."""
        station, pack_vm = self.station, self.window.vm
        self.customs = CustomsViewModel(
            station.customs, pack_vm.runner, poll_s=status_poll_s, parent=self
        )
        self.customs.sound_requested.connect(pack_vm.sound_requested)
        self.customs_prompt = CustomsPrompt(self.customs, self.window)
        self._unsubscribe: Callable[[], None] | None = station.service.subscribe(
            self.customs.on_packing_event
        )

    def _install_dispatch(self, reminder_poll_s: float) -> None:
        """Dispatch and the manifest reminder (never for Flex accounts)."""
        station, pack_vm = self.station, self.window.vm
        self.dispatch: DispatchViewModel | None = None
        self.reminder: ReminderViewModel | None = None
        if not station.dispatch.manifests_used:
            _drop(self.window, "dispatch")
            return
        self.dispatch = DispatchViewModel(
            station.dispatch, station.customs, pack_vm.runner, parent=self
        )
        self.dispatch.sound_requested.connect(pack_vm.sound_requested)
        self.dispatch.customs_requested.connect(self.customs.open_order)
        self.reminder = ReminderViewModel(
            station.dispatch,
            pack_vm.runner,
            poll_s=reminder_poll_s,
            shortcut=SHORTCUTS["dispatch"],
            parent=self,
        )
        label = ReminderLabel()
        self.reminder.reminder_changed.connect(label.show_reminder)
        self._station_bar_insert(label)
        self.reminder.start()

    def _install_workflows(
        self, workflows: Workflows, settings: Settings | None, status_poll_s: float
    ) -> None:
        """Returns (Ctrl+2), dispatch (Ctrl+3), pick-up points (Ctrl+4), catalog (Ctrl+5) and
        the pick-up point strip under the packing screen's order header."""
        window, pack_vm, runner = self.window, self.window.vm, self.window.vm.runner
        finder = _OrderFinder(self.station, workflows, settings)

        self.returns = ReturnsViewModel(
            workflows.returns, runner, poll_s=status_poll_s, parent=self
        )
        self.returns.sound_requested.connect(pack_vm.sound_requested)
        self._add("returns", returns_title, ReturnsMode(self.returns))
        if self.dispatch is not None:
            self._add("dispatch", dispatch_title, DispatchMode(self.dispatch))

        self.pudo = PudoViewModel(
            workflows.pudo,
            runner,
            bench_order=finder.packing_order,
            find_order=finder.find_order,
            parent=self,
        )
        self.pudo.sound_requested.connect(pack_vm.sound_requested)
        pudo_mode = PudoMode(self.pudo)
        pudo_mode.back_requested.connect(lambda: window.set_mode("packing"))
        self._add("pudo", pudo_title, pudo_mode)

        self.catalog = CatalogViewModel(
            workflows.catalog,
            _load_catalog,
            runner,
            images_folder=settings.catalog_images_dir if settings is not None else None,
            parent=self,
        )
        self.catalog.sound_requested.connect(pack_vm.sound_requested)
        self._add("catalog", catalog_title, CatalogMode(self.catalog))

        # the pick-up point of the order on the bench, under the packing screen's header
        self.pickup = PickupPointViewModel(
            workflows.pudo.describe_pickup_point, finder.bench_order, runner, parent=self
        )
        strip = PickupPointStrip()
        self.pickup.point_changed.connect(strip.show_point)
        pack_vm.order_changed.connect(self.pickup.on_order_changed)
        self.pudo.point_chosen.connect(self.pickup.on_point_chosen)
        self._packing_insert(strip)

    # ------------------------------------------------------------------ helpers

    def _add(self, key: str, title: Callable[[], str], widget: QWidget) -> None:
        _drop(self.window, key)
        self.window.add_mode(key, title, widget, SHORTCUTS[key])
        self._keys.append(key)

    def _station_bar_insert(self, widget: QWidget) -> None:
        self.window.station_bar.add_item(widget)
        self._extras.append(widget)

    def _packing_insert(self, widget: QWidget) -> None:
        """Under the order header of the packing screen (its third row)."""
        packing = self.window.mode_widget("packing")
        header = getattr(packing, "header", None)
        layout = packing.layout() if packing is not None else None
        if not isinstance(layout, QBoxLayout) or not isinstance(header, QWidget):
            widget.deleteLater()
            return
        index = layout.indexOf(header)
        layout.insertWidget(index + 1 if index >= 0 else layout.count(), widget)
        self._extras.append(widget)

    def stop(self) -> None:
        """Start nothing more: no packing events, no polling (before the runner drains)."""
        if self._unsubscribe is not None:
            with contextlib.suppress(ValueError):
                self._unsubscribe()
            self._unsubscribe = None
        if self.reminder is not None:
            self.reminder.stop()
        self.customs.stop()
        if self.returns is not None:
            self.returns.stop()
        if self.shift is not None:
            self.shift.stop()

    def close(self) -> None:
        """Take everything out of the window (before the next station's modes go in)."""
        self.stop()
        if self.pickup is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.window.vm.order_changed.disconnect(self.pickup.on_order_changed)
        dialog = self.customs_prompt.dialog
        if dialog is not None:
            dialog.reject()
        self.customs_prompt.deleteLater()
        for key in self._keys:
            _drop(self.window, key)
        self._keys = []
        for widget in self._extras:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self._extras = []
        self.setParent(None)
        self.deleteLater()


def _drop(window: StationWindow, key: str) -> None:
    widget = window.remove_mode(key)
    if widget is not None:
        widget.setParent(None)
        widget.deleteLater()


class _OrderFinder:
    """The orders the PUDO mode and the pick-up point strip ask about."""

    def __init__(self, station: Station, workflows: Workflows, settings: Settings | None) -> None:
        self._station = station
        self._workflows = workflows
        self._barcodes = barcode_config(settings) if settings is not None else BarcodeConfig()

    def bench_order(self) -> MerchantOrder | None:
        session = self._station.service.current
        return session.order if session is not None else None

    def packing_order(self) -> MerchantOrder | None:
        session = self._station.service.current
        if session is None or session.status is not CycleStatus.PACKING:
            return None
        return session.order

    async def find_order(self, code: str) -> MerchantOrder | None:
        scan = parse_scan(code, self._barcodes)
        order_id = scan.order_id if scan.kind is CodeKind.ORDER else None
        order_id = order_id or code.strip()
        orders = self._workflows.orders
        if orders is None or not order_id:
            return None
        try:
            return await orders.get_order(order_id)
        except OrderSourceError as exc:
            log.info("no order for the scan %s: %s", code, exc)
            return None


async def _load_catalog(path: Path, folder: Path | None) -> tuple[CatalogListing, CatalogImages]:
    return await load_catalog(path), images_folder(path, folder)


__all__ = ["SHORTCUTS", "WorkflowModes", "install_workflow_modes"]
