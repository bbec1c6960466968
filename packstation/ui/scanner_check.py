"""The scanner test barcode and the scanner's problems, in the packer's words.

The command sheet carries a scanner test barcode (``PS-CMD:TEST:Zy-/Aq1.``,
``domain/keyboard_layouts.py``); the set-up asks for it to be scanned, and it can be scanned
at any time on the packing screen. ``ScannerCheck.check`` recognises it — as printed, or
altered by a keyboard-layout mismatch between scanner and PC, by Caps Lock, or otherwise —
and also any command barcode altered by a layout mismatch (``PSßCMDÖFINISH``). ``words``
says what that means and what to do; ``incomplete_words`` does the same for a scan that came
in pieces (``WedgeScanFilter.scan_incomplete``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from packstation.domain.keyboard_layouts import (
    KeyboardLayout,
    LayoutCheck,
    LayoutDetector,
    LayoutVerdict,
    scanner_test_code,
)
from packstation.ui.theme import Tone


class ScannerCheck(QObject):
    """Recognises the scanner test barcode and layout-altered command barcodes.

    ``codes`` gives the command sheet's barcodes (the test barcode among them) and
    ``prefix`` the command prefix; both are read when a scan is checked, so a station that
    starts later (or another prefix) is followed.
    """

    def __init__(
        self,
        prefix: Callable[[], str],
        codes: Callable[[], list[str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._prefix = prefix
        self._codes = codes
        self._detector: LayoutDetector | None = None
        self._for: tuple[str, tuple[str, ...]] = ("", ())

    def test_code(self) -> str:
        return scanner_test_code(self._prefix())

    def check(self, scan: str) -> LayoutCheck | None:
        """What ``scan`` says about the scanner, or None for an ordinary scan."""
        key = (self.test_code(), tuple(self._codes()))
        if self._detector is None or key != self._for:
            self._detector = LayoutDetector(key[0], key[1])
            self._for = key
        return self._detector.check(scan)

    # ------------------------------------------------------------------ words

    def layout_name(self, layout: KeyboardLayout) -> str:
        names = {
            KeyboardLayout.US: self.tr("US English (QWERTY)"),
            KeyboardLayout.DE: self.tr("German (QWERTZ)"),
            KeyboardLayout.FR: self.tr("French (AZERTY)"),
        }
        return names[layout]

    def words(self, check: LayoutCheck) -> tuple[Tone, str, str]:
        """(tone, headline, detail) for the packer."""
        changes = ", ".join(
            self.tr("{0} arrives as {1}").format(printed, arrived)
            for printed, arrived in check.changes[:4]
        )
        if check.verdict is LayoutVerdict.MATCH:
            return (
                Tone.SUCCESS,
                self.tr("Scanner test passed"),
                self.tr(
                    "The test barcode arrived exactly as printed: the scanner and this PC use "
                    "the same keyboard layout. Codes arrive unchanged."
                ),
            )
        if check.verdict is LayoutVerdict.MISMATCH:
            assert check.scanner is not None
            assert check.pc is not None
            return (
                Tone.ERROR,
                self.tr("Scanner and PC use different keyboard layouts"),
                self.tr(
                    "The scanner types as on a {0} keyboard, this PC uses {1}: {2}. "
                    "{3} arrived as {4}. Codes arrive altered until both use the same layout: "
                    "set the scanner's keyboard country to {1} (its manual has a barcode for "
                    "it) or this PC's keyboard layout to {0}, then scan the test barcode on "
                    "the command sheet (F11) again."
                ).format(
                    self.layout_name(check.scanner),
                    self.layout_name(check.pc),
                    changes,
                    check.expected,
                    check.arrived,
                ),
            )
        if check.verdict is LayoutVerdict.CAPS_LOCK:
            return (
                Tone.ERROR,
                self.tr("Caps Lock is on"),
                self.tr(
                    "The test barcode arrived with upper and lower case swapped ({0}). "
                    "Switch Caps Lock off and scan the test barcode again."
                ).format(check.arrived),
            )
        return (
            Tone.ERROR,
            self.tr("The scanner changes characters"),
            self.tr(
                "The test barcode {0} arrived as {1} ({2}). Check the scanner's keyboard "
                "country and character settings, then scan the test barcode again."
            ).format(check.expected, check.arrived, changes),
        )

    def incomplete_words(self, arrived: str) -> tuple[Tone, str, str]:
        return (
            Tone.WARNING,
            self.tr("Scan again: the scan came in pieces"),
            self.tr(
                "The scanner paused in the middle of a code, so it was not used (part of a "
                "code is a different code). Arrived: {0}. If this happens often, raise "
                "scanner_max_gap_ms in the settings file (the longest pause inside a scan)."
            ).format(arrived),
        )
