"""FolderOrderSource on real temporary folders: file kinds, bad files, duplicates, the cache."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from packstation.adapters.order_source_folder import FolderOrderSource
from packstation.adapters.order_source_wire import validate_order
from packstation.domain.orders import OrderNotInSource, OrderSourceError
from packstation.sandbox.demo import orders_dir
from tests.order_documents import a_document, csv_text, order_csv_rows

REPO = Path(__file__).resolve().parents[2]


def write_json(path: Path, payload: Any) -> Path:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_csv(path: Path, *orders: dict[str, Any], delimiter: str = ";", bom: bool = True) -> Path:
    rows = [row for doc in orders for row in order_csv_rows(validate_order(doc))]
    text = csv_text(rows, delimiter=delimiter)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def touch_later(path: Path, seconds: float = 10.0) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + int(seconds * 1e9)))


@pytest.mark.asyncio
async def test_every_kind_of_export_file(tmp_path: Path) -> None:
    write_json(tmp_path / "A1.json", a_document("A1"))
    write_json(tmp_path / "batch.json", [a_document("A2"), a_document("A3")])
    write_json(tmp_path / "wrapped.JSON", {"orders": [a_document("A4")], "exported": "today"})
    two_lines = a_document("A5")
    write_csv(tmp_path / "orders.csv", two_lines, a_document("A6"))
    (tmp_path / "notes.txt").write_text("not an export", encoding="utf-8")
    (tmp_path / "~$orders.csv").write_text("locked by Excel", encoding="utf-8")
    (tmp_path / "old").mkdir()
    write_json(tmp_path / "old" / "A9.json", a_document("A9"))

    source = FolderOrderSource(tmp_path)
    listing = await source.list_orders()
    assert listing.problems == ()
    assert [o.order_id for o in listing.orders] == ["A1", "A2", "A3", "A4", "A5", "A6"]
    a5 = await source.get_order("A5")
    assert [line.sku for line in a5.lines] == ["SKU-TSHIRT-M", "SKU-MUG-WHT"]
    assert a5 == validate_order({**two_lines, "tags": {}})  # CSV has no tags column
    with pytest.raises(OrderNotInSource) as caught:
        await source.get_order("A9")
    assert caught.value.location == str(tmp_path)
    assert caught.value.message == "Order A9 is not in the export folder"


@pytest.mark.asyncio
async def test_comma_csv_without_bom(tmp_path: Path) -> None:
    write_csv(tmp_path / "o.csv", a_document("C1"), delimiter=",", bom=False)
    assert (await FolderOrderSource(tmp_path).get_order("C1")).recipient.city == "Berlin"


@pytest.mark.asyncio
async def test_bad_files_never_stop_the_others(tmp_path: Path) -> None:
    write_json(tmp_path / "A1.json", a_document("A1"))
    (tmp_path / "A2.json").write_text('{"order_id": "A2", "items": [', encoding="utf-8")
    bad = a_document("A3")
    bad["items"][1]["quantity"] = "two"
    write_json(tmp_path / "A3.json", bad)
    (tmp_path / "legacy.csv").write_bytes("order_id;name\nA4;Mütze\n".encode("cp1252"))
    write_csv(tmp_path / "day.csv", a_document("A5"), a_document("A6"))
    day = (tmp_path / "day.csv").read_text(encoding="utf-8-sig").splitlines()
    day[4] = day[4].replace(";Ceramic mug, white;1;", ";Ceramic mug, white;none;")
    (tmp_path / "day.csv").write_text("\n".join(day) + "\n", encoding="utf-8")

    source = FolderOrderSource(tmp_path)
    listing = await source.list_orders()
    assert [o.order_id for o in listing.orders] == ["A1", "A5"]
    assert sorted(str(p) for p in listing.problems) == [
        "A2.json line 1 column 30: is not valid JSON (Expecting value)",
        "A3.json: items[1].quantity: must be a whole number of at least 1, got 'two'",
        "day.csv line 5: quantity: must be a whole number of at least 1, got 'none'",
        "legacy.csv line 2: is not UTF-8 text (byte 0xFC cannot be read); "
        "export or save the file as UTF-8",
    ]
    assert (await source.get_order("A1")).order_id == "A1"
    with pytest.raises(OrderSourceError) as caught:
        await source.get_order("A2")  # its only file is broken: that file's error
    assert str(caught.value) == "A2.json line 1 column 30: is not valid JSON (Expecting value)"
    with pytest.raises(OrderSourceError) as caught:
        await source.get_order("A3")
    assert caught.value.location == "A3.json: items[1].quantity"
    assert not isinstance(caught.value, OrderNotInSource)
    with pytest.raises(OrderSourceError, match=r"day\.csv line 5: quantity"):
        await source.get_order("A6")
    with pytest.raises(OrderNotInSource) as missing:
        await source.get_order("A77")
    assert missing.value.message == (
        "Order A77 is not in the export folder (2 files there could not be read: "
        "A2.json, legacy.csv)"
    )


@pytest.mark.asyncio
async def test_an_order_in_two_files_names_both(tmp_path: Path) -> None:
    write_json(tmp_path / "A1.json", a_document("A1"))
    write_csv(tmp_path / "today.csv", a_document("A1"), a_document("A2"))
    source = FolderOrderSource(tmp_path)
    with pytest.raises(OrderSourceError) as caught:
        await source.get_order("A1")
    assert caught.value.location == "A1.json and today.csv line 2"
    assert caught.value.message == "order A1 is there 2 times; it must be in one place only"
    listing = await source.list_orders()
    assert [o.order_id for o in listing.orders] == ["A2"]
    assert [str(p) for p in listing.problems] == [str(caught.value)]
    (tmp_path / "A1.json").unlink()
    assert (await source.get_order("A1")).order_id == "A1"


@pytest.mark.asyncio
async def test_unchanged_files_are_not_read_again(tmp_path: Path) -> None:
    for n in range(5):
        write_json(tmp_path / f"A{n}.json", a_document(f"A{n}"))
    source = FolderOrderSource(tmp_path)
    assert len((await source.list_orders()).orders) == 5
    assert source.files_read == 5
    await source.get_order("A3")
    await source.list_orders()
    assert source.files_read == 5

    changed = a_document("A3")
    changed["recipient"]["city"] = "Bonn.."  # same size as "Berlin"
    path = write_json(tmp_path / "A3.json", changed)
    touch_later(path)
    assert (await source.get_order("A3")).recipient.city == "Bonn.."
    assert source.files_read == 6

    write_json(tmp_path / "A9.json", a_document("A9"))
    (tmp_path / "A0.json").unlink()
    listing = await source.list_orders()
    assert [o.order_id for o in listing.orders] == ["A1", "A2", "A3", "A4", "A9"]
    assert source.files_read == 7


@pytest.mark.asyncio
async def test_a_fixed_file_is_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "A1.json"
    path.write_text('{"order_id": "A1", ', encoding="utf-8")
    source = FolderOrderSource(tmp_path)
    with pytest.raises(OrderSourceError, match="not valid JSON"):
        await source.get_order("A1")
    write_json(path, a_document("A1"))
    touch_later(path)
    assert (await source.get_order("A1")).order_id == "A1"
    assert (await source.list_orders()).problems == ()


@pytest.mark.asyncio
async def test_a_missing_folder_is_reported_until_it_appears(tmp_path: Path) -> None:
    folder = tmp_path / "share" / "orders"
    source = FolderOrderSource(folder)
    with pytest.raises(OrderSourceError) as caught:
        await source.list_orders()
    assert caught.value.location == str(folder)
    assert "does not exist" in caught.value.message
    with pytest.raises(OrderSourceError, match="does not exist"):
        await source.get_order("A1")
    folder.mkdir(parents=True)
    write_json(folder / "A1.json", a_document("A1"))
    assert (await source.get_order("A1")).order_id == "A1"


@pytest.mark.asyncio
async def test_concurrent_lookups(tmp_path: Path) -> None:
    for n in range(50):
        write_json(tmp_path / f"A{n}.json", a_document(f"A{n}"))
    source = FolderOrderSource(tmp_path)
    found = await asyncio.gather(*(source.get_order(f"A{n}") for n in range(50)))
    assert [o.order_id for o in found] == [f"A{n}" for n in range(50)]
    assert source.files_read == 50


@pytest.mark.asyncio
async def test_the_sandbox_export_folder_loads_without_problems(tmp_path: Path) -> None:
    listing = await FolderOrderSource(orders_dir()).list_orders()
    assert listing.problems == ()
    assert [o.order_id for o in listing.orders] == [f"A{n}" for n in range(100, 113)]
    by_id = {o.order_id: o for o in listing.orders}
    assert by_id["A104"].pudo_id == "004694"
    assert by_id["A102"].parcels == 3
    assert len(by_id["A112"].lines) == 6


@pytest.mark.asyncio
async def test_the_documented_examples_load(tmp_path: Path) -> None:
    examples = REPO / "docs" / "examples"
    for path in examples.iterdir():
        shutil.copy(path, tmp_path / path.name)
    listing = await FolderOrderSource(tmp_path).list_orders()
    assert listing.problems == ()
    assert len(listing.orders) >= 4
    multi_line = [o for o in listing.orders if len(o.lines) > 1]
    assert multi_line, "the examples should show a multi-line order"


@pytest.mark.asyncio
async def test_two_thousand_files_are_read_once(tmp_path: Path) -> None:
    # how fast is for a benchmark; what matters here is that nothing is read twice
    document = a_document("X")
    for n in range(2000):
        document["order_id"] = f"B{n:05d}"
        write_json(tmp_path / f"B{n:05d}.json", document)
    source = FolderOrderSource(tmp_path)
    assert len((await source.list_orders()).orders) == 2000
    for n in (0, 999, 1999, 1234, 5):
        assert (await source.get_order(f"B{n:05d}")).order_id == f"B{n:05d}"
    assert source.files_read == 2000
    document["order_id"] = "B00007"
    document["order_url"] = "https://shop.example/changed"
    write_json(tmp_path / "B00007.json", document)
    os.utime(tmp_path / "B00007.json", ns=(1, 1))
    assert (await source.get_order("B00007")).order_url == "https://shop.example/changed"
    assert source.files_read == 2001


@pytest.mark.asyncio
async def test_deeply_nested_json_is_a_problem_of_that_file(tmp_path: Path) -> None:
    write_json(tmp_path / "A1.json", a_document("A1"))
    (tmp_path / "A2.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    listing = await FolderOrderSource(tmp_path).list_orders()
    assert [o.order_id for o in listing.orders] == ["A1"]
    assert [str(p) for p in listing.problems] == ["A2.json: is nested too deeply to read"]
