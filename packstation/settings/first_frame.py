"""The few settings the window's first frame needs, read without pydantic.

The bench window opens before the settings are loaded and checked (pydantic-settings takes
longer to import than the window takes to open): its language and the wedge scanner's
settings are read here from the same places, in the same order (``PACKSTATION_*`` variables
over the settings file), with the same defaults. Anything odd falls back to the default: the
full load that follows (``model.load_settings``) is what checks the settings and says what
is wrong; the window then takes its values.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from packstation.settings.paths import default_config_file

LANGUAGES = ("en", "de")
_TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})
_FALSE = frozenset({"0", "false", "no", "off", "n", "f"})


@dataclass(frozen=True, slots=True)
class FirstFrame:
    """Defaults as ``model.Settings`` has them (a unit test holds them together)."""

    language: str | None = None
    scanner_max_gap_ms: int = 35
    scanner_tab_terminates: bool = False
    scanner_prefix: str = ""
    scanner_suffix: str = ""


def first_frame_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> FirstFrame:
    """The first frame's settings: ``overrides`` > ``PACKSTATION_*`` > the settings file."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = dict(_file_values())
    for name in FirstFrame.__slots__:
        key = f"PACKSTATION_{name.upper()}"
        if key in environ:
            values[name] = environ[key]
    values.update({k: v for k, v in (overrides or {}).items() if k in FirstFrame.__slots__})
    default = FirstFrame()
    return FirstFrame(
        language=_language(values.get("language")),
        scanner_max_gap_ms=_int(values.get("scanner_max_gap_ms"), default.scanner_max_gap_ms),
        scanner_tab_terminates=_bool(
            values.get("scanner_tab_terminates"), default.scanner_tab_terminates
        ),
        scanner_prefix=_str(values.get("scanner_prefix")),
        scanner_suffix=_str(values.get("scanner_suffix")),
    )


def _file_values() -> dict[str, Any]:
    try:
        with default_config_file().open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def _language(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    code = value.strip().lower()[:2]
    return code if code in LANGUAGES else None


def _int(value: object, default: int) -> int:
    if isinstance(value, bool):
        return default
    try:
        number = int(str(value).strip()) if value is not None else default
    except ValueError:
        return default
    return number if 5 <= number <= 500 else default


def _bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return default


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
