"""Bench scales (``ports.Scale``): serial MT-SICS and continuous-output scales, USB HID postal
scales and a virtual scale; `scale_from_setting` builds one from the station's scale setting.

==========================  ===========================================================
setting                     scale
==========================  ===========================================================
``mtsics:PORT[@BAUD]``      Mettler Toledo MT-SICS on a serial port (``mtsics:COM3@9600``)
``continuous:PORT[@BAUD]``  a scale streaming "ST,GS,+  1.234kg" frames
``hid`` / ``hid:VID:PID``   a USB postal scale (HID POS; ids in hex, e.g. ``hid:0922:8003``)
``virtual``                 the demo scale
==========================  ===========================================================

PORT is what pyserial opens: ``/dev/ttyUSB0``, ``COM3`` or a URL such as
``socket://10.0.0.5:4001`` for a scale behind a serial-to-network converter.
"""

from __future__ import annotations

import re

from packstation.adapters.scales.base import PollingScale
from packstation.adapters.scales.continuous import ContinuousScale
from packstation.adapters.scales.hid_pos import HidPosScale
from packstation.adapters.scales.mtsics import MtSicsScale
from packstation.adapters.scales.virtual import VirtualScale

__all__ = [
    "ContinuousScale",
    "HidPosScale",
    "MtSicsScale",
    "PollingScale",
    "VirtualScale",
    "scale_from_setting",
]

_BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


def _port_and_baud(rest: str, setting: str) -> tuple[str, int]:
    port, at, baud_text = rest.rpartition("@")
    if not at:
        port, baud_text = rest, "9600"
    port = port.strip()
    if not port:
        raise ValueError(f"The scale setting {setting!r} names no port, e.g. mtsics:COM3@9600.")
    if not baud_text.strip().isdigit() or int(baud_text) not in _BAUDS:
        raise ValueError(
            f"The scale setting {setting!r} has baud rate {baud_text!r}; use one of "
            f"{', '.join(map(str, _BAUDS))}."
        )
    return port, int(baud_text)


def scale_from_setting(setting: str) -> PollingScale:
    """The scale a setting names (see the table above); ValueError in plain words."""
    text = setting.strip()
    kind, _, rest = text.partition(":")
    kind = kind.strip().lower()
    if kind == "mtsics":
        return MtSicsScale(*_port_and_baud(rest, setting))
    if kind == "continuous":
        return ContinuousScale(*_port_and_baud(rest, setting))
    if kind == "hid":
        if not rest.strip():
            return HidPosScale()
        match = re.fullmatch(r"\s*([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4})\s*", rest)
        if match is None:
            raise ValueError(
                f"The scale setting {setting!r} should be 'hid' or 'hid:VID:PID' with the "
                "USB ids in hex, e.g. hid:0922:8003."
            )
        return HidPosScale(int(match[1], 16), int(match[2], 16))
    if kind == "virtual" and not rest.strip():
        return VirtualScale()
    raise ValueError(
        f"The scale setting {setting!r} is not known; use mtsics:PORT[@BAUD], "
        "continuous:PORT[@BAUD], hid, hid:VID:PID or virtual."
    )
