"""The PUDO locator against the sandbox: searches of each kind (command line and service), bad
searches with plain messages, and a label that carries the point chosen at the station."""

from __future__ import annotations

from pathlib import Path

import pytest

from packstation.domain.notes import NoteKind
from packstation.domain.pudo import CHOSEN_AT_STATION, FROM_ORDER
from packstation.sandbox import SandboxServer
from packstation.services.packing import CycleReport, OpenOutcome
from packstation.services.pudo import PudoChoiceRefused, PudoQuery, PudoQueryError, PudoRefusal
from tests.integration.conftest import packstation, run_json
from tests.integration.workflow_support import bench, environ
from tests.sandbox_queries import live_labels


def test_searches_of_each_kind_on_the_command_line(sandbox: SandboxServer, tmp_path: Path) -> None:
    env = environ(sandbox, tmp_path)

    code, near, _ = run_json(
        "pudo", "search", "--lat", "48.8848", "--lon", "2.3062", "--country", "FR",
        "--carrier", "mondialrelay", "--max-results", "5", env=env,
    )  # fmt: skip
    assert code == 0, near
    assert near["mode"] == "coordinates"
    assert near["origin"] == [48.8848, 2.3062]
    distances = [p["distance_m"] for p in near["points"]]
    assert len(distances) == 5
    assert distances == sorted(distances)
    assert all(p["carrier"] == "mondialrelay" and p["hours_today"] for p in near["points"])
    assert all(p["parcel_sizes"] for p in near["points"])

    code, by_zip, _ = run_json(
        "pudo", "search", "--zip", "75017", "--city", "Paris", "--street", "Av. des Ternes",
        "--country", "FR", "--carrier", "mondialrelay", "--max-distance", "2000", env=env,
    )  # fmt: skip
    assert code == 0, by_zip
    assert by_zip["mode"] == "address"
    assert all(p["distance_m"] <= 2000 for p in by_zip["points"])
    closed = [p for p in by_zip["points"] if p["location_id"] == "051193"]
    assert closed, "the demo's temporarily closed point is near 75017"
    assert closed[0]["temporarily_closed"] is True
    assert closed[0]["closed_today"].startswith("temporarily closed until")
    assert closed[0]["closures"]

    code, everything, _ = run_json(
        "pudo", "search", "--all", "--country", "DE", "--carrier", "dhl", env=env
    )
    assert code == 0, everything
    assert everything["mode"] == "all"
    assert {p["location_id"] for p in everything["points"]} == {
        p.location_id
        for p in sandbox.state.pudo_points
        if p.carrier_name == "dhl" and p.address.get("country") == "DE"
    }

    unknown = packstation(
        "pudo", "search", "--zip", "99999", "--country", "FR", "--carrier", "mondialrelay", env=env
    )
    assert unknown.returncode == 6
    assert "does not know the postcode 99999 in FR" in unknown.stderr


@pytest.mark.asyncio
async def test_bad_searches_get_plain_messages(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with bench(sandbox, tmp_path) as (_, wf):
        no_bulk = await wf.pudo.search(PudoQuery(country="DE", carriers=("ups",), all_points=True))
        assert not no_bulk.found
        assert no_bulk.problem is not None
        assert "does not offer a list of all its points" in no_bulk.problem
        assert no_bulk.problem.kind is NoteKind.PUDO_NO_BULK  # what the window words
        assert no_bulk.problem.facts == {"carrier": "ups"}

        nothing = await wf.pudo.search(
            PudoQuery(country="DE", carriers=("dhl",), zip="80331", max_distance_m=500)
        )
        assert not nothing.found
        assert nothing.problem is None
        assert nothing.message.kind is NoteKind.PUDO_NONE_NEAR
        assert "No dhl pick-up points near" in nothing.message
        assert "widen the distance" in nothing.message

        unknown_carrier = await wf.pudo.search(
            PudoQuery(country="FR", carriers=("nocarrier",), zip="75017")
        )
        assert unknown_carrier.problem is not None
        assert "does not know the carrier nocarrier" in unknown_carrier.problem

        with pytest.raises(PudoQueryError, match="1 to 50"):
            await wf.pudo.search(
                PudoQuery(country="FR", carriers=("mondialrelay",), zip="75017", max_results=51)
            )
        with pytest.raises(PudoQueryError, match="postcode"):
            await wf.pudo.search(PudoQuery(country="FR", carriers=("mondialrelay",)))


@pytest.mark.asyncio
async def test_label_carries_the_point_chosen_at_the_station(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    # A104 names its own point (004694); the station chooses another one, which must win
    choose = packstation("pudo", "choose", "A104", "020145", env=environ(sandbox, tmp_path))
    assert choose.returncode == 0, choose.stderr
    assert "020145" in choose.stdout

    async with bench(sandbox, tmp_path) as (st, wf):
        assert wf.orders is not None
        order = await wf.orders.get_order("A104")
        view = await wf.pudo.describe_pickup_point(order)
        assert view is not None
        assert (view.location_id, view.source) == ("020145", CHOSEN_AT_STATION)
        assert view.name == "Tabac Le Wagram"
        assert view.today is not None
        assert view.hours_today

        refused = packstation(
            "pudo", "choose", "A100", "020145", "--carrier", "mondialrelay",
            env=environ(sandbox, tmp_path),
        )  # fmt: skip
        assert refused.returncode == 11
        assert "ships with dhl" in refused.stderr
        with pytest.raises(PudoChoiceRefused) as wrong:
            await wf.pudo.choose_by_id("A100", "020145", carrier="mondialrelay")
        assert wrong.value.reason is PudoRefusal.WRONG_CARRIER
        with pytest.raises(PudoChoiceRefused) as unknown:
            await wf.pudo.choose_by_id("A104", "999999")
        assert unknown.value.reason is PudoRefusal.UNKNOWN_POINT
        missing = packstation("pudo", "choose", "A104", "999999", env=environ(sandbox, tmp_path))
        assert missing.returncode == 6, missing.stderr

        opened = await st.service.open_order("A104")
        assert opened.outcome is OpenOutcome.OPENED
        await st.service.skip_verification("integration test")
        report = await st.service.finish()
        assert isinstance(report, CycleReport), report

        dropped = await wf.pudo.forget("A104")
        assert dropped
        own = await wf.pudo.describe_pickup_point(order)
        assert own is not None
        assert (own.location_id, own.source) == ("004694", FROM_ORDER)
        assert own.name == "Paris Telecom"

    with sandbox.state.lock:
        (label,) = live_labels(sandbox, "A104")
        shipment = sandbox.state.shipments[label.shipment_id]
        assert label.pudo_id == "020145"
        assert shipment.fields["pudo_id"] == "020145"
        assert shipment.fields["collection_point_name1"] == "Tabac Le Wagram"
        assert shipment.fields["collection_point_zip"] == "75017"
        assert shipment.fields["collection_point_city"] == "Paris"
        assert shipment.fields["collection_point_country"] == "FR"
