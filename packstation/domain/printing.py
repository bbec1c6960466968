"""Label printers as the station sees them: profiles, status, and honest print results."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from packstation.domain.shipping import LabelFormat


class PrinterLanguage(StrEnum):
    ZPL = "zpl"
    ESCPOS = "escpos"
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    """What a printer understands and what labels it holds."""

    language: PrinterLanguage = PrinterLanguage.PDF
    dpi: int = 203
    width_mm: float = 101.6  # 4 in
    height_mm: float = 152.4  # 6 in

    def label_format(self) -> LabelFormat:
        """The label format to ask 7S for, so the printer needs no conversion."""
        if self.language is PrinterLanguage.ZPL:
            return LabelFormat.zpl_for(self.dpi)
        return LabelFormat.PDF

    @property
    def width_dots(self) -> int:
        return round(self.width_mm / 25.4 * self.dpi)

    @property
    def height_dots(self) -> int:
        return round(self.height_mm / 25.4 * self.dpi)


class PrinterFault(StrEnum):
    """Faults a printer can report; each has a sentence for the packer in the UI layer."""

    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    HEAD_OPEN = "head_open"
    PAUSED = "paused"
    RIBBON_OUT = "ribbon_out"
    BUFFER_FULL = "buffer_full"
    HEAD_TOO_HOT = "head_too_hot"
    JAMMED = "jammed"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """A printer's state as far as it can tell; ``known`` is False when it cannot report."""

    ready: bool
    faults: tuple[PrinterFault, ...] = ()
    detail: str = ""
    known: bool = True
    labels_remaining: int | None = None
    #: label formats received but not printed yet (None: the printer does not say)
    formats_waiting: int | None = None
    #: the printer's own count of labels printed in its life (None: it has no such counter)
    label_count: int | None = None


class PrintOutcome(StrEnum):
    """What became of a print job, on evidence only (the table in docs/printing.md).

    ``CONFIRMED`` needs positive evidence: the printer reported the job printed (Zebra ``~HS``
    after the job: buffer drained, no fault; label counter moved) or the transport reports
    completion (CUPS job completed, the file written and flushed). Everything else that went
    out is ``DELIVERED`` — shown as "sent, unconfirmed", never as printed.
    """

    CONFIRMED = "confirmed"  # the printer (or spooler) confirmed the job printed
    DELIVERED = "delivered"  # sent, unconfirmed: handed over, the printer cannot confirm
    HELD = "held"  # not printed: offline, faulted, or faulted with the job in its buffer
    FAILED = "failed"  # cannot be printed as it is (e.g. ZPL for a PDF printer)
    #: own-label mode: the carrier label was printed elsewhere; the station registered it
    OWN_LABEL = "own_label"


#: the words for the packer and ``--json`` (``print_state``) for each outcome
PRINT_STATE_TEXT = {
    PrintOutcome.CONFIRMED: "printed",
    PrintOutcome.DELIVERED: "sent_unconfirmed",
    PrintOutcome.HELD: "held",
    PrintOutcome.FAILED: "failed",
    PrintOutcome.OWN_LABEL: "own_label",
}


def print_state(sent: bool, outcome: str | None) -> str:
    """The word for a label's print in ``--json`` and on screen, from whether it went out
    and the recorded outcome: ``printed`` (confirmed), ``sent_unconfirmed``, ``held``,
    ``failed``, ``own_label`` (printed elsewhere) or ``not_printed``."""
    if outcome == "own_label":
        return "own_label"
    if sent:
        return "sent_unconfirmed" if outcome == PrintOutcome.DELIVERED.value else "printed"
    if outcome in (PrintOutcome.HELD.value, PrintOutcome.FAILED.value):
        return outcome
    return "not_printed"


@dataclass(frozen=True, slots=True)
class PrintResult:
    outcome: PrintOutcome
    printer: str  # the printer URI without secrets
    detail: str = ""
    job_id: str | None = None
    status_after: PrinterStatus | None = None
    #: things the packer should know although the label printed (e.g. sized for another dpi)
    warnings: tuple[str, ...] = ()
    #: HELD only: the printer took the job into its buffer, then reported a fault (or fell
    #: silent); it may still print it once the fault is cleared, so it is not simply resent
    in_printer: bool = False
    #: the printer's label counter once this job has printed (its count before the job plus
    #: the job's labels); None when the printer has no counter
    printed_at_count: int | None = None

    @property
    def printed(self) -> bool:
        """The job went out and needs no resending: confirmed *or* sent, unconfirmed.

        Use ``confirmed`` for "the label printed"; a ``DELIVERED`` job is never called
        printed to the packer.
        """
        return self.outcome in (PrintOutcome.CONFIRMED, PrintOutcome.DELIVERED)

    @property
    def confirmed(self) -> bool:
        """Positive evidence that the label printed."""
        return self.outcome is PrintOutcome.CONFIRMED

    @property
    def unconfirmed(self) -> bool:
        """Sent, but nothing says it printed."""
        return self.outcome is PrintOutcome.DELIVERED

    @property
    def state_text(self) -> str:
        """``printed``, ``sent_unconfirmed``, ``held``, ``failed`` or ``own_label``."""
        return PRINT_STATE_TEXT[self.outcome]


class PrinterError(Exception):
    """Base of printer failures; ``message`` is a sentence for the packer."""

    def __init__(self, message: str, *, printer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.printer = printer


class PrinterNotReady(PrinterError):
    """The printer reported a fault or could not be reached: nothing was sent."""

    def __init__(self, message: str, status: PrinterStatus, *, printer: str = "") -> None:
        super().__init__(message, printer=printer)
        self.status = status


class DocumentNotPrintable(PrinterError):
    """This document cannot be printed on this printer as it is (wrong language or size)."""


class PrintInterrupted(PrinterError):
    """Sending broke off midway: part of the job may have reached the printer."""
