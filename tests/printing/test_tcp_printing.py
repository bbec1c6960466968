"""Raw TCP printing over real loopback sockets: byte-exact delivery and the Zebra ``~HS`` dance."""

from __future__ import annotations

import socket

import pytest

from packstation.adapters.printers import RawSocketPrinter, open_printer
from packstation.adapters.printers.tcp import MAX_STATUS_ANSWER
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterFault,
    PrinterLanguage,
    PrinterNotReady,
    PrinterProfile,
    PrintOutcome,
)
from packstation.domain.shipping import LabelDocument, LabelFormat
from packstation.domain.zpl import format_host_status
from packstation.sandbox.printer import VirtualPrinter
from tests.printing.support import RecordingListener

ZPL_203 = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203)
PDF_PRINTER = PrinterProfile(language=PrinterLanguage.PDF)


@pytest.mark.asyncio
async def test_zpl_arrives_byte_for_byte_on_a_plain_listener(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    zpl = sandbox_labels[LabelFormat.ZPL]
    with RecordingListener() as listener:
        printer = open_printer(f"tcp://{listener.address}?status=none", ZPL_203)

        result = await printer.print_document(zpl, "Label A100")

        assert listener.connections(1) == [zpl.content]
    assert result.outcome is PrintOutcome.DELIVERED
    assert result.printed


@pytest.mark.asyncio
async def test_pdf_goes_as_it_is_to_a_pdf_printer(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    pdf = sandbox_labels[LabelFormat.PDF]
    with RecordingListener() as listener:
        printer = open_printer(f"tcp://{listener.address}", PDF_PRINTER)

        result = await printer.print_document(pdf, "Label A100")

        assert listener.connections(1) == [pdf.content]
    assert result.outcome is PrintOutcome.DELIVERED
    assert "cannot confirm" in result.detail


@pytest.mark.asyncio
async def test_a_zpl_printer_that_never_answers_status_is_printed_to_without_it(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    zpl = sandbox_labels[LabelFormat.ZPL]
    with RecordingListener() as listener:
        printer = RawSocketPrinter("127.0.0.1", listener.port, ZPL_203, status_timeout=0.2)

        result = await printer.print_document(zpl, "Label A100")

        assert listener.connections(1) == [b"~HS" + zpl.content]
    assert result.outcome is PrintOutcome.DELIVERED
    assert "does not answer status queries" in result.detail


@pytest.mark.asyncio
async def test_a_device_that_answers_status_with_a_flood_is_not_read_to_the_end(
    sandbox_labels: dict[LabelFormat, LabelDocument], caplog: pytest.LogCaptureFixture
) -> None:
    zpl = sandbox_labels[LabelFormat.ZPL]
    flood = b"no status here " * (512 * 1024 // 15)  # about 512 KB, no ~HS frame in it

    def chatty(chunk: bytes) -> bytes:
        return flood if b"~HS" in chunk else b""

    with RecordingListener(chatty) as listener:
        printer = RawSocketPrinter("127.0.0.1", listener.port, ZPL_203, status_timeout=30.0)
        result = await printer.print_document(zpl, "Label A100")
        assert listener.connections(1) == [b"~HS" + zpl.content]
    # taken for a printer without status, as one that never answers, without waiting 30 s
    assert result.outcome is PrintOutcome.DELIVERED
    assert "does not answer status queries" in result.detail
    # read up to the cap, not to the end of the flood (nor until the status timeout)
    assert f"more than {MAX_STATUS_ANSWER} bytes that are no ~HS answer" in caplog.text


@pytest.mark.asyncio
async def test_the_virtual_zebra_gets_the_exact_label_and_confirms_it_printed(
    virtual_printer: VirtualPrinter, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    zpl = sandbox_labels[LabelFormat.ZPL]
    printer = open_printer(virtual_printer.uri, ZPL_203)

    status = await printer.status()
    result = await printer.print_document(zpl, "Label A100")

    assert status.ready
    assert status.known
    assert result.outcome is PrintOutcome.CONFIRMED
    assert result.status_after is not None
    assert result.status_after.labels_remaining == 0
    assert virtual_printer.wait_for_jobs(1)
    [job] = virtual_printer.jobs()
    assert job.data == zpl.content
    assert job.printed
    assert virtual_printer.status_queries >= 3  # status(), before and after the job


@pytest.mark.parametrize(
    ("fault", "words", "expected"),
    [
        ("paper_out", "the labels have run out", PrinterFault.PAPER_OUT),
        ("head_open", "the print head is open", PrinterFault.HEAD_OPEN),
        ("paused", "the printer is paused", PrinterFault.PAUSED),
        ("ribbon_out", "the ribbon has run out", PrinterFault.RIBBON_OUT),
    ],
)
@pytest.mark.asyncio
async def test_a_faulted_zebra_gets_nothing_and_the_fault_is_named(
    virtual_printer: VirtualPrinter,
    sandbox_labels: dict[LabelFormat, LabelDocument],
    fault: str,
    words: str,
    expected: PrinterFault,
) -> None:
    virtual_printer.set_faults(**{fault: True})
    printer = open_printer(virtual_printer.uri, ZPL_203)

    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")

    assert words in refused.value.message
    assert "Nothing was sent" in refused.value.message
    assert refused.value.status.faults == (expected,)
    assert refused.value.printer == virtual_printer.uri
    assert virtual_printer.jobs() == []


@pytest.mark.asyncio
async def test_a_zebra_that_falls_silent_is_treated_as_faulted(
    virtual_printer: VirtualPrinter, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    printer = RawSocketPrinter("127.0.0.1", virtual_printer.port, ZPL_203, status_timeout=0.3)
    assert (await printer.status()).ready  # it answered once
    virtual_printer.answer_when_faulted(False)
    virtual_printer.set_faults(head_open=True)

    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")

    assert "does not answer" in refused.value.message
    assert virtual_printer.jobs() == []


@pytest.mark.asyncio
async def test_a_fault_right_after_the_job_holds_it_in_the_printer_not_printed(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    answers = iter([format_host_status(), format_host_status(paper_out=True, labels_remaining=1)])

    def zebra(chunk: bytes) -> bytes:
        return next(answers, b"") if b"~HS" in chunk else b""

    with RecordingListener(zebra) as listener:
        printer = RawSocketPrinter("127.0.0.1", listener.port, ZPL_203, status_timeout=1.0)
        result = await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")
        listener.connections(1)

    assert result.outcome is PrintOutcome.HELD
    assert not result.printed
    assert result.in_printer  # the printer has it: not simply sent again
    assert result.printed_at_count is None  # this listener has no label counter
    assert "the labels have run out" in result.detail
    assert result.status_after is not None
    assert result.status_after.faults == (PrinterFault.PAPER_OUT,)


@pytest.mark.asyncio
async def test_an_unreachable_printer_is_not_ready_and_says_where(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    printer = open_printer(f"tcp://127.0.0.1:{port}?timeout=2", ZPL_203)

    status = await printer.status()
    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")

    assert status.faults == (PrinterFault.OFFLINE,)
    assert f"127.0.0.1:{port} cannot be reached (connection refused)" in refused.value.message


@pytest.mark.asyncio
async def test_a_pdf_for_a_zpl_only_printer_is_sent_as_zpl_graphics(
    virtual_printer: VirtualPrinter, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    printer = open_printer(virtual_printer.uri, ZPL_203)

    result = await printer.print_document(sandbox_labels[LabelFormat.PDF], "Label A100")

    assert result.outcome is PrintOutcome.CONFIRMED
    assert virtual_printer.wait_for_jobs(1)
    [job] = virtual_printer.jobs()
    assert job.kind == "zpl"
    assert job.data.startswith(b"^XA^PW812^LL1218")
    assert b"^GFA," in job.data


@pytest.mark.asyncio
async def test_a_300_dpi_label_is_refused_by_a_203_dpi_printer_before_connecting(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    with RecordingListener() as listener:
        printer = open_printer(f"tcp://{listener.address}", ZPL_203)

        with pytest.raises(DocumentNotPrintable, match="made for a 300-dpi printer"):
            await printer.print_document(sandbox_labels[LabelFormat.ZPL300], "Label A100")

        assert listener.connections(0) == []
