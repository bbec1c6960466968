"""Packers signing in (badge or name) and the shift figures per packer, as pure decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from packstation.domain.intake import PackedOrder
from packstation.domain.packers import (
    NOBODY,
    Packer,
    SignIn,
    SignInWay,
    name_problem,
    packer_for_badge,
    sign_in,
    stats_by_packer,
)

ROSTER = (Packer("Anna Schmidt", "EMP-00123"), Packer("Jonas Weber", "EMP-00456"))


def test_a_badge_signs_its_packer_in_whatever_the_case() -> None:
    assert sign_in("EMP-00123", ROSTER) == SignIn("Anna Schmidt", SignInWay.BADGE)
    assert sign_in(" emp-00456\r", ROSTER) == SignIn("Jonas Weber", SignInWay.BADGE)
    assert packer_for_badge("EMP-00999", ROSTER) is None
    assert packer_for_badge("  ", ROSTER) is None


def test_a_typed_name_signs_in_cleaned_up() -> None:
    assert sign_in("  Maria   Lopez ", ROSTER) == SignIn("Maria Lopez", SignInWay.NAME)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "a name is needed to sign in"),
        ("   ", "a name is needed to sign in"),
        ("x" * 61, "a name has at most 60 characters"),
        ("Anna\x07", "a name has no control characters"),
    ],
)
def test_names_that_cannot_sign_in_are_refused_in_plain_words(text: str, problem: str) -> None:
    assert name_problem(text) == problem
    with pytest.raises(ValueError, match=problem):
        sign_in(text, ROSTER)


def _packed(packer: str | None, minutes: int) -> PackedOrder:
    opened = datetime(2026, 12, 7, 8, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    return PackedOrder(
        order_id=f"A{100 + minutes}",
        opened_at=opened,
        packed_at=opened + timedelta(minutes=2),
        packer=packer,
    )


def test_figures_per_packer_by_name_and_nobody_last() -> None:
    packed = [
        _packed("Jonas Weber", 0),
        _packed(None, 5),
        _packed("Anna Schmidt", 10),
        _packed("Jonas Weber", 70),
        _packed("Anna Schmidt", 75),
        _packed("Anna Schmidt", 80),
    ]
    rows = stats_by_packer(packed)
    assert [(r.packer, r.stats.packed) for r in rows] == [
        ("Anna Schmidt", 3),
        ("Jonas Weber", 2),
        (NOBODY, 1),
    ]
    anna = rows[0].stats
    assert anna.median_pack_time == timedelta(minutes=2)
    assert [n for _, n in anna.per_hour] == [1, 2]
    since = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    later = {r.packer: r.stats.packed for r in stats_by_packer(packed, since)}
    assert later == {"Anna Schmidt": 2, "Jonas Weber": 1, NOBODY: 0}
    assert stats_by_packer([]) == ()
