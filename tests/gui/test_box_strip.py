"""The boxes panel on the real station and the sandbox: a card per box with the current one
framed, the virtual scale's live weight next to the expected one, and the weight gate's amber
line with the packer's two choices. Keys and scans only, as at the bench."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.adapters.scales.virtual import VirtualScale
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench
from tests.gui.conftest import RunAsync, wait_until
from tests.sandbox_queries import live_labels

LAMP, MAT, BACKPACK, COFFEE = "4260123450151", "4260123450182", "4260123450090", "4260123450144"


def cards(bench: Bench) -> list[tuple[str, str, bool]]:
    return [(c.heading.text(), c.contents.text(), c.view.current) for c in bench.screen.boxes.cards]


def weigh(bench: Bench) -> None:
    QTest.keyClick(bench.screen.entry, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)


def test_boxes_at_a_glance_live_weight_and_the_weight_gate(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(
            qapp,
            sandbox,
            printer,
            tmp_path,
            weight_gate=True,
            auto_finish=False,
            box_types=[{"name": "L", "barcode": "BOX-L", "tare_g": 0}],
        ) as bench:
            scale = bench.station.scale
            assert isinstance(scale, VirtualScale)  # the sandbox's scale
            panel = bench.screen.boxes
            bench.type_scan("A102")
            await bench.settled()
            assert cards(bench) == [("Box 1", "empty", True)]
            bench.type_scan(LAMP)
            await bench.settled()
            assert cards(bench) == [("Box 1", "1 × Desk lamp, LED", True)]
            # the virtual scale carries the box; the live reading shows next to the expected
            await wait_until(lambda: "Scale: 1.400 kg" in panel.scale_label.text(), timeout=10)
            assert "box 1 should weigh 1.400 kg" in panel.scale_label.text()
            weigh(bench)
            await wait_until(lambda: panel.views[0].measured_g == 1400, timeout=10)
            assert "weighed 1.400 kg" in panel.cards[0].weights.text()

            bench.key(Qt.Key.Key_F4)  # the next box
            await bench.settled()
            assert [(h, cur) for h, _, cur in cards(bench)] == [("Box 1", False), ("Box 2", True)]
            bench.type_scan("BOX-L")  # the empty current box becomes an L
            await bench.settled()
            assert cards(bench)[1][0] == "Box 2 · L"
            for code in (MAT, BACKPACK):
                bench.type_scan(code)
            await bench.settled()
            assert cards(bench)[1][1] == "1 × Yoga mat, 6 mm\n1 × Backpack 20 l"
            await wait_until(lambda: scale.load_g == 1980)
            scale.place(2330)  # a third thing in the box: 350 g too much
            weigh(bench)
            await wait_until(panel.gate_label.isVisible, timeout=10)
            assert panel.gate_label.text() == (
                "Box 2: 350 g heavier than expected — check for an extra item"
            )
            assert panel.confirm_button.isVisible()
            assert panel.recheck_button.isVisible()
            QTest.mouseClick(panel.recheck_button, Qt.MouseButton.LeftButton)
            await wait_until(lambda: not panel.gate_label.isVisible(), timeout=10)
            assert panel.views[1].measured_g is None  # opened: weighed again
            scale.place(1985)
            weigh(bench)
            await wait_until(lambda: panel.views[1].measured_g == 1985, timeout=10)
            assert not panel.gate_label.isVisible()

            bench.key(Qt.Key.Key_F4)
            await bench.settled()
            for _ in range(2):
                bench.type_scan(COFFEE)
            await bench.settled()
            assert [cur for _, _, cur in cards(bench)] == [False, False, True]
            QTest.mouseClick(panel.cards[0], Qt.MouseButton.LeftButton)  # back to box 1
            await wait_until(lambda: [v.current for v in panel.views] == [True, False, False])
            QTest.mouseClick(panel.cards[2], Qt.MouseButton.LeftButton)
            await wait_until(lambda: [v.current for v in panel.views] == [False, False, True])
            bench.key(Qt.Key.Key_F2)  # box 3 is not weighed: the gate holds the order
            await bench.settled()
            assert bench.screen.banner.tone is Tone.WARNING
            assert "Box 3 of order A102 is not weighed yet" in bench.screen.banner.detail.text()
            await wait_until(lambda: scale.load_g == 2100)
            weigh(bench)
            await wait_until(lambda: panel.views[2].measured_g == 2100, timeout=10)
            bench.key(Qt.Key.Key_F2)
            await bench.settled()
            await wait_until(lambda: bench.screen.banner.tone is Tone.SUCCESS, timeout=20)
            assert cards(bench) == []  # nothing on the bench any more
            weights = sorted(
                (label.package_no, label.weight_kg) for label in live_labels(sandbox, "A102")
            )
            assert weights == [(1, 1.4), (2, 1.985), (3, 2.1)]

    run_async(scenario())
