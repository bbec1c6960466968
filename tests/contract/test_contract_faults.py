"""Contract: retries, unknown outcomes and timeouts against injected faults."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import (
    Duplicate,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
)
from packstation.domain.shipping import ManifestRequest, OrderFilter, Product
from packstation.sandbox import SandboxServer
from tests.contract.conftest import MakeApi
from tests.contract.support import (
    Sleeps,
    customs_request,
    label_request,
    logged,
    new_order,
    seven_id,
)


def statuses(sandbox: SandboxServer, method: str, path: str) -> list[int | None]:
    return [r.status for r in logged(sandbox, method, path)]


# ---------------------------------------------------------------- retried reads
@pytest.mark.asyncio
async def test_429_with_retry_after_is_retried_after_that_delay(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    await api.authenticate()
    sandbox.control.fail_next("/v2/carriers", method="GET", status=429, retry_after=7)

    assert await api.list_carriers()

    assert sleeps.delays == [7.0]
    assert statuses(sandbox, "GET", "/v2/carriers") == [429, 200]


@pytest.mark.asyncio
async def test_injected_503_on_a_get_is_retried(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    sandbox.control.fail_next("/v2/orders", method="GET", status=503, count=2)

    orders = await api.list_orders(OrderFilter(state="paid"))

    assert orders
    assert statuses(sandbox, "GET", "/v2/orders") == [503, 503, 200]
    assert len(sleeps.delays) == 2
    assert sleeps.delays[0] < sleeps.delays[1]  # exponential backoff


@pytest.mark.asyncio
async def test_retries_run_out_with_service_unavailable(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    sandbox.control.fail_next("/v2/orders", method="GET", status=503, count=10)
    ref = seven_id(sandbox, "A100")

    with pytest.raises(ServiceUnavailable) as caught:
        await api.get_order(ref)

    assert caught.value.status == 503
    assert caught.value.operation == "get order"
    assert statuses(sandbox, "GET", f"/v2/orders/{ref}") == [503] * 4  # 1 + 3 retries
    assert len(sleeps.delays) == 3


@pytest.mark.asyncio
async def test_429_until_retries_run_out_is_rate_limited(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    sandbox.control.fail_next("/v2/carriers", status=429, count=10, retry_after=2)

    with pytest.raises(RateLimited) as caught:
        await api.list_carriers()

    assert caught.value.retry_after == 2.0
    assert sleeps.delays == [2.0, 2.0, 2.0]
    assert statuses(sandbox, "GET", "/v2/carriers") == [429] * 4


@pytest.mark.asyncio
async def test_a_long_retry_after_is_handed_to_the_caller(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    sandbox.control.fail_next("/v2/carriers", status=429, retry_after=600)

    with pytest.raises(RateLimited) as caught:
        await api.list_carriers()

    assert caught.value.retry_after == 600.0
    assert "600 seconds" in caught.value.message
    assert sleeps.delays == []
    assert statuses(sandbox, "GET", "/v2/carriers") == [429]


@pytest.mark.asyncio
async def test_a_dropped_read_is_retried(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    sandbox.control.drop_next("/v2/orders", method="GET")

    assert await api.find_order("A100") is not None

    assert statuses(sandbox, "GET", "/v2/orders") == [None, 200]
    assert len(sleeps.delays) == 1


# ---------------------------------------------------------------- creating requests
@pytest.mark.asyncio
async def test_429_on_buying_a_label_is_retried_once_safely(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    sandbox.control.fail_next("/v2/labels", method="POST", status=429, retry_after=1)

    (label,) = await api.create_label(label_request(sandbox, "A100"))

    assert statuses(sandbox, "POST", "/v2/labels") == [429, 201]
    assert sleeps.delays == [1.0]
    assert list(sandbox.state.labels) == [int(label.id)]


@pytest.mark.asyncio
async def test_500_on_buying_a_label_is_outcome_unknown_and_nothing_was_bought(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    request = label_request(sandbox, "A100")
    sandbox.control.fail_next("/v2/labels", method="POST", status=500)

    with pytest.raises(OutcomeUnknown) as caught:
        await api.create_label(request)

    assert caught.value.status == 500
    assert caught.value.operation == "buy label"
    assert "look it up" in caught.value.message
    assert statuses(sandbox, "POST", "/v2/labels") == [500]  # never resent blindly
    assert sleeps.delays == []
    assert not sandbox.state.labels  # fail-next never touches state
    assert await api.find_labels("A100", request.reference_number) == []

    (label,) = await api.create_label(request)

    assert list(sandbox.state.labels) == [int(label.id)]
    assert statuses(sandbox, "POST", "/v2/labels") == [500, 201]


@pytest.mark.asyncio
async def test_commit_then_drop_on_buying_a_label_never_buys_two(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    request = label_request(sandbox, "A100")
    sandbox.control.drop_next("/v2/labels", method="POST")

    with pytest.raises(OutcomeUnknown):
        await api.create_label(request)

    assert statuses(sandbox, "POST", "/v2/labels") == [None]
    assert sleeps.delays == []
    with sandbox.state.lock:
        (stored,) = sandbox.state.labels.values()
        assert stored.reference_number == request.reference_number
    (found,) = await api.find_labels("A100", request.reference_number)
    assert found.id == str(stored.id)
    assert found.tracking_code == stored.tracking_code

    with pytest.raises(Duplicate):
        await api.create_label(request)

    assert len(sandbox.state.labels) == 1
    assert (await api.download_label(found)).content.startswith(b"%PDF")


@pytest.mark.asyncio
async def test_503_on_creating_an_order_is_outcome_unknown(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    sandbox.control.fail_next("/v2/orders", method="POST", status=503)

    with pytest.raises(OutcomeUnknown):
        await api.create_order(new_order("B400"))

    assert statuses(sandbox, "POST", "/v2/orders") == [503]
    assert await api.find_order("B400") is None


@pytest.mark.asyncio
async def test_commit_then_drop_on_creating_an_order_then_it_is_found(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    sandbox.control.drop_next("/v2/orders", method="POST")

    with pytest.raises(OutcomeUnknown):
        await api.create_order(new_order("B401"))

    assert await api.find_order("B401") is not None
    with pytest.raises(Duplicate):
        await api.create_order(new_order("B401"))


@pytest.mark.asyncio
async def test_a_dropped_put_is_retried(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    product = await api.get_product("SKU-MUG-WHT")
    assert product.id is not None
    sandbox.control.drop_next(f"/v2/products/{product.id}", method="PUT")

    updated = await api.update_product(
        Product(sku=product.sku, customs_description="Mug, white, 300 ml", id=product.id)
    )

    assert updated.customs_description == "Mug, white, 300 ml"
    assert statuses(sandbox, "PUT", f"/v2/products/{product.id}") == [None, 200]
    assert len(sleeps.delays) == 1


# ---------------------------------------------------------------- timeouts
@pytest.mark.asyncio
async def test_a_slow_answer_times_out_into_service_unavailable(
    sandbox: SandboxServer, make_api: MakeApi, sleeps: Sleeps
) -> None:
    api = make_api(timeout=httpx.Timeout(5.0, read=0.05))
    await api.authenticate()
    sandbox.control.latency(0.2, "/v2/carriers")

    with pytest.raises(ServiceUnavailable) as caught:
        await api.list_carriers()

    assert "did not answer" in caught.value.message
    assert len(sleeps.delays) == 3  # four attempts
    sandbox.control.latency(0)
    # the sandbox carries out the abandoned requests late: wait until all four are logged so
    # they do not leak into the next test's log
    for _ in range(100):
        if len(logged(sandbox, "GET", "/v2/carriers")) >= 4:
            break
        await asyncio.sleep(0.01)
    assert len(logged(sandbox, "GET", "/v2/carriers")) == 4


@pytest.mark.asyncio
async def test_latency_below_the_timeout_is_fine(
    sandbox: SandboxServer, make_api: MakeApi, sleeps: Sleeps
) -> None:
    api = make_api(timeout=httpx.Timeout(5.0, read=1.0))
    sandbox.control.latency(0.05)

    assert await api.list_carriers()

    assert sleeps.delays == []
    assert statuses(sandbox, "GET", "/v2/carriers") == [200]


@pytest.mark.asyncio
async def test_commit_then_drop_on_a_manifest_is_resolved_by_its_manifest_id(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A101"))
    customs = await api.create_customs_shipment(customs_request(sandbox, label))
    request = ManifestRequest(manifest_id="M-1", shipment_ids=(customs.shipment_id,), pieces=1)
    sandbox.control.drop_next("/v2/customs/manifests", method="POST")

    with pytest.raises(OutcomeUnknown):
        await api.create_manifest(request)

    found = await api.find_manifest("M-1")
    assert found is not None
    assert found.shipment_ids == (customs.shipment_id,)
    with pytest.raises(Duplicate):
        await api.create_manifest(request)
    assert len(sandbox.state.manifests) == 1


@pytest.mark.asyncio
async def test_a_failed_delete_is_retried(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A100"))
    sandbox.control.fail_next(f"/v2/labels/{label.id}", method="DELETE", status=502)

    await api.delete_label(label.id)

    assert statuses(sandbox, "DELETE", f"/v2/labels/{label.id}") == [502, 204]
    assert not sandbox.state.labels


@pytest.mark.asyncio
async def test_commit_then_drop_on_a_delete_is_success(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A100"))
    sandbox.control.drop_next(f"/v2/labels/{label.id}", method="DELETE")

    await api.delete_label(label.id)  # the retry finds it gone: that is what was asked for

    assert statuses(sandbox, "DELETE", f"/v2/labels/{label.id}") == [None, 404]
    assert not sandbox.state.labels
    assert not sandbox.state.shipments_of("A100")
    with pytest.raises(NotFound):  # but deleting what never was (or is long gone) is NotFound
        await api.delete_label(label.id)


@pytest.mark.asyncio
async def test_a_dropped_token_request_is_retried(
    sandbox: SandboxServer, api: HttpShippingApi, sleeps: Sleeps
) -> None:
    sandbox.control.drop_next("/v2/token")

    assert await api.list_carriers()

    assert statuses(sandbox, "POST", "/v2/token") == [None, 200]
    assert len(sandbox.state.tokens) == 2  # the dropped one was issued, but never used
