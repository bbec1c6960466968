"""Plain domain helpers around 7S resources."""

from __future__ import annotations

import pytest

from packstation.domain.shipping import Carrier, OrderState, is_before


def test_carrier_parse() -> None:
    assert Carrier.parse(" DHL:de ") == Carrier("dhl", "DE")
    assert str(Carrier("dpd", "FR")) == "dpd:FR"


@pytest.mark.parametrize("text", ["dhl", "dhl:", ":DE", "dhl:DEU", ""])
def test_carrier_parse_refuses_bad_text(text: str) -> None:
    with pytest.raises(ValueError, match="dhl:DE"):
        Carrier.parse(text)


def test_forward_path() -> None:
    assert is_before("paid", OrderState.IN_PREPARATION)
    assert is_before("new", OrderState.IN_PREPARATION)
    assert not is_before("in_preparation", OrderState.IN_PREPARATION)
    assert not is_before("shipped", OrderState.IN_PREPARATION)
    assert not is_before("cancelled", OrderState.IN_PREPARATION)
    assert not is_before("something-new", OrderState.IN_PREPARATION)
