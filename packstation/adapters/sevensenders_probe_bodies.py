"""``packstation probe``: the request bodies beyond orders and labels, and optional keys.

The station also sends an own-label parcel (``POST /shipments``), its customs data
(``POST /customs/shipments``), customs manifests and product images; the probe sends each
once where the account has them (a refusal of the service itself skips the step), so that a
refusal naming another key suggests that key (``request_fixes``), and deletes what it made.

A manifest cannot be taken back (and locks its order at 7S), so the probe sends one only when
asked (``--try-manifest``), for its test parcel *before* that parcel has customs data, and only
once: 7S refuses it for the parcel, and a refusal that names only the parcel (or keys it then
suggests) shows the body's keys. Nothing is manifested; a manifest 7S takes fails the step.

**Optional keys.** A key 7S does not know is either refused ("This field was not expected.":
the probe leaves it out and goes on — ``Probe._drop_unknown``) or silently lost. Either way
the record 7S answers with does not carry the value sent; when the answer holds the field
under another key (found by ``answer_fixes``), that name is tried for the request too and
kept only when a second call (an update) is answered with the value (``learn_optional``).
A key refused or lost whose name is not found fails the step "optional keys"; a field the
answer does not show at all cannot be checked (the step is skipped).
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from packstation.adapters.sevensenders import HttpShippingApi
from packstation.adapters.sevensenders_names import ApiNames
from packstation.adapters.sevensenders_probe_names import unknown_fields
from packstation.domain.errors import ShippingApiError, ValidationFailed
from packstation.domain.shipping import (
    Address,
    Carrier,
    CustomsArticle,
    CustomsShipment,
    CustomsShipmentRequest,
    ManifestRequest,
    Product,
    ProductImage,
    SevenSendersOrder,
    Shipment,
    ShipmentFilter,
    ShipmentRequest,
)

if TYPE_CHECKING:
    from packstation.adapters.sevensenders_probe import Probe

#: The test parcel goes to a customs country (customs data is only taken for those).
CUSTOMS_RECIPIENT = Address(
    first_name="Probe",
    last_name="Packstation",
    street="Bahnhofstrasse",
    house_no="1",
    zip="8001",
    city="Zürich",
    country="CH",
    email="probe@example.com",
    phone="+41 44 000 00 00",
)
#: A 1×1 PNG for the product-image step.
PROBE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
MANIFEST_STEP = "customs manifest (refused: no customs data yet)"
NOT_AGAIN = "a manifest cannot be taken back"
MANIFEST_NOT_TRIED = (
    "not sent: a manifest cannot be taken back; --try-manifest sends one for the test "
    "parcel before it has customs data, once, for 7S to refuse"
)
MANIFEST_REFUSED = "refused for its parcel without customs data, as meant; nothing manifested"
MANIFEST_MADE = (
    "a manifest was made: 7S did not check the parcel's customs data (it cannot be taken "
    "back: the test order may stay at 7S)"
)


def body_calls(
    names: ApiNames, *, try_manifest: bool = False
) -> dict[str, list[tuple[str, str, str]]]:
    """The dry-run lines of these steps, by where they go in the walk (``parcel``,
    ``product``, ``clean up``); the manifest only with ``try_manifest``."""
    p = names.paths

    def at(path: str) -> str:
        return path if path.startswith("/") else f"{{base}}/{path}"

    return {
        "order": [("learn an optional key (only if one was lost)", "PUT", at(p.orders) + "/{id}")],
        "parcel": [
            ("register test parcel", "POST", at(p.shipments)),
            *([(MANIFEST_STEP, "POST", at(p.customs_manifests))] if try_manifest else []),
            ("create customs shipment", "POST", at(p.customs_shipments)),
        ],
        "product": [
            ("product image", "PUT", at(p.product_images)),
            ("delete the product image", "DELETE", at(p.product_images) + "/{id}"),
        ],
        "clean up": [
            ("delete the customs shipment", "DELETE", at(p.customs_shipments) + "/{id}"),
            ("delete the test parcel", "DELETE", at(p.shipments) + "/{id}"),
        ],
    }


@dataclass(slots=True)
class ParcelMade:
    """What the parcel steps made (deleted at the end)."""

    shipment: Shipment | None = None
    customs: CustomsShipment | None = None


async def parcel_bodies(
    probe: Probe, order: SevenSendersOrder, carrier: Carrier, made: ParcelMade
) -> None:
    """An own-label parcel for the test order, a manifest for it (refused: see the module
    docstring) and its customs data; what was made is noted in ``made``."""
    request = ShipmentRequest(
        order_id=order.order_id,
        carrier=carrier,
        recipient=CUSTOMS_RECIPIENT,
        tracking_code=f"{order.order_id}-T1",
        reference_number=f"{order.order_id}-OWN",
        weight_g=500,
    )

    async def once(api: HttpShippingApi) -> Shipment:
        # registered already (its answer was read with the wrong names)? then it is found
        found = await api.list_shipments(ShipmentFilter(reference_number=request.reference_number))
        mine = [s for s in found if s.reference_number == request.reference_number]
        return mine[0] if mine else await api.create_shipment(request)

    made.shipment = await probe.step(
        "register test parcel",
        once,
        optional=True,
        request_group="shipment_request",
        answer_group="shipment",
    )
    if made.shipment is None:
        return
    shipment = made.shipment
    manifest = ManifestRequest(f"{order.order_id}-M", (shipment.id,), pieces=1)

    if probe.try_manifest:
        await _manifest_once(probe, manifest)
    else:
        probe.add_step(MANIFEST_STEP, "skipped", MANIFEST_NOT_TRIED)
    customs = CustomsShipmentRequest(
        shipment_id=shipment.id,
        order_id=order.order_id,
        incoterm="DAP",
        tracking_code=shipment.tracking_code or f"{order.order_id}-T1",
        planned_pickup=probe.now() + timedelta(days=1),
        departure_country="DE",
        articles=(
            CustomsArticle(
                sku=f"{order.order_id}-SKU",
                description="Packstation probe item",
                hs_code="392690",
                quantity=1,
                unit_value=Decimal("1.00"),
                currency="EUR",
                net_weight_kg=Decimal("0.1"),
                country_of_origin="DE",
            ),
        ),
        invoice_id=f"{order.order_id}-INV",
    )
    made.customs = await probe.step(
        "create customs shipment",
        lambda api: api.create_customs_shipment(customs),
        optional=True,
        request_group="customs_shipment_request",
        answer_group="customs_shipment",
    )


async def _manifest_once(probe: Probe, manifest: ManifestRequest) -> None:
    """Send the manifest once, for a parcel without customs data: 7S should refuse it for
    that. Keys a refusal names are suggested, but nothing is sent again — a second try
    might be taken, and a manifest cannot be taken back."""
    probe.recorder_step(MANIFEST_STEP)
    try:
        await probe.api.create_manifest(manifest)
    except ValidationFailed as exc:
        probe.fix_request("manifest_request", exc)
        names = probe.names_in_force()
        unknown = unknown_fields(probe.last_answer, names)
        named = {
            getattr(names.manifest_request, f.name)
            for f in dataclasses.fields(names.manifest_request)
        }
        parcel = names.manifest_request.shipment_ids
        other = [v.field for v in exc.violations if v.field.split("[", 1)[0] != parcel]
        if unknown:
            detail = f"7S does not know {', '.join(unknown)} (not sent again: {NOT_AGAIN})"
            probe.add_step(MANIFEST_STEP, "failed", detail)
        elif exc.violations and all(f in named for f in other):
            learnt = " (other keys learnt from the refusal)" if other else ""
            probe.add_step(MANIFEST_STEP, "ok", MANIFEST_REFUSED + learnt)
        else:
            probe.add_step(MANIFEST_STEP, "failed", str(exc))
    except ShippingApiError as exc:
        probe.add_step(MANIFEST_STEP, "failed", str(exc))
    else:
        probe.add_step(MANIFEST_STEP, "failed", MANIFEST_MADE)


async def clean_up_parcel(probe: Probe, made: ParcelMade) -> None:
    """Delete the customs data and the parcel the probe made (the order goes after them)."""
    if made.customs is not None:
        customs_id = made.customs.id
        await _delete(
            probe,
            "delete the customs shipment",
            lambda api: api.delete_customs_shipment(customs_id),
        )
    if made.shipment is not None:
        shipment_id = made.shipment.id
        await _delete(probe, "delete the test parcel", lambda api: api.delete_shipment(shipment_id))


async def product_image(probe: Probe, product: Product | None) -> None:
    """An image for the test product, then its deletion."""
    if product is None:
        return
    image = ProductImage(product.sku, "probe.png", PROBE_PNG)
    done = await probe.step(
        "product image",
        lambda api: api.upload_product_image(image),
        optional=True,
        request_group="product_image_request",
        answer_group="product",
    )
    if done is not None:
        await _delete(
            probe, "delete the product image", lambda api: api.delete_product_image(product.sku)
        )


async def _delete(
    probe: Probe, name: str, call: Callable[[HttpShippingApi], Awaitable[None]]
) -> None:
    probe.recorder_step(name)
    try:
        await call(probe.api)
    except ShippingApiError as exc:
        probe.report.cleanup_problems.append(f"{name}: {exc}")
        probe.add_step(name, "failed", str(exc))
    else:
        probe.add_step(name, "ok")


async def learn_optional(
    probe: Probe,
    groups: tuple[str, str],
    answer: Any,
    intended: Mapping[str, str],
    resend: Callable[[HttpShippingApi, str, str], Awaitable[Any]],
) -> None:
    """Whether 7S took the optional keys ``intended`` (field → value sent) of a create whose
    ``answer`` is given; ``groups`` = (request group, record group). A value the answer does
    not carry, while the record holds that field under another key, gets that key tried for
    the request: ``resend(api, field, value)`` sends it again (an update); kept only when its
    answer carries the value. What stays unknown is noted in a step."""
    request_group, record_group = groups
    if not isinstance(answer, Mapping):
        return
    lost: list[str] = []
    unseen: list[str] = []
    learnt: list[str] = []
    for field, value in intended.items():
        names = probe.names_in_force()
        record_key = getattr(getattr(names, record_group), field)
        request_key = getattr(getattr(names, request_group), field)
        if answer.get(record_key) == value:
            continue
        key = f"{request_group}.{field}"
        dropped = probe.is_dropped(key)
        refused = probe.refused_names.get(key, set())
        if record_key == request_key or record_key not in answer or record_key in refused:
            # refused as unknown, or the answer shows it lost: a real problem; simply not
            # in the answer (7S need not echo it): nothing to tell
            (lost if dropped or record_key in answer else unseen).append(field)
            continue
        probe.suggest(key, record_key)
        probe.recorder_step(f"learn {field}")
        try:
            await resend(probe.api, field, value)
        except ShippingApiError:
            taken = False
        else:
            data = probe.last_answer
            taken = isinstance(data, Mapping) and data.get(record_key) == value
        if taken:
            learnt.append(f"{field} = {record_key}")
        else:
            probe.unsuggest(key)
            if dropped:
                probe.drop(key)
            lost.append(field)
    if lost:
        probe.add_step(
            "optional keys",
            "failed",
            f"7S did not take {', '.join(lost)} ({request_group}) and its name was not found",
        )
    elif learnt:
        probe.add_step("optional keys", "ok", f"learnt {', '.join(learnt)} ({request_group})")
    elif unseen:
        probe.add_step(
            "optional keys",
            "skipped",
            f"{', '.join(unseen)} not in 7S's answer, so whether 7S took it is not known",
        )
