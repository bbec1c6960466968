"""What the packing screen says: one table from outcome to words, tone and sound.

Every banner the bench can show is a `Say` member; `WORDING` gives its tone, its English
headline and detail (the source texts of the translations, context "PackWording") and the
sound that goes with it. The view-model decides *which* outcome happened and with which
values; this module alone decides how that is worded. `banner` translates at the moment the
banner is drawn, so a language switch re-words the banner on screen.

Placeholders are numbered per line: ``banner(Say.WRONG_ITEM, (code,), (order_id, expected))``
fills ``{0}`` of the headline with ``code`` and ``{0}``/``{1}`` of the detail with the rest.
A headline or detail of exactly ``{0}`` shows the caller's text as it is (a message already
worded elsewhere, e.g. by ``texts``). A value given as a function of no arguments is called
when the banner is drawn, so words from ``texts`` follow a language switch too.

The smaller word tables (line states, label states, the station bar, the label preview)
follow below the banners.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QCoreApplication

from packstation.ui.bench_frame import Banner
from packstation.ui.sound_names import Sound
from packstation.ui.theme import Tone

CONTEXT = "PackWording"
AS_GIVEN = "{0}"  # a line that shows the caller's (already worded) text unchanged


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` as a source text of ``context`` for ``pyside6-lupdate``; returns it."""
    del context
    return text


def translated(text: str) -> str:
    """``text`` (a source text of this module) in the window's language."""
    return QCoreApplication.translate(CONTEXT, text)


class Say(Enum):
    """Every banner of the packing screen (what happened, or what to do next)."""

    STARTING = auto()
    SCAN_AN_ORDER = auto()
    SCAN_AN_ORDER_NOBODY = auto()
    SIGN_IN_FIRST = auto()
    SIGNED_IN = auto()
    SIGNED_OUT = auto()
    SIGN_IN_REFUSED = auto()
    SCAN_THE_ITEMS = auto()
    ORDER_READY = auto()
    ORDER_READY_PRINTER_DOWN = auto()
    ORDER_CONTINUED = auto()
    ITEM_COUNTED = auto()
    ALL_ITEMS_IN = auto()
    # scans that are not what the bench expects
    NOT_AN_ORDER = auto()
    UNKNOWN_COMMAND = auto()
    ALREADY_PACKED = auto()
    PACKED_ELSEWHERE = auto()
    CLAIMED_ELSEWHERE = auto()
    NOT_PACKABLE = auto()
    SOURCE_PROBLEM = auto()
    WRONG_ITEM = auto()
    WRONG_ITEM_NAMED = auto()
    OVER_SCAN = auto()
    NO_ORDER_FOR_ITEM = auto()
    UNKNOWN_CODE = auto()
    OTHER_ORDER = auto()
    # finishing and printing
    NO_ORDER_ON_BENCH = auto()
    ORDER_DONE = auto()
    SCAN_CARRIER_LABEL = auto()
    BUYING = auto()
    DOWNLOADING = auto()
    PRINTING = auto()
    NO_LABEL_YET = auto()
    BOUGHT_NOT_FINISHED = auto()
    TRACKING_CODE_REFUSED = auto()
    ITEMS_MISSING = auto()
    LABEL_NOT_YET = auto()
    PRINTED = auto()
    PRINTED_NOT_VERIFIED = auto()
    SENT_UNCONFIRMED = auto()
    NOT_PRINTED = auto()
    NOTHING_HELD = auto()
    PRINTING_HELD = auto()
    HELD_PRINTED = auto()
    HELD_LABEL_PRINTED = auto()
    HELD_ALREADY_PRINTED = auto()
    MAY_HAVE_PRINTED = auto()
    UNCERTAIN_SETTLED = auto()
    # parcels, skip, cancel
    PARCELS_SET = auto()
    PARCELS_REFUSED = auto()
    # moving units between boxes (ui/box_moves.py)
    BOX_MOVED = auto()
    BOX_MOVED_CLOSED = auto()
    BOX_MOVED_EMPTY = auto()
    MOVE_NO_BOX = auto()
    MOVE_BOX_EMPTY = auto()
    MOVE_NOT_IN_BOX = auto()
    MOVE_SAME_BOX = auto()
    MOVE_ORDER_DONE = auto()
    MOVE_REFUSED = auto()
    # the weight gate holds the order (ui/gate_words.py)
    GATE_NOT_WEIGHED = auto()
    GATE_OFF = auto()
    # a packing slip printed again (ui/slip_reprint.py)
    SLIP_UNKNOWN_ORDER = auto()
    SLIP_NOT_FINISHED = auto()
    SLIP_NOT_MADE = auto()
    SLIP_PRINTED = auto()
    SLIP_FILED = auto()
    SLIP_NOT_PRINTED = auto()
    NOT_PACKING = auto()
    SKIP_REQUIRED = auto()
    SKIP_NEEDS_REASON = auto()
    SKIPPED = auto()
    # supervisor rules
    APPROVAL_NEEDED = auto()
    APPROVAL_REFUSED = auto()
    APPROVAL_CANCELLED = auto()
    SUPERVISOR_BADGE = auto()
    CANCEL_REFUSED = auto()
    CANCELLED = auto()
    # reprint, void
    NOTHING_TO_REPRINT = auto()
    NO_LABEL_TO_REPRINT = auto()
    REPRINTED = auto()
    VOID_REFUSED = auto()
    VOIDED = auto()
    VOIDED_ALREADY = auto()
    VOIDED_REPLACED = auto()
    VOIDED_REPLACEMENT_HELD = auto()
    # after a restart
    IN_FLIGHT = auto()
    RESUMING = auto()
    RESUME_PROBLEM = auto()
    RESUME_WAITING = auto()
    RESUMED = auto()
    RESUMED_NOTHING = auto()
    ABANDON_REFUSED = auto()
    ABANDONED = auto()
    # the rest
    COMMAND_SHEET_READY = auto()  # opened in the PDF viewer
    COMMAND_SHEET_PRINTED = auto()  # on the document printer
    COMMAND_SHEET_LABELS = auto()  # on the label printer (no viewer)
    COMMAND_SHEET_SAVED = auto()  # nothing could print or show it
    SERVICE_PROBLEM = auto()
    FAILED = auto()


@dataclass(frozen=True, slots=True)
class Wording:
    tone: Tone
    headline: str
    detail: str = ""
    sound: Sound | None = None


_READY, _WORKING, _SUCCESS = Tone.READY, Tone.WORKING, Tone.SUCCESS
_WARNING, _ERROR = Tone.WARNING, Tone.ERROR
_OK, _DONE, _WRONG, _OVER, _LOOK = (
    Sound.ACCEPTED,
    Sound.COMPLETE,
    Sound.WRONG_ITEM,
    Sound.OVER_SCAN,
    Sound.ATTENTION,
)
_SCAN_ITEMS = QT_TRANSLATE_NOOP("PackWording", "Scan the items: {0} of {1}")
_SCAN_ORDER_FIRST = QT_TRANSLATE_NOOP("PackWording", "Scan an order first")
_DONE_NEXT = QT_TRANSLATE_NOOP("PackWording", "Done — next order")
_ORDER = QT_TRANSLATE_NOOP("PackWording", "Order {0}")
_VOIDED = QT_TRANSLATE_NOOP("PackWording", "Label {0} voided")
_PRESS_F2 = QT_TRANSLATE_NOOP("PackWording", "Press F2 or scan FINISH to print the label.")
_SCAN_ORDER_BARCODE = QT_TRANSLATE_NOOP("PackWording", "Scan an order barcode first.")
_SCAN_NEXT = QT_TRANSLATE_NOOP("PackWording", "Scan the next order.")
_FINISHED = QT_TRANSLATE_NOOP("PackWording", "Finished: {0}")

# outcome → (tone, headline, detail, sound). The English texts are the translation sources.
WORDING: dict[Say, Wording] = {
    Say.STARTING: Wording(_WORKING, QT_TRANSLATE_NOOP("PackWording", "Starting the station…")),
    Say.SCAN_AN_ORDER: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Scan an order"),
        QT_TRANSLATE_NOOP("PackWording", "Scan the order barcode on the pick list."),
    ),
    Say.SCAN_AN_ORDER_NOBODY: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Scan an order"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Nobody is signed in: scan your badge first (Ctrl+L: type your name)."
        ),
    ),
    Say.SIGN_IN_FIRST: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Sign in: scan your badge"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Or press Ctrl+L and type your name. Then scan the order."
        ),
        _LOOK,
    ),
    Say.SIGNED_IN: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Hello {0} — scan an order"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Every order you pack is recorded with your name. Ctrl+L: sign out."
        ),
        _OK,
    ),
    Say.SIGNED_OUT: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "{0} signed out"),
        QT_TRANSLATE_NOOP("PackWording", "The next packer scans their badge (Ctrl+L: name)."),
    ),
    Say.SIGN_IN_REFUSED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Not signed in"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Scan your badge, or type your name (at most 60 characters)."
        ),
        _LOOK,
    ),
    Say.SCAN_THE_ITEMS: Wording(_READY, _SCAN_ITEMS),
    Say.ORDER_READY: Wording(
        _READY, _SCAN_ITEMS, QT_TRANSLATE_NOOP("PackWording", "Order {0} for {1}, {2}")
    ),
    Say.ORDER_READY_PRINTER_DOWN: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Scan the items — the printer is not ready: {0}"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Order {0} for {1}, {2}. Fix the printer while you pack: the label waits until "
            "it is ready.",
        ),
    ),
    Say.ORDER_CONTINUED: Wording(
        _READY,
        _SCAN_ITEMS,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} was left unfinished: continue with its items."),
    ),
    Say.ITEM_COUNTED: Wording(
        _READY, _SCAN_ITEMS, QT_TRANSLATE_NOOP("PackWording", "✓ {0} — {1} of {2}")
    ),
    Say.ALL_ITEMS_IN: Wording(
        _SUCCESS, QT_TRANSLATE_NOOP("PackWording", "All items are in the box"), _PRESS_F2
    ),
    Say.NOT_AN_ORDER: Wording(
        _WARNING,
        _SCAN_ORDER_FIRST,
        QT_TRANSLATE_NOOP("PackWording", "Scanned: {0} — that is not an order barcode."),
        _WRONG,
    ),
    Say.UNKNOWN_COMMAND: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Unknown command barcode"),
        QT_TRANSLATE_NOOP("PackWording", "Scanned: {0}. Print a new command sheet with F11."),
        _WRONG,
    ),
    Say.ALREADY_PACKED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} is already packed"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Its labels: {0}. F6 prints them again; a second label is never bought.",
        ),
        _LOOK,
    ),
    Say.PACKED_ELSEWHERE: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} is already packed at another bench"),
        AS_GIVEN,
        _LOOK,
    ),
    Say.CLAIMED_ELSEWHERE: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} is being packed at {1}"),
        AS_GIVEN,
        _WRONG,
    ),
    Say.NOT_PACKABLE: Wording(
        _ERROR,
        AS_GIVEN,
        QT_TRANSLATE_NOOP("PackWording", "Put the order aside and tell the shift lead."),
        _LOOK,
    ),
    Say.SOURCE_PROBLEM: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "The shop's data for order {0} cannot be read"),
        AS_GIVEN,
        _LOOK,
    ),
    Say.WRONG_ITEM: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "Put it aside — not in order {0}"),
        QT_TRANSLATE_NOOP("PackWording", "Scanned {0}. Next: {1}"),
        _WRONG,
    ),
    Say.WRONG_ITEM_NAMED: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "Put aside: {0} — not in order {1}"),
        QT_TRANSLATE_NOOP("PackWording", "Scanned {0}. Next: {1}"),
        _WRONG,
    ),
    Say.OVER_SCAN: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "One too many: {0}"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Scanned {0}: the order has {1} and all are packed. Take it out of the box. Next: {2}",
        ),
        _OVER,
    ),
    Say.NO_ORDER_FOR_ITEM: Wording(
        _WARNING,
        _SCAN_ORDER_FIRST,
        QT_TRANSLATE_NOOP("PackWording", "Scanned: {0} — no order is being packed."),
        _WRONG,
    ),
    Say.UNKNOWN_CODE: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Unknown code: {0}"),
        QT_TRANSLATE_NOOP("PackWording", "It is not an item of this order. Next: {0}"),
        _WRONG,
    ),
    Say.OTHER_ORDER: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "That is order {0}"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Finish order {0} first, or take it off the bench with F9."
        ),
        _WRONG,
    ),
    Say.NO_ORDER_ON_BENCH: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "No order on the bench"),
        _SCAN_ORDER_BARCODE,
        _LOOK,
    ),
    Say.ORDER_DONE: Wording(
        _SUCCESS, QT_TRANSLATE_NOOP("PackWording", "Order {0} is done"), _SCAN_NEXT
    ),
    Say.SCAN_CARRIER_LABEL: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Scan the carrier label of parcel {0} of {1}"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Its tracking barcode registers the parcel at Seven Senders."
        ),
    ),
    Say.BUYING: Wording(
        _WORKING, QT_TRANSLATE_NOOP("PackWording", "Buying label {0} of {1}…"), _ORDER
    ),
    Say.DOWNLOADING: Wording(
        _WORKING, QT_TRANSLATE_NOOP("PackWording", "Downloading label {0} of {1}…"), _ORDER
    ),
    Say.PRINTING: Wording(
        _WORKING, QT_TRANSLATE_NOOP("PackWording", "Printing label {0} of {1}…"), _ORDER
    ),
    Say.BOUGHT_NOT_FINISHED: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "Label bought, not finished: {0}"),
        QT_TRANSLATE_NOOP("PackWording", "{0} Nothing is bought again: F2 finishes it."),
        _LOOK,
    ),
    Say.NO_LABEL_YET: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "No label yet for order {0}"),
        QT_TRANSLATE_NOOP("PackWording", "{0} Nothing is lost: F2 tries again."),
        _LOOK,
    ),
    Say.TRACKING_CODE_REFUSED: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "Tracking code {0} cannot be used"),
        AS_GIVEN,
        _LOOK,
    ),
    Say.ITEMS_MISSING: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Items missing: {0}"),
        QT_TRANSLATE_NOOP("PackWording", "Next: {0}. Scan them, or skip the check with F8."),
        _LOOK,
    ),
    Say.LABEL_NOT_YET: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "The label cannot be made yet"),
        AS_GIVEN,
        _LOOK,
    ),
    Say.PRINTED: Wording(
        _SUCCESS,
        _DONE_NEXT,
        QT_TRANSLATE_NOOP("PackWording", "Order {0}: labels printed: {1} ({2})."),
        _DONE,
    ),
    Say.PRINTED_NOT_VERIFIED: Wording(
        _SUCCESS,
        QT_TRANSLATE_NOOP("PackWording", "Done — {0} item(s) NOT verified"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Order {0}: labels printed: {1} ({2}). Packed without a scan: {3}.",
        ),
        _DONE,
    ),
    Say.SENT_UNCONFIRMED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Sent to the printer — check that the label came out"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Order {0}: the printer cannot confirm that it printed {1} ({2}). If a label is "
            "missing, reprint it (F6).",
        ),
        _LOOK,
    ),
    Say.NOT_PRINTED: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "The label did not print: {0}"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Order {0}: the label is bought and kept. Fix the printer: the label prints "
            "as soon as it is ready (F5 prints now).",
        ),
        _LOOK,
    ),
    Say.NOTHING_HELD: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "No label is waiting to be printed"),
        QT_TRANSLATE_NOOP("PackWording", "To print a label again, press F6 (reprint)."),
    ),
    Say.PRINTING_HELD: Wording(
        _WORKING, QT_TRANSLATE_NOOP("PackWording", "Printing the waiting labels…")
    ),
    Say.HELD_PRINTED: Wording(
        _SUCCESS,
        _DONE_NEXT,
        QT_TRANSLATE_NOOP("PackWording", "Waiting labels printed: {0}."),
        _DONE,
    ),
    Say.HELD_ALREADY_PRINTED: Wording(
        _SUCCESS,
        QT_TRANSLATE_NOOP("PackWording", "Nothing is waiting: the label of order {0} printed"),
        QT_TRANSLATE_NOOP(
            "PackWording", "It printed by itself once the printer was ready. Scan the next order."
        ),
    ),
    Say.MAY_HAVE_PRINTED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Did this label come out? {0}"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "The station stopped while sending it and the printer cannot tell whether it "
            "printed ({0} label(s) to check). Look at the printer, then answer.",
        ),
        _LOOK,
    ),
    Say.UNCERTAIN_SETTLED: Wording(
        _SUCCESS,
        _DONE_NEXT,
        QT_TRANSLATE_NOOP("PackWording", "Recorded as printed, not printed again: {0}."),
        _DONE,
    ),
    Say.HELD_LABEL_PRINTED: Wording(
        _SUCCESS,
        _DONE_NEXT,
        QT_TRANSLATE_NOOP("PackWording", "The waiting label of order {0} printed."),
        _DONE,
    ),
    Say.PARCELS_SET: Wording(
        _READY, _SCAN_ITEMS, QT_TRANSLATE_NOOP("PackWording", "Parcels: {0} ({1})"), _OK
    ),
    Say.PARCELS_REFUSED: Wording(
        _WARNING, QT_TRANSLATE_NOOP("PackWording", "The parcels cannot be set"), AS_GIVEN, _LOOK
    ),
    Say.BOX_MOVED: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Moved to box {0}: {1} × {2}"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Box {0} holds {1} unit(s), box {2} holds {3}. Ctrl+M moves another."
        ),
        _OK,
    ),
    Say.BOX_MOVED_CLOSED: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Moved to box {0}: {1} × {2}"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Box {0} was left empty and is put away: the order has {1} box(es) now.",
        ),
        _OK,
    ),
    Say.BOX_MOVED_EMPTY: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Moved to box {0}: {1} × {2}"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Box {0} is empty now: move something into it (Ctrl+M) before finishing.",
        ),
        _LOOK,
    ),
    Say.MOVE_NO_BOX: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "There is no box {0}"),
        QT_TRANSLATE_NOOP("PackWording", "Order {0} has boxes 1 to {1}; the next new box is {2}."),
        _WRONG,
    ),
    Say.MOVE_BOX_EMPTY: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Box {0} is empty"),
        QT_TRANSLATE_NOOP("PackWording", "There is nothing in it to move."),
        _WRONG,
    ),
    Say.MOVE_NOT_IN_BOX: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Not moved: box {0} holds {1} × {2}"),
        QT_TRANSLATE_NOOP("PackWording", "{0} cannot be taken out of it. Nothing was moved."),
        _WRONG,
    ),
    Say.MOVE_SAME_BOX: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "{0} is already in box {1}"),
        QT_TRANSLATE_NOOP("PackWording", "Choose another box to move it to."),
        _WRONG,
    ),
    Say.MOVE_ORDER_DONE: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} is finished: its boxes stay as they are"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Its labels and customs papers list what is in each box. Nothing was moved.",
        ),
        _LOOK,
    ),
    Say.MOVE_REFUSED: Wording(
        _WARNING, QT_TRANSLATE_NOOP("PackWording", "Nothing was moved"), AS_GIVEN, _LOOK
    ),
    Say.GATE_NOT_WEIGHED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Weigh box {0} first"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Box {0} of order {1} is not weighed yet: this station checks every box's weight. "
            "Put it on the scale and press Ctrl+G.",
        ),
        _LOOK,
    ),
    Say.GATE_OFF: Wording(
        _WARNING,
        AS_GIVEN,  # the amber line, worded by ui/gate_words.py
        QT_TRANSLATE_NOOP(
            "PackWording",
            "{0} on the scale, {1} expected, ±{2} allowed. Keep the box as it is, or open it "
            "and weigh it again.",
        ),
        _LOOK,
    ),
    Say.SLIP_UNKNOWN_ORDER: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "No packing slip for order {0}"),
        QT_TRANSLATE_NOOP("PackWording", "It was not packed at this station."),
        _WRONG,
    ),
    Say.SLIP_NOT_FINISHED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "No packing slip for order {0} yet"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "It is not finished: its slip is made when it is (its boxes may still change).",
        ),
        _LOOK,
    ),
    Say.SLIP_NOT_MADE: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "The packing slip of order {0} could not be made"),
        AS_GIVEN,
        _LOOK,
    ),
    Say.SLIP_PRINTED: Wording(
        _SUCCESS,
        QT_TRANSLATE_NOOP("PackWording", "Packing slip of order {0} printed again"),
        QT_TRANSLATE_NOOP("PackWording", "Filed at {0}."),
        _OK,
    ),
    Say.SLIP_FILED: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Packing slip of order {0} filed"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "This station has no document printer (setting document_printer): print {0}.",
        ),
    ),
    Say.SLIP_NOT_PRINTED: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "The packing slip of order {0} did not print"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "{0} did not take it. It is filed at {1}: print it from there, or press Ctrl+P "
            "again once the printer is ready.",
        ),
        _LOOK,
    ),
    Say.NOT_PACKING: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "No order is being packed"),
        _SCAN_ORDER_BARCODE,
        _LOOK,
    ),
    Say.SKIP_REQUIRED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "The item check stays on"),
        QT_TRANSLATE_NOOP("PackWording", "This station requires every item to be scanned."),
        _LOOK,
    ),
    Say.SKIP_NEEDS_REASON: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "The item check stays on"),
        QT_TRANSLATE_NOOP("PackWording", "A reason is needed to skip the item check."),
        _LOOK,
    ),
    Say.SKIPPED: Wording(
        _SUCCESS, QT_TRANSLATE_NOOP("PackWording", "Item check skipped"), _PRESS_F2
    ),
    Say.APPROVAL_NEEDED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Supervisor needed: {0}"),
        QT_TRANSLATE_NOOP("PackWording", "{0}. Esc cancels; nothing is done without it."),
        _LOOK,
    ),
    Say.APPROVAL_REFUSED: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "Not a supervisor's badge or PIN"),
        QT_TRANSLATE_NOOP("PackWording", "{0}: nothing was done. {1}, or press Esc."),
        _WRONG,
    ),
    Say.SUPERVISOR_BADGE: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "That is a supervisor badge"),
        QT_TRANSLATE_NOOP(
            "PackWording", "It approves only when the window asks for it; nothing was done."
        ),
        _LOOK,
    ),
    Say.APPROVAL_CANCELLED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Not done: {0}"),
        QT_TRANSLATE_NOOP("PackWording", "It needs a supervisor; call one to the bench."),
        _LOOK,
    ),
    Say.CANCEL_REFUSED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} stays on the bench"),
        AS_GIVEN,
        _LOOK,
    ),
    Say.CANCELLED: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} taken off the bench"),
        QT_TRANSLATE_NOOP("PackWording", "Nothing was bought. Scan the next order."),
    ),
    Say.NOTHING_TO_REPRINT: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Nothing to reprint"),
        QT_TRANSLATE_NOOP("PackWording", "Scan or type the order or tracking code to reprint."),
    ),
    Say.NO_LABEL_TO_REPRINT: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "No label of {0} to reprint"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Only labels bought at this station can be printed again."
        ),
        _LOOK,
    ),
    Say.REPRINTED: Wording(
        _SUCCESS,
        QT_TRANSLATE_NOOP("PackWording", "Printed again: {0}"),
        QT_TRANSLATE_NOOP("PackWording", "Labels: {0} (the same labels, none bought)."),
        _DONE,
    ),
    Say.VOID_REFUSED: Wording(
        _WARNING, QT_TRANSLATE_NOOP("PackWording", "Label {0} not voided"), AS_GIVEN, _LOOK
    ),
    Say.VOIDED: Wording(
        _SUCCESS,
        _VOIDED,
        QT_TRANSLATE_NOOP("PackWording", "Seven Senders cancelled it; the reason is recorded."),
        _OK,
    ),
    Say.VOIDED_ALREADY: Wording(
        _SUCCESS, _VOIDED, QT_TRANSLATE_NOOP("PackWording", "It was already void."), _OK
    ),
    Say.VOIDED_REPLACED: Wording(
        _SUCCESS, _VOIDED, QT_TRANSLATE_NOOP("PackWording", "New label {0} printed."), _DONE
    ),
    Say.VOIDED_REPLACEMENT_HELD: Wording(
        _WARNING,
        _VOIDED,
        QT_TRANSLATE_NOOP("PackWording", "New label {0} bought, but it did not print (F5)."),
        _LOOK,
    ),
    Say.IN_FLIGHT: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Unfinished from before: {0}"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "Orders left in flight: {0}. F2 finishes them; or abandon one with a reason.",
        ),
        _LOOK,
    ),
    Say.RESUMING: Wording(_WORKING, QT_TRANSLATE_NOOP("PackWording", "Finishing what was left…")),
    Say.RESUME_PROBLEM: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} could not be finished yet"),
        AS_GIVEN,
        _LOOK,
    ),
    Say.RESUME_WAITING: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Scan again to continue: {0}"),
        QT_TRANSLATE_NOOP(
            "PackWording", "Not finished at the bench: scan the order, check its boxes, finish it."
        ),
    ),
    Say.RESUMED: Wording(_SUCCESS, _FINISHED, _SCAN_NEXT, _DONE),
    Say.RESUMED_NOTHING: Wording(_SUCCESS, _FINISHED, _SCAN_NEXT),
    Say.ABANDON_REFUSED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} cannot be abandoned"),
        QT_TRANSLATE_NOOP(
            "PackWording", "It has labels: finish it (F2), or void its labels first."
        ),
        _LOOK,
    ),
    Say.ABANDONED: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Order {0} abandoned"),
        QT_TRANSLATE_NOOP("PackWording", "The reason is recorded. Scan the next order."),
    ),
    Say.COMMAND_SHEET_READY: Wording(
        _READY,
        QT_TRANSLATE_NOOP("PackWording", "Command sheet ready"),
        QT_TRANSLATE_NOOP("PackWording", "Opened from {0}: print it and keep it at the bench.{1}"),
    ),
    Say.COMMAND_SHEET_PRINTED: Wording(
        _SUCCESS,
        QT_TRANSLATE_NOOP("PackWording", "Command sheet sent to the document printer"),
        QT_TRANSLATE_NOOP("PackWording", "Keep it at the bench. It is also saved as {0}."),
    ),
    Say.COMMAND_SHEET_LABELS: Wording(
        _SUCCESS,
        QT_TRANSLATE_NOOP("PackWording", "Command sheet printed on the label printer"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "No PDF viewer could show the A4 sheet, so its barcodes came out as labels: put "
            "them up at the bench. The A4 sheet is saved as {0}.{1}",
        ),
    ),
    Say.COMMAND_SHEET_SAVED: Wording(
        _WARNING,
        QT_TRANSLATE_NOOP("PackWording", "Command sheet saved, not printed"),
        QT_TRANSLATE_NOOP(
            "PackWording",
            "No printer took it and no PDF viewer could show it. Copy {0} to a computer with "
            "a printer, or set a document printer in Settings.",
        ),
    ),
    Say.SERVICE_PROBLEM: Wording(
        _ERROR,
        QT_TRANSLATE_NOOP("PackWording", "Seven Senders did not answer as expected"),
        QT_TRANSLATE_NOOP("PackWording", "{0} Nothing is lost; try again in a moment."),
        _LOOK,
    ),
    Say.FAILED: Wording(
        _ERROR, QT_TRANSLATE_NOOP("PackWording", "Something went wrong"), AS_GIVEN, _LOOK
    ),
}


def banner(say: Say, head: tuple[object, ...] = (), detail: tuple[object, ...] = ()) -> Banner:
    """The banner for ``say`` in the window's language, its placeholders filled."""
    wording = WORDING[say]
    return Banner(
        wording.tone,
        _fill(wording.headline, head),
        _fill(wording.detail, detail),
    )


def sound_of(say: Say) -> Sound | None:
    return WORDING[say].sound


def _fill(source: str, values: tuple[object, ...]) -> str:
    if not source:
        return ""
    # a value may be a function of no arguments: it is worded when the banner is drawn
    shown = tuple(v() if callable(v) and not isinstance(v, type) else v for v in values)
    if source == AS_GIVEN:
        return str(shown[0]) if shown else ""
    return translated(source).format(*shown)


# ---------------------------------------------------------------------- smaller word tables

NOTICE_STARTING = QT_TRANSLATE_NOOP(
    "PackWording", "The station is starting: your scans are kept and handled next."
)
NOTICE_WAITING = QT_TRANSLATE_NOOP("PackWording", "Waiting to be handled: {0}")
EXPECTED_LINE = QT_TRANSLATE_NOOP("PackWording", "{0} ({1}) ×{2}")
MORE_LINES = QT_TRANSLATE_NOOP("PackWording", "{0} (+ {1} more line(s) in the table)")
NOTHING_MORE = QT_TRANSLATE_NOOP("PackWording", "nothing more")
NO_CARRIER = QT_TRANSLATE_NOOP("PackWording", "none set")
LIVE_LABEL = QT_TRANSLATE_NOOP("PackWording", "Order {0}, parcel {1} of {2}")
_LINE_STATES = {
    "open": QT_TRANSLATE_NOOP("PackWording", "open"),
    "partial": QT_TRANSLATE_NOOP("PackWording", "partly"),
    "done": QT_TRANSLATE_NOOP("PackWording", "complete"),
}
_NOT_VERIFIED_LINE = QT_TRANSLATE_NOOP("PackWording", "not verified")
# the state of a line the packer let go without scanning it all (the check was skipped)
NOT_VERIFIED = "not_verified"


def line_state(state: str, skipped: bool) -> str:
    """A line's state on screen: a line not fully scanned when the check was skipped is
    ``not_verified`` — never shown as complete."""
    return NOT_VERIFIED if skipped and state != "done" else state


def line_state_text(state: str, skipped: bool) -> str:
    """An order line's state ("open", "partial", "done", "not_verified") in words."""
    if line_state(state, skipped) == NOT_VERIFIED:
        return translated(_NOT_VERIFIED_LINE)
    return translated(_LINE_STATES[state])


# by ``AttemptStatus`` value (a StrEnum: the first frame loads no domain module, issue 17)
_LABEL_STATES = {
    "intent": QT_TRANSLATE_NOOP("PackWording", "buying…"),
    "bought": QT_TRANSLATE_NOOP("PackWording", "bought"),
    "printed": QT_TRANSLATE_NOOP("PackWording", "printed"),
    "voided": QT_TRANSLATE_NOOP("PackWording", "voided"),
    "abandoned": QT_TRANSLATE_NOOP("PackWording", "given up"),
}
_NO_LABEL = QT_TRANSLATE_NOOP("PackWording", "no label yet")
_STORED_HELD = QT_TRANSLATE_NOOP("PackWording", "waiting for the printer")
_STORED_PRINTING = QT_TRANSLATE_NOOP("PackWording", "printing…")
_SENT_UNCONFIRMED = QT_TRANSLATE_NOOP("PackWording", "sent, unconfirmed")


def label_state_text(status: str | None, print_tried: bool, *, unconfirmed: bool = False) -> str:
    """A parcel's label (an ``AttemptStatus``; None: no label bought yet) in words;
    ``unconfirmed``: it went to a printer that cannot confirm printing, never called printed."""
    if status is None:
        return translated(_NO_LABEL)
    if status == "printed" and unconfirmed:
        return translated(_SENT_UNCONFIRMED)
    if status == "stored":
        return translated(_STORED_HELD if print_tried else _STORED_PRINTING)
    source = _LABEL_STATES.get(status)
    return translated(source) if source is not None else str(status)


# what the service says is left of an unfinished cycle → the packer's words
_LEFT_IN_FLIGHT = {
    "items still to be scanned": QT_TRANSLATE_NOOP("PackWording", "items still to be scanned"),
    "items checked, labels not bought yet": QT_TRANSLATE_NOOP(
        "PackWording", "items checked, no label bought yet"
    ),
    "labels bought and stored, not all printed": QT_TRANSLATE_NOOP(
        "PackWording", "labels bought, not all printed"
    ),
    "labels to buy, store and print": QT_TRANSLATE_NOOP("PackWording", "labels to buy and print"),
    "follow-ups to queue": QT_TRANSLATE_NOOP("PackWording", "Seven Senders updates to send"),
}


def left_in_flight_text(what_is_left: str) -> str:
    source = _LEFT_IN_FLIGHT.get(what_is_left)
    return translated(source) if source is not None else what_is_left


# notices under the banner
SIGNED_IN_NOTICE = QT_TRANSLATE_NOOP("PackWording", "Signed in: {0}")
#: a held label printed by itself while another order is on the bench (its banner stays)
HELD_LABEL_NOTICE = QT_TRANSLATE_NOOP("PackWording", "The waiting label of order {0} printed.")

# the label preview
PREVIEW_TITLE = QT_TRANSLATE_NOOP("PackWording", "Label {0} of {1} · {2}")
ZPL_SIZE = QT_TRANSLATE_NOOP("PackWording", "ZPL, {0} dpi: {1} × {2} mm, labels in the file: {3}")
ZPL_LABELS = QT_TRANSLATE_NOOP("PackWording", "ZPL labels in the file: {0}")
ZPL_FITS = QT_TRANSLATE_NOOP("PackWording", "Fits the printer's labels and resolution.")
