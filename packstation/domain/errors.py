"""Failures talking to Seven Senders, as a typed hierarchy the workflow can catch precisely.

Every message is written for the person at the bench: what happened and what to do. None of
them ever contains the access key, a token or a raw response body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Violation:
    """One field-level validation problem reported by the API."""

    field: str
    message: str
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ShippingApiError(Exception):
    """Base of every failure talking to the shipping API.

    Attributes:
        message: a plain-language sentence for the packer.
        status: the HTTP status if there was one.
        operation: what the station was doing ("buy label", "post order state", …).
        said: Seven Senders' own words in its answer, as it wrote them ("" when it said
            nothing or did not answer); never shown without saying whose words they are.
    """

    said: str = ""

    def __init__(self, message: str, *, status: int | None = None, operation: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.operation = operation

    def __str__(self) -> str:
        return f"{self.operation}: {self.message}" if self.operation else self.message


class AuthenticationFailed(ShippingApiError):
    """The access key was refused (wrong, revoked, or for the other environment)."""


class ValidationFailed(ShippingApiError):
    """The API refused the input; ``violations`` says which field and why."""

    def __init__(
        self,
        message: str,
        violations: tuple[Violation, ...] = (),
        *,
        status: int | None = None,
        operation: str = "",
    ) -> None:
        super().__init__(message, status=status, operation=operation)
        self.violations = violations

    def for_field(self, name: str) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.field == name)


class Duplicate(ValidationFailed):
    """The resource already exists (same reference number, order id, manifest id, …)."""


class NotFound(ShippingApiError):
    """The resource does not exist at Seven Senders."""


class RateLimited(ShippingApiError):
    """Too many requests; ``retry_after`` seconds is the server's hint, if it gave one.

    ``retry_at`` is when Seven Senders will take requests again (the hint as a moment, UTC),
    so the packer can be told; ``None`` without a hint.
    """

    def __init__(
        self,
        message: str,
        retry_after: float | None = None,
        *,
        status: int | None = 429,
        operation: str = "",
        retry_at: datetime | None = None,
    ) -> None:
        super().__init__(message, status=status, operation=operation)
        self.retry_after = retry_after
        self.retry_at = retry_at


class ServiceUnavailable(ShippingApiError):
    """Seven Senders could not be reached or kept failing; nothing was changed there."""


class OutcomeUnknown(ShippingApiError):
    """A request that creates something may or may not have been carried out.

    The caller must look the resource up (e.g. a label by its reference number) before it
    tries again: sending it blindly could buy a second label.
    """


class MalformedResponse(ShippingApiError):
    """Seven Senders answered, but not in a form the station understands."""


class DamagedResponse(MalformedResponse):
    """Seven Senders' answer arrived damaged: its compression (gzip, deflate) is broken."""
