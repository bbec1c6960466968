"""Pick-up points (parcel shops, lockers) near an address (``/pudo_locations``)."""

from __future__ import annotations

from collections.abc import Mapping

from packstation.adapters.sevensenders import operations as ops
from packstation.adapters.sevensenders.answers import ApiArea
from packstation.adapters.sevensenders.dto import pudo as dto
from packstation.domain.errors import ValidationFailed, Violation
from packstation.domain.shipping import PudoLocation, PudoSearch


class PudoApi(ApiArea):
    """The pick-up point search."""

    async def search_pudo(self, search: PudoSearch) -> list[PudoLocation]:
        op = ops.SEARCH_PUDO
        if not search.carriers or not all(c.strip() for c in search.carriers):
            raise ValidationFailed(
                "Choose a carrier to search pick-up points for.",
                (Violation("carrier_names", "Choose at least one carrier."),),
                operation=op.name,
            )
        has_position = search.latitude is not None and search.longitude is not None
        if not search.bulk and not has_position and not (search.zip or "").strip():
            raise ValidationFailed(
                "Give a position or a postcode to search pick-up points near it.",
                (Violation("zip", "Give a postcode or coordinates."),),
                operation=op.name,
            )
        response = await self._wire.send(
            op,
            "GET",
            self._wire.url(self._paths.pudo_locations),
            params=dto.pudo_params(search, self._wire.names.pudo),
        )
        rows = self._list(op, response)
        names = self._wire.names
        keys = names.pudo_location
        return self._parse(
            op,
            lambda: [
                dto.parse_pudo_location(r if isinstance(r, Mapping) else {}, keys, names)
                for r in rows
            ],
        )
