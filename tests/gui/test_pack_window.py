"""The packing window on the real station and the sandbox over loopback: keyboard events only.

Every scan is typed as key events into whatever widget has focus and reaches the station
through the application-wide wedge filter; every action is an F-key or a command barcode.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.ui.dialogs import (
    ParcelsDialog,
    ReasonDialog,
    ResumeDialog,
    UncertainPrintDialog,
    VoidDialog,
)
from packstation.ui.pack_views import BenchDialog
from packstation.ui.sounds import Sound
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench, order_codes
from tests.gui.conftest import RunAsync, wait_until
from tests.integration.conftest import cli_environ, packstation
from tests.sandbox_queries import live_labels


def tone(bench: Bench) -> Tone:
    return bench.screen.banner.tone


def last_sound(bench: Bench) -> Sound:
    return bench.sounds[-1]


def held(bench: Bench) -> int:
    view = bench.window.station_bar.view
    return -1 if view is None else view.held


async def done(bench: Bench) -> None:
    await bench.settled()
    assert tone(bench) is Tone.SUCCESS, bench.banner()


def test_whole_order_packed_from_scans_alone(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            assert bench.screen.banner.headline.text() == "Scan an order"
            # focus is on another widget than the one the scanner "types" into: it still arrives
            bench.type_scan("A100")
            await bench.settled()
            assert bench.screen.header.values["order"].text().startswith("A100")
            assert "Anna Müller" in bench.screen.header.values["recipient"].text()
            assert bench.screen.header.values["destination"].text() == "DE · Germany"
            assert bench.screen.items.rowCount() == 2
            assert bench.screen.banner.headline.text() == "Scan the items: 0 of 3"
            codes = order_codes(sandbox, "A100")
            for number, code in enumerate(codes[:-1], start=1):
                bench.type_scan(code)
                await bench.settled()
                assert bench.screen.banner.headline.text() == f"Scan the items: {number} of 3"
            assert bench.screen.items.highlighted == 0  # the T-shirt, scanned last
            bench.type_scan(codes[-1])  # the last item: the label is bought and printed
            await done(bench)
            assert bench.screen.banner.headline.text() == "Done — next order"
            assert printer.wait_for_jobs(1)
            assert printer.jobs()[0].kind == "zpl"
            assert len(live_labels(sandbox, "A100")) == 1
            assert [r.state for r in bench.screen.items.rows] == ["done", "done"]
            assert bench.screen.parcels.rows[0].status == "printed"
            await wait_until(lambda: bench.screen.preview.view is not None, 15)
            preview = bench.screen.preview.view
            assert preview is not None
            assert preview.source.startswith("^XA")
            assert all(fine for fine, _ in preview.checks)
            assert bench.sounds == [Sound.ACCEPTED] * 4 + [Sound.COMPLETE]
            # the product pictures arrived in the background (the sandbox has them)
            await wait_until(lambda: bool(bench.screen.items._images))

    run_async(scenario())


def test_wrong_item_and_over_scan(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            bench.type_scan("A100")
            bench.type_scan("4260123450014")  # a hoodie: not in A100
            await bench.settled()
            assert tone(bench) is Tone.ERROR
            assert last_sound(bench) is Sound.WRONG_ITEM
            # the action and the thing first: the hoodie is named (another order has it)
            await wait_until(
                lambda: (
                    bench.screen.banner.headline.text()
                    == "Put aside: Hoodie M, grey — not in order A100"
                )
            )
            assert bench.sounds.count(Sound.WRONG_ITEM) == 1  # said once, named later
            detail = bench.screen.banner.detail.text()
            assert detail == (
                "Scanned 4260123450014. Next: T-Shirt M, organic cotton (4006381333931) ×2 "
                "(+ 1 more line(s) in the table)"
            )
            assert "Ceramic mug" not in detail  # only the next item, the table has the rest
            await wait_until(lambda: bench.screen.banner.picture.isVisible())  # its picture

            bench.type_scan("4260123450991")  # a product no order has: said without a name
            await bench.settled()
            assert bench.screen.banner.headline.text() == "Put it aside — not in order A100"
            assert not bench.screen.banner.picture.isVisible()
            await asyncio.sleep(0.3)  # the lookup finds nothing: the banner stays as it is
            assert bench.screen.banner.headline.text() == "Put it aside — not in order A100"

            bench.type_scan("4260123450052")
            bench.type_scan("4260123450052")  # the mug again: one too many
            await bench.settled()
            assert tone(bench) is Tone.WARNING
            assert bench.screen.banner.headline.text() == "One too many: Ceramic mug, white"
            assert "Scanned 4260123450052" in bench.screen.banner.detail.text()
            assert "Take it out of the box" in bench.screen.banner.detail.text()
            assert last_sound(bench) is Sound.OVER_SCAN
            assert bench.sounds.count(Sound.OVER_SCAN) == 1
            assert not printer.jobs()  # nothing was bought
            assert not live_labels(sandbox, "A100")

            bench.type_scan("PS-CMD:CANCEL")
            await bench.settled()
            dialog = bench.screen.dialog
            assert isinstance(dialog, ReasonDialog)
            await wait_until(dialog.isVisible)
            bench.key(Qt.Key.Key_Down, dialog.picker.other)
            bench.key(Qt.Key.Key_Return, dialog)
            bench.type_scan("A111")  # cancelled by the shop
            await bench.settled()
            assert tone(bench) is Tone.ERROR
            assert bench.screen.banner.headline.text() == "Order A111 was cancelled."
            assert last_sound(bench) is Sound.ATTENTION

    run_async(scenario())


def test_multi_parcel_with_weights_typed_in_the_dialog(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            bench.type_scan("A106")
            await bench.settled()
            bench.key(Qt.Key.Key_F3)
            dialog = bench.screen.dialog
            assert isinstance(dialog, ParcelsDialog)
            await wait_until(dialog.isVisible)
            bench.key(Qt.Key.Key_Up, dialog.count)  # 1 → 2 parcels
            assert len(dialog.weights) == 2
            for box, kg in zip(dialog.weights, ("1.2", "0.45"), strict=True):
                box.setFocus()
                box.selectAll()
                QTest.keyClicks(box, kg)
            bench.key(Qt.Key.Key_Return, dialog.weights[-1])
            await bench.settled()
            assert [p.weight for p in bench.screen.parcels.rows] == ["1.20 kg", "0.45 kg"]
            assert last_sound(bench) is Sound.ACCEPTED
            for code in order_codes(sandbox, "A106"):
                bench.type_scan(code)
            await done(bench)
            assert printer.wait_for_jobs(2)
            labels = sorted(live_labels(sandbox, "A106"), key=lambda label: label.package_no)
            assert [(lb.package_no, lb.package_count) for lb in labels] == [(1, 2), (2, 2)]
            assert [lb.weight_kg for lb in labels] == [1.2, 0.45]
            assert [p.status for p in bench.screen.parcels.rows] == ["printed", "printed"]
            assert "labels printed: 2" in bench.screen.banner.detail.text()

    run_async(scenario())


def test_next_parcel_and_skip_by_command_barcode(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            bench.type_scan("A100")
            bench.type_scan("PS-CMD:NEXT-PARCEL")  # box 1 is still empty: nothing to close
            await bench.settled()
            assert bench.screen.banner.headline.text() == "The parcels cannot be set"
            assert "Box 1 is still empty" in bench.screen.banner.detail.text()
            assert len(bench.screen.parcels.rows) == 1
            bench.type_scan(order_codes(sandbox, "A100")[0])
            bench.type_scan("PS-CMD:NEXT-PARCEL")  # the next box
            await bench.settled()
            assert len(bench.screen.parcels.rows) == 2, bench.banner()
            assert "box 2 is open" in bench.screen.banner.detail.text()
            bench.type_scan("PS-CMD:SKIP:UNREADABLE")  # skips the check and finishes
            await done(bench)
            assert printer.wait_for_jobs(2)
            assert len(live_labels(sandbox, "A100")) == 2
            # one T-shirt scanned of two, the mug not at all: both lines are not verified
            assert [r.state_text for r in bench.screen.items.rows] == ["not verified"] * 2
            assert [r.state for r in bench.screen.items.rows] == ["not_verified"] * 2
            assert "NOT verified" in bench.screen.banner.headline.text()
            events = await bench.station.journal.events(order_id="A100", limit=100)
            skipped = [e for e in events if e.kind == "verification_skipped"]
            assert skipped[0].detail["reason"] == "item barcodes cannot be read (command sheet)"
            # the unit scanned went into box 1, the units counted by the skip into box 2
            assert [sum(i["quantity"] for i in b["items"]) for b in skipped[0].detail["boxes"]] == [
                1,
                2,
            ]

    run_async(scenario())


def test_printer_fault_is_shown_and_the_label_prints_after_recovery(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            printer.set_faults(paper_out=True)
            bench.type_scan("A105")
            bench.type_scan(order_codes(sandbox, "A105")[0])
            await bench.settled()
            assert tone(bench) is Tone.ERROR
            assert (
                bench.screen.banner.headline.text()
                == "The label did not print: the labels have run out"
            )
            assert "F5 prints now" in bench.screen.banner.detail.text()
            assert last_sound(bench) is Sound.ATTENTION
            assert len(live_labels(sandbox, "A105")) == 1  # bought once, kept
            assert not printer.jobs()
            await wait_until(lambda: bench.window.station_bar.view is not None, 15)
            await wait_until(lambda: held(bench) == 1)
            assert "the labels have run out" in bench.window.station_bar.labels["printer"].text()
            assert bench.screen.buttons["print"].isEnabled()

            printer.set_faults(paper_out=False)
            bench.key(Qt.Key.Key_F5)
            await done(bench)
            assert printer.wait_for_jobs(1, printed=True)
            assert len(live_labels(sandbox, "A105")) == 1  # still the same single label
            assert last_sound(bench) is Sound.COMPLETE
            await wait_until(lambda: held(bench) == 0)
            cycle = await bench.station.journal.latest_cycle("A105")
            assert cycle is not None
            assert cycle.status.value == "done"

    run_async(scenario())


def test_resume_banner_after_a_crash_and_finish_with_enter(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        # a station that stopped while buying the label of A100 (7S did not answer)
        async with open_bench(qapp, sandbox, printer, tmp_path) as first:
            sandbox.control.fail_next("/v2/labels", status=503, count=50)
            first.type_scan("A100")
            first.type_scan("PS-CMD:SKIP:BULK")
            await first.settled()
            assert first.screen.banner.tone is Tone.ERROR
            assert "A100" in first.screen.banner.headline.text()
        sandbox.control.reset("demo")

        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            assert tone(bench) is Tone.WARNING
            assert bench.screen.banner.headline.text() == "Unfinished from before: A100"
            assert Sound.ATTENTION in bench.sounds
            dialog = bench.screen.dialog
            assert isinstance(dialog, ResumeDialog)
            row = dialog.list.item(0)
            assert row is not None
            assert "A100" in row.text()
            bench.key(Qt.Key.Key_Return, dialog.list)  # finish them now
            await done(bench)
            assert bench.screen.banner.headline.text() == "Finished: A100"
            assert printer.wait_for_jobs(1)
            assert len(live_labels(sandbox, "A100")) == 1

    run_async(scenario())


def test_a_checked_order_whose_finish_was_never_pressed_waits_for_its_packer_after_a_restart(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        # every item of A102 is scanned, all in box 1; the window closes before the packer
        # splits the order into its boxes and presses finish
        async with open_bench(qapp, sandbox, printer, tmp_path, auto_finish=False) as first:
            first.type_scan("A102")
            for code in order_codes(sandbox, "A102"):
                first.type_scan(code)
            await first.settled()
            session = first.station.service.current
            assert session is not None
            assert session.ready_to_finish

        async with open_bench(qapp, sandbox, printer, tmp_path, auto_finish=False) as bench:
            dialog = bench.screen.dialog
            assert isinstance(dialog, ResumeDialog)
            row = dialog.list.item(0)
            assert row is not None
            assert "A102" in row.text()
            assert "scan the order to go on" in row.text()
            bench.key(Qt.Key.Key_Return, dialog.list)  # "finish them now"
            await wait_until(
                lambda: bench.screen.banner.headline.text() == "Scan again to continue: A102",
                timeout=15,
            )
            assert tone(bench) is Tone.WARNING
            assert bench.screen.banner.detail.text() == (
                "Not finished at the bench: scan the order, check its boxes, finish it."
            )
            await bench.settled()
            assert live_labels(sandbox, "A102") == []  # not one parcel with everything in it
            assert printer.jobs() == []

    run_async(scenario())


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("it_came_out", [False, True], ids=["print-again", "it-came-out"])
def test_a_label_that_may_have_printed_before_a_crash_is_a_question_to_the_packer(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    world: Any,
    tmp_path: Path,
    it_came_out: bool,
) -> None:
    sandbox, printer = world
    # a printer that answers no status and keeps no label counter: it cannot tell
    uri = f"{printer.uri}?status=none&timeout=1&confirm=2"
    env = cli_environ(
        sandbox, tmp_path, PACKSTATION_PRINTER_LANGUAGE="zpl", PACKSTATION_PRINTER_DPI="203"
    )
    env.update(PACKSTATION_PRINTER=uri, PACKSTATION_TEST_KILL_AFTER="print_dispatched:1")
    # the station dies as the label is about to leave for the printer
    killed = packstation("pack", "A100", "--skip-verify", env=env, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert printer.jobs() == []

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path / "data", printer_uri=uri) as bench:
            resume = bench.screen.dialog
            assert isinstance(resume, ResumeDialog)
            bench.key(Qt.Key.Key_Return, resume.list)  # finish what was left
            await wait_until(
                lambda: isinstance(bench.screen.dialog, UncertainPrintDialog), timeout=10
            )
            question = bench.screen.dialog
            assert isinstance(question, UncertainPrintDialog)
            [label] = live_labels(sandbox, "A100")
            assert label.tracking_code in question.view.label
            assert tone(bench) is Tone.WARNING
            assert bench.screen.banner.headline.text().startswith("Did this label come out?")
            assert printer.jobs() == []  # nothing is sent before the packer answers

            bench.key(Qt.Key.Key_D if it_came_out else Qt.Key.Key_P, question)
            await bench.settled()

            if it_came_out:
                assert "Recorded as printed" in bench.banner()
                assert printer.jobs() == []  # not printed again
            else:
                assert printer.wait_for_jobs(1)
                assert label.tracking_code.encode() in printer.jobs()[0].data
            assert len(live_labels(sandbox, "A100")) == 1

            async def done_in_journal() -> bool:
                cycle = await bench.station.journal.latest_cycle("A100")
                return cycle is not None and cycle.status.value == "done"

            for _ in range(200):
                if await done_in_journal():
                    break
                await asyncio.sleep(0.02)
            assert await done_in_journal()
            assert not any(job.uncertain for job in await bench.station.print_queue.pending())

    run_async(scenario())


def test_a_label_bought_but_not_downloaded_is_named_never_no_label(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            sandbox.control.fail_next("/v2/label-download", method="GET", count=20)
            bench.type_scan("A105")
            bench.type_scan(order_codes(sandbox, "A105")[0])  # the last item: buys the label
            await bench.settled()
            [label] = live_labels(sandbox, "A105")
            assert tone(bench) is Tone.ERROR
            headline = bench.screen.banner.headline.text()
            assert headline == f"Label bought, not finished: {label.tracking_code}"
            assert "No label" not in bench.banner()
            sandbox.control.faults.clear()
            bench.key(Qt.Key.Key_F2)  # finish it: looked up, downloaded, printed
            await done(bench)
            assert printer.wait_for_jobs(1)
            assert len(live_labels(sandbox, "A105")) == 1

    run_async(scenario())


def test_a_scan_during_a_slow_label_request_is_queued_and_the_loop_keeps_running(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            bench.type_scan("A105")
            await bench.settled()
            sandbox.control.latency(0.3, "/v2/labels")
            ticks: list[float] = []
            timer = QTimer()
            timer.setInterval(10)
            timer.timeout.connect(lambda: ticks.append(asyncio.get_running_loop().time()))
            bench.type_scan(order_codes(sandbox, "A105")[0])  # the last item: buys the label
            await wait_until(lambda: tone(bench) is Tone.WORKING)
            timer.start()
            bench.type_scan("A100")  # the next order, while the label request is pending
            await wait_until(lambda: printer.jobs() != [], timeout=10)
            during = len(ticks)
            await bench.settled()
            timer.stop()
            sandbox.control.latency(0.0)
            assert during >= 10  # the 10 ms timer kept firing through the 300 ms request
            assert len(live_labels(sandbox, "A105")) == 1
            # the queued scan was handled after the label: A100 is on the bench now
            assert bench.screen.header.values["order"].text().startswith("A100")
            assert bench.screen.banner.headline.text() == "Scan the items: 0 of 3"

    run_async(scenario())


def test_reprint_and_void_ask_for_a_reason_and_record_it(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            bench.type_scan("A105")
            bench.type_scan(order_codes(sandbox, "A105")[0])
            await done(bench)
            tracking = live_labels(sandbox, "A105")[0].tracking_code

            bench.type_scan("PS-CMD:REPRINT")  # a command barcode opens the dialog
            await bench.settled()
            dialog = bench.screen.dialog
            assert dialog is not None
            await wait_until(dialog.isVisible)
            bench.key(Qt.Key.Key_Return, dialog)  # no reason yet: refused
            assert dialog.isVisible()
            bench.key(Qt.Key.Key_Down, dialog.focusWidget())  # the first preset reason
            bench.key(Qt.Key.Key_Return, dialog)
            await done(bench)
            assert bench.screen.banner.headline.text() == "Printed again: A105"
            assert printer.wait_for_jobs(2)
            events = await bench.station.journal.events(order_id="A105", limit=200)
            reprints = [e for e in events if e.kind == "reprint"]
            assert reprints[0].detail["reason"] == "Label damaged or smudged"

            bench.key(Qt.Key.Key_F7)
            void = bench.screen.dialog
            assert isinstance(void, VoidDialog)
            await wait_until(void.isVisible)
            assert void.tracking_code() == tracking
            QTest.keyClicks(void.picker.other, "Test of the void dialog")
            bench.key(Qt.Key.Key_Return, void)
            await done(bench)
            assert bench.screen.banner.headline.text() == f"Label {tracking} voided"
            assert not live_labels(sandbox, "A105")
            events = await bench.station.journal.events(order_id="A105", limit=200)
            voided = [e for e in events if e.kind == "label_voided"]
            assert voided[0].detail["reason"] == "Test of the void dialog"

    run_async(scenario())


def test_cancel_needs_a_reason_and_command_sheet_is_written(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            bench.type_scan("A100")
            await bench.settled()
            bench.key(Qt.Key.Key_F9)
            dialog = bench.screen.dialog
            assert isinstance(dialog, ReasonDialog)
            await wait_until(dialog.isVisible)
            bench.type_scan("Customer phoned")  # a scan while the dialog is open fills the reason
            assert dialog.picker.reason() == "Customer phoned"
            bench.key(Qt.Key.Key_Return, dialog)
            await bench.settled()
            assert bench.screen.banner.headline.text() == "Order A100 taken off the bench"
            assert bench.screen.items.rowCount() == 0
            cycles = [c for c in await bench.station.journal.cycles() if c.order_id == "A100"]
            assert [(c.status.value, c.note) for c in cycles] == [("abandoned", "Customer phoned")]

            bench.key(Qt.Key.Key_F11)
            await bench.settled()
            assert bench.screen.banner.headline.text() == "Command sheet ready"
            assert bench.opened == [bench.settings.data_dir / "command-sheet.pdf"]
            from pypdf import PdfReader

            text = "".join(p.extract_text() for p in PdfReader(bench.opened[0]).pages)
            for code in ("PS-CMD:FINISH", "PS-CMD:NEXT-PARCEL", "PS-CMD:SKIP:UNREADABLE"):
                assert code in text

    run_async(scenario())


def test_slow_typing_in_the_manual_field_is_typing_not_a_scan(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            now = [1000.0]
            bench.scanner._clock = lambda: now[0]
            entry = bench.screen.entry
            for char in "A100":
                now[0] += 0.3  # a person with gloves: a key every 0.3 s
                QTest.keyClicks(entry, char)
            # it goes into the field (the last key once the wedge filter sees no burst)
            await wait_until(lambda: entry.text() == "A100")
            assert bench.vm.idle()
            now[0] += 0.3
            bench.key(Qt.Key.Key_Return, entry)  # Enter in the manual field submits it
            await bench.settled()
            assert bench.screen.header.values["order"].text().startswith("A100")
            assert entry.text() == ""

    run_async(scenario())


def test_another_order_scanned_mid_order_is_recognised_and_an_unknown_command_is_named(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            requested: list[BenchDialog] = []
            bench.vm.dialog_requested.connect(requested.append)
            bench.type_scan("A100")
            await bench.settled()
            bench.type_scan(order_codes(sandbox, "A100")[0])
            await bench.settled()
            bench.type_scan("A105")  # another order's pick list, while A100 is being packed
            await bench.settled()
            assert tone(bench) is Tone.WARNING
            assert bench.screen.banner.headline.text() == "That is order A105"
            detail = bench.screen.banner.detail.text()
            assert "Finish order A100 first" in detail
            assert "F9" in detail
            assert last_sound(bench) is Sound.WRONG_ITEM
            assert bench.screen.header.values["order"].text().startswith("A100")
            current = bench.station.service.current
            assert current is not None
            assert current.order_id == "A100"
            assert current.progress.units_scanned == 1  # nothing counted, nothing lost

            bench.type_scan("PS-CMD:LAUNCH")
            await bench.settled()
            assert bench.screen.banner.headline.text() == "Unknown command barcode"
            assert "PS-CMD:LAUNCH" in bench.screen.banner.detail.text()
            assert last_sound(bench) is Sound.WRONG_ITEM

            bench.type_scan("PS-CMD:VOID")  # no label yet: the dialog asks, the enum says which
            await bench.settled()
            assert requested == [BenchDialog.VOID]
            dialog = bench.screen.dialog
            assert isinstance(dialog, VoidDialog)
            dialog.reject()

    run_async(scenario())


def test_a_printer_that_cannot_confirm_is_never_called_printed(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        # status=none: a raw printer that reports nothing, so the print is sent, unconfirmed
        uri = f"{printer.uri}?status=none&confirm=2"
        async with open_bench(qapp, sandbox, printer, tmp_path, printer_uri=uri) as bench:
            bench.type_scan("A100")
            await bench.settled()
            for code in order_codes(sandbox, "A100"):
                bench.type_scan(code)
                await bench.settled()
            await wait_until(lambda: bench.vm.idle() and tone(bench) is not Tone.WORKING)

            assert tone(bench) is Tone.WARNING, bench.banner()
            headline = bench.screen.banner.headline.text()
            assert headline == "Sent to the printer — check that the label came out"
            assert "cannot confirm" in bench.screen.banner.detail.text()
            assert bench.screen.parcels.rows[0].status == "sent, unconfirmed"
            assert last_sound(bench) is Sound.ATTENTION
            assert printer.wait_for_jobs(1)
            assert len(live_labels(sandbox, "A100")) == 1

    run_async(scenario())
