"""Return Portal Pro catalog sync: make the products and images at 7S match the merchant's export.

For every product of the export: create it at 7S, update it when its data changed, upload its
image when the image changed, delete the image when the export no longer names one. Products
this station synced before and that are gone from the export are deleted at 7S; products it
never synced are never touched (the set lives in the journal). A product or image is sent
only when its content hash differs from the one kept after the last successful sync, so a
second run over the same export sends nothing.

Bounded concurrency (``asyncio.Semaphore``); one bad row or one refused call never stops the
others; progress after every product (for the Catalog view's progress bar) and a summary at
the end. Deletions are withheld when rows of the export could not be read (their SKUs are not
known, so a typo must not delete a product) or when the export holds no product at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import PurePosixPath

from packstation.domain.catalog import (
    CatalogFailure,
    CatalogListing,
    CatalogProblem,
    CatalogProduct,
    CatalogSummary,
    ImageAction,
    ImageRejected,
    ProductAction,
    SyncedProduct,
    content_hash,
    image_action,
    inspect_image,
    product_action,
    product_hash,
)
from packstation.domain.cycle import JournalEvent, JournalKind
from packstation.domain.errors import (
    NotFound,
    OutcomeUnknown,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.notes import Note, NoteKind
from packstation.domain.shipping import Product, ProductImage
from packstation.ports import CatalogImages, CatalogStateStore, Journal, ShippingApi

log = logging.getLogger(__name__)


class CatalogStep(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    PLANNED = "planned"  # dry run: what would be sent


@dataclass(frozen=True, slots=True)
class CatalogProgress:
    """Sent after each product (or deletion): ``done`` of ``total``, for a progress bar."""

    done: int
    total: int
    sku: str
    step: CatalogStep
    message: str = ""


CatalogListener = Callable[[CatalogProgress], None]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class _Tally:
    created: list[str]
    updated: list[str]
    deleted: list[str]
    unchanged: list[str]
    images_uploaded: list[str]
    images_deleted: list[str]
    failed: list[CatalogFailure]
    warnings: list[Note]
    done: int = 0

    def summary(self, source: str, dry_run: bool, seconds: float) -> CatalogSummary:
        return CatalogSummary(
            source=source,
            dry_run=dry_run,
            created=tuple(sorted(self.created)),
            updated=tuple(sorted(self.updated)),
            deleted=tuple(sorted(self.deleted)),
            unchanged=tuple(sorted(self.unchanged)),
            images_uploaded=tuple(sorted(self.images_uploaded)),
            images_deleted=tuple(sorted(self.images_deleted)),
            failed=tuple(sorted(self.failed, key=lambda f: (f.sku, f.where))),
            warnings=tuple(self.warnings),
            extra={"seconds": round(seconds, 3)},
        )


class CatalogSync:
    """Syncs a product export to 7S (``packstation catalog sync`` and the Catalog view).

    Args:
        api: Seven Senders.
        state: the journal's record of what was synced (content hashes per SKU).
        journal: one ``catalog_sync`` event per run (counts and failures).
        concurrency: products worked on at once (setting ``catalog_concurrency``).
    """

    def __init__(
        self,
        api: ShippingApi,
        state: CatalogStateStore,
        journal: Journal,
        *,
        concurrency: int = 8,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._api = api
        self._state = state
        self._journal = journal
        self._concurrency = max(1, concurrency)
        self._clock = clock

    async def sync(
        self,
        listing: CatalogListing,
        images: CatalogImages | None = None,
        *,
        dry_run: bool = False,
        on_progress: CatalogListener | None = None,
    ) -> CatalogSummary:
        """Make 7S match ``listing``; returns the summary (never raises for one product)."""
        started = time.perf_counter()
        synced = await self._state.synced_products()
        tally = _Tally([], [], [], [], [], [], [], [])
        for problem in listing.problems:
            tally.failed.append(
                CatalogFailure(
                    problem.sku or "", problem.message, problem.where, _export_note(problem)
                )
            )
        gone = _skus_to_delete(listing, synced, tally)
        total = len(listing.products) + len(gone)
        gate = asyncio.Semaphore(self._concurrency)

        def progress(sku: str, step: CatalogStep, message: str = "") -> None:
            tally.done += 1
            if on_progress is not None:
                try:
                    on_progress(CatalogProgress(tally.done, total, sku, step, message))
                except Exception:
                    log.exception("a catalog progress listener failed")

        async def one(product: CatalogProduct) -> None:
            async with gate:
                try:
                    step, message = await self._product(
                        product, synced.get(product.sku), images, dry_run, tally
                    )
                except Exception as exc:  # a bug must not stop the other products
                    log.exception("catalog sync of %s failed unexpectedly", product.sku)
                    failed = Note(NoteKind.PRODUCT_FAILED, f"unexpected error: {exc}", exc)
                    tally.failed.append(
                        CatalogFailure(product.sku, failed, product.where, failed, exc)
                    )
                    step, message = CatalogStep.FAILED, str(exc)
            progress(product.sku, step, message)

        async def delete(sku: str) -> None:
            async with gate:
                step, message = await self._delete(sku, dry_run, tally)
            progress(sku, step, message)

        await asyncio.gather(
            *(one(product) for product in listing.products), *(delete(sku) for sku in gone)
        )
        summary = tally.summary(listing.source, dry_run, time.perf_counter() - started)
        await self._journal.append(
            JournalEvent(
                kind=JournalKind.CATALOG_SYNC,
                detail={
                    "source": listing.source,
                    "dry_run": dry_run,
                    **summary.counts(),
                    "failed_skus": [f.sku for f in summary.failed][:100],
                },
            )
        )
        return summary

    # ------------------------------------------------------------------ one product

    async def _product(
        self,
        product: CatalogProduct,
        synced: SyncedProduct | None,
        images: CatalogImages | None,
        dry_run: bool,
        tally: _Tally,
    ) -> tuple[CatalogStep, str]:
        sku = product.sku
        wanted = product.to_product()
        wanted_hash = product_hash(wanted)
        act = product_action(wanted_hash, synced)
        image, image_hash, image_error = await self._read_image(product, images, tally)
        if image_error is not None:
            # keep what 7S has until the file is fixed: neither upload nor delete
            img_act = ImageAction.UNCHANGED
            tally.failed.append(CatalogFailure(sku, image_error, product.where, image_error))
        else:
            img_act = image_action(image_hash, synced)
        if dry_run:
            return _plan(sku, act, img_act, tally)

        state = synced
        outcome = CatalogStep.UNCHANGED
        if act is not ProductAction.UNCHANGED:
            try:
                outcome = await self._send_product(wanted, act, tally)
            except ShippingApiError as exc:
                failed = Note(NoteKind.PRODUCT_NOT_SENT, f"product: {exc}", exc)
                tally.failed.append(CatalogFailure(sku, failed, product.where, failed, exc))
                return CatalogStep.FAILED, str(exc)
            state = SyncedProduct(
                sku=sku,
                product_hash=wanted_hash,
                image_hash=synced.image_hash if synced else None,
                image_file=synced.image_file if synced else None,
                synced_at=self._clock(),
            )
            await self._state.save_synced(state)
        assert state is not None
        try:
            await self._send_image(product, state, img_act, image, image_hash, tally)
        except ShippingApiError as exc:
            failed = Note(NoteKind.PRODUCT_IMAGE_NOT_SENT, f"image: {exc}", exc)
            tally.failed.append(CatalogFailure(sku, failed, product.where, failed, exc))
            if outcome is CatalogStep.CREATED:
                tally.created.append(sku)
            elif outcome is CatalogStep.UPDATED:
                tally.updated.append(sku)
            return CatalogStep.FAILED, str(exc)
        image_sent = img_act in (ImageAction.UPLOAD, ImageAction.DELETE)
        if outcome is CatalogStep.CREATED:
            tally.created.append(sku)
        elif outcome is CatalogStep.UPDATED or image_sent:
            tally.updated.append(sku)
            outcome = CatalogStep.UPDATED
        elif not image_error:
            tally.unchanged.append(sku)
        if image_error:
            return CatalogStep.FAILED, image_error
        return outcome, ""

    async def _read_image(
        self, product: CatalogProduct, images: CatalogImages | None, tally: _Tally
    ) -> tuple[bytes | None, str | None, Note | None]:
        """The product's image file, its hash, and why it cannot be used (None when it can)."""
        name = product.image_file
        if not name:
            return None, None, None
        if images is None:
            missing = f"image {name}: no images folder was given"
            return None, None, Note(NoteKind.IMAGE_NO_FOLDER, missing, image=name)
        try:
            image = await images.read(name)
            info = inspect_image(image, name)
        except ImageRejected as exc:
            return None, None, Note(NoteKind.IMAGE_REJECTED, str(exc), exc, image=name)
        except OSError as exc:
            said = f"image {name} cannot be read from {images.location} ({exc.strerror or exc})"
            return None, None, Note(NoteKind.IMAGE_UNREADABLE, said, exc, image=name)
        tally.warnings.extend(
            Note(w.kind, f"{product.sku}: {w}", sku=product.sku, **w.facts) for w in info.warnings
        )
        return image, content_hash(image), None

    async def _send_image(
        self,
        product: CatalogProduct,
        state: SyncedProduct,
        img_act: ImageAction,
        image: bytes | None,
        image_hash: str | None,
        tally: _Tally,
    ) -> None:
        sku = product.sku
        if img_act is ImageAction.UPLOAD:
            assert image is not None
            name = PurePosixPath(product.image_file or f"{sku}.img").name
            await self._api.upload_product_image(ProductImage(sku, name, image))
            state = replace(
                state, image_hash=image_hash, image_file=product.image_file, synced_at=self._clock()
            )
            await self._state.save_synced(state)
            tally.images_uploaded.append(sku)
        elif img_act is ImageAction.DELETE:
            with contextlib.suppress(NotFound):  # the product or its image is gone already
                await self._api.delete_product_image(sku)
            state = replace(state, image_hash=None, image_file=None, synced_at=self._clock())
            await self._state.save_synced(state)
            tally.images_deleted.append(sku)

    async def _send_product(
        self, wanted: Product, act: ProductAction, tally: _Tally
    ) -> CatalogStep:
        if act is ProductAction.CREATE:
            try:
                await self._api.create_product(wanted)
            except OutcomeUnknown:
                # the answer was lost: the product looked up by its SKU decides
                if not await self._exists(wanted.sku):
                    raise
                return CatalogStep.CREATED
            except ValidationFailed:
                # a refusal (a duplicate in whatever words): the product looked up by its
                # SKU decides, never the wording of the answer
                if not await self._exists(wanted.sku):
                    raise
                # it exists at 7S already (made elsewhere, or a lost answer): take it over
                await self._api.update_product(wanted)
                tally.warnings.append(
                    Note(
                        NoteKind.PRODUCT_TAKEN_OVER,
                        f"{wanted.sku}: existed at Seven Senders already; it was updated and is "
                        "now kept in step with the export by this station.",
                        sku=wanted.sku,
                    )
                )
                return CatalogStep.UPDATED
            return CatalogStep.CREATED
        try:
            await self._api.update_product(wanted)
        except NotFound:
            await self._api.create_product(wanted)  # deleted at 7S meanwhile: make it again
            return CatalogStep.CREATED
        return CatalogStep.UPDATED

    async def _exists(self, sku: str) -> bool:
        """Whether 7S has a product with exactly this SKU."""
        try:
            found = await self._api.get_product(sku)
        except NotFound:
            return False
        return found.sku == sku

    async def _delete(self, sku: str, dry_run: bool, tally: _Tally) -> tuple[CatalogStep, str]:
        if dry_run:
            tally.deleted.append(sku)
            return CatalogStep.PLANNED, "delete"
        try:
            await self._api.delete_product(sku)
        except NotFound:
            pass  # deleted at 7S already: forget it all the same
        except ShippingApiError as exc:
            failed = Note(NoteKind.PRODUCT_NOT_DELETED, f"delete: {exc}", exc)
            tally.failed.append(CatalogFailure(sku, failed, "", failed, exc))
            return CatalogStep.FAILED, str(exc)
        await self._state.forget_synced(sku)
        tally.deleted.append(sku)
        return CatalogStep.DELETED, ""


def _plan(
    sku: str, act: ProductAction, img_act: ImageAction, tally: _Tally
) -> tuple[CatalogStep, str]:
    """What a dry run would send for one product, counted in the tally."""
    sends = act is not ProductAction.UNCHANGED or img_act in (
        ImageAction.UPLOAD,
        ImageAction.DELETE,
    )
    if act is ProductAction.CREATE:
        tally.created.append(sku)
    elif sends:
        tally.updated.append(sku)
    else:
        tally.unchanged.append(sku)
    if img_act is ImageAction.UPLOAD:
        tally.images_uploaded.append(sku)
    elif img_act is ImageAction.DELETE:
        tally.images_deleted.append(sku)
    return (CatalogStep.PLANNED if sends else CatalogStep.UNCHANGED), act.value


def _skus_to_delete(
    listing: CatalogListing, synced: Mapping[str, SyncedProduct], tally: _Tally
) -> list[str]:
    """SKUs synced before and gone from the export; none when the export may be incomplete."""
    in_file = {p.sku for p in listing.products} | set(listing.problem_skus)
    gone = sorted(sku for sku in synced if sku not in in_file)
    unknown_rows = [p for p in listing.problems if not p.sku]
    if gone and (unknown_rows or not listing.products):
        why = (
            f"{len(unknown_rows)} row(s) or part(s) of the export could not be read"
            if unknown_rows
            else "the export holds no product"
        )
        tally.warnings.append(
            Note(
                NoteKind.NOT_DELETED_UNREADABLE if unknown_rows else NoteKind.NOT_DELETED_EMPTY,
                f"{len(gone)} product(s) synced before are missing from the export but were "
                f"not deleted, because {why}. Fix the export and sync again.",
                count=len(gone),
                rows=len(unknown_rows),
            )
        )
        return []
    return gone


def _export_note(problem: CatalogProblem) -> Note:
    """What is wrong with a row (or the file) of the export, by kind."""
    if problem.places:
        return Note(NoteKind.EXPORT_DUPLICATE, problem.message, places=problem.places)
    if problem.column:
        return Note(NoteKind.EXPORT_COLUMN, problem.message, column=problem.column)
    return Note(NoteKind.EXPORT_UNREADABLE, problem.message)
