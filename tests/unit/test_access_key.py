"""The access key lives in the OS keyring; a machine without one is told so plainly."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors
import pytest

from packstation.settings import access_key
from tests.conftest import MemoryKeyring


def test_round_trip_through_the_keyring(memory_keyring: MemoryKeyring) -> None:
    access_key.set_access_key("uat", "  key-123  ")
    assert access_key.get_access_key("uat") == "key-123"
    assert access_key.get_access_key("production") is None
    assert memory_keyring.secrets == {("packstation", "access-key:uat"): "key-123"}
    assert access_key.clear_access_key("uat") is True
    assert access_key.clear_access_key("uat") is False


def test_variable_wins_for_headless_stations(monkeypatch: pytest.MonkeyPatch) -> None:
    access_key.set_access_key("uat", "from-keyring")
    monkeypatch.setenv("PACKSTATION_ACCESS_KEY", "from-env")
    assert access_key.get_access_key("uat") == "from-env"


def test_empty_key_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        access_key.set_access_key("uat", "   ")


class NoKeyring(keyring.backend.KeyringBackend):
    priority = 0

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")


def test_no_keyring_is_explained_and_nothing_written() -> None:
    keyring.set_keyring(NoKeyring())
    with pytest.raises(access_key.NoSecureStore, match="PACKSTATION_ACCESS_KEY") as err:
        access_key.set_access_key("uat", "secret-xyz")
    assert "secret-xyz" not in str(err.value)
    with pytest.raises(access_key.NoSecureStore):
        access_key.get_access_key("uat")
