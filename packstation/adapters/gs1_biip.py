"""GS1 element strings decoded by biip, the maintained GS1 parser (all application identifiers).

Implements the domain's `Gs1Decoder`; the composition root injects it into `parse_scan`.
"""

from __future__ import annotations

from collections.abc import Mapping

from biip import ParseConfig, ParseError
from biip.gs1_messages import GS1Message

from packstation.domain.barcodes import GS

_CONFIG = ParseConfig(separator_chars=(GS,))


class BiipGs1Decoder:
    """Splits a GS1 message (FNC1 sent as GS) into AI → value with biip."""

    __slots__ = ()

    def decode(self, text: str) -> Mapping[str, str]:
        try:
            message = GS1Message.parse(text, config=_CONFIG)
        except ParseError as exc:
            raise ValueError(str(exc)) from exc
        found: dict[str, str] = {}
        for element in message.element_strings:
            ai, value = element.ai.ai, element.value
            if ai in found and found[ai] != value:
                raise ValueError(f"GS1 field ({ai}) appears twice with different values.")
            found[ai] = value
        return found
