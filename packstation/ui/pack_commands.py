"""The bench commands as the packer meets them: their F-keys, their dialogs, the command sheet.

A command barcode (``PS-CMD:…``) does what its F-key does; the commands that need a reason
open a dialog first. The command sheet lists every command's barcode with its title and key,
and the scanner test the set-up asks for (``ui/scanner_check.py``).
"""

from __future__ import annotations

from packstation.domain.commands import SHEET, BenchCommand, command_code
from packstation.domain.keyboard_layouts import scanner_test_code
from packstation.ui import texts
from packstation.ui.pack_views import BenchDialog, SheetDelivery
from packstation.ui.pack_wording import QT_TRANSLATE_NOOP, Say, translated

# the command sheet's words (translated in the packing screen's context, "PackWording")
SAME_AS_KEY = QT_TRANSLATE_NOOP("PackWording", "Same as {0} on the keyboard")
SHEET_HEADING = QT_TRANSLATE_NOOP("PackWording", "packstation command sheet")
SCANNER_TEST = QT_TRANSLATE_NOOP("PackWording", "Scanner test")
SCANNER_TEST_HINT = QT_TRANSLATE_NOOP("PackWording", "Scan it to check the keyboard layout")
SHEET_DOCUMENT_PRINTER_REFUSED = QT_TRANSLATE_NOOP(
    "PackWording", " The document printer did not take it (the log says why)."
)
# the banner for each way the command sheet reached paper
SHEET_SAYS = {
    SheetDelivery.DOCUMENT_PRINTER: Say.COMMAND_SHEET_PRINTED,
    SheetDelivery.OPENED: Say.COMMAND_SHEET_READY,
    SheetDelivery.LABEL_PRINTER: Say.COMMAND_SHEET_LABELS,
    SheetDelivery.SAVED: Say.COMMAND_SHEET_SAVED,
}
SHEET_FOOTER = QT_TRANSLATE_NOOP(
    "PackWording", "Scan a barcode instead of pressing the key. Station: {0}"
)

#: the key of each command on the keyboard (the command sheet says so)
KEYS = {
    BenchCommand.FINISH: "F2",
    BenchCommand.PRINT: "F5",
    BenchCommand.NEXT_PARCEL: "F4",
    BenchCommand.REPRINT: "F6",
    BenchCommand.VOID: "F7",
    BenchCommand.CANCEL: "F9",
    BenchCommand.SKIP: "F8",
    BenchCommand.MOVE: "Ctrl+M",
    BenchCommand.SLIP: "Ctrl+P",
}

#: the commands that need a dialog (a reason) before anything is done
DIALOGS = {
    BenchCommand.REPRINT: BenchDialog.REPRINT,
    BenchCommand.VOID: BenchDialog.VOID,
    BenchCommand.CANCEL: BenchDialog.CANCEL,
    BenchCommand.SKIP: BenchDialog.SKIP,
    BenchCommand.MOVE: BenchDialog.MOVE,
    BenchCommand.SLIP: BenchDialog.SLIP,
}


def sheet_entries(prefix: str) -> list[tuple[str, str, str]]:
    """(barcode, title, hint) of every command and the scanner test, translated."""
    commands = [
        (
            command_code(command, prefix, argument),
            texts.command_title(command, argument),
            translated(SAME_AS_KEY).format(KEYS[command]),
        )
        for command, argument in SHEET
    ]
    test = (scanner_test_code(prefix), translated(SCANNER_TEST), translated(SCANNER_TEST_HINT))
    return [*commands, test]
