"""Bench printers: ``open_printer(uri, profile)`` picks the adapter for a printer URI, and
``list_printers`` finds the printers a station could use (for the settings screen).

Every adapter implements ``ports.LabelPrinter``; see ``uri.py`` for the URI forms.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from packstation.adapters.printers.cups import CupsPrinter, CupsUnavailable, run_cups_command
from packstation.adapters.printers.escpos_printer import EscposPrinter
from packstation.adapters.printers.folder import FolderPrinter
from packstation.adapters.printers.tcp import RawSocketPrinter
from packstation.adapters.printers.uri import (
    CupsAddress,
    EscposAddress,
    FolderAddress,
    PrinterUriError,
    TcpAddress,
    Win32Address,
    parse_printer_uri,
)
from packstation.adapters.printers.win32 import Win32Printer, list_windows_printers
from packstation.domain.printing import PrinterLanguage, PrinterProfile
from packstation.ports import LabelPrinter

__all__ = [
    "CupsPrinter",
    "EscposPrinter",
    "FolderPrinter",
    "PrinterChoice",
    "PrinterUriError",
    "RawSocketPrinter",
    "Win32Printer",
    "list_printers",
    "open_printer",
    "parse_printer_uri",
]

log = logging.getLogger(__name__)


def open_printer(
    uri: str, profile: PrinterProfile, *, win32print: Any | None = None
) -> LabelPrinter:
    """The printer adapter for ``uri``; ``PrinterUriError`` (a ``ValueError``) when the URI is
    malformed or of an unknown kind. Nothing is opened until the first status or print.

    ``escpos+…`` URIs always speak ESC/POS (the profile's language is set to match), and a
    ``tcp://`` printer whose profile says ESC/POS is driven through python-escpos too.
    """
    address = parse_printer_uri(uri)
    clean = uri.strip()
    if isinstance(address, TcpAddress):
        if profile.language is PrinterLanguage.ESCPOS:
            escpos = EscposAddress(
                "tcp", host=address.host, port=address.port, timeout=address.timeout
            )
            return EscposPrinter(escpos, profile, uri=clean)
        return RawSocketPrinter(
            address.host,
            address.port,
            profile,
            uri=clean,
            timeout=address.timeout,
            status_mode=address.status,
            confirm_timeout=address.confirm,
        )
    if isinstance(address, CupsAddress):
        return CupsPrinter(
            address.queue, profile, uri=clean, server=address.server, wait=address.wait
        )
    if isinstance(address, EscposAddress):
        if profile.language is not PrinterLanguage.ESCPOS:
            log.info("%s is an ESC/POS address: printing ESC/POS whatever the profile says", clean)
            profile = dataclasses.replace(profile, language=PrinterLanguage.ESCPOS)
        return EscposPrinter(address, profile, uri=clean)
    if isinstance(address, FolderAddress):
        return FolderPrinter(address.path, profile, uri=clean)
    assert isinstance(address, Win32Address)
    return Win32Printer(address.name, profile, uri=clean, win32print=win32print)


@dataclass(frozen=True, slots=True)
class PrinterChoice:
    """A printer the settings screen can offer."""

    uri: str
    name: str
    source: str  # "cups", "windows" or "recent"
    detail: str = ""  # the device, driver or port: names, no words (the screen words the rest)
    accepting: bool = True  # False: the queue refuses jobs (CUPS "not accepting")


async def list_cups_queues(server: str | None = None) -> list[PrinterChoice]:
    """The CUPS queues (``lpstat -e``), with their device and whether they accept jobs."""
    try:
        code, out, _ = await run_cups_command(["lpstat", "-e"], server=server)
        if code != 0:
            return []
        names = [line.strip() for line in out.splitlines() if line.strip()]
        _, accepting_text, _ = await run_cups_command(["lpstat", "-a"], server=server)
        _, devices_text, _ = await run_cups_command(["lpstat", "-v"], server=server)
    except CupsUnavailable as exc:
        log.info("no CUPS queues listed: %s", exc)
        return []
    refusing = {line.split()[0] for line in accepting_text.splitlines() if " not accepting" in line}
    devices: dict[str, str] = {}
    for line in devices_text.splitlines():
        # "device for Q: socket://10.0.0.5:9100"
        if line.startswith("device for ") and ": " in line:
            queue, _, device = line.removeprefix("device for ").partition(": ")
            devices[queue.strip()] = device.strip()
    choices = []
    for name in names:
        choices.append(
            PrinterChoice(
                uri=f"cups://{name}",
                name=name,
                source="cups",
                detail=devices.get(name.split("/")[0], ""),
                accepting=name not in refusing,
            )
        )
    return choices


async def list_printers(
    recent: Sequence[str] = (),
    *,
    cups_server: str | None = None,
    win32print: Any | None = None,
) -> list[PrinterChoice]:
    """Printers for the settings screen: CUPS queues, Windows printers, then the recently used
    URIs not already listed (unreadable ones are left out)."""
    choices = await list_cups_queues(cups_server)
    loop = asyncio.get_running_loop()
    windows = await loop.run_in_executor(None, list_windows_printers, win32print)
    choices += [
        PrinterChoice(uri=f"win32://{name}", name=name, source="windows", detail=detail)
        for name, detail in windows
    ]
    seen = {c.uri for c in choices}
    for uri in recent:
        clean = uri.strip()
        if not clean or clean in seen:
            continue
        try:
            parse_printer_uri(clean)
        except PrinterUriError:
            continue
        seen.add(clean)
        choices.append(PrinterChoice(uri=clean, name=clean, source="recent"))
    return choices
