"""The workflow modes in the bench window, on the real station and the sandbox over loopback.

Keyboard events only: scans are typed bursts (the wedge filter's path), fields are typed by a
"person" (slow enough not to be a scan), actions are F-keys and mode shortcuts. Every check
waits on a side effect: what the sandbox holds, what the journal says, what the screen shows.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from packstation.domain.customs_declaration import DeclarationStatus
from packstation.sandbox import SandboxServer
from packstation.ui.catalog_mode import CatalogMode
from packstation.ui.customs_dialog import CustomsDialog
from packstation.ui.customs_viewmodel import ARTICLE_FIELDS
from packstation.ui.dispatch_mode import DispatchMode, ReminderLabel
from packstation.ui.pudo_mode import PudoMode
from packstation.ui.returns_mode import ReturnsMode
from packstation.ui.sounds import Sound
from packstation.ui.theme import Tone
from packstation.ui.workflow_parts import PROBLEM_BACKGROUND, MessageBar
from tests.gui.bench import Bench, order_codes
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.workflow_bench import (
    WorkflowBench,
    key,
    open_workflow_bench,
    type_slowly,
    type_text,
)
from tests.sandbox_queries import live_labels
from tests.workflow_data import catalog_rows, write_catalog, write_images

CTRL = Qt.KeyboardModifier.ControlModifier


def customs_at_7s(sandbox: SandboxServer, order_id: str) -> list[Any]:
    with sandbox.state.lock:
        return [c for c in sandbox.state.customs_shipments.values() if c.order_id == order_id]


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


def banner_tone(bench: Bench) -> Tone:
    return bench.screen.banner.tone


def tone_of(bar: MessageBar) -> Tone:
    return bar.message.tone


async def pack(bench: Bench, order_id: str) -> None:
    """Scan the order and all its items on the packing screen (auto-finish buys the label)."""
    bench.window.set_mode("packing")
    bench.type_scan(order_id)
    for code in order_codes(bench.sandbox, order_id):
        bench.type_scan(code)
    await bench.settled()


async def customs_dialog(wb: WorkflowBench) -> CustomsDialog:
    await wait_until(
        lambda: (
            wb.modes.customs_prompt.dialog is not None
            and wb.modes.customs_prompt.dialog.isVisible()
        ),
        timeout=10,
    )
    dialog = wb.modes.customs_prompt.dialog
    assert dialog is not None
    await wait_until(lambda: QApplication.activeWindow() is dialog)
    return dialog


async def fix_cell(dialog: CustomsDialog, row: int, field: str, text: str) -> None:
    """Arrow keys to the cell, type the new value (it replaces the old), Return keeps it."""
    dialog.table.setFocus()
    dialog.table.setCurrentCell(row, 0)
    for _ in range(ARTICLE_FIELDS.index(field)):
        key(Qt.Key.Key_Right)
    await type_slowly(text)
    key(Qt.Key.Key_Return)
    await asyncio.sleep(0.05)  # the item delegate commits the cell on the next turn of the loop


def test_customs_dialog_prefilled_refuses_a_bad_hs_code_then_sends(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_workflow_bench(
            qapp, sandbox, printer, tmp_path, pickup_schedule=["Mon-Sun 16:00"]
        ) as wb:
            await pack(wb.bench, "A101")
            dialog = await customs_dialog(wb)
            (label,) = live_labels(sandbox, "A101")
            # pre-filled from the order and the product data: the packer only confirms
            assert "A101" in dialog.title.text()
            assert "CH · Switzerland" in dialog.title.text()
            fields = {
                name: edit.text()
                for name, edit in dialog.edits.items()
                if isinstance(edit, QLineEdit)
            }
            assert fields["invoice_id"] == "A101-P1"
            assert fields["departure_country"] == "DE"
            assert re.fullmatch(r"\d{4}-\d\d-\d\d 16:00", fields["planned_pickup"])
            assert dialog.edits["incoterm"].currentText() == "DDP"  # type: ignore[attr-defined]
            assert dialog.tracking.text() == label.tracking_code
            rows = [
                tuple(cell(dialog.table, r, c).text() for c in range(len(ARTICLE_FIELDS)))
                for r in range(dialog.table.rowCount())
            ]
            assert rows == [
                ("Hoodie M, grey", "SKU-HOODIE-M", "6110200000", "TR", "1", "49.90", "EUR",
                 "0.520"),
                ("Socks, 3-pack", "SKU-SOCKS-3P", "611595", "IT", "2", "9.90", "EUR", "0.120"),
                ("Baseball cap, black", "SKU-CAP-BLK", "650500", "CN", "1", "14.90", "EUR",
                 "0.110"),
            ]  # fmt: skip
            assert not dialog.problems.isVisible()

            # a wrong HS code is pointed at, and nothing is sent
            await fix_cell(dialog, 0, "hs_code", "12AB")
            assert cell(dialog.table, 0, 2).text() == "12AB"
            key(Qt.Key.Key_F2)
            assert tone_of(dialog.message) is Tone.ERROR
            assert "nothing was sent" in dialog.message.headline.text()
            problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
            assert problems == ["✗ Article 1 (SKU-HOODIE-M): HS code 12AB must be 6 to 10 digits"]
            assert (
                cell(dialog.table, 0, 2).background().color().name() == PROBLEM_BACKGROUND.lower()
            )
            assert wb.bench.sounds[-1] is Sound.WRONG_ITEM
            assert customs_at_7s(sandbox, "A101") == []
            (held,) = await wb.bench.station.customs.declarations("A101")
            assert held.status is DeclarationStatus.AWAITING_CONFIRMATION

            # fixed and confirmed: pending until Seven Senders accepts it
            await fix_cell(dialog, 0, "hs_code", "611020")
            assert not dialog.problems.isVisible()
            key(Qt.Key.Key_F2)
            await wait_until(lambda: bool(customs_at_7s(sandbox, "A101")), timeout=10)
            (record,) = customs_at_7s(sandbox, "A101")
            assert record.articles[0]["hs_code"] == "611020"
            assert record.tracking_code == label.tracking_code
            await wait_until(lambda: "accepted" in dialog.status.text(), timeout=10)
            assert tone_of(dialog.message) is Tone.SUCCESS
            key(Qt.Key.Key_Escape)
            await wait_until(lambda: wb.modes.customs_prompt.dialog is None)

    run_async(scenario())


# ---------------------------------------------------------------------- dispatch


def test_manifest_posted_for_a_passed_pick_up_after_confirming_it_is_final(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_workflow_bench(
            qapp, sandbox, printer, tmp_path, pickup_schedule=["Mon-Sun 16:00"],
            manifest_prefix="ACME",
        ) as wb:  # fmt: skip
            bench = wb.bench
            await pack(bench, "A101")
            dialog = await customs_dialog(wb)
            # the carrier came an hour ago: the packer puts the pick-up it actually left with
            passed = datetime.now().astimezone() - timedelta(hours=1)
            pickup = dialog.edits["planned_pickup"]
            pickup.setFocus()
            key(Qt.Key.Key_A, CTRL)
            await type_text(f"{passed:%Y-%m-%d %H:%M}", enter=False)
            key(Qt.Key.Key_F2)
            await wait_until(lambda: "accepted" in dialog.status.text(), timeout=10)
            key(Qt.Key.Key_Escape)
            await wait_until(lambda: QApplication.activeWindow() is bench.window)

            (reminder,) = bench.window.station_bar.findChildren(ReminderLabel)
            await wait_until(lambda: "has passed" in reminder.text(), timeout=10)
            assert "1 customs shipment(s)" in reminder.text()
            assert "Ctrl+3" in reminder.text()

            key(Qt.Key.Key_3, CTRL)
            assert bench.window.mode() == "dispatch"
            mode: DispatchMode = wb.mode_widget("dispatch")
            await wait_until(lambda: mode.manifest_id.text() != "—", timeout=10)
            manifest_id = mode.manifest_id.text()
            assert manifest_id == f"ACME_M{passed:%Y%m%d}_01"
            assert "passed" in mode.pickups.item(0).text()
            assert mode.shipments.rowCount() == 1
            assert cell(mode.shipments, 0, 0).text() == "A101"

            key(Qt.Key.Key_F3)
            await type_text("2", enter=False)
            assert mode.pieces.value() == 2
            key(Qt.Key.Key_F2)
            confirm = mode.dialog
            assert confirm is not None
            assert confirm.isVisible()
            await wait_until(lambda: QApplication.activeWindow() is confirm)
            title = confirm.findChild(QLabel)
            assert title is not None
            assert manifest_id in title.text()
            key(Qt.Key.Key_Return)  # not ticked "final": nothing happens
            assert confirm.isVisible()
            await wait_until(lambda: QApplication.activeWindow() is confirm)
            assert not sandbox.state.manifests
            key(Qt.Key.Key_Space)
            key(Qt.Key.Key_Return)
            await wait_until(lambda: bool(sandbox.state.manifests), timeout=10)
            (manifest,) = sandbox.state.manifests.values()
            assert manifest.manifest_id == manifest_id
            assert manifest.pieces == 2
            (declaration,) = await bench.station.customs.declarations("A101")
            assert [str(s) for s in manifest.shipment_ids] == [declaration.shipment_id]
            await wait_until(lambda: "posted" in mode.message.headline.text(), timeout=10)
            assert tone_of(mode.message) is Tone.SUCCESS
            assert mode.pickups.count() == 1  # "no pick-up waits for a manifest"
            await wait_until(lambda: not reminder.isVisible(), timeout=10)

    run_async(scenario())


def test_flex_accounts_have_no_dispatch_mode_and_no_reminder(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_workflow_bench(
            qapp, sandbox, printer, tmp_path, seven_senders_flex=True
        ) as wb:
            window = wb.bench.window
            assert window.modes() == ["packing", "returns", "pudo", "catalog"]
            assert wb.modes.dispatch is None
            assert wb.modes.reminder is None
            assert not window.station_bar.findChildren(ReminderLabel)
            key(Qt.Key.Key_3, CTRL)
            assert window.mode() == "packing"
            key(Qt.Key.Key_4, CTRL)
            assert window.mode() == "pudo"

    run_async(scenario())


# ---------------------------------------------------------------------- PUDO


def test_pudo_search_by_address_then_choose_for_the_order_and_its_label_carries_it(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_workflow_bench(qapp, sandbox, printer, tmp_path) as wb:
            bench = wb.bench
            key(Qt.Key.Key_4, CTRL)
            mode: PudoMode = wb.mode_widget("pudo")
            vm = mode.vm
            for name, text in (("country", "FR"), ("zip", "75017"), ("city", "Paris")):
                mode.fields[name].setFocus()
                await type_text(text, enter=False)
            mode.fields["carriers"].setFocus()
            await type_text("mondialrelay")  # Enter searches
            await wait_until(lambda: bool(vm.points()), timeout=10)
            points = vm.points()
            distances = [p.location.distance_m for p in points]
            assert all(d is not None for d in distances)
            assert distances == sorted(distances)  # type: ignore[type-var]
            assert {p.location.zip[:2] for p in points} == {"75"}
            assert mode.results.count() == len(points)
            assert mode.results.item(0).text().startswith(f"1.  {points[0].location.name}")
            assert "today" in mode.results.item(0).text()
            assert len(mode.map.items_) == len(points)
            assert mode.map.origin_item is not None  # the address, estimated from distances
            assert mode.map.view.origin_estimated
            closed = next(i for i, p in enumerate(points) if p.location_id == "051193")
            assert "temporarily closed" in mode.results.item(closed).text()

            # a scanned order: its address is searched, arrows move list and map together. The
            # view-model is busy from the moment the scan asks for the search (not from when its
            # task first runs), so "not busy" means the order's results are in.
            bench.type_scan("A104")
            await wait_until(lambda: vm.order_id == "A104" and not vm.busy, timeout=15)
            await wait_until(lambda: "Paris Telecom" in mode.target.text(), timeout=15)
            assert bench.window.mode() == "pudo"

            # Enter while a search runs is not lost in silence: it says to press it again
            key(Qt.Key.Key_F5)  # search again
            assert vm.busy
            key(Qt.Key.Key_Return)  # in the results list: the search cannot have answered yet
            assert "still being asked" in mode.message.headline.text()
            assert bench.sounds[-1:] == [Sound.ATTENTION]
            await wait_until(lambda: not vm.busy and "found" in mode.message.headline.text(), 15)
            assert await wb.workflows.pudo.chosen("A104") is None

            mode.focus_results()
            while vm.points()[vm.selected].location_id == "004694":  # the order's own point
                key(Qt.Key.Key_Down)
            key(Qt.Key.Key_Down)
            chosen = vm.points()[vm.selected]
            assert mode.results.currentRow() == vm.selected
            assert mode.map.items_[vm.selected].plate.isVisible()  # highlighted on the map
            key(Qt.Key.Key_Return)
            await wait_until(
                lambda: "chosen for order A104" in mode.message.headline.text(), timeout=15
            )
            choice = await wb.workflows.pudo.chosen("A104")
            assert choice is not None
            assert choice.location_id == chosen.location_id
            assert bench.sounds[-1] is Sound.COMPLETE

            # back to packing (Esc): the strip names the point, the label carries it
            key(Qt.Key.Key_Escape)
            assert bench.window.mode() == "packing"
            await pack(bench, "A104")
            strip = wb.modes.pickup
            assert strip is not None
            await wait_until(lambda: strip.view is not None and strip.view.chosen_here, 15)
            assert strip.view is not None
            assert strip.view.name == chosen.location.name
            (label,) = live_labels(sandbox, "A104")
            assert label.pudo_id == chosen.location_id

    run_async(scenario())


# ---------------------------------------------------------------------- returns


def test_returns_received_and_refunded_while_7s_is_down_arrive_when_it_is_back(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_workflow_bench(qapp, sandbox, printer, tmp_path) as wb:
            bench = wb.bench
            await pack(bench, "A100")
            (label,) = live_labels(sandbox, "A100")
            await bench.station.outbox.drain(5)

            sandbox.control.fail_next("/v2", status=503, count=100_000)  # 7S is down
            key(Qt.Key.Key_2, CTRL)
            mode: ReturnsMode = wb.mode_widget("returns")
            bench.type_scan(label.tracking_code)  # the returned parcel's label
            await wait_until(lambda: mode.vm.order_id == "A100" and not mode.vm.busy, timeout=10)
            assert mode.order_title.text() == "Order A100"
            assert mode.lines.rowCount() == 3  # the whole order and its two lines
            assert "could not be asked" in mode.order_detail.text()

            key(Qt.Key.Key_F2)  # received: the whole order
            await wait_until(lambda: mode.records.rowCount() == 1, timeout=10)
            assert cell(mode.records, 0, 1).text() == "Returned to Warehouse"
            assert "waiting" in cell(mode.records, 0, 4).text()
            assert cell(mode.lines, 1, 3).text() == "2"

            key(Qt.Key.Key_Down)  # the T-shirt line, 2 units
            assert mode.units.value() == 2
            key(Qt.Key.Key_Minus)  # one of them
            await asyncio.sleep(0.1)  # a person's pace (the wedge filter hands the key on)
            assert mode.units.value() == 1
            key(Qt.Key.Key_F3)  # refunded without a reason: refused, nothing recorded
            assert "needs a reason" in mode.message.headline.text()
            assert bench.sounds[-1:] == [Sound.ATTENTION]
            assert QApplication.focusWidget() in (mode.reason, mode.reason.lineEdit())
            await type_text("wrong size", enter=False)
            key(Qt.Key.Key_F3)
            await wait_until(lambda: mode.records.rowCount() == 2, timeout=10)
            assert cell(mode.records, 1, 2).text() == "SKU-TSHIRT-M ×1"
            assert cell(mode.records, 1, 3).text() == "Wrong size"  # completed to the preset
            assert "waiting" in cell(mode.records, 1, 4).text()
            assert "2</b> waiting" in mode.shift.text()

            sandbox.control.faults.clear()  # 7S answers again
            await wait_until(
                lambda: all(
                    cell(mode.records, r, 4).text() == "sent to Seven Senders ✓" for r in range(2)
                ),
                timeout=15,
            )
            with sandbox.state.lock:
                order = sandbox.state.order_by_order_id("A100")
                assert order is not None
                states = [entry.state for entry in order.states_history]
            assert states[-2:] == ["returned", "refunded"]
            assert "0</b> waiting" in mode.shift.text()

            target = tmp_path / "shift.csv"
            mode.vm.export_csv(str(target))
            await wait_until(target.exists, timeout=10)
            rows = target.read_text(encoding="utf-8-sig").splitlines()
            assert len(rows) == 3
            assert rows[1].split(",")[2:4] == ["received", ""]

    run_async(scenario())


# ---------------------------------------------------------------------- catalog


def test_catalog_dry_run_then_sync_with_progress_and_summary(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world
    rows = catalog_rows(3, prefix="GUI")
    rows[2]["ean"] = "123"  # not an EAN: that row fails, the others go through
    export = write_catalog(tmp_path, rows)
    write_images(tmp_path, rows)

    def products() -> set[str]:
        with sandbox.state.lock:
            return {p.sku for p in sandbox.state.products.values()}

    before = products()

    async def scenario() -> None:
        async with open_workflow_bench(qapp, sandbox, printer, tmp_path / "station") as wb:
            key(Qt.Key.Key_5, CTRL)
            mode: CatalogMode = wb.mode_widget("catalog")
            assert mode.file.hasFocus()
            await type_text(str(export), enter=False)
            key(Qt.Key.Key_F6)  # dry run
            assert mode.dry_run.isChecked()
            key(Qt.Key.Key_F2)
            await wait_until(lambda: mode.vm.summary is not None, timeout=10)
            assert mode.vm.summary is not None
            assert mode.vm.summary.dry_run
            assert products() == before
            assert "nothing was sent" in mode.summary_title.text()

            key(Qt.Key.Key_F6)
            key(Qt.Key.Key_F2)
            await wait_until(
                lambda: mode.vm.summary is not None and not mode.vm.summary.dry_run, timeout=15
            )
            summary = mode.vm.summary
            assert summary is not None
            assert summary.created == ("GUI-0000", "GUI-0001")
            assert [f.sku for f in summary.failed] == ["GUI-0002"]
            assert products() - before == {"GUI-0000", "GUI-0001"}
            assert mode.bar.value() == mode.bar.maximum() == 2
            counts = {caption.text(): number.text() for number, caption in mode.count_labels}
            assert counts["CREATED"] == "2"
            assert counts["FAILED"] == "1"
            assert mode.failures.rowCount() == 1
            assert cell(mode.failures, 0, 0).text() == "GUI-0002"
            assert cell(mode.failures, 0, 2).text()
            assert tone_of(mode.message) is Tone.WARNING

    run_async(scenario())


# ---------------------------------------------------------------------- own label


def test_own_label_pack_registers_the_scanned_tracking_code_and_refuses_it_twice(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    def shipments(order_id: str) -> list[Any]:
        with sandbox.state.lock:
            return [s for s in sandbox.state.shipments.values() if s.order_id == order_id]

    async def scenario() -> None:
        async with open_workflow_bench(qapp, sandbox, printer, tmp_path, own_label=True) as wb:
            bench = wb.bench
            await pack(bench, "A106")
            assert "Scan the carrier label of parcel 1 of 1" in bench.banner()
            bench.type_scan("OWN-A106-1")
            await bench.settled()
            assert banner_tone(bench) is Tone.SUCCESS, bench.banner()
            (shipment,) = shipments("A106")
            assert shipment.tracking_code == "OWN-A106-1"
            assert live_labels(sandbox, "A106") == []  # nothing was bought

            await pack(bench, "A105")
            bench.type_scan("OWN-A106-1")  # already used
            await bench.settled()
            assert banner_tone(bench) is Tone.ERROR
            assert "Tracking code OWN-A106-1 cannot be used" in bench.banner()
            assert bench.sounds[-1:] == [Sound.ATTENTION]
            bench.type_scan("OWN-A105-1")
            await bench.settled()
            assert banner_tone(bench) is Tone.SUCCESS, bench.banner()
            assert [s.tracking_code for s in shipments("A105")] == ["OWN-A105-1"]

    run_async(scenario())
