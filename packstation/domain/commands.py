"""Command barcodes: what a packer can scan from the station's command sheet instead of a key.

A command barcode is the configured prefix (``BarcodeConfig.command_prefix``, ``PS-CMD:`` by
default) followed by a command word, e.g. ``PS-CMD:FINISH``. ``parse_scan`` hands back the word
(upper-cased) as ``Scan.command``; `parse_command` turns it into a `BenchCommand`. Skipping the
item check carries its reason in the barcode: ``PS-CMD:SKIP:UNREADABLE``.

Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BenchCommand(StrEnum):
    """Everything the packing screen can be told by a command barcode."""

    FINISH = "FINISH"  # the box is packed: buy and print the label(s)
    PRINT = "PRINT"  # print the labels of the order on the bench that did not print
    REPRINT = "REPRINT"  # print the last order's labels again (a reason is asked)
    VOID = "VOID"  # cancel the last label at 7S (a reason is asked)
    NEXT_PARCEL = "NEXT-PARCEL"  # one more parcel for the order on the bench
    CANCEL = "CANCEL"  # take the order off the bench unfinished (a reason is asked)
    SKIP = "SKIP"  # count every item without scanning, with the reason in the barcode
    MOVE = "MOVE"  # move units between the boxes of the order on the bench (a dialog)
    SLIP = "SLIP"  # print a finished order's packing slip again (a dialog asks which)


class SkipReason(StrEnum):
    """Reasons for skipping the item check that fit in a command barcode."""

    UNREADABLE = "UNREADABLE"  # the items' barcodes cannot be read
    NO_BARCODE = "NO-BARCODE"  # the items carry no barcode
    BULK = "BULK"  # many identical units: counted by hand


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    command: BenchCommand
    argument: str = ""  # SKIP: the reason code (a SkipReason value, or free text)


def parse_command(word: str) -> ParsedCommand | None:
    """The command named by ``word`` (``Scan.command``), or None for an unknown word."""
    name, _, argument = word.strip().upper().partition(":")
    aliases = {"NEXT_PARCEL": BenchCommand.NEXT_PARCEL, "PARCEL+": BenchCommand.NEXT_PARCEL}
    try:
        command = aliases.get(name) or BenchCommand(name)
    except ValueError:
        return None
    return ParsedCommand(command, argument.strip())


def command_code(command: BenchCommand, prefix: str, argument: str = "") -> str:
    """The text of the barcode for ``command`` (what the command sheet prints)."""
    return f"{prefix}{command.value}" + (f":{argument}" if argument else "")


#: The command sheet, in order: (command, argument).
SHEET: tuple[tuple[BenchCommand, str], ...] = (
    (BenchCommand.FINISH, ""),
    (BenchCommand.PRINT, ""),
    (BenchCommand.NEXT_PARCEL, ""),
    (BenchCommand.MOVE, ""),
    (BenchCommand.REPRINT, ""),
    (BenchCommand.SLIP, ""),
    (BenchCommand.VOID, ""),
    (BenchCommand.CANCEL, ""),
    (BenchCommand.SKIP, SkipReason.UNREADABLE.value),
    (BenchCommand.SKIP, SkipReason.NO_BARCODE.value),
    (BenchCommand.SKIP, SkipReason.BULK.value),
)
