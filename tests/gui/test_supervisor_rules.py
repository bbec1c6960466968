"""Supervisor rules at the bench window, on the real station and the sandbox over loopback.

F8 (skip the item check) asks for a supervisor's badge or PIN when one is enrolled; a wrong
code does nothing and asks again, Esc drops the skip, a badge scan approves it. The skipped
rows read "not verified" in amber, never a green "complete", and the done banner says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from packstation.domain.approval import hash_secret
from packstation.ui.dialogs import ApprovalDialog, ReasonDialog
from packstation.ui.theme import Tone
from tests.gui.bench import Bench, open_bench, order_codes
from tests.gui.conftest import RunAsync, wait_until

PIN, BADGE = "4711", "SUP-BADGE-0042"
SUPERVISORS = [
    {
        "name": "Maria",
        "badge_hash": hash_secret(BADGE, rounds=1_000),
        "pin_hash": hash_secret(PIN, rounds=1_000),
    }
]


async def type_slowly(bench: Bench, field: QLineEdit, text: str) -> None:
    """A person typing (a key every 0.3 s on the wedge filter's clock), then Enter."""
    now = [1000.0]
    bench.scanner._clock = lambda: now[0]
    for char in text:
        now[0] += 0.3
        QTest.keyClicks(field, char)
    await wait_until(lambda: field.text() == text)
    now[0] += 0.3
    bench.key(Qt.Key.Key_Return, field)


async def ask_to_skip(bench: Bench, reason: str) -> ApprovalDialog:
    bench.key(Qt.Key.Key_F8)
    await wait_until(lambda: isinstance(bench.screen.dialog, ReasonDialog))
    reasons = bench.screen.dialog
    assert isinstance(reasons, ReasonDialog)
    bench.type_scan(reason, reasons.picker.other)  # a scan in the dialog fills the reason
    bench.key(Qt.Key.Key_Return, reasons.picker.other)
    await wait_until(lambda: isinstance(bench.screen.dialog, ApprovalDialog))
    await bench.settled()
    dialog = bench.screen.dialog
    assert isinstance(dialog, ApprovalDialog)
    return dialog


def test_skip_needs_a_supervisor_and_the_rows_read_not_verified(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path, supervisors=SUPERVISORS) as bench:
            codes = order_codes(sandbox, "A102")
            bench.type_scan("A102")
            bench.type_scan(codes[0])
            await bench.settled()

            dialog = await ask_to_skip(bench, "scanner broken")
            assert bench.screen.banner.tone is Tone.WARNING
            assert bench.screen.banner.headline.text() == (
                "Supervisor needed: Skipping the item check"
            )
            assert dialog.code.echoMode() is QLineEdit.EchoMode.Password
            assert not dialog.refused.isVisibleTo(dialog)

            await type_slowly(bench, dialog.code, "9999")  # a person, not a scanner
            await wait_until(
                lambda: (
                    isinstance(bench.screen.dialog, ApprovalDialog)
                    and bench.screen.dialog is not dialog
                )
            )
            await bench.settled()
            again = bench.screen.dialog
            assert isinstance(again, ApprovalDialog)
            assert again.refused.isVisibleTo(again)
            assert bench.screen.banner.headline.text() == "Not a supervisor's badge or PIN"
            session = bench.station.service.current
            assert session is not None
            assert session.skip_reason is None  # nothing was done

            bench.type_scan(BADGE, again.code)  # the badge: a scanner's burst
            await wait_until(lambda: bench.screen.banner.tone is Tone.SUCCESS, timeout=15)
            await bench.settled()
            assert printer.wait_for_jobs(1)
            headline = bench.screen.banner.headline.text()
            assert "NOT verified" in headline, bench.banner()
            assert "Packed without a scan" in bench.screen.banner.detail.text()
            rows = bench.screen.items.rows
            assert any(r.state == "not_verified" for r in rows)
            for row in rows:
                if row.scanned >= row.ordered:
                    assert row.state == "done"
                else:
                    assert row.state == "not_verified"
                    assert row.state_text == "not verified"

            events = await bench.station.journal.events(order_id="A102", limit=500)
            skipped = [e for e in events if e.kind == "verification_skipped"]
            assert skipped[0].detail["approved_by"] == "Maria"
            assert skipped[0].detail["approved_with"] == "badge"
            refused = [e for e in events if e.kind == "approval_refused"]
            assert len(refused) == 1
            text = json.dumps([dict(e.detail) for e in events])
            assert BADGE not in text
            assert "9999" not in text

    run_async(scenario())


def test_esc_drops_the_skip_and_nothing_is_done(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path, supervisors=SUPERVISORS) as bench:
            bench.type_scan("A105")
            bench.type_scan(BADGE)  # out of turn: said so, never journalled or counted
            await bench.settled()
            assert bench.screen.banner.headline.text() == "That is a supervisor badge"
            dialog = await ask_to_skip(bench, "bulk")
            bench.key(Qt.Key.Key_Escape, dialog.code)
            await wait_until(lambda: bench.screen.dialog is None)
            await bench.settled()
            assert bench.screen.banner.headline.text() == "Not done: Skipping the item check"
            session = bench.station.service.current
            assert session is not None
            assert session.skip_reason is None
            assert not printer.jobs()
            bench.type_scan("PS-CMD:SKIP:BULK")  # the command barcode asks the same
            await wait_until(lambda: isinstance(bench.screen.dialog, ApprovalDialog))
            await bench.settled()
            by_command = bench.screen.dialog
            assert isinstance(by_command, ApprovalDialog)
            await type_slowly(bench, by_command.code, PIN)
            await wait_until(lambda: bench.screen.banner.tone is Tone.SUCCESS, timeout=15)
            events = await bench.station.journal.events(order_id="A105", limit=500)
            skipped = [e for e in events if e.kind == "verification_skipped"]
            assert skipped[0].detail["approved_with"] == "pin"
            assert BADGE not in json.dumps([dict(e.detail) for e in events])

    run_async(scenario())


def test_a_second_request_replaces_the_first_and_is_the_one_approved(
    qtbot: QtBot, qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path, supervisors=SUPERVISORS) as bench:
            bench.type_scan("A105")
            await bench.settled()
            bench.vm.skip_verification("first reason")  # two skips asked for at once: the
            bench.vm.skip_verification("second reason")  # second's window replaces the first's
            await bench.settled()
            dialog = bench.screen.dialog
            assert isinstance(dialog, ApprovalDialog)
            assert bench.screen.banner.headline.text() == (
                "Supervisor needed: Skipping the item check"
            )
            await type_slowly(bench, dialog.code, PIN)
            await wait_until(lambda: bench.screen.banner.tone is Tone.SUCCESS, timeout=15)
            events = await bench.station.journal.events(order_id="A105", limit=500)
            skipped = [e for e in events if e.kind == "verification_skipped"]
            assert [e.detail["reason"] for e in skipped] == ["second reason"]

    run_async(scenario())
