"""The bench's sounds by name (``sounds`` synthesises and plays them).

Apart from ``sounds`` so that the wording table (``pack_wording``), which the window's first
frame needs, names a sound without loading the player and its standard-library modules.
"""

from __future__ import annotations

from enum import StrEnum


class Sound(StrEnum):
    ACCEPTED = "accepted"
    COMPLETE = "complete"
    WRONG_ITEM = "wrong_item"
    OVER_SCAN = "over_scan"
    ATTENTION = "attention"
