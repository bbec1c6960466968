"""Redaction at one choke point: every error and log line of the 7S client passes one redactor.

A careless server echoes the access key and the bearer token inside field-level violations,
details, titles and codes; none of it may leave the client.
"""

from __future__ import annotations

import inspect
import logging

import httpx
import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.sevensenders.redaction import MASK, Redactor
from packstation.adapters.sevensenders_auth import Secret
from packstation.domain.errors import ShippingApiError, ValidationFailed, Violation
from packstation.ports import ShippingApi
from tests.unit.adapters.sevensenders_mock import (
    ACCESS_KEY,
    TOKEN_MARKER,
    Harness,
    Reply,
    a_label_request,
    reply,
)

LABELS = "/v2/labels"


def echo_violations(request: httpx.Request) -> httpx.Response:
    bearer = request.headers["authorization"]
    said = f"key {ACCESS_KEY} and {bearer} are not allowed here"
    body = {
        "title": f"Refused {bearer}",
        "detail": said,
        "violations": [
            {"propertyPath": "reference_number", "message": said, "code": ACCESS_KEY},
            {"propertyPath": f"header {bearer}", "message": f"token {bearer.split()[1]}"},
        ],
    }
    return httpx.Response(422, json=body)


def texts_of(error: ShippingApiError) -> list[str]:
    texts = [str(error), repr(error), error.message, error.operation, *map(str, error.args)]
    if isinstance(error, ValidationFailed):
        for v in error.violations:
            texts += [str(v), repr(v), v.field, v.message, v.code or ""]
    return texts


@pytest.mark.asyncio
async def test_violations_that_echo_the_key_and_the_token_are_redacted(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    harness.router.add("POST", LABELS, echo_violations)
    with pytest.raises(ValidationFailed) as caught:
        await harness.api.create_label(a_label_request())
    error = caught.value
    texts = texts_of(error) + [r.getMessage() for r in caplog.records]
    assert any("answer 422 body" in r.getMessage() for r in caplog.records)
    for text in texts:
        assert ACCESS_KEY not in text
        assert TOKEN_MARKER not in text
    assert [v.field for v in error.violations] == ["reference_number", f"header Bearer {MASK}"]
    assert error.violations[0].message == f"key {MASK} and Bearer {MASK} are not allowed here"
    assert error.violations[0].code == MASK
    assert error.violations[1].message == f"token {MASK}"
    assert error.message.startswith("Seven Senders refused the data while buying the label: ")
    assert error.__cause__ is None
    assert error.__context__ is None


@pytest.mark.asyncio
async def test_an_earlier_opaque_token_is_still_redacted_after_a_renewal(
    harness: Harness,
) -> None:
    def grant(token: str) -> Reply:
        return reply(200, {"token": token, "allowed_to_track_all_shipments": True})

    harness.router.add("POST", "/v2/token", grant("opaque-first-1234"), grant("opaque-second-5678"))
    await harness.api.authenticate()
    await harness.api.authenticate()  # renewed: the first token is no longer current
    harness.router.add(
        "GET", "/v2/orders/A100", reply(404, {"detail": "no order for opaque-first-1234"})
    )
    with pytest.raises(ShippingApiError) as caught:
        await harness.api.get_order("A100")
    assert caught.value.message.endswith(f"Seven Senders says: no order for {MASK}")
    assert len(harness.router.calls("POST", "/v2/token")) == 2


def test_every_call_of_the_port_passes_the_redactor() -> None:
    port_calls = {
        name
        for name, member in inspect.getmembers(ShippingApi)
        if not name.startswith("_") and callable(member)
    }
    public = dict(inspect.getmembers(HttpShippingApi, inspect.iscoroutinefunction))
    assert port_calls <= set(public)
    for name, member in public.items():
        if not name.startswith("_"):
            assert getattr(member, "__redacted__", False), name


def test_the_redactor_masks_bearer_tokens_it_never_saw() -> None:
    redactor = Redactor(Secret("k3y-of-the-station"))
    text = redactor.text(
        "auth bearer abc.DEF-123_x~+/= and Authorization: Bearer zzz and eyJhbGciOi.eyJzdWIi.sig "
        "and k3y-of-the-station"
    )
    assert text == (f"auth Bearer {MASK} and Authorization: Bearer {MASK} and {MASK} and {MASK}")


def test_the_redactor_scrubs_an_error_in_place() -> None:
    redactor = Redactor(Secret("k3y-of-the-station"))
    redactor.remember(Secret("opaque-token-42"))
    error = ValidationFailed(
        "refused k3y-of-the-station",
        (Violation("f opaque-token-42", "m opaque-token-42", "opaque-token-42"),),
        operation="buy label",
    )
    assert redactor.error(error) is error
    assert error.message == f"refused {MASK}"
    assert error.args == (f"refused {MASK}",)
    assert error.violations == (Violation(f"f {MASK}", f"m {MASK}", MASK),)
