"""The token answer (with what the account may do) and the account's carriers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import AliasChoices, Field

from packstation.adapters.sevensenders.dto.fields import (
    NonEmpty,
    WireModel,
    renamed,
)
from packstation.adapters.sevensenders_names import CarrierKeys, TokenKeys
from packstation.domain.shipping import (
    AccountGrant,
    CarrierInfo,
)


class TokenBody(WireModel):
    token: NonEmpty
    allowed_to_track_all_shipments: bool | None = None
    allowed_to_send_seven_senders_shipments: bool | None = None

    def grant(self) -> AccountGrant:
        return AccountGrant(
            may_track_all_shipments=self.allowed_to_track_all_shipments,
            may_send_seven_senders_shipments=self.allowed_to_send_seven_senders_shipments,
        )


class CarrierBody(WireModel):
    code: NonEmpty = Field(validation_alias=AliasChoices("code", "carrier"))
    name: str = Field(default="", validation_alias=AliasChoices("name", "label"))
    countries: list[str] = Field(
        default_factory=list, validation_alias=AliasChoices("countries", "allowedCountries")
    )

    def to_domain(self) -> CarrierInfo:
        return CarrierInfo(
            code=self.code,
            name=self.name or self.code,
            countries=tuple(c.upper() for c in self.countries),
        )


def parse_token(raw: Mapping[str, Any], keys: TokenKeys) -> TokenBody:
    """Validate the sign-in answer whose keys are spelled as ``keys`` says."""
    return TokenBody.model_validate(renamed(raw, keys))


def parse_carrier(raw: Mapping[str, Any], keys: CarrierKeys) -> CarrierInfo:
    """Validate one carrier whose keys are spelled as ``keys`` says."""
    return CarrierBody.model_validate(renamed(raw, keys)).to_domain()
