"""F11, the command sheet, reaches paper without a PDF viewer (issue 17): on the document
printer, else in the viewer, else as labels on the label printer, else saved and said so.
The barcodes are read back from what the printer received, the way a scanner would."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from packstation.ui.theme import Tone
from tests.barcode_reading import barcodes, pdf_pages, zpl_labels
from tests.gui.bench import Bench, open_bench
from tests.gui.conftest import RunAsync


def sheet_codes(bench: Bench) -> list[str]:
    return [code for code, _title, _hint in bench.vm.command_sheet_entries()]


async def press_f11(bench: Bench) -> None:
    bench.key(Qt.Key.Key_F11)
    await bench.settled()


def closed_port() -> int:
    """A loopback port nobody listens on (a printer that is switched off)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_without_a_viewer_the_sheet_comes_out_of_the_label_printer_and_scans(
    qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path, viewer=False) as bench:
            await press_f11(bench)
            banner = bench.screen.banner
            assert banner.headline.text() == "Command sheet printed on the label printer"
            sheet = bench.settings.data_dir / "command-sheet.pdf"
            assert str(sheet) in banner.detail.text()
            assert bench.opened == [sheet]  # the viewer was asked first
            jobs = printer.jobs()
            assert [job.kind for job in jobs] == ["zpl"]  # the PDF converted for the Zebra
            labels = zpl_labels(jobs[0].data)
            assert len(labels) == -(-len(sheet_codes(bench)) // 3)  # three to a 100 × 150 mm label
            read = [found.text for label in labels for found in barcodes(label)]
            assert read == sheet_codes(bench)

    run_async(scenario())


def test_a_document_printer_gets_the_a4_sheet_and_the_label_printer_nothing(
    qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world
    documents = tmp_path / "documents"
    documents.mkdir()

    async def scenario() -> None:
        async with open_bench(
            qapp, sandbox, printer, tmp_path / "data", document_printer=documents.as_uri()
        ) as bench:
            await press_f11(bench)
            banner = bench.screen.banner
            assert banner.headline.text() == "Command sheet sent to the document printer"
            assert banner.tone is Tone.SUCCESS
            assert bench.opened == []
            assert printer.jobs() == []
            [printed] = [path for path in documents.iterdir() if path.suffix == ".pdf"]
            pages = pdf_pages(printed.read_bytes())
            read = [found.text for page in pages for found in barcodes(page)]
            assert sorted(read) == sorted(sheet_codes(bench))

    run_async(scenario())


def test_a_document_printer_that_is_off_is_said_and_the_viewer_shows_the_sheet(
    qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world
    off = f"tcp://127.0.0.1:{closed_port()}"

    async def scenario() -> None:
        async with open_bench(qapp, sandbox, printer, tmp_path, document_printer=off) as bench:
            await press_f11(bench)
            banner = bench.screen.banner
            assert banner.headline.text() == "Command sheet ready"
            assert "The document printer did not take it" in banner.detail.text()
            assert bench.opened == [bench.settings.data_dir / "command-sheet.pdf"]
            assert printer.jobs() == []

    run_async(scenario())


def test_with_no_way_to_paper_the_sheet_is_saved_and_the_banner_says_what_to_do(
    qapp: QApplication, run_async: RunAsync[Any], world: Any, tmp_path: Path
) -> None:
    sandbox, printer = world

    async def scenario() -> None:
        async with open_bench(
            qapp, sandbox, printer, tmp_path, viewer=False, label_width_mm=57, label_height_mm=32
        ) as bench:
            await press_f11(bench)
            banner = bench.screen.banner
            assert banner.headline.text() == "Command sheet saved, not printed"
            assert banner.tone is Tone.WARNING
            sheet = bench.settings.data_dir / "command-sheet.pdf"
            assert f"Copy {sheet} to a computer with a printer" in banner.detail.text()
            assert sheet.is_file()
            assert printer.jobs() == []

    run_async(scenario())
