"""Reading Seven Senders' answers: JSON, one record or a list, wire models → domain objects.

``ApiArea`` is the base of every API area class (orders, labels, customs, …): it holds the
``Wire`` and the helpers that turn an answer into data or into a ``MalformedResponse`` whose
message says whether the thing was probably done anyway (a creating call) or not.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from packstation.adapters.sevensenders.failures import malformed_text
from packstation.adapters.sevensenders.operations import Op
from packstation.adapters.sevensenders.wire import Wire
from packstation.adapters.sevensenders_names import QueryNames, ResourcePaths
from packstation.domain.errors import MalformedResponse

T = TypeVar("T")


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
        return data

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
        return data

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
