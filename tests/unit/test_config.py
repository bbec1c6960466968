"""Settings: file, variables, precedence, and plain-language errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from packstation.composition.connection import Connection, configured_connection
from packstation.domain.environment import Environment
from packstation.domain.packing_slip import PageSize
from packstation.settings.model import SettingsError, load_settings


def write_config(home: Path, text: str) -> None:
    (home / "packstation.toml").write_text(text, encoding="utf-8")


def connection() -> Connection | None:
    return configured_connection(load_settings())


def test_defaults_run_on_the_embedded_sandbox() -> None:
    assert load_settings().environment is Environment.SANDBOX
    assert connection() is None


def test_file_then_variables(station_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACKSTATION_ACCESS_KEY", "k")
    write_config(station_env, 'environment = "uat"\nstation_name = "bench-4"\n')
    assert load_settings().station_name == "bench-4"
    uat = connection()
    assert uat is not None
    assert uat.base_url == "https://api-uat.sevensenders.com/v2"
    monkeypatch.setenv("PACKSTATION_ENVIRONMENT", "production")
    prod = connection()
    assert prod is not None
    assert prod.base_url == "https://api.sevensenders.com/v2"


def test_custom_url_trailing_slash_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACKSTATION_ENVIRONMENT", "custom")
    monkeypatch.setenv("PACKSTATION_API_URL", "http://127.0.0.1:9/v2/")
    monkeypatch.setenv("PACKSTATION_ACCESS_KEY", "k")
    custom = connection()
    assert custom is not None
    assert custom.base_url == "http://127.0.0.1:9/v2"


def test_custom_without_url_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACKSTATION_ENVIRONMENT", "custom")
    with pytest.raises(LookupError, match="no api_url"):
        connection()


def test_missing_key_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACKSTATION_ENVIRONMENT", "uat")
    with pytest.raises(LookupError, match="packstation access-key set"):
        connection()


def test_key_from_the_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    from packstation.settings.access_key import set_access_key

    set_access_key("uat", "stored-key")
    monkeypatch.setenv("PACKSTATION_ENVIRONMENT", "uat")
    uat = connection()
    assert uat is not None
    assert uat.access_key == "stored-key"


def test_bad_values_become_one_sentence(station_env: Path) -> None:
    write_config(station_env, 'environment = "moon"\napi_url = "ftp://x"\ncolour = 1\n')
    with pytest.raises(SettingsError) as err:
        load_settings()
    text = str(err.value)
    assert "environment" in text
    assert "api_url" in text
    assert "colour" in text


def test_access_key_in_the_file_is_refused(station_env: Path) -> None:
    write_config(station_env, 'access_key = "sk-very-secret"\n')
    with pytest.raises(SettingsError, match="never kept in plain files") as err:
        load_settings()
    assert "sk-very-secret" not in str(err.value)


def test_access_key_from_variable_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACKSTATION_ACCESS_KEY", "sk-very-secret")
    settings = load_settings()
    assert settings.access_key is not None
    assert settings.access_key.get_secret_value() == "sk-very-secret"
    assert "sk-very-secret" not in repr(settings)
    assert "sk-very-secret" not in str(settings)


def test_box_types_from_the_file_or_a_variable_with_plain_errors(
    station_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(
        station_env,
        'box_types = [{ name = "S", barcode = "BOX-S", length_mm = 250, width_mm = 175, '
        'height_mm = 100, tare_g = 120 }, { name = "Envelope" }]\n',
    )
    types = load_settings().box_types
    assert [t["name"] for t in types] == ["S", "Envelope"]
    assert types[0]["tare_g"] == 120
    assert types[1]["barcode"] is None
    monkeypatch.setenv(
        "PACKSTATION_BOX_TYPES", '[{"name": "M", "barcode": "BOX-M", "tare_g": "300"}]'
    )
    assert load_settings().box_types[0]["tare_g"] == 300
    for bad, words in (
        ("[{name}", "must be a JSON list of box types"),
        ('[{"name": "S"}, {"name": "s"}]', "Two box types are called 's'"),
        ('[{"name": "S", "length_mm": 250}]', "needs all three inner dimensions"),
        ('[{"name": "S", "colour": "brown"}]', "unknown field(s) colour"),
    ):
        monkeypatch.setenv("PACKSTATION_BOX_TYPES", bad)
        with pytest.raises(SettingsError, match="box_types") as caught:
            load_settings()
        assert words in str(caught.value)


def test_the_packing_slip_paper_is_a4_or_a5(
    station_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings().packing_slip_size is PageSize.A4
    write_config(station_env, 'packing_slip_size = "A5"\n')
    assert load_settings().packing_slip_size is PageSize.A5
    monkeypatch.setenv("PACKSTATION_PACKING_SLIP_SIZE", "a5")  # as typed
    assert load_settings().packing_slip_size is PageSize.A5
    monkeypatch.setenv("PACKSTATION_PACKING_SLIP_SIZE", "Letter")
    with pytest.raises(SettingsError, match="packing_slip_size") as caught:
        load_settings()
    assert "A4" in str(caught.value)
