"""Contract: list look-ups read every page (issue 14: lists page like API Platform's).

The sandbox's ``list_page_size`` cuts every list answer to one row per page, whatever
``limit`` asks, as an API whose page size is smaller than the client's: a look-up that read
only the first page would miss all but one parcel of an order.
"""

from __future__ import annotations

import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.shipping import CustomsShipmentFilter, ManifestRequest, ShipmentFilter
from packstation.sandbox import SandboxServer
from tests.contract.support import customs_request, label_request, logged


@pytest.mark.asyncio
async def test_shipments_and_labels_of_an_order_are_read_page_after_page(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    sandbox.control.config(list_page_size=1)
    bought = []
    for parcel in (1, 2, 3):
        (label,) = await api.create_label(
            label_request(
                sandbox, "A102", reference=f"A102-P{parcel}", package_no=parcel, package_count=3
            )
        )
        bought.append(label)

    shipments = await api.list_shipments(ShipmentFilter(order_id="A102"))

    assert sorted(s.id for s in shipments) == sorted(label.shipment_id for label in bought)
    assert len(logged(sandbox, "GET", "/v2/shipments")) == 4  # three pages and an empty one
    (found,) = [
        label
        for label in await api.find_labels("A102", "A102-P3")
        if label.reference_number == "A102-P3"
    ]
    assert found.id == bought[2].id
    by_tracking = await api.list_shipments(ShipmentFilter(tracking_code=bought[1].tracking_code))
    assert [s.id for s in by_tracking] == [bought[1].shipment_id]


@pytest.mark.asyncio
async def test_customs_shipments_order_items_and_manifests_are_read_page_after_page(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    sandbox.control.config(list_page_size=1)
    customs = []
    for order_id in ("A101", "A107"):
        (label,) = await api.create_label(label_request(sandbox, order_id))
        customs.append(await api.create_customs_shipment(customs_request(sandbox, label)))
    shipment_ids = tuple(c.shipment_id for c in customs)
    made = await api.create_manifest(
        ManifestRequest(manifest_id="M-PAGES", shipment_ids=shipment_ids, pieces=2)
    )

    in_manifest = await api.list_customs_shipments(CustomsShipmentFilter(manifest_id="M-PAGES"))
    items = await api.list_order_items("A101")

    assert [c.id for c in in_manifest] == [c.id for c in customs]
    with sandbox.state.lock:
        expected = sorted(i.sku for i in sandbox.state.order_items.values() if i.order_id == "A101")
    assert len(expected) > 1
    assert sorted(item.sku for item in items) == expected
    assert await api.find_manifest("M-PAGES") == made
    assert await api.find_manifest("M-OTHER") is None


@pytest.mark.asyncio
async def test_a_lookup_ends_on_the_page_that_holds_the_row(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A100", reference="A100-P1"))
    before = len(logged(sandbox, "GET", "/v2/labels"))

    found = await api.find_labels("A100", "A100-P1")

    assert [f.id for f in found] == [label.id]
    assert len(logged(sandbox, "GET", "/v2/labels")) == before + 1  # no second page asked for
