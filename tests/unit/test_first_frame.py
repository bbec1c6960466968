"""The first frame's settings, read without pydantic, agree with the full settings load."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from packstation.settings.first_frame import FirstFrame, first_frame_settings
from packstation.settings.model import Settings, load_settings

pytestmark = pytest.mark.usefixtures("station_env")


def first_frame_of(settings: Settings) -> FirstFrame:
    return FirstFrame(**{f.name: getattr(settings, f.name) for f in fields(FirstFrame)})


def test_the_defaults_are_the_settings_defaults() -> None:
    assert first_frame_settings() == first_frame_of(load_settings()) == FirstFrame()


def test_file_and_variables_are_read_as_the_settings_read_them(
    station_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (station_env / "packstation.toml").write_text(
        'language = "de"\nscanner_prefix = "]C1"\nscanner_max_gap_ms = 50\n'
        "scanner_tab_terminates = true\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PACKSTATION_SCANNER_SUFFIX", "#")
    monkeypatch.setenv("PACKSTATION_SCANNER_MAX_GAP_MS", "80")  # a variable beats the file
    first = first_frame_settings()
    assert first == first_frame_of(load_settings())
    assert first == FirstFrame("de", 80, True, "]C1", "#")
    monkeypatch.setenv("PACKSTATION_LANGUAGE", "en")
    monkeypatch.setenv("PACKSTATION_SCANNER_TAB_TERMINATES", "0")
    assert first_frame_settings() == first_frame_of(load_settings())
    assert first_frame_settings({"language": "de"}).language == "de"  # arguments beat both


@pytest.mark.parametrize(
    "text",
    [
        'language = "fr"\nscanner_max_gap_ms = 2\nscanner_tab_terminates = "maybe"\n',
        "language = [\n",  # not TOML
        'scanner_prefix = 7\nscanner_max_gap_ms = "soon"\n',
    ],
)
def test_anything_odd_is_the_default_and_left_to_the_full_load(
    station_env: Path, text: str
) -> None:
    (station_env / "packstation.toml").write_text(text, encoding="utf-8")
    assert first_frame_settings() == FirstFrame()
