"""What 7S needs for a label, checked when the order opens: pure rules."""

from __future__ import annotations

from dataclasses import replace

from packstation.domain.label_data import (
    LabelDataPolicy,
    LabelDataProblem,
    is_email,
    label_data_problems,
    label_recipient,
)
from packstation.domain.orders import MerchantOrder
from packstation.domain.shipping import Carrier
from tests.fakes import an_order

DHL = Carrier.parse("dhl:DE")
UPS = Carrier.parse("ups:DE")


def with_recipient(**changes: str) -> MerchantOrder:
    order = an_order()
    return replace(order, recipient=replace(order.recipient, **changes))


def fields(problems: tuple[LabelDataProblem, ...]) -> list[str]:
    return [p.field for p in problems]


def test_a_complete_order_has_no_problems() -> None:
    assert label_data_problems(an_order(), DHL, LabelDataPolicy()) == ()


def test_each_missing_recipient_field_is_named() -> None:
    order = with_recipient(email="", street=" ", zip="", city="")
    assert fields(label_data_problems(order, DHL, LabelDataPolicy())) == [
        "recipient.email",
        "recipient.street",
        "recipient.zip",
        "recipient.city",
    ]


def test_the_fallback_email_stands_in_and_goes_on_the_label() -> None:
    order = with_recipient(email="")
    policy = LabelDataPolicy(fallback_recipient_email="parcels@shop.example")
    assert label_data_problems(order, DHL, policy) == ()
    assert label_recipient(order.recipient, policy).email == "parcels@shop.example"
    own = with_recipient(email="anna@example.de")
    assert label_recipient(own.recipient, policy).email == "anna@example.de"


def test_an_email_that_is_not_one_is_named() -> None:
    (problem,) = label_data_problems(with_recipient(email="anna"), DHL, LabelDataPolicy())
    assert problem.field == "recipient.email"
    assert "'anna'" in problem.message
    assert is_email("a.b@shop.example")
    assert not is_email("a b@shop.example")


def test_phone_only_where_the_carrier_needs_it() -> None:
    order = with_recipient(phone="")
    policy = LabelDataPolicy(phone_required_carriers=frozenset({"ups"}))
    assert label_data_problems(order, DHL, policy) == ()
    (problem,) = label_data_problems(order, UPS, policy)
    assert problem.field == "recipient.phone"
    assert "ups" in problem.message


def test_missing_weights_and_carrier_are_named() -> None:
    order = an_order(weight_g=None, lines=(("SKU-1", "4006381333931", 1), ("SKU-2", "", 1)))
    problems = label_data_problems(order, None, LabelDataPolicy())
    assert fields(problems) == ["carrier", "items[0].weight_g", "items[1].weight_g"]
    assert "SKU-2" in str(problems[2])
    assert fields(label_data_problems(order, DHL, LabelDataPolicy(), weights_given=True)) == []
