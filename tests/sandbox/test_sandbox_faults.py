"""Fault injection, latency, request log and the /__mock hooks over HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from packstation.sandbox import SandboxServer
from tests.sandbox.conftest import order_url

LabelBody = Callable[..., dict[str, Any]]


def test_fail_next_with_retry_after_does_not_touch_state(
    sandbox: SandboxServer, client: httpx.Client, anon: httpx.Client, label_body: LabelBody
) -> None:
    hook = {"path": "/v2/labels", "method": "POST", "status": 503, "count": 2, "retry_after": 7}
    assert anon.post("/__mock/fail-next", json=hook).status_code == 200
    assert client.get("/labels").status_code == 200  # other method: not affected
    for _ in range(2):
        r = client.post("/labels", json=label_body())
        assert r.status_code == 503
        assert r.headers["retry-after"] == "7"
        assert r.json()["title"] == "Injected failure"
    assert not sandbox.state.labels
    assert client.get(order_url(client, "A100")).json()["state"] == "paid"
    assert client.post("/labels", json=label_body()).status_code == 201


def test_fail_next_defaults_and_prefix_matching(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    url = order_url(client, "A100")
    sandbox.control.fail_next("/v2/orders")
    r = client.get(url)
    assert r.status_code == 500
    assert "retry-after" not in r.headers
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("use_http", [True, False])
def test_drop_next_commits_then_drops(
    sandbox: SandboxServer,
    client: httpx.Client,
    anon: httpx.Client,
    label_body: LabelBody,
    use_http: bool,
) -> None:
    if use_http:
        hook = {"path": "/v2/labels", "method": "POST"}
        assert anon.post("/__mock/drop-next", json=hook).status_code == 200
    else:
        sandbox.control.drop_next("/v2/labels", method="POST")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post("/labels", json=label_body())
    with sandbox.state.lock:
        labels = list(sandbox.state.labels.values())
    assert [label.reference_number for label in labels] == ["A100-P1"]
    assert client.get(order_url(client, "A100")).json()["state"] == "shipped"
    # the client finds the outcome again by its reference number
    found = client.get("/labels", params={"reference_number": "A100-P1"}).json()
    assert [x["id"] for x in found] == [labels[0].id]
    posts = [e for e in sandbox.control.requests() if e.method == "POST"]
    assert posts[-1].path == "/v2/labels"
    assert posts[-1].status is None  # no answer was given


def test_latency(sandbox: SandboxServer, client: httpx.Client, anon: httpx.Client) -> None:
    # The delay itself is the feature, so its lower bound is asserted. Requests it must not
    # touch are checked with a read timeout far below it, not with a stopwatch.
    url = order_url(client, "A100")
    anon.post("/__mock/latency", json={"seconds": 0.5, "path": "/v2/carriers"})
    started = time.monotonic()
    client.get("/carriers")
    assert time.monotonic() - started >= 0.5
    with pytest.raises(httpx.ReadTimeout):
        client.get("/carriers", timeout=httpx.Timeout(5.0, read=0.25))
    assert client.get(url, timeout=httpx.Timeout(5.0, read=0.45)).status_code == 200
    sandbox.control.latency(0)
    assert client.get("/carriers", timeout=httpx.Timeout(5.0, read=0.45)).status_code == 200
    # The timed-out request is still delayed inside the sandbox: wait until it is logged, so
    # it cannot land in the next test's request log after the reset.
    for _ in range(200):
        if sum(e.path == "/v2/carriers" for e in sandbox.control.requests()) == 3:
            break
        time.sleep(0.02)
    else:
        pytest.fail("the timed-out request never reached the sandbox's log")


def test_request_log_has_no_secrets(
    sandbox: SandboxServer, anon: httpx.Client, get_token: Callable[[str], str]
) -> None:
    token = get_token("test-access-key")
    headers = {"Authorization": f"Bearer {token}"}
    httpx.get(f"{sandbox.base_url}/orders", params={"state": "paid"}, headers=headers)
    httpx.get(f"{sandbox.base_url}/nope", headers=headers)
    r = anon.get("/__mock/requests")
    log = r.json()
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("POST", "/v2/token", 200),
        ("GET", "/v2/orders", 200),
        ("GET", "/v2/nope", 404),
    ]
    assert log[1]["query"] == "state=paid"
    assert set(log[0]) == {"method", "path", "query", "status", "at"}
    assert token not in r.text
    assert "test-access-key" not in r.text
    assert "authorization" not in r.text.lower()


def test_hooks_over_http(sandbox: SandboxServer, anon: httpx.Client) -> None:
    r = anon.post("/__mock/config", json={"token_ttl": 2, "customs_countries": ["CH"]})
    assert r.json()["token_ttl"] == 2
    assert anon.get("/__mock/config").json()["customs_countries"] == ["CH"]
    assert anon.post("/__mock/reset", json={"seed": "empty"}).status_code == 200
    assert sandbox.state.orders == {}
    assert anon.get("/__mock/config").json()["customs_countries"] == ["CH", "GB", "NO"]
    assert anon.post("/__mock/reset").json() == {"seed": "demo"}
    assert len(sandbox.state.orders) == 13
    assert anon.post("/__mock/reset", json={"seed": "bogus"}).status_code == 400
    assert anon.post("/__mock/fail-next", json={"status": 42}).status_code == 400
