"""ESC/POS through python-escpos: network to a loopback listener, a serial pty, a device file."""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from packstation.adapters.printers import EscposPrinter, open_printer, parse_printer_uri
from packstation.adapters.printers.uri import EscposAddress
from packstation.domain.notes import Note, NoteKind
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterFault,
    PrinterLanguage,
    PrinterNotReady,
    PrinterProfile,
    PrintOutcome,
)
from packstation.domain.shipping import LabelDocument, LabelFormat
from tests.printing.support import RecordingListener

RASTER = b"\x1dv0"  # GS v 0: print raster bit image
CUT = b"\x1dV\x00"  # GS V 0: full cut
# 80 mm receipt/label printer at 203 dpi: 72 mm printable
ESCPOS_80MM = PrinterProfile(language=PrinterLanguage.ESCPOS, dpi=203, width_mm=72, height_mm=0)


def _answer_status(paper_out: bool = False) -> bytes:
    return bytes([0x12 | (0x60 if paper_out else 0)])


def escpos_printer_that_answers(paper_out: bool = False) -> RecordingListener:
    """A listener answering every DLE EOT n like an Epson printer that is online."""

    def respond(chunk: bytes) -> bytes:
        answers = b""
        for n in (1, 2, 4):
            if b"\x10\x04" + bytes([n]) in chunk:
                answers += _answer_status(paper_out and n == 4)
        return answers

    return RecordingListener(respond)


def _raster_widths(data: bytes) -> list[int]:
    """The width in bytes of every GS v 0 block."""
    widths = []
    start = data.find(RASTER)
    while start >= 0:
        widths.append(data[start + 4] + 256 * data[start + 5])
        start = data.find(RASTER, start + 8)
    return widths


@pytest.mark.asyncio
async def test_a_sandbox_pdf_label_is_rasterised_and_sent_with_gs_v_0(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    with escpos_printer_that_answers() as listener:
        printer = open_printer(f"escpos+tcp://{listener.address}", ESCPOS_80MM)
        assert isinstance(printer, EscposPrinter)

        status = await printer.status()
        result = await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label A100")

        connections = listener.connections(2)
    sent = connections[-1]
    assert status.ready
    assert status.known
    assert result.outcome is PrintOutcome.DELIVERED
    assert sent.startswith(b"\x10\x04\x01")  # asked for the status first
    assert RASTER in sent
    widths = _raster_widths(sent)
    assert widths
    assert set(widths) == {math.ceil(ESCPOS_80MM.width_dots / 8)}
    assert sent.rstrip(b"\x10\x04\x01\x02\x04").endswith(CUT)
    assert any("shrunk" in w for w in result.warnings)  # a 4 in label on 72 mm paper
    assert [w.kind for w in result.warnings if isinstance(w, Note)] == [NoteKind.LABEL_SHRUNK]


@pytest.mark.asyncio
async def test_an_escpos_printer_out_of_paper_gets_nothing(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    with escpos_printer_that_answers(paper_out=True) as listener:
        printer = open_printer(f"escpos+tcp://{listener.address}", ESCPOS_80MM)

        with pytest.raises(PrinterNotReady) as refused:
            await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label A100")

        sent = listener.connections(1)[0]
    assert refused.value.status.faults == (PrinterFault.PAPER_OUT,)
    assert RASTER not in sent


@pytest.mark.asyncio
async def test_a_printer_that_does_not_answer_status_is_printed_to_and_not_asked_again(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    with RecordingListener() as listener:
        address = parse_printer_uri(f"escpos+tcp://{listener.address}")
        assert isinstance(address, EscposAddress)
        printer = EscposPrinter(address, ESCPOS_80MM, status_timeout=0.2)
        first = await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label 1")
        second = await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label 2")
        one, two = listener.connections(2)
    assert first.outcome is second.outcome is PrintOutcome.DELIVERED
    assert one.startswith(b"\x10\x04\x01" + b"\x1b@")
    assert two.startswith(b"\x1b@")  # no second status query
    assert RASTER in two


@pytest.mark.asyncio
async def test_zpl_for_an_escpos_printer_is_refused_with_what_to_change(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    printer = open_printer("escpos+tcp://127.0.0.1:9", ESCPOS_80MM)

    with pytest.raises(DocumentNotPrintable) as refused:
        await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")

    assert "ESC/POS" in refused.value.message
    assert "Switch the label format to PDF" in refused.value.message


@pytest.fixture
def pty_pair() -> Iterator[tuple[str, int]]:
    """A pseudo-terminal: the printer side's device name and our (master) end."""
    master, slave = os.openpty()
    try:
        yield os.ttyname(slave), master
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.asyncio
async def test_escpos_over_a_serial_port(
    pty_pair: tuple[str, int], sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    device, master = pty_pair
    received = bytearray()
    stop = threading.Event()

    def read_port() -> None:
        import select

        while not stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                received.extend(os.read(master, 65536))

    reader = threading.Thread(target=read_port, daemon=True)
    reader.start()
    try:
        printer = open_printer(f"escpos+serial://{device}?baudrate=115200&status=no", ESCPOS_80MM)
        result = await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label A100")
    finally:
        stop.set()
        reader.join(timeout=5)
    assert result.outcome is PrintOutcome.DELIVERED
    assert RASTER in received


@pytest.mark.asyncio
async def test_escpos_to_a_device_file(
    tmp_path: Path, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    device = tmp_path / "lp0"
    device.touch()

    result = await open_printer(f"escpos+file://{device}", ESCPOS_80MM).print_document(
        sandbox_labels[LabelFormat.PDF], "Label A100"
    )

    assert result.outcome is PrintOutcome.DELIVERED
    data = device.read_bytes()
    assert data.startswith(b"\x1b@")
    assert RASTER in data


@pytest.mark.asyncio
async def test_a_missing_device_file_is_not_ready_with_a_hint(
    tmp_path: Path, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    printer = open_printer(f"escpos+file://{tmp_path}/missing/lp0", ESCPOS_80MM)

    status = await printer.status()
    with pytest.raises(PrinterNotReady, match="cannot be opened"):
        await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label A100")

    assert status.faults == (PrinterFault.OFFLINE,)
