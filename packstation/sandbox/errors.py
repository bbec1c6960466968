"""Errors the sandbox answers with, and the violation codes it uses (docs/sandbox.md, "Errors").

Rules raise these; ``app.py`` turns them into API-Platform-like JSON bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Symfony constraint codes, as API Platform reports them.
NOT_BLANK = "c1051bb4-d103-4f74-8988-acbcafc7fdc3"
NOT_NULL = "ad32d13f-c3d4-423b-909a-857b961eb720"
INVALID_TYPE = "ba785a8c-82cb-4283-967c-3cf342181b40"
INVALID_CHOICE = "8e179f1b-97aa-4560-a02f-2a8b42e49df7"
INVALID_COUNTRY = "8f900c12-61bd-455d-9398-996cd040f32f"
INVALID_EMAIL = "bd79c0ab-ddba-46cc-a703-a7a4b08de310"
INVALID_DATETIME = "1a9da513-2640-4f84-9b6a-4d99dcddc628"
REGEX_FAILED = "de1e3db3-5ed4-4941-aae4-59f3667cc3a3"
TOO_LOW = "ea4e51d1-3342-48bd-87f1-9e672cd90cad"
TOO_HIGH = "30fbb013-d015-4232-8b3b-8f3be97a7e14"
TOO_FEW = "bef8e338-6ae5-4caf-b8e2-50e7b0579e69"
NOT_UNIQUE = "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"
NO_SUCH_FIELD = "7703c766-b5d5-4cef-ace7-ae0dd82304e9"  # Symfony Collection: not expected

# Sandbox rule codes ([mock-choice]; the real API's codes are unknown).
NOT_FOUND_REF = "7a3c1d1e-0000-4000-8000-000000000001"  # a referenced resource does not exist
STATE_REFUSED = "7a3c1d1e-0000-4000-8000-000000000002"  # order-state transition refused
MISMATCH = "7a3c1d1e-0000-4000-8000-000000000003"  # value does not match the referenced one
NOT_CUSTOMS_COUNTRY = "7a3c1d1e-0000-4000-8000-000000000004"
LOCKED = "7a3c1d1e-0000-4000-8000-000000000005"  # manifested / no longer changeable
FLEX_ACCOUNT = "7a3c1d1e-0000-4000-8000-000000000006"
BAD_IMAGE = "7a3c1d1e-0000-4000-8000-000000000007"
UNSUPPORTED = "7a3c1d1e-0000-4000-8000-000000000008"  # e.g. bulk PUDO search for the carrier


@dataclass(frozen=True, slots=True)
class Violation:
    """One field-level problem: ``propertyPath``, ``message``, ``code`` on the wire."""

    path: str
    message: str
    code: str

    def to_json(self) -> dict[str, str]:
        return {"propertyPath": self.path, "message": self.message, "code": self.code}


class ApiError(Exception):
    """Base of every error answered as an HTTP error by the sandbox."""

    status = 500
    title = "An error occurred"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def body(self) -> dict[str, Any]:
        return {"title": self.title, "detail": self.detail}


class Invalid(ApiError):
    """400 with violations."""

    status = 400

    def __init__(self, violations: list[Violation], detail: str | None = None) -> None:
        text = detail or "; ".join(
            f"{v.path}: {v.message}" if v.path else v.message for v in violations
        )
        super().__init__(text)
        self.violations = list(violations)

    def body(self) -> dict[str, Any]:
        return {**super().body(), "violations": [v.to_json() for v in self.violations]}


class NotFound(ApiError):
    status = 404
    title = "Not Found"


class Unauthorized(ApiError):
    status = 401
    title = "Unauthorized"


def invalid(path: str, message: str, code: str) -> Invalid:
    """Shorthand for a 400 with a single violation."""
    return Invalid([Violation(path, message, code)])


def duplicate(path: str) -> Invalid:
    """The 400 for a value that must be unique (Symfony's UniqueEntity)."""
    return invalid(path, "This value is already used.", NOT_UNIQUE)


class PlainDuplicate(ApiError):
    """A duplicate answered with a sentence only (``Control.plain_duplicates``), or in the
    other shape ``shape`` gives (status, body)."""

    status = 400

    def __init__(self, detail: str, shape: tuple[int, dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self._body: dict[str, Any] = {"detail": detail, "violations": []}
        if shape is not None:
            self.status, self._body = shape

    def body(self) -> dict[str, Any]:
        return self._body


def _other_shape(collection: str, thing: str, field: str) -> tuple[int, dict[str, Any]] | None:
    """How other APIs say "already exists", one shape per resource (``None``: the sentence
    of the issue, ``{"detail": …, "violations": []}``): no two resources alike, none with a
    uniqueness code, so a client can only tell by looking the resource up."""
    shapes: dict[str, tuple[int, dict[str, Any]]] = {
        # a database error passed through
        "labels": (422, {"message": f"Duplicate entry for key '{field}'"}),
        # an error object of its own
        "shipments": (400, {"error": {"code": "E_EXISTS", "text": f"{thing} registered before"}}),
        # Hydra's keys, no violations
        "customs/manifests": (
            400,
            {"hydra:title": "An error occurred", "hydra:description": f"{thing} was sent before"},
        ),
        # Rails-like field errors
        "products": (400, {"errors": {field: ["has already been taken"]}}),
    }
    return shapes.get(collection)


def plainly(exc: ApiError, path: str) -> ApiError:
    """``exc`` as a plain duplicate when it is one ("customs shipment already exists for
    shipment"; some resources in other shapes: ``_other_shape``), else unchanged."""
    if not isinstance(exc, Invalid) or not exc.violations:
        return exc
    if any(v.code != NOT_UNIQUE for v in exc.violations):
        return exc
    collection = path.removeprefix("/v2/").strip("/")
    words = collection.replace("/", " ").replace("_", " ").split()
    thing = " ".join([*words[:-1], words[-1].removesuffix("s")]) if words else "it"
    field = exc.violations[0].path.rsplit(".", 1)[-1].removesuffix("_id").replace("_", " ")
    return PlainDuplicate(
        f"{thing} already exists for {field}", _other_shape(collection, thing, field)
    )
