"""The real ``HttpShippingApi`` against hostile answers over loopback HTTP (issue 13 items 1, 7, 9).

A server that drips its answer, one that never stops, one that announces 1.5 GB, a gzip bomb,
deeply nested JSON, and the sandbox answering ``429 Retry-After: 100000``: every call ends
within its deadline or its size limit, with a plain error and no traceback.
"""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import pytest_asyncio

from packstation.adapters.http_body import PIECE
from packstation.adapters.http_retry import AnswerLimits
from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import (
    DamagedResponse,
    MalformedResponse,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ValidationFailed,
)
from packstation.domain.shipping import Carrier, Label, LabelFormat, OrderUpdate
from packstation.sandbox import SandboxServer
from tests.contract.support import Sleeps, label_request
from tests.hostile_http import (
    MB,
    Answer,
    HostileServer,
    damaged_gzip,
    declared_huge,
    deep_json,
    drip,
    endless,
    gzip_bomb,
    gzip_flood,
    status,
)

TOKEN_ANSWER = {
    "token": "not-a-jwt-but-a-token",
    "allowed_to_track_all_shipments": True,
    "allowed_to_send_seven_senders_shipments": False,
}
#: A short deadline for the dripping servers; a long one where only the size limit may end it.
SHORT = AnswerLimits(deadline=1.0, max_bytes=1 * MB)
PATIENT = AnswerLimits(deadline=60.0, max_bytes=1 * MB)


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def hostile_api(
    http: httpx.AsyncClient,
    server: HostileServer,
    sleeps: Sleeps,
    limits: AnswerLimits = PATIENT,
) -> HttpShippingApi:
    return HttpShippingApi(
        http,
        f"{server.url}/v2",
        "an-access-key",
        sleep=sleeps,
        rand=lambda: 0.0,
        timeout=httpx.Timeout(5.0),  # every single read is quick: only the deadline can end it
        limits=limits,
    )


def serving(routes: dict[str, Answer]) -> HostileServer:
    return HostileServer({"POST /v2/token": status(200, TOKEN_ANSWER), **routes})


def a_label(server: HostileServer, path: str, fmt: LabelFormat = LabelFormat.PDF) -> Label:
    return Label(
        id="501",
        shipment_id="77",
        order_id="A100",
        tracking_code="00340434161094042557",
        carrier=Carrier("dhl", "DE"),
        format=fmt,
        download_url=f"{server.url}{path}",
    )


# --------------------------------------------------------------------------- deadline


@pytest.mark.asyncio
async def test_a_dripping_answer_ends_at_the_overall_deadline(
    http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    body = b'{"order_id": "A100"' + b" " * 2000 + b"}"
    with serving({"GET /v2/orders/A100": drip(body, every=0.05)}) as server:
        api = hostile_api(http, server, sleeps, SHORT)
        with pytest.raises(ServiceUnavailable) as caught:
            await api.get_order("A100")
        _, dripped = server.record.finished(2)
    assert "did not answer completely within 1 second while" in caught.value.message
    assert caught.value.operation == "get order"
    assert dripped.sent < len(body)  # the station hung up long before the answer was complete
    assert dripped.client_hung_up
    assert sleeps.delays == []  # no retry: the deadline covers the whole call


@pytest.mark.asyncio
async def test_a_dripping_label_purchase_is_an_unknown_outcome(
    http: httpx.AsyncClient, sleeps: Sleeps, sandbox: SandboxServer
) -> None:
    body = b'{"id": 501' + b" " * 2000 + b"}"
    with serving({"POST /v2/labels": drip(body, every=0.05)}) as server:
        api = hostile_api(http, server, sleeps, SHORT)
        with pytest.raises(OutcomeUnknown) as caught:
            await api.create_label(label_request(sandbox))
        seen = server.record.finished(2)
    assert "may or may not have been bought" in caught.value.message
    assert [s.request_line.split()[1] for s in seen] == ["/v2/token", "/v2/labels"]


# --------------------------------------------------------------------------- size limit


@pytest.mark.asyncio
async def test_an_endless_answer_is_cut_off_at_the_size_limit(
    http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    with serving({"GET /v2/orders/A100": endless()}) as server:
        api = hostile_api(http, server, sleeps)
        with pytest.raises(MalformedResponse) as caught:
            await api.get_order("A100")
        _, flood = server.record.finished(2)
    assert "larger than 1 MB, the most the station reads" in caught.value.message
    assert caught.value.status == 200
    assert flood.client_hung_up
    assert flood.sent < 64 * MB  # stopped while streaming, not after reading it all


@pytest.mark.asyncio
async def test_a_label_file_announced_at_1_5_gb_is_refused_before_it_is_read(
    http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    with serving({"GET /files/501.pdf": declared_huge()}) as server:
        api = hostile_api(http, server, sleeps)
        with pytest.raises(MalformedResponse) as caught:
            await api.download_label(a_label(server, "/files/501.pdf"))
        _, huge = server.record.finished(2)
    assert caught.value.operation == "download label"
    assert "larger than 1 MB" in caught.value.message
    assert huge.client_hung_up
    assert huge.sent < 64 * MB


@pytest.mark.asyncio
async def test_a_gzip_bomb_counts_by_its_inflated_size(
    http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    with serving({"GET /files/501.pdf": gzip_bomb(decoded=8 * MB)}) as server:
        api = hostile_api(http, server, sleeps)
        with pytest.raises(MalformedResponse) as caught:
            await api.download_label(a_label(server, "/files/501.pdf"))
        _, bomb = server.record.finished(2)
    assert bomb.sent < 1 * MB  # the compressed body itself is small
    assert "larger than 1 MB" in caught.value.message


@pytest.mark.asyncio
async def test_an_endless_gzip_stream_is_inflated_only_up_to_the_limit(
    http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    # each chunk of it (16 KB) inflates to 16 MB: httpx alone would make that at once
    with serving({"GET /files/501.pdf": gzip_flood()}) as server:
        api = hostile_api(http, server, sleeps)
        tracemalloc.start()
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        try:
            with pytest.raises(MalformedResponse) as caught:
                await api.download_label(a_label(server, "/files/501.pdf"))
            peak = tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()
        _, flood = server.record.finished(2)
    assert "larger than 1 MB" in caught.value.message
    assert flood.client_hung_up
    assert flood.sent < 64 * MB
    # the 1 MB read and the piece that went over it, with room for the rest of the call
    assert peak < 1 * MB + PIECE + 2 * MB, f"{peak / MB:.1f} MB held while reading"


@pytest.mark.asyncio
async def test_a_damaged_gzip_label_file_is_a_damaged_answer_in_plain_words(
    http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    with serving({"GET /files/501.pdf": damaged_gzip()}) as server:
        api = hostile_api(http, server, sleeps)
        with pytest.raises(DamagedResponse) as caught:
            await api.download_label(a_label(server, "/files/501.pdf"))
    message = caught.value.message
    assert message.startswith(
        "Seven Senders' answer while downloading the label file was damaged (its compression "
        "is broken)"
    ), message
    assert "Error -3" not in message
    assert "incorrect data check" not in message
    assert caught.value.operation == "download label"
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None


@pytest.mark.asyncio
@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, deflate"])
async def test_a_compressed_label_file_within_the_limit_downloads_whole(
    http: httpx.AsyncClient, sleeps: Sleeps, encoding: str
) -> None:
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 2000  # 512 KB
    wire = {
        "gzip": gzip.compress(pdf),
        "deflate": zlib.compress(pdf),
        "gzip, deflate": zlib.compress(gzip.compress(pdf)),
    }[encoding]
    extra = {"Content-Type": "application/pdf", "Content-Encoding": encoding}
    with serving({"GET /files/501.pdf": status(200, raw=wire, extra=extra)}) as server:
        document = await hostile_api(http, server, sleeps).download_label(
            a_label(server, "/files/501.pdf")
        )
    assert document.content == pdf


@pytest.mark.asyncio
async def test_a_label_file_under_the_limit_still_downloads(
    http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    pdf = b"%PDF-1.4\n" + b"0" * (MB // 2)
    routes = {"GET /files/501.pdf": status(200, raw=pdf, extra={"Content-Type": "application/pdf"})}
    with serving(routes) as server:
        document = await hostile_api(http, server, sleeps).download_label(
            a_label(server, "/files/501.pdf")
        )
    assert document.content == pdf


# --------------------------------------------------------------------------- nested JSON


@pytest.mark.asyncio
async def test_deeply_nested_json_is_a_plain_malformed_answer(
    http: httpx.AsyncClient, sleeps: Sleeps, sandbox: SandboxServer
) -> None:
    routes = {
        "GET /v2/orders/A100": status(200, raw=deep_json()),
        "POST /v2/labels": status(201, raw=deep_json()),
        "PUT /v2/orders/A100": status(400, raw=deep_json()),
    }
    with serving(routes) as server:
        api = hostile_api(http, server, sleeps)
        with pytest.raises(MalformedResponse) as read:
            await api.get_order("A100")
        with pytest.raises(MalformedResponse) as bought:
            await api.create_label(label_request(sandbox))
        with pytest.raises(ValidationFailed) as refused:
            await api.update_order("A100", OrderUpdate())
    assert "nested too deeply" in read.value.message
    assert "was probably bought" in bought.value.message  # looked up before buying again
    assert "no reason given" in refused.value.message


# --------------------------------------------------------------------------- Retry-After


@pytest.mark.asyncio
async def test_a_retry_after_of_100000_seconds_ends_the_label_purchase_at_once(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    sandbox.control.fail_next("/v2/labels", method="POST", status=429, retry_after=100000)
    before = datetime.now(UTC)
    with pytest.raises(RateLimited) as caught:
        await api.create_label(label_request(sandbox))
    after = datetime.now(UTC)
    assert sleeps.delays == []
    assert caught.value.retry_after == 100000
    assert caught.value.retry_at is not None
    assert before + timedelta(seconds=100000) <= caught.value.retry_at
    assert caught.value.retry_at <= after + timedelta(seconds=100001)
    local = caught.value.retry_at.astimezone()
    assert f"Try again after {local:%H:%M} on {local.day} {local:%B}" in caught.value.message
    posts = [e for e in sandbox.control.requests() if e.path == "/v2/labels"]
    assert [(e.method, e.status) for e in posts] == [("POST", 429)]
    with sandbox.state.lock:
        assert not [x for x in sandbox.state.labels.values() if x.order_id == "A100"]
