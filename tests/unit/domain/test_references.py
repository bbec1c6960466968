"""Reference numbers per account and order (never per bench), and what 7S's labels tell."""

from __future__ import annotations

import pytest

from packstation.domain.bench import LabelsAt7S, next_generation
from packstation.domain.cycle import (
    AttemptStatus,
    LabelAttempt,
    ReferenceParts,
    account_key,
    legacy_reference_number,
    parse_reference,
    reference_candidates,
    reference_number,
    station_key,
)
from packstation.domain.shipping import Carrier, Label, LabelFormat

DHL = Carrier("dhl", "DE")


def a_label(reference: str | None, *, order_id: str = "A100", ret: bool = False) -> Label:
    return Label(
        id=f"L-{reference}",
        shipment_id="S",
        order_id=order_id,
        tracking_code=f"T-{reference}",
        carrier=DHL,
        format=LabelFormat.ZPL,
        download_url="label-download/1",
        reference_number=reference,
        return_parcel=ret,
    )


def an_attempt(reference: str, parcel: int, generation: int, status: AttemptStatus) -> LabelAttempt:
    return LabelAttempt(
        reference_number=reference,
        cycle_id="c1",
        order_id="A100",
        parcel_no=parcel,
        parcel_count=2,
        generation=generation,
        status=status,
        label_format=LabelFormat.ZPL,
        carrier=DHL,
        label_id=f"L-{reference}",
    )


def test_the_reference_names_account_order_parcel_and_generation_only() -> None:
    assert reference_number(account_key(""), "A100", 1, 0) == "PS-A100-P1-V0"
    assert reference_number(account_key("shop de/main"), "A100", 2, 3) == "shop-de-main-A100-P2-V3"
    # two benches of one account make the same number: 7S's uniqueness stops the second
    assert account_key("acme") == account_key(" acme ")
    with pytest.raises(ValueError, match="parcel numbers start at 1"):
        reference_number("PS", "A100", 0, 0)


def test_old_per_bench_references_still_read_and_are_tried_second() -> None:
    key = station_key("bench 7", "ab12cd34")
    old = legacy_reference_number(key, "A-100", 2, 1)
    assert old == "bench-7-ab12cd34-A-100-P2-V1"
    assert parse_reference(old, "A-100") == ReferenceParts("bench-7-ab12cd34", 2, 1)
    assert reference_candidates("PS", key, "A-100", 2, 1) == ("PS-A-100-P2-V1", old)
    assert parse_reference("PS-A-100-P2-V1", "A-100") == ReferenceParts("PS", 2, 1)
    assert parse_reference("PS-A-1000-P2-V1", "A-100") is None  # another order
    assert parse_reference("something else", "A-100") is None
    assert parse_reference(None, "A-100") is None


def test_labels_at_7s_give_the_next_generation_and_what_another_bench_bought() -> None:
    at_7s = LabelsAt7S.of(
        "A100",
        [
            a_label("PS-A100-P1-V0"),
            a_label("bench-1-x-A100-P1-V2"),  # an old label of a bench, voided since
            a_label("PS-A100-P2-V0-R", ret=True),  # a return label: not a parcel's
            a_label("someone-elses-ref"),
            a_label("PS-A101-P2-V5", order_id="A101"),
        ],
    )
    assert [label.reference_number for label in at_7s.labels] == [
        "PS-A100-P1-V0",
        "bench-1-x-A100-P1-V2",
    ]
    assert at_7s.generation_after(1) == 3
    assert at_7s.generation_after(2) == 0
    mine = an_attempt("PS-A100-P1-V0", 1, 0, AttemptStatus.PRINTED)
    assert [label.reference_number for label in at_7s.foreign([mine])] == ["bench-1-x-A100-P1-V2"]
    assert [label.reference_number for label in at_7s.foreign([])] == [
        "PS-A100-P1-V0",
        "bench-1-x-A100-P1-V2",
    ]


def test_a_new_attempt_starts_past_the_journal_and_past_7s() -> None:
    voided = an_attempt("PS-A100-P1-V0", 1, 0, AttemptStatus.VOIDED)
    assert next_generation(None, None, 1) == 0
    assert next_generation(voided, None, 1) == 1
    assert next_generation(voided, LabelsAt7S("A100"), 1) == 1
    seen = LabelsAt7S.of("A100", [a_label("PS-A100-P1-V4")])
    assert next_generation(voided, seen, 1) == 5
    assert next_generation(None, seen, 2) == 0
