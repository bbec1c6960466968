"""Contract: orders and order states."""

from __future__ import annotations

from datetime import datetime

import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import Duplicate, NotFound, ValidationFailed
from packstation.domain.shipping import NewOrder, OrderFilter, OrderState, OrderUpdate
from packstation.sandbox import SandboxServer
from tests.contract.support import logged, new_order, seven_id

UNIQUE = "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"


# ---------------------------------------------------------------- create, find, get
@pytest.mark.asyncio
async def test_create_order_with_tags_and_language(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    order = await api.create_order(
        NewOrder(
            order_id="B200",
            order_date=datetime.fromisoformat("2026-11-30T10:00:00+01:00"),
            order_url="https://shop.example/orders/B200",
            language="fr",
            boarding_complete=False,
            tags={"channel": "app", "priority": "high"},
            promised_delivery_date=datetime.fromisoformat("2026-12-03T18:00:00+01:00"),
        )
    )

    assert order.order_id == "B200"
    assert order.state == "new"
    assert order.language == "fr"
    assert order.tags == {"channel": "app", "priority": "high"}
    assert order.boarding_complete is False
    assert order.order_date == datetime.fromisoformat("2026-11-30T10:00:00+01:00")
    assert [s.state for s in order.states_history] == ["new"]
    assert order.shipment_ids == ()
    with sandbox.state.lock:
        stored = sandbox.state.order_by_order_id("B200")
        assert stored is not None
        assert stored.id == order.id
        assert stored.order_tags == {"channel": "app", "priority": "high"}
        assert stored.language == "fr"
        assert stored.order_url == "https://shop.example/orders/B200"
        assert stored.boarding_complete is False
        assert stored.promised_delivery_date is not None
        assert datetime.fromisoformat(stored.promised_delivery_date) == datetime.fromisoformat(
            "2026-12-03T18:00:00+01:00"
        )


@pytest.mark.asyncio
async def test_create_order_with_a_known_order_id_is_duplicate(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    with pytest.raises(Duplicate) as caught:
        await api.create_order(new_order("A100"))

    err = caught.value
    assert err.status == 400
    assert [v.code for v in err.for_field("order_id")] == [UNIQUE]
    assert "already" in str(err)
    with sandbox.state.lock:
        assert [o.order_id for o in sandbox.state.orders.values()].count("A100") == 1


@pytest.mark.asyncio
async def test_create_order_violations_are_reported_per_field(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.create_order(new_order(""))

    err = caught.value
    assert not isinstance(err, Duplicate)
    (violation,) = err.for_field("order_id")
    assert violation.message == "This value should not be blank."
    assert "order_id: This value should not be blank." in err.message
    assert len(logged(sandbox, "POST", "/v2/orders")) == 1  # refused, not retried


@pytest.mark.asyncio
async def test_find_order(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    found = await api.find_order("A100")
    missing = await api.find_order("NOPE-1")

    assert found is not None
    with sandbox.state.lock:
        stored = sandbox.state.order_by_order_id("A100")
        assert stored is not None
        assert found.id == stored.id
        assert found.state == stored.state == "paid"
        assert [s.state for s in found.states_history] == ["new", "paid"]
    assert found.tags == {"channel": "web"}
    assert missing is None


@pytest.mark.asyncio
async def test_get_order_by_the_7s_id_that_find_returned(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    found = await api.find_order("A103")
    assert found is not None
    by_id = await api.get_order(found.id)

    assert by_id == found
    assert by_id.id == seven_id(sandbox, "A103")
    assert by_id.state == "shipped"
    with sandbox.state.lock:
        shipment_ids = [str(s.id) for s in sandbox.state.shipments_of("A103")]
    assert list(by_id.shipment_ids) == shipment_ids
    assert logged(sandbox, "GET", f"/v2/orders/{by_id.id}")
    # the strict sandbox refuses the merchant's key in an item URL
    with pytest.raises(NotFound):
        await api.get_order("A103")


@pytest.mark.asyncio
async def test_get_unknown_order_is_not_found(api: HttpShippingApi) -> None:
    with pytest.raises(NotFound) as caught:
        await api.get_order("NOPE-1")

    assert caught.value.status == 404
    assert caught.value.operation == "get order"


# ---------------------------------------------------------------- list
@pytest.mark.asyncio
async def test_list_orders_by_state(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    paid = await api.list_orders(OrderFilter(state="paid", limit=100))
    shipped = await api.list_orders(OrderFilter(state="shipped"))

    with sandbox.state.lock:
        expected = sorted(o.order_id for o in sandbox.state.orders.values() if o.state == "paid")
    assert sorted(o.order_id for o in paid) == expected
    assert len(expected) > 1
    assert [o.order_id for o in shipped] == ["A103"]


@pytest.mark.asyncio
async def test_list_orders_by_order_id(api: HttpShippingApi) -> None:
    orders = await api.list_orders(OrderFilter(order_id="A104"))

    assert [o.order_id for o in orders] == ["A104"]
    assert orders[0].language == "fr"


@pytest.mark.asyncio
async def test_list_orders_by_order_date(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    after = datetime.fromisoformat("2026-11-24T00:00:00+01:00")
    before = datetime.fromisoformat("2026-11-26T00:00:00+01:00")

    orders = await api.list_orders(OrderFilter(order_date_after=after, order_date_before=before))

    expected = sorted(
        order_id
        for order_id, doc in sandbox.state.merchant_orders.items()
        if after <= datetime.fromisoformat(doc["order_date"]) <= before
    )
    assert sorted(o.order_id for o in orders) == expected
    assert expected  # the window is not empty
    (request,) = logged(sandbox, "GET", "/v2/orders")
    assert "order_date%5Bafter%5D=2026-11-24T00%3A00%3A00%2B01%3A00" in request.query


@pytest.mark.asyncio
async def test_list_orders_pages(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    pages = [await api.list_orders(OrderFilter(page=n, limit=5)) for n in (1, 2, 3, 4)]

    with sandbox.state.lock:
        all_ids = sorted(sandbox.state.orders)
    assert [len(p) for p in pages] == [5, 5, len(all_ids) - 10, 0]
    assert [o.id for page in pages for o in page] == all_ids


# ---------------------------------------------------------------- update, delete
@pytest.mark.asyncio
async def test_update_boarding_complete(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    order = await api.get_order(seven_id(sandbox, "A102"))
    assert order.boarding_complete is False

    updated = await api.update_order(order.id, OrderUpdate(boarding_complete=True))
    again = await api.update_order(order.id, OrderUpdate(language="de"))

    assert updated.boarding_complete is True
    assert again.boarding_complete is True
    assert again.language == "de"
    with sandbox.state.lock:
        stored = sandbox.state.order_by_order_id("A102")
        assert stored is not None
        assert stored.boarding_complete is True
        assert stored.language == "de"
    assert [r.method for r in logged(sandbox, path=f"/v2/orders/{order.id}")] == [
        "GET",
        "PUT",
        "PUT",
    ]
    assert not logged(sandbox, path="/v2/orders/A102")


@pytest.mark.asyncio
async def test_update_unknown_order_is_not_found(api: HttpShippingApi) -> None:
    with pytest.raises(NotFound):
        await api.update_order("NOPE-1", OrderUpdate(boarding_complete=True))


@pytest.mark.asyncio
async def test_delete_order_then_it_is_not_found(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    ref = seven_id(sandbox, "A105")
    await api.delete_order(ref)

    assert sandbox.state.order_by_order_id("A105") is None
    with sandbox.state.lock:
        assert not [i for i in sandbox.state.order_items.values() if i.order_id == "A105"]
    assert await api.find_order("A105") is None
    with pytest.raises(NotFound):
        await api.get_order(ref)
    with pytest.raises(NotFound):
        await api.delete_order(ref)


@pytest.mark.asyncio
async def test_delete_order_by_numeric_id(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    order = await api.get_order(seven_id(sandbox, "A106"))

    await api.delete_order(order.id)

    assert order.id not in sandbox.state.orders


# ---------------------------------------------------------------- order states
@pytest.mark.asyncio
async def test_post_in_preparation_on_a_paid_order(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    posted = await api.post_order_state("A100", OrderState.IN_PREPARATION)

    assert posted.order_id == "A100"
    assert posted.state == "in_preparation"
    with sandbox.state.lock:
        order = sandbox.state.order_by_order_id("A100")
        assert order is not None
        assert order.state == "in_preparation"
        assert [e.state for e in order.states_history] == ["new", "paid", "in_preparation"]
        assert posted.id is not None
        assert sandbox.state.order_states[posted.id].state == "in_preparation"
    assert (await api.get_order(seven_id(sandbox, "A100"))).state == "in_preparation"


@pytest.mark.asyncio
async def test_moving_a_shipped_order_back_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.post_order_state("A103", OrderState.IN_PREPARATION)

    err = caught.value
    (violation,) = err.for_field("state")
    assert "shipped" in violation.message
    assert "state:" in err.message
    assert err.operation == "post order state"
    assert (await api.get_order(seven_id(sandbox, "A103"))).state == "shipped"
    assert not sandbox.state.order_states


@pytest.mark.asyncio
@pytest.mark.parametrize("state", [OrderState.SHIPPED, OrderState.COMPLETED, OrderState.NEW])
async def test_a_system_state_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi, state: OrderState
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.post_order_state("A100", state)

    (violation,) = caught.value.for_field("state")
    assert "set by Seven Senders" in violation.message
    assert (await api.get_order(seven_id(sandbox, "A100"))).state == "paid"


@pytest.mark.asyncio
async def test_returned_then_refunded_from_shipped(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    returned = await api.post_order_state("A103", OrderState.RETURNED)
    refunded = await api.post_order_state("A103", OrderState.REFUNDED)

    assert (returned.state, refunded.state) == ("returned", "refunded")
    order = await api.get_order(seven_id(sandbox, "A103"))
    assert order.state == "refunded"
    assert [s.state for s in order.states_history][-2:] == ["returned", "refunded"]
    assert len(sandbox.state.order_states) == 2


@pytest.mark.asyncio
async def test_order_state_for_unknown_order_is_refused(api: HttpShippingApi) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.post_order_state("NOPE-1", OrderState.PAID)

    assert caught.value.for_field("order_id")


@pytest.mark.asyncio
async def test_update_tags(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    updated = await api.update_order(
        seven_id(sandbox, "A112"), OrderUpdate(tags={"channel": "web", "gift": "yes"})
    )

    assert updated.tags == {"channel": "web", "gift": "yes"}
    with sandbox.state.lock:
        stored = sandbox.state.order_by_order_id("A112")
        assert stored is not None
        assert stored.order_tags == {"channel": "web", "gift": "yes"}
        assert stored.state == "warehouse_handover"  # an update leaves the state alone


@pytest.mark.asyncio
async def test_list_orders_with_a_bad_limit_is_refused(api: HttpShippingApi) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.list_orders(OrderFilter(limit=5000))

    assert caught.value.for_field("limit")
