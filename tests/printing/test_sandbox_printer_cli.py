"""`packstation sandbox --printer-port 0`: the virtual printer runs next to the API."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

from packstation.adapters.printers import open_printer
from packstation.domain.printing import PrinterLanguage, PrinterProfile, PrintOutcome
from packstation.domain.shipping import LabelDocument, LabelFormat
from tests.integration.conftest import station_environ


def test_the_sandbox_command_starts_the_virtual_printer_and_prints_its_uri(
    tmp_path: Path, sandbox_labels: dict[LabelFormat, LabelDocument]
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "packstation", "sandbox", "--port", "0", "--printer-port", "0"],
        env=station_environ(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        uri = None
        banner = []
        for _ in range(20):
            line = proc.stdout.readline()
            banner.append(line)
            match = re.search(r"virtual printer:\s+(tcp://\S+)", line)
            if match:
                uri = match.group(1)
                break
        assert uri, f"no printer URI in the banner: {''.join(banner)}"
        printer = open_printer(uri, PrinterProfile(language=PrinterLanguage.ZPL))

        # a runner with its own loop factory leaves the thread's event loop alone (asyncio.run
        # would unset pytest-asyncio's loop and orphan it: "unclosed event loop")
        with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
            result = runner.run(printer.print_document(sandbox_labels[LabelFormat.ZPL], "A100"))

        assert result.outcome is PrintOutcome.CONFIRMED
        assert any("base URL:" in line for line in banner)
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_a_bad_printer_port_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "packstation", "sandbox", "--printer-port", "70000"],
        env=station_environ(tmp_path),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "--printer-port" in done.stderr
