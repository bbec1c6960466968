"""``file:///DIR``: each job becomes one file in a folder (for integrators, hot folders, tests).

The file is written under a temporary name, flushed to disk and then renamed, so a program
watching the folder never sees half a label. The content is what a printer of the configured
language would get (``.zpl``, ``.pdf``, or ESC/POS commands as ``.bin``). A path that is a
device rather than a folder (``file:///dev/usb/lp0``) gets the job written to it directly.

For a folder the job *is* the file: once it is written, flushed and renamed into place the
result is ``CONFIRMED`` (what happens to the file afterwards is the watching program's
business). A device cannot say whether anything printed: ``DELIVERED``, sent, unconfirmed.

A folder also counts like a printer's label counter (``ports.CountingPrinter``): the number of
finished job files in it. After a crash while a job was being written, the print queue compares
that count with the mark it stored before the job, so a job whose file is there is not written
twice. A program that takes files out of the folder lowers the count; the queue then writes the
job again rather than losing it (a second copy is possible only in that case).
"""

from __future__ import annotations

import asyncio
import os
import re
import stat
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from packstation.adapters.printers.escpos_printer import escpos_bytes
from packstation.adapters.printers.prepare import Payload, PayloadKind, prepare
from packstation.domain.printing import (
    PrinterFault,
    PrinterNotReady,
    PrinterProfile,
    PrinterStatus,
    PrintInterrupted,
    PrintOutcome,
    PrintResult,
)
from packstation.domain.shipping import LabelDocument

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _slug(name: str) -> str:
    return _UNSAFE.sub("-", name).strip("-.")[:60] or "label"


class FolderPrinter:
    """Writes every job as a file. Implements ``ports.LabelPrinter``."""

    def __init__(
        self, path: str | Path, profile: PrinterProfile, *, uri: str | None = None
    ) -> None:
        self._path = Path(path)
        self._profile = profile
        self._uri = uri or f"file://{self._path.as_posix()}"
        #: Test-only (set by the composition root for its kill points): called with the
        #: temporary file once the job is written and flushed, right before it is renamed
        #: into place. Runs in the worker thread that writes.
        self.before_rename: Callable[[Path], None] | None = None

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def profile(self) -> PrinterProfile:
        return self._profile

    @property
    def path(self) -> Path:
        return self._path

    def _check(self) -> PrinterStatus:
        try:
            mode = self._path.stat().st_mode
        except OSError as exc:
            return PrinterStatus(
                ready=False,
                faults=(PrinterFault.OFFLINE,),
                detail=f"{self._path} cannot be used: {exc.strerror or exc}",
            )
        if stat.S_ISDIR(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            if os.access(self._path, os.W_OK):
                return PrinterStatus(
                    ready=True,
                    known=False,
                    detail=f"writes to {self._path}",
                    label_count=self._count() if stat.S_ISDIR(mode) else None,
                )
            return PrinterStatus(
                ready=False,
                faults=(PrinterFault.OFFLINE,),
                detail=f"the station may not write to {self._path}",
            )
        return PrinterStatus(
            ready=False,
            faults=(PrinterFault.OFFLINE,),
            detail=f"{self._path} is neither a folder nor a device",
        )

    async def status(self) -> PrinterStatus:
        return await asyncio.get_running_loop().run_in_executor(None, self._check)

    def _count(self) -> int | None:
        """Finished job files in the folder (not the ``.partial-`` ones being written)."""
        try:
            return sum(
                1
                for entry in os.scandir(self._path)
                if entry.is_file() and not entry.name.startswith(".")
            )
        except OSError:
            return None

    async def label_count(self) -> int | None:
        """The folder's job files (``ports.CountingPrinter``); None for a device."""
        if not self._path.is_dir():
            return None
        return await asyncio.get_running_loop().run_in_executor(None, self._count)

    def labels_in(self, document: LabelDocument) -> int:
        """Every job is one file, whatever it holds."""
        return 1

    async def print_document(self, document: LabelDocument, job_name: str) -> PrintResult:
        payload = await prepare(document, self._profile, self._uri)
        status = await self.status()
        if not status.ready:
            raise PrinterNotReady(
                f"Labels cannot be written: {status.detail}. Nothing was written.",
                status,
                printer=self._uri,
            )
        loop = asyncio.get_running_loop()
        try:
            written = await loop.run_in_executor(None, self._write, payload, job_name)
        except OSError as exc:
            raise PrintInterrupted(
                f"Writing '{job_name}' to {self._path} failed ({exc.strerror or exc}).",
                printer=self._uri,
            ) from exc
        into_folder = written != self._path
        return PrintResult(
            PrintOutcome.CONFIRMED if into_folder else PrintOutcome.DELIVERED,
            self._uri,
            detail=f"Written to {written}."
            if into_folder
            else f"Written to the device {written}, unconfirmed: a device cannot say whether "
            "the label printed.",
            job_id=written.name,
            warnings=payload.warnings,
        )

    def _write(self, payload: Payload, job_name: str) -> Path:
        if payload.kind is PayloadKind.IMAGES:
            data, extension = escpos_bytes(payload.images, self._profile), "bin"
        else:
            data, extension = payload.data, payload.extension
        if not self._path.is_dir():  # a device: the job goes straight to it
            with open(self._path, "wb") as device:
                device.write(data)
                device.flush()
            return self._path
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        final = self._path / f"{stamp}-{_slug(job_name)}-{uuid.uuid4().hex[:6]}.{extension}"
        fd, temp = tempfile.mkstemp(dir=self._path, prefix=".partial-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            if self.before_rename is not None:
                self.before_rename(Path(temp))
            os.replace(temp, final)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _sync_folder(self._path)
        return final


def _sync_folder(path: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
