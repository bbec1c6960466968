"""Customs, end to end: the station as the composition root builds it, against the real sandbox.

Real HTTP client over loopback, real SQLite journal and customs store, real PDF invoices on a
real ``file://`` document printer. Each flow packs a demo order and checks what the sandbox
holds afterwards: customs shipments, manifests, and the journal's record of them.
"""

from __future__ import annotations

import io
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest

from packstation.composition.connection import Connection
from packstation.composition.station import Station, StationOptions, open_station
from packstation.domain.boxes import boxes_from_specs
from packstation.domain.customs import CustomsKind
from packstation.domain.customs_declaration import DeclarationStatus
from packstation.domain.cycle import OutboxKind, OutboxStatus
from packstation.domain.dispatch import PickupKey
from packstation.domain.notes import Note, NoteKind
from packstation.domain.shipping import CustomsShipmentFilter
from packstation.sandbox import SandboxServer
from packstation.sandbox.state import Manifest as SandboxManifest
from packstation.services.dispatch import (
    ManifestIdTaken,
    ManifestNotUsed,
    ManifestRefused,
    NothingToManifest,
)
from packstation.services.packing import CycleReport, FinishRefused, OpenOutcome
from packstation.settings.model import load_settings


def station(
    sandbox: SandboxServer, tmp_path: Path, **extra: Any
) -> AbstractAsyncContextManager[Station]:
    (tmp_path / "printed").mkdir(exist_ok=True)
    (tmp_path / "documents").mkdir(exist_ok=True)
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "order_source": sandbox.merchant_feed_url,
        "printer": (tmp_path / "printed").as_uri(),
        "document_printer": (tmp_path / "documents").as_uri(),
        "manifest_prefix": "ACME",
        "pickup_schedule": ["Mon-Sun 16:00"],
        "pickup_timezone": "Europe/Berlin",
        "api_retry_delay_s": 0.02,
        "label_retry_delay_s": 0.05,
        "outbox_retry_delay_s": 0.05,
        "outbox_retry_max_s": 0.2,
        "read_timeout_s": 5.0,
        "connect_timeout_s": 2.0,
    }
    values.update(extra)
    connection = Connection(
        base_url=sandbox.base_url,
        access_key=sandbox.access_key,
        feed_url=sandbox.merchant_feed_url,
        is_sandbox=True,
    )
    return open_station(load_settings(**values), connection)


async def pack(
    st: Station,
    order_id: str,
    weights: list[int] | None = None,
    boxes: list[str] | None = None,
) -> CycleReport:
    opened = await st.service.open_order(order_id)
    assert opened.outcome is OpenOutcome.OPENED, opened.message
    await st.service.skip_verification("customs test")
    if boxes is not None:
        await st.service.set_boxes(boxes_from_specs(boxes, weights))
    elif weights is not None:
        await st.service.set_parcels(len(weights), weights)
    report = await st.service.finish()
    assert isinstance(report, CycleReport), report
    counts = await st.outbox.drain(5)
    assert (counts.pending, counts.failed) == (0, 0), await st.journal.entries()
    return report


def customs_at_7s(sandbox: SandboxServer, order_id: str) -> list[Any]:
    with sandbox.state.lock:
        return [c for c in sandbox.state.customs_shipments.values() if c.order_id == order_id]


def customs_posts(sandbox: SandboxServer) -> list[Any]:
    return [
        r
        for r in sandbox.control.requests()
        if r.method == "POST" and r.path == "/v2/customs/shipments"
    ]


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def same_bytes(a: Path, b: Path) -> bool:
    return a.read_bytes() == b.read_bytes()


def documents(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "documents").iterdir() if not p.name.startswith("."))


# ---------------------------------------------------------------------- full flows


@pytest.mark.asyncio
async def test_switzerland_customs_shipment_and_manifest(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with station(sandbox, tmp_path) as st:
        report = await pack(st, "A101")
        assert report.customs_needed
        (declaration,) = await st.customs.declarations("A101")
        assert declaration.kind is CustomsKind.SEVEN_SENDERS_CUSTOMS
        assert declaration.status is DeclarationStatus.ACCEPTED
        assert declaration.customs_id
        (record,) = customs_at_7s(sandbox, "A101")
        assert str(record.shipment_id) == report.parcels[0].shipment_id
        assert record.tracking_code == report.parcels[0].tracking_code
        assert record.incoterm == "DDP"
        assert record.departure_country == "DE"
        assert record.invoice_id == "A101-P1"
        assert [a["sku"] for a in record.articles] == [
            "SKU-HOODIE-M",
            "SKU-SOCKS-3P",
            "SKU-CAP-BLK",
        ]
        socks = record.articles[1]
        assert (socks["quantity"], socks["hs_code"], socks["country_of_origin"]) == (
            2,
            "611595",
            "IT",
        )
        assert Decimal(str(socks["unit_value"])) == Decimal("9.90")
        assert Decimal(str(socks["net_weight_kg"])) == Decimal("0.120")
        pickup = datetime.fromisoformat(record.planned_pickup_datetime)
        assert (pickup.hour, pickup.minute) == (16, 0)
        assert pickup > datetime.now(pickup.tzinfo) - timedelta(minutes=1)
        assert documents(tmp_path) == []  # 7S does the customs: no paper needed
        journal = [e.kind for e in await st.journal.events(order_id="A101")]
        assert {"customs_decision", "customs_declaration", "customs_accepted"} <= set(journal)

        # dispatch: listed under its pick-up, cross-checked, then manifested
        listing = await st.dispatch.listing()
        assert listing.checked
        (group,) = listing.groups
        assert group.orders == ("A101",)
        assert group.pickup == declaration.planned_pickup
        assert await st.dispatch.reminder() is None  # the pick-up is still ahead
        reminder = await st.dispatch.reminder(group.pickup + timedelta(minutes=1))
        assert reminder is not None
        assert reminder.shipments == 1
        assert "passed" in reminder.message
        preview = await st.dispatch.preview()
        day = st.dispatch.local(group.pickup).date()
        assert preview.manifest_id == f"ACME_M{day:%Y%m%d}_01"
        with pytest.raises(ValueError, match="cannot be changed"):
            await st.dispatch.post_manifest(pieces=1)
        result = await st.dispatch.post_manifest(pieces=2, acknowledge_final=True)
        assert result.manifest.manifest_id == preview.manifest_id
        assert "/" not in result.manifest.manifest_id
        (manifest,) = sandbox.state.manifests.values()
        assert manifest.manifest_id == preview.manifest_id
        assert manifest.pieces == 2
        assert [str(s) for s in manifest.shipment_ids] == [declaration.shipment_id]
        (after,) = await st.customs.declarations("A101")
        assert after.status is DeclarationStatus.MANIFESTED
        assert after.manifest_id == preview.manifest_id
        assert await st.dispatch.reminder(group.pickup + timedelta(hours=1)) is None
        with pytest.raises(ValueError, match="can no longer change"):
            await st.customs.withdraw(after.tracking_code, "too late")
        with pytest.raises(NothingToManifest):
            await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)


#: the packer's three boxes for A102 (GB): lamp | mat + backpack | two bags of coffee
A102_BOXES = ["SKU-LAMP-DESK", "SKU-YOGA-MAT,SKU-BACKPACK-20", "SKU-COFFEE-1KG:2"]
#: the same order boxed another way: a bag of coffee with the lamp, the other on its own
A102_SPLIT = ["SKU-LAMP-DESK,SKU-COFFEE-1KG", "SKU-YOGA-MAT,SKU-BACKPACK-20", "SKU-COFFEE-1KG"]


def labels_at_7s(sandbox: SandboxServer, order_id: str) -> list[Any]:
    with sandbox.state.lock:
        found = [label for label in sandbox.state.labels.values() if label.order_id == order_id]
    return sorted(found, key=lambda label: label.package_no)


def items_at_7s(sandbox: SandboxServer, order_id: str) -> set[tuple[str, int, int | None]]:
    with sandbox.state.lock:
        return {
            (i.sku, i.quantity, i.shipment_id)
            for i in sandbox.state.order_items.values()
            if i.order_id == order_id
        }


def box_contents(specs: list[str]) -> list[dict[str, int]]:
    return [dict(b.counts()) for b in boxes_from_specs(specs)]


def declared(record: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    for article in record.articles:
        found[article["sku"]] = found.get(article["sku"], 0) + article["quantity"]
    return found


@pytest.mark.asyncio
async def test_great_britain_each_box_declares_what_is_in_it(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A102 in the packer's three boxes, weighed: each parcel's customs shipment declares
    exactly its box, its gross weight is what the scale said (and never below the net), and
    Return Portal Pro links each item to the shipment of its box."""
    weights = [1500, 2100, 2250]
    async with station(sandbox, tmp_path, return_portal_pro=True) as st:
        report = await pack(st, "A102", weights=weights, boxes=A102_BOXES)
        declarations = await st.customs.declarations("A102")
        assert [d.status for d in declarations] == [DeclarationStatus.ACCEPTED] * 3
        assert [d.draft.parcel_weight_g for d in declarations] == weights
        listing = await st.dispatch.listing()
        assert [len(g.declarations) for g in listing.groups] == [3]
    records = sorted(customs_at_7s(sandbox, "A102"), key=lambda c: c.invoice_id)
    assert [c.invoice_id for c in records] == ["A102-P1", "A102-P2", "A102-P3"]
    assert {c.incoterm for c in records} == {"DAP"}
    shipments = [p.shipment_id for p in report.parcels]
    assert [str(c.shipment_id) for c in records] == shipments
    assert [declared(c) for c in records] == box_contents(A102_BOXES)
    labels = labels_at_7s(sandbox, "A102")
    assert [label.weight_kg for label in labels] == [1.5, 2.1, 2.25]
    for c, gross in zip(records, weights, strict=True):
        net = sum(Decimal(str(a["net_weight_kg"])) * a["quantity"] for a in c.articles)
        assert 0 < net * 1000 <= gross
    assert next(c.articles for c in records)[0]["net_weight_kg"] == 1.4  # product data
    p1, p2, p3 = (int(s or 0) for s in shipments)
    assert items_at_7s(sandbox, "A102") == {
        ("SKU-LAMP-DESK", 1, p1),
        ("SKU-YOGA-MAT", 1, p2),
        ("SKU-BACKPACK-20", 1, p2),
        ("SKU-COFFEE-1KG", 2, p3),
    }


@pytest.mark.asyncio
async def test_unweighed_boxes_declare_their_goods_and_a_split_sku_twice(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Not weighed, a box's gross weight is its goods' product weights (plus the carton's
    tare): never below the net. A SKU split over two boxes is declared in both, one unit
    each, and becomes two order items, each linked to its own box's shipment."""
    async with station(sandbox, tmp_path, return_portal_pro=True) as st:
        report = await pack(st, "A102", boxes=A102_SPLIT)
        declarations = await st.customs.declarations("A102")
        assert [d.status for d in declarations] == [DeclarationStatus.ACCEPTED] * 3
        assert [d.draft.parcel_weight_g for d in declarations] == [2450, 1980, 1050]
    records = sorted(customs_at_7s(sandbox, "A102"), key=lambda c: c.invoice_id)
    assert [declared(c) for c in records] == box_contents(A102_SPLIT)
    assert [label.weight_kg for label in labels_at_7s(sandbox, "A102")] == [2.45, 1.98, 1.05]
    p1, p2, p3 = (int(p.shipment_id or 0) for p in report.parcels)
    assert items_at_7s(sandbox, "A102") == {
        ("SKU-LAMP-DESK", 1, p1),
        ("SKU-COFFEE-1KG", 1, p1),
        ("SKU-YOGA-MAT", 1, p2),
        ("SKU-BACKPACK-20", 1, p2),
        ("SKU-COFFEE-1KG", 1, p3),
    }


@pytest.mark.asyncio
async def test_parcels_without_contents_or_lighter_than_their_goods_buy_nothing(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """A customs order in several parcels whose contents the packer did not say, or a box the
    scale weighed lighter than its goods: finishing is refused in words, nothing is bought."""
    async with station(sandbox, tmp_path) as st:
        opened = await st.service.open_order("A102")
        assert opened.outcome is OpenOutcome.OPENED, opened.message
        await st.service.skip_verification("customs test")
        await st.service.set_parcels(3)
        refused = await st.service.finish()
        assert isinstance(refused, FinishRefused), refused
        assert refused.boxes
        assert "needs a customs declaration per parcel" in refused.message
        assert "pack it box by box" in refused.message
        await st.service.set_boxes(boxes_from_specs(A102_BOXES, [1200, 2100, 2250]))
        refused = await st.service.finish()
        assert isinstance(refused, FinishRefused), refused
        assert refused.boxes
        assert "Box 1 weighs 1.200 kg on the scale, but its products weigh 1.400 kg" in (
            refused.message
        )
        assert labels_at_7s(sandbox, "A102") == []
        await st.service.weigh_box(1, 1450)  # weighed again
        report = await st.service.finish()
        assert isinstance(report, CycleReport), report
        assert [p.weight_g for p in report.parcels] == [1450, 2100, 2250]


@pytest.mark.asyncio
async def test_canary_islands_documents_only(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        report = await pack(st, "A108")
        assert report.customs_needed
        (declaration,) = await st.customs.declarations("A108")
        assert declaration.kind is CustomsKind.DOCUMENTS_ONLY
        assert declaration.status is DeclarationStatus.DOCUMENTS
        assert declaration.draft.territory == "Canary Islands"
        assert "VAT Directive art. 6(1)" in declaration.draft.reason
        assert declaration.invoice_path is not None
        assert any("Canary Islands" in w for w in report.warnings)
        listing = await st.dispatch.listing()
        assert listing.groups == ()  # documents only: nothing for a manifest
    assert customs_at_7s(sandbox, "A108") == []
    assert customs_posts(sandbox) == []
    filed = Path(declaration.invoice_path)
    assert filed.parent == tmp_path / "data" / "customs" / "invoices"
    (printed,) = documents(tmp_path)
    assert same_bytes(printed, filed)
    text = pdf_text(filed)
    for expected in (
        "Factura comercial",  # the destination's language
        "Commercial invoice",
        "A108-P1",
        report.parcels[0].tracking_code or "?",
        "Umbrella, compact",
        "Phone case, clear",
        "60.00 EUR",  # 22.00 + 2 x 19.00
        "0.540 kg",
        "Canary Islands (ES)",
        "DDP",
    ):
        assert expected in text, expected


@pytest.mark.asyncio
async def test_united_states_documents_only(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path, document_printer=None) as st:
        await pack(st, "A110")
        (declaration,) = await st.customs.declarations("A110")
        assert declaration.kind is CustomsKind.DOCUMENTS_ONLY
        assert "US is not enabled" in declaration.draft.reason
        assert "no document printer" in declaration.note
        (event,) = [
            e for e in await st.journal.events(order_id="A110") if e.kind == "customs_invoice"
        ]
        assert event.detail["path"] == declaration.invoice_path
        assert event.detail["printed"] is False
    text = pdf_text(Path(declaration.invoice_path or ""))
    assert "Commercial invoice" in text
    assert "Coffee beans, 1 kg" in text
    assert "40.70 EUR" in text  # 24.90 + 2 x 7.90
    assert customs_at_7s(sandbox, "A110") == []


@pytest.mark.asyncio
async def test_germany_needs_nothing(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        report = await pack(st, "A100")
        assert not report.customs_needed
        assert await st.customs.declarations("A100") == []
        kinds = {e.kind for e in await st.journal.events(order_id="A100")}
        assert not {k for k in kinds if k.startswith("customs")}
    assert documents(tmp_path) == []
    assert customs_posts(sandbox) == []


@pytest.mark.asyncio
async def test_flex_account_customs_shipment_but_no_manifest(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.control.config(flex=True)
    async with station(sandbox, tmp_path, seven_senders_flex=True) as st:
        await pack(st, "A107")
        (declaration,) = await st.customs.declarations("A107")
        assert declaration.status is DeclarationStatus.ACCEPTED
        assert len(customs_at_7s(sandbox, "A107")) == 1
        assert not st.dispatch.manifests_used
        assert (await st.dispatch.listing()).manifests_used is False
        with pytest.raises(ManifestNotUsed, match="Flex"):
            await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        late = (declaration.planned_pickup or datetime.now()) + timedelta(days=1)
        assert await st.dispatch.reminder(late) is None
    assert sandbox.state.manifests == {}


@pytest.mark.asyncio
async def test_flex_account_not_configured_as_flex(sandbox: SandboxServer, tmp_path: Path) -> None:
    """7S refuses the manifest of a Flex account: the station says what to set."""
    sandbox.control.config(flex=True)
    async with station(sandbox, tmp_path) as st:
        await pack(st, "A101")
        with pytest.raises(ManifestNotUsed, match="PACKSTATION_7S_FLEX"):
            await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        # the refused id is free again, and the shipment still waits for a manifest
        assert len((await st.dispatch.listing()).groups) == 1


# ---------------------------------------------------------------------- errors


@pytest.mark.asyncio
async def test_customs_shipment_posted_twice_is_done_once(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    # the first POST is carried out but its answer is lost: before sending it again the
    # outbox looks the customs shipment up by its shipment id, finds it, and counts it done
    sandbox.control.drop_next("/v2/customs/shipments", method="POST")
    async with station(sandbox, tmp_path) as st:
        await pack(st, "A101")
        (declaration,) = await st.customs.declarations("A101")
        assert declaration.status is DeclarationStatus.ACCEPTED
        assert "already at Seven Senders" in declaration.note
        # read back from the store with its kind: the window words it, not the English
        assert isinstance(declaration.note, Note)
        assert declaration.note.kind is NoteKind.CUSTOMS_SENT_BEFORE
        assert declaration.customs_id == str(customs_at_7s(sandbox, "A101")[0].id)
        (entry,) = [
            e for e in await st.journal.entries(order_id="A101") if e.kind is OutboxKind.CUSTOMS
        ]
        assert entry.status is OutboxStatus.DELIVERED
        assert entry.attempts >= 1
        # delivering the same entry again (tried before): looked up first, already done
        note = await st.customs.deliver(entry)
        assert "already" in note
        # delivered afresh (a second station, a restored backup): refused by 7S as a
        # duplicate, looked up, handled as already done
        note = await st.customs.deliver(replace(entry, attempts=0))
        assert "already" in note
    # carried out (answer dropped); the retry and the re-delivery looked it up instead of
    # posting; the fresh delivery was refused as a duplicate
    assert [r.status for r in customs_posts(sandbox)] == [None, 400]
    assert len(customs_at_7s(sandbox, "A101")) == 1


@pytest.mark.asyncio
async def test_a_refusal_is_kept_with_its_kind_and_seven_senders_own_words(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """7S refuses the customs data: the declaration keeps why as a typed note (kind and 7S's
    answer as a fact) in the store, so the window can word it; withdrawing it is noted too."""
    sandbox.control.fail_next("/v2/customs/shipments", method="POST", status=422)
    async with station(sandbox, tmp_path) as st:
        opened = await st.service.open_order("A101")
        assert opened.outcome is OpenOutcome.OPENED, opened.message
        await st.service.skip_verification("customs test")
        report = await st.service.finish()
        assert isinstance(report, CycleReport), report
        await st.outbox.drain(5)
        (declaration,) = await st.customs.declarations("A101")
        assert declaration.status is DeclarationStatus.REFUSED
        note = declaration.note
        assert isinstance(note, Note)
        assert note.kind is NoteKind.CUSTOMS_REFUSED
        # Seven Senders' own words only (the sandbox's detail), not the station's sentence
        assert dict(note.facts) == {"said": "Injected 422 for POST /v2/customs/shipments"}
        assert "Injected 422" in note.message  # the English sentence for the command line
        withdrawn = await st.customs.withdraw(declaration.shipment_id, "parcel opened again")
        (stored,) = await st.customs.declarations("A101")
        assert stored.status is withdrawn.status is DeclarationStatus.WITHDRAWN
        assert isinstance(stored.note, Note)
        assert stored.note.kind is NoteKind.CUSTOMS_WITHDRAWN
        assert dict(stored.note.facts) == {"reason": "parcel opened again"}
    assert customs_at_7s(sandbox, "A101") == []


@pytest.mark.asyncio
async def test_manifest_id_reused(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        await pack(st, "A101")
        first = await st.dispatch.post_manifest(
            pieces=1, manifest_ref="ACME_DAY1", acknowledge_final=True
        )
        assert first.manifest.manifest_id == "ACME_DAY1"
        await pack(st, "A107")
        with pytest.raises(ManifestIdTaken, match="already used by this station") as taken:
            await st.dispatch.post_manifest(
                pieces=1, manifest_ref="ACME_DAY1", acknowledge_final=True
            )
        assert "can be used only once" in taken.value.message
        # an id another customer used at 7S
        other = customs_at_7s(sandbox, "A107")[0]
        with sandbox.state.lock:  # another customer's manifest
            sandbox.state.manifests[999] = SandboxManifest(
                id=999, manifest_id="OTHER_CO_1", shipment_ids=[], pieces=1, created_at="x"
            )
        with pytest.raises(ManifestIdTaken, match="already used at Seven Senders"):
            await st.dispatch.post_manifest(
                pieces=1, manifest_ref="OTHER_CO_1", acknowledge_final=True
            )
        with pytest.raises(ValueError, match="'/'"):
            await st.dispatch.post_manifest(pieces=1, manifest_ref="ACME/2", acknowledge_final=True)
        second = await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        assert second.manifest.shipment_ids == (str(other.shipment_id),)


@pytest.mark.asyncio
async def test_manifest_with_an_unknown_shipment(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        await pack(st, "A101")
        await pack(st, "A107")
        gone = customs_at_7s(sandbox, "A101")[0]
        await st.api.delete_customs_shipment(str(gone.id))  # deleted at 7S behind our back
        preview = await st.dispatch.preview()
        assert preview.orders == ("A107",)
        assert any("A101" in p and "no customs shipment" in p for p in preview.problems)
        result = await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        assert result.manifest.shipment_ids == preview.shipment_ids
        with pytest.raises(NothingToManifest):
            await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        # it is open again: `customs retry` sends it once more, and it can be manifested
        (a101,) = await st.customs.declarations("A101")
        assert a101.status is DeclarationStatus.REFUSED
        assert "customs retry A101" in a101.note
        assert isinstance(a101.note, Note)
        assert a101.note.kind is NoteKind.CUSTOMS_GONE
        assert dict(a101.note.facts) == {
            "order_id": "A101",
            "parcel": 1,
            "shipment": a101.shipment_id,
        }
        await st.customs.rebuild("A101")
        await st.outbox.drain(5)
        (a101,) = await st.customs.declarations("A101")
        assert a101.status is DeclarationStatus.ACCEPTED
        again = await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        assert again.manifest.shipment_ids == (a101.shipment_id,)


@pytest.mark.asyncio
async def test_manifest_refused_for_a_shipment_gone_meanwhile(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """7S refuses a manifest naming a customs shipment it no longer has: nothing is posted."""
    async with station(sandbox, tmp_path) as st:
        await pack(st, "A101")
        await pack(st, "A107")
        gone = customs_at_7s(sandbox, "A107")[0]
        real_list = st.api.list_customs_shipments

        async def list_then_delete(flt: CustomsShipmentFilter) -> list[Any]:
            rows = await real_list(flt)
            with sandbox.state.lock:  # someone deletes it right after the station looked
                sandbox.state.customs_shipments.pop(gone.id, None)
            return rows

        st.api.list_customs_shipments = list_then_delete  # type: ignore[method-assign]
        with pytest.raises(ManifestRefused, match=f"shipment {gone.shipment_id}"):
            await st.dispatch.post_manifest(pieces=1, acknowledge_final=True)
        assert sandbox.state.manifests == {}
        (refused,) = await st.dispatch._store.manifests()
        assert refused.status.value == "refused"


@pytest.mark.asyncio
async def test_missing_data_is_pointed_at_and_invalid_hs_codes_are_refused(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    doc = dict(sandbox.state.merchant_orders["A101"])
    doc["order_id"] = "C200"
    doc["items"] = [
        {k: v for k, v in item.items() if k not in ("hs_code", "origin_country")}
        | {"sku": f"NEW-{i}"}
        for i, item in enumerate(doc["items"])
    ]
    sandbox.control.seed([doc])
    async with station(sandbox, tmp_path) as st:
        report = await pack(st, "C200")
        (declaration,) = await st.customs.declarations("C200")
        assert declaration.status is DeclarationStatus.NEEDS_DATA
        fields = {p.field for p in declaration.problems}
        assert fields == {
            f"articles[{i}].{name}" for i in range(3) for name in ("hs_code", "country_of_origin")
        }
        assert any("incomplete" in w for w in report.warnings)
        assert customs_posts(sandbox) == []

        # the dialog: the draft with its problems, an invalid HS code refused before sending
        drafts = await st.customs.draft("C200")
        assert not drafts.complete
        assert drafts.problems[0].startswith("parcel 1/1: articles[0]")
        draft = drafts.declarations[0].draft
        bad = replace(
            draft,
            articles=tuple(
                replace(a, hs_code="61AB", country_of_origin="TR") for a in draft.articles
            ),
        )
        assert {p.field for p in st.customs.check(bad)} == {
            f"articles[{i}].hs_code" for i in range(3)
        }
        refused = await st.customs.submit(bad)
        assert not refused.accepted
        assert refused.declaration.status is DeclarationStatus.NEEDS_DATA
        await st.outbox.drain(2)
        assert customs_posts(sandbox) == []

        good = replace(
            draft,
            articles=tuple(
                replace(a, hs_code="6110 20", country_of_origin="tr") for a in draft.articles
            ),
            tracking_code="FORGED",  # identity comes from the label, never from the dialog
        )
        sent = await st.customs.submit(good)
        assert sent.accepted
        assert sent.declaration.status is DeclarationStatus.QUEUED
        counts = await st.outbox.drain(5)
        assert counts.pending == 0
        (accepted,) = await st.customs.declarations("C200")
        assert accepted.status is DeclarationStatus.ACCEPTED
        with pytest.raises(ValueError, match="already accepted"):
            await st.customs.submit(good)
    (record,) = customs_at_7s(sandbox, "C200")
    assert record.tracking_code == report.parcels[0].tracking_code
    assert {a["hs_code"] for a in record.articles} == {"611020"}


@pytest.mark.asyncio
async def test_bench_confirms_before_sending(sandbox: SandboxServer, tmp_path: Path) -> None:
    settings_dir = tmp_path / "bench"
    connection = Connection(
        base_url=sandbox.base_url,
        access_key=sandbox.access_key,
        feed_url=sandbox.merchant_feed_url,
        is_sandbox=True,
    )
    settings = load_settings(
        data_dir=settings_dir,
        order_source=sandbox.merchant_feed_url,
        printer=(tmp_path / "printed").as_uri(),
        pickup_schedule=["Mon-Sun 16:00"],
    )
    async with open_station(settings, connection, StationOptions(customs_confirm=True)) as st:
        await pack(st, "A107")
        drafts = await st.customs.draft("A107")
        (waiting,) = drafts.declarations
        assert waiting.status is DeclarationStatus.AWAITING_CONFIRMATION
        assert drafts.complete
        assert customs_posts(sandbox) == []
        result = await st.customs.submit(waiting.draft)
        assert result.accepted
        await st.outbox.drain(5)
        (done,) = await st.customs.declarations("A107")
        assert done.status is DeclarationStatus.ACCEPTED


@pytest.mark.asyncio
async def test_pickup_key_selects_a_pickup(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        await pack(st, "A101")
        (declaration,) = await st.customs.declarations("A101")
        pickup = st.dispatch.local(declaration.planned_pickup or datetime.now())
        with pytest.raises(NothingToManifest, match="Pick-ups waiting"):
            await st.dispatch.preview(PickupKey.parse(str(pickup.date() + timedelta(days=3))))
        preview = await st.dispatch.preview(PickupKey.parse(f"{pickup:%Y-%m-%dT%H:%M}"))
        assert preview.orders == ("A101",)
