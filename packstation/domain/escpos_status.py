"""ESC/POS real-time status (``DLE EOT n``) answers, read into a ``PrinterStatus``.

Each answer is one byte whose bits 1 and 4 are always set and bits 0 and 7 always clear
(Epson ESC/POS reference, ``DLE EOT``); anything else is not a status byte.
"""

from __future__ import annotations

from packstation.domain.printing import PrinterFault, PrinterStatus

#: The queries, in the order ``parse_realtime_status`` takes their answers.
QUERY_PRINTER = b"\x10\x04\x01"  # bit 3: offline
QUERY_OFFLINE_CAUSE = (
    b"\x10\x04\x02"  # bit 2: cover open, bit 5: stopped for paper end, bit 6: error
)
QUERY_PAPER = b"\x10\x04\x04"  # bits 2-3: paper near end, bits 5-6: paper end


def is_status_byte(value: int) -> bool:
    return value & 0x93 == 0x12


def parse_realtime_status(
    printer: int | None, offline_cause: int | None = None, paper: int | None = None
) -> PrinterStatus:
    """A status from up to three answers (None: that query was not answered)."""
    answers = [a for a in (printer, offline_cause, paper) if a is not None]
    if not answers or not all(is_status_byte(a) for a in answers):
        return PrinterStatus(
            ready=True, known=False, detail="the printer does not report its state"
        )
    faults: list[PrinterFault] = []
    notes: list[str] = []
    if paper is not None and paper & 0x60:
        faults.append(PrinterFault.PAPER_OUT)
    elif paper is not None and paper & 0x0C:
        notes.append("the paper is nearly used up")
    if offline_cause is not None:
        if offline_cause & 0x04:
            faults.append(PrinterFault.HEAD_OPEN)
        if offline_cause & 0x20 and PrinterFault.PAPER_OUT not in faults:
            faults.append(PrinterFault.PAPER_OUT)
        if offline_cause & 0x40:
            faults.append(PrinterFault.OTHER)
    if printer is not None and printer & 0x08 and not faults:
        faults.append(PrinterFault.OFFLINE)
    return PrinterStatus(ready=not faults, faults=tuple(faults), detail="; ".join(notes))
