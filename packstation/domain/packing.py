"""The packing rules: which scans count as items of the order, and how parcels are planned.

Every expected event at the bench (a wrong item, one too many, an unknown code, an order that
may not be packed) is a value here, not an exception, so the screen can beep and carry on.
Standard library only; every function is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from packstation.domain.barcodes import (
    CodeKind,
    Scan,
    display_code,
    pack_units,
    same_product,
    undeclared_pack_of,
)
from packstation.domain.orders import MerchantOrder, OrderLine
from packstation.domain.refusals import Refusal, RefusalKind
from packstation.domain.shipping import OrderState


class ScanOutcome(StrEnum):
    """What one item scan did to the order being packed."""

    ACCEPTED = "accepted"  # one more unit of a line; the line still needs more
    LINE_COMPLETE = "line_complete"  # the line now has all its units
    ORDER_COMPLETE = "order_complete"  # the last unit of the order
    WRONG_ITEM = "wrong_item"  # a product that is not in this order
    OVER_SCAN = "over_scan"  # one more than ordered
    UNKNOWN_CODE = "unknown_code"  # not an item code at all (or unreadable)
    NOT_PACKABLE = "not_packable"  # the order may not be packed (set by the session)


class NotPackableReason(StrEnum):
    """Why an order may not be packed."""

    ALREADY_SHIPPED = "already_shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    REFUNDED = "refunded"
    UNKNOWN_ORDER = "unknown_order"


_NOT_PACKABLE_STATES: dict[str, NotPackableReason] = {
    OrderState.SHIPPED.value: NotPackableReason.ALREADY_SHIPPED,
    OrderState.COMPLETED.value: NotPackableReason.COMPLETED,
    OrderState.CANCELLED.value: NotPackableReason.CANCELLED,
    OrderState.RETURNED.value: NotPackableReason.RETURNED,
    OrderState.REFUNDED.value: NotPackableReason.REFUNDED,
}

_NOT_PACKABLE_TEXT: dict[NotPackableReason, str] = {
    NotPackableReason.ALREADY_SHIPPED: "has already been shipped",
    NotPackableReason.COMPLETED: "is already completed",
    NotPackableReason.CANCELLED: "was cancelled",
    NotPackableReason.RETURNED: "was returned",
    NotPackableReason.REFUNDED: "was refunded",
    NotPackableReason.UNKNOWN_ORDER: "is not known to the merchant or to Seven Senders",
}


def packability(seven_senders_state: str | None) -> NotPackableReason | None:
    """Why an order in this 7S state may not be packed, or None when it may.

    ``None`` (no order at 7S yet) is packable here: the session decides whether the merchant
    knows the order. States 7S may add later are packable too.
    """
    if seven_senders_state is None:
        return None
    return _NOT_PACKABLE_STATES.get(seven_senders_state.strip().lower())


def not_packable_message(order_id: str, reason: NotPackableReason) -> str:
    """A plain sentence for logs and the command line, e.g. "Order A100 was cancelled."."""
    return f"Order {order_id} {_NOT_PACKABLE_TEXT[reason]} and cannot be packed."


# --------------------------------------------------------------------------- item scans


@dataclass(frozen=True, slots=True)
class ScanResult:
    """The outcome of one scan against the order being packed.

    ``code`` is the scanned code as it may be shown (control characters escaped); ``message``
    is a plain English sentence for logs and the command line (the GUI words it by
    ``outcome``); ``expected`` lists the SKUs still open after this scan. ``pack_units`` is
    set when the code was an outer pack (counted or refused as a whole).
    """

    outcome: ScanOutcome
    code: str
    order_id: str
    line_index: int | None = None
    sku: str | None = None
    message: str = ""
    expected: tuple[str, ...] = ()
    pack_units: int | None = None

    @property
    def counted(self) -> bool:
        """True when the scan packed units (one, or a whole pack)."""
        return self.outcome in _COUNTED

    @property
    def units(self) -> int:
        """Units this scan packed: 0, 1, or the pack's size."""
        if not self.counted:
            return 0
        return self.pack_units or 1


_COUNTED = frozenset({ScanOutcome.ACCEPTED, ScanOutcome.LINE_COMPLETE, ScanOutcome.ORDER_COMPLETE})


def _units(line: OrderLine) -> int:
    return max(line.quantity, 0)


@dataclass(frozen=True, slots=True)
class PackingProgress:
    """How many units of each line of ``order`` have been scanned into the box."""

    order: MerchantOrder
    scanned: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.scanned) != len(self.order.lines):
            raise ValueError(
                f"Progress has {len(self.scanned)} counts for {len(self.order.lines)} lines."
            )
        for line, count in zip(self.order.lines, self.scanned, strict=True):
            if not 0 <= count <= _units(line):
                raise ValueError(f"{count} scanned of {line.sku} is outside 0…{_units(line)}.")

    @classmethod
    def start(cls, order: MerchantOrder) -> PackingProgress:
        """Nothing scanned yet."""
        return cls(order=order, scanned=(0,) * len(order.lines))

    # ----------------------------------------------------------------- queries

    @property
    def complete(self) -> bool:
        """True when every line has all its units."""
        return all(
            count >= _units(line)
            for line, count in zip(self.order.lines, self.scanned, strict=True)
        )

    @property
    def units_total(self) -> int:
        return sum(_units(line) for line in self.order.lines)

    @property
    def units_scanned(self) -> int:
        return sum(self.scanned)

    @property
    def remaining(self) -> tuple[tuple[OrderLine, int], ...]:
        """Open lines with how many units each still needs, in order."""
        return tuple(
            (line, _units(line) - count)
            for line, count in zip(self.order.lines, self.scanned, strict=True)
            if count < _units(line)
        )

    @property
    def expected(self) -> tuple[str, ...]:
        """SKUs still open, in line order, each once."""
        return tuple(dict.fromkeys(line.sku for line, _ in self.remaining))

    def line_state(self, index: int) -> str:
        """ "open" (nothing scanned), "partial" or "done" for line ``index``."""
        count, needed = self.scanned[index], _units(self.order.lines[index])
        if count >= needed:
            return "done"
        return "partial" if count else "open"

    # ----------------------------------------------------------------- updates

    def skip_all(self) -> PackingProgress:
        """Every unit counted without scanning (station policy: skip verification)."""
        return replace(self, scanned=tuple(_units(line) for line in self.order.lines))

    def apply(self, scan: Scan) -> tuple[PackingProgress, ScanResult]:
        """Count ``scan`` against the order; returns the new progress and what happened.

        Products, GS1 strings and text are matched to lines with `same_product`; the first
        open matching line takes the unit. A code whose lines are all complete is an
        over-scan. An outer pack of a line (`pack_units`) counts its units at once, spread
        over the product's open lines in order, or is an over-scan as a whole when fewer
        units are open than it holds. An outer pack whose size the order does not declare
        (a GTIN-14 with packaging indicator 1–8) is refused as WRONG_ITEM with a sentence
        saying so. Nothing matching: WRONG_ITEM for codes that name a product (a GTIN),
        UNKNOWN_CODE for anything else. Order, command and unreadable scans are not items
        (UNKNOWN_CODE), unless their text is exactly a line's SKU: SKUs such as ``B1234``
        may look like order ids or like GTINs with a bad check digit. Progress never changes
        unless a unit is counted.
        """
        code = display_code(scan.value or scan.raw)
        if scan.kind is CodeKind.COMMAND:
            return self._unchanged(
                ScanOutcome.UNKNOWN_CODE, code, f"{code} is a command barcode, not an item."
            )
        matching = [i for i, line in enumerate(self.order.lines) if same_product(scan, line)]
        if not matching:
            return self._apply_no_unit(scan, code)
        return self._apply_unit(code, matching)

    def _apply_unit(self, code: str, matching: Sequence[int]) -> tuple[PackingProgress, ScanResult]:
        """Count one unit on the first open line of ``matching``; an over-scan if none is open."""
        order_id = self.order.order_id
        open_index = next(
            (i for i in matching if self.scanned[i] < _units(self.order.lines[i])), None
        )
        if open_index is None:
            index = matching[0]
            line = self.order.lines[index]
            ordered = sum(_units(self.order.lines[i]) for i in matching)
            return self._unchanged(
                ScanOutcome.OVER_SCAN,
                code,
                f"One {line.sku} too many: order {order_id} has {ordered} and all are packed.",
                index=index,
                sku=line.sku,
            )
        counts = list(self.scanned)
        counts[open_index] += 1
        line = self.order.lines[open_index]
        progress_text = f"{counts[open_index]} of {_units(line)}"
        after = replace(self, scanned=tuple(counts))
        return after._counted(code, open_index, line.sku, progress_text)

    def _apply_no_unit(self, scan: Scan, code: str) -> tuple[PackingProgress, ScanResult]:
        """A scan that is no line's product: an outer pack of a line, or refused with why."""
        order_id = self.order.order_id
        packs = [
            (i, units)
            for i, line in enumerate(self.order.lines)
            if (units := pack_units(scan, line)) is not None
        ]
        if packs:
            return self._apply_pack(code, packs)
        undeclared = next(
            (
                (line, indicator)
                for line in self.order.lines
                if (indicator := undeclared_pack_of(scan, line)) is not None
            ),
            None,
        )
        if undeclared is not None:
            line, indicator = undeclared
            return self._unchanged(
                ScanOutcome.WRONG_ITEM,
                code,
                f"{code} is an outer pack of {line.sku} (packaging indicator {indicator}) "
                f"whose size order {order_id} does not give: scan the single items, or add "
                "the pack barcode with its number of units to the order data.",
                sku=line.sku,
            )
        if scan.kind is CodeKind.INVALID:
            message = scan.error or f"{code} cannot be read."
            return self._unchanged(ScanOutcome.UNKNOWN_CODE, code, message)
        if scan.kind is CodeKind.ORDER:
            message = f"{code} is an order barcode, not an item of order {order_id}."
            return self._unchanged(ScanOutcome.UNKNOWN_CODE, code, message)
        if scan.looks_like_product:
            return self._unchanged(
                ScanOutcome.WRONG_ITEM,
                code,
                f"{code} is not in order {order_id} ({self._expected_text()}).",
            )
        return self._unchanged(
            ScanOutcome.UNKNOWN_CODE,
            code,
            f"{code} is not an item of order {order_id} ({self._expected_text()}).",
        )

    def _apply_pack(
        self, code: str, packs: Sequence[tuple[int, int]]
    ) -> tuple[PackingProgress, ScanResult]:
        """Count a whole outer pack of ``size`` units over the lines that know it, or none."""
        order_id = self.order.order_id
        first_index, size = packs[0]
        indexes = [i for i, units in packs if units == size]
        sku = self.order.lines[first_index].sku
        open_units = sum(_units(self.order.lines[i]) - self.scanned[i] for i in indexes)
        if size > open_units:
            if open_units == 0:
                ordered = sum(_units(self.order.lines[i]) for i in indexes)
                message = (
                    f"A pack of {size} {sku} is too many: order {order_id} has {ordered} "
                    "and all are packed."
                )
            else:
                message = (
                    f"{code} is a pack of {size} {sku}, but only {open_units} "
                    f"{'is' if open_units == 1 else 'are'} still open in order {order_id}: "
                    "open the pack and scan the single items."
                )
            return self._unchanged(
                ScanOutcome.OVER_SCAN, code, message, index=first_index, sku=sku, pack=size
            )
        counts = list(self.scanned)
        left = size
        last = first_index
        for i in indexes:
            take = min(left, _units(self.order.lines[i]) - counts[i])
            if take > 0:
                counts[i] += take
                left -= take
                last = i
        after = replace(self, scanned=tuple(counts))
        packed = sum(counts[i] for i in indexes)
        ordered = sum(_units(self.order.lines[i]) for i in indexes)
        progress_text = f"pack of {size}; {packed} of {ordered}"
        return after._counted(code, last, sku, progress_text, pack=size)

    def _counted(
        self, code: str, index: int, sku: str, progress_text: str, *, pack: int | None = None
    ) -> tuple[PackingProgress, ScanResult]:
        """This progress (the units just counted) and the result: accepted, line or order done."""
        order_id = self.order.order_id
        if self.complete:
            outcome = ScanOutcome.ORDER_COMPLETE
            message = f"{sku} packed ({progress_text}); order {order_id} is complete."
        elif self.line_state(index) == "done":
            outcome = ScanOutcome.LINE_COMPLETE
            message = f"{sku} complete ({progress_text})."
        else:
            outcome = ScanOutcome.ACCEPTED
            message = f"{sku} accepted ({progress_text})."
        result = ScanResult(
            outcome=outcome,
            code=code,
            order_id=order_id,
            line_index=index,
            sku=sku,
            message=message,
            expected=self.expected,
            pack_units=pack,
        )
        return self, result

    def _expected_text(self) -> str:
        expected = self.expected
        return f"expected: {', '.join(expected)}" if expected else "nothing left to pack"

    def _unchanged(
        self,
        outcome: ScanOutcome,
        code: str,
        message: str,
        *,
        index: int | None = None,
        sku: str | None = None,
        pack: int | None = None,
    ) -> tuple[PackingProgress, ScanResult]:
        result = ScanResult(
            outcome=outcome,
            code=code,
            order_id=self.order.order_id,
            line_index=index,
            sku=sku,
            message=message,
            expected=self.expected,
            pack_units=pack,
        )
        return self, result


def find_line(scan: Scan, lines: Iterable[OrderLine]) -> OrderLine | None:
    """The first line whose product ``scan`` names (by SKU or GTIN), if any.

    Used to name a wrong item by the order it belongs to: a product scanned at the wrong
    bench is usually a line of another open order.
    """
    return next((line for line in lines if same_product(scan, line)), None)


# --------------------------------------------------------------------------- parcels

#: Most parcels one order may be split into at the bench.
MAX_PARCELS = 99
#: Heaviest parcel the station accepts (grams); carriers' parcel limits end at 31.5–70 kg.
MAX_PARCEL_WEIGHT_G = 70_000


def parcel_text(number: int, count: int) -> str:
    """ "parcel 2 of 3"."""
    return f"parcel {number} of {count}"


@dataclass(frozen=True, slots=True)
class Parcel:
    """Parcel ``number`` of ``count`` for one order, with its weight in grams if known."""

    number: int
    count: int
    weight_g: int | None

    def __post_init__(self) -> None:
        _check_count(self.count)
        if not 1 <= self.number <= self.count:
            raise ValueError(f"Parcel number {self.number} is outside 1…{self.count}.")
        if self.weight_g is not None:
            _check_weight(self.weight_g, self.number)

    @property
    def text(self) -> str:
        """ "parcel 2 of 3"."""
        return parcel_text(self.number, self.count)

    @property
    def is_last(self) -> bool:
        return self.number == self.count


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_count(count: int) -> None:
    if not _is_int(count) or not 1 <= count <= MAX_PARCELS:
        raise Refusal(
            RefusalKind.PARCEL_COUNT,
            f"The number of parcels must be 1 to {MAX_PARCELS}, not {count!r}.",
            most=MAX_PARCELS,
        )


def _check_weight(weight_g: int, parcel: int) -> None:
    what = f"Parcel {parcel}"
    if not _is_int(weight_g) or weight_g <= 0:
        raise Refusal(
            RefusalKind.PARCEL_TOO_LIGHT,
            f"{what} must weigh more than 0 g, not {weight_g!r}.",
            parcel=parcel,
        )
    if weight_g > MAX_PARCEL_WEIGHT_G:
        raise Refusal(
            RefusalKind.PARCEL_TOO_HEAVY,
            f"{what} would weigh {weight_g} g; a parcel may weigh at most "
            f"{MAX_PARCEL_WEIGHT_G} g ({MAX_PARCEL_WEIGHT_G // 1000} kg).",
            parcel=parcel,
            grams=weight_g,
            most=MAX_PARCEL_WEIGHT_G,
        )


def plan_parcels(
    count: int,
    weights_g: Sequence[int] | None = None,
    total_weight_g: int | None = None,
) -> tuple[Parcel, ...]:
    """The parcels of one order: ``count`` parcels with their weights.

    Explicit ``weights_g`` (one per parcel) win; otherwise ``total_weight_g`` is split
    evenly, the remainder going to the last parcel; otherwise weights are None. Raises
    ValueError with a plain message for counts outside 1–99 and weights outside 1 g–70 kg.
    """
    _check_count(count)
    if weights_g is not None:
        weights = list(weights_g)
        if len(weights) != count:
            raise Refusal(
                RefusalKind.WEIGHTS_FOR_PARCELS,
                f"{len(weights)} weights were given for {count} parcels.",
                weights=len(weights),
                count=count,
            )
        for number, weight in enumerate(weights, start=1):
            _check_weight(weight, number)
        return tuple(
            Parcel(number=n, count=count, weight_g=w) for n, w in enumerate(weights, start=1)
        )
    if total_weight_g is None:
        return tuple(Parcel(number=n, count=count, weight_g=None) for n in range(1, count + 1))
    if not _is_int(total_weight_g) or total_weight_g < count:
        raise Refusal(
            RefusalKind.WEIGHT_NOT_SPLIT,
            f"A total of {total_weight_g!r} g cannot be split into {count} parcels "
            "of at least 1 g each.",
            grams=str(total_weight_g),
            count=count,
        )
    share, rest = divmod(total_weight_g, count)
    split = [share] * count
    split[-1] += rest
    _check_weight(split[-1], count)
    return tuple(Parcel(number=n, count=count, weight_g=w) for n, w in enumerate(split, start=1))
