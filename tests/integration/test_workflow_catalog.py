"""Return Portal Pro catalog sync against the sandbox: 200 products with images created, 10
changed, 5 deleted, and a second run that sends nothing (counted in the sandbox's request log);
bad rows and bad images reported without stopping the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from packstation.adapters.catalog_file import images_folder, load_catalog
from packstation.domain.notes import NoteKind
from packstation.sandbox import SandboxServer
from tests.integration.conftest import run_json
from tests.integration.workflow_support import bench, environ
from tests.workflow_data import catalog_rows, jpeg_header, png, write_catalog, write_images


def calls(sandbox: SandboxServer) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sandbox.control.requests()]


def test_sync_200_products_change_10_delete_5_then_nothing(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    env = environ(sandbox, tmp_path)
    rows = catalog_rows(200)
    export = write_catalog(tmp_path, rows)
    images = tmp_path / "images"
    write_images(images, rows)
    demo_skus = set(sandbox.state.products)

    code, first, _ = run_json("catalog", "sync", str(export), "--images", str(images), env=env)
    assert code == 0, first
    assert first["counts"]["created"] == 200
    assert first["counts"]["images_uploaded"] == 200
    with sandbox.state.lock:
        made = {sku: p for sku, p in sandbox.state.products.items() if sku.startswith("CAT-")}
        assert len(made) == 200
        assert all(p.image for p in made.values())
        assert made["CAT-0007"].customs_description == "Cotton shirt 7"
        assert made["CAT-0007"].customs_tariff_code_receiving_country == "6109100010"

    # change 10 (5 product fields, 5 images), delete 5 rows
    for row in rows[:5]:
        row["customs_value"] = "99.00"
    for n, row in enumerate(rows[5:10], start=5):
        (images / row["image_file"]).write_bytes(png(900, 900, 200 + n))
    kept = rows[:195]
    write_catalog(tmp_path, kept)
    with sandbox.state.lock:
        ids = {sku: p.id for sku, p in sandbox.state.products.items()}
    sandbox.control.faults.clear()  # empties the request log

    code, second, _ = run_json("catalog", "sync", str(export), "--images", str(images), env=env)
    assert code == 0, second
    assert second["updated"] == [f"CAT-{n:04d}" for n in range(10)]
    assert second["deleted"] == [f"CAT-{n:04d}" for n in range(195, 200)]
    assert second["counts"]["unchanged"] == 185
    sent = [c for c in calls(sandbox) if c[1] != "/v2/token"]
    # products are found by SKU, then changed and deleted by 7S's id (never the SKU)
    assert sorted(sent) == sorted(
        [("GET", "/v2/products")] * 10
        + [("PUT", f"/v2/products/{ids[f'CAT-{n:04d}']}") for n in range(5)]
        + [("PUT", "/v2/product_images")] * 5
        + [("DELETE", f"/v2/products/{ids[f'CAT-{n:04d}']}") for n in range(195, 200)]
    )
    with sandbox.state.lock:
        assert sandbox.state.products["CAT-0001"].customs_item_value == "99.00"
        assert "CAT-0197" not in sandbox.state.products
        assert demo_skus <= set(sandbox.state.products)  # never synced here: never deleted

    sandbox.control.faults.clear()
    code, third, _ = run_json("catalog", "sync", str(export), "--images", str(images), env=env)
    assert code == 0, third
    assert third["counts"]["unchanged"] == 195
    assert calls(sandbox) == []  # nothing changed: not even a token is fetched

    kept[0]["name"] = "Renamed product"  # the name is the customs text only when none is given
    kept[1]["customs_description"] = "Linen shirt"
    write_catalog(tmp_path, kept)
    code, dry, _ = run_json(
        "catalog", "sync", str(export), "--images", str(images), "--dry-run", env=env
    )
    assert code == 0, dry
    assert dry["dry_run"] is True
    assert dry["updated"] == ["CAT-0001"]
    assert calls(sandbox) == []


@pytest.mark.asyncio
async def test_bad_rows_and_images_do_not_stop_the_others(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    rows = catalog_rows(6, prefix="BAD")
    images = tmp_path / "images"
    write_images(images, rows)
    rows[1]["ean"] = "4000000000001"  # wrong check digit: the row is refused
    (images / rows[2]["image_file"]).write_bytes(b"GIF89a not a png at all")
    (images / rows[3]["image_file"]).write_bytes(png(400, 300))  # small and not square
    (images / rows[4]["image_file"]).unlink()
    rows[5]["image_file"] = "BAD-0005.jpg"
    (images / "BAD-0005.jpg").write_bytes(jpeg_header(1200, 1200))
    export = write_catalog(tmp_path, rows)
    synced_before = {"BAD-0001"}

    async with bench(sandbox, tmp_path) as (_, wf):
        listing = await load_catalog(export)
        summary = await wf.catalog.sync(listing, images_folder(export, images))
        failed = {f.sku: f.reason for f in summary.failed}
        assert set(failed) == {"BAD-0001", "BAD-0002", "BAD-0004"}
        assert "check digit" in failed["BAD-0001"]
        assert "not a PNG or JPEG" in failed["BAD-0002"]
        assert "cannot be read" in failed["BAD-0004"]
        kinds = {f.sku: f.note.kind for f in summary.failed if f.note is not None}
        assert kinds == {  # what the window words (never the English reason)
            "BAD-0001": NoteKind.EXPORT_COLUMN,
            "BAD-0002": NoteKind.IMAGE_REJECTED,
            "BAD-0004": NoteKind.IMAGE_UNREADABLE,
        }
        assert any("400×300" in w and "800×800" in w for w in summary.warnings)
        assert any("not square" in w for w in summary.warnings)
        assert set(summary.created) == {"BAD-0000", "BAD-0002", "BAD-0003", "BAD-0004", "BAD-0005"}
        assert set(summary.images_uploaded) == {"BAD-0000", "BAD-0003", "BAD-0005"}
        with sandbox.state.lock:
            assert (sandbox.state.products["BAD-0005"].image or "").endswith(".jpg")
            assert synced_before.isdisjoint(sandbox.state.products)

        # an unreadable row must not delete the product it may stand for
        rows[3]["sku"] = ""
        write_catalog(tmp_path, rows)
        again = await wf.catalog.sync(await load_catalog(export), images_folder(export, images))
        assert again.deleted == ()
        assert any("were not deleted" in w for w in again.warnings)
        with sandbox.state.lock:
            assert "BAD-0003" in sandbox.state.products
