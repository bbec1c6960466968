"""Real CUPS: a private ``cupsd`` with a raw queue to a loopback listener, driven by lp/lpstat."""

from __future__ import annotations

import asyncio
import itertools
import socket

import pytest

from packstation.adapters.printers import CupsPrinter, list_printers, open_printer
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterFault,
    PrinterLanguage,
    PrinterNotReady,
    PrinterProfile,
    PrintOutcome,
)
from packstation.domain.shipping import LabelDocument, LabelFormat
from tests.printing.conftest import Cups
from tests.printing.support import RecordingListener

ZPL_PRINTER = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203)
PDF_PRINTER = PrinterProfile(language=PrinterLanguage.PDF)
_names = itertools.count(1)


def _queue_name(stem: str) -> str:
    return f"{stem}_{next(_names)}"


@pytest.mark.asyncio
async def test_zpl_goes_raw_through_cups_byte_for_byte_and_the_job_completes(
    cupsd: Cups, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    zpl = sandbox_labels[LabelFormat.ZPL]
    with RecordingListener() as listener:
        queue = cupsd.add_raw_queue(_queue_name("Zebra"), listener.port)
        printer = open_printer(f"cups://{queue}?server={cupsd.server}", ZPL_PRINTER)
        assert isinstance(printer, CupsPrinter)

        status = await printer.status()
        result = await printer.print_document(zpl, "Label A100 1/1")

        assert status.ready, status
        assert result.outcome is PrintOutcome.CONFIRMED, (result, cupsd.log())
        assert result.job_id is not None
        assert result.job_id.startswith(f"{queue}-")
        assert listener.connections(1) == [zpl.content]
    completed = cupsd.run("lpstat", "-W", "completed", "-o", queue).stdout
    assert result.job_id in completed


@pytest.mark.asyncio
async def test_pdf_goes_as_a_normal_job_and_arrives_unchanged_on_a_raw_queue(
    cupsd: Cups, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    pdf = sandbox_labels[LabelFormat.PDF]
    with RecordingListener() as listener:
        queue = cupsd.add_raw_queue(_queue_name("Office"), listener.port)
        printer = CupsPrinter(queue, PDF_PRINTER, server=cupsd.server)

        result = await printer.print_document(pdf, "Label A100 (PDF)")

        assert result.outcome is PrintOutcome.CONFIRMED, (result, cupsd.log())
        assert listener.connections(1) == [pdf.content]
    assert "application/pdf" in cupsd.log()  # CUPS typed it as a PDF document, not raw


@pytest.mark.asyncio
async def test_a_stopped_queue_is_refused_with_the_reason_and_nothing_is_sent(
    cupsd: Cups, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    with RecordingListener() as listener:
        queue = cupsd.add_raw_queue(_queue_name("Stopped"), listener.port)
        cupsd.run("cupsdisable", "-r", "out of labels", queue)
        printer = CupsPrinter(queue, ZPL_PRINTER, server=cupsd.server)

        status = await printer.status()
        with pytest.raises(PrinterNotReady) as refused:
            await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")

        assert not status.ready
        assert PrinterFault.PAUSED in status.faults
        assert "out of labels" in refused.value.message
        assert f"cupsenable {queue}" in refused.value.message
        pending = cupsd.run("lpstat", "-o", queue, check=False).stdout
        assert pending.strip() == ""  # no job was left behind in CUPS
        cupsd.run("cupsenable", queue)
        assert listener.connections(0) == []


@pytest.mark.asyncio
async def test_a_queue_that_rejects_jobs_is_not_ready(cupsd: Cups) -> None:
    with RecordingListener() as listener:
        queue = cupsd.add_raw_queue(_queue_name("Rejecting"), listener.port)
        cupsd.run("cupsreject", "-r", "maintenance", queue)

        status = await CupsPrinter(queue, ZPL_PRINTER, server=cupsd.server).status()

        assert not status.ready
        assert PrinterFault.OFFLINE in status.faults
        assert "maintenance" in status.detail


@pytest.mark.asyncio
async def test_an_unknown_queue_says_so(cupsd: Cups) -> None:
    status = await CupsPrinter("No_Such_Queue", ZPL_PRINTER, server=cupsd.server).status()

    assert not status.ready
    assert "no CUPS queue named 'No_Such_Queue'" in status.detail


@pytest.mark.asyncio
async def test_a_zpl_label_for_a_pdf_queue_is_refused_before_cups_sees_it(
    cupsd: Cups, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    with RecordingListener() as listener:
        queue = cupsd.add_raw_queue(_queue_name("Laser"), listener.port)
        printer = CupsPrinter(queue, PDF_PRINTER, server=cupsd.server)

        with pytest.raises(DocumentNotPrintable, match="label format to PDF"):
            await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")
        assert listener.connections(0) == []


@pytest.mark.asyncio
async def test_the_settings_list_shows_cups_queues_with_their_device(cupsd: Cups) -> None:
    with RecordingListener() as listener:
        queue = cupsd.add_raw_queue(_queue_name("Listed"), listener.port)
        closed = cupsd.add_raw_queue(_queue_name("Closed"), listener.port)
        cupsd.run("cupsreject", "-r", "maintenance", closed)

        choices = await list_printers(["tcp://10.0.0.5:9100", "nonsense"], cups_server=cupsd.server)

    by_uri = {c.uri: c for c in choices}
    assert by_uri[f"cups://{queue}"].source == "cups"
    assert by_uri[f"cups://{queue}"].detail == f"socket://127.0.0.1:{listener.port}"
    assert by_uri[f"cups://{queue}"].accepting
    # a queue refusing jobs is marked by a flag the screen words, not by English in the detail
    assert not by_uri[f"cups://{closed}"].accepting
    assert by_uri[f"cups://{closed}"].detail == f"socket://127.0.0.1:{listener.port}"
    assert by_uri["tcp://10.0.0.5:9100"].source == "recent"
    assert "nonsense" not in by_uri


@pytest.mark.asyncio
async def test_cups_not_running_is_reported_plainly(
    sandbox_labels: dict[LabelFormat, LabelDocument],
) -> None:
    printer = CupsPrinter("Zebra", ZPL_PRINTER, server="/nonexistent/cups.sock")

    status = await printer.status()
    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")

    assert not status.ready
    assert PrinterFault.OFFLINE in status.faults
    assert "the print service (CUPS) does not answer" in status.detail
    assert "scheduler is not running" in status.detail
    assert "Nothing was sent" in refused.value.message


def _closed_port() -> int:
    """A loopback port nobody listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.asyncio
async def test_a_job_cups_cannot_finish_in_time_is_reported_as_delivered_not_printed(
    cupsd: Cups, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    queue = cupsd.add_raw_queue(_queue_name("Unplugged"), _closed_port())
    printer = CupsPrinter(queue, ZPL_PRINTER, server=cupsd.server, wait=1.0)

    result = await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")

    assert result.outcome is PrintOutcome.DELIVERED
    assert f"CUPS has the job as {result.job_id}" in result.detail
    cupsd.run("cancel", "-a", queue)


@pytest.mark.asyncio
async def test_a_job_waiting_in_a_queue_that_gets_stopped_is_taken_back_from_cups(
    cupsd: Cups, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    queue = cupsd.add_raw_queue(_queue_name("Jammed"), _closed_port())
    # another job keeps the printer busy (its backend keeps retrying the connection)
    cupsd.run("lp", "-d", queue, "-o", "raw", "-t", "earlier job", "/etc/hostname")
    printer = CupsPrinter(queue, ZPL_PRINTER, server=cupsd.server, wait=10.0)

    async def stop_queue_soon() -> None:
        await asyncio.sleep(0.5)
        await asyncio.to_thread(cupsd.run, "cupsdisable", "-r", "labels jammed", queue)

    stopper = asyncio.create_task(stop_queue_soon())
    with pytest.raises(PrinterNotReady) as refused:
        await printer.print_document(sandbox_labels[LabelFormat.ZPL], "Label A100")
    await stopper

    assert "taken back from CUPS" in refused.value.message
    assert f"cupsenable {queue}" in refused.value.message
    assert PrinterFault.PAUSED in refused.value.status.faults
    waiting = cupsd.run("lpstat", "-o", queue).stdout
    assert len(waiting.strip().splitlines()) == 1  # only the earlier job is left
    cupsd.run("cancel", "-a", queue)
    cupsd.run("cupsenable", queue)
