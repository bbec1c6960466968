"""Every screen and dialog fits the bench screen (issue 17, item 2): 1024×768 and 1920×1080, in
English and German, with a six-line order on the bench.

Each screen and dialog is rendered (offscreen) and checked by ``layout_check.problems``: text
that needs more room than its label or button has, widgets reaching outside the window, tables
with a horizontal scrollbar or cut headers, content cut at the side of a scroll area (the side
panels scroll up and down only), dialogs larger than the window. The screenshots
are kept as artefacts in ``$LAYOUT_SCREENSHOTS`` (default: the test's temporary folder,
whose path the test prints).
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from packstation.ui.about import AboutDialog
from packstation.ui.i18n import LanguageSwitch
from tests.gui.bench import order_codes
from tests.gui.conftest import RunAsync, wait_until
from tests.gui.layout_check import problems, save_screenshot
from tests.gui.workflow_bench import WorkflowBench, open_workflow_bench

T = TypeVar("T")
#: (screen size, language): every screen and dialog in both languages at both sizes
CASES = [
    pytest.param((1024, 768), "en", id="1024x768-en"),
    pytest.param((1024, 768), "de", id="1024x768-de"),
    pytest.param((1920, 1080), "en", id="1920x1080-en"),
    pytest.param((1920, 1080), "de", id="1920x1080-de"),
]


@pytest.fixture
def run_slowly(qapp: QApplication) -> Iterator[RunAsync[Any]]:
    """``run_async`` with room for a whole tour of the window (about 30 steps, each waiting
    for the screen to settle): two minutes instead of twenty seconds."""
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)

    def run(coro: Coroutine[Any, Any, T], _loop: Any = loop) -> T:
        result: T = _loop.run_until_complete(asyncio.wait_for(coro, timeout=120))
        return result

    try:
        yield run
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        del loop, run
        gc.collect()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("LAYOUT_SCREENSHOTS") or tmp_path / "screenshots")
    print(f"screenshots: {folder}")
    return folder


class Findings:
    """What does not fit, screen by screen, and the screenshots taken."""

    def __init__(self, folder: Path, tag: str, screen: QSize) -> None:
        self.folder = folder
        self.tag = tag
        self.screen = screen
        self.lines: list[str] = []

    async def check(self, name: str, top: QWidget, window: QWidget | None = None) -> None:
        await asyncio.sleep(0.1)  # laid out and drawn (the loop runs Qt's events)
        save_screenshot(top, self.folder, f"{self.tag}-{name}")
        # the window must fit the screen; a dialog the window (which fits the screen)
        self.lines.extend(f"{self.tag} {name}: {p}" for p in problems(top, self.screen))


async def open_dialog(wb: WorkflowBench, key: Qt.Key) -> QDialog | None:
    screen = wb.bench.screen
    QTest.keyClick(QApplication.focusWidget() or screen.entry, key)
    await wait_until(lambda: screen.dialog is not None and screen.dialog.isVisible(), 15)
    return screen.dialog


async def close(dialog: QDialog) -> None:
    dialog.reject()
    await wait_until(lambda: not dialog.isVisible())
    await asyncio.sleep(0.05)


async def packing_screens(wb: WorkflowBench, found: Findings) -> None:
    bench = wb.bench
    window = bench.window
    await found.check("empty", window)
    bench.window.set_mode("packing")
    bench.type_scan("A112")  # six lines
    await bench.settled()
    await found.check("packing-six-lines", window)
    bench.type_scan("4260123450175")  # the umbrella, in no line of A112: the longest banner
    await bench.settled()
    await found.check("packing-wrong-item", window)
    for name, key in (
        ("parcels-dialog", Qt.Key.Key_F3),
        ("reprint-dialog", Qt.Key.Key_F6),
        ("skip-dialog", Qt.Key.Key_F8),
        ("cancel-dialog", Qt.Key.Key_F9),
    ):
        dialog = await open_dialog(wb, key)
        assert dialog is not None, name
        await found.check(name, dialog, window)
        await close(dialog)


async def packed_screens(wb: WorkflowBench, found: Findings) -> None:
    bench = wb.bench
    window = bench.window
    for code in order_codes(bench.sandbox, "A112"):
        bench.type_scan(code)
    await bench.settled()
    try:
        await wait_until(lambda: bench.screen.preview.view is not None, 30)
    except TimeoutError:
        raise AssertionError(f"no label preview: {bench.banner()!r}") from None
    await found.check("packing-done-with-label", window)
    dialog = await open_dialog(wb, Qt.Key.Key_F7)
    assert dialog is not None
    await found.check("void-dialog", dialog, window)
    await close(dialog)


async def customs_and_about(wb: WorkflowBench, found: Findings) -> None:
    bench = wb.bench
    window = bench.window
    bench.type_scan("A101")  # a customs order: the customs dialog opens over the window
    for code in order_codes(bench.sandbox, "A101"):
        bench.type_scan(code)
    await bench.settled()
    prompt = wb.modes.customs_prompt
    await wait_until(lambda: prompt.dialog is not None and prompt.dialog.isVisible(), 30)
    assert prompt.dialog is not None
    await found.check("customs-dialog", prompt.dialog, window)
    await close(prompt.dialog)
    about = AboutDialog({"version": "0.1", "data": "/var/lib/packstation"}, window)
    about.open()
    await found.check("about-dialog", about, window)
    about.reject()
    about.deleteLater()


async def other_modes(wb: WorkflowBench, found: Findings) -> None:
    window = wb.bench.window
    for mode in window.modes():
        if mode != "packing":
            window.set_mode(mode)
            await found.check(f"mode-{mode}", window)
    window.set_mode("packing")


@pytest.mark.parametrize(("size", "language"), CASES)
def test_every_screen_and_dialog_fits(
    qtbot: QtBot,
    qapp: QApplication,
    run_slowly: RunAsync[Any],
    world: Any,
    tmp_path: Path,
    screenshots: Path,
    size: tuple[int, int],
    language: str,
) -> None:
    sandbox, printer = world
    switch = LanguageSwitch(qapp)
    found = Findings(screenshots, f"{size[0]}x{size[1]}-{language}", QSize(*size))

    async def scenario() -> None:
        async with open_workflow_bench(
            qapp, sandbox, printer, tmp_path, pickup_schedule=["Mon-Sun 16:00"]
        ) as wb:
            switch.apply(language)
            wb.bench.vm.retranslate()
            window = wb.bench.window
            # the bars at their fullest: a demo station with no sound player (both badges)
            window.set_demo(QCoreApplication.translate("BenchApp", "DEMO · no real labels"))
            window.set_sound_off(True)
            if "settings" not in window.modes():  # the real window's sixth mode (F10)
                window.add_mode("settings", _settings_title, QWidget(), "F10")
            window.resize(*size)
            for step in (packing_screens, packed_screens, customs_and_about, other_modes):
                await step(wb, found)

    try:
        run_slowly(scenario())
    finally:
        switch.apply("en")
    assert not found.lines, "\n".join(found.lines)


@pytest.mark.parametrize(("size", "language"), CASES)
def test_the_settings_page_fits(
    qtbot: QtBot,
    qapp: QApplication,
    station_env: Path,
    screenshots: Path,
    size: tuple[int, int],
    language: str,
) -> None:
    """The settings page (F10), which issue 17 found cut in German even at 1400×900: every
    field, caption and dropdown whole at both sizes, in both languages."""
    from packstation.composition.bench.app import BenchApp

    bench = BenchApp(qapp, {"data_dir": station_env / "data"}, demo=False)
    try:
        bench.language.apply(language)
        bench.window.show()
        bench.window.resize(*size)
        bench.window.set_mode("settings")
        qtbot.wait(100)  # laid out and drawn
        tag = f"{size[0]}x{size[1]}-{language}"
        save_screenshot(bench.window, screenshots, f"{tag}-settings")
        found = problems(bench.window, QSize(*size))
        page = bench.settings_page
        for combo in page.findChildren(QComboBox):  # a dropdown's choices, not cut
            metrics = combo.fontMetrics()
            room = combo.style().subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                _combo_option(combo),
                QStyle.SubControl.SC_ComboBoxEditField,
                combo,
            )
            for n in range(combo.count()):
                need = metrics.horizontalAdvance(combo.itemText(n))
                if combo.isVisible() and need > room.width() + 2:
                    found.append(
                        f"{combo.objectName() or 'QComboBox'} choice {combo.itemText(n)!r} "
                        f"cut: needs {need}px, has {room.width()}"
                    )
        assert not found, "\n".join(f"{tag} settings: {p}" for p in found)
    finally:
        bench.language.apply("en")
        bench.window.hide()  # never close(): the last window closing would quit the app
        bench.window.deleteLater()


def _settings_title() -> str:
    return QCoreApplication.translate("BenchApp", "Settings")


def _combo_option(combo: QComboBox) -> QStyleOptionComboBox:
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    return option


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_station_bar_and_mode_bar_fit_with_long_values(
    qtbot: QtBot, qapp: QApplication, screenshots: Path, language: str
) -> None:
    """A demo station's printer URI, a file printer's long folder, a long station name and
    both badges: the window still fits 1024×768 (long values wrap at their separators)."""
    from packstation.ui.pack_views import StationView
    from packstation.ui.station_window import StationWindow

    switch = LanguageSwitch(qapp)
    switch.apply(language)
    window = StationWindow()
    qtbot.addWidget(window)
    try:
        for key in ("packing", "returns", "dispatch", "pudo", "catalog", "settings"):
            window.add_mode(key, key.capitalize(), QWidget(), "F10")
        window.set_demo(QCoreApplication.translate("BenchApp", "DEMO · no real labels"))
        window.set_sound_off(True)
        window.station_bar.show_station(
            StationView(
                environment="Demo (sandbox)",
                connection="connected",
                connected=True,
                printer="tcp://127.0.0.1:42653?status=zebra&media=continuous",
                printer_status="ready",
                printer_ok=True,
                outbox="0 waiting",
                outbox_ok=True,
                held=0,
                packer="nobody signed in (Ctrl+L)",
                station="station-in-the-north-hall-by-the-loading-door",
                shift="1 this shift · 1 in the last hour",
                warehouse="file:///var/lib/packstation/a/very/long/folder/of/the/warehouse",
                warehouse_ok=True,
            )
        )
        window.show()
        window.resize(1024, 768)
        qtbot.wait(100)
        save_screenshot(window, screenshots, f"1024x768-{language}-long-values")
        assert problems(window, QSize(1024, 768)) == []
    finally:
        switch.apply("en")


@pytest.mark.parametrize(("size", "language"), CASES)
@pytest.mark.parametrize("state", ["calm", "acting"])
def test_the_station_bar_is_two_lines_at_most(
    qtbot: QtBot,
    qapp: QApplication,
    screenshots: Path,
    size: tuple[int, int],
    language: str,
    state: str,
) -> None:
    """Issue 17: in German at 1024×768 the station bar took 3–4 lines. Now what the packer acts
    on is the first line and who packs the second, each figure in a few words (details in its
    tooltip): two lines at most, nothing cut, nothing outside the window — also with the labels
    run out, the warehouse store gone, nobody signed in and no sound."""
    from packstation.domain.printing import PrinterFault, PrinterStatus
    from packstation.domain.warehouse import WarehouseStatus
    from packstation.ui.pack_station_bar import StationState
    from packstation.ui.station_window import StationWindow

    switch = LanguageSwitch(qapp)
    switch.apply(language)
    window = StationWindow()
    qtbot.addWidget(window)
    try:
        for key in ("packing", "returns", "dispatch", "pudo", "catalog", "settings"):
            window.add_mode(key, key.capitalize(), QWidget(), "F10")
        window.set_demo(QCoreApplication.translate("BenchApp", "DEMO · no real labels"))
        figures = StationState(
            environment="sandbox",
            connected=True,
            printer="tcp://127.0.0.1:42653?status=zebra&media=continuous",
            station="station-in-the-north-hall-by-the-loading-door",
            packed=123,
            last_hour=45,
        )
        figures.set_printer(PrinterStatus(ready=True))
        if state == "acting":
            figures.set_printer(PrinterStatus(ready=False, faults=(PrinterFault.PAPER_OUT,)))
            figures.held, figures.outbox_pending = 3, 12
            figures.warehouse = WarehouseStatus(configured=True, online=False)
        else:
            figures.packer = "Anna Schmidt"
            figures.warehouse = WarehouseStatus(configured=True, online=True)
        window.station_bar.show_station(figures.view())
        if state == "acting":  # no sound player: the badge comes after the figures are shown
            window.set_sound_off(True)
        window.show()
        window.resize(*size)
        qtbot.wait(100)
        save_screenshot(window, screenshots, f"{size[0]}x{size[1]}-{language}-bar-{state}")
        assert problems(window, QSize(*size)) == []
        bar = window.station_bar
        line = bar.fontMetrics().lineSpacing()
        shown = [label for label in bar.labels.values() if label.isVisible()]
        wrapped = [label.text() for label in shown if label.height() > 1.5 * line]
        assert wrapped == [], "a figure takes two lines"
        if state == "acting":  # the badge on the second line, whole
            assert window.sound_badge.isVisible()
            assert window.sound_badge.width() >= window.sound_badge.sizeHint().width()
        tops = {label.mapTo(bar, label.rect().topLeft()).y() for label in shown}
        assert len(tops) == 2, tops  # two lines of figures
        assert bar.height() <= 2 * line + 16  # and the bar is no higher than them
        # the details are at hand in the tooltips, not on the line
        assert bar.labels["printer"].toolTip().startswith("tcp://127.0.0.1:42653")
        assert "station-in-the-north-hall" in bar.labels["packer"].toolTip()
        assert "123" in bar.labels["shift"].toolTip()
        assert "station-in-the-north-hall" not in bar.labels["packer"].text()
    finally:
        switch.apply("en")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_passed_pick_ups_reminder_has_its_own_line_and_never_widens_the_window(
    qtbot: QtBot, qapp: QApplication, screenshots: Path, language: str
) -> None:
    """The dispatch mode's reminder in the station bar made the window 1.6–1.9 times as wide
    as a 1024-pixel screen: it now has a line of its own above the figures (wrapping if it
    must), and the figures keep their two lines."""
    from packstation.ui.dispatch_mode import ReminderLabel
    from packstation.ui.pack_station_bar import StationState
    from packstation.ui.station_window import StationWindow

    switch = LanguageSwitch(qapp)
    switch.apply(language)
    window = StationWindow()
    qtbot.addWidget(window)
    try:
        for key in ("packing", "returns", "dispatch", "pudo", "catalog", "settings"):
            window.add_mode(key, key.capitalize(), QWidget(), "F10")
        window.set_sound_off(True)
        reminder = ReminderLabel()
        window.station_bar.add_item(reminder)
        said = QCoreApplication.translate(
            "ReminderViewModel", "Pick-up {0} has passed: {1} customs shipment(s) not in a manifest"
        ).format("Mon 07.12. 16:00", 3)
        reminder.show_reminder(said + " — dispatch (Ctrl+3)")
        window.station_bar.show_station(StationState(environment="sandbox", connected=True).view())
        window.show()
        window.resize(1024, 768)
        qtbot.wait(100)
        save_screenshot(window, screenshots, f"1024x768-{language}-bar-reminder")
        assert problems(window, QSize(1024, 768)) == []
        bar = window.station_bar
        line = bar.fontMetrics().lineSpacing()
        assert reminder.height() <= 2 * line  # one line (its padding aside)
        figures = [label for label in bar.labels.values() if label.isVisible()]
        assert all(reminder.geometry().bottom() < label.y() for label in figures)
        assert len({label.y() for label in figures}) == 2
    finally:
        switch.apply("en")
