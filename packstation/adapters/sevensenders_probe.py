"""``packstation probe``: does this station's 7S client work with that 7S account?

For the integrator's first day on UAT: with a real key the probe walks the whole station flow
once through the real client (``HttpShippingApi``) — sign in, carriers, a test order, the
in-preparation state, a label per format, its file, its look-up, its void, customs and pick-up
points where the account has them — and deletes what it made. Every HTTP exchange is recorded
(method, path, status, the answer's top-level keys; never a body or a header).

Where an answer is not what the configured ``ApiNames`` expect, the probe looks for the names
7S did use (other documented spellings of a path, a key the answer does carry, a list
envelope, a nested or inline label; a record key like an expected one; a request key a
refusal names — ``sevensenders_probe_names.py``) and, once the call works with them, keeps
them as a suggestion for the ``[api_names]`` table of packstation.toml. Against a server that
speaks the defaults it suggests nothing.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from packstation.adapters.http_policy import RetryPolicy
from packstation.adapters.http_transport import ClosingTransport
from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.sevensenders_names import (
    DEFAULT_NAMES,
    NOT_SENT,
    ApiNames,
    UnknownApiName,
)
from packstation.adapters.sevensenders_probe_bodies import (
    ParcelMade,
    clean_up_parcel,
    learn_optional,
    parcel_bodies,
    product_image,
)
from packstation.adapters.sevensenders_probe_names import (
    answer_fixes,
    nested_answer_fixes,
    nested_request_fixes,
    request_fixes,
    unknown_fields,
    unknown_keys_of,
    violation_fields,
)
from packstation.adapters.sevensenders_probe_report import (
    ProbeCall,
    ProbeReport,
    ProbeStep,
    Recorder,
    planned_calls,
    suggestions_toml,
)
from packstation.domain.errors import (
    AuthenticationFailed,
    MalformedResponse,
    NotFound,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.shipping import (
    Address,
    Carrier,
    CarrierInfo,
    CustomsShipmentFilter,
    Label,
    LabelFormat,
    LabelRequest,
    NewOrder,
    NewOrderItem,
    OrderFilter,
    OrderState,
    OrderUpdate,
    Product,
    PudoSearch,
    SevenSendersOrder,
)

T = TypeVar("T")

#: Other spellings worth trying when a name of ``ApiNames`` gets a 404 or is missing from an
#: answer (from the API notes: the docs' own spellings, legacy names, API Platform habits).
PATH_CANDIDATES: Mapping[str, tuple[str, ...]] = {
    "orders": ("order", "Order"),
    "order_states": ("order-states", "order_state", "orderStates"),
    "labels": ("label", "Label"),
    "customs_shipments": ("customs_shipments", "customs-shipments", "customs/shipment"),
    "pudo_locations": ("pudo-locations", "pudo_locations", "pudo/location", "pudo"),
}
LABEL_KEY_CANDIDATES: Mapping[str, tuple[str, ...]] = {
    "id": ("label_id", "labelId"),
    "shipment_id": ("shipment", "shipmentId"),
    "tracking_code": ("tracking_number", "trackingCode", "tracking_id", "tracking"),
    "label_url": ("label_file_url", "download_url", "label_download_url", "url", "file_url"),
}
QUERY_CANDIDATES: Mapping[str, tuple[str, ...]] = {
    "order_id": ("shop_order_id", "filter[order_id]", "orderId"),
    "page_size": ("itemsPerPage", "per_page", "page_size"),
}
#: Keys of a collection answer that are not its member list.
_ENVELOPE_EXTRAS = {"totalItems", "hydra:totalItems", "view", "hydra:view", "@context", "@id"}

TEST_RECIPIENT = Address(
    first_name="Probe",
    last_name="Packstation",
    street="Schwedter Str.",
    house_no="36A",
    zip="10435",
    city="Berlin",
    country="DE",
    email="probe@example.com",
    phone="+49 30 0000000",
)


class Probe:
    """One walk through the station's calls against ``base_url`` with ``access_key``.

    Args:
        base_url: the 7S API root.
        access_key: the account's key (never printed).
        overrides: the station's ``api_names`` (the probe starts from them).
        transport: the HTTP transport (tests may pass one; default: the network).
        now: the clock, for the test order's date.
        try_manifest: also send a customs manifest for the test parcel before it has customs
            data, once, for 7S to refuse (a manifest cannot be taken back: opt-in).
    """

    def __init__(
        self,
        base_url: str,
        access_key: str,
        overrides: Mapping[str, Any] | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        try_manifest: bool = False,
    ) -> None:
        self._base = base_url
        self._key = access_key
        self._overrides: dict[str, Any] = dict(overrides or {})
        self._names = ApiNames.with_overrides(self._overrides)  # raises UnknownApiName early
        #: request keys 7S refused as unknown: left out of the bodies (``group.field``)
        self._dropped: set[str] = set()
        #: ``group.field`` → the names 7S refused as unknown for it (never suggested)
        self.refused_names: dict[str, set[str]] = {}
        self._recorder = Recorder(
            transport or ClosingTransport(),
            16 * 1024 * 1024,
            token_path=lambda: self.names_in_force().paths.token,
        )
        self._now = now
        #: send a customs manifest for the test parcel before it has customs data (once)
        self.try_manifest = try_manifest
        self.report = ProbeReport(base_url)
        self._http: httpx.AsyncClient | None = None
        self._api: HttpShippingApi | None = None

    # ------------------------------------------------------------------ the walk

    async def run(self) -> ProbeReport:
        headers = {"Accept-Encoding": "identity"}
        async with httpx.AsyncClient(transport=self._recorder, headers=headers) as http:
            self._http = http
            self._api = self._build()
            order: SevenSendersOrder | None = None
            labels: list[Label] = []
            product: Product | None = None
            parcel = ParcelMade()
            try:
                if not await self._sign_in():
                    return self.report
                carriers = await self._carriers()
                order = await self._create_order()
                if order is not None:
                    await self._find_order(order.order_id)
                    await self._step(
                        "in_preparation",
                        lambda api: api.post_order_state(order.order_id, OrderState.IN_PREPARATION),
                        path_name="order_states",
                        request_group="order_state_request",
                    )
                    await self._order_items(order.order_id)
                    labels = await self._labels(order, _choose_carrier(carriers))
                    await parcel_bodies(self, order, _choose_carrier(carriers), parcel)
                    await self._customs(order.order_id)
                await self._pudo(carriers)
                product = await self._product()
                await product_image(self, product)
            finally:
                await clean_up_parcel(self, parcel)
                await self._clean_up(order, labels)
                await self._clean_up_product(product)
                self.report.calls = list(self._recorder.calls)
        return self.report

    def _build(self) -> HttpShippingApi:
        assert self._http is not None
        return HttpShippingApi(
            self._http,
            self._base,
            self._key,
            names=self.names_in_force(),
            policy=RetryPolicy(max_retries=1, base_delay=0.2, max_delay=1.0),
        )

    def names_in_force(self) -> ApiNames:
        """The names the probe calls with: the suggestions so far, without the keys 7S
        refused as unknown."""
        names = ApiNames.with_overrides(self._overrides)
        groups: dict[str, dict[str, str]] = {}
        for dropped in self._dropped:
            group, _, name = dropped.partition(".")
            groups.setdefault(group, {})[name] = NOT_SENT
        replaced = {g: dataclasses.replace(getattr(names, g), **n) for g, n in groups.items()}
        return dataclasses.replace(names, **replaced)

    # ------------------------------------------------------------------ for the step modules

    async def step(
        self,
        name: str,
        call: Callable[[HttpShippingApi], Awaitable[T]],
        *,
        optional: bool = False,
        request_group: str | None = None,
        answer_group: str | None = None,
    ) -> T | None:
        """One step of the walk, learning names on the way (``_step``)."""
        return await self._step(
            name,
            call,
            optional=optional,
            request_group=request_group,
            answer_group=answer_group,
        )

    @property
    def last_answer(self) -> Any:
        """The JSON of the last answer (``None`` for the token or a non-JSON answer)."""
        return self._recorder.last_json

    @property
    def last_record(self) -> Mapping[str, Any] | None:
        """The last answer's record, or the first record of its list (in an envelope too)."""
        return next(iter(self.last_records), None)

    @property
    def last_records(self) -> list[Mapping[str, Any]]:
        """The last answer's record, or the records of its list (in an envelope too)."""
        data = self._recorder.last_json
        if isinstance(data, Mapping):
            current = ApiNames.with_overrides(self._overrides)
            envelopes = (current.answers.list_key, "member", "hydra:member")
            data = next((data[k] for k in envelopes if isinstance(data.get(k), list)), [data])
        rows = data if isinstance(data, list) else []
        return [row for row in rows if isinstance(row, Mapping)]

    def now(self) -> datetime:
        return self._now()

    def recorder_step(self, name: str) -> None:
        """Name the calls that follow in the table."""
        self._recorder.step = name

    def add_step(self, name: str, outcome: str, detail: str = "", *, replace: bool = False) -> None:
        """Record a step's outcome (``replace``: instead of the last one recorded)."""
        if replace and self.report.steps:
            self.report.steps[-1] = ProbeStep(name, outcome, detail)
        else:
            self.report.steps.append(ProbeStep(name, outcome, detail))

    def fix_request(self, group: str, exc: ValidationFailed) -> bool:
        """Suggest the request keys of ``group`` a refusal names (``_fix_request``)."""
        return self._fix_request(group, exc)

    def suggest(self, key: str, value: str) -> None:
        self._suggest(key, value)

    def is_dropped(self, key: str) -> bool:
        """Whether the request key ``group.field`` is left out (7S refused it as unknown)."""
        return key in self._dropped

    def drop(self, key: str) -> None:
        """Leave the request key ``group.field`` out of the bodies from now on."""
        self._dropped.add(key)
        self._api = self._build()

    def unsuggest(self, key: str) -> None:
        """Take a suggestion back (it did not work)."""
        self._overrides.pop(key, None)
        self.report.suggestions.pop(key, None)
        self._api = self._build()

    @property
    def api(self) -> HttpShippingApi:
        assert self._api is not None
        return self._api

    def _suggest(self, key: str, value: str) -> None:
        self._overrides[key] = value
        self.report.suggestions[key] = value
        self._dropped.discard(key)
        self._api = self._build()

    async def _step(
        self,
        name: str,
        call: Callable[[HttpShippingApi], Awaitable[T]],
        *,
        path_name: str | None = None,
        optional: bool = False,
        request_group: str | None = None,
        answer_group: str | None = None,
    ) -> T | None:
        """Run one call; on a 404 try the other spellings of ``path_name``; on a refusal
        naming keys the body did not send, the keys of ``request_group`` alike them; on an
        answer the client cannot read, the keys of ``answer_group`` alike the answer's, or a
        list envelope. Each fix found is suggested and the call made again. ``optional``: a
        refusal means the account does not have the service (skipped, not failed)."""
        self._recorder.step = name
        for _ in range(4):
            try:
                result = await call(self.api)
            except NotFound as exc:
                found = None if path_name is None else await self._other_path(name, call, path_name)
                if found == []:
                    continue  # the path is found; its refusal of the data comes next
                if found is not None:
                    return found[0]
                self._failed(name, exc, optional)
                return None
            except ValidationFailed as exc:
                if request_group is None or not (
                    self._fix_request(request_group, exc) or self._drop_unknown(request_group)
                ):
                    self._failed(name, exc, optional)
                    return None
            except MalformedResponse as exc:
                fixed = answer_group is not None and self._fix_answer(answer_group)
                if not fixed and not await self._envelope_fix():
                    self._failed(name, exc, optional)
                    return None
            except ShippingApiError as exc:
                self._failed(name, exc, optional)
                return None
            else:
                if answer_group is not None:
                    self._fix_answer(answer_group)  # optional keys under other names
                self.report.steps.append(ProbeStep(name, "ok"))
                return result
        self.report.steps.append(ProbeStep(name, "failed", "no names found that it takes"))
        return None

    def _fix_request(self, group: str, exc: ValidationFailed) -> bool:
        """Suggest the request keys of ``group`` a refusal names (``request_fixes``)."""
        refused = [v.field for v in exc.violations]
        refused += violation_fields(self._recorder.last_json, self._names)
        current = ApiNames.with_overrides(self._overrides)
        fixes = request_fixes(current, group, refused) | nested_request_fixes(
            current, group, refused
        )
        for key, value in fixes.items():
            self._suggest(key, value)
        return bool(fixes)

    def _drop_unknown(self, group: str) -> bool:
        """Leave out the keys of ``group`` the last refusal calls unknown (a strict API): the
        call is made again without them, and their names may be learnt from its answer
        (``learn_optional``)."""
        unknown = unknown_fields(self._recorder.last_json, self._names)
        names = self.names_in_force()
        keys = unknown_keys_of(names, group, unknown)
        for key in keys:
            where, _, name = key.partition(".")
            wire = getattr(getattr(names, where), name)
            self.refused_names.setdefault(key, set()).add(wire)
        new = set(keys) - self._dropped
        self._dropped |= new
        if new:
            self._api = self._build()
        return bool(new)

    def _fix_answer(self, group: str, keys: Sequence[str] | None = None) -> bool:
        """Suggest the answer keys of ``group`` the last answer spells otherwise
        (``answer_fixes``, on its first record, or on ``keys`` when given)."""
        record = dict.fromkeys(keys) if keys is not None else self.last_record
        if record is None:
            return False
        current = ApiNames.with_overrides(self._overrides)
        fixes = answer_fixes(current, group, record)
        # a nested list may be empty in the first record (a point without closures)
        for row in [record, *(self.last_records if keys is None else [])]:
            for key, value in nested_answer_fixes(current, group, row).items():
                fixes.setdefault(key, value)
        for key, value in fixes.items():
            self._suggest(key, value)
        return bool(fixes)

    async def _sign_in(self) -> bool:
        """Sign in, learning the sign-in body's and answer's names on the way."""
        self._recorder.step = "sign in"
        for _ in range(3):
            try:
                await self.api.authenticate()
            except AuthenticationFailed as exc:
                refused = violation_fields(self._recorder.last_json, self._names)
                fixes = request_fixes(
                    ApiNames.with_overrides(self._overrides), "token_request", refused
                )
                if exc.status != 400 or not fixes:
                    self.report.refused_key = True
                    self._failed("sign in", exc, False)
                    return False
                for key, value in fixes.items():
                    self._suggest(key, value)
            except MalformedResponse as exc:
                keys = self._recorder.calls[-1].keys if self._recorder.calls else ()
                if not self._fix_answer("token", keys):
                    self._failed("sign in", exc, False)
                    return False
            except ShippingApiError as exc:
                self._failed("sign in", exc, False)
                return False
            else:
                self.report.steps.append(ProbeStep("sign in", "ok"))
                return True
        self.report.steps.append(ProbeStep("sign in", "failed", "no names found that it takes"))
        return False

    def _failed(self, name: str, exc: ShippingApiError, optional: bool) -> None:
        """Record the step as failed (or skipped, when ``optional`` and refused)."""
        refused = isinstance(exc, ValidationFailed | NotFound) or exc.status == 403
        outcome = "skipped" if optional and refused else "failed"
        self.report.steps.append(ProbeStep(name, outcome, str(exc)))

    async def _other_path(
        self, name: str, call: Callable[[HttpShippingApi], Awaitable[T]], path_name: str
    ) -> list[T] | None:
        """The call at another spelling of ``path_name``: ``[result]``; ``[]`` when a path
        answered but refused the data (it exists: the refusal is looked at next); ``None``
        when no spelling answered."""
        key = f"paths.{path_name}"
        before = self._overrides.get(key)
        for candidate in PATH_CANDIDATES.get(path_name, ()):
            if candidate == getattr(self._names.paths, path_name):
                continue
            self._overrides[key] = candidate
            self._api = self._build()
            try:
                result = await call(self.api)
            except NotFound:
                continue
            except ValidationFailed:
                self._suggest(key, candidate)
                return []
            except ShippingApiError:
                break
            self._suggest(key, candidate)
            self.report.steps.append(ProbeStep(name, "ok", f"at {candidate}"))
            return [result]
        if before is None:
            self._overrides.pop(key, None)
        else:
            self._overrides[key] = before
        self._api = self._build()
        return None

    async def _envelope_fix(self) -> bool:
        """A list answer wrapped in an object under an unknown key: suggest that key."""
        data = self._recorder.last_json
        if not isinstance(data, Mapping):
            return False
        lists = [k for k, v in data.items() if isinstance(v, list) and k not in _ENVELOPE_EXTRAS]
        if len(lists) != 1 or lists[0] == self._names.answers.list_key:
            return False
        self._suggest("answers.list_key", lists[0])
        return True

    # ------------------------------------------------------------------ the steps

    async def _carriers(self) -> list[CarrierInfo]:
        found = await self._step(
            "carriers", lambda api: api.list_carriers(), answer_group="carrier"
        )
        return found or []

    async def _create_order(self) -> SevenSendersOrder | None:
        order_id = f"PROBE-{secrets.token_hex(4).upper()}"
        url = f"https://probe.invalid/orders/{order_id}"
        new = NewOrder(order_id=order_id, order_date=self._now(), order_url=url, language="en")

        async def once(api: HttpShippingApi) -> SevenSendersOrder:
            # made already (its answer was read with the wrong names)? then it is found
            found = await api.find_order(order_id)
            return found if found is not None else await api.create_order(new)

        made = await self._step(
            "create test order",
            once,
            path_name="orders",
            request_group="order_request",
            answer_group="order",
        )
        if made is not None:
            order_ref = made.id

            def resend(api: HttpShippingApi, field: str, value: str) -> Awaitable[Any]:
                assert field == "order_url"
                return api.update_order(order_ref, OrderUpdate(order_url=value))

            answer = self.last_record
            await learn_optional(
                self, ("order_request", "order"), answer, {"order_url": url}, resend
            )
        return made

    async def _find_order(self, order_id: str) -> None:
        found = await self._step(
            "find the order", lambda api: api.find_order(order_id), answer_group="order"
        )
        if found is None:
            if self.report.steps[-1].outcome == "ok":
                self.report.steps[-1] = ProbeStep(
                    "find the order", "failed", f"{order_id} was not found after it was made"
                )
            return
        # does 7S honour the order_id filter, and the page size?
        self._recorder.step = "order filter"
        rows = await self.api.list_orders(OrderFilter(order_id=order_id, limit=50))
        if any(o.order_id != order_id for o in rows):
            await self._query_fix("order_id", order_id)
        rows = await self.api.list_orders(OrderFilter(limit=1))
        if len(rows) > 1:
            await self._query_fix("page_size", order_id)

    async def _query_fix(self, name: str, order_id: str) -> None:
        key = f"query.{name}"
        for candidate in QUERY_CANDIDATES[name]:
            trial = ApiNames.with_overrides({**self._overrides, key: candidate})
            assert self._http is not None
            api = HttpShippingApi(
                self._http, self._base, self._key, names=trial, policy=RetryPolicy(max_retries=0)
            )
            try:
                if name == "order_id":
                    rows = await api.list_orders(OrderFilter(order_id=order_id, limit=50))
                    works = bool(rows) and all(o.order_id == order_id for o in rows)
                else:
                    works = len(await api.list_orders(OrderFilter(limit=1))) == 1
            except ShippingApiError:
                continue
            if works:
                self._suggest(key, candidate)
                return

    async def _labels(self, order: SevenSendersOrder, carrier: Carrier) -> list[Label]:
        bought: list[Label] = []
        for fmt in LabelFormat:
            name = f"label {fmt.value}"
            reference = f"{order.order_id}-{fmt.value.upper()}"
            request = LabelRequest(
                order_id=order.order_id,
                carrier=carrier,
                recipient=TEST_RECIPIENT,
                reference_number=reference,
                format=fmt,
                weight_g=500,
            )
            label = await self._buy(name, request)
            if label is None:
                continue
            bought.append(label)
            self._check_download_path(label)
            await self._label_after(label, reference)
        return bought

    async def _buy(self, name: str, request: LabelRequest) -> Label | None:
        """One label bought (its step recorded), learning the path, the request keys and the
        answer's names on the way; ``None`` when it was not (the step says why)."""
        self._recorder.step = name
        fixed = ""
        for _ in range(3):
            try:
                label = (await self.api.create_label(request))[0]
            except NotFound as exc:

                def buy(api: HttpShippingApi, request: LabelRequest = request) -> Awaitable[Any]:
                    return api.create_label(request)

                again = await self._other_path(name, buy, "labels")
                if again == []:
                    continue  # the path is found; it refused the data
                if again is None:
                    self._failed(name, exc, False)
                    return None
                bought: Label = again[0][0]
                return bought
            except ValidationFailed as exc:
                if not (
                    self._fix_request("label_request", exc) or self._drop_unknown("label_request")
                ):
                    self.report.steps.append(
                        ProbeStep(name, "skipped", f"not available for this account: {exc}")
                    )
                    return None
                fixed = "with other request keys"
            except MalformedResponse:
                assert request.reference_number is not None
                found = await self._read_label_answer(
                    name, request.order_id, request.reference_number
                )
                if found is None:
                    self.report.steps.append(
                        ProbeStep(name, "failed", "the label answer could not be read")
                    )
                return found
            else:
                self.report.steps.append(ProbeStep(name, "ok", fixed))
                return label
        self.report.steps.append(ProbeStep(name, "failed", "no names found that it takes"))
        return None

    async def _read_label_answer(self, name: str, order_id: str, reference: str) -> Label | None:
        """The label was probably bought, but its answer did not fit the names: find the
        names in that answer, then read the label by looking it up (never buy twice)."""
        data = self._recorder.last_json
        row = data[0] if isinstance(data, list) and data else data
        if not isinstance(row, Mapping):
            return None
        keys = self._names.label
        if not _label_like(row, keys):
            nested = [k for k, v in row.items() if isinstance(v, Mapping) and _label_like(v, keys)]
            if len(nested) != 1:
                return None
            self._suggest("label.envelope", nested[0])
            row = row[nested[0]]
        for field_name, candidates in LABEL_KEY_CANDIDATES.items():
            if getattr(keys, field_name) in row or (field_name == "id" and "iri" in row):
                continue
            hit = next((c for c in candidates if c in row), None)
            if hit is not None:
                self._suggest(f"label.{field_name}", hit)
        current = ApiNames.with_overrides(self._overrides)
        for key, value in nested_answer_fixes(current, "label", row).items():
            self._suggest(key, value)  # its carrier object
        document = _inline_document_key(row)
        if document is not None and document != keys.document:
            self._suggest("label.document", document)
        self._recorder.step = f"{name}: look up (answer unreadable)"
        try:
            found = await self.api.find_labels(order_id, reference)
        except ShippingApiError:
            return None
        match = [lb for lb in found if lb.reference_number in (reference, None)]
        if not match:
            return None
        self.report.steps.append(ProbeStep(name, "ok", "its answer read with other names"))
        return match[0]

    def _check_download_path(self, label: Label) -> None:
        """A label_url outside ``{base}/{paths.label_download}/`` hints at another path."""
        if label.document is not None and not label.download_url:
            return
        base = httpx.URL(self._base.rstrip("/") + "/")
        url = base.join(label.download_url)
        if (url.host, url.port) != (base.host, base.port):
            return  # a file store elsewhere (a CDN): not a path of the API
        parts = url.path.rstrip("/").split("/")
        if len(parts) < 3 or parts[-1] != label.id:
            return
        collection = "/".join(parts[:-1])
        default = self._names.paths.label_download
        # under the base: relative to it; elsewhere on the host: root-relative
        under = collection.startswith(base.path)
        path = collection[len(base.path) :] if under else collection
        if (path != default and path.strip("/") != default.strip("/")) or (
            path.startswith("/") != default.startswith("/")
        ):
            self._suggest("paths.label_download", path)

    async def _label_after(self, label: Label, reference: str) -> None:
        name = f"label {label.format.value}"
        document = await self._step(f"{name}: download", lambda api: api.download_label(label))
        if document is not None:
            self.report.steps[-1] = ProbeStep(
                f"{name}: download",
                "ok",
                f"{len(document.content)} bytes, {document.content_type}"
                + (" (inline in the answer)" if label.document is not None else ""),
            )
        found = await self._step(
            f"{name}: look up", lambda api: api.find_labels(label.order_id, reference)
        )
        if found is not None and not any(lb.id == label.id for lb in found):
            self.report.steps[-1] = ProbeStep(
                f"{name}: look up", "failed", "the look-up by reference did not find it"
            )
        await self._step(f"{name}: void", lambda api: api.delete_label(label.id))
        self._recorder.step = f"{name}: void"
        try:
            still = await self.api.find_labels(label.order_id, reference)
        except ShippingApiError:
            return
        if any(lb.id == label.id for lb in still):
            self.report.steps[-1] = ProbeStep(
                f"{name}: void", "failed", "the label is still listed after the DELETE"
            )

    async def _customs(self, order_id: str) -> None:
        await self._step(
            "customs shipments",
            lambda api: api.list_customs_shipments(CustomsShipmentFilter(order_id=order_id)),
            path_name="customs_shipments",
            optional=True,
            answer_group="customs_shipment",
        )
        # manifests cannot be deleted: none is made; the look-up shows the account has them
        await self._step(
            "customs manifests",
            lambda api: api.find_manifest(f"{order_id}-M"),
            optional=True,
            answer_group="manifest",
        )

    async def _order_items(self, order_id: str) -> None:
        """An item on the test order (it goes with the order), then the order's items."""
        item = NewOrderItem(order_id, f"{order_id}-SKU", 1, "Probe item")
        made = await self._step(
            "create order item",
            lambda api: api.create_order_item(item),
            optional=True,
            request_group="order_item_request",
            answer_group="order_item",
        )
        if made is None:
            return
        listed = await self._step(
            "order items", lambda api: api.list_order_items(order_id), answer_group="order_item"
        )
        if listed is not None and made not in listed:
            self.report.steps[-1] = ProbeStep(
                "order items", "failed", "the item made just now is not listed"
            )

    async def _product(self) -> Product | None:
        """A test product (deleted at the end) and its look-up by SKU."""
        sku = f"PROBE-{secrets.token_hex(4).upper()}"
        product = Product(sku, customs_description="Packstation probe", origin_country="DE")
        made = await self._step(
            "create test product",
            lambda api: api.create_product(product),
            optional=True,
            request_group="product_request",
            answer_group="product",
        )
        if made is None:
            return None
        found = await self._step(
            "find the product", lambda api: api.find_product(sku), answer_group="product"
        )
        if found is not None and found.customs_description != product.customs_description:
            self.report.steps[-1] = ProbeStep(
                "find the product", "failed", "its customs description did not arrive"
            )
        return made

    async def _clean_up_product(self, product: Product | None) -> None:
        if product is None:
            return
        self._recorder.step = "clean up"
        try:
            await self.api.delete_product(product.sku)
        except ShippingApiError as exc:
            self.report.cleanup_problems.append(
                f"the test product {product.sku} could not be deleted: {exc}"
            )
            self.report.steps.append(ProbeStep("delete the test product", "failed", str(exc)))
        else:
            self.report.steps.append(ProbeStep("delete the test product", "ok"))

    async def _pudo(self, carriers: Sequence[CarrierInfo]) -> None:
        codes = {c.code for c in carriers}
        if "mondialrelay" in codes:
            search = PudoSearch.by_address(("mondialrelay",), "FR", "75017", max_results=5)
        else:
            search = PudoSearch.by_address(("dhl",), "DE", "10435", max_results=5)
        await self._step(
            "pick-up points",
            lambda api: api.search_pudo(search),
            path_name="pudo_locations",
            optional=True,
            answer_group="pudo_location",
        )

    async def _clean_up(self, order: SevenSendersOrder | None, labels: list[Label]) -> None:
        self._recorder.step = "clean up"
        if order is None:
            return
        try:
            await self.api.delete_order(order.id)
        except ShippingApiError as exc:
            self.report.cleanup_problems.append(
                f"the test order {order.order_id} (7S id {order.id}) could not be deleted: {exc}"
            )
            self.report.steps.append(ProbeStep("delete the test order", "failed", str(exc)))
        else:
            self.report.steps.append(ProbeStep("delete the test order", "ok"))
        del labels


def _choose_carrier(carriers: Sequence[CarrierInfo]) -> Carrier:
    for info in carriers:
        if "DE" in info.countries or not info.countries:
            return Carrier(info.code, "DE")
    return Carrier(carriers[0].code if carriers else "dhl", "DE")


def _label_like(row: Mapping[str, Any], keys: Any) -> bool:
    wanted = {keys.tracking_code, keys.shipment_id, keys.label_url, keys.reference_number}
    wanted |= {c for cs in LABEL_KEY_CANDIDATES.values() for c in cs}
    return len(wanted & set(row)) >= 2


def _inline_document_key(row: Mapping[str, Any]) -> str | None:
    for key, value in row.items():
        if not isinstance(value, str) or len(value) < 64:
            continue
        try:
            content = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            continue
        if content.lstrip().startswith(b"%PDF") or b"^XA" in content.upper():
            return str(key)
    return None


__all__ = [
    "DEFAULT_NAMES",
    "Probe",
    "ProbeCall",
    "ProbeReport",
    "ProbeStep",
    "UnknownApiName",
    "planned_calls",
    "suggestions_toml",
]
