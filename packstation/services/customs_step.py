"""The customs step of a pack cycle: a clean seam for the customs work to plug into.

After the last label of an order is bought, the packing service asks a ``CustomsPolicy``
whether the destination needs customs data and, if so, hands the order and its labels to a
``CustomsStep``. The step answers with outbox entries to deliver (the customs shipments) and
notes for the journal.

The station's real step is ``services.customs.CustomsService`` (with ``RuleCustomsPolicy``, the
territory rule table); the composition root plugs it in. ``RecordOnlyCustomsStep`` and
``CountryCustomsPolicy`` remain the packing service's defaults for tests that do not care about
customs: they only note "customs needed" for a country list (CH, GB, NO) and file nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from packstation.domain.cycle import LabelAttempt, NewOutboxEntry
from packstation.domain.notes import Note, NoteKind
from packstation.domain.orders import MerchantOrder

#: Destinations that need customs data by default (sevensenders-api.md §8.1).
DEFAULT_CUSTOMS_COUNTRIES: tuple[str, ...] = ("CH", "GB", "NO")


class CustomsPolicy(Protocol):
    """Decides whether an order's destination needs customs data."""

    def __call__(self, order: MerchantOrder) -> bool: ...


@dataclass(frozen=True, slots=True)
class CountryCustomsPolicy:
    """Customs is needed when the recipient's country is in ``countries`` (ISO-2)."""

    countries: frozenset[str]

    @classmethod
    def of(cls, countries: Iterable[str] = DEFAULT_CUSTOMS_COUNTRIES) -> CountryCustomsPolicy:
        return cls(frozenset(c.strip().upper() for c in countries if c.strip()))

    def __call__(self, order: MerchantOrder) -> bool:
        return order.recipient.country.strip().upper() in self.countries


@dataclass(frozen=True, slots=True)
class CustomsPlan:
    """What the customs step decided for one order."""

    needed: bool
    entries: tuple[NewOutboxEntry, ...] = ()  # customs shipments to deliver via the outbox
    notes: tuple[Note, ...] = ()  # English sentences with their kinds and facts


class CustomsStep(Protocol):
    """Prepares the customs data of an order whose destination needs it."""

    async def plan(
        self, order: MerchantOrder, labels: Sequence[LabelAttempt], cycle_id: str
    ) -> CustomsPlan: ...


class RecordOnlyCustomsStep:
    """Notes that customs data is needed and files nothing (the packing service's default)."""

    async def plan(
        self, order: MerchantOrder, labels: Sequence[LabelAttempt], cycle_id: str
    ) -> CustomsPlan:
        country = order.recipient.country
        return CustomsPlan(
            needed=True,
            notes=(
                Note(
                    NoteKind.CUSTOMS_NOT_FILED,
                    f"customs data needed for {country}: {len(labels)} parcel(s); not filed by "
                    "this station yet",
                    order_id=order.order_id,
                    country=country,
                    parcels=len(labels),
                ),
            ),
        )
