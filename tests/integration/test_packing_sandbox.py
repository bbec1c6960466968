"""The packing station as the composition root builds it, against the real sandbox over loopback.

Real HTTP client, real SQLite journal, real label files, a real ``file://`` printer folder. The
fault matrix uses the sandbox's own injection; every case must end with exactly one label per
parcel *in the sandbox's state* and every order state and boarding_complete delivered.
"""

from __future__ import annotations

import asyncio
import copy
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from packstation.composition.station import Station
from packstation.domain.boxes import boxes_from_specs
from packstation.domain.cycle import AttemptStatus, CycleStatus, OutboxStatus
from packstation.sandbox import SandboxServer
from packstation.services.packing import CycleReport, Notice, OpenOutcome, VoidNotConfirmed
from tests.integration.workflow_support import BOXES, printed_files, station
from tests.sandbox_queries import live_labels


def history(sandbox: SandboxServer, order_id: str) -> list[str]:
    order = sandbox.state.order_by_order_id(order_id)
    assert order is not None
    with sandbox.state.lock:
        return [entry.state for entry in order.states_history]


def read_file(path: str | None) -> bytes:
    assert path is not None
    return Path(path).read_bytes()


async def pack_skipping(st: Station, order_id: str) -> CycleReport:
    opened = await st.service.open_order(order_id)
    assert opened.outcome in (OpenOutcome.OPENED, OpenOutcome.CONTINUED), opened.message
    await st.service.skip_verification("integration test")
    if order_id in BOXES:
        await st.service.set_boxes(boxes_from_specs(BOXES[order_id]))
    report = await st.service.finish()
    assert isinstance(report, CycleReport), report
    return report


async def assert_settled(st: Station, sandbox: SandboxServer, order_id: str, parcels: int) -> None:
    counts = await st.outbox.drain(5)
    assert (counts.pending, counts.failed) == (0, 0), await st.journal.entries()
    labels = live_labels(sandbox, order_id)
    assert len(labels) == parcels, [label.reference_number for label in labels]
    assert len({label.reference_number for label in labels}) == parcels
    assert sorted(label.package_no for label in labels) == list(range(1, parcels + 1))
    order = sandbox.state.order_by_order_id(order_id)
    assert order is not None
    assert order.boarding_complete is True
    assert order.state == "shipped"


# ---------------------------------------------------------------------- happy paths


@pytest.mark.asyncio
async def test_single_parcel_from_item_scans(sandbox: SandboxServer, tmp_path: Path) -> None:
    feed = sandbox.state.merchant_orders["A100"]
    codes = [item["ean"] for item in feed["items"] for _ in range(item["quantity"])]
    async with station(sandbox, tmp_path) as st:
        opened = await st.service.open_order("A100")
        assert opened.outcome is OpenOutcome.OPENED
        for code in codes:
            await st.service.scan_item(code)
        report = await st.service.finish()
        assert isinstance(report, CycleReport)
        assert report.status is CycleStatus.DONE
        await assert_settled(st, sandbox, "A100", 1)
    assert history(sandbox, "A100") == ["new", "paid", "in_preparation", "shipped"]
    files = printed_files(tmp_path)
    assert len(files) == 1
    assert files[0].read_bytes() == read_file(report.parcels[0].label_path)
    assert files[0].read_bytes().startswith(b"^XA")  # the ZPL printer profile chose zpl


@pytest.mark.asyncio
async def test_multi_parcel_order_gets_three_labels_and_boarding_complete(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with station(sandbox, tmp_path) as st:
        report = await pack_skipping(st, "A102")
        await assert_settled(st, sandbox, "A102", 3)
        assert report.customs_needed
        assert [p.printed for p in report.parcels] == [True, True, True]
        assert sorted(
            (label.package_no, label.package_count) for label in live_labels(sandbox, "A102")
        ) == [(1, 3), (2, 3), (3, 3)]
    files = printed_files(tmp_path)
    assert [f.name.split("-")[4] for f in files] == ["1", "2", "3"]  # printed in parcel order


@pytest.mark.asyncio
async def test_pudo_order_carries_the_point(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path, label_format="pdf") as st:
        report = await pack_skipping(st, "A104")
        await assert_settled(st, sandbox, "A104", 1)
    (label,) = live_labels(sandbox, "A104")
    assert label.pudo_id == "004694"
    assert label.carrier_name == "mondialrelay"
    assert label.format == "pdf"
    assert read_file(report.parcels[0].label_path).startswith(b"%PDF")


@pytest.mark.asyncio
async def test_already_shipped_order_is_refused(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        opened = await st.service.open_order("A103")
        assert opened.outcome is OpenOutcome.NOT_PACKABLE
        assert "already been shipped" in opened.message
    assert len(live_labels(sandbox, "A103")) == 0


@pytest.mark.asyncio
async def test_wrong_and_over_scanned_items(sandbox: SandboxServer, tmp_path: Path) -> None:
    feed = sandbox.state.merchant_orders["A104"]
    scarf = feed["items"][0]["ean"]
    candle = feed["items"][1]["ean"]
    other = sandbox.state.merchant_orders["A100"]["items"][0]["ean"]
    async with station(sandbox, tmp_path) as st:
        await st.service.open_order("A104")
        wrong = await st.service.scan_item(other)
        assert wrong.outcome.value == "wrong_item"
        await st.service.scan_item(scarf)
        over = await st.service.scan_item(scarf)
        assert over.outcome.value == "over_scan"
        await st.service.scan_item(candle)
        done = await st.service.scan_item(candle)
        assert done.outcome.value == "order_complete"
        report = await st.service.finish()
        assert isinstance(report, CycleReport)
        await assert_settled(st, sandbox, "A104", 1)


@pytest.mark.asyncio
async def test_second_scan_reprints_never_buys(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        report = await pack_skipping(st, "A100")
        again = await st.service.open_order("A100")
        assert again.outcome is OpenOutcome.ALREADY_PACKED
        reprint = await st.service.reprint(report.parcels[0].tracking_code or "")
        assert reprint.printed
    assert len(live_labels(sandbox, "A100")) == 1
    assert len(printed_files(tmp_path)) == 2


@pytest.mark.asyncio
async def test_void_with_replacement(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        report = await pack_skipping(st, "A100")
        old = report.parcels[0].tracking_code or ""
        voided = await st.service.void(old, "wrong weight", replace_label=True)
        assert voided.replacement is not None
        assert voided.replacement.reference_number.endswith("-A100-P1-V1")
        await st.outbox.drain(5)
        events = await st.journal.events(order_id="A100")
    labels = live_labels(sandbox, "A100")
    assert [label.tracking_code for label in labels] == [voided.replacement.tracking_code]
    assert any(e.kind == "label_voided" and e.detail["reason"] == "wrong weight" for e in events)


# ---------------------------------------------------------------------- fault matrix


def later(seconds: float, action: Callable[[], None]) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()
    return timer


def _post_and_lookup_fail(sb: SandboxServer) -> None:
    sb.control.fail_next("/v2/labels", method="POST", status=500)
    sb.control.fail_next("/v2/labels", method="GET", status=500, count=2)


FAULTS: list[tuple[str, Callable[[SandboxServer], None]]] = [
    ("500 on token", lambda sb: sb.control.fail_next("/v2/token", status=500)),
    (
        "503 on order lookup",
        lambda sb: sb.control.fail_next("/v2/orders", method="GET", status=503),
    ),
    ("500 on order state", lambda sb: sb.control.fail_next("/v2/order_states", status=500)),
    ("502 on label POST", lambda sb: sb.control.fail_next("/v2/labels", method="POST", status=502)),
    ("500 on label POST and on the lookup", lambda sb: _post_and_lookup_fail(sb)),
    ("504 on download", lambda sb: sb.control.fail_next("/v2/label-download", status=504)),
    ("500 on boarding complete", lambda sb: sb.control.fail_next("/v2/orders/", method="PUT")),
    (
        "429 with Retry-After on label POST",
        lambda sb: sb.control.fail_next("/v2/labels", method="POST", status=429, retry_after=1),
    ),
    (
        "429 with Retry-After on order state",
        lambda sb: sb.control.fail_next("/v2/order_states", status=429, retry_after=1),
    ),
    (
        "commit then drop on label POST",
        lambda sb: sb.control.drop_next("/v2/labels", method="POST"),
    ),
    (
        "commit then drop on order state",
        lambda sb: sb.control.drop_next("/v2/order_states", method="POST"),
    ),
    ("drop on download", lambda sb: sb.control.drop_next("/v2/label-download")),
    ("drop on boarding complete", lambda sb: sb.control.drop_next("/v2/orders/", method="PUT")),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("fault", [f for _, f in FAULTS], ids=[name for name, _ in FAULTS])
async def test_fault_matrix_ends_with_one_label_per_parcel(
    sandbox: SandboxServer, tmp_path: Path, fault: Callable[[SandboxServer], None]
) -> None:
    fault(sandbox)
    async with station(sandbox, tmp_path) as st:
        report = await pack_skipping(st, "A102")
        assert report.status is CycleStatus.DONE
        await assert_settled(st, sandbox, "A102", 3)
    assert "in_preparation" in history(sandbox, "A102")
    assert len(printed_files(tmp_path)) == 3


TIMEOUTS = [
    ("/v2/orders", "order lookup"),
    ("/v2/order_states", "order state"),
    ("/v2/labels", "label POST and lookup"),
    ("/v2/label-download", "download"),
    ("/v2/orders/", "boarding complete"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("path", [p for p, _ in TIMEOUTS], ids=[n for _, n in TIMEOUTS])
async def test_timeouts_on_each_call_end_with_one_label_per_parcel(
    sandbox: SandboxServer, tmp_path: Path, path: str
) -> None:
    async with station(sandbox, tmp_path, read_timeout_s=0.4, label_retry_delay_s=0.3) as st:
        opened = await st.service.open_order("A100")
        assert opened.outcome is OpenOutcome.OPENED
        await st.service.skip_verification("timeout test")
        await st.outbox.drain(2)
        # from now on every request under ``path`` hangs past the read timeout, until the
        # network "comes back" 0.6 s later
        sandbox.control.latency(1.0, path)
        timer = later(0.6, lambda: sandbox.control.latency(0.0))
        try:
            report = await st.service.finish()
        finally:
            timer.cancel()
            sandbox.control.latency(0.0)
        assert isinstance(report, CycleReport)
        await asyncio.sleep(1.2)  # let any delayed request land at the sandbox
        await assert_settled(st, sandbox, "A100", 1)
    assert len(printed_files(tmp_path)) == 1


@pytest.mark.asyncio
async def test_token_expiry_mid_cycle(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        opened = await st.service.open_order("A102")
        assert opened.outcome is OpenOutcome.OPENED
        await st.service.skip_verification("token test")
        await st.service.set_boxes(boxes_from_specs(BOXES["A102"]))
        sandbox.control.expire_tokens()
        report = await st.service.finish()
        assert isinstance(report, CycleReport)
        await assert_settled(st, sandbox, "A102", 3)
    assert 401 in [r.status for r in sandbox.control.requests()]  # the expiry was noticed


# ---------------------------------------------------------------------- outbox


@pytest.mark.asyncio
async def test_outbox_keeps_packing_while_7s_refuses_states_then_delivers_in_order(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.control.fail_next("/v2/order_states", status=503, count=1000)
    sandbox.control.fail_next("/v2/orders/", method="PUT", status=503, count=1000)
    async with station(
        sandbox,
        tmp_path,
        outbox_retry_delay_s=0.05,
        outbox_retry_max_s=0.1,
        in_preparation_wait_s=0.1,
    ) as st:
        for order_id in ("A100", "A109", "A104"):
            report = await pack_skipping(st, order_id)
            assert report.printed  # packing goes on
        counts = await st.outbox.counts()
        assert counts.pending == 6  # in_preparation + boarding_complete per order
        await asyncio.sleep(0.3)
        assert (await st.outbox.counts()).pending == 6
        sandbox.control.faults.clear()  # 7S is back
        counts = await st.outbox.drain(5)
        assert (counts.pending, counts.failed) == (0, 0)
        delivered = await st.journal.entries(statuses=(OutboxStatus.DELIVERED,))
        superseded = await st.journal.entries(statuses=(OutboxStatus.SUPERSEDED,))
        events = {o: await st.journal.events(order_id=o) for o in ("A100", "A109", "A104")}
    for order_id in ("A100", "A109", "A104"):
        mine = [e for e in delivered if e.order_id == order_id]
        assert [e.kind.value for e in mine] == ["boarding_complete"]
        assert mine[0].delivered_at is not None
        # in_preparation came too late (the label moved the order to shipped): refused as a
        # move backwards, recorded as superseded, never as delivered
        (state,) = [e for e in superseded if e.order_id == order_id]
        assert state.kind.value == "order_state"
        assert state.delivered_at is None
        done = [e.kind.value for e in events[order_id] if e.kind.value.startswith("outbox_")]
        done = [k for k in done if k in ("outbox_superseded", "outbox_delivered")]
        assert done == ["outbox_superseded", "outbox_delivered"]  # in order per order
        order = sandbox.state.order_by_order_id(order_id)
        assert order is not None
        assert order.boarding_complete is True
        assert len(live_labels(sandbox, order_id)) == (2 if order_id == "A109" else 1)


@pytest.mark.asyncio
async def test_the_journal_holds_no_secret(sandbox: SandboxServer, tmp_path: Path) -> None:
    async with station(sandbox, tmp_path) as st:
        await pack_skipping(st, "A100")
        await st.outbox.drain(5)
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("journal.sqlite3*"))
    assert sandbox.access_key.encode() not in raw
    assert b"Bearer" not in raw


# ---------------------------------------------------------------------- void: confirmed by lookup


async def attempt_of(st: Station, tracking_code: str) -> Any:
    (attempt,) = [a for a in await st.journal.find_attempts(tracking_code)]
    return attempt


async def packed_with_one_label(st: Station, sandbox: SandboxServer) -> tuple[str, Any]:
    """A100 packed (one parcel): its tracking code, and its label as 7S holds it."""
    report = await pack_skipping(st, "A100")
    (label,) = live_labels(sandbox, "A100")
    return report.parcels[0].tracking_code or "", label


def delete_requests(sandbox: SandboxServer) -> list[tuple[str, int | None]]:
    return [(r.path, r.status) for r in sandbox.control.requests() if r.method == "DELETE"]


@pytest.mark.asyncio
async def test_void_is_not_taken_on_a_404_while_the_label_is_still_listed(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with station(sandbox, tmp_path) as st:
        code, label = await packed_with_one_label(st, sandbox)
        # 7S answers 404 (a wrong id or path looks just like this) and changes nothing
        sandbox.control.fail_next(f"/v2/labels/{label.id}", method="DELETE", status=404)
        with pytest.raises(VoidNotConfirmed, match="NOT void"):
            await st.service.void(code, "wrong weight", replace_label=True)
        attempt = await attempt_of(st, code)
        assert attempt.status is not AttemptStatus.VOIDED
        assert attempt.live
    assert [x.tracking_code for x in live_labels(sandbox, "A100")] == [code]
    assert delete_requests(sandbox) == [(f"/v2/labels/{label.id}", 404)]


@pytest.mark.asyncio
async def test_void_through_a_wrong_path_is_refused_after_the_shipments_fallback(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with station(sandbox, tmp_path) as st:
        code, _ = await packed_with_one_label(st, sandbox)
    wrong = {"paths": {"labels": "label"}}  # a station configured with a wrong labels path
    async with station(sandbox, tmp_path, api_names=wrong) as st:
        with pytest.raises(VoidNotConfirmed, match="still lists the label"):
            await st.service.void(code, "wrong weight", replace_label=False)
        assert (await attempt_of(st, code)).live
    assert [x.tracking_code for x in live_labels(sandbox, "A100")] == [code]
    seen = [(r.method, r.path, r.status) for r in sandbox.control.requests()]
    (label,) = live_labels(sandbox, "A100")
    assert ("DELETE", f"/v2/label/{label.id}", 404) in seen
    assert ("GET", "/v2/label", 404) in seen  # the label lookup is not there either
    assert ("GET", "/v2/shipments", 200) in seen  # so the order's shipments decide


@pytest.mark.asyncio
async def test_void_of_a_label_already_gone_at_7s_is_confirmed_by_lookup(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from packstation.sandbox import shipping as sandbox_shipping

    async with station(sandbox, tmp_path) as st:
        code, label = await packed_with_one_label(st, sandbox)
        with sandbox.state.lock:  # cancelled at 7S by someone else
            sandbox_shipping.delete_label(sandbox.state, label)
        voided = await st.service.void(code, "cancelled in the 7S portal", replace_label=False)
        assert not voided.already_voided
        assert (await attempt_of(st, code)).status is AttemptStatus.VOIDED
    assert delete_requests(sandbox) == [(f"/v2/labels/{label.id}", 404)]
    lookups = [r for r in sandbox.control.requests() if r.path == "/v2/labels"]
    assert [(r.method, r.status) for r in lookups][-1] == ("GET", 200)


@pytest.mark.asyncio
async def test_void_whose_answer_was_dropped_is_confirmed_by_lookup(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    async with station(sandbox, tmp_path) as st:
        code, label = await packed_with_one_label(st, sandbox)
        sandbox.control.drop_next(f"/v2/labels/{label.id}", method="DELETE")
        await st.service.void(code, "wrong weight", replace_label=False)
        assert (await attempt_of(st, code)).status is AttemptStatus.VOIDED
    assert live_labels(sandbox, "A100") == []
    assert delete_requests(sandbox) == [
        (f"/v2/labels/{label.id}", None),
        (f"/v2/labels/{label.id}", 404),
    ]
    assert any(r.method == "GET" and r.path == "/v2/labels" for r in sandbox.control.requests())


# ------------------------------------------------------------------ in_preparation before shipped


def state_posts(sandbox: SandboxServer) -> list[int | None]:
    return [
        r.status
        for r in sandbox.control.requests()
        if r.method == "POST" and r.path == "/v2/order_states"
    ]


@pytest.mark.asyncio
async def test_in_preparation_is_retried_before_the_label_after_two_503s(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.control.fail_next("/v2/order_states", method="POST", status=503, count=2)
    # the background outbox would wait 30 s: only the wait before the label retries it
    async with station(
        sandbox, tmp_path, outbox_retry_delay_s=30.0, in_preparation_retry_s=0.05
    ) as st:
        report = await pack_skipping(st, "A100")
        assert report.status is CycleStatus.DONE
        assert not [w for w in report.warnings if "in_preparation" in w]
        (entry, *_) = await st.journal.entries(order_id="A100")
        assert entry.payload["state"] == "in_preparation"
        assert entry.status is OutboxStatus.DELIVERED
    assert history(sandbox, "A100") == ["new", "paid", "in_preparation", "shipped"]
    assert state_posts(sandbox) == [503, 503, 201]


@pytest.mark.asyncio
async def test_in_preparation_refused_after_the_label_is_never_reported_as_posted(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.control.fail_next("/v2/order_states", method="POST", status=503, count=1000)
    notices: list[str] = []
    async with station(
        sandbox,
        tmp_path,
        in_preparation_wait_s=0.3,
        in_preparation_retry_s=0.05,
        outbox_retry_delay_s=0.05,
        outbox_retry_max_s=0.1,
    ) as st:
        st.service.subscribe(
            lambda event: notices.append(event.message) if isinstance(event, Notice) else None
        )
        report = await pack_skipping(st, "A100")
        assert report.status is CycleStatus.DONE  # the packer is not held up for ever
        (said,) = [w for w in report.warnings if "in_preparation" in w]
        assert "NOT confirmed" in said
        assert said in notices
        assert len(state_posts(sandbox)) >= 2  # real retries, not one attempt
        sandbox.control.faults.clear()  # 7S is back, but the order is shipped now
        counts = await st.outbox.drain(5)
        assert (counts.pending, counts.failed) == (0, 0)
        entries = await st.journal.entries(order_id="A100")
    state = next(e for e in entries if e.kind.value == "order_state")
    assert state.status is OutboxStatus.SUPERSEDED  # never "delivered"
    assert "already shipped" in state.last_error
    assert history(sandbox, "A100") == ["new", "paid", "shipped"]


# ------------------------------------------------------------------ validate before money


def seed_variant(sandbox: SandboxServer, order_id: str, **recipient: str) -> None:
    """A copy of A100 under another id, with recipient fields changed (state paid)."""
    doc = copy.deepcopy(sandbox.state.merchant_orders["A100"])
    doc["order_id"] = order_id
    doc["recipient"].update(recipient)
    sandbox.control.seed([{**doc, "state": "paid"}])


def label_posts(sandbox: SandboxServer) -> int:
    return sum(
        1 for r in sandbox.control.requests() if (r.method, r.path) == ("POST", "/v2/labels")
    )


@pytest.mark.asyncio
async def test_an_order_without_recipient_email_is_refused_when_it_opens(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    seed_variant(sandbox, "B200", email="")
    async with station(sandbox, tmp_path) as st:
        opened = await st.service.open_order("B200")
        assert opened.outcome is OpenOutcome.SOURCE_PROBLEM
        assert "recipient.email" in opened.message
        assert "fallback_recipient_email" in opened.message
        assert opened.session is None
    assert label_posts(sandbox) == 0


@pytest.mark.asyncio
async def test_the_fallback_email_goes_on_the_label_of_an_order_without_one(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    seed_variant(sandbox, "B201", email="")
    async with station(sandbox, tmp_path, fallback_recipient_email="parcels@shop.example") as st:
        report = await pack_skipping(st, "B201")
        assert report.status is CycleStatus.DONE
    (label,) = live_labels(sandbox, "B201")
    assert label.recipient["email"] == "parcels@shop.example"
    order = sandbox.state.merchant_orders["B201"]
    assert order["recipient"]["email"] == ""  # the merchant's data is not changed


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("change", "field"),
    [  # (street and zip are already required by the order schema: see the unit tests)
        ({"email": "anna-at-example.de"}, "recipient.email"),
        ({"email": " "}, "recipient.email"),
    ],
)
async def test_missing_label_fields_are_named_when_the_order_opens(
    sandbox: SandboxServer, tmp_path: Path, change: dict[str, str], field: str
) -> None:
    seed_variant(sandbox, "B202", **change)
    async with station(sandbox, tmp_path) as st:
        opened = await st.service.open_order("B202")
    assert opened.outcome is OpenOutcome.SOURCE_PROBLEM
    assert field in opened.message
    assert label_posts(sandbox) == 0


@pytest.mark.asyncio
async def test_a_carrier_that_needs_a_phone_refuses_an_order_without_one(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    seed_variant(sandbox, "B203", phone="")
    doc = sandbox.state.merchant_orders["B203"]
    assert doc["carrier"] == "dhl:DE"
    assert doc["recipient"]["phone"] == ""
    async with station(sandbox, tmp_path, phone_required_carriers="dhl") as st:
        opened = await st.service.open_order("B203")
    assert opened.outcome is OpenOutcome.SOURCE_PROBLEM
    assert "recipient.phone" in opened.message
    (tmp_path / "default").mkdir()
    async with station(sandbox, tmp_path / "default") as st:  # by default only ups needs it
        opened = await st.service.open_order("B203")
        assert opened.outcome is OpenOutcome.OPENED


@pytest.mark.asyncio
async def test_in_preparation_whose_answer_was_lost_is_delivered_when_7s_shows_it(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    # 7S takes in_preparation but the answer is lost; the label is bought before the outbox
    # tries again, so the retry is refused (a move backwards). What 7S holds decides: the
    # order's history has in_preparation, so it was delivered — not superseded.
    sandbox.control.drop_next("/v2/order_states", method="POST")
    async with station(
        sandbox, tmp_path, in_preparation_wait_s=0.0, outbox_retry_delay_s=30.0
    ) as st:
        report = await pack_skipping(st, "A100")
        assert report.status is CycleStatus.DONE
        assert history(sandbox, "A100") == ["new", "paid", "in_preparation", "shipped"]
        assert await st.outbox.flush_order("A100", 5.0)  # the retry, now
        entries = await st.journal.entries(order_id="A100")
    state = next(e for e in entries if e.payload.get("state") == "in_preparation")
    assert state.status is OutboxStatus.DELIVERED
    assert state_posts(sandbox) == [None, 400]  # taken (answer lost), then refused
    assert history(sandbox, "A100") == ["new", "paid", "in_preparation", "shipped"]
