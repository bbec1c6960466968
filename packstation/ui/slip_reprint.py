"""The packing slip printed again from the window (Ctrl+P, or the SLIP command barcode).

The dialog asks which order (the last one finished is filled in; a scan of the order barcode
replaces it); the packing service makes the slip again from the journal — the order as it was
packed and its boxes — files it and prints it on the document printer (``reprint_slip``, the
journal records it). Only a finished order has a slip to print again; the words for every
outcome come from the wording table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from packstation.services.packing import SlipNotReady
from packstation.ui.box_moves import Said
from packstation.ui.dialogs import _BenchDialog
from packstation.ui.pack_wording import Say
from packstation.ui.service_words import described

if TYPE_CHECKING:  # types only: the window's first frame needs none of the services
    from packstation.services.packing import PackingService


async def reprint_slip(service: PackingService, order_id: str) -> Said:
    """Print the packing slip of ``order_id`` again and say how it went."""
    order_id = order_id.strip()
    if not order_id:
        return (Say.NOTHING_TO_REPRINT, (), ())
    try:
        made = await service.reprint_slip(order_id)
    except SlipNotReady:
        return (Say.SLIP_NOT_FINISHED, (order_id,), ())
    except LookupError:
        return (Say.SLIP_UNKNOWN_ORDER, (order_id,), ())
    if made.path is None:
        why = made.error if made.error is not None else Exception()
        return (Say.SLIP_NOT_MADE, (order_id,), (described(why),))
    if made.printed:
        return (Say.SLIP_PRINTED, (order_id,), (made.path,))
    if made.printer is None:
        return (Say.SLIP_FILED, (order_id,), (made.path,))
    return (Say.SLIP_NOT_PRINTED, (order_id,), (made.printer, made.path))


class SlipDialog(_BenchDialog):
    """Which order's packing slip to print again (a scan of its barcode fills it in).

    Signals:
        slip_asked(str): the order number, never empty.
    """

    slip_asked = Signal(str)

    def __init__(self, order_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Packing slip"))
        self.prompt.setText(self.tr("Print the packing slip of a finished order again"))
        form = QFormLayout()
        self.order = QLineEdit(order_id)
        self.order.setStyleSheet("font-size: 22px;")
        self.order.setPlaceholderText(self.tr("Scan or type the order number"))
        form.addRow(self.tr("Order"), self.order)
        self.layout_.addLayout(form)
        self.order.textChanged.connect(lambda _t: self._update_ok())
        self.accepted.connect(lambda: self.slip_asked.emit(self.order.text().strip()))
        self.finish_layout()
        self.order.setFocus()
        self.order.selectAll()

    def complete(self) -> bool:
        return bool(self.order.text().strip())

    def take_scan(self, code: str) -> bool:
        self.order.setText(code.strip())
        return True
