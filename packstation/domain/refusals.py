"""Refusals of the packing bench as typed values: what was refused, with its facts.

A service refuses a request it cannot carry out (a reason is missing, there is no such box, no
order is being packed) by raising ``Refusal``: its ``kind`` says which refusal, ``facts`` the
values that go with it (box number, order id, tracking code), and its message is the English
sentence for the log and the command line. The window never shows that sentence: it words the
kind and its facts in the window's language (``ui/service_words.py``).

``Refusal`` is a ``ValueError`` (bad input, or a request that does not fit the state) and
``Missing`` a ``LookupError`` (the thing asked for is not there), as the plain errors they
replace were, so code that catches those keeps working.
"""

from __future__ import annotations

from enum import StrEnum


class RefusalKind(StrEnum):
    """Which refusal; the facts each kind carries are named beside it."""

    NO_ORDER_PACKED = "no_order_packed"  # no order is being packed
    NO_ORDER_ON_BENCH = "no_order_on_bench"  # nothing to finish
    REASON_NEEDED = "reason_needed"  # skipping the check, voiding, abandoning need a reason
    CHECK_REQUIRED = "check_required"  # the policy requires every item to be scanned
    PARCEL_COUNT = "parcel_count"  # most: the count must be 1 to most
    WEIGHTS_FOR_PARCELS = "weights_for_parcels"  # weights, count: as many weights as parcels
    PARCEL_TOO_LIGHT = "parcel_too_light"  # parcel: its weight must be more than 0 g
    PARCEL_TOO_HEAVY = "parcel_too_heavy"  # parcel, grams, most
    WEIGHT_NOT_SPLIT = "weight_not_split"  # grams, count: the total does not split
    BOXES_ARE_PARCELS = "boxes_are_parcels"  # order_id, boxes, count
    BOX_EMPTY = "box_empty"  # box: still empty, the next cannot open
    TOO_MANY_BOXES = "too_many_boxes"  # most
    NO_SUCH_BOX = "no_such_box"  # box
    BOX_NOT_WEIGHED = "box_not_weighed"  # box
    NO_SCALE = "no_scale"  # the station has no scale
    NO_SUCH_LABEL = "no_such_label"  # code: no label with this tracking code was bought here
    OWN_LABEL_NOT_REPLACED = "own_label_not_replaced"  # code: printed outside the station
    LABEL_NOT_IN_JOURNAL = "label_not_in_journal"  # code: its 7S id or cycle is not recorded
    ORDER_HAS_LABELS = "order_has_labels"  # order_id: void its labels or resume it first
    NO_SUCH_CYCLE = "no_such_cycle"  # cycle
    NOT_PACKED_HERE = "not_packed_here"  # order_id
    # finishing refused: nothing was bought
    ITEMS_NOT_SCANNED = "items_not_scanned"  # order_id, missing, lines: units still to scan
    CUSTOMS_NEEDS_BOXES = "customs_needs_boxes"  # order_id: customs per parcel, pack by box
    BOXES_NOT_THE_ORDER = "boxes_not_the_order"  # order_id: a unit missing, extra or twice
    BOX_LEFT_EMPTY = "box_left_empty"  # box: a box is empty when finishing
    NET_OVER_GROSS = "net_over_gross"  # box, gross_g, net_g: products heavier than the box
    GATE_NOT_WEIGHED = "gate_not_weighed"  # box, order_id: the weight gate needs its weight
    GATE_HOLDS_BOX = "gate_holds_box"  # box: weighed off what it should, not confirmed
    LABELS_FROM_7S = "labels_from_7s"  # order_id: its cycle buys 7S labels, no codes taken
    CARRIER_LABELS_NEEDED = "carrier_labels_needed"  # order_id, need, given: own labels
    CODE_SCANNED_TWICE = "code_scanned_twice"  # code
    CODE_USED_HERE = "code_used_here"  # code, order_id, parcel: another parcel has it
    CODE_USED_AT_7S = "code_used_at_7s"  # code, order_id: registered at Seven Senders
    # the packing slip
    NO_SLIPS = "no_slips"  # this station makes no packing slips
    SLIP_NEEDS_MERCHANT = "slip_needs_merchant"  # the merchant's name is not set
    # dispatch
    PIECES_NEEDED = "pieces_needed"  # a manifest counts at least one outer piece
    MANIFEST_NOT_CONFIRMED = "manifest_not_confirmed"  # final, never changed: confirm first
    MANIFEST_ID_INVALID = "manifest_id_invalid"  # manifest_id: empty, '/', spaces, > 64, …
    PICKUP_AMBIGUOUS = "pickup_ambiguous"  # day, times: several pick-ups that day


class Refusal(ValueError):
    """A request the station refused; nothing was changed.

    Attributes:
        kind: which refusal.
        facts: the values that go with it (see ``RefusalKind``), for the window's words.
        message: the English sentence (log, command line).
    """

    def __init__(self, kind: RefusalKind, message: str, **facts: str | int) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.facts: dict[str, str | int] = dict(facts)


class Missing(LookupError):
    """A refusal because the thing asked for is not there (no order, label, box, cycle);
    the same attributes as ``Refusal``."""

    def __init__(self, kind: RefusalKind, message: str, **facts: str | int) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.facts: dict[str, str | int] = dict(facts)
