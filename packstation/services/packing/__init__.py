"""The packing session: one order's life at the bench, as an explicit, journalled state machine.

    scanned → loaded → items_verified → parcels_set → labels → follow_ups → done

* **scanned**: the order barcode was read, the merchant order and the 7S order were looked up
  (at the same time) and the order may be packed. The cycle is journalled with a snapshot of
  the merchant order, so a resume never depends on the order source again.
* **loaded** (in the background, while the packer scans items): the 7S order exists (looked
  up; created if absent; on "already exists" or an unknown outcome looked up again), and
  ``in_preparation`` is queued in the outbox when the order is still before it — never
  backwards. PUDO details and product data are fetched too.
* **items_verified**: every unit scanned, or skipped by the station's policy with a reason.
* **parcels_set**: parcel count and weights fixed; the packer is done (``finish``).
* **labels**: for each parcel, only the unavoidable: journal the intent (a deterministic
  reference number) → POST the label → journal its id → download → store (content-hashed)
  → print. An unknown outcome is resolved by looking the reference up before any new POST.
* **follow_ups**: order items linked (Return Portal Pro), ``boarding_complete`` after the last
  parcel, and the customs step — all queued in the outbox in one transaction.
* **done** (or *needs print* when a label is bought and stored but did not print).

The GUI and the command line share this service and differ only in how they ask and show:
methods return values (expected outcomes are values, not exceptions), and listeners receive
events (``StepReached``, ``ItemScanned``, ``LabelPrinted``, ``Notice``). Nothing here prints,
touches Qt or speaks HTTP.

The modules, one part of the cycle each, all sharing one ``CycleContext`` (``context.py``):

* ``service.py``: ``PackingService``, the facade: the public API, wiring the parts together.
* ``scanning.py``: a scan parsed once and routed (``domain.bench.route_scan``); items
  counted, skipped with a reason; parcels set. ``boxing.py``: the packer's boxes (each
  unit counted goes into the current box; next box, move, the whole split at once).
* ``opening.py``: the ``scanned`` step (``domain.bench.open_start``), and restoring a cycle
  from the journal; ``loading.py``: the ``loaded`` step in the background.
* ``labels.py``: buying, looking up, downloading and storing labels
  (``domain.bench.next_for_parcel``); ``own_label.py``: registering labels printed
  elsewhere; ``printing.py``: sending labels, directly or through the print queue.
* ``finishing.py``: ``finish``, ``resume``, the follow-ups, ``abandon``/``cancel``;
  ``reprint.py``: reprint and void.
* ``events.py`` (the station's rules, the listeners' events), ``results.py`` (the answers),
  ``session.py`` (the order on the bench).
"""

from __future__ import annotations

from packstation.domain.printing import PrintOutcome
from packstation.services.packing.events import (
    ItemScanned,
    LabelPrinted,
    Listener,
    Notice,
    NoticeLevel,
    PackingEvent,
    StationPolicy,
    StepReached,
)
from packstation.services.packing.recovery import RecoveryRefused
from packstation.services.packing.results import (
    BoxOpened,
    CommandRead,
    Counted,
    CycleReport,
    FinishOutcome,
    FinishRefused,
    InFlight,
    Interrupted,
    Opened,
    OpenOutcome,
    OpenResult,
    ParcelReport,
    Refused,
    RefusedScan,
    ReprintItem,
    ReprintReport,
    ResumeResult,
    ScanAnswer,
    SignedIn,
    TrackingCodeRead,
    VoidNotConfirmed,
    VoidReport,
)
from packstation.services.packing.service import PackingService
from packstation.services.packing.session import OrderSession
from packstation.services.packing.slip import SlipNotReady, SlipOutcome

#: ``print_outcome`` of a parcel whose label was printed elsewhere (own-label mode).
OWN_LABEL = PrintOutcome.OWN_LABEL

__all__ = [
    "OWN_LABEL",
    "BoxOpened",
    "CommandRead",
    "Counted",
    "CycleReport",
    "FinishOutcome",
    "FinishRefused",
    "InFlight",
    "Interrupted",
    "ItemScanned",
    "LabelPrinted",
    "Listener",
    "Notice",
    "NoticeLevel",
    "OpenOutcome",
    "OpenResult",
    "Opened",
    "OrderSession",
    "PackingEvent",
    "PackingService",
    "ParcelReport",
    "RecoveryRefused",
    "Refused",
    "RefusedScan",
    "ReprintItem",
    "ReprintReport",
    "ResumeResult",
    "ScanAnswer",
    "SignedIn",
    "SlipNotReady",
    "SlipOutcome",
    "StationPolicy",
    "StepReached",
    "TrackingCodeRead",
    "VoidNotConfirmed",
    "VoidReport",
]
