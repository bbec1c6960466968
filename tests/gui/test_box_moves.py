"""Which box each unit is in, and moving units between boxes, in the real window on the real
station with the sandbox over loopback: the items table's box column (hidden while the order
is in one box, the current box lit), Ctrl+M's move dialog driven by scans and digits, the plain
refusals, the journal's record of each move, and the labels bought for the boxes as moved."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.domain.cycle import JournalKind
from packstation.ui.box_column import MARKS_ROLE
from packstation.ui.box_moves import BoxMove, MoveDialog
from packstation.ui.pack_views import BoxMark
from packstation.ui.pack_widgets import ItemsTable
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.layout_check import problems
from tests.sandbox_queries import live_labels

LAMP, MAT, BACKPACK, COFFEE = "4260123450151", "4260123450182", "4260123450090", "4260123450144"


def box_column(table: ItemsTable) -> list[tuple[BoxMark, ...]]:
    """Each row's box marks as the table holds them."""
    cells = [table.item(r, table.BOX_COLUMN) for r in range(table.rowCount())]
    return [tuple(cell.data(MARKS_ROLE) or ()) if cell else () for cell in cells]


def tone(bench: Bench) -> Tone:
    return bench.screen.banner.tone


def ctrl_m(bench: Bench) -> None:
    target = QApplication.focusWidget() or bench.screen.entry
    QTest.keyClick(target, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)


def column_shown(table: ItemsTable) -> bool:
    return not table.isColumnHidden(table.BOX_COLUMN)


async def move(bench: Bench, item: str, box: str, scans: int = 1, command: bool = False) -> None:
    """Ctrl+M (or the MOVE command barcode), scan the item (again: its row in the next box),
    type the box's digit, Enter."""
    if command:
        bench.type_scan("PS-CMD:MOVE")
    else:
        ctrl_m(bench)
    await wait_until(lambda: isinstance(bench.screen.dialog, MoveDialog))
    dialog = bench.screen.dialog
    assert isinstance(dialog, MoveDialog)
    await wait_until(dialog.isVisible)
    assert problems(dialog) == []  # big enough for its texts, inside the window
    for _ in range(scans):
        bench.type_scan(item)  # the wedge filter hands it to the dialog
    await wait_until(lambda: dialog.row() is not None and item in dialog.row().codes)  # type: ignore[union-attr]
    bench.key(Qt.Key.Key_0 + int(box), dialog.items)  # type: ignore[arg-type]
    assert dialog.target.value() == int(box)
    bench.key(Qt.Key.Key_Return, dialog.items)
    await wait_until(lambda: bench.screen.dialog is None)
    await bench.settled()


def test_the_items_table_shows_the_boxes_and_units_move_between_them(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path, auto_finish=False) as bench:
            table = bench.screen.items
            bench.window.resize(1062, 740)  # the bench window's smallest size
            bench.type_scan("A102")
            await bench.settled()
            bench.type_scan(LAMP)
            await bench.settled()
            assert not column_shown(table)  # one box: nothing extra to read

            bench.key(Qt.Key.Key_F4)
            await bench.settled()
            assert column_shown(table)
            for code in (MAT, BACKPACK, COFFEE):
                bench.type_scan(code)
            await bench.settled()
            lamp, mat, backpack, coffee = box_column(table)
            assert lamp == (BoxMark(1, 1, False),)
            assert mat == backpack == coffee == (BoxMark(2, 1, True),)  # box 2 is current
            await asyncio.sleep(0.2)  # laid out and drawn
            assert problems(bench.window) == []  # readable at the smallest window
            assert not table.horizontalScrollBar().isVisible()

            # the lamp goes into box 2 as well: box 1 is left empty, and said so
            await move(bench, LAMP, "2")
            assert tone(bench) is Tone.WARNING
            assert bench.banner().startswith("Moved to box 2: 1 × Desk lamp, LED")
            assert "Box 1 is empty now" in bench.banner()
            # the mat goes back into box 1
            await move(bench, MAT, "1", command=True)
            assert tone(bench) is Tone.READY
            assert box_column(table)[:2] == [(BoxMark(2, 1, True),), (BoxMark(1, 1, False),)]
            # the second coffee goes into box 2 too; one more moves to a new box 3, and back:
            # the last box, emptied, is put away
            bench.type_scan(COFFEE)
            await bench.settled()
            assert box_column(table)[3] == (BoxMark(2, 2, True),)
            await move(bench, COFFEE, "3")
            assert box_column(table)[3] == (BoxMark(2, 1, True), BoxMark(3, 1, False))
            assert [v.number for v in bench.screen.boxes.views] == [1, 2, 3]
            await move(bench, COFFEE, "2", scans=2)  # the coffee in box 3
            assert "Box 3 was left empty and is put away" in bench.banner()
            assert [v.number for v in bench.screen.boxes.views] == [1, 2]

            # what cannot be moved is said plainly, and nothing moves
            for wrong, said in (
                (BoxMove("SKU-YOGA-MAT", 2, 1), "Not moved: box 2 holds 0 × Yoga mat, 6 mm"),
                (BoxMove("SKU-LAMP-DESK", 7, 1), "There is no box 7"),
                (BoxMove("SKU-LAMP-DESK", 2, 5), "There is no box 5"),
                (BoxMove("SKU-LAMP-DESK", 2, 2), "Desk lamp, LED is already in box 2"),
            ):
                bench.vm.move_units(wrong)
                await bench.settled()
                assert tone(bench) is Tone.WARNING
                assert said in bench.banner()
            bench.key(Qt.Key.Key_F4)  # box 3, empty
            await bench.settled()
            bench.vm.move_units(BoxMove("SKU-LAMP-DESK", 3, 1))
            await bench.settled()
            assert "Box 3 is empty" in bench.banner()
            await move(bench, BACKPACK, "3")
            assert box_column(table)[2] == (BoxMark(3, 1, True),)

            bench.key(Qt.Key.Key_F2)
            await wait_until(lambda: tone(bench) is Tone.SUCCESS, timeout=30)
            ctrl_m(bench)  # finished: its boxes stay as they are
            await bench.settled()
            assert "Order A102 is finished" in bench.banner()

            weights = sorted(
                (label.package_no, label.weight_kg) for label in live_labels(sandbox, "A102")
            )
            # box 1: the mat; box 2: the lamp and both coffees; box 3: the backpack
            assert weights == [(1, 1.2), (2, 3.5), (3, 0.78)]
            events = await bench.station.journal.events(order_id="A102")
            moves = [
                (e.detail["sku"], e.detail["source"], e.detail["target"], e.detail["closed"])
                for e in events
                if e.kind is JournalKind.BOXES and e.detail.get("action") == "moved"
            ]
            assert moves == [
                ("SKU-LAMP-DESK", 1, 2, None),
                ("SKU-YOGA-MAT", 2, 1, None),
                ("SKU-COFFEE-1KG", 2, 3, None),
                ("SKU-COFFEE-1KG", 3, 2, 3),
                ("SKU-BACKPACK-20", 2, 3, None),
            ]

    run_async(scenario())
