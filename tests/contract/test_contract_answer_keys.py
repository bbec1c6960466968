"""Issue 14 item 8: the keys of order, shipment, customs shipment and manifest answers are
overridable in ``api_names`` like the label's.

The sandbox is started with other keys in those answers (``RECORD_DIALECT``). The client with
the same names (``RECORD_NAMES``) reads every answer; with the defaults it fails plainly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import pytest_asyncio

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.errors import MalformedResponse
from packstation.domain.shipping import (
    Carrier,
    ManifestRequest,
    OrderState,
    ShipmentFilter,
    ShipmentRequest,
)
from packstation.sandbox import SandboxServer
from packstation.sandbox.dialect import Dialect
from tests.contract.support import (
    Sleeps,
    address_of,
    customs_request,
    label_request,
    merchant_doc,
    new_order,
)

RECORD_DIALECT = Dialect(
    record_keys={
        "/v2/orders": {"order_id": "merchant_order_id", "states_history": "history"},
        "/v2/shipments": {"tracking_code": "tracking_number", "order_id": "shop_order"},
        "/v2/customs/shipments": {"shipment_id": "parcel_id", "planned_pickup_datetime": "pickup"},
        "/v2/customs/manifests": {"manifest_id": "manifest_number", "pieces": "piece_count"},
    }
)
RECORD_NAMES = {
    "order": {"order_id": "merchant_order_id", "states_history": "history"},
    "shipment.tracking_code": "tracking_number",
    "shipment.order_id": "shop_order",
    "customs_shipment": {"shipment_id": "parcel_id", "planned_pickup": "pickup"},
    "manifest": {"manifest_id": "manifest_number", "pieces": "piece_count"},
}


@pytest.fixture(scope="module")
def keyed_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="demo", dialect=RECORD_DIALECT) as server:
        yield server


@pytest.fixture
def keyed(keyed_server: SandboxServer) -> SandboxServer:
    keyed_server.control.reset("demo")
    return keyed_server


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def client_for(sandbox: SandboxServer, http: httpx.AsyncClient, names: ApiNames) -> HttpShippingApi:
    return HttpShippingApi(
        http, sandbox.base_url, sandbox.access_key, names=names, sleep=Sleeps(), rand=lambda: 0
    )


@pytest.mark.asyncio
async def test_answers_with_other_keys_are_read_with_the_same_names(
    keyed: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = client_for(keyed, http, ApiNames.with_overrides(RECORD_NAMES))

    created = await api.create_order(new_order("N200"))
    assert created.order_id == "N200"
    assert await api.find_order("N200") == created
    await api.post_order_state("N200", OrderState.PAID)
    assert [s.state for s in (await api.get_order(created.id)).states_history] == ["new", "paid"]

    doc = merchant_doc(keyed, "A100")
    own = await api.create_shipment(
        ShipmentRequest(
            order_id="A100",
            carrier=Carrier.parse(doc["carrier"]),
            recipient=address_of(doc),
            tracking_code="OWN-KEYS-1",
        )
    )
    assert (own.order_id, own.tracking_code) == ("A100", "OWN-KEYS-1")
    (listed,) = await api.list_shipments(ShipmentFilter(tracking_code="OWN-KEYS-1"))
    assert listed == own

    (label,) = await api.create_label(label_request(keyed, "A101"))
    customs = await api.create_customs_shipment(customs_request(keyed, label))
    assert customs.shipment_id == label.shipment_id
    assert customs.planned_pickup is not None
    manifest = await api.create_manifest(
        ManifestRequest(manifest_id="M-KEYS", shipment_ids=(customs.shipment_id,), pieces=1)
    )
    assert (manifest.manifest_id, manifest.pieces) == ("M-KEYS", 1)
    assert await api.find_manifest("M-KEYS") == manifest


@pytest.mark.asyncio
async def test_the_default_keys_fail_plainly_against_other_keys(
    keyed: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = client_for(keyed, http, ApiNames())
    with pytest.raises(MalformedResponse, match="order_id: missing"):
        await api.create_order(new_order("N201"))
    (label,) = await api.create_label(label_request(keyed, "A101"))
    with pytest.raises(MalformedResponse, match="shipment_id: missing"):
        await api.create_customs_shipment(customs_request(keyed, label))
