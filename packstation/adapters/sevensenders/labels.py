"""Carrier labels: buying one, finding it by its reference, downloading its file, cancelling it
(``/labels`` and the label file's own address)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from packstation.adapters import sevensenders_dto as dto
from packstation.adapters.sevensenders import operations as ops
from packstation.adapters.sevensenders.answers import ApiArea, media_type
from packstation.adapters.sevensenders.operations import Op
from packstation.adapters.sevensenders.wire import RequestOptions
from packstation.domain.shipping import Label, LabelDocument, LabelFormat, LabelRequest


class LabelsApi(ApiArea):
    """Labels: buy, find, download, cancel."""

    async def create_label(self, request: LabelRequest) -> list[Label]:
        """Buy one label (two with ``include_return_label``: outbound first, then return).

        Raises ``OutcomeUnknown`` when the purchase may have happened without an answer:
        resolve it with ``find_labels(order_id, reference_number)`` before buying again.
        """
        op = ops.BUY_LABEL
        response = await self._wire.send(
            op,
            "POST",
            self._wire.url(self._paths.labels),
            json=dto.label_body(request, self._wire.names.label),
        )
        data = self._json(op, response)
        rows: list[Any] = data if isinstance(data, list) else [data]
        if not rows:
            raise self._malformed(op, "the answer contains no label", response)
        return [self._label(op, row, response, request.order_id, request.format) for row in rows]

    async def find_labels(self, order_id: str, reference_number: str) -> list[Label]:
        op = ops.FIND_LABELS
        response = await self._wire.send(
            op,
            "GET",
            self._wire.url(self._paths.labels),
            params={"order_id": order_id, "reference_number": reference_number},
        )
        return [
            self._label(op, row, response, order_id, LabelFormat.PDF)
            for row in self._list(op, response)
        ]

    def _label(
        self,
        op: Op,
        row: Any,
        response: httpx.Response,
        order_id: str,
        label_format: LabelFormat,
    ) -> Label:
        if not isinstance(row, Mapping):
            raise self._malformed(op, "a label entry is not a record", response)
        body = self._parse(op, lambda: dto.parse_label(row, self._wire.names.label))
        return dto.label_to_domain(
            body,
            fallback_url=f"{self._paths.label_download}/{quote(body.id, safe='')}",
            fallback_order_id=order_id,
            fallback_format=label_format,
        )

    async def download_label(self, label: Label) -> LabelDocument:
        """Fetch the label file from the label's URL (relative URLs are taken from the base).

        The bearer token goes only to the API host; a label stored elsewhere (a CDN) is
        fetched without it. The file must match ``label.format``: a PDF starts with ``%PDF``,
        ZPL contains ``^XA``.
        """
        op = ops.DOWNLOAD_LABEL
        url = self._wire.base.join(label.download_url.strip())
        options = RequestOptions(
            timeout=self._wire.settings.download_timeout, follow_redirects=True, accept="*/*"
        )
        response = await self._wire.send(op, "GET", url, options=options)
        content_type = response.headers.get("content-type", "")
        media = media_type(content_type)
        expected = label.format.value.upper().replace("ZPL300", "ZPL")
        if media and not self._wire.names.accepts_content_type(label.format.value, content_type):
            raise self._malformed(
                op, f"the label file came as {media} instead of {expected}", response
            )
        content = response.content
        if not content:
            raise self._malformed(op, "the label file is empty", response)
        if label.format is LabelFormat.PDF:
            valid = content.lstrip().startswith(b"%PDF")
        else:
            valid = b"^XA" in content.upper()
        if not valid:
            raise self._malformed(op, f"the label file is not a {expected} file", response)
        return LabelDocument(
            content=content,
            content_type=media or label.format.content_type,
            format=label.format,
        )

    async def delete_label(self, label_id: str) -> None:
        op = ops.DELETE_LABEL
        await self._wire.send(op, "DELETE", self._wire.item_url(op, "labels", label_id))
