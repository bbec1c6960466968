"""Failures: retries, unknown outcomes, error mapping, malformed answers, no leaked secrets."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest

from packstation.adapters.sevensenders_names import UNIQUE_VIOLATION_CODE
from packstation.domain.errors import (
    AuthenticationFailed,
    Duplicate,
    MalformedResponse,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.shipping import (
    Carrier,
    Label,
    LabelFormat,
    NewOrder,
    OrderState,
    OrderUpdate,
)
from tests.unit.adapters.sevensenders_mock import (
    ACCESS_KEY,
    TOKEN_MARKER,
    Harness,
    Reply,
    a_label_request,
    fail,
    label_json,
    order_json,
    reply,
)

LABELS = "/v2/labels"
ORDER = "/v2/orders/A100"


# --------------------------------------------------------------------------- buying a label


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "answer",
    [
        reply(500, {"title": "Internal Server Error"}),
        reply(502, content=b"<html><body>Bad Gateway</body></html>"),
        reply(503, {"title": "Unavailable"}, headers={"Retry-After": "2"}),
        reply(504),
        fail(httpx.ReadTimeout),
        fail(httpx.WriteTimeout),
        fail(httpx.ReadError),
        fail(httpx.RemoteProtocolError),
    ],
    ids=[
        "500",
        "502-html",
        "503-retry-after",
        "504",
        "read-timeout",
        "write-timeout",
        "read-error",
        "dropped",
    ],
)
async def test_label_purchase_without_an_answer_is_an_unknown_outcome(
    harness: Harness, answer: object
) -> None:
    harness.router.add("POST", LABELS, answer)  # type: ignore[arg-type]
    with pytest.raises(OutcomeUnknown) as caught:
        await harness.api.create_label(a_label_request())
    assert len(harness.router.calls("POST", LABELS)) == 1  # never blindly resent
    assert harness.sleeps == []
    error = caught.value
    assert error.operation == "buy label"
    assert error.message == (
        "No answer from Seven Senders while buying the label — the label may or may not "
        "have been bought. The station will look it up before trying again."
    )
    assert str(error).startswith("buy label: No answer from Seven Senders")


@pytest.mark.asyncio
@pytest.mark.parametrize("exc_type", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
async def test_label_purchase_is_retried_when_it_never_left(
    harness: Harness, exc_type: type[httpx.TransportError]
) -> None:
    harness.router.add("POST", LABELS, fail(exc_type), reply(201, label_json()))
    labels = await harness.api.create_label(a_label_request())
    assert [label.tracking_code for label in labels] == ["00340434161094042557"]
    assert len(harness.router.calls("POST", LABELS)) == 2
    assert harness.sleeps == [pytest.approx(0.5 * 0.875)]  # first backoff, rand=0.5


@pytest.mark.asyncio
async def test_label_purchase_that_never_connects_is_unavailable(harness: Harness) -> None:
    harness.router.add("POST", LABELS, fail(httpx.ConnectError))
    with pytest.raises(ServiceUnavailable) as caught:
        await harness.api.create_label(a_label_request())
    assert len(harness.router.calls("POST", LABELS)) == 4
    assert len(harness.sleeps) == 3
    assert "nothing was sent" in caught.value.message


@pytest.mark.asyncio
async def test_rate_limited_label_purchase_waits_as_told(harness: Harness) -> None:
    harness.router.add(
        "POST",
        LABELS,
        reply(429, {"title": "Too Many Requests"}, headers={"Retry-After": "7"}),
        reply(201, label_json()),
    )
    await harness.api.create_label(a_label_request())
    assert harness.sleeps == [7.0]
    assert len(harness.router.calls("POST", LABELS)) == 2


@pytest.mark.asyncio
async def test_rate_limit_with_a_long_hint_is_reported_at_once(harness: Harness) -> None:
    harness.router.add("POST", LABELS, reply(429, headers={"Retry-After": "120"}))
    with pytest.raises(RateLimited) as caught:
        await harness.api.create_label(a_label_request())
    assert caught.value.retry_after == 120
    assert "Try again in 120 seconds" in caught.value.message
    assert harness.sleeps == []


@pytest.mark.asyncio
async def test_rate_limit_until_the_retries_run_out(harness: Harness) -> None:
    harness.router.add("POST", LABELS, reply(429, headers={"Retry-After": "1"}))
    with pytest.raises(RateLimited) as caught:
        await harness.api.create_label(a_label_request())
    assert harness.sleeps == [1.0, 1.0, 1.0]
    assert caught.value.retry_after == 1.0
    assert caught.value.status == 429


@pytest.mark.asyncio
async def test_retry_after_as_http_date(harness: Harness) -> None:
    # the fake clock stands at 2027-01-15 08:00:00 UTC
    harness.router.add(
        "GET",
        ORDER,
        reply(503, headers={"Retry-After": "Fri, 15 Jan 2027 08:00:12 GMT"}),
        reply(200, order_json()),
    )
    await harness.api.get_order("A100")
    assert harness.sleeps == [12.0]


# --------------------------------------------------------------------------- idempotent calls


@pytest.mark.asyncio
async def test_get_is_retried_on_503_then_succeeds(harness: Harness) -> None:
    harness.router.add("GET", ORDER, reply(503), reply(503), reply(200, order_json()))
    order = await harness.api.get_order("A100")
    assert order.id == 4711
    assert len(harness.router.calls("GET", ORDER)) == 3
    assert harness.sleeps == [pytest.approx(0.4375), pytest.approx(0.875)]


@pytest.mark.asyncio
async def test_get_gives_up_after_the_last_retry(harness: Harness) -> None:
    harness.router.add("GET", ORDER, reply(503, {"title": "Service Unavailable"}))
    with pytest.raises(ServiceUnavailable) as caught:
        await harness.api.get_order("A100")
    assert len(harness.router.calls("GET", ORDER)) == 4
    assert len(harness.sleeps) == 3
    assert caught.value.status == 503
    assert caught.value.operation == "get order"
    assert "Try again in a minute" in caught.value.message


@pytest.mark.asyncio
async def test_get_is_retried_on_timeouts(harness: Harness) -> None:
    harness.router.add("GET", ORDER, fail(httpx.ReadTimeout), reply(200, order_json()))
    await harness.api.get_order("A100")
    assert len(harness.router.calls("GET", ORDER)) == 2


@pytest.mark.asyncio
async def test_put_after_a_dropped_connection_is_retried(harness: Harness) -> None:
    harness.router.add("PUT", ORDER, fail(httpx.RemoteProtocolError), reply(200, order_json()))
    await harness.api.update_order("A100", OrderUpdate(boarding_complete=True))
    assert len(harness.router.calls("PUT", ORDER)) == 2


@pytest.mark.asyncio
async def test_transport_failure_of_a_get_is_unavailable(harness: Harness) -> None:
    harness.router.add("GET", ORDER, fail(httpx.ReadTimeout))
    with pytest.raises(ServiceUnavailable, match="did not answer"):
        await harness.api.get_order("A100")


@pytest.mark.asyncio
async def test_html_502_page_of_a_get_is_unavailable_and_readable(harness: Harness) -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    harness.router.add(
        "GET", ORDER, reply(502, content=page, headers={"content-type": "text/html"})
    )
    with pytest.raises(ServiceUnavailable) as caught:
        await harness.api.get_order("A100")
    assert "<" not in caught.value.message
    assert "error 502" in caught.value.message


@pytest.mark.asyncio
async def test_other_creating_requests_are_not_resent_either(harness: Harness) -> None:
    harness.router.add("POST", "/v2/order_states", reply(500))
    with pytest.raises(OutcomeUnknown, match="the order state may or may not have been recorded"):
        await harness.api.post_order_state("A100", OrderState.IN_PREPARATION)
    assert len(harness.router.calls("POST", "/v2/order_states")) == 1


# --------------------------------------------------------------------------- error mapping


@pytest.mark.asyncio
async def test_validation_violations_are_reported_per_field(harness: Harness) -> None:
    body = {
        "title": "An error occurred",
        "detail": "recipient_zip: This value should not be blank.; recipient_email: bad",
        "violations": [
            {
                "propertyPath": "recipient_zip",
                "message": "This value should not be blank.",
                "code": "c1051bb4-d103-4f74-8988-acbcafc7fdc3",
            },
            {"propertyPath": "recipient_email", "message": "This value is not a valid email."},
        ],
    }
    harness.router.add("POST", LABELS, reply(400, body))
    with pytest.raises(ValidationFailed) as caught:
        await harness.api.create_label(a_label_request())
    error = caught.value
    assert not isinstance(error, Duplicate)
    assert error.status == 400
    assert [v.field for v in error.violations] == ["recipient_zip", "recipient_email"]
    assert error.for_field("recipient_zip")[0].message == "This value should not be blank."
    assert error.for_field("recipient_zip")[0].code == "c1051bb4-d103-4f74-8988-acbcafc7fdc3"
    assert error.message == (
        "Seven Senders refused the data while buying the label: recipient_zip: This value "
        "should not be blank.; recipient_email: This value is not a valid email."
    )
    assert len(harness.router.calls("POST", LABELS)) == 1


@pytest.mark.asyncio
async def test_422_is_a_validation_failure_too(harness: Harness) -> None:
    harness.router.add("PUT", ORDER, reply(422, {"detail": "boarding_complete: not a bool"}))
    with pytest.raises(ValidationFailed, match="boarding_complete: not a bool"):
        await harness.api.update_order("A100", OrderUpdate(boarding_complete=True))


@pytest.mark.asyncio
async def test_unique_violation_code_is_a_duplicate(harness: Harness) -> None:
    body = {
        "title": "An error occurred",
        "detail": "reference_number: This value is already used.",
        "violations": [
            {
                "propertyPath": "reference_number",
                "message": "This value is already used.",
                "code": UNIQUE_VIOLATION_CODE,
            }
        ],
    }
    harness.router.add("POST", LABELS, reply(400, body))
    with pytest.raises(Duplicate) as caught:
        await harness.api.create_label(a_label_request())
    assert caught.value.for_field("reference_number")
    assert "already has the label" in caught.value.message


@pytest.mark.asyncio
async def test_409_is_a_duplicate(harness: Harness) -> None:
    harness.router.add("POST", "/v2/orders", reply(409, {"title": "Conflict"}))
    with pytest.raises(Duplicate):
        await harness.api.create_order(NewOrder("A100", datetime(2026, 1, 1, tzinfo=UTC)))


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "error_type", "phrase"),
    [
        (403, AuthenticationFailed, "not allowed"),
        (404, NotFound, "has no record of the order"),
        (405, ValidationFailed, "does not allow loading the order"),
        (410, ShippingApiError, "error 410"),
    ],
)
async def test_status_mapping(
    harness: Harness, status: int, error_type: type[ShippingApiError], phrase: str
) -> None:
    harness.router.add("GET", ORDER, reply(status, {"title": "x", "detail": "Order A100 gone"}))
    with pytest.raises(error_type) as caught:
        await harness.api.get_order("A100")
    assert type(caught.value) is error_type
    assert phrase in caught.value.message
    assert caught.value.status == status
    assert len(harness.router.calls("GET", ORDER)) == 1


@pytest.mark.asyncio
async def test_not_found_quotes_the_server_detail(harness: Harness) -> None:
    harness.router.add("GET", ORDER, reply(404, {"title": "Not Found", "detail": "No order A100"}))
    with pytest.raises(NotFound) as caught:
        await harness.api.get_order("A100")
    assert caught.value.message == (
        "Seven Senders has no record of the order. Seven Senders says: No order A100"
    )


@pytest.mark.asyncio
async def test_delete_answered_with_an_error_body_of_another_shape(harness: Harness) -> None:
    harness.router.add("DELETE", "/v2/shipments/5", reply(400, ["not", "an", "object"]))
    with pytest.raises(ValidationFailed, match="no reason given"):
        await harness.api.delete_shipment("5")


# --------------------------------------------------------------------------- malformed answers


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (reply(200, content=b""), "the answer is empty"),
        (
            reply(
                200,
                content=b"<!DOCTYPE html><html>Login</html>",
                headers={"content-type": "text/html"},
            ),
            "the answer is a web page, not data",
        ),
        (reply(200, content=b"{not json"), "the answer is not JSON"),
        (reply(200, [order_json()]), "the answer is a list where one record was expected"),
        (reply(200, order_json(id="abc")), "id: should be a whole number"),
        (reply(200, order_json(states_history="yesterday")), "states_history: should be a list"),
        (reply(200, {"order_id": "A100"}), "id: missing"),
    ],
)
async def test_malformed_order_answers(harness: Harness, answer: object, phrase: str) -> None:
    harness.router.add("GET", ORDER, answer)  # type: ignore[arg-type]
    with pytest.raises(MalformedResponse) as caught:
        await harness.api.get_order("A100")
    assert phrase in caught.value.message
    assert caught.value.message.startswith(
        "Seven Senders answered while loading the order, but the station does not understand"
    )
    assert caught.value.operation == "get order"
    assert harness.sleeps == []


@pytest.mark.asyncio
async def test_malformed_label_purchase_says_the_label_was_probably_bought(
    harness: Harness,
) -> None:
    harness.router.add("POST", LABELS, reply(201, label_json(tracking_code=None)))
    with pytest.raises(MalformedResponse) as caught:
        await harness.api.create_label(a_label_request())
    assert "tracking_code" in caught.value.message
    assert "The label was probably bought" in caught.value.message


@pytest.mark.asyncio
async def test_list_expected_but_object_given(harness: Harness) -> None:
    harness.router.add("GET", "/v2/carriers", reply(200, {"code": "dhl"}))
    with pytest.raises(MalformedResponse, match="not a list"):
        await harness.api.list_carriers()


@pytest.mark.asyncio
async def test_wrong_types_in_a_list_are_located(harness: Harness) -> None:
    harness.router.add("GET", "/v2/carriers", reply(200, [{"code": "dhl", "countries": "DE"}]))
    with pytest.raises(MalformedResponse, match="countries: should be a list"):
        await harness.api.list_carriers()


def _label(fmt: LabelFormat = LabelFormat.PDF, url: str = "/v2/label-download/501") -> Label:
    return Label("501", "77", "A100", "0034", Carrier("dhl", "DE"), fmt, url)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("fmt", "content", "content_type", "phrase"),
    [
        (LabelFormat.PDF, b"^XA^FO50,50^FDhi^FS^XZ", "application/pdf", "not a PDF file"),
        (LabelFormat.ZPL, b"%PDF-1.4 ...", "text/plain", "not a ZPL file"),
        (LabelFormat.PDF, b"<html>error</html>", "text/html", "came as text/html instead of PDF"),
        (LabelFormat.PDF, b"", "application/pdf", "the label file is empty"),
        (LabelFormat.ZPL300, b"%PDF", "application/pdf", "came as application/pdf instead of ZPL"),
    ],
)
async def test_label_download_with_the_wrong_content_is_malformed(
    harness: Harness, fmt: LabelFormat, content: bytes, content_type: str, phrase: str
) -> None:
    harness.router.add(
        "GET",
        "/v2/label-download/501",
        reply(200, content=content, headers={"content-type": content_type}),
    )
    with pytest.raises(MalformedResponse) as caught:
        await harness.api.download_label(_label(fmt))
    assert phrase in caught.value.message
    assert caught.value.operation == "download label"


# --------------------------------------------------------------------------- secrets


@pytest.mark.asyncio
async def test_secrets_never_leak(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def echo(request: httpx.Request) -> httpx.Response:
        # a careless server repeating the credentials it got
        detail = f"key {ACCESS_KEY} and {request.headers['authorization']} refused"
        return httpx.Response(400, json={"title": "Bad", "detail": detail})

    harness.router.add("GET", ORDER, echo)
    harness.router.add("POST", LABELS, fail(httpx.ReadTimeout))
    harness.router.add("GET", "/v2/carriers", reply(200, content=f"<{ACCESS_KEY}>".encode()))

    errors: list[ShippingApiError] = []
    for call in (
        lambda: harness.api.get_order("A100"),
        lambda: harness.api.create_label(a_label_request()),
        lambda: harness.api.list_carriers(),
    ):
        with pytest.raises(ShippingApiError) as caught:
            await call()
        errors.append(caught.value)

    harness.router.add("POST", "/v2/token", reply(401, {"detail": f"bad key {ACCESS_KEY}"}))
    harness.api._wire.tokens.invalidate()
    with pytest.raises(AuthenticationFailed) as caught_auth:
        await harness.api.authenticate()
    errors.append(caught_auth.value)

    texts = [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [str(e.__cause__) + str(e.__context__) for e in errors]
    texts += [repr(harness.api), repr(harness.api._wire.tokens), repr(harness.api._wire.access_key)]
    texts += [r.getMessage() for r in caplog.records]
    assert caplog.records, "requests should be logged"
    for text in texts:
        assert ACCESS_KEY not in text
        assert TOKEN_MARKER not in text
    assert all(e.__cause__ is None for e in errors)
    assert all(e.__context__ is None for e in errors)


@pytest.mark.asyncio
async def test_one_log_line_per_attempt(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="packstation.adapters.sevensenders")
    harness.router.add("GET", ORDER, reply(503), reply(200, order_json()))
    await harness.api.get_order("A100")
    lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == "packstation.adapters.sevensenders" and r.levelno == logging.INFO
    ]
    assert lines[0].startswith("POST /v2/token -> 200")
    assert lines[1].startswith("GET /v2/orders/A100 -> 503")
    assert lines[1].endswith("(attempt 1)")
    assert lines[2].startswith("GET /v2/orders/A100 -> 200")
    assert lines[2].endswith("(attempt 2)")
    assert len(lines) == 3


# --------------------------------------------------------------------------- DELETE retries


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "first", [fail(httpx.ReadError), fail(httpx.RemoteProtocolError), reply(502)]
)
async def test_delete_gone_after_an_unanswered_attempt_is_success(
    harness: Harness, first: Reply
) -> None:
    harness.router.add("DELETE", "/v2/labels/9", first, reply(404, {"detail": "No label 9"}))
    await harness.api.delete_label("9")  # the first attempt did it; the 404 confirms it
    assert len(harness.router.calls("DELETE", "/v2/labels/9")) == 2


@pytest.mark.asyncio
async def test_delete_of_a_missing_resource_is_still_not_found(harness: Harness) -> None:
    harness.router.add("DELETE", "/v2/labels/9", reply(404, {"detail": "No label 9"}))
    with pytest.raises(NotFound):
        await harness.api.delete_label("9")


@pytest.mark.asyncio
async def test_delete_not_found_after_a_refused_connection_is_not_found(harness: Harness) -> None:
    # a connection that was never made did nothing, so a later 404 is a real "not there"
    harness.router.add(
        "DELETE", "/v2/labels/9", fail(httpx.ConnectError), reply(404, {"detail": "No label 9"})
    )
    with pytest.raises(NotFound):
        await harness.api.delete_label("9")
