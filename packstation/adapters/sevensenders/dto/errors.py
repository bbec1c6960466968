"""Error answers: title, detail and violations (keys from ``ErrorKeys``; Hydra's too)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import Field

from packstation.adapters.sevensenders.dto.fields import WireModel
from packstation.adapters.sevensenders_names import ErrorKeys
from packstation.domain.errors import Violation


class _ViolationBody(WireModel):
    field: str = ""
    message: str = ""
    code: str | None = None


class ErrorBody(WireModel):
    title: str | None = None
    detail: str | None = None
    violations: list[_ViolationBody] = Field(default_factory=list)

    def domain_violations(self) -> tuple[Violation, ...]:
        return tuple(Violation(v.field, v.message, v.code) for v in self.violations)


def parse_error(raw: Any, keys: ErrorKeys) -> ErrorBody | None:
    """Read an error body (``None`` when it is not one); accepts Hydra's key spellings too."""
    if not isinstance(raw, Mapping):
        return None
    data: dict[str, Any] = {
        "title": raw.get(keys.title, raw.get("hydra:title")),
        "detail": raw.get(keys.detail, raw.get("hydra:description")),
    }
    lines = raw.get(keys.violations)
    if isinstance(lines, Sequence) and not isinstance(lines, str):
        data["violations"] = [
            {
                "field": str(v.get(keys.property_path) or ""),
                "message": str(v.get(keys.message) or ""),
                "code": None if v.get(keys.code) is None else str(v.get(keys.code)),
            }
            for v in lines
            if isinstance(v, Mapping)
        ]
    data = {k: v if v is None or isinstance(v, list) else str(v) for k, v in data.items()}
    return ErrorBody.model_validate(data)
