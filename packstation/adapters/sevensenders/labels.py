"""Carrier labels: buying one, finding it by its reference, downloading its file, cancelling it
(``/labels`` and the label file's own address)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from packstation.adapters.sevensenders import operations as ops
from packstation.adapters.sevensenders.answers import ApiArea, media_type
from packstation.adapters.sevensenders.dto import labels as dto
from packstation.adapters.sevensenders.failures import malformed_text
from packstation.adapters.sevensenders.operations import Op
from packstation.adapters.sevensenders.wire import RequestOptions
from packstation.domain.errors import MalformedResponse
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
            json=dto.label_body(
                request,
                self._wire.names.label,
                self._wire.names.label_request,
                self._wire.names.order_request,
                self._wire.names.carrier_ref,
            ),
        )
        data = self._json(op, response)
        rows: list[Any] = data if isinstance(data, list) else [data]
        if isinstance(data, Mapping) and not self._unwrap(data):
            rows = self._list(op, response)  # a collection envelope around the labels
        if not rows:
            raise self._malformed(op, "the answer contains no label", response)
        return [self._label(op, row, response, request.order_id, request.format) for row in rows]

    async def find_labels(self, order_id: str, reference_number: str) -> list[Label]:
        """The labels 7S lists for this order and reference, page after page until the one
        with exactly this reference turns up (``ApiArea._pages``); the caller keeps only
        exact matches."""
        op = ops.FIND_LABELS
        return await self._pages(
            op,
            self._wire.url(self._paths.labels),
            [(self._query.order_id, order_id), (self._query.reference_number, reference_number)],
            lambda row, response: self._label(op, row, response, order_id, LabelFormat.PDF),
            lambda label: label.id,
            enough=lambda label: (
                label.reference_number == reference_number and label.order_id == order_id
            ),
        )

    async def order_labels(self, order_id: str) -> list[Label]:
        op = ops.ORDER_LABELS
        response = await self._wire.send(
            op,
            "GET",
            self._wire.url(self._paths.labels),
            params={self._query.order_id: order_id},
        )
        return [
            self._label(op, row, response, order_id, LabelFormat.PDF)
            for row in self._list(op, response)
        ]

    def _unwrap(self, row: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The label object of an answer entry (``label.envelope`` nests it), or None."""
        envelope = self._wire.names.label.envelope
        if not envelope:
            return row
        inner = row.get(envelope)
        return inner if isinstance(inner, Mapping) else None

    def _label(
        self,
        op: Op,
        row: Any,
        response: httpx.Response,
        order_id: str,
        label_format: LabelFormat,
    ) -> Label:
        record = self._with_iri(self._unwrap(row)) if isinstance(row, Mapping) else None
        if record is None:
            raise self._malformed(op, "a label entry is not a record", response)
        keys = self._wire.names.label
        carrier_keys = self._wire.names.carrier_ref
        body = self._parse(op, lambda: dto.parse_label(record, keys, carrier_keys))
        try:
            document = dto.inline_document(record, keys)
        except ValueError as exc:
            problem = f"the inline label file is unusable ({exc})"
            raise self._malformed(op, problem, response) from None
        return dto.label_to_domain(
            body,
            fallback_url=f"{self._paths.label_download}/{quote(body.id, safe='')}",
            fallback_order_id=order_id,
            fallback_format=label_format,
            document=document,
        )

    async def download_label(self, label: Label) -> LabelDocument:
        """Fetch the label file from the label's URL (relative URLs are taken from the base;
        without one — a label found through its shipment — from ``paths.label_download``).

        The bearer token goes only to the API host; a label stored elsewhere (a CDN) is
        fetched without it. The file must match ``label.format``: a PDF starts with ``%PDF``,
        ZPL contains ``^XA``.
        """
        op = ops.DOWNLOAD_LABEL
        if label.document is not None:  # it came inline with the answer
            return self._document(op, label, label.document, "", None)
        # a label known only by its id (found through its shipment): the download path
        address = label.download_url.strip() or (
            f"{self._paths.label_download}/{quote(label.id, safe='')}"
        )
        url = self._wire.base.join(address)
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
        return self._document(op, label, response.content, media, response)

    def _document(
        self,
        op: Op,
        label: Label,
        content: bytes,
        media: str,
        response: httpx.Response | None,
    ) -> LabelDocument:
        expected = label.format.value.upper().replace("ZPL300", "ZPL")
        if not content:
            problem = "the label file is empty"
        elif label.format is LabelFormat.PDF:
            problem = "" if content.lstrip().startswith(b"%PDF") else f"not a {expected} file"
        else:
            problem = "" if b"^XA" in content.upper() else f"not a {expected} file"
        problem = problem.replace("not a", "the label file is not a", 1)
        if problem:
            if response is not None:
                raise self._malformed(op, problem, response)
            raise MalformedResponse(malformed_text(op, problem), operation=op.name)
        return LabelDocument(
            content=content,
            content_type=media or label.format.content_type,
            format=label.format,
        )

    async def delete_label(self, label_id: str) -> None:
        op = ops.DELETE_LABEL
        await self._wire.send(op, "DELETE", self._wire.item_url(op, "labels", label_id))
