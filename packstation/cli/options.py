"""Option values the commands parse the same way (dates for ``--since``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def parse_since(text: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (local midnight), an ISO date-time, ``today`` or ``yesterday``."""
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("today", "yesterday"):
        day = date.today() - timedelta(days=1 if value == "yesterday" else 0)
        return datetime(day.year, day.month, day.day).astimezone()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day).astimezone()
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--since takes a date like 2026-11-29 or 2026-11-29T06:00, got {text!r}"
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()
