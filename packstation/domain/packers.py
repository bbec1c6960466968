"""Packers at the bench: who is signed in, from a badge scan or a typed name, and the shift
figures per packer.

A packer signs in at shift start by scanning their badge (the ``packers`` setting names each
badge's code) or by typing their name; every cycle step is journalled with the packer signed in
at that moment, so ``packstation stats --by-packer`` can count each one's orders. A packer's
badge identifies, it does not authorise (supervisors approve with hashed badges and PINs,
``domain.approval``).

Standard library only; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from packstation.domain.intake import PackedOrder, PackingStats, packing_stats

#: The longest name a packer may sign in with.
MAX_NAME = 60
#: How cycles packed while nobody was signed in are listed by packer.
NOBODY = ""


@dataclass(frozen=True, slots=True)
class Packer:
    """A packer of the roster: a name and the code of their badge."""

    name: str
    badge: str


class SignInWay(StrEnum):
    """How a packer signed in."""

    BADGE = "badge"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class SignIn:
    """Who signs in, and how."""

    name: str
    way: SignInWay


def clean_name(name: str) -> str:
    """A name as it is shown and journalled: blanks collapsed."""
    return " ".join(name.split())


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot sign in, or None when it can."""
    text = clean_name(name)
    if not text:
        return "a name is needed to sign in"
    if len(text) > MAX_NAME:
        return f"a name has at most {MAX_NAME} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return "a name has no control characters"
    return None


def packer_for_badge(code: str, roster: Iterable[Packer]) -> Packer | None:
    """The packer whose badge ``code`` is (case and surrounding blanks do not matter: a
    scanner on Caps Lock still signs its packer in)."""
    wanted = code.strip().casefold()
    if not wanted:
        return None
    return next((p for p in roster if p.badge.strip().casefold() == wanted), None)


def sign_in(text: str, roster: Sequence[Packer]) -> SignIn:
    """Who ``text`` signs in: the roster's packer when it is a badge code, else a typed name.

    Raises ValueError with a plain sentence when it cannot sign anybody in.
    """
    packer = packer_for_badge(text, roster)
    if packer is not None:
        return SignIn(packer.name, SignInWay.BADGE)
    problem = name_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return SignIn(clean_name(text), SignInWay.NAME)


@dataclass(frozen=True, slots=True)
class PackerStats:
    """One packer's figures (``packer`` NOBODY: orders packed while nobody was signed in)."""

    packer: str
    stats: PackingStats


def stats_by_packer(
    packed: Sequence[PackedOrder], since: datetime | None = None
) -> tuple[PackerStats, ...]:
    """The packing figures of each packer who finished an order, by name (nobody last)."""
    names = sorted({p.packer or NOBODY for p in packed}, key=lambda n: (n == NOBODY, n.casefold()))
    return tuple(
        PackerStats(name, packing_stats([p for p in packed if (p.packer or NOBODY) == name], since))
        for name in names
    )


__all__ = [
    "MAX_NAME",
    "NOBODY",
    "Packer",
    "PackerStats",
    "SignIn",
    "SignInWay",
    "clean_name",
    "name_problem",
    "packer_for_badge",
    "sign_in",
    "stats_by_packer",
]
