"""Printer URIs: the one setting that says which printer a bench uses and how to reach it.

=================================================  ==========================================
``tcp://HOST[:PORT]``                               raw socket (JetDirect, port 9100 default)
``cups://QUEUE``                                    a CUPS queue (``lp``/``lpstat``)
``escpos+tcp://HOST[:PORT]``                        ESC/POS over the network (python-escpos)
``escpos+usb://VID:PID``                            ESC/POS over USB (hex ids, e.g. 04b8:0202)
``escpos+serial:///dev/ttyUSB0?baudrate=9600``      ESC/POS over a serial port (or COM3)
``escpos+file:///dev/usb/lp0``                      ESC/POS written to a device file
``file:///DIR``                                     one file per job in a folder
``win32://PRINTER NAME``                            a Windows printer (RAW or GDI pages)
=================================================  ==========================================

Options go in the query string (``tcp://10.0.0.5?timeout=5&status=none``); unknown options are
refused so a typo does not pass unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Literal, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

T = TypeVar("T")

EXAMPLES = (
    "tcp://192.168.1.50:9100, cups://Zebra_ZD421, escpos+tcp://192.168.1.60:9100, "
    "escpos+usb://04b8:0202, escpos+serial:///dev/ttyUSB0?baudrate=9600, "
    "escpos+file:///dev/usb/lp0, file:///var/spool/labels, win32://ZDesigner ZD421-203dpi"
)
SCHEMES = (
    "tcp",
    "cups",
    "escpos+tcp",
    "escpos+usb",
    "escpos+serial",
    "escpos+file",
    "file",
    "win32",
)

StatusMode = Literal["auto", "zebra", "none"]


class PrinterUriError(ValueError):
    """A printer URI that is malformed or of an unknown kind; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class TcpAddress:
    host: str
    port: int = 9100
    timeout: float = 10.0
    #: ``auto``: ask ``~HS`` when the printer speaks ZPL; ``zebra``: always; ``none``: never
    status: StatusMode = "auto"
    confirm: float = 5.0  # seconds to wait for the printer to report the job printed


@dataclass(frozen=True, slots=True)
class CupsAddress:
    queue: str
    server: str | None = None  # host[:port] or a domain socket path; default: CUPS' own
    wait: float = 15.0  # seconds to follow the job before reporting it as delivered


@dataclass(frozen=True, slots=True)
class EscposAddress:
    transport: Literal["tcp", "usb", "serial", "file"]
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""
    baudrate: int = 9600
    timeout: float = 10.0
    cut: bool = True
    status: bool = True  # ask for online/paper status where the connection can answer
    model: str | None = None  # a python-escpos printer profile name (e.g. TM-T88V)
    in_ep: int = 0x82
    out_ep: int = 0x01


@dataclass(frozen=True, slots=True)
class FolderAddress:
    path: str


@dataclass(frozen=True, slots=True)
class Win32Address:
    name: str


PrinterAddress = TcpAddress | CupsAddress | EscposAddress | FolderAddress | Win32Address


def _fail(uri: str, why: str) -> PrinterUriError:
    return PrinterUriError(f"The printer address {uri!r} is not valid: {why}.")


class _Options:
    def __init__(self, uri: str, query: str, allowed: tuple[str, ...]) -> None:
        self.uri = uri
        try:
            pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
        except ValueError as exc:
            raise _fail(uri, f"the options after '?' cannot be read ({exc})") from exc
        self.values: dict[str, str] = {}
        for key, value in pairs:
            if key not in allowed:
                known = ", ".join(allowed) if allowed else "none"
                raise _fail(uri, f"unknown option {key!r} (options for this kind: {known})")
            self.values[key] = value

    def get(self, key: str, default: T, convert: Callable[[str], T]) -> T:
        if key not in self.values:
            return default
        raw = self.values[key]
        try:
            return convert(raw)
        except ValueError as exc:
            raise _fail(self.uri, f"option {key}={raw!r}: {exc}") from exc


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value <= 600:
        raise ValueError("must be a number of seconds between 0 and 600")
    return value


def _yes_no(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "yes", "true", "on"):
        return True
    if lowered in ("0", "no", "false", "off"):
        return False
    raise ValueError("must be yes or no")


def _status_mode(text: str) -> StatusMode:
    lowered = text.strip().lower()
    if lowered == "auto":
        return "auto"
    if lowered == "zebra":
        return "zebra"
    if lowered == "none":
        return "none"
    raise ValueError("must be auto, zebra or none")


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise ValueError("must be a port number between 1 and 65535")
    return value


def _hex_id(text: str) -> int:
    cleaned = text.strip().lower().removeprefix("0x")
    if not cleaned or len(cleaned) > 4:
        raise ValueError("must be a 4-digit hex id")
    return int(cleaned, 16)


def _host_port(uri: str, rest: str, default_port: int) -> tuple[str, int, str]:
    parts = urlsplit("//" + rest)
    try:
        host = parts.hostname or ""
        port = parts.port or default_port
    except ValueError as exc:
        raise _fail(uri, "the port must be a number between 1 and 65535") from exc
    if not host:
        raise _fail(uri, "the printer's host name or IP address is missing")
    if parts.path not in ("", "/"):
        raise _fail(uri, f"unexpected path {parts.path!r} after the host")
    return host, port, parts.query


def _path_and_query(rest: str) -> tuple[str, str]:
    path, _, query = rest.partition("?")
    return unquote(path), query


def parse_printer_uri(uri: str) -> PrinterAddress:
    """Read a printer URI, or raise ``PrinterUriError`` saying what is wrong and what fits."""
    text = uri.strip()
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep or not scheme:
        raise PrinterUriError(
            f"The printer address {uri!r} is not a printer URI. Use one of: {EXAMPLES}."
        )
    if scheme not in SCHEMES:
        raise PrinterUriError(
            f"The printer address {uri!r} has an unknown kind {scheme!r}: "
            f"use one of {', '.join(s + '://' for s in SCHEMES)} (e.g. {EXAMPLES})."
        )
    if scheme == "tcp":
        host, port, query = _host_port(uri, rest, 9100)
        opts = _Options(uri, query, ("timeout", "status", "confirm"))
        return TcpAddress(
            host=host,
            port=port,
            timeout=opts.get("timeout", 10.0, _seconds),
            status=opts.get("status", "auto", _status_mode),
            confirm=opts.get("confirm", 5.0, _seconds),
        )
    if scheme == "cups":
        name, query = _path_and_query(rest)
        name = name.strip("/")
        if not name:
            raise _fail(uri, "the CUPS queue name is missing (e.g. cups://Zebra_ZD421)")
        if any(c.isspace() or c in "#\\" for c in name):
            raise _fail(
                uri, "a CUPS queue name has no spaces, '#' or '\\' ('lpstat -e' lists them)"
            )
        opts = _Options(uri, query, ("server", "wait"))
        server = opts.get("server", None, lambda s: s.strip() or None)
        return CupsAddress(queue=name, server=server, wait=opts.get("wait", 15.0, _seconds))
    if scheme.startswith("escpos+"):
        return _parse_escpos(uri, scheme.removeprefix("escpos+"), rest)
    if scheme == "file":
        path, query = _path_and_query(rest)
        _Options(uri, query, ())
        if not path:
            raise _fail(uri, "the folder is missing (e.g. file:///var/spool/labels)")
        return FolderAddress(path=_local_path(path))
    # win32: everything after the scheme is the printer's name, spaces and all
    name = unquote(rest).strip()
    if not name:
        raise _fail(uri, "the Windows printer name is missing (e.g. win32://ZDesigner ZD421)")
    return Win32Address(name=name)


def _local_path(path: str) -> str:
    """``/C:/labels`` (from ``file:///C:/labels``) is a Windows drive path."""
    if len(path) >= 3 and path[0] == "/" and path[2] == ":" and path[1].isalpha():
        return str(PureWindowsPath(path[1:]))
    return path


_ESCPOS_COMMON = ("timeout", "cut", "status", "profile")


@dataclass(frozen=True, slots=True)
class _EscposCommon:
    timeout: float
    cut: bool
    status: bool
    model: str | None

    @classmethod
    def read(cls, opts: _Options) -> _EscposCommon:
        return cls(
            timeout=opts.get("timeout", 10.0, _seconds),
            cut=opts.get("cut", True, _yes_no),
            status=opts.get("status", True, _yes_no),
            model=opts.get("profile", None, lambda s: s.strip() or None),
        )


def _parse_escpos(uri: str, transport: str, rest: str) -> EscposAddress:
    if transport == "tcp":
        host, port, query = _host_port(uri, rest, 9100)
        c = _EscposCommon.read(_Options(uri, query, _ESCPOS_COMMON))
        return EscposAddress(
            "tcp",
            host=host,
            port=port,
            timeout=c.timeout,
            cut=c.cut,
            status=c.status,
            model=c.model,
        )
    if transport == "usb":
        ids, query = _path_and_query(rest)
        vendor, sep, product = ids.strip("/").partition(":")
        if not sep:
            raise _fail(uri, "USB printers are given as VENDOR:PRODUCT hex ids (lsusb shows them)")
        try:
            vid, pid = _hex_id(vendor), _hex_id(product)
        except ValueError as exc:
            raise _fail(uri, f"USB ids are 4-digit hex numbers such as 04b8:0202 ({exc})") from exc
        opts = _Options(uri, query, (*_ESCPOS_COMMON, "in_ep", "out_ep"))
        c = _EscposCommon.read(opts)
        return EscposAddress(
            "usb",
            vendor_id=vid,
            product_id=pid,
            in_ep=opts.get("in_ep", 0x82, lambda s: int(s, 0)),
            out_ep=opts.get("out_ep", 0x01, lambda s: int(s, 0)),
            timeout=c.timeout,
            cut=c.cut,
            status=c.status,
            model=c.model,
        )
    if transport == "serial":
        device, query = _path_and_query(rest)
        if not device.strip("/"):
            raise _fail(uri, "the serial port is missing (e.g. escpos+serial:///dev/ttyUSB0)")
        if not device.startswith("/"):
            device = device.rstrip("/")  # COM3 on Windows: escpos+serial://COM3
        opts = _Options(uri, query, (*_ESCPOS_COMMON, "baudrate"))
        c = _EscposCommon.read(opts)
        baud = opts.get("baudrate", 9600, int)
        if baud <= 0:
            raise _fail(uri, "the baudrate must be a positive number such as 9600")
        return EscposAddress(
            "serial",
            device=device,
            baudrate=baud,
            timeout=c.timeout,
            cut=c.cut,
            status=c.status,
            model=c.model,
        )
    if transport == "file":
        device, query = _path_and_query(rest)
        if not device.strip("/"):
            raise _fail(uri, "the device file is missing (e.g. escpos+file:///dev/usb/lp0)")
        c = _EscposCommon.read(_Options(uri, query, _ESCPOS_COMMON))
        return EscposAddress(
            "file", device=device, timeout=c.timeout, cut=c.cut, status=c.status, model=c.model
        )
    raise PrinterUriError(
        f"The printer address {uri!r} has an unknown ESC/POS connection {transport!r}: "
        "use escpos+tcp://, escpos+usb://, escpos+serial:// or escpos+file://."
    )
