"""A pick-up point's day in the window's language: closed today, closures, where it came from.

The domain words these sentences in English for the command line (``domain/pudo.py``); the
window builds them again from the same facts (the point's hours and closures) so that they
follow the window's language. Dates are shown as day.month.year.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from packstation.domain.pudo import (
    CHOSEN_AT_STATION,
    FROM_ORDER,
    PointToday,
    closure_on,
    open_days,
    upcoming_closures,
)
from packstation.domain.shipping import Closure, PudoLocation


def _day(text: str) -> str:
    try:
        return f"{date.fromisoformat(text.strip()[:10]):%d.%m.%Y}"
    except ValueError:
        return text


def closed_reason(location: PudoLocation, today: PointToday) -> str:
    """Why the point is closed today ("" when it is open)."""
    if today.open_today:
        return ""
    closure = closure_on(location, today.day)
    if closure is not None:
        return QCoreApplication.translate("PudoTexts", "temporarily closed until {0}").format(
            _day(closure.end)
        )
    names = (
        QCoreApplication.translate("PudoTexts", "closed on Mondays"),
        QCoreApplication.translate("PudoTexts", "closed on Tuesdays"),
        QCoreApplication.translate("PudoTexts", "closed on Wednesdays"),
        QCoreApplication.translate("PudoTexts", "closed on Thursdays"),
        QCoreApplication.translate("PudoTexts", "closed on Fridays"),
        QCoreApplication.translate("PudoTexts", "closed on Saturdays"),
        QCoreApplication.translate("PudoTexts", "closed on Sundays"),
    )
    return names[today.day.weekday()]


def closure_sentence(closure: Closure) -> str:
    return QCoreApplication.translate("PudoTexts", "temporarily closed from {0} until {1}").format(
        _day(closure.start), _day(closure.end)
    )


def point_warnings(location: PudoLocation, day: date) -> tuple[str, ...]:
    """Closures now and ahead, and a point without opening hours."""
    out: list[str] = []
    now = closure_on(location, day)
    if now is not None:
        out.append(
            QCoreApplication.translate("PudoTexts", "{0} is {1}.").format(
                location.name, closure_sentence(now)
            )
        )
    for later in upcoming_closures(location, day):
        out.append(
            QCoreApplication.translate("PudoTexts", "Soon: {0} is {1}.").format(
                location.name, closure_sentence(later)
            )
        )
    if open_days(location) == 0:
        out.append(
            QCoreApplication.translate("PudoTexts", "{0} lists no opening hours at all.").format(
                location.name
            )
        )
    return tuple(out)


def source_text(source: str) -> str:
    if source == CHOSEN_AT_STATION:
        return QCoreApplication.translate("PudoTexts", "chosen at this station")
    if source == FROM_ORDER:
        return QCoreApplication.translate("PudoTexts", "from the shop's order")
    return source
