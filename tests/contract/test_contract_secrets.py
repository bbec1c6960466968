"""Contract: the access key and every issued token stay out of logs, messages and reprs."""

from __future__ import annotations

import base64
import json
import logging

import httpx
import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import ShippingApiError
from packstation.domain.shipping import OrderFilter, ProductImage
from packstation.sandbox import SandboxServer
from tests.contract.support import Sleeps, label_request, new_order


def jti_of(token: str) -> str:
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    jti: str = claims["jti"]
    return jti


def texts_of(err: BaseException) -> list[str]:
    """Everything an exception shows, including anything chained to it."""
    out: list[str] = []
    chain: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and current not in chain:
        chain.append(current)
        out += [str(current), repr(current), *(repr(a) for a in current.args)]
        current = current.__cause__ or current.__context__
    return out


@pytest.mark.asyncio
async def test_no_secret_in_logs_errors_or_reprs(
    sandbox: SandboxServer, sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    issued: list[str] = []  # the tokens as the sandbox handed them out, read off the wire

    async def keep_token(response: httpx.Response) -> None:
        if response.request.url.path == "/v2/token" and response.status_code == 200:
            await response.aread()
            issued.append(response.json()["token"])

    errors: list[ShippingApiError] = []
    async with httpx.AsyncClient(event_hooks={"response": [keep_token]}) as http:
        api = HttpShippingApi(http, sandbox.base_url, sandbox.access_key, sleep=sleeps)
        await api.authenticate()
        await api.list_orders(OrderFilter(state="paid"))
        await api.create_order(new_order("B500"))
        (label,) = await api.create_label(label_request(sandbox, "A100"))
        await api.download_label(label)
        sandbox.control.expire_tokens()  # the next call refreshes the token
        await api.find_labels("A100", "A100-P1")
        sandbox.control.fail_next("/v2/carriers", status=503)
        await api.list_carriers()  # retried
        sandbox.control.fail_next("/v2/labels", method="POST", status=500)
        for failing in (
            api.create_label(label_request(sandbox, "A101")),  # OutcomeUnknown
            api.create_label(label_request(sandbox, "A100")),  # Duplicate
            api.get_order("NOPE-1"),  # NotFound
            api.create_order(new_order("")),  # ValidationFailed
            api.upload_product_image(ProductImage("SKU-MUG-WHT", "x", b"x")),  # refused locally
        ):
            with pytest.raises(ShippingApiError) as caught:
                await failing
            errors.append(caught.value)
        sandbox.control.fail_next("/v2/carriers", status=401, count=2)
        with pytest.raises(ShippingApiError) as refused:
            await api.list_carriers()  # 401 even after a fresh token
        errors.append(refused.value)
        api_repr = repr(api)

        bad = HttpShippingApi(http, sandbox.base_url, "revoked-access-key", sleep=sleeps)
        with pytest.raises(ShippingApiError) as revoked:
            await bad.authenticate()
        errors.append(revoked.value)
        bad_repr = repr(bad)

    with sandbox.state.lock:
        jtis = set(sandbox.state.tokens)
    assert len(issued) >= 3  # first login, the refresh, the one after the injected 401
    assert {jti_of(t) for t in issued} == jtis  # every token the sandbox issued
    secrets = [sandbox.access_key, "revoked-access-key", *issued]
    # the signature alone would be enough to forge nothing, but it must not leak either
    secrets += [t.rsplit(".", 1)[1] for t in issued]

    records = caplog.records
    assert any(r.name.startswith("packstation.adapters") for r in records)
    shown = [r.getMessage() for r in records]
    shown += [repr(r.args) for r in records]
    shown += [caplog.text, api_repr, bad_repr]
    for err in errors:
        shown += texts_of(err)
    for text in shown:
        for secret in secrets:
            assert secret not in text
        assert "eyJ" not in text  # no JWT (or a truncated one) in any form
