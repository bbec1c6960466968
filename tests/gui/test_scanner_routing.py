"""Mixed-case scans with real Shift / AltGr key sequences, wherever the packer's focus is.

The real window on the real station (sandbox over loopback), the wedge filter installed as
the application installs it; scans are sent as a wedge scanner's key events
(``tests/gui/keyboard.py``: Shift and AltGr presses and releases, platform timestamps 2-8 ms
apart) to whatever widget has focus: the items table, the manual entry, the reprint, void and
reason dialogs, the returns desk and the customs dialog. Issue 18: such scans were cut at the
first Shift press, or handed to the focused widget.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from packstation.domain.keyboard_layouts import KeyboardLayout, retype, scanner_test_code
from packstation.sandbox import SandboxServer
from packstation.ui.dialogs import ReasonDialog, ReprintDialog, VoidDialog
from packstation.ui.returns_mode import ReturnsMode
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench, order_codes
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.keyboard import Layout, Stroke, WedgeScanner, code_strokes
from tests.gui.workflow_bench import WorkflowBench, key, open_workflow_bench
from tests.sandbox_queries import live_labels

CTRL = Qt.KeyboardModifier.ControlModifier


def tone(bench: Bench) -> Tone:
    return bench.screen.banner.tone


def scanner(gap_ms: tuple[int, int] = (2, 8)) -> WedgeScanner:
    """The wedge scanner: the filter measures its gaps by the events' timestamps."""
    return WedgeScanner(lambda _seconds: None, gap_ms, seed=18)


def live_tracking_codes(sandbox: SandboxServer, order_id: str) -> list[str]:
    return [label.tracking_code for label in live_labels(sandbox, order_id)]


async def dialog_of(bench: Bench, kind: type[Any]) -> Any:
    await wait_until(
        lambda: isinstance(bench.screen.dialog, kind) and bench.screen.dialog.isVisible()
    )
    await wait_until(lambda: QApplication.activeWindow() is bench.screen.dialog)
    return bench.screen.dialog


def test_mixed_code_scans_reach_their_place_wherever_the_focus_is(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_workflow_bench(qapp, sandbox, printer, tmp_path) as wb:
            bench = wb.bench
            device = scanner()
            # the items table has the focus (a packer's click, or focus left there)
            bench.screen.items.setFocus()
            await wait_until(lambda: QApplication.focusWidget() is bench.screen.items)
            device.scan("A105")  # Shift around the A
            await bench.settled()
            assert bench.screen.header.values["order"].text().startswith("A105")
            for code in order_codes(sandbox, "A105"):
                device.scan(code)
            await bench.settled()
            await wait_until(lambda: bool(live_tracking_codes(sandbox, "A105")), timeout=10)
            (tracking,) = live_tracking_codes(sandbox, "A105")
            assert printer.wait_for_jobs(1)

            # the reprint dialog, opened by a command barcode with capitals and a shifted ':'
            bench.screen.focus_entry()
            device.scan("PS-CMD:REPRINT")
            reprint: ReprintDialog = await dialog_of(bench, ReprintDialog)
            assert QApplication.focusWidget() is reprint.picker.other
            device.scan("ORD-A105/Z")  # goes into the order field, whole
            assert reprint.target.text() == "ORD-A105/Z"
            assert reprint.picker.other.text() == ""
            key(Qt.Key.Key_Escape)
            await wait_until(lambda: not reprint.isVisible())
            await wait_until(lambda: QApplication.focusWidget() is bench.screen.entry)

            # the void dialog: a tracking code picks its label; another fills the field
            device.scan("PS-CMD:VOID")
            void: VoidDialog = await dialog_of(bench, VoidDialog)
            device.scan("1Z7S161094040014")
            assert void.code.text() == "1Z7S161094040014"
            device.scan(tracking)
            assert void.code.text() == ""
            assert void.tracking_code() == tracking
            key(Qt.Key.Key_Escape)
            await wait_until(lambda: not void.isVisible())
            await wait_until(lambda: QApplication.focusWidget() is bench.screen.entry)

            # the reason dialog of a cancel: the scan fills the reason, nothing else happens
            device.scan("A100")
            await bench.settled()
            key(Qt.Key.Key_F9)
            cancel: ReasonDialog = await dialog_of(bench, ReasonDialog)
            device.scan("SKU-TSHIRT-M", Layout.DE_WINDOWS)
            assert cancel.picker.other.text() == "SKU-TSHIRT-M"
            assert cancel.isVisible()
            key(Qt.Key.Key_Escape)
            await wait_until(lambda: not cancel.isVisible())
            await wait_until(lambda: QApplication.focusWidget() is bench.screen.entry)
            assert bench.screen.header.values["order"].text().startswith("A100")

            # the returns desk: the returned parcel's tracking code, from its lines table
            key(Qt.Key.Key_2, CTRL)
            mode: ReturnsMode = wb.mode_widget("returns")
            await wait_until(lambda: QApplication.focusWidget() is mode.lines)
            device.scan(tracking, Layout.DE_X11)
            await wait_until(lambda: mode.vm.order_id == "A105" and not mode.vm.busy, timeout=10)
            assert mode.order_title.text() == "Order A105"
            # and from its free-text field, keys at 0 ms: looked up, not typed into the field
            mode.entry.setFocus()
            await wait_until(lambda: QApplication.focusWidget() is mode.entry)
            device.gap_ms = (0, 0)
            device.scan("A100")
            await wait_until(lambda: mode.vm.order_id == "A100" and not mode.vm.busy, timeout=10)
            assert mode.entry.text() == ""

    run_async(scenario())


def test_a_scan_goes_whole_into_the_customs_dialog_field_being_edited(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_workflow_bench(qapp, sandbox, printer, tmp_path) as wb:
            bench = wb.bench
            device = scanner()
            device.scan("A101")
            for code in order_codes(sandbox, "A101"):
                device.scan(code)
            await bench.settled()
            dialog = await customs_dialog_of(wb)
            field = dialog.edits["invoice_id"]
            assert isinstance(field, QLineEdit)
            field.setFocus()
            await wait_until(lambda: QApplication.focusWidget() is field)
            device.scan("INV-2026/A101:7", Layout.DE_WINDOWS)
            assert field.text() == "INV-2026/A101:7"
            device.gap_ms = (0, 0)  # and with every key at once: the field holds the new code
            device.scan("RE-Zy/2026:A@1", Layout.DE_X11)
            assert field.text() == "RE-Zy/2026:A@1"
            assert dialog.isVisible()

    run_async(scenario())


async def customs_dialog_of(wb: WorkflowBench) -> Any:
    prompt = wb.modes.customs_prompt
    await wait_until(lambda: prompt.dialog is not None and prompt.dialog.isVisible(), timeout=10)
    await wait_until(lambda: QApplication.activeWindow() is prompt.dialog)
    return prompt.dialog


def test_the_scanner_test_barcode_and_a_layout_mismatch_are_told_plainly(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path) as bench:
            device = scanner()
            test = scanner_test_code("PS-CMD:")
            assert test in [code for code, _t, _h in bench.vm.command_sheet_entries()]
            device.scan(test, Layout.DE_X11)  # scanner and PC on the German layout
            await wait_until(lambda: "Scanner test passed" in bench.banner())
            assert tone(bench) is Tone.SUCCESS

            # a US-layout scanner on this German-layout PC: what arrives is altered
            arrived = retype(test, KeyboardLayout.US, KeyboardLayout.DE)
            assert arrived == "PSßCMDÖTESTÖYzß-Aq1."
            device.scan(arrived, Layout.DE_X11)
            await wait_until(lambda: "different keyboard layouts" in bench.banner())
            assert tone(bench) is Tone.ERROR
            assert "US English (QWERTY)" in bench.banner()
            assert "German (QWERTZ)" in bench.banner()
            assert "Z arrives as Y" in bench.banner()
            assert "- arrives as ß" in bench.banner()

            # a command barcode altered so is recognised too, and does nothing else
            bench.screen.items.setFocus()
            device.scan("PSßCMDÖFINISH", Layout.DE_X11)
            await wait_until(lambda: "PSßCMDÖFINISH" in bench.banner())
            assert "different keyboard layouts" in bench.banner()
            assert bench.vm.idle()

            # a scan that pauses in the middle is not used, and the packer is told
            strokes = code_strokes("A100", Layout.US_X11)
            for number, stroke in enumerate(strokes):
                if number == 6:  # after "A1"
                    device.now_ms += 150
                device.send(stroke)
            device.send(Stroke("press", int(Qt.Key.Key_Return), "\r"))
            await wait_until(lambda: "came in pieces" in bench.banner())
            assert tone(bench) is Tone.WARNING
            assert "A100" in bench.banner()
            assert not bench.screen.header.values["order"].text().startswith("A100")

    run_async(scenario())
