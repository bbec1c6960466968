"""Station settings: a TOML file in the platform config dir, overridden by PACKSTATION_* variables.

Read only by the composition root (``app.py``) and the command line; every layer below receives
plain values through its constructor. The access key is *not* a setting in the file: it lives in
the OS keyring (see ``secret_store.py``); ``PACKSTATION_ACCESS_KEY`` exists for headless use only.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "packstation"


class Environment(StrEnum):
    """Which 7S the station talks to (the URLs live with the 7S client, in adapters/)."""

    SANDBOX = "sandbox"  # the embedded fake 7S server (demo and training)
    UAT = "uat"
    PRODUCTION = "production"
    CUSTOM = "custom"  # any base URL, given as api_url


def default_config_file() -> Path:
    """Where the station's TOML file lives (``PACKSTATION_CONFIG`` overrides it)."""
    override = os.environ.get("PACKSTATION_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "packstation.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


class Settings(BaseSettings):
    """Everything a station can be configured with. See docs/settings.md for each field."""

    model_config = SettingsConfigDict(
        env_prefix="PACKSTATION_",
        extra="forbid",
        frozen=True,
    )

    environment: Environment = Environment.SANDBOX
    api_url: str | None = Field(
        default=None, description="Base URL of the 7S API; required for environment=custom."
    )
    access_key: SecretStr | None = Field(
        default=None,
        description="Headless use only (environment variable). Interactive stations keep the "
        "key in the OS keyring.",
    )
    station_name: str = "station-1"
    data_dir: Path = Field(default_factory=default_data_dir)
    connect_timeout_s: float = Field(default=5.0, gt=0)
    read_timeout_s: float = Field(default=30.0, gt=0)
    #: Overrides for API names the docs mark uncertain (paths, response keys, …).
    api_names: dict[str, Any] = Field(default_factory=dict)

    @field_validator("api_url")
    @classmethod
    def _url_is_http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Precedence: explicit arguments > PACKSTATION_* variables > the TOML file.
        return (
            init_settings,
            env_settings,
            _StationFileSource(settings_cls, toml_file=default_config_file()),
        )


class _StationFileSource(TomlConfigSettingsSource):
    """The TOML file, which must never hold the access key (secrets live in the keyring)."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        if "access_key" in data:
            raise SettingsError(
                f"{default_config_file()} contains an access_key. Secrets are never kept in "
                "plain files: remove that line and run `packstation access-key set` (or set "
                "PACKSTATION_ACCESS_KEY in the station's environment)."
            )
        return data


def load_settings(**overrides: Any) -> Settings:
    """Load the settings, turning pydantic's error into one readable sentence per problem."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except SettingsError:
        raise
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(f"The station settings are not valid — {problems}") from None


class SettingsError(Exception):
    """The configuration file or PACKSTATION_* variables are wrong."""
