"""Suite-wide set-up: offscreen Qt, the gui marker, and a hermetic station environment.

No test reads or writes the developer's real config, data, log dir or keyring.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from hypothesis import HealthCheck, settings

# before pytest-qt creates the QApplication (style.md §9.2: Qt aborts without a platform)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Hypothesis' per-example deadline and its too-slow health check are stopwatch limits: on a
# shared, busy machine they fail tests that are right. Properties are checked, not timings.
settings.register_profile(
    "no-stopwatch", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("no-stopwatch")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring so tests never touch (or need) an OS password store."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not stored")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"qapp", "qtbot"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def station_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every platform directory and the config file at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("station-home")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("PACKSTATION_CONFIG", str(home / "packstation.toml"))
    for var in list(os.environ):
        if var.startswith("PACKSTATION_") and var != "PACKSTATION_CONFIG":
            monkeypatch.delenv(var)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
