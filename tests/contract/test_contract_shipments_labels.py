"""Contract: own-label shipments, labels (buy, find, download, cancel) and PUDO labels."""

from __future__ import annotations

from dataclasses import replace

import pytest

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.domain.errors import Duplicate, NotFound, ValidationFailed
from packstation.domain.shipping import (
    Address,
    Carrier,
    CarrierService,
    CollectionPoint,
    LabelFormat,
    LabelRequest,
    ShipmentFilter,
    ShipmentRequest,
)
from packstation.sandbox import SandboxServer
from tests.contract.support import (
    address_of,
    label_request,
    logged,
    merchant_doc,
    new_order,
    seven_id,
)

A103_TRACKING = "00340434161094042557"  # the demo shipment of A103


def own_label(
    sandbox: SandboxServer,
    order_id: str = "A100",
    *,
    tracking_code: str | None = "OWN-0001",
    reference: str | None = "A100-OWN-1",
) -> ShipmentRequest:
    doc = merchant_doc(sandbox, order_id)
    return ShipmentRequest(
        order_id=order_id,
        carrier=Carrier.parse(doc["carrier"]),
        recipient=address_of(doc),
        tracking_code=tracking_code,
        reference_number=reference,
        carrier_service=CarrierService.EXPRESS,
        warehouse="Berlin-1",
        weight_g=1250,
    )


# ---------------------------------------------------------------- shipments (own label)
@pytest.mark.asyncio
async def test_create_own_label_shipment(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    shipment = await api.create_shipment(own_label(sandbox))

    assert shipment.order_id == "A100"
    assert shipment.carrier == Carrier("dhl", "DE")
    assert shipment.tracking_code == "OWN-0001"
    assert shipment.reference_number == "A100-OWN-1"
    assert shipment.status == "new"
    assert shipment.label_id is None
    assert shipment.return_parcel is False
    assert shipment.carrier_tracking_url is not None
    assert shipment.carrier_tracking_url.endswith("OWN-0001")
    with sandbox.state.lock:
        stored = sandbox.state.shipments[int(shipment.id)]
        assert stored.carrier_service == "express"
        assert stored.fields["recipient_address"] == "Schwedter Str. 36A"
        assert stored.fields["recipient_email"] == "anna@example.de"
        assert stored.fields["recipient_country"] == "DE"
        assert stored.fields["warehouse"] == "Berlin-1"
        assert stored.fields["weight"] == 1.25
        order = sandbox.state.order_by_order_id("A100")
        assert order is not None
        assert order.state == "shipped"  # the first parcel ships the order
    assert (await api.get_order(seven_id(sandbox, "A100"))).shipment_ids == (shipment.id,)


@pytest.mark.asyncio
async def test_duplicate_tracking_code_is_duplicate(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    before = len(sandbox.state.shipments)

    with pytest.raises(Duplicate) as caught:
        await api.create_shipment(own_label(sandbox, tracking_code=A103_TRACKING))

    assert caught.value.for_field("tracking_code")
    assert not caught.value.for_field("reference_number")
    assert len(sandbox.state.shipments) == before
    assert (await api.get_order(seven_id(sandbox, "A100"))).state == "paid"


@pytest.mark.asyncio
async def test_shipment_needs_tracking_code_or_reference(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await api.create_shipment(own_label(sandbox, tracking_code=None, reference=None))

    assert caught.value.for_field("tracking_code")


@pytest.mark.asyncio
async def test_get_and_list_shipments(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    created = await api.create_shipment(own_label(sandbox))

    assert await api.get_shipment(created.id) == created
    assert await api.list_shipments(ShipmentFilter(order_id="A100")) == [created]
    assert await api.list_shipments(ShipmentFilter(reference_number="A100-OWN-1")) == [created]
    assert await api.list_shipments(ShipmentFilter(tracking_code="OWN-0001")) == [created]
    by_tracking = await api.list_shipments(ShipmentFilter(tracking_code=A103_TRACKING))
    assert [(s.order_id, s.reference_number) for s in by_tracking] == [("A103", "A103-P1")]
    assert await api.list_shipments(ShipmentFilter(order_id="A101")) == []
    everything = await api.list_shipments(ShipmentFilter())
    assert {s.id for s in everything} == {str(k) for k in sandbox.state.shipments}


@pytest.mark.asyncio
async def test_delete_shipment(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    created = await api.create_shipment(own_label(sandbox))

    await api.delete_shipment(created.id)

    assert int(created.id) not in sandbox.state.shipments
    with pytest.raises(NotFound):
        await api.get_shipment(created.id)
    with pytest.raises(NotFound):
        await api.delete_shipment(created.id)


@pytest.mark.asyncio
async def test_a_delivered_shipment_cannot_be_deleted(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    created = await api.create_shipment(own_label(sandbox))
    sandbox.control.deliver(int(created.id))

    with pytest.raises(ValidationFailed) as caught:
        await api.delete_shipment(created.id)

    assert caught.value.for_field("status")
    assert int(created.id) in sandbox.state.shipments
    assert (await api.get_shipment(created.id)).status == "delivered"


# ---------------------------------------------------------------- labels
@pytest.mark.asyncio
async def test_buy_and_download_a_pdf_label(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A100"))

    assert label.order_id == "A100"
    assert label.carrier == Carrier("dhl", "DE")
    assert label.format is LabelFormat.PDF
    assert label.reference_number == "A100-P1"
    assert label.return_parcel is False
    with sandbox.state.lock:
        stored = sandbox.state.labels[int(label.id)]
        assert stored.tracking_code == label.tracking_code
        assert stored.shipment_id == int(label.shipment_id)
        assert stored.recipient["street"] == "Schwedter Str."
        assert stored.recipient["house_no"] == "36A"
        assert stored.recipient["country"] == "DE"
        shipment = sandbox.state.shipments[stored.shipment_id]
        assert shipment.label_id == stored.id
        assert shipment.reference_number == "A100-P1"
    shipment_view = await api.get_shipment(label.shipment_id)
    assert shipment_view.label_id == label.id
    assert shipment_view.tracking_code == label.tracking_code
    assert (await api.get_order(seven_id(sandbox, "A100"))).state == "shipped"

    document = await api.download_label(label)

    assert document.format is LabelFormat.PDF
    assert document.content_type == "application/pdf"
    assert document.content.startswith(b"%PDF")
    assert logged(sandbox, "GET", f"/v2/label-download/{label.id}")[0].status == 200


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("fmt", "width", "length"),
    [(LabelFormat.ZPL, 812, 1218), (LabelFormat.ZPL300, 1218, 1827)],
)
async def test_buy_and_download_a_zpl_label(
    sandbox: SandboxServer, api: HttpShippingApi, fmt: LabelFormat, width: int, length: int
) -> None:
    (label,) = await api.create_label(
        label_request(sandbox, "A109", fmt=fmt, package_no=2, package_count=2, weight_g=3400)
    )
    assert label.format is fmt

    document = await api.download_label(label)

    assert document.format is fmt
    assert document.content_type == "text/plain"
    text = document.content.decode("utf-8")
    assert text.lstrip().startswith("^XA")
    assert text.rstrip().endswith("^XZ")
    assert f"^PW{width}" in text
    assert f"^LL{length}" in text
    assert "^BC" in text
    assert label.tracking_code in text
    assert "Parcel 2 of 2" in text
    with sandbox.state.lock:
        stored = sandbox.state.labels[int(label.id)]
        assert (stored.package_no, stored.package_count, stored.weight_kg) == (2, 2, 3.4)


@pytest.mark.asyncio
async def test_duplicate_reference_number_is_duplicate(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    await api.create_label(label_request(sandbox, "A100", reference="REF-1"))

    with pytest.raises(Duplicate) as caught:
        await api.create_label(label_request(sandbox, "A100", reference="REF-1"))

    assert caught.value.for_field("reference_number")
    assert caught.value.operation == "buy label"
    assert len(sandbox.state.labels) == 1


@pytest.mark.asyncio
async def test_find_labels(sandbox: SandboxServer, api: HttpShippingApi) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A100", reference="REF-1"))
    await api.create_label(label_request(sandbox, "A100", reference="REF-2"))

    assert await api.find_labels("A100", "REF-1") == [label]
    assert await api.find_labels("A100", "REF-3") == []
    assert await api.find_labels("A101", "REF-1") == []


@pytest.mark.asyncio
async def test_delete_label_removes_its_shipment(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    (label,) = await api.create_label(label_request(sandbox, "A100"))

    await api.delete_label(label.id)

    with sandbox.state.lock:
        assert int(label.id) not in sandbox.state.labels
        assert int(label.shipment_id) not in sandbox.state.shipments
    with pytest.raises(NotFound):
        await api.get_shipment(label.shipment_id)
    with pytest.raises(NotFound):
        await api.download_label(label)
    with pytest.raises(NotFound):
        await api.delete_label(label.id)
    assert await api.find_labels("A100", "A100-P1") == []


@pytest.mark.asyncio
async def test_include_return_label_gives_two_labels(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    outbound, back = await api.create_label(
        label_request(sandbox, "A100", include_return_label=True)
    )

    assert outbound.return_parcel is False
    assert back.return_parcel is True
    assert outbound.tracking_code != back.tracking_code
    assert outbound.shipment_id != back.shipment_id
    with sandbox.state.lock:
        assert len(sandbox.state.labels) == 2
        back_shipment = sandbox.state.shipments[int(back.shipment_id)]
        assert back_shipment.return_parcel is True
        back_label = sandbox.state.labels[int(back.id)]
        assert back_label.sender["city"] == "Berlin"  # from the customer ...
        assert back_label.sender["last_name"] == "Müller"
        assert back_label.recipient["last_name"] == "Returns"  # ... to the warehouse
    assert (await api.get_shipment(back.shipment_id)).return_parcel is True
    assert (await api.download_label(back)).content.startswith(b"%PDF")


@pytest.mark.asyncio
async def test_label_with_an_embedded_new_order_creates_the_order(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    assert await api.find_order("B300") is None
    doc = merchant_doc(sandbox, "A100")
    request = LabelRequest(
        order_id="B300",
        carrier=Carrier("dhl", "DE"),
        recipient=address_of(doc),
        reference_number="B300-P1",
        order=new_order("B300", channel="pos"),
    )

    (label,) = await api.create_label(request)

    assert label.order_id == "B300"
    order = await api.find_order("B300")
    assert order is not None
    assert order.state == "shipped"
    assert order.tags == {"channel": "pos"}
    assert order.shipment_ids == (label.shipment_id,)
    with sandbox.state.lock:
        stored = sandbox.state.order_by_order_id("B300")
        assert stored is not None
        assert stored.language == "en"


@pytest.mark.asyncio
async def test_label_for_an_unknown_order_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    doc = merchant_doc(sandbox, "A100")
    request = LabelRequest(
        order_id="NOPE-1",
        carrier=Carrier("dhl", "DE"),
        recipient=address_of(doc),
        reference_number="NOPE-1-P1",
    )

    with pytest.raises(ValidationFailed) as caught:
        await api.create_label(request)

    assert caught.value.for_field("order_id")
    assert not sandbox.state.labels


@pytest.mark.asyncio
async def test_label_recipient_violations_name_the_field(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    doc = merchant_doc(sandbox, "A100")
    request = LabelRequest(
        order_id="A100",
        carrier=Carrier("nocarrier", "DE"),
        recipient=address_of({**doc, "recipient": {**doc["recipient"], "zip": ""}}),
        reference_number="A100-P1",
    )

    with pytest.raises(ValidationFailed) as caught:
        await api.create_label(request)

    fields = {v.field for v in caught.value.violations}
    assert {"recipient_zip", "carrier.name"} <= fields
    assert not sandbox.state.labels


@pytest.mark.asyncio
async def test_pudo_label_with_a_collection_point(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    doc = merchant_doc(sandbox, "A104")
    point = CollectionPoint(
        pudo_id=doc["pudo_id"],
        name1="Relais Bayen",
        street="Rue Bayen",
        house_no="20",
        zip="75017",
        city="Paris",
        country="FR",
    )

    (label,) = await api.create_label(
        label_request(sandbox, "A104", fmt=LabelFormat.ZPL, collection_point=point)
    )

    assert label.carrier == Carrier("mondialrelay", "FR")
    with sandbox.state.lock:
        stored = sandbox.state.labels[int(label.id)]
        assert stored.pudo_id == "004694"
        fields = sandbox.state.shipments[stored.shipment_id].fields
        assert fields["pudo_id"] == "004694"
        assert fields["collection_point_name1"] == "Relais Bayen"
        assert fields["collection_point_zip"] == "75017"
    text = (await api.download_label(label)).content.decode("utf-8")
    assert "PUDO mondialrelay 004694" in text


@pytest.mark.asyncio
async def test_pudo_label_with_an_unknown_point_is_refused(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    request = label_request(sandbox, "A104", collection_point=CollectionPoint(pudo_id="999999"))

    with pytest.raises(ValidationFailed) as caught:
        await api.create_label(request)

    assert caught.value.for_field("pudo_id")
    assert not sandbox.state.labels


@pytest.mark.asyncio
async def test_return_label_goes_back_to_the_given_sender(
    sandbox: SandboxServer, api: HttpShippingApi
) -> None:
    sender = Address(
        first_name="",
        last_name="Dispatch",
        street="Lagerweg",
        house_no="7",
        zip="20457",
        city="Hamburg",
        country="DE",
    )
    request = replace(
        label_request(sandbox, "A100", fmt=LabelFormat.ZPL, include_return_label=True),
        sender=sender,
    )

    outbound, back = await api.create_label(request)

    with sandbox.state.lock:
        assert sandbox.state.labels[int(outbound.id)].sender["city"] == "Hamburg"
        returned_to = sandbox.state.labels[int(back.id)].recipient
    assert (returned_to["last_name"], returned_to["street"], returned_to["zip"]) == (
        "Dispatch",
        "Lagerweg",
        "20457",
    )
    # nothing of the sandbox's default return address is mixed into the given one
    assert returned_to["company_name"] == ""
    assert returned_to["email"] == ""
    text = (await api.download_label(back)).content.decode("utf-8")
    assert "Lagerweg 7" in text
    assert "Packstation Demo Warehouse" not in text
