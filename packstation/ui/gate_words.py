"""The weight gate in the packer's words, in the window's language.

The service decides (``services/packing/gate.py``: a box not weighed, or weighed outside the
tolerance without the packer's word, holds the order); this module words it from the order on
the bench — the amber line of the boxes panel and the banner when F2 has to wait — through the
wording table (``pack_wording``), so a language switch re-words both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from packstation.domain.weight_gate import WeightCheck, WeightVerdict
from packstation.ui.box_moves import Said
from packstation.ui.pack_wording import QT_TRANSLATE_NOOP, Say, translated

if TYPE_CHECKING:  # types only: the window's first frame needs none of the services
    from packstation.services.packing import OrderSession

# the weight gate's amber line (and the headline of its banner)
GATE_HEAVIER = QT_TRANSLATE_NOOP(
    "PackWording", "Box {0}: {1} heavier than expected — check for an extra item"
)
GATE_LIGHTER = QT_TRANSLATE_NOOP(
    "PackWording", "Box {0}: {1} lighter than expected — check for a missing item"
)


def weight_words(grams: int) -> str:
    """Grams as the packer reads them: 340 g under a kilogram, else 1.250 kg (with the
    window's decimal separator)."""
    if abs(grams) < 1000:
        return f"{grams} g"
    return QLocale().toString(grams / 1000, "f", 3) + " kg"


def gate_line(number: int, check: WeightCheck) -> str:
    """The amber line: "Box 2: 350 g heavier than expected — check for an extra item"."""
    source = GATE_HEAVIER if check.verdict is WeightVerdict.HEAVIER else GATE_LIGHTER
    return translated(source).format(number, weight_words(abs(check.difference_g or 0)))


def gate_refusal(session: OrderSession | None) -> Said | None:
    """Why the weight gate holds the order on the bench (None: it does not), box by box in
    the order the service checks them: a box not weighed, then a box off without a word."""
    if session is None:
        return None
    for box in session.boxes:
        if box.measured_weight_g is None:
            return (Say.GATE_NOT_WEIGHED, (box.number,), (box.number, session.order_id))
        known = session.gate.get(box.number)
        if known is not None and known[1] is None and not known[0].passed:
            return _off(box.number, known[0])
    return None


def _off(number: int, check: WeightCheck) -> Said:
    """The banner of a box outside the tolerance, worded when drawn (a language switch)."""
    numbers = (
        lambda: weight_words(check.measured_g),
        lambda: weight_words(check.expected_g or 0),
        lambda: weight_words(check.allowed_g or 0),
    )
    return (Say.GATE_OFF, (lambda: gate_line(number, check),), numbers)
