"""Label files on disk, named by their SHA-256: ``<data dir>/labels/ab/abcdef….pdf|zpl``.

Implements the ``LabelArchive`` port. Files are written to a temporary name and renamed, so a
crash never leaves half a label under the real name; the same content always lands at the same
path, so storing a label twice (a resumed cycle) costs nothing. Disk work runs in a worker
thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

from packstation.adapters.private_files import private_dir, write_private_bytes
from packstation.domain.cycle import LabelFileMissing, StoredLabel
from packstation.domain.shipping import LabelDocument, LabelFormat

_SUFFIX = {LabelFormat.PDF: ".pdf", LabelFormat.ZPL: ".zpl", LabelFormat.ZPL300: ".zpl"}


class FileLabelArchive:
    """``LabelArchive`` in a folder (usually ``<data dir>/labels``)."""

    def __init__(self, root: Path) -> None:
        self._root = Path(root)

    @property
    def root(self) -> Path:
        return self._root

    async def store(self, document: LabelDocument) -> StoredLabel:
        return await asyncio.get_running_loop().run_in_executor(None, self._store, document)

    async def load(self, stored: StoredLabel) -> LabelDocument:
        content = await asyncio.get_running_loop().run_in_executor(None, self._read, stored)
        return LabelDocument(
            content=content, content_type=stored.content_type, format=stored.label_format
        )

    def _store(self, document: LabelDocument) -> StoredLabel:
        digest = hashlib.sha256(document.content).hexdigest()
        path = self._root / digest[:2] / f"{digest}{_SUFFIX[document.format]}"
        if not (path.is_file() and path.stat().st_size == len(document.content)):
            private_dir(self._root)
            private_dir(path.parent)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            write_private_bytes(temporary, document.content)
            os.replace(temporary, path)
        return StoredLabel(
            path=str(path),
            sha256=digest,
            label_format=document.format,
            content_type=document.content_type,
            size=len(document.content),
        )

    def _read(self, stored: StoredLabel) -> bytes:
        try:
            content = Path(stored.path).read_bytes()
        except OSError as exc:
            raise LabelFileMissing(
                f"The stored label file {stored.path} cannot be read ({exc.strerror})."
            ) from None
        if hashlib.sha256(content).hexdigest() != stored.sha256:
            raise LabelFileMissing(f"The stored label file {stored.path} has been changed.")
        return content
