"""Other wire names for the sandbox (a test setting): the same API, spelled differently.

The real Seven Senders API may spell what the public documentation leaves open differently
from the sandbox's choices (docs/sandbox.md). ``Dialect`` describes such a spelling and
``DialectMiddleware`` serves it: it translates each request to the sandbox's own names and
each answer back, so the routes and rules stay as they are. A test starts a sandbox with a
dialect, configures the client with the same names (``api_names``) and runs the whole flow;
``packstation probe`` against it must suggest exactly those names.

The sandbox's own names then answer ``404``: a client that still uses them fails at once.
Shares no code with the client (``packstation/adapters``).
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from packstation.sandbox.errors import NO_SUCH_FIELD
from packstation.sandbox.shipping import label_document

if TYPE_CHECKING:
    from packstation.sandbox.control import Control

API_PREFIX = "/v2/"
LABELS = "/v2/labels"
LABEL_DOWNLOAD = "/v2/label-download"


def _frozen(data: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(data or {}))


#: Where each kind of nested object sits (sandbox names): the collections whose bodies and
#: answers hold it, and the steps from a record to it (a key; ``[]``: each list entry; ``*``:
#: each value of an object). Steps are renamed innermost first.
NESTED_OBJECTS: Mapping[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "carrier_ref": (("/v2/labels", "/v2/shipments"), (("carrier",),)),
    "state_change": (("/v2/orders",), (("states_history", "[]"),)),
    "pudo_address": (("/v2/pudo/locations",), (("address",),)),
    "pudo_coordinates": (("/v2/pudo/locations",), (("coordinates",),)),
    "opening_hours": (
        ("/v2/pudo/locations",),
        (
            ("opening_hours", "*", "[]", "from"),
            ("opening_hours", "*", "[]", "to"),
            ("opening_hours", "*", "[]"),
        ),
    ),
    "closure": (("/v2/pudo/locations",), (("temporary_closures", "[]"),)),
}


@dataclass(frozen=True, slots=True)
class Dialect:
    """Other names for the sandbox's guesses.

    Attributes:
        paths: the sandbox's collection path (``/v2/labels``, ``/v2/label-download``, …) →
            the path served instead. ``/v2/…`` paths sit under the API root; others (e.g.
            ``/label-download``) are root-relative.
        query: the sandbox's query-parameter name → the name the client must send.
        label_keys: keys of a label answer, the sandbox's → the other.
        list_key: list answers come as ``{list_key: [...], "totalItems": n}`` instead of a
            plain array (``None``: a plain array).
        iri_only: answers carry ``iri`` but no ``id`` (the client derives it).
        iri_key: answers carry their IRI under this key instead of ``iri``.
        label_envelope: a label answer is nested under this key.
        inline_label_key: label answers carry the file, base64, under this key.
        record_keys: a collection path (``/v2/orders``, ``/v2/shipments``,
            ``/v2/customs/shipments``, ``/v2/customs/manifests``, ``/v2/order_items``,
            ``/v2/products``, ``/v2/carriers``, ``/v2/token``, …) → keys of its records in
            answers, the sandbox's → the other.
        request_keys: a collection path → the top-level keys of the request bodies sent to
            it (and its items), the sandbox's → the other. A body that uses the sandbox's own
            name for a renamed key is read without it, and a violation names the key as the
            dialect spells it: a client with the wrong names is told which key is missing.
        nested_keys: a kind of nested object (``NESTED_OBJECTS``: ``carrier_ref``,
            ``state_change``, ``pudo_address``, ``pudo_coordinates``, ``opening_hours``,
            ``closure``) → its keys, the sandbox's → the other, in answers and request
            bodies alike (a body's nested key under the sandbox's own name is not read).
        strict_keys: a body that uses the sandbox's own name of a renamed key is refused
            (``400``, nothing done) with one violation per such key, naming it as sent:
            "This field was not expected." — as an API that rejects unknown keys does. Without
            it such a key is silently not read (an optional one is simply lost).
    """

    paths: Mapping[str, str] = field(default_factory=lambda: _frozen(None))
    query: Mapping[str, str] = field(default_factory=lambda: _frozen(None))
    label_keys: Mapping[str, str] = field(default_factory=lambda: _frozen(None))
    list_key: str | None = None
    iri_only: bool = False
    iri_key: str | None = None
    label_envelope: str | None = None
    inline_label_key: str | None = None
    record_keys: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    request_keys: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    nested_keys: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    strict_keys: bool = False

    def __post_init__(self) -> None:
        for name in ("paths", "query", "label_keys"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        unknown = set(self.nested_keys) - set(NESTED_OBJECTS)
        if unknown:
            raise ValueError(
                f"unknown nested objects {sorted(unknown)}; known: {list(NESTED_OBJECTS)}"
            )
        for name in ("record_keys", "request_keys", "nested_keys"):
            by_path = {path: _frozen(keys) for path, keys in getattr(self, name).items()}
            object.__setattr__(self, name, MappingProxyType(by_path))
        for ours, theirs in self.paths.items():
            if not ours.startswith(API_PREFIX) or not theirs.startswith("/"):
                raise ValueError(f"dialect paths must be absolute: {ours!r} → {theirs!r}")

    @property
    def is_plain(self) -> bool:
        return self == Dialect()

    # ------------------------------------------------------------ requests
    def inbound_path(self, path: str) -> str | None:
        """The sandbox's path for a requested one; ``None`` when the sandbox's own name of a
        renamed path was asked for (it does not exist in this dialect)."""
        for ours, theirs in sorted(self.paths.items(), key=lambda p: -len(p[1])):
            if path == theirs or path.startswith(theirs.rstrip("/") + "/"):
                return ours + path[len(theirs) :]
        for ours, theirs in self.paths.items():
            if (path == ours or path.startswith(ours + "/")) and theirs != ours:
                return None
        return path

    def inbound_query(self, raw: bytes) -> bytes:
        if not self.query:
            return raw
        back = {theirs: ours for ours, theirs in self.query.items()}
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        renamed = [(back.get(k, k if k not in self.query else f"-{k}"), v) for k, v in pairs]
        return urlencode(renamed).encode("latin-1")

    def body_keys(self, path: str) -> Mapping[str, str]:
        """The request-key renames for a (sandbox) path: its collection's, or none."""
        return _by_collection(self.request_keys, path) or {}

    def nested_at(self, path: str) -> list[tuple[tuple[str, ...], Mapping[str, str]]]:
        """The nested objects renamed in the bodies and answers of a (sandbox) path: the
        steps to each and its renames (innermost first)."""
        found = []
        for kind, keys in self.nested_keys.items():
            collections, places = NESTED_OBJECTS[kind]
            if keys and any(path == c or path.startswith(c + "/") for c in collections):
                found += [(steps, keys) for steps in places]
        return found

    def renames_bodies(self, path: str) -> bool:
        return bool(self.body_keys(path) or self.nested_at(path))

    def inbound_body(self, path: str, raw: bytes) -> bytes:
        """A request body with the dialect's keys back under the sandbox's names; a key sent
        under the sandbox's own name of a renamed key is not read (``-name``)."""
        keys = self.body_keys(path)
        nested = self.nested_at(path)
        if not (keys or nested) or not raw.strip():
            return raw
        try:
            data = json.loads(raw)
        except ValueError:
            return raw
        if not isinstance(data, dict):
            return raw
        out = _back(data, keys)
        for steps, renames in nested:
            out = _at(out, steps, functools.partial(_back, keys=renames))
        return json.dumps(out).encode()

    def unknown_keys(self, path: str, raw: bytes) -> list[str]:
        """The keys of a request body (``carrier.name`` for a nested one) sent under the
        sandbox's own name of a key this dialect renames: keys it does not know."""
        try:
            data = json.loads(raw) if raw.strip() else None
        except ValueError:
            return []
        if not isinstance(data, dict):
            return []
        keys = self.body_keys(path)
        theirs = set(keys.values())
        unknown = [k for k in data if k in keys and k not in theirs and keys[k] != k]
        inner = _back(data, keys)
        for steps, renames in self.nested_at(path):
            if len(steps) == 1 and isinstance(inner.get(steps[0]), dict):
                named = set(renames.values())
                unknown += [
                    f"{_theirs_top(steps[0], keys)}.{k}"
                    for k in inner[steps[0]]
                    if k in renames and k not in named and renames[k] != k
                ]
        return unknown

    def outbound_record(self, row: Any, path: str) -> Any:
        """An answer record (sandbox names) with its nested objects' keys as the dialect
        spells them."""
        for steps, renames in self.nested_at(path):
            row = _at(row, steps, functools.partial(_renamed, keys=renames))
        return row

    def outbound_path(self, path: str) -> str:
        for ours, theirs in sorted(self.paths.items(), key=lambda p: -len(p[0])):
            if path == ours or path.startswith(ours + "/"):
                return theirs + path[len(ours) :]
        return path


class DialectMiddleware:
    """Serves ``dialect`` in front of the sandbox app (inside the fault middleware, so the
    request log and the injected faults see the paths the client really used)."""

    def __init__(self, app: ASGIApp, control: Control, dialect: Dialect) -> None:
        self.app = app
        self.control = control
        self.dialect = dialect

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.dialect.is_plain:
            await self.app(scope, receive, send)
            return
        path = self.dialect.inbound_path(str(scope["path"]))
        if path is None:
            await _not_found(send, str(scope["path"]))
            return
        inner = dict(scope)
        inner["path"] = path
        inner["raw_path"] = path.encode("latin-1")
        inner["query_string"] = self.dialect.inbound_query(bytes(scope.get("query_string", b"")))
        if not path.startswith(API_PREFIX):
            await self.app(inner, receive, send)
            return
        if self.dialect.renames_bodies(path):
            receive, unknown = await _renamed_body(inner, receive, self.dialect, path)
            if unknown and self.dialect.strict_keys:
                await _not_expected(send, unknown)
                return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def collect(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    await self._answer(send, start, b"".join(chunks), path, str(scope["method"]))

        await self.app(inner, receive, collect)

    async def _answer(
        self, send: Send, start: Mapping[str, Any], body: bytes, path: str, method: str
    ) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        content_type = dict(headers).get(b"content-type", b"")
        status = int(start.get("status", 200))
        if 200 <= status < 300 and content_type.startswith(b"application/json") and body:
            data = self._rewrite(json.loads(body), path, method)
            body = json.dumps(data).encode()
        elif status == 400 and self.dialect.renames_bodies(path):
            body = _violations_renamed(body, self.dialect, path)
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _rewrite(self, data: Any, path: str, method: str) -> Any:
        d = self.dialect
        is_label = path == LABELS or path.startswith(LABELS + "/")
        if d.nested_at(path):
            data = (
                [d.outbound_record(row, path) for row in data]
                if isinstance(data, list)
                else d.outbound_record(data, path)
            )
        keys = _by_collection(d.record_keys, path)
        if keys:
            data = (
                [_renamed(row, keys) for row in data]
                if isinstance(data, list)
                else _renamed(data, keys)
            )
        if isinstance(data, list):
            rows = [self._record(row, is_label) for row in data]
            if is_label and d.label_envelope:
                rows = [{d.label_envelope: row} for row in rows]
            if d.list_key and not (is_label and method == "POST"):
                return {d.list_key: rows, "totalItems": len(rows)}
            return rows
        if isinstance(data, dict):
            record = self._record(data, is_label)
            if is_label and d.label_envelope:
                return {d.label_envelope: record}
            return record
        return data

    def _record(self, row: Any, is_label: bool) -> Any:
        if not isinstance(row, dict):
            return row
        d = self.dialect
        out = dict(row)
        if is_label:
            url = out.get("label_url")
            if isinstance(url, str) and LABEL_DOWNLOAD in url:
                root, _, rest = url.partition(LABEL_DOWNLOAD)
                out["label_url"] = root + d.outbound_path(LABEL_DOWNLOAD + rest)
            if d.inline_label_key and isinstance(out.get("id"), int):
                out[d.inline_label_key] = self._document(int(out["id"]))
            out = {d.label_keys.get(k, k): v for k, v in out.items()}
        if isinstance(out.get("iri"), str):
            out["iri"] = d.outbound_path(out["iri"])
            if d.iri_only:
                out.pop("id", None)
            if d.iri_key:
                out[d.iri_key] = out.pop("iri")
        return out

    def _document(self, label_id: int) -> str | None:
        state = self.control.state
        with state.lock:
            label = state.labels.get(label_id)
            if label is None:
                return None
            content, _ = label_document(state, label)
        return base64.b64encode(content).decode("ascii")


def _by_collection(table: Mapping[str, Mapping[str, str]], path: str) -> Mapping[str, str] | None:
    """The entry of the longest collection path that ``path`` is or lies under."""
    return next(
        (
            renames
            for collection, renames in sorted(table.items(), key=lambda c: -len(c[0]))
            if path == collection or path.startswith(collection + "/")
        ),
        None,
    )


async def _renamed_body(
    scope: Scope, receive: Receive, dialect: Dialect, path: str
) -> tuple[Receive, list[str]]:
    """Read the whole request body, rename its keys (``Dialect.inbound_body``) and hand the
    app a ``receive`` that gives the new body (then the client's own messages); also the
    keys the dialect does not know (``Dialect.unknown_keys``)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(bytes(message.get("body", b"")))
        if not message.get("more_body", False):
            break
    unknown = dialect.unknown_keys(path, b"".join(chunks))
    body = dialect.inbound_body(path, b"".join(chunks))
    headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"content-length"]
    scope["headers"] = [*headers, (b"content-length", str(len(body)).encode())]
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay, unknown


async def _not_expected(send: Send, keys: list[str]) -> None:
    """``400``: the body holds keys this API does not know (nothing was done)."""
    detail = f"Extra attributes are not allowed ({', '.join(repr(k) for k in keys)} unknown)."
    payload = {
        "title": "An error occurred",
        "detail": detail,
        "violations": [
            {"propertyPath": k, "message": "This field was not expected.", "code": NO_SUCH_FIELD}
            for k in keys
        ],
    }
    body = json.dumps(payload).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", b"%d" % len(body)),
    ]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _theirs_top(key: str, keys: Mapping[str, str]) -> str:
    return keys.get(key, key)


def _violations_renamed(body: bytes, dialect: Dialect, path: str) -> bytes:
    """A 400 answer whose violations name each key as the dialect spells it (a nested key:
    ``carrier.name`` → ``carrier.carrier_name``)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    violations = data.get("violations") if isinstance(data, dict) else None
    if not isinstance(violations, list):
        return body
    renames: dict[str, str] = {}
    for violation in violations:
        if isinstance(violation, dict) and isinstance(violation.get("propertyPath"), str):
            ours = violation["propertyPath"]
            violation["propertyPath"] = renames[ours] = _theirs(ours, dialect, path)
    if isinstance(data.get("detail"), str):
        for ours, theirs in sorted(renames.items(), key=lambda r: -len(r[0])):
            data["detail"] = data["detail"].replace(f"{ours}:", f"{theirs}:")
    return json.dumps(data).encode()


def _theirs(property_path: str, dialect: Dialect, path: str) -> str:
    """A violation's property path (sandbox names) as the dialect spells it."""
    head, dot, tail = property_path.partition(".")
    if dot:
        for steps, renames in dialect.nested_at(path):
            if steps == (head,) and "." not in tail:
                tail = renames.get(tail, tail)
    return dialect.body_keys(path).get(head, head) + dot + tail


def _renamed(row: Any, keys: Mapping[str, str]) -> Any:
    return {keys.get(k, k): v for k, v in row.items()} if isinstance(row, dict) else row


def _back(obj: Any, keys: Mapping[str, str]) -> Any:
    """An object of the client's with the dialect's keys under the sandbox's names; the
    sandbox's own name of a renamed key becomes ``-name`` (not read)."""
    if not isinstance(obj, dict) or not keys:
        return obj
    back = {theirs: ours for ours, theirs in keys.items()}
    return {back.get(k, k if k not in keys else f"-{k}"): v for k, v in obj.items()}


def _at(data: Any, steps: tuple[str, ...], change: Callable[[Any], Any]) -> Any:
    """``data`` with ``change`` applied to what ``steps`` lead to (``NESTED_OBJECTS``)."""
    if not steps:
        return change(data)
    step, rest = steps[0], steps[1:]
    if step == "[]":
        return [_at(v, rest, change) for v in data] if isinstance(data, list) else data
    if not isinstance(data, dict):
        return data
    if step == "*":
        return {k: _at(v, rest, change) for k, v in data.items()}
    if step not in data:
        return data
    return {**data, step: _at(data[step], rest, change)}


async def _not_found(send: Send, path: str) -> None:
    body = json.dumps({"title": "Not Found", "detail": f'No route for "{path}".'}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
