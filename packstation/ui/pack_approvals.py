"""Supervisor approvals at the bench: the one intent that waits for a badge scan or PIN.

The packing service refuses a guarded action (skipping the item check, a void, a second
reprint, taking over another bench's order) with ``ApprovalNeeded``; ``ApprovalGate`` asks
the window for a supervisor and keeps the intent, so it runs again with their code. A new
request replaces the one waiting (the window closes the earlier dialog first), so the intent
a supervisor approves is the one that runs.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from packstation.domain.approval import ApprovalNeeded, GuardedAction
from packstation.ui import texts
from packstation.ui.pack_views import ApprovalView
from packstation.ui.pack_wording import Say

#: the intent again, with the supervisor's badge or PIN
Retry = Callable[[str], Coroutine[Any, Any, None]]


class Speaker(Protocol):
    """Shows the banner of a wording-table entry (``BenchScreen._say``)."""

    def __call__(
        self, say: Say, head: tuple[object, ...] = (), detail: tuple[object, ...] = ()
    ) -> None: ...


class ApprovalGate:
    """The intent waiting for a supervisor (at most one)."""

    def __init__(self, request: Callable[[ApprovalView], None], say: Speaker) -> None:
        self._request = request
        self._say = say
        self._pending: Retry | None = None
        self._asked_for: GuardedAction | None = None

    def ask(self, needed: ApprovalNeeded, retry: Retry) -> None:
        """Ask for a supervisor; ``retry`` runs the intent again with their code."""
        action, rule = needed.action, needed.rule
        # first the window: a dialog still open for an earlier approval closes (and drops
        # that one) before this one waits
        self._request(ApprovalView(action, rule, needed.refused))
        self._pending = retry
        self._asked_for = action
        what = (lambda: texts.guarded_action_text(action),)
        way = (lambda: texts.approval_way_text(rule),)
        if needed.refused:
            self._say(Say.APPROVAL_REFUSED, detail=what + way)
        else:
            self._say(Say.APPROVAL_NEEDED, what, way)

    def take(self) -> Retry | None:
        """The waiting intent, now approved (None: nothing was waiting)."""
        pending, self._pending = self._pending, None
        return pending

    def cancel(self) -> None:
        """No supervisor approved (Esc): the waiting intent is dropped, nothing was done."""
        if self._pending is None:
            return
        self._pending = None
        action = self._asked_for
        if action is not None:
            self._say(Say.APPROVAL_CANCELLED, (lambda: texts.guarded_action_text(action),))
