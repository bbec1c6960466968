"""The 7S access key in the OS keyring — never in a plain file, a log or the journal.

Read only by the composition root and the command line. When the machine has no keyring (a
headless Linux box without Secret Service, say) the station says so plainly and takes the key from
the ``PACKSTATION_ACCESS_KEY`` environment variable instead; it never falls back to a file.
"""

from __future__ import annotations

import os

import keyring
import keyring.errors

SERVICE = "packstation"


class NoSecureStore(Exception):
    """This machine has no OS keyring the station can use."""


def _username(environment: str) -> str:
    return f"access-key:{environment}"


def _no_store(exc: Exception) -> NoSecureStore:
    return NoSecureStore(
        "This computer has no secure password store (OS keyring) the station can use "
        f"({type(exc).__name__}). Set the access key in the PACKSTATION_ACCESS_KEY environment "
        "variable of the station's service instead; it is never written to a file."
    )


def get_access_key(environment: str) -> str | None:
    """The access key for ``environment``: the environment variable first, then the keyring."""
    from_env = os.environ.get("PACKSTATION_ACCESS_KEY")
    if from_env:
        return from_env
    try:
        return keyring.get_password(SERVICE, _username(environment))
    except keyring.errors.KeyringError as exc:
        raise _no_store(exc) from None


def set_access_key(environment: str, key: str) -> None:
    if not key.strip():
        raise ValueError("the access key is empty")
    try:
        keyring.set_password(SERVICE, _username(environment), key.strip())
    except keyring.errors.KeyringError as exc:
        raise _no_store(exc) from None


def keyring_backends() -> tuple[str | None, list[str]]:
    """The OS keyring in use (None when there is none) and every backend keyring knows of.

    keyring finds its backends through package entry points; an empty list means those were
    lost (a frozen bundle without the package metadata), not that the computer has no keyring.
    """
    from importlib.metadata import entry_points

    found = sorted(e.name for e in entry_points(group="keyring.backends"))
    try:
        backend = keyring.get_keyring()
    except keyring.errors.KeyringError:
        return None, found
    priority = getattr(backend, "priority", 0)
    if priority is None or priority <= 0:  # fail.Keyring, or a chainer with nothing in it
        return None, found
    return str(getattr(backend, "name", type(backend).__name__)), found


def clear_access_key(environment: str) -> bool:
    """Remove the stored key; False when none was stored."""
    try:
        keyring.delete_password(SERVICE, _username(environment))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise _no_store(exc) from None
    return True
