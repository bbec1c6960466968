"""The plumbing every command shares: the 7S connection check and one exception → exit-code
ladder, so a command body only says what it does.

``guarded`` runs a command body and turns what it raises into an exit code with a message in
plain words (never a traceback on the bench: unexpected errors go to the log file).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable
from typing import TYPE_CHECKING

from packstation.cli.exits import ExitCode
from packstation.cli.output import CommandFailed, Output
from packstation.domain.approval import ApprovalNeeded
from packstation.domain.errors import AuthenticationFailed, ShippingApiError

if TYPE_CHECKING:
    from packstation.composition.connection import Connection
    from packstation.settings.model import Settings

log = logging.getLogger(__name__)

NO_ENVIRONMENT = (
    "No Seven Senders environment is configured (environment = sandbox without an api_url). "
    "Set PACKSTATION_ENVIRONMENT=uat|production, or run `packstation sandbox` and point "
    "PACKSTATION_API_URL at it."
)


def require_connection(settings: Settings) -> Connection:
    """The configured 7S connection, or ``CommandFailed`` (configuration) saying what is
    missing: no environment, no access key, no keyring, a custom environment without a URL."""
    from packstation.composition.connection import configured_connection
    from packstation.settings.access_key import NoSecureStore

    try:
        connection = configured_connection(settings)
    except (LookupError, NoSecureStore, ValueError) as exc:
        raise CommandFailed(str(exc), ExitCode.CONFIG) from None
    if connection is None:
        raise CommandFailed(NO_ENVIRONMENT, ExitCode.CONFIG)
    return connection


async def guarded(out: Output, command: str, body: Awaitable[ExitCode]) -> ExitCode:
    """Run ``body``; every failure becomes its exit code and a message (the one ladder)."""
    from packstation.composition.station import StationBusy, StationConfigError

    try:
        return await body
    except CommandFailed as exc:
        return out.fail(exc.message, exc.code, **exc.extra)
    except StationBusy as exc:  # another process works on this data directory: try later
        return out.fail(str(exc), ExitCode.IN_FLIGHT)
    except StationConfigError as exc:
        return out.fail(str(exc), ExitCode.CONFIG)
    except AuthenticationFailed as exc:
        return out.fail(str(exc), ExitCode.AUTH)
    except ApprovalNeeded as exc:  # nothing was done; the journal names the action, never a code
        hint = "" if exc.refused else " Run the command again with --approve."
        return out.fail(
            exc.message + hint,
            ExitCode.APPROVAL,
            approval_needed=exc.action.value,
            approval_refused=exc.refused,
        )
    except ShippingApiError as exc:
        return out.fail(str(exc), ExitCode.API)
    except ValueError as exc:  # api_names overrides that do not fit
        return out.fail(f"The station settings are not valid — {exc}", ExitCode.CONFIG)
    except sqlite3.Error as exc:  # the journal: written by a newer version, damaged, locked
        return out.fail(f"The station's journal cannot be used: {exc}", ExitCode.UNEXPECTED)
    except OSError as exc:
        return out.fail(
            f"The station could not use its files or printer ({exc}).", ExitCode.UNEXPECTED
        )
    except Exception as exc:  # never a traceback on the bench: the log file has the details
        log.exception("packstation %s failed", command)
        return out.fail(
            f"Something unexpected went wrong ({type(exc).__name__}: {exc}); the details are "
            "in the log file.",
            ExitCode.UNEXPECTED,
        )
