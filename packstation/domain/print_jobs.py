"""Print jobs as the station's print queue keeps them: nothing sent to a printer is lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from packstation.domain.printing import PrinterFault, PrintOutcome
from packstation.domain.shipping import LabelDocument


class PrintJobState(StrEnum):
    SENDING = "sending"  # claimed and being sent; after a restart: the station stopped then
    HELD = "held"  # the printer was offline or faulted; sent again when it recovers
    PRINTED = "printed"  # handed over (``outcome`` says confirmed or only delivered)
    FAILED = "failed"  # cannot be printed as it is (``detail`` says why)
    CANCELLED = "cancelled"  # withdrawn by the packer, or moved to another printer

    @property
    def pending(self) -> bool:
        return self in (PrintJobState.SENDING, PrintJobState.HELD)


@dataclass(frozen=True, slots=True)
class PrintJob:
    """One label sent (or to be sent) to one printer, with the label file itself."""

    id: str
    printer_uri: str
    job_name: str
    document: LabelDocument
    state: PrintJobState
    created_at: datetime
    updated_at: datetime
    attempts: int = 0
    outcome: PrintOutcome | None = None
    detail: str = ""
    faults: tuple[PrinterFault, ...] = ()
    warnings: tuple[str, ...] = ()
    next_attempt_at: datetime | None = None
    printer_job_id: str | None = None
    reference: str = ""  # what the label is for (order id, tracking code), for the packer
    reprint_of: str | None = None  # the job this one reprints
    moved_to: str | None = None  # the job that took over when the packer picked another printer
    #: held with the label in the printer's buffer (it took the job, then faulted): the queue
    #: checks the printer's counter and buffer before sending it again
    in_printer: bool = False
    #: the printer's label counter once this job has printed (None: no counter)
    printed_at_count: int | None = None
    #: the station stopped while sending it and the printer cannot say whether it printed:
    #: not resent by itself; the packer decides (``retry``, ``resume --reprint-uncertain``)
    uncertain: bool = False
    #: this attempt may have reached the printer: stored (with the counter mark, if the
    #: printer has a counter) in one write right before the bytes leave. A job a crash left
    #: *sending* without it never reached the printer and is simply sent after a restart
    dispatched: bool = False
