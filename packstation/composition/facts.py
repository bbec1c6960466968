"""What a station is and where it keeps its things (``packstation about``, the About dialog),
and whether a window can open here."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from packstation.settings.model import Settings


def station_facts(settings: Settings) -> dict[str, Any]:
    """Versions and where this station keeps its things (``packstation about``, About dialog)."""
    import platform

    from packstation import __version__
    from packstation.settings.access_key import keyring_backends
    from packstation.settings.paths import default_config_file, default_log_dir

    in_use, found = keyring_backends()
    config_file = default_config_file()
    try:
        from PySide6 import QtCore

        qt = QtCore.qVersion()
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        qt = ""
    return {
        "version": __version__,
        "python": platform.python_version(),
        "qt": qt,
        "platform": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "config_file": str(config_file),
        "config_file_exists": config_file.exists(),
        "data_dir": str(settings.data_dir),
        "log_dir": str(default_log_dir()),
        "environment": settings.environment.value,
        "keyring": in_use,
        "keyring_backends_found": found,
    }


def has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal", "windows", "cocoa")
        or sys.platform in ("win32", "darwin")
    )
