"""Which Seven Senders the station talks to: one enum for the settings, the 7S client and the
command line (the URLs of UAT and production live with the 7S client, in ``adapters/``)."""

from __future__ import annotations

from enum import StrEnum


class Environment(StrEnum):
    """Where the station talks to 7S."""

    SANDBOX = "sandbox"  # the fake 7S server: embedded (demo, training) or `packstation sandbox`
    UAT = "uat"
    PRODUCTION = "production"
    CUSTOM = "custom"  # any base URL, given as api_url

    @property
    def needs_access_key(self) -> bool:
        """A real 7S (not the sandbox) takes the access key from the keyring or the variable."""
        return self is not Environment.SANDBOX
