"""``packstation probe``'s record: each HTTP exchange, each step, the suggestions, the
planned calls of a dry run, and the transport that notes the exchanges."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from packstation.adapters.http_body import decode_at_most
from packstation.adapters.sevensenders_names import ApiNames
from packstation.adapters.sevensenders_probe_bodies import body_calls
from packstation.domain.shipping import LabelFormat


@dataclass(frozen=True, slots=True)
class ProbeCall:
    """One HTTP exchange: what the table shows."""

    step: str
    method: str
    path: str
    status: int | None
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProbeStep:
    """One step of the walk: ``ok``, ``skipped`` (the account has no such service),
    ``failed`` or ``planned`` (dry run)."""

    name: str
    outcome: str
    detail: str = ""


@dataclass(slots=True)
class ProbeReport:
    base_url: str
    calls: list[ProbeCall] = field(default_factory=list)
    steps: list[ProbeStep] = field(default_factory=list)
    #: dotted ``api_names`` key → the name 7S uses (only where it differs from what was set)
    suggestions: dict[str, str] = field(default_factory=dict)
    cleanup_problems: list[str] = field(default_factory=list)
    #: 7S refused the access key (nothing else was tried)
    refused_key: bool = False

    @property
    def passed(self) -> bool:
        return all(s.outcome in ("ok", "skipped", "planned") for s in self.steps)


def suggestions_toml(suggestions: Mapping[str, str]) -> str:
    """The ``[api_names]`` block for packstation.toml (empty text when nothing differs)."""
    if not suggestions:
        return ""
    lines = ["[api_names]"]
    lines += [f"{json.dumps(k)} = {json.dumps(v)}" for k, v in sorted(suggestions.items())]
    return "\n".join(lines) + "\n"


def planned_calls(names: ApiNames, *, try_manifest: bool = False) -> list[ProbeCall]:
    """What a probe would send (``--dry-run``), with the names in force (a customs manifest
    only with ``try_manifest``)."""
    p = names.paths

    def at(path: str) -> str:
        return path if path.startswith("/") else f"{{base}}/{path}"

    more = body_calls(names, try_manifest=try_manifest)
    plan = [
        ("sign in", "POST", at(p.token)),
        ("carriers", "GET", at(p.carriers)),
        ("create test order", "POST", at(p.orders)),
        *more["order"],
        ("find the order", "GET", at(p.orders) + f"?{names.query.order_id}=…"),
        ("in_preparation", "POST", at(p.order_states)),
        ("create order item", "POST", at(p.order_items)),
        ("order items", "GET", at(p.order_items) + f"?{names.query.order_id}=…"),
    ]
    for fmt in LabelFormat:
        plan += [
            (f"label {fmt.value}", "POST", at(p.labels)),
            (f"label {fmt.value}: download", "GET", "label_url of the answer"),
            (
                f"label {fmt.value}: look up",
                "GET",
                at(p.labels) + f"?{names.query.reference_number}=…",
            ),
            (f"label {fmt.value}: void", "DELETE", at(p.labels) + "/{id}"),
        ]
    plan += more["parcel"]
    plan += [
        ("customs shipments", "GET", at(p.customs_shipments) + f"?{names.query.order_id}=…"),
        ("customs manifests", "GET", at(p.customs_manifests) + f"?{names.query.manifest_id}=…"),
        ("pick-up points", "GET", at(p.pudo_locations)),
        ("create test product", "POST", at(p.products)),
        ("find the product", "GET", at(p.products) + f"?{names.query.sku}=…"),
        *more["product"],
        ("delete the test product", "DELETE", at(p.products) + "/{id}"),
        *more["clean up"],
        ("delete the test order", "DELETE", at(p.orders) + "/{id}"),
    ]
    return [ProbeCall(step, method, path, None, ()) for step, method, path in plan]


class Recorder(httpx.AsyncBaseTransport):
    """Passes requests through and notes each exchange (the answer's body stays in memory
    for the analysis of the call; it is never printed, and the token answer is not kept)."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        max_bytes: int,
        token_path: Callable[[], str] = lambda: "token",
    ) -> None:
        self._inner = inner
        self._max = max_bytes
        self.step = ""
        self.calls: list[ProbeCall] = []
        self.last_json: Any = None
        self._token_path = token_path

    def is_token(self, path: str) -> bool:
        """Whether ``path`` is the sign-in (``paths.token`` as now in force: relative to the
        base URL, or root-relative)."""
        token = self._token_path().strip()
        if token.startswith("/"):
            return path.rstrip("/") == token.rstrip("/")
        return path.rstrip("/").endswith("/" + token.strip("/"))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        raw = bytearray()
        try:
            async for chunk in response.aiter_raw():
                raw += chunk
                if len(raw) > self._max:
                    break
        finally:
            await response.aclose()
        body = bytes(raw)
        del raw
        data: Any = None
        if "json" in response.headers.get("content-type", ""):
            # inflated within the same bound: a small compressed answer can be a huge one
            encoding = response.headers.get("content-encoding", "")
            try:
                decoded = decode_at_most(body, encoding, self._max)
                data = None if decoded is None else json.loads(decoded)
            except (ValueError, httpx.DecodingError):  # not JSON, or its compression is broken
                data = None
        keys = _top_keys(data)
        # the token answer is not kept; its refusal (no token in it) is, for its violations
        secret = self.is_token(request.url.path) and response.status_code < 400
        self.last_json = None if secret else data
        self.calls.append(
            ProbeCall(self.step, request.method, request.url.path, response.status_code, keys)
        )
        # as a stream: ``content=`` would make httpx inflate it whole at once, here; the
        # probe's client reads it within its own bound
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(body),
            request=request,
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


def _top_keys(data: Any) -> tuple[str, ...]:
    if isinstance(data, Mapping):
        return tuple(str(k) for k in data)
    if isinstance(data, list):
        first = next((row for row in data if isinstance(row, Mapping)), None)
        return ("[list]", *(str(k) for k in first)) if first is not None else ("[list]",)
    return ()
