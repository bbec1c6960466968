"""Where the station talks to: the local sandbox, 7S UAT or 7S production, and their addresses."""

from __future__ import annotations

from collections.abc import Mapping

from packstation.domain.environment import Environment

ENVIRONMENT_URLS: Mapping[Environment, str] = {
    Environment.UAT: "https://api-uat.sevensenders.com/v2",
    Environment.PRODUCTION: "https://api.sevensenders.com/v2",
}


def base_url_for(environment: Environment | str, base_url: str | None = None) -> str:
    """The API base URL: an explicit ``base_url`` wins, else the environment's address.

    The sandbox has no fixed address, so it needs ``base_url`` (e.g. ``http://127.0.0.1:8000/v2``).
    """
    if base_url:
        return base_url
    try:
        env = Environment(str(environment).strip().lower())
    except ValueError:
        known = ", ".join(e.value for e in Environment)
        raise ValueError(
            f"unknown Seven Senders environment {environment!r}; use one of {known}"
        ) from None
    if env not in ENVIRONMENT_URLS:
        raise ValueError(f"the {env.value} environment needs a base URL")
    return ENVIRONMENT_URLS[env]
