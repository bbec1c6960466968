"""Reading what CUPS' command-line tools print (LC_ALL=C), without a scheduler."""

from __future__ import annotations

from packstation.adapters.printers.cups import (
    QueueState,
    parse_accepting,
    parse_jobs,
    parse_printer_state,
    status_from_state,
)
from packstation.domain.printing import PrinterFault

IDLE = """printer Zebra is idle.  enabled since Sun Nov 29 17:43:56 2026
\tForm mounted:
\tContent types: any
\tPrinter types: unknown
\tDescription: Zebra
\tAlerts: none
\tLocation:
\tConnection: direct
"""
PRINTING = """printer Zebra now printing Zebra-12.  enabled since Sun Nov 29 17:44:14 2026
\tThe printer may not exist or is unavailable at this time.
\tForm mounted:
\tAlerts: media-empty-error cover-open-warning
"""
DISABLED = """printer Zebra disabled since Sun Nov 29 17:44:08 2026 -
\tout of labels
\tForm mounted:
\tAlerts: paused
"""
JOBS = """Zebra-12                root              1024   Sun Nov 29 17:44:21 2026
\tStatus: The printer may not exist or is unavailable at this time.
\tAlerts: job-printing
\tqueued for Zebra
Zebra-13                root              1024   Sun Nov 29 17:44:22 2026
\tStatus:
\tAlerts: job-canceled-by-user
\tqueued for Zebra
"""


def test_an_idle_queue() -> None:
    state = parse_printer_state(IDLE)
    assert state == QueueState(exists=True, enabled=True, message="", reasons=())
    assert status_from_state(state, "Zebra").ready


def test_a_printing_queue_with_reasons() -> None:
    state = parse_printer_state(PRINTING)

    assert state.printing_job == "Zebra-12"
    assert state.message == "The printer may not exist or is unavailable at this time."
    assert state.reasons == ("media-empty-error", "cover-open-warning")
    status = status_from_state(state, "Zebra")
    assert status.faults == (PrinterFault.PAPER_OUT,)  # a warning is not a fault
    assert "may not exist" in status.detail


def test_a_stopped_queue() -> None:
    state = parse_printer_state(DISABLED)

    assert not state.enabled
    assert state.message == "out of labels"
    status = status_from_state(state, "Zebra")
    assert status.faults == (PrinterFault.PAUSED,)
    assert "cupsenable Zebra" in status.detail
    assert "out of labels" in status.detail


def test_no_queue() -> None:
    assert not parse_printer_state("").exists
    status = status_from_state(QueueState(exists=False), "Nope")
    assert status.faults == (PrinterFault.OFFLINE,)


def test_accepting() -> None:
    assert parse_accepting("Zebra accepting requests since Sun Nov 29 2026\n", "Zebra") == (
        True,
        "",
    )
    assert parse_accepting(
        "Zebra not accepting requests since Sun Nov 29 2026 -\n\tmaintenance\n", "Zebra"
    ) == (False, "maintenance")


def test_jobs() -> None:
    jobs = parse_jobs(JOBS)

    assert set(jobs) == {"Zebra-12", "Zebra-13"}
    assert jobs["Zebra-12"].status.startswith("The printer may not exist")
    assert jobs["Zebra-13"].reasons == ("job-canceled-by-user",)
    assert parse_jobs("") == {}
