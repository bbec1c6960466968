"""Printer URIs: every form, its options, and a plain message for each mistake."""

from __future__ import annotations

import pytest

from packstation.adapters.printers import (
    CupsPrinter,
    EscposPrinter,
    FolderPrinter,
    PrinterUriError,
    RawSocketPrinter,
    Win32Printer,
    open_printer,
    parse_printer_uri,
)
from packstation.adapters.printers.uri import (
    CupsAddress,
    EscposAddress,
    FolderAddress,
    TcpAddress,
    Win32Address,
)
from packstation.domain.printing import PrinterLanguage, PrinterProfile


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("tcp://192.168.1.50:9100", TcpAddress("192.168.1.50", 9100)),
        ("tcp://zebra-bench-3", TcpAddress("zebra-bench-3", 9100)),
        ("  TCP://10.0.0.5:6101  ", TcpAddress("10.0.0.5", 6101)),
        ("tcp://[::1]:9100", TcpAddress("::1", 9100)),
        (
            "tcp://10.0.0.5?timeout=3&status=none&confirm=1.5",
            TcpAddress("10.0.0.5", 9100, timeout=3.0, status="none", confirm=1.5),
        ),
        ("cups://Zebra_ZD421", CupsAddress("Zebra_ZD421")),
        ("cups://Zebra/4x6", CupsAddress("Zebra/4x6")),
        (
            "cups://Zebra?server=/run/cups/cups.sock&wait=5",
            CupsAddress("Zebra", server="/run/cups/cups.sock", wait=5.0),
        ),
        ("escpos+tcp://10.0.0.6", EscposAddress("tcp", host="10.0.0.6", port=9100)),
        (
            "escpos+tcp://10.0.0.6:9101?cut=no&status=off&profile=TM-T88V",
            EscposAddress(
                "tcp", host="10.0.0.6", port=9101, cut=False, status=False, model="TM-T88V"
            ),
        ),
        (
            "escpos+usb://04b8:0202",
            EscposAddress("usb", vendor_id=0x04B8, product_id=0x0202),
        ),
        (
            "escpos+usb://0x0416:0x5011?out_ep=0x03",
            EscposAddress("usb", vendor_id=0x0416, product_id=0x5011, out_ep=3),
        ),
        (
            "escpos+serial:///dev/ttyUSB0?baudrate=19200",
            EscposAddress("serial", device="/dev/ttyUSB0", baudrate=19200),
        ),
        ("escpos+serial://COM3", EscposAddress("serial", device="COM3")),
        ("escpos+file:///dev/usb/lp0", EscposAddress("file", device="/dev/usb/lp0")),
        ("file:///var/spool/labels", FolderAddress("/var/spool/labels")),
        ("file:///srv/label%20drop", FolderAddress("/srv/label drop")),
        ("win32://ZDesigner ZD421-203dpi ZPL", Win32Address("ZDesigner ZD421-203dpi ZPL")),
        ("win32://\\\\printsrv\\Zebra Lager", Win32Address("\\\\printsrv\\Zebra Lager")),
    ],
)
def test_valid_uris(uri: str, expected: object) -> None:
    assert parse_printer_uri(uri) == expected


def test_a_windows_drive_folder() -> None:
    address = parse_printer_uri("file:///C:/labels")
    assert isinstance(address, FolderAddress)
    assert address.path == "C:\\labels"


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("", "is not a printer URI"),
        ("192.168.1.50:9100", "is not a printer URI"),
        ("lpr://queue", "unknown kind 'lpr'"),
        ("escpos+bluetooth://aa:bb", "unknown kind"),
        ("tcp://", "host name or IP address is missing"),
        ("tcp://10.0.0.5:99999", "port must be a number between 1 and 65535"),
        ("tcp://10.0.0.5:abc", "port must be a number"),
        ("tcp://10.0.0.5/queue", "unexpected path"),
        ("tcp://10.0.0.5?timout=3", "unknown option 'timout'"),
        ("tcp://10.0.0.5?timeout=-1", "option timeout='-1'"),
        ("tcp://10.0.0.5?status=maybe", "must be auto, zebra or none"),
        ("cups://", "queue name is missing"),
        ("cups://Zebra ZD421", "no spaces"),
        ("escpos+usb://04b8", "VENDOR:PRODUCT"),
        ("escpos+usb://04b8:xyz", "4-digit hex"),
        ("escpos+serial://", "serial port is missing"),
        ("escpos+serial:///dev/ttyS0?baudrate=fast", "option baudrate"),
        ("escpos+tcp://10.0.0.6?cut=perhaps", "must be yes or no"),
        ("escpos+file://", "device file is missing"),
        ("file://", "folder is missing"),
        ("file:///tmp?x=1", "unknown option 'x' (options for this kind: none)"),
        ("win32://   ", "Windows printer name is missing"),
    ],
)
def test_mistakes_get_a_plain_message(uri: str, message: str) -> None:
    with pytest.raises(PrinterUriError) as refused:
        parse_printer_uri(uri)
    assert message in str(refused.value)
    assert isinstance(refused.value, ValueError)


def test_the_message_for_an_unknown_kind_shows_examples() -> None:
    with pytest.raises(PrinterUriError) as refused:
        parse_printer_uri("zebra://10.0.0.5")
    assert "tcp://192.168.1.50:9100" in str(refused.value)
    assert "cups://" in str(refused.value)


ZPL = PrinterProfile(language=PrinterLanguage.ZPL)
ESCPOS = PrinterProfile(language=PrinterLanguage.ESCPOS, width_mm=72)


@pytest.mark.parametrize(
    ("uri", "profile", "kind"),
    [
        ("tcp://10.0.0.5:9100", ZPL, RawSocketPrinter),
        ("tcp://10.0.0.5:9100", ESCPOS, EscposPrinter),
        ("cups://Zebra", ZPL, CupsPrinter),
        ("escpos+usb://04b8:0202", ESCPOS, EscposPrinter),
        ("file:///tmp", ZPL, FolderPrinter),
        ("win32://Zebra", ZPL, Win32Printer),
    ],
)
def test_the_factory_picks_the_adapter(uri: str, profile: PrinterProfile, kind: type) -> None:
    printer = open_printer(uri, profile)
    assert isinstance(printer, kind)
    assert printer.uri == uri


def test_an_escpos_uri_prints_escpos_whatever_the_profile_says() -> None:
    printer = open_printer("escpos+tcp://10.0.0.6", ZPL)
    assert printer.profile.language is PrinterLanguage.ESCPOS
    assert printer.profile.label_format().value == "pdf"


def test_the_factory_refuses_a_bad_uri() -> None:
    with pytest.raises(PrinterUriError):
        open_printer("tcp://", ZPL)
