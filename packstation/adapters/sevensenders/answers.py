"""Reading Seven Senders' answers: JSON, one record or a list, wire models → domain objects.

``ApiArea`` is the base of every API area class (orders, labels, customs, …): it holds the
``Wire`` and the helpers that turn an answer into data or into a ``MalformedResponse`` whose
message says whether the thing was probably done anyway (a creating call) or not.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from packstation.adapters.sevensenders.dto.fields import IRI_KEYS
from packstation.adapters.sevensenders.failures import malformed_text
from packstation.adapters.sevensenders.operations import Op
from packstation.adapters.sevensenders.wire import Wire
from packstation.adapters.sevensenders_names import QueryNames, ResourcePaths
from packstation.domain.errors import MalformedResponse

T = TypeVar("T")

#: Rows asked for per page of a list, and the most pages one look-up reads.
PAGE_SIZE = 100
MAX_PAGES = 200


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


class ApiArea:
    """Base of the API areas: the wire and the helpers that read answers."""

    _wire: Wire

    @property
    def _paths(self) -> ResourcePaths:
        return self._wire.names.paths

    @property
    def _query(self) -> QueryNames:
        return self._wire.names.query

    def _json(self, op: Op, response: httpx.Response, *, secret_answer: bool = False) -> Any:
        if not response.content.strip():
            raise self._malformed(op, "the answer is empty", response, secret_answer)
        try:
            return json.loads(response.content)
        except ValueError:
            pass
        except RecursionError:
            raise self._malformed(
                op, "the answer is nested too deeply", response, secret_answer
            ) from None
        if "html" in media_type(response.headers.get("content-type", "")) or (
            response.content.lstrip()[:1] == b"<"
        ):
            problem = "the answer is a web page, not data"
        else:
            problem = "the answer is not JSON"
        raise self._malformed(op, problem, response, secret_answer)

    def _object(
        self, op: Op, response: httpx.Response, *, secret_answer: bool = False
    ) -> Mapping[str, Any]:
        data = self._json(op, response, secret_answer=secret_answer)
        if not isinstance(data, Mapping):
            what = "a list" if isinstance(data, list) else "a bare value"
            raise self._malformed(
                op, f"the answer is {what} where one record was expected", response, secret_answer
            )
        record: Mapping[str, Any] = self._with_iri(data)
        return record

    def _with_iri(self, row: Any) -> Any:
        """A record whose address is under ``answers.iri`` with it under ``iri`` too, where
        the models read it (they take the id from its last part when there is no ``id``)."""
        key = self._wire.names.answers.iri
        if key in IRI_KEYS or not isinstance(row, Mapping) or key not in row or "iri" in row:
            return row
        return {**row, "iri": row[key]}

    def _list(self, op: Op, response: httpx.Response) -> list[Any]:
        """The records of a list answer: a plain array, or an object holding them under
        ``answers.list_key``, ``hydra:member`` or ``member`` (a collection page)."""
        data = self._json(op, response)
        if isinstance(data, Mapping):
            for key in (self._wire.names.answers.list_key, "hydra:member", "member"):
                if isinstance(data.get(key), list):
                    data = data[key]
                    break
        if not isinstance(data, list):
            raise self._malformed(op, "the answer is not a list", response)
        return [self._with_iri(row) for row in data]

    async def _pages(
        self,
        op: Op,
        url: Any,
        params: Sequence[tuple[str, str]],
        read: Callable[[Any, httpx.Response], T],
        key: Callable[[T], Hashable],
        *,
        enough: Callable[[T], bool] | None = None,
    ) -> list[T]:
        """Every row of a list that may come in pages (``query.page`` / ``query.page_size``).

        Reads page after page, so that a long answer, or an API that ignores a filter, still
        yields the row looked for. Stops at a row for which ``enough`` is true, at an empty
        page, at a page shorter than an earlier one (the last; a server may cap the page size
        below the one asked for, so a short first page proves nothing), at the same page twice
        (a server that ignores the page number) and at ``MAX_PAGES``. ``read`` turns one row
        (and the answer it came in) into a record; ``key`` says which rows are the same.
        """
        rows: list[T] = []
        seen: set[Hashable] = set()
        previous: tuple[Hashable, ...] | None = None
        longest = 0
        for page in range(1, MAX_PAGES + 1):
            paging = [(self._query.page, str(page)), (self._query.page_size, str(PAGE_SIZE))]
            response = await self._wire.send(op, "GET", url, params=[*params, *paging])
            found = [read(row, response) for row in self._list(op, response)]
            keys = tuple(key(row) for row in found)
            if not found or keys == previous:
                break
            rows.extend(row for row, k in zip(found, keys, strict=True) if k not in seen)
            seen.update(keys)
            if enough is not None and any(enough(row) for row in found):
                break
            if len(found) < longest:
                break
            longest = max(longest, len(found))
            previous = keys
        return rows

    def _parse(self, op: Op, build: Callable[[], T]) -> T:
        try:
            return build()
        except ValidationError as err:
            problem = describe(err)
        except RecursionError:
            problem = "the answer is nested too deeply"
        # Raised outside the except block: the pydantic error holds the raw input.
        raise MalformedResponse(malformed_text(op, problem), operation=op.name)

    def _malformed(
        self,
        op: Op,
        problem: str,
        response: httpx.Response,
        secret_answer: bool = False,
    ) -> MalformedResponse:
        if not secret_answer:
            self._wire.log_body(op, response)
        return MalformedResponse(
            malformed_text(op, problem), status=response.status_code, operation=op.name
        )


_PLAIN_ERRORS = {
    "missing": "missing",
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "decimal_parsing": "should be a number",
    "decimal_type": "should be a number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "model_type": "should be a record",
    "dict_type": "should be a record",
    "list_type": "should be a list",
    "too_short": "is empty",
    "datetime_type": "should be a date and time",
    "datetime_parsing": "should be a date and time",
    "datetime_from_date_parsing": "should be a date and time",
    "enum": "has an unknown value",
}


def describe(err: ValidationError) -> str:
    """Which fields were wrong, without the values (they may be long or sensitive)."""
    parts = []
    for item in err.errors(include_input=False, include_url=False)[:3]:
        where = ".".join(str(p) for p in item["loc"]) or "the record"
        message = _PLAIN_ERRORS.get(item["type"], item["msg"])
        parts.append(f"{where}: {message}")
    if err.error_count() > 3:
        parts.append(f"and {err.error_count() - 3} more")
    return "; ".join(parts)
