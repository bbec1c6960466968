"""Tokens and bearer auth."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from packstation.sandbox import SandboxServer

UNAUTHORIZED = {"title": "Unauthorized", "detail": "Invalid or expired token"}


def test_valid_access_key_gets_a_jwt_with_account_flags(sandbox: SandboxServer) -> None:
    r = httpx.post(f"{sandbox.base_url}/token", json={"access_key": "test-access-key"})
    assert r.status_code == 200
    body = r.json()
    assert body["token"].count(".") == 2
    assert body["allowed_to_track_all_shipments"] is True
    assert body["allowed_to_send_seven_senders_shipments"] is True


def test_revoked_and_unknown_access_keys_are_401(sandbox: SandboxServer) -> None:
    for key in ("revoked-access-key", "nope"):
        r = httpx.post(f"{sandbox.base_url}/token", json={"access_key": key})
        assert r.status_code == 401
        assert r.json()["title"] == "Unauthorized"


def test_missing_access_key_is_a_violation(
    sandbox: SandboxServer, check_400: Callable[[httpx.Response], dict[str, str]]
) -> None:
    r = httpx.post(f"{sandbox.base_url}/token", json={})
    assert check_400(r) == {"access_key": "c1051bb4-d103-4f74-8988-acbcafc7fdc3"}


def test_calls_without_or_with_a_bad_token_are_401(sandbox: SandboxServer) -> None:
    url = f"{sandbox.base_url}/carriers"
    for headers in ({}, {"Authorization": "Bearer x.y.z"}, {"Authorization": "Basic abc"}):
        r = httpx.get(url, headers=headers)
        assert r.status_code == 401
        assert r.json() == UNAUTHORIZED


def test_valid_token_works(client: httpx.Client) -> None:
    r = client.get("/carriers")
    assert r.status_code == 200
    assert {c["code"] for c in r.json()} >= {"dhl", "ups", "dpd", "gls", "mondialrelay"}


def test_token_expires_after_its_ttl(sandbox: SandboxServer) -> None:
    sandbox.control.config(token_ttl=1)
    token = httpx.post(f"{sandbox.base_url}/token", json={"access_key": "test-access-key"})
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    assert httpx.get(f"{sandbox.base_url}/carriers", headers=headers).status_code == 200
    time.sleep(1.1)
    r = httpx.get(f"{sandbox.base_url}/carriers", headers=headers)
    assert r.status_code == 401
    assert r.json() == UNAUTHORIZED


def test_expire_tokens_hook_expires_every_issued_token(
    sandbox: SandboxServer, client: httpx.Client, anon: httpx.Client
) -> None:
    assert client.get("/carriers").status_code == 200
    assert anon.post("/__mock/expire-tokens").status_code == 200
    assert client.get("/carriers").status_code == 401
    fresh = sandbox.control.issue_token()
    assert client.get("/carriers", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_reset_forgets_tokens(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.control.reset()
    assert client.get("/carriers").status_code == 401


def test_label_download_needs_a_token(sandbox: SandboxServer, anon: httpx.Client) -> None:
    assert anon.get("/label-download/9100001").status_code == 401
    assert anon.get("/v2/label-download/9100001").status_code == 401
