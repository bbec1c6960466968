"""The weight gate in the window's language, and a finished order's packing slip printed again
from the window (Ctrl+P), on the real station with the sandbox over loopback: the banner and
the boxes panel's amber line in German and back in English, the slip on A5 read back from the
PDF, the journal's record of each slip, and the plain refusals."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.adapters.scales.virtual import VirtualScale
from packstation.domain.cycle import JournalKind
from packstation.ui.i18n import LanguageSwitch
from packstation.ui.slip_reprint import SlipDialog
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench, order_codes
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.layout_check import problems

SNEAKER = "A105"  # AT: one pair of sneakers, 900 g


def ctrl(bench: Bench, key: Qt.Key) -> None:
    target = QApplication.focusWidget() or bench.screen.entry
    QTest.keyClick(target, key, Qt.KeyboardModifier.ControlModifier)


def headline(bench: Bench) -> str:
    return bench.screen.banner.headline.text()


def detail(bench: Bench) -> str:
    return bench.screen.banner.detail.text()


def tone(bench: Bench) -> Tone:
    return bench.screen.banner.tone


async def slip_dialog(bench: Bench) -> SlipDialog:
    ctrl(bench, Qt.Key.Key_P)
    await wait_until(lambda: isinstance(bench.screen.dialog, SlipDialog))
    dialog = bench.screen.dialog
    assert isinstance(dialog, SlipDialog)
    await wait_until(dialog.isVisible)
    return dialog


async def closed(bench: Bench) -> None:
    await wait_until(lambda: bench.screen.dialog is None)
    await bench.settled()


def test_the_weight_gate_speaks_german_and_the_packing_slip_prints_again_from_the_window(
    qtbot: QtBot,
    qapp: QApplication,
    run_async: RunAsync[Any],
    world: Any,
    tmp_path: Path,
    language: LanguageSwitch,
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
            packing_slip="always",
            packing_slip_size="A5",
            merchant_name="Acme Outdoor",
        ) as bench:
            scale = bench.station.scale
            assert isinstance(scale, VirtualScale)
            panel = bench.screen.boxes
            language.apply("de")
            bench.vm.retranslate()
            bench.type_scan(SNEAKER)
            for code in order_codes(sandbox, SNEAKER):
                bench.type_scan(code)
            await bench.settled()
            bench.key(Qt.Key.Key_F2)  # not weighed: the gate holds the order, in German
            await bench.settled()
            assert tone(bench) is Tone.WARNING
            assert headline(bench) == "Zuerst Karton 1 wiegen"
            assert detail(bench).startswith(
                "Karton 1 von Auftrag A105 ist noch nicht gewogen: Dieser Packplatz prüft"
            )

            await wait_until(lambda: scale.load_g == 900)
            scale.place(1250)  # a second pair in the box: 350 g too much
            ctrl(bench, Qt.Key.Key_G)
            await wait_until(panel.gate_label.isVisible, timeout=10)
            german_line = (
                "Karton 1: 350 g schwerer als erwartet — auf einen zusätzlichen Artikel prüfen"
            )
            assert panel.gate_label.text() == german_line
            bench.key(Qt.Key.Key_F2)
            await bench.settled()
            assert tone(bench) is Tone.WARNING
            assert headline(bench) == german_line
            assert detail(bench).startswith(
                "1,250 kg auf der Waage, 900 g erwartet, ±50 g erlaubt."
            )
            print(
                "PROBLEMS",
                bench.window.size(),
                bench.window.minimumSizeHint(),
                problems(bench.window),
            )
            assert problems(bench.window) == []  # the German words fit

            language.apply("en")  # a language switch words the banner and the line again
            bench.vm.retranslate()
            await wait_until(lambda: "heavier" in headline(bench))
            english_line = "Box 1: 350 g heavier than expected — check for an extra item"
            assert headline(bench) == english_line
            assert detail(bench).startswith("1.250 kg on the scale, 900 g expected, ±50 g allowed.")
            await wait_until(lambda: panel.gate_label.text() == english_line)

            QTest.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)  # keep it
            await wait_until(lambda: not panel.gate_label.isVisible(), timeout=10)
            bench.key(Qt.Key.Key_F2)
            await wait_until(lambda: tone(bench) is Tone.SUCCESS, timeout=30)
            filed = tmp_path / "packing-slips" / "A105-packing-slip.pdf"
            await wait_until(filed.exists, timeout=10)
            filed.unlink()  # printed again below, from the journal

            dialog = await slip_dialog(bench)  # the order just finished is offered
            assert dialog.order.text() == SNEAKER
            assert problems(dialog) == []
            bench.key(Qt.Key.Key_Return, dialog.order)
            await closed(bench)
            assert tone(bench) is Tone.READY
            assert headline(bench) == "Packing slip of order A105 filed"
            assert str(filed) in detail(bench)  # no document printer here: filed to print
            (page,) = pypdf.PdfReader(io.BytesIO(filed.read_bytes())).pages
            size_mm = (
                round(float(page.mediabox.width) * 25.4 / 72),
                round(float(page.mediabox.height) * 25.4 / 72),
            )
            assert size_mm == (148, 210)  # A5
            text = page.extract_text()
            assert "Acme Outdoor" in text
            assert "A105" in text
            events = await bench.station.journal.events(order_id=SNEAKER)
            slips = [e.detail["why"] for e in events if e.kind is JournalKind.PACKING_SLIP]
            assert slips == ["finish", "reprint"]

            dialog = await slip_dialog(bench)
            bench.type_scan("A999")  # a scan replaces the order offered
            await wait_until(lambda: dialog.order.text() == "A999")
            bench.key(Qt.Key.Key_Return, dialog.order)
            await closed(bench)
            assert headline(bench) == "No packing slip for order A999"

            bench.type_scan("A100")  # on the bench, not finished: no slip yet
            await bench.settled()
            bench.type_scan("PS-CMD:SLIP")  # the command barcode opens the same dialog
            await wait_until(lambda: isinstance(bench.screen.dialog, SlipDialog))
            by_barcode = bench.screen.dialog
            assert isinstance(by_barcode, SlipDialog)
            await wait_until(by_barcode.isVisible)
            bench.type_scan("A100")
            await wait_until(lambda: by_barcode.order.text() == "A100")
            bench.key(Qt.Key.Key_Return, by_barcode.order)
            await closed(bench)
            assert headline(bench) == "No packing slip for order A100 yet"
            assert tone(bench) is Tone.WARNING

    run_async(scenario())
