"""The pure retry policy: which failures are retried, how long to wait, when to stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.adapters.http_policy import (
    DEFAULT_POLICY,
    RetryPolicy,
    TransportFailure,
    classify_transport_error,
    is_idempotent,
    may_retry_status,
    may_retry_transport,
    outcome_unknown_after_status,
    outcome_unknown_after_transport,
    parse_retry_after,
    retry_delay,
)

NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)


def half() -> float:
    return 0.5


@pytest.mark.parametrize(
    ("status", "idempotent", "expected"),
    [
        (408, True, True),
        (429, True, True),
        (500, True, True),
        (502, True, True),
        (503, True, True),
        (504, True, True),
        (501, True, False),
        (400, True, False),
        (401, True, False),
        (404, True, False),
        (409, True, False),
        (422, True, False),
        # a creating request: only answers proving "not processed"
        (408, False, True),
        (429, False, True),
        (500, False, False),
        (502, False, False),
        (503, False, False),
        (504, False, False),
        (400, False, False),
    ],
)
def test_may_retry_status(status: int, idempotent: bool, expected: bool) -> None:
    assert may_retry_status(status, idempotent=idempotent) is expected


@pytest.mark.parametrize(
    ("exc_type", "failure"),
    [
        (httpx.ConnectError, TransportFailure.NOT_SENT),
        (httpx.ConnectTimeout, TransportFailure.NOT_SENT),
        (httpx.PoolTimeout, TransportFailure.NOT_SENT),
        (httpx.ProxyError, TransportFailure.NOT_SENT),
        (httpx.ReadTimeout, TransportFailure.AMBIGUOUS),
        (httpx.WriteTimeout, TransportFailure.AMBIGUOUS),
        (httpx.ReadError, TransportFailure.AMBIGUOUS),
        (httpx.WriteError, TransportFailure.AMBIGUOUS),
        (httpx.RemoteProtocolError, TransportFailure.AMBIGUOUS),
        (httpx.UnsupportedProtocol, TransportFailure.UNSENDABLE),
        (httpx.LocalProtocolError, TransportFailure.UNSENDABLE),
    ],
)
def test_classify_transport_error(
    exc_type: type[httpx.TransportError], failure: TransportFailure
) -> None:
    assert classify_transport_error(exc_type("boom")) is failure


@pytest.mark.parametrize(
    ("failure", "idempotent", "retry", "unknown"),
    [
        (TransportFailure.NOT_SENT, True, True, False),
        (TransportFailure.AMBIGUOUS, True, True, False),
        (TransportFailure.UNSENDABLE, True, False, False),
        (TransportFailure.NOT_SENT, False, True, False),
        (TransportFailure.AMBIGUOUS, False, False, True),
        (TransportFailure.UNSENDABLE, False, False, False),
    ],
)
def test_transport_failures(
    failure: TransportFailure, idempotent: bool, retry: bool, unknown: bool
) -> None:
    assert may_retry_transport(failure, idempotent=idempotent) is retry
    assert outcome_unknown_after_transport(failure, idempotent=idempotent) is unknown


@pytest.mark.parametrize(
    ("status", "idempotent", "unknown"),
    [
        (500, False, True),
        (502, False, True),
        (503, False, True),
        (504, False, True),
        (501, False, False),
        (429, False, False),
        (408, False, False),
        (500, True, False),
    ],
)
def test_outcome_unknown_after_status(status: int, idempotent: bool, unknown: bool) -> None:
    assert outcome_unknown_after_status(status, idempotent=idempotent) is unknown


@pytest.mark.parametrize(
    ("method", "expected"),
    [("GET", True), ("put", True), ("DELETE", True), ("POST", False), ("PATCH", False)],
)
def test_is_idempotent(method: str, expected: bool) -> None:
    assert is_idempotent(method) is expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("7", 7.0),
        (" 12 ", 12.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("-3", None),
        ("nan", None),
        ("soon", None),
        ("Fri, 20 Nov 2026 12:00:20 GMT", 20.0),
        ("Fri, 20 Nov 2026 11:59:00 GMT", 0.0),  # in the past: go now
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == expected


def test_parse_retry_after_uses_the_real_clock_by_default() -> None:
    later = datetime.now(UTC) + timedelta(seconds=100)
    value = parse_retry_after(later.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert value is not None
    assert 90 <= value <= 100


def test_backoff_grows_exponentially_and_is_capped() -> None:
    policy = RetryPolicy(max_retries=10, base_delay=0.5, max_delay=8.0)
    top = [policy.backoff(n, lambda: 1.0) for n in range(1, 8)]
    assert top == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert policy.backoff(1, lambda: 0.0) == pytest.approx(0.375)


def test_attempts_are_capped() -> None:
    assert [DEFAULT_POLICY.delay(n, None, half) is not None for n in (1, 2, 3, 4)] == [
        True,
        True,
        True,
        False,
    ]


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    assert DEFAULT_POLICY.delay(1, 7.0, half) == 7.0
    assert DEFAULT_POLICY.delay(1, 30.0, half) == 30.0
    # a longer hint ends the retries: the caller reports it instead of freezing the bench
    assert DEFAULT_POLICY.delay(1, 31.0, half) is None


def test_retry_delay_combines_the_rules() -> None:
    def delay(
        *,
        idempotent: bool,
        status: int | None = None,
        failure: TransportFailure | None = None,
        retry_after: float | None = None,
    ) -> float | None:
        return retry_delay(
            DEFAULT_POLICY,
            idempotent=idempotent,
            retry_number=1,
            rand=half,
            status=status,
            failure=failure,
            retry_after=retry_after,
        )

    assert delay(idempotent=True, status=503) is not None
    assert delay(idempotent=False, status=503) is None
    assert delay(idempotent=False, status=429, retry_after=4) == 4
    assert delay(idempotent=False, failure=TransportFailure.NOT_SENT) is not None
    assert delay(idempotent=False, failure=TransportFailure.AMBIGUOUS) is None
    assert delay(idempotent=True, failure=TransportFailure.AMBIGUOUS, retry_after=9) == 0.4375
    with pytest.raises(ValueError, match="exactly one"):
        delay(idempotent=True)


@given(
    retry_number=st.integers(min_value=1, max_value=50),
    rand=st.floats(min_value=0.0, max_value=1.0),
    base=st.floats(min_value=0.01, max_value=5.0),
    cap=st.floats(min_value=0.01, max_value=60.0),
)
def test_backoff_stays_within_jitter_bounds(
    retry_number: int, rand: float, base: float, cap: float
) -> None:
    policy = RetryPolicy(max_retries=50, base_delay=base, max_delay=cap)
    full = min(base * 2 ** (retry_number - 1), cap)
    delay = policy.backoff(retry_number, lambda: rand)
    assert 0.75 * full - 1e-9 <= delay <= full + 1e-9


@given(
    status=st.integers(min_value=100, max_value=599),
    retry_number=st.integers(min_value=1, max_value=10),
    retry_after=st.one_of(st.none(), st.floats(min_value=0, max_value=1000)),
)
def test_creating_requests_are_never_retried_after_a_possibly_processed_answer(
    status: int, retry_number: int, retry_after: float | None
) -> None:
    delay = retry_delay(
        DEFAULT_POLICY,
        idempotent=False,
        retry_number=retry_number,
        rand=half,
        status=status,
        retry_after=retry_after,
    )
    if status not in (408, 429):
        assert delay is None
    if delay is not None:
        assert retry_number <= DEFAULT_POLICY.max_retries
        assert delay <= DEFAULT_POLICY.retry_after_cap
