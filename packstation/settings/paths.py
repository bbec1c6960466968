"""Where the station keeps its settings file, its data and its logs (the platform folders).

``platformdirs`` gives each platform's usual place; ``PACKSTATION_CONFIG`` names another
settings file, ``--data-dir`` / ``data_dir`` another data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "packstation"


def default_config_file() -> Path:
    """Where the station's TOML file lives (``PACKSTATION_CONFIG`` overrides it)."""
    override = os.environ.get("PACKSTATION_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "packstation.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME))
