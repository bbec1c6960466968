"""The settings screen's file writer: merged, validated, atomic, never the access key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from packstation.settings.file import dumps, save_settings
from packstation.settings.model import SettingsError, load_settings


def test_changes_are_merged_into_the_file_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "packstation.toml"
    path.write_text('station_name = "bench 1"\ncarrier = "dhl:DE"\n[incoterms]\nGB = "DAP"\n')
    save_settings({"language": "de", "sound_volume": 0.5, "carrier": None}, path)
    data = tomllib.loads(path.read_text())
    assert data == {
        "station_name": "bench 1",
        "incoterms": {"GB": "DAP"},
        "language": "de",
        "sound_volume": 0.5,
    }


def test_invalid_values_leave_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "packstation.toml"
    path.write_text('station_name = "bench 1"\n')
    with pytest.raises(SettingsError, match="sound_volume"):
        save_settings({"sound_volume": 3}, path)
    with pytest.raises(SettingsError, match="language"):
        save_settings({"language": "fr"}, path)
    assert path.read_text() == 'station_name = "bench 1"\n'


def test_the_access_key_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "packstation.toml"
    with pytest.raises(SettingsError, match="never written"):
        save_settings({"access_key": "secret"}, path)
    assert not path.exists()


def test_the_station_reads_what_the_screen_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "packstation.toml"
    monkeypatch.setenv("PACKSTATION_CONFIG", str(path))
    save_settings({"packer_name": 'Jo "Gloves" Kühn', "scanner_baudrate": 115200})
    settings = load_settings()
    assert settings.packer_name == 'Jo "Gloves" Kühn'
    assert settings.scanner_baudrate == 115200


def test_toml_text_round_trips() -> None:
    data = {
        "a": 'tab\there, quote " backslash \\ newline\n',
        "b": True,
        "c": [1, 2],
        "d": 0.25,
        "key with space": "x",
        "t": {"k": "v", "n": {"deep": 1}},
    }
    assert tomllib.loads(dumps(data)) == data
