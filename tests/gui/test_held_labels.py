"""A label held by a printer fault, printing by itself once the printer is back (issue 17,
item 9): the banner, the station bar and F5 must tell the same story at the same moment.

The real window on the real station, the sandbox over loopback and the virtual printer's
faults; the held label is printed by the station's print queue, not by the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench, order_codes
from tests.gui.conftest import RunAsync, wait_until


def headline(bench: Bench) -> str:
    return bench.screen.banner.headline.text()


def held(bench: Bench) -> int:
    view = bench.window.station_bar.view
    return -1 if view is None else view.held


def bar_printer(bench: Bench) -> str:
    return bench.window.station_bar.labels["printer"].text()


async def label_held(bench: Bench, order_id: str) -> None:
    """The labels have run out: ``order_id``'s label is bought and held."""
    bench.printer.set_faults(paper_out=True)
    bench.type_scan(order_id)
    for code in order_codes(bench.sandbox, order_id):
        bench.type_scan(code)
    await bench.settled()
    assert headline(bench) == "The label did not print: the labels have run out"
    await wait_until(lambda: held(bench) == 1)
    assert "the labels have run out" in bar_printer(bench)


def test_a_held_label_that_prints_by_itself_leaves_bar_and_f5_in_step_with_the_banner(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            await label_held(bench, "A105")
            printer.set_faults(paper_out=False)  # labels loaded: nobody presses anything
            await wait_until(lambda: bench.screen.banner.tone is Tone.SUCCESS, timeout=20)
            assert "The waiting label of order A105 printed." in bench.banner()
            # the bar agrees at the moment the banner turns green, not at its next poll
            assert held(bench) == 0
            assert "run out" not in bar_printer(bench)
            assert "ready" in bar_printer(bench)
            assert printer.wait_for_jobs(1, printed=True)

            bench.key(Qt.Key.Key_F5)  # as the fault's banner said: nothing is left to print
            await bench.settled()
            assert bench.screen.banner.tone is Tone.SUCCESS, bench.banner()
            assert headline(bench) == "Nothing is waiting: the label of order A105 printed"
            assert len(printer.jobs()) == 1  # and nothing printed twice
            cycle = await bench.station.journal.latest_cycle("A105")
            assert cycle is not None
            assert cycle.status.value == "done"

    run_async(scenario())


def test_an_order_opened_while_the_labels_have_run_out_says_so_until_they_are_back(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            await label_held(bench, "A105")
            bench.type_scan("A100")  # the next order, the labels still out
            await bench.settled()
            assert bench.screen.banner.tone is Tone.WARNING, bench.banner()
            assert (
                headline(bench) == "Scan the items — the printer is not ready: "
                "the labels have run out"
            )
            assert "Order A100 for Anna Müller" in bench.screen.banner.detail.text()
            assert "the labels have run out" in bar_printer(bench)

            printer.set_faults(paper_out=False)  # A105's label prints by itself
            await wait_until(lambda: bench.screen.banner.tone is Tone.READY, timeout=20)
            # A100 stays on the banner; a line says A105's label printed; the bar agrees
            assert "Order A100" in bench.screen.banner.detail.text()
            assert bench.screen.notice.text() == "The waiting label of order A105 printed."
            assert held(bench) == 0
            assert "ready" in bar_printer(bench)
            assert printer.wait_for_jobs(1, printed=True)

            bench.key(Qt.Key.Key_F5)  # nothing waits; A100 is still being packed
            await bench.settled()
            assert headline(bench) == "No label is waiting to be printed"

    run_async(scenario())


def test_an_order_opened_when_the_bar_is_behind_the_printer_is_told_the_truth(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path, label_retry_delay_s=60.0) as bench:
            await label_held(bench, "A105")
            # labels loaded, but the queue waits a minute before it tries again and the bar
            # polls every 30 s: the bar still says the labels have run out
            printer.set_faults(paper_out=False)
            bench.type_scan("A100")
            await bench.settled()
            # opening asked the printer: banner and bar both say it is ready
            assert bench.screen.banner.tone is Tone.READY, bench.banner()
            assert "Order A100" in bench.screen.banner.detail.text()
            assert "run out" not in bar_printer(bench)

    run_async(scenario())
