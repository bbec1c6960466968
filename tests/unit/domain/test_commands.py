"""Command barcodes: the words the command sheet prints are the words the bench understands."""

from __future__ import annotations

from packstation.domain.barcodes import BarcodeConfig, CodeKind, parse_scan
from packstation.domain.commands import (
    SHEET,
    BenchCommand,
    SkipReason,
    command_code,
    parse_command,
)


def test_every_sheet_barcode_parses_back_to_its_command() -> None:
    config = BarcodeConfig()
    for command, argument in SHEET:
        scan = parse_scan(command_code(command, config.command_prefix, argument), config)
        assert scan.kind is CodeKind.COMMAND
        assert scan.command is not None
        parsed = parse_command(scan.command)
        assert parsed is not None
        assert (parsed.command, parsed.argument) == (command, argument)


def test_aliases_case_and_unknown_words() -> None:
    assert parse_command("next_parcel") == parse_command("NEXT-PARCEL")
    next_parcel = parse_command("parcel+")
    assert next_parcel is not None
    assert next_parcel.command is BenchCommand.NEXT_PARCEL
    skip = parse_command(" skip:no-barcode ")
    assert skip is not None
    assert (skip.command, skip.argument) == (BenchCommand.SKIP, SkipReason.NO_BARCODE.value)
    assert parse_command("LAUNCH") is None
    assert parse_command("") is None
