"""Where the station keeps its settings file, its data and its logs (the platform folders).

``platformdirs`` gives each platform's usual place, always with ``appauthor=False`` (no vendor
folder: ``…\\AppData\\Local\\packstation``, not ``…\\packstation\\packstation``). On Windows the
settings file lives in the *roaming* profile (``%APPDATA%\\packstation``), so it follows the user
to another bench PC; the journal, labels and logs stay local to the machine
(``%LOCALAPPDATA%\\packstation``). Elsewhere: ``~/.config/packstation``,
``~/.local/share/packstation`` and ``~/.local/state/packstation/log`` (Linux), or the macOS
equivalents.

``PACKSTATION_CONFIG`` names another settings file, ``--data-dir`` / ``data_dir`` another data
folder. ``migrate_config_file`` moves a settings file from where earlier versions kept it.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "packstation"
CONFIG_NAME = "packstation.toml"

log = logging.getLogger(__name__)


#: The journal's file name (``adapters.journal_sqlite``): a data folder holding it is in use.
JOURNAL_NAME = "journal.sqlite3"


@dataclass(frozen=True, slots=True)
class StationDirs:
    """The platform's folders for this station, and where earlier versions kept things."""

    config_dir: Path
    data_dir: Path
    log_dir: Path
    legacy_config_dirs: tuple[Path, ...] = ()
    legacy_data_dir: Path | None = None

    @property
    def config_file(self) -> Path:
        return self.config_dir / CONFIG_NAME

    def data_dir_in_use(self) -> Path:
        """The data folder: an earlier version's when its journal is there and the new folder
        has none (a live SQLite journal and its labels are never moved behind a station's
        back; ``--data-dir`` or ``data_dir`` moves a station on purpose)."""
        legacy = self.legacy_data_dir
        if (
            legacy is not None
            and (legacy / JOURNAL_NAME).is_file()
            and not (self.data_dir / JOURNAL_NAME).exists()
        ):
            return legacy
        return self.data_dir


def station_dirs(platform: str | None = None) -> StationDirs:
    """The folders on ``platform`` (``sys.platform`` unless given: tests ask for ``win32``)."""
    platform = platform or sys.platform
    if platform == "win32":
        from platformdirs.windows import Windows

        local = Windows(APP_NAME, appauthor=False)
        return StationDirs(
            config_dir=Path(Windows(APP_NAME, appauthor=False, roaming=True).user_config_dir),
            data_dir=Path(local.user_data_dir),
            log_dir=Path(local.user_log_dir),
            # earlier versions: platformdirs' default appauthor (the app name again), local
            legacy_config_dirs=(Path(Windows(APP_NAME).user_config_dir),),
            legacy_data_dir=Path(Windows(APP_NAME).user_data_dir),
        )
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return StationDirs(
        config_dir=Path(dirs.user_config_dir),
        data_dir=Path(dirs.user_data_dir),
        log_dir=Path(dirs.user_log_dir),
    )


def default_config_file() -> Path:
    """Where the station's TOML file lives (``PACKSTATION_CONFIG`` overrides it)."""
    override = os.environ.get("PACKSTATION_CONFIG")
    if override:
        return Path(override)
    return station_dirs().config_file


def default_data_dir() -> Path:
    return station_dirs().data_dir_in_use()


def default_log_dir() -> Path:
    return station_dirs().log_dir


def migrate_config_file(dirs: StationDirs | None = None) -> Path | None:
    """Move a settings file from where an earlier version kept it to where it belongs now.

    Only when there is none at the new place (a file there always wins) and
    ``PACKSTATION_CONFIG`` does not name one. Returns the new path when a file was moved.
    """
    if dirs is None:
        if os.environ.get("PACKSTATION_CONFIG"):
            return None
        dirs = station_dirs()
    target = dirs.config_file
    if target.exists():
        return None
    for folder in dirs.legacy_config_dirs:
        old = folder / CONFIG_NAME
        if not old.is_file():
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, target)
        except OSError as exc:  # the station still starts; it says where the file is
            log.warning("could not move the settings file %s to %s: %s", old, target, exc)
            return None
        log.info("moved the settings file from %s to %s", old, target)
        return target
    return None
