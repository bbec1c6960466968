"""ESC/POS real-time status bytes (DLE EOT n)."""

from __future__ import annotations

from packstation.domain.escpos_status import parse_realtime_status
from packstation.domain.printing import PrinterFault


def test_an_online_printer_with_paper() -> None:
    status = parse_realtime_status(0x12, 0x12, 0x12)
    assert status.ready
    assert status.known


def test_paper_end_cover_open_and_error() -> None:
    assert parse_realtime_status(0x1A, 0x12, 0x72).faults == (PrinterFault.PAPER_OUT,)
    assert parse_realtime_status(0x1A, 0x16, 0x12).faults == (PrinterFault.HEAD_OPEN,)
    assert parse_realtime_status(0x1A, 0x52, 0x12).faults == (PrinterFault.OTHER,)
    assert parse_realtime_status(0x1A, 0x12, 0x12).faults == (PrinterFault.OFFLINE,)


def test_paper_near_end_is_a_note() -> None:
    status = parse_realtime_status(0x12, 0x12, 0x1E)
    assert status.ready
    assert "nearly used up" in status.detail


def test_no_or_foreign_answers_mean_unknown() -> None:
    assert not parse_realtime_status(None).known
    assert not parse_realtime_status(0xFF, 0x12, 0x12).known
    assert parse_realtime_status(None).ready
