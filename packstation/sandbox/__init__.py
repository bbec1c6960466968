"""The sandbox: a local fake of the Seven Senders API v2 (docs/sandbox.md).

A separate world: it shares no code with the client; the two meet only over HTTP.
"""

from packstation.sandbox.control import Control
from packstation.sandbox.dialect import Dialect
from packstation.sandbox.printer import PrinterFaults, ReceivedJob, VirtualPrinter
from packstation.sandbox.server import SandboxServer, run_forever
from packstation.sandbox.state import State

__all__ = [
    "Control",
    "Dialect",
    "PrinterFaults",
    "ReceivedJob",
    "SandboxServer",
    "State",
    "VirtualPrinter",
    "run_forever",
]
