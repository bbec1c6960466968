"""Issue 14 item 8: the keys of order, shipment, customs shipment and manifest answers are
overridable in ``api_names`` like the label's.

The sandbox is started with other keys in those answers (``RECORD_DIALECT``). The client with
the same names (``RECORD_NAMES``) reads every answer; with the defaults it fails plainly.
"""

from __future__ import annotations

import httpx
import pytest

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
    address_of,
    customs_request,
    label_request,
    merchant_doc,
    names_api,
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
#: what ``dialect_sandbox`` speaks in this module
DIALECT = RECORD_DIALECT


@pytest.mark.asyncio
async def test_answers_with_other_keys_are_read_with_the_same_names(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = names_api(dialect_sandbox, http, ApiNames.with_overrides(RECORD_NAMES))

    created = await api.create_order(new_order("N200"))
    assert created.order_id == "N200"
    assert await api.find_order("N200") == created
    await api.post_order_state("N200", OrderState.PAID)
    assert [s.state for s in (await api.get_order(created.id)).states_history] == ["new", "paid"]

    doc = merchant_doc(dialect_sandbox, "A100")
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

    (label,) = await api.create_label(label_request(dialect_sandbox, "A101"))
    customs = await api.create_customs_shipment(customs_request(dialect_sandbox, label))
    assert customs.shipment_id == label.shipment_id
    assert customs.planned_pickup is not None
    manifest = await api.create_manifest(
        ManifestRequest(manifest_id="M-KEYS", shipment_ids=(customs.shipment_id,), pieces=1)
    )
    assert (manifest.manifest_id, manifest.pieces) == ("M-KEYS", 1)
    assert await api.find_manifest("M-KEYS") == manifest


@pytest.mark.asyncio
async def test_the_default_keys_fail_plainly_against_other_keys(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = names_api(dialect_sandbox, http, ApiNames())
    with pytest.raises(MalformedResponse, match="order_id: missing"):
        await api.create_order(new_order("N201"))
    (label,) = await api.create_label(label_request(dialect_sandbox, "A101"))
    with pytest.raises(MalformedResponse, match="shipment_id: missing"):
        await api.create_customs_shipment(customs_request(dialect_sandbox, label))
