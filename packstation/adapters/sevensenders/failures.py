"""Failed requests as ``packstation.domain.errors``, in words for the person at the bench.

A status that is left after the retries, or a transport failure, becomes one typed error whose
message says what happened and what to do. Server texts quoted in it are shortened and pass
the wire's redactor; httpx exceptions are never chained (their request carries the token).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import httpx
from pydantic import ValidationError

from packstation.adapters.http_policy import (
    TransportFailure,
    outcome_unknown_after_status,
    outcome_unknown_after_transport,
)
from packstation.adapters.sevensenders.dto import errors as dto
from packstation.adapters.sevensenders.operations import LOGIN, Op
from packstation.adapters.sevensenders_names import ApiNames
from packstation.domain.errors import (
    AuthenticationFailed,
    DamagedResponse,
    Duplicate,
    MalformedResponse,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ShippingApiError,
    ValidationFailed,
    Violation,
)

_MAX_QUOTED = 200  # characters of a server message quoted to the packer


def sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def unknown_text(op: Op) -> str:
    return (
        f"No answer from Seven Senders while {op.doing} — {op.thing} may or may not have "
        f"been {op.done}. The station will look it up before trying again."
    )


def malformed_text(op: Op, problem: str) -> str:
    """An answer the station cannot use; for a creating call, the thing was probably done."""
    text = (
        f"Seven Senders answered while {op.doing}, but the station does not "
        f"understand the answer ({problem})."
    )
    if op.creates:
        return (
            f"{text} {op.thing[0].upper()}{op.thing[1:]} was probably {op.done}: "
            "the station will look it up before trying again."
        )
    return f"{text} Try again; if it keeps happening, tell your supervisor."


def too_large(op: Op, response: httpx.Response, limit: int) -> MalformedResponse:
    """An accepted answer whose body was longer than the station reads (it was cut off)."""
    size = f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit} bytes"
    return MalformedResponse(
        malformed_text(op, f"the answer is larger than {size}, the most the station reads"),
        status=response.status_code,
        operation=op.name,
    )


def damaged(op: Op, response: httpx.Response) -> DamagedResponse:
    """An accepted answer whose compressed body is broken (nothing of it was used)."""
    text = (
        f"Seven Senders' answer while {op.doing} was damaged (its compression is broken), "
        "so the station could not use it."
    )
    if op.creates:
        text = (
            f"{text} {op.thing[0].upper()}{op.thing[1:]} was probably {op.done}: "
            "the station will look it up before trying again."
        )
    else:
        text = f"{text} Try again; if it keeps happening, tell your supervisor."
    return DamagedResponse(text, status=response.status_code, operation=op.name)


def transport_error(
    op: Op, failure: TransportFailure, *, idempotent: bool, deadline: float | None = None
) -> ShippingApiError:
    """No answer arrived (after the retries the policy allowed).

    ``deadline`` is given when the call's overall deadline ended it.
    """
    if outcome_unknown_after_transport(failure, idempotent=idempotent):
        return OutcomeUnknown(unknown_text(op), operation=op.name)
    if failure is TransportFailure.UNSENDABLE:
        return ServiceUnavailable(
            f"The station could not send the request while {op.doing}: the Seven Senders "
            "address in the settings looks wrong.",
            operation=op.name,
        )
    if failure is TransportFailure.NOT_SENT:
        text = (
            f"Seven Senders could not be reached while {op.doing}; nothing was sent. "
            "Check the network connection and try again."
        )
    elif deadline is not None:
        text = (
            f"Seven Senders did not answer completely within {deadline:g} "
            f"second{'' if deadline == 1 else 's'} while {op.doing}. "
            "Check the network connection and try again."
        )
    else:
        text = (
            f"Seven Senders did not answer while {op.doing}. "
            "Check the network connection and try again."
        )
    return ServiceUnavailable(text, operation=op.name)


def status_error(
    op: Op,
    response: httpx.Response,
    *,
    names: ApiNames,
    redact: Callable[[str], str],
    idempotent: bool,
    retry_after: float | None,
    retry_at: datetime | None = None,
    token_renewed: bool = False,
) -> ShippingApiError:
    """The answer left after the retries, as a typed error, with Seven Senders' own words (its
    violations, else its detail or title, redacted) as ``said``.

    ``retry_after`` is the answer's ``Retry-After`` hint in seconds and ``retry_at`` the same
    as a moment (when Seven Senders will take requests again). ``token_renewed``: a 401 was
    answered, the token was renewed (the access key was accepted) and sent again.
    """
    body = error_body(response, names)  # read once: the error's sentence and ``said``
    violations = body.domain_violations() if body else ()
    said = server_text(body, redact)
    reasons = "; ".join(str(v) for v in violations[:5])
    error = _typed_error(
        op,
        response.status_code,
        violations,
        reasons,
        said,
        unique_code=names.unique_violation_code,
        idempotent=idempotent,
        retry_after=retry_after,
        retry_at=retry_at,
        token_renewed=token_renewed,
    )
    error.said = " ".join(redact(reasons).split()) or said
    return error


def _typed_error(
    op: Op,
    status: int,
    violations: tuple[Violation, ...],
    reasons: str,
    said: str,
    *,
    unique_code: str,
    idempotent: bool,
    retry_after: float | None,
    retry_at: datetime | None,
    token_renewed: bool,
) -> ShippingApiError:
    """The typed error for an answer's status, violations and words (see ``status_error``)."""
    quoted = f" Seven Senders says: {said}" if said else ""
    name = op.name

    refused = _refusal(op, status, quoted, token_renewed=token_renewed)
    if refused is not None:
        return refused
    if status == 404:
        return NotFound(
            f"Seven Senders has no record of {op.thing}.{quoted}", status=status, operation=name
        )
    if status == 405:
        return ValidationFailed(
            f"Seven Senders does not allow {op.doing} here.{quoted}",
            violations,
            status=status,
            operation=name,
        )
    if status == 409 or any(v.code == unique_code for v in violations):
        return Duplicate(
            sentence(f"Seven Senders already has {op.thing}: {reasons or said or 'it exists'}"),
            violations,
            status=status,
            operation=name,
        )
    if status in (400, 422):
        return ValidationFailed(
            sentence(
                f"Seven Senders refused the data while {op.doing}: "
                f"{reasons or said or 'no reason given'}"
            ),
            violations,
            status=status,
            operation=name,
        )
    if status == 429:
        return RateLimited(
            f"Seven Senders is busy and asked the station to slow down while {op.doing}. "
            f"Try again {_wait_words(retry_after, retry_at)}.",
            retry_after,
            status=status,
            operation=name,
            retry_at=retry_at,
        )
    return _other_status(op, status, quoted, idempotent=idempotent)


#: Up to this many seconds a wait is said in seconds; a longer one as the moment it ends.
_SAY_SECONDS = 600


def _wait_words(retry_after: float | None, retry_at: datetime | None) -> str:
    """When to try again, for the packer: "in 40 seconds" or "after 14:05 on 8 December"."""
    if retry_after is None:
        return "in a minute"
    if retry_after <= _SAY_SECONDS or retry_at is None:
        return f"in {retry_after:.0f} seconds"
    local = retry_at.astimezone()
    hours = retry_after / 3600
    within = f"{hours:.0f} hours" if hours >= 2 else f"{retry_after / 60:.0f} minutes"
    return f"after {local:%H:%M} on {local.day} {local:%B} (in about {within})"


def _refusal(
    op: Op, status: int, quoted: str, *, token_renewed: bool = False
) -> AuthenticationFailed | None:
    """401 and 403: the key, the token or the account's rights.

    A 401 after a renewal is not the access key's fault (it was just accepted): the fresh
    token was refused again, as when another station signing in with the same key replaced it.
    """
    if op is LOGIN and status in (400, 401, 403):
        # a 400 may name a key of the sign-in body this 7S spells otherwise (api_names
        # token_request): its words are kept (redacted), so the key is named
        named = (
            f"{quoted} (The sign-in names are api_names token_request.)" if status == 400 else ""
        )
        return AuthenticationFailed(
            "The access key was refused by Seven Senders. Check that it is the key for "
            f"this environment (UAT or production) and that it has not been revoked.{named}",
            status=status,
            operation=op.name,
        )
    if status == 401 and token_renewed:
        return AuthenticationFailed(
            f"Seven Senders refused the station's token again while {op.doing}, right after "
            "issuing a new one (the access key itself was accepted a moment ago). Another "
            "station or program signing in with the same access key replaces this station's "
            "token: give every station its own access key, then try again.",
            status=status,
            operation=op.name,
        )
    if status == 401:
        return AuthenticationFailed(
            f"Seven Senders refused the station's token while {op.doing}. Try again; "
            "if it keeps happening, check the access key in the settings.",
            status=status,
            operation=op.name,
        )
    if status == 403:
        return AuthenticationFailed(
            f"This Seven Senders account is not allowed to do this ({op.doing}). Ask your "
            f"Seven Senders contact to enable it.{quoted}",
            status=status,
            operation=op.name,
        )
    return None


def _other_status(op: Op, status: int, quoted: str, *, idempotent: bool) -> ShippingApiError:
    """408, 5xx and the remaining statuses."""
    name = op.name
    if status == 408 or status >= 500:
        if outcome_unknown_after_status(status, idempotent=idempotent):
            return OutcomeUnknown(unknown_text(op), status=status, operation=name)
        return ServiceUnavailable(
            f"Seven Senders is not working properly right now (error {status}) while "
            f"{op.doing}. Try again in a minute.",
            status=status,
            operation=name,
        )
    if 400 <= status < 500:
        return ShippingApiError(
            f"Seven Senders refused {op.doing} (error {status}).{quoted}",
            status=status,
            operation=name,
        )
    return MalformedResponse(
        f"Seven Senders gave an unexpected answer (status {status}) while {op.doing}.",
        status=status,
        operation=name,
    )


def error_body(response: httpx.Response, names: ApiNames) -> dto.ErrorBody | None:
    """The error document of an answer, or ``None`` when it has none we can read."""
    try:
        raw = json.loads(response.content)
    except (ValueError, RecursionError):  # not JSON (an HTML page, empty, nested too deeply)
        return None
    try:
        return dto.parse_error(raw, names.error)
    except ValidationError:
        return None


def server_text(body: dto.ErrorBody | None, redact: Callable[[str], str]) -> str:
    """The server's own words (detail, else title), redacted, on one line, shortened."""
    if body is None:
        return ""
    text = body.detail or body.title or ""
    text = " ".join(redact(text).split())
    if len(text) > _MAX_QUOTED:
        text = text[: _MAX_QUOTED - 1] + "…"
    return text
