"""Packers sign in at the bench window: a badge scan anywhere, or Ctrl+L and a typed name; the
station bar names the packer at once and the journal records them on every cycle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from packstation.ui.dialogs import SignInDialog
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench, order_codes
from tests.gui.conftest import RunAsync, wait_until

PACKERS = [{"name": "Anna Schmidt", "badge": "EMP-00123"}]


def packer_shown(bench: Bench) -> str:
    return bench.window.station_bar.labels["packer"].text()


def test_badge_scan_signs_in_and_the_cycle_names_the_packer(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(
            qapp, sandbox, printer, tmp_path, packer_name="", packers=PACKERS
        ) as bench:
            await wait_until(lambda: bench.window.station_bar.view is not None, 15)
            assert bench.screen.banner.headline.text() == "Scan an order"
            assert "Nobody is signed in" in bench.screen.banner.detail.text()
            assert "nobody signed in" in packer_shown(bench)

            bench.type_scan("EMP-00123")
            await bench.settled()
            assert bench.screen.banner.headline.text() == "Hello Anna Schmidt — scan an order"
            assert "Anna Schmidt" in packer_shown(bench)

            bench.type_scan("A105")
            for code in order_codes(sandbox, "A105"):
                bench.type_scan(code)
            await bench.settled()
            await wait_until(lambda: bench.screen.banner.tone is Tone.SUCCESS, timeout=15)
            events = await bench.station.journal.events(order_id="A105", limit=200)
            steps = {
                e.detail["step"]: e.detail.get("packer") for e in events if e.kind == "cycle_step"
            }
            assert steps["labels"] == "Anna Schmidt"
            everything = await bench.station.journal.events(limit=500)
            assert not [e for e in everything if "EMP-00123" in str(dict(e.detail))]

    run_async(scenario())


def test_ctrl_l_signs_in_by_name_and_out_again(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(
            qapp, sandbox, printer, tmp_path, packer_name="", require_sign_in=True
        ) as bench:
            assert bench.screen.banner.headline.text() == "Sign in: scan your badge"
            bench.type_scan("A105")  # nobody signed in: the order waits
            await bench.settled()
            assert bench.station.service.current is None
            assert bench.screen.banner.headline.text() == "Sign in: scan your badge"

            QTest.keyClick(bench.screen.entry, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
            await wait_until(lambda: isinstance(bench.screen.dialog, SignInDialog))
            dialog = bench.screen.dialog
            assert isinstance(dialog, SignInDialog)
            assert not dialog.sign_out.isEnabled()
            dialog.name.setText("Maria Lopez")
            bench.key(Qt.Key.Key_Return, dialog.name)
            await wait_until(lambda: "Maria Lopez" in packer_shown(bench))
            await bench.settled()
            assert bench.station.service.packer == "Maria Lopez"

            QTest.keyClick(bench.screen.entry, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
            await wait_until(lambda: isinstance(bench.screen.dialog, SignInDialog))
            dialog = bench.screen.dialog
            assert isinstance(dialog, SignInDialog)
            assert dialog.sign_out.isEnabled()
            dialog.sign_out.click()
            await wait_until(lambda: "nobody signed in" in packer_shown(bench))
            await bench.settled()
            assert bench.screen.banner.headline.text() == "Maria Lopez signed out"
            events = await bench.station.journal.events(limit=100)
            kinds = [(e.kind, e.detail.get("packer")) for e in events if "packer_" in e.kind]
            assert kinds == [
                ("packer_signed_in", "Maria Lopez"),
                ("packer_signed_out", "Maria Lopez"),
            ]

    run_async(scenario())
