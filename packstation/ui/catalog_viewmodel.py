"""Catalog mode's view-model: sync the merchant's product export to Return Portal Pro.

The operator picks the export file (CSV or JSON) and the images folder, optionally as a dry run
(nothing is sent: the summary says what would be), and starts the sync. ``CatalogSync`` reports
after every product; the progress bar follows. The summary at the end counts what was created,
updated, deleted and left unchanged, and lists every failure with its reason. Reading the
export is the composition root's business (``load``): the window never opens files itself.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from packstation.domain.catalog import CatalogListing, CatalogSummary
from packstation.domain.errors import ShippingApiError
from packstation.ports import CatalogImages
from packstation.services.catalog import CatalogProgress, CatalogStep, CatalogSync
from packstation.ui.service_notes import notes_lines, optional_note_text
from packstation.ui.service_words import describe
from packstation.ui.sounds import Sound
from packstation.ui.tasks import TaskRunner
from packstation.ui.theme import Tone
from packstation.ui.workflow_parts import Message, WorkflowViewModel

log = logging.getLogger(__name__)

#: Reads an export and names its images folder (the folder given, else the file's own).
CatalogLoader = Callable[[Path, Path | None], Awaitable[tuple[CatalogListing, CatalogImages]]]


@dataclass(frozen=True, slots=True)
class ProgressView:
    done: int
    total: int
    last: str  # "SKU-1: created"


@dataclass(frozen=True, slots=True)
class FailureRow:
    sku: str
    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class SummaryView:
    """The end of a sync, for the screen."""

    dry_run: bool
    counts: tuple[tuple[str, int], ...]  # (caption, number) in screen order
    failures: tuple[FailureRow, ...]
    cautions: tuple[str, ...]  # the sync's warnings, worded (ui/service_notes.py)
    seconds: float
    source: str


class CatalogViewModel(WorkflowViewModel):
    """State and intents of catalog mode.

    Signals:
        progress_changed(ProgressView): after each product.
        summary_changed(object): ``SummaryView`` at the end of a sync, or None when one starts.
        message_changed(Message): what the mode says now.
        busy_changed(bool): a sync runs.
        sound_requested(Sound): play this sound.
    """

    progress_changed = Signal(object)
    summary_changed = Signal(object)

    def __init__(
        self,
        sync: CatalogSync,
        load: CatalogLoader,
        runner: TaskRunner,
        *,
        images_folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._sync = sync
        self._load = load
        self.default_images = images_folder
        self._summary: CatalogSummary | None = None
        self._message = Message(
            Tone.READY,
            self.tr("Sync the product catalog with Seven Senders"),
            self.tr("Choose the export file (F3) and the images folder (F4), then F2."),
        )

    @property
    def summary(self) -> CatalogSummary | None:
        return self._summary

    def start_sync(self, file: str, images: str, dry_run: bool) -> None:
        """Sync the export ``file`` (images from ``images``, else the file's folder)."""
        if self._busy:
            return
        path = Path(file.strip()) if file.strip() else None
        if path is None or not path.is_file():
            self._say(
                Tone.WARNING,
                self.tr("Choose the export file first"),
                self.tr("{0} is not a file.").format(file) if file.strip() else "",
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        folder = Path(images.strip()) if images.strip() else self.default_images
        if folder is not None and not folder.is_dir():
            self._say(
                Tone.WARNING,
                self.tr("The images folder does not exist"),
                str(folder),
            )
            self.sound_requested.emit(Sound.ATTENTION)
            return
        self.runner.start(self._run(path, folder, dry_run), name="catalog sync")

    async def _run(self, path: Path, folder: Path | None, dry_run: bool) -> None:
        self._set_busy(True)
        self.summary_changed.emit(None)
        self.progress_changed.emit(ProgressView(0, 0, ""))
        try:
            try:
                listing, images = await self._load(path, folder)
            except OSError as exc:
                self._say(Tone.ERROR, self.tr("The export cannot be read"), describe(exc))
                self.sound_requested.emit(Sound.ATTENTION)
                return
            self._say(
                Tone.WORKING,
                (
                    self.tr("Dry run: checking {0} product(s)…")
                    if dry_run
                    else self.tr("Syncing {0} product(s)…")
                ).format(len(listing.products)),
                path.name,
            )
            try:
                summary = await self._sync.sync(
                    listing, images, dry_run=dry_run, on_progress=self._on_progress
                )
            except ShippingApiError as exc:
                self._say(Tone.ERROR, self.tr("Seven Senders could not be asked"), describe(exc))
                self.sound_requested.emit(Sound.ATTENTION)
                return
        finally:
            self._set_busy(False)
        self._summary = summary
        self.summary_changed.emit(self._view(summary))
        counts = summary.counts()
        changed = counts["created"] + counts["updated"] + counts["deleted"]
        if summary.failed:
            self._say(
                Tone.WARNING,
                self.tr("Sync finished with {0} failure(s)").format(len(summary.failed)),
                self.tr("The others went through; the failures are listed with their reasons."),
            )
            self.sound_requested.emit(Sound.ATTENTION)
        elif dry_run:
            self._say(
                Tone.SUCCESS,
                self.tr("Dry run finished: {0} product(s) would change").format(changed),
                self.tr("Nothing was sent. F2 without dry run (F6) sends it."),
            )
            self.sound_requested.emit(Sound.COMPLETE)
        else:
            self._say(
                Tone.SUCCESS,
                self.tr("Catalog synced: {0} product(s) changed").format(changed),
                self.tr("{0} unchanged.").format(counts["unchanged"]),
            )
            self.sound_requested.emit(Sound.COMPLETE)

    def _on_progress(self, progress: CatalogProgress) -> None:
        steps = {
            CatalogStep.CREATED: self.tr("created"),
            CatalogStep.UPDATED: self.tr("updated"),
            CatalogStep.DELETED: self.tr("deleted"),
            CatalogStep.UNCHANGED: self.tr("unchanged"),
            CatalogStep.FAILED: self.tr("failed"),
            CatalogStep.PLANNED: self.tr("would change"),
        }
        last = f"{progress.sku}: {steps.get(progress.step, progress.step.value)}"
        # why a product failed is in the failures table of the summary
        self.progress_changed.emit(ProgressView(progress.done, progress.total, last))

    def _view(self, summary: CatalogSummary) -> SummaryView:
        counts = summary.counts()
        captions = (
            (self.tr("Created"), counts["created"]),
            (self.tr("Updated"), counts["updated"]),
            (self.tr("Deleted"), counts["deleted"]),
            (self.tr("Unchanged"), counts["unchanged"]),
            (self.tr("Images uploaded"), counts["images_uploaded"]),
            (self.tr("Images deleted"), counts["images_deleted"]),
            (self.tr("Failed"), counts["failed"]),
        )
        seconds = summary.extra.get("seconds", 0.0)
        return SummaryView(
            dry_run=summary.dry_run,
            counts=captions,
            # why each failed, worded by kind or by its 7S error (never the English reason)
            failures=tuple(
                FailureRow(f.sku, f.where, optional_note_text(f.note)) for f in summary.failed
            ),
            cautions=notes_lines(summary.warnings),  # worded by kind, never the English
            seconds=float(seconds) if isinstance(seconds, (int, float)) else 0.0,
            source=summary.source,
        )
