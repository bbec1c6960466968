"""Supervisor rules as pure decisions: hashes, rules per action, take-overs, second reprints."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from packstation.domain.approval import (
    Approval,
    ApprovalNeeded,
    ApprovalRule,
    Credential,
    GuardedAction,
    Supervision,
    Supervisor,
    badge_problem,
    hash_secret,
    is_secret_hash,
    pin_problem,
    reprint_needs_approval,
    secret_matches,
    take_over,
    taken_by,
)
from packstation.domain.cycle import CycleRecord, CycleStatus, CycleStep

FAST = 1_000  # rounds for tests: the format and the check are the same, only cheaper

MARIA = Supervisor(
    "Maria",
    badge_hash=hash_secret("BADGE-0042", rounds=FAST),
    pin_hash=hash_secret("4711", rounds=FAST),
)
JONAS = Supervisor("Jonas", pin_hash=hash_secret("8080", rounds=FAST))


def test_a_hash_matches_its_secret_only_and_never_holds_it() -> None:
    stored = hash_secret(" 4711 ", rounds=FAST)
    assert "4711" not in stored
    assert is_secret_hash(stored)
    assert secret_matches("4711", stored)
    assert secret_matches("4711\n", stored)  # a scanner's or a terminal's line end
    assert not secret_matches("4712", stored)
    assert not secret_matches("", stored)
    # two hashes of one PIN differ (salted)
    assert hash_secret("4711", rounds=FAST) != hash_secret("4711", rounds=FAST)


@pytest.mark.parametrize(
    "value",
    ["4711", "", "pbkdf2-sha256$10$00$00", "pbkdf2-sha256$x$y$z", "sha1$1000$abcd$abcd"],
)
def test_anything_but_a_hash_is_refused_as_one(value: str) -> None:
    assert not is_secret_hash(value)
    assert not secret_matches("4711", value)


def test_default_rules_are_in_force_only_once_somebody_is_enrolled() -> None:
    nobody = Supervision()
    assert all(nobody.configured(a) is ApprovalRule.BADGE_OR_PIN for a in GuardedAction)
    assert all(nobody.rule(a) is None for a in GuardedAction)
    assert nobody.approve(GuardedAction.VOID, None) is None
    enrolled = Supervision(supervisors=(MARIA,))
    assert all(enrolled.rule(a) is ApprovalRule.BADGE_OR_PIN for a in GuardedAction)


def test_a_rule_of_none_needs_nobody() -> None:
    rules = Supervision(void=ApprovalRule.NONE, supervisors=(MARIA,))
    assert rules.rule(GuardedAction.VOID) is None
    assert rules.approve(GuardedAction.VOID, None) is None
    assert rules.rule(GuardedAction.SKIP_CHECK) is ApprovalRule.BADGE_OR_PIN


def test_badge_or_pin_names_the_supervisor_and_how() -> None:
    rules = Supervision(supervisors=(MARIA, JONAS))
    assert rules.approve(GuardedAction.SKIP_CHECK, "BADGE-0042") == Approval(
        GuardedAction.SKIP_CHECK, "Maria", Credential.BADGE
    )
    assert rules.approve(GuardedAction.SKIP_CHECK, "8080") == Approval(
        GuardedAction.SKIP_CHECK, "Jonas", Credential.PIN
    )
    approval = rules.approve(GuardedAction.VOID, "4711")
    assert approval is not None
    assert approval.journal_detail() == {"approved_by": "Maria", "approved_with": "pin"}


def test_a_badge_only_rule_refuses_a_pin_and_a_pin_rule_a_badge() -> None:
    rules = Supervision(skip_check=ApprovalRule.BADGE, void=ApprovalRule.PIN, supervisors=(MARIA,))
    assert rules.check(GuardedAction.SKIP_CHECK, "4711") is None
    assert rules.check(GuardedAction.SKIP_CHECK, "BADGE-0042") is not None
    assert rules.check(GuardedAction.VOID, "BADGE-0042") is None
    assert rules.check(GuardedAction.VOID, "4711") is not None


def test_missing_or_wrong_codes_are_refused_in_plain_words() -> None:
    rules = Supervision(supervisors=(MARIA,))
    with pytest.raises(ApprovalNeeded) as missing:
        rules.approve(GuardedAction.SKIP_CHECK, "  ")
    assert not missing.value.refused
    assert missing.value.action is GuardedAction.SKIP_CHECK
    assert str(missing.value) == "Skipping the item check needs a supervisor's badge or PIN."
    with pytest.raises(ApprovalNeeded) as wrong:
        rules.approve(GuardedAction.VOID, "0000")
    assert wrong.value.refused
    assert "0000" not in str(wrong.value)
    assert "not a supervisor's badge or PIN" in str(wrong.value)


def test_pins_and_badges_that_cannot_be_enrolled() -> None:
    assert pin_problem("4711") is None
    assert pin_problem("12a4") == "a PIN is digits only"
    assert pin_problem("123") == "a PIN has at least 4 digits"
    assert pin_problem("0000") == "a PIN of one repeated digit is too easy to guess"
    assert badge_problem("B-77") is None
    assert badge_problem("B7") is not None
    assert badge_problem("BA\x00DGE") is not None


def test_a_badge_or_pin_names_one_supervisor() -> None:
    assert taken_by("4711", Credential.PIN, (MARIA, JONAS)) == "Maria"
    assert taken_by("4711", Credential.BADGE, (MARIA, JONAS)) is None
    assert taken_by("1234", Credential.PIN, (MARIA, JONAS)) is None


def test_only_a_second_reprint_is_guarded() -> None:
    assert not reprint_needs_approval(0)
    assert reprint_needs_approval(1)
    assert reprint_needs_approval(5)


def _cycle(station: str, status: CycleStatus) -> CycleRecord:
    at = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    return CycleRecord("c1", "A106", station, status, CycleStep.SCANNED, at, at)


def test_an_unfinished_cycle_of_another_bench_is_a_take_over() -> None:
    other = _cycle("bench-2", CycleStatus.PACKING)
    taking = take_over("A106", other, "bench-1", None)
    assert taking is not None
    assert taking.bench == "bench-2"
    assert taking.message == "Order A106 was started at bench bench-2."
    assert take_over("A106", replace(other, station="bench-1"), "bench-1", None) is None
    # finished or abandoned elsewhere: a reprint or a new start, never a take-over
    assert take_over("A106", _cycle("bench-2", CycleStatus.DONE), "bench-1", None) is None
    abandoned = _cycle("bench-2", CycleStatus.ABANDONED)
    assert take_over("A106", abandoned, "bench-1", "in_preparation") is None


def test_an_order_in_preparation_at_7s_that_this_bench_never_had_is_a_take_over() -> None:
    taking = take_over("A106", None, "bench-1", "in_preparation")
    assert taking is not None
    assert taking.bench is None
    assert "another bench" in taking.message
    assert take_over("A106", None, "bench-1", "paid") is None
    assert take_over("A106", None, "bench-1", None) is None
