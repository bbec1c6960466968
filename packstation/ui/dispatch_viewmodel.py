"""Dispatch mode's view-model: customs shipments by pick-up, and the manifest that closes one.

The shift lead picks a pick-up, enters the pieces (outer containers: pallets, cages, boxes),
sees the manifest id the station generated, confirms in a dialog that the manifest is final
(it can never be changed once posted), and posts it. Everything comes from
``DispatchService``; this only words it and keeps the selection. Declarations that still wait
for the packer are listed too, so the customs dialog can be opened for them.

``ReminderViewModel`` is the station bar's reminder: a pick-up time passed with customs
shipments not in a manifest. It asks the service on a timer (journal only, no network).
Neither exists for Seven Senders Flex accounts (the composition root leaves them out).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from packstation.domain.customs_declaration import CustomsDeclaration, DeclarationStatus
from packstation.domain.dispatch import PickupKey
from packstation.domain.errors import ShippingApiError
from packstation.services.customs import CustomsService
from packstation.services.dispatch import (
    DispatchListing,
    DispatchService,
    ManifestError,
    ManifestPreview,
    PickupGroup,
)
from packstation.ui.customs_notes import declaration_note_text
from packstation.ui.service_notes import notes_lines, notes_text
from packstation.ui.service_words import describe
from packstation.ui.sounds import Sound
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone
from packstation.ui.workflow_parts import WorkflowViewModel

log = logging.getLogger(__name__)

#: Declarations that wait for the packer (listed so the customs dialog can be opened).
FOR_THE_PACKER = (
    DeclarationStatus.NEEDS_DATA,
    DeclarationStatus.AWAITING_CONFIRMATION,
    DeclarationStatus.REFUSED,
)


@dataclass(frozen=True, slots=True)
class PickupRow:
    when: str  # "Mon 30.11. 16:00"
    shipments: int
    orders: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class ShipmentRow:
    order_id: str
    parcel: str  # "1/2"
    tracking_code: str
    detail: str  # customs id, status or what is missing


@dataclass(frozen=True, slots=True)
class DispatchView:
    """What dispatch mode shows."""

    pickups: tuple[PickupRow, ...]
    selected: int  # -1: none
    shipments: tuple[ShipmentRow, ...]  # of the selected pick-up
    waiting: tuple[ShipmentRow, ...]  # not accepted by 7S yet
    to_confirm: tuple[ShipmentRow, ...]  # waiting for the packer (customs dialog)
    problems: tuple[str, ...]
    checked: bool


@dataclass(frozen=True, slots=True)
class ManifestView:
    """The manifest to post, as the shift lead confirms it."""

    manifest_id: str
    pickup: str
    shipments: int
    orders: str
    pieces: int
    left_out: int  # same pick-up, not accepted by 7S yet


class DispatchViewModel(WorkflowViewModel):
    """State and intents of dispatch mode.

    Signals:
        view_changed(DispatchView): pick-ups, their shipments, waiting and to-confirm lists.
        manifest_changed(object): ``ManifestView`` of the selected pick-up, or None.
        message_changed(Message): what the mode says now.
        busy_changed(bool): Seven Senders is being asked or the manifest posted.
        confirm_requested(ManifestView): ask the shift lead to confirm that it is final.
        customs_requested(str): open the customs dialog for this order.
        sound_requested(Sound): play this sound.
    """

    view_changed = Signal(object)
    manifest_changed = Signal(object)
    confirm_requested = Signal(object)
    customs_requested = Signal(str)

    def __init__(
        self,
        service: DispatchService,
        customs: CustomsService,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._customs = customs
        self._listing: DispatchListing | None = None
        self._to_confirm: list[CustomsDeclaration] = []
        self._selected = -1
        self._pieces = 1
        self._preview: ManifestPreview | None = None

    # ------------------------------------------------------------------ reading state

    @property
    def pieces(self) -> int:
        return self._pieces

    @property
    def preview(self) -> ManifestPreview | None:
        return self._preview

    def groups(self) -> tuple[PickupGroup, ...]:
        return self._listing.groups if self._listing is not None else ()

    # ------------------------------------------------------------------ intents

    def refresh(self) -> None:
        """List the customs shipments again (cross-checked with Seven Senders)."""
        if not self._busy:
            self.runner.start(self._refresh(), name="dispatch listing")

    def select(self, index: int) -> None:
        """Choose the pick-up at ``index`` (its manifest id is generated for a look)."""
        if index == self._selected or not 0 <= index < len(self.groups()):
            return
        self._selected = index
        self._preview = None
        self._emit_view()
        self.manifest_changed.emit(None)
        if not self._busy:
            self.runner.start(self._make_preview(), name="manifest preview")

    def set_pieces(self, pieces: int) -> None:
        self._pieces = max(0, pieces)
        self._emit_manifest()

    def post(self) -> None:
        """Ask for the confirmation that the manifest is final (then ``post_confirmed``)."""
        if self._busy:
            return
        if self._preview is None:
            self._say(
                Tone.WARNING,
                self.tr("Choose a pick-up first"),
                self.tr("Arrow keys choose the pick-up; its manifest id appears on the right."),
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        if self._pieces < 1:
            self._say(
                Tone.WARNING,
                self.tr("Enter the number of pieces"),
                self.tr("Pieces are the outer containers handed to the carrier: at least 1."),
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        view = self._manifest_view()
        if view is not None:
            self.confirm_requested.emit(view)

    def post_confirmed(self, manifest_id: str) -> None:
        """The shift lead confirmed that manifest ``manifest_id`` is final: post it."""
        preview = self._preview
        if self._busy or preview is None or preview.manifest_id != manifest_id:
            return
        self.runner.start(self._post(preview), name="manifest post")

    def open_customs(self, index: int) -> None:
        """Open the customs dialog for the declaration at ``index`` of the to-confirm list."""
        if 0 <= index < len(self._to_confirm):
            self.customs_requested.emit(self._to_confirm[index].order_id)

    # ------------------------------------------------------------------ work

    async def _refresh(self) -> None:
        self._set_busy(True)
        self._say(Tone.WORKING, self.tr("Asking Seven Senders…"))
        try:
            listing = await self._service.listing(check=True)
            self._to_confirm = await self._customs.declarations(statuses=FOR_THE_PACKER)
        except ShippingApiError as exc:
            self._say(Tone.ERROR, self.tr("Seven Senders could not be asked"), describe(exc))
            return
        finally:
            self._set_busy(False)
        chosen = self._chosen_pickup()
        self._listing = listing
        pickups = [g.pickup for g in listing.groups]
        self._selected = pickups.index(chosen) if chosen in pickups else (0 if pickups else -1)
        self._preview = None
        self._emit_view()
        self.manifest_changed.emit(None)
        if self._selected >= 0:
            await self._make_preview()
        elif listing.waiting:
            self._say(
                Tone.READY,
                self.tr("No pick-up is ready for a manifest yet"),
                self.tr("{0} customs shipment(s) wait for Seven Senders to accept them.").format(
                    len(listing.waiting)
                ),
            )
        else:
            self._say(
                Tone.SUCCESS,
                self.tr("Every customs shipment is in a manifest"),
                self.tr("Nothing to post. F5 looks again."),
            )

    async def _make_preview(self) -> None:
        group = self._group()
        if group is None:
            return
        self._set_busy(True)
        try:
            preview = await self._service.preview(self._key(group))
        except (ManifestError, ValueError, ShippingApiError) as exc:
            self._say(Tone.ERROR, self.tr("No manifest for this pick-up"), describe(exc))
            return
        finally:
            self._set_busy(False)
        if self._group() is not group:
            return  # another pick-up was chosen meanwhile
        self._preview = preview
        self._emit_manifest()
        overdue = group.overdue
        self._say(
            Tone.WARNING if overdue else Tone.READY,
            self.tr("Pick-up {0}: enter the pieces, then F2").format(self._when(group.pickup)),
            (self.tr("The pick-up time has passed. ") if overdue else "")
            + self.tr("Manifest {0} with {1} customs shipment(s).").format(
                preview.manifest_id, len(preview.shipment_ids)
            ),
        )

    async def _post(self, preview: ManifestPreview) -> None:
        group = self._group()
        self._set_busy(True)
        self._say(Tone.WORKING, self.tr("Posting manifest {0}…").format(preview.manifest_id))
        try:
            result = await self._service.post_manifest(
                pieces=self._pieces,
                pickup=self._key(group) if group is not None else None,
                manifest_ref=preview.manifest_id,
                acknowledge_final=True,
            )
        except (ManifestError, ValueError, ShippingApiError) as exc:
            log.info("manifest %s not posted: %s", preview.manifest_id, exc)
            self._say(Tone.ERROR, self.tr("The manifest was not posted"), describe(exc))
            self.sound_requested.emit(Sound.ATTENTION)
            return
        finally:
            self._set_busy(False)
        manifest = result.manifest
        headline = self.tr("Manifest {0} posted").format(manifest.manifest_id)
        if result.already_posted:
            headline = self.tr("Manifest {0} was posted already").format(manifest.manifest_id)
        detail = self.tr("{0} customs shipment(s), {1} piece(s). It can no longer change.").format(
            len(manifest.shipment_ids), manifest.pieces
        )
        warned = notes_text(result.warnings)  # worded by kind, never the English
        if warned:
            detail += " " + warned
        self.sound_requested.emit(Sound.COMPLETE)
        self._pieces = 1
        await self._refresh()
        self._say(Tone.SUCCESS, headline, detail)

    # ------------------------------------------------------------------ views and words

    def _group(self) -> PickupGroup | None:
        groups = self.groups()
        return groups[self._selected] if 0 <= self._selected < len(groups) else None

    def _chosen_pickup(self) -> datetime | None:
        group = self._group()
        return group.pickup if group is not None else None

    def _key(self, group: PickupGroup) -> PickupKey:
        local = self._service.local(group.pickup)
        return PickupKey(local.date(), local.time().replace(second=0, microsecond=0))

    def _when(self, moment: datetime) -> str:
        local = self._service.local(moment)
        return f"{_weekday(local)} {local:%d.%m. %H:%M}"

    def _emit_view(self) -> None:
        listing = self._listing
        if listing is None:
            return
        pickups = tuple(
            PickupRow(self._when(g.pickup), len(g.shipment_ids), ", ".join(g.orders), g.overdue)
            for g in listing.groups
        )
        group = self._group()
        shipments = tuple(
            self._row(d, self.tr("accepted · {0}").format(d.customs_id or "—"))
            for d in (group.declarations if group else ())
        ) + tuple(
            ShipmentRow(o.order_id, str(o.parcel_no), "", self.tr("at {0}").format(o.bench_name))
            for o in (group.others if group else ())
        )
        waiting = tuple(
            self._row(
                d,
                self.tr("waiting for Seven Senders · pick-up {0}").format(
                    self._when(d.planned_pickup) if d.planned_pickup else "—"
                ),
            )
            for d in listing.waiting
        )
        status_words = {
            DeclarationStatus.NEEDS_DATA: self.tr("data missing"),
            DeclarationStatus.AWAITING_CONFIRMATION: self.tr("to confirm"),
            DeclarationStatus.REFUSED: self.tr("refused by Seven Senders"),
        }
        to_confirm = tuple(
            self._row(d, status_words.get(d.status, d.status.value) + _note(d))
            for d in self._to_confirm
        )
        self.view_changed.emit(
            DispatchView(
                pickups=pickups,
                selected=self._selected,
                shipments=shipments,
                waiting=waiting,
                to_confirm=to_confirm,
                problems=notes_lines(listing.problems),  # worded by kind
                checked=listing.checked,
            )
        )

    def _row(self, d: CustomsDeclaration, detail: str) -> ShipmentRow:
        return ShipmentRow(
            order_id=d.order_id,
            parcel=f"{d.parcel_no}/{d.parcel_count}",
            tracking_code=d.tracking_code,
            detail=detail,
        )

    def _manifest_view(self) -> ManifestView | None:
        preview = self._preview
        if preview is None:
            return None
        return ManifestView(
            manifest_id=preview.manifest_id,
            pickup=self._when(preview.pickup),
            shipments=len(preview.shipment_ids),
            orders=", ".join(preview.orders),
            pieces=self._pieces,
            left_out=len(preview.waiting),
        )

    def _emit_manifest(self) -> None:
        self.manifest_changed.emit(self._manifest_view())


class ReminderViewModel(QObject):
    """The station bar's reminder of pick-ups passed without a manifest.

    Signals:
        reminder_changed(str): the reminder in the window's language ("" when none).
    """

    reminder_changed = Signal(str)

    def __init__(
        self,
        service: DispatchService,
        runner: TaskRunner,
        *,
        poll_s: float = 60.0,
        shortcut: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self.runner = runner
        self._shortcut = shortcut
        self._checking = False
        self.text = ""
        self._timer = QTimer(self)
        self._timer.setInterval(max(50, int(poll_s * 1000)))
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        if self._service.manifests_used:
            self._timer.start()
            self.check()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        if not self._checking:
            self._checking = True
            self.runner.start(self._check(), name="manifest reminder")

    async def _check(self) -> None:
        try:
            reminder = await self._service.reminder()
        finally:
            self._checking = False
        text = ""
        if reminder is not None:
            local = self._service.local(reminder.pickup)
            text = self.tr(
                "Pick-up {0} has passed: {1} customs shipment(s) not in a manifest"
            ).format(f"{_weekday(local)} {local:%d.%m. %H:%M}", reminder.shipments)
            if self._shortcut:
                text += self.tr(" — dispatch ({0})").format(self._shortcut)
        if text != self.text:
            self.text = text
            self.reminder_changed.emit(text)


def _weekday(moment: datetime) -> str:
    names = (
        QCoreApplication.translate("DispatchViewModel", "Mon"),
        QCoreApplication.translate("DispatchViewModel", "Tue"),
        QCoreApplication.translate("DispatchViewModel", "Wed"),
        QCoreApplication.translate("DispatchViewModel", "Thu"),
        QCoreApplication.translate("DispatchViewModel", "Fri"),
        QCoreApplication.translate("DispatchViewModel", "Sat"),
        QCoreApplication.translate("DispatchViewModel", "Sun"),
    )
    return names[moment.weekday()]


def _note(d: CustomsDeclaration) -> str:
    worded = declaration_note_text(d)
    return f" · {worded}" if worded else ""
