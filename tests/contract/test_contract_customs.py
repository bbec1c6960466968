"""Contract: customs shipments and manifests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import Duplicate, NotFound, ValidationFailed
from packstation.domain.shipping import (
    CustomsShipment,
    CustomsShipmentFilter,
    CustomsShipmentUpdate,
    Label,
    ManifestRequest,
)
from packstation.sandbox import SandboxServer
from tests.contract.conftest import MakeApi
from tests.contract.support import (
    PICKUP,
    customs_articles,
    customs_request,
    label_request,
    logged,
    merchant_doc,
    seven_id,
)


async def customs_for(
    sandbox: SandboxServer, api: HttpShippingApi, order_id: str
) -> tuple[Label, CustomsShipment]:
    """Buy a label for a demo order and post its customs data."""
    (label,) = await api.create_label(label_request(sandbox, order_id))
    return label, await api.create_customs_shipment(customs_request(sandbox, label))


def manifest(manifest_id: str, *shipment_ids: str) -> ManifestRequest:
    return ManifestRequest(
        manifest_id=manifest_id,
        shipment_ids=shipment_ids,
        pieces=len(shipment_ids),
        reference="pickup-1",
        comment="Tuesday pick-up",
    )


# ---------------------------------------------------------------- customs shipments
@pytest.mark.asyncio
async def test_create_customs_shipment_for_a_swiss_order(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    label, customs = await customs_for(sandbox, api, "A101")

    assert customs.shipment_id == label.shipment_id
    assert customs.order_id == "A101"
    assert customs.tracking_code == label.tracking_code
    assert customs.status == "received"
    assert customs.manifest_id is None
    assert customs.incoterm == "DAP"
    assert customs.departure_country == "DE"
    assert customs.invoice_id == "INV-A101"
    assert customs.planned_pickup == PICKUP
    assert customs.articles == customs_articles(merchant_doc(sandbox, "A101"))
    with sandbox.state.lock:
        stored = sandbox.state.customs_shipments[int(customs.id)]
        assert stored.shipment_id == int(label.shipment_id)
        assert [a["sku"] for a in stored.articles] == [
            "SKU-HOODIE-M",
            "SKU-SOCKS-3P",
            "SKU-CAP-BLK",
        ]
        assert stored.articles[0]["unit_value"] == "49.90"  # money stays exact
        assert stored.articles[0]["net_weight_kg"] == 0.52
        assert stored.articles[0]["hs_code"] == "6110200000"


@pytest.mark.asyncio
async def test_second_customs_shipment_for_a_parcel_is_duplicate(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    label, _ = await customs_for(sandbox, api, "A101")

    with pytest.raises(Duplicate) as caught:
        await api.create_customs_shipment(customs_request(sandbox, label))

    assert caught.value.for_field("shipment_id")
    assert len(sandbox.state.customs_shipments) == 1


@pytest.mark.asyncio
async def test_customs_with_a_wrong_tracking_code_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A101"))

    with pytest.raises(ValidationFailed) as caught:
        await api.create_customs_shipment(
            customs_request(sandbox, label, tracking_code="00340434000000000000")
        )

    assert not isinstance(caught.value, Duplicate)
    assert caught.value.for_field("tracking_code")
    assert not sandbox.state.customs_shipments


@pytest.mark.asyncio
async def test_customs_for_a_german_recipient_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A100"))

    with pytest.raises(ValidationFailed) as caught:
        await api.create_customs_shipment(customs_request(sandbox, label))

    (violation,) = caught.value.for_field("shipment_id")
    assert "not a customs country" in violation.message
    # Seven Senders' own words, apart from the station's sentence around them
    assert caught.value.said == str(violation)
    assert caught.value.said != caught.value.message
    assert not sandbox.state.customs_shipments


@pytest.mark.asyncio
async def test_customs_for_an_unknown_shipment_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A101"))

    with pytest.raises(ValidationFailed) as caught:
        await api.create_customs_shipment(replace(customs_request(sandbox, label), shipment_id="1"))

    assert caught.value.for_field("shipment_id")


@pytest.mark.asyncio
async def test_customs_article_violations_name_the_line(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A101"))
    request = customs_request(sandbox, label)
    bad = replace(request.articles[1], hs_code="61", currency="eur")

    with pytest.raises(ValidationFailed) as caught:
        await api.create_customs_shipment(replace(request, articles=(request.articles[0], bad)))

    fields = {v.field for v in caught.value.violations}
    assert fields == {"articles[1].hs_code", "articles[1].currency"}


@pytest.mark.asyncio
async def test_list_customs_shipments_with_filters(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, swiss = await customs_for(sandbox, api, "A101")
    _, norwegian = await customs_for(sandbox, api, "A107")

    everything = await api.list_customs_shipments(CustomsShipmentFilter())
    by_order = await api.list_customs_shipments(CustomsShipmentFilter(order_id="A107"))
    by_shipment = await api.list_customs_shipments(
        CustomsShipmentFilter(shipment_id=swiss.shipment_id)
    )
    outbound = await api.list_customs_shipments(CustomsShipmentFilter(types=("outbound",)))
    returns = await api.list_customs_shipments(
        CustomsShipmentFilter(types=("return", "undeliverable"))
    )
    by_day = await api.list_customs_shipments(
        CustomsShipmentFilter(planned_pickup_date=swiss_day(swiss))
    )
    by_status = await api.list_customs_shipments(CustomsShipmentFilter(status="received"))
    uninspected = await api.list_customs_shipments(CustomsShipmentFilter(return_inspected=False))

    assert everything == [swiss, norwegian]
    assert by_order == [norwegian]
    assert by_shipment == [swiss]
    assert outbound == [swiss, norwegian]
    assert returns == []
    assert by_day == [swiss, norwegian]
    assert by_status == [swiss, norwegian]
    assert uninspected == [swiss, norwegian]
    queries = [r.query for r in logged(sandbox, "GET", "/v2/customs/shipments")]
    # the list of returns: both types, then its first page (every list is read page by page)
    assert "types%5B%5D=return&types%5B%5D=undeliverable&page=1&limit=100" in queries


def swiss_day(customs: CustomsShipment) -> str:
    assert customs.planned_pickup is not None
    return customs.planned_pickup.date().isoformat()


@pytest.mark.asyncio
async def test_get_update_and_delete_a_customs_shipment(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, customs = await customs_for(sandbox, api, "A101")

    assert await api.get_customs_shipment(customs.id) == customs

    articles = customs.articles[:1]
    updated = await api.update_customs_shipment(
        customs.id,
        CustomsShipmentUpdate(
            incoterm="DDP",
            invoice_id="INV-2",
            planned_pickup=datetime.fromisoformat("2026-12-02T09:00:00+01:00"),
            articles=articles,
        ),
    )

    assert updated.incoterm == "DDP"
    assert updated.invoice_id == "INV-2"
    assert updated.articles == articles
    assert updated.planned_pickup == datetime.fromisoformat("2026-12-02T09:00:00+01:00")
    with sandbox.state.lock:
        stored = sandbox.state.customs_shipments[int(customs.id)]
        assert (stored.incoterm, stored.invoice_id, len(stored.articles)) == ("DDP", "INV-2", 1)
    assert await api.get_customs_shipment(customs.id) == updated

    await api.delete_customs_shipment(customs.id)

    assert not sandbox.state.customs_shipments
    with pytest.raises(NotFound):
        await api.get_customs_shipment(customs.id)
    with pytest.raises(NotFound):
        await api.update_customs_shipment(customs.id, CustomsShipmentUpdate(incoterm="DAP"))
    with pytest.raises(NotFound):
        await api.delete_customs_shipment(customs.id)


@pytest.mark.asyncio
async def test_update_with_an_unknown_incoterm_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, customs = await customs_for(sandbox, api, "A101")

    with pytest.raises(ValidationFailed) as caught:
        await api.update_customs_shipment(customs.id, CustomsShipmentUpdate(incoterm="XYZ"))

    assert caught.value.for_field("incoterm")
    assert sandbox.state.customs_shipments[int(customs.id)].incoterm == "DAP"


# ---------------------------------------------------------------- manifests
@pytest.mark.asyncio
async def test_create_and_get_a_manifest(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    _, swiss = await customs_for(sandbox, api, "A101")
    _, norwegian = await customs_for(sandbox, api, "A107")

    created = await api.create_manifest(
        manifest("M-2026-12-01", swiss.shipment_id, norwegian.shipment_id)
    )

    assert created.manifest_id == "M-2026-12-01"
    assert created.shipment_ids == (swiss.shipment_id, norwegian.shipment_id)
    assert created.pieces == 2
    assert created.reference == "pickup-1"
    assert created.comment == "Tuesday pick-up"
    assert created.status
    with sandbox.state.lock:
        stored = sandbox.state.manifests[int(created.id)]
        assert stored.shipment_ids == [int(swiss.shipment_id), int(norwegian.shipment_id)]
        assert {c.manifest_id for c in sandbox.state.customs_shipments.values()} == {"M-2026-12-01"}
    assert await api.find_manifest("M-2026-12-01") == created
    assert await api.find_manifest("M-2026-12-02") is None
    assert await api.get_manifest(created.id) == created
    with pytest.raises(NotFound):  # strict: item URLs take 7S's id only
        await api.get_manifest("M-2026-12-01")
    in_manifest = await api.list_customs_shipments(
        CustomsShipmentFilter(manifest_id="M-2026-12-01")
    )
    assert [c.id for c in in_manifest] == [swiss.id, norwegian.id]
    assert {c.manifest_id for c in in_manifest} == {"M-2026-12-01"}
    assert await api.list_customs_shipments(CustomsShipmentFilter(manifest_id="M-other")) == []


@pytest.mark.asyncio
async def test_unknown_manifest_is_not_found(api: HttpShippingApi) -> None:
    with pytest.raises(NotFound):
        await api.get_manifest("M-nope")


@pytest.mark.asyncio
async def test_reused_manifest_id_is_duplicate(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, swiss = await customs_for(sandbox, api, "A101")
    _, norwegian = await customs_for(sandbox, api, "A107")
    await api.create_manifest(manifest("M-1", swiss.shipment_id))

    with pytest.raises(Duplicate) as caught:
        await api.create_manifest(manifest("M-1", norwegian.shipment_id))

    assert caught.value.for_field("manifest_id")
    assert len(sandbox.state.manifests) == 1
    assert sandbox.state.customs_shipments[int(norwegian.id)].manifest_id is None


@pytest.mark.asyncio
async def test_manifest_with_an_unknown_shipment_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, swiss = await customs_for(sandbox, api, "A101")

    with pytest.raises(ValidationFailed) as caught:
        await api.create_manifest(manifest("M-1", swiss.shipment_id, "5857999"))

    assert not isinstance(caught.value, Duplicate)
    assert caught.value.for_field("shipment_ids[1]")
    assert not sandbox.state.manifests
    assert sandbox.state.customs_shipments[int(swiss.id)].manifest_id is None


@pytest.mark.asyncio
async def test_manifest_id_with_a_slash_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, swiss = await customs_for(sandbox, api, "A101")

    with pytest.raises(ValidationFailed) as caught:
        await api.create_manifest(manifest("M/1", swiss.shipment_id))

    assert caught.value.for_field("manifest_id")
    assert not sandbox.state.manifests


@pytest.mark.asyncio
async def test_a_manifested_customs_shipment_cannot_change(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, swiss = await customs_for(sandbox, api, "A101")
    await api.create_manifest(manifest("M-1", swiss.shipment_id))

    with pytest.raises(ValidationFailed) as updating:
        await api.update_customs_shipment(swiss.id, CustomsShipmentUpdate(incoterm="DDP"))
    with pytest.raises(ValidationFailed) as deleting:
        await api.delete_customs_shipment(swiss.id)
    with pytest.raises(ValidationFailed) as again:
        await api.create_manifest(manifest("M-2", swiss.shipment_id))

    assert updating.value.for_field("manifest_id")
    assert deleting.value.for_field("manifest_id")
    assert again.value.for_field("shipment_ids[0]")
    with sandbox.state.lock:
        stored = sandbox.state.customs_shipments[int(swiss.id)]
        assert (stored.incoterm, stored.manifest_id) == ("DAP", "M-1")
        assert len(sandbox.state.manifests) == 1


@pytest.mark.asyncio
async def test_flex_access_key_cannot_post_manifests(
    sandbox: SandboxServer, make_api: MakeApi
) -> None:
    flex = make_api("flex-access-key")
    _, swiss = await customs_for(sandbox, flex, "A101")

    with pytest.raises(ValidationFailed) as caught:
        await flex.create_manifest(manifest("M-1", swiss.shipment_id))

    assert "Flex" in caught.value.message
    assert not sandbox.state.manifests
    assert sandbox.state.customs_shipments[int(swiss.id)].manifest_id is None


@pytest.mark.asyncio
async def test_flex_account_setting_refuses_manifests(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, swiss = await customs_for(sandbox, api, "A101")
    sandbox.control.config(flex=True)

    with pytest.raises(ValidationFailed, match="Flex"):
        await api.create_manifest(manifest("M-1", swiss.shipment_id))

    assert not sandbox.state.manifests
    sandbox.control.config(flex=False)
    created = await api.create_manifest(manifest("M-1", swiss.shipment_id))
    assert created.manifest_id == "M-1"


@pytest.mark.asyncio
async def test_customs_countries_can_be_switched_off(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    sandbox.control.config(enforce_customs_countries=False)
    (label,) = await api.create_label(label_request(sandbox, "A100"))

    customs = await api.create_customs_shipment(customs_request(sandbox, label))

    assert customs.order_id == "A100"
    assert customs.articles[0].unit_value == Decimal("19.90")


@pytest.mark.asyncio
async def test_a_parcel_with_customs_data_cannot_be_cancelled(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    label, customs = await customs_for(sandbox, api, "A101")

    with pytest.raises(ValidationFailed) as caught:
        await api.delete_label(label.id)

    assert caught.value.for_field("id")
    assert int(label.id) in sandbox.state.labels
    await api.delete_customs_shipment(customs.id)
    await api.delete_label(label.id)
    assert not sandbox.state.labels


@pytest.mark.asyncio
async def test_an_order_in_a_manifest_cannot_be_deleted(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    _, customs = await customs_for(sandbox, api, "A101")
    await api.create_manifest(manifest("M-1", customs.shipment_id))

    with pytest.raises(ValidationFailed) as caught:
        await api.delete_order(seven_id(sandbox, "A101"))

    assert caught.value.for_field("id")
    assert sandbox.state.order_by_order_id("A101") is not None
