"""Issue 14: the keys of nested objects are overridable in ``api_names`` too — the carrier
object of labels and shipments (``carrier_ref``), the entries of an order's states history
(``state_change``) and a pick-up point's address, coordinates, opening spans and closures
(``pudo_address``, ``pudo_coordinates``, ``opening_hours``, ``closure``).

The sandbox is started with other nested keys (``NESTED_DIALECT``), in request bodies and
answers alike. The client with the same names (``NESTED_NAMES``) does every call; with the
defaults each call fails plainly, naming the key.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import httpx
import pytest

from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.errors import MalformedResponse, ValidationFailed
from packstation.domain.shipping import (
    Carrier,
    Closure,
    OpeningSpan,
    OrderState,
    PudoSearch,
    ShipmentFilter,
    ShipmentRequest,
)
from packstation.sandbox import SandboxServer
from packstation.sandbox.dialect import Dialect
from tests.contract.support import address_of, label_request, merchant_doc, names_api, new_order

NESTED_DIALECT = Dialect(
    nested_keys={
        "carrier_ref": {"name": "carrier_name", "country": "carrier_country"},
        "state_change": {"state": "status", "datetime": "changed_at"},
        "pudo_address": {"zip": "postcode", "city": "town", "address_line": "line1"},
        "pudo_coordinates": {"latitude": "lat", "longitude": "lng"},
        "opening_hours": {"from": "open", "to": "close", "hours": "h", "minutes": "m"},
        "closure": {"from": "first_day", "to": "last_day"},
    }
)
NESTED_NAMES = {
    "carrier_ref": {"name": "carrier_name", "country": "carrier_country"},
    "state_change": {"state": "status", "datetime": "changed_at"},
    "pudo_address": {"zip": "postcode", "city": "town", "address_line": "line1"},
    "pudo_coordinates": {"latitude": "lat", "longitude": "lng"},
    "opening_hours": {"opens": "open", "closes": "close", "hours": "h", "minutes": "m"},
    "closure": {"start": "first_day", "end": "last_day"},
}
#: what ``dialect_sandbox`` speaks in this module
DIALECT = NESTED_DIALECT


def own_shipment(sandbox: SandboxServer, tracking_code: str) -> ShipmentRequest:
    doc = merchant_doc(sandbox, "A100")
    return ShipmentRequest(
        order_id="A100",
        carrier=Carrier.parse(doc["carrier"]),
        recipient=address_of(doc),
        tracking_code=tracking_code,
    )


@pytest.mark.asyncio
async def test_every_call_works_with_the_same_nested_names(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = names_api(dialect_sandbox, http, ApiNames.with_overrides(NESTED_NAMES))

    # the carrier object, sent and read under carrier_name / carrier_country
    (label,) = await api.create_label(label_request(dialect_sandbox, "A101", reference="A101-N"))
    assert (label.carrier.name, label.carrier.country) == ("dhl", "DE")
    with dialect_sandbox.state.lock:
        stored = dialect_sandbox.state.labels[int(label.id)]
        assert (stored.carrier_name, stored.carrier_country) == ("dhl", "DE")
    (found,) = await api.find_labels("A101", "A101-N")
    assert found.carrier == label.carrier
    own = await api.create_shipment(own_shipment(dialect_sandbox, "OWN-NESTED-1"))
    assert own.carrier == Carrier.parse(merchant_doc(dialect_sandbox, "A100")["carrier"])
    listed = await api.list_shipments(ShipmentFilter(order_id="A100"))
    assert own in listed

    # the states history, read under status / changed_at
    created = await api.create_order(new_order("N300"))
    at = datetime.fromisoformat("2026-11-30T11:00:00+01:00")
    await api.post_order_state("N300", OrderState.PAID, at)
    history = (await api.get_order(created.id)).states_history
    assert [(s.state, s.at) for s in history][-1] == ("paid", at)

    # a pick-up point's address, coordinates, opening spans and closures
    points = {
        p.location_id: p for p in await api.search_pudo(PudoSearch.all_points("mondialrelay", "FR"))
    }
    relay = points["004694"]
    assert (relay.zip, relay.city) == ("75017", "Paris")
    assert relay.address_line.startswith(relay.house_no)
    with dialect_sandbox.state.lock:
        point = next(p for p in dialect_sandbox.state.pudo_points if p.location_id == "004694")
        assert (relay.latitude, relay.longitude) == (point.latitude, point.longitude)
    assert relay.opening_hours["monday"] == (OpeningSpan(570, 750), OpeningSpan(840, 1170))
    today = date.today()
    assert points["044610"].closures == (
        Closure((today + timedelta(days=21)).isoformat(), (today + timedelta(days=28)).isoformat()),
    )


@pytest.mark.asyncio
async def test_the_default_nested_names_fail_plainly_naming_the_key(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = names_api(dialect_sandbox, http, ApiNames())
    right = names_api(dialect_sandbox, http, ApiNames.with_overrides(NESTED_NAMES))

    # sent: the carrier's name and country under the sandbox's names are not read
    with pytest.raises(ValidationFailed, match=r"carrier\.carrier_name") as refused:
        await api.create_label(label_request(dialect_sandbox, "A101"))
    assert {v.field for v in refused.value.violations} >= {
        "carrier.carrier_name",
        "carrier.carrier_country",
    }
    with pytest.raises(ValidationFailed, match=r"carrier\.carrier_name"):
        await api.create_shipment(own_shipment(dialect_sandbox, "OWN-NESTED-2"))
    with dialect_sandbox.state.lock:
        assert not [lb for lb in dialect_sandbox.state.labels.values() if lb.order_id == "A101"]

    # read: the answers' nested objects spelled otherwise fail naming the key
    await right.create_label(label_request(dialect_sandbox, "A101", reference="A101-N2"))
    with pytest.raises(MalformedResponse, match=r"carrier\.name: missing"):
        await api.find_labels("A101", "A101-N2")
    await right.create_shipment(own_shipment(dialect_sandbox, "OWN-NESTED-3"))
    with pytest.raises(MalformedResponse, match=r"carrier\.name: missing"):
        await api.list_shipments(ShipmentFilter(order_id="A100"))
    created = await right.create_order(new_order("N301"))
    with pytest.raises(MalformedResponse, match=r"states_history\.0\.state: missing"):
        await api.get_order(created.id)
    with pytest.raises(MalformedResponse, match=r"address\.(zip|city): missing"):
        await api.search_pudo(PudoSearch.all_points("mondialrelay", "FR"))

    # one nested group right at a time: the next one's key is named
    only_address = ApiNames.with_overrides({"pudo_address": NESTED_NAMES["pudo_address"]})
    with pytest.raises(MalformedResponse, match=r"coordinates\.latitude: missing"):
        await names_api(dialect_sandbox, http, only_address).search_pudo(
            PudoSearch.all_points("mondialrelay", "FR")
        )
    no_hours = {k: v for k, v in NESTED_NAMES.items() if k not in ("opening_hours", "closure")}
    with pytest.raises(MalformedResponse, match=r"opening_hours\.\w+\.0\.opens: missing"):
        await names_api(dialect_sandbox, http, ApiNames.with_overrides(no_hours)).search_pudo(
            PudoSearch.all_points("mondialrelay", "FR")
        )
    no_closure = {k: v for k, v in NESTED_NAMES.items() if k != "closure"}
    with pytest.raises(MalformedResponse, match=r"temporary_closures\.0\.start: missing"):
        await names_api(dialect_sandbox, http, ApiNames.with_overrides(no_closure)).search_pudo(
            PudoSearch.all_points("mondialrelay", "FR")
        )
