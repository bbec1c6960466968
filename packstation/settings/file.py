"""Writing the station's TOML settings file (the settings screen saves through this).

Only the keys the screen changed are replaced; every other key of the file, its comments, its
order and its layout are kept (tomlkit edits the document in place). The access key is
refused: it lives in the OS keyring. Read only by the composition root.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

from packstation.settings.model import SettingsError
from packstation.settings.paths import default_config_file

HEADER = (
    "# packstation station settings (docs/settings.md). Written by the settings screen;\n"
    "# edit by hand only while the station is closed. The access key is never kept here.\n"
)


def read_settings_file(path: Path | None = None) -> dict[str, Any]:
    """The file's contents as a dict (empty when there is no file)."""
    return _read(path or default_config_file()).unwrap()


def _read(target: Path) -> TOMLDocument:
    if not target.exists():
        return tomlkit.document()
    try:
        return tomlkit.parse(target.read_text(encoding="utf-8"))
    except (TOMLKitError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{target} cannot be read: {exc}", file=str(target)) from None


def save_settings(changes: Mapping[str, Any], path: Path | None = None) -> Path:
    """Merge ``changes`` into the settings file (a value of None removes the key).

    The merged settings are validated first; ``SettingsError`` says what is wrong and the file
    is left as it was. The user's comments and layout are kept. Written atomically.
    """
    if "access_key" in changes:
        raise SettingsError("The access key is never written to the settings file.")
    target = path or default_config_file()
    document = _read(target)
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = _plain(value)
    _validate(document.unwrap())
    text = tomlkit.dumps(document)
    if not target.exists():
        text = HEADER + text
    _write_atomically(target, text)
    return target


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".packstation-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _validate(data: Mapping[str, Any]) -> None:
    from pydantic import ValidationError

    from packstation.settings.model import Settings, setting_problems

    try:
        Settings.model_validate(dict(data))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(
            f"The settings are not valid — {problems}", setting_problems(exc.errors())
        ) from None


def _plain(value: Any) -> Any:
    """A value TOML can hold: paths and enums as their text; no NaN or infinity."""
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        raise SettingsError(f"{value} cannot be written as a setting")
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or not isinstance(value, str | int | float | bool):
        raise SettingsError(f"{value!r} cannot be written as a setting")
    return value


def dumps(data: Mapping[str, Any]) -> str:
    """TOML text for plain data (scalars, lists, tables)."""
    return tomlkit.dumps({key: _plain(value) for key, value in data.items()})
