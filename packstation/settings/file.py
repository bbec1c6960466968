"""Writing the station's TOML settings file (the settings screen saves through this).

Only the keys the screen changed are replaced; every other key of the file is kept (comments
are not: the file is rewritten). The access key is refused: it lives in the OS keyring.
Read only by the composition root.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from packstation.settings.model import SettingsError
from packstation.settings.paths import default_config_file

HEADER = (
    "# packstation station settings (docs/settings.md). Written by the settings screen;\n"
    "# edit by hand only while the station is closed. The access key is never kept here.\n"
)

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def read_settings_file(path: Path | None = None) -> dict[str, Any]:
    """The file's contents as a dict (empty when there is no file)."""
    target = path or default_config_file()
    if not target.exists():
        return {}
    try:
        return tomllib.loads(target.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{target} cannot be read: {exc}") from None


def save_settings(changes: Mapping[str, Any], path: Path | None = None) -> Path:
    """Merge ``changes`` into the settings file (a value of None removes the key).

    The merged settings are validated first; ``SettingsError`` says what is wrong and the file
    is left as it was. Written atomically.
    """
    if "access_key" in changes:
        raise SettingsError("The access key is never written to the settings file.")
    target = path or default_config_file()
    data = read_settings_file(target)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = _plain(value)
    _validate(data)
    text = HEADER + dumps(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".packstation-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _validate(data: Mapping[str, Any]) -> None:
    from pydantic import ValidationError

    from packstation.settings.model import Settings

    try:
        Settings.model_validate(dict(data))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(f"The settings are not valid — {problems}") from None


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# ---------------------------------------------------------------------- a small TOML writer


def dumps(data: Mapping[str, Any]) -> str:
    """TOML text for plain data: scalars and lists first, then one table per mapping."""
    lines: list[str] = []
    tables: list[tuple[str, Mapping[str, Any]]] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, table in tables:
        lines.append("")
        lines.append(f"[{_key(key)}]")
        for sub_key, sub_value in table.items():
            lines.append(f"{_key(sub_key)} = {_value(sub_value)}")
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise SettingsError(f"{value} cannot be written as a setting")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise SettingsError(f"{value!r} cannot be written as a setting")


def _string(text: str) -> str:
    out = ['"']
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
