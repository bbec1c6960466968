"""Pictures of the packing screen: the last label's preview and the products' thumbnails.

``LabelPreview`` loads a printed label from the archive and shows it: a PDF as its rendered
first page, ZPL as source text with the checks of ``domain.zpl`` (size in mm at the label's
dpi, what does not fit the printer). ``ProductImages`` fetches the pictures of the order's
products in the background and shrinks them to thumbnails in a worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from packstation.domain.cycle import LabelAttempt, LabelFileMissing
from packstation.domain.shipping import LabelFormat
from packstation.domain.zpl import DocumentKind, ZplReport, check_zpl, detect_kind
from packstation.services.packing import OrderSession
from packstation.ui import texts
from packstation.ui.pack_views import PackBackend, PreviewView
from packstation.ui.pack_wording import PREVIEW_TITLE, ZPL_FITS, ZPL_LABELS, ZPL_SIZE, translated

log = logging.getLogger(__name__)

#: the most pixels a label is rendered at (width, height): sharp across a 1920-pixel
#: screen's side panel (about 850 px wide), no larger (the window scales it down to its panel)
PREVIEW_PX = (1000, 1500)

_GF_DATA = re.compile(r"(\^GF[ABC],\d+,\d+,\d+,)([^\^~]{40,})", re.IGNORECASE)


class LabelPreview:
    """The preview of the last label; ``on_change`` receives each new one (None: cleared)."""

    def __init__(self, on_change: Callable[[PreviewView | None], None]) -> None:
        self._on_change = on_change
        self.view: PreviewView | None = None

    def set(self, preview: PreviewView | None) -> None:
        self.view = preview
        self._on_change(preview)

    async def load(self, backend: PackBackend, attempt: LabelAttempt) -> None:
        if backend.load_label is None:
            return
        try:
            document = await backend.load_label(attempt)
        except (LabelFileMissing, OSError, ValueError) as exc:
            log.info("no preview of %s: %s", attempt.tracking_code, exc)
            return
        title = translated(PREVIEW_TITLE).format(
            attempt.parcel_no, attempt.parcel_count, attempt.tracking_code or ""
        )
        kind = detect_kind(document.content)
        if kind is DocumentKind.PDF and backend.render_pdf is not None:
            loop = asyncio.get_running_loop()
            render = backend.render_pdf
            try:
                page = await loop.run_in_executor(None, render, document.content, *PREVIEW_PX)
            except (ValueError, OSError) as exc:
                log.info("label preview not rendered: %s", exc)
                return
            image = QImage(
                page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBA8888
            ).copy()
            self.set(PreviewView(title=title, image=image))
            return
        text = document.content.decode("utf-8", errors="replace")
        source = _GF_DATA.sub(lambda m: f"{m.group(1)}…({len(m.group(2))} bytes)…", text)
        profile = backend.service.printer.profile
        report = check_zpl(document.content, profile, attempt.label_format)
        checks = zpl_checks(report, attempt.label_format)
        self.set(PreviewView(title=title, source=source, checks=checks))


def zpl_checks(report: ZplReport, label_format: LabelFormat) -> tuple[tuple[bool, str], ...]:
    """(fine, text) lines under a ZPL preview: its size and what does not fit the printer."""
    checks: list[tuple[bool, str]] = []
    if report.print_width and report.label_length:
        dpi = 300 if label_format is LabelFormat.ZPL300 else 203
        checks.append(
            (
                True,
                translated(ZPL_SIZE).format(
                    dpi,
                    round(report.print_width / dpi * 25.4),
                    round(report.label_length / dpi * 25.4),
                    report.labels,
                ),
            )
        )
    else:
        checks.append((True, translated(ZPL_LABELS).format(report.labels)))
    for problem in report.problems:
        checks.append((not problem.refuse, texts.zpl_issue_text(problem.issue)))
    if not report.problems:
        checks.append((True, translated(ZPL_FITS)))
    return tuple(checks)


class ProductImages:
    """Thumbnails of the products of the order on the bench, by SKU."""

    def __init__(self, on_image: Callable[[str, QImage], None]) -> None:
        self._on_image = on_image
        self._images: dict[str, QImage] = {}
        self._session: OrderSession | None = None

    def get(self, sku: str) -> QImage | None:
        return self._images.get(sku)

    def clear(self, session: OrderSession) -> None:
        """A new order is on the bench: forget the last one's pictures."""
        self._images = {}
        self._session = session

    def stop_loading(self) -> None:
        """No order on the bench: pictures still arriving are dropped."""
        self._session = None

    async def load(self, backend: PackBackend, session: OrderSession) -> None:
        fetch = backend.fetch_image
        if fetch is None:
            return
        urls = {line.sku: line.image_url for line in session.order.lines if line.image_url}
        if session.extras_task is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(session.extras_task)
        for sku, product in list(session.products.items()):
            if product.image_url and sku not in urls:
                urls[sku] = product.image_url
        loop = asyncio.get_running_loop()

        async def one(sku: str, url: str) -> None:
            data = await fetch(url)
            if not data:
                return
            image = await loop.run_in_executor(None, thumbnail, data)
            if image is None or self._session is not session:
                return
            self._images[sku] = image
            self._on_image(sku, image)

        await asyncio.gather(*(one(sku, url) for sku, url in urls.items() if url))


def thumbnail(data: bytes) -> QImage | None:
    """Decode and shrink a product picture (runs in a worker thread; QImage is reentrant)."""
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return image.scaled(
        96,
        96,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
