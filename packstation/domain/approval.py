"""Supervisor rules: which bench actions need a supervisor's badge or PIN, and checking one.

Four actions can be guarded, each with its own rule (``ApprovalRule``): skipping the item
check, voiding a label, reprinting a label that was reprinted before, and taking over an
order another bench started. A rule is in force only while at least one supervisor is
enrolled: a station nobody set up for supervisors packs as before (``Supervision.rule``).

Badges and PINs are never kept or written in clear: the settings hold a salted PBKDF2 hash of
each (``hash_secret``), and a credential is checked against the hashes (``Supervision.check``).
A check takes a noticeable fraction of a second on purpose; callers run it off the GUI thread.

Standard library only; no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from packstation.domain.cycle import CycleRecord

#: PBKDF2-SHA256 rounds of a new hash (older hashes keep theirs: it is stored with them).
HASH_ROUNDS = 200_000
#: The fewest rounds a stored hash may name (a hash with fewer is refused as not one of ours).
MIN_HASH_ROUNDS = 1_000
HASH_SCHEME = "pbkdf2-sha256"
#: The shortest PIN a supervisor may choose, and the shortest badge code that is accepted.
MIN_PIN_DIGITS = 4
MIN_BADGE_CHARS = 4


class GuardedAction(StrEnum):
    """A bench action a supervisor may have to approve (the value names its setting)."""

    SKIP_CHECK = "skip_check"  # F8: finish without scanning the items
    VOID = "void"  # F7: cancel a label at Seven Senders
    REPRINT_AGAIN = "reprint_again"  # F6 on a label that was reprinted before
    TAKE_OVER = "take_over"  # open an order another bench started

    @property
    def text(self) -> str:
        """The action in plain words, for messages ("Skipping the item check needs …")."""
        return _ACTION_TEXT[self]


_ACTION_TEXT = {
    GuardedAction.SKIP_CHECK: "skipping the item check",
    GuardedAction.VOID: "voiding a label",
    GuardedAction.REPRINT_AGAIN: "reprinting a label a second time",
    GuardedAction.TAKE_OVER: "taking over an order another bench started",
}


class Credential(StrEnum):
    """How a supervisor approved."""

    BADGE = "badge"
    PIN = "pin"


class ApprovalRule(StrEnum):
    """What one guarded action needs (a setting per action)."""

    NONE = "none"  # anyone may do it
    BADGE = "badge"  # a supervisor's badge scan
    PIN = "pin"  # a supervisor's PIN
    BADGE_OR_PIN = "badge_or_pin"  # either

    def accepts(self, credential: Credential) -> bool:
        if self is ApprovalRule.BADGE_OR_PIN:
            return True
        return self.value == credential.value


@dataclass(frozen=True, slots=True)
class Supervisor:
    """An enrolled supervisor: a name and the hashes of their badge and PIN (either may be
    missing, not both)."""

    name: str
    badge_hash: str | None = None
    pin_hash: str | None = None

    def hash_for(self, credential: Credential) -> str | None:
        return self.badge_hash if credential is Credential.BADGE else self.pin_hash


@dataclass(frozen=True, slots=True)
class Approval:
    """A supervisor approved ``action`` with their badge or PIN (journalled with the action)."""

    action: GuardedAction
    supervisor: str
    credential: Credential

    def journal_detail(self) -> dict[str, str]:
        """What the journal keeps about the approval: who and how, never the secret."""
        return {"approved_by": self.supervisor, "approved_with": self.credential.value}


class ApprovalNeeded(Exception):
    """A guarded action was asked for without a valid supervisor credential; nothing was done.

    Attributes:
        action: what needs approving.
        rule: what it needs (badge, PIN or either).
        refused: a credential was given, but it is no supervisor's (False: none was given).
    """

    def __init__(self, action: GuardedAction, rule: ApprovalRule, *, refused: bool) -> None:
        self.action = action
        self.rule = rule
        self.refused = refused
        what = _RULE_TEXT[rule]
        if refused:
            message = f"That is not a supervisor's {what} at this station; nothing was done."
        else:
            message = f"{action.text.capitalize()} needs a supervisor's {what}."
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self)


_RULE_TEXT = {
    ApprovalRule.NONE: "approval",
    ApprovalRule.BADGE: "badge",
    ApprovalRule.PIN: "PIN",
    ApprovalRule.BADGE_OR_PIN: "badge or PIN",
}


@dataclass(frozen=True, slots=True)
class Supervision:
    """The station's supervisor rules: one rule per guarded action, and who may approve.

    The default guards every action with a badge or PIN — in force as soon as a supervisor
    is enrolled (``supervisors``); with nobody enrolled nothing needs approving.
    """

    skip_check: ApprovalRule = ApprovalRule.BADGE_OR_PIN
    void: ApprovalRule = ApprovalRule.BADGE_OR_PIN
    reprint_again: ApprovalRule = ApprovalRule.BADGE_OR_PIN
    take_over: ApprovalRule = ApprovalRule.BADGE_OR_PIN
    supervisors: tuple[Supervisor, ...] = ()

    def configured(self, action: GuardedAction) -> ApprovalRule:
        """The rule set for ``action`` (whether or not anybody is enrolled)."""
        rule: ApprovalRule = getattr(self, action.value)
        return rule

    def rule(self, action: GuardedAction) -> ApprovalRule | None:
        """What ``action`` needs now; None when it needs nobody (rule "none", or no
        supervisor is enrolled, so nobody could approve)."""
        rule = self.configured(action)
        if rule is ApprovalRule.NONE or not self.supervisors:
            return None
        return rule

    def check(self, action: GuardedAction, secret: str) -> Approval | None:
        """The supervisor whose badge or PIN ``secret`` is, if the action's rule takes it.

        Badges are tried before PINs. Slow on purpose (PBKDF2): run it off the GUI thread.
        """
        rule = self.rule(action)
        if rule is None:
            return None
        for credential in (Credential.BADGE, Credential.PIN):
            if not rule.accepts(credential):
                continue
            for supervisor in self.supervisors:
                stored = supervisor.hash_for(credential)
                if stored is not None and secret_matches(secret, stored):
                    return Approval(action, supervisor.name, credential)
        return None

    def is_badge(self, code: str) -> bool:
        """Whether ``code`` is an enrolled supervisor's badge (slow: off the GUI thread)."""
        return any(
            s.badge_hash is not None and secret_matches(code, s.badge_hash)
            for s in self.supervisors
        )

    def approve(self, action: GuardedAction, secret: str | None) -> Approval | None:
        """An approval of ``action`` with ``secret``; None when the action needs none.

        Raises ``ApprovalNeeded`` (nothing may be done) when it needs one and ``secret`` is
        missing or no supervisor's badge or PIN.
        """
        rule = self.rule(action)
        if rule is None:
            return None
        if secret is None or not secret.strip():
            raise ApprovalNeeded(action, rule, refused=False)
        approval = self.check(action, secret)
        if approval is None:
            raise ApprovalNeeded(action, rule, refused=True)
        return approval


# ---------------------------------------------------------------------- secrets


def normalise_secret(secret: str) -> str:
    """A badge scan or PIN as it is hashed: surrounding blanks dropped."""
    return secret.strip()


def hash_secret(secret: str, *, rounds: int = HASH_ROUNDS, salt: bytes | None = None) -> str:
    """``pbkdf2-sha256$<rounds>$<salt hex>$<hash hex>`` of a badge code or PIN."""
    text = normalise_secret(secret)
    if not text:
        raise ValueError("an empty badge code or PIN cannot be enrolled")
    if rounds < MIN_HASH_ROUNDS:
        raise ValueError(f"at least {MIN_HASH_ROUNDS} rounds")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", text.encode("utf-8"), salt, rounds)
    return f"{HASH_SCHEME}${rounds}${salt.hex()}${digest.hex()}"


def is_secret_hash(value: str) -> bool:
    """Whether ``value`` is a hash ``hash_secret`` wrote (not a badge code or PIN in clear)."""
    return _parse_hash(value) is not None


def secret_matches(secret: str, stored: str) -> bool:
    """Whether ``secret`` hashes to ``stored`` (compared in constant time)."""
    parsed = _parse_hash(stored)
    text = normalise_secret(secret)
    if parsed is None or not text:
        return False
    rounds, salt, expected = parsed
    digest = hashlib.pbkdf2_hmac("sha256", text.encode("utf-8"), salt, rounds)
    return hmac.compare_digest(digest, expected)


def _parse_hash(value: str) -> tuple[int, bytes, bytes] | None:
    parts = value.strip().split("$")
    if len(parts) != 4 or parts[0] != HASH_SCHEME:
        return None
    try:
        rounds, salt, digest = int(parts[1]), bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return None
    if rounds < MIN_HASH_ROUNDS or len(salt) < 8 or len(digest) != 32:
        return None
    return rounds, salt, digest


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a supervisor's PIN, or None when it can."""
    text = normalise_secret(pin)
    if not text.isdigit() or not text.isascii():
        return "a PIN is digits only"
    if len(text) < MIN_PIN_DIGITS:
        return f"a PIN has at least {MIN_PIN_DIGITS} digits"
    if len(set(text)) == 1:
        return "a PIN of one repeated digit is too easy to guess"
    return None


def badge_problem(code: str) -> str | None:
    """Why ``code`` cannot be a supervisor's badge code, or None when it can."""
    text = normalise_secret(code)
    if len(text) < MIN_BADGE_CHARS:
        return f"a badge code has at least {MIN_BADGE_CHARS} characters"
    if any(ord(c) < 32 for c in text):
        return "a badge code has no control characters"
    return None


def taken_by(secret: str, credential: Credential, supervisors: Iterable[Supervisor]) -> str | None:
    """The supervisor who already has ``secret`` as their badge or PIN (enrolling refuses it:
    every badge and PIN must name one supervisor)."""
    for supervisor in supervisors:
        stored = supervisor.hash_for(credential)
        if stored is not None and secret_matches(secret, stored):
            return supervisor.name
    return None


# ---------------------------------------------------------------------- the guarded cases


def reprint_needs_approval(earlier_reprints: int) -> bool:
    """A label's first reprint is the packer's own call; every further one is guarded."""
    return earlier_reprints >= 1


@dataclass(frozen=True, slots=True)
class TakeOver:
    """An order being opened here was started at another bench."""

    order_id: str
    bench: str | None  # the other bench's name when known (None: only 7S says so)

    @property
    def message(self) -> str:
        if self.bench:
            return f"Order {self.order_id} was started at bench {self.bench}."
        return (
            f"Order {self.order_id} was started at another bench "
            "(Seven Senders has it in preparation)."
        )


def take_over(
    order_id: str,
    latest: CycleRecord | None,
    station: str,
    seven_senders_state: str | None,
) -> TakeOver | None:
    """Whether opening ``order_id`` at ``station`` takes it over from another bench.

    It does when its unfinished cycle in the journal belongs to another bench, or when this
    bench has no cycle of it while Seven Senders already has it in preparation (a bench sends
    ``in_preparation`` when it opens an order). An order this bench worked on before is its
    own; a finished order is a reprint, never a take-over.
    """
    if latest is not None:
        if latest.status.in_flight and latest.station and latest.station != station:
            return TakeOver(order_id, latest.station)
        return None
    if (seven_senders_state or "").strip().lower() == "in_preparation":
        return TakeOver(order_id, None)
    return None


__all__ = [
    "HASH_ROUNDS",
    "Approval",
    "ApprovalNeeded",
    "ApprovalRule",
    "Credential",
    "GuardedAction",
    "Supervision",
    "Supervisor",
    "TakeOver",
    "badge_problem",
    "hash_secret",
    "is_secret_hash",
    "normalise_secret",
    "pin_problem",
    "reprint_needs_approval",
    "secret_matches",
    "take_over",
    "taken_by",
]
