"""Issue 14: ``answers.iri`` names the key a record's address (its IRI) is under, and the
record's id is taken from it when the answer has no ``id``.

The sandbox is started answering ``self_link`` instead of ``iri`` and no ``id``
(``IRI_DIALECT``): with ``answers.iri = "self_link"`` the client addresses every record by the
id it finds there; with the defaults it fails plainly, naming the missing id.
"""

from __future__ import annotations

import httpx
import pytest

from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.errors import MalformedResponse
from packstation.domain.shipping import OrderUpdate
from packstation.sandbox import SandboxServer
from packstation.sandbox.dialect import Dialect
from tests.contract.support import label_request, names_api, new_order

IRI_DIALECT = Dialect(iri_only=True, iri_key="self_link")
#: what ``dialect_sandbox`` speaks in this module
DIALECT = IRI_DIALECT


@pytest.mark.asyncio
async def test_records_are_addressed_by_the_iri_under_its_configured_key(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = names_api(dialect_sandbox, http, ApiNames.with_overrides({"answers.iri": "self_link"}))

    created = await api.create_order(new_order("I300"))
    stored = dialect_sandbox.state.order_by_order_id("I300")
    assert stored is not None
    assert created.id == stored.id
    assert (await api.update_order(created.id, OrderUpdate(language="de"))).language == "de"
    assert (await api.find_order("I300")) == await api.get_order(created.id)

    (label,) = await api.create_label(label_request(dialect_sandbox, "A101", reference="A101-I"))
    with dialect_sandbox.state.lock:
        assert dialect_sandbox.state.labels[int(label.id)].reference_number == "A101-I"
    await api.delete_label(label.id)
    assert await api.find_labels("A101", "A101-I") == []


@pytest.mark.asyncio
async def test_the_default_iri_key_fails_naming_the_id(
    dialect_sandbox: SandboxServer, http: httpx.AsyncClient
) -> None:
    api = names_api(dialect_sandbox, http, ApiNames())

    with pytest.raises(MalformedResponse, match="id: missing"):
        await api.create_order(new_order("I301"))
    with pytest.raises(MalformedResponse, match="id: missing"):
        await api.find_order("A100")
