"""Issue 14 item 8: a 7S that spells the open names differently works once ``api_names`` says so.

The sandbox is started with other wire names (``OTHER_DIALECT``: other paths, a root-relative
download path, another query-parameter name, another label key, a nested label with its file
inline, an ``items`` list envelope, answers with only an ``iri``). The client configured with
the same names (``OTHER_API_NAMES``) passes the whole flow; with the defaults it fails at once.
"""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.errors import AuthenticationFailed, MalformedResponse, NotFound
from packstation.domain.shipping import (
    CustomsShipmentFilter,
    LabelFormat,
    OrderState,
    OrderUpdate,
    PudoSearch,
    ShipmentFilter,
)
from packstation.sandbox import SandboxServer
from tests.contract.support import (
    OTHER_API_NAMES,
    OTHER_DIALECT,
    label_request,
    logged,
    names_api,
    new_order,
)

#: what ``dialect_sandbox`` speaks in this module
DIALECT = OTHER_DIALECT


@pytest.mark.asyncio
async def test_the_whole_flow_with_the_same_names(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = names_api(dialect_sandbox, http, ApiNames.with_overrides(OTHER_API_NAMES))

    assert [c.code for c in await api.list_carriers()]  # an `items` envelope
    created = await api.create_order(new_order("N100"))
    stored = dialect_sandbox.state.order_by_order_id("N100")
    assert stored is not None
    assert created.id == stored.id  # derived from the iri: the answer has no id
    found = await api.find_order("N100")
    assert found == created
    assert any(r.query.startswith("shop_order_id=N100") for r in logged(dialect_sandbox, "GET"))
    await api.post_order_state("N100", OrderState.IN_PREPARATION)
    assert (await api.get_order(created.id)).state == "in_preparation"

    for fmt in (LabelFormat.PDF, LabelFormat.ZPL):
        request = label_request(dialect_sandbox, "A100", reference=f"A100-{fmt.value}", fmt=fmt)
        (label,) = await api.create_label(request)
        assert label.tracking_code.startswith("00340434")  # read from tracking_number
        assert label.document is not None  # inline, nested under "label"
        document = await api.download_label(label)
        assert document.content == label.document
        (again,) = await api.find_labels("A100", f"A100-{fmt.value}")
        assert again.id == label.id
        assert await api.list_shipments(ShipmentFilter(order_id="A100"))
        await api.delete_label(label.id)
        assert await api.find_labels("A100", f"A100-{fmt.value}") == []
    # the root-relative download path serves the same file when fetched
    label_path = f"/label-download/{label.id}"
    assert label.download_url.endswith(label_path)

    assert await api.list_customs_shipments(CustomsShipmentFilter(order_id="A100")) == []
    points = await api.search_pudo(PudoSearch.by_address(("mondialrelay",), "FR", "75017"))
    assert points
    updated = await api.update_order(created.id, OrderUpdate(boarding_complete=True))
    assert updated.boarding_complete is True
    await api.delete_order(created.id)
    assert await api.find_order("N100") is None
    paths = {r.path for r in logged(dialect_sandbox)}
    assert "/v2/pudo-locations" in paths
    assert not any(p.startswith("/v2/orders") for p in paths)  # only the other spelling


@pytest.mark.asyncio
async def test_a_root_relative_download_without_a_label_url(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    names = ApiNames.with_overrides({**OTHER_API_NAMES, "label.label_url": "no_such_key"})
    api = names_api(dialect_sandbox, http, names)
    (label,) = await api.create_label(label_request(dialect_sandbox, "A100"))
    assert label.download_url == f"/label-download/{label.id}"  # the fallback path
    document = await api.download_label(replace(label, document=None))
    assert document.content.startswith(b"%PDF")
    assert logged(dialect_sandbox, "GET", f"/label-download/{label.id}")


@pytest.mark.asyncio
async def test_the_default_names_fail_against_other_names(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    with pytest.raises(AuthenticationFailed, match="api_key"):  # the sign-in body's name
        await names_api(dialect_sandbox, http, ApiNames()).authenticate()
    # signed in with the dialect's sign-in names, the other calls still use the defaults
    sign_in = {k: v for k, v in OTHER_API_NAMES.items() if k.startswith("token")}
    api = names_api(dialect_sandbox, http, ApiNames.with_overrides(sign_in))
    with pytest.raises(MalformedResponse, match="not a list"):
        await api.list_carriers()
    with pytest.raises(NotFound):
        await api.create_order(new_order("N101"))
    assert dialect_sandbox.state.order_by_order_id("N101") is None
