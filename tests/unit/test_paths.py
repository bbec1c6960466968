"""Where the station keeps its things, per platform: Windows without a Windows machine (the
platform and its known folders are injected), and the move from an earlier version's place."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import platformdirs.windows
import pytest

from packstation.adapters.journal_sqlite import JOURNAL_FILE
from packstation.settings import paths
from packstation.settings.paths import CONFIG_NAME, StationDirs, migrate_config_file, station_dirs


@pytest.fixture
def windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Known folders as Windows resolves them: (Roaming, Local)."""
    roaming, local = tmp_path / "AppData" / "Roaming", tmp_path / "AppData" / "Local"
    folders = {"CSIDL_APPDATA": roaming, "CSIDL_LOCAL_APPDATA": local}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda name: str(folders[name]))
    return roaming, local


def test_windows_settings_roam_and_data_stays_local_without_a_vendor_folder(
    windows: tuple[Path, Path],
) -> None:
    roaming, local = windows
    dirs = station_dirs("win32")
    assert dirs.config_file == roaming / "packstation" / "packstation.toml"
    assert dirs.data_dir == local / "packstation"  # not …\packstation\packstation
    assert dirs.log_dir == local / "packstation" / "Logs"
    assert dirs.legacy_config_dirs == (local / "packstation" / "packstation",)
    assert dirs.legacy_data_dir == local / "packstation" / "packstation"


def test_linux_folders_are_the_usual_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    dirs = station_dirs("linux")
    assert dirs.config_file == tmp_path / "config" / "packstation" / "packstation.toml"
    assert dirs.data_dir == tmp_path / "data" / "packstation"
    assert dirs.log_dir == tmp_path / "state" / "packstation" / "log"
    assert dirs.legacy_config_dirs == ()


def test_an_earlier_versions_settings_file_is_moved_to_roaming(
    windows: tuple[Path, Path],
) -> None:
    roaming, local = windows
    old = local / "packstation" / "packstation" / CONFIG_NAME
    old.parent.mkdir(parents=True)
    old.write_text('# my bench\nstation_name = "bench 7"\n', encoding="utf-8")
    moved = migrate_config_file(station_dirs("win32"))
    assert moved == roaming / "packstation" / CONFIG_NAME
    assert moved.read_text(encoding="utf-8") == '# my bench\nstation_name = "bench 7"\n'
    assert not old.exists()
    assert migrate_config_file(station_dirs("win32")) is None  # once


def test_a_settings_file_at_the_new_place_always_wins(windows: tuple[Path, Path]) -> None:
    roaming, local = windows
    old = local / "packstation" / "packstation" / CONFIG_NAME
    new = roaming / "packstation" / CONFIG_NAME
    for path, text in ((old, "old"), (new, "new")):
        path.parent.mkdir(parents=True)
        path.write_text(f'station_name = "{text}"\n', encoding="utf-8")
    assert migrate_config_file(station_dirs("win32")) is None
    assert new.read_text(encoding="utf-8") == 'station_name = "new"\n'
    assert old.exists()


def test_packstation_config_names_the_file_and_nothing_is_moved(
    windows: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACKSTATION_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert paths.default_config_file() == tmp_path / "elsewhere.toml"
    assert migrate_config_file() is None


def test_an_earlier_versions_journal_keeps_being_used_until_moved_on_purpose(
    tmp_path: Path,
) -> None:
    dirs = StationDirs(
        config_dir=tmp_path / "cfg",
        data_dir=tmp_path / "new",
        log_dir=tmp_path / "logs",
        legacy_data_dir=tmp_path / "old",
    )
    assert dirs.data_dir_in_use() == tmp_path / "new"  # nothing anywhere: the new place
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / JOURNAL_FILE).write_bytes(b"")
    assert dirs.data_dir_in_use() == tmp_path / "old"
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / JOURNAL_FILE).write_bytes(b"")
    assert dirs.data_dir_in_use() == tmp_path / "new"


def test_the_journal_name_matches_the_journal_adapter() -> None:
    assert paths.JOURNAL_NAME == JOURNAL_FILE


def test_the_settings_file_moves_at_the_command_lines_start(
    windows: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    roaming, local = windows
    monkeypatch.delenv("PACKSTATION_CONFIG", raising=False)
    monkeypatch.setattr(paths, "station_dirs", functools.partial(station_dirs, "win32"))
    old = local / "packstation" / "packstation" / CONFIG_NAME
    old.parent.mkdir(parents=True)
    old.write_text('station_name = "bench 9"\n', encoding="utf-8")
    from packstation.cli.main import main

    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        assert main(["about"]) == 0
    finally:
        for handler in set(root.handlers) - set(handlers):
            root.removeHandler(handler)
            handler.close()
    assert (roaming / "packstation" / CONFIG_NAME).is_file()
    assert not old.exists()
    assert (local / "packstation" / "Logs" / "packstation.log").is_file()
