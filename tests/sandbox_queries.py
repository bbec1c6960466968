"""What the sandbox holds, read the way the tests ask it: under the sandbox state's lock."""

from __future__ import annotations

from typing import Any

from packstation.sandbox import SandboxServer


def live_labels(sandbox: SandboxServer, order_id: str) -> list[Any]:
    """The order's outbound labels at 7S (voided ones are gone there; returns left out)."""
    with sandbox.state.lock:
        return [
            label
            for label in sandbox.state.labels.values()
            if label.order_id == order_id and not label.return_parcel
        ]
