"""`packstation probe` as a real subprocess against the sandbox over loopback HTTP.

Against the sandbox it passes with no suggestions; against a sandbox started with other wire
names it suggests exactly those, and with them in packstation.toml it passes with none.
"""

from __future__ import annotations

import gzip
import json
import re
import tomllib
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from packstation.adapters.http_transport import ClosingTransport
from packstation.adapters.sevensenders_probe_report import Recorder
from packstation.sandbox import Dialect, SandboxServer
from tests.contract.support import OTHER_API_NAMES, OTHER_DIALECT
from tests.hostile_http import MB, HostileServer, gzip_bomb, status
from tests.integration.conftest import cli_environ, packstation, run_json

MANIFEST = "customs manifest (refused: no customs data yet)"
STEPS_WITH_CALLS = {"sign in", "carriers", "create test order", "in_preparation", "label pdf"}


@pytest.fixture(scope="module")
def other_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="demo", dialect=OTHER_DIALECT) as server:
        yield server


def all_ok_but_the_manifest(answer: dict[str, Any]) -> bool:
    """Every step ok; the manifest, not asked for (--try-manifest), skipped."""
    outcomes = {s["step"]: s["outcome"] for s in answer["steps"]}
    return outcomes.pop(MANIFEST) == "skipped" and set(outcomes.values()) == {"ok"}


def _left_behind(sandbox: SandboxServer) -> list[str]:
    with sandbox.state.lock:
        return [o.order_id for o in sandbox.state.orders.values() if o.order_id.startswith("PRO")]


def test_probe_against_the_sandbox_passes_without_suggestions(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    env = cli_environ(sandbox, tmp_path)
    code, answer, stderr = run_json("probe", "--environment", "custom", env=env)

    assert code == 0, (answer, stderr)
    assert answer["ok"] is True
    assert answer["suggestions"] == {}
    assert answer["suggestions_file"] is None
    steps = {s["step"]: s["outcome"] for s in answer["steps"]}
    for name in (
        "sign in",
        "carriers",
        "create test order",
        "find the order",
        "in_preparation",
        "label pdf",
        "label pdf: download",
        "label pdf: look up",
        "label pdf: void",
        "label zpl",
        "label zpl300",
        "create order item",
        "order items",
        "register test parcel",
        "create customs shipment",
        "customs shipments",
        "customs manifests",
        "pick-up points",
        "create test product",
        "find the product",
        "product image",
        "delete the product image",
        "delete the test product",
        "delete the customs shipment",
        "delete the test parcel",
        "delete the test order",
    ):
        assert steps.get(name) == "ok", (name, answer["steps"])
    assert "optional keys" not in steps  # the default sandbox takes every key sent
    assert steps[MANIFEST] == "skipped"  # opt-in: --try-manifest
    assert {c["step"] for c in answer["calls"]} >= STEPS_WITH_CALLS
    posts = [c for c in answer["calls"] if c["method"] == "POST" and c["path"] == "/v2/labels"]
    assert [c["status"] for c in posts] == [201, 201, 201]  # one label per format
    assert "tracking_code" in posts[0]["keys"]
    # everything it made is gone: no test order, every label voided
    assert _left_behind(sandbox) == []
    with sandbox.state.lock:
        assert not [lb for lb in sandbox.state.labels.values() if lb.order_id.startswith("PRO")]
        assert not [sku for sku in sandbox.state.products if sku.startswith("PROBE-")]
        assert not [s for s in sandbox.state.shipments.values() if s.order_id.startswith("PRO")]
        made = sandbox.state.customs_shipments.values()
        assert not [c for c in made if c.order_id.startswith("PRO")]
        assert not [m for m in sandbox.state.manifests.values() if "PROBE" in m.manifest_id]
    # each body was sent: the parcel, its customs data, a manifest (refused), an image
    sent = {(c["method"], c["path"], c["status"]) for c in answer["calls"]}
    assert {
        ("POST", "/v2/shipments", 201),
        ("POST", "/v2/customs/shipments", 201),
        ("PUT", "/v2/product_images", 200),
    } <= sent, sent
    assert not [
        c for c in answer["calls"] if c["path"] == "/v2/customs/manifests" and c["method"] == "POST"
    ]
    assert "test-access-key" not in json.dumps(answer) + stderr


def test_probe_suggests_exactly_the_other_names_then_passes_with_them(
    other_server: SandboxServer, tmp_path: Path
) -> None:
    other_server.control.reset("demo")
    env = cli_environ(other_server, tmp_path)
    code, answer, stderr = run_json("probe", "--environment", "custom", env=env)

    assert answer["suggestions"] == OTHER_API_NAMES, (answer["steps"], stderr)
    assert code == 0, [s for s in answer["steps"] if s["outcome"] != "ok"]  # works on
    written = Path(answer["suggestions_file"])
    block = tomllib.loads(written.read_text(encoding="utf-8"))
    assert block == {"api_names": OTHER_API_NAMES}
    assert _left_behind(other_server) == []
    with other_server.state.lock:
        assert not [sku for sku in other_server.state.products if sku.startswith("PROBE-")]

    # the suggested block in packstation.toml: the probe passes and suggests nothing more
    (tmp_path / "packstation.toml").write_text(written.read_text(encoding="utf-8"))
    code, answer, stderr = run_json("probe", "--environment", "custom", env=env)
    assert code == 0, (answer["steps"], stderr)
    assert answer["suggestions"] == {}
    assert all_ok_but_the_manifest(answer)


def test_probe_dry_run_lists_the_calls_and_sends_nothing(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    env = cli_environ(sandbox, tmp_path)
    result = packstation("probe", "--environment", "custom", "--dry-run", env=env)

    assert result.returncode == 0, result.stderr
    assert "nothing is sent" in result.stdout
    assert "POST   {base}/labels" in result.stdout
    assert "DELETE {base}/orders/{id}" in result.stdout
    for line in (
        "POST   {base}/shipments",
        "POST   {base}/customs/shipments",
        "PUT    {base}/product_images",
    ):
        assert line in result.stdout, result.stdout
    assert sandbox.control.requests() == []
    code, answer, _ = run_json("probe", "--environment", "custom", "--dry-run", env=env)
    assert code == 0
    assert answer["dry_run"] is True
    assert ("POST", "{base}/orders") in {(c["method"], c["path"]) for c in answer["calls"]}
    assert "{base}/customs/manifests" not in {c["path"] for c in answer["calls"]}  # opt-in
    code, answer, _ = run_json(
        "probe", "--environment", "custom", "--dry-run", "--try-manifest", env=env
    )
    assert code == 0
    assert ("POST", "{base}/customs/manifests") in {
        (c["method"], c["path"]) for c in answer["calls"]
    }
    assert sandbox.control.requests() == []


def test_probe_try_manifest_sends_one_for_7s_to_refuse_and_never_again(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    env = cli_environ(sandbox, tmp_path)
    code, answer, stderr = run_json("probe", "--environment", "custom", "--try-manifest", env=env)
    assert code == 0, (answer["steps"], stderr)
    assert answer["suggestions"] == {}
    (step,) = [s for s in answer["steps"] if s["step"] == MANIFEST]
    assert step["outcome"] == "ok"
    assert "nothing manifested" in step["detail"]
    posts = [c for c in answer["calls"] if c["method"] == "POST" and "manifests" in c["path"]]
    assert [c["status"] for c in posts] == [400]
    with sandbox.state.lock:
        assert not [m for m in sandbox.state.manifests.values() if "PROBE" in m.manifest_id]


def test_probe_table_for_people(sandbox: SandboxServer, tmp_path: Path) -> None:
    env = cli_environ(sandbox, tmp_path)
    result = packstation("probe", "--environment", "custom", env=env)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].split()[:4] == ["step", "method", "path", "status"]
    row = re.compile(r"^create test order\s+POST\s+/v2/orders\s+201\s+id, iri, order_id")
    assert any(row.match(line) for line in lines), result.stdout
    assert "No suggestions" in result.stdout


def test_probe_with_a_refused_key_stops_at_the_sign_in(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    env = cli_environ(sandbox, tmp_path) | {"PACKSTATION_ACCESS_KEY": "revoked-access-key"}
    code, answer, stderr = run_json("probe", "--environment", "custom", env=env)
    assert code == 4, (answer, stderr)
    assert [(s["step"], s["outcome"]) for s in answer["steps"]] == [("sign in", "failed")]
    assert [c["path"] for c in answer["calls"]] == ["/v2/token"]
    assert "revoked-access-key" not in json.dumps(answer) + stderr


def test_probe_needs_a_key_for_uat(tmp_path: Path, sandbox: SandboxServer) -> None:
    env = cli_environ(sandbox, tmp_path)
    del env["PACKSTATION_ACCESS_KEY"]
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    result = packstation("probe", "--environment", "uat", env=env)
    assert result.returncode == 3
    assert "No access key is stored for the uat environment" in result.stderr


#: A strict sandbox (unknown keys refused) spelling a key of every other body differently,
#: and the optional ``order_url`` too (in the order's answers as well, as a real API would).
BODIES_DIALECT = Dialect(
    strict_keys=True,
    request_keys={
        "/v2/orders": {"order_url": "shop_order_url"},
        "/v2/shipments": {"recipient_city": "recipient_city_name"},
        "/v2/customs/shipments": {"incoterm": "incoterm_code"},
        "/v2/product_images": {"attachment": "attachment_base64"},
    },
    record_keys={"/v2/orders": {"order_url": "shop_order_url"}},
    nested_keys={"carrier_ref": {"name": "carrier_name"}},
)
BODIES_API_NAMES = {
    "carrier_ref.name": "carrier_name",
    "order_request.order_url": "shop_order_url",
    "order.order_url": "shop_order_url",
    "shipment_request.recipient_city": "recipient_city_name",
    "customs_shipment_request.incoterm": "incoterm_code",
    "product_image_request.attachment": "attachment_base64",
}


@pytest.fixture(scope="module")
def bodies_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="demo", dialect=BODIES_DIALECT) as server:
        yield server


def test_probe_learns_the_keys_of_every_body_and_a_renamed_optional_key(
    bodies_server: SandboxServer, tmp_path: Path
) -> None:
    bodies_server.control.reset("demo")
    env = cli_environ(bodies_server, tmp_path)
    code, answer, stderr = run_json("probe", "--environment", "custom", env=env)

    assert answer["suggestions"] == BODIES_API_NAMES, (answer["steps"], stderr)
    assert code == 0, [s for s in answer["steps"] if s["outcome"] != "ok"]
    steps = {s["step"]: s for s in answer["steps"]}
    assert steps["optional keys"]["outcome"] == "ok"
    assert "order_url = shop_order_url" in steps["optional keys"]["detail"]
    # the strict API refused the unknown key first; the probe went on without it
    refused = [c for c in answer["calls"] if c["path"] == "/v2/orders" and c["method"] == "POST"]
    assert [c["status"] for c in refused] == [400, 201]
    # the order really has its URL now (sent again under the learnt name)
    orders = [
        c for c in answer["calls"] if c["method"] == "PUT" and c["path"].startswith("/v2/orders/")
    ]
    assert [c["status"] for c in orders] == [200]
    assert _left_behind(bodies_server) == []
    with bodies_server.state.lock:
        assert not [m for m in bodies_server.state.manifests.values() if "PROBE" in m.manifest_id]

    # with the block in packstation.toml: nothing refused, nothing more to suggest
    (tmp_path / "packstation.toml").write_text(
        Path(answer["suggestions_file"]).read_text(encoding="utf-8")
    )
    code, answer, stderr = run_json("probe", "--environment", "custom", env=env)
    assert code == 0, (answer["steps"], stderr)
    assert answer["suggestions"] == {}
    assert all_ok_but_the_manifest(answer)
    assert not [c for c in answer["calls"] if c["status"] == 400]


#: A lenient sandbox: ``order_url`` under the sandbox's name is silently not read (and the
#: order's answers carry the field under the other name, empty).
LENIENT_DIALECT = Dialect(
    request_keys={"/v2/orders": {"order_url": "shop_order_url"}},
    record_keys={"/v2/orders": {"order_url": "shop_order_url"}},
)


def test_probe_learns_an_optional_key_a_lenient_api_silently_loses(tmp_path: Path) -> None:
    with SandboxServer(seed="demo", dialect=LENIENT_DIALECT) as server:
        env = cli_environ(server, tmp_path)
        code, answer, stderr = run_json("probe", "--environment", "custom", env=env)
        assert code == 0, (answer["steps"], stderr)
        assert answer["suggestions"] == {
            "order_request.order_url": "shop_order_url",
            "order.order_url": "shop_order_url",
        }
        steps = {s["step"]: s for s in answer["steps"]}
        assert steps["optional keys"]["outcome"] == "ok", steps["optional keys"]
        orders = [
            (c["method"], c["status"])
            for c in answer["calls"]
            if c["path"].startswith("/v2/orders")
        ]
        assert [s for m, s in orders if m == "POST"] == [201]  # not refused
        assert ("PUT", 200) in orders
        assert _left_behind(server) == []


#: The nested objects spelled otherwise: the carrier object (sent and answered), the entries
#: of an order's states history, a pick-up point's address and coordinates.
NESTED_DIALECT = Dialect(
    nested_keys={
        "carrier_ref": {"name": "carrier_name", "country": "carrier_country"},
        "state_change": {"state": "current_state", "datetime": "occurred_at"},
        "pudo_address": {"zip": "zip_code", "city": "city_name"},
        "pudo_coordinates": {"latitude": "latitude_deg", "longitude": "longitude_deg"},
        "opening_hours": {
            "from": "opens_at",
            "to": "closes_at",
            "hours": "hours_24",
            "minutes": "minutes_past",
        },
        "closure": {"from": "start_date", "to": "end_date"},
    }
)
NESTED_API_NAMES = {
    "carrier_ref.name": "carrier_name",
    "carrier_ref.country": "carrier_country",
    "state_change.state": "current_state",
    "state_change.datetime": "occurred_at",
    "pudo_address.zip": "zip_code",
    "pudo_address.city": "city_name",
    "pudo_coordinates.latitude": "latitude_deg",
    "pudo_coordinates.longitude": "longitude_deg",
    "opening_hours.opens": "opens_at",
    "opening_hours.closes": "closes_at",
    "opening_hours.hours": "hours_24",
    "opening_hours.minutes": "minutes_past",
    "closure.start": "start_date",
    "closure.end": "end_date",
}


def test_probe_learns_the_keys_of_nested_objects(tmp_path: Path) -> None:
    with SandboxServer(seed="demo", dialect=NESTED_DIALECT) as server:
        env = cli_environ(server, tmp_path)
        code, answer, stderr = run_json("probe", "--environment", "custom", env=env)
        assert answer["suggestions"] == NESTED_API_NAMES, (answer["steps"], stderr)
        assert code == 0, [s for s in answer["steps"] if s["outcome"] != "ok"]
        orders = [c for c in answer["calls"] if c["method"] == "POST" and c["path"] == "/v2/orders"]
        assert len(orders) == 1  # read again by looking it up, never made twice
        assert _left_behind(server) == []

        (tmp_path / "packstation.toml").write_text(
            Path(answer["suggestions_file"]).read_text(encoding="utf-8")
        )
        code, answer, stderr = run_json("probe", "--environment", "custom", env=env)
        assert code == 0, (answer["steps"], stderr)
        assert answer["suggestions"] == {}


#: A lenient API whose manifest body spells the piece count otherwise.
MANIFEST_DIALECT = Dialect(request_keys={"/v2/customs/manifests": {"pieces": "number_of_pieces"}})


def test_probe_try_manifest_learns_the_keys_from_its_one_refusal(tmp_path: Path) -> None:
    with SandboxServer(seed="demo", dialect=MANIFEST_DIALECT) as server:
        env = cli_environ(server, tmp_path)
        code, answer, stderr = run_json(
            "probe", "--environment", "custom", "--try-manifest", env=env
        )
        assert code == 0, (answer["steps"], stderr)
        assert answer["suggestions"] == {"manifest_request.pieces": "number_of_pieces"}
        posts = [c for c in answer["calls"] if c["method"] == "POST" and "manifests" in c["path"]]
        assert [c["status"] for c in posts] == [400]  # learnt from it, never sent again
        with server.state.lock:
            assert not server.state.manifests or not [
                m for m in server.state.manifests.values() if "PROBE" in m.manifest_id
            ]


@pytest.mark.asyncio
async def test_the_token_answer_is_not_kept_under_a_renamed_token_path() -> None:
    dialect = Dialect(paths={"/v2/token": "/v2/auth/login"})
    with SandboxServer(seed="demo", dialect=dialect) as server:
        recorder = Recorder(ClosingTransport(), 1 << 20, token_path=lambda: "auth/login")
        async with httpx.AsyncClient(transport=recorder) as http:
            signed_in = await http.post(
                server.base_url + "/auth/login", json={"access_key": server.access_key}
            )
            assert signed_in.status_code == 200
            assert recorder.last_json is None  # the token answer: never kept
            token = signed_in.json()["token"]
            carriers = await http.get(
                server.base_url + "/carriers", headers={"Authorization": f"Bearer {token}"}
            )
            assert carriers.status_code == 200
            assert recorder.last_json  # any other answer is
    root_relative = Recorder(recorder, 1, token_path=lambda: "/auth/login")
    assert root_relative.is_token("/auth/login")
    assert not root_relative.is_token("/v2/auth/login")
    assert recorder.is_token("/v2/auth/login")
    assert not recorder.is_token("/v2/token")


@pytest.mark.asyncio
async def test_the_probe_reads_a_compressed_answer_within_its_bound() -> None:
    small = {"carriers": [{"name": "dhl", "country": "DE"}]}
    zipped = {"Content-Encoding": "gzip"}
    routes = {
        "GET /v2/carriers": status(
            200, raw=gzip.compress(json.dumps(small).encode()), extra=zipped
        ),
        # 64 KB on the wire, 64 MB inflated: over the 1 MB the probe reads
        "GET /v2/orders": gzip_bomb(decoded=64 * MB, content_type="application/json"),
    }
    recorder = Recorder(ClosingTransport(), 1 * MB)
    with HostileServer(routes) as server:
        try:
            await recorder.handle_async_request(httpx.Request("GET", f"{server.url}/v2/carriers"))
            read_small = recorder.last_json
            tracemalloc.start()
            before, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            try:
                await recorder.handle_async_request(httpx.Request("GET", f"{server.url}/v2/orders"))
                peak = tracemalloc.get_traced_memory()[1] - before
            finally:
                tracemalloc.stop()
        finally:
            await recorder.aclose()
    assert read_small == small  # inflated and analysed
    assert recorder.last_json is None  # too large to analyse, and never inflated whole
    assert [call.status for call in recorder.calls] == [200, 200]
    assert peak < 4 * MB, f"{peak / MB:.1f} MB held"
