"""The settings screen's file writer: merged, validated, atomic, never the access key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from packstation.domain.settings_problems import SettingIssue, SettingProblem
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


def test_refused_values_are_typed_setting_by_setting(tmp_path: Path) -> None:
    """The screen words these (never pydantic's text): the setting, the issue, the limit."""
    path = tmp_path / "packstation.toml"
    cases: list[tuple[dict[str, object], SettingProblem]] = [
        ({"printer_dpi": 50}, SettingProblem("printer_dpi", SettingIssue.AT_LEAST, "100")),
        ({"printer_dpi": "lots"}, SettingProblem("printer_dpi", SettingIssue.NOT_WHOLE_NUMBER)),
        ({"sound_volume": 3}, SettingProblem("sound_volume", SettingIssue.AT_MOST, "1")),
        ({"label_width_mm": 0}, SettingProblem("label_width_mm", SettingIssue.MORE_THAN, "0")),
        ({"auto_finish": "maybe"}, SettingProblem("auto_finish", SettingIssue.NOT_YES_NO)),
        ({"language": "fr"}, SettingProblem("language", SettingIssue.NOT_ACCEPTED)),
        ({"account_name": "x" * 30}, SettingProblem("account_name", SettingIssue.TOO_LONG, "24")),
        (
            {"printer_language": "postscript"},
            SettingProblem("printer_language", SettingIssue.ONE_OF, "zpl, escpos, pdf"),
        ),
        (
            {"environment": "moon"},
            SettingProblem("environment", SettingIssue.ONE_OF, "sandbox, uat, production, custom"),
        ),
    ]
    for changes, problem in cases:
        with pytest.raises(SettingsError) as caught:
            save_settings(changes, path)
        assert caught.value.problems == (problem,)
    assert not path.exists()
    assert SettingProblem("printer_dpi", SettingIssue.AT_LEAST, "100").sentence == (
        "printer_dpi: must be at least 100"
    )
    path.write_text("not = [toml")
    with pytest.raises(SettingsError) as unreadable:
        save_settings({"printer_dpi": 300}, path)
    assert unreadable.value.file == str(path)


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


def test_comments_and_layout_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "packstation.toml"
    path.write_text(
        "# bench 3 by the window: set up by Jo, 2026-11-30\n"
        'station_name = "bench 3"  # the name on the labels\n'
        "\n"
        "# the warehouse\n"
        "[sender]\n"
        'company_name = "Lager Nord"\n'
        'country = "DE"  # two letters\n',
        encoding="utf-8",
    )
    save_settings({"language": "de", "station_name": "bench 4"}, path)
    text = path.read_text(encoding="utf-8")
    assert "# bench 3 by the window: set up by Jo, 2026-11-30\n" in text
    assert 'station_name = "bench 4"  # the name on the labels\n' in text
    assert "# the warehouse\n" in text
    assert '[sender]\ncompany_name = "Lager Nord"\n' in text
    assert 'country = "DE"  # two letters' in text
    assert not text.startswith("# packstation station settings")  # the user's file, not ours
    assert tomllib.loads(text) == {
        "station_name": "bench 4",
        "language": "de",
        "sender": {"company_name": "Lager Nord", "country": "DE"},
    }


def test_a_new_file_starts_with_the_header(tmp_path: Path) -> None:
    path = tmp_path / "new" / "packstation.toml"
    save_settings({"station_name": "bench 5"}, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# packstation station settings (docs/settings.md).")
    assert tomllib.loads(text) == {"station_name": "bench 5"}


def test_a_removed_key_takes_its_line_with_it(tmp_path: Path) -> None:
    path = tmp_path / "packstation.toml"
    path.write_text('# keep me\ncarrier = "dhl:DE"\nstation_name = "b"\n', encoding="utf-8")
    save_settings({"carrier": None}, path)
    assert path.read_text(encoding="utf-8") == '# keep me\nstation_name = "b"\n'


def test_a_file_that_is_not_toml_is_named_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "packstation.toml"
    path.write_text("station_name = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="cannot be read"):
        save_settings({"language": "de"}, path)
    assert path.read_text(encoding="utf-8") == "station_name = \n"
