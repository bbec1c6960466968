"""What Seven Senders needs for a label, checked when the order opens (before any money).

A label POST that 7S refuses for a missing recipient e-mail, street or zip leaves the order in
flight; so the station checks the merchant's order first and names the missing field. The
recipient e-mail may be replaced by a station-wide fallback (``fallback_recipient_email``)
for merchants who pass none. Standard library only; every function is pure.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from packstation.domain.orders import MerchantOrder
from packstation.domain.shipping import Address, Carrier

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class LabelDataPolicy:
    """The station's rules for label data.

    Attributes:
        fallback_recipient_email: used on the label when the order has no recipient e-mail
            ("" = none: such an order is refused when it opens).
        phone_required_carriers: carrier names (``dhl``, ``ups`` …) whose labels need the
            recipient's phone number.
    """

    fallback_recipient_email: str = ""
    phone_required_carriers: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LabelDataProblem:
    """One field 7S needs for a label that the order does not have (or has unusable)."""

    field: str  # as in the order schema: recipient.email, items[2].weight_g, …
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def is_email(text: str) -> bool:
    """A plausible e-mail address (one @, a dot in the domain, no spaces)."""
    return bool(_EMAIL.match(text.strip()))


def label_recipient(recipient: Address, policy: LabelDataPolicy) -> Address:
    """The recipient as it goes on the label: the fallback e-mail when the order has none."""
    if recipient.email.strip() or not policy.fallback_recipient_email.strip():
        return recipient
    return replace(recipient, email=policy.fallback_recipient_email.strip())


def label_data_problems(
    order: MerchantOrder,
    carrier: Carrier | None,
    policy: LabelDataPolicy,
    *,
    weights_given: bool = False,
) -> tuple[LabelDataProblem, ...]:
    """Every field 7S needs for a label that ``order`` lacks, in the order schema's names.

    ``carrier`` is the carrier the label will be bought with (the order's or the station's).
    ``weights_given``: the parcel weights come from elsewhere (the packer or the scale), so
    items without a weight are no problem.
    """
    r = order.recipient
    problems: list[LabelDataProblem] = []
    email = r.email.strip()
    if not email:
        if not policy.fallback_recipient_email.strip():
            problems.append(
                LabelDataProblem(
                    "recipient.email",
                    "is missing; Seven Senders needs it for a label (a station-wide "
                    "fallback_recipient_email can stand in for merchants who pass none)",
                )
            )
    elif not is_email(email):
        problems.append(LabelDataProblem("recipient.email", f"{email!r} is not an e-mail address"))
    for name, value in (
        ("first_name", r.first_name),
        ("last_name", r.last_name),
        ("street", r.street),
        ("zip", r.zip),
        ("city", r.city),
        ("country", r.country),
    ):
        if not value.strip():
            problems.append(
                LabelDataProblem(f"recipient.{name}", "is missing; Seven Senders needs it")
            )
    wanted = {c.strip().lower() for c in policy.phone_required_carriers}
    if carrier is not None and carrier.name.lower() in wanted and not r.phone.strip():
        problems.append(
            LabelDataProblem(
                "recipient.phone", f"is missing; {carrier.name} labels need the phone number"
            )
        )
    if carrier is None:
        problems.append(
            LabelDataProblem("carrier", "is missing and the station has no default carrier")
        )
    if not weights_given:
        for number, line in enumerate(order.lines):
            if line.weight_g is None:
                problems.append(
                    LabelDataProblem(
                        f"items[{number}].weight_g",
                        f"is missing for {line.sku}; the label needs the parcel weight "
                        "(give the parcel weights when finishing)",
                    )
                )
    return tuple(problems)


def carriers_from(names: Collection[str]) -> frozenset[str]:
    """Carrier names of a setting, trimmed and in lower case."""
    return frozenset(n.strip().lower() for n in names if n.strip())
