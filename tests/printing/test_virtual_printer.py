"""The sandbox's virtual Zebra: stores jobs byte for byte, answers ~HS, switchable faults."""

from __future__ import annotations

import gc
import logging
import socket
import struct
import time

import pytest

from packstation.domain.zpl import parse_host_status
from packstation.sandbox.printer import VirtualPrinter


def _send(port: int, *parts: bytes, read_answers: int = 0) -> list[bytes]:
    """Send ``parts`` on one connection; read ``read_answers`` ~HS answers after the parts."""
    answers: list[bytes] = []
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        for part in parts:
            conn.sendall(part)
        conn.shutdown(socket.SHUT_WR)
        buffer = b""
        while len(answers) < read_answers:
            chunk = conn.recv(4096)
            if not chunk:
                break
            buffer += chunk
            while buffer.count(b"\x03\r\n") >= 3:
                end = 0
                for _ in range(3):
                    end = buffer.index(b"\x03\r\n", end) + 3
                answers.append(buffer[:end])
                buffer = buffer[end:]
        while conn.recv(4096):
            pass
    return answers


def test_a_job_is_stored_exactly_and_status_queries_are_answered_not_stored() -> None:
    label = b"^XA^FO50,50^A0N,40,40^FDHello ~ world^FS^XZ\n"
    with VirtualPrinter() as printer:
        answers = _send(printer.port, b"~HS", label[:10], label[10:], b"~HS", read_answers=2)
        assert printer.wait_for_jobs(1)
        [job] = printer.jobs()

    assert job.data == label
    assert job.kind == "zpl"
    assert job.labels == 1
    assert job.printed
    assert len(answers) == 2
    status = parse_host_status(answers[0])
    assert status.faults == ()
    assert status.label_length == 1218
    assert printer.uri.startswith("tcp://127.0.0.1:")


def test_the_host_status_has_the_zebra_layout() -> None:
    with VirtualPrinter() as printer:
        printer.set_faults(paper_out=True, head_open=True)
        [answer] = _send(printer.port, b"~HS", read_answers=1)

    lines = answer.split(b"\r\n")
    assert lines[-1] == b""
    framed = lines[:3]
    assert all(line.startswith(b"\x02") and line.endswith(b"\x03") for line in framed)
    first, second, third = (line[1:-1].split(b",") for line in framed)
    assert (len(first), len(second), len(third)) == (12, 11, 2)
    assert first[1] == b"1"  # paper out
    assert second[2] == b"1"  # head up
    assert len(second[8]) == 8  # labels remaining, eight digits


def test_jobs_received_during_a_fault_wait_and_print_when_it_is_cleared() -> None:
    printed: list[int] = []
    with VirtualPrinter() as printer:
        printer.on_job(lambda job: printed.append(job.number))
        printer.set_faults(paused=True)
        _send(printer.port, b"^XA^FDone^FS^XZ^XA^FDtwo^FS^XZ")
        assert printer.wait_for_jobs(1)
        [waiting] = _send(printer.port, b"~HS", read_answers=1)
        assert printed == []
        printer.set_faults(paused=False)
        [after] = _send(printer.port, b"~HS", read_answers=1)
        assert printer.wait_for_jobs(1, printed=True)

    paused = parse_host_status(waiting)
    assert paused.paused
    assert paused.formats_in_buffer == 1
    assert paused.labels_remaining == 2
    assert parse_host_status(after).idle
    assert printed == [1]


def test_a_pdf_is_stored_whole_even_when_its_bytes_contain_a_status_query() -> None:
    pdf = b"%PDF-1.4\n1 0 obj <<>> stream\nxx~HSxx\nendstream\n%%EOF\n"
    with VirtualPrinter() as printer:
        answers = _send(printer.port, b"~HS", pdf, b"~HS", read_answers=2)
        assert printer.wait_for_jobs(1)
        [job] = printer.jobs()

    assert job.data == pdf
    assert job.kind == "pdf"
    assert len(answers) == 2


def test_a_silent_printer_does_not_answer_while_faulted() -> None:
    with VirtualPrinter() as printer:
        printer.answer_when_faulted(False)
        printer.set_faults(ribbon_out=True)
        answers = _send(printer.port, b"~HS", read_answers=1)
        queries = printer.status_queries

    assert answers == []
    assert queries == 1


def _hang_up(conn: socket.socket) -> None:
    """Close with a reset (SO_LINGER 0), as a station that gave up on the printer may."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def _asyncio_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "asyncio" and record.levelno >= logging.WARNING
    ]


def test_a_never_read_connection_whose_client_hung_up_stays_the_printers_until_it_stops(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="asyncio")
    with VirtualPrinter() as printer:
        printer.never_read(True)
        hung = socket.create_connection(("127.0.0.1", printer.port), timeout=5)
        hung.sendall(b"^XA^FDnever read^FS^XZ")
        deadline = time.monotonic() + 5
        while printer.ignored_connections < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert printer.ignored_connections == 1
        _hang_up(hung)
        printer.never_read(False)
        # a status query answered on a later connection: by then the printer's loop has seen
        # the reset of the first one (the protocol let go of its connection task)
        assert len(_send(printer.port, b"~HS", read_answers=1)) == 1
        gc.collect()  # a task only the protocol held would be destroyed here, still pending
        assert _asyncio_errors(caplog) == []
    gc.collect()

    assert _asyncio_errors(caplog) == []
    assert printer.jobs() == []  # nothing of a never-read connection prints


def test_connections_open_when_the_printer_stops_end_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="asyncio")
    with VirtualPrinter() as printer:
        reading = socket.create_connection(("127.0.0.1", printer.port), timeout=5)
        reading.sendall(b"^XA^FDcut off~HS")
        answer = b""
        while answer.count(b"\x03\r\n") < 3:  # the job's first bytes have been read
            answer += reading.recv(4096)
        printer.never_read(True)
        unread = socket.create_connection(("127.0.0.1", printer.port), timeout=5)
        unread.sendall(b"^XA^FDnever read^FS^XZ")
        deadline = time.monotonic() + 5
        while printer.ignored_connections < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert printer.ignored_connections == 1
    gc.collect()
    try:
        assert _asyncio_errors(caplog) == []
        [job] = printer.jobs()  # what was read of the cut-off job is kept, as before
        assert job.data == b"^XA^FDcut off"
        assert reading.recv(4096) == b""  # both connections were closed by the printer
        assert unread.recv(4096) == b""
    finally:
        reading.close()
        unread.close()
