"""How a command answers: plain lines for people, or (``--json``) one JSON object on stdout.

Every command gets one ``Output``; errors go to stderr in plain words either way, and with
``--json`` also as ``{"ok": false, "exit_code": N, "error": …}`` on stdout. A command deep in a
call raises ``CommandFailed`` instead of returning a code through every caller.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

from packstation.cli.exits import ExitCode


class CommandFailed(Exception):
    """The command ends with ``code``; ``message`` in plain words, ``extra`` for ``--json``."""

    def __init__(self, message: str, code: ExitCode, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra


@dataclass(frozen=True, slots=True)
class Output:
    """Where a command's answer goes; ``json``: one machine-readable object on stdout."""

    json: bool = False

    def fail(self, message: str, code: ExitCode, **extra: Any) -> ExitCode:
        """An error in plain words on stderr (and one JSON object on stdout with ``--json``)."""
        if code is ExitCode.OK:
            raise ValueError("a failure needs an exit code other than 0")
        print(message, file=sys.stderr)
        if self.json:
            print(json.dumps({"ok": False, "exit_code": code, "error": message, **extra}))
        return code

    def emit(self, data: dict[str, Any]) -> None:
        """The ``--json`` answer: one object on stdout."""
        print(json.dumps(data, ensure_ascii=False, default=str))

    def line(self, text: str = "") -> None:
        """A line for people on stdout."""
        print(text)

    def note(self, text: str) -> None:
        """A line for people on stderr (warnings, hints; never read by scripts)."""
        print(text, file=sys.stderr)
