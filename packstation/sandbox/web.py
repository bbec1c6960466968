"""HTTP plumbing shared by the API routes and the test hooks: auth, bodies, error bodies."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from packstation.sandbox import tokens
from packstation.sandbox.control import Control
from packstation.sandbox.errors import ApiError, Invalid, Unauthorized, plainly
from packstation.sandbox.validation import Query

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(slots=True)
class Call:
    """What a handler gets: the parsed request, the control, the caller's account."""

    request: Request
    control: Control
    account: str | None
    body: Any
    root: str

    @property
    def key(self) -> str:
        return str(self.request.path_params.get("key", ""))

    def query(self) -> Query:
        params: dict[str, list[str]] = {}
        for name, value in self.request.query_params.multi_items():
            params.setdefault(name, []).append(value)
        return Query(params)


Handler = Callable[[Call], Response]


T = TypeVar("T")


def page_of(call: Call, rows: list[T]) -> list[T]:
    """One page of a list answer: ``page`` (from 1) of ``limit`` rows, at most the account's
    ``list_page_size``; the whole list when neither says how long a page is."""
    q = call.query()
    page = q.integer("page", minimum=1) or 1
    limit = q.integer("limit", minimum=1, maximum=1000)
    q.check()
    sizes = [n for n in (limit, call.control.state.settings.list_page_size) if n]
    if not sizes:
        return rows
    size = min(sizes)
    return rows[(page - 1) * size : page * size]


def reply(data: Any, status: int = 200) -> Response:
    return JSONResponse(data, status_code=status)


def no_content() -> Response:
    return Response(status_code=204)


def error_response(exc: ApiError) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


def root_of(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def read_json(request: Request, *, optional: bool = False) -> Any:
    raw = await request.body()
    if not raw.strip():
        if optional:
            return {}
        raise Invalid([], "The request body is empty; a JSON object is expected.")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise Invalid([], "Syntax error: the request body is not valid JSON.") from None


def endpoint(
    control: Control,
    handler: Handler,
    *,
    auth: bool = True,
    body: Literal["none", "required", "optional"] = "none",
) -> Endpoint:
    """Wrap a synchronous handler: bearer auth, JSON body, store lock, error mapping."""

    async def run(request: Request) -> Response:
        try:
            account = None
            if auth:
                account = tokens.account_for(control.state, request.headers.get("authorization"))
                if account is None:
                    raise Unauthorized("Invalid or expired token")
            data = None
            if body != "none":
                data = await read_json(request, optional=body == "optional")
            with control.state.lock:
                return handler(Call(request, control, account, data, root_of(request)))
        except ApiError as exc:
            if control.faults.plain_duplicates:
                exc = plainly(exc, request.url.path)
            return error_response(exc)

    return run


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 in the same JSON shape as the API's errors."""
    assert isinstance(exc, HTTPException)
    titles = {404: "Not Found", 405: "Method Not Allowed"}
    detail = f'No route found for "{request.method} {request.url.path}"'
    if exc.status_code == 405:
        detail = f'Method "{request.method}" is not allowed on "{request.url.path}".'
    return JSONResponse(
        {"title": titles.get(exc.status_code, "An error occurred"), "detail": detail},
        status_code=exc.status_code,
        headers=exc.headers,
    )
