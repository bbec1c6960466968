"""The command sheet's viewer is only counted on when the desktop has one (issue 17).

On Linux Qt says a file was opened once ``xdg-open`` has started, even when no application
takes PDFs. ``open_document`` asks ``xdg-mime`` first; here a stand-in ``xdg-mime`` on PATH
answers as a desktop without (and with) a PDF application would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from packstation.composition.bench import ui

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg desktops")


def _xdg_mime(folder: Path, answer: str) -> Path:
    """An ``xdg-mime`` that logs its arguments and names ``answer`` as the default app."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "xdg-mime"
    log = folder / "asked"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\nprintf "%s" "{answer}"\n')
    script.chmod(0o755)
    return log


def test_no_pdf_application_means_no_viewer(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _xdg_mime(tmp_path / "bin", "")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}")
    sheet = tmp_path / "command-sheet.pdf"
    sheet.write_bytes(b"%PDF-1.4\n")
    assert ui.open_document(sheet) is False
    assert asked.read_text().split() == ["query", "default", "application/pdf"]


def test_a_pdf_application_is_asked_to_show_the_sheet(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _xdg_mime(tmp_path / "bin", "org.gnome.Evince.desktop")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}")
    opened: list[str] = []

    def show(url: QUrl) -> bool:  # the viewer itself is not started in a test
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", show)
    sheet = tmp_path / "command-sheet.pdf"
    sheet.write_bytes(b"%PDF-1.4\n")
    assert ui.open_document(sheet) is True
    assert opened == [str(sheet)]
    assert asked.exists()
