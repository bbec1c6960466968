"""What the services say, in the window's language: one table from a typed outcome to words.

The services and the domain speak English in their messages (for the log and the command
line) and carry what happened as types, kinds and fields: an exception class, a
``RefusalKind``, a ``ScaleProblem``, a 7S operation's name, a claim. Every mode's banner words
those through this module, never by showing or parsing the English sentence:

- ``ERRORS``: exception class → words; the nearest class in the exception's MRO wins, so a
  subclass without its own entry gets its parent's words;
- ``REFUSALS``: ``Refusal.kind`` → words with the refusal's facts (``{box}``, ``{order_id}`` …);
- ``SCALE_PROBLEMS``, ``PUDO_REFUSALS``: the kinds of ``ScaleError`` and ``PudoChoiceRefused``;
- ``OPERATIONS``: what the station was doing when Seven Senders failed (``operation``).

``describe(exc)`` is the one entry for an exception. The English texts here are the sources of
the translations (context "ServiceWords"); ``tests/gui/test_service_words.py`` checks that every
entry has a translation in every shipped language and that every exception class and kind of
the domain and the services has an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from packstation.domain.approval import ApprovalNeeded
from packstation.domain.catalog import ImageRejected
from packstation.domain.cycle import CycleInterrupted, LabelFileMissing, PackedElsewhere
from packstation.domain.errors import (
    AuthenticationFailed,
    DamagedResponse,
    Duplicate,
    MalformedResponse,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ServiceUnavailable,
    ShippingApiError,
    ValidationFailed,
)
from packstation.domain.label_data import LabelDataProblem
from packstation.domain.orders import OrderNotInSource, OrderSourceError
from packstation.domain.printing import (
    DocumentNotPrintable,
    PrinterError,
    PrinterNotReady,
    PrintInterrupted,
)
from packstation.domain.refusals import Missing, Refusal, RefusalKind
from packstation.domain.settings_problems import (
    KeyNotStored,
    PrinterAddressRefused,
    SettingsRefused,
)
from packstation.domain.warehouse import Claim, ManifestState, WarehouseUnavailable
from packstation.domain.weighing import ScaleError, ScaleProblem
from packstation.domain.zpl import HostStatusError
from packstation.services.dispatch import (
    ManifestElsewhere,
    ManifestError,
    ManifestIdTaken,
    ManifestNotUsed,
    ManifestRefused,
    ManifestUncertain,
    NothingToManifest,
)
from packstation.services.outbox import Parked, Superseded
from packstation.services.packing import SlipNotReady, VoidNotConfirmed
from packstation.services.packing.label_lookup import LabelLookupFailed
from packstation.services.print_queue import JobBusy, JobNotFound
from packstation.services.pudo import PudoChoiceRefused, PudoQueryError, PudoRefusal
from packstation.services.returns import ReturnRefused
from packstation.ui import setting_words, texts

CONTEXT = "ServiceWords"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` as a source text of ``context`` for ``pyside6-lupdate``; returns it."""
    del context
    return text


def translated(text: str) -> str:
    """``text`` (a source text of this module) in the window's language."""
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True, slots=True)
class Words:
    """An entry: the English source text and the values of its ``{0}``, ``{1}`` … taken from
    the exception's typed fields (never from its message)."""

    text: str
    fill: Callable[[Any], tuple[object, ...]] | None = None


def _doing(exc: ShippingApiError) -> tuple[object, ...]:
    return (operation_text(exc.operation),)


def _when(at: datetime | None) -> str:
    if at is None:
        return translated(_IN_A_MINUTE)
    return at.astimezone().strftime("%H:%M")


def _fields(exc: ValidationFailed) -> tuple[object, ...]:
    names = ", ".join(dict.fromkeys(v.field for v in exc.violations if v.field))
    return (operation_text(exc.operation), names or translated(_THE_DATA))


def _printer(exc: PrinterError) -> tuple[object, ...]:
    return (exc.printer or translated(_THE_PRINTER),)


def _packed_elsewhere(exc: PackedElsewhere) -> tuple[object, ...]:
    return (packed_elsewhere_text(exc.order_id, exc.tracking_codes, exc.bench, exc.at),)


def _manifest_elsewhere(exc: ManifestElsewhere) -> tuple[object, ...]:
    holder = exc.holder
    if holder is None:
        return (translated(_MANIFEST_ID_IN_USE),)
    text = _POSTED_AT if holder.state is ManifestState.POSTED else _BEING_POSTED_AT
    who = holder.posted_by or "—"
    return (
        translated(text).format(
            holder.manifest_id, holder.bench_name, who, _when(holder.posted_at or holder.claimed_at)
        ),
    )


_MANIFEST_ID_IN_USE = QT_TRANSLATE_NOOP(
    "ServiceWords",
    "Another bench is using this manifest id. Nothing was posted; try again in a moment.",
)
_POSTED_AT = QT_TRANSLATE_NOOP(
    "ServiceWords",
    "Manifest {0} with this pick-up's customs shipments was posted at {1} by {2} at {3}. "
    "Nothing was posted here.",
)
_BEING_POSTED_AT = QT_TRANSLATE_NOOP(
    "ServiceWords",
    "The manifest of this pick-up ({0}) is being posted at {1} by {2} since {3}. Nothing was "
    "posted here: every bench's customs shipments go into that one manifest.",
)
_IN_A_MINUTE = QT_TRANSLATE_NOOP("ServiceWords", "in a minute")
_THE_DATA = QT_TRANSLATE_NOOP("ServiceWords", "the data")
_THE_PRINTER = QT_TRANSLATE_NOOP("ServiceWords", "the printer")
_A_REQUEST = QT_TRANSLATE_NOOP("ServiceWords", "a request")

#: exception class → words (the nearest class of an exception's MRO wins)
ERRORS: dict[type[BaseException], Words] = {
    # Seven Senders ({0}: what the station was doing)
    ShippingApiError: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders could not do it ({0}). Try again; if it keeps happening, tell your "
            "supervisor.",
        ),
        _doing,
    ),
    AuthenticationFailed: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders refused the access key ({0}). Check the key in the settings, or ask "
            "your supervisor.",
        ),
        _doing,
    ),
    ValidationFailed: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "Seven Senders refused the data ({0}); check: {1}. Nothing was changed."
        ),
        _fields,
    ),
    Duplicate: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders already has it ({0}): the station looks it up instead of creating it "
            "again.",
        ),
        _doing,
    ),
    NotFound: Words(
        QT_TRANSLATE_NOOP("ServiceWords", "Seven Senders does not know it ({0})."), _doing
    ),
    RateLimited: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders asks the station to slow down ({0}). It takes requests again {1}.",
        ),
        lambda exc: (operation_text(exc.operation), _when(exc.retry_at)),
    ),
    ServiceUnavailable: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders cannot be reached ({0}); nothing was changed there. Check the "
            "network connection and try again.",
        ),
        _doing,
    ),
    OutcomeUnknown: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "No answer from Seven Senders ({0}): it may or may not have been done. The station "
            "looks it up before trying again.",
        ),
        _doing,
    ),
    MalformedResponse: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders answered ({0}), but the station cannot read the answer. Try again; "
            "if it keeps happening, tell your supervisor.",
        ),
        _doing,
    ),
    DamagedResponse: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders' answer arrived damaged ({0}): its compression is broken, so the "
            "station could not use it. Try again; if it keeps happening, tell your supervisor.",
        ),
        _doing,
    ),
    # printers
    PrinterError: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "{0} did not take the label. Check it, then press F5 to print."
        ),
        _printer,
    ),
    PrinterNotReady: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "The printer is not ready: {0}. Fix it, then press F5 to print."
        ),
        lambda exc: (texts.faults_text(exc.status.faults),),
    ),
    DocumentNotPrintable: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "The printer cannot print this label as it is (its language or size does not fit "
            "the printer). Check the label format in the settings.",
        )
    ),
    PrintInterrupted: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Sending to the printer broke off: part of the label may have printed. Check the "
            "printer, then press F5.",
        )
    ),
    HostStatusError: Words(
        QT_TRANSLATE_NOOP("ServiceWords", "The printer's status answer cannot be read.")
    ),
    JobNotFound: Words(
        QT_TRANSLATE_NOOP("ServiceWords", "That print job is gone: it was decided meanwhile.")
    ),
    JobBusy: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "That print job is being sent or has printed: it cannot change now."
        )
    ),
    # the order cycle
    Refusal: Words(QT_TRANSLATE_NOOP("ServiceWords", "The station refused it; nothing changed.")),
    Missing: Words(QT_TRANSLATE_NOOP("ServiceWords", "The station refused it; nothing changed.")),
    CycleInterrupted: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "The order cannot go on right now. It stays open: scan it again or press F2 later.",
        )
    ),
    PackedElsewhere: Words("{0}", _packed_elsewhere),
    LabelFileMissing: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "A stored label file is gone or has changed: reprint it (F6)."
        )
    ),
    LabelLookupFailed: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders could not tell whether the label exists ({0}): nothing is bought "
            "until it answers. Try again in a moment.",
        ),
        _doing,
    ),
    SlipNotReady: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "The order is not finished: its packing slip is made when it is (the boxes may still "
            "change).",
        )
    ),
    VoidNotConfirmed: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Seven Senders did not confirm that the label is gone: it is NOT void. Try again.",
        )
    ),
    ApprovalNeeded: Words(
        QT_TRANSLATE_NOOP("ServiceWords", "{0} needs a supervisor: {1}."),
        lambda exc: (
            texts.guarded_action_text(exc.action),
            texts.approval_way_text(exc.rule),
        ),
    ),
    OrderSourceError: Words(
        QT_TRANSLATE_NOOP("ServiceWords", "The merchant's order data cannot be read ({0})."),
        lambda exc: (exc.location or "—",),
    ),
    OrderNotInSource: Words(
        QT_TRANSLATE_NOOP("ServiceWords", "The merchant's orders have no such order.")
    ),
    WarehouseUnavailable: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "The warehouse store cannot be reached; this bench goes on alone."
        )
    ),
    ScaleError: Words("{0}", lambda exc: (translated(SCALE_PROBLEMS[exc.problem]),)),
    # the other modes
    ManifestError: Words(QT_TRANSLATE_NOOP("ServiceWords", "The manifest was not sent.")),
    ManifestNotUsed: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "This Seven Senders account sends no customs manifests (a Flex account).",
        )
    ),
    ManifestElsewhere: Words("{0}", _manifest_elsewhere),
    ManifestIdTaken: Words(
        QT_TRANSLATE_NOOP("ServiceWords", "This manifest id was used before: take another one.")
    ),
    NothingToManifest: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "No customs shipment of this pick-up is waiting for a manifest."
        )
    ),
    ManifestRefused: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "Seven Senders refused the manifest; nothing was created there."
        )
    ),
    ManifestUncertain: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "No clear answer for the manifest: it may have been created. The next attempt looks "
            "it up first.",
        )
    ),
    PudoQueryError: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "The search cannot be sent as asked: give a carrier and a position, or a zip code.",
        )
    ),
    PudoChoiceRefused: Words("{0}", lambda exc: (translated(PUDO_REFUSALS[exc.reason]),)),
    ReturnRefused: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "The return cannot be marked as asked: check the line, the units and the reason.",
        )
    ),
    ImageRejected: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "That file cannot be a product image: PNG or JPEG, not too large."
        )
    ),
    # settings typed on the settings screen (named setting by setting)
    SettingsRefused: Words("{0}", lambda exc: (setting_words.settings_refused_text(exc),)),
    PrinterAddressRefused: Words("{0}", lambda exc: (setting_words.printer_address_text(exc),)),
    KeyNotStored: Words("{0}", lambda exc: (setting_words.key_not_stored_text(exc),)),
    # what is not the services' own: plain Python errors
    ValueError: Words(QT_TRANSLATE_NOOP("ServiceWords", "The station cannot do it as asked.")),
    LookupError: Words(
        QT_TRANSLATE_NOOP("ServiceWords", "The station cannot find what was asked for.")
    ),
    OSError: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords", "The computer refused a file or network step ({0}). Try again."
        ),
        lambda exc: (str(exc.filename) if exc.filename is not None else "—",),
    ),
    Exception: Words(
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "Something went wrong; the log has the details. Tell your supervisor if it happens "
            "again.",
        )
    ),
}

#: exceptions of the services that never reach the screen, and why
NEVER_SHOWN: dict[type[BaseException], str] = {
    Parked: "the outbox keeps a delivery for later; its status shows in the station bar",
    Superseded: "the outbox records a state 7S no longer takes; nothing to tell the packer",
}

#: ``Refusal.kind`` → words; ``{name}`` is the refusal's fact of that name
REFUSALS: dict[RefusalKind, str] = {
    RefusalKind.NO_ORDER_PACKED: QT_TRANSLATE_NOOP(
        "ServiceWords", "No order is being packed: scan an order first."
    ),
    RefusalKind.NO_ORDER_ON_BENCH: QT_TRANSLATE_NOOP(
        "ServiceWords", "No order is on the bench: scan an order first."
    ),
    RefusalKind.REASON_NEEDED: QT_TRANSLATE_NOOP(
        "ServiceWords", "A reason is needed: choose or type one."
    ),
    RefusalKind.CHECK_REQUIRED: QT_TRANSLATE_NOOP(
        "ServiceWords", "This station requires every item to be scanned."
    ),
    RefusalKind.PARCEL_COUNT: QT_TRANSLATE_NOOP(
        "ServiceWords", "An order has 1 to {most} parcels."
    ),
    RefusalKind.WEIGHTS_FOR_PARCELS: QT_TRANSLATE_NOOP(
        "ServiceWords", "{weights} weights were given for {count} parcels: give one per parcel."
    ),
    RefusalKind.PARCEL_TOO_LIGHT: QT_TRANSLATE_NOOP(
        "ServiceWords", "Parcel {parcel} must weigh more than 0 g."
    ),
    RefusalKind.PARCEL_TOO_HEAVY: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Parcel {parcel} would weigh {grams} g; a parcel may weigh at most {most} g.",
    ),
    RefusalKind.WEIGHT_NOT_SPLIT: QT_TRANSLATE_NOOP(
        "ServiceWords", "{grams} g cannot be split into {count} parcels: weigh each parcel."
    ),
    RefusalKind.BOXES_ARE_PARCELS: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Order {order_id} is packed in {boxes} boxes, and the boxes are its parcels: open a box "
        "or move units between boxes instead of giving {count} parcels.",
    ),
    RefusalKind.BOX_EMPTY: QT_TRANSLATE_NOOP(
        "ServiceWords", "Box {box} is still empty: put its items in before opening the next box."
    ),
    RefusalKind.TOO_MANY_BOXES: QT_TRANSLATE_NOOP(
        "ServiceWords", "An order may have at most {most} boxes."
    ),
    RefusalKind.NO_SUCH_BOX: QT_TRANSLATE_NOOP("ServiceWords", "There is no box {box}."),
    RefusalKind.BOX_NOT_WEIGHED: QT_TRANSLATE_NOOP(
        "ServiceWords", "Box {box} has not been weighed: put it on the scale."
    ),
    RefusalKind.NO_SCALE: QT_TRANSLATE_NOOP(
        "ServiceWords", "This station has no scale (see the settings)."
    ),
    RefusalKind.NO_SUCH_LABEL: QT_TRANSLATE_NOOP(
        "ServiceWords", "No label {code} was bought at this station."
    ),
    RefusalKind.OWN_LABEL_NOT_REPLACED: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "{code} was printed outside the station: void it without a replacement and scan the "
        "new label's tracking code.",
    ),
    RefusalKind.LABEL_NOT_IN_JOURNAL: QT_TRANSLATE_NOOP(
        "ServiceWords", "The station's journal does not hold what label {code} needs."
    ),
    RefusalKind.ORDER_HAS_LABELS: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Order {order_id} has labels (or a label purchase in doubt): finish it (F2), or void "
        "its labels first.",
    ),
    RefusalKind.NO_SUCH_CYCLE: QT_TRANSLATE_NOOP(
        "ServiceWords", "That unfinished order is no longer in the journal."
    ),
    RefusalKind.NOT_PACKED_HERE: QT_TRANSLATE_NOOP(
        "ServiceWords", "Order {order_id} has not been packed at this station."
    ),
    RefusalKind.ITEMS_NOT_SCANNED: QT_TRANSLATE_NOOP(
        "ServiceWords", "{missing} item(s) of order {order_id} are not scanned yet: {lines}."
    ),
    RefusalKind.CUSTOMS_NEEDS_BOXES: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Order {order_id} needs a customs declaration per parcel: pack it box by box (F4 "
        "between boxes) instead of giving only a number of parcels.",
    ),
    RefusalKind.BOXES_NOT_THE_ORDER: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "The boxes do not hold order {order_id} exactly: a unit is missing or extra, or a box "
        "is empty. Move units between boxes (Ctrl+M) until every unit is in one box.",
    ),
    RefusalKind.BOX_LEFT_EMPTY: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Box {box} is empty: put something in it (Ctrl+M moves units between boxes).",
    ),
    RefusalKind.NET_OVER_GROSS: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Box {box} weighs {gross_g} on the scale, but its products weigh {net_g}: a customs "
        "declaration cannot state more. Weigh the box again, or check the product weights.",
    ),
    RefusalKind.GATE_NOT_WEIGHED: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Box {box} of order {order_id} is not weighed yet: this station checks every box. Put "
        "it on the scale.",
    ),
    RefusalKind.GATE_HOLDS_BOX: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Box {box} does not weigh what its contents should: confirm it as it is, or open it "
        "and weigh it again.",
    ),
    RefusalKind.LABELS_FROM_7S: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "The labels of order {order_id} are bought from Seven Senders (its packing started "
        "that way): finish it with F2, without scanning carrier labels.",
    ),
    RefusalKind.CARRIER_LABELS_NEEDED: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "Order {order_id} ships with labels printed elsewhere: scan the tracking barcode of "
        "each carrier label ({need} needed, {given} scanned).",
    ),
    RefusalKind.CODE_SCANNED_TWICE: QT_TRANSLATE_NOOP(
        "ServiceWords", "The tracking code {code} was scanned twice: every parcel has its own."
    ),
    RefusalKind.CODE_USED_HERE: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "The tracking code {code} is already used for order {order_id} (parcel {parcel}): scan "
        "the label of this parcel.",
    ),
    RefusalKind.CODE_USED_AT_7S: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "The tracking code {code} is already registered at Seven Senders (order {order_id}): "
        "scan the label of this parcel.",
    ),
    RefusalKind.NO_SLIPS: QT_TRANSLATE_NOOP(
        "ServiceWords", "This station makes no packing slips (see the settings)."
    ),
    RefusalKind.SLIP_NEEDS_MERCHANT: QT_TRANSLATE_NOOP(
        "ServiceWords", "The packing slip needs the merchant's name: set it in the settings."
    ),
    RefusalKind.PIECES_NEEDED: QT_TRANSLATE_NOOP(
        "ServiceWords", "Count at least one piece (pallet, cage or box)."
    ),
    RefusalKind.MANIFEST_NOT_CONFIRMED: QT_TRANSLATE_NOOP(
        "ServiceWords", "A manifest cannot be changed once sent: confirm that it is final first."
    ),
    RefusalKind.MANIFEST_ID_INVALID: QT_TRANSLATE_NOOP(
        "ServiceWords",
        "“{manifest_id}” cannot be a manifest id: at most 64 printable characters, no spaces, "
        "no '/'.",
    ),
    RefusalKind.PICKUP_AMBIGUOUS: QT_TRANSLATE_NOOP(
        "ServiceWords", "{day} has several pick-ups ({times}): choose one by its time."
    ),
}

#: ``ScaleError.problem`` → words
SCALE_PROBLEMS: dict[ScaleProblem, str] = {
    ScaleProblem.UNPLUGGED: QT_TRANSLATE_NOOP(
        "ServiceWords", "The scale does not answer: check its cable and power."
    ),
    ScaleProblem.UNSTABLE: QT_TRANSLATE_NOOP(
        "ServiceWords", "The weight did not settle: keep the parcel still on the scale."
    ),
    ScaleProblem.OVERLOAD: QT_TRANSLATE_NOOP(
        "ServiceWords", "Too heavy for the scale: take something off."
    ),
    ScaleProblem.UNDERLOAD: QT_TRANSLATE_NOOP(
        "ServiceWords", "The scale reads below zero: empty it and zero it."
    ),
    ScaleProblem.NOT_READY: QT_TRANSLATE_NOOP(
        "ServiceWords", "The scale is not ready: it may need zeroing."
    ),
    ScaleProblem.REFUSED: QT_TRANSLATE_NOOP("ServiceWords", "The scale refused the command."),
    ScaleProblem.GARBLED: QT_TRANSLATE_NOOP(
        "ServiceWords", "The scale's answer cannot be read: check its settings."
    ),
    ScaleProblem.NOT_SUPPORTED: QT_TRANSLATE_NOOP(
        "ServiceWords", "This scale cannot do that over its cable."
    ),
}

#: ``PudoChoiceRefused.reason`` → words
PUDO_REFUSALS: dict[PudoRefusal, str] = {
    PudoRefusal.MISSING_INPUT: QT_TRANSLATE_NOOP(
        "ServiceWords", "Choose an order and a pick-up point first."
    ),
    PudoRefusal.WRONG_CARRIER: QT_TRANSLATE_NOOP(
        "ServiceWords", "The order ships with another carrier than this point's."
    ),
    PudoRefusal.UNKNOWN_POINT: QT_TRANSLATE_NOOP(
        "ServiceWords", "Seven Senders knows no such pick-up point."
    ),
}

#: ``ShippingApiError.operation`` (the name of the 7S call) → what the station was doing
OPERATIONS: dict[str, str] = {
    "log in": QT_TRANSLATE_NOOP("ServiceWords", "signing in"),
    "list carriers": QT_TRANSLATE_NOOP("ServiceWords", "loading the carriers"),
    "create order": QT_TRANSLATE_NOOP("ServiceWords", "creating the order"),
    "list orders": QT_TRANSLATE_NOOP("ServiceWords", "looking up orders"),
    "find order": QT_TRANSLATE_NOOP("ServiceWords", "looking up the order"),
    "get order": QT_TRANSLATE_NOOP("ServiceWords", "loading the order"),
    "update order": QT_TRANSLATE_NOOP("ServiceWords", "updating the order"),
    "delete order": QT_TRANSLATE_NOOP("ServiceWords", "deleting the order"),
    "post order state": QT_TRANSLATE_NOOP("ServiceWords", "setting the order state"),
    "create order item": QT_TRANSLATE_NOOP("ServiceWords", "registering the order item"),
    "list order items": QT_TRANSLATE_NOOP("ServiceWords", "loading the order items"),
    "link order item": QT_TRANSLATE_NOOP("ServiceWords", "linking the order item"),
    "register shipment": QT_TRANSLATE_NOOP("ServiceWords", "registering the parcel"),
    "get shipment": QT_TRANSLATE_NOOP("ServiceWords", "loading the parcel"),
    "list shipments": QT_TRANSLATE_NOOP("ServiceWords", "looking up parcels"),
    "delete shipment": QT_TRANSLATE_NOOP("ServiceWords", "cancelling the parcel"),
    "buy label": QT_TRANSLATE_NOOP("ServiceWords", "buying the label"),
    "find labels": QT_TRANSLATE_NOOP("ServiceWords", "looking up the label"),
    "list the order's labels": QT_TRANSLATE_NOOP("ServiceWords", "looking up the order's labels"),
    "download label": QT_TRANSLATE_NOOP("ServiceWords", "downloading the label"),
    "cancel label": QT_TRANSLATE_NOOP("ServiceWords", "cancelling the label"),
    "look the label up": QT_TRANSLATE_NOOP("ServiceWords", "looking the label up"),
    "send customs data": QT_TRANSLATE_NOOP("ServiceWords", "sending the customs data"),
    "list customs data": QT_TRANSLATE_NOOP("ServiceWords", "looking up customs data"),
    "get customs data": QT_TRANSLATE_NOOP("ServiceWords", "loading the customs data"),
    "update customs data": QT_TRANSLATE_NOOP("ServiceWords", "updating the customs data"),
    "delete customs data": QT_TRANSLATE_NOOP("ServiceWords", "deleting the customs data"),
    "send manifest": QT_TRANSLATE_NOOP("ServiceWords", "sending the manifest"),
    "get manifest": QT_TRANSLATE_NOOP("ServiceWords", "loading the manifest"),
    "search pick-up points": QT_TRANSLATE_NOOP("ServiceWords", "searching pick-up points"),
    "create product": QT_TRANSLATE_NOOP("ServiceWords", "creating the product"),
    "get product": QT_TRANSLATE_NOOP("ServiceWords", "loading the product"),
    "update product": QT_TRANSLATE_NOOP("ServiceWords", "updating the product"),
    "delete product": QT_TRANSLATE_NOOP("ServiceWords", "deleting the product"),
    "upload product image": QT_TRANSLATE_NOOP("ServiceWords", "uploading the product image"),
    "delete product image": QT_TRANSLATE_NOOP("ServiceWords", "deleting the product image"),
}


def operation_text(operation: str) -> str:
    """What the station was doing, translated ("a request" for a call without a name)."""
    return translated(OPERATIONS.get(operation, _A_REQUEST))


def words_for(exc: BaseException) -> Words:
    """The entry of ``exc``: its own class's, else the nearest parent's."""
    for klass in type(exc).__mro__:
        found = ERRORS.get(klass)
        if found is not None:
            return found
    return ERRORS[Exception]


def describe(exc: BaseException) -> str:
    """``exc`` in the window's language, from its type and typed fields (never its message)."""
    if isinstance(exc, Refusal | Missing):
        return refusal_text(exc)
    words = words_for(exc)
    text = translated(words.text)
    said = text.format(*words.fill(exc)) if words.fill is not None else text
    cause = exc.__cause__
    if (
        isinstance(exc, CycleInterrupted)
        and not isinstance(exc, PackedElsewhere)
        and isinstance(cause, Exception)
        and words_for(cause) is not ERRORS[Exception]
    ):
        return f"{describe(cause)} {said}"  # what stopped it, then what happens now
    return said


def refusal_text(refusal: Refusal | Missing) -> str:
    """A refusal's words with its facts; a fact named ``…_g`` is a weight in grams, written in
    the window's language ("1,03 kg")."""
    facts = {
        name: texts.weight_text(value) if name.endswith("_g") and isinstance(value, int) else value
        for name, value in refusal.facts.items()
    }
    return translated(REFUSALS[refusal.kind]).format(**facts)


def described(exc: BaseException) -> Callable[[], str]:
    """``describe(exc)`` when drawn: a banner line that follows a language switch."""
    return lambda: describe(exc)


# ---------------------------------------------------------------------- outcomes, not errors

_ELSEWHERE = QT_TRANSLATE_NOOP(
    "ServiceWords",
    "Order {0} is already packed {1}: Seven Senders holds its labels {2}. Nothing was bought "
    "here. Reprint them with F6 and a reason.",
)
_AT_BENCH = QT_TRANSLATE_NOOP("ServiceWords", "at {0}")
_AT_BENCH_AT = QT_TRANSLATE_NOOP("ServiceWords", "at {0} at {1}")
_AT_ANOTHER = QT_TRANSLATE_NOOP("ServiceWords", "at another bench")
_ITS_LABELS = QT_TRANSLATE_NOOP("ServiceWords", "(not known)")
_HELD = QT_TRANSLATE_NOOP(
    "ServiceWords",
    "Being packed at {0}{1} since {2}. Put it aside; the shift lead can release it, and it is "
    "free by itself when that bench stops for longer than the lease.",
)
_HELD_BY = QT_TRANSLATE_NOOP("ServiceWords", " by {0}")


def packed_elsewhere_text(
    order_id: str, tracking_codes: Sequence[str], bench: str | None, at: datetime | None
) -> str:
    """Another bench bought the order's labels: where, when and which."""
    if bench and at is not None:
        where = translated(_AT_BENCH_AT).format(bench, at.astimezone().strftime("%H:%M"))
    elif bench:
        where = translated(_AT_BENCH).format(bench)
    else:
        where = translated(_AT_ANOTHER)
    codes = ", ".join(tracking_codes) or translated(_ITS_LABELS)
    return translated(_ELSEWHERE).format(order_id, where, codes)


def claimed_elsewhere_text(claim: Claim) -> str:
    """Another bench is packing the order (its warehouse claim)."""
    who = translated(_HELD_BY).format(claim.packer) if claim.packer else ""
    since = claim.claimed_at.astimezone().strftime("%H:%M")
    return translated(_HELD).format(claim.bench_name, who, since)


_LABEL_DATA = QT_TRANSLATE_NOOP(
    "ServiceWords",
    "The label needs what the order does not have: {0}. Fix the merchant's data first; "
    "nothing was bought.",
)


def label_data_text(problems: Sequence[LabelDataProblem]) -> str:
    """The fields (as in the order schema) an order lacks for a label."""
    return translated(_LABEL_DATA).format(", ".join(p.field for p in problems))


def source_problem_text(
    problems: Sequence[LabelDataProblem], error: OrderSourceError | None
) -> str:
    """Why an order cannot be packed from the merchant's data."""
    if problems:
        return label_data_text(problems)
    return describe(error if error is not None else OrderSourceError(""))
