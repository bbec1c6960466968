"""Boxes: which units of an order the packer put in which parcel, and the box types on the shelf.

A `Box` is one parcel of an order: its number, the box type it is (if the packer said), the
items in it as (SKU, quantity) and the weight the scale measured. What goes into a customs
declaration, a Return Portal Pro link or the packing slip follows the boxes, so the rules here
make sure every unit of the order is in exactly one box (`check_boxes`).

A `BoxType` is a carton the bench stocks: name, barcode (scanning it opens a box of this type),
inner dimensions in millimetres and tare weight in grams. `box_type_from_mapping` reads one
from settings (a JSON object) with plain-words errors.

Standard library only; every function is pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from packstation.domain.orders import MerchantOrder
from packstation.domain.packing import MAX_PARCEL_WEIGHT_G, MAX_PARCELS

#: Largest inner side of a box type the station accepts (3 m; carriers' limits are lower).
MAX_SIDE_MM = 3000


# --------------------------------------------------------------------------- box types


@dataclass(frozen=True, slots=True)
class BoxType:
    """A carton the bench stocks; dimensions are inside measures in mm, tare in grams."""

    name: str
    barcode: str | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    tare_g: int = 0

    def __post_init__(self) -> None:
        name = " ".join(self.name.split()) if isinstance(self.name, str) else ""
        if not name:
            raise ValueError("A box type needs a name.")
        object.__setattr__(self, "name", name)
        if self.barcode is not None:
            code = self.barcode.strip()
            if not code or any(not ch.isprintable() for ch in code):
                raise ValueError(f"The barcode of box type {name!r} must be printable text.")
            object.__setattr__(self, "barcode", code)
        sides = (self.length_mm, self.width_mm, self.height_mm)
        given = [s for s in sides if s is not None]
        if given and len(given) != 3:
            raise ValueError(
                f"Box type {name!r} needs all three inner dimensions (length, width, height) "
                "or none."
            )
        for side in given:
            if not _is_int(side) or not 1 <= side <= MAX_SIDE_MM:
                raise ValueError(
                    f"The inner dimensions of box type {name!r} must be whole millimetres "
                    f"from 1 to {MAX_SIDE_MM}, not {side!r}."
                )
        if not _is_int(self.tare_g) or not 0 <= self.tare_g <= MAX_PARCEL_WEIGHT_G:
            raise ValueError(
                f"The tare of box type {name!r} must be whole grams from 0 to "
                f"{MAX_PARCEL_WEIGHT_G}, not {self.tare_g!r}."
            )

    @property
    def dimensions_mm(self) -> tuple[int, int, int] | None:
        """(length, width, height) inside, or None when not recorded."""
        if self.length_mm is None or self.width_mm is None or self.height_mm is None:
            return None
        return (self.length_mm, self.width_mm, self.height_mm)

    @property
    def dimensions_cm(self) -> tuple[int, int, int] | None:
        """The inner dimensions rounded up to whole centimetres, as carrier APIs take them."""
        dims = self.dimensions_mm
        if dims is None:
            return None
        return (-(-dims[0] // 10), -(-dims[1] // 10), -(-dims[2] // 10))

    def matches(self, code: str) -> bool:
        """True when ``code`` (a scan's text) is this box type's barcode (case-insensitive)."""
        return self.barcode is not None and code.strip().casefold() == self.barcode.casefold()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_BOX_KEYS = ("name", "barcode", "length_mm", "width_mm", "height_mm", "tare_g")


def _whole(value: Any, what: str) -> int | None:
    if value is None or value == "":
        return None
    if _is_int(value):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    raise ValueError(f"{what} must be a whole number, not {value!r}.")


def box_type_from_mapping(data: Mapping[str, Any]) -> BoxType:
    """A box type from settings, e.g. ``{"name": "S", "barcode": "BOX-S", "length_mm": 250,
    "width_mm": 175, "height_mm": 100, "tare_g": 120}``; ValueError in plain words."""
    unknown = sorted(set(data) - set(_BOX_KEYS))
    if unknown:
        raise ValueError(
            f"A box type has unknown field(s) {', '.join(unknown)}; known are "
            f"{', '.join(_BOX_KEYS)}."
        )
    name = data.get("name")
    if not isinstance(name, str):
        raise ValueError(f"A box type needs a name (text), not {name!r}.")  # noqa: TRY004
    barcode = data.get("barcode")
    if barcode is not None and not isinstance(barcode, str):
        raise ValueError(f"The barcode of box type {name!r} must be text, not {barcode!r}.")
    return BoxType(
        name=name,
        barcode=barcode or None,
        length_mm=_whole(data.get("length_mm"), f"The length of box type {name!r}"),
        width_mm=_whole(data.get("width_mm"), f"The width of box type {name!r}"),
        height_mm=_whole(data.get("height_mm"), f"The height of box type {name!r}"),
        tare_g=_whole(data.get("tare_g"), f"The tare of box type {name!r}") or 0,
    )


def box_type_to_mapping(box_type: BoxType) -> dict[str, Any]:
    """The settings form of ``box_type`` (the inverse of `box_type_from_mapping`)."""
    return {
        "name": box_type.name,
        "barcode": box_type.barcode,
        "length_mm": box_type.length_mm,
        "width_mm": box_type.width_mm,
        "height_mm": box_type.height_mm,
        "tare_g": box_type.tare_g,
    }


def check_box_types(types: Sequence[BoxType]) -> tuple[BoxType, ...]:
    """The list as given, after checking that names and barcodes are unique."""
    names: set[str] = set()
    codes: set[str] = set()
    for box_type in types:
        key = box_type.name.casefold()
        if key in names:
            raise ValueError(f"Two box types are called {box_type.name!r}.")
        names.add(key)
        if box_type.barcode is not None:
            code = box_type.barcode.casefold()
            if code in codes:
                raise ValueError(f"Two box types have the barcode {box_type.barcode!r}.")
            codes.add(code)
    return tuple(types)


def box_type_for_code(types: Iterable[BoxType], code: str) -> BoxType | None:
    """The box type whose barcode ``code`` is, or None."""
    return next((t for t in types if t.matches(code)), None)


# --------------------------------------------------------------------------- boxes


@dataclass(frozen=True, slots=True)
class BoxItem:
    """``quantity`` units of ``sku`` in one box."""

    sku: str
    quantity: int

    def __post_init__(self) -> None:
        if not isinstance(self.sku, str) or not self.sku.strip():
            raise ValueError("A box item needs a SKU.")
        if not _is_int(self.quantity) or self.quantity < 1:
            raise ValueError(f"{self.sku}: a box holds at least 1 unit, not {self.quantity!r}.")


@dataclass(frozen=True, slots=True)
class Box:
    """Parcel ``number`` of an order: its type, its items and its measured weight (grams)."""

    number: int
    items: tuple[BoxItem, ...] = ()
    box_type: BoxType | None = None
    measured_weight_g: int | None = None

    def __post_init__(self) -> None:
        if not _is_int(self.number) or not 1 <= self.number <= MAX_PARCELS:
            raise ValueError(f"A box number must be 1 to {MAX_PARCELS}, not {self.number!r}.")
        skus = [item.sku for item in self.items]
        if len(set(skus)) != len(skus):
            raise ValueError(f"Box {self.number} lists a SKU twice; give each SKU once.")
        weight = self.measured_weight_g
        if weight is not None and (not _is_int(weight) or not 0 < weight <= MAX_PARCEL_WEIGHT_G):
            raise ValueError(
                f"Box {self.number} must weigh more than 0 g and at most "
                f"{MAX_PARCEL_WEIGHT_G} g, not {weight!r}."
            )

    @property
    def units(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def empty(self) -> bool:
        return not self.items

    def quantity(self, sku: str) -> int:
        """Units of ``sku`` in this box."""
        return next((i.quantity for i in self.items if i.sku == sku), 0)

    def counts(self) -> Counter[str]:
        return Counter({item.sku: item.quantity for item in self.items})

    def add(self, sku: str, quantity: int = 1) -> Box:
        """This box with ``quantity`` more units of ``sku`` (a new SKU goes last)."""
        if not _is_int(quantity) or quantity < 1:
            raise ValueError(f"Add at least 1 unit of {sku}, not {quantity!r}.")
        if any(i.sku == sku for i in self.items):
            items = tuple(
                BoxItem(i.sku, i.quantity + quantity) if i.sku == sku else i for i in self.items
            )
        else:
            items = (*self.items, BoxItem(sku, quantity))
        return replace(self, items=items)

    def remove(self, sku: str, quantity: int = 1) -> Box:
        """This box with ``quantity`` fewer units of ``sku``; ValueError if it holds fewer."""
        held = self.quantity(sku)
        if not _is_int(quantity) or quantity < 1 or quantity > held:
            raise ValueError(
                f"Box {self.number} holds {held} of {sku}; {quantity!r} cannot be taken out."
            )
        items = tuple(
            BoxItem(i.sku, i.quantity - quantity) if i.sku == sku else i
            for i in self.items
            if i.sku != sku or i.quantity > quantity
        )
        return replace(self, items=items)


def single_box(order: MerchantOrder, box_type: BoxType | None = None) -> tuple[Box, ...]:
    """The default: every unit of the order in box 1."""
    counts = order_counts(order)
    return (Box(1, tuple(BoxItem(sku, n) for sku, n in counts.items()), box_type),)


def order_counts(order: MerchantOrder) -> Counter[str]:
    """Units ordered per SKU (a SKU on two lines is added up), in line order."""
    counts: Counter[str] = Counter()
    for line in order.lines:
        if line.quantity > 0:
            counts[line.sku] += line.quantity
    return counts


def move_units(
    boxes: Sequence[Box], sku: str, source: int, target: int, quantity: int = 1
) -> tuple[Box, ...]:
    """Move ``quantity`` units of ``sku`` from box number ``source`` to box number ``target``.

    The target box may be new (the next number); ValueError in plain words otherwise.
    """
    numbers = [box.number for box in boxes]
    if source not in numbers:
        raise ValueError(f"There is no box {source}.")
    if target == source:
        raise ValueError(f"{sku} is already in box {target}.")
    result = list(boxes)
    if target not in numbers:
        if target != max(numbers, default=0) + 1:
            raise ValueError(f"There is no box {target}; the next new box is {max(numbers) + 1}.")
        result.append(Box(target))
    return tuple(
        box.remove(sku, quantity)
        if box.number == source
        else box.add(sku, quantity)
        if box.number == target
        else box
        for box in result
    )


def check_boxes(order: MerchantOrder, boxes: Sequence[Box]) -> list[str]:
    """What is wrong with ``boxes`` for ``order``, as plain sentences (empty when all is well).

    Boxes are numbered 1…N in order, none is empty, every SKU is in the order, and every unit
    ordered is in exactly one box.
    """
    problems: list[str] = []
    if not boxes:
        return [f"Order {order.order_id} has no box."]
    numbers = [box.number for box in boxes]
    if numbers != list(range(1, len(boxes) + 1)):
        problems.append(f"The boxes must be numbered 1 to {len(boxes)} in order, not {numbers}.")
    for box in boxes:
        if box.empty:
            problems.append(f"Box {box.number} is empty: put something in it or remove it.")
    ordered = order_counts(order)
    packed: Counter[str] = Counter()
    for box in boxes:
        packed.update(box.counts())
    for sku, count in packed.items():
        if sku not in ordered:
            where = ", ".join(str(b.number) for b in boxes if b.quantity(sku))
            problems.append(f"{sku} is not in order {order.order_id} (box {where}).")
        elif count > ordered[sku]:
            problems.append(
                f"{count} of {sku} are in the boxes, but order {order.order_id} has {ordered[sku]}."
            )
    for sku, count in ordered.items():
        if packed[sku] < count:
            problems.append(f"{count - packed[sku]} of {count} {sku} are in no box yet.")
    return problems


# --------------------------------------------------------------------------- --box SKU:QTY


def parse_box_spec(text: str) -> tuple[BoxItem, ...]:
    """The items of one ``--box SKU[:QTY][,SKU[:QTY]…]`` argument; ValueError in plain words.

    A SKU named twice is added up (``A:1,A:2`` is three of A).
    """
    counts: Counter[str] = Counter()
    parts = [p.strip() for p in text.split(",")]
    if not any(parts):
        raise ValueError("A box needs at least one SKU, e.g. --box LAMP-01:1,MAT-02:2.")
    for part in parts:
        if not part:
            raise ValueError(f"{text!r} has an empty entry between commas.")
        sku, colon, qty = part.rpartition(":")
        if not colon:
            sku, qty = part, "1"
        sku = sku.strip()
        if not sku:
            raise ValueError(f"{part!r} names no SKU before the colon.")
        if not re.fullmatch(r"\s*\d+\s*", qty) or int(qty) < 1:
            raise ValueError(f"{part!r}: the quantity after the colon must be 1 or more.")
        counts[sku] += int(qty)
    return tuple(BoxItem(sku, n) for sku, n in counts.items())


def boxes_from_specs(
    specs: Sequence[str], weights_g: Sequence[int] | None = None
) -> tuple[Box, ...]:
    """Boxes 1…N from one spec per box (and measured weights in the same order)."""
    if not specs:
        raise ValueError("No --box was given.")
    if len(specs) > MAX_PARCELS:
        raise ValueError(f"At most {MAX_PARCELS} boxes, not {len(specs)}.")
    if weights_g is not None and len(weights_g) != len(specs):
        raise ValueError(f"{len(weights_g)} weights were given for {len(specs)} boxes.")
    return tuple(
        Box(
            number,
            parse_box_spec(spec),
            measured_weight_g=weights_g[number - 1] if weights_g is not None else None,
        )
        for number, spec in enumerate(specs, start=1)
    )


# --------------------------------------------------------------------------- boxes → order lines


def line_units_by_box(order: MerchantOrder, boxes: Sequence[Box]) -> dict[int, dict[int, int]]:
    """Which units of which order line are in which box: ``{box number: {line index: qty}}``.

    The same shape as the customs service's guess (``customs_declaration.allocate_units``),
    but from what the packer put in each box. A SKU on several lines fills its lines in order,
    box by box. ValueError with `check_boxes`'s sentences unless the boxes hold the order.
    """
    problems = check_boxes(order, boxes)
    if problems:
        raise ValueError(" ".join(problems))
    open_lines: dict[str, list[list[int]]] = {}
    for index, line in enumerate(order.lines):
        if line.quantity > 0:
            open_lines.setdefault(line.sku, []).append([index, line.quantity])
    result: dict[int, dict[int, int]] = {}
    for box in boxes:
        lines: dict[int, int] = {}
        for item in box.items:
            wanted = item.quantity
            for slot in open_lines[item.sku]:
                take = min(wanted, slot[1])
                if take:
                    lines[slot[0]] = lines.get(slot[0], 0) + take
                    slot[1] -= take
                    wanted -= take
                if not wanted:
                    break
        result[box.number] = dict(sorted(lines.items()))
    return result


# --------------------------------------------------------------------------- journal form


def boxes_to_plain(boxes: Sequence[Box]) -> list[dict[str, Any]]:
    """The journal's record of the boxes (JSON-ready): number, type, items, measured weight."""
    return [
        {
            "number": box.number,
            "box_type": box_type_to_mapping(box.box_type) if box.box_type is not None else None,
            "items": [{"sku": item.sku, "quantity": item.quantity} for item in box.items],
            "measured_weight_g": box.measured_weight_g,
        }
        for box in boxes
    ]


def _record_error(message: str) -> ValueError:
    return ValueError(message)


def boxes_from_plain(data: Any) -> tuple[Box, ...]:
    """The boxes back from `boxes_to_plain`'s form (a reprint of the slip from the journal);
    ValueError in plain words for a record that is not of that form."""
    if not isinstance(data, list):
        raise ValueError(f"The boxes record must be a list, not {type(data).__name__}.")  # noqa: TRY004
    boxes: list[Box] = []
    for entry in data:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("items"), list):
            raise _record_error(f"A box record needs a number and a list of items: {entry!r}.")
        kind = entry.get("box_type")
        items = []
        for item in entry["items"]:
            if not isinstance(item, Mapping):
                raise _record_error(
                    f"A box item must be an object with sku and quantity: {item!r}."
                )
            items.append(BoxItem(item.get("sku"), item.get("quantity")))  # type: ignore[arg-type]
        boxes.append(
            Box(
                number=entry.get("number"),  # type: ignore[arg-type]
                items=tuple(items),
                box_type=box_type_from_mapping(kind) if isinstance(kind, Mapping) else None,
                measured_weight_g=entry.get("measured_weight_g"),
            )
        )
    return tuple(boxes)
